//! Styles: `styles/*.toml` → [`Style`] `{ page, body, roles }`, with every length converted to points once,
//! here.
//!
//! The role table is the one place a look is decided: every piece of text in both editions — the heading
//! block (column, kicker, headline, subheadline, byline, dateline), subheads, chapters, notes, captions,
//! the title page, contents and colophon, running heads and folios, strong and emphasised text — takes its
//! face, weight, size and spacing from its [`Role`]'s entry. The typesetter sets the PDF from it and the
//! EPUB's stylesheet is generated from it; neither invents a size or a face.
//!
//! The default style (`styles/default.toml`) is embedded in the binary; `--style FILE` replaces it. Keys are
//! kebab-case; an unknown or missing key is an error naming the key, file and line (serde
//! `deny_unknown_fields`).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fonts::{Face, FontId, Weight};

/// Points per millimetre (1 pt = 1/72 in, 1 in = 25.4 mm).
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// The embedded default style's TOML source.
pub const DEFAULT_STYLE: &str = include_str!("../styles/default.toml");

/// Line-start/line-end prohibition level (clreq §3.1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strictness {
    /// Closing and pause marks never start a line, opening marks never end one.
    Basic,
    /// Basic, plus a solidus never ends a line (clreq's GB style; the default).
    Gb,
    /// GB, plus `——` and `……` never start a line except at a paragraph's start.
    Strict,
}

/// How paragraphs are broken into lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Linebreaks {
    /// Total fit (Knuth–Plass): the breaks of the whole paragraph chosen together, so that spacing is even
    /// and no paragraph ends with a single Han character (the default).
    Optimal,
    /// First fit: each line takes as much as fits (with punctuation compression), line by line.
    Greedy,
}

/// How a role's lines sit in the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Align {
    /// Justified to the measure, the last line set solid at the start (body text, clreq §3.6.1).
    Justify,
    /// Set solid from the start of the measure, ragged at the end.
    Start,
    /// Each line centred, the breaks chosen so that lines are balanced (display lines).
    Center,
    /// Set solid against the end of the measure.
    End,
    /// At the outer edge of the page: the end of the measure on a recto, the start on a verso (folios).
    Outer,
}

/// Marks set with emphasised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Marks {
    /// No marks.
    None,
    /// 着重号: a dot under each Han character (GB/T 15834—2011 §4.16, horizontal text).
    Dots,
}

/// The name of every block role: what a line of text is, for the style, the layout JSON and the EPUB's
/// class names (`Role::RunningHead` is `running-head`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Running text (the `[body]` table).
    Body,
    /// Column tag (栏目题).
    Column,
    /// Kicker (引题), above the headline.
    Kicker,
    /// Headline (主题).
    Headline,
    /// Subheadline (副题), below the headline.
    Subheadline,
    /// Byline standing on its own line (`本报记者 黄晏君`).
    Byline,
    /// Dateline (电头) run into the first paragraph, with the byline in brackets: `本报讯（记者 梁可心）`.
    Dateline,
    /// Section subhead (分题/插题).
    Subhead,
    /// A level-1 division heading in a story: `第一章 雪落松花江`.
    Chapter,
    /// A level-2 division heading: `第三节 …`.
    Section,
    /// An editor's note (编者按) text.
    Note,
    /// The label opening an editor's note (`编者按：`).
    NoteLabel,
    /// A block quotation.
    Quote,
    /// A photo caption.
    Caption,
    /// The editor credit (`责任编辑：张三`).
    Credit,
    /// The title on the title page (扉页).
    Title,
    /// The subtitle on the title page.
    Subtitle,
    /// The authors and publisher on the title page.
    Imprint,
    /// The heading of the contents (目录).
    ContentsTitle,
    /// An entry of the contents.
    Contents,
    /// The colophon (版权页) lines.
    Colophon,
    /// Running head.
    RunningHead,
    /// Folio (page number).
    Folio,
}

