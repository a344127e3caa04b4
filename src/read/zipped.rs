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

/// A reader that stops at `cap` bytes and remembers whether there was more:
/// members are inflated as they are parsed, and a zip bomb costs at most the
/// cap in work, never in memory.
pub struct Capped<R> {
    inner: R,
    left: u64,
    exceeded: bool,
}

impl<R: Read> Capped<R> {
    pub fn new(inner: R, cap: u64) -> Capped<R> {
        Capped { inner, left: cap, exceeded: false }
    }

    pub fn exceeded(&self) -> bool {
        self.exceeded
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // One byte more tells a member of exactly the cap from a bigger one.
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? > 0 {
                self.exceeded = true;
            }
            return Ok(0);
        }
        let want = buf.len().min(self.left.min(usize::MAX as u64) as usize);
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
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

/// An office document (OOXML or OpenDocument) rather than an archive of
/// attachments, judged by its member names.
pub fn is_office<'a>(mut names: impl Iterator<Item = &'a str>) -> bool {
    names.any(|n| {
        n.eq_ignore_ascii_case("[Content_Types].xml")
            || n == "mimetype"
            || ["word/", "xl/", "ppt/"].iter().any(|p| n.starts_with(p))
    })
}

/// Tells a DOCX from the other zips people download by mistake. A package
/// with `[Content_Types].xml` and no spreadsheet or slides is taken as a
/// DOCX, so a damaged one is reported as such (missing its main part).
pub fn sniff_zip(bytes: &[u8]) -> Result<Format, Error> {
    let archive = open(bytes)?;
    let names: Vec<&str> = archive.file_names().collect();
    let has = |n: &str| names.iter().any(|m| m.eq_ignore_ascii_case(n));
    let under = |p: &str| names.iter().any(|n| n.starts_with(p));
    if has("word/document.xml") || under("word/") {
        return Ok(Format::Docx);
    }
    if has("xl/workbook.xml") || under("xl/") {
        return Err(Error::NotADocument("an XLSX spreadsheet, not a report document".into()));
    }
    if has("ppt/presentation.xml") || under("ppt/") {
        return Err(Error::NotADocument("a PPTX presentation, not a report document".into()));
    }
    if has("[Content_Types].xml") {
        return Ok(Format::Docx);
    }
    if has("mimetype") || names.iter().any(|n| n.ends_with(".xml") && n.contains("content")) {
        return Err(Error::NotADocument("an OpenDocument or other office zip; save it as DOCX".into()));
    }
    let reports = names.iter().filter(|n| crate::batch::inputs::is_report_member(n)).count();
    if reports > 0 {
        return Err(Error::NotADocument(format!(
            "a zip archive of attachments ({reports} report files): `nianbao convert` reads its members"
        )));
    }
    Err(Error::EmptyArchive(names.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(members: &[&str]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for m in members {
            let _ = w.start_file(*m, zip::write::SimpleFileOptions::default());
            let _ = w.write_all(b"<x/>");
        }
        w.finish().map(|c| c.into_inner()).unwrap_or_default()
    }

    #[test]
    fn zips_are_told_apart() {
        assert_eq!(sniff_zip(&zip_of(&["[Content_Types].xml"])).ok(), Some(Format::Docx));
        assert!(matches!(sniff_zip(&zip_of(&["a.csv", "b.png"])), Err(Error::EmptyArchive(2))));
        assert!(matches!(sniff_zip(&zip_of(&["a.pdf"])), Err(Error::NotADocument(_))));
        assert!(matches!(sniff_zip(&zip_of(&["[Content_Types].xml", "xl/workbook.xml"])), Err(Error::NotADocument(_))));
    }
}
