//! Fonts: the bundled faces, their metrics and shaping.
//!
//! huozi embeds three faces in the binary (subsets of Noto Serif/Sans CJK SC made by `fonts/make-fonts.sh`,
//! OFL): serif regular (宋体) for reading text, serif bold, and sans bold (黑体) for display lines and strong
//! text. Which role uses which is the style's choice ([`crate::style::Roles`]).
//! Each face is parsed once per [`FontSet`] (ttf-parser through rustybuzz: microseconds, zero-copy) and shared
//! by the typesetter (advances, shaping) and the PDF writer (embedding; krilla subsets). Metrics come back in
//! points for a given type size: `font units / units-per-em × size`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A type family: 宋体 (serif, for reading) or 黑体 (sans, for display and emphasis), clreq §2.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Face {
    /// 宋体 / 明体: Noto Serif CJK SC.
    Serif,
    /// 黑体: Noto Sans CJK SC.
    Sans,
}

/// A weight of a face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Weight {
    /// Regular (CSS 400).
    Regular,
    /// Bold (CSS 700).
    Bold,
}

impl Weight {
    /// The CSS `font-weight` number: 400 or 700.
    pub fn css(self) -> u16 {
        match self {
            Weight::Regular => 400,
            Weight::Bold => 700,
        }
    }
}

/// One of the bundled faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FontId {
    /// Noto Serif CJK SC Regular (宋体).
    Serif,
    /// Noto Serif CJK SC Bold.
    SerifBold,
    /// Noto Sans CJK SC Bold (黑体).
    SansBold,
}

impl FontId {
    /// Every bundled face, in a fixed order.
    pub const ALL: [FontId; 3] = [FontId::Serif, FontId::SerifBold, FontId::SansBold];

    /// The bundled face that sets `face` at `weight`; `None` for sans regular, which is not bundled.
    pub fn bundled(face: Face, weight: Weight) -> Option<FontId> {
        match (face, weight) {
            (Face::Serif, Weight::Regular) => Some(FontId::Serif),
            (Face::Serif, Weight::Bold) => Some(FontId::SerifBold),
            (Face::Sans, Weight::Bold) => Some(FontId::SansBold),
            (Face::Sans, Weight::Regular) => None,
        }
    }

    /// The family and weight this face sets.
    pub fn face(self) -> (Face, Weight) {
        match self {
            FontId::Serif => (Face::Serif, Weight::Regular),
            FontId::SerifBold => (Face::Serif, Weight::Bold),
            FontId::SansBold => (Face::Sans, Weight::Bold),
        }
    }

    /// The face's bytes as embedded in the binary (CFF-flavoured OpenType).
    pub fn data(self) -> &'static [u8] {
        match self {
            FontId::Serif => include_bytes!("../fonts/NotoSerifCJKsc-Regular.otf"),
            FontId::SerifBold => include_bytes!("../fonts/NotoSerifCJKsc-Bold.otf"),
            FontId::SansBold => include_bytes!("../fonts/NotoSansCJKsc-Bold.otf"),
        }
    }

    /// The face's file name under `fonts/`.
    pub fn file_name(self) -> &'static str {
        match self {
            FontId::Serif => "NotoSerifCJKsc-Regular.otf",
            FontId::SerifBold => "NotoSerifCJKsc-Bold.otf",
            FontId::SansBold => "NotoSansCJKsc-Bold.otf",
        }
    }

    /// CSS family name the face is declared under in the EPUB.
    pub fn family(self) -> &'static str {
        match self {
            FontId::Serif | FontId::SerifBold => "Noto Serif CJK SC",
            FontId::SansBold => "Noto Sans CJK SC",
        }
    }
}

impl fmt::Display for FontId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.file_name())
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

/// The parsed bundled faces.
pub struct FontSet {
    faces: Vec<(FontId, rustybuzz::Face<'static>)>,
}

impl fmt::Debug for FontSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FontSet")
            .field(
                "faces",
                &self.faces.iter().map(|(id, _)| id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl FontSet {
    /// Parses every bundled face once.
    ///
    /// Errors: [`Error::Font`] if an embedded face does not parse (a corrupt build).
    pub fn bundled() -> Result<FontSet> {
        let mut faces = Vec::new();
        for id in FontId::ALL {
            let face = rustybuzz::Face::from_slice(id.data(), 0).ok_or_else(|| Error::Font {
                name: id.to_string(),
                message: "the embedded face does not parse".into(),
            })?;
            faces.push((id, face));
        }
        Ok(FontSet { faces })
    }

    /// The parsed face for `id`.
    pub fn face(&self, id: FontId) -> &rustybuzz::Face<'static> {
        &self
            .faces
            .iter()
            .find(|(f, _)| *f == id)
            .expect("every FontId is loaded")
            .1
    }

    /// Units per em of `id`.
    pub fn units_per_em(&self, id: FontId) -> f32 {
        self.face(id).units_per_em() as f32
    }

    /// Whether `id` maps `ch` to a glyph.
    pub fn covers(&self, id: FontId, ch: char) -> bool {
        self.face(id).glyph_index(ch).is_some()
    }

    /// Shapes `text` (one script run) with `id` at `size` pt, zh-Hans forms, left to right.
    ///
    /// Uses the face's default features (so `——` becomes the font's 2-em dash where it has one, Latin is
    /// kerned) plus `features` (e.g. `halt` for half-width punctuation).
    pub fn shape(
        &self,
        id: FontId,
        text: &str,
        size: f32,
        features: &[rustybuzz::Feature],
    ) -> Vec<ShapedGlyph> {
        let face = self.face(id);
        let scale = size / face.units_per_em() as f32;
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        if let Ok(lang) = "zh-Hans".parse::<rustybuzz::Language>() {
            buffer.set_language(lang);
        }
        buffer.guess_segment_properties();
        let out = rustybuzz::shape(face, features, buffer);
        out.glyph_infos()
            .iter()
            .zip(out.glyph_positions())
            .map(|(info, pos)| ShapedGlyph {
                id: info.glyph_id as u16,
                advance: pos.x_advance as f32 * scale,
                x_offset: pos.x_offset as f32 * scale,
                cluster: info.cluster as usize,
            })
            .collect()
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
    fn every_face_covers_gb2312_sample_and_ascii() {
        let fonts = FontSet::bundled().unwrap();
        for id in FontId::ALL {
            for ch in "疫线媒体人哈尔滨AZaz09“”（），。、；：？！……——".chars()
            {
                assert!(fonts.covers(id, ch), "{id} lacks {ch}");
            }
        }
    }
}
