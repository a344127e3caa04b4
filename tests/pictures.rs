//! Reports whose tables are pasted as pictures: samples/pictured_2021.docx
//! (samples/basic_2021.docx with each table replaced by screenshots of it,
//! made by tests/picturegen from samples/pdf_basic_2021.pdf) and
//! samples/pictured_2021.pdf, LibreOffice's PDF of it (text, tables as
//! images). Rewrite them with `cargo run --example make_pictured_sample`.

mod pdfgen;
mod picturegen;
mod samplegen;
mod scangen;

use std::io::Read;
use std::path::Path;

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
