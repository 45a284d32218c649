//! Page filling: where a story's groups fall on its pages, counted in grid rows, and the search that fills
//! every page but the story's last.
//!
//! Rules (clreq §3.5.4, §4.1.3, R4–R5): a heading (a kept group) never ends a page and takes the first
//! lines of what follows with it; a paragraph broken across pages leaves at least the style's orphans
//! (1 by default) at the page foot and never a widow (a last line alone) at the top of the next; a figure
//! moves whole. Books fill every page but a story's last: when a page would end short — or, orphans being
//! allowed, with a paragraph's first line alone at its foot — a paragraph on that page (or the one opening
//! the next) is set one line longer or shorter, no looser than a reader notices, before a grid row is left
//! empty. The space left above a heading moved over may stay empty (clreq §4.1.4), but is filled the same
//! way where a paragraph can give.

use std::ops::Range;

use super::groups::Group;

/// The fewest lines of a broken paragraph carried to the next page (no widows).
const WIDOWS: usize = 2;

/// A group, or a paragraph's lines `lines`, on one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Piece {
    /// Index of the group in the story.
    pub(super) group: usize,
    /// The paragraph lines on this page (empty for other groups).
    pub(super) lines: Range<usize>,
}

/// One page of a plan: its pieces and the first grid row left free below them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct PagePlan {
    pub(super) pieces: Vec<Piece>,
    pub(super) used: u32,
}

/// What the filler needs to know of a story: its groups, the grid and a way to learn how many lines a
/// paragraph takes set `delta` lines longer or shorter.
pub(super) struct Filler<'a> {
    pub(super) groups: &'a [Group],
    /// Grid rows on a page.
    pub(super) rows: u32,
    /// The fewest lines of a paragraph at a page foot when it runs on.
    pub(super) orphans: usize,
    /// The line count of paragraph group `g` set `delta` lines longer (`Some` when it can be).
    pub(super) variant: &'a mut dyn FnMut(usize, i32) -> Option<usize>,
}

