//! Cleaning a scan before lines and words are looked for: adaptive
//! binarisation (Sauvola: scans have uneven light and yellowed paper) and
//! deskew (the angle whose projection profile is sharpest, within ±5°).

use super::image::Gray;

/// A binary image: 1 ink, 0 paper.
#[derive(Debug, Clone)]
pub struct Bin {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

impl Bin {
    pub fn ink(&self, x: usize, y: usize) -> bool {
        self.px[y * self.w + x] != 0
    }
}

/// Sauvola's sensitivity and the dynamic range of the standard deviation.
const SAUVOLA_K: f64 = 0.3;
const SAUVOLA_R: f64 = 128.0;
/// Never ink above this grey (flat noisy paper stays paper).
const PAPER: u8 = 200;

/// Sauvola thresholding over a window of about 1/8 inch.
pub fn binarise(g: &Gray, dpi: f32) -> Bin {
    let (w, h) = (g.w, g.h);
    let r = ((dpi / 16.0) as usize).clamp(4, 64);
    // Integral images of the grey values and their squares.
    let (iw, ih) = (w + 1, h + 1);
    let mut sum = vec![0u64; iw * ih];
    let mut sq = vec![0u64; iw * ih];
    for y in 0..h {
        let (mut rs, mut rq) = (0u64, 0u64);
        for x in 0..w {
            let v = g.px[y * w + x] as u64;
            rs += v;
            rq += v * v;
            sum[(y + 1) * iw + x + 1] = sum[y * iw + x + 1] + rs;
            sq[(y + 1) * iw + x + 1] = sq[y * iw + x + 1] + rq;
        }
    }
    let mut px = vec![0u8; w * h];
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let v = g.px[y * w + x];
            if v > PAPER {
                continue;
            }
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let n = ((y1 - y0) * (x1 - x0)) as f64;
            let box_sum = |t: &[u64]| (t[y1 * iw + x1] + t[y0 * iw + x0] - t[y0 * iw + x1] - t[y1 * iw + x0]) as f64;
            let m = box_sum(&sum) / n;
            let var = (box_sum(&sq) / n - m * m).max(0.0);
            let t = m * (1.0 + SAUVOLA_K * (var.sqrt() / SAUVOLA_R - 1.0));
            if (v as f64) < t {
                px[y * w + x] = 1;
            }
        }
    }
    Bin { w, h, px }
}

/// The skew angle in degrees (positive: lines fall to the right, i.e. a
/// row of the page runs down-right in the image), from the sharpest
/// projection profile of the ink.
pub fn skew(b: &Bin) -> f32 {
    // Sample every other column: plenty for the profile. (Every row: rows
    // skipped would fill only every other bin at 0° and favour it.)
    let mut pts: Vec<(f32, f32)> = Vec::new();
    for y in 0..b.h {
        for x in (0..b.w).step_by(2) {
            if b.ink(x, y) {
                pts.push((x as f32, y as f32));
            }
        }
    }
    if pts.len() < 100 {
        return 0.0;
    }
    let score = |deg: f32| -> f64 {
        let (s, c) = deg.to_radians().sin_cos();
        let n = b.h + b.w;
        let mut hist = vec![0u32; 2 * n + 2];
        for &(x, y) in &pts {
            let r = y * c - x * s + n as f32;
            if r >= 0.0 && (r as usize) < hist.len() {
                hist[r as usize] += 1;
            }
        }
        hist.iter().map(|&v| (v as f64) * (v as f64)).sum()
    };
    let best = |from: f32, to: f32, by: f32| -> f32 {
        let mut a = from;
        let (mut best_a, mut best_s) = (0.0, f64::MIN);
        while a <= to + 1e-4 {
            let s = score(a);
            if s > best_s {
                (best_a, best_s) = (a, s);
            }
            a += by;
        }
        best_a
    };
    let coarse = best(-5.0, 5.0, 0.25);
    best(coarse - 0.25, coarse + 0.25, 0.025)
}

/// Rotates by `deg` about the centre (bilinear), undoing a skew of `deg`.
pub fn rotate(g: &Gray, deg: f32) -> Gray {
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (g.w as f32 / 2.0, g.h as f32 / 2.0);
    let mut out = Gray::new(g.w, g.h, 255);
    for y in 0..g.h {
        let dy = y as f32 - cy;
        for x in 0..g.w {
            let dx = x as f32 - cx;
            let sx = cx + dx * c - dy * s;
            let sy = cy + dx * s + dy * c;
            if sx < 0.0 || sy < 0.0 {
                continue;
            }
            let (x0, y0) = (sx as usize, sy as usize);
            if x0 + 1 >= g.w || y0 + 1 >= g.h {
                continue;
            }
            let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
            let p = |xx: usize, yy: usize| g.get(xx, yy) as f32;
            let top = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
            let bottom = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
            out.px[y * g.w + x] = (top * (1.0 - fy) + bottom * fy + 0.5) as u8;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of ruled lines drawn at a known slope.
    fn lines_at(deg: f32) -> Gray {
        let mut g = Gray::new(1200, 300, 255);
        let t = deg.to_radians().tan();
        for row in [60.0f32, 120.0, 180.0, 240.0] {
            for x in 20..1180 {
                let y = (row + (x as f32 - 600.0) * t).round() as usize;
                g.px[y * 1200 + x] = 0;
                g.px[(y + 1) * 1200 + x] = 0;
            }
        }
        g
    }

    #[test]
    fn finds_and_undoes_a_skew() {
        let g = lines_at(1.5);
        let b = binarise(&g, 200.0);
        let a = skew(&b);
        assert!((a - 1.5).abs() < 0.1, "{a}");
        let straight = binarise(&rotate(&g, a), 200.0);
        let s = skew(&straight);
        assert!(s.abs() < 0.1, "{s}");
    }
}
