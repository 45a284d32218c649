//! Shaping with rustybuzz ([`FontSet::shape`]: a shape plan cached per face, script and features) and
//! glyph by glyph from a per-face table where no lookup can tell the difference ([`FontSet::simple`],
//! [`SimpleRun`]; why that gives rustybuzz's result is in `fonts::simple`).

use std::sync::Arc;

use rustybuzz::ttf_parser::{GlyphId, gdef::GlyphClass};

use super::kind::FontId;
use super::set::{FontSet, ShapedGlyph};
use super::simple::{Analysis, Entry, RunScript, Simple, plain};

impl FontSet {
    /// Shapes `text` (one script run) with `id` at `size` pt, left to right, in the set's language (zh-Hans
    /// forms, or zh-Hant for a Traditional Chinese book).
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
        self.shape_in(id, text, size, features, None)
    }

    /// [`FontSet::shape`] with the run's script set to `script` (`None`: guessed from `text`, as
    /// rustybuzz does) — for a piece of a run, which must be shaped in the whole run's script.
    pub(crate) fn shape_in(
        &self,
        id: FontId,
        text: &str,
        size: f32,
        features: &[rustybuzz::Feature],
        script: Option<rustybuzz::Script>,
    ) -> Vec<ShapedGlyph> {
        let scale = size / self.face(id).units_per_em() as f32;
        let out = self.shape_units(id, text, features, script);
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

    /// rustybuzz's output for `text` in face units.
    fn shape_units(
        &self,
        id: FontId,
        text: &str,
        features: &[rustybuzz::Feature],
        script: Option<rustybuzz::Script>,
    ) -> rustybuzz::GlyphBuffer {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        buffer.set_language(self.language.clone());
        if let Some(script) = script {
            buffer.set_script(script);
        }
        buffer.guess_segment_properties();
        let plan = self.plan(id, buffer.script(), features);
        rustybuzz::shape_with_plan(self.face(id), &plan, buffer)
    }

    /// The shape plan for a left-to-right run of `script` in face `id` with `features`, built on first use.
    fn plan(
        &self,
        id: FontId,
        script: rustybuzz::Script,
        features: &[rustybuzz::Feature],
    ) -> Arc<rustybuzz::ShapePlan> {
        let tags = features
            .iter()
            .map(|f| (f.tag.as_u32(), f.value, f.start, f.end));
        let key = (id, script, tags.collect());
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        let plan = plans.entry(key).or_insert_with(|| {
            Arc::new(rustybuzz::ShapePlan::new(
                self.face(id),
                rustybuzz::Direction::LeftToRight,
                Some(script),
                Some(&self.language),
                features,
            ))
        });
        Arc::clone(plan)
    }

    /// Glyph-by-glyph shaping of a run of `script` in face `id` with `features` (none, or `fwid` alone,
    /// global), or `None` where the face's lookups are not analysed (`fonts::reach`) or the features are
    /// others.
    pub(crate) fn simple<'s>(
        &'s self,
        id: FontId,
        features: &'s [rustybuzz::Feature],
        script: RunScript,
    ) -> Option<SimpleRun<'s>> {
        let which = match features {
            [] => 0,
            [f] if f.tag.to_bytes() == *b"fwid"
                && f.value == 1
                && (f.start, f.end) == (0, u32::MAX) =>
            {
                1
            }
            _ => return None,
        };
        let slot = self.slot(id);
        let analysis = slot.simple.analysis[which]
            .get_or_init(|| {
                let (data, index) = self.data(id);
                let tags: &[[u8; 4]] = if which == 1 { &[*b"fwid"] } else { &[] };
                Analysis::of(data, index, self.face(id), tags, self.ot_languages)
            })
            .as_ref()?;
        let table = slot.simple.tables[which][script.index()].get_or_init(Simple::new);
        Some(SimpleRun {
            fonts: self,
            id,
            units_per_em: self.face(id).units_per_em(),
            features,
            script,
            analysis,
            table,
        })
    }
}

