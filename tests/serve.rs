//! `nianbao serve` end to end: the binary on an ephemeral port, spoken to by
//! a small HTTP/1.1 client over a TcpStream.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("first line");
        let addr = line.trim().strip_prefix("listening on http://").expect("listening line").to_string();
        Server { child, addr }
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let mut stream = TcpStream::connect(&self.addr).expect("connects");
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", self.addr);
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        stream.write_all(head.as_bytes()).expect("head");
        stream.write_all(body).expect("body");
        read_answer(&mut stream)
    }

    fn post(&self, path: &str, body: &[u8]) -> Answer {
        self.request("POST", path, &[], body)
    }

    fn get(&self, path: &str) -> Answer {
        self.request("GET", path, &[], b"")
    }

    fn post_files(&self, path: &str, files: &[(&str, Vec<u8>)]) -> Answer {
        let boundary = "nianbao-test-boundary-7d1f";
        let mut body = Vec::new();
        for (name, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let ct = format!("multipart/form-data; boundary={boundary}");
        self.request("POST", path, &[("Content-Type", &ct)], &body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Answer {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

fn read_answer(stream: &mut TcpStream) -> Answer {
    // A server that never answers fails the test instead of hanging it.
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(120)));
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    // Reads until the declared length arrived (a refused body's connection
    // may stay open) or the server closes.
    let split = loop {
        let n = stream.read(&mut buf).unwrap_or(0);
        raw.extend_from_slice(&buf[..n]);
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if n == 0 || length.is_some_and(|len| raw.len() >= split + 4 + len) {
                break split;
            }
        } else if n == 0 {
            panic!("the connection closed before a complete head");
        }
    };
    let headers = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = headers.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status");
    let mut body = raw[split + 4..].to_vec();
    if headers.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    Answer { status, headers, body }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[eol + 4 + size..];
    }
    out
}

fn cli_record(path: &str) -> serde_json::Value {
    let o = Command::new(env!("CARGO_BIN_EXE_nianbao")).args(["convert", "-q", path]).output().expect("runs");
    serde_json::from_slice(&o.stdout).expect("one JSON line")
}

const SAMPLES: &[&str] = &[
    "samples/basic_2021.docx",
    "samples/inconsistent.docx",
    "samples/pdf_basic_2021.pdf",
    "samples/pdf_inconsistent.pdf",
    "samples/web_2021_clean.html",
    "samples/web_2022_word_gbk.htm",
    "samples/flat_pipes.txt",
];

#[test]
fn a_file_as_the_body_gives_the_cli_record() {
    let server = Server::start(&[]);
    for path in SAMPLES {
        let bytes = std::fs::read(path).expect("sample");
        let answer = server.post(&format!("/api/convert?name={path}"), &bytes);
        assert_eq!(answer.status, 200, "{path}: {}", String::from_utf8_lossy(&answer.body));
        assert!(answer.headers.contains("application/json"), "{}", answer.headers);
        assert_eq!(answer.json(), cli_record(path), "{path}");
    }
    let r = server.post("/api/convert?name=basic_2021.docx", &std::fs::read(SAMPLES[0]).expect("sample")).json();
    assert_eq!(r["source"]["path"], "basic_2021.docx");
    assert_eq!(r["organ"], "示例市人民政府办公室");
    assert_eq!(r["applications"]["granted"]["total"], 15);
    let r = server.post("/api/convert?name=x.pdf", &std::fs::read("samples/pdf_inconsistent.pdf").expect("s")).json();
    assert!(!r["checks"].as_array().expect("checks").is_empty(), "the inconsistent sample fails checks");
}

#[test]
fn garbage_is_422_with_an_error_record() {
    let server = Server::start(&[]);
    let answer = server.post("/api/convert?name=junk.docx", b"PK\x03\x04 not really a zip");
    assert_eq!(answer.status, 422);
    let r = answer.json();
    assert_eq!(r["schema"], "nianbao/error/v1");
    assert_eq!(r["source"]["path"], "junk.docx");
    assert_eq!(r["error"]["code"], "corrupt_zip");
    assert_eq!(server.post("/api/convert?name=e.pdf", b"").status, 422, "an empty body");
}

