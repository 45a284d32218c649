//! The EPUB's faces as WOFF 1.0 files (W3C Recommendation, 13 December 2012; `font/woff`, an EPUB 3 core
//! media type): the subset's OpenType tables, each zlib-compressed on its own (stored as it is where that
//! does not make it smaller), behind a WOFF header and table directory.
//!
//! The PDF embeds a CID-keyed face as its `CFF ` table deflated into a zlib stream (`FontFile3`); a WOFF
//! holds each table as exactly such a stream, so when the PDF has deflated the table already the EPUB's
//! face takes the same bytes instead of deflating the face a second time (issue 13: "fonts subset once per
//! face and shared"). Both are deflated by libdeflate at its level 1, as krilla deflates its streams, so
//! a face's bytes are the same whether the table was given or deflated here.

use libdeflater::{CompressionLvl, Compressor};
use read_fonts::FontRef;

use super::failure::fail;
use crate::error::Result;

/// Size of the WOFF header, bytes (WOFF 1.0 §3).
const HEADER: usize = 44;
/// Size of one WOFF table directory entry, bytes (WOFF 1.0 §4).
const ENTRY: usize = 20;

/// `sfnt` (an OpenType font: `OTTO` or TrueType) as a WOFF 1.0 file. `cff`, when given, is the font's
/// `CFF ` table as a zlib stream (RFC 1950) made by the caller; it is taken as that table's compressed data
/// when its Adler-32 is the table's (else the table is deflated here like the others). The directory is by
/// tag (WOFF 1.0 §4) and the tables' data in the font's own order (§5), each on a 4-byte boundary with zero
/// padding, so that a decoder rebuilds the very font; no metadata or private block. Deterministic.
///
/// Errors: [`crate::Error::Render`] (format `epub`) when `sfnt` is not an OpenType font whose tables lie
/// inside it, or is too large for WOFF's 32-bit offsets.
pub(super) fn encode(sfnt: &[u8], cff: Option<&[u8]>) -> Result<Vec<u8>> {
    let bad = |why: &str| fail(format!("a subset face cannot be made a WOFF: {why}"));
    let font = FontRef::new(sfnt).map_err(|e| bad(&e.to_string()))?;
    let records = font.table_directory.table_records();
    let mut compressor = Compressor::new(CompressionLvl::new(1).expect("a valid level"));
    let mut tables = Vec::with_capacity(records.len());
    for record in records {
        let (start, len) = (record.offset() as usize, record.length() as usize);
        let data = (sfnt.get(start..start + len)).ok_or_else(|| bad("a table lies outside it"))?;
        let given = cff.filter(|z| record.tag() == *b"CFF " && holds(z, data));
        let packed = match given {
            Some(z) => z.to_vec(),
            None => deflate(&mut compressor, data),
        };
        // a table that deflating does not make smaller is stored as it is (WOFF 1.0 §5)
        let packed = if packed.len() < len {
            packed
        } else {
            data.to_vec()
        };
        tables.push((record, len, packed));
    }
    // the tables' data in the font's own order (by offset, WOFF 1.0 §5), so that a decoder rebuilds the
    // very font; the directory by tag
    let mut order: Vec<usize> = (0..tables.len()).collect();
    order.sort_by_key(|&i| tables[i].0.offset());
    let directory = HEADER + ENTRY * tables.len();
    let mut offsets = vec![0; tables.len()];
    let mut end = directory;
    for &i in &order {
        offsets[i] = end;
        end += padded(tables[i].2.len());
    }
    let sfnt_size: usize =
        12 + 16 * tables.len() + tables.iter().map(|t| padded(t.1)).sum::<usize>();
    let total = u32::try_from(end).map_err(|_| bad("it is 4 GiB or more"))?;
    let mut out = Vec::with_capacity(total as usize);
    out.extend(b"wOFF");
    out.extend(font.table_directory.sfnt_version().to_be_bytes());
    out.extend(total.to_be_bytes());
    out.extend((tables.len() as u16).to_be_bytes());
    out.extend([0, 0]); // reserved
    out.extend((sfnt_size as u32).to_be_bytes());
    out.extend([0, 1, 0, 0]); // the WOFF file's version, 1.0
    out.extend([0; 20]); // no metadata block, no private data block
    for ((record, len, packed), offset) in tables.iter().zip(&offsets) {
        out.extend(record.tag().to_be_bytes());
        out.extend((*offset as u32).to_be_bytes());
        out.extend((packed.len() as u32).to_be_bytes());
        out.extend((*len as u32).to_be_bytes());
        out.extend(record.checksum().to_be_bytes());
    }
    for i in order {
        out.extend(&tables[i].2);
        out.resize(padded(out.len()), 0);
    }
    Ok(out)
}

