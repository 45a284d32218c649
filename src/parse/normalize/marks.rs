//! Rules `ellipsis`, `dash` and `quotes`: the marks Chinese sets two ems wide or curly, in CJK context.

use super::punctuation::url_mask;
use crate::script::{is_cjk, is_cjk_letter, is_script_neutral};

/// The nearest character before `i` that is not a space or a neutral mark (quotes, dashes, ellipses).
fn context_before(chars: &[char], i: usize) -> Option<char> {
    chars[..i]
        .iter()
        .rev()
        .copied()
        .find(|&c| c != ' ' && !is_script_neutral(c))
}

/// The nearest character from `i` on that is not a space or a neutral mark.
fn context_after(chars: &[char], i: usize) -> Option<char> {
    chars
        .get(i..)
        .unwrap_or(&[])
        .iter()
        .copied()
        .find(|&c| c != ' ' && !is_script_neutral(c))
}

/// `...` (three or more ASCII dots), `。。。` and a lone `…` standing next to CJK text → `……`.
pub(super) fn ellipses(s: &str) -> (String, usize) {
    if !s.contains("...") && !s.contains('…') && !s.contains("。。。") {
        return (s.to_string(), 0);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut n = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '.' | '。' | '…') {
            let run = chars[i..].iter().take_while(|&&d| d == c).count();
            let is_ellipsis = match c {
                '…' => run == 1,
                _ => run >= 3,
            };
            let cjk = context_before(&chars, i).is_some_and(is_cjk)
                || context_after(&chars, i + run).is_some_and(is_cjk);
            if is_ellipsis && cjk {
                out.push_str("……");
                n += 1;
            } else {
                out.extend(&chars[i..i + run]);
            }
            i += run;
        } else {
            out.push(c);
            i += 1;
        }
    }
    (out, n)
}

/// `--` (exactly two hyphens) right next to a Han character → `——`.
pub(super) fn dashes(s: &str) -> (String, usize) {
    if !s.contains("--") {
        return (s.to_string(), 0);
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
    (out, n)
}

/// Straight quotes in CJK context → curly ones (see [`curly_quotes_of`] for `"` and `'`).
pub(super) fn curly_quotes(s: &str) -> (String, usize) {
    if !s.contains(['"', '\'']) || !s.chars().any(is_cjk_letter) {
        return (s.to_string(), 0);
    }
    let mut chars: Vec<char> = s.chars().collect();
    let in_url = url_mask(&chars);
    let mut n = curly_quotes_of(&mut chars, &in_url, '"', ('“', '”'));
    n += curly_quotes_of(&mut chars, &in_url, '\'', ('‘', '’'));
    (chars.into_iter().collect(), n)
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
        .filter(|&i| chars[i] == q && !in_url[i])
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
