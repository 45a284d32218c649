//! The command line (issue 16): the current folder as the default book, a hint when there is no book,
//! outputs named after the book's title, `-o` and `--format`, every output path checked before any work,
//! `--quiet`, `--message-format json`, `--strict` on any warning, the documented exit codes,
//! `--layout-report`, completions and manual pages.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{TOOL_DEADLINE, huozi_command, path, run_until};

/// A story that reads cleanly, and one with a warning (a zero-width space, removed and reported).
const STORY: &str =
    "冰城纪事\n\n本报讯 在外卖存放点设置泡沫保温箱，确保居民购买的食品和蔬菜不被冻坏。\n";
const WARNED: &str =
    "冰城纪事\n\n本报讯 在外卖存放点设置泡沫\u{200B}保温箱，确保居民购买的食品不被冻坏。\n";
/// A `book.toml` titling the book with punctuation the file name drops.
const BOOK_TOML: &str = "title = \"冰城战“疫”纪事\"\ndate = \"2022-12-05\"\nidentifier = \"urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf\"\n";

/// A book folder holding `book.toml` and `a.txt` (`story`).
fn book(story: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("book.toml"), BOOK_TOML).unwrap();
    std::fs::write(dir.path().join("a.txt"), story).unwrap();
    dir
}

/// `huozi args…` run in `cwd`, without `HUOZI_NAME` (so outputs take the title's name).
fn huozi_in(cwd: &Path, args: &[&str]) -> Output {
    let mut cmd = huozi_command();
    cmd.current_dir(cwd).env_remove("HUOZI_NAME").args(args);
    run_until(cmd, TOOL_DEADLINE)
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts that `o` exited with `code` and its stderr holds `text`.
fn fails_saying(o: &Output, code: i32, text: &str) {
    assert_eq!(o.status.code(), Some(code), "{}", stderr(o));
    assert!(stderr(o).contains(text), "{text:?} not in: {}", stderr(o));
}

#[test]
fn build_reads_the_current_folder_and_names_the_outputs_after_the_title() {
    let dir = book(STORY);
    let o = huozi_in(dir.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        names(&dir.path().join("out")),
        ["冰城战疫纪事.epub", "冰城战疫纪事.pdf"]
    );
    common::assert_epubcheck_clean(&dir.path().join("out/冰城战疫纪事.epub"));
    assert!(stderr(&o).contains("wrote out/冰城战疫纪事.epub, out/冰城战疫纪事.pdf (4 pages)"));
    assert!(
        !stderr(&o).contains(['\r', '\u{1b}']),
        "no progress bar into a pipe"
    );
    let o = huozi_in(dir.path(), &["build", "--name", "book", "--format", "epub"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = names(&dir.path().join("out"));
    assert_eq!(
        out,
        ["book.epub", "冰城战疫纪事.epub", "冰城战疫纪事.pdf"],
        "the EPUB only, beside"
    );
    // the name other tools give an output folder is accepted for `--out`
    let o = huozi_in(
        dir.path(),
        &["build", "--output-dir", "elsewhere", "--format", "pdf"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(names(&dir.path().join("elsewhere")), ["冰城战疫纪事.pdf"]);
    let o = huozi_in(dir.path(), &["check"]);
    assert!(
        o.status.success(),
        "check reads the current folder: {}",
        stderr(&o)
    );
}

#[test]
fn dash_o_writes_only_that_file() {
    let dir = book(STORY);
    let before = names(dir.path());
    let o = huozi_in(dir.path(), &["build", "--format", "pdf", "-o", "x.pdf"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut after = before.clone();
    after.push("x.pdf".into());
    after.sort();
    assert_eq!(names(dir.path()), after, "only x.pdf is new");
    let folder = dir.path().file_name().unwrap().to_string_lossy();
    let beside = dir
        .path()
        .parent()
        .unwrap()
        .join(format!(".{folder}.huozi.lock"));
    assert!(
        !beside.exists(),
        "no lock beside the folder: {}",
        beside.display()
    );
    assert_eq!(common::pdf_pages(&dir.path().join("x.pdf")), 4);
    let o = huozi_in(dir.path(), &["build", "-o", "x.epub"]);
    assert!(o.status.success(), "{}", stderr(&o));
    common::assert_epubcheck_clean(&dir.path().join("x.epub"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn bad_output_paths_fail_before_anything_is_written() {
    let dir = book(STORY);
    let before = names(dir.path());
    for (args, message) in [
        (
            &["build", "--layout-json", "nodir/x.json"][..],
            "nodir/x.json: the folder nodir does not exist",
        ),
        (&["build", "-o", "x.txt"], "its extension picks the edition"),
        (
            &["build", "-o", "nodir/x.pdf"],
            "the folder nodir does not exist",
        ),
        (
            &["build", "-o", "x.pdf", "--format", "epub"],
            "--format asks for epub",
        ),
        (&["build", "--name", "../x"], "--name is a file name"),
    ] {
        let o = huozi_in(dir.path(), args);
        assert_eq!(o.status.code(), Some(3), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
        assert_eq!(names(dir.path()), before, "{args:?} wrote nothing");
        assert!(
            !stderr(&o).contains(".huozi"),
            "no temporary name: {}",
            stderr(&o)
        );
    }
}

/// `--format epub pdf` (the editions written apart): `pdf` is taken for the book's path (a missing one),
/// or, after a path, refused as an unexpected argument; `--format 'epub pdf'` is refused as a value. Each
/// is a usage error (exit 2) whose hint names the comma-joined list, and nothing is written. Another
/// unexpected argument or value gets no hint.
#[test]
fn editions_written_apart_get_the_comma_hint() {
    let dir = book(STORY);
    let hinted = |o: &Output| {
        stderr(o).contains("huozi: hint: name the editions as one argument")
            && stderr(o).contains("--format epub,pdf")
            && !stderr(o).contains("huozi new")
    };
    let o = huozi_in(dir.path(), &["build", "--format", "epub", "pdf"]);
    assert_eq!(o.status.code(), Some(2), "a usage error: {}", stderr(&o));
    assert!(hinted(&o), "{}", stderr(&o));
    for joined in ["epub pdf", "pdf;epub"] {
        let o = huozi_in(dir.path(), &["build", "--format", joined]);
        assert_eq!(o.status.code(), Some(2), "{joined}: {}", stderr(&o));
        assert!(stderr(&o).contains("invalid value"), "{}", stderr(&o));
        assert!(hinted(&o), "{joined}: {}", stderr(&o));
        // not clap's nearest value, which names one edition
        assert!(!stderr(&o).contains("similar value"), "{}", stderr(&o));
    }
    assert!(!dir.path().join("out").exists());
    // spaces around the comma and capitals are read as the editions' names
    let o = huozi_in(
        dir.path(),
        &["build", "--format", "epub, PDF", "--name", "b"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(names(&dir.path().join("out")), ["b.epub", "b.pdf"]);
    std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    let o = huozi_in(dir.path(), &["build", "--format", "epub docx"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stderr(&o).contains("huozi: hint:"), "{}", stderr(&o));
    let o = huozi_in(dir.path(), &["build", ".", "--format", "epub", "pdf"]);
    assert_eq!(o.status.code(), Some(2), "a usage error: {}", stderr(&o));
    assert!(
        stderr(&o).contains("unexpected argument 'pdf'"),
        "{}",
        stderr(&o)
    );
    assert!(hinted(&o), "{}", stderr(&o));
    assert!(!dir.path().join("out").exists());
    let o = huozi_in(dir.path(), &["build", "--bogus"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stderr(&o).contains("huozi: hint:"), "{}", stderr(&o));
}

#[test]
fn a_folder_without_a_book_hints_at_huozi_new() {
    let empty = tempfile::tempdir().unwrap();
    let o = huozi_in(empty.path(), &["build"]);
    assert_eq!(o.status.code(), Some(3), "an input error: {}", stderr(&o));
    assert!(
        stderr(&o).contains("huozi: hint:") && stderr(&o).contains("huozi new"),
        "{}",
        stderr(&o)
    );
    let o = huozi_in(empty.path(), &["check", "nothing-here"]);
    assert_eq!(o.status.code(), Some(6), "an I/O error: {}", stderr(&o));
    assert!(
        stderr(&o).contains("`huozi new nothing-here`"),
        "{}",
        stderr(&o)
    );
    assert!(names(empty.path()).is_empty());
    // a story file's name mistyped: the story file of the nearest name, not `huozi new`
    let dir = book(STORY);
    let o = huozi_in(dir.path(), &["build", "a.tx"]);
    fails_saying(
        &o,
        6,
        "huozi: hint: a.tx does not exist; did you mean a.txt?",
    );
    // a story file named that is not there and nothing near it: no folder of that name to make
    let o = huozi_in(dir.path(), &["build", "zzzz.txt"]);
    fails_saying(
        &o,
        6,
        "zzzz.txt does not exist; name a story file or a book's folder",
    );
    assert!(!stderr(&o).contains("huozi new zzzz.txt"), "{}", stderr(&o));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn message_format_json_lists_outputs_pages_timings_and_warnings() {
    let dir = book(WARNED);
    let o = huozi_in(dir.path(), &["build", "--message-format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON object");
    assert_eq!(summary["success"], true);
    let outputs: Vec<(&str, &str)> = summary["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["kind"].as_str().unwrap(), o["path"].as_str().unwrap()))
        .collect();
    assert_eq!(
        outputs,
        [
            ("epub", "out/冰城战疫纪事.epub"),
            ("pdf", "out/冰城战疫纪事.pdf")
        ]
    );
    assert_eq!(summary["pages"], 4);
    let timings = &summary["timings_ms"];
    let total = timings["total"].as_u64().unwrap();
    let parts: u64 = ["read", "set", "write"]
        .iter()
        .map(|k| timings[k].as_u64().unwrap())
        .sum();
    assert!(total.abs_diff(parts) <= 2, "{timings}");
    let warnings = summary["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["kind"], "input");
    assert_eq!(warnings[0]["file"], path(&Path::new(".").join("a.txt")));
    assert_eq!(warnings[0]["line"], 3);
    assert!(
        warnings[0]["message"].as_str().unwrap().contains("U+200B"),
        "{warnings:?}"
    );
    assert!(
        stderr(&o).is_empty(),
        "json mode: nothing on stderr: {}",
        stderr(&o)
    );
}

#[test]
fn strict_with_a_warning_exits_7_and_writes_nothing() {
    let dir = book(WARNED);
    let o = huozi_in(dir.path(), &["build", "--strict"]);
    assert_eq!(o.status.code(), Some(7), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--strict makes them errors"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("a.txt:3"), "{}", stderr(&o));
    assert_eq!(names(dir.path()), ["a.txt", "book.toml"], "nothing written");
    let o = huozi_in(
        dir.path(),
        &["build", "--strict", "--message-format", "json"],
    );
    assert_eq!(o.status.code(), Some(7));
    let error: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(error["success"], false);
    assert_eq!(error["error"]["kind"], "strict");
    assert_eq!(error["error"]["exit_code"], 7);
    let clean = book(STORY);
    let o = huozi_in(clean.path(), &["build", "--strict", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "--quiet: {}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn each_kind_of_error_has_its_exit_code() {
    let dir = book(STORY);
    std::fs::write(
        dir.path().join("style.toml"),
        "[page]\nwidth-mm = \"wide\"\n",
    )
    .unwrap();
    let o = huozi_in(dir.path(), &["build", "--style", "style.toml"]);
    assert_eq!(o.status.code(), Some(4), "a style error: {}", stderr(&o));
    let o = huozi_in(dir.path(), &["build", "--style", "none.toml"]);
    assert_eq!(o.status.code(), Some(6), "an I/O error: {}", stderr(&o));
    std::fs::write(dir.path().join("book.toml"), "title = \n").unwrap();
    let o = huozi_in(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(3), "an input error: {}", stderr(&o));
    let rare = tempfile::tempdir().unwrap();
    std::fs::write(
        rare.path().join("a.txt"),
        "缺字的报道\n本报记者 李明\n\n生僻字𰀀在这里。\n",
    )
    .unwrap();
    let empty = tempfile::tempdir().unwrap();
    let fonts = ["--font-path", path(empty.path()), "--no-system-fonts"];
    let o = huozi_in(
        rare.path(),
        &[&["build", "--strict"][..], &fonts[..]].concat(),
    );
    assert_eq!(o.status.code(), Some(5), "a coverage error: {}", stderr(&o));
    assert!(
        stderr(&o).contains("huozi: hint: put a font file that has these characters in a folder")
            && stderr(&o).contains("--font-path DIR"),
        "{}",
        stderr(&o)
    );
    let o = huozi_in(rare.path(), &["build", "--bogus"]);
    assert_eq!(o.status.code(), Some(2), "a usage error");
    assert_eq!(names(rare.path()), ["a.txt"]);
}

#[test]
fn the_layout_report_names_the_file_line_and_column_of_each_line_to_look_at() {
    let dir = tempfile::tempdir().unwrap();
    let word = format!("Pneumono{}", "x".repeat(80));
    let story = format!(
        "# 长词测试\n\n本段文字用来测试紧急断行：{word} 之后还有一些文字，看看报告是否指出正确的行号。\n"
    );
    std::fs::write(dir.path().join("a.md"), story).unwrap();
    let o = huozi_in(dir.path(), &["build", "--layout-report"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines[0], "layout report: 2 line(s) to look at", "{report}");
    assert!(
        lines[1].starts_with("  ./a.md:3:1: page 2: loose line, Han characters"),
        "the line spread before the long word: {report}"
    );
    assert!(
        lines[2].starts_with(
            "  ./a.md:3:12: page 2: a word broken at the line's end (emergency break): 行：Pneumono"
        ),
        "{report}"
    );
    let o = huozi_in(
        dir.path(),
        &["build", "--layout-report", "--message-format", "json"],
    );
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let notes = summary["layout_report"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["fault"]["kind"], "loose");
    assert!(notes[0]["fault"]["pitch_em"].as_f64().unwrap() > 1.15);
    assert_eq!(notes[1]["fault"]["kind"], "broken-word");
    assert_eq!(
        (notes[1]["line"].as_u64(), notes[1]["column"].as_u64()),
        (Some(3), Some(12))
    );
    assert_eq!(notes[1]["page"], 2);
    let sample = huozi_in(
        &common::root(),
        &[
            "build",
            "content",
            "--layout-report",
            "-o",
            path(&dir.path().join("c.pdf")),
        ],
    );
    let report = String::from_utf8_lossy(&sample.stdout);
    assert_eq!(
        report, "layout report: 0 line(s) to look at\n",
        "content/ sets no loose line"
    );
}

#[test]
fn completions_and_manual_pages_come_from_the_command_line_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let o = huozi_in(tmp.path(), &["completions", "bash"]);
    assert!(o.status.success());
    let script = String::from_utf8_lossy(&o.stdout);
    for option in [
        "--message-format",
        "--layout-report",
        "--format",
        "completions",
    ] {
        assert!(script.contains(option), "{option}");
    }
    let file = tmp.path().join("huozi.bash");
    std::fs::write(&file, script.as_bytes()).unwrap();
    let (ok, out) = common::run("bash", &["-n", path(&file)]);
    assert!(ok, "bash -n: {out}");
    let o = huozi_in(tmp.path(), &["man"]);
    let page = String::from_utf8_lossy(&o.stdout);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq \\(aq") || page.contains(".TH huozi 1"),
        "{page}"
    );
    assert!(
        page.contains(".SH \"EXIT STATUS\"") || page.contains(".SH EXIT STATUS"),
        "{page}"
    );
    let o = huozi_in(tmp.path(), &["man", "build"]);
    let build = String::from_utf8_lossy(&o.stdout);
    assert!(build.contains(".TH huozi-build 1"), "{build}");
    assert!(build.contains("layout\\-report"), "{build}");
    let o = huozi_in(tmp.path(), &["man", "--dir", "man1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pages = names(&tmp.path().join("man1"));
    for page in ["huozi.1", "huozi-build.1", "huozi-check.1", "huozi-man.1"] {
        assert!(pages.contains(&page.to_string()), "{pages:?}");
    }
}

#[test]
fn help_ends_with_examples_and_the_exit_codes() {
    let o = Command::new(env!("CARGO_BIN_EXE_huozi"))
        .args(["build", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(help.contains("Examples:\n  huozi build "), "{help}");
    assert!(help.contains("  7  --strict: a warning"), "{help}");
}

#[test]
fn a_new_book_builds_in_its_folder_named_after_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let o = huozi_in(tmp.path(), &["new", "mybook"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let book = tmp.path().join("mybook");
    let o = huozi_in(&book, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(names(&book.join("out")), ["mybook.epub", "mybook.pdf"]);
    common::assert_epubcheck_clean(&book.join("out/mybook.epub"));
    let before = names(&book);
    let o = huozi_in(&book, &["build", "--format", "pdf", "-o", "x.pdf"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut after = before.clone();
    after.push("x.pdf".into());
    after.sort();
    assert_eq!(names(&book), after, "only x.pdf is new");
}

/// `huozi build - --out OUT` started with a pipe for its story on standard input (its standard error
/// piped, its standard output dropped).
fn build_from_standard_input(out: &std::path::Path) -> std::process::Child {
    use std::process::Stdio;
    huozi_command()
        .args(["build", "-", "--out"])
        .arg(out)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The process starts with transparent huge pages off, before the allocator maps its first memory, and a
/// build turns them on only once it has read a book of middling size (issue 13: a 2 MiB page a short
/// book hardly uses costs more to clear than it saves): a build waiting for its story on standard input
/// shows `THP_enabled: 0` in its `/proc` status (Linux 5.0 and later print the line). The story then
/// builds as usual.
#[cfg(target_os = "linux")]
#[test]
fn a_build_starts_with_its_heap_out_of_huge_pages() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut child = build_from_standard_input(&dir.path().join("out"));
    let status = format!("/proc/{}/status", child.id());
    // the field is read until the process has run its initialisers (it then waits for standard input)
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let thp = loop {
        let text = std::fs::read_to_string(&status).unwrap();
        let line = text.lines().find(|l| l.starts_with("THP_enabled:"));
        let value = line
            .expect("Linux 5.0 or later prints THP_enabled")
            .split_whitespace()
            .nth(1);
        if value == Some("0") || std::time::Instant::now() > deadline {
            break value.map(str::to_owned);
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let story = "江边冬泳人\n□本报记者 林小雨\n清晨七点，江边的冬泳爱好者已经到了。\n";
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(story.as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        thp.as_deref(),
        Some("0"),
        "{status} while the build waits for its story"
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("out/book.pdf").is_file());
}

/// A story read from empty standard input is an input error (exit 3) without the hint about a missing
/// book folder, which `-` is not (a new-user trial was told "`huozi new -` makes a book folder").
#[test]
fn empty_standard_input_fails_without_a_folder_hint() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut child = build_from_standard_input(&dir.path().join("out"));
    child.stdin.take().unwrap().write_all(b"").unwrap();
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("huozi: error:"), "{err}");
    assert!(!err.contains("hint"), "{err}");
    assert!(!dir.path().join("out").exists());
}
