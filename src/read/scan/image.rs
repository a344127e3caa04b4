//! Page images out of the PDF: the largest image XObject of a page, decoded
//! to 8-bit grey through its whole filter chain (ocrmypdf writes
//! `[/FlateDecode /DCTDecode]`): the general filters first, by lopdf, then
//! the image codec that ends the chain (`codec`) or raw samples (`raw`). Red ink (a seal stamped over the signature or the text) is
//! turned to paper while converting colour to grey: the seal is not text,
//! and the black text under it survives.

use lopdf::{Dictionary, Document, Object, Stream};

use super::{codec, raw};

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

    /// Scaled by `f` (bilinear; halved first while `f` is below one half,
    /// so that every source pixel counts).
    pub fn scaled(&self, mut f: f32) -> Gray {
        let mut src = std::borrow::Cow::Borrowed(self);
        while f < 0.5 && src.w >= 4 && src.h >= 4 {
            src = std::borrow::Cow::Owned(src.half());
            f *= 2.0;
        }
        let (w, h) = (((src.w as f32 * f).round() as usize).max(1), ((src.h as f32 * f).round() as usize).max(1));
        let mut out = Gray::new(w, h, 255);
        let (fx, fy) = (src.w as f32 / w as f32, src.h as f32 / h as f32);
        for y in 0..h {
            let sy = ((y as f32 + 0.5) * fy - 0.5).clamp(0.0, (src.h - 1) as f32);
            let (y0, ty) = (sy as usize, sy.fract());
            let y1 = (y0 + 1).min(src.h - 1);
            for x in 0..w {
                let sx = ((x as f32 + 0.5) * fx - 0.5).clamp(0.0, (src.w - 1) as f32);
                let (x0, tx) = (sx as usize, sx.fract());
                let x1 = (x0 + 1).min(src.w - 1);
                let p = |xx: usize, yy: usize| src.get(xx, yy) as f32;
                let top = p(x0, y0) * (1.0 - tx) + p(x1, y0) * tx;
                let bottom = p(x0, y1) * (1.0 - tx) + p(x1, y1) * tx;
                out.px[y * w + x] = (top * (1.0 - ty) + bottom * ty + 0.5) as u8;
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

/// An image XObject's stream as found (its size read, not decoded); `None`
/// when the stream is no image.
pub fn found<'d>(doc: &'d Document, s: &'d Stream) -> Option<Found<'d>> {
    if s.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) != Some(b"Image") {
        return None;
    }
    let dim = |k: &[u8]| s.dict.get(k).ok().and_then(|o| deref(doc, o).as_i64().ok()).unwrap_or(0);
    Some(Found { stream: s, width: dim(b"Width").max(0) as usize, height: dim(b"Height").max(0) as usize })
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

/// Filters a chain may hold at most (lopdf's own bound is about as many).
const MAX_FILTERS: usize = 8;

/// The stream's filters in decoding order, each with its /DecodeParms.
fn filters<'d>(doc: &'d Document, s: &'d Stream) -> Vec<(&'d [u8], Option<&'d Dictionary>)> {
    let names: Vec<&[u8]> = match s.dict.get(b"Filter").map(|o| deref(doc, o)) {
        Ok(Object::Name(n)) => vec![n.as_slice()],
        Ok(Object::Array(a)) => a.iter().filter_map(|o| deref(doc, o).as_name().ok()).collect(),
        _ => Vec::new(),
    };
    let parms = s.dict.get(b"DecodeParms").or_else(|_| s.dict.get(b"DP")).map(|o| deref(doc, o));
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            let p = match parms {
                Ok(Object::Array(a)) => a.get(i).and_then(|o| deref(doc, o).as_dict().ok()),
                Ok(Object::Dictionary(d)) => Some(d),
                _ => None,
            };
            (n, p)
        })
        .collect()
}

/// Filters that end a chain with an image codec rather than bytes.
fn is_image_codec(name: &[u8]) -> bool {
    matches!(name, b"DCTDecode" | b"DCT" | b"JBIG2Decode" | b"CCITTFaxDecode" | b"CCF" | b"JPXDecode")
}

