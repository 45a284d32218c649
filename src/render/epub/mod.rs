//! EPUB 3 writer: the book model + style (+ the typeset pages' anchors) → a reflowable EPUB 3, the same
//! book as the PDF (title page, contents, stories, colophon, in the looks of the role table), byte-identical
//! for the same input.
//!
//! ```text
//! mimetype                      stored, first
//! META-INF/container.xml
//! META-INF/com.apple.ibooks.display-options.xml   embedded fonts on in Apple Books
//! OEBPS/content.opf             metadata, manifest, spine, guide               (opf, from resources)
//! OEBPS/cover.xhtml             the cover image in an SVG wrapper              (front)   spine 1
//! OEBPS/titlepage.xhtml         title, subtitle, authors, publisher            (front)   spine 2
//! OEBPS/nav.xhtml               contents, landmarks, page-list                 (nav)     spine 3
//! OEBPS/story-001.xhtml …       one document per story, or per chapter of a    (story)   spine 4 …
//!   story-001-002.xhtml …       long story (split)
//! OEBPS/colophon.xhtml          the colophon                                   (front)   spine last
//! OEBPS/toc.ncx                 contents and page list for EPUB 2 readers      (nav)
//! OEBPS/images/cover.png        the book.toml image, or a drawn one            (cover)
//! OEBPS/images/img-….png|jpg    the stories' images
//! OEBPS/stylesheet.css          from the role table, with @font-face           (css)
//! OEBPS/fonts/*.otf             each face used, subset to its characters       (subset)
//! ```
//!
//! Every file is a `Resource` of one list (`resources.rs`), which the package document's manifest, spine and
//! guide, the navigation document's landmarks and the zip are all written from. Every document is written
//! through one XML writer (`xml.rs`), which escapes and records the ids each document carries.
//!
//! The only date anywhere is `meta.date`: `dc:date`, `dcterms:modified` and the zip entries' time.

mod ahead;
mod closure;
mod cover;
mod css;
mod css_blocks;
mod documents;
mod failure;
mod front;
mod nav;
mod opf;
mod package;
mod pages;
mod resources;
mod split;
mod story;
mod story_blocks;
mod subset;
mod usage;
mod writer;
mod xhtml;
pub(crate) mod xml;

use crate::assets::Assets;
use crate::error::Result;
use crate::fonts::FontSet;
use crate::model::Book;
use crate::style::Style;
use crate::typeset::{Anchor, Document};
pub(crate) use ahead::{Ahead, StoryPages, ahead};
pub(crate) use cover::Cover;
pub(crate) use pages::anchors as page_anchors;
pub(crate) use resources::SharedBytes;
use std::collections::BTreeMap;
pub(crate) use subset::{Needs, Subsets, subset_face, subsets};

/// Renders `book` as EPUB 3 bytes. `document` is the same book typeset for print (its pages' anchors
/// become the page-list); `fonts` are the bundled faces, subset for embedding; `assets` are the book's
/// images and cover ([`crate::assets::load`]), copied into the container (without a cover, one is drawn).
///
/// Errors: [`crate::Error::Render`] (format `epub`) when the book has no stories, `meta.identifier` is
/// empty, a malformed `urn:uuid:` or an ISBN with a wrong check digit, a page anchor points outside the
/// book, an image block's image is not in `assets.images`, a face cannot be subset, or the cover cannot be
/// drawn.
pub fn render(
    book: &Book,
    style: &Style,
    document: &Document,
    fonts: &FontSet,
    assets: &Assets,
) -> Result<Vec<u8>> {
    render_anchored(book, style, &page_anchors(document), fonts, assets)
}

