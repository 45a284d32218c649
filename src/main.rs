//! `huozi`: the command line over the library. Nothing typographic happens here.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// huozi (活字): Chinese news stories → a styled EPUB 3 and a print-ready A5 PDF.
#[derive(Debug, Parser)]
#[command(name = "huozi", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where faces are looked for.
#[derive(Debug, Args)]
struct FontArgs {
    /// A folder (searched with its subfolders) or font file whose faces come before the system's;
    /// repeatable.
    #[arg(long = "font-path", value_name = "DIR")]
    font_paths: Vec<PathBuf>,
    /// Do not search the system's faces (only the style's, the font paths' and the embedded ones).
    #[arg(long)]
    no_system_fonts: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build book.epub and book.pdf from a folder (book.toml + stories) or a single story file.
    Build {
        /// A folder holding book.toml and story files, or one story file.
        #[arg(default_value = "content")]
        path: PathBuf,
        /// Output folder for book.epub and book.pdf.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// A style file (TOML) replacing the built-in styles/default.toml.
        #[arg(long)]
        style: Option<PathBuf>,
        /// Also write the page layout as JSON: every line with its role, the text frame, the em.
        #[arg(long, value_name = "FILE")]
        layout_json: Option<PathBuf>,
        /// Read the stories in this encoding (utf-8, gb18030, gbk, utf-16le, …) instead of detecting it.
        #[arg(long, value_name = "NAME")]
        encoding: Option<String>,
        /// Write the PDF to these standards: a-2b, a-2u, a-2a, a-3b, a-3u, a-3a, ua-1, or several joined
        /// by commas (a-2a,ua-1); none for a plain PDF. Over book.toml's pdf-standard.
        #[arg(long, value_name = "LIST")]
        pdf_standard: Option<huozi::PdfStandard>,
        /// List the normalisation rules with how often each changed something.
        #[arg(long, short)]
        verbose: bool,
        #[command(flatten)]
        fonts: FontArgs,
        /// A character no face can set is an error: exit non-zero and write nothing.
        #[arg(long)]
        strict: bool,
        /// Also read story files, images and a cover from outside the book folder (by default every
        /// input must lie inside it, after symlinks).
        #[arg(long)]
        allow_outside_paths: bool,
        /// Printer's marks: crop and bleed marks and a slug (title, page, date) around every PDF page,
        /// outside the BleedBox, on a MediaBox 15 mm larger on every side.
        #[arg(long)]
        marks: bool,
        /// Also write book-imposed.pdf: the pages two up on the style's press sheets (A4 landscape) in
        /// saddle-stitch order (saddle).
        #[arg(long, value_name = "KIND")]
        impose: Option<huozi::Imposition>,
        /// Print a preflight report for the press: page size and boxes, page count and padding, fonts,
        /// colours, image resolutions, text near the trim; with --strict a problem exits non-zero.
        #[arg(long)]
        preflight: bool,
        /// Flush the outputs to disk before exiting, so that they survive a power cut (they are written
        /// as one atomic set either way).
        #[arg(long)]
        sync: bool,
    },
    /// List the faces huozi can find: family, style, file (or "embedded"), and how many of the 8,105
    /// characters of 通用规范汉字表 each covers.
    Fonts {
        #[command(flatten)]
        fonts: FontArgs,
    },
    /// Report which face sets how many characters of a book, and every character no face can set
    /// (file:line:column U+XXXX), without writing anything.
    Check {
        /// A folder holding book.toml and story files, or one story file.
        #[arg(default_value = "content")]
        path: PathBuf,
        /// A style file (TOML) replacing the built-in styles/default.toml.
        #[arg(long)]
        style: Option<PathBuf>,
        /// Read the stories in this encoding instead of detecting it.
        #[arg(long, value_name = "NAME")]
        encoding: Option<String>,
        #[command(flatten)]
        fonts: FontArgs,
        /// Also read story files, images and a cover from outside the book folder (by default every
        /// input must lie inside it, after symlinks).
        #[arg(long)]
        allow_outside_paths: bool,
    },
    /// Write the library's copy: a BagIt bag with the PDF/A-2a + PDF/UA-1 PDF, the EPUB, the source
    /// files, and Dublin Core and MODS records.
    Archive {
        /// A folder holding book.toml and story files, or one story file.
        path: PathBuf,
        /// The bag's folder (replaced if it is a bag already).
        #[arg(long)]
        out: PathBuf,
        /// A style file (TOML) replacing the built-in styles/default.toml.
        #[arg(long)]
        style: Option<PathBuf>,
        /// Read the stories in this encoding (utf-8, gb18030, gbk, utf-16le, …) instead of detecting it.
        #[arg(long, value_name = "NAME")]
        encoding: Option<String>,
        /// List the normalisation rules with how often each changed something.
        #[arg(long, short)]
        verbose: bool,
        #[command(flatten)]
        fonts: FontArgs,
    },
    /// Make a new book to start from: book.toml (every key, commented), style.toml, a Markdown story
    /// using every front matter field and a plain-text story.
    New {
        /// The book's folder: made if missing; it must be empty.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print a style: the built-in default (styles/default.toml), every key with its meaning.
    Style {
        /// Print the built-in default style, byte for byte (a start for a style of your own).
        #[arg(long, required = true)]
        print_default: bool,
    },
    /// Show the structure huozi finds in the stories (headline, byline, paragraphs, ...).
    Parse {
        /// A folder holding book.toml and story files, or one story file; `-` reads a story from
        /// standard input (Markdown when it opens with front matter or holds a `# headline`).
        path: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        to: Format,
        /// Read the stories in this encoding (utf-8, gb18030, gbk, utf-16le, …) instead of detecting it.
        #[arg(long, value_name = "NAME")]
        encoding: Option<String>,
        /// List the normalisation rules with how often each changed something.
        #[arg(long, short)]
        verbose: bool,
        /// Also read story files, images and a cover from outside the book folder.
        #[arg(long)]
        allow_outside_paths: bool,
    },
    /// Build, then build again whenever a story, book.toml, the style or an image changes (Ctrl-C
    /// stops); an error is printed and the watch goes on.
    #[command(
        after_help = "Examples:\n  huozi watch                 # the book in this folder, into out/\n  \
                            huozi watch mybook --open   # and open the PDF once"
    )]
    Watch(WatchArgs),
    /// Draw pages of the book's PDF as PNG images, and a contact sheet of all pages, into a folder.
    #[command(
        after_help = "Examples:\n  huozi proof content --pages 1-2        # proof/page-001.png, \
                            page-002.png, contact-sheet.png\n  \
                            huozi proof out/book.pdf --dpi 150    # every page of a built PDF"
    )]
    Proof(ProofArgs),
}

