//! Writes samples/pictured_2021.docx, samples/basic_2021.docx with each table
//! pasted as screenshots (cropped from samples/pdf_basic_2021.pdf rendered
//! at 150 dpi), and samples/pictured_2021.pdf, LibreOffice's PDF of it: a
//! text report whose tables are images (tests/picturegen).
//!
//!     cargo run --example make_pictured_sample

#[path = "../tests/pdfgen/mod.rs"]
mod pdfgen;
#[path = "../tests/picturegen/mod.rs"]
mod picturegen;
#[path = "../tests/samplegen/mod.rs"]
mod samplegen;
#[path = "../tests/scangen/mod.rs"]
mod scangen;

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let spec = samplegen::specs().into_iter().find(|s| s.name == "basic_2021").ok_or("no basic_2021 spec")?;
    let pictures = picturegen::table_pictures(Path::new("samples/pdf_basic_2021.pdf"), 150)
        .ok_or("pdftoppm (poppler-utils) is needed")?;
    for (i, pngs) in pictures.iter().enumerate() {
        for png in pngs {
            println!("table {}: {}×{} px, {} bytes", i + 1, png.width, png.height, png.data.len());
        }
    }
    let docx = picturegen::pictured_docx(&spec, &pictures);
    std::fs::write("samples/pictured_2021.docx", &docx)?;
    println!("samples/pictured_2021.docx: {} bytes", docx.len());
    let pdf = picturegen::pdf_of(Path::new("samples/pictured_2021.docx")).ok_or("soffice (LibreOffice) is needed")?;
    std::fs::write("samples/pictured_2021.pdf", &pdf)?;
    println!("samples/pictured_2021.pdf: {} bytes", pdf.len());
    Ok(())
}
