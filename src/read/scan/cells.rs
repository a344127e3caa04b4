//! Reading a table's cells: each cell's ink cut out between its ruling
//! lines, all cells of a page stacked into one montage image for one
//! Tesseract call (Chinese, for labels), then the cells that hold numbers
//! stacked again for a digits-only pass.

use super::ScanError;
use super::glyphs::{self, Glyph};
use super::grid::Grid;
use super::image::Gray;
use super::ocr::{self, Pass, Word};
use super::prep::Bin;

/// A cell's reading.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub text: String,
    /// 0–1; 1 for a cell with no ink (blank is certain).
    pub confidence: f32,
    /// Ink that no pass could read as text.
    pub unreadable: bool,
    /// A number cell's glyphs, for the document's consensus (`glyphs`).
    pub glyphs: Option<Vec<Glyph>>,
    /// Both passes read the same number, surely: its glyphs are exemplars.
    pub sure: bool,
}

/// Both passes agreeing at least this surely make a reading an exemplar.
const SURE: f32 = 0.8;

/// A cell's ink: a clean black-on-white crop, or `None` when blank; a dash
/// (a short flat stroke alone) is told apart by its shape.
enum Ink {
    Blank,
    Dash,
    Crop(Gray),
}

/// Cuts out the ink inside a box (pixels), clear of the ruling lines.
fn ink(b: &Bin, bx: [f32; 4], dpi: f32) -> Ink {
    let inset = (dpi * 0.02).ceil() as usize + 2;
    let (x0, y0) = (bx[0].max(0.0) as usize + inset, bx[1].max(0.0) as usize + inset);
    let (x1, y1) = ((bx[2] as usize).min(b.w).saturating_sub(inset), (bx[3] as usize).min(b.h).saturating_sub(inset));
    if x1 <= x0 + 2 || y1 <= y0 + 2 {
        return Ink::Blank;
    }
    let (w, h) = (x1 - x0, y1 - y0);
    let mut px: Vec<u8> =
        (y0..y1).flat_map(|y| (x0..x1).map(move |x| (y, x))).map(|(y, x)| b.px[y * b.w + x]).collect();
    // Remnants of a ruling line along an edge: a row or column mostly ink.
    let edge = inset * 2;
    for y in (0..h).filter(|&y| y < edge || y + edge >= h) {
        if px[y * w..(y + 1) * w].iter().filter(|&&v| v != 0).count() * 2 > w {
            px[y * w..(y + 1) * w].fill(0);
        }
    }
    for x in (0..w).filter(|&x| x < edge || x + edge >= w) {
        if (0..h).filter(|&y| px[y * w + x] != 0).count() * 2 > h {
            (0..h).for_each(|y| px[y * w + x] = 0);
        }
    }
    let (mut lx, mut ly, mut hx, mut hy, mut n) = (w, h, 0, 0, 0usize);
    for y in 0..h {
        for x in 0..w {
            if px[y * w + x] != 0 {
                (lx, ly, hx, hy) = (lx.min(x), ly.min(y), hx.max(x), hy.max(y));
                n += 1;
            }
        }
    }
    // A few specks of noise are no text.
    let speck = ((dpi / 100.0) * (dpi / 100.0) * 6.0) as usize;
    if n <= speck {
        return Ink::Blank;
    }
    let (iw, ih) = (hx + 1 - lx, hy + 1 - ly);
    if (ih as f32) <= dpi * 0.035 && iw >= ih * 3 && (iw as f32) <= dpi * 0.4 {
        return Ink::Dash;
    }
    let pad = (dpi * 0.04) as usize + 2;
    let mut out = Gray::new(iw + 2 * pad, ih + 2 * pad, 255);
    for y in 0..ih {
        for x in 0..iw {
            if px[(ly + y) * w + lx + x] != 0 {
                out.px[(y + pad) * out.w + x + pad] = 0;
            }
        }
    }
    Ink::Crop(out)
}

/// A montage slot: the box (pixels) a crop occupies.
type Slot = [u32; 4];

