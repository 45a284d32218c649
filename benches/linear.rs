//! Growth of the typesetting stage with the length of its input (issue 13: linear in everything): one
//! paragraph without a break, one story file (the sample's stories repeated: many stories) and one story
//! of many paragraphs under one headline (page filling was quadratic in a story's length), each at 100 KB
//! and 300 KB of text. Criterion reports the throughput in bytes per second; equal throughput at
//! both lengths means time linear in the length. Run with `cargo bench --bench linear`.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use huozi::FontSet;
use huozi::style::Style;

/// The shape of a benchmark's text.
#[derive(Clone, Copy)]
enum Shape {
    /// The sample's text with its line breaks removed: one paragraph under a headline.
    Paragraph,
    /// The sample's stories, each whole: many stories.
    Stories,
    /// The sample's paragraphs (its lines of more than 40 characters) under one headline: one story.
    Story,
}

/// The sample's text in `shape`, repeated to at least `bytes` bytes.
fn text(bytes: usize, shape: Shape) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/000_51746479e755d755.txt");
    let sample = std::fs::read_to_string(root).unwrap();
    let (mut out, unit) = match shape {
        Shape::Paragraph => (
            String::from("一段很长的文字\n\n"),
            sample.replace(['\r', '\n'], ""),
        ),
        Shape::Stories => (String::new(), sample + "\n"),
        Shape::Story => {
            let paragraphs: Vec<&str> = (sample.lines())
                .filter(|l| l.chars().count() > 40)
                .collect();
            (
                String::from("一个很长的故事\n\n"),
                paragraphs.join("\n\n") + "\n\n",
            )
        }
    };
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
    let shapes = [
        ("one paragraph", Shape::Paragraph),
        ("one story file", Shape::Stories),
        ("one story", Shape::Story),
    ];
    for (name, shape) in shapes {
        for kb in [100, 300] {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("s.txt");
            std::fs::write(&file, text(kb * 1000, shape)).unwrap();
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
