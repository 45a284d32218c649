//! The faces a book is set in ([`FontSet`]): the three embedded faces, the faces the style names, and the
//! faces found for characters none of those has — parsed once (ttf-parser through rustybuzz: zero-copy)
//! and shared by the typesetter (advances, shaping, fallback per character), the PDF writer (krilla
//! subsets) and the EPUB writer (subsets with their layout tables).
//!
//! Faces are found in this order: the faces the style names (by family or file) and the font paths
//! (`--font-path`, `book.toml`'s `font-paths`), then the system's (fontdb), then the embedded ones. A
//! character the chosen face lacks is set by the first face of that order that has it
//! ([`FontSet::font_for`]): the style's faces, then the font-path and system faces loaded for the book's
//! characters, then the embedded faces (the one of the same kind and weight first). A book in Traditional
//! Chinese (`zh-Hant`, `zh-TW`, `zh-HK`, `zh-MO`) sets its 宋体 and 黑体 in TC/HK faces where those are found.
//! Metrics come back in points for a given type size: `font units / units-per-em × size`.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::discover::{Candidate, Catalog};
use super::kind::{Embedded, Face, FaceInfo, FaceName, FaceSource, FontId, FontRequest, Weight};
use super::slot::{
    Covering, FaceData, Group, Slot, candidate_info, embedded_slot, file_slot, slot_face,
};
use crate::error::{Error, Result};

/// Where to look for faces and what the book's language asks of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontOptions {
    /// Folders (searched with their subfolders) or font files whose faces come before the system's.
    pub paths: Vec<PathBuf>,
    /// Whether the system's faces are searched (`--no-system-fonts` turns this off).
    pub system: bool,
    /// The book's language (BCP 47): the shaping language, and a Traditional Chinese tag prefers TC/HK faces.
    pub language: String,
}

impl Default for FontOptions {
    fn default() -> FontOptions {
        FontOptions {
            paths: Vec::new(),
            system: true,
            language: "zh-CN".into(),
        }
    }
}

impl FontOptions {
    /// The regions whose faces a book in this language prefers, best first: `["HK", "TC"]` for `zh-HK`,
    /// `["TC", "HK"]` for `zh-Hant`/`zh-TW`/`zh-MO`; empty for Simplified Chinese.
    pub fn traditional_regions(&self) -> &'static [&'static str] {
        let tag = self.language.to_ascii_lowercase();
        let parts: Vec<&str> = tag.split(['-', '_']).collect();
        if parts.first() != Some(&"zh") || parts.contains(&"hans") {
            return &[];
        }
        if parts.contains(&"hk") {
            &["HK", "TC"]
        } else if parts.iter().any(|p| matches!(*p, "hant" | "tw" | "mo")) {
            &["TC", "HK"]
        } else {
            &[]
        }
    }

    /// The shaping language: `zh-Hant` for a Traditional Chinese book, else `zh-Hans`.
    fn shaping_language(&self) -> &'static str {
        if self.traditional_regions().is_empty() {
            "zh-Hans"
        } else {
            "zh-Hant"
        }
    }
}

/// A shaped glyph: font-unit metrics scaled to points at the size asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShapedGlyph {
    /// Glyph id in the face.
    pub id: u16,
    /// Horizontal advance, pt.
    pub advance: f32,
    /// Horizontal offset from the pen position, pt.
    pub x_offset: f32,
    /// Byte offset in the shaped text of the first character this glyph stands for.
    pub cluster: usize,
}

/// The OpenType language systems of Simplified Chinese text (rustybuzz: `zh-Hans` → `ZHS`).
const SIMPLIFIED: [[u8; 4]; 1] = [*b"ZHS "];
/// Those of Traditional Chinese text (`zh-Hant` → `ZHT`; `ZHH` and `ZHTM` counted too, to be safe).
const TRADITIONAL: [[u8; 4]; 3] = [*b"ZHT ", *b"ZHH ", *b"ZHTM"];

/// The kinds and weights of the embedded faces, for which fallback faces are looked for.
const KINDS: [(Face, Weight); 3] = [
    (Face::Serif, Weight::Regular),
    (Face::Serif, Weight::Bold),
    (Face::Sans, Weight::Bold),
];

