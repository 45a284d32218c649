//! Rules `line-ends` and `spaces`: one kind of line end, no tabs, no runs of spaces, no spaces at
//! full-width punctuation.
//!
//! Each rule returns `None` when it would change nothing (and count nothing), found without copying the
//! text.

use std::borrow::Cow;

use crate::script::is_wide_punctuation;

/// CRLF, CR and the other line terminators → LF; returns the text (as it is when it has none) and how
/// many were changed.
pub(super) fn unify_line_ends(text: &str) -> (Cow<'_, str>, usize) {
    // CR, VT, FF; NEL is C2 85; U+2028/U+2029 are E2 80 A8/A9
    let other_end = |b: &[u8]| match b[0] {
        0x0B..=0x0D => true,
        0xC2 => b.get(1) == Some(&0x85),
        0xE2 => b.get(1) == Some(&0x80) && matches!(b.get(2), Some(0xA8 | 0xA9)),
        _ => false,
    };
    let bytes = text.as_bytes();
    // CR, VT and FF found by memchr; each lead byte C2 or E2 looked at where it stands
    let found = memchr::memchr3(0x0B, 0x0C, 0x0D, bytes).is_some()
        || memchr::memchr2_iter(0xC2, 0xE2, bytes).any(|i| other_end(&bytes[i..]));
    if !found {
        return (Cow::Borrowed(text), 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut n = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
                n += 1;
            }
            '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.push('\n');
                n += 1;
            }
            c => out.push(c),
        }
    }
    (Cow::Owned(out), n)
}

/// Tab → space, runs of ASCII spaces → one; `None` when there is neither.
pub(super) fn collapse_spaces(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let double = || memchr::memchr_iter(b' ', b).any(|i| b.get(i + 1) == Some(&b' '));
    if memchr::memchr(b'\t', b).is_none() && !double() {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut n = 0;
    let mut prev_space = false;
    for c in s.chars() {
        let c = if c == '\t' {
            n += 1;
            ' '
        } else {
            c
        };
        if c == ' ' && prev_space {
            n += 1;
            continue;
        }
        prev_space = c == ' ';
        out.push(c);
    }
    Some((out, n))
}

/// Drops ASCII spaces directly before or after full-width punctuation (`你好， 世界` → `你好，世界`);
/// `None` when no space stands there.
pub(super) fn drop_spaces_at_wide_punctuation(s: &str) -> Option<(String, usize)> {
    let stray = |i: usize| {
        s[..i].chars().next_back().is_some_and(is_wide_punctuation)
            || s[i + 1..].chars().next().is_some_and(is_wide_punctuation)
    };
    // the spaces found by memchr (std's char searcher is slower)
    let first = memchr::memchr_iter(b' ', s.as_bytes()).find(|&i| stray(i))?;
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut n = 0;
    // a space's neighbours are read in the text as it was, as before: a dropped space does not make the
    // next one stray
    for (i, c) in s[first..].char_indices().map(|(i, c)| (i + first, c)) {
        if c == ' ' && stray(i) {
            n += 1;
            continue;
        }
        out.push(c);
    }
    Some((out, n))
}
