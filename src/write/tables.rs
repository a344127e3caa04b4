//! `nianbao tables`: a document's tables as aligned text grids or as JSON
//! (SCHEMA.md "Document tables").

use serde_json::json;

use crate::document::{Document, Table};
use crate::report::Source;

pub fn tables_json(source: &Source, doc: &Document) -> String {
    serde_json::to_string_pretty(&tables_value(source, doc)).unwrap_or_default()
}

/// The `tables --json` document as a value (for the Python package).
pub fn tables_value(source: &Source, doc: &Document) -> serde_json::Value {
    let tables: Vec<serde_json::Value> = doc
        .tables()
        .enumerate()
        .map(|(i, t)| {
            json!({
                "index": i,
                "pages": t.pages,
                "n_rows": t.n_rows,
                "n_cols": t.n_cols,
                "cells": t.cells,
            })
        })
        .collect();
    json!({
        "source": {"path": source.path, "format": source.format, "sha256": source.sha256, "pages": source.pages},
        "tables": tables,
    })
}

/// Terminal width of a string: CJK and full-width characters take two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

const MAX_CELL: usize = 24;

/// A cell's text on one line, shortened for the grid.
fn shown(text: &str) -> String {
    let one: String = text.split('\n').map(str::trim).collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    for c in one.chars() {
        if width(&out) + width(&c.to_string()) > MAX_CELL {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out
}

/// The grid as text: each merged cell printed once at its top-left, the
/// positions it also covers shown as `<` (to its right) and `^` (below).
pub fn table_text(t: &Table) -> String {
    let grid: Vec<Vec<String>> = (0..t.n_rows)
        .map(|r| {
            (0..t.n_cols)
                .map(|c| match t.at(r, c) {
                    Some(cell) if cell.row == r && cell.col == c => shown(&cell.text),
                    Some(cell) if cell.row == r => "<".into(),
                    Some(_) => "^".into(),
                    None => "·".into(),
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..t.n_cols).map(|c| grid.iter().map(|row| width(&row[c])).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for row in &grid {
        out.push('|');
        for (c, text) in row.iter().enumerate() {
            out.push(' ');
            out.push_str(text);
            out.push_str(&" ".repeat(widths[c] - width(text)));
            out.push_str(" |");
        }
        out.push('\n');
    }
    out
}

pub fn tables_text(doc: &Document) -> String {
    let mut out = String::new();
    for (i, t) in doc.tables().enumerate() {
        let pages = match t.pages.as_slice() {
            [] => String::new(),
            [p] => format!(", page {p}"),
            ps => format!(", pages {}", ps.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(",")),
        };
        out.push_str(&format!("table {i}: {} rows × {} columns, {} cells{pages}\n", t.n_rows, t.n_cols, t.cells.len()));
        out.push_str(&table_text(t));
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("no tables\n");
    }
    out
}