/// Crops laid out `per_line` to a line, with room between them (numbers
/// read far better as a line of text than one by one); the slots they take.
fn montage(crops: &[&Gray], per_line: usize, dpi: f32) -> (Gray, Vec<Slot>) {
    let gap = (dpi * 0.12) as usize + 4;
    let hgap = (dpi * 0.3) as usize;
    let margin = gap;
    let lines: Vec<&[&Gray]> = crops.chunks(per_line.max(1)).collect();
    let w = lines
        .iter()
        .map(|l| l.iter().map(|c| c.w).sum::<usize>() + hgap * (l.len().saturating_sub(1)))
        .max()
        .unwrap_or(1)
        + 2 * margin;
    let h = lines.iter().map(|l| l.iter().map(|c| c.h).max().unwrap_or(0) + gap).sum::<usize>() + 2 * margin;
    let mut img = Gray::new(w, h, 255);
    let mut slots = Vec::with_capacity(crops.len());
    let mut y = margin;
    for line in lines {
        let lh = line.iter().map(|c| c.h).max().unwrap_or(0);
        let mut x = margin;
        for c in line {
            // Centred on the line, as text sits on one baseline.
            let top = y + (lh - c.h) / 2;
            for r in 0..c.h {
                let row = (top + r) * w + x;
                img.px[row..row + c.w].copy_from_slice(&c.px[r * c.w..(r + 1) * c.w]);
            }
            slots.push([x.saturating_sub(hgap / 2) as u32, y as u32, (x + c.w + hgap / 2) as u32, (y + lh) as u32]);
            x += c.w + hgap;
        }
        y += lh + gap;
    }
    (img, slots)
}

/// The words of each slot, as text (lines joined by `\n`) and the lowest
/// word confidence.
fn by_slot(words: &[Word], slots: &[Slot]) -> Vec<Option<(String, f32)>> {
    let mut out: Vec<Vec<&Word>> = vec![Vec::new(); slots.len()];
    for w in words {
        let (cx, cy) = ((w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2);
        if let Some(k) = slots.iter().position(|s| cx >= s[0] && cx < s[2] && cy >= s[1] && cy < s[3]) {
            out[k].push(w);
        }
    }
    out.into_iter()
        .map(|mut ws| {
            if ws.is_empty() {
                return None;
            }
            ws.sort_by_key(|w| (w.block, w.par, w.line, w.x0));
            let conf = ws.iter().map(|w| w.conf).fold(1.0f32, f32::min);
            let mut lines: Vec<String> = Vec::new();
            let mut start = 0;
            for i in 1..=ws.len() {
                if i == ws.len()
                    || (ws[i].block, ws[i].par, ws[i].line) != (ws[start].block, ws[start].par, ws[start].line)
                {
                    lines.push(ocr::join(&ws[start..i]));
                    start = i;
                }
            }
            Some((lines.join("\n"), conf))
        })
        .collect()
}

/// A reading that may be a number misread by Chinese recognition (which
/// gives 工 for 1, 了 for 7, O for 0): short, with at most one Chinese
/// character. Labels have two or more.
fn digit_like(s: &str) -> bool {
    let s: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    let cjk = s.iter().filter(|c| ('\u{3400}'..='\u{9fff}').contains(*c)).count();
    !s.is_empty() && s.len() <= 8 && cjk <= 1 && !s.iter().all(|c| "—一-－_~".contains(*c))
}

/// The confidence given to a number read through look-alikes only.
const LOOKALIKE_CONFIDENCE: f32 = 0.4;

/// A number the Chinese pass wrote with look-alike characters (工 for 1,
/// 了 for 7, O for 0), where the digits pass saw nothing: every character
/// must be a digit or a known look-alike.
fn confusable_number(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        out.push(match c {
            '0'..='9' | '.' | ',' => c,
            'O' | 'o' | '〇' | '口' | 'D' => '0',
            '工' | 'l' | 'I' | '|' | '丨' | '!' | 'i' => '1',
            '了' => '7',
            'S' | 's' => '5',
            'B' => '8',
            'Z' | 'z' => '2',
            'q' | 'g' => '9',
            _ => return None,
        });
    }
    (!out.is_empty()).then_some(out)
}

/// Numbers to a line in the digits montage.
const DIGITS_PER_LINE: usize = 4;

