//! Drawing one page of a typeset document into krilla ([`draw_at`]: items marked as content or artifacts,
//! contents links), the faces' programs handed to krilla ([`give`], from a [`Programs`] source shared
//! with the EPUB), and krilla's refusals in words ([`refusal`]): what the PDF written after the make-up
//! ([`super::render_shared`]) and the PDF drawn as the book is made up ([`super::stream`]) share.

use std::collections::BTreeMap;
use std::num::NonZeroU64;

use krilla::Document as PdfDocument;
use krilla::error::KrillaError;
use krilla::paint::Paint;
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag};

use super::draw::{self, Faces, err};
use super::marks;
use super::outline;
use super::standard::{self, PdfStandard};
use super::tags::{self, Mark, PageMarks};
use crate::error::Result;
use crate::fonts::{FontId, FontSet};
use crate::model::Book;
use crate::render::epub::SharedBytes;
use crate::style::Role;
use crate::typeset::{Document, Item, Page, Point};

/// The source of the faces' programs when the PDF shares its subsets with the EPUB (HarfBuzz's,
/// [`crate::render::epub::subsets`]).
pub(crate) trait Programs {
    /// Asks for the subsets of the CID-keyed CFF faces drawn with, each holding at least `glyphs` (glyph
    /// IDs by face, ascending) with their CIDs: called once, before the pages are drawn (the glyphs the
    /// typeset pages hold) or, when krilla shapes text of its own on them (printer's marks), after.
    fn start(&mut self, glyphs: BTreeMap<FontId, Vec<u16>>);
    /// The subsets asked for, by face; called once, after [`Programs::start`].
    ///
    /// Errors: what making them reports.
    fn finish(&mut self) -> Result<BTreeMap<FontId, SharedBytes>>;
    /// Another subset of the face `id`, holding at least `glyphs` (glyph IDs, ascending): called for a
    /// subset [`Programs::finish`] gave that lacks a glyph the pages draw (one made before they were
    /// drawn).
    ///
    /// Errors: what making it reports.
    fn redo(&mut self, id: FontId, glyphs: &[u16]) -> Result<Vec<u8>>;
    /// The `CFF ` tables of subsets [`Programs::finish`] gave, deflated already as krilla deflates a
    /// given program's (`krilla::text::deflate_program`), by face; called once, after
    /// [`Programs::finish`]. A face without one is deflated as it is embedded.
    fn deflated(&mut self) -> BTreeMap<FontId, SharedBytes> {
        BTreeMap::new()
    }
}

/// What drawing a page uses beside the page: the faces, the emphasis dots' discs, the look (images
/// interpolated; the accent colour) and, with printer's marks, the book and face of the slug.
pub(super) struct Pen<'a> {
    pub faces: &'a Faces,
    pub dots: draw::Dots,
    pub look: (bool, &'a Paint),
    pub slug: Option<(&'a Book, Option<&'a krilla::text::Font>)>,
}

/// Draws `page` into `pdf` with `pen` as the page at index `pi` of the finished PDF (it may be drawn
/// before pages that stand before it: [`krilla::Document::start_page_at`]), its contents links
/// pointing into `doc`; the marks its content got.
///
/// Errors: as [`draw::item`], and [`crate::error::Error::Render`] for a page krilla cannot size.
pub(super) fn draw_at(
    pdf: &mut PdfDocument,
    (pi, page): (usize, &Page),
    pen: &mut Pen<'_>,
    doc: &Document,
) -> Result<PageMarks> {
    let mut pdf_page = pdf.start_page_at(draw::page_settings(page)?, pi);
    let mut page_marks = PageMarks::new(page);
    let mut surface = pdf_page.surface();
    let tools = (pen.faces, &mut pen.dots);
    draw_page(&mut surface, (pi, page), tools, pen.look, &mut page_marks)?;
    if let Some((book, font)) = pen.slug {
        let slug = format!("{} · {} · {}", book.meta.title, page.folio, book.meta.date);
        marks::draw(&mut surface, page, &slug, font);
    }
    surface.finish();
    for link in &page.links {
        if let Some(annotation) = outline::link(link, doc) {
            page_marks
                .links
                .push(pdf_page.add_tagged_annotation(annotation));
        }
    }
    pdf_page.finish();
    Ok(page_marks)
}

