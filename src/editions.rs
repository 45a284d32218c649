//! The two editions made from one book: typeset once, then the PDF and the EPUB written at once, sharing
//! each face's subset when both are wanted (issue 13).

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use crate::assets::{self, Assets};
use crate::error::Result;
use crate::fonts::{FontId, FontSet};
use crate::model::Book;
use crate::render;
use crate::render::epub::Needs;
use crate::render::pdf::{PdfStandard, Press};
use crate::style::Style;
use crate::trace;
use crate::typeset::{self, Anchor, Document};

/// `book` typeset with `style` in `fonts`, what `read` takes from the typeset pages (given them and the
/// number of blank pages that padded them to a signature), and the editions `wanted` (PDF, EPUB) rendered
/// in memory: the PDF (to `standard`, made for the press as `press` says) and the EPUB; an edition not
/// wanted is not rendered (`None`). The PDF writer consumes the pages (each dropped once drawn), so `read`
/// is the last to see them whole.
///
/// Errors: anything [`crate::load_assets`], [`crate::typeset()`], `read` or the renderers report.
#[allow(clippy::type_complexity)]
pub(crate) fn editions<T>(
    book: &Book,
    style: &Style,
    fonts: &FontSet,
    (standard, press): (PdfStandard, Press),
    wanted: (bool, bool),
    read: impl FnOnce(&Document, usize) -> Result<T>,
) -> Result<(T, Option<Vec<u8>>, Option<Vec<u8>>)> {
    let assets = assets::load(book)?;
    // the EPUB's cover is drawn while the book is typeset: it needs only the title page's words
    let (made, cover) = rayon::join(
        || typeset::make_up(book, style, fonts, &assets.images),
        || (wanted.1).then(|| render::epub::cover(book, style, fonts, &assets)),
    );
    let (document, blanks) = made?;
    trace::mark("made up");
    let read = read(&document, blanks)?;
    let anchors = render::epub::page_anchors(&document);
    let document = std::borrow::Cow::Owned(document);
    // the two editions are written at once, each on its own thread; the PDF's error is reported first
    // sharing the subsets waits on the EPUB's thread, which needs rayon's threads: not from inside them
    let share = rayon::current_thread_index().is_none();
    let (pdf, epub) = match wanted {
        (true, true) if share => {
            let (pdf, epub) = both(
                (book, style, fonts, &assets),
                (document, &anchors, cover),
                (standard, press),
            );
            (pdf.map(Some), epub.map(Some))
        }
        _ => rayon::join(
            move || {
                (wanted.0)
                    .then(|| render::pdf::render_press(document, book, fonts, standard, press))
                    .transpose()
            },
            || {
                let no_glyphs = BTreeMap::new();
                let take = |needs| render::epub::subsets(&needs, &no_glyphs, fonts);
                let pages = (anchors.as_slice(), cover);
                (wanted.1)
                    .then(|| {
                        render::epub::render_sharing(
                            book,
                            style,
                            pages,
                            fonts,
                            &assets,
                            (|_| (), take),
                        )
                    })
                    .transpose()
            },
        ),
    };
    trace::mark("editions");
    Ok((read, pdf?, epub?))
}

/// The book, its style, faces and assets, as [`both`] reads them.
type Sources<'a> = (&'a Book, &'a Style, &'a FontSet, &'a Assets);

/// The typeset book (the PDF writer consumes it), its pages' anchors (for the EPUB) and the EPUB's cover
/// made already (or `None`), as [`both`] takes them.
type Typeset<'a> = (
    std::borrow::Cow<'a, Document>,
    &'a [(u32, Anchor)],
    Option<Result<render::epub::Cover>>,
);

/// Both editions, written at once: the PDF on this thread, the EPUB (with its `cover` made already, or
/// `None`) on one of its own (each using rayon's threads), sharing their faces' subsets — each face is
/// subset once, when the EPUB's documents are written and the PDF's pages drawn, to the EPUB's characters
/// and the PDF's glyphs ([`render::epub::subsets`]). When one edition fails before the subsets are made,
/// the other makes its own, so each edition reports its own error.
fn both(
    (book, style, fonts, assets): Sources<'_>,
    (document, anchors, cover): Typeset<'_>,
    look: (PdfStandard, Press),
) -> (Result<Vec<u8>>, Result<Vec<u8>>) {
    let (needs_out, needs_in) = sync_channel::<Needs>(1);
    let (glyphs_out, glyphs_in) = sync_channel::<Glyphs>(1);
    let (pdf_out, pdf_in) = sync_channel::<Result<Made>>(1);
    let (epub_out, epub_in) = sync_channel::<Made>(1);
    std::thread::scope(|scope| {
        // the subsets are made on a thread of their own once both editions have said what they need (or
        // failed before: then nothing of theirs), so that neither waits inside rayon's jobs
        scope.spawn(move || {
            let glyphs = glyphs_in.recv().unwrap_or_default();
            let needs = needs_in.recv().unwrap_or_default();
            let made = render::epub::subsets(&needs, &glyphs, fonts).map(|made| {
                let pdf = (glyphs.keys())
                    .filter_map(|id| made.get(id).map(|bytes| (*id, bytes.clone())))
                    .collect();
                let _ = epub_out.send(made);
                pdf
            });
            let _ = pdf_out.send(made);
        });
        let epub = scope.spawn(move || {
            let offer = move |needs: &Needs| {
                let _ = needs_out.send(needs.clone());
            };
            let take = move |needs| match epub_in.recv() {
                Ok(made) => Ok(made),
                Err(_) => render::epub::subsets(&needs, &BTreeMap::new(), fonts),
            };
            let pages = (anchors, cover);
            render::epub::render_sharing(book, style, pages, fonts, assets, (offer, take))
        });
        let mut programs = Shared {
            glyphs: Some(glyphs_out),
            made: pdf_in,
        };
        let pdf = render::pdf::render_shared(document, book, fonts, look, Some(&mut programs));
        drop(programs);
        let epub = (epub.join()).unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (pdf, epub)
    })
}

/// Glyph IDs by face (the PDF's).
type Glyphs = BTreeMap<FontId, Vec<u16>>;

/// Subsets by face.
type Made = BTreeMap<FontId, Vec<u8>>;

/// The PDF's side of the shared subsets: the glyphs go to the thread that makes them, the subsets come
/// back from it.
struct Shared {
    glyphs: Option<SyncSender<Glyphs>>,
    made: Receiver<Result<Made>>,
}

impl render::pdf::Programs for Shared {
    fn start(&mut self, glyphs: Glyphs) {
        if let Some(out) = self.glyphs.take() {
            let _ = out.send(glyphs);
        }
    }

    fn finish(&mut self) -> Result<Made> {
        self.made.recv().unwrap_or_else(|_| {
            Err(crate::error::Error::Render {
                format: "pdf",
                message: "the faces' subsets were not made".into(),
            })
        })
    }
}
