//! The pages around the stories: the title page (扉页), the contents (目录) and the colophon (版权页). Their
//! words come from the model ([`Book::title_page`], [`Book::colophon`]), their looks from the roles
//! `title`, `subtitle`, `imprint`, `contents-title`, `contents` and `colophon`.
//!
//! The contents' heading is spaced `目　录` (an em between its two characters, set as space, not as a
//! character), each entry runs to its page number over dot leaders, and a book of one story has no
//! contents page unless the style asks for one. The colophon stands at the foot of its page under a rule.

use rayon::prelude::*;

use super::grid::{Grid, Source, slot_page};
use super::groups::{Slot, headline_text};
use super::line::SetLine;
use super::page::{Item, Link, OutlineEntry, Page, Point, Rect};
use super::setter::Setter;
use crate::model::{Book, ColophonEntry, TitlePage};
use crate::style::{CONTENTS_TITLE_SPACING_EM, Role};

/// The contents' heading (set with an em between its characters).
const CONTENTS_TITLE: &str = "目录";
/// Distance between leader dots, in ems of the entry's size.
const LEADER_STEP_EM: f32 = 0.5;
/// A leader dot's diameter, in ems of the entry's size.
const LEADER_DOT_EM: f32 = 0.1;
/// Height of the leader dots' centres above the baseline, in ems: the middle of the ideographic em box.
const LEADER_RISE_EM: f32 = 0.38;
/// Stroke of the rule above the colophon, pt.
const COLOPHON_RULE: f32 = 0.5;
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
/// last line, dot leaders between.
#[derive(Debug, Clone)]
pub(super) struct Contents {
    /// Each story's entry, set at the measure less the room for its page number; none when the book has no
    /// contents page.
    entries: Vec<Vec<SetLine>>,
}

