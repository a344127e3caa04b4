//! Bulk conversion end to end: a folder of a few hundred files with bad ones
//! mixed in, a zip archive of attachments, duplicates, the SQLite sink and
//! its resume after a kill.

mod samplegen;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("runs")
}

const GOOD: usize = 240;
const IN_ZIP: usize = 20;

/// Writes the test folder; returns (folder, number of good reports).
fn make_folder(root: &Path) -> PathBuf {
    let dir = root.join("in");
    std::fs::create_dir_all(dir.join("sub")).expect("mkdir");
    for i in 0..GOOD {
        let sub = if i % 3 == 0 { "sub/" } else { "" };
        let bytes = samplegen::docx_bytes(&samplegen::document_xml(&samplegen::numbered(i)));
        std::fs::write(dir.join(format!("{sub}r{i:04}.docx")), bytes).expect("write");
    }
    // Bad files, each for its own reason.
    std::fs::write(dir.join("empty.pdf"), b"").expect("write");
    let good = std::fs::read(dir.join("r0001.docx")).expect("read");
    std::fs::write(dir.join("truncated.docx"), &good[..good.len() / 2]).expect("write");
    // A password-protected DOCX: an OLE2 file holding the encrypted package.
    let mut encrypted = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("cfb");
    encrypted.create_stream("/EncryptionInfo").expect("stream");
    encrypted.create_stream("/EncryptedPackage").expect("stream");
    encrypted.flush().expect("flush");
    std::fs::write(dir.join("protected.docx"), encrypted.into_inner().into_inner()).expect("write");
    std::fs::write(dir.join("notes.txt"), [0u8, 159, 146, 150, 0, 1, 2].repeat(100)).expect("write");
    let no_tables = samplegen::docx_bytes(
        r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>会议通知</w:t></w:r></w:p></w:body></w:document>"#,
    );
    std::fs::write(dir.join("notice.docx"), no_tables).expect("write");
    // Mislabelled: a DOCX report named .pdf converts as the DOCX it is.
    std::fs::write(
        dir.join("mislabelled.pdf"),
        samplegen::docx_bytes(&samplegen::document_xml(&samplegen::numbered(9000))),
    )
    .expect("write");
    // A duplicate of a good file.
    std::fs::write(dir.join("copy_of_r0002.docx"), std::fs::read(dir.join("r0002.docx")).expect("read"))
        .expect("write");
    // A zip archive of attachments, with a GBK-less UTF-8 member name.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        for i in 0..IN_ZIP {
            zip.start_file(format!("附件/report_{i}.docx"), opts).expect("entry");
            zip.write_all(&samplegen::docx_bytes(&samplegen::document_xml(&samplegen::numbered(5000 + i))))
                .expect("write");
        }
        zip.start_file("readme.md", opts).expect("entry");
        zip.write_all(b"not an input").expect("write");
        zip.finish().expect("finish");
    }
    std::fs::write(dir.join("attachments.zip"), buf.into_inner()).expect("write");
    dir
}

fn records(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path).expect("output").lines().map(|l| serde_json::from_str(l).expect("json")).collect()
}

#[test]
fn a_folder_with_bad_files_and_an_archive() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = make_folder(tmp.path());
    let out = tmp.path().join("out.jsonl");
    let o = nianbao(&["convert", dir.to_str().expect("p"), "-o", out.to_str().expect("p"), "--jobs", "2"]);
    assert_eq!(o.status.code(), Some(1), "some failed");
    let recs = records(&out);
    let reports: Vec<&serde_json::Value> = recs.iter().filter(|r| r["schema"] == "nianbao/report/v1").collect();
    assert_eq!(reports.len(), GOOD + IN_ZIP + 1, "every good file converted");
    let errors: Vec<(String, String)> = recs
        .iter()
        .filter(|r| r["schema"] == "nianbao/error/v1")
        .map(|r| {
            let name = r["source"]["path"].as_str().unwrap_or("").rsplit('/').next().unwrap_or("").to_string();
            (name, r["error"]["code"].as_str().unwrap_or("").to_string())
        })
        .collect();
    let mut errors = errors;
    errors.sort();
    let want = [
        ("empty.pdf", "empty"),
        ("notes.txt", "not_a_document"),
        ("notice.docx", "not_a_report"),
        ("protected.docx", "encrypted"),
        ("truncated.docx", "corrupt_zip"),
    ];
    let want: Vec<(String, String)> = want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(errors, want);
    let dups: Vec<&serde_json::Value> = recs.iter().filter(|r| r["schema"] == "nianbao/duplicate/v1").collect();
    assert_eq!(dups.len(), 1);
    // Folders are read in sorted order: the copy comes first, the original is the duplicate.
    assert!(dups[0]["source"]["path"].as_str().unwrap_or("").ends_with("/r0002.docx"), "{:?}", dups[0]);
    assert!(dups[0]["duplicate_of"].as_str().unwrap_or("").ends_with("copy_of_r0002.docx"), "{:?}", dups[0]);
    // Archive members are read in place and named archive!/member.
    let member = reports
        .iter()
        .find(|r| r["source"]["path"].as_str().unwrap_or("").ends_with("attachments.zip!/附件/report_3.docx"));
    assert_eq!(member.map(|r| r["organ"].clone()), Some(serde_json::json!("示例5003号局")));
    // Values come through: 行政许可 is the file's number.
    let r7 =
        reports.iter().find(|r| r["source"]["path"].as_str().unwrap_or("").ends_with("/r0007.docx")).expect("r0007");
    assert_eq!(r7["active_disclosure"]["licensing"]["decisions"], 7);
    assert_eq!(r7["year"], 2024);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("protected.docx: encrypted document"), "{stderr}");
}

