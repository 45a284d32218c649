//! Embedded fonts: each face the book's text is set in, cut down to the characters set in it, with its
//! OpenType layout tables.
//!
//! Which face holds which character follows the print edition's fallback ([`FontSet::font_for`]): text
//! recorded under a role's face goes into that face's subset where the face has the character, else into
//! the subset of the face that sets it in print (a face the style names, a font-path or system face, or
//! another embedded face). Every stack in the stylesheet lists the found faces after its own
//! ([`Embedding::stack`]), so a reading system picks each character from the face print took it from.
//!
//! Subsets are made by HarfBuzz's subsetter (`hb-subset`, through `mkwebfont_hb-subset`): the cmap, OS/2,
//! CFF or glyf outlines, and GSUB/GPOS/GDEF pruned to the glyphs kept, with the features [`FEATURES`]
//! and the glyphs they reach (the 2-em dash of `fwid`, half-width punctuation of `halt`/`chws`, vertical
//! forms), so reading systems compress punctuation, draw `——` whole and kern Latin as print does.

use std::collections::{BTreeMap, BTreeSet};

use hb_subset::{Blob, FontFace, SubsetInput, Tag};
use rayon::prelude::*;

use super::closure;
use super::failure::fail;
use super::resources::{Resource, SharedBytes};
use super::usage::Usage;
use crate::error::Result;
use crate::fonts::{Face, FontId, FontSet, Weight};

/// The layout features the subsets keep (with every glyph they reach): localized forms, glyph
/// composition, half-width and contextual half-width punctuation (clreq §3.1.6), their vertical forms,
/// kerning, proportional alternates, and full-width forms (the 2-em dash).
pub(super) const FEATURES: [&[u8; 4]; 9] = [
    b"locl", b"ccmp", b"halt", b"chws", b"vhal", b"vert", b"kern", b"palt", b"fwid",
];

/// One face the EPUB embeds.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Embedded {
    /// The face.
    pub id: FontId,
    /// The CSS family it is declared under.
    pub family: String,
    /// Its weight.
    pub weight: Weight,
    /// Where the EPUB keeps it, relative to the documents and the stylesheet.
    pub href: String,
    /// Its manifest id (`font-serif`, `font-found-0`, …).
    pub slug: String,
    /// The characters set in it.
    pub chars: BTreeSet<char>,
}

/// The faces the EPUB embeds and the CSS family of every face of the set.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Embedding {
    /// The faces embedded, in [`FontId`] order.
    pub faces: Vec<Embedded>,
    /// The CSS family of every face of the set.
    families: BTreeMap<FontId, String>,
}

impl Embedding {
    /// Which face holds which of the characters `usage` records, by the print edition's fallback.
    pub(super) fn plan(usage: &Usage, fonts: &FontSet) -> Embedding {
        let mut chars: BTreeMap<FontId, BTreeSet<char>> = BTreeMap::new();
        for (font, set) in usage.faces() {
            for &c in set {
                let holder = fonts.font_for(font, c).unwrap_or(font);
                chars.entry(holder).or_default().insert(c);
            }
        }
        let families = css_families(fonts);
        let faces = chars
            .into_iter()
            .map(|(id, chars)| {
                let (slug, file) = file_of(id, fonts);
                Embedded {
                    id,
                    family: families[&id].clone(),
                    weight: fonts.info(id).weight,
                    href: format!("fonts/{file}"),
                    slug,
                    chars,
                }
            })
            .collect();
        Embedding { faces, families }
    }

    /// The families of the embedded faces only (a stylesheet with no found face; tests).
    #[cfg(test)]
    pub(super) fn embedded_only(faces: &[FontId]) -> Embedding {
        let fonts = FontSet::bundled().expect("the embedded faces");
        let families = css_families(&fonts);
        let faces = faces
            .iter()
            .map(|&id| {
                let (slug, file) = file_of(id, &fonts);
                Embedded {
                    id,
                    family: families[&id].clone(),
                    weight: fonts.info(id).weight,
                    href: format!("fonts/{file}"),
                    slug,
                    chars: BTreeSet::new(),
                }
            })
            .collect();
        Embedding { faces, families }
    }

    /// The CSS family of `font`.
    pub(super) fn family(&self, font: FontId) -> &str {
        self.families.get(&font).map_or("serif", String::as_str)
    }

