//! Rules `line-ends` and `spaces`: one kind of line end, no tabs, no runs of spaces, no spaces at
//! full-width punctuation.

use crate::script::is_wide_punctuation;

/// CRLF, CR and the other line terminators → LF; returns the text and how many were changed.
pub(super) fn unify_line_ends(text: &str) -> (String, usize) {
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
    (out, n)
}

/// Tab → space, runs of ASCII spaces → one.
pub(super) fn collapse_spaces(s: &str) -> (String, usize) {
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
    (out, n)
}

/// Drops ASCII spaces directly before or after full-width punctuation (`你好， 世界` → `你好，世界`).
pub(super) fn drop_spaces_at_wide_punctuation(s: &str) -> (String, usize) {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut n = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1).copied();
            if prev.is_some_and(is_wide_punctuation) || next.is_some_and(is_wide_punctuation) {
                n += 1;
                continue;
            }
        }
        out.push(c);
    }
    (out, n)
}
