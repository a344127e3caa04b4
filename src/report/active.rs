//! 表二 主动公开政府信息情况: four (2019: five) 第二十条 blocks, as one grid or
//! one table per block. Each block's `信息内容` header row names its columns;
//! data rows are matched by their label. The template is decided from the
//! header names once all blocks are read.

use super::Builder;
use super::labels::{active_field, active_item, norm};
use super::locate::Part;
use super::schema::{ActiveDisclosure, Applications, Template};
use crate::document::{Cell, Table};
use crate::norm::number::{Value, parse};

/// One value cell read from 表二 before the template is known.
pub struct RawValue<'a> {
    item: &'static str,
    field: &'static str,
    row_label: String,
    col_label: String,
    cell: &'a Cell,
    table_index: usize,
}

pub struct RawActive<'a> {
    values: Vec<RawValue<'a>>,
    votes_2019: usize,
    votes_2021: usize,
}

/// A header column: the grid columns it covers and its field.
struct Column {
    start: usize,
    end: usize,
    field: &'static str,
    label: String,
}

pub fn read<'a>(parts: &'a [Part<'a>], b: &mut Builder) -> RawActive<'a> {
    let mut raw = RawActive { values: Vec::new(), votes_2019: 0, votes_2021: 0 };
    let mut header: Vec<Column> = Vec::new();
    for part in parts {
        let t: &Table = part.table.as_ref();
        let items = by_order(t, b);
        for (r, &item) in items.iter().enumerate() {
            let cells = t.row_cells(r);
            let Some(first) = cells.first() else { continue };
            if let Some(h) = read_header(&cells, &mut raw) {
                header = h;
                continue;
            }
            let Some(item) = item else { continue };
            let values: Vec<&Cell> = cells[1..].iter().copied().filter(|c| c.row == r || c.row_span == 1).collect();
            let fields: Vec<(&'static str, String)> = header.iter().map(|c| (c.field, c.label.clone())).collect();
            let fields = if fields.is_empty() { default_fields(item) } else { fields };
            let pairs: Vec<(&Cell, &'static str, String)> = if values.len() == fields.len() {
                values.iter().zip(&fields).map(|(c, (f, l))| (*c, *f, l.clone())).collect()
            } else {
                // Irregular spans: take the value cell under each header column.
                header
                    .iter()
                    .filter_map(|h| {
                        let cell = (h.start..h.end).find_map(|c| t.at(r, c).filter(|x| x.col > first.col))?;
                        Some((cell, h.field, h.label.clone()))
                    })
                    .collect()
            };
            if pairs.is_empty() && !values.is_empty() {
                b.warn("header_not_found", format!("表二: no column header for row {}", first.text));
            }
            for (cell, field, col_label) in pairs {
                raw.values.push(RawValue {
                    item,
                    field,
                    row_label: first.text.clone(),
                    col_label,
                    cell,
                    table_index: part.index,
                });
            }
        }
    }
    raw
}

/// The rows of a block that the template always prints in pairs, in order.
const PAIRS: [(&str, &str); 2] = [("regulations", "normative_documents"), ("penalties", "coercion")];

/// Each row's item by its label; in a table read by OCR, a row of numbers
/// whose label went unread (a two-character 规章 is easily lost) is named
/// by its place: just before the second row of its pair, or just after the
/// first.
fn by_order(t: &Table, b: &mut Builder) -> Vec<Option<&'static str>> {
    let label = |r: usize| t.row_cells(r).first().map(|c| norm(&c.text)).unwrap_or_default();
    let mut items: Vec<Option<&'static str>> = (0..t.n_rows).map(|r| active_item(&label(r))).collect();
    if !t.cells.iter().any(|c| c.ocr.is_some()) {
        return items;
    }
    for r in 0..t.n_rows {
        let cells = t.row_cells(r);
        let numbers = cells.iter().skip(1).any(|c| matches!(parse(&c.text), Value::Number { .. }));
        if items[r].is_some() || !numbers || !label(r).chars().all(|c| !('\u{4e00}'..='\u{9fff}').contains(&c)) {
            continue;
        }
        let next = items.get(r + 1).copied().flatten();
        let prev = r.checked_sub(1).and_then(|p| items[p]);
        let guess = PAIRS.iter().find_map(|&(a, z)| {
            if next == Some(z) && prev != Some(a) {
                Some(a)
            } else if prev == Some(a) && next != Some(z) {
                Some(z)
            } else {
                None
            }
        });
        if let Some(item) = guess {
            let read: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
            b.warn(
                "ocr_row_by_order",
                format!("表二: row {:?} taken as {item} by its place in the template", read.join(" | ")),
            );
            items[r] = Some(item);
        }
    }
    items
}

/// A `信息内容` row (or any row of field names without numbers) gives the
/// columns of the block below it.
fn read_header(cells: &[&Cell], raw: &mut RawActive<'_>) -> Option<Vec<Column>> {
    let is_header = norm(&cells[0].text).contains("信息内容")
        || (cells.iter().any(|c| active_field(&norm(&c.text)).is_some())
            && !cells.iter().any(|c| matches!(parse(&c.text), Value::Number { .. })));
    if !is_header {
        return None;
    }
    let mut cols = Vec::new();
    for c in &cells[1..] {
        let Some((field, template)) = active_field(&norm(&c.text)) else { continue };
        match template {
            Some(Template::T2019) => raw.votes_2019 += 1,
            Some(Template::T2021) => raw.votes_2021 += 1,
            None => {}
        }
        cols.push(Column { start: c.col, end: c.col + c.col_span, field, label: c.text.clone() });
    }
    Some(cols)
}

/// Fields in template order, for a block printed without its header.
fn default_fields(item: &str) -> Vec<(&'static str, String)> {
    let fields: &[&'static str] = match item {
        "regulations" | "normative_documents" => &["issued", "repealed", "in_force"],
        "fees" => &["amount"],
        "other_services" | "procurement" => &[],
        _ => &["decisions"],
    };
    fields.iter().map(|f| (*f, String::new())).collect()
}

/// The template, by the shape of the tables (FORMAT.md §7): 2019 headers or
/// 2019-only rows win; otherwise 2021.
pub fn template(raw: &RawActive<'_>, _apps: &Applications) -> Template {
    let rows_2019 = raw.values.iter().any(|v| matches!(v.item, "other_services" | "procurement"));
    if raw.votes_2019 > raw.votes_2021 || (rows_2019 && raw.votes_2021 == 0) {
        Template::T2019
    } else {
        Template::T2021
    }
}

pub fn fill(raw: RawActive<'_>, template: Template, b: &mut Builder) -> ActiveDisclosure {
    let mut out = ActiveDisclosure::new(template);
    for v in raw.values {
        let path = format!("active_disclosure.{}.{}", v.item, v.field);
        let Some(slot) = out.slot(v.item, v.field) else {
            b.warn(
                "not_in_template",
                format!("表二: {} / {} is not a field of the {} template", v.row_label, v.col_label, template.as_str()),
            );
            continue;
        };
        if slot.is_some() {
            continue;
        }
        match parse(&v.cell.text) {
            Value::Number { value, unit } => {
                *slot = Some(convert(template, v.item, v.field, value, unit.as_deref(), &path, b));
            }
            Value::Empty => {}
            Value::Text => b.warn("not_a_number", format!("{path}: {:?} is not a number; left null", v.cell.text)),
        }
        b.record(path, "表二", &v.row_label, &v.col_label, v.table_index, Some(v.cell), v.cell.row, v.cell.col);
    }
    out
}

/// Units: 2019 采购总金额 is in 元 (万元 converted, a bare number taken as 元
/// with a warning); 2021 收费金额 stays in 万元 as printed.
fn convert(
    template: Template,
    item: &str,
    field: &str,
    value: f64,
    unit: Option<&str>,
    path: &str,
    b: &mut Builder,
) -> f64 {
    match (template, item, field, unit) {
        (Template::T2019, "procurement", "amount", Some("万元")) => (value * 10000.0 * 100.0).round() / 100.0,
        (Template::T2019, "procurement", "amount", None) => {
            b.warn("unit_assumed", format!("{path}: {value} printed without a unit; taken as 元"));
            value
        }
        (Template::T2021, "fees", "amount", Some("元")) => {
            b.warn("unit_converted", format!("{path}: {value} printed in 元; converted to 万元"));
            value / 10000.0
        }
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::OcrRead;

    fn table(rows: &[[&str; 4]], ocr: bool) -> Table {
        let read = ocr.then_some(OcrRead { confidence: 0.9, unreadable: false });
        let cells = rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter().enumerate().map(move |(c, text)| Cell {
                    row: r,
                    col: c,
                    row_span: 1,
                    col_span: 1,
                    text: text.to_string(),
                    ocr: read,
                    ..Cell::default()
                })
            })
            .collect();
        Table::from_cells(cells)
    }

    fn builder() -> Builder {
        Builder {
            apps: Applications::default(),
            reviews: Default::default(),
            provenance: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn an_unread_label_is_named_by_its_place_in_its_pair() {
        let rows = [
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["", "0", "0", "3"],
            ["行政规范性文件", "12", "2", "45"],
            ["行政处罚", "38", "", ""],
            ["", "4", "", ""],
        ];
        let mut b = builder();
        let items = by_order(&table(&rows, true), &mut b);
        assert_eq!(
            items,
            [None, Some("regulations"), Some("normative_documents"), Some("penalties"), Some("coercion")]
        );
        assert_eq!(b.warnings.iter().filter(|w| w.code == "ocr_row_by_order").count(), 2);
        // Typed tables say what they say: no guessing.
        let items = by_order(&table(&rows, false), &mut builder());
        assert_eq!(items[1], None);
    }
}
