//! The PDF drawn while the book is made up (issue 13): each story's pages are drawn as soon as the
//! make-up hands them on ([`crate::typeset::Sink`]), on a thread of their own, while the next stories are
//! still being set; the title page, the contents (which need every story's folio), the blank pages and
//! the colophon are drawn once the whole book is made up, each at its own place among the pages
//! ([`krilla::Document::start_page_at`]). The pages, the tree, the outline and the programs are those
//! [`super::render_shared`] writes; only the order in which krilla meets the pages differs (the body
//! first), so the objects are numbered in another order. The same book gives the same bytes on any
//! number of threads: the pages come in the make-up's order.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

use krilla::{Document as PdfDocument, SerializeSettings};

use super::draw::{self, Faces, err};
use super::marks::Press;
use super::pages::{Pen, Programs, draw_at, give, glyph_ids, refusal};
use super::standard::PdfStandard;
use super::tags::{self, PageMarks};
use super::{meta, outline};
use crate::error::Result;
use crate::fonts::{FontId, FontSet};
use crate::model::Book;
use crate::typeset::{Document, Item, Page};

/// What the PDF's thread is fed: a story's page with its index in the finished document (given back on
/// `back` once drawn, hollowed: [`hollow`]; or as it came, after a page failed to draw), then, once,
/// the whole made-up document (every page, those fed before among them; shared, so that the build reads
/// it while the rest is drawn) and the source of the faces' programs shared with the EPUB.
pub(crate) enum Feed {
    /// A complete page and its index among the document's pages.
    Page(usize, Page),
    /// The made-up document and where its faces' programs come from.
    Done(Arc<Document>, Box<dyn Programs + Send>),
}

