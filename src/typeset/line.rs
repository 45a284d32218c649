//! Setting one paragraph (or one display block such as a headline) into lines: shaping into atoms
//! (`shape`), the gaps between them (`para`), line breaking (`breaker`) and bringing each line to the
//! measure (`squeeze`); here the pieces are put together and the glyph runs written.
//!
//! Every length is in points. The rules and their sources:
//! - adjacent full-width marks take 1.5 em, trimmed between them (clreq §3.1.6.2, GB/T 15834 §5.1); `？！`
//!   and `！？` take one em together (GB/T 15834 §5.1.2);
//! - a full-width mark ending a justified line takes ½ em (GB/T 15834 §5.1.10, clreq §3.1.6.3);
//! - a forced break compresses punctuation first (push-in), then moves characters down (push-out)
//!   (clreq §3.1.4); compression is shared with the Han–Latin glue (clreq §3.6.3, §3.2.2);
//! - expansion is spread evenly between characters, never inside Latin words, numbers, URLs, `——` or
//!   `……` (clreq §3.6.4); a paragraph's last line is set solid (clreq §3.6.1);
//! - ¼ em between Han and Latin letters or digits (the digit spacing is the style's), shrinkable to ⅛ em,
//!   as glue, never as a space character (clreq §3.2.2); none next to punctuation (clreq §3.2.4) nor
//!   between a number and its unit;
//! - a paragraph's last line never holds a single Han character (孤字, clreq §3.5.4): heavy demerits;
//! - display lines larger than the body trim the blank side of their quotes and brackets, and every
//!   display line is centred on its ink: an opening mark starting it and a mark ending it drop their
//!   blank halves.

use std::ops::Range;

use super::page::{Glyph, GlyphRun};
pub(crate) use super::para::{Align, Setting};
use super::para::{Gap, Para, Totals, gaps};
pub(crate) use super::shape::Span;
use super::shape::{Atom, atoms, compress};
use super::squeeze::Adjust;
use crate::fonts::FontSet;
use crate::style::Linebreaks;

/// A set line: glyph runs positioned from the line's start (x = 0 at the measure's left edge).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SetLine {
    /// Glyph runs; glyph `x` is from the left edge of the measure.
    pub runs: Vec<GlyphRun>,
    /// Where the line's first character shows: the pen position after an opening mark's trimmed blank
    /// half, pt from the measure's left edge.
    pub left: f32,
    /// Right edge of the last glyph's advance, pt from the measure's left edge.
    pub right: f32,
    /// The paragraph's last line.
    pub last: bool,
    /// A non-last line that could not be filled to the measure (no gap to expand), or had to break where
    /// no break is allowed (a run longer than the measure).
    pub unfilled: bool,
    /// Number of Han characters on the line.
    pub han: usize,
    /// Byte offset in the set text (all spans joined) where the line starts.
    pub start: usize,
}

/// Sets `setting.spans` into lines by total-fit (Knuth–Plass style) breaking, or first fit when the
/// setting asks.
///
/// Returns the lines in order; an empty input gives no lines. Never fails: a run longer than the measure is
/// broken where prohibition allows (the line is marked `unfilled`).
pub(crate) fn set(setting: &Setting, fonts: &FontSet) -> Vec<SetLine> {
    set_lines(setting, fonts, None).unwrap_or_default()
}

/// Sets `setting.spans` into exactly `lines` lines (`None`: as many as [`set`] makes): the least-demerits
/// breaking into that many lines whose lines are no looser than a reader notices (at most 0.12 em more
/// per gap), none broken where no break is allowed, and whose last line holds two Han characters or
/// more — a paragraph set a line looser or tighter to fill a page. `None` when there is no such breaking,
/// or the setting breaks first fit.
pub(crate) fn set_lines(
    setting: &Setting,
    fonts: &FontSet,
    lines: Option<usize>,
) -> Option<Vec<SetLine>> {
    set_shaped(setting, &shape(setting, fonts), lines)
}

/// A paragraph shaped for breaking, kept so that it can be set again — a line looser or tighter — without
/// shaping it again: the joined text of its spans, its atoms (fixed widths and pair compression applied),
/// the gaps before them and their running sums. Only good for the setting it was shaped by ([`shape`]).
#[derive(Debug, Clone)]
pub(crate) struct Shaped {
    text: String,
    atoms: Vec<Atom>,
    gaps: Vec<Gap>,
    totals: Totals,
}

impl Shaped {
    /// How many atoms (clusters) the shaped text holds: what keeping it costs, about 200 bytes each
    /// with its gaps and running sums.
    pub(crate) fn atoms(&self) -> usize {
        self.atoms.len()
    }

    /// The paragraph to break in `setting` (the one it was shaped by), with the running sums made then.
    fn para<'a>(&'a self, setting: &'a Setting<'a>) -> Para<'a> {
        Para::with_totals(&self.text, &self.atoms, &self.gaps, setting, &self.totals)
    }
}