#[test]
fn shards_split_the_job_without_overlap() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = make_folder(tmp.path());
    let mut seen = Vec::new();
    for k in 1..=3 {
        let out = tmp.path().join(format!("s{k}.jsonl"));
        let shard = format!("{k}/3");
        nianbao(&["convert", dir.to_str().expect("p"), "-o", out.to_str().expect("p"), "--shard", &shard, "-q"]);
        seen.extend(records(&out).into_iter().map(|r| r["source"]["path"].as_str().unwrap_or("").to_string()));
    }
    let total = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), total, "no file in two shards");
    assert!(total >= GOOD + IN_ZIP + 5);
}

fn dump(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut out = Vec::new();
    for table in ["reports", "cell_values", "checks", "warnings", "errors", "duplicates"] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).expect("select");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |row| {
                let vals: Vec<String> =
                    (0..n).map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).ok())).collect();
                Ok(format!("{table}: {}", vals.join(" | ")))
            })
            .expect("query");
        out.extend(rows.map(|r| r.expect("row")));
    }
    out.sort();
    out
}

#[test]
fn sqlite_matches_jsonl_and_resumes_after_a_kill() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = make_folder(tmp.path());
    let d = dir.to_str().expect("p");
    let whole = tmp.path().join("whole.sqlite");
    let o = nianbao(&["convert", d, "-o", whole.to_str().expect("p"), "-q"]);
    assert_eq!(o.status.code(), Some(1));

    // The database opens in the sqlite3 shell, where it has the tool.
    if let Ok(o) =
        Command::new("sqlite3").arg(&whole).arg("select count(*) from reports; select count(*) from errors;").output()
    {
        assert_eq!(
            String::from_utf8_lossy(&o.stdout).split_whitespace().collect::<Vec<_>>(),
            [format!("{}", GOOD + IN_ZIP + 1), "5".to_string()]
        );
    }

    // The values in the database are those of the JSONL output.
    let jsonl = tmp.path().join("out.jsonl");
    nianbao(&["convert", d, "-o", jsonl.to_str().expect("p"), "-q"]);
    let conn = rusqlite::Connection::open(&whole).expect("open");
    let mut compared = 0;
    for r in records(&jsonl).iter().filter(|r| r["schema"] == "nianbao/report/v1") {
        let sha = r["source"]["sha256"].as_str().expect("sha");
        let mut stmt = conn.prepare("SELECT key, value FROM cell_values WHERE sha256 = ?1").expect("select");
        let rows =
            stmt.query_map([sha], |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<f64>>(1)?))).expect("q");
        for row in rows {
            let (key, value) = row.expect("row");
            let json = key.split('.').fold(r.clone(), |v, k| v[k].clone());
            assert_eq!(json.as_f64(), value, "{sha} {key}");
            compared += 1;
        }
    }
    assert!(compared > (GOOD + IN_ZIP) * 200, "{compared}");

    // Kill a run once something is committed, run again: same database.
    let resumed = tmp.path().join("resumed.sqlite");
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["convert", d, "-o", resumed.to_str().expect("p"), "-q", "--jobs", "1"])
        .spawn()
        .expect("spawn");
    for _ in 0..400 {
        std::thread::sleep(std::time::Duration::from_millis(5));
        let committed = rusqlite::Connection::open(&resumed)
            .and_then(|c| c.query_row("SELECT count(*) FROM reports", [], |r| r.get::<_, i64>(0)))
            .unwrap_or(0);
        if committed > 0 {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let o = nianbao(&["convert", d, "-o", resumed.to_str().expect("p")]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(dump(&resumed), dump(&whole));
}
