//! EPUB 3 writer: the book model + style (+ the typeset pages' anchors) → a reflowable EPUB 3,
//! byte-identical for the same input.
//!
//! ```text
//! mimetype                      stored, first
//! META-INF/container.xml
//! OEBPS/content.opf             metadata, manifest, spine, guide            (opf)
//! OEBPS/toc.ncx                 contents and page list for EPUB 2 readers   (nav)
//! OEBPS/nav.xhtml               contents, landmarks, page-list              (nav)
//! OEBPS/stylesheet.css          from the Style, with @font-face             (css)
//! OEBPS/cover.xhtml             the cover image in an SVG wrapper           (xhtml)
//! OEBPS/story-001.xhtml …       one document per story                      (xhtml)
//! OEBPS/images/cover.png        the book.toml image, or a drawn one         (cover)
//! OEBPS/images/img-….png|jpg    the stories' images
//! OEBPS/fonts/*.otf             each face used, subset to its characters    (subset)
//! ```
//!
//! The page-list maps every folio of the print PDF that carries story text to a page-break marker at the
//! place in the text where that page begins (each [`crate::typeset::Page`]'s `anchor`), so a citation by
//! page finds the same place in both editions. The text is not re-broken: the anchors say where pages
//! begin.
//!
//! The only date anywhere is `meta.date`: `dc:date`, `dcterms:modified` and the zip entries' time.

mod cover;
mod css;
mod nav;
mod opf;
mod package;
mod subset;
mod xhtml;

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use crate::assets::Assets;
use crate::error::{Error, Result};
use crate::fonts::{FontId, FontSet};
use crate::model::{Book, Date};
use crate::style::Style;
use crate::typeset::Document;

use nav::{Landmark, NcxHead, PageTarget, TocEntry};
use opf::{Contents, GuideRef, Identifier, Item};
use package::{OPF_PATH, Package};
use xhtml::{PageMark, Usage, headline_text, page_id};

/// Folder of the publication's resources inside the container.
const ROOT: &str = "OEBPS/";
const XHTML: &str = "application/xhtml+xml";

