//! Blocks → make-up groups: one function per block kind of a story, and the story's heading block. Every
//! line is set by the [`Setter`] in its block's role; a role's blank rows above (`space_before`) come
//! before its first line and are dropped at the top of a page.

use std::ops::Range;

use rayon::prelude::*;

use super::groups::{Group, Slot, StoryLayout, headline_text};
use super::line::{SetLine, Span};
use super::page::Item;
use super::setter::Setter;
use super::table::table;
use crate::assets::Images;
use crate::error::{Error, Result};
use crate::model::{Block, Inline, Story, inlines_text, note_label, note_line_text};
use crate::style::Role;

/// Blank rows between the story's heading block and its first block.
const HEADING_BLOCK_SPACE_AFTER: u32 = 1;
/// The most atoms of shaped text a story keeps for make-up to set its paragraphs again a line looser or
/// tighter without shaping them again (about 13 MB): a long story's later paragraphs are shaped again
/// when make-up asks for them, instead of the whole story's shaped text being held at once (a one-story
/// 20 MB file held 1.5 GB of it; issue 13). A newspaper story (a few thousand characters) keeps all of
/// its paragraphs'.
const SHAPED_KEPT: usize = 65_536;
/// A story of more blocks than this (a book-length story, not a newspaper one) is set this many blocks at
/// a time, each window's blocks on rayon's threads (issue 13: one 20 MB story was set on one core), and
/// made up as it is set (the make-up's `long`): its pages are drawn while the rest is set, and the lines
/// and shaped text held are those of a window and a few pages. Shorter stories are set in parallel with
/// each other instead, each whole.
const WINDOW: usize = 64;
/// The headline is stepped down no lower than this many body ems.
const HEADLINE_MIN_EM: f32 = 1.25;
/// The most lines a headline may take before it is stepped down.
const HEADLINE_MAX_LINES: usize = 2;
/// Labels that open an editor's note, set in the note-label role.
const NOTE_LABELS: [&str; 4] = ["【编者按】", "编者按：", "编者按:", "编者按"];

/// `story` in make-up terms: its heading block, then each block's groups, in block order. A story of more
/// than [`WINDOW`] blocks is set a window of blocks at a time, each window's blocks on rayon's threads;
/// the groups are the same on any number of threads. The shaped text of paragraphs past the first
/// [`SHAPED_KEPT`] atoms (in story order) is let go.
///
/// Errors: [`Error::Render`] naming an image the story has but `images` lacks.
pub(super) fn story(story: &Story, setter: &Setter, images: &Images) -> Result<StoryLayout> {
    let mut groups = vec![heading_block(story, setter)];
    let first = (story.blocks.iter()).position(|b| matches!(b, Block::Paragraph { .. }));
    let blocks = story.blocks.len();
    // the atoms of shaped text kept so far
    let mut kept = 0;
    if blocks <= WINDOW {
        for bi in 0..blocks {
            let counted = groups.len();
            block(story, (bi, first == Some(bi)), setter, images, &mut groups)?;
            keep_shapes(&mut groups[counted..], &mut kept);
        }
    } else {
        for window in windows(story) {
            groups.append(&mut self::window(
                story,
                window,
                (setter, images),
                &mut kept,
            )?);
        }
    }
    Ok(StoryLayout {
        headline: headline_text(&story.headline),
        groups,
    })
}

/// Whether `story` is long: more than [`WINDOW`] blocks, set a window at a time ([`window`]) and made up
/// as it is set.
pub(super) fn long(story: &Story) -> bool {
    story.blocks.len() > WINDOW
}

/// `story`'s heading block alone, as the start of its layout ([`window`] gives the rest).
pub(super) fn opening(story: &Story, setter: &Setter) -> StoryLayout {
    StoryLayout {
        headline: headline_text(&story.headline),
        groups: vec![heading_block(story, setter)],
    }
}

