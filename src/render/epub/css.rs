//! The EPUB stylesheet, generated from the [`Style`]: every role the EPUB shows gets one rule, made by one
//! function ([`role_rule`]) from its [`crate::style::RoleStyle`] and keyed by the role's name as the class
//! ([`Role::name`]), so the EPUB shows what the role table says and nothing else.
//!
//! - font-family and font-weight from the role's face and weight: the embedded family first
//!   (`Noto Serif CJK SC`, `Noto Sans CJK SC`), then the platforms' faces of the same kind;
//! - font-size = the role's size over the body size, in `em` (the body is the reading system's size, so its
//!   font-size setting still works; a role set inside another role is sized against that role);
//! - line-height = the body's leading (pitch over body size), unitless — a display role (one set
//!   centred: headings, kicker, subheadline, column tag, title) takes [`DISPLAY_LEADING`] and balanced lines
//!   instead, as a screen needs when its lines wrap; a line of a role takes `lines` body lines in all (the
//!   rest of that height as margins above and below), and `space_before` blank body lines above it, as in
//!   print;
//! - `inset_em` as side margins, `align` as text-align, `boxed` as a 0.5 pt rule ½ em clear of the text,
//!   shrink-wrapped and centred (the column tag's box in print).
//!
//! The page: the text is at most the print measure wide (`max-width` in body ems, centred) with a margin
//! of [`PAGE_MARGIN_EM`] at the sides — plain declarations on `body`, which a reading system's own margins
//! and line length override. Running text is justified with `line-break: strict`, Han–Latin spacing
//! (`text-autospace: normal`, CSS Text 4, the ¼ em of print) and `overflow-wrap: anywhere`; a web address
//! (`span.url`) may break anywhere, so it neither runs off the screen nor leaves the line before it spaced
//! out. `text-spacing-trim: trim-start` trims adjacent punctuation such as `。”“` through the face's `halt`
//! feature (the embedded subsets keep GPOS, see `subset.rs`) and an opening mark's blank half at the start
//! of every line, as print does; a `？` or `！` before another mark, which browsers leave whole, is marked
//! `span.half` and set with `halt` (`script::halved_pauses`).
//!
//! Strong text takes the strong role's face. Emphasised text takes the emphasis role's marks (着重号:
//! CSS `text-emphasis`, with the `-webkit-` and `-epub-` forms) as a progressive enhancement: the plain
//! `em` rule sets the role's fallback face (黑体) for reading systems without `text-emphasis`, and an
//! `@supports` rule gives the others the surrounding face with the dots.
//!
//! Each embedded face is declared with `@font-face` under its family name.

use std::fmt::Write as _;

use super::css_blocks::{BOX_PADDING_EM, RULE_WIDTH_PT, cover_page, num, rule, unroled_blocks};
use super::front::{FOOT_CLASS, level_class};
use super::resources::Resource;
use super::subset::Embedding;
use super::usage::font_for;
use super::xhtml::CSS_HREF;
use crate::fonts::{Face, FontId, Weight};
use crate::style::{Align, CONTENTS_TITLE_SPACING_EM, InlineStyle, Marks, Role, Strictness, Style};

/// Serif fallbacks after the bundled family: Source Han (same design), then the platforms' 宋体.
const SERIF_FALLBACK: &str =
    "\"Source Han Serif SC\", \"Songti SC\", \"STSong\", \"SimSun\", serif";

/// Sans fallbacks after the bundled family: Source Han, then the platforms' 黑体.
const SANS_FALLBACK: &str =
    "\"Source Han Sans SC\", \"PingFang SC\", \"Heiti SC\", \"Microsoft YaHei\", sans-serif";

/// The deepest colophon level ([`crate::model::ColophonEntry::level`]).
const MAX_COLOPHON_LEVEL: u8 = 2;

/// Body lines the title page leaves between the subtitle and the authors (as the print title page).
const TITLE_PAGE_GAP_LINES: u32 = 2;

/// Line height of display text (a role set centred), in ems of its size: lines of a wrapped headline
/// close enough to read as one headline.
pub(super) const DISPLAY_LEADING: f32 = 1.3;

