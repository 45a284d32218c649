//! Bringing a chosen line to the measure: the trims at its ends, then compression (push-in) or expansion.
//!
//! Compression follows clreq §3.6.3's order — brackets, then `，、；：`, then `。？！` — but is shared: the
//! Han–Latin and Han–digit glue shrinks (to ⅛ em) together with the marks of each class, in proportion, and
//! no mark goes below 0.8 em while any glue can still give; only then do the marks, class by class, give
//! the rest of their blank half. A paragraph's last line is set solid (clreq §3.6.1): only the mark
//! ending it may give up its blank half. Expansion is spread evenly over the expandable gaps.

use smallvec::SmallVec;

use super::para::{Align, EPS, EXACT, Fit, Para};
use crate::script::Class;

/// The most a lone mark gives while glue can still shrink, in ems: it keeps 0.82 em.
const MARK_FIRST_GIVE_EM: f32 = 0.18;

/// An amount per atom of a line, pt; a body line's (about 32 atoms) held without an allocation.
pub(super) type PerAtom = SmallVec<[f32; 40]>;

/// How a chosen line's atoms `begin..end` are moved: per-atom trims at each side, the glue before each,
/// and the expansion added at every expandable gap.
///
/// Only a compressed line has trims and glue of its own ([`Adjust::per_atom`]); every other line (most of
/// them) takes each atom's own trims and the glue of the gap before it, with what its ends give added
/// ([`Adjust::plain`]), so that no per-atom list is made for it.
pub(super) struct Adjust {
    /// Each atom's trims at its left and right and the glue before it, pt, for a compressed line;
    /// `None` for any other line (see [`Adjust::plain`]).
    pub(super) per_atom: Option<PerAtoms>,
    /// What the line's ends add to the trims of its first atom (at its left) and its last (at its right,
    /// when anything), pt, where there is no per-atom list.
    pub(super) plain: (f32, Option<f32>),
    pub(super) expand: f32,
    pub(super) unfilled: bool,
}

/// A compressed line's trims and glue, one entry per atom of the line (see [`Adjust`]).
pub(super) struct PerAtoms {
    pub(super) left: PerAtom,
    pub(super) right: PerAtom,
    pub(super) glue: PerAtom,
}

