//! The handlers: the page's assets, the schema, and conversions (one file as
//! the body, or multipart `file` parts) run on the bounded pool with a time
//! limit.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::Shared;
use super::convert::{self, Upload, error_record};
use crate::write::{self, Lang, OutputFormat};

const INDEX: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");

pub async fn page() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX).into_response()
}

pub async fn script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT).into_response()
}

pub async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

pub async fn schema() -> Response {
    match serde_json::to_string_pretty(&schemars::schema_for!(crate::Report)) {
        Ok(s) => json(StatusCode::OK, s),
        Err(e) => json(StatusCode::INTERNAL_SERVER_ERROR, error_record("", "internal", &e.to_string()).to_string()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct Params {
    /// The file's name for `source.path` (a body that is one file).
    name: Option<String>,
    /// Export: json, jsonl, csv, xlsx or sqlite.
    format: Option<String>,
    /// Export: column headers in `zh` or `en`.
    lang: Option<String>,
    /// Export: long CSV (one row per value).
    long: Option<bool>,
    /// Convert: add each value's provenance to the records (for the page).
    provenance: Option<bool>,
}

/// `POST /api/convert`: one file as the body (`?name=FILE`) → its record
/// (422 when it cannot be converted); multipart `file` parts → an array of
/// records in upload order, as `convert --format json` writes them.
pub async fn convert(State(shared): State<Arc<Shared>>, Query(params): Query<Params>, request: Request) -> Response {
    if is_multipart(&request) {
        let uploads = match read_parts(request, &shared).await {
            Ok(u) => u,
            Err(r) => return r,
        };
        let names: Vec<String> = uploads.iter().map(|u| u.name.clone()).collect();
        return match run(&shared, uploads, OutputFormat::Json, write::Options::default()).await {
            Ok(bytes) => bytes_response(StatusCode::OK, "application/json", bytes),
            Err(failure) => failure.array(&names),
        };
    }
    let name = params.name.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "upload".to_string());
    let bytes = match Bytes::from_request(request, &shared).await {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large(shared.max_upload),
        Err(e) => return json(e.status(), error_record(&name, "bad_request", &e.body_text()).to_string()),
    };
    let uploads = vec![Upload { name: name.clone(), bytes }];
    if params.provenance.unwrap_or(false) {
        return with_provenance(&shared, uploads, &name).await;
    }
    let out = match run(&shared, uploads, OutputFormat::Jsonl, write::Options::default()).await {
        Ok(out) => out,
        Err(failure) => return failure.single(&name),
    };
    single_answer(&name, &out)
}

/// `POST /api/export?format=xlsx`: multipart `file` parts → the batch in the
/// format asked for, written by the same writer as `convert -o`.
pub async fn export(State(shared): State<Arc<Shared>>, Query(params): Query<Params>, request: Request) -> Response {
    let format_name = params.format.as_deref().unwrap_or("xlsx");
    let Ok(format) = <OutputFormat as clap::ValueEnum>::from_str(format_name, true) else {
        let msg = format!("unknown format {format_name}: use json, jsonl, csv, xlsx or sqlite");
        return json(StatusCode::BAD_REQUEST, error_record("", "bad_request", &msg).to_string());
    };
    let lang = match params.lang.as_deref() {
        Some(l) => <Lang as clap::ValueEnum>::from_str(l, true).unwrap_or_default(),
        None => Lang::default(),
    };
    if !is_multipart(&request) {
        let msg = "send the files as multipart/form-data `file` parts";
        return json(StatusCode::BAD_REQUEST, error_record("", "bad_request", msg).to_string());
    }
    let uploads = match read_parts(request, &shared).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let names: Vec<String> = uploads.iter().map(|u| u.name.clone()).collect();
    let options = write::Options { long: params.long.unwrap_or(false), lang, panel: false };
    match run(&shared, uploads, format, options).await {
        Ok(bytes) => {
            let mut response = bytes_response(StatusCode::OK, convert::content_type(format), bytes);
            let disposition = format!("attachment; filename=\"nianbao.{}\"", convert::extension(format));
            if let Ok(v) = header::HeaderValue::from_str(&disposition) {
                response.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            response
        }
        Err(failure) => failure.array(&names),
    }
}

/// Records with provenance, for the page: one file's record, or an array.
async fn with_provenance(shared: &Arc<Shared>, uploads: Vec<Upload>, name: &str) -> Response {
    match on_pool(shared, move || convert::records_with_provenance(&uploads)).await {
        Ok(records) => {
            let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
            single_answer(name, lines.join("\n").as_bytes())
        }
        Err(failure) => failure.single(name),
    }
}

fn is_multipart(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// The `file` parts, in order (the body limit applies to the whole request).
async fn read_parts(request: Request, shared: &Arc<Shared>) -> Result<Vec<Upload>, Response> {
    let bad = |status: StatusCode, msg: String| {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(shared.max_upload)
        } else {
            json(status, error_record("", "bad_request", &msg).to_string())
        }
    };
    let mut multipart = Multipart::from_request(request, shared).await.map_err(|e| bad(e.status(), e.body_text()))?;
    let mut uploads = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(bad(e.status(), e.body_text())),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field
            .file_name()
            .map(str::to_string)
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| format!("upload-{}", uploads.len() + 1));
        let bytes = field.bytes().await.map_err(|e| bad(e.status(), e.body_text()))?;
        uploads.push(Upload { name, bytes });
    }
    if uploads.is_empty() {
        return Err(bad(StatusCode::BAD_REQUEST, "no `file` parts in the form".to_string()));
    }
    Ok(uploads)
}

/// Why a conversion gave no output.
enum Failure {
    Timeout(u64),
    Internal(String),
}

impl Failure {
    fn status_code(&self) -> (StatusCode, &'static str, String) {
        match self {
            Failure::Timeout(s) => {
                (StatusCode::GATEWAY_TIMEOUT, "timeout", format!("the conversion took longer than {s} s"))
            }
            Failure::Internal(m) => (StatusCode::INTERNAL_SERVER_ERROR, "internal", m.clone()),
        }
    }

    fn single(&self, name: &str) -> Response {
        let (status, code, msg) = self.status_code();
        json(status, error_record(name, code, &msg).to_string())
    }

    fn array(&self, names: &[String]) -> Response {
        let (status, code, msg) = self.status_code();
        let records: Vec<serde_json::Value> = names.iter().map(|n| error_record(n, code, &msg)).collect();
        json(status, serde_json::Value::Array(records).to_string())
    }
}

/// Runs a conversion into a writer's output on the pool.
async fn run(
    shared: &Arc<Shared>,
    uploads: Vec<Upload>,
    format: OutputFormat,
    options: write::Options,
) -> Result<Vec<u8>, Failure> {
    on_pool(shared, move || convert::convert(&uploads, format, options)).await
}

/// Runs blocking work on the pool: waits for a free worker, then gives it
/// the time limit. Work past its limit is answered 504; its worker finishes
/// in the background and keeps its slot until then, so the pool stays
/// bounded.
async fn on_pool<T: Send + 'static>(
    shared: &Arc<Shared>,
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, Failure> {
    let permit = shared.pool.clone().acquire_owned().await.map_err(|e| Failure::Internal(e.to_string()))?;
    let handle = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    });
    match tokio::time::timeout(shared.timeout, handle).await {
        Err(_) => Err(Failure::Timeout(shared.timeout.as_secs())),
        Ok(Err(e)) => Err(Failure::Internal(format!("the conversion stopped: {e}"))),
        Ok(Ok(Err(e))) => Err(Failure::Internal(e)),
        Ok(Ok(Ok(value))) => Ok(value),
    }
}

/// One file's JSON lines → its record (200, or 422 for an error record); a
/// zip of attachments → the array of its members' records.
fn single_answer(name: &str, out: &[u8]) -> Response {
    let text = String::from_utf8_lossy(out);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    match lines.as_slice() {
        [] => json(
            StatusCode::UNPROCESSABLE_ENTITY,
            error_record(name, "no_reports", "the archive holds no report files").to_string(),
        ),
        [one] => {
            let is_error = serde_json::from_str::<serde_json::Value>(one)
                .ok()
                .and_then(|v| v.get("schema").and_then(|s| s.as_str()).map(|s| s == "nianbao/error/v1"))
                .unwrap_or(false);
            let status = if is_error { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
            json(status, format!("{one}\n"))
        }
        many => json(StatusCode::OK, format!("[\n{}\n]\n", many.join(",\n"))),
    }
}

pub fn too_large(max: usize) -> Response {
    let msg = format!("the upload is larger than the server's limit of {max} bytes (--max-upload)");
    json(StatusCode::PAYLOAD_TOO_LARGE, error_record("", "too_large", &msg).to_string())
}

fn json(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn bytes_response(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}
