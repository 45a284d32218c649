//! Shaping CJK text glyph by glyph: per face, feature list and script, a table of what each character
//! shapes to when no lookup can read it beside its neighbours ([`Simple`]), filled as characters are
//! asked for (shared by the threads; an entry once made never changes, so every thread sees the same).
//!
//! A character is *plain* ([`plain`]) when rustybuzz treats it as a cluster of its own whatever stands
//! around it: not a mark, joiner, variation selector, default-ignorable, emoji or other grapheme
//! continuation, nor a character with a canonical decomposition or the fraction slash. A plain character is
//! *free* in a face when its glyph (the face's preferred `cmap` subtable, as rustybuzz picks it), and every
//! glyph single substitutions may turn it into, is read by no enabled lookup beside others
//! ([`super::reach::Reach`]) and skipped by none (its GDEF class is none or base, and no lookup skips
//! bases). In a run, a cut before a plain character next to a free one changes nothing: no lookup can
//! match or skip across the free glyph, and nothing else rustybuzz does (normalisation, clusters, masks)
//! reaches across a plain character. So a run is shaped as its pieces between such cuts, and a piece of
//! one character is what the character shapes to alone — kept here when that is one glyph at the pen.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use rustybuzz::ttf_parser::PlatformId;

use super::reach::{Reach, reach};

/// What a face's glyph-by-glyph shaping reads, found once per feature list.
#[derive(Debug)]
pub(crate) struct Analysis {
    /// What the enabled lookups can do to each glyph.
    pub(crate) reach: Reach,
    /// The cmap subtable rustybuzz reads.
    pub(crate) cmap: u16,
}

impl Analysis {
    /// The analysis of face `index` of `data` (parsed as `face`) with the globally enabled `features` in
    /// the language systems `languages`; `None` where it does not apply (see `fonts::reach`).
    pub(crate) fn of(
        data: &[u8],
        index: u32,
        face: &rustybuzz::Face<'_>,
        features: &[[u8; 4]],
        languages: &[[u8; 4]],
    ) -> Option<Analysis> {
        let cmap = preferred_cmap(face)?;
        let reach = reach(data, index, features, languages)?;
        Some(Analysis { reach, cmap })
    }
}

/// A face's glyph-by-glyph shaping: the analysis per feature list (none; `fwid`) and the table per
/// feature list and [`RunScript`], each made when first asked for.
pub(crate) struct SimpleSlot {
    pub(crate) analysis: [OnceLock<Option<Analysis>>; 2],
    pub(crate) tables: [[OnceLock<Simple>; 3]; 2],
}

impl SimpleSlot {
    /// Nothing made yet.
    pub(crate) fn new() -> SimpleSlot {
        SimpleSlot {
            analysis: Default::default(),
            tables: Default::default(),
        }
    }
}

/// The scripts a run may be shaped in glyph by glyph (each is set by rustybuzz's default shaper).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunScript {
    /// Han.
    Han,
    /// Latin.
    Latin,
    /// No strong script (punctuation, digits): the buffer's script stays unset.
    Common,
}

impl RunScript {
    /// The script rustybuzz would guess for `text` (its first character of a script other than Common
    /// and Inherited), if one of the three; `None` for any other script.
    pub(crate) fn of(text: &str) -> Option<RunScript> {
        use unicode_script::{Script, UnicodeScript};
        for c in text.chars() {
            // the URO as Unicode 6.1 assigned it (all Han): most characters of a Chinese text
            if ('\u{4E00}'..='\u{9FCC}').contains(&c) {
                return Some(RunScript::Han);
            }
            match c.script() {
                Script::Common | Script::Inherited | Script::Unknown => {}
                Script::Han => return Some(RunScript::Han),
                Script::Latin => return Some(RunScript::Latin),
                _ => return None,
            }
        }
        Some(RunScript::Common)
    }

