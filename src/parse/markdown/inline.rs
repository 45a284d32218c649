//! Inline content being collected: text runs with emphasis and strong spans, hard line breaks, ruby, note
//! references, a soft break waiting to be joined like a hard wrap, and the alt text of an image.

use super::cjk::JOINER;
use crate::model::{Block, Inline, inlines_text};
use crate::parse::classify::LineKind;
use crate::parse::normalize::{Normalizer, join_continuation};
use crate::parse::options::RuleId;
use crate::script::is_indent_space;

/// Inline content being collected (a paragraph, heading, list item, table cell or image's alt text).
pub(super) struct InlineBuf {
    /// Stack of open spans: the root, then emphasis/strong.
    stack: Vec<(Span, Vec<Inline>)>,
    /// A soft break waits for the next text to decide on a space.
    pub pending_break: bool,
    /// Last character written (for the break decision).
    last: Option<char>,
    /// Line where it started.
    pub line: usize,
    /// Inside `![…]`: the image's address, its alt text so far, and its line.
    pub image: Option<(String, String, usize)>,
    /// Inside `<ruby>`: the base and reading being read.
    ruby: Option<Ruby>,
}

/// A `<ruby>` element being read: `<ruby>单<rp>（</rp><rt>shàn</rt><rp>）</rp>雨<rt>yǔ</rt></ruby>` gives a
/// base and reading pair at each `</rt>`.
#[derive(Debug, Default)]
struct Ruby {
    base: String,
    reading: String,
    /// Inside `<rt>`.
    in_rt: bool,
    /// Inside `<rp>` (the brackets shown without ruby support: dropped, the renderers add their own).
    in_rp: bool,
}

/// An open span of inline content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Span {
    /// The paragraph (or heading, item, alt text) itself.
    Root,
    /// `*…*`, `<em>`.
    Emphasis,
    /// `**…**`, `<strong>`.
    Strong,
}

/// A `<ruby>`-family tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RubyTag {
    /// `<ruby>`
    Open,
    /// `</ruby>`
    Close,
    /// `<rt>`
    RtOpen,
    /// `</rt>`
    RtClose,
    /// `<rp>`
    RpOpen,
    /// `</rp>`
    RpClose,
}

impl RubyTag {
    /// The ruby tag `tag` is (lower case, trimmed), if it is one.
    pub(super) fn of(tag: &str) -> Option<RubyTag> {
        Some(match tag {
            "<ruby>" => RubyTag::Open,
            "</ruby>" => RubyTag::Close,
            "<rt>" => RubyTag::RtOpen,
            "</rt>" => RubyTag::RtClose,
            "<rp>" => RubyTag::RpOpen,
            "</rp>" => RubyTag::RpClose,
            _ => return None,
        })
    }
}

/// An inline HTML tag that is markup: `<em>`/`<i>`, `<strong>`/`<b>` and their ends, `<br>`, and the
/// `<ruby>` family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HtmlTag {
    /// A span opens.
    Open(Span),
    /// A span closes.
    Close(Span),
    /// `<br>`, `<br/>`: a line break.
    Break,
    /// A ruby tag.
    Ruby(RubyTag),
}

impl HtmlTag {
    /// The markup `html` (an inline HTML event's text) is, if any.
    pub(super) fn of(html: &str) -> Option<HtmlTag> {
        let tag = html.trim().to_ascii_lowercase();
        Some(match tag.as_str() {
            "<em>" | "<i>" => HtmlTag::Open(Span::Emphasis),
            "</em>" | "</i>" => HtmlTag::Close(Span::Emphasis),
            "<strong>" | "<b>" => HtmlTag::Open(Span::Strong),
            "</strong>" | "</b>" => HtmlTag::Close(Span::Strong),
            "<br>" | "<br/>" | "<br />" => HtmlTag::Break,
            other => HtmlTag::Ruby(RubyTag::of(other)?),
        })
    }

