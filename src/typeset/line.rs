//! Setting one paragraph (or one display block such as a headline) into lines: shaping into atoms,
//! punctuation compression, Han–Latin glue, total-fit line breaking and justification.
//!
//! Every length is in points. The rules and their sources:
//! - adjacent full-width marks take 1.5 em, trimmed between them (clreq §3.1.6.2, GB/T 15834 §5.1);
//! - a full-width mark ending a justified line takes ½ em (GB/T 15834 §5.1.10, clreq §3.1.6.3);
//! - a forced break compresses punctuation first (push-in), then moves characters down (push-out)
//!   (clreq §3.1.4): compression costs less than expansion in the line-breaking demerits;
//! - compression order: brackets, then `，、；：`, then Han–Latin glue, then `。？！` (clreq §3.6.3);
//! - expansion is spread evenly between characters, never inside Latin words, digit runs, `——` or `……`
//!   (clreq §3.6.4); a paragraph's last line is set solid (clreq §3.6.1);
//! - ¼ em between Han and Latin letters or digits, shrinkable to ⅛ em, as glue, never as a space character
//!   (clreq §3.2.2); none next to punctuation (clreq §3.2.4);
//! - a paragraph's last line never holds a single Han character (孤字, clreq §3.5.4): heavy demerits.

use super::breaks;
use super::page::{Glyph, GlyphRun};
pub(crate) use super::shape::Span;
use super::shape::{Atom, atoms, compress};
use crate::fonts::FontSet;
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
    /// Han–Latin glue in ems of the adjacent text.
    pub latin_spacing_em: f32,
    /// Total-fit or first-fit breaking.
    pub linebreaks: Linebreaks,
}

/// A set line: glyph runs positioned from the line's start (x = 0 at the measure's left edge).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SetLine {
    /// Glyph runs; glyph `x` is from the left edge of the measure.
    pub runs: Vec<GlyphRun>,
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

/// Tolerance when choosing breaks, pt.
const EPS: f32 = 0.01;
/// Tolerance when justifying a chosen line: lines end on the measure to within float error.
const EXACT: f32 = 1e-4;
/// Demerits of a paragraph-final line with at most one Han character (clreq §3.5.4).
const RUNT: f64 = 1.0e5;
/// Demerits of a break where no break is allowed (only when nothing else fits).
const EMERGENCY: f64 = 1.0e9;
/// Demerits of a line that cannot reach the measure.
const UNFILLED: f64 = 1.0e7;
/// Demerits of a break that prohibition forbids: the last resort, so that a line always exists.
const FORCED: f64 = 1.0e13;

#[derive(Debug, Clone, Copy, Default)]
struct Gap {
    glue: f32,
    glue_shrink: f32,
    expandable: bool,
    /// Demerits of breaking here; `None` = no break.
    penalty: Option<f64>,
}

