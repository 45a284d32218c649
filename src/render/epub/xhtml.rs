//! Content documents: one XHTML document per story, and the cover page.
//!
//! ```text
//! <section class="story" epub:type="chapter">
//!   <span epub:type="pagebreak" id="page-3" …/>          where print page 3 begins (see [`PageMark`])
//!   <header> column? kicker? <h1>headline</h1> subheadline? byline? (when not run into a dateline) </header>
//!   <p><span class="dateline">本报讯（记者 梁可心）</span>…</p>   paragraphs before the first subhead
//!   <section class="subhead" id="sec-1" epub:type="subchapter"> <h2>subhead</h2> <p>…</p> … </section>
//! </section>
//! ```
//!
//! Every piece of text goes through [`Writer::text`], which escapes it and records its characters in
//! [`Usage`] under the face the stylesheet sets it in, so the embedded fonts can be subset to exactly the
//! characters the book shows.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::fail;
use crate::assets::Images;
use crate::error::Result;
use crate::fonts::FontId;
use crate::model::{Block, Inline, Story};
use crate::style::Style;

/// The face of `<strong>` text: the sans (黑体), as the stylesheet sets it.
pub(super) const STRONG_FONT: FontId = FontId::SansBold;

/// Characters set in each bundled face, collected while the documents are written.
///
/// Every character is also recorded under the body face: the body face is the root of every document's
/// font stack, so its subset covers all the text of the book.
#[derive(Debug, Clone)]
pub(super) struct Usage {
    body: FontId,
    chars: BTreeMap<FontId, BTreeSet<char>>,
}

impl Usage {
    /// An empty record whose body (root) face is `body`.
    pub fn new(body: FontId) -> Usage {
        Usage {
            body,
            chars: BTreeMap::new(),
        }
    }

    /// Records `text` as set in `font` (line ends and other control characters are not shown, so they are
    /// not recorded).
    pub fn add(&mut self, font: FontId, text: &str) {
        for c in text.chars().filter(|c| !c.is_control()) {
            self.chars.entry(font).or_default().insert(c);
            self.chars.entry(self.body).or_default().insert(c);
        }
    }

    /// The body (root) face.
    pub fn body(&self) -> FontId {
        self.body
    }

    /// Each face that sets any text, with its characters, in [`FontId`] order.
    pub fn faces(&self) -> impl Iterator<Item = (FontId, &BTreeSet<char>)> {
        self.chars.iter().map(|(f, c)| (*f, c))
    }
}

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

/// A story's content document and what the navigation needs from it.
#[derive(Debug, Clone)]
pub(super) struct StoryDoc {
    /// The XHTML document.
    pub xhtml: String,
    /// `(id, text)` of each subhead's section, in order.
    pub subheads: Vec<(String, String)>,
}

/// A heading that opens a section: its class (`subhead`, `chapter`), element and lines.
struct Heading<'a> {
    class: &'static str,
    tag: &'static str,
    lines: &'a [&'a str],
}

/// Accumulates a document and the characters it shows.
struct Writer<'a> {
    out: String,
    usage: &'a mut Usage,
}

