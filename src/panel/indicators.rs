//! The figures people quote from a report, computed from its exact values:
//! 新收申请, the shares of 予以公开 and 不予公开 among the outcomes, and the
//! 行政复议 and 行政诉讼 counts with their 纠正 shares.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::report::Report;
use crate::report::schema::{APP_ROWS, Num};

/// (key, Chinese label) of each indicator, in output order.
pub const INDICATORS: &[(&str, &str)] = &[
    ("new_received", "新收申请"),
    ("granted_share", "予以公开占比"),
    ("denied_share", "不予公开占比"),
    ("reviews", "行政复议"),
    ("review_corrected_share", "复议纠正占比"),
    ("lawsuits", "行政诉讼"),
    ("lawsuit_corrected_share", "诉讼纠正占比"),
];

pub const N: usize = 7;

/// One report's indicators, aligned with [`INDICATORS`]; null where an
/// operand is null or a share's denominator is 0.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Indicators(pub [Option<f64>; N]);

/// Shares and their changes are rounded to four decimals.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The sum of the values that are not null; null when all are.
fn sum(values: impl IntoIterator<Item = Option<i64>>) -> Option<i64> {
    values.into_iter().fold(None, |acc, v| match (acc, v) {
        (None, v) => v,
        (Some(a), Some(v)) => Some(a + v),
        (a, None) => a,
    })
}

fn share(part: Option<i64>, whole: Option<i64>) -> Option<f64> {
    match (part, whole) {
        (Some(p), Some(w)) if w != 0 => Some(round4(p as f64 / w as f64)),
        _ => None,
    }
}

impl Indicators {
    pub fn of(r: &Report) -> Indicators {
        const TOTAL: usize = 6;
        let apps = &r.applications;
        let outcomes = apps.get("total", TOTAL);
        let denied = sum(APP_ROWS.iter().filter(|(k, _)| k.starts_with("denied_")).map(|(k, _)| apps.get(k, TOTAL)));
        let g = &r.reviews_lawsuits.groups;
        // Fields: upheld, corrected, other, pending, total.
        let lawsuits = sum([g[1][4], g[2][4]]);
        let lawsuits_corrected = sum([g[1][1], g[2][1]]);
        Indicators([
            apps.get("new_received", TOTAL).map(|v| v as f64),
            share(apps.get("granted", TOTAL), outcomes),
            share(denied, outcomes),
            g[0][4].map(|v| v as f64),
            share(g[0][1], g[0][4]),
            lawsuits.map(|v| v as f64),
            share(lawsuits_corrected, lawsuits),
        ])
    }

    /// Per indicator: `to - from` (shares rounded), null where either is null.
    pub fn change(from: &Indicators, to: &Indicators) -> [Option<f64>; N] {
        let mut out = [None; N];
        for (i, o) in out.iter_mut().enumerate() {
            if let (Some(a), Some(b)) = (from.0[i], to.0[i]) {
                *o = Some(round4(b - a));
            }
        }
        out
    }
}

/// Both years of every indicator and the change, as the compare record
/// writes them: `{"new_received": {"from": 12, "to": 35, "change": 23}, …}`.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorPair {
    pub from: Indicators,
    pub to: Indicators,
}

impl Serialize for IndicatorPair {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct One {
            from: Option<Num>,
            to: Option<Num>,
            change: Option<Num>,
        }
        let change = Indicators::change(&self.from, &self.to);
        let mut map = s.serialize_map(Some(N))?;
        for (i, (key, _)) in INDICATORS.iter().enumerate() {
            let one = One { from: self.from.0[i].map(Num), to: self.to.0[i].map(Num), change: change[i].map(Num) };
            map.serialize_entry(key, &one)?;
        }
        map.end()
    }
}
