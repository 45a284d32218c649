//! The stories set in parallel and made up in order as they are set (issue 13): each story is set by a
//! task of rayon's; whichever task completes the next story in order makes it up, and any following ones
//! set already, and starts the setting of the story [`AHEAD`] places on. No thread waits for a window of
//! stories to be set before the next window starts, so both cores stay busy up to the last story; and
//! the stories are still made up one after another in book order, so the pages are the same bytes on any
//! number of threads. A long story (a book-length one: [`blocks::long`]) is instead set when its turn
//! comes, a window of blocks at a time on rayon's threads, and made up as it is set
//! ([`MakeUp::long`]), its pages handed on a few at a time.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::ScopeFifo;

use super::groups::StoryLayout;
use super::page::Page;
use super::paginate::{Furnisher, Plan, Work};
use super::{blocks, bounds, setter};
use crate::assets::Images;
use crate::error::{Error, Result};
use crate::model::{Book, Story};

/// What the make-up (`typeset::make_up`) hands each story's pages to as it goes, so that they can be
/// drawn while the rest of the book is made up. The title page and the contents (which stand before the
/// stories) and the blank pages and the colophon (after them) are not handed on.
pub(crate) trait Sink: Send {
    /// Takes a story's pages, complete (furnished with running heads and folios, and checked to lie on
    /// their pages), the first at index `first` of the finished document: all of them at once, or, for a
    /// long story, a few at a time as they are made up. Pages come in document order.
    fn take(&mut self, first: usize, pages: Vec<Page>);
    /// Every page taken, given back with its index once done with (waiting for it as needed). A page may
    /// come back with its glyph runs hollowed (their glyphs and text dropped once drawn); its lines,
    /// figures, links, anchor and every other item are as they were taken.
    fn give_back(&mut self) -> Vec<(usize, Page)>;
}

/// How many stories may be set ahead of the make-up: enough to keep every core busy, few enough that the
/// layouts in flight stay small beside the pages (issue 13: memory grows with a page, not the book).
const AHEAD: usize = 32;

/// What makes up the stories in order: the page cursor, what furnishes each story's pages, where they are
/// handed on (if anywhere), and what went wrong.
pub(super) struct MakeUp<'a, 's> {
    pub work: Work<'a>,
    pub furnisher: &'a Furnisher<'a>,
    pub sink: Option<&'s mut dyn Sink>,
    /// Pages before the first story page (the front matter).
    pub front: usize,
    /// The first story page found to fall outside its page, when the pages are handed on.
    pub refused: Option<Error>,
    /// The first story, in book order, that could not be set.
    pub failed: Option<Error>,
}

/// A story set by a setting task with its plan, or `None` for a long one ([`blocks::long`]), set as it is
/// made up ([`MakeUp::long`]); or why it could not be set.
type Set = Result<Option<(StoryLayout, Plan)>>;

impl MakeUp<'_, '_> {
    /// Makes up story `si` (`story`, its images in `images`), set as `set` says, and hands its pages on
    /// (checked first: they may come back with their runs hollowed).
    fn story(&mut self, si: usize, set: Set, (story, images): (&Story, &Images)) {
        let set = match set {
            Ok(Some((mut layout, plan))) => {
                self.work.story(si, &mut layout, plan);
                self.hand_on(&layout.headline);
                Ok(())
            }
            Ok(None) => self.long(si, story, images),
            Err(error) => Err(error),
        };
        if let Err(error) = set {
            self.failed.get_or_insert(error);
        }
    }

