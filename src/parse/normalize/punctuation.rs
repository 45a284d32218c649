//! Rules `full-width-alnum` and `punctuation`: full-width letters and digits become ASCII, ASCII marks in
//! Chinese text become full width (URLs, numbers and English phrases keep theirs).

use crate::script::{is_cjk, is_script_neutral};

/// Full-width digits and Latin letters (U+FF10–FF19, U+FF21–FF3A, U+FF41–FF5A) → ASCII.
pub(super) fn ascii_alnum(s: &str) -> (String, usize) {
    let mut n = 0;
    let out = s
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                n += 1;
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            c => c,
        })
        .collect();
    (out, n)
}

/// The `punctuation` rule: [`fullwidth_punctuation`] and how many marks it converted.
pub(super) fn punctuation(s: &str) -> (String, usize) {
    let out = fullwidth_punctuation(s);
    let n = count_changed(s, &out, |c| wide_form(c).is_some());
    (out, n)
}

/// How many characters of `before` matching `pred` are gone from `after` (a count of conversions).
fn count_changed(before: &str, after: &str, pred: impl Fn(char) -> bool) -> usize {
    let a = before.chars().filter(|&c| pred(c)).count();
    let b = after.chars().filter(|&c| pred(c)).count();
    a.saturating_sub(b)
}

fn wide_form(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// ASCII `, : ; ? ! ( )` standing in Chinese text → `，：；？！（）`.
///
/// A mark is converted when the nearest non-space character before it (looking through quotes, dashes
/// and ellipses) is CJK, or when the nearest one after it is CJK and the mark does not close an English
/// phrase (a Latin run of two or more words, as in `Hello, world!然后`). A mark is kept when it stands
/// between two ASCII letters or digits (`1,000`, `12:30`) or inside a URL (`http://a.b/c?x=1`). A pair of
/// parentheses is converted together or not at all. Spaces around a converted mark are dropped.
pub(crate) fn fullwidth_punctuation(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    if !chars.iter().any(|&c| wide_form(c).is_some()) {
        return line.to_string();
    }
    let in_url = url_mask(&chars);
    let partner = paren_partners(&chars);
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut skip_spaces = false;
    for (i, &c) in chars.iter().enumerate() {
        if skip_spaces && c == ' ' {
            continue;
        }
        skip_spaces = false;
        let convert = match wide_form(c) {
            None => false,
            Some(_) if in_url[i] => false,
            Some(_) => {
                let own = wants_wide(&chars, &out, i);
                match partner[i] {
                    // The partner's context is judged on the input: its left side is not converted yet.
                    Some(j) => own || wants_wide(&chars, &chars[..j], j),
                    None => own,
                }
            }
        };
        if convert {
            while out.last() == Some(&' ') {
                out.pop();
            }
            out.push(wide_form(c).expect("a convertible mark"));
            skip_spaces = true;
        } else {
            out.push(c);
        }
    }
    out.into_iter().collect()
}

/// Whether the mark `chars[i]` stands in CJK context. `left` is the text before it (already converted).
fn wants_wide(chars: &[char], left: &[char], i: usize) -> bool {
    let before = left.last().copied();
    let after = chars.get(i + 1).copied();
    if before.is_some_and(|c| c.is_ascii_alphanumeric())
        && after.is_some_and(|c| c.is_ascii_alphanumeric())
    {
        return false;
    }
    let left_ctx = left
        .iter()
        .rev()
        .copied()
        .find(|&c| c != ' ' && !is_script_neutral(c));
    if left_ctx.is_some_and(is_cjk) {
        return true;
    }
    let right_ctx = chars[i + 1..]
        .iter()
        .copied()
        .find(|&c| c != ' ' && !is_script_neutral(c) && wide_form(c).is_none());
    right_ctx.is_some_and(is_cjk) && !closes_english_phrase(left)
}

/// True when the Latin run before a mark holds two or more words (`Hello, world`).
fn closes_english_phrase(left: &[char]) -> bool {
    let run: Vec<char> = left
        .iter()
        .rev()
        .take_while(|&&c| !is_cjk(c))
        .copied()
        .collect();
    let text: String = run.iter().rev().collect();
    let text = text.trim();
    let words = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .count();
    words >= 2 && text.contains(' ')
}

/// Marks the characters of URLs (`scheme://…`, `www.…`, `mailto:…`) up to a space or CJK character;
/// punctuation at a URL's end is not part of it.
pub(super) fn url_mask(chars: &[char]) -> Vec<bool> {
    let mut mask = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if let Some(start) = url_start(chars, i) {
            let mut end = start;
            while end < chars.len() && !chars[end].is_whitespace() && !is_cjk(chars[end]) {
                end += 1;
            }
            while end > start && matches!(chars[end - 1], ',' | '.' | ';' | ':' | '!' | '?' | ')') {
                end -= 1;
            }
            mask[start..end].iter_mut().for_each(|m| *m = true);
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    mask
}

/// If a URL starts at `i` (on a word start), returns `i`.
fn url_start(chars: &[char], i: usize) -> Option<usize> {
    if !chars[i].is_ascii_alphabetic() || (i > 0 && chars[i - 1].is_ascii_alphanumeric()) {
        return None;
    }
    let rest: String = chars[i..chars.len().min(i + 12)].iter().collect();
    let lower = rest.to_ascii_lowercase();
    if lower.starts_with("www.") || lower.starts_with("mailto:") {
        return Some(i);
    }
    let scheme_len = chars[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        .count();
    let after = &chars[i + scheme_len..];
    (scheme_len > 0 && after.len() >= 3 && after[..3] == [':', '/', '/']).then_some(i)
}

/// For each `(` its matching `)` and vice versa (innermost pairing, same line).
fn paren_partners(chars: &[char]) -> Vec<Option<usize>> {
    let mut partner = vec![None; chars.len()];
    let mut open = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' => open.push(i),
            ')' => {
                if let Some(j) = open.pop() {
                    partner[i] = Some(j);
                    partner[j] = Some(i);
                }
            }
            _ => {}
        }
    }
    partner
}
