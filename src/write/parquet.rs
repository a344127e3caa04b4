//! Parquet: the long table (one row per value, with provenance) or, with
//! `--wide`, one row per report and one typed column per schema leaf.
//!
//! Rows are buffered in Arrow builders and handed to the Parquet writer a
//! few thousand at a time; the writer closes a row group every
//! `ROW_GROUP` rows, so memory stays bounded whatever the batch. Shards
//! written by `--shard K/N` share one schema: a folder of them is one
//! dataset for DuckDB, pandas or Spark.
//!
//! Long rows other than values say what they are in `record`: `check`
//! (key = rule, value = found), `warning` (key = code), `panel` (key =
//! `panel.carry`), `error` and `duplicate` (key = code), with the text in
//! `message`.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::columns::{check_texts, values, warning_texts, wide_leaf_keys};
use super::{FileError, Sink, WriteError};
use crate::panel::PanelWarning;
use crate::report::Report;

/// Rows buffered before they go to the writer.
const FLUSH_ROWS: usize = 16_384;

const LONG: &[(&str, DataType)] = &[
    ("sha256", DataType::Utf8),
    ("path", DataType::Utf8),
    ("organ", DataType::Utf8),
    ("organ_key", DataType::Utf8),
    ("year", DataType::Int32),
    ("template", DataType::Utf8),
    ("record", DataType::Utf8),
    ("key", DataType::Utf8),
    ("table", DataType::Utf8),
    ("row_label", DataType::Utf8),
    ("col_label", DataType::Utf8),
    ("value", DataType::Float64),
    ("raw", DataType::Utf8),
    ("table_index", DataType::Int32),
    ("row", DataType::Int32),
    ("col", DataType::Int32),
    ("page", DataType::Int32),
    ("message", DataType::Utf8),
];

/// Per-report columns of the wide table, before the leaves.
const WIDE_META: &[(&str, DataType)] = &[
    ("sha256", DataType::Utf8),
    ("path", DataType::Utf8),
    ("format", DataType::Utf8),
    ("organ", DataType::Utf8),
    ("organ_key", DataType::Utf8),
    ("year", DataType::Int32),
    ("template", DataType::Utf8),
    ("checks_failed", DataType::Int32),
    ("checks", DataType::Utf8),
    ("warnings", DataType::Utf8),
    ("error", DataType::Utf8),
];

/// A leaf's type: amounts (万元, 元) may have decimals, the rest are counts.
fn leaf_type(key: &str) -> DataType {
    if key.ends_with(".amount") { DataType::Float64 } else { DataType::Int64 }
}

/// The long table's schema.
pub fn long_schema() -> SchemaRef {
    Arc::new(Schema::new(LONG.iter().map(|(n, t)| Field::new(*n, t.clone(), true)).collect::<Vec<_>>()))
}

/// The wide table's schema: metadata, then every leaf of both templates.
pub fn wide_schema() -> SchemaRef {
    let meta = WIDE_META.iter().map(|(n, t)| Field::new(*n, t.clone(), true));
    let leaves = wide_leaf_keys().iter().map(|k| Field::new(k.as_str(), leaf_type(k), true));
    Arc::new(Schema::new(meta.chain(leaves).collect::<Vec<_>>()))
}

/// A column being filled.
enum Col {
    Text(StringBuilder),
    I32(Int32Builder),
    I64(Int64Builder),
    F64(Float64Builder),
}

impl Col {
    fn of(t: &DataType) -> Col {
        match t {
            DataType::Int32 => Col::I32(Int32Builder::new()),
            DataType::Int64 => Col::I64(Int64Builder::new()),
            DataType::Float64 => Col::F64(Float64Builder::new()),
            _ => Col::Text(StringBuilder::new()),
        }
    }

    fn text(&mut self, v: Option<&str>) {
        if let Col::Text(b) = self {
            b.append_option(v);
        }
    }

    fn int(&mut self, v: Option<i64>) {
        match self {
            Col::I32(b) => b.append_option(v.and_then(|v| i32::try_from(v).ok())),
            Col::I64(b) => b.append_option(v),
            Col::F64(b) => b.append_option(v.map(|v| v as f64)),
            Col::Text(b) => b.append_option(v.map(|v| v.to_string())),
        }
    }

    fn num(&mut self, v: Option<f64>) {
        match self {
            Col::F64(b) => b.append_option(v),
            // Counts are integral; a fraction where a count belongs cannot
            // come from the mapper, but rounds rather than vanishes.
            Col::I64(b) => b.append_option(v.map(|v| v.round() as i64)),
            Col::I32(b) => b.append_option(v.map(|v| v.round() as i32)),
            Col::Text(b) => b.append_option(v.map(|v| v.to_string())),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Col::Text(b) => Arc::new(b.finish()),
            Col::I32(b) => Arc::new(b.finish()),
            Col::I64(b) => Arc::new(b.finish()),
            Col::F64(b) => Arc::new(b.finish()),
        }
    }
}

pub struct ParquetSink {
    writer: ArrowWriter<File>,
    schema: SchemaRef,
    cols: Vec<Col>,
    rows: usize,
    wide: bool,
}

