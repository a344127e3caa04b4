//! HTML table rows → grid cells with their spans resolved, following the
//! HTML table model: a cell takes the first column of its row not covered by
//! a `rowspan` from above; `rowspan=0` (and any rowspan running past the end)
//! stops at the end of its row group (`thead`/`tbody`/`tfoot`).
//!
//! Written by hand rather than taken from a crate: none of the HTML parsers
//! resolve spans, and bounding absurd spans is ours to do. Spans are clamped
//! as browsers do (colspan ≤ 1000, rowspan ≤ 65534) and a table's grid is
//! capped, so a hostile page cannot make a huge allocation.

use crate::document::Cell;

/// Browsers clamp `colspan` to 1000 (HTML spec).
pub const MAX_COLSPAN: usize = 1000;
/// Browsers clamp `rowspan` to 65534 (HTML spec).
pub const MAX_ROWSPAN: usize = 65534;
/// Widest table kept; cells starting further right are dropped.
pub const MAX_COLS: usize = 2000;
/// Largest grid (rows × columns) of one table; rows past it are dropped.
pub const MAX_TABLE_GRID: usize = 1 << 20;

/// One `<td>`/`<th>` as parsed: spans as written (0 rowspan = to the end of
/// the row group) and its text.
#[derive(Debug, Clone, Default)]
pub struct RawCell {
    pub row_span: usize,
    pub col_span: usize,
    pub text: String,
}

/// One `<tr>` and the row group (`thead`/`tbody`/`tfoot`) it belongs to.
#[derive(Debug, Clone, Default)]
pub struct RawRow {
    pub group: usize,
    pub cells: Vec<RawCell>,
}

/// The resolved cells, and whether rows or cells had to be dropped.
pub struct Resolved {
    pub cells: Vec<Cell>,
    pub truncated: bool,
}

/// Parses a span attribute as browsers do: leading digits, else the default.
pub fn parse_span(value: Option<&str>, default: usize, max: usize) -> usize {
    let Some(v) = value else { return default };
    let digits: String = v.trim().chars().take_while(|c| c.is_ascii_digit()).take(12).collect();
    match digits.parse::<usize>() {
        Ok(n) => n.min(max),
        Err(_) => default,
    }
}

/// Places every cell on the grid.
pub fn resolve(rows: Vec<RawRow>) -> Resolved {
    // Last row index of each row's group.
    let mut group_end = vec![0usize; rows.len()];
    let mut i = rows.len();
    while i > 0 {
        i -= 1;
        group_end[i] = if i + 1 < rows.len() && rows[i + 1].group == rows[i].group { group_end[i + 1] } else { i };
    }
    // Spans from rows above still covering columns: (first col, end col, last row), sorted.
    let mut active: Vec<(usize, usize, usize)> = Vec::new();
    let mut out = Vec::new();
    let mut width = 0usize;
    let mut truncated = false;
    for (r, row) in rows.into_iter().enumerate() {
        if (r + 1).saturating_mul(width.max(1)) > MAX_TABLE_GRID {
            truncated = true;
            break;
        }
        active.retain(|&(_, _, last)| last >= r);
        let mut added = Vec::new();
        let mut next = 0usize; // index into `active`
        let mut c = 0usize;
        for cell in row.cells {
            // Skip columns covered from above.
            loop {
                while next < active.len() && active[next].1 <= c {
                    next += 1;
                }
                match active.get(next) {
                    Some(&(start, end, _)) if start <= c => c = end,
                    _ => break,
                }
            }
            if c >= MAX_COLS {
                truncated = true;
                break;
            }
            let col_span = cell.col_span.clamp(1, MAX_COLSPAN).min(MAX_COLS - c);
            let rows_left = group_end[r] - r + 1;
            let row_span = match cell.row_span {
                0 => rows_left,
                n => n.min(MAX_ROWSPAN).min(rows_left),
            };
            if row_span > 1 {
                added.push((c, c + col_span, r + row_span - 1));
            }
            out.push(Cell { row: r, col: c, row_span, col_span, text: cell.text, page: None, bbox: None, ocr: None });
            c += col_span;
            width = width.max(c);
        }
        if !added.is_empty() {
            active.extend(added);
            active.sort_unstable();
        }
    }
    // A wide row met late can still push the grid past the cap.
    let n_rows = out.iter().map(|c| c.row + c.row_span).max().unwrap_or(0);
    if n_rows.saturating_mul(width) > MAX_TABLE_GRID {
        let keep = MAX_TABLE_GRID / width.max(1);
        out.retain(|c| c.row < keep);
        for c in &mut out {
            c.row_span = c.row_span.min(keep - c.row);
        }
        truncated = true;
    }
    Resolved { cells: out, truncated }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Table;

    fn row(group: usize, cells: &[(usize, usize, &str)]) -> RawRow {
        RawRow {
            group,
            cells: cells.iter().map(|&(rs, cs, t)| RawCell { row_span: rs, col_span: cs, text: t.into() }).collect(),
        }
    }

    #[test]
    fn rowspans_push_cells_right() {
        // The 表三 header: corner 3×3, 申请人情况 ×7, then 自然人/总计 rowspan 2.
        let rows = vec![
            row(0, &[(3, 3, "corner"), (1, 7, "申请人情况")]),
            row(0, &[(2, 1, "自然人"), (1, 5, "法人或其他组织"), (2, 1, "总计")]),
            row(
                0,
                &[
                    (1, 1, "商业企业"),
                    (1, 1, "科研机构"),
                    (1, 1, "社会公益组织"),
                    (1, 1, "法律服务机构"),
                    (1, 1, "其他"),
                ],
            ),
        ];
        let t = Table::from_cells(resolve(rows).cells);
        assert_eq!((t.n_rows, t.n_cols), (3, 10));
        assert_eq!(t.at(2, 4).map(|c| c.text.as_str()), Some("商业企业"));
        assert_eq!(t.at(2, 8).map(|c| c.text.as_str()), Some("其他"));
        assert_eq!(t.at(2, 9).map(|c| c.text.as_str()), Some("总计"));
    }

    #[test]
    fn rowspan_zero_and_overlong_stop_at_group_end() {
        let rows = vec![row(0, &[(0, 1, "a"), (9, 1, "b")]), row(0, &[(1, 1, "c")]), row(1, &[(1, 1, "d")])];
        let r = resolve(rows);
        let t = Table::from_cells(r.cells);
        assert_eq!(t.at(1, 0).map(|c| c.text.as_str()), Some("a"));
        assert_eq!(t.at(1, 1).map(|c| c.text.as_str()), Some("b"));
        assert_eq!(t.at(1, 2).map(|c| c.text.as_str()), Some("c"));
        assert_eq!(t.at(2, 0).map(|c| c.text.as_str()), Some("d"));
    }

    #[test]
    fn absurd_spans_are_clamped() {
        assert_eq!(parse_span(Some("99999999999999999999"), 1, MAX_COLSPAN), MAX_COLSPAN);
        assert_eq!(parse_span(Some(" 3px"), 1, MAX_COLSPAN), 3);
        assert_eq!(parse_span(Some("x"), 1, MAX_COLSPAN), 1);
        let rows: Vec<RawRow> = (0..5000).map(|_| row(0, &[(65534, 1000, "x"), (1, 1000, "y")])).collect();
        let r = resolve(rows);
        assert!(r.truncated);
        let t = Table::from_cells(r.cells);
        assert!(t.n_rows * t.n_cols <= MAX_TABLE_GRID);
    }
}
