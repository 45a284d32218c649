//! What the OpenType lookups rustybuzz applies to a run can do to each glyph of a face ([`Reach`]), found
//! once per face and feature list by reading its GSUB and GPOS (read-fonts) — so that a run of CJK text can be
//! shaped glyph by glyph from a table where no lookup could look at or across its glyphs
//! (`fonts::simple`).
//!
//! The lookups counted are those of every feature rustybuzz 0.20's default shaper turns on for horizontal
//! text (`ot_shape.rs`, `collect_features`), and the requested ones, in every script of the face (its
//! default language system and those of the book's language): a superset of what any one shape plan
//! applies. A lookup counts a glyph when it may read it anywhere but as the one glyph a single
//! substitution or single adjustment changes in place: as the first glyph of a pair, ligature, mark
//! attachment or cursive attachment, as a pair's second glyph (also through class 0 of a pair's second
//! class definition when any of its values is not zero), as a ligature's component. Faces where the
//! analysis would have to follow more — contextual lookups, random alternates, AAT tables, a `kern` table,
//! feature variations, variable outlines, a 32-bit lookup list — get no reach (`None`): they are shaped
//! wholly by rustybuzz.

use std::collections::HashMap;

use read_fonts::tables::gpos::{
    CursivePos, MarkBasePos, MarkLigPos, MarkMarkPos, PairPos, PositionSubtables, SinglePos,
};
use read_fonts::tables::gsub::{
    AlternateSubst, LigatureSubst, MultipleSubst, SingleSubst, SubstitutionSubtables,
};
use read_fonts::tables::layout::{CoverageTable, FeatureList, ScriptList};
use read_fonts::types::{GlyphId, Tag};
use read_fonts::{FontRef, TableProvider};

/// Features rustybuzz's default shaper applies to every glyph of a left-to-right horizontal run.
const GLOBAL: [&[u8; 4]; 23] = [
    b"rvrn", b"ltra", b"ltrm", b"rand", b"trak", b"Harf", b"HARF", b"Buzz", b"BUZZ", b"abvm",
    b"blwm", b"ccmp", b"locl", b"mark", b"mkmk", b"rlig", b"calt", b"clig", b"curs", b"dist",
    b"kern", b"liga", b"rclt",
];

/// Features it applies only to the digits around a fraction slash: their lookups count every glyph they
/// cover as read (whether one applies depends on the neighbours).
const FRACTION: [&[u8; 4]; 3] = [b"frac", b"numr", b"dnom"];

/// Tables whose presence makes rustybuzz shape by rules this analysis does not follow.
const UNFOLLOWED: [&[u8; 4]; 5] = [b"morx", b"mort", b"kerx", b"kern", b"trak"];

/// What the enabled lookups of one face can do to each glyph.
#[derive(Debug)]
pub(crate) struct Reach {
    /// A bit per glyph: some lookup may read the glyph beside others (or change it only in context).
    read: Vec<u64>,
    /// Single substitutions: glyph → the glyphs it may become (in place, whatever its neighbours).
    single: HashMap<u16, Vec<u16>>,
    /// A bit per glyph: some single adjustment moves it (in place, whatever its neighbours).
    moved: Vec<u64>,
    /// The lookup flags of every enabled lookup, or-ed: which glyph classes some lookup skips.
    flags: u16,
}

impl Reach {
    /// Whether some lookup may read `glyph` beside other glyphs (so a run may not be cut beside it).
    pub(crate) fn read(&self, glyph: u16) -> bool {
        bit(&self.read, glyph)
    }

    /// The glyphs a single substitution may turn `glyph` into.
    pub(crate) fn substitutes(&self, glyph: u16) -> &[u16] {
        self.single.get(&glyph).map_or(&[], Vec::as_slice)
    }

    /// Whether some lookup changes `glyph` in place (substitutes or moves it).
    pub(crate) fn changed(&self, glyph: u16) -> bool {
        self.single.contains_key(&glyph) || bit(&self.moved, glyph)
    }

    /// Whether some lookup skips base glyphs (lookup flag `IgnoreBaseGlyphs`).
    pub(crate) fn skips_bases(&self) -> bool {
        self.flags & 0x0002 != 0
    }
}

fn bit(set: &[u64], glyph: u16) -> bool {
    set.get(usize::from(glyph) / 64)
        .is_some_and(|w| w >> (glyph % 64) & 1 == 1)
}

fn set_bit(set: &mut [u64], glyph: GlyphId) {
    if let Ok(g) = u16::try_from(glyph.to_u32())
        && let Some(w) = set.get_mut(usize::from(g) / 64)
    {
        *w |= 1 << (g % 64);
    }
}