/// The ranges of block indices of `story`'s windows, [`WINDOW`] blocks each but the last, in order.
pub(super) fn windows(story: &Story) -> impl Iterator<Item = Range<usize>> {
    let blocks = story.blocks.len();
    (0..blocks)
        .step_by(WINDOW)
        .map(move |start| start..blocks.min(start + WINDOW))
}

/// The groups of `story`'s blocks `range` (a window: [`windows`]), each block set on rayon's threads and
/// gathered in block order: the same groups as set one after another. The shaped text of paragraphs past
/// the first [`SHAPED_KEPT`] atoms of the story is let go (`kept`: the atoms kept by the windows before).
///
/// Errors: [`Error::Render`] naming the first image in block order that the window has but `images`
/// lacks.
pub(super) fn window(
    story: &Story,
    range: Range<usize>,
    (setter, images): (&Setter, &Images),
    kept: &mut usize,
) -> Result<Vec<Group>> {
    let first = (story.blocks.iter()).position(|b| matches!(b, Block::Paragraph { .. }));
    let set: Vec<Result<Vec<Group>>> = (range.into_par_iter())
        .map(|bi| {
            let mut set = Vec::new();
            block(story, (bi, first == Some(bi)), setter, images, &mut set).map(|()| set)
        })
        .collect();
    let mut groups = Vec::new();
    for set in set {
        let mut set = set?;
        keep_shapes(&mut set, kept);
        groups.append(&mut set);
    }
    Ok(groups)
}

/// Block `bi` of `story` (`first` when it is the story's first paragraph) as make-up groups, pushed onto
/// `groups`.
///
/// Errors: [`Error::Render`] naming an image the block has but `images` lacks.
fn block(
    story: &Story,
    (bi, first): (usize, bool),
    setter: &Setter,
    images: &Images,
    groups: &mut Vec<Group>,
) -> Result<()> {
    match &story.blocks[bi] {
        Block::Paragraph { inlines } => groups.push(paragraph(story, bi, inlines, first, setter)),
        Block::Subhead { lines } => groups.push(subhead(bi, lines, setter)),
        Block::Chapter { level, title } => groups.push(chapter(bi, *level, title, setter)),
        Block::EditorsNote { inlines } => groups.extend(editors_note(bi, inlines, setter)),
        Block::Quote { paragraphs } => groups.extend(quote(bi, paragraphs, setter)),
        Block::List {
            ordered,
            start,
            items,
        } => groups.extend(list(bi, *ordered, *start, items, setter)),
        Block::Caption { text } => groups.extend(caption(bi, text, setter)),
        Block::Image { src, alt } => {
            let alt = figure_alt(story, bi, alt);
            groups.push(image(bi, (src, alt), setter, images)?)
        }
        Block::Ending { text } => groups.extend(ending(story, bi, text, setter)),
        Block::Editor { text } => groups.extend(credit(bi, text, setter)),
        Block::Table { header, rows } => groups.extend(table(bi, header, rows, setter)),
        Block::Notes { notes: list } => groups.extend(notes(bi, list, setter)),
    }
    Ok(())
}

/// Lets go of the shaped text of each paragraph among `groups` once `kept` (the atoms kept so far, in
/// story order) would pass [`SHAPED_KEPT`]; counts the rest into `kept`.
fn keep_shapes(groups: &mut [Group], kept: &mut usize) {
    for group in groups {
        if let Group::Paragraph { shaped, .. } = group {
            let atoms = shaped.as_ref().map_or(0, |s| s.atoms());
            if *kept + atoms > SHAPED_KEPT {
                *shaped = None;
            } else {
                *kept += atoms;
            }
        }
    }
}

