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

mod archive;
mod assets;
mod coverage;
mod editions;
mod error;
mod fonts;
mod layout_report;
pub mod model;
mod output;
mod parse;
mod preflight;
mod progress;
mod proof;
mod render;
mod script;
pub mod style;
mod targets;
mod template;
pub mod threads;
mod trace;
mod typeset;
mod watch;

/// Test support shared by the modules' unit tests.
#[cfg(test)]
mod test_text {
    /// `count` texts, each of fewer than `longest` pieces of `pieces` drawn by a xorshift generator
    /// started at `seed`: the same texts on every run.
    pub(crate) fn random_texts(
        pieces: &[&str],
        seed: u64,
        count: usize,
        longest: u64,
    ) -> Vec<String> {
        let mut state = seed;
        (0..count)
            .map(|_| {
                let mut text = String::new();
                for _ in 0..(state % longest) {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    text.push_str(pieces[(state % pieces.len() as u64) as usize]);
                }
                state = state.wrapping_add(1);
                text
            })
            .collect()
    }
}

use std::path::{Path, PathBuf};

pub use assets::{Assets, ImageBytes, ImageData, ImageFormat, Images, load as load_assets};
pub use coverage::{Coverage, book_chars};
pub use error::{Error, ErrorKind, MissingChar, Result};
pub use fonts::{
    Face, FaceInfo, FaceName, FaceSource, FontId, FontOptions, FontRequest, FontSet, Listed,
    SUBSTITUTE, ShapedGlyph, Weight, available as available_fonts, tongyong_guifan,
};
pub use layout_report::{LOOSE_PITCH_EM, LineFault, LineNote};
pub use parse::{
    EncodingUsed, LoadOptions, NormalizeOptions, Parsed, Report, RuleId, Warning, load, load_book,
    nearest_story_file, story_bytes,
};
pub use preflight::{MIN_PPI, Preflight, SAFETY, preflight};
pub use progress::{Stage, Timings};
pub use proof::{PageRange, ProofOptions, Proofs, proof};
pub use render::epub::render as render_epub;
pub use render::markdown::to_markdown;
pub use render::pdf::{Imposition, PdfA, PdfStandard, render as render_pdf};
pub use targets::{Edition, Targets, file_name};
pub use template::new_book;
pub use typeset::{
    Anchor, Document, FigureInfo, Glyph, GlyphInfo, GlyphRun, Item, LineInfo, Link, OutlineEntry,
    Page, Point, Rect, RunInfo, layout_json, typeset,
};
pub use watch::{WATCHED_EXTENSIONS, WatchOptions, watch};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// A folder holding `book.toml` and story files, or a single story file.
    pub input: PathBuf,
    /// Output folder; the editions are written there, named by [`Options::targets`].
    pub out_dir: PathBuf,
    /// A style file replacing the embedded default.
    pub style: Option<PathBuf>,
    /// Also write the page layout (every line with its role, the text frame, the em) as JSON here.
    pub layout_json: Option<PathBuf>,
    /// Force this input encoding (a WHATWG label such as `gb18030`), over `book.toml`'s `encoding`.
    pub encoding: Option<String>,
    /// Folders (or font files) whose faces come before the system's (`--font-path`, repeatable), before
    /// `book.toml`'s `font-paths`.
    pub font_paths: Vec<PathBuf>,
    /// Whether the system's faces are searched (`--no-system-fonts`: false).
    pub system_fonts: bool,
    /// Any warning is an error and nothing is written (`--strict`): a character no face can set
    /// ([`Error::Unsettable`]; without `strict` a warning, [`Outputs::missing`], and print sets 〓 in its
    /// place), a warning reading the book ([`Error::Warnings`]), an image under [`MIN_PPI`] or with
    /// `preflight` any preflight problem ([`Error::Preflight`]).
    pub strict: bool,
    /// Read story files, images and a cover from outside the book folder too (off: a book is its folder).
    pub allow_outside_paths: bool,
    /// Write the PDF to these standards (PDF/A, PDF/UA), over `book.toml`'s `pdf-standard`; neither
    /// given: a plain (tagged) PDF.
    pub pdf_standard: Option<PdfStandard>,
    /// Printer's marks (`--marks`): every PDF page on a larger MediaBox with crop and bleed marks and a
    /// slug outside the BleedBox; the style's `print.marks` turns them on too.
    pub marks: bool,
    /// Also write `book-imposed.pdf`, the pages imposed on the style's press sheets (`--impose saddle`).
    pub impose: Option<Imposition>,
    /// Run the preflight checks ([`preflight()`]) and return their report in [`Outputs::preflight`];
    /// with `strict`, a problem is an error ([`Error::Preflight`]) and nothing is written (without
    /// `preflight`, `strict` makes only an image under [`MIN_PPI`] an error).
    pub preflight: bool,
    /// Which editions to write and their names: by default both, named after the book's title
    /// ([`file_name`]); `--format`, `--name`, `-o FILE`.
    pub targets: Targets,
    /// List the lines a proofreader should look at in [`Outputs::layout_report`] (`--layout-report`).
    pub layout_report: bool,
    /// Flush every output file and folder to disk before the build returns (`--sync`), so that the set
    /// survives a power cut; without it the set is as atomic against a kill, a full disk or a second build,
    /// and a build of the sample is 5–10 ms faster (of 40–80 ms).
    pub sync: bool,
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
            font_paths: Vec::new(),
            system_fonts: true,
            strict: false,
            allow_outside_paths: false,
            pdf_standard: None,
            marks: false,
            impose: None,
            preflight: false,
            targets: Targets::default(),
            layout_report: false,
            sync: false,
        }
    }
}

