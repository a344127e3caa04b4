//! Page chrome: the lines a saved web page (or text copied from one) carries
//! around the report (`扫一扫在手机打开当前页`, `相关解读`, `下载:….docx`,
//! print/close buttons). Readers drop them so they are never read as report
//! text, e.g. as the last lines of 六、其他需要报告的事项 or as the signature.
//! The page's own metadata lines (`发布机构:市信访局`) are read here too.

/// Lines that are chrome whatever surrounds them (compared without spaces).
const EXACT: &[&str] = &[
    "扫一扫在手机打开当前页",
    "扫一扫在手机上查看当前页面",
    "扫一扫在手机打开",
    "手机扫一扫",
    "相关解读",
    "相关链接",
    "相关文件",
    "相关新闻",
    "相关阅读",
    "政策解读",
    "图片解读",
    "打印",
    "打印本页",
    "【打印】",
    "[打印]",
    "【打印本页】",
    "关闭",
    "关闭窗口",
    "【关闭】",
    "[关闭]",
    "【关闭窗口】",
    "返回顶部",
    "收藏",
    "分享",
    "分享到",
    "分享到：",
    "分享到:",
    "字号",
    "【字体：大中小】",
    "【字体:大中小】",
    "字体：大中小",
    "字体:大中小",
    "【大中小】",
    "上一篇",
    "下一篇",
];

/// Line starts that mark chrome.
const PREFIXES: &[&str] = &["当前位置", "您现在的位置", "您当前的位置", "分享到：", "分享到:", "【字体", "字体："];

const DOWNLOAD_EXTS: &[&str] = &[".doc", ".docx", ".pdf", ".wps", ".xls", ".xlsx", ".zip", ".rar", ".ofd"];

/// Is this line (or paragraph) page chrome rather than report text?
pub fn is_chrome(line: &str) -> bool {
    let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if squeezed.is_empty() || squeezed.chars().count() > 120 {
        return false;
    }
    if EXACT.contains(&squeezed.as_str()) || PREFIXES.iter().any(|p| squeezed.starts_with(p)) {
        return true;
    }
    // `下载:湘乡市信访局2022年政府信息公开工作年度报告.docx`, `附件下载：…pdf`.
    let lower = squeezed.to_lowercase();
    let download = ["下载:", "下载：", "附件:", "附件：", "附件下载"].iter().any(|p| lower.starts_with(p));
    download && DOWNLOAD_EXTS.iter().any(|e| lower.ends_with(e))
}

/// The value of a page-metadata field written `KEY:value`, `KEY：value` or
/// `KEY | value` (`发布机构:市信访局 发布目录:…` → `市信访局`).
pub fn labelled_value(line: &str, key: &str) -> Option<String> {
    let i = line.find(key)?;
    let rest = line[i + key.len()..].trim_start_matches([' ', '\u{3000}', '\t']);
    let rest = rest.strip_prefix([':', '：', '|'])?;
    let v: String = rest
        .trim_start_matches([' ', '\u{3000}', '\t'])
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '|')
        .collect();
    (!v.is_empty() && v.chars().count() <= 40).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_lines() {
        assert!(is_chrome("扫一扫在手机打开当前页"));
        assert!(is_chrome("  相关解读 "));
        assert!(is_chrome("下载:湘乡市信访局2022年政府信息公开工作年度报告.docx"));
        assert!(is_chrome("【字体：大 中 小】"));
        assert!(!is_chrome("六、其他需要报告的事项"));
        assert!(!is_chrome("湘乡市信访局"));
        assert!(!is_chrome("本年度报告电子版可从门户网站下载。"));
    }

    #[test]
    fn metadata_values() {
        let line = "索引号:4303000006/2023-1193064 发布机构:市信访局 发布目录:信息公开年度报告";
        assert_eq!(labelled_value(line, "发布机构").as_deref(), Some("市信访局"));
        assert_eq!(labelled_value("发布机构 | 宁国市商务局", "发布机构").as_deref(), Some("宁国市商务局"));
        assert_eq!(labelled_value("各发布机构应当及时更新", "发布机构"), None);
    }
}
