//! The wide and long layouts shared by CSV and XLSX. Wide columns are the
//! union of both templates' leaves in schema order, so reports of either
//! template line up in one sheet.

use crate::panel::{INDICATORS, PanelRow};
use crate::report::Report;
use crate::report::schema::{Template, leaf_names};

/// Header language of wide outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// Chinese headers (表格标签).
    #[default]
    Zh,
    /// Schema keys (`applications.granted.natural_person`).
    En,
}

/// Per-report columns before the values: (key, Chinese header).
const META: &[(&str, &str)] = &[
    ("file", "文件"),
    ("format", "格式"),
    ("organ", "机构"),
    ("organ_key", "机构键"),
    ("year", "年度"),
    ("template", "模板"),
    ("checks_failed", "勾稽不符数"),
    ("checks", "勾稽不符"),
    ("warnings", "警告"),
    ("sha256", "sha256"),
];

/// The wide header: metadata, then every leaf of both templates.
pub fn wide_columns(lang: Lang) -> Vec<String> {
    // 2021 leaves in schema order, with the 2019-only 表二 leaves after the
    // 2021 表二 block.
    let l2021 = leaf_names(Template::T2021);
    let split = l2021.iter().position(|(p, _)| !p.starts_with("active_disclosure.")).unwrap_or(l2021.len());
    let mut leaves: Vec<(String, String)> = l2021[..split].to_vec();
    for leaf in leaf_names(Template::T2019) {
        if leaf.0.starts_with("active_disclosure.") && !leaves.iter().any(|(p, _)| *p == leaf.0) {
            leaves.push(leaf);
        }
    }
    leaves.extend_from_slice(&l2021[split..]);
    let meta = META.iter().map(|(k, zh)| if lang == Lang::En { k.to_string() } else { zh.to_string() });
    meta.chain(leaves.into_iter().map(|(p, l)| if lang == Lang::En { p } else { l })).collect()
}

/// The leaf columns of the wide layout (schema keys), the same for every
/// row: computed once.
pub fn wide_leaf_keys() -> &'static [String] {
    static LEAVES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    LEAVES.get_or_init(|| wide_columns(Lang::En).into_iter().skip(META.len()).collect())
}

/// A wide cell: text or a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Text(String),
    Number(f64),
    Empty,
}

/// The columns of [`check_rows`].
pub const CHECK_COLUMNS: &[&str] = &["file", "organ", "year", "rule", "where", "expected", "found"];

/// One row per failing check, aligned with [`CHECK_COLUMNS`].
pub fn check_rows(r: &Report) -> impl Iterator<Item = Vec<Field>> + '_ {
    r.checks.iter().map(|c| {
        vec![
            Field::Text(r.source.path.clone()),
            r.organ.clone().map_or(Field::Empty, Field::Text),
            r.year.map_or(Field::Empty, |y| Field::Number(y as f64)),
            Field::Text(c.rule.clone()),
            Field::Text(c.location.clone()),
            Field::Number(c.expected as f64),
            Field::Number(c.found as f64),
        ]
    })
}

/// Each failing check as one line of text.
pub fn check_texts(r: &Report) -> Vec<String> {
    r.checks.iter().map(|c| format!("{}@{}: expected {} found {}", c.rule, c.location, c.expected, c.found)).collect()
}

/// Each warning as one line of text.
pub fn warning_texts(r: &Report) -> Vec<String> {
    r.warnings.iter().map(|w| format!("{}: {}", w.code, w.message)).collect()
}

/// One report as a wide row, aligned with [`wide_columns`].
pub fn wide_row(r: &Report) -> Vec<Field> {
    let text = |s: &str| Field::Text(s.to_string());
    let (checks, warnings) = (check_texts(r), warning_texts(r));
    let mut row = vec![
        text(&r.source.path),
        text(&r.source.format),
        r.organ.as_deref().map_or(Field::Empty, text),
        r.organ_key.as_deref().map_or(Field::Empty, text),
        r.year.map_or(Field::Empty, |y| Field::Number(y as f64)),
        text(r.template.as_str()),
        Field::Number(r.checks.len() as f64),
        text(&checks.join("; ")),
        text(&warnings.join("; ")),
        text(&r.source.sha256),
    ];
    let values: std::collections::HashMap<String, Option<f64>> = r.leaves().map(|(p, _, v)| (p, v)).collect();
    for path in wide_leaf_keys() {
        row.push(values.get(path).copied().flatten().map_or(Field::Empty, Field::Number));
    }
    row
}

/// Long-layout header.
pub const LONG_COLUMNS: &[&str] = &[
    "file",
    "organ",
    "year",
    "template",
    "path",
    "table",
    "row_label",
    "col_label",
    "value",
    "raw",
    "table_index",
    "row",
    "col",
    "page",
    "ocr",
    "confidence",
];

