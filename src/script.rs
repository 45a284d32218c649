//! Character classes: the one place that says what a character is — Han, CJK text, a punctuation mark of
//! a clreq class, wide or narrow, Latin, invisible, an indent space, a mark both scripts share. The parser
//! (normalisation, news structure), the typesetter (line breaking, compression, Han–Latin glue) and the
//! cover all ask here.
//!
//! Sources: W3C clreq §3.1 and its punctuation table (Appendix A), GB/T 15834—2011 §5 (punctuation
//! positions and widths), Unicode's block ranges (Unicode 15).

use std::borrow::Cow;

/// What a character is to the line breaker and the justifier (clreq Appendix A, GB/T 15834 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Han characters, kana, and other full-width non-punctuation (`№`, full-width letters): set on the em
    /// grid.
    Ideographic,
    /// Opening brackets and quotes `（“‘《〈「『【〔［｛〖`: blank half on the left.
    Open,
    /// Closing brackets and quotes `）”’》〉」』】〕］｝〗`: blank half on the right.
    Close,
    /// Pause and stop marks (点号) `。，、；：？！．`: set in the left half (GB/T 15834 §5.1.1).
    Pause,
    /// The halves of the 2-em marks `——` and `……` (inseparable, never expanded inside; clreq §3.1.5.1).
    Long,
    /// Interpuncts (间隔号) `·・‧`: centred, ½ em (GB/T 15834 §5.1.8).
    Middle,
    /// Solidus `／` `/` (分隔号).
    Solidus,
    /// Connectors (连接号) `～` `–`.
    Connector,
    /// Latin letters and European digits (clreq §3.2.1: digits count as Western).
    Latin,
    /// Other Western punctuation and symbols (`.`, `-`, `:` in a URL …).
    WesternPunct,
    /// A space character.
    Space,
    /// Unit signs that follow a number, `℃ ℉ ％ % ‰ ° ′ ″`: set solid against the digit before them, no
    /// glue and no break between (clreq §3.1.5.2, digits and their suffixes).
    Unit,
}

/// The class of `c` (clreq Appendix A).
#[inline]
pub(crate) fn class_of(c: char) -> Class {
    // the URO first, where it is asked: most characters of a Chinese text, and none of the marks is among
    // them
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return Class::Ideographic;
    }
    class_of_other(c)
}

/// [`class_of`] of a character outside the URO (kept out of line).
#[inline(never)]
fn class_of_other(c: char) -> Class {
    match c {
        '（' | '“' | '‘' | '《' | '〈' | '「' | '『' | '【' | '〔' | '［' | '｛' | '〖' => {
            Class::Open
        }
        '）' | '”' | '’' | '》' | '〉' | '」' | '』' | '】' | '〕' | '］' | '｝' | '〗' => {
            Class::Close
        }
        '。' | '，' | '、' | '；' | '：' | '？' | '！' | '．' | '‼' | '⁇' | '⁈' | '⁉' => {
            Class::Pause
        }
        '—' | '…' | '⋯' | '⸺' => Class::Long,
        '·' | '・' | '‧' => Class::Middle,
        '／' | '/' => Class::Solidus,
        '～' | '–' => Class::Connector,
        ' ' | '\u{3000}' | '\u{a0}' => Class::Space,
        '℃' | '℉' | '％' | '%' | '‰' | '°' | '′' | '″' => Class::Unit,
        c if c.is_ascii_alphanumeric() => Class::Latin,
        c if (c as u32) < 0x2E80 && c.is_alphabetic() => Class::Latin,
        c if c.is_ascii() => Class::WesternPunct,
        c if (c as u32) < 0x2E80 && c != '№' => Class::WesternPunct,
        _ => Class::Ideographic,
    }
}

/// Whether `c` is a unit sign written after a number (`℃`, `%`, `‰`, `°`, …): [`Class::Unit`] of
/// [`class_of`], as a predicate of its own for the normaliser (a test holds the two to one set).
pub(crate) fn is_unit(c: char) -> bool {
    matches!(c, '℃' | '℉' | '％' | '%' | '‰' | '°' | '′' | '″')
}

/// Han ideographs: the URO, Extension A, the compatibility ideographs, and planes 2–3 (Extensions B–I and
/// the compatibility supplement) — the characters clreq's rules are about.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

