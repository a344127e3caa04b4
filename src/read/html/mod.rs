//! Saved web pages (`.html`, `.htm`, `.shtml`, pages exported from Word, and
//! misnamed ones: the format is sniffed from the bytes) in UTF-8 or
//! GBK/GB18030. html5ever parses (as a browser would, whatever the markup);
//! `walk` turns the tree into paragraphs and tables; `grid` resolves
//! `rowspan`/`colspan`. The page's `<title>` (and its `发布机构` line, if any)
//! goes to [`Document::meta_title`]: report pages often have the title only
//! there.

mod embedded;
mod grid;
mod inline;
pub mod parse;
mod walk;

use thiserror::Error;

use crate::document::{Block, Document};
use crate::read::chrome::labelled_value;
use crate::read::encoding::decode_html;

/// Pages larger than this are refused rather than parsed.
pub const MAX_PAGE_BYTES: usize = 256 << 20;

#[derive(Debug, Error)]
pub enum HtmlError {
    #[error("the page has no text or tables (only scripts or an empty body: save the page after it has loaded)")]
    NoContent,
    #[error("the page is {0} bytes; pages over {MAX_PAGE_BYTES} bytes are not read")]
    TooLarge(usize),
    #[error("nothing readable before the markup passed nianbao's bounds ({0})")]
    TooComplex(String),
}

/// Reads a web page into a [`Document`].
///
/// ```
/// let page = "<title>某局2023年政府信息公开工作年度报告</title>\
///     <table><tr><td rowspan=2>行政复议</td><td>结果<br>维持</td></tr><tr><td>3</td></tr></table>";
/// let doc = nianbao::read::html::read(page.as_bytes())?;
/// let table = doc.tables().next().expect("one table");
/// assert_eq!(table.at(1, 0).map(|c| c.text.as_str()), Some("行政复议"));
/// assert_eq!(table.at(0, 1).map(|c| c.text.as_str()), Some("结果\n维持"));
/// assert_eq!(table.at(1, 1).map(|c| c.text.as_str()), Some("3"));
/// assert_eq!(doc.meta_title.as_deref(), Some("某局2023年政府信息公开工作年度报告"));
/// # Ok::<(), nianbao::read::html::HtmlError>(())
/// ```
pub fn read(bytes: &[u8]) -> Result<Document, HtmlError> {
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(HtmlError::TooLarge(bytes.len()));
    }
    let decoded = decode_html(bytes);
    let parsed = parse::parse(&decoded.text);
    drop(decoded);
    let mut notes = Vec::new();
    if let Some(cut) = &parsed.cut {
        notes.push(("markup_cut".to_string(), cut.clone()));
    }
    let html = parsed.html;
    let mut walked = walk::walk(&html);
    // A page rendered by JavaScript: the report's markup is in a script.
    let has_table = walked.blocks.iter().any(|b| matches!(b, Block::Table(_)));
    if !has_table && let Some(markup) = embedded::markup(&html) {
        drop(html);
        let inner = parse::parse(&markup);
        if let Some(cut) = inner.cut {
            notes.push(("markup_cut".to_string(), format!("in the page's script markup: {cut}")));
        }
        let inner = walk::walk(&inner.html);
        if inner.blocks.iter().any(|b| matches!(b, Block::Table(_))) {
            notes.push((
                "script_markup".to_string(),
                "the report was read from markup inside the page's scripts (a page rendered by JavaScript)".to_string(),
            ));
            walked.blocks.extend(inner.blocks);
            walked.truncated_tables += inner.truncated_tables;
            walked.dropped_tables += inner.dropped_tables;
            walked.title = walked.title.or(inner.title);
        }
    }
    if walked.blocks.is_empty() && walked.title.is_none() {
        return Err(parsed.cut.map_or(HtmlError::NoContent, HtmlError::TooComplex));
    }
    if walked.truncated_tables > 0 {
        notes.push((
            "table_truncated".to_string(),
            format!("{} table(s) had absurd spans or sizes and were cut to a sane grid", walked.truncated_tables),
        ));
    }
    if walked.dropped_tables > 0 {
        notes.push((
            "table_dropped".to_string(),
            format!("{} table(s) left out: the page's tables exceed the size nianbao reads", walked.dropped_tables),
        ));
    }
    let title = walked.title.as_deref().map(clean_title).or(walked.article_title);
    let publisher = publisher(&walked.blocks);
    let meta_title = match (title, publisher) {
        (Some(t), Some(p)) => Some(format!("{t}\n发布机构:{p}")),
        (Some(t), None) => Some(t),
        (None, Some(p)) => Some(format!("发布机构:{p}")),
        (None, None) => None,
    };
    Ok(Document { blocks: walked.blocks, pages: None, meta_title, notes, ocr_text: false })
}

/// `<title>` often carries the site name too (`报告标题_某某市人民政府`,
/// `某某网 - 报告标题`): keep the part that names the report.
fn clean_title(t: &str) -> String {
    let parts: Vec<&str> =
        t.split(['_', '|', '｜', '—']).flat_map(|p| p.split(" - ")).map(str::trim).filter(|p| !p.is_empty()).collect();
    parts
        .iter()
        .find(|p| p.contains("报告"))
        .or_else(|| parts.first())
        .map_or_else(|| t.trim().to_string(), |p| p.to_string())
}

/// The page metadata's `发布机构` (publisher), from a paragraph
/// (`发布机构:市信访局`) or a metadata table (`发布机构 | 宁国市商务局`).
fn publisher(blocks: &[Block]) -> Option<String> {
    const KEY: &str = "发布机构";
    for block in blocks {
        match block {
            Block::Paragraph(p) if p.text.len() <= 1000 => {
                if let Some(v) = labelled_value(&p.text, KEY) {
                    return Some(v);
                }
            }
            Block::Table(t) if t.n_rows <= 12 => {
                for r in 0..t.n_rows {
                    let cells = t.row_cells(r);
                    for (i, c) in cells.iter().enumerate() {
                        if let Some(v) = labelled_value(&c.text, KEY) {
                            return Some(v);
                        }
                        let squeezed: String = c.text.chars().filter(|c| !c.is_whitespace()).collect();
                        if squeezed.trim_end_matches([':', '：']) == KEY {
                            let next = cells.get(i + 1).map(|n| n.text.trim()).filter(|t| !t.is_empty());
                            return next.filter(|t| t.chars().count() <= 40).map(str::to_string);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests;
