//! Markdown stories (`.md`), and the model written back as Markdown (`huozi parse --to md`).
//!
//! A Markdown file holds one story or several. Each story opens with a `#` headline; a TOML front matter
//! block between two `+++` lines, right before the headline, gives the story's other heading fields and,
//! once per file, the book's metadata:
//!
//! ```markdown
//! +++
//! column = "“疫”线媒体人"
//! kicker = "为确诊单元送防护物资……"
//! subheadline = "——记老党员宋业宏"
//! dateline = "本报讯"
//! byline = "本报记者 黄晏君"
//!
//! [book]                      # the keys of book.toml's metadata: title, date, identifier, authors, …
//! title = "冰城战“疫”纪事"
//! date = "2022-12-05"
//! identifier = "urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf"
//! +++
//!
//! # 哈报人“老宋”与病毒“贴身”战斗
//!
//! 管控小区一个单元出现3例确诊病例……
//!
//! ## 确诊单元18户居民需防护物资？
//! ## 我去送
//! ```
//!
//! | Markdown | model |
//! |---|---|
//! | `# text` | a new story's headline |
//! | `## text` (also `###` …); consecutive ones | one [`Block::Subhead`], a line each; a line that could not continue a subhead in plain text (over 30 characters, ending in punctuation, or opening with a section number `一、`) opens a subhead of its own |
//! | `## 第一章 …`, or any `## text {.chapter}` / `{.section}` | [`Block::Chapter`] (level 1 / 2) |
//! | paragraph | [`Block::Paragraph`]; `*em*` / `<em>`, `**strong**` / `<strong>` kept; a soft break joins like a hard wrap |
//! | paragraph `编者按：…`, `（图为…）`, `（完）`, `责任编辑：…` | the same blocks as in plain text (the rules of `news`) |
//! | `> …` | [`Block::Quote`] (its paragraphs) |
//! | `- …`, `1. …` | [`Block::List`] (a nested list's items join the outer list, with a warning) |
//! | `![alt](file.png)` in a paragraph of its own or not | [`Block::Image`] (PNG or JPEG, relative to the `.md` file) |
//! | code blocks, HTML blocks | a paragraph of their text / dropped, with a warning |
//!
//! The character rules of normalisation (spaces, full-width letters, punctuation, ellipsis, dash, quotes,
//! invisible characters) apply to each run of text; the line rules (hard wraps, stray blank lines) do not:
//! Markdown says where paragraphs are. Links keep their text only.

use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use super::news::{chapter_level, continues_subhead_text};
use super::normalize::{NormalizeOptions, Normalizer, Report, join_continuation};
use crate::error::{Error, Result};
use crate::model::{Block, Book, Inline, Meta, Story, inlines_text};

/// What one Markdown file holds: its stories, and the `[book]` metadata with the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkdownFile {
    /// Stories in order.
    pub stories: Vec<Story>,
    /// `[book]` metadata from a front matter block, and that block's first line.
    pub meta: Option<(Meta, usize)>,
}

/// A front matter block's keys.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FrontMatter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    column: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kicker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    subheadline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dateline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    byline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    book: Option<Meta>,
}

/// A front matter block found in the file.
struct FrontBlock {
    /// Line of the opening `+++` (1-based).
    first: usize,
    /// Line of the closing `+++`.
    last: usize,
    front: FrontMatter,
}

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

