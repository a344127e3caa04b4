//! Hostile web pages and text files through the whole pipeline and the CLI:
//! binary garbage, invalid UTF-8, a 50 MB line, 10,000-deep nesting, absurd
//! spans, a misnamed page. Each ends in a report or a typed error, never a
//! panic, within seconds.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).output().expect("runs")
}

fn convert(bytes: &[u8]) -> Result<nianbao::Report, nianbao::Error> {
    nianbao::convert_bytes("input", bytes)
}

/// Runs `f` and fails if it takes longer than `secs`.
fn quick<T>(secs: u64, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    assert!(t.elapsed() < Duration::from_secs(secs), "took {:?}", t.elapsed());
    out
}

fn garbage(n: usize, mut state: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 40) as u8
        })
        .collect()
}

#[test]
fn binary_garbage_behind_a_page_or_text_header() {
    for head in [&b"<html><body><table><tr><td rowspan=3 colspan=9>"[..], b"\xEF\xBB\xBF\t", b"\xFF\xFE", b"\xFE\xFF"] {
        let mut bytes = head.to_vec();
        bytes.extend(garbage(1 << 20, 0x2545F4914F6CDD1D));
        let r = quick(10, || convert(&bytes));
        assert!(r.is_err(), "garbage is not a report");
    }
}

#[test]
fn invalid_utf8_in_a_page_and_a_text() {
    let page =
        b"<html><meta charset=utf-8><p>\xE4\xB8 \xFF\xFE \xC3\x28</p><table><tr><td>\xE8\xA1</td></tr></table></html>";
    assert!(matches!(convert(page), Err(nianbao::Error::NotAReport(_))));
    let text = b"\xE4\xB8\x80\xE3\x80\x81 \xFF\xFE\xFD \xC3\x28\n\t\xE8\xA1\n";
    assert!(convert(text).is_err());
}

#[test]
fn a_50_mb_line() {
    let mut page = b"<html><body><p>".to_vec();
    page.extend(std::iter::repeat_n(b'x', 50 << 20));
    page.extend(b"</p></body></html>");
    let r = quick(30, || convert(&page));
    assert!(matches!(r, Err(nianbao::Error::NotAReport(_))));
    let mut text = "一、总体情况\n".as_bytes().to_vec();
    text.extend(std::iter::repeat_n(b'7', 50 << 20));
    let r = quick(30, || convert(&text));
    assert!(matches!(r, Err(nianbao::Error::NotAReport(_))));
}

#[test]
fn nesting_10000_deep() {
    for open in ["<div>", "<table><tr><td>", "<span><b>", "<ul><li>", "<blockquote>"] {
        let page = format!("<html><body>{}第二十条第（一）项", open.repeat(10_000));
        let r = quick(20, || convert(page.as_bytes()));
        assert!(r.is_err(), "{open}");
    }
}

#[test]
fn absurd_spans() {
    let mut page = String::from("<table>");
    for _ in 0..2000 {
        page.push_str("<tr><td rowspan=2147483647 colspan=4294967296>x</td><td colspan=0 rowspan=0>y</td></tr>");
    }
    let r = quick(20, || nianbao::read::read(page.as_bytes()));
    let (_, doc) = r.expect("a document");
    let t = doc.tables().next().expect("a table");
    assert!(t.n_rows * t.n_cols <= 1 << 20);
}

#[test]
fn misnamed_page_and_errors_on_the_command_line() {
    let dir = tempfile::tempdir().expect("tmp");
    // A saved report page named .pdf: sniffed as HTML and read.
    let page = std::fs::read("samples/web_2021_clean.html").expect("sample");
    let misnamed = dir.path().join("report.pdf");
    std::fs::write(&misnamed, &page).expect("write");
    let junk = dir.path().join("junk.html");
    std::fs::write(&junk, garbage(4096, 7)).expect("write");
    let o = nianbao(&["convert", misnamed.to_str().expect("p"), junk.to_str().expect("p")]);
    assert_eq!(o.status.code(), Some(1), "one of two failed");
    let out = String::from_utf8_lossy(&o.stdout);
    let recs: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).expect("json")).collect();
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["source"]["format"], "html");
    assert_eq!(recs[0]["applications"]["new_received"]["total"], 46);
    assert_eq!(recs[1]["schema"], "nianbao/error/v1");
    assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
}