    /// The script to set on a piece of a run in this script (`None`: leave it to rustybuzz's guess).
    pub(crate) fn buffer_script(self) -> Option<rustybuzz::Script> {
        match self {
            RunScript::Han => Some(rustybuzz::script::HAN),
            RunScript::Latin => Some(rustybuzz::script::LATIN),
            RunScript::Common => None,
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Whether rustybuzz makes `c` a cluster of its own, whatever stands around it (see the module
/// documentation): printable ASCII, a few Latin-1 signs, general punctuation, CJK symbols and
/// punctuation, the CJK Unified Ideographs (with Extension A) and the full-width and half-width forms.
pub(crate) fn plain(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{A1}'..='\u{A8}' | '\u{AA}'..='\u{AC}' | '\u{AF}'..='\u{BF}' | '\u{D7}' | '\u{F7}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{203B}'
        | '\u{3000}'..='\u{3029}' | '\u{3031}'..='\u{303C}' | '\u{303E}' | '\u{303F}'
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{FF01}'..='\u{FF65}' | '\u{FFE0}'..='\u{FFE6}')
}

/// What a character is in one face, feature list and script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    /// Not [`plain`]: it goes with its neighbours to rustybuzz.
    Joined,
    /// Plain, but what it shapes to alone is not kept (several glyphs, or an offset).
    Plain,
    /// Plain and free: a run may be cut before and after it (when the next character is plain); alone
    /// it shapes to this glyph and advance (font units).
    Free(u16, i32),
    /// Plain, not free; alone it shapes to this glyph and advance (font units).
    Alone(u16, i32),
}

impl Entry {
    fn pack(self) -> u64 {
        let (kind, glyph, advance) = match self {
            Entry::Joined => (0, 0, 0),
            Entry::Plain => (1, 0, 0),
            Entry::Free(g, a) => (2, g, a),
            Entry::Alone(g, a) => (3, g, a),
        };
        1 | kind << 1 | u64::from(glyph) << 16 | u64::from(advance as u32) << 32
    }

    fn unpack(v: u64) -> Entry {
        let glyph = (v >> 16) as u16;
        let advance = (v >> 32) as u32 as i32;
        match (v >> 1) & 3 {
            0 => Entry::Joined,
            1 => Entry::Plain,
            2 => Entry::Free(glyph, advance),
            _ => Entry::Alone(glyph, advance),
        }
    }

    /// Whether the character is [`plain`].
    pub(crate) fn plain(self) -> bool {
        self != Entry::Joined
    }

    /// Whether the character is free (a run may be cut beside it).
    pub(crate) fn free(self) -> bool {
        matches!(self, Entry::Free(..))
    }

    /// The glyph and advance (font units) the character shapes to alone, when kept.
    pub(crate) fn alone(self) -> Option<(u16, i32)> {
        match self {
            Entry::Free(g, a) | Entry::Alone(g, a) => Some((g, a)),
            _ => None,
        }
    }
}

/// Characters per block of the table.
const BLOCK: usize = 256;

/// The entries of the Basic Multilingual Plane for one face, feature list and script, in blocks of 256
/// made when first asked for; a character above it is always [`Entry::Joined`].
pub(crate) struct Simple {
    blocks: Box<[OnceLock<Box<[AtomicU64]>>]>,
}

impl Simple {
    /// No entry made yet.
    pub(crate) fn new() -> Simple {
        Simple {
            blocks: (0..0x10000 / BLOCK).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The entry of `c`, made by `make` when first asked for.
    #[inline]
    pub(crate) fn entry(&self, c: char, make: impl FnOnce(char) -> Entry) -> Entry {
        let u = c as usize;
        if let Some(block) = self.blocks.get(u / BLOCK).and_then(OnceLock::get) {
            let v = block[u % BLOCK].load(Ordering::Relaxed);
            if v & 1 == 1 {
                return Entry::unpack(v);
            }
        }
        self.make_entry(c, make)
    }

    /// [`Simple::entry`] of a character not asked before (or above the BMP), kept out of line.
    #[cold]
    #[inline(never)]
    fn make_entry(&self, c: char, make: impl FnOnce(char) -> Entry) -> Entry {
        let u = c as usize;
        if u >= 0x10000 {
            return Entry::Joined;
        }
        let block =
            self.blocks[u / BLOCK].get_or_init(|| (0..BLOCK).map(|_| AtomicU64::new(0)).collect());
        let slot = &block[u % BLOCK];
        let v = slot.load(Ordering::Relaxed);
        if v & 1 == 1 {
            return Entry::unpack(v);
        }
        let e = make(c);
        slot.store(e.pack(), Ordering::Relaxed);
        e
    }
}

/// The cmap subtable rustybuzz 0.20 reads (`find_best_cmap_subtable`): Windows symbol, Windows full
/// Unicode, Unicode full, Unicode 2.0 full, Windows BMP, Unicode 2.0 BMP, ISO, 1.1, 1.0, then Mac Roman —
/// `None` when that is a symbol or Mac Roman subtable (their look-ups differ) or there is none.
pub(crate) fn preferred_cmap(face: &rustybuzz::Face<'_>) -> Option<u16> {
    let order = [
        (PlatformId::Windows, 0),
        (PlatformId::Windows, 10),
        (PlatformId::Unicode, 6),
        (PlatformId::Unicode, 4),
        (PlatformId::Windows, 1),
        (PlatformId::Unicode, 3),
        (PlatformId::Unicode, 2),
        (PlatformId::Unicode, 1),
        (PlatformId::Unicode, 0),
        (PlatformId::Macintosh, 0),
    ];
    let subtables = face.tables().cmap?.subtables;
    let (platform, encoding, index) = order.iter().find_map(|&(p, e)| {
        (0..subtables.len()).find_map(|i| {
            let s = subtables.get(i)?;
            (s.platform_id == p && s.encoding_id == e).then_some((p, e, i))
        })
    })?;
    match (platform, encoding) {
        (PlatformId::Windows, 0) | (PlatformId::Macintosh, _) => None,
        _ => Some(index),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_pack_and_unpack() {
        for e in [
            Entry::Joined,
            Entry::Plain,
            Entry::Free(12345, 1000),
            Entry::Alone(65535, -250),
        ] {
            assert_eq!(Entry::unpack(e.pack()), e);
        }
    }

    #[test]
    fn plain_characters_are_no_marks_joiners_or_emoji() {
        for c in [
            '汉', '，', '。', '“', '—', '…', 'a', '1', ' ', '·', '〇', '（',
        ] {
            assert!(plain(c), "{c}");
        }
        for c in [
            '\u{301}', '\u{200D}', '\u{FE0F}', '\u{302A}', '\u{3030}', '\u{2044}', '\u{F900}',
            '\u{AD}', '\u{A9}', '\u{FF9E}', 'é',
        ] {
            assert!(!plain(c), "{c:?}");
        }
    }

    #[test]
    fn a_run_takes_the_script_rustybuzz_guesses() {
        assert_eq!(RunScript::of("“汉字”"), Some(RunScript::Han));
        assert_eq!(RunScript::of("2020 abc"), Some(RunScript::Latin));
        assert_eq!(RunScript::of("，。"), Some(RunScript::Common));
        assert_eq!(RunScript::of("かな"), None);
    }
}
