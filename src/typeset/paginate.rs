//! Page make-up: stories → pages on a baseline grid, with the heading block, subheads, orphans and widows,
//! every page but a story's last filled; then the page furniture (running heads and folios) as a step of
//! its own.
//!
//! Rules (clreq §2.3, §3.5.4, §4.1.3; see `../shared/reference/clreq-spec.md` R4–R5):
//! - every body baseline sits on a grid of `lines-per-page` rows at a constant pitch; heading blocks and
//!   subheads take whole rows, so the body never leaves the grid (clreq §2.3.3);
//! - each story opens a new page (optionally a recto);
//! - where each group falls, and which paragraphs are set a line looser or tighter so that pages fill, is
//!   the filler's (`fill`); this module places the lines where it says;
//! - folios at the outer foot of every story page; running heads (book title on versos, the story's
//!   headline on rectos) on every story page but a story's opening page.
//!
//! Make-up is a cursor, [`Work`]: the pages made so far, the page being filled and its next free row.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;

use super::fill::{Filler, Filling};
use super::grid::{Grid, Source};
use super::groups::{Group, Slot, StoryLayout};
use super::line::{SetLine, Shaped};
use super::page::{Anchor, FigureInfo, Item, OutlineEntry, Page, Point};
use super::setter::Setter;
use crate::style::{Align, Role, Style};

/// Rows between the top of the text frame and the running head's row (the running head sits two rows
/// above the first body line).
const RUNNING_HEAD_ROW: i32 = -2;
/// Rows between the last body row and the folio's row.
const FOLIO_ROWS_BELOW: i32 = 2;

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

/// The filler's plan for a story, made at once ([`Work::plan`]) or as the story is set ([`Plan::step`]):
/// the fill so far (each group's change of line count, 0 or ±1 for a paragraph set looser or tighter, and
/// the pieces on each page), each paragraph's shaped text until it is settled and the breaks found for
/// it, the lines of each paragraph set looser or tighter, the lines of each paragraph being placed, and
/// how many of the plan's pages are final and how many are placed.
pub(super) struct Plan {
    filling: Filling,
    shapes: Vec<Option<Box<Shaped>>>,
    found: HashMap<(usize, i32), Option<Vec<usize>>>,
    variants: HashMap<usize, Vec<SetLine>>,
    set: HashMap<usize, (Vec<Option<SetLine>>, usize)>,
    done: usize,
    placed: usize,
}

impl Plan {
    /// A story's plan before its first group.
    pub(super) fn new() -> Plan {
        Plan {
            filling: Filling::new(),
            shapes: Vec::new(),
            found: HashMap::new(),
            variants: HashMap::new(),
            set: HashMap::new(),
            done: 0,
            placed: 0,
        }
    }

    /// Goes on with the plan over `story`'s groups set so far (`complete`: all of them), set by
    /// `setter` ([`Filler::step`]). A paragraph's looser and tighter breaks are found together when the
    /// filler first asks for either; only the settings it keeps are set into lines. Each paragraph's
    /// shaped text is taken from `story` and let go as soon as the filler is done with the paragraph (its
    /// kept setting set by then), so that a long story's make-up holds the shaped text of a few pages,
    /// not of the whole story (issue 13).
    pub(super) fn step(&mut self, setter: &Setter, story: &mut StoryLayout, complete: bool) {
        for group in &mut story.groups[self.shapes.len()..] {
            self.shapes.push(match group {
                Group::Paragraph { shaped, .. } => shaped.take(),
                _ => None,
            });
        }
        let story = &*story;
        // each paragraph's shaped text (until settled), and the breaks found for it, by change
        let held = RefCell::new((&mut self.shapes, &mut self.found));
        let mut variant = |g: usize, delta: i32| -> Option<usize> {
            let Group::Paragraph {
                role,
                spans: Some(spans),
                lines,
                ..
            } = &story.groups[g]
            else {
                return None;
            };
            let (shapes, found) = &mut *held.borrow_mut();
            if !found.contains_key(&(g, delta)) {
                // a line tighter and a line looser, asked for one after the other, in one pass
                let deltas = if delta.abs() == 1 {
                    vec![-1, 1]
                } else {
                    vec![delta]
                };
                let counts: Vec<usize> = (deltas.iter())
                    .map(|d| usize::try_from(lines.len() as i32 + d).unwrap_or(0))
                    .collect();
                // shaped again when the story did not keep it, and kept until the group is settled (its
                // kept setting is set from it then)
                let shaped = shapes[g].get_or_insert_with(|| Box::new(setter.shape(*role, spans)));
                let breaks = setter.count_breaks(*role, spans, shaped, &counts);
                found.extend(deltas.into_iter().map(|d| (g, d)).zip(breaks));
            }
            found[&(g, delta)].as_ref().map(|b| b.len() - 1)
        };
        let variants = &mut self.variants;
        let mut settled = |g: usize, delta: i32| {
            let (shapes, found) = &mut *held.borrow_mut();
            let shaped = shapes[g].take();
            let kept = found.remove(&(g, delta));
            found.remove(&(g, 1));
            found.remove(&(g, -1));
            if let (Some(Some(breaks)), true) = (kept, delta != 0) {
                let lines = set_kept(setter, &story.groups[g], shaped.as_deref(), &breaks);
                variants.extend(lines.map(|lines| (g, lines)));
            }
        };
        let mut filler = Filler {
            groups: &story.groups,
            complete,
            rows: setter.style.body.lines_per_page,
            orphans: setter.style.body.orphans as usize,
            variant: &mut variant,
            settled: &mut settled,
        };
        self.done = filler.step(&mut self.filling);
    }

