//! The walk over the parsed page, in two passes over html5ever's tree, both
//! driven by an explicit open/close edge iterator (never recursion: pages
//! nest 10,000 deep).
//!
//! 1. `survey`: which tables are layout (a page wrapped in a table, a one-cell
//!    frame, a grid whose cells hold whole articles) and which chrome
//!    containers (nav bars, footers, share boxes) can be dropped because they
//!    hold no table.
//! 2. `emit`: paragraphs from block elements in document order; each data
//!    table (nested ones too) becomes its own grid of cells.

use std::collections::HashSet;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{Html, Node};

use super::grid::{self, MAX_COLSPAN, MAX_ROWSPAN, RawCell, RawRow};
use super::inline::Inline;
use crate::document::{Block, Paragraph, Table};
use crate::read::chrome::is_chrome;

/// Grid cells (rows × columns) over all tables of one page.
pub const MAX_DOC_GRID: usize = 1 << 24;

/// A cell holding more text than this (and most of its table's) is a page
/// region, not a table cell.
const LAYOUT_CELL_CHARS: usize = 300;

/// Elements whose content is never report text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "select", "textarea",
    "button", "input", "canvas", "audio", "video", "map", "xml", "nav",
];

/// Elements that end a paragraph (or a line inside a cell).
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "title",
    "option",
];

/// class/id words of page chrome.
const CHROME_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "menu",
    "footer",
    "foot",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "share",
    "bdshare",
    "sidebar",
    "toolbar",
    "topbar",
    "copyright",
    "qrcode",
    "ewm",
    "xgjd",
    "related",
    "position",
    "location",
];

pub struct Walked {
    pub blocks: Vec<Block>,
    pub title: Option<String>,
    pub article_title: Option<String>,
    pub truncated_tables: usize,
    pub dropped_tables: usize,
}

fn is_hidden(e: &Element) -> bool {
    if e.attr("hidden").is_some() {
        return true;
    }
    e.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        s.contains("display:none") || s.contains("mso-hide:all")
    })
}

fn always_skipped(e: &Element) -> bool {
    SKIP.contains(&e.name()) || is_hidden(e)
}

fn is_chrome_container(e: &Element) -> bool {
    if matches!(e.name(), "footer" | "aside") {
        return true;
    }
    let words = e.attr("class").into_iter().chain(e.attr("id"));
    words.flat_map(|v| v.split(|c: char| !c.is_ascii_alphanumeric())).any(|w| {
        let w = w.to_ascii_lowercase();
        CHROME_WORDS.contains(&w.as_str())
    })
}

struct Stat {
    id: NodeId,
    nested: bool,
    cells: usize,
    max_cell: usize,
    /// Text in all cells of this table (not its nested tables).
    total: usize,
    cur_cell: usize,
    in_cell: bool,
    row_cells: usize,
    max_row_cells: usize,
}

struct Survey {
    layout: HashSet<NodeId>,
    chrome: HashSet<NodeId>,
}

fn survey(html: &Html) -> Survey {
    let mut s = Survey { layout: HashSet::new(), chrome: HashSet::new() };
    let mut skip: Option<NodeId> = None;
    let mut tables: Vec<Stat> = Vec::new();
    // Chrome candidates open around the current node, and whether they hold a table.
    let mut candidates: Vec<(NodeId, bool)> = Vec::new();
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(e) => {
                        if always_skipped(e) {
                            skip = Some(node.id());
                            continue;
                        }
                        if is_chrome_container(e) {
                            candidates.push((node.id(), false));
                        }
                        match e.name() {
                            "table" => {
                                if let Some(top) = tables.last_mut() {
                                    top.nested = true;
                                }
                                for c in candidates.iter_mut().rev() {
                                    if c.1 {
                                        break;
                                    }
                                    c.1 = true;
                                }
                                tables.push(Stat {
                                    id: node.id(),
                                    nested: false,
                                    cells: 0,
                                    max_cell: 0,
                                    total: 0,
                                    cur_cell: 0,
                                    in_cell: false,
                                    row_cells: 0,
                                    max_row_cells: 0,
                                });
                            }
                            "tr" => {
                                if let Some(top) = tables.last_mut() {
                                    top.row_cells = 0;
                                }
                            }
                            "td" | "th" => {
                                if let Some(top) = tables.last_mut() {
                                    top.cells += 1;
                                    top.row_cells += 1;
                                    top.max_row_cells = top.max_row_cells.max(top.row_cells);
                                    top.in_cell = true;
                                    top.cur_cell = 0;
                                }
                            }
                            _ => {}
                        }
                    }
                    Node::Text(t) => {
                        if let Some(top) = tables.last_mut().filter(|t| t.in_cell) {
                            let n = t.chars().filter(|c| !c.is_whitespace()).count();
                            top.cur_cell += n;
                            top.total += n;
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip {
                    if id == node.id() {
                        skip = None;
                    }
                    continue;
                }
                let Node::Element(e) = node.value() else {
                    continue;
                };
                match e.name() {
                    "td" | "th" => {
                        if let Some(top) = tables.last_mut() {
                            top.max_cell = top.max_cell.max(top.cur_cell);
                            top.in_cell = false;
                        }
                    }
                    "table" => {
                        if let Some(t) = tables.pop() {
                            let t_max = t.max_cell.max(t.cur_cell);
                            // A page region: one cell holding most of the text, or a
                            // narrow frame around other tables.
                            let region = t_max > LAYOUT_CELL_CHARS && t_max * 10 > t.total * 6;
                            if t.cells <= 1 || region || (t.nested && t.max_row_cells <= 2) {
                                s.layout.insert(t.id);
                            }
                        }
                    }
                    _ => {}
                }
                if candidates.last().is_some_and(|c| c.0 == node.id())
                    && let Some((id, has_table)) = candidates.pop()
                    && !has_table
                {
                    s.chrome.insert(id);
                }
            }
        }
    }
    s
}

