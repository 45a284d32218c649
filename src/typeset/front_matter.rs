//! The pages around the stories: the title page (扉页), the contents (目录) and the colophon (版权页). Their
//! words come from the model ([`Book::title_page`], [`Book::colophon`]), their looks from the roles
//! `title`, `subtitle`, `imprint`, `contents-title`, `contents` and `colophon`.

use super::line::SetLine;
use super::page::{Link, OutlineEntry, Page, Rect};
use super::paginate::{Slot, slot_page};
use super::setter::Setter;
use crate::model::{Book, ColophonEntry, TitlePage};
use crate::style::Role;

/// The contents' heading.
const CONTENTS_TITLE: &str = "目录";
/// Blank rows between the contents' heading and its first entry.
const CONTENTS_GAP_ROWS: u32 = 1;
/// Room kept at the end of a contents entry's lines for the page number, in ems of the entry's size.
const PAGE_NUMBER_ROOM_EM: f32 = 4.0;
/// Blank rows between the title (and subtitle) and the authors on the title page.
const IMPRINT_GAP_ROWS: u32 = 2;

/// The title page: the title and subtitle from a quarter down the frame, the authors below them, the
/// publisher on the last row; every line centred in its role.
pub(super) fn title_page(words: &TitlePage, setter: &Setter) -> Page {
    let style = setter.style;
    let mut slots = Vec::new();
    let mut add = |role: Role, text: &str, row: &mut u32| {
        let rs = style.role(role);
        *row += rs.space_before;
        for slot in Slot::display(setter, role, text, rs.size) {
            let rows = slot.rows;
            slots.push((*row, slot));
            *row += rows;
        }
    };
    let mut row = style.body.lines_per_page / 4;
    add(Role::Title, &words.title, &mut row);
    if let Some(sub) = &words.subtitle {
        add(Role::Subtitle, sub, &mut row);
    }
    row += IMPRINT_GAP_ROWS;
    if let Some(authors) = &words.authors {
        add(Role::Imprint, authors, &mut row);
    }
    if let Some(publisher) = &words.publisher {
        let mut last = style.body.lines_per_page - 1;
        add(Role::Imprint, publisher, &mut last);
    }
    slot_page(setter, 1, &slots)
}

/// The contents: each story's headline set ragged, its opening page number flush right on the entry's
/// last line.
#[derive(Debug, Clone)]
pub(super) struct Contents {
    /// Each story's entry, set at the measure less the room for its page number.
    entries: Vec<Vec<SetLine>>,
}

impl Contents {
    /// Sets the entries of `book`'s stories.
    pub(super) fn set(book: &Book, setter: &Setter) -> Contents {
        let room = PAGE_NUMBER_ROOM_EM * setter.style.roles.contents.size;
        let entries = book
            .stories
            .iter()
            .map(|story| {
                let spans = [setter.span(Role::Contents, story.headline.clone())];
                setter.set_within(Role::Contents, &spans, 0.0, room)
            })
            .collect();
        Contents { entries }
    }

    /// Rows above the first entry: the heading and the gap below it.
    fn heading_rows(setter: &Setter) -> u32 {
        let title = setter.style.roles.contents_title;
        title.space_before + title.lines + CONTENTS_GAP_ROWS
    }

    /// How many pages the contents take.
    pub(super) fn page_count(&self, setter: &Setter) -> usize {
        let per_line = setter.style.roles.contents.lines as usize;
        let lines: usize = self.entries.iter().map(Vec::len).sum();
        (Contents::heading_rows(setter) as usize + lines * per_line)
            .div_ceil(setter.style.body.lines_per_page as usize)
    }

