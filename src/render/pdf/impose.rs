//! Imposition for a saddle-stitched booklet (`--impose saddle`): the typeset pages drawn a second time,
//! two up on sheets, in the order that, printed on both sides, folded once and stitched through the
//! fold, reads 1, 2, 3 … (for 8 pages: sheet 1 front 8|1, back 2|7; sheet 2 front 6|3, back 4|5). Each
//! page is clipped to its trim box and its text stays searchable. Crop marks and a fold mark are drawn
//! where the sheet leaves room outside the pair of pages.

use std::num::NonZeroU64;
use std::str::FromStr;

use krilla::geom::{PathBuilder, Rect, Transform};
use krilla::page::PageSettings;
use krilla::paint::{FillRule, Paint, Stroke};
use krilla::surface::Surface;
use krilla::{Document as PdfDocument, SerializeSettings};

use super::draw::{self, Faces, err};
use crate::error::Result;
use crate::fonts::FontSet;
use crate::style::MARK_OFFSET;
use crate::typeset::{Document, Page};

/// How the pages are imposed on sheets (`--impose`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imposition {
    /// Two up, in saddle-stitch order: the sheets nest, are folded once and stitched through the fold.
    Saddle,
}

impl FromStr for Imposition {
    type Err = String;

    /// Parses `saddle`.
    ///
    /// Errors: a message naming the unknown imposition.
    fn from_str(text: &str) -> std::result::Result<Imposition, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "saddle" => Ok(Imposition::Saddle),
            other => Err(format!("unknown imposition {other:?}: give saddle")),
        }
    }
}

/// The pages (0-based) on each side of each sheet, left then right, sheet by sheet, front then back, for
/// `pages` pages (a multiple of 4; a page past the end is `None`).
pub(crate) fn saddle_order(pages: usize) -> Vec<[Option<usize>; 2]> {
    let n = pages.div_ceil(4) * 4;
    let page = |folio: usize| (folio <= pages).then(|| folio - 1);
    let mut sides = Vec::new();
    for s in 0..n / 4 {
        sides.push([page(n - 2 * s), page(1 + 2 * s)]);
        sides.push([page(2 + 2 * s), page(n - 1 - 2 * s)]);
    }
    sides
}

/// Length of a mark on the sheet, pt (about 5 mm).
const MARK_LENGTH: f32 = 14.0;