/// The faces a book is set in; see the module documentation.
pub struct FontSet {
    slots: Vec<Slot>,
    pub(super) language: rustybuzz::Language,
    /// The OpenType language systems rustybuzz may pick for the set's language (`ZHS` for zh-Hans; `ZHT`,
    /// `ZHH`, `ZHTM` for zh-Hant), read by the glyph-by-glyph shaping (`fonts::simple`).
    pub(super) ot_languages: &'static [[u8; 4]],
    /// rustybuzz's shape plan per face, script and feature list, built once: building one anew for every
    /// run was a fifth of a long book's time (docs/speed.md). Shared by the threads that set stories.
    pub(super) plans: Mutex<HashMap<PlanKey, Arc<rustybuzz::ShapePlan>>>,
}

/// What a shape plan depends on besides the set's language: the face, the run's script and the features
/// (tag, value, start, end).
pub(super) type PlanKey = (FontId, rustybuzz::Script, Vec<(u32, u32, u32, u32)>);

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.slots.iter().map(|s| &s.info))
            .finish()
    }
}

/// The font-path and system catalogs, each read when first needed.
struct Catalogs<'o> {
    options: &'o FontOptions,
    paths: Option<Catalog>,
    system: Option<Catalog>,
}

impl<'o> Catalogs<'o> {
    fn new(options: &'o FontOptions) -> Catalogs<'o> {
        Catalogs {
            options,
            paths: None,
            system: None,
        }
    }

    /// The catalogs to search, in order: the font paths', then (when allowed) the system's.
    fn all(&mut self) -> Vec<&Catalog> {
        if self.paths.is_none() {
            self.paths = Some(Catalog::of_paths(&self.options.paths));
        }
        if self.options.system && self.system.is_none() {
            self.system = Some(Catalog::system());
        }
        self.paths.iter().chain(self.system.iter()).collect()
    }
}

/// The embedded faces ([`FontId::ALL`], in that order), each parsed into its slot, or why one does not
/// parse: the start of every [`FontSet`], independent of the book, so that a build parses them while it
/// reads the book (0.3–0.5 ms for the three, most of it the first touch of their tables; issue 13).
pub(crate) struct EmbeddedFaces(Result<Vec<Slot>>);

impl EmbeddedFaces {
    /// The embedded faces parsed, each on rayon's threads.
    ///
    /// Errors (reported when a set is made of them): [`Error::Font`] if an embedded face does not parse
    /// (a corrupt build).
    pub(crate) fn parse() -> EmbeddedFaces {
        use rayon::prelude::*;
        let slots = (FontId::ALL.into_par_iter())
            .map(|id| embedded_slot(Embedded::of(id).expect("an embedded id")))
            .collect();
        EmbeddedFaces(slots)
    }
}

impl FontSet {
    /// The embedded faces only, shaping Simplified Chinese: a set for styles that name no face.
    ///
    /// Errors: [`Error::Font`] if an embedded face does not parse (a corrupt build).
    pub fn bundled() -> Result<FontSet> {
        FontSet::embedded_from(EmbeddedFaces::parse(), "zh-Hans")
    }

    /// The set of the embedded faces `faces` (parsed already), shaping `language`.
    ///
    /// Errors: as [`EmbeddedFaces::parse`] reported them.
    fn embedded_from(faces: EmbeddedFaces, language: &str) -> Result<FontSet> {
        Ok(FontSet {
            slots: faces.0?,
            language: language.parse().expect("a valid language tag"),
            ot_languages: match language {
                "zh-Hans" => &SIMPLIFIED,
                _ => &TRADITIONAL,
            },
            plans: Mutex::default(),
        })
    }

    /// The faces for a book: the embedded ones (TC/HK faces in their place for a Traditional Chinese book,
    /// where found), the style's `requests` as `FontId::Found(0..)` in their order, then the font-path and
    /// system faces needed for the characters of `chars` that none of those has, in the order of the module
    /// documentation (a face is loaded only when it covers a character still uncovered).
    ///
    /// Errors: [`Error::Font`] naming the style key and the family or file of a request that cannot be
    /// found, read or parsed.
    pub fn load(
        requests: &[FontRequest],
        options: &FontOptions,
        chars: &BTreeSet<char>,
    ) -> Result<FontSet> {
        FontSet::load_with(EmbeddedFaces::parse(), requests, options, chars)
    }

