//! Prints the glyphs of one PDF page with their boxes, in drawing order:
//! `cargo run --example glyphs FILE PAGE`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(page)) = (args.get(1), args.get(2).and_then(|p| p.parse().ok())) else {
        eprintln!("usage: glyphs FILE PAGE");
        return;
    };
    let Ok(bytes) = std::fs::read(path) else { return };
    for (t, b) in nianbao::read::pdf::page_glyphs(&bytes, page) {
        println!("{t}\t{:.1}\t{:.1}\t{:.1}\t{:.1}\t{:.1}", b[0], b[1], b[2], b[3], b[4]);
    }
}