    /// The families of a `font-family` stack for text set in `font` (used as `face` at `weight`): its own
    /// family, then the found faces the EPUB embeds (the fallback faces of print), then the embedded face
    /// of its kind and weight, each once, quoted.
    pub(super) fn stack(&self, font: FontId, face: Face, weight: Weight) -> Vec<String> {
        let kind = FontId::bundled(face, weight)
            .or_else(|| FontId::bundled(face, Weight::Bold))
            .unwrap_or(FontId::Serif);
        let found = self
            .faces
            .iter()
            .map(|f| f.id)
            .filter(|id| matches!(id, FontId::Found(_)));
        let mut out: Vec<String> = Vec::new();
        for id in std::iter::once(font).chain(found).chain([kind]) {
            let family = format!("\"{}\"", self.family(id));
            if !out.contains(&family) {
                out.push(family);
            }
        }
        out
    }
}

/// A CSS family for every face of `fonts`: its family name, made unique where two faces of one weight
/// share it (a found face of the embedded family is `"Noto Serif CJK SC 2"`).
fn css_families(fonts: &FontSet) -> BTreeMap<FontId, String> {
    let mut taken: BTreeSet<(String, Weight)> = BTreeSet::new();
    let mut out = BTreeMap::new();
    for id in fonts.ids() {
        let info = fonts.info(id);
        let base = match info.family.trim() {
            "" => format!("huozi face {}", id.slot()),
            f => f.replace(['"', '\\'], ""),
        };
        let mut family = base.clone();
        let mut n = 1;
        while !taken.insert((family.clone(), info.weight)) {
            n += 1;
            family = format!("{base} {n}");
        }
        out.insert(id, family);
    }
    out
}

/// The manifest slug and file name of `font` in the EPUB: the embedded faces keep their names
/// (`serif` → `NotoSerifCJKsc-Regular.otf`); a found face is `found-N`, named after its family and style,
/// `.otf` for CFF outlines, `.ttf` for TrueType ones.
fn file_of(font: FontId, fonts: &FontSet) -> (String, String) {
    let ext = if fonts.face(font).tables().cff.is_some() {
        "otf"
    } else {
        "ttf"
    };
    let info = fonts.info(font);
    let name: String = format!("{}-{}", info.family, info.style)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    match font {
        FontId::Serif | FontId::SerifBold | FontId::SansBold => {
            let slug = match font {
                FontId::Serif => "serif",
                FontId::SerifBold => "serif-bold",
                _ => "sans-bold",
            };
            let file = match &info.source {
                crate::fonts::FaceSource::Embedded(file) => file.to_string(),
                _ => format!("{name}-{slug}.{ext}"),
            };
            (slug.to_string(), file)
        }
        FontId::Found(n) => (format!("found-{n}"), format!("{name}-{n}.{ext}")),
    }
}

/// What the EPUB's faces must hold: the characters each embedded face sets, by face, and the book's
/// language (BCP 47), whose language systems the layout kept is for.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Needs {
    pub(super) chars: BTreeMap<FontId, BTreeSet<char>>,
    language: String,
}

impl Needs {
    /// What the faces of `embedding` need for text in `language`.
    pub(super) fn of(embedding: &Embedding, language: &str) -> Needs {
        Needs {
            chars: (embedding.faces.iter())
                .map(|face| (face.id, face.chars.clone()))
                .collect(),
            language: language.to_string(),
        }
    }
}

/// Subsets by face ([`subsets`]), and the `CFF ` table of each deflated as the PDF embeds it and as the
/// EPUB's container entry for the face ends ([`krilla::text::deflate_program`]; a face without a
/// CID-keyed `CFF ` table is left out), by face: each table is deflated once for both editions.
pub(crate) type Subsets = (BTreeMap<FontId, SharedBytes>, BTreeMap<FontId, SharedBytes>);