/// Reads every cell of the grids; `out[t][k]` is cell `k` of grid `t`.
pub fn read(b: &Bin, grids: &[Grid], dpi: f32) -> Result<Vec<Vec<Reading>>, ScanError> {
    let mut out: Vec<Vec<Reading>> =
        grids.iter().map(|g| vec![Reading { confidence: 1.0, ..Reading::default() }; g.cells.len()]).collect();
    let mut crops: Vec<((usize, usize), Gray)> = Vec::new();
    for (t, g) in grids.iter().enumerate() {
        for (k, &cell) in g.cells.iter().enumerate() {
            match ink(b, g.cell_box(cell), dpi) {
                Ink::Blank => {}
                Ink::Dash => out[t][k] = Reading { text: "—".into(), confidence: 0.9, ..Reading::default() },
                Ink::Crop(c) => crops.push(((t, k), c)),
            }
        }
    }
    if crops.is_empty() {
        return Ok(out);
    }
    let d = dpi.round() as u32;
    let refs: Vec<&Gray> = crops.iter().map(|(_, c)| c).collect();
    let (img, slots) = montage(&refs, 1, dpi);
    let first = by_slot(&ocr::words(&img, &Pass { lang: "chi_sim", psm: 6, whitelist: "", dpi: d })?, &slots);
    // Numbers again, digits only: Chinese recognition confuses 0 with O, 1 with l.
    // (A Chinese reading whose ink does not split into digit-shaped glyphs
    // is a label read short, 商业企业 as 企: no number.)
    let cjk = |t: &str| t.chars().any(|c| ('\u{3400}'..='\u{9fff}').contains(&c));
    let numeric: Vec<usize> = (0..crops.len())
        .filter(|&i| {
            first[i]
                .as_ref()
                .is_none_or(|(t, _)| digit_like(t) && !(cjk(t) && glyphs::split(&crops[i].1, dpi).is_none()))
        })
        .collect();
    let mut second: Vec<Option<(String, f32)>> = vec![None; crops.len()];
    if !numeric.is_empty() {
        let refs: Vec<&Gray> = numeric.iter().map(|&i| &crops[i].1).collect();
        let (img, slots) = montage(&refs, DIGITS_PER_LINE, dpi);
        // Chinese recognition with a digits whitelist reads these better
        // than the English model (which takes a lone 0 for 1).
        let words = ocr::words(&img, &Pass { lang: "chi_sim", psm: 6, whitelist: "0123456789.,", dpi: d })?;
        for (j, r) in by_slot(&words, &slots).into_iter().enumerate() {
            second[numeric[j]] = r;
        }
    }
    for (i, ((t, k), crop)) in crops.iter().enumerate() {
        let is_numeric = numeric.contains(&i);
        let mut reading = match (&first[i], &second[i]) {
            (first, Some((text, conf))) if is_numeric => {
                let text = text.replace([' ', '\n'], "");
                // The two passes disagree: the surer one, flagged as unsure.
                match first.as_ref().and_then(|(t, c)| confusable_number(t).map(|n| (n, *c))) {
                    Some((n, c)) if n != text && c > *conf => {
                        Reading { text: n, confidence: c.min(*conf) * 0.5, ..Reading::default() }
                    }
                    Some((n, c)) if n != text => Reading { text, confidence: c.min(*conf) * 0.5, ..Reading::default() },
                    Some((_, c)) => {
                        Reading { sure: c.min(*conf) >= SURE, text, confidence: *conf, ..Reading::default() }
                    }
                    None => Reading { text, confidence: *conf, ..Reading::default() },
                }
            }
            (Some((text, conf)), _) if !is_numeric => match super::vocab::snap(text) {
                Some(label) => Reading { text: label.into(), confidence: *conf * 0.9, ..Reading::default() },
                None => Reading { text: text.clone(), confidence: *conf, ..Reading::default() },
            },
            (Some((text, _)), _) if confusable_number(text).is_some() => Reading {
                text: confusable_number(text).unwrap_or_default(),
                confidence: LOOKALIKE_CONFIDENCE,
                ..Reading::default()
            },
            // Ink no pass could read: blank (so null), never a guess.
            _ => Reading { text: String::new(), confidence: 0.0, unreadable: true, ..Reading::default() },
        };
        if is_numeric {
            reading.glyphs = glyphs::split(crop, dpi);
        }
        out[*t][*k] = reading;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_like_readings() {
        assert!(digit_like("12"));
        assert!(digit_like("O"));
        assert!(digit_like("l 0"));
        assert!(!digit_like("规章"));
        assert!(digit_like("工"));
        assert!(!digit_like("—"));
        assert!(!digit_like("3.危及"));
    }
}