    /// Sets and makes up the long story `si` (`story`) a window of blocks at a time
    /// ([`blocks::window`], each window's blocks in parallel): after each window the plan goes on as far
    /// as the groups set take it, and its final pages are placed, furnished and handed on, so that they
    /// are drawn while the rest is set, and the set lines held are those of a few pages, not of the whole
    /// story (issue 13). The pages are those of setting the whole story first.
    ///
    /// Errors: as [`blocks::window`]; the pages before the window that failed are handed on.
    fn long(&mut self, si: usize, story: &Story, images: &Images) -> Result<()> {
        let setter = self.work.setter();
        let mut layout = blocks::opening(story, setter);
        let mut plan = Plan::new();
        self.work.open_story(si);
        for window in blocks::windows(story) {
            let complete = window.end == story.blocks.len();
            // the plan lets each paragraph's shaped text go once it is settled, a few pages on, so the
            // shaped text held is bounded by the window, not by the story: each window may keep its own
            let mut set = blocks::window(story, window, (setter, images), &mut 0)?;
            layout.groups.append(&mut set);
            plan.step(setter, &mut layout, complete);
            self.work.place_final(si, &mut layout, &mut plan);
            self.hand_on(&layout.headline);
        }
        Ok(())
    }

    /// Furnishes the pages made since the last call (those of the story headed `headline`) and hands
    /// them on, checked first (they may come back with their runs hollowed).
    fn hand_on(&mut self, headline: &str) {
        let done = self.furnisher.furnish(&mut self.work, headline);
        if let Some(sink) = self.sink.as_mut().filter(|_| self.refused.is_none()) {
            let first = self.front + done.start;
            match bounds::check_pages(&self.work.pages()[done.clone()], first) {
                Ok(()) => sink.take(first, self.work.take_pages(done)),
                Err(error) => self.refused = Some(error),
            }
        }
    }
}

/// Every story of `book` set by `setter` (each with the filler's plan from `planner`) on rayon's threads
/// and made up in order by `make_up`. A story that cannot be set stops the make-up there
/// ([`MakeUp::failed`]).
pub(super) fn set_and_make_up(
    book: &Book,
    (setter, planner): (&setter::Setter, &Work),
    images: &Images,
    make_up: &mut MakeUp<'_, '_>,
) {
    let flow = Flow {
        book,
        setter,
        planner,
        images,
        ready: Mutex::new(BTreeMap::new()),
        make_up: Mutex::new(make_up),
        next: AtomicUsize::new(0),
    };
    rayon::scope_fifo(|scope| {
        for si in 0..AHEAD.min(book.stories.len()) {
            let flow = &flow;
            scope.spawn_fifo(move |scope| flow.set(scope, si));
        }
    });
}

/// What the setting tasks share: the stories set and not made up yet, by index, and the make-up, which
/// one task at a time holds.
struct Flow<'f, 'a, 's> {
    book: &'f Book,
    setter: &'f setter::Setter<'f>,
    planner: &'f Work<'f>,
    images: &'f Images,
    ready: Mutex<BTreeMap<usize, Set>>,
    make_up: Mutex<&'f mut MakeUp<'a, 's>>,
    /// The next story to make up (written only while `make_up` is held).
    next: AtomicUsize,
}

impl Flow<'_, '_, '_> {
    /// Sets story `si` (unless it is long: it is set as it is made up), then makes up what can be made
    /// up.
    fn set<'t>(&'t self, scope: &ScopeFifo<'t>, si: usize) {
        let story = &self.book.stories[si];
        let set = match blocks::long(story) {
            true => Ok(None),
            false => blocks::story(story, self.setter, self.images).map(|mut layout| {
                let plan = self.planner.plan(&mut layout);
                Some((layout, plan))
            }),
        };
        lock(&self.ready).insert(si, set);
        self.drain(scope);
    }

    /// Makes up every story set that is next in order, unless another task is doing so; each story made
    /// up starts the setting of the story [`AHEAD`] places on. A story set while the make-up was held is
    /// looked for again once it is let go, so none is left behind.
    fn drain<'t>(&'t self, scope: &ScopeFifo<'t>) {
        let stories = self.book.stories.len();
        loop {
            let Ok(mut make_up) = self.make_up.try_lock() else {
                return;
            };
            loop {
                let next = self.next.load(Ordering::Acquire);
                let Some(set) = lock(&self.ready).remove(&next) else {
                    break;
                };
                make_up.story(next, set, (&self.book.stories[next], self.images));
                let stop = make_up.failed.is_some();
                self.next
                    .store(if stop { stories } else { next + 1 }, Ordering::Release);
                let later = next + AHEAD;
                if !stop && later < stories {
                    scope.spawn_fifo(move |scope| self.set(scope, later));
                }
            }
            drop(make_up);
            let next = self.next.load(Ordering::Acquire);
            if !lock(&self.ready).contains_key(&next) {
                return;
            }
        }
    }
}