/// Every face `needs` names and every face `glyphs` names (glyph IDs, by face: those the PDF draws),
/// subset once each, on rayon's threads, by face: a face the EPUB embeds to its characters with the layout
/// of [`Layout::Features`] and the glyphs `glyphs` gives it besides, so that one subset serves both
/// editions (issue 13: "fonts subset once per face and shared"); a face only the PDF draws with to its
/// glyphs alone, without layout tables. HarfBuzz keeps a CID-keyed face's CIDs, which the PDF is drawn
/// with. Each face's `CFF ` table is deflated right after it is subset, by the same job, while the other
/// faces are subset ([`Subsets`]). Deterministic.
///
/// Errors: as [`subset`].
pub(crate) fn subsets(
    needs: &Needs,
    glyphs: &BTreeMap<FontId, Vec<u16>>,
    fonts: &FontSet,
) -> Result<Subsets> {
    let faces: BTreeSet<FontId> = needs.chars.keys().chain(glyphs.keys()).copied().collect();
    let made: Vec<(FontId, Vec<u8>, Option<Vec<u8>>)> = (faces.into_par_iter())
        .map(|id| {
            let extra = glyphs.get(&id).map_or(&[][..], Vec::as_slice);
            let bytes = subset_face(id, needs, extra, fonts)?;
            let cff = krilla::text::deflate_program(&bytes);
            Ok((id, bytes, cff))
        })
        .collect::<Result<_>>()?;
    let mut subsets = Subsets::default();
    for (id, bytes, cff) in made {
        subsets.0.insert(id, SharedBytes::new(bytes));
        if let Some(cff) = cff {
            subsets.1.insert(id, SharedBytes::new(cff));
        }
    }
    Ok(subsets)
}

/// The face `id` subset as [`subsets`] subsets it: to the characters `needs` gives it, with their layout,
/// and the glyphs `glyphs` (glyph IDs, ascending); without characters, to the glyphs alone.
///
/// Errors: as [`subset`].
pub(crate) fn subset_face(
    id: FontId,
    needs: &Needs,
    glyphs: &[u16],
    fonts: &FontSet,
) -> Result<Vec<u8>> {
    crate::trace::mark(&format!("subset {id:?} starts"));
    let bytes = match needs.chars.get(&id) {
        Some(chars) => {
            let layout = Layout::Features(&needs.language);
            subset_with(id, chars.iter().copied(), glyphs, fonts, layout)?
        }
        None => subset_with(id, std::iter::empty(), glyphs, fonts, Layout::None)?,
    };
    crate::trace::mark(&format!("subset {id:?} done"));
    Ok(bytes)
}

/// The faces `embedding` holds as resources, in [`FontId`] order, their bytes taken out of `subsets`.
///
/// Errors: [`crate::Error::Render`] (format `epub`) naming a face `subsets` lacks.
pub(super) fn resources(
    embedding: &Embedding,
    subsets: &mut BTreeMap<FontId, SharedBytes>,
) -> Result<Vec<Resource>> {
    (embedding.faces.iter())
        .map(|face| {
            let bytes = (subsets.remove(&face.id))
                .ok_or_else(|| fail(format!("no subset of the face {}", face.family)))?;
            let media = if face.href.ends_with(".ttf") {
                "font/ttf"
            } else {
                "font/otf"
            };
            Ok(Resource::file(
                format!("font-{}", face.slug),
                face.href.clone(),
                media,
                bytes,
            ))
        })
        .collect()
}

/// The layout a subset keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout<'a> {
    /// The features [`FEATURES`] and the glyphs they reach for text in this language (BCP 47), in the
    /// language systems a reading system shapes it with ([`closure`]).
    Features(&'a str),
    /// No layout tables and only the characters' own glyphs (the drawn cover, rasterised by its cmap).
    None,
}

/// `font` subset to the characters of `chars` it has (the others are left to the stack's next face) and
/// the glyphs `layout` reaches from them, as OpenType bytes with a Unicode cmap and the layout tables.
/// Deterministic: the same characters give the same bytes.
///
/// Errors: [`crate::Error::Render`] (format `epub`) naming the face when HarfBuzz cannot read or subset it.
pub(super) fn subset(
    font: FontId,
    chars: impl IntoIterator<Item = char>,
    fonts: &FontSet,
    layout: Layout<'_>,
) -> Result<Vec<u8>> {
    subset_with(font, chars, &[], fonts, layout)
}

