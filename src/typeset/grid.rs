//! The baseline grid and placement of set lines on a page: the text frame (mirrored margins: the inner
//! margin at the binding, on the left of a recto and the right of a verso), each row's baseline, a line's
//! glyph runs, marks and ruled box, and the record the layout JSON reads.

use super::groups::Slot;
use super::line::SetLine;
use super::page::{Item, LineInfo, Page, Point, Rect};
use super::setter::Setter;
use crate::style::{Align, Role, Style};

/// Stroke of the column tag's box, pt.
const BOX_STROKE: f32 = 0.5;
/// Space between the column tag's ink and its box on every side, in ems of the tag.
const BOX_PAD_EM: f32 = 0.5;

/// Grid geometry and placement of set lines on a page.
pub(super) struct Grid<'a> {
    pub(super) setter: &'a Setter<'a>,
    /// Ratio of the em box's top to the baseline (typo ascender / em).
    pub(super) ascent: f32,
}

/// Where a placed line comes from in the book.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Source {
    pub(super) story: Option<usize>,
    pub(super) block: Option<usize>,
}

impl<'a> Grid<'a> {
    pub(super) fn new(setter: &'a Setter<'a>) -> Grid<'a> {
        let ascent = setter.fonts.em_box_ascent(setter.style.roles.body.font);
        Grid { setter, ascent }
    }

    pub(super) fn style(&self) -> &'a Style {
        self.setter.style
    }

    pub(super) fn frame_top(&self) -> f32 {
        self.style().page.bleed + self.style().page.margin_top
    }

    /// Left edge of the text frame on the page with folio `folio`: the inner margin on a recto (odd
    /// folio), the outer margin on a verso.
    pub(super) fn frame_left(&self, folio: u32) -> f32 {
        self.style().page.bleed + self.style().margin_left(folio % 2 == 1)
    }

    /// Baseline of an em box of `size` centred in `rows` rows starting at `row`.
    pub(super) fn baseline(&self, row: i32, rows: u32, size: f32) -> f32 {
        let s = self.style();
        let slot_top = self.frame_top() + row as f32 * s.body.pitch - (s.body.pitch - s.em()) / 2.0;
        slot_top + (rows as f32 * s.body.pitch - size) / 2.0 + self.ascent * size
    }

    /// An empty page with folio `folio`.
    pub(super) fn new_page(&self, folio: u32) -> Page {
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

    /// Places `slot` at `row` of the frame (a copy of its line: the slot stays as it is).
    pub(super) fn place(&self, page: &mut Page, row: u32, slot: &Slot, source: Source) {
        let Some(line) = &slot.line else { return };
        self.place_in(page, row, slot, line.clone(), source);
    }

    /// Places `line` at `row` of the frame as [`Grid::place`] places a slot's line, in a slot of the rows,
    /// size, role and box of `slot` (whose own line is not read): the line moves to the page.
    pub(super) fn place_in(
        &self,
        page: &mut Page,
        row: u32,
        slot: &Slot,
        line: SetLine,
        source: Source,
    ) {
        let at = Point {
            x: self.frame_left(page.folio),
            y: self.baseline(row as i32, slot.rows, slot.size),
        };
        let boxed = slot.boxed.then_some(slot.size);
        self.put(page, at, line, slot.role, boxed, source);
    }

    /// Places `line` of `role`, one row high at the body's size, at `row` of the frame; its glyph runs
    /// move to the page (a paragraph's lines, placed once).
    pub(super) fn place_line(
        &self,
        page: &mut Page,
        row: u32,
        line: SetLine,
        role: Role,
        source: Source,
    ) {
        let at = Point {
            x: self.frame_left(page.folio),
            y: self.baseline(row as i32, 1, self.style().em()),
        };
        self.put(page, at, line, role, None, source);
    }

    /// Puts `line` on `page` with its origin at `at` (on the baseline): records it for the layout JSON,
    /// draws its box (for a boxed line of `boxed` pt), then each run followed by its marks.
    pub(super) fn put(
        &self,
        page: &mut Page,
        at: Point,
        line: SetLine,
        role: Role,
        boxed: Option<f32>,
        source: Source,
    ) {
        self.record(page, at, role, &line, source);
        let first_item = page.items.len();
        if let Some(size) = boxed
            && let Some(frame) = self.ink_box(at, &line, size)
        {
            page.items.push(frame);
        }
        for run in line.runs {
            let marks = self.setter.marks(&run);
            page.items.push((at, Item::Run(run)));
            for (p, mark) in marks {
                let p = Point {
                    x: at.x + p.x,
                    y: at.y + p.y,
                };
                page.items.push((p, mark));
            }
        }
        page.lines.last_mut().expect("recorded above").items = first_item..page.items.len();
    }

    /// The box around a line set at `size` pt with its origin at `at`: [`BOX_PAD_EM`] outside the ink of
    /// its glyphs on every side (the blank halves of its marks trimmed, so the box sits square on what
    /// shows).
    fn ink_box(&self, at: Point, line: &SetLine, size: f32) -> Option<(Point, Item)> {
        let mut ink = [
            f32::INFINITY,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NEG_INFINITY,
        ];
        for run in &line.runs {
            for g in &run.glyphs {
                if let Some([x0, y0, x1, y1]) = self.setter.fonts.ink(run.font, g.id, run.size) {
                    ink[0] = ink[0].min(g.x + x0);
                    ink[1] = ink[1].min(y0);
                    ink[2] = ink[2].max(g.x + x1);
                    ink[3] = ink[3].max(y1);
                }
            }
        }
        if !ink[0].is_finite() {
            return None;
        }
        let pad = size * BOX_PAD_EM;
        let corner = Point {
            x: at.x + ink[0] - pad,
            y: at.y - ink[3] - pad,
        };
        let frame = Item::Frame {
            width: ink[2] - ink[0] + 2.0 * pad,
            height: ink[3] - ink[1] + 2.0 * pad,
            stroke: BOX_STROKE,
        };
        Some((corner, frame))
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
