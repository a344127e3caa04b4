//! The image codecs a PDF may end its filter chain with: JPEG (DCTDecode,
//! zune-jpeg), JBIG2 and CCITT fax (hayro-jbig2, hayro-ccitt: pure Rust,
//! what scanners and ocrmypdf write for black-and-white pages).

use lopdf::Dictionary;

use super::ScanError;
use super::image::Gray;
use super::raw::to_gray;

pub fn jpeg(data: &[u8], w: usize, h: usize) -> Result<Gray, ScanError> {
    use zune_jpeg::JpegDecoder;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .set_max_width(w.max(1) * 2)
        .set_max_height(h.max(1) * 2)
        .jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut dec = JpegDecoder::new_with_options(data, options);
    let px = dec.decode().map_err(|e| ScanError::BadImage(format!("JPEG: {e:?}")))?;
    let (dw, dh) = dec.dimensions().unwrap_or((w, h));
    let comps = dec.get_output_colorspace().map_or(3, |c| c.num_components());
    if dw * dh * comps > px.len() {
        return Err(ScanError::BadImage("JPEG: short image data".into()));
    }
    Ok(match comps {
        1 => Gray { w: dw, h: dh, px: px[..dw * dh].to_vec() },
        c => to_gray(&px, dw, dh, c),
    })
}

/// A bilevel image filled row by row as grey, the decoders' black as 0.
struct Bilevel {
    img: Gray,
    x: usize,
    y: usize,
}

impl Bilevel {
    fn new(w: usize, h: usize) -> Bilevel {
        Bilevel { img: Gray::new(w, h, 255), x: 0, y: 0 }
    }

    fn push(&mut self, black: bool, n: usize) {
        if self.y >= self.img.h {
            return;
        }
        let end = (self.x + n).min(self.img.w);
        if black {
            let row = self.y * self.img.w;
            self.img.px[row + self.x..row + end].fill(0);
        }
        self.x = end;
    }

    fn next_line(&mut self) {
        self.x = 0;
        self.y += 1;
    }

    fn finish(mut self, invert: bool) -> Gray {
        if invert {
            self.img.px.iter_mut().for_each(|p| *p = 255 - *p);
        }
        self.img
    }
}

impl hayro_jbig2::Decoder for Bilevel {
    fn push_pixel(&mut self, black: bool) {
        self.push(black, 1);
    }

    fn push_pixel_chunk(&mut self, black: bool, chunk_count: u32) {
        self.push(black, chunk_count as usize * 8);
    }

    fn next_line(&mut self) {
        Bilevel::next_line(self);
    }
}

impl hayro_ccitt::Decoder for Bilevel {
    fn push_row(&mut self, changes: &[u32]) {
        let mut black = false;
        let mut at = 0usize;
        for &c in changes {
            let c = c as usize;
            self.push(black, c.saturating_sub(at));
            at = at.max(c);
            black = !black;
        }
        self.push(black, self.img.w.saturating_sub(at));
        self.next_line();
    }
}

/// A JBIG2 page embedded in a PDF, with its /JBIG2Globals (already
/// through their own filters). Its black is sample 0 as PDF reads it, so
/// only /Decode [1 0] (`invert`) turns it white.
pub fn jbig2(data: &[u8], globals: Option<&[u8]>, w: usize, h: usize, invert: bool) -> Result<Gray, ScanError> {
    let settings = hayro_jbig2::DecodeSettings::default();
    let bad = |e: hayro_jbig2::DecodeError| ScanError::BadImage(format!("JBIG2: {e}"));
    let globals = globals.map(|g| hayro_jbig2::Globals::new(g, &settings)).transpose().map_err(bad)?;
    let page = hayro_jbig2::Page::new_embedded(data, globals.as_ref(), &settings).map_err(bad)?;
    if page.width() as usize != w || page.height() as usize != h {
        return Err(ScanError::BadImage(format!(
            "JBIG2: a {}×{} page in a {w}×{h} image",
            page.width(),
            page.height()
        )));
    }
    let mut out = Bilevel::new(w, h);
    page.decode(&mut out).map_err(bad)?;
    Ok(out.finish(invert))
}

/// A CCITT Group 3 or 4 fax image, by its /DecodeParms. Fax black is
/// sample 0 (black) unless /BlackIs1 makes it 1; /Decode [1 0] (`invert`)
/// flips the samples again.
pub fn ccitt(data: &[u8], parms: Option<&Dictionary>, w: usize, h: usize, invert: bool) -> Result<Gray, ScanError> {
    let int = |k: &[u8], d: i64| parms.and_then(|p| p.get(k).ok()).and_then(|o| o.as_i64().ok()).unwrap_or(d);
    let flag = |k: &[u8], d: bool| parms.and_then(|p| p.get(k).ok()).and_then(|o| o.as_bool().ok()).unwrap_or(d);
    let k = int(b"K", 0);
    let columns = int(b"Columns", 1728);
    if columns as usize != w {
        return Err(ScanError::BadImage(format!("CCITT: {columns} columns in a {w} pixels wide image")));
    }
    let settings = hayro_ccitt::DecodeSettings {
        columns: w as u32,
        rows: h as u32,
        end_of_block: flag(b"EndOfBlock", true),
        end_of_line: flag(b"EndOfLine", false),
        rows_are_byte_aligned: flag(b"EncodedByteAlign", false),
        encoding: match k {
            k if k < 0 => hayro_ccitt::EncodingMode::Group4,
            0 => hayro_ccitt::EncodingMode::Group3_1D,
            _ => hayro_ccitt::EncodingMode::Group3_2D,
        },
        strict: false,
    };
    let mut ctx = hayro_ccitt::DecoderContext::new(settings);
    let mut out = Bilevel::new(w, h);
    // A damaged tail still leaves the rows decoded before it.
    if let Err(e) = hayro_ccitt::decode(data, &mut out, &mut ctx)
        && out.y == 0
    {
        return Err(ScanError::BadImage(format!("CCITT: {e:?}")));
    }
    Ok(out.finish(invert != flag(b"BlackIs1", false)))
}
