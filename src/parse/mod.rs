//! Input files → [`Book`]: decode, normalise, find the news structure; or read Markdown.
//!
//! ```text
//! folder/book.toml ──toml──▶ Meta + Config (encoding, files, [normalize])
//! folder/*.txt ──decode──▶ String ──normalize──▶ logical lines ──news──▶ Vec<Story>
//! folder/*.md  ──decode──▶ String ──markdown (front matter + pulldown-cmark, character rules)──▶ Vec<Story>
//! ```
//!
//! - [`decode()`] — bytes → text: UTF-8 with or without BOM, UTF-16 with BOM, GB18030; or a forced
//!   encoding (`--encoding`, `encoding =` in `book.toml`).
//! - [`Normalizer`] — the normalisation rules (listed in the `normalize` module docs), each switchable in
//!   `book.toml`'s `[normalize]` table, counted in a [`Report`] with warnings naming file:line.
//! - [`detect_stories`] — column, kicker, headline, subheadline, dateline, byline, subheads, chapters,
//!   notes, captions, endings; the rules, each with an example, are [`RULES`].
//! - [`markdown`] — `.md` stories (TOML front matter, `#` headline, `##` subheads, emphasis, quotes,
//!   lists, images) and the inverse, [`markdown::to_markdown`] (`huozi parse --to md`).
//!
//! Every error names the file, and the line or byte offset where there is one.

mod decode;
pub mod markdown;
mod news;
mod normalize;

use std::path::{Path, PathBuf};

pub use decode::{decode, decode_forced, encoding_for_label};
pub use news::{
    BYLINE_ROLES, DATELINE_SOURCES, EDITOR_LABELS, ENDING_MARKS, LEAD_INS, NOT_NAMES, ORNAMENTS,
    RULES, Rule, byline_authors, chapter_level, detect_stories, section_number_len,
};
pub use normalize::{
    NormalizeOptions, Normalizer, Report, RuleId, SourceLine, Warning, fullwidth_punctuation,
    is_invisible, join_continuation, normalize, normalize_line,
};

use crate::error::{Error, Result};
use crate::model::{Book, Date, Meta, Story};

/// Extensions of story files in a book folder: plain text and Markdown.
pub const STORY_EXTENSIONS: &[&str] = &["txt", "md"];
/// Name of the metadata file in a book folder.
pub const META_FILE: &str = "book.toml";

/// How to read the input, beyond what `book.toml` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Force this encoding (a WHATWG label such as `gb18030`); overrides `encoding =` in `book.toml`.
    pub encoding: Option<String>,
}

/// A loaded book with what reading it did.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The book.
    pub book: Book,
    /// Rule counts and warnings.
    pub report: Report,
    /// The normalisation switches in force.
    pub normalize: NormalizeOptions,
}

/// `book.toml`: the book's [`Meta`] plus how to read the stories.
#[derive(Debug, Clone, Default)]
struct Config {
    /// `encoding = "gb18030"`: force an encoding.
    encoding: Option<String>,
    /// `files = ["b.txt", "a.md"]`: the story files in book order (others are left out).
    files: Option<Vec<String>>,
    /// `[normalize]`: rule switches.
    normalize: NormalizeOptions,
}

/// Loads a book with default options (see [`load`]).
pub fn load_book(path: &Path) -> Result<Book> {
    load(path, &LoadOptions::default()).map(|p| p.book)
}

