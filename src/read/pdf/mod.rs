//! PDF reader: the real table cells of PDF reports, in the same `Document`
//! the DOCX reader produces. lopdf parses the file structure (xref streams,
//! object streams, broken-xref reconstruction, empty-password decryption);
//! everything from the content streams on is ours, split as pdf.js splits
//! it: `lexer` (tokens), `interp` (text state, CTM, XObjects, paths),
//! `font` (codes to Unicode and widths), `lattice` (ruled tables), `text`
//! (lines and paragraphs), and here the page loop and cross-page joining.

mod font;
mod interp;
mod lattice;
mod lexer;
mod stream;
mod text;

use lopdf::Dictionary;
use thiserror::Error;

use crate::document::{Block, Cell, Document, Paragraph, Table};
use crate::error::Error;
use interp::{IDENTITY, Interpreter, TextGlyph};

#[derive(Debug, Error)]
pub enum PdfError {
    #[error("encrypted PDF: it needs a password; save an unprotected copy")]
    Encrypted,
    #[error("scanned PDF: no text layer on pages {0}; run OCR (e.g. ocrmypdf) first, or find the DOCX original")]
    Scanned(String),
    #[error("damaged PDF: {0}; the file may be truncated")]
    Corrupt(String),
    #[error("the PDF has no pages")]
    NoPages,
}

/// Pages beyond this are not read (an annual report has a handful).
const MAX_PAGES: usize = 2000;

/// A block on a page, with what cross-page joining needs.
enum Item {
    Para(Paragraph),
    Table { table: Table, xs: Vec<f32> },
}

pub fn read(bytes: &[u8]) -> Result<Document, Error> {
    let mut doc = lopdf::Document::load_mem(bytes).map_err(|e| load_error(&e))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(PdfError::Encrypted.into());
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(PdfError::NoPages.into());
    }
    let mut interp = Interpreter::new(&doc);
    let mut items: Vec<(u32, Item)> = Vec::new();
    let mut empty_pages: Vec<u32> = Vec::new();
    for (&number, &id) in pages.iter().take(MAX_PAGES) {
        let content = doc.get_page_content_with_limit(id, interp::MAX_STREAM_BYTES).unwrap_or_default();
        let resources = page_resources(&doc, id);
        interp.out = Default::default();
        interp.run(&content, &resources, IDENTITY, 0, &mut Vec::new());
        let page = std::mem::take(&mut interp.out);
        if page.glyphs.iter().all(|g| g.text.trim().is_empty()) {
            empty_pages.push(number);
            continue;
        }
        items.extend(page_items(page, number).into_iter().map(|i| (number, i)));
    }
    // Pages without text: their images through OCR (read/scan).
    let mut ocr_marks = Vec::new();
    let scanned = scan_pages(&doc, &pages, &mut empty_pages, &mut items, &mut ocr_marks);
    if items.is_empty() {
        scanned?;
        return Err(PdfError::Scanned(ranges(&empty_pages)).into());
    }
    let mut document = Document { pages: Some(pages.len() as u32), ocr: ocr_marks, ..Document::default() };
    if let Err(e) = scanned {
        document.notes.push((e.code().into(), e.to_string()));
    }
    if !empty_pages.is_empty() {
        document
            .notes
            .push(("no_text_layer".into(), format!("no text layer on pages {} (scanned?)", ranges(&empty_pages))));
    }
    drop_running_lines(&mut items);
    document.blocks = join_pages(items);
    Ok(document)
}

/// OCRs the pages in `empty` (read/scan), adding their blocks to `items` in
/// page order; the pages read leave `empty`.
fn scan_pages(
    doc: &lopdf::Document,
    pages: &std::collections::BTreeMap<u32, lopdf::ObjectId>,
    empty: &mut Vec<u32>,
    items: &mut Vec<(u32, Item)>,
    marks: &mut Vec<crate::document::OcrMark>,
) -> Result<(), crate::read::scan::ScanError> {
    use crate::read::scan::{self, ScanBlock};
    let ids: Vec<(u32, lopdf::ObjectId)> = empty.iter().filter_map(|n| pages.get(n).map(|id| (*n, *id))).collect();
    let last = pages.keys().next_back().copied().unwrap_or(0);
    for page in scan::read_pages(doc, &ids, last)? {
        if !page.blocks.is_empty() {
            empty.retain(|&n| n != page.number);
        }
        marks.extend(page.marks);
        items.extend(page.blocks.into_iter().map(|b| match b {
            ScanBlock::Para(p) => (page.number, Item::Para(p)),
            ScanBlock::Table { table, xs } => (page.number, Item::Table { table, xs }),
        }));
    }
    items.sort_by_key(|(p, _)| *p);
    Ok(())
}

