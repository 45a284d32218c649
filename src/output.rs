//! Writing a build's outputs as a set: the EPUB, the PDF (and the layout JSON) of one build land together
//! or not at all, whatever happens — a full disk, `kill -9`, a second build into the same folder.
//!
//! - [`check`] runs before anything is written: the output folder is a folder (or absent), no output is a
//!   folder or lies in a missing one, no two outputs are one file and no output is an input of the build.
//! - [`write_set`] takes the folder's lock (an advisory `flock` on `.<name>.huozi.lock` beside the output
//!   folder `<name>`: a second build waits for the first and then replaces its pair with its own), removes
//!   what a killed build left (below), and writes the set in one of two ways:
//!   - **Folder swap** (the usual case: every output lies in the output folder, which holds nothing but
//!     huozi's outputs, is owned by the user and is not the working folder): the new set is written,
//!     flushed, into a folder `.<name>.huozi-next-<id>` beside the output folder, which then trades places
//!     with the output folder in one atomic step (Linux `renameat2(RENAME_EXCHANGE)`; a rename when the
//!     output folder does not exist yet). The folder never holds a mix: before the step it holds the old
//!     set, after it the new one. The old set, now in the `-next-` folder, is removed.
//!   - **Renames** (outputs elsewhere, other files in the output folder, or a file system without
//!     `RENAME_EXCHANGE`): the set is written into `.huozi-tmp-<id>` inside the output folder and committed
//!     by renaming that folder to `.huozi-commit-<id>` — the one atomic step; then each file is renamed onto
//!     its place and the folder removed. No file system replaces two names in one step, so a kill that
//!     lands between those renames (back to back, microseconds) leaves the new EPUB beside the old PDF until
//!     the next build into the folder, which completes the committed set before anything else.
//! - Recovery, at the start of the next build into the folder: a `-next-` folder beside it is removed
//!   (before the swap it is the incomplete new set, after it the old set); a `.huozi-commit-*` folder is a
//!   complete set whose renames were interrupted, so they are finished (roll forward); a `.huozi-tmp-*`
//!   folder is an incomplete set and is removed, as is an earlier huozi's `.tmpXXXXXX` file.
//!
//! - One file (`-o FILE`, [`write_file`]) is written into a temporary beside it and renamed onto it, under
//!   a lock on its folder itself, so nothing but the file is left in the folder or beside it.
//!
//! Flushing to disk (`fsync` of each file and of the folders renamed in) is asked for by `durable`
//! (`huozi build --sync`): without it the set is just as atomic against a kill, a full disk and a second
//! build — those are settled in the page cache — but a power cut soon after a build may leave the new files
//! empty, as after any build tool that does not flush (cargo, Typst, pandoc). A build is cheap to repeat; a
//! flush costs a few milliseconds per file: 5–10 ms of the sample's 40–80 ms build.
//!
//! Files are created with the process's umask (0666 masked), like any file a tool writes; a swapped-in
//! output folder takes the old one's permissions.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The lock file's suffix: `.<name>.huozi.lock` beside the output folder `<name>`; an earlier huozi's lock
/// of this name inside the output folder counts as one of huozi's outputs.
const LOCK: &str = ".huozi.lock";
/// Infix of the folder a swapped set is written into: `.<name>.huozi-next-<id>` beside the output folder.
const NEXT: &str = ".huozi-next-";
/// Prefix of an incomplete set's folder.
const TMP: &str = ".huozi-tmp-";
/// Prefix of a committed set's folder.
const COMMIT: &str = ".huozi-commit-";
/// The list of targets in a set's folder: one absolute path a line, file `0`, `1`, … in that order.
const MANIFEST: &str = "targets";

