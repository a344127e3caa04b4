//! Character encodings of web pages and text files: UTF-8 (with or without a
//! BOM), UTF-16 with a BOM, and the GBK/GB18030 family that Chinese government
//! sites still serve. encoding_rs does the decoding; this module only decides
//! which encoding a file is in, because pages often declare the wrong one.

use encoding_rs::{Encoding, GB18030, UTF_8};

/// Text decoded from bytes, and the encoding that was used.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    /// Some bytes could not be decoded and became U+FFFD.
    pub lossy: bool,
}

/// Decodes a plain-text file: a BOM wins, then UTF-8 when the bytes are valid
/// UTF-8 (or only cut short at the end), else GB18030 (a superset of GBK and
/// GB2312).
pub fn decode_text(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(enc, &bytes[bom_len..]);
    }
    decode_guess(bytes, None)
}

/// Decodes a web page: a BOM wins, then valid UTF-8 (pages that declare
/// `gb2312` but were saved as UTF-8 are common), then the charset the page
/// declares in its first kilobytes, then GB18030.
pub fn decode_html(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(enc, &bytes[bom_len..]);
    }
    let declared = declared_charset(&bytes[..bytes.len().min(8192)]);
    decode_guess(bytes, declared)
}

fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, lossy) = enc.decode_without_bom_handling(bytes);
    Decoded { text: text.into_owned(), encoding: enc, lossy }
}

fn decode_guess(bytes: &[u8], declared: Option<&'static Encoding>) -> Decoded {
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            return Decoded { text: s.to_owned(), encoding: UTF_8, lossy: false };
        }
        // Valid UTF-8 cut short in the middle of a character: a truncated download.
        Err(e) if e.error_len().is_none() => return decode_with(UTF_8, bytes),
        Err(_) => {}
    }
    match declared {
        // A page declaring UTF-8 with a few bad bytes is still UTF-8; with many
        // it was saved in the local code page and mislabelled.
        Some(enc) if enc == UTF_8 => {
            if utf8_error_rate_is_low(bytes) {
                decode_with(UTF_8, bytes)
            } else {
                decode_with(GB18030, bytes)
            }
        }
        // A Chinese page declaring a Western code page (`iso-8859-1`) is GBK
        // when its many high bytes all decode as GBK.
        Some(enc) if enc.is_single_byte() => {
            let high = bytes.iter().filter(|&&b| b >= 0x80).count();
            let gbk = decode_with(GB18030, bytes);
            if high * 20 > bytes.len() && !gbk.lossy { gbk } else { decode_with(enc, bytes) }
        }
        Some(enc) if enc == GB18030 || enc.name() == "GBK" || enc.name() == "Big5" => {
            decode_with(if enc.name() == "GBK" { GB18030 } else { enc }, bytes)
        }
        _ => decode_with(GB18030, bytes),
    }
}

/// Fewer than one invalid sequence per 2,000 bytes.
fn utf8_error_rate_is_low(bytes: &[u8]) -> bool {
    let mut errors = 0usize;
    let mut rest = bytes;
    while let Err(e) = std::str::from_utf8(rest) {
        errors += 1;
        let skip = e.valid_up_to() + e.error_len().unwrap_or(rest.len() - e.valid_up_to()).max(1);
        rest = &rest[skip.min(rest.len())..];
        if errors * 2000 > bytes.len() {
            return false;
        }
    }
    true
}

/// The charset a page declares in `<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">` (or an XML
/// declaration's `encoding=`), looked up by its WHATWG label.
pub fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    for key in [&b"charset"[..], b"encoding"] {
        let mut from = 0;
        while let Some(pos) = find(&lower[from..], key) {
            let mut i = from + pos + key.len();
            from = i;
            while i < lower.len() && matches!(lower[i], b' ' | b'\t' | b'\r' | b'\n') {
                i += 1;
            }
            if lower.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while i < lower.len() && matches!(lower[i], b' ' | b'\t' | b'"' | b'\'') {
                i += 1;
            }
            let start = i;
            while i < lower.len() && (lower[i].is_ascii_alphanumeric() || matches!(lower[i], b'-' | b'_' | b'.' | b':'))
            {
                i += 1;
            }
            if let Some(enc) = Encoding::for_label(&lower[start..i]) {
                // UTF-16 declared in ASCII-compatible bytes cannot be true.
                return Some(if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE { UTF_8 } else { enc });
            }
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_utf8() {
        assert_eq!(decode_text("\u{feff}一、总体情况".as_bytes()).text, "一、总体情况");
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("规章".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode_text(&utf16).text, "规章");
        let d = decode_text("行政许可".as_bytes());
        assert_eq!((d.text.as_str(), d.encoding), ("行政许可", UTF_8));
    }

    #[test]
    fn gbk_without_declaration() {
        let (bytes, _, _) = GB18030.encode("行政处罚 108169");
        let d = decode_text(&bytes);
        assert_eq!(d.text, "行政处罚 108169");
        assert_eq!(d.encoding, GB18030);
    }

    #[test]
    fn declared_charsets() {
        assert_eq!(declared_charset(b"<meta charset=\"GBK\">"), Some(encoding_rs::GBK));
        assert_eq!(
            declared_charset(b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gb2312\">"),
            Some(encoding_rs::GBK)
        );
        assert_eq!(declared_charset(b"<meta name=x>"), None);
        let (body, _, _) = GB18030.encode("<html><meta charset=gb2312><p>申请人情况</p>");
        assert!(decode_html(&body).text.contains("申请人情况"));
    }

    #[test]
    fn mislabelled_pages() {
        // Declares gb2312 but saved as UTF-8.
        let d = decode_html("<meta charset=gb2312><p>总计</p>".as_bytes());
        assert!(d.text.contains("总计"));
        // Declares UTF-8 but saved as GBK.
        let (body, _, _) = GB18030.encode("<meta charset=utf-8><p>结果维持 结果纠正 其他结果 尚未审结</p>");
        assert!(decode_html(&body).text.contains("结果纠正"));
        // Declares a Western code page but is GBK.
        let (body, _, _) = GB18030.encode("<meta charset=iso-8859-1><p>申请人情况 自然人 法人或其他组织</p>");
        assert!(decode_html(&body).text.contains("法人或其他组织"));
        // A real Western page stays Western.
        assert_eq!(
            decode_html(b"<meta charset=iso-8859-1><p>caf\xe9</p>").text,
            "<meta charset=iso-8859-1><p>caf\u{e9}</p>"
        );
    }
}
