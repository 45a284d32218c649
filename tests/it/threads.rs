//! Stories are typeset in parallel (rayon); the EPUB and the PDF are the same bytes on one thread as on
//! two (issue 13). A longer book's PDF is drawn while the book is made up, story by story: it is the
//! same bytes on one thread as on two, and shows what the PDF written after the make-up shows.

use crate::common;

use std::path::{Path, PathBuf};

use crate::common::{SAMPLE, STRESS, huozi_command, path, pdf_pages, repo, run, run_until};

/// Builds `input` into `out` with rayon limited to `threads` and returns the EPUB's and the PDF's bytes.
fn build(input: &Path, out: &Path, threads: usize) -> (Vec<u8>, Vec<u8>) {
    build_with(input, out, threads, &[])
}

/// As [`build`], with the build's further arguments `args`; an edition not built reads as empty.
fn build_with(input: &Path, out: &Path, threads: usize, args: &[&str]) -> (Vec<u8>, Vec<u8>) {
    let mut cmd = huozi_command();
    cmd.env("RAYON_NUM_THREADS", threads.to_string())
        .arg("build")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(args);
    let done = run_until(cmd, common::TOOL_DEADLINE);
    assert!(
        done.status.success(),
        "huozi build {} on {threads} thread(s) failed: {}",
        input.display(),
        String::from_utf8_lossy(&done.stderr)
    );
    let read = |name: &str| std::fs::read(out.join(name)).unwrap_or_default();
    (read("book.epub"), read("book.pdf"))
}

#[test]
fn one_thread_and_two_threads_write_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    // a book of several stories, so that two threads really share the work: the sample's stories and the
    // stress story, with content/'s book.toml
    let several = dir.path().join("several");
    std::fs::create_dir(&several).unwrap();
    for (from, to) in [
        ("content/book.toml", "book.toml"),
        (SAMPLE, "01.txt"),
        (STRESS, "02.txt"),
        (SAMPLE, "03.txt"),
    ] {
        std::fs::copy(repo(from), several.join(to)).unwrap();
    }
    let inputs: [PathBuf; 3] = [repo("content"), repo(STRESS), several];
    for (k, input) in inputs.iter().enumerate() {
        let one = build(input, &dir.path().join(format!("{k}-1")), 1);
        let two = build(input, &dir.path().join(format!("{k}-2")), 2);
        assert!(
            one.0.len() > 10_000 && one.1.len() > 10_000,
            "{k}: small output"
        );
        assert!(
            one.0 == two.0,
            "{}: the EPUB differs between 1 and 2 threads",
            input.display()
        );
        assert!(
            one.1 == two.1,
            "{}: the PDF differs between 1 and 2 threads",
            input.display()
        );
    }
}

/// A book of `copies` copies of the sample (one story file each) with content/'s book.toml, in `dir`.
fn copies(dir: &Path, copies: usize) -> PathBuf {
    let book = dir.join(format!("copies-{copies}"));
    std::fs::create_dir(&book).unwrap();
    std::fs::copy(repo("content/book.toml"), book.join("book.toml")).unwrap();
    for k in 0..copies {
        std::fs::copy(repo(SAMPLE), book.join(format!("{k:03}.txt"))).unwrap();
    }
    book
}

/// The blocks of the book at `book` (`huozi parse --to json`): over 600 (a short book's), a book's PDF is
/// drawn while it is made up.
fn blocks(book: &Path) -> usize {
    let out = common::huozi_ok([
        "parse".as_ref(),
        book.as_os_str(),
        "--to".as_ref(),
        "json".as_ref(),
    ]);
    let parsed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (parsed["stories"].as_array().unwrap().iter())
        .map(|s| s["blocks"].as_array().unwrap().len())
        .sum()
}