/// Checks the output paths before anything is written: `out_dir` is a folder or absent; each of `outputs`
/// (paths inside `out_dir` or elsewhere) is not a folder, lies in an existing folder (or in `out_dir`), is
/// not another output and is none of `inputs` (after symlinks).
///
/// Errors: [`Error::Input`] naming the output path and what is wrong; every problem is reported.
pub(crate) fn check(out_dir: &Path, outputs: &[&Path], inputs: &[PathBuf]) -> Result<()> {
    let bad = |path: &Path, message: String| Error::Input {
        path: path.to_path_buf(),
        line: None,
        message,
    };
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(bad(
            out_dir,
            "the output path is a file, not a folder".into(),
        ));
    }
    // an input can be an output only if it is the file the output resolves to ([`identity`]), which then
    // exists: only inputs of such a file's device and inode are resolved themselves (a book of many story
    // files, issue 13)
    let existing: Vec<FileId> = (outputs.iter())
        .filter_map(|o| identity(o).and_then(|p| file_id(&p)))
        .collect();
    // such an input is both the file it resolves to and its own name (a symlink the rename would replace)
    let inputs: Vec<PathBuf> = (inputs.iter())
        .filter(|p| file_id(p).is_some_and(|id| existing.contains(&id)))
        .flat_map(|p| [identity(p), entry(p)])
        .flatten()
        .collect();
    let mut problems = Vec::new();
    let mut seen: Vec<(PathBuf, &Path)> = Vec::new();
    for &out in outputs {
        if out.is_dir() {
            problems.push(bad(out, "an output file is a folder".into()));
            continue;
        }
        if out.to_str().is_none() {
            problems.push(bad(out, "an output path must be UTF-8".into()));
            continue;
        }
        let parent = parent(out);
        if !parent.is_dir() && parent != out_dir {
            problems.push(bad(
                out,
                format!("the folder {} does not exist", parent.display()),
            ));
            continue;
        }
        let Some(id) = identity(out) else { continue };
        if inputs.contains(&id) {
            problems.push(bad(
                out,
                "an output may not be one of the build's inputs (it would be overwritten)".into(),
            ));
        }
        if let Some((_, first)) = seen.iter().find(|(s, _)| *s == id) {
            problems.push(bad(
                out,
                format!("two outputs are one file (also {})", first.display()),
            ));
        }
        seen.push((id, out));
    }
    Error::all(problems)
}

/// The folder of `path` (`.` for a bare file name).
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// A file's identity where the system gives one (its device and inode on Unix; elsewhere every file
/// alike, so that nothing is told apart by it).
type FileId = (u64, u64);

/// The identity of the file `path` names, after symlinks; `None` when the system cannot tell it (no such
/// file, a trailing `/` after a file's name, no permission, a loop of symlinks).
fn file_id(path: &Path) -> Option<FileId> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some((0, 0))
    }
}

/// The folder entry `path` names: its folder after symlinks, joined with its name (itself not followed, so
/// a symlink is the link, not its target); `None` when the folder does not resolve.
fn entry(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    std::fs::canonicalize(parent(path))
        .ok()
        .map(|d| d.join(name))
}

/// What `path` names, after symlinks: the canonical path of the file, or of its folder joined with its
/// name when the file does not exist yet; `None` when neither resolves (a folder still to be made).
fn identity(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    path.file_name()?;
    entry(path).or_else(|| std::path::absolute(path).ok())
}

/// Writes `outputs` (target path, bytes) as one set through `out_dir` (see the module docs); creates
/// `out_dir` when missing; `durable`: each file and folder flushed to disk before the set lands (see the
/// module docs). [`check`] must have passed.
///
/// Errors: [`Error::Io`] naming the file that could not be written; the outputs are then as they were.
pub(crate) fn write_set(out_dir: &Path, outputs: &[(&Path, &[u8])], durable: bool) -> Result<()> {
    let home = Home::of(out_dir, durable)?;
    let lock_path = home.beside(LOCK);
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| Error::io(&lock_path, e))?;
    lock.lock().map_err(|e| Error::io(&lock_path, e))?;
    home.recover()?;
    let id = format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    );
    if !(home.swappable(outputs) && home.swap(outputs, &id)?) {
        rename_set(&home.path, outputs, &id, durable)?;
    }
    drop(lock);
    Ok(())
}

