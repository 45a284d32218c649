//! The book's front and back matter as content documents: the cover page, the title page (扉页) and the
//! colophon (版权页). The title page and the colophon say what the print edition's say
//! ([`Book::title_page`], [`Book::colophon`]), each line in its role's class and face.

use super::usage::Usage;
use super::xhtml::{Doc, Shown};
use super::xml::Written;
use crate::model::Book;
use crate::style::{Role, Style};

/// The colophon document's title (not shown: the document's `<title>`).
pub(super) const COLOPHON_TITLE: &str = "版权页";

/// The class of the imprint line set at the foot of the title page (the publisher).
pub(super) const FOOT_CLASS: &str = "foot";

/// The class of a colophon entry at `level` (`level-1`, `level-2`; level 0 has none): each level hangs
/// 2 em further in.
pub(super) fn level_class(level: u8) -> String {
    format!("level-{level}")
}

/// The cover page: the cover image scaled to fit the screen, inside an SVG wrapper (the form reading
/// systems centre and scale reliably). `title` is the book's title, the page's title and the image's
/// description; `image` is the image's href and its size in pixels.
pub(super) fn cover_document(
    title: &str,
    lang: &str,
    image: (&str, u32, u32),
    usage: &mut Usage,
) -> Written {
    let (href, width, height) = image;
    let body = usage.body();
    let (w, h) = (width.to_string(), height.to_string());
    let view_box = format!("0 0 {w} {h}");
    let mut doc = Doc::open(
        lang,
        title,
        &[("class", "cover"), ("epub:type", "cover")],
        usage,
    );
    doc.start("div", &[("class", "cover")]);
    doc.line();
    doc.start(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("xmlns:xlink", "http://www.w3.org/1999/xlink"),
            ("version", "1.1"),
            ("width", "100%"),
            ("height", "100%"),
            ("viewBox", &view_box),
            ("preserveAspectRatio", "xMidYMid meet"),
        ],
    );
    doc.line();
    doc.start("title", &[]);
    doc.text_unmarked(body, title);
    doc.end("title");
    doc.line();
    doc.empty(
        "image",
        &[("width", &w), ("height", &h), ("xlink:href", href)],
    );
    doc.line();
    doc.end("svg");
    doc.line();
    doc.end("div");
    doc.line();
    doc.finish()
}

/// The title page: the title (`h1.title`), the subtitle (`p.subtitle`), the authors and, at the foot, the
/// publisher (`p.imprint`), as [`Book::title_page`] gives them.
pub(super) fn title_page_document(book: &Book, style: &Style, usage: &mut Usage) -> Written {
    let page = book.title_page();
    let mut doc = Doc::open(&book.meta.language, &page.title, &[], usage);
    doc.start(
        "section",
        &[("class", "titlepage"), ("epub:type", "titlepage")],
    );
    doc.line();
    let add = |doc: &mut Doc, tag: &str, role: Role, extra: Option<&str>, text: &str| {
        let class = match extra {
            Some(extra) => format!("{} {extra}", role.name()),
            None => role.name().to_string(),
        };
        let r = style.role(role);
        doc.start(tag, &[("class", &class)]);
        doc.shown_as(r.font, text, Shown::of(style, r));
        doc.end(tag);
        doc.line();
    };
    add(&mut doc, "h1", Role::Title, None, &page.title);
    if let Some(sub) = &page.subtitle {
        add(&mut doc, "p", Role::Subtitle, None, sub);
    }
    if let Some(authors) = &page.authors {
        add(&mut doc, "p", Role::Imprint, None, authors);
    }
    if let Some(publisher) = &page.publisher {
        add(&mut doc, "p", Role::Imprint, Some(FOOT_CLASS), publisher);
    }
    doc.end("section");
    doc.line();
    doc.finish()
}

