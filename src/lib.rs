//! huozi (活字): Chinese news stories in, a styled EPUB 3 and a print-ready A5 PDF out.
//!
//! The pipeline hands plain data from stage to stage:
//!
//! ```text
//! content/*.txt + book.toml ──parse──▶ model::Book ──typeset (+ Style + FontSet)──▶ typeset::Document
//!                                          │                                             │
//!                                          └──render::epub (+ page anchors)──▶ book.epub │
//!                                                                            render::pdf─┴──▶ book.pdf
//! ```
//!
//! - [`load`] decodes, normalises and finds the news structure (kicker, headline, byline, …) → [`model::Book`].
//! - [`style`] reads `styles/*.toml` (page, body and the role table) and converts millimetres to points once.
//! - [`load_assets`] reads the images and cover the book names, before anything is rendered.
//! - [`typeset()`] breaks lines and pages by W3C clreq rules → a [`Document`]; everything in it is in points.
//! - [`render_pdf`] writes the PDF (krilla) from the typeset pages; [`render_epub`] the EPUB (huozi's own
//!   OPF/nav/NCX writer on a deterministic zip) from the model and the style, with a page-list from the
//!   typeset pages' anchors; neither re-measures nor re-breaks. [`to_markdown`] writes the model back as
//!   Markdown.
//!
//! The modules behind these are private; this page is the whole public surface.
//!
//! ```no_run
//! let outputs = huozi::build(&huozi::Options::new("content", "out"))?;
//! println!("{} pages", outputs.pages);
//! # Ok::<(), huozi::Error>(())
//! ```

#![warn(missing_docs, unreachable_pub)]

mod assets;
mod error;
mod fonts;
pub mod model;
mod output;
mod parse;
mod render;
mod script;
pub mod style;
mod typeset;

use std::path::{Path, PathBuf};

pub use assets::{Assets, ImageBytes, ImageData, ImageFormat, Images, load as load_assets};
pub use error::{Error, Result};
pub use fonts::{Face, FontId, FontSet, Weight};
pub use parse::{
    EncodingUsed, LoadOptions, NormalizeOptions, Parsed, Report, RuleId, Warning, load, load_book,
};
pub use render::epub::render as render_epub;
pub use render::markdown::to_markdown;
pub use render::pdf::render as render_pdf;
pub use typeset::{
    Anchor, Document, Glyph, GlyphInfo, GlyphRun, Item, LineInfo, OutlineEntry, Page, Point, Rect,
    RunInfo, layout_json, typeset,
};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// A folder holding `book.toml` and story files, or a single story file.
    pub input: PathBuf,
    /// Output folder; `book.epub` and `book.pdf` are written there.
    pub out_dir: PathBuf,
    /// A style file replacing the embedded default.
    pub style: Option<PathBuf>,
    /// Also write the page layout (every line with its role, the text frame, the em) as JSON here.
    pub layout_json: Option<PathBuf>,
    /// Force this input encoding (a WHATWG label such as `gb18030`), over `book.toml`'s `encoding`.
    pub encoding: Option<String>,
    /// Read story files, images and a cover from outside the book folder too (off: a book is its folder).
    pub allow_outside_paths: bool,
}

impl Options {
    /// Options with the default style.
    pub fn new(input: impl Into<PathBuf>, out_dir: impl Into<PathBuf>) -> Options {
        Options {
            input: input.into(),
            out_dir: out_dir.into(),
            style: None,
            layout_json: None,
            encoding: None,
            allow_outside_paths: false,
        }
    }
}

/// What [`build`] wrote.
#[derive(Debug, Clone)]
pub struct Outputs {
    /// Path of the EPUB.
    pub epub: PathBuf,
    /// Path of the PDF.
    pub pdf: PathBuf,
    /// Number of PDF pages.
    pub pages: usize,
    /// What reading the input did: normalisation counts and warnings.
    pub report: Report,
    /// The normalisation switches in force.
    pub normalize: NormalizeOptions,
}

/// Loads the style named in `options`, or the embedded default.
pub fn load_style(path: Option<&Path>) -> Result<style::Style> {
    match path {
        Some(p) => style::Style::load(p),
        None => Ok(style::Style::default_style()),
    }
}

/// Runs the whole pipeline: parse → typeset → PDF, and model → EPUB.
///
/// Everything is rendered in memory first; the output paths are checked before anything is written (the
/// output folder is a folder, no output is an input or another output); then `book.epub`, `book.pdf` and
/// the layout JSON are written as one set under the output folder's lock: the pair of one build lands
/// together (see the `output` module), a concurrent build into the same folder waits, and what a killed
/// build left is finished or removed. Bad input leaves no file in the output folder.
///
/// Errors: anything [`load`], [`style::Style::load`], [`load_assets`], [`typeset()`] or the renderers
/// report, [`Error::Input`] naming a bad output path, and [`Error::Io`] naming an output that could not be
/// written.
pub fn build(options: &Options) -> Result<Outputs> {
    let style = load_style(options.style.as_deref())?;
    let parsed = parse::load(
        &options.input,
        &parse::LoadOptions {
            encoding: options.encoding.clone(),
            allow_outside_paths: options.allow_outside_paths,
        },
    )?;
    let epub_path = options.out_dir.join("book.epub");
    let pdf_path = options.out_dir.join("book.pdf");
    let mut outputs: Vec<&Path> = vec![&epub_path, &pdf_path];
    outputs.extend(options.layout_json.as_deref());
    output::check(&options.out_dir, &outputs, &inputs(options, &parsed))?;
    let book = parsed.book;
    let assets = assets::load(&book)?;
    let fonts = fonts::FontSet::bundled()?;
    let document = typeset::typeset(&book, &style, &fonts, &assets.images)?;
    let pdf = render::pdf::render(&document, &book.meta, &fonts)?;
    let epub = render::epub::render(&book, &style, &document, &fonts, &assets)?;
    let json = options
        .layout_json
        .as_ref()
        .map(|_| typeset::layout_json(&document, &style));
    let mut set: Vec<(&Path, &[u8])> = vec![(&epub_path, &epub), (&pdf_path, &pdf)];
    if let (Some(path), Some(json)) = (&options.layout_json, &json) {
        set.push((path, json.as_bytes()));
    }
    output::write_set(&options.out_dir, &set)?;
    Ok(Outputs {
        epub: epub_path,
        pdf: pdf_path,
        pages: document.pages.len(),
        report: parsed.report,
        normalize: parsed.normalize,
    })
}

/// Every file the build reads: the story files, `book.toml`, the images, the cover and the style.
fn inputs(options: &Options, parsed: &Parsed) -> Vec<PathBuf> {
    let mut files = parsed.inputs.clone();
    files.extend(options.style.clone());
    let book = &parsed.book;
    files.extend(book.meta.cover.iter().map(PathBuf::from));
    files.extend(assets::sources(book).into_iter().map(PathBuf::from));
    files
}
