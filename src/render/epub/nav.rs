//! Navigation: the EPUB 3 navigation document (`nav.xhtml`: contents, landmarks, page-list) and the NCX
//! (`toc.ncx`) that EPUB 2 reading systems read instead.
//!
//! The contents list every story by headline with its sections nested below it: its chapters, and each
//! chapter's subheads and sections below the chapter (story → chapter → subhead). The landmarks come from
//! the resource list ([`super::resources::landmarks`]). The page-list maps each folio of the print PDF
//! that carries story text to the page-break marker where that page begins.

use std::collections::BTreeMap;

use super::pages::PageTarget;
use super::resources::Landmark;
use super::usage::Usage;
use super::xhtml::Doc;
use super::xml::{Written, Xml};
use crate::style::{Role, Style};

/// Title of the contents (目录).
pub(super) const TOC_TITLE: &str = "目录";
/// Heading of the (hidden) landmarks list.
const LANDMARKS_TITLE: &str = "导览";
/// Heading of the (hidden) page-list and label of the NCX page list (页码, "page numbers").
const PAGE_LIST_TITLE: &str = "页码";

/// An entry of the contents: a story, or a section heading below it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TocEntry {
    /// Target, relative to the navigation document (`story-001.xhtml`, `story-001.xhtml#sec-1`).
    pub href: String,
    /// Label: the headline or heading as one line.
    pub title: String,
    /// Entries nested below this one (a story's sections).
    pub children: Vec<TocEntry>,
}

/// The navigation document. The contents are visible (the document is in the spine as the book's contents
/// page): the title in `h1.contents-title`, the entries in `ol.contents`; the landmarks and the page-list
/// are `hidden`. Its characters are recorded in `usage` under the faces of those roles.
pub(super) fn nav_document(
    lang: &str,
    toc: &[TocEntry],
    landmarks: &[(Landmark, String)],
    pages: &[PageTarget],
    style: &Style,
    usage: &mut Usage,
) -> Written {
    let heading = [("class", Role::ContentsTitle.name())];
    let mut doc = Doc::open(lang, TOC_TITLE, &[], usage);
    doc.start(
        "nav",
        &[("epub:type", "toc"), ("id", "toc"), ("role", "doc-toc")],
    );
    doc.line();
    doc.element_plain("h1", &heading, style.roles.contents_title.font, TOC_TITLE);
    doc.line();
    contents(&mut doc, toc, Some(Role::Contents.name()), style);
    doc.end("nav");
    doc.line();

    let links: Vec<Link> = landmarks
        .iter()
        .map(|(l, href)| (Some(l.epub_type()), href.as_str(), l.label().to_string()))
        .collect();
    let nav = [("epub:type", "landmarks"), ("id", "landmarks")];
    hidden_nav(&mut doc, &nav, LANDMARKS_TITLE, &links, style);
    if !pages.is_empty() {
        let links: Vec<Link> = pages
            .iter()
            .map(|p| (None, p.href.as_str(), p.folio.to_string()))
            .collect();
        let nav = [
            ("epub:type", "page-list"),
            ("id", "page-list"),
            ("role", "doc-pagelist"),
        ];
        hidden_nav(&mut doc, &nav, PAGE_LIST_TITLE, &links, style);
    }
    doc.finish()
}

/// Records in `usage` what the navigation document's page-list shows ([`nav_document`]) for folios whose
/// labels hold the characters of `labels`: its title in the contents-title role's face and the labels in
/// the contents role's face. For a walk of the documents made before the pages are known
/// ([`super::Walk`]).
pub(super) fn page_list_usage(style: &Style, labels: &str, usage: &mut Usage) {
    usage.add(style.roles.contents_title.font, PAGE_LIST_TITLE);
    usage.add(style.roles.contents.font, labels);
}

/// A link of a hidden list: its `epub:type`, if any, its target and its label.
type Link<'a> = (Option<&'static str>, &'a str, String);

