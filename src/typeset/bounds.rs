//! The last check on a typeset document: everything set lies on its page. Text or a box outside the trim
//! would be cut off in print and lost in the PDF, so it is an error naming the element (its role and the
//! start of its text), the page and how far outside it falls — never a silent loss.

use super::page::{Document, Item, Page, Point};
use crate::error::{Error, Result};

/// How far ink may pass the trim, pt: float error, and the half-em hang of an opening mark.
const TOLERANCE: f32 = 0.5;
/// A glyph's ink above its baseline, in ems (the CJK faces' ascent).
const ASCENT_EM: f32 = 0.88;
/// A glyph's ink below its baseline, in ems.
const DESCENT_EM: f32 = 0.12;

/// Checks that every item of `doc` lies inside its page's trim box.
///
/// Errors: [`Error::Layout`] for the first item outside, naming it.
pub(super) fn check(doc: &Document) -> Result<()> {
    for (i, page) in doc.pages.iter().enumerate() {
        for (at, item) in &page.items {
            if let Some(message) = outside(page, *at, item) {
                return Err(Error::Layout {
                    page: i + 1,
                    message,
                });
            }
        }
    }
    Ok(())
}

/// What is outside the trim of `page` about `item` at `at`, or `None` when it lies inside.
fn outside(page: &Page, at: Point, item: &Item) -> Option<String> {
    let (what, left, top, right, bottom) = match item {
        Item::Run(run) => {
            let first = run.glyphs.iter().map(|g| g.x).fold(f32::INFINITY, f32::min);
            let last = (run.glyphs.iter())
                .map(|g| g.x + g.advance)
                .fold(f32::NEG_INFINITY, f32::max);
            if run.glyphs.is_empty() {
                return None;
            }
            let text: String = run.text.chars().take(16).collect();
            let more = if run.text.chars().count() > 16 {
                "…"
            } else {
                ""
            };
            (
                format!("the {} text 「{text}{more}」", run.role.name()),
                at.x + first,
                at.y - ASCENT_EM * run.size,
                at.x + last,
                at.y + DESCENT_EM * run.size,
            )
        }
        Item::Frame { width, height, .. } => (
            "a ruled box".to_string(),
            at.x,
            at.y,
            at.x + width,
            at.y + height,
        ),
        Item::Image { width, height, .. } => (
            "an image".to_string(),
            at.x,
            at.y,
            at.x + width,
            at.y + height,
        ),
        Item::Dot { diameter } => (
            "an emphasis dot".to_string(),
            at.x - diameter / 2.0,
            at.y - diameter / 2.0,
            at.x + diameter / 2.0,
            at.y + diameter / 2.0,
        ),
    };
    let t = &page.trim;
    let beyond = [
        (t.x - left, "left of"),
        (t.y - top, "above"),
        (right - (t.x + t.width), "right of"),
        (bottom - (t.y + t.height), "below"),
    ];
    if [left, top, right, bottom].iter().any(|v| !v.is_finite()) {
        return Some(format!("{what} has no finite position"));
    }
    let (by, side) = beyond
        .into_iter()
        .fold((0.0f32, ""), |a, b| if b.0 > a.0 { b } else { a });
    (by > TOLERANCE).then(|| {
        format!(
            "{what} falls {by:.1} pt {side} the page: the page cannot hold it (a shorter text, or a \
             style with more room, would)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::page::Rect;

    fn page(items: Vec<(Point, Item)>) -> Document {
        Document {
            pages: vec![Page {
                width: 110.0,
                height: 110.0,
                trim: Rect {
                    x: 5.0,
                    y: 5.0,
                    width: 100.0,
                    height: 100.0,
                },
                bleed: 5.0,
                folio: 1,
                anchor: None,
                items,
                lines: Vec::new(),
            }],
            outline: Vec::new(),
        }
    }

    #[test]
    fn a_box_below_the_trim_is_named() {
        let frame = Item::Frame {
            width: 10.0,
            height: 10.0,
            stroke: 0.5,
        };
        check(&page(vec![(Point { x: 10.0, y: 90.0 }, frame.clone())])).unwrap();
        let err = check(&page(vec![(Point { x: 10.0, y: 100.0 }, frame)]))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "page 1: a ruled box falls 5.0 pt below the page: the page cannot hold it (a shorter text, or a style with more room, would)"
        );
    }
}