/// Renders `book` as EPUB 3 bytes. `document` is the same book typeset for print (its pages' anchors
/// become the page-list); `fonts` are the bundled faces, subset for embedding; `assets` are the book's
/// images and cover ([`crate::assets::load`]), copied into the container.
///
/// Errors: [`Error::Render`] (format `epub`) when the book has no stories, `meta.date` is not a
/// `YYYY-MM-DD` date, `meta.identifier` is empty, a malformed `urn:uuid:` or an ISBN with a wrong check
/// digit, a page anchor points outside the book, an image block's image is not in `images`, or a face
/// cannot be subset; [`Error::Input`] naming the cover file when it is not a PNG or JPEG image, and
/// [`Error::Io`] naming it when it cannot be read.
pub fn render(
    book: &Book,
    style: &Style,
    document: &Document,
    fonts: &FontSet,
    assets: &Assets,
) -> Result<Vec<u8>> {
    let images = &assets.images;
    let meta = &book.meta;
    if book.stories.is_empty() {
        return Err(fail("the book has no stories".into()));
    }
    let date = book_date(meta.date);
    let modified = date.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let identifier = Identifier::parse(&meta.identifier)?;
    let (marks, page_targets) = page_marks(book, document)?;
    let lang = meta.language.as_str();
    let mut usage = Usage::new(style.roles.body.font);

    // Content documents.
    let mut stories = Vec::with_capacity(book.stories.len());
    for (i, story) in book.stories.iter().enumerate() {
        stories.push(xhtml::story_document(
            story, lang, style, &marks[i], images, &mut usage,
        )?);
    }
    let cover = match &assets.cover {
        Some(image) => cover::given(image),
        None => cover::draw(meta, style, fonts)?,
    };
    let cover_doc = xhtml::cover_document(
        &meta.title,
        lang,
        (cover.href, cover.width, cover.height),
        &mut usage,
    );

    // Navigation.
    let toc: Vec<TocEntry> = book
        .stories
        .iter()
        .zip(&stories)
        .enumerate()
        .map(|(i, (story, doc))| {
            let href = story_href(i);
            TocEntry {
                title: headline_text(&story.headline),
                children: doc
                    .subheads
                    .iter()
                    .map(|(id, text)| TocEntry {
                        href: format!("{href}#{id}"),
                        title: text.clone(),
                        children: Vec::new(),
                    })
                    .collect(),
                href,
            }
        })
        .collect();
    let landmarks = [
        Landmark {
            kind: "cover",
            label: "封面",
            href: COVER_HREF.into(),
        },
        Landmark {
            kind: "toc",
            label: nav::TOC_TITLE,
            href: format!("{NAV_HREF}#toc"),
        },
        Landmark {
            kind: "bodymatter",
            label: "正文",
            href: story_href(0),
        },
    ];
    let nav_doc = nav::nav_document(
        lang,
        &toc,
        &landmarks,
        &page_targets,
        (style.roles.headline.font, style.roles.subhead.font),
        &mut usage,
    );

    // Fonts, now that every document is written, and the stylesheet that declares them.
    let mut faces = Vec::new();
    for (font, chars) in usage.faces() {
        let bytes = subset::subset(font, chars.iter().copied(), fonts)?;
        faces.push((font, format!("fonts/{}", font.file_name()), bytes));
    }
    let declared: Vec<(FontId, String)> = faces.iter().map(|(f, h, _)| (*f, h.clone())).collect();
    let css = css::stylesheet(style, &declared);

    // The NCX numbers its targets in reading order.
    let mut docs: Vec<(String, &str)> = vec![
        (COVER_HREF.into(), cover_doc.as_str()),
        (NAV_HREF.into(), nav_doc.as_str()),
    ];
    docs.extend(
        stories
            .iter()
            .enumerate()
            .map(|(i, d)| (story_href(i), d.xhtml.as_str())),
    );
    let mut targets: Vec<&str> = Vec::new();
    fn walk<'a>(list: &'a [TocEntry], out: &mut Vec<&'a str>) {
        for e in list {
            out.push(&e.href);
            walk(&e.children, out);
        }
    }
    walk(&toc, &mut targets);
    targets.extend(page_targets.iter().map(|p| p.href.as_str()));
    let order = play_order(&targets, &docs);
    let ncx_doc = nav::ncx(
        &NcxHead {
            uid: identifier.as_str(),
            title: &meta.title,
            authors: &meta.authors,
            lang,
        },
        &toc,
        &page_targets,
        &order,
    );

    // The package document.
    let mut manifest = vec![
        Item {
            id: "ncx".into(),
            href: NCX_HREF.into(),
            media_type: "application/x-dtbncx+xml",
            properties: None,
        },
        Item {
            id: "nav".into(),
            href: NAV_HREF.into(),
            media_type: XHTML,
            properties: Some("nav"),
        },
        Item {
            id: "css".into(),
            href: CSS_HREF.into(),
            media_type: "text/css",
            properties: None,
        },
        Item {
            id: "cover".into(),
            href: COVER_HREF.into(),
            media_type: XHTML,
            properties: Some("svg"),
        },
    ];
    let mut spine = vec!["cover".to_string(), "nav".to_string()];
    for i in 0..stories.len() {
        let id = format!("story-{:03}", i + 1);
        manifest.push(Item {
            id: id.clone(),
            href: story_href(i),
            media_type: XHTML,
            properties: None,
        });
        spine.push(id);
    }
    manifest.push(Item {
        id: "cover-image".into(),
        href: cover.href.into(),
        media_type: cover.media_type,
        properties: Some("cover-image"),
    });
    let pictures: Vec<(String, &crate::assets::ImageData)> = crate::assets::sources(book)
        .into_iter()
        .filter_map(|src| images.get(src))
        .map(|image| (crate::assets::epub_href(&image.src, image.format), image))
        .collect();
    for (i, (href, image)) in pictures.iter().enumerate() {
        manifest.push(Item {
            id: format!("image-{:03}", i + 1),
            href: href.clone(),
            media_type: image.format.media_type(),
            properties: None,
        });
    }
    for (font, href, _) in &faces {
        manifest.push(Item {
            id: format!("font-{}", font_slug(*font)),
            href: href.clone(),
            media_type: "font/otf",
            properties: None,
        });
    }
    let guide = [
        GuideRef {
            kind: "cover",
            title: "封面",
            href: COVER_HREF.into(),
        },
        GuideRef {
            kind: "toc",
            title: nav::TOC_TITLE,
            href: NAV_HREF.into(),
        },
        GuideRef {
            kind: "text",
            title: "正文",
            href: story_href(0),
        },
    ];
    let opf_doc = opf::package_document(
        meta,
        &identifier,
        &modified,
        &Contents {
            manifest: &manifest,
            spine: &spine,
            cover_image: "cover-image",
            ncx: "ncx",
            guide: &guide,
        },
    );

    let mut package = Package::default();
    package.add(OPF_PATH, opf_doc)?;
    package.add(format!("{ROOT}{NCX_HREF}"), ncx_doc)?;
    package.add(format!("{ROOT}{NAV_HREF}"), nav_doc)?;
    package.add(format!("{ROOT}{CSS_HREF}"), css)?;
    package.add(format!("{ROOT}{COVER_HREF}"), cover_doc)?;
    for (i, doc) in stories.into_iter().enumerate() {
        package.add(format!("{ROOT}{}", story_href(i)), doc.xhtml)?;
    }
    package.add(format!("{ROOT}{}", cover.href), cover.bytes)?;
    for (href, image) in &pictures {
        package.add(format!("{ROOT}{href}"), image.bytes.0.as_slice())?;
    }
    for (_, href, bytes) in faces {
        package.add(format!("{ROOT}{href}"), bytes)?;
    }
    package.write(zip_time(date))
}

