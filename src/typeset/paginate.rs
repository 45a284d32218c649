//! Page make-up: stories → pages on a baseline grid, with the heading block, subheads, widows and orphans;
//! then the page furniture (running heads and folios) as a step of its own.
//!
//! Rules (clreq §2.3, §3.5.4, §4.1.3; see `../shared/reference/clreq-spec.md` R4–R5):
//! - every body baseline sits on a grid of `lines-per-page` rows at a constant pitch; heading blocks and
//!   subheads take whole rows, so the body never leaves the grid (clreq §2.3.3);
//! - each story opens a new page (optionally a recto);
//! - a heading (the story's heading block, a subhead) is kept with the first lines of what follows: it never
//!   ends a page (clreq §4.1.3);
//! - a paragraph broken across pages leaves at least two lines on each page (no widows, no orphans);
//! - folios at the outer foot of every story page; running heads (book title on versos, the story's
//!   headline on rectos) on every story page but a story's opening page.
//!
//! Make-up is a cursor, [`Work`]: the pages made so far, the page being filled and its next free row. The
//! furniture is `furniture.rs`.

use super::line::{SetLine, Span};
use super::page::{Anchor, FigureInfo, Item, LineInfo, OutlineEntry, Page, Point, Rect, RunInfo};
use super::setter::Setter;
use crate::style::{Align, Role, Style};

/// Stroke of the column tag's box, pt.
const BOX_STROKE: f32 = 0.5;
/// Space between the column tag's text and its box at the start and end, in ems of the tag.
const BOX_PAD_EM: f32 = 0.5;
/// The box's top above the tag's em box, in ems of the tag.
const BOX_RISE_EM: f32 = 0.3;
/// The box's height, in ems of the tag.
const BOX_HEIGHT_EM: f32 = 1.6;

/// A line ready to be placed on the grid: `rows` grid rows high, set at `size` pt.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    /// Height in grid rows.
    pub rows: u32,
    /// Type size of the line, pt (its em box is centred in the slot).
    pub size: f32,
    /// The set line; `None` for a blank row.
    pub line: Option<SetLine>,
    /// The role the line was set in.
    pub role: Role,
    /// Draw a ruled box around the line (the column tag).
    pub boxed: bool,
}

impl Slot {
    /// `n` blank rows (a role's space before); dropped at the top of a page.
    pub(super) fn blanks(n: u32) -> Vec<Slot> {
        (0..n)
            .map(|_| Slot {
                rows: 1,
                size: 0.0,
                line: None,
                role: Role::Body,
                boxed: false,
            })
            .collect()
    }

    /// `text` set as display lines of `role` at `size` pt (the role's own size, or a headline's stepped
    /// down): each line `lines` rows high and boxed as the role says.
    pub(super) fn display(setter: &Setter, role: Role, text: &str, size: f32) -> Vec<Slot> {
        let rs = setter.style.role(role);
        let span = Span {
            size,
            ..setter.span(role, text)
        };
        setter
            .set(role, &[span])
            .into_iter()
            .map(|line| Slot {
                rows: rs.lines,
                size,
                line: Some(line),
                role,
                boxed: rs.boxed,
            })
            .collect()
    }
}

/// A story's content in page make-up terms.
#[derive(Debug, Clone)]
pub(super) enum Group {
    /// Slots that stay together and stay with the next group's first lines (heading block, subhead).
    Keep {
        /// The story block this is (`None`: the story's heading block).
        block: Option<usize>,
        /// The slots, top to bottom.
        slots: Vec<Slot>,
    },
    /// A paragraph's lines (one row each, on the body's baselines whatever their size); may break across
    /// pages, leaving ≥ 2 lines on each side.
    Paragraph {
        /// The story block this is.
        block: usize,
        /// The role the block was set in.
        role: Role,
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
        /// What it shows, in words ([`FigureInfo::alt`]).
        alt: String,
    },
}

/// A story ready for make-up.
#[derive(Debug, Clone)]
pub(super) struct StoryLayout {
    /// The bookmark and recto running head text.
    pub headline: String,
    /// Heading block, subheads and paragraphs in order.
    pub groups: Vec<Group>,
}

