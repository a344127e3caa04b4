//! PDF reader: the real table cells of PDF reports, in the same `Document`
//! the DOCX reader produces. lopdf parses the file structure (xref streams,
//! object streams, broken-xref reconstruction, empty-password decryption);
//! everything from the content streams on is ours, split as pdf.js splits
//! it: `lexer` (tokens), `interp` (text state, CTM, XObjects, paths),
//! `font` (codes to Unicode and widths), `lattice` (ruled tables), `text`
//! (lines and paragraphs), and here the page loop and cross-page joining.

mod cmap;
mod font;
mod interp;
mod lattice;
mod lexer;
mod pictures;
mod std14;
mod stream;
mod text;

use lopdf::Dictionary;
use thiserror::Error;

use crate::document::{Block, Cell, Document, OcrRead, Paragraph, Table};
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
    // Blocks with their page and top (points), and the images of text pages.
    let mut items: Vec<(u32, f32, Item)> = Vec::new();
    let mut images: Vec<(u32, interp::PlacedImage)> = Vec::new();
    let mut empty_pages: Vec<u32> = Vec::new();
    for (&number, &id) in pages.iter().take(MAX_PAGES) {
        let content = doc.get_page_content_with_limit(id, interp::MAX_STREAM_BYTES).unwrap_or_default();
        let resources = page_resources(&doc, id);
        interp.out = Default::default();
        interp.run(&content, &resources, page_matrix(&doc, id), 0, &mut Vec::new());
        let page = std::mem::take(&mut interp.out);
        if page.glyphs.iter().all(|g| g.text.trim().is_empty()) {
            empty_pages.push(number);
            continue;
        }
        images.extend(page.images.iter().map(|&i| (number, i)));
        items.extend(page_items(page, number).into_iter().map(|(top, i)| (number, top, i)));
    }
    // Pages without text: their images through OCR (read/scan).
    let text_pages = items.len();
    let scanned = scan_pages(&doc, &pages, &mut empty_pages, &mut items);
    if items.is_empty() {
        scanned?;
        return Err(PdfError::Scanned(ranges(&empty_pages)).into());
    }
    let ocr_text = items.len() > text_pages;
    let mut document = Document { pages: Some(pages.len() as u32), ocr_text, ..Document::default() };
    if let Err(e) = scanned {
        document.notes.push((e.code().into(), e.to_string()));
    }
    if !empty_pages.is_empty() {
        document
            .notes
            .push(("no_text_layer".into(), format!("no text layer on pages {} (scanned?)", ranges(&empty_pages))));
    }
    pictures::read_tables(&doc, &mut items, &images, &mut document.notes)?;
    let mut items: Vec<(u32, Item)> = items.into_iter().map(|(p, _, i)| (p, i)).collect();
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
    items: &mut Vec<(u32, f32, Item)>,
) -> Result<(), crate::read::scan::ScanError> {
    use crate::read::scan::{self, ScanBlock};
    let ids: Vec<(u32, lopdf::ObjectId)> = empty.iter().filter_map(|n| pages.get(n).map(|id| (*n, *id))).collect();
    let last = pages.keys().next_back().copied().unwrap_or(0);
    for page in scan::read_pages(doc, &ids, last)? {
        if !page.blocks.is_empty() {
            empty.retain(|&n| n != page.number);
        }
        // Their order is their place on the page: the tops go unused.
        items.extend(page.blocks.into_iter().map(|b| match b {
            ScanBlock::Para(p) => (page.number, 0.0, Item::Para(p)),
            ScanBlock::Table { table, xs } => (page.number, 0.0, Item::Table { table, xs }),
        }));
    }
    items.sort_by_key(|(p, _, _)| *p);
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

/// A page attribute, inherited from the page tree when the page lacks it.
fn inherited<'a>(doc: &'a lopdf::Document, id: lopdf::ObjectId, key: &[u8]) -> Option<&'a lopdf::Object> {
    let mut dict = doc.get_dictionary(id).ok()?;
    for _ in 0..32 {
        if let Ok(v) = dict.get(key) {
            return Some(doc.dereference(v).map_or(v, |(_, o)| o));
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// Page space to the page as it is shown: the crop box's corner at the
/// origin and `/Rotate` applied, so that text reads left to right and top
/// to bottom whatever the producer's orientation (a landscape 表四 saved
/// as a portrait page turned by 90°).
fn page_matrix(doc: &lopdf::Document, id: lopdf::ObjectId) -> interp::Matrix {
    let num = |o: &lopdf::Object| match o {
        lopdf::Object::Integer(i) => Some(*i as f32),
        lopdf::Object::Real(r) => Some(*r),
        _ => None,
    };
    let bbox = inherited(doc, id, b"CropBox")
        .or_else(|| inherited(doc, id, b"MediaBox"))
        .and_then(|o| o.as_array().ok())
        .and_then(|a| {
            let v: Vec<f32> = a.iter().filter_map(|o| num(doc.dereference(o).map_or(o, |(_, o)| o))).collect();
            (v.len() == 4 && v.iter().all(|x| x.is_finite())).then(|| [v[0], v[1], v[2], v[3]])
        })
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let (x0, y0) = (bbox[0].min(bbox[2]), bbox[1].min(bbox[3]));
    let (w, h) = ((bbox[2] - bbox[0]).abs(), (bbox[3] - bbox[1]).abs());
    let rotate = inherited(doc, id, b"Rotate").and_then(num).unwrap_or(0.0) as i64;
    let turn: interp::Matrix = match rotate.rem_euclid(360) {
        90 => [0.0, -1.0, 1.0, 0.0, 0.0, w],
        180 => [-1.0, 0.0, 0.0, -1.0, w, h],
        270 => [0.0, 1.0, -1.0, 0.0, h, 0.0],
        _ => IDENTITY,
    };
    interp::mul(&[1.0, 0.0, 0.0, 1.0, -x0, -y0], &turn)
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

/// A page's tables and paragraphs with their tops (points), top to bottom.
fn page_items(page: interp::PageContent, number: u32) -> Vec<(f32, Item)> {
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
    // Tables laid out by alignment alone, on any page (a borderless 表三
    // below a ruled 表二): among the lines no ruled table took.
    let body = {
        let borderless = stream::tables(&body, number);
        let mut keep = vec![true; body.len()];
        for f in borderless {
            for k in f.lines.clone() {
                keep[k] = false;
            }
            let xs = Vec::new();
            blocks.push((f.top, Item::Table { table: f.table, xs }));
        }
        body.into_iter().zip(keep).filter(|(_, k)| *k).map(|(l, _)| l).collect::<Vec<_>>()
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
    blocks
}

/// Column lines of two parts of a table this close are one line: the snap of
/// the lattice (a boxed cell whose neighbour is not drawn on one page puts
/// the line at its own edge, not the middle of the gap).
const COLUMN_TOLERANCE: f32 = lattice::SETTINGS.snap;

/// The column lines of two parts of one table, joined, if they are parts
/// of one: they share an outer edge, and where both have columns, the
/// lines of one are lines of the other (a header whose merged cells hide
/// some lines still lines up with the body; a part whose first columns
/// hold only the rest of cells merged down from the previous page has no
/// lines there at all).
fn joined_columns(a: &[f32], b: &[f32]) -> Option<Vec<f32>> {
    let near = |x: f32, y: f32| (x - y).abs() <= COLUMN_TOLERANCE;
    let within = |x: f32, ys: &[f32]| ys.iter().any(|&y| near(x, y));
    let (&a0, &a1, &b0, &b1) = (a.first()?, a.last()?, b.first()?, b.last()?);
    if !near(a0, b0) && !near(a1, b1) {
        return None;
    }
    let (lo, hi) = (a0.max(b0) - COLUMN_TOLERANCE, a1.min(b1) + COLUMN_TOLERANCE);
    let common = |xs: &[f32]| -> Vec<f32> { xs.iter().copied().filter(|&x| x >= lo && x <= hi).collect() };
    let (ca, cb) = (common(a), common(b));
    let subset = ca.iter().all(|&x| within(x, &cb)) || cb.iter().all(|&x| within(x, &ca));
    let outer_both = near(a0, b0) && near(a1, b1);
    if !subset || (!outer_both && ca.len().min(cb.len()) < 3) {
        return None;
    }
    let mut all: Vec<f32> = a.to_vec();
    all.extend(b.iter().copied().filter(|&x| !within(x, a)));
    all.sort_by(f32::total_cmp);
    Some(all)
}

/// Cells of `prev`'s last row in columns where `next` has no cell at all
/// go on down through `next` (a merged cell cut by the break whose rest
/// the renderer left without lines).
fn continue_empty_columns(prev: &mut Table, next: &Table) {
    if prev.n_rows == 0 || next.n_rows == 0 {
        return;
    }
    let last = prev.n_rows - 1;
    let covered: Vec<bool> =
        (0..prev.n_cols).map(|c| next.cells.iter().any(|n| n.col <= c && c < n.col + n.col_span)).collect();
    for cell in prev.cells.iter_mut() {
        let cols = cell.col..(cell.col + cell.col_span).min(covered.len());
        if cell.row + cell.row_span == last + 1 && !cols.is_empty() && cols.clone().all(|c| !covered[c]) {
            cell.row_span += next.n_rows;
        }
    }
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

/// Drops the rows at the end of a part that hold no text at all (the sliver
/// of a row that a page break cut, drawn with rules of its own), so the row
/// above meets its continuation on the next page.
fn drop_empty_tail(t: Table) -> Table {
    let mut n = t.n_rows;
    while n > 1 && t.cells.iter().all(|c| c.row + c.row_span < n || c.row < n - 1 || c.text.trim().is_empty()) {
        n -= 1;
    }
    if n == t.n_rows {
        return t;
    }
    let pages = t.pages.clone();
    let cells: Vec<Cell> = t
        .cells
        .into_iter()
        .filter(|c| c.row < n)
        .map(|mut c| {
            c.row_span = c.row_span.min(n - c.row);
            c
        })
        .collect();
    let mut out = Table::from_cells(cells);
    out.pages = pages;
    out
}

/// A running line's identity: its text without spaces, every run of digits
/// one `#` (page numbers, `3/9`, a print date change from page to page).
fn running_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Running headers and footers: a paragraph that opens (or closes) at
/// least two pages and half of them with the same text (numbers aside) is
/// page furniture, not report text: a browser's date, title, URL and `x/y`.
fn drop_running_lines(items: &mut Vec<(u32, Item)>) {
    let mut pages: Vec<u32> = items.iter().map(|(p, _)| *p).collect();
    pages.dedup();
    // The first and last two paragraphs of each page are candidates: a
    // browser prints a header and a title line, or a URL and a page count.
    let ends = |first: bool| -> std::collections::BTreeMap<String, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for &page in &pages {
            let on_page: Vec<&Item> = items.iter().filter(|(p, _)| *p == page).map(|(_, i)| i).collect();
            let mut seen: Vec<String> = Vec::new();
            let picks: Vec<&&Item> =
                if first { on_page.iter().take(2).collect() } else { on_page.iter().rev().take(2).collect() };
            for item in picks {
                let Item::Para(para) = item else { break };
                let key = running_key(&para.text);
                if !seen.contains(&key) {
                    *counts.entry(key.clone()).or_insert(0) += 1;
                    seen.push(key);
                }
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
        let on_page = |k: usize| items.get(k).is_some_and(|(p, _)| p == page);
        let near_top = i == 0 || !on_page(i - 1) || i < 2 || !on_page(i - 2);
        let near_bottom = !on_page(i + 1) || !on_page(i + 2);
        if (near_top || near_bottom) && running.contains(&running_key(&para.text)) {
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
    if prev.n_rows == 0 || next.n_rows == 0 {
        return false;
    }
    !holds_numbers(next, 0) && partition(prev, prev.n_rows - 1) == partition(next, 0)
}

/// Whether a cell of grid row `r` is a number (a label's `1.` is not).
fn holds_numbers(t: &Table, r: usize) -> bool {
    use crate::norm::number::{Value, parse};
    t.row_cells(r).iter().any(|c| matches!(parse(&c.text), Value::Number { .. }))
}

/// Appends the texts of `next`'s first row to the cells of `prev`'s last row.
fn merge_first_row(prev: &mut Table, next: &Table) {
    let last = prev.n_rows - 1;
    let parts: Vec<(usize, String, Option<OcrRead>)> =
        next.row_cells(0).iter().filter(|c| !c.text.is_empty()).map(|c| (c.col, c.text.clone(), c.ocr)).collect();
    for (col, text, ocr) in parts {
        let Some(pos) = prev.cells.iter().position(|c| c.col == col && c.row <= last && c.row + c.row_span > last)
        else {
            continue;
        };
        let cell = &mut prev.cells[pos];
        if !cell.text.is_empty() {
            cell.text.push('\n');
        }
        cell.text.push_str(&text);
        cell.ocr = OcrRead::join(cell.ocr, ocr);
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
    let header = !holds_numbers(next, 0);
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
                    p.ocr = OcrRead::join(p.ocr, n.ocr);
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
        let joined = match (out.last(), &item) {
            (Some((p, Item::Table { xs: prev_xs, .. })), Item::Table { xs, .. })
                if *p + 1 == page && !out.iter().any(|(q, i)| *q == page && matches!(i, Item::Para(_))) =>
            {
                joined_columns(prev_xs, xs)
            }
            _ => None,
        };
        if let Some(fine) = joined {
            if let (Some((last_page, Item::Table { table: prev, xs: prev_xs })), Item::Table { table: next, xs }) =
                (out.last_mut(), item)
            {
                // Both parts on the joined column grid.
                let old = std::mem::take(prev);
                *prev = drop_empty_tail(regrid(old, prev_xs, &fine));
                let next = regrid(next, &xs, &fine);
                *prev_xs = fine;
                let mut k = 0;
                while k < next.n_rows && k < prev.n_rows && row_texts(&next, k) == row_texts(prev, k) {
                    k += 1;
                }
                let mut next = if k > 0 && k < next.n_rows { drop_rows(next, k) } else { next };
                if continues_split_row(prev, &next) {
                    merge_first_row(prev, &next);
                    next = drop_rows(next, 1);
                }
                continue_spans(prev, &mut next);
                continue_empty_columns(prev, &next);
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

/// The glyphs of one page as (text, x0, y0, x1, y1, size): for debugging readers
/// (`cargo run --example glyphs FILE PAGE`), not a stable API.
#[doc(hidden)]
pub fn page_glyphs(bytes: &[u8], page: u32) -> Vec<(String, [f32; 5])> {
    let Ok(doc) = lopdf::Document::load_mem(bytes) else { return Vec::new() };
    let Some(&id) = doc.get_pages().get(&page) else { return Vec::new() };
    let content = doc.get_page_content_with_limit(id, interp::MAX_STREAM_BYTES).unwrap_or_default();
    let mut interp = Interpreter::new(&doc);
    interp.run(&content, &page_resources(&doc, id), page_matrix(&doc, id), 0, &mut Vec::new());
    interp.out.glyphs.iter().map(|g| (g.text.to_string(), [g.x0, g.y0, g.x1, g.y1, g.size])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: usize, col: usize, row_span: usize, text: &str) -> Cell {
        Cell { row, col, row_span, col_span: 1, text: text.into(), page: None, bbox: None, ocr: None }
    }

    fn part(cells: Vec<Cell>) -> Item {
        Item::Table { table: Table::from_cells(cells), xs: vec![0.0, 10.0, 20.0, 30.0, 40.0] }
    }

    #[test]
    fn a_row_cut_by_the_page_break_with_a_ruled_sliver_is_one_row_again() {
        // Page 1 ends with the top of （六）'s first row (its numbers, printed
        // at the top) and an empty ruled sliver; page 2 goes on with the
        // rest of that row's label.
        let first = part(vec![
            cell(0, 0, 3, "三、办理结果"),
            cell(0, 1, 1, "（五）不予处理"),
            cell(0, 2, 1, "1.信访"),
            cell(0, 3, 1, "3"),
            cell(1, 1, 1, "（六）其他处理"),
            cell(1, 2, 1, ""),
            cell(1, 3, 1, "0"),
            cell(2, 1, 1, ""),
            cell(2, 2, 1, ""),
            cell(2, 3, 1, ""),
        ]);
        let second = part(vec![
            cell(0, 0, 3, ""),
            cell(0, 1, 3, ""),
            cell(0, 2, 1, "1.申请人无正当理由"),
            cell(0, 3, 1, ""),
            cell(1, 2, 1, "2.申请人逾期"),
            cell(1, 3, 1, "5"),
            cell(2, 2, 1, "3.其他"),
            cell(2, 3, 1, "1"),
        ]);
        let blocks = join_pages(vec![(1, first), (2, second)]);
        let [Block::Table(t)] = &blocks[..] else { panic!("one table: {blocks:?}") };
        let text = |r: usize, c: usize| t.at(r, c).map_or(String::new(), |x| x.text.clone());
        assert_eq!(t.n_rows, 4);
        assert_eq!(
            (text(1, 1), text(1, 2), text(1, 3)),
            ("（六）其他处理".into(), "1.申请人无正当理由".into(), "0".into())
        );
        assert_eq!((text(2, 1), text(2, 2), text(2, 3)), ("（六）其他处理".into(), "2.申请人逾期".into(), "5".into()));
        assert_eq!((text(3, 0), text(3, 1), text(3, 3)), ("三、办理结果".into(), "（六）其他处理".into(), "1".into()));
    }
}
