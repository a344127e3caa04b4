//! Organ keys: one organ's reports line up across years although their
//! titles name it differently. The key of a name is, in this order:
//!
//! 1. width and spacing folded: NFKC (full-width letters, digits and
//!    brackets to half-width), whitespace, quotes and 《》 removed;
//! 2. a leading year (`2023年`, `2023年度`) and trailing title words removed
//!    (`年度`, `政府信息公开工作`, `信息公开工作`, `政务公开工作`, `工作`, `关于`, `的`);
//! 3. `政府` written `人民政府` (`XX区政府办公室` = `XX区人民政府办公室`), and the
//!    short forms `政府办`, `街道办` (at the end) and `管委会` written out;
//! 4. parent-region prefixes dropped: when the name opens with a chain of
//!    region names (a province, then names ending in 市/州/盟/区/县/旗), only
//!    the last of them is kept (`江苏省淮安市洪泽区人民政府` → `洪泽区人民政府`).
//!    Towns (镇/乡/街道) are never part of the chain, so a 街道办事处 keeps its
//!    district (`洪泽区高良涧街道办事处`) and never shares its 区人民政府's key;
//!    a development zone (开发区, 高新区…) is not a region, so its city stays.
//!    A name that is nothing but region names (`亭湖区`, from a title like
//!    `亭湖区2023年政府信息公开工作年度报告`) is that region's 人民政府.
//!
//! What the rules cannot know (an organ renamed, two districts of the same
//! name in different cities) goes in an organ map: `--organ-map FILE.csv`.

use std::collections::BTreeMap;
use std::path::Path;

use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

use crate::report::Report;

/// Provinces, autonomous regions and municipalities: the top of a chain.
const PROVINCES: &[&str] = &[
    "北京市",
    "天津市",
    "上海市",
    "重庆市",
    "河北省",
    "山西省",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "海南省",
    "四川省",
    "贵州省",
    "云南省",
    "陕西省",
    "甘肃省",
    "青海省",
    "台湾省",
    "内蒙古自治区",
    "广西壮族自治区",
    "西藏自治区",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
];

/// Zones named like districts but not regions: many cities have one of each.
const ZONES: &[&str] = &[
    "开发区",
    "高新区",
    "经开区",
    "工业区",
    "园区",
    "示范区",
    "保税区",
    "景区",
    "旅游区",
    "度假区",
    "试验区",
    "实验区",
    "合作区",
    "管理区",
    "功能区",
    "集聚区",
];

/// Words a title puts after the organ (longest first).
const TAILS: &[&str] =
    &["政府信息公开工作", "政府信息公开", "政务公开工作", "信息公开工作", "信息公开", "年度", "工作", "关于", "的"];