/// The PDF of `book`'s document, drawn as `feed` brings it ([`Feed`]): to `standard` (which must be
/// plain: a refusal is not placed on a page) with `press`'s look (without printer's marks), every
/// CID-keyed CFF face drawn with its own CIDs and embedded as the program the [`Feed::Done`] source gives.
/// A page that fails to draw fails the PDF; pages fed after it are not drawn. A page is given back
/// hollowed ([`hollow`]) unless `keep_runs` (what reads the document after the make-up reads its runs).
///
/// Errors: as [`super::render`], and [`crate::error::Error::Render`] when the feed ends without the
/// document (the make-up failed and reported why).
pub(crate) fn drawn_as_fed(
    (feed, back): (Receiver<Feed>, Sender<(usize, Page)>),
    book: &Book,
    fonts: &FontSet,
    (standard, press): (PdfStandard, Press),
    keep_runs: bool,
) -> Result<Vec<u8>> {
    let settings = SerializeSettings {
        configuration: standard.configuration(),
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let accent = press.accent();
    let mut drawer = Drawer {
        pdf: PdfDocument::new_with(settings),
        fonts,
        faces: Faces::new(),
        kept: Vec::new(),
        glyphs: BTreeMap::new(),
        dots: draw::Dots::new(),
        look: (standard.pdf_a.is_none(), &accent),
        marks: Vec::new(),
        standard,
    };
    // a story's page has no links (only the contents has)
    let no_links = Document {
        pages: Vec::new(),
        outline: Vec::new(),
    };
    let mut failed = None;
    for fed in feed {
        match fed {
            Feed::Page(pi, mut page) => {
                if failed.is_none() {
                    failed = drawer.draw(pi, &page, &no_links).err();
                    if !keep_runs {
                        hollow(&mut page);
                    }
                }
                let _ = back.send((pi, page));
            }
            Feed::Done(doc, mut programs) => match failed {
                Some(error) => return Err(error),
                None => return drawer.finish(doc, book, programs.as_mut()),
            },
        }
    }
    Err(err("the book was not made up"))
}

/// `page`, drawn, with its glyph runs' glyphs and text dropped: nothing but the layout JSON, the layout
/// report and the imposition reads them once the page is drawn (the structure tree reads the page's
/// lines; the preflight the runs' faces).
fn hollow(page: &mut Page) {
    for (_, item) in &mut page.items {
        if let Item::Run(run) = item {
            run.glyphs = Vec::new();
            run.text = String::new();
        }
    }
}

/// The PDF being drawn: the faces met so far (those drawn with their own CIDs in `kept`, and the glyph
/// IDs drawn in each, a bit per ID), the emphasis dots' discs, the look, each page's marks by index, and
/// the standard.
struct Drawer<'a> {
    pdf: PdfDocument,
    fonts: &'a FontSet,
    faces: Faces,
    kept: Vec<FontId>,
    glyphs: BTreeMap<FontId, Vec<u64>>,
    dots: draw::Dots,
    look: (bool, &'a krilla::paint::Paint),
    marks: Vec<Option<PageMarks>>,
    standard: PdfStandard,
}

impl Drawer<'_> {
    /// Draws `page` as the page at `pi` (its contents links pointing into `doc`).
    ///
    /// Errors: as [`draw_at`], and [`crate::error::Error::Render`] naming a face krilla cannot read.
    fn draw(&mut self, pi: usize, page: &Page, doc: &Document) -> Result<()> {
        self.meet(page)?;
        let mut pen = Pen {
            faces: &self.faces,
            dots: std::mem::take(&mut self.dots),
            look: self.look,
            slug: None,
        };
        let drawn = draw_at(&mut self.pdf, (pi, page), &mut pen, doc);
        self.dots = pen.dots;
        if self.marks.len() <= pi {
            self.marks.resize_with(pi + 1, || None);
        }
        self.marks[pi] = Some(drawn?);
        Ok(())
    }

    /// Loads the faces `page`'s runs are set in that were not met before (keeping the CID-keyed CFF
    /// ones' CIDs), and notes the glyphs drawn in each kept face.
    ///
    /// Errors: [`crate::error::Error::Render`] naming a face krilla cannot read.
    fn meet(&mut self, page: &Page) -> Result<()> {
        const WORDS: usize = (u16::MAX as usize + 1) / 64;
        for (_, item) in &page.items {
            let Item::Run(run) = item else { continue };
            if !self.faces.contains_key(&run.font) {
                let face = draw::face(run.font, self.fonts)?;
                if self.pdf.keep_cids(&face) {
                    self.kept.push(run.font);
                }
                self.faces.insert(run.font, face);
            }
            if self.kept.contains(&run.font) {
                let bits = self
                    .glyphs
                    .entry(run.font)
                    .or_insert_with(|| vec![0; WORDS]);
                for g in &run.glyphs {
                    bits[usize::from(g.id) / 64] |= 1 << (g.id % 64);
                }
            }
        }
        Ok(())
    }

    /// The PDF once the book is made up as `doc`: the pages not fed drawn at their places (the title page
    /// and the contents before the stories, the blank pages and the colophon after them), the programs
    /// asked of `programs` for every glyph drawn and given; while they are made, the structure tree built,
    /// the outline and the metadata set, and every object of the file but the fonts serialized
    /// (`krilla::Document::prepare`).
    ///
    /// Errors: as [`super::render`], and what `programs` reports.
    fn finish(
        mut self,
        doc: Arc<Document>,
        book: &Book,
        programs: &mut dyn Programs,
    ) -> Result<Vec<u8>> {
        self.marks.resize_with(doc.pages.len(), || None);
        let rest: Vec<usize> = (0..doc.pages.len())
            .filter(|pi| self.marks[*pi].is_none())
            .collect();
        for pi in &rest {
            self.meet(&doc.pages[*pi])?;
        }
        programs.start(self.glyph_ids());
        for pi in rest {
            self.draw(pi, &doc.pages[pi], &doc)?;
        }
        crate::trace::mark("pdf: pages drawn");
        let marks: Vec<PageMarks> = self.marks.into_iter().flatten().collect();
        let (mut pdf, faces, kept) = (self.pdf, self.faces, self.kept);
        let standard = self.standard;
        let refused = |e| err(refusal(&e, None, standard, (&faces, self.fonts)));
        // while the subsets are made: the tree, and every object of the file but the fonts; the tree
        // is built on a thread of its own while the pages, the outline and the destinations are
        // serialized (the same bytes as in turn)
        pdf.set_outline(outline::outline(&doc));
        pdf.set_metadata(meta::metadata(&book.meta));
        let tree = std::thread::scope(|scope| {
            let tree = scope.spawn(|| {
                crate::threads::started();
                tags::tree(&doc, book, &marks)
            });
            let pages = pdf.prepare_pages();
            let tree = (tree.join()).unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            pages.map(|()| tree)
        });
        pdf.set_tag_tree(tree.map_err(refused)?);
        // freed on a thread of its own: nothing below reads it, and the PDF's thread is the last to finish
        // (should no thread start, the closure and the document with it are dropped here; should the
        // build still be reading it, it is freed where that reading ends)
        let _ = std::thread::Builder::new().spawn(move || {
            crate::threads::started();
            drop(doc)
        });
        pdf.prepare().map_err(refused)?;
        crate::trace::mark("pdf: tree");
        give(&mut pdf, &faces, (&kept, true), programs)?;
        let bytes = pdf.finish().map_err(refused)?;
        crate::trace::mark("pdf: finished");
        meta::complete_xmp(bytes, &book.meta)
    }

    /// The glyph IDs drawn in each kept face, ascending (faces without one left out).
    fn glyph_ids(&self) -> BTreeMap<FontId, Vec<u16>> {
        (self.glyphs.iter())
            .map(|(id, bits)| (*id, glyph_ids(bits)))
            .collect()
    }
}
