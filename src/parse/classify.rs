//! The line classifier: what a line of a story is, by its own text. Normalisation asks it (hard-wrap
//! joining never continues a byline, nor continues anything into a byline or dateline paragraph), the news
//! structure asks it of every logical line, and the Markdown reader asks it of every paragraph and `##`
//! heading.
//!
//! A line is first a [`LineKind`]: a rule (ornament), a byline, a dateline paragraph, a chapter heading,
//! an editor's note, a photo caption, an end mark, an editor credit, or text. Text is a paragraph, or — by
//! its length and how it ends — a candidate for a heading line ([`Line::fits_heading`]: column tag, kicker,
//! headline, subheadline) or a subhead line ([`Line::fits_subhead`] and kin). Which of these a candidate
//! becomes depends on its neighbours; `news` decides that (the rules, with examples, are in `rules`).

use super::byline::parse_byline_line;
use super::dateline::{Dateline, parse_dateline};
use super::shape::{
    Ending, HEADING_MAX_CHARS, SUBHEAD_MAX_CHARS, ending, strip_brackets, strip_rules,
};

/// What a line of a story is, by its own text.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum LineKind {
    /// Text that is none of the others: a paragraph, or a candidate heading or subhead line (see the
    /// `fits_…` methods of [`Line`]).
    Text,
    /// Only rule characters (`--------`, `====`): a page ornament, dropped (rule ornament-lines).
    Rule,
    /// A byline, ornament and brackets dropped: `本报记者 黄晏君` (rules byline, byline-forms).
    Byline(String),
    /// A paragraph opening with a dateline, with the bracketed byline after it and the rest of the text
    /// (rules dateline, dateline-wire).
    Dateline(Dateline),
    /// `第一章 …` (level 1) or `第一节 …` (level 2) (rule chapter).
    Chapter(u8),
    /// `编者按：…` (rule editors-note).
    EditorsNote,
    /// `（图为…）` (rule caption).
    Caption,
    /// `（完）` (rule ending).
    Ending,
    /// `责任编辑：…` (rule editor).
    EditorCredit,
}

impl LineKind {
    /// The kind of `text` as it stands (no rules stripped off; see [`classify`] for a logical line): a
    /// byline, a dateline paragraph, then what [`LineKind::of_paragraph`] finds, then a chapter heading,
    /// else text.
    pub(super) fn of(text: &str) -> LineKind {
        kind_of(text, false)
    }

    /// The kind of a paragraph's text — the text after a dateline, pieces joined again, a Markdown
    /// paragraph: an editor's note, a photo caption, an end mark, an editor credit, or text.
    pub(super) fn of_paragraph(text: &str) -> LineKind {
        if is_editors_note(text) {
            LineKind::EditorsNote
        } else if is_caption(text) {
            LineKind::Caption
        } else if is_ending(text) {
            LineKind::Ending
        } else if is_editor_credit(text) {
            LineKind::EditorCredit
        } else {
            LineKind::Text
        }
    }

    /// A byline or a dateline paragraph: what a story's heading block stands right before.
    pub(super) fn is_anchor(&self) -> bool {
        matches!(self, LineKind::Byline(_) | LineKind::Dateline(_))
    }

    /// An end mark or editor credit: what closes a story.
    pub(super) fn is_terminator(&self) -> bool {
        matches!(self, LineKind::Ending | LineKind::EditorCredit)
    }
}

/// The kind of `text`; a line `decorated` with a rule is never a byline (the rule makes it a column tag).
fn kind_of(text: &str, decorated: bool) -> LineKind {
    if let Some(b) = parse_byline_line(text).filter(|_| !decorated) {
        LineKind::Byline(b)
    } else if let Some(d) = parse_dateline(text) {
        LineKind::Dateline(d)
    } else {
        match LineKind::of_paragraph(text) {
            LineKind::Text => chapter_level(text).map_or(LineKind::Text, LineKind::Chapter),
            kind => kind,
        }
    }
}

