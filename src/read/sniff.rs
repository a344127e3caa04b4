//! Content sniffing: which reader a file needs, judged by its bytes.

use crate::error::Error;

/// The input formats nianbao knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Pdf,
    Html,
    Text,
    /// OLE2 compound file: legacy .doc/.wps/.et.
    Legacy,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Text => "text",
            Format::Legacy => "doc",
        }
    }
}

const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Decides the format from the first bytes (and, for zips, the member names).
pub fn sniff(bytes: &[u8]) -> Result<Format, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    if bytes.starts_with(b"PK") {
        return super::zipped::sniff_zip(bytes);
    }
    // A PDF header may follow some junk (the spec allows 1024 bytes).
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(OLE2) {
        return Ok(Format::Legacy);
    }
    if bytes.starts_with(b"\x7fELF") || bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"\xff\xd8\xff") {
        return Err(Error::NotADocument("a binary file (image or program), not a document".into()));
    }
    let text_head = &bytes[..bytes.len().min(4096)];
    if looks_like_html(text_head) {
        return Ok(Format::Html);
    }
    if looks_like_text(text_head) {
        return Ok(Format::Text);
    }
    Err(Error::NotADocument("binary content of no known document format".into()))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn looks_like_html(head: &[u8]) -> bool {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    [&b"<html"[..], b"<!doctype html", b"<table", b"<body", b"<head", b"<meta"]
        .iter()
        .any(|tag| find(&lower, tag).is_some())
}

/// Text: no NULs and mostly printable (UTF-8, UTF-16 with BOM, or GBK bytes).
fn looks_like_text(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    if head.contains(&0) {
        return false;
    }
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    control * 100 <= head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n").ok(), Some(Format::Pdf));
        assert_eq!(sniff(b"\xef\xbb\xbf<!DOCTYPE html><html>").ok(), Some(Format::Html));
        assert_eq!(sniff("一、总体情况\n".as_bytes()).ok(), Some(Format::Text));
        assert_eq!(sniff(OLE2).ok(), Some(Format::Legacy));
        assert!(matches!(sniff(b""), Err(Error::Empty)));
        assert!(matches!(sniff(&[0u8, 1, 2, 3, 0, 0xff]), Err(Error::NotADocument(_))));
    }
}