    /// Whether the tag may start inline content (the others only act inside it).
    pub(super) fn opens(self) -> bool {
        matches!(
            self,
            HtmlTag::Open(_) | HtmlTag::Break | HtmlTag::Ruby(RubyTag::Open)
        )
    }
}

/// Byte offset → 1-based line.
pub(super) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub(super) fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex(starts)
    }

    pub(super) fn line(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

impl InlineBuf {
    /// An empty buffer for content starting on `line`.
    pub(super) fn new(line: usize) -> InlineBuf {
        InlineBuf {
            stack: vec![(Span::Root, Vec::new())],
            pending_break: false,
            last: None,
            line,
            image: None,
            ruby: None,
        }
    }

    /// Adds text (to the alt text inside an image, to the base or reading inside ruby); a waiting soft
    /// break is joined like a hard wrap. The CJK-friendly step's joiners are dropped.
    pub(super) fn text(&mut self, t: &str) {
        let t = t.replace(JOINER, "");
        if t.is_empty() {
            return;
        }
        if let Some((_, alt, _)) = &mut self.image {
            alt.push_str(&t);
            return;
        }
        if let Some(ruby) = &mut self.ruby {
            match (ruby.in_rp, ruby.in_rt) {
                (true, _) => {}
                (false, true) => ruby.reading.push_str(&t),
                (false, false) => ruby.base.push_str(&t),
            }
            return;
        }
        let mut t = t;
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

    /// Adds an inline that is not text (a hard line break, ruby, a note reference) to the open span.
    pub(super) fn push(&mut self, inline: Inline) {
        self.pending_break = false;
        self.last = None;
        self.stack.last_mut().expect("root").1.push(inline);
    }

    /// A ruby tag: `<ruby>` opens ruby, `<rt>`/`</rt>` switch between base and reading (each `</rt>` adds
    /// a [`Inline::Ruby`]), `<rp>` content is dropped, `</ruby>` closes (a base left without a reading is
    /// plain text). Returns false for a tag out of place (`<rt>` outside ruby), which the caller warns of.
    pub(super) fn ruby(&mut self, tag: RubyTag) -> bool {
        match (tag, self.ruby.as_mut()) {
            (RubyTag::Open, None) => self.ruby = Some(Ruby::default()),
            (RubyTag::RtOpen, Some(r)) => r.in_rt = true,
            (RubyTag::RpOpen, Some(r)) => r.in_rp = true,
            (RubyTag::RpClose, Some(r)) => r.in_rp = false,
            (RubyTag::RtClose, Some(r)) => {
                r.in_rt = false;
                let base = std::mem::take(&mut r.base);
                let reading = std::mem::take(&mut r.reading);
                match (base.trim().is_empty(), reading.trim().is_empty()) {
                    (false, false) => self.push(Inline::Ruby { base, reading }),
                    (false, true) => self.text_outside_ruby(&base),
                    _ => {}
                }
            }
            (RubyTag::Close, Some(_)) => {
                let r = self.ruby.take().expect("open ruby");
                self.text_outside_ruby(&r.base);
            }
            _ => return false,
        }
        true
    }

    fn text_outside_ruby(&mut self, text: &str) {
        let ruby = self.ruby.take();
        self.text(text);
        self.ruby = ruby;
    }

    /// Acts on a markup tag: opens or closes a span, adds a line break, reads ruby. Returns false for a
    /// tag out of place (a ruby tag outside ruby), which the caller warns of.
    pub(super) fn html(&mut self, tag: HtmlTag) -> bool {
        match tag {
            HtmlTag::Open(span) => self.open(span),
            HtmlTag::Close(span) => self.close(span),
            HtmlTag::Break => self.push(Inline::Break),
            HtmlTag::Ruby(tag) => return self.ruby(tag),
        }
        true
    }

    /// Opens a span.
    pub(super) fn open(&mut self, span: Span) {
        self.stack.push((span, Vec::new()));
    }

    /// Closes the innermost span if it is `span` (an empty span vanishes); otherwise nothing happens.
    pub(super) fn close(&mut self, span: Span) {
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

    /// The content so far (open spans and ruby closed, line breaks at either end dropped), leaving the
    /// buffer empty.
    pub(super) fn take(&mut self) -> Vec<Inline> {
        if self.ruby.is_some() {
            self.ruby(RubyTag::Close);
        }
        while self.stack.len() > 1 {
            let span = self.stack.last().expect("a span").0;
            self.close(span);
        }
        self.last = None;
        self.pending_break = false;
        let mut out = std::mem::take(&mut self.stack[0].1);
        while out.last() == Some(&Inline::Break) {
            out.pop();
        }
        let lead = out.iter().take_while(|i| **i == Inline::Break).count();
        out.drain(..lead);
        out
    }
}

/// Appends a further paragraph of a list item (joined like a hard wrap).
pub(super) fn append_inlines(item: &mut Vec<Inline>, more: Vec<Inline>) {
    for inline in more {
        match (item.last_mut(), inline) {
            (Some(Inline::Text(prev)), Inline::Text(t)) => join_continuation(prev, &t),
            (_, inline) => item.push(inline),
        }
    }
}

/// A top-level paragraph: the plain-text rules make an editor's note, caption, end mark or editor credit
/// of it when it looks like one; otherwise it is a paragraph.
pub(super) fn classify_paragraph(inlines: Vec<Inline>) -> Block {
    let text = inlines_text(&inlines);
    match LineKind::of_paragraph(&text) {
        LineKind::EditorsNote => Block::EditorsNote { inlines },
        LineKind::Caption => Block::Caption { text },
        LineKind::Ending => Block::Ending { text },
        LineKind::EditorCredit => Block::Editor { text },
        _ => Block::Paragraph { inlines },
    }
}

/// Drops a paragraph's typed indent (`　　`, spaces before its first character), as the plain-text rule
/// `indents` does when `normalizer`'s options have it on: the typesetter indents every paragraph itself
/// (clreq §3.5.1). Counted in the normalizer's report.
pub(super) fn drop_typed_indent(
    normalizer: &mut Normalizer,
    mut inlines: Vec<Inline>,
) -> Vec<Inline> {
    if !normalizer.options.indents {
        return inlines;
    }
    if let Some(Inline::Text(first)) = inlines.first_mut() {
        let trimmed = first.trim_start_matches(is_indent_space);
        if trimmed.len() < first.len() {
            *first = trimmed.to_string();
            normalizer.report.count(RuleId::Indents, 1);
            if first.is_empty() {
                inlines.remove(0);
            }
        }
    }
    inlines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ruby_pairs_each_base_with_its_reading_and_drops_rp() {
        let mut b = InlineBuf::new(1);
        b.ruby(RubyTag::Open);
        b.text("单");
        b.ruby(RubyTag::RpOpen);
        b.text("(");
        b.ruby(RubyTag::RpClose);
        b.ruby(RubyTag::RtOpen);
        b.text("shàn");
        b.ruby(RubyTag::RtClose);
        b.ruby(RubyTag::Close);
        b.text("雨桐");
        assert_eq!(
            b.take(),
            vec![
                Inline::Ruby {
                    base: "单".into(),
                    reading: "shàn".into()
                },
                Inline::Text("雨桐".into())
            ]
        );
        assert!(!b.ruby(RubyTag::RtOpen), "<rt> outside ruby");
    }

    #[test]
    fn breaks_at_either_end_are_dropped() {
        let mut b = InlineBuf::new(1);
        b.push(Inline::Break);
        b.text("甲");
        b.push(Inline::Break);
        b.text("乙");
        b.push(Inline::Break);
        assert_eq!(
            b.take(),
            vec![
                Inline::Text("甲".into()),
                Inline::Break,
                Inline::Text("乙".into())
            ]
        );
    }
}
