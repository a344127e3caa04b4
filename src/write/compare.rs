//! `nianbao compare`'s outputs: the reports collected as the batch converts
//! them, and each comparison as a readable block for the terminal (changes
//! first) or as one `nianbao/compare/v1` JSON record.

use super::{FileError, Sink, WriteError};
use crate::panel::indicators::{INDICATORS, Indicators};
use crate::panel::{Comparison, Year};
use crate::report::Report;

/// Keeps what a comparison needs of each converted report.
#[derive(Debug, Default)]
pub struct CompareSink {
    pub years: Vec<Year>,
    /// Reports with no organ or no year.
    pub unplaced: Vec<String>,
    pub failed: usize,
}

impl Sink for CompareSink {
    fn report(&mut self, r: &Report) -> Result<(), WriteError> {
        match Year::of(r) {
            Some(y) => self.years.push(y),
            None => self.unplaced.push(r.source.path.clone()),
        }
        Ok(())
    }

    fn error(&mut self, _e: &FileError) -> Result<(), WriteError> {
        // Said on stderr by the batch runner.
        self.failed += 1;
        Ok(())
    }

    fn duplicate(&mut self, _name: &str, _sha256: &str, _of: &str) -> Result<(), WriteError> {
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), WriteError> {
        Ok(())
    }
}

/// The record as one JSON line.
pub fn comparison_json(c: &Comparison) -> Result<String, WriteError> {
    Ok(serde_json::to_string(c).map_err(std::io::Error::from)?)
}

fn num(v: Option<f64>) -> String {
    match v {
        None => "null".into(),
        Some(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => format!("{}", n as i64),
        Some(n) => format!("{n}"),
    }
}

fn signed(v: Option<f64>) -> String {
    match v {
        Some(n) if n > 0.0 => format!("+{}", num(Some(n))),
        v => num(v),
    }
}

/// A comparison as a readable block: changes first, then carry mismatches,
/// indicators and repeated text.
pub fn comparison_text(c: &Comparison) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "{} [{}]  {} → {}", c.organ, c.organ_key, c.from.year, c.to.year);
    let _ = writeln!(s, "  from {} ({}, {} template)", c.from.path, c.from.organ, c.from.template.as_str());
    let _ = writeln!(s, "  to   {} ({}, {} template)", c.to.path, c.to.organ, c.to.template.as_str());
    if !c.missing_years.is_empty() {
        let years: Vec<String> = c.missing_years.iter().map(i32::to_string).collect();
        let _ =
            writeln!(s, "  missing year{}: {} (no report; carry not checked)", plural(years.len()), years.join(", "));
    }
    let width = c.changes.iter().map(|ch| ch.key.len()).max().unwrap_or(0).max(10);
    let _ = writeln!(s, "  changes: {}", c.changes.len());
    for ch in &c.changes {
        let _ = writeln!(
            s,
            "    {:<width$}  {:>10} → {}",
            ch.key,
            num(ch.from.map(|n| n.0)),
            num(ch.to.map(|n| n.0)),
            width = width
        );
    }
    if !c.not_comparable.is_empty() {
        let _ = writeln!(s, "  not comparable (only one template has them): {} leaves", c.not_comparable.len());
    }
    if c.carry_checked {
        if c.carry.is_empty() {
            let _ = writeln!(s, "  carry: 上年结转 equals last year's 结转下年度");
        } else {
            let _ = writeln!(s, "  carry mismatches (上年结转 ≠ last year's 结转下年度):");
            for m in &c.carry {
                let _ = writeln!(s, "    {:<16} expected {:>6}  found {:>6}", m.column, m.expected, m.found);
            }
        }
    }
    let _ = writeln!(s, "  indicators:");
    let change = Indicators::change(&c.indicators.from, &c.indicators.to);
    for (i, (_, label)) in INDICATORS.iter().enumerate() {
        let pad = 14usize.saturating_sub(label.chars().count() * 2);
        let _ = writeln!(
            s,
            "    {label}{:pad$}  {:>8} → {:<8} {}",
            "",
            num(c.indicators.from.0[i]),
            num(c.indicators.to.0[i]),
            signed(change[i]),
            pad = pad
        );
        s.truncate(s.trim_end().len());
        s.push('\n');
    }
    for (name, r) in [("总体情况", &c.sections.overview), ("存在的主要问题及改进情况", &c.sections.problems)]
    {
        if let Some(r) = r {
            let _ = writeln!(
                s,
                "  {name}: {:.0}% repeated word for word ({} sentence{})",
                r.share * 100.0,
                r.repeated.len(),
                plural(r.repeated.len())
            );
            for sentence in r.repeated.iter().take(5) {
                let _ = writeln!(s, "    “{sentence}”");
            }
        }
    }
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
