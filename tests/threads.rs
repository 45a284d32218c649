//! Stories are typeset in parallel (rayon); the EPUB and the PDF are the same bytes on one thread as on
//! two (issue 13).

mod common;

use std::path::{Path, PathBuf};

use common::{SAMPLE, STRESS, huozi_command, repo, run_until};

/// Builds `input` into `out` with rayon limited to `threads` and returns the EPUB's and the PDF's bytes.
fn build(input: &Path, out: &Path, threads: usize) -> (Vec<u8>, Vec<u8>) {
    let mut cmd = huozi_command();
    cmd.env("RAYON_NUM_THREADS", threads.to_string())
        .arg("build")
        .arg(input)
        .arg("--out")
        .arg(out);
    let done = run_until(cmd, common::TOOL_DEADLINE);
    assert!(
        done.status.success(),
        "huozi build {} on {threads} thread(s) failed: {}",
        input.display(),
        String::from_utf8_lossy(&done.stderr)
    );
    let read = |name: &str| std::fs::read(out.join(name)).unwrap();
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
