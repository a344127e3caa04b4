//! Tables across pages: a table that ends one page and the table that
//! starts the next are one table when their column lines agree; a repeated
//! header is dropped, a row cut by the break is mended, and cells merged
//! down across the break are one cell again.

use super::{Item, lattice};
use crate::document::{Block, Cell, OcrRead, Table};

/// Column lines of two parts of a table this close are one line: the snap of
/// the lattice (a boxed cell whose neighbour is not drawn on one page puts
/// the line at its own edge, not the middle of the gap).
const COLUMN_TOLERANCE: f32 = lattice::SETTINGS.snap;

/// The column lines of two parts of one table, joined, if they are parts
/// of one: they share an outer edge, and where both have columns, the
/// lines of one are lines of the other (a header whose merged cells hide
/// some lines still lines up with the body; a part whose first columns
/// hold only the rest of cells merged down from the previous page has no
/// lines there at all).
fn joined_columns(a: &[f32], b: &[f32]) -> Option<Vec<f32>> {
    let near = |x: f32, y: f32| (x - y).abs() <= COLUMN_TOLERANCE;
    let within = |x: f32, ys: &[f32]| ys.iter().any(|&y| near(x, y));
    let (&a0, &a1, &b0, &b1) = (a.first()?, a.last()?, b.first()?, b.last()?);
    if !near(a0, b0) && !near(a1, b1) {
        return None;
    }
    let (lo, hi) = (a0.max(b0) - COLUMN_TOLERANCE, a1.min(b1) + COLUMN_TOLERANCE);
    let common = |xs: &[f32]| -> Vec<f32> { xs.iter().copied().filter(|&x| x >= lo && x <= hi).collect() };
    let (ca, cb) = (common(a), common(b));
    let subset = ca.iter().all(|&x| within(x, &cb)) || cb.iter().all(|&x| within(x, &ca));
    let outer_both = near(a0, b0) && near(a1, b1);
    if !subset || (!outer_both && ca.len().min(cb.len()) < 3) {
        return None;
    }
    let mut all: Vec<f32> = a.to_vec();
    all.extend(b.iter().copied().filter(|&x| !within(x, a)));
    all.sort_by(f32::total_cmp);
    Some(all)
}

/// Cells of `prev`'s last row in columns where `next` has no cell at all
/// go on down through `next` (a merged cell cut by the break whose rest
/// the renderer left without lines).
fn continue_empty_columns(prev: &mut Table, next: &Table) {
    if prev.n_rows == 0 || next.n_rows == 0 {
        return;
    }
    let last = prev.n_rows - 1;
    let covered: Vec<bool> =
        (0..prev.n_cols).map(|c| next.cells.iter().any(|n| n.col <= c && c < n.col + n.col_span)).collect();
    for cell in prev.cells.iter_mut() {
        let cols = cell.col..(cell.col + cell.col_span).min(covered.len());
        if cell.row + cell.row_span == last + 1 && !cols.is_empty() && cols.clone().all(|c| !covered[c]) {
            cell.row_span += next.n_rows;
        }
    }
}

/// Re-expresses a table's columns on the finer grid `to` (its own lines `xs`
/// are a subset of `to`).
fn regrid(t: Table, xs: &[f32], to: &[f32]) -> Table {
    if xs.len() == to.len() {
        return t;
    }
    let index = |x: f32| to.iter().position(|y| (x - y).abs() <= COLUMN_TOLERANCE).unwrap_or(0);
    let pages = t.pages.clone();
    let cells = t
        .cells
        .into_iter()
        .map(|mut c| {
            let (a, b) = (xs.get(c.col).copied(), xs.get(c.col + c.col_span).copied());
            if let (Some(a), Some(b)) = (a, b) {
                let (ia, ib) = (index(a), index(b));
                c.col = ia;
                c.col_span = ib.saturating_sub(ia).max(1);
            }
            c
        })
        .collect();
    let mut out = Table::from_cells(cells);
    out.pages = pages;
    out
}

fn row_texts(t: &Table, r: usize) -> Vec<String> {
    t.row_cells(r).iter().map(|c| c.text.clone()).collect()
}

