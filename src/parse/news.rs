//! Normalised text → [`Story`]s: the news structure of a page copied as plain text.
//!
//! The input is one story or several in a row: one paragraph or heading line per line, blank lines
//! anywhere (their number means nothing). Each line is first classified on its own by `classify` (byline,
//! dateline paragraph, chapter, note, caption, end mark, credit, or text with a length and an ending),
//! then stories are cut at their *anchors* (a byline or a dateline paragraph), the short lines right
//! before an anchor become the heading block, and what follows becomes the body. Every rule is listed,
//! with an example, in `rules::RULES`; a unit test here runs every example, so the table is the
//! specification.
//!
//! Nothing here ever drops a character of text: lines that fit no rule become paragraphs. Only
//! ornaments go: the byline mark `□` (see `byline::ORNAMENTS`) and rules of `-`, `—`, `_`, `=` … around a
//! line.

use std::path::Path;

use rayon::prelude::*;

use super::byline::byline_names;
use super::classify::{ENDING_MARKS, Line, LineKind, classify};
use super::normalize::{Normalizer, SourceLine, join_continuation};
use super::options::{NormalizeOptions, RuleId};
use super::report::Report;
use super::shape::{Ending, HEADING_MAX_CHARS, SUBHEAD_MAX_CHARS, ending};
use crate::error::{Error, Result};
use crate::model::{Block, Inline, Story};

/// A heading block holds at most this many lines: column, kicker, headline, subheadline.
pub(super) const HEADING_MAX_LINES: usize = 4;

/// Openers that make the first of two heading lines a kicker (`面对疫情大考` / headline).
pub(crate) const LEAD_INS: &[&str] = &["为了", "面对", "围绕", "聚焦", "随着", "着眼", "立足"];

/// Finds the stories in normalised logical `lines` (from the file `path`, named in errors). The
/// `broken-paragraphs` rule is applied if `options` has it on, counted in `report`. The lines' text is
/// moved into the stories, not copied: a long file's text is held once at each step.
///
/// The lines are classified, and the segments (see below) made into stories, on rayon's threads; the
/// stories, counts and warnings are gathered in the file's order, and the first segment's error in that
/// order is the one returned, as when the segments are read one by one.
///
/// Returns the stories and, for each, the 1-based line of the file its headline stands on (the line its
/// heading block starts on when no heading line became the headline), for messages about the story.
///
/// Errors: [`Error::Input`] when there is no text at all, or when the text does not open with a headline.
pub(crate) fn detect_stories(
    lines: Vec<SourceLine>,
    path: &Path,
    options: &NormalizeOptions,
    report: &mut Report,
) -> Result<(Vec<Story>, Vec<usize>)> {
    // each line is classified on its own: a long file's lines on rayon's threads, gathered in order
    let mut lines: Vec<Line> = lines
        .into_par_iter()
        .with_min_len(512)
        .filter_map(|l| classify(l.text, l.number))
        .filter(|l| l.kind != LineKind::Rule)
        .collect();
    let input_error = |line: Option<usize>, message: String| Error::Input {
        path: path.to_path_buf(),
        line,
        message,
    };
    if lines.is_empty() {
        return Err(input_error(
            None,
            "no text: the file is empty or holds only blank lines".into(),
        ));
    }
    // Segments: a story's end mark or editor credit followed by a heading line closes a segment (rule
    // story-end); in a file that opens with a chapter heading, each chapter heading opens one (rule
    // chapter-stories).
    let chapters = matches!(lines[0].kind, LineKind::Chapter(_));
    let mut cuts = vec![0];
    for i in 1..lines.len() {
        let after_end = lines[i - 1].is_terminator()
            && !lines[i].is_terminator()
            && (lines[i].fits_heading() || matches!(lines[i].kind, LineKind::Chapter(_)));
        let chapter = chapters && matches!(lines[i].kind, LineKind::Chapter(_));
        if after_end || chapter {
            cuts.push(i);
        }
    }
    cuts.push(lines.len());
    let mut segments = Vec::with_capacity(cuts.len() - 1);
    let mut rest = lines.as_mut_slice();
    for w in cuts.windows(2) {
        let (segment, after) = rest.split_at_mut(w[1] - w[0]);
        segments.push(segment);
        rest = after;
    }
    let found: Vec<(Result<Vec<Placed>>, Report)> = segments
        .into_par_iter()
        .map(|segment| {
            let mut own = Report::default();
            let mut ctx = BodyContext {
                options,
                report: &mut own,
                path,
            };
            (segment_stories(segment, &input_error, &mut ctx), own)
        })
        .collect();
    let (mut stories, mut headline_lines) = (Vec::new(), Vec::new());
    for (segment, own) in found {
        report.absorb(own);
        for (story, line) in segment? {
            stories.push(story);
            headline_lines.push(line);
        }
    }
    Ok((stories, headline_lines))
}

