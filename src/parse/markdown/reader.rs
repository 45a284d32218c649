//! The event walker: pulldown-cmark's events → stories (`#` headline, `##` subheads and chapters,
//! paragraphs, quotes, lists, images, tables, footnotes), the character rules applied to each run of text.

use std::path::Path;

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::cjk::JOINER;
use super::image::image_src;
use super::inline::{
    HtmlTag, InlineBuf, LineIndex, Span, append_inlines, classify_paragraph, drop_typed_indent,
};
use super::notes::Notes;
use super::table::TableBuf;
use crate::error::{Error, Result};
use crate::model::{Block, Inline, Story, inlines_text};
use crate::parse::classify::{chapter_level, continues_subhead};
use crate::parse::normalize::Normalizer;

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
    /// The table being read.
    table: Option<TableBuf>,
    /// The file's footnotes.
    notes: Notes,
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
            table: None,
            notes: Notes::default(),
        }
    }

    /// Reads the Markdown `body` (front matter blanked out; line numbers are the file's; already through
    /// the CJK-friendly step when that is on), then gives each story its notes.
    ///
    /// Errors: [`Error::Input`] for text before the first `#` headline, no headline at all, a nested
    /// image, or a bad image.
    pub(super) fn read(&mut self, body: &str) -> Result<()> {
        let index = LineIndex::new(body);
        let mut depth = 0usize;
        let options =
            Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
        let parser = Parser::new_ext(body, options).into_offset_iter();
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
        let mut stories: Vec<Story> = self.stories.iter().map(|s| s.story.clone()).collect();
        std::mem::take(&mut self.notes).finish(&mut stories, self.path, self.normalizer.report);
        for (at, story) in self.stories.iter_mut().zip(stories) {
            at.story = story;
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
                Inline::Ruby { base, reading } => Some(Inline::Ruby {
                    base: self.normalizer.inline(&base, line),
                    reading: self.normalizer.inline(&reading, line),
                }),
                i @ (Inline::Break | Inline::NoteRef(_)) => Some(i),
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
            Event::SoftBreak => {
                if let Some(b) = self.inline.as_mut() {
                    b.pending_break = true;
                }
            }
            Event::HardBreak => {
                if let Some(b) = self.inline.as_mut() {
                    b.push(Inline::Break);
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => self.html(&html, line),
            Event::Rule => self.normalizer.report.warn(
                self.path,
                line,
                "a thematic break (---) is dropped".into(),
            ),
            Event::FootnoteReference(label) => {
                let story = self.stories.len().saturating_sub(1);
                let n = self.notes.reference(story, &label.replace(JOINER, ""));
                self.start_inline(line);
                self.inline
                    .as_mut()
                    .expect("inline")
                    .push(Inline::NoteRef(n));
            }
            Event::TaskListMarker(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
        Ok(())
    }

    /// Inline `<em>`, `<strong>`, `<b>`, `<i>`, `<br>` and `<ruby>` (with `<rt>`, `<rp>`) are markup;
    /// other HTML is dropped with a warning naming the line.
    fn html(&mut self, html: &CowStr<'_>, line: usize) {
        let tag = HtmlTag::of(&html.replace(JOINER, ""));
        if tag.is_some_and(HtmlTag::opens) {
            self.start_inline(line);
        }
        let handled = match (tag, self.inline.as_mut()) {
            (Some(tag), Some(b)) => b.html(tag),
            _ => false,
        };
        if !handled {
            let shown: String = html.trim().chars().take(40).collect();
            self.normalizer
                .report
                .warn(self.path, line, format!("HTML dropped: {shown}"));
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
                b.image = Some((dest_url.replace(JOINER, ""), String::new(), line));
            }
            Tag::Table(alignments) => {
                if alignments.iter().any(|a| *a != Alignment::None) {
                    self.normalizer.report.warn(
                        self.path,
                        line,
                        "a table's column alignment is not kept".into(),
                    );
                }
                self.table = Some(TableBuf::default());
            }
            Tag::TableHead => self.table.get_or_insert_default().head(),
            Tag::TableRow => self.table.get_or_insert_default().row(),
            Tag::TableCell => self.start_inline(line),
            Tag::FootnoteDefinition(label) => self.notes.open(&label.replace(JOINER, ""), line),
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
            TagEnd::TableCell => {
                let cell = match self.inline.take() {
                    Some(mut buf) => {
                        let raw = buf.take();
                        self.normalize_inlines(raw, buf.line)
                    }
                    None => Vec::new(),
                };
                self.table.get_or_insert_default().cell(cell);
            }
            TagEnd::TableHead => self.table.get_or_insert_default().head_end(),
            TagEnd::Table => self.end_table(line),
            TagEnd::FootnoteDefinition => self.notes.close(self.path, self.normalizer.report),
            _ => {}
        }
        Ok(())
    }

    /// A table ends: a block of its own; inside a quote or list, each row a paragraph or item of it (cells
    /// set apart by an ideographic space), with a warning.
    fn end_table(&mut self, line: usize) {
        let Some(table) = self.table.take() else {
            return;
        };
        match &mut self.container {
            Container::None => self.push_block(table.finish()),
            Container::Quote(parts) | Container::List { items: parts, .. } => {
                parts.extend(table.finish_as_lines());
                self.normalizer.report.warn(
                    self.path,
                    line,
                    "a table inside a quote or list is read as lines of text".into(),
                );
            }
        }
    }

    /// A heading ends: `#` opens a story, `##` (or deeper) is a subhead or chapter.
    fn end_heading(&mut self, level: HeadingLevel) {
        let Some(mut buf) = self.inline.take() else {
            return;
        };
        let start = buf.line;
        let inlines = buf.take();
        // a line break (`<br>`) in a heading breaks its lines
        let lines: Vec<String> = inlines_text(&inlines)
            .split('\n')
            .map(|l| self.normalizer.inline(l, start).trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        let text = lines.join("\n");
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
            let title = text.replace('\n', "");
            self.push_block(Block::Chapter { level, title });
            return;
        }
        let mut lines = text.split('\n').map(String::from);
        let first = lines.next().unwrap_or_default();
        if self.subhead_open
            && continues_subhead(&first)
            && let Some(Block::Subhead { lines: open }) = self.blocks().last_mut()
        {
            open.push(first);
            open.extend(lines);
            return;
        }
        self.push_block(Block::Subhead {
            lines: std::iter::once(first).chain(lines).collect(),
        });
    }

    /// A paragraph (or code block) ends: into the open quote or list item, or a block of its own.
    fn paragraph_end(&mut self, line: usize) {
        let Some(mut buf) = self.inline.take() else {
            return;
        };
        let start = buf.line;
        let raw = buf.take();
        let inlines = self.normalize_inlines(raw, start);
        let inlines = drop_typed_indent(&mut self.normalizer, inlines);
        if inlines.is_empty() {
            return;
        }
        if self.notes.is_open() {
            self.notes.paragraph(inlines);
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

#[cfg(test)]
mod typed_indent_tests {
    use std::path::Path;

    use crate::model::{Block, Inline};
    use crate::parse::options::{NormalizeOptions, RuleId};
    use crate::parse::report::Report;

    /// The blocks of the one story in `md`, read with `options`, and the report.
    fn read(md: &str, options: &NormalizeOptions) -> (Vec<Block>, Report) {
        let mut report = Report::default();
        let file = crate::parse::markdown::parse(
            md,
            Path::new("s.md"),
            options,
            &crate::parse::markdown::MarkdownOptions::default(),
            Some("zh-CN"),
            &mut report,
        )
        .unwrap();
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
