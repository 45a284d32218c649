//! The typesetter under hostile text and extreme styles (issue 10): no panic for any text or any style the
//! validator accepts — the breaker always has an emergency break, and a style that cannot set a character
//! per line is refused with a message that says so. Property tests run a fixed number of cases (CI).

use std::path::Path;

use crate::common::book::{p, sample_meta};
use huozi::model::{Book, Story};
use huozi::style::{DEFAULT_STYLE, Style};
use huozi::{FontSet, Images};
use proptest::prelude::*;

/// A one-story book whose only paragraph is `text`.
fn book_of(text: &str) -> Book {
    Book {
        counted: Default::default(),
        meta: sample_meta(),
        stories: vec![Story {
            column: None,
            kicker: None,
            headline: "标题".into(),
            subheadline: None,
            dateline: None,
            byline: None,
            blocks: vec![p(text)],
        }],
    }
}

/// The default style at a measure of `measure_em`, with the smallest changes the validator and the page
/// ask for: below 8 em no insets (an inset must leave 4 em); at 4 em a title of 20 pt (two 24 pt
/// characters are wider than 4 em of 10.5 pt); a page 200 mm wide for measures over 32 em; and below 12
/// em a page of 400 lines, so that the colophon, a line or two of characters each, still fits on it (the
/// check that nothing falls off the page would refuse the book otherwise) and the paragraph is seen set.
fn style_at(measure_em: u32) -> Style {
    let mut text = DEFAULT_STYLE.replace("measure-em = 32", &format!("measure-em = {measure_em}"));
    if measure_em > 32 {
        text = text.replace("trim-width-mm = 148.0", "trim-width-mm = 200.0");
    }
    if measure_em < 12 {
        text = text
            .replace("trim-height-mm = 210.0", "trim-height-mm = 2600.0")
            .replace("lines-per-page = 28", "lines-per-page = 400");
    }
    if measure_em < 8 {
        text = text.replace("inset-em = 2.0", "inset-em = 0.0");
    }
    if measure_em < 5 {
        text = text.replacen("size-pt = 24.0", "size-pt = 20.0", 1);
    }
    Style::from_toml(&text, Path::new("test.toml")).expect("a valid style")
}

/// Typesets `text` at `measure_em`: a document, or an error — never a panic. Returns the text of every
/// line set from the paragraph, joined.
fn set(text: &str, measure_em: u32, fonts: &FontSet) -> Result<String, String> {
    let doc = huozi::typeset(&book_of(text), &style_at(measure_em), fonts, &Images::new())
        .map_err(|e| e.to_string())?;
    Ok(doc
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .filter(|l| l.role == huozi::style::Role::Body)
        .map(|l| l.text.as_str())
        .collect())
}

#[test]
fn a_run_of_63_closing_marks_is_set() {
    let fonts = FontSet::bundled().unwrap();
    for text in [
        "」".repeat(63),
        format!("正文{}完。", "」".repeat(63)),
        format!("开始{}", "，".repeat(63)),
    ] {
        for m in [4, 5, 6, 32] {
            let set = set(&text, m, &fonts).unwrap_or_else(|e| panic!("{m} em: {e}"));
            assert_eq!(set, text, "{m} em: every character set, in order");
        }
    }
}

#[test]
fn fifteen_ellipses_in_a_row_are_set() {
    let fonts = FontSet::bundled().unwrap();
    for text in [
        "……".repeat(15),
        format!("正文{}", "……".repeat(15)),
        format!("“{}”", "……".repeat(15)),
        "——".repeat(20),
    ] {
        for m in [4, 5, 6, 32] {
            let set = set(&text, m, &fonts).unwrap_or_else(|e| panic!("{m} em: {e}"));
            assert_eq!(set, text, "{m} em");
        }
    }
}

