//! Glyphs to text: lines by baseline, words by gaps, paragraphs by margins.
//! Page numbers (`— 5 —`, `第5页`, `5/12`) at the top or bottom of a page are
//! left out.

use super::interp::TextGlyph;

/// A run of glyphs between wide gaps (a table cell's text, in a line of a
/// borderless table).
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
}

/// A line of text on a page.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub words: Vec<Word>,
    pub x1: f32,
    pub top: f32,
    pub bottom: f32,
    pub size: f32,
}

/// Gaps wider than this (in font sizes) separate words.
const WORD_GAP: f32 = 1.0;

/// Groups glyphs into lines, top to bottom, each left to right.
pub fn lines(glyphs: &[&TextGlyph]) -> Vec<Line> {
    let mut sorted: Vec<&TextGlyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| b.cy().total_cmp(&a.cy()).then(a.x0.total_cmp(&b.x0)));
    let mut groups: Vec<Vec<&TextGlyph>> = Vec::new();
    for g in sorted {
        let joins = groups.last().is_some_and(|line| {
            let (cy, size) = (line[0].cy(), line[0].size.max(g.size).max(1.0));
            (g.cy() - cy).abs() < size * 0.45
        });
        if joins {
            if let Some(line) = groups.last_mut() {
                line.push(g);
            }
        } else {
            groups.push(vec![g]);
        }
    }
    groups
        .into_iter()
        .map(|mut gs| {
            gs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let mut text = String::new();
            let mut words: Vec<Word> = Vec::new();
            let mut prev: Option<&TextGlyph> = None;
            for g in &gs {
                let blank = g.text.trim().is_empty();
                let gap = prev.map_or(f32::MAX, |p| g.x0 - p.x1);
                if prev.is_some() && gap > 0.6 * g.size.max(1.0) && !text.ends_with(' ') && !blank {
                    text.push(' ');
                }
                text.push_str(&g.text);
                if !blank {
                    match words.last_mut() {
                        Some(w) if gap <= WORD_GAP * g.size.max(1.0) => {
                            w.text.push_str(&g.text);
                            w.x1 = g.x1;
                        }
                        _ => words.push(Word { text: g.text.to_string(), x0: g.x0, x1: g.x1 }),
                    }
                    prev = Some(g);
                }
            }
            Line {
                text,
                words,
                x1: gs.iter().map(|g| g.x1).fold(f32::MIN, f32::max),
                top: gs.iter().map(|g| g.y1).fold(f32::MIN, f32::max),
                bottom: gs.iter().map(|g| g.y0).fold(f32::MAX, f32::min),
                size: gs.iter().map(|g| g.size).fold(0.0, f32::max),
            }
        })
        .collect()
}

/// A cell's text: its lines joined by `\n`, each trimmed.
pub fn lines_text(glyphs: &[&TextGlyph]) -> String {
    let ls = lines(glyphs);
    let texts: Vec<&str> = ls.iter().map(|l| l.text.trim()).filter(|t| !t.is_empty()).collect();
    texts.join("\n")
}

/// `5`, `- 5 -`, `— 5 —`, `第5页`, `第 5 页 共 9 页`, `5/12`.
pub fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let core = t.trim_matches(|c: char| matches!(c, '-' | '—' | '–' | '－' | '·' | '•'));
    if !core.is_empty() && core.chars().all(|c| c.is_ascii_digit()) && core.len() <= 4 {
        return true;
    }
    if t.starts_with('第') && t.contains('页') {
        return true;
    }
    if let Some((a, b)) = core.split_once('/') {
        return !a.is_empty() && !b.is_empty() && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit());
    }
    false
}

fn ascii_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Lines into paragraphs: a line continues the previous one when that one
/// ran to the right margin and the gap between them is a line gap.
pub fn paragraphs(lines: &[Line]) -> Vec<(f32, String)> {
    let right = lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    let mut out: Vec<(f32, String, f32)> = Vec::new(); // (top, text, bottom of last line)
    let mut prev: Option<&Line> = None;
    for l in lines {
        let text = l.text.trim();
        if text.is_empty() {
            continue;
        }
        let continues = prev.is_some_and(|p| {
            let full = p.x1 >= right - 1.5 * p.size.max(1.0);
            let gap = p.bottom - l.top;
            // A title in a larger size never runs on into the body.
            let same_size = (p.size - l.size).abs() <= 0.2 * l.size.max(1.0);
            full && same_size && gap < 1.2 * l.size.max(1.0) && gap > -0.5 * l.size
        });
        match out.last_mut() {
            Some(last) if continues => {
                if ascii_word(last.1.chars().last()) && ascii_word(text.chars().next()) {
                    last.1.push(' ');
                }
                last.1.push_str(text);
                last.2 = l.bottom;
            }
            _ => out.push((l.top, text.to_string(), l.bottom)),
        }
        prev = Some(l);
    }
    out.into_iter().map(|(t, s, _)| (t, s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(t: &str, x: f32, y: f32) -> TextGlyph {
        TextGlyph { text: t.into(), x0: x, y0: y, x1: x + 10.0, y1: y + 10.0, size: 10.0 }
    }

    #[test]
    fn glyphs_to_lines_and_cells() {
        let gs = [g("年", 20.0, 100.0), g("报", 30.0, 100.5), g("2", 10.0, 80.0), g("3", 40.0, 80.0)];
        let refs: Vec<&TextGlyph> = gs.iter().collect();
        assert_eq!(lines_text(&refs), "年报\n2 3");
    }

    #[test]
    fn page_numbers() {
        for t in ["5", "- 5 -", "— 12 —", "第5页", "第 2 页 共 9 页", "3/12"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2023年", "一、总体情况", "12345"] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
