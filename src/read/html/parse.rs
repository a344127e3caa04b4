//! html5ever with a work bound. The HTML tree builder scans its stack of open
//! elements (and its list of formatting elements) on many tokens, so hostile
//! markup costs work that grows with depth × size: a 1 MB page of 100,000
//! nested `<div>`s took 20 s, one of 300,000 attributes on a tag 47 s. This
//! module feeds the parser in chunks through a sink that watches the tree it
//! builds; once the tree is deeper or larger than any page (or the parser has
//! done more work than any page needs), the rest of the page is left out and
//! the document says so. Tags with absurdly many attributes are cut first:
//! the tokenizer's duplicate-attribute check is quadratic within one tag.
//! Every bound counts tokens and nodes, never time, so the result is the same
//! on every machine.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use ego_tree::NodeId;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink};

/// Element nesting kept (browsers stop nesting at 512; real pages stay under 100).
pub const MAX_DEPTH: u32 = 256;
/// Nodes built: a long report page has tens of thousands.
pub const MAX_NODES: usize = 750_000;
/// Calls from the tree builder into the sink: a proxy for its work.
pub const MAX_WORK: usize = 4_000_000;
/// Attributes kept on one tag.
pub const MAX_TAG_ATTRS: usize = 1000;
/// Bytes fed between two checks of the bounds.
const CHUNK: usize = 16 << 10;

/// A parsed page, and why it was cut short, if it was.
pub struct Parsed {
    pub html: Html,
    pub cut: Option<String>,
}

/// Parses a page within the bounds above.
pub fn parse(text: &str) -> Parsed {
    let (text, trimmed_tags) = limit_attributes(text);
    let sink = Bounded::new();
    let mut parser = html5ever::driver::parse_document(sink, Default::default());
    let mut cut = None;
    let mut at = 0;
    while at < text.len() {
        let mut end = (at + CHUNK).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from_slice(&text[at..end]));
        at = end;
        if let Some(why) = parser.tokenizer.sink.sink.exceeded() {
            if at < text.len() {
                cut = Some(format!("the page was read up to byte {at} of {}: {why}", text.len()));
            }
            break;
        }
    }
    let html = parser.finish();
    let cut = match (cut, trimmed_tags) {
        (c, 0) => c,
        (Some(c), n) => Some(format!("{c}; {n} tag(s) with over {MAX_TAG_ATTRS} attributes were cut")),
        (None, n) => Some(format!("{n} tag(s) with over {MAX_TAG_ATTRS} attributes were cut")),
    };
    Parsed { html, cut }
}

/// Cuts the attribute list of any tag with more than [`MAX_TAG_ATTRS`]
/// attributes (a linear scan; script, style and comment text is skipped).
fn limit_attributes(text: &str) -> (Cow<'_, str>, usize) {
    let b = text.as_bytes();
    let mut drops: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let Some(p) = memchr(b'<', &b[i..]) else { break };
        i += p + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = (i..b.len()).find(|&k| !b[k].is_ascii_alphanumeric()).unwrap_or(b.len());
        let name = b[i..name_end].to_ascii_lowercase();
        let (end, cut_from) = scan_tag(b, name_end);
        if let Some(from) = cut_from {
            drops.push((from, end));
        }
        i = end;
        // Raw text: no tags inside until the matching end tag.
        if matches!(name.as_slice(), b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"noscript") {
            let close = [b"</".as_slice(), &name].concat();
            i = find_ci(b, i, &close).unwrap_or(b.len());
        }
    }
    if drops.is_empty() {
        return (Cow::Borrowed(text), 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for &(a, z) in &drops {
        out.push_str(&text[from..a]);
        from = z;
    }
    out.push_str(&text[from..]);
    (Cow::Owned(out), drops.len())
}

/// Scans a tag's attributes from `i` (after its name) to its `>`. Returns
/// where the tag ends (at `>`, or the end of text) and, past
/// [`MAX_TAG_ATTRS`] attributes, where the kept ones end.
fn scan_tag(b: &[u8], mut i: usize) -> (usize, Option<usize>) {
    let mut attrs = 0;
    let mut cut_from = None;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return (i, cut_from);
        }
        attrs += 1;
        if attrs > MAX_TAG_ATTRS && cut_from.is_none() {
            cut_from = Some(i);
        }
        // Name (a first `=` belongs to it, as in the HTML tokenizer).
        i += 1;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => i = memchr(q, &b[i + 1..]).map_or(b.len(), |p| i + 1 + p + 1),
                _ => {
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                }
            }
        }
    }
}

fn memchr(c: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&x| x == c)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle)).map(|p| from + p)
}

