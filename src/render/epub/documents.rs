//! Every file of the book but its fonts and stylesheet, as resources in reading order: the cover page,
//! the title page, the contents (the navigation document), one document per story and the colophon — the
//! spine — then the NCX, the cover image and the stories' images.
//!
//! The navigation document's landmarks and the NCX's reading order are taken from this list once the
//! documents are written ([`super::resources`]).

use super::cover::Cover;
use super::failure::fail;
use super::front::{colophon_document, cover_document, title_page_document};
use super::nav::{NcxHead, TocEntry, nav_document, ncx};
use super::opf::{Identifier, NCX_TYPE};
use super::pages::Pages;
use super::resources::{Landmark, Resource, landmarks, play_order};
use super::split::Parts;
use super::story::{headline_text, story_documents};
use super::usage::Usage;
use super::writer::{PageMark, Section};
use super::xml::Written;
use crate::assets::Assets;
use crate::error::Result;
use crate::model::Book;
use crate::style::Style;

/// The navigation document, relative to `OEBPS/`.
const NAV_HREF: &str = "nav.xhtml";

/// The book's documents (see the module documentation) with the cover page showing the cover image at
/// `cover` (href, width and height in px), their characters recorded in `usage`; the images follow them
/// ([`images`]). The stories' documents are taken from `ahead` when given ([`stories`]).
///
/// Errors: [`crate::Error::Render`] when the book has no stories, a page mark names a block a story does
/// not have, or an image is not in `assets`.
pub(super) fn write(
    book: &Book,
    style: &Style,
    assets: &Assets,
    pages: &Pages,
    identifier: &Identifier,
    usage: &mut Usage,
    (cover, ahead): (&(String, u32, u32), Option<Vec<WrittenStory>>),
) -> Result<Vec<Resource>> {
    if book.stories.is_empty() {
        return Err(fail("the book has no stories".into()));
    }
    let lang = book.meta.language.as_str();
    let cover_page = cover_document(&book.meta.title, lang, (&cover.0, cover.1, cover.2), usage);
    let mut list = vec![
        Resource::document("cover", "cover.xhtml", cover_page)
            .with_properties("svg")
            .with_landmark(Landmark::Cover),
        Resource::document(
            "titlepage",
            "titlepage.xhtml",
            title_page_document(book, style, usage),
        )
        .with_landmark(Landmark::TitlePage),
        // the contents' place; written once the landmarks are known
        nav_resource(Written::default()),
    ];
    let (stories, toc) = stories(book, style, assets, pages, usage, ahead)?;
    list.extend(stories);
    list.push(
        Resource::document(
            "colophon",
            "colophon.xhtml",
            colophon_document(book, style, usage),
        )
        .with_landmark(Landmark::Colophon),
    );
    let nav = nav_document(lang, &toc, &landmarks(&list), &pages.targets, style, usage);
    if let Some(place) = list.iter_mut().find(|r| r.href == NAV_HREF) {
        *place = nav_resource(nav);
    }

    list.push(ncx_resource(book, identifier, &toc, pages, &list));
    Ok(list)
}

/// The images after the documents: the stories' images and the cover image.
pub(super) fn images(book: &Book, assets: &Assets, cover: Cover) -> Vec<Resource> {
    let mut list = story_images(book, assets, &cover.href);
    list.push(
        Resource::file("cover-image", cover.href, cover.media_type, cover.bytes)
            .with_properties("cover-image"),
    );
    list
}

/// The documents of every story (one per part), the first the start of the body matter, and the contents
/// entry of each story with its chapters and, below them, its subheads and sections; `ahead`, when given,
/// holds them written already (their characters recorded), in story order.
///
/// Errors: as [`story_documents`].
fn stories(
    book: &Book,
    style: &Style,
    assets: &Assets,
    pages: &Pages,
    usage: &mut Usage,
    ahead: Option<Vec<WrittenStory>>,
) -> Result<(Vec<Resource>, Vec<TocEntry>)> {
    let written = match ahead {
        Some(written) => written,
        None => (book.stories.iter().enumerate())
            .map(|(i, _)| {
                story(
                    book,
                    i,
                    style,
                    assets,
                    (&pages.parts[i], &pages.marks[i]),
                    usage,
                )
            })
            .collect::<Result<_>>()?,
    };
    let mut docs = Vec::with_capacity(book.stories.len());
    let mut toc = Vec::with_capacity(book.stories.len());
    for (story_docs, entry) in written {
        docs.extend(story_docs);
        toc.push(entry);
    }
    Ok((docs, toc))
}

