//! The cross-year check of a batch (FORMAT.md §5.3): when the same organ's
//! reports for consecutive years are both present, this year's 上年结转
//! (`carried_over`) should equal last year's 结转下年度 (`carried_forward`).
//! A mismatch is a warning (`panel.carry`), not a rule failure: mergers,
//! renamed organs and corrected reports break it honestly.

use serde::Serialize;

use crate::report::Report;
use crate::report::labels::norm;

/// What the check needs of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: String,
    pub sha256: String,
    pub organ: String,
    pub year: i32,
    pub carried_over: [Option<i64>; 7],
    pub carried_forward: [Option<i64>; 7],
}

impl Entry {
    pub fn of(r: &Report) -> Option<Entry> {
        let rows = &r.applications.rows;
        let idx = |k| crate::report::schema::app_row_index(k).unwrap_or(0);
        Some(Entry {
            path: r.source.path.clone(),
            sha256: r.source.sha256.clone(),
            organ: r.organ.as_deref().map(norm)?,
            year: r.year?,
            carried_over: rows[idx("carried_over")],
            carried_forward: rows[idx("carried_forward")],
        })
    }
}

/// One mismatch: `expected` is last year's 结转下年度, `found` this year's 上年结转.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelWarning {
    pub code: &'static str,
    pub organ: String,
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

/// Compares consecutive years of each organ: the total column always, the
/// six applicant columns where both years itemise them.
pub fn check(entries: &[Entry]) -> Vec<PanelWarning> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| (&a.organ, a.year, &a.path).cmp(&(&b.organ, b.year, &b.path)));
    let mut out = Vec::new();
    for pair in sorted.windows(2) {
        let (prev, cur) = (pair[0], pair[1]);
        if prev.organ != cur.organ || prev.year + 1 != cur.year {
            continue;
        }
        let cols = crate::report::schema::APP_COLS;
        for c in (0..7).rev() {
            if let (Some(expected), Some(found)) = (prev.carried_forward[c], cur.carried_over[c])
                && expected != found
            {
                out.push(PanelWarning {
                    code: "panel.carry",
                    organ: cur.organ.clone(),
                    year: cur.year,
                    path: cur.path.clone(),
                    sha256: cur.sha256.clone(),
                    previous_path: prev.path.clone(),
                    column: cols[c].0,
                    expected,
                    found,
                });
            }
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
            year,
            carried_over: row(over),
            carried_forward: row(forward),
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
