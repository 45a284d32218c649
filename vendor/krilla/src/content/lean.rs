//! huozi's addition (vendor/krilla/HUOZI.md): glyph runs drawn into one text object that stays open
//! between runs, instead of each run wrapped in `q … cm … g BT … Tr … Tf … Tm … TJ ET Q`.
//!
//! A caller opens the text object with [`ContentBuilder::begin_text`]; while it is open, a run drawn with
//! a solid opaque fill, no stroke, no transform and no graphics-state parameters of its own is written
//! into it: its colour only when it differs from the last one set in the object, its font and size
//! (`Tf`) only when they change, its start as a `Td` from the previous line's start (both rounded to
//! 1/1000 pt, in the page's own space, so no `cm` is needed), and its glyphs' adjustments (`TJ`) rounded
//! to 1/10 of a thousandth of an em, each glyph placed within 1/20 of a unit of where it belongs (no
//! error carried from glyph to glyph). Marked content may begin and end inside the object (ISO 32000-1
//! §14.6 and Figure 9; each pair properly nested): a text object begun inside a marked-content sequence
//! ends before its `EMC`; any other drawing ends the object first.

use float_cmp::approx_eq;
use pdf_writer::{Decimal, Finish, LiteralStr};

use super::ContentBuilder;
use crate::chunk_container::ChunkContainer;
use crate::color::rgb;
use crate::configure::ValidationError;
use crate::geom::{Point, Rect, Transform};
use crate::graphics::paint::{Fill, InnerPaint};
use crate::num::NormalizedF32;
use crate::serialize::SerializeContext;
use crate::text::type3::ColoredGlyph;
use crate::text::{Font, Glyph};
use crate::text::{FontIdentifier, PdfFont, PDF_UNITS_PER_EM};
use crate::text::{GlyphId, PDFGlyph};

/// A text object left open between glyph runs.
pub(crate) struct OpenText {
    /// Whether it was begun inside the marked-content sequence open then (it ends before that `EMC`).
    inside_marked: bool,
    /// The fill last set in it.
    fill: Option<Fill>,
    /// The font and size last set in it (`Tf`).
    font: Option<(FontIdentifier, f32)>,
    /// The start of the last line (`Td`), in thousandths of a point, in the page's space.
    line: (i64, i64),
    /// The character spacing last set in it (`Tc`), pt: 0 until a spread run sets it, and set to 0
    /// again before the object ends (`Tc` is part of the graphics state, which `ET` does not restore).
    spacing: f32,
}

/// `value` (pt) in thousandths of a point.
fn milli(value: f32) -> i64 {
    let t = f64::from(value) * 1000.0;
    (t + if t < 0.0 { -0.5 } else { 0.5 }) as i64
}

/// A difference of thousandths of a point, as a PDF real of points (written from the integer, as the
/// `f32` nearest it would be written).
fn points(milli: i64) -> Decimal {
    Decimal {
        units: milli,
        places: 3,
    }
}

impl ContentBuilder {
    /// Begins a text object unless one is open.
    pub(crate) fn begin_text(&mut self) {
        if self.text.is_none() {
            self.content.begin_text();
            self.text = Some(OpenText {
                inside_marked: self.active_marked_content,
                fill: None,
                font: None,
                line: (0, 0),
                spacing: 0.0,
            });
        }
    }

    /// Ends the open text object, if any.
    ///
    /// # Panics
    /// Panics when the object was begun before the marked-content sequence open now (ending it here
    /// would break the nesting of `BT`/`ET` and `BDC`/`EMC`).
    pub(crate) fn end_text(&mut self) {
        if let Some(text) = self.text.as_ref() {
            assert!(
                text.inside_marked || !self.active_marked_content,
                "a text object begun before a marked-content sequence must not end inside it"
            );
            self.lean_spacing(0.0);
            self.text = None;
            self.content.end_text();
        }
    }

    /// Ends the open text object before the marked-content sequence it was begun in ends.
    pub(crate) fn end_text_before_marked_end(&mut self) {
        if self.text.as_ref().is_some_and(|t| t.inside_marked) {
            self.lean_spacing(0.0);
            self.text = None;
            self.content.end_text();
        }
    }

    /// The start of a run at `start` in the page's space, when a run filled with `fill` and not stroked
    /// can be drawn into the open text object.
    fn lean_start(&self, start: Point, fill: Option<&Fill>, stroked: bool) -> Option<(f32, f32)> {
        self.text.as_ref()?;
        let fill = fill?;
        let root = self.root_transform;
        let plain = !stroked
            && !self.bbox_important
            && matches!(fill.paint.0, InnerPaint::Color(_))
            && fill.opacity == NormalizedF32::ONE
            && self.cur_transform() == Transform::identity()
            && self.graphics_states.cur().ext_g_state().empty()
            && (root.sx(), root.kx(), root.ky(), root.sy()) == (1.0, 0.0, 0.0, -1.0);
        plain.then(|| (start.x + root.tx(), root.ty() - start.y))
    }

