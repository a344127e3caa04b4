//! Page images out of the PDF: the largest image XObject of a page, decoded
//! to 8-bit grey. Red ink (a seal stamped over the signature or the text) is
//! turned to paper while converting colour to grey: the seal is not text,
//! and the black text under it survives.

use lopdf::{Dictionary, Document, Object, Stream};

use super::ScanError;

/// Decoded images larger than this are refused (a 600 dpi A3 page is about
/// 70 megapixels; an A4 scan at 300 dpi is 8.7).
pub const MAX_PIXELS: usize = 80_000_000;

/// An 8-bit grey image, row-major, 0 black.
#[derive(Debug, Clone)]
pub struct Gray {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

impl Gray {
    pub fn new(w: usize, h: usize, fill: u8) -> Gray {
        Gray { w, h, px: vec![fill; w * h] }
    }

    pub fn get(&self, x: usize, y: usize) -> u8 {
        self.px[y * self.w + x]
    }

    /// Doubles both sides (bilinear): small print reads better larger.
    pub fn double(&self) -> Gray {
        let (w, h) = (self.w * 2, self.h * 2);
        let mut out = Gray::new(w, h, 255);
        for y in 0..h {
            let sy = (y as f32 - 0.5) / 2.0;
            let (y0, fy) = (sy.max(0.0) as usize, (sy - sy.floor()).clamp(0.0, 1.0));
            let y1 = (y0 + 1).min(self.h - 1);
            for x in 0..w {
                let sx = (x as f32 - 0.5) / 2.0;
                let (x0, fx) = (sx.max(0.0) as usize, (sx - sx.floor()).clamp(0.0, 1.0));
                let x1 = (x0 + 1).min(self.w - 1);
                let p = |xx: usize, yy: usize| self.get(xx, yy) as f32;
                let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
                let bottom = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
                out.px[y * w + x] = (top * (1.0 - fy) + bottom * fy + 0.5) as u8;
            }
        }
        out
    }

    /// Halves both sides (2×2 means), for scans far finer than OCR needs.
    pub fn half(&self) -> Gray {
        let (w, h) = (self.w / 2, self.h / 2);
        let mut out = Gray::new(w, h, 255);
        for y in 0..h {
            for x in 0..w {
                let s = self.get(2 * x, 2 * y) as u32
                    + self.get(2 * x + 1, 2 * y) as u32
                    + self.get(2 * x, 2 * y + 1) as u32
                    + self.get(2 * x + 1, 2 * y + 1) as u32;
                out.px[y * w + x] = (s / 4) as u8;
            }
        }
        out
    }
}

/// An image XObject found on a page (not yet decoded).
pub struct Found<'d> {
    pub stream: &'d Stream,
    pub width: usize,
    pub height: usize,
}

/// The largest image XObject among the page's resources (and those of its
/// Form XObjects, one level down: some producers wrap the scan in a form).
pub fn largest<'d>(doc: &'d Document, resources: &'d Dictionary) -> Option<Found<'d>> {
    let mut best: Option<Found<'d>> = None;
    let consider = |s: &'d Stream, best: &mut Option<Found<'d>>| {
        let dim = |k: &[u8]| s.dict.get(k).ok().and_then(|o| deref(doc, o).as_i64().ok()).unwrap_or(0);
        let (w, h) = (dim(b"Width").max(0) as usize, dim(b"Height").max(0) as usize);
        if w * h > best.as_ref().map_or(0, |b| b.width * b.height) {
            *best = Some(Found { stream: s, width: w, height: h });
        }
    };
    let xobjects = resources.get(b"XObject").ok().map(|o| deref(doc, o)).and_then(|o| o.as_dict().ok())?;
    for (_, entry) in xobjects.iter() {
        let Ok(s) = deref(doc, entry).as_stream() else { continue };
        match s.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) {
            Some(b"Image") => consider(s, &mut best),
            Some(b"Form") => {
                let inner = s.dict.get(b"Resources").ok().map(|o| deref(doc, o)).and_then(|o| o.as_dict().ok());
                let inner_x =
                    inner.and_then(|r| r.get(b"XObject").ok()).map(|o| deref(doc, o)).and_then(|o| o.as_dict().ok());
                for (_, e) in inner_x.into_iter().flat_map(|d| d.iter()) {
                    if let Ok(s) = deref(doc, e).as_stream()
                        && s.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) == Some(b"Image")
                    {
                        consider(s, &mut best);
                    }
                }
            }
            _ => {}
        }
    }
    best
}

