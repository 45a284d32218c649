//! Input files → [`Book`]: decode, normalise, find the news structure; or read Markdown.
//!
//! ```text
//! folder/book.toml ──book_toml──▶ Meta + Config (encoding, files, [normalize])
//! folder/*.txt ──decode──▶ String ──normalize──▶ logical lines ──classify, news──▶ Vec<Story>
//! folder/*.md  ──decode──▶ String ──markdown (front matter + pulldown-cmark, character rules)──▶ Vec<Story>
//! ```
//!
//! - [`decode_owned()`] — bytes → text: UTF-8 with or without BOM, UTF-16 with BOM, GB18030; or a forced
//!   encoding (`--encoding`, `encoding =` in `book.toml`: [`decode_forced()`]).
//! - [`Normalizer`] — the normalisation rules (listed in the `normalize` module docs), each switchable in
//!   `book.toml`'s `[normalize]` table ([`NormalizeOptions`]), counted in a [`Report`] with warnings
//!   naming file:line.
//! - `classify` — the one line classifier: what a line is (byline, dateline paragraph, chapter, editor's
//!   note, caption, end mark, editor credit, rule, text) and which heading or subhead it could be.
//!   Normalisation, the news structure and the Markdown reader all ask it; `byline` and `dateline` parse
//!   those heading lines, `shape` says how a line ends.
//! - [`detect_stories`] — column, kicker, headline, subheadline, dateline, byline, subheads, chapters,
//!   notes, captions, endings; the rules, each with an example, are [`RULES`].
//! - [`markdown`] — `.md` stories (TOML front matter, `#` headline, `##` subheads, emphasis, quotes,
//!   lists, images); the inverse is [`crate::render::markdown`] (`huozi parse --to md`).
//! - `book_toml`, `default_meta`, `folder` — the metadata (from `book.toml`, or derived) and the story
//!   files of a book folder.
//!
//! Every error names the file, and the line or byte offset where there is one.

mod book_toml;
mod byline;
mod classify;
mod dateline;
mod decode;
mod default_meta;
mod folder;
pub(crate) mod markdown;
mod news;
mod normalize;
mod options;
mod preflight;
mod report;
mod sanity;
// The structure rules with their examples: the specification, read by people and run by `news`'s tests.
#[allow(dead_code)]
mod rules;
mod shape;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub(crate) use book_toml::META_FILE;
pub(crate) use byline::byline_authors;
pub(crate) use classify::chapter_level;
#[cfg(test)]
pub(crate) use decode::decode;
pub(crate) use decode::{decode_forced, decode_owned, encoding_for_label};
pub use folder::{nearest_story_file, story_bytes};
pub(crate) use news::detect_stories;
pub(crate) use normalize::Normalizer;
pub use options::{NormalizeOptions, RuleId};
pub use report::{EncodingUsed, Report, Warning};

use book_toml::{Config, load_meta, resolve_cover};
use default_meta::{FilesUuid, default_meta};
use folder::{BookRoot, is_markdown, listed_files, story_files};

use crate::error::{Error, Result};
use crate::model::{Book, Meta, Story};