/// Drops the first `k` rows (a header repeated on the next page).
fn drop_rows(t: Table, k: usize) -> Table {
    let pages = t.pages.clone();
    let cells: Vec<Cell> = t
        .cells
        .into_iter()
        .filter(|c| c.row + c.row_span > k)
        .map(|mut c| {
            let start = c.row.max(k);
            c.row_span -= start - c.row;
            c.row = start - k;
            c
        })
        .collect();
    let mut out = Table::from_cells(cells);
    out.pages = pages;
    out
}

/// Drops the rows at the end of a part that hold no text at all (the sliver
/// of a row that a page break cut, drawn with rules of its own), so the row
/// above meets its continuation on the next page.
fn drop_empty_tail(t: Table) -> Table {
    let mut n = t.n_rows;
    while n > 1 && t.cells.iter().all(|c| c.row + c.row_span < n || c.row < n - 1 || c.text.trim().is_empty()) {
        n -= 1;
    }
    if n == t.n_rows {
        return t;
    }
    let pages = t.pages.clone();
    let cells: Vec<Cell> = t
        .cells
        .into_iter()
        .filter(|c| c.row < n)
        .map(|mut c| {
            c.row_span = c.row_span.min(n - c.row);
            c
        })
        .collect();
    let mut out = Table::from_cells(cells);
    out.pages = pages;
    out
}

/// The column partition of grid row `r`: (first column, span) of each cell.
fn partition(t: &Table, r: usize) -> Vec<(usize, usize)> {
    t.row_cells(r).iter().map(|c| (c.col, c.col_span)).collect()
}

/// A row split by the page break: the next page's first row has the same
/// cells as the last row before the break and no numbers of its own (the
/// rest of a header's wrapped text).
fn continues_split_row(prev: &Table, next: &Table) -> bool {
    if prev.n_rows == 0 || next.n_rows == 0 {
        return false;
    }
    !holds_numbers(next, 0) && partition(prev, prev.n_rows - 1) == partition(next, 0)
}

/// Whether a cell of grid row `r` is a number (a label's `1.` is not).
fn holds_numbers(t: &Table, r: usize) -> bool {
    use crate::norm::number::{Value, parse};
    t.row_cells(r).iter().any(|c| matches!(parse(&c.text), Value::Number { .. }))
}

/// Appends the texts of `next`'s first row to the cells of `prev`'s last row.
fn merge_first_row(prev: &mut Table, next: &Table) {
    let last = prev.n_rows - 1;
    let parts: Vec<(usize, String, Option<OcrRead>)> =
        next.row_cells(0).iter().filter(|c| !c.text.is_empty()).map(|c| (c.col, c.text.clone(), c.ocr)).collect();
    for (col, text, ocr) in parts {
        let Some(pos) = prev.cells.iter().position(|c| c.col == col && c.row <= last && c.row + c.row_span > last)
        else {
            continue;
        };
        let cell = &mut prev.cells[pos];
        if !cell.text.is_empty() {
            cell.text.push('\n');
        }
        cell.text.push_str(&text);
        cell.ocr = OcrRead::join(cell.ocr, ocr);
    }
}

/// A cell merged down several rows and cut by the page break goes on as a
/// cell at the top of the next part (empty, or with the rest of a wrapped
/// header label): one cell again.
fn continue_spans(prev: &mut Table, next: &mut Table) {
    if prev.n_rows == 0 {
        return;
    }
    let last = prev.n_rows - 1;
    // In a header row (no numbers) every empty cell under a cell continues it;
    // among data rows only one that spans rows on either side does.
    let header = !holds_numbers(next, 0);
    next.cells.retain(|n| {
        // Data rows: only an empty rest continues a cell; in a header row the
        // rest of a wrapped label does too.
        if n.row != 0 || (!header && !n.text.trim().is_empty()) {
            return true;
        }
        let above = prev.cells.iter_mut().find(|p| {
            p.col == n.col
                && p.col_span == n.col_span
                && p.row + p.row_span == last + 1
                && !p.text.trim().is_empty()
                && (header || p.row_span >= 2 || n.row_span >= 2)
        });
        match above {
            Some(p) => {
                p.row_span += n.row_span;
                if !n.text.trim().is_empty() {
                    p.text.push('\n');
                    p.text.push_str(&n.text);
                    p.ocr = OcrRead::join(p.ocr, n.ocr);
                }
                false
            }
            None => true,
        }
    });
}

