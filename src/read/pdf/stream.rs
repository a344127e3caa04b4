//! Tables without ruling lines ("stream"), the fallback for pages where the
//! lattice finder sees no ruled table: runs of lines whose words sit in
//! shared columns with numbers among them. Columns come from the words of
//! those lines projected onto the x axis; header lines just above the run
//! join it.

use super::text::Line;
use crate::document::{Cell, Table};
use crate::norm::number::{Value, parse};

/// Lines of a table: at least this many words, this many of them numbers.
const MIN_WORDS: usize = 3;
const MIN_NUMBERS: usize = 2;
/// Runs shorter than this are not tables.
const MIN_ROWS: usize = 3;
/// Header lines taken in above a run.
const MAX_HEADER_LINES: usize = 3;

fn tabular(l: &Line) -> bool {
    l.words.len() >= MIN_WORDS
        && l.words.iter().filter(|w| matches!(parse(&w.text), Value::Number { .. })).count() >= MIN_NUMBERS
}

/// Column intervals: the words of the tabular lines projected and merged.
fn columns(lines: &[&Line]) -> Vec<(f32, f32)> {
    let mut spans: Vec<(f32, f32)> = lines.iter().flat_map(|l| l.words.iter().map(|w| (w.x0, w.x1))).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32)> = Vec::new();
    for (a, b) in spans {
        match out.last_mut() {
            Some(last) if a <= last.1 + 1.0 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// A found table: its top, the table, and the indices of the lines it took.
pub struct Found {
    pub top: f32,
    pub table: Table,
    pub lines: std::ops::Range<usize>,
}

/// Borderless tables among `lines` (top to bottom).
pub fn tables(lines: &[Line], page: u32) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !tabular(&lines[i]) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < lines.len() && tabular(&lines[end]) {
            end += 1;
        }
        if end - i < MIN_ROWS {
            i = end;
            continue;
        }
        let cols = columns(&lines[i..end].iter().collect::<Vec<_>>());
        if cols.len() < MIN_WORDS {
            i = end;
            continue;
        }
        let mut start = i;
        let floor = out.last().map_or(0, |f: &Found| f.lines.end);
        while start > floor && i - start < MAX_HEADER_LINES && lines[start - 1].words.len() >= 2 {
            start -= 1;
        }
        let col_of = |x: f32| {
            cols.iter().position(|&(a, b)| x >= a - 1.0 && x <= b + 1.0).unwrap_or_else(|| {
                cols.iter()
                    .enumerate()
                    .min_by(|p, q| ((p.1.0 + p.1.1) / 2.0 - x).abs().total_cmp(&((q.1.0 + q.1.1) / 2.0 - x).abs()))
                    .map_or(0, |(k, _)| k)
            })
        };
        let mut cells: Vec<Cell> = Vec::new();
        for (r, line) in lines[start..end].iter().enumerate() {
            let mut row: Vec<(usize, String)> = Vec::new();
            for w in &line.words {
                let c = col_of((w.x0 + w.x1) / 2.0);
                match row.iter_mut().find(|(k, _)| *k == c) {
                    Some((_, t)) => {
                        t.push(' ');
                        t.push_str(&w.text);
                    }
                    None => row.push((c, w.text.clone())),
                }
            }
            cells.extend(row.into_iter().map(|(c, text)| Cell {
                row: r,
                col: c,
                row_span: 1,
                col_span: 1,
                text,
                page: Some(page),
                bbox: Some([cols[c].0, line.bottom, cols[c].1, line.top]),
                ocr: None,
            }));
        }
        let mut table = Table::from_cells(cells);
        table.pages = vec![page];
        out.push(Found { top: lines[start].top, table, lines: start..end });
        i = end;
    }
    out
}