#[test]
fn a_multipart_batch_answers_in_upload_order_with_zips_expanded() {
    let server = Server::start(&[]);
    let mut zipped = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut zipped);
        let opts = zip::write::SimpleFileOptions::default();
        for name in ["a/panel_donghu_2021.docx", "a/panel_donghu_2022.docx"] {
            zip.start_file(name, opts).expect("member");
            zip.write_all(&std::fs::read(format!("samples/{}", &name[2..])).expect("sample")).expect("write");
        }
        zip.finish().expect("zip");
    }
    let files = vec![
        ("web.html", std::fs::read("samples/web_2021_clean.html").expect("s")),
        ("junk.pdf", b"%PDF-1.4 nothing".to_vec()),
        ("attachments.zip", zipped.into_inner()),
        ("basic.docx", std::fs::read("samples/basic_2021.docx").expect("s")),
    ];
    let answer = server.post_files("/api/convert", &files);
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    let v = answer.json();
    let records = v.as_array().expect("an array");
    let paths: Vec<&str> = records.iter().filter_map(|r| r["source"]["path"].as_str()).collect();
    assert_eq!(
        paths[..5],
        [
            "web.html",
            "junk.pdf",
            "attachments.zip!/a/panel_donghu_2021.docx",
            "attachments.zip!/a/panel_donghu_2022.docx",
            "basic.docx"
        ]
    );
    assert_eq!(records[1]["schema"], "nianbao/error/v1");
    let mut expected = cli_record("samples/panel_donghu_2022.docx");
    expected["source"]["path"] = "attachments.zip!/a/panel_donghu_2022.docx".into();
    assert_eq!(records[3], expected);
}

#[test]
fn a_body_over_the_limit_is_413_without_being_read() {
    let server = Server::start(&["--max-upload", "100000"]);
    // Declares 60 MB and sends only the head: the answer comes anyway.
    let mut stream = TcpStream::connect(&server.addr).expect("connects");
    let head = "POST /api/convert?name=big.pdf HTTP/1.1\r\nHost: x\r\nContent-Length: 62914560\r\n\r\n";
    stream.write_all(head.as_bytes()).expect("head");
    stream.write_all(&[b'%'; 4096]).expect("a little of the body");
    let answer = read_answer(&mut stream);
    assert_eq!(answer.status, 413);
    assert_eq!(answer.json()["error"]["code"], "too_large");
    // A chunked body (no declared length) is cut off at the limit too.
    let mut stream = TcpStream::connect(&server.addr).expect("connects");
    let head = "POST /api/convert?name=big.pdf HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    stream.write_all(head.as_bytes()).expect("head");
    let chunk = vec![b'x'; 50_000];
    for _ in 0..3 {
        let _ = stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes());
        let _ = stream.write_all(&chunk);
        let _ = stream.write_all(b"\r\n");
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    assert_eq!(read_answer(&mut stream).status, 413);
    // And a multipart batch over the limit.
    let big = vec![("big.pdf", vec![b'%'; 150_000])];
    assert_eq!(server.post_files("/api/convert", &big).status, 413);
    assert_eq!(server.get("/healthz").status, 200);
}

