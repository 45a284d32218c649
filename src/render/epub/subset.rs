//! Embedded fonts: a bundled face cut down to the characters the book sets in it.
//!
//! allsorts writes the subset with the `Minimal` table profile (cmap, head, hhea, hmtx, maxp, name, OS/2,
//! post, plus the CFF outlines) and a Unicode cmap, which is what reading systems and browsers need to map
//! text to glyphs. (The `subsetter` crate that krilla uses for the PDF writes no cmap and no OS/2 table:
//! its output works only inside a PDF.) Layout tables (GSUB, GPOS) are dropped: a reading system sets
//! horizontal text with the plain advances, and every CJK character is one em.

use allsorts::binary::read::ReadScope;
use allsorts::subset::{CmapTarget, SubsetProfile, subset as allsorts_subset};
use allsorts::tables::OpenTypeFont;

use super::failure::fail;
use super::resources::Resource;
use super::usage::Usage;
use crate::error::Result;
use crate::fonts::{FontId, FontSet};

/// Where the EPUB keeps `font`, relative to the documents and the stylesheet (`fonts/…otf`).
pub(super) fn font_href(font: FontId) -> String {
    format!("fonts/{}", font.file_name())
}

/// Each face `usage` records, subset to its characters, as a resource (`font-serif`, `font-sans-bold`, …),
/// in [`FontId`] order.
///
/// Errors: as [`subset`].
pub(super) fn embed(usage: &Usage, fonts: &FontSet) -> Result<Vec<Resource>> {
    usage
        .faces()
        .map(|(font, chars)| {
            let bytes = subset(font, chars.iter().copied(), fonts)?;
            let slug = match font {
                FontId::Serif => "serif",
                FontId::SerifBold => "serif-bold",
                FontId::SansBold => "sans-bold",
            };
            Ok(Resource::file(
                format!("font-{slug}"),
                font_href(font),
                "font/otf",
                bytes,
            ))
        })
        .collect()
}

/// `font` subset to the glyphs of `chars` (those the face covers; the others are left to the reader's
/// fallback fonts) and `.notdef`, as OpenType bytes with a Unicode cmap. Deterministic: the same characters
/// give the same bytes.
///
/// Errors: [`crate::Error::Render`] (format `epub`) naming the face when allsorts cannot read or subset it.
pub(super) fn subset(
    font: FontId,
    chars: impl IntoIterator<Item = char>,
    fonts: &FontSet,
) -> Result<Vec<u8>> {
    let face = fonts.face(font);
    let mut glyphs: Vec<u16> = vec![0];
    glyphs.extend(
        chars
            .into_iter()
            .filter_map(|c| face.glyph_index(c))
            .map(|g| g.0),
    );
    glyphs.sort_unstable();
    glyphs.dedup();
    let err = |e: &dyn std::fmt::Display| fail(format!("subsetting {font}: {e}"));
    let otf = ReadScope::new(font.data())
        .read::<OpenTypeFont<'_>>()
        .map_err(|e| err(&e))?;
    let provider = otf.table_provider(0).map_err(|e| err(&e))?;
    allsorts_subset(
        &provider,
        &glyphs,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| err(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subset_maps_exactly_the_characters_asked_for() {
        let fonts = FontSet::bundled().unwrap();
        let text = "冰城战“疫”纪事，ABC 123。";
        let bytes = subset(FontId::Serif, text.chars(), &fonts).unwrap();
        assert!(bytes.len() < 60_000, "{} bytes", bytes.len());
        let face = ttf_parser::Face::parse(&bytes, 0).expect("the subset parses");
        for c in text.chars() {
            assert!(face.glyph_index(c).is_some(), "{c} is mapped");
        }
        for c in "汉字".chars() {
            assert!(face.glyph_index(c).is_none(), "{c} is not in the subset");
        }
        assert!(face.tables().os2.is_some(), "OS/2 table");
        assert!(face.tables().cff.is_some(), "CFF outlines");
        assert_eq!(
            face.number_of_glyphs() as usize,
            text.chars()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                + 1
        );
        assert_eq!(subset(FontId::Serif, text.chars(), &fonts).unwrap(), bytes);
    }
}
