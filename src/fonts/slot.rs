//! Loading one face: the embedded bytes, or a file read and parsed at run time (kept with its parse in one
//! self-referential cell), with what a set records about it ([`FaceInfo`]) and where it ranks in fallback
//! ([`Group`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::discover::Candidate;
use super::kind::{Embedded, FaceInfo, FaceSource, FontRequest, Weight, guess_face};
use super::simple::SimpleSlot;
use crate::error::{Error, Result};

pub(crate) type ParsedFace<'a> = rustybuzz::Face<'a>;

self_cell::self_cell!(
    /// A face parsed from bytes read at run time.
    pub(crate) struct OwnedFace {
        owner: Arc<Vec<u8>>,
        #[covariant]
        dependent: ParsedFace,
    }
);

/// A loaded face's bytes and parse.
pub(crate) enum FaceData {
    Static(&'static [u8], Box<ParsedFace<'static>>),
    Owned(u32, OwnedFace),
}

/// Where a face of a set comes from, in the order fallback tries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Group {
    /// A face the style names, or a font-path face.
    Chosen,
    /// A system face.
    System,
    /// An embedded face (or the TC/HK face standing in for it).
    Embedded,
}

/// One face of a set.
pub(crate) struct Slot {
    pub(crate) info: FaceInfo,
    pub(crate) data: FaceData,
    pub(crate) group: Group,
    /// Which characters the face has, as far as asked.
    pub(crate) coverage: Coverage,
    /// Its glyph-by-glyph shaping tables (`fonts::simple`).
    pub(crate) simple: SimpleSlot,
}

/// Which characters of the Basic Multilingual Plane a face has, learnt as they are asked for — two bits a
/// character (asked; has a glyph), 16 KB a face — so that fallback asks the face's `cmap` once per
/// character, not once per occurrence. Shared by the threads that set stories; a bit once set never
/// changes, so every thread sees the same answers.
pub(crate) struct Coverage(Box<[AtomicU64]>);

impl Coverage {
    /// Nothing asked yet.
    pub(crate) fn new() -> Coverage {
        Coverage((0..0x10000 / 32).map(|_| AtomicU64::new(0)).collect())
    }

    /// Whether `face` (the face this coverage belongs to) maps `ch` to a glyph.
    #[inline]
    pub(crate) fn covers(&self, face: &rustybuzz::Face<'_>, ch: char) -> bool {
        let u = ch as u32;
        if u <= 0xFFFF {
            let (word, shift) = ((u / 32) as usize, (u % 32) * 2);
            let known = self.0[word].load(Ordering::Relaxed) >> shift;
            if known & 1 == 1 {
                return known & 2 == 2;
            }
        }
        self.learn(face, ch)
    }

    /// [`Coverage::covers`] of a character not asked before (or above the BMP): the face's `cmap` asked,
    /// and the answer kept for a BMP character.
    #[cold]
    #[inline(never)]
    fn learn(&self, face: &rustybuzz::Face<'_>, ch: char) -> bool {
        let u = ch as u32;
        if u > 0xFFFF {
            return face.glyph_index(ch).is_some();
        }
        let (word, shift) = ((u / 32) as usize, (u % 32) * 2);
        let has = face.glyph_index(ch).is_some();
        self.0[word].fetch_or((1 | u64::from(has) << 1) << shift, Ordering::Relaxed);
        has
    }
}

/// One face's coverage with its face, found once to be asked of many characters in turn
/// ([`super::FontSet::covering`]): the same answers as [`super::FontSet::covers`] without finding the face
/// again for each character.
#[derive(Clone, Copy)]
pub(crate) struct Covering<'s> {
    coverage: &'s Coverage,
    face: &'s rustybuzz::Face<'s>,
}