    /// The contents pages, the first with folio 2, each entry pointing at its story's `outline` entry.
    pub(super) fn pages(&self, outline: &[OutlineEntry], setter: &Setter) -> Vec<Page> {
        let style = setter.style;
        let rows = style.body.lines_per_page;
        let entry = style.roles.contents;
        let heading = style.roles.contents_title;
        let mut pages: Vec<Vec<(u32, Slot)>> = vec![Vec::new()];
        let mut row = heading.space_before;
        for slot in Slot::display(setter, Role::ContentsTitle, CONTENTS_TITLE, heading.size) {
            let height = slot.rows;
            pages[0].push((row, slot));
            row += height;
        }
        row = Contents::heading_rows(setter);
        let edge = style.measure() - entry.inset_em * style.em();
        // per page, each entry's story and the slots (= the page's lines) that set it
        let mut links: Vec<Vec<(usize, std::ops::Range<usize>)>> = vec![Vec::new()];
        for (story, (lines, target)) in self.entries.iter().zip(outline).enumerate() {
            let number = setter
                .set_text(Role::Contents, &(target.page + 1).to_string())
                .remove(0);
            for (i, mut line) in lines.iter().cloned().enumerate() {
                if i + 1 == lines.len() {
                    let shift = edge - number.right;
                    for mut run in number.runs.iter().cloned() {
                        for g in &mut run.glyphs {
                            g.x += shift;
                        }
                        line.runs.push(run);
                    }
                    line.right = edge;
                }
                if row + entry.lines > rows {
                    pages.push(Vec::new());
                    links.push(Vec::new());
                    row = 0;
                }
                let slot_index = pages.last().map_or(0, Vec::len);
                let page_links = links.last_mut().expect("a page");
                match page_links.last_mut() {
                    Some((s, range)) if *s == story => range.end = slot_index + 1,
                    _ => page_links.push((story, slot_index..slot_index + 1)),
                }
                let slot = Slot {
                    rows: entry.lines,
                    size: entry.size,
                    line: Some(line),
                    role: Role::Contents,
                    boxed: entry.boxed,
                };
                pages.last_mut().expect("a page").push((row, slot));
                row += entry.lines;
            }
        }
        pages
            .iter()
            .zip(links)
            .enumerate()
            .map(|(k, (slots, links))| {
                let mut page = slot_page(setter, k as u32 + 2, slots);
                for (target, lines) in links {
                    let rect = lines_rect(&page, lines.clone());
                    page.links.push(Link {
                        rect,
                        lines,
                        target,
                    });
                }
                page
            })
            .collect()
    }
}

/// The area `lines` of `page` cover: from the start of the first glyph to the end of the longest line, from
/// the em top of the first line to a fifth of an em below the last baseline.
fn lines_rect(page: &Page, lines: std::ops::Range<usize>) -> Rect {
    let lines = &page.lines[lines];
    let left = lines.iter().map(|l| l.x).fold(f32::INFINITY, f32::min);
    let right = lines
        .iter()
        .map(|l| l.right)
        .fold(f32::NEG_INFINITY, f32::max);
    let top = lines
        .iter()
        .map(|l| l.baseline - l.size)
        .fold(f32::INFINITY, f32::min);
    let bottom = lines
        .iter()
        .map(|l| l.baseline + l.size / 5.0)
        .fold(f32::NEG_INFINITY, f32::max);
    Rect {
        x: left,
        y: top,
        width: right - left,
        height: bottom - top,
    }
}

/// The colophon on the last page (folio `folio`): each entry set ragged in the colophon role, every line
/// of a nested entry hanging a paragraph indent (in the colophon's ems) further in per level, the whole
/// at the foot of the frame.
pub(super) fn colophon_page(entries: &[ColophonEntry], folio: u32, setter: &Setter) -> Page {
    let style = setter.style;
    let ts = style.roles.colophon;
    let mut lines = Vec::new();
    for entry in entries {
        let hang = style.body.indent_em * f32::from(entry.level) * ts.size;
        let spans = [setter.span(Role::Colophon, entry.text.clone())];
        lines.extend(setter.set_within(Role::Colophon, &spans, hang, 0.0));
    }
    let rows = style.body.lines_per_page;
    let first = rows.saturating_sub(lines.len() as u32 * ts.lines);
    let slots: Vec<(u32, Slot)> = lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let slot = Slot {
                rows: ts.lines,
                size: ts.size,
                line: Some(line),
                role: Role::Colophon,
                boxed: ts.boxed,
            };
            (first + i as u32 * ts.lines, slot)
        })
        .collect();
    slot_page(setter, folio, &slots)
}