    /// Paragraph group `g`'s lines `range` as the plan sets them (the looser or tighter setting where it
    /// asks), taken out; the paragraph's lines and spans are let go once every line is taken.
    fn take_lines(
        &mut self,
        story: &mut StoryLayout,
        g: usize,
        range: Range<usize>,
    ) -> Vec<SetLine> {
        let Group::Paragraph { lines, spans, .. } = &mut story.groups[g] else {
            return Vec::new();
        };
        // the paragraph's lines, each until it is taken, and how many are not taken yet (counted, not
        // looked for: a paragraph over many pages would be read from its start for each page)
        let (all, left) = self.set.entry(g).or_insert_with(|| {
            let chosen = match self.filling.deltas()[g] {
                0 => None,
                _ => self.variants.remove(&g),
            };
            let chosen = chosen.unwrap_or_else(|| std::mem::take(lines));
            let count = chosen.len();
            (chosen.into_iter().map(Some).collect(), count)
        });
        let taken: Vec<SetLine> = (all.get_mut(range))
            .map(|piece| piece.iter_mut().filter_map(Option::take).collect())
            .unwrap_or_default();
        *left -= taken.len();
        if *left == 0 {
            self.set.remove(&g);
            // settled: never a candidate again (an empty list keeps it one make-up may set again)
            if let Some(spans) = spans {
                *spans = Vec::new();
            }
        }
        taken
    }
}

