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
    // The page's own script and style are fetched without the page's query.
    assert_eq!(server.get("/app.js").status, 200);
    assert_eq!(server.get("/app.css").status, 200);
    assert_eq!(server.post("/app.js", b"").status, 401);
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

/// Headless, and off the network.
const HEADLESS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
];

/// Headless Chromium with the flags that keep it off the network; `what` is
/// `--dump-dom` or `--screenshot=PATH`.
fn run_chromium(browser: &std::path::Path, what: &str, url: &str) -> std::process::Output {
    let profile = tempfile::tempdir().expect("profile");
    Command::new(browser)
        .args(HEADLESS)
        .args([
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

/// How long the browser gets for one step (an answer, a page state).
const PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// Headless Chromium driven as a person would use the page (real mouse
/// moves and clicks, the file chooser, a drop, downloads) over the DevTools
/// protocol on a pipe: `--remote-debugging-pipe` reads NUL-terminated JSON
/// commands from the browser's fd 3 and writes answers and events to its
/// fd 4. No driver and no websocket client needed.
struct Browser {
    child: Child,
    commands: std::process::ChildStdin,
    messages: std::sync::mpsc::Receiver<serde_json::Value>,
    /// Events that came while waiting for answers, for `wait_event`.
    events: Vec<serde_json::Value>,
    next_id: u64,
    /// The page's flattened session.
    session: String,
    downloads: tempfile::TempDir,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch(binary: &std::path::Path) -> Browser {
        let profile = tempfile::tempdir().expect("profile");
        let downloads = tempfile::tempdir().expect("downloads");
        // The shell moves the two pipes onto the descriptors the browser uses.
        let mut child = Command::new("sh")
            .args(["-c", r#"exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>/dev/null"#])
            .arg(binary)
            .args(HEADLESS)
            .args(["--remote-debugging-pipe", "--window-size=1280,900"])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromium starts");
        let commands = child.stdin.take().expect("fd 3");
        let out = child.stdout.take().expect("fd 4");
        let (tx, messages) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(out);
            let mut message = Vec::new();
            while reader.read_until(0, &mut message).is_ok_and(|n| n > 0) {
                if message.last() == Some(&0) {
                    message.pop();
                }
                if let Ok(v) = serde_json::from_slice(&message)
                    && tx.send(v).is_err()
                {
                    break;
                }
                message.clear();
            }
        });
        let mut browser = Browser {
            child,
            commands,
            messages,
            events: Vec::new(),
            next_id: 0,
            session: String::new(),
            downloads,
            _profile: profile,
        };
        let target = browser.send(None, "Target.createTarget", serde_json::json!({"url": "about:blank"}));
        let attached = browser.send(
            None,
            "Target.attachToTarget",
            serde_json::json!({"targetId": target["targetId"], "flatten": true}),
        );
        browser.session = attached["sessionId"].as_str().expect("a session").to_string();
        let dir = browser.downloads.path().display().to_string();
        browser.send(
            None,
            "Browser.setDownloadBehavior",
            serde_json::json!({"behavior": "allow", "downloadPath": dir, "eventsEnabled": true}),
        );
        browser.call("Page.enable", serde_json::json!({}));
        browser
    }

    /// One command (to the browser, or to a page's session); its result.
    fn send(&mut self, session: Option<&str>, method: &str, params: serde_json::Value) -> serde_json::Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = serde_json::json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = session.into();
        }
        let mut bytes = serde_json::to_vec(&message).expect("JSON");
        bytes.push(0);
        if let Err(e) = self.commands.write_all(&bytes).and_then(|()| self.commands.flush()) {
            panic!("{method}: the browser is gone ({e})");
        }
        loop {
            let m = self.messages.recv_timeout(PATIENCE).unwrap_or_else(|e| panic!("{method}: no answer ({e})"));
            if m["id"] == id {
                if let Some(e) = m.get("error") {
                    panic!("{method}: {e}");
                }
                return m["result"].clone();
            }
            self.events.push(m);
        }
    }

    /// A command to the page.
    fn call(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        let session = self.session.clone();
        self.send(Some(&session), method, params)
    }

    /// The next event `method` whose params pass `matches`.
    fn wait_event(&mut self, method: &str, matches: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let deadline = std::time::Instant::now() + PATIENCE;
        loop {
            if let Some(i) = self.events.iter().position(|e| e["method"] == method && matches(&e["params"])) {
                return self.events.remove(i)["params"].take();
            }
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let m = self.messages.recv_timeout(left).unwrap_or_else(|_| panic!("no {method} event"));
            self.events.push(m);
        }
    }

    fn goto(&mut self, url: &str) {
        self.call("Page.navigate", serde_json::json!({"url": url}));
        self.wait_event("Page.loadEventFired", |_| true);
    }

    /// The value of a JavaScript expression in the page (promises awaited).
    fn eval(&mut self, expression: &str) -> serde_json::Value {
        let r = self.call(
            "Runtime.evaluate",
            serde_json::json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(e) = r.get("exceptionDetails") {
            panic!("{expression}: {e}");
        }
        r["result"]["value"].clone()
    }

    /// Polls `expression` until it is neither null, undefined nor false.
    fn wait_until(&mut self, expression: &str, what: &str) -> serde_json::Value {
        let start = std::time::Instant::now();
        loop {
            let v = self.eval(expression);
            if !matches!(v, serde_json::Value::Null | serde_json::Value::Bool(false)) {
                return v;
            }
            assert!(start.elapsed() < PATIENCE, "timed out waiting until {what}");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// The viewport point at the middle of `selector`'s element, scrolled
    /// into view, once it stands still (the page scrolls smoothly to a
    /// report) and nothing covers it.
    fn point(&mut self, selector: &str) -> (f64, f64) {
        let sel = serde_json::to_string(selector).expect("JSON");
        let js = format!(
            "(async () => {{
              const e = document.querySelector({sel});
              if (!e || !e.getClientRects().length) return null;
              e.scrollIntoView({{ block: 'center', inline: 'center', behavior: 'instant' }});
              const a = e.getBoundingClientRect();
              await new Promise((ok) => setTimeout(ok, 50));
              const b = e.getBoundingClientRect();
              if (a.x !== b.x || a.y !== b.y) return null;
              const x = b.x + b.width / 2, y = b.y + b.height / 2;
              const hit = document.elementFromPoint(x, y);
              return hit && e.contains(hit) ? [x, y] : null;
            }})()"
        );
        let v = self.wait_until(&js, &format!("{selector} is shown and can be pointed at"));
        (v[0].as_f64().expect("x"), v[1].as_f64().expect("y"))
    }

    fn mouse(&mut self, kind: &str, (x, y): (f64, f64)) {
        let button = if kind == "mouseMoved" { "none" } else { "left" };
        self.call(
            "Input.dispatchMouseEvent",
            serde_json::json!({"type": kind, "x": x, "y": y, "button": button, "clickCount": 1}),
        );
    }

    fn hover(&mut self, selector: &str) {
        let at = self.point(selector);
        self.mouse("mouseMoved", at);
    }

    fn click(&mut self, selector: &str) {
        let at = self.point(selector);
        for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
            self.mouse(kind, at);
        }
    }

    /// Picks `files` in the file chooser `selector` (an `<input type=file>`).
    fn pick_files(&mut self, selector: &str, files: &[std::path::PathBuf]) {
        let root = self.call("DOM.getDocument", serde_json::json!({"depth": 0}))["root"]["nodeId"].clone();
        let node =
            self.call("DOM.querySelector", serde_json::json!({"nodeId": root, "selector": selector}))["nodeId"].clone();
        self.call("DOM.setFileInputFiles", serde_json::json!({"files": files, "nodeId": node}));
    }

    /// Drags `files` over `selector` and drops them there.
    fn drop_files(&mut self, selector: &str, files: &[std::path::PathBuf]) {
        let (x, y) = self.point(selector);
        let data = serde_json::json!({"items": [], "files": files, "dragOperationsMask": 1});
        for kind in ["dragEnter", "dragOver", "drop"] {
            self.call("Input.dispatchDragEvent", serde_json::json!({"type": kind, "x": x, "y": y, "data": data}));
        }
    }

    /// Clicks `selector` and waits for the download it starts: its file name
    /// and bytes.
    fn download(&mut self, selector: &str) -> (String, Vec<u8>) {
        self.click(selector);
        let begun = self.wait_event("Browser.downloadWillBegin", |_| true);
        let guid = begun["guid"].clone();
        let name = begun["suggestedFilename"].as_str().expect("a file name").to_string();
        let done = self.wait_event("Browser.downloadProgress", |p| p["guid"] == guid && p["state"] != "inProgress");
        assert_eq!(done["state"], "completed", "{name}");
        let path = self.downloads.path().join(&name);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // The next download of the same name keeps its name.
        std::fs::remove_file(&path).expect("remove");
        (name, bytes)
    }
}

