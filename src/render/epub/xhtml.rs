//! The XHTML content document writer every document of the book shares (cover, title page, contents,
//! stories, colophon): the document frame, and text recorded in [`Usage`] under the face the stylesheet
//! sets it in, so the embedded fonts can be subset to exactly the characters the book shows.

use super::usage::Usage;
use super::xml::{Written, Xml};
use crate::fonts::FontId;
use crate::script::{Class, class_of, halved_pauses, ideographic_gaps};

/// The class of a space set as an ideographic gap (one em wide).
pub(super) const GAP_CLASS: &str = "ideographic-space";
/// The class of a display line's phrase (its text between ideographic gaps), kept whole where the line
/// allows: the line breaks at a gap where it can, as the typesetter breaks it
/// (`typeset::para::PHRASE_SPLIT`).
pub(super) const PHRASE_CLASS: &str = "phrase";
/// The class of the gap between a display line's phrases: a space one em wide (its own width 0, its word
/// spacing 1 em) that, being a space, hangs at a line's end (CSS Text 3 §4.1.3), so that a line broken
/// there is centred on its ink, as the typesetter centres it.
pub(super) const PHRASE_GAP_CLASS: &str = "phrase-space";

/// The class of a run of em dashes (`——`), set in the face's full-width forms (`fwid`) so that each dash
/// is one em and the pair one unbroken 2-em rule, as in print.
pub(super) const DASH_CLASS: &str = "dash";

/// The class of a mark whose blank half print drops and a reading system does not: a `？` or `！` before
/// another mark ([`halved_pauses`]), and a display line's quotes and brackets and a pause mark before an
/// opening one ([`Shown::trim_marks`]). Set with the face's half-width form (`halt`), as in print.
pub(super) const HALF_CLASS: &str = "half";

/// The characters just before and after a run of text that its paragraph holds but another call writes
/// (after an element's end tag, or past a page mark); `None` at the paragraph's start or end. They matter
/// only where the run begins or ends with a `？` or `！`: whether that mark is halved ([`halved_pauses`])
/// is decided by the whole paragraph, as print decides it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Around {
    /// The character before the run.
    pub before: Option<char>,
    /// The character after the run.
    pub after: Option<char>,
}

impl Around {
    /// The neighbours of `text[range]`, where `self` are those of `text`: the characters of `text` beside
    /// the range, or `self`'s where the range reaches an end of `text`.
    pub(super) fn inside(self, text: &str, range: std::ops::Range<usize>) -> Around {
        Around {
            before: text[..range.start].chars().next_back().or(self.before),
            after: text[range.end..].chars().next().or(self.after),
        }
    }
}

/// The stylesheet every document links to, relative to the documents.
pub(super) const CSS_HREF: &str = "stylesheet.css";

/// An XHTML document being written.
#[derive(Debug)]
pub(super) struct Doc<'a> {
    xml: Xml,
    usage: &'a mut Usage,
    /// Whether the text written now is a display line whose quotes and brackets lose their blank half
    /// ([`Shown::trim_marks`]).
    trim_marks: bool,
}

/// How a role's text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Shown {
    /// Display lines ([`Doc::shown_phrases`]): the role is not justified (centred or ragged).
    pub display: bool,
    /// Every quote and bracket in its half-width form (`halt`, [`HALF_CLASS`]), as the typesetter sets a
    /// centred role larger than the body (`typeset::para::Setting::trim_marks`): a headline, the title.
    pub trim_marks: bool,
}

impl Shown {
    /// How text of the role styled `r` is shown in a book styled `style`.
    pub(super) fn of(style: &crate::style::Style, r: &crate::style::RoleStyle) -> Shown {
        use crate::style::Align;
        Shown {
            display: r.align != Align::Justify,
            // the typesetter's test (`typeset::setter`)
            trim_marks: r.align == Align::Center && style.trims_display_marks(r.size),
        }
    }
}

