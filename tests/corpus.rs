//! The shared corpora with known answers (../shared), when present: every
//! value exact, the organ one of the accepted names, the year and template
//! right, and exactly the 勾稽 failures the truth lists, for the dev DOCX and
//! their LibreOffice PDFs, the same reports from other PDF producers, the
//! real reports (WPS PDF, web pages) and the flattened-text seeds. Skips
//! cleanly where the folders are absent.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn shared(sub: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared").join(sub);
    dir.is_dir().then_some(dir)
}

fn leaf(v: &Value, path: &str) -> Value {
    path.split('.').fold(v.clone(), |v, k| v.get(k).cloned().unwrap_or(Value::Null))
}

/// Checks every file of `dir` ending in `ext` that has a truth file in `truth`.
fn check(dir: &Path, truth: &Path, ext: &str) -> usize {
    let mut checked = 0;
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("corpus dir").filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries.into_iter().filter(|p| p.extension().is_some_and(|e| e == ext)) {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        // Truth is `<name>.json` (corpora) or `<stem>.json` (real, seeds).
        let name = path.file_name().and_then(|s| s.to_str()).unwrap_or_default();
        let Ok(text) = std::fs::read_to_string(truth.join(format!("{name}.json")))
            .or_else(|_| std::fs::read_to_string(truth.join(format!("{stem}.json"))))
        else {
            continue;
        };
        let want: Value = serde_json::from_str(&text).expect("truth is JSON");
        let report = nianbao::convert_file(&path).unwrap_or_else(|e| panic!("{stem}: {e}"));
        let got = serde_json::to_value(&report).expect("json");
        for (p, _, _) in report.leaves() {
            let (w, h) = (leaf(&want, &p), leaf(&got, &p));
            let same = match (w.as_f64(), h.as_f64()) {
                (Some(a), Some(b)) => (a - b).abs() < 1e-9,
                _ => w.is_null() && h.is_null(),
            };
            assert!(same, "{stem} {p}: want {w}, got {h}");
        }
        let organs: Vec<&str> = want["organ"].as_array().expect("organs").iter().filter_map(|o| o.as_str()).collect();
        assert!(organs.contains(&report.organ.as_deref().unwrap_or("")), "{stem}: organ {:?}", report.organ);
        assert_eq!(report.year.map(i64::from), want["year"].as_i64(), "{stem}");
        assert_eq!(got["template"], want["template"], "{stem}");
        let mut w: Vec<(String, String)> = want["failing_checks"]
            .as_array()
            .expect("checks")
            .iter()
            .map(|c| (c[0].as_str().unwrap_or("").to_string(), c[1].as_str().unwrap_or("").to_string()))
            .collect();
        let mut h: Vec<(String, String)> = report.checks.iter().map(|c| (c.rule.clone(), c.location.clone())).collect();
        w.sort();
        h.sort();
        assert_eq!(h, w, "{stem}");
        checked += 1;
    }
    checked
}

#[test]
fn dev_docx_reports_are_exact() {
    let Some(dir) = shared("corpus/dev") else {
        eprintln!("skipped: ../shared/corpus/dev not present");
        return;
    };
    assert!(check(&dir, &dir.join("truth"), "docx") >= 30);
}

#[test]
fn dev_pdf_reports_are_exact() {
    let Some(dir) = shared("corpus/dev") else {
        eprintln!("skipped: ../shared/corpus/dev not present");
        return;
    };
    assert!(check(&dir, &dir.join("truth"), "pdf") >= 30);
}

/// reportlab (UniGB-UCS2-H, standard-14 digits), a GBK-EUC-H writer and
/// headless Chromium (Type 3 fonts, boxed cells, browser headers).
#[test]
fn other_producers_pdf_reports_are_exact() {
    let Some(dir) = shared("corpus/producers") else {
        eprintln!("skipped: ../shared/corpus/producers not present");
        return;
    };
    assert!(check(&dir, &dir.join("truth"), "pdf") >= 30);
}

#[test]
fn seeds_read_from_flattened_text_are_exact() {
    let (Some(dir), Some(truth)) = (shared("seeds"), shared("truth/seeds")) else {
        eprintln!("skipped: ../shared/seeds not present");
        return;
    };
    assert_eq!(check(&dir, &truth, "txt"), 5);
}

#[test]
fn real_reports_are_exact() {
    let Some(dir) = shared("real") else {
        eprintln!("skipped: ../shared/real not present");
        return;
    };
    assert_eq!(check(&dir, &dir.join("truth"), "html"), 4);
    assert_eq!(check(&dir, &dir.join("truth"), "pdf"), 1);
}
