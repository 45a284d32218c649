//! The typesetter: `Book` + `Style` + `FontSet` + images → pages of positioned glyph runs, in points.
//!
//! Coordinates: origin at the top-left corner of the **media box** (trim plus bleed), x to the right, y down,
//! so a run's `y` is its baseline measured from the top. The renderers consume these pages as they are.
//!
//! The stages, one module each:
//! - [`setter`] builds every [`line::Setting`] from the style's roles; [`line`](mod@line) breaks it into
//!   lines (shaped by `shape`, broken where [`breaks`] allows);
//! - `blocks` turns each story block into make-up groups (`table` a table's);
//! - `paginate` makes the groups up into pages with a cursor, then adds the running heads and folios;
//! - `front_matter` sets the title page, the contents and the colophon;
//! - `outline` files each chapter, section and subhead under its story's bookmark;
//! - `page` holds the output the PDF writer reads ([`Document`] and what it holds), and `layout_json`
//!   writes it out for `--layout-json`.

mod blocks;
mod bounds;
mod breaker;
pub(crate) mod breaks;
mod exact;
mod fill;
mod front_matter;
mod grid;
mod groups;
mod layout_json;
pub(crate) mod line;
mod outline;
mod page;
mod paginate;
mod para;
pub(crate) mod setter;
mod shape;
mod signature;
mod squeeze;
mod table;

pub use layout_json::layout_json;
pub use page::{
    Anchor, Document, FigureInfo, Glyph, GlyphInfo, GlyphRun, Item, LineInfo, Link, OutlineEntry,
    Page, Point, Rect, RunInfo,
};

use crate::assets::Images;
use crate::error::Result;
use crate::fonts::FontSet;
use crate::model::Book;
use crate::style::{Padding, Style};
use rayon::prelude::*;

/// Typesets `book` with `style`, `fonts` and `images` (every image the book names, see
/// [`crate::assets::load`]): a title page, the contents, each story from a new page (pages carry folios
/// and running heads), and a colophon closing the book, the page count padded with blank pages to a whole
/// signature (`style.print`); the outline has one entry per story, its
/// chapters, sections and subheads nested below it. Each image is
/// scaled to the measure (or less, keeping its proportions) in whole grid rows, at most the page's rows
/// less two.
///
/// Errors: [`crate::error::Error::Render`] naming an image the book has but `images` lacks;
/// [`crate::error::Error::Layout`] naming text or a box that would fall outside its page.
pub fn typeset(book: &Book, style: &Style, fonts: &FontSet, images: &Images) -> Result<Document> {
    make_up(book, style, fonts, images, None).map(|(document, _)| document)
}

