//! One scanned page, image to blocks: decode, clean, find the ruled tables,
//! read their cells, read the text around them, and put it all in page
//! coordinates (PDF points, origin bottom-left) as the vector reader would.

use super::cells::{self, Reading};
use super::grid::Grid;
use super::image::{self, Found, Gray};
use super::ocr::{self, Pass};
use super::prep::{self, Bin};
use super::{ScanBlock, ScanError, ScannedPage, scale};
use crate::document::{Cell, OcrRead, Paragraph, Table};

/// Scans finer than this are halved before reading (OCR needs no more).
const MAX_DPI: f32 = 330.0;
/// Scans coarser than this are doubled before reading.
const MIN_READ_DPI: f32 = 180.0;
/// Images coarser than this are no page scan (a logo, an icon).
const MIN_DPI: f32 = 60.0;
/// Skews smaller than this (degrees) are left alone.
const MIN_SKEW: f32 = 0.05;

/// Pixels to page points.
struct Map {
    x0: f32,
    top: f32,
    sx: f32,
    sy: f32,
}

impl Map {
    fn bbox(&self, b: [f32; 4]) -> [f32; 4] {
        let r = |v: f32| (v * 10.0).round() / 10.0;
        [
            r(self.x0 + b[0] * self.sx),
            r(self.top - b[3] * self.sy),
            r(self.x0 + b[2] * self.sx),
            r(self.top - b[1] * self.sy),
        ]
    }
}

/// Where an image lies: its page (none in a DOCX) and its box there (PDF
/// points, origin bottom-left).
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub page: Option<u32>,
    pub rect: [f32; 4],
}

/// A page read but not yet settled: its tables' readings wait for the
/// document's digit consensus (`glyphs`) before they become cells.
pub struct Draft {
    number: Option<u32>,
    map: Map,
    tables: Vec<(Grid, Vec<Reading>)>,
    paras: Vec<(f32, Paragraph)>,
}

impl Draft {
    pub fn empty(number: Option<u32>) -> Draft {
        Draft { number, map: Map { x0: 0.0, top: 0.0, sx: 1.0, sy: 1.0 }, tables: Vec::new(), paras: Vec::new() }
    }

    pub fn readings(&self) -> impl Iterator<Item = &Reading> {
        self.tables.iter().flat_map(|(_, r)| r.iter())
    }

    pub fn readings_mut(&mut self) -> impl Iterator<Item = &mut Reading> {
        self.tables.iter_mut().flat_map(|(_, r)| r.iter_mut())
    }

    /// The page's blocks, top to bottom.
    pub fn finish(self) -> ScannedPage {
        let mut page = ScannedPage { number: self.number.unwrap_or(0), ..ScannedPage::default() };
        let mut blocks: Vec<(f32, ScanBlock)> = Vec::new();
        for (grid, reads) in self.tables {
            let table = table(&grid, reads, self.number, &self.map);
            let xs = grid.xs.iter().map(|&x| self.map.x0 + x * self.map.sx).collect();
            blocks.push((grid.bounds()[1], ScanBlock::Table { table, xs }));
        }
        blocks.extend(self.paras.into_iter().map(|(y, p)| (y, ScanBlock::Para(p))));
        blocks.sort_by(|a, b| a.0.total_cmp(&b.0));
        page.blocks = blocks.into_iter().map(|(_, b)| b).collect();
        page
    }
}

/// Reads one page. `text`: read the running text too (not only tables).
pub fn read(
    doc: &lopdf::Document,
    found: &Found,
    number: u32,
    media: [f32; 4],
    text: bool,
) -> Result<Draft, ScanError> {
    let g = image::decode(doc, found)?;
    let prose = if text { Prose::All } else { Prose::NearTables };
    read_image(g, Place { page: Some(number), rect: media }, prose)
}

/// What running text of an image is read besides its tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prose {
    All,
    /// Only on a page with tables (their headings and notes).
    NearTables,
    /// None: a picture among typed text.
    No,
}

/// Reads an image lying at `place`: its tables and the running text
/// `prose` asks for.
pub fn read_image(g: Gray, place: Place, prose: Prose) -> Result<Draft, ScanError> {
    let dpi = shown_dpi(&g, place);
    read_at(g, dpi, place, prose)
}

/// The image's pixels per inch as it lies on its page.
fn shown_dpi(g: &Gray, place: Place) -> f32 {
    g.w as f32 / ((place.rect[2] - place.rect[0]).abs().max(1.0) / 72.0)
}

