//! The OCF container: a zip written the same way every time.
//!
//! - `mimetype` first, STORED, no extra field (OCF §4.2.5: the media type starts at byte 38);
//! - `META-INF/container.xml` next, then Apple's display options, the package document, then every
//!   resource in list order (the order of the manifest), deflated;
//! - every entry stamped with one fixed time (the book's date) and mode 0644, so the same book gives the
//!   same bytes.

use std::collections::HashMap;
use std::io::{Cursor, Write};

use libdeflater::Compressor;
use rayon::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::failure::{fail, render_error};
use super::opf::{Accessibility, Identifier, package_document};
use super::resources::{Resource, SharedBytes};
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
///
/// A resource whose bytes were deflated already ([`Deflated::take_from`]) is taken from `deflated`; a
/// face `faces` names (by path in the container) is packed by [`Packed::face`], with the `CFF ` table's
/// deflated stream it gives when the PDF has made it.
pub(super) fn write(
    meta: &Meta,
    identifier: &Identifier,
    accessibility: &Accessibility,
    resources: Vec<Resource>,
    (mut deflated, mut faces): (Deflated, HashMap<String, Option<SharedBytes>>),
) -> Result<Vec<u8>> {
    let mut package = Package::default();
    package.add(DISPLAY_OPTIONS_PATH, DISPLAY_OPTIONS)?;
    package.add(
        OPF_PATH,
        package_document(meta, identifier, accessibility, &resources).text,
    )?;
    for r in resources {
        let path = path(&r.href);
        match (deflated.0.remove(&path), faces.remove(&path)) {
            (Some(packed), _) => package.add_packed(packed)?,
            (None, Some(cff)) => package.add_body(path, Body::Face(r.bytes, cff))?,
            (None, None) => package.add_body(path, Body::Raw(r.bytes))?,
        }
    }
    package.write(zip_time(meta.date))
}

/// The path in the container of the resource at `href` (relative to the package document).
pub(super) fn path(href: &str) -> String {
    format!("{ROOT}{href}")
}

/// Resources' bytes deflated ahead of the container, by their path in it: the EPUB's documents are
/// deflated while its faces are subset, so that only the faces, the stylesheet and the cover are deflated
/// once the subsets are made (issue 13). The same bytes as deflating them with the rest.
#[derive(Default)]
pub(super) struct Deflated(HashMap<String, Packed>);

impl Deflated {
    /// The bytes of every resource of `resources` not in `ready` deflated now (on rayon's threads, each
    /// whole), each left empty in its resource, with those of `ready`: the container takes them from here
    /// ([`write`]).
    pub(super) fn take_from(resources: &mut [Resource], ready: Deflated) -> Deflated {
        let entries: Vec<(String, Body)> = (resources.iter_mut())
            .filter_map(|r| {
                let path = path(&r.href);
                let bytes = std::mem::take(&mut r.bytes);
                (!ready.0.contains_key(&path)).then_some((path, Body::Raw(bytes)))
            })
            .collect();
        let mut all = ready;
        (all.0).extend(pack(entries).into_iter().map(|p| (p.path.clone(), p)));
        all
    }

    /// The bytes of every resource of `resources` deflated now on this thread (each whole: the same bytes
    /// as [`Deflated::take_from`]), each left empty in its resource and kept here.
    pub(super) fn take_here(&mut self, resources: &mut [Resource]) {
        for r in resources {
            let path = path(&r.href);
            let bytes = std::mem::take(&mut r.bytes);
            let packed = with_compressor(|c| Packed::new(c, (path.clone(), bytes)));
            self.0.insert(path, packed);
        }
    }
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
#[derive(Default)]
pub(super) struct Package {
    entries: Vec<(String, Body)>,
    /// The entries' paths, to refuse one taken twice without a search.
    paths: std::collections::HashSet<String>,
}

impl Package {
    /// Adds an entry at `path` (relative to the container's root, `/`-separated).
    ///
    /// Errors: [`crate::Error::Render`] when the path is already taken.
    pub(super) fn add(&mut self, path: impl Into<String>, data: impl Into<Vec<u8>>) -> Result<()> {
        self.add_body(path.into(), Body::Raw(SharedBytes::new(data.into())))
    }

