//! PDF writer: walks the typeset pages and writes them with krilla. It never re-measures or re-breaks.
//!
//! Items: glyph runs (text), stroked frames (the column tag's box), images, and emphasis dots (filled black
//! discs centred on the item's point) — [`draw`].
//!
//! Each page gets a MediaBox of trim plus bleed, a TrimBox (the finished A5 page) and a BleedBox (3 mm
//! beyond it), and a page label (its folio); every face is embedded as a subset with a ToUnicode map
//! (krilla), so the text copies and searches as it was set. The catalog carries `/Lang` from the book's
//! language, the information dictionary and XMP the book's record ([`meta`]; its date, never the clock),
//! the outline a bookmark per story with its chapters and subheads nested below, and the contents page a
//! link per entry ([`outline`]).
//!
//! Every PDF is tagged ([`tags`]): a structure tree in reading order, running heads, folios and
//! ornaments marked as artifacts. With a [`PdfStandard`] (PDF/A-2 or -3 at level b, u or a; PDF/UA-1)
//! krilla also validates what it writes, and a document it refuses is an error listing why, in words
//! ([`standard`]).

mod draw;
mod impose;
mod marks;
mod meta;
mod outline;
mod standard;
mod tags;

pub use impose::Imposition;
pub(crate) use impose::saddle as impose_saddle;
pub(crate) use marks::Press;
pub use standard::{PdfA, PdfStandard};

use std::borrow::Cow;
use std::num::NonZeroU64;

use krilla::error::KrillaError;
use krilla::paint::Paint;
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, TagTree};
use krilla::{Document as PdfDocument, SerializeSettings};

use crate::error::Result;
use crate::fonts::{FontId, FontSet};
use crate::model::Book;
use crate::typeset::{Document, Page};
use draw::{Faces, err};
use std::collections::BTreeMap;
use tags::{Mark, PageMarks};

/// Renders `doc` (typeset from `book`) as PDF bytes to `standard`, with `book`'s metadata and the faces of
/// `fonts` its runs are set in. The same document gives the same bytes.
///
/// Errors: [`crate::error::Error::Render`] when krilla refuses the document: for a standard, each way it
/// is not met, in words, with the page and line where it happens (`PDF/A-2a: page 5, “…”: the font … has no
/// glyph for "𠀀"`).
pub fn render(
    doc: &Document,
    book: &Book,
    fonts: &FontSet,
    standard: PdfStandard,
) -> Result<Vec<u8>> {
    render_press(Cow::Borrowed(doc), book, fonts, standard, Press::default())
}

/// As [`render`], made for the press as `press` says: the column tag's frame in its accent colour, and
/// with `press.marks` every page on a larger MediaBox with printer's marks and a slug ([`marks`]). A
/// document handed over (`Cow::Owned`) is consumed as it is written: each page's items are dropped once
/// the page is drawn, so a long book's glyphs are not all held beside the PDF krilla is building.
///
/// Errors: as [`render`].
pub(crate) fn render_press(
    doc: Cow<'_, Document>,
    book: &Book,
    fonts: &FontSet,
    standard: PdfStandard,
    press: Press,
) -> Result<Vec<u8>> {
    render_shared(doc, book, fonts, (standard, press), None)
}

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
    fn finish(&mut self) -> Result<BTreeMap<FontId, Vec<u8>>>;
    /// Another subset of the face `id`, holding at least `glyphs` (glyph IDs, ascending): called for a
    /// subset [`Programs::finish`] gave that lacks a glyph the pages draw (one made before they were
    /// drawn).
    ///
    /// Errors: what making it reports.
    fn redo(&mut self, id: FontId, glyphs: &[u16]) -> Result<Vec<u8>>;
    /// The `CFF ` tables of subsets [`Programs::finish`] gave, deflated already as krilla deflates a
    /// given program's (`krilla::text::deflate_program`), by face; called once, after
    /// [`Programs::finish`]. A face without one is deflated as it is embedded.
    fn deflated(&mut self) -> BTreeMap<FontId, Vec<u8>> {
        BTreeMap::new()
    }
}