/// As [`render`], from the typeset pages' folios and anchors alone ([`page_anchors`]), so that the PDF
/// writer may consume the pages meanwhile.
///
/// Errors: as [`render`].
pub(crate) fn render_anchored(
    book: &Book,
    style: &Style,
    anchors: &[(u32, Anchor)],
    fonts: &FontSet,
    assets: &Assets,
) -> Result<Vec<u8>> {
    let no_glyphs = BTreeMap::new();
    let take = |needs: Needs| subsets(&needs, &no_glyphs, fonts);
    render_sharing(
        book,
        style,
        (anchors, None, None),
        fonts,
        assets,
        (|_| (), take),
    )
}

/// The EPUB's cover: the image `book.toml` names ([`crate::assets::load`]), or one drawn from the title,
/// subtitle and publisher in the title page's faces.
///
/// Errors: as [`render`], for the cover.
pub(crate) fn cover(book: &Book, style: &Style, fonts: &FontSet, assets: &Assets) -> Result<Cover> {
    match given_cover(assets) {
        Some(cover) => Ok(cover),
        None => {
            let cover = cover::draw(&book.meta, style, fonts);
            crate::trace::mark("epub: cover drawn");
            cover
        }
    }
}

/// The cover image `book.toml` names, if any.
fn given_cover(assets: &Assets) -> Option<Cover> {
    (assets.cover.as_ref()).map(|image| {
        let shown = assets.images.values().any(|i| i.bytes == image.bytes);
        cover::given(image, shown)
    })
}

/// The characters the EPUB's documents show, by face, found before the book is typeset ([`walk`]): all
/// but the page-list's, which wait for the folios.
#[derive(Debug, Clone)]
pub(crate) struct Walk {
    usage: usage::Usage,
    language: String,
}

/// The book's documents walked for the characters they show, not written, and without page-break markers
/// (which show nothing) or page-list: what [`Walk::needs`] completes once the folios are known.
///
/// Errors: as [`render`], for the documents.
pub(crate) fn walk(book: &Book, style: &Style, fonts: &FontSet, assets: &Assets) -> Result<Walk> {
    let identifier = opf::Identifier::parse(&book.meta.identifier)?;
    let pages = pages::Pages::anchored(book, &[])?;
    let mut usage = usage::Usage::walking(style.roles.body.font, fonts);
    let place = cover::drawn();
    let made = (&place, None);
    documents::write(book, style, assets, &pages, &identifier, &mut usage, made)?;
    crate::trace::mark("epub: walked");
    let language = book.meta.language.clone();
    Ok(Walk { usage, language })
}

impl Walk {
    /// What the faces need ([`Needs`]) once the page-list lists `folios` (none: no page-list): what the
    /// documents written with those pages need ([`render_sharing`] offers the same).
    pub(crate) fn needs(&self, style: &Style, fonts: &FontSet, folios: &[u32]) -> Needs {
        let labels: String = folios.iter().map(u32::to_string).collect();
        self.with_page_list(style, fonts, (!folios.is_empty()).then_some(&labels))
    }

    /// What the faces need whatever the folios are: the page-list with every digit.
    pub(crate) fn guess(&self, style: &Style, fonts: &FontSet) -> Needs {
        self.with_page_list(style, fonts, Some("0123456789"))
    }

    fn with_page_list(&self, style: &Style, fonts: &FontSet, labels: Option<&str>) -> Needs {
        let mut usage = self.usage.clone();
        if let Some(labels) = labels {
            nav::page_list_usage(style, labels, &mut usage);
        }
        Needs::of(&subset::Embedding::plan(&usage, fonts), &self.language)
    }
}

/// What the EPUB takes from the print edition's make-up ([`render_sharing`]): the pages' folios and
/// anchors, the EPUB's cover made meanwhile (if it was) and the story documents written meanwhile (if
/// they were).
pub(crate) type FromPrint<'a> = (&'a [(u32, Anchor)], Option<Result<Cover>>, Option<Ahead>);

