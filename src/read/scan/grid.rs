//! Ruling lines of a binary scan and the table grids they draw, the way
//! the vector lattice finder works on PDF paths: long runs of ink are line
//! segments; segments that cross form a table; the row and column lines
//! give the grid, and a missing stretch of line between two grid cells
//! merges them (a row or column span).

use super::prep::Bin;

/// An axis-parallel line in pixels: `pos` is y for a horizontal line (x for
/// a vertical one), `from..=to` its extent along the line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub pos: f32,
    pub from: usize,
    pub to: usize,
    /// Rows (or columns) of pixels the line covers.
    pub thick: usize,
}

/// Tolerances, in inches (scaled by the scan's resolution).
struct Tol {
    /// Shortest horizontal run that is a line, not a stroke of a character.
    min_h: usize,
    /// Shortest vertical run that is a line.
    min_v: usize,
    /// Gaps bridged inside a run (noise, a faint stretch).
    gap: usize,
    /// Lines thicker than this are blots or bold bars, not rulings.
    max_thick: usize,
    /// Positions this close are one grid line.
    snap: f32,
}

impl Tol {
    fn new(dpi: f32) -> Tol {
        let px = |inch: f32| (inch * dpi).round().max(1.0) as usize;
        Tol { min_h: px(0.3), min_v: px(0.2), gap: px(0.012).max(2), max_thick: px(0.05), snap: 0.05 * dpi }
    }
}

/// Runs of ink along one axis, grouped into lines.
fn lines(b: &Bin, horizontal: bool, min_len: usize, gap: usize, max_thick: usize) -> Vec<Line> {
    let (outer, inner) = if horizontal { (b.h, b.w) } else { (b.w, b.h) };
    let ink = |o: usize, i: usize| if horizontal { b.ink(i, o) } else { b.ink(o, i) };
    // Open lines: (sum of positions, count, first, last, from, to).
    struct Open {
        sum: f64,
        n: usize,
        first: usize,
        last: usize,
        from: usize,
        to: usize,
    }
    let mut open: Vec<Open> = Vec::new();
    let mut done: Vec<Open> = Vec::new();
    for o in 0..outer {
        let mut i = 0;
        let mut runs: Vec<(usize, usize)> = Vec::new();
        while i < inner {
            if !ink(o, i) {
                i += 1;
                continue;
            }
            let start = i;
            let mut end = i;
            let mut j = i + 1;
            while j < inner && j <= end + gap + 1 {
                if ink(o, j) {
                    end = j;
                }
                j += 1;
            }
            if end + 1 - start >= min_len {
                runs.push((start, end));
            }
            i = end + 1;
        }
        // Lines not continued by this row are closed.
        let (keep, closed): (Vec<Open>, Vec<Open>) = open.into_iter().partition(|l| l.last + 2 >= o);
        open = keep;
        done.extend(closed);
        for (a, z) in runs {
            match open.iter_mut().find(|l| a <= l.to && z >= l.from) {
                Some(l) => {
                    l.sum += o as f64;
                    l.n += 1;
                    l.last = o;
                    l.from = l.from.min(a);
                    l.to = l.to.max(z);
                }
                None => open.push(Open { sum: o as f64, n: 1, first: o, last: o, from: a, to: z }),
            }
        }
    }
    done.extend(open);
    let mut out: Vec<Line> = done
        .into_iter()
        .filter(|l| l.last + 1 - l.first <= max_thick)
        .map(|l| Line { pos: (l.sum / l.n as f64) as f32, from: l.from, to: l.to, thick: l.last + 1 - l.first })
        .collect();
    out.sort_by(|a, b| a.pos.total_cmp(&b.pos).then(a.from.cmp(&b.from)));
    // Collinear pieces (a line broken by a faint stretch) are one line.
    let mut merged: Vec<Line> = Vec::new();
    for l in out {
        let near =
            |m: &Line| (m.pos - l.pos).abs() <= 3.0 && l.from <= m.to + 4 * gap + 4 && m.from <= l.to + 4 * gap + 4;
        match merged.iter_mut().rev().take(16).find(|m| near(m)) {
            Some(m) => {
                m.to = m.to.max(l.to);
                m.from = m.from.min(l.from);
            }
            None => merged.push(l),
        }
    }
    merged
}

