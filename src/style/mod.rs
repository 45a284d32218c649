//! Styles: `styles/*.toml` → [`Style`] `{ page, body, roles }`, with every length converted to points once,
//! here.
//!
//! The role table is the one place a look is decided: every piece of text in both editions — the heading
//! block (column, kicker, headline, subheadline, byline, dateline), subheads, chapters, notes, captions,
//! the title page, contents and colophon, running heads and folios, strong and emphasised text — takes its
//! face, weight, size and spacing from its [`Role`]'s entry. The typesetter sets the PDF from it and the
//! EPUB's stylesheet is generated from it; neither invents a size or a face.
//!
//! The default style (`styles/default.toml`) is embedded in the binary (`huozi style --print-default`
//! prints it); `--style FILE` or `book.toml`'s `style = "FILE"` replaces it. A style file that starts
//! `extends = "default"` (or a path) gives only the keys it changes, merged over that style table by table;
//! `paper = "B5"` sets the trim from a preset ([`PAPERS`]); `body.lines-per-page = "fill"` and
//! `body.measure-em = "fill"` take as many lines and ems as the page holds inside its margins;
//! `book.toml`'s `[style]` table is merged over the style last. Keys are kebab-case; an unknown or missing
//! key, or a value of the wrong type, is an error naming the key, the file that gave it and its line
//! (serde `deny_unknown_fields`; for a composed style the `blame` module finds the file and line).

mod blame;
mod body;
mod compose;
mod file;
mod print;
mod roles;

use std::path::Path;

use blame::Source;

pub use body::{BodyStyle, Linebreaks, PT_PER_MM, PageStyle, Strictness};
pub use compose::{BookStyle, DEFAULT_STYLE, PAPERS};
pub use print::{MARK_OFFSET, Padding, PrintStyle};
pub use roles::{
    Align, CONTENTS_TITLE_SPACING_EM, InlineRole, InlineStyle, Marks, Role, RoleStyle, Roles,
};

use crate::error::{Error, Result};
use crate::fonts::FontRequest;

/// The largest page a PDF may have, pt (ISO 32000-1 Annex C: 14,400 units).
const MAX_PAGE_PT: f32 = 14_400.0;
/// The most body lines a page may have.
const MAX_LINES: u32 = 1_000;

