//! `tests/tools/pdfcheck.py` is a byte-for-byte copy of the project's shared checker,
//! `../shared/tools/pdfcheck.py`, so that the tests run from a plain clone. This is the one test that reads
//! outside the repository, and only when `../shared` is there: in a plain clone it passes, saying so.

use crate::common::{PDFCHECK, repo, root};

#[test]
fn the_vendored_pdfcheck_is_the_shared_one() {
    let vendored =
        std::fs::read(repo(PDFCHECK)).expect("tests/tools/pdfcheck.py is in the repository");
    let shared = root().join("../shared/tools/pdfcheck.py");
    if !shared.exists() {
        eprintln!(
            "{} does not exist (a plain clone): nothing to compare the vendored pdfcheck.py with",
            shared.display()
        );
        return;
    }
    let shared_bytes = std::fs::read(&shared).unwrap();
    assert!(
        vendored == shared_bytes,
        "tests/tools/pdfcheck.py ({} bytes) differs from {} ({} bytes): copy the shared one over it",
        vendored.len(),
        shared.display(),
        shared_bytes.len()
    );
}
