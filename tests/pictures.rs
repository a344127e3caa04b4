//! Reports whose tables are pasted as pictures: samples/pictured_2021.docx
//! (samples/basic_2021.docx with each table replaced by screenshots of it,
//! made by tests/picturegen from samples/pdf_basic_2021.pdf) and
//! samples/pictured_2021.pdf, LibreOffice's PDF of it (text, tables as
//! images), read through OCR to the values of the typed originals, every
//! value marked as OCR'd; the same pictures as JPEG in VML markup (Word
//! 2003, WPS); pictures nianbao cannot decode named in the error; `--ocr
//! never` leaves them unread. Rewrite the samples with
//! `cargo run --example make_pictured_sample`. The OCR tests need
//! Tesseract with chi_sim (.ci/run installs it) and skip without it.

mod ocrcheck;
mod pdfgen;
mod picturegen;
mod samplegen;
mod scangen;

use std::io::Read;
use std::path::Path;

use ocrcheck::tesseract;

/// A DOCX's members in zip order, as (name, bytes).
fn members(docx: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("a member");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("member data");
            (f.name().to_string(), data)
        })
        .collect()
}

#[test]
fn the_pictured_sample_is_what_the_generator_makes() {
    let Some(pictures) = picturegen::table_pictures(Path::new("samples/pdf_basic_2021.pdf"), 150) else {
        eprintln!("skipped: pdftoppm (poppler-utils) is not installed");
        return;
    };
    let spec = samplegen::specs().into_iter().find(|s| s.name == "basic_2021").expect("basic_2021 spec");
    let made = members(&picturegen::pictured_docx(&spec, &pictures));
    let committed = members(&std::fs::read("samples/pictured_2021.docx").expect("sample"));
    let names = |m: &[(String, Vec<u8>)]| m.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&made), names(&committed));
    for ((name, made), (_, committed)) in made.iter().zip(&committed) {
        if name.ends_with(".png") {
            // The crops come from the PDF's cell boxes, so their pixel sizes
            // (in the IHDR chunk) are fixed; another pdftoppm may draw a
            // pixel differently, so the bytes need only be close.
            assert_eq!(made[16..24], committed[16..24], "{name}: width and height");
            assert!(made.len().abs_diff(committed.len()) * 5 < committed.len(), "{name}: size");
        } else {
            assert!(made == committed, "{name} differs from the committed sample");
        }
    }
}

fn leaves(r: &nianbao::Report) -> Vec<(String, Option<f64>)> {
    r.leaves().map(|(p, _, v)| (p, v)).collect()
}

/// `got` holds every value of `want`, each read by OCR, with a confidence.
fn same_values_by_ocr(got: &nianbao::Report, want: &nianbao::Report) {
    assert_eq!((got.year, got.template, &got.organ), (want.year, want.template, &want.organ));
    assert_eq!(leaves(got), leaves(want));
    assert!(got.checks.is_empty(), "{:?}", got.checks);
    assert!(!got.provenance.is_empty());
    for p in &got.provenance {
        assert!(p.ocr && p.confidence.is_some_and(|c| (0.0..=1.0).contains(&c)), "{p:?}");
    }
    assert!(got.warnings.iter().any(|w| w.code == "tables_from_pictures"), "{:?}", got.warnings);
}

#[test]
fn tables_pasted_as_pictures_in_a_docx_read_as_the_typed_tables() {
    if !tesseract() {
        return;
    }
    let got = nianbao::convert_file(Path::new("samples/pictured_2021.docx")).expect("converts");
    let want = nianbao::convert_file(Path::new("samples/basic_2021.docx")).expect("typed sample");
    same_values_by_ocr(&got, &want);
    let total = leaves(&got).into_iter().find(|(p, _)| p == "applications.total.total").map(|l| l.1);
    assert_eq!(total, Some(Some(35.0)));
    // A DOCX has no pages: the values say where in the tables, not where on a page.
    assert!(got.provenance.iter().all(|p| p.page.is_none()));
}

#[test]
fn tables_pasted_as_images_in_a_text_pdf_read_as_the_typed_tables() {
    if !tesseract() {
        return;
    }
    let got = nianbao::convert_file(Path::new("samples/pictured_2021.pdf")).expect("converts");
    let want = nianbao::convert_file(Path::new("samples/pdf_basic_2021.pdf")).expect("text pdf");
    same_values_by_ocr(&got, &want);
    // 表三 crosses the page break as two screenshots: one table again.
    let (_, doc) = nianbao::read::read(&std::fs::read("samples/pictured_2021.pdf").expect("sample")).expect("reads");
    let tables: Vec<_> = doc.tables().collect();
    assert_eq!(tables.len(), 3);
    assert_eq!(tables[1].pages, vec![1, 2]);
    // Its cells lie on their pages, inside the image.
    assert!(got.provenance.iter().all(|p| matches!(p.page, Some(1 | 2))));
}