/// Loads a book from a folder (`book.toml` + `*.txt`/`*.md` stories, in file-name order or the order
/// `book.toml`'s `files` gives) or from a single story file.
///
/// Without `book.toml` (always so for a single file) the metadata comes from a Markdown story's `[book]`
/// front matter, else it is derived: title = the first story's headline, language `zh-CN`, date = the UTC
/// calendar date of `SOURCE_DATE_EPOCH` (else `1970-01-01`), identifier = `urn:uuid:` + a UUID v5 of the
/// story files' bytes, authors = the names in the bylines.
///
/// Errors: [`Error::Io`] for a missing or unreadable path, [`Error::Input`] for a folder without story
/// files, a file without text or headline, a bad Markdown story or a missing image, [`Error::Decode`] for
/// bytes that are not text, and [`Error::Config`] for a bad `book.toml` (including a `cover` that names no
/// file; on success `meta.cover` holds the path joined to the folder), encoding name or
/// `SOURCE_DATE_EPOCH`.
pub fn load(path: &Path, options: &LoadOptions) -> Result<Parsed> {
    let metadata = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let (files, meta, config) = if metadata.is_dir() {
        let meta_path = path.join(META_FILE);
        let (meta, config) = if meta_path.is_file() {
            let (meta, config) = load_meta(&meta_path)?;
            (Some(meta), config)
        } else {
            (None, Config::default())
        };
        let files = match &config.files {
            Some(list) => listed_files(path, &meta_path, list)?,
            None => story_files(path)?,
        };
        (files, meta, config)
    } else {
        (vec![path.to_path_buf()], None, Config::default())
    };
    let encoding = match (&options.encoding, &config.encoding) {
        (Some(label), _) => Some(encoding_for_label(label, Path::new("--encoding"))?),
        (None, Some(label)) => Some(encoding_for_label(label, &path.join(META_FILE))?),
        (None, None) => None,
    };

    let mut report = Report::default();
    let mut stories = Vec::new();
    let mut all_bytes = Vec::new();
    let mut md_meta: Option<(Meta, PathBuf)> = None;
    for file in &files {
        let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
        let text = match encoding {
            Some(e) => decode_forced(&bytes, file, e)?,
            None => decode(&bytes, file)?,
        };
        if is_markdown(file) {
            let md = markdown::parse(&text, file, &config.normalize, &mut report)?;
            if let Some((m, line)) = md.meta {
                if meta.is_some() {
                    return Err(Error::Input {
                        path: file.clone(),
                        line: Some(line),
                        message: format!("[book] metadata here and in {META_FILE}: keep one"),
                    });
                }
                if let Some((_, first)) = &md_meta {
                    return Err(Error::Input {
                        path: file.clone(),
                        line: Some(line),
                        message: format!(
                            "[book] metadata given again (first in {})",
                            first.display()
                        ),
                    });
                }
                md_meta = Some((m, file.clone()));
            }
            stories.extend(md.stories);
        } else {
            let mut normalizer = Normalizer {
                options: &config.normalize,
                report: &mut report,
                path: file,
            };
            let lines = normalizer.lines(&text);
            stories.extend(detect_stories(
                &lines,
                file,
                &config.normalize,
                &mut report,
            )?);
        }
        all_bytes.extend_from_slice(&bytes);
    }
    let meta = match (meta, md_meta) {
        (Some(meta), _) => meta,
        (None, Some((mut meta, file))) => {
            resolve_cover(&mut meta, &file)?;
            meta
        }
        (None, None) => default_meta(&stories, &all_bytes)?,
    };
    Ok(Parsed {
        book: Book { meta, stories },
        report,
        normalize: config.normalize,
    })
}

/// Decodes, normalises and parses the bytes of one plain-text story file with every rule on (`path` is
/// named in errors).
pub fn parse_stories(bytes: &[u8], path: &Path) -> Result<Vec<Story>> {
    let text = decode(bytes, path)?;
    let options = NormalizeOptions::default();
    let mut report = Report::default();
    let lines = Normalizer {
        options: &options,
        report: &mut report,
        path,
    }
    .lines(&text);
    detect_stories(&lines, path, &options, &mut report)
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("md"))
}