/// The heading block, kept together and with what follows: column tag (boxed), kicker, headline (stepped
/// down to at most two balanced lines), subheadline and the byline when it stands on its own line, each in
/// its role, then a blank row.
fn heading_block(story: &Story, setter: &Setter) -> Group {
    let mut slots = Vec::new();
    let add = |slots: &mut Vec<Slot>, role: Role, text: &str, size: f32| {
        slots.extend(Slot::blanks(setter.style.role(role).space_before));
        slots.extend(Slot::display(setter, role, text, size));
    };
    let roles = &setter.style.roles;
    if let Some(column) = &story.column {
        add(&mut slots, Role::Column, column, roles.column.size);
    }
    if let Some(kicker) = &story.kicker {
        add(&mut slots, Role::Kicker, kicker, roles.kicker.size);
    }
    // the headline's lines as they were set when its size was found
    let (size, lines) = headline_lines(&story.headline, setter);
    slots.extend(Slot::blanks(setter.style.role(Role::Headline).space_before));
    slots.extend(Slot::lines(setter, Role::Headline, size, lines));
    if let Some(sub) = &story.subheadline {
        add(&mut slots, Role::Subheadline, sub, roles.subheadline.size);
    }
    // the byline stands on its own line unless it runs into the dateline
    if let Some(byline) = story.standalone_byline() {
        add(&mut slots, Role::Byline, byline, roles.byline.size);
    }
    slots.extend(Slot::blanks(HEADING_BLOCK_SPACE_AFTER));
    Group::Keep { block: None, slots }
}

/// The headline's size: the role's, stepped down a point at a time (not below [`HEADLINE_MIN_EM`] body
/// ems) until the headline sets in at most two balanced lines; with its lines set at that size (as
/// [`Slot::display`] sets them).
fn headline_lines(text: &str, setter: &Setter) -> (f32, Vec<SetLine>) {
    let lines = |size: f32| {
        let span = Span {
            size,
            ..setter.span(Role::Headline, text)
        };
        // a headline broken with `<br>` keeps its lines, as the EPUB's does
        set_broken(setter, Role::Headline, &[span])
    };
    let mut size = setter.style.roles.headline.size;
    let mut set = lines(size);
    while size - 1.0 >= setter.style.em() * HEADLINE_MIN_EM && set.len() > HEADLINE_MAX_LINES {
        size -= 1.0;
        set = lines(size);
    }
    (size, set)
}

/// Blank rows before a block of `role` (its `space_before`), as a group of their own kept with the
/// block's first lines; `None` when the role has none.
fn space_before(block: usize, role: Role, setter: &Setter) -> Option<Group> {
    let n = setter.style.role(role).space_before;
    (n > 0).then(|| Group::Keep {
        block: Some(block),
        slots: Slot::blanks(n),
    })
}

/// `spans` set as lines of `role` ([`set_broken`]: a forced line break starts a new line), a paragraph
/// group whose text starts `base` bytes into the block's plain text, after `prefix` bytes of run-in text;
/// make-up may set it again a line looser or tighter, unless it holds forced breaks (verse keeps its lines).
fn lines_group(
    block: usize,
    role: Role,
    prefix: usize,
    base: usize,
    spans: Vec<Span>,
    setter: &Setter,
) -> Group {
    if spans.iter().any(|s| s.text.contains('\n')) {
        return Group::Paragraph {
            block,
            role,
            prefix,
            base,
            lines: set_broken(setter, role, &spans),
            spans: None,
            shaped: None,
        };
    }
    let (lines, shaped) = setter.set_keeping(role, &spans);
    Group::Paragraph {
        block,
        role,
        prefix,
        base,
        lines,
        spans: Some(spans),
        shaped: Some(Box::new(shaped)),
    }
}

/// A paragraph of body text; the story's first opens with the dateline run-in (dateline role), and an end
/// mark standing next runs into it.
fn paragraph(
    story: &Story,
    block: usize,
    inlines: &[Inline],
    first: bool,
    setter: &Setter,
) -> Group {
    let mut spans = Vec::new();
    let mut prefix = 0;
    if first && let Some(run_in) = story.run_in() {
        prefix = run_in.len();
        spans.push(setter.span(Role::Dateline, run_in));
    }
    setter.inline_spans(Role::Body, inlines, &mut spans);
    if let Some(Block::Ending { text }) = story.blocks.get(block + 1) {
        setter.inline_spans(Role::Body, &[Inline::Text(text.clone())], &mut spans);
    }
    lines_group(block, Role::Body, prefix, 0, spans, setter)
}