#[test]
fn huge_heading_sizes_are_refused_or_set() {
    let fonts = FontSet::bundled().unwrap();
    // too large for its lines or the measure: refused, saying why
    for size in ["10000.0", "200.0", "60.0"] {
        let text = DEFAULT_STYLE.replacen("size-pt = 18.0", &format!("size-pt = {size}"), 1);
        let err = Style::from_toml(&text, Path::new("big.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("roles.headline.size-pt"), "{size}: {err}");
    }
    // the largest a 5 em measure allows: a headline set a character or two a line
    let text = DEFAULT_STYLE
        .replace("measure-em = 32", "measure-em = 6")
        .replace("inset-em = 2.0", "inset-em = 0.0")
        .replacen(
            "lines = 2                 # per headline line",
            "lines = 4",
            1,
        )
        .replacen("size-pt = 18.0", "size-pt = 31.0", 1);
    let style = Style::from_toml(&text, Path::new("big.toml")).expect("valid");
    let mut book = book_of("正文。");
    book.stories[0].headline = "一个相当长的标题，在很窄的版心里".into();
    match huozi::typeset(&book, &style, &fonts, &Images::new()) {
        Ok(doc) => assert!(doc.pages.len() >= 4),
        Err(e) => assert!(e.to_string().contains("falls"), "{e}"),
    }
}

/// Text drawn from CJK punctuation (closing, opening, pause, the 2-em marks), Han and Latin, with runs of
/// one mark repeated.
fn hostile_text() -> impl Strategy<Value = String> {
    let pool: Vec<&'static str> = [
        "，",
        "。",
        "、",
        "；",
        "：",
        "？",
        "！",
        "」",
        "』",
        "）",
        "》",
        "”",
        "’",
        "「",
        "『",
        "（",
        "《",
        "“",
        "‘",
        "——",
        "……",
        "·",
        "～",
        "的",
        "一",
        "是",
        "在",
        "不",
        "了",
        "有",
        "和",
        "人",
        "国",
        "a",
        "Z",
        "0",
        "7",
        " ",
        ".",
        "-",
        "/",
        "word",
        "https://example.org/x",
    ]
    .to_vec();
    let piece = prop_oneof![
        4 => prop::sample::select(pool.clone()).prop_map(str::to_string),
        1 => (prop::sample::select(pool), 1..80usize).prop_map(|(s, n)| s.repeat(n)),
    ];
    prop::collection::vec(piece, 1..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// 2,000 random strings at measures of 4–40 em: set whole and in order, or a clean error; no panic.
    #[test]
    fn random_text_at_any_measure_never_panics(text in hostile_text(), m in 4u32..=40) {
        thread_local!(static FONTS: FontSet = FontSet::bundled().unwrap());
        let trimmed = text.trim().to_string();
        prop_assume!(!trimmed.is_empty());
        let result = FONTS.with(|fonts| set(&trimmed, m, fonts));
        if let Ok(set) = result {
            let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            prop_assert_eq!(squeeze(&set), squeeze(&trimmed));
        }
    }
}

/// Bytes for the decode → parse → typeset run: a story in UTF-8, GB18030 or UTF-16, as plain text or
/// Markdown, sometimes damaged.
fn hostile_file() -> impl Strategy<Value = (Vec<u8>, bool)> {
    let body = hostile_text();
    let headline = prop::sample::select(vec!["标题", "# 标题", "", "+++\n+++\n# 标题", "**"]);
    let markup = prop::sample::select(vec![
        "",
        "*",
        "**",
        "<em>",
        "> ",
        "- ",
        "![a](x.png)",
        "\u{FEFF}",
    ]);
    (headline, body, markup, 0..4u8, any::<bool>(), any::<u16>()).prop_map(
        |(headline, body, markup, encoding, markdown, damage)| {
            let text = format!("{headline}\n\n{markup}{body}{markup}\n\n{body}\n");
            let mut bytes = match encoding {
                0 => text.into_bytes(),
                1 => encoding_rs::GB18030.encode(&text).0.into_owned(),
                2 => {
                    let mut b = vec![0xFF, 0xFE];
                    b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                    b
                }
                _ => {
                    let mut b = text.into_bytes();
                    let at = usize::from(damage) % b.len().max(1);
                    if at < b.len() {
                        b[at] = (damage >> 8) as u8;
                    }
                    b
                }
            };
            bytes.truncate(20_000);
            (bytes, markdown)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Any bytes through the whole front of the pipeline: a book or an error naming the file; no panic.
    #[test]
    fn decode_parse_typeset_never_panics((bytes, markdown) in hostile_file()) {
        thread_local!(static FONTS: FontSet = FontSet::bundled().unwrap());
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(if markdown { "a.md" } else { "a.txt" });
        std::fs::write(&file, &bytes).unwrap();
        match huozi::load_book(&file) {
            Err(e) => prop_assert!(e.to_string().contains("a."), "{e}"),
            Ok(book) => {
                let result = FONTS.with(|fonts| {
                    huozi::load_assets(&book)
                        .and_then(|assets| huozi::typeset(&book, &style_at(32), fonts, &assets.images))
                });
                if let Err(e) = result {
                    prop_assert!(e.to_string().contains("falls") || e.to_string().contains("x.png"), "{e}");
                }
            }
        }
    }
}
