//! No converted work is lost when the output fails: a sink is wrapped so
//! that, if writing it fails (a full disk, a file that cannot be finished),
//! every record it had not made safe goes to a JSON Lines file beside the
//! output, and the conversion goes on into that file.
//!
//! - A database commits each batch: the records since the last commit are
//!   kept (in memory, one batch) and written out on failure.
//! - A workbook, a Parquet file, a JSON array or a CSV is whole only once
//!   finished: every record is also spooled to a hidden JSONL file beside the
//!   output, removed once the output is finished.

use std::path::{Path, PathBuf};

use super::json::JsonSink;
use super::{Durability, FileError, Resume, Sink, WriteError};
use crate::panel::{PanelRow, PanelWarning};
use crate::report::Report;

/// Where the records go when `output` cannot be written.
pub fn rescue_path(output: &Path) -> PathBuf {
    let name = output.file_name().map_or("nianbao".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!("{name}.rescued.jsonl"))
}

fn spool_path(output: &Path) -> PathBuf {
    let name = output.file_name().map_or("nianbao".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!(".{name}.spool.jsonl"))
}

fn jsonl(path: &Path) -> Result<JsonSink, WriteError> {
    let file = std::fs::File::create(path)?;
    Ok(JsonSink::new(Box::new(std::io::BufWriter::new(file)), false))
}

/// A record not yet safe in a per-batch sink.
enum Pending {
    Report(Box<Report>),
    Error(FileError),
    Duplicate(String, String, String),
    Panel(PanelWarning),
}

impl Pending {
    fn write(&self, sink: &mut dyn Sink) -> Result<(), WriteError> {
        match self {
            Pending::Report(r) => sink.report(r),
            Pending::Error(e) => sink.error(e),
            Pending::Duplicate(name, sha, of) => sink.duplicate(name, sha, of),
            Pending::Panel(w) => sink.panel(w),
        }
    }
}

/// A sink that rescues its records into JSONL when it fails.
pub struct Guarded {
    inner: Option<Box<dyn Sink>>,
    durability: Durability,
    output: PathBuf,
    /// AtFinish: every record, until the output is finished.
    spool: Option<JsonSink>,
    /// PerBatch: the records since the last commit.
    pending: Vec<Pending>,
    /// After a failure (PerBatch): the rescue file.
    rescue: Option<JsonSink>,
    failure: Option<WriteError>,
    /// Records spooled or rescued (reports, errors, duplicates, warnings).
    records: usize,
}

impl Guarded {
    /// Wraps `inner`, which writes `output` (None: standard output, not guarded).
    pub fn new(inner: Box<dyn Sink>, output: Option<&Path>) -> Guarded {
        let mut durability = inner.durability();
        let output = output.map(Path::to_path_buf);
        let mut spool = None;
        match &output {
            None => durability = Durability::Streamed,
            Some(out) if durability == Durability::AtFinish => {
                // Without a spool (a folder we cannot write) the output itself
                // will fail too and say so.
                spool = jsonl(&spool_path(out)).ok();
            }
            Some(_) => {}
        }
        Guarded {
            inner: Some(inner),
            durability,
            output: output.unwrap_or_default(),
            spool,
            pending: Vec::new(),
            rescue: None,
            failure: None,
            records: 0,
        }
    }

    fn fail(&mut self, e: WriteError) {
        self.inner = None; // a database rolls back its open batch
        self.failure.get_or_insert(e);
        if self.durability == Durability::PerBatch && self.rescue.is_none() {
            match jsonl(&rescue_path(&self.output)) {
                Ok(mut sink) => {
                    for p in std::mem::take(&mut self.pending) {
                        if p.write(&mut sink).is_ok() {
                            self.records += 1;
                        }
                    }
                    self.rescue = Some(sink);
                }
                Err(_) => self.pending.clear(),
            }
        }
    }