/// Hands krilla the program of each face of `kept` drawn with, from `programs` (asked for already when
/// `started`).
///
/// Errors: what `programs` reports, and [`crate::error::Error::Render`] when it gives no program for a face
/// or one without a glyph drawn.
pub(super) fn give(
    pdf: &mut PdfDocument,
    faces: &Faces,
    (kept, started): (&[FontId], bool),
    programs: &mut dyn Programs,
) -> Result<()> {
    let glyphs: BTreeMap<FontId, Vec<u16>> = (kept.iter())
        .map(|id| (*id, pdf.kept_glyphs(&faces[id])))
        .filter(|(_, glyphs)| !glyphs.is_empty())
        .collect();
    if !started {
        programs.start(glyphs.clone());
    }
    let mut given = programs.finish()?;
    let mut deflated = programs.deflated();
    for (id, drawn) in &glyphs {
        let program = (given.remove(id))
            .ok_or_else(|| err(format!("no subset of the face {id:?} was made")))?;
        let face = &faces[id];
        match (pdf.program_holds(face, &program), deflated.remove(id)) {
            (true, Some(cff)) => pdf.set_deflated_font_program(face, program, &cff),
            (true, None) => pdf.set_font_program(face, program),
            (false, _) => pdf.set_font_program(face, SharedBytes::new(programs.redo(*id, drawn)?)),
        }
    }
    Ok(())
}

/// Draws the items of page `pi` (emphasis dots by reference to their discs in `dots`; on a contents page,
/// each row of leader dots as one dashed stroke, [`draw::draw_leader`]), each marked as
/// content (recorded in `marks`) or as an artifact; consecutive artifacts of one kind, all glyph runs or
/// all not, share a marked-content sequence, and so do a paragraph's plain runs on the page
/// ([`tags::shares`]: one leaf of the tree for the paragraph's lines there, not one per run). The glyph runs share text objects: one is begun before the marked content of a run (krilla's
/// `Surface::begin_text`) and lasts until an item other than a run, so a page of text is mostly one
/// text object with each run's marked content inside it (ISO 32000-1 §14.6, Figure 9).
///
/// Errors: as [`draw::item`].
fn draw_page(
    surface: &mut Surface,
    (pi, page): (usize, &Page),
    (faces, dots): (&Faces, &mut draw::Dots),
    look: (bool, &Paint),
    marks: &mut PageMarks,
) -> Result<()> {
    let owners = tags::owners(page);
    let mut artifact: Option<(ArtifactType, bool)> = None;
    // the contents' leader dots are drawn a row at a time (`draw::draw_leader`)
    let leaders = page.lines.iter().any(|l| l.role == Role::Contents);
    let mut drawn = 0;
    // the marked-content sequence a paragraph's plain runs share on this page: the line of the last
    // run in it
    let mut shared: Option<usize> = None;
    for (i, (at, item)) in page.items.iter().enumerate() {
        if i < drawn {
            continue;
        }
        let here = location(pi, i);
        surface.set_location(here);
        let mark = tags::mark(page, owners[i], item);
        let run = matches!(item, crate::typeset::Item::Run(_));
        let sharing = shared.and_then(|last| tags::shares(page, (last, owners[i]), item));
        if shared.is_some() && sharing.is_none() {
            surface.end_tagged();
            shared = None;
        }
        if let Some((open, open_run)) = artifact
            && (mark != Mark::Artifact(open) || run != open_run)
        {
            surface.end_tagged();
            artifact = None;
        }
        if artifact.is_none() {
            match run {
                true => surface.begin_text(),
                false => surface.end_text(),
            }
        }
        match mark {
            Mark::Artifact(kind) => {
                if artifact.is_none() {
                    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
                    artifact = Some((kind, run));
                }
                let row = match leaders {
                    true => draw::leader_row(&page.items[i..]),
                    false => 0,
                };
                let row = (page.items[i..i + row].iter().enumerate())
                    .take_while(|(k, (_, dot))| tags::mark(page, owners[i + k], dot) == mark)
                    .count();
                match row {
                    0..=2 => draw::item(surface, (*at, item, here), (faces, dots), look)?,
                    _ => {
                        draw::draw_leader(surface, &page.items[i..i + row]);
                        drawn = i + row;
                    }
                }
            }
            Mark::Content => {
                let place = ((pi, page, owners[i]), (*at, item, here));
                shared = draw_content(surface, place, (faces, dots), look, marks, sharing)?;
            }
        }
    }
    if artifact.is_some() || shared.is_some() {
        surface.end_tagged();
    }
    surface.end_text();
    surface.reset_location();
    Ok(())
}

