//! 表四 政府信息公开行政复议、行政诉讼情况: one data row of 15 cells under a
//! two- or three-row header. Each column's meaning comes from the header
//! cells covering it (group from 行政复议 / 未经复议直接起诉 / 复议后起诉,
//! field from 结果维持 … 总计); failing that, the 15 values in template order.

use super::Builder;
use super::labels::{norm, review_field, review_group};
use super::locate::Part;
use super::schema::{REVIEW_FIELDS, REVIEW_GROUPS};
use crate::document::{Cell, Table};
use crate::norm::number::{Value, parse};

pub fn map(parts: &[Part<'_>], b: &mut Builder) {
    let Some(part) = parts.first() else { return };
    if parts.len() > 1 {
        b.warn("duplicate_table", "表四 appears more than once; the first is used");
    }
    let t = part.table.as_ref();
    let Some(data_row) = (0..t.n_rows).find(|&r| is_data_row(t, r)) else {
        b.warn("no_data_row", "表四: no row of values found under the header");
        return;
    };
    let mut cells: [[Option<&Cell>; 5]; 3] = [[None; 5]; 3];
    let mut found = 0;
    for c in 0..t.n_cols {
        let covering: Vec<String> =
            (0..data_row).filter_map(|r| t.at(r, c)).map(|cell| norm(&cell.text)).filter(|s| !s.is_empty()).collect();
        let (Some(g), Some(f)) = (review_group(&covering), covering.iter().rev().find_map(|s| review_field(s))) else {
            continue;
        };
        if cells[g][f].is_none()
            && let Some(cell) = t.at(data_row, c).filter(|cell| cell.row == data_row)
        {
            cells[g][f] = Some(cell);
            found += 1;
        }
    }
    if found < 15 {
        let values: Vec<&Cell> =
            t.row_cells(data_row).into_iter().filter(|c| !matches!(parse(&c.text), Value::Text)).collect();
        if values.len() >= 15 {
            if found > 0 {
                b.warn(
                    "header_not_found",
                    "表四: column headers only partly recognised; values taken in template order",
                );
            }
            let skip = values.len() - 15;
            for (i, cell) in values.into_iter().skip(skip).enumerate() {
                cells[i / 5][i % 5] = Some(cell);
            }
        }
    }
    for (g, row) in cells.iter().enumerate() {
        for (f, cell) in row.iter().enumerate() {
            let path = format!("reviews_lawsuits.{}.{}", REVIEW_GROUPS[g].0, REVIEW_FIELDS[f].0);
            match cell.map_or(Value::Empty, |c| parse(&c.text)) {
                Value::Number { value, .. } if value >= 0.0 && value.fract() == 0.0 => {
                    b.reviews.groups[g][f] = Some(value as i64);
                }
                Value::Empty => {}
                _ => b.warn(
                    "not_a_number",
                    format!("{path}: {:?} is not a count; left null", cell.map_or("", |c| c.text.as_str())),
                ),
            }
            b.record(path, "表四", REVIEW_GROUPS[g].1, REVIEW_FIELDS[f].1, part.index, *cell, data_row, g * 5 + f);
        }
    }
}

/// The value row: most of its cells are numbers or blanks, at least one is
/// a number.
fn is_data_row(t: &Table, r: usize) -> bool {
    let cells = t.row_cells(r);
    let numbers = cells.iter().filter(|c| matches!(parse(&c.text), Value::Number { .. })).count();
    let texts = cells.iter().filter(|c| matches!(parse(&c.text), Value::Text)).count();
    numbers >= 1 && numbers + 2 >= texts * 3 && cells.len() >= 5
}