impl Drop for Browser {
    /// Asks the browser to close (its helper processes and profile with it),
    /// killing it if it does not.
    fn drop(&mut self) {
        let _ = self.commands.write_all(b"{\"id\":0,\"method\":\"Browser.close\"}\0");
        let _ = self.commands.flush();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while matches!(self.child.try_wait(), Ok(None)) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The samples by absolute path (what the file chooser and a drop take).
fn sample_paths(names: &[&str]) -> Vec<std::path::PathBuf> {
    names.iter().map(|n| std::fs::canonicalize(format!("samples/{n}")).expect("sample")).collect()
}

/// Waits until `n` uploads are answered; each one's name, whether it
/// succeeded and what the page says of it.
fn wait_for_uploads(browser: &mut Browser, n: usize) -> Vec<(String, bool, String)> {
    let js = format!(
        "(() => {{
          const items = [...document.querySelectorAll('#files li')];
          if (items.length !== {n} || !items.every((li) => li.matches('.ok, .failed'))) return null;
          return items.map((li) => [li.querySelector('.name').textContent, li.matches('.ok'),
            li.querySelector('.state').textContent]);
        }})()"
    );
    let v = browser.wait_until(&js, &format!("{n} uploads are answered"));
    v.as_array()
        .expect("items")
        .iter()
        .map(|i| (i[0].as_str().unwrap_or("").into(), i[1] == true, i[2].as_str().unwrap_or("").into()))
        .collect()
}