/// `value` as the style file writes it: points converted back to millimetres for `-mm` keys.
fn shown(key: &str, value: f32) -> String {
    if key.ends_with("-mm") {
        format!("{:.1}", value / PT_PER_MM)
    } else {
        format!("{value}")
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
    /// The faces the roles name (`family` or `font-file`), in order: a role whose `font` is
    /// `FontId::Found(k)` is set in `fonts[k]` ([`crate::FontSet::load`] loads them in this order).
    pub fonts: Vec<FontRequest>,
    /// How the book is printed and bound (`[print]`): signature, padding, accent colour, marks.
    pub print: PrintStyle,
}

impl Style {
    /// The embedded default style (`styles/default.toml`).
    pub fn default_style() -> Style {
        Style::from_toml(DEFAULT_STYLE, Path::new("styles/default.toml"))
            .expect("the embedded default style is valid")
    }

    /// Reads a style file.
    ///
    /// Errors: [`Error::Io`] when unreadable, [`Error::Style`] naming `path` for bad TOML, an unknown or
    /// missing key, or values that cannot make a page.
    pub fn load(path: &Path) -> Result<Style> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Style::from_toml(&text, path)
    }

    /// The style of a book: the file `path` names (`--style`), else the one `book.toml` names
    /// (`book.path`), else the embedded default; then `book.toml`'s `[style]` keys merged over it.
    ///
    /// Errors: as [`Style::load`], but a style file `book.toml` names that cannot be read is an
    /// [`Error::Style`] naming `book.toml` and the line; a bad key is an [`Error::Style`] naming the file
    /// that gave it and its line there: `book.toml` for a `[style]` key (the message then starts
    /// `[style]: `), else the style file or a style it extends.
    pub fn compose(path: Option<&Path>, book: &BookStyle) -> Result<Style> {
        let given = path;
        let path = path.or(book.path.as_deref());
        let text = match path {
            Some(p) => std::fs::read_to_string(p).map_err(|e| match &book.book_toml {
                Some(toml) if given.is_none() => unreadable(toml, p, &e),
                _ => Error::io(p, e),
            })?,
            None => DEFAULT_STYLE.to_string(),
        };
        let Some(overrides) = &book.overrides else {
            return match path {
                Some(p) => Style::from_toml(&text, p),
                None => Ok(Style::default_style()),
            };
        };
        let source = book.book_toml.as_deref().unwrap_or(Path::new("book.toml"));
        let name = path.map_or("styles/default.toml".into(), Path::to_path_buf);
        let mut read = Vec::new();
        let table = compose::table(&text, &name, 0, &mut read);
        let mut table = table.map_err(|message| Error::Style {
            path: name.clone(),
            line: None,
            message,
        })?;
        // where a bad key was given, gathered only for an error: book.toml's [style] (read again),
        // the style file, the styles it extends
        let blamed = |message: String, value: bool| {
            let given = Source {
                path: source.to_path_buf(),
                text: std::fs::read_to_string(source).unwrap_or_default(),
                table: Some("style"),
            };
            let named = path.map(|_| Source {
                path: name.clone(),
                text: text.clone(),
                table: None,
            });
            let sources: Vec<Source> = (std::iter::once(given).chain(named))
                .chain(read.iter().cloned())
                .collect();
            match blame::place(&message, &sources) {
                Some(placed) => placed.into(),
                // a key none of them gives: the style file's (a bad value) or the [style] table's (a
                // page the two cannot make)
                None if value && path.is_some() => Error::Style {
                    path: name.clone(),
                    line: None,
                    message: blame::unplaced(message),
                },
                None => Error::Style {
                    path: source.to_path_buf(),
                    line: None,
                    message: format!("[style]: {}", blame::unplaced(message)),
                },
            }
        };
        let over = compose::overrides(overrides.clone()).map_err(|e| blamed(e, false))?;
        compose::merge(&mut table, over);
        let base = name.parent().unwrap_or(Path::new(""));
        let parsed = file::parse_table(table, base).map_err(|e| blamed(e, true))?;
        Style::validated(parsed, |e| blamed(e, false))
    }

    /// The style of `parsed`'s parts, validated ([`Style::validate`]); `config` makes the error of a
    /// failed check (naming the file the style came from).
    fn validated(parsed: file::Parsed, config: impl Fn(String) -> Error) -> Result<Style> {
        let (page, body, roles, fonts, print) = parsed;
        let style = Style {
            page,
            body,
            roles,
            fonts,
            print,
        };
        style.validate().map_err(config)?;
        Ok(style)
    }

    /// Parses a style from TOML source; `path` names the source in errors and resolves `extends`.
    ///
    /// Errors: [`Error::Style`] naming the file that gave a bad key (`path` or a style it extends) and
    /// its line (serde's own excerpt for a whole style file).
    pub fn from_toml(text: &str, path: &Path) -> Result<Style> {
        let base = path.parent().unwrap_or(Path::new(""));
        // the styles it extends, nearest first
        let mut read = Vec::new();
        let parsed = if compose::composes(text) {
            match compose::table(text, path, 0, &mut read) {
                Ok(table) => file::parse_table(table, base),
                Err(message) => Err(message),
            }
        } else {
            file::parse(text, base)
        };
        let blamed = |message: String| {
            let own = Source {
                path: path.to_path_buf(),
                text: text.to_string(),
                table: None,
            };
            let sources: Vec<Source> = std::iter::once(own).chain(read.iter().cloned()).collect();
            match blame::place(&message, &sources) {
                Some(placed) => placed.into(),
                None => Error::Style {
                    path: path.to_path_buf(),
                    line: None,
                    message: blame::unplaced(message),
                },
            }
        };
        Style::validated(parsed.map_err(blamed)?, blamed)
    }

    /// The body size (the em every `_em` length is counted in), pt.
    pub fn em(&self) -> f32 {
        self.roles.body.size
    }

    /// Whether a centred display line set at `size` pt drops its quotes' and brackets' blank halves:
    /// when it is larger than the body (a headline, the title), in print (`typeset::setter`) and in the
    /// EPUB (`render::epub::xhtml::Shown`) alike.
    pub fn trims_display_marks(&self, size: f32) -> bool {
        size > self.em() + 0.01
    }

    /// The look of `role`.
    pub fn role(&self, role: Role) -> &RoleStyle {
        self.roles.get(role)
    }

    /// Measure (line length) in points.
    pub fn measure(&self) -> f32 {
        self.body.measure_em as f32 * self.em()
    }

    /// Left edge of the text frame from the trim's left edge on a recto (`recto`, an odd folio) or a verso,
    /// pt: the trim's spare width (trim less measure) shared in the ratio of the inner to the outer margin,
    /// the inner margin at the binding — on the left of a recto, the right of a verso (mirrored margins).
    pub fn margin_left(&self, recto: bool) -> f32 {
        let spare = self.page.trim_width - self.measure();
        let (inner, outer) = (self.page.margin_inner, self.page.margin_outer);
        if inner + outer <= 0.0 {
            return spare / 2.0;
        }
        let share = if recto { inner } else { outer };
        spare * share / (inner + outer)
    }

    /// The trim as the colophon's 开本 names it: `148 mm × 210 mm（A5）`, millimetres rounded to whole ones,
    /// with the ISO 216 name (A3–A6, B5, B6) when the trim is one to within a millimetre.
    pub fn trim_text(&self) -> String {
        let mm = |pt: f32| pt / PT_PER_MM;
        let (w, h) = (mm(self.page.trim_width), mm(self.page.trim_height));
        let iso = [
            ("A3", 297.0, 420.0),
            ("A4", 210.0, 297.0),
            ("A5", 148.0, 210.0),
            ("A6", 105.0, 148.0),
            ("B5", 176.0, 250.0),
            ("B6", 125.0, 176.0),
        ]
        .into_iter()
        .find(|(_, iw, ih)| (w - iw).abs() < 1.0 && (h - ih).abs() < 1.0);
        let size = format!("{:.0} mm × {:.0} mm", w, h);
        match iso {
            Some((name, _, _)) => format!("{size}（{name}）"),
            None => size,
        }
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
        self.validate_ranges()?;
        if self.body.lines_per_page < 4 {
            return Err("body.lines-per-page must be at least 4".into());
        }
        if self.body.orphans == 0 || self.body.orphans >= self.body.lines_per_page {
            return Err(format!(
                "body.orphans must be from 1 to {} (fewer than a page's lines)",
                self.body.lines_per_page - 1
            ));
        }
        if self.body.pitch < self.em() {
            return Err("body.line-pitch-em must be at least 1 (lines would overlap)".into());
        }
        let mm = |pt: f32| pt / PT_PER_MM;
        if self.measure() > self.page.trim_width {
            let keys = [
                "body.size-pt",
                "body.measure-em",
                "page.trim-width-mm",
                "paper",
            ];
            return Err(format!(
                "{}: the measure ({} em of {} pt = {:.1} mm) is wider than the trim ({:.1} mm); a smaller \
                 body.size-pt or body.measure-em, or body.measure-em = \"fill\", fits it",
                blame::either(&keys),
                self.body.measure_em,
                self.em(),
                mm(self.measure()),
                mm(self.page.trim_width)
            ));
        }
        if self.page.margin_top + self.frame_height() > self.page.trim_height {
            let keys = [
                "body.lines-per-page",
                "body.line-pitch-em",
                "body.size-pt",
                "page.margin-top-mm",
                "page.trim-height-mm",
                "paper",
            ];
            return Err(format!(
                "{}: {} lines at a {:.2} pt pitch below a {:.1} mm head margin do not fit the trim height \
                 ({:.1} mm); fewer lines, or body.lines-per-page = \"fill\", fit it",
                blame::either(&keys),
                self.body.lines_per_page,
                self.body.pitch,
                mm(self.page.margin_top),
                mm(self.page.trim_height)
            ));
        }
        for role in Role::ALL {
            self.validate_role(role)?;
        }
        Ok(())
    }

    /// Every number but the positive ones: finite, and within what a page can be.
    fn validate_ranges(&self) -> std::result::Result<(), String> {
        let em = self.em();
        let ranges = [
            ("page.bleed-mm", self.page.bleed, 0.0, 25.0 * PT_PER_MM),
            (
                "page.margin-top-mm",
                self.page.margin_top,
                0.0,
                self.page.trim_height,
            ),
            (
                "page.trim-width-mm",
                self.page.trim_width,
                10.0 * PT_PER_MM,
                MAX_PAGE_PT,
            ),
            (
                "page.trim-height-mm",
                self.page.trim_height,
                10.0 * PT_PER_MM,
                MAX_PAGE_PT,
            ),
            ("body.size-pt", em, 1.0, 200.0),
            (
                "body.indent-em",
                self.body.indent_em,
                0.0,
                self.body.measure_em as f32 - 2.0,
            ),
            (
                "body.latin-spacing-em",
                self.body.latin_spacing_em,
                0.0,
                1.0,
            ),
            (
                "body.digit-spacing-em",
                self.body.digit_spacing_em,
                0.0,
                1.0,
            ),
            (
                "page.margin-inner-mm",
                self.page.margin_inner,
                0.0,
                self.page.trim_width,
            ),
            (
                "page.margin-outer-mm",
                self.page.margin_outer,
                0.0,
                self.page.trim_width,
            ),
        ];
        for (key, v, min, max) in ranges {
            if !(v >= min && v <= max) {
                return Err(format!(
                    "{key} must be a number from {} to {} (it is {})",
                    shown(key, min),
                    shown(key, max),
                    shown(key, v)
                ));
            }
        }
        if self.page.trim_width + 2.0 * self.page.bleed > MAX_PAGE_PT
            || self.page.trim_height + 2.0 * self.page.bleed > MAX_PAGE_PT
        {
            return Err(format!(
                "the page with its bleed is larger than a PDF page can be ({MAX_PAGE_PT} pt)"
            ));
        }
        if self.body.lines_per_page > MAX_LINES {
            return Err(format!("body.lines-per-page must be at most {MAX_LINES}"));
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
                "{key}.size-pt = {} is too large: two characters do not fit the measure, so a line \
                 could not hold a dash or ellipsis (——, ……) or a character and its punctuation",
                r.size
            ));
        }
        Ok(())
    }
}

