//! The story files of a book folder: every `*.txt` and `*.md` in file-name order, or the list
//! `book.toml`'s `files` gives.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Extensions of story files in a book folder: plain text and Markdown.
pub(crate) const STORY_EXTENSIONS: &[&str] = &["txt", "md"];

/// Whether `path` names a Markdown story (`.md`, any case).
pub(super) fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("md"))
}

/// The story files of a folder (`*.txt`, `*.md`), sorted by file name; hidden files are skipped.
pub(super) fn story_files(dir: &Path) -> Result<Vec<PathBuf>> {
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
pub(super) fn listed_files(dir: &Path, meta_path: &Path, list: &[String]) -> Result<Vec<PathBuf>> {
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