/// Draws `item`, content of `page` (page `pi`) drawn by `owner` at `at` (krilla's location `here`):
/// inside the sequence a paragraph's earlier plain run began when it goes on in it (`sharing`: that
/// run's line), else in a marked-content sequence of its own, recorded in `marks` and left open when the
/// paragraph's next runs may share it ([`tags::may_share`]). The line whose sequence is open after it.
///
/// Errors: as [`draw::item`].
fn draw_content(
    surface: &mut Surface,
    ((pi, page, owner), (at, item, here)): (
        (usize, &Page, tags::Owner),
        (Point, &Item, NonZeroU64),
    ),
    (faces, dots): (&Faces, &mut draw::Dots),
    look: (bool, &Paint),
    marks: &mut PageMarks,
    sharing: Option<usize>,
) -> Result<Option<usize>> {
    if let Some(line) = sharing {
        draw::item(surface, (at, item, here), (faces, dots), look)?;
        return Ok(Some(line));
    }
    let id = surface.start_tagged(tags::content_tag(item));
    draw::item(surface, (at, item, here), (faces, dots), look)?;
    marks.record(owner, (pi, at, item), id);
    let shared = tags::may_share(page, owner, item);
    if shared.is_none() {
        surface.end_tagged();
    }
    Ok(shared)
}

/// Bits of a location that hold the item index; the page index is above them.
const ITEM_BITS: u32 = 24;

/// The location krilla reports errors at: page `pi`, item `i`.
pub(super) fn location(pi: usize, i: usize) -> NonZeroU64 {
    let value = ((pi as u64 + 1) << ITEM_BITS) | (i as u64 & ((1 << ITEM_BITS) - 1));
    NonZeroU64::new(value).expect("the page bits are never 0")
}

/// Where `location` is, in words: the page's folio and the text of the line the item belongs to.
pub(super) fn place(doc: &Document, location: NonZeroU64) -> String {
    let pi = (location.get() >> ITEM_BITS) as usize - 1;
    let item = (location.get() & ((1 << ITEM_BITS) - 1)) as usize;
    let Some(page) = doc.pages.get(pi) else {
        return String::new();
    };
    match page.lines.iter().find(|l| l.items.contains(&item)) {
        Some(line) => format!("page {}, “{}”: ", page.folio, line.text),
        None => format!("page {}: ", page.folio),
    }
}

/// Why krilla refused the document, in words: one line per validation error (each once, with its page
/// and line in `doc` when given), else krilla's own message.
pub(super) fn refusal(
    error: &KrillaError,
    doc: Option<&Document>,
    standard: PdfStandard,
    (faces, fonts): (&Faces, &FontSet),
) -> String {
    let KrillaError::Validation(errors) = error else {
        return error.to_string();
    };
    let font = |f: &krilla::text::Font| {
        faces.iter().find(|(_, face)| *face == f).map_or_else(
            || "a font".into(),
            |(id, _)| format!("the font {}", fonts.info(*id).file_name()),
        )
    };
    let mut lines: Vec<String> = Vec::new();
    for (e, _) in errors {
        let at =
            (standard::location(e).zip(doc)).map_or_else(String::new, |(l, doc)| place(doc, l));
        let line = format!("{at}{}", standard::words(e, &font));
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    format!(
        "the PDF cannot meet {}:\n  {}",
        standard.title(),
        lines.join("\n  ")
    )
}

/// The glyph IDs whose bits are set in `bits` (a bit per glyph ID, 64 to a word), ascending.
pub(super) fn glyph_ids(bits: &[u64]) -> Vec<u16> {
    (bits.iter().enumerate())
        .flat_map(|(w, word)| {
            (0..64u16)
                .filter(move |b| word & (1 << b) != 0)
                .map(move |b| w as u16 * 64 + b)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_name_the_page_and_item() {
        let l = location(4, 17);
        assert_eq!(l.get() >> ITEM_BITS, 5);
        assert_eq!(l.get() & ((1 << ITEM_BITS) - 1), 17);
        assert_eq!(
            location(0, 0).get(),
            1 << ITEM_BITS,
            "page 0 item 0 is not 0"
        );
    }
}
