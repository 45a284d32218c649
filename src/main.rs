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
    },
    /// Show the structure huozi finds in the stories (headline, byline, paragraphs, ...).
    Parse {
        /// A folder holding book.toml and story files, or one story file.
        path: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        to: Format,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// The book model as pretty-printed JSON.
    Json,
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Build {
            path,
            out,
            style,
            layout_json,
        } => {
            let outputs = huozi::build(&huozi::Options {
                input: path,
                out_dir: out,
                style,
                layout_json,
            })?;
            eprintln!(
                "wrote {} and {} ({} pages)",
                outputs.epub.display(),
                outputs.pdf.display(),
                outputs.pages
            );
        }
        Command::Parse {
            path,
            to: Format::Json,
        } => {
            let book = huozi::parse::load_book(&path)?;
            let json = serde_json::to_string_pretty(&book).context("serialising the book model")?;
            println!("{json}");
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
