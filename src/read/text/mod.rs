//! Flattened text: reports copied out of a web page or converted to plain
//! text, where the tables have become lines of cells (FORMAT.md §6.2). This
//! is a fallback reader: column positions are lost in flattening, so the
//! three report tables are rebuilt against the national template (see
//! `tables`) and the document carries a `flattened_text` note saying so.
//! Every other line is a paragraph.
//!
//! Encodings: UTF-8 with or without a BOM, UTF-16 with a BOM, GBK/GB18030.

mod tables;
mod tokens;

use thiserror::Error;

use crate::document::{Block, Document, Paragraph};
use crate::read::chrome::{is_chrome, labelled_value};
use crate::read::encoding::decode_text;

/// Files larger than this are refused.
pub const MAX_TEXT_BYTES: usize = 256 << 20;
/// Lines read; the rest of a longer file is left out (with a note).
pub const MAX_LINES: usize = 500_000;
/// A paragraph longer than this (bytes) is cut (with a note): no report
/// section is that long, and a log or data dump saved as .txt may be one line.
pub const MAX_PARAGRAPH_BYTES: usize = 64 << 10;

#[derive(Debug, Error)]
pub enum TextError {
    #[error("the file has no text")]
    NoText,
    #[error("the file is {0} bytes; text files over {MAX_TEXT_BYTES} bytes are not read")]
    TooLarge(usize),
}

/// The note every document read from flattened text carries.
pub const NOTE: &str = "read from flattened text: table cells were rebuilt from their order against the national \
     template (columns aligned on the trailing value cells; 表三/表四 headers are the template's own), so check \
     values against the original where it matters";

/// Reads a text file into a [`Document`].
///
/// ```
/// let text = "二、主动公开政府信息情况\n第二十条第（五）项\t\t\t\n信息内容\t本年处理决定数量\t\t\n行政许可\t4529\t\t\n";
/// let doc = nianbao::read::text::read(text.as_bytes())?;
/// let table = doc.tables().next().expect("表二");
/// let row: Vec<&str> = table.row_cells(2).iter().map(|c| c.text.as_str()).collect();
/// assert_eq!(row, ["行政许可", "4529"]);
/// assert_eq!(doc.notes[0].0, "flattened_text");
/// # Ok::<(), nianbao::read::text::TextError>(())
/// ```
pub fn read(bytes: &[u8]) -> Result<Document, TextError> {
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(TextError::TooLarge(bytes.len()));
    }
    let decoded = decode_text(bytes);
    let text =
        if decoded.text.contains('\r') { decoded.text.replace("\r\n", "\n").replace('\r', "\n") } else { decoded.text };
    let mut lines: Vec<&str> = text.split('\n').take(MAX_LINES + 1).collect();
    let mut notes = vec![("flattened_text".to_string(), NOTE.to_string())];
    if decoded.lossy {
        notes.push((
            "encoding".to_string(),
            format!("some bytes are not valid {}; shown as U+FFFD", decoded.encoding.name()),
        ));
    }
    if lines.len() > MAX_LINES {
        notes.push(("text_truncated".to_string(), format!("only the first {MAX_LINES} lines were read")));
        lines.truncate(MAX_LINES);
    }
    let tokens = tokens::tokenize(&lines);
    let rebuilt = tables::rebuild(&tokens);
    // Line ranges the tables were read from, with the table to put there.
    let mut placed: Vec<(usize, usize, Option<crate::document::Table>)> = Vec::new();
    for r in rebuilt {
        let (Some(first), Some(last)) = (tokens.get(r.start), r.end.checked_sub(1).and_then(|e| tokens.get(e))) else {
            continue;
        };
        let has_values = tokens[r.start..r.end].iter().any(|t| t.kind == tokens::Kind::Value);
        if !has_values || r.table.cells.is_empty() {
            continue;
        }
        placed.push((first.line, last.end_line, Some(r.table)));
    }
    let mut blocks = Vec::new();
    let mut cut_lines = 0usize;
    let mut line = 0;
    let mut next = 0;
    while line < lines.len() {
        if let Some((first, last, table)) = placed.get_mut(next)
            && line >= *first
        {
            if let Some(t) = table.take() {
                blocks.push(Block::Table(t));
            }
            line = line.max(*last + 1);
            next += 1;
            continue;
        }
        let raw = tokens::cut(lines[line], MAX_PARAGRAPH_BYTES);
        cut_lines += usize::from(raw.len() < lines[line].len());
        let text = raw.replace('\t', " ");
        let text = text.trim();
        if !text.is_empty() && !is_chrome(text) {
            blocks.push(Block::Paragraph(Paragraph { text: text.to_string(), page: None }));
        }
        line += 1;
    }
    if blocks.is_empty() {
        return Err(TextError::NoText);
    }
    if cut_lines > 0 {
        notes.push((
            "line_cut".to_string(),
            format!("{cut_lines} line(s) longer than {} KiB were cut", MAX_PARAGRAPH_BYTES >> 10),
        ));
    }
    let meta_title = publisher(&lines[..lines.len().min(30)]).map(|p| format!("发布机构:{p}"));
    Ok(Document { blocks, pages: None, meta_title, notes, ocr_text: false })
}

/// `发布机构:市信访局` in a copied page's metadata line.
fn publisher(lines: &[&str]) -> Option<String> {
    lines.iter().filter(|l| l.len() < 1000).find_map(|l| labelled_value(l, "发布机构"))
}

#[cfg(test)]
mod tests;
