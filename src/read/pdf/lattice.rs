//! Tables from ruling lines, as a pipeline of small steps (after
//! pdfplumber): snap → join → group into tables → grid lines → spans from
//! missing internal borders → glyphs into cells. Unlike pdfplumber, merged
//! cells become real spans instead of holes.

use std::collections::BTreeMap;

use super::interp::{Segment, TextGlyph};
use super::text::lines_text;
use crate::document::{Cell, Table};

/// Tolerances, in points.
pub struct Settings {
    /// Segments this close on their cross axis are the same line.
    pub snap: f32,
    /// Collinear segments with gaps up to this are joined.
    pub join: f32,
    /// How far a segment may fall short of an intersection and still meet it.
    pub reach: f32,
}

/// Snap and join reach 4.5 pt: layout engines that draw every cell as its own
/// box (HTML `border-collapse: separate`, Word double borders) leave gaps of
/// 0.5–4 pt between neighbours, and no table has a row or column that thin.
pub const SETTINGS: Settings = Settings { snap: 4.5, join: 4.5, reach: 2.5 };

/// A table found on a page: its grid and the glyphs it took.
pub struct Found {
    pub table: Table,
    /// Top edge (for ordering blocks on the page).
    pub top: f32,
    pub xs: Vec<f32>,
    pub glyphs_used: Vec<usize>,
}

/// Clusters values within `tol` of their neighbour; returns cluster means.
fn cluster(mut values: Vec<f32>, tol: f32) -> Vec<f32> {
    values.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some((sum, n)) if v - *sum / *n as f32 <= tol => {
                *sum += v;
                *n += 1;
            }
            _ => out.push((v, 1)),
        }
    }
    out.into_iter().map(|(s, n)| s / n as f32).collect()
}

fn nearest(points: &[f32], v: f32) -> f32 {
    points.iter().copied().min_by(|a, b| (a - v).abs().total_cmp(&(b - v).abs())).unwrap_or(v)
}

/// Snaps segments onto shared lines: nearby y (horizontal) or x (vertical).
pub fn snap(segments: &[Segment], s: &Settings) -> (Vec<Segment>, Vec<Segment>) {
    let (mut h, mut v): (Vec<Segment>, Vec<Segment>) = segments.iter().partition(|g| g.horizontal());
    let ys = cluster(h.iter().map(|g| g.y0).collect(), s.snap);
    for g in h.iter_mut() {
        let y = nearest(&ys, g.y0);
        g.y0 = y;
        g.y1 = y;
    }
    let xs = cluster(v.iter().map(|g| g.x0).collect(), s.snap);
    for g in v.iter_mut() {
        let x = nearest(&xs, g.x0);
        g.x0 = x;
        g.x1 = x;
    }
    (join(h, true, s), join(v, false, s))
}

/// Joins collinear segments that overlap or nearly touch.
pub fn join(mut segs: Vec<Segment>, horizontal: bool, s: &Settings) -> Vec<Segment> {
    let key = |g: &Segment| if horizontal { (g.y0, g.x0) } else { (g.x0, g.y0) };
    segs.sort_by(|a, b| key(a).0.total_cmp(&key(b).0).then(key(a).1.total_cmp(&key(b).1)));
    let mut out: Vec<Segment> = Vec::new();
    for g in segs {
        if let Some(last) = out.last_mut() {
            if horizontal && last.y0 == g.y0 && g.x0 <= last.x1 + s.join {
                last.x1 = last.x1.max(g.x1);
                continue;
            }
            if !horizontal && last.x0 == g.x0 && g.y0 <= last.y1 + s.join {
                last.y1 = last.y1.max(g.y1);
                continue;
            }
        }
        out.push(g);
    }
    out
}

fn meets(h: &Segment, v: &Segment, s: &Settings) -> bool {
    v.x0 >= h.x0 - s.reach && v.x0 <= h.x1 + s.reach && h.y0 >= v.y0 - s.reach && h.y0 <= v.y1 + s.reach
}

fn find(parent: &mut [usize], i: usize) -> usize {
    let mut r = i;
    while parent[r] != r {
        r = parent[r];
    }
    let mut j = i;
    while parent[j] != r {
        let next = parent[j];
        parent[j] = r;
        j = next;
    }
    r
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra] = rb;
    }
}

