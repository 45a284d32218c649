//! Input files → [`Book`]: decode, normalise, find the news structure.
//!
//! ```text
//! folder/book.toml ──serde──────────────────────────────────────────────▶ Meta
//! folder/*.txt (by file name) ──decode──▶ String ──normalize──▶ String ──news──▶ Vec<Story>
//! ```
//!
//! - [`decode()`] — bytes → text: UTF-8 with or without BOM, UTF-16 with BOM, GB18030.
//! - [`normalize()`] — line ends, indents, stray spaces, control characters, ASCII punctuation in Chinese
//!   text → full width.
//! - [`detect_stories`] — column, kicker, headline, subheadline, dateline, byline, subheads, paragraphs; the
//!   rules, each with an example, are [`RULES`].
//!
//! Every error names the file, and the line or byte offset where there is one.

mod decode;
mod news;
mod normalize;

use std::path::{Path, PathBuf};

pub use decode::decode;
pub use news::{
    BYLINE_ROLES, DATELINE_SOURCES, LEAD_INS, NOT_NAMES, ORNAMENTS, RULES, Rule, byline_authors,
    detect_stories,
};
pub use normalize::{fullwidth_punctuation, is_cjk, normalize, normalize_line};

use crate::error::{Error, Result};
use crate::model::{Book, Meta, Story};

/// Extension of story files in a book folder.
pub const STORY_EXTENSION: &str = "txt";
/// Name of the metadata file in a book folder.
pub const META_FILE: &str = "book.toml";

/// Loads a book from a folder (`book.toml` + `*.txt` stories, in file-name order) or a single story file.
///
/// Without `book.toml` (always so for a single file) the metadata is derived: title = the first story's
/// headline, language `zh-CN`, date = the UTC calendar date of `SOURCE_DATE_EPOCH` (else `1970-01-01`),
/// identifier = `urn:uuid:` + a UUID v5 of the story files' bytes, authors = the names in the bylines.
///
/// Errors: [`Error::Io`] for a missing or unreadable path, [`Error::Input`] for a folder without story
/// files or a file without text or headline, [`Error::Decode`] for bytes that are not text, and
/// [`Error::Config`] for a bad `book.toml` (including a `cover` that names no file; on success `meta.cover`
/// holds the path joined to the folder) or `SOURCE_DATE_EPOCH`.
pub fn load_book(path: &Path) -> Result<Book> {
    let metadata = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let (files, meta) = if metadata.is_dir() {
        let meta_path = path.join(META_FILE);
        let meta = if meta_path.is_file() {
            Some(load_meta(&meta_path)?)
        } else {
            None
        };
        (story_files(path)?, meta)
    } else {
        (vec![path.to_path_buf()], None)
    };

    let mut stories = Vec::new();
    let mut all_bytes = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
        stories.extend(parse_stories(&bytes, file)?);
        all_bytes.extend_from_slice(&bytes);
    }
    let meta = match meta {
        Some(meta) => meta,
        None => default_meta(&stories, &all_bytes)?,
    };
    Ok(Book { meta, stories })
}

/// Decodes, normalises and parses the bytes of one story file (`path` is named in errors).
pub fn parse_stories(bytes: &[u8], path: &Path) -> Result<Vec<Story>> {
    let text = decode(bytes, path)?;
    detect_stories(&normalize(&text), path)
}