/// The make-up cursor: the pages made so far, the page being filled and its next free row.
pub(super) struct Work<'a> {
    grid: Grid<'a>,
    /// Pages before the first made here (the front matter).
    front: usize,
    made: MadeUp,
    /// The next free row of the last page.
    row: u32,
    /// The pages furnished so far ([`Furnisher::furnish`]).
    furnished: usize,
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
            furnished: 0,
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

    /// Makes up story `si` from a new page by `plan`, the filler's plan for it made at once ([`Work::plan`]:
    /// where each group falls and which paragraphs are set a line looser or tighter); the lines are
    /// placed page by page. Each paragraph's lines move from `story` to the pages (the story keeps its
    /// headline and the rest).
    pub(super) fn story(&mut self, si: usize, story: &mut StoryLayout, mut plan: Plan) {
        self.open_story(si);
        self.place_final(si, story, &mut plan);
    }

    /// Opens story `si`'s make-up: a blank verso first when the style asks for recto openings and the
    /// next page would be a verso.
    pub(super) fn open_story(&mut self, si: usize) {
        if self.style().page.recto_openings && (self.front + self.made.pages.len()) % 2 == 1 {
            // the next page would be a verso (even folio): leave it blank, without furniture
            self.open_page(Owner {
                story: si.saturating_sub(1),
                opening: true,
            });
        }
    }

    /// Places the pages of story `si` that `plan` has made final since the last call, each on a new page
    /// ([`Work::open_story`] first); each paragraph's lines move from `story` to the pages.
    pub(super) fn place_final(&mut self, si: usize, story: &mut StoryLayout, plan: &mut Plan) {
        for p in plan.placed..plan.done {
            self.open_page(Owner {
                story: si,
                opening: p == 0,
            });
            if p == 0 {
                self.made.outline.push(OutlineEntry {
                    title: story.headline.clone(),
                    page: self.front + self.made.pages.len() - 1,
                    y: self.grid.frame_top(),
                    role: Role::Headline,
                    block: None,
                    level: 1,
                    children: Vec::new(),
                });
            }
            for pi in 0..plan.filling.pages()[p].pieces.len() {
                let piece = plan.filling.pages()[p].pieces[pi].clone();
                let lines = plan.take_lines(story, piece.group, piece.lines);
                match &story.groups[piece.group] {
                    Group::Keep { block, slots } => self.keep(si, *block, slots),
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
                        ..
                    } => {
                        let source = Source {
                            story: Some(si),
                            block: Some(*block),
                        };
                        let at = (*base, *prefix);
                        self.paragraph(source, *role, at, lines);
                    }
                }
            }
        }
        plan.placed = plan.done;
    }

    /// The setter the pages are set by.
    pub(super) fn setter(&self) -> &'a Setter<'a> {
        self.grid.setter
    }

    /// The filler's plan for `story`, made at once ([`Plan::step`] over the whole story). It depends on
    /// the story and the style only, not on where the story falls, so the plans of a book's stories are
    /// made at once (in parallel) and then followed in order.
    pub(super) fn plan(&self, story: &mut StoryLayout) -> Plan {
        let mut plan = Plan::new();
        plan.step(self.grid.setter, story, true);
        plan
    }

    /// Places a kept group's slots at the cursor, blank rows dropped at the top of a page.
    fn keep(&mut self, si: usize, block: Option<usize>, slots: &[Slot]) {
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
        offset: (f32, f32),
        item: &Item,
    ) {
        self.anchor(Anchor {
            story: si,
            block: Some(block),
            offset: 0,
        });
        let style = self.style();
        let top = self.grid.frame_top() + self.row as f32 * style.body.pitch
            - (style.body.pitch - style.em()) / 2.0;
        let page = self.made.pages.last_mut().expect("a page is open");
        let at = Point {
            x: self.grid.frame_left(page.folio) + offset.0,
            y: top + offset.1,
        };
        // a table's rules are drawn like a figure but are not one (no alt text: a layout artifact)
        if let Item::Image { .. } = item {
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

    /// Places paragraph lines at the cursor, one row each on the body's baselines; `at` is the text's
    /// byte offset in its block and the run-in text's length, for the page's anchor.
    fn paragraph(&mut self, source: Source, role: Role, at: (usize, usize), lines: Vec<SetLine>) {
        let (base, prefix) = at;
        if let (Some(first), Some(story)) = (lines.first(), source.story) {
            self.anchor(Anchor {
                story,
                block: source.block,
                offset: base + first.start.saturating_sub(prefix),
            });
        }
        for line in lines {
            let page = self.made.pages.last_mut().expect("a page is open");
            self.grid.place_line(page, self.row, line, role, source);
            self.row += 1;
        }
    }

    /// The pages made so far (the last may still be filled).
    pub(super) fn pages(&self) -> &[Page] {
        &self.made.pages
    }

    /// The pages `range` of those made, taken out: each leaves a page with its size, boxes, folio and
    /// anchor but nothing on it, until it is put back ([`Work::put_back`]).
    pub(super) fn take_pages(&mut self, range: std::ops::Range<usize>) -> Vec<Page> {
        (self.made.pages[range].iter_mut())
            .map(|page| {
                let hollow = Page {
                    items: Vec::new(),
                    lines: Vec::new(),
                    figures: Vec::new(),
                    links: Vec::new(),
                    ..*page
                };
                std::mem::replace(page, hollow)
            })
            .collect()
    }

    /// Puts `page` back as page `index` of those made (taken out by [`Work::take_pages`]).
    pub(super) fn put_back(&mut self, index: usize, page: Page) {
        self.made.pages[index] = page;
    }

    /// The pages made.
    pub(super) fn finish(self) -> MadeUp {
        self.made
    }
}

/// Paragraph `group` set at `breaks` (the setting the filler kept), from its shaped text when it was kept
/// (`shaped`), else shaped again; `None` for a group that is no paragraph make-up may set again.
fn set_kept(
    setter: &Setter,
    group: &Group,
    shaped: Option<&Shaped>,
    breaks: &[usize],
) -> Option<Vec<SetLine>> {
    let Group::Paragraph {
        role,
        spans: Some(spans),
        ..
    } = group
    else {
        return None;
    };
    Some(match shaped {
        Some(shaped) => setter.set_breaks(*role, spans, shaped, breaks),
        None => setter.set_breaks(*role, spans, &setter.shape(*role, spans), breaks),
    })
}

/// The page furniture, added to made-up pages story by story ([`Furnisher::furnish`]): a running head two
/// rows above the frame on every page but a story's opening page (the book's title on versos, the story's
/// headline on rectos) and a folio below the frame, each in its role's look; a role aligned `outer` sits
/// at the end of the measure on a recto and at its start on a verso. Blank pages carry nothing. The book's
/// title is set once, when a verso first needs it.
pub(super) struct Furnisher<'a> {
    grid: Grid<'a>,
    setter: &'a Setter<'a>,
    title: &'a str,
    verso_head: OnceLock<Option<SetLine>>,
}