/// As [`typeset`], and how many blank pages padded the book to a whole signature (`style.print`): they
/// stand before the colophon or at the end, as the style says. Each story's pages are handed to `sink`,
/// when given, as soon as they are complete ([`Sink`]), so that they can be drawn while the rest of the
/// book is made up; they are in the document returned too.
///
/// Errors: as [`typeset`].
pub(crate) fn make_up(
    book: &Book,
    style: &Style,
    fonts: &FontSet,
    images: &Images,
    mut sink: Option<&mut dyn Sink>,
) -> Result<(Document, usize)> {
    let setter = setter::Setter::new(style, fonts);
    let contents = front_matter::Contents::set(book, &setter);
    let front = 1 + contents.page_count(&setter);
    let mut work = paginate::Work::new(&setter, front);
    let furnisher = paginate::Furnisher::new(&book.meta.title, &setter);
    // plans depend on the story and the style only, not on where the story falls
    let planner = paginate::Work::new(&setter, 0);
    let set = |from: usize| set_window(book, from, (&setter, &planner), images);
    // each story's layout is dropped once made up (its lines have moved to the pages) and its pages
    // furnished; a window of stories is made up while the next is set
    // the colophon (its 字数 counts the whole book) is set beside the first window, not after the last
    let (window, colophon) = rayon::join(
        || set(0),
        || front_matter::colophon_lines(&book.colophon(&style.trim_text()), &setter),
    );
    let mut window = window?;
    let mut from = 0;
    // the first story page found to fall outside its page, when the pages are handed on
    let mut refused = None;
    while !window.is_empty() {
        let next = from + window.len();
        let (_, following) = rayon::join(
            || {
                for (k, (mut story, plan)) in window.into_iter().enumerate() {
                    work.story(from + k, &mut story, plan);
                    let done = furnisher.furnish(&mut work, &story.headline);
                    if let Some(sink) = sink.as_mut().filter(|_| refused.is_none()) {
                        // a story's pages are checked before they are handed on: they may come back
                        // with their runs hollowed
                        match bounds::check_pages(&work.pages()[done.clone()], front + done.start) {
                            Ok(()) => sink.take(front + done.start, work.take_pages(done)),
                            Err(error) => refused = Some(error),
                        }
                    }
                }
            },
            || set(next),
        );
        window = following?;
        from = next;
    }
    if let Some(sink) = sink {
        for (index, page) in sink.give_back() {
            work.put_back(index - front, page);
        }
    }
    let mut made = work.finish();
    let mut pages = vec![front_matter::title_page(&book.title_page(), &setter)];
    pages.extend(contents.pages(&made.outline, &setter));
    pages.append(&mut made.pages);
    let mut closing = bounds::colophon_pages(&colophon, pages.len() as u32 + 1, &setter);
    let blanks = signature::blanks_needed(pages.len() + closing.len(), style.print.signature);
    if style.print.padding == Padding::BeforeColophon && blanks > 0 {
        for _ in 0..blanks {
            pages.push(signature::blank(&pages[0], pages.len() as u32 + 1));
        }
        closing = bounds::colophon_pages(&colophon, pages.len() as u32 + 1, &setter);
    }
    pages.append(&mut closing);
    if style.print.padding == Padding::End {
        for _ in 0..blanks {
            pages.push(signature::blank(&pages[0], pages.len() as u32 + 1));
        }
    }
    let mut outline = made.outline;
    outline::file_headings(&mut outline, &pages);
    let document = Document { pages, outline };
    bounds::check(&document)?;
    match refused {
        Some(error) => Err(error),
        None => Ok((document, blanks)),
    }
}

/// What [`make_up`] hands each story's pages to as it goes, so that they can be drawn while the rest of
/// the book is made up. The title page and the contents (which stand before the stories) and the blank
/// pages and the colophon (after them) are not handed on.
pub(crate) trait Sink: Send {
    /// Takes a story's pages, complete (furnished with running heads and folios, and checked to lie on
    /// their pages), the first at index `first` of the finished document.
    fn take(&mut self, first: usize, pages: Vec<Page>);
    /// Every page taken, given back with its index once done with (waiting for it as needed). A page may
    /// come back with its glyph runs hollowed (their glyphs and text dropped once drawn); its lines,
    /// figures, links, anchor and every other item are as they were taken.
    fn give_back(&mut self) -> Vec<(usize, Page)>;
}

/// How many stories are set at once, ahead of the make-up: enough to keep every core busy, few enough that
/// the layouts in flight stay small beside the pages (issue 13: memory grows with a page, not the book).
const WINDOW: usize = 32;

/// The stories `from..from + WINDOW` of `book` (fewer at the end; none past it) set in parallel by `setter`,
/// each with the filler's plan from `planner` (made while the paragraphs' shapes are kept, which are dropped
/// after it). rayon's collect keeps their order (and the first story's error is the one reported), so the
/// output is the same bytes on any number of threads.
///
/// Errors: as [`typeset`].
fn set_window(
    book: &Book,
    from: usize,
    (setter, planner): (&setter::Setter, &paginate::Work),
    images: &Images,
) -> Result<Vec<(groups::StoryLayout, paginate::Plan)>> {
    let stories = &book.stories[from.min(book.stories.len())..];
    (stories[..WINDOW.min(stories.len())].par_iter())
        .map(|story| {
            let mut layout = blocks::story(story, setter, images)?;
            let plan = planner.plan(&layout);
            layout.drop_shapes();
            Ok((layout, plan))
        })
        .collect()
}