/// Characters of CJK text: Han, kana, hangul, bopomofo, and CJK/full-width punctuation and symbols (but not
/// the ideographic space U+3000, which is a space).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'      // Hangul Jamo
        | '\u{2E80}'..='\u{2FDF}'    // CJK and Kangxi radicals
        | '\u{3001}'..='\u{303F}'    // CJK symbols and punctuation (not U+3000)
        | '\u{3040}'..='\u{30FF}'    // Hiragana, Katakana
        | '\u{3100}'..='\u{31FF}'    // Bopomofo, Hangul compatibility, Kanbun, strokes, Katakana ext.
        | '\u{3200}'..='\u{4DBF}'    // enclosed CJK, compatibility, Ext. A
        | '\u{4E00}'..='\u{9FFF}'    // Unified Ideographs
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7FF}'    // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'    // compatibility ideographs
        | '\u{FE10}'..='\u{FE1F}'    // vertical forms
        | '\u{FE30}'..='\u{FE4F}'    // CJK compatibility forms
        | '\u{FF01}'..='\u{FF60}'    // full-width ASCII variants
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFF}') // Ext. B and beyond
}

/// Full-width punctuation (CJK brackets, pause marks, full-width ASCII punctuation): the marks around which
/// ASCII spaces are stray.
pub(crate) fn is_wide_punctuation(c: char) -> bool {
    matches!(c, '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}')
        || matches!(c, '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}')
        || matches!(c, '\u{FF5B}'..='\u{FF60}')
}

/// Han, kana, hangul: the letters of CJK text (not its punctuation or symbols).
pub(crate) fn is_cjk_letter(c: char) -> bool {
    is_cjk(c)
        && !is_wide_punctuation(c)
        && !matches!(c, '\u{3001}'..='\u{303F}' | '\u{FF01}'..='\u{FF60}')
}

/// Display width: CJK characters and the curly quotes, dashes, ellipses and interpuncts set with them take
/// a full em (two columns of a plain-text layout); everything else is narrow.
pub(crate) fn is_wide(c: char) -> bool {
    is_cjk(c) || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '\u{3000}')
}

/// Characters shaped as Latin text (proportional, kerned): ASCII and the alphabetic scripts below the CJK
/// blocks, except the interpunct, which Chinese sets full width.
pub(crate) fn is_latin_script(c: char) -> bool {
    // General Punctuation (the curly quotes, dashes, the ellipsis) holds no letter: not looked up
    c.is_ascii()
        || ((c as u32) < 0x2E80
            && c != '·'
            && !matches!(c, '\u{2000}'..='\u{206F}')
            && c.is_alphabetic())
}

/// Characters that carry nothing on a page: zero-width characters (U+200B–U+200D, U+2060, U+FEFF), the
/// C0/C1 controls other than tab and newline, bidi controls (U+061C, U+200E–U+200F, U+202A–U+202E,
/// U+2066–U+2069), the soft hyphen, the line and paragraph separators left after the line rules, and
/// noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF). The zero-width joiner is one of them except inside an
/// emoji sequence (see [`strip_invisible`]).
pub(crate) fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{2060}'
                | '\u{FEFF}'
                | '\u{061C}'
                | '\u{00AD}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{FDD0}'..='\u{FDEF}'
        )
        || (c as u32) & 0xFFFE == 0xFFFE
}

/// Emoji and what joins into an emoji sequence (pictographs, variation selector 16, skin-tone modifiers).
fn is_emoji_part(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1FAFF}' | '\u{FE0F}')
}

