//! The format-neutral document: what every reader produces and the report
//! layer (and `nianbao tables`) consumes. Merged cells are resolved once, here,
//! so later steps see a clean grid.

use serde::Serialize;

/// A document as an ordered list of blocks (paragraphs and tables).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Page count where the format has pages (PDF), else `None`.
    pub pages: Option<u32>,
    /// Metadata the container carries outside the body, e.g. an HTML `<title>`
    /// or a page's "发布机构" line: candidates for the title, never body text.
    pub meta_title: Option<String>,
    /// Things the reader noticed that a user should know (e.g. "read from
    /// flattened text"), as (code, message).
    pub notes: Vec<(String, String)>,
    /// Running text was read by OCR (scanned pages): names in it may be
    /// misread.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ocr_text: bool,
}

/// How OCR read a table cell (a scanned page, a table pasted as a
/// picture): the confidence of its reading (0–1), and whether ink was left
/// unread.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OcrRead {
    pub confidence: f32,
    pub unreadable: bool,
}

/// One block of the body, in document order.
#[derive(Debug, Clone, Serialize)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// A paragraph of running text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Paragraph {
    pub text: String,
    /// 1-based page number (PDF only).
    pub page: Option<u32>,
}

impl OcrRead {
    /// The reading of a cell joined from two parts: the less sure one.
    pub fn join(a: Option<OcrRead>, b: Option<OcrRead>) -> Option<OcrRead> {
        match (a, b) {
            (Some(a), Some(b)) => {
                Some(OcrRead { confidence: a.confidence.min(b.confidence), unreadable: a.unreadable || b.unreadable })
            }
            (a, b) => a.or(b),
        }
    }
}

/// One table cell after merges are resolved: it covers rows
/// `row..row+row_span` and columns `col..col+col_span` of its table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    /// Text with line breaks kept as `\n`.
    pub text: String,
    /// 1-based page number (PDF only).
    pub page: Option<u32>,
    /// PDF points, origin bottom-left: x0, y0, x1, y1 (PDF only).
    pub bbox: Option<[f32; 4]>,
    /// Set when the text was read by OCR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrRead>,
}

/// A table as a grid of merged cells.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Table {
    pub n_rows: usize,
    pub n_cols: usize,
    /// One entry per real cell, row-major by top-left position.
    pub cells: Vec<Cell>,
    /// Pages the table lies on (PDF only; empty elsewhere).
    pub pages: Vec<u32>,
    /// `grid[r * n_cols + c]` is the index in `cells` of the cell covering
    /// (r, c), or `u32::MAX` where no cell does (a ragged row).
    #[serde(skip)]
    grid: Vec<u32>,
}

const NO_CELL: u32 = u32::MAX;

/// Grid positions a table may have (rows × columns). A forged file can
/// declare a million rows next to one very wide row; past this bound the
/// extra rows are dropped rather than allocated.
pub const MAX_GRID: usize = 1 << 22;

impl Table {
    /// Builds a table from cells whose spans are already known. Cells are
    /// sorted row-major; a cell overlapping an earlier one is clipped away
    /// (readers of broken files may produce overlaps; the grid stays sane).
    pub fn from_cells(mut cells: Vec<Cell>) -> Table {
        cells.retain(|c| c.row_span > 0 && c.col_span > 0);
        cells.sort_by_key(|c| (c.row, c.col));
        let n_cols = cells.iter().map(|c| c.col.saturating_add(c.col_span)).max().unwrap_or(0);
        let max_rows = MAX_GRID / n_cols.max(1);
        cells.retain(|c| c.row < max_rows && c.col_span <= MAX_GRID);
        for c in cells.iter_mut() {
            c.row_span = c.row_span.min(max_rows - c.row);
        }
        let n_rows = cells.iter().map(|c| c.row + c.row_span).max().unwrap_or(0);
        let mut grid = vec![NO_CELL; n_rows * n_cols];
        let mut kept = Vec::with_capacity(cells.len());
        for cell in cells {
            let free = (cell.row..cell.row + cell.row_span)
                .all(|r| (cell.col..cell.col + cell.col_span).all(|c| grid[r * n_cols + c] == NO_CELL));
            if !free {
                continue;
            }
            let idx = kept.len() as u32;
            for r in cell.row..cell.row + cell.row_span {
                for c in cell.col..cell.col + cell.col_span {
                    grid[r * n_cols + c] = idx;
                }
            }
            kept.push(cell);
        }
        Table { n_rows, n_cols, cells: kept, pages: Vec::new(), grid }
    }