/// Writes `doc` imposed for saddle stitching on sheets of `sheet` (width, height) pt, the pair of pages
/// centred on each side; the pages of the `s`-th sheet from the outside move `s × creep` pt towards the
/// fold (creep compensation). The same document gives the same bytes.
///
/// Errors: [`crate::error::Error::Render`] when the sheet is smaller than two trimmed pages side by side,
/// or krilla refuses the document.
pub(crate) fn saddle(
    doc: &Document,
    fonts: &FontSet,
    (sheet, creep): ((f32, f32), f32),
) -> Result<Vec<u8>> {
    let Some(first) = doc.pages.first() else {
        return Err(err("there are no pages to impose"));
    };
    let (tw, th) = (first.trim.width, first.trim.height);
    if sheet.0 + 0.01 < 2.0 * tw || sheet.1 + 0.01 < th {
        return Err(err(format!(
            "the sheet ({:.1} × {:.1} pt) cannot hold two pages of {tw:.1} × {th:.1} pt side by side",
            sheet.0, sheet.1
        )));
    }
    let settings = SerializeSettings {
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut pdf = PdfDocument::new_with(settings);
    let faces = draw::faces(doc, fonts)?;
    let mut dots = draw::Dots::new();
    let left = (sheet.0 - 2.0 * tw) / 2.0;
    let top = (sheet.1 - th) / 2.0;
    for (n, side) in saddle_order(doc.pages.len()).into_iter().enumerate() {
        let shift = (n / 2) as f32 * creep;
        let size = PageSettings::from_wh(sheet.0, sheet.1).ok_or_else(|| err("sheet size"))?;
        let mut pdf_page = pdf.start_page_with(size);
        let mut surface = pdf_page.surface();
        for (slot, pi) in side.iter().enumerate() {
            if let Some(pi) = pi {
                let x = left + slot as f32 * tw + if slot == 0 { shift } else { -shift };
                draw_page(
                    &mut surface,
                    (&doc.pages[*pi], *pi),
                    (x, top),
                    (&faces, &mut dots),
                )?;
            }
        }
        draw_marks(&mut surface, (left, top), (tw, th));
        surface.finish();
        pdf_page.finish();
    }
    pdf.finish().map_err(|e| err(format!("imposition: {e}")))
}

/// Draws `page` (index `pi`) with its trim's top-left corner at `at` on the sheet, clipped to its trim.
fn draw_page(
    surface: &mut Surface,
    (page, pi): (&Page, usize),
    at: (f32, f32),
    (faces, dots): (&Faces, &mut draw::Dots),
) -> Result<()> {
    surface.push_transform(&Transform::from_translate(
        at.0 - page.trim.x,
        at.1 - page.trim.y,
    ));
    let mut pb = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(page.trim.x, page.trim.y, page.trim.width, page.trim.height)
    {
        pb.push_rect(rect);
    }
    let clip = pb.finish().ok_or_else(|| err("a page's trim is empty"))?;
    surface.push_clip_path(&clip, &FillRule::NonZero);
    let black: Paint = krilla::color::luma::Color::black().into();
    for (i, (point, item)) in page.items.iter().enumerate() {
        let here = NonZeroU64::new(((pi as u64 + 1) << 24) | i as u64).expect("never 0");
        draw::item(surface, (*point, item, here), (faces, dots), (true, &black))?;
    }
    surface.pop();
    surface.pop();
    Ok(())
}

/// The crop marks at the four outer corners of the pair of pages whose trim starts at `at` and the fold
/// mark at the spine, top and bottom, each drawn only where the sheet leaves room for it.
fn draw_marks(surface: &mut Surface, at: (f32, f32), (tw, th): (f32, f32)) {
    let (l, t, r, b) = (at.0, at.1, at.0 + 2.0 * tw, at.1 + th);
    let fold = at.0 + tw;
    let mut lines = Vec::new();
    if t >= MARK_OFFSET + MARK_LENGTH {
        for x in [l, fold, r] {
            lines.push(((x, t - MARK_OFFSET), (x, t - MARK_OFFSET - MARK_LENGTH)));
            lines.push(((x, b + MARK_OFFSET), (x, b + MARK_OFFSET + MARK_LENGTH)));
        }
    }
    if l >= MARK_OFFSET + MARK_LENGTH {
        for y in [t, b] {
            lines.push(((l - MARK_OFFSET, y), (l - MARK_OFFSET - MARK_LENGTH, y)));
            lines.push(((r + MARK_OFFSET, y), (r + MARK_OFFSET + MARK_LENGTH, y)));
        }
    }
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        width: 0.25,
        ..Default::default()
    }));
    for (from, to) in lines {
        let mut pb = PathBuilder::new();
        pb.move_to(from.0, from.1);
        pb.line_to(to.0, to.1);
        if let Some(path) = pb.finish() {
            surface.draw_path(&path);
        }
    }
    surface.set_stroke(None);
    surface.set_fill(Some(Default::default()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_pages_fold_into_two_sheets_in_saddle_order() {
        let folios = |sides: Vec<[Option<usize>; 2]>| -> Vec<[usize; 2]> {
            sides
                .into_iter()
                .map(|s| s.map(|p| p.map_or(0, |p| p + 1)))
                .collect()
        };
        assert_eq!(
            folios(saddle_order(8)),
            [[8, 1], [2, 7], [6, 3], [4, 5]],
            "sheet 1 front 8|1, back 2|7; sheet 2 front 6|3, back 4|5"
        );
        assert_eq!(folios(saddle_order(4)), [[4, 1], [2, 3]]);
        let twelve = folios(saddle_order(12));
        assert_eq!(twelve.len(), 6);
        let mut all: Vec<usize> = twelve.concat();
        all.sort();
        assert_eq!(all, (1..=12).collect::<Vec<_>>(), "every page exactly once");
    }
}
