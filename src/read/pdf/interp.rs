//! The content-stream interpreter: text state and CTM, Form XObjects, paths.
//! It emits what the table finders need and nothing else: each glyph with
//! its text and box, and each horizontal or vertical ruling segment (thin
//! filled rectangles count: Word and WPS draw cell borders that way).

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::{Font, Glyph};
use super::lexer::{Lexer, Token, hex_bytes, literal_bytes};

pub type Matrix = [f32; 6];
pub const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

pub fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

pub fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

/// A glyph on the page: text and box in page space (points, origin
/// bottom-left).
#[derive(Debug, Clone, PartialEq)]
pub struct TextGlyph {
    pub text: Rc<str>,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub size: f32,
}

impl TextGlyph {
    pub fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    /// Where the glyph's ink is along x: its centre, but for full-width
    /// punctuation drawn in one half of its em box (`、` `，` `。` left,
    /// `（` `《` right). A label's trailing `、` hung past the cell's edge
    /// stays in the label cell, whose box holds its ink.
    pub fn ink_x(&self) -> f32 {
        const LEFT: &str = "、，。．：；！？）》」』】〕〉";
        const RIGHT: &str = "（《「『【〔〈";
        let mut chars = self.text.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else { return self.cx() };
        let w = self.x1 - self.x0;
        if LEFT.contains(c) {
            self.x0 + 0.1 * w
        } else if RIGHT.contains(c) {
            self.x1 - 0.1 * w
        } else {
            self.cx()
        }
    }
}

/// An axis-parallel ruling segment: horizontal when `y0 == y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Segment {
    pub fn horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() < (self.x1 - self.x0).abs()
    }
}

#[derive(Debug, Default)]
pub struct PageContent {
    pub glyphs: Vec<TextGlyph>,
    pub segments: Vec<Segment>,
    /// Image XObjects drawn, in drawing order (a table pasted as a picture).
    pub images: Vec<PlacedImage>,
}

/// An image XObject drawn on the page: its object and its box on the page.
#[derive(Debug, Clone, Copy)]
pub struct PlacedImage {
    pub id: ObjectId,
    pub rect: [f32; 4],
}

/// Limits that keep a hostile page from costing unbounded time or memory.
const MAX_TOKENS: usize = 20_000_000;
const MAX_GLYPHS: usize = 2_000_000;
const MAX_SEGMENTS: usize = 500_000;
const MAX_IMAGES: usize = 10_000;
const MAX_FORM_DEPTH: usize = 12;
pub const MAX_STREAM_BYTES: usize = 64 << 20;
/// Rectangles thinner than this are lines.
const THIN: f32 = 3.0;
/// Segments shorter than this are not rulings (glyph strokes, dots).
const MIN_SEGMENT: f32 = 2.0;

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_space: f32,
    word_space: f32,
    scale: f32,
    leading: f32,
    rise: f32,
    stroke_white: bool,
    fill_white: bool,
    /// Text render mode 3: invisible (an OCR layer over a scan).
    invisible: bool,
}

pub struct Interpreter<'d> {
    doc: &'d Document,
    fonts: HashMap<ObjectId, Rc<Font>>,
    pub out: PageContent,
    tokens: usize,
}

fn num(t: &Token) -> f32 {
    match t {
        Token::Number(n) => *n,
        _ => 0.0,
    }
}

fn is_white_color(ops: &[Token]) -> bool {
    let nums: Vec<f32> = ops.iter().filter_map(|t| if let Token::Number(n) = t { Some(*n) } else { None }).collect();
    match nums.len() {
        1 | 3 => nums.iter().all(|&v| v >= 0.99),
        4 => nums.iter().all(|&v| v <= 0.01),
        _ => false,
    }
}

impl<'d> Interpreter<'d> {
    pub fn new(doc: &'d Document) -> Self {
        Interpreter { doc, fonts: HashMap::new(), out: PageContent::default(), tokens: 0 }
    }

    fn deref<'a>(&'a self, o: &'a Object) -> &'a Object {
        self.doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
    }