    /// Adds an entry at `path` whose bytes are packed as `body` says.
    ///
    /// Errors: as [`Package::add`].
    fn add_body(&mut self, path: String, body: Body) -> Result<()> {
        if path == "mimetype"
            || path == "META-INF/container.xml"
            || !self.paths.insert(path.clone())
        {
            return Err(fail(format!("the container holds {path} twice")));
        }
        self.entries.push((path, body));
        Ok(())
    }

    /// Adds an entry deflated already, at its path.
    ///
    /// Errors: as [`Package::add`].
    fn add_packed(&mut self, packed: Packed) -> Result<()> {
        if !self.paths.insert(packed.path.clone()) {
            return Err(fail(format!("the container holds {} twice", packed.path)));
        }
        self.entries
            .push((packed.path.clone(), Body::Packed(packed)));
        Ok(())
    }

    /// Writes the container: `mimetype` first and stored, `META-INF/container.xml`, then every entry in the
    /// order added, deflated by libdeflate at its level 1 (JPEG images stored), all stamped `time`. The
    /// entries are deflated at once on rayon's threads, each whole, and each is dropped once deflated (the
    /// book's documents are not held beside the whole container: issue 13, memory); the zip crate then
    /// writes every entry's headers and copies its deflated bytes. The bytes do not depend on the number
    /// of threads.
    pub(super) fn write(self, time: DateTime) -> Result<Vec<u8>> {
        let stored = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .last_modified_time(time)
            .unix_permissions(0o644);
        let container = (
            "META-INF/container.xml".to_string(),
            Body::Raw(SharedBytes::new(CONTAINER_XML.into())),
        );
        let entries: Vec<(String, Body)> = std::iter::once(container).chain(self.entries).collect();
        let packed = pack(entries);
        let size = packed.iter().map(|p| p.data.len() + 128).sum::<usize>() + 256;
        let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(size)));
        zip.start_file("mimetype", stored).map_err(render_error)?;
        zip.write_all(MIMETYPE).map_err(render_error)?;
        for entry in packed {
            entry.copy_into(&mut zip, time)?;
        }
        Ok(zip.finish().map_err(render_error)?.into_inner())
    }
}

/// A container entry: its path and bytes.
type Entry = (String, SharedBytes);

/// `entries` ready for the container, in order: those as written deflated at once on rayon's threads, each
/// whole (the bytes do not depend on the number of threads), those deflated already as they are.
fn pack(entries: Vec<(String, Body)>) -> Vec<Packed> {
    (entries.into_par_iter())
        .map(|(path, body)| match body {
            Body::Raw(bytes) => with_compressor(|c| Packed::new(c, (path, bytes))),
            Body::Face(bytes, cff) => Packed::face((path, bytes), cff),
            Body::Packed(packed) => packed,
        })
        .collect()
}

/// An entry's bytes: as written, a face (with its `CFF ` table deflated by the PDF, when it was:
/// [`Packed::face`]), or deflated already.
enum Body {
    Raw(SharedBytes),
    Face(SharedBytes, Option<SharedBytes>),
    Packed(Packed),
}

/// `f` given this thread's compressor at the level the container's entries are deflated at, libdeflate's
/// 1 (measured on 100 copies of the sample, docs/speed.md, fifth round: it deflates the entries in 11 ms
/// where zlib's level 3 took 28 ms, for 0.8% more bytes). It is the one the PDF's streams are deflated
/// with on this thread ([`krilla::stream::with_deflater`]), made on the thread's first use and kept.
/// Each compressor costs about 200 KB of memory and 39,000 instructions to set up; rayon's `map_init`
/// made one for every piece of work it split off (17 for a one-story book on one thread, 30 on two),
/// besides the PDF's. libdeflate keeps nothing from one call to the next, so the bytes do not depend on
/// which thread deflates an entry. `f` must not deflate through this function or krilla.
fn with_compressor<T>(f: impl FnOnce(&mut Compressor) -> T) -> T {
    krilla::stream::with_deflater(f)
}

/// An entry ready for the container: its path, whether it is deflated, the CRC-32 and length of its
/// bytes, and its bytes as stored (deflated or not).
pub(super) struct Packed {
    path: String,
    deflated: bool,
    crc32: u32,
    size: usize,
    data: Vec<u8>,
}