/// The resolution of a picture's print, by the height of its text (see
/// `scale`); `None` when it has too little text in cells to tell.
pub fn printed_dpi(g: &Gray, place: Place) -> Option<f32> {
    let shown = shown_dpi(g, place);
    let (sized, at) = resampled(g.clone(), shown);
    let b = prep::binarise(&sized, at);
    let printed = scale::text_dpi(&b, &super::grid::tables(&b, at)).map(|d| d * g.w as f32 / b.w as f32);
    if std::env::var_os("NIANBAO_OCR_DEBUG").is_some() {
        eprintln!("picture {}x{}: shown at {shown:.0} dpi, printed at {printed:?}", g.w, g.h);
    }
    printed
}

/// Reads a picture pasted among typed text, whose print has `dpi` pixels
/// to the inch (`printed_dpi`, else the size it is shown at: it may be
/// anything, a screen capture, a resized picture). The print is brought to
/// [`PICTURE_DPI`], the one size OCR is tuned for.
pub fn read_picture(g: Gray, place: Place, dpi: Option<f32>) -> Result<Draft, ScanError> {
    let dpi = dpi.unwrap_or_else(|| shown_dpi(&g, place));
    if dpi < MIN_DPI / 2.0 {
        return Ok(Draft::empty(place.page));
    }
    let f = PICTURE_DPI / dpi;
    let g = if (f - 1.0).abs() < 0.02 { g } else { g.scaled(f) };
    // A screenshot is cropped to the table's rules: paper around it, as a
    // page has, keeps the outer rules whole when they are looked for.
    let pad = (PICTURE_DPI * 0.1) as usize;
    let mut framed = Gray::new(g.w + 2 * pad, g.h + 2 * pad, 255);
    for y in 0..g.h {
        let row = (y + pad) * framed.w + pad;
        framed.px[row..row + g.w].copy_from_slice(&g.px[y * g.w..(y + 1) * g.w]);
    }
    let [x0, y0, x1, y1] = place.rect;
    let (px, py) = ((x1 - x0) * pad as f32 / g.w as f32, (y1 - y0) * pad as f32 / g.h as f32);
    let rect = [x0 - px, y0 - py, x1 + px, y1 + py];
    drop(g);
    read_at(framed, PICTURE_DPI, Place { rect, ..place }, Prose::No)
}

/// The print resolution pictures are read at.
const PICTURE_DPI: f32 = 300.0;

/// The image at a resolution OCR reads well, and that resolution.
fn resampled(mut g: Gray, mut dpi: f32) -> (Gray, f32) {
    // Coarse scans are read at twice the size: Tesseract wants print
    // some 20 pixels high.
    if dpi < MIN_READ_DPI {
        g = g.double();
        dpi *= 2.0;
    }
    while dpi > MAX_DPI {
        g = g.half();
        dpi /= 2.0;
    }
    (g, dpi)
}

fn read_at(g: Gray, dpi: f32, place: Place, prose: Prose) -> Result<Draft, ScanError> {
    let (number, media) = (place.page, place.rect);
    if dpi < MIN_DPI {
        return Ok(Draft::empty(number));
    }
    let (mut g, dpi) = resampled(g, dpi);
    let mut b = prep::binarise(&g, dpi);
    let skew = prep::skew(&b);
    if skew.abs() >= MIN_SKEW {
        g = prep::rotate(&g, skew);
        b = prep::binarise(&g, dpi);
    }
    drop(g);
    let map = Map {
        x0: media[0].min(media[2]),
        top: media[1].max(media[3]),
        sx: (media[2] - media[0]).abs() / b.w as f32,
        sy: (media[3] - media[1]).abs() / b.h as f32,
    };
    let grids = super::grid::tables(&b, dpi);
    if std::env::var_os("NIANBAO_OCR_DEBUG").is_some() {
        eprintln!("page {number:?}: {}x{} dpi {dpi:.0} skew {skew:.3} tables {}", b.w, b.h, grids.len());
        if let Some(dir) = std::env::var_os("NIANBAO_OCR_DEBUG") {
            let mut f = Vec::from(format!("P5\n{} {}\n255\n", b.w, b.h).as_bytes());
            f.extend(b.px.iter().map(|&v| if v != 0 { 0u8 } else { 255 }));
            let _ = std::fs::write(std::path::Path::new(&dir).join(format!("bin{}.pgm", number.unwrap_or(0))), f);
        }
        for g in &grids {
            eprintln!("  grid {:?} ys {:?} xs {:?}", g.bounds(), g.ys, g.xs);
        }
    }
    let readings = cells::read(&b, &grids, dpi)?;
    let paras = match (number, prose) {
        (Some(n), Prose::All) => paragraphs(&b, &grids, dpi, n)?,
        (Some(n), Prose::NearTables) if !grids.is_empty() => paragraphs(&b, &grids, dpi, n)?,
        _ => Vec::new(),
    };
    Ok(Draft { number, map, tables: grids.into_iter().zip(readings).collect(), paras })
}