/// Shapes `setting.spans` into atoms and the gaps between them, for [`set_shaped`].
pub(crate) fn shape(setting: &Setting, fonts: &FontSet) -> Shaped {
    let (text, mut atoms) = atoms(setting.spans, fonts);
    if atoms.is_empty() {
        let totals = Totals::new(&text, &atoms, &[], setting);
        return Shaped {
            text,
            atoms,
            gaps: Vec::new(),
            totals,
        };
    }
    compress(&text, &mut atoms, setting.trim_marks);
    let gaps = gaps(&text, &mut atoms, setting);
    let totals = Totals::new(&text, &atoms, &gaps, setting);
    Shaped {
        text,
        atoms,
        gaps,
        totals,
    }
}

/// [`set_lines`] of a paragraph already shaped by the same `setting` ([`shape`]).
pub(crate) fn set_shaped(
    setting: &Setting,
    shaped: &Shaped,
    lines: Option<usize>,
) -> Option<Vec<SetLine>> {
    if shaped.atoms.is_empty() {
        return lines.is_none().then(Vec::new);
    }
    let em = em_of(setting);
    let para = shaped.para(setting);
    let breaks = match (setting.linebreaks, lines) {
        (Linebreaks::Optimal, None) => para.total_fit(em),
        (Linebreaks::Greedy, None) => para.first_fit(em),
        (Linebreaks::Optimal, Some(lines)) => para.exact_fits(em, &[lines]).pop().flatten()?,
        _ => return None,
    };
    Some(para.set_breaks(&breaks))
}

/// The breaks of a paragraph already shaped by `setting` ([`shape`]) set in each of `counts` lines, as
/// [`set_lines`] would choose them (the line starts and the atom count), found in one pass; `None` for a
/// count that cannot be set (as [`set_lines`]). Set the chosen breaks with [`set_breaks`].
pub(crate) fn count_breaks(
    setting: &Setting,
    shaped: &Shaped,
    counts: &[usize],
) -> Vec<Option<Vec<usize>>> {
    if shaped.atoms.is_empty() || setting.linebreaks != Linebreaks::Optimal {
        return vec![None; counts.len()];
    }
    shaped.para(setting).exact_fits(em_of(setting), counts)
}

/// The lines of a paragraph already shaped by `setting` broken at `breaks` (from [`count_breaks`]).
pub(crate) fn set_breaks(setting: &Setting, shaped: &Shaped, breaks: &[usize]) -> Vec<SetLine> {
    shaped.para(setting).set_breaks(breaks)
}

/// The largest size among `setting`'s spans: the em the breaker measures spacing in, pt.
fn em_of(setting: &Setting) -> f32 {
    setting.spans.iter().map(|s| s.size).fold(0.0, f32::max)
}

impl Para<'_> {
    /// The lines broken at `breaks` (the line starts and the atom count), each justified.
    fn set_breaks(&self, breaks: &[usize]) -> Vec<SetLine> {
        let n = self.atoms.len();
        (breaks.windows(2))
            .map(|w| self.justify(w[0], w[1], w[1] == n))
            .collect()
    }

    /// Sets atoms `s..e` as one line: compressed or expanded to the measure when justified, centred when
    /// centred.
    fn justify(&self, s: usize, e: usize, last: bool) -> SetLine {
        let f = self.fit(s, e, last);
        let adjust = self.adjust(&f, last);
        let mut x = if s == 0 { self.setting.indent } else { 0.0 };
        if self.setting.align == Align::Center {
            x += ((self.setting.measure - f.natural) / 2.0).max(0.0);
        }
        let (runs, right) = self.runs(f.begin, f.end, x, &adjust);
        SetLine {
            runs,
            left: x,
            right,
            last,
            unfilled: adjust.unfilled,
            han: f.han,
            start: self.atoms[f.begin].range.start,
        }
    }

    /// The glyph runs of atoms `s..end` from pen position `x`, a new run wherever the face, size or roles
    /// change; and the pen position after the last atom.
    fn runs(&self, s: usize, end: usize, mut x: f32, adj: &Adjust) -> (Vec<GlyphRun>, f32) {
        let mut runs: Vec<GlyphRun> = Vec::with_capacity(1);
        // the line's atoms with the gaps before them, and what the adjustment does to each
        let (atoms, gaps) = (&self.atoms[s..end], &self.gaps[s..end]);
        let mut i = 0;
        while i < atoms.len() {
            let j = self.run_end(atoms, i);
            let (a, z) = (&atoms[i], &atoms[j - 1]);
            let span = &self.setting.spans[a.span];
            let run_start = a.range.start;
            let count: usize = atoms[i..j].iter().map(|a| a.glyphs.len()).sum();
            let mut run = GlyphRun {
                font: a.font,
                size: a.size,
                role: span.role,
                inline: span.inline,
                text: String::with_capacity(z.range.end.saturating_sub(run_start)),
                glyphs: Vec::with_capacity(count),
            };
            self.run_text(&atoms[i..j], &mut run.text);
            let line = Line {
                atoms,
                gaps,
                adj,
                run_start,
            };
            x = if count == j - i {
                line.single_glyphs(i..j, x, &mut run.glyphs)
            } else {
                line.glyphs(i..j, x, &mut run.glyphs)
            };
            // a book's lines are all held until they are paginated and drawn: no room to spare in them
            run.glyphs.shrink_to_fit();
            run.text.shrink_to_fit();
            runs.push(run);
            i = j;
        }
        runs.shrink_to_fit();
        (runs, x)
    }

    /// One past the last atom of the run that starts at `atoms[i]`: the atoms that follow of its span,
    /// face and size, or of its face, size and roles.
    fn run_end(&self, atoms: &[Atom], i: usize) -> usize {
        let a = &atoms[i];
        let span = &self.setting.spans[a.span];
        let key = (a.font, a.size, span.role, span.inline);
        let mut j = i + 1;
        while let Some(b) = atoms.get(j) {
            let p = &atoms[j - 1];
            let same = p.span == b.span && p.font == b.font && p.size == b.size;
            if !same {
                let bs = &self.setting.spans[b.span];
                if (b.font, b.size, bs.role, bs.inline) != key {
                    break;
                }
            }
            j += 1;
        }
        j
    }

    /// Appends the text of `atoms` (following each other in the text, mostly) to `out`, a stretch at a
    /// time.
    fn run_text(&self, atoms: &[Atom], out: &mut String) {
        let Some(first) = atoms.first() else { return };
        let mut pending = first.range.clone();
        for a in &atoms[1..] {
            if a.range.start != pending.end {
                out.push_str(&self.text[pending.clone()]);
                pending.start = a.range.start;
            }
            pending.end = a.range.end;
        }
        out.push_str(&self.text[pending]);
    }
}

