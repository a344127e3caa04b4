//! Fonts: character codes to Unicode text and glyph widths. The interpreter
//! asks "what text and width is this string?" and never decodes bytes
//! itself (the pdf.js split). Covered: ToUnicode CMaps (bfchar/bfrange,
//! multi-byte codes), Type0 Identity-H/V, the predefined Chinese CMaps
//! (GBK-EUC/GBKp/GB-EUC as GBK bytes, UniGB-UCS2/UTF16 as UTF-16BE), and
//! simple fonts through their encoding and Differences.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::lexer::{Lexer, Token, hex_bytes};

/// How a font's byte strings split into codes and codes become text.
#[derive(Debug, Clone, PartialEq)]
enum Scheme {
    /// One byte per code.
    Simple,
    /// Two bytes per code (Identity-H/V and other 2-byte CMaps).
    TwoByte,
    /// Codespace ranges from an embedded CMap: (byte length, low, high).
    Ranges(Vec<(usize, u32, u32)>),
    /// GBK bytes: one byte below 0x81, two from there.
    Gbk,
}

#[derive(Debug, Clone)]
pub struct Font {
    scheme: Scheme,
    to_unicode: HashMap<u32, String>,
    /// Simple fonts: the encoding's text of each code.
    encoding: Option<Box<[Option<char>; 256]>>,
    /// UniGB-UCS2/UTF16: codes are UTF-16BE.
    utf16: bool,
    widths: HashMap<u32, f32>,
    default_width: f32,
    pub vertical: bool,
}

/// A decoded code: its text (possibly empty) and width in text-space units
/// per 1 point of font size (glyph width / 1000).
pub struct Glyph {
    pub code: u32,
    pub text: String,
    pub width: f32,
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

fn dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    d.get(key).ok().map(|o| deref(doc, o)).and_then(|o| o.as_dict().ok())
}

fn name<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    d.get(key).ok().map(|o| deref(doc, o)).and_then(|o| o.as_name().ok())
}

/// Bound on the size of an embedded CMap we parse.
const MAX_CMAP_BYTES: usize = 4 << 20;
/// Bound on the codes a single bfrange may expand to.
const MAX_RANGE: u32 = 0x10000;

