//! The OCF container: epub-builder's output, mended and re-zipped deterministically.
//!
//! epub-builder 0.8.3 cannot be given our own zip writer: its `Zip` trait lives in a private module and is
//! not re-exported, so it cannot be named, let alone implemented. It therefore writes into its public
//! `ZipLibrary` (entries stamped with the current time), and this module takes that archive apart into an
//! in-memory [`Package`], mends it, and writes a new one:
//!
//! - `mimetype` first, STORED, no extra field (OCF §4.2.5: the text starts at byte 38);
//! - every other entry in path order, deflated, stamped with one fixed time (the book's date);
//! - `content.opf`: `dc:language` no longer shares `id="epub-creator-N"` with `dc:creator`
//!   (EPUBCheck RSC-005), and a non-UUID identifier replaces the stand-in UUID;
//! - `nav.xhtml`: gets the book's `lang`/`xml:lang`, which epub-builder's template lacks.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::xhtml::escape;
use super::{fail, render_error};
use crate::error::Result;

/// Path of the package document inside the container (fixed by epub-builder's `container.xml`).
pub(super) const OPF_PATH: &str = "OEBPS/content.opf";
/// Path of the navigation document.
pub(super) const NAV_PATH: &str = "OEBPS/nav.xhtml";

const MIMETYPE: &[u8] = b"application/epub+zip";

/// What to change in epub-builder's files.
#[derive(Debug, Clone)]
pub(super) struct Mend {
    /// The book's language tag, for `nav.xhtml`.
    pub lang: String,
    /// `(stand-in, real)`: epub-builder only writes `urn:uuid:` identifiers, so a book identified otherwise
    /// (`urn:isbn:…`) is built with a stand-in UUID URN that is replaced by the real identifier here.
    pub identifier: Option<(String, String)>,
}

/// A container's entries in memory, by path (`mimetype` excluded: it is always written first).
#[derive(Debug, Default)]
pub(super) struct Package {
    entries: BTreeMap<String, Vec<u8>>,
}

impl Package {
    /// Reads every entry of a zip archive.
    pub fn from_zip(bytes: &[u8]) -> Result<Package> {
        let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(render_error)?;
        let mut entries = BTreeMap::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).map_err(render_error)?;
            if file.is_dir() {
                continue;
            }
            let name = file.name().replace('\\', "/");
            let mut data = Vec::with_capacity(file.size() as usize);
            file.read_to_end(&mut data).map_err(render_error)?;
            if name == "mimetype" {
                if data != MIMETYPE {
                    return Err(fail(format!(
                        "unexpected mimetype {:?}",
                        String::from_utf8_lossy(&data)
                    )));
                }
                continue;
            }
            if entries.insert(name.clone(), data).is_some() {
                return Err(fail(format!("the container holds {name} twice")));
            }
        }
        Ok(Package { entries })
    }

    /// An entry's bytes.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.entries.get(path).map(Vec::as_slice)
    }

    /// An entry as UTF-8 text.
    fn text(&self, path: &str) -> Result<String> {
        let bytes = self
            .get(path)
            .ok_or_else(|| fail(format!("epub-builder wrote no {path}")))?;
        String::from_utf8(bytes.to_vec()).map_err(|_| fail(format!("{path} is not UTF-8")))
    }

    /// Applies `mend` to the package document and the navigation document, then checks that the package
    /// document's ids are unique (a duplicate would be an EPUBCheck error; better to fail here).
    pub fn mend(&mut self, mend: &Mend) -> Result<()> {
        let opf = mend_opf(&self.text(OPF_PATH)?, mend)?;
        let dups = duplicate_ids(&opf);
        if !dups.is_empty() {
            return Err(fail(format!(
                "content.opf has duplicate ids after mending: {}",
                dups.join(", ")
            )));
        }
        self.entries.insert(OPF_PATH.into(), opf.into_bytes());
        let nav = mend_nav(&self.text(NAV_PATH)?, &mend.lang)?;
        self.entries.insert(NAV_PATH.into(), nav.into_bytes());
        Ok(())
    }

    /// Writes the container: `mimetype` first and stored, then every entry in path order, deflated, all
    /// stamped `time`.
    pub fn write(&self, time: DateTime) -> Result<Vec<u8>> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let stored = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .last_modified_time(time)
            .unix_permissions(0o644);
        zip.start_file("mimetype", stored).map_err(render_error)?;
        zip.write_all(MIMETYPE).map_err(render_error)?;
        let deflated = stored.compression_method(CompressionMethod::Deflated);
        for (path, data) in &self.entries {
            zip.start_file(path.as_str(), deflated)
                .map_err(render_error)?;
            zip.write_all(data).map_err(render_error)?;
        }
        Ok(zip.finish().map_err(render_error)?.into_inner())
    }
}