/// The results list as shown: each row's cells.
fn result_rows(browser: &mut Browser) -> Vec<Vec<String>> {
    let v = browser.eval(
        "[...document.querySelectorAll('#list tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent))",
    );
    serde_json::from_value(v).expect("rows of cells")
}

/// Clicks the results list's row of `file`.
fn open_report(browser: &mut Browser, file: &str) {
    let rows = result_rows(browser);
    let i = rows.iter().position(|r| r[0] == file).unwrap_or_else(|| panic!("{file} listed: {rows:?}"));
    browser.click(&format!("#list tbody tr:nth-child({})", i + 1));
    // The report's line under its title starts with its file's name.
    let meta = serde_json::to_string(&format!("{file} · ")).expect("JSON");
    let js = format!(
        "!document.querySelector('#report').hidden
          && document.querySelector('#report .meta').textContent.startsWith({meta})"
    );
    browser.wait_until(&js, &format!("{file}'s report is shown"));
}

/// A junk upload, to see how the page shows a file that cannot be converted.
fn junk_file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("junk.docx");
    std::fs::write(&path, b"PK\x03\x04 not really a zip").expect("junk");
    path
}

/// `v` as the page writes it in a cell.
fn as_shown(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}

#[test]
fn files_dropped_or_picked_on_the_page_are_listed_and_shown_as_the_national_tables() {
    let Some(binary) = chromium() else {
        eprintln!("skipped: no chromium (apt-get install chromium)");
        return;
    };
    let server = Server::start(&[]);
    let mut browser = Browser::launch(&binary);
    browser.goto(&format!("http://{}/", server.addr));
    // One file dropped on the drop zone, two picked with the file chooser.
    browser.drop_files("#drop", &sample_paths(&["pdf_basic_2021.pdf"]));
    wait_for_uploads(&mut browser, 1);
    let tmp = tempfile::tempdir().expect("tmp");
    let mut picked = sample_paths(&["inconsistent.docx"]);
    picked.push(junk_file(&tmp));
    browser.pick_files("#pick", &picked);
    let uploads = wait_for_uploads(&mut browser, 3);
    let names: Vec<&str> = uploads.iter().map(|u| u.0.as_str()).collect();
    assert_eq!(names, ["pdf_basic_2021.pdf", "inconsistent.docx", "junk.docx"]);
    assert!(uploads[0].1 && uploads[0].2 == "完成", "{uploads:?}");
    assert!(uploads[1].1 && uploads[1].2 == "完成", "{uploads:?}");
    assert!(!uploads[2].1 && uploads[2].2.starts_with("失败: "), "{uploads:?}");

    // The list, sorted by file name: the failed file says why.
    let rows = result_rows(&mut browser);
    let files: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(files, ["inconsistent.docx", "junk.docx", "pdf_basic_2021.pdf"]);
    assert_eq!(rows[0][1..], ["示例区财政局", "2023", "2021", "6", "0"]);
    assert!(rows[1][1].starts_with("corrupt_zip: "), "{:?}", rows[1]);
    assert_eq!(rows[2][1..], ["示例市人民政府办公室", "2023", "2021", "0", "0"]);
    // Sorting by a header: failing checks, most first.
    browser.click("#list th[data-sort=checks]");
    browser.click("#list th[data-sort=checks]");
    let files: Vec<String> = result_rows(&mut browser).into_iter().map(|r| r[0].clone()).collect();
    assert_eq!(files, ["inconsistent.docx", "pdf_basic_2021.pdf", "junk.docx"]);

    // A report that holds: every cell of its three tables is the CLI's value.
    open_report(&mut browser, "pdf_basic_2021.pdf");
    let report = browser.eval(
        "({ title: document.querySelector('#report h2').textContent,
            status: document.querySelector('#checkstatus').textContent,
            cells: [...document.querySelectorAll('#report td[data-path]')].map((td) => [td.dataset.path,
              [...td.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('')]) })",
    );
    assert_eq!(report["title"], "示例市人民政府办公室 · 2023");
    assert_eq!(report["status"], "勾稽关系全部成立");
    let mut record = cli_record("samples/pdf_basic_2021.pdf");
    let cells: Vec<(String, String)> = serde_json::from_value(report["cells"].clone()).expect("cells");
    assert!(cells.len() > 100, "表二, 表三 and 表四 drawn: {} cells", cells.len());
    for (path, text) in &cells {
        let want = path.split('.').fold(&record, |v, k| &v[k]);
        assert_eq!(text, &as_shown(want), "{path}");
    }
    let shown = |path: &str| cells.iter().find(|c| c.0 == path).map(|c| c.1.as_str());
    assert_eq!(shown("applications.new_received.total"), Some("35"));
    assert_eq!(shown("applications.total.total"), Some("35"));
    assert_eq!(shown("applications.granted.total"), Some("15"));
    // Each in its column: 一 read left to right, 自然人 to 总计.
    let row =
        browser.eval("[...document.querySelectorAll('#t3 tr[data-row=new_received] td')].map((td) => td.textContent)");
    assert_eq!(row, serde_json::json!(["30", "4", "0", "0", "1", "0", "35"]));
    record["source"]["path"] = "pdf_basic_2021.pdf".into();

    // Another row's click shows that report: its failing checks, listed and
    // marked on the cells with the value the sums expect.
    open_report(&mut browser, "inconsistent.docx");
    let report = browser.eval(
        "({ title: document.querySelector('#report h2').textContent,
            status: document.querySelector('#checkstatus').textContent,
            checks: [...document.querySelectorAll('#report ul.checks li')].map((li) => li.textContent),
            cell: document.querySelector('td[data-path=\"applications.new_received.total\"]').outerHTML,
            failrow: document.querySelector('#t3 tr[data-row=new_received]').classList.contains('failrow') })",
    );
    assert_eq!(report["title"], "示例区财政局 · 2023");
    assert_eq!(report["status"], "6 条勾稽关系不成立");
    let checks: Vec<String> = serde_json::from_value(report["checks"].clone()).expect("checks");
    assert_eq!(checks.len(), 6, "{checks:?}");
    assert_eq!(checks[0], "apps.row_total · new_received: 应为 35，实为 36");
    let cell = report["cell"].as_str().expect("cell");
    assert!(cell.contains("class=\"num bad\"") && cell.contains(">36<span class=\"exp\">应为 35</span>"), "{cell}");
    assert_eq!(report["failrow"], true);

    // Only the reports failing checks (and the file that failed), then a
    // filter typed in.
    browser.click("#failing");
    let files: Vec<String> = result_rows(&mut browser).into_iter().map(|r| r[0].clone()).collect();
    assert_eq!(files, ["inconsistent.docx", "junk.docx"]);
    browser.click("#failing");
    browser.click("#filter");
    browser.call("Input.insertText", serde_json::json!({"text": "人民政府"}));
    let files: Vec<String> = result_rows(&mut browser).into_iter().map(|r| r[0].clone()).collect();
    assert_eq!(files, ["pdf_basic_2021.pdf"]);
}