/// A run of one face, features and script shaped glyph by glyph where it can be (see `fonts::simple`).
pub(crate) struct SimpleRun<'s> {
    fonts: &'s FontSet,
    id: FontId,
    /// The face's units per em.
    units_per_em: i32,
    features: &'s [rustybuzz::Feature],
    script: RunScript,
    analysis: &'s Analysis,
    table: &'s Simple,
}

impl SimpleRun<'_> {
    /// What `c` is in this run's face, features and script.
    #[inline]
    pub(crate) fn entry(&self, c: char) -> Entry {
        self.table.entry(c, |c| self.make(c))
    }

    /// Points per font unit at `size` pt: a glyph's advance in font units times this is its advance as
    /// [`FontSet::shape`] gives it (the glyph alone, at the pen: no offset).
    pub(crate) fn scale(&self, size: f32) -> f32 {
        size / self.units_per_em as f32
    }

    /// A piece of the run shaped by rustybuzz, in the run's script.
    pub(crate) fn shape(&self, text: &str, size: f32) -> Vec<ShapedGlyph> {
        let script = self.script.buffer_script();
        self.fonts
            .shape_in(self.id, text, size, self.features, script)
    }

    fn make(&self, c: char) -> Entry {
        if !plain(c) {
            return Entry::Joined;
        }
        let face = self.fonts.face(self.id);
        let Some(g0) = nominal(face, self.analysis.cmap, c) else {
            return Entry::Plain;
        };
        let reach = &self.analysis.reach;
        let (mut free, mut changed) = (true, false);
        let mut todo = vec![g0];
        let mut seen: Vec<u16> = Vec::new();
        while let Some(g) = todo.pop() {
            if seen.contains(&g) {
                continue;
            }
            seen.push(g);
            free &= !reach.read(g) && unskipped(face, g, reach.skips_bases());
            changed |= reach.changed(g);
            todo.extend_from_slice(reach.substitutes(g));
        }
        let alone = if changed {
            let mut text = [0; 4];
            let out = self.fonts.shape_units(
                self.id,
                c.encode_utf8(&mut text),
                self.features,
                self.script.buffer_script(),
            );
            match (out.glyph_infos(), out.glyph_positions()) {
                ([info], [pos]) if info.cluster == 0 && pos.x_offset == 0 => {
                    Some((info.glyph_id as u16, pos.x_advance))
                }
                _ => None,
            }
        } else {
            Some((g0, advance(face, g0)))
        };
        match alone {
            Some((g, a)) if free => Entry::Free(g, a),
            Some((g, a)) => Entry::Alone(g, a),
            None => Entry::Plain,
        }
    }
}

/// The glyph of `c` in cmap subtable `cmap` (the one rustybuzz reads).
fn nominal(face: &rustybuzz::Face<'_>, cmap: u16, c: char) -> Option<u16> {
    let subtable = face.tables().cmap?.subtables.get(cmap)?;
    subtable.glyph_index(c as u32).map(|g| g.0)
}

/// The advance rustybuzz gives `glyph` before positioning (face units): its `hmtx` advance, or the em
/// without `hmtx`.
fn advance(face: &rustybuzz::Face<'_>, glyph: u16) -> i32 {
    if face.tables().hmtx.is_some() {
        face.glyph_hor_advance(GlyphId(glyph)).unwrap_or(0) as u32 as i32
    } else {
        face.units_per_em()
    }
}

/// Whether no lookup skips `glyph`: its GDEF class is none, or base when no lookup skips bases (without
/// GDEF classes rustybuzz takes every glyph that is no mark for a base).
fn unskipped(face: &rustybuzz::Face<'_>, glyph: u16, skips_bases: bool) -> bool {
    match face.tables().gdef {
        Some(gdef) if gdef.has_glyph_classes() => match gdef.glyph_class(GlyphId(glyph)) {
            None => true,
            Some(GlyphClass::Base) => !skips_bases,
            Some(_) => false,
        },
        _ => !skips_bases,
    }
}
