//! Growth of the typesetting stage with the length of its input (issue 13: linear in everything): one
//! paragraph without a break, and one story of many paragraphs, each at 100 KB and 300 KB of text (the
//! sample's stories repeated). Criterion reports the throughput in bytes per second; equal throughput at
//! both lengths means time linear in the length. Run with `cargo bench --bench linear`.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use huozi::FontSet;
use huozi::style::Style;

/// The sample's text, repeated to at least `bytes` bytes, with its line breaks removed (`flat`: one
/// paragraph under a headline) or kept (one story of many paragraphs).
fn text(bytes: usize, flat: bool) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/000_51746479e755d755.txt");
    let sample = std::fs::read_to_string(root).unwrap();
    let unit = if flat {
        sample.replace(['\r', '\n'], "")
    } else {
        sample + "\n"
    };
    let mut out = String::from(if flat {
        "一段很长的文字\n\n"
    } else {
        ""
    });
    while out.len() < bytes {
        out.push_str(&unit);
    }
    out
}

fn bench(c: &mut Criterion) {
    let style = Style::default_style();
    let fonts = FontSet::bundled().unwrap();
    let mut g = c.benchmark_group("typeset");
    g.sample_size(10);
    for (name, flat) in [("one paragraph", true), ("one story file", false)] {
        for kb in [100, 300] {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("s.txt");
            std::fs::write(&file, text(kb * 1000, flat)).unwrap();
            let book = huozi::load_book(&file).unwrap();
            let assets = huozi::load_assets(&book).unwrap();
            g.throughput(Throughput::Bytes(std::fs::metadata(&file).unwrap().len()));
            g.bench_function(format!("{name}, {kb} KB"), |b| {
                b.iter(|| huozi::typeset(&book, &style, &fonts, &assets.images).unwrap())
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
