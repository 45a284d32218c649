//! The `--layout-json` writer: the text frame and every placed line with its role and runs, for tests and
//! tools that check the layout without reading the PDF.

use serde::Serialize;

use super::page::{Anchor, Document, LineInfo, Rect, RunInfo};
use crate::fonts::FontSet;
use crate::style::Style;

#[derive(Serialize)]
struct Frame {
    left: f32,
    top: f32,
    width: f32,
    height: f32,
}

#[derive(Serialize)]
struct PageOut<'a> {
    folio: u32,
    /// The text frame's left edge on this page (mirrored margins: rectos and versos differ).
    frame_left: f32,
    width: f32,
    height: f32,
    trim: Rect,
    anchor: Option<Anchor>,
    lines: Vec<LineOut<'a>>,
}

/// A line with its runs, read from its page's items.
#[derive(Serialize)]
struct LineOut<'a> {
    #[serde(flatten)]
    line: &'a LineInfo,
    runs: Vec<RunInfo>,
}

#[derive(Serialize)]
struct Layout<'a> {
    em: f32,
    pitch: f32,
    measure_em: u32,
    lines_per_page: u32,
    frame: Frame,
    pages: Vec<PageOut<'a>>,
}

/// The layout as pretty JSON: the em, pitch and text frame (pt, from the media box's top-left corner; the
/// frame's left edge is a recto's) and, per page, its folio, its frame's left edge (`frame_left`: margins
/// are mirrored), anchor and every placed line ([`LineInfo`]: role, text, position, size, flags and its
/// `runs`, each with role, inline role, face, weight, font file, size and glyphs; the font files' names
/// from `fonts`, the faces the document was set in) (`huozi build --layout-json FILE`).
pub fn layout_json(doc: &Document, style: &Style, fonts: &FontSet) -> String {
    let layout = Layout {
        em: style.em(),
        pitch: style.body.pitch,
        measure_em: style.body.measure_em,
        lines_per_page: style.body.lines_per_page,
        frame: Frame {
            left: style.page.bleed + style.margin_left(true),
            top: style.page.bleed + style.page.margin_top,
            width: style.measure(),
            height: style.frame_height(),
        },
        pages: doc
            .pages
            .iter()
            .map(|p| PageOut {
                folio: p.folio,
                frame_left: style.page.bleed + style.margin_left(p.folio % 2 == 1),
                width: p.width,
                height: p.height,
                trim: p.trim,
                anchor: p.anchor,
                lines: (p.lines.iter())
                    .map(|line| LineOut {
                        line,
                        runs: line.runs(p, fonts),
                    })
                    .collect(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&layout).expect("the layout serialises")
}