/// Joins a table that ends one page with the table that starts the next
/// when their columns line up, dropping a repeated header.
pub fn join_pages(items: Vec<(u32, Item)>) -> Vec<Block> {
    let mut out: Vec<(u32, Item)> = Vec::new();
    for (page, item) in items {
        let joined = match (out.last(), &item) {
            (Some((p, Item::Table { xs: prev_xs, .. })), Item::Table { xs, .. })
                if *p + 1 == page && !out.iter().any(|(q, i)| *q == page && matches!(i, Item::Para(_))) =>
            {
                joined_columns(prev_xs, xs)
            }
            _ => None,
        };
        if let Some(fine) = joined {
            if let (Some((last_page, Item::Table { table: prev, xs: prev_xs })), Item::Table { table: next, xs }) =
                (out.last_mut(), item)
            {
                // Both parts on the joined column grid.
                let old = std::mem::take(prev);
                *prev = drop_empty_tail(regrid(old, prev_xs, &fine));
                let next = regrid(next, &xs, &fine);
                *prev_xs = fine;
                let mut k = 0;
                while k < next.n_rows && k < prev.n_rows && row_texts(&next, k) == row_texts(prev, k) {
                    k += 1;
                }
                let mut next = if k > 0 && k < next.n_rows { drop_rows(next, k) } else { next };
                if continues_split_row(prev, &next) {
                    merge_first_row(prev, &next);
                    next = drop_rows(next, 1);
                }
                continue_spans(prev, &mut next);
                continue_empty_columns(prev, &next);
                prev.append(next);
                *last_page = page;
            }
            continue;
        }
        out.push((page, item));
    }
    out.into_iter()
        .map(|(_, i)| match i {
            Item::Para(p) => Block::Paragraph(p),
            Item::Table { table, .. } => Block::Table(table),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: usize, col: usize, row_span: usize, text: &str) -> Cell {
        Cell { row, col, row_span, col_span: 1, text: text.into(), page: None, bbox: None, ocr: None }
    }

    fn part(cells: Vec<Cell>) -> Item {
        Item::Table { table: Table::from_cells(cells), xs: vec![0.0, 10.0, 20.0, 30.0, 40.0] }
    }

    #[test]
    fn a_row_cut_by_the_page_break_with_a_ruled_sliver_is_one_row_again() {
        // Page 1 ends with the top of （六）'s first row (its numbers, printed
        // at the top) and an empty ruled sliver; page 2 goes on with the
        // rest of that row's label.
        let first = part(vec![
            cell(0, 0, 3, "三、办理结果"),
            cell(0, 1, 1, "（五）不予处理"),
            cell(0, 2, 1, "1.信访"),
            cell(0, 3, 1, "3"),
            cell(1, 1, 1, "（六）其他处理"),
            cell(1, 2, 1, ""),
            cell(1, 3, 1, "0"),
            cell(2, 1, 1, ""),
            cell(2, 2, 1, ""),
            cell(2, 3, 1, ""),
        ]);
        let second = part(vec![
            cell(0, 0, 3, ""),
            cell(0, 1, 3, ""),
            cell(0, 2, 1, "1.申请人无正当理由"),
            cell(0, 3, 1, ""),
            cell(1, 2, 1, "2.申请人逾期"),
            cell(1, 3, 1, "5"),
            cell(2, 2, 1, "3.其他"),
            cell(2, 3, 1, "1"),
        ]);
        let blocks = join_pages(vec![(1, first), (2, second)]);
        let [Block::Table(t)] = &blocks[..] else { panic!("one table: {blocks:?}") };
        let text = |r: usize, c: usize| t.at(r, c).map_or(String::new(), |x| x.text.clone());
        assert_eq!(t.n_rows, 4);
        assert_eq!(
            (text(1, 1), text(1, 2), text(1, 3)),
            ("（六）其他处理".into(), "1.申请人无正当理由".into(), "0".into())
        );
        assert_eq!((text(2, 1), text(2, 2), text(2, 3)), ("（六）其他处理".into(), "2.申请人逾期".into(), "5".into()));
        assert_eq!((text(3, 0), text(3, 1), text(3, 3)), ("三、办理结果".into(), "（六）其他处理".into(), "1".into()));
    }
}