/// What [`build`] wrote.
#[derive(Debug, Clone)]
pub struct Outputs {
    /// Path of the EPUB, when it was asked for ([`Options::targets`]).
    pub epub: Option<PathBuf>,
    /// Path of the PDF, when it was asked for.
    pub pdf: Option<PathBuf>,
    /// Path of the imposed PDF, when one was asked for ([`Options::impose`]).
    pub imposed: Option<PathBuf>,
    /// Number of PDF pages.
    pub pages: usize,
    /// Blank pages added to make the page count a whole signature (the style's `print.signature`).
    pub blanks: usize,
    /// What reading the input did: normalisation counts and warnings.
    pub report: Report,
    /// The normalisation switches in force.
    pub normalize: NormalizeOptions,
    /// Every place a character no face can set stands (print shows 〓 there).
    pub missing: Vec<MissingChar>,
    /// The preflight report, when asked for ([`Options::preflight`]).
    pub preflight: Option<Preflight>,
    /// Every image placed under [`MIN_PPI`] at its size, in words (checked on every build; with
    /// `options.strict` an error, [`Error::Preflight`], and nothing written).
    pub low_resolution: Vec<String>,
    /// With [`Options::layout_report`], every line stretched beyond the loose bound, ending in a word
    /// broken by an emergency break or not filled to the measure, with where its text stands in the input.
    pub layout_report: Vec<LineNote>,
    /// How long each stage took.
    pub timings: Timings,
}

/// Loads the style named in `options`, or the embedded default.
pub fn load_style(path: Option<&Path>) -> Result<style::Style> {
    match path {
        Some(p) => style::Style::load(p),
        None => Ok(style::Style::default_style()),
    }
}

/// A book read for building: the parse, the style and the faces it is set in, and every place a
/// character none of them has stands.
struct Prepared {
    parsed: Parsed,
    style: style::Style,
    fonts: FontSet,
    missing: Vec<MissingChar>,
}