/// A non-blank logical line, rules stripped off, with its kind.
#[derive(Debug, Clone)]
pub(super) struct Line {
    /// The text, trimmed, without the rules around it.
    pub text: String,
    /// 1-based line number in the file.
    pub number: usize,
    /// A rule stood before or after the text.
    pub decorated: bool,
    /// What the line is.
    pub kind: LineKind,
}

/// Classifies a logical line (`number` is its 1-based line in the file): `None` when it is blank. A line
/// made only of rule characters is a [`LineKind::Rule`] with empty text.
pub(super) fn classify(line: String, number: usize) -> Option<Line> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return None;
    }
    let (kept, decorated) = strip_rules(trimmed);
    let kind = if kept.is_empty() {
        LineKind::Rule
    } else {
        kind_of(kept, decorated)
    };
    // the line's own text when nothing was trimmed or stripped off it: a long story's lines are not copied
    // (a rule that lengthened it may have left room behind it, given back here as a copy would)
    let text = if kept.len() == line.len() {
        let mut line = line;
        line.shrink_to_fit();
        line
    } else {
        kept.to_string()
    };
    Some(Line {
        text,
        number,
        decorated,
        kind,
    })
}

impl Line {
    /// Whether the line is at most `n` characters long (read no further than character `n + 1`).
    pub(super) fn chars_at_most(&self, n: usize) -> bool {
        self.text.chars().nth(n).is_none()
    }

    /// Text: a paragraph or a heading or subhead candidate.
    pub(super) fn is_text(&self) -> bool {
        matches!(self.kind, LineKind::Text)
    }

    /// A byline or a dateline paragraph: what a story's heading block stands right before.
    pub(super) fn is_anchor(&self) -> bool {
        self.kind.is_anchor()
    }

    /// An end mark or editor credit: what closes a story.
    pub(super) fn is_terminator(&self) -> bool {
        self.kind.is_terminator()
    }

    /// How the line ends, and whether closing quotes or brackets stood after that.
    pub(super) fn ending(&self) -> (Ending, bool) {
        ending(&self.text)
    }

    /// Fits a heading block (column tag, kicker, headline, subheadline): text of at most 40 characters,
    /// no `。`, ending open, in `……`, `——`, `：`, or in `？`/`！` with no closing quote after it.
    pub(super) fn fits_heading(&self) -> bool {
        self.is_text()
            && self.chars_at_most(HEADING_MAX_CHARS)
            && !self.text.contains('。')
            && match self.ending() {
                (Ending::Open | Ending::Ellipsis | Ending::Dash | Ending::Colon, _) => true,
                (Ending::Question, closed) => !closed,
                _ => false,
            }
    }

    /// Fits a body subhead line (or a later line of a multi-line subhead): text of at most 30
    /// characters, no `。`, ending open.
    pub(super) fn fits_subhead(&self) -> bool {
        self.is_text()
            && self.chars_at_most(SUBHEAD_MAX_CHARS)
            && !self.text.contains('。')
            && self.ending().0 == Ending::Open
    }

    /// A numbered subhead (`一、…`, `（一）…`, `1. …`): short, no `。`, ending open or in `？`/`！`.
    pub(super) fn fits_numbered_subhead(&self) -> bool {
        self.is_text()
            && self.chars_at_most(SUBHEAD_MAX_CHARS)
            && !self.text.contains('。')
            && section_number_len(&self.text).is_some()
            && matches!(self.ending(), (Ending::Open | Ending::Question, _))
    }

    /// A short question that may open a multi-line subhead.
    pub(super) fn fits_subhead_question(&self) -> bool {
        self.is_text()
            && self.chars_at_most(SUBHEAD_MAX_CHARS)
            && !self.text.contains('。')
            && self.ending() == (Ending::Question, false)
    }

    /// May be a later line of a multi-line subhead (never a numbered one: that opens its own).
    pub(super) fn continues_subhead(&self) -> bool {
        self.is_text() && continues_subhead(&self.text)
    }
}