/// `text` without its invisible characters ([`is_invisible`]); `removed` is told each one. A zero-width
/// joiner between two emoji stays: it makes 👨‍👩‍👧 one family, not three people. Text without any (nearly
/// all) is returned as it is, found by one pass over its bytes ([`may_hold_invisible`]).
pub(crate) fn strip_invisible(text: &str, mut removed: impl FnMut(char)) -> Cow<'_, str> {
    if !may_hold_invisible(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let joins = c == '\u{200D}'
            && out.chars().next_back().is_some_and(is_emoji_part)
            && chars.peek().is_some_and(|&n| is_emoji_part(n));
        if is_invisible(c) && c != '\n' && !joins {
            removed(c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether UTF-8 `bytes` may hold an [invisible](is_invisible) character other than a line feed: false
/// only when none of them does (a byte-level test of the characters' encodings; a four-byte character
/// ending in `BF BE` or `BF BF` counts, whether or not it is a noncharacter). Two passes: the bytes that
/// open one and are rare in text (controls, `C2`, `D8`, `F0`–`F4`) tested side by side, 32 at a time
/// (SIMD; where there is one, every opening byte is tested, [`opens_invisible`]), then each `E2` and `EF`
/// (curly quotes and full-width marks, every few characters of Chinese text) found with memchr.
fn may_hold_invisible(bytes: &[u8]) -> bool {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let rare = |a: u8| {
        (a < 0x20) & (a != 0x09) & (a != 0x0A)
            | (a == 0x7F)
            | (a == 0xC2)
            | (a == 0xD8)
            | (a.wrapping_sub(0xF0) < 5)
    };
    let mut blocks = bytes.chunks_exact(32);
    let rare_found = blocks
        .by_ref()
        .any(|b| b.iter().fold(false, |any, &a| any | rare(a)))
        || blocks.remainder().iter().any(|&a| rare(a));
    if rare_found {
        return (0..bytes.len())
            .any(|i| opens_invisible(bytes[i], at(i + 1), at(i + 2), at(i + 3)));
    }
    memchr::memchr2_iter(0xE2, 0xEF, bytes)
        .any(|i| opens_invisible(bytes[i], at(i + 1), at(i + 2), 0))
}

/// Whether an invisible character other than a line feed opens with byte `a`, followed by `x`, `y`, `z`
/// (0 past the text's end): C0 controls but tab and line feed, DEL, C1 controls and U+00AD (`C2`),
/// U+061C (`D8 9C`), U+200B–200F, U+2028–202E, U+2060, U+2066–2069 (`E2`), U+FEFF, U+FDD0–FDEF,
/// U+FFFE–FFFF (`EF`), and the four-byte characters ending in `BF BE`/`BF BF`.
fn opens_invisible(a: u8, x: u8, y: u8, z: u8) -> bool {
    match a {
        0x09 | 0x0A => false,
        0..0x20 | 0x7F => true,
        0xC2 => matches!(x, 0x80..=0x9F | 0xAD),
        0xD8 => x == 0x9C,
        0xE2 => matches!(
            (x, y),
            (0x80, 0x8B..=0x8F | 0xA8..=0xAE) | (0x81, 0xA0 | 0xA6..=0xA9)
        ),
        0xEF => matches!(
            (x, y),
            (0xBB, 0xBF) | (0xB7, 0x90..=0xAF) | (0xBF, 0xBE | 0xBF)
        ),
        0xF0..=0xF4 => y == 0xBF && matches!(z, 0xBE | 0xBF),
        _ => false,
    }
}

/// Calls `f` with the scalar value of each character of `text`, in order, decoded from its bytes as the
/// valid UTF-8 a `str` is (the lead byte gives the length; none of the checks a decoder of unchecked
/// bytes makes): what recording every character of a book costs least with.
#[inline(always)]
pub(crate) fn for_each_scalar(text: &str, mut f: impl FnMut(u32)) {
    let b = text.as_bytes();
    let next = |i: usize| u32::from(b[i] & 0x3F);
    let mut i = 0;
    while i < b.len() {
        let x = u32::from(b[i]);
        let (u, len) = if x < 0x80 {
            (x, 1)
        } else if x < 0xE0 {
            (((x & 0x1F) << 6) | next(i + 1), 2)
        } else if x < 0xF0 {
            (((x & 0x0F) << 12) | (next(i + 1) << 6) | next(i + 2), 3)
        } else {
            let rest = (next(i + 1) << 12) | (next(i + 2) << 6) | next(i + 3);
            (((x & 0x07) << 18) | rest, 4)
        };
        f(u);
        i += len;
    }
}

/// The characters of `s` that are not white space ([`char::is_whitespace`]), counted on its bytes: each
/// byte that opens a character (not `10xxxxxx`) and no white space ([`counts_here`], read with the two
/// bytes after it), tested without a branch, 32 side by side (SIMD), counted in a byte. A third of the
/// instructions of reading `chars()`.
pub(crate) fn count_unspaced(s: &str) -> usize {
    let bytes = s.as_bytes();
    let block = |w: &[u8; BLOCK + 2]| {
        let k = (0..BLOCK).fold(0u8, |k, j| {
            k.wrapping_add(counts_here(w[j], w[j + 1], w[j + 2]))
        });
        usize::from(k)
    };
    let mut n = 0;
    let mut i = 0;
    while i + BLOCK + 2 <= bytes.len() {
        n += block(bytes[i..i + BLOCK + 2].try_into().expect("a whole block"));
        i += BLOCK;
    }
    // at most BLOCK + 1 bytes are left: one or two blocks, padded with spaces (which count nothing and
    // continue nothing)
    let rest = &bytes[i..];
    let mut last = [b' '; 2 * BLOCK + 2];
    last[..rest.len()].copy_from_slice(rest);
    n += block(last[..BLOCK + 2].try_into().expect("a whole block"));
    n + block(last[BLOCK..].try_into().expect("a whole block"))
}

/// Bytes of [`count_unspaced`]'s blocks.
const BLOCK: usize = 32;

/// 1 when byte `a` of UTF-8 text, followed by `x` and `y`, opens a character that is no white space (the
/// Unicode White_Space property: tab to carriage return, space, U+0085, U+00A0, U+1680, U+2000–200A,
/// U+2028, U+2029, U+202F, U+205F, U+3000), else 0. Branch-free, in tests the SIMD instructions have
/// (equality, signed comparison).
#[inline(always)]
fn counts_here(a: u8, x: u8, y: u8) -> u8 {
    let (sa, sy) = (a as i8, y as i8);
    let ascii = (a == b' ') | ((sa > 8) & (sa < 14));
    let c2 = (a == 0xC2) & ((x == 0x85) | (x == 0xA0));
    let e1 = (a == 0xE1) & (x == 0x9A) & (y == 0x80);
    // E2 80 80–8A is -128..=-118 as a signed byte
    let e2 = (a == 0xE2)
        & ((x == 0x80) & ((sy <= -0x76) | ((y & 0xFE) == 0xA8) | (y == 0xAF))
            | (x == 0x81) & (y == 0x9F));
    let e3 = (a == 0xE3) & (x == 0x80) & (y == 0x80);
    u8::from((sa >= -0x40) & !(ascii | c2 | e1 | e2 | e3))
}

/// Spaces that make up a paragraph indent: ASCII space, tab, the ideographic space U+3000, no-break space,
/// the typographic spaces U+2002–U+200A, U+202F and U+205F.
pub(crate) fn is_indent_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{205F}'
    )
}

/// Marks that both scripts use — curly and straight quotes, dashes, the ellipsis, the interpunct: a mark
/// next to them takes its script from the characters beyond them.
pub(crate) fn is_script_neutral(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '"' | '\'' | '…' | '—' | '–' | '·'
    )
}