/// Writes one file (`-o FILE`) in place of `path`, leaving nothing else behind: under an advisory `flock`
/// on its folder itself (a second build of the same file waits), a killed build's temporary for this name
/// (`.<name>.huozi-tmp-<id>`) is removed, the bytes are written and flushed into a new temporary beside
/// `path`, which is then renamed onto it in one atomic step: `path` holds the old file or the new one,
/// never a part; `durable`: the file and its folder flushed to disk. [`check`] must have passed.
///
/// Errors: [`Error::Io`] naming the file or folder that could not be written; `path` is then as it was.
pub(crate) fn write_file(path: &Path, bytes: &[u8], durable: bool) -> Result<()> {
    let dir = parent(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::io(path, std::io::Error::other("not a file name")))?;
    let lock = File::open(dir).map_err(|e| Error::io(dir, e))?;
    lock.lock().map_err(|e| Error::io(dir, e))?;
    let prefix = format!(".{name}{TMP}");
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries.filter_map(|e| e.ok()) {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let stale = entry.path();
            std::fs::remove_file(&stale).map_err(|e| Error::io(&stale, e))?;
        }
    }
    let tmp = dir.join(format!("{prefix}{}", std::process::id()));
    let written = write_synced(&tmp, bytes, durable).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    sync_dir(dir, durable)?;
    drop(lock);
    Ok(())
}

/// The output folder, as the file system names it.
struct Home {
    /// Its canonical path (symlinks resolved; the folder may not exist yet).
    path: PathBuf,
    /// Its parent folder (canonical; exists).
    parent: PathBuf,
    /// Its name in `parent`.
    name: String,
    /// Files and folders are flushed to disk.
    durable: bool,
}

impl Home {
    /// The output folder `out_dir` (`durable`: flushed to disk); its parent folder is created when
    /// missing.
    fn of(out_dir: &Path, durable: bool) -> Result<Home> {
        let absolute = std::path::absolute(out_dir).map_err(|e| Error::io(out_dir, e))?;
        let path = std::fs::canonicalize(&absolute).unwrap_or(absolute);
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return Err(Error::io(
                out_dir,
                std::io::Error::other("the output folder may not be the root folder"),
            ));
        };
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let parent = std::fs::canonicalize(parent).map_err(|e| Error::io(parent, e))?;
        let name = name.to_string_lossy().into_owned();
        Ok(Home {
            path: parent.join(&name),
            parent,
            name,
            durable,
        })
    }

    /// `.<name><suffix>` beside the output folder.
    fn beside(&self, suffix: &str) -> PathBuf {
        self.parent.join(format!(".{}{suffix}", self.name))
    }

    /// Removes the `-next-` folders beside the output folder and finishes or removes the sets a killed
    /// build left inside it (the caller holds the lock, so no live build owns them).
    fn recover(&self) -> Result<()> {
        let prefix = format!(".{}{NEXT}", self.name);
        let entries = std::fs::read_dir(&self.parent).map_err(|e| Error::io(&self.parent, e))?;
        for entry in entries.filter_map(|e| e.ok()) {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let path = entry.path();
                std::fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
            }
        }
        if self.path.is_dir() {
            recover(&self.path, self.durable)?;
        }
        Ok(())
    }

    /// Whether the set may land by a folder swap: every output lies directly in the output folder, which
    /// is absent or holds only regular files named like the outputs (or an earlier lock) and is not the
    /// working folder.
    fn swappable(&self, outputs: &[(&Path, &[u8])]) -> bool {
        let names: Vec<String> = outputs
            .iter()
            .filter(|(target, _)| identity(parent(target)).as_deref() == Some(self.path.as_path()))
            .filter_map(|(target, _)| target.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        if names.len() != outputs.len() {
            return false;
        }
        if std::env::current_dir()
            .and_then(std::fs::canonicalize)
            .is_ok_and(|cwd| cwd.starts_with(&self.path))
        {
            return false;
        }
        match std::fs::read_dir(&self.path) {
            Err(e) => e.kind() == std::io::ErrorKind::NotFound,
            Ok(entries) => entries.filter_map(|e| e.ok()).all(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (names.contains(&name) || name == LOCK) && e.file_type().is_ok_and(|t| t.is_file())
            }),
        }
    }

    /// Writes the set into a `-next-` folder and trades it for the output folder in one step; `false`
    /// (nothing changed) when the file system cannot exchange folders or the output folder is another
    /// user's.
    fn swap(&self, outputs: &[(&Path, &[u8])], id: &str) -> Result<bool> {
        let next = self.beside(&format!("{NEXT}{id}"));
        if let Err(e) = stage_named(&next, outputs, self.durable) {
            let _ = std::fs::remove_dir_all(&next);
            return Err(e);
        }
        match std::fs::metadata(&self.path) {
            Err(_) => std::fs::rename(&next, &self.path).map_err(|e| Error::io(&self.path, e))?,
            Ok(old) => {
                if !same_owner(&old, &next) {
                    std::fs::remove_dir_all(&next).map_err(|e| Error::io(&next, e))?;
                    return Ok(false);
                }
                std::fs::set_permissions(&next, old.permissions())
                    .map_err(|e| Error::io(&next, e))?;
                if exchange(&next, &self.path).is_err() {
                    std::fs::remove_dir_all(&next).map_err(|e| Error::io(&next, e))?;
                    return Ok(false);
                }
            }
        }
        sync_dir(&self.parent, self.durable)?;
        if next.exists() {
            std::fs::remove_dir_all(&next).map_err(|e| Error::io(&next, e))?;
        }
        Ok(true)
    }
}