/// Mends epub-builder's `content.opf`: `dc:language` gets `epub-language-N` ids (epub-builder gives it
/// `epub-creator-N`, colliding with the first `dc:creator`s), and the stand-in identifier is replaced.
pub(super) fn mend_opf(opf: &str, mend: &Mend) -> Result<String> {
    let mut opf = opf.replace(
        "<dc:language id=\"epub-creator-",
        "<dc:language id=\"epub-language-",
    );
    if let Some((stand_in, real)) = &mend.identifier {
        let from = format!(">{stand_in}</dc:identifier>");
        if opf.matches(&from).count() != 1 {
            return Err(fail(
                "content.opf: the stand-in identifier was not found".into(),
            ));
        }
        opf = opf.replace(&from, &format!(">{}</dc:identifier>", escape(real)));
    }
    Ok(opf)
}

/// Gives epub-builder's `nav.xhtml` the book's language on `<html>`.
fn mend_nav(nav: &str, lang: &str) -> Result<String> {
    const HTML: &str =
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"";
    if nav.matches(HTML).count() != 1 {
        return Err(fail("nav.xhtml: no <html> start tag to mend".into()));
    }
    let lang = escape(lang);
    Ok(nav.replacen(
        HTML,
        &format!("{HTML} lang=\"{lang}\" xml:lang=\"{lang}\""),
        1,
    ))
}

/// Values of `id` attributes that occur more than once in an XML document, in document order.
pub(super) fn duplicate_ids(xml: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut dups = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("id=\"") {
        let preceded_by_space = rest[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        rest = &rest[i + 4..];
        let Some(end) = rest.find('"') else { break };
        let value = &rest[..end];
        if preceded_by_space && !seen.insert(value.to_string()) && !dups.iter().any(|d| d == value)
        {
            dups.push(value.to_string());
        }
        rest = &rest[end + 1..];
    }
    dups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_ids_are_found_and_idrefs_ignored() {
        let xml = r##"<a id="x"/><b id="y"/><meta refines="#x"/><c  id="x"/><d idref="y"/><e xml:id="q"/>"##;
        assert_eq!(duplicate_ids(xml), vec!["x".to_string()]);
        assert!(duplicate_ids(r#"<a id="x"/><b id="y"/>"#).is_empty());
    }

    #[test]
    fn nav_gets_the_language() {
        let nav = "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">\n";
        let out = mend_nav(nav, "zh-CN").unwrap();
        assert!(
            out.contains("ops\" lang=\"zh-CN\" xml:lang=\"zh-CN\">"),
            "{out}"
        );
        assert!(mend_nav("<html>", "zh-CN").is_err());
    }

    #[test]
    fn a_non_uuid_identifier_replaces_the_stand_in() {
        let opf = "<dc:identifier id=\"epub-id-1\">urn:uuid:0000</dc:identifier>";
        let mend = Mend {
            lang: "zh-CN".into(),
            identifier: Some(("urn:uuid:0000".into(), "urn:isbn:9787000000000".into())),
        };
        assert_eq!(
            mend_opf(opf, &mend).unwrap(),
            "<dc:identifier id=\"epub-id-1\">urn:isbn:9787000000000</dc:identifier>"
        );
    }

    #[test]
    fn mimetype_is_first_and_stored_without_extra_field() {
        let mut package = Package::default();
        package
            .entries
            .insert("OEBPS/b.xhtml".into(), b"b".to_vec());
        package
            .entries
            .insert("META-INF/container.xml".into(), b"c".to_vec());
        let time = DateTime::from_date_and_time(2022, 12, 5, 0, 0, 0).unwrap();
        let bytes = package.write(time).unwrap();
        assert_eq!(&bytes[0..4], b"PK\x03\x04");
        assert_eq!(
            u16::from_le_bytes([bytes[8], bytes[9]]),
            0,
            "method: stored"
        );
        assert_eq!(u16::from_le_bytes([bytes[26], bytes[27]]), 8, "name length");
        assert_eq!(
            u16::from_le_bytes([bytes[28], bytes[29]]),
            0,
            "extra field length"
        );
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], MIMETYPE);
        let mut archive = ZipArchive::new(Cursor::new(&bytes)).unwrap();
        let names: Vec<String> = archive.file_names().map(String::from).collect();
        assert_eq!(names.len(), 3);
        for i in 0..archive.len() {
            let f = archive.by_index(i).unwrap();
            let t = f.last_modified().unwrap();
            assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2022, 12, 5, 0));
            if i > 0 {
                assert_eq!(f.compression(), CompressionMethod::Deflated);
            }
        }
        assert_eq!(
            archive.by_index(1).unwrap().name(),
            "META-INF/container.xml"
        );
        assert_eq!(package.write(time).unwrap(), bytes, "deterministic");
    }
}