/// The `*.txt` files of a folder, sorted by file name; hidden files are skipped.
fn story_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let name = entry.file_name();
        let is_story = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case(STORY_EXTENSION))
            && !name.to_string_lossy().starts_with('.')
            && path.is_file();
        if is_story {
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(Error::Input {
            path: dir.to_path_buf(),
            line: None,
            message: format!("no story files (*.{STORY_EXTENSION}) in this folder"),
        });
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

/// Reads `book.toml` into [`Meta`].
fn load_meta(path: &Path) -> Result<Meta> {
    let config = |message: String| Error::Config {
        path: path.to_path_buf(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| config(format!("not UTF-8 at byte offset {}", e.valid_up_to())))?;
    let mut meta: Meta =
        toml::from_str(text).map_err(|e| config(e.to_string().trim_end().to_string()))?;
    if !is_calendar_date(&meta.date) {
        return Err(config(format!(
            "date = {:?} is not a calendar date written YYYY-MM-DD",
            meta.date
        )));
    }
    if let Some(cover) = &meta.cover {
        let folder = path.parent().unwrap_or(Path::new(""));
        let file = folder.join(cover);
        if !file.is_file() {
            return Err(config(format!(
                "cover = {cover:?}: there is no file {}",
                file.display()
            )));
        }
        let file = file
            .to_str()
            .ok_or_else(|| config(format!("cover = {cover:?}: the path is not UTF-8")))?;
        meta.cover = Some(file.to_string());
    }
    Ok(meta)
}

fn is_calendar_date(s: &str) -> bool {
    s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// Namespace of the UUIDs huozi derives from input bytes (a v5 UUID in the URL namespace).
fn uuid_namespace() -> uuid::Uuid {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"https://huozi.invalid/book")
}

/// Metadata for stories without `book.toml`.
fn default_meta(stories: &[Story], bytes: &[u8]) -> Result<Meta> {
    let mut authors: Vec<String> = Vec::new();
    for name in stories
        .iter()
        .filter_map(|s| s.byline.as_deref())
        .flat_map(byline_authors)
    {
        if !authors.contains(&name) {
            authors.push(name);
        }
    }
    Ok(Meta {
        title: stories
            .first()
            .map(|s| s.headline.clone())
            .unwrap_or_default(),
        subtitle: None,
        language: "zh-CN".to_string(),
        publisher: None,
        date: source_date()?,
        identifier: format!("urn:uuid:{}", uuid::Uuid::new_v5(&uuid_namespace(), bytes)),
        authors,
        description: None,
        rights: None,
        subjects: Vec::new(),
        cover: None,
    })
}

/// The UTC calendar date of `SOURCE_DATE_EPOCH`, or `1970-01-01` when it is unset or empty.
fn source_date() -> Result<String> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH").filter(|v| !v.is_empty()) else {
        return Ok("1970-01-01".to_string());
    };
    let bad = || Error::Config {
        path: PathBuf::from("SOURCE_DATE_EPOCH"),
        message: format!("{value:?} is not a count of seconds since 1970-01-01 UTC"),
    };
    let seconds: i64 = value
        .to_str()
        .ok_or_else(bad)?
        .trim()
        .parse()
        .map_err(|_| bad())?;
    let time = chrono::DateTime::from_timestamp(seconds, 0).ok_or_else(bad)?;
    Ok(time.date_naive().format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_dates() {
        assert!(is_calendar_date("2022-12-05"));
        assert!(!is_calendar_date("2022-13-05"));
        assert!(!is_calendar_date("2022-2-5"));
        assert!(!is_calendar_date("5 Dec 2022"));
    }

    #[test]
    fn a_cover_is_resolved_against_the_book_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "标题\n\n正文第一段。\n").unwrap();
        let toml =
            "title = \"书\"\ndate = \"2022-12-05\"\nidentifier = \"urn:isbn:9787111547426\"\n";
        std::fs::write(
            dir.path().join("book.toml"),
            format!("{toml}cover = \"img/c.png\"\n"),
        )
        .unwrap();
        let err = load_book(dir.path()).unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{err:?}");
        let msg = err.to_string();
        assert!(
            msg.contains("book.toml") && msg.contains("img/c.png"),
            "{msg}"
        );
        std::fs::create_dir(dir.path().join("img")).unwrap();
        std::fs::write(dir.path().join("img/c.png"), b"png").unwrap();
        let book = load_book(dir.path()).unwrap();
        let cover = dir.path().join("img/c.png");
        assert_eq!(book.meta.cover.as_deref(), cover.to_str());
        std::fs::write(dir.path().join("book.toml"), toml).unwrap();
        assert_eq!(load_book(dir.path()).unwrap().meta.cover, None);
    }

    #[test]
    fn identifier_is_deterministic() {
        let a = uuid::Uuid::new_v5(&uuid_namespace(), b"abc");
        assert_eq!(a, uuid::Uuid::new_v5(&uuid_namespace(), b"abc"));
        assert_ne!(a, uuid::Uuid::new_v5(&uuid_namespace(), b"abd"));
        assert_eq!(a.get_version_num(), 5);
    }
}
