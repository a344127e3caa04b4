//! The PDF path (read + map + check) on one core, per report.
//!
//!     cargo bench --bench pdf
//!
//! Uses samples/*.pdf, plus ../shared/corpus/dev/*.pdf and
//! ../shared/real/*.pdf when present.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for dir in ["samples", "../shared/corpus/dev", "../shared/real"] {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.extension().is_some_and(|e| e == "pdf")
                && let Ok(bytes) = std::fs::read(&p)
            {
                files.push((p.to_string_lossy().into_owned(), bytes));
            }
        }
    }
    files
}

fn bench(c: &mut Criterion) {
    let files = inputs();
    let mut group = c.benchmark_group("pdf");
    group.throughput(Throughput::Elements(files.len() as u64));
    group.bench_function(format!("convert {} reports", files.len()), |b| {
        b.iter(|| {
            for (path, bytes) in &files {
                std::hint::black_box(nianbao::convert_bytes(path, bytes).ok());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