    /// [`FontSet::load`] with the embedded faces parsed already (`embedded`: e.g. while the book was
    /// read, [`EmbeddedFaces::parse`]).
    ///
    /// Errors: as [`FontSet::load`].
    pub(crate) fn load_with(
        embedded: EmbeddedFaces,
        requests: &[FontRequest],
        options: &FontOptions,
        chars: &BTreeSet<char>,
    ) -> Result<FontSet> {
        let mut set = FontSet::embedded_from(embedded, options.shaping_language())?;
        let mut catalogs = Catalogs::new(options);
        let regions = options.traditional_regions();
        if !regions.is_empty() {
            set.prefer_regions(regions, &mut catalogs)?;
        }
        for request in requests {
            let slot = set.requested(request, &mut catalogs)?;
            set.slots.push(slot);
        }
        if !set.unsettable(chars.iter().copied()).is_empty() {
            let groups = [Group::Chosen, Group::System];
            for (group, catalog) in groups.into_iter().zip(catalogs.all()) {
                for kind in KINDS {
                    set.add_fallbacks(catalog, group, kind, chars, options)?;
                }
            }
        }
        Ok(set)
    }

    /// Loads faces of `catalog` (of `group`) for the characters of `chars` that text of `kind` would find in
    /// no face: faces of `kind` first (ranked by [`region_rank`], then nearness of kind and weight), each
    /// loaded only when it covers a character still uncovered. A face of an earlier group covers a
    /// character for every kind; one of the same group only for its own kind.
    fn add_fallbacks(
        &mut self,
        catalog: &Catalog,
        group: Group,
        (face, weight): (Face, Weight),
        chars: &BTreeSet<char>,
        options: &FontOptions,
    ) -> Result<()> {
        let counts = |slot: &Slot| {
            slot.group < group
                || (slot.group == group && (slot.info.face, slot.info.weight) == (face, weight))
        };
        let mut missing: Vec<char> = chars
            .iter()
            .copied()
            .filter(|c| !c.is_control())
            .filter(|c| {
                !self
                    .slots
                    .iter()
                    .any(|s| counts(s) && slot_face(s).glyph_index(*c).is_some())
            })
            .collect();
        let mut order: Vec<&Candidate> = catalog.candidates().collect();
        order.sort_by_key(|c| {
            let distance = (i32::from(c.weight) - i32::from(weight.css())).abs();
            (
                region_rank(&c.family, options),
                c.face() != face,
                c.italic,
                distance,
            )
        });
        for candidate in order {
            if missing.is_empty() {
                break;
            }
            if catalog.count_covered(candidate, &missing) == 0 {
                continue;
            }
            let source = FaceSource::File {
                path: candidate.path.clone(),
                index: candidate.index,
            };
            let loaded = self.slots.iter().position(|s| s.info.source == source);
            let slot = match loaded {
                Some(i) => &self.slots[i],
                None => {
                    let mut slot = file_slot(candidate_info(candidate), None)?;
                    slot.group = group;
                    self.slots.push(slot);
                    self.slots.last().expect("just pushed")
                }
            };
            let covered = slot_face(slot);
            missing.retain(|c| covered.glyph_index(*c).is_none());
        }
        Ok(())
    }

    /// Puts TC/HK faces of the embedded faces' kinds and weights in their place, where found.
    fn prefer_regions(&mut self, regions: &[&str], catalogs: &mut Catalogs<'_>) -> Result<()> {
        for id in FontId::ALL {
            let e = Embedded::of(id).expect("an embedded id");
            let kind = match e.face {
                Face::Serif => "Serif",
                Face::Sans => "Sans",
            };
            let found = regions.iter().find_map(|region| {
                let family = format!("Noto {kind} CJK {region}");
                catalogs
                    .all()
                    .into_iter()
                    .find_map(|c| c.find(&family, e.weight).cloned())
                    .filter(|c| Weight::of_class(c.weight) == e.weight)
            });
            if let Some(candidate) = found {
                let mut info = candidate_info(&candidate);
                info.face = e.face;
                info.weight = e.weight;
                let mut slot = file_slot(info, None)?;
                slot.group = Group::Embedded;
                self.slots[id.slot()] = slot;
            }
        }
        Ok(())
    }

