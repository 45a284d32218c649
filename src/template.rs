//! `huozi new`: a book folder to start from — `book.toml` with every key, a Markdown story using every
//! front matter field, a plain-text story, and a style that extends the default. The files are
//! `templates/new/`, embedded in the binary.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Date;

/// The files of a new book: name and text (`{{title}}`, `{{date}}` and `{{identifier}}` filled in).
const FILES: &[(&str, &str)] = &[
    ("book.toml", include_str!("../templates/new/book.toml")),
    ("style.toml", include_str!("../templates/new/style.toml")),
    ("01-夜读.md", include_str!("../templates/new/01-夜读.md")),
    ("02-冬泳.txt", include_str!("../templates/new/02-冬泳.txt")),
];

/// Writes a new book into `dir` (made if missing, with its parents): `book.toml`, `style.toml` and two
/// stories. The title is the folder's name; the date is `SOURCE_DATE_EPOCH`'s, else today's (UTC); the
/// identifier a UUID (v5) of the folder's path and the time. Returns the files written, in order.
///
/// Errors: [`Error::Input`] naming `dir` when it is a file or a folder that holds anything (nothing is
/// overwritten); [`Error::Io`] naming what could not be made or written.
pub fn new_book(dir: &Path) -> Result<Vec<PathBuf>> {
    let refuse = |message: &str| Error::Input {
        path: dir.to_path_buf(),
        line: None,
        message: message.to_string(),
    };
    if dir.exists() {
        if !dir.is_dir() {
            return Err(refuse("is a file, not a folder for a new book"));
        }
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            return Err(refuse(
                "is not empty: `huozi new` makes a book in a new or empty folder",
            ));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let absolute = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    let title = absolute
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty() && !n.contains(['"', '\\']))
        .unwrap_or("新书");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or((now / 1_000_000_000) as i64);
    let date =
        Date::from_unix_seconds(seconds).unwrap_or(Date::from_ymd(1970, 1, 1).expect("a date"));
    let name = format!("{}\n{now}", absolute.display());
    let uuid = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes());
    let calendar = format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
    let identifier = format!("urn:uuid:{uuid}");
    let values = [
        ("{{title}}", title),
        ("{{date}}", &calendar),
        ("{{identifier}}", &identifier),
    ];
    let mut written = Vec::new();
    for (file, text) in FILES {
        let text = filled(text, &values);
        let path = dir.join(file);
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// The cells, in a terminal, before the comment of a line of the new `book.toml` (a key set or commented
/// out, or a comment's next line): the template's own alignment, kept when a value is filled in.
const COMMENT_COLUMN: usize = 37;

/// `text` with each placeholder of `values` (`{{name}}`, value) replaced. On a line with a trailing comment
/// (`key = "{{name}}"   # …`) the spaces before the comment are made up again so that it starts at
/// [`COMMENT_COLUMN`] (at least one space), counting a wide character (CJK, UAX #11) as two cells, as a
/// terminal or an editor's CJK font shows them.
fn filled(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        if !line.contains("{{") {
            out.push_str(line);
            continue;
        }
        // the comment: the first `#` after the value's closing quote
        let comment =
            (line.rfind('"')).and_then(|quote| line[quote..].find('#').map(|at| quote + at));
        let (setting, comment) = match comment {
            Some(at) => (line[..at].trim_end(), Some(&line[at..])),
            None => (line, None),
        };
        let mut setting = setting.to_string();
        for (name, value) in values {
            setting = setting.replace(name, value);
        }
        out.push_str(&setting);
        if let Some(comment) = comment {
            let width = unicode_width::UnicodeWidthStr::width(setting.as_str());
            out.push_str(&" ".repeat(COMMENT_COLUMN.saturating_sub(width).max(1)));
            out.push_str(comment);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_value_keeps_the_comment_in_its_column() {
        let template = "title = \"{{title}}\"                  # the title page\nplain line\n";
        let cases = [
            (
                "nb",
                "title = \"nb\"                         # the title page\n",
            ),
            (
                "活字",
                "title = \"活字\"                       # the title page\n",
            ),
            (
                "一本名字很长很长很长的书",
                "title = \"一本名字很长很长很长的书\"   # the title page\n",
            ),
            (
                "名字长得过了注释那一列的书",
                "title = \"名字长得过了注释那一列的书\" # the title page\n",
            ),
            (
                "名字长得过了注释那一列的书籍",
                "title = \"名字长得过了注释那一列的书籍\" # the title page\n",
            ),
        ];
        for (title, line) in cases {
            let out = filled(template, &[("{{title}}", title)]);
            assert_eq!(out, format!("{line}plain line\n"));
        }
    }

    /// The comments of `text` set apart from what they follow (two spaces or more before a `#`): each
    /// line's cells before the comment.
    fn comment_columns(text: &str) -> Vec<(usize, &str)> {
        (text.lines())
            .filter_map(|line| {
                let at = line.find("  #")? + 2;
                let at = at + line[at..].find('#')?;
                Some((unicode_width::UnicodeWidthStr::width(&line[..at]), line))
            })
            .collect()
    }

    #[test]
    fn every_comment_of_the_new_book_starts_in_one_column() {
        let values = [
            ("{{title}}", "我的书"),
            ("{{date}}", "2026-12-06"),
            (
                "{{identifier}}",
                "urn:uuid:00000000-0000-4000-8000-000000000000",
            ),
        ];
        let book = filled(FILES[0].1, &values);
        let columns = comment_columns(&book);
        // every key of book.toml but the identifier (too long: one space) and `files` (likewise), and the
        // two comments carried to a second line
        assert_eq!(columns.len(), 26, "{book}");
        for (column, line) in columns {
            assert_eq!(column, COMMENT_COLUMN, "{line}");
        }
        // the other files' comments, each file's in a column of its own
        for (file, text) in &FILES[1..] {
            let columns = comment_columns(text);
            for (column, line) in &columns {
                assert_eq!(*column, columns[0].0, "{file}: {line}");
            }
        }
    }

    #[test]
    fn a_new_book_is_made_only_in_an_empty_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("我的书");
        let files = new_book(&dir).unwrap();
        assert_eq!(files.len(), 4);
        let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap();
        assert!(toml.contains("title = \"我的书\""), "{toml}");
        assert!(!toml.contains("{{"), "{toml}");
        let err = new_book(&dir).unwrap_err().to_string();
        assert!(err.contains("is not empty"), "{err}");
        let err = new_book(&dir.join("book.toml")).unwrap_err().to_string();
        assert!(err.contains("is a file"), "{err}");
    }
}