/// A table's grid in pixels: row lines `ys`, column lines `xs`, and its
/// merged cells as (row, col, row_span, col_span).
#[derive(Debug, Clone)]
pub struct Grid {
    pub ys: Vec<f32>,
    pub xs: Vec<f32>,
    pub cells: Vec<(usize, usize, usize, usize)>,
}

impl Grid {
    /// The cell's box in pixels: x0, y0, x1, y1 (y down).
    pub fn cell_box(&self, cell: (usize, usize, usize, usize)) -> [f32; 4] {
        let (r, c, rs, cs) = cell;
        [self.xs[c], self.ys[r], self.xs[c + cs], self.ys[r + rs]]
    }

    pub fn bounds(&self) -> [f32; 4] {
        let (x0, x1) = (self.xs.first().copied().unwrap_or(0.0), self.xs.last().copied().unwrap_or(0.0));
        let (y0, y1) = (self.ys.first().copied().unwrap_or(0.0), self.ys.last().copied().unwrap_or(0.0));
        [x0, y0, x1, y1]
    }
}

/// Sorted positions, near ones snapped together (their mean).
fn snap(mut v: Vec<f32>, tol: f32) -> Vec<f32> {
    v.sort_by(|a, b| a.total_cmp(b));
    let mut out: Vec<(f32, usize)> = Vec::new();
    for p in v {
        match out.last_mut() {
            Some((m, n)) if p - *m / *n as f32 <= tol => {
                *m += p;
                *n += 1;
            }
            _ => out.push((p, 1)),
        }
    }
    out.into_iter().map(|(m, n)| m / n as f32).collect()
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// Does some line at `pos` cover most of `a..b`?
fn covered(lines: &[&Line], pos: f32, a: f32, b: f32, snap: f32) -> bool {
    let len = (b - a).max(1.0);
    let mut cover = 0.0;
    for l in lines.iter().filter(|l| (l.pos - pos).abs() <= snap) {
        let (s, e) = ((l.from as f32).max(a), (l.to as f32).min(b));
        if e > s {
            cover += e - s;
        }
    }
    cover >= 0.6 * len
}

/// The tables ruled on a scan, top to bottom.
pub fn tables(b: &Bin, dpi: f32) -> Vec<Grid> {
    let t = Tol::new(dpi);
    let hs = lines(b, true, t.min_h, t.gap, t.max_thick);
    let vs = lines(b, false, t.min_v, t.gap, t.max_thick);
    let tol = t.snap + 2.0;
    let cross = |h: &Line, v: &Line| {
        v.pos + tol >= h.from as f32
            && v.pos <= h.to as f32 + tol
            && h.pos + tol >= v.from as f32
            && h.pos <= v.to as f32 + tol
    };
    // A ruling crosses at least two others; strokes of large characters
    // (the title's 二 and 十) rarely do.
    let (mut hs, mut vs) = (hs, vs);
    loop {
        let h2: Vec<Line> = hs.iter().copied().filter(|h| vs.iter().filter(|v| cross(h, v)).count() >= 2).collect();
        let v2: Vec<Line> = vs.iter().copied().filter(|v| h2.iter().filter(|h| cross(h, v)).count() >= 2).collect();
        let stable = h2.len() == hs.len() && v2.len() == vs.len();
        (hs, vs) = (h2, v2);
        if stable {
            break;
        }
    }
    // Lines that cross (or touch) belong to one table.
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if cross(h, v) {
                union(&mut parent, i, hs.len() + j);
            }
        }
    }
    let mut groups: Vec<(usize, Vec<&Line>, Vec<&Line>)> = Vec::new();
    for k in 0..n {
        let root = find(&mut parent, k);
        let g = match groups.iter_mut().position(|g| g.0 == root) {
            Some(p) => &mut groups[p],
            None => {
                groups.push((root, Vec::new(), Vec::new()));
                groups.last_mut().expect("just pushed")
            }
        };
        if k < hs.len() {
            g.1.push(&hs[k]);
        } else {
            g.2.push(&vs[k - hs.len()]);
        }
    }
    let mut out: Vec<Grid> = groups.into_iter().filter_map(|(_, h, v)| grid(&h, &v, &t)).collect();
    // Too small to be a table: a boxed word, a stamp's frame.
    out.retain(|g| {
        let [x0, y0, x1, y1] = g.bounds();
        x1 - x0 >= 1.5 * dpi && y1 - y0 >= 0.2 * dpi && g.cells.len() >= 2
    });
    out.sort_by(|a, b| a.bounds()[1].total_cmp(&b.bounds()[1]));
    out
}