#[test]
fn fifty_concurrent_uploads_are_all_answered_right() {
    let server = Server::start(&["--jobs", "2"]);
    let expected: Vec<serde_json::Value> = SAMPLES.iter().map(|p| cli_record(p)).collect();
    let answers: Vec<(usize, Answer)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..50)
            .map(|i| {
                let server = &server;
                scope.spawn(move || {
                    let k = i % SAMPLES.len();
                    let bytes = std::fs::read(SAMPLES[k]).expect("sample");
                    (k, server.post(&format!("/api/convert?name={}", SAMPLES[k]), &bytes))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    for (k, answer) in &answers {
        assert_eq!(answer.status, 200);
        assert_eq!(answer.json(), expected[*k], "{}", SAMPLES[*k]);
    }
    assert_eq!(server.get("/healthz").status, 200);
}

/// Tesseract with its Chinese data, which the scanned sample's OCR needs.
fn tesseract_chi_sim() -> bool {
    Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "chi_sim"))
}

#[test]
fn a_conversion_over_the_time_limit_is_504_and_its_worker_frees_its_slot() {
    if !tesseract_chi_sim() {
        eprintln!(
            "skipped: tesseract with chi_sim is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
        );
        return;
    }
    // --timeout takes whole seconds (1 at least): an honest slow input, the
    // scanned sample, takes several seconds of OCR. Two workers, both to be
    // held by timed-out conversions still running in the background.
    let server = Server::start(&["--timeout", "1", "--jobs", "2"]);
    let scan = std::fs::read("samples/scan_basic_2021.pdf").expect("sample");
    let start = std::time::Instant::now();
    let answer = server.post("/api/convert?name=scan.pdf", &scan);
    assert_eq!(answer.status, 504, "{}", String::from_utf8_lossy(&answer.body));
    assert!(start.elapsed() >= std::time::Duration::from_secs(1), "answered before the limit: {:?}", start.elapsed());
    let r = answer.json();
    assert_eq!(r["schema"], "nianbao/error/v1");
    assert_eq!(r["source"]["path"], "scan.pdf");
    assert_eq!(r["error"]["code"], "timeout");
    assert_eq!(r["error"]["message"], "the conversion took longer than 1 s");
    // A batch (multipart) gets an error record per file, with the same code.
    let answer = server.post_files("/api/convert", &[("scan.pdf", scan.clone())]);
    assert_eq!(answer.status, 504, "{}", String::from_utf8_lossy(&answer.body));
    let v = answer.json();
    let records = v.as_array().expect("an array");
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["source"]["path"], "scan.pdf");
    assert_eq!(records[0]["error"]["code"], "timeout");
    // Both workers are busy in the background; the server still answers.
    assert_eq!(server.get("/healthz").status, 200);
    // The next conversion waits for a worker to finish and free its slot
    // (a leaked slot would hang it until the client's read timeout), then
    // gets its full time limit and the CLI's record.
    let path = "samples/basic_2021.docx";
    let answer = server.post(&format!("/api/convert?name={path}"), &std::fs::read(path).expect("sample"));
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    assert_eq!(answer.json(), cli_record(path));
}

#[test]
fn schema_page_and_export() {
    let server = Server::start(&[]);
    let schema = server.get("/api/schema");
    assert_eq!(schema.status, 200);
    assert_eq!(schema.json()["title"], "Report");
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("nianbao"));
    let files = vec![
        ("basic.docx", std::fs::read("samples/basic_2021.docx").expect("s")),
        ("bad.docx", b"PK\x03\x04 broken".to_vec()),
        ("inconsistent.docx", std::fs::read("samples/inconsistent.docx").expect("s")),
    ];
    let xlsx = server.post_files("/api/export?format=xlsx", &files);
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.headers.contains("nianbao.xlsx"));
    assert_eq!(&xlsx.body[..2], b"PK");
    let db = server.post_files("/api/export?format=sqlite", &files);
    assert_eq!(db.status, 200);
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("out.sqlite");
    std::fs::write(&path, &db.body).expect("write");
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    let n: i64 = conn.query_row("SELECT count(*) FROM reports", [], |r| r.get(0)).expect("reports");
    assert_eq!(n, 2);
    let parquet = server.post_files("/api/export?format=parquet&wide=true", &files);
    assert_eq!(parquet.status, 200);
    assert!(parquet.headers.contains("nianbao.parquet"));
    assert!(parquet.body.starts_with(b"PAR1") && parquet.body.ends_with(b"PAR1"));
    let csv = server.post_files("/api/export?format=csv", &files);
    assert_eq!(csv.status, 200);
    assert_eq!(
        String::from_utf8_lossy(&csv.body).lines().count(),
        4,
        "a header and a row per file, the failed one too"
    );
    assert_eq!(server.post_files("/api/export?format=pdf", &files).status, 400);
}

#[test]
fn a_token_guards_every_request() {
    let o = Command::new(env!("CARGO_BIN_EXE_nianbao")).args(["serve", "--addr", "0.0.0.0:0"]).output().expect("runs");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--token"));
    let server = Server::start(&["--token", "s3cret"]);
    assert_eq!(server.get("/healthz").status, 401);
    assert_eq!(server.request("GET", "/healthz", &[("Authorization", "Bearer s3cret")], b"").status, 200);
    assert_eq!(server.request("GET", "/healthz", &[("Authorization", "Bearer wrong")], b"").status, 401);
    assert_eq!(server.get("/?token=s3cret").status, 200);
}

