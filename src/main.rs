//! `huozi`: the command line over the library. Nothing typographic happens here.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

/// The binary's own modules: the build command, its feedback, shell integration.
mod cli {
    pub(crate) mod build;
    pub(crate) mod feedback;
    pub(crate) mod shell;
}

use cli::build::{BuildArgs, FontArgs};
use cli::feedback::{missing_book_hint, print_out, report};

/// Examples closing `huozi --help`.
const EXAMPLES: &str = "Examples:
  huozi build                        the book in this folder, into out/ (named after its title)
  huozi build content --out out      the book in content/
  huozi build --format pdf -o x.pdf  only the PDF, as x.pdf
  huozi check                        which face sets which characters; what none can
  huozi parse content --to md        the structure huozi found, as Markdown to correct by hand
  huozi completions bash > ~/.local/share/bash-completion/completions/huozi
  huozi man | man -l -";

/// Examples closing `huozi build --help`.
const BUILD_EXAMPLES: &str = "Examples:
  huozi build                                  this folder's book into out/TITLE.epub and out/TITLE.pdf
  huozi build content --name book              out/book.epub and out/book.pdf
  huozi build story.md -o story.epub           one story file, only the EPUB
  huozi build --strict --message-format json   for CI: a warning fails the build; a JSON summary on stdout
  huozi build --layout-report                  list loose and unfilled lines with file:line:col
  huozi build --marks --impose saddle --preflight   for the press";

/// huozi (活字): Chinese news stories → a styled EPUB 3 and a print-ready A5 PDF.
#[derive(Debug, Parser)]
#[command(name = "huozi", version, about, after_help = format!("{EXAMPLES}\n\n{}", cli::shell::exit_codes_help()))]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the EPUB and the PDF (named after the book's title) from a folder (book.toml + stories) or
    /// a single story file.
    #[command(after_help = format!("{BUILD_EXAMPLES}\n\n{}", cli::shell::exit_codes_help()))]
    Build(BuildArgs),
    /// List the faces huozi can find: family, style, file (or "embedded"), and how many of the 8,105
    /// characters of 通用规范汉字表 each covers.
    Fonts {
        #[command(flatten)]
        fonts: FontArgs,
    },
    /// Report which face sets how many characters of a book, and every character no face can set
    /// (file:line:column U+XXXX), without writing anything.
    #[command(after_help = "Examples:\n  huozi check\n  huozi check content --font-path ~/fonts")]
    Check {
        /// A folder holding book.toml and story files, or one story file (default: the current folder).
        #[arg(default_value = ".")]
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
    #[command(after_help = "Examples:\n  huozi archive content --out bag")]
    /// Write the library's copy: a BagIt bag with the PDF/A-2a + PDF/UA-1 PDF, the EPUB, the source
    /// files, and Dublin Core and MODS records.
    Archive {
        /// A folder holding book.toml and story files, or one story file.
        path: PathBuf,
        /// The bag's folder (replaced if it is a bag already).
        #[arg(long, value_name = "DIR", visible_alias = "output-dir")]
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
    #[command(
        after_help = "Examples:\n  huozi parse content\n  huozi parse content --to md > book.md   (correct by hand, then huozi build book.md)"
    )]
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
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    #[command(
        after_help = "Examples:\n  huozi completions bash > ~/.local/share/bash-completion/completions/huozi\n  huozi completions zsh > ~/.zfunc/_huozi\n  huozi completions fish > ~/.config/fish/completions/huozi.fish"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page of huozi, or of one of its commands (roff; `huozi man | man -l -`).
    #[command(
        after_help = "Examples:\n  huozi man | man -l -\n  huozi man build | man -l -\n  huozi man --dir /usr/local/share/man/man1"
    )]
    Man {
        /// The command whose page to print (build, check, …); without it, huozi's own page.
        command: Option<String>,
        /// Write every page (huozi.1, huozi-build.1, …) into this folder instead.
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        dir: Option<PathBuf>,
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
                            huozi proof out/mybook.pdf --dpi 150   # every page of a built PDF"
    )]
    Proof(ProofArgs),
}

