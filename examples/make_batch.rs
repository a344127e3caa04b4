//! Writes N distinct sample reports into a folder, for batch benchmarks.
//!
//!     cargo run --release --example make_batch -- /tmp/batch 1000

#[path = "../tests/samplegen/mod.rs"]
mod samplegen;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "batch".into());
    let n: usize = args.next().as_deref().unwrap_or("1000").parse()?;
    std::fs::create_dir_all(&dir)?;
    for i in 0..n {
        let spec = samplegen::numbered(i);
        std::fs::write(format!("{dir}/{}.docx", spec.name), samplegen::docx_bytes(&samplegen::document_xml(&spec)))?;
    }
    println!("{n} reports in {dir}");
    Ok(())
}
