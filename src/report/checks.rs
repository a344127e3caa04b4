//! The 勾稽 rules of SCHEMA.md, computed on a finished report. A rule with a
//! null operand is not evaluated. Checks report the document; they never
//! change a value.

use schemars::JsonSchema;
use serde::Serialize;

use super::Report;
use super::schema::{APP_COLS, APP_ROWS, REVIEW_GROUPS, app_row_index};

/// One failing rule: `expected` is the sum the rule computes, `found` the
/// value the document states.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CheckFailure {
    pub rule: String,
    #[serde(rename = "where")]
    pub location: String,
    pub expected: i64,
    pub found: i64,
}

const OTHER_THREE: [&str; 3] = ["other_no_correction", "other_unpaid_fee", "other_misc"];

fn sum(values: impl IntoIterator<Item = Option<i64>>) -> Option<i64> {
    values.into_iter().try_fold(0i64, |acc, v| v.map(|v| acc.saturating_add(v)))
}

pub fn run(report: &Report) -> Vec<CheckFailure> {
    let mut out = Vec::new();
    let apps = &report.applications;
    let mut fail = |rule: &str, location: &str, expected: i64, found: i64| {
        if expected != found {
            out.push(CheckFailure { rule: rule.into(), location: location.into(), expected, found });
        }
    };
    for (ri, (row, _)) in APP_ROWS.iter().enumerate() {
        let values = &apps.rows[ri];
        if let (Some(expected), Some(found)) = (sum(values[..6].iter().copied()), values[6]) {
            fail("apps.row_total", row, expected, found);
        }
    }
    let outcome_rows: Vec<usize> = APP_ROWS
        .iter()
        .enumerate()
        .filter(|(_, (k, _))| {
            *k == "granted"
                || *k == "partially_granted"
                || k.starts_with("denied_")
                || k.starts_with("unable_")
                || k.starts_with("rejected_")
        })
        .map(|(i, _)| i)
        .collect();
    let idx = |k: &str| app_row_index(k).unwrap_or(0);
    for (ci, (col, _)) in APP_COLS.iter().enumerate() {
        let get = |k: &str| apps.rows[idx(k)][ci];
        let three = OTHER_THREE.iter().any(|k| get(k).is_some());
        let other: Vec<Option<i64>> =
            if three { OTHER_THREE.iter().map(|k| get(k)).collect() } else { vec![get("other")] };
        let outcome = sum(outcome_rows.iter().map(|&r| apps.rows[r][ci]).chain(other));
        if let (Some(expected), Some(found)) = (outcome, get("total")) {
            fail("apps.outcome_total", col, expected, found);
        }
        let inflow = sum([get("new_received"), get("carried_over")]);
        let outflow = sum([get("total"), get("carried_forward")]);
        if let (Some(a), Some(b)) = (inflow, outflow) {
            // Both sides are sums; report the left side as the expectation.
            fail("apps.balance", col, a, b);
        }
    }
    for (gi, (group, _)) in REVIEW_GROUPS.iter().enumerate() {
        let g = &report.reviews_lawsuits.groups[gi];
        if let (Some(expected), Some(found)) = (sum(g[..4].iter().copied()), g[4]) {
            fail("reviews.total", group, expected, found);
        }
    }
    out
}
