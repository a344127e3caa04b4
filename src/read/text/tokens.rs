//! Flattened text → a stream of cells ("tokens"), whatever the flattening
//! (FORMAT.md §6.2):
//!
//! 1. one cell per line with a tab prefix; a lone tab is an empty cell;
//!    continuation lines of a multi-line cell have no tab (000/002);
//! 2. tab-separated rows, merged cells expanded into empty cells (001);
//! 3. one cell per line without placeholders (003);
//! 4. `cell |` lines, `||||` runs for merged cells (004).
//!
//! Column positions are not trusted: the table builders align on labels and
//! on the runs of value cells instead.

use unicode_normalization::UnicodeNormalization;

/// What a cell holds, as far as rebuilding tables cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Empty,
    /// A number (possibly signed, with a unit), a dash, `/` or `无`.
    Value,
    Text,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub text: String,
    /// First and last line (0-based) the cell was read from.
    pub line: usize,
    pub end_line: usize,
    pub kind: Kind,
    /// Was this a tab-prefixed one-cell line (variant 1)?
    tab_cell: bool,
}

impl Token {
    fn new(text: &str, line: usize, tab_cell: bool) -> Token {
        let text = text.trim_matches(|c: char| c.is_whitespace()).to_string();
        Token { kind: kind(&text), text, line, end_line: line, tab_cell }
    }

    /// The text NFKC-normalised, without white space (for matching labels).
    pub fn norm(&self) -> String {
        norm(&self.text)
    }
}

/// NFKC without white space; long texts are cut (they are never labels).
pub fn norm(s: &str) -> String {
    s.chars().take(400).nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Classifies a cell's text.
pub fn kind(text: &str) -> Kind {
    let t: String = norm(text);
    if t.is_empty() {
        return Kind::Empty;
    }
    if text.chars().count() > 40 {
        return Kind::Text;
    }
    if t == "无" || t.chars().all(|c| matches!(c, '-' | '—' | '–' | '/' | '\\')) {
        return Kind::Value;
    }
    let body = t.trim_start_matches(['+', '-']);
    let body = ["万元", "元", "件", "个", "项", "%"].iter().find_map(|u| body.strip_suffix(u)).unwrap_or(body);
    let mut digits = 0;
    for c in body.chars() {
        match c {
            '0'..='9' => digits += 1,
            ',' | '.' => {}
            _ => return Kind::Text,
        }
    }
    if digits > 0 && body.starts_with(|c: char| c.is_ascii_digit()) { Kind::Value } else { Kind::Text }
}

/// A heading line of the report body (`三、收到和处理…`), never a cell's
/// continuation.
fn heading_like(line: &str) -> bool {
    let t = line.trim_start_matches(|c: char| c.is_whitespace());
    let mut chars = t.chars();
    let first = chars.next();
    first.is_some_and(|c| "一二三四五六七八九十".contains(c)) && chars.next() == Some('、')
}

/// Cells read in all: a report's three tables have a few hundred; the rest
/// of a longer file is read as paragraphs only.
pub const MAX_TOKENS: usize = 200_000;
/// A line with more tab-separated cells than this is not a table row.
const MAX_ROW_CELLS: usize = 200;
/// A line longer than this (bytes) is no table row: a 表三 row with its
/// label and seven values is a few hundred bytes. It is one text cell, cut,
/// so a megabyte-long line costs no per-word work.
pub const MAX_ROW_BYTES: usize = 4096;
/// What is kept of such a line as a cell: enough to see it is text.
const LONG_CELL_BYTES: usize = 400;

/// `s` cut to at most `max` bytes, at a character boundary.
pub fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Splits the lines into cells, each knowing the lines it came from.
pub fn tokenize(lines: &[&str]) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut blank_run = 0usize;
    for (i, raw) in lines.iter().enumerate() {
        if out.len() >= MAX_TOKENS {
            break;
        }
        let line = raw.trim_end_matches(['\r', ' ', '\u{3000}']);
        if line.trim().is_empty() && !line.contains('\t') {
            blank_run += 1;
            continue;
        }
        let blanks = std::mem::take(&mut blank_run);
        if line.len() > MAX_ROW_BYTES {
            out.push(Token::new(cut(line, LONG_CELL_BYTES), i, false));
            continue;
        }
        if let Some(body) = line.strip_prefix('\t')
            && !body.contains('\t')
        {
            out.push(Token::new(body, i, true));
            continue;
        }
        if line.contains('\t') && line.split('\t').nth(MAX_ROW_CELLS).is_none() {
            for cell in line.split('\t') {
                out.push(Token::new(cell, i, false));
            }
            continue;
        }
        if let Some(p) = line.find('|') {
            let cell = &line[..p];
            if !cell.trim().is_empty() {
                out.push(Token::new(cell, i, false));
            }
            continue;
        }
        // A line without a tab after a tab-prefixed label cell continues it
        // (`⇥结果` / blank / `纠正`): values never continue, headings never do.
        if let Some(prev) = out.last_mut()
            && prev.tab_cell
            && prev.kind == Kind::Text
            && blanks <= 1
            && i <= prev.end_line + 2
            && line.chars().count() <= 40
            && !heading_like(line)
        {
            prev.text.push('\n');
            if blanks > 0 {
                prev.text.push('\n');
            }
            prev.text.push_str(line.trim());
            prev.end_line = i;
            continue;
        }
        push_spaced(&mut out, line, i);
    }
    out
}