/// The page's side margin, in body ems (at least 12 px at a phone's 16 px).
pub(super) const PAGE_MARGIN_EM: f32 = 1.0;

/// Each role the EPUB shows, with its selector: the role's name as the class, on the element that shows
/// it.
pub(super) const ROLE_SELECTORS: [(Role, &str); 20] = [
    (Role::Column, ".column"),
    (Role::Kicker, ".kicker"),
    (Role::Headline, "h1.headline"),
    (Role::Subheadline, ".subheadline"),
    (Role::Byline, ".byline"),
    (Role::Dateline, ".dateline"),
    (Role::Subhead, "h2.subhead"),
    (Role::Chapter, "h2.chapter"),
    (Role::Section, "h3.section"),
    (Role::Note, ".note"),
    (Role::NoteLabel, ".note-label"),
    (Role::Quote, "blockquote.quote"),
    (Role::Caption, ".caption"),
    (Role::Credit, ".credit"),
    (Role::Title, ".title"),
    (Role::Subtitle, ".subtitle"),
    (Role::Imprint, ".imprint"),
    (Role::ContentsTitle, ".contents-title"),
    (Role::Contents, ".contents"),
    (Role::Colophon, ".colophon"),
];

/// Where a role's text stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A block of its own.
    Block,
    /// A run inside the block of another role (the dateline in the first paragraph, the note's label).
    RunIn(Role),
}

/// Where `role`'s text stands in the documents.
fn place(role: Role) -> Place {
    match role {
        Role::Dateline => Place::RunIn(Role::Body),
        Role::NoteLabel => Place::RunIn(Role::Note),
        _ => Place::Block,
    }
}

/// A rule's declarations: what sets the type (inherited by what the element holds) and what places the
/// element's lines.
#[derive(Debug, Clone, Default, PartialEq)]
struct Declarations {
    font: Vec<(&'static str, String)>,
    block: Vec<(&'static str, String)>,
}

/// The declarations of `role` (see the module documentation).
fn declarations(role: Role, style: &Style, faces: &Embedding) -> Declarations {
    let r = style.role(role);
    let parent = match place(role) {
        Place::Block => style.em(),
        Place::RunIn(outer) => style.role(outer).size,
    };
    let mut d = Declarations {
        font: face_declarations(r.font, (r.face, r.weight), faces),
        block: Vec::new(),
    };
    d.font
        .push(("font-size", format!("{}em", num(r.size / parent))));
    if place(role) != Place::Block {
        return d;
    }
    let display = r.align == Align::Center;
    let leading = if display {
        DISPLAY_LEADING
    } else {
        style.body.pitch / style.em()
    };
    d.font.push(("line-height", num(leading)));
    let em = |pt: f32| match num(pt / r.size) {
        zero if zero == "0" => zero,
        n => format!("{n}em"),
    };
    let rule = if r.boxed { 2.0 * RULE_WIDTH_PT } else { 0.0 };
    let extra = ((r.lines as f32 * style.body.pitch - leading * r.size - rule) / 2.0).max(0.0);
    let top = extra + r.space_before as f32 * style.body.pitch;
    let side = if r.boxed && r.align == Align::Center {
        "auto".to_string()
    } else {
        em(r.inset_em * style.em())
    };
    d.block
        .push(("margin", format!("{} {side} {} {side}", em(top), em(extra))));
    d.block
        .push(("text-align", text_align(r.align).to_string()));
    if display {
        // centred lines are balanced, as the typesetter sets them
        d.block.push(("text-wrap", "balance".to_string()));
    }
    if role == Role::ContentsTitle {
        // `目　录` as the PDF spreads it; the spacing after the last character is matched by an indent
        // before the first, so that the characters stay centred
        let spacing = format!("{}em", num(CONTENTS_TITLE_SPACING_EM));
        let indent = match r.align {
            Align::Center => spacing.clone(),
            _ => "0".to_string(),
        };
        d.block.push(("letter-spacing", spacing));
        d.block.push(("text-indent", indent));
    } else if r.align != Align::Justify {
        d.block.push(("text-indent", "0".to_string()));
    }
    if r.boxed {
        d.block.push(("display", "table".to_string()));
        d.block
            .push(("border", format!("{}pt solid", num(RULE_WIDTH_PT))));
        d.block
            .push(("padding", format!("0 {}em", num(BOX_PADDING_EM))));
    }
    d
}

/// `font-family` (the face's family and the faces that stand in for it, [`Embedding::stack`], then the
/// platforms' faces of the same kind) and `font-weight` for text set in `font`, used as `face` at `weight`.
fn face_declarations(
    font: FontId,
    (face, weight): (Face, Weight),
    faces: &Embedding,
) -> Vec<(&'static str, String)> {
    let fallback = match face {
        Face::Serif => SERIF_FALLBACK,
        Face::Sans => SANS_FALLBACK,
    };
    let stack = faces.stack(font, face, weight).join(", ");
    vec![
        ("font-family", format!("{stack}, {fallback}")),
        ("font-weight", css_weight(weight).to_string()),
    ]
}

/// The CSS keyword of `weight`.
fn css_weight(weight: Weight) -> &'static str {
    match weight {
        Weight::Regular => "normal",
        Weight::Bold => "bold",
    }
}

/// The CSS `text-align` of `align` (the book is horizontal, left to right; a folio's outer edge has no
/// place in a reflowable book, so it sets against the end).
fn text_align(align: Align) -> &'static str {
    match align {
        Align::Justify => "justify",
        Align::Start => "left",
        Align::Center => "center",
        Align::End | Align::Outer => "right",
    }
}