fn load_error(e: &lopdf::Error) -> Error {
    let msg = e.to_string();
    let lower = msg.to_ascii_lowercase();
    if lower.contains("encrypt") || lower.contains("password") || lower.contains("decrypt") {
        PdfError::Encrypted.into()
    } else {
        PdfError::Corrupt(msg).into()
    }
}

/// The page's resources: its own dictionary, else the nearest inherited one.
fn page_resources(doc: &lopdf::Document, id: lopdf::ObjectId) -> Dictionary {
    match doc.get_page_resources(id) {
        Ok((Some(d), _)) => d.clone(),
        Ok((None, ids)) => ids.iter().find_map(|i| doc.get_dictionary(*i).ok()).cloned().unwrap_or_default(),
        Err(_) => Dictionary::new(),
    }
}

/// `1-3, 5`.
fn ranges(pages: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        out.push(if i == j { pages[i].to_string() } else { format!("{}-{}", pages[i], pages[j]) });
        i = j + 1;
    }
    out.join(", ")
}

/// A page's tables and paragraphs, top to bottom.
fn page_items(page: interp::PageContent, number: u32) -> Vec<Item> {
    let found = lattice::tables(&page.segments, &page.glyphs, number);
    let mut used = vec![false; page.glyphs.len()];
    for f in &found {
        for &i in &f.glyphs_used {
            used[i] = true;
        }
    }
    let rest: Vec<&TextGlyph> = page.glyphs.iter().zip(&used).filter(|(_, u)| !**u).map(|(g, _)| g).collect();
    let lines = text::lines(&rest);
    let (top, bottom) = lines.iter().fold((f32::MIN, f32::MAX), |(t, b), l| (t.max(l.top), b.min(l.bottom)));
    let band = (top - bottom).abs() * 0.08;
    let body: Vec<text::Line> = lines
        .into_iter()
        .filter(|l| !(text::is_page_number(&l.text) && (l.top >= top - band || l.bottom <= bottom + band)))
        .collect();
    let mut blocks: Vec<(f32, Item)> = Vec::new();
    // No ruled table on the page: look for one laid out by alignment alone.
    let body = if found.is_empty() {
        let borderless = stream::tables(&body, number);
        let mut keep = vec![true; body.len()];
        for f in borderless {
            for k in f.lines.clone() {
                keep[k] = false;
            }
            let xs = Vec::new();
            blocks.push((f.top, Item::Table { table: f.table, xs }));
        }
        body.into_iter().zip(keep).filter(|(_, k)| *k).map(|(l, _)| l).collect()
    } else {
        body
    };
    // Paragraphs are formed between tables, never across one.
    let mut edges: Vec<f32> = found.iter().map(|f| f.top).collect();
    edges.push(f32::MIN);
    let mut start = 0;
    for edge in &edges {
        let end = body[start..].iter().position(|l| l.top < *edge).map_or(body.len(), |p| start + p);
        let end = end.max(start);
        for (t, text) in text::paragraphs(&body[start..end]) {
            blocks.push((t, Item::Para(Paragraph { text, page: Some(number) })));
        }
        start = end;
    }
    // The lines below the last table were not passed yet if edges ended early.
    for (t, text) in text::paragraphs(&body[start..]) {
        blocks.push((t, Item::Para(Paragraph { text, page: Some(number) })));
    }
    for f in found {
        blocks.push((f.top, Item::Table { table: f.table, xs: f.xs }));
    }
    blocks.sort_by(|a, b| b.0.total_cmp(&a.0));
    blocks.into_iter().map(|(_, i)| i).collect()
}

const COLUMN_TOLERANCE: f32 = 3.0;

