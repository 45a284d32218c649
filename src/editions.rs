//! The two editions made from one book: typeset once, then the PDF and the EPUB written at once, sharing
//! each face's subset when both are wanted (issue 13).

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use crate::assets::{self, Assets};
use crate::error::Result;
use crate::fonts::{FontId, FontSet};
use crate::model::Book;
use crate::render;
use crate::render::epub::{Needs, SharedBytes, Subsets};
use crate::render::pdf::{Feed, PdfStandard, Press};
use crate::style::Style;
use crate::trace;
use crate::typeset::{self, Anchor, Document, Page};

/// `book` typeset with `style` in `fonts`, what `read` takes from the typeset pages (given them and the
/// number of blank pages that padded them to a signature), and the editions `wanted` (PDF, EPUB) rendered
/// in memory: the PDF (to `standard`, made for the press as `press` says) and the EPUB; an edition not
/// wanted is not rendered (`None`). The PDF writer consumes the pages (each dropped once drawn), so `read`
/// is the last to see them. A longer book's story pages are drawn as they are made up and given back
/// without their glyph runs' glyphs and text unless `read_runs` (the layout JSON, the layout report and
/// the imposition read them): `read` always sees the lines, figures, links and the runs' faces.
///
/// Errors: anything [`crate::load_assets`], [`crate::typeset()`], `read` or the renderers report.
#[allow(clippy::type_complexity)]
pub(crate) fn editions<T>(
    book: &Book,
    style: &Style,
    fonts: &FontSet,
    (standard, press): (PdfStandard, Press),
    wanted: (bool, bool),
    (read_runs, read): (bool, impl FnOnce(&Document, usize) -> Result<T>),
) -> Result<(T, Option<Vec<u8>>, Option<Vec<u8>>)> {
    let assets = assets::load(book)?;
    // sharing the subsets waits on the EPUB's thread, which needs rayon's threads: not from inside them
    let share = wanted == (true, true) && rayon::current_thread_index().is_none();
    // a longer book's PDF is drawn while it is made up, story by story, on a thread of its own
    let fed = share && !short(book) && standard.is_plain() && !press.marks;
    std::thread::scope(|scope| {
        let (drawer, mut feeder) = match fed {
            true => {
                let (feed, fed) = sync_channel::<Feed>(FEED_PAGES);
                let (back, given_back) = channel();
                let pdf = move || {
                    let look = (standard, press);
                    render::pdf::drawn_as_fed((fed, back), book, fonts, look, read_runs)
                };
                // the EPUB's story documents are written as the stories are made up, on a thread of
                // their own
                let (stories, ahead) = channel();
                let assets = &assets;
                let epub = move || render::epub::ahead(book, style, fonts, assets, ahead);
                let feeder = Feeder {
                    feed: feed.clone(),
                    back: given_back,
                    taken: 0,
                    marks: StoryMarks::new(stories, book.stories.len()),
                };
                let threads = (
                    scope.spawn(move || {
                        crate::threads::started();
                        pdf()
                    }),
                    scope.spawn(move || {
                        crate::threads::started();
                        epub()
                    }),
                );
                (Some((feed, threads)), Some(feeder))
            }
            false => (None, None),
        };
        let sink = feeder.as_mut().map(|f| f as &mut dyn typeset::Sink);
        // while the book is typeset: for both editions of a short book, the EPUB's documents are walked
        // for what they will show and the faces subset, then the EPUB's cover is drawn (it needs only the
        // title page's words); in that order, since the subsets end both editions' chains and the cover is
        // wanted only when the EPUB is zipped (1 copy of the sample 0.7–1.5 ms sooner, 10 copies 1.3 ms;
        // issue 13, thirty-ninth round). The subsets are made here, on rayon's threads, not on a thread of
        // their own: from there their jobs waited in rayon's queue behind the cover (1 copy 0.5 ms sooner,
        // 10 copies 1.5 ms; forty-first round)
        let (made, (early, cover)) = rayon::join(
            || typeset::make_up(book, style, fonts, &assets.images, sink),
            || {
                rayon::join(
                    || (share && short(book)).then(|| early(book, style, fonts, &assets)),
                    || (wanted.1).then(|| render::epub::cover(book, style, fonts, &assets)),
                )
            },
        );
        let (document, blanks) = made?;
        let typeset = (document, blanks, cover, early.flatten());
        written(
            book,
            style,
            fonts,
            &assets,
            (standard, press),
            (wanted, share),
            (typeset, drawer),
            read,
        )
    })
}

