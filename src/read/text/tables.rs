//! The three report tables rebuilt from a cell stream as clean logical grids
//! in the national template's layout (FORMAT.md §1–3), so the report layer
//! reads them exactly as it reads a DOCX or HTML table.
//!
//! Flattened text loses column positions, so nothing here counts cells:
//! tables are found by their anchors (`第二十条`, the 勾稽 note or
//! `申请人情况`, `行政复议`), rows by their labels, and each row's values are
//! the run of value cells after its labels, trimmed of placeholders and
//! aligned on the trailing seven (表三) or fifteen (表四). 表三/表四 headers
//! are the template's own (identical in 2019 and 2021; flattened headers are
//! often cut, `结果 |`); 表二 headers are printed ones, completed from the
//! template where a header was cut (`本年新` → `本年新制作数量`).

use super::tokens::{Kind, Token, norm};
use crate::document::{Cell, Table};

/// A rebuilt table and the tokens it was read from (`start..end`).
pub struct Rebuilt {
    pub table: Table,
    pub start: usize,
    pub end: usize,
}

fn cell(row: usize, col: usize, row_span: usize, col_span: usize, text: &str) -> Cell {
    Cell { row, col, row_span, col_span, text: text.to_string(), page: None, bbox: None, ocr: None }
}

/// Finds and rebuilds 表二, 表三 and 表四, in document order.
pub fn rebuild(tokens: &[Token]) -> Vec<Rebuilt> {
    let mut out = Vec::new();
    let mut from = 0;
    // 表三 by its corner note or group header; failing those, by its first row.
    let t3_start = |from: usize| {
        find(tokens, from, |n| n.contains("勾稽关系") || n == "申请人情况")
            .or_else(|| find(tokens, from, |n| n.starts_with("一、") && n.contains("新收")))
    };
    // 表二, in as many parts as notes between its blocks cut it into.
    let t2_end = t3_start(0).unwrap_or(tokens.len());
    while let Some(start) = find(tokens, from, |n| n.contains("第二十条")).filter(|&s| s < t2_end) {
        let t2 = active(tokens, start);
        from = t2.end.max(start + 1);
        out.push(t2);
    }
    let t3 = t3_start(from);
    if let Some(start) = t3 {
        let t3 = applications(tokens, start);
        from = t3.end;
        out.push(t3);
    }
    if let Some(start) = find(tokens, from, |n| n.starts_with("行政复议") && n.chars().count() <= 8) {
        out.push(reviews(tokens, start));
    }
    out
}

fn find(tokens: &[Token], from: usize, f: impl Fn(&str) -> bool) -> Option<usize> {
    (from..tokens.len()).find(|&i| {
        let t = &tokens[i];
        t.kind == Kind::Text && t.text.chars().nth(60).is_none() && f(&t.norm())
    })
}

// ---------------------------------------------------------------- 表二

const T2_2021: &[(&str, &[&str])] = &[
    ("(一)", &["本年制发件数", "本年废止件数", "现行有效件数"]),
    ("(五)", &["本年处理决定数量"]),
    ("(六)", &["本年处理决定数量"]),
    ("(八)", &["本年收费金额（单位：万元）"]),
];
const T2_2019: &[(&str, &[&str])] = &[
    ("(一)", &["本年新制作数量", "本年新公开数量", "对外公开总数量"]),
    ("(五)", &["上一年项目数量", "本年增/减", "处理决定数量"]),
    ("(六)", &["上一年项目数量", "本年增/减", "处理决定数量"]),
    ("(八)", &["上一年项目数量", "本年增/减"]),
    ("(九)", &["采购项目数量", "采购总金额"]),
];

