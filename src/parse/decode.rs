//! Bytes → text.
//!
//! Accepted encodings, tried in this order:
//!
//! 1. a byte order mark decides: UTF-8 (`EF BB BF`), UTF-16LE (`FF FE`) or UTF-16BE (`FE FF`); the mark is
//!    dropped and the rest must be valid in that encoding;
//! 2. UTF-8 without a mark;
//! 3. GB18030 (a superset of GBK and GB2312, what Chinese Windows tools save as "ANSI"), accepted only when
//!    every byte decodes: no replacement characters are ever produced.
//!
//! Anything else is an [`Error::Decode`] carrying the byte offset of the first bad sequence (of whichever
//! encoding got further, so a GB18030 file with one damaged byte points at that byte). A NUL byte is never
//! text: it marks a binary file (or UTF-16 without a mark) and is reported at its offset.

use std::path::Path;

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8};

use crate::error::{Error, Result};

/// This many non-ASCII characters decoded as UTF-8 before the first bad byte make the file UTF-8.
const UTF8_EVIDENCE: usize = 3;

/// The encoding named `label` (a WHATWG label: `utf-8`, `gbk`, `gb18030`, `utf-16le`, `big5`, …).
///
/// Errors: [`Error::Config`] naming `source` (where the name was given: `--encoding` or `book.toml`).
pub(crate) fn encoding_for_label(label: &str, source: &Path) -> Result<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| Error::Config {
        path: source.to_path_buf(),
        message: format!(
            "encoding = {label:?} is not an encoding name (try utf-8, gb18030, gbk, utf-16le)"
        ),
    })
}

/// Decodes `bytes` as `encoding` and nothing else (a byte order mark of that encoding is dropped).
///
/// Errors: [`Error::Decode`] with the offset of the first byte that is not text in that encoding, or of a
/// NUL character.
pub(crate) fn decode_forced(
    bytes: &[u8],
    path: &Path,
    encoding: &'static Encoding,
) -> Result<String> {
    let bom_len = match Encoding::for_bom(bytes) {
        Some((e, len)) if e == encoding => len,
        _ => 0,
    };
    decode_after_bom(bytes, bom_len, encoding, path, "(forced)")
}

/// Decodes `bytes[bom_len..]` strictly as `encoding`; errors give offsets in the whole file and say
/// `invalid <encoding> <context>`.
fn decode_after_bom(
    bytes: &[u8],
    bom_len: usize,
    encoding: &'static Encoding,
    path: &Path,
    context: &str,
) -> Result<String> {
    let err = |offset: usize, message: String| Error::Decode {
        path: path.to_path_buf(),
        offset: offset + bom_len,
        message,
    };
    let text = decode_strict(encoding, &bytes[bom_len..])
        .map_err(|offset| err(offset, format!("invalid {} {context}", encoding.name())))?;
    reject_nul(&text, |offset| {
        err(offset, format!("NUL character in {} text", encoding.name()))
    })?;
    Ok(text)
}

/// Decodes the bytes of an input file (named `path` in errors) into text.
///
/// Errors: [`Error::Decode`] with the offset of the first byte that is not text.
pub(crate) fn decode(bytes: &[u8], path: &Path) -> Result<String> {
    let err = |offset: usize, message: String| Error::Decode {
        path: path.to_path_buf(),
        offset,
        message,
    };
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_after_bom(bytes, bom_len, encoding, path, "after its byte order mark");
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(err(
            offset,
            "NUL byte (binary file, or UTF-16 without a byte order mark)".into(),
        ));
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text.to_owned()),
        Err(e) => e.valid_up_to(),
    };
    // A file that starts out as UTF-8 Chinese is a damaged UTF-8 file: decoding its bytes as GB18030
    // would "succeed" more often than one would think and produce mojibake.
    let prefix = std::str::from_utf8(&bytes[..utf8_error]).expect("valid up to here");
    if prefix
        .chars()
        .filter(|c| !c.is_ascii())
        .take(UTF8_EVIDENCE)
        .count()
        == UTF8_EVIDENCE
    {
        return Err(err(utf8_error, "invalid UTF-8".into()));
    }
    match decode_strict(GB18030, bytes) {
        Ok(text) => Ok(text),
        Err(gb_error) if gb_error > utf8_error => Err(err(
            gb_error,
            format!("invalid GB18030 (and not UTF-8 from byte offset {utf8_error})"),
        )),
        Err(_) => Err(err(
            utf8_error,
            "invalid UTF-8 (and not GB18030 either)".into(),
        )),
    }
}

