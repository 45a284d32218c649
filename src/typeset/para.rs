//! A paragraph shaped for breaking: its atoms, the gaps between them (glue, whether they stretch, what a
//! break there costs) and the measure of a candidate line ([`Fit`]).
//!
//! - ¼ em between Han and Latin letters, the body's Han–digit spacing between Han and digits (¼, ⅛ or 0 em),
//!   as glue, never as a space character; each shrinks to ⅛ em (clreq §3.2.2); none next to punctuation
//!   (clreq §3.2.4) and none between a number and its unit sign (`15℃`, `99.5%`; clreq §3.1.5.2);
//! - expansion never falls inside a Latin word, a number with its unit, `——`/`……`, or a URL between its
//!   break points (clreq §3.6.4);
//! - a space between CJK characters is an ideographic gap (1 em); spaces at a line's ends are dropped.

use super::breaks;
use super::shape::{Atom, Span};
use crate::script::{self, Class};
use crate::style::{Linebreaks, Strictness};

/// How a block's lines sit in the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Justified to the measure, last line set solid at the start (body text).
    Justify,
    /// Each line centred, breaks chosen so that lines are balanced (headlines, kickers).
    Center,
    /// Set solid from the start of the measure, ragged at the end (colophon, notes).
    Start,
}

/// What to set and how.
#[derive(Debug, Clone)]
pub(crate) struct Setting<'a> {
    /// Text runs in order.
    pub spans: &'a [Span],
    /// Line length, pt.
    pub measure: f32,
    /// First-line indent, pt.
    pub indent: f32,
    /// Alignment.
    pub align: Align,
    /// Prohibition level.
    pub strictness: Strictness,
    /// Glue between Han and Latin letters, in ems of the adjacent text.
    pub latin_spacing_em: f32,
    /// Glue between Han and digits, in ems of the adjacent text.
    pub digit_spacing_em: f32,
    /// Quotes and brackets set without their blank half (display lines set larger than the body).
    pub trim_marks: bool,
    /// Total-fit or first-fit breaking.
    pub linebreaks: Linebreaks,
}

/// Tolerance when choosing breaks, pt.
pub(super) const EPS: f32 = 0.01;
/// Tolerance when justifying a chosen line: lines end on the measure to within float error.
pub(super) const EXACT: f32 = 1e-4;
/// Demerits of a paragraph-final line with at most one Han character (clreq §3.5.4).
pub(super) const RUNT: f64 = 1.0e5;
/// Demerits of a break where no break is allowed (only when nothing else fits).
pub(super) const EMERGENCY: f64 = 1.0e9;
/// Demerits of a line that cannot reach the measure.
pub(super) const UNFILLED: f64 = 1.0e7;
/// Demerits of a break that prohibition forbids: the last resort, so that a line always exists.
pub(super) const FORCED: f64 = 1.0e13;
/// Demerits added for breaking a display line (centred or ragged: a headline, kicker, subheadline or
/// byline) inside a phrase when its text holds an ideographic gap: a newspaper's display line is
/// written as phrases a space apart, and breaks at a gap or after a pause or stop mark where it can,
/// so that a phrase (`全方位融入　社区“疫”线添暖流`) is not split. Above a display line's slack
/// demerits (its slack in ems squared) for any slack a line of a page or a screen has.
pub(super) const PHRASE_SPLIT: f64 = 1.0e4;
/// The least a Han–Latin or Han–digit glue shrinks to, in ems of the adjacent text (clreq §3.2.2).
const GLUE_FLOOR_EM: f32 = 0.125;

/// The gap before an atom.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Gap {
    /// Glue set here, pt.
    pub(super) glue: f32,
    /// How much of the glue may shrink, pt.
    pub(super) glue_shrink: f32,
    /// Justification may add space here.
    pub(super) expandable: bool,
    /// Demerits of breaking here; `None` = no break.
    pub(super) penalty: Option<f64>,
}

/// A candidate line's measure: atoms `begin..end` (spaces at either end dropped) and their widths.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fit {
    /// First atom set (after spaces a line cannot start with).
    pub(super) begin: usize,
    /// One past the last atom set (trailing spaces excluded).
    pub(super) end: usize,
    /// Width at rest, the indent included, pt.
    pub(super) natural: f32,
    /// What compression may take out (marks and glue), pt.
    pub(super) shrink: f32,
    /// Gaps that justification may widen.
    pub(super) expandable: usize,
    /// Han characters on the line.
    pub(super) han: usize,
    /// The blank half of a mark ending a paragraph's last line: the one thing such a line may give up.
    pub(super) end_blank: f32,
}

