//! Writing a build's outputs as a set: the EPUB, the PDF (and the layout JSON) of one build land together
//! or not at all, whatever happens — a full disk, `kill -9`, a second build into the same folder.
//!
//! - [`check`] runs before anything is written: the output folder is a folder (or absent), no output is a
//!   folder or lies in a missing one, no two outputs are one file and no output is an input of the build.
//! - [`write_set`] takes the folder's lock (`.huozi.lock`, an advisory `flock`: a second build waits for
//!   the first and then replaces its pair with its own), finishes or removes what a killed build left
//!   (below), writes every output into a new folder `.huozi-tmp-<id>` inside the output folder (so that
//!   renames never cross file systems), each file flushed to disk, and commits it by renaming that folder to
//!   `.huozi-commit-<id>` — the one atomic step. Then each file is renamed onto its place and the folder is
//!   removed.
//! - Recovery, at the start of the next build into the folder: a `.huozi-commit-*` folder is a complete
//!   set whose renames were interrupted, so they are finished (roll forward); a `.huozi-tmp-*` folder is an
//!   incomplete set and is removed, as is an earlier huozi's `.tmpXXXXXX` file. No file system replaces two
//!   names in one step, so a kill that lands during the renames (back to back: the time of one rename(2),
//!   at most milliseconds on a loaded machine) leaves the new EPUB beside the old PDF until the next build
//!   into the folder, which completes the committed set before anything else.
//!
//! Files are created with the process's umask (0666 masked), like any file a tool writes.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The lock file in the output folder.
pub(crate) const LOCK: &str = ".huozi.lock";
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
    let inputs: Vec<PathBuf> = inputs.iter().filter_map(|p| identity(p)).collect();
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

/// What `path` names, after symlinks: the canonical path of the file, or of its folder joined with its
/// name when the file does not exist yet; `None` when neither resolves (a folder still to be made).
fn identity(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    std::fs::canonicalize(parent(path))
        .ok()
        .map(|d| d.join(name))
        .or_else(|| std::path::absolute(path).ok())
}

/// Writes `outputs` (target path, bytes) as one set through `out_dir` (see the module docs); creates
/// `out_dir` when missing. [`check`] must have passed.
///
/// Errors: [`Error::Io`] naming the file that could not be written; the outputs are then as they were.
pub(crate) fn write_set(out_dir: &Path, outputs: &[(&Path, &[u8])]) -> Result<()> {
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let lock_path = out_dir.join(LOCK);
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| Error::io(&lock_path, e))?;
    lock.lock().map_err(|e| Error::io(&lock_path, e))?;
    recover(out_dir)?;
    let id = format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    );
    let tmp = out_dir.join(format!("{TMP}{id}"));
    let commit = out_dir.join(format!("{COMMIT}{id}"));
    if let Err(e) = stage(&tmp, outputs) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, &commit).map_err(|e| Error::io(&commit, e))?;
    sync_dir(out_dir)?;
    finish(&commit)?;
    drop(lock);
    Ok(())
}

/// Writes each output into the new folder `tmp` as `0`, `1`, …, flushed, and the manifest naming their
/// targets (absolute).
fn stage(tmp: &Path, outputs: &[(&Path, &[u8])]) -> Result<()> {
    std::fs::create_dir(tmp).map_err(|e| Error::io(tmp, e))?;
    let mut manifest = String::new();
    for (i, (target, bytes)) in outputs.iter().enumerate() {
        write_synced(&tmp.join(i.to_string()), bytes).map_err(|e| Error::io(target, e))?;
        let absolute = identity(target).unwrap_or_else(|| target.to_path_buf());
        manifest.push_str(absolute.to_str().expect("checked: UTF-8"));
        manifest.push('\n');
    }
    write_synced(&tmp.join(MANIFEST), manifest.as_bytes()).map_err(|e| Error::io(tmp, e))?;
    sync_dir(tmp)
}

/// Creates `path` (mode from the umask), writes `bytes` and flushes them to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Flushes a folder's entries (renames, new files) to disk; a no-op where folders cannot be opened.
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(dir, e))?;
    let _ = dir;
    Ok(())
}

/// Renames each file of the committed set `commit` onto its target (those already moved are skipped), then
/// removes the folder.
fn finish(commit: &Path) -> Result<()> {
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
                File::open(&beside)
                    .and_then(|f| f.sync_all())
                    .map_err(|e| Error::io(target, e))?;
                std::fs::rename(&beside, target).map_err(|e| Error::io(target, e))?;
            }
            Err(e) => return Err(Error::io(target, e)),
        }
    }
    // the renames follow one another with nothing between them; their folders are flushed after
    for target in manifest.lines() {
        sync_dir(parent(Path::new(target)))?;
    }
    if manifest_path.exists() {
        std::fs::remove_file(&manifest_path).map_err(|e| Error::io(&manifest_path, e))?;
    }
    std::fs::remove_dir_all(commit).map_err(|e| Error::io(commit, e))
}

/// Finishes the committed sets and removes the incomplete ones that killed builds left in `out_dir` (the
/// caller holds the lock, so no live build owns them).
fn recover(out_dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let mut found: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    found.sort();
    for path in found {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        match name.as_deref() {
            Some(n) if n.starts_with(COMMIT) => finish(&path)?,
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
        write_set(&out, &[(&a, b"epub 1"), (&b, b"pdf 1")]).unwrap();
        write_set(&out, &[(&a, b"epub 2"), (&b, b"pdf 2")]).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"epub 2");
        assert_eq!(std::fs::read(&b).unwrap(), b"pdf 2");
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [LOCK, "book.epub", "book.pdf"]);
    }

    #[test]
    fn a_killed_build_is_finished_or_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().to_path_buf();
        let (a, b) = (out.join("book.epub"), out.join("book.pdf"));
        write_set(&out, &[(&a, b"epub 1"), (&b, b"pdf 1")]).unwrap();
        // killed after the commit and the first rename
        let commit = out.join(format!("{COMMIT}1"));
        stage(&commit, &[(&a, b"epub 2"), (&b, b"pdf 2")]).unwrap();
        std::fs::rename(commit.join("0"), &a).unwrap();
        // and an earlier build killed while writing, and an older huozi's temporary file
        std::fs::create_dir(out.join(format!("{TMP}0"))).unwrap();
        std::fs::write(out.join(format!("{TMP}0/0")), b"half").unwrap();
        std::fs::write(out.join(".tmpAb12Cd"), b"old").unwrap();
        std::fs::write(out.join("notes.txt"), b"mine").unwrap();
        recover(&out).unwrap();
        assert!(!out.join(".tmpAb12Cd").exists() && out.join("notes.txt").exists());
        assert_eq!(std::fs::read(&a).unwrap(), b"epub 2");
        assert_eq!(std::fs::read(&b).unwrap(), b"pdf 2");
        assert!(!commit.exists() && !out.join(format!("{TMP}0")).exists());
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
        let err = check(&out, &[&pdf, &pdf], &[]).unwrap_err().to_string();
        assert!(err.contains("two outputs are one file"), "{err}");
        let missing = dir.path().join("nowhere/layout.json");
        let err = check(&out, &[&missing], &[]).unwrap_err().to_string();
        assert!(err.contains("does not exist"), "{err}");
        check(&out, &[&pdf, &out.join("book.epub")], &[story]).unwrap();
    }
}