fn deref<'d>(doc: &'d Document, o: &'d Object) -> &'d Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

fn filters(s: &Stream) -> Vec<Vec<u8>> {
    match s.dict.get(b"Filter") {
        Ok(Object::Name(n)) => vec![n.clone()],
        Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_name().ok().map(|n| n.to_vec())).collect(),
        _ => Vec::new(),
    }
}

/// Decodes an image to grey, red ink removed.
pub fn decode(doc: &Document, found: &Found) -> Result<Gray, ScanError> {
    let (w, h) = (found.width, found.height);
    if w == 0 || h == 0 {
        return Err(ScanError::BadImage("an image with no size".into()));
    }
    if w.saturating_mul(h) > MAX_PIXELS {
        return Err(ScanError::BadImage(format!("a {w}×{h} image is larger than nianbao reads")));
    }
    let filters = filters(found.stream);
    match filters.last().map(|f| f.as_slice()) {
        Some(b"DCTDecode") if filters.len() == 1 => jpeg(&found.stream.content, w, h),
        Some(f @ (b"CCITTFaxDecode" | b"JBIG2Decode" | b"JPXDecode" | b"DCTDecode")) => {
            Err(ScanError::UnsupportedImage(String::from_utf8_lossy(f).into_owned()))
        }
        _ => raw(doc, found.stream, w, h),
    }
}

