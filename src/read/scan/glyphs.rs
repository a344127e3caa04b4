//! Digits by the document's own consensus. One report prints every number
//! of its tables in one font, and Tesseract reads most of them right: the
//! glyphs it read surely (both passes agreeing) become the document's
//! exemplars of each digit, and every number cell's glyphs are then matched
//! against them. A clean 0 that Tesseract took for a 9 once looks like the
//! hundred 0s it read right; a 4 read twice ("44") is one glyph.

use super::image::Gray;

/// Side of the square a glyph is scaled into (its height fills it; its
/// width keeps the proportion, so a 1 stays narrow).
const SIDE: usize = 16;

/// A glyph's shape: ink coverage of a SIDE×SIDE box.
pub type Shape = [f32; SIDE * SIDE];

/// What a cell's ink splits into, left to right.
#[derive(Debug, Clone, PartialEq)]
pub enum Glyph {
    Digit(Box<Shape>),
    /// A small mark: `.`, `,` or `-`, told by its place on the line.
    Mark(char),
}

/// A connected run of ink: its box and pixels counted.
#[derive(Debug, Clone, Copy)]
struct Blob {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
}

/// Connected ink (8-neighbours) of a black-on-white crop, specks of fewer
/// than `min_px` pixels left out.
fn blobs(img: &Gray, min_px: usize) -> Vec<Blob> {
    let (w, h) = (img.w, img.h);
    let mut seen = vec![false; w * h];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..w * h {
        if seen[start] || img.px[start] >= 128 {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (mut b, mut n) = (Blob { x0: w, y0: h, x1: 0, y1: 0 }, 0usize);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            (b.x0, b.y0, b.x1, b.y1) = (b.x0.min(x), b.y0.min(y), b.x1.max(x), b.y1.max(y));
            n += 1;
            for ny in y.saturating_sub(1)..(y + 2).min(h) {
                for nx in x.saturating_sub(1)..(x + 2).min(w) {
                    let j = ny * w + nx;
                    if !seen[j] && img.px[j] < 128 {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        if n >= min_px {
            out.push(b);
        }
    }
    out
}

/// The shape of the ink inside a box, scaled so its height fills SIDE.
fn shape(img: &Gray, b: Blob) -> Shape {
    let (bw, bh) = ((b.x1 + 1 - b.x0) as f32, (b.y1 + 1 - b.y0) as f32);
    let scale = SIDE as f32 / bh.max(bw);
    let off = (SIDE as f32 - bw * scale) / 2.0;
    let mut s = [0f32; SIDE * SIDE];
    let mut n = [0f32; SIDE * SIDE];
    for y in b.y0..=b.y1 {
        let sy = (((y - b.y0) as f32 + 0.5) * scale) as usize;
        for x in b.x0..=b.x1 {
            let sx = (off + ((x - b.x0) as f32 + 0.5) * scale) as usize;
            let k = sy.min(SIDE - 1) * SIDE + sx.min(SIDE - 1);
            n[k] += 1.0;
            if img.get(x, y) < 128 {
                s[k] += 1.0;
            }
        }
    }
    for (v, c) in s.iter_mut().zip(n) {
        if c > 0.0 {
            *v /= c;
        }
    }
    s
}

/// A number cell's crop as glyphs, left to right; `None` when it does not
/// split cleanly (touching digits, a smudge), so that only Tesseract reads it.
pub fn split(img: &Gray, dpi: f32) -> Option<Vec<Glyph>> {
    let min_px = ((dpi / 100.0) * (dpi / 100.0) * 2.0).max(2.0) as usize;
    let mut bs = blobs(img, min_px);
    if bs.is_empty() || bs.len() > 24 {
        return None;
    }
    bs.sort_by_key(|b| b.x0);
    // Pieces of one glyph (a broken stroke) share their columns.
    let mut merged: Vec<Blob> = Vec::new();
    for b in bs {
        match merged.last_mut() {
            Some(m) if b.x0 + 1 < m.x1 && (m.x1.min(b.x1) + 1 - b.x0) * 2 > (b.x1 + 1 - b.x0).min(m.x1 + 1 - m.x0) => {
                (m.x0, m.y0, m.x1, m.y1) = (m.x0.min(b.x0), m.y0.min(b.y0), m.x1.max(b.x1), m.y1.max(b.y1));
            }
            _ => merged.push(b),
        }
    }
    let height = merged.iter().map(|b| b.y1 + 1 - b.y0).max()?;
    let top = merged.iter().filter(|b| (b.y1 + 1 - b.y0) * 10 >= height * 7).map(|b| b.y0).min()?;
    let bottom = top + height;
    let mut out = Vec::with_capacity(merged.len());
    for b in merged {
        let (bw, bh) = (b.x1 + 1 - b.x0, b.y1 + 1 - b.y0);
        if bh * 10 >= height * 7 {
            // Digits are taller than wide; a wide blob is digits touching.
            if bw * 10 > bh * 9 {
                return None;
            }
            out.push(Glyph::Digit(Box::new(shape(img, b))));
        } else if bh * 10 < height * 5 {
            let mid = (b.y0 + b.y1) / 2;
            let mark = if bw > bh * 2 && mid < bottom - height / 4 {
                '-'
            } else if b.y1 > bottom + height / 10 {
                ','
            } else if mid > bottom - height / 3 {
                '.'
            } else {
                return None;
            };
            out.push(Glyph::Mark(mark));
        } else {
            return None;
        }
    }
    Some(out)
}

fn distance(a: &Shape, b: &Shape) -> f32 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f32>() / (SIDE * SIDE) as f32
}

/// Distances below this are one digit with noise, whatever the spread.
const SAME_DIGIT: f32 = 0.1;

/// Exemplars kept per digit (the first ones met, in page order).
const MAX_EXEMPLARS: usize = 200;

/// The document's exemplars of each digit.
#[derive(Debug, Default)]
pub struct Exemplars {
    by_digit: [Vec<Shape>; 10],
    /// The usual distance between two glyphs of one digit.
    spread: f32,
}

impl Exemplars {
    /// Learns from the glyphs of readings known to be right (`text`: the
    /// digits as read, marks included).
    pub fn learn<'a>(sure: impl Iterator<Item = (&'a [Glyph], &'a str)>) -> Exemplars {
        let mut ex = Exemplars::default();
        for (glyphs, text) in sure {
            let digits: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10)).collect();
            let shapes: Vec<&Shape> = glyphs
                .iter()
                .filter_map(|g| match g {
                    Glyph::Digit(s) => Some(&**s),
                    Glyph::Mark(_) => None,
                })
                .collect();
            if digits.len() != shapes.len() {
                continue;
            }
            for (d, s) in digits.into_iter().zip(shapes) {
                let list = &mut ex.by_digit[d as usize];
                if list.len() < MAX_EXEMPLARS {
                    list.push(*s);
                }
            }
        }
        ex.edit();
        // The spread: median distance of an exemplar to its nearest sibling.
        let mut near: Vec<f32> = Vec::new();
        for list in &ex.by_digit {
            for (i, a) in list.iter().enumerate() {
                let d = list
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .map(|(_, b)| distance(a, b))
                    .fold(f32::MAX, f32::min);
                if d < f32::MAX {
                    near.push(d);
                }
            }
        }
        near.sort_by(f32::total_cmp);
        ex.spread = near.get(near.len() / 2).copied().unwrap_or(0.0);
        ex
    }

    /// Drops the exemplars that look like another digit's (Wilson's
    /// editing): two readers agreeing on a 9 for a 0 happens, but that
    /// glyph's look-alikes are 0s. Only neighbours within SAME_DIGIT vote,
    /// so that a digit seen twice keeps its pair.
    fn edit(&mut self) {
        let all: Vec<(usize, &Shape)> =
            self.by_digit.iter().enumerate().flat_map(|(d, l)| l.iter().map(move |s| (d, s))).collect();
        let keep: Vec<bool> = all
            .iter()
            .enumerate()
            .map(|(i, &(d, s))| {
                let (mut same, mut other) = (0usize, 0usize);
                for (j, &(e, t)) in all.iter().enumerate() {
                    if i != j && distance(s, t) <= SAME_DIGIT {
                        if e == d {
                            same += 1;
                        } else {
                            other += 1;
                        }
                    }
                }
                other <= same
            })
            .collect();
        if std::env::var_os("NIANBAO_OCR_DEBUG").is_some() {
            let counts: Vec<usize> = self.by_digit.iter().map(|l| l.len()).collect();
            eprintln!(
                "exemplars {counts:?}, dropped {:?}",
                all.iter().zip(&keep).filter(|(_, k)| !**k).map(|((d, _), _)| d).collect::<Vec<_>>()
            );
        }
        let mut k = 0;
        for list in &mut self.by_digit {
            list.retain(|_| {
                k += 1;
                keep[k - 1]
            });
        }
    }

    /// Digits with at least one exemplar.
    pub fn known(&self) -> usize {
        self.by_digit.iter().filter(|l| !l.is_empty()).count()
    }

    /// Each digit with exemplars and the shape's distance to its nearest
    /// one, nearest first.
    fn nearest(&self, s: &Shape) -> Vec<(f32, usize)> {
        let mut best: Vec<(f32, usize)> = self
            .by_digit
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.is_empty())
            .map(|(d, l)| (l.iter().map(|e| distance(s, e)).fold(f32::MAX, f32::min), d))
            .collect();
        best.sort_by(|a, b| a.0.total_cmp(&b.0));
        best
    }

    /// The digit a shape is, when it is clearly nearer one digit's
    /// exemplars than any other's and near enough to them.
    fn digit(&self, s: &Shape) -> Option<char> {
        let best = self.nearest(s);
        let (d1, digit) = *best.first()?;
        let d2 = best.get(1).map_or(f32::MAX, |b| b.0);
        // Glyphs of one digit differ by noise (a few hundredths here);
        // two digits by a fifth of their box or more.
        let tol = (self.spread * 6.0).max(SAME_DIGIT);
        (d1 <= tol && d1 * 2.5 <= d2).then(|| char::from_digit(digit as u32, 10)).flatten()
    }

    /// Debugging: per glyph, the two nearest digits and distances.
    pub fn explain(&self, glyphs: &[Glyph]) -> Vec<(usize, f32, usize, f32, f32)> {
        glyphs
            .iter()
            .filter_map(|g| match g {
                Glyph::Digit(s) => Some(s),
                Glyph::Mark(_) => None,
            })
            .map(|s| {
                let best = self.nearest(s);
                let (a, b) = (best.first().copied().unwrap_or_default(), best.get(1).copied().unwrap_or_default());
                (a.1, a.0, b.1, b.0, self.spread)
            })
            .collect()
    }

    /// A cell's glyphs read against the exemplars: the text, or `None` when
    /// some digit matches none clearly.
    pub fn read(&self, glyphs: &[Glyph]) -> Option<String> {
        glyphs
            .iter()
            .map(|g| match g {
                Glyph::Digit(s) => self.digit(s),
                Glyph::Mark(c) => Some(*c),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crop with blocks of ink: (x0, y0, x1, y1), inclusive.
    fn crop(w: usize, h: usize, boxes: &[(usize, usize, usize, usize)]) -> Gray {
        let mut g = Gray::new(w, h, 255);
        for &(x0, y0, x1, y1) in boxes {
            for y in y0..=y1 {
                g.px[y * w + x0..=y * w + x1].fill(0);
            }
        }
        g
    }

    #[test]
    fn splits_digits_and_marks() {
        // A tall bar, a point on the baseline, a ring.
        let g = crop(
            80,
            40,
            &[(5, 5, 8, 30), (14, 27, 17, 30), (24, 5, 38, 8), (24, 27, 38, 30), (24, 5, 27, 30), (35, 5, 38, 30)],
        );
        let glyphs = split(&g, 200.0).expect("splits");
        assert_eq!(glyphs.len(), 3);
        assert_eq!(glyphs[1], Glyph::Mark('.'));
        assert!(matches!(glyphs[0], Glyph::Digit(_)) && matches!(glyphs[2], Glyph::Digit(_)));
    }

    #[test]
    fn reads_by_exemplars() {
        let one = crop(30, 40, &[(10, 5, 13, 30)]);
        let zero = crop(30, 40, &[(5, 5, 19, 8), (5, 27, 19, 30), (5, 5, 8, 30), (16, 5, 19, 30)]);
        let (g1, g0) = (split(&one, 200.0).expect("one"), split(&zero, 200.0).expect("zero"));
        let sure = [(&g1[..], "1"), (&g0[..], "0"), (&g1[..], "1"), (&g0[..], "0")];
        let ex = Exemplars::learn(sure.into_iter());
        assert_eq!(ex.known(), 2);
        let mut both = g1.clone();
        both.extend(g0.clone());
        assert_eq!(ex.read(&both).as_deref(), Some("10"));
    }
}
