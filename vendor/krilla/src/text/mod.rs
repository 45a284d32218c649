//! Text and font support.
//!
//! krilla has extensive support for OpenType fonts. It supports CFF-based as well
//! as TTF-based OpenType fonts. In addition to that, krilla also supports
//! all major tables used in color fonts, including the `SVG`, `COLR`, `sbix` and
//! `CBDT`/`EBDT` (only PNG) tables, something that, to the best of my knowledge, no other
//! Rust crates provides.
//!
//! Even better is the fact that you do not need to take care of choosing the right
//! table for drawing glyphs: All you need to do is to provide the [`Font`] object with
//! an appropriate index.

use std::collections::HashMap;
use std::fmt::Debug;
use std::hash::Hash;

use rustc_hash::FxHashMap;

use crate::text::cid::CIDFont;
use crate::text::type3::{ColoredGlyph, Type3Font, Type3FontMapper, Type3ID};
pub(crate) mod cid;
pub(crate) mod font;
pub(crate) mod given;
pub use given::deflate_program;
pub(crate) mod glyph;
pub(crate) mod group;
#[cfg(feature = "simple-text")]
pub(crate) mod shape;
pub(crate) mod type3;

pub use font::*;
pub use glyph::*;
#[cfg(feature = "simple-text")]
pub use shape::TextDirection;

pub(crate) const PDF_UNITS_PER_EM: f32 = 1000.0;

/// A unique CID identifier.
#[derive(Clone, Debug, Hash, Eq, PartialEq)]
pub(crate) struct CIDIdentifier(pub Font);

/// A unique Type3 font identifier. Type3 fonts can only hold 256 glyphs, which
/// means that we might have to create more than one Type3 font. This is why we
/// additionally store an index that indicates which specific Type3Font we are
/// referring to.
#[derive(Clone, Debug, Hash, Eq, PartialEq)]
pub(crate) struct Type3Identifier(pub Font, pub Type3ID);

/// A font identifier for a PDF font.
#[derive(Clone, Debug, Hash, Eq, PartialEq)]
pub(crate) enum FontIdentifier {
    Cid(CIDIdentifier),
    Type3(Type3Identifier),
}

/// huozi (`content::lean`): up to four bytes packed into a `u32`, the first lowest, zeros above the last
/// (any other length: 0).
#[inline]
fn packed(bytes: &[u8]) -> u32 {
    match *bytes {
        [a] => u32::from(a),
        [a, b] => u32::from(u16::from_le_bytes([a, b])),
        [a, b, c] => u32::from_le_bytes([a, b, c, 0]),
        [a, b, c, d] => u32::from_le_bytes([a, b, c, d]),
        _ => 0,
    }
}

/// A container that holds all PDF fonts belonging to an OTF font.
pub(crate) struct FontContainer {
    font: Font,
    type3_mapper: Type3FontMapper,
    cid_font: CIDFont,
    cid_cache: FxHashMap<u32, (FontIdentifier, PDFGlyph)>,
    type3_cache: HashMap<ColoredGlyph, (FontIdentifier, PDFGlyph)>,
    /// huozi (`content::lean`): per glyph ID, its CID + 1 once added as a CID glyph (0: not known).
    lean_cids: crate::util::Paged<u32>,
    /// huozi (`content::lean`): per CID, the one character its code points are, its UTF-8 bytes packed
    /// (`packed`; 0: not known).
    lean_chars: crate::util::Paged<u32>,
}

impl FontContainer {
    pub(crate) fn new(font: Font, cids: Option<std::sync::Arc<[u16]>>) -> Self {
        Self {
            font: font.clone(),
            type3_mapper: Type3FontMapper::new(font.clone()),
            cid_font: CIDFont::new(font.clone(), cids),
            cid_cache: Default::default(),
            type3_cache: Default::default(),
            // huozi: in pages made where a glyph is noted (`Paged`), not grown glyph by glyph as
            // higher IDs come
            lean_cids: crate::util::Paged::new(0),
            lean_chars: crate::util::Paged::new(0),
        }
    }

    pub(crate) fn type3_mapper(&self) -> &Type3FontMapper {
        &self.type3_mapper
    }

    pub(crate) fn cid_font(&self) -> &CIDFont {
        &self.cid_font
    }

    /// huozi (`content::lean`): the CID of glyph `gid` when it was added as a CID glyph and noted.
    #[inline]
    pub(crate) fn lean_cid(&self, gid: u32) -> Option<u16> {
        let known = self.lean_cids.get(u16::try_from(gid).ok()?);
        (known != 0).then(|| (known - 1) as u16)
    }

    /// huozi (`content::lean`): notes that glyph `gid` was added as CID `cid`.
    pub(crate) fn note_cid(&mut self, gid: u32, cid: u16) {
        if let Ok(gid) = u16::try_from(gid) {
            self.lean_cids.set(gid, u32::from(cid) + 1);
        }
    }

    /// huozi (`content::lean`): whether CID `cid`'s code points are known to be the one character whose
    /// UTF-8 bytes are `text` (a slice of the run's text that need not start or end at a character
    /// boundary: it equals a character's whole encoding only where it is that character).
    #[inline]
    pub(crate) fn lean_text_is(&self, cid: u16, text: &[u8]) -> bool {
        let known = self.lean_chars.get(cid);
        // the encoding has no zero byte, so its length is the number of bytes `known` holds
        known != 0 && text.len() == (4 - known.leading_zeros() / 8) as usize && packed(text) == known
    }

    /// huozi (`content::lean`): notes that CID `cid`'s code points are the one character `c` (not NUL).
    pub(crate) fn note_char(&mut self, cid: u16, c: char) {
        self.lean_chars.set(cid, packed(c.encode_utf8(&mut [0; 4]).as_bytes()));
    }