/// A Unicode punctuation character as CommonMark 0.31.2 §2.1 defines it for emphasis: general category P
/// (punctuation) or S (symbol), ASCII punctuation included.
pub(crate) fn is_unicode_punctuation(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    matches!(
        get_general_category(c),
        G::ConnectorPunctuation
            | G::DashPunctuation
            | G::OpenPunctuation
            | G::ClosePunctuation
            | G::InitialPunctuation
            | G::FinalPunctuation
            | G::OtherPunctuation
            | G::MathSymbol
            | G::CurrencySymbol
            | G::ModifierSymbol
            | G::OtherSymbol
    )
}

/// A CJK character as the CommonMark CJK-friendly amendments define it
/// (<https://github.com/tats-u/markdown-cjk-friendly/blob/main/specification.md> §2.1): East Asian Width
/// W, F or H and not an emoji, or Hangul — the ranges of its `ranges.md` (Unicode 16).
pub(crate) fn is_cjk_for_emphasis(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x20A9 | 0x2329..=0x232A | 0x2630..=0x2637 | 0x268A..=0x268F
        | 0x2E80..=0x2E99 | 0x2E9B..=0x2EF3 | 0x2F00..=0x2FD5 | 0x2FF0..=0x303E | 0x3041..=0x3096
        | 0x3099..=0x30FF | 0x3105..=0x312F | 0x3131..=0x318E | 0x3190..=0x31E5 | 0x31EF..=0x321E
        | 0x3220..=0x3247 | 0x3250..=0xA48C | 0xA490..=0xA4C6 | 0xA960..=0xA97C | 0xAC00..=0xD7A3
        | 0xD7B0..=0xD7C6 | 0xD7CB..=0xD7FB | 0xF900..=0xFAFF | 0xFE10..=0xFE19 | 0xFE30..=0xFE52
        | 0xFE54..=0xFE66 | 0xFE68..=0xFE6B | 0xFF01..=0xFFBE | 0xFFC2..=0xFFC7 | 0xFFCA..=0xFFCF
        | 0xFFD2..=0xFFD7 | 0xFFDA..=0xFFDC | 0xFFE0..=0xFFE6 | 0xFFE8..=0xFFEE | 0x16FE0..=0x16FE4
        | 0x16FF0..=0x16FF6 | 0x17000..=0x18CD5 | 0x18CFF..=0x18D1E | 0x18D80..=0x18DF2
        | 0x1AFF0..=0x1AFF3 | 0x1AFF5..=0x1AFFB | 0x1AFFD..=0x1AFFE | 0x1B000..=0x1B122 | 0x1B132
        | 0x1B150..=0x1B152 | 0x1B155 | 0x1B164..=0x1B167 | 0x1B170..=0x1B2FB | 0x1D300..=0x1D356
        | 0x1D360..=0x1D376 | 0x1F200 | 0x1F202 | 0x1F210..=0x1F219 | 0x1F21B..=0x1F22E
        | 0x1F230..=0x1F231 | 0x1F237 | 0x1F23B | 0x1F240..=0x1F248 | 0x1F260..=0x1F265
        | 0x20000..=0x3FFFD)
}