/// As [`render_press`] (`(standard, press)`); with `programs`, each CID-keyed CFF face is drawn with its
/// own CIDs and embedded as the subset `programs` gives instead of one krilla makes.
///
/// Errors: as [`render`], and what `programs` reports.
pub(crate) fn render_shared(
    doc: Cow<'_, Document>,
    book: &Book,
    fonts: &FontSet,
    (standard, press): (PdfStandard, Press),
    mut programs: Option<&mut dyn Programs>,
) -> Result<Vec<u8>> {
    let mut doc = match press.marks {
        true => Cow::Owned(marks::with_room(doc.into_owned(), marks::ROOM)),
        false => doc,
    };
    let accent = press.accent();
    let slug_font = doc.pages.first().and_then(|p| {
        p.items.iter().find_map(|(_, item)| match item {
            crate::typeset::Item::Run(run) => Some(run.font),
            _ => None,
        })
    });
    let settings = SerializeSettings {
        configuration: standard.configuration(),
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut pdf = PdfDocument::new_with(settings);
    let faces = draw::faces(&doc, fonts)?;
    let kept = keep(&mut pdf, &faces, programs.is_some());
    // the subsets are made while the pages are drawn, from the glyphs the pages hold
    let early = (programs.as_mut()).filter(|_| !press.marks);
    let started = early.map(|programs| programs.start(typeset_glyphs(&doc, &kept)));
    let mut pen = Pen {
        faces: &faces,
        dots: draw::Dots::new(),
        look: (standard.pdf_a.is_none(), &accent),
        slug: press
            .marks
            .then(|| (book, slug_font.and_then(|id| faces.get(&id)))),
    };
    let fed = matches!(doc, Cow::Owned(_)) && standard.is_plain() && doc.pages.len() >= FED_PAGES;
    let mut given = |pdf: &mut PdfDocument| match programs.as_deref_mut() {
        Some(programs) => give(pdf, &faces, (&kept, started.is_some()), programs),
        None => Ok(()),
    };
    let tree = match fed {
        true => tree_beside(&mut pdf, &mut doc, (book, &mut pen), &mut given)?,
        false => {
            let mut marks = Vec::with_capacity(doc.pages.len());
            draw_pages(&mut pdf, &mut doc, &mut pen, &mut |doc, pi, page_marks| {
                marks.push(page_marks);
                drawn(doc, pi, standard.is_plain());
            })?;
            crate::trace::mark("pdf: pages drawn");
            // the tree first: the programs may still be being made (a short book's early subsets and
            // their deflated CFF tables), and the tree does not need them
            let tree = tags::tree(&doc, book, &marks);
            given(&mut pdf)?;
            tree
        }
    };
    crate::trace::mark("pdf: tree");
    pdf.set_outline(outline::outline(&doc));
    pdf.set_metadata(meta::metadata(&book.meta));
    pdf.set_tag_tree(tree);
    // krilla validates only to a standard, and only a validation error is placed on a page and line
    let doc = (!standard.is_plain()).then_some(doc);
    let bytes = pdf
        .finish()
        .map_err(|e| err(refusal(&e, doc.as_deref(), standard, (&faces, fonts))))?;
    crate::trace::mark("pdf: finished");
    meta::complete_xmp(bytes, &book.meta)
}

/// Pages from which the structure tree is built on a thread of its own while they are drawn (for a
/// document handed over, without a standard): below it the thread costs more than the tree.
const FED_PAGES: usize = 32;

/// Drawn pages handed to the tree's thread at a time.
const FED_BATCH: usize = 16;

/// What drawing a page uses beside the page: the faces, the emphasis dots' discs, the look (images
/// interpolated; the accent colour) and, with printer's marks, the book and face of the slug.
struct Pen<'a> {
    faces: &'a Faces,
    dots: draw::Dots,
    look: (bool, &'a Paint),
    slug: Option<(&'a Book, Option<&'a krilla::text::Font>)>,
}

/// Draws every page of `doc` into `pdf` with `pen`, handing `done` the document, each page's index and
/// the marks its content got once the page is drawn, in page order.
///
/// Errors: as [`draw::item`], and [`crate::error::Error::Render`] for a page krilla cannot size.
fn draw_pages(
    pdf: &mut PdfDocument,
    doc: &mut Cow<'_, Document>,
    pen: &mut Pen<'_>,
    done: &mut dyn FnMut(&mut Cow<'_, Document>, usize, PageMarks),
) -> Result<()> {
    for pi in 0..doc.pages.len() {
        let page = &doc.pages[pi];
        let mut pdf_page = pdf.start_page_with(draw::page_settings(page)?);
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
        done(doc, pi, page_marks);
    }
    Ok(())
}

/// Draws every page of `doc` (handed over) with `pen`, building the structure tree of `book`'s pages on
/// a thread of its own, fed each page's lines, figures, links and marks once it is drawn (in batches of
/// [`FED_BATCH`]); runs `then` once the pages are drawn, while the tree may still be built.
///
/// Errors: as [`draw_pages`], and what `then` reports.
fn tree_beside(
    pdf: &mut PdfDocument,
    doc: &mut Cow<'_, Document>,
    (book, pen): (&Book, &mut Pen<'_>),
    then: &mut dyn FnMut(&mut PdfDocument) -> Result<()>,
) -> Result<TagTree> {
    std::thread::scope(|scope| {
        let (out, batches) = std::sync::mpsc::channel::<Vec<tags::Drawn>>();
        let outline = doc.outline.clone();
        let builder = scope.spawn(move || {
            let mut builder = tags::Builder::new(&outline, book);
            for page in batches.into_iter().flatten() {
                builder.page(page.sheet(), &page.marks);
            }
            builder.finish()
        });
        // in batches, so that the builder is woken once per batch, not once per page
        let mut batch = Vec::with_capacity(FED_BATCH);
        draw_pages(pdf, doc, pen, &mut |doc, pi, marks| {
            batch.push(taken(doc, pi, marks));
            if batch.len() == FED_BATCH {
                let _ = out.send(std::mem::replace(&mut batch, Vec::with_capacity(FED_BATCH)));
            }
        })?;
        let _ = out.send(batch);
        drop(out);
        crate::trace::mark("pdf: pages drawn");
        then(pdf)?;
        Ok((builder.join()).unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

/// Page `pi` of `doc` (handed over) drawn, its content marked as `marks`: its items dropped, its lines,
/// figures and links taken out for the tree.
fn taken(doc: &mut Cow<'_, Document>, pi: usize, marks: PageMarks) -> tags::Drawn {
    let page = &mut doc.to_mut().pages[pi];
    page.items = Vec::new();
    tags::Drawn {
        lines: std::mem::take(&mut page.lines),
        figures: std::mem::take(&mut page.figures),
        links: std::mem::take(&mut page.links),
        marks,
    }
}

/// Page `pi` of `doc` drawn: a document handed over loses the page's items, and for a `plain` PDF (no
/// standard) its lines' text. From here on the tree reads only the page's lines, figures and links, and a
/// refusal under a standard the lines' text.
fn drawn(doc: &mut Cow<'_, Document>, pi: usize, plain: bool) {
    if let Cow::Owned(doc) = doc {
        let page = &mut doc.pages[pi];
        page.items = Vec::new();
        if plain {
            (page.lines.iter_mut()).for_each(|line| line.text = String::new());
        }
    }
}

/// The faces of `faces` drawn with their own CIDs and given their programs (when `shared`): every
/// CID-keyed CFF face.
fn keep(pdf: &mut PdfDocument, faces: &Faces, shared: bool) -> Vec<FontId> {
    (faces.iter())
        .filter(|(_, font)| shared && pdf.keep_cids(font))
        .map(|(id, _)| *id)
        .collect()
}

/// The glyph IDs the runs of `doc` draw in each face of `kept`, ascending (a bit per glyph ID and face,
/// read out in order: no ordered set grown glyph by glyph).
fn typeset_glyphs(doc: &Document, kept: &[FontId]) -> BTreeMap<FontId, Vec<u16>> {
    const WORDS: usize = (u16::MAX as usize + 1) / 64;
    let mut seen: Vec<Vec<u64>> = vec![Vec::new(); kept.len()];
    for (_, item) in doc.pages.iter().flat_map(|p| &p.items) {
        if let crate::typeset::Item::Run(run) = item
            && let Some(k) = kept.iter().position(|id| *id == run.font)
        {
            let bits = &mut seen[k];
            bits.resize(WORDS, 0);
            for g in &run.glyphs {
                bits[usize::from(g.id) / 64] |= 1 << (g.id % 64);
            }
        }
    }
    (kept.iter().zip(seen))
        .filter(|(_, bits)| !bits.is_empty())
        .map(|(id, bits)| {
            let glyphs = (bits.iter().enumerate())
                .flat_map(|(w, word)| {
                    (0..64u16)
                        .filter(move |b| word & (1 << b) != 0)
                        .map(move |b| w as u16 * 64 + b)
                })
                .collect();
            (*id, glyphs)
        })
        .collect()
}

/// Hands krilla the program of each face of `kept` drawn with, from `programs` (asked for already when
/// `started`).
///
/// Errors: what `programs` reports, and [`crate::error::Error::Render`] when it gives no program for a face
/// or one without a glyph drawn.
fn give(
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
            (true, Some(cff)) => pdf.set_deflated_font_program(face, program, cff),
            (true, None) => pdf.set_font_program(face, program),
            (false, _) => pdf.set_font_program(face, programs.redo(*id, drawn)?),
        }
    }
    Ok(())
}

/// Draws the items of page `pi` (emphasis dots by reference to their discs in `dots`), each marked as
/// content (recorded in `marks`) or as an artifact; consecutive artifacts of one kind, all glyph runs or
/// all not, share a marked-content sequence. The glyph runs share text objects: one is begun before the marked content of a run (krilla's
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
    for (i, (at, item)) in page.items.iter().enumerate() {
        let here = location(pi, i);
        surface.set_location(here);
        let mark = tags::mark(page, owners[i], item);
        let run = matches!(item, crate::typeset::Item::Run(_));
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
                draw::item(surface, (*at, item, here), (faces, dots), look)?;
            }
            Mark::Content => {
                let id = surface.start_tagged(tags::content_tag(item));
                draw::item(surface, (*at, item, here), (faces, dots), look)?;
                surface.end_tagged();
                marks.record(owners[i], (pi, *at, item), id);
            }
        }
    }
    if artifact.is_some() {
        surface.end_tagged();
    }
    surface.end_text();
    surface.reset_location();
    Ok(())
}

/// Bits of a location that hold the item index; the page index is above them.
const ITEM_BITS: u32 = 24;

/// The location krilla reports errors at: page `pi`, item `i`.
fn location(pi: usize, i: usize) -> NonZeroU64 {
    let value = ((pi as u64 + 1) << ITEM_BITS) | (i as u64 & ((1 << ITEM_BITS) - 1));
    NonZeroU64::new(value).expect("the page bits are never 0")
}

/// Where `location` is, in words: the page's folio and the text of the line the item belongs to.
fn place(doc: &Document, location: NonZeroU64) -> String {
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
fn refusal(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::Images;
    use crate::model::Block;
    use crate::style::Style;

    /// The sample book and its typeset pages.
    fn sample(edit: impl FnOnce(&mut Book)) -> (Book, Document, FontSet) {
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut book = crate::parse::load_book(&content).unwrap();
        edit(&mut book);
        let fonts = FontSet::bundled().unwrap();
        let doc = crate::typeset::typeset(&book, &Style::default_style(), &fonts, &Images::new())
            .unwrap();
        (book, doc, fonts)
    }

    #[test]
    fn the_tree_built_beside_the_pages_is_the_tree_built_after_them() {
        // a document handed over, of FED_PAGES pages or more, has its tree built on a thread of its own
        // from each page once drawn; one lent has it built after the pages: the same bytes
        let (book, doc, fonts) = sample(|book| {
            let stories = book.stories.clone();
            (0..4).for_each(|_| book.stories.extend(stories.iter().cloned()));
        });
        assert!(doc.pages.len() >= FED_PAGES, "{} pages", doc.pages.len());
        let lent = render(&doc, &book, &fonts, PdfStandard::default()).unwrap();
        let handed = render_press(
            Cow::Owned(doc),
            &book,
            &fonts,
            PdfStandard::default(),
            Press::default(),
        )
        .unwrap();
        assert!(lent == handed, "the PDFs differ");
    }

    #[test]
    fn krilla_validates_the_sample_book_to_every_standard() {
        let (book, doc, fonts) = sample(|_| {});
        for name in [
            "a-2b",
            "a-2u",
            "a-2a",
            "a-3b",
            "a-3u",
            "a-3a",
            "ua-1",
            "a-2a,ua-1",
            "a-3a,ua-1",
        ] {
            let standard: PdfStandard = name.parse().unwrap();
            let pdf =
                render(&doc, &book, &fonts, standard).unwrap_or_else(|e| panic!("{name}: {e}"));
            let xmp = String::from_utf8_lossy(&pdf);
            if let Some(a) = standard.pdf_a {
                let part = &a.name()[2..3];
                assert!(
                    xmp.contains(&format!("<pdfaid:part>{part}</pdfaid:part>")),
                    "{name}"
                );
            }
            assert_eq!(
                xmp.contains("<pdfuaid:part>1</pdfuaid:part>"),
                standard.ua,
                "{name}"
            );
        }
    }

    #[test]
    fn a_glyph_the_font_lacks_is_refused_in_words_with_its_page_and_line() {
        // the typesetter sets a character no face has as 〓 (fonts::SUBSTITUTE); a run that still names
        // glyph 0 (.notdef) for a character cannot meet PDF/A-2u, and the refusal says where
        let (book, mut doc, fonts) = sample(|book| {
            book.stories[1].blocks[0] = Block::paragraph("管控小区𠀀出现病例。");
        });
        assert!(render(&doc, &book, &fonts, "a-2u".parse().unwrap()).is_ok());
        let run = doc.pages[5]
            .items
            .iter_mut()
            .find_map(|(_, item)| match item {
                crate::typeset::Item::Run(run) if run.text.contains('𠀀') => Some(run),
                _ => None,
            })
            .expect("the paragraph on page 6");
        let at = run.text.find('𠀀').unwrap();
        let glyph = run
            .glyphs
            .iter_mut()
            .find(|g| g.cluster as usize == at)
            .expect("a glyph for 𠀀");
        glyph.id = 0;
        assert!(render(&doc, &book, &fonts, PdfStandard::default()).is_ok());
        let err = render(&doc, &book, &fonts, "a-2u".parse().unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot meet PDF/A-2u"), "{err}");
        assert!(
            err.contains("page 6, “管控小区𠀀出现病例。”: the font NotoSerifCJKsc-Regular.otf has no glyph for \"𠀀\""),
            "{err}"
        );
    }

    #[test]
    fn printers_marks_meet_pdf_a_and_pdf_ua() {
        // the marks and slug are page artifacts in the All separation with a gray alternate
        let (book, doc, fonts) = sample(|_| {});
        let press = Press {
            marks: true,
            ..Press::default()
        };
        for name in ["a-2b", "a-2a,ua-1"] {
            let standard: PdfStandard = name.parse().unwrap();
            let pdf = render_press(Cow::Borrowed(&doc), &book, &fonts, standard, press)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(String::from_utf8_lossy(&pdf).contains("/All"), "{name}");
        }
    }

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
