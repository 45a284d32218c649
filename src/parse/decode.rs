//! Bytes → text, on evidence.
//!
//! 1. A byte order mark names UTF-8 (`EF BB BF`), UTF-16LE (`FF FE`) or UTF-16BE (`FE FF`); it is trusted
//!    only when the rest decodes without an error in that encoding *and* looks like text (below).
//! 2. Valid UTF-8 is UTF-8.
//! 3. Otherwise `chardetng` (Firefox's detector) guesses among the legacy encodings — GB18030/GBK, Big5,
//!    Shift_JIS, EUC-JP, EUC-KR and the single-byte ones — and the bytes must decode in the guess without
//!    an error and look like text. A file that starts out as UTF-8 Chinese and then breaks is damaged UTF-8,
//!    never a legacy encoding.
//!
//! "Looks like text" ([`implausible`]): no replacement characters (U+FFFD), no runs of private-use
//! characters, few C1 controls or noncharacters, and not the script mix of mojibake (Hangul with Han or
//! kana in quantity, or many letters from rarely used blocks). Anything else is an [`Error::Decode`] naming
//! the file and the offset, and suggesting `--encoding`. The encoding chosen and how is returned
//! ([`Decoded`]) so that it can be reported. A NUL byte is never text: it marks a binary file (or UTF-16
//! without a mark). A forced encoding (`--encoding`, `encoding =` in `book.toml`) is the user's word and is
//! only checked for errors and NULs.

use std::path::Path;

use encoding_rs::{DecoderResult, Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

use crate::error::{Error, Result};

/// This many non-ASCII characters decoded as UTF-8 before the first bad byte make the file UTF-8.
const UTF8_EVIDENCE: usize = 3;

/// The legacy encodings detection may choose: the Chinese, Japanese and Korean multi-byte ones. A
/// single-byte encoding is read only when forced.
const LEGACY_CJK: [&Encoding; 5] = [
    GB18030,
    encoding_rs::BIG5,
    encoding_rs::SHIFT_JIS,
    encoding_rs::EUC_JP,
    encoding_rs::EUC_KR,
];

/// What `--encoding` can say, for error messages.
const TRY_ENCODING: &str = "save the file as UTF-8, or name the encoding with --encoding (utf-8, gb18030, big5, shift_jis, euc-kr, utf-16le, …) or encoding = in book.toml, either of which applies to every story file";

/// What to do about a file that is UTF-8 only up to a point.
const RESAVE: &str = "save it again as UTF-8 from where it came from, or retype the text from here";

/// What to do about the file at `path`, whose bytes look like the encoding `name`: save it as UTF-8 (an
/// `iconv` command that does so, its path as the error names it, quoted for a POSIX shell where it
/// needs to be), or, when every story file is in that encoding, name it.
fn save_as_utf8(path: &Path, name: &str) -> String {
    let file = path.display().to_string();
    let plain = |c: char| c.is_alphanumeric() || "/._-+,:@%".contains(c);
    let file = match file.chars().all(plain) {
        true => file,
        false => format!("'{}'", file.replace('\'', "'\\''")),
    };
    format!(
        "save the file as UTF-8 (iconv -f {name} -t UTF-8 {file} > {file}.new && mv {file}.new {file}), \
         or, when every story file is in {name}, name it with --encoding {name} or encoding = \"{name}\" in \
         book.toml"
    )
}

/// How the encoding of a file was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Evidence {
    /// Its byte order mark.
    ByteOrderMark,
    /// The bytes are valid UTF-8.
    ValidUtf8,
    /// Detected (chardetng) among the legacy encodings.
    Detected,
    /// Given by `--encoding` or `encoding =` in `book.toml`.
    Forced,
}

impl Evidence {
    /// A few words for the report: `byte order mark`, `valid UTF-8`, `detected`, `forced`.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Evidence::ByteOrderMark => "byte order mark",
            Evidence::ValidUtf8 => "valid UTF-8",
            Evidence::Detected => "detected",
            Evidence::Forced => "forced",
        }
    }
}

/// A decoded file: its text, the encoding it was read in and why that one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding (GB18030 for a GBK guess: its superset).
    pub encoding: &'static Encoding,
    /// How it was chosen.
    pub evidence: Evidence,
}

/// The encoding named `label` (a WHATWG label: `utf-8`, `gbk`, `gb18030`, `utf-16le`, `big5`, …).
///
/// Errors: [`Error::Config`] naming `source` (where the name was given: `--encoding` or `book.toml`).
pub(crate) fn encoding_for_label(label: &str, source: &Path) -> Result<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| Error::Config {
        path: source.to_path_buf(),
        message: format!(
            "encoding = {label:?} is not an encoding name (try utf-8, gb18030, gbk, big5, shift_jis, euc-kr, utf-16le)"
        ),
    })
}