impl Filler<'_> {
    /// The rows group `g` takes (a paragraph: its lines, as `deltas` sets it).
    fn count(&self, g: usize, natural: usize, deltas: &[i32], counts: &[Option<usize>]) -> usize {
        if deltas[g] == 0 {
            natural
        } else {
            counts[g].unwrap_or(natural)
        }
    }

    /// Where the groups fall when each paragraph has `lines[g]` lines.
    fn plan(&self, lines: &[usize]) -> Vec<PagePlan> {
        let rows = self.rows;
        let mut pages = vec![PagePlan::default()];
        let mut row = 0u32;
        let new_page = |pages: &mut Vec<PagePlan>, row: &mut u32| {
            pages.push(PagePlan::default());
            *row = 0;
        };
        for (g, group) in self.groups.iter().enumerate() {
            match group {
                Group::Keep { slots, .. } => {
                    let height: u32 = slots.iter().map(|s| s.rows).sum();
                    let need = height + first_need(self.groups.get(g + 1), lines.get(g + 1));
                    if row > 0 && row + need > rows {
                        new_page(&mut pages, &mut row);
                    }
                    for slot in slots {
                        if !(slot.line.is_none() && row == 0) {
                            row += slot.rows;
                        }
                    }
                    push(&mut pages, g, 0..0, row);
                }
                Group::Figure { rows: height, .. } => {
                    if row > 0 && row + height > rows {
                        new_page(&mut pages, &mut row);
                    }
                    row += height;
                    push(&mut pages, g, 0..0, row);
                }
                Group::Paragraph { .. } => {
                    let n = lines[g];
                    let mut done = 0;
                    while done < n {
                        let avail = rows.saturating_sub(row) as usize;
                        let rest = n - done;
                        let take = if rest <= avail {
                            rest
                        } else {
                            let k = avail.min(rest.saturating_sub(WIDOWS));
                            let least = if done == 0 { self.orphans } else { 1 };
                            if k >= least { k } else { 0 }
                        };
                        if take > 0 {
                            row += take as u32;
                            push(&mut pages, g, done..done + take, row);
                            done += take;
                        }
                        if done < n {
                            new_page(&mut pages, &mut row);
                        }
                    }
                }
            }
        }
        pages
    }

    /// Whether page `p` of `plan` is one a proofreader marks: not the story's last, and ending short with
    /// body text (not a heading) continuing on the next page, or ending with a paragraph's first line
    /// alone.
    fn faulty(&self, plan: &[PagePlan], p: usize, lines: &[usize]) -> bool {
        let Some(next) = plan.get(p + 1) else {
            return false;
        };
        let heading_next = next
            .pieces
            .first()
            .is_some_and(|piece| matches!(self.groups[piece.group], Group::Keep { .. }));
        let short = plan[p].used < self.rows && !heading_next;
        let orphan = plan[p]
            .pieces
            .last()
            .is_some_and(|piece| piece.lines == (0..1) && lines[piece.group] > 1);
        short || orphan
    }

    /// The paragraph groups whose lines are on page `p` or open page `p + 1`, the last first.
    fn candidates(&self, plan: &[PagePlan], p: usize) -> Vec<usize> {
        let mut out: Vec<usize> = plan[p]
            .pieces
            .iter()
            .chain(plan.get(p + 1).and_then(|next| next.pieces.first()))
            .map(|piece| piece.group)
            .filter(|&g| matches!(self.groups[g], Group::Paragraph { spans: Some(_), .. }))
            .collect();
        out.dedup();
        out.reverse();
        out
    }

    /// How far page `p` of `plan` is from full: its empty rows, and 100 more when it is faulty. 0 for the
    /// story's last page.
    fn shortfall(&self, plan: &[PagePlan], p: usize, lines: &[usize]) -> u32 {
        if p + 1 >= plan.len() {
            return 0;
        }
        let faulty = self.faulty(plan, p, lines) as u32;
        100 * faulty + self.rows.saturating_sub(plan[p].used)
    }

    /// The story's pages: each paragraph's line-count change (0, or ±1 where one fills a page) and the plan
    /// it gives. Pages are filled in order; while a page is faulty or ends short (even before a heading
    /// moved over), each candidate paragraph is tried one line longer and one line shorter, and the change
    /// that brings the page nearest to full — leaving every page before it sound — is kept. A page nothing
    /// mends stays as it is.
    pub(super) fn fill(&mut self) -> (Vec<i32>, Vec<PagePlan>) {
        let natural: Vec<usize> = (self.groups.iter())
            .map(|g| match g {
                Group::Paragraph { lines, .. } => lines.len(),
                _ => 0,
            })
            .collect();
        let mut deltas = vec![0i32; self.groups.len()];
        let mut counts: Vec<Option<usize>> = vec![None; self.groups.len()];
        let lines_of = |this: &Self, deltas: &[i32], counts: &[Option<usize>]| -> Vec<usize> {
            (0..natural.len())
                .map(|g| this.count(g, natural[g], deltas, counts))
                .collect()
        };
        let mut p = 0;
        loop {
            let mut lines = lines_of(self, &deltas, &counts);
            let mut plan = self.plan(&lines);
            if p + 1 >= plan.len() {
                return (deltas, plan);
            }
            loop {
                let mut best = self.shortfall(&plan, p, &lines);
                let mut change = None;
                for g in self.candidates(&plan, p) {
                    for delta in [1, -1] {
                        if best == 0 || deltas[g] != 0 {
                            continue;
                        }
                        let Some(n) = (self.variant)(g, delta) else {
                            continue;
                        };
                        let (mut d, mut c) = (deltas.clone(), counts.clone());
                        d[g] = delta;
                        c[g] = Some(n);
                        let tried = lines_of(self, &d, &c);
                        let trial = self.plan(&tried);
                        let sound = (0..p).all(|q| !self.faulty(&trial, q, &tried));
                        let shortfall = self.shortfall(&trial, p, &tried);
                        if sound && shortfall < best {
                            best = shortfall;
                            change = Some((d, c, tried, trial));
                        }
                    }
                }
                let Some((d, c, tried, trial)) = change else {
                    break;
                };
                (deltas, counts, lines, plan) = (d, c, tried, trial);
            }
            p += 1;
        }
    }
}

/// Adds the piece of group `g` (lines `lines`) to the last page, whose rows are now used down to `row`.
fn push(pages: &mut [PagePlan], g: usize, lines: Range<usize>, row: u32) {
    let page = pages.last_mut().expect("a page");
    page.pieces.push(Piece { group: g, lines });
    page.used = row;
}

