//! The typesetter: `Book` + `Style` + `FontSet` → pages of positioned glyph runs, in points.
//!
//! Coordinates: origin at the top-left corner of the **media box** (trim plus bleed), x to the right, y down,
//! so a run's `y` is its baseline measured from the top. The renderers consume these pages as they are.

pub mod breaks;
pub mod line;
pub mod paginate;

use std::ops::Range;

use serde::Serialize;

use crate::assets::{ImageBytes, ImageFormat, Images};
use crate::error::{Error, Result};
use crate::fonts::{FontId, FontSet};
use crate::model::{Block, Book, Inline, Meta, Story};
use crate::style::{RoleStyle, Style};
use line::{Align, SetLine, Setting, Span};
pub use paginate::Role;
use paginate::{Group, Slot, StoryLayout};

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
    /// `items`.
    pub lines: Vec<LineInfo>,
}

/// A placed line as the layout JSON reports it. Lengths in pt from the media box's top-left corner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineInfo {
    /// What the line is.
    pub role: Role,
    /// The line's text.
    pub text: String,
    /// Pen position of the first glyph.
    pub x: f32,
    /// End of the last glyph's advance (the measure's right edge for a justified line).
    pub right: f32,
    /// Baseline.
    pub baseline: f32,
    /// Type size.
    pub size: f32,
    /// Story index, for story text and running heads.
    pub story: Option<usize>,
    /// Block index in the story (`None`: the heading block, or not story text).
    pub block: Option<usize>,
    /// A body line that starts a paragraph (indented 2 em).
    pub paragraph_start: bool,
    /// A body line that ends a paragraph (set solid, not justified).
    pub paragraph_end: bool,
    /// A line that could not be filled to the measure (no gap to expand, or a run longer than the measure
    /// broken where no break is allowed).
    pub unfilled: bool,
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