/// How to read the input, beyond what `book.toml` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Force this encoding (a WHATWG label such as `gb18030`); overrides `encoding =` in `book.toml`.
    pub encoding: Option<String>,
    /// Read story files, images and a cover from outside the book folder too (`--allow-outside-paths`).
    /// Off: every input must resolve inside the folder, after symlinks.
    pub allow_outside_paths: bool,
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
    /// The PDF standards `book.toml`'s `pdf-standard` asks for.
    pub pdf_standard: Option<crate::render::pdf::PdfStandard>,
    /// The style `book.toml` names (`style = "…"`, joined to the book folder) and its `[style]` table of
    /// overrides (see [`crate::style::Style::compose`]).
    pub style: crate::style::BookStyle,
    /// Every input file read (`book.toml` first when there is one, then the story files) with its decoded
    /// text: where a character stands, for reports naming file:line:column.
    pub sources: Vec<(PathBuf, String)>,
    /// `book.toml`'s `font-paths`, joined to the book folder.
    pub font_paths: Vec<PathBuf>,
    /// The files read: the story files and `book.toml` (images and the cover are in the book).
    pub inputs: Vec<PathBuf>,
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
/// bytes that are not text (with the line of the first bad byte), and [`Error::Config`] for a bad
/// `book.toml` (including a `cover` that names no file; on success `meta.cover` holds the path joined to
/// the folder) or encoding name. The story files' errors and problems are gathered: several are one
/// [`Error::Many`], in file order.
pub fn load(path: &Path, options: &LoadOptions) -> Result<Parsed> {
    let root = BookRoot::of(path, options.allow_outside_paths)?;
    let (files, meta, config) = book_files(path)?;
    let dir = book_dir(path);
    let meta_path = dir.join(META_FILE);
    // a single story file takes the book.toml beside it, unless it gives its own `[book]`
    let beside = meta.is_some() && !path.is_dir();
    check_inside(&root, &files, meta.as_ref(), path)?;
    let encoding = forced_encoding(options, &config, &meta_path)?;

    let mut report = Report::default();
    let mut sources = Vec::new();
    if let (Some(_), Ok(text)) = (&meta, std::fs::read_to_string(&meta_path)) {
        sources.push((meta_path.clone(), text));
    }
    let mut stories = Vec::new();
    // the files' bytes hashed in order, when the book's identifier may be derived from them
    let mut files_uuid = meta.is_none().then(FilesUuid::new);
    let mut md_meta: Option<(Meta, PathBuf)> = None;
    let mut problems = Vec::new();
    // the files are read and parsed at once (each on its own), then gathered in order: every file's
    // error or problems are reported together, in file order
    let language = meta.as_ref().map(|m| m.language.as_str());
    let read = |file: &PathBuf| story_file(file, encoding, (&config, language), &root);
    let files_read: Vec<Result<StoryFile>> = files.par_iter().map(read).collect();
    for (file, one) in files.iter().zip(files_read) {
        let Ok(one) = one.map_err(|e| problems.push(e)) else {
            continue;
        };
        report.absorb(one.report);
        let Some(text) = one.text else {
            problems.extend(one.problems);
            continue;
        };
        if let Some((m, line)) = one.md_meta {
            match check_single_meta(meta.is_some() && !beside, md_meta.as_ref(), file, line) {
                Ok(()) => md_meta = Some((m, file.clone())),
                Err(e) => problems.push(e),
            }
        }
        stories.extend(one.stories);
        problems.extend(one.problems);
        let bytes = one.bytes.as_deref().unwrap_or(text.as_bytes());
        files_uuid.iter_mut().for_each(|uuid| uuid.add(bytes));
        sources.push((file.clone(), text));
    }
    Error::all(problems)?;
    let meta = meta.filter(|_| !(beside && md_meta.is_some()));
    let (mut meta, source) = match (meta, md_meta) {
        (Some(meta), _) => (meta, meta_path.clone()),
        (None, Some((mut meta, file))) => {
            resolve_cover(&mut meta, &file)?;
            check_inside(&root, &[], Some(&meta), &file)?;
            (meta, file)
        }
        (None, None) => {
            let uuid = files_uuid.expect("hashed: no book.toml").uuid();
            (default_meta(&stories, uuid)?, path.to_path_buf())
        }
    };
    let font_paths = config.font_paths.iter().map(|p| dir.join(p)).collect();
    sanity::meta(&mut meta, &source, &mut report)?;
    let mut inputs = files;
    inputs.retain(|f| f.as_path() != Path::new(STDIN));
    inputs.extend(Some(meta_path).filter(|p| p.is_file() && source == *p));
    Ok(Parsed {
        book: Book {
            meta,
            stories,
            counted: Default::default(),
        },
        report,
        normalize: config.normalize,
        pdf_standard: config.pdf_standard,
        style: config.style,
        sources,
        font_paths,
        inputs,
    })
}

