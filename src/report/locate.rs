//! Finding 表二/表三/表四 among all tables by their anchors, wherever they sit.
//! A table cut in two (page break, an intervening paragraph) is joined to the
//! part before it; an unrelated table (a contact list) is left out.

use super::labels::{app_col, app_row, norm, review_field};
use crate::document::{Document, Table};
use crate::norm::number::{Value, parse};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Active,
    Applications,
    Reviews,
}

/// A logical table: one or more document tables read as one. The index is
/// that of its first part among the document's tables.
pub struct Part<'a> {
    pub index: usize,
    pub table: std::borrow::Cow<'a, Table>,
}

#[derive(Default)]
pub struct Groups<'a> {
    pub active: Vec<Part<'a>>,
    pub applications: Vec<Part<'a>>,
    pub reviews: Vec<Part<'a>>,
}

/// What kind of report table this is, judged by its anchor labels.
pub fn classify(t: &Table) -> Option<Kind> {
    let texts: Vec<String> = t.cells.iter().take(400).map(|c| norm(&c.text)).collect();
    let any = |k: &str| texts.iter().any(|s| s.contains(k));
    let count = |f: &dyn Fn(&str) -> bool| texts.iter().filter(|s| f(s)).count();
    if any("申请人情况") || any("勾稽关系") || (any("自然人") && (any("商业企业") || any("法人或其他组织")))
    {
        return Some(Kind::Applications);
    }
    // (Its 行政复议 heading may be lost: a scan's faint header row.)
    let lawsuits = any("直接起诉") || any("复议后起诉");
    if (any("行政复议") || lawsuits) && (any("行政诉讼") || any("维持") || any("纠正")) {
        return Some(Kind::Reviews);
    }
    if any("第二十条") || any("信息内容") {
        return Some(Kind::Active);
    }
    let items = count(&|s| super::labels::active_item(s).is_some() && s.chars().count() <= 12);
    if items >= 1 && count(&|s| super::labels::active_field(s).is_some()) >= 1 {
        return Some(Kind::Active);
    }
    if count(&|s| app_row(s).is_some() && s.chars().count() > 3) >= 3 {
        return Some(Kind::Applications);
    }
    None
}

/// Does this table carry its own column headers (so it starts a new part
/// rather than continuing the one before)?
fn has_header(kind: Kind, t: &Table) -> bool {
    let texts = t.cells.iter().take(80).map(|c| norm(&c.text));
    match kind {
        Kind::Applications => texts.filter(|s| app_col(s).is_some()).count() >= 3,
        Kind::Reviews => texts.filter(|s| review_field(s).is_some()).count() >= 3,
        Kind::Active => true,
    }
}

/// Could `t` (unclassified) continue a table of `kind`?
fn continues(kind: Kind, prev: &Table, t: &Table) -> bool {
    match kind {
        Kind::Applications => {
            let rows = t.cells.iter().filter(|c| app_row(&norm(&c.text)).is_some()).count();
            rows >= 1 && t.n_cols + 1 >= prev.n_cols.min(10)
        }
        Kind::Reviews => {
            let numbers = t.cells.iter().filter(|c| matches!(parse(&c.text), Value::Number { .. })).count();
            numbers >= 10 && t.n_rows <= 3
        }
        Kind::Active => {
            t.cells.iter().any(|c| super::labels::active_item(&norm(&c.text)).is_some()) && t.n_cols <= prev.n_cols + 1
        }
    }
}

pub fn locate(doc: &Document) -> Groups<'_> {
    let mut groups = Groups::default();
    let mut last: Option<Kind> = None;
    for (index, t) in doc.tables().enumerate() {
        let kind = classify(t);
        let target = match (kind, last) {
            (Some(k), Some(l)) if k == l && !has_header(k, t) => Some((k, true)),
            (Some(k), _) => Some((k, false)),
            (None, Some(l)) => {
                let prev = parts(&groups, l).last().map(|p| p.table.as_ref());
                prev.filter(|p| continues(l, p, t)).map(|_| (l, true))
            }
            (None, None) => None,
        };
        match target {
            Some((k, true)) => {
                if let Some(prev) = parts_mut(&mut groups, k).last_mut() {
                    prev.table.to_mut().append(t.clone());
                }
                last = Some(k);
            }
            Some((k, false)) => {
                parts_mut(&mut groups, k).push(Part { index, table: std::borrow::Cow::Borrowed(t) });
                last = Some(k);
            }
            None => last = None,
        }
    }
    groups
}

fn parts<'g, 'a>(g: &'g Groups<'a>, k: Kind) -> &'g Vec<Part<'a>> {
    match k {
        Kind::Active => &g.active,
        Kind::Applications => &g.applications,
        Kind::Reviews => &g.reviews,
    }
}

fn parts_mut<'g, 'a>(g: &'g mut Groups<'a>, k: Kind) -> &'g mut Vec<Part<'a>> {
    match k {
        Kind::Active => &mut g.active,
        Kind::Applications => &mut g.applications,
        Kind::Reviews => &mut g.reviews,
    }
}
