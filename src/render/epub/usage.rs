//! Which characters each embedded face must hold: recorded while the documents are written, by the face
//! each piece of text is set in — its role's `font` ([`crate::style::RoleStyle::font`]), or the face an
//! inline role (strong, emphasis) gives it inside that role.

use std::collections::{BTreeMap, BTreeSet};

use crate::fonts::{Face, FontId, FontSet, Weight};
use crate::style::InlineStyle;

/// Characters set in each bundled face, collected while the documents are written.
///
/// Every character is also recorded under the body face: the body face is the root of every document's
/// font stack (the face a reading system falls back to when it drops a role's face), so its subset covers
/// all the text of the book.
#[derive(Debug, Clone)]
pub(super) struct Usage {
    body: FontId,
    chars: BTreeMap<FontId, Chars>,
    /// The kind and weight of each face of the set (what an inline role's face is chosen inside).
    kinds: BTreeMap<FontId, (Face, Weight)>,
    /// Whether the documents recorded here are walked for their characters only, not written
    /// ([`Usage::walking`]).
    walk: bool,
}

impl Usage {
    /// An empty record whose body (root) face is `body`, for faces of `fonts`.
    pub(super) fn new(body: FontId, fonts: &FontSet) -> Usage {
        Usage {
            body,
            chars: BTreeMap::new(),
            kinds: fonts
                .ids()
                .map(|id| (id, (fonts.info(id).face, fonts.info(id).weight)))
                .collect(),
            walk: false,
        }
    }

    /// As [`Usage::new`], for documents walked only for the characters they show: their markup and text
    /// are dropped as they are made ([`super::xml::Xml::discarding`]).
    pub(super) fn walking(body: FontId, fonts: &FontSet) -> Usage {
        Usage {
            walk: true,
            ..Usage::new(body, fonts)
        }
    }

    /// Whether the documents are walked only ([`Usage::walking`]).
    pub(super) fn walks(&self) -> bool {
        self.walk
    }

    /// Records `text` as set in `font` (line ends and other control characters are not shown, so they are
    /// not recorded).
    pub(super) fn add(&mut self, font: FontId, text: &str) {
        if font == self.body {
            let chars = self.chars.entry(font).or_default();
            for c in text.chars() {
                chars.insert(c);
            }
            return;
        }
        // both faces' records, the text read once
        let mut own = std::mem::take(self.chars.entry(font).or_default());
        let body = self.chars.entry(self.body).or_default();
        for c in text.chars() {
            own.insert(c);
            body.insert(c);
        }
        self.chars.insert(font, own);
    }

    /// Adds what `other` recorded (the same faces, written elsewhere: a story's documents written ahead).
    pub(super) fn merge(&mut self, other: Usage) {
        for (font, chars) in other.chars {
            let mine = self.chars.entry(font).or_default();
            for c in chars.set {
                mine.insert(c);
            }
        }
    }

    /// The body (root) face.
    pub(super) fn body(&self) -> FontId {
        self.body
    }

    /// Each face that sets any text, with its characters, in [`FontId`] order.
    pub(super) fn faces(&self) -> impl Iterator<Item = (FontId, &BTreeSet<char>)> {
        self.chars.iter().map(|(f, c)| (*f, &c.set))
    }
}

/// The characters recorded under one face: a set in order, and a bit per character already recorded, so
/// that the text of a book, character by character, costs a bit test instead of a search of the set.
#[derive(Debug, Clone, Default)]
struct Chars {
    set: BTreeSet<char>,
    /// Bit `c % 64` of word `c / 64` is set when `c` is in `set`.
    seen: Vec<u64>,
}

impl Chars {
    /// Records `c` unless it is a control character (not shown) or recorded already.
    #[inline]
    fn insert(&mut self, c: char) {
        let (word, bit) = (c as usize / 64, 1u64 << (c as usize % 64));
        if self.seen.get(word).is_some_and(|w| w & bit != 0) || c.is_control() {
            return;
        }
        self.insert_new(c);
    }

    /// Records `c`, not recorded yet.
    #[cold]
    #[inline(never)]
    fn insert_new(&mut self, c: char) {
        let (word, bit) = (c as usize / 64, 1u64 << (c as usize % 64));
        if word >= self.seen.len() {
            self.seen.resize(word + 1, 0);
        }
        self.seen[word] |= bit;
        self.set.insert(c);
    }
}

/// The bundled face that sets `face` at `weight`; for a combination not bundled (sans regular), the
/// face's bold, the nearest the EPUB can embed.
pub(super) fn font_for(face: Face, weight: Weight) -> FontId {
    FontId::bundled(face, weight)
        .or_else(|| FontId::bundled(face, Weight::Bold))
        .unwrap_or(FontId::Serif)
}

impl Usage {
    /// The faces text of the inline role `inline` is set in inside text set in `outer`: the role's own face
    /// ([`InlineStyle::face_in`]; `outer` itself when the role changes neither face nor weight) and, where
    /// it has one, its fallback face for reading systems that cannot draw its marks. Both subsets must hold
    /// the text.
    pub(super) fn inline_fonts(
        &self,
        inline: &InlineStyle,
        outer: FontId,
    ) -> (FontId, Option<FontId>) {
        let kind = self.kinds.get(&outer).copied();
        let kind = kind.unwrap_or((Face::Serif, Weight::Regular));
        let (face, weight) = inline.face_in(kind);
        let own = if (face, weight) == kind {
            outer
        } else {
            font_for(face, weight)
        };
        let fallback = inline.fallback.map(|(f, w)| font_for(f, w));
        (own, fallback.filter(|f| *f != own))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::Style;

    #[test]
    fn inline_roles_take_their_face_inside_the_surrounding_one() {
        let style = Style::default_style();
        let usage = Usage::new(FontId::Serif, &FontSet::bundled().unwrap());
        // strong: the sans, whatever it sits in; no fallback
        assert_eq!(
            usage.inline_fonts(&style.roles.strong, FontId::Serif),
            (FontId::SansBold, None)
        );
        // emphasis keeps the surrounding face and falls back to the sans
        assert_eq!(
            usage.inline_fonts(&style.roles.emphasis, FontId::Serif),
            (FontId::Serif, Some(FontId::SansBold))
        );
        assert_eq!(
            usage.inline_fonts(&style.roles.emphasis, FontId::SansBold),
            (FontId::SansBold, None)
        );
        assert_eq!(font_for(Face::Sans, Weight::Regular), FontId::SansBold);
    }

    #[test]
    fn usage_records_each_face_and_everything_in_the_body_face() {
        let mut usage = Usage::new(FontId::Serif, &FontSet::bundled().unwrap());
        usage.add(FontId::SansBold, "标题\n");
        usage.add(FontId::Serif, "正文");
        let faces: BTreeMap<FontId, &BTreeSet<char>> = usage.faces().collect();
        assert_eq!(faces[&FontId::SansBold].iter().collect::<String>(), "标题");
        assert_eq!(faces[&FontId::Serif].len(), 4);
        assert!(!faces[&FontId::Serif].contains(&'\n'));
    }
}