/// CJK Radicals Supplement forms that PDF text layers put for ordinary
/// characters (`⼈⺠政府`): NFKC folds the Kangxi radicals but not these.
const RADICALS: &[(char, char)] = &[
    ('⺠', '民'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻢', '马'),
    ('⻅', '见'),
    ('⻉', '贝'),
    ('⻋', '车'),
    ('⻚', '页'),
    ('⻙', '韦'),
    ('⻘', '青'),
    ('⻝', '食'),
    ('⻣', '骨'),
    ('⻤', '鬼'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻩', '黄'),
    ('⻨', '麦'),
    ('⻬', '齐'),
    ('⻮', '齿'),
    ('⻰', '龙'),
    ('⻳', '龟'),
    ('⺟', '母'),
    ('⻄', '西'),
    ('⻆', '角'),
    ('⻈', '讠'),
    ('⺁', '厂'),
];

/// Width, spacing and quotes folded: how a map file's names are matched.
pub fn fold(name: &str) -> String {
    name.nfkc()
        .filter(|c| !c.is_whitespace() && !"《》\"'“”‘’「」".contains(*c))
        .map(|c| RADICALS.iter().find(|(r, _)| *r == c).map_or(c, |(_, n)| *n))
        .collect()
}

/// The organ key of a name (see the module documentation for the rules).
pub fn organ_key(name: &str) -> String {
    let folded = fold(name);
    let mut s = strip_year(&folded);
    loop {
        let before = s.len();
        for t in TAILS {
            if let Some(rest) = s.strip_suffix(t) {
                s = rest.to_string();
            }
        }
        s = strip_year_suffix(&s);
        if s.len() == before {
            break;
        }
    }
    if s.ends_with("人民") {
        // `XX县人民政府信息公开…` lost its 政府 to the title words.
        s.push_str("政府");
    }
    let mut s = people_government(&s).replace("管委会", "管理委员会");
    if s.ends_with("政府办") {
        s.push_str("公室");
    } else if s.ends_with("街道办") {
        s.push_str("事处");
    }
    let s = drop_parent_regions(&s);
    if s.is_empty() { folded } else { s }
}

/// `2023年` or `2023年度` at the start removed.
fn strip_year(s: &str) -> String {
    let b = s.as_bytes();
    if b.len() > 4 && b[..4].iter().all(u8::is_ascii_digit) && s[4..].starts_with('年') {
        let rest = &s[4 + '年'.len_utf8()..];
        return rest.strip_prefix('度').unwrap_or(rest).to_string();
    }
    s.to_string()
}

/// `…2023年` at the end removed.
fn strip_year_suffix(s: &str) -> String {
    if let Some(head) = s.strip_suffix('年') {
        let n = head.len();
        if n >= 4 && head.as_bytes()[n - 4..].iter().all(u8::is_ascii_digit) {
            return head[..n - 4].to_string();
        }
    }
    s.to_string()
}

/// Every `政府` not already `人民政府` written `人民政府`.
fn people_government(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 6);
    let mut rest = s;
    while let Some(i) = rest.find("政府") {
        let head = &rest[..i];
        out.push_str(head);
        if !out.ends_with("人民") {
            out.push_str("人民");
        }
        out.push_str("政府");
        rest = &rest[i + "政府".len()..];
    }
    out.push_str(rest);
    out
}

/// The end (in chars) of a region name starting at `start`, if one does.
fn region_at(chars: &[char], start: usize) -> Option<usize> {
    let rest: String = chars[start..].iter().take(12).collect();
    if let Some(p) = PROVINCES.iter().find(|p| rest.starts_with(*p)) {
        return Some(start + p.chars().count());
    }
    // The shortest run ending in a level suffix: 2+ characters before
    // 市/州/区/旗/盟 (so 城市…, 城区, 郊区 are not regions), 1+ before 县 (沛县).
    for end in start + 2..=(start + 10).min(chars.len()) {
        let before = end - start - 1;
        let ok = match chars[end - 1] {
            '县' => before >= 1,
            '市' | '州' | '区' | '旗' | '盟' => before >= 2,
            _ => false,
        };
        if ok {
            let seg: String = chars[start..end].iter().collect();
            return (!ZONES.iter().any(|z| seg.ends_with(z))).then_some(end);
        }
    }
    None
}

/// Keeps only the last of the region names the name opens with, when
/// something follows them.
fn drop_parent_regions(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut starts = Vec::new();
    let mut pos = 0;
    while pos < chars.len() {
        match region_at(&chars, pos) {
            Some(end) => {
                starts.push(pos);
                pos = end;
            }
            None => break,
        }
    }
    let mut key: String = match starts.as_slice() {
        [_, .., last] => chars[*last..].iter().collect(),
        _ => s.to_string(),
    };
    if pos == chars.len() && !starts.is_empty() {
        // Nothing but region names (`亭湖区2023年政府信息公开工作年度报告`):
        // the region's government.
        key.push_str("人民政府");
    }
    key
}

#[derive(Debug, Error)]
pub enum OrganMapError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: line {line}: {message}")]
    Line { path: String, line: u64, message: String },
}

/// Names to keys for what the rules cannot know: a CSV of `name,key` rows
/// (an optional header `name,key`). A report's organ matches a row when the
/// two are equal after folding width and spacing, or have the same key.
#[derive(Debug, Clone, Default)]
pub struct OrganMap {
    by_name: BTreeMap<String, String>,
    by_key: BTreeMap<String, String>,
}