fn jpeg(data: &[u8], w: usize, h: usize) -> Result<Gray, ScanError> {
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

/// Colour to grey; clearly red pixels (seal ink) become paper.
fn to_gray(px: &[u8], w: usize, h: usize, comps: usize) -> Gray {
    let mut out = Gray::new(w, h, 255);
    for (i, p) in out.px.iter_mut().enumerate() {
        let s = &px[i * comps..i * comps + 3];
        let (r, g, b) = (s[0] as i32, s[1] as i32, s[2] as i32);
        *p = if r - g.max(b) > 50 { 255 } else { ((r * 299 + g * 587 + b * 114) / 1000) as u8 };
    }
    out
}

/// The colour space of a raw image: components per pixel and, for Indexed,
/// the base components and the palette.
enum Space {
    Gray,
    Rgb,
    Cmyk,
    Indexed { base: usize, palette: Vec<u8> },
}

fn space(doc: &Document, o: Option<&Object>) -> Result<Space, ScanError> {
    let Some(o) = o.map(|o| deref(doc, o)) else { return Ok(Space::Gray) };
    let by_n = |n: i64| match n {
        3 => Space::Rgb,
        4 => Space::Cmyk,
        _ => Space::Gray,
    };
    match o {
        Object::Name(n) => Ok(match n.as_slice() {
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Space::Rgb,
            b"DeviceCMYK" | b"CMYK" => Space::Cmyk,
            _ => Space::Gray,
        }),
        Object::Array(a) => match a.first().and_then(|o| o.as_name().ok()) {
            Some(b"ICCBased") => {
                let n = a.get(1).map(|o| deref(doc, o)).and_then(|o| o.as_stream().ok());
                Ok(by_n(n.and_then(|s| s.dict.get(b"N").ok()).and_then(|o| o.as_i64().ok()).unwrap_or(3)))
            }
            Some(b"CalRGB") => Ok(Space::Rgb),
            Some(b"CalGray") => Ok(Space::Gray),
            Some(b"Indexed" | b"I") => {
                let base = match space(doc, a.get(1))? {
                    Space::Rgb => 3,
                    Space::Cmyk => 4,
                    _ => 1,
                };
                let palette = match a.get(3).map(|o| deref(doc, o)) {
                    Some(Object::String(s, _)) => s.clone(),
                    Some(Object::Stream(s)) => s.decompressed_content_with_limit(1 << 16).unwrap_or_default(),
                    _ => Vec::new(),
                };
                Ok(Space::Indexed { base, palette })
            }
            _ => Ok(Space::Gray),
        },
        _ => Ok(Space::Gray),
    }
}

/// Raw samples (no filter, Flate, LZW … with predictors, which lopdf undoes).
fn raw(doc: &Document, s: &Stream, w: usize, h: usize) -> Result<Gray, ScanError> {
    let bpc = s.dict.get(b"BitsPerComponent").ok().and_then(|o| deref(doc, o).as_i64().ok()).unwrap_or(8);
    let mask = s.dict.get(b"ImageMask").ok().and_then(|o| o.as_bool().ok()).unwrap_or(false);
    let space = if mask { Space::Gray } else { space(doc, s.dict.get(b"ColorSpace").ok())? };
    let comps = match &space {
        Space::Gray | Space::Indexed { .. } => 1,
        Space::Rgb => 3,
        Space::Cmyk => 4,
    };
    if !matches!(bpc, 1 | 2 | 4 | 8) {
        return Err(ScanError::UnsupportedImage(format!("{bpc} bits per component")));
    }
    let bpc = bpc as usize;
    let row_bytes = (w * comps * bpc).div_ceil(8);
    let data = s
        .decompressed_content_with_limit(row_bytes * h + 1024)
        .map_err(|e| ScanError::BadImage(format!("image data: {e}")))?;
    if data.len() < row_bytes * h {
        return Err(ScanError::BadImage("image data shorter than its size".into()));
    }
    // A /Decode [1 0] (and an image mask's default) inverts the samples.
    let inverted = s
        .dict
        .get(b"Decode")
        .ok()
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first().and_then(|o| o.as_float().ok().or_else(|| o.as_i64().ok().map(|v| v as f32))))
        .is_some_and(|v| v > 0.5);
    let inverted = inverted != mask;
    let max = (1u32 << bpc) - 1;
    let sample = |row: &[u8], i: usize| -> u32 {
        match bpc {
            8 => row[i] as u32,
            _ => {
                let bit = i * bpc;
                ((row[bit / 8] >> (8 - bpc - bit % 8)) as u32) & max
            }
        }
    };
    let mut rgb = if comps > 1 || matches!(space, Space::Indexed { .. }) { vec![0u8; w * h * 3] } else { Vec::new() };
    let mut out = Gray::new(w, h, 255);
    for y in 0..h {
        let row = &data[y * row_bytes..(y + 1) * row_bytes];
        for x in 0..w {
            let v = |c: usize| (sample(row, x * comps + c) * 255 / max) as u8;
            match &space {
                Space::Gray => {
                    let g = v(0);
                    out.px[y * w + x] = if inverted { 255 - g } else { g };
                }
                Space::Rgb => rgb[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&[v(0), v(1), v(2)]),
                Space::Cmyk => {
                    let k = v(3) as u32;
                    let c = |i: usize| (255 - (v(i) as u32 + k).min(255)) as u8;
                    rgb[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&[c(0), c(1), c(2)]);
                }
                Space::Indexed { base, palette } => {
                    let i = sample(row, x) as usize * base;
                    let p = |k: usize| palette.get(i + k).copied().unwrap_or(255);
                    let px = if *base == 3 {
                        [p(0), p(1), p(2)]
                    } else if *base == 4 {
                        let k = p(3) as u32;
                        let c = |j: usize| (255 - (p(j) as u32 + k).min(255)) as u8;
                        [c(0), c(1), c(2)]
                    } else {
                        [p(0); 3]
                    };
                    rgb[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&px);
                }
            }
        }
    }
    Ok(if rgb.is_empty() { out } else { to_gray(&rgb, w, h, 3) })
}