/// Two parts of one table: the same outer edges, and every column line of
/// one is a column line of the other (a header whose merged cells hide
/// some lines still lines up with the body).
fn same_columns(a: &[f32], b: &[f32]) -> bool {
    let within = |x: f32, ys: &[f32]| ys.iter().any(|y| (x - y).abs() <= COLUMN_TOLERANCE);
    let (Some(a0), Some(a1), Some(b0), Some(b1)) = (a.first(), a.last(), b.first(), b.last()) else { return false };
    (a0 - b0).abs() <= COLUMN_TOLERANCE
        && (a1 - b1).abs() <= COLUMN_TOLERANCE
        && (a.iter().all(|&x| within(x, b)) || b.iter().all(|&x| within(x, a)))
}

/// Re-expresses a table's columns on the finer grid `to` (its own lines `xs`
/// are a subset of `to`).
fn regrid(t: Table, xs: &[f32], to: &[f32]) -> Table {
    if xs.len() == to.len() {
        return t;
    }
    let index = |x: f32| to.iter().position(|y| (x - y).abs() <= COLUMN_TOLERANCE).unwrap_or(0);
    let pages = t.pages.clone();
    let cells = t
        .cells
        .into_iter()
        .map(|mut c| {
            let (a, b) = (xs.get(c.col).copied(), xs.get(c.col + c.col_span).copied());
            if let (Some(a), Some(b)) = (a, b) {
                let (ia, ib) = (index(a), index(b));
                c.col = ia;
                c.col_span = ib.saturating_sub(ia).max(1);
            }
            c
        })
        .collect();
    let mut out = Table::from_cells(cells);
    out.pages = pages;
    out
}

fn row_texts(t: &Table, r: usize) -> Vec<String> {
    t.row_cells(r).iter().map(|c| c.text.clone()).collect()
}

/// Drops the first `k` rows (a header repeated on the next page).
fn drop_rows(t: Table, k: usize) -> Table {
    let pages = t.pages.clone();
    let cells: Vec<Cell> = t
        .cells
        .into_iter()
        .filter(|c| c.row + c.row_span > k)
        .map(|mut c| {
            let start = c.row.max(k);
            c.row_span -= start - c.row;
            c.row = start - k;
            c
        })
        .collect();
    let mut out = Table::from_cells(cells);
    out.pages = pages;
    out
}

/// Running headers and footers: a paragraph that opens (or closes) at
/// least two pages and half of them with the same text is page furniture,
/// not report text.
fn drop_running_lines(items: &mut Vec<(u32, Item)>) {
    let mut pages: Vec<u32> = items.iter().map(|(p, _)| *p).collect();
    pages.dedup();
    let ends = |first: bool| -> std::collections::HashMap<String, usize> {
        let mut counts = std::collections::HashMap::new();
        for &page in &pages {
            let mut on_page = items.iter().filter(|(p, _)| *p == page);
            let item = if first { on_page.next() } else { on_page.next_back() };
            if let Some((_, Item::Para(para))) = item {
                *counts.entry(para.text.clone()).or_insert(0) += 1;
            }
        }
        counts
    };
    let need = (pages.len() / 2).max(2);
    let running: Vec<String> =
        ends(true).into_iter().chain(ends(false)).filter(|(_, n)| *n >= need).map(|(t, _)| t).collect();
    if running.is_empty() {
        return;
    }
    let n = items.len();
    let mut keep = vec![true; n];
    for i in 0..n {
        let (page, Item::Para(para)) = (&items[i].0, &items[i].1) else { continue };
        let first = i == 0 || items[i - 1].0 != *page;
        let last = i + 1 == n || items[i + 1].0 != *page;
        if (first || last) && running.contains(&para.text) {
            keep[i] = false;
        }
    }
    let mut k = keep.into_iter();
    items.retain(|_| k.next().unwrap_or(true));
}

/// The column partition of grid row `r`: (first column, span) of each cell.
fn partition(t: &Table, r: usize) -> Vec<(usize, usize)> {
    t.row_cells(r).iter().map(|c| (c.col, c.col_span)).collect()
}