/// Reads the book and its style ([`style::Style::compose`]: `options.style`, else the one `book.toml`
/// names, with its `[style]` keys), and loads the faces for the book's characters ([`FontSet::load`]: the
/// style's faces, `options.font_paths` then `book.toml`'s `font-paths`, the system's when
/// `options.system_fonts`, the embedded ones).
fn prepare(options: &Options) -> Result<Prepared> {
    // the embedded faces, which every set starts from, are parsed while the book is read
    let (parsed, embedded) = rayon::join(
        || {
            parse::load(
                &options.input,
                &parse::LoadOptions {
                    encoding: options.encoding.clone(),
                    allow_outside_paths: options.allow_outside_paths,
                },
            )
        },
        fonts::EmbeddedFaces::parse,
    );
    let parsed = parsed?;
    let style = style::Style::compose(options.style.as_deref(), &parsed.style)?;
    let chars = book_chars(&parsed.book, &style.trim_text());
    let font_options = FontOptions {
        paths: [options.font_paths.clone(), parsed.font_paths.clone()].concat(),
        system: options.system_fonts,
        language: parsed.book.meta.language.clone(),
    };
    let fonts = FontSet::load_with(embedded, &style.fonts, &font_options, &chars)?;
    let unsettable = fonts.unsettable(chars.iter().copied());
    let missing = coverage::locate(&unsettable, &parsed.sources, &options.input);
    Ok(Prepared {
        parsed,
        style,
        fonts,
        missing,
    })
}

/// Reports which face sets how many characters of the book at `options.input` and where each character
/// no face can set stands, without writing anything (`huozi check`): the book is parsed and typeset with
/// the faces [`build`] would use.
///
/// Errors: as [`build`], but never [`Error::Unsettable`].
pub fn check(options: &Options) -> Result<Coverage> {
    let p = prepare(options)?;
    let book = &p.parsed.book;
    let assets = assets::load(book)?;
    let document = typeset::typeset(book, &p.style, &p.fonts, &assets.images)?;
    Ok(Coverage::of(
        &document,
        &p.fonts,
        &book_chars(book, &p.style.trim_text()),
        p.missing,
    ))
}

/// Runs the whole pipeline: parse → typeset → PDF, and model → EPUB ([`build_with`] without progress).
///
/// Errors: as [`build_with`].
pub fn build(options: &Options) -> Result<Outputs> {
    build_with(options, &mut |_| {})
}

/// Runs the whole pipeline: parse → typeset → PDF, and model → EPUB, calling `progress` as each
/// [`Stage`] ends.
///
/// Everything is rendered in memory first; the output paths are checked before anything is read (the
/// editions asked for agree with `-o`, each output's folder exists) and again once the book's title names
/// them (no output is an input or another output); then the editions [`Options::targets`] asks for (named
/// after the book's title by default) and the layout JSON are written as one set under the output
/// folder's lock: the files of one build land together (see the `output` module), a concurrent build into
/// the same folder waits, and what a killed build left is finished or removed. Bad input leaves no file in
/// the output folder. A character no face can set is set as 〓 in print and reported in
/// [`Outputs::missing`] (with `options.strict`, an error and nothing written, as is any warning).
///
/// Errors: anything [`load`], [`style::Style::load`], [`FontSet::load`], [`load_assets`], [`typeset()`] or
/// the renderers report, [`Error::Unsettable`] and [`Error::Warnings`] with `options.strict`,
/// [`Error::Input`] naming a bad output path, and [`Error::Io`] naming an output that could not be
/// written.
pub fn build_with(options: &Options, progress: &mut dyn FnMut(Stage)) -> Result<Outputs> {
    let started = std::time::Instant::now();
    trace::mark("build start");
    let others: Vec<&Path> = options.layout_json.iter().map(PathBuf::as_path).collect();
    targets::precheck(&options.out_dir, &options.targets, &others)?;
    let Prepared {
        mut parsed,
        style,
        fonts,
        missing,
    } = prepare(options)?;
    strict(options.strict, &missing, &parsed.report)?;
    trace::mark("read");
    let read = started.elapsed();
    progress(Stage::Read {
        stories: parsed.book.stories.len(),
        bytes: parsed.sources.iter().map(|(_, text)| text.len()).sum(),
    });
    // the input files' text is read again only for the layout report: the build goes on without it
    let sources = Some(std::mem::take(&mut parsed.sources)).filter(|_| options.layout_report);
    let plan = planned(options, &parsed)?;
    let standard = options.pdf_standard.or(parsed.pdf_standard);
    let press = render::pdf::Press {
        accent_cmyk: style.print.accent_cmyk,
        marks: options.marks || style.print.marks,
    };
    // what is read of the whole typeset book is read before the PDF writer consumes its pages
    let (read_off, pdf, epub) = editions::editions(
        &parsed.book,
        &style,
        &fonts,
        (standard.unwrap_or_default(), press),
        (plan.pdf.is_some(), plan.epub.is_some()),
        (reads_runs(options), |document: &Document, blanks| {
            let json = (options.layout_json.as_ref())
                .map(|_| typeset::layout_json(document, &style, &fonts));
            let layout_report = match &sources {
                Some(sources) => layout_report::report(document, &fonts, sources),
                None => Vec::new(),
            };
            let press_out = for_the_press(
                options,
                (&parsed.book, document, blanks),
                (&style, &fonts),
                press.marks,
            )?;
            Ok((document.pages.len(), blanks, json, layout_report, press_out))
        }),
    )?;
    let (pages, blanks, json, layout_report, (checked, imposed)) = read_off;
    let set_at = started.elapsed();
    progress(Stage::Set { pages });
    let files = write(
        options,
        &plan,
        (epub.as_deref(), pdf.as_deref()),
        json.as_deref(),
        imposed.as_deref(),
    )?;
    trace::mark("written");
    progress(Stage::Written { files });
    Ok(Outputs {
        pages,
        layout_report,
        epub: plan.epub,
        pdf: plan.pdf,
        imposed: plan.imposed,
        blanks,
        report: parsed.report,
        normalize: parsed.normalize,
        missing,
        low_resolution: checked.low_resolution.clone(),
        preflight: options.preflight.then_some(checked),
        timings: Timings {
            read,
            set: set_at - read,
            write: started.elapsed() - set_at,
        },
    })
}

