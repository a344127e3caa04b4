//! Printed labels to schema keys. Labels are normalised first (NFKC width
//! folding, whitespace and line breaks removed, quotes unified, traditional
//! characters seen on mirror sites folded) and then matched on key tokens,
//! never on whole strings: real reports carry typos and variants
//! (FORMAT.md §6.1), e.g. `本年度止件数`, `其他法律行政止公开`, `上年度结转`.

use unicode_normalization::UnicodeNormalization;

/// Normalises a printed label for matching.
pub fn norm(s: &str) -> String {
    // `檔案` is the zh-TW localisation of `文件` (FORMAT.md §6.1).
    let s = if s.contains('檔') {
        std::borrow::Cow::Owned(s.replace("檔案", "文件"))
    } else {
        std::borrow::Cow::Borrowed(s)
    };
    let mut out = String::with_capacity(s.len());
    for c in s.nfkc() {
        if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
            continue;
        }
        out.push(match c {
            '“' | '”' | '‘' | '’' | '\'' | '「' | '」' => '"',
            '（' => '(',
            '）' => ')',
            // Traditional forms seen on 繁體 mirror sites.
            '規' => '规',
            '範' => '范',
            '開' => '开',
            '請' => '请',
            '數' => '数',
            '總' => '总',
            '計' => '计',
            '結' => '结',
            '轉' => '转',
            '處' => '处',
            '與' => '与',
            '會' => '会',
            '織' => '织',
            '機' => '机',
            '構' => '构',
            '務' => '务',
            '訴' => '诉',
            '復' => '复',
            '議' => '议',
            '審' => '审',
            '維' => '维',
            '糾' => '纠',
            '權' => '权',
            '強' => '强',
            '費' => '费',
            '許' => '许',
            '罰' => '罚',
            '項' => '项',
            '條' => '条',
            '關' => '关',
            '這' => '这',
            'ー' | '－' | '—' | '–' => '-',
            c => c,
        });
    }
    out
}

/// Removes parenthesised glosses: `规章（设区的市…应提供相关数据）` → `规章`.
/// Expects normalised text (ASCII parentheses).
pub fn strip_parens(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Removes leading numbering: `一、`, `(一)`, `1.`, `1、`, `3.`.
pub fn strip_numbering(s: &str) -> &str {
    let mut t = s.trim_start_matches(['(', ')', '.', '、', ',', ':']);
    loop {
        let before = t;
        t = t.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
        t = t.trim_start_matches(['(', ')', '.', '、', ',', ':']);
        if t == before {
            return t;
        }
    }
}

/// 表三 row key for a row label (normalised). `group` is the normalised text
/// of the label cells to its left, used where the label alone is ambiguous
/// (`3.其他` under `（六）其他处理`).
pub fn app_row(label: &str) -> Option<&'static str> {
    let l = label;
    let has = |k: &str| l.contains(k);
    // Order matters: more specific tokens first.
    let key = if has("结转下") || has("下年度继续") || has("下一年度") {
        "carried_forward"
    } else if has("新收") {
        "new_received"
    } else if has("上年") && has("结转") {
        "carried_over"
    } else if has("部分公开") {
        "partially_granted"
    } else if has("予以公开") {
        "granted"
    } else if has("国家秘密") {
        "denied_state_secret"
    } else if has("其他法律") || has("法规禁止") {
        "denied_other_law"
    } else if has("三安全") || has("一稳定") {
        "denied_three_safeties"
    } else if has("第三方") {
        "denied_third_party"
    } else if has("内部事务") {
        "denied_internal_affairs"
    } else if has("过程性") {
        "denied_process_info"
    } else if has("执法案卷") {
        "denied_enforcement_case"
    } else if has("行政查询") {
        "denied_administrative_query"
    } else if has("不掌握") {
        "unable_not_held"
    } else if has("另行制作") || has("现成信息") {
        "unable_needs_creation"
    } else if has("逾期不补正") || has("不再处理其政府信息公开申请") && has("补正") {
        "other_no_correction"
    } else if has("补正后") || has("仍不明确") {
        "unable_unclear"
    } else if has("信访") || has("举报投诉") {
        "rejected_petition"
    } else if has("重复申请") {
        "rejected_duplicate"
    } else if has("出版物") {
        "rejected_publication"
    } else if has("大量反复") {
        "rejected_mass_repeat"
    } else if has("重新出具") || has("确认或") {
        "rejected_confirmation"
    } else if has("缴纳费用") || has("收费通知") {
        "other_unpaid_fee"
    } else if has("其他处理") {
        "other"
    } else if strip_numbering(l) == "其他" {
        "other_misc"
    } else if has("总计") || has("合计") {
        "total"
    } else {
        return None;
    };
    Some(key)
}

/// Group labels of 表三 that carry no values of their own in the 2021 grid.
pub fn is_app_group_label(label: &str) -> bool {
    ["不予公开", "无法提供", "不予处理", "本年度办理结果", "办理结果"].iter().any(|g| strip_numbering(label) == *g)
}

/// 表三 column key for a header label (normalised).
pub fn app_col(label: &str) -> Option<usize> {
    let l = strip_parens(label);
    let idx = match l.as_str() {
        s if s.contains("自然人") => 0,
        s if s.contains("商业") => 1,
        s if s.contains("科研") => 2,
        s if s.contains("公益") => 3,
        s if s.contains("法律服务") => 4,
        s if s.contains("总计") || s.contains("合计") => 6,
        "其他" | "其他组织" => 5,
        _ => return None,
    };
    Some(idx)
}

