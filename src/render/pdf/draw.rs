//! Drawing the typeset items with krilla: glyph runs (with their text, for copying and search), the
//! column tag's stroked frame, images and emphasis dots; and each page's boxes and label.

use std::collections::BTreeMap;
use std::num::NonZeroU32;

use krilla::geom::{Path, PathBuilder, Point, Rect, Size, Transform};
use krilla::graphic::Graphic;
use krilla::image::Image;
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::paint::{Fill, LineCap, Paint, Stroke, StrokeDash};
use krilla::surface::{Location, Surface};
use krilla::text::{Font, GlyphId, KrillaGlyph};

use crate::assets::{ImageBytes, ImageFormat};
use crate::error::{Error, Result};
use crate::fonts::{FontId, FontSet};
use crate::typeset::{Document, GlyphRun, Item, Page, Point as TypesetPoint};

/// The faces the document is set in, loaded into krilla once per PDF.
pub(super) type Faces = BTreeMap<FontId, Font>;

/// An error of the PDF writer.
pub(super) fn err(message: impl Into<String>) -> Error {
    Error::Render {
        format: "pdf",
        message: message.into(),
    }
}

/// Loads into krilla each face a run of `doc` is set in (an embedded face, a found one or a fallback face;
/// krilla subsets each to the glyphs set in it).
///
/// Errors: [`Error::Render`] naming a face krilla cannot read.
pub(super) fn faces(doc: &Document, fonts: &FontSet) -> Result<Faces> {
    let mut faces = Faces::new();
    let used = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|(_, item)| match item {
            Item::Run(run) => Some(run.font),
            _ => None,
        });
    for id in used {
        if faces.contains_key(&id) {
            continue;
        }
        faces.insert(id, face(id, fonts)?);
    }
    Ok(faces)
}

/// The face `id` of `fonts` loaded into krilla.
///
/// Errors: [`Error::Render`] naming a face krilla cannot read.
pub(super) fn face(id: FontId, fonts: &FontSet) -> Result<Font> {
    let (data, index) = fonts.shared_data(id);
    Font::new(data.into(), index).ok_or_else(|| {
        err(format!(
            "krilla cannot load {} ({})",
            fonts.info(id).family,
            fonts.info(id).source
        ))
    })
}

/// The emphasis dots' discs drawn so far in one PDF: each diameter (its `f32` bits) with its disc, a
/// krilla [`Graphic`] (a Form XObject written once and drawn by reference), valid only in that PDF.
pub(super) type Dots = Vec<(u32, Graphic)>;

/// Draws `item` at `at` (its glyphs report validation errors at `location`): text and dots in DeviceGray
/// black (a dot by reference to its disc in `dots`, made on first use), a frame in `accent`; images are
/// drawn smoothed when scaled only if `interpolate` (PDF/A forbids it).
///
/// Errors: [`Error::Render`] when krilla cannot read an image.
pub(super) fn item(
    surface: &mut Surface,
    (at, item, location): (TypesetPoint, &Item, Location),
    (faces, dots): (&Faces, &mut Dots),
    (interpolate, accent): (bool, &Paint),
) -> Result<()> {
    match item {
        Item::Run(run) => draw_run(surface, (at, location), run, faces),
        Item::Frame {
            width,
            height,
            stroke,
        } => draw_frame(surface, at, (*width, *height), (*stroke, accent)),
        Item::Image {
            width,
            height,
            format,
            bytes,
        } => draw_image(
            surface,
            at,
            (*width, *height),
            (*format, bytes),
            interpolate,
        )?,
        Item::Dot { diameter } => draw_dot(surface, at, *diameter, dots),
    }
    Ok(())
}

/// Bézier handle length of a quarter circle, as a fraction of the radius: 4/3·(√2 − 1).
const KAPPA: f32 = 0.552_284_8;

/// A circle of radius `r` centred on (`cx`, `cy`) as four cubic arcs; `None` when `r` is not positive.
fn disc(cx: f32, cy: f32, r: f32) -> Option<Path> {
    if r <= 0.0 {
        return None;
    }
    let k = KAPPA * r;
    let mut pb = PathBuilder::new();
    pb.move_to(cx + r, cy);
    pb.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    pb.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    pb.close();
    pb.finish()
}