impl Packed {
    /// `entry` deflated with `compressor` (raw DEFLATE, RFC 1951, as zip's method 8 holds it), or stored
    /// when it is a JPEG (its entropy-coded data does not deflate: deflating it costs time for nothing).
    fn new(compressor: &mut Compressor, (path, bytes): Entry) -> Packed {
        let crc32 = libdeflater::crc32(&bytes);
        let size = bytes.len();
        let jpeg = matches!(path.rsplit_once('.'), Some((_, "jpg" | "jpeg")));
        if jpeg {
            return Packed {
                path,
                deflated: false,
                crc32,
                size,
                data: SharedBytes::unwrap_or_clone(bytes),
            };
        }
        let mut data = vec![0; compressor.deflate_compress_bound(size)];
        let len = (compressor.deflate_compress(&bytes, &mut data))
            .expect("the bound holds the deflated entry");
        data.truncate(len);
        data.shrink_to_fit(); // held until written: without the bound's spare room
        Packed {
            path,
            deflated: true,
            crc32,
            size,
            data,
        }
    }

    /// The face `bytes` (OpenType) as an entry whose deflated stream ends with the stream its `CFF ` table
    /// is embedded in the PDF with, so that the table is deflated once for both editions (issue 13):
    /// `cff`, that table deflated by [`krilla::text::deflate_program`] when the PDF has done it (of these
    /// very bytes), else deflated here the same way. The tables before it are deflated by zlib-rs and
    /// closed by a sync flush (an empty stored block, RFC 1951 §3.2.4, ends them at a byte boundary, not
    /// final), then come the `CFF ` table's blocks, the last of them final. This needs the `CFF ` table to
    /// be CID-keyed and the face's last (HarfBuzz lays a subset's tables out smallest first); the file is
    /// then the face without the zero bytes padding that table to 4 bytes (table checksums and `head`'s
    /// adjustment count padding as zeros, so both still hold). Any other face: [`Packed::new`] with this
    /// thread's compressor. The bytes depend on the face alone, not on whether the PDF deflated its table.
    fn face((path, bytes): Entry, cff: Option<SharedBytes>) -> Packed {
        let whole = |entry| with_compressor(|c| Packed::new(c, entry));
        let Some(table) = last_cff(&bytes) else {
            return whole((path, bytes));
        };
        let Some(cff) = cff.or_else(|| krilla::text::deflate_program(&bytes).map(SharedBytes::new))
        else {
            return whole((path, bytes));
        };
        let Some(blocks) = zlib_blocks(&cff) else {
            return whole((path, bytes));
        };
        let bytes = &bytes[..table.end];
        let mut data = sync_flushed(&bytes[..table.start], blocks.len());
        data.extend_from_slice(blocks);
        Packed {
            path,
            deflated: true,
            crc32: libdeflater::crc32(bytes),
            size: bytes.len(),
            data,
        }
    }

    /// Writes the entry into `zip`, stamped `time` and mode 0644: the zip crate reads the entry from a
    /// local file header made here (APPNOTE 4.3.7: no data descriptor, no extra field) followed by its
    /// bytes, and copies it without deflating it again (`raw_copy_file_touch`), writing its own headers.
    ///
    /// Errors: [`crate::Error::Render`] when the entry is 4 GiB or more or the zip cannot be written.
    fn copy_into(self, zip: &mut ZipWriter<Cursor<Vec<u8>>>, time: DateTime) -> Result<()> {
        let too_large = || fail(format!("{} is too large for the container", self.path));
        let size = u32::try_from(self.size).map_err(|_| too_large())?;
        let stored_size = u32::try_from(self.data.len()).map_err(|_| too_large())?;
        let name = u16::try_from(self.path.len()).map_err(|_| too_large())?;
        let mut header = Vec::with_capacity(30 + self.path.len());
        header.extend(0x0403_4b50u32.to_le_bytes()); // local file header signature
        header.extend(20u16.to_le_bytes()); // version needed to extract: 2.0 (deflate)
        let utf8 = if self.path.is_ascii() { 0 } else { 1 << 11 };
        header.extend(u16::to_le_bytes(utf8)); // general purpose flags
        header.extend(u16::to_le_bytes(if self.deflated { 8 } else { 0 }));
        header.extend(time.timepart().to_le_bytes());
        header.extend(time.datepart().to_le_bytes());
        header.extend(self.crc32.to_le_bytes());
        header.extend(stored_size.to_le_bytes());
        header.extend(size.to_le_bytes());
        header.extend(name.to_le_bytes());
        header.extend(0u16.to_le_bytes()); // extra field length
        header.extend(self.path.as_bytes());
        let mut source = std::io::Read::chain(header.as_slice(), self.data.as_slice());
        let file = (zip::read::read_zipfile_from_stream(&mut source).map_err(render_error)?)
            .ok_or_else(|| fail(format!("{} could not be read back", self.path)))?;
        (zip.raw_copy_file_touch(file, time, Some(0o644))).map_err(render_error)
    }
}