impl<'a> Doc<'a> {
    /// Starts a document up to and including `<body …>`: XML declaration, `<!DOCTYPE html>`, the `html`
    /// element with the XHTML and EPUB namespaces and the language `lang` (a BCP 47 tag, as `lang` and
    /// `xml:lang`), `<title>` (`title`, recorded in the body face) and the stylesheet link.
    pub(super) fn open(
        lang: &str,
        title: &str,
        body: &[(&str, &str)],
        usage: &'a mut Usage,
    ) -> Doc<'a> {
        // a document walked only for its characters is not written
        let mut xml = match usage.walks() {
            true => Xml::discarding(),
            false => Xml::new(),
        };
        xml.raw("<!DOCTYPE html>\n");
        xml.start(
            "html",
            &[
                ("xmlns", "http://www.w3.org/1999/xhtml"),
                ("xmlns:epub", "http://www.idpf.org/2007/ops"),
                ("lang", lang),
                ("xml:lang", lang),
            ],
        );
        xml.line();
        xml.start("head", &[]);
        xml.line();
        xml.empty("meta", &[("charset", "utf-8")]);
        xml.line();
        let mut doc = Doc {
            xml,
            usage,
            trim_marks: false,
        };
        let body_font = doc.usage.body();
        doc.start("title", &[]);
        doc.record(body_font, title);
        doc.xml.text(title);
        doc.end("title");
        doc.line();
        doc.empty(
            "link",
            &[
                ("rel", "stylesheet"),
                ("type", "text/css"),
                ("href", CSS_HREF),
            ],
        );
        doc.line();
        doc.end("head");
        doc.line();
        doc.start("body", body);
        doc.line();
        doc
    }

    /// A start tag.
    pub(super) fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.xml.start(name, attrs);
    }

    /// The end tag of the innermost open element, `name`.
    pub(super) fn end(&mut self, name: &str) {
        self.xml.end(name);
    }

    /// A self-closing element.
    pub(super) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.xml.empty(name, attrs);
    }

    /// A line end.
    pub(super) fn line(&mut self) {
        self.xml.line();
    }

    /// The faces inline text of `inline` is set in inside text set in `outer` ([`Usage::inline_fonts`]).
    pub(super) fn inline_fonts(
        &self,
        inline: &crate::style::InlineStyle,
        outer: FontId,
    ) -> (FontId, Option<FontId>) {
        self.usage.inline_fonts(inline, outer)
    }

    /// Records `text` as set in `font` without writing it (text shown in another face besides the one it
    /// is written in, such as emphasis's fallback).
    pub(super) fn record(&mut self, font: FontId, text: &str) {
        self.usage.add(font, text);
    }

    /// Text set in `font` that stands alone (nothing of its paragraph before or after it): as
    /// [`Doc::text_around`] with no neighbours.
    pub(super) fn text(&mut self, font: FontId, text: &str) {
        self.text_around(font, text, Around::default());
    }

    /// Text set in `font`, `around` it the characters of its paragraph written in other calls:
    /// recorded, escaped, written; a run of two or more em dashes goes in a `span.dash`
    /// ([`DASH_CLASS`]), a `？` or `！` the typesetter halves ([`halved_pauses`], which reads `around`
    /// for the first and last of `text`: `**吗？**”`) in a `span.half` ([`HALF_CLASS`]), and so do the
    /// marks of a display line that trims its quotes and brackets ([`display_trims`]).
    pub(super) fn text_around(&mut self, font: FontId, text: &str, around: Around) {
        self.record(font, text);
        // a run of two or more em dashes holds two in a row; a halved mark is a `？` or a `！` (each looked
        // for with memchr's searcher, made once)
        static DASHES: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new("\u{2014}\u{2014}"));
        static QUESTION: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new("？"));
        static EXCLAMATION: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new("！"));
        let bytes = text.as_bytes();
        let dashes = DASHES.find(bytes).is_some();
        let marks = QUESTION.find(bytes).is_some() || EXCLAMATION.find(bytes).is_some();
        if !dashes && !marks && !self.trim_marks {
            self.xml.text(text);
            return;
        }
        let mut spans: Vec<(usize, usize, &str)> = Vec::new();
        if dashes {
            spans.extend(dash_runs(text).into_iter().map(|(s, e)| (s, e, DASH_CLASS)));
        }
        if marks {
            spans.extend(
                halved_pauses(text, around.before, around.after)
                    .into_iter()
                    .map(|r| (r.start, r.end, HALF_CLASS)),
            );
        }
        if self.trim_marks {
            spans.extend(display_trims(text).map(|(i, c)| (i, i + c.len_utf8(), HALF_CLASS)));
        }
        spans.sort_unstable();
        spans.dedup();
        let mut at = 0;
        for (start, end, class) in spans {
            self.xml.text(&text[at..start]);
            self.xml.start("span", &[("class", class)]);
            self.xml.text(&text[start..end]);
            self.xml.end("span");
            at = end;
        }
        self.xml.text(&text[at..]);
    }

    /// Text shown on the page in `font`: as [`Doc::text`], but a space the typesetter sets as an
    /// ideographic gap ([`ideographic_gaps`]) goes in a `span.ideographic-space`, which the stylesheet
    /// makes one em wide, so both editions set it alike.
    pub(super) fn shown(&mut self, font: FontId, text: &str) {
        let mut at = 0;
        for gap in ideographic_gaps(text) {
            self.text(font, &text[at..gap]);
            self.element_plain("span", &[("class", GAP_CLASS)], font, " ");
            at = gap + 1;
        }
        self.text(font, &text[at..]);
    }

    /// A display line's `text` shown in `font`: when it holds an ideographic gap, each phrase (its text
    /// between gaps) in a `span.phrase`, which the line breaks around where it can, and each gap a
    /// space in a `span.phrase-space` (one em, hung at a line's end: [`PHRASE_GAP_CLASS`]); otherwise as
    /// [`Doc::shown`].
    pub(super) fn shown_phrases(&mut self, font: FontId, text: &str) {
        let gaps = ideographic_gaps(text);
        if gaps.is_empty() {
            return self.shown(font, text);
        }
        let mut at = 0;
        for end in gaps.iter().copied().chain([text.len()]) {
            if at > 0 {
                self.start("span", &[("class", PHRASE_GAP_CLASS)]);
                self.element_plain("span", &[], font, " ");
                self.end("span");
            }
            self.element_plain("span", &[("class", PHRASE_CLASS)], font, &text[at..end]);
            at = end + 1;
        }
    }

    /// `text` shown in `font` as `how` says: as a display line ([`Doc::shown_phrases`]) when
    /// [`Shown::display`] (a role set centred or ragged), else as text ([`Doc::shown`]); its quotes and
    /// brackets in their half-width form when [`Shown::trim_marks`].
    pub(super) fn shown_as(&mut self, font: FontId, text: &str, how: Shown) {
        self.trim_marks = how.trim_marks;
        if how.display {
            self.shown_phrases(font, text);
        } else {
            self.shown(font, text);
        }
        self.trim_marks = false;
    }

    /// `<name …>text</name>`, the text shown in `font` ([`Doc::shown`]).
    pub(super) fn element(&mut self, name: &str, attrs: &[(&str, &str)], font: FontId, text: &str) {
        self.start(name, attrs);
        self.shown(font, text);
        self.end(name);
    }

    /// `<name …>text</name>` with the text as [`Doc::text`] writes it (no ideographic gaps looked for).
    pub(super) fn element_plain(
        &mut self,
        name: &str,
        attrs: &[(&str, &str)],
        font: FontId,
        text: &str,
    ) {
        self.start(name, attrs);
        self.text(font, text);
        self.end(name);
    }

    /// Text recorded in `font` and written as it is, with no element in it: for an element that may hold
    /// none (the cover's SVG `<title>`).
    pub(super) fn text_unmarked(&mut self, font: FontId, text: &str) {
        self.record(font, text);
        self.xml.text(text);
    }

    /// Lines of text in `font`, each trimmed, set apart with `<br/>`, each shown as `how` says
    /// ([`Doc::shown_as`]).
    pub(super) fn lines<S: AsRef<str>>(&mut self, font: FontId, lines: &[S], how: Shown) {
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.empty("br", &[]);
            }
            self.shown_as(font, line.as_ref().trim(), how);
        }
    }

    /// Closes `body` and `html`; the document and the ids it carries, in order.
    pub(super) fn finish(mut self) -> Written {
        self.end("body");
        self.line();
        self.end("html");
        self.line();
        self.xml.finish()
    }
}

