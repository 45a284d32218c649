//! Navigation: the EPUB 3 navigation document (`nav.xhtml`: contents, landmarks, page-list) and the NCX
//! (`toc.ncx`) that EPUB 2 reading systems read instead.
//!
//! The contents list every story by headline with its subheads nested below it. The landmarks point at the
//! cover, the contents and the start of the body matter. The page-list maps each folio of the print PDF
//! that carries story text to the page-break marker where that page begins, so a citation by page finds
//! the same place in both editions.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::xhtml::{Usage, escape, nav_frame};
use crate::fonts::FontId;

/// Title of the contents (目录).
pub(super) const TOC_TITLE: &str = "目录";
/// Heading of the (hidden) landmarks list.
const LANDMARKS_TITLE: &str = "导览";
/// Heading of the (hidden) page-list and label of the NCX page list (页码, "page numbers").
const PAGE_LIST_TITLE: &str = "页码";

/// An entry of the contents: a story, or a subhead below it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TocEntry {
    /// Target, relative to the navigation document (`story-001.xhtml`, `story-001.xhtml#sec-1`).
    pub href: String,
    /// Label: the headline or subhead as one line.
    pub title: String,
    /// Entries nested below this one (a story's subheads).
    pub children: Vec<TocEntry>,
}

/// A page-list entry: print page `folio` begins at `href` (a page-break marker).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PageTarget {
    /// Target, relative to the navigation document (`story-001.xhtml#page-3`).
    pub href: String,
    /// The print page's folio, which is also its label.
    pub folio: u32,
}

/// A landmark: a structural semantics type (`cover`, `toc`, `bodymatter`), its label and target.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Landmark {
    /// EPUB 3 Structural Semantics value for `epub:type`.
    pub kind: &'static str,
    /// Label shown by reading systems that list landmarks.
    pub label: &'static str,
    /// Target, relative to the navigation document.
    pub href: String,
}