impl<'s> Covering<'s> {
    /// The coverage of `slot`'s face.
    pub(crate) fn of(slot: &'s Slot) -> Covering<'s> {
        Covering {
            coverage: &slot.coverage,
            face: slot_face(slot),
        }
    }

    /// Whether the face maps `ch` to a glyph.
    #[inline]
    pub(crate) fn covers(&self, ch: char) -> bool {
        self.coverage.covers(self.face, ch)
    }
}

/// The parsed face of a slot.
pub(crate) fn slot_face(slot: &Slot) -> &rustybuzz::Face<'_> {
    match &slot.data {
        FaceData::Static(_, face) => face,
        FaceData::Owned(_, face) => face.borrow_dependent(),
    }
}

/// A slot for an embedded face.
pub(crate) fn embedded_slot(e: Embedded) -> Result<Slot> {
    let face = rustybuzz::Face::from_slice(e.data, 0).ok_or_else(|| Error::Font {
        name: e.file_name.to_string(),
        message: "the embedded face does not parse".into(),
    })?;
    Ok(Slot {
        info: FaceInfo {
            family: e.family.to_string(),
            style: match e.weight {
                Weight::Regular => "Regular".into(),
                Weight::Bold => "Bold".into(),
            },
            face: e.face,
            weight: e.weight,
            source: FaceSource::Embedded(e.file_name),
        },
        data: FaceData::Static(e.data, Box::new(face)),
        group: Group::Embedded,
        coverage: Coverage::new(),
        simple: SimpleSlot::new(),
    })
}

/// What a candidate is, as a set records it.
pub(crate) fn candidate_info(c: &Candidate) -> FaceInfo {
    FaceInfo {
        family: c.family.clone(),
        style: c.style(),
        face: c.face(),
        weight: Weight::of_class(c.weight),
        source: FaceSource::File {
            path: c.path.clone(),
            index: c.index,
        },
    }
}

/// A slot for the file face `info` names, read and parsed; a face named by file takes its family and
/// style from its name table. `request` is the style's request, named in errors.
pub(crate) fn file_slot(mut info: FaceInfo, request: Option<&FontRequest>) -> Result<Slot> {
    let FaceSource::File { path, index } = info.source.clone() else {
        unreachable!("a file face");
    };
    let name = match request {
        Some(r) => format!("{} ({})", r.key, r.name),
        None => info.source.to_string(),
    };
    let bytes = std::fs::read(&path).map_err(|e| Error::Font {
        name: name.clone(),
        message: format!("cannot read {}: {e}", path.display()),
    })?;
    let owned = OwnedFace::try_new(Arc::new(bytes), |data| {
        rustybuzz::Face::from_slice(data, index).ok_or(())
    })
    .map_err(|()| Error::Font {
        name,
        message: format!(
            "{} has no face {index} that parses as TrueType or OpenType",
            path.display()
        ),
    })?;
    if info.family.is_empty() {
        let face = owned.borrow_dependent();
        info.family = family_name(face).unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        let class = face.weight().to_number();
        info.style = Candidate {
            names: Vec::new(),
            family: String::new(),
            weight: class,
            italic: face.is_italic(),
            path: path.clone(),
            index,
        }
        .style();
        if request.is_none() {
            info.face = guess_face(&info.family);
            info.weight = Weight::of_class(class);
        }
    }
    Ok(Slot {
        info,
        data: FaceData::Owned(index, owned),
        group: Group::Chosen,
        coverage: Coverage::new(),
        simple: SimpleSlot::new(),
    })
}

/// The face's typographic (16) or legacy (1) family name, in English where it has one.
fn family_name(face: &rustybuzz::Face<'_>) -> Option<String> {
    use rustybuzz::ttf_parser::name_id;
    let names = face.names();
    let pick = |id: u16| {
        let mut all: Vec<_> = names
            .into_iter()
            .filter(|n| n.name_id == id && n.is_unicode())
            .collect();
        all.sort_by_key(|n| n.language_id != 0x0409);
        all.into_iter().find_map(|n| n.to_string())
    };
    pick(name_id::TYPOGRAPHIC_FAMILY).or_else(|| pick(name_id::FAMILY))
}
