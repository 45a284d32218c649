//! The setter: the one place a paragraph or display [`Setting`] is built, from the style and a [`Role`].
//!
//! A role's entry in the style decides everything about how its text is set: the face and size of its
//! spans, the measure (the body measure less the role's inset on each side), the first-line indent (the
//! body's paragraph indent for justified text, clreq §3.5.1; none for display and ragged lines), the
//! alignment, and — from the body — the prohibition level, the Han–Latin glue and the line-breaking method.
//! Strong and emphasised text take their face from the inline roles, and emphasised text gets its marks
//! ([`Setter::marks`]). Every other module of the typesetter asks the setter; none builds a `Setting`.

use super::line::{self, SetLine, Setting, Shaped, Span};
use super::page::{GlyphRun, Item, Point};
use crate::fonts::{Face, FontId, FontSet, Weight};
use crate::model::{Inline, note_marker, ruby_text};
use crate::script;
use crate::style::{Align, InlineRole, Marks, Role, Style};

/// Distance of an emphasis dot's centre below the baseline, in ems of the run's size: below the em box
/// (whose foot is about 0.12 em below the baseline in the bundled faces), GB/T 15834—2011 §4.16.
pub(crate) const DOT_DROP_EM: f32 = 0.25;
/// Diameter of an emphasis dot, in ems of the run's size.
pub(crate) const DOT_DIAMETER_EM: f32 = 0.16;

/// Builds settings and sets text for the roles of one style with one set of faces.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Setter<'a> {
    /// The style whose roles decide every look.
    pub style: &'a Style,
    /// The faces text is shaped in.
    pub fonts: &'a FontSet,
}