/// Where the `CFF ` table of the OpenType `face` lies, when it is the last table and only zero bytes
/// (fewer than 4) follow it; `None` otherwise, or when `face` cannot be read.
fn last_cff(face: &[u8]) -> Option<std::ops::Range<usize>> {
    let font = read_fonts::FontRef::new(face).ok()?;
    let records = font.table_directory.table_records();
    let cff = records
        .iter()
        .find(|r| r.tag() == read_fonts::types::Tag::new(b"CFF "))?;
    let start = usize::try_from(cff.offset()).ok()?;
    let end = start.checked_add(usize::try_from(cff.length()).ok()?)?;
    let before = |r: &&read_fonts::TableRecord| {
        let (offset, length) = (r.offset() as usize, r.length() as usize);
        r.tag() == cff.tag() || offset.saturating_add(length) <= start
    };
    let padding = face.get(end..)?;
    (records.iter().all(|r| before(&r)) && padding.len() < 4 && padding.iter().all(|&b| b == 0))
        .then_some(start..end)
}

/// The DEFLATE blocks (RFC 1951) of the zlib stream `zlib` (RFC 1950): without its 2-byte header and
/// Adler-32 trailer; `None` when it is not a zlib stream of DEFLATE without a preset dictionary.
fn zlib_blocks(zlib: &[u8]) -> Option<&[u8]> {
    let (cmf, flg) = (*zlib.first()?, *zlib.get(1)?);
    let header_ok =
        cmf & 0x0f == 8 && flg & 0x20 == 0 && (u16::from(cmf) << 8 | u16::from(flg)) % 31 == 0;
    (header_ok && zlib.len() >= 6).then(|| &zlib[2..zlib.len() - 4])
}

