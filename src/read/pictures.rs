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

/// Text this long is no heading.
const MAX_HEADING_CHARS: usize = 48;

/// A heading of one of the three statistical tables' sections (二、主动公开
/// …, 三、收到和处理…申请情况, 四、…行政复议、行政诉讼情况), numbered or not;
/// never a sub-heading `（一）…` of the overview.
fn table_heading(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.chars().count() > MAX_HEADING_CHARS || t.starts_with(['（', '(']) {
        return false;
    }
    let body = t.trim_start_matches(|c: char| "一二三四五六七八九十、．.0123456789".contains(c));
    (body.starts_with("主动公开") && t.contains("情况"))
        || t.contains("收到和处理")
        || (t.contains("依申请公开") && t.contains("情况"))
        || (t.contains("行政复议") && (t.contains("行政诉讼") || t.contains("情况")))
}

/// A top-level heading (`五、…`), which ends a section.
fn any_heading(text: &str) -> bool {
    let t = text.trim_start();
    let numeral = t.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).count();
    numeral > 0 && t.chars().nth(numeral).is_some_and(|c| "、．.".contains(c))
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
            Slot::Text(t) if table_heading(t) => {
                close(&mut open, &mut out);
                open = Some((Vec::new(), false));
                sections += 1;
            }
            Slot::Text(t) if any_heading(t) => close(&mut open, &mut out),
            Slot::Text(_) => {}
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
        assert!(any_heading("五、存在的主要问题及改进情况"));
        assert!(!any_heading("（五）其他"));
    }
}