const NAV_HREF: &str = "nav.xhtml";
const NCX_HREF: &str = "toc.ncx";
const CSS_HREF: &str = "stylesheet.css";
const COVER_HREF: &str = "cover.xhtml";

/// The content document of story `i` (0-based), relative to `OEBPS/`.
fn story_href(i: usize) -> String {
    format!("story-{:03}.xhtml", i + 1)
}

/// A face's part of its manifest id.
fn font_slug(font: FontId) -> &'static str {
    match font {
        FontId::Serif => "serif",
        FontId::SerifBold => "serif-bold",
        FontId::SansBold => "sans-bold",
    }
}

/// The page-list markers of each story, and the page-list itself in page order: one entry per page whose
/// `anchor` says where its story text begins (the title page, the colophon and blank pages have none).
///
/// Errors: [`Error::Render`] when an anchor names a story the book does not have, or two pages share a
/// folio (their markers would share an id).
fn page_marks(book: &Book, document: &Document) -> Result<(Vec<Vec<PageMark>>, Vec<PageTarget>)> {
    let mut marks = vec![Vec::new(); book.stories.len()];
    let mut targets: Vec<PageTarget> = Vec::new();
    for page in &document.pages {
        let Some(anchor) = page.anchor else { continue };
        if anchor.story >= book.stories.len() {
            return Err(fail(format!(
                "page {} begins in story {}, but the book has {} stories",
                page.folio,
                anchor.story + 1,
                book.stories.len()
            )));
        }
        if targets.iter().any(|t| t.folio == page.folio) {
            return Err(fail(format!("two pages have the folio {}", page.folio)));
        }
        marks[anchor.story].push(PageMark {
            block: anchor.block,
            offset: anchor.offset,
            folio: page.folio,
        });
        targets.push(PageTarget {
            href: format!("{}#{}", story_href(anchor.story), page_id(page.folio)),
            folio: page.folio,
        });
    }
    Ok((marks, targets))
}

/// Numbers `targets` (`doc.xhtml` or `doc.xhtml#id`) in reading order, 1-based: by the document's place in
/// `docs` (the spine), then by where `id="…"` stands in it (a bare document is its own start). Equal
/// targets share a number; a target in no listed document goes last.
fn play_order(targets: &[&str], docs: &[(String, &str)]) -> BTreeMap<String, u32> {
    let key = |href: &str| -> (usize, usize) {
        let (doc, fragment) = href.split_once('#').unwrap_or((href, ""));
        let Some(i) = docs.iter().position(|(h, _)| h == doc) else {
            return (docs.len(), 0);
        };
        let at = if fragment.is_empty() {
            0
        } else {
            docs[i]
                .1
                .find(&format!(" id=\"{fragment}\""))
                .map_or(usize::MAX, |p| p + 1)
        };
        (i, at)
    };
    let mut keyed: Vec<((usize, usize), &str)> = targets.iter().map(|t| (key(t), *t)).collect();
    keyed.sort();
    let mut order = BTreeMap::new();
    let mut n = 0;
    let mut last = None;
    for (k, href) in keyed {
        if last != Some(k) {
            n += 1;
            last = Some(k);
        }
        order.entry(href.to_string()).or_insert(n);
    }
    order
}

