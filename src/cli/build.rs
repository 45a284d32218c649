//! `huozi build`: its arguments, and the build with its feedback (progress bar, messages, summary).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::feedback::{self, Feedback, MessageFormat};

/// Where faces are looked for.
#[derive(Debug, Args)]
pub(crate) struct FontArgs {
    /// A folder (searched with its subfolders) or font file whose faces come before the system's;
    /// repeatable.
    #[arg(long = "font-path", value_name = "DIR")]
    pub(crate) font_paths: Vec<PathBuf>,
    /// Do not search the system's faces (only the style's, the font paths' and the embedded ones).
    #[arg(long)]
    pub(crate) no_system_fonts: bool,
}

/// An edition `--format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum EditionArg {
    /// The EPUB 3.
    Epub,
    /// The print PDF.
    Pdf,
}

/// `--format`'s parser: an edition's name with the spaces around it dropped (`epub, pdf` is read as
/// `epub,pdf`), in any letter case, as clap reads a [`ValueEnum`]; its errors are clap's.
#[derive(Clone)]
struct Trimmed;

impl clap::builder::TypedValueParser for Trimmed {
    type Value = EditionArg;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<EditionArg, clap::Error> {
        let trimmed = value
            .to_str()
            .map_or(value, |v| std::ffi::OsStr::new(v.trim()));
        clap::builder::EnumValueParser::<EditionArg>::new().parse_ref(cmd, arg, trimmed)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let values = EditionArg::value_variants().iter();
        Some(Box::new(values.filter_map(ValueEnum::to_possible_value)))
    }
}

/// What a build prints besides its files.
#[derive(Debug, Args)]
pub(crate) struct FeedbackArgs {
    /// Print only errors (no notes, warnings, progress bar or summary line).
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// `human`: messages on stderr; `json`: one JSON object on stdout (outputs, pages, timings,
    /// warnings with file:line:col, or the error with its kind and exit code).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = MessageFormat::Human)]
    pub(crate) message_format: MessageFormat,
}

/// The arguments of `huozi build`.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// A folder holding book.toml and story files, or one story file (default: the current folder).
    #[arg(default_value = ".")]
    pub(crate) path: PathBuf,
    /// Output folder for the editions.
    #[arg(
        long,
        default_value = "out",
        value_name = "DIR",
        visible_alias = "output-dir"
    )]
    pub(crate) out: PathBuf,
    /// Write only this file: its extension (.epub or .pdf) picks the edition (over --name).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        conflicts_with = "out"
    )]
    pub(crate) output: Option<PathBuf>,
    /// The editions to write: epub, pdf, or both joined by a comma (default: both).
    #[arg(long, value_delimiter = ',', value_name = "LIST", ignore_case = true, value_parser = Trimmed)]
    pub(crate) format: Vec<EditionArg>,
    /// The output files' name without extension (default: the book's title as a file name, its Chinese
    /// characters kept, punctuation dropped: 冰城战疫纪事.pdf); also from the environment, HUOZI_NAME.
    #[arg(long, env = "HUOZI_NAME")]
    pub(crate) name: Option<String>,
    /// A style file (TOML) replacing the built-in styles/default.toml.
    #[arg(long)]
    pub(crate) style: Option<PathBuf>,
    /// Also write the page layout as JSON: every line with its role, the text frame, the em.
    #[arg(long, value_name = "FILE")]
    pub(crate) layout_json: Option<PathBuf>,
    /// Print each line stretched beyond the loose bound (Han characters over 1.15 em apart) or not filled
    /// to the measure (an emergency break), with the file:line:col of its text and its page.
    #[arg(long)]
    pub(crate) layout_report: bool,
    /// Read the stories in this encoding (utf-8, gb18030, gbk, utf-16le, …) instead of detecting it.
    #[arg(long, value_name = "NAME")]
    pub(crate) encoding: Option<String>,
    /// Write the PDF to these standards: a-2b, a-2u, a-2a, a-3b, a-3u, a-3a, ua-1, or several joined
    /// by commas (a-2a,ua-1); none for a plain PDF. Over book.toml's pdf-standard.
    #[arg(long, value_name = "LIST")]
    pub(crate) pdf_standard: Option<huozi::PdfStandard>,
    /// List the normalisation rules with how often each changed something.
    #[arg(long, short)]
    pub(crate) verbose: bool,
    #[command(flatten)]
    pub(crate) fonts: FontArgs,
    /// Any warning (a character no face can set, a warning reading the stories, an image under 250 ppi,
    /// with --preflight any problem) is an error: exit 5 or 7 and write nothing.
    #[arg(long)]
    pub(crate) strict: bool,
    /// Also read story files, images and a cover from outside the book folder (by default every
    /// input must lie inside it, after symlinks).
    #[arg(long)]
    pub(crate) allow_outside_paths: bool,
    /// Printer's marks: crop and bleed marks and a slug (title, page, date) around every PDF page,
    /// outside the BleedBox, on a MediaBox 15 mm larger on every side.
    #[arg(long)]
    pub(crate) marks: bool,
    /// Also write NAME-imposed.pdf: the pages two up on the style's press sheets (A4 landscape) in
    /// saddle-stitch order (saddle).
    #[arg(long, value_name = "KIND")]
    pub(crate) impose: Option<huozi::Imposition>,
    /// Print a preflight report for the press: page size and boxes, page count and padding, fonts,
    /// colours, image resolutions, text near the trim; with --strict a problem exits non-zero.
    #[arg(long)]
    pub(crate) preflight: bool,
    /// Flush the outputs to disk before exiting, so that they survive a power cut (they are written
    /// as one atomic set either way).
    #[arg(long)]
    pub(crate) sync: bool,
    #[command(flatten)]
    pub(crate) feedback: FeedbackArgs,
}