impl Role {
    /// Every block role, in the order `styles/default.toml` lists them.
    pub const ALL: [Role; 23] = [
        Role::Body,
        Role::Column,
        Role::Kicker,
        Role::Headline,
        Role::Subheadline,
        Role::Byline,
        Role::Dateline,
        Role::Subhead,
        Role::Chapter,
        Role::Section,
        Role::Note,
        Role::NoteLabel,
        Role::Quote,
        Role::Caption,
        Role::Credit,
        Role::Title,
        Role::Subtitle,
        Role::Imprint,
        Role::ContentsTitle,
        Role::Contents,
        Role::Colophon,
        Role::RunningHead,
        Role::Folio,
    ];

    /// The kebab-case name: the style's table name, the layout JSON's role and the EPUB's class name.
    pub fn name(self) -> &'static str {
        match self {
            Role::Body => "body",
            Role::Column => "column",
            Role::Kicker => "kicker",
            Role::Headline => "headline",
            Role::Subheadline => "subheadline",
            Role::Byline => "byline",
            Role::Dateline => "dateline",
            Role::Subhead => "subhead",
            Role::Chapter => "chapter",
            Role::Section => "section",
            Role::Note => "note",
            Role::NoteLabel => "note-label",
            Role::Quote => "quote",
            Role::Caption => "caption",
            Role::Credit => "credit",
            Role::Title => "title",
            Role::Subtitle => "subtitle",
            Role::Imprint => "imprint",
            Role::ContentsTitle => "contents-title",
            Role::Contents => "contents",
            Role::Colophon => "colophon",
            Role::RunningHead => "running-head",
            Role::Folio => "folio",
        }
    }
}

/// An inline role: text marked inside a block (Markdown `**…**` and `*…*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InlineRole {
    /// Strong text.
    Strong,
    /// Emphasised text.
    Emphasis,
}

impl InlineRole {
    /// The kebab-case name (`strong`, `emphasis`).
    pub fn name(self) -> &'static str {
        match self {
            InlineRole::Strong => "strong",
            InlineRole::Emphasis => "emphasis",
        }
    }
}

/// A block role's look: face, weight, size and spacing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RoleStyle {
    /// 宋体 or 黑体.
    pub face: Face,
    /// Regular or bold.
    pub weight: Weight,
    /// The bundled face that sets `face` at `weight`.
    pub font: FontId,
    /// Type size, pt.
    pub size: f32,
    /// Height of each line of the role in body lines (grid rows; an integer keeps the body on the grid,
    /// clreq §2.3.3).
    pub lines: u32,
    /// Blank body lines above the role's first line (dropped at the top of a page).
    pub space_before: u32,
    /// How the lines sit in the measure.
    pub align: Align,
    /// Inset from each side of the measure, in body ems.
    pub inset_em: f32,
    /// A ruled box around each line (the column tag).
    pub boxed: bool,
}

/// An inline role's look: what it changes in the text around it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct InlineStyle {
    /// The face, or `None` to keep the surrounding one.
    pub face: Option<Face>,
    /// The weight, or `None` to keep the surrounding one.
    pub weight: Option<Weight>,
    /// Marks set with the text.
    pub marks: Marks,
    /// Face and weight for reading systems that cannot draw `marks` (CSS `text-emphasis`); `None`: the
    /// role's own.
    pub fallback: Option<(Face, Weight)>,
}

impl InlineStyle {
    /// The face and weight of this role's text inside text of `outer`'s face and weight.
    pub fn face_in(&self, outer: (Face, Weight)) -> (Face, Weight) {
        (self.face.unwrap_or(outer.0), self.weight.unwrap_or(outer.1))
    }
}

/// The page: trim, bleed, head margin, openings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageStyle {
    /// Trim width (the finished page), pt.
    pub trim_width: f32,
    /// Trim height, pt.
    pub trim_height: f32,
    /// Bleed beyond the trim on every side, pt.
    pub bleed: f32,
    /// Trim edge to the top of the first body line's em box, pt.
    pub margin_top: f32,
    /// Every story opens on a recto.
    pub recto_openings: bool,
}

/// How running text is set: the measure, the grid, the rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BodyStyle {
    /// Measure in body ems (an integer; clreq §2.3.5).
    pub measure_em: u32,
    /// Baseline-to-baseline distance, pt.
    pub pitch: f32,
    /// Body lines per page.
    pub lines_per_page: u32,
    /// First-line indent, in body ems.
    pub indent_em: f32,
    /// Prohibition level.
    pub strictness: Strictness,
    /// Han–Latin glue in body ems (shrinkable to half; clreq §3.2.2).
    pub latin_spacing_em: f32,
    /// Line-breaking method.
    pub linebreaks: Linebreaks,
}

