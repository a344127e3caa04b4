//! Running headers and footers: page furniture (a browser's date, title,
//! URL and `x/y`) left out of the report text.

use super::Item;

/// A running line's identity: its text without spaces, every run of digits
/// one `#` (page numbers, `3/9`, a print date change from page to page).
fn running_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Running headers and footers: a paragraph that opens (or closes) at
/// least two pages and half of them with the same text (numbers aside) is
/// page furniture, not report text: a browser's date, title, URL and `x/y`.
pub fn drop_running_lines(items: &mut Vec<(u32, Item)>) {
    let mut pages: Vec<u32> = items.iter().map(|(p, _)| *p).collect();
    pages.dedup();
    // The first and last two paragraphs of each page are candidates: a
    // browser prints a header and a title line, or a URL and a page count.
    let ends = |first: bool| -> std::collections::BTreeMap<String, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for &page in &pages {
            let on_page: Vec<&Item> = items.iter().filter(|(p, _)| *p == page).map(|(_, i)| i).collect();
            let mut seen: Vec<String> = Vec::new();
            let picks: Vec<&&Item> =
                if first { on_page.iter().take(2).collect() } else { on_page.iter().rev().take(2).collect() };
            for item in picks {
                let Item::Para(para) = item else { break };
                let key = running_key(&para.text);
                if !seen.contains(&key) {
                    *counts.entry(key.clone()).or_insert(0) += 1;
                    seen.push(key);
                }
            }
        }
        counts
    };
    let need = (pages.len() / 2).max(2);
    let running: Vec<String> =
        ends(true).into_iter().chain(ends(false)).filter(|(_, n)| *n >= need).map(|(t, _)| t).collect();
    if running.is_empty() {
        return;
    }
    let n = items.len();
    let mut keep = vec![true; n];
    for i in 0..n {
        let (page, Item::Para(para)) = (&items[i].0, &items[i].1) else { continue };
        let on_page = |k: usize| items.get(k).is_some_and(|(p, _)| p == page);
        let near_top = i == 0 || !on_page(i - 1) || i < 2 || !on_page(i - 2);
        let near_bottom = !on_page(i + 1) || !on_page(i + 2);
        if (near_top || near_bottom) && running.contains(&running_key(&para.text)) {
            keep[i] = false;
        }
    }
    let mut k = keep.into_iter();
    items.retain(|_| k.next().unwrap_or(true));
}