/// A subhead: each of its lines in the subhead role, after the role's blank rows, kept with what follows.
fn subhead(block: usize, lines: &[String], setter: &Setter) -> Group {
    display_group(block, Role::Subhead, lines, setter)
}

/// A chapter (level 1) or section (level 2 and deeper) heading, kept with what follows.
fn chapter(block: usize, level: u8, title: &str, setter: &Setter) -> Group {
    let role = if level <= 1 {
        Role::Chapter
    } else {
        Role::Section
    };
    display_group(block, role, &[title.to_string()], setter)
}

/// Display lines of `role` kept together and with what follows, after the role's blank rows.
fn display_group(block: usize, role: Role, lines: &[String], setter: &Setter) -> Group {
    let size = setter.style.role(role).size;
    let mut slots = Slot::blanks(setter.style.role(role).space_before);
    for text in lines {
        slots.extend(Slot::display(setter, role, text, size));
    }
    Group::Keep {
        block: Some(block),
        slots,
    }
}

/// An editor's note in the note role; its opening label (`编者按：`) in the note-label role.
fn editors_note(block: usize, inlines: &[Inline], setter: &Setter) -> Vec<Group> {
    let mut spans = Vec::new();
    let text = inlines_text(inlines);
    let label_len = NOTE_LABELS
        .iter()
        .find(|l| text.starts_with(**l))
        .map_or(0, |l| l.len());
    if label_len > 0
        && let Some(Inline::Text(first)) = inlines.first()
        && first.len() >= label_len
    {
        spans.push(setter.span(Role::NoteLabel, &first[..label_len]));
        let mut rest = vec![Inline::Text(first[label_len..].to_string())];
        rest.extend(inlines[1..].iter().cloned());
        setter.inline_spans(Role::Note, &rest, &mut spans);
    } else {
        setter.inline_spans(Role::Note, inlines, &mut spans);
    }
    spans.retain(|s| !s.text.is_empty());
    let mut groups: Vec<Group> = space_before(block, Role::Note, setter)
        .into_iter()
        .collect();
    groups.push(lines_group(block, Role::Note, 0, 0, spans, setter));
    groups
}

/// A block quotation: each paragraph in the quote role, a group of its own.
fn quote(block: usize, paragraphs: &[Vec<Inline>], setter: &Setter) -> Vec<Group> {
    let mut groups: Vec<Group> = space_before(block, Role::Quote, setter)
        .into_iter()
        .collect();
    let mut base = 0;
    for p in paragraphs {
        let mut spans = Vec::new();
        setter.inline_spans(Role::Quote, p, &mut spans);
        groups.push(lines_group(block, Role::Quote, 0, base, spans, setter));
        base += inlines_text(p).len();
    }
    groups
}

/// A list: each item a body paragraph opening with its marker (`1．`, or a bullet the face has).
fn list(
    block: usize,
    ordered: bool,
    start: u64,
    items: &[Vec<Inline>],
    setter: &Setter,
) -> Vec<Group> {
    let mut groups: Vec<Group> = space_before(block, Role::Body, setter)
        .into_iter()
        .collect();
    let mut base = 0;
    for (k, item) in items.iter().enumerate() {
        let marker = crate::model::list_marker(ordered, start + k as u64);
        let mut spans = vec![setter.span(Role::Body, marker.clone())];
        setter.inline_spans(Role::Body, item, &mut spans);
        groups.push(lines_group(
            block,
            Role::Body,
            marker.len(),
            base,
            spans,
            setter,
        ));
        base += inlines_text(item).len();
    }
    groups
}

/// A photo caption in the caption role.
fn caption(block: usize, text: &str, setter: &Setter) -> Vec<Group> {
    let mut groups: Vec<Group> = space_before(block, Role::Caption, setter)
        .into_iter()
        .collect();
    let spans = vec![setter.span(Role::Caption, text)];
    groups.push(lines_group(block, Role::Caption, 0, 0, spans, setter));
    groups
}

