//! Ideographs that look right but are the wrong characters. A font whose
//! glyph for 人 also serves the Kangxi radical ⼈ (U+2F08) often gets the
//! radical back from its ToUnicode map (or a browser's text layer), so a
//! PDF says `⼈⺠政府` where the page shows 人民政府. Kangxi radicals and
//! compatibility ideographs decompose to the unified ideographs under
//! Unicode normalisation; the CJK Radicals Supplement does not, and takes
//! the table below (Unicode's EquivalentUnifiedIdeograph data, for the
//! radicals with a unified equivalent in the BMP).

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// CJK Radicals Supplement (U+2E80–U+2EF3) → equivalent unified ideograph.
const SUPPLEMENT: &[(char, char)] = &[
    ('\u{2E80}', '\u{51AB}'),
    ('\u{2E81}', '\u{5382}'),
    ('\u{2E82}', '\u{4E5B}'),
    ('\u{2E83}', '\u{4E5A}'),
    ('\u{2E84}', '\u{4E59}'),
    ('\u{2E85}', '\u{4EBB}'),
    ('\u{2E86}', '\u{5182}'),
    ('\u{2E89}', '\u{5202}'),
    ('\u{2E8A}', '\u{535C}'),
    ('\u{2E8B}', '\u{353E}'),
    ('\u{2E8C}', '\u{5C0F}'),
    ('\u{2E8D}', '\u{5C0F}'),
    ('\u{2E8E}', '\u{5140}'),
    ('\u{2E8F}', '\u{5C23}'),
    ('\u{2E90}', '\u{5C22}'),
    ('\u{2E92}', '\u{5DF3}'),
    ('\u{2E93}', '\u{5E7A}'),
    ('\u{2E94}', '\u{5F51}'),
    ('\u{2E95}', '\u{5F50}'),
    ('\u{2E96}', '\u{5FC4}'),
    ('\u{2E97}', '\u{38FA}'),
    ('\u{2E98}', '\u{624C}'),
    ('\u{2E99}', '\u{6535}'),
    ('\u{2E9B}', '\u{65E1}'),
    ('\u{2E9C}', '\u{65E5}'),
    ('\u{2E9D}', '\u{6708}'),
    ('\u{2E9E}', '\u{6B7A}'),
    ('\u{2E9F}', '\u{6BCD}'),
    ('\u{2EA0}', '\u{6C11}'),
    ('\u{2EA1}', '\u{6C35}'),
    ('\u{2EA2}', '\u{6C3A}'),
    ('\u{2EA3}', '\u{706C}'),
    ('\u{2EA4}', '\u{722B}'),
    ('\u{2EA5}', '\u{722B}'),
    ('\u{2EA6}', '\u{4E2C}'),
    ('\u{2EA7}', '\u{725B}'),
    ('\u{2EA8}', '\u{72AD}'),
    ('\u{2EA9}', '\u{738B}'),
    ('\u{2EAB}', '\u{7F52}'),
    ('\u{2EAC}', '\u{793A}'),
    ('\u{2EAD}', '\u{793B}'),
    ('\u{2EAE}', '\u{7AF9}'),
    ('\u{2EAF}', '\u{7CF9}'),
    ('\u{2EB0}', '\u{7E9F}'),
    ('\u{2EB1}', '\u{7F53}'),
    ('\u{2EB2}', '\u{7F52}'),
    ('\u{2EB3}', '\u{34C1}'),
    ('\u{2EB4}', '\u{34C1}'),
    ('\u{2EB6}', '\u{7F8A}'),
    ('\u{2EB7}', '\u{7F8A}'),
    ('\u{2EB9}', '\u{8002}'),
    ('\u{2EBA}', '\u{8080}'),
    ('\u{2EBC}', '\u{6708}'),
    ('\u{2EBD}', '\u{81FC}'),
    ('\u{2EBE}', '\u{8279}'),
    ('\u{2EBF}', '\u{8279}'),
    ('\u{2EC0}', '\u{8279}'),
    ('\u{2EC1}', '\u{864E}'),
    ('\u{2EC2}', '\u{8864}'),
    ('\u{2EC3}', '\u{8980}'),
    ('\u{2EC4}', '\u{897F}'),
    ('\u{2EC5}', '\u{89C1}'),
    ('\u{2EC6}', '\u{89D2}'),
    ('\u{2EC8}', '\u{8BA0}'),
    ('\u{2EC9}', '\u{8D1D}'),
    ('\u{2ECB}', '\u{8F66}'),
    ('\u{2ECC}', '\u{8FB6}'),
    ('\u{2ECD}', '\u{8FB6}'),
    ('\u{2ECE}', '\u{8FB6}'),
    ('\u{2ECF}', '\u{961D}'),
    ('\u{2ED0}', '\u{9485}'),
    ('\u{2ED1}', '\u{9577}'),
    ('\u{2ED2}', '\u{9578}'),
    ('\u{2ED3}', '\u{957F}'),
    ('\u{2ED4}', '\u{95E8}'),
    ('\u{2ED6}', '\u{961D}'),
    ('\u{2ED7}', '\u{96E8}'),
    ('\u{2ED8}', '\u{9752}'),
    ('\u{2ED9}', '\u{97E6}'),
    ('\u{2EDA}', '\u{9875}'),
    ('\u{2EDB}', '\u{98CE}'),
    ('\u{2EDC}', '\u{98DE}'),
    ('\u{2EDD}', '\u{98DF}'),
    ('\u{2EDF}', '\u{98E0}'),
    ('\u{2EE0}', '\u{9963}'),
    ('\u{2EE2}', '\u{9A6C}'),
    ('\u{2EE3}', '\u{9AA8}'),
    ('\u{2EE4}', '\u{9B3C}'),
    ('\u{2EE5}', '\u{9C7C}'),
    ('\u{2EE6}', '\u{9E1F}'),
    ('\u{2EE7}', '\u{5364}'),
    ('\u{2EE8}', '\u{9EA6}'),
    ('\u{2EE9}', '\u{9EC4}'),
    ('\u{2EEA}', '\u{9EFE}'),
    ('\u{2EEB}', '\u{6589}'),
    ('\u{2EEC}', '\u{9F50}'),
    ('\u{2EED}', '\u{6B6F}'),
    ('\u{2EEE}', '\u{9F7F}'),
    ('\u{2EEF}', '\u{7ADC}'),
    ('\u{2EF0}', '\u{9F99}'),
    ('\u{2EF1}', '\u{9F9C}'),
    ('\u{2EF2}', '\u{4E80}'),
    ('\u{2EF3}', '\u{9F9F}'),
];