fn gaps(text: &str, atoms: &mut [Atom], setting: &Setting) -> Vec<Gap> {
    let n = atoms.len();
    let mut gaps = vec![Gap::default(); n + 1];
    let latinish = |k: Class| matches!(k, Class::Latin | Class::WesternPunct);
    for k in 1..n {
        let (a, b) = (atoms[k - 1].class, atoms[k].class);
        let g = &mut gaps[k];
        if (a == Class::Ideographic && b == Class::Latin)
            || (a == Class::Latin && b == Class::Ideographic)
        {
            let em = atoms[k - 1].size.max(atoms[k].size);
            g.glue = setting.latin_spacing_em * em;
            g.glue_shrink = g.glue / 2.0;
        }
        let same_long = a == Class::Long && b == Class::Long;
        g.expandable = !(same_long || latinish(a) && latinish(b));
    }
    // A space between CJK characters is an ideographic gap (1 em); between Latin words it keeps its width.
    for k in 0..n {
        if atoms[k].class == Class::Space {
            let cjk = |j: Option<&Atom>| {
                j.is_some_and(|x| !matches!(x.class, Class::Latin | Class::WesternPunct))
            };
            if cjk(k.checked_sub(1).map(|j| &atoms[j])) && cjk(atoms.get(k + 1)) {
                atoms[k].width = atoms[k].size;
            }
        }
    }
    for op in breaks::opportunities(text, setting.strictness) {
        if let Ok(k) = atoms.binary_search_by_key(&op.at, |a| a.range.start) {
            gaps[k].penalty = Some(op.penalty as f64);
        }
    }
    // Emergency breaks: anywhere prohibition allows, for runs longer than the measure (URLs, hashes).
    for k in 1..n {
        if gaps[k].penalty.is_none() {
            let last = text[atoms[k - 1].range.clone()]
                .chars()
                .last()
                .unwrap_or(' ');
            let first = text[atoms[k].range.clone()].chars().next().unwrap_or(' ');
            let long_pair = atoms[k - 1].class == Class::Long && atoms[k].class == Class::Long;
            if !breaks::not_at_line_start(first)
                && !breaks::not_at_line_end(last, setting.strictness)
                && !long_pair
            {
                gaps[k].penalty = Some(EMERGENCY);
            }
        }
        gaps[k].penalty.get_or_insert(FORCED);
    }
    gaps
}

#[derive(Debug, Clone, Copy)]
struct Fit {
    /// Atoms `start..end` are on the line (trailing spaces excluded).
    end: usize,
    natural: f32,
    shrink: f32,
    expandable: usize,
    han: usize,
}

