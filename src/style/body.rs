//! The page and the body: trim, bleed and head margin; measure, grid and line-breaking rules.

use serde::Deserialize;

/// Points per millimetre (1 pt = 1/72 in, 1 in = 25.4 mm).
pub const PT_PER_MM: f32 = 72.0 / 25.4;

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

/// The page: trim, bleed, margins, openings, the contents.
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
    /// The inner (binding-side) margin, pt: with [`PageStyle::margin_outer`] it gives the share of the
    /// trim's spare width (trim less measure) on each side of the frame ([`crate::style::Style::margin_left`]).
    pub margin_inner: f32,
    /// The outer (fore-edge) margin, pt.
    pub margin_outer: f32,
    /// Every story opens on a recto.
    pub recto_openings: bool,
    /// A contents page even for a book of one story (otherwise only books of two or more stories have one).
    pub single_story_contents: bool,
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
    /// Glue between Han and Latin letters in body ems (shrinkable to ⅛ em; clreq §3.2.2).
    pub latin_spacing_em: f32,
    /// Glue between Han and digits (a number, `11 月 29 日`) in body ems: ¼, ⅛ or 0 (solid), as papers
    /// differ; shrinkable to ⅛ em.
    pub digit_spacing_em: f32,
    /// The fewest lines of a paragraph left at a page foot when the paragraph runs on (1: a first line may
    /// stand alone there; widows — a last line alone at a page top — are never made, clreq §3.5.4).
    pub orphans: u32,
    /// Line-breaking method.
    pub linebreaks: Linebreaks,
}
