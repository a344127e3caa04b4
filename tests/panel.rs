//! Year over year on the project's own samples (tests/panelgen): organ keys,
//! `nianbao compare` with its exact changes, carry mismatches, indicators,
//! repeated text, the 2019/2021 template pair, a missing year, the organ map,
//! and the panel in the CSV, XLSX and SQLite outputs.

mod panelgen;
mod samplegen;
mod webgen;

use std::process::{Command, Output};

use serde_json::{Value, json};

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("runs")
}

fn panel_files() -> Vec<String> {
    panelgen::files().into_iter().map(|(name, _)| format!("samples/{name}")).collect()
}

/// `nianbao compare --json` over the panel samples: the records in order.
fn compare(map: bool) -> Vec<Value> {
    let files = panel_files();
    let mut args: Vec<&str> = vec!["compare", "--json", "-q"];
    args.extend(files.iter().map(String::as_str));
    if map {
        args.extend(["--organ-map", panelgen::ORGAN_MAP_PATH]);
    }
    let o = nianbao(&args);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).lines().map(|l| serde_json::from_str(l).expect("json line")).collect()
}

fn find<'a>(recs: &'a [Value], key: &str, to: i64) -> &'a Value {
    recs.iter().find(|r| r["organ_key"] == key && r["to"]["year"] == to).unwrap_or_else(|| panic!("{key} {to}"))
}

#[test]
fn panel_samples_are_what_the_generator_makes() {
    for (name, bytes) in panelgen::files() {
        let path = format!("samples/{name}");
        assert!(std::fs::read(&path).expect("sample") == bytes, "{path}: run `cargo run --example make_samples`");
    }
    assert_eq!(std::fs::read_to_string(panelgen::ORGAN_MAP_PATH).expect("map"), panelgen::ORGAN_MAP);
}

#[test]
fn panel_samples_convert_to_their_expected_output() {
    for (name, _) in panelgen::files() {
        let path = format!("samples/{name}");
        let report = nianbao::convert_file(std::path::Path::new(&path)).expect("converts");
        let stem = name.split('.').next().unwrap_or(&name);
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(format!("samples/expected/{stem}.json")).expect("expected"))
                .expect("json");
        assert_eq!(serde_json::to_value(&report).expect("json"), expected, "{path}");
        assert!(report.checks.is_empty() && report.warnings.is_empty(), "{path}");
    }
}

#[test]
fn one_record_per_consecutive_pair() {
    let recs = compare(true);
    let pairs: Vec<(String, i64, i64)> = recs
        .iter()
        .map(|r| {
            assert_eq!(r["schema"], "nianbao/compare/v1");
            (
                r["organ_key"].as_str().expect("key").to_string(),
                r["from"]["year"].as_i64().expect("year"),
                r["to"]["year"].as_i64().expect("year"),
            )
        })
        .collect();
    let want = [
        ("东湖区人民政府", 2020, 2021),
        ("东湖区人民政府", 2021, 2022),
        ("东湖区人民政府", 2022, 2023),
        ("示例县农业农村局", 2021, 2023),
    ];
    assert_eq!(pairs, want.map(|(k, a, b)| (k.to_string(), a, b)).to_vec());
    // Without the map, the renamed bureau is two organs of one year each.
    assert_eq!(compare(false).len(), 3);
}

