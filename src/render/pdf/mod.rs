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
mod pages;
mod standard;
mod stream;
mod tags;

pub use impose::Imposition;
pub(crate) use impose::saddle as impose_saddle;
pub(crate) use marks::Press;
pub(crate) use pages::Programs;
pub use standard::{PdfA, PdfStandard};
pub(crate) use stream::{Feed, drawn_as_fed};

use std::borrow::Cow;

use krilla::tagging::TagTree;
use krilla::{Document as PdfDocument, SerializeSettings};

use crate::error::Result;
use crate::fonts::{FontId, FontSet};
use crate::model::Book;
use crate::typeset::Document;
use draw::{Faces, err};
use pages::{Pen, draw_at, give, glyph_ids, refusal};
use std::collections::BTreeMap;
use tags::PageMarks;

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
            // the tree first: the programs may still be being made (the shared subsets and their
            // deflated CFF tables, after the EPUB's documents), and the tree does not need them
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
        let page_marks = draw_at(pdf, (pi, &doc.pages[pi]), pen, doc)?;
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
            crate::threads::started();
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
        .map(|(id, bits)| (*id, glyph_ids(&bits)))
        .collect()
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
}
