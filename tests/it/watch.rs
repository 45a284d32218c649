//! `huozi watch` (issue 16, acceptance 4): started on a temporary copy of `content/`, an edit of the story
//! shows in the new PDF's text (pdftotext) within 2 s; a syntax error in book.toml is reported and the
//! watcher keeps running, rebuilding on the next edit; `--open` opens the PDF once, through the system's
//! `xdg-open` (here a stand-in that records what it was asked to open).

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::{huozi_command, path, repo, run};

/// The watcher, killed when the test ends however it ends.
struct Watcher {
    child: Child,
    stderr: PathBuf,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Watcher {
    /// What the watcher printed so far.
    fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Waits (at most `limit`) until the log holds `needle` `times` times or more.
    fn wait_for(&mut self, needle: &str, times: usize, limit: Duration) {
        let started = Instant::now();
        while self.log().matches(needle).count() < times {
            assert!(
                started.elapsed() < limit,
                "no {times}× `{needle}` in {} s; the watcher printed:\n{}",
                limit.as_secs(),
                self.log()
            );
            self.assert_running();
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn assert_running(&mut self) {
        let status = self.child.try_wait().expect("wait for the watcher");
        assert!(
            status.is_none(),
            "the watcher stopped ({status:?}):\n{}",
            self.log()
        );
    }
}

/// A copy of `content/` (book.toml and the sample story) in `dir`; returns the story's path.
fn copy_book(dir: &Path) -> PathBuf {
    let mut story = None;
    for entry in std::fs::read_dir(repo("content")).expect("content/") {
        let from = entry.expect("entry").path();
        let to = dir.join(from.file_name().expect("name"));
        std::fs::copy(&from, &to).expect("copy");
        if to.extension().is_some_and(|e| e == "txt") {
            story = Some(to);
        }
    }
    story.expect("content/ holds a story")
}

/// Starts `huozi watch BOOK --out BOOK/out --no-system-fonts` plus `extra`, with `path_dir` first on
/// PATH, and waits until it watches.
fn start(book: &Path, extra: &[&str], path_dir: &Path) -> Watcher {
    let stderr = book.join("watch.log");
    let mut cmd = huozi_command();
    let search = format!(
        "{}:{}",
        path(path_dir),
        std::env::var("PATH").unwrap_or_default()
    );
    cmd.args(["watch", path(book), "--out"])
        .arg(book.join("out"))
        .arg("--no-system-fonts")
        .args(extra)
        .env("PATH", search)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr).expect("log"));
    let mut watcher = Watcher {
        child: cmd.spawn().expect("start huozi watch"),
        stderr,
    };
    watcher.wait_for("watching", 1, Duration::from_secs(120));
    watcher
}

/// The text of the one PDF in `out` (the name follows the book; whatever it is, there is one).
fn pdf_text(out: &Path) -> String {
    let pdfs: Vec<PathBuf> = std::fs::read_dir(out)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                .collect()
        })
        .unwrap_or_default();
    match pdfs.as_slice() {
        [pdf] => {
            let (ok, text) = run("pdftotext", &[path(pdf), "-"]);
            if ok { text } else { String::new() }
        }
        _ => String::new(),
    }
}

/// Replaces `from` with `to` in the file at `path` (written in place, as an editor saves).
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} holds no `{from}`", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

/// Waits until the PDF in `out` holds `marker`; returns how long that took. Fails after `limit`.
fn wait_for_text(watcher: &Watcher, out: &Path, marker: &str, limit: Duration) -> Duration {
    let started = Instant::now();
    loop {
        if pdf_text(out).contains(marker) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < limit,
            "the PDF does not show `{marker}` {} s after the edit; the watcher printed:\n{}",
            limit.as_secs_f64(),
            watcher.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn an_edit_rebuilds_within_two_seconds_and_a_broken_book_toml_does_not_stop_the_watch() {
    let dir = tempfile::tempdir().expect("temp dir");
    let story = copy_book(dir.path());
    let out = dir.path().join("out");
    let mut watcher = start(dir.path(), &[], dir.path());
    watcher.wait_for("wrote", 1, Duration::from_secs(60));
    assert!(pdf_text(&out).contains("在外卖存放点"), "first build");

    // An edit of the story shows in the PDF within 2 s.
    edit(&story, "在外卖存放点", "在外卖寄存点");
    let took = wait_for_text(&watcher, &out, "在外卖寄存点", Duration::from_secs(2));
    eprintln!("the edit showed in the PDF after {} ms", took.as_millis());

    // A syntax error in book.toml: reported with its line, the watcher goes on, the PDF stays.
    let book_toml = dir.path().join("book.toml");
    let good = std::fs::read_to_string(&book_toml).expect("book.toml");
    std::fs::write(&book_toml, format!("{good}\ntitle = \n")).expect("break book.toml");
    watcher.wait_for("TOML parse error", 1, Duration::from_secs(10));
    let log = watcher.log();
    assert!(
        log.contains("huozi: error:") && log.contains("book.toml"),
        "the error names book.toml:\n{log}"
    );
    watcher.assert_running();
    assert!(
        pdf_text(&out).contains("在外卖寄存点"),
        "the last good PDF stays"
    );

    // Mended, and edited again: rebuilt.
    std::fs::write(&book_toml, &good).expect("mend book.toml");
    edit(&story, "保温箱", "保暖箱");
    wait_for_text(&watcher, &out, "保暖箱", Duration::from_secs(2));
    watcher.assert_running();

    // Reading the book (each build does) is no change: the watch settles instead of building forever.
    std::thread::sleep(Duration::from_millis(600));
    let builds = watcher.log().matches("wrote").count();
    std::thread::sleep(Duration::from_millis(1000));
    assert_eq!(
        watcher.log().matches("wrote").count(),
        builds,
        "builds without a change:\n{}",
        watcher.log()
    );
}

#[test]
fn open_opens_the_pdf_once_with_the_system_viewer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("book");
    std::fs::create_dir(&book).expect("book folder");
    let story = copy_book(&book);
    // A stand-in for the system's xdg-open that records what it was asked to open.
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).expect("bin");
    let opened = dir.path().join("opened.txt");
    let script = bin.join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$1\" >> '{}'\n", path(&opened)),
    )
    .expect("script");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");

    let mut watcher = start(&book, &["--open"], &bin);
    watcher.wait_for("wrote", 1, Duration::from_secs(60));
    edit(&story, "在外卖存放点", "在外卖寄存点");
    watcher.wait_for("wrote", 2, Duration::from_secs(10));
    let started = Instant::now();
    while !opened.exists() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let calls = std::fs::read_to_string(&opened).unwrap_or_default();
    let lines: Vec<&str> = calls.lines().collect();
    assert_eq!(lines.len(), 1, "opened once, not per build: {calls:?}");
    assert!(
        lines[0].ends_with(".pdf") && Path::new(lines[0]).exists(),
        "the PDF was opened: {calls:?}"
    );
}
