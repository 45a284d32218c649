//! `book.toml`: the book's metadata ([`Meta`]) and how to read its stories (`encoding`, `files`,
//! `[normalize]`, `[markdown]`), and the cover path resolved against the file that names it.

use std::path::Path;

use super::markdown::MarkdownOptions;
use super::options::NormalizeOptions;
use crate::error::{Error, Result};
use crate::model::Meta;
use crate::render::pdf::PdfStandard;
use crate::style::BookStyle;

/// Name of the metadata file in a book folder.
pub(crate) const META_FILE: &str = "book.toml";

/// `book.toml`'s reading and output keys (besides the [`Meta`] keys).
#[derive(Debug, Clone, Default)]
pub(super) struct Config {
    /// `encoding = "gb18030"`: force an encoding.
    pub encoding: Option<String>,
    /// `files = ["b.txt", "a.md"]`: the story files in book order (others are left out).
    pub files: Option<Vec<String>>,
    /// `[normalize]`: rule switches.
    pub normalize: NormalizeOptions,
    /// `[markdown]`: how Markdown stories are read.
    pub markdown: MarkdownOptions,
    /// `pdf-standard = "a-2a,ua-1"`: the standards the PDF is written to.
    pub pdf_standard: Option<PdfStandard>,
    /// `font-paths = ["fonts"]`: folders (or font files) whose faces come before the system's, relative to
    /// the book folder.
    pub font_paths: Vec<String>,
    /// `style = "b5.toml"` (relative to the book folder) or a `[style]` table of keys over the style.
    pub style: BookStyle,
}

/// Reads `book.toml` (UTF-8, with or without a byte order mark) into [`Meta`] and the reading [`Config`]
/// (`encoding`, `files`, `[normalize]`); `meta.cover`, if given, is joined to the file's folder.
///
/// Errors: [`Error::Io`] when the file cannot be read; [`Error::Config`] naming it (and the line, for TOML
/// errors) for bytes that are not UTF-8, bad TOML, an unknown key, a bad date, or a `cover` that names no
/// file.
pub(super) fn load_meta(path: &Path) -> Result<(Meta, Config)> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Config {
        path: path.to_path_buf(),
        message: format!("not UTF-8 at byte offset {}", e.valid_up_to()),
    })?;
    parse_meta_toml(text, path)
}

/// The keys of `book.toml` besides [`Meta`]'s, read before the metadata (in `parse_meta_toml`).
const CONFIG_KEYS: [&str; 7] = [
    "encoding",
    "files",
    "font-paths",
    "normalize",
    "markdown",
    "pdf-standard",
    "style",
];