/// The rule of `role` under `selector`: the one place a role becomes CSS.
fn role_rule(w: &mut String, selector: &str, role: Role, style: &Style, faces: &Embedding) {
    let d = declarations(role, style, faces);
    if role == Role::Contents {
        // The list carries the type, each entry (nested lists included) its line's height.
        rule(w, selector, &d.font);
        rule(w, &format!("{selector} li"), &d.block);
    } else {
        rule(w, selector, &[d.font, d.block].concat());
    }
}

/// The stylesheet as a resource, declaring every face `faces` embeds.
pub(super) fn resource(style: &Style, faces: &Embedding) -> Resource {
    Resource::file(
        "css",
        CSS_HREF,
        "text/css",
        stylesheet(style, faces).into_bytes(),
    )
}

/// The whole stylesheet (`OEBPS/stylesheet.css`). `faces` are the embedded faces. ASCII only (when the
/// paths and family names are), so no `@charset` is needed.
pub(super) fn stylesheet(style: &Style, faces: &Embedding) -> String {
    let mut css = String::new();
    let w = &mut css;
    let _ = writeln!(
        w,
        "/* Generated by huozi from the style; edit the style, not this file. */\n"
    );
    for face in &faces.faces {
        let format = if face.href.ends_with(".ttf") {
            "truetype"
        } else {
            "opentype"
        };
        let decls = [
            ("font-family", format!("\"{}\"", face.family)),
            ("font-style", "normal".to_string()),
            ("font-weight", css_weight(face.weight).to_string()),
            ("src", format!("url({}) format(\"{format}\")", face.href)),
        ];
        rule(w, "@font-face", &decls);
    }
    running_text(w, style, faces);
    unroled_blocks(w, style);
    for (role, selector) in ROLE_SELECTORS {
        role_rule(w, selector, role, style, faces);
    }
    inline_roles(w, style, faces);
    matter(w, style);
    cover_page(w);
    css
}

