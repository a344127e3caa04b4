//! The panel: one row per organ key and year, with the indicators, their
//! change from the previous year (when that year's report is present) and
//! the carry mismatches with it. Every output writes the same table.

use super::carry::{Entry, PanelWarning};
use super::indicators::{Indicators, N};
use crate::report::Template;

#[derive(Debug, Clone, PartialEq)]
pub struct PanelRow {
    pub key: String,
    pub year: i32,
    pub organ: String,
    pub path: String,
    pub template: Template,
    pub indicators: Indicators,
    /// Against the previous year's report of the same key; null without one.
    pub changes: [Option<f64>; N],
    /// The previous year's report, when present.
    pub previous: Option<String>,
    /// 上年结转 mismatches with the previous year, as messages.
    pub carry: Vec<String>,
}

/// The panel of a batch, ordered by key, year and path.
pub fn rows(entries: &[Entry], warnings: &[PanelWarning]) -> Vec<PanelRow> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| (&a.key, a.year, &a.path).cmp(&(&b.key, b.year, &b.path)));
    let mut out: Vec<PanelRow> = Vec::with_capacity(sorted.len());
    for (i, e) in sorted.iter().enumerate() {
        // The previous year's first report of the same key (sorted by path).
        let prev = sorted[..i]
            .iter()
            .rev()
            .take_while(|p| p.key == e.key && p.year + 1 >= e.year)
            .filter(|p| p.year + 1 == e.year)
            .last();
        let carry = warnings
            .iter()
            .filter(|w| w.path == e.path && w.sha256 == e.sha256)
            .map(|w| format!("{}: 上年结转 {} ≠ {} 结转下年度 {}", w.column, w.found, w.year - 1, w.expected))
            .collect();
        out.push(PanelRow {
            key: e.key.clone(),
            year: e.year,
            organ: e.organ.clone(),
            path: e.path.clone(),
            template: e.template,
            indicators: e.indicators,
            changes: prev.map_or([None; N], |p| Indicators::change(&p.indicators, &e.indicators)),
            previous: prev.map(|p| p.path.clone()),
            carry,
        });
    }
    out
}