/// Whether text may be a later line of a multi-line subhead: at most 30 characters, no `。`, no ending
/// punctuation, no section number (the Markdown reader asks this of consecutive `##` lines).
pub(super) fn continues_subhead(text: &str) -> bool {
    text.chars().nth(SUBHEAD_MAX_CHARS).is_none()
        && !text.contains('。')
        && ending(text).0 == Ending::Open
        && section_number_len(text).is_none()
}

/// Marks that end a story (`（完）`), as they stand after normalisation.
pub(crate) const ENDING_MARKS: &[&str] = &["（完）", "【完】", "[完]", "（全文完）"];

/// Labels of an editor credit line (`责任编辑：张三`).
pub(crate) const EDITOR_LABELS: &[&str] = &["责任编辑", "责编", "本版编辑", "编辑"];

/// Han numerals (and ASCII digits) in chapter and section numbers.
const NUMERALS: &str = "〇零一二三四五六七八九十百千万两0123456789";

/// The level of a book-style heading (`第一章 雪落松花江` → 1, `第三节` → 2), or `None`.
///
/// `第` + a number + one of `卷 部 篇 章 回 节`, then the end of the line, a space, or `：:、·.．—`; at most
/// 40 characters and no `。`. So `第十二章的故事` is no heading.
pub(crate) fn chapter_level(text: &str) -> Option<u8> {
    if text.chars().nth(HEADING_MAX_CHARS).is_some() || text.contains('。') {
        return None;
    }
    let rest = text.strip_prefix('第')?;
    let digits = rest.chars().take_while(|c| NUMERALS.contains(*c)).count();
    if !(1..=8).contains(&digits) {
        return None;
    }
    let mut after = rest.chars().skip(digits);
    let level = match after.next()? {
        '卷' | '部' | '篇' | '章' | '回' => 1,
        '节' => 2,
        _ => return None,
    };
    match after.next() {
        None => Some(level),
        Some(c) if c.is_whitespace() || "　：:、·.．—".contains(c) => Some(level),
        Some(_) => None,
    }
}

/// Bytes of a section number opening `text`: `一、`, `（一）`, `(1)`, `1.`, `1、`, `1．` (followed by text,
/// so `3.14` is no number).
pub(crate) fn section_number_len(text: &str) -> Option<usize> {
    let han = |c: char| "一二三四五六七八九十".contains(c);
    let digit = |c: char| c.is_ascii_digit();
    let count = |s: &str, f: &dyn Fn(char) -> bool| -> usize {
        s.chars().take_while(|&c| f(c)).map(char::len_utf8).sum()
    };
    for (open, close) in [("（", "）"), ("(", ")")] {
        if let Some(rest) = text.strip_prefix(open) {
            let n = count(rest, &han).max(count(rest, &digit));
            if n > 0 && rest[n..].starts_with(close) && rest.len() > n + close.len() {
                return Some(open.len() + n + close.len());
            }
        }
    }
    let n = count(text, &han);
    if n > 0 && n <= 9 && text[n..].starts_with('、') && text.len() > n + 3 {
        return Some(n + '、'.len_utf8());
    }
    let n = count(text, &digit);
    if (1..=3).contains(&n) {
        let rest = &text[n..];
        let mark = rest.chars().next()?;
        let next = rest.chars().nth(1)?;
        if matches!(mark, '.' | '、' | '．') && !next.is_ascii_digit() {
            return Some(n + mark.len_utf8());
        }
    }
    None
}

/// `编者按：…`, `【编者按】…`: an editor's note.
fn is_editors_note(text: &str) -> bool {
    let t = text.trim_start_matches(['【', '[', '（', '(']);
    t.strip_prefix("编者按").is_some_and(|rest| {
        rest.is_empty() || rest.starts_with(['：', ':', '】', ']', '）', ')', ' ', '　'])
    })
}

/// `（图为…）`, or a short line opening with `图为`: a photo caption.
fn is_caption(text: &str) -> bool {
    for (open, close) in [('（', '）'), ('(', ')'), ('【', '】')] {
        if let Some(inner) = text.strip_prefix(open).and_then(|r| r.strip_suffix(close))
            && (inner.starts_with("图为") || inner.starts_with("上图") || inner.starts_with("下图"))
        {
            return true;
        }
    }
    text.starts_with("图为") && !text.starts_with("图为什么") && text.chars().count() <= 60
}