/// Grid geometry and placement of set lines on a page.
pub(super) struct Grid<'a> {
    setter: &'a Setter<'a>,
    /// Ratio of the em box's top to the baseline (typo ascender / em).
    ascent: f32,
}

/// Where a placed line comes from in the book.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Source {
    pub story: Option<usize>,
    pub block: Option<usize>,
}

impl<'a> Grid<'a> {
    pub(super) fn new(setter: &'a Setter<'a>) -> Grid<'a> {
        let ascent = setter.fonts.em_box_ascent(setter.style.roles.body.font);
        Grid { setter, ascent }
    }

    pub(super) fn style(&self) -> &'a Style {
        self.setter.style
    }

    fn frame_top(&self) -> f32 {
        self.style().page.bleed + self.style().page.margin_top
    }

    /// Left edge of the text frame: centred across the trim, the same on rectos and versos.
    pub(super) fn frame_left(&self) -> f32 {
        self.style().page.bleed + self.style().margin_left()
    }

    /// Baseline of an em box of `size` centred in `rows` rows starting at `row`.
    pub(super) fn baseline(&self, row: i32, rows: u32, size: f32) -> f32 {
        let s = self.style();
        let slot_top = self.frame_top() + row as f32 * s.body.pitch - (s.body.pitch - s.em()) / 2.0;
        slot_top + (rows as f32 * s.body.pitch - size) / 2.0 + self.ascent * size
    }

    fn new_page(&self, folio: u32) -> Page {
        let page = &self.style().page;
        Page {
            width: page.trim_width + 2.0 * page.bleed,
            height: page.trim_height + 2.0 * page.bleed,
            trim: Rect {
                x: page.bleed,
                y: page.bleed,
                width: page.trim_width,
                height: page.trim_height,
            },
            bleed: page.bleed,
            folio,
            anchor: None,
            items: Vec::new(),
            lines: Vec::new(),
            figures: Vec::new(),
            links: Vec::new(),
        }
    }

    /// Places `slot` at `row` of the frame.
    fn place(&self, page: &mut Page, row: u32, slot: &Slot, source: Source) {
        let Some(line) = &slot.line else { return };
        let at = Point {
            x: self.frame_left(),
            y: self.baseline(row as i32, slot.rows, slot.size),
        };
        let boxed = slot.boxed.then_some(slot.size);
        self.put(page, at, line, slot.role, boxed, source);
    }

    /// Puts `line` on `page` with its origin at `at` (on the baseline): records it for the layout JSON,
    /// draws its box (for a boxed line of `boxed` pt), then each run followed by its marks.
    pub(super) fn put(
        &self,
        page: &mut Page,
        at: Point,
        line: &SetLine,
        role: Role,
        boxed: Option<f32>,
        source: Source,
    ) {
        self.record(page, at, role, line, source);
        let first_item = page.items.len();
        if let Some(size) = boxed {
            let first = line
                .runs
                .first()
                .and_then(|r| r.glyphs.first())
                .map_or(0.0, |g| g.x);
            let pad = size * BOX_PAD_EM;
            page.items.push((
                Point {
                    x: at.x + first - pad,
                    y: at.y - self.ascent * size - size * BOX_RISE_EM,
                },
                Item::Frame {
                    width: line.right - first + 2.0 * pad,
                    height: size * BOX_HEIGHT_EM,
                    stroke: BOX_STROKE,
                },
            ));
        }
        for run in &line.runs {
            page.items.push((at, Item::Run(run.clone())));
            for (p, mark) in self.setter.marks(run) {
                let p = Point {
                    x: at.x + p.x,
                    y: at.y + p.y,
                };
                page.items.push((p, mark));
            }
        }
        page.lines.last_mut().expect("recorded above").items = first_item..page.items.len();
    }

    /// Records a placed line in `page.lines` for the layout JSON.
    fn record(&self, page: &mut Page, at: Point, role: Role, line: &SetLine, source: Source) {
        let left = line
            .runs
            .iter()
            .flat_map(|r| r.glyphs.first())
            .map(|g| g.x)
            .fold(f32::INFINITY, f32::min);
        let justified = self.style().role(role).align == Align::Justify;
        page.lines.push(LineInfo {
            role,
            text: line.runs.iter().map(|r| r.text.as_str()).collect(),
            x: at.x + if left.is_finite() { left } else { 0.0 },
            right: at.x + line.right,
            baseline: at.y,
            size: line.runs.iter().map(|r| r.size).fold(0.0, f32::max),
            story: source.story,
            block: source.block,
            paragraph_start: justified && line.start == 0,
            paragraph_end: justified && line.last,
            unfilled: line.unfilled,
            runs: RunInfo::all(&line.runs, self.setter.fonts),
            items: 0..0,
        });
    }
}

