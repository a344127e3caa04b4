//! XLSX: sheets `reports` (wide; Chinese headers by default), `cells` (long,
//! with provenance), `checks` (one row per failing rule), `errors` (files
//! that failed, duplicates) and `panel` (one row per organ key and year:
//! indicators, their change from the previous year, carry mismatches).
//!
//! A sheet that would pass Excel's row limit continues on `cells (2)`, …
//!
//! Made to read well when opened: the file name first and the full path in
//! the last column, column widths from the content (a CJK character counts
//! two), a frozen header row with an autofilter, numbers stored as numbers.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::columns::{
    CHECK_COLUMNS, Field, LONG_COLUMNS, Lang, check_rows, display_width, file_name, long_rows, panel_columns,
    panel_row, wide_columns, wide_row,
};
use super::{FileError, Sink, WriteError};
use crate::panel::PanelRow;
use crate::report::Report;

const REPORTS: usize = 0;
const CELLS: usize = 1;
const CHECKS: usize = 2;
const ERRORS: usize = 3;
const PANEL: usize = 4;

/// Rows a worksheet holds (Excel's limit, header included).
pub const SHEET_ROWS: u32 = 1_048_576;

/// Column widths (in characters of a Latin font) are kept in this range; a
/// long header beyond `HEADER_MAX` wraps instead of widening its column.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;
const HEADER_MAX: usize = 14;

/// One kind of sheet and its parts: past the row limit it continues on
/// `cells (2)`, `cells (3)`, …
struct Kind {
    name: &'static str,
    cols: Vec<String>,
    /// The widest content so far per column (all parts share their widths).
    widths: Vec<usize>,
    /// Per part: its workbook index and the rows written (header included).
    parts: Vec<(usize, u32)>,
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

impl XlsxSink {
    pub fn new(path: &Path, lang: Lang) -> Self {
        Self::with_sheet_rows(path, lang, SHEET_ROWS)
    }

    /// A workbook whose sheets hold at most `limit` rows (tests use a few).
    pub fn with_sheet_rows(path: &Path, lang: Lang, limit: u32) -> Self {
        let en = |cols: &[&str]| cols.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let full_path = if lang == Lang::En { "path" } else { "完整路径" };
        let mut wide = wide_columns(lang);
        wide.push(full_path.to_string());
        let mut long = en(LONG_COLUMNS);
        long.push("file_path".into());
        let kinds: [(&str, Vec<String>); 5] = [
            ("reports", wide),
            ("cells", long),
            ("checks", en(&[CHECK_COLUMNS, &["file_path"]].concat())),
            ("errors", en(&["file", "code", "message", "file_path"])),
            ("panel", panel_columns(lang)),
        ];
        let mut sink = XlsxSink {
            path: path.to_path_buf(),
            book: Workbook::new(),
            kinds: Vec::new(),
            sheets: 0,
            limit: limit.clamp(2, SHEET_ROWS),
            header: Format::new().set_bold().set_text_wrap(),
            failed: None,
        };
        for (name, cols) in kinds {
            let widths = cols.iter().map(|c| display_width(c).min(HEADER_MAX)).collect();
            sink.kinds.push(Kind { name, cols, widths, parts: Vec::new() });
            if let Err(e) = sink.add_part(sink.kinds.len() - 1) {
                sink.failed.get_or_insert(e);
            }
        }
        sink
    }

    /// Starts the next sheet of a kind, with its header.
    fn add_part(&mut self, k: usize) -> Result<(), XlsxError> {
        let kind = &mut self.kinds[k];
        let n = kind.parts.len() + 1;
        let name = if n == 1 { kind.name.to_string() } else { format!("{} ({n})", kind.name) };
        // Constant-memory sheets stream their rows to temporary files, so a
        // workbook of thousands of reports does not sit in memory.
        let sheet = self.book.add_worksheet_with_constant_memory();
        setup(sheet?, &name, &kind.cols, &self.header)?;
        kind.parts.push((self.sheets, 1));
        self.sheets += 1;
        Ok(())
    }

    /// Writes one row of a kind (continuing on a new sheet when full),
    /// keeping the widest content per column.
    fn put(&mut self, k: usize, fields: &[Field]) -> Result<(), WriteError> {
        if self.kinds[k].parts.last().is_none_or(|p| p.1 >= self.limit) {
            self.add_part(k)?;
        }
        let kind = &mut self.kinds[k];
        for (c, f) in fields.iter().enumerate() {
            let w = match f {
                Field::Text(s) => display_width(s),
                Field::Number(_) => f.to_csv().len(),
                Field::Empty => 0,
            };
            if let Some(max) = kind.widths.get_mut(c) {
                *max = (*max).max(w);
            }
        }
        let Some(part) = kind.parts.last_mut() else { return Ok(()) };
        write_fields(self.book.worksheet_from_index(part.0)?, part.1, fields)?;
        part.1 += 1;
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
        for fields in check_rows(report) {
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

    fn notes(&self) -> Vec<String> {
        self.kinds
            .iter()
            .filter(|k| k.parts.len() > 1)
            .map(|k| {
                let n = k.parts.len();
                format!(
                    "the {0} sheet continues on {0} (2){1} ({n} sheets; Excel holds {2} rows a sheet)",
                    k.name,
                    if n > 2 { format!(" … {} ({n})", k.name) } else { String::new() },
                    self.limit
                )
            })
            .collect()
    }

    fn finish(mut self: Box<Self>) -> Result<(), WriteError> {
        if let Some(e) = self.failed.take() {
            return Err(e.into());
        }
        for kind in &self.kinds {
            for &(index, rows) in &kind.parts {
                let sheet = self.book.worksheet_from_index(index)?;
                for (c, w) in kind.widths.iter().enumerate() {
                    sheet.set_column_width(c as u16, (*w).clamp(MIN_WIDTH, MAX_WIDTH) as f64 + 2.0)?;
                }
                if !kind.widths.is_empty() {
                    sheet.autofilter(0, 0, rows - 1, (kind.widths.len() - 1) as u16)?;
                }
            }
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