/// Groups segments into connected components (one per table).
pub fn components(h: &[Segment], v: &[Segment], s: &Settings) -> Vec<(Vec<Segment>, Vec<Segment>)> {
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, hs) in h.iter().enumerate() {
        for (j, vs) in v.iter().enumerate() {
            if meets(hs, vs, s) {
                union(&mut parent, i, h.len() + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Segment>, Vec<Segment>)> = Default::default();
    for i in 0..n {
        let r = find(&mut parent, i);
        let e = groups.entry(r).or_default();
        if i < h.len() {
            e.0.push(h[i]);
        } else {
            e.1.push(v[i - h.len()]);
        }
    }
    groups.into_values().filter(|(h, v)| h.len() >= 2 && v.len() >= 2).collect()
}

fn covers_h(h: &[Segment], y: f32, xa: f32, xb: f32, s: &Settings) -> bool {
    let mid = (xa + xb) / 2.0;
    let need = (xb - xa) * 0.3;
    h.iter()
        .any(|g| (g.y0 - y).abs() <= s.snap && g.x0 <= mid + need && g.x1 >= mid - need && g.x0 <= mid && g.x1 >= mid)
}

fn covers_v(v: &[Segment], x: f32, ya: f32, yb: f32, s: &Settings) -> bool {
    let mid = (ya + yb) / 2.0;
    v.iter().any(|g| (g.x0 - x).abs() <= s.snap && g.y0 <= mid && g.y1 >= mid)
}

/// Builds the grid of one component and fills it with the glyphs inside.
pub fn table(h: &[Segment], v: &[Segment], glyphs: &[TextGlyph], page: u32, s: &Settings) -> Option<Found> {
    let mut xs = cluster(v.iter().map(|g| g.x0).collect(), s.snap);
    let mut ys = cluster(h.iter().map(|g| g.y0).collect(), s.snap);
    // A table cut by a page break (or drawn without outer borders) has
    // column lines running past its last row line: close it there. Lines
    // that only overshoot the edge (a box drawn a little wider than the
    // next) close nothing: no row or column is that thin.
    let outer = |lo: f32, hi: f32, lines: &mut Vec<f32>| {
        if let (Some(&first), Some(&last)) = (lines.first(), lines.last()) {
            if lo < first - s.snap {
                lines.insert(0, lo);
            }
            if hi > last + s.snap {
                lines.push(hi);
            }
        }
    };
    outer(v.iter().map(|g| g.y0).fold(f32::MAX, f32::min), v.iter().map(|g| g.y1).fold(f32::MIN, f32::max), &mut ys);
    outer(h.iter().map(|g| g.x0).fold(f32::MAX, f32::min), h.iter().map(|g| g.x1).fold(f32::MIN, f32::max), &mut xs);
    ys.reverse(); // top to bottom
    if xs.len() < 2 || ys.len() < 2 || xs.len() > 200 || ys.len() > 2000 {
        return None;
    }
    trim_empty_rows(&mut ys, &xs, glyphs);
    let (nr, nc) = (ys.len() - 1, xs.len() - 1);
    // Glyphs to grid positions by where their ink is.
    let (left, right, top, bottom) = (xs[0], xs[nc], ys[0], ys[nr]);
    let mut placed: Vec<(usize, usize)> = Vec::new(); // (glyph, grid position)
    let (mut row_text, mut col_text) = (vec![false; nr], vec![false; nc]);
    for (i, g) in glyphs.iter().enumerate() {
        let (cx, cy) = (g.ink_x(), g.cy());
        if cx < left || cx > right || cy > top || cy < bottom {
            continue;
        }
        let c = xs.partition_point(|&x| x < cx).saturating_sub(1).min(nc - 1);
        let r = ys.partition_point(|&y| y > cy).saturating_sub(1).min(nr - 1);
        placed.push((i, r * nc + c));
        if !g.text.trim().is_empty() {
            row_text[r] = true;
            col_text[c] = true;
        }
    }
    // Borders: right of (r, c) and below (r, c).
    let mut right_border = vec![true; nr * nc];
    let mut below_border = vec![true; nr * nc];
    for r in 0..nr {
        for c in 0..nc {
            right_border[r * nc + c] = c + 1 < nc && covers_v(v, xs[c + 1], ys[r + 1], ys[r], s);
            below_border[r * nc + c] = r + 1 < nr && covers_h(h, ys[r + 1], xs[c], xs[c + 1], s);
        }
    }
    close_hollow_lines(&mut below_border, &mut right_border, &row_text, nr, nc, |r, c| r * nc + c);
    close_hollow_lines(&mut right_border, &mut below_border, &col_text, nc, nr, |c, r| r * nc + c);
    // Union grid positions not separated by a border.
    let mut parent: Vec<usize> = (0..nr * nc).collect();
    for r in 0..nr {
        for c in 0..nc {
            if c + 1 < nc && !right_border[r * nc + c] {
                union(&mut parent, r * nc + c, r * nc + c + 1);
            }
            if r + 1 < nr && !below_border[r * nc + c] {
                union(&mut parent, r * nc + c, (r + 1) * nc + c);
            }
        }
    }
    let group: Vec<usize> = (0..nr * nc).map(|p| find(&mut parent, p)).collect();
    let rects = rectangles(&group, nr, nc);
    // Each grid position's rectangle, and the glyphs of each rectangle.
    let mut owner = vec![0usize; nr * nc];
    for (k, &(r0, c0, r1, c1)) in rects.iter().enumerate() {
        for r in r0..=r1 {
            owner[r * nc + c0..=r * nc + c1].fill(k);
        }
    }
    let mut texts: Vec<Vec<&TextGlyph>> = vec![Vec::new(); rects.len()];
    let mut used = Vec::with_capacity(placed.len());
    for (i, pos) in placed {
        texts[owner[pos]].push(&glyphs[i]);
        used.push(i);
    }
    let cells: Vec<Cell> = rects
        .iter()
        .zip(&texts)
        .map(|(&(r0, c0, r1, c1), gl)| Cell {
            row: r0,
            col: c0,
            row_span: r1 - r0 + 1,
            col_span: c1 - c0 + 1,
            text: lines_text(gl),
            page: Some(page),
            bbox: Some([xs[c0], ys[r1 + 1], xs[c1 + 1], ys[r0]]),
            ocr: None,
        })
        .collect();
    let mut table = Table::from_cells(cells);
    table.pages = vec![page];
    Some(Found { table, top, xs, glyphs_used: used })
}

/// The cells of a grid whose positions are grouped (`group[r * nc + c]`):
/// one rectangle (r0, c0, r1, c1) per group, in row-major order of their
/// first position. A group that is not a rectangle (an L of missing
/// borders where a renderer left a merged cell's rest undrawn) would
/// overlap its neighbours; it is cut into the rectangles of its column
/// runs instead, so no other cell, and no text, is lost under it.
fn rectangles(group: &[usize], nr: usize, nc: usize) -> Vec<(usize, usize, usize, usize)> {
    let mut bounds: BTreeMap<usize, (usize, usize, usize, usize, usize)> = BTreeMap::new();
    for r in 0..nr {
        for c in 0..nc {
            let e = bounds.entry(group[r * nc + c]).or_insert((r, c, r, c, 0));
            (e.0, e.1, e.2, e.3, e.4) = (e.0.min(r), e.1.min(c), e.2.max(r), e.3.max(c), e.4 + 1);
        }
    }
    let mut out = Vec::new();
    let mut seen = vec![false; nr * nc];
    for r in 0..nr {
        for c in 0..nc {
            let g = group[r * nc + c];
            if seen[r * nc + c] {
                continue;
            }
            let Some(&(r0, c0, r1, c1, n)) = bounds.get(&g) else { continue };
            let rect = if n == (r1 - r0 + 1) * (c1 - c0 + 1) {
                (r0, c0, r1, c1)
            } else {
                // The run of this column down from here, as wide as the
                // columns to its right share exactly that run.
                let mut r_end = r;
                while r_end + 1 < nr && group[(r_end + 1) * nc + c] == g {
                    r_end += 1;
                }
                let run = |k: usize| {
                    (r..=r_end).all(|q| group[q * nc + k] == g && !seen[q * nc + k])
                        && (r == 0 || group[(r - 1) * nc + k] != g)
                        && (r_end + 1 == nr || group[(r_end + 1) * nc + k] != g)
                };
                let mut c_end = c;
                while c_end + 1 < nc && run(c_end + 1) {
                    c_end += 1;
                }
                (r, c, r_end, c_end)
            };
            for q in rect.0..=rect.2 {
                seen[q * nc + rect.1..=q * nc + rect.3].fill(true);
            }
            out.push(rect);
        }
    }
    out
}

/// Leaves out rows without any text at the top and bottom of a table: the
/// slivers a page break leaves when a merged cell's border runs past the
/// last row, or starts above the first (renderers cut rowspans so).
fn trim_empty_rows(ys: &mut Vec<f32>, xs: &[f32], glyphs: &[TextGlyph]) {
    let (Some(&left), Some(&right)) = (xs.first(), xs.last()) else { return };
    let n = ys.len() - 1;
    let mut text = vec![false; n];
    for g in glyphs {
        let (cx, cy) = (g.ink_x(), g.cy());
        if cx < left || cx > right || cy > ys[0] || cy < ys[n] || g.text.trim().is_empty() {
            continue;
        }
        text[ys.partition_point(|&y| y > cy).saturating_sub(1).min(n - 1)] = true;
    }
    let (Some(first), Some(last)) = (text.iter().position(|&t| t), text.iter().rposition(|&t| t)) else { return };
    ys.truncate(last + 2);
    ys.drain(..first);
}

/// A line of the grid with no text on one side that some cell already
/// crosses is not a real border: the box of a merged cell drawn shorter
/// (or narrower) than its rows, as renderers draw a rowspan cut by a page
/// break, leaves such a line, and a hollow row or column behind it. The
/// hollow line joins the neighbour a cell continues from, taking that
/// neighbour's borders. `cross[at(k, j)]` is the border after line `k` at
/// position `j`; `along[at(k, j)]` the border inside line `k` after `j`.
fn close_hollow_lines(
    cross: &mut [bool],
    along: &mut [bool],
    text: &[bool],
    lines: usize,
    across: usize,
    at: impl Fn(usize, usize) -> usize,
) {
    for k in 0..lines {
        if text[k] {
            continue;
        }
        // Of the two lines around it, the spurious one is drawn across
        // fewer positions (only under the short box): join across that one.
        let open_before = if k > 0 { (0..across).filter(|&j| !cross[at(k - 1, j)]).count() } else { 0 };
        let open_after = if k + 1 < lines { (0..across).filter(|&j| !cross[at(k, j)]).count() } else { 0 };
        let (gap, from) = if open_before == 0 && open_after == 0 {
            continue;
        } else if open_before >= open_after {
            (k - 1, k - 1)
        } else {
            (k, k + 1)
        };
        for j in 0..across {
            cross[at(gap, j)] = false;
            along[at(k, j)] = along[at(from, j)];
        }
    }
}

/// All ruled tables of a page. A single box or a one-column stack of boxes
/// (a page frame, a box around a paragraph) is not a table; one row of
/// several cells is (the part of a table left at the foot of a page).
pub fn tables(segments: &[Segment], glyphs: &[TextGlyph], page: u32) -> Vec<Found> {
    let s = &SETTINGS;
    // Lines are snapped within each group of touching segments, not across
    // the page: two tables may have column lines a point or two apart.
    let touching = Settings { reach: s.snap, ..SETTINGS };
    let (h0, v0): (Vec<Segment>, Vec<Segment>) = segments.iter().partition(|g| g.horizontal());
    let mut out: Vec<Found> = components(&h0, &v0, &touching)
        .into_iter()
        .flat_map(|(h, v)| {
            let (h, v) = snap(&[h, v].concat(), s);
            components(&h, &v, s)
        })
        .filter_map(|(h, v)| table(&h, &v, glyphs, page, s))
        .filter(|f| f.table.n_cols >= 2 && f.table.cells.len() >= 2 && !f.glyphs_used.is_empty())
        .collect();
    out.sort_by(|a, b| b.top.total_cmp(&a.top));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hseg(y: f32, x0: f32, x1: f32) -> Segment {
        Segment { x0, y0: y, x1, y1: y }
    }
    fn vseg(x: f32, y0: f32, y1: f32) -> Segment {
        Segment { x0: x, y0, x1: x, y1 }
    }
    fn glyph(t: &str, x: f32, y: f32) -> TextGlyph {
        TextGlyph { text: t.into(), x0: x, y0: y, x1: x + 8.0, y1: y + 8.0, size: 8.0 }
    }

    #[test]
    fn snap_and_join_close_segments() {
        let (h, _) = snap(&[hseg(100.0, 0.0, 50.0), hseg(100.8, 51.0, 100.0)], &SETTINGS);
        assert_eq!(h.len(), 1);
        assert_eq!((h[0].x0, h[0].x1), (0.0, 100.0));
    }

    #[test]
    fn a_missing_border_makes_a_span() {
        // 2 × 3 grid; the top row has no border between columns 1 and 2.
        let segs = vec![
            hseg(100.0, 0.0, 90.0),
            hseg(80.0, 0.0, 90.0),
            hseg(60.0, 0.0, 90.0),
            vseg(0.0, 60.0, 100.0),
            vseg(30.0, 60.0, 100.0),
            vseg(60.0, 60.0, 80.0),
            vseg(90.0, 60.0, 100.0),
        ];
        let glyphs = vec![glyph("宽", 50.0, 85.0), glyph("1", 5.0, 65.0), glyph("2", 65.0, 65.0)];
        let found = tables(&segs, &glyphs, 1);
        assert_eq!(found.len(), 1);
        let t = &found[0].table;
        assert_eq!((t.n_rows, t.n_cols), (2, 3));
        let wide = t.at(0, 2).expect("cell");
        assert_eq!((wide.col, wide.col_span, wide.text.as_str()), (1, 2, "宽"));
        assert_eq!(t.at(1, 2).map(|c| c.text.as_str()), Some("2"));
    }

    #[test]
    fn a_frame_is_not_a_table() {
        let segs =
            vec![hseg(700.0, 50.0, 550.0), hseg(50.0, 50.0, 550.0), vseg(50.0, 50.0, 700.0), vseg(550.0, 50.0, 700.0)];
        assert!(tables(&segs, &[glyph("正文", 100.0, 400.0)], 1).is_empty());
    }

    /// A row of boxed cells (two outlines each, 1.5 pt apart, as WeasyPrint
    /// draws `border-collapse: separate`) from x0 to each right edge.
    fn boxed_row(y0: f32, y1: f32, edges: &[f32]) -> Vec<Segment> {
        let mut segs = Vec::new();
        let mut left = edges[0];
        for &right in &edges[1..] {
            for d in [0.0, 0.8] {
                let (a, b, lo, hi) = (left + d, right - d, y0 + d, y1 - d);
                segs.extend([hseg(lo, a, b), hseg(hi, a, b), vseg(a, lo, hi), vseg(b, lo, hi)]);
            }
            left = right + 1.5;
        }
        segs
    }

    #[test]
    fn two_tables_with_column_lines_a_point_apart_keep_their_own_columns() {
        // One row of 表三 left at the top of a page, 表四 below it: their
        // box edges interleave within a few points, and its four rows give
        // its lines the weight (as in a real WeasyPrint print).
        let mut segs = boxed_row(690.0, 735.0, &[86.7, 330.3, 353.6, 380.4]);
        for k in 0..4 {
            let y = 500.0 - 45.0 * k as f32;
            segs.extend(boxed_row(y, y + 40.0, &[60.0, 200.0, 349.5, 420.0]));
        }
        let glyphs = vec![
            glyph("结转", 100.0, 705.0),
            glyph("7", 334.7, 705.0),
            glyph("8", 358.0, 705.0),
            glyph("复议", 70.0, 515.0),
            glyph("3", 300.0, 515.0),
            glyph("4", 360.0, 515.0),
        ];
        let found = tables(&segs, &glyphs, 1);
        assert_eq!(found.len(), 2);
        let texts =
            |t: &Table| (0..t.n_cols).map(|c| t.at(0, c).map_or(String::new(), |x| x.text.clone())).collect::<Vec<_>>();
        assert_eq!(texts(&found[0].table), ["结转", "7", "8"]);
        assert_eq!(texts(&found[1].table), ["复议", "3", "4"]);
    }
}
