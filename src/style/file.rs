//! The style file's TOML shape and its conversion to points and resolved roles.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::body::{BodyStyle, Linebreaks, PT_PER_MM, PageStyle, Strictness};
use super::print::{PrintFile, PrintStyle};
use super::roles::{Align, InlineStyle, Marks, RoleStyle, Roles};
use crate::error::with_spelling_hint;
use crate::fonts::{Face, FaceName, FontId, FontRequest, Weight};

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
    #[serde(default = "bottom_mm")]
    margin_bottom_mm: f32,
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

/// The foot margin `fill` leaves when a style leaves it out: the default style's head margin.
fn bottom_mm() -> f32 {
    18.0
}

/// A count a style may give as a number or as `"fill"`: as many as the page holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    Count(u32),
    Fill,
}

impl<'de> Deserialize<'de> for Fit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Fit, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Fit;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a whole number or \"fill\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Fit, E> {
                u32::try_from(v)
                    .map(Fit::Count)
                    .map_err(|_| E::custom(format!("{v} is not a count")))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Fit, E> {
                u32::try_from(v)
                    .map(Fit::Count)
                    .map_err(|_| E::custom(format!("{v} is not a count")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Fit, E> {
                match v {
                    "fill" => Ok(Fit::Fill),
                    _ => Err(E::custom(format!("{v:?}: give a number or \"fill\""))),
                }
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl Fit {
    /// The count: the given one, or for `fill` the most `n` with `used(n) <= room` (at least 1).
    fn count(self, room: f32, used: impl Fn(u32) -> f32) -> u32 {
        match self {
            Fit::Count(n) => n,
            Fit::Fill => (1..=10_000)
                .take_while(|&n| used(n) <= room)
                .last()
                .unwrap_or(1),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct BodyFile {
    face: Face,
    weight: Weight,
    family: Option<String>,
    font_file: Option<String>,
    font_index: Option<u32>,
    size_pt: f32,
    measure_em: Fit,
    line_pitch_em: f32,
    lines_per_page: Fit,
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
    family: Option<String>,
    font_file: Option<String>,
    font_index: Option<u32>,
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
    #[serde(default)]
    print: PrintFile,
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

/// The faces a style's roles name, collected while its roles are resolved: `FontId::Found(k)` is the
/// `k`th, one entry per face and weight however many roles name it.
struct Requests<'a> {
    /// The style file's folder: `font-file` paths are relative to it.
    base: &'a Path,
    list: Vec<FontRequest>,
}

impl Requests<'_> {
    /// The face a role with these keys is set in: the one it names (`family`, or `font-file` with
    /// `font-index`), else the embedded face of its face and weight.
    fn font(
        &mut self,
        key: &str,
        (face, weight): (Face, Weight),
        (family, file, index): (&Option<String>, &Option<String>, Option<u32>),
    ) -> std::result::Result<FontId, String> {
        let name = match (family, file) {
            (Some(_), Some(_)) => {
                return Err(format!("{key}: give family or font-file, not both"));
            }
            (None, None) if index.is_some() => {
                return Err(format!("{key}: font-index needs a font-file"));
            }
            (None, None) => return bundled(key, face, weight),
            (Some(family), None) => FaceName::Family(family.trim().to_string()),
            (None, Some(file)) => FaceName::File {
                path: self.base.join(file),
                index: index.unwrap_or(0),
            },
        };
        let at = self
            .list
            .iter()
            .position(|r| r.name == name && r.weight == weight);
        let k = at.unwrap_or_else(|| {
            self.list.push(FontRequest {
                key: key.to_string(),
                name,
                face,
                weight,
            });
            self.list.len() - 1
        });
        Ok(FontId::Found(k as u16))
    }
}

impl RoleFile {
    fn resolve(
        &self,
        key: &str,
        fonts: &mut Requests<'_>,
    ) -> std::result::Result<RoleStyle, String> {
        let name = (&self.family, &self.font_file, self.font_index);
        Ok(RoleStyle {
            face: self.face,
            weight: self.weight,
            font: fonts.font(key, (self.face, self.weight), name)?,
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
    fn resolve(
        &self,
        body: RoleStyle,
        fonts: &mut Requests<'_>,
    ) -> std::result::Result<Roles, String> {
        let mut r = |key: &str, f: &RoleFile| f.resolve(&format!("roles.{key}"), fonts);
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

/// A parsed style: the page, the body, the resolved roles and the faces they name.
pub(super) type Parsed = (PageStyle, BodyStyle, Roles, Vec<FontRequest>, PrintStyle);

/// The tables of a style, and the keys before them that compose it ([`super::compose`]).
const TOP_KEYS: [&str; 6] = ["page", "body", "roles", "print", "extends", "paper"];

/// Parses a style file's TOML into the page, the body and the resolved roles, converting millimetres to
/// points and resolving each role's face: the face it names (`family`, or `font-file` relative to `base`,
/// the style file's folder, with `font-index`), else the bundled face of its face and weight.
///
/// Errors: a message: a TOML syntax error with its line and excerpt; else, as [`parse_table`], the first
/// bad key's error starting with the dotted key (a missing one with a word on `extends`); a face and
/// weight with no bundled face, or a family given with a font file, name the role's key.
pub(super) fn parse(text: &str, base: &Path) -> Result<Parsed, String> {
    let file = toml::from_str(text).map_err(|e| {
        let Ok(table) = text.parse::<toml::Table>() else {
            return syntax_error(&e, text);
        };
        let said = keyed(table)
            .err()
            .unwrap_or_else(|| e.message().to_string());
        match said.contains("missing field `") {
            true => format!(
                "{said} (a style that gives only the keys it changes starts extends = \"default\")"
            ),
            false => said,
        }
    })?;
    resolve(file, base)
}

/// A TOML syntax error `e` of a style file's `text`, with its line and excerpt, and a line saying that
/// TOML's marks are ASCII when the line it points at holds full-width ones (a Chinese input method's
/// “”，＝).
pub(super) fn syntax_error(e: &toml::de::Error, text: &str) -> String {
    let said = with_spelling_hint(e.to_string().trim_end().to_string());
    match crate::error::points_at_full_width(e, text) {
        true => format!(
            "{said}\n{}: family = \"Noto Serif CJK SC\", accent-cmyk = [0, 100, 100, 0], not “Noto Serif CJK SC” \
             or [0，100，100，0]",
            crate::error::ASCII_MARKS
        ),
        false => said,
    }
}

/// As [`parse`], from a style already composed into one TOML table (`extends` merged).
///
/// Errors: as [`parse`]: a key's error starts with the dotted key instead of a line
/// (`body.size-pt: invalid type: string "big", expected a number`; `body.sizept: unknown field …`), which
/// [`super::blame::place`] finds in the files that gave it.
pub(super) fn parse_table(table: toml::Table, base: &Path) -> Result<Parsed, String> {
    resolve(keyed(table)?, base)
}

/// `table` read as a style, or the error of its first bad key, starting with the dotted key: an unknown
/// top-level key first, named with every key a style's top takes (`extends` and `paper` too, so that a
/// misspelt one gets the nearest name), then serde's first error.
fn keyed(table: toml::Table) -> Result<StyleFile, String> {
    if let Some(key) = table.keys().find(|k| !TOP_KEYS.contains(&k.as_str())) {
        let expected: Vec<String> = TOP_KEYS.iter().map(|k| format!("`{k}`")).collect();
        return Err(format!(
            "{key}: {}",
            with_spelling_hint(format!(
                "unknown field `{key}`, expected one of {}",
                expected.join(", ")
            ))
        ));
    }
    serde_path_to_error::deserialize(toml::Value::Table(table)).map_err(|e| {
        // the path ends with the key itself, an unknown one too
        let message = with_spelling_hint(plain_types(e.inner().message()));
        match e.path().to_string().as_str() {
            "." => message,
            key => format!("{key}: {message}"),
        }
    })
}

/// `message` with serde's name of a number type ending a line said as a style's reader says it:
/// `expected f32` → `expected a number`, `expected u8` → `expected a whole number from 0 to 255`.
fn plain_types(message: &str) -> String {
    const NAMES: [(&str, &str); 12] = [
        ("f32", "a number"),
        ("f64", "a number"),
        ("u8", "a whole number from 0 to 255"),
        ("u16", "a whole number from 0 to 65535"),
        ("u32", "a whole number, 0 or more"),
        ("u64", "a whole number, 0 or more"),
        ("usize", "a whole number, 0 or more"),
        ("i8", "a whole number"),
        ("i16", "a whole number"),
        ("i32", "a whole number"),
        ("i64", "a whole number"),
        ("isize", "a whole number"),
    ];
    let lines = message.split('\n').map(|line| {
        let plain = line.rsplit_once("expected ").and_then(|(head, ty)| {
            let (_, said) = NAMES.iter().find(|(name, _)| *name == ty)?;
            Some(format!("{head}expected {said}"))
        });
        plain.unwrap_or_else(|| line.to_string())
    });
    lines.collect::<Vec<_>>().join("\n")
}

/// The style file's keys converted to points, the counts given as `fill` worked out, the roles resolved.
fn resolve(file: StyleFile, base: &Path) -> Result<Parsed, String> {
    let b = &file.body;
    let mut fonts = Requests {
        base,
        list: Vec::new(),
    };
    let body_role = RoleStyle {
        face: b.face,
        weight: b.weight,
        font: fonts.font(
            "body",
            (b.face, b.weight),
            (&b.family, &b.font_file, b.font_index),
        )?,
        size: b.size_pt,
        lines: 1,
        space_before: 0,
        align: Align::Justify,
        inset_em: 0.0,
        boxed: false,
    };
    let p = &file.page;
    let (size, pitch) = (b.size_pt, b.line_pitch_em * b.size_pt);
    let across = (p.trim_width_mm - p.margin_inner_mm - p.margin_outer_mm) * PT_PER_MM;
    let measure_em = b.measure_em.count(across, |n| n as f32 * size);
    let down = (p.trim_height_mm - p.margin_top_mm - p.margin_bottom_mm) * PT_PER_MM;
    let lines_per_page = b
        .lines_per_page
        .count(down, |n| (n - 1) as f32 * pitch + size);
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
        measure_em,
        pitch,
        lines_per_page,
        indent_em: b.indent_em,
        strictness: b.strictness,
        latin_spacing_em: b.latin_spacing_em,
        digit_spacing_em: b.digit_spacing_em,
        orphans: b.orphans,
        linebreaks: b.linebreaks,
    };
    let roles = file.roles.resolve(body_role, &mut fonts)?;
    let print = file.print.resolve()?;
    Ok((page, body, roles, fonts.list, print))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default style's table with `change` merged over it, parsed as a composed style.
    fn composed(change: &str) -> Result<Parsed, String> {
        let mut table: toml::Table = super::super::DEFAULT_STYLE.parse().unwrap();
        super::super::compose::merge(&mut table, change.parse().unwrap());
        parse_table(table, Path::new(""))
    }

    /// The error of [`composed`] with `change`.
    fn said(change: &str) -> String {
        composed(change).expect_err("a bad change is refused")
    }

    #[test]
    fn a_composed_styles_error_starts_with_the_dotted_key() {
        let err = said("[body]\nsize-pt = \"big\"\n");
        assert_eq!(
            err,
            "body.size-pt: invalid type: string \"big\", expected a number"
        );
        let err = said("[roles.headline]\nsizept = 3\n");
        assert!(
            err.starts_with(
                "roles.headline.sizept: unknown field `sizept`, expected one of `face`"
            ) && err.ends_with("(did you mean `size-pt`?)"),
            "{err}"
        );
        let err = said("[roles.kicker]\nalign = \"middle\"\n");
        assert!(
            err.starts_with("roles.kicker.align: unknown variant `middle`"),
            "{err}"
        );
        let err = said("[print]\nsignature = 2.5\n");
        assert_eq!(
            err,
            "print.signature: invalid type: floating point `2.5`, expected a whole number, 0 or more"
        );
        // a percentage over 255 is told the percentage's range, not a byte's
        let err = said("[print]\naccent-cmyk = [0, 0, 300, 0]\n");
        assert_eq!(
            err,
            "print.accent-cmyk: each value is a percentage, 0 to 100"
        );
        let err = said("[print]\naccent-cmyk = [0, 0, 50.5, 0]\n");
        assert_eq!(
            err,
            "print.accent-cmyk[2]: invalid type: floating point `50.5`, expected a whole number, 0 or more"
        );
        assert!(composed("[body]\nsize-pt = 11\n").is_ok());
    }

    /// A style file typed with a Chinese input method's marks gets the line saying TOML's are ASCII,
    /// whether it is read whole or composed over another; another syntax error does not.
    #[test]
    fn full_width_marks_in_a_style_get_a_line_saying_what_to_type() {
        let ascii = "\nTOML's quotes, commas, colons, `=` and brackets are ASCII (半角)";
        let whole = super::super::DEFAULT_STYLE.replace("size-pt = 10.5 ", "size-pt ＝ 10.5 ");
        let err = parse(&whole, Path::new("")).err().unwrap();
        assert!(err.contains(ascii), "{err}");
        let quoted = "extends = \"default\"\n[roles.body]\nfamily = “Noto Serif CJK SC”\n";
        let err = super::super::compose::table(quoted, Path::new("s.toml"), 0, &mut Vec::new())
            .err()
            .unwrap();
        assert!(err.contains("at line 3") && err.contains(ascii), "{err}");
        let plain = parse("[body\nsize-pt = 10\n", Path::new("")).err().unwrap();
        assert!(!plain.contains("ASCII"), "{plain}");
    }

    #[test]
    fn number_types_are_named_as_a_reader_says_them() {
        assert_eq!(
            plain_types("invalid type: string \"x\", expected f32"),
            "invalid type: string \"x\", expected a number"
        );
        assert_eq!(
            plain_types(
                "TOML parse error at line 2\n  |\ninvalid value: integer `-1`, expected u32"
            ),
            "TOML parse error at line 2\n  |\ninvalid value: integer `-1`, expected a whole number, 0 or more"
        );
        // only a type name ending the line
        assert_eq!(plain_types("expected f32 or fill"), "expected f32 or fill");
        assert_eq!(plain_types("expected `u32`"), "expected `u32`");
    }

    #[test]
    fn a_whole_style_files_bad_key_is_named_as_a_composed_ones_is() {
        let text = super::super::DEFAULT_STYLE.replace("size-pt = 10.5 ", "sizept = 10.5 ");
        let Err(err) = parse(&text, Path::new("")) else {
            panic!("a misspelt key parsed")
        };
        assert!(
            err.starts_with("body.sizept: unknown field `sizept`")
                && err.ends_with(" (did you mean `size-pt`?)"),
            "{err}"
        );
        // a misspelt `extends` is a whole style's unknown key, not its missing tables
        let err = parse("extend = \"default\"\nbody.size-pt = 11\n", Path::new(""))
            .err()
            .unwrap();
        assert!(
            err.starts_with("extend: unknown field `extend`, expected one of `page`, `body`")
                && err.ends_with("`extends`, `paper` (did you mean `extends`?)"),
            "{err}"
        );
        let err = parse("", Path::new("")).err().unwrap();
        assert!(
            err.starts_with("missing field `page`")
                && err.ends_with("starts extends = \"default\")"),
            "{err}"
        );
        // a syntax error keeps TOML's excerpt
        let err = parse("[body\n", Path::new("")).err().unwrap();
        assert!(err.starts_with("TOML parse error at line 1"), "{err}");
    }
}
