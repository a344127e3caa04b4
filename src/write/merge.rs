//! `nianbao merge`: SQLite databases written by shards of one job joined
//! into one. A report (by sha256) already in the output is kept once; the
//! cross-year warnings are recomputed over the joined collection.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};

use super::WriteError;
use super::sqlite::{CELL_INDEX, LAYOUT, open_db};
use crate::panel::{self, Entry};

/// What a merge did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Merged {
    /// Reports added to the output.
    pub added: usize,
    /// Reports whose sha256 the output already held.
    pub kept_once: usize,
    pub errors: usize,
    pub panel_warnings: usize,
}

const COPY: &str = "
INSERT OR IGNORE INTO main.keys (key) SELECT key FROM src.keys ORDER BY id;
INSERT OR IGNORE INTO main.labels (text) SELECT text FROM src.labels ORDER BY id;
CREATE TEMP TABLE new_reports AS
  SELECT id AS old_id, sha256, path FROM src.report WHERE sha256 NOT IN (SELECT sha256 FROM main.report);
INSERT OR IGNORE INTO main.duplicates (path, sha256, duplicate_of)
  SELECT r.path, r.sha256, m.path FROM src.report r JOIN main.report m ON m.sha256 = r.sha256 WHERE m.path != r.path;
INSERT INTO main.report (sha256, path, format, bytes, pages, organ, organ_key, year, template, checks_failed,
    report_json_z)
  SELECT r.sha256, r.path, r.format, r.bytes, r.pages, r.organ, r.organ_key, r.year, r.template, r.checks_failed,
    r.report_json_z
  FROM src.report r JOIN temp.new_reports n ON n.old_id = r.id ORDER BY r.id;
INSERT INTO main.cell
  SELECT mr.id, mk.id, c.value, mt.id, mrl.id, mcl.id, c.raw, c.table_index, c.row, c.col, c.page
  FROM temp.new_reports n JOIN src.cell c ON c.report_id = n.old_id
  JOIN main.report mr ON mr.sha256 = n.sha256
  JOIN src.keys sk ON sk.id = c.key_id JOIN main.keys mk ON mk.key = sk.key
  LEFT JOIN src.labels st ON st.id = c.tbl_id LEFT JOIN main.labels mt ON mt.text = st.text
  LEFT JOIN src.labels srl ON srl.id = c.row_label_id LEFT JOIN main.labels mrl ON mrl.text = srl.text
  LEFT JOIN src.labels scl ON scl.id = c.col_label_id LEFT JOIN main.labels mcl ON mcl.text = scl.text
  ORDER BY mr.id, mk.id;
INSERT INTO main.checks SELECT c.* FROM src.checks c JOIN temp.new_reports n ON n.sha256 = c.sha256;
INSERT INTO main.warnings SELECT w.* FROM src.warnings w JOIN temp.new_reports n ON n.sha256 = w.sha256
  WHERE w.code != 'panel.carry';
INSERT OR IGNORE INTO main.duplicates SELECT * FROM src.duplicates;
INSERT OR IGNORE INTO main.errors SELECT * FROM src.errors WHERE path NOT IN (SELECT path FROM main.report);
";

/// Joins `inputs` into `output` (created when absent, added to otherwise).
pub fn merge(inputs: &[PathBuf], output: &Path) -> Result<Merged, WriteError> {
    let conn = open_db(output)?;
    let out_canon = std::fs::canonicalize(output).ok();
    let mut merged = Merged::default();
    for input in inputs {
        if !input.is_file() {
            return Err(WriteError::Layout(format!("{}: no such database", input.display())));
        }
        if std::fs::canonicalize(input).ok() == out_canon {
            continue; // merging the output into itself adds nothing
        }
        conn.execute("ATTACH DATABASE ?1 AS src", [input.to_string_lossy()])?;
        let result = merge_one(&conn, input, &mut merged);
        conn.execute_batch("DROP TABLE IF EXISTS temp.new_reports;")?;
        conn.execute("DETACH DATABASE src", [])?;
        result?;
    }
    conn.execute_batch("BEGIN")?;
    conn.execute("DELETE FROM warnings WHERE code = 'panel.carry'", [])?;
    let warnings = panel::check(&entries(&conn)?);
    for w in &warnings {
        conn.execute("INSERT INTO warnings VALUES (?1, ?2, ?3)", params![w.sha256, w.code, w.message()])?;
    }
    conn.execute_batch("COMMIT;")?;
    conn.execute_batch(CELL_INDEX)?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    merged.panel_warnings = warnings.len();
    Ok(merged)
}

