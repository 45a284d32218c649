//! Which glyphs an embedded face keeps for its layout features: those a reading system can reach from the
//! book's characters through the features the subset keeps, in the language system it shapes the book's
//! language with.
//!
//! HarfBuzz's subsetter follows the features of every language system of a face, so a Pan-CJK face kept
//! the Japanese, Korean and Traditional Chinese forms (`locl`) of every character of a Simplified Chinese
//! book: 512 of the sample's 1,153 glyphs, more than a third of the EPUB, that no reader of the book is
//! shown. [`glyphs`] follows only the default language system and the book's own ones ([`systems`]); the
//! subsetter is then told to keep those glyphs and not to close over the layout itself. The GSUB lookups
//! it follows are the four kinds that map glyphs to glyphs (single, multiple, alternate, ligature); a face
//! whose chosen features use contextual lookups or feature variations is left to HarfBuzz's closure.

use std::collections::BTreeSet;

use rustybuzz::ttf_parser::gsub::SubstitutionSubtable;
use rustybuzz::ttf_parser::opentype_layout::{Coverage, LayoutTable};
use rustybuzz::ttf_parser::{Face, GlyphId, Tag};

use crate::fonts::FontOptions;

/// The OpenType language systems a reading system shapes text in `language` (BCP 47) with, in a face
/// that has them: `ZHS` for Simplified Chinese; `ZHT`, `ZHH` and `ZHTM` for Traditional Chinese (as
/// [`FontOptions::traditional_regions`] tells them apart). `None` for any other language: its reading
/// system may pick any language system, and the subset keeps them all.
pub(super) fn systems(language: &str) -> Option<Vec<Tag>> {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    if !primary.eq_ignore_ascii_case("zh") {
        return None;
    }
    let options = FontOptions {
        language: language.to_string(),
        ..FontOptions::default()
    };
    let tags: &[&[u8; 4]] = if options.traditional_regions().is_empty() {
        &[b"ZHS "]
    } else {
        &[b"ZHT ", b"ZHH ", b"ZHTM"]
    };
    Some(tags.iter().map(|t| Tag::from_bytes(t)).collect())
}

/// The glyphs of `face` for `chars` (through its cmap) and every glyph the GSUB lookups of `features`
/// reach from them, in each script's default language system and its language systems named in
/// `systems`, as glyph ids. `None` when a lookup those features use is contextual, or the GSUB table has
/// feature variations: the glyphs then depend on the context, and HarfBuzz's closure is used instead.
pub(super) fn glyphs(
    face: &Face<'_>,
    chars: impl IntoIterator<Item = char>,
    features: &[&[u8; 4]],
    systems: &[Tag],
) -> Option<BTreeSet<u16>> {
    let mut glyphs: BTreeSet<u16> = chars
        .into_iter()
        .filter_map(|c| face.glyph_index(c))
        .map(|g| g.0)
        .collect();
    glyphs.insert(0);
    let Some(gsub) = face.tables().gsub else {
        return Some(glyphs);
    };
    if gsub.variations.is_some() {
        return None;
    }
    let lookups = lookups(&gsub, features, systems);
    loop {
        let mut found = Vec::new();
        for &index in &lookups {
            let lookup = gsub.lookups.get(index)?;
            for subtable in lookup.subtables.into_iter::<SubstitutionSubtable>() {
                reach(&subtable, &glyphs, &mut found)?;
            }
        }
        let before = glyphs.len();
        glyphs.extend(found);
        if glyphs.len() == before {
            return Some(glyphs);
        }
    }
}

/// The lookups of `features` in each script's default language system and its systems in `systems`.
fn lookups(gsub: &LayoutTable<'_>, features: &[&[u8; 4]], systems: &[Tag]) -> BTreeSet<u16> {
    let wanted: Vec<Tag> = features.iter().map(|t| Tag::from_bytes(t)).collect();
    let mut out = BTreeSet::new();
    for script in gsub.scripts {
        let own = script
            .languages
            .into_iter()
            .filter(|l| systems.contains(&l.tag));
        for system in script.default_language.into_iter().chain(own) {
            let indices = system
                .required_feature
                .into_iter()
                .chain(system.feature_indices);
            for feature in indices.filter_map(|i| gsub.features.get(i)) {
                if wanted.contains(&feature.tag) {
                    out.extend(feature.lookup_indices);
                }
            }
        }
    }
    out
}

