//! The report layer: finds the three statistical tables among a document's
//! tables by their anchors, maps printed rows and columns onto the canonical
//! schema (SCHEMA.md), reads organ, year and sections from the text, and
//! runs the 勾稽 checks. It knows reports, not file formats.

mod active;
mod applications;
pub mod checks;
mod implied;
pub mod labels;
mod locate;
mod meta;
/// Moved below the report layer (readers use it too); kept here for old paths.
pub use crate::norm::number;
mod reviews;
pub mod schema;

use schemars::JsonSchema;
use serde::Serialize;

use crate::document::{Cell, Document};
use crate::error::Error;
pub use checks::CheckFailure;
pub use schema::{ActiveDisclosure, Applications, ReviewsLawsuits, Template};

pub const SCHEMA_ID: &str = "nianbao/report/v1";

/// Where the report came from.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Source {
    pub path: String,
    /// `docx`, `pdf`, `html`, `text` (`doc`/`wps` for converted legacy files).
    pub format: String,
    pub sha256: String,
    pub bytes: u64,
    pub pages: Option<u32>,
}

/// Something a user should know that is not a rule failure.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Warning {
    pub code: String,
    pub message: String,
}

/// Free-text sections of the report.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Sections {
    /// 一、总体情况
    pub overview: Option<String>,
    /// 五、存在的主要问题及改进情况
    pub problems: Option<String>,
    /// 六、其他需要报告的事项
    pub other_matters: Option<String>,
}

/// Where one value was read: the labels as printed and the raw cell text.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Provenance {
    /// Dotted schema path, e.g. `applications.granted.natural_person`.
    pub path: String,
    /// `表二`, `表三` or `表四`.
    pub table: String,
    pub row_label: String,
    pub col_label: String,
    pub raw: String,
    /// Index of the table among the document's tables (0-based).
    pub table_index: usize,
    pub row: usize,
    pub col: usize,
    /// 1-based page (PDF only).
    pub page: Option<u32>,
    /// Read by OCR (a scanned page, a table pasted as a picture).
    pub ocr: bool,
    /// How sure the OCR reading is, 0–1 (OCR'd values only).
    pub confidence: Option<f32>,
}

/// OCR'd values less sure than this are given with an `ocr_low_confidence`
/// warning.
pub const OCR_LOW_CONFIDENCE: f32 = 0.6;

/// One converted report: the data contract of SCHEMA.md.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Report {
    /// Always `nianbao/report/v1`.
    pub schema: String,
    pub source: Source,
    pub organ: Option<String>,
    /// The organ's key across years (`panel::organ`'s rules, or `--organ-map`):
    /// the reports of one organ share it whatever their titles call it.
    pub organ_key: Option<String>,
    pub year: Option<i32>,
    pub template: Template,
    pub active_disclosure: ActiveDisclosure,
    pub applications: Applications,
    pub reviews_lawsuits: ReviewsLawsuits,
    /// The 勾稽 rules that fail; empty when every evaluable rule holds.
    pub checks: Vec<CheckFailure>,
    pub warnings: Vec<Warning>,
    pub sections: Sections,
    /// Per value: where it was read (written by the long outputs only).
    #[serde(skip)]
    pub provenance: Vec<Provenance>,
}

impl Report {
    /// Every leaf of the three tables in schema order: (path, Chinese
    /// header, value).
    pub fn leaves(&self) -> impl Iterator<Item = (String, String, Option<f64>)> {
        let values = schema::leaf_values(&self.active_disclosure, &self.applications, &self.reviews_lawsuits);
        schema::leaf_names(self.template).into_iter().zip(values).map(|((p, l), v)| (p, l, v))
    }
}

/// Collects values, provenance and warnings while the tables are mapped.
pub(crate) struct Builder {
    pub apps: Applications,
    pub reviews: ReviewsLawsuits,
    pub provenance: Vec<Provenance>,
    pub warnings: Vec<Warning>,
}