/// The layout as pretty JSON: the em, pitch and text frame (pt, from the media box's top-left corner) and,
/// per page, its folio, anchor and every placed line with its role (`huozi build --layout-json FILE`).
pub fn layout_json(doc: &Document, style: &Style) -> String {
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
        width: f32,
        height: f32,
        trim: Rect,
        anchor: Option<Anchor>,
        lines: &'a [LineInfo],
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
    let layout = Layout {
        em: style.em(),
        pitch: style.body.pitch,
        measure_em: style.body.measure_em,
        lines_per_page: style.body.lines_per_page,
        frame: Frame {
            left: style.page.bleed + style.margin_left(),
            top: style.page.bleed + style.page.margin_top,
            width: style.measure(),
            height: style.frame_height(),
        },
        pages: doc
            .pages
            .iter()
            .map(|p| PageOut {
                folio: p.folio,
                width: p.width,
                height: p.height,
                trim: p.trim,
                anchor: p.anchor,
                lines: &p.lines,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&layout).expect("the layout serialises")
}

/// Typesets `book` with `style` and `fonts`: every story opens a new page; pages carry folios and running
/// heads; the outline has one entry per story. A title page opens the book and a colophon (the book's
/// record, each story with its column and byline) closes it.
///
/// Errors: [`Error::Render`] when the book has an image (use [`typeset_with_images`]).
pub fn typeset(book: &Book, style: &Style, fonts: &FontSet) -> Result<Document> {
    typeset_with_images(book, style, fonts, &Images::new())
}

/// [`typeset`] for a book with images: `images` holds every image the book names (see
/// [`crate::assets::load_book_images`]). Each image is scaled to the measure (or less, keeping its
/// proportions) in whole grid rows, at most the page's rows less two.
///
/// Errors: [`Error::Render`] naming an image the book has but `images` lacks.
pub fn typeset_with_images(
    book: &Book,
    style: &Style,
    fonts: &FontSet,
    images: &Images,
) -> Result<Document> {
    let stories: Vec<StoryLayout> = book
        .stories
        .iter()
        .map(|story| story_layout(story, style, fonts, images))
        .collect::<Result<_>>()?;
    let running_head = |recto: bool, story: usize| {
        let text = if recto {
            &book.stories[story].headline
        } else {
            &book.meta.title
        };
        display(text, style.roles.running_head, style, fonts)
            .into_iter()
            .next()
    };
    let folio = |n: u32| {
        set_plain(
            &n.to_string(),
            style.roles.folio,
            Align::Start,
            style,
            fonts,
        )
        .into_iter()
        .next()
        .expect("a number sets into one line")
    };
    let mut pages = vec![title_page(&book.meta, style, fonts)];
    // the contents pages are made once the stories' page numbers are known; reserve their places
    let contents = contents_entries(book, style, fonts);
    let rows = style.body.lines_per_page as usize;
    let heading_rows = 3;
    let contents_pages =
        (heading_rows + contents.iter().map(Vec::len).sum::<usize>()).div_ceil(rows);
    for k in 0..contents_pages {
        pages.push(paginate::slot_page(style, fonts, k as u32 + 2, &[]));
    }
    let outline = paginate::make_up(&stories, style, fonts, &mut pages, &running_head, &folio);
    for (k, page) in contents_page_slots(&contents, &outline, style, fonts, heading_rows)
        .into_iter()
        .enumerate()
    {
        pages[1 + k] = paginate::slot_page(style, fonts, k as u32 + 2, &page);
    }
    let folio = pages.len() as u32 + 1;
    pages.push(colophon_page(book, style, fonts, folio));
    Ok(Document { pages, outline })
}

/// Each story's contents entry set at the measure less 4 em (room for the page number), ragged.
fn contents_entries(book: &Book, style: &Style, fonts: &FontSet) -> Vec<Vec<SetLine>> {
    let body = style.roles.body;
    book.stories
        .iter()
        .map(|story| {
            let spans = [Span {
                text: story.headline.clone(),
                font: body.font,
                size: body.size,
            }];
            let setting = Setting {
                spans: &spans,
                measure: style.measure() - 4.0 * body.size,
                indent: 0.0,
                align: Align::Start,
                strictness: style.body.strictness,
                latin_spacing_em: style.body.latin_spacing_em,
                linebreaks: style.body.linebreaks,
            };
            line::set(&setting, fonts)
        })
        .collect()
}

/// The contents (目录): a heading, then each story's headline with its opening folio flush right on the
/// entry's last line. Returns the slots of each contents page.
fn contents_page_slots(
    entries: &[Vec<SetLine>],
    outline: &[OutlineEntry],
    style: &Style,
    fonts: &FontSet,
    heading_rows: usize,
) -> Vec<Vec<(u32, Slot)>> {
    let rows = style.body.lines_per_page;
    let heading = style.roles.contents_title;
    let mut pages: Vec<Vec<(u32, Slot)>> = vec![Vec::new()];
    let title = display("目录", heading, style, fonts).remove(0);
    let slot = |line: SetLine, size: f32, rows: u32| Slot {
        rows,
        size,
        line: Some(line),
        role: Role::Contents,
        boxed: false,
    };
    pages[0].push((0, slot(title, heading.size, heading.lines)));
    let mut row = heading_rows as u32;
    for (entry, target) in entries.iter().zip(outline) {
        let number = set_plain(
            &(target.page + 1).to_string(),
            style.roles.body,
            Align::Start,
            style,
            fonts,
        )
        .remove(0);
        for (i, mut line) in entry.iter().cloned().enumerate() {
            if i + 1 == entry.len() {
                let shift = style.measure() - number.right;
                for mut run in number.runs.iter().cloned() {
                    for g in &mut run.glyphs {
                        g.x += shift;
                    }
                    line.runs.push(run);
                }
                line.right = style.measure();
            }
            if row >= rows {
                pages.push(Vec::new());
                row = 0;
            }
            pages
                .last_mut()
                .expect("a page")
                .push((row, slot(line, style.em(), 1)));
            row += 1;
        }
    }
    pages
}

/// The title page (扉页): title, subtitle, authors and publisher, centred on the grid.
fn title_page(meta: &Meta, style: &Style, fonts: &FontSet) -> Page {
    let title = style.roles.title;
    let subtitle = style.roles.subtitle;
    let plain = style.roles.imprint;
    let mut slots = Vec::new();
    let mut row = style.body.lines_per_page / 4;
    let mut add = |text: &str, ts: RoleStyle, row: &mut u32| {
        for line in display(text, ts, style, fonts) {
            slots.push((
                *row,
                Slot {
                    rows: ts.lines,
                    size: ts.size,
                    line: Some(line),
                    role: Role::Title,
                    boxed: false,
                },
            ));
            *row += ts.lines;
        }
    };
    add(&meta.title, title, &mut row);
    if let Some(sub) = &meta.subtitle {
        add(sub, subtitle, &mut row);
    }
    row += 2;
    if !meta.authors.is_empty() {
        add(&meta.authors.join("、"), plain, &mut row);
    }
    if let Some(publisher) = &meta.publisher {
        let mut last = style.body.lines_per_page - 1;
        add(publisher, plain, &mut last);
    }
    paginate::slot_page(style, fonts, 1, &slots)
}

/// The colophon (版权页) on the last page: the book's record and the stories it gathers, with each story's
/// column, set small and ragged at the foot of the frame.
fn colophon_page(book: &Book, style: &Style, fonts: &FontSet, folio: u32) -> Page {
    let ts = style.roles.colophon;
    let entries: Vec<(String, f32)> = book
        .colophon()
        .into_iter()
        .map(|e| (e.text, 2.0 * f32::from(e.level)))
        .collect();
    let mut lines = Vec::new();
    for (entry, indent_em) in &entries {
        // every line of an entry hangs at its indent
        let indent = indent_em * ts.size;
        let spans = [Span {
            text: entry.clone(),
            font: ts.font,
            size: ts.size,
        }];
        let setting = Setting {
            spans: &spans,
            measure: style.measure() - indent,
            indent: 0.0,
            align: Align::Start,
            strictness: style.body.strictness,
            latin_spacing_em: style.body.latin_spacing_em,
            linebreaks: style.body.linebreaks,
        };
        for mut line in line::set(&setting, fonts) {
            for g in line.runs.iter_mut().flat_map(|r| r.glyphs.iter_mut()) {
                g.x += indent;
            }
            line.right += indent;
            lines.push(line);
        }
    }
    let rows = style.body.lines_per_page;
    let first = rows.saturating_sub(lines.len() as u32);
    let slots: Vec<(u32, Slot)> = lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            (
                first + i as u32,
                Slot {
                    rows: 1,
                    size: ts.size,
                    line: Some(line),
                    role: Role::Colophon,
                    boxed: false,
                },
            )
        })
        .collect();
    paginate::slot_page(style, fonts, folio, &slots)
}

