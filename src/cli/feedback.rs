//! What the command line tells its user besides the files it writes: the progress bar, notes and warnings,
//! the JSON summary of `--message-format json`, and errors with their exit status and a hint.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};

/// How a build reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MessageFormat {
    /// Notes, warnings and a summary line on stderr, for a person.
    Human,
    /// One JSON object on stdout, for a program (schema in docs/guide.md, "The command line").
    Json,
}

/// How a command reports: quietly or not, for a person or a program.
pub(crate) struct Feedback {
    /// `--quiet`: errors only.
    pub(crate) quiet: bool,
    /// `--message-format`.
    pub(crate) format: MessageFormat,
}

/// Exit status of a failure outside the library (writing to stdout, serialising).
const OTHER_FAILURE: u8 = 1;
/// The exit status of a usage error, as clap's.
const USAGE: u8 = 2;

impl Feedback {
    /// The feedback `args` ask for.
    pub(crate) fn new(args: &super::build::FeedbackArgs) -> Feedback {
        Feedback {
            quiet: args.quiet,
            format: args.message_format,
        }
    }

    /// Whether a progress bar may be drawn: not quiet, human messages, stderr a terminal.
    pub(crate) fn shows_progress(&self) -> bool {
        !self.quiet && self.format == MessageFormat::Human && std::io::stderr().is_terminal()
    }

    /// Reports `err` (on stderr, and as JSON on stdout with `--message-format json`), with a hint to run
    /// `huozi new` when `input` holds no book, or what to do about the error ([`error_hint`]); returns the exit status of its kind, or 2 (a usage error)
    /// when `input` is a missing path named as an edition (`huozi build --format epub pdf`).
    pub(crate) fn error(&self, err: &huozi::Error, input: &Path) -> u8 {
        let kind = err.kind();
        eprintln!("huozi: error: {err}");
        let hint = missing_book_hint(input).or_else(|| error_hint(err));
        if let Some(hint) = &hint {
            eprintln!("huozi: hint: {hint}");
        }
        // an edition taken for the book's path is a usage error, as clap reports one after a path
        let code = match names_a_missing_edition(input) {
            true => USAGE,
            false => kind.exit_code(),
        };
        if self.format == MessageFormat::Json {
            let _ = print_json(&json!({
                "success": false,
                "error": {
                    "kind": kind,
                    "exit_code": code,
                    "message": err.to_string(),
                    "hint": hint,
                },
            }));
        }
        code
    }

    /// Reports a failure outside the library; returns exit status 1.
    pub(crate) fn failure(&self, err: &anyhow::Error) -> u8 {
        eprintln!("huozi: error: {err:#}");
        OTHER_FAILURE
    }
}

/// What to do about `err` where the error alone does not say: for characters no face can set
/// (`--strict`), where huozi looks for a face that has them.
fn error_hint(err: &huozi::Error) -> Option<String> {
    match err {
        huozi::Error::Unsettable { .. } => Some(
            "put a font file that has these characters in a folder and name it with `--font-path DIR` \
             (or `font-paths = [\"DIR\"]` in book.toml); `huozi check` lists which face sets what"
                .to_string(),
        ),
        _ => None,
    }
}

/// A hint for a command line clap refused (`error`) with an unexpected argument that names an edition
/// (`huozi build --format epub pdf`: `pdf` is taken for a second path), or with a value of `--format`
/// that is editions joined by something other than a comma (`--format 'epub pdf'`, `epub;pdf`): the
/// editions are one argument, joined by a comma. `None` for any other refusal.
pub(crate) fn argument_hint(error: &clap::Error) -> Option<&'static str> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let given = |kind| match error.get(kind) {
        Some(ContextValue::String(value)) => Some(value.as_str()),
        _ => None,
    };
    let hinted = match error.kind() {
        ErrorKind::UnknownArgument => given(ContextKind::InvalidArg).is_some_and(names_an_edition),
        ErrorKind::InvalidValue => given(ContextKind::InvalidValue).is_some_and(editions_joined),
        _ => false,
    };
    hinted.then_some(EDITIONS_HINT)
}