/// Parses `book.toml`-style TOML: [`Meta`] keys plus `encoding`, `files`, `font-paths` and `[normalize]`; `path` names
/// the source in errors (TOML errors carry the line).
fn parse_meta_toml(text: &str, path: &Path) -> Result<(Meta, Config)> {
    use serde::Deserialize;
    let config = |message: String| Error::Config {
        path: path.to_path_buf(),
        message,
    };
    let toml_error = |mut e: toml::de::Error| {
        let twice = twice(&e, text);
        let hint = meta_hint(&e, text, &[]);
        e.set_input(Some(text));
        let said = e.to_string().trim_end().to_string();
        config(crate::error::with_spelling_hint(said) + &twice + &hint)
    };
    // the first error in the file, not the last the parser met (`DeTable::parse` keeps the last)
    let (mut table, errors) = toml::de::DeTable::parse_recoverable(text);
    let first = (errors.into_iter()).min_by_key(|e| e.span().map_or(usize::MAX, |s| s.start));
    if let Some(e) = first {
        return Err(toml_error(e));
    }
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
    if let Some(v) = take("font-paths") {
        cfg.font_paths = Vec::<String>::deserialize(v).map_err(toml_error)?;
    }
    if let Some(v) = take("normalize") {
        cfg.normalize = NormalizeOptions::deserialize(v).map_err(toml_error)?;
    }
    if let Some(v) = take("markdown") {
        cfg.markdown = MarkdownOptions::deserialize(v).map_err(toml_error)?;
    }
    if let Some(v) = take("pdf-standard") {
        cfg.pdf_standard = Some(PdfStandard::deserialize(v).map_err(toml_error)?);
    }
    if let Some(v) = take("style") {
        cfg.style =
            book_style(toml::Value::deserialize(v).map_err(toml_error)?, path).map_err(config)?;
    }
    // every required key that is not there, so that one run names them all
    let missing: Vec<&str> = (REQUIRED.iter())
        .map(|(k, _)| *k)
        .filter(|k| !table.get_ref().contains_key(*k))
        .collect();
    let meta_error = |mut e: toml::de::Error| {
        let hint = meta_hint(&e, text, &missing);
        if e.message().starts_with("missing field `") {
            // no line: TOML's excerpt would point at the file's first key, which is not the fault;
            // serde names the first missing key, the line names them all
            let keys: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
            let said = match keys.len() {
                0 | 1 => e.message().trim_end().to_string(),
                _ => format!("missing fields {}", keys.join(", ")),
            };
            return config(said + &hint);
        }
        e.set_input(Some(text));
        let mut said = e.to_string().trim_end().to_string();
        // serde lists the metadata's keys only: the keys taken out above are named with them, so that a
        // misspelt `styl` is answered with `style`, not told that no such key exists
        if (said.lines().last()).is_some_and(|l| l.starts_with("unknown field `")) {
            said.extend(CONFIG_KEYS.iter().map(|k| format!(", `{k}`")));
        }
        config(crate::error::with_spelling_hint(said) + &hint)
    };
    let mut meta = Meta::deserialize(toml::de::Deserializer::from(table)).map_err(meta_error)?;
    resolve_cover(&mut meta, path)?;
    Ok((meta, cfg))
}

/// The keys [`Meta`] cannot do without, each with the line saying what to write for it.
const REQUIRED: [(&str, &str); 3] = [
    (
        "title",
        "book.toml needs the book's title: title = \"书名\"",
    ),
    (
        "date",
        "book.toml needs the edition's date, year-month-day: date = \"2022-12-05\"",
    ),
    (
        "identifier",
        "book.toml needs an identifier, a URI: identifier = \"urn:isbn:9787…\" for a book with an ISBN, \
         else a UUID, identifier = \"urn:uuid:…\" (the book.toml `huozi new` makes has a fresh one; on \
         Linux, `cat /proc/sys/kernel/random/uuid` prints one)",
    ),
];

/// What to do about `e`, an error of `book.toml` (its `text`, which lacks the required keys `missing`),
/// on lines of its own: for a missing required key, the value each of `missing` takes (`title`, `date`,
/// `identifier`: all of them at once, though serde names the first); the list `authors` takes when it
/// is given one string; ASCII quotes, commas and brackets when the line the error points at holds
/// full-width ones (a Chinese input method's “”，［］). Empty for any other error.
fn meta_hint(e: &toml::de::Error, text: &str, missing: &[&str]) -> String {
    let message = e.message();
    if let Some(key) = message.strip_prefix("missing field `") {
        let named = |k: &str| missing.contains(&k) || key.starts_with(&format!("{k}`"));
        return (REQUIRED.iter())
            .filter(|(k, _)| named(k))
            .map(|(_, line)| format!("\n{line}"))
            .collect();
    }
    if message.starts_with("invalid type: string") && message.ends_with("expected a sequence") {
        return "\na list is written in brackets, each item quoted: authors = [\"林小雨\", \"王喆\"]".into();
    }
    match crate::error::points_at_full_width(e, text) {
        true => format!(
            "\n{}: title = \"冬日江城\", authors = [\"林小雨\", \"王喆\"], not “冬日江城” or \
             [\"林小雨\"，\"王喆\"]",
            crate::error::ASCII_MARKS
        ),
        false => String::new(),
    }
}

