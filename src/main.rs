fn main() {
    let path = std::env::args().nth(1).expect("path");
    let bytes = std::fs::read(&path).expect("read");
    let t = std::time::Instant::now();
    let (_, doc) = nianbao::read::read(&bytes).expect("doc");
    eprintln!("{:?}", t.elapsed());
    for b in &doc.blocks {
        match b {
            nianbao::Block::Paragraph(p) => println!("P: {}", p.text),
            nianbao::Block::Table(t) => {
                println!("TABLE {}x{}", t.n_rows, t.n_cols);
                for c in &t.cells {
                    println!("  [{},{} {}x{}] {:?}", c.row, c.col, c.row_span, c.col_span, c.text);
                }
            }
        }
    }
}
