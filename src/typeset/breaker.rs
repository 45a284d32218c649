//! Choosing a paragraph's breaks: the demerits of a line ([`cost`]), total fit (Knuth–Plass, without
//! fitness classes), first fit, and total fit to an exact number of lines (a paragraph set one line looser
//! or tighter for page make-up).
//!
//! - A paragraph's last line is set solid (clreq §3.6.1): a last line wider than the measure is not a
//!   candidate — a character is carried down and the line above spread (push-out, clreq §3.1.4, §3.5.4) —
//!   except that the mark ending it may give up its blank half;
//! - a last line holding at most one Han character costs [`RUNT`] (clreq §3.5.4);
//! - compression (push-in) costs less than the same amount of expansion, so a forced break pushes in
//!   before it pushes out (clreq §3.1.4, 先挤进后推出); a line that needs no squeeze costs least.

use super::para::{Align, EMERGENCY, EPS, EXACT, FORCED, Fit, Para, RUNT, UNFILLED};

/// Badness of a line compressed by its whole compressible amount.
const SQUEEZE: f64 = 200.0;
/// The most a line of a looser or tighter setting may be spread, per gap, in ems (below pdfcheck's
/// loose-line bound of Han characters 1.15 em apart).
pub(super) const LOOSE_EM: f32 = 0.12;

/// A guess of the most demerits a paragraph's best breaking has per line: the breaks are first sought
/// among totals below this times the lines it takes at rest, plus one ([`Para::total_fit`]); a paragraph
/// that needs more is broken again without the guess.
const GUESS_PER_LINE: f64 = 1.0e4;

/// What bounds the totals [`Para::loose_lines`] offers for one end: the suffix minima of the best totals
/// at the starts so far, the em, the cap below which totals are sought and the
/// end's break demerits.
#[derive(Clone, Copy)]
struct Reach<'b> {
    minima: &'b [(usize, f64)],
    em: f32,
    cap: f64,
    pen: f64,
}

/// `1 / k` for the gap counts of most lines, so that a bound of a line's demerits needs no division.
const RECIPROCALS: [f64; 256] = {
    let mut table = [0.0; 256];
    let mut k = 1;
    while k < table.len() {
        table[k] = 1.0 / k as f64;
        k += 1;
    }
    table
};

/// `1 / k` (`k > 0`), from [`RECIPROCALS`] when it holds it.
fn reciprocal(k: usize) -> f64 {
    RECIPROCALS
        .get(k)
        .copied()
        .unwrap_or_else(|| 1.0 / k as f64)
}

/// A lower bound of [`cost`] for `f`, a justified line that is not the paragraph's last and fits the
/// measure (not too wide, so `cost` gives a number), made without dividing (`ten_per_em`: 10 / em): the
/// expansion's badness from reciprocals, less a margin far above their rounding; exact where no gap is
/// spread; 0 for a compressed line.
fn cost_floor(f: &Fit, para: &Para, ten_per_em: f64) -> f64 {
    let m = para.setting.measure;
    if f.natural > m + EPS {
        0.0
    } else if m - f.natural <= EPS {
        1.0
    } else if f.expandable == 0 {
        (1.0 + UNFILLED) * (1.0 + UNFILLED)
    } else {
        let e = f64::from(m - f.natural) * reciprocal(f.expandable) * ten_per_em;
        let badness = 100.0 * e * e;
        (1.0 + badness) * (1.0 + badness) * (1.0 - 1e-5)
    }
}

/// The demerits of `f` as a line of `para` (`last`: the paragraph's last line; `single`: one atom, which
/// must be allowed whatever it costs), or `None` when the line cannot be set.
pub(super) fn cost(f: &Fit, para: &Para, em: f32, last: bool, single: bool) -> Option<f64> {
    let m = para.setting.measure;
    let too_wide = || if single { Some(UNFILLED) } else { None };
    match para.setting.align {
        Align::Center | Align::Start => {
            // display lines are set solid: no compression beyond the pairs and the line ends
            if f.natural > m + EPS {
                return too_wide();
            }
            let slack = ((m - f.natural).max(0.0) / em) as f64;
            // centred lines are balanced (every line's slack counts); ragged lines are filled
            let counted = para.setting.align == Align::Center || !last;
            Some(100.0 + if counted { slack * slack } else { 0.0 })
        }
        Align::Justify => {
            if last {
                if f.natural - f.end_blank > m + EXACT {
                    return too_wide();
                }
                return Some(if f.han <= 1 { RUNT } else { 0.0 });
            }
            if f.natural - f.shrink > m + EXACT {
                return too_wide();
            }
            let badness = if f.natural > m + EPS {
                let ratio = ((f.natural - m) / f.shrink.max(EPS)) as f64;
                SQUEEZE * ratio * ratio
            } else if m - f.natural <= EPS {
                0.0
            } else if f.expandable == 0 {
                UNFILLED
            } else {
                let e = ((m - f.natural) / f.expandable as f32 / em) as f64;
                100.0 * (e / 0.1) * (e / 0.1)
            };
            Some((1.0 + badness) * (1.0 + badness))
        }
    }
}