impl Writer<'_> {
    fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// Escaped text, recorded as set in `font`.
    fn text(&mut self, font: FontId, text: &str) {
        self.usage.add(font, text);
        self.out.push_str(&escape(text));
    }

    /// Lines of text in `font`, set apart with `<br/>`.
    fn lines<S: AsRef<str>>(&mut self, font: FontId, lines: &[S]) {
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.raw("<br/>");
            }
            self.text(font, line.as_ref().trim());
        }
    }

    /// The start of an XHTML document up to and including `<body…>`.
    fn head(&mut self, lang: &str, title: &str, body_attrs: &str) {
        let lang = escape(lang);
        self.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
        self.raw(&format!(
            "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
             lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>"
        ));
        let body = self.usage.body;
        self.text(body, title);
        self.raw(
            "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n",
        );
        self.raw(&format!("</head>\n<body{body_attrs}>\n"));
    }

    /// An empty page-break marker for print page `folio` (EPUB 3 Structural Semantics `pagebreak`,
    /// DPUB-ARIA `doc-pagebreak`; the title is the page's label).
    fn page_mark(&mut self, folio: u32) {
        self.raw(&format!(
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{}\" title=\"{folio}\"></span>",
            page_id(folio)
        ));
    }

    /// Closes the open section (if any) and opens one for `heading` (a subhead or a chapter heading, set in
    /// `font`), with `marks` (a page begins at the heading) before the heading; records `(id, text)` for
    /// the contents.
    fn section(
        &mut self,
        heading: &Heading,
        font: FontId,
        in_section: &mut bool,
        marks: &mut VecDeque<(usize, u32)>,
        sections: &mut Vec<(String, String)>,
    ) {
        if *in_section {
            self.raw("</section>\n");
        }
        *in_section = true;
        let id = format!("sec-{}", sections.len() + 1);
        self.raw(&format!(
            "<section class=\"{}\" id=\"{id}\" epub:type=\"subchapter\">\n",
            heading.class
        ));
        self.flush_marks(marks);
        let tag = heading.tag;
        if heading.class == "subhead" {
            self.raw(&format!("<{tag}>"));
        } else {
            self.raw(&format!("<{tag} class=\"{}\">", heading.class));
        }
        self.lines(font, heading.lines);
        self.raw(&format!("</{tag}>\n"));
        let text: String = heading.lines.iter().map(|l| l.trim()).collect();
        sections.push((id, text));
    }

    /// A page-break marker for each of `marks` still waiting, in order.
    fn flush_marks(&mut self, marks: &mut VecDeque<(usize, u32)>) {
        for (_, folio) in marks.drain(..) {
            self.page_mark(folio);
        }
    }

    /// Inline content in `font` (strong text switches to [`STRONG_FONT`]), with a page-break marker where
    /// each of `marks` (`(offset, folio)`, offsets ascending) falls. `pos` is the byte offset of the content
    /// in the block's plain text; a mark inside a character moves to the character's end.
    fn inlines(
        &mut self,
        inlines: &[Inline],
        font: FontId,
        pos: &mut usize,
        marks: &mut VecDeque<(usize, u32)>,
    ) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => {
                    let mut rest = t.as_str();
                    while let Some(&(offset, folio)) = marks.front() {
                        let k = offset.saturating_sub(*pos);
                        if k >= rest.len() {
                            break;
                        }
                        let k = (k..=rest.len())
                            .find(|&i| rest.is_char_boundary(i))
                            .unwrap_or(rest.len());
                        self.text(font, &rest[..k]);
                        self.page_mark(folio);
                        marks.pop_front();
                        *pos += k;
                        rest = &rest[k..];
                    }
                    self.text(font, rest);
                    *pos += rest.len();
                }
                Inline::Emphasis(inner) => {
                    self.raw("<em>");
                    self.inlines(inner, font, pos, marks);
                    self.raw("</em>");
                }
                Inline::Strong(inner) => {
                    self.raw("<strong>");
                    self.inlines(inner, STRONG_FONT, pos, marks);
                    self.raw("</strong>");
                }
            }
        }
    }
}