/// A story and the line of its headline (see [`detect_stories`]).
type Placed = (Story, usize);

/// Switches and counts for the body rules.
struct BodyContext<'a> {
    options: &'a NormalizeOptions,
    report: &'a mut Report,
    path: &'a Path,
}

/// The stories of one segment (see [`detect_stories`]), each with its headline's line: its `lines` in
/// the file's order, taken out of it (each left empty).
fn segment_stories(
    lines: &mut [Line],
    input_error: &(dyn Fn(Option<usize>, String) -> Error + Sync),
    ctx: &mut BodyContext,
) -> Result<Vec<Placed>> {
    let starts = story_starts(lines, input_error)?;
    // the pieces below are cut where each story starts: the first at the segment's start, the others in
    // order, each after the one before
    debug_assert!(starts.first().is_some_and(|s| s.first == 0));
    debug_assert!(starts.windows(2).all(|w| w[0].first < w[1].first));
    // the stories cover the segment from its first line on, each up to the next one's first line
    let count = lines.len();
    let mut pieces = Vec::with_capacity(starts.len());
    let (mut rest, mut at) = (lines, 0);
    for (k, s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(count, |next| next.first);
        let (piece, after) = rest.split_at_mut(end - at);
        pieces.push((piece, s.body - s.first, end == count));
        (rest, at) = (after, end);
    }
    // each story built on its own (on rayon's threads), its counts and warnings gathered in order
    let (options, path) = (ctx.options, ctx.path);
    let built: Vec<(Placed, Report)> = pieces
        .into_par_iter()
        .map(|(piece, heading, last)| {
            let mut own = Report::default();
            let mut ctx = BodyContext {
                options,
                report: &mut own,
                path,
            };
            (build_story(piece, heading, last, &mut ctx), own)
        })
        .collect();
    let mut stories = Vec::with_capacity(built.len());
    for (story, own) in built {
        ctx.report.absorb(own);
        stories.push(story);
    }
    Ok(stories)
}

/// Where the stories of a segment's `lines` start: every anchor with heading lines right before it
/// (editor's notes may stand between), and the text before the first of them when it opens with heading
/// lines; the first start is at line 0.
///
/// Errors: [`Error::Input`] (through `input_error`) when the text opens with a paragraph.
fn story_starts(
    lines: &[Line],
    input_error: &dyn Fn(Option<usize>, String) -> Error,
) -> Result<Vec<Start>> {
    // Story starts: every anchor with heading lines right before it (editor's notes may stand between).
    let mut starts: Vec<Start> = Vec::new();
    for i in 0..lines.len() {
        let anchor = lines[i].is_anchor() && (i == 0 || !lines[i - 1].is_anchor());
        if !anchor {
            continue;
        }
        let mut k = i;
        while k > 0 && matches!(lines[k - 1].kind, LineKind::EditorsNote) {
            k -= 1;
        }
        let run = lines[..k]
            .iter()
            .rev()
            .take_while(|l| l.fits_heading())
            .take(HEADING_MAX_LINES)
            .count();
        if run > 0 && starts.last().is_none_or(|s| s.body <= k - run) {
            starts.push(Start {
                first: k - run,
                body: k,
            });
        }
    }
    // Text before the first anchored story: its leading heading lines head a story of their own (a
    // chapter heading first among them).
    let opening = starts.first().map_or(lines.len(), |s| s.first);
    if opening > 0 {
        let chapter = usize::from(matches!(lines[0].kind, LineKind::Chapter(_)));
        let run = chapter
            + lines[chapter..opening]
                .iter()
                .take_while(|l| l.fits_heading())
                .take(HEADING_MAX_LINES - chapter)
                .count();
        if run == 0 {
            return Err(input_error(
                Some(lines[0].number),
                format!(
                    "no headline: the text opens with a paragraph (a headline is a line of at most \
                     {HEADING_MAX_CHARS} characters without sentence-final punctuation)"
                ),
            ));
        }
        starts.insert(
            0,
            Start {
                first: 0,
                body: run,
            },
        );
    }
    Ok(starts)
}