/// A page's MediaBox (trim plus bleed), TrimBox and BleedBox, and its label: the folio, in Arabic
/// figures, as the folios are printed (pages without a printed folio — the title page, the contents, a
/// blank verso, the colophon — are labelled with the number they count as).
pub(super) fn page_settings(page: &Page) -> Result<PageSettings> {
    let label = PageLabel::new(
        Some(NumberingStyle::Arabic),
        None,
        NonZeroU32::new(page.folio),
    );
    Ok(PageSettings::from_wh(page.width, page.height)
        .ok_or_else(|| err("page size must be positive"))?
        .with_trim_box(Rect::from_xywh(
            page.trim.x,
            page.trim.y,
            page.trim.width,
            page.trim.height,
        ))
        .with_bleed_box(Rect::from_xywh(
            page.trim.x - page.bleed,
            page.trim.y - page.bleed,
            page.trim.width + 2.0 * page.bleed,
            page.trim.height + 2.0 * page.bleed,
        ))
        .with_page_label(label))
}

/// Draws a glyph run with its origin at `at` (on the baseline), with its text for copying and search.
fn draw_run(
    surface: &mut Surface,
    (at, location): (TypesetPoint, Location),
    run: &GlyphRun,
    faces: &Faces,
) {
    if run.glyphs.is_empty() {
        return;
    }
    // krilla takes advances in ems, pen-relative; turn absolute x into advances. A cluster is a run of
    // glyphs with one `cluster`; its text reaches to the next cluster's start (as `GlyphRun::clusters`).
    // One walk, collected into a vector of the exact length; a cluster's range found at its first glyph
    let (all, len, size) = (&run.glyphs, run.text.len(), run.size);
    let (mut range, mut cluster_end) = (0..0, 0);
    let glyphs: Vec<KrillaGlyph> = (all.iter().enumerate())
        .map(|(j, g)| {
            if j == cluster_end {
                let same = all[j + 1..].iter().take_while(|n| n.cluster == g.cluster);
                cluster_end = j + 1 + same.count();
                let start = (g.cluster as usize).min(len);
                let text_end = all.get(cluster_end).map_or(len, |n| n.cluster as usize);
                range = start..text_end.clamp(start, len);
            }
            let next = all.get(j + 1).map_or(g.x + g.advance, |n| n.x);
            KrillaGlyph {
                glyph_id: GlyphId::new(g.id as u32),
                text_range: range.clone(),
                x_advance: (next - g.x) / size,
                x_offset: 0.0,
                y_offset: 0.0,
                y_advance: 0.0,
                location: Some(location),
            }
        })
        .collect();
    let start = Point::from_xy(at.x + run.glyphs[0].x, at.y);
    surface.draw_glyphs(
        start,
        &glyphs,
        faces[&run.font].clone(),
        &run.text,
        run.size,
        false,
    );
}

/// Strokes a `width` × `height` rectangle whose top-left corner is `at`, `stroke` wide in `paint`.
fn draw_frame(
    surface: &mut Surface,
    at: TypesetPoint,
    (width, height): (f32, f32),
    (stroke, paint): (f32, &Paint),
) {
    let mut pb = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(at.x, at.y, width, height) {
        pb.push_rect(rect);
    }
    if let Some(path) = pb.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: paint.clone(),
            width: stroke,
            ..Default::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
        surface.set_fill(Some(Default::default()));
    }
}

/// Draws an image scaled to `width` × `height`, its top-left corner at `at`, smoothed when scaled if
/// `interpolate`.
///
/// Errors: [`Error::Render`] when krilla cannot read the image or its size is not positive.
fn draw_image(
    surface: &mut Surface,
    at: TypesetPoint,
    (width, height): (f32, f32),
    (format, bytes): (ImageFormat, &ImageBytes),
    interpolate: bool,
) -> Result<()> {
    let data: krilla::Data = bytes.0.clone().into();
    let image = match format {
        ImageFormat::Png => Image::from_png(data, interpolate),
        ImageFormat::Jpeg => Image::from_jpeg(data, interpolate),
    }
    .map_err(|e| err(format!("image: {e}")))?;
    let size =
        Size::from_wh(width, height).ok_or_else(|| err("an image must have a positive size"))?;
    surface.push_transform(&Transform::from_translate(at.x, at.y));
    surface.draw_image(image, size);
    surface.pop();
    Ok(())
}

