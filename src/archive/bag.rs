//! A BagIt bag (RFC 8493, BagIt 1.0) built in memory and written as a whole: the payload under `data/`, tag
//! files besides (`bagit.txt`, `bag-info.txt`), a SHA-256 payload manifest and a SHA-256 tag manifest of
//! every other tag file. Paths and lines are in byte order and every value
//! comes from the book, so the same book gives the same bag, byte for byte.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The declaration every bag begins with (RFC 8493 §2.1.1).
const BAGIT_TXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

/// A bag being put together: files by their path in the bag (`/`-separated, relative to its root).
#[derive(Debug, Default)]
pub(crate) struct Bag {
    files: BTreeMap<String, Vec<u8>>,
    /// `bag-info.txt`'s fields, in order, besides `Payload-Oxum` (which the payload gives).
    info: Vec<(&'static str, String)>,
}

impl Bag {
    /// Adds `bytes` to the payload as `data/<path>`.
    pub(crate) fn payload(&mut self, path: &str, bytes: Vec<u8>) {
        self.files.insert(format!("data/{path}"), bytes);
    }

    /// Adds a `bag-info.txt` field (`Source-Organization`); line breaks in `value` become spaces.
    pub(crate) fn info(&mut self, label: &'static str, value: &str) {
        let value = value.split(['\r', '\n']).collect::<Vec<_>>().join(" ");
        self.info.push((label, value));
    }

    /// Every file of the finished bag, by path: the payload, `bagit.txt`, `bag-info.txt`
    /// (the fields given, then `Payload-Oxum`: payload bytes `.` payload files), `manifest-sha256.txt`
    /// and `tagmanifest-sha256.txt`.
    pub(crate) fn finish(mut self) -> BTreeMap<String, Vec<u8>> {
        let payload: Vec<(&String, &Vec<u8>)> = (self.files.iter())
            .filter(|(p, _)| p.starts_with("data/"))
            .collect();
        let bytes: usize = payload.iter().map(|(_, b)| b.len()).sum();
        let oxum = format!("{bytes}.{}", payload.len());
        let payload_manifest = manifest(payload);
        let mut info = String::new();
        for (label, value) in self.info.iter().chain([&("Payload-Oxum", oxum)]) {
            let _ = writeln!(info, "{label}: {value}");
        }
        self.files.insert("bagit.txt".into(), BAGIT_TXT.into());
        self.files.insert("bag-info.txt".into(), info.into_bytes());
        self.files
            .insert("manifest-sha256.txt".into(), payload_manifest);
        let tags = manifest(
            (self.files.iter())
                .filter(|(p, _)| !p.starts_with("data/"))
                .collect(),
        );
        self.files.insert("tagmanifest-sha256.txt".into(), tags);
        self.files
    }
}

/// A manifest: a line `<sha256 in hex>  <path>` per file, in path order; `%`, CR and LF in a path
/// percent-encoded (RFC 8493 §2.1.3).
fn manifest(files: Vec<(&String, &Vec<u8>)>) -> Vec<u8> {
    let mut out = String::new();
    for (path, bytes) in files {
        for b in Sha256::digest(bytes).iter() {
            let _ = write!(out, "{b:02x}");
        }
        let path = path
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A");
        let _ = writeln!(out, "  {path}");
    }
    out.into_bytes()
}

/// Writes `files` as the bag folder `dir`: first into a new folder beside it, then renamed into place,
/// so a failure leaves no partial bag. An existing `dir` is replaced when it is empty or a bag (it holds
/// `bagit.txt`); anything else is kept and is an error.
///
/// Errors: [`Error::Input`] when `dir` is a file or a folder that is not a bag; [`Error::Io`] naming the
/// path that could not be written.
pub(crate) fn write(files: &BTreeMap<String, Vec<u8>>, dir: &Path) -> Result<()> {
    let listed = std::fs::read_dir(dir).map(|mut entries| entries.next().is_none());
    let replace = match listed {
        Ok(empty) if empty || dir.join("bagit.txt").is_file() => true,
        Ok(_) => {
            return Err(Error::Input {
                path: dir.to_path_buf(),
                line: None,
                message: "the output folder exists and is not a bag: choose another".into(),
            });
        }
        Err(_) if dir.exists() => {
            return Err(Error::Input {
                path: dir.to_path_buf(),
                line: None,
                message: "the output path is a file, not a folder".into(),
            });
        }
        Err(_) => false,
    };
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let fresh = tempfile::Builder::new()
        .prefix(".huozi-bag-")
        .tempdir_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    for (path, bytes) in files {
        let file = fresh.path().join(path);
        if let Some(folder) = file.parent() {
            std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        }
        std::fs::write(&file, bytes).map_err(|e| Error::io(dir.join(path), e))?;
    }
    let old = tempfile::Builder::new()
        .prefix(".huozi-old-bag-")
        .tempdir_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    if replace {
        std::fs::rename(dir, old.path().join("bag")).map_err(|e| Error::io(dir, e))?;
    }
    let fresh = fresh.keep();
    if let Err(e) = std::fs::rename(&fresh, dir) {
        if replace {
            let _ = std::fs::rename(old.path().join("bag"), dir);
        }
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(Error::io(dir, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bag() -> BTreeMap<String, Vec<u8>> {
        let mut bag = Bag::default();
        bag.payload("book.pdf", b"%PDF".to_vec());
        bag.payload("source/a%b.txt", b"abc".to_vec());
        bag.payload("metadata/dc.xml", b"<dc/>".to_vec());
        bag.info("Source-Organization", "报社\n总部");
        bag.finish()
    }

    #[test]
    fn manifests_oxum_and_info_follow_rfc_8493() {
        let files = bag();
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "bag-info.txt",
                "bagit.txt",
                "data/book.pdf",
                "data/metadata/dc.xml",
                "data/source/a%b.txt",
                "manifest-sha256.txt",
                "tagmanifest-sha256.txt"
            ]
        );
        assert_eq!(
            String::from_utf8_lossy(&files["bag-info.txt"]),
            "Source-Organization: 报社 总部\nPayload-Oxum: 12.3\n"
        );
        // sha256("abc"), a published test vector
        assert_eq!(
            String::from_utf8_lossy(&files["manifest-sha256.txt"])
                .lines()
                .nth(2),
            Some(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  \
                 data/source/a%25b.txt"
            )
        );
        let tags = String::from_utf8_lossy(&files["tagmanifest-sha256.txt"]).into_owned();
        let tagged: Vec<&str> = tags.lines().map(|l| &l[66..]).collect();
        assert_eq!(tagged, ["bag-info.txt", "bagit.txt", "manifest-sha256.txt"]);
    }

    #[test]
    fn a_bag_replaces_a_bag_but_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("bag");
        write(&bag(), &out).unwrap();
        assert_eq!(std::fs::read(out.join("data/book.pdf")).unwrap(), b"%PDF");
        std::fs::write(out.join("stale.txt"), "x").unwrap();
        write(&bag(), &out).unwrap();
        assert!(
            !out.join("stale.txt").exists(),
            "the old bag is replaced whole"
        );
        let other = dir.path().join("other");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("notes.txt"), "keep me").unwrap();
        let err = write(&bag(), &other).unwrap_err();
        assert!(err.to_string().contains("not a bag"), "{err}");
        assert!(other.join("notes.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            leftovers.len(),
            2,
            "no temporary folders left: {leftovers:?}"
        );
    }
}
