//! Typesetting the sample: page anchors (for the EPUB page-list) and line invariants.

use huozi::fonts::FontSet;
use huozi::model::Book;
use huozi::style::Style;
use huozi::typeset::{Document, Item};

fn sample() -> (Book, Document) {
    let book = huozi::parse::load_book(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content"
    )))
    .unwrap();
    let doc = huozi::typeset::typeset(&book, &Style::default_style(), &FontSet::bundled().unwrap())
        .unwrap();
    (book, doc)
}

/// Text of the page's body-size runs, top to bottom (furniture is 9 pt, headings larger).
fn body_text(page: &huozi::typeset::Page) -> String {
    let mut runs: Vec<(f32, f32, &str)> = page
        .items
        .iter()
        .filter_map(|(at, item)| match item {
            Item::Run(r) if (r.size - 10.5).abs() < 0.01 => {
                Some((at.y, r.glyphs[0].x, r.text.as_str()))
            }
            _ => None,
        })
        .collect();
    runs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    runs.iter().map(|r| r.2).collect()
}

#[test]
fn every_page_with_story_text_has_an_anchor_at_its_first_line() {
    let (book, doc) = sample();
    let anchored: Vec<_> = doc
        .pages
        .iter()
        .filter_map(|p| p.anchor.map(|a| (p, a)))
        .collect();
    // every page but the title page and the colophon carries story text
    assert_eq!(anchored.len(), doc.pages.len() - 2);
    assert!(
        doc.pages.first().unwrap().anchor.is_none() && doc.pages.last().unwrap().anchor.is_none()
    );
    let mut previous = None;
    for (page, a) in anchored {
        assert!(
            previous < Some((a.story, a.block, a.offset)),
            "anchors go forward: {a:?}"
        );
        previous = Some((a.story, a.block, a.offset));
        let story = &book.stories[a.story];
        match a.block {
            None => assert_eq!(a.offset, 0),
            Some(b) => {
                let text = story.blocks[b].plain_text();
                let rest = &text[a.offset..];
                let head: String = rest.chars().take(6).collect();
                assert!(
                    body_text(page).contains(&head),
                    "page {} should show {head:?}",
                    page.folio
                );
            }
        }
    }
}