/// An image scaled to the measure (or less, keeping its proportions) in whole grid rows, at most the
/// page's rows less two, centred in its box.
///
/// Errors: [`Error::Render`] naming an image `images` lacks.
fn image(
    block: usize,
    (src, alt): (&str, String),
    setter: &Setter,
    images: &Images,
) -> Result<Group> {
    let image = images.get(src).ok_or_else(|| Error::Render {
        format: "pdf",
        message: format!("image {src} was not loaded"),
    })?;
    let style = setter.style;
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
        alt,
    })
}

/// What image block `block` of `story` shows, in words: its own alternative text (`alt`), else the text
/// of a caption right after it (or right before it), brackets and all; else empty.
fn figure_alt(story: &Story, block: usize, alt: &str) -> String {
    if !alt.trim().is_empty() {
        return alt.trim().to_string();
    }
    let caption = |i: Option<usize>| match i.and_then(|i| story.blocks.get(i)) {
        Some(Block::Caption { text }) => Some(text.clone()),
        _ => None,
    };
    caption(Some(block + 1))
        .or_else(|| caption(block.checked_sub(1)))
        .unwrap_or_default()
}

/// The story's end mark (`（完）`): run into the paragraph before it (see [`paragraph`]); else body text
/// standing alone at the end of the measure.
fn ending(story: &Story, block: usize, text: &str, setter: &Setter) -> Vec<Group> {
    let run_in = block > 0 && matches!(story.blocks[block - 1], Block::Paragraph { .. });
    if run_in {
        return Vec::new();
    }
    vec![Group::Paragraph {
        block,
        role: Role::Body,
        prefix: 0,
        base: 0,
        lines: setter.set_at_end(Role::Body, &[setter.span(Role::Body, text)]),
        spans: None,
        shaped: None,
    }]
}

/// The editor credit (`责任编辑：张三`) in the credit role, after the role's blank rows.
fn credit(block: usize, text: &str, setter: &Setter) -> Vec<Group> {
    let mut groups: Vec<Group> = space_before(block, Role::Credit, setter)
        .into_iter()
        .collect();
    let spans = vec![setter.span(Role::Credit, text)];
    groups.push(lines_group(block, Role::Credit, 0, 0, spans, setter));
    groups
}

/// Sets `spans` of `role` as one paragraph whose forced line breaks (a `\n` in the text: Markdown hard
/// breaks, `<br>`) start new lines: the text is set piece by piece, the first piece indented as the role
/// says and the others flush, each piece's last line set solid (clreq §3.6.1) — so a poem keeps one line
/// of print for each of its lines. The lines stay one paragraph (one group: widows, orphans and page
/// anchors count over them all); each line's `start` is its offset in the whole text, breaks included.
fn set_broken(setter: &Setter, role: Role, spans: &[Span]) -> Vec<SetLine> {
    if !spans.iter().any(|s| s.text.contains('\n')) {
        return setter.set(role, spans);
    }
    let mut lines = Vec::new();
    let mut piece: Vec<Span> = Vec::new();
    let mut piece_start = 0;
    let mut offset = 0;
    let mut first = true;
    let mut flush = |piece: &mut Vec<Span>, piece_start: usize, first: &mut bool| {
        piece.retain(|s| !s.text.is_empty());
        if piece.is_empty() {
            return;
        }
        let set = if *first {
            setter.set(role, piece)
        } else {
            setter.set_unindented(role, piece)
        };
        *first = false;
        lines.extend(set.into_iter().map(|mut l| {
            l.start += piece_start;
            l
        }));
        piece.clear();
    };
    for span in spans {
        for (k, part) in span.text.split('\n').enumerate() {
            if k > 0 {
                flush(&mut piece, piece_start, &mut first);
                offset += 1;
                piece_start = offset;
            }
            // the span's other fields, not its text (a clone of the whole text for each part was
            // quadratic in the lines of a poem or a code block)
            piece.push(Span {
                text: part.to_string(),
                font: span.font,
                size: span.size,
                role: span.role,
                inline: span.inline,
            });
            offset += part.len();
        }
    }
    flush(&mut piece, piece_start, &mut first);
    lines
}