/// The body, paragraphs and the story's frame.
fn running_text(w: &mut String, style: &Style, faces: &Embedding) {
    let body = style.role(Role::Body);
    let leading = num(style.body.pitch / style.em());
    let indent = format!("{}em", num(style.body.indent_em));
    let line_break = match style.body.strictness {
        Strictness::Basic => "normal",
        Strictness::Gb | Strictness::Strict => "strict",
    };
    // The print edition's Han–Latin glue, where the reading system knows CSS Text 4 autospacing
    // (`normal` is `ideograph-alpha ideograph-numeric`, the only long form a draft defines, and the one
    // every engine that autospaces accepts).
    let autospace = if style.body.latin_spacing_em > 0.0 {
        "normal"
    } else {
        "no-autospace"
    };
    let s = |v: &str| v.to_string();
    let margin = format!("{}em", num(PAGE_MARGIN_EM));
    let mut decls = vec![
        ("margin", s("0 auto")),
        ("padding", format!("0 {margin}")),
        ("max-width", format!("{}em", style.body.measure_em)),
    ];
    decls.extend(face_declarations(
        body.font,
        (body.face, body.weight),
        faces,
    ));
    decls.push(("line-height", leading.clone()));
    // An opening mark starting any line drops its blank half, as in print (clreq §3.1.6.3; `normal` keeps
    // it whole); adjacent marks are trimmed as under `normal`. Inherited by every block.
    decls.push(("text-spacing-trim", s("trim-start")));
    rule(w, "body", &decls);
    rule(
        w,
        "section.story",
        &[
            ("page-break-before", s("always")),
            ("break-before", s("page")),
        ],
    );
    rule(
        w,
        "p",
        &[
            ("text-indent", indent.clone()),
            ("text-align", s("justify")),
            ("line-break", s(line_break)),
            ("margin", s("0")),
            ("hanging-punctuation", s("none")),
            ("text-autospace", s(autospace)),
            ("overflow-wrap", s("anywhere")),
            ("widows", s("2")),
            ("orphans", s("2")),
        ],
    );
    rule(
        w,
        "span.url",
        &[
            ("word-break", s("break-all")),
            ("overflow-wrap", s("anywhere")),
        ],
    );
    // One blank body line after the heading block, as in print; headings keep with what follows.
    rule(
        w,
        "header",
        &[
            ("margin", format!("0 0 {leading}em 0")),
            ("page-break-inside", s("avoid")),
            ("break-inside", s("avoid")),
        ],
    );
    let keep = [
        ("page-break-after", s("avoid")),
        ("break-after", s("avoid")),
    ];
    rule(w, "header, h1, h2, h3", &keep);
}

/// `strong` and `em` from the inline roles.
fn inline_roles(w: &mut String, style: &Style, faces: &Embedding) {
    let declare = |face: Face, weight: Weight| {
        face_declarations(font_for(face, weight), (face, weight), faces)
    };
    let inherit = |v: &InlineStyle| {
        let mut d = vec![("font-style", "normal".to_string())];
        let face = v
            .face
            .map(|f| declare(f, v.weight.unwrap_or(Weight::Regular)));
        match face {
            Some(mut f) => d.push(f.remove(0)),
            None => d.push(("font-family", "inherit".to_string())),
        }
        let weight = v.weight.map_or("inherit", css_weight);
        d.push(("font-weight", weight.to_string()));
        d
    };
    rule(w, "strong", &inherit(&style.roles.strong));
    // a table's header cells are set as strong text, as in print
    let mut th = inherit(&style.roles.strong);
    th.retain(|(p, _)| *p != "font-style");
    rule(w, "table.table th", &th);
    let em = &style.roles.emphasis;
    let own = inherit(em);
    let dots: Vec<(&str, String)> = match em.marks {
        Marks::None => Vec::new(),
        Marks::Dots => [
            "-webkit-text-emphasis-style",
            "-epub-text-emphasis-style",
            "text-emphasis",
        ]
        .into_iter()
        .map(|p| (p, "filled dot".to_string()))
        .chain(
            [
                "-webkit-text-emphasis-position",
                "-epub-text-emphasis-position",
                "text-emphasis-position",
            ]
            .into_iter()
            .map(|p| (p, "under right".to_string())),
        )
        .collect(),
    };
    match em.fallback {
        Some((face, weight)) if em.marks != Marks::None => {
            // Readers without text-emphasis: the fallback face; the others: the role's face and the dots.
            let mut fallback = vec![("font-style", "normal".to_string())];
            fallback.extend(declare(face, weight));
            rule(w, "em", &fallback);
            let _ = writeln!(
                w,
                "@supports (text-emphasis-style: filled dot) or (-webkit-text-emphasis-style: filled dot) {{"
            );
            let mut inner = String::new();
            rule(&mut inner, "em", &[&own[1..], &dots[..]].concat());
            for line in inner.trim_end().lines() {
                let _ = writeln!(w, "{}{line}", if line.is_empty() { "" } else { "  " });
            }
            let _ = writeln!(w, "}}\n");
        }
        _ => rule(w, "em", &[own, dots].concat()),
    }
    if em.marks != Marks::None {
        // Dots go under Han characters only, as in print (the EPUB writer marks the rest).
        let none: Vec<(&str, String)> = [
            "-webkit-text-emphasis-style",
            "-epub-text-emphasis-style",
            "text-emphasis-style",
        ]
        .into_iter()
        .map(|p| (p, "none".to_string()))
        .collect();
        rule(w, "em span.no-dots", &none);
    }
}

