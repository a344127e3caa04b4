//! Cell text to numbers. Never guess: blank, `—`, `/`, `无` are null (the
//! raw text is kept in provenance by the caller); anything else that is not
//! a number is null with a warning.

use unicode_normalization::UnicodeNormalization;

/// What a value cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number, and the unit printed with it (`件`, `元`, `万元`…), if any.
    Number { value: f64, unit: Option<String> },
    /// Blank, a dash, `/` or `无`: deliberately no number.
    Empty,
    /// Text that is not a number.
    Text,
}

const UNITS: &[&str] = &["万元", "元", "件", "个", "项", "次", "人次", "条", "篇", "家", "起", "宗"];

/// Parses a value cell: half- and full-width digits, thousands separators,
/// surrounding spaces, a sign, a decimal point, and a unit after the number.
pub fn parse(raw: &str) -> Value {
    let s: String = raw.nfkc().filter(|c| !c.is_whitespace() && *c != '\u{200b}').collect();
    if s.is_empty() || is_dash(&s) || s == "无" || s == "空" {
        return Value::Empty;
    }
    let (body, unit) = split_unit(&s);
    let body: String = body.chars().filter(|&c| c != ',' && c != '，').collect();
    let digits = body.strip_prefix(['+', '-']).unwrap_or(&body);
    let valid = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits.chars().next().is_some_and(|c| c.is_ascii_digit());
    if !valid {
        return Value::Text;
    }
    match body.parse::<f64>() {
        Ok(v) if v.is_finite() => Value::Number { value: v, unit: unit.map(str::to_string) },
        _ => Value::Text,
    }
}

fn is_dash(s: &str) -> bool {
    s.chars().all(|c| matches!(c, '-' | '—' | '–' | '―' | '─' | '/' | '\\' | '、' | '_' | '…' | '.'))
}

fn split_unit(s: &str) -> (&str, Option<&str>) {
    for u in UNITS {
        if let Some(body) = s.strip_suffix(u) {
            return (body, Some(u));
        }
    }
    (s, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(raw: &str) -> Option<f64> {
        match parse(raw) {
            Value::Number { value, .. } => Some(value),
            _ => None,
        }
    }

    #[test]
    fn numbers_in_their_printed_forms() {
        assert_eq!(num(" 12 "), Some(12.0));
        assert_eq!(num("１２３"), Some(123.0));
        assert_eq!(num("1,234"), Some(1234.0));
        assert_eq!(num("5件"), Some(5.0));
        assert_eq!(num("+1036"), Some(1036.0));
        assert_eq!(num("-8"), Some(-8.0));
        assert_eq!(num("1809.71"), Some(1809.71));
        assert_eq!(parse("251000元"), Value::Number { value: 251000.0, unit: Some("元".into()) });
    }

    #[test]
    fn blanks_and_dashes_are_empty_text_is_text() {
        for raw in ["", " ", "—", "/", "无", "--", "——", "\u{3000}"] {
            assert_eq!(parse(raw), Value::Empty, "{raw:?}");
        }
        for raw in ["abc", "1.2.3", "三", ".5"] {
            assert_eq!(parse(raw), Value::Text, "{raw:?}");
        }
    }
}