#[test]
fn a_long_book_drawn_while_it_is_made_up_is_the_pdf_drawn_after() {
    // 40 copies of the sample hold 840 blocks (21 a copy): past the 600 of a short book, so both
    // editions are written with the PDF's story pages drawn as they are made up; `--format pdf` writes
    // the PDF after the make-up, from the whole document
    let dir = tempfile::tempdir().unwrap();
    let book = copies(dir.path(), 40);
    assert_eq!(blocks(&book), 840);
    let one = build(&book, &dir.path().join("one"), 1);
    let two = build(&book, &dir.path().join("two"), 2);
    assert!(one.1.len() > 200_000, "a small PDF: {} bytes", one.1.len());
    assert!(one == two, "the editions differ between 1 and 2 threads");
    let after = build_with(&book, &dir.path().join("after"), 2, &["--format", "pdf"]);
    assert!(after.0.is_empty(), "--format pdf wrote an EPUB");
    let (fed, written) = (
        dir.path().join("two/book.pdf"),
        dir.path().join("after/book.pdf"),
    );
    let pages = pdf_pages(&fed);
    assert_eq!(pages, pdf_pages(&written));
    assert!(pages > 100, "{pages} pages");
    // the same text, page by page, and the same outline and page labels
    let text = |pdf: &Path| run("pdftotext", &["-layout", path(pdf), "-"]);
    let (fed_text, written_text) = (text(&fed), text(&written));
    assert!(fed_text.0 && written_text.0, "pdftotext failed");
    assert_eq!(
        fed_text.1.matches('\u{c}').count(),
        pages,
        "a page's text is missing"
    );
    assert!(fed_text.1 == written_text.1, "the text differs");
    for tool in [["pdfinfo", "-meta"], ["qpdf", "--check"]] {
        let (ok, said) = run(tool[0], &[tool[1], path(&fed)]);
        assert!(ok, "{} {}: {said}", tool[0], tool[1]);
    }
    // every page drawn the same: the title page, the contents (drawn last), a story's pages, the
    // colophon (the last page)
    let look = |pdf: &Path, page: usize, to: &str| {
        let p = page.to_string();
        let out = dir.path().join(to);
        let args = [
            "-r",
            "30",
            "-gray",
            "-f",
            &p,
            "-l",
            &p,
            path(pdf),
            path(&out),
        ];
        let (ok, said) = run("pdftoppm", &args);
        assert!(ok, "pdftoppm: {said}");
        let shot = std::fs::read_dir(dir.path()).unwrap().flatten();
        let shot = shot
            .map(|e| e.path())
            .find(|f| {
                f.to_str()
                    .is_some_and(|f| f.contains(to) && f.ends_with(".pgm"))
            })
            .unwrap();
        let bytes = std::fs::read(&shot).unwrap();
        std::fs::remove_file(shot).unwrap();
        bytes
    };
    for page in [1, 2, 3, 20, pages / 2, pages] {
        assert!(
            look(&fed, page, "fed") == look(&written, page, "written"),
            "page {page} looks different"
        );
    }
}

/// Every character on the pages of `pdf` (`pdftotext`), counted, spaces and page breaks left out.
fn characters(pdf: &Path) -> std::collections::BTreeMap<char, usize> {
    let (ok, text) = run("pdftotext", &[path(pdf), "-"]);
    assert!(ok, "pdftotext: {text}");
    let mut counts = std::collections::BTreeMap::new();
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '\u{c}') {
        *counts.entry(c).or_insert(0) += 1;
    }
    counts
}

#[test]
fn a_long_book_drawn_while_it_is_made_up_keeps_its_runs_for_the_imposition_and_the_layout() {
    // the imposition, the layout JSON and the layout report read the pages' glyph runs after the
    // make-up: a long book's story pages, drawn as they are made up, must come back with them
    let dir = tempfile::tempdir().unwrap();
    let book = copies(dir.path(), 40);
    let word = format!("Pneumono{}", "x".repeat(80));
    let story = format!("# 长词测试\n\n本段文字用来测试紧急断行：{word} 之后还有一些文字。\n");
    std::fs::write(book.join("000.md"), story).unwrap();
    assert!(blocks(&book) > 600, "a short book");
    let out = dir.path().join("asked");
    let layout = out.join("layout.json");
    let asked = [
        "--impose",
        "saddle",
        "--layout-json",
        path(&layout),
        "--layout-report",
    ];
    std::fs::create_dir(&out).unwrap();
    let editions = build_with(&book, &out, 2, &asked);
    // the editions are those of a build that asks for none of it
    assert!(build(&book, &dir.path().join("plain"), 2) == editions);
    // every page once on the press sheets, with all of its text
    let (pdf, imposed) = (out.join("book.pdf"), out.join("book-imposed.pdf"));
    let on_pages = characters(&pdf);
    assert!(on_pages.values().sum::<usize>() > 100_000, "a short text");
    assert!(
        characters(&imposed) == on_pages,
        "the imposed sheets' text differs"
    );
    // every line's runs in the layout JSON, with their glyphs
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&layout).unwrap()).unwrap();
    let mut lines = 0;
    for page in json["pages"].as_array().unwrap() {
        for line in page["lines"].as_array().unwrap() {
            lines += 1;
            let runs = line["runs"].as_array().unwrap();
            let text: String = runs.iter().map(|r| r["text"].as_str().unwrap()).collect();
            assert_eq!(
                text,
                line["text"].as_str().unwrap(),
                "page {}",
                page["folio"]
            );
            for run in runs.iter().filter(|r| r["text"] != "") {
                assert!(!run["glyphs"].as_array().unwrap().is_empty(), "{run}");
            }
        }
    }
    assert!(lines > 3_000, "{lines} lines");
    // the layout report finds the loose line before the long word, as after a PDF-only build
    let report = |args: &[&str]| {
        let mut cmd = huozi_command();
        cmd.arg("build")
            .arg(&book)
            .arg("--out")
            .arg(dir.path().join("report"));
        cmd.args(["--layout-report"]).args(args);
        let done = run_until(cmd, common::TOOL_DEADLINE);
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        let said = String::from_utf8_lossy(&done.stdout).into_owned();
        said.lines()
            .filter(|l| !l.starts_with("wrote "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    std::fs::create_dir(dir.path().join("report")).unwrap();
    let both = report(&[]);
    assert!(
        both.starts_with("layout report: 2 line(s) to look at"),
        "{both}"
    );
    assert!(
        both.contains("/000.md:3:1: page") && both.contains("loose line"),
        "{both}"
    );
    assert_eq!(both, report(&["--format", "pdf"]));
}