/// Adds to `found` the glyphs `subtable` substitutes for glyphs of `glyphs` (a ligature only when all
/// its components are in `glyphs`); `None` for a contextual subtable.
fn reach(
    subtable: &SubstitutionSubtable<'_>,
    glyphs: &BTreeSet<u16>,
    found: &mut Vec<u16>,
) -> Option<()> {
    use rustybuzz::ttf_parser::gsub::SingleSubstitution as Single;
    // each glyph of `glyphs` the coverage holds, with its coverage index
    let covered = |coverage: Coverage<'_>| -> Vec<(u16, u16)> {
        (glyphs.iter())
            .filter_map(|&g| coverage.get(GlyphId(g)).map(|i| (g, i)))
            .collect()
    };
    match subtable {
        SubstitutionSubtable::Single(Single::Format1 { coverage, delta }) => {
            found.extend(
                (covered(*coverage).into_iter()).map(|(g, _)| g.wrapping_add(*delta as u16)),
            );
        }
        SubstitutionSubtable::Single(Single::Format2 {
            coverage,
            substitutes,
        }) => found.extend(
            (covered(*coverage).into_iter()).filter_map(|(_, i)| substitutes.get(i).map(|g| g.0)),
        ),
        SubstitutionSubtable::Multiple(t) => {
            for (_, i) in covered(t.coverage) {
                found.extend(t.sequences.get(i)?.substitutes.into_iter().map(|g| g.0));
            }
        }
        SubstitutionSubtable::Alternate(t) => {
            for (_, i) in covered(t.coverage) {
                found.extend(t.alternate_sets.get(i)?.alternates.into_iter().map(|g| g.0));
            }
        }
        SubstitutionSubtable::Ligature(t) => {
            for (_, i) in covered(t.coverage) {
                for ligature in t.ligature_sets.get(i)? {
                    if ligature
                        .components
                        .into_iter()
                        .all(|g| glyphs.contains(&g.0))
                    {
                        found.push(ligature.glyph.0);
                    }
                }
            }
        }
        SubstitutionSubtable::Context(_)
        | SubstitutionSubtable::ChainContext(_)
        | SubstitutionSubtable::ReverseChainSingle(_) => return None,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{FontId, FontSet};

    fn tags(t: &[&[u8; 4]]) -> Vec<Tag> {
        t.iter().map(|t| Tag::from_bytes(t)).collect()
    }

    #[test]
    fn the_book_language_picks_its_language_systems() {
        assert_eq!(systems("zh-CN"), Some(tags(&[b"ZHS "])));
        assert_eq!(systems("zh"), Some(tags(&[b"ZHS "])));
        assert_eq!(systems("zh-Hans-CN"), Some(tags(&[b"ZHS "])));
        let traditional = Some(tags(&[b"ZHT ", b"ZHH ", b"ZHTM"]));
        assert_eq!(systems("zh-TW"), traditional);
        assert_eq!(systems("zh-Hant"), traditional);
        assert_eq!(systems("zh-HK"), traditional);
        assert_eq!(systems("ja"), None);
        assert_eq!(systems("en-GB"), None);
    }

    #[test]
    fn only_the_forms_of_the_book_language_are_reached() {
        let fonts = FontSet::bundled().unwrap();
        let face = fonts.face(FontId::Serif);
        let features = super::super::subset::FEATURES;
        let glyph = |c: char| face.glyph_index(c).unwrap().0;
        // 骨 has a Japanese, a Korean and a Traditional Chinese form (locl) besides its Simplified one
        let simplified = glyphs(face, ['骨'], &features, &tags(&[b"ZHS "])).unwrap();
        let traditional = glyphs(face, ['骨'], &features, &tags(&[b"ZHT "])).unwrap();
        let japanese = glyphs(face, ['骨'], &features, &tags(&[b"JAN "])).unwrap();
        assert_eq!(simplified, BTreeSet::from([0, glyph('骨')]));
        assert_eq!(traditional.len(), 3, "{traditional:?}");
        assert_ne!(traditional, japanese);
        // 「 has a vertical form (vert), reached in every language system
        let bracket = glyphs(face, ['「'], &features, &tags(&[b"ZHS "])).unwrap();
        assert_eq!(bracket.len(), 3, "{bracket:?}");
        assert!(bracket.contains(&glyph('「')));
    }
}