impl<'a> Setter<'a> {
    /// A setter for `style` and `fonts`.
    pub(crate) fn new(style: &'a Style, fonts: &'a FontSet) -> Setter<'a> {
        Setter { style, fonts }
    }

    /// `text` as one span in `role`'s face and size.
    pub(crate) fn span(&self, role: Role, text: impl Into<String>) -> Span {
        let rs = self.style.role(role);
        Span {
            text: text.into(),
            font: rs.font,
            size: rs.size,
            role,
            inline: None,
        }
    }

    /// Appends `inlines` to `out` as spans of `role`: plain text in the role's face; strong and emphasised
    /// text in the face its inline role gives inside the surrounding one ([`crate::style::InlineStyle::face_in`]),
    /// or, when no bundled face sets that face and weight, in the surrounding face. Adjacent text of the
    /// same face, size and roles joins one span. Nested inline roles: the innermost names the text, unless
    /// only an outer one draws marks (strong text inside emphasis keeps its dots). A line break is a `\n`
    /// in the text (the block splits its setting there), ruby its base and the reading in brackets
    /// ([`ruby_text`]), a note reference its marker ([`note_marker`]): the text of both editions.
    pub(crate) fn inline_spans(&self, role: Role, inlines: &[Inline], out: &mut Vec<Span>) {
        let rs = self.style.role(role);
        let outer = Outer {
            face: (rs.face, rs.weight),
            font: rs.font,
            inline: None,
        };
        self.push_inlines(role, inlines, outer, out);
    }

    fn push_inlines(&self, role: Role, inlines: &[Inline], outer: Outer, out: &mut Vec<Span>) {
        let size = self.style.role(role).size;
        for inline in inlines {
            let derived = match inline {
                Inline::Break => Some("\n".to_string()),
                Inline::Ruby { base, reading } => Some(ruby_text(base, reading)),
                Inline::NoteRef(n) => Some(note_marker(*n)),
                _ => None,
            };
            if let Some(text) = derived {
                self.push_inlines(role, &[Inline::Text(text)], outer, out);
                continue;
            }
            let (kind, inner) = match inline {
                Inline::Text(text) => {
                    match out.last_mut() {
                        Some(last)
                            if (last.font, last.size, last.role, last.inline)
                                == (outer.font, size, role, outer.inline) =>
                        {
                            last.text.push_str(text)
                        }
                        _ => out.push(Span {
                            text: text.clone(),
                            font: outer.font,
                            size,
                            role,
                            inline: outer.inline,
                        }),
                    }
                    continue;
                }
                Inline::Strong(inner) => (InlineRole::Strong, inner),
                Inline::Emphasis(inner) => (InlineRole::Emphasis, inner),
                Inline::Break | Inline::Ruby { .. } | Inline::NoteRef(_) => continue,
            };
            let is = self.style.roles.inline(kind);
            let face = is.face_in(outer.face);
            let marks = |r: Option<InlineRole>| r.map(|r| self.style.roles.inline(r).marks);
            let inline = match outer.inline {
                Some(o) if marks(Some(o)) != Some(Marks::None) && is.marks == Marks::None => o,
                _ => kind,
            };
            let inner_outer = Outer {
                face,
                font: FontId::bundled(face.0, face.1).unwrap_or(outer.font),
                inline: Some(inline),
            };
            self.push_inlines(role, inner, inner_outer, out);
        }
    }

    /// The setting of `spans` as text of `role`: the measure less the role's inset on each side, the
    /// body's paragraph indent when the role is justified (none otherwise), the role's alignment (`end`
    /// and `outer` are set ragged at the start and moved by [`Setter::set`] or the page furniture), and
    /// the body's strictness, Han–Latin and Han–digit glue and line-breaking method. Centred lines set
    /// larger than the body trim their quotes and brackets ([`Setting::trim_marks`]).
    pub(crate) fn setting<'s>(&self, role: Role, spans: &'s [Span]) -> Setting<'s> {
        let rs = self.style.role(role);
        let em = self.style.em();
        let (align, indent) = match rs.align {
            Align::Justify => (line::Align::Justify, self.style.body.indent_em * em),
            Align::Center => (line::Align::Center, 0.0),
            Align::Start | Align::End | Align::Outer => (line::Align::Start, 0.0),
        };
        let size = spans.iter().map(|s| s.size).fold(0.0, f32::max);
        Setting {
            spans,
            measure: self.style.measure() - 2.0 * rs.inset_em * em,
            indent,
            align,
            strictness: self.style.body.strictness,
            latin_spacing_em: self.style.body.latin_spacing_em,
            digit_spacing_em: self.style.body.digit_spacing_em,
            trim_marks: align == line::Align::Center && self.style.trims_display_marks(size),
            linebreaks: self.style.body.linebreaks,
        }
    }

    /// The breaks of `spans` of justified `role`, shaped as [`Setter::set_keeping`] shapes them, in each
    /// of `counts` lines — a line more or fewer than [`Setter::set`] sets them, to fill a page —, no line
    /// looser than a reader notices ([`line::set_lines`]), all found in one pass: for each count, the
    /// line starts and the atom count, or `None` when that cannot be done or the role is not justified.
    /// Set them with [`Setter::set_breaks`].
    pub(crate) fn count_breaks(
        &self,
        role: Role,
        spans: &[Span],
        shaped: &Shaped,
        counts: &[usize],
    ) -> Vec<Option<Vec<usize>>> {
        if self.style.role(role).align != Align::Justify {
            return vec![None; counts.len()];
        }
        line::count_breaks(&self.setting(role, spans), shaped, counts)
    }

    /// `spans` of justified `role`, as shaped, set at `breaks` ([`Setter::count_breaks`]). Glyph `x` as
    /// for [`Setter::set`].
    pub(crate) fn set_breaks(
        &self,
        role: Role,
        spans: &[Span],
        shaped: &Shaped,
        breaks: &[usize],
    ) -> Vec<SetLine> {
        let setting = self.setting(role, spans);
        let left = self.style.role(role).inset_em * self.style.em();
        (line::set_breaks(&setting, shaped, breaks).into_iter())
            .map(|l| shift(l, left))
            .collect()
    }

    /// `spans` of `role` shaped for breaking, as [`Setter::set_keeping`] shapes them.
    pub(crate) fn shape(&self, role: Role, spans: &[Span]) -> Shaped {
        line::shape(&self.setting(role, spans), self.fonts)
    }

    /// [`Setter::set`], and the spans shaped, so that [`Setter::count_breaks`] can break them again without
    /// shaping them again.
    pub(crate) fn set_keeping(&self, role: Role, spans: &[Span]) -> (Vec<SetLine>, Shaped) {
        let setting = self.setting(role, spans);
        let shaped = line::shape(&setting, self.fonts);
        let lines = line::set_shaped(&setting, &shaped, None).unwrap_or_default();
        (self.place(role, &setting, 0.0, lines), shaped)
    }

    /// Sets `spans` as text of `role` ([`Setter::setting`]) and places the lines in the measure: moved
    /// right by the role's inset, and each line against the end of the measure when the role is aligned
    /// `end`. Glyph `x` is from the measure's left edge, pt.
    pub(crate) fn set(&self, role: Role, spans: &[Span]) -> Vec<SetLine> {
        self.set_within(role, spans, 0.0, 0.0)
    }

    /// [`Setter::set`] with `hang` pt more kept free at the start of every line (a nested colophon entry)
    /// and `reserve` pt at the end (room for a contents entry's page number).
    pub(crate) fn set_within(
        &self,
        role: Role,
        spans: &[Span],
        hang: f32,
        reserve: f32,
    ) -> Vec<SetLine> {
        let mut setting = self.setting(role, spans);
        if hang != 0.0 || reserve != 0.0 {
            setting.measure = setting.measure - hang - reserve;
        }
        self.set_placed(role, &setting, hang)
    }

    /// [`Setter::set`] without the first-line indent: the text after a forced line break inside a
    /// paragraph (a poem's next line), which starts flush with the measure.
    pub(crate) fn set_unindented(&self, role: Role, spans: &[Span]) -> Vec<SetLine> {
        let mut setting = self.setting(role, spans);
        setting.indent = 0.0;
        self.set_placed(role, &setting, 0.0)
    }

    /// `setting` (of `role`) broken into lines placed in the measure: moved right by the role's inset and
    /// `hang` pt, and each line against the end of the measure when the role is aligned `end`.
    fn set_placed(&self, role: Role, setting: &Setting, hang: f32) -> Vec<SetLine> {
        self.place(role, setting, hang, line::set(setting, self.fonts))
    }

    /// `lines` of `setting` (of `role`) placed in the measure, as [`Setter::set_placed`] places them.
    fn place(&self, role: Role, setting: &Setting, hang: f32, lines: Vec<SetLine>) -> Vec<SetLine> {
        let left = self.style.role(role).inset_em * self.style.em() + hang;
        let end = self.style.role(role).align == Align::End;
        lines
            .into_iter()
            .map(|l| {
                let dx = if end {
                    left + (setting.measure - l.right)
                } else {
                    left
                };
                shift(l, dx)
            })
            .collect()
    }

    /// `spans` of `role` set in a table cell `measure` pt wide: ragged at the end, no indent, glyph `x`
    /// from the cell's text edge.
    pub(crate) fn set_cell(&self, role: Role, spans: &[Span], measure: f32) -> Vec<SetLine> {
        let mut setting = self.setting(role, spans);
        setting.measure = measure;
        setting.indent = 0.0;
        setting.align = line::Align::Start;
        line::set(&setting, self.fonts)
    }

    /// `text` set in one span of `role` ([`Setter::set`]).
    pub(crate) fn set_text(&self, role: Role, text: &str) -> Vec<SetLine> {
        self.set(role, &[self.span(role, text)])
    }

    /// `spans` of `role` set ragged and each line moved against the end of the measure, whatever the
    /// role's alignment: a story's end mark standing on its own line (`（完）`, set as body text).
    pub(crate) fn set_at_end(&self, role: Role, spans: &[Span]) -> Vec<SetLine> {
        let mut setting = self.setting(role, spans);
        setting.align = line::Align::Start;
        setting.indent = 0.0;
        let left = self.style.role(role).inset_em * self.style.em();
        line::set(&setting, self.fonts)
            .into_iter()
            .map(|l| {
                let dx = left + (setting.measure - l.right);
                shift(l, dx)
            })
            .collect()
    }

    /// Sets display `text` in `font` at `size` on a `measure`, every line centred on its ink and the breaks
    /// chosen to balance the lines, by the style's prohibition rules (clreq §3.1.4), quotes and brackets
    /// trimmed when `size` is larger than the body's — a headline, or a drawn cover's title. Units are the caller's (pt here; a cover may pass pixels as if they were points).
    /// The runs carry `role`. Returns the lines, glyph `x` from the measure's left edge; none for empty
    /// text.
    pub(crate) fn display(
        &self,
        text: &str,
        role: Role,
        font: FontId,
        size: f32,
        measure: f32,
    ) -> Vec<SetLine> {
        let spans = [Span {
            text: text.to_string(),
            font,
            size,
            role,
            inline: None,
        }];
        let setting = Setting {
            spans: &spans,
            measure,
            indent: 0.0,
            align: line::Align::Center,
            strictness: self.style.body.strictness,
            latin_spacing_em: self.style.body.latin_spacing_em,
            digit_spacing_em: self.style.body.digit_spacing_em,
            trim_marks: self.style.trims_display_marks(size),
            linebreaks: self.style.body.linebreaks,
        };
        line::set(&setting, self.fonts)
    }

    /// The marks `run` is set with, relative to the run's origin (its baseline at y = 0): for text whose
    /// inline role draws [`Marks::Dots`], one [`Item::Dot`] (point = centre) under each Han character —
    /// not under punctuation, Latin letters or digits — centred on the glyph's advance, its centre
    /// [`DOT_DROP_EM`] below the baseline, [`DOT_DIAMETER_EM`] across (着重号, GB/T 15834—2011 §4.16).
    pub(crate) fn marks(&self, run: &GlyphRun) -> Vec<(Point, Item)> {
        let dots = run
            .inline
            .is_some_and(|r| self.style.roles.inline(r).marks == Marks::Dots);
        if !dots {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut previous = None;
        for (g, cluster) in run.clusters() {
            if previous == Some(g.cluster) {
                continue; // one dot per character, whatever its glyphs
            }
            previous = Some(g.cluster);
            if run.text[cluster].chars().next().is_some_and(script::is_han) {
                out.push((
                    Point {
                        x: g.x + g.advance / 2.0,
                        y: DOT_DROP_EM * run.size,
                    },
                    Item::Dot {
                        diameter: DOT_DIAMETER_EM * run.size,
                    },
                ));
            }
        }
        out
    }
}