/// Byte offsets of the spaces in `text` set as an ideographic gap (one em) rather than a word space: an
/// ASCII space with a neighbour on each side that is not Latin text (clreq §3.2: Chinese separates phrases,
/// as in a headline's `全方位融入 社区…`, by a full-width space). The typesetter sets these 1 em wide and
/// the EPUB writer marks them so a reading system does too.
pub(crate) fn ideographic_gaps(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let cjk = |c: Option<&(usize, char)>| {
        c.is_some_and(|&(_, c)| {
            !matches!(
                class_of(c),
                Class::Latin | Class::WesternPunct | Class::Space
            )
        })
    };
    (0..chars.len())
        .filter(|&i| chars[i].1 == ' ' && i > 0 && cjk(chars.get(i - 1)) && cjk(chars.get(i + 1)))
        .map(|i| chars[i].0)
        .collect()
}

/// Whether a mark of class `a` followed by one of class `b` drops its blank right half: a closing or
/// pause mark before an opening, closing or pause mark (clreq §3.1.6.2, GB/T 15834 §5.1: the blank half
/// between two adjacent marks is trimmed). The typesetter's rule (`typeset::shape::compress`) and the
/// EPUB's for `？！` ([`halved_pauses`]).
#[inline]
pub(crate) fn trims_before(a: Class, b: Class) -> bool {
    matches!(a, Class::Close | Class::Pause)
        && matches!(b, Class::Open | Class::Close | Class::Pause)
}

