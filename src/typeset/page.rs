//! The typesetter's output, the contract the PDF writer reads: a [`Document`] of [`Page`]s holding positioned
//! [`Item`]s (glyph runs, ruled frames, images, emphasis dots), plus what the layout JSON and the EPUB's
//! page-list need ([`LineInfo`], [`Anchor`]), the bookmarks ([`OutlineEntry`]), and what the PDF's tags and
//! links need besides ([`FigureInfo`], [`Link`]).
//!
//! Coordinates: points, origin at the top-left corner of the **media box** (trim plus bleed), x to the right,
//! y down, so a run's `y` is its baseline measured from the top.

use std::ops::Range;

use serde::Serialize;

use crate::assets::{ImageBytes, ImageFormat};
use crate::fonts::{Face, FontId, FontSet, Weight};
use crate::style::{InlineRole, Role};

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

/// One glyph of a run, positioned relative to the run's origin. 16 bytes: a book holds one per character.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Glyph {
    /// Glyph id in the run's face.
    pub id: u16,
    /// Pen position of the glyph from the run's origin, pt.
    pub x: f32,
    /// Advance the glyph occupies on the line (after compression or expansion), pt.
    pub advance: f32,
    /// Byte offset in the run's `text` where the characters this glyph stands for begin (keeps copy and
    /// search right). As in HarfBuzz, a cluster's glyphs share the offset and its characters end where the
    /// next cluster's begin, or at the end of the text: [`GlyphRun::clusters`] gives each glyph's range.
    pub cluster: u32,
}

/// Glyphs of one face and size on one baseline, with the text they stand for and the role they were set
/// in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlyphRun {
    /// The face.
    pub font: FontId,
    /// Type size, pt.
    pub size: f32,
    /// The block role whose style set the run (`dateline` for a run-in dateline, `note-label` for the label
    /// of an editor's note, else the block's own role).
    pub role: Role,
    /// The inline role of strong or emphasised text; `None` for plain text.
    pub inline: Option<InlineRole>,
    /// The characters the glyphs stand for.
    pub text: String,
    /// The glyphs in visual order (which is the text's order: clusters never decrease).
    pub glyphs: Vec<Glyph>,
}

impl GlyphRun {
    /// Each glyph with the byte range of `text` it stands for: from its cluster's offset to the next
    /// cluster's (the end of the text after the last); a range that would run backwards is empty.
    pub fn clusters(&self) -> impl Iterator<Item = (&Glyph, Range<usize>)> {
        let mut groups = self
            .glyphs
            .chunk_by(|a, b| a.cluster == b.cluster)
            .peekable();
        let len = self.text.len();
        std::iter::from_fn(move || {
            let group = groups.next()?;
            let start = (group[0].cluster as usize).min(len);
            let end = groups.peek().map_or(len, |next| next[0].cluster as usize);
            Some((group, start..end.clamp(start, len)))
        })
        .flat_map(|(group, range)| group.iter().map(move |g| (g, range.clone())))
    }
}

/// Something placed on a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Item {
    /// Glyphs; the item's point is the run's origin on its baseline.
    Run(GlyphRun),
    /// A stroked rectangle (the column tag's box; with no height, a rule: the one above the colophon); the
    /// item's point is its top-left corner.
    Frame {
        /// Width, pt.
        width: f32,
        /// Height, pt.
        height: f32,
        /// Stroke width, pt.
        stroke: f32,
    },
    /// A raster image scaled to `width` × `height`; the item's point is its top-left corner.
    Image {
        /// Width on the page, pt.
        width: f32,
        /// Height on the page, pt.
        height: f32,
        /// PNG or JPEG.
        format: ImageFormat,
        /// The image file's bytes (not serialised).
        #[serde(skip)]
        bytes: ImageBytes,
    },
    /// An emphasis dot (着重号, GB/T 15834—2011 §4.16), a filled black disc; the item's point is its
    /// **centre**.
    Dot {
        /// Diameter, pt.
        diameter: f32,
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
    /// Where the page's story text begins in the model (`None` on pages without story text: the title
    /// page, the colophon, a blank verso). The EPUB's page-list points here.
    pub anchor: Option<Anchor>,
    /// Placed items.
    pub items: Vec<(Point, Item)>,
    /// Every placed line with its role, for readers of the layout (`--layout-json`); the renderers use
    /// `items`, and the PDF writer these lines' roles, sources and `items` ranges for its tags.
    pub lines: Vec<LineInfo>,
    /// The images placed on the page, with the block each shows and its alternative text.
    pub figures: Vec<FigureInfo>,
    /// Links from an area of the page to a story's opening (the contents' entries).
    pub links: Vec<Link>,
}