impl Para<'_> {
    /// The ends where a line may stop: every allowed break and the paragraph's end.
    pub(super) fn ends(&self) -> impl Iterator<Item = usize> + '_ {
        let n = self.atoms.len();
        (1..=n).filter(move |&e| e == n || self.gaps[e].penalty.is_some())
    }

    /// The demerits of breaking after a line ending at `e`.
    pub(super) fn penalty(&self, e: usize) -> f64 {
        if e == self.atoms.len() {
            0.0
        } else {
            self.gaps[e].penalty.unwrap_or(0.0)
        }
    }

    /// Total-fit breaking: the break sequence with the least total demerits (of equals, the one whose last
    /// line is shortest). Returns the line starts and `n`.
    ///
    /// Justified text costs only the lines that can win: for each end, the lines that may be tight or
    /// compressed (found by costing back from the loosest until one is too wide, as before), then the
    /// loose ones from the longest down, stopping where a lower bound of the demerits of every shorter
    /// line ([`Para::stretch_floor`] plus the least total before any of their starts) exceeds the best
    /// found, and skipping one whose own bound does ([`cost_floor`] once it is measured). Where a line
    /// started earlier is always wider ([`Para::widening`]), the breaks are first sought among totals
    /// below a generous guess ([`Para::total_fit_below`]), then below an emergency break, then among
    /// all. The breaks are the same as costing every line; a line's cost is computed the same way.
    pub(super) fn total_fit(&self, em: f32) -> Vec<usize> {
        if self.setting.align != Align::Justify {
            return self.total_fit_display(em);
        }
        let caps = if self.widening() {
            let lines = (self.width_bound(0, self.atoms.len()) / f64::from(self.setting.measure))
                .ceil()
                + 1.0;
            vec![
                (GUESS_PER_LINE * lines).min(EMERGENCY),
                EMERGENCY,
                f64::INFINITY,
            ]
        } else {
            vec![f64::INFINITY]
        };
        (caps.into_iter())
            .find_map(|cap| self.total_fit_below(em, cap))
            .expect("a single-atom line is always possible")
    }

    /// [`Para::total_fit`] among the break sequences whose totals stay below `cap`: every line to an end
    /// that would reach `cap` is left out, and so is every end whose best total would. The breaks, when
    /// one sequence is left (then they are those of breaking with every end and line: every line's
    /// demerits are at least 0, so a sequence through anything left out totals `cap` or more, and where
    /// `cap` is finite, [`Para::widening`] holds, so leaving out a start does not move where costing back
    /// stops); `None` otherwise.
    fn total_fit_below(&self, em: f32, cap: f64) -> Option<Vec<usize>> {
        let n = self.atoms.len();
        let mut best: Vec<Option<(f64, usize)>> = vec![None; n + 1];
        best[0] = Some((0.0, 0));
        let starts = self.starts();
        // the suffix minima of the totals at the starts made so far: (start, total), both increasing
        let mut minima: Vec<(usize, f64)> = Vec::new();
        // the starts made so far that an end's line may follow (a total below the cap), rising: most of a
        // short paragraph's starts are not (its first lines reach only a few ends), and a loose line
        // from one of those is never costed
        // (each with its best total)
        let mut reached: Vec<(usize, f64)> = Vec::with_capacity(starts.len());
        let (mut pushed, mut loose, mut before, mut from) = (0, 0, 0, 0);
        // how many of the minima lie before the first reached loose start of the last end that had one
        // (only the tail of the minima changes, and that start only rises)
        let mut below = 0;
        for e in self.ends() {
            let pen = self.penalty(e);
            if pen >= cap {
                continue;
            }
            while starts.get(before).is_some_and(|&s| s < e) {
                before += 1;
            }
            for &s in &starts[pushed..before] {
                if let Some((v, _)) = best[s] {
                    while minima.last().is_some_and(|&(_, w)| w >= v) {
                        minima.pop();
                    }
                    below = below.min(minima.len());
                    minima.push((s, v));
                    reached.push((s, v));
                }
            }
            pushed = before;
            loose = self.loose_from(&starts[..before], loose, e);
            // the reached starts among the surely loose ones (both only rise)
            while reached
                .get(from)
                .is_some_and(|&(s, _)| loose == before || s < starts[loose])
            {
                from += 1;
            }
            // the band from the reached starts only: where a start is surely too wide, so is every
            // earlier one ([`Para::surely_too_wide`] only holds where the paragraph widens, and then the
            // firm widths only grow as the start falls), so the walk stops at the same place among them
            let mut here = self.band_best(&reached[..from], e, em, (cap, pen));
            let reach = Reach {
                minima: &minima,
                em,
                cap,
                pen,
            };
            self.loose_lines(&reached[from..], e, reach, (&mut here, &mut below));
            best[e] = here.filter(|&(total, _)| total < cap);
        }
        best[n].is_some().then(|| chain(&best))
    }

    /// The best total at `e` among the lines to it from `starts` (rising, before the surely loose ones,
    /// each with its best total), costed as [`Para::band`] costs them (from the last start back until one
    /// is too wide), passing over a start whose best total, with the end's break demerits `pen`, reaches
    /// `cap`: of equal totals the last start's, as [`keep`] keeps them in rising order.
    #[inline(always)]
    fn band_best(
        &self,
        starts: &[(usize, f64)],
        e: usize,
        em: f32,
        (cap, pen): (f64, f64),
    ) -> Option<(f64, usize)> {
        let last = e == self.atoms.len();
        let mut here: Option<(f64, usize)> = None;
        for &(s, base) in starts.iter().rev() {
            if self.surely_too_wide(s, e) {
                break; // as [`Para::band`] stops
            }
            if base + pen >= cap {
                continue;
            }
            let f = self.fit(s, e, last);
            let Some(c) = cost(&f, self, em, last, e - s == 1) else {
                break; // starting earlier only makes the line wider
            };
            // the starts fall: an equal total does not displace a later start
            let total = base + c + pen;
            if here.is_none_or(|(b, _)| total < b) {
                here = Some((total, s));
            }
        }
        here
    }

    /// Offers the loose lines to `e` from `starts` (all surely loose and reached, rising, each with its
    /// best total) to `here`, the
    /// best total at `e` so far, costing only those that can beat it and stay below `reach.cap` (see
    /// [`Para::total_fit`]). `below`: a count of the minima whose starts all lie before `starts[0]`
    /// (not more than the minima), raised to the count of all such.
    fn loose_lines(
        &self,
        starts: &[(usize, f64)],
        e: usize,
        reach: Reach,
        (here, below): (&mut Option<(f64, usize)>, &mut usize),
    ) {
        let Reach {
            minima,
            em,
            cap,
            pen,
        } = reach;
        let last = e == self.atoms.len();
        let ten_per_em = 10.0 / f64::from(em);
        // whether a total of at least `t` can neither be kept nor stay below the cap
        let beyond =
            |t: f64, here: &Option<(f64, usize)>| t >= cap || here.is_some_and(|(u, _)| t > u);
        // the minima before the first start (the minima hold one at or after each reached start: its own
        // or a later start's), then those before each start in turn (the starts rise)
        if let Some(&(first, _)) = starts.first() {
            while minima[*below].0 < first {
                *below += 1;
            }
        }
        let mut i = *below;
        for &(s, base) in starts {
            // a lower bound of this line's demerits and every shorter one's (a last line is set solid)
            let floor = if last {
                0.0
            } else {
                self.stretch_floor(s, e, ten_per_em)
            };
            // the least total at a start from s on
            while minima[i].0 < s {
                i += 1;
            }
            if beyond(minima[i].1 + floor + pen, here) {
                break; // no shorter line can win
            }
            if beyond(base + floor + pen, here) {
                continue; // this one cannot
            }
            let f = self.fit(s, e, last);
            if !last && beyond(base + cost_floor(&f, self, ten_per_em) + pen, here) {
                continue; // measured, it cannot win either
            }
            let Some(c) = cost(&f, self, em, last, e - s == 1) else {
                debug_assert!(false, "a loose line is never too wide");
                break;
            };
            keep(here, base + c + pen, s);
        }
    }

    /// The index in `starts` (all before `e`) of the first start from which a line to `e` is surely loose:
    /// narrower than the measure by more than [`EPS`] (so never too wide nor compressed), by
    /// [`Para::width_bound`]; searched from `from`, the index found for an earlier end (it only rises).
    pub(super) fn loose_from(&self, starts: &[usize], from: usize, e: usize) -> usize {
        let limit = self.loose_below();
        let mut i = from.min(starts.len());
        while i < starts.len() && self.width_bound(starts[i], e) > limit {
            i += 1;
        }
        i
    }

    /// The lines to `e` from `starts` (those before the surely loose ones), costed from the last start back
    /// until one is too wide, as [`Para::total_fit_scan`] does, skipping the starts `skip` names (the walk
    /// stops at the first start surely too wide, skipped or not): each start with its line's measure and
    /// cost, in order of the starts (into `out`).
    pub(super) fn band(
        &self,
        starts: &[usize],
        e: usize,
        em: f32,
        out: &mut Vec<(usize, Fit, f64)>,
    ) {
        out.clear();
        let last = e == self.atoms.len();
        for &s in starts.iter().rev() {
            if self.surely_too_wide(s, e) {
                // as costing it would find, without measuring it; every earlier start's line is surely
                // too wide too, so a start left out of `starts` would only have been passed over
                break;
            }
            let f = self.fit(s, e, last);
            let Some(c) = cost(&f, self, em, last, e - s == 1) else {
                break; // starting earlier only makes the line wider
            };
            out.push((s, f, c));
        }
        out.reverse();
    }

    /// The slack of a surely loose line `s..e` at least, pt, and the most gaps it may widen.
    fn loose_slack(&self, s: usize, e: usize) -> (f64, usize) {
        let m = f64::from(self.setting.measure);
        let slack = m - self.width_bound(s, e) - 2.0 * self.slop();
        (slack, self.expandable_bound(s, e))
    }

    /// A lower bound of [`cost`] for a surely loose justified line `s..e` that is not the last: the
    /// badness of spreading at least its slack over at most its gaps (less a margin for rounding). Rises
    /// as `s` rises.
    pub(super) fn stretch_floor(&self, s: usize, e: usize, ten_per_em: f64) -> f64 {
        let (slack, gaps) = self.loose_slack(s, e);
        let most = (1.0 + UNFILLED) * (1.0 + UNFILLED);
        let c = if gaps == 0 {
            most
        } else {
            // no division: the margin below covers the rounding of the reciprocals
            let r = slack * ten_per_em * reciprocal(gaps);
            let badness = 100.0 * r * r;
            ((1.0 + badness) * (1.0 + badness)).min(most)
        };
        c * (1.0 - 1e-5)
    }

    /// Whether a surely loose line `s..e` that is not the last is surely spread more than [`LOOSE_EM`] per
    /// gap (so are all shorter ones).
    pub(super) fn surely_too_loose(&self, s: usize, e: usize, em: f32) -> bool {
        let (slack, gaps) = self.loose_slack(s, e);
        gaps == 0 || slack / gaps as f64 > f64::from(LOOSE_EM * em) * (1.0 + 1e-5)
    }

    /// Total fit of display lines (centred or ragged), which are few and short: [`Para::total_fit_scan`]
    /// without measuring a line that cannot beat the best total found for its end. Every display line
    /// costs at least 100 ([`cost`]), so a start whose total plus 100 and the end's break demerits is not
    /// below that best is passed over — only where [`Para::widening`] holds, so that the first line
    /// measured too wide still ends the walk (every line started earlier is too wide as well), and never
    /// the one-atom line. The breaks are the scan's.
    fn total_fit_display(&self, em: f32) -> Vec<usize> {
        let n = self.atoms.len();
        let mut best: Vec<Option<(f64, usize)>> = vec![None; n + 1];
        best[0] = Some((0.0, 0));
        let starts = self.starts();
        let (widening, mut before) = (self.widening(), 0);
        for e in self.ends() {
            let (last, pen) = (e == n, self.penalty(e));
            // whether a line to `e` costs its slack (as [`cost`] counts it)
            let counted = self.setting.align == Align::Center || !last;
            // the starts before `e` (the ends rise)
            while starts.get(before).is_some_and(|&s| s < e) {
                before += 1;
            }
            for &s in starts[..before].iter().rev() {
                if self.surely_too_wide(s, e) {
                    break; // as costing it would find: every earlier start's line is too wide too
                }
                let Some((base, _)) = best[s] else { continue };
                // the total is base + c + pen with c at least 100 (and the floor of its slack), rounded
                // the same way
                let hopeless = |(b, _): (f64, usize)| {
                    base + 100.0 + pen >= b
                        || counted && base + self.slack_floor(s, e, em) + pen >= b
                };
                if widening && e - s > 1 && best[e].is_some_and(hopeless) {
                    continue;
                }
                let f = self.fit(s, e, last);
                let Some(c) = cost(&f, self, em, last, e - s == 1) else {
                    break; // starting earlier only makes the line wider
                };
                let total = base + c + pen;
                if best[e].is_none_or(|(b, _)| total < b) {
                    best[e] = Some((total, s));
                }
            }
        }
        chain(&best)
    }

    /// Total fit by costing every line the measure allows: in tests, the reference [`Para::total_fit`]
    /// must match.
    #[cfg(test)]
    pub(super) fn total_fit_scan(&self, em: f32) -> Vec<usize> {
        let n = self.atoms.len();
        let mut best: Vec<Option<(f64, usize)>> = vec![None; n + 1];
        best[0] = Some((0.0, 0));
        let starts = self.starts();
        for e in self.ends() {
            let last = e == n;
            let before = starts.partition_point(|&s| s < e);
            for &s in starts[..before].iter().rev() {
                let Some((base, _)) = best[s] else { continue };
                let f = self.fit(s, e, last);
                let Some(c) = cost(&f, self, em, last, e - s == 1) else {
                    break; // starting earlier only makes the line wider
                };
                let total = base + c + self.penalty(e);
                if best[e].is_none_or(|(b, _)| total < b) {
                    best[e] = Some((total, s));
                }
            }
        }
        chain(&best)
    }

    /// First-fit breaking: each line takes the most atoms that fit (after compression), preferring ordinary
    /// break opportunities to emergency ones, and those to a break prohibition forbids (clreq §3.1.7).
    /// Returns the line starts and `n`.
    pub(super) fn first_fit(&self, em: f32) -> Vec<usize> {
        let n = self.atoms.len();
        let mut breaks = vec![0];
        let mut s = 0;
        while s < n {
            let mut ordinary = None;
            let mut emergency = None;
            let mut forced = None;
            for e in self.ends().filter(|&e| e > s) {
                let last = e == n;
                let f = self.fit(s, e, last);
                if cost(&f, self, em, last, e - s == 1).is_none() {
                    break;
                }
                match self.penalty(e) {
                    _ if last => ordinary = Some(e),
                    p if p < EMERGENCY => ordinary = Some(e),
                    p if p < FORCED => emergency = Some(e),
                    _ => forced = Some(e),
                }
            }
            let e = ordinary.or(emergency).or(forced).unwrap_or(s + 1);
            breaks.push(e);
            s = e;
        }
        breaks
    }
}

/// Takes `total` from start `s` as the best of an end when it is no worse than `best` so far: starts come
/// in rising order, so of equal totals the last start (the shortest last line) is kept. Whether it was.
pub(super) fn keep(best: &mut Option<(f64, usize)>, total: f64, s: usize) -> bool {
    let better = best.is_none_or(|(b, _)| total <= b);
    if better {
        *best = Some((total, s));
    }
    better
}

/// The line starts and `n` chosen by `best` (for each end, the best total and where its line starts).
fn chain(best: &[Option<(f64, usize)>]) -> Vec<usize> {
    let n = best.len() - 1;
    let mut breaks = vec![n];
    let mut e = n;
    while e > 0 {
        let (_, s) = best[e].expect("a single-atom line is always possible");
        breaks.push(s);
        e = s;
    }
    breaks.reverse();
    breaks
}