/// Whether the folder `old` describes has the owner of the folder `new`.
fn same_owner(old: &std::fs::Metadata, new: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(new).is_ok_and(|n| n.uid() == old.uid() && n.gid() == old.gid())
    }
    #[cfg(not(unix))]
    {
        let _ = (old, new);
        true
    }
}

/// Trades the names of the folders `a` and `b` in one atomic step (Linux `renameat2` with
/// `RENAME_EXCHANGE`). Errors: the system's, e.g. `EINVAL` where the file system cannot exchange, and
/// `Unsupported` on other systems.
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = (a, b);
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// Writes each output into the new folder `dir` under its own file name, flushed, and flushes `dir`.
fn stage_named(dir: &Path, outputs: &[(&Path, &[u8])], durable: bool) -> Result<()> {
    std::fs::create_dir(dir).map_err(|e| Error::io(dir, e))?;
    let name = |_, target: &Path| dir.join(target.file_name().expect("checked: a file name"));
    write_outputs(outputs, name, durable)?;
    sync_dir(dir, durable)
}

/// Outputs of this many bytes or more are written at once, each on a thread of its own: the files of a
/// long book (a PDF of 45 MB and an EPUB of 16 MB: 85 ms one after the other, 45 ms side by side; issue
/// 13). One file is not split between threads: its two halves written at once measured no faster. Below
/// this a thread costs more than it saves.
const AT_ONCE_FROM: usize = 1 << 20;

/// Writes each of `outputs` to the path `path` gives it (from its index and target), flushed when
/// `durable`; those of [`AT_ONCE_FROM`] bytes or more but the first at once, on threads of their own (in
/// turn when the system gives no thread).
///
/// Errors: [`Error::Io`] naming the target of the first output, in order, that could not be written.
fn write_outputs(
    outputs: &[(&Path, &[u8])],
    path: impl Fn(usize, &Path) -> PathBuf + Sync,
    durable: bool,
) -> Result<()> {
    let write = |i: usize| {
        let (target, bytes) = outputs[i];
        write_synced(&path(i, target), bytes, durable).map_err(|e| Error::io(target, e))
    };
    std::thread::scope(|scope| {
        let apart: Vec<_> = (outputs.iter().enumerate())
            .map(|(i, (_, bytes))| {
                let thread = std::thread::Builder::new();
                (i > 0 && bytes.len() >= AT_ONCE_FROM)
                    .then(|| {
                        let write = move || {
                            crate::threads::started();
                            write(i)
                        };
                        thread.spawn_scoped(scope, write).ok()
                    })
                    .flatten()
            })
            .collect();
        (apart.into_iter().enumerate()).try_for_each(|(i, thread)| match thread {
            Some(thread) => (thread.join()).unwrap_or_else(|p| std::panic::resume_unwind(p)),
            None => write(i),
        })
    })
}

/// Writes the set into `out_dir` by the commit folder and one rename per file (see the module docs).
fn rename_set(out_dir: &Path, outputs: &[(&Path, &[u8])], id: &str, durable: bool) -> Result<()> {
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let tmp = out_dir.join(format!("{TMP}{id}"));
    let commit = out_dir.join(format!("{COMMIT}{id}"));
    if let Err(e) = stage(&tmp, outputs, durable) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, &commit).map_err(|e| Error::io(&commit, e))?;
    sync_dir(out_dir, durable)?;
    finish(&commit, durable)
}

