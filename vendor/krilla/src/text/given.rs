//! huozi's addition (vendor/krilla/HUOZI.md): CID-keyed CFF fonts drawn with their own CIDs and embedded
//! as a font program the caller gives before the end, instead of a subset krilla makes itself. The
//! program is an OpenType font whose `CFF ` table is CID-keyed with the original font's CIDs and holds at
//! least the glyphs drawn.
//!
//! A caller that subsets a face anyway (huozi subsets each face once with HarfBuzz for its EPUB) hands
//! that subset over, so the face is not subset twice. HarfBuzz keeps a CID-keyed font's CIDs, so the
//! content streams carry the original font's CIDs and the given program's charset maps them to its
//! glyphs; the `W` array, the `ToUnicode` CMap and the `CIDSet` are keyed by the same CIDs.

use std::collections::HashMap;
use std::sync::Arc;

use skrifa::raw::ps::cff::CffFontRef;
use skrifa::raw::tables::cff::Cff;
use skrifa::raw::{TableProvider, TopLevelTable};

use crate::serialize::SerializeSettings;
use crate::stream::{FilterStream, FilterStreamBuilder};
use crate::text::Font;
use crate::util::offload::Offloaded;

/// The fonts kept with their CIDs, each with its glyph-to-CID table, and the programs given for them,
/// each with its `CFF ` table deflated as krilla embeds it: begun on another thread when the program is
/// given (`streams`; `None` when the program has no CID-keyed CFF table, which the font's serializer
/// reports), or deflated already by the caller (`ready`, [`deflate_program`]).
#[derive(Default)]
pub(crate) struct Given {
    pub(crate) tables: HashMap<Font, Arc<[u16]>>,
    pub(crate) programs: HashMap<Font, Arc<Vec<u8>>>,
    pub(crate) streams: HashMap<Font, Offloaded<Option<FilterStream<'static>>>>,
    pub(crate) ready: HashMap<Font, FilterStream<'static>>,
}

impl Given {
    /// Takes `program` as the program of `font` and begins deflating its `CFF ` table, on another
    /// thread when one is free (`Offloaded`), with `settings`.
    pub(crate) fn give(
        &mut self,
        font: &Font,
        program: Arc<Vec<u8>>,
        settings: Arc<SerializeSettings>,
    ) {
        let held = Arc::clone(&program);
        let stream = Offloaded::new(move || {
            let (cff, _) = program_cff(&held)?;
            let stream = FilterStreamBuilder::new_from_binary_data(cff).finish(&settings);
            Some(stream.into_owned())
        });
        self.programs.insert(font.clone(), program);
        self.streams.insert(font.clone(), stream);
    }

    /// Takes `program` as the program of `font`, its `CFF ` table deflated already (`deflated`, by
    /// [`deflate_program`]), with `settings`.
    pub(crate) fn give_deflated(
        &mut self,
        font: &Font,
        program: Arc<Vec<u8>>,
        deflated: &[u8],
        settings: &SerializeSettings,
    ) {
        let stream = FilterStreamBuilder::new_from_deflated_binary(deflated).finish(settings);
        self.ready.insert(font.clone(), stream.into_owned());
        self.programs.insert(font.clone(), program);
    }
}

/// The `CFF ` table of the OpenType font `program` deflated as the font stream of a given program is
/// (`Document::set_deflated_font_program`), or `None` when it has no CID-keyed `CFF ` table. The caller
/// may deflate it on a thread of its own while the pages are drawn; the bytes are the same.
pub fn deflate_program(program: &[u8]) -> Option<Vec<u8>> {
    program_cff(program).map(|(cff, _)| crate::stream::deflate_encode(cff))
}

/// The glyph-to-CID table of `font` (indexed by glyph ID), or `None` when it is not a CID-keyed CFF font.
pub(crate) fn cid_table(font: &Font) -> Option<Arc<[u16]>> {
    let cff = font.font_ref().data_for_tag(Cff::TAG)?;
    let cff = CffFontRef::new(cff.as_bytes(), 0, None).ok()?;
    if !cff.is_cid() {
        return None;
    }
    let charset = cff.charset()?;
    let mut table = vec![0u16; cff.num_glyphs() as usize];
    for (glyph, cid) in charset.iter() {
        *table.get_mut(glyph.to_u32() as usize)? = cid.to_u16();
    }
    Some(table.into())
}

/// The CFF table of the OpenType font `program` and the CIDs of every glyph it holds, or `None` when it
/// has no CID-keyed CFF table.
pub(crate) fn program_cff(program: &[u8]) -> Option<(&[u8], Vec<u16>)> {
    let font = skrifa::FontRef::new(program).ok()?;
    let data = font.data_for_tag(Cff::TAG)?.as_bytes();
    let cff = CffFontRef::new(data, 0, None).ok()?;
    if !cff.is_cid() {
        return None;
    }
    let charset = cff.charset()?;
    let mut cids: Vec<u16> = charset.iter().map(|(_, cid)| cid.to_u16()).collect();
    cids.sort_unstable();
    Some((data, cids))
}
