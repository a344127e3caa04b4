//! The PDF reader: the project's PDF samples (LibreOffice exports of the
//! sample DOCX; hand-built PDFs in the predefined Chinese CMaps) read to the
//! same values as their DOCX, and malformed PDFs give clear errors.

mod pdfgen;

use std::path::Path;

use nianbao::Error;

fn report_json(path: &str) -> serde_json::Value {
    let r = nianbao::convert_file(Path::new(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::to_value(r).expect("json")
}

const SAME: &[&str] = &["organ", "year", "template", "active_disclosure", "applications", "reviews_lawsuits", "checks"];

#[test]
fn pdf_exports_read_as_their_docx() {
    for name in ["basic_2021", "single_other_nulls", "inconsistent"] {
        let pdf = report_json(&format!("samples/pdf_{name}.pdf"));
        let docx = report_json(&format!("samples/{name}.docx"));
        for key in SAME {
            assert_eq!(pdf[key], docx[key], "{name}: {key}");
        }
        assert_eq!(pdf["source"]["format"], "pdf");
        assert!(pdf["source"]["pages"].as_u64().is_some_and(|p| p >= 2), "{name}");
    }
}

#[test]
fn pdf_samples_convert_to_their_expected_output() {
    for name in ["pdf_basic_2021", "pdf_single_other_nulls", "pdf_inconsistent"] {
        let got = report_json(&format!("samples/{name}.pdf"));
        let want: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(format!("samples/expected/{name}.json")).expect("expected"))
                .expect("json");
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn pdf_tables_have_the_docx_grids() {
    for name in ["basic_2021", "single_other_nulls"] {
        let (_, pdf) =
            nianbao::read::read(&std::fs::read(format!("samples/pdf_{name}.pdf")).expect("pdf")).expect("reads");
        let (_, docx) =
            nianbao::read::read(&std::fs::read(format!("samples/{name}.docx")).expect("docx")).expect("reads");
        let grid = |t: &nianbao::Table| -> Vec<(usize, usize, usize, usize, String)> {
            t.cells
                .iter()
                .map(|c| (c.row, c.col, c.row_span, c.col_span, c.text.split_whitespace().collect()))
                .collect()
        };
        // 表三 and 表四: the same cells, spans and texts.
        let pick = |d: &nianbao::Document, n: usize| d.tables().find(|t| t.n_cols == n).map(grid);
        for n in [10, 15] {
            assert_eq!(pick(&pdf, n), pick(&docx, n), "{name}: the {n}-column table");
        }
        let t3 = pdf.tables().find(|t| t.n_cols == 10).expect("表三");
        let cell = t3.at(3, 3).expect("cell");
        assert!(
            cell.page.is_some() && cell.bbox.is_some_and(|b| b[2] > b[0] && b[3] > b[1]),
            "PDF cells know page and box"
        );
    }
}

#[test]
fn hand_built_samples_are_what_the_generator_makes() {
    for (name, _, bytes) in pdfgen::samples() {
        let committed = std::fs::read(format!("samples/{name}.pdf")).expect("sample");
        assert!(committed == bytes, "samples/{name}.pdf differs: run cargo run --example make_samples");
        let got = report_json(&format!("samples/{name}.pdf"));
        let want: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(format!("samples/expected/{name}.json")).expect("expected"))
                .expect("json");
        assert_eq!(got, want, "{name}");
    }
}

/// Predefined CMaps without ToUnicode; Type 3 fonts (FontMatrix of 1/2000
/// em) whose ToUnicode gives radicals (`⼈⺠`) and compatibility ideographs;
/// a page stored sideways (`/Rotate 90`, media box off the origin); a
/// borderless 表三 between ruled tables: all read to the same values.
#[test]
fn hand_built_reports_read_to_their_values() {
    for (name, organ, _) in pdfgen::samples().into_iter().filter(|s| s.0 != "borderless_t3") {
        let r =
            nianbao::convert_file(Path::new(&format!("samples/{name}.pdf"))).unwrap_or_else(|e| panic!("{name}: {e}"));
        let j = serde_json::to_value(&r).expect("json");
        assert_eq!((r.organ.as_deref(), r.year), (Some(organ), Some(2023)), "{name}");
        assert_eq!(j["active_disclosure"]["licensing"]["decisions"], 1024);
        assert_eq!(j["active_disclosure"]["fees"]["amount"], 3.5);
        assert_eq!(j["applications"]["new_received"]["total"], 16);
        assert_eq!(j["applications"]["unable_not_held"]["natural_person"], 4);
        assert_eq!(j["reviews_lawsuits"]["review"]["total"], 2);
        assert_eq!(j["reviews_lawsuits"]["lawsuit_after_review"]["upheld"], 1);
        assert!(r.checks.is_empty(), "{name}: {:?}", r.checks);
    }
}

#[test]
fn borderless_table_by_alignment() {
    let bytes = std::fs::read("samples/borderless_t3.pdf").expect("sample");
    let (_, doc) = nianbao::read::read(&bytes).expect("reads");
    let t = doc.tables().next().expect("a table found without ruling lines");
    assert_eq!((t.n_rows, t.n_cols), (26, 8));
    let r = nianbao::convert_bytes("borderless.pdf", &bytes).expect("converts");
    assert_eq!(r.organ.as_deref(), Some("示例县商务局"));
    assert_eq!(r.applications.get("new_received", 0), Some(12));
    assert_eq!(r.applications.get("new_received", 6), Some(16));
    assert_eq!(r.applications.get("unable_not_held", 1), Some(1));
    assert_eq!(r.applications.get("carried_forward", 6), Some(0));
    assert!(r.checks.is_empty(), "{:?}", r.checks);
}

#[test]
fn running_headers_and_page_numbers_are_left_out() {
    let page = |body: &'static str, n: &'static str| {
        vec![("示例市人民政府办公室文件", 200.0, 770.0, 10.0), (body, 60.0, 600.0, 12.0), (n, 295.0, 30.0, 10.0)]
    };
    let bytes =
        pdfgen::text_pages(&[page("第一页正文", "1"), page("第二页正文", "- 2 -"), page("第三页正文", "第3页")]);
    let (_, doc) = nianbao::read::read(&bytes).expect("reads");
    let text: Vec<&str> = doc.paragraphs().map(|p| p.text.as_str()).collect();
    assert_eq!(text, ["第一页正文", "第二页正文", "第三页正文"]);
}

#[test]
fn embedded_truetype_without_to_unicode() {
    let Ok(font) = std::fs::read("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") else {
        eprintln!("skipped: DejaVuSans.ttf not installed");
        return;
    };
    let bytes = pdfgen::truetype_line(&font, "Report 2023: 15 requests").expect("pdf");
    let (_, doc) = nianbao::read::read(&bytes).expect("reads");
    let text: Vec<&str> = doc.paragraphs().map(|p| p.text.as_str()).collect();
    assert_eq!(text, ["Report 2023: 15 requests"]);
}

#[test]
fn truncated_pdf() {
    let bytes = std::fs::read("samples/pdf_basic_2021.pdf").expect("pdf");
    for cut in [20, bytes.len() / 4, bytes.len() / 2] {
        match nianbao::convert_bytes("cut.pdf", &bytes[..cut]) {
            Err(e) => assert!(matches!(e, Error::Pdf(_) | Error::NotAReport(_)), "cut {cut}: {e}"),
            // lopdf may rebuild enough of a truncated file to read what is left.
            Ok(r) => assert_eq!(r.source.format, "pdf"),
        }
    }
}

#[test]
fn random_bytes_after_a_pdf_header() {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    let mut x: u32 = 12345;
    bytes.extend((0..20000).map(|_| {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (x >> 16) as u8
    }));
    let err = nianbao::convert_bytes("junk.pdf", &bytes).expect_err("junk");
    assert!(err.to_string().contains("PDF"), "{err}");
}

#[test]
fn cyclic_page_tree_and_form() {
    let err = nianbao::convert_bytes("cyclic.pdf", &pdfgen::cyclic()).expect_err("no text");
    assert!(matches!(err, Error::Pdf(_)), "{err}");
}

#[test]
fn image_only_pdf_is_a_scan() {
    let err = nianbao::convert_bytes("scan.pdf", &pdfgen::image_only()).expect_err("scan");
    assert_eq!(err.code(), "scanned");
    assert!(err.to_string().contains("no text layer on pages 1-2") && err.to_string().contains("OCR"), "{err}");
}

#[test]
fn encrypted_pdf_needs_a_password() {
    let path = Path::new("tests/fixtures/encrypted.pdf");
    let err = nianbao::convert_file(path).expect_err("encrypted");
    assert_eq!(err.code(), "encrypted", "{err}");
    assert!(err.to_string().contains("password"), "{err}");
}

/// The same bytes give the same output every time: no decision may hang on
/// a hash map's order (each conversion's maps get new random seeds). The
/// samples read through OCR (seconds each) are run three times.
#[test]
fn every_pdf_sample_converts_the_same_every_time() {
    let mut paths: Vec<_> = std::fs::read_dir("samples")
        .expect("samples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 10);
    for path in paths {
        let bytes = std::fs::read(&path).expect("sample");
        let once = |_| {
            let (_, doc) = nianbao::read::read(&bytes).expect("reads");
            let report = nianbao::convert_bytes("x.pdf", &bytes).expect("converts");
            (serde_json::to_string(&doc).expect("json"), serde_json::to_string(&report).expect("json"))
        };
        let first = once(0);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let runs = if name.starts_with("scan_") || name.starts_with("pictured_") { 3 } else { 20 };
        for run in 1..runs {
            assert!(once(run) == first, "{}: run {run} differs", path.display());
        }
    }
}

/// The project's web sample printed by two HTML layout engines
/// (tools/make_print_samples.py): WeasyPrint with every cell its own box
/// (3 px apart), WeasyPrint on A6 pages (表三 across 17 pages, its <thead>
/// repeated on each, rows cut by the breaks) and headless Chromium. All
/// read to the page's own values; the boxed 表三 is one grid of 10 columns
/// across its three pages, the A6 one a single table with one header.
#[test]
fn browser_prints_read_to_their_web_page_values() {
    let page = nianbao::convert_file(Path::new("samples/web_2021_clean.html")).expect("page");
    let want: Vec<(String, Option<f64>)> = page.leaves().map(|(p, _, v)| (p, v)).collect();
    assert!(want.iter().filter(|(_, v)| v.is_some()).count() > 150);
    for name in ["print_weasy_boxed", "print_weasy_a6", "print_chromium"] {
        let r = nianbao::convert_file(Path::new(&format!("samples/{name}.pdf"))).expect(name);
        let got: Vec<(String, Option<f64>)> = r.leaves().map(|(p, _, v)| (p, v)).collect();
        assert_eq!(got, want, "{name}");
        assert_eq!(r.year, Some(2023), "{name}");
        assert_eq!(r.checks.len(), page.checks.len(), "{name}");
    }
    let (_, doc) = nianbao::read::read(&std::fs::read("samples/print_weasy_boxed.pdf").expect("pdf")).expect("reads");
    let t3 = doc.tables().find(|t| t.cells.iter().any(|c| c.text.contains("申请人情况"))).expect("表三");
    assert_eq!((t3.n_cols, t3.pages.as_slice()), (10, &[2, 3, 4][..]));
    assert!(t3.cells.iter().any(|c| c.text.contains("结转下年度继续办理")));
    let (_, doc) = nianbao::read::read(&std::fs::read("samples/print_weasy_a6.pdf").expect("pdf")).expect("reads");
    let t3 = doc.tables().find(|t| t.cells.iter().any(|c| c.text.contains("申请人情况"))).expect("表三");
    assert!(t3.pages.len() >= 10, "{:?}", t3.pages);
    assert_eq!(t3.cells.iter().filter(|c| c.text.contains("申请人情况")).count(), 1, "repeated headers dropped");
}