/// The committed sample rewritten as Word 2003 or WPS would write it: each
/// picture in VML (`<w:pict><v:shape><v:imagedata r:id>`), as a JPEG.
fn vml_jpeg_variant() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
    for (name, data) in members(&std::fs::read("samples/pictured_2021.docx").expect("sample")) {
        let (name, data) = if name.ends_with(".png") {
            let mut dec = png::Decoder::new(std::io::Cursor::new(data)).read_info().expect("the sample's PNG");
            let mut px = vec![0; dec.output_buffer_size().expect("a size")];
            let info = dec.next_frame(&mut px).expect("decodes");
            let mut jpeg = Vec::new();
            jpeg_encoder::Encoder::new(&mut jpeg, 92)
                .encode(&px, info.width as u16, info.height as u16, jpeg_encoder::ColorType::Luma)
                .expect("encodes");
            (name.replace(".png", ".jpeg"), jpeg)
        } else {
            let text = String::from_utf8(data).expect("XML");
            let text = text.replace(".png\"", ".jpeg\"").replace(
                "Extension=\"png\" ContentType=\"image/png\"",
                "Extension=\"jpeg\" ContentType=\"image/jpeg\"",
            );
            (name, to_vml(&text).into_bytes())
        };
        zip.start_file(name, opts).expect("zip entry");
        std::io::Write::write_all(&mut zip, &data).expect("zip write");
    }
    zip.finish().expect("zip");
    out.into_inner()
}

/// Every `<w:drawing>…r:embed="ID"…</w:drawing>` as a VML picture of that ID.
fn to_vml(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<w:drawing>") {
        let end = rest[start..].find("</w:drawing>").expect("closed") + start + "</w:drawing>".len();
        let drawing = &rest[start..end];
        let id = drawing.split("r:embed=\"").nth(1).and_then(|s| s.split('"').next()).expect("an embed");
        out.push_str(&rest[..start]);
        out.push_str(&format!(
            r#"<w:pict><v:shape style="width:450pt;height:220pt"><v:imagedata r:id="{id}" o:title=""/></v:shape></w:pict>"#
        ));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn vml_pictures_in_jpeg_read_too() {
    if !tesseract() {
        return;
    }
    let bytes = vml_jpeg_variant();
    assert!(!String::from_utf8_lossy(&bytes).contains("<w:drawing>"));
    let got = nianbao::convert_bytes("vml.docx", &bytes).expect("converts");
    let want = nianbao::convert_file(Path::new("samples/basic_2021.docx")).expect("typed sample");
    same_values_by_ocr(&got, &want);
}

/// The committed sample with every picture's bytes replaced by `data`.
fn with_pictures(data: &[u8]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
    for (name, bytes) in members(&std::fs::read("samples/pictured_2021.docx").expect("sample")) {
        zip.start_file(name.clone(), opts).expect("zip entry");
        let bytes = if name.ends_with(".png") { data.to_vec() } else { bytes };
        std::io::Write::write_all(&mut zip, &bytes).expect("zip write");
    }
    zip.finish().expect("zip");
    out.into_inner()
}

#[test]
fn pictures_nianbao_cannot_decode_are_named() {
    // An EMF (Word's vector pictures), and a PNG cut short.
    let emf = [1u8, 0, 0, 0, 0x6c, 0, 0, 0, 0, 0, 0, 0];
    let err = nianbao::convert_bytes("emf.docx", &with_pictures(&emf)).expect_err("no table can be read");
    assert_eq!(err.code(), "not_a_report", "{err}");
    assert!(err.to_string().contains("EMF"), "{err}");
    let png = std::fs::read("samples/pictured_2021.docx").expect("sample");
    let cut = members(&png).into_iter().find(|(n, _)| n.ends_with(".png")).expect("a PNG").1;
    let err = nianbao::convert_bytes("cut.docx", &with_pictures(&cut[..cut.len() / 2])).expect_err("cut");
    assert_eq!(err.code(), "not_a_report", "{err}");
    assert!(err.to_string().contains("PNG"), "{err}");
}

#[test]
fn ocr_never_leaves_pictures_unread() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["convert", "--ocr", "never", "samples/pictured_2021.docx"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("no tables") && stderr.contains("--ocr never"), "{stderr}");
}

#[test]
fn a_jpeg_the_decoder_chokes_on_is_a_damaged_image() {
    // Found by `cargo fuzz run picture`: zune-jpeg asserts on it.
    let bytes = std::fs::read("tests/fixtures/fuzz_jpeg_bitstream.jpg").expect("fixture");
    let err = nianbao::read::scan::decode_picture(&bytes).expect_err("damaged");
    assert_eq!(err.code(), "corrupt_image", "{err}");
}
