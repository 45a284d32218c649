//! The library's copy (`huozi archive`): a BagIt bag (RFC 8493) that repository software (DSpace,
//! Archivematica, Fedora) ingests without retyping anything.
//!
//! ```text
//! bag/
//!   bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
//!   data/book.pdf        PDF/A-2a and PDF/UA-1
//!   data/book.epub
//!   data/source/…        the files the book was made from, byte for byte, by their path in the book folder
//!   data/metadata/dc.xml     Dublin Core: the book and each story
//!   data/metadata/mods.xml   MODS 3.6: the book, each story a constituent with its newspaper as host
//! ```
//!
//! The records are payload, in `data/metadata/` as in Archivematica's own transfer bags, checksummed with
//! the files they describe.
//!
//! `bag-info.txt` gives `Source-Organization` (the publisher), `External-Description` (the title),
//! `External-Identifier` (the book's identifier), `Bagging-Date` (the book's date, so two runs give the same
//! bag), `Bag-Software-Agent` and `Payload-Oxum`. [`records`] writes the records, [`bag`] the bag.

mod bag;
mod records;

pub(crate) use bag::write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Book;

/// The bag's files, by path, for `book` with its two editions and its `sources` (each file's path in
/// the book folder, `/`-separated, and its bytes).
pub(crate) fn files(
    book: &Book,
    (pdf, epub): (Vec<u8>, Vec<u8>),
    sources: Vec<(String, Vec<u8>)>,
) -> BTreeMap<String, Vec<u8>> {
    let meta = &book.meta;
    let mut b = bag::Bag::default();
    b.payload("book.pdf", pdf);
    b.payload("book.epub", epub);
    for (path, bytes) in sources {
        b.payload(&format!("source/{path}"), bytes);
    }
    b.payload("metadata/dc.xml", records::dublin_core(book).into_bytes());
    b.payload("metadata/mods.xml", records::mods(book).into_bytes());
    if let Some(publisher) = &meta.publisher {
        b.info("Source-Organization", publisher);
    }
    b.info("External-Description", &meta.full_title());
    b.info("External-Identifier", &meta.identifier);
    b.info("Bagging-Date", &meta.date.to_string());
    b.info(
        "Bag-Software-Agent",
        concat!("huozi ", env!("CARGO_PKG_VERSION")),
    );
    b.finish()
}

/// Reads the source files of a book given as `input` (a folder or one story file): `files` (what the
/// parser read) and the `images` the book shows (and its cover), each by its path relative to the book
/// folder, in that order, each once.
///
/// Errors: [`Error::Io`] naming a file that cannot be read; [`Error::Input`] naming a file outside the book
/// folder (it has no place in the bag's `data/source/`).
pub(crate) fn sources(
    input: &Path,
    files: &[PathBuf],
    images: &[&str],
) -> Result<Vec<(String, Vec<u8>)>> {
    let folder = match input.is_dir() {
        true => input,
        false => input.parent().unwrap_or(Path::new("")),
    };
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let paths = files
        .iter()
        .cloned()
        .chain(images.iter().map(PathBuf::from));
    for path in paths {
        let inside = path.strip_prefix(folder).map_err(|_| Error::Input {
            path: path.clone(),
            line: None,
            message: format!(
                "outside the book folder {}: the archive keeps only the book's own files",
                folder.display()
            ),
        })?;
        let name: Vec<String> = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = name.join("/");
        if out.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        out.push((name, bytes));
    }
    Ok(out)
}
