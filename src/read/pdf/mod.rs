//! PDF reader: the real table cells of PDF reports, in the same `Document`
//! the DOCX reader produces. lopdf parses the file structure (xref streams,
//! object streams, broken-xref reconstruction, empty-password decryption);
//! everything from the content streams on is ours, split as pdf.js splits
//! it: `lexer` (tokens), `interp` (text state, CTM, XObjects, paths),
//! `font` (codes to Unicode and widths), `lattice` (ruled tables), `stream`
//! (borderless tables), `text` (lines and paragraphs), `join` (tables
//! across pages), `running` (headers and footers), `pictures` (tables
//! pasted as images), and here the page loop.

mod cmap;
mod font;
mod interp;
mod join;
mod lattice;
mod lexer;
mod pictures;
mod running;
mod std14;
mod stream;
mod text;

use lopdf::Dictionary;
use thiserror::Error;

use crate::document::{Document, Paragraph, Table};
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
    running::drop_running_lines(&mut items);
    document.blocks = join::join_pages(items);
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