struct TableBuild {
    rows: Vec<RawRow>,
    group: usize,
    cell: Option<(RawCell, Inline)>,
    /// Layout tables open inside the current cell: their rows and cells are
    /// line breaks of this cell, not cells of this table.
    inner_layout: usize,
}

impl TableBuild {
    fn end_cell(&mut self) {
        if let Some((mut cell, text)) = self.cell.take() {
            cell.text = text.finish();
            if self.rows.is_empty() {
                self.rows.push(RawRow { group: self.group, cells: Vec::new() });
            }
            if let Some(row) = self.rows.last_mut() {
                row.cells.push(cell);
            }
        }
    }
}

struct Emitter {
    blocks: Vec<Block>,
    para: Inline,
    tables: Vec<TableBuild>,
    budget: usize,
    truncated: usize,
    dropped: usize,
    /// Tables nested in an open table: they follow the outer table, as in
    /// the DOCX reader.
    deferred: Vec<Block>,
}

impl Emitter {
    fn flush_para(&mut self) {
        let text = self.para.take();
        if !text.is_empty() && !is_chrome(&text) {
            self.blocks.push(Block::Paragraph(Paragraph { text, page: None }));
        }
    }

    /// The open cell of the innermost data table, if any.
    fn cell(&mut self) -> Option<&mut Inline> {
        self.tables.last_mut().and_then(|t| t.cell.as_mut()).map(|(_, text)| text)
    }

    fn text(&mut self, s: &str) {
        match self.cell() {
            Some(cell) => cell.push_text(s),
            None => self.para.push_text(s),
        }
    }

    fn end_table(&mut self) {
        let Some(mut t) = self.tables.pop() else {
            return;
        };
        t.end_cell();
        let resolved = grid::resolve(t.rows);
        if resolved.truncated {
            self.truncated += 1;
        }
        // Spacer and layout-only grids (no text in any cell) carry nothing.
        if resolved.cells.iter().all(|c| c.text.is_empty()) {
            return;
        }
        let n_rows = resolved.cells.iter().map(|c| c.row + c.row_span).max().unwrap_or(0);
        let n_cols = resolved.cells.iter().map(|c| c.col + c.col_span).max().unwrap_or(0);
        let size = n_rows.saturating_mul(n_cols);
        if size > self.budget {
            self.dropped += 1;
            return;
        }
        self.budget -= size;
        // Paragraph text met inside the table (a caption) comes first.
        let table = Block::Table(Table::from_cells(resolved.cells));
        if self.tables.is_empty() {
            self.flush_para();
            self.blocks.push(table);
            self.blocks.append(&mut self.deferred);
        } else {
            self.deferred.push(table);
        }
    }
}

fn span(e: &Element, name: &str, max: usize) -> usize {
    grid::parse_span(e.attr(name), 1, max)
}