/// `mutex` locked, even when a task panicked while holding it (the panic is raised again by rayon's
/// scope).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;
    use crate::style::Style;
    use crate::typeset::blocks::tests::long_story;

    /// What a sink was handed: each call's first index and page count, and the pages.
    #[derive(Default)]
    struct Taken {
        calls: Vec<(usize, usize)>,
        pages: Vec<Page>,
    }

    impl Sink for Taken {
        fn take(&mut self, first: usize, pages: Vec<Page>) {
            self.calls.push((first, pages.len()));
            self.pages.extend(pages);
        }

        fn give_back(&mut self) -> Vec<(usize, Page)> {
            Vec::new()
        }
    }

    /// The shipped book with a long story (`missing`: the blocks that are missing images) between its
    /// two stories.
    fn book(missing: &[usize]) -> Book {
        let mut book = crate::parse::load_book(std::path::Path::new("content")).unwrap();
        book.stories.insert(1, long_story(missing));
        book
    }

    /// `book`'s story pages as [`set_and_make_up`] hands them on, with what it was handed, and its error.
    fn made_up(book: &Book, style: &Style, fonts: &FontSet) -> (Taken, Option<Error>) {
        let setter = setter::Setter::new(style, fonts);
        let furnisher = Furnisher::new("书名", &setter);
        let mut taken = Taken::default();
        let mut make_up = MakeUp {
            work: Work::new(&setter, 3),
            furnisher: &furnisher,
            sink: Some(&mut taken),
            front: 3,
            refused: None,
            failed: None,
        };
        let planner = Work::new(&setter, 0);
        set_and_make_up(book, (&setter, &planner), &Images::new(), &mut make_up);
        let failed = make_up.failed.take();
        drop(make_up);
        (taken, failed)
    }

    #[test]
    fn a_long_story_made_up_as_it_is_set_has_the_pages_of_one_set_whole() {
        let (style, fonts) = (Style::default_style(), FontSet::bundled().unwrap());
        let book = book(&[]);
        assert!(blocks::long(&book.stories[1]) && !blocks::long(&book.stories[0]));
        let (taken, failed) = made_up(&book, &style, &fonts);
        assert!(failed.is_none());
        // every story set whole first, then made up
        let setter = setter::Setter::new(&style, &fonts);
        let furnisher = Furnisher::new("书名", &setter);
        let mut work = Work::new(&setter, 3);
        let mut whole = Vec::new();
        for (si, story) in book.stories.iter().enumerate() {
            let mut layout = blocks::story(story, &setter, &Images::new()).unwrap();
            let plan = work.plan(&mut layout);
            work.story(si, &mut layout, plan);
            let done = furnisher.furnish(&mut work, &layout.headline);
            whole.extend(work.take_pages(done));
        }
        assert!(whole.len() > 40, "{} pages", whole.len());
        assert!(taken.pages == whole, "the same pages");
        // the long story's pages were handed on in parts, in order, each part after the last
        assert!(taken.calls.len() > 4, "{:?}", taken.calls);
        let mut next = 3;
        for (first, count) in &taken.calls {
            assert_eq!(*first, next);
            next += count;
        }
    }

    #[test]
    fn a_long_story_missing_images_stops_at_the_first_on_any_pool() {
        let (style, fonts) = (Style::default_style(), FontSet::bundled().unwrap());
        let book = book(&[150, 70, 140]);
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
            let (taken, failed) = pool.unwrap().install(|| made_up(&book, &style, &fonts));
            let error = failed.expect("an image is missing").to_string();
            assert!(
                error.contains("missing-70.png"),
                "{threads} threads: {error}"
            );
            // the first story's pages and the long story's before its first window were handed on
            let first_story = taken.calls[0].1;
            assert!(taken.pages.len() > first_story, "{:?}", taken.calls);
        }
    }
}
