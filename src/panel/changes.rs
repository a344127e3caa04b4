//! The schema leaves whose value differs between two reports. A null counts
//! as a value (`12` → null is a change). Reports of the two templates share
//! only some leaves: those are compared, the rest are listed as not
//! comparable, never as changes.

use serde::Serialize;

use crate::report::schema::{Num, leaf_names};
use crate::report::{Report, Template};

/// One changed leaf.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub key: String,
    pub from: Option<Num>,
    pub to: Option<Num>,
}

/// A report's leaf values, in the schema order of its template
/// ([`leaf_names`]): the names are the template's, kept once.
pub type Leaves = Vec<Option<f64>>;

pub fn leaves(r: &Report) -> Leaves {
    r.leaves().map(|(_, _, v)| v).collect()
}

/// The leaf keys of a template, computed once.
fn keys(t: Template) -> &'static [String] {
    static KEYS: [std::sync::OnceLock<Vec<String>>; 2] = [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
    let i = usize::from(t == Template::T2019);
    KEYS[i].get_or_init(|| leaf_names(t).into_iter().map(|(p, _)| p).collect())
}

/// The 表三 rows a template does not have: 2019 prints （六）其他处理 as one
/// row; the 2021 template itemises it.
fn foreign_rows(t: Template) -> &'static [&'static str] {
    match t {
        Template::T2019 => &["other_no_correction", "other_unpaid_fee", "other_misc"],
        Template::T2021 => &["other"],
    }
}

/// Whether the template has this leaf.
fn in_template(t: Template, key: &str) -> bool {
    if let Some(rest) = key.strip_prefix("applications.") {
        let row = rest.split('.').next().unwrap_or("");
        return !foreign_rows(t).contains(&row);
    }
    !key.starts_with("active_disclosure.") || leaf_names(t).iter().any(|(p, _)| p == key)
}

/// (changes, not comparable) from `from` to `to`, in schema order.
pub fn diff(from: (Template, &Leaves), to: (Template, &Leaves)) -> (Vec<Change>, Vec<String>) {
    let same = from.0 == to.0;
    let comparable = |k: &str| same || (in_template(from.0, k) && in_template(to.0, k));
    let before: std::collections::HashMap<&str, Option<f64>> =
        keys(from.0).iter().map(String::as_str).zip(from.1.iter().copied()).collect();
    let mut changes = Vec::new();
    let mut not_comparable = Vec::new();
    for (key, value) in keys(to.0).iter().zip(to.1) {
        match before.get(key.as_str()) {
            Some(old) if comparable(key) => {
                if old != value {
                    changes.push(Change { key: key.clone(), from: old.map(Num), to: value.map(Num) });
                }
            }
            _ => not_comparable.push(key.clone()),
        }
    }
    let after: std::collections::HashSet<&str> = keys(to.0).iter().map(String::as_str).collect();
    for key in keys(from.0) {
        if !after.contains(key.as_str()) {
            not_comparable.push(key.clone());
        }
    }
    (changes, not_comparable)
}
