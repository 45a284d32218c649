//! Navigation in the EPUB: the nav document's contents (stories and their subheads) and landmarks, the NCX
//! for older readers, and the page-list that maps every print page carrying story text to the place in the
//! text where that page begins, for the sample and for a story with every kind of block.

use huozi::model::Block;

use crate::common::assert_epubcheck_clean_bytes as assert_epubcheck_clean;
use crate::common::book::{every_block_book, render_book, sample_book, sample_epub, typeset_book};
use crate::common::epub::{check_page_list, elements, entry, entry_text, write_png};

#[test]
fn stories_are_listed_by_headline() {
    let epub = sample_epub();
    let nav = entry_text(&epub, "OEBPS/nav.xhtml");
    let ncx = entry_text(&epub, "OEBPS/toc.ncx");
    for (href, headline) in [
        ("story-001.xhtml", "全方位融入 社区“疫”线添暖流"),
        ("story-002.xhtml", "哈报人“老宋”与病毒“贴身”战斗"),
    ] {
        assert!(
            nav.contains(&format!("<a href=\"{href}\">{headline}</a>")),
            "{nav}"
        );
        assert!(ncx.contains(&format!("<text>{headline}</text>")), "{ncx}");
        assert!(ncx.contains(&format!("<content src=\"{href}\"/>")), "{ncx}");
    }
}

#[test]
fn navigation_has_contents_with_subheads_and_landmarks() {
    let epub = sample_epub();
    let nav = entry_text(&epub, "OEBPS/nav.xhtml");
    assert!(nav.contains("<nav epub:type=\"toc\" id=\"toc\""), "{nav}");
    assert!(
        nav.contains(
            "<li><a href=\"story-002.xhtml\">哈报人“老宋”与病毒“贴身”战斗</a>\n<ol>\n\
             <li><a href=\"story-002.xhtml#sec-1\">确诊单元18户居民需防护物资？我去送</a></li>\n\
             <li><a href=\"story-002.xhtml#sec-2\">9个单元63层生活垃圾要清运？我去搬</a></li>\n</ol>"
        ),
        "{nav}"
    );
    for landmark in [
        "<a epub:type=\"cover\" href=\"cover.xhtml\">",
        "<a epub:type=\"toc\" href=\"nav.xhtml#toc\">",
        "<a epub:type=\"bodymatter\" href=\"story-001.xhtml\">",
    ] {
        assert!(nav.contains(landmark), "{landmark} not in {nav}");
    }
    // Every contents target exists.
    for href in elements(&nav, "<a href=\"", "\"") {
        if let Some((doc, id)) = href.split_once('#') {
            let doc = entry_text(&epub, &format!("OEBPS/{doc}"));
            assert_eq!(doc.matches(&format!(" id=\"{id}\"")).count(), 1, "{href}");
        }
    }
    let story = entry_text(&epub, "OEBPS/story-001.xhtml");
    assert!(
        story.contains(
            "<section class=\"subhead\" id=\"sec-1\" epub:type=\"subchapter\">\n<h2 class=\"subhead\">支部建在一线，边学习边战“疫”</h2>"
        ),
        "{story}"
    );
    let ncx = entry_text(&epub, "OEBPS/toc.ncx");
    assert!(
        ncx.contains("<meta name=\"dtb:depth\" content=\"2\"/>"),
        "{ncx}"
    );
    assert!(
        ncx.contains("<content src=\"story-001.xhtml#sec-3\"/>"),
        "{ncx}"
    );
}

#[test]
fn the_page_list_maps_every_print_page_with_story_text() {
    let book = sample_book();
    let epub = render_book(&book);
    let list = check_page_list(&epub, &typeset_book(&book));
    // The NCX has the same page list.
    let ncx = entry_text(&epub, "OEBPS/toc.ncx");
    let ncx_targets: Vec<(String, String)> = elements(&ncx, "<pageTarget ", "</pageTarget>")
        .into_iter()
        .map(|t| {
            let value = t.split("value=\"").nth(1).unwrap();
            let src = t.split("src=\"").nth(1).unwrap();
            (
                src[..src.find('"').unwrap()].to_string(),
                value[..value.find('"').unwrap()].to_string(),
            )
        })
        .collect();
    assert_eq!(ncx_targets, list);
}

