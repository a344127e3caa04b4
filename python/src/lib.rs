//! `nianbao._nianbao`: the native half of the Python package. Reports are
//! built as Python objects straight from serde (pythonize), never through a
//! JSON string; the Rust work runs with the GIL released.

mod many;
mod rows;

use std::path::PathBuf;
use std::sync::Arc;

use nianbao::batch::{Input, inputs::Origin};
use nianbao::read::scan::{OcrMode, with_mode};
use nianbao::report::Report;
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pythonize::pythonize;

create_exception!(_nianbao, ConversionError, PyException, "A file nianbao cannot convert (`.code`, `.path`).");

/// A converted report kept on the Rust side, so `to_pandas` can write the
/// long layout with its provenance (which the JSON record leaves out).
#[pyclass(frozen, module = "nianbao._nianbao", name = "NativeReport")]
pub struct NativeReport(pub Arc<Report>);

/// The error raised to Python: message, and `code`/`path` attributes.
pub(crate) fn conversion_error(py: Python<'_>, path: &str, code: &str, message: &str) -> PyErr {
    let err = ConversionError::new_err(format!("{path}: {message}"));
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail in practice.
    let _ = value.setattr("code", code);
    let _ = value.setattr("path", path);
    let _ = value.setattr("message", message);
    err
}

pub(crate) fn to_py<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    pythonize(py, value).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The record and its native handle.
fn report_pair<'py>(py: Python<'py>, report: Report) -> PyResult<(Bound<'py, PyAny>, NativeReport)> {
    let record = to_py(py, &report)?;
    Ok((record, NativeReport(Arc::new(report))))
}

/// Files larger than this are refused unread, as by `nianbao convert`'s default.
const MAX_FILE_BYTES: u64 = nianbao::batch::inputs::DEFAULT_MAX_FILE_BYTES;

/// An input named `name`: a path on disk, or bytes reported under `name`.
fn input(name: &str) -> Input {
    Input { name: name.to_string(), origin: Origin::File(PathBuf::from(name)) }
}

/// The OCR mode named `ocr` (the Python side checked the name).
fn ocr_mode(ocr: &str) -> OcrMode {
    match ocr {
        "always" => OcrMode::Always,
        "never" => OcrMode::Never,
        _ => OcrMode::Auto,
    }
}

/// Converts the file at `path`, exactly as `nianbao convert --ocr OCR PATH` does.
#[pyfunction]
fn convert_path<'py>(py: Python<'py>, path: String, ocr: &str) -> PyResult<(Bound<'py, PyAny>, NativeReport)> {
    let input = input(&path);
    let mode = ocr_mode(ocr);
    let result = py.detach(|| {
        with_mode(mode, || input.load(MAX_FILE_BYTES).and_then(|bytes| nianbao::convert_input(&input, &bytes)))
    });
    match result {
        Ok(report) => report_pair(py, report),
        Err(e) => Err(conversion_error(py, &path, e.code(), &e.to_string())),
    }
}

/// Converts bytes, reported under the file name `name`.
#[pyfunction]
fn convert_bytes<'py>(
    py: Python<'py>,
    data: &[u8],
    name: String,
    ocr: &str,
) -> PyResult<(Bound<'py, PyAny>, NativeReport)> {
    let input = input(&name);
    let mode = ocr_mode(ocr);
    let result = py.detach(|| with_mode(mode, || nianbao::convert_input(&input, data)));
    match result {
        Ok(report) => report_pair(py, report),
        Err(e) => Err(conversion_error(py, &name, e.code(), &e.to_string())),
    }
}

/// The `nianbao tables --json` document of a file (path) or of bytes.
#[pyfunction]
#[pyo3(signature = (name, data=None))]
fn tables<'py>(py: Python<'py>, name: String, data: Option<&[u8]>) -> PyResult<Bound<'py, PyAny>> {
    let result = py.detach(|| {
        let owned;
        let bytes = match data {
            Some(d) => d,
            None => {
                owned = input(&name).load(MAX_FILE_BYTES)?;
                &owned[..]
            }
        };
        let (format, doc) = nianbao::read::read(bytes)?;
        let source = nianbao::source(&name, format.name(), bytes, doc.pages);
        Ok::<_, nianbao::Error>(nianbao::write::tables_value(&source, &doc))
    });
    match result {
        Ok(value) => to_py(py, &value),
        Err(e) => Err(conversion_error(py, &name, e.code(), &e.to_string())),
    }
}

/// The JSON Schema of a report (`nianbao schema`).
#[pyfunction]
fn schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_py(py, &schemars::schema_for!(Report))
}

#[pymodule]
fn _nianbao(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("ConversionError", m.py().get_type::<ConversionError>())?;
    m.add_class::<NativeReport>()?;
    m.add_class::<many::Records>()?;
    m.add_function(wrap_pyfunction!(convert_path, m)?)?;
    m.add_function(wrap_pyfunction!(convert_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(tables, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_function(wrap_pyfunction!(many::convert_many, m)?)?;
    m.add_function(wrap_pyfunction!(rows::rows, m)?)?;
    Ok(())
}