/// The book's date at midnight UTC.
fn book_date(date: Date) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(date.year(), date.month(), date.day())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a Date is a valid calendar date")
}

/// The zip entries' time: the book's date, or 1980-01-01 00:00 when that falls outside the DOS range.
fn zip_time(date: NaiveDateTime) -> zip::DateTime {
    use chrono::Datelike;
    let d = date.date();
    u16::try_from(d.year())
        .ok()
        .and_then(|y| {
            zip::DateTime::from_date_and_time(y, d.month() as u8, d.day() as u8, 0, 0, 0).ok()
        })
        .unwrap_or_default()
}

/// An [`Error::Render`] for the EPUB.
fn fail(message: String) -> Error {
    Error::Render {
        format: "epub",
        message,
    }
}

/// Wraps a library error as an [`Error::Render`] for the EPUB.
fn render_error(e: impl std::fmt::Display) -> Error {
    fail(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Meta, Story};
    use crate::typeset::{Anchor, Page, Rect};

    fn book() -> Book {
        Book {
            meta: Meta {
                title: "冰城战“疫”纪事".into(),
                subtitle: None,
                language: "zh-CN".into(),
                publisher: None,
                date: crate::model::Date::parse("2022-12-05").unwrap(),
                identifier: "urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf".into(),
                authors: vec!["梁可心".into(), "黄晏君".into()],
                description: Some("两篇新闻报道".into()),
                rights: Some("© 2022 哈尔滨日报社".into()),
                subjects: vec!["新闻报道".into()],
                cover: None,
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
        }
    }

    fn document() -> Document {
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

    fn render_book(b: &Book) -> Result<Vec<u8>> {
        let fonts = FontSet::bundled().unwrap();
        render(
            b,
            &Style::default_style(),
            &document(),
            &fonts,
            &Assets::default(),
        )
    }

    #[test]
    fn pages_with_an_anchor_make_the_page_list() {
        let (marks, targets) = page_marks(&book(), &document()).unwrap();
        assert_eq!(
            targets,
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
            marks[0],
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
        let err = page_marks(&book(), &bad).unwrap_err().to_string();
        assert!(err.contains("page 3") && err.contains("story 6"), "{err}");
        let mut twice = document();
        twice.pages[2].folio = 2;
        assert!(page_marks(&book(), &twice).is_err());
    }

    #[test]
    fn play_order_follows_the_spine_and_the_documents() {
        let docs = vec![
            ("a.xhtml".to_string(), "<p id=\"x\"/><p id=\"y\"/>"),
            ("b.xhtml".to_string(), "<p id=\"z\"/>"),
        ];
        let order = play_order(
            &[
                "b.xhtml",
                "a.xhtml#y",
                "a.xhtml",
                "b.xhtml#z",
                "a.xhtml#x",
                "a.xhtml",
            ],
            &docs,
        );
        let got: Vec<(&str, u32)> = order.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            got,
            vec![
                ("a.xhtml", 1),
                ("a.xhtml#x", 2),
                ("a.xhtml#y", 3),
                ("b.xhtml", 4),
                ("b.xhtml#z", 5)
            ]
        );
    }

    #[test]
    fn same_input_same_bytes() {
        assert_eq!(render_book(&book()).unwrap(), render_book(&book()).unwrap());
    }

    #[test]
    fn bad_metadata_is_a_render_error() {
        let mut b = book();
        b.meta.identifier = "urn:uuid:not-a-uuid".into();
        assert!(render_book(&b).is_err());
        let mut b = book();
        b.stories.clear();
        assert!(
            render_book(&b)
                .unwrap_err()
                .to_string()
                .contains("no stories")
        );
    }

    #[test]
    fn zip_time_is_the_book_date_or_the_dos_epoch() {
        let t = zip_time(book_date(Date::parse("2022-12-05").unwrap()));
        assert_eq!((t.year(), t.month(), t.day()), (2022, 12, 5));
        assert_eq!(
            zip_time(book_date(Date::default())),
            zip::DateTime::default()
        );
    }
}
