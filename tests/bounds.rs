//! Every input bounded and named (issue 9): files the user names are
//! converted or reported with a reason, never dropped; hostile inputs are
//! refused with a named error in bounded memory. Memory is the peak resident
//! size (`VmHWM` in /proc/PID/status) of a child process running the binary,
//! polled until it exits; never a timing.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs the binary; returns its exit code, the records it printed and its
/// peak resident memory in MB.
fn run(args: &[&str], dir: &Path) -> (i32, Vec<serde_json::Value>, u64) {
    let out_path = dir.join("stdout.jsonl");
    let out = std::fs::File::create(&out_path).expect("stdout file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::null())
        .spawn()
        .expect("runs");
    // VmHWM only grows, so the last reading before the exit is the peak
    // (spawn returns after exec: the readings are the binary's own).
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0;
    let status = loop {
        if let Ok(s) = std::fs::read_to_string(&status_file)
            && let Some(kb) = s.lines().find_map(|l| l.strip_prefix("VmHWM:"))
        {
            peak_kb = peak_kb.max(kb.trim().trim_end_matches("kB").trim().parse().unwrap_or(0));
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    let text = std::fs::read_to_string(&out_path).expect("stdout");
    let records = text.lines().map(|l| serde_json::from_str(l).expect("a JSON record")).collect();
    (status.code().unwrap_or(-1), records, peak_kb / 1024)
}

fn write(path: &Path, bytes: &[u8]) -> String {
    std::fs::write(path, bytes).expect("write");
    path.to_str().expect("utf-8 path").to_string()
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in members {
        zip.start_file(*name, opts).expect("entry");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("finish");
    buf.into_inner()
}

fn code_of(record: &serde_json::Value) -> &str {
    record["error"]["code"].as_str().unwrap_or("")
}

#[test]
fn a_40_mb_text_file_of_one_line_is_refused_in_small_memory() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = write(&tmp.path().join("dump.txt"), &b"0\t".repeat(20_000_000));
    let (code, records, mb) = run(&["convert", "-q", &file], tmp.path());
    assert_eq!(code, 1);
    assert_eq!(code_of(&records[0]), "not_a_report");
    // Was 1.9 GB: per-word work over the one 40 MB line. (At least the
    // file's own 40 MB: the measure measures.)
    assert!((40..200).contains(&mb), "peak {mb} MB");
}

#[test]
fn a_page_of_100000_nested_divs_is_refused_in_small_memory() {
    let tmp = tempfile::tempdir().expect("tmp");
    let page = format!("<html><body>{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
    let file = write(&tmp.path().join("deep.html"), page.as_bytes());
    let (code, records, mb) = run(&["convert", "-q", &file], tmp.path());
    assert_eq!(code, 1);
    assert_eq!(code_of(&records[0]), "too_complex");
    assert!(records[0]["error"]["message"].as_str().is_some_and(|m| m.contains("deeper than 256")));
    assert!(mb < 100, "peak {mb} MB");
}

#[test]
fn a_page_of_five_million_paragraphs_stays_in_bounds() {
    let tmp = tempfile::tempdir().expect("tmp");
    let page = format!("<html><body>{}", "<p>x".repeat(5_000_000));
    let file = write(&tmp.path().join("long.html"), page.as_bytes());
    let (code, records, mb) = run(&["convert", "-q", &file], tmp.path());
    assert_eq!(code, 1);
    assert_eq!(code_of(&records[0]), "not_a_report");
    // Was 1.9 GB; the bound is max(256 MB, 8 × 20 MB).
    assert!(mb < 256, "peak {mb} MB");
}

#[test]
fn a_docx_inflating_to_one_huge_text_run_stays_in_bounds() {
    let tmp = tempfile::tempdir().expect("tmp");
    let xml = format!(
        r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>"#,
        "政府信息公开".repeat(10_000_000)
    );
    let docx = zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", xml.as_bytes())]);
    let file = write(&tmp.path().join("bomb.docx"), &docx);
    let (code, records, mb) = run(&["convert", "-q", &file], tmp.path());
    assert_eq!(code, 1);
    assert_eq!(code_of(&records[0]), "not_a_report");
    // 180 MB of text from a file of well under 1 MB: was 620 MB.
    assert!(mb < 128, "peak {mb} MB");
}

#[test]
fn a_file_over_max_file_size_is_refused_unread() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = write(&tmp.path().join("big.txt"), &b"x".repeat(3_000_000));
    let (code, records, mb) = run(&["convert", "-q", "--max-file-size", "1MB", &file], tmp.path());
    assert_eq!(code, 1);
    assert_eq!(code_of(&records[0]), "too_large");
    let message = records[0]["error"]["message"].as_str().unwrap_or("");
    assert!(message.contains("3000000 bytes") && message.contains("--max-file-size"), "{message}");
    assert!(mb < 30, "peak {mb} MB");
    // A member of an archive too, judged by its declared size.
    let zip = write(&tmp.path().join("a.zip"), &zip_of(&[("big.txt", &b"y".repeat(3_000_000))]));
    let (code, records, _) = run(&["convert", "-q", "--max-file-size", "1MB", &zip], tmp.path());
    assert_eq!((code, code_of(&records[0])), (1, "too_large"));
    assert_eq!(records[0]["source"]["path"], format!("{zip}!/big.txt"));
}

#[test]
fn a_damaged_docx_named_on_the_command_line_is_an_error_record() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = write(&tmp.path().join("report.docx"), &zip_of(&[("[Content_Types].xml", b"<Types/>")]));
    let (code, records, _) = run(&["convert", "-q", &file], tmp.path());
    assert_eq!(code, 1, "was exit 2, 'no input files found'");
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["source"]["path"], file);
    assert_eq!(code_of(&records[0]), "not_docx");
    assert!(records[0]["error"]["message"].as_str().is_some_and(|m| m.contains("word/document.xml")));
}

#[test]
fn a_named_zip_without_reports_and_a_stale_list_line_are_reported() {
    let tmp = tempfile::tempdir().expect("tmp");
    let zip = write(&tmp.path().join("photos.zip"), &zip_of(&[("a.png", b"png"), ("b.csv", b"1,2")]));
    let good = std::fs::canonicalize("samples/basic_2021.docx").expect("sample");
    let list = tmp.path().join("list.txt");
    std::fs::write(&list, format!("{}\n{}\n", tmp.path().join("gone.pdf").display(), good.display())).expect("list");
    let (code, records, _) = run(&["convert", "-q", &zip, "--from", list.to_str().expect("p")], tmp.path());
    assert_eq!(code, 1);
    assert_eq!(records.len(), 3);
    assert_eq!(code_of(&records[0]), "empty_archive");
    assert_eq!(records[0]["source"]["path"], zip);
    assert_eq!(code_of(&records[1]), "not_found");
    assert_eq!(records[2]["applications"]["new_received"]["total"], 35, "the rest still converts");
}