/// The story's notes at its end: a blank row, then each note a body paragraph opening with its label
/// (`①　…`, [`note_label`]), each a group of its own whose text starts where the note's does in the
/// block's plain text.
fn notes(block: usize, list: &[Vec<Inline>], setter: &Setter) -> Vec<Group> {
    let mut groups = vec![Group::Keep {
        block: Some(block),
        slots: Slot::blanks(1),
    }];
    let mut base = 0;
    for (k, note) in list.iter().enumerate() {
        let n = k as u32 + 1;
        let mut spans = vec![setter.span(Role::Body, note_label(n))];
        setter.inline_spans(Role::Body, note, &mut spans);
        groups.push(lines_group(block, Role::Body, 0, base, spans, setter));
        base += note_line_text(n, note).len();
    }
    groups
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::fonts::FontSet;
    use crate::style::{InlineRole, Style};
    use crate::typeset::line::SetLine;

    fn setup() -> (Style, FontSet) {
        (Style::default_style(), FontSet::bundled().unwrap())
    }

    #[test]
    fn a_long_headline_steps_down_to_two_lines() {
        let (style, fonts) = setup();
        let setter = Setter::new(&style, &fonts);
        let long = "市委政法委下沉小分队在疫情防控最吃劲最关键的时刻深入社区提供及时高效暖心服务获得居民好评";
        assert!(
            setter.set_text(Role::Headline, long).len() > 2,
            "the test needs a long headline"
        );
        let size = headline_lines(long, &setter).0;
        assert!(size < style.roles.headline.size);
        assert_eq!(Slot::display(&setter, Role::Headline, long, size).len(), 2);
        let short = "哈报人“老宋”与病毒“贴身”战斗";
        assert_eq!(headline_lines(short, &setter).0, style.roles.headline.size);
    }

    #[test]
    fn a_two_line_headline_is_balanced() {
        let (style, fonts) = setup();
        let setter = Setter::new(&style, &fonts);
        let lines = setter.set_text(
            Role::Headline,
            "全方位融入社区疫线添暖流全方位融入社区疫线添暖流全方位融入社",
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

    fn story_of(blocks: Vec<Block>) -> Story {
        Story {
            column: Some("“疫”线媒体人".into()),
            kicker: None,
            headline: "标题".into(),
            subheadline: None,
            dateline: Some("本报讯".into()),
            byline: Some("记者 梁可心".into()),
            blocks,
        }
    }

    /// The roles of every run of every line of `group`.
    fn run_roles(group: &Group) -> Vec<(Role, Option<InlineRole>, String)> {
        let lines: Vec<&SetLine> = match group {
            Group::Keep { slots, .. } => slots.iter().filter_map(|s| s.line.as_ref()).collect(),
            Group::Paragraph { lines, .. } => lines.iter().collect(),
            Group::Figure { .. } => Vec::new(),
        };
        lines
            .iter()
            .flat_map(|l| l.runs.iter())
            .map(|r| (r.role, r.inline, r.text.clone()))
            .collect()
    }

    #[test]
    fn runs_carry_the_role_they_were_set_in() {
        let (style, fonts) = setup();
        let setter = Setter::new(&style, &fonts);
        let story = story_of(vec![
            Block::Paragraph {
                inlines: vec![
                    Inline::Text("甲".into()),
                    Inline::Strong(vec![Inline::Text("乙".into())]),
                ],
            },
            Block::EditorsNote {
                inlines: vec![Inline::Text("编者按：丙丁。".into())],
            },
            Block::Caption {
                text: "（图为戊。）".into(),
            },
            Block::Editor {
                text: "责任编辑：张三".into(),
            },
        ]);
        let layout = super::story(&story, &setter, &Images::new()).unwrap();
        let g = &layout.groups;
        // the heading block: the boxed column tag, the headline
        assert!(
            matches!(&g[0], Group::Keep { slots, .. } if slots[0].boxed && slots[0].role == Role::Column)
        );
        assert_eq!(
            run_roles(&g[1]),
            [
                (Role::Dateline, None, "本报讯（记者 梁可心）".to_string()),
                (Role::Body, None, "甲".to_string()),
                (Role::Body, Some(InlineRole::Strong), "乙".to_string()),
            ]
        );
        // the note: a blank row (space before), then its label and text
        assert!(
            matches!(&g[2], Group::Keep { slots, .. } if slots.len() == 1 && slots[0].line.is_none())
        );
        assert_eq!(
            run_roles(&g[3]),
            [
                (Role::NoteLabel, None, "编者按：".to_string()),
                (Role::Note, None, "丙丁。".to_string()),
            ]
        );
        assert!(matches!(
            &g[3],
            Group::Paragraph {
                role: Role::Note,
                ..
            }
        ));
        assert!(matches!(
            &g[4],
            Group::Paragraph {
                role: Role::Caption,
                ..
            }
        ));
        assert_eq!(run_roles(&g[4])[0].0, Role::Caption);
        assert!(
            matches!(&g[5], Group::Keep { .. }),
            "the credit's blank row"
        );
        let Group::Paragraph { role, lines, .. } = &g[6] else {
            panic!("{:?}", g[6])
        };
        assert_eq!(*role, Role::Credit);
        assert!((lines[0].right - style.measure()).abs() < 1e-3, "flush end");
        assert_eq!(lines[0].runs[0].size, style.roles.credit.size);
    }

    #[test]
    fn a_standalone_ending_is_body_text_at_the_end_of_the_measure() {
        let (style, fonts) = setup();
        let setter = Setter::new(&style, &fonts);
        let story = story_of(vec![
            Block::Subhead {
                lines: vec!["小标题".into()],
            },
            Block::Ending {
                text: "（完）".into(),
            },
        ]);
        let layout = super::story(&story, &setter, &Images::new()).unwrap();
        let Group::Paragraph { role, lines, .. } = &layout.groups[2] else {
            panic!()
        };
        assert_eq!(*role, Role::Body);
        assert_eq!(lines[0].runs[0].role, Role::Body);
        assert!((lines[0].right - style.measure()).abs() < 1e-3);
    }

    #[test]
    fn a_line_break_starts_a_flush_line_and_the_piece_before_ends_solid() {
        let (style, fonts) = setup();
        let setter = Setter::new(&style, &fonts);
        let t = |s: &str| Inline::Text(s.into());
        let mut s = story_of(vec![Block::Paragraph {
            inlines: vec![
                t("床前明月光，"),
                Inline::Break,
                t("疑是地上霜。"),
                Inline::Break,
                t("举头望明月，"),
                Inline::Break,
                t("低头思故乡。"),
            ],
        }]);
        s.dateline = None;
        let layout = super::story(&s, &setter, &Images::new()).unwrap();
        let Group::Paragraph { lines, .. } = &layout.groups[1] else {
            panic!("{:?}", layout.groups[1])
        };
        let texts: Vec<String> = lines
            .iter()
            .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            [
                "床前明月光，",
                "疑是地上霜。",
                "举头望明月，",
                "低头思故乡。"
            ]
        );
        // offsets in the plain text, each break one byte (`\n`)
        let starts: Vec<usize> = lines.iter().map(|l| l.start).collect();
        assert_eq!(starts, [0, 19, 38, 57]);
        assert_eq!(
            s.blocks[0].plain_text()[19..38].to_string(),
            "疑是地上霜。\n"
        );
        // the first line indented 2 em, the others flush; each set solid
        let x0: Vec<f32> = lines.iter().map(|l| l.runs[0].glyphs[0].x).collect();
        assert!(
            (x0[0] - 21.0).abs() < 1e-3 && x0[1..].iter().all(|x| x.abs() < 1e-3),
            "{x0:?}"
        );
        assert!(lines.iter().all(|l| l.last));
        assert!(lines.iter().all(|l| l.right < style.measure() - 100.0));
    }

    #[test]
    fn notes_stand_at_the_end_each_opening_with_a_marker_the_faces_have() {
        let (style, fonts) = setup();
        let setter = Setter::new(&style, &fonts);
        for n in 1..=20 {
            let marker = crate::model::note_marker(n);
            let c = marker.chars().next().unwrap();
            assert!(fonts.covers(style.roles.body.font, c), "{marker}");
        }
        assert_eq!(crate::model::note_marker(21), "[21]");
        let list = vec![
            vec![Inline::Text("甲注。".into())],
            vec![Inline::Text("乙注。".into())],
        ];
        let groups = notes(3, &list, &setter);
        // a blank row, then a paragraph a note
        assert!(
            matches!(&groups[0], Group::Keep { slots, .. } if slots.len() == 1 && slots[0].line.is_none())
        );
        let Group::Paragraph { lines, base, .. } = &groups[2] else {
            panic!("{:?}", groups[2])
        };
        let text: String = lines[0].runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(text, "②\u{3000}乙注。");
        assert_eq!(*base, "①\u{3000}甲注。".len());
    }

    /// A story far longer than [`WINDOW`] blocks: its paragraphs, subheads and images.
    pub(in crate::typeset) fn long_story(images: &[usize]) -> Story {
        let para = "哈尔滨日报社新闻客户端记者宋晨曦在社区一线连续采访，记录下志愿者和居民共同抗疫的点点滴滴，";
        let blocks = (0..3 * WINDOW + 7)
            .map(|k| match k {
                k if images.contains(&k) => Block::Image {
                    src: format!("missing-{k}.png"),
                    alt: String::new(),
                },
                k if k % 17 == 5 => Block::Subhead {
                    lines: vec![format!("小标题{k}")],
                },
                k => Block::Paragraph {
                    inlines: vec![Inline::Text(para.repeat(6 + k % 5) + &k.to_string())],
                },
            })
            .collect();
        story_of(blocks)
    }

    #[test]
    fn a_long_story_is_set_the_same_on_one_thread_as_on_three() {
        let (style, fonts) = setup();
        let setter = Setter::new(&style, &fonts);
        let story = long_story(&[]);
        let on = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
            pool.unwrap()
                .install(|| super::story(&story, &setter, &Images::new()).unwrap())
        };
        let (one, three) = (on(1), on(3));
        // the heading block, then one group per paragraph and per subhead, in block order
        assert_eq!(three.groups.len(), 1 + story.blocks.len());
        assert_eq!(format!("{one:?}"), format!("{three:?}"));
        // the dateline runs into the first paragraph only
        let dated = |g: &Group| run_roles(g).iter().any(|r| r.0 == Role::Dateline);
        assert!(dated(&three.groups[1]));
        assert_eq!(three.groups.iter().filter(|g| dated(g)).count(), 1);
        // shaped text is kept for the first paragraphs, in story order, up to the budget
        let kept: Vec<usize> = (three.groups.iter())
            .filter_map(|g| match g {
                Group::Paragraph { shaped, .. } => Some(shaped.as_ref().map_or(0, |s| s.atoms())),
                _ => None,
            })
            .collect();
        let first_dropped = kept
            .iter()
            .position(|&a| a == 0)
            .expect("the budget is passed");
        assert!(first_dropped > WINDOW, "{first_dropped}");
        assert!(kept.iter().sum::<usize>() <= SHAPED_KEPT);
    }

    #[test]
    fn a_long_story_reports_its_first_missing_image() {
        let (style, fonts) = setup();
        let setter = Setter::new(&style, &fonts);
        let story = long_story(&[2 * WINDOW + 3, WINDOW + 9, 2 * WINDOW + 1]);
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
            let error = (pool.unwrap())
                .install(|| super::story(&story, &setter, &Images::new()))
                .unwrap_err()
                .to_string();
            let first = format!("missing-{}.png", WINDOW + 9);
            assert!(error.contains(&first), "{threads} threads: {error}");
        }
    }
}