    /// Draws a run into the open text object when it can (see [`ContentBuilder::lean_start`]); `false`
    /// when it cannot and was not drawn.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn draw_glyphs_lean(
        &mut self,
        start: Point,
        sc: &mut SerializeContext,
        chunk_container: &mut ChunkContainer,
        (fill, stroked): (Option<&Fill>, bool),
        context_color: rgb::Color,
        glyphs: &[impl Glyph],
        font: Font,
        text: &str,
        font_size: f32,
    ) -> bool {
        let Some((x, y)) = self.lean_start(start, fill, stroked) else {
            return false;
        };
        let fill = fill.expect("a lean run is filled");
        if glyphs.is_empty() {
            return true;
        }
        let open = self.text.as_mut().expect("a text object is open");
        if open.fill.as_ref() != Some(fill) {
            open.fill = Some(fill.clone());
            let bbox = Rect::from_xywh(0.0, 0.0, 1.0, 1.0).unwrap();
            self.content_set_fill_properties(bbox, fill, sc, chunk_container);
        }
        // the run's y axis points down the page; the page's space up, as in the text object
        let reversed = glyphs.len() > 1
            && (glyphs.windows(2)).all(|w| w[0].text_range().start >= w[1].text_range().end);
        if !reversed
            && self.lean_cid_run((x, -y), sc, glyphs, &font, text, font_size, context_color)
        {
            return true;
        }
        self.show_glyph_run(
            x,
            -y,
            sc,
            pdf_writer::types::TextRenderingMode::Fill,
            glyphs,
            font,
            context_color,
            text,
            font_size,
        );
        true
    }

    /// Sets the font and places a group of glyphs at (`x`, `-y`) (page space) in the open text object.
    pub(super) fn lean_place(
        &mut self,
        sc: &mut SerializeContext,
        (x, y): (f32, f32),
        font_identifier: FontIdentifier,
        size: f32,
    ) {
        let open = self.text.as_mut().expect("a text object is open");
        let font = Some((font_identifier.clone(), size));
        if open.font != font {
            open.font = font;
            // huozi: a font set before in this stream by the name it was registered under then (the
            // registrations give the same name again)
            let known = self.lean_fonts.iter().position(|(id, _)| *id == font_identifier);
            let i = known.unwrap_or_else(|| {
                let font_name = self
                    .rd_builder
                    .register_resource(sc.register_font_identifier(font_identifier.clone()));
                self.lean_fonts.push((font_identifier, font_name));
                self.lean_fonts.len() - 1
            });
            self.content
                .set_font(crate::util::NameExt::to_pdf_name(&self.lean_fonts[i].1), size);
        }
        let open = self.text.as_mut().expect("a text object is open");
        let line = (milli(x), milli(-y));
        // `Td` as `Content::next_line` writes it, its operands from their thousandths
        self.content
            .op("Td")
            .operands([points(line.0 - open.line.0), points(line.1 - open.line.1)]);
        open.line = line;
    }

    /// Shows `glyphs` in the open text object: each glyph's adjustment rounded to 1/10 of a thousandth of
    /// an em so that it starts within 1/20 of a unit of where its advances put it.
    pub(super) fn lean_show(
        &mut self,
        cur_x: &mut f32,
        pdf_font: &dyn PdfFont,
        size: f32,
        context_color: rgb::Color,
        glyphs: &[impl Glyph],
    ) {
        // huozi: this path places every glyph by its own adjustment, with no character spacing
        self.lean_spacing(0.0);
        self.scratch.clear();
        let encoded = &mut self.scratch;
        let mut positioned = self.content.show_positioned();
        let mut items = positioned.items();
        let font = pdf_font.font();
        let font_units_per_em = f64::from(font.units_per_em());
        let k = f64::from(PDF_UNITS_PER_EM);
        // where the glyphs belong and where the text matrix has them, in thousandths of an em
        let (mut ideal, mut actual) = (0.0f64, 0.0f64);
        for glyph in glyphs {
            let pdf_glyph = pdf_font
                .get_gid(ColoredGlyph::new(glyph.glyph_id(), context_color))
                .unwrap();
            let x_offset = f64::from(glyph.x_offset(1.0)) * k;
            let x_advance = f64::from(glyph.x_advance(1.0)) * k;
            let shift = tenths(ideal + x_offset - actual);
            if shift != 0 {
                if !encoded.is_empty() {
                    // huozi: the glyph codes as a literal string (vendor/krilla/HUOZI.md)
                    items.item(LiteralStr(encoded));
                    encoded.clear();
                }
                match shift.checked_neg() {
                    Some(units) => items.item(Decimal { units, places: 1 }),
                    None => items.adjust(-((shift as f64 / 10.0) as f32)),
                };
                actual += shift as f64 / 10.0;
            }
            pdf_glyph.encode_into(encoded);
            actual += font
                .advance_width(glyph.glyph_id())
                .map_or(x_advance, |n| f64::from(n) / font_units_per_em * k);
            ideal += x_advance;
            *cur_x += glyph.x_advance(size);
        }
        if !encoded.is_empty() {
            // huozi: the glyph codes as a literal string (vendor/krilla/HUOZI.md)
            items.item(LiteralStr(encoded));
        }
        items.finish();
        positioned.finish();
    }

    /// Draws a run of `glyphs` of `font` from (`x`, `-y`) (page space) when every glyph is a CID glyph
    /// at the baseline, each its own cluster, and none already mapped to other text: what krilla's
    /// spanner, grouper and encoder would write (the same `ToUnicode` entries, validation errors and
    /// CIDs), with each glyph's font, CID and width looked up once. `false` when the run is not such a
    /// run; the look-ups made by then are those the general path makes first, in the same order.
    #[allow(clippy::too_many_arguments)]
    fn lean_cid_run(
        &mut self,
        (x, y): (f32, f32),
        sc: &mut SerializeContext,
        glyphs: &[impl Glyph],
        font: &Font,
        text: &str,
        size: f32,
        context_color: rgb::Color,
    ) -> bool {
        let container = sc.register_font_container(font.clone());
        let mut container = container.borrow_mut();
        let mut cids = std::mem::take(&mut self.lean_cids);
        cids.clear();
        // huozi: whether a glyph is `.notdef`, noted here so that the glyphs are walked again for the
        // validation errors only when one is
        let mut notdef = false;
        for (i, glyph) in glyphs.iter().enumerate() {
            let range = glyph.text_range();
            // huozi: the baseline test made here, glyph by glyph, instead of in a walk of its own: a
            // glyph off it stops the run where a glyph sharing its cluster does
            if glyph.y_offset(1.0) != 0.0
                || glyph.y_advance(1.0) != 0.0
                || glyphs.get(i + 1).is_some_and(|n| n.text_range() == range)
            {
                self.lean_cids = cids;
                return false;
            }
            let gid = glyph.glyph_id().to_u32();
            notdef |= gid == 0;
            let cid = match container.lean_cid(gid) {
                Some(cid) => cid,
                None => {
                    let (_, pdf_glyph) =
                        container.add_glyph(ColoredGlyph::new(glyph.glyph_id(), context_color));
                    let PDFGlyph::Cid(cid) = pdf_glyph else {
                        self.lean_cids = cids;
                        return false;
                    };
                    container.note_cid(gid, cid);
                    cid
                }
            };
            // huozi: the cluster's bytes compared with the character's noted (no decoding)
            let bytes = text.as_bytes().get(range.clone()).unwrap_or_default();
            if container.lean_text_is(cid, bytes) {
                cids.push(cid);
                continue;
            }
            let cluster = &text[range];
            let mut chars = cluster.chars();
            let one = (chars.next()).filter(|c| *c != '\0' && chars.next().is_none());
            let cid_font = container.cid_font_concrete_mut();
            match cid_font.get_codepoints(cid) {
                Some(mapped) if mapped != cluster => {
                    self.lean_cids = cids;
                    return false;
                }
                Some(_) => {}
                None => cid_font.set_codepoints(cid, cluster.to_string(), glyph.location()),
            }
            if let Some(c) = one {
                container.note_char(cid, c);
            }
            cids.push(cid);
        }
        let cid_font = container.cid_font_concrete_mut();
        self.lean_place(sc, (x, y), cid_font.identifier(), size);
        let pdf_font = cid_font.font();
        let last_resort = pdf_font.postscript_name() == Some("LastResort");
        for glyph in glyphs {
            if !(notdef || last_resort) {
                break;
            }
            if glyph.glyph_id() == GlyphId::new(0) || last_resort {
                sc.register_validation_error(ValidationError::ContainsNotDefGlyph(
                    pdf_font.clone(),
                    glyph.location(),
                    text[glyph.text_range()].to_string(),
                ));
            }
        }
        let scale = f64::from(PDF_UNITS_PER_EM) / f64::from(pdf_font.units_per_em());
        self.scratch.clear();
        if let ([cid], [glyph]) = (&cids[..], glyphs) {
            if approx_eq!(f32, glyph.x_offset(1.0), 0.0, epsilon = 0.001) {
                PDFGlyph::Cid(*cid).encode_into(&mut self.scratch);
                // huozi: the glyph codes as a literal string (vendor/krilla/HUOZI.md)
                self.content.op("Tj").operand(LiteralStr(&self.scratch));
                self.lean_cids = cids;
                return true;
            }
        }
        let k = f64::from(PDF_UNITS_PER_EM);
        // huozi: each glyph's advance and width in thousandths of an em, and the spreading most of them
        // share, set once as the character spacing
        let mut metrics = std::mem::take(&mut self.lean_metrics);
        metrics.clear();
        metrics.extend((glyphs.iter().zip(&cids)).map(|(glyph, &cid)| {
            let advance = f64::from(glyph.x_advance(1.0)) * k;
            (advance, f64::from(cid_font.cid_width(cid)) * scale)
        }));
        let spacing = even_spacing(&metrics).map_or(0.0, |t| spacing_pt(t, size));
        self.lean_spacing(spacing);
        // the spacing each glyph is given, in thousandths of an em, as a reader computes it
        let tc = f64::from(spacing) * k / f64::from(size);
        let encoded = &mut self.scratch;
        let mut positioned = self.content.show_positioned();
        let mut items = positioned.items();
        let (mut ideal, mut actual) = (0.0f64, 0.0f64);
        for ((glyph, &cid), &(advance, width)) in glyphs.iter().zip(&cids).zip(&metrics) {
            let x_offset = f64::from(glyph.x_offset(1.0)) * k;
            let shift = tenths(ideal + x_offset - actual);
            if shift != 0 {
                if !encoded.is_empty() {
                    // huozi: the glyph codes as a literal string (vendor/krilla/HUOZI.md)
                    items.item(LiteralStr(encoded));
                    encoded.clear();
                }
                match shift.checked_neg() {
                    Some(units) => items.item(Decimal { units, places: 1 }),
                    None => items.adjust(-((shift as f64 / 10.0) as f32)),
                };
                actual += shift as f64 / 10.0;
            }
            encoded.extend_from_slice(&cid.to_be_bytes()); // huozi: as `encode_into` writes a CID
            actual += width + tc;
            ideal += advance;
        }
        if !encoded.is_empty() {
            // huozi: the glyph codes as a literal string (vendor/krilla/HUOZI.md)
            items.item(LiteralStr(encoded));
        }
        items.finish();
        positioned.finish();
        self.lean_cids = cids;
        self.lean_metrics = metrics;
        true
    }
}