impl Font {
    pub fn load(doc: &Document, font: &Dictionary) -> Font {
        let subtype = name(doc, font, b"Subtype").unwrap_or(b"");
        let mut f = Font {
            scheme: Scheme::Simple,
            to_unicode: HashMap::new(),
            encoding: None,
            utf16: false,
            widths: HashMap::new(),
            default_width: 1.0,
            vertical: false,
        };
        if subtype == b"Type0" {
            f.scheme = Scheme::TwoByte;
            match font.get(b"Encoding").ok().map(|o| deref(doc, o)) {
                Some(Object::Name(n)) => f.predefined(n),
                Some(Object::Stream(s)) => {
                    if let Ok(data) = s.decompressed_content_with_limit(MAX_CMAP_BYTES) {
                        let cmap = parse_cmap(&data);
                        if !cmap.ranges.is_empty() {
                            f.scheme = Scheme::Ranges(cmap.ranges);
                        }
                    }
                }
                _ => {}
            }
            let descendant = font
                .get(b"DescendantFonts")
                .ok()
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok());
            if let Some(cid) = descendant {
                f.default_width = cid.get(b"DW").ok().and_then(|o| num(deref(doc, o))).unwrap_or(1000.0) / 1000.0;
                if let Some(w) = cid.get(b"W").ok().map(|o| deref(doc, o)).and_then(|o| o.as_array().ok()) {
                    f.cid_widths(doc, w);
                }
            }
        } else {
            f.simple_encoding(doc, font);
            f.default_width = 0.5;
            let first = font.get(b"FirstChar").ok().and_then(|o| num(deref(doc, o))).unwrap_or(0.0) as u32;
            if let Some(w) = font.get(b"Widths").ok().map(|o| deref(doc, o)).and_then(|o| o.as_array().ok()) {
                for (i, o) in w.iter().take(256).enumerate() {
                    if let Some(v) = num(deref(doc, o)) {
                        f.widths.insert(first + i as u32, v / 1000.0);
                    }
                }
            }
        }
        if let Some(Object::Stream(s)) = font.get(b"ToUnicode").ok().map(|o| deref(doc, o))
            && let Ok(data) = s.decompressed_content_with_limit(MAX_CMAP_BYTES)
        {
            let cmap = parse_cmap(&data);
            f.to_unicode = cmap.map;
            if f.scheme == Scheme::Simple && cmap.ranges.iter().any(|r| r.0 > 1) {
                f.scheme = Scheme::Ranges(cmap.ranges);
            }
        }
        f
    }

    fn predefined(&mut self, n: &[u8]) {
        let n = String::from_utf8_lossy(n);
        self.vertical = n.ends_with("-V");
        if n.starts_with("GBK") || n.starts_with("GB-") || n.starts_with("GBpc") || n.starts_with("GBT") {
            self.scheme = Scheme::Gbk;
        } else if n.starts_with("UniGB-UCS2") || n.starts_with("UniGB-UTF16") {
            self.utf16 = true;
        }
    }

    fn cid_widths(&mut self, doc: &Document, w: &[Object]) {
        let mut i = 0;
        while i < w.len() && self.widths.len() < 200_000 {
            let Some(first) = num(deref(doc, &w[i])) else { break };
            match w.get(i + 1).map(|o| deref(doc, o)) {
                Some(Object::Array(list)) => {
                    for (k, o) in list.iter().enumerate() {
                        if let Some(v) = num(deref(doc, o)) {
                            self.widths.insert(first as u32 + k as u32, v / 1000.0);
                        }
                    }
                    i += 2;
                }
                Some(o) => {
                    let (Some(last), Some(v)) = (num(o), w.get(i + 2).and_then(|o| num(deref(doc, o)))) else { break };
                    let (a, b) = (first as u32, (last as u32).min(first as u32 + MAX_RANGE));
                    for c in a..=b {
                        self.widths.insert(c, v / 1000.0);
                    }
                    i += 3;
                }
                None => break,
            }
        }
    }

    fn simple_encoding(&mut self, doc: &Document, font: &Dictionary) {
        let mut table: Box<[Option<char>; 256]> = Box::new([None; 256]);
        let base = match font.get(b"Encoding").ok().map(|o| deref(doc, o)) {
            Some(Object::Name(n)) => n.clone(),
            Some(Object::Dictionary(d)) => name(doc, d, b"BaseEncoding").map(<[u8]>::to_vec).unwrap_or_default(),
            _ => Vec::new(),
        };
        for (code, slot) in table.iter_mut().enumerate() {
            *slot = base_encoding(&base, code as u8);
        }
        if let Some(d) = dict(doc, font, b"Encoding")
            && let Some(diffs) = d.get(b"Differences").ok().map(|o| deref(doc, o)).and_then(|o| o.as_array().ok())
        {
            let mut code = 0usize;
            for o in diffs {
                match deref(doc, o) {
                    Object::Integer(i) => code = (*i).clamp(0, 255) as usize,
                    Object::Name(n) => {
                        if code < 256 {
                            table[code] = glyph_char(n);
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        self.encoding = Some(table);
    }

    /// Splits `bytes` into codes with their text and width.
    pub fn decode(&self, bytes: &[u8], out: &mut Vec<Glyph>) {
        let mut i = 0;
        while i < bytes.len() {
            let (code, len) = self.next_code(&bytes[i..]);
            i += len.max(1);
            out.push(Glyph { code, text: self.text(code, len), width: self.width(code) });
        }
    }

    fn next_code(&self, b: &[u8]) -> (u32, usize) {
        let two = |b: &[u8]| if b.len() >= 2 { ((b[0] as u32) << 8 | b[1] as u32, 2) } else { (b[0] as u32, 1) };
        match &self.scheme {
            Scheme::Simple => (b[0] as u32, 1),
            Scheme::TwoByte => two(b),
            Scheme::Gbk => {
                if b[0] < 0x81 {
                    (b[0] as u32, 1)
                } else {
                    two(b)
                }
            }
            Scheme::Ranges(ranges) => {
                for len in 1..=4usize.min(b.len()) {
                    let code = b[..len].iter().fold(0u32, |acc, &x| acc << 8 | x as u32);
                    if ranges.iter().any(|&(l, lo, hi)| l == len && code >= lo && code <= hi) {
                        return (code, len);
                    }
                }
                (b[0] as u32, 1)
            }
        }
    }

    fn text(&self, code: u32, len: usize) -> String {
        if let Some(t) = self.to_unicode.get(&code) {
            return t.clone();
        }
        if self.utf16 {
            return char::from_u32(code).map(String::from).unwrap_or_default();
        }
        match &self.scheme {
            Scheme::Gbk => {
                let bytes: Vec<u8> = if len == 2 { vec![(code >> 8) as u8, code as u8] } else { vec![code as u8] };
                let (s, _, _) = encoding_rs::GBK.decode(&bytes);
                s.into_owned()
            }
            Scheme::Simple => {
                self.encoding.as_ref().and_then(|t| t[(code & 0xff) as usize]).map(String::from).unwrap_or_default()
            }
            _ => String::new(),
        }
    }

    fn width(&self, code: u32) -> f32 {
        self.widths.get(&code).copied().unwrap_or(self.default_width)
    }
}

/// What a CMap stream says: codespace ranges and code → text.
pub struct CMap {
    pub ranges: Vec<(usize, u32, u32)>,
    pub map: HashMap<u32, String>,
}

fn code_of(hex: &[u8]) -> (u32, usize) {
    let b = hex_bytes(hex);
    let len = b.len().clamp(1, 4);
    (b.iter().take(4).fold(0u32, |acc, &x| acc << 8 | x as u32), len)
}

fn utf16_text(hex: &[u8]) -> String {
    let b = hex_bytes(hex);
    let units: Vec<u16> = b.chunks(2).map(|p| (p[0] as u16) << 8 | p.get(1).copied().unwrap_or(0) as u16).collect();
    String::from_utf16_lossy(&units).replace('\0', "")
}

/// Parses bfchar/bfrange/codespacerange sections of a CMap.
pub fn parse_cmap(data: &[u8]) -> CMap {
    let mut cmap = CMap { ranges: Vec::new(), map: HashMap::new() };
    let toks: Vec<Token> = Lexer::new(data).take(2_000_000).collect();
    let mut i = 0;
    let mut section: &[u8] = b"";
    while i < toks.len() {
        match &toks[i] {
            Token::Operator(op) => {
                section = op;
                i += 1;
            }
            Token::Hex(a) if section == b"begincodespacerange" => {
                if let Some(Token::Hex(b)) = toks.get(i + 1) {
                    let (lo, len) = code_of(a);
                    cmap.ranges.push((len, lo, code_of(b).0));
                }
                i += 2;
            }
            Token::Hex(src) if section == b"beginbfchar" => {
                if let Some(Token::Hex(dst)) = toks.get(i + 1) {
                    cmap.map.insert(code_of(src).0, utf16_text(dst));
                }
                i += 2;
            }
            Token::Hex(lo) if section == b"beginbfrange" => {
                let (Some(Token::Hex(hi)), Some(dst)) = (toks.get(i + 1), toks.get(i + 2)) else {
                    i += 1;
                    continue;
                };
                let (lo, hi) = (code_of(lo).0, code_of(hi).0);
                let hi = hi.min(lo.saturating_add(MAX_RANGE));
                match dst {
                    Token::Hex(d) => {
                        let base: Vec<u16> = {
                            let b = hex_bytes(d);
                            b.chunks(2).map(|p| (p[0] as u16) << 8 | p.get(1).copied().unwrap_or(0) as u16).collect()
                        };
                        for (k, code) in (lo..=hi).enumerate() {
                            let mut units = base.clone();
                            if let Some(last) = units.last_mut() {
                                *last = last.wrapping_add(k as u16);
                            }
                            cmap.map.insert(code, String::from_utf16_lossy(&units));
                        }
                        i += 3;
                    }
                    Token::ArrayStart => {
                        let mut j = i + 3;
                        let mut code = lo;
                        while let Some(Token::Hex(d)) = toks.get(j) {
                            if code <= hi {
                                cmap.map.insert(code, utf16_text(d));
                            }
                            code += 1;
                            j += 1;
                        }
                        i = j + 1;
                    }
                    _ => i += 3,
                }
            }
            _ => i += 1,
        }
    }
    cmap
}

/// WinAnsi/Standard/MacRoman for the printable ASCII range and WinAnsi's
/// Latin-1 part; enough for the digits and punctuation of these reports.
fn base_encoding(_base: &[u8], code: u8) -> Option<char> {
    match code {
        0x20..=0x7e => Some(code as char),
        0xa0..=0xff => char::from_u32(code as u32),
        0x80 => Some('€'),
        0x91 => Some('‘'),
        0x92 => Some('’'),
        0x93 => Some('“'),
        0x94 => Some('”'),
        0x95 => Some('•'),
        0x96 => Some('–'),
        0x97 => Some('—'),
        _ => None,
    }
}

/// A glyph name to its character: `uniXXXX`, `uXXXX`, single letters and
/// the common punctuation and digit names.
fn glyph_char(n: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(n).ok()?;
    if let Some(hex) = s.strip_prefix("uni").or_else(|| s.strip_prefix('u'))
        && let Ok(v) = u32::from_str_radix(hex.get(..4.min(hex.len()))?, 16)
        && hex.len() >= 4
    {
        return char::from_u32(v);
    }
    if s.len() == 1 {
        return s.chars().next();
    }
    const NAMES: &[(&str, char)] = &[
        ("space", ' '),
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
        ("period", '.'),
        ("comma", ','),
        ("hyphen", '-'),
        ("minus", '-'),
        ("plus", '+'),
        ("slash", '/'),
        ("colon", ':'),
        ("semicolon", ';'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("percent", '%'),
        ("emdash", '—'),
        ("endash", '–'),
        ("quotedbl", '"'),
        ("quotesingle", '\''),
        ("underscore", '_'),
    ];
    NAMES.iter().find(|(k, _)| *k == s).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_unicode_cmaps() {
        let data = b"/CIDInit /ProcSet findresource begin 1 begincodespacerange <0000> <FFFF> endcodespacerange
            2 beginbfchar <0003> <0020> <0011> <5E74> endbfchar
            1 beginbfrange <0013> <0015> <0030> endbfrange
            1 beginbfrange <0020> <0021> [<62A5> <544A>] endbfrange";
        let c = parse_cmap(data);
        assert_eq!(c.ranges, vec![(2, 0, 0xffff)]);
        assert_eq!(c.map.get(&0x11).map(String::as_str), Some("年"));
        assert_eq!(c.map.get(&0x15).map(String::as_str), Some("2"));
        assert_eq!(c.map.get(&0x21).map(String::as_str), Some("告"));
    }

    #[test]
    fn gbk_and_ucs2_predefined_cmaps() {
        let mut f = Font {
            scheme: Scheme::Simple,
            to_unicode: HashMap::new(),
            encoding: None,
            utf16: false,
            widths: HashMap::new(),
            default_width: 1.0,
            vertical: false,
        };
        f.predefined(b"GBK-EUC-H");
        let (bytes, _, _) = encoding_rs::GBK.encode("2023年报告");
        let mut out = Vec::new();
        f.decode(&bytes, &mut out);
        assert_eq!(out.iter().map(|g| g.text.as_str()).collect::<String>(), "2023年报告");
        f.scheme = Scheme::TwoByte;
        f.predefined(b"UniGB-UCS2-H");
        out.clear();
        f.decode(&[0x5e, 0x74, 0x62, 0xa5], &mut out);
        assert_eq!(out.iter().map(|g| g.text.as_str()).collect::<String>(), "年报");
    }
}