/// A `hidden` `nav` with `attrs`, titled `title` (in an `h2` of the contents-title role), listing `links`
/// in the contents role's face.
fn hidden_nav(doc: &mut Doc, attrs: &[(&str, &str)], title: &str, links: &[Link], style: &Style) {
    let mut attrs = attrs.to_vec();
    attrs.push(("hidden", "hidden"));
    doc.start("nav", &attrs);
    doc.line();
    let heading = [("class", Role::ContentsTitle.name())];
    doc.element_plain("h2", &heading, style.roles.contents_title.font, title);
    doc.line();
    doc.start("ol", &[]);
    doc.line();
    for (kind, href, label) in links {
        doc.start("li", &[]);
        let mut link = Vec::from_iter(kind.map(|k| ("epub:type", k)));
        link.push(("href", href));
        doc.element_plain("a", &link, style.roles.contents.font, label);
        doc.end("li");
        doc.line();
    }
    doc.end("ol");
    doc.line();
    doc.end("nav");
    doc.line();
}

/// A list of contents entries (`class` on the outermost list only, so nested lists inherit its size
/// rather than compound it), each entry's children in a nested list.
fn contents(doc: &mut Doc, list: &[TocEntry], class: Option<&str>, style: &Style) {
    match class {
        Some(class) => doc.start("ol", &[("class", class)]),
        None => doc.start("ol", &[]),
    }
    doc.line();
    for e in list {
        doc.start("li", &[]);
        doc.element_plain(
            "a",
            &[("href", &e.href)],
            style.roles.contents.font,
            &e.title,
        );
        if !e.children.is_empty() {
            doc.line();
            contents(doc, &e.children, None, style);
        }
        doc.end("li");
        doc.line();
    }
    doc.end("ol");
    doc.line();
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
) -> Written {
    let order = |href: &str| play_order.get(href).copied().unwrap_or(0).to_string();
    fn deepest(entries: &[TocEntry]) -> usize {
        entries
            .iter()
            .map(|e| 1 + deepest(&e.children))
            .max()
            .unwrap_or(0)
    }
    let depth = deepest(toc).max(1).to_string();
    let depth = depth.as_str();
    let mut x = Xml::new();
    x.start(
        "ncx",
        &[
            ("xmlns", "http://www.daisy.org/z3986/2005/ncx/"),
            ("version", "2005-1"),
            ("xml:lang", head.lang),
        ],
    );
    x.line();
    x.start("head", &[]);
    x.line();
    let count = pages.len().to_string();
    let max = pages.iter().map(|p| p.folio).max().unwrap_or(0).to_string();
    for (name, content) in [
        ("dtb:uid", head.uid),
        ("dtb:depth", depth),
        ("dtb:totalPageCount", &count),
        ("dtb:maxPageNumber", &max),
    ] {
        x.empty("meta", &[("name", name), ("content", content)]);
        x.line();
    }
    x.end("head");
    x.line();
    labelled(&mut x, "docTitle", &[], head.title);
    for author in head.authors {
        labelled(&mut x, "docAuthor", &[], author);
    }
    x.start("navMap", &[]);
    x.line();
    nav_points(&mut x, toc, "nav", &order);
    x.end("navMap");
    x.line();
    if !pages.is_empty() {
        x.start("pageList", &[]);
        x.line();
        labelled(&mut x, "navLabel", &[], PAGE_LIST_TITLE);
        for p in pages {
            let folio = p.folio.to_string();
            let id = format!("pt-{folio}");
            let play = order(&p.href);
            let attrs = [
                ("id", id.as_str()),
                ("type", "normal"),
                ("value", &folio),
                ("playOrder", &play),
            ];
            x.start("pageTarget", &attrs);
            nav_label(&mut x, &folio);
            x.empty("content", &[("src", &p.href)]);
            x.end("pageTarget");
            x.line();
        }
        x.end("pageList");
        x.line();
    }
    x.end("ncx");
    x.line();
    x.finish()
}

/// `<name …><text>text</text></name>` and a line end.
fn labelled(x: &mut Xml, name: &str, attrs: &[(&str, &str)], text: &str) {
    x.start(name, attrs);
    x.element("text", &[], text);
    x.end(name);
    x.line();
}

