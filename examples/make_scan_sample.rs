//! Writes samples/scan_basic_2021.pdf: samples/pdf_basic_2021.pdf rendered
//! by pdftoppm at 150 dpi and wrapped back as 1-bit page images, a scan the
//! project makes itself (tests/scan.rs reads it through OCR).
//!
//!     cargo run --example make_scan_sample

#[path = "../tests/pdfgen/mod.rs"]
mod pdfgen;
#[path = "../tests/scangen/mod.rs"]
mod scangen;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pdf = scangen::scan_of(std::path::Path::new("samples/pdf_basic_2021.pdf"), 150)
        .ok_or("pdftoppm (poppler-utils) is needed")?;
    std::fs::write("samples/scan_basic_2021.pdf", &pdf)?;
    println!("samples/scan_basic_2021.pdf: {} bytes", pdf.len());
    Ok(())
}
