//! Scanned pages: page images to the same tables and paragraphs the vector
//! PDF reader yields. `image` (decode the page's image), `prep` (binarise,
//! deskew), `grid` (ruling lines to table grids with spans), `cells` and
//! `ocr` (Tesseract over montages of cells, digits in a second pass), and
//! `page`, which puts one page together. The PDF reader calls
//! [`read_pages`] for its pages without text.

mod cells;
mod codec;
mod glyphs;
mod grid;
mod image;
mod ocr;
mod page;
mod prep;
mod raw;
mod scale;
mod vocab;

use std::sync::atomic::{AtomicU8, Ordering};

use lopdf::{Dictionary, Document, Object, ObjectId};
use rayon::prelude::*;
use thiserror::Error;

use crate::document::{Paragraph, Table};
pub use image::Gray;
pub use page::Place;

#[derive(Debug, Error)]
pub enum ScanError {
    #[error(
        "scanned PDF: no text layer, and Tesseract is not installed to read it; install the Debian packages \
         tesseract-ocr and tesseract-ocr-chi-sim (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
    )]
    NoTesseract,
    #[error("scanned PDF: its page image uses {0}, which nianbao cannot decode; convert it with ocrmypdf first")]
    UnsupportedImage(String),
    #[error("scanned PDF: damaged page image: {0}")]
    BadImage(String),
    #[error("Tesseract failed: {0}")]
    Tesseract(String),
    #[error("OCR: {0}")]
    Io(std::io::Error),
}

impl ScanError {
    /// OCR cannot run at all (no Tesseract, or it fails): no page or
    /// picture will read, whichever is tried.
    fn stops_ocr(&self) -> bool {
        matches!(self, ScanError::NoTesseract | ScanError::Tesseract(_) | ScanError::Io(_))
    }

    pub fn code(&self) -> &'static str {
        match self {
            ScanError::NoTesseract => "ocr_unavailable",
            ScanError::UnsupportedImage(_) => "unsupported_image",
            ScanError::BadImage(_) => "corrupt_image",
            ScanError::Tesseract(_) | ScanError::Io(_) => "ocr_failed",
        }
    }
}

/// When pages are OCR'd.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrMode {
    /// Pages without text; of those, the running text of the first and last
    /// page and of the pages with tables (the rest has no values).
    #[default]
    Auto,
    /// Every page without text, all of its text.
    Always,
    /// Never: a scanned PDF is an error, as before.
    Never,
}

static MODE: AtomicU8 = AtomicU8::new(0);

/// Sets the OCR mode for this process (the CLI's `--ocr`).
pub fn set_mode(mode: OcrMode) {
    MODE.store(mode as u8, Ordering::Relaxed);
}