#[cfg(unix)]
#[test]
fn sigint_stops_the_server_cleanly() {
    let mut server = Server::start(&[]);
    assert_eq!(server.get("/healthz").status, 200);
    let pid = server.child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().expect("kill").success());
    let status = server.child.wait().expect("exits");
    assert_eq!(status.code(), Some(0));
}

/// Ctrl-C is handled from the moment the address is printed: a signal then
/// (a script stopping the server it just started) is no crash.
#[cfg(unix)]
#[test]
fn sigint_right_after_listening_stops_the_server_cleanly() {
    for _ in 0..5 {
        let mut server = Server::start(&[]);
        let pid = server.child.id().to_string();
        assert!(Command::new("kill").args(["-INT", &pid]).status().expect("kill").success());
        assert_eq!(server.child.wait().expect("exits").code(), Some(0));
    }
}

/// Serves files of samples/ to the page (another origin, so with CORS), for
/// the page's `?src=` parameter. Runs until the test ends.
fn sample_host() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let addr = listener.local_addr().expect("addr").to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
                    break;
                }
            }
            let name = line.split(' ').nth(1).unwrap_or("/").trim_start_matches('/').to_string();
            let body = if name.contains("..") || name.contains('/') {
                None
            } else {
                std::fs::read(format!("samples/{name}")).ok()
            };
            let (status, body) = match body {
                Some(b) => ("200 OK", b),
                None => ("404 Not Found", Vec::new()),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nAccess-Control-Allow-Origin: *\r\n\
                 Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    addr
}

fn chromium() -> Option<std::path::PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists())
}

/// Headless Chromium with the flags that keep it off the network; `what` is
/// `--dump-dom` or `--screenshot=PATH`.
fn run_chromium(browser: &std::path::Path, what: &str, url: &str) -> std::process::Output {
    let profile = tempfile::tempdir().expect("profile");
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1280,2300",
            // Virtual time waits for pending fetches: the page is ready when
            // its uploads are answered and the report is drawn.
            "--virtual-time-budget=30000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(what)
        .arg(url)
        .output()
        .expect("chromium runs")
}

#[test]
fn the_page_in_a_real_browser_shows_table_three_and_the_failing_checks() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no chromium (apt-get install chromium)");
        return;
    };
    let server = Server::start(&[]);
    let host = sample_host();
    let url =
        format!("http://{}/?src=http://{host}/inconsistent.docx&src=http://{host}/panel_donghu_2022.docx", server.addr);
    let o = run_chromium(&browser, "--dump-dom", &url);
    let dom = String::from_utf8_lossy(&o.stdout);
    assert!(dom.contains("data-ready=\"true\""), "the page finished: {}", String::from_utf8_lossy(&o.stderr));
    // The report with failing checks is shown: its 表三 with the document's
    // numbers, the failing cells marked with what the sums expect.
    let cell = |path: &str| -> String {
        let at = dom.find(&format!("data-path=\"{path}\"")).unwrap_or_else(|| panic!("{path} drawn"));
        let tag_start = dom[..at].rfind("<td").expect("a cell");
        let end = dom[at..].find("</td>").expect("cell end") + at;
        dom[tag_start..end].to_string()
    };
    let r = cli_record("samples/inconsistent.docx");
    let want = |path: &str| -> String {
        let v = path.split('.').fold(&r, |v, k| &v[k]);
        v.to_string()
    };
    for path in
        ["applications.new_received.natural_person", "applications.granted.total", "applications.total.commercial"]
    {
        assert!(cell(path).contains(&format!(">{}", want(path))), "{path}: {}", cell(path));
    }
    let failing = cell("applications.new_received.total");
    assert!(failing.contains("class=\"num bad\""), "{failing}");
    assert!(failing.contains(">36<") && failing.contains("35"), "found 36, expected 35: {failing}");
    assert!(dom.contains("id=\"checkstatus\"") && dom.contains("6 条勾稽关系不成立"), "six checks fail");
    assert!(dom.contains("panel_donghu_2022.docx"), "both files listed");
    // A screenshot of the same page (the README's is made this way).
    let shot = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve.png");
    let o = run_chromium(&browser, &format!("--screenshot={}", shot.display()), &url);
    assert!(shot.exists(), "screenshot: {}", String::from_utf8_lossy(&o.stderr));
    if let Ok(keep) = std::env::var("NIANBAO_SCREENSHOT") {
        std::fs::copy(&shot, keep).expect("copy the screenshot");
    }
}
