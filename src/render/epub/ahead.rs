//! The stories' documents written while the book is made up (issue 13): a long book's make-up hands on
//! each story's page anchors once no later page can begin in it, and a thread of the EPUB's writes the
//! story's documents, records their characters and deflates them meanwhile, so that once the book is made
//! up only the title page, the contents, the colophon and the NCX are left to write before the faces can
//! be subset. The documents are the ones [`super::render_sharing`] would write: it takes them only when
//! every story was written with the page marks the finished pages give it.

use std::sync::mpsc::Receiver;

use super::documents::{self, WrittenStory};
use super::package::Deflated;
use super::split::Parts;
use super::usage::Usage;
use super::writer::PageMark;
use crate::assets::Assets;
use crate::fonts::FontSet;
use crate::model::Book;
use crate::style::Style;
use crate::typeset::Anchor;

/// A story's index in the book and the folio and anchor of each page that begins in it, in page order:
/// what the make-up hands on once no later page can begin in the story.
pub(crate) type StoryPages = (usize, Vec<(u32, Anchor)>);

/// Every story's documents written ahead ([`ahead`]): their resources (bytes deflated, in `packed`), the
/// contents entries, the page marks each was written with, and the characters they show.
pub(crate) struct Ahead {
    stories: Vec<(Vec<PageMark>, WrittenStory)>,
    usage: Usage,
    packed: Deflated,
}

/// The documents of each story of `book` whose pages arrive on `stories` (in story order), written,
/// recorded and deflated as they arrive, until the sender hangs up; `None` when a story cannot be written
/// (the EPUB then writes every story itself and reports why) or a story arrives out of order.
pub(crate) fn ahead(
    book: &Book,
    style: &Style,
    fonts: &FontSet,
    assets: &Assets,
    stories: Receiver<StoryPages>,
) -> Option<Ahead> {
    let mut ahead = Ahead {
        stories: Vec::with_capacity(book.stories.len()),
        usage: Usage::new(style.roles.body.font, fonts),
        packed: Deflated::default(),
    };
    for (i, anchors) in stories {
        if i != ahead.stories.len() || i >= book.stories.len() {
            return None;
        }
        let marks: Vec<PageMark> = (anchors.iter())
            .map(|&(folio, a)| PageMark {
                block: a.block,
                offset: a.offset,
                folio,
            })
            .collect();
        let parts = Parts::of(i, &book.stories[i]);
        let place = (&parts, marks.as_slice());
        let (mut docs, toc) =
            documents::story(book, i, style, assets, place, &mut ahead.usage).ok()?;
        ahead.packed.take_here(&mut docs);
        ahead.stories.push((marks, (docs, toc)));
    }
    crate::trace::mark("epub: stories ahead");
    Some(ahead)
}

impl Ahead {
    /// The stories written ahead, their characters added to `usage` and their deflated bytes, when there
    /// is one for each of `book`'s stories and each was written with the page marks of `marks` (by story);
    /// else `None` (nothing added).
    pub(super) fn fitting(
        self,
        book: &Book,
        marks: &[Vec<PageMark>],
        usage: &mut Usage,
    ) -> Option<(Vec<WrittenStory>, Deflated)> {
        let fits = self.stories.len() == book.stories.len()
            && (self.stories.iter().zip(marks)).all(|((written, _), wanted)| written == wanted);
        if !fits {
            return None;
        }
        usage.merge(self.usage);
        let stories = self.stories.into_iter().map(|(_, story)| story).collect();
        Some((stories, self.packed))
    }
}
