//! Writers: take reports (and per-file errors) and write one output format.
//! They know outputs, not documents. Every writer streams: a report is
//! written when it arrives, so a batch of thousands never sits in memory
//! (XLSX, a zip of whole sheets, is the one that must hold its cells).

mod columns;
mod compare;
mod csv;
mod json;
mod sqlite;
mod tables;
mod xlsx;

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use thiserror::Error;

use crate::panel::{Entry as PanelEntry, PanelRow, PanelWarning};
use crate::report::Report;

pub use columns::{Lang, long_rows, panel_columns, panel_row, wide_columns, wide_row};
pub use compare::{CompareSink, comparison_json, comparison_text};
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
    /// Workbook with sheets reports, cells, checks, errors and panel.
    Xlsx,
    /// SQLite database (resumable: files already converted are skipped).
    Sqlite,
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
            "sqlite" | "sqlite3" | "db" => OutputFormat::Sqlite,
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
    #[error("{0} output needs a file name (-o out.xlsx, -o out.sqlite), not standard output")]
    NeedsFile(&'static str),
    #[error("cannot write the SQLite output: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Options of the writers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// CSV: one row per value instead of one per report.
    pub long: bool,
    /// Header language of the wide CSV/XLSX columns.
    pub lang: Lang,
    /// CSV: the panel table instead of one row per report.
    pub panel: bool,
}

/// A report a sink already holds from an earlier run.
#[derive(Debug, Clone)]
pub struct Prior {
    pub path: String,
    pub entry: Option<PanelEntry>,
}

/// Receives reports and errors in input order.
pub trait Sink {
    fn report(&mut self, report: &Report) -> Result<(), WriteError>;
    fn error(&mut self, error: &FileError) -> Result<(), WriteError>;
    /// `name` has the same bytes (`sha256`) as the earlier input `of`; by
    /// default listed with the errors, under the code `duplicate`.
    fn duplicate(&mut self, name: &str, _sha256: &str, of: &str) -> Result<(), WriteError> {
        self.error(&FileError { path: name.into(), code: "duplicate".into(), message: format!("same file as {of}") })
    }
    /// A cross-year mismatch found once the batch is read (by default only in
    /// the summary: a wide row is a report).
    fn panel(&mut self, _warning: &PanelWarning) -> Result<(), WriteError> {
        Ok(())
    }
    /// The panel (one row per organ key and year), once the batch is read.
    fn panel_table(&mut self, _rows: &[PanelRow]) -> Result<(), WriteError> {
        Ok(())
    }
    /// The end of a batch of inputs (a transaction, for databases).
    fn end_batch(&mut self) -> Result<(), WriteError> {
        Ok(())
    }
    /// The report with these bytes, if the sink holds it from an earlier run.
    fn converted_before(&mut self, _sha256: &str) -> Option<Prior> {
        None
    }
    fn finish(self: Box<Self>) -> Result<(), WriteError>;
}

/// Opens a writer for `format` into `path` (standard output when `None`).
pub fn open(format: OutputFormat, options: Options, path: Option<&Path>) -> Result<Box<dyn Sink>, WriteError> {
    match format {
        OutputFormat::Xlsx => {
            let path = path.ok_or(WriteError::NeedsFile("XLSX"))?;
            return Ok(Box::new(xlsx::XlsxSink::new(path, options.lang)));
        }
        OutputFormat::Sqlite => {
            let path = path.ok_or(WriteError::NeedsFile("SQLite"))?;
            return Ok(Box::new(sqlite::SqliteSink::open(path)?));
        }
        _ => {}
    }
    let out: Box<dyn Write> = match path {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    Ok(match format {
        OutputFormat::Json => Box::new(json::JsonSink::new(out, true)),
        OutputFormat::Jsonl => Box::new(json::JsonSink::new(out, false)),
        OutputFormat::Csv if options.panel => Box::new(csv::PanelCsv::new(out, options.lang)),
        OutputFormat::Csv if options.long => Box::new(csv::LongCsv::new(out)),
        OutputFormat::Csv => Box::new(csv::WideCsv::new(out, options.lang)),
        OutputFormat::Xlsx | OutputFormat::Sqlite => return Err(WriteError::NeedsFile("this")),
    })
}
