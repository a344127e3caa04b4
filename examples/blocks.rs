//! Prints a document's blocks in order (paragraphs and table sizes), the
//! view the report layer gets: `cargo run --example blocks FILE`.
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        match nianbao::read::read(&bytes) {
            Ok((_, doc)) => {
                for b in &doc.blocks {
                    match b {
                        nianbao::Block::Paragraph(p) => println!("P{:?} {}", p.page, p.text),
                        nianbao::Block::Table(t) => println!("T{:?} {}x{}", t.pages, t.n_rows, t.n_cols),
                    }
                }
            }
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
