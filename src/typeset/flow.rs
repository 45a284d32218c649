//! The stories set in parallel and made up in order as they are set (issue 13): each story is set by a
//! task of rayon's; whichever task completes the next story in order makes it up, and any following ones
//! set already, and starts the setting of the story [`AHEAD`] places on. No thread waits for a window of
//! stories to be set before the next window starts, so both cores stay busy up to the last story; and
//! the stories are still made up one after another in book order, so the pages are the same bytes on any
//! number of threads.

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
use crate::model::Book;

/// What the make-up (`typeset::make_up`) hands each story's pages to as it goes, so that they can be
/// drawn while the rest of the book is made up. The title page and the contents (which stand before the
/// stories) and the blank pages and the colophon (after them) are not handed on.
pub(crate) trait Sink: Send {
    /// Takes a story's pages, complete (furnished with running heads and folios, and checked to lie on
    /// their pages), the first at index `first` of the finished document.
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

impl MakeUp<'_, '_> {
    /// Makes up story `si`, set as `set` says, and hands its pages on (checked first: they may come back
    /// with their runs hollowed).
    fn story(&mut self, si: usize, set: Result<(StoryLayout, Plan)>) {
        let (mut story, plan) = match set {
            Ok(set) => set,
            Err(error) => {
                self.failed.get_or_insert(error);
                return;
            }
        };
        self.work.story(si, &mut story, plan);
        let done = self.furnisher.furnish(&mut self.work, &story.headline);
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
    ready: Mutex<BTreeMap<usize, Result<(StoryLayout, Plan)>>>,
    make_up: Mutex<&'f mut MakeUp<'a, 's>>,
    /// The next story to make up (written only while `make_up` is held).
    next: AtomicUsize,
}

impl Flow<'_, '_, '_> {
    /// Sets story `si`, then makes up what can be made up.
    fn set<'t>(&'t self, scope: &ScopeFifo<'t>, si: usize) {
        let story = &self.book.stories[si];
        let set = blocks::story(story, self.setter, self.images).map(|mut layout| {
            let plan = self.planner.plan(&mut layout);
            (layout, plan)
        });
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
                make_up.story(next, set);
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