/// A grid and its readings as a document table, each cell marked as read
/// by OCR; cells have a page and box where the image has a page.
fn table(grid: &Grid, reads: Vec<Reading>, number: Option<u32>, map: &Map) -> Table {
    let cells = grid
        .cells
        .iter()
        .zip(reads)
        .map(|(&(row, col, row_span, col_span), r)| Cell {
            row,
            col,
            row_span,
            col_span,
            page: number,
            bbox: number.map(|_| map.bbox(grid.cell_box((row, col, row_span, col_span)))),
            ocr: Some(OcrRead { confidence: r.confidence, unreadable: r.unreadable }),
            text: r.text,
        })
        .collect();
    let mut t = Table::from_cells(cells);
    t.pages = number.into_iter().collect();
    t
}

/// Two print heights of one size (a third apart at most).
fn similar(a: u32, b: u32) -> bool {
    a.max(b) * 3 <= a.min(b) * 4 + 4
}

/// A page number (`- 4 -`, read as `4一`) or specks of noise read as a
/// word or two: no paragraph. Left in, a number between a table and its
/// continuation on the next page keeps the two apart.
fn page_number_or_specks(text: &str, words: &[ocr::Word]) -> bool {
    let core: String = text.chars().filter(|c| !"-—一_·.。 –第页/".contains(*c)).collect();
    let number = core.chars().count() <= 4 && core.chars().all(|c| c.is_ascii_digit());
    let unsure = words.iter().map(|w| w.conf).sum::<f32>() / words.len().max(1) as f32;
    number || (text.chars().count() <= 3 && unsure < 0.5)
}

/// The running text outside the tables, as paragraphs with their tops
/// (pixels).
fn paragraphs(b: &Bin, grids: &[Grid], dpi: f32, number: u32) -> Result<Vec<(f32, Paragraph)>, ScanError> {
    let mut img = Gray { w: b.w, h: b.h, px: b.px.iter().map(|&v| if v != 0 { 0 } else { 255 }).collect() };
    for g in grids {
        let [x0, y0, x1, y1] = g.bounds();
        let pad = dpi * 0.02;
        let (x0, y0) = ((x0 - pad).max(0.0) as usize, (y0 - pad).max(0.0) as usize);
        let (x1, y1) = (((x1 + pad) as usize).min(b.w), ((y1 + pad) as usize).min(b.h));
        for y in y0..y1 {
            img.px[y * b.w + x0..y * b.w + x1].fill(255);
        }
    }
    if !img.px.contains(&0) {
        return Ok(Vec::new());
    }
    let words = ocr::words(&img, &Pass { lang: "chi_sim", psm: 4, whitelist: "", dpi: dpi.round() as u32 })?;
    let mut out: Vec<(f32, Paragraph)> = Vec::new();
    let mut i = 0;
    // Lines: runs of words of one (block, paragraph, line), with their
    // print height (the median word's).
    let mut lines: Vec<(usize, usize, u32)> = Vec::new();
    while i < words.len() {
        let key = |w: &ocr::Word| (w.block, w.par, w.line);
        let mut j = i;
        while j < words.len() && key(&words[j]) == key(&words[i]) {
            j += 1;
        }
        let mut hs: Vec<u32> = words[i..j].iter().map(|w| w.y1.saturating_sub(w.y0)).collect();
        hs.sort_unstable();
        lines.push((i, j, hs[hs.len() / 2]));
        i = j;
    }
    // Paragraphs: lines of one Tesseract paragraph; the page's first one
    // also of one print size (a title run into the first sentence is two).
    let mut k = 0;
    while k < lines.len() {
        let par = |l: &(usize, usize, u32)| (words[l.0].block, words[l.0].par);
        let mut e = k + 1;
        while e < lines.len()
            && par(&lines[e]) == par(&lines[k])
            && (!out.is_empty() || similar(lines[e].2, lines[e - 1].2))
        {
            e += 1;
        }
        let (from, to) = (lines[k].0, lines[e - 1].1);
        let text: String =
            lines[k..e].iter().map(|&(a, b, _)| ocr::join(&words[a..b].iter().collect::<Vec<_>>())).collect();
        if std::env::var_os("NIANBAO_OCR_DEBUG").is_some() {
            let conf: Vec<u32> = words[from..to].iter().map(|w| (w.conf * 100.0) as u32).collect();
            eprintln!("para p{number}: {text:?} {conf:?}");
        }
        if !text.trim().is_empty() && !page_number_or_specks(&text, &words[from..to]) {
            let top = words[from..to].iter().map(|w| w.y0).min().unwrap_or(0) as f32;
            out.push((top, Paragraph { text, page: Some(number) }));
        }
        k = e;
    }
    Ok(out)
}
