//! The OCF container: a zip written the same way every time.
//!
//! - `mimetype` first, STORED, no extra field (OCF §4.2.5: the media type starts at byte 38);
//! - `META-INF/container.xml` next, then Apple's display options, the package document, then every
//!   resource in list order (the order of the manifest), deflated;
//! - every entry stamped with one fixed time (the book's date) and mode 0644, so the same book gives the
//!   same bytes.

use std::io::{Cursor, Write};

use rayon::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::failure::{fail, render_error};
use super::opf::{Accessibility, Identifier, package_document};
use super::resources::Resource;
use crate::error::Result;
use crate::model::{Date, Meta};

/// Path of the package document inside the container.
pub(super) const OPF_PATH: &str = "OEBPS/content.opf";

/// Folder of the publication's resources inside the container.
const ROOT: &str = "OEBPS/";

/// Apple Books' display options: use the book's embedded fonts (`specified-fonts`), which it otherwise
/// ignores.
pub(super) const DISPLAY_OPTIONS_PATH: &str = "META-INF/com.apple.ibooks.display-options.xml";

/// The content of [`DISPLAY_OPTIONS_PATH`].
const DISPLAY_OPTIONS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<display_options>\n\
<platform name=\"*\">\n\
<option name=\"specified-fonts\">true</option>\n\
</platform>\n\
</display_options>\n";

/// The EPUB: Apple's display options, the package document written from `resources` (see
/// [`package_document`]) and every resource, stamped with the book's date.
///
/// Errors: [`crate::Error::Render`] when two resources share a path or the zip cannot be written.
pub(super) fn write(
    meta: &Meta,
    identifier: &Identifier,
    accessibility: &Accessibility,
    resources: Vec<Resource>,
) -> Result<Vec<u8>> {
    let mut package = Package::default();
    package.add(DISPLAY_OPTIONS_PATH, DISPLAY_OPTIONS)?;
    package.add(
        OPF_PATH,
        package_document(meta, identifier, accessibility, &resources).text,
    )?;
    for r in resources {
        package.add(format!("{ROOT}{}", r.href), r.bytes)?;
    }
    package.write(zip_time(meta.date))
}

/// The zip entries' time: the book's date at midnight, or 1980-01-01 00:00 when that falls outside the
/// DOS range (1980–2107).
fn zip_time(date: Date) -> DateTime {
    u16::try_from(date.year())
        .ok()
        .and_then(|y| {
            let (h, m, s) = date.time();
            DateTime::from_date_and_time(
                y,
                date.month() as u8,
                date.day() as u8,
                h as u8,
                m as u8,
                s as u8,
            )
            .ok()
        })
        .unwrap_or_default()
}

const MIMETYPE: &[u8] = b"application/epub+zip";

/// `META-INF/container.xml`: points reading systems at [`OPF_PATH`].
const CONTAINER_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
<rootfiles>\n\
<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n\
</rootfiles>\n\
</container>\n";

/// A container's entries in memory, in the order they are written (`mimetype` and `container.xml` are
/// always written first and are not held here).
#[derive(Debug, Default)]
pub(super) struct Package {
    entries: Vec<(String, Vec<u8>)>,
    /// The entries' paths, to refuse one taken twice without a search.
    paths: std::collections::HashSet<String>,
}

impl Package {
    /// Adds an entry at `path` (relative to the container's root, `/`-separated).
    ///
    /// Errors: [`crate::Error::Render`] when the path is already taken.
    pub(super) fn add(&mut self, path: impl Into<String>, data: impl Into<Vec<u8>>) -> Result<()> {
        let path = path.into();
        if path == "mimetype"
            || path == "META-INF/container.xml"
            || !self.paths.insert(path.clone())
        {
            return Err(fail(format!("the container holds {path} twice")));
        }
        self.entries.push((path, data.into()));
        Ok(())
    }

