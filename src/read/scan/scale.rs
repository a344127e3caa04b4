//! The print size of a picture. A table pasted as a picture is shown at
//! whatever size its paster dragged it to, so its pixels per shown inch say
//! little about its print; the height of its text lines says it all: the
//! national tables are set in 五号 (10.5 pt) or near it.

use super::grid::Grid;
use super::prep::Bin;

/// The ink height of a line of 10.5 pt Chinese print, in inches.
const LINE_INK_IN: f32 = 10.5 * 0.88 / 72.0;
/// Text lines measured at the least before the measure is trusted.
const MIN_LINES: usize = 5;

/// The resolution (pixels per inch of print) at which the text in the
/// cells of `grids` would be 10.5 pt; `None` with too few lines of text.
/// Only lines at least three times as wide as high count: labels of a few
/// characters, whose height is the ideographs' (a lone digit is shorter).
pub fn text_dpi(b: &Bin, grids: &[Grid]) -> Option<f32> {
    let mut heights = Vec::new();
    for g in grids {
        for &cell in &g.cells {
            let [x0, y0, x1, y1] = g.cell_box(cell);
            let inset = 2.0 + 0.04 * (x1 - x0).min(y1 - y0);
            let (x0, y0) = ((x0 + inset).max(0.0) as usize, (y0 + inset).max(0.0) as usize);
            let (x1, y1) = (((x1 - inset).max(0.0) as usize).min(b.w), ((y1 - inset).max(0.0) as usize).min(b.h));
            if x1 <= x0 + 4 || y1 <= y0 + 4 {
                continue;
            }
            lines(b, [x0, y0, x1, y1], &mut heights);
        }
    }
    if heights.len() < MIN_LINES {
        return None;
    }
    heights.sort_unstable();
    Some(heights[heights.len() / 2] as f32 / LINE_INK_IN)
}

/// The heights of the text lines inside a box (pixels): runs of rows with
/// ink, columns that are ink nearly all the way down (a rule's remnant)
/// left out.
fn lines(b: &Bin, [x0, y0, x1, y1]: [usize; 4], out: &mut Vec<usize>) {
    let rows = y1 - y0;
    let rule: Vec<bool> = (x0..x1).map(|x| (y0..y1).filter(|&y| b.ink(x, y)).count() * 5 > rows * 4).collect();
    // Per row: the ink's left and right ends.
    let span = |y: usize| {
        let ink = |&x: &usize| !rule[x - x0] && b.ink(x, y);
        Some(((x0..x1).find(ink)?, (x0..x1).rev().find(ink)?))
    };
    let mut y = y0;
    while y < y1 {
        let Some((mut l, mut r)) = span(y) else {
            y += 1;
            continue;
        };
        let start = y;
        while let Some((a, b)) = span(y) {
            (l, r) = (l.min(a), r.max(b));
            y += 1;
            if y == y1 {
                break;
            }
        }
        let h = y - start;
        // A line touching the box's edge may be cut: not measured.
        if h >= 4 && start > y0 && y < y1 && r + 1 - l >= 3 * h {
            out.push(h);
        }
    }
}
