//! XLSX: sheets `reports` (wide; Chinese headers by default), `cells` (long,
//! with provenance), `checks` (one row per failing rule), `errors` (files
//! that failed, duplicates) and `panel` (one row per organ key and year:
//! indicators, their change from the previous year, carry mismatches).
//!
//! Made to read well when opened: the file name first and the full path in
//! the last column, column widths from the content (a CJK character counts
//! two), a frozen header row with an autofilter, numbers stored as numbers.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::columns::{
    Field, LONG_COLUMNS, Lang, display_width, file_name, long_rows, panel_columns, panel_row, wide_columns, wide_row,
};
use super::{FileError, Sink, WriteError};
use crate::panel::PanelRow;
use crate::report::Report;

const REPORTS: usize = 0;
const CELLS: usize = 1;
const CHECKS: usize = 2;
const ERRORS: usize = 3;
const PANEL: usize = 4;
const N_SHEETS: usize = 5;

/// Column widths (in characters of a Latin font) are kept in this range; a
/// long header beyond `HEADER_MAX` wraps instead of widening its column.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;
const HEADER_MAX: usize = 14;

pub struct XlsxSink {
    path: PathBuf,
    book: Workbook,
    rows: [u32; N_SHEETS],
    /// Per sheet and column: the widest content so far.
    widths: [Vec<usize>; N_SHEETS],
    failed: Option<XlsxError>,
}

impl XlsxSink {
    pub fn new(path: &Path, lang: Lang) -> Self {
        let en = |cols: &[&str]| cols.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let full_path = if lang == Lang::En { "path" } else { "完整路径" };
        let mut wide = wide_columns(lang);
        wide.push(full_path.to_string());
        let mut long = en(LONG_COLUMNS);
        long.push("file_path".into());
        let sheets: [(&str, Vec<String>); N_SHEETS] = [
            ("reports", wide),
            ("cells", long),
            ("checks", en(&["file", "organ", "year", "rule", "where", "expected", "found", "file_path"])),
            ("errors", en(&["file", "code", "message", "file_path"])),
            ("panel", panel_columns(lang)),
        ];
        let mut book = Workbook::new();
        let header = Format::new().set_bold().set_text_wrap();
        let mut failed = None;
        let widths = sheets
            .clone()
            .map(|(_, cols)| cols.iter().map(|c| display_width(c).min(HEADER_MAX)).collect::<Vec<usize>>());
        for (name, cols) in &sheets {
            // Constant-memory sheets stream their rows to temporary files, so a
            // workbook of thousands of reports does not sit in memory.
            let r = book.add_worksheet_with_constant_memory().and_then(|sheet| setup(sheet, name, cols, &header));
            if let Err(e) = r {
                failed.get_or_insert(e);
            }
        }
        XlsxSink { path: path.to_path_buf(), book, rows: [1; N_SHEETS], widths, failed }
    }

    /// Writes one row to sheet `i`, keeping the widest content per column.
    fn put(&mut self, i: usize, fields: &[Field]) -> Result<(), WriteError> {
        let row = self.rows[i];
        for (c, f) in fields.iter().enumerate() {
            let w = match f {
                Field::Text(s) => display_width(s),
                Field::Number(_) => f.to_csv().len(),
                Field::Empty => 0,
            };
            if let Some(max) = self.widths[i].get_mut(c) {
                *max = (*max).max(w);
            }
        }
        write_fields(self.book.worksheet_from_index(i)?, row, fields)?;
        self.rows[i] += 1;
        Ok(())
    }
}

fn setup(sheet: &mut Worksheet, name: &str, cols: &[String], header: &Format) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    for (c, title) in cols.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, title, header)?;
    }
    // Headers longer than a column wrap: make room for their lines now (a
    // constant-memory sheet writes a row's height with the row).
    let lines = cols.iter().map(|t| display_width(t).div_ceil(HEADER_MAX + 2)).max().unwrap_or(1).clamp(1, 4);
    if lines > 1 {
        sheet.set_row_height(0, 15.0 * lines as f64)?;
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

/// A row whose first field is a path: the file name first, the path last.
fn name_first(mut fields: Vec<Field>) -> Vec<Field> {
    if let Some(Field::Text(path)) = fields.first().cloned() {
        fields[0] = Field::Text(file_name(&path).to_string());
        fields.push(Field::Text(path));
    }
    fields
}

impl Sink for XlsxSink {
    fn report(&mut self, report: &Report) -> Result<(), WriteError> {
        self.put(REPORTS, &name_first(wide_row(report)))?;
        for fields in long_rows(report) {
            self.put(CELLS, &name_first(fields))?;
        }
        for c in &report.checks {
            let fields = vec![
                Field::Text(report.source.path.clone()),
                report.organ.clone().map_or(Field::Empty, Field::Text),
                report.year.map_or(Field::Empty, |y| Field::Number(y as f64)),
                Field::Text(c.rule.clone()),
                Field::Text(c.location.clone()),
                Field::Number(c.expected as f64),
                Field::Number(c.found as f64),
            ];
            self.put(CHECKS, &name_first(fields))?;
        }
        Ok(())
    }

    fn error(&mut self, e: &FileError) -> Result<(), WriteError> {
        let fields = vec![Field::Text(e.path.clone()), Field::Text(e.code.clone()), Field::Text(e.message.clone())];
        self.put(ERRORS, &name_first(fields))
    }

    fn panel_table(&mut self, rows: &[PanelRow]) -> Result<(), WriteError> {
        for r in rows {
            self.put(PANEL, &panel_row(r))?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), WriteError> {
        if let Some(e) = self.failed.take() {
            return Err(e.into());
        }
        for i in 0..N_SHEETS {
            let last_row = self.rows[i] - 1;
            let n = self.widths[i].len();
            let sheet = self.book.worksheet_from_index(i)?;
            for (c, w) in self.widths[i].iter().enumerate() {
                sheet.set_column_width(c as u16, (*w).clamp(MIN_WIDTH, MAX_WIDTH) as f64 + 2.0)?;
            }
            if n > 0 {
                sheet.autofilter(0, 0, last_row, (n - 1) as u16)?;
            }
        }
        self.book.save(&self.path)?;
        Ok(())
    }
}