/// Decodes `bytes` as `encoding` and nothing else (a byte order mark of that encoding is dropped).
///
/// Errors: [`Error::Decode`] with the offset of the first byte that is not text in that encoding, or of a
/// NUL character; and, for an encoding other than UTF-8, at the first non-ASCII byte of a file that is
/// UTF-8 beyond doubt (valid throughout, with [`UTF8_EVIDENCE`] non-ASCII characters or more, no other
/// byte order mark): read as the encoding forced it would be mojibake, and since `--encoding` and
/// `encoding =` apply to every story file of a book, the file that needed it is most often another.
pub(crate) fn decode_forced(
    bytes: &[u8],
    path: &Path,
    encoding: &'static Encoding,
) -> Result<Decoded> {
    forced(bytes, path, encoding).map_err(|e| placed(e, bytes, encoding))
}

/// [`decode_forced`], its errors without a line.
fn forced(bytes: &[u8], path: &Path, encoding: &'static Encoding) -> Result<Decoded> {
    let bom_len = match Encoding::for_bom(bytes) {
        Some((e, len)) if e == encoding => len,
        _ => 0,
    };
    if encoding != UTF_8 && bom_len == 0 && surely_utf8(bytes) {
        return Err(Error::Decode {
            path: path.to_path_buf(),
            offset: bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0),
            message: format!(
                "the file is UTF-8, but --encoding or encoding = in book.toml says {0}, which \
                 applies to every story file: read as {0} it would be mojibake; leave the encoding \
                 out, and save any story file in another encoding as UTF-8",
                encoding.name()
            ),
            line: None,
        });
    }
    let text = decode_after_bom(bytes, bom_len, encoding, path, "(forced)")?;
    Ok(Decoded {
        text,
        encoding,
        evidence: Evidence::Forced,
    })
}

/// Whether `bytes` are UTF-8 beyond doubt: valid UTF-8 that is [`utf8_evidence`] (bytes in another
/// encoding that are also valid UTF-8 that far are all but unheard of).
fn surely_utf8(bytes: &[u8]) -> bool {
    simdutf8::basic::from_utf8(bytes).is_ok_and(utf8_evidence)
}

/// Whether `text`, decoded as UTF-8, holds [`UTF8_EVIDENCE`] non-ASCII characters or more: enough to
/// call its bytes UTF-8.
fn utf8_evidence(text: &str) -> bool {
    (text.chars().filter(|c| !c.is_ascii()))
        .nth(UTF8_EVIDENCE - 1)
        .is_some()
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
        line: None,
        message,
    };
    let text = decode_strict(encoding, &bytes[bom_len..])
        .map_err(|offset| err(offset, format!("invalid {} {context}", encoding.name())))?;
    if text.contains('\0') {
        let offset = nul_offset(&bytes[bom_len..], encoding);
        return Err(err(
            offset,
            format!("NUL character in {} text", encoding.name()),
        ));
    }
    Ok(text)
}

/// Whether `encoding` is UTF-16 (either byte order): a line feed is then not the byte 0x0A.
fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == UTF_16LE || encoding == UTF_16BE
}

/// The byte offset of the first NUL character in `bytes`, text in `encoding` that holds one: an aligned
/// zero code unit in UTF-16, else a zero byte (no other encoding huozi reads has it inside a character).
fn nul_offset(bytes: &[u8], encoding: &'static Encoding) -> usize {
    if is_utf16(encoding) {
        let unit = bytes.chunks_exact(2).position(|u| u == [0, 0]);
        return unit.map_or(0, |k| 2 * k);
    }
    memchr::memchr(0, bytes).unwrap_or(0)
}

/// `e` with its line, when it is an [`Error::Decode`] past the file's start and `encoding` (the one
/// the bytes were read in, or their byte order mark's) is not UTF-16: line feeds before the offset, plus
/// one (every encoding huozi reads but UTF-16 has the byte 0x0A only as a line feed).
fn placed(mut e: Error, bytes: &[u8], encoding: &'static Encoding) -> Error {
    if let Error::Decode { offset, line, .. } = &mut e {
        let utf16 =
            is_utf16(encoding) || Encoding::for_bom(bytes).is_some_and(|(b, _)| is_utf16(b));
        if *offset > 0 && !utf16 {
            let before = &bytes[..(*offset).min(bytes.len())];
            *line = Some(1 + memchr::memchr_iter(b'\n', before).count());
        }
    }
    e
}

