//! Writes samples/*.docx and their expected outputs (samples/expected/).
//!
//!     cargo run --example make_samples
//!
//! The expected outputs are what nianbao reads from the samples *now*: review
//! the diff before committing them.

#[path = "../tests/samplegen/mod.rs"]
mod samplegen;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all("samples/expected")?;
    for spec in samplegen::specs() {
        let path = format!("samples/{}.docx", spec.name);
        std::fs::write(&path, samplegen::docx_bytes(&samplegen::document_xml(&spec)))?;
        let report = nianbao::convert_file(std::path::Path::new(&path))?;
        let json = serde_json::to_string_pretty(&report)?;
        std::fs::write(format!("samples/expected/{}.json", spec.name), json + "\n")?;
        println!("{path}: {} checks failing, {} warnings", report.checks.len(), report.warnings.len());
    }
    Ok(())
}
