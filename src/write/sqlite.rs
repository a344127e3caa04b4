//! SQLite: one database for a whole collection, resumable.
//!
//! Tables (see also README):
//! - `reports`: one row per converted file (by sha256): path, format, organ,
//!   year, template, checks_failed and the whole report as JSON.
//! - `cell_values`: every schema leaf of every report (long form with
//!   provenance): key, table, labels as printed, value, raw text, location.
//! - `checks`: failing 勾稽 rules; `warnings`: report warnings and the
//!   cross-year `panel.carry` mismatches.
//! - `errors`: files that failed, by path; `duplicates`: files with the bytes
//!   of another.
//!
//! Each batch of files is one transaction, so a killed run loses nothing
//! already committed; a re-run skips files whose sha256 is in `reports`
//! (unless `--force`), so it resumes where it stopped.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use super::columns::{Field, long_rows};
use super::{FileError, Prior, Sink, WriteError};
use crate::panel::{Entry, PanelWarning};
use crate::report::Report;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS reports (
  sha256 TEXT PRIMARY KEY, path TEXT NOT NULL, format TEXT, bytes INTEGER, pages INTEGER,
  organ TEXT, year INTEGER, template TEXT, checks_failed INTEGER, report_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cell_values (
  sha256 TEXT NOT NULL, key TEXT NOT NULL, tbl TEXT, row_label TEXT, col_label TEXT,
  value REAL, raw TEXT, table_index INTEGER, row INTEGER, col INTEGER, page INTEGER,
  PRIMARY KEY (sha256, key));
CREATE TABLE IF NOT EXISTS checks (
  sha256 TEXT NOT NULL, rule TEXT NOT NULL, location TEXT NOT NULL, expected INTEGER, found INTEGER);
CREATE TABLE IF NOT EXISTS warnings (sha256 TEXT NOT NULL, code TEXT NOT NULL, message TEXT);
CREATE TABLE IF NOT EXISTS errors (path TEXT PRIMARY KEY, code TEXT NOT NULL, message TEXT);
CREATE TABLE IF NOT EXISTS duplicates (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, duplicate_of TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS reports_organ_year ON reports (organ, year);
CREATE INDEX IF NOT EXISTS cell_values_key ON cell_values (key);
CREATE INDEX IF NOT EXISTS checks_sha ON checks (sha256);
CREATE INDEX IF NOT EXISTS checks_rule ON checks (rule);
CREATE INDEX IF NOT EXISTS warnings_sha ON warnings (sha256);
CREATE INDEX IF NOT EXISTS warnings_code ON warnings (code);
";

/// The `panel` view: one row per organ key and year with the indicators,
/// their change from the previous year's report (null without one; the
/// first by path when a year has several) and the `panel.carry` mismatches.
/// Reports converted before `organ_key` existed are keyed by their organ.
/// Self-contained: it reads only `reports` (`report_json`) and `warnings`,
/// so [`create_panel_view`] can be re-applied over a changed layout that
/// keeps them. Shares are rounded to four decimals, as the other outputs.
pub const PANEL_VIEW: &str = "
DROP VIEW IF EXISTS panel;
CREATE VIEW panel AS
WITH v AS (
  SELECT sha256, path, organ, year, template,
    coalesce(json_extract(report_json, '$.organ_key'), organ) AS organ_key,
    json_extract(report_json, '$.applications.new_received.total') AS new_received,
    json_extract(report_json, '$.applications.granted.total') AS granted,
    json_extract(report_json, '$.applications.total.total') AS outcomes,
    (SELECT CASE WHEN count(json_extract(j.value, '$.total')) = 0 THEN NULL
                 ELSE sum(json_extract(j.value, '$.total')) END
       FROM json_each(reports.report_json, '$.applications') AS j WHERE j.key LIKE 'denied%') AS denied,
    json_extract(report_json, '$.reviews_lawsuits.review.total') AS reviews,
    json_extract(report_json, '$.reviews_lawsuits.review.corrected') AS review_corrected,
    json_extract(report_json, '$.reviews_lawsuits.lawsuit_direct.total') AS ld,
    json_extract(report_json, '$.reviews_lawsuits.lawsuit_after_review.total') AS la,
    json_extract(report_json, '$.reviews_lawsuits.lawsuit_direct.corrected') AS ldc,
    json_extract(report_json, '$.reviews_lawsuits.lawsuit_after_review.corrected') AS lac
  FROM reports WHERE year IS NOT NULL AND coalesce(json_extract(report_json, '$.organ_key'), organ) IS NOT NULL
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

/// Creates (or re-creates) the `panel` view.
pub fn create_panel_view(conn: &Connection) -> Result<(), rusqlite::Error> {
    conn.execute_batch(PANEL_VIEW)
}

pub struct SqliteSink {
    conn: Connection,
    in_tx: bool,
}

impl SqliteSink {
    pub fn open(path: &Path) -> Result<Self, WriteError> {
        let conn = Connection::open(path)?;
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")?;
        conn.execute_batch(SCHEMA)?;
        create_panel_view(&conn)?;
        // Cross-year warnings are recomputed over the whole collection at
        // the end of every run.
        conn.execute("DELETE FROM warnings WHERE code = 'panel.carry'", [])?;
        Ok(SqliteSink { conn, in_tx: false })
    }

    fn begin(&mut self) -> Result<(), WriteError> {
        if !self.in_tx {
            self.conn.execute_batch("BEGIN")?;
            self.in_tx = true;
        }
        Ok(())
    }

    fn forget(&self, sha256: &str) -> Result<(), WriteError> {
        for table in ["reports", "cell_values", "checks", "warnings"] {
            self.conn.execute(&format!("DELETE FROM {table} WHERE sha256 = ?1"), [sha256])?;
        }
        Ok(())
    }
}

fn field_num(f: &Field) -> Option<f64> {
    match f {
        Field::Number(n) => Some(*n),
        _ => None,
    }
}

fn field_text(f: &Field) -> Option<String> {
    match f {
        Field::Text(s) => Some(s.clone()),
        Field::Number(n) => Some(n.to_string()),
        Field::Empty => None,
    }
}

impl Sink for SqliteSink {
    fn report(&mut self, r: &Report) -> Result<(), WriteError> {
        self.begin()?;
        let sha = &r.source.sha256;
        self.forget(sha)?;
        let json = serde_json::to_string(r).map_err(std::io::Error::from)?;
        self.conn.execute(
            "INSERT INTO reports VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                sha,
                r.source.path,
                r.source.format,
                r.source.bytes as i64,
                r.source.pages,
                r.organ,
                r.year,
                r.template.as_str(),
                r.checks.len() as i64,
                json
            ],
        )?;
        let mut stmt = self
            .conn
            .prepare_cached("INSERT INTO cell_values VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")?;
        for row in long_rows(r) {
            // long_rows: file organ year template path table row_label col_label value raw table_index row col page
            stmt.execute(params![
                sha,
                field_text(&row[4]),
                field_text(&row[5]),
                field_text(&row[6]),
                field_text(&row[7]),
                field_num(&row[8]),
                field_text(&row[9]),
                field_num(&row[10]).map(|n| n as i64),
                field_num(&row[11]).map(|n| n as i64),
                field_num(&row[12]).map(|n| n as i64),
                field_num(&row[13]).map(|n| n as i64),
            ])?;
        }
        let mut stmt = self.conn.prepare_cached("INSERT INTO checks VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for c in &r.checks {
            stmt.execute(params![sha, c.rule, c.location, c.expected, c.found])?;
        }
        let mut stmt = self.conn.prepare_cached("INSERT INTO warnings VALUES (?1, ?2, ?3)")?;
        for w in &r.warnings {
            stmt.execute(params![sha, w.code, w.message])?;
        }
        self.conn.execute("DELETE FROM errors WHERE path = ?1", [&r.source.path])?;
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

    fn converted_before(&mut self, sha256: &str) -> Option<Prior> {
        // path, organ, year, organ_key
        type Row = (String, Option<String>, Option<i32>, Option<String>);
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT path, organ, year, json_extract(report_json, '$.organ_key') FROM reports WHERE sha256 = ?1",
                [sha256],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .ok()
            .flatten();
        let (path, organ, year, key) = row?;
        let entry = match (organ, year) {
            (Some(organ), Some(year)) => {
                let carried = |row: &str| -> [Option<i64>; 7] {
                    let mut out = [None; 7];
                    for (i, (col, _)) in crate::report::schema::APP_COLS.iter().enumerate() {
                        let key = format!("applications.{row}.{col}");
                        out[i] = self
                            .conn
                            .query_row(
                                "SELECT value FROM cell_values WHERE sha256 = ?1 AND key = ?2",
                                params![sha256, key],
                                |r| r.get::<_, Option<f64>>(0),
                            )
                            .ok()
                            .flatten()
                            .map(|v| v as i64);
                    }
                    out
                };
                Some(Entry::prior(
                    &path,
                    sha256,
                    &organ,
                    key,
                    year,
                    carried("carried_over"),
                    carried("carried_forward"),
                ))
            }
            _ => None,
        };
        Some(Prior { path, entry })
    }

    fn finish(mut self: Box<Self>) -> Result<(), WriteError> {
        self.end_batch()?;
        Ok(())
    }
}
