//! Page make-up: stories → pages on a baseline grid, with the heading block, subheads, widows and orphans,
//! running heads and folios.
//!
//! Rules (clreq §2.3, §3.5.4, §4.1.3; see `../shared/reference/clreq-spec.md` R4–R5):
//! - every body baseline sits on a grid of `lines-per-page` rows at a constant pitch; heading blocks and
//!   subheads take whole rows, so the body never leaves the grid (clreq §2.3.3);
//! - each story opens a new page (optionally a recto);
//! - a heading (the story's heading block, a subhead) is kept with the first lines of what follows: it never
//!   ends a page (clreq §4.1.3);
//! - a paragraph broken across pages leaves at least two lines on each page (no widows, no orphans);
//! - folios at the outer foot of every page; running heads (book title on versos, the story's headline on
//!   rectos) on every page but a story's opening page.

use super::line::SetLine;
use serde::Serialize;

use super::{Anchor, Item, LineInfo, OutlineEntry, Page, Point, Rect};
use crate::fonts::FontSet;
use crate::style::Style;

/// What a placed line is, for page rules and for readers of the layout (`--layout-json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The title page's lines.
    Title,
    /// The contents page's heading and entries.
    Contents,
    /// The colophon's lines.
    Colophon,
    /// Running head.
    RunningHead,
    /// Folio (page number).
    Folio,
    /// Column tag (栏目题).
    Column,
    /// Kicker (引题).
    Kicker,
    /// Headline (主题).
    Headline,
    /// Subheadline (副题).
    Subheadline,
    /// Byline on its own line.
    Byline,
    /// Section subhead.
    Subhead,
    /// Body text.
    Body,
}

/// A line ready to be placed on the grid: `rows` grid rows high, set at `size` pt.
#[derive(Debug, Clone)]
pub struct Slot {
    /// Height in grid rows.
    pub rows: u32,
    /// Type size of the line, pt (its em box is centred in the slot).
    pub size: f32,
    /// The set line; `None` for a blank row.
    pub line: Option<SetLine>,
    /// What the line is.
    pub role: Role,
    /// Draw a ruled box around the line (the column tag).
    pub boxed: bool,
}

impl Slot {
    /// A blank row (space above a subhead, below a heading block); dropped at the top of a page.
    pub fn blank(role: Role) -> Slot {
        Slot {
            rows: 1,
            size: 0.0,
            line: None,
            role,
            boxed: false,
        }
    }
}

/// A story's content in page make-up terms.
#[derive(Debug, Clone)]
pub enum Group {
    /// Slots that stay together and stay with the next group's first lines (heading block, subhead).
    Keep {
        /// The story block this is (`None`: the story's heading block).
        block: Option<usize>,
        /// The slots, top to bottom.
        slots: Vec<Slot>,
    },
    /// A paragraph's lines (one row each); may break across pages, leaving ≥ 2 lines on each side.
    Paragraph {
        /// The story block this is.
        block: usize,
        /// Bytes of run-in text (a dateline) set before the block's own text.
        prefix: usize,
        /// Byte offset of the text set here in the block's `plain_text()`: 0, except for the second and
        /// later paragraphs of a quote and items of a list, which are set as groups of their own.
        base: usize,
        /// The lines.
        lines: Vec<SetLine>,
    },
    /// An image filling `rows` grid rows; moves to the next page whole when it does not fit.
    Figure {
        /// The story block this is.
        block: usize,
        /// Height in grid rows.
        rows: u32,
        /// The item's offset from the left of the text frame, pt.
        dx: f32,
        /// The item's offset from the top of its first row, pt.
        dy: f32,
        /// The image.
        item: Item,
    },
}

/// A story ready for make-up.
#[derive(Debug, Clone)]
pub struct StoryLayout {
    /// The bookmark and recto running head text.
    pub headline: String,
    /// Heading block, subheads and paragraphs in order.
    pub groups: Vec<Group>,
}

/// Grid geometry of a page side.
struct Grid<'a> {
    style: &'a Style,
    /// Ratio of the em box's top to the baseline (typo ascender / em).
    ascent: f32,
}

impl Grid<'_> {
    fn frame_top(&self) -> f32 {
        self.style.page.bleed + self.style.page.margin_top
    }

    /// Left edge of the text frame: centred across the trim, the same on rectos and versos.
    fn frame_left(&self, _folio: u32) -> f32 {
        self.style.page.bleed + self.style.margin_left()
    }

    /// Baseline of an em box of `size` centred in `rows` rows starting at `row`.
    fn baseline(&self, row: i32, rows: u32, size: f32) -> f32 {
        let s = self.style;
        let slot_top = self.frame_top() + row as f32 * s.body.pitch - (s.body.pitch - s.em()) / 2.0;
        slot_top + (rows as f32 * s.body.pitch - size) / 2.0 + self.ascent * size
    }
}