/// The XHTML document of `story`. `lang` is the book's BCP 47 tag; `marks` are the page-list markers that
/// fall in this story, in reading order; `images` are the book's images (an image block points at its
/// copy in the container); the characters of its text are recorded in `usage`.
///
/// Errors: [`crate::Error::Render`] when a mark names a block the story does not have, or an image block
/// names an image not in `images`.
pub(super) fn story_document(
    story: &Story,
    lang: &str,
    style: &Style,
    marks: &[PageMark],
    images: &Images,
    usage: &mut Usage,
) -> Result<StoryDoc> {
    let mut by_block: BTreeMap<Option<usize>, VecDeque<(usize, u32)>> = BTreeMap::new();
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
    let body = style.roles.body.font;
    let mut w = Writer {
        out: String::with_capacity(8192),
        usage,
    };
    w.head(lang, &headline_text(&story.headline), "");
    w.raw("<section class=\"story\" epub:type=\"chapter\">\n");
    for (_, folio) in by_block.remove(&None).unwrap_or_default() {
        w.page_mark(folio);
        w.raw("\n");
    }

    w.raw("<header>\n");
    if let Some(column) = &story.column {
        w.raw("<p class=\"column\">");
        w.text(style.roles.column.font, column);
        w.raw("</p>\n");
    }
    if let Some(kicker) = &story.kicker {
        w.raw("<p class=\"kicker\">");
        w.text(style.roles.kicker.font, kicker);
        w.raw("</p>\n");
    }
    w.raw("<h1>");
    w.lines(
        style.roles.headline.font,
        &story.headline.lines().collect::<Vec<_>>(),
    );
    w.raw("</h1>\n");
    if let Some(sub) = &story.subheadline {
        w.raw("<p class=\"subheadline\">");
        w.text(style.roles.subheadline.font, sub);
        w.raw("</p>\n");
    }
    if let Some(byline) = story.standalone_byline() {
        w.raw("<p class=\"byline\">");
        w.text(style.roles.byline.font, byline);
        w.raw("</p>\n");
    }
    w.raw("</header>\n");

    let mut dateline = story.run_in();
    let mut subheads = Vec::new();
    let mut in_section = false;
    for (bi, block) in story.blocks.iter().enumerate() {
        let mut marks = by_block.remove(&Some(bi)).unwrap_or_default();
        match block {
            Block::Paragraph { inlines } => {
                w.raw("<p>");
                if let Some(text) = dateline.take() {
                    while let Some(&(0, folio)) = marks.front() {
                        w.page_mark(folio);
                        marks.pop_front();
                    }
                    w.raw("<span class=\"dateline\">");
                    w.text(style.roles.dateline.font, &text);
                    w.raw("</span>");
                }
                let mut pos = 0;
                w.inlines(inlines, body, &mut pos, &mut marks);
                w.flush_marks(&mut marks);
                w.raw("</p>\n");
            }
            Block::Subhead { lines } => {
                let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
                let heading = Heading {
                    class: "subhead",
                    tag: "h2",
                    lines: &lines,
                };
                w.section(
                    &heading,
                    style.roles.subhead.font,
                    &mut in_section,
                    &mut marks,
                    &mut subheads,
                );
            }
            Block::Chapter { level, title } => {
                let heading = Heading {
                    class: "chapter",
                    tag: if *level <= 1 { "h2" } else { "h3" },
                    lines: &[title.as_str()],
                };
                w.section(
                    &heading,
                    style.roles.subhead.font,
                    &mut in_section,
                    &mut marks,
                    &mut subheads,
                );
            }
            Block::EditorsNote { inlines } => {
                w.raw("<div class=\"editors-note\"><p>");
                w.inlines(inlines, body, &mut 0, &mut marks);
                w.flush_marks(&mut marks);
                w.raw("</p></div>\n");
            }
            Block::Quote { paragraphs } => {
                // Offsets run on through the paragraphs, as in `plain_text()`.
                let mut pos = 0;
                w.raw("<blockquote>\n");
                for p in paragraphs {
                    w.raw("<p>");
                    w.inlines(p, body, &mut pos, &mut marks);
                    w.raw("</p>\n");
                }
                w.flush_marks(&mut marks);
                w.raw("</blockquote>\n");
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                let tag = if *ordered { "ol" } else { "ul" };
                match (ordered, start) {
                    (true, n) if *n != 1 => w.raw(&format!("<ol start=\"{n}\">\n")),
                    _ => w.raw(&format!("<{tag}>\n")),
                }
                let mut pos = 0;
                for item in items {
                    w.raw("<li>");
                    w.inlines(item, body, &mut pos, &mut marks);
                    w.raw("</li>\n");
                }
                w.flush_marks(&mut marks);
                w.raw(&format!("</{tag}>\n"));
            }
            Block::Image { src, alt } => {
                w.flush_marks(&mut marks);
                let href = images
                    .get(src)
                    .map(|image| crate::assets::epub_href(src, image.format))
                    .ok_or_else(|| fail(format!("the image {src} was not loaded")))?;
                w.raw(&format!(
                    "<figure class=\"image\"><img src=\"{}\" alt=\"{}\"/></figure>\n",
                    escape(&href),
                    escape(alt)
                ));
            }
            Block::Caption { text } | Block::Ending { text } | Block::Editor { text } => {
                let class = match block {
                    Block::Caption { .. } => "caption",
                    Block::Ending { .. } => "ending",
                    _ => "editor",
                };
                w.raw(&format!("<p class=\"{class}\">"));
                w.inlines(&[Inline::Text(text.clone())], body, &mut 0, &mut marks);
                w.flush_marks(&mut marks);
                w.raw("</p>\n");
            }
        }
        // A block that placed none of its marks (a page begins at it) gets them after it: every page of
        // the page-list keeps a target.
        w.flush_marks(&mut marks);
    }
    // A dateline with no paragraph to run into still gets printed.
    if let Some(text) = dateline {
        w.raw("<p><span class=\"dateline\">");
        w.text(style.roles.dateline.font, &text);
        w.raw("</span></p>\n");
    }
    if in_section {
        w.raw("</section>\n");
    }
    w.raw("</section>\n</body>\n</html>\n");
    Ok(StoryDoc {
        xhtml: w.out,
        subheads,
    })
}