/// The fewest glyphs spread alike for a run to set its spreading as the character spacing (`Tc`)
/// rather than as one adjustment per glyph.
const EVEN_GLYPHS: usize = 3;

/// The spreading, in thousandths of an em, of the middle, the first or the next-to-last glyph of a run
/// (tried in that order; its advance less its width, both in thousandths of an em, in `metrics`), when
/// more than half of the glyphs but the last and at least [`EVEN_GLYPHS`] share it (alike to a tenth of
/// a unit) and it is not 0: a justified line's even spreading (clreq §3.6.4) or compression, which
/// nearly every glyph of such a line has. `None` otherwise. The last glyph's advance places nothing in
/// the run.
fn even_spacing(metrics: &[(f64, f64)]) -> Option<f64> {
    let gaps = metrics.len().saturating_sub(1);
    if gaps < EVEN_GLYPHS {
        return None;
    }
    [gaps / 2, 0, gaps - 1].into_iter().find_map(|i| {
        let (advance, width) = metrics[i];
        let spread = advance - width;
        let candidate = tenths(spread);
        if candidate == 0 {
            return None;
        }
        let count = (metrics[..gaps].iter())
            .filter(|&&(advance, width)| tenths(advance - width) == candidate)
            .count();
        (count >= EVEN_GLYPHS && 2 * count > gaps).then_some(spread)
    })
}

/// A spreading of `t` thousandths of an em at `size` pt as the character spacing to write, pt: rounded
/// to a millionth of a point (so that it is written with at most six places, and a line's glyphs drift
/// from where their advances put them by far less than the twentieth of a unit each is kept within);
/// 0 below a thousandth of a point.
fn spacing_pt(t: f64, size: f32) -> f32 {
    let pt = t / f64::from(PDF_UNITS_PER_EM) * f64::from(size);
    if pt.abs() < 1e-3 {
        0.0
    } else {
        ((pt * 1e6).round() / 1e6) as f32
    }
}

impl ContentBuilder {
    /// Sets the open text object's character spacing (`Tc`) to `pt` unless it is that already.
    fn lean_spacing(&mut self, pt: f32) {
        let Some(open) = self.text.as_mut() else {
            return;
        };
        if open.spacing != pt {
            open.spacing = pt;
            self.content.set_char_spacing(pt);
        }
    }
}

/// `value` rounded to tenths (half away from zero), without a call to `round`: the number of tenths.
fn tenths(value: f64) -> i64 {
    let t = value * 10.0;
    (t + if t < 0.0 { -0.5 } else { 0.5 }) as i64
}