/// scraper's sink, watched: the depth of every element put in the tree, the
/// nodes made, and the calls made.
struct Bounded {
    inner: HtmlTreeSink,
    depth: RefCell<HashMap<NodeId, u32>>,
    deepest: Cell<u32>,
    nodes: Cell<usize>,
    work: Cell<usize>,
}

impl Bounded {
    fn new() -> Bounded {
        Bounded {
            inner: HtmlTreeSink::new(Html::new_document()),
            depth: RefCell::new(HashMap::new()),
            deepest: Cell::new(0),
            nodes: Cell::new(0),
            work: Cell::new(0),
        }
    }

    fn exceeded(&self) -> Option<String> {
        if self.deepest.get() > MAX_DEPTH {
            Some(format!("elements nest deeper than {MAX_DEPTH}"))
        } else if self.nodes.get() > MAX_NODES {
            Some(format!("more than {MAX_NODES} elements and text runs"))
        } else if self.work.get() > MAX_WORK {
            Some(format!("more than {MAX_WORK} parser steps"))
        } else {
            None
        }
    }

    fn tick(&self) {
        self.work.set(self.work.get() + 1);
    }

    fn depth_of(&self, node: &NodeId) -> u32 {
        self.depth.borrow().get(node).copied().unwrap_or(0)
    }

    /// A child placed at `depth`: elements are recorded, texts counted.
    fn placed(&self, child: &NodeOrText<NodeId>, depth: u32) {
        self.nodes.set(self.nodes.get() + 1);
        if let NodeOrText::AppendNode(id) = child {
            self.depth.borrow_mut().insert(*id, depth);
            self.deepest.set(self.deepest.get().max(depth));
        }
    }
}

impl TreeSink for Bounded {
    type Output = Html;
    type Handle = NodeId;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Html {
        self.inner.finish()
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.tick();
        self.inner.parse_error(msg);
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.tick();
        self.inner.create_element(name, attrs, flags)
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.tick();
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.tick();
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.tick();
        self.placed(&child, self.depth_of(parent) + 1);
        self.inner.append(parent, child);
    }

    fn append_based_on_parent_node(&self, element: &NodeId, prev_element: &NodeId, child: NodeOrText<NodeId>) {
        self.tick();
        let depth = self.depth_of(element).max(self.depth_of(prev_element) + 1);
        self.placed(&child, depth);
        self.inner.append_based_on_parent_node(element, prev_element, child);
    }

    fn append_doctype_to_document(&self, name: StrTendril, public_id: StrTendril, system_id: StrTendril) {
        self.tick();
        self.inner.append_doctype_to_document(name, public_id, system_id);
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node);
    }

    fn pop(&self, node: &NodeId) {
        self.tick();
        self.inner.pop(node);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.tick();
        self.placed(&new_node, self.depth_of(sibling));
        self.inner.append_before_sibling(sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.tick();
        self.inner.add_attrs_if_missing(target, attrs);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.tick();
        self.inner.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.tick();
        self.inner.reparent_children(node, new_parent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(p: &Parsed) -> String {
        p.html.root_element().text().collect()
    }

    #[test]
    fn ordinary_pages_are_whole() {
        let p = parse("<table><tr><td rowspan=2>行政复议<td>3</table><p>结束");
        assert!(p.cut.is_none());
        assert_eq!(text_of(&p), "行政复议3结束");
    }

    #[test]
    fn deep_nesting_is_cut_where_it_passes_the_bound() {
        let page = format!("<p>开头</p>{}x", "<div>".repeat(100_000));
        let p = parse(&page);
        assert!(p.cut.as_deref().is_some_and(|c| c.contains("deeper than 256")), "{:?}", p.cut);
        assert!(text_of(&p).starts_with("开头"));
    }

    #[test]
    fn unclosed_formatting_elements_do_not_multiply() {
        let page: String = (0..50_000).map(|i| format!("<p><b id={i}>x</p>")).collect();
        let p = parse(&page);
        assert!(p.cut.is_some());
        assert!(p.html.tree.nodes().count() <= MAX_NODES + 2 * CHUNK);
    }

    #[test]
    fn tags_with_absurdly_many_attributes_are_cut() {
        let attrs: Vec<String> = (0..5000).map(|i| format!("a{i}=\"x>y\"")).collect();
        let page = format!("<div {}>正文</div><script>a<b {}</script>", attrs.join(" "), "w ".repeat(3000));
        let (out, n) = limit_attributes(&page);
        assert_eq!(n, 1);
        assert!(out.contains("a999=\"x>y\" >正文") && !out.contains("a1000="));
        assert!(out.ends_with(&format!("{}</script>", "w ".repeat(3000))), "script text is untouched");
    }
}
