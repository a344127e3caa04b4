//! One organ's reports compared across years: reports grouped by organ key,
//! ordered by year, each pair of consecutive years compared (changed
//! leaves, carry mismatches, indicators, repeated sentences). A year missing
//! in between is said in the record, never skipped silently.

use serde::Serialize;

use super::carry::{Carry, Entry, carry};
use super::changes::{Change, Leaves, diff, leaves};
use super::indicators::IndicatorPair;
use super::sections::{Repeat, repeated};
use crate::report::{Report, Template};

pub const SCHEMA_ID: &str = "nianbao/compare/v1";

/// What a comparison needs of one report.
#[derive(Debug, Clone)]
pub struct Year {
    pub entry: Entry,
    pub leaves: Leaves,
    pub overview: Option<String>,
    pub problems: Option<String>,
}

impl Year {
    /// None when the report has no organ or no year.
    pub fn of(r: &Report) -> Option<Year> {
        Some(Year {
            entry: Entry::of(r)?,
            leaves: leaves(r),
            overview: r.sections.overview.clone(),
            problems: r.sections.problems.clone(),
        })
    }
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    pub path: String,
    pub year: i32,
    pub organ: String,
    pub template: Template,
}

impl Side {
    fn of(e: &Entry) -> Side {
        Side { path: e.path.clone(), year: e.year, organ: e.organ.clone(), template: e.template }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionRepeats {
    /// 一、总体情况
    pub overview: Option<Repeat>,
    /// 五、存在的主要问题及改进情况
    pub problems: Option<Repeat>,
}

/// One `nianbao/compare/v1` record: a report against the same organ's
/// report of the previous year present.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub schema: &'static str,
    /// The organ as the later report names it.
    pub organ: String,
    pub organ_key: String,
    pub from: Side,
    pub to: Side,
    /// Years between `from` and `to` with no report (empty when consecutive).
    pub missing_years: Vec<i32>,
    /// Every leaf whose value differs, in schema order.
    pub changes: Vec<Change>,
    /// Leaves only one of the two templates has (2019 against 2021).
    pub not_comparable: Vec<String>,
    /// 上年结转 against last year's 结转下年度; checked only for consecutive years.
    pub carry: Vec<Carry>,
    pub carry_checked: bool,
    pub indicators: IndicatorPair,
    pub sections: SectionRepeats,
}

/// Something the grouping could not compare, said rather than dropped.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// No organ or no year: the report cannot be placed.
    Unplaced { path: String },
    /// The only report of its organ key.
    Alone { key: String, year: i32, path: String },
    /// A second report for a key and year already taken by `kept`.
    SameYear { key: String, year: i32, path: String, kept: String },
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::Unplaced { path } => write!(f, "{path}: no organ or no year found; not compared"),
            Notice::Alone { key, year, path } => {
                write!(f, "{path}: the only report of {key} ({year}); nothing to compare")
            }
            Notice::SameYear { key, year, path, kept } => {
                write!(f, "{path}: a second report of {key} for {year}; compared {kept} instead")
            }
        }
    }
}

/// Compares two reports of one organ.
pub fn compare_pair(from: &Year, to: &Year) -> Comparison {
    let (a, b) = (&from.entry, &to.entry);
    let (changes, not_comparable) = diff((a.template, &from.leaves), (b.template, &to.leaves));
    let consecutive = a.year + 1 == b.year;
    Comparison {
        schema: SCHEMA_ID,
        organ: b.organ.clone(),
        organ_key: b.key.clone(),
        from: Side::of(a),
        to: Side::of(b),
        missing_years: (a.year + 1..b.year).collect(),
        changes,
        not_comparable,
        carry: if consecutive { carry(a, b) } else { Vec::new() },
        carry_checked: consecutive,
        indicators: IndicatorPair { from: a.indicators, to: b.indicators },
        sections: SectionRepeats {
            overview: repeated(from.overview.as_deref(), to.overview.as_deref()),
            problems: repeated(from.problems.as_deref(), to.problems.as_deref()),
        },
    }
}

/// Groups years by organ key (keys in order), orders each group by year and
/// compares each pair of consecutive years present. Several reports of one
/// key and year: the first by path is compared, the others are noticed.
pub fn compare_all(years: Vec<Year>, unplaced: Vec<String>) -> (Vec<Comparison>, Vec<Notice>) {
    let mut notices: Vec<Notice> = unplaced.into_iter().map(|path| Notice::Unplaced { path }).collect();
    let mut years = years;
    years.sort_by(|a, b| (&a.entry.key, a.entry.year, &a.entry.path).cmp(&(&b.entry.key, b.entry.year, &b.entry.path)));
    let mut kept: Vec<Year> = Vec::with_capacity(years.len());
    for y in years {
        if let Some(k) = kept.last()
            && k.entry.key == y.entry.key
            && k.entry.year == y.entry.year
        {
            notices.push(Notice::SameYear {
                key: y.entry.key.clone(),
                year: y.entry.year,
                path: y.entry.path.clone(),
                kept: k.entry.path.clone(),
            });
            continue;
        }
        kept.push(y);
    }
    let mut out = Vec::new();
    let mut start = 0;
    while start < kept.len() {
        let key = &kept[start].entry.key;
        let end = start + kept[start..].iter().take_while(|y| &y.entry.key == key).count();
        let group = &kept[start..end];
        if group.len() == 1 {
            let e = &group[0].entry;
            notices.push(Notice::Alone { key: e.key.clone(), year: e.year, path: e.path.clone() });
        }
        for pair in group.windows(2) {
            out.push(compare_pair(&pair[0], &pair[1]));
        }
        start = end;
    }
    (out, notices)
}