impl OrganMap {
    pub fn load(path: &Path) -> Result<OrganMap, OrganMapError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| OrganMapError::Io { path: name.clone(), source })?;
        OrganMap::parse(&bytes).map_err(|(line, message)| OrganMapError::Line { path: name, line, message })
    }

    /// Parses the CSV; an error is (line, message).
    pub fn parse(bytes: &[u8]) -> Result<OrganMap, (u64, String)> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut rd = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
        let mut map = OrganMap::default();
        for (i, rec) in rd.records().enumerate() {
            let line = i as u64 + 1;
            let rec = rec.map_err(|e| (line, e.to_string()))?;
            let cells: Vec<&str> = rec.iter().map(str::trim).collect();
            if cells.iter().all(|c| c.is_empty()) || cells[0].starts_with('#') {
                continue;
            }
            if i == 0 && cells.first().is_some_and(|c| c.eq_ignore_ascii_case("name")) {
                continue;
            }
            let (Some(name), Some(key)) = (cells.first(), cells.get(1)) else {
                return Err((line, "expected two columns: name,key".into()));
            };
            if name.is_empty() || key.is_empty() {
                return Err((line, "expected two columns: name,key".into()));
            }
            map.by_name.insert(fold(name), key.to_string());
            map.by_key.entry(organ_key(name)).or_insert_with(|| key.to_string());
        }
        Ok(map)
    }

    /// The key a name maps to, if the map names it.
    pub fn key(&self, organ: &str) -> Option<&str> {
        self.by_name.get(&fold(organ)).or_else(|| self.by_key.get(&organ_key(organ))).map(String::as_str)
    }

    /// Sets the report's `organ_key` from the map where it names the organ.
    pub fn apply(&self, report: &mut Report) {
        if let Some(key) = report.organ.as_deref().and_then(|o| self.key(o)) {
            report.organ_key = Some(key.to_string());
        }
    }

    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_organ_under_its_names() {
        let k = "洪泽区人民政府";
        for name in [
            "洪泽区人民政府",
            "淮安市洪泽区人民政府",
            "江苏省淮安市洪泽区人民政府",
            "洪泽区政府",
            "洪泽区 人民政府 ",
            "2023年度洪泽区人民政府",
            "洪泽区人民政府年度",
            "洪泽区人民政府政府信息公开工作",
        ] {
            assert_eq!(organ_key(name), k, "{name}");
        }
        assert_eq!(organ_key("XX区政府办公室"), organ_key("XX区人民政府办公室"));
        assert_eq!(organ_key("某区政府办"), "某区人民政府办公室");
        assert_eq!(organ_key("洪泽区高良涧街道办"), "洪泽区高良涧街道办事处");
        assert_eq!(organ_key("平潭综合实验区管委会"), "平潭综合实验区管理委员会");
        assert_eq!(organ_key("ＡＢ市交通局"), "AB市交通局");
        // PDF text layers: Kangxi and supplement radicals for 人, 民, 工, 长.
        assert_eq!(organ_key("浈江区⼈⺠政府政府信息公开⼯作"), "浈江区人民政府");
        assert_eq!(organ_key("湘潭县⻓安街道办事处"), "湘潭县长安街道办事处");
        assert_eq!(organ_key("宜昌市远安县新店镇人民政府"), "远安县新店镇人民政府");
        assert_eq!(organ_key("徐州市沛县人民政府"), "沛县人民政府");
        assert_eq!(organ_key("上海市浦东新区人民政府"), "浦东新区人民政府");
        assert_eq!(organ_key("亭湖区"), "亭湖区人民政府");
        assert_eq!(organ_key("盐城市亭湖区"), "亭湖区人民政府");
        assert_eq!(organ_key("平潭综合实验区"), "平潭综合实验区");
    }

    #[test]
    fn different_organs_keep_different_keys() {
        let district = organ_key("淮安市洪泽区人民政府");
        assert_ne!(organ_key("洪泽区高良涧街道办事处"), district);
        assert_eq!(organ_key("淮安市洪泽区高良涧街道办事处"), "洪泽区高良涧街道办事处");
        assert_ne!(organ_key("淮安市人民政府"), district);
        // Department names are not regions: the city stays.
        assert_eq!(organ_key("淮安市城市管理局"), "淮安市城市管理局");
        assert_eq!(organ_key("淮安市市场监督管理局"), "淮安市市场监督管理局");
        assert_eq!(organ_key("苏州市高新区管委会"), "苏州市高新区管理委员会");
        assert_ne!(organ_key("远安县新店镇人民政府"), organ_key("新店镇人民政府"));
        assert_eq!(organ_key("江苏省教育厅"), "江苏省教育厅");
    }

    #[test]
    fn a_map_names_what_the_rules_cannot() {
        let m = OrganMap::parse("name,key\n示例县农业局,示例县农业农村局\n\n".as_bytes()).expect("map");
        assert_eq!(m.key("示例县 农业局"), Some("示例县农业农村局"));
        assert_eq!(m.key("示例市示例县农业局"), Some("示例县农业农村局"), "by key");
        assert_eq!(m.key("示例县林业局"), None);
        assert!(OrganMap::parse(b"only-one-column\n").is_err());
    }
}