/// As [`subset`], keeping the glyphs `extra` (glyph IDs of `font`) besides.
///
/// Errors: as [`subset`].
fn subset_with(
    font: FontId,
    chars: impl IntoIterator<Item = char>,
    extra: &[u16],
    fonts: &FontSet,
    layout: Layout<'_>,
) -> Result<Vec<u8>> {
    let info = fonts.info(font);
    let err = |e: &dyn std::fmt::Display| {
        fail(format!(
            "subsetting {} {} ({}): {e}",
            info.family, info.style, info.source
        ))
    };
    let (data, index) = fonts.data(font);
    let blob = Blob::from_bytes(data).map_err(|e| err(&e))?;
    let face = FontFace::new_with_index(blob, index).map_err(|e| err(&e))?;
    let mut input = SubsetInput::new().map_err(|e| err(&e))?;
    let chars: Vec<char> = chars.into_iter().collect();
    {
        let mut unicodes = input.unicode_set();
        for &c in &chars {
            unicodes.insert(c);
        }
    }
    let features: &[&[u8; 4]] = match layout {
        Layout::Features(_) => &FEATURES,
        Layout::None => &[],
    };
    {
        let mut tags = input.layout_feature_tag_set();
        tags.clear();
        for tag in features {
            tags.insert(Tag::new(*tag));
        }
    }
    // the glyphs the features reach in the book's language systems only, where that can be worked out;
    // else HarfBuzz's closure over every language system
    let reached = match layout {
        Layout::Features(language) => closure::systems(language).and_then(|systems| {
            closure::glyphs(fonts.face(font), chars.iter().copied(), features, &systems)
        }),
        Layout::None => {
            let mut dropped = input.drop_table_tag_set();
            for tag in [b"GSUB", b"GPOS", b"GDEF", b"BASE"] {
                dropped.insert(Tag::new(tag));
            }
            Some(BTreeSet::new())
        }
    };
    {
        let mut set = input.glyph_set();
        for &g in extra {
            set.insert(u32::from(g));
        }
    }
    if let Some(glyphs) = reached {
        {
            let mut set = input.glyph_set();
            for g in glyphs {
                set.insert(u32::from(g));
            }
        }
        input.flags().no_layout_closure();
    }
    let out = input.subset_font(&face).map_err(|e| err(&e))?;
    Ok(out.underlying_blob().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subset_maps_exactly_the_characters_asked_for_and_keeps_layout() {
        let fonts = FontSet::bundled().unwrap();
        let text = "冰城战“疫”纪事，ABC 123。——";
        let bytes = subset(
            FontId::Serif,
            text.chars(),
            &fonts,
            Layout::Features("zh-CN"),
        )
        .unwrap();
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
        let features = |table: Option<ttf_parser::opentype_layout::LayoutTable<'_>>| {
            table
                .map(|t| {
                    t.features
                        .into_iter()
                        .map(|f| String::from_utf8_lossy(&f.tag.to_bytes()).into_owned())
                        .collect::<BTreeSet<_>>()
                })
                .unwrap_or_default()
        };
        let gsub = features(face.tables().gsub);
        let gpos = features(face.tables().gpos);
        for f in ["locl", "fwid", "vert"] {
            assert!(gsub.contains(f), "GSUB {f}: {gsub:?}");
        }
        for f in ["halt", "vhal", "kern", "palt"] {
            assert!(gpos.contains(f), "GPOS {f}: {gpos:?}");
        }
        assert_eq!(
            subset(
                FontId::Serif,
                text.chars(),
                &fonts,
                Layout::Features("zh-CN")
            )
            .unwrap(),
            bytes
        );
    }

    #[test]
    fn families_are_unique_per_weight() {
        let fonts = FontSet::bundled().unwrap();
        let families = css_families(&fonts);
        assert_eq!(families[&FontId::Serif], "Noto Serif CJK SC");
        assert_eq!(families[&FontId::SerifBold], "Noto Serif CJK SC");
        assert_eq!(families[&FontId::SansBold], "Noto Sans CJK SC");
        let e = Embedding::embedded_only(&[FontId::Serif]);
        assert_eq!(
            e.stack(FontId::Serif, Face::Serif, Weight::Regular),
            ["\"Noto Serif CJK SC\""]
        );
        assert_eq!(
            e.stack(FontId::SansBold, Face::Sans, Weight::Bold),
            ["\"Noto Sans CJK SC\""]
        );
    }
}
