//! The style file's TOML shape and its conversion to points and resolved roles.

use serde::{Deserialize, Serialize};

use super::body::{BodyStyle, Linebreaks, PT_PER_MM, PageStyle, Strictness};
use super::roles::{Align, InlineStyle, Marks, RoleStyle, Roles};
use crate::fonts::{Face, FontId, Weight};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PageFile {
    trim_width_mm: f32,
    trim_height_mm: f32,
    bleed_mm: f32,
    margin_top_mm: f32,
    #[serde(default = "inner_mm")]
    margin_inner_mm: f32,
    #[serde(default = "outer_mm")]
    margin_outer_mm: f32,
    #[serde(default)]
    recto_openings: bool,
    #[serde(default)]
    single_story_contents: bool,
}

/// The inner and outer margins when a style leaves them out: the default style's (A5: 16 and 13.5 mm).
fn inner_mm() -> f32 {
    16.0
}

fn outer_mm() -> f32 {
    13.5
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
    #[serde(default = "quarter")]
    digit_spacing_em: f32,
    #[serde(default = "one")]
    orphans: u32,
    linebreaks: Linebreaks,
}

/// The Han–digit spacing when a style leaves it out: ¼ em, as between Han and Latin letters.
fn quarter() -> f32 {
    0.25
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

/// Parses a style file's TOML into the page, the body and the resolved roles, converting millimetres to
/// points and resolving each role's face and weight to a bundled face.
///
/// Errors: a message (TOML errors name the key and line; a face and weight with no bundled face name the
/// role's key).
pub(super) fn parse(text: &str) -> Result<(PageStyle, BodyStyle, Roles), String> {
    let file: StyleFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let b = &file.body;
    let body_role = RoleStyle {
        face: b.face,
        weight: b.weight,
        font: bundled("body", b.face, b.weight)?,
        size: b.size_pt,
        lines: 1,
        space_before: 0,
        align: Align::Justify,
        inset_em: 0.0,
        boxed: false,
    };
    let page = PageStyle {
        trim_width: file.page.trim_width_mm * PT_PER_MM,
        trim_height: file.page.trim_height_mm * PT_PER_MM,
        bleed: file.page.bleed_mm * PT_PER_MM,
        margin_top: file.page.margin_top_mm * PT_PER_MM,
        margin_inner: file.page.margin_inner_mm * PT_PER_MM,
        margin_outer: file.page.margin_outer_mm * PT_PER_MM,
        recto_openings: file.page.recto_openings,
        single_story_contents: file.page.single_story_contents,
    };
    let body = BodyStyle {
        measure_em: b.measure_em,
        pitch: b.line_pitch_em * b.size_pt,
        lines_per_page: b.lines_per_page,
        indent_em: b.indent_em,
        strictness: b.strictness,
        latin_spacing_em: b.latin_spacing_em,
        digit_spacing_em: b.digit_spacing_em,
        orphans: b.orphans,
        linebreaks: b.linebreaks,
    };
    Ok((page, body, file.roles.resolve(body_role)?))
}
