//! Breaking a paragraph into an exact number of lines (a paragraph set one line looser or tighter for page
//! make-up, [`Para::exact_fits`]): total fit by lines counted, every line but the last filled without an
//! emergency break and spread no more than the breaker's `LOOSE_EM` per gap, the last holding two Han
//! characters or more.

use super::breaker::{LOOSE_EM, cost, keep};
use super::para::{Align, EMERGENCY, EPS, Fit, Para, RUNT};

/// The most cells the exact fits' table may hold: a count of lines (plus one) times the paragraph's atoms
/// (plus one), 2^20 cells of 24 bytes (24 MiB). A longer paragraph (some 5,000 characters set in 200
/// lines, or more) is not set a line looser or tighter: its table would grow as the square of its length
/// (a paragraph of 40,000 characters asked for 1.2 GB, one of 640,000 for 156 GB).
pub(super) const MAX_EXACT_CELLS: usize = 1 << 20;

impl Para<'_> {
    /// Total fit to exactly `count` lines for each of `counts`, for a paragraph set looser or tighter:
    /// every line but the last filled without an emergency break, spread no more than [`LOOSE_EM`] per
    /// gap, and the last line holding two Han characters or more. Returns, for each count, the line
    /// starts and `n`, or `None` when no such breaking exists (or the count is 0). One pass serves every
    /// count: the least demerits in `j` lines do not depend on how many more lines are sought. Lines
    /// surely spread more are not costed ([`Para::surely_too_loose`]), nor lines from a start no count
    /// reaches; the result is that of costing every line. Every count is `None` when the table of the
    /// largest would hold more than [`MAX_EXACT_CELLS`] cells.
    pub(super) fn exact_fits(&self, em: f32, counts: &[usize]) -> Vec<Option<Vec<usize>>> {
        let lines = counts.iter().copied().max().unwrap_or(0);
        if (lines + 1).saturating_mul(self.atoms.len() + 1) > MAX_EXACT_CELLS {
            return vec![None; counts.len()];
        }
        self.exact_fits_in(em, counts, lines)
    }

    /// [`Para::exact_fits`] in a table of `lines + 1` rows (`lines`: the most of `counts`).
    fn exact_fits_in(&self, em: f32, counts: &[usize], lines: usize) -> Vec<Option<Vec<usize>>> {
        let n = self.atoms.len();
        // best[j·(n + 1) + e]: the least demerits of atoms 0..e in j lines, and where the j-th line starts;
        // reach[e]: the fewest and most lines that end at e, so only those counts are carried on
        let at = |j: usize, e: usize| j * (n + 1) + e;
        let mut best: Vec<Option<(f64, usize)>> = vec![None; (lines + 1) * (n + 1)];
        let mut reach: Vec<Option<(usize, usize)>> = vec![None; n + 1];
        best[at(0, 0)] = Some((0.0, 0));
        reach[0] = Some((0, 0));
        let starts = self.starts();
        let (mut loose, mut before, widening) = (0, 0, self.widening());
        // a justified loose line that is not the last costs at least its stretch floor
        let (bounded, ten_per_em) = (self.setting.align == Align::Justify, 10.0 / f64::from(em));
        let (mut band, mut reached) = (Vec::new(), Reached::new(starts.len()));
        for e in self.ends() {
            let (last, pen) = (e == n, self.penalty(e));
            if pen >= EMERGENCY || lines == 0 {
                continue;
            }
            // the starts before `e` (the ends rise)
            while starts.get(before).is_some_and(|&s| s < e) {
                before += 1;
            }
            loose = self.loose_from(&starts[..before], loose, e);
            let (banded, loosely) = reached.split(&starts, (loose, before), |s| reach[s].is_some());
            // a start no count reaches need not be costed when the band's end is found without it
            let banded = if widening { banded } else { &starts[..loose] };
            self.band(banded, e, em, &mut band);
            let lines_to = |best: &mut [Option<(f64, usize)>],
                            reach: &mut [Option<(usize, usize)>],
                            s: usize,
                            f: &Fit,
                            c: f64| {
                let Some((low, high)) = reach[s] else {
                    return;
                };
                if self.too_loose(f, last, em) || c >= RUNT {
                    return;
                }
                for j in low + 1..=(high + 1).min(lines) {
                    let Some((base, _)) = best[at(j - 1, s)] else {
                        continue;
                    };
                    if keep(&mut best[at(j, e)], base + c + pen, s) {
                        let (lo, hi) = reach[e].unwrap_or((j, j));
                        reach[e] = Some((lo.min(j), hi.max(j)));
                    }
                }
            };
            for (s, f, c) in &band {
                lines_to(&mut best, &mut reach, *s, f, *c);
            }
            // the reached loose starts only: where a line is surely too loose, so is every shorter one
            for &s in loosely {
                if !last && self.surely_too_loose(s, e, em) {
                    break;
                }
                let Some(counts) = reach[s] else {
                    continue;
                };
                if bounded && !last {
                    let floor = self.stretch_floor(s, e, ten_per_em);
                    if beaten(&best, n + 1, (s, e), (counts, lines), (floor, pen)) {
                        continue; // no count can keep it
                    }
                }
                let f = self.fit(s, e, last);
                let Some(c) = cost(&f, self, em, last, false) else {
                    debug_assert!(false, "a loose line is never too wide");
                    break;
                };
                lines_to(&mut best, &mut reach, s, &f, c);
            }
        }
        (counts.iter())
            .map(|&lines| chain_of(&best, n, lines))
            .collect()
    }

    /// Whether `f`, a line of a looser or tighter setting, is spread more than [`LOOSE_EM`] per gap (or
    /// cannot be filled at all); never the last line.
    fn too_loose(&self, f: &Fit, last: bool, em: f32) -> bool {
        let m = self.setting.measure;
        !last
            && m - f.natural > EPS
            && (f.expandable == 0 || (m - f.natural) / f.expandable as f32 > LOOSE_EM * em)
    }

    /// [`Para::exact_fits`] for one count by costing every line the measure allows: the reference it
    /// must match.
    #[cfg(test)]
    pub(super) fn exact_fit_scan(&self, em: f32, lines: usize) -> Option<Vec<usize>> {
        let n = self.atoms.len();
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
                if self.too_loose(&f, last, em) || c >= RUNT {
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
}

/// The starts that lines of a paragraph's breaking may follow (a count reaches them), rising, gathered
/// as the ends rise: the walks of an end pass over the others.
struct Reached {
    /// The reached starts so far.
    list: Vec<usize>,
    /// How many of the paragraph's starts were looked at.
    pushed: usize,
    /// How many of `list` lie before the surely loose starts of the last end.
    from: usize,
}

impl Reached {
    /// No start reached yet, with room for `starts` of them.
    fn new(starts: usize) -> Reached {
        Reached {
            list: Vec::with_capacity(starts),
            pushed: 0,
            from: 0,
        }
    }

    /// Takes in those of `starts[..before]` not yet looked at that are reached (`has`), and splits the
    /// reached starts at `starts[loose]` (the first surely loose one; none when `loose == before`):
    /// those before it and those after, both rising. `loose` and `before` only rise from call to call.
    fn split(
        &mut self,
        starts: &[usize],
        (loose, before): (usize, usize),
        has: impl Fn(usize) -> bool,
    ) -> (&[usize], &[usize]) {
        for &s in &starts[self.pushed..before] {
            if has(s) {
                self.list.push(s);
            }
        }
        self.pushed = self.pushed.max(before);
        while (self.list.get(self.from)).is_some_and(|&s| loose == before || s < starts[loose]) {
            self.from += 1;
        }
        self.list.split_at(self.from)
    }
}

/// Whether a line `s..e` of demerits at least `floor`, broken at `pen`, can be kept by no count of
/// lines `low + 1..=high + 1` (up to `lines`; `(low, high)`: the fewest and most lines that end at `s`)
/// in the exact fits' table `best` (row `j` of `stride` entries: the best totals in `j` lines): each such
/// count's best at `e` is already below the total (`keep` takes equals). The bound adds as the totals do
/// (`base + c + pen`), so a total made with the true demerits is never below it.
fn beaten(
    best: &[Option<(f64, usize)>],
    stride: usize,
    (s, e): (usize, usize),
    ((low, high), lines): ((usize, usize), usize),
    (floor, pen): (f64, f64),
) -> bool {
    (low + 1..=(high + 1).min(lines)).all(|j| {
        let Some((base, _)) = best[(j - 1) * stride + s] else {
            return true;
        };
        best[j * stride + e].is_some_and(|(b, _)| base + floor + pen > b)
    })
}

/// The line starts and `n` of the best breaking of atoms `0..n` into `lines` lines in the exact fits'
/// table `best` (row `j`: the best totals in `j` lines, and where the `j`-th line starts), or `None`.
fn chain_of(best: &[Option<(f64, usize)>], n: usize, lines: usize) -> Option<Vec<usize>> {
    let mut breaks = vec![n];
    let mut e = n;
    for j in (1..=lines).rev() {
        let (_, s) = best[j * (n + 1) + e]?;
        breaks.push(s);
        e = s;
    }
    (e == 0 && lines > 0).then(|| {
        breaks.reverse();
        breaks
    })
}