/// `huozi watch`'s arguments.
#[derive(Debug, Args)]
struct WatchArgs {
    /// A folder holding book.toml and story files, or one story file.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Output folder for book.epub and book.pdf.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// A style file (TOML) replacing the built-in styles/default.toml (watched too).
    #[arg(long)]
    style: Option<PathBuf>,
    /// Read the stories in this encoding instead of detecting it.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    #[command(flatten)]
    fonts: FontArgs,
    /// Open the PDF in the system's viewer after the first build that succeeds.
    #[arg(long)]
    open: bool,
}

/// `huozi proof`'s arguments.
#[derive(Debug, Args)]
struct ProofArgs {
    /// A folder holding book.toml and story files, or one story file (built first, into a temporary
    /// folder), or a PDF file.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// The pages drawn as images: N, N-M or N- (counted from 1); every page when omitted.
    #[arg(long, value_name = "RANGE")]
    pages: Option<huozi::PageRange>,
    /// Resolution of the page images, in dots per inch (the contact sheet is always 24 dpi).
    #[arg(long, default_value_t = 100.0)]
    dpi: f32,
    /// The folder the images are written into.
    #[arg(long, default_value = "proof")]
    out: PathBuf,
    /// A style file (TOML) replacing the built-in styles/default.toml.
    #[arg(long)]
    style: Option<PathBuf>,
    /// Read the stories in this encoding instead of detecting it.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    #[command(flatten)]
    fonts: FontArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// The book model as pretty-printed JSON.
    Json,
    /// Markdown with TOML front matter, which `huozi parse`/`build` read back into the same model.
    Md,
}