/// What to do about a key TOML found twice (`e`, from parsing `text`): keep one, the line of the first
/// named; for `style`, which a generated `book.toml` offers both as `style = "…"` and as a commented
/// `[style]` table, how to keep the file while setting keys over it. Empty for any other error.
fn twice(e: &toml::de::Error, text: &str) -> String {
    if e.message() != "duplicate key" {
        return String::new();
    }
    let key = (e.span().and_then(|span| text.get(span)))
        .map(|k| k.trim_matches(|c: char| c == '"' || c == '\''))
        .unwrap_or_default();
    let first = (!key.is_empty())
        .then(|| first_line_of(key, text))
        .flatten()
        .map(|n| format!(" (first at line {n})"))
        .unwrap_or_default();
    match key {
        "style" => format!(
            "\n`style` is given twice{first}: `style = \"…\"` names the style file, a `[style]` table \
             sets keys over a style; to keep the file and set keys over it, delete `style = \"…\"` and \
             name the file in the table: `extends = \"style.toml\"`"
        ),
        "" => "\na key is given twice; keep one of them".to_string(),
        key => format!("\n`{key}` is given twice{first}; keep one of them"),
    }
}

/// The line (from 1) of `text` where top-level `key` is first given: `key = …`, `key.… = …` or a
/// `[key]` / `[key.…]` table header.
fn first_line_of(key: &str, text: &str) -> Option<usize> {
    let given = |line: &str| {
        let line = line.trim_start();
        let line = line.strip_prefix('[').unwrap_or(line).trim_start();
        (line.strip_prefix(key)).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with('=') || rest.starts_with('.') || rest.starts_with(']')
        })
    };
    text.lines().position(given).map(|i| i + 1)
}

/// `book.toml`'s `style`: a file name (relative to the folder of `book_toml`, the file), or a `[style]`
/// table whose `extends` names the file (or `default`) and whose other keys go over it.
///
/// Errors: a message for a value that is neither.
fn book_style(value: toml::Value, book_toml: &Path) -> std::result::Result<BookStyle, String> {
    let dir = book_toml.parent().unwrap_or(Path::new(""));
    let file = |name: &str| (name != "default").then(|| dir.join(name));
    match value {
        toml::Value::String(name) => Ok(BookStyle {
            path: file(&name),
            overrides: None,
            book_toml: Some(book_toml.to_path_buf()),
        }),
        toml::Value::Table(mut table) => {
            let path = match table.remove("extends") {
                Some(toml::Value::String(name)) => file(&name),
                None => None,
                Some(_) => return Err("style.extends must be a file name or \"default\"".into()),
            };
            Ok(BookStyle {
                path,
                overrides: Some(table),
                book_toml: Some(book_toml.to_path_buf()),
            })
        }
        _ => Err("style must be a style file's name or a [style] table".into()),
    }
}