/// One report as long rows, one per leaf of its template, with provenance
/// where the value was read from a cell.
pub fn long_rows(r: &Report) -> Vec<Vec<Field>> {
    let text = |s: &str| Field::Text(s.to_string());
    let num = |n: Option<f64>| n.map_or(Field::Empty, Field::Number);
    let by_path: std::collections::HashMap<&str, &crate::report::Provenance> =
        r.provenance.iter().rev().map(|p| (p.path.as_str(), p)).collect();
    r.leaves()
        .map(|(path, label, value)| {
            let p = by_path.get(path.as_str()).copied();
            let mut row = vec![
                text(&r.source.path),
                r.organ.as_deref().map_or(Field::Empty, text),
                num(r.year.map(f64::from)),
                text(r.template.as_str()),
                text(&path),
            ];
            match p {
                Some(p) => row.extend([
                    text(&p.table),
                    text(&p.row_label),
                    text(&p.col_label),
                    num(value),
                    text(&p.raw),
                    Field::Number(p.table_index as f64),
                    Field::Number(p.row as f64),
                    Field::Number(p.col as f64),
                    num(p.page.map(f64::from)),
                    if p.ocr { Field::Text("true".into()) } else { Field::Empty },
                    num(p.confidence.map(|c| (f64::from(c) * 100.0).round() / 100.0)),
                ]),
                None => row.extend([
                    Field::Empty,
                    text(&label),
                    Field::Empty,
                    num(value),
                    Field::Empty,
                    Field::Empty,
                    Field::Empty,
                    Field::Empty,
                    Field::Empty,
                    Field::Empty,
                    Field::Empty,
                ]),
            }
            row
        })
        .collect()
}

/// The leaves of a template as (key, Chinese header), computed once.
pub fn leaf_keys(template: Template) -> &'static [(String, String)] {
    static T2021: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    static T2019: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    let cell = if template == Template::T2021 { &T2021 } else { &T2019 };
    cell.get_or_init(|| leaf_names(template))
}

/// One value of a report with where it was read (None when the template
/// leaf had no cell in the document).
pub struct Value<'a> {
    pub key: &'static str,
    pub label: &'static str,
    pub value: Option<f64>,
    pub provenance: Option<&'a crate::report::Provenance>,
}

/// Every leaf of a report in schema order, without per-leaf allocation
/// (the database and Parquet writers call this for every report).
pub fn values(r: &Report) -> Vec<Value<'_>> {
    // Lookups only (never iterated): a fast hash is safe for determinism.
    let by_path: foldhash::HashMap<&str, &crate::report::Provenance> =
        r.provenance.iter().rev().map(|p| (p.path.as_str(), p)).collect();
    let values = crate::report::schema::leaf_values(&r.active_disclosure, &r.applications, &r.reviews_lawsuits);
    leaf_keys(r.template)
        .iter()
        .zip(values)
        .map(|((key, label), value)| Value {
            key: key.as_str(),
            label: label.as_str(),
            value,
            provenance: by_path.get(key.as_str()).copied(),
        })
        .collect()
}

impl Field {
    pub fn to_csv(&self) -> String {
        match self {
            Field::Text(s) => s.clone(),
            Field::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => format!("{}", *n as i64),
            Field::Number(n) => format!("{n}"),
            Field::Empty => String::new(),
        }
    }
}

/// The panel's header: key, year, organ, file, template, each indicator and
/// its change from the previous year, the carry mismatches, the full path.
pub fn panel_columns(lang: Lang) -> Vec<String> {
    let zh = lang == Lang::Zh;
    let pick = |en: &str, cn: &str| if zh { cn.to_string() } else { en.to_string() };
    let mut cols = vec![
        pick("organ_key", "机构键"),
        pick("year", "年度"),
        pick("organ", "机构"),
        pick("file", "文件"),
        pick("template", "模板"),
    ];
    for (key, label) in INDICATORS {
        cols.push(pick(key, label));
        cols.push(if zh { format!("{label}同比") } else { format!("{key}_change") });
    }
    cols.push(pick("carry_mismatches", "上年结转不符"));
    cols.push(pick("previous_path", "上年文件"));
    cols.push(pick("path", "完整路径"));
    cols
}

/// One panel row, aligned with [`panel_columns`].
pub fn panel_row(r: &PanelRow) -> Vec<Field> {
    let num = |n: Option<f64>| n.map_or(Field::Empty, Field::Number);
    let mut row = vec![
        Field::Text(r.key.clone()),
        Field::Number(r.year as f64),
        Field::Text(r.organ.clone()),
        Field::Text(file_name(&r.path).to_string()),
        Field::Text(r.template.as_str().to_string()),
    ];
    for (v, c) in r.indicators.0.iter().zip(&r.changes) {
        row.push(num(*v));
        row.push(num(*c));
    }
    row.push(if r.carry.is_empty() { Field::Empty } else { Field::Text(r.carry.join("; ")) });
    row.push(r.previous.as_deref().map_or(Field::Empty, |p| Field::Text(p.to_string())));
    row.push(Field::Text(r.path.clone()));
    row
}

/// The last component of a path (of an archive member for `a.zip!/x/b.pdf`).
pub fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Display width of a text: a CJK (wide) character counts two.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) < 0x1100 { 1 } else { 2 }).sum()
}