/// Every role's look (see [`Role`] for what each is).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct Roles {
    pub body: RoleStyle,
    pub column: RoleStyle,
    pub kicker: RoleStyle,
    pub headline: RoleStyle,
    pub subheadline: RoleStyle,
    pub byline: RoleStyle,
    pub dateline: RoleStyle,
    pub subhead: RoleStyle,
    pub chapter: RoleStyle,
    pub section: RoleStyle,
    pub note: RoleStyle,
    pub note_label: RoleStyle,
    pub quote: RoleStyle,
    pub caption: RoleStyle,
    pub credit: RoleStyle,
    pub title: RoleStyle,
    pub subtitle: RoleStyle,
    pub imprint: RoleStyle,
    pub contents_title: RoleStyle,
    pub contents: RoleStyle,
    pub colophon: RoleStyle,
    pub running_head: RoleStyle,
    pub folio: RoleStyle,
    pub strong: InlineStyle,
    pub emphasis: InlineStyle,
}

impl Roles {
    /// The look of `role`.
    pub fn get(&self, role: Role) -> &RoleStyle {
        match role {
            Role::Body => &self.body,
            Role::Column => &self.column,
            Role::Kicker => &self.kicker,
            Role::Headline => &self.headline,
            Role::Subheadline => &self.subheadline,
            Role::Byline => &self.byline,
            Role::Dateline => &self.dateline,
            Role::Subhead => &self.subhead,
            Role::Chapter => &self.chapter,
            Role::Section => &self.section,
            Role::Note => &self.note,
            Role::NoteLabel => &self.note_label,
            Role::Quote => &self.quote,
            Role::Caption => &self.caption,
            Role::Credit => &self.credit,
            Role::Title => &self.title,
            Role::Subtitle => &self.subtitle,
            Role::Imprint => &self.imprint,
            Role::ContentsTitle => &self.contents_title,
            Role::Contents => &self.contents,
            Role::Colophon => &self.colophon,
            Role::RunningHead => &self.running_head,
            Role::Folio => &self.folio,
        }
    }

    /// The look of `role`.
    pub fn inline(&self, role: InlineRole) -> &InlineStyle {
        match role {
            InlineRole::Strong => &self.strong,
            InlineRole::Emphasis => &self.emphasis,
        }
    }
}