/// Whether what `options` ask for reads the typeset pages' glyph runs after the make-up: the layout JSON,
/// the layout report and the imposition (a long book's pages then come back from the PDF's thread whole,
/// [`editions::editions`]).
fn reads_runs(options: &Options) -> bool {
    options.layout_json.is_some() || options.layout_report || options.impose.is_some()
}

/// The preflight report of `document` (typeset from `book`, padded with `blanks` blank pages, with printer's
/// `marks` or not) and, when `options` ask for one, the imposed PDF.
///
/// Errors: [`Error::Preflight`] with `options.strict` when a problem is found (with `options.preflight`
/// any, else an image under [`MIN_PPI`]); what imposition reports.
fn for_the_press(
    options: &Options,
    (book, document, blanks): (&model::Book, &Document, usize),
    (style, fonts): (&style::Style, &FontSet),
    marks: bool,
) -> Result<(Preflight, Option<Vec<u8>>)> {
    let images = assets::load(book).map(|a| a.images).unwrap_or_default();
    let checked = preflight::preflight(document, style, fonts, &images, (blanks, marks));
    let failing = if options.preflight {
        &checked.problems
    } else {
        &checked.low_resolution
    };
    if options.strict && !failing.is_empty() {
        return Err(Error::Preflight {
            problems: failing.clone(),
        });
    }
    let imposed = match options.impose {
        Some(Imposition::Saddle) => Some(render::pdf::impose_saddle(
            document,
            fonts,
            (style.print.sheet, style.print.creep),
        )?),
        None => None,
    };
    Ok((checked, imposed))
}

/// Where the editions of the book `parsed` go, as `options` ask, checked: no output is an input or another.
///
/// Errors: [`Error::Input`] naming a bad output path.
fn planned(options: &Options, parsed: &Parsed) -> Result<targets::Plan> {
    let plan = targets::plan(
        &options.out_dir,
        &options.targets,
        &parsed.book.meta.title,
        options.impose.is_some(),
    );
    let mut outputs: Vec<&Path> = (plan.epub.iter().chain(&plan.pdf))
        .map(PathBuf::as_path)
        .collect();
    outputs.extend(options.layout_json.as_deref());
    outputs.extend(plan.imposed.as_deref());
    output::check(&plan.dir, &outputs, &inputs(options, parsed))?;
    Ok(plan)
}

