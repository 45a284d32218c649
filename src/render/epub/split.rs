//! Long stories in several documents: a story is split before each of its chapters (`第X章`, a level-1
//! [`Block::Chapter`]) and, within a part, before the first paragraph or heading once the part holds
//! [`PART_BYTES`] of text — reading systems slow down on, or refuse, content documents much over 300 KB.
//! The first part holds the heading block and keeps the story's document name (`story-001.xhtml`); the
//! others are `story-001-002.xhtml`, ….
//!
//! Everything that points into a story asks its [`Parts`] which document a block is in: the page-list,
//! the contents, and the links between a note reference and its note.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::model::{Block, Inline, Story};

/// Text (bytes of plain text) after which a part ends at the next paragraph or heading.
pub(super) const PART_BYTES: usize = 100_000;

/// The content document of story `i` (0-based): its first part, relative to `OEBPS/`.
pub(super) fn story_href(i: usize) -> String {
    format!("story-{:03}.xhtml", i + 1)
}

/// Id of note `n`'s aside in the story's documents.
pub(super) fn note_id(n: u32) -> String {
    format!("fn-{n}")
}

/// Id of the first reference to note `n`.
pub(super) fn note_ref_id(n: u32) -> String {
    format!("fnref-{n}")
}

/// How one story is split into documents, and where its notes and their first references stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Parts {
    /// The story's index in the book.
    story: usize,
    /// The first block of each part (the first part starts at block 0, after the heading block).
    starts: Vec<usize>,
    /// The number of blocks.
    blocks: usize,
    /// Note `n` → the block of its first reference.
    first_refs: BTreeMap<u32, usize>,
    /// The block holding the notes.
    notes: Option<usize>,
}

impl Parts {
    /// The parts of story `index` (see the module documentation).
    pub(super) fn of(index: usize, story: &Story) -> Parts {
        let mut starts = vec![0];
        let mut size = 0;
        let mut first_refs = BTreeMap::new();
        let mut notes = None;
        for (bi, block) in story.blocks.iter().enumerate() {
            let chapter = matches!(block, Block::Chapter { level, .. } if *level <= 1);
            let boundary = matches!(
                block,
                Block::Paragraph { .. } | Block::Subhead { .. } | Block::Chapter { .. }
            );
            let open = *starts.last().expect("a part") < bi;
            if open && (chapter || (boundary && size >= PART_BYTES)) {
                starts.push(bi);
                size = 0;
            }
            size += block.plain_text().len();
            note_refs(block, &mut |n| {
                first_refs.entry(n).or_insert(bi);
            });
            if matches!(block, Block::Notes { .. }) {
                notes = Some(bi);
            }
        }
        Parts {
            story: index,
            starts,
            blocks: story.blocks.len(),
            first_refs,
            notes,
        }
    }

    /// The number of parts (at least one).
    pub(super) fn count(&self) -> usize {
        self.starts.len()
    }

    /// The blocks of part `k`.
    pub(super) fn range(&self, k: usize) -> Range<usize> {
        let end = self.starts.get(k + 1).copied().unwrap_or(self.blocks);
        self.starts[k]..end
    }

    /// The part holding `block` (`None`: the heading block, in the first part).
    pub(super) fn part_of(&self, block: Option<usize>) -> usize {
        match block {
            None => 0,
            Some(b) => self.starts.partition_point(|&s| s <= b).saturating_sub(1),
        }
    }

    /// The document of part `k`, relative to `OEBPS/`.
    pub(super) fn href(&self, k: usize) -> String {
        match k {
            0 => story_href(self.story),
            k => format!("story-{:03}-{:03}.xhtml", self.story + 1, k + 1),
        }
    }

    /// The manifest id of part `k`'s document.
    pub(super) fn id(&self, k: usize) -> String {
        self.href(k).trim_end_matches(".xhtml").to_string()
    }