/// The navigation document. The contents are visible (the document is in the spine as the book's contents
/// page); the landmarks and the page-list are `hidden`. Its characters are recorded in `usage`: the `h1`
/// title in `fonts.0` (the headline's face) and the `h2` titles of the hidden lists in `fonts.1` (the
/// subhead's face), as the stylesheet sets them, the rest in the body face.
pub(super) fn nav_document(
    lang: &str,
    toc: &[TocEntry],
    landmarks: &[Landmark],
    pages: &[PageTarget],
    fonts: (FontId, FontId),
    usage: &mut Usage,
) -> String {
    let (h1_font, h2_font) = fonts;
    let mut out = nav_frame(lang, TOC_TITLE, h1_font, usage);
    let body = usage.body();
    let mut label = |text: &str, usage: &mut Usage| {
        usage.add(body, text);
        escape(text)
    };
    fn entries(
        out: &mut String,
        list: &[TocEntry],
        usage: &mut Usage,
        label: &mut dyn FnMut(&str, &mut Usage) -> String,
    ) {
        out.push_str("<ol>\n");
        for e in list {
            let _ = write!(
                out,
                "<li><a href=\"{}\">{}</a>",
                escape(&e.href),
                label(&e.title, usage)
            );
            if !e.children.is_empty() {
                out.push('\n');
                entries(out, &e.children, usage, label);
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
    }
    entries(&mut out, toc, usage, &mut label);
    out.push_str("</nav>\n");

    let _ = write!(
        out,
        "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>{}</h2>\n<ol>\n",
        escape(LANDMARKS_TITLE)
    );
    usage.add(h2_font, LANDMARKS_TITLE);
    for l in landmarks {
        let _ = writeln!(
            out,
            "<li><a epub:type=\"{}\" href=\"{}\">{}</a></li>",
            l.kind,
            escape(&l.href),
            label(l.label, usage)
        );
    }
    out.push_str("</ol>\n</nav>\n");

    if !pages.is_empty() {
        let _ = write!(
            out,
            "<nav epub:type=\"page-list\" id=\"page-list\" role=\"doc-pagelist\" hidden=\"hidden\">\n\
             <h2>{}</h2>\n<ol>\n",
            escape(PAGE_LIST_TITLE)
        );
        usage.add(h2_font, PAGE_LIST_TITLE);
        for p in pages {
            let folio = p.folio.to_string();
            let _ = writeln!(
                out,
                "<li><a href=\"{}\">{}</a></li>",
                escape(&p.href),
                label(&folio, usage)
            );
        }
        out.push_str("</ol>\n</nav>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// What the NCX says about the book.
#[derive(Debug, Clone)]
pub(super) struct NcxHead<'a> {
    /// The package's unique identifier (`dtb:uid` must equal it).
    pub uid: &'a str,
    /// The book's title.
    pub title: &'a str,
    /// The authors, in credit order.
    pub authors: &'a [String],
    /// The book's language tag.
    pub lang: &'a str,
}

/// The NCX. `play_order` gives each target's position in reading order (1-based; equal targets share a
/// number, as the NCX requires).
pub(super) fn ncx(
    head: &NcxHead,
    toc: &[TocEntry],
    pages: &[PageTarget],
    play_order: &BTreeMap<String, u32>,
) -> String {
    let order = |href: &str| play_order.get(href).copied().unwrap_or(0);
    let depth = if toc.iter().any(|e| !e.children.is_empty()) {
        2
    } else {
        1
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{}\">\n\
         <head>\n<meta name=\"dtb:uid\" content=\"{}\"/>\n<meta name=\"dtb:depth\" content=\"{depth}\"/>\n\
         <meta name=\"dtb:totalPageCount\" content=\"{}\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"{}\"/>\n\
         </head>\n<docTitle><text>{}</text></docTitle>\n",
        escape(head.lang),
        escape(head.uid),
        pages.len(),
        pages.iter().map(|p| p.folio).max().unwrap_or(0),
        escape(head.title),
    );
    for author in head.authors {
        let _ = writeln!(
            out,
            "<docAuthor><text>{}</text></docAuthor>",
            escape(author)
        );
    }
    out.push_str("<navMap>\n");
    fn points(out: &mut String, list: &[TocEntry], prefix: &str, order: &dyn Fn(&str) -> u32) {
        for (i, e) in list.iter().enumerate() {
            let id = format!("{prefix}-{}", i + 1);
            let _ = writeln!(
                out,
                "<navPoint id=\"{id}\" playOrder=\"{}\"><navLabel><text>{}</text></navLabel>\
                 <content src=\"{}\"/>",
                order(&e.href),
                escape(&e.title),
                escape(&e.href)
            );
            points(out, &e.children, &id, order);
            out.push_str("</navPoint>\n");
        }
    }
    points(&mut out, toc, "nav", &order);
    out.push_str("</navMap>\n");
    if !pages.is_empty() {
        let _ = writeln!(
            out,
            "<pageList>\n<navLabel><text>{PAGE_LIST_TITLE}</text></navLabel>"
        );
        for p in pages {
            let _ = writeln!(
                out,
                "<pageTarget id=\"pt-{f}\" type=\"normal\" value=\"{f}\" playOrder=\"{}\">\
                 <navLabel><text>{f}</text></navLabel><content src=\"{}\"/></pageTarget>",
                order(&p.href),
                escape(&p.href),
                f = p.folio
            );
        }
        out.push_str("</pageList>\n");
    }
    out.push_str("</ncx>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toc() -> Vec<TocEntry> {
        vec![
            TocEntry {
                href: "story-001.xhtml".into(),
                title: "甲 & 乙".into(),
                children: vec![TocEntry {
                    href: "story-001.xhtml#sec-1".into(),
                    title: "小标题".into(),
                    children: vec![],
                }],
            },
            TocEntry {
                href: "story-002.xhtml".into(),
                title: "丙".into(),
                children: vec![],
            },
        ]
    }

    fn pages() -> Vec<PageTarget> {
        vec![
            PageTarget {
                href: "story-001.xhtml#page-2".into(),
                folio: 2,
            },
            PageTarget {
                href: "story-002.xhtml#page-3".into(),
                folio: 3,
            },
        ]
    }

    #[test]
    fn the_nav_lists_contents_landmarks_and_pages() {
        let mut usage = Usage::new(FontId::Serif);
        let landmarks = [Landmark {
            kind: "bodymatter",
            label: "正文",
            href: "story-001.xhtml".into(),
        }];
        let nav = nav_document(
            "zh-CN",
            &toc(),
            &landmarks,
            &pages(),
            (FontId::SerifBold, FontId::SansBold),
            &mut usage,
        );
        assert!(
            nav.contains(
                "<li><a href=\"story-001.xhtml\">甲 &amp; 乙</a>\n<ol>\n\
                 <li><a href=\"story-001.xhtml#sec-1\">小标题</a></li>\n</ol>\n</li>"
            ),
            "{nav}"
        );
        assert!(
            nav.contains("<li><a epub:type=\"bodymatter\" href=\"story-001.xhtml\">正文</a></li>"),
            "{nav}"
        );
        assert!(
            nav.contains("<li><a href=\"story-002.xhtml#page-3\">3</a></li>"),
            "{nav}"
        );
        assert!(nav.contains("<nav epub:type=\"page-list\""), "{nav}");
        let faces: BTreeMap<FontId, _> = usage.faces().collect();
        assert!(faces[&FontId::SerifBold].contains(&'目'));
        assert!(
            faces[&FontId::SansBold].contains(&'览') && faces[&FontId::SansBold].contains(&'码')
        );
        assert!(faces[&FontId::Serif].contains(&'丙'));
        assert!(faces[&FontId::Serif].contains(&'3'));
    }

    #[test]
    fn the_ncx_numbers_targets_in_reading_order() {
        let order: BTreeMap<String, u32> = [
            "story-001.xhtml",
            "story-001.xhtml#page-2",
            "story-001.xhtml#sec-1",
            "story-002.xhtml",
            "story-002.xhtml#page-3",
        ]
        .iter()
        .enumerate()
        .map(|(i, h)| (h.to_string(), i as u32 + 1))
        .collect();
        let head = NcxHead {
            uid: "urn:uuid:x",
            title: "书",
            authors: &["某".to_string()],
            lang: "zh-CN",
        };
        let ncx = ncx(&head, &toc(), &pages(), &order);
        for needed in [
            "<meta name=\"dtb:uid\" content=\"urn:uuid:x\"/>",
            "<meta name=\"dtb:depth\" content=\"2\"/>",
            "<meta name=\"dtb:totalPageCount\" content=\"2\"/>",
            "<meta name=\"dtb:maxPageNumber\" content=\"3\"/>",
            "<navPoint id=\"nav-1\" playOrder=\"1\"><navLabel><text>甲 &amp; 乙</text>",
            "<navPoint id=\"nav-1-1\" playOrder=\"3\">",
            "<navPoint id=\"nav-2\" playOrder=\"4\">",
            "<pageTarget id=\"pt-3\" type=\"normal\" value=\"3\" playOrder=\"5\">\
             <navLabel><text>3</text></navLabel><content src=\"story-002.xhtml#page-3\"/></pageTarget>",
            "<docAuthor><text>某</text></docAuthor>",
        ] {
            assert!(ncx.contains(needed), "{needed} not in {ncx}");
        }
    }
}
