//! The writer of a story's documents: page-break markers, sections opened by headings, paragraph-like
//! blocks with their run-in text, and inline content (strong, emphasis, line breaks, ruby, note
//! references, long addresses). Every element that shows text carries its role's name as its class
//! ([`crate::style::Role::name`]), and its text is recorded under the face it is set in.

use std::collections::{BTreeSet, VecDeque};

use super::split::{Parts, note_ref_id};
use super::xhtml::{Around, Doc, GAP_CLASS, Shown};
use crate::fonts::FontId;
use crate::model::{Inline, Story, note_marker, push_inlines_text};
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

/// Page marks waiting in a block: `(offset, folio)`, offsets ascending.
pub(super) type Marks = VecDeque<(usize, u32)>;

/// Text of another role set at the start of a paragraph-like block.
#[derive(Debug, Clone, Copy)]
pub(super) enum RunIn<'a> {
    /// Text standing before the block's own (the dateline, which is not part of the block's plain text).
    Before(Role, &'a str),
    /// The opening of the block's own text, set in another role (the editor's note's label).
    Opening(Role, &'a str),
}

/// A heading that opens a section: its id, its text as one line, its level (1: a chapter; 2: a subhead
/// or a section) and the part (document) it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Section {
    /// The section's id.
    pub id: String,
    /// The heading's text.
    pub text: String,
    /// 1 for a chapter, 2 for a subhead or section.
    pub level: u8,
    /// The part of the story the section is in.
    pub part: usize,
}

/// Writes one story: the document of the part being written, the style it is set in, how the story is
/// split, and the state of the open section.
pub(super) struct StoryWriter<'d, 'u> {
    /// The document being written.
    pub doc: &'d mut Doc<'u>,
    /// The style whose roles set every look.
    pub style: &'d Style,
    /// How the story is split into documents.
    pub parts: &'d Parts,
    /// The part being written.
    pub part: usize,
    /// A section element is open.
    pub in_section: bool,
    /// The sections opened so far in the story (their ids run on through the parts).
    pub sections: Vec<Section>,
    /// Notes whose first reference has been written (it carries the id the note links back to).
    pub referred: BTreeSet<u32>,
    /// Inside text whose inline role draws emphasis dots: only Han characters take them (as in print).
    pub dots: bool,
    /// The text of the paragraph being written as print sets it ([`StoryWriter::begin_paragraph`]),
    /// where the characters around a run written apart are read ([`Around`]).
    pub para_text: String,
    /// The offset in the block's plain text at which [`StoryWriter::para_text`] begins.
    pub para_start: usize,
}

impl StoryWriter<'_, '_> {
    /// An element of `role` (class = the role's name) holding `text` in the role's face.
    pub(super) fn role_element(&mut self, name: &str, role: Role, text: &str) {
        let r = self.style.role(role);
        self.doc.start(name, &[("class", role.name())]);
        self.doc.shown_as(r.font, text, Shown::of(self.style, r));
        self.doc.end(name);
        self.doc.line();
    }

