//! Inline content being collected: text runs with emphasis and strong spans, a soft break waiting to be
//! joined like a hard wrap, and the alt text of an image.

use crate::model::Inline;
use crate::parse::normalize::join_continuation;

/// Inline content being collected (a paragraph, heading, list item or image's alt text).
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
}

/// An open span of inline content.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Span {
    /// The paragraph (or heading, item, alt text) itself.
    Root,
    /// `*…*`, `<em>`.
    Emphasis,
    /// `**…**`, `<strong>`.
    Strong,
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
        }
    }

    /// Adds text (to the alt text inside an image); a waiting soft break is joined like a hard wrap.
    pub(super) fn text(&mut self, t: &str) {
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

    /// The content so far (open spans closed), leaving the buffer empty.
    pub(super) fn take(&mut self) -> Vec<Inline> {
        while self.stack.len() > 1 {
            let span = self.stack.last().expect("a span").0;
            self.close(span);
        }
        self.last = None;
        self.pending_break = false;
        std::mem::take(&mut self.stack[0].1)
    }
}