thread_local! {
    /// A caller's own mode for the conversions on this thread.
    static THREAD_MODE: std::cell::Cell<Option<OcrMode>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` (a conversion on this thread) with OCR in `mode`, whatever the
/// process's: a library caller's per-call choice (the Python `ocr=`).
pub fn with_mode<T>(mode: OcrMode, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<OcrMode>);
    impl Drop for Restore {
        fn drop(&mut self) {
            THREAD_MODE.set(self.0);
        }
    }
    let _restore = Restore(THREAD_MODE.replace(Some(mode)));
    f()
}

/// The mode in force on this thread: its caller's, else the process's.
pub fn mode() -> OcrMode {
    THREAD_MODE.get().unwrap_or(match MODE.load(Ordering::Relaxed) {
        1 => OcrMode::Always,
        2 => OcrMode::Never,
        _ => OcrMode::Auto,
    })
}

/// A block of a scanned page, in the PDF reader's terms: a table comes with
/// its column lines (points) for joining across pages.
#[derive(Debug)]
pub enum ScanBlock {
    Para(Paragraph),
    Table { table: Table, xs: Vec<f32> },
}

/// One scanned page read: its blocks top to bottom.
#[derive(Debug, Default)]
pub struct ScannedPage {
    pub number: u32,
    pub blocks: Vec<ScanBlock>,
}

fn deref<'d>(doc: &'d Document, o: &'d Object) -> &'d Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

/// A page attribute, inherited through the page tree.
fn inherited<'d>(doc: &'d Document, id: ObjectId, key: &[u8]) -> Option<&'d Object> {
    let mut dict = doc.get_dictionary(id).ok()?;
    for _ in 0..32 {
        if let Ok(v) = dict.get(key) {
            return Some(deref(doc, v));
        }
        dict = dict.get(b"Parent").ok().and_then(|p| deref(doc, p).as_dict().ok())?;
    }
    None
}

fn media_box(doc: &Document, id: ObjectId) -> [f32; 4] {
    let a4 = [0.0, 0.0, 595.0, 842.0];
    let Some(Object::Array(a)) = inherited(doc, id, b"MediaBox") else { return a4 };
    let v: Vec<f32> =
        a.iter().filter_map(|o| o.as_float().ok().or_else(|| o.as_i64().ok().map(|i| i as f32))).collect();
    match v[..] {
        [x0, y0, x1, y1] if (x1 - x0).abs() > 1.0 && (y1 - y0).abs() > 1.0 => [x0, y0, x1, y1],
        _ => a4,
    }
}

fn resources(doc: &Document, id: ObjectId) -> Option<&Dictionary> {
    inherited(doc, id, b"Resources").and_then(|o| o.as_dict().ok())
}

/// Reads the pages `(number, id)` that have no text, in parallel, in page
/// order. Pages without an image are skipped; a page whose image cannot be
/// read is an error only when no page could be read.
pub fn read_pages(doc: &Document, pages: &[(u32, ObjectId)], last_page: u32) -> Result<Vec<ScannedPage>, ScanError> {
    let mode = mode();
    if mode == OcrMode::Never || pages.is_empty() {
        return Ok(Vec::new());
    }
    let with_image: Vec<(u32, ObjectId)> = pages
        .iter()
        .copied()
        .filter(|&(_, id)| resources(doc, id).and_then(|r| image::largest(doc, r)).is_some())
        .collect();
    if with_image.is_empty() {
        return Ok(Vec::new());
    }
    ocr::available()?;
    let first = with_image[0].0;
    let results: Vec<Result<page::Draft, ScanError>> = with_image
        .par_iter()
        .map(|&(number, id)| {
            let res = resources(doc, id).ok_or_else(|| ScanError::BadImage("page without resources".into()))?;
            let found = image::largest(doc, res).ok_or_else(|| ScanError::BadImage("page without image".into()))?;
            let text = mode == OcrMode::Always || number == first || number == last_page;
            page::read(doc, &found, number, media_box(doc, id), text)
        })
        .collect();
    let mut drafts = Vec::new();
    let mut error = None;
    for r in results {
        match r {
            Ok(p) => drafts.push(p),
            Err(e) => {
                if e.stops_ocr() {
                    return Err(e);
                }
                error.get_or_insert(e);
            }
        }
    }
    settle(&mut drafts);
    match error {
        Some(e) if drafts.is_empty() => Err(e),
        _ => Ok(drafts.into_iter().map(page::Draft::finish).collect()),
    }
}

/// A picture that stands where a statistical table should (a screenshot
/// or scan of the table pasted into a typed report), decoded, and where it
/// lies.
pub struct Picture {
    pub image: Gray,
    pub place: Place,
}

/// A picture file's bytes (PNG or JPEG, as a DOCX holds them) decoded.
pub fn decode_picture(bytes: &[u8]) -> Result<Gray, ScanError> {
    codec::picture(bytes)
}

/// An image XObject of a PDF decoded; `None` when `id` is no image.
pub fn decode_pdf_image(doc: &Document, id: ObjectId) -> Option<Result<Gray, ScanError>> {
    let s = doc.get_object(id).ok()?.as_stream().ok()?;
    let found = image::found(doc, s)?;
    Some(image::decode(doc, &found))
}

/// Pictures' tables and their column lines (points, for joining across
/// pages), top to bottom; per picture, or why it could not be read.
pub type PictureTables = Vec<Result<Vec<(Table, Vec<f32>)>, ScanError>>;

/// Reads the tables of pictures, in parallel and settled together (the
/// document's digits are learnt from all of them). Fails only when OCR
/// cannot run at all; `--ocr never` reads nothing.
pub fn read_pictures(pictures: Vec<Picture>) -> Result<PictureTables, ScanError> {
    if mode() == OcrMode::Never {
        return Ok(pictures.iter().map(|_| Ok(Vec::new())).collect());
    }
    if pictures.is_empty() {
        return Ok(Vec::new());
    }
    ocr::available()?;
    // Pictures too short of text to measure are taken to share the others'
    // print size: screenshots pasted into one report are taken alike.
    let printed: Vec<Option<f32>> = pictures.par_iter().map(|p| page::printed_dpi(&p.image, p.place)).collect();
    let mut known: Vec<f32> = printed.iter().flatten().copied().collect();
    known.sort_by(f32::total_cmp);
    let usual = known.get(known.len() / 2).copied();
    let mut results: Vec<Result<page::Draft, ScanError>> = pictures
        .into_par_iter()
        .zip(printed)
        .map(|(p, dpi)| page::read_picture(p.image, p.place, dpi.or(usual)))
        .collect();
    if let Some(i) = results.iter().position(|r| r.as_ref().is_err_and(ScanError::stops_ocr))
        && let Err(e) = results.swap_remove(i)
    {
        return Err(e);
    }
    // A picture that failed keeps its place as an empty draft.
    let mut errors = Vec::with_capacity(results.len());
    let mut drafts: Vec<page::Draft> = results
        .into_iter()
        .map(|r| {
            let (draft, error) = match r {
                Ok(d) => (d, None),
                Err(e) => (page::Draft::empty(None), Some(e)),
            };
            errors.push(error);
            draft
        })
        .collect();
    settle(&mut drafts);
    let tables = |d: page::Draft| {
        let blocks = d.finish().blocks.into_iter();
        blocks.filter_map(|b| if let ScanBlock::Table { table, xs } = b { Some((table, xs)) } else { None }).collect()
    };
    Ok(drafts.into_iter().zip(errors).map(|(d, e)| e.map_or_else(|| Ok(tables(d)), Err)).collect())
}

/// A number read against the document's own digits that Tesseract read
/// otherwise: given, not warned (the glyph is like the document's surely
/// read ones), but not as sure as two readers agreeing.
const OUTVOTED: f32 = 0.7;
/// A number that no Tesseract pass read but whose glyphs all match.
const GLYPHS_ONLY: f32 = 0.6;

/// The document's digit consensus (`glyphs`) over every number cell: it
/// confirms a reading, corrects one that its glyphs contradict (even one
/// both passes agreed on, whose glyph the exemplars' editing dropped), or
/// marks one whose digit count is wrong.
fn settle(drafts: &mut [page::Draft]) {
    let sure = drafts.iter().flat_map(|d| d.readings()).filter(|r| r.sure);
    let ex = glyphs::Exemplars::learn(sure.filter_map(|r| Some((r.glyphs.as_deref()?, r.text.as_str()))));
    if ex.known() == 0 {
        return;
    }
    for r in drafts.iter_mut().flat_map(|d| d.readings_mut()) {
        let Some(gs) = r.glyphs.as_deref() else { continue };
        if std::env::var_os("NIANBAO_OCR_DEBUG").is_some() {
            eprintln!(
                "settle {:?} conf {:.2} glyphs {} -> {:?} {:?}",
                r.text,
                r.confidence,
                gs.len(),
                ex.read(gs),
                ex.explain(gs)
            );
        }
        match ex.read(gs) {
            Some(t) if t == r.text => r.confidence = r.confidence.max(SURE_BY_GLYPHS),
            Some(t) if r.unreadable => (r.text, r.confidence, r.unreadable) = (t, GLYPHS_ONLY, false),
            Some(t) => (r.text, r.confidence) = (t, OUTVOTED),
            None if r.sure => {}
            None => {
                let digits = gs.iter().filter(|g| matches!(g, glyphs::Glyph::Digit(_))).count();
                if r.text.chars().filter(char::is_ascii_digit).count() != digits {
                    r.confidence = r.confidence.min(0.3);
                }
            }
        }
    }
}

/// A reading its glyphs confirm.
const SURE_BY_GLYPHS: f32 = 0.9;
