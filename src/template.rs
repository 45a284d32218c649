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
    let mut written = Vec::new();
    for (file, text) in FILES {
        let text = text
            .replace("{{title}}", title)
            .replace("{{date}}", &calendar)
            .replace("{{identifier}}", &format!("urn:uuid:{uuid}"));
        let path = dir.join(file);
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

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