/// Where a story starts: its heading lines are `lines[first..body]`; anchor and body follow.
struct Start {
    first: usize,
    body: usize,
}

/// Builds one story from its `lines`, taken out of them (each left empty): `heading` heading lines, then
/// the rest (editor's notes, anchor lines, then body). Returns it with its headline's line (see
/// [`detect_stories`]).
fn build_story(
    lines: &mut [Line],
    heading: usize,
    last_in_file: bool,
    ctx: &mut BodyContext,
) -> Placed {
    let mut story = Story {
        column: None,
        kicker: None,
        headline: String::new(),
        subheadline: None,
        dateline: None,
        byline: None,
        blocks: Vec::new(),
    };
    let first = lines.first().map_or(0, |l| l.number);
    let headline_line = assign_heading(&mut story, &lines[..heading]).unwrap_or(first);
    let rest = lines[heading..].iter_mut().map(|line| Line {
        text: std::mem::take(&mut line.text),
        kind: std::mem::replace(&mut line.kind, LineKind::Text),
        ..*line
    });
    let (notes, mut body, forced_paragraph) = read_anchor(&mut story, rest);
    take_end_column(&mut story, &mut body, forced_paragraph, last_in_file);
    story.blocks = notes;
    let blocks = body_blocks(&mut story.byline, &mut body, forced_paragraph, ctx);
    story.blocks.extend(blocks);
    split_run_in_ending(&mut story.blocks);
    (story, headline_line)
}

/// Reads what stands between the heading block and the body — editor's notes, then the anchor: byline
/// lines, then an optional dateline paragraph — into `story`'s byline and dateline. Returns the notes, the
/// body lines (the text after the dateline first), and how many body lines are that text (1 or 0).
fn read_anchor(
    story: &mut Story,
    rest: impl ExactSizeIterator<Item = Line>,
) -> (Vec<Block>, Vec<Line>, usize) {
    let mut rest = rest.peekable();
    let mut notes = Vec::new();
    while let Some(line) = rest.next_if(|l| matches!(l.kind, LineKind::EditorsNote)) {
        notes.push(Block::EditorsNote {
            inlines: vec![Inline::Text(line.text)],
        });
    }
    let mut bylines = Vec::new();
    while let Some(LineKind::Byline(b)) = rest
        .next_if(|l| matches!(l.kind, LineKind::Byline(_)))
        .map(|l| l.kind)
    {
        bylines.push(b);
    }
    let mut body: Vec<Line> = Vec::with_capacity(rest.len() + 1);
    if let Some(Line {
        kind: LineKind::Dateline(d),
        number,
        ..
    }) = rest.next_if(|l| matches!(l.kind, LineKind::Dateline(_)))
    {
        story.dateline = Some(d.dateline);
        // `□本报记者 林小雨` over `本报讯（记者 林小雨）`: the same people, credited once, as the run-in has it
        let same = |b: &str| {
            let sorted = |s: &str| {
                byline_names(s).map(|mut n| {
                    n.sort();
                    n
                })
            };
            sorted(b).is_some() && sorted(b) == sorted(&bylines.join(" "))
        };
        if let Some(b) = &d.byline
            && same(b)
        {
            bylines.clear();
        }
        bylines.extend(d.byline);
        if !d.rest.is_empty() {
            // The text after a dateline is a paragraph, unless it is a note, caption, end mark or credit.
            body.push(Line {
                kind: LineKind::of_paragraph(&d.rest),
                text: d.rest,
                number,
                decorated: false,
            });
        }
    }
    let forced_paragraph = body.len();
    body.extend(rest);
    if !bylines.is_empty() {
        story.byline = Some(bylines.join(" "));
    }
    (notes, body, forced_paragraph)
}

