//! Writers: take reports (and per-file errors) and write one output format.
//! They know outputs, not documents. Every writer streams: a report is
//! written when it arrives, so a batch of thousands never sits in memory
//! (XLSX sheets stream to temporary files; Parquet closes row groups as it
//! goes). [`Guarded`] keeps what an output could not write in JSON Lines.

mod columns;
mod compare;
mod csv;
mod guard;
mod json;
pub mod merge;
mod parquet;
mod sqlite;
mod tables;
mod xlsx;

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use thiserror::Error;

use crate::panel::{Entry as PanelEntry, PanelRow, PanelWarning};
use crate::report::Report;

pub use columns::{
    CHECK_COLUMNS, Field, LONG_COLUMNS, Lang, check_rows, long_rows, panel_columns, panel_row, wide_columns, wide_row,
};
pub use compare::{CompareSink, comparison_json, comparison_text};
pub use guard::{Guarded, rescue_path};
pub use tables::{tables_json, tables_text, tables_value};

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
    /// Parquet: one row per value (long), or one per report with --wide.
    Parquet,
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
            "parquet" | "pq" => OutputFormat::Parquet,
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
    #[error("cannot write the Parquet output: {0}")]
    Parquet(#[from] ::parquet::errors::ParquetError),
    #[error("cannot write the Parquet output: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    #[error("{0}")]
    Layout(String),
    /// The output failed; what was converted is in a JSONL file beside it.
    #[error("{error}; the {records} records converted are in {} (JSON Lines)", rescue.display())]
    Rescued { error: Box<WriteError>, rescue: std::path::PathBuf, records: usize },
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
    /// Parquet: one row per report instead of one per value.
    pub wide: bool,
}

/// When what a sink was given is safely written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// As it is written (JSONL on standard output: nothing to rescue into).
    Streamed,
    /// At the end of each batch (a database transaction).
    PerBatch,
    /// Only once the output is finished (a workbook, a Parquet footer, a
    /// JSON array, a file that a full disk may cut).
    AtFinish,
}

/// Looks up reports a sink holds from earlier runs; used by the converting
/// side while the sink itself is busy writing on its own thread.
pub trait Resume {
    /// The report with these bytes, if the sink holds it from an earlier run.
    fn converted_before(&mut self, sha256: &str) -> Option<Prior>;
}

/// A report a sink already holds from an earlier run.
#[derive(Debug, Clone)]
pub struct Prior {
    pub path: String,
    pub entry: Option<PanelEntry>,
}

/// Receives reports and errors in input order (on a writer thread of its
/// own, hence `Send`).
pub trait Sink: Send {
    fn report(&mut self, report: &Report) -> Result<(), WriteError>;
    /// The same, handing the report over (a sink that keeps it for a while
    /// need not copy it).
    fn report_owned(&mut self, report: Box<Report>) -> Result<(), WriteError> {
        self.report(&report)
    }
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
    /// A lookup of earlier runs' reports (databases only).
    fn resume(&self) -> Result<Option<Box<dyn Resume>>, WriteError> {
        Ok(None)
    }
    /// When what it was given is safely written.
    fn durability(&self) -> Durability {
        Durability::AtFinish
    }
    /// What the user should know about the output (said in the summary).
    fn notes(&self) -> Vec<String> {
        Vec::new()
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
        OutputFormat::Parquet => {
            let path = path.ok_or(WriteError::NeedsFile("Parquet"))?;
            return Ok(Box::new(parquet::ParquetSink::create(path, options.wide)?));
        }
        _ => {}
    }
    let out: Box<dyn Write + Send> = match path {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    Ok(match format {
        OutputFormat::Json => Box::new(json::JsonSink::new(out, true)),
        OutputFormat::Jsonl => Box::new(json::JsonSink::new(out, false)),
        OutputFormat::Csv if options.panel => Box::new(csv::PanelCsv::new(out, options.lang)),
        OutputFormat::Csv if options.long => Box::new(csv::LongCsv::new(out)),
        OutputFormat::Csv => Box::new(csv::WideCsv::new(out, options.lang)),
        OutputFormat::Xlsx | OutputFormat::Sqlite | OutputFormat::Parquet => return Err(WriteError::NeedsFile("this")),
    })
}

/// What the user should know before a batch of `inputs` files is converted
/// into `format`: an output that cannot hold it as one piece says so here.
pub fn preflight(format: OutputFormat, inputs: usize) -> Vec<String> {
    let mut notes = Vec::new();
    if format == OutputFormat::Xlsx {
        let rows = inputs.saturating_mul(xlsx::cells_rows_per_report());
        let per_sheet = xlsx::SHEET_ROWS as usize - 1;
        if rows > per_sheet {
            notes.push(format!(
                "{inputs} inputs: the cells sheet needs about {rows} rows, more than Excel's {} a sheet; \
                 it continues on cells (2) … cells ({}) (-o x.parquet or x.sqlite keep it in one table)",
                xlsx::SHEET_ROWS,
                rows.div_ceil(per_sheet)
            ));
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_too_big_for_one_sheet_is_said_before_converting() {
        assert!(preflight(OutputFormat::Xlsx, 5_000).is_empty());
        let notes = preflight(OutputFormat::Xlsx, 20_000);
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("cells (2) … cells (4)"), "{notes:?}");
        assert!(preflight(OutputFormat::Sqlite, 150_000).is_empty());
    }
}
