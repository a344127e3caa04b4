//! Tesseract, through its command-line program and TSV output: one call per
//! image (a page's text, or a montage of a page's table cells), never one
//! per cell.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use super::ScanError;
use super::image::Gray;

/// A recognised word: text, box in the image's pixels, confidence 0–1, and
/// the paragraph and line Tesseract put it in.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub x0: u32,
    pub y0: u32,
    pub x1: u32,
    pub y1: u32,
    pub conf: f32,
    pub block: u32,
    pub par: u32,
    pub line: u32,
}

/// What Tesseract can do here: `None` when the program or its Chinese data
/// is missing.
fn installed() -> Option<&'static str> {
    static FOUND: OnceLock<Option<&'static str>> = OnceLock::new();
    *FOUND.get_or_init(|| {
        let out = Command::new("tesseract").arg("--list-langs").stderr(Stdio::null()).output().ok()?;
        let langs = String::from_utf8_lossy(&out.stdout);
        langs.lines().any(|l| l.trim() == "chi_sim").then_some("tesseract")
    })
}

pub fn available() -> Result<(), ScanError> {
    installed().map(|_| ()).ok_or(ScanError::NoTesseract)
}

/// How Tesseract is to read an image.
pub struct Pass<'a> {
    pub lang: &'a str,
    /// Page segmentation mode (4: a column of text; 6: one block).
    pub psm: u8,
    /// Only these characters (empty: any).
    pub whitelist: &'a str,
    pub dpi: u32,
}

/// Recognises the words of a grey image.
pub fn words(img: &Gray, pass: &Pass) -> Result<Vec<Word>, ScanError> {
    available()?;
    let mut file = tempfile::Builder::new().suffix(".pgm").tempfile().map_err(ScanError::Io)?;
    write!(file, "P5\n{} {}\n255\n", img.w, img.h).map_err(ScanError::Io)?;
    file.write_all(&img.px).map_err(ScanError::Io)?;
    file.flush().map_err(ScanError::Io)?;
    let mut cmd = Command::new("tesseract");
    cmd.arg(file.path())
        .arg("stdout")
        .args(["-l", pass.lang, "--psm", &pass.psm.to_string(), "--dpi", &pass.dpi.to_string()])
        // Chinese text has no spaces between words; keep Tesseract from adding them.
        .args(["-c", "preserve_interword_spaces=1"])
        // Scans are dark print on light paper: no second look for inverted text.
        .args(["-c", "tessedit_do_invert=0"]);
    if !pass.whitelist.is_empty() {
        cmd.args(["-c", &format!("tessedit_char_whitelist={}", pass.whitelist)]);
    }
    // Pages run in parallel already: one thread per Tesseract.
    let out = cmd
        .arg("tsv")
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(ScanError::Io)?;
    if !out.status.success() {
        return Err(ScanError::Tesseract(format!("exit status {}", out.status)));
    }
    let tsv = String::from_utf8_lossy(&out.stdout);
    // Debugging aid: NIANBAO_OCR_DEBUG=DIR keeps each image and its TSV.
    if let Some(dir) = std::env::var_os("NIANBAO_OCR_DEBUG") {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let k = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let base = std::path::Path::new(&dir).join(format!("ocr{k:03}-{}", pass.lang));
        let _ = std::fs::copy(file.path(), base.with_extension("pgm"));
        let _ = std::fs::write(base.with_extension("tsv"), tsv.as_bytes());
    }
    Ok(parse_tsv(&tsv))
}

/// Word rows (level 5) of Tesseract's TSV.
pub fn parse_tsv(tsv: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let text = f[11].trim();
        if text.is_empty() {
            continue;
        }
        let n = |i: usize| f[i].parse::<u32>().unwrap_or(0);
        let conf = f[10].parse::<f32>().unwrap_or(0.0);
        out.push(Word {
            text: text.to_string(),
            x0: n(6),
            y0: n(7),
            x1: n(6) + n(8),
            y1: n(7) + n(9),
            conf: (conf / 100.0).clamp(0.0, 1.0),
            block: n(2),
            par: n(3),
            line: n(4),
        });
    }
    out
}

/// Joins words of one line: no space between Chinese characters, one
/// between two Latin or digit words.
pub fn join(words: &[&Word]) -> String {
    let mut s = String::new();
    for w in words {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if latin(s.chars().last()) && latin(w.text.chars().next()) {
            s.push(' ');
        }
        s.push_str(&w.text);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tsv_words() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   4\t1\t1\t1\t1\t0\t10\t10\t100\t20\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t10\t12\t30\t18\t96.5\t行政\n\
                   5\t1\t1\t1\t1\t2\t50\t12\t10\t18\t88\t12\n";
        let w = parse_tsv(tsv);
        assert_eq!(w.len(), 2);
        assert_eq!((w[0].text.as_str(), w[0].x1, w[0].y1), ("行政", 40, 30));
        assert!((w[1].conf - 0.88).abs() < 1e-6);
        assert_eq!(join(&[&w[0], &w[1]]), "行政12");
    }
}
