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

/// Rows a worksheet holds (Excel's limit, header included).
pub const SHEET_ROWS: u32 = 1_048_576;

/// One kind of sheet and the part of it being written: past the row limit
/// it continues on `cells (2)`, `cells (3)`, …
struct Kind {
    name: &'static str,
    cols: Vec<String>,
    /// The workbook index of the part being written.
    index: usize,
    row: u32,
    parts: u32,
}

pub struct XlsxSink {
    path: PathBuf,
    book: Workbook,
    kinds: Vec<Kind>,
    sheets: usize,
    limit: u32,
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
        Self::with_sheet_rows(path, lang, SHEET_ROWS)
    }

    /// A workbook whose sheets hold at most `limit` rows (tests use a few).
    pub fn with_sheet_rows(path: &Path, lang: Lang, limit: u32) -> Self {
        let kinds: [(&str, Vec<String>); 5] = [
            ("reports", wide_columns(lang)),
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
        let mut sink = XlsxSink {
            path: path.to_path_buf(),
            book: Workbook::new(),
            kinds: Vec::new(),
            sheets: 0,
            limit: limit.clamp(2, SHEET_ROWS),
            header: Format::new().set_bold(),
            failed: None,
        };
        for (name, cols) in kinds {
            sink.kinds.push(Kind { name, cols, index: 0, row: 1, parts: 0 });
            let k = sink.kinds.len() - 1;
            if let Err(e) = sink.add_part(k) {
                sink.failed.get_or_insert(e);
            }
        }
        sink
    }

    /// Starts the next sheet of a kind, with its header.
    fn add_part(&mut self, k: usize) -> Result<(), XlsxError> {
        let kind = &mut self.kinds[k];
        kind.parts += 1;
        let name = if kind.parts == 1 { kind.name.to_string() } else { format!("{} ({})", kind.name, kind.parts) };
        // Constant-memory sheets stream their rows to temporary files, so a
        // workbook of thousands of reports does not sit in memory.
        let sheet = self.book.add_worksheet_with_constant_memory();
        setup(sheet?, &name, &kind.cols, &self.header)?;
        kind.index = self.sheets;
        kind.row = 1;
        self.sheets += 1;
        Ok(())
    }

    /// Writes one row of a kind, continuing on a new sheet when full.
    fn write(&mut self, k: usize, fields: &[Field]) -> Result<(), WriteError> {
        if self.kinds[k].row >= self.limit {
            self.add_part(k)?;
        }
        let (index, row) = (self.kinds[k].index, self.kinds[k].row);
        write_fields(self.book.worksheet_from_index(index)?, row, fields)?;
        self.kinds[k].row += 1;
        Ok(())
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
        self.write(REPORTS, &wide_row(report))?;
        for fields in long_rows(report) {
            self.write(CELLS, &fields)?;
        }
        for c in &report.checks {
            let fields = [
                Field::Text(report.source.path.clone()),
                report.organ.clone().map_or(Field::Empty, Field::Text),
                report.year.map_or(Field::Empty, |y| Field::Number(y as f64)),
                Field::Text(c.rule.clone()),
                Field::Text(c.location.clone()),
                Field::Number(c.expected as f64),
                Field::Number(c.found as f64),
            ];
            self.write(CHECKS, &fields)?;
        }
        Ok(())
    }

    fn error(&mut self, e: &FileError) -> Result<(), WriteError> {
        let fields = [Field::Text(e.path.clone()), Field::Text(e.code.clone()), Field::Text(e.message.clone())];
        self.write(ERRORS, &fields)
    }

    fn panel(&mut self, w: &PanelWarning) -> Result<(), WriteError> {
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
        self.write(PANEL, &fields)
    }

    fn notes(&self) -> Vec<String> {
        self.kinds
            .iter()
            .filter(|k| k.parts > 1)
            .map(|k| {
                format!(
                    "the {0} sheet continues on {0} (2){1} ({2} sheets; Excel holds {3} rows a sheet)",
                    k.name,
                    if k.parts > 2 { format!(" … {} ({})", k.name, k.parts) } else { String::new() },
                    k.parts,
                    self.limit
                )
            })
            .collect()
    }

    fn finish(mut self: Box<Self>) -> Result<(), WriteError> {
        if let Some(e) = self.failed.take() {
            return Err(e.into());
        }
        self.book.save(&self.path)?;
        Ok(())
    }
}

/// Rows the `cells` sheet takes per report (a 2021 report's leaves).
pub fn cells_rows_per_report() -> usize {
    super::columns::leaf_keys(crate::report::Template::T2021).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_sheet_continues_on_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        let mut sink = Box::new(XlsxSink::with_sheet_rows(&path, Lang::En, 10));
        for i in 0..25 {
            let e = FileError { path: format!("f{i}"), code: "x".into(), message: "m".into() };
            sink.error(&e).unwrap();
        }
        let notes = sink.notes();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].starts_with("the errors sheet continues on errors (2) … errors (3) (3 sheets"), "{notes:?}");
        sink.finish().unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut book = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut book).unwrap();
        for name in ["\"errors\"", "\"errors (2)\"", "\"errors (3)\"", "\"cells\""] {
            assert!(book.contains(name), "{name} in {book}");
        }
    }
}
