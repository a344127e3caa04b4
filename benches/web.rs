//! The web-page and flattened-text paths (read + map + check) on one core.
//!
//!     cargo bench --bench web
//!
//! Uses samples/*.html|htm|txt, plus ../shared/real/*.html and
//! ../shared/seeds/*.txt when present.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn inputs(exts: &[&str]) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for dir in ["samples", "../shared/real", "../shared/seeds"] {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.extension().and_then(|e| e.to_str()).is_some_and(|e| exts.contains(&e))
                && let Ok(bytes) = std::fs::read(&p)
            {
                files.push((p.to_string_lossy().into_owned(), bytes));
            }
        }
    }
    files
}

fn bench(c: &mut Criterion) {
    for (name, exts) in [("html", &["html", "htm"][..]), ("text", &["txt"][..])] {
        let files = inputs(exts);
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Elements(files.len() as u64));
        group.bench_function(format!("convert {} reports", files.len()), |b| {
            b.iter(|| {
                for (path, bytes) in &files {
                    std::hint::black_box(nianbao::convert_bytes(path, bytes).ok());
                }
            })
        });
        group.bench_function("read only", |b| {
            b.iter(|| {
                for (_, bytes) in &files {
                    std::hint::black_box(nianbao::read::read(bytes).ok());
                }
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