/// Reads a Markdown story file (already decoded; `path` names it in errors and resolves images).
///
/// Errors: [`Error::Input`] naming `path` and the line for an unclosed or bad front matter block, front
/// matter not followed by a `#` headline, text before the first headline, no headline at all, a nested
/// image, a missing, unreadable or non-PNG/JPEG image, or `[book]` given twice.
pub fn parse(
    text: &str,
    path: &Path,
    options: &NormalizeOptions,
    report: &mut Report,
) -> Result<MarkdownFile> {
    let err = |line: usize, message: String| Error::Input {
        path: path.to_path_buf(),
        line: Some(line),
        message,
    };
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return Err(Error::Input {
            path: path.to_path_buf(),
            line: None,
            message: "no text: the file is empty or holds only blank lines".into(),
        });
    }
    let (body, fronts) = split_front_matter(&text, path)?;
    let index = LineIndex::new(&body);
    let mut reader = Reader {
        path,
        dir: path.parent().unwrap_or(Path::new("")),
        normalizer: Normalizer {
            options,
            report,
            path,
        },
        stories: Vec::new(),
        container: Container::None,
        inline: None,
        subhead_open: false,
        first_block_line: Vec::new(),
        heading_classes: Vec::new(),
    };
    let mut depth = 0usize;
    let parser = Parser::new_ext(&body, Options::ENABLE_HEADING_ATTRIBUTES).into_offset_iter();
    for (event, range) in parser {
        let line = index.line(range.start);
        if let Event::Start(tag) = &event {
            if depth == 0 {
                reader.first_block_line.push(line);
                let is_headline = matches!(
                    tag,
                    Tag::Heading {
                        level: HeadingLevel::H1,
                        ..
                    }
                );
                if !is_headline && reader.stories.is_empty() {
                    return Err(err(
                        line,
                        "text before the first `# headline` (a Markdown story opens with one)"
                            .into(),
                    ));
                }
            }
            depth += 1;
        }
        if matches!(event, Event::End(_)) {
            depth = depth.saturating_sub(1);
        }
        if depth == 0 && !matches!(event, Event::End(_)) && reader.stories.is_empty() {
            // A top-level leaf (a rule, stray HTML) before the first headline.
            return Err(err(
                line,
                "text before the first `# headline` (a Markdown story opens with one)".into(),
            ));
        }
        reader.event(event, line)?;
    }
    if reader.stories.is_empty() {
        return Err(err(
            1,
            "no headline: a Markdown story opens with `# headline`".into(),
        ));
    }
    // Front matter belongs to the story whose headline follows it with nothing between.
    let headline_lines: Vec<usize> = reader.stories.iter().map(|s| s.line).collect();
    let mut meta = None;
    for front in fronts {
        let next_block = reader
            .first_block_line
            .iter()
            .copied()
            .find(|&l| l > front.last);
        let story = headline_lines.iter().position(|&l| Some(l) == next_block);
        let Some(k) = story else {
            return Err(err(
                front.first,
                "front matter must stand right before a `# headline`".into(),
            ));
        };
        let s = &mut reader.stories[k];
        if s.front_seen {
            return Err(err(
                front.first,
                "a second front matter block for one story".into(),
            ));
        }
        s.front_seen = true;
        let mut n = |v: Option<String>| v.map(|t| reader.normalizer.inline(&t, front.first));
        s.story.column = n(front.front.column);
        s.story.kicker = n(front.front.kicker);
        s.story.subheadline = n(front.front.subheadline);
        s.story.dateline = n(front.front.dateline);
        s.story.byline = n(front.front.byline);
        if let Some(m) = front.front.book {
            if meta.is_some() {
                return Err(err(
                    front.first,
                    "[book] metadata given twice in one file".into(),
                ));
            }
            meta = Some((m, front.first));
        }
    }
    Ok(MarkdownFile {
        stories: reader.stories.into_iter().map(|s| s.story).collect(),
        meta,
    })
}