impl Para<'_> {
    /// The trims, glue and expansion that bring line `f` to the measure (or set it solid, ragged or
    /// centred, as its alignment says).
    pub(super) fn adjust(&self, f: &Fit, last: bool) -> Adjust {
        let (atoms, gaps, setting) = (self.atoms, self.gaps, self.setting);
        let (b, end) = (f.begin, f.end);
        let m = setting.measure;
        let justify = setting.align == Align::Justify;
        // the line's ends: the first atom's blank left half, and the last's right half unless a
        // justified paragraph's last line keeps it
        let ends_give = !justify || !last;
        let mut adj = Adjust {
            per_atom: None,
            plain: (
                atoms[b].shrink_left,
                ends_give.then_some(atoms[end - 1].shrink_right),
            ),
            expand: 0.0,
            unfilled: false,
        };
        if !justify {
            return adj;
        }
        if last {
            // set solid: only the closing mark may give its blank half
            if f.natural > m + EXACT {
                let take = (f.natural - m).min(f.end_blank);
                adj.plain.1 = Some(take);
                adj.unfilled = f.natural - take > m + EPS;
            }
        } else if f.natural > m + EXACT {
            // each atom's own trims and glue, with what the line's ends give as `plain` says
            let mut per_atom = PerAtoms {
                left: atoms[b..end].iter().map(|a| a.trim_left).collect(),
                right: atoms[b..end].iter().map(|a| a.trim_right).collect(),
                glue: (b..end)
                    .map(|k| if k > b { gaps[k].glue } else { 0.0 })
                    .collect(),
            };
            per_atom.left[0] += adj.plain.0;
            if let Some(r) = adj.plain.1 {
                per_atom.right[end - 1 - b] += r;
            }
            let need = self.shrink(b, end, f.natural - m, &mut per_atom);
            adj.per_atom = Some(per_atom);
            adj.unfilled = need > EPS;
        } else if m - f.natural > EXACT {
            if f.expandable > 0 {
                adj.expand = (m - f.natural) / f.expandable as f32;
            } else {
                adj.unfilled = true;
            }
        }
        adj
    }

    /// The class each atom of line `b..end` gives in, in clreq §3.6.3's order: brackets (0), pauses other
    /// than full stops (1), full stops (2); none (3).
    fn squeeze_classes(&self, b: usize, end: usize) -> SmallVec<[u8; 40]> {
        let (text, atoms) = (self.text, self.atoms);
        let major = |k: usize| matches!(&text[atoms[k].range.clone()], "。" | "？" | "！" | "．");
        (b..end)
            .map(|k| match atoms[k].class {
                Class::Open | Class::Close => 0,
                Class::Pause if !major(k) => 1,
                Class::Pause => 2,
                _ => 3,
            })
            .collect()
    }

    /// Takes `need` pt out of line `b..end` (see the module docs). Returns what could not be taken.
    fn shrink(&self, b: usize, end: usize, mut need: f32, adj: &mut PerAtoms) -> f32 {
        let (atoms, gaps) = (self.atoms, self.gaps);
        let class = self.squeeze_classes(b, end);
        // what each atom may give at its left and right (the line's ends have given theirs already)
        let sides: SmallVec<[(f32, f32); 40]> = (b..end)
            .map(|k| {
                let l = if k > b { atoms[k].shrink_left } else { 0.0 };
                let r = if k + 1 < end {
                    atoms[k].shrink_right
                } else {
                    0.0
                };
                (l, r)
            })
            .collect();
        let mut given: PerAtom = smallvec::smallvec![0.0f32; end - b];
        let mut glue_left: PerAtom = (b..end)
            .map(|k| if k > b { gaps[k].glue_shrink } else { 0.0 })
            .collect();
        // the atoms of the line in a class, as line indices
        let class = &class;
        let of = |c: u8| (0..end - b).filter(move |&i| class[i] == c);
        // first round: each class with the glue, no mark below 0.82 em; then the glue alone
        for in_class in [Some(0), Some(1), Some(2), None] {
            let marks: SmallVec<[(usize, f32); 16]> = (in_class.into_iter())
                .flat_map(of)
                .map(|i| {
                    let (l, r) = sides[i];
                    (i, (l + r).min(MARK_FIRST_GIVE_EM * atoms[b + i].size))
                })
                .filter(|&(_, cap)| cap > 0.0)
                .collect();
            if in_class.is_some() && marks.is_empty() {
                continue; // the glue goes with the marks of a class on the line, or alone at the end
            }
            let glue: f32 = glue_left.iter().sum();
            let pool = marks.iter().map(|m| m.1).sum::<f32>() + glue;
            if pool <= 0.0 || need <= 0.0 {
                continue;
            }
            let ratio = need.min(pool) / pool;
            for (i, cap) in marks {
                give(adj, &mut given, sides[i], i, cap * ratio);
            }
            for (i, g) in glue_left.iter_mut().enumerate() {
                adj.glue[i] -= *g * ratio;
                *g -= *g * ratio;
            }
            need -= pool * ratio;
        }
        // second round: the rest of each mark's blank half, class by class
        for in_class in 0..3 {
            let marks: SmallVec<[(usize, f32); 16]> = of(in_class)
                .map(|i| {
                    let (l, r) = sides[i];
                    (i, l + r - given[i])
                })
                .filter(|&(_, rest)| rest > 0.0)
                .collect();
            let pool: f32 = marks.iter().map(|m| m.1).sum();
            if pool <= 0.0 || need <= 0.0 {
                continue;
            }
            let ratio = need.min(pool) / pool;
            for (i, rest) in marks {
                give(adj, &mut given, sides[i], i, rest * ratio);
            }
            need -= pool * ratio;
        }
        need
    }
}

