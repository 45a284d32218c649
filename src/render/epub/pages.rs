//! The print edition's pages in the EPUB: every folio of the PDF that carries story text becomes a
//! page-break marker at the place in the text where that page begins (each [`crate::typeset::Page`]'s
//! `anchor`), listed in the page-list, so a citation by page finds the same place in both editions. The
//! text is not re-broken: the anchors say where pages begin.

use super::failure::fail;
use super::split::Parts;
use super::writer::{PageMark, page_id};
use crate::error::Result;
use crate::model::Book;
use crate::typeset::{Anchor, Document};

/// A page-list entry: print page `folio` begins at `href` (a page-break marker).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PageTarget {
    /// Target, relative to the navigation document (`story-001.xhtml#page-3`).
    pub href: String,
    /// The print page's folio, which is also its label.
    pub folio: u32,
}

/// Where the print pages begin: the markers of each story and the page-list, and how each story is split
/// into documents (which the page-list's targets follow).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Pages {
    /// The page-break markers of each story (by story index), in page order.
    pub marks: Vec<Vec<PageMark>>,
    /// The page-list, in page order.
    pub targets: Vec<PageTarget>,
    /// Each story's documents ([`Parts::of`]).
    pub parts: Vec<Parts>,
}

impl Pages {
    /// The page-list of `document`'s pages ([`Pages::anchored`] with their [`anchors`]).
    #[cfg(test)]
    pub(super) fn of(book: &Book, document: &Document) -> Result<Pages> {
        Pages::anchored(book, &anchors(document))
    }

    /// One marker and one page-list entry per `(folio, anchor)` of `anchors`, each a typeset page whose
    /// anchor says where its story text begins (the title page, the contents, the colophon and blank pages
    /// have none), the entry pointing into the document of the story's part that holds the anchor's block.
    ///
    /// Errors: [`crate::Error::Render`] when an anchor names a story the book does not have, or two pages
    /// share a folio (their markers would share an id).
    pub(super) fn anchored(book: &Book, anchors: &[(u32, Anchor)]) -> Result<Pages> {
        let parts: Vec<Parts> = (book.stories.iter().enumerate())
            .map(|(i, story)| Parts::of(i, story))
            .collect();
        let mut marks = vec![Vec::new(); book.stories.len()];
        let mut targets: Vec<PageTarget> = Vec::new();
        let mut folios = std::collections::HashSet::new();
        for &(folio, anchor) in anchors {
            if anchor.story >= book.stories.len() {
                return Err(fail(format!(
                    "page {} begins in story {}, but the book has {} stories",
                    folio,
                    anchor.story + 1,
                    book.stories.len()
                )));
            }
            if !folios.insert(folio) {
                return Err(fail(format!("two pages have the folio {}", folio)));
            }
            marks[anchor.story].push(PageMark {
                block: anchor.block,
                offset: anchor.offset,
                folio,
            });
            let story = &parts[anchor.story];
            let document = story.href(story.part_of(anchor.block));
            targets.push(PageTarget {
                href: format!("{document}#{}", page_id(folio)),
                folio,
            });
        }
        Ok(Pages {
            marks,
            targets,
            parts,
        })
    }
}

/// The folio and anchor of each page of `document` whose anchor says where its story text begins: all
/// the EPUB reads of the typeset pages.
pub(crate) fn anchors(document: &Document) -> Vec<(u32, Anchor)> {
    (document.pages.iter())
        .filter_map(|page| Some((page.folio, page.anchor?)))
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::{Block, Meta, Story};
    use crate::typeset::{Page, Rect};

    /// A one-story book.
    pub(crate) fn book() -> Book {
        Book {
            counted: Default::default(),
            meta: Meta {
                title: "冰城战“疫”纪事".into(),
                subtitle: Some("《哈尔滨日报》一线报道两篇".into()),
                language: "zh-CN".into(),
                publisher: Some("哈尔滨日报社".into()),
                date: crate::model::Date::parse("2022-12-05").unwrap(),
                identifier: "urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf".into(),
                print_source: None,
                authors: vec!["梁可心".into(), "黄晏君".into()],
                description: Some("两篇新闻报道".into()),
                rights: Some("© 2022 哈尔滨日报社".into()),
                subjects: vec!["新闻报道".into()],
                cover: None,
                edition: None,
                printing: None,
                derived: false,
                newspaper: None,
            },
            stories: vec![Story {
                column: None,
                kicker: None,
                headline: "全方位融入 社区“疫”线添暖流".into(),
                subheadline: None,
                dateline: Some("本报讯".into()),
                byline: Some("记者 梁可心".into()),
                blocks: vec![Block::paragraph("在外卖存放点设置泡沫保温箱。")],
            }],
        }
    }

    fn page(folio: u32, anchor: Option<Anchor>) -> Page {
        Page {
            width: 1.0,
            height: 1.0,
            trim: Rect {
                x: 0.0,
                y: 0.0,
                width: 1.0,
                height: 1.0,
            },
            bleed: 0.0,
            folio,
            anchor,
            items: Vec::new(),
            lines: Vec::new(),
            figures: Vec::new(),
            links: Vec::new(),
        }
    }

    /// Four pages: a title page, the story's heading, a page inside its paragraph, a colophon.
    pub(crate) fn document() -> Document {
        let at = |block, offset| {
            Some(Anchor {
                story: 0,
                block,
                offset,
            })
        };
        Document {
            pages: vec![
                page(1, None),
                page(2, at(None, 0)),
                page(3, at(Some(0), 12)),
                page(4, None),
            ],
            outline: Vec::new(),
        }
    }

    #[test]
    fn pages_with_an_anchor_make_the_page_list() {
        let pages = Pages::of(&book(), &document()).unwrap();
        assert_eq!(
            pages.targets,
            vec![
                PageTarget {
                    href: "story-001.xhtml#page-2".into(),
                    folio: 2
                },
                PageTarget {
                    href: "story-001.xhtml#page-3".into(),
                    folio: 3
                },
            ]
        );
        assert_eq!(
            pages.marks[0],
            vec![
                PageMark {
                    block: None,
                    offset: 0,
                    folio: 2
                },
                PageMark {
                    block: Some(0),
                    offset: 12,
                    folio: 3
                }
            ]
        );
        let mut bad = document();
        bad.pages[2].anchor = Some(Anchor {
            story: 5,
            block: None,
            offset: 0,
        });
        let err = Pages::of(&book(), &bad).unwrap_err().to_string();
        assert!(err.contains("page 3") && err.contains("story 6"), "{err}");
        let mut twice = document();
        twice.pages[2].folio = 2;
        assert!(Pages::of(&book(), &twice).is_err());
    }
}