/// The encoding the story files are read in when one is named: `--encoding`, else `encoding =` in
/// `book.toml` (at `meta_path`); `None`: found for each file ([`decode_owned`]).
///
/// Errors: [`Error::Config`] naming `--encoding` or `book.toml` for a name that is no encoding.
fn forced_encoding(
    options: &LoadOptions,
    config: &Config,
    meta_path: &Path,
) -> Result<Option<&'static encoding_rs::Encoding>> {
    match (&options.encoding, &config.encoding) {
        (Some(label), _) => encoding_for_label(label, Path::new("--encoding")).map(Some),
        (None, Some(label)) => encoding_for_label(label, meta_path).map(Some),
        (None, None) => Ok(None),
    }
}

/// One story file read and parsed by [`story_file`].
struct StoryFile {
    /// Its bytes, when its text is not them (see [`read_story_file`]).
    bytes: Option<Vec<u8>>,
    /// Its text; `None` when the Markdown preflight refused it (its problem is in `problems`).
    text: Option<String>,
    /// Its stories.
    stories: Vec<Story>,
    /// A Markdown story's `[book]` front matter and its line.
    md_meta: Option<(Meta, usize)>,
    /// What is wrong with it, reported with every other file's before the build fails.
    problems: Vec<Error>,
    /// Its encoding, rule counts and warnings.
    report: Report,
}

/// Reads story `file` (in `encoding`, else as found) and parses it as Markdown or plain text with the
/// book's `config` in the book's language (`None`: none given).
///
/// Errors: those of [`read_story_file`], [`markdown::parse`] and [`text_stories`]; the Markdown
/// preflight's and the stories' sanity problems are returned in [`StoryFile::problems`].
fn story_file(
    file: &Path,
    encoding: Option<&'static encoding_rs::Encoding>,
    (config, language): (&Config, Option<&str>),
    root: &BookRoot,
) -> Result<StoryFile> {
    let mut report = Report::default();
    let (bytes, text) = read_story_file(file, encoding, &mut report)?;
    let mut md_meta = None;
    let (stories, headline_lines) = if is_markdown_input(file, &text) {
        if let Err(e) = preflight::markdown(&text, file, root) {
            return Ok(StoryFile {
                bytes,
                text: None,
                stories: Vec::new(),
                md_meta,
                problems: vec![e],
                report,
            });
        }
        let md = markdown::parse(
            &text,
            file,
            &config.normalize,
            &config.markdown,
            language,
            &mut report,
        )?;
        md_meta = md.meta;
        (md.stories, md.headline_lines)
    } else {
        text_stories(&text, file, &config.normalize, &mut report)?
    };
    let problems = sanity::stories(&stories, &headline_lines, file);
    Ok(StoryFile {
        bytes,
        text: Some(text),
        stories,
        md_meta,
        problems,
        report,
    })
}

/// The path that names standard input (`huozi parse -`).
pub(crate) const STDIN: &str = "-";

