//! Inline text as a browser lays it out: runs of white space (including
//! `&nbsp;`) collapse to one space, a source line break between two Chinese
//! characters disappears (CSS Text 3 segment-break rule; Word wraps its HTML
//! source mid-sentence), and explicit breaks (`<br>`, block boundaries) become
//! `\n`.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Space,
    /// White space containing a source line break.
    Newline,
}

#[derive(Debug)]
pub struct Inline {
    buf: String,
    gap: Gap,
    last: Option<char>,
}

impl Default for Inline {
    fn default() -> Self {
        Inline { buf: String::new(), gap: Gap::None, last: None }
    }
}

/// White space that HTML collapses; `&nbsp;` collapses too (a page's
/// `&nbsp;` runs are layout, not content). U+3000 is kept: it is text.
fn collapsible(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c' | '\u{a0}' | '\u{200b}' | '\u{feff}')
}

/// East Asian wide characters, between which a source line break vanishes.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

impl Inline {
    pub fn push_text(&mut self, s: &str) {
        for ch in s.chars() {
            if collapsible(ch) {
                let g = if matches!(ch, '\n' | '\r') { Gap::Newline } else { Gap::Space };
                self.gap = self.gap.max(g);
                continue;
            }
            if self.gap != Gap::None && self.last.is_some_and(|l| l != '\n') {
                let joined = self.gap == Gap::Newline && self.last.is_some_and(is_wide) && is_wide(ch);
                if !joined {
                    self.buf.push(' ');
                }
            }
            self.gap = Gap::None;
            self.buf.push(ch);
            self.last = Some(ch);
        }
    }

    /// `<br>`: always a new line (two make a blank line).
    pub fn hard_break(&mut self) {
        self.gap = Gap::None;
        self.buf.push('\n');
        self.last = Some('\n');
    }

    /// A block boundary (`<p>`, `<div>` …): a new line unless at a line start.
    pub fn soft_break(&mut self) {
        self.gap = Gap::None;
        if self.last.is_some_and(|l| l != '\n') {
            self.buf.push('\n');
            self.last = Some('\n');
        }
    }

    /// The text with each line trimmed, leading and trailing blank lines
    /// dropped and runs of blank lines kept as one.
    pub fn finish(self) -> String {
        tidy_lines(&self.buf)
    }

    /// The text as one line (paragraph text), breaks kept as `\n`.
    pub fn take(&mut self) -> String {
        let out = tidy_lines(&self.buf);
        *self = Inline::default();
        out
    }
}

fn trim_line(l: &str) -> &str {
    l.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}')
}

pub fn tidy_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = false;
    for line in s.split('\n').map(trim_line) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank {
                out.push('\n');
            }
        }
        blank = false;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(parts: &[&str]) -> String {
        let mut t = Inline::default();
        for p in parts {
            match *p {
                "<br>" => t.hard_break(),
                "<p>" => t.soft_break(),
                s => t.push_text(s),
            }
        }
        t.finish()
    }

    #[test]
    fn collapses_like_a_browser() {
        assert_eq!(run(&["  本年新\r\n  制作数量 "]), "本年新制作数量");
        assert_eq!(run(&["本年新", "<br>", "制作数量"]), "本年新\n制作数量");
        assert_eq!(run(&["服", "务", "\n \u{a0} \u{a0}"]), "服务");
        assert_eq!(run(&["\u{a0}"]), "");
        assert_eq!(run(&["Word  HTML\nexport"]), "Word HTML export");
        assert_eq!(run(&["社会", "<p>", "公益", "<p>", "<p>", "组织"]), "社会\n公益\n组织");
        assert_eq!(run(&["结果", "<br>", "<br>", "纠正"]), "结果\n\n纠正");
    }
}
