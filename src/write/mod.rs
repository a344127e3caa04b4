//! Writers: take reports (and per-file errors) and write one output format.
//! They know outputs, not documents. Every writer streams: a report is
//! written when it arrives, so a batch of thousands never sits in memory
//! (XLSX, a zip of whole sheets, is the one that must hold its cells).

mod columns;
mod csv;
mod json;
mod tables;
mod xlsx;

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use thiserror::Error;

use crate::report::Report;

pub use columns::{Lang, long_rows, wide_columns, wide_row};
pub use tables::{tables_json, tables_text};

/// The output formats of `nianbao convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One JSON array of reports.
    Json,
    /// One report per line (the default).
    Jsonl,
    /// Wide CSV: one row per report, one column per schema leaf.
    Csv,
    /// Workbook with sheets reports, cells, checks and errors.
    Xlsx,
}

impl OutputFormat {
    /// The format an output path's extension asks for.
    pub fn from_path(path: &Path) -> Option<OutputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "json" => OutputFormat::Json,
            "jsonl" | "ndjson" => OutputFormat::Jsonl,
            "csv" => OutputFormat::Csv,
            "xlsx" => OutputFormat::Xlsx,
            _ => return None,
        })
    }
}

/// A file that could not be converted, as it appears in outputs.
#[derive(Debug, Clone, Serialize)]
pub struct FileError {
    pub path: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Error)]
pub enum WriteError {
    #[error("cannot write the output: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the CSV output: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("cannot write the XLSX output: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("XLSX output needs a file name (-o out.xlsx), not standard output")]
    XlsxToStdout,
}

/// Options of the writers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// CSV: one row per value instead of one per report.
    pub long: bool,
    /// Header language of the wide CSV/XLSX columns.
    pub lang: Lang,
}

/// Receives reports and errors in input order.
pub trait Sink {
    fn report(&mut self, report: &Report) -> Result<(), WriteError>;
    fn error(&mut self, error: &FileError) -> Result<(), WriteError>;
    fn finish(self: Box<Self>) -> Result<(), WriteError>;
}

/// Opens a writer for `format` into `path` (standard output when `None`).
pub fn open(format: OutputFormat, options: Options, path: Option<&Path>) -> Result<Box<dyn Sink>, WriteError> {
    if format == OutputFormat::Xlsx {
        let path = path.ok_or(WriteError::XlsxToStdout)?;
        return Ok(Box::new(xlsx::XlsxSink::new(path, options.lang)));
    }
    let out: Box<dyn Write> = match path {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    Ok(match format {
        OutputFormat::Json => Box::new(json::JsonSink::new(out, true)),
        OutputFormat::Jsonl => Box::new(json::JsonSink::new(out, false)),
        OutputFormat::Csv if options.long => Box::new(csv::LongCsv::new(out)),
        OutputFormat::Csv => Box::new(csv::WideCsv::new(out, options.lang)),
        OutputFormat::Xlsx => return Err(WriteError::XlsxToStdout),
    })
}
