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

/// What the filler needs to know of a story: its groups (all of them, or those set so far), the grid and
/// a way to learn how many lines a paragraph takes set `delta` lines longer or shorter.
pub(super) struct Filler<'a> {
    pub(super) groups: &'a [Group],
    /// Whether `groups` is the whole story (else more are to come: [`Filler::step`]).
    pub(super) complete: bool,
    /// Grid rows on a page.
    pub(super) rows: u32,
    /// The fewest lines of a paragraph at a page foot when it runs on.
    pub(super) orphans: usize,
    /// The line count of paragraph group `g` set `delta` lines longer (`Some` when it can be).
    pub(super) variant: &'a mut dyn FnMut(usize, i32) -> Option<usize>,
    /// Told of each group, in order, with its line-count change, once the filler will ask nothing more of
    /// it (so that what make-up keeps to set it again can go: a long story's shaped text).
    pub(super) settled: &'a mut dyn FnMut(usize, i32),
}

/// Where the plan goes on: the group that opens the next page and how many of its lines (a paragraph's)
/// are on the pages before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Resume {
    group: usize,
    done: usize,
}

impl Resume {
    /// The story's start.
    const START: Resume = Resume { group: 0, done: 0 };
}

/// A plan that needs a group the story has not given yet ([`Filler::step`]): it is made again once more
/// groups are given.
struct Starved;

/// A story's fill as far as it has gone ([`Filler::step`]): each paragraph group's line count and change,
/// the plan so far, where planning goes on, the page being filled, the first faulty page before it and
/// the groups settled.
#[derive(Debug, Clone)]
pub(super) struct Filling {
    lines: Vec<usize>,
    deltas: Vec<i32>,
    plan: Vec<PagePlan>,
    more: Option<Resume>,
    first_faulty: Option<usize>,
    settled: usize,
    p: usize,
}

impl Filling {
    /// A story's fill before its first page.
    pub(super) fn new() -> Filling {
        Filling {
            lines: Vec::new(),
            deltas: Vec::new(),
            plan: Vec::new(),
            more: Some(Resume::START),
            first_faulty: None,
            settled: 0,
            p: 0,
        }
    }

    /// The plan's pages so far (those before [`Filler::step`]'s count are final).
    pub(super) fn pages(&self) -> &[PagePlan] {
        &self.plan
    }

    /// Each group's line-count change so far (final for a settled group).
    pub(super) fn deltas(&self) -> &[i32] {
        &self.deltas
    }

    /// The pages no later try can move: those before the last page up to the one being filled that opens
    /// with a settled group lying before the group ahead of the filled page's first. Every try from here
    /// on changes a group from that first on, and is planned again from no earlier than that page
    /// ([`Filler::restart`]).
    fn final_pages(&self) -> usize {
        let first = |q: usize| self.plan.get(q)?.pieces.first().map(|piece| piece.group);
        let Some(filled) = first(self.p) else {
            return 0;
        };
        (0..=self.p)
            .rev()
            .find(|&q| first(q).is_some_and(|g| g + 1 < filled && g < self.settled))
            .unwrap_or(0)
    }
}

/// A change the filler tried: paragraph group `group` set `delta` lines longer (`count` lines), and the
/// plan it gives from page `from` on (up to the page after the one being filled), with where that plan
/// goes on.
struct Change {
    group: usize,
    delta: i32,
    count: usize,
    from: usize,
    pages: Vec<PagePlan>,
    more: Option<Resume>,
}

