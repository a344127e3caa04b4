//! A content-stream tokenizer that borrows from the inflated bytes. lopdf's
//! `Content::decode` allocates an object per operand (about 5 ms a report);
//! here operands are small values and strings are slices.

/// One operand or operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    Number(f32),
    Name(&'a [u8]),
    /// A literal `( … )` string, still escaped.
    Literal(&'a [u8]),
    /// A hex `< … >` string, still hex.
    Hex(&'a [u8]),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
    Bool(bool),
    Null,
    Operator(&'a [u8]),
}

pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_white(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    /// Skips inline image data after `ID`, up to and including `EI`.
    pub fn skip_inline_image(&mut self) {
        // The data starts after one whitespace byte and ends at `EI` preceded
        // by whitespace and followed by whitespace or the end.
        self.pos = (self.pos + 1).min(self.data.len());
        while self.pos + 1 < self.data.len() {
            let at_ei = self.data[self.pos] == b'E'
                && self.data[self.pos + 1] == b'I'
                && self.pos > 0
                && is_white(self.data[self.pos - 1])
                && self.data.get(self.pos + 2).is_none_or(|&b| is_white(b));
            if at_ei {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
        self.pos = self.data.len();
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_white();
            let b = self.peek()?;
            match b {
                b'/' => {
                    self.pos += 1;
                    return Some(Token::Name(self.word()));
                }
                b'(' => {
                    self.pos += 1;
                    let start = self.pos;
                    let mut depth = 1usize;
                    while let Some(c) = self.peek() {
                        self.pos += 1;
                        match c {
                            b'\\' => self.pos = (self.pos + 1).min(self.data.len()),
                            b'(' => depth += 1,
                            b')' => {
                                depth -= 1;
                                if depth == 0 {
                                    return Some(Token::Literal(&self.data[start..self.pos - 1]));
                                }
                            }
                            _ => {}
                        }
                    }
                    return Some(Token::Literal(&self.data[start..]));
                }
                b'<' => {
                    if self.data.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        return Some(Token::DictStart);
                    }
                    self.pos += 1;
                    let start = self.pos;
                    while let Some(c) = self.peek() {
                        self.pos += 1;
                        if c == b'>' {
                            return Some(Token::Hex(&self.data[start..self.pos - 1]));
                        }
                    }
                    return Some(Token::Hex(&self.data[start..]));
                }
                b'>' => {
                    self.pos += 1;
                    if self.peek() == Some(b'>') {
                        self.pos += 1;
                        return Some(Token::DictEnd);
                    }
                    continue;
                }
                b'[' => {
                    self.pos += 1;
                    return Some(Token::ArrayStart);
                }
                b']' => {
                    self.pos += 1;
                    return Some(Token::ArrayEnd);
                }
                b'{' | b'}' | b')' => {
                    self.pos += 1;
                    continue;
                }
                _ => {
                    let w = self.word();
                    if w.is_empty() {
                        self.pos += 1;
                        continue;
                    }
                    if let Some(n) = number(w) {
                        return Some(Token::Number(n));
                    }
                    return Some(match w {
                        b"true" => Token::Bool(true),
                        b"false" => Token::Bool(false),
                        b"null" => Token::Null,
                        _ => Token::Operator(w),
                    });
                }
            }
        }
    }
}

fn number(w: &[u8]) -> Option<f32> {
    let first = *w.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    let s = std::str::from_utf8(w).ok()?;
    s.parse::<f32>().ok().filter(|v| v.is_finite()).or_else(|| {
        // Malformed numbers such as `--5` or `1.2.3`: take what parses.
        let cleaned: String =
            s.trim_start_matches(['-', '+']).chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        cleaned.parse::<f32>().ok().map(|v| if s.starts_with('-') { -v } else { v })
    })
}

/// Unescapes a literal string's bytes.
pub fn literal_bytes(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        i += 1;
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let Some(&e) = raw.get(i) else { break };
        i += 1;
        match e {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'\r' => {
                if raw.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => {}
            b'0'..=b'7' => {
                let mut v = (e - b'0') as u32;
                for _ in 0..2 {
                    match raw.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + (d - b'0') as u32;
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xff) as u8);
            }
            other => out.push(other),
        }
    }
    out
}

/// Decodes a hex string's bytes (odd final digit padded with 0).
pub fn hex_bytes(raw: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = raw
        .iter()
        .filter_map(|&b| match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        })
        .collect();
    digits.chunks(2).map(|p| (p[0] << 4) | p.get(1).copied().unwrap_or(0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_of_a_text_object() {
        let toks: Vec<Token> = Lexer::new(b"BT /F1 12 Tf 1 0 0 1 72.5 -3 Tm [(A\\)b) -250 <0041>] TJ ET").collect();
        assert_eq!(toks[0], Token::Operator(b"BT"));
        assert_eq!(toks[1], Token::Name(b"F1"));
        assert_eq!(toks[2], Token::Number(12.0));
        assert_eq!(toks[9], Token::Number(-3.0));
        assert_eq!(toks[12], Token::Literal(b"A\\)b"));
        assert_eq!(toks[14], Token::Hex(b"0041"));
        assert_eq!(literal_bytes(b"A\\)b\\101"), b"A)bA");
        assert_eq!(hex_bytes(b"4 1 4"), vec![0x41, 0x40]);
    }

    #[test]
    fn inline_images_are_skipped() {
        let mut lx = Lexer::new(b"BI /W 2 /H 2 ID \x00EI\xffEIx EI Q");
        let mut ops = Vec::new();
        while let Some(t) = lx.next() {
            if t == Token::Operator(b"ID") {
                lx.skip_inline_image();
            } else if let Token::Operator(o) = t {
                ops.push(o);
            }
        }
        assert_eq!(ops, vec![&b"BI"[..], b"Q"]);
    }
}