impl<'a> Furnisher<'a> {
    /// A furnisher for a book titled `title`, set by `setter`.
    pub(super) fn new(title: &'a str, setter: &'a Setter<'a>) -> Furnisher<'a> {
        Furnisher {
            grid: Grid::new(setter),
            setter,
            title,
            verso_head: OnceLock::new(),
        }
    }

    /// Furnishes the pages of `work` made since the last call (every page a story's make-up finished,
    /// [`Work::story`]; `headline` is the story's, for its rectos) and gives back their range in `work`'s
    /// pages. Each page is complete then: its lists give back the room they grew by. The pages are
    /// furnished in parallel (rayon), each on its own.
    pub(super) fn furnish(&self, work: &mut Work, headline: &str) -> std::ops::Range<usize> {
        let done = work.furnished..work.made.pages.len();
        work.furnished = done.end;
        let setter = self.setter;
        let style = setter.style;
        let rows = style.body.lines_per_page as i32;
        let grid = &self.grid;
        let recto_head: OnceLock<Option<SetLine>> = OnceLock::new();
        let head = |text: &str| setter.set_text(Role::RunningHead, text).into_iter().next();
        let pages = &mut work.made.pages[done.clone()];
        let owners = &work.made.owners[done.clone()];
        (pages.par_iter_mut().zip(owners)).for_each(|(page, owner)| {
            if page.items.is_empty() {
                return;
            }
            let recto = page.folio % 2 == 1;
            if !owner.opening {
                let line = match recto {
                    true => recto_head.get_or_init(|| head(headline)),
                    false => self.verso_head.get_or_init(|| head(self.title)),
                };
                if let Some(line) = line.clone() {
                    let size = style.roles.running_head.size;
                    let y = grid.baseline(RUNNING_HEAD_ROW, 1, size);
                    let at = outer(grid, page.folio, Role::RunningHead, &line, y);
                    let source = Source {
                        story: Some(owner.story),
                        block: None,
                    };
                    grid.put(page, at, line, Role::RunningHead, None, source);
                }
            }
            let folio = setter
                .set_text(Role::Folio, &page.folio.to_string())
                .remove(0);
            let y = grid.baseline(rows - 1 + FOLIO_ROWS_BELOW, 1, style.roles.folio.size);
            let at = outer(grid, page.folio, Role::Folio, &folio, y);
            grid.put(page, at, folio, Role::Folio, None, Source::default());
            page.items.shrink_to_fit();
            page.lines.shrink_to_fit();
        });
        done
    }
}

/// The origin of a furniture line of `role` on baseline `y` of the page with folio `folio`: moved to the
/// end of the measure on a recto when the role is aligned `outer`.
fn outer(grid: &Grid, folio: u32, role: Role, line: &SetLine, y: f32) -> Point {
    let x0 = grid.frame_left(folio);
    let recto = folio % 2 == 1;
    let x = if grid.style().role(role).align == Align::Outer && recto {
        x0 + grid.style().measure() - line.right
    } else {
        x0
    };
    Point { x, y }
}