/// The story files of a folder (`*.txt`, `*.md`), sorted by file name; hidden files are skipped.
fn story_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let name = entry.file_name();
        let is_story = path
            .extension()
            .is_some_and(|x| STORY_EXTENSIONS.iter().any(|e| x.eq_ignore_ascii_case(e)))
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
            message: "no story files (*.txt, *.md) in this folder".to_string(),
        });
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

/// The files `book.toml` lists, in its order; each must exist.
fn listed_files(dir: &Path, meta_path: &Path, list: &[String]) -> Result<Vec<PathBuf>> {
    if list.is_empty() {
        return Err(Error::Config {
            path: meta_path.to_path_buf(),
            message: "files = [] lists no story file".into(),
        });
    }
    list.iter()
        .map(|name| {
            let file = dir.join(name);
            if file.is_file() {
                Ok(file)
            } else {
                Err(Error::Config {
                    path: meta_path.to_path_buf(),
                    message: format!(
                        "files lists {name:?}, which is not a file in {}",
                        dir.display()
                    ),
                })
            }
        })
        .collect()
}

/// Reads `book.toml` into [`Meta`] and the reading [`Config`] (`encoding`, `files`, `[normalize]`).
fn load_meta(path: &Path) -> Result<(Meta, Config)> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Config {
        path: path.to_path_buf(),
        message: format!("not UTF-8 at byte offset {}", e.valid_up_to()),
    })?;
    parse_meta_toml(text, path)
}

/// Parses `book.toml`-style TOML: [`Meta`] keys plus `encoding`, `files` and `[normalize]`; `path` names
/// the source in errors (TOML errors carry the line).
fn parse_meta_toml(text: &str, path: &Path) -> Result<(Meta, Config)> {
    use serde::Deserialize;
    let config = |message: String| Error::Config {
        path: path.to_path_buf(),
        message,
    };
    let toml_error = |mut e: toml::de::Error| {
        e.set_input(Some(text));
        config(e.to_string().trim_end().to_string())
    };
    let mut table = toml::de::DeTable::parse(text).map_err(toml_error)?;
    let mut take = |key: &str| {
        table
            .get_mut()
            .remove(key)
            .map(toml::de::ValueDeserializer::from)
    };
    let mut cfg = Config::default();
    if let Some(v) = take("encoding") {
        cfg.encoding = Some(String::deserialize(v).map_err(toml_error)?);
    }
    if let Some(v) = take("files") {
        cfg.files = Some(Vec::<String>::deserialize(v).map_err(toml_error)?);
    }
    if let Some(v) = take("normalize") {
        cfg.normalize = NormalizeOptions::deserialize(v).map_err(toml_error)?;
    }
    let mut meta = Meta::deserialize(toml::de::Deserializer::from(table)).map_err(toml_error)?;
    resolve_cover(&mut meta, path)?;
    Ok((meta, cfg))
}

/// Joins `meta.cover` (relative to the file that gave it, `source`) to that file's folder.
///
/// Errors: [`Error::Config`] naming `source` when no file is there or the path is not UTF-8.
fn resolve_cover(meta: &mut Meta, source: &Path) -> Result<()> {
    let Some(cover) = &meta.cover else {
        return Ok(());
    };
    let config = |message: String| Error::Config {
        path: source.to_path_buf(),
        message,
    };
    let file = source.parent().unwrap_or(Path::new("")).join(cover);
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
    Ok(())
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
fn source_date() -> Result<Date> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH").filter(|v| !v.is_empty()) else {
        return Ok(Date::default());
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
    Date::from_unix_seconds(seconds).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_date_in_book_toml_names_the_file_and_line() {
        let text = "title = \"书\"\nidentifier = \"urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf\"\ndate = \"2022-13-05\"\n";
        let err = parse_meta_toml(text, Path::new("b/book.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("b/book.toml: "), "{err}");
        assert!(
            err.contains("line 3") && err.contains("2022-13-05"),
            "{err}"
        );
        assert!(err.contains("calendar date written YYYY-MM-DD"), "{err}");
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
