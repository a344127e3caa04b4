//! The printed labels of the national tables (FORMAT.md): a label cell that
//! OCR read with a wrong character or two (子以公开 for 予以公开) is taken
//! as the label it is closest to, when it is close enough. Values are never
//! touched here.

const LABELS: &[&str] = &[
    // 表二 (2021 and 2019)
    "信息内容",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "规章",
    "行政规范性文件",
    "规范性文件",
    "本年处理决定数量",
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "本年收费金额（单位：万元）",
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "处理决定数量",
    "其他对外管理服务事项",
    "政府集中采购",
    "采购项目数量",
    "采购总金额",
    // 表三
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "总计",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
    // 表四
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "未经复议直接起诉",
    "复议后起诉",
];

use crate::norm::edit_distance as distance;

/// Brackets, stops and quotes as OCR gives them, for comparing only.
fn fold(c: char) -> char {
    match c {
        '(' | '{' | '[' | '【' | '〈' => '（',
        ')' | '}' | ']' | '】' | '〉' => '）',
        ',' => '，',
        ':' => '：',
        '"' | '\'' | '”' | '‘' | '’' => '“',
        c => c,
    }
}

/// The template label `text` was meant to be, if it is one read with a few
/// wrong characters.
pub fn snap(text: &str) -> Option<&'static str> {
    let t: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).map(fold).collect();
    if t.len() < 2 || t.len() > 60 {
        return None;
    }
    if let Some(label) = enumerated(&t) {
        return Some(label);
    }
    // The nearest label and the distance of the next nearest.
    let mut best: Option<(usize, &'static str)> = None;
    let mut runner_up = usize::MAX;
    for label in LABELS {
        let l: Vec<char> = label.chars().map(fold).collect();
        if l.len().abs_diff(t.len()) > l.len() / 4 + 1 {
            continue;
        }
        let d = distance(&t, &l);
        if d == 0 {
            return None;
        }
        match best {
            Some((bd, _)) if d >= bd => runner_up = runner_up.min(d),
            _ => {
                runner_up = runner_up.min(best.map_or(usize::MAX, |b| b.0));
                best = Some((d, label));
            }
        }
    }
    let (d, label) = best?;
    let n = label.chars().count();
    // Close to one label, or (a long label badly read) far closer to it
    // than to any other.
    let close = d <= (n / 5).max(1) || (d * 10 <= n * 3 && runner_up >= d + 3);
    close.then_some(label)
}

/// A label's enumerator (`（一）`, `1.`) and the text after it; OCR
/// garbles the brackets and stops most, so only the numeral is kept.
fn split_enumerator(t: &[char]) -> Option<(char, &[char])> {
    let skip = |c: &char| "（）.．、，,·".contains(*c);
    let start = t.iter().position(|c| !skip(c))?;
    let numeral = t[start];
    if !"一二三四五六七123456789".contains(numeral) {
        return None;
    }
    let rest = &t[start + 1..];
    let body = rest.iter().position(|c| !skip(c)).unwrap_or(rest.len());
    // A numeral with no bracket or stop after it starts a word (一本…).
    (body > 0 || start > 0).then_some((numeral, &rest[body..]))
}

/// An enumerated row label read with its numeral right and its words
/// nearly so: `(一冯以公开` is （一）予以公开, `(七道计` （七）总计.
fn enumerated(t: &[char]) -> Option<&'static str> {
    let (numeral, rest) = split_enumerator(t)?;
    let mut best: Option<(usize, &'static str)> = None;
    let mut tie = false;
    for label in LABELS {
        let l: Vec<char> = label.chars().map(fold).collect();
        let Some((n, lrest)) = split_enumerator(&l) else { continue };
        if n != numeral || lrest.is_empty() {
            continue;
        }
        let d = distance(rest, lrest);
        if d * 3 > lrest.len().max(3) {
            continue;
        }
        match best {
            Some((bd, _)) if d > bd => {}
            Some((bd, _)) if d == bd => tie = true,
            _ => (best, tie) = (Some((d, *label)), false),
        }
    }
    let (d, label) = best.filter(|_| !tie)?;
    // Exact labels need no snapping (and keep their own brackets).
    (d > 0 || t.iter().collect::<String>() != label).then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snaps_misread_labels_only() {
        assert_eq!(snap("(一)子以公开"), Some("（一）予以公开"));
        assert_eq!(snap("本和 度办 理结 果"), Some("本年度办理结果"));
        assert_eq!(snap("结果 纠下"), Some("结果纠正"));
        assert_eq!(snap("行政许可"), None);
        assert_eq!(snap("公开"), None);
        assert_eq!(snap("(一冯以公开"), Some("（一）予以公开"));
        assert_eq!(snap("(七道计"), Some("（七）总计"));
        assert_eq!(snap("2.重复中请"), Some("2.重复申请"));
        assert_eq!(snap("肇庆市人民政府"), None);
        assert_eq!(snap("二、上午结转政府信息公开中请将重"), Some("二、上年结转政府信息公开申请数量"));
    }
}