    /// A link from part `from` to the element `id` of part `to`: the fragment alone within one document.
    fn link(&self, from: usize, to: usize, id: &str) -> String {
        if from == to {
            format!("#{id}")
        } else {
            format!("{}#{id}", self.href(to))
        }
    }

    /// The link from a reference in part `from` to note `n`.
    pub(super) fn note_href(&self, from: usize, n: u32) -> String {
        let to = self.part_of(self.notes);
        self.link(from, to, &note_id(n))
    }

    /// The link from note `n` (in the notes' part) back to its first reference.
    pub(super) fn back_href(&self, n: u32) -> String {
        let from = self.part_of(self.notes);
        let to = self.part_of(self.first_refs.get(&n).copied());
        self.link(from, to, &note_ref_id(n))
    }
}

/// Calls `found` with the number of every note reference in `block`, in order.
fn note_refs(block: &Block, found: &mut dyn FnMut(u32)) {
    fn walk(inlines: &[Inline], found: &mut dyn FnMut(u32)) {
        for i in inlines {
            match i {
                Inline::NoteRef(n) => found(*n),
                Inline::Emphasis(inner) | Inline::Strong(inner) => walk(inner, found),
                _ => {}
            }
        }
    }
    match block {
        Block::Paragraph { inlines } | Block::EditorsNote { inlines } => walk(inlines, found),
        Block::Quote { paragraphs: parts } | Block::List { items: parts, .. } => {
            parts.iter().for_each(|p| walk(p, found))
        }
        Block::Table { header, rows } => std::iter::once(header)
            .chain(rows)
            .flatten()
            .for_each(|c| walk(c, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(blocks: Vec<Block>) -> Story {
        Story {
            column: None,
            kicker: None,
            headline: "题".into(),
            subheadline: None,
            dateline: None,
            byline: None,
            blocks,
        }
    }

    fn chapter(title: &str) -> Block {
        Block::Chapter {
            level: 1,
            title: title.into(),
        }
    }

    #[test]
    fn a_story_splits_before_each_chapter_but_not_before_its_first_block() {
        let s = story(vec![
            chapter("第一章"),
            Block::paragraph("甲"),
            Block::Chapter {
                level: 2,
                title: "第一节".into(),
            },
            chapter("第二章"),
            Block::Paragraph {
                inlines: vec![Inline::NoteRef(1)],
            },
            Block::Notes {
                notes: vec![vec![Inline::Text("注".into())]],
            },
        ]);
        let parts = Parts::of(1, &s);
        assert_eq!(parts.count(), 2);
        assert_eq!((parts.range(0), parts.range(1)), (0..3, 3..6));
        assert_eq!(parts.part_of(None), 0);
        assert_eq!(parts.part_of(Some(2)), 0);
        assert_eq!(parts.part_of(Some(3)), 1);
        assert_eq!(parts.href(0), "story-002.xhtml");
        assert_eq!(parts.href(1), "story-002-002.xhtml");
        assert_eq!(parts.id(1), "story-002-002");
        // the note and its reference are both in the second part
        assert_eq!(parts.note_href(1, 1), "#fn-1");
        assert_eq!(parts.note_href(0, 1), "story-002-002.xhtml#fn-1");
        assert_eq!(parts.back_href(1), "#fnref-1");
    }

    #[test]
    fn a_long_part_ends_at_a_paragraph() {
        let long = "字".repeat(PART_BYTES / 3 / 2 + 1);
        let s = story(vec![
            Block::paragraph(&long),
            Block::paragraph(&long),
            Block::Caption {
                text: "（图）".into(),
            },
            Block::paragraph("乙"),
        ]);
        let parts = Parts::of(0, &s);
        // the part is full after two paragraphs; the caption stays with them, the paragraph starts anew
        assert_eq!(parts.count(), 2);
        assert_eq!(parts.range(1), 3..4);
        let short = Parts::of(
            0,
            &story(vec![Block::paragraph("甲"), Block::paragraph("乙")]),
        );
        assert_eq!(short.count(), 1);
        assert_eq!(short.range(0), 0..2);
    }
}