#[test]
fn every_kind_of_block_takes_its_page_marks_and_passes_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("photo.png");
    let png = write_png(&image, 400, 300);
    let book = every_block_book(&image);
    let document = typeset_book(&book);
    let epub = render_book(&book);
    assert_epubcheck_clean(&epub);
    let list = check_page_list(&epub, &document);
    assert!(list.len() >= 6, "{list:?}");

    // Some page begins in a later paragraph of the quote or a later item of a list: the marks there
    // find their place through the parts before.
    let blocks = &book.stories[0].blocks;
    let later_part = document.pages.iter().filter_map(|p| p.anchor).any(|a| {
        let Some(b) = a.block else { return false };
        let first_len = match &blocks[b] {
            Block::Quote { paragraphs } => huozi::model::inlines_text(&paragraphs[0]).len(),
            Block::List { items, .. } => huozi::model::inlines_text(&items[0]).len(),
            _ => return false,
        };
        a.offset > first_len
    });
    assert!(
        later_part,
        "no page begins past a quote's or list's first part"
    );
    // And a page begins at a row of the table past its header: its mark stands before that row's text.
    let in_table = document.pages.iter().filter_map(|p| p.anchor).any(|a| {
        a.offset > 0
            && a.block
                .is_some_and(|b| matches!(blocks[b], Block::Table { .. }))
    });
    assert!(in_table, "no page begins inside the table");

    // The story is split before its chapter: the editor's note and the first paragraph stand before it.
    let first = entry_text(&epub, "OEBPS/story-001.xhtml");
    assert!(!first.contains("雪落松花江"), "{first}");
    let story = first + &entry_text(&epub, "OEBPS/story-001-002.xhtml");
    for markup in [
        "<section class=\"chapter\" id=\"sec-1\" epub:type=\"subchapter\">",
        "<h2 class=\"chapter\"><span class=\"phrase\">第一章</span><span class=\"phrase-space\"><span> </span></span><span class=\"phrase\">雪落松花江</span></h2>",
        "<h3 class=\"section\"><span class=\"phrase\">第一节</span><span class=\"phrase-space\"><span> </span></span><span class=\"phrase\">包保</span></h3>",
        "<p class=\"note\"><span class=\"note-label\">编者按：",
        "<blockquote class=\"quote\">\n<p>",
        "<ol start=\"3\">\n<li>",
        "<ul>\n<li>",
        "<p class=\"caption\">（图为队员们在社区值守。）</p>",
        // the end mark runs into the paragraph before it, as in print
        "（完）</p>\n<p class=\"credit\">责任编辑：张三</p>",
    ] {
        assert!(story.contains(markup), "{markup} not in {story}");
    }
    assert!(!story.contains("class=\"ending\""), "{story}");
    let img = elements(&story, "<img src=\"", "\"");
    assert_eq!(img.len(), 1);
    assert_eq!(entry(&epub, &format!("OEBPS/{}", img[0])), png);
    let opf = entry_text(&epub, "OEBPS/content.opf");
    assert!(
        opf.contains(&format!(
            "<item id=\"image-001\" href=\"{}\" media-type=\"image/png\"/>",
            img[0]
        )),
        "{opf}"
    );
    let nav = entry_text(&epub, "OEBPS/nav.xhtml");
    // story → chapter → section
    assert!(
        nav.contains(
            "<li><a href=\"story-001-002.xhtml#sec-1\">第一章 雪落松花江</a>\n<ol>\n\
             <li><a href=\"story-001-002.xhtml#sec-2\">第一节 包保</a></li>\n</ol>\n</li>"
        ),
        "{nav}"
    );
    // The chapter headings are set in the sans, as printed.
    let sans = entry(&epub, "OEBPS/fonts/NotoSansCJKsc-Bold.otf");
    let sans = ttf_parser::Face::parse(&sans, 0).unwrap();
    assert!(
        "雪落松花江包保"
            .chars()
            .all(|c| sans.glyph_index(c).is_some())
    );
}