/// The contents page, the title page and the colophon.
fn matter(w: &mut String, style: &Style) {
    let s = |v: &str| v.to_string();
    let line = |lines: u32| format!("{}em", num(lines as f32 * style.body.pitch / style.em()));
    let indent = format!("{}em", num(style.body.indent_em));
    rule(
        w,
        "nav ol",
        &[
            ("list-style-type", s("none")),
            ("margin", s("0")),
            ("padding", s("0")),
        ],
    );
    rule(w, "nav ol ol", &[("padding-left", indent)]);
    rule(
        w,
        "nav a",
        &[("text-decoration", s("none")), ("color", s("inherit"))],
    );
    // The title page as printed: the title a quarter down the page, the publisher at the foot (where the
    // reading system knows flexible boxes; elsewhere it follows the authors).
    rule(
        w,
        "section.titlepage",
        &[
            ("display", s("flex")),
            ("flex-direction", s("column")),
            ("min-height", s("90vh")),
            ("padding-top", line(style.body.lines_per_page / 4)),
            ("box-sizing", s("border-box")),
        ],
    );
    let gap = ".title + .imprint, .subtitle + .imprint";
    rule(w, gap, &[("margin-top", line(TITLE_PAGE_GAP_LINES))]);
    rule(
        w,
        &format!(".imprint.{FOOT_CLASS}"),
        &[("margin-top", s("auto"))],
    );
    // The colophon at the foot of its page, each level hanging 2 em further in.
    rule(
        w,
        "section.colophon-page",
        &[
            ("display", s("flex")),
            ("flex-direction", s("column")),
            ("justify-content", s("flex-end")),
            ("min-height", s("90vh")),
        ],
    );
    for level in 1..=MAX_COLOPHON_LEVEL {
        let selector = format!(".colophon.{}", level_class(level));
        rule(w, &selector, &[("margin-left", format!("{}em", 2 * level))]);
    }
}

#[cfg(test)]
mod tests {
    use super::super::css_blocks::css_string;
    use super::*;