    /// Writes one record to the output, then keeps it safe as the output's
    /// durability needs.
    fn put(&mut self, p: Pending) -> Result<(), WriteError> {
        if let Some(inner) = self.inner.as_mut()
            && let Err(e) = p.write(inner.as_mut())
        {
            self.fail(e);
        }
        match self.durability {
            Durability::Streamed => {
                if let Some(e) = self.failure.take() {
                    return Err(e);
                }
            }
            Durability::AtFinish => {
                if let Some(spool) = self.spool.as_mut() {
                    p.write(spool)?;
                    self.records += 1;
                }
            }
            Durability::PerBatch => match self.rescue.as_mut() {
                Some(rescue) => {
                    p.write(rescue)?;
                    self.records += 1;
                }
                None => self.pending.push(p),
            },
        }
        Ok(())
    }
}

impl Sink for Guarded {
    fn report(&mut self, report: &Report) -> Result<(), WriteError> {
        if self.durability != Durability::PerBatch {
            // No copy needed: written straight through (and to the spool).
            if let Some(inner) = self.inner.as_mut()
                && let Err(e) = inner.report(report)
            {
                self.fail(e);
            }
            if let Some(spool) = self.spool.as_mut() {
                spool.report(report)?;
                self.records += 1;
            }
            if self.durability == Durability::Streamed
                && let Some(e) = self.failure.take()
            {
                return Err(e);
            }
            return Ok(());
        }
        self.put(Pending::Report(Box::new(report.clone())))
    }

    fn report_owned(&mut self, report: Box<Report>) -> Result<(), WriteError> {
        if self.durability != Durability::PerBatch {
            return self.report(&report);
        }
        self.put(Pending::Report(report))
    }

    fn error(&mut self, e: &FileError) -> Result<(), WriteError> {
        self.put(Pending::Error(e.clone()))
    }

    fn duplicate(&mut self, name: &str, sha256: &str, of: &str) -> Result<(), WriteError> {
        self.put(Pending::Duplicate(name.into(), sha256.into(), of.into()))
    }

    fn panel(&mut self, w: &PanelWarning) -> Result<(), WriteError> {
        self.put(Pending::Panel(w.clone()))
    }

    /// Derived from the reports (a rescue holds those), so written through only.
    fn panel_table(&mut self, rows: &[PanelRow]) -> Result<(), WriteError> {
        if let Some(inner) = self.inner.as_mut()
            && let Err(e) = inner.panel_table(rows)
        {
            self.fail(e);
        }
        if self.durability == Durability::Streamed
            && let Some(e) = self.failure.take()
        {
            return Err(e);
        }
        Ok(())
    }

    fn end_batch(&mut self) -> Result<(), WriteError> {
        if let Some(inner) = self.inner.as_mut() {
            match inner.end_batch() {
                Ok(()) => self.pending.clear(),
                Err(e) => self.fail(e),
            }
        }
        Ok(())
    }

    fn resume(&self) -> Result<Option<Box<dyn Resume>>, WriteError> {
        match &self.inner {
            Some(inner) => inner.resume(),
            None => Ok(None),
        }
    }

    fn durability(&self) -> Durability {
        self.durability
    }

    fn notes(&self) -> Vec<String> {
        self.inner.as_ref().map_or_else(Vec::new, |i| i.notes())
    }

    fn finish(mut self: Box<Self>) -> Result<(), WriteError> {
        if let Some(inner) = self.inner.take()
            && let Err(e) = inner.finish()
        {
            self.fail(e);
        }
        let Some(error) = self.failure.take() else {
            if let Some(spool) = self.spool.take() {
                drop(spool);
                let _ = std::fs::remove_file(spool_path(&self.output));
            }
            return Ok(());
        };
        let rescue = rescue_path(&self.output);
        let saved = match self.durability {
            Durability::Streamed => return Err(error),
            Durability::AtFinish => match self.spool.take() {
                Some(spool) => {
                    Box::new(spool).finish().is_ok() && std::fs::rename(spool_path(&self.output), &rescue).is_ok()
                }
                None => false,
            },
            Durability::PerBatch => self.rescue.take().is_some_and(|r| Box::new(r).finish().is_ok()),
        };
        if !saved {
            return Err(error);
        }
        Err(WriteError::Rescued { error: Box::new(error), rescue, records: self.records })
    }
}