/// A paragraph shaped for breaking: its text, atoms and the gaps before them, and the setting; with running
/// sums of the atoms' widths, glue and compressible amounts, so that a candidate line is measured in
/// constant time whatever its length.
pub(super) struct Para<'a> {
    pub(super) text: &'a str,
    pub(super) atoms: &'a [Atom],
    pub(super) gaps: &'a [Gap],
    pub(super) setting: &'a Setting<'a>,
    /// The running sums ([`Totals::sums`]), made once for every setting of a paragraph kept shaped; read
    /// straight from the slice (no indirection per look-up: the breaker reads them for every line).
    sums: &'a [Sums],
    /// [`Totals::slop`].
    slop: f64,
    /// [`Totals::widening`].
    widening: bool,
    /// The least firm width of a line surely too wide ([`Para::surely_too_wide`]): the measure, [`EXACT`]
    /// and twice the slop, pt; infinite where [`Totals::widening`] does not hold.
    too_wide: f64,
    /// The most width bound of a line surely loose (the breaker's `loose_from`): the measure less [`EPS`]
    /// and twice the slop, pt.
    loose_below: f64,
}

/// A paragraph's running sums and what follows from them, made once from its atoms, gaps and setting and
/// good for every breaking of them ([`Para::with_totals`]).
#[derive(Debug, Clone)]
pub(super) struct Totals {
    /// `sums[k]`: the totals over atoms `0..k` (and the gaps before them).
    sums: Vec<Sums>,
    /// How far a width computed from the running sums may be off its true value, pt (see
    /// [`Para::width_bound`]).
    slop: f64,
    /// Whether a line started earlier is always wider, compressed as far as it goes ([`Para::widening`]).
    widening: bool,
}

/// Running totals over the atoms before an index (f64, so that a difference of two is exact to far below
/// the tolerances lines are set to).
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    /// Widths after fixed trims.
    eff: f64,
    /// Glue before each atom.
    glue: f64,
    /// What that glue may shrink.
    glue_shrink: f64,
    /// Compressible left and right halves.
    shrink_left: f64,
    shrink_right: f64,
    /// Expandable gaps before each atom.
    expandable: u32,
    /// Han characters.
    han: u32,
    /// Atoms that are spaces ([`Class::Space`]): a line with none at either end need not look for them.
    spaces: u32,
    /// Widths and glue, each counted as at least 0: a bound of any line's natural width.
    room: f64,
    /// Widths less what compression may take from them, of the atoms that are not spaces.
    firm: f64,
}

/// Atoms set solid against each other: Latin letters, digits, Western punctuation, unit signs and a narrow
/// solidus (`km/h`, `PDF/A`).
fn solid(a: &Atom) -> bool {
    matches!(a.class, Class::Latin | Class::WesternPunct | Class::Unit)
        || (a.class == Class::Solidus && a.width < 0.9 * a.size)
}

/// The glue between `a` and `b`, in ems: Han next to a Latin letter (`latin_spacing_em`) or a digit (the
/// digit spacing, also after a narrow unit sign closing a number: `30%的`); none elsewhere.
fn glue_em(text: &str, a: &Atom, b: &Atom, setting: &Setting) -> f32 {
    let digit = |atom: &Atom, last: bool| {
        let s = &text[atom.range.clone()];
        let c = if last {
            s.chars().last()
        } else {
            s.chars().next()
        };
        c.is_some_and(|c| c.is_ascii_digit())
    };
    let spacing = |is_digit: bool| {
        if is_digit {
            setting.digit_spacing_em
        } else {
            setting.latin_spacing_em
        }
    };
    match (a.class, b.class) {
        (Class::Ideographic, Class::Latin) => spacing(digit(b, false)),
        (Class::Latin, Class::Ideographic) => spacing(digit(a, true)),
        (Class::Unit, Class::Ideographic) if a.width < 0.9 * a.size => setting.digit_spacing_em,
        _ => 0.0,
    }
}