#[test]
fn hovering_a_cell_shows_where_in_the_document_its_value_was_read() {
    let Some(binary) = chromium() else {
        eprintln!("skipped: no chromium (apt-get install chromium)");
        return;
    };
    let server = Server::start(&[]);
    let mut browser = Browser::launch(&binary);
    browser.goto(&format!("http://{}/", server.addr));
    browser.pick_files("#pick", &sample_paths(&["pdf_basic_2021.pdf", "inconsistent.docx"]));
    wait_for_uploads(&mut browser, 2);
    open_report(&mut browser, "pdf_basic_2021.pdf");
    let cell = |path: &str| format!("td[data-path=\"{path}\"]");
    // The tip's text, and whether it stands just under the cell, inside the
    // window, showing its own lines unwrapped (not squeezed at the window's
    // edge: the height of its lines and its 6 px paddings).
    let tip = |path: &str| {
        format!(
            "(() => {{
              const t = document.querySelector('#tip');
              if (t.hidden) return null;
              const r = t.getBoundingClientRect();
              const c = document.querySelector('{}').getBoundingClientRect();
              const lines = t.textContent.split('\\n').length;
              const lh = parseFloat(getComputedStyle(t).lineHeight);
              const placed = r.top >= c.bottom && r.top < c.bottom + 10 && r.left >= 0
                && r.right <= window.innerWidth && r.height <= lines * lh + 13;
              return [t.textContent, placed, [r.height, lines, lh]];
            }})()",
            cell(path)
        )
    };
    // The total of 一 is on the PDF's first page, that of （七） on its second.
    for (path, want) in [
        (
            "applications.new_received.total",
            "表三 · 页 1 · 表 2 · 行 4 · 列 10\n\
             一、本年新收政府信息公开申请数量 / 总计\n原文: “35”",
        ),
        (
            "applications.total.total",
            "表三 · 页 2 · 表 2 · 行 27 · 列 10\n\
             三、本\n年度办\n理结果 / （七）总计 / 总计\n原文: “35”",
        ),
    ] {
        browser.hover(&cell(path));
        let shown = browser.wait_until(&tip(path), &format!("the tip of {path} is shown"));
        assert_eq!(shown[0], want, "{path}");
        assert_eq!(shown[1], true, "{path}: the tip stands under the cell, unwrapped: {}", shown[2]);
    }
    // Off the tables, the tip goes.
    browser.hover("#report h2");
    browser.wait_until("document.querySelector('#tip').hidden", "the tip is hidden");
    // A failing cell's tip says the check first.
    open_report(&mut browser, "inconsistent.docx");
    let path = "applications.new_received.total";
    browser.hover(&cell(path));
    let shown = browser.wait_until(&tip(path), "the failing cell's tip is shown");
    let text = shown[0].as_str().expect("text");
    assert!(text.starts_with("apps.row_total (new_received): 应为 35, 实为 36\n表三 · 表 "), "{text}");
    assert!(text.ends_with("一、本年新收政府信息公开申请数量 / 总计\n原文: “36”"), "{text}");
}

