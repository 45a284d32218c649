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
mod flow;
pub(crate) use flow::Sink;
mod front_matter;
mod grid;
mod groups;
pub(crate) use groups::headline_text;
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
    sink: Option<&mut dyn Sink>,
) -> Result<(Document, usize)> {
    let setter = setter::Setter::new(style, fonts);
    let contents = front_matter::Contents::set(book, &setter);
    let front = 1 + contents.page_count(&setter);
    let furnisher = paginate::Furnisher::new(&book.meta.title, &setter);
    // plans depend on the story and the style only, not on where the story falls
    let planner = paginate::Work::new(&setter, 0);
    let mut flow = flow::MakeUp {
        work: paginate::Work::new(&setter, front),
        furnisher: &furnisher,
        sink,
        front,
        refused: None,
        failed: None,
    };
    // the stories are set in parallel and made up in order as they are set (each story's layout is
    // dropped once made up: its lines have moved to the pages), its pages furnished and handed on; the
    // colophon (its 字数 counts the whole book) is set beside them, not after the last
    let (_, colophon) = rayon::join(
        || flow::set_and_make_up(book, (&setter, &planner), images, &mut flow),
        || front_matter::colophon_lines(&book.colophon(&style.trim_text()), &setter),
    );
    let flow::MakeUp {
        mut work,
        sink,
        refused,
        failed,
        ..
    } = flow;
    if let Some(error) = failed {
        return Err(error);
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
            ("exact", include_str!("exact.rs")),
            ("fill", include_str!("fill.rs")),
            ("flow", include_str!("flow.rs")),
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