/// The face, font and inline role text is set in at one depth of inline markup.
#[derive(Debug, Clone, Copy)]
struct Outer {
    face: (Face, Weight),
    font: FontId,
    inline: Option<InlineRole>,
}

/// Moves a set line right by `dx` pt (a line set narrower than the measure, inset from the left).
fn shift(mut line: SetLine, dx: f32) -> SetLine {
    if dx == 0.0 {
        return line;
    }
    for g in line.runs.iter_mut().flat_map(|r| r.glyphs.iter_mut()) {
        g.x += dx;
    }
    line.left += dx;
    line.right += dx;
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (Style, FontSet) {
        (Style::default_style(), FontSet::bundled().unwrap())
    }

    #[test]
    fn settings_come_from_the_role() {
        let (style, fonts) = setup();
        let setter = Setter::new(&style, &fonts);
        let spans = [setter.span(Role::Note, "编者按")];
        let note = setter.setting(Role::Note, &spans);
        // the note is inset 2 em on each side of the 32 em measure and indented 2 em, justified
        assert_eq!(note.measure, 336.0 - 4.0 * 10.5);
        assert_eq!(note.indent, 21.0);
        assert_eq!(note.align, line::Align::Justify);
        let caption = setter.setting(Role::Caption, &spans);
        assert_eq!(caption.measure, 336.0 - 42.0);
        assert_eq!((caption.indent, caption.align), (0.0, line::Align::Center));
        let body = setter.setting(Role::Body, &spans);
        assert_eq!((body.measure, body.indent), (336.0, 21.0));
        let credit = setter.setting(Role::Credit, &spans);
        assert_eq!((credit.indent, credit.align), (0.0, line::Align::Start));
        // a style with a wider quote inset gives a narrower measure
        let mut wide = style.clone();
        wide.roles.quote.inset_em = 3.0;
        let quote = Setter::new(&wide, &fonts).setting(Role::Quote, &spans);
        assert_eq!(quote.measure, 336.0 - 63.0);
    }

    #[test]
    fn spans_take_the_roles_face_and_size() {
        let (style, fonts) = setup();
        let setter = Setter::new(&style, &fonts);
        let label = setter.span(Role::NoteLabel, "编者按：");
        assert_eq!((label.font, label.size), (FontId::SansBold, 10.5));
        let caption = setter.span(Role::Caption, "（图为……）");
        assert_eq!((caption.font, caption.size), (FontId::Serif, 9.0));
    }

    #[test]
    fn strong_is_sans_bold_and_emphasis_keeps_the_face() {
        let (style, fonts) = setup();
        let setter = Setter::new(&style, &fonts);
        let inlines = [
            Inline::Text("甲".into()),
            Inline::Strong(vec![Inline::Text("乙".into())]),
            Inline::Emphasis(vec![Inline::Strong(vec![Inline::Text("丙".into())])]),
            Inline::Text("丁".into()),
        ];
        let mut spans = Vec::new();
        setter.inline_spans(Role::Quote, &inlines, &mut spans);
        let got: Vec<_> = spans
            .iter()
            .map(|s| (s.text.as_str(), s.font, s.role, s.inline))
            .collect();
        assert_eq!(
            got,
            [
                ("甲", FontId::Serif, Role::Quote, None),
                (
                    "乙",
                    FontId::SansBold,
                    Role::Quote,
                    Some(InlineRole::Strong)
                ),
                // strong inside emphasis: sans bold, and still dotted
                (
                    "丙",
                    FontId::SansBold,
                    Role::Quote,
                    Some(InlineRole::Emphasis)
                ),
                ("丁", FontId::Serif, Role::Quote, None),
            ]
        );
    }

    #[test]
    fn an_inline_face_without_a_bundled_font_keeps_the_outer_font() {
        let (mut style, fonts) = setup();
        style.roles.strong.weight = Some(Weight::Regular); // sans regular: not bundled
        let setter = Setter::new(&style, &fonts);
        let mut spans = Vec::new();
        setter.inline_spans(
            Role::Body,
            &[Inline::Strong(vec![Inline::Text("乙".into())])],
            &mut spans,
        );
        assert_eq!(spans[0].font, FontId::Serif);
    }

    #[test]
    fn end_aligned_lines_sit_against_the_end_of_the_measure() {
        let (style, fonts) = setup();
        let setter = Setter::new(&style, &fonts);
        let credit = setter.set_text(Role::Credit, "责任编辑：张三");
        assert_eq!(credit.len(), 1);
        assert!(
            (credit[0].right - 336.0).abs() < 1e-3,
            "{}",
            credit[0].right
        );
        let caption = setter.set_text(Role::Caption, "（图为队员们在社区值守。）");
        let first = caption[0].left;
        // centred in the measure less 2 em on each side: equal room on both sides
        assert!(
            ((first - 0.0) - (336.0 - caption[0].right)).abs() < 0.01,
            "{first} {}",
            caption[0].right
        );
        assert!(first > 21.0);
    }

    #[test]
    fn emphasis_dots_sit_under_each_han_character_only() {
        let (style, fonts) = setup();
        let setter = Setter::new(&style, &fonts);
        let mut spans = Vec::new();
        setter.inline_spans(
            Role::Body,
            &[Inline::Emphasis(vec![Inline::Text(
                "重要，A1的事。".into(),
            )])],
            &mut spans,
        );
        let lines = setter.set(Role::Body, &spans);
        let run = &lines[0].runs[0];
        assert_eq!(run.inline, Some(InlineRole::Emphasis));
        assert_eq!(run.role, Role::Body);
        let marks = setter.marks(run);
        // 重 要 的 事: four Han characters; none under ，A 1 。
        assert_eq!(marks.len(), 4, "{marks:?}");
        let han: Vec<_> = run
            .clusters()
            .filter(|(_, c)| run.text[c.clone()].chars().all(crate::script::is_han))
            .map(|(g, _)| g)
            .collect();
        for ((at, item), g) in marks.iter().zip(han) {
            assert_eq!(
                *item,
                Item::Dot {
                    diameter: 0.16 * 10.5
                }
            );
            assert!((at.x - (g.x + 5.25)).abs() < 1e-4, "{at:?} {g:?}");
            assert!((at.y - 0.25 * 10.5).abs() < 1e-6);
        }
        // strong text has no marks
        let mut spans = Vec::new();
        setter.inline_spans(
            Role::Body,
            &[Inline::Strong(vec![Inline::Text("重要".into())])],
            &mut spans,
        );
        let lines = setter.set(Role::Body, &spans);
        assert!(setter.marks(&lines[0].runs[0]).is_empty());
    }

    #[test]
    fn display_text_is_centred_and_balanced() {
        let (style, fonts) = setup();
        let setter = Setter::new(&style, &fonts);
        let lines = setter.display(
            "全方位融入社区疫线添暖流全方位融入社区疫线添暖流全方位融入社",
            Role::Headline,
            FontId::SansBold,
            18.0,
            336.0,
        );
        assert_eq!(lines.len(), 2);
        let widths: Vec<f32> = lines
            .iter()
            .map(|l| l.right - l.runs[0].glyphs[0].x)
            .collect();
        assert!((widths[0] - widths[1]).abs() <= 18.01, "{widths:?}");
        for l in &lines {
            let left = l.runs[0].glyphs[0].x;
            assert!((left - (336.0 - l.right)).abs() < 0.01, "centred");
            assert_eq!(l.runs[0].role, Role::Headline);
        }
    }
}
