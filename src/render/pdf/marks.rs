//! The print shop's PDF: pure black and a CMYK accent, and printer's marks (`--marks`): each page on a
//! larger MediaBox with crop marks at the trim corners, bleed marks at the bleed corners and a slug line
//! (book title, page, date), all outside the BleedBox, in the registration colour, tagged as page
//! artifacts. The TrimBox and BleedBox stay exact.

use krilla::color::{RegularColor, cmyk, luma, separation};
use krilla::geom::{PathBuilder, Point};
use krilla::paint::{Fill, Paint, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag};
use krilla::text::{Font, TextDirection};

use crate::style::{MARK_OFFSET, PT_PER_MM};
use crate::typeset::{Document, OutlineEntry, Page};

/// How the PDF is made for the press.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Press {
    /// The accent colour (the column tag's frame), CMYK percentages; 0/0/0/100 is drawn as DeviceGray
    /// black.
    pub(crate) accent_cmyk: [u8; 4],
    /// Printer's marks and a slug on a larger page.
    pub(crate) marks: bool,
}

impl Default for Press {
    fn default() -> Press {
        Press {
            accent_cmyk: [0, 0, 0, 100],
            marks: false,
        }
    }
}

impl Press {
    /// The accent as a paint: DeviceGray black for 0/0/0/100, else DeviceCMYK.
    pub(crate) fn accent(&self) -> Paint {
        let [c, m, y, k] = self
            .accent_cmyk
            .map(|v| (u32::from(v.min(100)) * 255 / 100) as u8);
        if [c, m, y] == [0, 0, 0] && k == 255 {
            luma::Color::black().into()
        } else {
            cmyk::Color::new(c, m, y, k).into()
        }
    }
}

/// Room added beyond the bleed on every side for the marks and the slug, pt (15 mm).
pub(crate) const ROOM: f32 = 15.0 * PT_PER_MM;
/// Length of a crop mark, pt (6 mm).
const CROP_LENGTH: f32 = 6.0 * PT_PER_MM;
/// Length of a bleed mark, pt (3 mm).
const BLEED_LENGTH: f32 = 3.0 * PT_PER_MM;
/// Stroke width of every mark, pt.
const MARK_WIDTH: f32 = 0.25;
/// Type size of the slug, pt.
const SLUG_SIZE: f32 = 6.0;

/// `doc` with `room` added around every page: each page's MediaBox grows by `room` on every side and
/// everything on it (items, lines, links, the outline's targets) moves with its trim.
pub(crate) fn with_room(mut doc: Document, room: f32) -> Document {
    for page in &mut doc.pages {
        page.width += 2.0 * room;
        page.height += 2.0 * room;
        page.trim.x += room;
        page.trim.y += room;
        for (at, _) in &mut page.items {
            at.x += room;
            at.y += room;
        }
        for line in &mut page.lines {
            line.x += room;
            line.right += room;
            line.baseline += room;
        }
        for link in &mut page.links {
            link.rect.x += room;
            link.rect.y += room;
        }
    }
    fn shift(entries: &mut [OutlineEntry], room: f32) {
        for e in entries {
            e.y += room;
            shift(&mut e.children, room);
        }
    }
    shift(&mut doc.outline, room);
    doc
}

/// The registration colour: the `All` separation, which prints on every plate (its alternate for a
/// viewer is DeviceGray black, which PDF/A accepts without a CMYK output profile).
fn registration() -> Paint {
    let space = separation::SeparationSpace::new(
        separation::SeparationColorant::AllColorants,
        RegularColor::from(luma::Color::black()),
    );
    krilla::color::Color::from(separation::Color::new(255, space)).into()
}

