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

/// The book folder every input file must resolve into (after symlinks), unless outside paths are allowed:
/// a book is its folder, so that a `book.toml` or a story from elsewhere cannot pull `/etc/passwd`, a
/// private key or another user's file into a published book.
#[derive(Debug, Clone)]
pub(crate) struct BookRoot {
    /// The folder, canonical (symlinks resolved).
    dir: PathBuf,
    /// `--allow-outside-paths`: files outside `dir` are read too.
    allow_outside: bool,
}

impl BookRoot {
    /// The root of the book at `input`: the folder itself, or a single story file's folder (the current
    /// folder for `-`, standard input).
    ///
    /// Errors: [`Error::Io`] naming `input` when it cannot be resolved.
    pub(crate) fn of(input: &Path, allow_outside: bool) -> Result<BookRoot> {
        // standard input (`-`): the current folder
        let input = if input == Path::new("-") {
            Path::new(".")
        } else {
            input
        };
        let canonical = std::fs::canonicalize(input).map_err(|e| Error::io(input, e))?;
        let dir = if canonical.is_dir() {
            canonical
        } else {
            canonical
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or(canonical)
        };
        Ok(BookRoot { dir, allow_outside })
    }

    /// Checks that `file` (a path as the input gave it, `what` saying what it is: `story file`, `image`,
    /// `cover`) exists and resolves inside the book folder.
    ///
    /// Errors: a message for the caller to place (file and line) when the file cannot be resolved or lies
    /// outside the folder.
    pub(crate) fn check(&self, file: &Path, what: &str) -> std::result::Result<(), String> {
        let real = std::fs::canonicalize(file)
            .map_err(|e| format!("{what} {} cannot be read: {e}", file.display()))?;
        if self.allow_outside || real.starts_with(&self.dir) {
            return Ok(());
        }
        let via = if real.as_path() == file {
            String::new()
        } else {
            format!(" (it resolves to {})", real.display())
        };
        Err(format!(
            "{what} {} is outside the book folder {}{via}: a book reads only files in its folder \
             (--allow-outside-paths allows others)",
            file.display(),
            self.dir.display()
        ))
    }
}
