//! National scale: Parquet read back by pyarrow, SQLite shards merged, the
//! compact database layout, an output that fails rescued into JSON Lines.

mod samplegen;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("runs")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `n` distinct generated reports and one file that is not a report.
fn make_folder(root: &Path, n: usize) -> PathBuf {
    let dir = root.join("in");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for i in 0..n {
        let bytes = samplegen::docx_bytes(&samplegen::document_xml(&samplegen::numbered(i)));
        std::fs::write(dir.join(format!("r{i:04}.docx")), bytes).expect("write");
    }
    std::fs::write(dir.join("empty.pdf"), b"").expect("write");
    dir
}

fn has_pyarrow() -> bool {
    Command::new("python3").args(["-c", "import pyarrow"]).output().is_ok_and(|o| o.status.success())
}

/// Compares every value of the Parquet files with the JSONL records.
const COMPARE: &str = r#"
import json, sys
import pyarrow.parquet as pq
jsonl, long_path, wide_path = sys.argv[1:4]
reports = {}
for line in open(jsonl, encoding="utf-8"):
    r = json.loads(line)
    if r["schema"] == "nianbao/report/v1":
        reports[r["source"]["sha256"]] = r
def leaf(r, key):
    v = r
    for part in key.split("."):
        v = v[part]
    return v
long = pq.read_table(long_path).to_pylist()
values = [row for row in long if row["record"] == "value"]
errors = [row for row in long if row["record"] == "error"]
bad = sum(1 for row in values if leaf(reports[row["sha256"]], row["key"]) != row["value"])
leaves = sum(1 for row in values)
wide = pq.read_table(wide_path)
rows = wide.to_pylist()
leaf_names = [n for n in wide.column_names if "." in n]
assert all(row["organ_key"] == reports[row["sha256"]]["organ_key"] for row in rows if row["error"] is None)
assert all(row["organ_key"] == reports[row["sha256"]]["organ_key"] for row in values)
wide_bad = 0
wide_cells = 0
for row in rows:
    if row["error"] is not None:
        continue
    r = reports[row["sha256"]]
    for name in leaf_names:
        try:
            want = leaf(r, name)
        except KeyError:
            want = None
        wide_cells += 1
        if want != row[name]:
            wide_bad += 1
types = {str(wide.schema.field(n).type) for n in leaf_names}
print(len(reports), leaves, bad, len(errors), len(rows), wide_cells, wide_bad, ",".join(sorted(types)))
"#;

#[test]
fn parquet_long_and_wide_hold_every_value_of_the_jsonl() {
    if !has_pyarrow() {
        eprintln!("skipped: python3 with pyarrow not found (pip install pyarrow)");
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = make_folder(tmp.path(), 30);
    let (jsonl, long, wide) = (tmp.path().join("a.jsonl"), tmp.path().join("l.parquet"), tmp.path().join("w.parquet"));
    assert_eq!(nianbao(&["convert", s(&dir), "-o", s(&jsonl), "-q"]).status.code(), Some(1));
    assert_eq!(nianbao(&["convert", s(&dir), "-o", s(&long), "-q"]).status.code(), Some(1));
    assert_eq!(nianbao(&["convert", s(&dir), "-o", s(&wide), "--wide", "-q"]).status.code(), Some(1));
    let o = Command::new("python3").args(["-c", COMPARE, s(&jsonl), s(&long), s(&wide)]).output().expect("python");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    let f: Vec<&str> = out.split_whitespace().collect();
    assert_eq!(f[0], "30", "reports: {out}");
    assert_eq!(f[1].parse::<usize>().expect("n"), 30 * 207, "one long row per leaf: {out}");
    assert_eq!(f[2], "0", "long values differing from the JSONL: {out}");
    assert_eq!(f[3], "1", "the empty file is an error row: {out}");
    assert_eq!(f[4], "31", "one wide row per file: {out}");
    assert!(f[5].parse::<usize>().expect("n") >= 30 * 207, "{out}");
    assert_eq!(f[6], "0", "wide values differing from the JSONL: {out}");
    assert_eq!(f[7], "double,int64", "counts are integers, amounts decimals: {out}");
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect("query")
}

#[test]
fn sqlite_shards_merge_into_the_whole_each_report_once() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = make_folder(tmp.path(), 40);
    let whole = tmp.path().join("whole.sqlite");
    assert_eq!(nianbao(&["convert", s(&dir), "-o", s(&whole), "-q"]).status.code(), Some(1));
    let mut shards = Vec::new();
    for k in 1..=3 {
        let p = tmp.path().join(format!("part{k}.sqlite"));
        let shard = format!("{k}/3");
        nianbao(&["convert", s(&dir), "-o", s(&p), "--shard", &shard, "-q"]);
        shards.push(p);
    }
    let all = tmp.path().join("all.sqlite");
    // A shard named twice is kept once.
    let o = nianbao(&["merge", s(&shards[0]), s(&shards[1]), s(&shards[2]), s(&shards[0]), "-o", s(&all)]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.contains("40 reports added"), "{said}");
    for sql in [
        "select count(*) from reports",
        "select count(*) from cell_values",
        "select count(*) from errors",
        "select cast(sum(value) as integer) from cell_values where key = 'applications.new_received.total'",
        "select count(*) from cell_values where raw is not null and raw != ''",
    ] {
        assert_eq!(count(&all, sql), count(&whole, sql), "{sql}");
    }
    assert_eq!(count(&all, "select count(*) from reports"), 40);
    // The same labels, values and raw text through the view.
    let q = "select group_concat(sha256 || key || ifnull(tbl,'') || ifnull(row_label,'') || ifnull(col_label,'') \
             || ifnull(value,'') || ifnull(raw,'~'), '|') from (select * from cell_values order by sha256, key)";
    let text = |db: &Path| -> String {
        rusqlite::Connection::open(db).expect("open").query_row(q, [], |r| r.get(0)).expect("query")
    };
    assert_eq!(text(&all), text(&whole));
}