/// Decodes all of `bytes` in `encoding` (no BOM handling, no replacement characters), or returns the
/// byte offset of the first malformed sequence.
fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> std::result::Result<String, usize> {
    if encoding == UTF_8 {
        return std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|e| e.valid_up_to());
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len() * 3 + 16),
    );
    let mut read_total = 0;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[read_total..], &mut out, true);
        read_total += read;
        match result {
            DecoderResult::InputEmpty => return Ok(out),
            DecoderResult::OutputFull => out.reserve(bytes.len() - read_total + 16),
            DecoderResult::Malformed(bad, after) => {
                return Err(read_total.saturating_sub(usize::from(bad) + usize::from(after)));
            }
        }
    }
}

fn reject_nul(text: &str, err: impl Fn(usize) -> Error) -> Result<()> {
    match text.find('\0') {
        Some(i) => Err(err(i)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("t.txt")
    }

    #[test]
    fn utf8_plain_and_with_bom() {
        assert_eq!(decode("你好,世界".as_bytes(), p()).unwrap(), "你好,世界");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("本报讯".as_bytes());
        assert_eq!(decode(&bom, p()).unwrap(), "本报讯");
    }

    #[test]
    fn gb18030_when_not_utf8() {
        let (bytes, _, _) = GB18030.encode("本报讯（记者 梁可心）在外卖存放点");
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(
            decode(&bytes, p()).unwrap(),
            "本报讯（记者 梁可心）在外卖存放点"
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "哈报人".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes, p()).unwrap(), "哈报人");
    }

    #[test]
    fn invalid_bytes_report_offset() {
        // "ab" then a lone 0xFF: bad in UTF-8 and in GB18030, at offset 2.
        match decode(b"ab\xFFcd", p()) {
            Err(Error::Decode { offset, .. }) => assert_eq!(offset, 2),
            other => panic!("{other:?}"),
        }
        // Valid GB18030 for a while, then a damaged byte: the GB18030 offset is the useful one.
        let (mut bytes, _, _) = GB18030.encode("本报讯在外卖");
        let good = bytes.len();
        bytes.to_mut().push(0xFF);
        match decode(&bytes, p()) {
            Err(Error::Decode {
                offset, message, ..
            }) => {
                assert_eq!(offset, good, "{message}");
                assert!(message.contains("GB18030"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn forced_encodings() {
        let (bytes, _, _) = GB18030.encode("本报讯");
        let gbk = encoding_for_label("GBK", p()).unwrap();
        assert_eq!(decode_forced(&bytes, p(), gbk).unwrap(), "本报讯");
        // Forcing UTF-8 on GB18030 bytes fails at the first byte.
        let utf8 = encoding_for_label("utf-8", p()).unwrap();
        match decode_forced(&bytes, p(), utf8) {
            Err(Error::Decode { offset, .. }) => assert_eq!(offset, 0),
            other => panic!("{other:?}"),
        }
        assert!(encoding_for_label("klingon", p()).is_err());
    }

    #[test]
    fn nul_is_not_text() {
        match decode(b"abc\0def", p()) {
            Err(Error::Decode { offset, .. }) => assert_eq!(offset, 3),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn damaged_utf8_is_not_read_as_gb18030() {
        // These bytes happen to be valid GB18030 (as mojibake); the UTF-8 prefix gives them away.
        let mut bytes = "本报讯在外卖存放点".as_bytes().to_vec();
        let good = bytes.len();
        bytes.extend_from_slice(&[0xE4, 0xBD]);
        bytes.extend_from_slice("设置".as_bytes());
        match decode(&bytes, p()) {
            Err(Error::Decode {
                offset, message, ..
            }) => {
                assert_eq!(offset, good);
                assert_eq!(message, "invalid UTF-8");
            }
            other => panic!("{other:?}"),
        }
    }
}