impl Contents {
    /// Sets the entries of `book`'s stories; a book of one story has none (no contents page) unless the
    /// style asks for a contents page even then.
    pub(super) fn set(book: &Book, setter: &Setter) -> Contents {
        let wanted = book.stories.len() > 1 || setter.style.page.single_story_contents;
        if !wanted {
            return Contents {
                entries: Vec::new(),
            };
        }
        let room = PAGE_NUMBER_ROOM_EM * setter.style.roles.contents.size;
        // each entry is set alone, on rayon's threads (a hundred headlines take a few milliseconds that
        // nothing else may begin before: the contents' length numbers every story's pages)
        let entries = (book.stories.par_iter())
            .map(|story| {
                let spans = [setter.span(Role::Contents, headline_text(&story.headline))];
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

    /// How many pages the contents take (none without entries).
    pub(super) fn page_count(&self, setter: &Setter) -> usize {
        if self.entries.is_empty() {
            return 0;
        }
        let per_line = setter.style.roles.contents.lines as usize;
        let lines: usize = self.entries.iter().map(Vec::len).sum();
        (Contents::heading_rows(setter) as usize + lines * per_line)
            .div_ceil(setter.style.body.lines_per_page as usize)
    }

    /// The contents pages, the first with folio 2, each entry pointing at its story's `outline` entry.
    pub(super) fn pages(&self, outline: &[OutlineEntry], setter: &Setter) -> Vec<Page> {
        if self.entries.is_empty() {
            return Vec::new();
        }
        let style = setter.style;
        let rows = style.body.lines_per_page;
        let entry = style.roles.contents;
        let heading = style.roles.contents_title;
        let mut pages: Vec<Vec<(u32, Slot)>> = vec![Vec::new()];
        let mut leaders: Vec<Vec<(u32, f32, f32)>> = vec![Vec::new()];
        let mut row = heading.space_before;
        for mut slot in Slot::display(setter, Role::ContentsTitle, CONTENTS_TITLE, heading.size) {
            if let Some(line) = &mut slot.line {
                letterspace(line, CONTENTS_TITLE_SPACING_EM * heading.size);
            }
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
                if row + entry.lines > rows {
                    pages.push(Vec::new());
                    leaders.push(Vec::new());
                    links.push(Vec::new());
                    row = 0;
                }
                if i + 1 == lines.len() {
                    let shift = edge - number.right;
                    let leader = (row, line.right, number.left + shift);
                    leaders.last_mut().expect("a page").push(leader);
                    for mut run in number.runs.iter().cloned() {
                        for g in &mut run.glyphs {
                            g.x += shift;
                        }
                        line.runs.push(run);
                    }
                    line.right = edge;
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
            .zip(leaders.iter().zip(links))
            .enumerate()
            .map(|(k, (slots, (leaders, links)))| {
                contents_page(setter, k as u32 + 2, slots, leaders, links)
            })
            .collect()
    }
}

/// The contents page with folio `folio`: its `slots`, the dot leaders of its entries (`leaders`: each
/// entry's row and where its leader starts and ends, pt from the frame's edge) and the links of its entries
/// (`links`: each entry's story and the range of the page's lines that set it).
fn contents_page(
    setter: &Setter,
    folio: u32,
    slots: &[(u32, Slot)],
    leaders: &[(u32, f32, f32)],
    links: Vec<(usize, std::ops::Range<usize>)>,
) -> Page {
    let entry = setter.style.roles.contents;
    let grid = Grid::new(setter);
    let mut page = slot_page(setter, folio, slots);
    for &(row, from, to) in leaders {
        let at = (
            grid.frame_left(folio),
            grid.baseline(row as i32, entry.lines, entry.size),
        );
        page.items.extend(leader_dots(at, from, to, entry.size));
    }
    for (target, lines) in links {
        let rect = lines_rect(&page, lines.clone());
        page.links.push(Link {
            rect,
            lines,
            target,
        });
    }
    page
}

/// Spreads a centred display line's characters `gap` pt apart, keeping it centred: `目录` set `目　录`
/// without a space character, so its text stays the word.
fn letterspace(line: &mut SetLine, gap: f32) {
    let mut chars = 0usize;
    let mut last: Option<(usize, u32)> = None;
    for (r, run) in line.runs.iter_mut().enumerate() {
        for g in &mut run.glyphs {
            let key = (r, g.cluster);
            if last.is_some_and(|l| l != key) {
                chars += 1;
            }
            last = Some(key);
            g.x += chars as f32 * gap;
        }
    }
    let spread = chars as f32 * gap;
    for g in line.runs.iter_mut().flat_map(|r| r.glyphs.iter_mut()) {
        g.x -= spread / 2.0;
    }
    line.left -= spread / 2.0;
    line.right += spread / 2.0;
}

/// Dot leaders on the baseline `baseline` of a line whose frame starts at `left` (`(left, baseline)`, pt):
/// dots [`LEADER_STEP_EM`] apart on a grid from the frame's edge, from an em after the text's end `from` to
/// an em before the page number's start `to` (pt from the frame's edge), each [`LEADER_DOT_EM`] across at
/// the em box's middle.
fn leader_dots((left, baseline): (f32, f32), from: f32, to: f32, size: f32) -> Vec<(Point, Item)> {
    let step = LEADER_STEP_EM * size;
    let first = ((from + size) / step).ceil() as i32;
    let last = ((to - size) / step).floor() as i32;
    (first..=last)
        .map(|k| {
            let at = Point {
                x: left + k as f32 * step,
                y: baseline - LEADER_RISE_EM * size,
            };
            let dot = Item::Dot {
                diameter: LEADER_DOT_EM * size,
            };
            (at, dot)
        })
        .collect()
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

/// A colophon entry set: its nesting ([`ColophonEntry::level`]) and its lines.
pub(super) struct SetEntry {
    pub(super) level: u8,
    pub(super) lines: Vec<SetLine>,
}

/// The colophon's entries set once each: every entry set ragged in the colophon role, every line of a
/// nested entry hanging a paragraph indent (in the colophon's ems) further in per level. One
/// [`SetEntry`] per entry, in order; [`colophon_page`] places them.
pub(super) fn colophon_lines(entries: &[ColophonEntry], setter: &Setter) -> Vec<SetEntry> {
    let style = setter.style;
    let size = style.roles.colophon.size;
    (entries.iter())
        .map(|entry| {
            let hang = style.body.indent_em * f32::from(entry.level) * size;
            let spans = [setter.span(Role::Colophon, entry.text.clone())];
            SetEntry {
                level: entry.level,
                lines: setter.set_within(Role::Colophon, &spans, hang, 0.0),
            }
        })
        .collect()
}

/// The colophon page (folio `folio`) holding `entries` (from [`colophon_lines`]): the whole at the foot
/// of the frame under a rule across the measure.
pub(super) fn colophon_page(entries: &[SetEntry], folio: u32, setter: &Setter) -> Page {
    let style = setter.style;
    let ts = style.roles.colophon;
    let count = entries.iter().map(|e| e.lines.len()).sum::<usize>();
    let rows = style.body.lines_per_page;
    let first = rows.saturating_sub(count as u32 * ts.lines);
    // the page `slot_page` makes of these lines in such slots, each line copied once (the page is one of
    // those `bounds::colophon_pages` tries)
    let slot = Slot {
        rows: ts.lines,
        size: ts.size,
        line: None,
        role: Role::Colophon,
        boxed: ts.boxed,
    };
    let grid = Grid::new(setter);
    let mut page = grid.new_page(folio);
    for (i, line) in entries.iter().flat_map(|e| &e.lines).enumerate() {
        let row = first + i as u32 * ts.lines;
        grid.place_in(&mut page, row, &slot, line.clone(), Source::default());
    }
    let pitch = style.body.pitch;
    let rule = Point {
        x: grid.frame_left(folio),
        y: grid.frame_top() + first as f32 * pitch - (pitch - style.em()) / 2.0,
    };
    let line = Item::Frame {
        width: style.measure(),
        height: 0.0,
        stroke: COLOPHON_RULE,
    };
    page.items.push((rule, line));
    page
}
