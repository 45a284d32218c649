//! PDF writer: walks the typeset pages and writes them with krilla. It never re-measures or re-breaks.
//!
//! Items: glyph runs (text), stroked frames (the column tag's box), images, and emphasis dots (filled black
//! discs centred on the item's point).
//!
//! Each page gets a MediaBox of trim plus bleed, a TrimBox (the finished A5 page) and a BleedBox (3 mm
//! beyond it); every face is embedded as a subset with a ToUnicode map (krilla), so the text copies and
//! searches as it was set. The catalog carries `/Lang` from the book's language, the info dictionary and XMP
//! the title, authors and the book's date (never the clock), and the outline one bookmark per story.

use std::collections::BTreeMap;

use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{Path, PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document as PdfDocument, SerializeSettings};

use crate::assets::{ImageBytes, ImageFormat};
use crate::error::{Error, Result};
use crate::fonts::{FontId, FontSet};
use crate::model::{Date, Meta};
use crate::typeset::{Document, GlyphRun, Item, Page, Point as TypesetPoint};

fn err(message: impl Into<String>) -> Error {
    Error::Render {
        format: "pdf",
        message: message.into(),
    }
}

/// The book's date (at its time of day, else midnight) in UTC, as a PDF date.
fn pdf_date(date: Date) -> DateTime {
    let (h, m, s) = date.time();
    DateTime::new(date.year() as u16)
        .month(date.month() as u8)
        .day(date.day() as u8)
        .hour(h as u8)
        .minute(m as u8)
        .second(s as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
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

/// Renders `doc` as PDF bytes, with `meta` for the document information and `fonts` for the embedded faces.
///
/// Errors: [`Error::Render`] if krilla refuses the document (e.g. a bad page size).
pub fn render(doc: &Document, meta: &Meta, _fonts: &FontSet) -> Result<Vec<u8>> {
    let mut pdf = PdfDocument::new_with(SerializeSettings::default());
    let mut faces: BTreeMap<FontId, Font> = BTreeMap::new();
    for id in FontId::ALL {
        let font = Font::new(id.data().into(), 0)
            .ok_or_else(|| err(format!("krilla cannot load {id}")))?;
        faces.insert(id, font);
    }
    for page in &doc.pages {
        let mut pdf_page = pdf.start_page_with(page_settings(page)?);
        let mut surface = pdf_page.surface();
        for (at, item) in &page.items {
            match item {
                Item::Run(run) => draw_run(&mut surface, *at, run, &faces),
                Item::Frame {
                    width,
                    height,
                    stroke,
                } => draw_frame(&mut surface, *at, (*width, *height), *stroke),
                Item::Image {
                    width,
                    height,
                    format,
                    bytes,
                } => draw_image(&mut surface, *at, (*width, *height), *format, bytes)?,
                Item::Dot { diameter } => draw_dot(&mut surface, *at, *diameter),
            }
        }
        surface.finish();
        pdf_page.finish();
    }
    let mut outline = Outline::new();
    for entry in &doc.outline {
        outline.push_child(OutlineNode::new(
            entry.title.clone(),
            XyzDestination::new(entry.page, Point::from_xy(0.0, entry.y)),
        ));
    }
    pdf.set_outline(outline);
    pdf.set_metadata(metadata(meta));
    pdf.finish().map_err(|e| err(format!("{e:?}")))
}

/// A page's MediaBox (trim plus bleed), TrimBox and BleedBox.
fn page_settings(page: &Page) -> Result<PageSettings> {
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
        )))
}

/// Draws a glyph run with its origin at `at` (on the baseline), with its text for copying and search.
fn draw_run(
    surface: &mut Surface,
    at: TypesetPoint,
    run: &GlyphRun,
    faces: &BTreeMap<FontId, Font>,
) {
    if run.glyphs.is_empty() {
        return;
    }
    // krilla takes advances in ems, pen-relative; turn absolute x into advances
    let glyphs: Vec<KrillaGlyph> = run
        .glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let next = run.glyphs.get(i + 1).map_or(g.x + g.advance, |n| n.x);
            KrillaGlyph {
                glyph_id: GlyphId::new(g.id as u32),
                text_range: g.cluster.clone(),
                x_advance: (next - g.x) / run.size,
                x_offset: 0.0,
                y_offset: 0.0,
                y_advance: 0.0,
                location: None,
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

/// Strokes a `width` × `height` rectangle whose top-left corner is `at`.
fn draw_frame(surface: &mut Surface, at: TypesetPoint, (width, height): (f32, f32), stroke: f32) {
    let mut pb = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(at.x, at.y, width, height) {
        pb.push_rect(rect);
    }
    if let Some(path) = pb.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: rgb::Color::black().into(),
            width: stroke,
            ..Default::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
        surface.set_fill(Some(Default::default()));
    }
}

/// Draws an image scaled to `width` × `height`, its top-left corner at `at`.
///
/// Errors: [`Error::Render`] when krilla cannot read the image or its size is not positive.
fn draw_image(
    surface: &mut Surface,
    at: TypesetPoint,
    (width, height): (f32, f32),
    format: ImageFormat,
    bytes: &ImageBytes,
) -> Result<()> {
    let data: krilla::Data = bytes.0.clone().into();
    let image = match format {
        ImageFormat::Png => Image::from_png(data, true),
        ImageFormat::Jpeg => Image::from_jpeg(data, true),
    }
    .map_err(|e| err(format!("image: {e}")))?;
    let size =
        Size::from_wh(width, height).ok_or_else(|| err("an image must have a positive size"))?;
    surface.push_transform(&Transform::from_translate(at.x, at.y));
    surface.draw_image(image, size);
    surface.pop();
    Ok(())
}

/// Fills an emphasis dot: a black disc of `diameter` centred on `at`.
fn draw_dot(surface: &mut Surface, at: TypesetPoint, diameter: f32) {
    if let Some(path) = disc(at.x, at.y, diameter / 2.0) {
        surface.set_stroke(None);
        surface.set_fill(Some(Fill::default()));
        surface.draw_path(&path);
    }
}

/// The document information and XMP: title (with the subtitle), authors, language, the book's date (never
/// the clock), identifier, description and subjects.
fn metadata(meta: &Meta) -> Metadata {
    let date = pdf_date(meta.date);
    let mut title = meta.title.clone();
    if let Some(sub) = &meta.subtitle {
        title = format!("{title}：{sub}");
    }
    let mut metadata = Metadata::new()
        .title(title)
        .authors(meta.authors.clone())
        .language(meta.language.clone())
        .creator("huozi".to_string())
        .producer(format!("huozi {}", env!("CARGO_PKG_VERSION")))
        .creation_date(date)
        .document_id(meta.identifier.clone());
    if let Some(d) = &meta.description {
        metadata = metadata.description(d.clone());
    }
    if !meta.subjects.is_empty() {
        metadata = metadata.keywords(meta.subjects.clone());
    }
    metadata
}