fn new_page(style: &Style, folio: u32) -> Page {
    Page {
        width: style.page.trim_width + 2.0 * style.page.bleed,
        height: style.page.trim_height + 2.0 * style.page.bleed,
        trim: Rect {
            x: style.page.bleed,
            y: style.page.bleed,
            width: style.page.trim_width,
            height: style.page.trim_height,
        },
        bleed: style.page.bleed,
        folio,
        anchor: None,
        items: Vec::new(),
        lines: Vec::new(),
    }
}

/// The rows the first part of `group` needs when it follows a kept heading.
fn first_need(group: Option<&Group>) -> u32 {
    match group {
        Some(Group::Paragraph { lines, .. }) => {
            let l = lines.len() as u32;
            if l <= 3 { l } else { 2 }
        }
        Some(Group::Keep { slots, .. }) => slots.iter().map(|s| s.rows).sum(),
        Some(Group::Figure { rows, .. }) => *rows,
        None => 0,
    }
}

/// Where a placed line comes from in the book.
#[derive(Debug, Clone, Copy, Default)]
struct Source {
    story: Option<usize>,
    block: Option<usize>,
}

fn place(page: &mut Page, grid: &Grid, row: u32, slot: &Slot, source: Source) {
    let Some(line) = &slot.line else { return };
    let x0 = grid.frame_left(page.folio);
    let y = grid.baseline(row as i32, slot.rows, slot.size);
    record(page, x0, y, slot.size, slot.role, line, source);
    if slot.boxed {
        let first = line
            .runs
            .first()
            .and_then(|r| r.glyphs.first())
            .map_or(0.0, |g| g.x);
        let pad = slot.size * 0.5;
        page.items.push((
            Point {
                x: x0 + first - pad,
                y: y - grid.ascent * slot.size - slot.size * 0.3,
            },
            Item::Frame {
                width: line.right - first + 2.0 * pad,
                height: slot.size * 1.6,
                stroke: 0.5,
            },
        ));
    }
    for run in &line.runs {
        page.items
            .push((Point { x: x0, y }, Item::Run(run.clone())));
    }
}

/// Records a placed line in `page.lines` for the layout JSON.
fn record(page: &mut Page, x0: f32, y: f32, size: f32, role: Role, line: &SetLine, source: Source) {
    let left = line
        .runs
        .iter()
        .flat_map(|r| r.glyphs.first())
        .map(|g| g.x)
        .fold(f32::INFINITY, f32::min);
    let body = role == Role::Body;
    page.lines.push(LineInfo {
        role,
        text: line.runs.iter().map(|r| r.text.as_str()).collect(),
        x: x0 + if left.is_finite() { left } else { 0.0 },
        right: x0 + line.right,
        baseline: y,
        size,
        story: source.story,
        block: source.block,
        paragraph_start: body && line.start == 0,
        paragraph_end: body && line.last,
        unfilled: line.unfilled,
    });
}

/// A page holding only `slots`, each at its grid row (title page, colophon); no folio or running head.
pub fn slot_page(style: &Style, fonts: &FontSet, folio: u32, slots: &[(u32, Slot)]) -> Page {
    let grid = Grid {
        style,
        ascent: fonts.em_box_ascent(style.roles.body.font),
    };
    let mut page = new_page(style, folio);
    for (row, slot) in slots {
        place(&mut page, &grid, *row, slot, Source::default());
    }
    page
}