#[derive(Default)]
struct Block {
    title: String,
    headers: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

/// The text without its parenthetical glosses (`规章（设区的市…）`).
fn strip_parens(n: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in n.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A 表二 row label: short, no sentence or heading punctuation (glosses in
/// parentheses aside).
fn is_item_label(n: &str) -> bool {
    let n = &strip_parens(n);
    let len = n.chars().count();
    (2..=24).contains(&len)
        && !n.contains(['、', '。', ':', '：'])
        && !n.contains("第二十条")
        && !n.contains("勾稽")
        && n != "申请人情况"
        && n != "信息内容"
}

fn active(tokens: &[Token], start: usize) -> Rebuilt {
    #[derive(PartialEq)]
    enum State {
        Title,
        Header,
        Values,
    }
    let mut blocks: Vec<Block> = Vec::new();
    let mut state = State::Title;
    let mut i = start;
    while i < tokens.len() {
        let t = &tokens[i];
        let n = t.norm();
        match t.kind {
            Kind::Text if n.contains("第二十条") => {
                blocks.push(Block { title: t.text.clone(), ..Block::default() });
                state = State::Title;
            }
            Kind::Text if n.starts_with("信息内容") => {
                if blocks.is_empty() {
                    blocks.push(Block::default());
                }
                // `信息内容 本年制发件数 本年废止件数 现行有效件数` on one line.
                if let Some(b) = blocks.last_mut() {
                    b.headers.extend(t.text.split_whitespace().skip(1).map(str::to_string));
                }
                state = State::Header;
            }
            Kind::Text if state == State::Header && !is_known_item(&n) && strip_parens(&n).chars().count() <= 30 => {
                if let Some(b) = blocks.last_mut() {
                    b.headers.push(t.text.clone());
                }
            }
            Kind::Text if is_item_label(&n) && (state != State::Title || is_known_item(&n)) => {
                if let Some(b) = blocks.last_mut() {
                    b.rows.push((t.text.clone(), Vec::new()));
                }
                state = State::Values;
            }
            Kind::Value | Kind::Empty if state == State::Values => {
                if let Some(b) = blocks.last_mut() {
                    let width = b.headers.len().max(1);
                    if let Some((_, values)) = b.rows.last_mut()
                        && values.len() < width
                    {
                        values.push(t.text.clone());
                    }
                }
            }
            Kind::Empty => {}
            _ => break,
        }
        i += 1;
    }
    // Drop trailing empty placeholders from value runs (`行政许可⇥19785⇥⇥`).
    for b in &mut blocks {
        for (_, values) in &mut b.rows {
            while values.len() > 1 && values.last().is_some_and(|v| v.is_empty()) && b.headers.len() < values.len() {
                values.pop();
            }
        }
    }
    complete_headers(&mut blocks);
    let width = 1 + blocks.iter().map(|b| b.headers.len().max(1)).max().unwrap_or(1);
    let mut cells = Vec::new();
    let mut r = 0;
    for b in &blocks {
        if !b.title.is_empty() {
            cells.push(cell(r, 0, 1, width, &b.title));
            r += 1;
        }
        if !b.headers.is_empty() {
            push_row(&mut cells, r, "信息内容", &b.headers, width);
            r += 1;
        }
        for (label, values) in &b.rows {
            push_row(&mut cells, r, label, values, width);
            r += 1;
        }
    }
    Rebuilt { table: Table::from_cells(cells), start, end: i }
}

/// A label cell and its values, the last value stretched to the table width.
fn push_row(cells: &mut Vec<Cell>, r: usize, label: &str, values: &[String], width: usize) {
    cells.push(cell(r, 0, 1, 1, label));
    for (k, v) in values.iter().enumerate() {
        let span = if k + 1 == values.len() { width - 1 - k } else { 1 };
        cells.push(cell(r, 1 + k, 1, span.max(1), v));
    }
}

fn is_known_item(n: &str) -> bool {
    ["规章", "规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制", "行政事业性收费", "政府集中采购"]
        .iter()
        .any(|k| n.starts_with(k) || n.starts_with(&format!("行政{k}")))
}

/// Headers cut short in flattening (`本年新`, `结果`) get the template's text.
fn complete_headers(blocks: &mut [Block]) {
    let is_2019 = blocks.iter().any(|b| {
        norm(&b.title).contains("(九)")
            || b.headers.iter().any(|h| {
                let h = norm(h);
                h.contains('新') || h.contains("上一年") || h.contains("增/减")
            })
            || b.rows.iter().any(|(l, _)| l.contains("其他对外管理服务事项") || l.contains("政府集中采购"))
    });
    let template = if is_2019 { T2_2019 } else { T2_2021 };
    for b in blocks.iter_mut() {
        let title = norm(&b.title);
        let Some((_, canon)) = template.iter().find(|(k, _)| title.contains(k)) else { continue };
        for (k, h) in b.headers.iter_mut().enumerate() {
            let Some(c) = canon.get(k) else { continue };
            let (hn, cn) = (norm(h), norm(c));
            if hn != cn && cn.starts_with(&hn) {
                *h = c.to_string();
            }
        }
    }
}

// ---------------------------------------------------------------- 表三

/// The 表三 header as the template prints it (3 rows; label area 3 columns wide).
fn applications_header() -> Vec<Cell> {
    let mut v = vec![
        cell(0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        cell(0, 3, 1, 7, "申请人情况"),
        cell(1, 3, 2, 1, "自然人"),
        cell(1, 4, 1, 5, "法人或其他组织"),
        cell(1, 9, 2, 1, "总计"),
    ];
    for (k, t) in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"].iter().enumerate()
    {
        v.push(cell(2, 4 + k, 1, 1, t));
    }
    v
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Level {
    /// `一、` `二、` `三、` `四、`
    One,
    /// `（一）` … `（七）`
    Two,
    /// `1.` … `8.`
    Three(u32),
}

fn level(n: &str) -> Option<Level> {
    let mut chars = n.chars();
    let first = chars.next()?;
    let second = chars.next();
    if "一二三四五六七八九十".contains(first) && second == Some('、') {
        return Some(Level::One);
    }
    if first == '(' && second.is_some_and(|c| "一二三四五六七八九十".contains(c)) {
        return Some(Level::Two);
    }
    let digits: String = n.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = n[digits.len()..].chars().next();
    if !digits.is_empty() && matches!(rest, Some('.' | '、' | ',')) {
        return digits.parse().ok().map(Level::Three);
    }
    None
}

#[derive(Default, Debug)]
struct AppRow {
    one: Option<String>,
    two: Option<String>,
    three: Option<(u32, String)>,
    values: Vec<String>,
}

impl AppRow {
    /// Adds a label cell; one holding several numbered labels
    /// (`（三）不予公开 1.属于国家秘密`, text laid out with spaces) is split.
    fn add_label(&mut self, text: &str) {
        let mut start = 0;
        let mut prev_space = false;
        for (i, ch) in text.char_indices() {
            if prev_space && !ch.is_whitespace() && i > start && level(&norm(&text[i..])).is_some() {
                self.add_one_label(text[start..i].trim_end());
                start = i;
            }
            prev_space = ch.is_whitespace();
        }
        self.add_one_label(&text[start..]);
    }

    fn add_one_label(&mut self, text: &str) {
        let n = norm(text);
        let slot = match level(&n) {
            Some(Level::One) => &mut self.one,
            Some(Level::Two) => &mut self.two,
            Some(Level::Three(k)) => {
                self.three = Some((k, text.to_string()));
                return;
            }
            // An unnumbered line continues the label before it (a wrapped label).
            None => {
                if let Some((_, t)) = self.three.as_mut() {
                    t.push_str(text);
                    return;
                }
                match (self.two.is_some(), self.one.is_some()) {
                    (true, _) => &mut self.two,
                    (false, true) => &mut self.one,
                    _ => &mut self.two,
                }
            }
        };
        match slot {
            Some(t) => t.push_str(text),
            None => *slot = Some(text.to_string()),
        }
    }

    fn is_carry_forward(&self) -> bool {
        self.one.as_deref().is_some_and(|t| {
            let n = norm(t);
            n.starts_with("四、") && n.contains("结转")
        })
    }

    /// A level-one label with its own values (一、二、四、, not 三、).
    fn one_is_data(&self) -> bool {
        self.one.is_some() && self.two.is_none() && self.three.is_none()
    }
}

/// Trims a run of value cells to `n`: placeholders at its end, then at its
/// start; the trailing `n` if still longer; padded with blanks if shorter.
fn align(mut run: Vec<String>, n: usize) -> Vec<String> {
    while run.len() > n && run.last().is_some_and(|v| v.is_empty()) {
        run.pop();
    }
    while run.len() > n && run.first().is_some_and(|v| v.is_empty()) {
        run.remove(0);
    }
    if run.len() > n {
        run.drain(..run.len() - n);
    }
    run.resize(n, String::new());
    run
}

fn applications(tokens: &[Token], start: usize) -> Rebuilt {
    // The header runs to the first row label (一、本年新收…).
    let first_row = (start..tokens.len()).find(|&i| {
        let t = &tokens[i];
        let n = t.norm();
        t.kind == Kind::Text && (n.starts_with("一、") || n.contains("新收"))
    });
    let mut rows: Vec<AppRow> = Vec::new();
    let mut i = first_row.unwrap_or(tokens.len());
    let mut end = i;
    while i < tokens.len() {
        // Labels (placeholders between them ignored) …
        let mut row = AppRow::default();
        let mut j = i;
        // Where the values start: right after the last label, so that a blank
        // first value (an empty cell) keeps its column.
        let mut after_label = i;
        while j < tokens.len() && tokens[j].kind != Kind::Value {
            let t = &tokens[j];
            if t.kind == Kind::Text {
                after_label = j + 1;
                let n = t.norm();
                let stop = n.starts_with("行政复议")
                    || t.text.chars().count() > 60
                    || (n.starts_with("四、") && !n.contains("结转"))
                    || n.starts_with("五、");
                if stop {
                    break;
                }
                row.add_label(&t.text);
            }
            j += 1;
        }
        if j >= tokens.len()
            || tokens[j].kind != Kind::Value
            || (row.one.is_none() && row.two.is_none() && row.three.is_none())
        {
            break;
        }
        // … then the run of values and placeholders up to the next label.
        let mut run = Vec::new();
        j = after_label;
        while j < tokens.len() && tokens[j].kind != Kind::Text {
            run.push(tokens[j].text.clone());
            j += 1;
        }
        row.values = align(run, 7);
        let last = row.is_carry_forward();
        rows.push(row);
        i = j;
        end = j;
        if last {
            break;
        }
    }
    let mut cells = applications_header();
    place_app_rows(&rows, &mut cells);
    Rebuilt { table: Table::from_cells(cells), start, end }
}

/// Lays the rows out as the template does: 一、二、四、 across the label
/// columns; 三、本年度办理结果 down column 0; each （三）…（六） group label down
/// column 1 beside its numbered items (wherever the flattening put it: a
/// vertically centred label lands on a middle row); numbered items in column 2.
fn place_app_rows(rows: &[AppRow], cells: &mut Vec<Cell>) {
    const TOP: usize = 3;
    let mut three: Option<(usize, String)> = None; // (first row, label) of 三、
    let mut three_end = 0;
    let mut k = 0;
    while k < rows.len() {
        let row = &rows[k];
        let r = TOP + k;
        if row.one_is_data() {
            cells.push(cell(r, 0, 1, 3, row.one.as_deref().unwrap_or_default()));
            k += 1;
            continue;
        }
        // Inside 三、本年度办理结果.
        if three.is_none() {
            three = Some((r, String::new()));
        }
        if let Some(l) = &row.one
            && let Some((_, t)) = three.as_mut()
            && t.is_empty()
        {
            *t = l.clone();
        }
        three_end = r;
        if row.three.is_none() {
            cells.push(cell(r, 1, 1, 2, row.two.as_deref().unwrap_or_default()));
            k += 1;
            continue;
        }
        // A group of numbered items: runs while the numbers go up.
        let mut g = k;
        let mut last_no = 0;
        let mut label: Option<&str> = None;
        while g < rows.len() {
            let Some((no, _)) = &rows[g].three else { break };
            // The group's first row always belongs to it (a `0.` item must not stall the walk).
            if g > k && (*no <= last_no || rows[g].one_is_data()) {
                break;
            }
            if g > k && rows[g].two.is_some() && label.is_some() {
                break;
            }
            last_no = *no;
            if let Some(l) = &rows[g].two {
                label = Some(l);
            }
            if let Some(l) = &rows[g].one
                && let Some((_, t)) = three.as_mut()
                && t.is_empty()
            {
                *t = l.clone();
            }
            g += 1;
        }
        if let Some(l) = label {
            cells.push(cell(r, 1, g - k, 1, l));
        }
        for (m, row) in rows[k..g].iter().enumerate() {
            let text = row.three.as_ref().map(|(_, t)| t.as_str()).unwrap_or_default();
            cells.push(cell(r + m, 2, 1, 1, text));
        }
        three_end = TOP + g - 1;
        k = g;
    }
    if let Some((first, label)) = three
        && !label.is_empty()
    {
        cells.push(cell(first, 0, three_end - first + 1, 1, &label));
    }
    for (k, row) in rows.iter().enumerate() {
        for (c, v) in row.values.iter().enumerate() {
            cells.push(cell(TOP + k, 3 + c, 1, 1, v));
        }
    }
}

// ---------------------------------------------------------------- 表四

const REVIEW_FIELDS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

fn reviews(tokens: &[Token], start: usize) -> Rebuilt {
    let mut cells = vec![cell(0, 0, 1, 5, "行政复议"), cell(0, 5, 1, 10, "行政诉讼")];
    for (k, f) in REVIEW_FIELDS.iter().enumerate() {
        cells.push(cell(1, k, 2, 1, f));
        cells.push(cell(2, 5 + k, 1, 1, f));
        cells.push(cell(2, 10 + k, 1, 1, f));
    }
    cells.push(cell(1, 5, 1, 5, "未经复议直接起诉"));
    cells.push(cell(1, 10, 1, 5, "复议后起诉"));
    // Header cells run to the first value; the data row is the run after it.
    let mut i = start;
    while i < tokens.len() && tokens[i].kind != Kind::Value {
        // Prose (not a header line, however laid out) ends the search.
        if tokens[i].kind == Kind::Text && tokens[i].text.chars().filter(|c| !c.is_whitespace()).nth(60).is_some() {
            break;
        }
        i += 1;
    }
    let mut run = Vec::new();
    let mut j = i;
    if tokens.get(i).is_some_and(|t| t.kind == Kind::Value) {
        while j < tokens.len() && tokens[j].kind != Kind::Text {
            run.push(tokens[j].text.clone());
            j += 1;
        }
    }
    if !run.is_empty() {
        // Placeholders before the values belong to the header rows.
        for (k, v) in align(run, 15).iter().enumerate() {
            cells.push(cell(3, k, 1, 1, v));
        }
    }
    Rebuilt { table: Table::from_cells(cells), start, end: j.max(i) }
}
