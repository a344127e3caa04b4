//! Tables pasted as pictures: some offices paste a screenshot or scan of
//! the statistical tables into an otherwise typed report. A reader lists
//! what stands in its document in reading order (text, tables, pictures);
//! [`wanted`] says which pictures stand where a table should and none does.
//! Those go through OCR (`scan::read_pictures`); the rest (logos, seals,
//! photos) are never decoded.

/// One thing in a document, in reading order.
#[derive(Debug, Clone, Copy)]
pub enum Slot<'a> {
    Text(&'a str),
    Table,
    /// A picture, by the reader's own index; `big` when it is large enough
    /// to hold a table (an icon or a rule is not).
    Picture {
        index: usize,
        big: bool,
    },
}

/// Pixels a picture needs on each side to hold a readable table.
pub const MIN_SIDE: usize = 150;

/// Whether a picture shown `w` × `h` points can hold a table (an icon, a
/// logo, a rule cannot).
pub fn shown_big(w: f32, h: f32) -> bool {
    w >= 72.0 && h >= 24.0
}

/// The note that says how many tables were read from pictures.
pub fn found_note(found: usize, from: &str) -> Option<(String, String)> {
    let s = if found == 1 { "" } else { "s" };
    (found > 0).then(|| ("tables_from_pictures".into(), format!("{found} table{s} read by OCR from {from}")))
}

/// Text this long is no heading (un-numbered); a numbered heading's title
/// is within its first this many characters.
const MAX_HEADING_CHARS: usize = 48;

const NUMERALS: &str = "一二三四五六七八九十";

/// A top-level heading's numbering at the start of `t` (`五、`), if any.
fn numbered(t: &str) -> bool {
    let n = t.chars().take_while(|c| NUMERALS.contains(*c)).count();
    n > 0 && t.chars().nth(n).is_some_and(|c| "、．.".contains(c))
}

/// The parts of a paragraph that may be headings: its start, and each
/// numbered heading after a sentence's end (a PDF's paragraphs can run a
/// heading into the sentence before it).
fn parts(text: &str) -> impl Iterator<Item = String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let chars: Vec<char> = t.chars().collect();
    let mut starts = vec![0];
    for i in 1..chars.len() {
        if "。；;！".contains(chars[i - 1]) && numbered(&chars[i..].iter().take(3).collect::<String>()) {
            starts.push(i);
        }
    }
    let ends: Vec<usize> = starts.iter().skip(1).copied().chain([chars.len()]).collect();
    starts.into_iter().zip(ends).map(move |(a, b)| chars[a..b].iter().collect())
}

/// A heading of one of the three statistical tables' sections (二、主动公开
/// …, 三、收到和处理…申请情况, 四、…行政复议、行政诉讼情况), numbered or not;
/// never a sub-heading `（一）…` of the overview.
fn table_heading(t: &str) -> bool {
    if t.starts_with(['（', '(']) || (!numbered(t) && t.chars().count() > MAX_HEADING_CHARS) {
        return false;
    }
    let title: String = t.chars().take(MAX_HEADING_CHARS).collect();
    let body = title.trim_start_matches(|c: char| NUMERALS.contains(c) || "、．.0123456789".contains(c));
    (body.starts_with("主动公开") && title.contains("情况"))
        || title.contains("收到和处理")
        || (title.contains("依申请公开") && title.contains("情况"))
        || (title.contains("行政复议") && (title.contains("行政诉讼") || title.contains("情况")))
}

