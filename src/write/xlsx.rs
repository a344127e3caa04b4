//! XLSX: sheets `reports` (wide; Chinese headers by default, frozen header),
//! `cells` (long, with provenance), `checks` (one row per failing rule) and
//! `errors` (files that failed, duplicates) and `panel` (cross-year
//! mismatches between consecutive reports of one organ).

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::columns::{Field, LONG_COLUMNS, Lang, long_rows, wide_columns, wide_row};
use super::{FileError, Sink, WriteError};
use crate::batch::panel::PanelWarning;
use crate::report::Report;

pub struct XlsxSink {
    path: PathBuf,
    book: Workbook,
    rows: [u32; 5],
    header: Format,
    failed: Option<XlsxError>,
}

const REPORTS: usize = 0;
const CELLS: usize = 1;
const CHECKS: usize = 2;
const ERRORS: usize = 3;
const PANEL: usize = 4;

impl XlsxSink {
    pub fn new(path: &Path, lang: Lang) -> Self {
        let mut book = Workbook::new();
        let header = Format::new().set_bold();
        let mut sink = XlsxSink { path: path.to_path_buf(), book: Workbook::new(), rows: [1; 5], header, failed: None };
        let wide = wide_columns(lang);
        let sheets: [(&str, Vec<String>); 5] = [
            ("reports", wide),
            ("cells", LONG_COLUMNS.iter().map(|s| s.to_string()).collect()),
            ("checks", ["file", "organ", "year", "rule", "where", "expected", "found"].map(String::from).to_vec()),
            ("errors", ["file", "code", "message"].map(String::from).to_vec()),
            (
                "panel",
                ["file", "organ", "year", "column", "expected", "found", "previous", "message"]
                    .map(String::from)
                    .to_vec(),
            ),
        ];
        for (name, cols) in sheets {
            // Constant-memory sheets stream their rows to temporary files, so a
            // workbook of thousands of reports does not sit in memory.
            let r = book.add_worksheet_with_constant_memory().and_then(|sheet| setup(sheet, name, &cols, &sink.header));
            if let Err(e) = r {
                sink.failed.get_or_insert(e);
            }
        }
        sink.book = book;
        sink
    }

    fn sheet(&mut self, i: usize) -> Result<&mut Worksheet, WriteError> {
        Ok(self.book.worksheet_from_index(i)?)
    }
}

fn setup(sheet: &mut Worksheet, name: &str, cols: &[String], header: &Format) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    for (c, title) in cols.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, title, header)?;
        let width = (title.chars().map(|ch| if ch.is_ascii() { 1.0 } else { 2.0 }).sum::<f64>() + 2.0).clamp(8.0, 40.0);
        sheet.set_column_width(c as u16, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_fields(sheet: &mut Worksheet, row: u32, fields: &[Field]) -> Result<(), XlsxError> {
    for (c, f) in fields.iter().enumerate() {
        match f {
            Field::Text(s) => {
                sheet.write_string(row, c as u16, s)?;
            }
            Field::Number(n) => {
                sheet.write_number(row, c as u16, *n)?;
            }
            Field::Empty => {}
        }
    }
    Ok(())
}

impl Sink for XlsxSink {
    fn report(&mut self, report: &Report) -> Result<(), WriteError> {
        let row = self.rows[REPORTS];
        write_fields(self.sheet(REPORTS)?, row, &wide_row(report))?;
        self.rows[REPORTS] += 1;
        for fields in long_rows(report) {
            let row = self.rows[CELLS];
            write_fields(self.sheet(CELLS)?, row, &fields)?;
            self.rows[CELLS] += 1;
        }
        for c in &report.checks {
            let row = self.rows[CHECKS];
            let fields = [
                Field::Text(report.source.path.clone()),
                report.organ.clone().map_or(Field::Empty, Field::Text),
                report.year.map_or(Field::Empty, |y| Field::Number(y as f64)),
                Field::Text(c.rule.clone()),
                Field::Text(c.location.clone()),
                Field::Number(c.expected as f64),
                Field::Number(c.found as f64),
            ];
            write_fields(self.sheet(CHECKS)?, row, &fields)?;
            self.rows[CHECKS] += 1;
        }
        Ok(())
    }

    fn error(&mut self, e: &FileError) -> Result<(), WriteError> {
        let row = self.rows[ERRORS];
        let fields = [Field::Text(e.path.clone()), Field::Text(e.code.clone()), Field::Text(e.message.clone())];
        write_fields(self.sheet(ERRORS)?, row, &fields)?;
        self.rows[ERRORS] += 1;
        Ok(())
    }

    fn panel(&mut self, w: &PanelWarning) -> Result<(), WriteError> {
        let row = self.rows[PANEL];
        let fields = [
            Field::Text(w.path.clone()),
            Field::Text(w.organ.clone()),
            Field::Number(w.year as f64),
            Field::Text(w.column.into()),
            Field::Number(w.expected as f64),
            Field::Number(w.found as f64),
            Field::Text(w.previous_path.clone()),
            Field::Text(w.message()),
        ];
        write_fields(self.sheet(PANEL)?, row, &fields)?;
        self.rows[PANEL] += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), WriteError> {
        if let Some(e) = self.failed.take() {
            return Err(e.into());
        }
        self.book.save(&self.path)?;
        Ok(())
    }
}