/// `（完）` standing alone.
fn is_ending(text: &str) -> bool {
    ENDING_MARKS.contains(&text)
}

/// `责任编辑：张三`, `（责任编辑 张三）`: an editor credit (label, separator, at most 16 characters).
fn is_editor_credit(text: &str) -> bool {
    let t = strip_brackets(text).unwrap_or(text);
    EDITOR_LABELS.iter().any(|label| {
        t.strip_prefix(label).is_some_and(|rest| {
            let name = rest.trim_start_matches(['：', ':', ' ', '　']);
            name.len() < rest.len()
                && !name.is_empty()
                && name.chars().count() <= 16
                && !name.contains(['。', '，'])
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<LineKind> {
        classify(text.to_string(), 1).map(|l| l.kind)
    }

    #[test]
    fn every_kind_of_line() {
        assert_eq!(kind(" \u{3000}"), None);
        assert_eq!(kind("--------"), Some(LineKind::Rule));
        assert_eq!(
            kind("□本报记者 黄晏君"),
            Some(LineKind::Byline("本报记者 黄晏君".into()))
        );
        let Some(LineKind::Dateline(d)) = kind("本报讯（记者 梁可心）正文。") else {
            panic!("a dateline paragraph");
        };
        assert_eq!(
            (d.dateline.as_str(), d.byline.as_deref(), d.rest.as_str()),
            ("本报讯", Some("记者 梁可心"), "正文。")
        );
        assert_eq!(kind("第二章 老街"), Some(LineKind::Chapter(1)));
        assert_eq!(kind("第一节"), Some(LineKind::Chapter(2)));
        assert_eq!(kind("编者按：这是一组报道。"), Some(LineKind::EditorsNote));
        assert_eq!(kind("（图为队员们在社区值守。）"), Some(LineKind::Caption));
        assert_eq!(kind("（完）"), Some(LineKind::Ending));
        assert_eq!(kind("责任编辑：张三"), Some(LineKind::EditorCredit));
        assert_eq!(kind("说起第十二章的故事，他笑了。"), Some(LineKind::Text));
    }

    #[test]
    fn a_rule_makes_a_column_tag_not_a_byline() {
        let line = classify("===记者 张三===".to_string(), 7).unwrap();
        assert_eq!(
            (line.text.as_str(), line.number, line.decorated, line.kind),
            ("记者 张三", 7, true, LineKind::Text)
        );
        assert_eq!(
            LineKind::of("记者 张三"),
            LineKind::Byline("记者 张三".into())
        );
        assert!(LineKind::of("本报讯 正文。").is_anchor());
        assert!(LineKind::of("（完）").is_terminator());
        assert_eq!(LineKind::of_paragraph("第一章"), LineKind::Text);
    }

    #[test]
    fn heading_and_subhead_candidates() {
        let line = |t: &str| classify(t.to_string(), 1).unwrap();
        let fits = |t: &str| {
            let l = line(t);
            [
                l.fits_heading(),
                l.fits_subhead(),
                l.fits_numbered_subhead(),
                l.fits_subhead_question(),
                l.continues_subhead(),
            ]
        };
        assert_eq!(fits("支部建在一线"), [true, true, false, false, true]);
        assert_eq!(
            fits("为确诊单元送防护物资……"),
            [true, false, false, false, false]
        );
        assert_eq!(fits("老宋，你怕不怕？"), [true, false, false, true, false]);
        assert_eq!(fits("一、加强组织领导"), [true, true, true, false, false]);
        assert_eq!(fits("“怎么办？”"), [false, false, false, false, false]);
        assert_eq!(fits("正文。"), [false, false, false, false, false]);
        let long = "长".repeat(35);
        assert_eq!(fits(&long), [true, false, false, false, false]);
    }
}