/// A page holding only `slots`, each at its grid row (title page, contents, colophon); no folio or
/// running head.
pub(super) fn slot_page(setter: &Setter, folio: u32, slots: &[(u32, Slot)]) -> Page {
    let grid = Grid::new(setter);
    let mut page = grid.new_page(folio);
    for (row, slot) in slots {
        grid.place(&mut page, *row, slot, Source::default());
    }
    page
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

/// The story a made-up page belongs to, for its running head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Owner {
    /// Index into the book's stories.
    pub story: usize,
    /// A story's opening page (or a blank verso before one): no running head.
    pub opening: bool,
}

/// The made-up story pages: pages, the story each belongs to, and one outline entry per story.
#[derive(Debug, Clone)]
pub(super) struct MadeUp {
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// The owner of each page.
    pub owners: Vec<Owner>,
    /// One bookmark per story; page indices count the front matter's pages too.
    pub outline: Vec<OutlineEntry>,
}

/// The make-up cursor: the pages made so far, the page being filled and its next free row.
pub(super) struct Work<'a> {
    grid: Grid<'a>,
    /// Pages before the first made here (the front matter).
    front: usize,
    made: MadeUp,
    /// The next free row of the last page.
    row: u32,
}

impl<'a> Work<'a> {
    /// A cursor making up pages after `front` pages of front matter (the first page made here has the
    /// folio `front + 1`).
    pub(super) fn new(setter: &'a Setter<'a>, front: usize) -> Work<'a> {
        Work {
            grid: Grid::new(setter),
            front,
            made: MadeUp {
                pages: Vec::new(),
                owners: Vec::new(),
                outline: Vec::new(),
            },
            row: 0,
        }
    }

    fn style(&self) -> &'a Style {
        self.grid.style()
    }

    /// Opens a new page at row 0.
    fn open_page(&mut self, owner: Owner) {
        let folio = (self.front + self.made.pages.len() + 1) as u32;
        self.made.pages.push(self.grid.new_page(folio));
        self.made.owners.push(owner);
        self.row = 0;
    }

    /// Sets where the current page's text begins, unless it is already set.
    fn anchor(&mut self, anchor: Anchor) {
        let page = self.made.pages.last_mut().expect("a page is open");
        page.anchor.get_or_insert(anchor);
    }

    /// Places `slot` at the cursor and moves the cursor below it.
    fn place(&mut self, slot: &Slot, source: Source) {
        let page = self.made.pages.last_mut().expect("a page is open");
        self.grid.place(page, self.row, slot, source);
        self.row += slot.rows;
    }

    /// Makes up story `si` from a new page (a recto when the style asks for recto openings, leaving a
    /// blank verso).
    pub(super) fn story(&mut self, si: usize, story: &StoryLayout) {
        if self.style().page.recto_openings && (self.front + self.made.pages.len()) % 2 == 1 {
            // the next page would be a verso (even folio): leave it blank, without furniture
            self.open_page(Owner {
                story: si.saturating_sub(1),
                opening: true,
            });
        }
        self.open_page(Owner {
            story: si,
            opening: true,
        });
        self.made.outline.push(OutlineEntry {
            title: story.headline.clone(),
            page: self.front + self.made.pages.len() - 1,
            y: self.grid.frame_top(),
            role: Role::Headline,
            block: None,
            level: 1,
            children: Vec::new(),
        });
        for (gi, group) in story.groups.iter().enumerate() {
            let next = story.groups.get(gi + 1);
            match group {
                Group::Keep { block, slots } => self.keep(si, *block, slots, next),
                Group::Figure {
                    block,
                    rows,
                    dx,
                    dy,
                    item,
                    alt,
                } => self.figure((si, *block, alt), *rows, (*dx, *dy), item),
                Group::Paragraph {
                    block,
                    role,
                    prefix,
                    base,
                    lines,
                } => self.paragraph(si, *block, *role, *base, *prefix, lines),
            }
        }
    }

    /// Opens a new page of story `si` when `need` rows do not fit below the cursor (and the cursor is not
    /// at the top already).
    fn make_room(&mut self, si: usize, need: u32) {
        if self.row > 0 && self.row + need > self.style().body.lines_per_page {
            self.open_page(Owner {
                story: si,
                opening: false,
            });
        }
    }

    fn keep(&mut self, si: usize, block: Option<usize>, slots: &[Slot], next: Option<&Group>) {
        let height: u32 = slots.iter().map(|s| s.rows).sum();
        self.make_room(si, height + first_need(next));
        // a heading's lines start its block (0); a table row's, where the row's text starts
        let offset = slots
            .iter()
            .find_map(|s| s.line.as_ref())
            .map_or(0, |l| l.start);
        self.anchor(Anchor {
            story: si,
            block,
            offset,
        });
        let source = Source {
            story: Some(si),
            block,
        };
        for slot in slots {
            if slot.line.is_none() && self.row == 0 {
                continue; // blank rows are dropped at the top of a page
            }
            self.place(slot, source);
        }
    }

    fn figure(
        &mut self,
        (si, block, alt): (usize, usize, &str),
        rows: u32,
        at: (f32, f32),
        item: &Item,
    ) {
        self.make_room(si, rows);
        self.anchor(Anchor {
            story: si,
            block: Some(block),
            offset: 0,
        });
        let style = self.style();
        let top = self.grid.frame_top() + self.row as f32 * style.body.pitch
            - (style.body.pitch - style.em()) / 2.0;
        let at = Point {
            x: self.grid.frame_left() + at.0,
            y: top + at.1,
        };
        let page = self.made.pages.last_mut().expect("a page is open");
        if let Item::Image { .. } = item {
            // an image is a figure of the text; a table's rules are drawn layout
            page.figures.push(FigureInfo {
                item: page.items.len(),
                story: si,
                block,
                alt: alt.to_string(),
            });
        }
        page.items.push((at, item.clone()));
        self.row += rows;
    }

    /// Places a paragraph's lines, breaking across pages with at least two lines on each side.
    fn paragraph(
        &mut self,
        si: usize,
        block: usize,
        role: Role,
        base: usize,
        prefix: usize,
        lines: &[SetLine],
    ) {
        let rows = self.style().body.lines_per_page;
        let source = Source {
            story: Some(si),
            block: Some(block),
        };
        let mut rest = lines;
        let mut first_chunk = true;
        while !rest.is_empty() {
            let avail = rows.saturating_sub(self.row) as usize;
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
            if let Some(first) = rest[..take].first() {
                self.anchor(Anchor {
                    story: si,
                    block: Some(block),
                    offset: base + first.start.saturating_sub(prefix),
                });
            }
            for line in &rest[..take] {
                // every line sits on a body baseline: its slot is the body em's
                let slot = Slot {
                    rows: 1,
                    size: self.style().em(),
                    line: Some(line.clone()),
                    role,
                    boxed: false,
                };
                self.place(&slot, source);
            }
            if take > 0 {
                first_chunk = false;
            }
            rest = &rest[take..];
            if !rest.is_empty() {
                self.open_page(Owner {
                    story: si,
                    opening: false,
                });
            }
        }
    }

    /// The pages made.
    pub(super) fn finish(self) -> MadeUp {
        self.made
    }
}
