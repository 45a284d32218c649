//! The event walker: pulldown-cmark's events → stories (`#` headline, `##` subheads and chapters,
//! paragraphs, quotes, lists, images), the character rules applied to each run of text.

use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::image::image_src;
use super::inline::{InlineBuf, Span};
use crate::error::{Error, Result};
use crate::model::{Block, Inline, Story, inlines_text};
use crate::parse::classify::{LineKind, chapter_level, continues_subhead};
use crate::parse::normalize::{Normalizer, join_continuation};
use crate::parse::options::RuleId;
use crate::script::is_indent_space;

/// Byte offset → 1-based line.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex(starts)
    }

    fn line(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// A story being read, with the line of its headline.
pub(super) struct StoryAt {
    /// The story so far.
    pub story: Story,
    /// Line of its `#` headline (1-based).
    pub line: usize,
    /// A front matter block has been given to it.
    pub front_seen: bool,
}

/// Which block container the reader is in.
enum Container {
    None,
    Quote(Vec<Vec<Inline>>),
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Inline>>,
        depth: usize,
    },
}

/// The event walker.
pub(super) struct Reader<'a> {
    path: &'a Path,
    dir: &'a Path,
    /// The character rules, with the report they count in and warn to.
    pub normalizer: Normalizer<'a>,
    /// The stories read so far.
    pub stories: Vec<StoryAt>,
    container: Container,
    inline: Option<InlineBuf>,
    /// The last block was a subhead (the next `##` may add a line to it).
    subhead_open: bool,
    /// Line of each top-level block's start.
    pub first_block_line: Vec<usize>,
    /// Classes of the heading being read (`{.chapter}`).
    heading_classes: Vec<String>,
}

impl<'a> Reader<'a> {
    /// A reader for the Markdown file `path` (named in errors; images are found next to it).
    pub(super) fn new(path: &'a Path, normalizer: Normalizer<'a>) -> Reader<'a> {
        Reader {
            path,
            dir: path.parent().unwrap_or(Path::new("")),
            normalizer,
            stories: Vec::new(),
            container: Container::None,
            inline: None,
            subhead_open: false,
            first_block_line: Vec::new(),
            heading_classes: Vec::new(),
        }
    }

    /// Reads the Markdown `body` (front matter blanked out; line numbers are the file's).
    ///
    /// Errors: [`Error::Input`] for text before the first `#` headline, no headline at all, a nested
    /// image, or a bad image.
    pub(super) fn read(&mut self, body: &str) -> Result<()> {
        let index = LineIndex::new(body);
        let mut depth = 0usize;
        let parser = Parser::new_ext(body, Options::ENABLE_HEADING_ATTRIBUTES).into_offset_iter();
        for (event, range) in parser {
            let line = index.line(range.start);
            if let Event::Start(tag) = &event {
                if depth == 0 {
                    self.first_block_line.push(line);
                    let is_headline = matches!(
                        tag,
                        Tag::Heading {
                            level: HeadingLevel::H1,
                            ..
                        }
                    );
                    if !is_headline && self.stories.is_empty() {
                        return Err(self.err(line, BEFORE_HEADLINE.into()));
                    }
                }
                depth += 1;
            }
            if matches!(event, Event::End(_)) {
                depth = depth.saturating_sub(1);
            }
            if depth == 0 && !matches!(event, Event::End(_)) && self.stories.is_empty() {
                // A top-level leaf (a rule, stray HTML) before the first headline.
                return Err(self.err(line, BEFORE_HEADLINE.into()));
            }
            self.event(event, line)?;
        }
        if self.stories.is_empty() {
            return Err(self.err(
                1,
                "no headline: a Markdown story opens with `# headline`".into(),
            ));
        }
        Ok(())
    }
}

/// The error for text before the first headline.
const BEFORE_HEADLINE: &str =
    "text before the first `# headline` (a Markdown story opens with one)";