#[test]
fn the_download_buttons_export_the_uploads_in_the_pages_language() {
    let Some(binary) = chromium() else {
        eprintln!("skipped: no chromium (apt-get install chromium)");
        return;
    };
    let server = Server::start(&[]);
    let mut browser = Browser::launch(&binary);
    browser.goto(&format!("http://{}/", server.addr));
    let tmp = tempfile::tempdir().expect("tmp");
    let mut picked = sample_paths(&["basic_2021.docx", "inconsistent.docx"]);
    picked.push(junk_file(&tmp));
    browser.pick_files("#pick", &picked);
    wait_for_uploads(&mut browser, 3);
    // JSONL: the CLI's records, in upload order, the failed file's too.
    let (name, bytes) = browser.download("[data-export=jsonl]");
    assert_eq!(name, "nianbao.jsonl");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    for (line, sample) in lines.iter().zip(["basic_2021.docx", "inconsistent.docx"]) {
        let mut want = cli_record(&format!("samples/{sample}"));
        want["source"]["path"] = sample.into();
        assert_eq!(line, &want, "{sample}");
    }
    assert_eq!(lines[0]["applications"]["new_received"]["total"], 35);
    assert_eq!(lines[2]["source"]["path"], "junk.docx");
    assert_eq!(lines[2]["error"]["code"], "corrupt_zip");
    // CSV: Chinese headers, then English ones once the page is in English.
    let (name, bytes) = browser.download("[data-export=csv]");
    assert_eq!(name, "nianbao.csv");
    let csv = String::from_utf8(bytes).expect("UTF-8");
    assert!(csv.starts_with("文件,格式,机构,"), "{}", &csv[..80.min(csv.len())]);
    browser.click("#lang");
    browser.wait_until("document.querySelector('[data-t=download]').textContent === 'Download all:'", "English");
    let (_, bytes) = browser.download("[data-export=csv]");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(&headers[0], "file");
    let col = headers.iter().position(|h| h == "applications.new_received.total").expect("a column of 一 总计");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let cells: Vec<(&str, &str)> = rows.iter().map(|r| (&r[0], &r[col])).collect();
    assert_eq!(cells, [("basic_2021.docx", "35"), ("inconsistent.docx", "36"), ("junk.docx", "")]);
    // XLSX and SQLite are files of their kind.
    let (name, bytes) = browser.download("[data-export=xlsx]");
    assert_eq!(name, "nianbao.xlsx");
    assert!(bytes.starts_with(b"PK\x03\x04"));
    let (name, bytes) = browser.download("[data-export=sqlite]");
    assert_eq!(name, "nianbao.sqlite");
    assert!(bytes.starts_with(b"SQLite format 3\0"));
}

#[test]
fn the_page_works_behind_a_token() {
    let Some(binary) = chromium() else {
        eprintln!("skipped: no chromium (apt-get install chromium)");
        return;
    };
    let server = Server::start(&["--token", "s3cret"]);
    let mut browser = Browser::launch(&binary);
    browser.goto(&format!("http://{}/?token=s3cret", server.addr));
    // The page's script ran (it is fetched without the page's query).
    assert_eq!(browser.eval("typeof showReport"), "function");
    browser.pick_files("#pick", &sample_paths(&["basic_2021.docx"]));
    let uploads = wait_for_uploads(&mut browser, 1);
    assert!(uploads[0].1, "{uploads:?}");
    open_report(&mut browser, "basic_2021.docx");
    assert_eq!(
        browser.eval("document.querySelector('td[data-path=\"applications.new_received.total\"]').textContent"),
        "35"
    );
    let (_, bytes) = browser.download("[data-export=jsonl]");
    let record: serde_json::Value = serde_json::from_slice(&bytes).expect("one record");
    assert_eq!(record["organ"], "示例市人民政府办公室");
}