impl BuildArgs {
    /// The library's options for these arguments.
    pub(crate) fn options(&self) -> huozi::Options {
        let editions = self.format.iter().map(|f| match f {
            EditionArg::Epub => huozi::Edition::Epub,
            EditionArg::Pdf => huozi::Edition::Pdf,
        });
        let mut options = huozi::Options::new(&self.path, &self.out);
        options.style = self.style.clone();
        options.layout_json = self.layout_json.clone();
        options.encoding = self.encoding.clone();
        options.pdf_standard = self.pdf_standard;
        options.font_paths = self.fonts.font_paths.clone();
        options.system_fonts = !self.fonts.no_system_fonts;
        options.strict = self.strict;
        options.allow_outside_paths = self.allow_outside_paths;
        options.marks = self.marks;
        options.impose = self.impose;
        options.preflight = self.preflight;
        options.layout_report = self.layout_report;
        options.sync = self.sync;
        options.targets = huozi::Targets {
            editions: editions.collect(),
            name: self.name.clone(),
            file: self.output.clone(),
        };
        options
    }
}

/// Builds the book as `args` say, with a progress bar when the build takes over a second and stderr is a
/// terminal, then prints what happened (human or JSON). Returns the process's exit status.
pub(crate) fn run(args: &BuildArgs) -> u8 {
    let fb = Feedback::new(&args.feedback);
    let progress = feedback::Progress::start(fb.shows_progress());
    let result = huozi::build_with(&args.options(), &mut |stage| {
        if let huozi::Stage::Read { bytes, .. } = stage {
            crate::heap::fit_to(bytes);
        }
        progress.stage(stage)
    });
    progress.finish();
    match result {
        Ok(outputs) => {
            let printed = match fb.format {
                MessageFormat::Json => feedback::print_json(&feedback::summary(
                    &outputs,
                    args.layout_json.as_deref(),
                    args.layout_report,
                )),
                MessageFormat::Human => human(&outputs, args, &fb),
            };
            match printed {
                Ok(()) => 0,
                Err(e) => fb.failure(&e),
            }
        }
        Err(e) => fb.error(&e, &args.path),
    }
}

/// Prints the notes, warnings and the line naming the files on stderr (unless quiet), the preflight
/// report and the layout report on stdout.
fn human(outputs: &huozi::Outputs, args: &BuildArgs, fb: &Feedback) -> anyhow::Result<()> {
    if !fb.quiet {
        feedback::report(&outputs.report, &outputs.normalize, args.verbose);
        for m in &outputs.missing {
            eprintln!("huozi: warning: {m}: no face has this character; set as 〓");
        }
        if outputs.preflight.is_none() {
            for image in &outputs.low_resolution {
                eprintln!("huozi: warning: {image}");
            }
        }
        if outputs.blanks > 0 {
            eprintln!("huozi: note: {}", feedback::blanks_note(outputs));
        }
        let files: Vec<String> = [&outputs.epub, &outputs.pdf, &outputs.imposed]
            .into_iter()
            .flatten()
            .chain(args.layout_json.as_ref())
            .map(|p| p.display().to_string())
            .collect();
        eprintln!("wrote {} ({} pages)", files.join(", "), outputs.pages);
    }
    let mut text = String::new();
    if let Some(report) = &outputs.preflight {
        text.push_str("preflight:\n");
        for line in &report.lines {
            text.push_str(&format!("  {line}\n"));
        }
        for problem in &report.problems {
            text.push_str(&format!("  warning: {problem}\n"));
        }
        text.push_str(if report.problems.is_empty() {
            "  passed\n"
        } else {
            "  failed (--strict makes this an error)\n"
        });
    }
    if args.layout_report {
        text.push_str(&format!(
            "layout report: {} line(s) to look at\n",
            outputs.layout_report.len()
        ));
        for note in &outputs.layout_report {
            text.push_str(&format!("  {note}\n"));
        }
    }
    feedback::print_out(&text)
}