/// A line's atoms with the gaps before them and their adjustment, and where the text of the run being
/// written starts (glyph clusters count from it).
struct Line<'l> {
    atoms: &'l [Atom],
    gaps: &'l [Gap],
    adj: &'l Adjust,
    run_start: usize,
}

impl Line<'_> {
    /// The pen position before atom `k` of the line from `x`, the position after atom `k - 1` (the glue
    /// before it and the expansion of its gap; nothing before the line's first atom), pt.
    #[inline(always)]
    fn before(&self, k: usize, x: f32) -> f32 {
        if k > 0 {
            let expand = if self.gaps[k].expandable {
                self.adj.expand
            } else {
                0.0
            };
            let glue = match &self.adj.per_atom {
                Some(per) => per.glue[k],
                None => self.gaps[k].glue,
            };
            x + (glue + expand)
        } else {
            x
        }
    }

    /// The trims of atom `k` of the line at its left and right, pt: its own (a compressed line's), or
    /// the atom's with what the line's ends add ([`Line::plain_trims`]).
    #[inline(always)]
    fn trims(&self, k: usize) -> (f32, f32) {
        match &self.adj.per_atom {
            Some(per) => (per.left[k], per.right[k]),
            None => self.plain_trims(&self.atoms[k], k),
        }
    }

    /// The trims of `a`, atom `k` of a line that is not compressed: its own, with what the line's ends
    /// add to its first and last atom ([`Adjust::plain`]), pt.
    #[inline(always)]
    fn plain_trims(&self, a: &Atom, k: usize) -> (f32, f32) {
        let (first, last) = self.adj.plain;
        let left = if k == 0 {
            a.trim_left + first
        } else {
            a.trim_left
        };
        let right = match last {
            Some(r) if k + 1 == self.atoms.len() => a.trim_right + r,
            _ => a.trim_right,
        };
        (left, right)
    }

    /// Appends the glyphs of atoms `range` of the line, each of one glyph, from pen position `x` to
    /// `out` (its room made); the pen position after them, pt.
    fn single_glyphs(&self, range: Range<usize>, mut x: f32, out: &mut Vec<Glyph>) -> f32 {
        let Some(per) = &self.adj.per_atom else {
            return self.single_glyphs_plain(range, x, out);
        };
        let adj = self.adj;
        // the atoms with what goes with each, as slices read in step (no look-up checked per atom)
        let (atoms, gaps) = (&self.atoms[range.clone()], &self.gaps[range.clone()]);
        let (left, right) = (&per.left[range.clone()], &per.right[range.clone()]);
        let glue = &per.glue[range.clone()];
        // nothing before the line's first atom
        let mut first = range.start == 0;
        let each = atoms.iter().zip(gaps).zip(left.iter().zip(right)).zip(glue);
        for (((a, gap), (&left, &right)), &glue) in each {
            if !first {
                let expand = if gap.expandable { adj.expand } else { 0.0 };
                x += glue + expand;
            }
            first = false;
            x = self.push_single(a, (left, right), x, out);
        }
        x
    }

    /// [`Line::single_glyphs`] of a line that is not compressed: each atom's own trims and the glue of
    /// its gap, what the line's ends add given to its first and last atoms ([`Line::plain_trims`]).
    fn single_glyphs_plain(&self, range: Range<usize>, mut x: f32, out: &mut Vec<Glyph>) -> f32 {
        let adj = self.adj;
        let (atoms, gaps) = (&self.atoms[range.clone()], &self.gaps[range.clone()]);
        for ((k, a), gap) in range.zip(atoms).zip(gaps) {
            if k > 0 {
                let expand = if gap.expandable { adj.expand } else { 0.0 };
                x += gap.glue + expand;
            }
            x = self.push_single(a, self.plain_trims(a, k), x, out);
        }
        x
    }

    /// Appends the one glyph of atom `a`, trimmed by `(left, right)`, at pen position `x`; the pen
    /// position after it, pt.
    #[inline(always)]
    fn push_single(
        &self,
        a: &Atom,
        (left, right): (f32, f32),
        x: f32,
        out: &mut Vec<Glyph>,
    ) -> f32 {
        let origin = x - left;
        let eff = a.width - left - right;
        let (id, dx, _) = a.glyphs[0];
        out.push(Glyph {
            id,
            x: origin + dx,
            advance: eff - dx.min(eff),
            cluster: (a.range.start - self.run_start) as u32,
        });
        x + eff
    }

    /// [`Line::single_glyphs`] of atoms of any number of glyphs: the last glyph of each takes what is
    /// left of the atom's width after its offset.
    fn glyphs(&self, range: Range<usize>, mut x: f32, out: &mut Vec<Glyph>) -> f32 {
        for k in range {
            let a = &self.atoms[k];
            x = self.before(k, x);
            let (left, right) = self.trims(k);
            let origin = x - left;
            let cluster = (a.range.start - self.run_start) as u32;
            let eff = a.width - left - right;
            let count = a.glyphs.len();
            for (g, &(id, dx, adv)) in a.glyphs.iter().enumerate() {
                let advance = if g + 1 == count {
                    eff - dx.min(eff)
                } else {
                    adv
                };
                out.push(Glyph {
                    id,
                    x: origin + dx,
                    advance,
                    cluster,
                });
            }
            x += eff;
        }
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontId;
    use crate::style::Role;
    use crate::style::Strictness;

    fn body(text: &str, measure_em: f32, indent_em: f32) -> Vec<SetLine> {
        let fonts = FontSet::bundled().unwrap();
        let spans = [Span {
            text: text.into(),
            font: FontId::Serif,
            size: 10.0,
            role: Role::Body,
            inline: None,
        }];
        let setting = Setting {
            spans: &spans,
            measure: measure_em * 10.0,
            indent: indent_em * 10.0,
            align: Align::Justify,
            strictness: Strictness::Gb,
            latin_spacing_em: 0.25,
            digit_spacing_em: 0.25,
            trim_marks: false,
            linebreaks: Linebreaks::Optimal,
        };
        set(&setting, &fonts)
    }

    fn xs(line: &SetLine) -> Vec<(String, f32)> {
        let mut out = Vec::new();
        for run in &line.runs {
            for (g, cluster) in run.clusters() {
                out.push((run.text[cluster].to_string(), g.x));
            }
        }
        out
    }

    #[test]
    fn adjacent_marks_take_one_and_a_half_em() {
        let lines = body("他说：“好。”", 20.0, 0.0);
        let x = xs(&lines[0]);
        // ：(½ em, paired) “ (1 em) 好 。(½ em, paired) ”
        assert_eq!(
            x.iter().map(|(t, _)| t.as_str()).collect::<String>(),
            "他说：“好。”"
        );
        assert!((x[3].1 - x[2].1 - 5.0).abs() < 1e-3, "{x:?}");
        assert!((x[4].1 - x[3].1 - 10.0).abs() < 1e-3, "{x:?}");
        assert!((x[6].1 - x[5].1 - 5.0).abs() < 1e-3, "{x:?}");
    }

    #[test]
    fn opening_pair_is_trimmed_between_the_marks() {
        let x = xs(&body("（“好”）", 20.0, 0.0)[0]);
        // （ keeps its left half; “ loses its left half; ” loses its right half
        assert!((x[1].1 - x[0].1 - 5.0).abs() < 1e-3, "{x:?}");
    }

    #[test]
    fn every_line_but_the_last_fills_the_measure() {
        let text = "在外卖存放点设置泡沫保温箱，确保居民购买的食品和蔬菜不被冻坏；协调购买一批热帖和暖手宝，分发给核酸检测工作人员……一面心系百姓民生，一面关心“战友”冷暖。";
        let lines = body(text, 10.0, 2.0);
        assert!(lines.len() > 3);
        for l in &lines[..lines.len() - 1] {
            assert!((l.right - 100.0).abs() < 0.01, "{}", l.right);
        }
        let all: String = lines
            .iter()
            .flat_map(|l| l.runs.iter().map(|r| r.text.clone()))
            .collect();
        assert_eq!(all, text);
    }

    #[test]
    fn line_end_mark_takes_half_an_em() {
        // 9 Han + ， fills 9.5 em of a 9.5 em... use a 10 em measure: the comma at the end is halved,
        // and the line is expanded by the remaining half em
        let lines = body("一二三四五六七八九，十一二三四五六七八九十。", 10.0, 0.0);
        let first = xs(&lines[0]);
        let (t, x) = first.last().unwrap();
        assert_eq!(t, "，");
        assert!((100.0 - x - 5.0).abs() < 0.01, "comma at {x}");
    }

    #[test]
    fn han_latin_glue_is_a_quarter_em() {
        let x = xs(&body("用Rust写", 20.0, 0.0)[0]);
        assert!((x[1].1 - 10.0 - 2.5).abs() < 1e-3, "{x:?}");
    }

    #[test]
    fn no_runt_on_the_last_line() {
        let text = "这一段的最后一行只剩下一个字的情况需要避免，排版时应当从上一行拉下一个字，使末行至少有两个字符。";
        for m in 8..20 {
            let lines = body(text, m as f32, 2.0);
            assert!(lines.last().unwrap().han >= 2, "measure {m}");
        }
    }

    #[test]
    fn long_url_breaks_rather_than_overflowing() {
        let lines = body(
            "见https://example.org/a/very/long/path/that/has/no/break/opportunity/at/all这个地址",
            10.0,
            0.0,
        );
        for l in &lines {
            assert!(l.right <= 100.0 + 0.01, "{}", l.right);
        }
    }

    /// Advance (pen distance to the next glyph) of each glyph on the first line, in ems of 10 pt.
    fn ems(text: &str, measure_em: f32) -> Vec<(String, f32)> {
        let x = xs(&body(text, measure_em, 0.0)[0]);
        x.windows(2)
            .map(|w| (w[0].0.clone(), (w[1].1 - w[0].1) / 10.0))
            .collect()
    }

    fn em_of(v: &[(String, f32)], ch: &str) -> f32 {
        v.iter()
            .find(|(t, _)| t == ch)
            .unwrap_or_else(|| panic!("{ch} in {v:?}"))
            .1
    }

    #[test]
    fn close_then_close_takes_one_and_a_half_em() {
        // ” then ）: the first loses its blank right half (GB/T 15834 §5.1, clreq §3.1.6.2)
        let v = ems("他说“好”）吧。", 20.0);
        assert!((em_of(&v, "”") - 0.5).abs() < 1e-4, "{v:?}");
        assert!((em_of(&v, "）") - 1.0).abs() < 1e-4, "{v:?}");
    }

    #[test]
    fn pause_then_close_takes_one_and_a_half_em() {
        let v = ems("好。”吧", 20.0);
        assert!((em_of(&v, "。") - 0.5).abs() < 1e-4, "{v:?}");
    }

    #[test]
    fn a_lone_mark_inside_a_line_keeps_its_full_em() {
        let v = ems("甲，乙。丙", 20.0);
        assert!((em_of(&v, "，") - 1.0).abs() < 1e-4, "{v:?}");
        assert!((em_of(&v, "。") - 1.0).abs() < 1e-4, "{v:?}");
    }

    #[test]
    fn three_marks_in_a_row_take_two_em() {
        // 。” “ : 。 and ” each lose half; the opening quote keeps its em
        let v = ems("好。”“对", 20.0);
        let total = em_of(&v, "。") + em_of(&v, "”") + em_of(&v, "“");
        assert!((total - 2.0).abs() < 1e-4, "{v:?}");
    }

    #[test]
    fn interpunct_takes_half_an_em_centred() {
        // GB/T 15834 §5.1.8: the full-width form (fwid) is set in ½ em
        // origins: the glyph is drawn ¼ em left of its pen position, so 丽 → 居 is 1 em + ½ em
        let v = ems("玛丽·居里", 20.0);
        let span = em_of(&v, "丽") + em_of(&v, "·");
        assert!((span - 1.5).abs() < 1e-4, "{v:?}");
        assert!(
            (em_of(&v, "丽") - 0.75).abs() < 1e-4,
            "ink centred in the ½ em: {v:?}"
        );
    }

    #[test]
    fn a_dash_pair_is_one_two_em_glyph() {
        let lines = body("等等——这", 20.0, 0.0);
        let run = &lines[0].runs[0];
        let dash: Vec<_> = run
            .clusters()
            .filter(|(_, c)| &run.text[c.clone()] == "——")
            .map(|(g, _)| g)
            .collect();
        assert_eq!(dash.len(), 1, "one glyph for the pair");
        assert!((dash[0].advance - 20.0).abs() < 1e-3, "{}", dash[0].advance);
    }

    #[test]
    fn an_opening_mark_starting_a_wrapped_line_drops_its_blank_half() {
        // 10 em measure: the second line starts with “, whose blank left half hangs out (clreq §3.1.6.3)
        let lines = body("一二三四五六七八九十“一二三四五”六七八九十。", 10.0, 0.0);
        let second = xs(&lines[1]);
        assert_eq!(second[0].0, "“");
        assert!((second[0].1 + 5.0).abs() < 1e-3, "{second:?}");
        assert!(
            second[1].1 >= 5.0 - 1e-3,
            "the ink of “ fills the first half em: {second:?}"
        );
    }

    #[test]
    fn a_space_between_han_is_one_em() {
        let v = ems("记者 梁可心", 20.0);
        assert!((em_of(&v, " ") - 1.0).abs() < 1e-4, "{v:?}");
    }

    #[test]
    fn no_glue_next_to_punctuation() {
        // clreq §3.2.4: none between a Latin word and ，。 or inside brackets
        let x = xs(&body("用（Rust）写，Rust。", 20.0, 0.0)[0]);
        let at = |t: &str| x.iter().position(|(c, _)| c == t).unwrap();
        let r = at("R");
        assert!(
            (x[r].1 - x[r - 1].1 - 10.0).abs() < 1e-3,
            "（ is a full em, no glue after it: {x:?}"
        );
    }

    #[test]
    fn latin_is_kerned_and_never_expanded_inside_a_word() {
        // 6 em measure, two lines: the first is justified, but AVATAR keeps its kerned advances
        let lines = body("甲乙AVATAR丙丁戊己庚辛。", 8.0, 0.0);
        let x = xs(&lines[0]);
        let a = x.iter().position(|(c, _)| c == "A").unwrap();
        assert!(
            (x[a + 1].1 - x[a].1 - 5.86).abs() < 0.01,
            "kerned A before V: {x:?}"
        );
    }

    /// The first line of `text` set at `measure` pt (10 pt type, no indent), and where each glyph stands.
    fn first_line_at(text: &str, measure: f32) -> (String, Vec<(String, f32)>) {
        let spans = [Span {
            text: text.into(),
            font: FontId::Serif,
            size: 10.0,
            role: Role::Body,
            inline: None,
        }];
        let setting = Setting {
            spans: &spans,
            measure,
            indent: 0.0,
            align: Align::Justify,
            strictness: Strictness::Gb,
            latin_spacing_em: 0.25,
            digit_spacing_em: 0.25,
            trim_marks: false,
            linebreaks: Linebreaks::Optimal,
        };
        let lines = set(&setting, &FontSet::bundled().unwrap());
        let first = lines[0].runs.iter().map(|r| r.text.as_str()).collect();
        (first, xs(&lines[0]))
    }

    /// The advance of the glyph after `ch` (its pen distance to the next glyph).
    fn width_of(x: &[(String, f32)], ch: &str) -> f32 {
        let i = x.iter().position(|(c, _)| c == ch).unwrap();
        x[i + 1].1 - x[i].1
    }

    #[test]
    fn han_latin_glue_shrinks_with_the_marks_in_proportion() {
        // the first line must lose 2.5 pt: the two ¼ em glues (1.25 pt each may go) and 。(1.8 pt may go
        // before it falls below 0.82 em) give in proportion, 2.5 of 4.3
        let fonts = FontSet::bundled().unwrap();
        let a_adv = fonts.shape(FontId::Serif, "A", 10.0, &[])[0].advance;
        let natural = 8.0 * 10.0 + a_adv + 5.0 + 10.0; // 8 Han, A, 2 glues, 。 on the first line
        let (first, x) = first_line_at("一二三A四五六七。八九十。", natural - 2.5);
        assert_eq!(first, "一二三A四五六七。八", "pushed in, not out");
        let ratio = 2.5 / 4.3;
        let glue = width_of(&x, "三") - 10.0;
        assert!((glue - (2.5 - 1.25 * ratio)).abs() < 1e-3, "{glue} {x:?}");
        assert!(glue >= 1.25, "no glue below ⅛ em");
        let stop = width_of(&x, "。");
        assert!((stop - (10.0 - 1.8 * ratio)).abs() < 1e-3, "{stop} {x:?}");
    }

    #[test]
    fn no_line_starts_with_a_space() {
        // UAX #14 may break between the two spaces; the space left at the next line's start is dropped
        let lines = body("甲乙丙丁戊 　己庚辛壬癸子丑寅。", 5.0, 0.0);
        for l in &lines[1..] {
            let first = &xs(l)[0];
            assert!(!first.0.trim().is_empty(), "{:?}", xs(l));
            assert!(first.1.abs() < 1e-3, "{:?}", xs(l));
        }
    }

    #[test]
    fn a_question_and_an_exclamation_mark_take_one_em_together() {
        // GB/T 15834 §5.1.2: ？！ and ！？ in one em, each mark in its inked half
        for text in ["问：怎么办？！答：先做。", "真的吗！？是的。"] {
            let x = xs(&body(text, 30.0, 0.0)[0]);
            let q = x.iter().position(|(c, _)| c == "？" || c == "！").unwrap();
            assert!((x[q + 2].1 - x[q].1 - 10.0).abs() < 1e-3, "{text}: {x:?}");
        }
        // a lone ？ keeps its em
        let v = ems("怎么办？答。", 30.0);
        assert!((em_of(&v, "？") - 1.0).abs() < 1e-4, "{v:?}");
    }

    #[test]
    fn a_number_and_its_unit_are_set_solid() {
        // no glue between 15 and ℃ (nor 99.5 and %), ¼ em between Han and the number
        let lines = body("零下15℃的天气，完成率99.5%了。", 30.0, 0.0);
        let run = &lines[0].runs[0];
        let at = |t: &str| {
            run.clusters()
                .find(|(_, c)| &run.text[c.clone()] == t)
                .unwrap()
                .0
        };
        let five = at("5");
        assert!(
            (at("℃").x - (five.x + five.advance)).abs() < 1e-3,
            "{run:?}"
        );
        let half = run
            .clusters()
            .filter(|(_, c)| &run.text[c.clone()] == "5")
            .last()
            .unwrap()
            .0;
        assert!(
            (at("%").x - (half.x + half.advance)).abs() < 1e-3,
            "{run:?}"
        );
        let one = at("1");
        assert!(
            (one.x - at("下").x - 12.5).abs() < 1e-3,
            "¼ em after 下: {run:?}"
        );
        assert!(
            (at("的").x - at("℃").x - 10.0).abs() < 1e-3,
            "℃ is full width, no glue after it"
        );
    }

    #[test]
    fn the_digit_spacing_is_the_styles() {
        let fonts = FontSet::bundled().unwrap();
        let spans = [Span {
            text: "11月29日用Rust写".into(),
            font: FontId::Serif,
            size: 10.0,
            role: Role::Body,
            inline: None,
        }];
        for (digits, expect) in [(0.25f32, 2.5f32), (0.125, 1.25), (0.0, 0.0)] {
            let setting = Setting {
                spans: &spans,
                measure: 300.0,
                indent: 0.0,
                align: Align::Justify,
                strictness: Strictness::Gb,
                latin_spacing_em: 0.25,
                digit_spacing_em: digits,
                trim_marks: false,
                linebreaks: Linebreaks::Optimal,
            };
            let x = xs(&set(&setting, &fonts)[0]);
            let pos = |t: &str| x.iter().position(|(c, _)| c == t).unwrap();
            let digit_gap = x[pos("月") + 1].1 - x[pos("月")].1 - 10.0; // 月 → 2
            let letter_gap = x[pos("用") + 1].1 - x[pos("用")].1 - 10.0; // 用 → R
            assert!((digit_gap - expect).abs() < 1e-3, "{digits}: {x:?}");
            assert!((letter_gap - 2.5).abs() < 1e-3, "letters keep ¼ em: {x:?}");
        }
    }

    #[test]
    fn a_last_line_is_set_solid_and_a_character_is_carried_down_instead() {
        // 10 em: the last line may not squeeze its inner marks to fit; the line above is spread instead
        for text in [
            "一二三四五六七八九十甲乙丙丁：“戊己庚辛壬。”",
            "一二三四五六七八九十甲乙丙，丁戊己庚，辛壬。",
        ] {
            let lines = body(text, 10.0, 0.0);
            let last = lines.last().unwrap();
            assert!(last.right <= 100.0 + 1e-3, "{text}");
            let v: Vec<(String, f32)> = xs(last)
                .windows(2)
                .map(|w| (w[0].0.clone(), (w[1].1 - w[0].1) / 10.0))
                .collect();
            for (c, w) in &v {
                if c == "，" || c == "“" {
                    assert!((w - 1.0).abs() < 1e-3, "{text}: {c} at {w} em in {v:?}");
                }
            }
            assert!(last.han >= 2, "{text}");
        }
    }

    #[test]
    fn a_display_line_breaks_between_its_phrases() {
        let fonts = FontSet::bundled().unwrap();
        let lines = |text: &str, measure: f32, align: Align| {
            let spans = [Span {
                text: text.into(),
                font: FontId::SansBold,
                size: 20.0,
                role: Role::Headline,
                inline: None,
            }];
            let s = Setting {
                spans: &spans,
                measure,
                indent: 0.0,
                align,
                strictness: Strictness::Gb,
                latin_spacing_em: 0.25,
                digit_spacing_em: 0.25,
                trim_marks: true,
                linebreaks: Linebreaks::Optimal,
            };
            let text = |l: &SetLine| l.runs.iter().map(|r| r.text.clone()).collect::<String>();
            set(&s, &fonts).iter().map(text).collect::<Vec<_>>()
        };
        // 14 characters and a gap in 9 ems: balanced, the lines would split 社区; the phrases are kept
        let headline = "全方位融入 社区“疫”线添暖流";
        for align in [Align::Center, Align::Start] {
            assert_eq!(
                lines(headline, 180.0, align),
                ["全方位融入", "社区“疫”线添暖流"],
                "{align:?}"
            );
        }
        // without a gap, a centred line is balanced between any two characters
        assert_eq!(
            lines("全方位融入社区“疫”线添暖流", 180.0, Align::Center),
            ["全方位融入社区", "“疫”线添暖流"]
        );
        // a phrase longer than the measure still breaks inside
        assert_eq!(
            lines("全方位融入 社区“疫”线添暖流", 120.0, Align::Center).len(),
            3
        );
    }

    #[test]
    fn display_lines_trim_their_quotes_and_centre_on_the_ink() {
        let fonts = FontSet::bundled().unwrap();
        let setting = |text: &'static str, trim: bool, spans: &mut Vec<Span>| {
            spans.push(Span {
                text: text.into(),
                font: FontId::SansBold,
                size: 20.0,
                role: Role::Headline,
                inline: None,
            });
            trim
        };
        let mut spans = Vec::new();
        let trim = setting("冰城战“疫”纪事", true, &mut spans);
        let centred = |spans: &[Span], trim: bool| {
            let s = Setting {
                spans,
                measure: 300.0,
                indent: 0.0,
                align: Align::Center,
                strictness: Strictness::Gb,
                latin_spacing_em: 0.25,
                digit_spacing_em: 0.25,
                trim_marks: trim,
                linebreaks: Linebreaks::Optimal,
            };
            set(&s, &fonts).remove(0)
        };
        let line = centred(&spans, trim);
        let v: Vec<f32> = xs(&line).windows(2).map(|w| w[1].1 - w[0].1).collect();
        // 战 “ 疫 ” 纪: each quote takes ½ em (pen to pen: 战 → 疫 and 疫 → 纪 1½ em)
        assert!((v[2] + v[3] - 30.0).abs() < 1e-3, "{v:?}");
        assert!((v[4] + v[5] - 30.0).abs() < 1e-3, "{v:?}");
        assert!((line.left - (300.0 - line.right)).abs() < 1e-3, "centred");
        // a subhead ending in ？ is centred without the blank half of its mark
        let spans = [Span {
            text: "需要防护物资？".into(),
            font: FontId::SansBold,
            size: 10.0,
            role: Role::Subhead,
            inline: None,
        }];
        let line = centred(&spans, false);
        assert!(
            (line.right - line.left - 65.0).abs() < 1e-3,
            "{}",
            line.right - line.left
        );
        assert!((line.left - (300.0 - line.right)).abs() < 1e-3);
    }

    #[test]
    fn a_url_is_never_spread_inside_a_word() {
        let text = "源代码托管在https://example.org/a/very/long/path/that/has/no/break/opportunity/at/all这个地址上。";
        // the glyphs in order, with the line each is on; and the same set solid on one line
        let glyphs = |lines: &[SetLine]| -> Vec<(usize, String, f32)> {
            let mut out = Vec::new();
            for (i, l) in lines.iter().enumerate() {
                out.extend(xs(l).into_iter().map(|(c, x)| (i, c, x)));
            }
            out
        };
        let wrapped = body(text, 16.0, 0.0);
        assert!(wrapped.len() >= 3);
        for l in &wrapped {
            let line: String = l.runs.iter().map(|r| r.text.as_str()).collect();
            assert!(!line.ends_with('/'), "no line ends with a solidus: {line}");
        }
        let (set, solid) = (glyphs(&wrapped), glyphs(&body(text, 200.0, 0.0)));
        assert_eq!(set.len(), solid.len());
        let letter = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric());
        for k in 1..set.len() {
            let (same_line, a, b) = (set[k - 1].0 == set[k].0, &set[k - 1].1, &set[k].1);
            if same_line && letter(a) && letter(b) {
                let spread = (set[k].2 - set[k - 1].2) - (solid[k].2 - solid[k - 1].2);
                assert!(spread.abs() < 1e-3, "{a}{b} spread by {spread}");
            }
        }
    }

    #[test]
    fn a_looser_or_tighter_setting_has_a_line_more_or_fewer() {
        let fonts = FontSet::bundled().unwrap();
        let text = "包保小分队到岗后，还未熟悉完社区情况和防疫工作流程，就面临着一个紧急突发情况。队员们不顾自身安危，立即请战，迅速学习核酸采样工作流程，穿上防护服，配合社区工作人员前往居民区，挨家挨户开展抗原和核酸复检。";
        let spans = [Span {
            text: text.into(),
            font: FontId::Serif,
            size: 10.0,
            role: Role::Body,
            inline: None,
        }];
        let setting = Setting {
            spans: &spans,
            measure: 200.0,
            indent: 20.0,
            align: Align::Justify,
            strictness: Strictness::Gb,
            latin_spacing_em: 0.25,
            digit_spacing_em: 0.25,
            trim_marks: false,
            linebreaks: Linebreaks::Optimal,
        };
        let natural = set(&setting, &fonts).len();
        for delta in [1, -1] {
            let Some(lines) = set_lines(&setting, &fonts, Some((natural as i32 + delta) as usize))
            else {
                continue;
            };
            assert_eq!(lines.len() as i32, natural as i32 + delta);
            let all: String = lines
                .iter()
                .flat_map(|l| l.runs.iter().map(|r| r.text.clone()))
                .collect();
            assert_eq!(all, text);
            for l in &lines[..lines.len() - 1] {
                assert!((l.right - 200.0).abs() < 0.01 && !l.unfilled, "{}", l.right);
            }
            assert!(lines.last().unwrap().han >= 2);
        }
        let with = |lines: usize| set_lines(&setting, &fonts, Some(lines));
        assert!(
            with(natural + 1).is_some() || with(natural - 1).is_some(),
            "a line more or a line fewer is within reach"
        );
        assert!(with(natural + 5).is_none(), "five lines looser is not");
        assert_eq!(with(natural).map(|l| l.len()), Some(natural));
    }

    #[test]
    fn a_forced_break_pushes_in_before_it_pushes_out() {
        // 10 em: 一（二）三四五六七八 fills the line and ， may not start the next; compressing the brackets
        // (½ em each) pulls ， in at the line end (clreq §3.1.4: 先挤进，后推出)
        let lines = body("一（二）三四五六七八，九十。", 10.0, 0.0);
        let first: String = lines[0].runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(first, "一（二）三四五六七八，");
        assert!((lines[0].right - 100.0).abs() < 1e-3);
        // with nothing to compress, a character is pushed out instead
        let lines = body("一二三四五六七八九十，甲乙。", 10.0, 0.0);
        let first: String = lines[0].runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(first, "一二三四五六七八九");
        assert!((lines[0].right - 100.0).abs() < 1e-3);
    }
}