/// A plain line: one cell, unless it ends in white-space-separated values
/// (`规章 0 0 0`, `一、本年新收政府信息公开申请数量 29 0 0 0 0 0 29`, as text
/// laid out with spaces has it): then the label and each value are cells.
fn push_spaced(out: &mut Vec<Token>, line: &str, i: usize) {
    let words: Vec<&str> = line.split_whitespace().collect();
    let values = words.iter().rev().take_while(|w| kind(w) == Kind::Value).count();
    let label_words = words.len() - values;
    let label_len: usize = words[..label_words].iter().map(|w| w.chars().count()).sum();
    let split = words.len() > 1 && values >= 1 && label_len <= 40 && (label_words > 0 || values >= 2);
    if !split {
        out.push(Token::new(line, i, false));
        return;
    }
    if label_words > 0 {
        out.push(Token::new(&words[..label_words].join(" "), i, false));
    }
    for w in &words[label_words..] {
        out.push(Token::new(w, i, false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<String> {
        let lines: Vec<&str> = src.split('\n').collect();
        tokenize(&lines).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn kinds() {
        assert_eq!(kind(" 0 "), Kind::Value);
        assert_eq!(kind("1,234"), Kind::Value);
        assert_eq!(kind("+1036"), Kind::Value);
        assert_eq!(kind("251000元"), Kind::Value);
        assert_eq!(kind("１８０９．７１"), Kind::Value);
        assert_eq!(kind("—"), Kind::Value);
        assert_eq!(kind("/"), Kind::Value);
        assert_eq!(kind(""), Kind::Empty);
        assert_eq!(kind("一、本年新收"), Kind::Text);
        assert_eq!(kind("1.属于国家秘密"), Kind::Text);
        assert_eq!(kind("2022年"), Kind::Text);
    }

    #[test]
    fn the_four_flattenings() {
        assert_eq!(texts("\t信息内容\n\t本年制发件数\n\n\t规章\n\t0"), ["信息内容", "本年制发件数", "规章", "0"]);
        assert_eq!(texts("\t结果\n\n纠正\n\t其他\n结果"), ["结果\n\n纠正", "其他\n结果"]);
        assert_eq!(texts("规章\t0\t0\t0"), ["规章", "0", "0", "0"]);
        assert_eq!(texts("\t\t自然人\t"), ["", "", "自然人", ""]);
        assert_eq!(texts("第二十条第(一)项 | |||\n信息内容 |\n0 | ||"), ["第二十条第(一)项", "信息内容", "0"]);
        assert_eq!(texts("规章\n0\n  三、收到和处理"), ["规章", "0", "三、收到和处理"]);
        // A lone tab is an empty cell; a heading after a value is not a continuation.
        assert_eq!(texts("\t\n\t0\n\n三、收到和处理"), ["", "0", "三、收到和处理"]);
        // Laid out with spaces.
        assert_eq!(texts("规章 0 0 0\n行政许可  19785"), ["规章", "0", "0", "0", "行政许可", "19785"]);
        assert_eq!(texts("0 0 1"), ["0", "0", "1"]);
        assert_eq!(texts("2022年1月10日\n电话 0591-23165385"), ["2022年1月10日", "电话 0591-23165385"]);
        // A megabyte line is one cut text cell, whatever it holds.
        let long = "0\t".repeat(500_000);
        let t = tokenize(&[long.as_str()]);
        assert_eq!((t.len(), t[0].kind, t[0].text.len()), (1, Kind::Text, 399));
    }
}
