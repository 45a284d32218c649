//! The stylesheet's writing primitives (a rule, a number, a string) and the rules of what has no role of
//! its own: the end mark, lists (print's markers), ideographic gaps, figures, tables, the notes, ruby, and
//! the cover page. [`super::css`] writes the rest from the role table.

use std::fmt::Write as _;

use super::xhtml::{DASH_CLASS, GAP_CLASS, HALF_CLASS, PHRASE_CLASS, PHRASE_GAP_CLASS};
use crate::model::{BULLET_MARKER, NUMBER_SUFFIX};
use crate::style::Style;

/// Width of the column tag's rule and of a table's, pt (as the print edition draws them).
pub(super) const RULE_WIDTH_PT: f32 = 0.5;

/// Padding between a boxed role's text and its rule, and in a table's cells, in ems (as in print).
pub(super) const BOX_PADDING_EM: f32 = 0.5;

/// Writes `selector { … }` with `declarations`, one per line, and a blank line.
pub(super) fn rule(w: &mut String, selector: &str, declarations: &[(&str, String)]) {
    let _ = writeln!(w, "{selector} {{");
    for (property, value) in declarations {
        let _ = writeln!(w, "  {property}: {value};");
    }
    let _ = writeln!(w, "}}\n");
}

/// The blocks that have no role of their own: the end mark (body text against the end of the measure),
/// lists and figures.
pub(super) fn unroled_blocks(w: &mut String, style: &Style) {
    let s = |v: &str| v.to_string();
    let leading = num(style.body.pitch / style.em());
    let indent = format!("{}em", num(style.body.indent_em));
    rule(
        w,
        "p.ending",
        &[("text-align", s("right")), ("text-indent", s("0"))],
    );
    // Lists as print sets them: the marker (`model::list_marker`) inline after the paragraph indent, the
    // item's later lines back at the start of the measure.
    let _ = writeln!(
        w,
        "@counter-style huozi-decimal {{\n  system: extends decimal;\n  suffix: \"{}\";\n}}\n",
        css_string(NUMBER_SUFFIX)
    );
    rule(
        w,
        "ol, ul",
        &[
            ("margin", s("0")),
            ("padding", s("0")),
            ("list-style-position", s("inside")),
        ],
    );
    rule(w, "ol", &[("list-style-type", s("huozi-decimal"))]);
    rule(
        w,
        "ul",
        &[(
            "list-style-type",
            format!("\"{}\"", css_string(BULLET_MARKER)),
        )],
    );
    rule(w, "li", &[("text-indent", indent.clone())]);
    text_spans(w);
    rule(
        w,
        "figure.image",
        &[
            ("margin", format!("{leading}em 0")),
            ("text-align", s("center")),
        ],
    );
    rule(
        w,
        "figure.image img",
        &[("max-width", s("100%")), ("max-height", s("90vh"))],
    );
    tables_notes_ruby(w, style);
}

/// The spans the writer marks in text so that a reading system sets it as print does: em-dash pairs,
/// halved marks, ideographic gaps and a display line's phrases.
fn text_spans(w: &mut String) {
    let s = |v: &str| v.to_string();
    // `——` in full-width forms: one unbroken 2-em rule, as the typesetter sets it (`fwid`).
    rule(
        w,
        &format!("span.{DASH_CLASS}"),
        &[("font-variant-east-asian", s("full-width"))],
    );
    // A `？` or `！` before another mark in its half-width form, as the typesetter sets it
    // (`script::halved_pauses`); browsers trim only the other marks themselves (`text-spacing-trim`).
    rule(
        w,
        &format!("span.{HALF_CLASS}"),
        &[("font-feature-settings", s("\"halt\""))],
    );
    // A space between CJK phrases is one em, as the typesetter sets it (`script::ideographic_gaps`).
    rule(
        w,
        &format!("span.{GAP_CLASS}"),
        &[("display", s("inline-block")), ("width", s("1em"))],
    );
    // A display line's phrase is kept whole where the line allows (it wraps inside only when it is
    // wider than the line): the line breaks between phrases, as the typesetter breaks it.
    rule(
        w,
        &format!("span.{PHRASE_CLASS}"),
        &[("display", s("inline-block"))],
    );
    // The gap between them: a space of no width of its own, spaced one em of the line's size.
    rule(
        w,
        &format!("span.{PHRASE_GAP_CLASS}"),
        &[("word-spacing", s("1em"))],
    );
    rule(
        w,
        &format!("span.{PHRASE_GAP_CLASS} > span"),
        &[("font-size", s("0"))],
    );
}

/// Tables, the story's notes and ruby.
fn tables_notes_ruby(w: &mut String, style: &Style) {
    let s = |v: &str| v.to_string();
    let leading = num(style.body.pitch / style.em());
    // A ruled table across the measure, a blank line above and below, cells ragged (as in print).
    rule(
        w,
        "table.table",
        &[
            ("border-collapse", s("collapse")),
            ("width", s("100%")),
            ("margin", format!("{leading}em 0")),
            ("line-height", leading.clone()),
        ],
    );
    rule(
        w,
        "table.table th, table.table td",
        &[
            ("border", format!("{}pt solid", num(RULE_WIDTH_PT))),
            ("padding", format!("0 {}em", num(BOX_PADDING_EM))),
            ("text-align", s("left")),
            ("vertical-align", s("top")),
            ("text-indent", s("0")),
        ],
    );
    // The notes at the story's end: body text after a blank line, each opening with its marker.
    rule(w, "aside.footnote", &[("margin", s("0"))]);
    rule(
        w,
        "p + aside.footnote, section + aside.footnote, table + aside.footnote",
        &[("margin-top", format!("{leading}em"))],
    );
    rule(
        w,
        "a.noteref, aside.footnote a",
        &[("text-decoration", s("none")), ("color", s("inherit"))],
    );
    // Ruby: the reading above its base at half size (clreq §3.4); without ruby, in brackets after it.
    rule(
        w,
        "ruby",
        &[
            ("ruby-position", s("over")),
            ("-webkit-ruby-position", s("before")),
        ],
    );
    rule(
        w,
        "rt",
        &[("font-size", s("0.5em")), ("line-height", s("1"))],
    );
}

/// The cover page: the image fills the screen, nothing else shows.
pub(super) fn cover_page(w: &mut String) {
    let s = |v: &str| v.to_string();
    rule(
        w,
        "body.cover",
        &[
            ("margin", s("0")),
            ("padding", s("0")),
            ("max-width", s("none")),
            ("text-align", s("center")),
        ],
    );
    rule(
        w,
        "div.cover",
        &[
            ("margin", s("0")),
            ("padding", s("0")),
            ("height", s("100vh")),
            ("text-align", s("center")),
            ("page-break-inside", s("avoid")),
            ("break-inside", s("avoid")),
        ],
    );
    rule(
        w,
        "div.cover svg",
        &[("width", s("100%")), ("height", s("100%"))],
    );
}

/// `text` as the inside of a CSS string, ASCII only: every other character (and `"`, `\\`) as a hex escape
/// closed by a space (CSS Syntax §4.3.7), so the stylesheet needs no `@charset`.
pub(super) fn css_string(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c.to_string()
            } else {
                format!("\\{:x} ", c as u32)
            }
        })
        .collect()
}

/// A CSS number: at most three decimals, no trailing zeros (`1.6667` → `1.667`, `2.0` → `2`).
pub(super) fn num(x: f32) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}