/// The cover page: the cover image scaled to fit the screen, inside an SVG wrapper (the form reading
/// systems centre and scale reliably). `title` is the book's title, the page's title and the image's
/// description; `image` is the image's href and its size in pixels.
pub(super) fn cover_document(
    title: &str,
    lang: &str,
    image: (&str, u32, u32),
    usage: &mut Usage,
) -> String {
    let (href, width, height) = image;
    let body = usage.body;
    let mut w = Writer {
        out: String::with_capacity(1024),
        usage,
    };
    w.head(lang, title, " class=\"cover\" epub:type=\"cover\"");
    w.raw(&format!(
        "<div class=\"cover\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
         xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"100%\" height=\"100%\" \
         viewBox=\"0 0 {width} {height}\" preserveAspectRatio=\"xMidYMid meet\">\n<title>"
    ));
    w.text(body, title);
    w.raw(&format!(
        "</title>\n<image width=\"{width}\" height=\"{height}\" xlink:href=\"{}\"/>\n</svg>\n</div>\n",
        escape(href)
    ));
    w.raw("</body>\n</html>\n");
    w.out
}

/// The navigation document's markup around the lists [`super::nav`] writes: head, body and the
/// characters of `title` recorded in the headline face.
pub(super) fn nav_frame(
    lang: &str,
    title: &str,
    headline_font: FontId,
    usage: &mut Usage,
) -> String {
    let mut w = Writer {
        out: String::new(),
        usage,
    };
    w.head(lang, title, "");
    w.raw("<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>");
    w.text(headline_font, title);
    w.raw("</h1>\n");
    w.out
}

/// The headline as one line of plain text (for `<title>`, the nav and the NCX): line breaks dropped.
pub(super) fn headline_text(headline: &str) -> String {
    headline.lines().map(str::trim).collect()
}

/// Escapes text for XHTML content and double-quoted attributes, and drops characters XML 1.0 forbids
/// (C0 controls other than tab/newline/return, U+FFFE, U+FFFF), which would make the document unreadable.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut usage = Usage::new(style.roles.body.font);
        story_document(story, "zh-CN", &style, marks, &Images::new(), &mut usage)
            .unwrap()
            .xhtml
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
            doc.contains("<p><span class=\"dateline\">本报讯（记者 梁可心）</span>在外卖存放点"),
            "{doc}"
        );
        assert!(!doc.contains("class=\"byline\""), "{doc}");
        assert_eq!(doc.matches("class=\"dateline\"").count(), 1);
        assert!(doc.contains("<h2>确诊单元18户居民需防护物资？<br/>我去送</h2>"));
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
        let mut usage = Usage::new(style.roles.body.font);
        let d = story_document(&s, "zh-CN", &style, &[], &Images::new(), &mut usage).unwrap();
        assert_eq!(
            d.subheads,
            vec![
                (
                    "sec-1".to_string(),
                    "确诊单元18户居民需防护物资？我去送".to_string()
                ),
                ("sec-2".to_string(), "第二节".to_string())
            ]
        );
        let x = &d.xhtml;
        let order = [
            "</header>\n<p><span class=\"dateline\">本报讯（记者 梁可心）</span>导语</p>",
            "<section class=\"subhead\" id=\"sec-1\" epub:type=\"subchapter\">\n<h2>",
            "<p>第二段</p>\n</section>\n<section class=\"subhead\" id=\"sec-2\"",
            "<h2>第二节</h2>\n<p>尾段</p>\n</section>\n</section>\n</body>",
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
            "<h1>",
            "<p class=\"subheadline\">",
            "<p class=\"byline\">本报记者 黄晏君</p>",
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
        assert!(doc.contains("<h1>A&amp;B &lt;script&gt;</h1>"), "{doc}");
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
        assert!(doc.contains("<h1>上一行<br/>下一行</h1>"), "{doc}");
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
            doc.contains(&format!("epub:type=\"subchapter\">\n{}<h2>", pb(4))),
            "{doc}"
        );
        assert!(
            doc.contains(&format!(
                "<p><span class=\"dateline\">本报讯（记者 梁可心）</span>在外卖{}存放点",
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
        let mut usage = Usage::new(style.roles.body.font);
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
        let mut usage = Usage::new(style.roles.body.font);
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
    fn the_cover_page_wraps_the_image_in_svg() {
        let mut usage = Usage::new(FontId::Serif);
        let doc = cover_document(
            "书 & 名",
            "zh-CN",
            ("images/cover.png", 1200, 1800),
            &mut usage,
        );
        assert!(
            doc.contains("<body class=\"cover\" epub:type=\"cover\">"),
            "{doc}"
        );
        assert!(doc.contains("viewBox=\"0 0 1200 1800\""), "{doc}");
        assert!(
            doc.contains("<image width=\"1200\" height=\"1800\" xlink:href=\"images/cover.png\"/>"),
            "{doc}"
        );
        assert!(doc.contains("<title>书 &amp; 名</title>"), "{doc}");
    }
}