/// The gaps before each atom (and after the last), with the glue, stretch and break penalties the setting
/// and the text call for. Widens a space between CJK characters to 1 em.
pub(super) fn gaps(text: &str, atoms: &mut [Atom], setting: &Setting) -> Vec<Gap> {
    let n = atoms.len();
    let mut gaps = vec![Gap::default(); n + 1];
    // A space between CJK characters is an ideographic gap (1 em); between Latin words it keeps its width.
    let mut phrased = false;
    for k in 0..n {
        if atoms[k].class == Class::Space {
            let cjk = |j: Option<&Atom>| {
                j.is_some_and(|x| !matches!(x.class, Class::Latin | Class::WesternPunct))
            };
            if cjk(k.checked_sub(1).map(|j| &atoms[j])) && cjk(atoms.get(k + 1)) {
                atoms[k].width = atoms[k].size;
                phrased = true;
            }
        }
    }
    let urls = breaks::urls(text);
    // the opportunities and the atoms' starts both rise: read together
    let mut k = 0;
    breaks::each_opportunity(text, setting.strictness, &urls, |op| {
        while k < n && atoms[k].range.start < op.at {
            k += 1;
        }
        if k < n && atoms[k].range.start == op.at {
            gaps[k].penalty = Some(op.penalty as f64);
        }
    });
    // the URLs not yet passed, in order
    let mut urls = urls.as_slice();
    for (pair, g) in atoms.windows(2).zip(&mut gaps[1..]) {
        let (a, b) = (&pair[0], &pair[1]);
        let em = a.size.max(b.size);
        g.glue = glue_em(text, a, b, setting) * em;
        g.glue_shrink = (g.glue - GLUE_FLOOR_EM * em).max(0.0);
        let same_long = a.class == Class::Long && b.class == Class::Long;
        g.expandable = !(same_long || solid(a) && solid(b));
        // A URL stretches only where it may break (before `/ . ? &`), never inside a word: the gaps
        // before the atoms starting inside it.
        let at = b.range.start;
        while urls.first().is_some_and(|u| u.end <= at) {
            urls = &urls[1..];
        }
        if urls.first().is_some_and(|u| u.start < at) {
            g.expandable = g.penalty.is_some();
        }
        if g.penalty.is_none() {
            g.penalty = Some(emergency(text, a, b, setting));
        }
    }
    if phrased && setting.align != Align::Justify {
        // a phrase ends at its gap or at a pause or stop mark
        let ends = |a: &Atom| matches!(a.class, Class::Space | Class::Pause);
        for (a, g) in atoms.iter().zip(&mut gaps[1..]) {
            if let Some(p) = g.penalty.as_mut().filter(|_| !ends(a)) {
                *p += PHRASE_SPLIT;
            }
        }
    }
    gaps
}

/// The penalty of a break between atoms `a` and `b` where the opportunities allow none: an emergency
/// break ([`EMERGENCY`]) where prohibition allows one, for runs longer than the measure (URLs, hashes);
/// else the last resort ([`FORCED`]), so that a line always exists.
fn emergency(text: &str, a: &Atom, b: &Atom, setting: &Setting) -> f64 {
    let last = text[a.range.clone()].chars().last().unwrap_or(' ');
    let first = text[b.range.clone()].chars().next().unwrap_or(' ');
    let long_pair = a.class == Class::Long && b.class == Class::Long;
    if !breaks::not_at_line_start(first)
        && !breaks::not_at_line_end(last, setting.strictness)
        && !long_pair
    {
        EMERGENCY
    } else {
        FORCED
    }
}