/// [`decode`] of bytes the caller gives up, and the bytes back when the text is not them: valid UTF-8
/// without a byte order mark (most files) becomes the text itself, without a copy (a 20 MB file is 20 MB
/// of memory less; issue 13), and `None` is returned beside it.
///
/// Errors: those of [`decode`].
pub(crate) fn decode_owned(bytes: Vec<u8>, path: &Path) -> Result<(Decoded, Option<Vec<u8>>)> {
    let utf8 = Encoding::for_bom(&bytes).is_none()
        && memchr::memchr(0, &bytes).is_none()
        // validated with SIMD, as `decode` validates (std's validation took 0.6% of a 100-copy build)
        && simdutf8::basic::from_utf8(&bytes).is_ok();
    if utf8 {
        // SAFETY: `simdutf8::basic::from_utf8` has just found the bytes to be valid UTF-8
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        return checked(text, UTF_8, Evidence::ValidUtf8, path).map(|d| (d, None));
    }
    decode(&bytes, path).map(|decoded| (decoded, Some(bytes)))
}

/// `text`, read from the file `path` as `encoding` on `evidence`, when it looks like text ([`implausible`]).
///
/// Errors: [`Error::Decode`] (offset 0) saying why it does not, suggesting `--encoding`.
fn checked(
    text: String,
    encoding: &'static Encoding,
    evidence: Evidence,
    path: &Path,
) -> Result<Decoded> {
    if let Some(why) = implausible(&text, encoding == UTF_8) {
        return Err(Error::Decode {
            path: path.to_path_buf(),
            offset: 0,
            line: None,
            message: format!(
                "read as {} ({}) it is not plausible text: {why}; {TRY_ENCODING}",
                encoding.name(),
                evidence.describe()
            ),
        });
    }
    Ok(Decoded {
        text,
        encoding,
        evidence,
    })
}

/// Decodes the bytes of an input file (named `path` in errors) into text, on evidence (module docs).
///
/// Errors: [`Error::Decode`] with the offset of the first byte that is not text, or (offset 0) for a
/// decode that does not look like text, suggesting `--encoding`.
pub(crate) fn decode(bytes: &[u8], path: &Path) -> Result<Decoded> {
    detected(bytes, path).map_err(|e| placed(e, bytes, UTF_8))
}

/// [`decode`], its errors without a line.
fn detected(bytes: &[u8], path: &Path) -> Result<Decoded> {
    let err = |offset: usize, message: String| Error::Decode {
        path: path.to_path_buf(),
        offset,
        line: None,
        message,
    };
    let checked = |text, encoding, evidence| checked(text, encoding, evidence, path);
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let text = decode_after_bom(bytes, bom_len, encoding, path, "after its byte order mark")
            .map_err(|e| match e {
                Error::Decode {
                    path,
                    offset,
                    line,
                    message,
                } => Error::Decode {
                    path,
                    offset,
                    line,
                    message: format!("{message}; {TRY_ENCODING}"),
                },
                e => e,
            })?;
        return checked(text, encoding, Evidence::ByteOrderMark);
    }
    if let Some(offset) = memchr::memchr(0, bytes) {
        return Err(err(
            offset,
            "NUL byte (binary file, or UTF-16 without a byte order mark)".into(),
        ));
    }
    // validated with SIMD (simdutf8: about a tenth of std's instructions on Chinese text), and again by
    // std only to find where a file that is not UTF-8 stops being so
    let utf8_error = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => return checked(text.to_owned(), UTF_8, Evidence::ValidUtf8),
        Err(_) => std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |_| bytes.len()),
    };
    // A file that starts out as UTF-8 Chinese is a damaged UTF-8 file: decoding its bytes in a legacy
    // encoding would "succeed" more often than one would think and produce mojibake.
    let prefix = std::str::from_utf8(&bytes[..utf8_error]).expect("valid up to here");
    if utf8_evidence(prefix) {
        let message = format!(
            "invalid UTF-8: the file is UTF-8 up to here and not from here on (damaged, or text in \
             another encoding pasted in); {RESAVE}"
        );
        return Err(err(utf8_error, message));
    }
    detect(bytes, utf8_error, path)
}

/// Decodes `bytes` (not UTF-8 from `utf8_error` on) in the legacy encoding chardetng finds likeliest:
/// its guess for a generic source first; when that decode fails or is not plausible, its guesses for
/// mainland Chinese, Traditional Chinese, Japanese and Korean sources, in that order.
///
/// Errors: [`Error::Decode`] for the best-ranked failure (module docs), suggesting `--encoding`.
fn detect(bytes: &[u8], utf8_error: usize, path: &Path) -> Result<Decoded> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let mut best: Option<((u8, usize), Error)> = None;
    let mut tried: Vec<&'static Encoding> = Vec::new();
    for tld in [
        None,
        Some(&b"cn"[..]),
        Some(b"tw"),
        Some(b"jp"),
        Some(b"kr"),
    ] {
        let guess = match detector.guess(tld, chardetng::Utf8Detection::Deny) {
            g if g == GBK => GB18030,
            g => g,
        };
        if tried.contains(&guess) {
            continue;
        }
        tried.push(guess);
        match try_guess(bytes, guess, utf8_error, path) {
            Ok(decoded) => return Ok(decoded),
            Err(problem) if best.as_ref().is_none_or(|(rank, _)| problem.0 > *rank) => {
                best = Some(problem)
            }
            Err(_) => {}
        }
    }
    Err(best.expect("one encoding was tried").1)
}

