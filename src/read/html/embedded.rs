//! Pages rendered by JavaScript: a saved page whose article (tables and all)
//! sits in a script's string literals (`var content = "<p>…<table>…"`) or in
//! a `<textarea>`, and nowhere in the body. The markup is taken out and read
//! like a page of its own.

use scraper::{Html, Node};

/// Markup held by the page's scripts and textareas, joined in document order,
/// when some of it holds a table.
pub fn markup(html: &Html) -> Option<String> {
    let mut out = String::new();
    for node in html.tree.nodes() {
        let Node::Element(e) = node.value() else { continue };
        let is_script = e.name() == "script";
        if !is_script && e.name() != "textarea" {
            continue;
        }
        for child in node.children() {
            let Node::Text(t) = child.value() else { continue };
            if !contains_table(t) {
                continue;
            }
            if is_script {
                for lit in js_strings(t).into_iter().filter(|s| s.contains('<')) {
                    out.push_str(&lit);
                }
            } else {
                out.push_str(t);
            }
            out.push('\n');
        }
    }
    contains_table(&out).then_some(out)
}

fn contains_table(s: &str) -> bool {
    s.as_bytes().windows(6).any(|w| w.eq_ignore_ascii_case(b"<table"))
}

/// The string literals of a script, escapes resolved. Comments are skipped;
/// anything else (code, regular expressions) is passed over.
pub fn js_strings(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = src.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '"' | '\'' | '`' => {
                let mut s = String::new();
                while let Some(d) = it.next() {
                    if d == c {
                        break;
                    }
                    if d != '\\' {
                        s.push(d);
                        continue;
                    }
                    match it.next() {
                        Some('n') => s.push('\n'),
                        Some('t') => s.push('\t'),
                        Some('r' | '\n') => {}
                        Some('u') => {
                            let braced = it.peek() == Some(&'{');
                            if braced {
                                it.next();
                            }
                            let mut hex = String::new();
                            while hex.len() < if braced { 6 } else { 4 } {
                                match it.peek() {
                                    Some(h) if h.is_ascii_hexdigit() => {
                                        hex.push(*h);
                                        it.next();
                                    }
                                    _ => break,
                                }
                            }
                            if braced && it.peek() == Some(&'}') {
                                it.next();
                            }
                            if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                                s.push(ch);
                            }
                        }
                        Some('x') => {
                            let hex: String = [it.next(), it.next()].into_iter().flatten().collect();
                            if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                                s.push(ch);
                            }
                        }
                        Some(other) => s.push(other),
                        None => break,
                    }
                }
                out.push(s);
            }
            '/' if it.peek() == Some(&'/') => {
                for d in it.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
            }
            '/' if it.peek() == Some(&'*') => {
                it.next();
                let mut prev = ' ';
                for d in it.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals() {
        let js = r#"// a "comment"
            var a = "<p>\u4e00\u3001总体情况<\/p>" + '<table><tr><td>\'规章\'</td></tr></table>'; /* "x" */ var b = `\x41`;"#;
        assert_eq!(js_strings(js), ["<p>一、总体情况</p>", "<table><tr><td>'规章'</td></tr></table>", "A"]);
    }

    #[test]
    fn markup_in_scripts_and_textareas() {
        let page = Html::parse_document(
            "<body><script>var n = 1; var html = \"<TABLE><tr><td>行政许可</td></tr></TABLE>\";</script>\
             <textarea><p>note</p></textarea></body>",
        );
        assert_eq!(markup(&page).as_deref(), Some("<TABLE><tr><td>行政许可</td></tr></TABLE>\n"));
        assert_eq!(markup(&Html::parse_document("<script>var x = '<p>no table</p>';</script>")), None);
    }
}