/// `n` rounded up to a multiple of 4.
fn padded(n: usize) -> usize {
    n.next_multiple_of(4)
}

/// `data` as a zlib stream at libdeflate's level 1.
fn deflate(compressor: &mut Compressor, data: &[u8]) -> Vec<u8> {
    let mut out = vec![0; compressor.zlib_compress_bound(data.len())];
    let len = (compressor.zlib_compress(data, &mut out)).expect("the bound holds the stream");
    out.truncate(len);
    out
}

/// Whether the zlib stream `z` ends with the Adler-32 of `data` (RFC 1950 §2.2): the stream given for a
/// table is that table's.
fn holds(z: &[u8], data: &[u8]) -> bool {
    z.len() > 6 && z[z.len() - 4..] == libdeflater::adler32(data).to_be_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A WOFF 1.0 file decoded back into the sfnt it was made from, as a reading system decodes it.
    fn decoded(woff: &[u8]) -> Vec<u8> {
        wuff::decompress_woff1(woff).expect("a valid WOFF")
    }

    fn subset() -> Vec<u8> {
        let fonts = crate::fonts::FontSet::bundled().unwrap();
        let layout = super::super::subset::Layout::Features("zh-CN");
        super::super::subset::subset(
            crate::fonts::FontId::Serif,
            "活字印刷，中文排版。".chars(),
            &fonts,
            layout,
        )
        .unwrap()
    }

    #[test]
    fn a_woff_decodes_to_the_subset_it_was_made_from() {
        let otf = subset();
        let woff = encode(&otf, None).unwrap();
        assert_eq!(&woff[..8], b"wOFFOTTO");
        assert_eq!(
            u32::from_be_bytes(woff[8..12].try_into().unwrap()) as usize,
            woff.len()
        );
        assert!(
            woff.len() < otf.len() * 9 / 10,
            "{} of {}",
            woff.len(),
            otf.len()
        );
        assert_eq!(decoded(&woff), otf);
    }

    #[test]
    fn a_given_cff_stream_is_taken_as_it_is_and_another_is_not() {
        let otf = subset();
        let alone = encode(&otf, None).unwrap();
        let program = krilla::text::deflate_program(&otf).unwrap();
        // the PDF's font stream is the very stream the WOFF holds
        assert_eq!(encode(&otf, Some(&program)).unwrap(), alone);
        let at_nine = level_nine(&otf);
        let given = encode(&otf, Some(&at_nine)).unwrap();
        assert!(given.windows(at_nine.len()).any(|w| w == at_nine));
        assert_eq!(decoded(&given), otf);
        // a stream of other data is not taken
        assert_eq!(
            encode(&otf, Some(&deflate_of(b"other data"))).unwrap(),
            alone
        );
    }

    /// The `CFF ` table of `otf` as a zlib stream at libdeflate's level 9 (other bytes than level 1's).
    fn level_nine(otf: &[u8]) -> Vec<u8> {
        let font = FontRef::new(otf).unwrap();
        let cff = font
            .table_data(read_fonts::types::Tag::new(b"CFF "))
            .unwrap();
        let mut c = Compressor::new(CompressionLvl::new(9).unwrap());
        deflate(&mut c, cff.as_bytes())
    }

    fn deflate_of(data: &[u8]) -> Vec<u8> {
        deflate(&mut Compressor::new(CompressionLvl::new(1).unwrap()), data)
    }
}