/// Byte ranges of the `？` and `！` in `text` whose blank right half the typesetter drops
/// (`typeset::shape::compress`): one followed by an opening, closing or pause mark ([`trims_before`]),
/// and the second of `？！` or `！？` (GB/T 15834 §5.1.2: the pair takes one em, each mark its inked
/// half). `before` and `after` are the characters of the same paragraph just before and after `text`
/// (`None` at its start or end), so that a run written apart (in an element, or up to a page mark)
/// halves what the paragraph as print sets it halves. Between adjacent marks a reading system trims the
/// other marks' blank halves itself (CSS `text-spacing-trim`), but not these two's, so the EPUB writer
/// marks them and both editions set them alike.
pub(crate) fn halved_pauses(
    text: &str,
    before: Option<char>,
    after: Option<char>,
) -> Vec<std::ops::Range<usize>> {
    let question_or_exclamation = |c: char| matches!(c, '？' | '！');
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut before = before;
    while let Some((i, c)) = chars.next() {
        if question_or_exclamation(c) {
            let next = chars.peek().map(|&(_, n)| n).or(after);
            let mark_after = next.is_some_and(|n| trims_before(Class::Pause, class_of(n)));
            let pair_end = before.is_some_and(|b| question_or_exclamation(b) && b != c);
            if mark_after || pair_end {
                out.push(i..i + c.len_utf8());
            }
        }
        before = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_or_exclamation_mark_before_another_mark_is_halved() {
        fn halved(t: &str) -> Vec<&str> {
            halved_pauses(t, None, None)
                .into_iter()
                .map(|r| &t[r])
                .collect()
        }
        let alone = |t: &str| halved_pauses(t, None, None);
        assert_eq!(halved("吗？”“是的！”"), ["？", "！"]);
        // the pair: each keeps its inked half
        assert_eq!(alone("怎么办？！"), [9..12, 12..15]);
        assert_eq!(alone("怎么办！？"), [9..12, 12..15]);
        // the same mark twice: only the first meets a mark after it
        assert_eq!(halved("真的？？"), ["？"]);
        assert_eq!(alone("真的？？")[0].start, 6);
        assert_eq!(halved("好！（笑）"), ["！"]);
        assert_eq!(halved("好！，"), ["！"]);
        // before text, a space, Latin or at the end: kept whole
        assert!(alone("吗？是").is_empty());
        assert!(alone("吗？ 是").is_empty());
        assert!(alone("吗？").is_empty());
        assert!(alone("what?\"").is_empty());
    }

    #[test]
    fn the_characters_around_a_run_decide_its_first_and_last_marks() {
        // where the halved marks start
        fn starts(t: &str, before: Option<char>, after: Option<char>) -> Vec<usize> {
            (halved_pauses(t, before, after).into_iter())
                .map(|r| r.start)
                .collect()
        }
        // `**吗？**”`: the mark the `？` meets is written after the element's end
        assert_eq!(starts("吗？", Some('“'), Some('”')), [3]);
        assert!(starts("吗？", Some('“'), Some('是')).is_empty());
        // `**怎么办？**！`: each half of the pair in its own run
        assert_eq!(starts("怎么办？", None, Some('！')), [9]);
        assert_eq!(starts("！", Some('？'), None), [0]);
        assert!(starts("！", Some('！'), None).is_empty());
        // only a run's own first and last characters meet its neighbours
        assert!(starts("是？是", Some('！'), Some('”')).is_empty());
        assert_eq!(starts("？是", Some('！'), Some('”')), [0]);
    }

    #[test]
    fn scalars_are_the_characters() {
        let text = "a\u{7f}\u{80}é\u{7ff}\u{800}汉，\u{FFFF}𠀀\u{10FFFF} \n";
        let mut scalars = Vec::new();
        for_each_scalar(text, |u| scalars.push(u));
        assert_eq!(scalars, text.chars().map(u32::from).collect::<Vec<_>>());
    }

    #[test]
    fn han_covers_every_plane_of_ideographs() {
        for c in ['汉', '㐀', '𠮷', '丽', '〇'] {
            assert_eq!(is_han(c), c != '〇', "{c}");
        }
        assert!(!is_han('，') && !is_han('A') && !is_han('あ'));
    }

    #[test]
    fn classes_follow_clreq() {
        assert_eq!(class_of('（'), Class::Open);
        assert_eq!(class_of('”'), Class::Close);
        assert_eq!(class_of('，'), Class::Pause);
        assert_eq!(class_of('—'), Class::Long);
        assert_eq!(class_of('·'), Class::Middle);
        assert_eq!(class_of('A'), Class::Latin);
        assert_eq!(class_of('7'), Class::Latin);
        assert_eq!(class_of('汉'), Class::Ideographic);
        assert_eq!(class_of('\u{3000}'), Class::Space);
        for unit in ['℃', '℉', '％', '%', '‰', '°', '′', '″'] {
            assert_eq!(class_of(unit), Class::Unit, "{unit}");
        }
        // `is_unit` is `Class::Unit`, over every character of the basic plane
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            assert_eq!(is_unit(c), class_of(c) == Class::Unit, "{c:?}");
        }
        assert_eq!(class_of('№'), Class::Ideographic);
    }

    #[test]
    fn a_space_between_han_is_an_ideographic_gap_and_between_words_is_not() {
        assert_eq!(ideographic_gaps("全方位融入 社区"), [15]);
        assert_eq!(ideographic_gaps("记者 梁可心"), [6]);
        assert!(ideographic_gaps("Hello world").is_empty());
        assert!(ideographic_gaps("汉 Latin 汉").is_empty());
        assert!(ideographic_gaps(" 汉").is_empty());
    }

    #[test]
    fn general_punctuation_holds_no_letter() {
        assert!(('\u{2000}'..='\u{206F}').all(|c| !c.is_alphabetic()));
    }

    #[test]
    fn cjk_letters_exclude_punctuation() {
        assert!(is_cjk_letter('汉') && is_cjk_letter('あ'));
        assert!(!is_cjk_letter('，') && !is_cjk_letter('（') && is_cjk('，'));
        assert!(is_wide('“') && !is_wide('"') && is_latin_script('é') && !is_latin_script('·'));
    }

    #[test]
    fn invisible_indent_and_neutral_characters() {
        assert!(is_invisible('\u{200B}') && is_invisible('\u{7}') && is_invisible('\u{FEFF}'));
        assert!(!is_invisible('\n') && !is_invisible('\t') && !is_invisible('汉'));
        assert!(is_indent_space('\u{3000}') && is_indent_space('\u{A0}') && !is_indent_space('汉'));
        assert!(is_script_neutral('“') && is_script_neutral('—') && !is_script_neutral('，'));
        // The curly quotes are no CJK characters: CJK context is read past them.
        assert!(['“', '”', '‘', '’'].iter().all(|&c| !is_cjk(c)));
    }

    /// `may_hold_invisible` as it was: stopping at each byte that may open one.
    fn may_hold_invisible_by_stops(bytes: &[u8]) -> bool {
        let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
        (0..bytes.len()).any(|i| match bytes[i] {
            0x09 | 0x0A => false,
            0..0x20 | 0x7F => true,
            0xC2 => matches!(at(i + 1), 0x80..=0x9F | 0xAD),
            0xD8 => at(i + 1) == 0x9C,
            0xE2 => matches!(
                (at(i + 1), at(i + 2)),
                (0x80, 0x8B..=0x8F | 0xA8..=0xAE) | (0x81, 0xA0 | 0xA6..=0xA9)
            ),
            0xEF => matches!(
                (at(i + 1), at(i + 2)),
                (0xBB, 0xBF) | (0xB7, 0x90..=0xAF) | (0xBF, 0xBE | 0xBF)
            ),
            0xF0..=0xF4 => at(i + 2) == 0xBF && matches!(at(i + 3), 0xBE | 0xBF),
            _ => false,
        })
    }

    /// Random texts of the characters around every byte pattern the tests look at, each test's answer
    /// against reading the characters (or the bytes) one at a time.
    #[test]
    fn the_byte_tests_answer_as_reading_one_at_a_time() {
        let pieces = [
            "汉",
            "字",
            "，",
            "“",
            "”",
            "—",
            "…",
            " ",
            "\t",
            "\n",
            "\r",
            "a",
            "\u{85}",
            "\u{A0}",
            "\u{AD}",
            "\u{1680}",
            "\u{2000}",
            "\u{200A}",
            "\u{200B}",
            "\u{2028}",
            "\u{2029}",
            "\u{202F}",
            "\u{205F}",
            "\u{2060}",
            "\u{3000}",
            "\u{3001}",
            "\u{FEFF}",
            "\u{FDD0}",
            "\u{FFFE}",
            "\u{7}",
            "\u{7F}",
            "\u{61C}",
            "𠀀",
            "\u{1FFFE}",
            "\u{10FFFF}",
            "é",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for round in 0..20_000u64 {
            let mut text = String::new();
            for _ in 0..(state % if round % 10 == 0 { 300 } else { 24 }) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            state = state.wrapping_add(1);
            let by_chars = text.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(count_unspaced(&text), by_chars, "{text:?}");
            let bytes = text.as_bytes();
            assert_eq!(
                may_hold_invisible(bytes),
                may_hold_invisible_by_stops(bytes),
                "{text:?}"
            );
        }
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for text in [
                c.to_string(),
                format!("汉{c}"),
                format!("{c}字"),
                format!("{c}{c}"),
            ] {
                let by_chars = text.chars().filter(|c| !c.is_whitespace()).count();
                assert_eq!(count_unspaced(&text), by_chars, "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn every_invisible_character_is_seen_by_the_byte_test() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            if is_invisible(c) && c != '\n' {
                assert!(may_hold_invisible(bytes), "U+{:04X}", c as u32);
            }
        }
        assert!(!may_hold_invisible("汉字 Latin，“引号”——……\t\n".as_bytes()));
        let mut removed = Vec::new();
        let out = strip_invisible("甲\u{200B}乙👨\u{200D}👩\u{7}", |c| removed.push(c));
        assert_eq!(
            (out.as_ref(), removed),
            ("甲乙👨\u{200D}👩", vec!['\u{200B}', '\u{7}'])
        );
        assert!(matches!(
            strip_invisible("汉字", |_| {}),
            Cow::Borrowed("汉字")
        ));
    }
}