#[cfg(test)]
mod props;

#[cfg(test)]
mod tests {
    /// Each child module's source, before its tests.
    fn sources() -> Vec<(&'static str, &'static str)> {
        let files = [
            ("blocks", include_str!("blocks.rs")),
            ("bounds", include_str!("bounds.rs")),
            ("breaker", include_str!("breaker.rs")),
            ("breaks", include_str!("breaks.rs")),
            ("fill", include_str!("fill.rs")),
            ("front_matter", include_str!("front_matter.rs")),
            ("grid", include_str!("grid.rs")),
            ("groups", include_str!("groups.rs")),
            ("layout_json", include_str!("layout_json.rs")),
            ("line", include_str!("line.rs")),
            ("outline", include_str!("outline.rs")),
            ("page", include_str!("page.rs")),
            ("paginate", include_str!("paginate.rs")),
            ("para", include_str!("para.rs")),
            ("setter", include_str!("setter.rs")),
            ("shape", include_str!("shape.rs")),
            ("signature", include_str!("signature.rs")),
            ("squeeze", include_str!("squeeze.rs")),
            ("table", include_str!("table.rs")),
        ];
        files
            .into_iter()
            .map(|(name, src)| (name, src.split("#[cfg(test)]").next().unwrap()))
            .collect()
    }

    /// The first path segment of every `super::…` and `crate::typeset::…` path in `code`, including each
    /// name of a `super::{a, b::C}` group.
    fn imports(code: &str) -> Vec<String> {
        let ident = |s: &str| -> String {
            s.trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        };
        let mut out = Vec::new();
        for pat in ["super::", "crate::typeset::"] {
            for (i, _) in code.match_indices(pat) {
                let rest = &code[i + pat.len()..];
                if let Some(group) = rest.strip_prefix('{') {
                    let group = &group[..group.find('}').unwrap()];
                    out.extend(group.split(',').map(ident).filter(|s| !s.is_empty()));
                } else {
                    out.push(ident(rest));
                }
            }
        }
        out
    }

    #[test]
    fn children_import_only_siblings_and_without_a_cycle() {
        let sources = sources();
        let names: Vec<&str> = sources.iter().map(|(n, _)| *n).collect();
        let mut edges: Vec<(&str, String)> = Vec::new();
        for (name, code) in &sources {
            for dep in imports(code) {
                assert!(
                    names.contains(&dep.as_str()),
                    "{name}.rs imports `{dep}` from the parent module: only siblings may be imported"
                );
                edges.push((name, dep));
            }
        }
        assert!(edges.contains(&("blocks", "groups".to_string())));
        assert!(edges.contains(&("paginate", "fill".to_string())));
        // remove modules without imports left until none remain: a cycle would leave some behind
        let mut left: Vec<&str> = names.clone();
        while !left.is_empty() {
            let free: Vec<&str> = left
                .iter()
                .copied()
                .filter(|m| {
                    !edges
                        .iter()
                        .any(|(from, to)| from == m && left.contains(&to.as_str()))
                })
                .collect();
            assert!(!free.is_empty(), "import cycle among {left:?}");
            left.retain(|m| !free.contains(m));
        }
    }

    #[test]
    fn only_the_setter_builds_a_setting() {
        for (name, code) in sources() {
            let literals = code.matches("Setting {").count();
            let expected = if name == "setter" { 2 } else { 0 };
            assert_eq!(literals, expected, "`Setting {{` literals in {name}.rs");
        }
    }
}
