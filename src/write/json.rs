//! JSON (one array) and JSONL (one record a line). A failed file is an error
//! record `{"schema": "nianbao/error/v1", "source": {"path": …}, "error": {…}}`.

use std::io::Write;

use serde_json::json;

use super::{FileError, Sink, WriteError};
use crate::panel::PanelWarning;
use crate::report::Report;

pub struct JsonSink {
    out: Box<dyn Write>,
    array: bool,
    count: usize,
}

impl JsonSink {
    pub fn new(out: Box<dyn Write>, array: bool) -> Self {
        JsonSink { out, array, count: 0 }
    }

    fn record(&mut self, value: &impl serde::Serialize) -> Result<(), WriteError> {
        if self.array {
            self.out.write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
        }
        serde_json::to_writer(&mut self.out, value).map_err(std::io::Error::from)?;
        if !self.array {
            self.out.write_all(b"\n")?;
        }
        self.count += 1;
        Ok(())
    }
}

impl Sink for JsonSink {
    fn report(&mut self, report: &Report) -> Result<(), WriteError> {
        self.record(report)
    }

    fn error(&mut self, e: &FileError) -> Result<(), WriteError> {
        let value = json!({
            "schema": "nianbao/error/v1",
            "source": {"path": e.path},
            "error": {"code": e.code, "message": e.message},
        });
        self.record(&value)
    }

    fn duplicate(&mut self, name: &str, sha256: &str, of: &str) -> Result<(), WriteError> {
        let value = json!({
            "schema": "nianbao/duplicate/v1",
            "source": {"path": name, "sha256": sha256},
            "duplicate_of": of,
        });
        self.record(&value)
    }

    fn panel(&mut self, w: &PanelWarning) -> Result<(), WriteError> {
        let value = json!({
            "schema": "nianbao/panel/v1",
            "source": {"path": w.path, "sha256": w.sha256},
            "warning": {"code": w.code, "message": w.message()},
            "organ": w.organ, "organ_key": w.organ_key, "year": w.year, "column": w.column,
            "previous": w.previous_path, "expected": w.expected, "found": w.found,
        });
        self.record(&value)
    }

    fn finish(mut self: Box<Self>) -> Result<(), WriteError> {
        if self.array {
            self.out.write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(())
    }
}