/// The Han characters ([`script::is_han`]) of `text[range]`, an atom's text: a single three-byte character
/// (most atoms) decoded from its bytes at once.
#[inline(always)]
fn han_in(text: &str, range: std::ops::Range<usize>) -> u32 {
    if let [b0 @ 0xE0..=0xFF, b1, b2] = text.as_bytes()[range.clone()] {
        let c = u32::from(b0 & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
        return u32::from(matches!(c, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF));
    }
    han_counted(&text[range])
}

/// The Han characters of `text`, counted one by one: [`han_in`] of an atom of other than one
/// three-byte character.
#[inline(never)]
fn han_counted(text: &str) -> u32 {
    text.chars().filter(|&c| script::is_han(c)).count() as u32
}

impl Totals {
    /// The running sums of `atoms` of `text` with the `gaps` before them, set by `setting`.
    pub(super) fn new(text: &str, atoms: &[Atom], gaps: &[Gap], setting: &Setting) -> Totals {
        let mut sums = Vec::with_capacity(atoms.len() + 1);
        let mut t = Sums::default();
        sums.push(t);
        // one sum an atom, written in place (the zip knows its length: no check of room per atom)
        sums.extend(atoms.iter().zip(gaps).map(|(a, g)| {
            let eff = a.eff();
            t.eff += f64::from(eff);
            t.glue += f64::from(g.glue);
            t.glue_shrink += f64::from(g.glue_shrink);
            t.shrink_left += f64::from(a.shrink_left);
            t.shrink_right += f64::from(a.shrink_right);
            t.expandable += u32::from(g.expandable);
            t.han += han_in(text, a.range.clone());
            t.spaces += u32::from(a.class == Class::Space);
            t.room += f64::from(eff.max(0.0)) + f64::from(g.glue.max(0.0));
            if a.class != Class::Space {
                t.firm += f64::from(eff - a.shrink_left - a.shrink_right);
            }
            t
        }));
        // each running sum is off by at most k·ε times its total after k terms; the widths of a line are
        // differences of two sums, then rounded to f32 (relative 2⁻²⁴ of the measure)
        let total = t.room + f64::from(setting.indent.abs()) + f64::from(setting.measure.abs());
        let slop = 0.01
            + 1e-6 * f64::from(setting.measure.abs())
            + 8.0 * atoms.len() as f64 * f64::EPSILON * total;
        // every atom's width less what compression may take from it, and every glue less its shrink
        let atoms_widen = (atoms.iter())
            .all(|a| f64::from(a.eff() - a.shrink_left - a.shrink_right) > 2.0 * slop);
        let glue_holds = gaps
            .iter()
            .all(|g| g.glue >= g.glue_shrink && g.glue_shrink >= 0.0);
        Totals {
            sums,
            slop,
            widening: atoms_widen && glue_holds && setting.indent >= 0.0,
        }
    }
}

impl<'a> Para<'a> {
    /// A paragraph of `atoms` of `text` with the `gaps` before them, set by `setting` (the tests' way in;
    /// the typesetter keeps the sums with the shapes, [`Para::with_totals`]).
    #[cfg(test)]
    pub(super) fn new(
        text: &'a str,
        atoms: &'a [Atom],
        gaps: &'a [Gap],
        setting: &'a Setting<'a>,
    ) -> Para<'a> {
        // a test's paragraph lives as long as its atoms: its sums are left to the end of the test run
        let totals: &'a Totals = Box::leak(Box::new(Totals::new(text, atoms, gaps, setting)));
        Para::with_totals(text, atoms, gaps, setting, totals)
    }

    /// [`Para::new`] with the running sums already made by [`Totals::new`] from the same atoms, gaps and
    /// setting.
    pub(super) fn with_totals(
        text: &'a str,
        atoms: &'a [Atom],
        gaps: &'a [Gap],
        setting: &'a Setting<'a>,
        totals: &'a Totals,
    ) -> Para<'a> {
        // summed in the order the tests of a line summed them before (the same rounding)
        let m = f64::from(setting.measure);
        let too_wide = if totals.widening {
            m + f64::from(EXACT) + 2.0 * totals.slop
        } else {
            f64::INFINITY
        };
        Para {
            text,
            atoms,
            gaps,
            setting,
            sums: &totals.sums,
            slop: totals.slop,
            widening: totals.widening,
            too_wide,
            loose_below: m - f64::from(EPS) - 2.0 * totals.slop,
        }
    }

    /// Whether a line started earlier (to the same end) is always wider, both at rest and compressed as
    /// far as it goes — every atom is wider than what compression may take from it by more than the
    /// rounding of two widths, no glue shrinks below 0 and the indent is not negative —, so that once a
    /// line is too wide (the breaker's `cost`), every line started earlier is too, without measuring
    /// it.
    pub(super) fn widening(&self) -> bool {
        self.widening
    }

    /// An upper bound of the natural width of a line `s..e` ([`Fit::natural`] for any `last`), exact to
    /// within [`Para::slop`]: the widths of atoms `s..e`, the glue before each and the indent, each counted
    /// as at least 0 — what [`Para::fit`] measures drops spaces, trims and blank halves from that. Grows
    /// as `s` falls and as `e` rises, pt.
    pub(super) fn width_bound(&self, s: usize, e: usize) -> f64 {
        let w = self.sums[e].room - self.sums[s].room;
        if s == 0 {
            w + f64::from(self.setting.indent.max(0.0))
        } else {
            w
        }
    }

    /// Whether a line `s..e` of more than one atom is surely too wide, even compressed as far as it goes
    /// (a lower bound of its width so compressed, from running sums, exceeds the measure by more than
    /// the rounding): its atoms' widths less what compression may take, spaces left out (a line may drop
    /// them at its ends). Only for a paragraph where [`Para::widening`] holds (no atom, glue or indent
    /// counts less than 0); `false` otherwise.
    #[inline(always)]
    pub(super) fn surely_too_wide(&self, s: usize, e: usize) -> bool {
        let firm = self.sums[e].firm - self.sums[s].firm;
        e - s > 1 && firm > self.too_wide
    }

    /// The most [`Para::width_bound`] of a line narrower than the measure by more than [`EPS`] even
    /// after the rounding of its width: the measure less `EPS` and twice [`Para::slop`], pt.
    pub(super) fn loose_below(&self) -> f64 {
        self.loose_below
    }

    /// The most gaps a line `s..e` (`s < e`) may widen ([`Fit::expandable`] is at most this); falls as `s`
    /// rises.
    pub(super) fn expandable_bound(&self, s: usize, e: usize) -> usize {
        (self.sums[e].expandable - self.sums[s + 1].expandable) as usize
    }

    /// The line starts: 0 and every allowed break (room made for every atom at once: most are).
    #[inline]
    pub(super) fn starts(&self) -> Vec<usize> {
        let n = self.atoms.len();
        let mut starts = Vec::with_capacity(n);
        if n > 0 {
            starts.push(0);
            let gaps = &self.gaps[1..n];
            starts.extend((1..n).zip(gaps).filter_map(|(k, g)| g.penalty.map(|_| k)));
        }
        starts
    }

    /// A lower bound of the demerits of a display line `s..e` whose slack counts (the breaker's `cost`):
    /// 100 and the square of its slack in ems at least, by [`Para::width_bound`] (less a margin far above
    /// the rounding of the slack `cost` computes in `f32`). Falls as `s` falls.
    #[inline]
    pub(super) fn slack_floor(&self, s: usize, e: usize, em: f32) -> f64 {
        let m = f64::from(self.setting.measure);
        let slack = (m - self.width_bound(s, e) - 2.0 * self.slop()).max(0.0) / f64::from(em);
        let low = slack * (1.0 - 1e-5);
        100.0 + low * low
    }

    /// How far [`Para::width_bound`] and a width [`Para::fit`] computes may be off their exact values
    /// together, pt (float rounding of the running sums).
    pub(super) fn slop(&self) -> f64 {
        self.slop
    }

    /// The measure of atoms `s..e` set as one line (`last`: the paragraph's last). Spaces at the line's
    /// ends are dropped; an opening mark starting the line drops its blank half (clreq §3.1.6.3, R2.5);
    /// a mark ending a justified line that is not the last, or any display line, drops its blank half
    /// (GB/T 15834 §5.1.10; a display line is centred on its ink).
    #[inline(always)]
    pub(super) fn fit(&self, s: usize, e: usize, last: bool) -> Fit {
        let (mut begin, mut end) = (s, e);
        // most lines hold no space at all: the running count says so without looking at their atoms
        if self.sums[e].spaces != self.sums[s].spaces {
            (begin, end) = self.trimmed(s, e);
        }
        let atoms = self.atoms;
        let justify = self.setting.align == Align::Justify;
        let (first, after, tail) = (&self.sums[begin], &self.sums[begin + 1], &self.sums[end]);
        let inner = |get: fn(&Sums) -> f64| get(tail) - get(after);
        let (a, z) = (&atoms[begin], &atoms[end - 1]);
        let mut natural = tail.eff - first.eff + inner(|t| t.glue) - f64::from(a.shrink_left);
        // the marks inside may give both halves; the first its right, the last its left
        let shrink = inner(|t| t.glue_shrink)
            + inner(|t| t.shrink_left)
            + (self.sums[end - 1].shrink_right - first.shrink_right);
        let mut end_blank = 0.0;
        if justify && last {
            end_blank = z.shrink_right;
        } else {
            natural -= f64::from(z.shrink_right);
        }
        if s == 0 {
            natural += f64::from(self.setting.indent);
        }
        Fit {
            begin,
            end,
            natural: natural as f32,
            shrink: shrink as f32,
            expandable: (tail.expandable - after.expandable) as usize,
            han: (tail.han - first.han) as usize,
            end_blank,
        }
    }

    /// Atoms `s..e` less the spaces a line drops at its ends (none before the paragraph's first atom;
    /// at least one atom kept): the first and one past the last atom set.
    #[inline(never)]
    fn trimmed(&self, s: usize, e: usize) -> (usize, usize) {
        let atoms = self.atoms;
        let mut begin = s;
        while s > 0 && begin + 1 < e && atoms[begin].class == Class::Space {
            begin += 1;
        }
        let mut end = e;
        while end > begin + 1 && atoms[end - 1].class == Class::Space {
            end -= 1;
        }
        (begin, end)
    }
}