/// A loaded style. Every length is in points (pt) unless its name says `em`.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// The page.
    pub page: PageStyle,
    /// How running text is set.
    pub body: BodyStyle,
    /// Every role's look.
    pub roles: Roles,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PageFile {
    trim_width_mm: f32,
    trim_height_mm: f32,
    bleed_mm: f32,
    margin_top_mm: f32,
    #[serde(default)]
    recto_openings: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct BodyFile {
    face: Face,
    weight: Weight,
    size_pt: f32,
    measure_em: u32,
    line_pitch_em: f32,
    lines_per_page: u32,
    indent_em: f32,
    strictness: Strictness,
    latin_spacing_em: f32,
    linebreaks: Linebreaks,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RoleFile {
    face: Face,
    weight: Weight,
    size_pt: f32,
    #[serde(default = "one")]
    lines: u32,
    #[serde(default)]
    space_before: u32,
    align: Align,
    #[serde(default)]
    inset_em: f32,
    #[serde(default)]
    boxed: bool,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct InlineFile {
    face: Option<Face>,
    weight: Option<Weight>,
    #[serde(default = "no_marks")]
    marks: Marks,
    fallback_face: Option<Face>,
    fallback_weight: Option<Weight>,
}

fn no_marks() -> Marks {
    Marks::None
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RolesFile {
    column: RoleFile,
    kicker: RoleFile,
    headline: RoleFile,
    subheadline: RoleFile,
    byline: RoleFile,
    dateline: RoleFile,
    subhead: RoleFile,
    chapter: RoleFile,
    section: RoleFile,
    note: RoleFile,
    note_label: RoleFile,
    quote: RoleFile,
    caption: RoleFile,
    credit: RoleFile,
    title: RoleFile,
    subtitle: RoleFile,
    imprint: RoleFile,
    contents_title: RoleFile,
    contents: RoleFile,
    colophon: RoleFile,
    running_head: RoleFile,
    folio: RoleFile,
    strong: InlineFile,
    emphasis: InlineFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct StyleFile {
    page: PageFile,
    body: BodyFile,
    roles: RolesFile,
}

/// The bundled face for `face` at `weight`, or an error message naming the role's key.
fn bundled(key: &str, face: Face, weight: Weight) -> std::result::Result<FontId, String> {
    FontId::bundled(face, weight).ok_or_else(|| {
        format!(
            "{key}: no bundled face is {} {} (there are serif regular, serif bold and sans bold)",
            kebab(&face),
            kebab(&weight)
        )
    })
}

/// A value's kebab-case name, as the TOML writes it.
fn kebab<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl RoleFile {
    fn resolve(&self, key: &str) -> std::result::Result<RoleStyle, String> {
        Ok(RoleStyle {
            face: self.face,
            weight: self.weight,
            font: bundled(key, self.face, self.weight)?,
            size: self.size_pt,
            lines: self.lines,
            space_before: self.space_before,
            align: self.align,
            inset_em: self.inset_em,
            boxed: self.boxed,
        })
    }
}

impl InlineFile {
    fn resolve(&self, key: &str) -> std::result::Result<InlineStyle, String> {
        let fallback = match (self.fallback_face, self.fallback_weight) {
            (None, None) => None,
            (Some(face), Some(weight)) => {
                bundled(key, face, weight)?;
                Some((face, weight))
            }
            _ => {
                return Err(format!(
                    "{key}: give fallback-face and fallback-weight together"
                ));
            }
        };
        Ok(InlineStyle {
            face: self.face,
            weight: self.weight,
            marks: self.marks,
            fallback,
        })
    }
}

impl RolesFile {
    fn resolve(&self, body: RoleStyle) -> std::result::Result<Roles, String> {
        let r = |key: &str, f: &RoleFile| f.resolve(&format!("roles.{key}"));
        Ok(Roles {
            body,
            column: r("column", &self.column)?,
            kicker: r("kicker", &self.kicker)?,
            headline: r("headline", &self.headline)?,
            subheadline: r("subheadline", &self.subheadline)?,
            byline: r("byline", &self.byline)?,
            dateline: r("dateline", &self.dateline)?,
            subhead: r("subhead", &self.subhead)?,
            chapter: r("chapter", &self.chapter)?,
            section: r("section", &self.section)?,
            note: r("note", &self.note)?,
            note_label: r("note-label", &self.note_label)?,
            quote: r("quote", &self.quote)?,
            caption: r("caption", &self.caption)?,
            credit: r("credit", &self.credit)?,
            title: r("title", &self.title)?,
            subtitle: r("subtitle", &self.subtitle)?,
            imprint: r("imprint", &self.imprint)?,
            contents_title: r("contents-title", &self.contents_title)?,
            contents: r("contents", &self.contents)?,
            colophon: r("colophon", &self.colophon)?,
            running_head: r("running-head", &self.running_head)?,
            folio: r("folio", &self.folio)?,
            strong: self.strong.resolve("roles.strong")?,
            emphasis: self.emphasis.resolve("roles.emphasis")?,
        })
    }
}

impl Style {
    /// The embedded default style (`styles/default.toml`).
    pub fn default_style() -> Style {
        Style::from_toml(DEFAULT_STYLE, Path::new("styles/default.toml"))
            .expect("the embedded default style is valid")
    }

    /// Reads a style file.
    ///
    /// Errors: [`Error::Io`] when unreadable, [`Error::Config`] naming `path` for bad TOML, an unknown or
    /// missing key, or values that cannot make a page.
    pub fn load(path: &Path) -> Result<Style> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Style::from_toml(&text, path)
    }

    /// Parses a style from TOML source; `path` only names the source in errors.
    pub fn from_toml(text: &str, path: &Path) -> Result<Style> {
        let config = |message: String| Error::Config {
            path: path.to_path_buf(),
            message,
        };
        let file: StyleFile = toml::from_str(text).map_err(|e| config(e.to_string()))?;
        let b = &file.body;
        let body_role = RoleStyle {
            face: b.face,
            weight: b.weight,
            font: bundled("body", b.face, b.weight).map_err(config)?,
            size: b.size_pt,
            lines: 1,
            space_before: 0,
            align: Align::Justify,
            inset_em: 0.0,
            boxed: false,
        };
        let style = Style {
            page: PageStyle {
                trim_width: file.page.trim_width_mm * PT_PER_MM,
                trim_height: file.page.trim_height_mm * PT_PER_MM,
                bleed: file.page.bleed_mm * PT_PER_MM,
                margin_top: file.page.margin_top_mm * PT_PER_MM,
                recto_openings: file.page.recto_openings,
            },
            body: BodyStyle {
                measure_em: b.measure_em,
                pitch: b.line_pitch_em * b.size_pt,
                lines_per_page: b.lines_per_page,
                indent_em: b.indent_em,
                strictness: b.strictness,
                latin_spacing_em: b.latin_spacing_em,
                linebreaks: b.linebreaks,
            },
            roles: file.roles.resolve(body_role).map_err(config)?,
        };
        style.validate().map_err(config)?;
        Ok(style)
    }

    /// The body size (the em every `_em` length is counted in), pt.
    pub fn em(&self) -> f32 {
        self.roles.body.size
    }

    /// The look of `role`.
    pub fn role(&self, role: Role) -> &RoleStyle {
        self.roles.get(role)
    }

    /// Measure (line length) in points.
    pub fn measure(&self) -> f32 {
        self.body.measure_em as f32 * self.em()
    }

    /// Left edge of the text frame from the trim's left edge, pt: the frame is centred across the trim.
    pub fn margin_left(&self) -> f32 {
        (self.page.trim_width - self.measure()) / 2.0
    }

    /// Height from the top of the first body line's em box to the bottom of the last line's, pt.
    pub fn frame_height(&self) -> f32 {
        (self.body.lines_per_page.saturating_sub(1)) as f32 * self.body.pitch + self.em()
    }

    fn validate(&self) -> std::result::Result<(), String> {
        let positive = [
            ("page.trim-width-mm", self.page.trim_width),
            ("page.trim-height-mm", self.page.trim_height),
            ("body.size-pt", self.em()),
            ("body.line-pitch-em", self.body.pitch),
        ];
        for (key, v) in positive {
            if !(v > 0.0 && v.is_finite()) {
                return Err(format!("{key} must be a positive number"));
            }
        }
        if self.body.measure_em < 4 {
            return Err("body.measure-em must be at least 4".into());
        }
        if self.body.lines_per_page < 4 {
            return Err("body.lines-per-page must be at least 4".into());
        }
        if self.body.pitch < self.em() {
            return Err("body.line-pitch-em must be at least 1 (lines would overlap)".into());
        }
        if self.measure() > self.page.trim_width {
            return Err(format!(
                "the measure ({} em = {:.1} pt) is wider than the trim ({:.1} pt)",
                self.body.measure_em,
                self.measure(),
                self.page.trim_width
            ));
        }
        if self.page.margin_top + self.frame_height() > self.page.trim_height {
            return Err(format!(
                "{} lines at {:.2} pt pitch below a {:.1} pt head margin do not fit the trim height ({:.1} pt)",
                self.body.lines_per_page,
                self.body.pitch,
                self.page.margin_top,
                self.page.trim_height
            ));
        }
        for role in Role::ALL {
            self.validate_role(role)?;
        }
        Ok(())
    }

    fn validate_role(&self, role: Role) -> std::result::Result<(), String> {
        let r = self.role(role);
        let key = format!("roles.{}", role.name());
        if !(r.size > 0.0 && r.size.is_finite()) {
            return Err(format!("{key}.size-pt must be a positive number"));
        }
        if r.lines == 0 || r.lines >= self.body.lines_per_page {
            return Err(format!(
                "{key}.lines must be from 1 to {} (fewer than a page's lines)",
                self.body.lines_per_page - 1
            ));
        }
        let height = r.lines as f32 * self.body.pitch;
        if r.size > height {
            return Err(format!(
                "{key}.size-pt = {} is taller than its {} line(s) of {:.2} pt ({height:.2} pt): the lines would overlap",
                r.size, r.lines, self.body.pitch
            ));
        }
        if r.space_before >= self.body.lines_per_page {
            return Err(format!(
                "{key}.space-before must be less than a page's lines"
            ));
        }
        if !(r.inset_em >= 0.0 && 2.0 * r.inset_em + 4.0 <= self.body.measure_em as f32) {
            return Err(format!(
                "{key}.inset-em must leave at least 4 em of the {} em measure",
                self.body.measure_em
            ));
        }
        if r.size * 2.0 > self.measure() - 2.0 * r.inset_em * self.em() {
            return Err(format!(
                "{key}.size-pt = {} is too large: two characters do not fit the measure",
                r.size
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_style_is_a5_with_3mm_bleed_in_points() {
        let s = Style::default_style();
        assert!(
            (s.page.trim_width - 419.527).abs() < 0.01,
            "{}",
            s.page.trim_width
        );
        assert!((s.page.trim_height - 595.276).abs() < 0.01);
        assert!((s.page.bleed - 8.504).abs() < 0.01);
        assert_eq!(s.measure(), 336.0);
        assert!((s.body.pitch / s.em() - 1.6667).abs() < 1e-4);
    }

    #[test]
    fn the_default_roles_are_the_newspapers() {
        let s = Style::default_style();
        for role in [Role::Headline, Role::Subhead, Role::Dateline, Role::Kicker] {
            let r = s.role(role);
            assert_eq!((r.face, r.weight), (Face::Sans, Weight::Bold), "{role:?}");
        }
        assert_eq!(s.role(Role::Body).font, FontId::Serif);
        assert!(s.role(Role::Column).boxed);
        assert_eq!(
            s.roles.strong.face_in((Face::Serif, Weight::Regular)),
            (Face::Sans, Weight::Bold)
        );
        assert_eq!(s.roles.emphasis.marks, Marks::Dots);
        assert_eq!(
            s.roles.emphasis.face_in((Face::Serif, Weight::Regular)),
            (Face::Serif, Weight::Regular)
        );
        assert_eq!(s.roles.emphasis.fallback, Some((Face::Sans, Weight::Bold)));
        assert_eq!(s.role(Role::Title).size, 24.0);
        assert_eq!(s.role(Role::Chapter).size, 14.0);
        let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
        for name in &names[1..] {
            assert!(DEFAULT_STYLE.contains(&format!("[roles.{name}]")), "{name}");
        }
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let text = DEFAULT_STYLE.replace("[body]\n", "[body]\nfont-colour = \"red\"\n");
        let err = Style::from_toml(&text, Path::new("my.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("my.toml: "), "{err}");
        assert!(err.contains("font-colour"), "{err}");
    }

    #[test]
    fn a_missing_role_is_an_error_naming_it() {
        let start = DEFAULT_STYLE.find("[roles.kicker]").unwrap();
        let end = start + DEFAULT_STYLE[start..].find("\n\n").unwrap();
        let text = format!("{}{}", &DEFAULT_STYLE[..start], &DEFAULT_STYLE[end..]);
        let err = Style::from_toml(&text, Path::new("my.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("kicker"), "{err}");
    }

    #[test]
    fn a_face_with_no_bundled_weight_is_refused() {
        let start = DEFAULT_STYLE.find("[roles.kicker]").unwrap();
        let mut text = DEFAULT_STYLE.to_string();
        let at = start + text[start..].find("weight = \"bold\"").unwrap();
        text.replace_range(at..at + "weight = \"bold\"".len(), "weight = \"regular\"");
        let err = Style::from_toml(&text, Path::new("my.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("roles.kicker") && err.contains("sans regular"),
            "{err}"
        );
    }

    #[test]
    fn a_measure_wider_than_the_page_is_refused() {
        let text = DEFAULT_STYLE.replace("measure-em = 32", "measure-em = 60");
        let err = Style::from_toml(&text, Path::new("wide.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("wider than the trim"), "{err}");
    }

    #[test]
    fn a_role_taller_than_its_lines_is_refused() {
        let text = DEFAULT_STYLE.replacen("size-pt = 18.0", "size-pt = 10000.0", 1);
        assert_ne!(text, DEFAULT_STYLE);
        let err = Style::from_toml(&text, Path::new("big.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("roles.headline.size-pt = 10000"), "{err}");
    }
}