/// The marks of a display line that trims its quotes and brackets ([`Shown::trim_marks`]) which a reading
/// system leaves whole and print trims: every quote and bracket, and a pause mark before an opening one
/// (`：“`, `，《`: print trims both; a browser's own pair trimming falls on the opening mark, already
/// halved). With their byte offsets.
fn display_trims(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        loop {
            let (i, c) = chars.next()?;
            let next = chars.peek().map(|&(_, n)| class_of(n));
            let trimmed = match class_of(c) {
                Class::Open | Class::Close => true,
                Class::Pause => next == Some(Class::Open),
                _ => false,
            };
            if trimmed {
                return Some((i, c));
            }
        }
    })
}

/// Byte ranges of the runs of two or more em dashes (U+2014) in `text`.
fn dash_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        if c == '\u{2014}' {
            let start = open.map_or(i, |(s, _)| s);
            open = Some((start, i + c.len_utf8()));
        } else if let Some(run) = open.take() {
            runs.push(run);
        }
    }
    runs.extend(open);
    runs.retain(|(s, e)| e - s >= 2 * '\u{2014}'.len_utf8());
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    #[test]
    fn halved_marks_and_dash_pairs_are_marked_in_order() {
        let mut usage = Usage::new(FontId::Serif, &crate::fonts::FontSet::bundled().unwrap());
        let mut doc = Doc::open("zh-CN", "t", &[], &mut usage);
        doc.text(FontId::Serif, "他问：“吗？”——“是的！”怎么办？！好？");
        let written = doc.finish().text;
        assert!(
            written.contains(
                "他问：“吗<span class=\"half\">？</span>”<span class=\"dash\">——</span>“是的\
                 <span class=\"half\">！</span>”怎么办<span class=\"half\">？</span>\
                 <span class=\"half\">！</span>好？</body>"
            ),
            "{written}"
        );
    }

    #[test]
    fn a_display_line_marks_its_quotes_brackets_and_a_pause_before_an_opening_mark() {
        let trims = |t: &str| -> String { display_trims(t).map(|(_, c)| c).collect() };
        assert_eq!(trims("老宋，“疫”线：《报》、（注）"), "，“”：《》、（）");
        // a pause before text or a closing mark is left to the reading system's own trimming
        assert_eq!(trims("好。甲、”"), "”");
        let mut usage = Usage::new(FontId::Serif, &crate::fonts::FontSet::bundled().unwrap());
        let mut doc = Doc::open("zh-CN", "t", &[], &mut usage);
        let how = Shown {
            display: false,
            trim_marks: true,
        };
        doc.shown_as(FontId::SansBold, "他问：“吗？”", how);
        doc.text(FontId::Serif, "说：“好”");
        let written = doc.finish().text;
        assert!(
            written.contains(
                "他问<span class=\"half\">：</span><span class=\"half\">“</span>吗\
                 <span class=\"half\">？</span><span class=\"half\">”</span>说：“好”</body>"
            ),
            "{written}"
        );
    }

    #[test]
    fn display_lines_trim_their_quotes_and_brackets_where_print_does() {
        let style = crate::style::Style::default_style();
        let fonts = crate::fonts::FontSet::bundled().unwrap();
        let setter = crate::typeset::setter::Setter::new(&style, &fonts);
        let mut trimmed = Vec::new();
        for role in crate::style::Role::ALL {
            let spans = [setter.span(role, "“疫”")];
            let print = setter.setting(role, &spans).trim_marks;
            let epub = Shown::of(&style, style.role(role)).trim_marks;
            assert_eq!(epub, print, "{role:?}");
            trimmed.extend(print.then_some(role.name()));
        }
        // the headline, kicker, subheadline, title and subtitle at least
        assert!(trimmed.len() >= 5, "{trimmed:?}");
        assert!(trimmed.contains(&"headline"), "{trimmed:?}");
    }

    #[test]
    fn em_dash_pairs_are_marked_single_dashes_are_not() {
        assert_eq!(dash_runs("甲——乙—丙————"), [(3, 9), (18, 30)]);
        assert!(dash_runs("无").is_empty());
    }

    #[test]
    fn a_document_has_its_frame_language_and_escaped_title() {
        let mut usage = Usage::new(FontId::Serif, &crate::fonts::FontSet::bundled().unwrap());
        let mut doc = Doc::open(
            "zh-CN",
            "书 & 名",
            &[("class", "cover"), ("epub:type", "cover")],
            &mut usage,
        );
        doc.start("p", &[("id", "a")]);
        let display = Shown {
            display: true,
            trim_marks: false,
        };
        doc.lines(FontId::SansBold, &[" 上 ", "下"], display);
        doc.end("p");
        let written = doc.finish();
        assert_eq!(
            written.text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
             <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
             lang=\"zh-CN\" xml:lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>\n\
             <title>书 &amp; 名</title>\n\
             <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n\
             <body class=\"cover\" epub:type=\"cover\">\n<p id=\"a\">上<br/>下</p></body>\n</html>\n"
        );
        assert_eq!(written.ids, ["a"]);
        let faces: BTreeMap<FontId, &BTreeSet<char>> = usage.faces().collect();
        assert!(faces[&FontId::SansBold].contains(&'上'));
        assert!(!faces[&FontId::SansBold].contains(&'书'));
        assert!(faces[&FontId::Serif].contains(&'书'));
    }
}
