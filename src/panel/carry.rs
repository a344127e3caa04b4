//! The cross-year carry check (FORMAT.md §5.3): when the same organ's
//! reports for consecutive years are both present, this year's 上年结转
//! (`carried_over`) should equal last year's 结转下年度 (`carried_forward`).
//! A mismatch is a warning (`panel.carry`), not a rule failure: mergers,
//! renamed organs and corrected reports break it honestly.

use serde::Serialize;

use super::indicators::Indicators;
use crate::report::{Report, Template};

/// What the cross-year checks and the panel need of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: String,
    pub sha256: String,
    /// The organ as the report names it.
    pub organ: String,
    /// The organ key the reports of one organ share.
    pub key: String,
    pub year: i32,
    pub template: Template,
    pub carried_over: [Option<i64>; 7],
    pub carried_forward: [Option<i64>; 7],
    pub indicators: Indicators,
}

impl Entry {
    /// None when the report has no organ or no year: it cannot be placed.
    pub fn of(r: &Report) -> Option<Entry> {
        let rows = &r.applications.rows;
        let idx = |k| crate::report::schema::app_row_index(k).unwrap_or(0);
        let organ = r.organ.clone()?;
        let key = r.organ_key.clone().unwrap_or_else(|| super::organ_key(&organ));
        Some(Entry {
            path: r.source.path.clone(),
            sha256: r.source.sha256.clone(),
            organ,
            key,
            year: r.year?,
            template: r.template,
            carried_over: rows[idx("carried_over")],
            carried_forward: rows[idx("carried_forward")],
            indicators: Indicators::of(r),
        })
    }
}

impl Entry {
    /// A report a database holds from an earlier run: enough for the carry
    /// check (its indicators are not kept).
    pub fn prior(
        path: &str,
        sha256: &str,
        organ: &str,
        key: Option<String>,
        year: i32,
        carried_over: [Option<i64>; 7],
        carried_forward: [Option<i64>; 7],
    ) -> Entry {
        Entry {
            path: path.into(),
            sha256: sha256.into(),
            organ: organ.into(),
            key: key.unwrap_or_else(|| super::organ_key(organ)),
            year,
            template: Template::default(),
            carried_over,
            carried_forward,
            indicators: Indicators::default(),
        }
    }
}

/// One carry mismatch as a compare record lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Carry {
    pub column: &'static str,
    /// Last year's 结转下年度.
    pub expected: i64,
    /// This year's 上年结转.
    pub found: i64,
}

/// The mismatches between consecutive years' reports: the total column
/// always, the six applicant columns where both itemise them.
pub fn carry(prev: &Entry, cur: &Entry) -> Vec<Carry> {
    let cols = crate::report::schema::APP_COLS;
    let mut out = Vec::new();
    for c in (0..7).rev() {
        if let (Some(expected), Some(found)) = (prev.carried_forward[c], cur.carried_over[c])
            && expected != found
        {
            out.push(Carry { column: cols[c].0, expected, found });
        }
    }
    out
}

/// One mismatch: `expected` is last year's 结转下年度, `found` this year's 上年结转.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelWarning {
    pub code: &'static str,
    pub organ: String,
    pub organ_key: String,
    pub year: i32,
    pub path: String,
    pub sha256: String,
    pub previous_path: String,
    pub column: &'static str,
    pub expected: i64,
    pub found: i64,
}

impl PanelWarning {
    pub fn message(&self) -> String {
        format!(
            "{} {}: 上年结转 ({}) is {} but the {} report's 结转下年度 is {} ({})",
            self.organ,
            self.year,
            self.column,
            self.found,
            self.year - 1,
            self.expected,
            self.previous_path
        )
    }
}

/// Compares consecutive years of each organ key (see [`carry`]).
pub fn check(entries: &[Entry]) -> Vec<PanelWarning> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| (&a.key, a.year, &a.path).cmp(&(&b.key, b.year, &b.path)));
    // One report per key and year, the first by path (as compare and the
    // panel take it).
    sorted.dedup_by(|b, a| a.key == b.key && a.year == b.year);
    let mut out = Vec::new();
    for pair in sorted.windows(2) {
        let (prev, cur) = (pair[0], pair[1]);
        if prev.key != cur.key || prev.year + 1 != cur.year {
            continue;
        }
        for c in carry(prev, cur) {
            out.push(PanelWarning {
                code: "panel.carry",
                organ: cur.organ.clone(),
                organ_key: cur.key.clone(),
                year: cur.year,
                path: cur.path.clone(),
                sha256: cur.sha256.clone(),
                previous_path: prev.path.clone(),
                column: c.column,
                expected: c.expected,
                found: c.found,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(organ: &str, year: i32, over: i64, forward: i64) -> Entry {
        let row = |v| [Some(v), Some(0), Some(0), Some(0), Some(0), Some(0), Some(v)];
        Entry {
            path: format!("{organ}{year}"),
            sha256: String::new(),
            organ: organ.into(),
            key: organ.into(),
            year,
            template: Template::T2021,
            carried_over: row(over),
            carried_forward: row(forward),
            indicators: Indicators::default(),
        }
    }

    #[test]
    fn consecutive_years_of_one_organ_are_compared() {
        let e = [
            entry("甲局", 2022, 0, 3),
            entry("甲局", 2023, 2, 0),
            entry("乙局", 2023, 9, 0),
            entry("甲局", 2025, 7, 0),
        ];
        let w = check(&e);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w.iter().all(|w| w.year == 2023 && w.expected == 3 && w.found == 2));
        assert_eq!(w[0].column, "total");
    }
}
