//! Footnotes: `[^label]` references and `[^label]: text` definitions. A file's definitions serve every
//! story in it; each story numbers its notes in the order they are first referred to and gets them as a
//! [`Block::Notes`](crate::model::Block::Notes) at its end, each reference becoming
//! [`Inline::NoteRef`](crate::model::Inline::NoteRef).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::model::{Block, Inline, Story};
use crate::parse::report::Report;

/// The footnotes of one Markdown file.
#[derive(Debug, Default)]
pub(super) struct Notes {
    /// Each definition's content and line, by label.
    defs: BTreeMap<String, (Vec<Inline>, usize)>,
    /// For each story, the labels it refers to in order of first reference.
    refs: Vec<Vec<String>>,
    /// For each story, each label's place in its `refs` (0-based): a reference is looked up, not searched
    /// for (a search was quadratic in the notes of a story).
    places: Vec<HashMap<String, usize>>,
    /// The definition being read: its label, content so far and line.
    open: Option<(String, Vec<Inline>, usize)>,
}

impl Notes {
    /// The number of the note `label` in story `story` (0-based): its place among the story's notes,
    /// counting from 1 in the order of first reference.
    pub(super) fn reference(&mut self, story: usize, label: &str) -> u32 {
        if self.refs.len() <= story {
            self.refs.resize_with(story + 1, Vec::new);
            self.places.resize_with(story + 1, HashMap::new);
        }
        let labels = &mut self.refs[story];
        let at = match self.places[story].get(label) {
            Some(&at) => at,
            None => {
                labels.push(label.to_string());
                self.places[story].insert(label.to_string(), labels.len() - 1);
                labels.len() - 1
            }
        };
        at as u32 + 1
    }

    /// A definition of `label` opens on `line`.
    pub(super) fn open(&mut self, label: &str, line: usize) {
        self.open = Some((label.to_string(), Vec::new(), line));
    }

    /// Whether a definition is being read.
    pub(super) fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// A paragraph of the open definition (paragraphs after the first follow a line break).
    pub(super) fn paragraph(&mut self, inlines: Vec<Inline>) {
        if let Some((_, content, _)) = &mut self.open {
            if !content.is_empty() && !inlines.is_empty() {
                content.push(Inline::Break);
            }
            content.extend(inlines);
        }
    }

    /// The open definition ends (a label defined twice keeps its first definition, with a warning).
    pub(super) fn close(&mut self, path: &Path, report: &mut Report) {
        let Some((label, content, line)) = self.open.take() else {
            return;
        };
        if self.defs.contains_key(&label) {
            report.warn(
                path,
                line,
                format!("footnote [^{label}] is defined again: the first definition is kept"),
            );
            return;
        }
        self.defs.insert(label, (content, line));
    }

    /// Gives each story its notes as a [`Block::Notes`] at its end, and warns (naming the file and line)
    /// of each definition no story refers to.
    pub(super) fn finish(self, stories: &mut [Story], path: &Path, report: &mut Report) {
        let mut used: HashSet<&str> = HashSet::new();
        for (story, labels) in stories.iter_mut().zip(&self.refs) {
            if labels.is_empty() {
                continue;
            }
            let notes = labels
                .iter()
                .map(|label| {
                    used.insert(label);
                    self.defs
                        .get(label)
                        .map(|(content, _)| content.clone())
                        .unwrap_or_default()
                })
                .collect();
            story.blocks.push(Block::Notes { notes });
        }
        for (label, (_, line)) in &self.defs {
            if !used.contains(label.as_str()) {
                report.warn(
                    path,
                    *line,
                    format!("footnote [^{label}] is never referred to: it is left out"),
                );
            }
        }
    }
}
