//! The end-of-run summary and the progress bar.

use std::collections::BTreeMap;
use std::fmt;
use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::panel::PanelWarning;
use crate::report::Report;
use crate::write::FileError;

#[derive(Debug, Default)]
pub struct Summary {
    pub converted: usize,
    pub failed: BTreeMap<String, usize>,
    pub duplicates: usize,
    pub skipped: usize,
    pub checks: BTreeMap<String, usize>,
    pub warnings: BTreeMap<String, usize>,
    pub panel: Vec<PanelWarning>,
}

impl Summary {
    pub fn converted(&mut self, r: &Report) {
        self.converted += 1;
        for c in &r.checks {
            *self.checks.entry(c.rule.clone()).or_default() += 1;
        }
        for w in &r.warnings {
            *self.warnings.entry(w.code.clone()).or_default() += 1;
        }
    }

    pub fn failed(&mut self, e: &FileError) {
        *self.failed.entry(e.code.clone()).or_default() += 1;
    }

    pub fn n_failed(&self) -> usize {
        self.failed.values().sum()
    }

    /// The progress bar's message.
    pub fn short(&self) -> String {
        format!("{} failed", self.n_failed())
    }
}

fn counts(map: &BTreeMap<String, usize>) -> String {
    map.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} converted, {} failed", self.converted, self.n_failed())?;
        if self.duplicates > 0 {
            write!(f, ", {} duplicates", self.duplicates)?;
        }
        if self.skipped > 0 {
            write!(f, ", {} already converted (skipped; --force to redo)", self.skipped)?;
        }
        writeln!(f)?;
        if !self.failed.is_empty() {
            writeln!(f, "  failed by reason: {}", counts(&self.failed))?;
        }
        if !self.checks.is_empty() {
            writeln!(f, "  failing checks by rule: {}", counts(&self.checks))?;
        }
        if !self.warnings.is_empty() {
            writeln!(f, "  warnings by code: {}", counts(&self.warnings))?;
        }
        if !self.panel.is_empty() {
            writeln!(f, "  cross-year (panel.carry): {} mismatches", self.panel.len())?;
            for w in self.panel.iter().take(10) {
                writeln!(f, "    {}", w.message())?;
            }
        }
        Ok(())
    }
}

/// A bar on stderr when it is a terminal and wanted; hidden otherwise.
pub fn progress_bar(total: u64, wanted: bool) -> ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(total);
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} files  {per_sec}  ETA {eta}  {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}