impl Reader<'_> {
    fn err(&self, line: usize, message: String) -> Error {
        Error::Input {
            path: self.path.to_path_buf(),
            line: Some(line),
            message,
        }
    }

    fn blocks(&mut self) -> &mut Vec<Block> {
        &mut self
            .stories
            .last_mut()
            .expect("a story is open")
            .story
            .blocks
    }

    fn push_block(&mut self, block: Block) {
        self.subhead_open = matches!(block, Block::Subhead { .. });
        self.blocks().push(block);
    }

    /// Normalises every text run of `inlines` (the character rules).
    fn normalize_inlines(&mut self, inlines: Vec<Inline>, line: usize) -> Vec<Inline> {
        inlines
            .into_iter()
            .filter_map(|i| match i {
                Inline::Text(t) => {
                    let t = self.normalizer.inline(&t, line);
                    (!t.is_empty()).then_some(Inline::Text(t))
                }
                Inline::Emphasis(v) => Some(Inline::Emphasis(self.normalize_inlines(v, line))),
                Inline::Strong(v) => Some(Inline::Strong(self.normalize_inlines(v, line))),
            })
            .collect()
    }

    fn start_inline(&mut self, line: usize) {
        if self.inline.is_none() {
            self.inline = Some(InlineBuf::new(line));
        }
    }

    fn event(&mut self, event: Event<'_>, line: usize) -> Result<()> {
        match event {
            Event::Start(tag) => self.start(tag, line)?,
            Event::End(tag) => self.end(tag, line)?,
            Event::Text(t) | Event::Code(t) => {
                self.start_inline(line);
                self.inline.as_mut().expect("inline").text(&t);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = self.inline.as_mut() {
                    b.pending_break = true;
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => self.html(&html, line),
            Event::Rule => {}
            Event::FootnoteReference(t) => {
                self.start_inline(line);
                self.inline.as_mut().expect("inline").text(&t);
            }
            Event::TaskListMarker(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
        Ok(())
    }

    /// Inline `<em>`, `<strong>`, `<b>`, `<i>`, `<br>` are markup; other HTML is dropped with a warning.
    fn html(&mut self, html: &CowStr<'_>, line: usize) {
        let tag = html.trim().to_ascii_lowercase();
        let span = match tag.as_str() {
            "<em>" | "<i>" => Some((true, Span::Emphasis)),
            "</em>" | "</i>" => Some((false, Span::Emphasis)),
            "<strong>" | "<b>" => Some((true, Span::Strong)),
            "</strong>" | "</b>" => Some((false, Span::Strong)),
            _ => None,
        };
        match (span, self.inline.as_mut()) {
            (Some((true, s)), _) => {
                self.start_inline(line);
                self.inline.as_mut().expect("inline").open(s);
            }
            (Some((false, s)), Some(b)) => b.close(s),
            (None, Some(b)) if tag.starts_with("<br") => b.pending_break = true,
            _ => {
                let shown: String = html.trim().chars().take(40).collect();
                self.normalizer
                    .report
                    .warn(self.path, line, format!("HTML dropped: {shown}"));
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, line: usize) -> Result<()> {
        match tag {
            Tag::Heading { classes, .. } => {
                self.heading_classes = classes.iter().map(|c| c.to_string()).collect();
                self.start_inline(line);
            }
            Tag::Paragraph => self.start_inline(line),
            Tag::BlockQuote(_) => self.start_quote(line),
            Tag::List(start) => self.start_list(start, line),
            Tag::Item => {
                self.flush_item();
                if let Container::List { items, .. } = &mut self.container {
                    items.push(Vec::new());
                }
            }
            Tag::CodeBlock(_) => {
                self.start_inline(line);
                self.normalizer.report.warn(
                    self.path,
                    line,
                    "a code block is read as a plain paragraph".into(),
                );
            }
            Tag::HtmlBlock => {
                self.normalizer
                    .report
                    .warn(self.path, line, "an HTML block is dropped".into());
            }
            Tag::Emphasis => {
                self.start_inline(line);
                self.inline.as_mut().expect("inline").open(Span::Emphasis);
            }
            Tag::Strong => {
                self.start_inline(line);
                self.inline.as_mut().expect("inline").open(Span::Strong);
            }
            Tag::Image { dest_url, .. } => {
                if !matches!(self.container, Container::None) {
                    return Err(self.err(
                        line,
                        "an image inside a list or quote: give it a paragraph of its own".into(),
                    ));
                }
                self.start_inline(line);
                let b = self.inline.as_mut().expect("inline");
                b.image = Some((dest_url.to_string(), String::new(), line));
            }
            _ => {}
        }
        Ok(())
    }

    /// `>`: a quote opens, unless inside a quote or list (its paragraphs join that).
    fn start_quote(&mut self, line: usize) {
        if matches!(self.container, Container::None) {
            self.container = Container::Quote(Vec::new());
        } else {
            self.normalizer.report.warn(
                self.path,
                line,
                "a block quote inside a quote or list is read as part of it".into(),
            );
        }
    }

    /// `-` or `1.`: a list opens (`start` is an ordered list's first number); a nested list's items join
    /// the outer list; a list in a quote gives it paragraphs.
    fn start_list(&mut self, start: Option<u64>, line: usize) {
        match &mut self.container {
            Container::List { depth, .. } => {
                *depth += 1;
                self.flush_item();
                self.normalizer.report.warn(
                    self.path,
                    line,
                    "a nested list's items are read as items of the outer list".into(),
                );
            }
            Container::None => {
                self.container = Container::List {
                    ordered: start.is_some(),
                    start: start.unwrap_or(1),
                    items: Vec::new(),
                    depth: 0,
                };
            }
            Container::Quote(_) => {
                self.normalizer.report.warn(
                    self.path,
                    line,
                    "a list inside a block quote is read as its paragraphs".into(),
                );
            }
        }
    }

    fn end(&mut self, tag: TagEnd, line: usize) -> Result<()> {
        match tag {
            TagEnd::Heading(level) => self.end_heading(level),
            TagEnd::Paragraph | TagEnd::CodeBlock => self.paragraph_end(line),
            TagEnd::Item => self.flush_item(),
            TagEnd::List(_) => self.end_list(),
            TagEnd::BlockQuote(_) => self.end_quote(),
            TagEnd::Emphasis => {
                if let Some(b) = self.inline.as_mut() {
                    b.close(Span::Emphasis);
                }
            }
            TagEnd::Strong => {
                if let Some(b) = self.inline.as_mut() {
                    b.close(Span::Strong);
                }
            }
            TagEnd::Image => self.image_end()?,
            _ => {}
        }
        Ok(())
    }

    /// A heading ends: `#` opens a story, `##` (or deeper) is a subhead or chapter.
    fn end_heading(&mut self, level: HeadingLevel) {
        let Some(mut buf) = self.inline.take() else {
            return;
        };
        let start = buf.line;
        let inlines = buf.take();
        let text = self.normalizer.inline(&inlines_text(&inlines), start);
        let text = text.trim().to_string();
        if level == HeadingLevel::H1 {
            self.stories.push(StoryAt {
                story: Story {
                    column: None,
                    kicker: None,
                    headline: text,
                    subheadline: None,
                    dateline: None,
                    byline: None,
                    blocks: Vec::new(),
                },
                line: start,
                front_seen: false,
            });
            self.subhead_open = false;
        } else {
            let classes = std::mem::take(&mut self.heading_classes);
            self.heading(text, &classes);
        }
    }

    /// A list ends: a nested one goes back to the outer list; the outer one becomes a block (if any
    /// item holds text).
    fn end_list(&mut self) {
        self.flush_item();
        if let Container::List { depth, .. } = &mut self.container
            && *depth > 0
        {
            *depth -= 1;
            return;
        }
        if let Container::List {
            ordered,
            start,
            items,
            ..
        } = std::mem::replace(&mut self.container, Container::None)
        {
            let items: Vec<Vec<Inline>> = items.into_iter().filter(|i| !i.is_empty()).collect();
            if !items.is_empty() {
                self.push_block(Block::List {
                    ordered,
                    start,
                    items,
                });
            }
        }
    }

    /// A quote ends: a block of its paragraphs (if it has any).
    fn end_quote(&mut self) {
        if let Container::Quote(paragraphs) = &self.container {
            if paragraphs.is_empty() {
                self.container = Container::None;
            } else if let Container::Quote(paragraphs) =
                std::mem::replace(&mut self.container, Container::None)
            {
                self.push_block(Block::Quote { paragraphs });
            }
        }
    }

    /// A `##` (or deeper) heading: chapter, a new subhead, or another line of the open one.
    fn heading(&mut self, text: String, classes: &[String]) {
        if text.is_empty() {
            return;
        }
        let level = if classes.iter().any(|c| c == "chapter") {
            Some(1)
        } else if classes.iter().any(|c| c == "section") {
            Some(2)
        } else {
            chapter_level(&text)
        };
        if let Some(level) = level {
            self.push_block(Block::Chapter { level, title: text });
            return;
        }
        if self.subhead_open
            && continues_subhead(&text)
            && let Some(Block::Subhead { lines }) = self.blocks().last_mut()
        {
            lines.push(text);
            return;
        }
        self.push_block(Block::Subhead { lines: vec![text] });
    }

    /// A paragraph (or code block) ends: into the open quote or list item, or a block of its own.
    fn paragraph_end(&mut self, line: usize) {
        let Some(mut buf) = self.inline.take() else {
            return;
        };
        let start = buf.line;
        let raw = buf.take();
        let inlines = self.normalize_inlines(raw, start);
        let inlines = self.drop_typed_indent(inlines);
        if inlines.is_empty() {
            return;
        }
        match &mut self.container {
            Container::Quote(paragraphs) => paragraphs.push(inlines),
            Container::List { items, .. } => {
                if let Some(item) = items.last_mut() {
                    append_inlines(item, inlines);
                } else {
                    items.push(inlines);
                }
            }
            Container::None => {
                let block = classify_paragraph(inlines);
                self.push_block(block);
            }
        }
        let _ = line;
    }

    /// Drops a paragraph's typed indent (`　　`, spaces before its first character), as the plain-text rule
    /// `indents` does: the typesetter indents every paragraph itself (clreq §3.5.1).
    fn drop_typed_indent(&mut self, mut inlines: Vec<Inline>) -> Vec<Inline> {
        if !self.normalizer.options.indents {
            return inlines;
        }
        if let Some(Inline::Text(first)) = inlines.first_mut() {
            let trimmed = first.trim_start_matches(is_indent_space);
            if trimmed.len() < first.len() {
                *first = trimmed.to_string();
                self.normalizer.report.count(RuleId::Indents, 1);
                if first.is_empty() {
                    inlines.remove(0);
                }
            }
        }
        inlines
    }

    /// The open list item's loose text (a tight list has no paragraph events) goes into the item.
    fn flush_item(&mut self) {
        if !matches!(self.container, Container::List { .. }) {
            return;
        }
        let Some(mut buf) = self.inline.take() else {
            return;
        };
        let start = buf.line;
        let raw = buf.take();
        let inlines = self.normalize_inlines(raw, start);
        if let Container::List { items, .. } = &mut self.container {
            match items.last_mut() {
                Some(item) => append_inlines(item, inlines),
                None if !inlines.is_empty() => items.push(inlines),
                None => {}
            }
        }
    }

    /// `![alt](src)` ends: the text before it becomes a paragraph, then the image block.
    fn image_end(&mut self) -> Result<()> {
        let Some(buf) = self.inline.as_mut() else {
            return Ok(());
        };
        let Some((dest, alt, line)) = buf.image.take() else {
            return Ok(());
        };
        // The paragraph so far.
        let start = buf.line;
        let before = buf.take();
        buf.line = line;
        let before = self.normalize_inlines(before, start);
        if !before.is_empty() {
            let block = classify_paragraph(before);
            self.push_block(block);
        }
        let src = image_src(self.dir, &dest).map_err(|message| self.err(line, message))?;
        let alt = self.normalizer.inline(&alt, line).trim().to_string();
        self.push_block(Block::Image { src, alt });
        Ok(())
    }
}

/// Appends a further paragraph of a list item (joined like a hard wrap).
fn append_inlines(item: &mut Vec<Inline>, more: Vec<Inline>) {
    for inline in more {
        match (item.last_mut(), inline) {
            (Some(Inline::Text(prev)), Inline::Text(t)) => join_continuation(prev, &t),
            (_, inline) => item.push(inline),
        }
    }
}

/// A top-level paragraph: the plain-text rules make an editor's note, caption, end mark or editor credit
/// of it when it looks like one; otherwise it is a paragraph.
fn classify_paragraph(inlines: Vec<Inline>) -> Block {
    let text = inlines_text(&inlines);
    match LineKind::of_paragraph(&text) {
        LineKind::EditorsNote => Block::EditorsNote { inlines },
        LineKind::Caption => Block::Caption { text },
        LineKind::Ending => Block::Ending { text },
        LineKind::EditorCredit => Block::Editor { text },
        _ => Block::Paragraph { inlines },
    }
}

#[cfg(test)]
mod typed_indent_tests {
    use std::path::Path;

    use crate::model::{Block, Inline};
    use crate::parse::options::{NormalizeOptions, RuleId};
    use crate::parse::report::Report;

    /// The blocks of the one story in `md`, read with `options`, and the report.
    fn read(md: &str, options: &NormalizeOptions) -> (Vec<Block>, Report) {
        let mut report = Report::default();
        let file =
            crate::parse::markdown::parse(md, Path::new("s.md"), options, &mut report).unwrap();
        (file.stories[0].blocks.clone(), report)
    }

    #[test]
    fn a_typed_indent_is_dropped_as_in_plain_text() {
        let md = "# 标题\n\n　　第一段正文。\n\n  　*强调*开头的段落。\n\n> 　　引文。\n";
        let (blocks, report) = read(md, &NormalizeOptions::default());
        assert_eq!(blocks[0], Block::paragraph("第一段正文。"));
        let Block::Paragraph { inlines } = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert_eq!(
            inlines[0],
            Inline::Emphasis(vec![Inline::Text("强调".into())])
        );
        assert_eq!(
            blocks[2],
            Block::Quote {
                paragraphs: vec![vec![Inline::Text("引文。".into())]]
            }
        );
        assert_eq!(
            report.counts.get(&RuleId::Indents).copied().unwrap_or(0),
            3,
            "{report:?}"
        );
        // with the rule off the indent stays, as it would in a plain-text story
        let off = NormalizeOptions {
            indents: false,
            ..NormalizeOptions::default()
        };
        let (blocks, _) = read(md, &off);
        assert_eq!(blocks[0], Block::paragraph("　　第一段正文。"));
    }
}
