//! 表三 收到和处理政府信息公开申请情况: 26 rows × 7 applicant columns.
//! Columns come from the header cells (自然人, 商业企业 … 总计) wherever the
//! merges put them; rows from the most specific label cell of each row.
//! Where the header cannot be read, the trailing seven value cells are taken
//! in template order.

use super::Builder;
use super::labels::{app_col, app_row, is_app_group_label, norm};
use super::locate::Part;
use super::schema::{APP_COLS, APP_ROWS, app_row_index};
use crate::document::{Cell, Table};
use crate::norm::number::{Value, parse};

pub fn map(parts: &[Part<'_>], b: &mut Builder) {
    let mut seen = [false; 26];
    let mut cols_before: Option<[usize; 7]> = None;
    for part in parts {
        let t = part.table.as_ref();
        let first_data = (0..t.n_rows).find(|&r| is_data_row(t, r)).unwrap_or(t.n_rows);
        let cols = header_columns(t, first_data).or(cols_before);
        if cols.is_none() {
            b.warn("header_not_found", "表三: column headers not recognised; values taken in template order");
        }
        cols_before = cols;
        let label_end = cols.map_or(usize::MAX, |c| c.iter().copied().min().unwrap_or(0));
        let mut keys: Vec<Option<(&'static str, String)>> =
            (first_data..t.n_rows).map(|r| row_key(t, r, label_end)).collect();
        if t.cells.iter().any(|c| c.ocr.is_some()) {
            infer_by_order(t, first_data, label_end, &mut keys, b);
        }
        for (r, key) in (first_data..t.n_rows).zip(keys) {
            let Some((key, label)) = key else {
                let values = value_cells(t, r, label_end);
                if values.iter().any(|c| matches!(parse(&c.text), Value::Number { .. })) {
                    let text: Vec<&str> = t.row_cells(r).iter().map(|c| c.text.as_str()).collect();
                    b.warn("unknown_row", format!("表三: row not in the template, left out: {}", text.join(" | ")));
                }
                continue;
            };
            let Some(ri) = app_row_index(key) else { continue };
            let cells: Vec<Option<&Cell>> = match cols {
                Some(cols) => {
                    cols.iter().map(|&c| t.at(r, c).filter(|cell| cell.col >= label_end && cell.row == r)).collect()
                }
                None => {
                    let v = value_cells(t, r, label_end);
                    let skip = v.len().saturating_sub(7);
                    let mut out: Vec<Option<&Cell>> = v.into_iter().skip(skip).map(Some).collect();
                    out.resize(7, None);
                    out
                }
            };
            let all_blank = cells.iter().all(|c| c.is_none_or(|c| parse(&c.text) == Value::Empty));
            if all_blank && is_app_group_label(&norm(&label)) {
                continue;
            }
            if seen[ri] {
                if !all_blank {
                    b.warn("duplicate_row", format!("表三: row {key} appears twice; the first is kept"));
                }
                continue;
            }
            seen[ri] = true;
            for (ci, cell) in cells.into_iter().enumerate() {
                let value = cell.map_or(Value::Empty, |c| parse(&c.text));
                let path = format!("applications.{key}.{}", APP_COLS[ci].0);
                match value {
                    Value::Number { value, .. } => {
                        if value < 0.0 || value.fract() != 0.0 {
                            b.warn("not_a_count", format!("{path}: {value} is not a count; left null"));
                        } else {
                            b.apps.rows[ri][ci] = Some(value as i64);
                        }
                    }
                    Value::Text => b.warn(
                        "not_a_number",
                        format!("{path}: {:?} is not a number; left null", cell.map_or("", |c| c.text.as_str())),
                    ),
                    Value::Empty => {}
                }
                let col_label = APP_COLS[ci].1;
                b.record(path, "表三", &label, col_label, part.index, cell, r, ci);
            }
        }
    }
}

/// The row key and printed label of row `r`, from its label cells (those left
/// of `label_end`, or all non-numeric cells when the columns are unknown).
/// OCR'd labels too garbled to match (`工.奉导关不学识由关政府信息`) are
/// named by their place: the template prints its rows in one order, so
/// unread rows with numbers between two read rows that leave exactly that
/// many template rows between them are those rows.
fn infer_by_order(
    t: &Table,
    first: usize,
    label_end: usize,
    keys: &mut [Option<(&'static str, String)>],
    b: &mut Builder,
) {
    let known = |k: &Option<(&str, String)>| k.as_ref().and_then(|(k, _)| app_row_index(k));
    // The template's order: （六）其他处理 as three rows, or as one.
    let single_other = keys.iter().any(|k| k.as_ref().is_some_and(|(k, _)| *k == "other"));
    let order: Vec<usize> = (0..APP_ROWS.len())
        .filter(|&i| if single_other { !(20..=22).contains(&i) } else { APP_ROWS[i].0 != "other" })
        .collect();
    let pos = |i: usize| order.iter().position(|&o| o == i);
    let numeric =
        |r: usize| value_cells(t, r, label_end).iter().any(|c| matches!(parse(&c.text), Value::Number { .. }));
    // (index into keys, template position) of the rows read, in table order.
    let read: Vec<(usize, usize)> = keys.iter().enumerate().filter_map(|(i, k)| Some((i, pos(known(k)?)?))).collect();
    let bounds = std::iter::once((None, None)).chain(read.iter().map(|&(i, p)| (Some(i), Some(p))));
    let ends = read.iter().map(|&(i, p)| (Some(i), Some(p))).chain(std::iter::once((None, None)));
    for ((ai, ap), (bi, bp)) in bounds.zip(ends) {
        let from = ai.map_or(0, |i| i + 1);
        let to = bi.unwrap_or(keys.len());
        let unread: Vec<usize> = (from..to).filter(|&i| keys[i].is_none() && numeric(first + i)).collect();
        let (lo, hi) = (ap.map_or(0, |p| p + 1), bp.unwrap_or(order.len()));
        if unread.is_empty() || hi < lo || hi - lo != unread.len() || (ai.is_none() && bi.is_none()) {
            continue;
        }
        for (i, p) in unread.into_iter().zip(lo..hi) {
            let (key, label) = APP_ROWS[order[p]];
            let read: Vec<&str> = t.row_cells(first + i).iter().map(|c| c.text.as_str()).collect();
            b.warn(
                "ocr_row_by_order",
                format!("表三: row {:?} taken as {key} by its place in the template", read.join(" | ")),
            );
            keys[i] = Some((key, label.to_string()));
        }
    }
}

fn row_key(t: &Table, r: usize, label_end: usize) -> Option<(&'static str, String)> {
    let labels: Vec<&Cell> = t
        .row_cells(r)
        .into_iter()
        .filter(|c| c.col < label_end && !matches!(parse(&c.text), Value::Number { .. } | Value::Empty))
        .collect();
    // The most specific label is the rightmost; fall back to all of them.
    let last = labels.last()?;
    let key = app_row(&norm(&last.text)).or_else(|| {
        let all: String = labels.iter().map(|c| norm(&c.text)).collect();
        app_row(&all)
    })?;
    let printed: Vec<&str> = labels.iter().map(|c| c.text.as_str()).collect();
    Some((key, printed.join(" / ")))
}

/// A row with a template label and at least one number: the header rows
/// end above the first of these.
fn is_data_row(t: &Table, r: usize) -> bool {
    let has_number = t.row_cells(r).iter().any(|c| matches!(parse(&c.text), Value::Number { .. }));
    has_number && row_key(t, r, usize::MAX).is_some()
}

/// The distinct cells of row `r` right of the label area.
fn value_cells(t: &Table, r: usize, label_end: usize) -> Vec<&Cell> {
    let cells = t.row_cells(r);
    let start = if label_end == usize::MAX {
        cells.iter().rposition(|c| matches!(parse(&c.text), Value::Text)).map_or(0, |i| i + 1)
    } else {
        cells.iter().position(|c| c.col >= label_end).unwrap_or(cells.len())
    };
    cells[start..].to_vec()
}

/// Grid columns of the seven applicant columns, from the header rows above
/// the first data row. `None` unless all seven are found.
fn header_columns(t: &Table, first_data: usize) -> Option<[usize; 7]> {
    let mut cols = [usize::MAX; 7];
    for r in 0..first_data {
        for cell in t.row_cells(r) {
            if cell.row != r {
                continue;
            }
            if let Some(i) = app_col(&norm(&cell.text))
                && cols[i] == usize::MAX
            {
                cols[i] = cell.col;
            }
        }
    }
    cols.iter().all(|&c| c != usize::MAX).then_some(cols)
}
