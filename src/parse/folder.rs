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
        // the entry's kind as the folder lists it (no call to the system where it says); a symlink is
        // followed
        let file =
            |kind: std::fs::FileType| kind.is_file() || (kind.is_symlink() && path.is_file());
        let is_story = path
            .extension()
            .is_some_and(|x| STORY_EXTENSIONS.iter().any(|e| x.eq_ignore_ascii_case(e)))
            && !name.to_string_lossy().starts_with('.')
            && entry.file_type().is_ok_and(file);
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

/// The story file nearest `path`, a book's path that does not exist, among the story files of its folder
/// (which does): `mybook/01-大棚.txt` for `mybook/01-大棚.tx`, as for a name `files =` lists
/// ([`nearest_story`]); `None` when the folder is missing or holds no story file near the name. For the
/// hint after a mistyped path.
pub fn nearest_story_file(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let dir = match path.parent() {
        Some(p) if p.as_os_str().is_empty() => Path::new("."),
        Some(p) => p,
        None => return None,
    };
    if !dir.is_dir() {
        return None;
    }
    let near = nearest_story(dir, name)?;
    Some(path.with_file_name(near))
}

/// The bytes of the story files of the book at `path` before it is read: the file itself, or the story
/// files [`story_files`] finds in the folder (`files = […]` in `book.toml` is not read: a folder's
/// files are what a book holds nearly always); 0 for what cannot be listed (a missing path, standard
/// input, a folder without stories). For sizing the build before the book is read (the executable's
/// heap); the book's size is known exactly once it is read.
pub fn story_bytes(path: &Path) -> u64 {
    let Ok(meta) = std::fs::metadata(path) else {
        return 0;
    };
    if meta.is_file() {
        return meta.len();
    }
    (story_files(path).into_iter().flatten())
        .filter_map(|file| std::fs::metadata(file).ok())
        .map(|meta| meta.len())
        .sum()
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
                let near = (nearest_story(dir, name))
                    .map(|n| format!(" (did you mean {n:?}?)"))
                    .unwrap_or_default();
                Err(Error::Config {
                    path: meta_path.to_path_buf(),
                    message: format!(
                        "files lists {name:?}, which is not a file in {}{near}",
                        dir.display()
                    ),
                })
            }
        })
        .collect()
}

/// The story file of `dir` whose name is nearest `name`, a name `files =` lists that is not a file
/// there: the one with the same stem (`02-冬泳.txt` for `02-冬泳.md`), else the one alone at the least
/// edit distance, if that is at most a third of `name`'s characters (Damerau–Levenshtein, `strsim`).
/// `None` when no story file is near or two are equally near.
fn nearest_story(dir: &Path, name: &str) -> Option<String> {
    let stem = |n: &str| {
        Path::new(n)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
    };
    let names: Vec<String> = (story_files(dir).ok()?.iter())
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    let same_stem: Vec<&String> = (names.iter())
        .filter(|n| stem(n).is_some() && stem(n) == stem(name))
        .collect();
    if let [one] = same_stem[..] {
        return Some(one.clone());
    }
    let slip = crate::error::slip_of(name, name.chars().count(), names.iter().map(String::as_str));
    slip.map(|i| names[i].clone())
}

