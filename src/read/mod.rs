//! Readers: one module per format, each turning bytes into a [`Document`].
//! The format is sniffed from the bytes, never taken from the file name:
//! downloaded attachments are often misnamed.

pub mod chrome;
pub mod docx;
pub mod encoding;
pub mod html;
pub mod legacy;
pub mod pdf;
pub mod pictures;
pub mod scan;
mod sniff;
pub mod text;
pub mod zipped;

pub use sniff::{Format, sniff};

use crate::document::Document;
use crate::error::Error;

/// Reads a document of any supported format from its bytes.
pub fn read(bytes: &[u8]) -> Result<(Format, Document), Error> {
    let format = sniff(bytes)?;
    let mut doc = match format {
        Format::Docx => docx::read(bytes)?,
        Format::Html => html::read(bytes)?,
        Format::Text => text::read(bytes)?,
        Format::Legacy => docx::read(&legacy::to_docx(bytes)?)?,
        Format::Pdf => pdf::read(bytes)?,
    };
    // Whatever the format, a radical standing for an ideograph is the ideograph.
    doc.for_each_text(crate::norm::ideographs::unify_in_place);
    Ok((format, doc))
}
