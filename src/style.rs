//! Styles: `styles/*.toml` → [`Style`], with every length converted to points once, here.
//!
//! The default style (`styles/default.toml`) is embedded in the binary; `--style FILE` replaces it. Keys are
//! kebab-case; an unknown key is an error naming the key, file and line (serde `deny_unknown_fields`).

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::fonts::FontId;

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

/// A text role's face and size, and the height it takes in body lines.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TextStyle {
    /// Which bundled face.
    pub font: FontId,
    /// Type size in points.
    pub size_pt: f32,
    /// Height of one line of this role in body lines (an integer keeps the body on the grid; clreq §2.3.3).
    pub lines: u32,
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
    font: FontId,
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
struct StyleFile {
    page: PageFile,
    body: BodyFile,
    column: TextStyle,
    kicker: TextStyle,
    headline: TextStyle,
    subheadline: TextStyle,
    byline: TextStyle,
    dateline: TextStyle,
    subhead: TextStyle,
    running_head: TextStyle,
    folio: TextStyle,
}

/// A loaded style. Every length is in points (pt) unless its name says `em`.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
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
    /// Body text face and size (`lines` is 1).
    pub body: TextStyle,
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
    /// Column tag (栏目题).
    pub column: TextStyle,
    /// Kicker (引题).
    pub kicker: TextStyle,
    /// Headline (主题), per line.
    pub headline: TextStyle,
    /// Subheadline (副题).
    pub subheadline: TextStyle,
    /// Byline on its own line.
    pub byline: TextStyle,
    /// Dateline run into the first paragraph.
    pub dateline: TextStyle,
    /// Section subhead, per line.
    pub subhead: TextStyle,
    /// Running head.
    pub running_head: TextStyle,
    /// Folio (page number).
    pub folio: TextStyle,
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
        let file: StyleFile = toml::from_str(text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let body = TextStyle {
            font: file.body.font,
            size_pt: file.body.size_pt,
            lines: 1,
        };
        let style = Style {
            trim_width: file.page.trim_width_mm * PT_PER_MM,
            trim_height: file.page.trim_height_mm * PT_PER_MM,
            bleed: file.page.bleed_mm * PT_PER_MM,
            margin_top: file.page.margin_top_mm * PT_PER_MM,
            recto_openings: file.page.recto_openings,
            body,
            measure_em: file.body.measure_em,
            pitch: file.body.line_pitch_em * file.body.size_pt,
            lines_per_page: file.body.lines_per_page,
            indent_em: file.body.indent_em,
            strictness: file.body.strictness,
            latin_spacing_em: file.body.latin_spacing_em,
            linebreaks: file.body.linebreaks,
            column: file.column,
            kicker: file.kicker,
            headline: file.headline,
            subheadline: file.subheadline,
            byline: file.byline,
            dateline: file.dateline,
            subhead: file.subhead,
            running_head: file.running_head,
            folio: file.folio,
        };
        style.validate().map_err(|message| Error::Config {
            path: path.to_path_buf(),
            message,
        })?;
        Ok(style)
    }

    /// Measure (line length) in points.
    pub fn measure(&self) -> f32 {
        self.measure_em as f32 * self.body.size_pt
    }

    /// Left edge of the text frame from the trim's left edge, pt: the frame is centred across the trim.
    pub fn margin_left(&self) -> f32 {
        (self.trim_width - self.measure()) / 2.0
    }

    /// Height from the top of the first body line's em box to the bottom of the last line's, pt.
    pub fn frame_height(&self) -> f32 {
        (self.lines_per_page.saturating_sub(1)) as f32 * self.pitch + self.body.size_pt
    }

    fn validate(&self) -> std::result::Result<(), String> {
        let positive = [
            ("page.trim-width-mm", self.trim_width),
            ("page.trim-height-mm", self.trim_height),
            ("body.size-pt", self.body.size_pt),
            ("body.line-pitch-em", self.pitch),
        ];
        for (key, v) in positive {
            if !(v > 0.0 && v.is_finite()) {
                return Err(format!("{key} must be a positive number"));
            }
        }
        if self.measure_em < 4 {
            return Err("body.measure-em must be at least 4".into());
        }
        if self.lines_per_page < 4 {
            return Err("body.lines-per-page must be at least 4".into());
        }
        if self.pitch < self.body.size_pt {
            return Err("body.line-pitch-em must be at least 1 (lines would overlap)".into());
        }
        if self.measure() > self.trim_width {
            return Err(format!(
                "the measure ({} em = {:.1} pt) is wider than the trim ({:.1} pt)",
                self.measure_em,
                self.measure(),
                self.trim_width
            ));
        }
        if self.margin_top + self.frame_height() > self.trim_height {
            return Err(format!(
                "{} lines at {:.2} pt pitch below a {:.1} pt head margin do not fit the trim height ({:.1} pt)",
                self.lines_per_page, self.pitch, self.margin_top, self.trim_height
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
        assert!((s.trim_width - 419.527).abs() < 0.01, "{}", s.trim_width);
        assert!((s.trim_height - 595.276).abs() < 0.01, "{}", s.trim_height);
        assert!((s.bleed - 8.504).abs() < 0.01);
        assert_eq!(s.measure(), 336.0);
        assert!((s.pitch / s.body.size_pt - 1.6667).abs() < 1e-4);
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
    fn a_measure_wider_than_the_page_is_refused() {
        let text = DEFAULT_STYLE.replace("measure-em = 32", "measure-em = 60");
        let err = Style::from_toml(&text, Path::new("wide.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("wider than the trim"), "{err}");
    }
}
