//! `huozi watch`: wait for a book's files to change and hand each settled batch of changes to the caller
//! (which rebuilds). File events come from the `notify` crate (inotify on Linux, FSEvents on macOS,
//! ReadDirectoryChangesW on Windows); a batch is handed on once no event has come for the debounce time,
//! so an editor's save (write, rename, chmod) is one change. Opening and reading a file (which the build
//! itself does) is no change.

use std::ops::ControlFlow;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{Event, EventKind, RecursiveMode, Watcher};

use crate::error::{Error, Result};

/// The extensions of the files a book is made of: stories (`txt`, `md`, `markdown`), `book.toml` and
/// styles (`toml`), images (`png`, `jpg`, `jpeg`) and faces (`ttf`, `otf`, `ttc`). A change to any other
/// file (an editor's swap file, the outputs) starts no rebuild.
pub const WATCHED_EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "toml", "png", "jpg", "jpeg", "ttf", "otf", "ttc",
];

/// What [`watch`] watches.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Folders (watched with their subfolders) and files (watched through their folder, which a
    /// single story's `book.toml` lies in): the book folder or story file, and the style file.
    pub paths: Vec<PathBuf>,
    /// Folders whose changes start no rebuild: the output folder (the build's own writes).
    pub ignore: Vec<PathBuf>,
    /// How long a file must be quiet before its change is handed on (200 ms for `huozi watch`).
    pub debounce: Duration,
}

/// Watches `options.paths` and calls `on_change` once with no paths as soon as the watch is set up (for
/// the first build: a change from then on is seen), then with each settled batch of changed book files
/// (absolute paths, sorted, each once): files with one of the [`WATCHED_EXTENSIONS`], not hidden (no part of the
/// path below the watched folder starts with `.`, as the output set's lock and temporary folders and
/// most editors' swap files do) and not under `options.ignore`. It returns when `on_change` returns
/// [`ControlFlow::Break`]; otherwise it runs until the process ends.
///
/// Errors: [`Error::Io`] naming a path that cannot be watched (missing, or the system's limit on
/// watches reached), or the watcher failing later.
pub fn watch(
    options: &WatchOptions,
    mut on_change: impl FnMut(&[PathBuf]) -> ControlFlow<()>,
) -> Result<()> {
    let (sender, events) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher =
        notify::recommended_watcher(sender).map_err(|e| notify_error(options.paths.first(), e))?;
    let mut roots: Vec<PathBuf> = Vec::new();
    for path in &options.paths {
        let path = absolute(path)?;
        let (root, mode) = if path.is_dir() {
            (path, RecursiveMode::Recursive)
        } else {
            let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
            (parent, RecursiveMode::NonRecursive)
        };
        if roots.contains(&root) {
            continue;
        }
        watcher
            .watch(&root, mode)
            .map_err(|e| notify_error(Some(&root), e))?;
        roots.push(root);
    }
    let ignore = options
        .ignore
        .iter()
        .map(|p| absolute(p))
        .collect::<Result<Vec<_>>>()?;
    if on_change(&[]).is_break() {
        return Ok(());
    }
    let book_files = |event: notify::Result<Event>| -> Result<Vec<PathBuf>> {
        let event = event.map_err(|e| notify_error(roots.first(), e))?;
        Ok(match is_change(&event.kind) {
            true => (event.paths.into_iter())
                .filter(|p| is_book_file(p, &roots, &ignore))
                .collect(),
            false => Vec::new(),
        })
    };
    // Only a change to the book starts or prolongs a batch: the reads of a build, or of a viewer
    // reading the outputs, are dropped as they come.
    while let Ok(event) = events.recv() {
        let mut changed = book_files(event)?;
        if changed.is_empty() {
            continue;
        }
        let mut quiet_from = Instant::now() + options.debounce;
        loop {
            let wait = quiet_from.saturating_duration_since(Instant::now());
            match events.recv_timeout(wait) {
                Ok(event) => {
                    let more = book_files(event)?;
                    if !more.is_empty() {
                        changed.extend(more);
                        quiet_from = Instant::now() + options.debounce;
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        changed.sort();
        changed.dedup();
        if on_change(&changed).is_break() {
            break;
        }
    }
    Ok(())
}

/// Whether an event of `kind` changes a file: made, written, renamed, removed, or its metadata changed
/// (`touch`); not opened, read or closed after reading, and not a new access time.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// Whether a change to `path` is a change to the book (see [`watch`]).
fn is_book_file(path: &Path, roots: &[PathBuf], ignore: &[PathBuf]) -> bool {
    let watched = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| WATCHED_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
    let Some(below) = roots.iter().find_map(|root| path.strip_prefix(root).ok()) else {
        return false;
    };
    let hidden = below.components().any(|c| match c {
        Component::Normal(name) => name.to_string_lossy().starts_with('.'),
        _ => false,
    });
    watched && !hidden && !ignore.iter().any(|dir| path.starts_with(dir))
}

/// `path` made absolute against the working folder (not resolved: the watcher reports paths as given).
fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|e| Error::io(path, e))
}

/// An [`Error::Io`] for a watcher's failure at `path`.
fn notify_error(path: Option<&PathBuf>, e: notify::Error) -> Error {
    Error::io(
        path.cloned().unwrap_or_default(),
        std::io::Error::other(format!("cannot watch for changes: {e}")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_books_own_files_count_as_changes() {
        let roots = [PathBuf::from("/b")];
        let ignore = [PathBuf::from("/b/out")];
        let counts = |p: &str| is_book_file(Path::new(p), &roots, &ignore);
        assert!(counts("/b/01.md"));
        assert!(counts("/b/book.toml"));
        assert!(counts("/b/images/a.JPG"));
        assert!(!counts("/b/out/book.pdf"));
        assert!(!counts("/b/out/x.md"));
        assert!(!counts("/b/.01.md.swp"));
        assert!(!counts("/b/.out.huozi-next-1/book.toml"));
        assert!(!counts("/b/01.md~"));
        assert!(!counts("/elsewhere/01.md"));
    }

    #[test]
    fn opening_and_reading_are_no_change() {
        use notify::event::DataChange;
        let open = EventKind::Access(AccessKind::Open(AccessMode::Any));
        assert!(!is_change(&open));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        let touched = ModifyKind::Metadata(MetadataKind::WriteTime);
        assert!(is_change(&EventKind::Modify(touched)));
    }

    #[test]
    fn a_write_reaches_the_caller_once_settled() {
        let dir = tempfile::tempdir().expect("temp dir");
        let story = dir.path().join("01.md");
        std::fs::write(&story, "甲").expect("write");
        let options = WatchOptions {
            paths: vec![dir.path().to_path_buf()],
            ignore: vec![dir.path().join("out")],
            debounce: Duration::from_millis(100),
        };
        let writer = story.clone();
        let out = dir.path().join("out");
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            std::fs::create_dir_all(&out).expect("out");
            std::fs::write(out.join("book.md"), "x").expect("write out");
            std::fs::read(&writer).expect("read");
            std::thread::sleep(Duration::from_millis(300));
            std::fs::write(&writer, "乙").expect("write");
        });
        let mut seen = Vec::new();
        watch(&options, |changed| {
            seen.extend_from_slice(changed);
            if changed.is_empty() {
                ControlFlow::Continue(())
            } else {
                ControlFlow::Break(())
            }
        })
        .expect("watch");
        assert_eq!(seen, vec![std::path::absolute(&story).expect("absolute")]);
    }
}
