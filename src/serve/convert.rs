//! The blocking half of a request: uploads saved in a temporary folder,
//! expanded as `convert` expands its arguments (zip archives of attachments
//! into members), converted by the batch run into a writer's file, read back.
//! The folder and everything in it is removed when the work ends.

use std::path::Path;

use crate::batch::{self, Input, inputs};
use crate::report::Report;
use crate::write::{self, FileError, OutputFormat, WriteError};

/// One uploaded file: the name it is known by (`source.path`) and its bytes.
pub struct Upload {
    pub name: String,
    pub bytes: axum::body::Bytes,
}

/// Converts the uploads with the writer of `format`; returns the output file's
/// bytes, exactly what `nianbao convert NAMES -o out.EXT` writes.
pub fn convert(uploads: &[Upload], format: OutputFormat, options: write::Options) -> Result<Vec<u8>, String> {
    let dir = tempdir()?;
    let inputs = save(uploads, dir.path())?;
    let out = dir.path().join(format!("out.{}", extension(format)));
    let mut sink = write::open(format, options, Some(&out)).map_err(|e| e.to_string())?;
    run_batch(&inputs, sink.as_mut())?;
    sink.finish().map_err(|e| e.to_string())?;
    std::fs::read(&out).map_err(|e| e.to_string())
}

/// The records of the uploads for the page: each report with its
/// `provenance` (which the writers leave to the long outputs), errors and
/// duplicates as the JSON writer writes them.
pub fn records_with_provenance(uploads: &[Upload]) -> Result<Vec<serde_json::Value>, String> {
    let dir = tempdir()?;
    let inputs = save(uploads, dir.path())?;
    let mut sink = Collect::default();
    run_batch(&inputs, &mut sink)?;
    Ok(sink.records)
}

fn tempdir() -> Result<tempfile::TempDir, String> {
    tempfile::Builder::new()
        .prefix("nianbao-serve-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder: {e}"))
}

/// One worker a request: the pool of requests is the server's.
fn run_batch(inputs: &[Input], sink: &mut dyn write::Sink) -> Result<(), String> {
    let options = batch::Options { jobs: 1, force: true, ..batch::Options::default() };
    batch::run(inputs, sink, &options).map(|_| ()).map_err(|e| e.to_string())
}

#[derive(Default)]
struct Collect {
    records: Vec<serde_json::Value>,
}

impl write::Sink for Collect {
    fn report(&mut self, report: &Report) -> Result<(), WriteError> {
        let mut value = serde_json::to_value(report).map_err(std::io::Error::from)?;
        let provenance = serde_json::to_value(&report.provenance).map_err(std::io::Error::from)?;
        if let Some(map) = value.as_object_mut() {
            map.insert("provenance".into(), provenance);
        }
        self.records.push(value);
        Ok(())
    }

    fn error(&mut self, e: &FileError) -> Result<(), WriteError> {
        self.records.push(error_record(&e.path, &e.code, &e.message));
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), WriteError> {
        Ok(())
    }
}

/// Writes each upload under a numbered name (a client's name never becomes
/// a path) and expands it, renaming the inputs back to the uploaded names.
fn save(uploads: &[Upload], dir: &Path) -> Result<Vec<Input>, String> {
    let mut all = Vec::new();
    for (i, upload) in uploads.iter().enumerate() {
        let path = dir.join(format!("upload-{i:05}"));
        std::fs::write(&path, &upload.bytes).map_err(|e| format!("cannot save {}: {e}", upload.name))?;
        let saved = path.to_string_lossy().into_owned();
        for mut input in inputs::expand(std::slice::from_ref(&saved))? {
            input.name = match input.name.strip_prefix(&saved) {
                Some(rest) => format!("{}{rest}", upload.name),
                None => upload.name.clone(),
            };
            all.push(input);
        }
    }
    Ok(all)
}

pub fn extension(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::Json => "json",
        OutputFormat::Jsonl => "jsonl",
        OutputFormat::Csv => "csv",
        OutputFormat::Xlsx => "xlsx",
        OutputFormat::Sqlite => "sqlite",
    }
}

pub fn content_type(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::Json => "application/json",
        OutputFormat::Jsonl => "application/x-ndjson",
        OutputFormat::Csv => "text/csv; charset=utf-8",
        OutputFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        OutputFormat::Sqlite => "application/vnd.sqlite3",
    }
}

/// An error record for a file, as the JSON writer writes one.
pub fn error_record(path: &str, code: &str, message: &str) -> serde_json::Value {
    serde_json::json!({
        "schema": "nianbao/error/v1",
        "source": {"path": path},
        "error": {"code": code, "message": message},
    })
}