impl Filler<'_> {
    /// Appends to `pages` where the groups fall when each paragraph group `g` has `lines[g]` lines, from a
    /// fresh page that `from` opens: until every group is placed (`None`), or until a page after page
    /// `last` would open (`Some`: what opens it; the pages up to `last` are then whole). A page opens the
    /// same way whatever came before it, so a plan made in pieces is the plan made at once. [`Starved`]
    /// when the story is not complete and the plan would need a group it has not given (or the one after
    /// it: a heading's need); the pages appended are then partial.
    fn plan_into(
        &self,
        lines: &[usize],
        pages: &mut Vec<PagePlan>,
        from: Resume,
        last: usize,
    ) -> Result<Option<Resume>, Starved> {
        let rows = self.rows;
        pages.push(PagePlan::default());
        let mut row = 0u32;
        for (g, group) in self.groups.iter().enumerate().skip(from.group) {
            if !self.complete && g + 1 >= self.groups.len() {
                return Err(Starved);
            }
            match group {
                Group::Keep { slots, .. } => {
                    let height: u32 = slots.iter().map(|s| s.rows).sum();
                    let need = height + first_need(self.groups.get(g + 1), lines.get(g + 1));
                    if row > 0 && row + need > rows {
                        if pages.len() > last {
                            return Ok(Some(Resume { group: g, done: 0 }));
                        }
                        pages.push(PagePlan::default());
                        row = 0;
                    }
                    for slot in slots {
                        if !(slot.line.is_none() && row == 0) {
                            row += slot.rows;
                        }
                    }
                    push(pages, g, 0..0, row);
                }
                Group::Figure { rows: height, .. } => {
                    if row > 0 && row + height > rows {
                        if pages.len() > last {
                            return Ok(Some(Resume { group: g, done: 0 }));
                        }
                        pages.push(PagePlan::default());
                        row = 0;
                    }
                    row += height;
                    push(pages, g, 0..0, row);
                }
                Group::Paragraph { .. } => {
                    let n = lines[g];
                    let mut done = if g == from.group { from.done } else { 0 };
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
                            push(pages, g, done..done + take, row);
                            done += take;
                        }
                        if done < n {
                            if pages.len() > last {
                                return Ok(Some(Resume { group: g, done }));
                            }
                            pages.push(PagePlan::default());
                            row = 0;
                        }
                    }
                }
            }
        }
        match self.complete {
            true => Ok(None),
            false => Err(Starved),
        }
    }

    /// The page from which the plan is made again when paragraph group `g` (on page `p` or opening page
    /// `p + 1`) changes its line count: the last page up to `p` that a group before `g - 1` opens, or the
    /// first. How such a page opens depends on no line count from `g` on: neither how `g`'s lines split
    /// nor whether a heading just before `g` goes over with its first lines.
    fn restart(plan: &[PagePlan], p: usize, g: usize) -> usize {
        let mut q = p.min(plan.len() - 1);
        while q > 0
            && plan[q]
                .pieces
                .first()
                .is_none_or(|piece| piece.group + 1 >= g)
        {
            q -= 1;
        }
        q
    }

    /// Paragraph group `g` tried `delta` lines longer (`n` lines) while page `p` is filled: page `p`'s
    /// shortfall and the change, the plan made again from the page the change can first move
    /// ([`Filler::restart`]) up to page `p + 1`; `None` when a page before `p` is then faulty
    /// (`first_faulty`: the first faulty page of `plan` before `p`, which stays when the change starts
    /// after it). `plan` and `lines` are left as they were, also when the plan is [`Starved`].
    fn try_change(
        &self,
        (plan, lines): (&mut Vec<PagePlan>, &mut [usize]),
        p: usize,
        first_faulty: Option<usize>,
        (g, delta, n): (usize, i32, usize),
    ) -> Result<Option<(u32, Change)>, Starved> {
        let from = Self::restart(plan, p, g);
        if first_faulty.is_some_and(|f| f < from) {
            return Ok(None);
        }
        let opening = Self::opening(plan, from);
        let kept = plan.split_off(from);
        let count = std::mem::replace(&mut lines[g], n);
        let more = self.plan_into(lines, plan, opening, p + 1);
        let sound = more.is_ok() && (from..p).all(|q| !self.faulty(plan, q, lines));
        let shortfall = more.is_ok().then(|| self.shortfall(plan, p, lines));
        let pages = plan.split_off(from);
        plan.extend(kept);
        lines[g] = count;
        let (more, shortfall) = (more?, shortfall.unwrap_or(0));
        Ok(sound.then_some((
            shortfall,
            Change {
                group: g,
                delta,
                count: n,
                from,
                pages,
                more,
            },
        )))
    }

    /// What page `q` of `plan` opens with.
    fn opening(plan: &[PagePlan], q: usize) -> Resume {
        match plan[q].pieces.first() {
            Some(piece) if q > 0 => Resume {
                group: piece.group,
                done: piece.lines.start,
            },
            _ => Resume::START,
        }
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

    /// The whole story's fill at once ([`Filler::step`] over a complete story): each paragraph's
    /// line-count change and the plan it gives.
    #[cfg(test)]
    pub(super) fn fill(&mut self) -> (Vec<i32>, Vec<PagePlan>) {
        let mut filling = Filling::new();
        self.step(&mut filling);
        (filling.deltas, filling.plan)
    }

    /// The story's pages: each paragraph's line-count change (0, or ±1 where one fills a page) and the plan
    /// it gives. Pages are filled in order; while a page is faulty or ends short (even before a heading
    /// moved over), each candidate paragraph is tried one line longer and one line shorter, and the change
    /// that brings the page nearest to full — leaving every page before it sound — is kept. A page nothing
    /// mends stays as it is.
    ///
    /// In time linear in the story's length (issue 13): the plan is made only as far as the page after the
    /// one being filled, and a change is tried by planning again from the page it can first move
    /// ([`Filler::restart`]), the pages before it being the same; whether those are sound is kept as the
    /// first faulty one. The result is that of planning the whole story for every try (the tests hold the
    /// two equal).
    ///
    /// Goes on with `f` over the groups given so far, as far as they take it: to the story's end when it
    /// is complete, else until a plan needs a group not given yet ([`Starved`]; the page being filled is
    /// taken up again at the next step). Returns how many of the plan's pages are final: no later step
    /// moves them, and every group on them is settled (all of them once the story is complete). Steps
    /// over a story given in parts make the plan a step over the whole story makes, asking for the same
    /// changes in the same order (the tests hold the two equal).
    pub(super) fn step(&mut self, f: &mut Filling) -> usize {
        for group in &self.groups[f.lines.len()..] {
            f.lines.push(match group {
                Group::Paragraph { lines, .. } => lines.len(),
                _ => 0,
            });
            f.deltas.push(0);
        }
        loop {
            if let Some(from) = f.more.filter(|_| f.plan.len() < f.p + 2) {
                let len = f.plan.len();
                match self.plan_into(&f.lines, &mut f.plan, from, f.p + 1) {
                    Ok(more) => f.more = more,
                    Err(Starved) => {
                        f.plan.truncate(len);
                        return f.final_pages();
                    }
                }
            }
            if f.more.is_none() && f.p + 1 >= f.plan.len() {
                for (g, &delta) in f.deltas.iter().enumerate().skip(f.settled) {
                    (self.settled)(g, delta);
                }
                f.settled = f.deltas.len();
                return f.plan.len();
            }
            // every group before the one ahead of page `p`'s first stays where it is and is no candidate
            // again: a change to a candidate (on page `p` or after) moves no group before the one ahead of
            // it ([`Filler::restart`])
            let first = f.plan[f.p].pieces.first().map_or(0, |piece| piece.group);
            while f.settled + 1 < first {
                (self.settled)(f.settled, f.deltas[f.settled]);
                f.settled += 1;
            }
            if self.mend(f).is_err() {
                return f.final_pages();
            }
            if f.first_faulty.is_none() && self.faulty(&f.plan, f.p, &f.lines) {
                f.first_faulty = Some(f.p);
            }
            f.p += 1;
        }
    }

    /// Mends page `p` of `f` while a change brings it nearer to full ([`Filler::fill`]). [`Starved`] when a
    /// try needs a group not given yet: the changes kept so far stay, and the page is mended on from
    /// there once more are given.
    fn mend(&mut self, f: &mut Filling) -> Result<(), Starved> {
        let p = f.p;
        loop {
            let mut best = self.shortfall(&f.plan, p, &f.lines);
            let mut change: Option<Change> = None;
            for g in self.candidates(&f.plan, p) {
                for delta in [1, -1] {
                    if best == 0 || f.deltas[g] != 0 {
                        continue;
                    }
                    let Some(n) = (self.variant)(g, delta) else {
                        continue;
                    };
                    let tried = (g, delta, n);
                    let plan = (&mut f.plan, f.lines.as_mut_slice());
                    let Some((shortfall, tried)) =
                        self.try_change(plan, p, f.first_faulty, tried)?
                    else {
                        continue;
                    };
                    if shortfall < best {
                        best = shortfall;
                        change = Some(tried);
                    }
                }
            }
            let Some(change) = change else {
                return Ok(());
            };
            f.plan.truncate(change.from);
            f.plan.extend(change.pages);
            f.more = change.more;
            f.lines[change.group] = change.count;
            f.deltas[change.group] = change.delta;
            // the change left every page before `p` sound
            f.first_faulty = None;
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
    use crate::typeset::page::Item;

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

    /// Fills `groups` on pages of `rows` rows; `flexible` says which groups can be set a line longer
    /// (1) or shorter (-1). Returns the deltas and the plan, having checked that the filler as it was
    /// ([`reference::fill`]) gives the same, asking for the same variants in the same order, and that
    /// every group is settled once, in order, with its change, and never asked for after; and the same
    /// of the story given to the filler a group at a time and seven at a time ([`Filler::step`]), each
    /// step's final pages being those of the whole plan, their groups settled.
    fn fill_plan(
        groups: &[Group],
        rows: u32,
        orphans: usize,
        flexible: &[(usize, i32)],
    ) -> (Vec<i32>, Vec<PagePlan>) {
        // (what was asked for, what was settled) in the order it happened; `chunk` 0: the whole story
        // at once, else given `chunk` groups at a time
        let run = |linear: bool, chunk: usize| {
            let events = std::cell::RefCell::new(Vec::new());
            let mut variant = |g: usize, delta: i32| -> Option<usize> {
                events.borrow_mut().push((false, g, delta));
                let Group::Paragraph { lines, .. } = &groups[g] else {
                    return None;
                };
                flexible
                    .contains(&(g, delta))
                    .then(|| (lines.len() as i32 + delta) as usize)
            };
            let mut settled = |g: usize, delta: i32| events.borrow_mut().push((true, g, delta));
            if chunk > 0 {
                let (out, finals) =
                    stream(groups, (rows, orphans), chunk, &mut variant, &mut settled);
                let settled_by = |n: usize| events.borrow().iter().filter(|e| e.0).count() >= n;
                for (n, pages, settled_then) in finals {
                    assert_eq!(pages, out.1[..n], "final pages stay");
                    let last = pages.iter().flat_map(|p| &p.pieces).map(|p| p.group).max();
                    assert!(
                        last.is_none_or(|g| g < settled_then),
                        "final pages' groups settled"
                    );
                    assert!(settled_by(settled_then));
                }
                return (out, events.into_inner());
            }
            let mut filler = Filler {
                groups,
                complete: true,
                rows,
                orphans,
                variant: &mut variant,
                settled: &mut settled,
            };
            let out = if linear {
                filler.fill()
            } else {
                reference::fill(&mut filler)
            };
            (out, events.into_inner())
        };
        let (out, events) = run(true, 0);
        let (expected, events_before) = run(false, 0);
        assert_eq!(out, expected, "the plan the whole-story filler makes");
        for chunk in [1, 7] {
            let (streamed, events_streamed) = run(true, chunk);
            assert_eq!(streamed, expected, "the plan made {chunk} groups at a time");
            let firsts = |events: &[(bool, usize, i32)]| {
                let mut seen = std::collections::HashSet::new();
                (events.iter())
                    .filter(|e| e.0 || seen.insert((e.1, e.2)))
                    .copied()
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                firsts(&events_streamed),
                firsts(&events),
                "asked and settled"
            );
        }
        // the variants asked for may repeat (they are remembered); first asks in the same order
        let firsts = |events: &[(bool, usize, i32)]| {
            let mut seen = std::collections::HashSet::new();
            (events.iter())
                .filter(|e| !e.0 && seen.insert((e.1, e.2)))
                .map(|e| (e.1, e.2))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            firsts(&events),
            firsts(&events_before),
            "the variants asked for"
        );
        let settled: Vec<(usize, i32)> = (events.iter())
            .filter(|e| e.0)
            .map(|e| (e.1, e.2))
            .collect();
        let expected_settled: Vec<(usize, i32)> = out.0.iter().copied().enumerate().collect();
        assert_eq!(
            settled, expected_settled,
            "each group settled once, in order"
        );
        for (i, e) in events.iter().enumerate() {
            if e.0 {
                let later = events[i..].iter().find(|a| !a.0 && a.1 == e.1);
                assert!(
                    later.is_none(),
                    "group {} asked for after it was settled",
                    e.1
                );
            }
        }
        out
    }

    /// A final page count, the final pages and the groups settled by then.
    type Final = (usize, Vec<PagePlan>, usize);

    /// `groups` given to the filler `chunk` at a time ([`Filler::step`]): the deltas and plan, and each
    /// step's final pages.
    fn stream(
        groups: &[Group],
        (rows, orphans): (u32, usize),
        chunk: usize,
        variant: &mut dyn FnMut(usize, i32) -> Option<usize>,
        settled: &mut dyn FnMut(usize, i32),
    ) -> ((Vec<i32>, Vec<PagePlan>), Vec<Final>) {
        let mut filling = Filling::new();
        let mut finals = Vec::new();
        let mut cut = 0;
        loop {
            cut = groups.len().min(cut + chunk);
            let mut filler = Filler {
                groups: &groups[..cut],
                complete: cut == groups.len(),
                rows,
                orphans,
                variant: &mut *variant,
                settled: &mut *settled,
            };
            let n = filler.step(&mut filling);
            let fin = filling.pages()[..n].to_vec();
            finals.push((n, fin, filling.settled));
            if cut == groups.len() {
                return ((filling.deltas, filling.plan), finals);
            }
        }
    }

    /// [`fill_plan`], with the rows used on each page.
    fn fill(
        groups: &[Group],
        rows: u32,
        orphans: usize,
        flexible: &[(usize, i32)],
    ) -> (Vec<i32>, Vec<u32>) {
        let (deltas, plan) = fill_plan(groups, rows, orphans, flexible);
        (deltas, plan.iter().map(|p| p.used).collect())
    }

    /// A figure of `rows` rows.
    fn figure(rows: u32) -> Group {
        Group::Figure {
            block: 0,
            rows,
            dx: 0.0,
            dy: 0.0,
            item: Item::Frame {
                width: 1.0,
                height: 1.0,
                stroke: 0.0,
            },
            alt: String::new(),
        }
    }

    /// A story of `n` groups drawn from `kinds`: a paragraph of 1–14 lines (some set by make-up, so
    /// never re-set), a subhead, or a figure of 1–4 rows.
    fn story(kinds: &[(u8, u8)]) -> Vec<Group> {
        kinds
            .iter()
            .map(|&(kind, size)| match kind % 8 {
                0 => subhead(),
                1 => figure(1 + u32::from(size % 4)),
                2 => {
                    let mut g = para(1 + usize::from(size % 14));
                    if let Group::Paragraph { spans, .. } = &mut g {
                        *spans = None;
                    }
                    g
                }
                _ => para(1 + usize::from(size % 14)),
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn the_plan_is_that_of_planning_the_whole_story_for_every_try(
            kinds in proptest::collection::vec((0u8..8, 0u8..255), 0..60),
            rows in 3u32..12,
            orphans in 1usize..3,
            flex in proptest::collection::vec(0u8..4, 60),
        ) {
            let groups = story(&kinds);
            // each paragraph can be set longer, shorter, both or neither
            let flexible: Vec<(usize, i32)> = (0..groups.len())
                .flat_map(|g| {
                    let f = flex[g];
                    [(f & 1 != 0).then_some((g, 1)), (f & 2 != 0).then_some((g, -1))]
                })
                .flatten()
                .collect();
            fill_plan(&groups, rows, orphans, &flexible);
        }
    }

    #[test]
    fn a_long_story_is_filled_as_planning_it_whole_would() {
        // 1,200 groups (about 600 pages of 8 rows): quadratic before, now linear; the same plan
        let kinds: Vec<(u8, u8)> = (0..1200u32)
            .map(|i| (if i % 10 == 9 { 0 } else { 3 }, (i * 31 % 255) as u8))
            .collect();
        let groups = story(&kinds);
        let flexible: Vec<(usize, i32)> =
            (0..groups.len()).flat_map(|g| [(g, 1), (g, -1)]).collect();
        let (deltas, plan) = fill_plan(&groups, 8, 1, &flexible);
        assert!(deltas.iter().any(|&d| d != 0), "some page was mended");
        assert!(plan.len() > 400, "{} pages", plan.len());
    }

    /// The filler as it was before it was made linear (issue 13), kept to test against: the whole story
    /// planned again for every try.
    mod reference {
        use super::super::*;

        fn count(g: usize, natural: usize, deltas: &[i32], counts: &[Option<usize>]) -> usize {
            if deltas[g] == 0 {
                natural
            } else {
                counts[g].unwrap_or(natural)
            }
        }

        fn plan_whole(f: &Filler, lines: &[usize]) -> Vec<PagePlan> {
            let rows = f.rows;
            let mut pages = vec![PagePlan::default()];
            let mut row = 0u32;
            let new_page = |pages: &mut Vec<PagePlan>, row: &mut u32| {
                pages.push(PagePlan::default());
                *row = 0;
            };
            for (g, group) in f.groups.iter().enumerate() {
                match group {
                    Group::Keep { slots, .. } => {
                        let height: u32 = slots.iter().map(|s| s.rows).sum();
                        let need = height + first_need(f.groups.get(g + 1), lines.get(g + 1));
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
                                let least = if done == 0 { f.orphans } else { 1 };
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

        pub(super) fn fill(f: &mut Filler) -> (Vec<i32>, Vec<PagePlan>) {
            let natural: Vec<usize> = (f.groups.iter())
                .map(|g| match g {
                    Group::Paragraph { lines, .. } => lines.len(),
                    _ => 0,
                })
                .collect();
            let mut deltas = vec![0i32; f.groups.len()];
            let mut counts: Vec<Option<usize>> = vec![None; f.groups.len()];
            let lines_of = |deltas: &[i32], counts: &[Option<usize>]| -> Vec<usize> {
                (0..natural.len())
                    .map(|g| count(g, natural[g], deltas, counts))
                    .collect()
            };
            let mut p = 0;
            loop {
                let mut lines = lines_of(&deltas, &counts);
                let mut plan = plan_whole(f, &lines);
                if p + 1 >= plan.len() {
                    return (deltas, plan);
                }
                loop {
                    let mut best = f.shortfall(&plan, p, &lines);
                    let mut change = None;
                    for g in f.candidates(&plan, p) {
                        for delta in [1, -1] {
                            if best == 0 || deltas[g] != 0 {
                                continue;
                            }
                            let Some(n) = (f.variant)(g, delta) else {
                                continue;
                            };
                            let (mut d, mut c) = (deltas.clone(), counts.clone());
                            d[g] = delta;
                            c[g] = Some(n);
                            let tried = lines_of(&d, &c);
                            let trial = plan_whole(f, &tried);
                            let sound = (0..p).all(|q| !f.faulty(&trial, q, &tried));
                            let shortfall = f.shortfall(&trial, p, &tried);
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