/// Finds the `+++` front matter blocks (outside fenced code), parses them, and blanks their lines in the
/// returned text so that byte offsets still give the file's line numbers.
fn split_front_matter(text: &str, path: &Path) -> Result<(String, Vec<FrontBlock>)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut body: Vec<&str> = Vec::with_capacity(lines.len());
    let mut fronts = Vec::new();
    let mut fence: Option<&str> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
        } else if trimmed.starts_with("```") {
            fence = Some("```");
        } else if trimmed.starts_with("~~~") {
            fence = Some("~~~");
        } else if line.trim_end() == "+++" {
            let close = (i + 1..lines.len()).find(|&j| lines[j].trim_end() == "+++");
            let Some(close) = close else {
                return Err(Error::Input {
                    path: path.to_path_buf(),
                    line: Some(i + 1),
                    message: "front matter opened with `+++` is never closed".into(),
                });
            };
            let toml_text = lines[i + 1..close].join("\n");
            let front: FrontMatter = toml::from_str(&toml_text).map_err(|e| {
                let at = e
                    .span()
                    .map_or(0, |s| toml_text[..s.start].matches('\n').count());
                Error::Input {
                    path: path.to_path_buf(),
                    line: Some(i + 2 + at),
                    message: format!("front matter: {}", e.message()),
                }
            })?;
            fronts.push(FrontBlock {
                first: i + 1,
                last: close + 1,
                front,
            });
            body.extend(std::iter::repeat_n("", close + 1 - i));
            i = close + 1;
            continue;
        }
        body.push(line);
        i += 1;
    }
    Ok((body.join("\n"), fronts))
}

/// A story being read, with the line of its headline.
struct StoryAt {
    story: Story,
    line: usize,
    front_seen: bool,
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

/// Inline content being collected (a paragraph, heading, list item or image's alt text).
struct InlineBuf {
    /// Stack of open spans: the root, then emphasis/strong.
    stack: Vec<(Span, Vec<Inline>)>,
    /// A soft break waits for the next text to decide on a space.
    pending_break: bool,
    /// Last character written (for the break decision).
    last: Option<char>,
    /// Line where it started.
    line: usize,
    /// Inside `![…]`: the alt text collects here.
    image: Option<(String, String, usize)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Span {
    Root,
    Emphasis,
    Strong,
}

impl InlineBuf {
    fn new(line: usize) -> InlineBuf {
        InlineBuf {
            stack: vec![(Span::Root, Vec::new())],
            pending_break: false,
            last: None,
            line,
            image: None,
        }
    }

    fn text(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        if let Some((_, alt, _)) = &mut self.image {
            alt.push_str(t);
            return;
        }
        let mut t = t.to_string();
        if self.pending_break {
            let mut joined = self.last.map(String::from).unwrap_or_default();
            let before = joined.len();
            join_continuation(&mut joined, &t);
            t = joined[before..].to_string();
            self.pending_break = false;
        }
        self.last = t.chars().last().or(self.last);
        let top = &mut self.stack.last_mut().expect("root").1;
        match top.last_mut() {
            Some(Inline::Text(prev)) => prev.push_str(&t),
            _ => top.push(Inline::Text(t)),
        }
    }

    fn open(&mut self, span: Span) {
        self.stack.push((span, Vec::new()));
    }

    fn close(&mut self, span: Span) {
        if self.stack.len() < 2 || self.stack.last().is_some_and(|(s, _)| *s != span) {
            return;
        }
        let (s, inner) = self.stack.pop().expect("an open span");
        if inner.is_empty() {
            return;
        }
        let inline = match s {
            Span::Emphasis => Inline::Emphasis(inner),
            _ => Inline::Strong(inner),
        };
        self.stack.last_mut().expect("root").1.push(inline);
    }