/// Sets display text (a heading line) centred and balanced at the measure.
fn display(text: &str, ts: RoleStyle, style: &Style, fonts: &FontSet) -> Vec<SetLine> {
    set_plain(text, ts, Align::Center, style, fonts)
}

/// Sets one run of text in `ts` with `align` at the measure, no indent.
fn set_plain(
    text: &str,
    ts: RoleStyle,
    align: Align,
    style: &Style,
    fonts: &FontSet,
) -> Vec<SetLine> {
    let spans = [Span {
        text: text.to_string(),
        font: ts.font,
        size: ts.size,
    }];
    let setting = Setting {
        spans: &spans,
        measure: style.measure(),
        indent: 0.0,
        align,
        strictness: style.body.strictness,
        latin_spacing_em: style.body.latin_spacing_em,
        linebreaks: style.body.linebreaks,
    };
    line::set(&setting, fonts)
}

fn inline_spans(inlines: &[Inline], font: FontId, size: f32, out: &mut Vec<Span>) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => match out.last_mut() {
                Some(last) if last.font == font && last.size == size => last.text.push_str(t),
                _ => out.push(Span {
                    text: t.clone(),
                    font,
                    size,
                }),
            },
            Inline::Emphasis(inner) => inline_spans(inner, FontId::SansBold, size, out),
            Inline::Strong(inner) => inline_spans(inner, FontId::SerifBold, size, out),
        }
    }
}