/// A lone short line after the story's last paragraph is its column tag (rule column-end) — at the end of
/// the file, after a rule, or before an end mark or editor credit, which stay last.
fn take_end_column(story: &mut Story, body: &mut Vec<Line>, forced: usize, last_in_file: bool) {
    let mut tail = Vec::new();
    while body.len() > forced && body.last().is_some_and(Line::is_terminator) {
        tail.push(body.pop().expect("a last line"));
    }
    tail.reverse();
    if story.column.is_none() && body.len() >= 2 {
        let last = &body[body.len() - 1];
        let before = &body[body.len() - 2];
        if last.fits_heading()
            && !last.text.starts_with(['（', '(', '【', '['])
            && !before.fits_subhead()
            && !before.fits_subhead_question()
            && (last_in_file || last.decorated || !tail.is_empty())
        {
            story.column = body.pop().map(|l| l.text);
        }
    }
    body.extend(tail);
}

/// A last paragraph ending in `（完）` gives the mark its own block (rule ending).
fn split_run_in_ending(blocks: &mut Vec<Block>) {
    if blocks.iter().any(|b| matches!(b, Block::Ending { .. })) {
        return;
    }
    let Some(at) = blocks
        .iter()
        .rposition(|b| !matches!(b, Block::Editor { .. }))
    else {
        return;
    };
    let Block::Paragraph { inlines } = &mut blocks[at] else {
        return;
    };
    let Some(Inline::Text(text)) = inlines.last_mut() else {
        return;
    };
    if let Some(mark) = ENDING_MARKS
        .iter()
        .find(|m| text.ends_with(**m) && text.len() > m.len())
    {
        text.truncate(text.len() - mark.len());
        blocks.insert(
            at + 1,
            Block::Ending {
                text: mark.to_string(),
            },
        );
    }
}

/// Column, kicker, headline, subheadline from the heading lines (rules heading-block … column-start).
/// Returns the line number of the line that became the headline (`None` when there is none).
fn assign_heading(story: &mut Story, heading: &[Line]) -> Option<usize> {
    let mut lines: Vec<&Line> = heading.iter().collect();
    let decorated = lines.iter().position(|l| l.decorated);
    let column = match decorated {
        Some(p) if lines.len() > 1 => Some(lines.remove(p)),
        _ if lines.len() == HEADING_MAX_LINES => Some(lines.remove(0)),
        _ => None,
    };
    story.column = column.map(|l| l.text.clone());
    let text = |l: &&Line| l.text.clone();
    let headline = match lines.as_slice() {
        [] => return None,
        [h] => h,
        [a, b] => {
            let lead_in = matches!(
                a.ending().0,
                Ending::Ellipsis | Ending::Dash | Ending::Colon
            ) || LEAD_INS.iter().any(|w| a.text.starts_with(w));
            if lead_in && !b.text.starts_with("——") {
                story.kicker = Some(text(a));
                b
            } else {
                story.subheadline = Some(text(b));
                a
            }
        }
        [k, h, s, ..] => {
            story.kicker = Some(text(k));
            story.subheadline = Some(text(s));
            h
        }
    };
    story.headline = text(headline);
    Some(headline.number)
}

/// A block that a stray blank line cut short (rule broken-paragraph).
fn is_fragment(text: &str) -> bool {
    match ending(text).0 {
        Ending::Period | Ending::Question | Ending::Ellipsis | Ending::Colon => false,
        Ending::Comma => true,
        Ending::Open | Ending::Dash => {
            text.chars().nth(HEADING_MAX_CHARS).is_some() || text.contains('。')
        }
    }
}

/// Whether a subhead starts at `body[i]`.
fn starts_subhead(body: &[Line], i: usize) -> bool {
    body[i].fits_subhead()
        || body[i].fits_numbered_subhead()
        || (body[i].fits_subhead_question() && body.get(i + 1).is_some_and(Line::continues_subhead))
}