/// 表二 item key for a row label (normalised, glosses stripped).
pub fn active_item(label: &str) -> Option<&'static str> {
    let l = strip_parens(label);
    let l = strip_numbering(&l);
    let key = if l.contains("规范性文件") {
        "normative_documents"
    } else if l.contains("规章") {
        "regulations"
    } else if l.contains("其他对外管理服务") {
        "other_services"
    } else if l.contains("行政许可") {
        "licensing"
    } else if l.contains("行政处罚") {
        "penalties"
    } else if l.contains("行政强制") {
        "coercion"
    } else if l.contains("事业性收费") {
        "fees"
    } else if l.contains("集中采购") {
        "procurement"
    } else {
        return None;
    };
    Some(key)
}

/// 表二 field key for a column header (normalised), with the template it
/// belongs to where that is telling (`None` for both).
pub fn active_field(label: &str) -> Option<(&'static str, Option<super::schema::Template>)> {
    use super::schema::Template::{T2019, T2021};
    let l = label;
    let f = if l.contains("制发") {
        ("issued", Some(T2021))
    } else if l.contains("废止") || l.contains("度止") {
        ("repealed", Some(T2021))
    } else if l.contains("现行有效") {
        ("in_force", Some(T2021))
    } else if l.contains("收费金额") {
        ("amount", Some(T2021))
    } else if l.contains("新制作") {
        ("produced", Some(T2019))
    } else if l.contains("新公开") {
        ("published", Some(T2019))
    } else if l.contains("公开总") {
        ("total_published", Some(T2019))
    } else if l.contains("上一年") || l.contains("项目数量") && !l.contains("采购") {
        ("previous_items", Some(T2019))
    } else if l.contains("增") || l.contains("减") {
        ("change", Some(T2019))
    } else if l.contains("采购项目") {
        ("projects", Some(T2019))
    } else if l.contains("采购总金额") || l.contains("采购金额") {
        ("amount", Some(T2019))
    } else if l.contains("处理决定") {
        ("decisions", None)
    } else {
        return None;
    };
    Some(f)
}

/// 表四 group for the header texts covering a column (normalised).
pub fn review_group(texts: &[String]) -> Option<usize> {
    let any = |k: &str| texts.iter().any(|t| t.contains(k));
    if any("未经复议") || any("直接起诉") {
        Some(1)
    } else if any("复议后") {
        Some(2)
    } else if any("行政复议") {
        Some(0)
    } else {
        None
    }
}

/// 表四 field for a header label (normalised).
pub fn review_field(label: &str) -> Option<usize> {
    let l = label;
    if l.contains("维持") {
        Some(0)
    } else if l.contains("纠正") {
        Some(1)
    } else if l.contains("其他") {
        Some(2)
    } else if l.contains("尚未") || l.contains("审结") || l.contains("未审") {
        Some(3)
    } else if l.contains("总计") || l.contains("合计") || l == "总" {
        Some(4)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_width_space_and_quotes() {
        assert_eq!(norm("（二） 部分公开\n(区分处理的，只计这一情 形)"), "(二)部分公开(区分处理的,只计这一情形)");
        assert_eq!(norm("3.危及‘三安全一稳定’"), "3.危及\"三安全一稳定\"");
        assert_eq!(norm("商业\n企业"), "商业企业");
        assert_eq!(norm("規範性檔案"), "规范性文件");
    }

    #[test]
    fn row_labels_with_typos_and_variants() {
        let r = |s: &str| app_row(&norm(s));
        assert_eq!(r("一、本年度新收政府信息公开申请数量"), Some("new_received"));
        assert_eq!(r("二、上年度结转政府信息公开申请数量"), Some("carried_over"));
        assert_eq!(r("四、结转下一年度继续办理"), Some("carried_forward"));
        assert_eq!(r("2.其他法律行政止公开"), Some("denied_other_law"));
        assert_eq!(r("3.补正后申请内容仍不明确"), Some("unable_unclear"));
        assert_eq!(r("1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"), Some("other_no_correction"));
        assert_eq!(
            r("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            Some("other_unpaid_fee")
        );
        assert_eq!(r("3.其他"), Some("other_misc"));
        assert_eq!(r("（六）其他处理"), Some("other"));
        assert_eq!(r("（七）总 计"), Some("total"));
        assert_eq!(r("5.要求行政机关确认或重 新出具已获取信息"), Some("rejected_confirmation"));
        assert_eq!(r("（三）不予公开"), None);
    }

    #[test]
    fn table_two_labels() {
        assert_eq!(active_item(&norm("规章（设区的市、自治州人民政府应提供相关数据）")), Some("regulations"));
        assert_eq!(active_item(&norm("规范性文件")), Some("normative_documents"));
        assert_eq!(active_field(&norm("本年度止件数")).map(|f| f.0), Some("repealed"));
        assert_eq!(active_field(&norm("本年增/减")).map(|f| f.0), Some("change"));
        assert_eq!(active_field(&norm("采购总金额")).map(|f| f.0), Some("amount"));
    }
}