fn suspect(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{2FD5}' | '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}')
}

/// The unified ideograph a radical or compatibility ideograph stands for.
pub fn unify_char(c: char) -> char {
    match c {
        '\u{2E80}'..='\u{2EF3}' => SUPPLEMENT.binary_search_by_key(&c, |p| p.0).map_or(c, |i| SUPPLEMENT[i].1),
        // Kangxi radicals: a compatibility decomposition to one ideograph.
        '\u{2F00}'..='\u{2FD5}' => single(std::iter::once(c).nfkc()).unwrap_or(c),
        // Compatibility ideographs: a canonical one (twelve in the block are
        // unified ideographs themselves and stay).
        '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}' => single(std::iter::once(c).nfd()).unwrap_or(c),
        _ => c,
    }
}

fn single(mut it: impl Iterator<Item = char>) -> Option<char> {
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

/// `text` with every radical and compatibility ideograph unified; borrowed
/// (no allocation) when there is none, as in nearly every string.
pub fn unify(text: &str) -> Cow<'_, str> {
    if !text.chars().any(suspect) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(unify_char).collect())
}

/// Unifies `text` in place, allocating only when it changes.
pub fn unify_in_place(text: &mut String) {
    if let Cow::Owned(s) = unify(text) {
        *text = s;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_and_compatibility_ideographs_become_unified() {
        assert_eq!(unify("浈江区⼈⺠政府政府信息公开⼯作"), "浈江区人民政府政府信息公开工作");
        assert_eq!(unify("湘潭县⻓安街道"), "湘潭县长安街道");
        assert_eq!(unify("\u{F900}"), "\u{8C48}");
        // A unified ideograph inside the compatibility block stays.
        assert_eq!(unify("\u{FA0E}"), "\u{FA0E}");
        assert!(matches!(unify("人民政府 2023"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_table_is_sorted() {
        assert!(SUPPLEMENT.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
