//! nianbao (年报): Chinese government information-disclosure annual reports
//! (政府信息公开工作年度报告) from DOCX, PDF, web pages and text into the
//! canonical data of the national format, with the tables' own sums checked.
//!
//! Data flows one way: bytes → [`read`] (sniffed format) → [`Document`] →
//! [`report`] (locate, map, checks) → [`Report`] → [`write`].

pub mod batch;
pub mod cli;
pub mod document;
pub mod error;
pub mod norm;
pub mod panel;
pub mod read;
pub mod report;
pub mod serve;

pub use document::{Block, Cell, Document, Paragraph, Table};
pub use error::Error;
pub mod write;

pub use report::{Report, Source};

use sha2::{Digest, Sha256};

/// Converts one file's bytes into a checked canonical report.
///
/// ```no_run
/// let bytes = std::fs::read("report.docx")?;
/// let report = nianbao::convert_bytes("report.docx", &bytes)?;
/// println!("{:?} {:?}: {} failing checks", report.organ, report.year, report.checks.len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn convert_bytes(path: &str, bytes: &[u8]) -> Result<Report, Error> {
    let (format, doc) = read::read(bytes)?;
    report::build(&doc, source(path, format.name(), bytes, doc.pages))
}

/// Converts one batch input; a converted legacy file says `doc` or `wps`
/// as its name does.
pub fn convert_input(input: &batch::Input, bytes: &[u8]) -> Result<Report, Error> {
    let (format, doc) = read::read(bytes)?;
    let mut name = format.name();
    if format == read::Format::Legacy && input.extension().as_deref() == Some("wps") {
        name = "wps";
    }
    report::build(&doc, source(&input.name, name, bytes, doc.pages))
}

/// Reads and converts one file (refused unread past
/// [`batch::inputs::DEFAULT_MAX_FILE_BYTES`]).
pub fn convert_file(path: &std::path::Path) -> Result<Report, Error> {
    let bytes = batch::inputs::load_file(path, batch::inputs::DEFAULT_MAX_FILE_BYTES)?;
    convert_bytes(&path.to_string_lossy(), &bytes)
}

/// The `source` block of a report or error record.
pub fn source(path: &str, format: &str, bytes: &[u8], pages: Option<u32>) -> Source {
    Source {
        path: path.to_string(),
        format: format.to_string(),
        sha256: sha256_hex(bytes),
        bytes: bytes.len() as u64,
        pages,
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push(char::from_digit((b >> 4) as u32, 16).unwrap_or('0'));
        s.push(char::from_digit((b & 15) as u32, 16).unwrap_or('0'));
    }
    s
}