fn cost(f: &Fit, setting: &Setting, em: f32, last: bool, single: bool) -> Option<f64> {
    let m = setting.measure;
    match setting.align {
        Align::Center | Align::Start => {
            // display lines are set solid: no compression beyond the pairs and the line end
            if f.natural > m + EPS {
                return if single { Some(UNFILLED) } else { None };
            }
            let slack = ((m - f.natural).max(0.0) / em) as f64;
            // centred lines are balanced (every line's slack counts); ragged lines are filled
            let counted = setting.align == Align::Center || !last;
            Some(100.0 + if counted { slack * slack } else { 0.0 })
        }
        Align::Justify => {
            if f.natural - f.shrink > m + EPS {
                return if single { Some(UNFILLED) } else { None };
            }
            if last {
                return Some(if f.han <= 1 { RUNT } else { 0.0 });
            }
            let badness = if f.natural > m + EPS {
                let ratio = ((f.natural - m) / f.shrink.max(EPS)) as f64;
                50.0 * ratio * ratio
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

/// Sets `setting.spans` into lines by total-fit (Knuth–Plass style) breaking.
///
/// Returns the lines in order; an empty input gives no lines. Never fails: a run longer than the measure is
/// broken where prohibition allows (the line is marked `unfilled`).
pub(crate) fn set(setting: &Setting, fonts: &FontSet) -> Vec<SetLine> {
    let (text, mut atoms) = atoms(setting.spans, fonts);
    if atoms.is_empty() {
        return Vec::new();
    }
    compress(&mut atoms);
    let gaps = gaps(&text, &mut atoms, setting);
    let n = atoms.len();
    let em = setting.spans.iter().map(|s| s.size).fold(0.0, f32::max);
    let para = Para {
        text: &text,
        atoms: &atoms,
        gaps: &gaps,
        setting,
    };
    let breaks = match setting.linebreaks {
        Linebreaks::Optimal => para.total_fit(em),
        Linebreaks::Greedy => para.first_fit(em),
    };
    breaks
        .windows(2)
        .map(|w| para.justify(w[0], w[1], w[1] == n))
        .collect()
}

/// A paragraph shaped for breaking: its text, atoms and the gaps before them, and the setting.
struct Para<'a> {
    text: &'a str,
    atoms: &'a [Atom],
    gaps: &'a [Gap],
    setting: &'a Setting<'a>,
}

/// How a chosen line's atoms are moved: per-atom trims at each side, glue before each, and the expansion
/// added at every expandable gap.
struct Adjust {
    left: Vec<f32>,
    right: Vec<f32>,
    glue: Vec<f32>,
    expand: f32,
    unfilled: bool,
}

impl Para<'_> {
    fn fit(&self, s: usize, e: usize, last: bool) -> Fit {
        let (atoms, gaps) = (self.atoms, self.gaps);
        let indent = self.setting.indent;
        // an opening mark starting a justified line drops its blank half (clreq §3.1.6.3, R2.5)
        let trim_open_start = self.setting.align == Align::Justify;
        let mut end = e;
        while end > s + 1 && atoms[end - 1].class == Class::Space {
            end -= 1;
        }
        let mut f = Fit {
            end,
            natural: if s == 0 { indent } else { 0.0 },
            shrink: 0.0,
            expandable: 0,
            han: 0,
        };
        for k in s..end {
            let a = &atoms[k];
            f.natural += a.eff();
            if k > s {
                f.natural += gaps[k].glue;
                f.shrink += gaps[k].glue_shrink;
                f.expandable += gaps[k].expandable as usize;
            }
            if k == s && trim_open_start {
                f.natural -= a.shrink_left;
            }
            if k + 1 == end && !last {
                f.natural -= a.shrink_right; // a full-width mark ending a line takes ½ em
            } else {
                f.shrink += a.shrink_right + if k > s { a.shrink_left } else { 0.0 };
            }
            f.han += self.text[a.range.clone()]
                .chars()
                .filter(|&c| script::is_han(c))
                .count();
        }
        f
    }

    /// Total-fit breaking: the break sequence with the least total demerits (Knuth–Plass, without fitness
    /// classes). Returns the line starts and `n`.
    fn total_fit(&self, em: f32) -> Vec<usize> {
        let (gaps, n) = (self.gaps, self.atoms.len());
        // candidate line starts: 0 and every allowed break
        let mut best: Vec<Option<(f64, usize)>> = vec![None; n + 1];
        best[0] = Some((0.0, 0));
        let candidates: Vec<usize> = (0..n)
            .filter(|&k| k == 0 || gaps[k].penalty.is_some())
            .collect();
        for e in (1..=n).filter(|&e| e == n || gaps[e].penalty.is_some()) {
            let last = e == n;
            let pen = if last {
                0.0
            } else {
                gaps[e].penalty.unwrap_or(0.0)
            };
            for &s in candidates.iter().rev().filter(|&&s| s < e) {
                let Some((base, _)) = best[s] else { continue };
                let f = self.fit(s, e, last);
                let Some(c) = cost(&f, self.setting, em, last, e - s == 1) else {
                    break; // starting earlier only makes the line wider
                };
                let total = base + c + pen;
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

    /// First-fit breaking: each line takes the most atoms that fit (after compression), preferring ordinary
    /// break opportunities to emergency ones, and those to a break prohibition forbids (clreq §3.1.7). Returns the line starts and `n`.
    fn first_fit(&self, em: f32) -> Vec<usize> {
        let (gaps, n) = (self.gaps, self.atoms.len());
        let mut breaks = vec![0];
        let mut s = 0;
        while s < n {
            let mut ordinary = None;
            let mut emergency = None;
            let mut forced = None;
            for e in (s + 1..=n).filter(|&e| e == n || gaps[e].penalty.is_some()) {
                let last = e == n;
                let f = self.fit(s, e, last);
                if cost(&f, self.setting, em, last, e - s == 1).is_none() {
                    break;
                }
                match gaps[e].penalty {
                    _ if last => ordinary = Some(e),
                    Some(p) if p < EMERGENCY => ordinary = Some(e),
                    Some(p) if p < FORCED => emergency = Some(e),
                    _ => forced = Some(e),
                }
            }
            let e = ordinary.or(emergency).or(forced).unwrap_or(s + 1);
            breaks.push(e);
            s = e;
        }
        breaks
    }

    /// Sets atoms `s..e` as one line: compressed or expanded to the measure when justified, centred when
    /// centred.
    fn justify(&self, s: usize, e: usize, last: bool) -> SetLine {
        let f = self.fit(s, e, last);
        let adjust = self.adjust(s, &f, last);
        let mut x = if s == 0 { self.setting.indent } else { 0.0 };
        if self.setting.align == Align::Center {
            x += ((self.setting.measure - f.natural) / 2.0).max(0.0);
        }
        let (runs, right) = self.runs(s, f.end, x, &adjust);
        SetLine {
            runs,
            right,
            last,
            unfilled: adjust.unfilled,
            han: f.han,
            start: self.atoms[s].range.start,
        }
    }

    /// The trims, glue and expansion that bring line `s..f.end` to the measure.
    fn adjust(&self, s: usize, f: &Fit, last: bool) -> Adjust {
        let (atoms, gaps, setting) = (self.atoms, self.gaps, self.setting);
        let end = f.end;
        let m = setting.measure;
        let mut adj = Adjust {
            left: atoms[s..end].iter().map(|a| a.trim_left).collect(),
            right: atoms[s..end].iter().map(|a| a.trim_right).collect(),
            glue: (s..end)
                .map(|k| if k > s { gaps[k].glue } else { 0.0 })
                .collect(),
            expand: 0.0,
            unfilled: false,
        };
        if !last {
            let k = end - 1 - s;
            adj.right[k] += atoms[end - 1].shrink_right;
        }
        if setting.align == Align::Justify {
            adj.left[0] += atoms[s].shrink_left;
        }
        let justify = setting.align == Align::Justify && !last;
        // a last line too wide by a little is compressed too; only non-last lines are expanded
        if setting.align == Align::Justify && f.natural > m + EXACT {
            let need = self.shrink(s, end, last, f.natural - m, &mut adj);
            adj.unfilled = need > EPS;
        } else if justify && m - f.natural > EXACT {
            if f.expandable > 0 {
                adj.expand = (m - f.natural) / f.expandable as f32;
            } else {
                adj.unfilled = true;
            }
        }
        adj
    }

    /// Takes `need` pt out of line `s..end` in clreq §3.6.3 order, equally within each class: brackets,
    /// then `，、；：`, then Han–Latin glue, then `。？！`. Returns what could not be taken.
    fn shrink(&self, s: usize, end: usize, last: bool, mut need: f32, adj: &mut Adjust) -> f32 {
        let (text, atoms, gaps) = (self.text, self.atoms, self.gaps);
        let major = |k: usize| matches!(&text[atoms[k].range.clone()], "。" | "？" | "！" | "．");
        let classes: [&dyn Fn(usize) -> bool; 3] = [
            &|k| matches!(atoms[k].class, Class::Open | Class::Close),
            &|k| atoms[k].class == Class::Pause && !major(k),
            &|k| atoms[k].class == Class::Pause && major(k),
        ];
        for (step, in_class) in classes.iter().enumerate() {
            if step == 2 {
                // Han–Latin glue shrinks before the full stops do
                let avail: f32 = (s + 1..end).map(|k| gaps[k].glue_shrink).sum();
                if avail > 0.0 && need > 0.0 {
                    let take = need.min(avail);
                    for (k, gap) in gaps.iter().enumerate().take(end).skip(s + 1) {
                        adj.glue[k - s] -= gap.glue_shrink * take / avail;
                    }
                    need -= take;
                }
            }
            let items: Vec<usize> = (s..end).filter(|&k| in_class(k)).collect();
            let avail: f32 = items
                .iter()
                .map(|&k| {
                    // a non-last line's final mark already gave its half to the line end
                    let r = if k + 1 == end && !last {
                        0.0
                    } else {
                        atoms[k].shrink_right
                    };
                    let l = if k > s { atoms[k].shrink_left } else { 0.0 };
                    r + l
                })
                .sum();
            if avail <= 0.0 || need <= 0.0 {
                continue;
            }
            let take = need.min(avail);
            for &k in &items {
                if k + 1 != end || last {
                    adj.right[k - s] += atoms[k].shrink_right * take / avail;
                }
                if k > s {
                    adj.left[k - s] += atoms[k].shrink_left * take / avail;
                }
            }
            need -= take;
        }
        need
    }

    /// The glyph runs of atoms `s..end` from pen position `x`, a new run wherever the face, size or roles
    /// change; and the pen position after the last atom.
    fn runs(&self, s: usize, end: usize, mut x: f32, adj: &Adjust) -> (Vec<GlyphRun>, f32) {
        let mut runs: Vec<GlyphRun> = Vec::new();
        let mut run_start = 0usize;
        for k in s..end {
            let a = &self.atoms[k];
            if k > s {
                x += adj.glue[k - s]
                    + if self.gaps[k].expandable {
                        adj.expand
                    } else {
                        0.0
                    };
            }
            let origin = x - adj.left[k - s];
            let span = &self.setting.spans[a.span];
            let new_run = runs.last().is_none_or(|r| {
                (r.font, r.size, r.role, r.inline) != (a.font, a.size, span.role, span.inline)
            });
            if new_run {
                run_start = a.range.start;
                runs.push(GlyphRun {
                    font: a.font,
                    size: a.size,
                    role: span.role,
                    inline: span.inline,
                    text: String::new(),
                    glyphs: Vec::new(),
                });
            }
            let run = runs.last_mut().expect("pushed above");
            run.text.push_str(&self.text[a.range.clone()]);
            let cluster = a.range.start - run_start..a.range.end - run_start;
            let eff = a.width - adj.left[k - s] - adj.right[k - s];
            let count = a.glyphs.len();
            for (i, &(id, dx, adv)) in a.glyphs.iter().enumerate() {
                let advance = if i + 1 == count {
                    eff - dx.min(eff)
                } else {
                    adv
                };
                run.glyphs.push(Glyph {
                    id,
                    x: origin + dx,
                    advance,
                    cluster: cluster.clone(),
                });
            }
            x += eff;
        }
        (runs, x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontId;
    use crate::style::Role;

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
            linebreaks: Linebreaks::Optimal,
        };
        set(&setting, &fonts)
    }

    fn xs(line: &SetLine) -> Vec<(String, f32)> {
        let mut out = Vec::new();
        for run in &line.runs {
            for g in &run.glyphs {
                out.push((run.text[g.cluster.clone()].to_string(), g.x));
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
            .glyphs
            .iter()
            .filter(|g| &run.text[g.cluster.clone()] == "——")
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

    #[test]
    fn han_latin_glue_shrinks_to_an_eighth_em_before_the_full_stops_do() {
        // a line that must lose ¼ em: the two glues give ⅛ em each
        let spans = [Span {
            text: "一二三A四五六七。八".into(),
            font: FontId::Serif,
            size: 10.0,
            role: Role::Body,
            inline: None,
        }];
        let fonts = FontSet::bundled().unwrap();
        let a_adv = fonts.shape(FontId::Serif, "A", 10.0, &[])[0].advance;
        let natural = 8.0 * 10.0 + a_adv + 5.0 + 10.0; // 8 Han, A, 2 glues, 。, 八 … on one line
        let setting = Setting {
            spans: &spans,
            measure: natural - 2.5,
            indent: 0.0,
            align: Align::Justify,
            strictness: Strictness::Gb,
            latin_spacing_em: 0.25,
            linebreaks: Linebreaks::Optimal,
        };
        let lines = set(&setting, &fonts);
        assert_eq!(lines.len(), 1, "the paragraph fits one line by compression");
        let x = xs(&lines[0]);
        let a = x.iter().position(|(c, _)| c == "A").unwrap();
        assert!(
            (x[a].1 - x[a - 1].1 - 10.0 - 1.25).abs() < 1e-3,
            "⅛ em glue: {x:?}"
        );
        let stop = x.iter().position(|(c, _)| c == "。").unwrap();
        assert!(
            (x[stop + 1].1 - x[stop].1 - 10.0).abs() < 1e-3,
            "。 keeps its em: {x:?}"
        );
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