/// Decodes `bytes` as the detector's `guess`, or returns why not, ranked: a single-byte guess, then a
/// decode error (by how far it got), then an implausible decode (the best ranked is reported when no guess
/// works).
fn try_guess(
    bytes: &[u8],
    guess: &'static Encoding,
    utf8_error: usize,
    path: &Path,
) -> std::result::Result<Decoded, ((u8, usize), Error)> {
    let err = |offset: usize, message: String| Error::Decode {
        path: path.to_path_buf(),
        offset,
        line: None,
        message: format!("{message}; {TRY_ENCODING}"),
    };
    let name = guess.name();
    if !LEGACY_CJK.contains(&guess) {
        // UTF-8 beyond ASCII before the first bad byte: two encodings in one file, which a conversion of
        // the whole file from either one garbles
        let mixed = bytes[..utf8_error].iter().any(|b| !b.is_ascii());
        let message = match mixed {
            true => format!(
                "invalid UTF-8, and the bytes from here look like {name}, but the text before them is \
                 UTF-8: the file mixes two encodings, which neither iconv nor --encoding reads whole; \
                 {RESAVE}"
            ),
            false => format!(
                "invalid UTF-8, and the bytes look like {name}, which huozi reads only when told; {}",
                save_as_utf8(path, name)
            ),
        };
        let err = Error::Decode {
            path: path.to_path_buf(),
            offset: utf8_error,
            line: None,
            message,
        };
        return Err(((0, 0), err));
    }
    match decode_strict(guess, bytes) {
        Ok(text) => match implausible(&text, false) {
            None => Ok(Decoded {
                text,
                encoding: guess,
                evidence: Evidence::Detected,
            }),
            Some(why) => Err((
                (2, 0),
                err(
                    0,
                    format!(
                        "read as {name} (the likeliest encoding) it is not plausible text: {why}"
                    ),
                ),
            )),
        },
        Err(bad) if bad <= utf8_error => Err((
            (1, utf8_error),
            err(utf8_error, format!("invalid UTF-8 (and not {name} either)")),
        )),
        Err(bad) => Err((
            (1, bad),
            err(
                bad,
                format!(
                    "invalid {name} (the likeliest encoding; not UTF-8 from byte offset {utf8_error})"
                ),
            ),
        )),
    }
}

/// Why `text` does not look like text (the signs of a wrong encoding), or `None` when it does. Text that
/// was valid UTF-8 (`utf8`) cannot be a wrong decode: only its replacement characters and private-use runs
/// count (stray controls and noncharacters are the invisible-character rule's).
pub(crate) fn implausible(text: &str, utf8: bool) -> Option<String> {
    let (mut chars, mut pua_run, mut pua, mut odd) = (0usize, 0usize, 0usize, 0usize);
    let (mut han, mut hangul, mut kana, mut rare, mut letters) = (0usize, 0, 0, 0, 0);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // a block of ASCII, URO ideographs and CJK punctuation (no letter) is counted side by side
        if let Some(w) = bytes.get(i..i + PLAIN_BLOCK + 2)
            && let Some((starts, ideographs)) = plain_block(w.try_into().expect("a whole window"))
        {
            (chars, letters, han, pua_run) =
                (chars + starts, letters + ideographs, han + ideographs, 0);
            i += PLAIN_BLOCK;
            continue;
        }
        // the bytes that continue a character counted in the block before
        if (bytes[i] as i8) < -0x40 {
            i += 1;
            continue;
        }
        // the common case first: a CJK Unified Ideograph, U+4E00–9FFF, is `E4 B8`–`E9 BF` and three bytes
        // long, and every one a letter; nor does ASCII need decoding
        match (bytes[i], bytes.get(i + 1).copied().unwrap_or(0)) {
            (0xE5..=0xE9, _) | (0xE4, 0xB8..) => {
                (chars, letters, han, pua_run) = (chars + 1, letters + 1, han + 1, 0);
                i += 3;
                continue;
            }
            (0..0x80, _) => {
                (chars, pua_run) = (chars + 1, 0);
                i += 1;
                continue;
            }
            _ => {}
        }
        let c = text[i..].chars().next().expect("a character starts here");
        i += c.len_utf8();
        chars += 1;
        let u = c as u32;
        if c == '\u{FFFD}' {
            return Some("it holds replacement characters (U+FFFD)".into());
        }
        let private = matches!(u, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF);
        pua_run = if private { pua_run + 1 } else { 0 };
        pua += usize::from(private);
        if pua_run >= 3 {
            return Some("it holds a run of private-use characters".into());
        }
        odd += usize::from(matches!(u, 0x80..=0x9F | 0xFDD0..=0xFDEF) || u & 0xFFFE == 0xFFFE);
        // CJK and general punctuation (no letter among them) need none either
        if is_cjk_punctuation(u) || !c.is_alphabetic() {
            continue;
        }
        letters += 1;
        match u {
            0x4E00..=0x9FFF | 0x20000..=0x2FA1F => han += 1,
            0xAC00..=0xD7A3 | 0x3130..=0x318F => hangul += 1,
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => kana += 1,
            0xC0..=0x24F | 0x370..=0x52F | 0x1E00..=0x1FFF | 0xFF21..=0xFF5A => {}
            _ => rare += 1,
        }
    }
    if !utf8 && (odd * 100 > chars.max(1) || pua * 100 > chars.max(1) * 2) {
        return Some("it holds control or private-use characters in quantity".into());
    }
    if letters < 8 {
        return None;
    }
    let share = |n: usize| n * 10 >= letters;
    if share(hangul) && (share(han) || share(kana)) {
        return Some("it mixes Hangul with Han or kana as mojibake does".into());
    }
    if rare * 10 > letters {
        return Some("many of its letters come from rarely used scripts or blocks".into());
    }
    None
}