/// Writes the files `plan` names — of the `(epub, pdf)` editions, the layout `json` and the `imposed`
/// PDF, those asked for — as one set, or one file alone for `-o`; returns how many.
///
/// Errors: [`Error::Io`] naming an output that could not be written.
fn write(
    options: &Options,
    plan: &targets::Plan,
    (epub, pdf): (Option<&[u8]>, Option<&[u8]>),
    json: Option<&str>,
    imposed: Option<&[u8]>,
) -> Result<usize> {
    let mut set: Vec<(&Path, &[u8])> = Vec::new();
    set.extend(plan.epub.as_deref().zip(epub));
    set.extend(plan.pdf.as_deref().zip(pdf));
    set.extend(options.layout_json.as_deref().zip(json.map(str::as_bytes)));
    set.extend(plan.imposed.as_deref().zip(imposed));
    match (&options.targets.file, set.as_slice()) {
        (Some(_), [(path, bytes)]) => output::write_file(path, bytes, options.sync)?,
        _ => output::write_set(&plan.dir, &set, options.sync)?,
    }
    Ok(set.len())
}

/// With `--strict`, a character no face can set ([`Error::Unsettable`]) or any warning reading the book
/// gave ([`Error::Warnings`]) is an error.
fn strict(on: bool, missing: &[MissingChar], report: &Report) -> Result<()> {
    if on && !missing.is_empty() {
        return Err(Error::Unsettable {
            missing: missing.to_vec(),
        });
    }
    if on && !report.warnings.is_empty() {
        return Err(Error::Warnings {
            warnings: report.warnings.iter().map(|w| w.to_string()).collect(),
        });
    }
    Ok(())
}

/// What [`archive`] wrote.
#[derive(Debug, Clone)]
pub struct Archived {
    /// The bag's folder.
    pub bag: PathBuf,
    /// Every file in the bag, by its path in the bag (`data/book.pdf`, `metadata/mods.xml`, …).
    pub files: Vec<String>,
    /// What reading the input did.
    pub report: Report,
    /// The normalisation switches in force.
    pub normalize: NormalizeOptions,
}

/// The library's copy: builds the book as [`build`] does — the PDF always to PDF/A-2a and PDF/UA-1 — and
/// writes a BagIt bag (RFC 8493) into `options.out_dir`: both editions and the book's source files under
/// `data/`, Dublin Core and MODS records under `metadata/`, `bag-info.txt` (dated with the book's date)
/// and SHA-256 manifests. The same input gives the same bag, byte for byte. The bag is written beside
/// `out_dir` first and renamed into place; an existing `out_dir` is replaced only when it is empty or a
/// bag. `options.layout_json` and `options.pdf_standard` are not used.
///
/// Errors: as [`build`] (a book the PDF/A or PDF/UA standard cannot be met for says why), and
/// [`Error::Input`] for a source file outside the book folder or an `out_dir` that holds something else.
pub fn archive(options: &Options) -> Result<Archived> {
    let Prepared {
        parsed,
        style,
        fonts,
        ..
    } = prepare(options)?;
    let book = &parsed.book;
    let press = render::pdf::Press {
        accent_cmyk: style.print.accent_cmyk,
        marks: false,
    };
    let ((), pdf, epub) = editions::editions(
        book,
        &style,
        &fonts,
        (PdfStandard::ARCHIVE, press),
        (true, true),
        (false, |_: &Document, _| Ok(())),
    )?;
    let (pdf, epub) = (pdf.unwrap_or_default(), epub.unwrap_or_default());
    let mut images: Vec<&str> = assets::sources(book);
    images.extend(book.meta.cover.as_deref());
    let sources = archive::sources(&options.input, &parsed.inputs, &images)?;
    let files = archive::files(book, (pdf, epub), sources);
    archive::write(&files, &options.out_dir)?;
    Ok(Archived {
        bag: options.out_dir.clone(),
        files: files.into_keys().collect(),
        report: parsed.report,
        normalize: parsed.normalize,
    })
}

/// Every file the build reads: the story files, `book.toml`, the images, the cover and the style.
fn inputs(options: &Options, parsed: &Parsed) -> Vec<PathBuf> {
    let mut files = parsed.inputs.clone();
    files.extend(options.style.clone());
    files.extend(parsed.style.path.clone());
    let book = &parsed.book;
    files.extend(book.meta.cover.iter().map(PathBuf::from));
    files.extend(assets::sources(book).into_iter().map(PathBuf::from));
    files
}
