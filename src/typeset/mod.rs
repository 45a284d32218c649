//! The typesetter: `Book` + `Style` + `FontSet` → pages of positioned glyph runs, in points.
//!
//! Coordinates: origin at the top-left corner of the **media box** (trim plus bleed), x to the right, y down,
//! so a run's `y` is its baseline measured from the top. The renderers consume these pages as they are.

use std::ops::Range;

use serde::Serialize;

use crate::error::Result;
use crate::fonts::{FontId, FontSet};
use crate::model::Book;
use crate::style::Style;

/// A point on the page, pt, from the media box's top-left corner (y down).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    /// Distance from the left edge, pt.
    pub x: f32,
    /// Distance from the top edge, pt.
    pub y: f32,
}

/// A rectangle, pt, top-left origin (y down).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rect {
    /// Left edge, pt.
    pub x: f32,
    /// Top edge, pt.
    pub y: f32,
    /// Width, pt.
    pub width: f32,
    /// Height, pt.
    pub height: f32,
}

/// One glyph of a run, positioned relative to the run's origin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Glyph {
    /// Glyph id in the run's face.
    pub id: u16,
    /// Pen position of the glyph from the run's origin, pt.
    pub x: f32,
    /// Advance the glyph occupies on the line (after compression or expansion), pt.
    pub advance: f32,
    /// Byte range in the run's `text` this glyph stands for (keeps copy and search right).
    pub cluster: Range<usize>,
}

/// Glyphs of one face and size on one baseline, with the text they stand for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlyphRun {
    /// The face.
    pub font: FontId,
    /// Type size, pt.
    pub size: f32,
    /// The characters the glyphs stand for.
    pub text: String,
    /// The glyphs in visual order.
    pub glyphs: Vec<Glyph>,
}

/// Something placed on a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Item {
    /// Glyphs; the item's point is the run's origin on its baseline.
    Run(GlyphRun),
    /// A stroked rectangle (the column tag's box); the item's point is its top-left corner.
    Frame {
        /// Width, pt.
        width: f32,
        /// Height, pt.
        height: f32,
        /// Stroke width, pt.
        stroke: f32,
    },
}

/// One page. `media` is trim plus bleed on every side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// Media box width, pt.
    pub width: f32,
    /// Media box height, pt.
    pub height: f32,
    /// The trim box inside the media box.
    pub trim: Rect,
    /// Bleed beyond the trim on every side, pt.
    pub bleed: f32,
    /// Page number printed in the folio (1-based; pages are numbered from the first).
    pub folio: u32,
    /// Placed items.
    pub items: Vec<(Point, Item)>,
}

/// A bookmark: a story's headline and where it opens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutlineEntry {
    /// Bookmark title.
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    /// Top of the target on that page, pt from the media box's top.
    pub y: f32,
}

/// The typeset book.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Pages in order.
    pub pages: Vec<Page>,
    /// One entry per story.
    pub outline: Vec<OutlineEntry>,
}

/// Typesets `book` (placeholder: being built).
pub fn typeset(_book: &Book, _style: &Style, _fonts: &FontSet) -> Result<Document> {
    Err(crate::Error::Render {
        format: "pdf",
        message: "not built yet".into(),
    })
}