/// Joins `meta.cover` (relative to the file that gave it, `source`) to that file's folder.
///
/// Errors: [`Error::Config`] naming `source` when no file is there or the path is not UTF-8.
pub(super) fn resolve_cover(meta: &mut Meta, source: &Path) -> Result<()> {
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

    /// The error of a `book.toml` holding a title, an identifier and a date, then `extra`.
    fn err(extra: &str) -> String {
        let meta =
            "title = \"书\"\nidentifier = \"urn:isbn:9787111547426\"\ndate = \"2022-12-05\"\n";
        let text = format!("{meta}{extra}");
        (parse_meta_toml(&text, Path::new("book.toml")).unwrap_err()).to_string()
    }

    /// Full-width quotes or commas typed by a Chinese input method, a missing required key and a string
    /// where a list belongs each get a line saying what to write.
    #[test]
    fn typing_slips_get_a_line_saying_what_to_write() {
        let ascii = "TOML's quotes, commas, colons, `=` and brackets are ASCII (半角)";
        let quotes = err("subtitle = “冬日江城”\n");
        assert!(quotes.contains("string values must be quoted"), "{quotes}");
        assert!(quotes.contains(&format!("\n{ascii}")), "{quotes}");
        let comma = err("authors = [\"林小雨\"，\"王喆\"]\n");
        assert!(comma.contains(&format!("\n{ascii}")), "{comma}");
        let string = err("authors = \"林小雨、王喆\"\n");
        assert!(
            string.ends_with("\na list is written in brackets, each item quoted: authors = [\"林小雨\", \"王喆\"]"),
            "{string}"
        );
        let text = "title = \"书\"\nidentifier = \"urn:isbn:9787111547426\"\n";
        let date = (parse_meta_toml(text, Path::new("book.toml")).unwrap_err()).to_string();
        assert!(
            date.ends_with("missing field `date`\nbook.toml needs the edition's date, year-month-day: date = \"2022-12-05\""),
            "{date}"
        );
        let text = "title = \"书\"\ndate = \"2022-12-05\"\n";
        let id = (parse_meta_toml(text, Path::new("book.toml")).unwrap_err()).to_string();
        assert!(
            id.contains("\nbook.toml needs an identifier, a URI: "),
            "{id}"
        );
        // every required key missing is named in one run, in the order of the file's keys
        let none = "language = \"zh-CN\"\nauthors = [\"测试\"]\n";
        let all = (parse_meta_toml(none, Path::new("book.toml")).unwrap_err()).to_string();
        let needs: Vec<&str> = (all.lines())
            .filter_map(|l| l.strip_prefix("book.toml needs "))
            .map(|l| l.split(&[':', ','][..]).next().unwrap_or(l))
            .collect();
        assert_eq!(
            needs,
            ["the book's title", "the edition's date", "an identifier"],
            "{all}"
        );
        // without TOML's excerpt, which would point at the file's first key
        assert!(
            all.starts_with("book.toml: missing fields `title`, `date`, `identifier`\n"),
            "{all}"
        );
        // of two slips, the first in the file is the one named
        let two = err("subtitle = “冬日江城”\nauthors = [\"甲\"，\"乙\"]\n");
        assert!(two.contains("string values must be quoted"), "{two}");
        // an error elsewhere gets none of these lines
        let plain = err("subtitle = 3\n");
        assert!(
            !plain.contains("ASCII") && !plain.contains("needs"),
            "{plain}"
        );
    }

    #[test]
    fn a_misspelt_key_is_answered_with_book_toml_s_keys_not_only_the_metadata_s() {
        let styl = err("styl = \"style.toml\"\n");
        assert!(styl.contains("`derived`, `encoding`, `files`"), "{styl}");
        assert!(styl.ends_with("`style` (did you mean `style`?)"), "{styl}");
        let normalise = err("[normalise]\nquotes = false\n");
        assert!(
            normalise.ends_with("(did you mean `normalize`?)"),
            "{normalise}"
        );
        let publsher = err("publsher = \"社\"\n");
        assert!(
            publsher.ends_with("(did you mean `publisher`?)"),
            "{publsher}"
        );
    }

    #[test]
    fn a_key_given_twice_is_answered_with_which_to_keep() {
        // the generated book.toml's `style = "…"` with its commented `[style]` table uncommented
        let style = err("style = \"style.toml\"\n[style]\npaper = \"B5\"\n");
        assert!(
            style.starts_with("book.toml: TOML parse error at line 5"),
            "{style}"
        );
        assert!(
            style.ends_with(
                "duplicate key\n`style` is given twice (first at line 4): `style = \"…\"` names the \
                 style file, a `[style]` table sets keys over a style; to keep the file and set keys \
                 over it, delete `style = \"…\"` and name the file in the table: \
                 `extends = \"style.toml\"`"
            ),
            "{style}"
        );
        let title = err("title = \"又一书\"\n");
        assert!(
            title.ends_with(
                "duplicate key\n`title` is given twice (first at line 1); keep one of them"
            ),
            "{title}"
        );
        // any other error says nothing of keys given twice
        let date = err("publisher = 1\n");
        assert!(!date.contains("twice"), "{date}");
    }
}