impl ParquetSink {
    pub fn create(path: &Path, wide: bool) -> Result<Self, WriteError> {
        let schema = if wide { wide_schema() } else { long_schema() };
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(if wide { 8_192 } else { 262_144 }))
            .build();
        let writer = ArrowWriter::try_new(File::create(path)?, schema.clone(), Some(props))?;
        let cols = schema.fields().iter().map(|f| Col::of(f.data_type())).collect();
        Ok(ParquetSink { writer, schema, cols, rows: 0, wide })
    }

    fn row_done(&mut self) -> Result<(), WriteError> {
        self.rows += 1;
        if self.rows >= FLUSH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), WriteError> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.cols.iter_mut().map(Col::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)?;
        self.writer.write(&batch)?;
        self.rows = 0;
        Ok(())
    }

    /// A long row that is not a value: its report columns, then what it is.
    #[allow(clippy::too_many_arguments)]
    fn note(
        &mut self,
        sha256: Option<&str>,
        path: &str,
        r: Option<&Report>,
        record: &str,
        key: &str,
        value: Option<f64>,
        message: &str,
    ) -> Result<(), WriteError> {
        let c = &mut self.cols;
        c[0].text(sha256);
        c[1].text(Some(path));
        c[2].text(r.and_then(|r| r.organ.as_deref()));
        c[3].text(r.and_then(|r| r.organ_key.as_deref()));
        c[4].int(r.and_then(|r| r.year).map(i64::from));
        c[5].text(r.map(|r| r.template.as_str()));
        c[6].text(Some(record));
        c[7].text(Some(key));
        for col in &mut c[8..11] {
            col.text(None);
        }
        c[11].num(value);
        c[12].text(None);
        for col in &mut c[13..17] {
            col.int(None);
        }
        c[17].text(Some(message));
        self.row_done()
    }

    fn long_report(&mut self, r: &Report) -> Result<(), WriteError> {
        let sha = r.source.sha256.as_str();
        for v in values(r) {
            let c = &mut self.cols;
            c[0].text(Some(sha));
            c[1].text(Some(&r.source.path));
            c[2].text(r.organ.as_deref());
            c[3].text(r.organ_key.as_deref());
            c[4].int(r.year.map(i64::from));
            c[5].text(Some(r.template.as_str()));
            c[6].text(Some("value"));
            c[7].text(Some(v.key));
            let p = v.provenance;
            c[8].text(p.map(|p| p.table.as_str()));
            c[9].text(Some(p.map_or(v.label, |p| p.row_label.as_str())));
            c[10].text(p.map(|p| p.col_label.as_str()));
            c[11].num(v.value);
            c[12].text(p.map(|p| p.raw.as_str()));
            c[13].int(p.map(|p| p.table_index as i64));
            c[14].int(p.map(|p| p.row as i64));
            c[15].int(p.map(|p| p.col as i64));
            c[16].int(p.and_then(|p| p.page).map(i64::from));
            c[17].text(None);
            self.row_done()?;
        }
        for (ch, msg) in r.checks.iter().zip(check_texts(r)) {
            self.note(Some(sha), &r.source.path, Some(r), "check", &ch.rule, Some(ch.found as f64), &msg)?;
        }
        for w in &r.warnings {
            self.note(Some(sha), &r.source.path, Some(r), "warning", &w.code, None, &w.message)?;
        }
        Ok(())
    }

    fn wide_report(&mut self, r: &Report) -> Result<(), WriteError> {
        static POS: std::sync::OnceLock<std::collections::HashMap<&'static str, usize>> = std::sync::OnceLock::new();
        let pos = POS.get_or_init(|| wide_leaf_keys().iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect());
        let mut leaves: Vec<Option<f64>> = vec![None; wide_leaf_keys().len()];
        for v in values(r) {
            if let Some(i) = pos.get(v.key) {
                leaves[*i] = v.value;
            }
        }
        let c = &mut self.cols;
        c[0].text(Some(&r.source.sha256));
        c[1].text(Some(&r.source.path));
        c[2].text(Some(&r.source.format));
        c[3].text(r.organ.as_deref());
        c[4].text(r.organ_key.as_deref());
        c[5].int(r.year.map(i64::from));
        c[6].text(Some(r.template.as_str()));
        c[7].int(Some(r.checks.len() as i64));
        c[8].text(Some(&check_texts(r).join("; ")));
        c[9].text(Some(&warning_texts(r).join("; ")));
        c[10].text(None);
        for (col, v) in c[WIDE_META.len()..].iter_mut().zip(leaves) {
            col.num(v);
        }
        self.row_done()
    }

    /// A wide row for a file that is not a report: path and error only.
    fn wide_error(&mut self, sha256: Option<&str>, path: &str, message: &str) -> Result<(), WriteError> {
        let c = &mut self.cols;
        c[0].text(sha256);
        c[1].text(Some(path));
        for col in &mut c[2..10] {
            col.int(None);
        }
        c[10].text(Some(message));
        for col in &mut c[WIDE_META.len()..] {
            col.num(None);
        }
        self.row_done()
    }
}

impl Sink for ParquetSink {
    fn report(&mut self, r: &Report) -> Result<(), WriteError> {
        if self.wide { self.wide_report(r) } else { self.long_report(r) }
    }

    fn error(&mut self, e: &FileError) -> Result<(), WriteError> {
        if self.wide {
            self.wide_error(None, &e.path, &format!("{}: {}", e.code, e.message))
        } else {
            self.note(None, &e.path, None, "error", &e.code, None, &e.message)
        }
    }

    fn duplicate(&mut self, name: &str, sha256: &str, of: &str) -> Result<(), WriteError> {
        let message = format!("same file as {of}");
        if self.wide {
            self.wide_error(Some(sha256), name, &format!("duplicate: {message}"))
        } else {
            self.note(Some(sha256), name, None, "duplicate", "duplicate", None, &message)
        }
    }

    fn panel(&mut self, w: &PanelWarning) -> Result<(), WriteError> {
        if self.wide {
            return Ok(()); // a wide row is a report: the summary says it
        }
        self.note(Some(&w.sha256), &w.path, None, "panel", w.code, Some(w.found as f64), &w.message())
    }

    fn finish(mut self: Box<Self>) -> Result<(), WriteError> {
        self.flush()?;
        self.writer.close()?;
        Ok(())
    }
}