/// The colophon: each entry of [`Book::colophon`] as a `p.colophon`, entries below the first level
/// hanging in by level (`p.colophon.level-1`, …).
pub(super) fn colophon_document(book: &Book, style: &Style, usage: &mut Usage) -> Written {
    let mut doc = Doc::open(&book.meta.language, COLOPHON_TITLE, &[], usage);
    doc.start(
        "section",
        &[
            ("class", "colophon-page"),
            ("epub:type", "colophon"),
            ("role", "doc-colophon"),
        ],
    );
    doc.line();
    let font = style.roles.colophon.font;
    for entry in book.colophon(&style.trim_text()) {
        let class = match entry.level {
            0 => Role::Colophon.name().to_string(),
            n => format!("{} {}", Role::Colophon.name(), level_class(n)),
        };
        doc.element("p", &[("class", &class)], font, &entry.text);
        doc.line();
    }
    doc.end("section");
    doc.line();
    doc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontId;
    use std::collections::{BTreeMap, BTreeSet};

    fn book() -> Book {
        super::super::pages::tests::book()
    }

    #[test]
    fn the_title_page_says_what_the_print_title_page_says() {
        let style = Style::default_style();
        let mut usage = Usage::new(FontId::Serif, &crate::fonts::FontSet::bundled().unwrap());
        let doc = title_page_document(&book(), &style, &mut usage).text;
        let section = &doc[doc.find("<section").unwrap()..doc.find("</section>").unwrap()];
        assert_eq!(
            section,
            "<section class=\"titlepage\" epub:type=\"titlepage\">\n\
             <h1 class=\"title\">冰城战<span class=\"half\">“</span>疫<span class=\"half\">”</span>纪事</h1>\n\
             <p class=\"subtitle\"><span class=\"half\">《</span>哈尔滨日报<span class=\"half\">》</span>一线报道两篇</p>\n\
             <p class=\"imprint\">梁可心、黄晏君</p>\n\
             <p class=\"imprint foot\">哈尔滨日报社</p>\n"
        );
        assert!(doc.contains("<title>冰城战“疫”纪事</title>"), "{doc}");
        let faces: BTreeMap<FontId, &BTreeSet<char>> = usage.faces().collect();
        // the title in the title role's face (the sans), the rest in the serif
        assert!(faces[&FontId::SansBold].contains(&'纪'));
        assert!(!faces[&FontId::SansBold].contains(&'哈'));
        assert!(faces[&FontId::Serif].contains(&'哈'));

        let mut bare = book();
        bare.meta.subtitle = None;
        bare.meta.publisher = None;
        bare.meta.authors.clear();
        let doc = title_page_document(&bare, &style, &mut usage).text;
        assert!(
            !doc.contains("subtitle") && !doc.contains("imprint"),
            "{doc}"
        );
    }

    #[test]
    fn the_colophon_lists_every_entry_with_its_level() {
        let style = Style::default_style();
        let mut usage = Usage::new(FontId::Serif, &crate::fonts::FontSet::bundled().unwrap());
        let b = book();
        let doc = colophon_document(&b, &style, &mut usage).text;
        assert!(
            doc.contains(
                "<section class=\"colophon-page\" epub:type=\"colophon\" role=\"doc-colophon\">\n"
            ),
            "{doc}"
        );
        assert!(doc.contains("<title>版权页</title>"), "{doc}");
        let entries = b.colophon(&style.trim_text());
        assert_eq!(doc.matches("<p class=\"colophon").count(), entries.len());
        for needed in [
            "<p class=\"colophon\">书名：冰城战“疫”纪事<span class=\"dash\">——</span>《哈尔滨日报》一线报道两篇</p>",
            "<p class=\"colophon\">篇目：</p>\n\
             <p class=\"colophon level-1\">《全方位融入<span class=\"ideographic-space\"> </span>社区“疫”线添暖流》</p>\n\
             <p class=\"colophon level-2\">本报记者　梁可心</p>",
            "<p class=\"colophon\">出版日期：2022年12月</p>",
            "<p class=\"colophon\">开本：148 mm × 210 mm（A5）</p>",
        ] {
            assert!(doc.contains(needed), "{needed} not in {doc}");
        }
    }

    #[test]
    fn the_cover_page_wraps_the_image_in_svg() {
        let mut usage = Usage::new(FontId::Serif, &crate::fonts::FontSet::bundled().unwrap());
        let mut cover = |title: &str| {
            cover_document(title, "zh-CN", ("images/cover.png", 1200, 1800), &mut usage).text
        };
        let doc = cover("书 & 名");
        assert!(
            doc.contains("<body class=\"cover\" epub:type=\"cover\">"),
            "{doc}"
        );
        assert!(doc.contains("viewBox=\"0 0 1200 1800\""), "{doc}");
        assert!(
            doc.contains("<image width=\"1200\" height=\"1800\" xlink:href=\"images/cover.png\"/>"),
            "{doc}"
        );
        assert!(doc.contains("<title>书 &amp; 名</title>"), "{doc}");
        // the SVG's title holds text only (XHTML allows no span in it): no halved mark, no dash pair
        let doc = cover("怎么办？！——“疫”");
        assert_eq!(
            doc.matches("<title>怎么办？！——“疫”</title>").count(),
            2,
            "{doc}"
        );
        assert!(!doc.contains("<span"), "{doc}");
    }
}
