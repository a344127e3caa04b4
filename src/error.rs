//! The crate's error type: one variant per reader, folded together so a caller
//! can match broadly or narrowly. Messages say what is wrong and what helps.

use thiserror::Error;

pub use crate::read::docx::DocxError;
pub use crate::read::html::HtmlError;
pub use crate::read::text::TextError;

#[derive(Debug, Error)]
pub enum Error {
    #[error("empty file")]
    Empty,
    #[error("not a document nianbao can read: {0}")]
    NotADocument(String),
    #[error("{0} files are not supported yet")]
    Unsupported(&'static str),
    #[error("zip archive: {0}")]
    Zip(String),
    #[error("{0}")]
    Pdf(#[from] crate::read::pdf::PdfError),
    #[error("{0}")]
    Scan(#[from] crate::read::scan::ScanError),
    #[error("DOCX: {0}")]
    Docx(#[from] DocxError),
    #[error("HTML: {0}")]
    Html(#[from] HtmlError),
    #[error("text: {0}")]
    Text(#[from] TextError),
    #[error("no annual-report tables found ({0})")]
    NotAReport(String),
    #[error("legacy Word/WPS file: {0}")]
    Legacy(String),
    #[error("encrypted document: it needs a password; save an unprotected copy")]
    Encrypted,
    #[error("file too large ({bytes} bytes; the limit is {limit} bytes): raise --max-file-size if it is a real report")]
    TooLarge { bytes: u64, limit: u64 },
    #[error("no such file or folder")]
    NotFound,
    #[error("a zip archive holding no report file (of its {0} files none is .docx/.pdf/.html/.txt/.doc/.wps)")]
    EmptyArchive(usize),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// A short stable code for summaries and error records.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Empty => "empty",
            Error::NotADocument(_) => "not_a_document",
            Error::Unsupported(_) => "unsupported",
            Error::Zip(_) => "corrupt_zip",
            Error::Pdf(crate::read::pdf::PdfError::Encrypted) => "encrypted",
            Error::Pdf(crate::read::pdf::PdfError::Scanned(_)) => "scanned",
            Error::Pdf(_) => "corrupt_pdf",
            Error::Scan(e) => e.code(),
            Error::Docx(DocxError::MissingPart(_)) => "not_docx",
            Error::Docx(DocxError::Xml { .. }) => "malformed_xml",
            Error::Html(HtmlError::NoContent) => "empty_page",
            Error::Html(HtmlError::TooLarge(_)) => "too_large",
            Error::Html(HtmlError::TooComplex(_)) => "too_complex",
            Error::Text(TextError::NoText) => "empty",
            Error::Text(TextError::TooLarge(_)) => "too_large",
            Error::NotAReport(_) => "not_a_report",
            Error::Legacy(_) => "legacy",
            Error::Encrypted => "encrypted",
            Error::TooLarge { .. } => "too_large",
            Error::NotFound => "not_found",
            Error::EmptyArchive(_) => "empty_archive",
            Error::Io(_) => "io",
        }
    }
}