/// Whether `value` is two or more edition names joined by spaces or punctuation other than the comma
/// (`epub pdf`, `epub;pdf`, `epub+pdf`).
fn editions_joined(value: &str) -> bool {
    let words: Vec<&str> = (value.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    words.len() > 1 && words.iter().all(|w| names_an_edition(w))
}

/// Whether `word` is the name of an edition `--format` takes (`epub`, `pdf`: [`super::build::EditionArg`]).
fn names_an_edition(word: &str) -> bool {
    super::build::EditionArg::from_str(word, false).is_ok()
}

/// The hint for editions written apart ([`argument_hint`], [`missing_book_hint`]).
const EDITIONS_HINT: &str =
    "name the editions as one argument, joined by a comma: --format epub,pdf";

/// `huozi new` as the way out when `input` is no book: a path that does not exist, or a folder with
/// neither `book.toml` nor a story file (`*.txt`, `*.md`). For a missing path whose folder holds a story
/// file of a name near it (`01-大棚.tx`), that file instead ([`huozi::nearest_story_file`]); for one named
/// as a story file with none near it, no folder of that name to make. A missing path named as an edition
/// (`epub`, `pdf`) is one written apart from `--format`'s list (`huozi build --format epub pdf`): the
/// hint is [`EDITIONS_HINT`].
pub(crate) fn missing_book_hint(input: &Path) -> Option<String> {
    if names_a_missing_edition(input) {
        return Some(EDITIONS_HINT.to_string());
    }
    // `-` is standard input, not a path: nothing to hint at
    if input == Path::new("-") {
        return None;
    }
    if !input.exists() {
        if let Some(near) = huozi::nearest_story_file(input) {
            return Some(format!(
                "{} does not exist; did you mean {}?",
                input.display(),
                near.display()
            ));
        }
        let story = (input.extension().and_then(|e| e.to_str()))
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "txt" | "md" | "markdown"));
        if story {
            return Some(format!(
                "{} does not exist; name a story file or a book's folder (`huozi new DIR` makes one)",
                input.display()
            ));
        }
        return Some(format!(
            "{} does not exist; `huozi new {}` makes a book folder to start from",
            input.display(),
            input.display()
        ));
    }
    let entries = std::fs::read_dir(input).ok()?;
    let story = |p: &Path| {
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        p.file_name().is_some_and(|n| n == "book.toml") || matches!(ext, "txt" | "md")
    };
    let any = entries.filter_map(|e| e.ok()).any(|e| story(&e.path()));
    (!any).then(|| {
        format!(
            "{} holds no book (book.toml or *.txt/*.md stories); `huozi new DIR` makes one, or name \
             the book's folder: `huozi build PATH`",
            input.display()
        )
    })
}

/// Whether `input`, the book's path, does not exist and is the name of an edition: a list written apart
/// from `--format` (`huozi build --format epub pdf`), a usage error.
fn names_a_missing_edition(input: &Path) -> bool {
    !input.exists() && input.to_str().is_some_and(names_an_edition)
}

/// The progress bar: hidden until the build has run a second (and only when it may be drawn), then the
/// three stages — stories read, pages set, files written — on stderr.
pub(crate) struct Progress {
    bar: ProgressBar,
    /// Tells the timer thread the build is over.
    done: Option<mpsc::Sender<()>>,
    timer: Option<std::thread::JoinHandle<()>>,
}

/// How long a build runs before its progress bar is shown.
const SHOW_AFTER: Duration = Duration::from_secs(1);