/// Prints the warnings (always) and, with `verbose`, the rule listing, to stderr.
fn report(report: &huozi::Report, normalize: &huozi::NormalizeOptions, verbose: bool) {
    if verbose {
        eprint!("{}", report.verbose_listing(normalize));
    } else {
        for e in report.encodings.iter().filter(|e| e.evidence == "detected") {
            eprintln!("huozi: note: {e}; --encoding overrides");
        }
        for w in &report.warnings {
            eprintln!("huozi: warning: {w}");
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Build {
            path,
            out,
            style,
            layout_json,
            encoding,
            pdf_standard,
            verbose,
            fonts,
            strict,
            allow_outside_paths,
            marks,
            impose,
            preflight,
            sync,
        } => {
            let outputs = huozi::build(&huozi::Options {
                input: path,
                out_dir: out,
                style,
                layout_json,
                encoding,
                pdf_standard,
                font_paths: fonts.font_paths,
                system_fonts: !fonts.no_system_fonts,
                strict,
                allow_outside_paths,
                marks,
                impose,
                preflight,
                sync,
            })?;
            report(&outputs.report, &outputs.normalize, verbose);
            for m in &outputs.missing {
                eprintln!("huozi: warning: {m}: no face has this character; set as 〓");
            }
            if outputs.blanks > 0 {
                eprintln!(
                    "huozi: note: added {} blank page{} to make {} pages, a whole signature",
                    outputs.blanks,
                    if outputs.blanks == 1 { "" } else { "s" },
                    outputs.pages
                );
            }
            eprintln!(
                "wrote {} and {} ({} pages)",
                outputs.epub.display(),
                outputs.pdf.display(),
                outputs.pages
            );
            if outputs.preflight.is_none() {
                for image in &outputs.low_resolution {
                    eprintln!("huozi: warning: {image}");
                }
            }
            if let Some(report) = &outputs.preflight {
                let mut text = String::from("preflight:\n");
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
                print_out(&text)?;
            }
            if let Some(imposed) = &outputs.imposed {
                eprintln!("wrote {} (imposed)", imposed.display());
            }
        }
        Command::Archive {
            path,
            out,
            style,
            encoding,
            verbose,
            fonts,
        } => {
            let mut options = huozi::Options::new(path, out);
            options.style = style;
            options.encoding = encoding;
            options.font_paths = fonts.font_paths;
            options.system_fonts = !fonts.no_system_fonts;
            let archived = huozi::archive(&options)?;
            report(&archived.report, &archived.normalize, verbose);
            eprintln!(
                "wrote the bag {} ({} files)",
                archived.bag.display(),
                archived.files.len()
            );
        }
        Command::New { dir } => {
            let files = huozi::new_book(&dir)?;
            for file in &files {
                eprintln!("wrote {}", file.display());
            }
            let cd = if dir == std::path::Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", dir.display())
            };
            eprintln!("a new book: {cd}huozi build");
        }
        Command::Style { print_default } => {
            if print_default {
                print_out(huozi::style::DEFAULT_STYLE)?;
            }
        }
        Command::Fonts { fonts } => {
            let options = huozi::FontOptions {
                paths: fonts.font_paths,
                system: !fonts.no_system_fonts,
                ..huozi::FontOptions::default()
            };
            let mut listing = String::from("family\tstyle\tfile\t通用规范汉字表\n");
            for face in huozi::available_fonts(&options)? {
                listing.push_str(&format!("{face}\n"));
            }
            print_out(&listing)?;
        }
        Command::Check {
            path,
            style,
            encoding,
            fonts,
            allow_outside_paths,
        } => {
            let mut options = huozi::Options::new(path, "");
            options.style = style;
            options.encoding = encoding;
            options.allow_outside_paths = allow_outside_paths;
            options.font_paths = fonts.font_paths;
            options.system_fonts = !fonts.no_system_fonts;
            print_out(&huozi::check(&options)?.report())?;
        }
        Command::Parse {
            path,
            to,
            encoding,
            verbose,
            allow_outside_paths,
        } => {
            let parsed = huozi::load(
                &path,
                &huozi::LoadOptions {
                    encoding,
                    allow_outside_paths,
                },
            )?;
            report(&parsed.report, &parsed.normalize, verbose);
            match to {
                Format::Json => {
                    let json = serde_json::to_string_pretty(&parsed.book)
                        .context("serialising the book model")?;
                    println!("{json}");
                }
                Format::Md => print!("{}", huozi::to_markdown(&parsed.book)),
            }
        }
        Command::Watch(args) => watch(args)?,
        Command::Proof(args) => proof(args)?,
    }
    Ok(())
}