/// The stream's bytes through `filters` (general ones: Flate, LZW,
/// ASCII85 …), at most `limit` bytes.
fn through(s: &Stream, filters: &[(&[u8], Option<&Dictionary>)], limit: usize) -> Result<Vec<u8>, ScanError> {
    if filters.is_empty() {
        return Ok(s.content.clone());
    }
    let mut dict = Dictionary::new();
    let names = filters.iter().map(|(n, _)| Object::Name(n.to_vec())).collect();
    dict.set("Filter", Object::Array(names));
    let parms = filters.iter().map(|(_, p)| p.map_or(Object::Null, |d| Object::Dictionary(d.clone()))).collect();
    dict.set("DecodeParms", Object::Array(parms));
    Stream::new(dict, s.content.clone())
        .decompressed_content_with_limit(limit)
        .map_err(|e| ScanError::BadImage(format!("image data: {e}")))
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
    let dict = &found.stream.dict;
    let chain = filters(doc, found.stream);
    if chain.len() > MAX_FILTERS {
        return Err(ScanError::BadImage(format!("{} filters on one image", chain.len())));
    }
    // Every codec's input is smaller than its output: the raw samples bound both.
    let limit = w * h * 4 + 1024;
    let (codec, general) = match chain.split_last() {
        Some((&(name, parms), rest)) if is_image_codec(name) => (Some((name, parms)), rest),
        _ => (None, &chain[..]),
    };
    if let Some(&(name, _)) = general.iter().find(|(n, _)| is_image_codec(n)) {
        return Err(ScanError::UnsupportedImage(format!(
            "{} before the end of a filter chain",
            String::from_utf8_lossy(name)
        )));
    }
    if let Some((name, _)) = codec
        && !matches!(name, b"DCTDecode" | b"DCT" | b"JBIG2Decode" | b"CCITTFaxDecode" | b"CCF")
    {
        return Err(ScanError::UnsupportedImage(String::from_utf8_lossy(name).into_owned()));
    }
    let data = through(found.stream, general, limit)?;
    let invert = raw::inverted(dict);
    match codec {
        None => raw::decode(doc, dict, &data, w, h),
        Some((b"DCTDecode" | b"DCT", _)) => codec::jpeg(&data, w, h),
        Some((b"JBIG2Decode", parms)) => {
            let globals = parms
                .and_then(|p| p.get(b"JBIG2Globals").ok())
                .and_then(|o| deref(doc, o).as_stream().ok())
                .map(|g| g.decompressed_content_with_limit(limit))
                .transpose()
                .map_err(|e| ScanError::BadImage(format!("JBIG2 globals: {e}")))?;
            codec::jbig2(&data, globals.as_deref(), w, h, invert)
        }
        Some((b"CCITTFaxDecode" | b"CCF", parms)) => codec::ccitt(&data, parms, w, h, invert),
        Some((name, _)) => Err(ScanError::UnsupportedImage(String::from_utf8_lossy(name).into_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn image(filter: &str, data: Vec<u8>) -> (Document, Stream) {
        let mut dict = Dictionary::new();
        dict.set("Width", 4);
        dict.set("Height", 2);
        dict.set("BitsPerComponent", 8);
        dict.set("ColorSpace", Object::Name(b"DeviceGray".to_vec()));
        let names = filter.split(' ').map(|n| Object::Name(n.as_bytes().to_vec())).collect();
        dict.set("Filter", Object::Array(names));
        (Document::new(), Stream::new(dict, data))
    }

    #[test]
    fn a_filter_chain_is_undone_in_order() {
        let px = [0u8, 50, 100, 150, 200, 250, 255, 10];
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&px).expect("in memory");
        let hex: String = z.finish().expect("in memory").iter().map(|b| format!("{b:02x}")).collect();
        let (doc, s) = image("ASCIIHexDecode FlateDecode", format!("{hex}>").into_bytes());
        let g = decode(&doc, &Found { stream: &s, width: 4, height: 2 }).expect("decodes");
        assert_eq!(g.px, px);
    }

    #[test]
    fn an_image_codec_is_named_when_unsupported() {
        let (doc, s) = image("FlateDecode JPXDecode", vec![0; 8]);
        let err = decode(&doc, &Found { stream: &s, width: 4, height: 2 }).expect_err("JPX");
        assert!(matches!(&err, ScanError::UnsupportedImage(f) if f == "JPXDecode"), "{err}");
        let (doc, s) = image("DCTDecode FlateDecode", vec![0; 8]);
        let err = decode(&doc, &Found { stream: &s, width: 4, height: 2 }).expect_err("DCT first");
        assert!(matches!(err, ScanError::UnsupportedImage(_)), "{err}");
    }
}