/// A row split by the page break: the next page's first row has the same
/// cells as the last row before the break and no numbers of its own (the
/// rest of a header's wrapped text).
fn continues_split_row(prev: &Table, next: &Table) -> bool {
    if prev.n_rows == 0 || next.n_rows < 2 {
        return false;
    }
    let numbers = next.row_cells(0).iter().any(|c| c.text.chars().any(|ch| ch.is_ascii_digit()));
    !numbers && partition(prev, prev.n_rows - 1) == partition(next, 0)
}

/// Appends the texts of `next`'s first row to the cells of `prev`'s last row.
fn merge_first_row(prev: &mut Table, next: &Table) {
    let last = prev.n_rows - 1;
    let parts: Vec<(usize, String)> =
        next.row_cells(0).iter().filter(|c| !c.text.is_empty()).map(|c| (c.col, c.text.clone())).collect();
    for (col, text) in parts {
        let Some(pos) = prev.cells.iter().position(|c| c.col == col && c.row <= last && c.row + c.row_span > last)
        else {
            continue;
        };
        let cell = &mut prev.cells[pos];
        if !cell.text.is_empty() {
            cell.text.push('\n');
        }
        cell.text.push_str(&text);
    }
}

/// A cell merged down several rows and cut by the page break goes on as a
/// cell at the top of the next part (empty, or with the rest of a wrapped
/// header label): one cell again.
fn continue_spans(prev: &mut Table, next: &mut Table) {
    if prev.n_rows == 0 {
        return;
    }
    let last = prev.n_rows - 1;
    // In a header row (no numbers) every empty cell under a cell continues it;
    // among data rows only one that spans rows on either side does.
    let header = !next.row_cells(0).iter().any(|c| c.text.chars().any(|ch| ch.is_ascii_digit()));
    next.cells.retain(|n| {
        // Data rows: only an empty rest continues a cell; in a header row the
        // rest of a wrapped label does too.
        if n.row != 0 || (!header && !n.text.trim().is_empty()) {
            return true;
        }
        let above = prev.cells.iter_mut().find(|p| {
            p.col == n.col
                && p.col_span == n.col_span
                && p.row + p.row_span == last + 1
                && !p.text.trim().is_empty()
                && (header || p.row_span >= 2 || n.row_span >= 2)
        });
        match above {
            Some(p) => {
                p.row_span += n.row_span;
                if !n.text.trim().is_empty() {
                    p.text.push('\n');
                    p.text.push_str(&n.text);
                }
                false
            }
            None => true,
        }
    });
}

/// Joins a table that ends one page with the table that starts the next
/// when their columns line up, dropping a repeated header.
fn join_pages(items: Vec<(u32, Item)>) -> Vec<Block> {
    let mut out: Vec<(u32, Item)> = Vec::new();
    for (page, item) in items {
        let continues = match (out.last(), &item) {
            (Some((p, Item::Table { xs: prev_xs, .. })), Item::Table { xs, .. }) => {
                *p + 1 == page
                    && same_columns(prev_xs, xs)
                    && !out.iter().any(|(q, i)| *q == page && matches!(i, Item::Para(_)))
            }
            _ => false,
        };
        if continues {
            if let (Some((last_page, Item::Table { table: prev, xs: prev_xs })), Item::Table { table: next, xs }) =
                (out.last_mut(), item)
            {
                // Both parts on the finer of the two column grids.
                let (next, fine) = if xs.len() >= prev_xs.len() {
                    let old = std::mem::take(prev);
                    *prev = regrid(old, prev_xs, &xs);
                    (next, xs)
                } else {
                    (regrid(next, &xs, prev_xs), prev_xs.clone())
                };
                *prev_xs = fine;
                let mut k = 0;
                while k < next.n_rows && k < prev.n_rows && row_texts(&next, k) == row_texts(prev, k) {
                    k += 1;
                }
                let mut next = if k > 0 && k < next.n_rows { drop_rows(next, k) } else { next };
                if k == 0 && continues_split_row(prev, &next) {
                    merge_first_row(prev, &next);
                    next = drop_rows(next, 1);
                }
                continue_spans(prev, &mut next);
                prev.append(next);
                *last_page = page;
            }
            continue;
        }
        out.push((page, item));
    }
    out.into_iter()
        .map(|(_, i)| match i {
            Item::Para(p) => Block::Paragraph(p),
            Item::Table { table, .. } => Block::Table(table),
        })
        .collect()
}
