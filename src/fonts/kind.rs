//! What a face is for: its kind ([`Face`], 宋体 or 黑体) and [`Weight`], and the handle a run of text names
//! its face by ([`FontId`]): one of the three embedded faces, or a face a [`super::set::FontSet`] found.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// What print sets for a character no face has: 〓 (U+3013 GETA MARK, the compositor's mark for a missing
/// character, 缺字); the text behind it is still the character, so copy and search give it back.
pub const SUBSTITUTE: char = '\u{3013}';

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

    /// The weight an OpenType weight class (`OS/2 usWeightClass`, 100–900) stands nearest: bold from 600.
    pub fn of_class(class: u16) -> Weight {
        if class >= 600 {
            Weight::Bold
        } else {
            Weight::Regular
        }
    }
}

/// A face a run of text is set in: one of the three embedded faces, or the `n`th face a
/// [`super::set::FontSet`] found beyond them (a face the style names, a font-path face, a system face).
///
/// The embedded ids stand for the set's 宋体 regular, 宋体 bold and 黑体 bold: the embedded Noto CJK SC
/// faces, unless the set was loaded for a Traditional Chinese book and found TC/HK faces of that kind
/// ([`super::set::FontOptions::language`]). Ask the set for a face's data, names and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FontId {
    /// Noto Serif CJK SC Regular (宋体).
    Serif,
    /// Noto Serif CJK SC Bold.
    SerifBold,
    /// Noto Sans CJK SC Bold (黑体).
    SansBold,
    /// The `n`th face found beyond the embedded ones (0-based, in the order the set loaded them).
    Found(u16),
}

impl FontId {
    /// Every embedded face, in a fixed order.
    pub const ALL: [FontId; 3] = [FontId::Serif, FontId::SerifBold, FontId::SansBold];

    /// The embedded face that sets `face` at `weight`; `None` for sans regular, which is not embedded.
    pub fn bundled(face: Face, weight: Weight) -> Option<FontId> {
        match (face, weight) {
            (Face::Serif, Weight::Regular) => Some(FontId::Serif),
            (Face::Serif, Weight::Bold) => Some(FontId::SerifBold),
            (Face::Sans, Weight::Bold) => Some(FontId::SansBold),
            (Face::Sans, Weight::Regular) => None,
        }
    }

    /// The index of this face in a set's table: the embedded faces first, then the found ones.
    pub(crate) fn slot(self) -> usize {
        match self {
            FontId::Serif => 0,
            FontId::SerifBold => 1,
            FontId::SansBold => 2,
            FontId::Found(n) => 3 + n as usize,
        }
    }

    /// The id of table index `slot` ([`FontId::slot`]).
    pub(crate) fn of_slot(slot: usize) -> FontId {
        match slot {
            0 => FontId::Serif,
            1 => FontId::SerifBold,
            2 => FontId::SansBold,
            n => FontId::Found((n - 3) as u16),
        }
    }
}

impl fmt::Display for FontId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FontId::Found(n) => write!(f, "found face {n}"),
            embedded => f.write_str(Embedded::of(*embedded).map_or("", |e| e.file_name)),
        }
    }
}

/// The embedded faces' bytes, each a `static` so that the executable holds one copy: an `include_bytes!`
/// inside [`Embedded::of`] is a constant, which every codegen unit the function is inlined into copied
/// for itself (the executable held the 14.8 MB of faces two or three times, 53 MB in all; 38 MB now).
static SERIF: &[u8] = include_bytes!("../../fonts/NotoSerifCJKsc-Regular.otf");
/// See [`SERIF`].
static SERIF_BOLD: &[u8] = include_bytes!("../../fonts/NotoSerifCJKsc-Bold.otf");
/// See [`SERIF`].
static SANS_BOLD: &[u8] = include_bytes!("../../fonts/NotoSansCJKsc-Bold.otf");

/// One of the faces embedded in the binary (subsets of Noto CJK SC made by `fonts/make-fonts.sh`, OFL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Embedded {
    /// The face's bytes (CFF-flavoured OpenType).
    pub(crate) data: &'static [u8],
    /// Its file name under `fonts/`.
    pub(crate) file_name: &'static str,
    /// Its family name.
    pub(crate) family: &'static str,
    /// What it is for.
    pub(crate) face: Face,
    /// Its weight.
    pub(crate) weight: Weight,
}