impl Progress {
    /// A bar for a build starting now; `shown` false: never drawn.
    pub(crate) fn start(shown: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(3), ProgressDrawTarget::hidden());
        let style =
            ProgressStyle::with_template("{spinner} [{elapsed}] {bar:20} {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message("reading the stories");
        if !shown {
            return Progress {
                bar,
                done: None,
                timer: None,
            };
        }
        let (done, wait) = mpsc::channel::<()>();
        let shown_bar = bar.clone();
        let timer = std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(SHOW_AFTER) {
                shown_bar.set_draw_target(ProgressDrawTarget::stderr());
                shown_bar.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Progress {
            bar,
            done: Some(done),
            timer: Some(timer),
        }
    }

    /// Moves the bar on as `stage` ends.
    pub(crate) fn stage(&self, stage: huozi::Stage) {
        match stage {
            huozi::Stage::Read { stories, .. } => {
                self.bar
                    .set_message(format!("{stories} stories read; setting the pages"));
            }
            huozi::Stage::Set { pages } => {
                self.bar
                    .set_message(format!("{pages} pages set; writing the files"));
            }
            huozi::Stage::Written { files } => {
                self.bar.set_message(format!("{files} files written"))
            }
        }
        self.bar.inc(1);
    }

    /// Clears the bar (if it was drawn) and stops its timer.
    pub(crate) fn finish(mut self) {
        drop(self.done.take());
        if let Some(timer) = self.timer.take() {
            let _ = timer.join();
        }
        self.bar.finish_and_clear();
    }
}

/// Prints the warnings (always) and, with `verbose`, the rule listing, to stderr.
pub(crate) fn report(report: &huozi::Report, normalize: &huozi::NormalizeOptions, verbose: bool) {
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

/// `added 3 blank pages to make 12 pages, a whole signature`.
pub(crate) fn blanks_note(outputs: &huozi::Outputs) -> String {
    format!(
        "added {} blank page{} to make {} pages, a whole signature",
        outputs.blanks,
        if outputs.blanks == 1 { "" } else { "s" },
        outputs.pages
    )
}

/// The JSON summary of a build (`--message-format json`): its outputs, pages, timings, warnings (each
/// with file, line and column where known) and notes; the layout report with `layout_report`.
pub(crate) fn summary(
    outputs: &huozi::Outputs,
    layout_json: Option<&Path>,
    layout_report: bool,
) -> Value {
    let file = |kind: &str, path: &Path| json!({"kind": kind, "path": path});
    let mut files: Vec<Value> = Vec::new();
    files.extend(outputs.epub.as_deref().map(|p| file("epub", p)));
    files.extend(outputs.pdf.as_deref().map(|p| file("pdf", p)));
    files.extend(outputs.imposed.as_deref().map(|p| file("imposed-pdf", p)));
    files.extend(layout_json.map(|p| file("layout-json", p)));
    let warning = |kind: &str,
                   path: Option<&Path>,
                   (line, column): (usize, usize),
                   message: String| {
        let known = |n: usize| (n > 0).then_some(n);
        json!({"kind": kind, "file": path, "line": known(line), "column": known(column), "message": message})
    };
    let mut warnings: Vec<Value> = Vec::new();
    for w in &outputs.report.warnings {
        warnings.push(warning(
            "input",
            Some(&w.path),
            (w.line, 0),
            w.message.clone(),
        ));
    }
    for m in &outputs.missing {
        let message = format!(
            "U+{:04X} {}: no face has this character; set as 〓",
            m.ch as u32, m.ch
        );
        warnings.push(warning(
            "unsettable",
            Some(&m.path),
            (m.line, m.column),
            message,
        ));
    }
    let problems = match &outputs.preflight {
        Some(p) => &p.problems,
        None => &outputs.low_resolution,
    };
    for problem in problems {
        warnings.push(warning("preflight", None, (0, 0), problem.clone()));
    }
    let mut notes: Vec<String> = (outputs.report.encodings.iter())
        .filter(|e| e.evidence == "detected")
        .map(|e| format!("{e}; --encoding overrides"))
        .collect();
    notes.extend((outputs.blanks > 0).then(|| blanks_note(outputs)));
    let t = outputs.timings;
    let mut summary = json!({
        "success": true,
        "outputs": files,
        "pages": outputs.pages,
        "blank_pages": outputs.blanks,
        "timings_ms": {
            "read": t.read.as_millis() as u64,
            "set": t.set.as_millis() as u64,
            "write": t.write.as_millis() as u64,
            "total": (t.read + t.set + t.write).as_millis() as u64,
        },
        "warnings": warnings,
        "notes": notes,
    });
    if let Some(preflight) = &outputs.preflight {
        summary["preflight"] = json!({"lines": preflight.lines, "problems": preflight.problems});
    }
    if layout_report {
        summary["layout_report"] = json!(outputs.layout_report);
    }
    summary
}

/// Writes `value` as one line of JSON on stdout.
pub(crate) fn print_json(value: &Value) -> anyhow::Result<()> {
    print_out(&format!("{value}\n"))
}

/// Writes `text` to stdout; a reader that stops early (`huozi fonts | head`) is no error.
pub(crate) fn print_out(text: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing to stdout"),
        _ => Ok(()),
    }
}