    /// huozi: the CID font itself (`content::lean`'s runs of CID glyphs).
    pub(crate) fn cid_font_concrete_mut(&mut self) -> &mut CIDFont {
        &mut self.cid_font
    }

    /// huozi: the CID font, as a PDF font to add code points to.
    pub(crate) fn cid_font_mut(&mut self) -> &mut dyn PdfFont {
        &mut self.cid_font
    }

    #[inline]
    pub(crate) fn font_identifier(&self, glyph: ColoredGlyph) -> Option<FontIdentifier> {
        let (id, _) = self
            .cid_cache
            .get(&glyph.glyph_id.to_u32())
            .or_else(|| self.type3_cache.get(&glyph.to_owned()))?;
        Some(id.clone())
    }

    #[inline]
    pub(crate) fn get_from_identifier_mut(
        &mut self,
        font_identifier: FontIdentifier,
    ) -> Option<&mut dyn PdfFont> {
        if self.cid_font.identifier() == font_identifier {
            Some(&mut self.cid_font)
        } else {
            // If the identifier doesn't match either of CID or Type3, this will
            // return `None`.
            Some(self.type3_mapper.font_mut_from_id(font_identifier)?)
        }
    }

    #[inline]
    pub(crate) fn get_from_identifier(
        &self,
        font_identifier: FontIdentifier,
    ) -> Option<&dyn PdfFont> {
        if self.cid_font.identifier() == font_identifier {
            Some(&self.cid_font)
        } else {
            // If the identifier doesn't match either of CID or Type3, this will
            // return `None`.
            Some(self.type3_mapper.font_from_id(font_identifier)?)
        }
    }

    #[inline]
    pub(crate) fn add_glyph(&mut self, glyph: ColoredGlyph) -> (FontIdentifier, PDFGlyph) {
        if let Some(e) = self
            .cid_cache
            .get(&glyph.glyph_id.to_u32())
            .or_else(|| self.type3_cache.get(&glyph.to_owned()))
        {
            // We already know whether this glyph uses a CID or Type3 glyph.
            e.clone()
        } else if should_outline(&self.font, glyph.glyph_id) {
            let cid = self.cid_font.add_glyph(glyph.glyph_id);
            let res = (self.cid_font.identifier(), PDFGlyph::Cid(cid));
            self.cid_cache.insert(glyph.glyph_id.to_u32(), res.clone());
            res
        } else {
            let (identifier, gid) = self.type3_mapper.add_glyph(glyph.to_owned());
            let res = (identifier, PDFGlyph::Type3(gid));
            self.type3_cache.insert(glyph.to_owned(), res.clone());
            res
        }
    }
}

pub(crate) trait PdfFont {
    fn units_per_em(&self) -> f32;
    fn font(&self) -> Font;
    fn get_codepoints(&self, pdf_glyph: PDFGlyph) -> Option<&str>;
    fn set_codepoints(
        &mut self,
        pdf_glyph: PDFGlyph,
        text: String,
        location: Option<crate::surface::Location>,
    );
    fn get_gid(&self, glyph: ColoredGlyph) -> Option<PDFGlyph>;
    fn force_fill(&self) -> bool;
}

impl PdfFont for Type3Font {
    fn units_per_em(&self) -> f32 {
        self.unit_per_em()
    }

    fn font(&self) -> Font {
        Type3Font::font(self)
    }

    #[track_caller]
    fn get_codepoints(&self, pdf_glyph: PDFGlyph) -> Option<&str> {
        match pdf_glyph {
            PDFGlyph::Type3(t3) => self.get_codepoints(t3),
            PDFGlyph::Cid(_) => panic!("attempted to pass cid to type 3 font"),
        }
    }

    #[track_caller]
    fn set_codepoints(
        &mut self,
        pdf_glyph: PDFGlyph,
        text: String,
        location: Option<crate::surface::Location>,
    ) {
        match pdf_glyph {
            PDFGlyph::Type3(t3) => self.set_codepoints(t3, text, location),
            PDFGlyph::Cid(_) => panic!("attempted to pass cid to type 3 font"),
        }
    }

    fn get_gid(&self, glyph: ColoredGlyph) -> Option<PDFGlyph> {
        self.get_gid(&glyph.to_owned()).map(PDFGlyph::Type3)
    }

    fn force_fill(&self) -> bool {
        true
    }
}

impl PdfFont for CIDFont {
    fn units_per_em(&self) -> f32 {
        self.units_per_em()
    }

    fn font(&self) -> Font {
        CIDFont::font(self)
    }

    #[track_caller]
    fn get_codepoints(&self, pdf_glyph: PDFGlyph) -> Option<&str> {
        match pdf_glyph {
            PDFGlyph::Type3(_) => panic!("attempted to pass type 3 glyph to cid font"),
            PDFGlyph::Cid(cid) => self.get_codepoints(cid),
        }
    }

    #[track_caller]
    fn set_codepoints(
        &mut self,
        pdf_glyph: PDFGlyph,
        text: String,
        location: Option<crate::surface::Location>,
    ) {
        match pdf_glyph {
            PDFGlyph::Type3(_) => panic!("attempted to pass type 3 glyph to cid font"),
            PDFGlyph::Cid(cid) => self.set_codepoints(cid, text, location),
        }
    }

    fn get_gid(&self, glyph: ColoredGlyph) -> Option<PDFGlyph> {
        self.get_cid(glyph.glyph_id).map(PDFGlyph::Cid)
    }

    fn force_fill(&self) -> bool {
        false
    }
}