    /// Writes the container: `mimetype` first and stored, `META-INF/container.xml`, then every entry in the
    /// order added, deflated (JPEG images stored), all stamped `time`. The entries are deflated at once in groups — each large
    /// one (a face, an image) alone, the small ones between them together — each group into an archive of
    /// its own that is then appended whole; the bytes do not depend on the number of threads. Each group's
    /// entries are dropped once deflated and each archive once appended, so the book's documents are not
    /// held beside the whole container (issue 13: memory).
    pub(super) fn write(self, time: DateTime) -> Result<Vec<u8>> {
        let stored = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .last_modified_time(time)
            .unix_permissions(0o644);
        // level 3, not the default 6: measured on the sample (docs/speed.md) it saves about a tenth of the
        // EPUB's CPU time for 0.4% more bytes
        let deflated = stored
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(3));
        // a JPEG's entropy-coded data does not deflate: deflating it costs time for nothing
        let options = |path: &str| match path.rsplit_once('.').map(|(_, ext)| ext) {
            Some("jpg" | "jpeg") => stored,
            _ => deflated,
        };
        let container = ("META-INF/container.xml".to_string(), CONTAINER_XML.into());
        let entries = std::iter::once(container).chain(self.entries);
        let parts: Vec<Result<Vec<u8>>> = (groups(entries).into_par_iter())
            .map(|group| {
                let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
                for (path, data) in group {
                    let options = options(&path);
                    zip.start_file(path, options).map_err(render_error)?;
                    zip.write_all(&data).map_err(render_error)?;
                }
                Ok(zip.finish().map_err(render_error)?.into_inner())
            })
            .collect();
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("mimetype", stored).map_err(render_error)?;
        zip.write_all(MIMETYPE).map_err(render_error)?;
        for part in parts {
            let part = ZipArchive::new(Cursor::new(part?)).map_err(render_error)?;
            zip.merge_archive(part).map_err(render_error)?;
        }
        Ok(zip.finish().map_err(render_error)?.into_inner())
    }
}

/// An entry of at least this many bytes is deflated in a group of its own.
const LARGE: usize = 16 * 1024;

/// A container entry: its path and bytes.
type Entry = (String, Vec<u8>);

/// `entries` cut into runs to deflate at once: each entry of [`LARGE`] bytes or more alone, the entries
/// between them together, in order.
fn groups(entries: impl Iterator<Item = Entry>) -> Vec<Vec<Entry>> {
    let mut out = Vec::new();
    let mut small = Vec::new();
    for entry in entries {
        if entry.1.len() >= LARGE {
            if !small.is_empty() {
                out.push(std::mem::take(&mut small));
            }
            out.push(vec![entry]);
        } else {
            small.push(entry);
        }
    }
    if !small.is_empty() {
        out.push(small);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use zip::ZipArchive;

    #[test]
    fn a_jpeg_is_stored_and_every_other_entry_deflated() {
        let mut package = Package::default();
        package.add("OEBPS/images/a.jpg", vec![7u8; 4000]).unwrap();
        package.add("OEBPS/images/b.png", vec![7u8; 4000]).unwrap();
        package.add("OEBPS/a.xhtml", vec![b'a'; 4000]).unwrap();
        let time = DateTime::from_date_and_time(2022, 12, 5, 0, 0, 0).unwrap();
        let bytes = package.write(time).unwrap();
        let mut archive = ZipArchive::new(Cursor::new(&bytes)).unwrap();
        let methods: Vec<(String, CompressionMethod)> = (0..archive.len())
            .map(|i| {
                let file = archive.by_index(i).unwrap();
                (file.name().to_string(), file.compression())
            })
            .collect();
        assert_eq!(
            methods[2..],
            [
                ("OEBPS/images/a.jpg".to_string(), CompressionMethod::Stored),
                (
                    "OEBPS/images/b.png".to_string(),
                    CompressionMethod::Deflated
                ),
                ("OEBPS/a.xhtml".to_string(), CompressionMethod::Deflated),
            ]
        );
    }

    #[test]
    fn mimetype_is_first_and_stored_without_extra_field() {
        let mut package = Package::default();
        package.add("OEBPS/b.xhtml", b"b".to_vec()).unwrap();
        package.add(OPF_PATH, b"c".to_vec()).unwrap();
        assert!(package.add("OEBPS/b.xhtml", b"again".to_vec()).is_err());
        assert!(package.add("mimetype", b"x".to_vec()).is_err());
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
        assert_eq!(
            names,
            [
                "mimetype",
                "META-INF/container.xml",
                "OEBPS/b.xhtml",
                OPF_PATH
            ]
        );
        for i in 0..archive.len() {
            let f = archive.by_index(i).unwrap();
            let t = f.last_modified().unwrap();
            assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2022, 12, 5, 0));
            if i > 0 {
                assert_eq!(f.compression(), CompressionMethod::Deflated);
            }
        }
        let mut again = Package::default();
        again.add("OEBPS/b.xhtml", b"b".to_vec()).unwrap();
        again.add(OPF_PATH, b"c".to_vec()).unwrap();
        assert_eq!(again.write(time).unwrap(), bytes, "deterministic");
    }

    #[test]
    fn zip_time_is_the_book_date_or_the_dos_epoch() {
        let t = zip_time(Date::parse("2022-12-05").unwrap());
        assert_eq!((t.year(), t.month(), t.day()), (2022, 12, 5));
        assert_eq!(zip_time(Date::default()), DateTime::default());
    }
}