/// A placed line as the layout JSON reports it. Lengths in pt from the media box's top-left corner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineInfo {
    /// The role of the block the line belongs to (`note` for every line of an editor's note, its label
    /// included; `body` for a paragraph opening with a dateline).
    pub role: Role,
    /// The line's text.
    pub text: String,
    /// Pen position of the first glyph.
    pub x: f32,
    /// End of the last glyph's advance (the measure's right edge for a justified line).
    pub right: f32,
    /// Baseline.
    pub baseline: f32,
    /// Type size: the largest run's.
    pub size: f32,
    /// Story index, for story text and running heads.
    pub story: Option<usize>,
    /// Block index in the story (`None`: the heading block, or not story text).
    pub block: Option<usize>,
    /// A line of justified text (body, note, quote, list item) that starts a paragraph (indented).
    pub paragraph_start: bool,
    /// A line of justified text that ends a paragraph (set solid, not justified).
    pub paragraph_end: bool,
    /// A line that could not be filled to the measure (no gap to expand, or a run longer than the measure
    /// broken where no break is allowed).
    pub unfilled: bool,
    /// The page's items that draw the line (indices into [`Page::items`]): its box, its runs and their
    /// marks. Not in the layout JSON, which lists the runs themselves ([`LineInfo::runs`]).
    #[serde(skip)]
    pub items: Range<usize>,
}

/// A glyph run as the layout JSON reports it: what set it and in what face.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunInfo {
    /// The block role whose style set the run.
    pub role: Role,
    /// The inline role (strong, emphasis), when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inline: Option<InlineRole>,
    /// The family.
    pub face: Face,
    /// The weight.
    pub weight: Weight,
    /// The face's file name: under `fonts/` for an embedded face (`NotoSansCJKsc-Bold.otf`), else the
    /// found file's own name.
    pub font: String,
    /// Type size, pt.
    pub size: f32,
    /// The run's text.
    pub text: String,
    /// Each glyph's characters, pen position and advance, pt from the media box's left edge.
    pub glyphs: Vec<GlyphInfo>,
}

/// A placed glyph as the layout JSON reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlyphInfo {
    /// The characters the glyph stands for.
    pub text: String,
    /// Pen position, pt from the media box's left edge.
    pub x: f32,
    /// Advance on the line (after compression or expansion), pt.
    pub advance: f32,
}

impl LineInfo {
    /// The line's glyph runs in order, with the role and face each was set in, as the layout JSON lists
    /// them: read from the items of `page` (the page holding the line) that draw it, the faces' file names
    /// from `fonts` (the faces the document was set in). Made when asked, so that a book's pages do not
    /// carry a second copy of every glyph.
    pub fn runs(&self, page: &Page, fonts: &FontSet) -> Vec<RunInfo> {
        (page.items[self.items.clone()].iter())
            .filter_map(|(at, item)| match item {
                Item::Run(run) => Some(RunInfo::of(run, at.x, fonts)),
                _ => None,
            })
            .collect()
    }
}

impl RunInfo {
    /// What the layout JSON says about `run`, set in a face of `fonts` with its origin `x` pt from the
    /// media box's left edge.
    pub fn of(run: &GlyphRun, x: f32, fonts: &FontSet) -> RunInfo {
        let info = fonts.info(run.font);
        RunInfo {
            role: run.role,
            inline: run.inline,
            face: info.face,
            weight: info.weight,
            font: info.file_name(),
            size: run.size,
            text: run.text.clone(),
            glyphs: (run.clusters())
                .map(|(g, cluster)| GlyphInfo {
                    text: run.text[cluster].to_string(),
                    x: x + g.x,
                    advance: g.advance,
                })
                .collect(),
        }
    }
}

/// A place in the model: where a page's text begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Anchor {
    /// Index into `Book::stories`.
    pub story: usize,
    /// Index into the story's `blocks`; `None` for the story's heading block (column … byline).
    pub block: Option<usize>,
    /// Byte offset into the block's `Block::plain_text()` where the page's first line starts (0 for a
    /// heading or subhead).
    pub offset: usize,
}

/// A bookmark: a story's headline, or a chapter, section or subhead in it, and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutlineEntry {
    /// Bookmark title: the heading's text as set, its lines joined.
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    /// Top of the target on that page, pt from the media box's top.
    pub y: f32,
    /// What the heading is: `headline` for a story, else `chapter`, `section` or `subhead`.
    pub role: Role,
    /// The heading's block in its story (`None` for the story's own entry).
    pub block: Option<usize>,
    /// Depth in the outline: 1 for a story, 2 for what it holds directly, and so on (the PDF's heading
    /// level, `H1`…).
    pub level: u8,
    /// The entries filed under this one: a story's chapters (and subheads before or without any), a
    /// chapter's sections and subheads, a section's subheads.
    pub children: Vec<OutlineEntry>,
}

/// An image placed on a page: the block it shows and what it shows, for the PDF's `Figure` tag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureInfo {
    /// The image's index in [`Page::items`].
    pub item: usize,
    /// Index into `Book::stories`.
    pub story: usize,
    /// Index into the story's `blocks`.
    pub block: usize,
    /// Alternative text: the image's own (Markdown `![alt](src)`), else the caption next to it; empty when
    /// it has neither.
    pub alt: String,
}

/// A link from an area of a page to a story's opening: a contents entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// The area that follows the link (the entry's lines, page number included), pt.
    pub rect: Rect,
    /// The page's lines that set the entry (indices into [`Page::lines`]).
    pub lines: Range<usize>,
    /// The story whose opening it points to: an index into [`Document::outline`].
    pub target: usize,
}

/// The typeset book.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Pages in order.
    pub pages: Vec<Page>,
    /// One entry per story, its chapters and subheads nested below it.
    pub outline: Vec<OutlineEntry>,
}