impl Embedded {
    /// The embedded face `id` names; `None` for a found face.
    pub(crate) fn of(id: FontId) -> Option<Embedded> {
        let (data, file_name, family, face, weight): (&'static [u8], _, _, _, _) = match id {
            FontId::Serif => (
                SERIF,
                "NotoSerifCJKsc-Regular.otf",
                "Noto Serif CJK SC",
                Face::Serif,
                Weight::Regular,
            ),
            FontId::SerifBold => (
                SERIF_BOLD,
                "NotoSerifCJKsc-Bold.otf",
                "Noto Serif CJK SC",
                Face::Serif,
                Weight::Bold,
            ),
            FontId::SansBold => (
                SANS_BOLD,
                "NotoSansCJKsc-Bold.otf",
                "Noto Sans CJK SC",
                Face::Sans,
                Weight::Bold,
            ),
            FontId::Found(_) => return None,
        };
        Some(Embedded {
            data,
            file_name,
            family,
            face,
            weight,
        })
    }
}

/// How a style names a face: by family name (found in the font paths, then the system, then among the
/// embedded faces), or by file (a TTF, OTF or TTC with the face's index in the collection).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaceName {
    /// A family name, e.g. `LXGW WenKai` or `楷体` (any of the names the face gives its family).
    Family(String),
    /// A font file and the face's index in it (0 for a TTF or OTF).
    File {
        /// The file.
        path: PathBuf,
        /// The face's index in a collection.
        index: u32,
    },
}

impl fmt::Display for FaceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaceName::Family(family) => write!(f, "family \"{family}\""),
            FaceName::File { path, index: 0 } => write!(f, "file {}", path.display()),
            FaceName::File { path, index } => write!(f, "file {} (face {index})", path.display()),
        }
    }
}

/// A face a style asks for: its name, the kind and weight the role sets it as, and the style key that
/// names it (for errors: `roles.note`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FontRequest {
    /// The style key that names the face.
    pub key: String,
    /// The face's family or file.
    pub name: FaceName,
    /// What the role uses it as (宋体 or 黑体): decides the fallback faces and the EPUB's generic family.
    pub face: Face,
    /// The weight the role sets; with a family name, the face of that family nearest this weight.
    pub weight: Weight,
}

/// Where a face comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaceSource {
    /// Embedded in the binary (its file name under `fonts/`).
    Embedded(&'static str),
    /// A font file and the face's index in it.
    File {
        /// The file.
        path: PathBuf,
        /// The face's index in a collection (0 for a TTF or OTF).
        index: u32,
    },
}

impl fmt::Display for FaceSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaceSource::Embedded(_) => f.write_str("embedded"),
            FaceSource::File { path, index: 0 } => write!(f, "{}", path.display()),
            FaceSource::File { path, index } => write!(f, "{}#{index}", path.display()),
        }
    }
}

/// What a face is: its family and style names, the kind and weight it is used as, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FaceInfo {
    /// The family name (English where the face has one).
    pub family: String,
    /// The style name (`Regular`, `Bold`, …).
    pub style: String,
    /// What it is used as: 宋体 or 黑体 (for a found face, a guess from its names).
    pub face: Face,
    /// Its weight (regular below weight class 600).
    pub weight: Weight,
    /// Where it comes from.
    pub source: FaceSource,
}

impl FaceInfo {
    /// The face's file name: the embedded file's, else the file's own name (`LXGWWenKai-Regular.ttf`).
    pub fn file_name(&self) -> String {
        match &self.source {
            FaceSource::Embedded(name) => (*name).to_string(),
            FaceSource::File { path, .. } => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }

    /// Whether the face comes from outside the binary.
    pub fn is_found(&self) -> bool {
        matches!(self.source, FaceSource::File { .. })
    }
}

/// The kind a family name suggests: 黑体 for `Sans`, `Hei`, `黑`, `Gothic`, else 宋体.
pub(crate) fn guess_face(family: &str) -> Face {
    let lower = family.to_lowercase();
    let sans = ["sans", "hei", "黑", "gothic", "yahei", "pingfang"];
    if sans.iter().any(|s| lower.contains(s)) {
        Face::Sans
    } else {
        Face::Serif
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_number_the_embedded_faces_first() {
        for (i, id) in FontId::ALL.into_iter().enumerate() {
            assert_eq!(id.slot(), i);
            assert_eq!(FontId::of_slot(i), id);
        }
        assert_eq!(FontId::Found(4).slot(), 7);
        assert_eq!(FontId::of_slot(7), FontId::Found(4));
        assert_eq!(guess_face("Noto Sans CJK TC"), Face::Sans);
        assert_eq!(guess_face("LXGW WenKai"), Face::Serif);
        assert_eq!(Weight::of_class(700), Weight::Bold);
        assert_eq!(Weight::of_class(500), Weight::Regular);
    }
}