/// The mark strokes of `page`, each from one point to another: two crop marks at each trim corner
/// (continuing the trim's edges outward, starting [`MARK_OFFSET`] beyond the bleed) and two bleed marks at
/// each bleed corner (continuing the bleed's edges, at the same distance).
pub(crate) fn strokes(page: &Page) -> Vec<((f32, f32), (f32, f32))> {
    let t = page.trim;
    let b = page.bleed;
    let (left, right, top, bottom) = (t.x, t.x + t.width, t.y, t.y + t.height);
    let mut out = Vec::new();
    for (edge_x, edge_y, dx, dy) in [
        (left, top, -1.0, -1.0),
        (right, top, 1.0, -1.0),
        (left, bottom, -1.0, 1.0),
        (right, bottom, 1.0, 1.0),
    ] {
        let out_x = edge_x + dx * (b + MARK_OFFSET);
        let out_y = edge_y + dy * (b + MARK_OFFSET);
        // crop marks: a horizontal one on the trim's horizontal edge, a vertical one on its vertical edge
        out.push(((out_x, edge_y), (out_x + dx * CROP_LENGTH, edge_y)));
        out.push(((edge_x, out_y), (edge_x, out_y + dy * CROP_LENGTH)));
        // bleed marks on the bleed's edges
        let (bx, by) = (edge_x + dx * b, edge_y + dy * b);
        out.push(((out_x, by), (out_x + dx * BLEED_LENGTH, by)));
        out.push(((bx, out_y), (bx, out_y + dy * BLEED_LENGTH)));
    }
    out
}

/// Draws the marks of `page` and its slug (`slug`, in `font`) below the bleed, as a page artifact.
pub(crate) fn draw(surface: &mut Surface, page: &Page, slug: &str, font: Option<&Font>) {
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
        ArtifactType::Page,
    )));
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: registration(),
        width: MARK_WIDTH,
        ..Default::default()
    }));
    for (from, to) in strokes(page) {
        let mut pb = PathBuilder::new();
        pb.move_to(from.0, from.1);
        pb.line_to(to.0, to.1);
        if let Some(path) = pb.finish() {
            surface.draw_path(&path);
        }
    }
    surface.set_stroke(None);
    if let Some(font) = font {
        surface.set_fill(Some(Fill {
            paint: registration(),
            ..Default::default()
        }));
        let y = page.trim.y + page.trim.height + page.bleed + MARK_OFFSET + CROP_LENGTH + SLUG_SIZE;
        surface.draw_text(
            Point::from_xy(page.trim.x, y),
            font.clone(),
            SLUG_SIZE,
            slug,
            false,
            TextDirection::Auto,
        );
    }
    surface.set_fill(Some(Fill::default()));
    surface.end_tagged();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mark_lies_outside_the_bleed() {
        let doc = Document {
            pages: vec![crate::typeset::Page {
                width: 100.0,
                height: 100.0,
                trim: crate::typeset::Rect {
                    x: 10.0,
                    y: 10.0,
                    width: 80.0,
                    height: 80.0,
                },
                bleed: 5.0,
                folio: 1,
                anchor: None,
                items: Vec::new(),
                lines: Vec::new(),
                figures: Vec::new(),
                links: Vec::new(),
            }],
            outline: Vec::new(),
        };
        let doc = with_room(doc, ROOM);
        let page = &doc.pages[0];
        assert_eq!(page.width, 100.0 + 2.0 * ROOM);
        let (l, t) = (page.trim.x - 5.0, page.trim.y - 5.0);
        let (r, b) = (l + 90.0, t + 90.0);
        let marks = strokes(page);
        assert_eq!(marks.len(), 16);
        for (from, to) in marks {
            for (x, y) in [from, to] {
                assert!(
                    x < l || x > r || y < t || y > b,
                    "({x}, {y}) inside the bleed"
                );
                assert!(x >= 0.0 && y >= 0.0 && x <= page.width && y <= page.height);
            }
        }
    }

    #[test]
    fn black_accent_is_gray_and_others_cmyk() {
        assert_eq!(Press::default().accent(), luma::Color::black().into());
        let red = Press {
            accent_cmyk: [0, 100, 100, 0],
            marks: false,
        };
        assert_eq!(red.accent(), cmyk::Color::new(0, 255, 255, 0).into());
    }
}
