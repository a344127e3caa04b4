//! The command line end to end: formats, errors in a batch, exit statuses.

use std::path::Path;
use std::process::{Command, Output};

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn convert_jsonl_to_stdout_by_default() {
    let o = nianbao(&["convert", "samples/basic_2021.docx"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1);
    let r: serde_json::Value = serde_json::from_str(lines[0]).expect("json");
    assert_eq!(r["schema"], "nianbao/report/v1");
    assert_eq!(r["source"]["format"], "docx");
    assert_eq!(r["applications"]["granted"]["total"], 15);
}

#[test]
fn a_bad_file_is_listed_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().expect("tmp");
    let bad = dir.path().join("broken.docx");
    std::fs::write(&bad, b"PK\x03\x04 not really a zip").expect("write");
    let out = dir.path().join("out.jsonl");
    let o = nianbao(&[
        "convert",
        "-o",
        out.to_str().expect("utf8"),
        "samples/basic_2021.docx",
        bad.to_str().expect("utf8"),
        "samples/inconsistent.docx",
    ]);
    assert_eq!(o.status.code(), Some(1), "some failed");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("broken.docx"), "{stderr}");
    let text = std::fs::read_to_string(&out).expect("output");
    let recs: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).expect("json")).collect();
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["organ"], "示例市人民政府办公室");
    assert_eq!(recs[1]["schema"], "nianbao/error/v1");
    assert_eq!(recs[1]["error"]["code"], "corrupt_zip");
    assert_eq!(recs[2]["checks"].as_array().map(Vec::len), Some(6));
}

#[test]
fn json_array_csv_and_long_csv() {
    let dir = tempfile::tempdir().expect("tmp");
    let json = dir.path().join("all.json");
    assert_eq!(nianbao(&["convert", "samples", "-o", json.to_str().expect("p")]).status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).expect("r")).expect("array");
    let inputs =
        std::fs::read_dir("samples").expect("samples").filter(|e| e.as_ref().is_ok_and(|e| e.path().is_file())).count();
    // Reports, then the cross-year records (the panel samples carry a mismatch).
    let reports = v.as_array().map(|a| a.iter().filter(|r| r["schema"] == "nianbao/report/v1").count());
    assert_eq!(reports, Some(inputs), "every sample converts");
    assert!(inputs >= 4);

    let csv = dir.path().join("wide.csv");
    assert_eq!(
        nianbao(&["convert", "samples/basic_2021.docx", "-o", csv.to_str().expect("p"), "--lang", "en"]).status.code(),
        Some(0)
    );
    let mut rd = csv::Reader::from_path(&csv).expect("csv");
    let header = rd.headers().expect("header").clone();
    let row = rd.records().next().expect("row").expect("record");
    let col = header.iter().position(|h| h == "applications.new_received.total").expect("column");
    assert_eq!(&row[col], "35");
    let col = header.iter().position(|h| h == "active_disclosure.fees.amount").expect("column");
    assert_eq!(&row[col], "12.5");

    let long = dir.path().join("long.csv");
    let o = nianbao(&["convert", "samples/single_other_nulls.docx", "-o", long.to_str().expect("p"), "--long"]);
    assert_eq!(o.status.code(), Some(0));
    let mut rd = csv::Reader::from_path(&long).expect("csv");
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.expect("record")).collect();
    let cell = rows.iter().find(|r| &r[4] == "applications.denied_other_law.social_welfare").expect("row");
    assert_eq!((&cell[5], &cell[8], &cell[9]), ("表三", "", "无"), "null value, raw text kept");
    let cell = rows.iter().find(|r| &r[4] == "applications.other.total").expect("row");
    assert_eq!(&cell[8], "1");
}

#[test]
fn xlsx_has_its_four_sheets() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("out.xlsx");
    let o = nianbao(&["convert", "samples", "-o", out.to_str().expect("p")]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&out).expect("xlsx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut workbook = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").expect("workbook"), &mut workbook).expect("read");
    for sheet in ["reports", "cells", "checks", "errors"] {
        assert!(workbook.contains(&format!("name=\"{sheet}\"")), "{sheet}");
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(nianbao(&["convert"]).status.code(), Some(2));
    assert_eq!(nianbao(&["convert", "no/such/file.docx"]).status.code(), Some(2));
    assert_eq!(nianbao(&["convert", "samples", "-o", "out.unknown"]).status.code(), Some(2));
    assert_eq!(nianbao(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn tables_prints_grids_and_json() {
    let o = nianbao(&["tables", "samples/basic_2021.docx"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.contains("table 1: 28 rows × 10 columns"), "{text}");
    let o = nianbao(&["tables", "--json", "samples/basic_2021.docx"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let corner = &v["tables"][1]["cells"][0];
    assert_eq!((corner["row_span"].as_u64(), corner["col_span"].as_u64()), (Some(3), Some(3)));
}

#[test]
fn check_reports_failing_rules() {
    let o = nianbao(&["check", "samples/inconsistent.docx", "samples/basic_2021.docx"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("FAIL samples/inconsistent.docx"), "{text}");
    assert!(text.contains("reviews.total"), "{text}");
    assert!(text.contains("ok   samples/basic_2021.docx"), "{text}");
}

#[test]
fn schema_is_json_schema_of_a_report() {
    let o = nianbao(&["schema"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(v["properties"]["applications"].is_object() || v["$defs"]["Applications"].is_object(), "{v}");
    assert!(Path::new("samples").is_dir());
}