/// The rows the first part of `group` (a paragraph of `lines` lines) needs when it follows a kept heading:
/// a paragraph of up to three lines whole, else two lines.
fn first_need(group: Option<&Group>, lines: Option<&usize>) -> u32 {
    match group {
        Some(Group::Paragraph { .. }) => {
            let l = lines.copied().unwrap_or(0) as u32;
            if l <= 3 { l } else { 2 }
        }
        Some(Group::Keep { slots, .. }) => slots.iter().map(|s| s.rows).sum(),
        Some(Group::Figure { rows, .. }) => *rows,
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::Role;
    use crate::typeset::groups::Slot;
    use crate::typeset::line::SetLine;

    /// A paragraph group of `n` blank lines that make-up may set again.
    fn para(n: usize) -> Group {
        let line = SetLine {
            runs: Vec::new(),
            left: 0.0,
            right: 0.0,
            last: false,
            unfilled: false,
            han: 2,
            start: 0,
        };
        Group::Paragraph {
            block: 0,
            role: Role::Body,
            prefix: 0,
            base: 0,
            lines: vec![line; n],
            spans: Some(Vec::new()),
            shaped: None,
        }
    }

    /// A subhead: a blank row and a line, kept with what follows.
    fn subhead() -> Group {
        let mut slots = Slot::blanks(1);
        slots.extend(Slot::blanks(1).into_iter().map(|mut s| {
            s.line = Some(SetLine {
                runs: Vec::new(),
                left: 0.0,
                right: 0.0,
                last: true,
                unfilled: false,
                han: 2,
                start: 0,
            });
            s
        }));
        Group::Keep {
            block: Some(0),
            slots,
        }
    }

    /// Fills `groups` on pages of `rows` rows; `longer`/`shorter` say which groups can be set a line
    /// longer or shorter. Returns the deltas and the rows used on each page.
    fn fill(
        groups: &[Group],
        rows: u32,
        orphans: usize,
        flexible: &[(usize, i32)],
    ) -> (Vec<i32>, Vec<u32>) {
        let mut variant = |g: usize, delta: i32| -> Option<usize> {
            let Group::Paragraph { lines, .. } = &groups[g] else {
                return None;
            };
            flexible
                .contains(&(g, delta))
                .then(|| (lines.len() as i32 + delta) as usize)
        };
        let mut filler = Filler {
            groups,
            rows,
            orphans,
            variant: &mut variant,
        };
        let (deltas, plan) = filler.fill();
        (deltas, plan.iter().map(|p| p.used).collect())
    }

    #[test]
    fn a_paragraph_breaks_without_a_widow_and_with_the_styles_orphans() {
        // 8 rows: 6 lines, then a 4-line paragraph: 2 fit, 2 go over
        let groups = [para(6), para(4)];
        let (_, used) = fill(&groups, 8, 1, &[]);
        assert_eq!(used, [8, 2]);
        // 7 lines first: one row left; orphans 1 puts the first line there
        let groups = [para(7), para(4)];
        assert_eq!(fill(&groups, 8, 1, &[]).1, [8, 3]);
        // orphans 2 leaves the row empty
        assert_eq!(fill(&groups, 8, 2, &[]).1, [7, 4]);
        // a 3-line paragraph with 2 rows left: 1 line here, 2 over (never 2 here and a widow over)
        let groups = [para(6), para(3)];
        assert_eq!(fill(&groups, 8, 1, &[]).1, [7, 2]);
    }

    #[test]
    fn a_page_that_would_end_short_is_filled_by_a_paragraph_a_line_longer() {
        // 6 + 3 lines on 8 rows: the 3-line paragraph would leave a row empty (or an orphan); set a line
        // longer it splits 2 + 2 and the page is full
        let groups = [para(6), para(3)];
        let (deltas, used) = fill(&groups, 8, 1, &[(1, 1)]);
        assert_eq!(deltas, [0, 1]);
        assert_eq!(used, [8, 2]);
        // or the first a line longer: 7 + 1 … an orphan; one shorter: 5 lines, then all 3 fit
        let (deltas, used) = fill(&groups, 8, 1, &[(0, -1)]);
        assert_eq!(deltas, [-1, 0]);
        assert_eq!(used, [8]);
    }

    #[test]
    fn an_orphan_is_mended_when_a_paragraph_can_give() {
        let groups = [para(7), para(4)];
        let (deltas, used) = fill(&groups, 8, 1, &[(0, 1)]);
        assert_eq!(deltas, [1, 0]);
        assert_eq!(used, [8, 4]);
    }

    #[test]
    fn the_space_above_a_heading_moved_over_is_filled_where_a_paragraph_can_give() {
        // 5 lines, then a subhead (2 rows) kept with 2 lines of what follows: 9 rows, so it moves over,
        // and at the top of a page its blank row is dropped
        let groups = [para(5), subhead(), para(5)];
        let (deltas, used) = fill(&groups, 8, 1, &[]);
        assert_eq!((deltas, used), (vec![0, 0, 0], vec![5, 6]));
        // the first paragraph a line shorter brings the subhead and two lines up: the page is full
        let (deltas, used) = fill(&groups, 8, 1, &[(0, -1), (0, 1)]);
        assert_eq!((deltas, used), (vec![-1, 0, 0], vec![8, 3]));
    }

    #[test]
    fn a_fault_nothing_mends_stays() {
        let groups = [para(6), para(3)];
        let (deltas, used) = fill(&groups, 8, 1, &[]);
        assert_eq!(deltas, [0, 0]);
        assert_eq!(used, [7, 2]);
    }
}