/// The pictures to read: the big ones in a table section (from its
/// heading to the next heading) that holds no table. When the text names no
/// table section and the document has no table at all, every big picture
/// (the headings may be in the pictures too).
pub fn wanted<'a>(slots: impl IntoIterator<Item = Slot<'a>>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut all_big = Vec::new();
    let (mut sections, mut tables) = (0, 0);
    // The open section: its pictures, and whether a table stood in it.
    let mut open: Option<(Vec<usize>, bool)> = None;
    let close = |open: &mut Option<(Vec<usize>, bool)>, out: &mut Vec<usize>| {
        if let Some((pictures, false)) = open.take() {
            out.extend(pictures);
        }
    };
    for slot in slots {
        match slot {
            Slot::Text(text) => {
                for part in parts(text) {
                    if table_heading(&part) {
                        close(&mut open, &mut out);
                        open = Some((Vec::new(), false));
                        sections += 1;
                    } else if numbered(&part) {
                        close(&mut open, &mut out);
                    }
                }
            }
            Slot::Table => {
                tables += 1;
                if let Some((_, has)) = open.as_mut() {
                    *has = true;
                }
            }
            Slot::Picture { index, big } if big => {
                all_big.push(index);
                if let Some((pictures, _)) = open.as_mut() {
                    pictures.push(index);
                }
            }
            Slot::Picture { .. } => {}
        }
    }
    close(&mut open, &mut out);
    if sections == 0 && tables == 0 { all_big } else { out }
}

/// Whether the wanted pictures are to be read; else the note that says
/// they were not (`--ocr never`).
pub fn ocr_off(wanted: usize) -> Option<(String, String)> {
    (wanted > 0 && crate::read::scan::mode() == crate::read::scan::OcrMode::Never).then(|| {
        let s = if wanted == 1 { "" } else { "s" };
        ("ocr_off".into(), format!("{wanted} picture{s} where tables should be left unread (--ocr never)"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pic(index: usize) -> Slot<'static> {
        Slot::Picture { index, big: true }
    }

    #[test]
    fn pictures_stand_in_sections_without_tables() {
        let slots = [
            Slot::Text("2023年某县人民政府政府信息公开工作年度报告"),
            pic(0),
            Slot::Text("一、总体情况"),
            Slot::Text("（一）主动公开情况"),
            pic(1),
            Slot::Text("二、主动公开政府信息情况"),
            Slot::Table,
            Slot::Text("三、收到和处理政府信息公开申请情况"),
            pic(2),
            pic(3),
            Slot::Picture { index: 4, big: false },
            Slot::Text("四、政府信息公开行政复议、行政诉讼情况"),
            pic(5),
            Slot::Text("五、存在的主要问题及改进情况"),
            pic(6),
        ];
        // The logo (0), the overview's photo (1), the icon (4) and the
        // picture after 五 (6) are not read; nor is table 二, typed.
        assert_eq!(wanted(slots), vec![2, 3, 5]);
    }

    #[test]
    fn without_headings_or_tables_every_big_picture_is_read() {
        let slots = [Slot::Text("某某局2023年度报告"), pic(0), Slot::Picture { index: 1, big: false }, pic(2)];
        assert_eq!(wanted(slots), vec![0, 2]);
        let typed = [Slot::Text("某某局2023年度报告"), Slot::Table, pic(0)];
        assert!(wanted(typed).is_empty());
    }

    #[test]
    fn headings_are_told_from_sentences() {
        assert!(table_heading("二、主动公开政府信息情况"));
        assert!(table_heading("三、收到和处理政府信息公开申请情况"));
        assert!(table_heading("四、政府信息公开行政复议、行政诉讼情况"));
        assert!(!table_heading("（二）依申请公开情况"));
        assert!(!table_heading(
            "本年度共收到政府信息公开申请35件，其中自然人申请30件，已全部按时办结，行政复议和行政诉讼均为零。"
        ));
        assert!(numbered("五、存在的主要问题及改进情况"));
        assert!(!numbered("（五）其他"));
        // A heading run into the sentence before it is still one.
        let slots = [
            Slot::Text("扎实做好各项工作。二、主动公开政府信息情况"),
            pic(0),
            Slot::Text("三、收到和处理政府信息公开申请情况"),
            Slot::Table,
        ];
        assert_eq!(wanted(slots), vec![0]);
    }
}