/// Takes `amount` pt from the atom at line index `i`, split between its sides as they may give.
fn give(adj: &mut PerAtoms, given: &mut [f32], (l, r): (f32, f32), i: usize, amount: f32) {
    if l + r <= 0.0 {
        return;
    }
    adj.left[i] += amount * l / (l + r);
    adj.right[i] += amount * r / (l + r);
    given[i] += amount;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{FontId, FontSet};
    use crate::style::{Linebreaks, Role, Strictness};
    use crate::typeset::para::{Setting, gaps};
    use crate::typeset::shape::{Span, atoms, compress};

    /// `text` set as one justified line that is not a paragraph's last, `take` pt narrower than its
    /// natural width: the width of each atom and the glue before it, pt.
    fn squeezed(text: &str, take: f32) -> Vec<(String, f32, f32)> {
        let fonts = FontSet::bundled().unwrap();
        let spans = [Span {
            text: text.into(),
            font: FontId::Serif,
            size: 10.0,
            role: Role::Body,
            inline: None,
        }];
        let mut setting = Setting {
            spans: &spans,
            measure: 1000.0,
            indent: 0.0,
            align: Align::Justify,
            strictness: Strictness::Gb,
            latin_spacing_em: 0.25,
            digit_spacing_em: 0.25,
            trim_marks: false,
            linebreaks: Linebreaks::Optimal,
        };
        let (t, mut atoms) = atoms(&spans, &fonts);
        compress(&t, &mut atoms, false);
        let gaps = gaps(&t, &mut atoms, &setting);
        let n = atoms.len();
        let natural = Para::new(&t, &atoms, &gaps, &setting)
            .fit(0, n, false)
            .natural;
        setting.measure = natural - take;
        let para = Para::new(&t, &atoms, &gaps, &setting);
        let f = para.fit(0, n, false);
        let adj = para.adjust(&f, false);
        assert!(!adj.unfilled);
        let adj = adj.per_atom.expect("a compressed line's own trims");
        (0..n)
            .map(|k| {
                let width = atoms[k].width - adj.left[k] - adj.right[k];
                (t[atoms[k].range.clone()].to_string(), width, adj.glue[k])
            })
            .collect()
    }

    fn of<'a>(set: &'a [(String, f32, f32)], ch: &str) -> &'a (String, f32, f32) {
        set.iter().find(|(t, _, _)| t == ch).unwrap()
    }

    #[test]
    fn a_lone_mark_keeps_more_than_four_fifths_of_an_em_until_the_glue_has_given() {
        // 甲乙A丙丁，戊: the comma (1.8 pt before it falls below 0.82 em) and the two glues (1.25 pt each)
        for take in [1.0f32, 3.0, 4.3] {
            let set = squeezed("甲乙A丙丁，戊己。", take);
            let ratio = take / 4.3;
            let comma = of(&set, "，").1;
            assert!(
                (comma - (10.0 - 1.8 * ratio)).abs() < 1e-3,
                "take {take}: ， {comma}"
            );
            assert!(comma >= 8.2 - 1e-3);
            let glue = of(&set, "A").2;
            assert!(
                (glue - (2.5 - 1.25 * ratio)).abs() < 1e-3,
                "take {take}: glue {glue}"
            );
        }
        // beyond that the glue stays at ⅛ em and the comma gives the rest of its blank half
        let set = squeezed("甲乙A丙丁，戊己。", 5.3);
        assert!((of(&set, "A").2 - 1.25).abs() < 1e-3);
        assert!((of(&set, "，").1 - 7.2).abs() < 1e-3, "{set:?}");
    }

    #[test]
    fn brackets_give_before_pauses_and_pauses_before_full_stops() {
        // without glue: the brackets take it all first (clreq §3.6.3), each to 0.82 em, then further
        let set = squeezed("甲（乙）丙，丁。戊", 2.0);
        assert!((of(&set, "（").1 - 9.0).abs() < 1e-3, "{set:?}");
        assert!((of(&set, "）").1 - 9.0).abs() < 1e-3, "{set:?}");
        assert_eq!((of(&set, "，").1, of(&set, "。").1), (10.0, 10.0));
        let set = squeezed("甲（乙）丙，丁。戊", 4.6);
        // brackets 1.8 each, then the comma 1.0 of its 1.8
        assert!((of(&set, "，").1 - 9.0).abs() < 1e-3, "{set:?}");
        assert_eq!(of(&set, "。").1, 10.0);
    }
}
