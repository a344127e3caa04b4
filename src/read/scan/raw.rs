//! Raw image samples (what Flate, LZW or no filter leave) to grey: 1 to 8
//! bits per component, grey, RGB, CMYK or indexed colour, /Decode
//! inversion and image masks.

use lopdf::{Dictionary, Document, Object};

use super::ScanError;
use super::image::Gray;

fn deref<'d>(doc: &'d Document, o: &'d Object) -> &'d Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

/// Colour to grey; clearly red pixels (seal ink) become paper.
pub fn to_gray(px: &[u8], w: usize, h: usize, comps: usize) -> Gray {
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

/// A /Decode [1 0]: samples inverted (1 is black).
pub fn inverted(dict: &Dictionary) -> bool {
    dict.get(b"Decode")
        .ok()
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first().and_then(|o| o.as_float().ok().or_else(|| o.as_i64().ok().map(|v| v as f32))))
        .is_some_and(|v| v > 0.5)
}

/// Raw samples, `data` already through the stream's filters (Flate, LZW …
/// with predictors).
pub fn decode(doc: &Document, dict: &Dictionary, data: &[u8], w: usize, h: usize) -> Result<Gray, ScanError> {
    let bpc = dict.get(b"BitsPerComponent").ok().and_then(|o| deref(doc, o).as_i64().ok()).unwrap_or(8);
    let mask = dict.get(b"ImageMask").ok().and_then(|o| o.as_bool().ok()).unwrap_or(false);
    let space = if mask { Space::Gray } else { space(doc, dict.get(b"ColorSpace").ok())? };
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
    if data.len() < row_bytes * h {
        return Err(ScanError::BadImage("image data shorter than its size".into()));
    }
    // An image mask paints its 0 samples (black) too, so /Decode alone says
    // which samples are ink.
    let inverted = inverted(dict);
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