/// Bytes [`plain_block`] reads side by side.
const PLAIN_BLOCK: usize = 16;

/// The characters starting in the first [`PLAIN_BLOCK`] bytes of `w` and the URO ideographs (U+4E00–9FFF,
/// `E4 B8`–`E9 BF`) among them, when every one of them is ASCII, such an ideograph or a mark of U+2000–203F
/// (`E2 80`), U+3000–3004, U+3008–3020 (`E3 80`) or U+FF01–FF20 (`EF BC`) — no letter, control,
/// noncharacter or private-use character among the marks —; `None` when another starts there (the two
/// bytes after the block are read). Branch-free, so that it is tested in SIMD registers.
#[inline(always)]
// `&` of two comparisons, not `RangeInclusive::contains` (`&&`): no branch in the SIMD loop
#[allow(clippy::manual_range_contains)]
fn plain_block(w: &[u8; PLAIN_BLOCK + 2]) -> Option<(usize, usize)> {
    let (mut starts, mut ideographs, mut other) = (0u8, 0u8, 0u8);
    for j in 0..PLAIN_BLOCK {
        let (b, n, t) = (w[j], w[j + 1], w[j + 2]);
        let ascii = b < 0x80;
        let han = ((b >= 0xE5) & (b <= 0xE9)) | ((b == 0xE4) & (n >= 0xB8));
        let cjk_mark = ((t >= 0x80) & (t <= 0x84)) | ((t >= 0x88) & (t <= 0xA0));
        let mark = ((b == 0xE2) & (n == 0x80))
            | ((b == 0xE3) & (n == 0x80) & cjk_mark)
            | ((b == 0xEF) & (n == 0xBC) & (t >= 0x81) & (t <= 0xA0));
        let plain = ascii | han | mark;
        starts += u8::from(plain);
        ideographs += u8::from(han);
        other |= u8::from(((b as i8) >= -0x40) & !plain);
    }
    (other == 0).then_some((usize::from(starts), usize::from(ideographs)))
}