/// Writes each output into the new folder `tmp` as `0`, `1`, …, flushed, and the manifest naming their
/// targets (absolute).
fn stage(tmp: &Path, outputs: &[(&Path, &[u8])], durable: bool) -> Result<()> {
    std::fs::create_dir(tmp).map_err(|e| Error::io(tmp, e))?;
    write_outputs(outputs, |i, _| tmp.join(i.to_string()), durable)?;
    let mut manifest = String::new();
    for (target, _) in outputs {
        let absolute = identity(target).unwrap_or_else(|| target.to_path_buf());
        manifest.push_str(absolute.to_str().expect("checked: UTF-8"));
        manifest.push('\n');
    }
    write_synced(&tmp.join(MANIFEST), manifest.as_bytes(), durable)
        .map_err(|e| Error::io(tmp, e))?;
    sync_dir(tmp, durable)
}

/// Creates `path` (mode from the umask), writes `bytes` and, when `durable`, flushes them to disk.
fn write_synced(path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    if durable {
        file.sync_all()?;
    }
    Ok(())
}

/// Flushes a folder's entries (renames, new files) to disk when `durable`; a no-op where folders cannot be
/// opened.
fn sync_dir(dir: &Path, durable: bool) -> Result<()> {
    if !durable {
        return Ok(());
    }
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(dir, e))?;
    let _ = dir;
    Ok(())
}

/// Renames each file of the committed set `commit` onto its target (those already moved are skipped), then
/// removes the folder; `durable`: flushed to disk.
fn finish(commit: &Path, durable: bool) -> Result<()> {
    let manifest_path = commit.join(MANIFEST);
    let manifest = match std::fs::read_to_string(&manifest_path) {
        Ok(m) => m,
        // removed last, after every rename: a build killed while removing the folder left the rest
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(&manifest_path, e)),
    };
    for (i, target) in manifest.lines().enumerate() {
        let staged = commit.join(i.to_string());
        if !staged.exists() {
            continue;
        }
        let target = Path::new(target);
        match std::fs::rename(&staged, target) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::CrossesDevices => {
                // a layout JSON on another file system: copied beside its target, then renamed there
                let beside = parent(target).join(format!(
                    ".{}.huozi-part",
                    target
                        .file_name()
                        .map_or("out".into(), |n| n.to_string_lossy())
                ));
                std::fs::copy(&staged, &beside).map_err(|e| Error::io(target, e))?;
                if durable {
                    File::open(&beside)
                        .and_then(|f| f.sync_all())
                        .map_err(|e| Error::io(target, e))?;
                }
                std::fs::rename(&beside, target).map_err(|e| Error::io(target, e))?;
            }
            Err(e) => return Err(Error::io(target, e)),
        }
    }
    // the renames follow one another with nothing between them; their folders are flushed after
    for target in manifest.lines() {
        sync_dir(parent(Path::new(target)), durable)?;
    }
    if manifest_path.exists() {
        std::fs::remove_file(&manifest_path).map_err(|e| Error::io(&manifest_path, e))?;
    }
    std::fs::remove_dir_all(commit).map_err(|e| Error::io(commit, e))
}

