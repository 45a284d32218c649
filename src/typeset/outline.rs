//! The bookmarks below the stories': each chapter, section and subhead as placed, filed under its story
//! (story → chapters → sections → subheads), read from the made-up pages' lines after make-up.

use super::page::{OutlineEntry, Page};
use crate::style::Role;

/// Files a bookmark for every chapter, section and subhead set on `pages` under its story's entry of
/// `outline` (one per story, in story order): the title is the heading's lines' text joined, the target
/// the top of its first line.
pub(super) fn file_headings(outline: &mut [OutlineEntry], pages: &[Page]) {
    let mut last: Option<(usize, usize)> = None;
    for (pi, page) in pages.iter().enumerate() {
        for line in &page.lines {
            let heading = matches!(line.role, Role::Chapter | Role::Section | Role::Subhead);
            let (true, Some(story), Some(block)) = (heading, line.story, line.block) else {
                last = None;
                continue;
            };
            let Some(entry) = outline.get_mut(story) else {
                continue;
            };
            if last == Some((story, block)) {
                let heading = last_filed(entry);
                if heading.block == Some(block) {
                    heading.title.push_str(&line.text);
                }
                continue;
            }
            last = Some((story, block));
            let heading = OutlineEntry {
                title: line.text.clone(),
                page: pi,
                y: line.baseline - line.size,
                role: line.role,
                block: Some(block),
                level: 0,
                children: Vec::new(),
            };
            file(entry, heading);
        }
    }
}

/// The bookmark filed last under `entry` ([`file`] files each under the chain of last children): the
/// end of that chain, found in as many steps as the outline is deep (a search of every bookmark for each
/// line of a heading was quadratic in the headings of a story).
fn last_filed(entry: &mut OutlineEntry) -> &mut OutlineEntry {
    let mut e = entry;
    while !e.children.is_empty() {
        e = e.children.last_mut().expect("a last child");
    }
    e
}

/// Files `heading` under `story` and sets its level: a chapter under the story; a section under the
/// story's last chapter, if any; a subhead under the last chapter or section (the innermost), if any;
/// else under the story.
fn file(story: &mut OutlineEntry, mut heading: OutlineEntry) {
    let fits = |c: &OutlineEntry| match heading.role {
        Role::Chapter => false,
        Role::Section => c.role == Role::Chapter,
        _ => matches!(c.role, Role::Chapter | Role::Section),
    };
    let mut parent = story;
    while parent.children.last().is_some_and(fits) {
        parent = parent.children.last_mut().expect("a last child");
    }
    heading.level = parent.level + 1;
    parent.children.push(heading);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(role: Role, block: Option<usize>, level: u8) -> OutlineEntry {
        OutlineEntry {
            title: role.name().into(),
            page: 0,
            y: 0.0,
            role,
            block,
            level,
            children: Vec::new(),
        }
    }

    #[test]
    fn headings_nest_story_chapter_section_subhead() {
        let mut story = entry(Role::Headline, None, 1);
        for (b, role) in [
            Role::Subhead,
            Role::Chapter,
            Role::Subhead,
            Role::Section,
            Role::Subhead,
            Role::Chapter,
            Role::Section,
        ]
        .into_iter()
        .enumerate()
        {
            file(&mut story, entry(role, Some(b), 0));
        }
        let shape = |e: &OutlineEntry| -> Vec<(Option<usize>, u8, usize)> {
            e.children
                .iter()
                .map(|c| (c.block, c.level, c.children.len()))
                .collect()
        };
        // subhead 0 and both chapters under the story
        assert_eq!(
            shape(&story),
            [(Some(0), 2, 0), (Some(1), 2, 2), (Some(5), 2, 1)]
        );
        // chapter 1 holds subhead 2 and section 3, which holds subhead 4
        assert_eq!(
            shape(&story.children[1]),
            [(Some(2), 3, 0), (Some(3), 3, 1)]
        );
        assert_eq!(shape(&story.children[1].children[1]), [(Some(4), 4, 0)]);
        assert_eq!(shape(&story.children[2]), [(Some(6), 3, 0)]);
    }
}