/// Body lines → blocks (rules subhead, subhead-question, numbered-subhead, chapter, editors-note, caption,
/// ending, editor, list-after-colon, broken-paragraph). The first `forced` lines are paragraphs whatever
/// they look like (the text after a dateline). A byline line in the body gives the story its byline if it
/// has none. The lines' text is moved into the blocks: each line is read before its text is taken, and
/// only lines after it are read again.
fn body_blocks(
    byline: &mut Option<String>,
    body: &mut [Line],
    forced: usize,
    ctx: &mut BodyContext,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut in_list = false;
    let mut i = 0;
    while i < body.len() {
        let line = &mut body[i];
        if let LineKind::Byline(b) = &mut line.kind
            && byline.is_none()
        {
            *byline = Some(std::mem::take(b));
            i += 1;
            continue;
        }
        if let Some(block) = special_block(line, i >= forced) {
            blocks.push(block);
            in_list = false;
            i += 1;
            continue;
        }
        in_list = in_list && line.is_text() && line.chars_at_most(SUBHEAD_MAX_CHARS);
        if i >= forced && !in_list && starts_subhead(body, i) {
            let j = i
                + 1
                + body[i + 1..]
                    .iter()
                    .take_while(|l| l.continues_subhead())
                    .count();
            let lines = body[i..j]
                .iter_mut()
                .map(|l| std::mem::take(&mut l.text))
                .collect();
            blocks.push(Block::Subhead { lines });
            i = j;
            continue;
        }
        let (text, next) = paragraph_at(body, i, ctx);
        // Short lines after a paragraph ending in `：` are list items (rule list-after-colon).
        in_list = in_list || ending(&text).0 == Ending::Colon;
        // Joined pieces may make a caption, note, end mark or credit whole again.
        blocks.push(text_block(&LineKind::of_paragraph(&text), text));
        i = next;
    }
    blocks
}

/// The block of a chapter heading (when `may_be_chapter`), editor's note, caption, end mark or editor
/// credit line (its text taken); `None` for other lines (left as they are).
fn special_block(line: &mut Line, may_be_chapter: bool) -> Option<Block> {
    match line.kind {
        LineKind::Chapter(level) if may_be_chapter => Some(Block::Chapter {
            level,
            title: std::mem::take(&mut line.text),
        }),
        LineKind::EditorsNote | LineKind::Caption | LineKind::Ending | LineKind::EditorCredit => {
            Some(text_block(&line.kind, std::mem::take(&mut line.text)))
        }
        _ => None,
    }
}

/// The block for a paragraph's text of `kind` (see [`LineKind::of_paragraph`]).
fn text_block(kind: &LineKind, text: String) -> Block {
    match kind {
        LineKind::EditorsNote => Block::EditorsNote {
            inlines: vec![Inline::Text(text)],
        },
        LineKind::Caption => Block::Caption { text },
        LineKind::Ending => Block::Ending { text },
        LineKind::EditorCredit => Block::Editor { text },
        _ => Block::paragraph(text),
    }
}

/// The paragraph opening at `body[i]`, with the pieces a stray blank line cut off joined again (rule
/// broken-paragraph), and the index of the line after it.
fn paragraph_at(body: &mut [Line], i: usize, ctx: &mut BodyContext) -> (String, usize) {
    let mut text = std::mem::take(&mut body[i].text);
    let mut j = i + 1;
    while ctx.options.broken_paragraphs
        && j < body.len()
        && is_fragment(&text)
        && body[j].is_text()
        && !starts_subhead(body, j)
    {
        join_continuation(&mut text, &body[j].text);
        ctx.report.count(RuleId::BrokenParagraphs, 1);
        j += 1;
    }
    if j > i + 1 {
        // The joined text gets the character rules again: its pieces give each other context.
        text = Normalizer {
            options: ctx.options,
            report: ctx.report,
            path: ctx.path,
        }
        .inline(&text, body[i].number);
    }
    (text, j)
}

#[cfg(test)]
mod tests {
    use super::super::rules::RULES;
    use super::*;
    use crate::script::is_han;

    #[test]
    fn a_byline_line_repeated_in_the_dateline_is_credited_once() {
        let text = "城市夜读点亮街巷\n□本报记者 林小雨\n本报讯（记者 林小雨）这个冬天。\n";
        let stories = crate::parse::parse_stories(text.as_bytes(), Path::new("a.txt")).unwrap();
        assert_eq!(stories[0].byline.as_deref(), Some("记者 林小雨"));
        assert_eq!(
            stories[0].run_in().as_deref(),
            Some("本报讯（记者 林小雨）")
        );
        let text = "标题\n□本报记者 张三\n本报讯（通讯员 李四）正文。\n";
        let stories = crate::parse::parse_stories(text.as_bytes(), Path::new("a.txt")).unwrap();
        assert_eq!(
            stories[0].byline.as_deref(),
            Some("本报记者 张三 通讯员 李四")
        );
    }

