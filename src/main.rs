//! `huozi`: the command line over the library. Nothing typographic happens here.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

/// huozi (活字): Chinese news stories → a styled EPUB 3 and a print-ready A5 PDF.
#[derive(Debug, Parser)]
#[command(name = "huozi", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
        /// List the normalisation rules with how often each changed something.
        #[arg(long, short)]
        verbose: bool,
        /// Also read story files, images and a cover from outside the book folder (by default every
        /// input must lie inside it, after symlinks).
        #[arg(long)]
        allow_outside_paths: bool,
    },
    /// Show the structure huozi finds in the stories (headline, byline, paragraphs, ...).
    Parse {
        /// A folder holding book.toml and story files, or one story file.
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
            verbose,
            allow_outside_paths,
        } => {
            let outputs = huozi::build(&huozi::Options {
                input: path,
                out_dir: out,
                style,
                layout_json,
                encoding,
                allow_outside_paths,
            })?;
            report(&outputs.report, &outputs.normalize, verbose);
            eprintln!(
                "wrote {} and {} ({} pages)",
                outputs.epub.display(),
                outputs.pdf.display(),
                outputs.pages
            );
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
    }
    Ok(())
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