    /// The face `request` names: a file, or a family found in the font paths, the system or the embedded
    /// faces.
    fn requested(&self, request: &FontRequest, catalogs: &mut Catalogs<'_>) -> Result<Slot> {
        let not_found = |message: String| Error::Font {
            name: format!("{} ({})", request.key, request.name),
            message,
        };
        match &request.name {
            FaceName::File { path, index } => {
                let info = FaceInfo {
                    family: String::new(),
                    style: String::new(),
                    face: request.face,
                    weight: request.weight,
                    source: FaceSource::File {
                        path: path.clone(),
                        index: *index,
                    },
                };
                file_slot(info, Some(request))
            }
            FaceName::Family(family) => {
                let found = catalogs
                    .all()
                    .into_iter()
                    .find_map(|c| c.find(family, request.weight).cloned());
                if let Some(candidate) = found {
                    let mut info = candidate_info(&candidate);
                    info.face = request.face;
                    return file_slot(info, Some(request));
                }
                let embedded = FontId::ALL
                    .into_iter()
                    .filter_map(Embedded::of)
                    .filter(|e| e.family.eq_ignore_ascii_case(family.trim()))
                    .min_by_key(|e| e.weight != request.weight);
                match embedded {
                    Some(e) => embedded_slot(e),
                    None => Err(not_found(format!(
                        "no face of this family in the font paths, the system{} or the embedded faces",
                        if catalogs.options.system {
                            ""
                        } else {
                            " (not searched)"
                        }
                    ))),
                }
            }
        }
    }

    /// Every face of the set, embedded first, then the found ones in load order.
    pub fn ids(&self) -> impl Iterator<Item = FontId> + '_ {
        (0..self.slots.len()).map(FontId::of_slot)
    }

    pub(super) fn slot(&self, id: FontId) -> &Slot {
        self.slots
            .get(id.slot())
            .unwrap_or_else(|| panic!("{id} is not in this font set"))
    }

    /// What face `id` is and where it comes from.
    pub fn info(&self, id: FontId) -> &FaceInfo {
        &self.slot(id).info
    }

    /// The parsed face for `id`.
    pub fn face(&self, id: FontId) -> &rustybuzz::Face<'_> {
        slot_face(self.slot(id))
    }

    /// The bytes of the file `id` comes from, and the face's index in it.
    pub fn data(&self, id: FontId) -> (&[u8], u32) {
        match &self.slot(id).data {
            FaceData::Static(bytes, _) => (bytes, 0),
            FaceData::Owned(index, face) => (face.borrow_owner().as_slice(), *index),
        }
    }

    /// The same bytes as [`FontSet::data`], shared (for a writer that keeps them, such as krilla).
    pub fn shared_data(&self, id: FontId) -> (Arc<dyn AsRef<[u8]> + Send + Sync>, u32) {
        match &self.slot(id).data {
            FaceData::Static(bytes, _) => (Arc::new(*bytes), 0),
            FaceData::Owned(index, face) => (face.borrow_owner().clone(), *index),
        }
    }

    /// Units per em of `id`.
    pub fn units_per_em(&self, id: FontId) -> f32 {
        self.face(id).units_per_em() as f32
    }

    /// Whether `id` maps `ch` to a glyph.
    #[inline]
    pub fn covers(&self, id: FontId, ch: char) -> bool {
        let slot = self.slot(id);
        slot.coverage.covers(slot_face(slot), ch)
    }

    /// What [`FontSet::covers`] asks of `id`, found once: for a walk over many characters.
    pub(crate) fn covering(&self, id: FontId) -> Covering<'_> {
        Covering::of(self.slot(id))
    }

    /// The face that sets `ch` in text whose face is `id`: `id` itself when it has the character, else the
    /// first face that has it of: the style's faces and the font-path faces, then the system faces, then
    /// the embedded faces — within each, one of `id`'s kind, then of its weight, first; `None` when no
    /// face of the set has it.
    #[inline]
    pub fn font_for(&self, id: FontId, ch: char) -> Option<FontId> {
        if self.covers(id, ch) {
            return Some(id);
        }
        self.fallback(id, ch)
    }

    /// [`FontSet::font_for`] of a character `id` lacks: the other faces' (kept out of line, so that the
    /// common case is a look-up in `id`'s coverage where it is asked).
    #[inline(never)]
    fn fallback(&self, id: FontId, ch: char) -> Option<FontId> {
        let info = self.info(id);
        self.ids()
            .filter(|f| *f != id && self.covers(*f, ch))
            .min_by_key(|f| {
                let slot = self.slot(*f);
                let group = match f {
                    FontId::Found(_) => slot.group,
                    _ => Group::Embedded,
                };
                (
                    group,
                    slot.info.face != info.face,
                    slot.info.weight != info.weight,
                    f.slot(),
                )
            })
    }

    /// The characters of `chars` no face of the set has, in order, once each (control characters, which
    /// are never shown, left out).
    pub fn unsettable(&self, chars: impl IntoIterator<Item = char>) -> Vec<char> {
        let mut out: Vec<char> = chars
            .into_iter()
            .filter(|c| !c.is_control() && !self.ids().any(|id| self.covers(id, *c)))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The ink of glyph `glyph` of `id` at `size` pt: its bounding box `[x_min, y_min, x_max, y_max]` in pt
    /// from the glyph's origin, y up; `None` for a glyph without outline (a space).
    pub fn ink(&self, id: FontId, glyph: u16, size: f32) -> Option<[f32; 4]> {
        let face = self.face(id);
        let scale = size / face.units_per_em() as f32;
        let b = face.glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(glyph))?;
        Some([b.x_min, b.y_min, b.x_max, b.y_max].map(|v| f32::from(v) * scale))
    }

    /// Top of the ideographic em box above the baseline, as a fraction of the em: the OS/2 typographic
    /// ascender (0.88 for Noto CJK), else 0.88 (the usual ideographic em box: 880/−120 of 1000).
    pub fn em_box_ascent(&self, id: FontId) -> f32 {
        let face = self.face(id);
        face.typographic_ascender()
            .map_or(0.88, |a| a as f32 / face.units_per_em() as f32)
    }
}