    /// An empty page-break marker for print page `folio` (EPUB 3 Structural Semantics `pagebreak`,
    /// DPUB-ARIA `doc-pagebreak`; the title is the page's label).
    pub(super) fn page_mark(&mut self, folio: u32) {
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

    /// Begins a paragraph, in the units print sets (one setting, a paragraph of a block: `？` and `！`
    /// meet the marks after them across its elements and page marks, and no others): its text, `opening`
    /// then that of `inlines`, begins at `pos` in the block's plain text. Text print sets in the same
    /// setting but the EPUB writes apart (a dateline, a list marker) is left out; it always ends in `）`,
    /// `．` or an ideographic space, which halve no `？` or `！`. Every block that writes its text through
    /// [`StoryWriter::text`] calls this first, so no run reads another paragraph's characters.
    pub(super) fn begin_paragraph(&mut self, pos: usize, opening: &str, inlines: &[Inline]) {
        self.para_start = pos;
        self.para_text.clear();
        self.para_text.push_str(opening);
        push_inlines_text(&mut self.para_text, inlines);
    }

    /// The characters of the paragraph being written around its text at `range` of the block's plain
    /// text.
    fn around(&self, range: std::ops::Range<usize>) -> Around {
        let text = self.para_text.as_str();
        let inside = |at: usize| at.checked_sub(self.para_start);
        Around {
            before: inside(range.start)
                .and_then(|start| text.get(..start))
                .and_then(|t| t.chars().next_back()),
            after: inside(range.end)
                .and_then(|end| text.get(end..))
                .and_then(|t| t.chars().next()),
        }
    }

    /// A page-break marker for each of `marks` still waiting, in order.
    pub(super) fn flush(&mut self, marks: &mut Marks) {
        for (_, folio) in marks.drain(..) {
            self.page_mark(folio);
        }
    }

    /// A page-break marker for each of `marks` before `end` (an offset in the block's plain text).
    fn flush_before(&mut self, marks: &mut Marks, end: usize) {
        while let Some(&(offset, folio)) = marks.front() {
            if offset >= end {
                break;
            }
            self.page_mark(folio);
            marks.pop_front();
        }
    }

    /// Closes the open section (if any) and opens one for a heading of `role` (`subhead`, `chapter`,
    /// `section`) at `level` in element `tag`, with `marks` (a page begins at the heading) before the
    /// heading; records the section for the contents.
    pub(super) fn section(
        &mut self,
        (role, level): (Role, u8),
        tag: &str,
        lines: &[&str],
        marks: &mut Marks,
    ) {
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
        let r = self.style.role(role);
        self.doc.lines(r.font, lines, Shown::of(self.style, r));
        self.doc.end(tag);
        self.doc.line();
        let text: String = lines.iter().map(|l| l.trim()).collect();
        self.sections.push(Section {
            id,
            text,
            level,
            part: self.part,
        });
    }

    /// Closes the open section, if any.
    pub(super) fn close_section(&mut self) {
        if self.in_section {
            self.doc.end("section");
            self.doc.line();
            self.in_section = false;
        }
    }

    /// Inline content set in `fonts` (the face it is styled in first, then any other face a reading
    /// system may show it in), with a page-break marker where each of `marks` falls. `pos` is the byte
    /// offset of the content in the block's plain text; a mark inside a character moves to the character's
    /// end. Strong and emphasised text take the faces their inline roles give them inside `fonts`; a line
    /// break is `<br/>`, ruby `<ruby>` with `<rp>` brackets, a note reference a `noteref` link.
    pub(super) fn inlines(
        &mut self,
        inlines: &[Inline],
        fonts: &[FontId],
        pos: &mut usize,
        marks: &mut Marks,
    ) {
        for inline in inlines {
            let (tag, inner, role) = match inline {
                Inline::Text(t) => {
                    self.text_with_addresses(t, fonts, pos, marks);
                    continue;
                }
                Inline::Break => {
                    self.doc.empty("br", &[]);
                    *pos += 1;
                    continue;
                }
                Inline::Ruby { base, reading } => {
                    self.ruby(base, reading, fonts, pos, marks);
                    continue;
                }
                Inline::NoteRef(n) => {
                    self.note_ref(*n, fonts, pos, marks);
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

    /// Ruby: `<ruby>base<rp>（</rp><rt>reading</rt><rp>）</rp></ruby>`, whose text is the model's
    /// (`base（reading）`); marks falling inside it stand before it.
    fn ruby(
        &mut self,
        base: &str,
        reading: &str,
        fonts: &[FontId],
        pos: &mut usize,
        marks: &mut Marks,
    ) {
        let text = crate::model::ruby_text(base, reading);
        self.flush_before(marks, *pos + text.len());
        // the pieces make up `text` in order: each is written with its neighbours in the paragraph
        let around = self.around(*pos..*pos + text.len());
        let mut at = 0;
        let mut write = |doc: &mut Doc, piece: &str| {
            for &f in &fonts[1..] {
                doc.record(f, piece);
            }
            doc.text_around(fonts[0], piece, around.inside(&text, at..at + piece.len()));
            at += piece.len();
        };
        self.doc.start("ruby", &[]);
        write(self.doc, base);
        for (tag, piece) in [("rp", "（"), ("rt", reading), ("rp", "）")] {
            self.doc.start(tag, &[]);
            write(self.doc, piece);
            self.doc.end(tag);
        }
        self.doc.end("ruby");
        *pos += text.len();
    }

    /// A reference to note `n`: a `noteref` link to its aside holding its marker; the first reference
    /// carries the id the note links back to.
    fn note_ref(&mut self, n: u32, fonts: &[FontId], pos: &mut usize, marks: &mut Marks) {
        let href = self.parts.note_href(self.part, n);
        let id = note_ref_id(n);
        let mut attrs = vec![
            ("class", "noteref"),
            ("epub:type", "noteref"),
            ("role", "doc-noteref"),
            ("href", href.as_str()),
        ];
        if self.referred.insert(n) {
            attrs.push(("id", &id));
        }
        self.doc.start("a", &attrs);
        self.text(&note_marker(n), fonts, pos, marks);
        self.doc.end("a");
    }

    /// Plain text whose web and mail addresses (`https://…`, `www.…`) stand in `span.url`, which may break
    /// anywhere (an address has no break opportunity a reading system knows of).
    fn text_with_addresses(
        &mut self,
        text: &str,
        fonts: &[FontId],
        pos: &mut usize,
        marks: &mut Marks,
    ) {
        let mut rest = text;
        while let Some((start, end)) = address(rest) {
            self.text(&rest[..start], fonts, pos, marks);
            self.doc.start("span", &[("class", "url")]);
            self.text(&rest[start..end], fonts, pos, marks);
            self.doc.end("span");
            rest = &rest[end..];
        }
        self.text(rest, fonts, pos, marks);
    }

    /// Plain text in `fonts`, with the marks that fall inside it; each run written apart knows the
    /// characters of the paragraph around it ([`StoryWriter::begin_paragraph`]). A space the typesetter
    /// sets as an ideographic gap ([`ideographic_gaps`]) goes in a `span.ideographic-space` (one em
    /// wide); inside emphasised text, characters other than Han go in a `span.no-dots` (no emphasis dots
    /// under punctuation, Latin letters or digits, as in print).
    pub(super) fn text(
        &mut self,
        text: &str,
        fonts: &[FontId],
        pos: &mut usize,
        marks: &mut Marks,
    ) {
        // a gap is an ASCII space
        let gaps = if memchr::memchr(b' ', text.as_bytes()).is_some() {
            ideographic_gaps(text)
        } else {
            Vec::new()
        };
        let dots = self.dots;
        let around = self.around(*pos..*pos + text.len());
        let mut at = 0;
        while let Some(&(offset, folio)) = marks.front() {
            let k = offset.saturating_sub(*pos + at);
            if at + k >= text.len() {
                break;
            }
            let end = (at + k..=text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(text.len());
            write_run(self.doc, fonts, (text, around), at..end, &gaps, dots);
            self.page_mark(folio);
            marks.pop_front();
            at = end;
        }
        write_run(self.doc, fonts, (text, around), at..text.len(), &gaps, dots);
        *pos += text.len();
    }

    /// A paragraph-like block: `<tag class=…>` (no class for body text) holding inline content in the
    /// role's face, its marks placed, `run_in` (text of another role: the dateline, the note's label) in a
    /// span first.
    pub(super) fn paragraph(
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
        let opening = match run_in {
            Some(RunIn::Opening(_, text)) => text,
            _ => "",
        };
        self.begin_paragraph(0, opening, inlines);
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
    pub(super) fn header(&mut self, story: &Story) {
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
        let r = &self.style.roles.headline;
        self.doc.lines(r.font, &lines, Shown::of(self.style, r));
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
/// the others too), `around` being the characters of the paragraph around `text`, splitting it into
/// [`Run`]s: spaces at `gaps` (byte offsets into `text`, rising), and, when `dots`, the characters other
/// than Han. Only the gaps inside `range` are read (found by binary search, then passed in step with the
/// characters), so a paragraph broken by many page marks is written in time linear in its length (issue
/// 13: a 20 MB paragraph read every gap for each character).
fn write_run(
    doc: &mut Doc,
    fonts: &[FontId],
    (text, around): (&str, Around),
    range: std::ops::Range<usize>,
    gaps: &[usize],
    dots: bool,
) {
    let first = gaps.partition_point(|&g| g < range.start);
    let inside = &gaps[first..first + gaps[first..].partition_point(|&g| g < range.end)];
    let piece = &text[range.clone()];
    // no gap and no dots: the piece is one plain run
    if !dots && inside.is_empty() {
        if !piece.is_empty() {
            for &f in &fonts[1..] {
                doc.record(f, piece);
            }
            doc.text_around(fonts[0], piece, around.inside(text, range));
        }
        return;
    }
    // the gaps not yet passed
    let mut ahead = inside.iter().copied().peekable();
    let mut runs: Vec<(Run, usize, usize)> = Vec::new();
    for (i, c) in piece.char_indices() {
        let at = range.start + i;
        while ahead.next_if(|&g| g < at).is_some() {}
        let k = if ahead.next_if_eq(&at).is_some() {
            Run::Gap
        } else if dots && !is_han(c) && !c.is_whitespace() {
            Run::NoDots
        } else {
            Run::Plain
        };
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
            Run::Plain => {
                let around = around.inside(text, range.start + a..range.start + b);
                doc.text_around(fonts[0], t, around);
            }
            Run::Gap => doc.element_plain("span", &[("class", GAP_CLASS)], fonts[0], t),
            Run::NoDots => {
                let around = around.inside(text, range.start + a..range.start + b);
                doc.start("span", &[("class", "no-dots")]);
                doc.text_around(fonts[0], t, around);
                doc.end("span");
            }
        }
    }
}

/// The first web address in `text` (`http://`, `https://`, `www.`, up to the first character an address
/// cannot hold: a space, CJK text or full-width punctuation), as a byte range; `None` without one.
fn address(text: &str) -> Option<(usize, usize)> {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    // memchr's searchers, made once (std's substring searcher is set up anew on every call)
    static OPENINGS: LazyLock<[Finder<'static>; 3]> =
        LazyLock::new(|| ["https://", "http://", "www."].map(Finder::new));
    let start = (OPENINGS.iter())
        .filter_map(|p| p.find(text.as_bytes()))
        .min()?;
    let len = text[start..]
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_graphic()))
        .map_or(text.len() - start, |(i, _)| i);
    // a closing mark or stop right after an address belongs to the sentence
    let trimmed =
        text[start..start + len].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '"']);
    Some((start, start + trimmed.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_end_where_the_sentence_goes_on() {
        let t = "托管在https://example.org/a/b.html这个地址上";
        let (s, e) = address(t).unwrap();
        assert_eq!(&t[s..e], "https://example.org/a/b.html");
        assert_eq!(
            address("见 www.example.org.").map(|(s, e)| &"见 www.example.org."[s..e]),
            Some("www.example.org")
        );
        assert_eq!(address("没有地址。"), None);
    }
}
