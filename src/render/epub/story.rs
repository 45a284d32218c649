//! A story's content document. Every element that shows text carries its role's name as its class
//! ([`crate::style::Role::name`]), and its text is recorded under the role's face.
//!
//! ```text
//! <section class="story" epub:type="chapter">
//!   <span epub:type="pagebreak" id="page-3" …/>          where print page 3 begins (see [`PageMark`])
//!   <header> p.column? p.kicker? h1.headline p.subheadline? p.byline? (when not run into a dateline) </header>
//!   <p><span class="dateline">本报讯（记者 梁可心）</span>…</p>   paragraphs before the first subhead
//!   <section class="subhead" id="sec-1" epub:type="subchapter"> <h2 class="subhead">…</h2> <p>…</p> … </section>
//!   (h2.chapter and h3.section open their sections the same way; p.note with span.note-label,
//!    blockquote.quote, p.caption, p.credit, p.ending, lists and figures stand in them)
//! </section>
//! ```

use std::collections::{BTreeMap, VecDeque};

use super::failure::fail;
use super::usage::Usage;
use super::xhtml::{Doc, GAP_CLASS};
use super::xml::Written;
use crate::assets::Images;
use crate::error::Result;
use crate::fonts::FontId;
use crate::model::{Block, Inline, Story, list_marker};
use crate::script::{ideographic_gaps, is_han};
use crate::style::{Marks as InlineMarks, Role, Style};

/// A page-list marker: print page `folio` begins at this place of a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PageMark {
    /// The block the page begins in; `None`: the story's heading block.
    pub block: Option<usize>,
    /// Byte offset into the block's `plain_text()` (0 for a heading or a subhead).
    pub offset: usize,
    /// The page's folio.
    pub folio: u32,
}

/// Id of the page-break marker of print page `folio` (unique in the book).
pub(super) fn page_id(folio: u32) -> String {
    format!("page-{folio}")
}

/// The content document of story `i` (0-based), relative to `OEBPS/`.
pub(super) fn story_href(i: usize) -> String {
    format!("story-{:03}.xhtml", i + 1)
}

/// The labels an editor's note may open with, longest first (as the parser finds them).
const NOTE_LABELS: [&str; 4] = ["【编者按】", "编者按：", "编者按:", "编者按"];

/// A story's content document and what the navigation needs from it.
#[derive(Debug, Clone)]
pub(super) struct StoryDoc {
    /// The XHTML document and its ids.
    pub written: Written,
    /// `(id, text)` of each section's heading (subheads, chapters, sections), in order.
    pub sections: Vec<(String, String)>,
}