/// A subhead or chapter heading: a blank row, then each of `lines` centred in `ts`, kept with what follows.
fn heading_group(
    block: usize,
    lines: &[String],
    ts: RoleStyle,
    style: &Style,
    fonts: &FontSet,
) -> Group {
    let mut slots = vec![Slot::blank(Role::Subhead)];
    for text in lines {
        for line in display(text, ts, style, fonts) {
            slots.push(Slot {
                rows: ts.lines,
                size: ts.size,
                line: Some(line),
                role: Role::Subhead,
                boxed: false,
            });
        }
    }
    Group::Keep {
        block: Some(block),
        slots,
    }
}

/// The headline's style: the style's size, stepped down a point at a time (not below 1.25 × body) until the
/// headline sets in at most two balanced lines.
fn headline_style(text: &str, style: &Style, fonts: &FontSet) -> RoleStyle {
    let mut ts = style.roles.headline;
    while ts.size - 1.0 >= style.em() * 1.25 && display(text, ts, style, fonts).len() > 2 {
        ts.size -= 1.0;
    }
    ts
}

/// Shifts a set line right by `dx` pt (a block set narrower than the measure, inset from the left).
fn shift(mut line: SetLine, dx: f32) -> SetLine {
    for run in &mut line.runs {
        for g in &mut run.glyphs {
            g.x += dx;
        }
    }
    line.right += dx;
    line
}

/// A block's text set as a paragraph group: `inset` ems off the measure on the left and right, `indent`
/// ems of first-line indent (ems of the body size).
#[allow(clippy::too_many_arguments)]
fn text_group(
    block: usize,
    spans: &[Span],
    prefix: usize,
    inset: (f32, f32),
    indent: f32,
    align: Align,
    style: &Style,
    fonts: &FontSet,
) -> Group {
    let em = style.em();
    let setting = Setting {
        spans,
        measure: style.measure() - (inset.0 + inset.1) * em,
        indent: indent * em,
        align,
        strictness: style.body.strictness,
        latin_spacing_em: style.body.latin_spacing_em,
        linebreaks: style.body.linebreaks,
    };
    Group::Paragraph {
        block,
        prefix,
        base: 0,
        lines: line::set(&setting, fonts)
            .into_iter()
            .map(|l| shift(l, inset.0 * em))
            .collect(),
    }
}

/// `group` (a paragraph group) with its text starting `base` bytes into the block's plain text.
fn with_base(base: usize, mut group: Group) -> Group {
    if let Group::Paragraph { base: b, .. } = &mut group {
        *b = base;
    }
    group
}

/// The list marker of item `k` (`1．`, or a bullet the face has).
fn list_marker(ordered: bool, start: u64, k: usize, fonts: &FontSet, font: FontId) -> String {
    if ordered {
        format!("{}．", start + k as u64)
    } else {
        let bullet = ['•', '●', '·']
            .into_iter()
            .find(|&c| fonts.covers(font, c))
            .unwrap_or('*');
        format!("{bullet}\u{3000}")
    }
}

/// The Group placing an image: scaled to the measure in whole rows (see [`typeset_with_images`]).
fn figure_group(block: usize, src: &str, style: &Style, images: &Images) -> Result<Group> {
    let image = images.get(src).ok_or_else(|| Error::Render {
        format: "pdf",
        message: format!("image {src} was not loaded"),
    })?;
    let measure = style.measure();
    let ratio = image.height_px as f32 / image.width_px as f32;
    let max_rows = style.body.lines_per_page.saturating_sub(2).max(1);
    let rows = ((measure * ratio / style.body.pitch).round() as u32).clamp(1, max_rows);
    let box_height = rows as f32 * style.body.pitch;
    let width = measure.min(box_height / ratio);
    let height = width * ratio;
    Ok(Group::Figure {
        block,
        rows,
        dx: (measure - width) / 2.0,
        dy: (box_height - height) / 2.0,
        item: Item::Image {
            width,
            height,
            format: image.format,
            bytes: image.bytes.clone(),
        },
    })
}

