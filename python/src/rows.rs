//! `to_pandas`'s rows: the CSV writers' layouts (wide, long) and the
//! workbook's checks sheet, from the library's own column functions.

use nianbao::report::Report;
use nianbao::write::{CHECK_COLUMNS, Field, LONG_COLUMNS, Lang, check_rows, long_rows, wide_columns, wide_row};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use serde_json::Value;

use crate::NativeReport;

/// One row of Python values.
type Row = Vec<Py<PyAny>>;

/// A record as the writers see it.
enum Record<'a> {
    Report(&'a Report),
    /// A report record without its native report (read back from JSON):
    /// enough for the wide and checks layouts, not for the long one.
    Plain(Value),
    /// A failed file (or a duplicate): path, code, message.
    Failed(String, String, String),
    /// A panel warning: not a row of these tables.
    Other,
}

fn field(py: Python<'_>, f: &Field) -> PyResult<Py<PyAny>> {
    Ok(match f {
        Field::Text(s) => s.into_pyobject(py)?.into_any().unbind(),
        // Whole numbers as int, as the CSV writes them.
        Field::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => (*n as i64).into_pyobject(py)?.into_any().unbind(),
        Field::Number(n) => n.into_pyobject(py)?.into_any().unbind(),
        Field::Empty => py.None(),
    })
}

fn dict_text(d: &Bound<'_, PyDict>, outer: &str, inner: &str) -> PyResult<String> {
    let value = d.get_item(outer)?.and_then(|o| o.get_item(inner).ok());
    Ok(value.map(|v| v.extract::<String>()).transpose()?.unwrap_or_default())
}

/// `(columns, rows)` of `kind` ("wide", "long" or "checks") for `records`:
/// each a `NativeReport` or an error, duplicate or panel record (a dict).
#[pyfunction]
#[pyo3(signature = (records, kind="wide", lang="zh"))]
pub fn rows(
    py: Python<'_>,
    records: Vec<Bound<'_, PyAny>>,
    kind: &str,
    lang: &str,
) -> PyResult<(Vec<String>, Vec<Row>)> {
    let lang = match lang {
        "zh" => Lang::Zh,
        "en" => Lang::En,
        _ => return Err(PyValueError::new_err(format!("lang must be \"zh\" or \"en\", not {lang:?}"))),
    };
    let native: Vec<Option<PyRef<'_, NativeReport>>> =
        records.iter().map(|r| r.cast::<NativeReport>().ok().map(|b| b.borrow())).collect();
    let mut parsed: Vec<Record<'_>> = Vec::with_capacity(records.len());
    for (item, n) in records.iter().zip(&native) {
        if let Some(n) = n {
            parsed.push(Record::Report(&n.0));
            continue;
        }
        let d = item.cast::<PyDict>().map_err(|_| PyTypeError::new_err("records must be dicts from nianbao"))?;
        let schema: String = d.get_item("schema")?.map(|s| s.extract()).transpose()?.unwrap_or_default();
        parsed.push(match schema.as_str() {
            "nianbao/error/v1" => Record::Failed(
                dict_text(d, "source", "path")?,
                dict_text(d, "error", "code")?,
                dict_text(d, "error", "message")?,
            ),
            "nianbao/duplicate/v1" => {
                let of: String = d.get_item("duplicate_of")?.map(|s| s.extract()).transpose()?.unwrap_or_default();
                Record::Failed(dict_text(d, "source", "path")?, "duplicate".into(), format!("same file as {of}"))
            }
            "nianbao/panel/v1" => Record::Other,
            "nianbao/report/v1" if kind != "long" => {
                Record::Plain(pythonize::depythonize(d).map_err(|e| PyTypeError::new_err(e.to_string()))?)
            }
            other => {
                return Err(PyTypeError::new_err(format!(
                    "a {other:?} record without its native report: pass the records nianbao.convert or \
                     nianbao.convert_many returned (copies and records read back from JSON lose it)"
                )));
            }
        });
    }
    let mut out: Vec<Row> = Vec::new();
    let convert = |fields: &[Field]| fields.iter().map(|f| field(py, f)).collect::<PyResult<Vec<_>>>();
    let columns = match kind {
        "wide" => {
            let mut header = wide_columns(lang);
            header.push(if lang == Lang::En { "error".into() } else { "错误".into() });
            let width = header.len();
            for r in &parsed {
                match r {
                    Record::Report(r) => {
                        let mut row = convert(&wide_row(r))?;
                        row.push(py.None());
                        out.push(row);
                    }
                    Record::Plain(v) => {
                        let mut row = convert(&plain_wide_row(v))?;
                        row.push(py.None());
                        out.push(row);
                    }
                    Record::Failed(path, code, message) => out.push(failed_row(py, width, path, code, message)?),
                    Record::Other => {}
                }
            }
            header
        }
        "long" => {
            let mut header: Vec<String> = LONG_COLUMNS.iter().map(|s| s.to_string()).collect();
            header.push("error".into());
            let width = header.len();
            for r in &parsed {
                match r {
                    Record::Report(r) => {
                        for fields in long_rows(r) {
                            let mut row = convert(&fields)?;
                            row.push(py.None());
                            out.push(row);
                        }
                    }
                    Record::Failed(path, code, message) => out.push(failed_row(py, width, path, code, message)?),
                    Record::Other | Record::Plain(_) => {}
                }
            }
            header
        }
        "checks" => {
            for r in &parsed {
                if let Record::Plain(v) = r {
                    for c in v["checks"].as_array().into_iter().flatten() {
                        out.push(convert(&[
                            text(&v["source"]["path"]),
                            text(&v["organ"]),
                            number(&v["year"]),
                            text(&c["rule"]),
                            text(&c["where"]),
                            number(&c["expected"]),
                            number(&c["found"]),
                        ])?);
                    }
                }
                let Record::Report(r) = r else { continue };
                for row in check_rows(r) {
                    out.push(convert(&row)?);
                }
            }
            CHECK_COLUMNS.iter().map(|s| s.to_string()).collect()
        }
        _ => {
            return Err(PyValueError::new_err(format!("kind must be \"wide\", \"long\" or \"checks\", not {kind:?}")));
        }
    };
    Ok((columns, out))
}