#[test]
fn exact_changes_carry_indicators_and_repeated_text() {
    let recs = compare(true);
    let r = find(&recs, "东湖区人民政府", 2023);
    assert_eq!(r["organ"], "东湖区政府");
    assert_eq!(r["from"]["path"], "samples/panel_donghu_2022.docx");
    assert_eq!(r["to"]["organ"], "东湖区政府");
    let changes: Vec<(String, Value, Value)> = r["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| (c["key"].as_str().expect("key").to_string(), c["from"].clone(), c["to"].clone()))
        .collect();
    let want: Vec<(&str, Value, Value)> = vec![
        ("active_disclosure.licensing.decisions", json!(1520), json!(1600)),
        ("active_disclosure.fees.amount", json!(12.5), Value::Null),
        ("applications.new_received.natural_person", json!(35), json!(28)),
        ("applications.new_received.total", json!(35), json!(28)),
        ("applications.carried_over.natural_person", json!(3), json!(5)),
        ("applications.carried_over.total", json!(3), json!(5)),
        ("applications.granted.natural_person", json!(20), json!(13)),
        ("applications.granted.total", json!(20), json!(13)),
        ("applications.total.natural_person", json!(35), json!(28)),
        ("applications.total.total", json!(35), json!(28)),
        ("applications.carried_forward.natural_person", json!(3), json!(5)),
        ("applications.carried_forward.total", json!(3), json!(5)),
        ("reviews_lawsuits.review.corrected", json!(1), json!(0)),
        ("reviews_lawsuits.review.other", json!(0), json!(1)),
    ];
    assert_eq!(changes, want.into_iter().map(|(k, a, b)| (k.to_string(), a, b)).collect::<Vec<_>>());
    assert_eq!(r["not_comparable"], json!([]));
    assert_eq!(r["missing_years"], json!([]));
    assert_eq!(
        r["carry"],
        json!([
            {"column": "total", "expected": 3, "found": 5},
            {"column": "natural_person", "expected": 3, "found": 5},
        ])
    );
    let ind = &r["indicators"];
    assert_eq!(ind["new_received"], json!({"from": 35, "to": 28, "change": -7}));
    assert_eq!(ind["granted_share"], json!({"from": 0.5714, "to": 0.4643, "change": -0.1071}));
    assert_eq!(ind["denied_share"], json!({"from": 0.1143, "to": 0.1429, "change": 0.0286}));
    assert_eq!(ind["reviews"], json!({"from": 4, "to": 4, "change": 0}));
    assert_eq!(ind["review_corrected_share"], json!({"from": 0.25, "to": 0, "change": -0.25}));
    assert_eq!(ind["lawsuits"], json!({"from": 2, "to": 2, "change": 0}));
    assert_eq!(ind["lawsuit_corrected_share"], json!({"from": 0.5, "to": 0.5, "change": 0}));
    // 五: one of two sentences copied (13 of 29 characters); 一: all of it.
    assert_eq!(r["sections"]["problems"], json!({"share": 0.4483, "repeated": ["一是政策解读形式较为单一。"]}));
    assert_eq!(r["sections"]["overview"]["share"], json!(1.0));

    let earlier = find(&recs, "东湖区人民政府", 2022);
    assert_eq!(earlier["carry"], json!([]));
    assert_eq!(earlier["changes"].as_array().map(Vec::len), Some(27));
}

#[test]
fn templates_2019_and_2021_compare_only_shared_leaves() {
    let recs = compare(true);
    let r = find(&recs, "东湖区人民政府", 2021);
    assert_eq!((r["from"]["template"].as_str(), r["to"]["template"].as_str()), (Some("2019"), Some("2021")));
    let nc: Vec<&str> = r["not_comparable"].as_array().expect("list").iter().filter_map(Value::as_str).collect();
    // 2021-only 表二 leaves (6 + 1 fee), 2019-only ones (6 documents, 2
    // licensing, 3 other services, 2 + 2 penalties and coercion, 2 fees, 2
    // procurement), 表三 （六） itemised (3 rows) against one row, × 7 columns.
    assert_eq!(nc.len(), 7 + 19 + 4 * 7, "{nc:?}");
    for key in [
        "active_disclosure.regulations.issued",
        "active_disclosure.fees.amount",
        "active_disclosure.procurement.amount",
        "active_disclosure.licensing.change",
        "applications.other.total",
        "applications.other_misc.total",
    ] {
        assert!(nc.contains(&key), "{key}");
    }
    let changes = r["changes"].as_array().expect("changes");
    assert!(changes.iter().all(|c| !nc.contains(&c["key"].as_str().unwrap_or(""))));
    assert_eq!(changes.len(), 18);
    let licensing = changes.iter().find(|c| c["key"] == "active_disclosure.licensing.decisions").expect("shared");
    assert_eq!((&licensing["from"], &licensing["to"]), (&json!(1250), &json!(1300)));
    assert_eq!(r["carry"], json!([]), "2020's 结转下年度 2 is 2021's 上年结转");
}

#[test]
fn a_missing_year_is_said_and_the_street_office_stays_apart() {
    let recs = compare(true);
    let r = find(&recs, "示例县农业农村局", 2023);
    assert_eq!(r["missing_years"], json!([2022]));
    assert_eq!((r["carry_checked"].as_bool(), r["carry"].as_array().map(Vec::len)), (Some(false), Some(0)));
    assert!(recs.iter().all(|r| r["organ_key"] != "东湖区百花街道办事处"));

    let o = nianbao(&["convert", "samples/panel_baihua_2023.docx", "samples/panel_donghu_2023.docx"]);
    let keys: Vec<Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("json")["organ_key"].clone())
        .collect();
    assert_eq!(keys, vec![json!("东湖区百花街道办事处"), json!("东湖区人民政府")]);

    // The readable table: changes first, the gap said.
    let o = nianbao(&[
        "compare",
        "samples/panel_farm_2021.docx",
        "samples/panel_farm_2023.docx",
        "--organ-map",
        panelgen::ORGAN_MAP_PATH,
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("missing year: 2022"), "{text}");
    assert!(text.find("changes:") < text.find("indicators:"), "{text}");
}

#[test]
fn usage_errors() {
    assert_eq!(nianbao(&["convert", "samples/panel_farm_2021.docx", "-o", "x.xlsx", "--panel"]).status.code(), Some(2));
    assert_eq!(
        nianbao(&["compare", "samples/panel_farm_2021.docx", "--organ-map", "no/such.csv"]).status.code(),
        Some(2)
    );
    let o = nianbao(&["compare", "samples/panel_farm_2021.docx", "--organ-map", "samples/panel_farm_2021.docx"]);
    assert_eq!(o.status.code(), Some(2), "not a name,key CSV");
}

#[test]
fn the_panel_in_csv_xlsx_and_sqlite() {
    let dir = tempfile::tempdir().expect("tmp");
    let files = panel_files();
    let run = |out: &std::path::Path, extra: &[&str]| {
        let mut args: Vec<&str> =
            vec!["convert", "-q", "-o", out.to_str().expect("p"), "--organ-map", panelgen::ORGAN_MAP_PATH];
        args.extend(extra);
        args.extend(files.iter().map(String::as_str));
        let o = nianbao(&args);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let csv_path = dir.path().join("panel.csv");
    run(&csv_path, &["--panel", "--lang", "en"]);
    let mut rd = csv::Reader::from_path(&csv_path).expect("csv");
    let header = rd.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name}"));
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.expect("row")).collect();
    let keyed: Vec<(&str, &str)> = rows.iter().map(|r| (&r[col("organ_key")], &r[col("year")])).collect();
    assert_eq!(
        keyed,
        [
            ("东湖区人民政府", "2020"),
            ("东湖区人民政府", "2021"),
            ("东湖区人民政府", "2022"),
            ("东湖区人民政府", "2023"),
            ("东湖区百花街道办事处", "2023"),
            ("示例县农业农村局", "2021"),
            ("示例县农业农村局", "2023"),
        ]
    );
    let r2023 = &rows[3];
    assert_eq!((&r2023[col("new_received")], &r2023[col("new_received_change")]), ("28", "-7"));
    assert_eq!(&r2023[col("granted_share_change")], "-0.1071");
    assert!(r2023[col("carry_mismatches")].contains("total: 上年结转 5 ≠ 2022 结转下年度 3"));
    assert_eq!(&rows[6][col("new_received_change")], "", "no 2022: no year-over-year change");

    let db = dir.path().join("all.sqlite");
    run(&db, &[]);
    let conn = rusqlite::Connection::open(&db).expect("db");
    type Row = (String, i64, Option<i64>, Option<i64>, Option<f64>, Option<String>);
    let got: Vec<Row> = conn
        .prepare("SELECT organ_key, year, new_received, new_received_change, granted_share_change, carry_mismatches FROM panel")
        .expect("view")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(got.len(), 7);
    assert_eq!(&got[3].0, "东湖区人民政府");
    assert_eq!((got[3].1, got[3].2, got[3].3, got[3].4), (2023, Some(28), Some(-7), Some(-0.1071)));
    assert!(got[3].5.as_deref().is_some_and(|m| m.contains("上年结转")));
    assert_eq!(got[6].3, None);

    let xlsx = dir.path().join("all.xlsx");
    run(&xlsx, &[]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).expect("xlsx")).expect("zip");
    let read = |zip: &mut zip::ZipArchive<std::fs::File>, name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).expect(name), &mut s).expect("read");
        s
    };
    let workbook = read(&mut zip, "xl/workbook.xml");
    assert!(workbook.contains("name=\"panel\""));
    for i in 1..=5 {
        let sheet = read(&mut zip, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(sheet.contains("<autoFilter"), "sheet {i} has an autofilter");
        assert!(sheet.contains("<cols>"), "sheet {i} has column widths");
    }
    let panel = read(&mut zip, "xl/worksheets/sheet5.xml");
    assert!(panel.contains("<v>-7</v>"), "year-over-year change stored as a number");
}
