//! The image codecs a PDF may end its filter chain with: JPEG (DCTDecode,
//! zune-jpeg), JBIG2 and CCITT fax (hayro-jbig2, hayro-ccitt: pure Rust,
//! what scanners and ocrmypdf write for black-and-white pages); and the
//! picture files a DOCX holds (PNG by zune-png, JPEG).

use lopdf::Dictionary;

use super::ScanError;
use super::image::{Gray, MAX_PIXELS};
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
    // zune-jpeg asserts on some damaged streams (found by fuzzing): a
    // panic there is a damaged image, not a crash.
    let px = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dec.decode()))
        .map_err(|_| ScanError::BadImage("JPEG: damaged data".into()))?
        .map_err(|e| ScanError::BadImage(format!("JPEG: {e:?}")))?;
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

/// A picture file (a DOCX's `word/media/…`): PNG or JPEG, by its bytes.
pub fn picture(data: &[u8]) -> Result<Gray, ScanError> {
    const SIDE: usize = 20_000;
    if data.starts_with(b"\x89PNG") {
        png(data, SIDE)
    } else if data.starts_with(&[0xFF, 0xD8]) {
        let g = jpeg(data, SIDE / 2, SIDE / 2)?;
        if g.w * g.h > MAX_PIXELS {
            return Err(ScanError::BadImage(format!("a {}×{} image is larger than nianbao reads", g.w, g.h)));
        }
        Ok(g)
    } else {
        let kind = match data.get(..4) {
            Some([0x01, 0, 0, 0]) => "EMF",
            Some([0xD7, 0xCD, 0xC6, 0x9A]) | Some([0x01, 0x00, 0x09, 0x00]) => "WMF",
            Some([b'G', b'I', b'F', _]) => "GIF",
            Some([b'B', b'M', _, _]) => "BMP",
            Some([b'I', b'I', 42, 0]) | Some([b'M', b'M', 0, 42]) => "TIFF",
            _ => "an unknown format",
        };
        Err(ScanError::UnsupportedImage(format!("a picture in {kind}")))
    }
}

fn png(data: &[u8], side: usize) -> Result<Gray, ScanError> {
    use zune_png::PngDecoder;
    use zune_png::zune_core::options::DecoderOptions;
    let bad = |e: zune_png::error::PngDecodeErrors| ScanError::BadImage(format!("PNG: {e:?}"));
    let options = DecoderOptions::default().set_max_width(side).set_max_height(side).png_set_strip_to_8bit(true);
    let mut dec = PngDecoder::new_with_options(data, options);
    dec.decode_headers().map_err(bad)?;
    let (Some((w, h)), Some(space)) = (dec.get_dimensions(), dec.get_colorspace()) else {
        return Err(ScanError::BadImage("PNG without a size".into()));
    };
    if w.saturating_mul(h) > MAX_PIXELS {
        return Err(ScanError::BadImage(format!("a {w}×{h} image is larger than nianbao reads")));
    }
    let px = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dec.decode_raw()))
        .map_err(|_| ScanError::BadImage("PNG: damaged data".into()))?
        .map_err(bad)?;
    let comps = space.num_components();
    if comps == 0 || px.len() < w * h * comps {
        return Err(ScanError::BadImage("PNG: short image data".into()));
    }
    // Transparency shows the page: composite over white.
    let over_white = |v: u8, a: u8| ((v as u32 * a as u32 + 255 * (255 - a as u32)) / 255) as u8;
    Ok(match comps {
        1 => Gray { w, h, px: px[..w * h].to_vec() },
        2 => Gray { w, h, px: px.chunks_exact(2).take(w * h).map(|p| over_white(p[0], p[1])).collect() },
        3 => to_gray(&px, w, h, 3),
        _ => {
            let rgb: Vec<u8> = px
                .chunks_exact(comps)
                .take(w * h)
                .flat_map(|p| [over_white(p[0], p[3]), over_white(p[1], p[3]), over_white(p[2], p[3])])
                .collect();
            to_gray(&rgb, w, h, 3)
        }
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