/// The folder of the book at `path`: the folder itself, or a single story file's folder (`.` for a bare
/// file name or standard input).
fn book_dir(path: &Path) -> PathBuf {
    if path.is_dir() {
        return path.to_path_buf();
    }
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether story `file` is Markdown: by its extension, or for standard input by its text (it opens with
/// front matter or holds a `# headline`).
fn is_markdown_input(file: &Path, text: &str) -> bool {
    if file != Path::new(STDIN) {
        return is_markdown(file);
    }
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    matches!(first.trim_end(), "+++" | "---") || text.lines().any(|l| l.starts_with("# "))
}

/// The text of story `file`, decoded in `encoding` (else as [`decode_owned`] finds it; recorded in
/// `report`), and its bytes when the text is not them (`None`: valid UTF-8 without a byte order mark, read
/// as found and unchanged, is its own bytes); in Markdown, U+2028/U+2029 are line ends.
///
/// Errors: [`Error::Io`] when the file cannot be read; the decoding errors of [`decode_owned`].
fn read_story_file(
    file: &Path,
    encoding: Option<&'static encoding_rs::Encoding>,
    report: &mut Report,
) -> Result<(Option<Vec<u8>>, String)> {
    let bytes = if file == Path::new(STDIN) {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map_err(|e| Error::io(file, e))?;
        bytes
    } else {
        std::fs::read(file).map_err(|e| Error::io(file, e))?
    };
    let (decoded, bytes) = match encoding {
        Some(e) => (decode_forced(&bytes, file, e)?, Some(bytes)),
        None => decode_owned(bytes, file)?,
    };
    report.encodings.push(EncodingUsed {
        path: file.to_path_buf(),
        encoding: decoded.encoding.name(),
        evidence: decoded.evidence.describe(),
    });
    let breaks = ['\u{2028}', '\u{2029}'];
    match decoded.text {
        text if is_markdown_input(file, &text) && text.contains(breaks) => {
            let lines = text.replace(breaks, "\n");
            Ok((bytes.or(Some(text.into_bytes())), lines))
        }
        text => Ok((bytes, text)),
    }
}

/// Every story file and the cover `meta` names must lie inside the book folder `root` (`source` names the
/// input that listed them); all that do not are reported together.
fn check_inside(
    root: &BookRoot,
    files: &[PathBuf],
    meta: Option<&Meta>,
    source: &Path,
) -> Result<()> {
    let mut problems = Vec::new();
    for file in files.iter().filter(|f| f.as_path() != Path::new(STDIN)) {
        if let Err(message) = root.check(file, "story file") {
            problems.push(Error::Input {
                path: source.to_path_buf(),
                line: None,
                message,
            });
        }
    }
    if let Some(cover) = meta.and_then(|m| m.cover.as_deref())
        && let Err(message) = root.check(Path::new(cover), "cover")
    {
        problems.push(Error::Config {
            path: if source.is_dir() {
                source.join(META_FILE)
            } else {
                source.to_path_buf()
            },
            message,
        });
    }
    Error::all(problems)
}

/// The story files of `path` (a folder, or one story file, or `-` for standard input), with `book.toml`'s
/// metadata and reading configuration when the folder has one (a single story file's folder too; its
/// `files` list is not used then).
fn book_files(path: &Path) -> Result<(Vec<PathBuf>, Option<Meta>, Config)> {
    if path == Path::new(STDIN) {
        return Ok((vec![path.to_path_buf()], None, Config::default()));
    }
    let metadata = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let meta_path = book_dir(path).join(META_FILE);
    if !metadata.is_dir() {
        let (meta, config) = match meta_path.is_file() {
            true => load_meta(&meta_path).map(|(m, c)| (Some(m), c))?,
            false => (None, Config::default()),
        };
        return Ok((vec![path.to_path_buf()], meta, config));
    }
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
    Ok((files, meta, config))
}

/// `[book]` metadata may be given once: not besides `book.toml` (`in_book_toml`), nor in a second
/// Markdown file (`first` names the file that gave it). `file` and `line` name the second giving.
fn check_single_meta(
    in_book_toml: bool,
    first: Option<&(Meta, PathBuf)>,
    file: &Path,
    line: usize,
) -> Result<()> {
    if in_book_toml {
        return Err(Error::Input {
            path: file.to_path_buf(),
            line: Some(line),
            message: format!("[book] metadata here and in {META_FILE}: keep one"),
        });
    }
    if let Some((_, first)) = first {
        return Err(Error::Input {
            path: file.to_path_buf(),
            line: Some(line),
            message: format!("[book] metadata given again (first in {})", first.display()),
        });
    }
    Ok(())
}

/// The stories of one decoded plain-text file: normalised into logical lines, then the news structure;
/// with each story's headline line ([`detect_stories`]).
fn text_stories(
    text: &str,
    path: &Path,
    options: &NormalizeOptions,
    report: &mut Report,
) -> Result<(Vec<Story>, Vec<usize>)> {
    let lines = Normalizer {
        options,
        report,
        path,
    }
    .lines(text);
    detect_stories(lines, path, options, report)
}

/// Decodes, normalises and parses the bytes of one plain-text story file with every rule on (`path` is
/// named in errors).
#[cfg(test)]
pub(crate) fn parse_stories(bytes: &[u8], path: &Path) -> Result<Vec<Story>> {
    let text = decode(bytes, path)?.text;
    text_stories(
        &text,
        path,
        &NormalizeOptions::default(),
        &mut Report::default(),
    )
    .map(|(stories, _)| stories)
}

#[cfg(test)]
mod guide;
#[cfg(test)]
mod props;

#[cfg(test)]
mod tests {
    use super::*;

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
}