/// The book folder every input file must resolve into (after symlinks), unless outside paths are allowed:
/// a book is its folder, so that a `book.toml` or a story from elsewhere cannot pull `/etc/passwd`, a
/// private key or another user's file into a published book.
#[derive(Debug, Clone)]
pub(crate) struct BookRoot {
    /// The folder, canonical (symlinks resolved).
    dir: PathBuf,
    /// The folder as the input named it (`.` for standard input); `None` for a single story file.
    given: Option<PathBuf>,
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
        let (dir, given) = if canonical.is_dir() {
            (canonical, Some(input.to_path_buf()))
        } else {
            let dir = canonical.parent().map(Path::to_path_buf);
            (dir.unwrap_or(canonical), None)
        };
        Ok(BookRoot {
            dir,
            given,
            allow_outside,
        })
    }

    /// Checks that `file` (a path as the input gave it, `what` saying what it is: `story file`, `image`,
    /// `cover`) exists and resolves inside the book folder.
    ///
    /// Errors: a message for the caller to place (file and line) when the file cannot be resolved or lies
    /// outside the folder.
    pub(crate) fn check(&self, file: &Path, what: &str) -> std::result::Result<(), String> {
        // a file (not a symlink) in the folder as the input named it lies in the canonical folder: one
        // call to the system instead of one per part of its path (a book of many story files, issue 13)
        if self.given.is_some()
            && file.parent() == self.given.as_deref()
            && std::fs::symlink_metadata(file).is_ok_and(|m| m.file_type().is_file())
        {
            return Ok(());
        }
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A name `files =` lists that is not there is answered with the story file of the same stem, or
    /// the one a slip away; with nothing when none is near or two are as near.
    #[test]
    fn a_listed_file_not_there_is_answered_with_the_nearest_story() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        for name in ["01-夜读.md", "02-冬泳.txt", "03-a.txt", "03-b.txt"] {
            std::fs::write(dir.join(name), "标题\n\n正文。\n").unwrap();
        }
        let meta = dir.join("book.toml");
        let said =
            |name: &str| (listed_files(dir, &meta, &[name.to_string()]).unwrap_err()).to_string();
        assert!(
            said("02-冬泳.md").ends_with("(did you mean \"02-冬泳.txt\"?)"),
            "{}",
            said("02-冬泳.md")
        );
        assert!(said("01-夜渎.md").ends_with("(did you mean \"01-夜读.md\"?)"));
        assert!(said("03-c.txt").ends_with(&format!("not a file in {}", dir.display())));
        assert!(said("elsewhere.txt").ends_with(&format!("not a file in {}", dir.display())));
        assert_eq!(
            listed_files(dir, &meta, &["03-a.txt".into()]).unwrap(),
            [dir.join("03-a.txt")]
        );
    }

    #[test]
    fn a_book_s_size_is_its_story_files_before_it_is_read() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("a.txt"), [b'a'; 10]).unwrap();
        std::fs::write(dir.join("b.MD"), [b'b'; 20]).unwrap();
        // not a story of a folder: what the book reads is what is counted
        std::fs::write(dir.join("c.markdown"), [b'c'; 30]).unwrap();
        std::fs::write(dir.join(".d.txt"), [b'd'; 35]).unwrap();
        std::fs::write(dir.join("book.toml"), [b'd'; 40]).unwrap();
        std::fs::write(dir.join("cover.png"), [b'e'; 50]).unwrap();
        std::fs::create_dir(dir.join("more.txt")).unwrap();
        assert_eq!(story_bytes(dir), 30);
        assert_eq!(story_bytes(&dir.join("cover.png")), 50);
        assert_eq!(story_bytes(&dir.join("none")), 0);
        assert_eq!(
            story_bytes(&dir.join("more.txt")),
            0,
            "a folder without stories"
        );
    }

    #[test]
    fn story_files_follow_symlinks_to_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("b.txt"), "正文").unwrap();
        std::fs::write(d.join(".hidden.txt"), "正文").unwrap();
        std::fs::write(d.join("notes.rst"), "正文").unwrap();
        std::fs::create_dir(d.join("folder.txt")).unwrap();
        symlink(d.join("b.txt"), d.join("a.md")).unwrap();
        symlink(d.join("folder.txt"), d.join("c.txt")).unwrap();
        symlink(d.join("gone.txt"), d.join("d.txt")).unwrap();
        let names: Vec<String> = (story_files(d).unwrap().iter())
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.md", "b.txt"]);
    }

    #[test]
    fn a_file_in_the_folder_is_inside_and_a_symlink_out_of_it_is_not() {
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.txt");
        std::fs::write(&secret, "x").unwrap();
        // the book folder beside the secret, so that `../secret.txt` names a file that is there
        let book = outside.path().join("book");
        let d = book.as_path();
        std::fs::create_dir(d).unwrap();
        std::fs::write(d.join("a.txt"), "x").unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/b.txt"), "x").unwrap();
        symlink(&secret, d.join("link.txt")).unwrap();
        symlink(d.join("a.txt"), d.join("inner.txt")).unwrap();
        // the folder named through a symlink and with a trailing slash: the same folder
        let via = outside.path().join("via");
        symlink(d, &via).unwrap();
        for given in [
            d.to_path_buf(),
            via.clone(),
            PathBuf::from(format!("{}/", d.display())),
        ] {
            let root = BookRoot::of(&given, false).unwrap();
            for inside in ["a.txt", "sub/b.txt", "inner.txt", "sub/../a.txt"] {
                assert_eq!(
                    root.check(&given.join(inside), "story file"),
                    Ok(()),
                    "{inside}"
                );
            }
            let err = root
                .check(&given.join("link.txt"), "story file")
                .unwrap_err();
            assert!(err.contains("is outside the book folder"), "{err}");
            let err = root
                .check(&given.join("../secret.txt"), "story file")
                .unwrap_err();
            assert!(
                err.contains("is outside the book folder"),
                "{given:?}: {err}"
            );
        }
        // a single story file's book: its folder, by resolving every path
        let root = BookRoot::of(&d.join("a.txt"), false).unwrap();
        assert_eq!(root.check(&d.join("inner.txt"), "story file"), Ok(()));
        assert!(root.check(&d.join("link.txt"), "story file").is_err());
    }
}