/// One table's grid from its lines, or `None` when they draw no cells.
fn grid(h: &[&Line], v: &[&Line], t: &Tol) -> Option<Grid> {
    if h.len() < 2 || v.len() < 2 {
        return None;
    }
    let ys = snap(h.iter().map(|l| l.pos).collect(), t.snap);
    let xs = snap(v.iter().map(|l| l.pos).collect(), t.snap);
    if ys.len() < 2 || xs.len() < 2 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    if rows * cols > 20_000 {
        return None;
    }
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    for r in 0..rows {
        for c in 0..cols {
            // No line between this cell and the one to its right (below): one cell.
            if c + 1 < cols && !covered(v, xs[c + 1], ys[r], ys[r + 1], t.snap) {
                union(&mut parent, r * cols + c, r * cols + c + 1);
            }
            if r + 1 < rows && !covered(h, ys[r + 1], xs[c], xs[c + 1], t.snap) {
                union(&mut parent, r * cols + c, (r + 1) * cols + c);
            }
        }
    }
    // Each group of merged grid cells is one cell: its bounding rows and columns.
    let mut spans: Vec<(usize, usize, usize, usize, usize)> = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            let root = find(&mut parent, r * cols + c);
            match spans.iter_mut().find(|s| s.0 == root) {
                Some(s) => {
                    s.1 = s.1.min(r);
                    s.2 = s.2.min(c);
                    s.3 = s.3.max(r);
                    s.4 = s.4.max(c);
                }
                None => spans.push((root, r, c, r, c)),
            }
        }
    }
    let cells = spans.into_iter().map(|(_, r0, c0, r1, c1)| (r0, c0, r1 + 1 - r0, c1 + 1 - c0)).collect();
    Some(Grid { ys, xs, cells })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(w: usize, h: usize, hs: &[(usize, usize, usize)], vs: &[(usize, usize, usize)]) -> Bin {
        let mut px = vec![0u8; w * h];
        for &(y, x0, x1) in hs {
            for x in x0..=x1 {
                px[y * w + x] = 1;
                px[(y + 1) * w + x] = 1;
            }
        }
        for &(x, y0, y1) in vs {
            for y in y0..=y1 {
                px[y * w + x] = 1;
                px[y * w + x + 1] = 1;
            }
        }
        Bin { w, h, px }
    }

    #[test]
    fn a_grid_with_a_merged_header() {
        // 3 rows × 3 columns; the top row's first two cells are one.
        let b = draw(
            400,
            300,
            &[(20, 20, 320), (80, 20, 320), (140, 20, 320), (200, 20, 320)],
            &[(20, 20, 201), (120, 80, 201), (220, 20, 201), (320, 20, 201)],
        );
        let grids = tables(&b, 200.0);
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!((g.ys.len(), g.xs.len()), (4, 4));
        assert!(g.cells.contains(&(0, 0, 1, 2)));
        assert_eq!(g.cells.len(), 8);
    }
}