/// The reach of the lookups of face `index` of `data` under the default features and `features` (tags of
/// globally enabled features), in the default language system and those tagged `languages` of every
/// script; `None` for a face this analysis does not follow (see the module documentation).
pub(crate) fn reach(
    data: &[u8],
    index: u32,
    features: &[[u8; 4]],
    languages: &[[u8; 4]],
) -> Option<Reach> {
    let font = FontRef::from_index(data, index).ok()?;
    if UNFOLLOWED
        .iter()
        .any(|t| font.table_data(Tag::new(t)).is_some())
    {
        return None;
    }
    if font.table_data(Tag::new(b"fvar")).is_some() {
        return None;
    }
    let glyphs = usize::from(font.maxp().ok()?.num_glyphs());
    let mut reach = Reach {
        read: vec![0; glyphs.div_ceil(64)],
        single: HashMap::new(),
        moved: vec![0; glyphs.div_ceil(64)],
        flags: 0,
    };
    let wanted = |tag: Tag| -> Option<bool> {
        let t = tag.to_be_bytes();
        if GLOBAL.iter().any(|g| **g == t) || features.contains(&t) {
            Some(true)
        } else if FRACTION.iter().any(|g| **g == t) {
            Some(false)
        } else {
            None
        }
    };
    if let Ok(gsub) = font.gsub() {
        if gsub.version().minor > 1
            || gsub.version().major != 1
            || gsub.feature_variations().is_some()
        {
            return None;
        }
        let lookups = enabled(
            &gsub.script_list().ok()?,
            &gsub.feature_list().ok()?,
            &wanted,
            languages,
        )?;
        let list = gsub.lookup_list().ok()?;
        for (i, global) in lookups {
            let lookup = list.lookups().get(usize::from(i)).ok()?;
            reach.flags |= lookup.lookup_flag().to_bits();
            substitution(lookup.subtables().ok()?, global, &mut reach)?;
        }
    }
    if let Ok(gpos) = font.gpos() {
        if gpos.version().minor > 1
            || gpos.version().major != 1
            || gpos.feature_variations().is_some()
        {
            return None;
        }
        let lookups = enabled(
            &gpos.script_list().ok()?,
            &gpos.feature_list().ok()?,
            &wanted,
            languages,
        )?;
        let list = gpos.lookup_list().ok()?;
        for (i, global) in lookups {
            let lookup = list.lookups().get(usize::from(i)).ok()?;
            reach.flags |= lookup.lookup_flag().to_bits();
            positioning(lookup.subtables().ok()?, global, &mut reach)?;
        }
    }
    Some(reach)
}

/// The lookups (index, whether their feature is global) of the features `wanted` accepts in the default
/// language system and the `languages` ones of every script, with each language system's required
/// feature; `None` when the features include random alternates.
fn enabled(
    scripts: &ScriptList<'_>,
    features: &FeatureList<'_>,
    wanted: &dyn Fn(Tag) -> Option<bool>,
    languages: &[[u8; 4]],
) -> Option<Vec<(u16, bool)>> {
    let mut out: Vec<(u16, bool)> = Vec::new();
    let mut add = |index: u16, required: bool| -> Option<()> {
        let feature = features.get(index).ok()?;
        let global = if required {
            Some(true)
        } else {
            wanted(feature.tag)
        };
        if let Some(global) = global {
            if feature.tag == Tag::new(b"rand") && !feature.lookup_list_indices().is_empty() {
                return None;
            }
            out.extend(
                feature
                    .lookup_list_indices()
                    .iter()
                    .map(|l| (l.get(), global)),
            );
        }
        Some(())
    };
    for s in 0..scripts.script_count() {
        let script = scripts.get(s).ok()?;
        let mut systems = Vec::new();
        if let Some(default) = script.default_lang_sys() {
            systems.push(default.ok()?);
        }
        for (l, record) in script.lang_sys_records().iter().enumerate() {
            if languages.contains(&record.lang_sys_tag().to_be_bytes()) {
                systems.push(script.lang_sys(l as u16).ok()?.element);
            }
        }
        for system in systems {
            if system.required_feature_index() != 0xFFFF {
                add(system.required_feature_index(), true)?;
            }
            for f in system.feature_indices() {
                add(f.get(), false)?;
            }
        }
    }
    // a lookup of a global feature and of a fraction feature counts as the latter
    out.sort_unstable_by_key(|&(l, global)| (l, global));
    out.dedup_by_key(|(l, _)| *l);
    Some(out)
}

/// The subtable of a format-1 kind (the 16-bit formats rustybuzz reads); any other format returns `None`
/// from the enclosing function.
macro_rules! format1 {
    ($e:expr, $kind:ident) => {
        match $e {
            $kind::Format1(f) => f,
            _ => return None,
        }
    };
}

fn cover(coverage: &CoverageTable<'_>, set: &mut [u64]) {
    for g in coverage.iter() {
        set_bit(set, g);
    }
}

