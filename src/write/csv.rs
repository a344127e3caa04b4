//! CSV: wide (one row per report) or long (`--long`: one row per value with
//! its labels as printed, raw text and location). Failed files are rows
//! with only the file and the error. `--panel` writes the panel instead:
//! one row per organ key and year, once the batch is read.

use std::io::Write;

use super::columns::{LONG_COLUMNS, Lang, long_rows, panel_columns, panel_row, wide_columns, wide_row};
use super::{FileError, Sink, WriteError};
use crate::panel::PanelRow;
use crate::report::Report;

pub struct WideCsv {
    w: ::csv::Writer<Box<dyn Write>>,
    width: usize,
}

impl WideCsv {
    pub fn new(out: Box<dyn Write>, lang: Lang) -> Self {
        let mut header = wide_columns(lang);
        header.push(if lang == Lang::En { "error".into() } else { "错误".into() });
        let mut w = ::csv::WriterBuilder::new().flexible(false).from_writer(out);
        // A header write error surfaces again on the first record.
        let _ = w.write_record(&header);
        WideCsv { w, width: header.len() }
    }
}

impl Sink for WideCsv {
    fn report(&mut self, report: &Report) -> Result<(), WriteError> {
        let mut row: Vec<String> = wide_row(report).iter().map(|f| f.to_csv()).collect();
        row.push(String::new());
        self.w.write_record(&row)?;
        Ok(())
    }

    fn error(&mut self, e: &FileError) -> Result<(), WriteError> {
        let mut row = vec![String::new(); self.width];
        row[0] = e.path.clone();
        row[self.width - 1] = format!("{}: {}", e.code, e.message);
        self.w.write_record(&row)?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), WriteError> {
        self.w.flush()?;
        Ok(())
    }
}

pub struct LongCsv {
    w: ::csv::Writer<Box<dyn Write>>,
}

impl LongCsv {
    pub fn new(out: Box<dyn Write>) -> Self {
        let mut w = ::csv::WriterBuilder::new().flexible(true).from_writer(out);
        let mut header: Vec<&str> = LONG_COLUMNS.to_vec();
        header.push("error");
        let _ = w.write_record(&header);
        LongCsv { w }
    }
}

impl Sink for LongCsv {
    fn report(&mut self, report: &Report) -> Result<(), WriteError> {
        for row in long_rows(report) {
            let mut row: Vec<String> = row.iter().map(|f| f.to_csv()).collect();
            row.push(String::new());
            self.w.write_record(&row)?;
        }
        Ok(())
    }

    fn error(&mut self, e: &FileError) -> Result<(), WriteError> {
        let mut row = vec![String::new(); LONG_COLUMNS.len() + 1];
        row[0] = e.path.clone();
        row[LONG_COLUMNS.len()] = format!("{}: {}", e.code, e.message);
        self.w.write_record(&row)?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), WriteError> {
        self.w.flush()?;
        Ok(())
    }
}

/// `--panel`: the panel table; reports and errors go to the summary only.
pub struct PanelCsv {
    w: ::csv::Writer<Box<dyn Write>>,
}

impl PanelCsv {
    pub fn new(out: Box<dyn Write>, lang: Lang) -> Self {
        let mut w = ::csv::WriterBuilder::new().flexible(false).from_writer(out);
        let _ = w.write_record(panel_columns(lang));
        PanelCsv { w }
    }
}

impl Sink for PanelCsv {
    fn report(&mut self, _report: &Report) -> Result<(), WriteError> {
        Ok(())
    }

    fn error(&mut self, _e: &FileError) -> Result<(), WriteError> {
        Ok(())
    }

    fn panel_table(&mut self, rows: &[PanelRow]) -> Result<(), WriteError> {
        for r in rows {
            let row: Vec<String> = panel_row(r).iter().map(|f| f.to_csv()).collect();
            self.w.write_record(&row)?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), WriteError> {
        self.w.flush()?;
        Ok(())
    }
}