/// A failed file's row: its path first, `code: message` in the last column.
fn failed_row(py: Python<'_>, width: usize, path: &str, code: &str, message: &str) -> PyResult<Row> {
    let mut row: Row = (0..width).map(|_| py.None()).collect();
    row[0] = path.into_pyobject(py)?.into_any().unbind();
    row[width - 1] = format!("{code}: {message}").into_pyobject(py)?.into_any().unbind();
    Ok(row)
}

fn text(v: &Value) -> Field {
    v.as_str().map_or(Field::Empty, |s| Field::Text(s.to_string()))
}

fn number(v: &Value) -> Field {
    v.as_f64().map_or(Field::Empty, Field::Number)
}

/// [`wide_row`] from a report record: the same fields read from its JSON
/// (the tests hold the two equal on every sample).
fn plain_wide_row(v: &Value) -> Vec<Field> {
    let joined = |key: &str, f: &dyn Fn(&Value) -> String| {
        let parts: Vec<String> = v[key].as_array().into_iter().flatten().map(f).collect();
        Field::Text(parts.join("; "))
    };
    let s = |x: &Value| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string());
    let mut row = vec![
        text(&v["source"]["path"]),
        text(&v["source"]["format"]),
        text(&v["organ"]),
        text(&v["organ_key"]),
        number(&v["year"]),
        text(&v["template"]),
        Field::Number(v["checks"].as_array().map_or(0, Vec::len) as f64),
        joined("checks", &|c| {
            format!("{}@{}: expected {} found {}", s(&c["rule"]), s(&c["where"]), c["expected"], c["found"])
        }),
        joined("warnings", &|w| format!("{}: {}", s(&w["code"]), s(&w["message"]))),
        text(&v["source"]["sha256"]),
    ];
    let meta = row.len();
    for path in wide_columns(Lang::En).iter().skip(meta) {
        row.push(number(path.split('.').fold(v, |at, key| &at[key])));
    }
    row
}