/// `<navLabel><text>text</text></navLabel>`.
fn nav_label(x: &mut Xml, text: &str) {
    x.start("navLabel", &[]);
    x.element("text", &[], text);
    x.end("navLabel");
}

/// A `navPoint` for each of `list`, numbered under `prefix` (`nav-1`, `nav-1-1`), children nested.
fn nav_points(x: &mut Xml, list: &[TocEntry], prefix: &str, order: &dyn Fn(&str) -> String) {
    for (i, e) in list.iter().enumerate() {
        let id = format!("{prefix}-{}", i + 1);
        let play = order(&e.href);
        x.start("navPoint", &[("id", &id), ("playOrder", &play)]);
        nav_label(x, &e.title);
        x.empty("content", &[("src", &e.href)]);
        x.line();
        nav_points(x, &e.children, &id, order);
        x.end("navPoint");
        x.line();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontId;

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
        let mut usage = Usage::new(FontId::Serif, &crate::fonts::FontSet::bundled().unwrap());
        let landmarks = [(Landmark::Bodymatter, "story-001.xhtml".to_string())];
        let style = Style::default_style();
        let nav = nav_document("zh-CN", &toc(), &landmarks, &pages(), &style, &mut usage);
        assert_eq!(nav.ids, ["toc", "landmarks", "page-list"]);
        let nav = nav.text;
        for needed in [
            "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n\
             <h1 class=\"contents-title\">目录</h1>\n<ol class=\"contents\">\n",
            "<li><a href=\"story-001.xhtml\">甲 &amp; 乙</a>\n<ol>\n\
             <li><a href=\"story-001.xhtml#sec-1\">小标题</a></li>\n</ol>\n</li>",
            "<li><a epub:type=\"bodymatter\" href=\"story-001.xhtml\">正文</a></li>",
            "<li><a href=\"story-002.xhtml#page-3\">3</a></li>",
            "<nav epub:type=\"page-list\" id=\"page-list\" role=\"doc-pagelist\" hidden=\"hidden\">",
        ] {
            assert!(nav.contains(needed), "{needed} not in {nav}");
        }
        let faces: BTreeMap<FontId, _> = usage.faces().collect();
        // 目录 in the contents-title role's face (the sans), the entries in the contents role's (the serif)
        assert!(faces[&style.roles.contents_title.font].contains(&'目'));
        assert!(
            faces[&FontId::SansBold].contains(&'览') && faces[&FontId::SansBold].contains(&'码')
        );
        assert!(!faces[&FontId::SansBold].contains(&'丙'));
        assert!(faces[&style.roles.contents.font].contains(&'丙'));
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
        let ncx = ncx(&head, &toc(), &pages(), &order).text;
        for needed in [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"zh-CN\">\n<head>\n",
            "<meta name=\"dtb:uid\" content=\"urn:uuid:x\"/>",
            "<meta name=\"dtb:depth\" content=\"2\"/>",
            "<meta name=\"dtb:totalPageCount\" content=\"2\"/>",
            "<meta name=\"dtb:maxPageNumber\" content=\"3\"/>",
            "<docTitle><text>书</text></docTitle>\n<docAuthor><text>某</text></docAuthor>\n<navMap>\n",
            "<navPoint id=\"nav-1\" playOrder=\"1\"><navLabel><text>甲 &amp; 乙</text></navLabel>\
             <content src=\"story-001.xhtml\"/>\n<navPoint id=\"nav-1-1\" playOrder=\"3\">",
            "<navPoint id=\"nav-2\" playOrder=\"4\">",
            "<pageList>\n<navLabel><text>页码</text></navLabel>\n",
            "<pageTarget id=\"pt-3\" type=\"normal\" value=\"3\" playOrder=\"5\">\
             <navLabel><text>3</text></navLabel><content src=\"story-002.xhtml#page-3\"/></pageTarget>",
            "</pageList>\n</ncx>\n",
        ] {
            assert!(ncx.contains(needed), "{needed} not in {ncx}");
        }
    }
}