/// Draws `dots`, a row of leader dots (consecutive [`Item::Dot`]s on one baseline, one diameter, an
/// equal step apart, as [`leader_row`] finds them), as one stroke: a line from the first dot's centre
/// past the last's, `diameter` wide with round caps and the dash pattern `[0 step]` (ISO 32000-1
/// §8.4.3.6: each zero-length dash painted as a round cap is a disc of the line's width, `step` apart,
/// the first at the line's start). The same discs as [`draw_dot`] draws one by one, in a few bytes and
/// without a graphics-state save, a `cm` and a `Do` per dot (a contents page of 28 entries has about 700).
pub(super) fn draw_leader(surface: &mut Surface, dots: &[(TypesetPoint, Item)]) {
    let (Some((first, Item::Dot { diameter })), Some((last, _))) = (dots.first(), dots.last())
    else {
        return;
    };
    let step = (last.x - first.x) / (dots.len() - 1).max(1) as f32;
    let mut pb = PathBuilder::new();
    pb.move_to(first.x, first.y);
    // half a step past the last centre, so that rounding cannot lose its dash
    pb.line_to(last.x + step / 2.0, first.y);
    let Some(path) = pb.finish() else { return };
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        width: *diameter,
        line_cap: LineCap::Round,
        dash: Some(StrokeDash {
            array: vec![0.0, step],
            offset: 0.0,
        }),
        ..Default::default()
    }));
    surface.draw_path(&path);
    surface.set_stroke(None);
    surface.set_fill(Some(Default::default()));
}

/// How many of `items`, from the first, are one row of leader dots that [`draw_leader`] draws as one
/// stroke: [`Item::Dot`]s with the first's diameter, on its baseline (to 1/1000 pt), each a step to the
/// right of the one before, the steps equal to 1/1000 pt; 1 when the first is a dot that begins no row
/// of three or more, 0 when it is not a dot.
pub(super) fn leader_row(items: &[(TypesetPoint, Item)]) -> usize {
    const EPS: f32 = 1e-3;
    let Some((first, Item::Dot { diameter })) = items.first() else {
        return 0;
    };
    let mut n = 1;
    let mut step = None;
    for pair in items.windows(2) {
        let ((a, _), (b, Item::Dot { diameter: d })) = (&pair[0], &pair[1]) else {
            break;
        };
        let gap = b.x - a.x;
        let same_step = step.is_none_or(|s: f32| (gap - s).abs() < EPS);
        if d != diameter || (b.y - first.y).abs() >= EPS || gap <= EPS || !same_step {
            break;
        }
        step = Some(gap);
        n += 1;
    }
    if n < 3 { 1 } else { n }
}

/// Fills an emphasis dot: a black disc of `diameter` centred on `at`, drawn as the Form XObject of its
/// diameter in `dots` (made on first use: the disc's path, `0 g` and `f`) moved to `at` by its `cm`, so
/// each dot costs `q 1 0 0 -1 x y cm /xo Do Q` in the page's stream instead of its 26-number path.
fn draw_dot(surface: &mut Surface, at: TypesetPoint, diameter: f32, dots: &mut Dots) {
    let key = diameter.to_bits();
    let graphic = match dots.iter().find(|(d, _)| *d == key) {
        Some((_, graphic)) => graphic.clone(),
        None => {
            let Some(path) = disc(0.0, 0.0, diameter / 2.0) else {
                return;
            };
            let mut builder = surface.stream_builder();
            let mut inner = builder.surface();
            inner.set_stroke(None);
            inner.set_fill(Some(Fill::default()));
            inner.draw_path(&path);
            inner.finish();
            let graphic = Graphic::new(builder.finish(), false);
            dots.push((key, graphic.clone()));
            graphic
        }
    };
    surface.push_transform(&Transform::from_translate(at.x, at.y));
    surface.draw_graphic(graphic);
    surface.pop();
}
