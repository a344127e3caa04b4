//! Writes samples/web_*.html|htm and samples/flat_*.txt (web pages and
//! flattened text the project makes itself) and their expected outputs.
//!
//!     cargo run --example make_web_samples
//!
//! The expected outputs are what nianbao reads from the samples *now*: review
//! the diff before committing them (tests/web_samples.rs also checks every
//! value against the generator's own numbers).

#[path = "../tests/webgen/mod.rs"]
mod webgen;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all("samples/expected")?;
    for spec in webgen::specs() {
        let path = format!("samples/{}", spec.file_name());
        std::fs::write(&path, webgen::render(&spec))?;
        let report = nianbao::convert_file(std::path::Path::new(&path))?;
        let json = serde_json::to_string_pretty(&report)?;
        std::fs::write(format!("samples/expected/{}.json", spec.name), json + "\n")?;
        println!("{path}: {} checks failing, {} warnings", report.checks.len(), report.warnings.len());
    }
    Ok(())
}