/// Makes up pages for every story after the `pages` already made (front matter), then adds running heads
/// and folios to the new pages. Returns one outline entry per story (page indices count every page).
///
/// `running_head` receives (is_recto, story index) and returns the running head's set line, or `None`;
/// `folio_line` sets a page number.
pub fn make_up(
    stories: &[StoryLayout],
    style: &Style,
    fonts: &FontSet,
    pages: &mut Vec<Page>,
    running_head: &dyn Fn(bool, usize) -> Option<SetLine>,
    folio_line: &dyn Fn(u32) -> SetLine,
) -> Vec<OutlineEntry> {
    let ascent = fonts.em_box_ascent(style.roles.body.font);
    let grid = Grid { style, ascent };
    let rows = style.body.lines_per_page;
    let first_new = pages.len();
    let mut owner: Vec<(usize, bool)> = Vec::new(); // (story, opening page) of each new page
    let mut outline = Vec::new();
    for (si, story) in stories.iter().enumerate() {
        if style.page.recto_openings && pages.len() % 2 == 1 {
            // the next page would be a verso (even folio): leave it blank
            pages.push(new_page(style, pages.len() as u32 + 1));
            owner.push((si.saturating_sub(1), true)); // a blank verso: no running head
        }
        pages.push(new_page(style, pages.len() as u32 + 1));
        owner.push((si, true));
        outline.push(OutlineEntry {
            title: story.headline.clone(),
            page: pages.len() - 1,
            y: grid.frame_top(),
        });
        let mut row = 0u32;
        for (gi, group) in story.groups.iter().enumerate() {
            match group {
                Group::Keep { block, slots } => {
                    let leading_blank = slots.first().is_some_and(|s| s.line.is_none());
                    let height: u32 = slots.iter().map(|s| s.rows).sum();
                    let need = height + first_need(story.groups.get(gi + 1));
                    if row > 0 && row + need > rows {
                        pages.push(new_page(style, pages.len() as u32 + 1));
                        owner.push((si, false));
                        row = 0;
                    }
                    let page = pages.last_mut().expect("a page is open");
                    page.anchor.get_or_insert(Anchor {
                        story: si,
                        block: *block,
                        offset: 0,
                    });
                    for (k, slot) in slots.iter().enumerate() {
                        if k == 0 && leading_blank && row == 0 {
                            continue;
                        }
                        let source = Source {
                            story: Some(si),
                            block: *block,
                        };
                        place(page, &grid, row, slot, source);
                        row += slot.rows;
                    }
                }
                Group::Figure {
                    block,
                    rows: height,
                    dx,
                    dy,
                    item,
                } => {
                    if row > 0 && row + height > rows {
                        pages.push(new_page(style, pages.len() as u32 + 1));
                        owner.push((si, false));
                        row = 0;
                    }
                    let page = pages.last_mut().expect("a page is open");
                    page.anchor.get_or_insert(Anchor {
                        story: si,
                        block: Some(*block),
                        offset: 0,
                    });
                    let top = grid.frame_top() + row as f32 * style.body.pitch
                        - (style.body.pitch - style.em()) / 2.0;
                    let at = Point {
                        x: grid.frame_left(page.folio) + dx,
                        y: top + dy,
                    };
                    page.items.push((at, item.clone()));
                    row += height;
                }
                Group::Paragraph {
                    block,
                    prefix,
                    base,
                    lines,
                } => {
                    let mut rest: &[SetLine] = lines;
                    let mut first_chunk = true;
                    while !rest.is_empty() {
                        let avail = rows.saturating_sub(row) as usize;
                        let take = if rest.len() <= avail {
                            rest.len()
                        } else {
                            let k = avail.min(rest.len().saturating_sub(2));
                            if k >= 2 || (!first_chunk && k >= 1) {
                                k
                            } else {
                                0
                            }
                        };
                        let page = pages.last_mut().expect("a page is open");
                        if let Some(first) = rest[..take].first() {
                            let offset = base + first.start.saturating_sub(*prefix);
                            page.anchor.get_or_insert(Anchor {
                                story: si,
                                block: Some(*block),
                                offset,
                            });
                        }
                        for line in &rest[..take] {
                            let slot = Slot {
                                rows: 1,
                                size: style.em(),
                                line: Some(line.clone()),
                                role: Role::Body,
                                boxed: false,
                            };
                            let source = Source {
                                story: Some(si),
                                block: Some(*block),
                            };
                            place(page, &grid, row, &slot, source);
                            row += 1;
                        }
                        if take > 0 {
                            first_chunk = false;
                        }
                        rest = &rest[take..];
                        if !rest.is_empty() {
                            pages.push(new_page(style, pages.len() as u32 + 1));
                            owner.push((si, false));
                            row = 0;
                        }
                    }
                }
            }
        }
    }
    // furniture: running heads above the frame, folios at the outer foot
    for (page, &(si, opening)) in pages[first_new..].iter_mut().zip(&owner) {
        if page.items.is_empty() {
            continue; // a blank verso before a recto opening carries nothing
        }
        let recto = page.folio % 2 == 1;
        let x0 = grid.frame_left(page.folio);
        if !opening && let Some(line) = running_head(recto, si) {
            let y = grid.baseline(-2, 1, style.roles.running_head.size);
            let source = Source {
                story: Some(si),
                block: None,
            };
            record(
                page,
                x0,
                y,
                style.roles.running_head.size,
                Role::RunningHead,
                &line,
                source,
            );
            for run in line.runs {
                page.items.push((Point { x: x0, y }, Item::Run(run)));
            }
        }
        let folio = folio_line(page.folio);
        let y = grid.baseline(rows as i32 + 1, 1, style.roles.folio.size);
        let x = if recto {
            x0 + style.measure() - folio.right
        } else {
            x0
        };
        record(
            page,
            x,
            y,
            style.roles.folio.size,
            Role::Folio,
            &folio,
            Source::default(),
        );
        for run in folio.runs {
            page.items.push((Point { x, y }, Item::Run(run)));
        }
    }
    outline
}
