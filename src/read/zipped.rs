//! Bounded access to zip containers (DOCX, and the XLSX/PPTX we refuse).
//! Every member is inflated through a size cap, so a zip bomb costs at most
//! the cap, never all memory.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::Format;
use crate::error::Error;

/// The most a single member may inflate to. The largest real document.xml
/// seen is a few MB; 256 MiB leaves room for any honest file.
pub const MAX_MEMBER_BYTES: u64 = 256 << 20;

pub type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

pub fn open(bytes: &[u8]) -> Result<Archive<'_>, Error> {
    ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Error::Zip(format!("cannot open the archive ({e}); the file may be truncated")))
}

/// Reads member `name` whole, or `None` when the archive has no such member.
pub fn read_member(archive: &mut Archive<'_>, name: &str, cap: u64) -> Result<Option<Vec<u8>>, Error> {
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(Error::Zip(format!("cannot read {name}: {e}"))),
    };
    let declared = file.size();
    let mut out = Vec::with_capacity(declared.min(cap).min(64 << 20) as usize);
    file.take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::Zip(format!("cannot inflate {name}: {e}; the file may be truncated or corrupt")))?;
    if out.len() as u64 > cap {
        return Err(Error::Zip(format!("{name} inflates past {} MiB: refusing it as a likely zip bomb", cap >> 20)));
    }
    Ok(Some(out))
}

/// Tells a DOCX from the other zips people download by mistake.
pub fn sniff_zip(bytes: &[u8]) -> Result<Format, Error> {
    let archive = open(bytes)?;
    let names: Vec<&str> = archive.file_names().collect();
    let has = |n: &str| names.iter().any(|m| m.eq_ignore_ascii_case(n));
    if has("word/document.xml") || names.iter().any(|n| n.starts_with("word/")) {
        return Ok(Format::Docx);
    }
    if has("xl/workbook.xml") {
        return Err(Error::NotADocument("an XLSX spreadsheet, not a report document".into()));
    }
    if has("ppt/presentation.xml") {
        return Err(Error::NotADocument("a PPTX presentation, not a report document".into()));
    }
    if names.iter().any(|n| n.ends_with(".xml") && n.contains("content")) {
        return Err(Error::NotADocument("an OpenDocument or other office zip; save it as DOCX".into()));
    }
    Err(Error::NotADocument(format!("a zip archive of {} files, not a DOCX", names.len())))
}
