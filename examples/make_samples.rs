//! Writes samples/*.docx and their expected outputs (samples/expected/),
//! the year-over-year samples (samples/panel_*, samples/maps/organs.csv:
//! tests/panelgen),
//! the hand-built PDFs in the predefined Chinese CMaps and a borderless one
//! (tests/pdfgen), and, when LibreOffice is on PATH, the DOCX samples' PDF
//! exports (samples/pdf_*.pdf).
//!
//!     cargo run --example make_samples
//!
//! The expected outputs are what nianbao reads from the samples *now*: review
//! the diff before committing them.

#[path = "../tests/panelgen/mod.rs"]
mod panelgen;
#[path = "../tests/pdfgen/mod.rs"]
mod pdfgen;
#[path = "../tests/samplegen/mod.rs"]
mod samplegen;
#[path = "../tests/webgen/mod.rs"]
mod webgen;

use std::path::Path;

/// Samples exported to PDF. `variants_split` is left out: LibreOffice prints
/// its tracked deletion (struck through) into the PDF.
const PDF: &[&str] = &["basic_2021", "single_other_nulls", "inconsistent"];

fn expect(path: &str, stem: &str) -> Result<(), Box<dyn std::error::Error>> {
    let report = nianbao::convert_file(Path::new(path))?;
    let json = serde_json::to_string_pretty(&report)?;
    std::fs::write(format!("samples/expected/{stem}.json"), json + "\n")?;
    println!("{path}: {} checks failing, {} warnings", report.checks.len(), report.warnings.len());
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all("samples/expected")?;
    for spec in samplegen::specs() {
        let path = format!("samples/{}.docx", spec.name);
        std::fs::write(&path, samplegen::docx_bytes(&samplegen::document_xml(&spec)))?;
        expect(&path, spec.name)?;
    }
    for (name, bytes) in panelgen::files() {
        let path = format!("samples/{name}");
        std::fs::write(&path, bytes)?;
        expect(&path, name.split('.').next().unwrap_or(&name))?;
    }
    std::fs::create_dir_all("samples/maps")?;
    std::fs::write(panelgen::ORGAN_MAP_PATH, panelgen::ORGAN_MAP)?;
    for (name, _, bytes) in pdfgen::samples() {
        let path = format!("samples/{name}.pdf");
        std::fs::write(&path, bytes)?;
        expect(&path, name)?;
    }
    let Some(soffice) = nianbao::read::legacy::find_soffice() else {
        println!("soffice not on PATH: PDF samples left as they are");
        return Ok(());
    };
    let tmp = tempfile::tempdir()?;
    for name in PDF {
        let status = std::process::Command::new(&soffice)
            .arg("--headless")
            .arg(format!("-env:UserInstallation=file://{}/profile", tmp.path().display()))
            .args(["--convert-to", "pdf", "--outdir"])
            .arg(tmp.path())
            .arg(format!("samples/{name}.docx"))
            .status()?;
        if !status.success() {
            return Err(format!("soffice failed on {name}").into());
        }
        let path = format!("samples/pdf_{name}.pdf");
        std::fs::copy(tmp.path().join(format!("{name}.pdf")), &path)?;
        expect(&path, &format!("pdf_{name}"))?;
    }
    Ok(())
}