    /// The content so far (open spans closed), leaving the buffer empty.
    fn take(&mut self) -> Vec<Inline> {
        while self.stack.len() > 1 {
            let span = self.stack.last().expect("a span").0;
            self.close(span);
        }
        self.last = None;
        self.pending_break = false;
        std::mem::take(&mut self.stack[0].1)
    }
}

/// The event walker.
struct Reader<'a> {
    path: &'a Path,
    dir: &'a Path,
    normalizer: Normalizer<'a>,
    stories: Vec<StoryAt>,
    container: Container,
    inline: Option<InlineBuf>,
    /// The last block was a subhead (the next `##` may add a line to it).
    subhead_open: bool,
    /// Line of each top-level block's start.
    first_block_line: Vec<usize>,
    /// Classes of the heading being read (`{.chapter}`).
    heading_classes: Vec<String>,
}

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
            Tag::BlockQuote(_) => {
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
            Tag::List(start) => match &mut self.container {
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
            },
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

    fn end(&mut self, tag: TagEnd, line: usize) -> Result<()> {
        match tag {
            TagEnd::Heading(level) => {
                let Some(mut buf) = self.inline.take() else {
                    return Ok(());
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
            TagEnd::Paragraph | TagEnd::CodeBlock => self.paragraph_end(line),
            TagEnd::Item => self.flush_item(),
            TagEnd::List(_) => {
                self.flush_item();
                if let Container::List { depth, .. } = &mut self.container
                    && *depth > 0
                {
                    *depth -= 1;
                    return Ok(());
                }
                if let Container::List {
                    ordered,
                    start,
                    items,
                    ..
                } = std::mem::replace(&mut self.container, Container::None)
                {
                    let items: Vec<Vec<Inline>> =
                        items.into_iter().filter(|i| !i.is_empty()).collect();
                    if !items.is_empty() {
                        self.push_block(Block::List {
                            ordered,
                            start,
                            items,
                        });
                    }
                }
            }
            TagEnd::BlockQuote(_) => {
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
            && continues_subhead_text(&text)
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
        let src = self.image_src(&dest, line)?;
        let alt = self.normalizer.inline(&alt, line).trim().to_string();
        self.push_block(Block::Image { src, alt });
        Ok(())
    }

    /// Resolves and checks an image path: a local PNG or JPEG file whose extension says which.
    fn image_src(&self, dest: &str, line: usize) -> Result<String> {
        if dest.contains("://") || dest.starts_with("data:") {
            return Err(self.err(
                line,
                format!("image {dest:?}: only local image files can be used"),
            ));
        }
        let joined = clean_path(&self.dir.join(dest));
        let src = joined
            .to_str()
            .ok_or_else(|| self.err(line, format!("image {dest:?}: the path is not UTF-8")))?
            .replace('\\', "/");
        let bytes = std::fs::read(&joined)
            .map_err(|e| self.err(line, format!("image {src} cannot be read: {e}")))?;
        let Some((format, _, _)) = crate::assets::probe(&bytes) else {
            return Err(self.err(line, format!("image {src} is not a PNG or JPEG file")));
        };
        let lower = src.to_ascii_lowercase();
        let named = if lower.ends_with(".png") {
            Some(crate::assets::ImageFormat::Png)
        } else if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
            Some(crate::assets::ImageFormat::Jpeg)
        } else {
            None
        };
        if named != Some(format) {
            return Err(self.err(
                line,
                format!(
                    "image {src} holds a {} image: name it .{}",
                    format.media_type(),
                    format.extension()
                ),
            ));
        }
        Ok(src)
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
    match super::news::classify_block_text(&text) {
        Some(super::news::BlockKind::Note) => Block::EditorsNote { inlines },
        Some(super::news::BlockKind::Caption) => Block::Caption { text },
        Some(super::news::BlockKind::Ending) => Block::Ending { text },
        Some(super::news::BlockKind::Editor) => Block::Editor { text },
        None => Block::Paragraph { inlines },
    }
}

/// Drops `.` components and folds `dir/..` (lexically; the file system is not asked).
fn clean_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

/// The book as Markdown that [`parse`] reads back into the same stories and metadata: each story a front
/// matter block (its heading fields; the first also `[book]`) and a `#` headline, then its blocks.
pub fn to_markdown(book: &Book) -> String {
    let mut out = String::new();
    for (i, story) in book.stories.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let front = FrontMatter {
            column: story.column.clone(),
            kicker: story.kicker.clone(),
            subheadline: story.subheadline.clone(),
            dateline: story.dateline.clone(),
            byline: story.byline.clone(),
            book: (i == 0).then(|| book.meta.clone()),
        };
        if front != FrontMatter::default() {
            let toml = toml::to_string(&front).expect("front matter serialises");
            out.push_str("+++\n");
            out.push_str(&toml);
            if !toml.ends_with('\n') {
                out.push('\n');
            }
            out.push_str("+++\n\n");
        }
        out.push_str("# ");
        out.push_str(&escape(&story.headline.replace('\n', " "), true));
        out.push_str("\n\n");
        for block in &story.blocks {
            write_block(&mut out, block);
        }
    }
    out
}

fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Paragraph { inlines } | Block::EditorsNote { inlines } => {
            out.push_str(&write_inlines(inlines, true));
            out.push_str("\n\n");
        }
        Block::Subhead { lines } => {
            for line in lines {
                out.push_str("## ");
                out.push_str(&escape(line, true));
                out.push('\n');
            }
            out.push('\n');
        }
        Block::Chapter { level, title } => {
            out.push_str("## ");
            out.push_str(&escape(title, true));
            if chapter_level(title) != Some(*level) {
                out.push_str(if *level == 1 {
                    " {.chapter}"
                } else {
                    " {.section}"
                });
            }
            out.push_str("\n\n");
        }
        Block::Caption { text } | Block::Ending { text } | Block::Editor { text } => {
            out.push_str(&escape(text, true));
            out.push_str("\n\n");
        }
        Block::Quote { paragraphs } => {
            for (k, p) in paragraphs.iter().enumerate() {
                if k > 0 {
                    out.push_str(">\n");
                }
                out.push_str("> ");
                out.push_str(&write_inlines(p, true));
                out.push('\n');
            }
            out.push('\n');
        }
        Block::List {
            ordered,
            start,
            items,
        } => {
            for (k, item) in items.iter().enumerate() {
                if *ordered {
                    out.push_str(&format!("{}. ", start + k as u64));
                } else {
                    out.push_str("- ");
                }
                out.push_str(&write_inlines(item, true));
                out.push('\n');
            }
            out.push('\n');
        }
        Block::Image { src, alt } => {
            let dest = if src.contains([' ', '(', ')', '<', '>']) {
                format!("<{src}>")
            } else {
                src.clone()
            };
            out.push_str(&format!("![{}]({dest})\n\n", escape(alt, false)));
        }
    }
}

/// Inline content as Markdown: `*…*` / `**…**` where the delimiters are sure to work, `<em>` / `<strong>`
/// otherwise (CommonMark's flanking rules fail next to full-width punctuation).
fn write_inlines(inlines: &[Inline], mut at_start: bool) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push_str(&escape(t, at_start)),
            Inline::Emphasis(inner) | Inline::Strong(inner) => {
                let strong = matches!(inline, Inline::Strong(_));
                let text = inlines_text(inner);
                let plain = inner.iter().all(|i| matches!(i, Inline::Text(_)));
                let safe = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                let body = write_inlines(inner, false);
                if plain && safe(text.chars().next()) && safe(text.chars().last()) {
                    let d = if strong { "**" } else { "*" };
                    out.push_str(&format!("{d}{body}{d}"));
                } else {
                    let t = if strong { "strong" } else { "em" };
                    out.push_str(&format!("<{t}>{body}</{t}>"));
                }
            }
        }
        at_start = false;
    }
    out
}

/// Backslash-escapes what Markdown would read as markup: `\ ` * _ [ ] < > & { } ~ #` anywhere, and at a
/// line start `+ - =` and the `.`/`)` of a number.
fn escape(text: &str, at_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let first = at_start && i == 0;
        let number_mark = at_start
            && matches!(c, '.' | ')')
            && i > 0
            && chars[..i].iter().all(char::is_ascii_digit);
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '{' | '}' | '~' | '#'
        ) || (first && matches!(c, '+' | '-' | '='))
            || number_mark
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
