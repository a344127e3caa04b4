//! How much of a free-text section is repeated word for word from the year
//! before: boilerplate copied year to year is what supervisors look for.

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::indicators::round4;

/// Sentences shorter than this (in characters) are not counted: `无。` or a
/// heading repeated is not copying.
const MIN_CHARS: usize = 6;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repeat {
    /// Characters of this year's sentences found verbatim last year, over
    /// the characters of all of this year's sentences (0 to 1).
    pub share: f64,
    /// The repeated sentences, in this year's order.
    pub repeated: Vec<String>,
}

/// The sentences of a text, each with its end mark: (width and spacing
/// folded for matching, as printed).
pub fn sentences(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut cur = (String::new(), String::new());
    for c in text.chars() {
        if c == '\n' {
            push(&mut out, &mut cur);
            continue;
        }
        cur.1.push(c);
        cur.0.extend(std::iter::once(c).nfkc().filter(|c| !c.is_whitespace()));
        if matches!(c, '。' | '!' | '?' | ';' | '！' | '？' | '；') {
            push(&mut out, &mut cur);
        }
    }
    push(&mut out, &mut cur);
    out
}

fn push(out: &mut Vec<(String, String)>, cur: &mut (String, String)) {
    let (folded, printed) = std::mem::take(cur);
    if folded.chars().count() >= MIN_CHARS {
        out.push((folded, printed.trim().to_string()));
    }
}

/// The share of `cur` repeated from `prev`; None when either is missing or
/// `cur` has no sentence to count.
pub fn repeated(prev: Option<&str>, cur: Option<&str>) -> Option<Repeat> {
    let before: std::collections::HashSet<String> = sentences(prev?).into_iter().map(|(f, _)| f).collect();
    let now = sentences(cur?);
    let total: usize = now.iter().map(|(f, _)| f.chars().count()).sum();
    if total == 0 {
        return None;
    }
    let mut same = 0;
    let mut repeated = Vec::new();
    for (folded, printed) in now {
        if before.contains(&folded) {
            same += folded.chars().count();
            repeated.push(printed);
        }
    }
    Some(Repeat { share: round4(same as f64 / total as f64), repeated })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_sentences_and_their_share() {
        let prev = "一是公开深度不够。二是解读形式单一。";
        let cur = "一是公开深度不够。\n二是 回应 关切不及时。";
        let r = repeated(Some(prev), Some(cur)).expect("share");
        assert_eq!(r.repeated, vec!["一是公开深度不够。"]);
        assert_eq!(r.share, round4(9.0 / 19.0));
        let r = repeated(Some("一是 公开深度不够，二是……"), Some("一是公开深度不够，二是……")).expect("share");
        assert_eq!((r.share, r.repeated.len()), (1.0, 1), "width and spacing folded");
        assert_eq!(repeated(None, Some(cur)), None);
    }
}