/// How well a family suits `options`' language: a face of a preferred region first (`SC` for a
/// Simplified Chinese book, `TC`/`HK` for a Traditional one), then other Chinese faces, then the rest.
fn region_rank(family: &str, options: &FontOptions) -> usize {
    let regions: &[&str] = match options.traditional_regions() {
        [] => &["SC", "CN", "TC", "HK", "TW"],
        r => r,
    };
    let words: Vec<&str> = family.split_whitespace().collect();
    regions
        .iter()
        .position(|r| words.contains(r))
        .unwrap_or(regions.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_and_fullwidth_punctuation_are_one_em() {
        let fonts = FontSet::bundled().unwrap();
        for text in ["汉", "，", "。", "“", "”", "（"] {
            let g = fonts.shape(FontId::Serif, text, 10.0, &[]);
            assert_eq!(g.len(), 1, "{text}");
            assert!(
                (g[0].advance - 10.0).abs() < 1e-4,
                "{text}: {}",
                g[0].advance
            );
        }
    }

    #[test]
    fn every_face_covers_gb2312_tongyong_guifan_and_ascii() {
        let fonts = FontSet::bundled().unwrap();
        let table = super::super::table::tongyong_guifan();
        assert_eq!(table.len(), 8105);
        for id in FontId::ALL {
            for ch in
                "疫线媒体人哈尔滨AZaz09“”（），。、；：？！……——王喆李堃张彧陈赟朱镕基珺".chars()
            {
                assert!(fonts.covers(id, ch), "{id} lacks {ch}");
            }
            assert_eq!(table.iter().filter(|c| fonts.covers(id, **c)).count(), 8105);
        }
    }

    #[test]
    fn traditional_tags_prefer_tc_or_hk_faces() {
        let lang = |l: &str| FontOptions {
            language: l.into(),
            ..FontOptions::default()
        };
        assert_eq!(lang("zh-HK").traditional_regions(), ["HK", "TC"]);
        assert_eq!(lang("zh-Hant-TW").traditional_regions(), ["TC", "HK"]);
        assert_eq!(lang("zh-TW").traditional_regions(), ["TC", "HK"]);
        assert!(lang("zh-CN").traditional_regions().is_empty());
        assert!(lang("zh-Hans-HK").traditional_regions().is_empty());
        assert!(lang("en").traditional_regions().is_empty());
        assert_eq!(region_rank("Noto Serif CJK TC", &lang("zh-TW")), 0);
        assert_eq!(region_rank("Noto Serif CJK SC", &lang("zh-CN")), 0);
        assert_eq!(region_rank("Noto Serif CJK JP", &lang("zh-CN")), 5);
    }

    #[test]
    fn a_character_the_face_lacks_falls_to_none_when_no_face_has_it() {
        let fonts = FontSet::bundled().unwrap();
        assert_eq!(fonts.font_for(FontId::Serif, '汉'), Some(FontId::Serif));
        // an Extension G ideograph: in no embedded face
        assert_eq!(fonts.font_for(FontId::Serif, '\u{30000}'), None);
        assert_eq!(
            fonts.unsettable("汉\u{30000}a\u{30000}\n".chars()),
            ['\u{30000}']
        );
    }
}
