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
const LOOSE_EM: f32 = 0.12;

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
    fn ends(&self) -> impl Iterator<Item = usize> + '_ {
        let n = self.atoms.len();
        (1..=n).filter(move |&e| e == n || self.gaps[e].penalty.is_some())
    }

    /// The line starts: 0 and every allowed break.
    fn starts(&self) -> Vec<usize> {
        (0..self.atoms.len())
            .filter(|&k| k == 0 || self.gaps[k].penalty.is_some())
            .collect()
    }

    /// The demerits of breaking after a line ending at `e`.
    fn penalty(&self, e: usize) -> f64 {
        if e == self.atoms.len() {
            0.0
        } else {
            self.gaps[e].penalty.unwrap_or(0.0)
        }
    }

    /// Total-fit breaking: the break sequence with the least total demerits. Returns the line starts and
    /// `n`.
    pub(super) fn total_fit(&self, em: f32) -> Vec<usize> {
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

    /// Total fit to exactly `lines` lines, for a paragraph set looser or tighter: every line but the last
    /// filled without an emergency break, spread no more than [`LOOSE_EM`] per gap, and the last line
    /// holding two Han characters or more. Returns the line starts and `n`, or `None` when no such
    /// breaking exists.
    pub(super) fn exact_fit(&self, em: f32, lines: usize) -> Option<Vec<usize>> {
        let n = self.atoms.len();
        let m = self.setting.measure;
        // best[j][e]: the least demerits of atoms 0..e in j lines, and where the j-th line starts; reach[e]:
        // the fewest and most lines that end at e, so only those counts are carried on
        let mut best: Vec<Vec<Option<(f64, usize)>>> = vec![vec![None; n + 1]; lines + 1];
        let mut reach: Vec<Option<(usize, usize)>> = vec![None; n + 1];
        best[0][0] = Some((0.0, 0));
        reach[0] = Some((0, 0));
        let starts = self.starts();
        for e in self.ends() {
            let last = e == n;
            let pen = self.penalty(e);
            if pen >= EMERGENCY {
                continue;
            }
            let before = starts.partition_point(|&s| s < e);
            for &s in starts[..before].iter().rev() {
                let f = self.fit(s, e, last);
                let Some(c) = cost(&f, self, em, last, false) else {
                    break;
                };
                let Some((low, high)) = reach[s] else {
                    continue;
                };
                let loose = !last
                    && m - f.natural > EPS
                    && (f.expandable == 0 || (m - f.natural) / f.expandable as f32 > LOOSE_EM * em);
                if loose || c >= RUNT {
                    continue;
                }
                for j in low + 1..=(high + 1).min(lines) {
                    let Some((base, _)) = best[j - 1][s] else {
                        continue;
                    };
                    let total = base + c + pen;
                    if best[j][e].is_none_or(|(b, _)| total < b) {
                        best[j][e] = Some((total, s));
                        let (lo, hi) = reach[e].unwrap_or((j, j));
                        reach[e] = Some((lo.min(j), hi.max(j)));
                    }
                }
            }
        }
        let mut breaks = vec![n];
        let mut e = n;
        for j in (1..=lines).rev() {
            let (_, s) = best[j][e]?;
            breaks.push(s);
            e = s;
        }
        (e == 0).then(|| {
            breaks.reverse();
            breaks
        })
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