/// The error of a style file `book` (a `book.toml`) names, at `path`, that cannot be read: `book.toml`
/// and the line of `[style]`'s `extends` or of `style = "…"` ([`Error::Style`]).
fn unreadable(book: &Path, path: &Path, e: &std::io::Error) -> Error {
    let detail = format!("{} cannot be read: {e}", path.display());
    let keys = blame::either(&["style.extends", "style"]);
    let source = Source {
        path: book.to_path_buf(),
        text: std::fs::read_to_string(book).unwrap_or_default(),
        table: None,
    };
    match blame::place(&format!("{keys}: {detail}"), &[source]) {
        Some(placed) => placed.into(),
        None => Error::Style {
            path: book.to_path_buf(),
            line: None,
            message: format!("style: {detail}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{Face, FontId, Weight};

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
        for role in [Role::Headline, Role::Subhead, Role::Dateline, Role::Column] {
            let r = s.role(role);
            assert_eq!((r.face, r.weight), (Face::Sans, Weight::Bold), "{role:?}");
        }
        // the kicker is lighter than the headline it stands over: 宋体, and smaller
        let kicker = s.role(Role::Kicker);
        assert_eq!((kicker.face, kicker.weight), (Face::Serif, Weight::Regular));
        assert!(kicker.size < s.role(Role::Headline).size);
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
    fn a_role_names_a_face_by_family_or_file() {
        let with = |note: &str, quote: &str| {
            DEFAULT_STYLE
                .replace(
                    "[roles.note]              # 编者按: inset, one blank line above\n",
                    &format!("[roles.note]\n{note}\n"),
                )
                .replace(
                    "[roles.quote]             # a block quotation\n",
                    &format!("[roles.quote]\n{quote}\n"),
                )
        };
        let kai = "family = \"LXGW WenKai\"";
        let s = Style::from_toml(&with(kai, kai), Path::new("styles/x.toml")).unwrap();
        // one face for both roles: same family, same weight
        assert_eq!(s.roles.note.font, FontId::Found(0));
        assert_eq!(s.roles.quote.font, FontId::Found(0));
        assert_eq!(s.roles.body.font, FontId::Serif);
        assert_eq!(
            s.fonts,
            [crate::fonts::FontRequest {
                key: "roles.note".into(),
                name: crate::fonts::FaceName::Family("LXGW WenKai".into()),
                face: Face::Serif,
                weight: Weight::Regular,
            }]
        );
        let file = "font-file = \"kai.ttc\"\nfont-index = 2";
        let s = Style::from_toml(&with(kai, file), Path::new("styles/x.toml")).unwrap();
        assert_eq!(s.roles.quote.font, FontId::Found(1));
        assert_eq!(
            s.fonts[1].name,
            crate::fonts::FaceName::File {
                path: "styles/kai.ttc".into(),
                index: 2
            }
        );
        let both = format!("{kai}\n{file}");
        let err = Style::from_toml(&with(&both, ""), Path::new("x.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("roles.note: give family or font-file"),
            "{err}"
        );
        let err = Style::from_toml(&with("font-index = 1", ""), Path::new("x.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("roles.note: font-index needs a font-file"),
            "{err}"
        );
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let text = DEFAULT_STYLE.replace("[body]\n", "[body]\nfont-colour = \"red\"\n");
        let err = Style::from_toml(&text, Path::new("my.toml"))
            .unwrap_err()
            .to_string();
        // the file, the line of the key and the key
        let line = text
            .lines()
            .position(|l| l.starts_with("font-colour"))
            .unwrap()
            + 1;
        assert!(
            err.starts_with(&format!(
                "my.toml:{line}: body.font-colour: unknown field `font-colour`"
            )),
            "{err}"
        );
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
        let start = DEFAULT_STYLE.find("[roles.headline]").unwrap();
        let mut text = DEFAULT_STYLE.to_string();
        let at = start + text[start..].find("weight = \"bold\"").unwrap();
        text.replace_range(at..at + "weight = \"bold\"".len(), "weight = \"regular\"");
        let err = Style::from_toml(&text, Path::new("my.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("roles.headline") && err.contains("sans regular"),
            "{err}"
        );
    }

    #[test]
    fn margins_are_mirrored_and_share_the_spare_width() {
        let s = Style::default_style();
        let spare = s.page.trim_width - s.measure();
        let (recto, verso) = (s.margin_left(true), s.margin_left(false));
        assert!((recto + verso - spare).abs() < 1e-3);
        // 16 : 13.5 of the 29.5 mm left beside a 32 em measure: 15.98 mm at the binding
        assert!(
            (recto / PT_PER_MM - 15.98).abs() < 0.01,
            "{}",
            recto / PT_PER_MM
        );
        assert!(
            (verso / PT_PER_MM - 13.49).abs() < 0.01,
            "{}",
            verso / PT_PER_MM
        );
        assert_eq!(s.trim_text(), "148 mm × 210 mm（A5）");
        assert_eq!((s.body.orphans, s.body.digit_spacing_em), (1, 0.25));
        // an older style without the keys issue 12 added gets the default style's values
        let old: String = DEFAULT_STYLE
            .lines()
            .filter(|l| {
                ![
                    "margin-inner-mm",
                    "margin-outer-mm",
                    "single-story-contents",
                    "digit-spacing-em",
                    "orphans",
                ]
                .iter()
                .any(|k| l.starts_with(k))
            })
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(Style::from_toml(&old, Path::new("old.toml")).unwrap(), s);
        let text = DEFAULT_STYLE.replace("orphans = 1 ", "orphans = 0 ");
        let err = Style::from_toml(&text, Path::new("o.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("body.orphans"), "{err}");
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

    #[test]
    fn not_a_number_and_off_page_values_are_refused() {
        for (from, to, key) in [
            ("bleed-mm = 3.0", "bleed-mm = nan", "page.bleed-mm"),
            ("bleed-mm = 3.0", "bleed-mm = -3.0", "page.bleed-mm"),
            (
                "margin-top-mm = 18.0",
                "margin-top-mm = nan",
                "page.margin-top-mm",
            ),
            (
                "margin-top-mm = 18.0",
                "margin-top-mm = -5.0",
                "page.margin-top-mm",
            ),
            ("indent-em = 2.0", "indent-em = nan", "body.indent-em"),
            ("indent-em = 2.0", "indent-em = 31.0", "body.indent-em"),
            (
                "latin-spacing-em = 0.25",
                "latin-spacing-em = inf",
                "body.latin-spacing-em",
            ),
            (
                "margin-inner-mm = 16.0",
                "margin-inner-mm = inf",
                "page.margin-inner-mm",
            ),
            (
                "margin-outer-mm = 13.5",
                "margin-outer-mm = -1.0",
                "page.margin-outer-mm",
            ),
            (
                "digit-spacing-em = 0.25",
                "digit-spacing-em = nan",
                "body.digit-spacing-em",
            ),
            (
                "trim-width-mm = 148.0",
                "trim-width-mm = 100000.0",
                "page.trim-width-mm",
            ),
            (
                "size-pt = 10.5            # 五号 (clreq §2.3.5)",
                "size-pt = nan",
                "body.size-pt",
            ),
        ] {
            let text = DEFAULT_STYLE.replacen(from, to, 1);
            assert_ne!(text, DEFAULT_STYLE, "{from}");
            let err = Style::from_toml(&text, Path::new("bad.toml"))
                .unwrap_err()
                .to_string();
            assert!(err.contains(key), "{to}: {err}");
        }
    }
}