/// As [`render_anchored`], with the `cover` made already ([`cover`]; `None`: made here, while the
/// documents are written), the stories' documents written `ahead` while the book was made up ([`ahead`];
/// taken when they were written with the pages `anchors` give, else written here) and the faces' subsets
/// shared: `offer` is handed what the EPUB's faces need
/// ([`Needs`]) as soon as the documents are written, and `take` is called with it, on the calling thread
/// outside rayon's jobs, for the subsets and their `CFF ` tables deflated ([`subsets`]; the build makes
/// the PDF's from the same ones): each face's entry in the container ends with that stream (made here
/// for a face it lacks; the same bytes either way). Neither is called when the documents cannot be
/// written.
///
/// Errors: as [`render`], and what `take` reports.
pub(crate) fn render_sharing(
    book: &Book,
    style: &Style,
    (anchors, cover, ahead): FromPrint<'_>,
    fonts: &FontSet,
    assets: &Assets,
    (offer, take): (
        impl FnOnce(&Needs) + Send,
        impl FnOnce(Needs) -> Result<Subsets>,
    ),
) -> Result<Vec<u8>> {
    let identifier = opf::Identifier::parse(&book.meta.identifier)?;
    let pages = pages::Pages::anchored(book, anchors)?;
    let accessibility = opf::Accessibility::of(book, &identifier, !pages.targets.is_empty());
    let cover = cover.or_else(|| given_cover(assets).map(Ok));
    let place = match &cover {
        Some(Ok(cover)) => cover.place(),
        _ => cover::drawn(),
    };
    let text = || {
        let mut usage = usage::Usage::new(style.roles.body.font, fonts);
        let fitting = ahead.and_then(|ahead| ahead.fitting(book, &pages.marks, &mut usage));
        let (stories, ready) = fitting.map_or((None, None), |(s, r)| (Some(s), Some(r)));
        let made = (&place, stories);
        let documents =
            documents::write(book, style, assets, &pages, &identifier, &mut usage, made)?;
        crate::trace::mark("epub: documents");
        let embedding = subset::Embedding::plan(&usage, fonts);
        let needs = Needs::of(&embedding, &book.meta.language);
        offer(&needs);
        let css = css::resource(style, &embedding);
        // deflated while the faces are subset: after them only the faces and the cover are
        let mut documents = documents;
        let deflated = package::Deflated::take_from(&mut documents, ready.unwrap_or_default());
        Ok::<_, crate::error::Error>((documents, css, embedding, needs, deflated))
    };
    // a cover still to draw is painted while the documents are written; with the cover made, they are
    // written here, not queued behind rayon's jobs
    let (cover, text) = match cover {
        Some(cover) => (cover, text()),
        None => rayon::join(|| self::cover(book, style, fonts, assets), text),
    };
    let cover = cover?;
    let (mut resources, css, embedding, needs, deflated) = text?;
    let (mut made, mut cffs) = take(needs)?;
    crate::trace::mark("epub: faces subset");
    let faces = subset::resources(&embedding, &mut made)?;
    // each face's `CFF ` table as the PDF deflated it, by the face's path in the container
    let cffs = (embedding.faces.iter())
        .map(|face| (package::path(&face.href), cffs.remove(&face.id)))
        .collect();
    resources.extend(documents::images(book, assets, cover));
    resources.push(css);
    resources.extend(faces);
    let packed = (deflated, cffs);
    let epub = package::write(&book.meta, &identifier, &accessibility, resources, packed);
    crate::trace::mark("epub: zipped");
    epub
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    fn render_book(b: &Book) -> Result<Vec<u8>> {
        let fonts = FontSet::bundled().unwrap();
        render(
            b,
            &Style::default_style(),
            &pages::tests::document(),
            &fonts,
            &Assets::default(),
        )
    }

    #[test]
    fn the_walk_needs_what_the_written_documents_need() {
        let (fonts, style) = (FontSet::bundled().unwrap(), Style::default_style());
        let mut book = pages::tests::book();
        book.stories.push(book.stories[0].clone());
        let anchors = page_anchors(&pages::tests::document());
        let folios: Vec<u32> = anchors.iter().map(|(folio, _)| *folio).collect();
        assert!(!folios.is_empty());
        let assets = Assets::default();
        let walk = walk(&book, &style, &fonts, &assets).unwrap();
        let mut offered = None;
        let offer = |needs: &Needs| offered = Some(needs.clone());
        let take = |needs: Needs| subsets(&needs, &BTreeMap::new(), &fonts);
        let pages = (anchors.as_slice(), None, None);
        render_sharing(&book, &style, pages, &fonts, &assets, (offer, take)).unwrap();
        let offered = offered.expect("the needs are offered");
        assert_eq!(walk.needs(&style, &fonts, &folios), offered);
        // the guess holds every digit a folio may show, in the contents face
        let contents = &walk.guess(&style, &fonts).chars[&style.roles.contents.font];
        assert!(('0'..='9').all(|d| contents.contains(&d)));
    }

    /// The container's entries in archive order, with their bytes.
    fn entries(epub: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut archive = zip::ZipArchive::new(Cursor::new(epub)).unwrap();
        (0..archive.len())
            .map(|i| {
                let mut f = archive.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                (f.name().to_string(), data)
            })
            .collect()
    }

    /// `(attribute, value)` lists of every `<name …/>` element of `xml`.
    fn tags<'a>(xml: &'a str, name: &str) -> Vec<Vec<(&'a str, &'a str)>> {
        xml.match_indices(&format!("<{name} "))
            .map(|(i, m)| {
                let rest = &xml[i + m.len()..];
                let tag = &rest[..rest.find("/>").unwrap()];
                tag.split('"')
                    .collect::<Vec<_>>()
                    .chunks(2)
                    .filter(|c| c.len() == 2)
                    .map(|c| (c[0].trim().trim_end_matches('='), c[1]))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_manifest_lists_exactly_the_zip_entries_and_the_spine_reads_in_book_order() {
        let mut book = pages::tests::book();
        book.stories.push(book.stories[0].clone());
        let epub = render_book(&book).unwrap();
        let entries = entries(&epub);
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names[..4],
            [
                "mimetype",
                "META-INF/container.xml",
                "META-INF/com.apple.ibooks.display-options.xml",
                "OEBPS/content.opf"
            ]
        );
        let opf = String::from_utf8(entries[3].1.clone()).unwrap();
        let items = tags(&opf, "item");
        let value = |item: &[(&str, &str)], key: &str| {
            item.iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        };
        let manifest: Vec<String> = items
            .iter()
            .map(|i| format!("OEBPS/{}", value(i, "href").unwrap()))
            .collect();
        assert_eq!(
            manifest,
            names[4..],
            "the manifest is the zip, in the same order"
        );
        let ids: Vec<String> = items.iter().map(|i| value(i, "id").unwrap()).collect();
        let spine: Vec<String> = tags(&opf, "itemref")
            .iter()
            .map(|i| value(i, "idref").unwrap())
            .collect();
        assert_eq!(
            spine,
            [
                "cover",
                "titlepage",
                "nav",
                "story-001",
                "story-002",
                "colophon"
            ]
        );
        assert!(spine.iter().all(|s| ids.contains(s)));
        for (id, href) in [
            ("cover", "cover.xhtml"),
            ("titlepage", "titlepage.xhtml"),
            ("nav", "nav.xhtml"),
            ("colophon", "colophon.xhtml"),
            ("ncx", "toc.ncx"),
            ("css", "stylesheet.css"),
            ("cover-image", "images/cover.png"),
            ("font-serif", "fonts/NotoSerifCJKsc-Regular.otf"),
            ("font-sans-bold", "fonts/NotoSansCJKsc-Bold.otf"),
        ] {
            assert!(
                items.iter().any(|i| value(i, "id").as_deref() == Some(id)
                    && value(i, "href").as_deref() == Some(href)),
                "{id} {href} in {opf}"
            );
        }
        let guide: Vec<(String, String)> = tags(&opf, "reference")
            .iter()
            .map(|r| (value(r, "type").unwrap(), value(r, "href").unwrap()))
            .collect();
        let guide: Vec<(&str, &str)> = guide
            .iter()
            .map(|(t, h)| (t.as_str(), h.as_str()))
            .collect();
        assert_eq!(
            guide,
            [
                ("cover", "cover.xhtml"),
                ("title-page", "titlepage.xhtml"),
                ("toc", "nav.xhtml"),
                ("text", "story-001.xhtml"),
                ("colophon", "colophon.xhtml"),
            ]
        );
        let nav = &entries
            .iter()
            .find(|(n, _)| n == "OEBPS/nav.xhtml")
            .unwrap()
            .1;
        let nav = String::from_utf8_lossy(nav);
        let landmarks = &nav[nav.find("epub:type=\"landmarks\"").unwrap()..];
        let order: Vec<usize> = [
            "<a epub:type=\"cover\" href=\"cover.xhtml\">封面</a>",
            "<a epub:type=\"titlepage\" href=\"titlepage.xhtml\">扉页</a>",
            "<a epub:type=\"toc\" href=\"nav.xhtml#toc\">目录</a>",
            "<a epub:type=\"bodymatter\" href=\"story-001.xhtml\">正文</a>",
            "<a epub:type=\"colophon\" href=\"colophon.xhtml\">版权页</a>",
        ]
        .iter()
        .map(|l| {
            landmarks
                .find(l)
                .unwrap_or_else(|| panic!("{l} in {landmarks}"))
        })
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{landmarks}");
    }

    #[test]
    fn the_ncx_numbers_its_targets_by_the_documents_ids() {
        let mut book = pages::tests::book();
        book.stories[0].blocks.insert(
            0,
            crate::model::Block::Subhead {
                lines: vec!["小标题".into()],
            },
        );
        let document = pages::tests::document();
        // page 3 begins inside block 1 (the paragraph after the subhead)
        let mut document = document;
        document.pages[2].anchor = Some(crate::typeset::Anchor {
            story: 0,
            block: Some(1),
            offset: 3,
        });
        let fonts = FontSet::bundled().unwrap();
        let epub = render(
            &book,
            &Style::default_style(),
            &document,
            &fonts,
            &Assets::default(),
        )
        .unwrap();
        let ncx = entries(&epub)
            .into_iter()
            .find(|(n, _)| n == "OEBPS/toc.ncx")
            .unwrap()
            .1;
        let ncx = String::from_utf8(ncx).unwrap();
        // story start (1), page 2 at the heading block (2), the subhead's section (3), page 3 (4)
        for needed in [
            "<navPoint id=\"nav-1\" playOrder=\"1\">",
            "<pageTarget id=\"pt-2\" type=\"normal\" value=\"2\" playOrder=\"2\">",
            "<navPoint id=\"nav-1-1\" playOrder=\"3\">",
            "<pageTarget id=\"pt-3\" type=\"normal\" value=\"3\" playOrder=\"4\">",
        ] {
            assert!(ncx.contains(needed), "{needed} not in {ncx}");
        }
    }

    #[test]
    fn same_input_same_bytes() {
        let book = pages::tests::book();
        assert_eq!(render_book(&book).unwrap(), render_book(&book).unwrap());
    }

    #[test]
    fn bad_metadata_is_a_render_error() {
        let mut b = pages::tests::book();
        b.meta.identifier = "urn:uuid:not-a-uuid".into();
        assert!(render_book(&b).is_err());
        let mut b = pages::tests::book();
        b.stories.clear();
        let err = render(
            &b,
            &Style::default_style(),
            &Document {
                pages: Vec::new(),
                outline: Vec::new(),
            },
            &FontSet::bundled().unwrap(),
            &Assets::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("no stories"), "{err}");
    }
}
