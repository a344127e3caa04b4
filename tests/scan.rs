//! Scanned PDFs through OCR: the project's own scan (samples/pdf_basic_2021.pdf
//! rendered and wrapped as 1-bit page images, by tests/scangen) read back to
//! the values of the text PDF, every value marked as OCR'd; the same as
//! ocrmypdf leaves it (JPEG behind Flate, an invisible text layer) read
//! from its images; a page of noise and an undecodable image fail cleanly. Needs Tesseract with chi_sim
//! (.ci/run installs it); the OCR tests skip with a message without it.

mod ocrcheck;
mod pdfgen;
mod scangen;

use std::path::Path;

use ocrcheck::tesseract;

fn leaves(r: &nianbao::Report) -> Vec<(String, Option<f64>)> {
    r.leaves().map(|(p, _, v)| (p, v)).collect()
}

#[test]
fn own_scan_reads_as_the_text_pdf() {
    if !tesseract() {
        return;
    }
    let scan = nianbao::convert_file(Path::new("samples/scan_basic_2021.pdf")).expect("scan converts");
    let text = nianbao::convert_file(Path::new("samples/pdf_basic_2021.pdf")).expect("text pdf converts");
    assert_eq!(scan.year, Some(2023));
    assert_eq!(scan.template, text.template);
    assert!(scan.organ.as_deref().is_some_and(|o| o.ends_with("市人民政府办公室")), "{:?}", scan.organ);
    let (want, got) = (leaves(&text), leaves(&scan));
    let given = want.iter().filter(|(_, v)| v.is_some()).count();
    let same = want.iter().zip(&got).filter(|(a, b)| a.1.is_some() && a.1 == b.1).count();
    // OCR may leave a value unread (null, warned), never invent one.
    assert!(same * 100 >= given * 90, "{same} of {given} values read");
    let wrong: Vec<_> = want.iter().zip(&got).filter(|(a, b)| b.1.is_some() && a.1 != b.1).collect();
    assert!(wrong.len() <= 3, "{wrong:?}");
    // Every value says it was read by OCR, and how sure the reading is.
    for p in &scan.provenance {
        assert!(p.ocr && p.confidence.is_some_and(|c| (0.0..=1.0).contains(&c)), "{p:?}");
    }
    assert_eq!(scan.source.pages, Some(2));
}

#[test]
fn own_scan_is_what_the_generator_makes() {
    let Some(made) = scangen::scan_of(Path::new("samples/pdf_basic_2021.pdf"), 150) else {
        eprintln!("skipped: pdftoppm (poppler-utils) is not installed");
        return;
    };
    let committed = std::fs::read("samples/scan_basic_2021.pdf").expect("sample");
    // Renderers differ by a pixel here and there: same pages, similar size.
    assert_eq!(made.windows(9).filter(|w| w == b"/Type /Pa").count(), 3);
    assert!(made.len().abs_diff(committed.len()) * 5 < committed.len());
}

#[test]
fn a_page_of_noise_is_no_report() {
    if !tesseract() {
        return;
    }
    let err = nianbao::convert_bytes("noise.pdf", &scangen::noise()).expect_err("noise");
    assert!(matches!(err.code(), "not_a_report" | "scanned"), "{err}");
}

#[test]
fn an_undecodable_page_image_is_named() {
    let err = nianbao::convert_bytes("jpx.pdf", &scangen::jpx()).expect_err("jpx");
    if tesseract() {
        assert_eq!(err.code(), "unsupported_image", "{err}");
        assert!(err.to_string().contains("JPXDecode"), "{err}");
    } else {
        assert_eq!(err.code(), "ocr_unavailable", "{err}");
        assert!(err.to_string().contains("tesseract-ocr-chi-sim"), "{err}");
    }
}

#[test]
fn an_ocrmypdf_text_layer_is_read_from_its_images() {
    if !tesseract() {
        return;
    }
    let Some(pdf) = scangen::ocrmypdf_of(Path::new("samples/pdf_basic_2021.pdf"), 150) else {
        eprintln!("skipped: pdftoppm (poppler-utils) is not installed");
        return;
    };
    let r = nianbao::convert_bytes("ocrmypdf.pdf", &pdf).expect("converts");
    let text = nianbao::convert_file(Path::new("samples/pdf_basic_2021.pdf")).expect("text pdf converts");
    assert_eq!((r.year, r.template), (Some(2023), text.template));
    // The JPEGs behind Flate were decoded and read; the invisible layer's
    // 9999 is nowhere, and every value is marked as OCR'd.
    let (want, got) = (leaves(&text), leaves(&r));
    let same = want.iter().zip(&got).filter(|(a, b)| a.1.is_some() && a.1 == b.1).count();
    let given = want.iter().filter(|(_, v)| v.is_some()).count();
    assert!(same * 100 >= given * 90, "{same} of {given} values read");
    assert!(got.iter().all(|(_, v)| *v != Some(9999.0)));
    assert_eq!(got.iter().find(|(p, _)| p == "applications.total.total").map(|l| l.1), Some(Some(35.0)));
    assert!(r.provenance.iter().all(|p| p.ocr && p.confidence.is_some()));
}

#[test]
fn ocr_never_keeps_the_scanned_error() {
    // The mode is process-wide: set through the CLI, in a process of its own.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["convert", "--ocr", "never", "samples/scan_basic_2021.pdf"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("no text layer"), "{stderr}");
}