/// One story's documents and contents entry ([`stories`]).
pub(super) type WrittenStory = (Vec<Resource>, TocEntry);

/// The documents of story `i` of `book` (one per part of `parts`, with the page marks `marks`), the first
/// of the first story the start of the body matter, and its contents entry with its chapters and, below
/// them, its subheads and sections; its characters recorded in `usage`.
///
/// Errors: as [`story_documents`].
pub(super) fn story(
    book: &Book,
    i: usize,
    style: &Style,
    assets: &Assets,
    (parts, marks): (&Parts, &[PageMark]),
    usage: &mut Usage,
) -> Result<WrittenStory> {
    let lang = book.meta.language.as_str();
    let story = &book.stories[i];
    let written = story_documents(story, parts, lang, style, marks, &assets.images, usage)?;
    let toc = TocEntry {
        title: headline_text(&story.headline),
        children: section_entries(&written.sections, parts),
        href: parts.href(0),
    };
    let docs = (written.docs.into_iter().enumerate())
        .map(|(k, doc)| {
            let resource = Resource::document(parts.id(k), parts.href(k), doc);
            match (i, k) {
                (0, 0) => resource.with_landmark(Landmark::Bodymatter),
                _ => resource,
            }
        })
        .collect();
    Ok((docs, toc))
}

/// The contents entries of a story's sections: each chapter (level 1) with the subheads and sections that
/// follow it nested below it; those before the first chapter stand on their own.
fn section_entries(sections: &[Section], parts: &Parts) -> Vec<TocEntry> {
    let mut out: Vec<TocEntry> = Vec::new();
    let mut in_chapter = false;
    for s in sections {
        let entry = TocEntry {
            href: format!("{}#{}", parts.href(s.part), s.id),
            title: s.text.clone(),
            children: Vec::new(),
        };
        match (s.level, out.last_mut()) {
            (1, _) => {
                out.push(entry);
                in_chapter = true;
            }
            (_, Some(chapter)) if in_chapter => chapter.children.push(entry),
            _ => out.push(entry),
        }
    }
    out
}

/// The stories' images, each file once, in book order (`image-001`, …): images with the same bytes share
/// one file, and one with the bytes of the cover (`cover_href`) is the cover's file.
fn story_images(book: &Book, assets: &Assets, cover_href: &str) -> Vec<Resource> {
    let mut seen = vec![cover_href.to_string()];
    let mut out = Vec::new();
    for image in crate::assets::sources(book)
        .into_iter()
        .filter_map(|src| assets.images.get(src))
    {
        let href = crate::assets::epub_href(image);
        if seen.contains(&href) {
            continue;
        }
        seen.push(href.clone());
        let bytes = image.bytes.0.as_ref().clone();
        out.push(Resource::file(
            format!("image-{:03}", out.len() + 1),
            href,
            image.format.media_type(),
            bytes,
        ));
    }
    out
}

/// The navigation document as a resource: in the spine as the contents page.
fn nav_resource(written: Written) -> Resource {
    Resource::document("nav", NAV_HREF, written)
        .with_properties("nav")
        .with_landmark(Landmark::Toc)
}

/// The NCX: the contents and the page-list, numbered in the reading order of the documents in `list`.
fn ncx_resource(
    book: &Book,
    identifier: &Identifier,
    toc: &[TocEntry],
    pages: &Pages,
    list: &[Resource],
) -> Resource {
    fn walk<'a>(entries: &'a [TocEntry], out: &mut Vec<&'a str>) {
        for e in entries {
            out.push(&e.href);
            walk(&e.children, out);
        }
    }
    let mut targets: Vec<&str> = Vec::new();
    walk(toc, &mut targets);
    targets.extend(pages.targets.iter().map(|p| p.href.as_str()));
    let head = NcxHead {
        uid: identifier.as_str(),
        title: &book.meta.title,
        authors: &book.meta.authors,
        lang: &book.meta.language,
    };
    let written = ncx(&head, toc, &pages.targets, &play_order(&targets, list));
    Resource::file("ncx", "toc.ncx", NCX_TYPE, written.text.into_bytes())
}