/// Records what the subtables of one GSUB lookup do; `None` for a kind not followed.
fn substitution(
    subtables: SubstitutionSubtables<'_>,
    global: bool,
    reach: &mut Reach,
) -> Option<()> {
    match subtables {
        SubstitutionSubtables::Single(s) => {
            for t in s.iter() {
                let t = t.ok()?;
                let coverage = match &t {
                    SingleSubst::Format1(f) => f.coverage().ok()?,
                    SingleSubst::Format2(f) => f.coverage().ok()?,
                    _ => return None,
                };
                if !global {
                    cover(&coverage, &mut reach.read);
                    continue;
                }
                let pairs: Vec<(u32, u32)> = match &t {
                    SingleSubst::Format1(f) => {
                        let delta = i32::from(f.delta_glyph_id());
                        coverage
                            .iter()
                            .map(|g| (g.to_u32(), (g.to_u32() as i32 + delta) as u32 & 0xFFFF))
                            .collect()
                    }
                    SingleSubst::Format2(f) => coverage
                        .iter()
                        .zip(f.substitute_glyph_ids())
                        .map(|(g, s)| (g.to_u32(), u32::from(s.get().to_u16())))
                        .collect(),
                    _ => return None,
                };
                for (from, to) in pairs {
                    let from = u16::try_from(from).ok()?;
                    reach.single.entry(from).or_default().push(to as u16);
                }
            }
        }
        SubstitutionSubtables::Multiple(s) => {
            for t in s.iter() {
                let t = format1!(t.ok()?, MultipleSubst);
                cover(&t.coverage().ok()?, &mut reach.read);
            }
        }
        SubstitutionSubtables::Alternate(s) => {
            for t in s.iter() {
                let t = format1!(t.ok()?, AlternateSubst);
                cover(&t.coverage().ok()?, &mut reach.read);
            }
        }
        SubstitutionSubtables::Ligature(s) => {
            for t in s.iter() {
                let t = format1!(t.ok()?, LigatureSubst);
                cover(&t.coverage().ok()?, &mut reach.read);
                for set in t.ligature_sets().iter() {
                    for ligature in set.ok()?.ligatures().iter() {
                        for c in ligature.ok()?.component_glyph_ids() {
                            set_bit(&mut reach.read, c.get().into());
                        }
                    }
                }
            }
        }
        SubstitutionSubtables::EmptyExtension => {}
        _ => return None,
    }
    Some(())
}

/// Records what the subtables of one GPOS lookup do; `None` for a kind not followed.
fn positioning(subtables: PositionSubtables<'_>, global: bool, reach: &mut Reach) -> Option<()> {
    let read = &mut reach.read;
    match subtables {
        PositionSubtables::Single(s) => {
            for t in s.iter() {
                let coverage = match t.ok()? {
                    SinglePos::Format1(f) => f.coverage().ok()?,
                    SinglePos::Format2(f) => f.coverage().ok()?,
                    _ => return None,
                };
                cover(&coverage, if global { &mut reach.moved } else { read });
            }
        }
        PositionSubtables::Pair(s) => {
            for t in s.iter() {
                pair(&t.ok()?, read)?;
            }
        }
        PositionSubtables::Cursive(s) => {
            for t in s.iter() {
                cover(&format1!(t.ok()?, CursivePos).coverage().ok()?, read);
            }
        }
        PositionSubtables::MarkToBase(s) => {
            for t in s.iter() {
                let t = format1!(t.ok()?, MarkBasePos);
                cover(&t.mark_coverage().ok()?, read);
                cover(&t.base_coverage().ok()?, read);
            }
        }
        PositionSubtables::MarkToLig(s) => {
            for t in s.iter() {
                let t = format1!(t.ok()?, MarkLigPos);
                cover(&t.mark_coverage().ok()?, read);
                cover(&t.ligature_coverage().ok()?, read);
            }
        }
        PositionSubtables::MarkToMark(s) => {
            for t in s.iter() {
                let t = format1!(t.ok()?, MarkMarkPos);
                cover(&t.mark1_coverage().ok()?, read);
                cover(&t.mark2_coverage().ok()?, read);
            }
        }
        PositionSubtables::EmptyExtension => {}
        _ => return None,
    }
    Some(())
}

/// Records the glyphs a pair adjustment reads: both glyphs of every pair; `None` when class 0 of the
/// second glyph's class definition (every glyph it does not list) has a value that is not zero.
fn pair(t: &PairPos<'_>, read: &mut [u64]) -> Option<()> {
    match t {
        PairPos::Format1(f) => {
            cover(&f.coverage().ok()?, read);
            for set in f.pair_sets().iter() {
                for record in set.ok()?.pair_value_records().iter() {
                    set_bit(read, record.ok()?.second_glyph().into());
                }
            }
        }
        PairPos::Format2(f) => {
            cover(&f.coverage().ok()?, read);
            for class in [f.class_def1().ok()?, f.class_def2().ok()?] {
                for (g, _) in class.iter() {
                    set_bit(read, g);
                }
            }
            for record in f.class1_records().iter() {
                let record = record.ok()?;
                let zero = record.class2_records().get(0).ok()?;
                for v in [zero.value_record1(), zero.value_record2()] {
                    let moves = [
                        v.x_placement(),
                        v.y_placement(),
                        v.x_advance(),
                        v.y_advance(),
                    ]
                    .into_iter()
                    .any(|d| d.is_some_and(|d| d != 0));
                    let devices = v.x_placement_device().is_some()
                        || v.y_placement_device().is_some()
                        || v.x_advance_device().is_some()
                        || v.y_advance_device().is_some();
                    if moves || devices {
                        return None;
                    }
                }
            }
        }
        _ => return None,
    }
    Some(())
}
