//! `convert_many`: the CLI's batch (input expansion, parallel conversion,
//! input order, duplicates, panel warnings) run on a Rust thread, its
//! records handed to a Python iterator through a bounded channel, so memory
//! stays bounded and Python converts records while Rust reads the next files.

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use nianbao::batch::{self, inputs};
use nianbao::panel::PanelWarning;
use nianbao::report::Report;
use nianbao::write::{FileError, Sink, WriteError};
use pyo3::exceptions::{PyFileNotFoundError, PyRuntimeError};
use pyo3::prelude::*;
use serde_json::{Value, json};

use crate::{NativeReport, to_py};

/// Records waiting for Python, beyond the batch being converted.
const QUEUE: usize = 64;

enum Item {
    Report(Box<Report>),
    /// An error, duplicate or panel record, as `nianbao convert` writes it.
    Record(Value),
    /// The batch itself failed (not one file).
    Fatal(String),
}

struct ChannelSink {
    tx: SyncSender<Item>,
    /// Send the cross-year panel warnings (the CLI's JSON Lines end with them).
    panel: bool,
}

fn closed() -> WriteError {
    WriteError::Io(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the Python iterator was dropped"))
}

impl ChannelSink {
    fn send(&self, item: Item) -> Result<(), WriteError> {
        self.tx.send(item).map_err(|_| closed())
    }
}

// The records match `nianbao convert`'s JSON writer field for field (the
// tests compare them with the CLI's output).
impl Sink for ChannelSink {
    fn report(&mut self, report: &Report) -> Result<(), WriteError> {
        self.send(Item::Report(Box::new(report.clone())))
    }

    fn report_owned(&mut self, report: Box<Report>) -> Result<(), WriteError> {
        self.send(Item::Report(report))
    }

    fn error(&mut self, e: &FileError) -> Result<(), WriteError> {
        self.send(Item::Record(json!({
            "schema": "nianbao/error/v1",
            "source": {"path": e.path},
            "error": {"code": e.code, "message": e.message},
        })))
    }

    fn duplicate(&mut self, name: &str, sha256: &str, of: &str) -> Result<(), WriteError> {
        self.send(Item::Record(json!({
            "schema": "nianbao/duplicate/v1",
            "source": {"path": name, "sha256": sha256},
            "duplicate_of": of,
        })))
    }

    fn panel(&mut self, w: &PanelWarning) -> Result<(), WriteError> {
        if !self.panel {
            return Ok(());
        }
        self.send(Item::Record(json!({
            "schema": "nianbao/panel/v1",
            "source": {"path": w.path, "sha256": w.sha256},
            "warning": {"code": w.code, "message": w.message()},
            "organ": w.organ, "organ_key": w.organ_key, "year": w.year, "column": w.column,
            "previous": w.previous_path, "expected": w.expected, "found": w.found,
        })))
    }

    fn finish(self: Box<Self>) -> Result<(), WriteError> {
        Ok(())
    }
}

/// The iterator `convert_many` returns: `(record, native report or None)`.
#[pyclass(module = "nianbao._nianbao")]
pub struct Records {
    rx: Mutex<Receiver<Item>>,
}

#[pymethods]
impl Records {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<(Bound<'py, PyAny>, Option<NativeReport>)>> {
        // Wait for Rust without the GIL: other Python threads keep running.
        let item = py.detach(|| match self.rx.lock() {
            Ok(rx) => rx.recv().ok(),
            Err(_) => None,
        });
        match item {
            None => Ok(None),
            Some(Item::Report(report)) => {
                let record = to_py(py, &*report)?;
                Ok(Some((record, Some(NativeReport((*report).into())))))
            }
            Some(Item::Record(value)) => Ok(Some((to_py(py, &value)?, None))),
            Some(Item::Fatal(message)) => Err(PyRuntimeError::new_err(message)),
        }
    }
}

/// Expands `sources` as the CLI does (files, folders, globs, zip archives)
/// and starts converting them on `jobs` threads (0: all cores).
#[pyfunction]
#[pyo3(signature = (sources, jobs=0, panel=false))]
pub fn convert_many(py: Python<'_>, sources: Vec<String>, jobs: usize, panel: bool) -> PyResult<Records> {
    let files = py.detach(|| inputs::expand(&sources)).map_err(PyFileNotFoundError::new_err)?;
    let (tx, rx) = sync_channel(QUEUE);
    std::thread::spawn(move || {
        let mut sink = ChannelSink { tx: tx.clone(), panel };
        // `..Default` so fields added to the batch options later keep this building.
        let options = batch::Options { jobs, force: true, progress: false, ..Default::default() };
        if let Err(e) = batch::run(&files, &mut sink, &options) {
            // A dropped iterator is not worth reporting to anyone.
            let _ = tx.send(Item::Fatal(e.to_string()));
        }
    });
    Ok(Records { rx: Mutex::new(rx) })
}