    /// The declarations of the first rule whose selector is exactly `selector`.
    fn rule_of<'a>(css: &'a str, selector: &str) -> &'a str {
        let open = format!("\n{selector} {{\n");
        let start = css
            .find(&open)
            .unwrap_or_else(|| panic!("no rule {selector} in {css}"))
            + open.len();
        &css[start..start + css[start..].find('}').unwrap()]
    }

    /// The value of `property` in `rule`.
    fn value<'a>(rule: &'a str, property: &str) -> &'a str {
        let key = format!("  {property}: ");
        let start = rule
            .find(&key)
            .unwrap_or_else(|| panic!("no {property} in {rule}"))
            + key.len();
        &rule[start..start + rule[start..].find(';').unwrap()]
    }

    fn em_value(v: &str) -> f32 {
        v.strip_suffix("em").unwrap().parse().unwrap()
    }

    #[test]
    fn css_strings_escape_everything_but_printable_ascii() {
        assert_eq!(css_string("•\u{3000}"), "\\2022 \\3000 ");
        assert_eq!(css_string("．"), "\\ff0e ");
        assert_eq!(css_string("a \"b"), "a \\22 b");
        let css = stylesheet(&Style::default_style(), &Embedding::embedded_only(&[]));
        assert!(
            css.contains("list-style-type: \"\\2022 \\3000 \";"),
            "{css}"
        );
        assert!(css.contains("suffix: \"\\ff0e \";"), "{css}");
        assert!(css.contains("em span.no-dots {"), "{css}");
        assert!(css.is_ascii());
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.6667), "1.667");
        assert_eq!(num(2.0), "2");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(18.0 / 10.5), "1.714");
    }

    #[test]
    fn paragraphs_follow_the_style() {
        let style = Style::default_style();
        let css = stylesheet(&style, &Embedding::embedded_only(&[]));
        let p = rule_of(&css, "p");
        for decl in [
            "text-indent: 2em;",
            "text-align: justify;",
            "line-break: strict;",
            "margin: 0;",
            "hanging-punctuation: none;",
            "text-autospace: normal;",
            "overflow-wrap: anywhere;",
            "widows: 2;",
            "orphans: 2;",
        ] {
            assert!(p.contains(decl), "p lacks {decl}: {p}");
        }
        assert_eq!(value(rule_of(&css, "body"), "line-height"), "1.667");
        // the marks' blank halves trimmed as print trims them: at every line's start, and a `？` or `！`
        // before another mark in its half-width form
        assert_eq!(
            value(rule_of(&css, "body"), "text-spacing-trim"),
            "trim-start"
        );
        assert_eq!(
            value(rule_of(&css, "span.half"), "font-feature-settings"),
            "\"halt\""
        );
        assert!(css.contains("break-before: page;"), "{css}");
        assert!(css.is_ascii());
    }

    #[test]
    fn every_role_has_its_rule_sized_against_the_body() {
        let style = Style::default_style();
        let css = stylesheet(&style, &Embedding::embedded_only(&[]));
        for (role, selector) in ROLE_SELECTORS {
            let r = style.role(role);
            let rule = rule_of(&css, selector);
            let parent = match role {
                Role::NoteLabel => style.roles.note.size,
                _ => style.em(),
            };
            let size = em_value(value(rule, "font-size"));
            assert!(
                (size - r.size / parent).abs() < 0.001,
                "{selector}: {size} em for {} pt over {parent} pt",
                r.size
            );
            let family = value(rule, "font-family");
            let expected = match r.face {
                Face::Serif => "\"Noto Serif CJK SC\", \"Source Han Serif SC\"",
                Face::Sans => "\"Noto Sans CJK SC\", \"Source Han Sans SC\"",
            };
            assert!(family.starts_with(expected), "{selector}: {family}");
            let weight = value(rule, "font-weight");
            assert_eq!(weight, css_weight(r.weight), "{selector}");
        }
        // 18 pt headline, 24 pt title, 14 pt chapter and 10.5 pt section over the 10.5 pt body
        assert_eq!(value(rule_of(&css, "h1.headline"), "font-size"), "1.714em");
        assert_eq!(value(rule_of(&css, ".title"), "font-size"), "2.286em");
        assert_eq!(value(rule_of(&css, "h2.chapter"), "font-size"), "1.333em");
        assert_eq!(value(rule_of(&css, "h3.section"), "font-size"), "1em");
        assert_eq!(value(rule_of(&css, ".colophon"), "font-size"), "0.857em");
    }

    #[test]
    fn a_role_takes_its_lines_space_inset_and_align() {
        let style = Style::default_style();
        let css = stylesheet(&style, &Embedding::embedded_only(&[]));
        // subhead: one line (17.5 pt, 13.65 pt of it the line at the display leading 1.3: 1.925 pt
        // above and below), one blank line above
        let subhead = rule_of(&css, "h2.subhead");
        assert_eq!(value(subhead, "margin"), "1.85em 0 0.183em 0");
        assert_eq!(value(subhead, "text-align"), "center");
        assert_eq!(value(subhead, "text-wrap"), "balance");
        assert_eq!(value(subhead, "text-indent"), "0");
        assert_eq!(value(subhead, "line-height"), "1.3");
        // headline: 18 pt, two body lines (35 pt) a line, 23.4 pt of it the line itself
        let headline = rule_of(&css, "h1.headline");
        assert_eq!(value(headline, "margin"), "0.322em 0 0.322em 0");
        assert_eq!(value(headline, "line-height"), "1.3");
        // body text keeps the print leading
        assert_eq!(value(rule_of(&css, ".note"), "line-height"), "1.667");
        // a note inset 2 body ems on each side, justified, with a blank line above
        let note = rule_of(&css, ".note");
        assert_eq!(value(note, "margin"), "1.667em 2em 0 2em");
        assert_eq!(value(note, "text-align"), "justify");
        assert!(!note.contains("text-indent"), "{note}");
        assert_eq!(value(rule_of(&css, ".credit"), "text-align"), "right");
        assert_eq!(value(rule_of(&css, ".colophon"), "text-align"), "left");
        // run-in roles set the type only
        let dateline = rule_of(&css, ".dateline");
        assert!(!dateline.contains("margin") && !dateline.contains("line-height"));
        // the contents: the list sets the type, each entry the line
        assert_eq!(value(rule_of(&css, ".contents"), "font-size"), "1em");
        assert_eq!(value(rule_of(&css, ".contents li"), "margin"), "0 0 0 0");
        // the contents' heading spread `目　录` as the PDF sets it, its characters kept centred
        let heading = rule_of(&css, ".contents-title");
        assert_eq!(value(heading, "letter-spacing"), "1em");
        assert_eq!(value(heading, "text-indent"), "1em");
        assert_eq!(value(rule_of(&css, ".title"), "text-indent"), "0");
    }

    #[test]
    fn the_column_tag_is_boxed_shrink_wrapped_and_centred() {
        let style = Style::default_style();
        let column = stylesheet(&style, &Embedding::embedded_only(&[]));
        let column = rule_of(&column, ".column");
        assert_eq!(value(column, "border"), "0.5pt solid");
        assert_eq!(value(column, "padding"), "0 0.5em");
        assert_eq!(value(column, "display"), "table");
        // (two 17.5 pt lines - 11.7 pt line - 1 pt of rule) / 2 = 11.15 pt = 1.239 em of 9 pt, auto sides
        assert_eq!(value(column, "margin"), "1.239em auto 1.239em auto");
        let kicker = stylesheet(&style, &Embedding::embedded_only(&[]));
        assert!(!rule_of(&kicker, ".kicker").contains("border"));
    }

    #[test]
    fn a_size_changed_in_the_style_changes_the_rule() {
        let mut style = Style::default_style();
        style.roles.kicker.size = 14.0;
        style.roles.section.size = 12.0;
        style.roles.caption.face = Face::Sans;
        style.roles.caption.weight = Weight::Bold;
        style.roles.caption.font = FontId::SansBold;
        let css = stylesheet(&style, &Embedding::embedded_only(&[]));
        assert_eq!(value(rule_of(&css, ".kicker"), "font-size"), "1.333em");
        assert_eq!(value(rule_of(&css, "h3.section"), "font-size"), "1.143em");
        let caption = rule_of(&css, ".caption");
        assert!(value(caption, "font-family").starts_with("\"Noto Sans CJK SC\""));
        assert_eq!(value(caption, "font-weight"), "bold");
    }

    #[test]
    fn emphasis_dots_are_an_enhancement_over_the_fallback_face() {
        let style = Style::default_style();
        let css = stylesheet(&style, &Embedding::embedded_only(&[]));
        // the plain rule: the fallback face (黑体), no italics
        let em = rule_of(&css, "em");
        assert_eq!(value(em, "font-style"), "normal");
        assert!(value(em, "font-family").starts_with("\"Noto Sans CJK SC\""));
        assert_eq!(value(em, "font-weight"), "bold");
        assert!(!em.contains("emphasis"), "{em}");
        // where text-emphasis works: the surrounding face and the dots, in every form
        let supports = "@supports (text-emphasis-style: filled dot) or (-webkit-text-emphasis-style: filled dot) {\n  em {\n";
        let at = css.find(supports).expect("an @supports rule") + supports.len();
        let inner = &css[at..at + css[at..].find('}').unwrap()];
        for decl in [
            "font-family: inherit;",
            "font-weight: inherit;",
            "-webkit-text-emphasis-style: filled dot;",
            "-epub-text-emphasis-style: filled dot;",
            "text-emphasis: filled dot;",
            "-webkit-text-emphasis-position: under right;",
            "-epub-text-emphasis-position: under right;",
            "text-emphasis-position: under right;",
        ] {
            assert!(inner.contains(decl), "{decl} not in {inner}");
        }
        // strong: the sans, bold
        let strong = rule_of(&css, "strong");
        assert!(value(strong, "font-family").starts_with("\"Noto Sans CJK SC\""));
        assert_eq!(value(strong, "font-weight"), "bold");

        // without a fallback the dots are the plain rule
        let mut plain = style.clone();
        plain.roles.emphasis.fallback = None;
        let css = stylesheet(&plain, &Embedding::embedded_only(&[]));
        assert!(!css.contains("@supports"));
        assert_eq!(value(rule_of(&css, "em"), "text-emphasis"), "filled dot");
    }

    #[test]
    fn embedded_faces_are_declared_and_first_in_the_stacks() {
        let style = Style::default_style();
        let css = stylesheet(
            &style,
            &Embedding::embedded_only(&[FontId::Serif, FontId::SansBold]),
        );
        assert!(
            css.contains(
                "@font-face {\n  font-family: \"Noto Serif CJK SC\";\n  font-style: normal;\n  \
                 font-weight: normal;\n  src: url(fonts/NotoSerifCJKsc-Regular.otf) format(\"opentype\");\n}"
            ),
            "{css}"
        );
        assert!(
            css.contains(
                "font-family: \"Noto Sans CJK SC\";\n  font-style: normal;\n  font-weight: bold;"
            ),
            "{css}"
        );
        let body = css.split("\nbody {").nth(1).unwrap();
        assert!(
            body.starts_with(
                "\n  margin: 0 auto;\n  padding: 0 1em;\n  max-width: 32em;\n  \
                 font-family: \"Noto Serif CJK SC\", "
            ),
            "{body}"
        );
        assert!(css.is_ascii());
    }

    #[test]
    fn basic_strictness_maps_to_normal_line_break() {
        let mut style = Style::default_style();
        style.body.strictness = Strictness::Basic;
        assert!(stylesheet(&style, &Embedding::embedded_only(&[])).contains("line-break: normal;"));
    }

    #[test]
    fn tables_notes_ruby_and_addresses_have_their_rules() {
        let style = Style::default_style();
        let css = stylesheet(&style, &Embedding::embedded_only(&[]));
        let table = rule_of(&css, "table.table");
        assert_eq!(value(table, "border-collapse"), "collapse");
        assert_eq!(value(table, "margin"), "1.667em 0");
        let cells = rule_of(&css, "table.table th, table.table td");
        assert_eq!(value(cells, "border"), "0.5pt solid");
        assert_eq!(value(cells, "text-indent"), "0");
        // header cells in the strong role's face, as printed
        let th = rule_of(&css, "table.table th");
        assert!(value(th, "font-family").starts_with("\"Noto Sans CJK SC\""));
        assert_eq!(value(th, "font-weight"), "bold");
        assert_eq!(value(rule_of(&css, "rt"), "font-size"), "0.5em");
        assert_eq!(value(rule_of(&css, "ruby"), "ruby-position"), "over");
        assert_eq!(value(rule_of(&css, "span.url"), "word-break"), "break-all");
        assert_eq!(value(rule_of(&css, "aside.footnote"), "margin"), "0");
        // the page: the print measure at most, centred, a margin at the sides; the cover fills the screen
        let body = rule_of(&css, "body");
        assert_eq!(value(body, "max-width"), "32em");
        assert_eq!(value(body, "margin"), "0 auto");
        assert_eq!(value(body, "padding"), "0 1em");
        assert_eq!(value(rule_of(&css, "body.cover"), "max-width"), "none");
    }
}
