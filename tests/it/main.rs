//! huozi's integration tests: one module per subject, all linked into one test binary, `it`
//! (`cargo test --release --test it`; one module: `cargo test --release --test it build::`).
//!
//! Until issue 13's twenty-fifth round each module was a file of its own under `tests/`, which cargo
//! builds as a binary of its own: thirty binaries, each linking the library and its dependencies again
//! and each running its tests apart from the others. One binary links once, and the test harness keeps
//! both cores busy across all the modules (CI time; docs/speed.md).
//!
//! The modules share [`common`] (the repository, the `huozi` binary, the independent checkers). The
//! fixtures are in `tests/fixtures/`, the vendored PDF checker and its readers in `tests/tools/`.

mod common;

mod architecture;
mod archive;
mod book_setup;
mod build;
mod cli;
mod epub_ace;
mod epub_chromium;
mod epub_content;
mod epub_cover;
mod epub_fonts;
mod epub_long;
mod epub_navigation;
mod epub_package;
mod epub_reading;
mod fonts;
mod hostile;
mod hostile_typeset;
mod markdown_fidelity;
mod one_look;
mod output_set;
mod parse;
mod parse_md;
mod pdfcheck_vendored;
mod print;
mod proof;
mod threads;
mod typeset;
mod typeset_layout;
mod typeset_roles;
mod watch;