/// [`editions`] once the book is typeset: `typeset` holds the document, the blank pages that padded it,
/// the EPUB's cover (if made) and the early subsets (if made); `share` is whether the editions share
/// their subsets. When the PDF was drawn as the book was made up, `read` reads the document while the
/// PDF's thread draws the rest of it and the EPUB's documents are written ([`fed`]); else before either
/// edition starts.
#[allow(clippy::type_complexity, clippy::too_many_arguments)]
fn written<T>(
    book: &Book,
    style: &Style,
    fonts: &FontSet,
    assets: &Assets,
    (standard, press): (PdfStandard, Press),
    (wanted, share): ((bool, bool), bool),
    ((document, blanks, cover, early), drawer): (
        (
            Document,
            usize,
            Option<Result<render::epub::Cover>>,
            Option<Early>,
        ),
        Option<Drawer<'_>>,
    ),
    read: impl FnOnce(&Document, usize) -> Result<T>,
) -> Result<(T, Option<Vec<u8>>, Option<Vec<u8>>)> {
    trace::mark("made up");
    let anchors = render::epub::page_anchors(&document);
    // the two editions are written at once, each on its own thread; `read`'s error first, the PDF's next
    if let ((true, true), Some(drawer)) = (wanted, drawer) {
        let sources = (book, style, fonts, assets);
        return fed(sources, drawer, (document, &anchors, cover), |d| {
            read(d, blanks)
        });
    }
    let read = read(&document, blanks)?;
    let document: std::borrow::Cow<'_, Document> = std::borrow::Cow::Owned(document);
    // the early subsets serve when the documents written with these pages need what they were made for
    let folios: Vec<u32> = anchors.iter().map(|(folio, _)| *folio).collect();
    let early = early.filter(|e| e.walk.needs(style, fonts, &folios) == e.needs);
    let (pdf, epub) = match (wanted, early) {
        ((true, true), Some(early)) if share => {
            let (pdf, epub) = both_early(
                (book, style, fonts, assets),
                (document, &anchors, cover),
                (standard, press),
                &early,
            );
            (pdf.map(Some), epub.map(Some))
        }
        ((true, true), None) if share => {
            let look = (standard, press);
            let (mut programs, ends) = subset_channels();
            let pdf = move || {
                render::pdf::render_shared(document, book, fonts, look, Some(&mut programs))
            };
            let written = (&anchors[..], cover, None);
            let (pdf, epub) = both((book, style, fonts, assets), written, ends, pdf);
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
                let pages = (anchors.as_slice(), cover, None);
                (wanted.1)
                    .then(|| {
                        render::epub::render_sharing(
                            book,
                            style,
                            pages,
                            fonts,
                            assets,
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

/// The PDF drawn while the book is made up ([`render::pdf::drawn_as_fed`]): what feeds its thread, the
/// thread, and the thread that writes the EPUB's story documents meanwhile ([`render::epub::ahead`]).
type Drawer<'scope> = (
    SyncSender<Feed>,
    (
        std::thread::ScopedJoinHandle<'scope, Result<Vec<u8>>>,
        AheadThread<'scope>,
    ),
);

/// What [`both`] hands the EPUB from the make-up: the pages' folios and anchors, the cover made already
/// (if it was) and the thread that wrote the story documents meanwhile (if one did).
type ForEpub<'a, 'scope> = (
    &'a [(u32, Anchor)],
    Option<Result<render::epub::Cover>>,
    Option<AheadThread<'scope>>,
);

/// The thread that writes the EPUB's story documents while the book is made up.
type AheadThread<'scope> = std::thread::ScopedJoinHandle<'scope, Option<render::epub::Ahead>>;

/// Both editions ([`both`]) when `drawer` drew the stories' pages while the book was made up: the PDF's
/// thread is handed `document` (shared) and its side of the subsets at once, before the threads of
/// [`both`] start; the main thread then reads the document with `read` (the preflight, about 0.5 ms of a
/// 100-copy build, which the PDF's thread waited for; issue 13, forty-fifth round) and waits for the
/// PDF. The EPUB is written with the pages' `anchors`, the `cover` made already (if it was) and the
/// story documents the drawer's other thread wrote.
///
/// Errors: `read`'s first, then the PDF's, then the EPUB's.
#[allow(clippy::type_complexity)]
fn fed<T>(
    sources: Sources<'_>,
    (feed, (drawer, ahead)): Drawer<'_>,
    (document, anchors, cover): (
        Document,
        &[(u32, Anchor)],
        Option<Result<render::epub::Cover>>,
    ),
    read: impl FnOnce(&Document) -> Result<T>,
) -> Result<(T, Option<Vec<u8>>, Option<Vec<u8>>)> {
    let (programs, ends) = subset_channels();
    let document = std::sync::Arc::new(document);
    let _ = feed.send(Feed::Done(document.clone(), Box::new(programs)));
    drop(feed);
    let mut read_out = None;
    let pdf = || {
        read_out = Some(read(&document));
        drop(document);
        (drawer.join()).unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    };
    let (pdf, epub) = both(sources, (anchors, cover, Some(ahead)), ends, pdf);
    trace::mark("editions");
    let read = read_out.expect("`both` waits for the PDF, which reads the document first")?;
    Ok((read, Some(pdf?), Some(epub?)))
}

/// The make-up's [`typeset::Sink`] when the PDF is drawn as the book is made up: each story's pages fed
/// to the PDF's thread, and given back by it once drawn (their runs hollowed); their anchors handed on to
/// the thread that writes the EPUB's story documents.
struct Feeder {
    feed: SyncSender<Feed>,
    back: Receiver<(usize, Page)>,
    taken: usize,
    marks: StoryMarks,
}

impl typeset::Sink for Feeder {
    fn take(&mut self, first: usize, pages: Vec<Page>) {
        for page in &pages {
            if let Some(anchor) = page.anchor {
                self.marks.note(page.folio, anchor);
            }
        }
        for (k, page) in pages.into_iter().enumerate() {
            self.taken += 1;
            let _ = self.feed.send(Feed::Page(first + k, page));
        }
    }

    fn give_back(&mut self) -> Vec<(usize, Page)> {
        // every story has been made up
        self.marks.close();
        // the PDF's thread gives back every page it is fed, drawn or not; it ends only by panicking
        (0..std::mem::take(&mut self.taken))
            .map_while(|_| self.back.recv().ok())
            .collect()
    }
}

/// The anchors of the pages taken, handed on story by story ([`render::epub::StoryPages`]) as soon as no
/// later page can begin in the story: once a page begins in a later one (pages come in order).
struct StoryMarks {
    out: Option<Sender<render::epub::StoryPages>>,
    /// The first story not handed on yet, and the anchors taken that begin in it.
    next: usize,
    held: Vec<(u32, Anchor)>,
    stories: usize,
}

impl StoryMarks {
    /// Marks for a book of `stories` stories, handed on to `out`.
    fn new(out: Sender<render::epub::StoryPages>, stories: usize) -> StoryMarks {
        StoryMarks {
            out: Some(out),
            next: 0,
            held: Vec::new(),
            stories,
        }
    }

    /// Notes that the page with `folio` begins at `anchor`, handing on the stories before its own.
    fn note(&mut self, folio: u32, anchor: Anchor) {
        while self.next < anchor.story.min(self.stories) {
            self.hand_on();
        }
        self.held.push((folio, anchor));
    }

    /// Hands on every story not handed on yet, and hangs up.
    fn close(&mut self) {
        while self.next < self.stories {
            self.hand_on();
        }
        self.out = None;
    }

    fn hand_on(&mut self) {
        let held = std::mem::take(&mut self.held);
        if let Some(out) = &self.out {
            let _ = out.send((self.next, held));
        }
        self.next += 1;
    }
}

/// Pages that may wait for the PDF's thread before the make-up waits for it (each a story page's copy,
/// about 40 KB of glyph runs and lines).
const FEED_PAGES: usize = 64;

/// The most blocks (paragraphs, subheads, …) a book may hold for its faces to be subset while it is
/// typeset ([`early`]). The walk costs CPU while both cores typeset; it pays where the subsets would
/// otherwise be the last thing both editions wait for. Measured on copies of the sample (about 30 blocks
/// a copy; issue 13, seventh round): 1 copy 10–13% sooner, 10 copies 5%, 30 copies even, 100 copies
/// 2.5% later.
const EARLY_BLOCKS: usize = 600;

/// Whether `book` is short enough for [`early`] subsets ([`EARLY_BLOCKS`]).
fn short(book: &Book) -> bool {
    book.stories.iter().map(|s| s.blocks.len()).sum::<usize>() <= EARLY_BLOCKS
}

/// The faces subset before the pages are known: the EPUB's documents walked ([`render::epub::walk`]),
/// what they would need with every digit in the page-list ([`render::epub::Walk::guess`]), and each
/// face subset to that, by face, with its `CFF ` table deflated ([`Early::made`], [`Early::deflated`]).
struct Early {
    walk: render::epub::Walk,
    needs: Needs,
    made: Subsets,
}

impl Early {
    /// The early subsets; empty when a face could not be subset (each edition then makes its own and
    /// reports why).
    fn made(&self) -> &Made {
        &self.made.0
    }

    /// The early subsets' `CFF ` tables deflated (as [`render::epub::subsets`] gives them).
    fn deflated(&self) -> &Made {
        &self.made.1
    }
}

/// [`Early`] for `book`, found while it is typeset, its faces subset on rayon's threads; `None` when the
/// EPUB's documents cannot be walked (the EPUB then reports why, and the subsets are made after the
/// pages, as [`both`] makes them).
fn early(book: &Book, style: &Style, fonts: &FontSet, assets: &Assets) -> Option<Early> {
    let walk = render::epub::walk(book, style, fonts, assets).ok()?;
    let needs = walk.guess(style, fonts);
    let made = render::epub::subsets(&needs, &BTreeMap::new(), fonts).unwrap_or_default();
    Some(Early { walk, needs, made })
}

/// Both editions, written at once as [`both`] writes them, sharing the subsets made while the book was
/// typeset (`early`, which the caller has found to be made to exactly what the EPUB's documents need):
/// the EPUB takes them (and makes its own should its documents need other characters after all), the
/// PDF each face's when it holds every glyph the pages draw, else one made to the same characters and
/// the glyphs, which is the subset [`both`] would have shared. Either way the bytes are [`both`]'s.
fn both_early(
    (book, style, fonts, assets): Sources<'_>,
    (document, anchors, cover): Typeset<'_>,
    look: (PdfStandard, Press),
    early: &Early,
) -> (Result<Vec<u8>>, Result<Vec<u8>>) {
    std::thread::scope(|scope| {
        let epub = scope.spawn(move || {
            crate::threads::started();
            let take = |needs: Needs| match needs == early.needs && !early.made().is_empty() {
                true => Ok((early.made().clone(), early.deflated().clone())),
                false => render::epub::subsets(&needs, &BTreeMap::new(), fonts),
            };
            let pages = (anchors, cover, None);
            render::epub::render_sharing(book, style, pages, fonts, assets, (|_| (), take))
        });
        let mut programs = FromEarly {
            early,
            fonts,
            glyphs: Glyphs::new(),
        };
        let pdf = render::pdf::render_shared(document, book, fonts, look, Some(&mut programs));
        let epub = (epub.join()).unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (pdf, epub)
    })
}

/// The PDF's side of [`both_early`]: the early subsets of the faces the pages draw with (and their
/// `CFF ` tables deflated), a face the EPUB does not show subset to the PDF's glyphs alone.
struct FromEarly<'a> {
    early: &'a Early,
    fonts: &'a FontSet,
    glyphs: Glyphs,
}

impl render::pdf::Programs for FromEarly<'_> {
    fn start(&mut self, glyphs: Glyphs) {
        self.glyphs = glyphs;
    }

    fn finish(&mut self) -> Result<Made> {
        let (early, fonts) = (self.early, self.fonts);
        (self.glyphs.iter())
            .map(|(id, glyphs)| match early.made().get(id) {
                Some(bytes) => Ok((*id, bytes.clone())),
                None => Ok((
                    *id,
                    SharedBytes::new(render::epub::subset_face(*id, &early.needs, glyphs, fonts)?),
                )),
            })
            .collect()
    }

    fn redo(&mut self, id: FontId, glyphs: &[u16]) -> Result<Vec<u8>> {
        render::epub::subset_face(id, &self.early.needs, glyphs, self.fonts)
    }

    fn deflated(&mut self) -> Made {
        self.early.deflated().clone()
    }
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

/// Both editions, written at once: the PDF by `pdf` on this thread (handed the PDF's side of the shared
/// subsets), the EPUB (with its `cover` made already, or `None`, and the pages' `anchors`) on a thread of
/// its own (each using rayon's threads), sharing their faces' subsets — each face is subset once, when the
/// EPUB's documents are written and the PDF's pages drawn, to the EPUB's characters and the PDF's glyphs
/// ([`render::epub::subsets`]). When one edition fails before the subsets are made, the other makes its
/// own, so each edition reports its own error.
fn both(
    (book, style, fonts, assets): Sources<'_>,
    (anchors, cover, ahead): ForEpub<'_, '_>,
    ends: SubsetEnds,
    pdf: impl FnOnce() -> Result<Vec<u8>>,
) -> (Result<Vec<u8>>, Result<Vec<u8>>) {
    let SubsetEnds {
        glyphs_in,
        pdf_out,
        needs: (needs_out, needs_in),
        epub: (epub_out, epub_in),
    } = ends;
    std::thread::scope(|scope| {
        // the subsets are made on a thread of their own once both editions have said what they need (or
        // failed before: then nothing of theirs), so that neither waits inside rayon's jobs
        scope.spawn(move || {
            crate::threads::started();
            shared_subsets((glyphs_in, needs_in), (pdf_out, epub_out), fonts)
        });
        let epub = scope.spawn(move || {
            crate::threads::started();
            let offer = move |needs: &Needs| {
                let _ = needs_out.send(needs.clone());
            };
            let take = move |needs| match epub_in.recv() {
                Ok(made) => Ok(made),
                Err(_) => render::epub::subsets(&needs, &BTreeMap::new(), fonts),
            };
            // a thread that panicked wrote nothing: the EPUB writes its stories itself
            let ahead = ahead.and_then(|thread| thread.join().ok().flatten());
            let pages = (anchors, cover, ahead);
            render::epub::render_sharing(book, style, pages, fonts, assets, (offer, take))
        });
        let pdf = pdf();
        let epub = (epub.join()).unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (pdf, epub)
    })
}

/// The channels of the shared subsets ([`both`]) but the PDF's side ([`Shared`]): the PDF's glyphs in
/// and its subsets out (for the subsets' thread), and the EPUB's needs and subsets, each way.
struct SubsetEnds {
    glyphs_in: Receiver<Glyphs>,
    pdf_out: SyncSender<Result<Subsets>>,
    needs: (SyncSender<Needs>, Receiver<Needs>),
    epub: (SyncSender<Subsets>, Receiver<Subsets>),
}

/// The PDF's side of the shared subsets and the other ends ([`both`]), made before either edition is
/// started, so that the PDF's thread may be handed its side before the threads of [`both`] start.
fn subset_channels() -> (Shared, SubsetEnds) {
    let (glyphs_out, glyphs_in) = sync_channel::<Glyphs>(1);
    let (pdf_out, pdf_in) = sync_channel::<Result<Subsets>>(1);
    let shared = Shared {
        glyphs: Some(glyphs_out),
        made: pdf_in,
        deflated: Made::new(),
    };
    let ends = SubsetEnds {
        glyphs_in,
        pdf_out,
        needs: sync_channel::<Needs>(1),
        epub: sync_channel::<Subsets>(1),
    };
    (shared, ends)
}

/// The shared subsets, made once both editions have said what they need (the PDF's glyphs and the
/// EPUB's characters, from `wanted`; an edition that failed before says nothing), their `CFF ` tables
/// deflated once for both editions, and handed to each (`out`: every face to the EPUB; the PDF's faces
/// to the PDF; each with the deflated tables), while the PDF serializes its pages and tree.
fn shared_subsets(
    (glyphs_in, needs_in): (Receiver<Glyphs>, Receiver<Needs>),
    (pdf_out, epub_out): (SyncSender<Result<Subsets>>, SyncSender<Subsets>),
    fonts: &FontSet,
) {
    let glyphs = glyphs_in.recv().unwrap_or_default();
    let needs = needs_in.recv().unwrap_or_default();
    let made = render::epub::subsets(&needs, &glyphs, fonts).map(|(made, deflated)| {
        let pdf: Made = (glyphs.keys())
            .filter_map(|id| made.get(id).map(|bytes| (*id, bytes.clone())))
            .collect();
        let _ = epub_out.send((made, deflated.clone()));
        (pdf, deflated)
    });
    let _ = pdf_out.send(made);
}

/// Glyph IDs by face (the PDF's).
type Glyphs = BTreeMap<FontId, Vec<u16>>;

/// Subsets by face, shared.
type Made = BTreeMap<FontId, SharedBytes>;

/// The PDF's side of the shared subsets: the glyphs go to the thread that makes them, the subsets come
/// back from it.
struct Shared {
    glyphs: Option<SyncSender<Glyphs>>,
    made: Receiver<Result<Subsets>>,
    /// The subsets' `CFF ` tables deflated, once received.
    deflated: Made,
}

impl render::pdf::Programs for Shared {
    fn start(&mut self, glyphs: Glyphs) {
        if let Some(out) = self.glyphs.take() {
            let _ = out.send(glyphs);
        }
    }

    fn finish(&mut self) -> Result<Made> {
        let (made, deflated) = self.made.recv().unwrap_or_else(|_| {
            Err(crate::error::Error::Render {
                format: "pdf",
                message: "the faces' subsets were not made".into(),
            })
        })?;
        self.deflated = deflated;
        Ok(made)
    }

    fn deflated(&mut self) -> Made {
        std::mem::take(&mut self.deflated)
    }

    /// Never needed: the shared subsets are made with the glyphs the pages draw.
    fn redo(&mut self, id: FontId, _: &[u16]) -> Result<Vec<u8>> {
        Err(crate::error::Error::Render {
            format: "pdf",
            message: format!("the subset of the face {id:?} lacks glyphs the pages draw"),
        })
    }
}
