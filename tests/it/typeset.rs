//! Typesetting the sample: page anchors (for the EPUB page-list) and line invariants.

use crate::common;

use huozi::FontSet;
use huozi::model::Book;
use huozi::style::Style;
use huozi::{Document, Item};

fn sample() -> (Book, Document) {
    let book = huozi::load_book(&common::repo("content")).unwrap();
    let doc = typeset(&book);
    (book, doc)
}

/// `book` typeset in the default style with the bundled faces.
fn typeset(book: &Book) -> Document {
    let fonts = FontSet::bundled().unwrap();
    huozi::typeset(book, &Style::default_style(), &fonts, &huozi::Images::new()).unwrap()
}

/// Text of the page's body-size runs, top to bottom (furniture is 9 pt, headings larger).
fn body_text(page: &huozi::Page) -> String {
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
    // a page has an anchor exactly when it carries story text (not the title, contents or colophon)
    for page in &doc.pages {
        let story_text = page
            .lines
            .iter()
            .any(|l| l.story.is_some() && l.role != huozi::style::Role::RunningHead);
        assert_eq!(page.anchor.is_some(), story_text, "page {}", page.folio);
    }
    assert_eq!(
        anchored.len(),
        doc.pages.len() - 3,
        "title, contents and colophon"
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

/// A headline broken with `<br>` runs as one line in the running heads and the bookmark (line breaks
/// dropped, as the EPUB's nav has it): a break drawn in a running head is a missing glyph.
#[test]
fn a_broken_headline_runs_as_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    let body = "冰城的雪下了一整夜，志愿者们清晨就到了岗位上。".repeat(400);
    std::fs::write(&path, format!("# 上一行<br>下一行\n\n{body}\n")).unwrap();
    let doc = typeset(&huozi::load_book(&path).unwrap());
    let heads: Vec<&str> = (doc.pages.iter())
        .filter(|p| p.folio % 2 == 1)
        .flat_map(|p| &p.lines)
        .filter(|l| l.role == huozi::style::Role::RunningHead)
        .map(|l| l.text.as_str())
        .collect();
    assert!(heads.len() > 1, "{heads:?}");
    assert!(heads.iter().all(|h| *h == "上一行下一行"), "{heads:?}");
    assert_eq!(doc.outline[0].title, "上一行下一行");
    // on its opening page the headline keeps its two lines, as the EPUB's does
    let headline: Vec<&str> = (doc.pages.iter())
        .flat_map(|p| &p.lines)
        .filter(|l| l.role == huozi::style::Role::Headline)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(headline, ["上一行", "下一行"]);
}