    /// The cell covering grid position (row, col), if any.
    pub fn at(&self, row: usize, col: usize) -> Option<&Cell> {
        if row >= self.n_rows || col >= self.n_cols {
            return None;
        }
        match self.grid[row * self.n_cols + col] {
            NO_CELL => None,
            i => self.cells.get(i as usize),
        }
    }

    /// The distinct cells met walking grid row `row` left to right.
    pub fn row_cells(&self, row: usize) -> Vec<&Cell> {
        let mut out: Vec<&Cell> = Vec::new();
        for c in 0..self.n_cols {
            if let Some(cell) = self.at(row, c)
                && !out.last().is_some_and(|l| std::ptr::eq(*l, cell))
            {
                out.push(cell);
            }
        }
        out
    }

    /// Appends the rows of `other` below this table (a table continued on the
    /// next page or after an intervening paragraph). Columns are taken as
    /// aligned; the wider of the two sets the width.
    pub fn append(&mut self, other: Table) {
        let offset = self.n_rows;
        let mut cells = std::mem::take(&mut self.cells);
        cells.extend(other.cells.into_iter().map(|mut c| {
            c.row += offset;
            c
        }));
        let mut pages = std::mem::take(&mut self.pages);
        for p in other.pages {
            if !pages.contains(&p) {
                pages.push(p);
            }
        }
        *self = Table::from_cells(cells);
        self.pages = pages;
    }
}

impl Document {
    /// Calls `f` on every text of the document: paragraphs, cells and the
    /// meta title (e.g. to normalise characters once for every reader).
    pub fn for_each_text(&mut self, mut f: impl FnMut(&mut String)) {
        for block in &mut self.blocks {
            match block {
                Block::Paragraph(p) => f(&mut p.text),
                Block::Table(t) => t.cells.iter_mut().for_each(|c| f(&mut c.text)),
            }
        }
        if let Some(t) = &mut self.meta_title {
            f(t);
        }
    }

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
    }

    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            Block::Table(_) => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: usize, col: usize, rs: usize, cs: usize, text: &str) -> Cell {
        Cell { row, col, row_span: rs, col_span: cs, text: text.into(), ..Cell::default() }
    }

    #[test]
    fn grid_resolves_spans() {
        let t = Table::from_cells(vec![
            cell(0, 0, 2, 1, "a"),
            cell(0, 1, 1, 2, "b"),
            cell(1, 1, 1, 1, "c"),
            cell(1, 2, 1, 1, "d"),
        ]);
        assert_eq!((t.n_rows, t.n_cols), (2, 3));
        assert_eq!(t.at(1, 0).map(|c| c.text.as_str()), Some("a"));
        assert_eq!(t.at(0, 2).map(|c| c.text.as_str()), Some("b"));
        let texts: Vec<_> = t.row_cells(1).iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["a", "c", "d"]);
    }

    #[test]
    fn overlapping_cells_are_clipped() {
        let t = Table::from_cells(vec![cell(0, 0, 2, 2, "big"), cell(1, 1, 1, 1, "inside")]);
        assert_eq!(t.cells.len(), 1);
    }

    #[test]
    fn absurd_grids_are_bounded() {
        let mut cells: Vec<Cell> = (0..2_000_000).map(|r| cell(r, 0, 1, 1, "")).collect();
        cells.push(cell(0, 0, 1, 512, "wide"));
        let t = Table::from_cells(cells);
        assert!(t.n_rows * t.n_cols <= MAX_GRID, "{} x {}", t.n_rows, t.n_cols);
    }

    #[test]
    fn append_shifts_rows() {
        let mut a = Table::from_cells(vec![cell(0, 0, 1, 1, "x")]);
        a.append(Table::from_cells(vec![cell(0, 0, 1, 2, "y")]));
        assert_eq!((a.n_rows, a.n_cols), (2, 2));
        assert_eq!(a.at(1, 1).map(|c| c.text.as_str()), Some("y"));
    }
}
