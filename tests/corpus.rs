//! The shared corpus with known answers (../shared), when present: every
//! DOCX report exact. Skips cleanly where the folder is absent.

use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dev");
    dir.is_dir().then_some(dir)
}

fn leaf(v: &serde_json::Value, path: &str) -> serde_json::Value {
    path.split('.').fold(v.clone(), |v, k| v.get(k).cloned().unwrap_or(serde_json::Value::Null))
}

#[test]
fn dev_docx_reports_are_exact() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/dev not present");
        return;
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(dir.join("truth")).expect("truth dir") {
        let path = entry.expect("entry").path();
        let truth: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        let file = truth["file"].as_str().expect("file");
        if !file.ends_with(".docx") {
            continue;
        }
        let report = nianbao::convert_file(&dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let got = serde_json::to_value(&report).expect("json");
        for (path, _, _) in report.leaves() {
            let (want, have) = (leaf(&truth, &path), leaf(&got, &path));
            let same = match (want.as_f64(), have.as_f64()) {
                (Some(a), Some(b)) => (a - b).abs() < 1e-9,
                _ => want.is_null() && have.is_null(),
            };
            assert!(same, "{file} {path}: want {want}, got {have}");
        }
        let organs: Vec<&str> = truth["organ"].as_array().expect("organs").iter().filter_map(|o| o.as_str()).collect();
        assert!(organs.contains(&report.organ.as_deref().unwrap_or("")), "{file}: organ {:?}", report.organ);
        assert_eq!(report.year.map(i64::from), truth["year"].as_i64(), "{file}");
        let mut want: Vec<(String, String)> = truth["failing_checks"]
            .as_array()
            .expect("checks")
            .iter()
            .map(|c| (c[0].as_str().unwrap_or("").to_string(), c[1].as_str().unwrap_or("").to_string()))
            .collect();
        let mut have: Vec<(String, String)> =
            report.checks.iter().map(|c| (c.rule.clone(), c.location.clone())).collect();
        want.sort();
        have.sort();
        assert_eq!(have, want, "{file}");
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} DOCX reports checked");
}