/// Finishes the committed sets and removes the incomplete ones that killed builds left in `out_dir` (the
/// caller holds the lock, so no live build owns them).
fn recover(out_dir: &Path, durable: bool) -> Result<()> {
    let entries = std::fs::read_dir(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let mut found: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    found.sort();
    for path in found {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        match name.as_deref() {
            Some(n) if n.starts_with(COMMIT) => finish(&path, durable)?,
            Some(n) if n.starts_with(TMP) => {
                std::fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?
            }
            // a temporary file of an earlier huozi (`tempfile`'s `.tmp` + 6 letters or digits)
            Some(n)
                if n.len() == 10
                    && n.starts_with(".tmp")
                    && n[4..].bytes().all(|b| b.is_ascii_alphanumeric())
                    && path.is_file() =>
            {
                std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_lands_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let (a, b) = (out.join("book.epub"), out.join("book.pdf"));
        write_set(&out, &[(&a, b"epub 1"), (&b, b"pdf 1")], true).unwrap();
        write_set(&out, &[(&a, b"epub 2"), (&b, b"pdf 2")], true).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"epub 2");
        assert_eq!(std::fs::read(&b).unwrap(), b"pdf 2");
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["book.epub", "book.pdf"]);
        // beside the folder: its lock, and no -next- folder
        let mut beside: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        beside.sort();
        assert_eq!(beside, [format!(".out{LOCK}"), "out".into()]);
    }

    /// Outputs of a long book, written side by side, land whole, each in its place, by a swap and by
    /// renames; one that fails is named.
    #[test]
    fn large_outputs_written_at_once_land_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let (a, b, c) = (out.join("a.epub"), out.join("a.pdf"), out.join("a.json"));
        let big = |seed: u8, len: usize| -> Vec<u8> {
            (0..len).map(|i| (i % 251) as u8 ^ seed).collect()
        };
        let (x, y) = (big(1, 3 * AT_ONCE_FROM + 7), big(2, AT_ONCE_FROM));
        for round in 0..2 {
            if round == 1 {
                std::fs::write(out.join("notes.txt"), "keep").unwrap();
            }
            write_set(&out, &[(&a, &x), (&b, &y), (&c, b"{}")], false).unwrap();
            assert_eq!(std::fs::read(&a).unwrap(), x);
            assert_eq!(std::fs::read(&b).unwrap(), y);
            assert_eq!(std::fs::read(&c).unwrap(), b"{}");
            write_set(&out, &[(&a, &y), (&b, &x), (&c, b"[]")], false).unwrap();
            assert_eq!(std::fs::read(&a).unwrap(), y);
            assert_eq!(std::fs::read(&b).unwrap(), x);
            assert_eq!(std::fs::read(&c).unwrap(), b"[]");
        }
        assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"keep");
        // an output written on a thread of its own that cannot be written (its folder is missing) is named
        let lost = dir.path().join("gone").join("a.pdf");
        let err = write_outputs(&[(&a, &x), (&lost, &y)], |_, t| t.to_path_buf(), false);
        assert!(err.unwrap_err().to_string().contains("gone"));
    }

    #[test]
    fn a_folder_with_other_files_gets_its_set_by_renames() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("notes.txt"), b"mine").unwrap();
        let (a, b) = (out.join("book.epub"), out.join("book.pdf"));
        let home = Home::of(&out, true).unwrap();
        assert!(!home.swappable(&[(&a, b"e"), (&b, b"p")]));
        write_set(&out, &[(&a, b"epub 1"), (&b, b"pdf 1")], true).unwrap();
        assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"mine");
        assert_eq!(std::fs::read(&b).unwrap(), b"pdf 1");
        // a folder of outputs only swaps; an output elsewhere does not
        std::fs::remove_file(out.join("notes.txt")).unwrap();
        assert!(home.swappable(&[(&a, b"e"), (&b, b"p")]));
        let elsewhere = dir.path().join("layout.json");
        assert!(!home.swappable(&[(&a, b"e"), (&elsewhere, b"j")]));
    }

    #[test]
    fn a_swap_killed_before_or_after_the_exchange_is_cleaned_up() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let (a, b) = (out.join("book.epub"), out.join("book.pdf"));
        write_set(&out, &[(&a, b"epub 1"), (&b, b"pdf 1")], true).unwrap();
        let home = Home::of(&out, true).unwrap();
        // killed after the exchange: the -next- folder holds the old set
        let next = home.beside(&format!("{NEXT}1"));
        stage_named(&next, &[(&a, b"epub 2"), (&b, b"pdf 2")], true).unwrap();
        exchange(&next, &out).unwrap();
        assert_eq!(std::fs::read(next.join("book.pdf")).unwrap(), b"pdf 1");
        assert_eq!(std::fs::read(&a).unwrap(), b"epub 2");
        assert_eq!(std::fs::read(&b).unwrap(), b"pdf 2");
        home.recover().unwrap();
        assert!(!next.exists());
        assert_eq!(std::fs::read(&b).unwrap(), b"pdf 2");
    }

    #[test]
    fn a_killed_build_is_finished_or_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().to_path_buf();
        let (a, b) = (out.join("book.epub"), out.join("book.pdf"));
        write_set(&out, &[(&a, b"epub 1"), (&b, b"pdf 1")], true).unwrap();
        // killed after the commit and the first rename
        let commit = out.join(format!("{COMMIT}1"));
        stage(&commit, &[(&a, b"epub 2"), (&b, b"pdf 2")], true).unwrap();
        std::fs::rename(commit.join("0"), &a).unwrap();
        // and an earlier build killed while writing, and an older huozi's temporary file
        std::fs::create_dir(out.join(format!("{TMP}0"))).unwrap();
        std::fs::write(out.join(format!("{TMP}0/0")), b"half").unwrap();
        std::fs::write(out.join(".tmpAb12Cd"), b"old").unwrap();
        std::fs::write(out.join("notes.txt"), b"mine").unwrap();
        recover(&out, true).unwrap();
        assert!(!out.join(".tmpAb12Cd").exists() && out.join("notes.txt").exists());
        assert_eq!(std::fs::read(&a).unwrap(), b"epub 2");
        assert_eq!(std::fs::read(&b).unwrap(), b"pdf 2");
        assert!(!commit.exists() && !out.join(format!("{TMP}0")).exists());
    }

    #[test]
    fn one_file_replaces_its_old_self_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("x.pdf");
        let stale = dir.path().join(".x.pdf.huozi-tmp-1");
        std::fs::write(&stale, b"killed").unwrap();
        write_file(&pdf, b"pdf 1", false).unwrap();
        write_file(&pdf, b"pdf 2", true).unwrap();
        assert_eq!(std::fs::read(&pdf).unwrap(), b"pdf 2");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            ["x.pdf"],
            "the killed build's temporary is gone, no lock is left"
        );
    }

    #[test]
    fn outputs_may_not_be_inputs_or_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let story = dir.path().join("a.txt");
        std::fs::write(&story, "x").unwrap();
        let out = dir.path().join("out");
        let pdf = out.join("book.pdf");
        let err = check(&out, &[&pdf, &story], std::slice::from_ref(&story))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("a.txt: an output may not be one of the build's inputs"),
            "{err}"
        );
        // the input named with a trailing slash or `/.`: no file to the system, the input after resolving
        for named in [
            format!("{}/", story.display()),
            format!("{}/.", story.display()),
        ] {
            let err = check(&out, &[Path::new(&named)], std::slice::from_ref(&story)).unwrap_err();
            assert!(
                err.to_string()
                    .contains("may not be one of the build's inputs"),
                "{err}"
            );
        }
        let err = check(&out, &[&pdf, &pdf], &[]).unwrap_err().to_string();
        assert!(err.contains("two outputs are one file"), "{err}");
        let missing = dir.path().join("nowhere/layout.json");
        let err = check(&out, &[&missing], &[]).unwrap_err().to_string();
        assert!(err.contains("does not exist"), "{err}");
        check(
            &out,
            &[&pdf, &out.join("book.epub")],
            std::slice::from_ref(&story),
        )
        .unwrap();
        // an existing output that is an input through a symlink is refused; a hard link to an input is a
        // name of its own, which the set's rename replaces without touching the input
        #[cfg(unix)]
        {
            std::fs::create_dir(&out).unwrap();
            let link = out.join("link.pdf");
            std::os::unix::fs::symlink(&story, &link).unwrap();
            let err = check(&out, &[&link], std::slice::from_ref(&story)).unwrap_err();
            assert!(
                err.to_string()
                    .contains("may not be one of the build's inputs")
            );
            let hard = out.join("hard.pdf");
            std::fs::hard_link(&story, &hard).unwrap();
            check(&out, &[&hard], std::slice::from_ref(&story)).unwrap();
            // an input that is a symlink to an existing output
            let alias = dir.path().join("alias.txt");
            std::os::unix::fs::symlink(&hard, &alias).unwrap();
            let err = check(&out, &[&hard], std::slice::from_ref(&alias)).unwrap_err();
            assert!(
                err.to_string()
                    .contains("may not be one of the build's inputs")
            );
            // the symlinked input named with a trailing `/`: the rename would replace the link itself
            let named = format!("{}/", alias.display());
            let err = check(&out, &[Path::new(&named)], &[alias]).unwrap_err();
            assert!(
                err.to_string()
                    .contains("may not be one of the build's inputs")
            );
        }
    }
}