#[test]
fn the_database_is_compact_and_the_readme_query_works() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = make_folder(tmp.path(), 300);
    let db = tmp.path().join("all.sqlite");
    assert_eq!(nianbao(&["convert", s(&dir), "-o", s(&db), "-q"]).status.code(), Some(1));
    let bytes = std::fs::metadata(&db).expect("db").len();
    assert!(bytes / 300 < 15_000, "{} bytes a report", bytes / 300);
    let conn = rusqlite::Connection::open(&db).expect("open");
    let rows: Vec<(String, i64, f64)> = conn
        .prepare(
            "select organ, year, value from cell_values join reports using (sha256)
             where key = 'applications.new_received.total' order by organ, year",
        )
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(rows.len(), 300);
    // The JSON of a report comes back whole from its compressed column.
    let z: Vec<u8> = conn.query_row("select report_json_z from reports limit 1", [], |r| r.get(0)).expect("z");
    let mut json = String::new();
    std::io::Read::read_to_string(&mut flate2::read::ZlibDecoder::new(&z[..]), &mut json).expect("inflate");
    assert!(json.starts_with(r#"{"schema":"nianbao/report/v1""#), "{json}");
    // Raw text is stored only where it differs from the value's own text.
    let stored: i64 = conn.query_row("select count(*) from cell where raw is not null", [], |r| r.get(0)).expect("n");
    let cells: i64 = conn.query_row("select count(*) from cell", [], |r| r.get(0)).expect("n");
    assert!(stored * 10 < cells, "{stored} of {cells} cells keep their raw text");
}

#[test]
fn an_old_layout_database_is_refused_with_what_to_do() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("old.sqlite");
    rusqlite::Connection::open(&db)
        .expect("open")
        .execute_batch("CREATE TABLE reports (sha256 TEXT PRIMARY KEY, report_json TEXT);")
        .expect("old");
    let o = nianbao(&["convert", "samples/basic_2021.docx", "-o", s(&db)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("earlier nianbao") && err.contains("convert into a new file"), "{err}");
}

#[test]
fn an_output_that_cannot_be_written_leaves_its_records_in_jsonl() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = make_folder(tmp.path(), 5);
    // A folder where the workbook should go: the workbook cannot be saved.
    let out = tmp.path().join("all.xlsx");
    std::fs::create_dir(&out).expect("mkdir");
    let o = nianbao(&["convert", s(&dir), "-o", s(&out), "-q"]);
    assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    let rescue = tmp.path().join("all.xlsx.rescued.jsonl");
    assert!(err.contains(s(&rescue)), "{err}");
    let text = std::fs::read_to_string(&rescue).expect("rescued");
    let reports = text.lines().filter(|l| l.contains(r#""schema":"nianbao/report/v1""#)).count();
    assert_eq!(reports, 5, "{text}");
    assert!(text.contains("nianbao/error/v1"), "the failed file is listed too");
    assert!(!tmp.path().join(".all.xlsx.spool.jsonl").exists());
}