fn merge_one(conn: &Connection, input: &Path, merged: &mut Merged) -> Result<(), WriteError> {
    let version: i64 = conn.query_row("PRAGMA src.user_version", [], |r| r.get(0))?;
    let has_report: i64 =
        conn.query_row("SELECT count(*) FROM src.sqlite_master WHERE type = 'table' AND name = 'report'", [], |r| {
            r.get(0)
        })?;
    if version != LAYOUT || has_report == 0 {
        return Err(WriteError::Layout(format!(
            "{}: not a nianbao database of layout {LAYOUT} (found layout {version}): convert its inputs again \
             with this nianbao, then merge",
            input.display()
        )));
    }
    conn.execute_batch("BEGIN")?;
    let before: i64 = conn.query_row("SELECT count(*) FROM main.report", [], |r| r.get(0))?;
    let theirs: i64 = conn.query_row("SELECT count(*) FROM src.report", [], |r| r.get(0))?;
    let errors_before: i64 = conn.query_row("SELECT count(*) FROM main.errors", [], |r| r.get(0))?;
    if let Err(e) = conn.execute_batch(COPY) {
        let _ = conn.execute_batch("ROLLBACK");
        return Err(e.into());
    }
    let after: i64 = conn.query_row("SELECT count(*) FROM main.report", [], |r| r.get(0))?;
    let errors_after: i64 = conn.query_row("SELECT count(*) FROM main.errors", [], |r| r.get(0))?;
    // A file that failed in one shard and converted in another is converted.
    conn.execute("DELETE FROM main.errors WHERE path IN (SELECT path FROM main.report)", [])?;
    conn.execute_batch("COMMIT")?;
    merged.added += (after - before) as usize;
    merged.kept_once += (theirs - (after - before)) as usize;
    merged.errors += (errors_after - errors_before).max(0) as usize;
    Ok(())
}

/// The cross-year check's view of every stored report with organ and year.
pub(crate) fn entries(conn: &Connection) -> Result<Vec<Entry>, WriteError> {
    let mut stmt = conn.prepare(
        "SELECT r.id, r.path, r.sha256, r.organ, r.year, k.key, c.value, r.organ_key FROM report r
         JOIN cell c ON c.report_id = r.id JOIN keys k ON k.id = c.key_id
         WHERE r.organ IS NOT NULL AND r.year IS NOT NULL
           AND (k.key LIKE 'applications.carried_over.%' OR k.key LIKE 'applications.carried_forward.%')
         ORDER BY r.id",
    )?;
    let mut by_id: BTreeMap<i64, Entry> = BTreeMap::new();
    let cols = crate::report::schema::APP_COLS;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let key: String = row.get(5)?;
        let value: Option<f64> = row.get(6)?;
        if let std::collections::btree_map::Entry::Vacant(slot) = by_id.entry(id) {
            let (path, sha256, organ): (String, String, String) = (row.get(1)?, row.get(2)?, row.get(3)?);
            slot.insert(Entry::prior(&path, &sha256, &organ, row.get(7)?, row.get(4)?, [None; 7], [None; 7]));
        }
        let Some(e) = by_id.get_mut(&id) else { continue };
        let mut parts = key.rsplitn(2, '.');
        let (col, row_key) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        if let Some(c) = cols.iter().position(|(k, _)| *k == col) {
            let v = value.map(|v| v as i64);
            if row_key.ends_with("carried_over") {
                e.carried_over[c] = v;
            } else {
                e.carried_forward[c] = v;
            }
        }
    }
    Ok(by_id.into_values().collect())
}
