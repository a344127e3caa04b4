//! Organ, year and free-text sections from the paragraphs (FORMAT.md §7):
//! the title first (`湘乡市信访局2022年政府信息公开工作年度报告`, or split over
//! lines as `2022年永州市人民政府办公室` / `信息公开工作年度报告`), then the
//! statistics-period sentence and the signature as fallbacks.

use super::Sections;
use crate::document::Document;

pub struct Meta {
    pub organ: Option<String>,
    pub year: Option<i32>,
    pub sections: Sections,
}

/// Title endings, longest first: what precedes them is year and organ.
const TITLE_ENDS: &[&str] = &[
    "政府信息公开工作年度报告",
    "信息公开工作年度报告",
    "政务公开工作年度报告",
    "公开工作年度报告",
    "工作年度报告",
    "年度报告",
];

pub fn read(doc: &Document) -> Meta {
    let paras: Vec<String> = doc.paragraphs().map(|p| squeeze(&p.text)).filter(|s| !s.is_empty()).collect();
    let title = title(&paras).or_else(|| doc.meta_title.as_deref().map(squeeze).filter(|t| t.contains("报告")));
    let (mut organ, mut year) = title.as_deref().map(parse_title).unwrap_or((None, None));
    if year.is_none() {
        year = paras.iter().take(60).find_map(|p| period_year(p));
    }
    if organ.is_none() {
        organ = signature(&paras);
    }
    if doc.ocr_text {
        organ = organ.map(|o| by_recurrence(o, &paras));
    }
    Meta { organ, year, sections: sections(&paras) }
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The title: the first paragraph (of the first ten) that names the annual
/// report, with up to two short lines before it that belong to it.
fn title(paras: &[String]) -> Option<String> {
    // Web-page metadata lines (`索引号:… 发布目录:信息公开年度报告`) and
    // breadcrumbs (`当前位置：首页 > … > 年度报告`, printed with the page)
    // name the report too but are not its title.
    let is_title = |p: &String| {
        (p.ends_with("年度报告") || p.contains("工作年度报告"))
            && p.chars().count() <= 60
            && !["索引号", "发布目录", "发布机构", "发布时间", "位置", ">", "›", "»"].iter().any(|k| p.contains(k))
    };
    let i = paras.iter().take(12).position(is_title)?;
    let mut t = paras[i].clone();
    let mut j = i;
    while j > 0 && i - j < 2 {
        let prev = &paras[j - 1];
        if prev.chars().count() > 30 || prev.contains(['。', '，', '：', ':']) {
            break;
        }
        t.insert_str(0, prev);
        j -= 1;
        if has_year(prev)
            || !t.starts_with(|c: char| c.is_ascii_digit())
                && prev.ends_with(['局', '府', '室', '处', '会', '委', '院', '区', '县', '市', '镇', '乡', '厅', '办'])
        {
            break;
        }
    }
    Some(t)
}

fn has_year(s: &str) -> bool {
    find_year(s).is_some()
}

/// A plausible reporting year (2000-2099) followed by 年: (start, end, year).
fn find_year(s: &str) -> Option<(usize, usize, i32)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i] == b'2'
            && b[i + 1] == b'0'
            && b[i + 2].is_ascii_digit()
            && b[i + 3].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_digit())
        {
            let rest = &s[i + 4..];
            if rest.starts_with('年') {
                let y = s[i..i + 4].parse().ok()?;
                let mut end = i + 4 + '年'.len_utf8();
                if s[end..].starts_with('度') {
                    end += '度'.len_utf8();
                }
                return Some((i, end, y));
            }
        }
        i += 1;
    }
    None
}

/// Splits a title into organ and year.
fn parse_title(t: &str) -> (Option<String>, Option<i32>) {
    let cut = TITLE_ENDS.iter().filter_map(|e| t.find(e)).min().unwrap_or(t.len());
    let mut head = t[..cut].to_string();
    let mut year = None;
    if let Some((s, e, y)) = find_year(&head) {
        year = Some(y);
        head.replace_range(s..e, "");
    }
    let mut organ = head.trim_matches(|c: char| "《》“”\"，,：:的".contains(c)).to_string();
    if let Some(rest) = organ.strip_suffix("关于") {
        organ = rest.to_string();
    }
    // `XX县人民政府信息公开…` lost its 政府 to the title ending.
    if organ.ends_with("人民") {
        organ.push_str("政府");
    }
    let organ = (!organ.is_empty() && organ.chars().count() <= 40).then_some(organ);
    (organ, year)
}

/// `统计期限自2023年1月1日起至2023年12月31日止`, `2022年，…` (first body line).
fn period_year(p: &str) -> Option<i32> {
    for key in ["统计期限", "统计时限", "统计时间", "统计期间"] {
        if let Some(i) = p.find(key) {
            return find_year(&p[i..]).map(|(_, _, y)| y);
        }
    }
    None
}

/// The signature block: a short organ name just before a date line at the end.
fn signature(paras: &[String]) -> Option<String> {
    let tail = &paras[paras.len().saturating_sub(4)..];
    tail.iter()
        .rev()
        .find(|p| {
            p.chars().count() <= 30
                && !has_year(p)
                && p.ends_with(['局', '府', '室', '处', '会', '委', '院', '厅', '办', '心', '所', '站', '队'])
        })
        .cloned()
}