/// Walks the page; see the module docs.
pub fn walk(html: &Html) -> Walked {
    let survey = survey(html);
    let mut em = Emitter {
        blocks: Vec::new(),
        para: Inline::default(),
        tables: Vec::new(),
        budget: MAX_DOC_GRID,
        truncated: 0,
        dropped: 0,
        deferred: Vec::new(),
    };
    let mut title: Option<Inline> = None;
    let mut title_done: Option<String> = None;
    let mut article_title = None;
    let mut skip: Option<NodeId> = None;
    let mut pre_depth = 0usize;
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(e) => {
                        if always_skipped(e) || survey.chrome.contains(&node.id()) {
                            skip = Some(node.id());
                            continue;
                        }
                        let name = e.name();
                        match name {
                            "title" if title_done.is_none() => title = Some(Inline::default()),
                            "meta" => {
                                let is_article_title =
                                    e.attr("name").is_some_and(|n| n.eq_ignore_ascii_case("ArticleTitle"));
                                if is_article_title && let Some(c) = e.attr("content") {
                                    article_title = Some(c.trim().to_string());
                                }
                            }
                            "br" => match em.cell() {
                                Some(cell) => cell.hard_break(),
                                None => em.flush_para(),
                            },
                            "pre" => pre_depth += 1,
                            "table" if survey.layout.contains(&node.id()) => {
                                if let Some(t) = em.tables.last_mut() {
                                    t.inner_layout += 1;
                                }
                            }
                            "table" if !survey.layout.contains(&node.id()) => {
                                em.flush_para();
                                em.tables.push(TableBuild { rows: Vec::new(), group: 0, cell: None, inner_layout: 0 });
                                continue;
                            }
                            _ => {}
                        }
                        let in_data_table = em.tables.last().is_some_and(|t| t.inner_layout == 0);
                        let cell_open = em.tables.last().is_some_and(|t| t.cell.is_some());
                        match name {
                            "thead" | "tbody" | "tfoot" if in_data_table && !cell_open => {
                                if let Some(t) = em.tables.last_mut() {
                                    t.group += 1;
                                }
                            }
                            "tr" if in_data_table && !cell_open => {
                                if let Some(t) = em.tables.last_mut() {
                                    t.end_cell();
                                    t.rows.push(RawRow { group: t.group, cells: Vec::new() });
                                }
                            }
                            "td" | "th" if in_data_table => {
                                let cell = RawCell {
                                    row_span: span(e, "rowspan", MAX_ROWSPAN),
                                    col_span: span(e, "colspan", MAX_COLSPAN),
                                    text: String::new(),
                                };
                                if let Some(t) = em.tables.last_mut() {
                                    t.end_cell();
                                    t.cell = Some((cell, Inline::default()));
                                }
                            }
                            _ if BLOCKS.contains(&name) => match em.cell() {
                                Some(cell) => cell.soft_break(),
                                None => em.flush_para(),
                            },
                            _ => {}
                        }
                    }
                    Node::Text(t) => {
                        if let Some(buf) = title.as_mut() {
                            buf.push_text(t);
                        } else if pre_depth > 0 {
                            for (i, line) in t.split('\n').enumerate() {
                                if i > 0 {
                                    match em.cell() {
                                        Some(cell) => cell.hard_break(),
                                        None => em.flush_para(),
                                    }
                                }
                                em.text(line);
                            }
                        } else {
                            em.text(t);
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip {
                    if id == node.id() {
                        skip = None;
                    }
                    continue;
                }
                let Node::Element(e) = node.value() else {
                    continue;
                };
                let name = e.name();
                match name {
                    "title" => {
                        if let Some(buf) = title.take() {
                            title_done = Some(buf.finish());
                        }
                        continue;
                    }
                    "pre" => pre_depth = pre_depth.saturating_sub(1),
                    "table" if survey.layout.contains(&node.id()) => {
                        if let Some(t) = em.tables.last_mut() {
                            t.inner_layout = t.inner_layout.saturating_sub(1);
                        }
                    }
                    "table" if !survey.layout.contains(&node.id()) => {
                        em.end_table();
                        continue;
                    }
                    "td" | "th" if em.tables.last().is_some_and(|t| t.cell.is_some() && t.inner_layout == 0) => {
                        if let Some(t) = em.tables.last_mut() {
                            t.end_cell();
                        }
                        continue;
                    }
                    _ => {}
                }
                if BLOCKS.contains(&name) {
                    match em.cell() {
                        Some(cell) => cell.soft_break(),
                        None => em.flush_para(),
                    }
                }
            }
        }
    }
    while !em.tables.is_empty() {
        em.end_table();
    }
    em.flush_para();
    Walked {
        blocks: em.blocks,
        title: title_done.filter(|t| !t.is_empty()),
        article_title: article_title.filter(|t| !t.is_empty()),
        truncated_tables: em.truncated,
        dropped_tables: em.dropped,
    }
}
