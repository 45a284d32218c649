//! Throughput of the whole build on `content/` and of each stage, in bytes of story text per second.
//! Run with `cargo bench --bench build`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use huozi::FontSet;
use huozi::style::Style;

fn input_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

fn bench(c: &mut Criterion) {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let bytes = input_bytes(&content);
    let out = tempfile::tempdir().unwrap();
    let style = Style::default_style();
    let fonts = FontSet::bundled().unwrap();
    let book = huozi::load_book(&content).unwrap();
    let assets = huozi::load_assets(&book).unwrap();
    let doc = huozi::typeset(&book, &style, &fonts, &assets.images).unwrap();

    let mut g = c.benchmark_group("content");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(20);
    g.bench_function("build (parse, typeset, pdf, epub, write)", |b| {
        b.iter(|| huozi::build(&huozi::Options::new(&content, out.path())).unwrap())
    });
    g.bench_function("parse", |b| {
        b.iter(|| huozi::load_book(black_box(&content)).unwrap())
    });
    g.bench_function("load fonts", |b| b.iter(|| FontSet::bundled().unwrap()));
    g.bench_function("typeset", |b| {
        b.iter(|| huozi::typeset(black_box(&book), &style, &fonts, &assets.images).unwrap())
    });
    g.bench_function("render pdf", |b| {
        b.iter(|| huozi::render_pdf(black_box(&doc), &book, &fonts, Default::default()).unwrap())
    });
    g.bench_function("render epub", |b| {
        b.iter(|| huozi::render_epub(black_box(&book), &style, &doc, &fonts, &assets).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