/// `huozi watch`'s arguments.
#[derive(Debug, Args)]
struct WatchArgs {
    /// A folder holding book.toml and story files, or one story file.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Output folder for the editions (named after the book's title).
    #[arg(
        long,
        default_value = "out",
        value_name = "DIR",
        visible_alias = "output-dir"
    )]
    out: PathBuf,
    #[command(flatten)]
    reading: ReadArgs,
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
    #[arg(
        long,
        default_value = "proof",
        value_name = "DIR",
        visible_alias = "output-dir"
    )]
    out: PathBuf,
    #[command(flatten)]
    reading: ReadArgs,
}

/// How `watch` and `proof` read the book: its style, its encoding and where faces are looked for.
#[derive(Debug, Args)]
struct ReadArgs {
    /// A style file (TOML) replacing the built-in styles/default.toml (`watch` watches it too).
    #[arg(long)]
    style: Option<PathBuf>,
    /// Read the stories in this encoding instead of detecting it.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    #[command(flatten)]
    fonts: FontArgs,
}

impl ReadArgs {
    /// Sets `options`' style, encoding and font search from these arguments.
    fn apply(self, options: &mut huozi::Options) {
        options.style = self.style;
        options.encoding = self.encoding;
        options.font_paths = self.fonts.font_paths;
        options.system_fonts = !self.fonts.no_system_fonts;
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// The book model as pretty-printed JSON.
    Json,
    /// Markdown with TOML front matter, which `huozi parse`/`build` read back into the same model.
    Md,
}

/// Runs `cli`'s command; `Ok` holds the exit status (a build reports its own failures).
fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Build(args) => return Ok(cli::build::run(&args)),
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
        Command::Completions { shell } => cli::shell::completions(Cli::command(), shell)?,
        Command::Man { command, dir } => {
            cli::shell::man(Cli::command(), command.as_deref(), dir.as_deref())?
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
    Ok(0)
}

/// `huozi watch`: builds, then builds again on every settled change of the book's files, printing each
/// build's outcome; an error is printed and the watch goes on. Returns only when the watch itself fails.
fn watch(args: WatchArgs) -> anyhow::Result<()> {
    let mut options = huozi::Options::new(&args.path, &args.out);
    let style = args.reading.style.clone();
    args.reading.apply(&mut options);
    let mut to_open = args.open;
    let mut build = |options: &huozi::Options| {
        let started = std::time::Instant::now();
        let fit = &mut |stage| {
            if let huozi::Stage::Read { bytes, .. } = stage {
                heap::fit_to(bytes);
            }
        };
        match huozi::build_with(options, fit) {
            Ok(outputs) => {
                report(&outputs.report, &outputs.normalize, false);
                for m in &outputs.missing {
                    eprintln!("huozi: warning: {m}: no face has this character; set as 〓");
                }
                let files: Vec<String> = (outputs.epub.iter().chain(&outputs.pdf))
                    .map(|p| p.display().to_string())
                    .collect();
                eprintln!(
                    "wrote {} ({} pages) in {:.2} s",
                    files.join(", "),
                    outputs.pages,
                    started.elapsed().as_secs_f64()
                );
                if let Some(pdf) = &outputs.pdf
                    && std::mem::take(&mut to_open)
                    && let Err(e) = opener::open(pdf)
                {
                    eprintln!("huozi: warning: cannot open {}: {e}", pdf.display());
                }
            }
            Err(err) => eprintln!("huozi: error: {err:#}"),
        }
    };
    let mut paths = vec![args.path.clone()];
    paths.extend(style);
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
        args.reading.apply(&mut options);
        options.targets.editions = vec![huozi::Edition::Pdf];
        let outputs = huozi::build(&options)?;
        report(&outputs.report, &outputs.normalize, false);
        let pdf = outputs.pdf.context("the build wrote no PDF")?;
        let bytes = std::fs::read(&pdf).with_context(|| format!("{}", pdf.display()))?;
        let name = pdf.file_name().unwrap_or_default();
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

/// The book a command reads (a folder or a story file), if it reads one.
fn book_of(command: &Command) -> Option<&std::path::Path> {
    match command {
        Command::Build(args) => Some(&args.path),
        Command::Watch(args) => Some(&args.path),
        Command::Proof(args) => Some(&args.path),
        _ => input_of(command),
    }
}

/// The input a command reads, for the hint when it holds no book.
fn input_of(command: &Command) -> Option<&std::path::Path> {
    match command {
        Command::Check { path, .. }
        | Command::Archive { path, .. }
        | Command::Parse { path, .. } => Some(path),
        _ => None,
    }
}

/// The allocator: jemalloc, which hands memory a stage has freed back to the system (pages unused for
/// 100 ms are purged by the threads that allocate; `.cargo/config.toml` sets its options), where glibc's
/// malloc kept it in each thread's arena: a 1000-story book peaks at about 160 MB instead of 240 MB
/// (issue 13, docs/speed.md).
/// Its heap is asked for in transparent huge pages (2 MiB) while a book of middling size is built: see
/// [`heap`]. It is the C allocator too (`Cargo.toml`): HarfBuzz's subsetter and libdeflate allocate from
/// the same heap, not from glibc's per-thread arenas (a one-story book's build takes a fifth fewer page
/// faults).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// How the process's heap is paged. jemalloc marks its memory for transparent huge pages (`thp:always`
/// in `.cargo/config.toml`; Linux then backs it with 2 MiB pages where the system allows it on request,
/// `madvise` mode), but the process starts with them turned off (`prctl(PR_SET_THP_DISABLE)`, before
/// jemalloc's first page is touched), so that a short command or book clears no 2 MiB page it hardly
/// uses: 0 huge pages instead of 3 for one copy of the sample, whose build took 1.0–1.4 ms less (12.0 →
/// 10.7 ms of wall, issue 13, docs/speed.md thirty-ninth round), and `huozi style` 0.4 ms less. Once a
/// build has read its book, a book of middling size turns them on for the rest ([`heap::fit_to`]): a
/// 100-copy build takes half the page faults with them (each costs microseconds in a virtual machine).
/// A 2 MiB page partly used still counts whole, so a large book goes on in 4 KiB pages (issue 13: 1000
/// copies peak at 172 MiB, and would at 192 MiB in huge pages). Such a book also keeps the pages it
/// frees for its later allocations instead of purging them ([`heap::purge_after`]).
mod heap {
    use std::path::Path;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// Text read, in bytes, from which the heap is in huge pages: about four copies of the sample story
    /// (under it the pages cost more to clear than the faults they save; thirty-ninth round).
    const HUGE_PAGES_FROM: usize = 32 << 10;
    /// Text read, in bytes, up to which the heap is in huge pages: about 250 copies of the sample story
    /// (100 copies peak at 77 MiB with them, 54 MiB without).
    const HUGE_PAGES_UP_TO: usize = 2 << 20;

    /// Whether a book of `bytes` of text is built with its heap in huge pages.
    pub(crate) fn huge_pages_for(bytes: usize) -> bool {
        (HUGE_PAGES_FROM..=HUGE_PAGES_UP_TO).contains(&bytes)
    }

    /// Turns transparent huge pages off for the process; run by the dynamic loader before any other
    /// initialiser of the executable (priority 90 of `.init_array`: the standard library's own runs at
    /// 99, and unprioritised ones, jemalloc's among them, after every prioritised one), so before the
    /// allocator maps its first memory. A system that refuses the call keeps its own setting.
    #[cfg(target_os = "linux")]
    extern "C" fn small_pages_first() {
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }

    /// The entry for [`small_pages_first`] in the executable's initialisers.
    // SAFETY: `.init_array` entries are functions the loader calls with no arguments before `main`;
    // `small_pages_first` is such a function and only makes one system call, which touches no Rust state
    // (nothing of the standard library or the allocator is needed or initialised yet).
    #[cfg(target_os = "linux")]
    #[used]
    #[unsafe(link_section = ".init_array.00090")]
    static SMALL_PAGES_FIRST: extern "C" fn() = small_pages_first;

    /// Called once the book is read with the bytes of its text: from [`CACHES_FROM`] bytes the threads
    /// keep allocation caches ([`caches_on`], unless [`expect`] turned them on already); for a book
    /// [`huge_pages_for`] accepts, new
    /// memory is made in huge pages from here on (`prctl(PR_SET_THP_DISABLE, 0)`) and the pages the build
    /// frees are kept for its later allocations ([`purge_after`] -1); any other book stays in 4 KiB pages
    /// and has its freed pages purged after [`PURGE_AFTER_MS`].
    pub(crate) fn fit_to(bytes: usize) {
        if bytes >= CACHES_FROM {
            caches_on();
        }
        let huge = huge_pages_for(bytes);
        #[cfg(target_os = "linux")]
        let _ = rustix::thread::disable_transparent_huge_pages(!huge);
        purge_after(if huge { -1 } else { PURGE_AFTER_MS });
    }

    /// Text, in bytes, from which the threads keep allocation caches: as for huge pages (about four copies
    /// of the sample story).
    const CACHES_FROM: usize = HUGE_PAGES_FROM;

    /// Whether the threads keep allocation caches ([`caches_on`]).
    static CACHES: AtomicBool = AtomicBool::new(false);

    /// The allocator's per-thread caches, which the process starts without (`tcache:false` in
    /// `.cargo/config.toml`), turned on for a book of [`CACHES_FROM`] bytes or more, before it is read
    /// when the size of its story files says so, else once it is read ([`fit_to`]). A thread's cache
    /// holds freed memory of each size for the thread's next allocations, so that most of them take no
    /// lock; filling it touches memory a short book never needs: one copy of the sample takes 1.2–1.5 ms
    /// less without them (13.5–13.9 → 12.4 ms; docs/speed.md, forty-fourth round), 100 copies the same time
    /// with them turned on once the book is read, and 1000 copies 9% more time without them through
    /// the read (their threads contend for the one arena, `narenas:1`). Turned on here for the calling
    /// thread and, the first time, for rayon's (queued on each as its next job), and by
    /// [`thread_start`] for each thread a build starts after; once on, they stay on.
    pub(crate) fn caches_on() {
        thread_cache(true);
        if !CACHES.swap(true, Ordering::Relaxed) {
            rayon::spawn_broadcast(|_| thread_cache(true));
        }
    }

    /// [`caches_on`] for the book at `path` (a folder or a story file) when its story files hold
    /// [`CACHES_FROM`] bytes or more ([`huozi::story_bytes`]: the file given, or the folder's story
    /// files as the book is read); a size that cannot be read (standard input, a missing path) counts as
    /// none: the book's size is known again once it is read ([`fit_to`]).
    pub(crate) fn expect(path: &Path) {
        if huozi::story_bytes(path) >= CACHES_FROM as u64 {
            caches_on();
        }
    }

    /// Run first on each thread a build starts (`huozi::threads::on_thread_start`): the thread's
    /// allocation cache turned on once [`caches_on`] has run.
    pub(crate) fn thread_start() {
        if CACHES.load(Ordering::Relaxed) {
            thread_cache(true);
        }
    }

    /// Turns the calling thread's allocation cache on or off (jemalloc's `thread.tcache.enabled`).
    fn thread_cache(on: bool) {
        set(c"thread.tcache.enabled", on);
    }

    /// Sets jemalloc's key `name` to `value`, whose type must be the key's (`bool` for a `bool` key,
    /// `isize` for a `ssize_t` one). An allocator that refuses the setting keeps its own.
    fn set<T: Copy>(name: &std::ffi::CStr, mut value: T) {
        // SAFETY: `mallctl` with a NUL-terminated name, no old value asked for (null pointers) and the new
        // value of the key's type given by pointer with its size; jemalloc reads it during the call only.
        let _ = unsafe {
            tikv_jemalloc_sys::mallctl(
                name.as_ptr(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                (&raw mut value).cast(),
                std::mem::size_of::<T>(),
            )
        };
    }

    /// The milliseconds after which the allocator purges the pages a build has freed (`dirty_decay_ms`
    /// in `.cargo/config.toml`, which must say the same).
    const PURGE_AFTER_MS: isize = 100;

    /// Sets the time after which the allocator's one arena (`narenas:1`) hands freed pages back to the
    /// system, in milliseconds (jemalloc's `arena.0.dirty_decay_ms`); -1: never, so that the next
    /// allocation that fits reuses them. A middling book frees a page's worth of typesetting as each page
    /// is drawn and allocates as much again for the next; purged, that memory came back as fresh pages,
    /// each faulted in and cleared (100 copies of the sample: 1–4 ms of 64–69 less in the bench's cold
    /// runs; docs/speed.md, fortieth round). A larger book keeps purging, so that its peak follows what it
    /// holds, not what it has freed (1000 copies peaked at 175–179 MiB never purging, 146–171 MiB
    /// purging). An allocator that refuses the setting keeps its own.
    fn purge_after(ms: isize) {
        // `isize` is jemalloc's `ssize_t` on every platform Rust supports
        set(c"arena.0.dirty_decay_ms", ms);
    }

    #[cfg(test)]
    mod tests {
        use super::{PURGE_AFTER_MS, caches_on, fit_to, huge_pages_for, thread_start};

        /// The value of jemalloc's key `name` (of type `T`), as it reads it back.
        fn read<T: Default>(name: &std::ffi::CStr) -> T {
            let (mut value, mut len) = (T::default(), std::mem::size_of::<T>());
            // SAFETY: `mallctl` reading a key whose type is `T` into `value`, whose size `len` gives; no
            // new value.
            let status = unsafe {
                tikv_jemalloc_sys::mallctl(
                    name.as_ptr(),
                    (&raw mut value).cast(),
                    &raw mut len,
                    std::ptr::null_mut(),
                    0,
                )
            };
            assert_eq!(status, 0, "jemalloc reads {name:?}");
            value
        }

        /// The arena's purge time in milliseconds (a `ssize_t`).
        fn purge_time() -> isize {
            read(c"arena.0.dirty_decay_ms")
        }

        /// Whether the calling thread keeps an allocation cache.
        fn cached() -> bool {
            read(c"thread.tcache.enabled")
        }

        #[test]
        fn a_middling_book_keeps_its_freed_pages_and_others_purge_them() {
            // the configured time, before any book is read (`.cargo/config.toml` says the same)
            assert_eq!(purge_time(), PURGE_AFTER_MS);
            fit_to(789_900); // 100 copies
            assert_eq!(purge_time(), -1);
            fit_to(7_899_000); // 1000 copies
            assert_eq!(purge_time(), PURGE_AFTER_MS);
            fit_to(7_899); // one copy
            assert_eq!(purge_time(), PURGE_AFTER_MS);
        }

        #[test]
        fn threads_keep_allocation_caches_once_a_longer_book_turns_them_on() {
            // the process starts without them (`.cargo/config.toml`): a thread nothing turned them on for
            let plain = || std::thread::spawn(cached).join().unwrap();
            assert!(!plain());
            caches_on();
            assert!(cached());
            // a thread a build starts turns its own on (`huozi::threads::started` runs `thread_start`)
            let started = std::thread::spawn(|| {
                thread_start();
                cached()
            });
            assert!(started.join().unwrap());
            assert!(!plain());
            // and rayon's threads have theirs on once they have run what `caches_on` queued for them
            let rayon = rayon::broadcast(|_| cached());
            assert!(rayon.iter().all(|&on| on), "{rayon:?}");
        }

        #[test]
        fn only_a_middling_book_is_built_in_huge_pages() {
            assert!(!huge_pages_for(0));
            assert!(!huge_pages_for(7_899)); // one copy of the sample story
            assert!(!huge_pages_for(32 * 1024 - 1));
            assert!(huge_pages_for(32 * 1024));
            assert!(huge_pages_for(789_900)); // 100 copies
            assert!(huge_pages_for(2 << 20));
            assert!(!huge_pages_for((2 << 20) + 1));
            assert!(!huge_pages_for(7_899_000)); // 1000 copies
        }
    }
}

/// Runs the command; the exit status is 0, or the kind of the error ([`huozi::ErrorKind::exit_code`],
/// listed by `huozi --help`), 1 for a failure outside the library, 2 for a usage error (clap's).
fn main() -> ExitCode {
    huozi::threads::on_thread_start(heap::thread_start);
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(mut refused) => {
            let Some(hint) = cli::feedback::argument_hint(&refused) else {
                refused.exit()
            };
            // clap's nearest value (`epub` for `epub pdf`) would drop an edition: the hint replaces it
            refused.remove(clap::error::ContextKind::SuggestedValue);
            let _ = refused.print();
            eprintln!("huozi: hint: {hint}");
            return ExitCode::from(u8::try_from(refused.exit_code()).unwrap_or(2));
        }
    };
    if let Some(book) = book_of(&cli.command) {
        heap::expect(book);
    }
    let input = input_of(&cli.command).map(std::path::Path::to_path_buf);
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("huozi: error: {err:#}");
            let Some(err) = err.downcast_ref::<huozi::Error>() else {
                return ExitCode::FAILURE;
            };
            if let Some(hint) = input.as_deref().and_then(missing_book_hint) {
                eprintln!("huozi: hint: {hint}");
            }
            ExitCode::from(err.kind().exit_code())
        }
    }
}