/// General punctuation (U+2000–206F), CJK symbols and punctuation but the letters among them (U+3000–3004,
/// U+3008–3020), and the full-width marks and digits (U+FF01–FF20, FF3B–FF40, FF5B–FF65): no character
/// of these is alphabetic.
fn is_cjk_punctuation(u: u32) -> bool {
    matches!(u, 0x2000..=0x206F | 0x3000..=0x3004 | 0x3008..=0x3020 | 0xFF01..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("t.txt")
    }

    /// Bytes given up decode as [`decode`] decodes them, come back only when the text is not them, and
    /// fail as it fails.
    #[test]
    fn owned_bytes_decode_as_borrowed_ones() {
        let (gb, _, _) = GB18030.encode("本报讯（记者 张三）哈尔滨市民在核酸检测点排队。");
        let (big5, _, _) =
            encoding_rs::BIG5.encode("本報訊（記者 張三）哈爾濱市民在核酸檢測點排隊。");
        let cases: Vec<(Vec<u8>, bool)> = vec![
            ("你好，世界\n".as_bytes().to_vec(), false),
            (b"\xEF\xBB\xBF\xE4\xBD\xA0\xE5\xA5\xBD".to_vec(), true),
            (vec![0xFF, 0xFE, 0x60, 0x4F], true),
            (vec![0xFE, 0xFF, 0x4F, 0x60], true),
            (
                "\u{E000}\u{E001}\u{E002}\u{E003}\u{E004}\u{E005}"
                    .as_bytes()
                    .to_vec(),
                false,
            ),
            (gb.into_owned(), true),
            (big5.into_owned(), true),
            (b"\xE4\xBD\xA0\xE5\xA5\xBD\xE4\xB8\x96\xFF".to_vec(), true),
            (b"a\0b".to_vec(), true),
            (Vec::new(), false),
        ];
        for (bytes, returned) in cases {
            let borrowed = decode(&bytes, p());
            match decode_owned(bytes.clone(), p()) {
                Ok((decoded, back)) => {
                    assert_eq!(Ok(&decoded), borrowed.as_ref().map_err(|e| e.to_string()));
                    assert_eq!(back.is_some(), returned, "{bytes:?}");
                    assert_eq!(back.as_deref().unwrap_or(decoded.text.as_bytes()), bytes);
                }
                Err(e) => assert_eq!(e.to_string(), borrowed.unwrap_err().to_string()),
            }
        }
    }

    #[test]
    fn utf8_plain_and_with_bom() {
        assert_eq!(
            decode("你好,世界".as_bytes(), p()).unwrap().text,
            "你好,世界"
        );
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("本报讯".as_bytes());
        assert_eq!(decode(&bom, p()).unwrap().text, "本报讯");
    }

    #[test]
    fn gb18030_when_not_utf8() {
        let (bytes, _, _) = GB18030.encode("本报讯（记者 梁可心）在外卖存放点");
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(
            decode(&bytes, p()).unwrap().text,
            "本报讯（记者 梁可心）在外卖存放点"
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "哈报人".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes, p()).unwrap().text, "哈报人");
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
                assert!(message.to_lowercase().contains("gb18030"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn forced_encodings() {
        let (bytes, _, _) = GB18030.encode("本报讯");
        let gbk = encoding_for_label("GBK", p()).unwrap();
        assert_eq!(decode_forced(&bytes, p(), gbk).unwrap().text, "本报讯");
        // Forcing UTF-8 on GB18030 bytes fails at the first byte.
        let utf8 = encoding_for_label("utf-8", p()).unwrap();
        match decode_forced(&bytes, p(), utf8) {
            Err(Error::Decode { offset, .. }) => assert_eq!(offset, 0),
            other => panic!("{other:?}"),
        }
        assert!(encoding_for_label("klingon", p()).is_err());
    }

    #[test]
    fn a_utf8_file_forced_into_another_encoding_is_refused_at_its_first_wide_character() {
        let text = "Line one\n城市生活：夜读";
        for label in ["windows-1252", "gb18030", "big5"] {
            let encoding = encoding_for_label(label, p()).unwrap();
            let err = decode_forced(text.as_bytes(), p(), encoding).unwrap_err();
            let shown = err.to_string();
            assert!(
                shown.starts_with(
                    "t.txt:2: not valid text at byte offset 9: the file is UTF-8, but"
                ),
                "{shown}"
            );
            assert!(
                shown.contains(&format!("read as {}", encoding.name())),
                "{shown}"
            );
        }
        // forced UTF-8 reads it; two non-ASCII characters are no proof, and GB18030 bytes are not UTF-8
        let utf8 = encoding_for_label("utf-8", p()).unwrap();
        assert_eq!(
            decode_forced(text.as_bytes(), p(), utf8).unwrap().text,
            text
        );
        let latin = encoding_for_label("windows-1252", p()).unwrap();
        let two = "Caf\u{e9} na\u{ef}ve".as_bytes();
        assert_eq!(decode_forced(two, p(), latin).unwrap().text, "CafÃ© naÃ¯ve");
        let (gb, _, _) = GB18030.encode("城市生活：夜读");
        let gbk = encoding_for_label("gbk", p()).unwrap();
        assert_eq!(decode_forced(&gb, p(), gbk).unwrap().text, "城市生活：夜读");
    }

    #[test]
    fn a_decode_error_names_its_line_except_at_the_start_and_in_utf16() {
        let line = |r: Result<Decoded>| match r {
            Err(e @ Error::Decode { .. }) => {
                let Error::Decode { line, offset, .. } = &e else {
                    unreachable!()
                };
                (*offset, *line, e.to_string())
            }
            other => panic!("{other:?}"),
        };
        let (offset, at, shown) = line(decode(b"ab\ncd\n\xFFef", p()));
        assert_eq!((offset, at), (6, Some(3)));
        assert!(
            shown.starts_with("t.txt:3: not valid text at byte offset 6: "),
            "{shown}"
        );
        // the whole file is not text: no line
        let utf8 = encoding_for_label("utf-8", p()).unwrap();
        let (gb, _, _) = GB18030.encode("本报讯");
        assert_eq!(line(decode_forced(&gb, p(), utf8)).1, None);
        // UTF-16: 0x0A is no line feed (U+4E0A 上 holds it)
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "上\n上".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        bytes.extend_from_slice(&[0x00, 0xD8, 0x41, 0x00]); // a lone high surrogate
        let (offset, at, _) = line(decode(&bytes, p()));
        assert_eq!((offset, at), (8, None));
    }

    #[test]
    fn a_forced_encodings_nul_is_placed_by_its_byte() {
        let gbk = encoding_for_label("gbk", p()).unwrap();
        let (mut bytes, _, _) = GB18030.encode("本报讯\n本");
        bytes.to_mut().push(0);
        let (offset, line) = match decode_forced(&bytes, p(), gbk) {
            Err(Error::Decode { offset, line, .. }) => (offset, line),
            other => panic!("{other:?}"),
        };
        // four characters of two bytes and a line feed, not the fifth character
        assert_eq!((offset, line), (9, Some(2)));
        let utf16 = encoding_for_label("utf-16le", p()).unwrap();
        let units: Vec<u8> = "上\0".encode_utf16().flat_map(u16::to_le_bytes).collect();
        match decode_forced(&units, p(), utf16) {
            Err(Error::Decode { offset, line, .. }) => assert_eq!((offset, line), (2, None)),
            other => panic!("{other:?}"),
        }
    }

    /// A file whose first lines are UTF-8 Chinese (too few characters to call it damaged UTF-8) and whose
    /// text goes on in windows-1252 is told it mixes two encodings, not given an `iconv` command that would
    /// garble its UTF-8 part.
    #[test]
    fn a_file_of_two_encodings_is_told_so_without_a_conversion() {
        let mut bytes = "标题\n\n".as_bytes().to_vec();
        let good = bytes.len();
        bytes.extend_from_slice(b"Caf\xe9 na\xefve, r\xe9sum\xe9 \xe0 la fa\xe7on.\n");
        let Err(Error::Decode {
            message, offset, ..
        }) = decode(&bytes, p())
        else {
            panic!("decoded");
        };
        assert_eq!(offset, good + 3);
        assert_eq!(
            message,
            format!(
                "invalid UTF-8, and the bytes from here look like windows-1252, but the text before \
                 them is UTF-8: the file mixes two encodings, which neither iconv nor --encoding reads \
                 whole; {RESAVE}"
            )
        );
    }

    /// A file whose bytes look like a single-byte encoding is refused with the way to save it as UTF-8
    /// (an `iconv` command, its path quoted for the shell where it must be) first, then the option that
    /// names the encoding for every story file.
    #[test]
    fn a_single_byte_file_is_told_how_to_become_utf8() {
        let bytes = b"Caf\xe9 na\xefve, r\xe9sum\xe9 \xe0 la fa\xe7on.\n";
        for (path, shown) in [
            ("book/02-latin.txt", "book/02-latin.txt"),
            ("book/it's 02.txt", "'book/it'\\''s 02.txt'"),
        ] {
            let Err(Error::Decode {
                message, offset, ..
            }) = decode(bytes, Path::new(path))
            else {
                panic!("{path} decoded");
            };
            assert_eq!(offset, 3);
            assert_eq!(
                message,
                format!(
                    "invalid UTF-8, and the bytes look like windows-1252, which huozi reads only when \
                     told; save the file as UTF-8 (iconv -f windows-1252 -t UTF-8 {shown} > \
                     {shown}.new && mv {shown}.new {shown}), or, when every story file is in \
                     windows-1252, name it with --encoding windows-1252 or encoding = \
                     \"windows-1252\" in book.toml"
                )
            );
        }
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
                assert_eq!(
                    message,
                    format!(
                        "invalid UTF-8: the file is UTF-8 up to here and not from here on (damaged, \
                         or text in another encoding pasted in); {RESAVE}"
                    )
                );
            }
            other => panic!("{other:?}"),
        }
    }

    const STORY: &str = "本报讯（记者 梁可心）在外卖存放点设置泡沫保温箱，确保居民购买的食品和蔬菜不被冻坏；协调购买一批热帖和暖手宝，分发给核酸检测工作人员。";

    #[test]
    fn a_byte_order_mark_followed_by_garbage_is_refused() {
        // FF FE then UTF-8 bytes: "valid" UTF-16LE of Hangul and symbols
        let mut bytes = vec![0xFF, 0xFE, 0xFD, 0x20];
        bytes.extend_from_slice("这是一段中文新闻的正文，记者在现场采访了几位居民。".as_bytes());
        match decode(&bytes, p()) {
            Err(Error::Decode { message, .. }) => {
                assert!(message.contains("--encoding"), "{message}");
                assert!(message.contains("UTF-16LE"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn legacy_encodings_are_detected_and_reported() {
        let cases: [(&str, &'static Encoding); 4] = [
            (STORY, GB18030),
            (
                "本報訊（記者 梁可心）在外賣存放點設置泡沫保溫箱，確保居民購買的食品和蔬菜不被凍壞；協調購買一批熱帖和暖手寶，分發給核酸檢測工作人員。",
                encoding_rs::BIG5,
            ),
            (
                "東京都は十二日、新型コロナウイルスの感染者が新たに確認されたと発表した。都内の感染者は累計で増え続けている。",
                encoding_rs::SHIFT_JIS,
            ),
            (
                "서울시는 12일 신종 코로나바이러스 감염증 확진자가 새로 확인됐다고 밝혔다. 시내 누적 확진자는 계속 늘고 있다.",
                encoding_rs::EUC_KR,
            ),
        ];
        for (text, encoding) in cases {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable, "{}", encoding.name());
            let d = decode(&bytes, p()).unwrap_or_else(|e| panic!("{}: {e}", encoding.name()));
            assert_eq!(d.text, text, "{}", encoding.name());
            assert_eq!((d.encoding, d.evidence), (encoding, Evidence::Detected));
        }
        let d = decode(STORY.as_bytes(), p()).unwrap();
        assert_eq!((d.encoding, d.evidence), (UTF_8, Evidence::ValidUtf8));
    }

    /// `implausible` as it was, reading every character: the fast paths for Han and ASCII and the
    /// punctuation ranges must give its answers.
    fn implausible_by_chars(text: &str, utf8: bool) -> Option<String> {
        let (mut chars, mut pua_run, mut pua, mut odd) = (0usize, 0usize, 0usize, 0usize);
        let (mut han, mut hangul, mut kana, mut rare, mut letters) = (0usize, 0, 0, 0, 0);
        for c in text.chars() {
            chars += 1;
            let u = c as u32;
            if c == '\u{FFFD}' {
                return Some("it holds replacement characters (U+FFFD)".into());
            }
            let private = matches!(u, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF);
            pua_run = if private { pua_run + 1 } else { 0 };
            pua += usize::from(private);
            if pua_run >= 3 {
                return Some("it holds a run of private-use characters".into());
            }
            odd += usize::from(matches!(u, 0x80..=0x9F | 0xFDD0..=0xFDEF) || u & 0xFFFE == 0xFFFE);
            if c.is_ascii() || !c.is_alphabetic() {
                continue;
            }
            letters += 1;
            match u {
                0x4E00..=0x9FFF | 0x20000..=0x2FA1F => han += 1,
                0xAC00..=0xD7A3 | 0x3130..=0x318F => hangul += 1,
                0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => kana += 1,
                0xC0..=0x24F | 0x370..=0x52F | 0x1E00..=0x1FFF | 0xFF21..=0xFF5A => {}
                _ => rare += 1,
            }
        }
        if !utf8 && (odd * 100 > chars.max(1) || pua * 100 > chars.max(1) * 2) {
            return Some("it holds control or private-use characters in quantity".into());
        }
        if letters < 8 {
            return None;
        }
        let share = |n: usize| n * 10 >= letters;
        if share(hangul) && (share(han) || share(kana)) {
            return Some("it mixes Hangul with Han or kana as mojibake does".into());
        }
        if rare * 10 > letters {
            return Some("many of its letters come from rarely used scripts or blocks".into());
        }
        None
    }

    #[test]
    fn implausible_reads_as_it_did_character_by_character() {
        let pieces = [
            "汉", "字", "䶵", "一", "鿿", "𠀀", "가", "ㄱ", "あ", "ア", "ｱ", "，", "。", "“", "—",
            "々", "〇", "a", " ", "\u{85}", "\u{E000}", "\u{FFFD}", "\u{FDD0}", "\u{FFFE}", "é",
            "ж", "ꙮ", "Ａ", "１", "㐀", "\u{4DC0}", "\u{3004}", "\u{3005}", "\u{3008}", "\u{3020}",
            "\u{3021}", "\u{FF20}", "\u{FF21}", "\u{203F}", "\u{2040}", "\u{2071}", "\u{4E00}",
            "\u{9FFF}",
        ];
        for text in crate::test_text::random_texts(&pieces, 0x2545_F491_4F6C_DD1D, 20_000, 48) {
            for utf8 in [false, true] {
                assert_eq!(
                    implausible(&text, utf8),
                    implausible_by_chars(&text, utf8),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn no_cjk_punctuation_is_a_letter() {
        for c in (0..0x10000).filter_map(char::from_u32) {
            assert!(!(is_cjk_punctuation(c as u32) && c.is_alphabetic()), "{c}");
        }
    }

    #[test]
    fn implausible_text_is_named() {
        assert!(implausible(STORY, false).is_none());
        assert!(implausible("Plain English, with é and ü.", false).is_none());
        assert!(
            implausible("替换\u{FFFD}字符", true)
                .unwrap()
                .contains("U+FFFD")
        );
        assert!(
            implausible("私\u{E000}\u{E001}\u{E002}用", true)
                .unwrap()
                .contains("private-use")
        );
        assert!(
            implausible("가나다라마바사아자차카타파하漢字漢字漢字", false)
                .unwrap()
                .contains("Hangul")
        );
        // Korean text with a little Hanja is text
        assert!(
            implausible(
                "서울시는 12일 신종 코로나바이러스 감염증 확진자가 새로 확인됐다고 밝혔다 市",
                false
            )
            .is_none()
        );
    }
}