    /// The compact notation of `Rule::expect` (see `rules`).
    fn summary(stories: &[Story]) -> String {
        stories
            .iter()
            .map(|s| {
                let mut parts = Vec::new();
                let mut field = |tag: &str, v: &Option<String>| {
                    if let Some(v) = v {
                        parts.push(format!("{tag}:{v}"));
                    }
                };
                field("C", &s.column);
                field("K", &s.kicker);
                field("H", &Some(s.headline.clone()));
                field("S", &s.subheadline);
                field("D", &s.dateline);
                field("B", &s.byline);
                for b in &s.blocks {
                    parts.push(match b {
                        Block::Paragraph { .. } => format!("P:{}", b.plain_text()),
                        Block::Subhead { lines } => format!("T:{}", lines.join("/")),
                        Block::Chapter { level, title } => format!("X{level}:{title}"),
                        Block::EditorsNote { .. } => format!("N:{}", b.plain_text()),
                        Block::Caption { text } => format!("G:{text}"),
                        Block::Ending { text } => format!("E:{text}"),
                        Block::Editor { text } => format!("R:{text}"),
                        Block::Quote { .. } => format!("Q:{}", b.plain_text()),
                        Block::List { .. } => format!("L:{}", b.plain_text()),
                        Block::Image { src, .. } => format!("I:{src}"),
                        Block::Table { .. } | Block::Notes { .. } => {
                            unreachable!("plain text has no tables or notes")
                        }
                    });
                }
                parts.join(" | ")
            })
            .collect::<Vec<_>>()
            .join(" || ")
    }

    fn detect(text: &str, path: &str) -> Result<Vec<Story>> {
        let options = NormalizeOptions::default();
        let mut report = Report::default();
        let path = Path::new(path);
        let lines = Normalizer {
            options: &options,
            report: &mut report,
            path,
        }
        .lines(text);
        detect_stories(lines, path, &options, &mut report).map(|(stories, _)| stories)
    }

    fn parse(text: &str) -> String {
        summary(&detect(text, "t.txt").unwrap())
    }

    #[test]
    fn every_rule_example_holds() {
        for rule in RULES {
            assert_eq!(parse(rule.input), rule.expect, "rule {}", rule.name);
        }
    }

    #[test]
    fn no_text_and_no_headline_are_errors() {
        let err = detect("\n \n\n", "a.txt").unwrap_err().to_string();
        assert!(err.contains("a.txt") && err.contains("no text"), "{err}");
        let err = detect(
            "\n\n这是一段很长的正文，它以句号结束，并不是标题。\n",
            "b.txt",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("b.txt:3:") && err.contains("no headline"),
            "{err}"
        );
    }

    #[test]
    fn unanchored_story() {
        assert_eq!(
            parse("标题\n\n正文。\n\n小标题\n\n又一段。"),
            "H:标题 | P:正文。 | T:小标题 | P:又一段。"
        );
        assert_eq!(parse("只有标题"), "H:只有标题");
    }

    #[test]
    fn no_text_is_lost() {
        let text = "栏目----\n引题……\n主题\n——副题\n□本报记者 张三\n本报讯（通讯员 李四）一段不顾自\n\n身安危。\n问？\n\n答\n短行\n末段。\n\n尾栏";
        let stories = detect(text, "t.txt").unwrap();
        let mut all = String::new();
        for s in &stories {
            for f in [
                &s.column,
                &s.kicker,
                &Some(s.headline.clone()),
                &s.subheadline,
                &s.dateline,
                &s.byline,
            ]
            .into_iter()
            .flatten()
            {
                all.push_str(f);
            }
            for b in &s.blocks {
                all.push_str(&b.plain_text());
            }
        }
        let han = |t: &str| {
            let mut v: Vec<char> = t.chars().filter(|&c| is_han(c)).collect();
            v.sort_unstable();
            v
        };
        assert_eq!(han(&all), han(text));
    }
}