/// `huozi watch`: builds, then builds again on every settled change of the book's files, printing each
/// build's outcome; an error is printed and the watch goes on. Returns only when the watch itself fails.
fn watch(args: WatchArgs) -> anyhow::Result<()> {
    let mut options = huozi::Options::new(&args.path, &args.out);
    options.style = args.style.clone();
    options.encoding = args.encoding;
    options.font_paths = args.fonts.font_paths;
    options.system_fonts = !args.fonts.no_system_fonts;
    let mut to_open = args.open;
    let mut build = |options: &huozi::Options| {
        let started = std::time::Instant::now();
        match huozi::build(options) {
            Ok(outputs) => {
                report(&outputs.report, &outputs.normalize, false);
                for m in &outputs.missing {
                    eprintln!("huozi: warning: {m}: no face has this character; set as 〓");
                }
                eprintln!(
                    "wrote {} and {} ({} pages) in {:.2} s",
                    outputs.epub.display(),
                    outputs.pdf.display(),
                    outputs.pages,
                    started.elapsed().as_secs_f64()
                );
                if std::mem::take(&mut to_open)
                    && let Err(e) = opener::open(&outputs.pdf)
                {
                    eprintln!("huozi: warning: cannot open {}: {e}", outputs.pdf.display());
                }
            }
            Err(err) => eprintln!("huozi: error: {err:#}"),
        }
    };
    let mut paths = vec![args.path.clone()];
    paths.extend(args.style);
    let watching = huozi::WatchOptions {
        paths,
        ignore: vec![args.out],
        debounce: std::time::Duration::from_millis(200),
    };
    huozi::watch(&watching, |changed| {
        if changed.is_empty() {
            eprintln!("huozi: watching {} (Ctrl-C stops)", args.path.display());
        } else {
            let names: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
            eprintln!("huozi: changed: {}", names.join(", "));
        }
        build(&options);
        std::ops::ControlFlow::Continue(())
    })?;
    Ok(())
}

/// `huozi proof`: the PDF at `args.path`, or the book there built into a temporary folder, drawn as page
/// images and a contact sheet into `args.out`.
fn proof(args: ProofArgs) -> anyhow::Result<()> {
    let is_pdf = args
        .path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let (bytes, name) = if is_pdf {
        let bytes =
            std::fs::read(&args.path).with_context(|| format!("{}", args.path.display()))?;
        (bytes, args.path.clone())
    } else {
        let scratch = tempfile::tempdir().context("making a temporary folder")?;
        let mut options = huozi::Options::new(&args.path, scratch.path().join("book"));
        options.style = args.style;
        options.encoding = args.encoding;
        options.font_paths = args.fonts.font_paths;
        options.system_fonts = !args.fonts.no_system_fonts;
        let outputs = huozi::build(&options)?;
        report(&outputs.report, &outputs.normalize, false);
        let bytes =
            std::fs::read(&outputs.pdf).with_context(|| format!("{}", outputs.pdf.display()))?;
        let name = outputs.pdf.file_name().unwrap_or_default();
        (bytes, args.path.join(name))
    };
    let proofs = huozi::proof(
        bytes,
        &name,
        &huozi::ProofOptions {
            pages: args.pages,
            dpi: args.dpi,
            out_dir: args.out,
        },
    )?;
    for page in &proofs.pages {
        eprintln!("wrote {}", page.display());
    }
    eprintln!(
        "wrote {} ({} pages)",
        proofs.contact_sheet.display(),
        proofs.page_count
    );
    Ok(())
}

/// Writes `text` to stdout; a reader that stops early (`huozi fonts | head`) is no error.
fn print_out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing to stdout"),
        _ => Ok(()),
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("huozi: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