fn story_layout(
    story: &Story,
    style: &Style,
    fonts: &FontSet,
    images: &Images,
) -> Result<StoryLayout> {
    let mut heading = Vec::new();
    let mut add = |text: &Option<String>, ts: RoleStyle, role: Role, boxed: bool| {
        if let Some(text) = text {
            for line in display(text, ts, style, fonts) {
                heading.push(Slot {
                    rows: ts.lines,
                    size: ts.size,
                    line: Some(line),
                    role,
                    boxed,
                });
            }
        }
    };
    add(&story.column, style.roles.column, Role::Column, true);
    add(&story.kicker, style.roles.kicker, Role::Kicker, false);
    add(
        &Some(story.headline.clone()),
        headline_style(&story.headline, style, fonts),
        Role::Headline,
        false,
    );
    add(
        &story.subheadline,
        style.roles.subheadline,
        Role::Subheadline,
        false,
    );
    // the byline stands on its own line unless it runs into the dateline
    add(
        &story.standalone_byline().map(str::to_string),
        style.roles.byline,
        Role::Byline,
        false,
    );
    heading.push(Slot::blank(Role::Body));
    let mut groups = vec![Group::Keep {
        block: None,
        slots: heading,
    }];
    let body = style.roles.body;
    let mut first_paragraph = true;
    for (bi, block) in story.blocks.iter().enumerate() {
        match block {
            Block::Paragraph { inlines } => {
                let mut spans = Vec::new();
                let mut prefix = 0;
                if first_paragraph && let Some(run_in) = story.run_in() {
                    prefix = run_in.len();
                    spans.push(Span {
                        text: run_in,
                        font: style.roles.dateline.font,
                        size: style.roles.dateline.size,
                    });
                }
                first_paragraph = false;
                inline_spans(inlines, body.font, body.size, &mut spans);
                // An end mark runs into the paragraph before it.
                if let Some(Block::Ending { text }) = story.blocks.get(bi + 1) {
                    inline_spans(
                        &[Inline::Text(text.clone())],
                        body.font,
                        body.size,
                        &mut spans,
                    );
                }
                let setting = Setting {
                    spans: &spans,
                    measure: style.measure(),
                    indent: style.body.indent_em * body.size,
                    align: Align::Justify,
                    strictness: style.body.strictness,
                    latin_spacing_em: style.body.latin_spacing_em,
                    linebreaks: style.body.linebreaks,
                };
                groups.push(Group::Paragraph {
                    block: bi,
                    prefix,
                    base: 0,
                    lines: line::set(&setting, fonts),
                });
            }
            Block::Subhead { lines } => {
                groups.push(heading_group(bi, lines, style.roles.subhead, style, fonts));
            }
            Block::Chapter { level, title } => {
                let ts = if *level <= 1 {
                    style.roles.chapter
                } else {
                    style.roles.section
                };
                groups.push(heading_group(
                    bi,
                    std::slice::from_ref(title),
                    ts,
                    style,
                    fonts,
                ));
            }
            Block::EditorsNote { inlines } => {
                // Inset 2 em on both sides after a blank row; the label `编者按：` in the sans.
                let mut spans = Vec::new();
                let text = crate::model::inlines_text(inlines);
                let label_len = ["【编者按】", "编者按：", "编者按:", "编者按"]
                    .iter()
                    .find(|l| text.starts_with(**l))
                    .map_or(0, |l| l.len());
                if label_len > 0
                    && let Some(Inline::Text(first)) = inlines.first()
                    && first.len() >= label_len
                {
                    spans.push(Span {
                        text: first[..label_len].to_string(),
                        font: FontId::SansBold,
                        size: body.size,
                    });
                    let mut rest = vec![Inline::Text(first[label_len..].to_string())];
                    rest.extend(inlines[1..].iter().cloned());
                    inline_spans(&rest, body.font, body.size, &mut spans);
                } else {
                    inline_spans(inlines, body.font, body.size, &mut spans);
                }
                spans.retain(|s| !s.text.is_empty());
                groups.push(Group::Keep {
                    block: Some(bi),
                    slots: vec![Slot::blank(Role::Body)],
                });
                groups.push(text_group(
                    bi,
                    &spans,
                    0,
                    (2.0, 2.0),
                    style.body.indent_em,
                    Align::Justify,
                    style,
                    fonts,
                ));
            }
            Block::Quote { paragraphs } => {
                let mut base = 0;
                for p in paragraphs {
                    let mut spans = Vec::new();
                    inline_spans(p, body.font, body.size, &mut spans);
                    let group = text_group(
                        bi,
                        &spans,
                        0,
                        (2.0, 2.0),
                        style.body.indent_em,
                        Align::Justify,
                        style,
                        fonts,
                    );
                    groups.push(with_base(base, group));
                    base += crate::model::inlines_text(p).len();
                }
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                let mut base = 0;
                for (k, item) in items.iter().enumerate() {
                    let marker = list_marker(*ordered, *start, k, fonts, body.font);
                    let mut spans = vec![Span {
                        text: marker.clone(),
                        font: body.font,
                        size: body.size,
                    }];
                    inline_spans(item, body.font, body.size, &mut spans);
                    let group = text_group(
                        bi,
                        &spans,
                        marker.len(),
                        (0.0, 0.0),
                        style.body.indent_em,
                        Align::Justify,
                        style,
                        fonts,
                    );
                    groups.push(with_base(base, group));
                    base += crate::model::inlines_text(item).len();
                }
            }
            Block::Caption { text } => {
                let spans = [Span {
                    text: text.clone(),
                    font: style.roles.folio.font,
                    size: style.roles.folio.size,
                }];
                groups.push(text_group(
                    bi,
                    &spans,
                    0,
                    (2.0, 2.0),
                    0.0,
                    Align::Center,
                    style,
                    fonts,
                ));
            }
            Block::Image { src, .. } => groups.push(figure_group(bi, src, style, images)?),
            Block::Ending { text } => {
                // Run into the paragraph before it (above); else set alone at the end of the measure.
                let run_in = bi > 0 && matches!(story.blocks[bi - 1], Block::Paragraph { .. });
                if !run_in {
                    let lines = set_plain(text, body, Align::Start, style, fonts)
                        .into_iter()
                        .map(|l| {
                            let dx = style.measure() - l.right;
                            shift(l, dx)
                        })
                        .collect();
                    groups.push(Group::Paragraph {
                        block: bi,
                        prefix: 0,
                        base: 0,
                        lines,
                    });
                }
            }
            Block::Editor { text } => {
                // Small, at the end of the measure, after a blank row.
                let lines = set_plain(text, style.roles.folio, Align::Start, style, fonts)
                    .into_iter()
                    .map(|l| {
                        let dx = style.measure() - l.right;
                        shift(l, dx)
                    })
                    .collect();
                groups.push(Group::Keep {
                    block: Some(bi),
                    slots: vec![Slot::blank(Role::Body)],
                });
                groups.push(Group::Paragraph {
                    block: bi,
                    prefix: 0,
                    base: 0,
                    lines,
                });
            }
        }
    }
    Ok(StoryLayout {
        headline: story.headline.clone(),
        groups,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_headline_steps_down_to_two_lines() {
        let style = Style::default_style();
        let fonts = FontSet::bundled().unwrap();
        let long = "市委政法委下沉小分队在疫情防控最吃劲最关键的时刻深入社区提供及时高效暖心服务获得居民好评";
        assert!(
            display(long, style.roles.headline, &style, &fonts).len() > 2,
            "the test needs a long headline"
        );
        let ts = headline_style(long, &style, &fonts);
        assert!(ts.size < style.roles.headline.size);
        assert_eq!(display(long, ts, &style, &fonts).len(), 2);
        let short = "哈报人“老宋”与病毒“贴身”战斗";
        assert_eq!(
            headline_style(short, &style, &fonts).size,
            style.roles.headline.size
        );
    }

    #[test]
    fn a_two_line_headline_is_balanced() {
        let style = Style::default_style();
        let fonts = FontSet::bundled().unwrap();
        let lines = display(
            "全方位融入社区疫线添暖流全方位融入社区疫线添暖流全方位融入社",
            style.roles.headline,
            &style,
            &fonts,
        );
        assert_eq!(lines.len(), 2);
        let widths: Vec<f32> = lines
            .iter()
            .map(|l| l.right - l.runs[0].glyphs[0].x)
            .collect();
        assert!(
            (widths[0] - widths[1]).abs() <= style.roles.headline.size + 0.01,
            "{widths:?}"
        );
    }
}
