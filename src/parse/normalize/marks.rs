//! Rules `ellipsis`, `dash` and `quotes`: the marks Chinese sets two ems wide or curly, in CJK context.

use super::punctuation::url_mask;
use crate::script::{is_cjk, is_cjk_letter, is_script_neutral};

/// Whether `c` is passed over when looking for the context of a mark: a space or a neutral mark.
fn skipped(c: char) -> bool {
    c == ' ' || is_script_neutral(c)
}

/// Whether `s` holds an ellipsis [`ellipses`] may convert: `...`, `。。。` or a lone `…`.
/// The patterns are looked for with memchr's SIMD searchers, made once.
fn has_ellipsis(s: &str) -> bool {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    static DOTS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("..."));
    static STOPS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("。。。"));
    static ELLIPSIS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("…"));
    let lone = |i: usize| !s[..i].ends_with('…') && !s[i + '…'.len_utf8()..].starts_with('…');
    let b = s.as_bytes();
    (memchr::memchr(b'.', b).is_some() && DOTS.find(b).is_some())
        || STOPS.find(b).is_some()
        || ELLIPSIS.find_iter(b).any(lone)
}

/// `...` (three or more ASCII dots), `。。。` and a lone `…` standing next to CJK text → `……`; `None`
/// when there is no such run.
pub(super) fn ellipses(s: &str) -> Option<(String, usize)> {
    if !has_ellipsis(s) {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut n = 0;
    let mut i = 0;
    // the nearest character before `i` that is not passed over, kept as `i` rises
    let mut before: Option<char> = None;
    // the last context after a run found: the first character from `.0` on not passed over is at `.1`
    let mut after = (usize::MAX, 0);
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '.' | '。' | '…') {
            let run = chars[i..].iter().take_while(|&&d| d == c).count();
            let is_ellipsis = match c {
                '…' => run == 1,
                _ => run >= 3,
            };
            let from = i + run;
            if !(after.0 <= from && from <= after.1) {
                let skip = chars[from..].iter().take_while(|&&d| skipped(d)).count();
                after = (from, from + skip);
            }
            let cjk = before.is_some_and(is_cjk) || chars.get(after.1).is_some_and(|&d| is_cjk(d));
            if is_ellipsis && cjk {
                out.push_str("……");
                n += 1;
            } else {
                out.extend(&chars[i..i + run]);
            }
            if !skipped(c) {
                before = Some(c);
            }
            i += run;
        } else {
            out.push(c);
            if !skipped(c) {
                before = Some(c);
            }
            i += 1;
        }
    }
    Some((out, n))
}

/// `--` (exactly two hyphens) right next to a Han character → `——`; `None` when there is no `--`.
pub(super) fn dashes(s: &str) -> Option<(String, usize)> {
    // `--` found from each `-` (memchr), not by std's substring searcher
    let b = s.as_bytes();
    if !memchr::memchr_iter(b'-', b).any(|i| b.get(i + 1) == Some(&b'-')) {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 4);
    let mut n = 0;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '-' {
            let run = chars[i..].iter().take_while(|&&d| d == '-').count();
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + run).copied();
            if run == 2 && (before.is_some_and(is_cjk_letter) || after.is_some_and(is_cjk_letter)) {
                out.push_str("——");
                n += 1;
            } else {
                out.extend(&chars[i..i + run]);
            }
            i += run;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    Some((out, n))
}

/// Straight quotes in CJK context → curly ones (see [`curly_quotes_of`] for `"` and `'`); `None` when
/// there is no straight quote or no CJK letter.
pub(super) fn curly_quotes(s: &str) -> Option<(String, usize)> {
    if memchr::memchr2(b'"', b'\'', s.as_bytes()).is_none() || !s.chars().any(is_cjk_letter) {
        return None;
    }
    let mut chars: Vec<char> = s.chars().collect();
    let in_url = url_mask(&chars);
    let mut n = curly_quotes_of(&mut chars, &in_url, '"', ('“', '”'));
    n += curly_quotes_of(&mut chars, &in_url, '\'', ('‘', '’'));
    Some((chars.into_iter().collect(), n))
}

/// Pairs the straight quotes `q` of a line in order (first opens, second closes, …; an apostrophe between
/// two ASCII letters is no quote) and converts a pair when the text inside it or right outside it is CJK.
/// An unpaired last quote opens when it stands before text and after a space, the line start or CJK, and
/// closes otherwise; it is converted when CJK stands right next to it.
fn curly_quotes_of(
    chars: &mut [char],
    in_url: &[bool],
    q: char,
    (open, close): (char, char),
) -> usize {
    let positions: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i] == q && !in_url.get(i).copied().unwrap_or(false))
        .filter(|&i| {
            let letter = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(|c| c.is_ascii_alphanumeric())
            };
            !(q == '\'' && letter(i.checked_sub(1)) && letter(Some(i + 1)))
        })
        .collect();
    let cjk_near = |chars: &[char], i: usize| -> bool {
        let before = chars[..i].iter().rev().find(|&&c| c != ' ').copied();
        let after = chars[i + 1..].iter().find(|&&c| c != ' ').copied();
        before.is_some_and(is_cjk) || after.is_some_and(is_cjk)
    };
    let mut n = 0;
    let mut k = 0;
    while k + 1 < positions.len() {
        let (o, c) = (positions[k], positions[k + 1]);
        if cjk_near(chars, o) || cjk_near(chars, c) {
            chars[o] = open;
            chars[c] = close;
            n += 2;
        }
        k += 2;
    }
    if k < positions.len() {
        let i = positions[k];
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let opens = next.is_some_and(|c| c != ' ') && prev.is_none_or(|c| c == ' ' || is_cjk(c));
        if cjk_near(chars, i) {
            chars[i] = if opens { open } else { close };
            n += 1;
        }
    }
    n
}