/// `bytes` deflated (raw DEFLATE, zlib-rs at level 1) and closed by a sync flush: not final, ending at a
/// byte boundary, so that other blocks may follow; with room for `more` bytes after them.
fn sync_flushed(bytes: &[u8], more: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    // one deflater per thread, reset for each face: making one costs more than deflating a face's first
    // tables (its window and tables are allocated and cleared)
    thread_local! {
        static DEFLATER: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::fast(), false));
    }
    DEFLATER.with_borrow_mut(|deflater| {
        deflater.reset();
        let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 8 + 64 + more);
        loop {
            let read = usize::try_from(deflater.total_in()).expect("read from memory");
            (deflater.compress_vec(&bytes[read..], &mut out, FlushCompress::Sync))
                .expect("deflating from memory to memory cannot fail");
            // the flush is done once the deflater leaves room unused (then `more` bytes fit after it:
            // the stream is at most a few bytes longer than `bytes`)
            if out.len() < out.capacity() {
                return out;
            }
            out.reserve(out.capacity());
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use zip::ZipArchive;

    /// The serif face subset as the EPUB embeds it (CID-keyed `CFF `), to a few characters.
    fn serif_subset() -> Vec<u8> {
        let fonts = crate::fonts::FontSet::bundled().unwrap();
        let text = "冰城战“疫”纪事，ABC 123。——";
        let layout = super::super::subset::Layout::Features("zh-CN");
        super::super::subset::subset(crate::fonts::FontId::Serif, text.chars(), &fonts, layout)
            .unwrap()
    }

    /// `data` inflated (raw DEFLATE).
    fn inflated(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        (flate2::read::DeflateDecoder::new(data).read_to_end(&mut out)).unwrap();
        out
    }

    #[test]
    fn a_face_entry_ends_with_the_stream_its_cff_table_is_embedded_in_the_pdf_with() {
        let face = serif_subset();
        let table = last_cff(&face).expect("HarfBuzz lays the CFF table out last");
        let padding = &face[table.end..];
        assert!(
            padding.len() < 4 && padding.iter().all(|&b| b == 0),
            "{padding:?}"
        );
        let cff = krilla::text::deflate_program(&face).unwrap();
        let path = || "OEBPS/fonts/a.otf".to_string();
        let given = Packed::face((path(), face.clone().into()), Some(cff.clone().into()));
        let made_here = Packed::face((path(), face.clone().into()), None);
        assert_eq!(
            given.data, made_here.data,
            "the same bytes whoever deflated the table"
        );
        assert!(given.data.ends_with(zlib_blocks(&cff).unwrap()));
        // the file is the face without the padding after its last table, and reads back whole
        let file = inflated(&given.data);
        assert_eq!(file, face[..table.end]);
        assert_eq!(
            (given.size, given.crc32),
            (file.len(), libdeflater::crc32(&file))
        );
        assert!(given.deflated);
        let font = read_fonts::FontRef::new(&file).unwrap();
        let tag = read_fonts::types::Tag::new(b"CFF ");
        assert_eq!(
            font.table_data(tag).unwrap().as_bytes(),
            &face[table.clone()]
        );
        // the first tables, deflated apart, take less room than stored
        let first = given.data.len() - zlib_blocks(&cff).unwrap().len();
        assert!(
            first < table.start * 3 / 4,
            "{first} of {} bytes",
            table.start
        );
    }

    #[test]
    fn a_face_whose_last_bytes_are_not_padding_is_deflated_whole() {
        let mut face = serif_subset();
        face.extend([0, 0, 0, 0, 1]);
        assert_eq!(last_cff(&face), None);
        let packed = Packed::face(("a.otf".into(), face.clone().into()), None);
        assert_eq!(inflated(&packed.data), face);
        assert_eq!(last_cff(b"OTTO"), None, "not a face");
    }

    #[test]
    fn the_blocks_of_a_zlib_stream_are_between_its_header_and_checksum() {
        let zlib = [0x78, 0x01, 0x03, 0x00, 0, 0, 0, 1];
        assert_eq!(zlib_blocks(&zlib), Some(&[0x03, 0x00][..]));
        assert_eq!(
            zlib_blocks(&[0x78, 0x21, 3, 0, 0, 0, 0, 1]),
            None,
            "a preset dictionary"
        );
        assert_eq!(
            zlib_blocks(&[0x79, 0x01, 3, 0, 0, 0, 0, 1]),
            None,
            "not DEFLATE"
        );
        assert_eq!(
            zlib_blocks(&[0x78, 0x02, 3, 0, 0, 0, 0, 1]),
            None,
            "a bad check"
        );
        assert_eq!(zlib_blocks(&[0x78, 0x01, 0, 0, 1]), None, "too short");
    }

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
    fn every_entry_reads_back_whole_with_its_crc_size_and_utf8_name() {
        use std::io::Read;
        let text: Vec<u8> = "冰城战疫纪事。".repeat(3000).into_bytes();
        let mut package = Package::default();
        package.add("OEBPS/story-001.xhtml", text.clone()).unwrap();
        package
            .add("OEBPS/images/封面.jpg", vec![7u8; 100])
            .unwrap();
        package.add("OEBPS/empty.css", Vec::new()).unwrap();
        let time = DateTime::from_date_and_time(2022, 12, 5, 0, 0, 0).unwrap();
        let bytes = package.write(time).unwrap();
        let mut archive = ZipArchive::new(Cursor::new(&bytes)).unwrap();
        let mut read = |name: &str| {
            let mut file = archive.by_name(name).unwrap();
            let mut out = Vec::new();
            // the reader checks the CRC-32 at the end of the entry
            file.read_to_end(&mut out).unwrap();
            (out, file.crc32(), file.compressed_size(), file.unix_mode())
        };
        let (story, crc, packed, mode) = read("OEBPS/story-001.xhtml");
        assert_eq!(story, text);
        assert_eq!(crc, libdeflater::crc32(&text));
        assert!(packed < text.len() as u64 / 10, "deflated to {packed} B");
        assert_eq!(mode.map(|m| m & 0o777), Some(0o644));
        assert_eq!(read("OEBPS/images/封面.jpg").0, vec![7u8; 100]);
        assert_eq!(read("OEBPS/empty.css").0, Vec::<u8>::new());
    }

    #[test]
    fn zip_time_is_the_book_date_or_the_dos_epoch() {
        let t = zip_time(Date::parse("2022-12-05").unwrap());
        assert_eq!((t.year(), t.month(), t.day()), (2022, 12, 5));
        assert_eq!(zip_time(Date::default()), DateTime::default());
    }
}