/// Text of another role set at the start of a paragraph-like block.
#[derive(Debug, Clone, Copy)]
enum RunIn<'a> {
    /// Text standing before the block's own (the dateline, which is not part of the block's plain text).
    Before(Role, &'a str),
    /// The opening of the block's own text, set in another role (the editor's note's label).
    Opening(Role, &'a str),
}

/// Page marks waiting in a block: `(offset, folio)`, offsets ascending.
type Marks = VecDeque<(usize, u32)>;

/// Writes one story: the document, the style it is set in, and the state of the open section.
struct StoryWriter<'d, 'u> {
    doc: &'d mut Doc<'u>,
    style: &'d Style,
    in_section: bool,
    sections: Vec<(String, String)>,
    /// Inside text whose inline role draws emphasis dots: only Han characters take them (as in print).
    dots: bool,
}

impl StoryWriter<'_, '_> {
    /// An element of `role` (class = the role's name) holding `text` in the role's face.
    fn role_element(&mut self, name: &str, role: Role, text: &str) {
        let font = self.style.role(role).font;
        self.doc
            .element(name, &[("class", role.name())], font, text);
        self.doc.line();
    }

    /// An empty page-break marker for print page `folio` (EPUB 3 Structural Semantics `pagebreak`,
    /// DPUB-ARIA `doc-pagebreak`; the title is the page's label).
    fn page_mark(&mut self, folio: u32) {
        let id = page_id(folio);
        let label = folio.to_string();
        self.doc.start(
            "span",
            &[
                ("epub:type", "pagebreak"),
                ("role", "doc-pagebreak"),
                ("id", &id),
                ("title", &label),
            ],
        );
        self.doc.end("span");
    }

    /// A page-break marker for each of `marks` still waiting, in order.
    fn flush(&mut self, marks: &mut Marks) {
        for (_, folio) in marks.drain(..) {
            self.page_mark(folio);
        }
    }

    /// Closes the open section (if any) and opens one for a heading of `role` (`subhead`, `chapter`,
    /// `section`) in element `tag`, with `marks` (a page begins at the heading) before the heading; records
    /// `(id, text)` for the contents.
    fn section(&mut self, role: Role, tag: &str, lines: &[&str], marks: &mut Marks) {
        self.close_section();
        self.in_section = true;
        let id = format!("sec-{}", self.sections.len() + 1);
        self.doc.start(
            "section",
            &[
                ("class", role.name()),
                ("id", &id),
                ("epub:type", "subchapter"),
            ],
        );
        self.doc.line();
        self.flush(marks);
        self.doc.start(tag, &[("class", role.name())]);
        self.doc.lines(self.style.role(role).font, lines);
        self.doc.end(tag);
        self.doc.line();
        let text: String = lines.iter().map(|l| l.trim()).collect();
        self.sections.push((id, text));
    }

    fn close_section(&mut self) {
        if self.in_section {
            self.doc.end("section");
            self.doc.line();
            self.in_section = false;
        }
    }

    /// Inline content set in `fonts` (the face it is styled in first, then any other face a reading
    /// system may show it in), with a page-break marker where each of `marks` falls. `pos` is the byte
    /// offset of the content in the block's plain text; a mark inside a character moves to the character's
    /// end. Strong and emphasised text take the faces their inline roles give them inside `fonts`.
    fn inlines(
        &mut self,
        inlines: &[Inline],
        fonts: &[FontId],
        pos: &mut usize,
        marks: &mut Marks,
    ) {
        for inline in inlines {
            let (tag, inner, role) = match inline {
                Inline::Text(t) => {
                    self.text(t, fonts, pos, marks);
                    continue;
                }
                Inline::Emphasis(inner) => ("em", inner, &self.style.roles.emphasis),
                Inline::Strong(inner) => ("strong", inner, &self.style.roles.strong),
            };
            let mut inner_fonts: Vec<FontId> = Vec::new();
            for &outer in fonts {
                let (own, fallback) = self.doc.inline_fonts(role, outer);
                for f in std::iter::once(own).chain(fallback) {
                    if !inner_fonts.contains(&f) {
                        inner_fonts.push(f);
                    }
                }
            }
            let outer_dots = self.dots;
            self.dots |= role.marks == InlineMarks::Dots;
            self.doc.start(tag, &[]);
            self.inlines(inner, &inner_fonts, pos, marks);
            self.doc.end(tag);
            self.dots = outer_dots;
        }
    }

    /// Plain text in `fonts`, with the marks that fall inside it. A space the typesetter sets as an
    /// ideographic gap ([`ideographic_gaps`]) goes in a `span.ideographic-space` (one em wide); inside
    /// emphasised text, characters other than Han go in a `span.no-dots` (no emphasis dots under
    /// punctuation, Latin letters or digits, as in print).
    fn text(&mut self, text: &str, fonts: &[FontId], pos: &mut usize, marks: &mut Marks) {
        let gaps = ideographic_gaps(text);
        let dots = self.dots;
        let mut at = 0;
        while let Some(&(offset, folio)) = marks.front() {
            let k = offset.saturating_sub(*pos + at);
            if at + k >= text.len() {
                break;
            }
            let end = (at + k..=text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(text.len());
            write_run(self.doc, fonts, text, at..end, &gaps, dots);
            self.page_mark(folio);
            marks.pop_front();
            at = end;
        }
        write_run(self.doc, fonts, text, at..text.len(), &gaps, dots);
        *pos += text.len();
    }

    /// A paragraph-like block: `<tag class=…>` (no class for body text) holding inline content in the
    /// role's face, its marks placed, `run_in` (text of another role: the dateline, the note's label) in a
    /// span first.
    fn paragraph(
        &mut self,
        tag: &str,
        role: Role,
        run_in: Option<RunIn>,
        inlines: &[Inline],
        marks: &mut Marks,
    ) {
        let class = [("class", role.name())];
        let attrs: &[(&str, &str)] = if role == Role::Body { &[] } else { &class };
        self.doc.start(tag, attrs);
        let mut pos = 0;
        match run_in {
            Some(RunIn::Before(run_in, text)) => {
                // Not the block's text: a page that begins with the block begins before it.
                while let Some(&(0, folio)) = marks.front() {
                    self.page_mark(folio);
                    marks.pop_front();
                }
                let font = self.style.role(run_in).font;
                self.doc
                    .element("span", &[("class", run_in.name())], font, text);
            }
            Some(RunIn::Opening(run_in, text)) => {
                self.doc.start("span", &[("class", run_in.name())]);
                let font = self.style.role(run_in).font;
                self.text(text, &[font], &mut pos, marks);
                self.doc.end("span");
            }
            None => {}
        }
        let font = self.style.role(role).font;
        self.inlines(inlines, &[font], &mut pos, marks);
        self.flush(marks);
        self.doc.end(tag);
        self.doc.line();
    }

    /// The heading block: column tag, kicker, headline, subheadline, and the byline when it stands alone.
    fn header(&mut self, story: &Story) {
        self.doc.start("header", &[]);
        self.doc.line();
        if let Some(column) = &story.column {
            self.role_element("p", Role::Column, column);
        }
        if let Some(kicker) = &story.kicker {
            self.role_element("p", Role::Kicker, kicker);
        }
        self.doc.start("h1", &[("class", Role::Headline.name())]);
        let lines: Vec<&str> = story.headline.lines().collect();
        self.doc.lines(self.style.roles.headline.font, &lines);
        self.doc.end("h1");
        self.doc.line();
        if let Some(sub) = &story.subheadline {
            self.role_element("p", Role::Subheadline, sub);
        }
        if let Some(byline) = story.standalone_byline() {
            self.role_element("p", Role::Byline, byline);
        }
        self.doc.end("header");
        self.doc.line();
    }
}

/// The XHTML document of `story`. `lang` is the book's BCP 47 tag; `marks` are the page-list markers that
/// fall in this story, in reading order; `images` are the book's images (an image block points at its
/// copy in the container); the characters of its text are recorded in `usage`.
///
/// Errors: [`crate::Error::Render`] when a mark names a block the story does not have, or an image block
/// names an image not in `images`.
/// What a piece of story text is set as in the XHTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    /// Plain text.
    Plain,
    /// A space set one em wide.
    Gap,
    /// Emphasised text that takes no dots.
    NoDots,
}

/// Writes `text[range]` in `fonts` (the face it is styled in first; its characters are recorded under
/// the others too), splitting it into [`Run`]s: spaces at `gaps` (byte offsets into `text`), and, when
/// `dots`, the characters other than Han.
fn write_run(
    doc: &mut Doc,
    fonts: &[FontId],
    text: &str,
    range: std::ops::Range<usize>,
    gaps: &[usize],
    dots: bool,
) {
    let kind = |i: usize, c: char| {
        if gaps.contains(&i) {
            Run::Gap
        } else if dots && !is_han(c) && !c.is_whitespace() {
            Run::NoDots
        } else {
            Run::Plain
        }
    };
    let piece = &text[range.clone()];
    let mut runs: Vec<(Run, usize, usize)> = Vec::new();
    for (i, c) in piece.char_indices() {
        let k = kind(range.start + i, c);
        match runs.last_mut() {
            Some((last, _, end)) if *last == k && k != Run::Gap => *end = i + c.len_utf8(),
            _ => runs.push((k, i, i + c.len_utf8())),
        }
    }
    for (k, a, b) in runs {
        let t = &piece[a..b];
        for &f in &fonts[1..] {
            doc.record(f, t);
        }
        match k {
            Run::Plain => doc.text(fonts[0], t),
            Run::Gap => doc.element_plain("span", &[("class", GAP_CLASS)], fonts[0], t),
            Run::NoDots => doc.element_plain("span", &[("class", "no-dots")], fonts[0], t),
        }
    }
}

pub(super) fn story_document(
    story: &Story,
    lang: &str,
    style: &Style,
    marks: &[PageMark],
    images: &Images,
    usage: &mut Usage,
) -> Result<StoryDoc> {
    let mut by_block = marks_by_block(story, marks)?;
    let mut doc = Doc::open(lang, &headline_text(&story.headline), &[], usage);
    let mut w = StoryWriter {
        doc: &mut doc,
        style,
        in_section: false,
        sections: Vec::new(),
        dots: false,
    };
    w.doc
        .start("section", &[("class", "story"), ("epub:type", "chapter")]);
    w.doc.line();
    for (_, folio) in by_block.remove(&None).unwrap_or_default() {
        w.page_mark(folio);
        w.doc.line();
    }
    w.header(story);
    let mut dateline = story.run_in();
    for (bi, block) in story.blocks.iter().enumerate() {
        let mut marks = by_block.remove(&Some(bi)).unwrap_or_default();
        let after_paragraph = bi > 0 && matches!(story.blocks[bi - 1], Block::Paragraph { .. });
        if let Block::Paragraph { inlines } = block {
            let run_in = dateline.take();
            let prefix = run_in.as_deref().map(|t| RunIn::Before(Role::Dateline, t));
            // An end mark runs into the paragraph before it, as in print.
            let mut inlines = inlines.clone();
            if let Some(Block::Ending { text }) = story.blocks.get(bi + 1) {
                inlines.push(Inline::Text(text.clone()));
            }
            w.paragraph("p", Role::Body, prefix, &inlines, &mut marks);
        } else if !(matches!(block, Block::Ending { .. }) && after_paragraph) {
            block_element(&mut w, block, images, &mut marks)?;
        }
        // A block that placed none of its marks (a page begins at it) gets them after it: every page of
        // the page-list keeps a target.
        w.flush(&mut marks);
    }
    // A dateline with no paragraph to run into still gets printed.
    if let Some(text) = dateline {
        w.paragraph(
            "p",
            Role::Body,
            Some(RunIn::Before(Role::Dateline, &text)),
            &[],
            &mut Marks::new(),
        );
    }
    w.close_section();
    w.doc.end("section");
    w.doc.line();
    let sections = std::mem::take(&mut w.sections);
    Ok(StoryDoc {
        written: doc.finish(),
        sections,
    })
}

/// Each block's page marks, sorted by offset; `None` is the heading block.
///
/// Errors: [`crate::Error::Render`] when a mark names a block the story does not have.
fn marks_by_block(story: &Story, marks: &[PageMark]) -> Result<BTreeMap<Option<usize>, Marks>> {
    let mut by_block: BTreeMap<Option<usize>, Marks> = BTreeMap::new();
    for m in marks {
        if m.block.is_some_and(|b| b >= story.blocks.len()) {
            return Err(fail(format!(
                "page {} begins at block {:?} of “{}”, which has {} blocks",
                m.folio,
                m.block,
                headline_text(&story.headline),
                story.blocks.len()
            )));
        }
        by_block
            .entry(m.block)
            .or_default()
            .push_back((m.offset, m.folio));
    }
    for queue in by_block.values_mut() {
        queue.make_contiguous().sort();
    }
    Ok(by_block)
}

/// Every block but a running paragraph.
fn block_element(
    w: &mut StoryWriter,
    block: &Block,
    images: &Images,
    marks: &mut Marks,
) -> Result<()> {
    let text = |t: &str| vec![Inline::Text(t.to_string())];
    match block {
        Block::Paragraph { inlines } => w.paragraph("p", Role::Body, None, inlines, marks),
        Block::Subhead { lines } => {
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            w.section(Role::Subhead, "h2", &lines, marks);
        }
        Block::Chapter { level, title } => {
            let (role, tag) = if *level <= 1 {
                (Role::Chapter, "h2")
            } else {
                (Role::Section, "h3")
            };
            w.section(role, tag, &[title.as_str()], marks);
        }
        Block::EditorsNote { inlines } => note(w, inlines, marks),
        Block::Quote { paragraphs } => {
            // Offsets run on through the paragraphs, as in `plain_text()`.
            let font = w.style.roles.quote.font;
            let mut pos = 0;
            w.doc.start("blockquote", &[("class", Role::Quote.name())]);
            w.doc.line();
            for p in paragraphs {
                w.doc.start("p", &[]);
                w.inlines(p, &[font], &mut pos, marks);
                w.doc.end("p");
                w.doc.line();
            }
            w.flush(marks);
            w.doc.end("blockquote");
            w.doc.line();
        }
        Block::List {
            ordered,
            start,
            items,
        } => list(w, *ordered, *start, items, marks),
        Block::Image { src, alt } => {
            w.flush(marks);
            let href = images
                .get(src)
                .map(crate::assets::epub_href)
                .ok_or_else(|| fail(format!("the image {src} was not loaded")))?;
            w.doc.start("figure", &[("class", "image")]);
            w.doc.empty("img", &[("src", &href), ("alt", alt)]);
            w.doc.end("figure");
            w.doc.line();
        }
        Block::Caption { text: t } => w.paragraph("p", Role::Caption, None, &text(t), marks),
        Block::Editor { text: t } => w.paragraph("p", Role::Credit, None, &text(t), marks),
        Block::Ending { text: t } => {
            // The end mark is body text set against the end of the measure.
            w.doc.start("p", &[("class", "ending")]);
            let font = w.style.roles.body.font;
            w.inlines(&text(t), &[font], &mut 0, marks);
            w.flush(marks);
            w.doc.end("p");
            w.doc.line();
        }
    }
    Ok(())
}

/// An editor's note: `<p class="note">`, its label (`编者按：`) in a `note-label` span.
fn note(w: &mut StoryWriter, inlines: &[Inline], marks: &mut Marks) {
    let label = match inlines.first() {
        Some(Inline::Text(first)) => NOTE_LABELS
            .iter()
            .find(|l| first.starts_with(**l))
            .map(|l| (&first[..l.len()], &first[l.len()..])),
        _ => None,
    };
    match label {
        Some((label, rest)) => {
            let mut body = vec![Inline::Text(rest.to_string())];
            body.extend(inlines[1..].iter().cloned());
            body.retain(|i| i != &Inline::Text(String::new()));
            w.paragraph(
                "p",
                Role::Note,
                Some(RunIn::Opening(Role::NoteLabel, label)),
                &body,
                marks,
            );
        }
        None => w.paragraph("p", Role::Note, None, inlines, marks),
    }
}

/// A numbered (`ol`, from `start`) or bulleted (`ul`) list in the body face.
fn list(w: &mut StoryWriter, ordered: bool, start: u64, items: &[Vec<Inline>], marks: &mut Marks) {
    let tag = if ordered { "ol" } else { "ul" };
    let start_number = start;
    let start = start.to_string();
    if ordered && start != "1" {
        w.doc.start(tag, &[("start", &start)]);
    } else {
        w.doc.start(tag, &[]);
    }
    w.doc.line();
    let font = w.style.roles.body.font;
    // The markers are the stylesheet's (`list-style-type`), the same characters as print's
    // (`model::list_marker`): the embedded face must hold them.
    for k in 0..items.len() as u64 {
        w.doc.record(font, &list_marker(ordered, start_number + k));
    }
    let mut pos = 0;
    for item in items {
        w.doc.start("li", &[]);
        w.inlines(item, &[font], &mut pos, marks);
        w.doc.end("li");
        w.doc.line();
    }
    w.flush(marks);
    w.doc.end(tag);
    w.doc.line();
}

/// The headline as one line of plain text (for `<title>`, the nav and the NCX): line breaks dropped.
pub(super) fn headline_text(headline: &str) -> String {
    headline.lines().map(str::trim).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontId;
    use std::collections::BTreeSet;

    fn story() -> Story {
        Story {
            column: None,
            kicker: None,
            headline: "全方位融入 社区“疫”线添暖流".into(),
            subheadline: Some("市委政法委下沉小分队提供及时高效暖心服务".into()),
            dateline: Some("本报讯".into()),
            byline: Some("记者 梁可心".into()),
            blocks: vec![
                Block::Subhead {
                    lines: vec!["确诊单元18户居民需防护物资？".into(), "我去送".into()],
                },
                Block::paragraph("在外卖存放点设置泡沫保温箱"),
                Block::paragraph("第二段"),
            ],
        }
    }

    fn doc(story: &Story, marks: &[PageMark]) -> String {
        let style = Style::default_style();
        let mut usage = Usage::new(
            style.roles.body.font,
            &crate::fonts::FontSet::bundled().unwrap(),
        );
        story_document(story, "zh-CN", &style, marks, &Images::new(), &mut usage)
            .unwrap()
            .written
            .text
    }

    #[test]
    fn print_and_epub_agree_on_dots_gaps_end_marks_and_list_markers() {
        let mut s = story();
        s.blocks = vec![
            Block::Paragraph {
                inlines: vec![
                    Inline::Text("全市".into()),
                    Inline::Emphasis(vec![Inline::Text("GDP同比增长5.2%".into())]),
                ],
            },
            Block::Ending {
                text: "（完）".into(),
            },
            Block::List {
                ordered: true,
                start: 3,
                items: vec![vec![Inline::Text("冰滑梯".into())]],
            },
            Block::Ending {
                text: "（完）".into(),
            },
        ];
        let d = doc(&s, &[]);
        // dots under Han only
        assert!(
            d.contains(
                "全市<em><span class=\"no-dots\">GDP</span>同比增长<span class=\"no-dots\">5.2%</span></em>（完）</p>"
            ),
            "{d}"
        );
        // the end mark runs into the paragraph before it; after a list it stands alone
        assert_eq!(d.matches("class=\"ending\"").count(), 1, "{d}");
        // the headline's space is one em, as the typesetter sets it
        assert!(
            d.contains("全方位融入<span class=\"ideographic-space\"> </span>社区"),
            "{d}"
        );
        // list markers: the characters print sets go into the embedded face
        let style = Style::default_style();
        let mut usage = Usage::new(
            style.roles.body.font,
            &crate::fonts::FontSet::bundled().unwrap(),
        );
        story_document(&s, "zh-CN", &style, &[], &Images::new(), &mut usage).unwrap();
        let body: Vec<char> = usage
            .faces()
            .find(|(f, _)| *f == style.roles.body.font)
            .unwrap()
            .1
            .iter()
            .copied()
            .collect();
        for c in "3．".chars() {
            assert!(body.contains(&c), "{c}");
        }
    }

    fn mark(block: Option<usize>, offset: usize, folio: u32) -> PageMark {
        PageMark {
            block,
            offset,
            folio,
        }
    }

    #[test]
    fn dateline_and_byline_run_into_the_first_paragraph() {
        let doc = doc(&story(), &[]);
        assert!(
            doc.contains("<p><span class=\"dateline\">本报讯（记者<span class=\"ideographic-space\"> </span>梁可心）</span>在外卖存放点"),
            "{doc}"
        );
        assert!(!doc.contains("class=\"byline\""), "{doc}");
        assert_eq!(doc.matches("class=\"dateline\"").count(), 1);
        assert!(doc.contains("<h2 class=\"subhead\">确诊单元18户居民需防护物资？<br/>我去送</h2>"));
        assert!(doc.contains("lang=\"zh-CN\" xml:lang=\"zh-CN\">"));
    }

    #[test]
    fn subheads_open_sections_that_hold_their_paragraphs() {
        let mut s = story();
        s.blocks.insert(0, Block::paragraph("导语"));
        s.blocks.push(Block::Subhead {
            lines: vec!["第二节".into()],
        });
        s.blocks.push(Block::paragraph("尾段"));
        let style = Style::default_style();
        let mut usage = Usage::new(
            style.roles.body.font,
            &crate::fonts::FontSet::bundled().unwrap(),
        );
        let d = story_document(&s, "zh-CN", &style, &[], &Images::new(), &mut usage).unwrap();
        assert_eq!(
            d.sections,
            vec![
                (
                    "sec-1".to_string(),
                    "确诊单元18户居民需防护物资？我去送".to_string()
                ),
                ("sec-2".to_string(), "第二节".to_string())
            ]
        );
        let x = &d.written.text;
        let order = [
            "</header>\n<p><span class=\"dateline\">本报讯（记者<span class=\"ideographic-space\"> </span>梁可心）</span>导语</p>",
            "<section class=\"subhead\" id=\"sec-1\" epub:type=\"subchapter\">\n<h2 class=\"subhead\">",
            "<p>第二段</p>\n</section>\n<section class=\"subhead\" id=\"sec-2\"",
            "<h2 class=\"subhead\">第二节</h2>\n<p>尾段</p>\n</section>\n</section>\n</body>",
        ];
        let mut at = 0;
        for o in order {
            at += x[at..]
                .find(o)
                .unwrap_or_else(|| panic!("{o} after {at} in {x}"));
        }
    }

    #[test]
    fn byline_without_dateline_stands_in_the_header() {
        let mut s = story();
        s.dateline = None;
        s.byline = Some("本报记者 黄晏君".into());
        s.column = Some("“疫”线媒体人".into());
        s.kicker = Some("引题".into());
        let doc = doc(&s, &[]);
        let header = &doc[doc.find("<header>").unwrap()..doc.find("</header>").unwrap()];
        let order = [
            "<p class=\"column\">“疫”线媒体人</p>",
            "<p class=\"kicker\">引题</p>",
            "<h1 class=\"headline\">",
            "<p class=\"subheadline\">",
            "<p class=\"byline\">本报记者<span class=\"ideographic-space\"> </span>黄晏君</p>",
        ];
        let pos: Vec<usize> = order
            .iter()
            .map(|o| header.find(o).unwrap_or_else(|| panic!("{o} in {header}")))
            .collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]), "{header}");
        assert!(!doc.contains("dateline"));
    }

    #[test]
    fn text_is_escaped_and_markup_kept() {
        let mut s = story();
        s.headline = "A&B <script>".into();
        s.blocks = vec![Block::Paragraph {
            inlines: vec![
                Inline::Text("1 < 2 & \"q\"\u{7}".into()),
                Inline::Strong(vec![Inline::Emphasis(vec![Inline::Text("重".into())])]),
            ],
        }];
        let doc = doc(&s, &[]);
        assert!(
            doc.contains("<title>A&amp;B &lt;script&gt;</title>"),
            "{doc}"
        );
        assert!(
            doc.contains("<h1 class=\"headline\">A&amp;B &lt;script&gt;</h1>"),
            "{doc}"
        );
        assert!(
            doc.contains("1 &lt; 2 &amp; &quot;q&quot;<strong><em>重</em></strong></p>"),
            "{doc}"
        );
        assert!(!doc.contains('\u{7}'));
    }

    #[test]
    fn a_dateline_without_byline_or_paragraph_is_still_printed() {
        let mut s = story();
        s.byline = None;
        s.blocks.clear();
        let doc = doc(&s, &[]);
        assert!(
            doc.contains("<p><span class=\"dateline\">本报讯\u{3000}</span></p>"),
            "{doc}"
        );
    }

    #[test]
    fn multi_line_headlines_break_in_the_page_and_join_in_the_title() {
        assert_eq!(headline_text("上一行\n下一行"), "上一行下一行");
        let mut s = story();
        s.headline = "上一行\n下一行".into();
        let doc = doc(&s, &[]);
        assert!(
            doc.contains("<h1 class=\"headline\">上一行<br/>下一行</h1>"),
            "{doc}"
        );
        assert!(doc.contains("<title>上一行下一行</title>"), "{doc}");
    }

    fn pb(folio: u32) -> String {
        format!(
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-{folio}\" title=\"{folio}\"></span>"
        )
    }

    #[test]
    fn page_marks_go_before_the_header_before_a_subhead_and_inside_paragraphs() {
        // "在外卖存放点设置泡沫保温箱": 3 bytes a character; page 5 begins at 存 (offset 9).
        let marks = [
            mark(None, 0, 3),
            mark(Some(0), 0, 4),
            mark(Some(1), 9, 5),
            mark(Some(2), 0, 6),
        ];
        let doc = doc(&story(), &marks);
        assert!(
            doc.contains(&format!(
                "<section class=\"story\" epub:type=\"chapter\">\n{}\n<header>",
                pb(3)
            )),
            "{doc}"
        );
        assert!(
            doc.contains(&format!(
                "epub:type=\"subchapter\">\n{}<h2 class=\"subhead\">",
                pb(4)
            )),
            "{doc}"
        );
        assert!(
            doc.contains(&format!(
                "<p><span class=\"dateline\">本报讯（记者<span class=\"ideographic-space\"> </span>梁可心）</span>在外卖{}存放点",
                pb(5)
            )),
            "{doc}"
        );
        assert!(doc.contains(&format!("<p>{}第二段</p>", pb(6))), "{doc}");
    }

    #[test]
    fn a_page_mark_finds_its_place_through_inline_markup() {
        let mut s = story();
        s.dateline = None;
        // plain text: 甲乙 丙丁 戊 → 甲(0) 乙(3) 丙(6) 丁(9) 戊(12)
        s.blocks = vec![Block::Paragraph {
            inlines: vec![
                Inline::Text("甲乙".into()),
                Inline::Strong(vec![
                    Inline::Text("丙".into()),
                    Inline::Emphasis(vec![Inline::Text("丁".into())]),
                ]),
                Inline::Text("戊".into()),
            ],
        }];
        let doc = doc(
            &s,
            &[
                mark(Some(0), 6, 7),
                mark(Some(0), 10, 8),
                mark(Some(0), 15, 9),
            ],
        );
        assert!(
            doc.contains(&format!(
                "<p>甲乙<strong>{}丙<em>丁{}</em></strong>戊{}</p>",
                pb(7),
                pb(8),
                pb(9)
            )),
            "a mark inside 丁 moves to its end, one at the end closes the paragraph: {doc}"
        );
    }

    #[test]
    fn a_mark_on_a_missing_block_is_an_error() {
        let style = Style::default_style();
        let mut usage = Usage::new(
            style.roles.body.font,
            &crate::fonts::FontSet::bundled().unwrap(),
        );
        let err = story_document(
            &story(),
            "zh-CN",
            &style,
            &[mark(Some(9), 0, 2)],
            &Images::new(),
            &mut usage,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("page 2") && err.contains("block"), "{err}");
    }

    #[test]
    fn usage_records_each_role_in_its_face_and_everything_in_the_body_face() {
        let mut s = story();
        s.blocks.push(Block::Paragraph {
            inlines: vec![Inline::Strong(vec![Inline::Text("强".into())])],
        });
        let style = Style::default_style();
        let mut usage = Usage::new(
            style.roles.body.font,
            &crate::fonts::FontSet::bundled().unwrap(),
        );
        story_document(&s, "zh-CN", &style, &[], &Images::new(), &mut usage).unwrap();
        let faces: BTreeMap<FontId, &BTreeSet<char>> = usage.faces().collect();
        let serif = faces[&FontId::Serif];
        let bold = faces[&style.roles.headline.font];
        let sans = faces[&FontId::SansBold];
        for c in "全方位融入社区在外卖本报讯确诊强第二段“”".chars() {
            assert!(serif.contains(&c), "{c} in the body face");
        }
        assert!(
            bold.contains(&'融') && !bold.contains(&'箱'),
            "headline face"
        );
        // subhead, dateline and strong text are in the sans
        for c in "确诊我去送本报讯记者强".chars() {
            assert!(sans.contains(&c), "{c} in the sans");
        }
        assert!(!sans.contains(&'箱'));
        assert!(!serif.contains(&'\n'));
    }

    #[test]
    fn emphasised_text_goes_into_both_its_face_and_the_fallback_face() {
        let mut s = story();
        s.blocks = vec![
            Block::Paragraph {
                inlines: vec![
                    Inline::Text("甲".into()),
                    Inline::Emphasis(vec![
                        Inline::Text("乙".into()),
                        Inline::Strong(vec![Inline::Text("丙".into())]),
                    ]),
                ],
            },
            Block::Caption {
                text: "（丁）".into(),
            },
        ];
        s.dateline = None;
        // a serif-bold fallback, to tell the faces apart from the sans of strong text
        let mut style = Style::default_style();
        style.roles.emphasis.fallback =
            Some((crate::fonts::Face::Serif, crate::fonts::Weight::Bold));
        let mut usage = Usage::new(
            style.roles.body.font,
            &crate::fonts::FontSet::bundled().unwrap(),
        );
        let d = story_document(&s, "zh-CN", &style, &[], &Images::new(), &mut usage).unwrap();
        assert!(
            d.written.text.contains(
                "<p>甲<em>乙<strong>丙</strong></em></p>\n<p class=\"caption\">（丁）</p>"
            ),
            "{}",
            d.written.text
        );
        let faces: BTreeMap<FontId, &BTreeSet<char>> = usage.faces().collect();
        // 乙: the surrounding face (with the dots) and the fallback face
        assert!(faces[&FontId::Serif].contains(&'乙'));
        assert!(faces[&FontId::SerifBold].contains(&'乙'));
        assert!(!faces[&FontId::SerifBold].contains(&'甲'));
        // 丙: strong inside emphasis is the sans either way
        assert!(faces[&FontId::SansBold].contains(&'丙'));
        assert!(!faces[&FontId::SerifBold].contains(&'丙'));
        assert!(!faces[&FontId::SansBold].contains(&'乙'));
        // the caption in its role's face
        assert!(faces[&style.roles.caption.font].contains(&'丁'));
    }
}