/// An OCR'd title's organ checked against its other mentions (the
/// signature, `本报告由…编制`): Tesseract reads a title's bold display
/// face worse than body text, so when the text names a near-identical
/// organ (same ending, a few characters apart) at least as often, that
/// spelling wins (`蓝庆市人民政府办公室` in the title, `肇庆市…` signed),
/// a title's mention counting half.
fn by_recurrence(organ: String, paras: &[String]) -> String {
    let t: Vec<char> = organ.chars().collect();
    let n = t.len();
    if n < 5 {
        return organ;
    }
    let max_d = (n / 3).max(1);
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        // A title's bold face reads worse: its mention (a title line, or a
        // short line above it) counts half.
        let title_like = p.contains("年度报") || (i < 3 && p.chars().count() <= 30);
        let weight = if title_like { 1 } else { 2 };
        let c: Vec<char> = p.chars().collect();
        // Each place where the organ's last three characters end.
        for end in 3..=c.len() {
            if c[end - 3..end] != t[n - 3..] {
                continue;
            }
            // Names start where a phrase does (`本报告由…`, a line's start):
            // such a window first, then the nearest spelling.
            let starts_phrase =
                |s: usize| s == 0 || "由，。：:、）)年 ".contains(c[s - 1]) || c[s - 1].is_ascii_digit();
            let best = (n.saturating_sub(2)..=n + 2)
                .filter(|&len| len <= end)
                .map(|len| (!starts_phrase(end - len), edit_distance(&c[end - len..end], &t), len.abs_diff(n), len))
                .filter(|b| b.1 <= max_d)
                .min();
            if let Some((inside, _, _, len)) = best {
                let w: String = c[end - len..end].iter().collect();
                // A mention that starts a phrase is surely whole: it counts double.
                let weight = if inside { weight } else { weight * 2 };
                match counts.iter_mut().find(|(s, _)| *s == w) {
                    Some((_, k)) => *k += weight,
                    None => counts.push((w, weight)),
                }
            }
        }
    }
    let own = counts.iter().find(|(s, _)| *s == organ).map_or(0, |c| c.1);
    // The most mentioned spelling; the first met of equals; the organ as
    // found when no other is mentioned more.
    let mut best: Option<(String, usize)> = None;
    for (s, k) in counts {
        if k > own && best.as_ref().is_none_or(|b| k > b.1) {
            best = Some((s, k));
        }
    }
    best.map_or(organ, |b| b.0)
}

use crate::norm::edit_distance;

fn heading(p: &str, num: &str, keys: &[&str]) -> bool {
    p.starts_with(num) && p.chars().count() <= 40 && keys.iter().any(|k| p.contains(k))
}

fn sections(paras: &[String]) -> Sections {
    let find = |num: &str, keys: &[&str]| paras.iter().position(|p| heading(p, num, keys));
    let overview = find("一、", &["总体情况"]);
    let active = find("二、", &["主动公开"]);
    let problems = find("五、", &["问题", "改进"]);
    let other = find("六、", &["其他"]);
    let body = |start: Option<usize>, end: Option<usize>| -> Option<String> {
        let s = start? + 1;
        let e = end.filter(|&e| e >= s).unwrap_or(paras.len());
        let text = paras[s..e].join("\n");
        (!text.is_empty()).then_some(text)
    };
    Sections { overview: body(overview, active), problems: body(problems, other), other_matters: body(other, None) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_their_real_shapes() {
        let p = |t: &str| parse_title(t);
        assert_eq!(p("湘乡市信访局2022年政府信息公开工作年度报告"), (Some("湘乡市信访局".into()), Some(2022)));
        assert_eq!(
            p("2022年永州市人民政府办公室信息公开工作年度报告"),
            (Some("永州市人民政府办公室".into()), Some(2022))
        );
        assert_eq!(p("2022年肇庆市人民政府政府信息公开工作年度报告"), (Some("肇庆市人民政府".into()), Some(2022)));
        assert_eq!(
            p("远安县新店镇人民政府2022年度政府信息公开工作年度报告"),
            (Some("远安县新店镇人民政府".into()), Some(2022))
        );
        assert_eq!(p("某县人民政府信息公开工作年度报告"), (Some("某县人民政府".into()), None));
    }

    #[test]
    fn ocr_misread_organs_outvoted_by_their_mentions() {
        let paras = |t: &str, sig: &str| {
            let body = ["一、总体情况", "本机关坚持以公开为常态、不公开为例外。", "六、其他需要报告的事项"];
            let mut p = vec![t.to_string()];
            p.extend(body.iter().map(|s| s.to_string()));
            p.extend([sig.to_string(), "2025年1月24日".into()]);
            p
        };
        let p = paras("2024年于都有具退役军人事务局政府信息公开工作年度报告", "于都县退役军人事务局");
        assert_eq!(by_recurrence("于都有具退役军人事务局".into(), &p), "于都县退役军人事务局");
        assert_eq!(by_recurrence("于都县退役军人事务局".into(), &p), "于都县退役军人事务局");
        // A title that lost a character: the mention's whole name.
        let p = paras("安市新城街道办事处2023年政府信息公开工作年度报告", "宁安市新城街道办事处");
        assert_eq!(by_recurrence("安市新城街道办事处".into(), &p), "宁安市新城街道办事处");
        // A different body (the same ending, too far apart) is no misreading.
        let p = paras("湘乡市信访局2022年政府信息公开工作年度报告", "湘潭市人民政府信访局");
        assert_eq!(by_recurrence("湘乡市信访局".into(), &p), "湘乡市信访局");
    }

    #[test]
    fn split_titles_are_joined() {
        let paras: Vec<String> = ["仁怀市人力资源和社会保障局", "2023年政府信息公开工作年度报告", "本报告根据……编制。"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(title(&paras).as_deref(), Some("仁怀市人力资源和社会保障局2023年政府信息公开工作年度报告"));
    }
}