impl Builder {
    pub fn warn(&mut self, code: &str, message: impl Into<String>) {
        let message = message.into();
        if !self.warnings.iter().any(|w| w.code == code && w.message == message) {
            self.warnings.push(Warning { code: code.into(), message });
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub fn record(
        &mut self,
        path: String,
        table: &str,
        row_label: &str,
        col_label: &str,
        ti: usize,
        cell: Option<&Cell>,
        row: usize,
        col: usize,
    ) {
        let mark = cell.and_then(|c| c.ocr);
        let (ocr, confidence) = (mark.is_some(), mark.map(|m| m.confidence));
        if let (Some(m), Some(c)) = (mark, cell) {
            let page = c.page.map(|p| format!("page {p}, ")).unwrap_or_default();
            let at = format!("{page}table {}, row {}, column {}", ti + 1, c.row + 1, c.col + 1);
            if m.unreadable {
                let message = format!("{path}: OCR could not read the cell ({at}); the value is null");
                self.warn("ocr_unreadable", message);
            } else if m.confidence < OCR_LOW_CONFIDENCE && !c.text.trim().is_empty() {
                let message =
                    format!("{path}: {:?} read by OCR with confidence {:.2} ({at})", c.text.trim(), m.confidence);
                self.warn("ocr_low_confidence", message);
            }
        }
        self.provenance.push(Provenance {
            ocr,
            confidence,
            path,
            table: table.into(),
            row_label: row_label.into(),
            col_label: col_label.into(),
            raw: cell.map(|c| c.text.clone()).unwrap_or_default(),
            table_index: ti,
            row: cell.map_or(row, |c| c.row),
            col: cell.map_or(col, |c| c.col),
            page: cell.and_then(|c| c.page),
        });
    }
}

/// Builds the canonical report of a document. Fails only when none of the
/// three tables is found; anything less is a warning on the report.
pub fn build(doc: &Document, source: Source) -> Result<Report, Error> {
    let groups = locate::locate(doc);
    if groups.active.is_empty() && groups.applications.is_empty() && groups.reviews.is_empty() {
        let n = doc.tables().count();
        let what = if n == 0 {
            "the document has no tables".to_string()
        } else {
            format!("found {n} other table{}", if n == 1 { "" } else { "s" })
        };
        // What the reader noticed may say why (tables as pictures it could
        // not read, a document cut short).
        let why: Vec<&str> = doc.notes.iter().map(|(_, m)| m.as_str()).collect();
        let what = if why.is_empty() { what } else { format!("{what}; {}", why.join("; ")) };
        return Err(Error::NotAReport(what));
    }
    let mut b = Builder {
        apps: Applications::default(),
        reviews: ReviewsLawsuits::default(),
        provenance: Vec::new(),
        warnings: Vec::new(),
    };
    for (code, message) in &doc.notes {
        b.warn(code, message.clone());
    }
    let raw_active = active::read(&groups.active, &mut b);
    applications::map(&groups.applications, &mut b);
    reviews::map(&groups.reviews, &mut b);
    for (missing, name) in [
        (groups.active.is_empty(), "表二 主动公开政府信息情况"),
        (groups.applications.is_empty(), "表三 收到和处理政府信息公开申请情况"),
        (groups.reviews.is_empty(), "表四 行政复议、行政诉讼情况"),
    ] {
        if missing {
            b.warn("table_not_found", format!("{name} was not found; its values are null"));
        }
    }
    let template = active::template(&raw_active, &b.apps);
    let active_disclosure = active::fill(raw_active, template, &mut b);
    let meta = meta::read(doc);
    if let (Some(year), Template::T2019) = (meta.year, template)
        && year >= 2021
    {
        b.warn("format_year_mismatch", format!("tables follow the 2019 template but the report is for {year}"));
    }
    if meta.organ.is_none() {
        b.warn("organ_not_found", "no organ found in the title or signature");
    }
    if meta.year.is_none() {
        b.warn("year_not_found", "no reporting year found in the title or text");
    }
    let mut report = Report {
        schema: SCHEMA_ID.into(),
        source,
        organ_key: meta.organ.as_deref().map(crate::panel::organ_key),
        organ: meta.organ,
        year: meta.year,
        template,
        active_disclosure,
        applications: b.apps,
        reviews_lawsuits: b.reviews,
        checks: Vec::new(),
        warnings: b.warnings,
        sections: meta.sections,
        provenance: b.provenance,
    };
    report.checks = checks::run(&report);
    let implied = implied::warnings(&report);
    report.warnings.extend(implied);
    Ok(report)
}
