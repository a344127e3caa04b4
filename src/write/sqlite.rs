//! SQLite: one compact database for a whole collection, resumable.
//!
//! Stored tables (layout 2, `PRAGMA user_version = 2`):
//! - `report`: one row per converted file (integer `id`, `sha256` unique),
//!   path, format, organ, organ_key, year, template, checks_failed and the whole report
//!   as zlib-compressed JSON (`report_json_z`).
//! - `keys` and `labels`: the schema keys and the distinct table/row/column
//!   labels as printed, each stored once and referenced by integer id.
//! - `cell`: every schema leaf of every report, keyed by (report id, key id)
//!   `WITHOUT ROWID`; `raw` only where it differs from the value's own text.
//! - `checks`, `warnings` (incl. the cross-year `panel.carry`), `errors`,
//!   `duplicates` as before.
//!
//! Views give the documented columns: `reports` and `cell_values` (labels
//! and raw text spelled out), so queries written for the README keep working,
//! and `panel` (one row per organ key and year, see [`PANEL_VIEW`]).
//!
//! Each batch of files is one transaction, so a killed run loses nothing
//! already committed; a re-run skips files whose sha256 is in `report`
//! (unless `--force`), so it resumes where it stopped.

use std::io::Write;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::columns::{leaf_keys, values};
use super::{FileError, Prior, Resume, Sink, WriteError};
use crate::panel::{Entry, PanelWarning};
use crate::report::{Report, Template};

/// The layout this version writes (`PRAGMA user_version`).
pub const LAYOUT: i64 = 2;

pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS report (
  id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, path TEXT NOT NULL, format TEXT, bytes INTEGER,
  pages INTEGER, organ TEXT, organ_key TEXT, year INTEGER, template TEXT, checks_failed INTEGER, report_json_z BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS labels (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS cell (
  report_id INTEGER NOT NULL, key_id INTEGER NOT NULL, value REAL, tbl_id INTEGER, row_label_id INTEGER,
  col_label_id INTEGER, raw TEXT, table_index INTEGER, row INTEGER, col INTEGER, page INTEGER,
  PRIMARY KEY (report_id, key_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checks (
  sha256 TEXT NOT NULL, rule TEXT NOT NULL, location TEXT NOT NULL, expected INTEGER, found INTEGER);
CREATE TABLE IF NOT EXISTS warnings (sha256 TEXT NOT NULL, code TEXT NOT NULL, message TEXT);
CREATE TABLE IF NOT EXISTS errors (path TEXT PRIMARY KEY, code TEXT NOT NULL, message TEXT);
CREATE TABLE IF NOT EXISTS duplicates (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, duplicate_of TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS report_organ_year ON report (organ, year);
CREATE INDEX IF NOT EXISTS report_key_year ON report (organ_key, year);
CREATE INDEX IF NOT EXISTS checks_sha ON checks (sha256);
CREATE INDEX IF NOT EXISTS checks_rule ON checks (rule);
CREATE INDEX IF NOT EXISTS warnings_sha ON warnings (sha256);
CREATE INDEX IF NOT EXISTS warnings_code ON warnings (code);
CREATE VIEW IF NOT EXISTS reports AS
  SELECT sha256, path, format, bytes, pages, organ, organ_key, year, template, checks_failed, report_json_z FROM report;
CREATE VIEW IF NOT EXISTS cell_values AS
  SELECT r.sha256 AS sha256, k.key AS key, lt.text AS tbl, lr.text AS row_label, lc.text AS col_label,
    c.value AS value,
    CASE WHEN c.tbl_id IS NULL THEN NULL WHEN c.raw IS NOT NULL THEN c.raw WHEN c.value IS NULL THEN ''
         ELSE CAST(CAST(c.value AS INTEGER) AS TEXT) END AS raw,
    c.table_index AS table_index, c.row AS row, c.col AS col, c.page AS page
  FROM cell c JOIN report r ON r.id = c.report_id JOIN keys k ON k.id = c.key_id
  LEFT JOIN labels lt ON lt.id = c.tbl_id LEFT JOIN labels lr ON lr.id = c.row_label_id
  LEFT JOIN labels lc ON lc.id = c.col_label_id;
PRAGMA user_version = 2;
";

/// The `panel` view: one row per organ key and year with the indicators,
/// their change from the previous year's report (null without one; the
/// first by path when a year has several) and the `panel.carry` mismatches.
/// Counts are integers (`cell` stores REAL); shares are rounded to four
/// decimals, as the other outputs.
pub(crate) const PANEL_VIEW: &str = "
DROP VIEW IF EXISTS panel;
CREATE VIEW panel AS
WITH c AS (
  SELECT c.report_id, k.key, c.value FROM cell c JOIN keys k ON k.id = c.key_id
  WHERE k.key IN ('applications.new_received.total', 'applications.granted.total', 'applications.total.total',
    'reviews_lawsuits.review.total', 'reviews_lawsuits.review.corrected',
    'reviews_lawsuits.lawsuit_direct.total', 'reviews_lawsuits.lawsuit_after_review.total',
    'reviews_lawsuits.lawsuit_direct.corrected', 'reviews_lawsuits.lawsuit_after_review.corrected')
    OR k.key LIKE 'applications.denied%.total'
), v AS (
  SELECT r.sha256, r.path, r.organ, r.year, r.template, coalesce(r.organ_key, r.organ) AS organ_key,
    CAST(max(CASE WHEN c.key = 'applications.new_received.total' THEN c.value END) AS INTEGER) AS new_received,
    CAST(max(CASE WHEN c.key = 'applications.granted.total' THEN c.value END) AS INTEGER) AS granted,
    CAST(max(CASE WHEN c.key = 'applications.total.total' THEN c.value END) AS INTEGER) AS outcomes,
    CAST(sum(CASE WHEN c.key LIKE 'applications.denied%.total' THEN c.value END) AS INTEGER) AS denied,
    CAST(max(CASE WHEN c.key = 'reviews_lawsuits.review.total' THEN c.value END) AS INTEGER) AS reviews,
    CAST(max(CASE WHEN c.key = 'reviews_lawsuits.review.corrected' THEN c.value END) AS INTEGER) AS review_corrected,
    CAST(max(CASE WHEN c.key = 'reviews_lawsuits.lawsuit_direct.total' THEN c.value END) AS INTEGER) AS ld,
    CAST(max(CASE WHEN c.key = 'reviews_lawsuits.lawsuit_after_review.total' THEN c.value END) AS INTEGER) AS la,
    CAST(max(CASE WHEN c.key = 'reviews_lawsuits.lawsuit_direct.corrected' THEN c.value END) AS INTEGER) AS ldc,
    CAST(max(CASE WHEN c.key = 'reviews_lawsuits.lawsuit_after_review.corrected' THEN c.value END) AS INTEGER) AS lac
  FROM report r LEFT JOIN c ON c.report_id = r.id
  WHERE r.year IS NOT NULL AND coalesce(r.organ_key, r.organ) IS NOT NULL
  GROUP BY r.id
), s AS (
  SELECT sha256, path, organ, year, template, organ_key, new_received,
    round(1.0 * granted / nullif(outcomes, 0), 4) AS granted_share,
    round(1.0 * denied / nullif(outcomes, 0), 4) AS denied_share,
    reviews,
    round(1.0 * review_corrected / nullif(reviews, 0), 4) AS review_corrected_share,
    CASE WHEN ld IS NULL AND la IS NULL THEN NULL ELSE ifnull(ld, 0) + ifnull(la, 0) END AS lawsuits,
    round(1.0 * (CASE WHEN ldc IS NULL AND lac IS NULL THEN NULL ELSE ifnull(ldc, 0) + ifnull(lac, 0) END)
      / nullif(CASE WHEN ld IS NULL AND la IS NULL THEN NULL ELSE ifnull(ld, 0) + ifnull(la, 0) END, 0), 4)
      AS lawsuit_corrected_share
  FROM v
), firsts AS (
  SELECT * FROM s WHERE path = (SELECT min(t.path) FROM s AS t WHERE t.organ_key = s.organ_key AND t.year = s.year)
)
SELECT s.organ_key, s.year, s.organ, s.template,
  s.new_received, s.new_received - p.new_received AS new_received_change,
  s.granted_share, round(s.granted_share - p.granted_share, 4) AS granted_share_change,
  s.denied_share, round(s.denied_share - p.denied_share, 4) AS denied_share_change,
  s.reviews, s.reviews - p.reviews AS reviews_change,
  s.review_corrected_share, round(s.review_corrected_share - p.review_corrected_share, 4) AS review_corrected_share_change,
  s.lawsuits, s.lawsuits - p.lawsuits AS lawsuits_change,
  s.lawsuit_corrected_share,
  round(s.lawsuit_corrected_share - p.lawsuit_corrected_share, 4) AS lawsuit_corrected_share_change,
  (SELECT group_concat(w.message, '; ') FROM warnings AS w WHERE w.sha256 = s.sha256 AND w.code = 'panel.carry')
    AS carry_mismatches,
  p.path AS previous_path, s.path, s.sha256
FROM s LEFT JOIN firsts AS p ON p.organ_key = s.organ_key AND p.year = s.year - 1
ORDER BY s.organ_key, s.year, s.path;
";

/// Opens (or creates) a database of this layout; refuses an older one with
/// what to do.
pub(crate) fn open_db(path: &Path) -> Result<Connection, WriteError> {
    let conn = Connection::open(path)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let old: bool = conn
        .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'reports'", [], |r| {
            r.get::<_, i64>(0)
        })
        .map(|n| n > 0)?;
    if old || version > LAYOUT {
        return Err(WriteError::Layout(format!(
            "{} was written by {} nianbao (database layout {}): keep it aside and convert into a new file \
             (the files already converted are converted again quickly), or use the nianbao that wrote it",
            path.display(),
            if old { "an earlier" } else { "a later" },
            if old { 1 } else { version }
        )));
    }
    // One writer at a time; large transactions; the journal keeps a killed
    // run's committed batches.
    // 16 KiB pages (a new database only) halve the B-tree bookkeeping of
    // millions of small rows; a larger checkpoint interval copies each page
    // from the journal fewer times.
    conn.execute_batch(
        "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
         PRAGMA cache_size = -32000; PRAGMA wal_autocheckpoint = 4096;",
    )?;
    conn.execute_batch(SCHEMA)?;
    conn.execute_batch(PANEL_VIEW)?;
    Ok(conn)
}

/// The index of values by key. `convert` does not build it: sorting millions
/// of rows at the end is serial time (a second per 20,000 reports), and kept
/// up row by row it costs far more; without it a query by key scans `cell`
/// (0.4 s at 20,000 reports). `merge`, which assembles the national
/// database, builds it; `CREATE INDEX cell_key ON cell (key_id)` does too.
pub(crate) const CELL_INDEX: &str = "CREATE INDEX IF NOT EXISTS cell_key ON cell (key_id);";

pub struct SqliteSink {
    conn: Connection,
    path: std::path::PathBuf,
    in_tx: bool,
    labels: foldhash::HashMap<String, i64>,
    /// Key ids aligned with each template's leaves.
    key_ids: [Vec<i64>; 2],
    /// Per template and leaf: the last labels seen and their ids.
    last: [Vec<Option<LastLabels>>; 2],
}

type LastLabels = (String, String, String, (i64, i64, i64));

/// Whether a cell's raw text is just its value printed (`35` for 35, the
/// empty text for no value): then it is not stored. A fraction keeps its
/// text as printed (its digits may round).
fn is_own_text(raw: &str, value: Option<f64>) -> bool {
    match value {
        None => raw.is_empty(),
        Some(v) if v.fract() != 0.0 || v.abs() >= 9.0e15 => false,
        Some(v) => {
            let plain = raw.bytes().all(|b| b.is_ascii_digit() || b == b'-')
                && !raw.starts_with("-0")
                && (raw == "0" || !raw.starts_with('0'));
            plain && raw.parse::<i64>() == Ok(v as i64)
        }
    }
}

fn template_slot(t: Template) -> usize {
    usize::from(t == Template::T2019)
}

impl SqliteSink {
    pub fn open(path: &Path) -> Result<Self, WriteError> {
        let conn = open_db(path)?;
        // Cross-year warnings are recomputed over the whole collection at
        // the end of every run.
        conn.execute("DELETE FROM warnings WHERE code = 'panel.carry'", [])?;
        let labels = {
            let mut stmt = conn.prepare("SELECT text, id FROM labels")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<foldhash::HashMap<String, i64>, _>>()?
        };
        let mut sink = SqliteSink {
            conn,
            path: path.to_path_buf(),
            in_tx: false,
            labels,
            key_ids: Default::default(),
            last: Default::default(),
        };
        for t in [Template::T2021, Template::T2019] {
            let ids = leaf_keys(t).iter().map(|(k, _)| key_id(&sink.conn, k)).collect::<Result<Vec<_>, _>>()?;
            sink.last[template_slot(t)] = vec![None; ids.len()];
            sink.key_ids[template_slot(t)] = ids;
        }
        Ok(sink)
    }

    fn begin(&mut self) -> Result<(), WriteError> {
        if !self.in_tx {
            self.conn.execute_batch("BEGIN")?;
            self.in_tx = true;
        }
        Ok(())
    }

    fn label(&mut self, text: &str) -> Result<i64, WriteError> {
        if let Some(id) = self.labels.get(text) {
            return Ok(*id);
        }
        self.conn.prepare_cached("INSERT INTO labels (text) VALUES (?1)")?.execute([text])?;
        let id = self.conn.last_insert_rowid();
        self.labels.insert(text.to_string(), id);
        Ok(id)
    }

    /// Drops what the database holds for these bytes (a `--force` re-run).
    fn forget(&self, sha256: &str) -> Result<(), WriteError> {
        let id: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM report WHERE sha256 = ?1")?
            .query_row([sha256], |r| r.get(0))
            .optional()?;
        if let Some(id) = id {
            self.conn.execute("DELETE FROM cell WHERE report_id = ?1", [id])?;
            self.conn.execute("DELETE FROM report WHERE id = ?1", [id])?;
            self.conn.execute("DELETE FROM checks WHERE sha256 = ?1", [sha256])?;
            self.conn.execute("DELETE FROM warnings WHERE sha256 = ?1", [sha256])?;
        }
        Ok(())
    }
}

/// The multi-row insert of each template's values (their number is fixed).
static CELL_SQL: [std::sync::OnceLock<String>; 2] = [std::sync::OnceLock::new(), std::sync::OnceLock::new()];

/// One `cell` row before it is bound.
struct CellRow<'a> {
    key: i64,
    value: Option<f64>,
    tbl: Option<i64>,
    row_label: Option<i64>,
    col_label: Option<i64>,
    raw: Option<&'a str>,
    loc: Option<(i64, i64, i64)>,
    page: Option<u32>,
}

fn key_id(conn: &Connection, key: &str) -> Result<i64, rusqlite::Error> {
    conn.execute("INSERT OR IGNORE INTO keys (key) VALUES (?1)", [key])?;
    conn.query_row("SELECT id FROM keys WHERE key = ?1", [key], |r| r.get(0))
}

/// The report as zlib-compressed JSON (`zlib.decompress` in Python).
pub(crate) fn compressed_json(r: &Report) -> Result<Vec<u8>, WriteError> {
    // Serialised whole, then compressed in one call: fed serde's many small
    // writes, the encoder would run deflate once per write.
    let json = serde_json::to_vec(r).map_err(std::io::Error::from)?;
    let mut z = flate2::write::ZlibEncoder::new(Vec::with_capacity(json.len() / 3), flate2::Compression::fast());
    z.write_all(&json)?;
    Ok(z.finish()?)
}

impl Sink for SqliteSink {
    fn report(&mut self, r: &Report) -> Result<(), WriteError> {
        self.begin()?;
        let sha = &r.source.sha256;
        self.forget(sha)?;
        let json = compressed_json(r)?;
        self.conn
            .prepare_cached(
                "INSERT INTO report (sha256, path, format, bytes, pages, organ, organ_key, year, template, \
                 checks_failed, report_json_z) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                sha,
                r.source.path,
                r.source.format,
                r.source.bytes as i64,
                r.source.pages,
                r.organ,
                r.organ_key,
                r.year,
                r.template.as_str(),
                r.checks.len() as i64,
                json
            ])?;
        let report_id = self.conn.last_insert_rowid();
        let slot = template_slot(r.template);
        let values = values(r);
        // One statement for all of a report's values: a multi-row insert
        // costs a fraction of one statement a row.
        let sql = CELL_SQL[slot].get_or_init(|| {
            let row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            format!("INSERT INTO cell VALUES {}", vec![row; values.len()].join(", "))
        });
        let mut cells: Vec<CellRow> = Vec::with_capacity(values.len());
        for (i, v) in values.iter().enumerate() {
            let key = self.key_ids[slot][i];
            cells.push(match v.provenance {
                Some(p) => {
                    // The labels of a leaf are mostly those of the same leaf
                    // in the report before: compared, not hashed.
                    let ids = match &self.last[slot][i] {
                        Some((t, r, c, ids)) if *t == p.table && *r == p.row_label && *c == p.col_label => *ids,
                        _ => {
                            let ids = (self.label(&p.table)?, self.label(&p.row_label)?, self.label(&p.col_label)?);
                            self.last[slot][i] = Some((p.table.clone(), p.row_label.clone(), p.col_label.clone(), ids));
                            ids
                        }
                    };
                    CellRow {
                        key,
                        value: v.value,
                        tbl: Some(ids.0),
                        row_label: Some(ids.1),
                        col_label: Some(ids.2),
                        raw: (!is_own_text(&p.raw, v.value)).then_some(p.raw.as_str()),
                        loc: Some((p.table_index as i64, p.row as i64, p.col as i64)),
                        page: p.page,
                    }
                }
                None => CellRow {
                    key,
                    value: v.value,
                    tbl: None,
                    row_label: Some(self.label(v.label)?),
                    col_label: None,
                    raw: None,
                    loc: None,
                    page: None,
                },
            });
        }
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut n = 0;
        for c in &cells {
            let mut bind = |v: &dyn rusqlite::ToSql| {
                n += 1;
                stmt.raw_bind_parameter(n, v)
            };
            bind(&report_id)?;
            bind(&c.key)?;
            bind(&c.value)?;
            bind(&c.tbl)?;
            bind(&c.row_label)?;
            bind(&c.col_label)?;
            bind(&c.raw)?;
            bind(&c.loc.map(|l| l.0))?;
            bind(&c.loc.map(|l| l.1))?;
            bind(&c.loc.map(|l| l.2))?;
            bind(&c.page)?;
        }
        stmt.raw_execute()?;
        drop(stmt);
        let mut stmt = self.conn.prepare_cached("INSERT INTO checks VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for c in &r.checks {
            stmt.execute(params![sha, c.rule, c.location, c.expected, c.found])?;
        }
        let mut stmt = self.conn.prepare_cached("INSERT INTO warnings VALUES (?1, ?2, ?3)")?;
        for w in &r.warnings {
            stmt.execute(params![sha, w.code, w.message])?;
        }
        self.conn.prepare_cached("DELETE FROM errors WHERE path = ?1")?.execute([&r.source.path])?;
        Ok(())
    }

    fn error(&mut self, e: &FileError) -> Result<(), WriteError> {
        self.begin()?;
        self.conn.execute("INSERT OR REPLACE INTO errors VALUES (?1, ?2, ?3)", params![e.path, e.code, e.message])?;
        Ok(())
    }

    fn duplicate(&mut self, name: &str, sha256: &str, of: &str) -> Result<(), WriteError> {
        self.begin()?;
        self.conn.execute("INSERT OR REPLACE INTO duplicates VALUES (?1, ?2, ?3)", params![name, sha256, of])?;
        Ok(())
    }

    fn panel(&mut self, w: &PanelWarning) -> Result<(), WriteError> {
        self.begin()?;
        self.conn.execute("INSERT INTO warnings VALUES (?1, ?2, ?3)", params![w.sha256, w.code, w.message()])?;
        Ok(())
    }

    fn end_batch(&mut self) -> Result<(), WriteError> {
        if self.in_tx {
            self.conn.execute_batch("COMMIT")?;
            self.in_tx = false;
        }
        Ok(())
    }

    fn durability(&self) -> super::Durability {
        super::Durability::PerBatch
    }

    fn resume(&self) -> Result<Option<Box<dyn Resume>>, WriteError> {
        let conn = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        Ok(Some(Box::new(SqliteResume { conn })))
    }

    fn finish(mut self: Box<Self>) -> Result<(), WriteError> {
        self.end_batch()?;
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }
}

/// Looks up earlier runs' reports on a connection of its own, so the
/// converting side never waits for the writer thread.
struct SqliteResume {
    conn: Connection,
}

impl Resume for SqliteResume {
    fn converted_before(&mut self, sha256: &str) -> Option<Prior> {
        // id, path, organ, organ_key, year
        type Row = (i64, String, Option<String>, Option<String>, Option<i32>);
        let row: Row = self
            .conn
            .prepare_cached("SELECT id, path, organ, organ_key, year FROM report WHERE sha256 = ?1")
            .ok()?
            .query_row([sha256], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .ok()?;
        let (id, path, organ, key, year) = row;
        let entry = match (organ, year) {
            (Some(organ), Some(year)) => Some(entry_of(&self.conn, id, &path, sha256, &organ, key, year)),
            _ => None,
        };
        Some(Prior { path, entry })
    }
}

/// The cross-year check's view of a stored report.
pub(crate) fn entry_of(
    conn: &Connection,
    id: i64,
    path: &str,
    sha256: &str,
    organ: &str,
    key: Option<String>,
    year: i32,
) -> Entry {
    let carried = |row: &str| -> [Option<i64>; 7] {
        let mut out = [None; 7];
        for (i, (col, _)) in crate::report::schema::APP_COLS.iter().enumerate() {
            let key = format!("applications.{row}.{col}");
            out[i] = conn
                .prepare_cached(
                    "SELECT c.value FROM cell c JOIN keys k ON k.id = c.key_id WHERE c.report_id = ?1 AND k.key = ?2",
                )
                .and_then(|mut s| s.query_row(params![id, key], |r| r.get::<_, Option<f64>>(0)))
                .ok()
                .flatten()
                .map(|v| v as i64);
        }
        out
    };
    Entry::prior(path, sha256, organ, key, year, carried("carried_over"), carried("carried_forward"))
}

#[cfg(test)]
mod tests {
    use super::is_own_text;

    #[test]
    fn raw_text_is_dropped_only_when_the_value_prints_it() {
        assert!(is_own_text("35", Some(35.0)));
        assert!(is_own_text("0", Some(0.0)));
        assert!(is_own_text("", None));
        assert!(!is_own_text("035", Some(35.0)));
        assert!(!is_own_text("35 ", Some(35.0)));
        assert!(!is_own_text("—", None));
        assert!(!is_own_text("12.5", Some(12.5)));
        assert!(!is_own_text("+3", Some(3.0)));
        assert!(!is_own_text("-0", Some(0.0)));
    }
}