    fn font(&mut self, resources: &Dictionary, name: &[u8]) -> Option<Rc<Font>> {
        let fonts = resources.get(b"Font").ok().map(|o| self.deref(o)).and_then(|o| o.as_dict().ok())?;
        let entry = fonts.get(name).ok()?;
        let id = match entry {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        if let Some(f) = id.and_then(|id| self.fonts.get(&id)) {
            return Some(f.clone());
        }
        let dict = self.deref(entry).as_dict().ok()?;
        let font = Rc::new(Font::load(self.doc, dict));
        if let Some(id) = id {
            self.fonts.insert(id, font.clone());
        }
        Some(font)
    }

    /// Runs one content stream with its resources under `ctm`.
    pub fn run(&mut self, content: &[u8], resources: &Dictionary, ctm: Matrix, depth: usize, seen: &mut Vec<ObjectId>) {
        let mut gs = GState {
            ctm,
            font: None,
            size: 12.0,
            char_space: 0.0,
            word_space: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            stroke_white: false,
            fill_white: false,
            invisible: false,
        };
        let mut stack: Vec<GState> = Vec::new();
        let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
        let mut path: Vec<Vec<(f32, f32)>> = Vec::new();
        // Paths with curves are glyph outlines or drawings, never rulings
        // (LibreOffice strokes bold titles as outlines).
        let mut curved = false;
        let mut ops: Vec<Token> = Vec::new();
        let mut lexer = Lexer::new(content);
        let mut glyphs: Vec<Glyph> = Vec::new();
        while let Some(tok) = lexer.next() {
            self.tokens += 1;
            if self.tokens > MAX_TOKENS {
                return;
            }
            let Token::Operator(op) = tok else {
                if ops.len() < 10_000 {
                    ops.push(tok);
                }
                continue;
            };
            let n = |i: usize| ops.len().checked_sub(i + 1).and_then(|k| ops.get(k)).map_or(0.0, num);
            // n(0) is the last operand, n(1) the one before, …
            match op {
                b"q" if stack.len() < 256 => {
                    stack.push(gs.clone());
                }
                b"Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                b"cm" => {
                    let m = [n(5), n(4), n(3), n(2), n(1), n(0)];
                    gs.ctm = mul(&m, &gs.ctm);
                }
                b"BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"Tf" => {
                    gs.size = n(0);
                    if let Some(Token::Name(name)) = ops.len().checked_sub(2).and_then(|k| ops.get(k)) {
                        gs.font = self.font(resources, name);
                    }
                }
                b"Tc" => gs.char_space = n(0),
                b"Tw" => gs.word_space = n(0),
                b"Tz" => gs.scale = n(0) / 100.0,
                b"TL" => gs.leading = n(0),
                b"Ts" => gs.rise = n(0),
                b"Td" | b"TD" => {
                    if op == b"TD" {
                        gs.leading = -n(0);
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(1), n(0)], &tlm);
                    tm = tlm;
                }
                b"Tm" => {
                    tlm = [n(5), n(4), n(3), n(2), n(1), n(0)];
                    tm = tlm;
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                b"Tr" => gs.invisible = n(0) == 3.0,
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    if op == b"\"" {
                        gs.word_space = n(2);
                        gs.char_space = n(1);
                    }
                    if op == b"'" || op == b"\"" {
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                        tm = tlm;
                    }
                    for t in &ops {
                        match t {
                            Token::Literal(raw) => self.show(&literal_bytes(raw), &gs, &mut tm, &mut glyphs),
                            Token::Hex(raw) => self.show(&hex_bytes(raw), &gs, &mut tm, &mut glyphs),
                            Token::Number(adj) if op == b"TJ" => {
                                let vertical = gs.font.as_ref().is_some_and(|f| f.vertical);
                                let d = -adj / 1000.0 * gs.size;
                                let shift = if vertical {
                                    [1.0, 0.0, 0.0, 1.0, 0.0, -d]
                                } else {
                                    [1.0, 0.0, 0.0, 1.0, d * gs.scale, 0.0]
                                };
                                tm = mul(&shift, &tm);
                            }
                            _ => {}
                        }
                    }
                }
                b"m" => path.push(vec![apply(&gs.ctm, n(1), n(0))]),
                b"l" => {
                    let p = apply(&gs.ctm, n(1), n(0));
                    match path.last_mut() {
                        Some(sp) => sp.push(p),
                        None => path.push(vec![p]),
                    }
                }
                b"c" | b"v" | b"y" => {
                    curved = true;
                    path.push(vec![apply(&gs.ctm, n(1), n(0))]);
                }
                b"h" => {
                    if let Some(sp) = path.last_mut()
                        && let Some(&first) = sp.first()
                    {
                        sp.push(first);
                    }
                }
                b"re" => {
                    let (x, y, w, h) = (n(3), n(2), n(1), n(0));
                    let pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
                    path.push(pts.iter().map(|&(a, b)| apply(&gs.ctm, a, b)).collect());
                }
                b"S" | b"s" => {
                    if !gs.stroke_white && !curved {
                        self.stroke(&path);
                    }
                    path.clear();
                    curved = false;
                }
                b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => {
                    if !gs.fill_white && !curved {
                        self.fill(&path);
                    }
                    if matches!(op, b"B" | b"B*" | b"b" | b"b*") && !gs.stroke_white && !curved {
                        self.stroke(&path);
                    }
                    path.clear();
                    curved = false;
                }
                b"n" => {
                    path.clear();
                    curved = false;
                }
                b"G" | b"RG" | b"K" | b"SC" | b"SCN" => gs.stroke_white = is_white_color(&ops),
                b"g" | b"rg" | b"k" | b"sc" | b"scn" => gs.fill_white = is_white_color(&ops),
                b"ID" => lexer.skip_inline_image(),
                b"Do" => {
                    if let Some(Token::Name(name)) = ops.last() {
                        self.form(resources, name, &gs.ctm, depth, seen);
                    }
                }
                _ => {}
            }
            ops.clear();
        }
    }

    fn show(&mut self, bytes: &[u8], gs: &GState, tm: &mut Matrix, glyphs: &mut Vec<Glyph>) {
        let Some(font) = gs.font.clone() else { return };
        glyphs.clear();
        font.decode(bytes, glyphs);
        for g in glyphs.iter() {
            let trm = mul(&[gs.size * gs.scale, 0.0, 0.0, gs.size, 0.0, gs.rise], &mul(tm, &gs.ctm));
            let space = if g.code == 32 && bytes.len() == glyphs.len() { gs.word_space } else { 0.0 };
            if font.vertical {
                let (x, y) = apply(&trm, 0.0, 0.0);
                let half = (trm[0].abs() + trm[2].abs()).max(trm[1].abs() + trm[3].abs()) / 2.0;
                if !gs.invisible {
                    self.emit(g.text.clone(), x - half, y - 2.0 * half, x + half, y, 2.0 * half);
                }
                let ty = -(gs.size + gs.char_space + space);
                *tm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, ty], tm);
            } else {
                let (ax, ay) = apply(&trm, 0.0, -0.12);
                let (bx, by) = apply(&trm, g.width.max(0.05), 0.88);
                let size = (trm[2].powi(2) + trm[3].powi(2)).sqrt();
                if !gs.invisible {
                    self.emit(g.text.clone(), ax.min(bx), ay.min(by), ax.max(bx), ay.max(by), size);
                }
                let tx = (g.width * gs.size + gs.char_space + space) * gs.scale;
                *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
            }
        }
    }

    fn emit(&mut self, text: Rc<str>, x0: f32, y0: f32, x1: f32, y1: f32, size: f32) {
        if text.is_empty() || self.out.glyphs.len() >= MAX_GLYPHS || !(x0.is_finite() && y0.is_finite()) {
            return;
        }
        // Fake bold: the same glyph drawn again at a tiny offset.
        let recent = self.out.glyphs.iter().rev().take(6);
        for g in recent {
            if g.text == text && (g.x0 - x0).abs() < 1.0 && (g.y0 - y0).abs() < 1.0 {
                return;
            }
        }
        self.out.glyphs.push(TextGlyph { text, x0, y0, x1, y1, size });
    }

    fn push_segment(&mut self, a: (f32, f32), b: (f32, f32)) {
        if self.out.segments.len() >= MAX_SEGMENTS
            || !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite())
        {
            return;
        }
        let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
        if dy < 0.5 && dx >= MIN_SEGMENT {
            let y = (a.1 + b.1) / 2.0;
            self.out.segments.push(Segment { x0: a.0.min(b.0), y0: y, x1: a.0.max(b.0), y1: y });
        } else if dx < 0.5 && dy >= MIN_SEGMENT {
            let x = (a.0 + b.0) / 2.0;
            self.out.segments.push(Segment { x0: x, y0: a.1.min(b.1), x1: x, y1: a.1.max(b.1) });
        }
    }

    fn stroke(&mut self, path: &[Vec<(f32, f32)>]) {
        for sp in path {
            for w in sp.windows(2) {
                self.push_segment(w[0], w[1]);
            }
        }
    }

    fn fill(&mut self, path: &[Vec<(f32, f32)>]) {
        for sp in path {
            let xs = sp.iter().map(|p| p.0);
            let ys = sp.iter().map(|p| p.1);
            let (x0, x1) = (xs.clone().fold(f32::MAX, f32::min), xs.fold(f32::MIN, f32::max));
            let (y0, y1) = (ys.clone().fold(f32::MAX, f32::min), ys.fold(f32::MIN, f32::max));
            let (w, h) = (x1 - x0, y1 - y0);
            if h <= THIN && w > h {
                self.push_segment((x0, (y0 + y1) / 2.0), (x1, (y0 + y1) / 2.0));
            } else if w <= THIN && h > w {
                self.push_segment(((x0 + x1) / 2.0, y0), ((x0 + x1) / 2.0, y1));
            } else if sp.len() >= 4 {
                // A filled box (cell shading, a frame): its edges are rulings.
                self.stroke(std::slice::from_ref(sp));
            }
        }
    }

    fn form(&mut self, resources: &Dictionary, name: &[u8], ctm: &Matrix, depth: usize, seen: &mut Vec<ObjectId>) {
        if depth >= MAX_FORM_DEPTH {
            return;
        }
        let Some(xobjects) = resources.get(b"XObject").ok().map(|o| self.deref(o)).and_then(|o| o.as_dict().ok())
        else {
            return;
        };
        let Ok(entry) = xobjects.get(name) else { return };
        let id = match entry {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        if let Some(id) = id
            && seen.contains(&id)
        {
            return;
        }
        let Ok(stream) = self.deref(entry).as_stream() else { return };
        match stream.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) {
            Some(b"Form") => {}
            Some(b"Image") => {
                // The unit square through the CTM is where the image lies.
                if let Some(id) = id
                    && self.out.images.len() < MAX_IMAGES
                {
                    let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)].map(|(x, y)| apply(ctm, x, y));
                    let xs = corners.map(|c| c.0);
                    let ys = corners.map(|c| c.1);
                    let min = |v: [f32; 4]| v.into_iter().fold(f32::MAX, f32::min);
                    let max = |v: [f32; 4]| v.into_iter().fold(f32::MIN, f32::max);
                    let rect = [min(xs), min(ys), max(xs), max(ys)];
                    if rect.iter().all(|v| v.is_finite()) {
                        self.out.images.push(PlacedImage { id, rect });
                    }
                }
                return;
            }
            _ => return,
        }
        let matrix: Matrix =
            match stream.dict.get(b"Matrix").ok().map(|o| self.deref(o)).and_then(|o| o.as_array().ok()) {
                Some(a) if a.len() == 6 => {
                    let v: Vec<f32> = a
                        .iter()
                        .map(|o| match self.deref(o) {
                            Object::Integer(i) => *i as f32,
                            Object::Real(r) => *r,
                            _ => 0.0,
                        })
                        .collect();
                    [v[0], v[1], v[2], v[3], v[4], v[5]]
                }
                _ => IDENTITY,
            };
        let Ok(content) = stream
            .decompressed_content_with_limit(MAX_STREAM_BYTES)
            .or_else(|_| if stream.dict.get(b"Filter").is_err() { Ok(stream.content.clone()) } else { Err(()) })
        else {
            return;
        };
        let own = stream.dict.get(b"Resources").ok().map(|o| self.deref(o)).and_then(|o| o.as_dict().ok()).cloned();
        let res = own.unwrap_or_else(|| resources.clone());
        if let Some(id) = id {
            seen.push(id);
        }
        self.run(&content, &res, mul(&matrix, ctm), depth + 1, seen);
        if id.is_some() {
            seen.pop();
        }
    }
}
