//! The normaliser as it was before it was made linear (issue 13, fourth round), kept verbatim as the
//! oracle its property test compares the fast one with: the same lines, counts and warnings for any text
//! and any switches.

use std::path::Path;

use super::hard_wraps::join_continuation;
use crate::parse::classify::LineKind;
use crate::parse::options::{NormalizeOptions, RuleId};
use crate::parse::report::Report;
use crate::script::{
    is_cjk, is_cjk_letter, is_indent_space, is_invisible, is_script_neutral, is_wide,
    is_wide_punctuation,
};

/// The old `Normalizer`.
pub(super) struct Oracle<'a> {
    pub(super) options: &'a NormalizeOptions,
    pub(super) report: &'a mut Report,
    pub(super) path: &'a Path,
}

/// The old `RawLine`.
struct RawLine {
    number: usize,
    text: String,
    indented: bool,
}

/// The old `SourceLine`: (number, text).
type SourceLine = (usize, String);

impl Oracle<'_> {
    /// Normalises a whole decoded file into logical lines (see the module docs for the rules).
    pub(super) fn lines(&mut self, text: &str) -> Vec<SourceLine> {
        let unified = if self.options.line_ends {
            let (t, n) = unify_line_ends(text);
            self.report.count(RuleId::LineEnds, n);
            t
        } else {
            text.to_string()
        };
        let raw: Vec<RawLine> = unified
            .split('\n')
            .enumerate()
            .map(|(i, line)| self.clean_raw(line, i + 1))
            .collect();
        let joined = if self.options.hard_wraps {
            let (lines, n) = join_hard_wraps(raw);
            self.report.count(RuleId::HardWraps, n);
            lines
        } else {
            raw.into_iter().map(|r| (r.number, r.text)).collect()
        };
        joined
            .into_iter()
            .map(|(number, text)| (number, self.inline(&text, number)))
            .collect()
    }

    /// `text` without invisible characters, each counted and warned about at line `number`.
    fn strip_invisible(&mut self, text: &str, number: usize) -> String {
        let mut removed = Vec::new();
        let out = strip_invisible(text, |c| removed.push(c));
        for c in removed {
            self.report.count(RuleId::Invisible, 1);
            self.report.warn(
                self.path,
                number,
                format!("removed invisible character U+{:04X}", c as u32),
            );
        }
        out
    }

    /// Removes invisible characters (with warnings) and the indent; notes whether there was one.
    fn clean_raw(&mut self, line: &str, number: usize) -> RawLine {
        let mut text = if self.options.invisible {
            self.strip_invisible(line, number)
        } else {
            line.to_string()
        };
        let trimmed = text.trim_start_matches(is_indent_space);
        let indented = trimmed.len() < text.len() && !trimmed.is_empty();
        if self.options.indents && indented {
            self.report.count(RuleId::Indents, 1);
            text = trimmed.to_string();
        }
        if self.options.spaces {
            let t = text.trim_end_matches(|c: char| c.is_whitespace() || is_indent_space(c));
            if t.len() < text.len() {
                self.report.count(RuleId::Spaces, 1);
                text.truncate(t.len());
            }
            if text.chars().all(is_indent_space) {
                text.clear();
            }
        }
        RawLine {
            number,
            text,
            indented,
        }
    }

    /// The character rules on one line of text (no line breaks inside): spaces, full-width letters and
    /// digits, ellipsis, dash, punctuation, quotes. `number` names the line in warnings. The Markdown reader
    /// applies this to each run of text.
    pub(super) fn inline(&mut self, text: &str, number: usize) -> String {
        let mut s: String = if self.options.invisible {
            self.strip_invisible(text, number)
        } else {
            text.to_string()
        };
        let mut apply = |rule: RuleId, s: &mut String, f: fn(&str) -> (String, usize)| {
            if self.options.is_on(rule) {
                let (t, n) = f(s);
                self.report.count(rule, n);
                *s = t;
            }
        };
        apply(RuleId::Spaces, &mut s, collapse_spaces);
        apply(RuleId::FullWidthAlnum, &mut s, ascii_alnum);
        // One rule's change can give another its CJK context (`(记者)...` → `（记者）...` → `……`): run
        // them until nothing changes, so that normalised text is a fixed point.
        for _ in 0..8 {
            let before = s.clone();
            apply(RuleId::Punctuation, &mut s, punctuation);
            apply(RuleId::Ellipsis, &mut s, ellipses);
            apply(RuleId::Dash, &mut s, dashes);
            apply(RuleId::Quotes, &mut s, curly_quotes);
            apply(RuleId::Spaces, &mut s, drop_spaces_at_wide_punctuation);
            if s == before {
                break;
            }
        }
        s
    }
}

/// CRLF, CR and the other line terminators → LF; returns the text and how many were changed.
fn unify_line_ends(text: &str) -> (String, usize) {
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
fn collapse_spaces(s: &str) -> (String, usize) {
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
fn drop_spaces_at_wide_punctuation(s: &str) -> (String, usize) {
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

/// Full-width digits and Latin letters (U+FF10–FF19, U+FF21–FF3A, U+FF41–FF5A) → ASCII.
fn ascii_alnum(s: &str) -> (String, usize) {
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

/// The `punctuation` rule: [`fullwidth_punctuation`] and how many marks it converted, then the full
/// stops ending Chinese sentences (the fast rule's own [`super::punctuation::full_stops`], added after the
/// oracle was kept).
fn punctuation(s: &str) -> (String, usize) {
    let out = fullwidth_punctuation(s);
    let n = count_changed(s, &out, |c| wide_form(c).is_some());
    match super::punctuation::full_stops(&out) {
        Some((out, stops)) => (out, n + stops),
        None => (out, n),
    }
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
fn fullwidth_punctuation(line: &str) -> String {
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
fn url_mask(chars: &[char]) -> Vec<bool> {
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
fn ellipses(s: &str) -> (String, usize) {
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
fn dashes(s: &str) -> (String, usize) {
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
fn curly_quotes(s: &str) -> (String, usize) {
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

/// Display width in columns: a wide character counts 2.
fn width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// A rule of `-`, `=`, `_`, `—`, `*`, `~` (three or more): never joined, nor joined onto.
fn is_rule(text: &str) -> bool {
    text.chars().count() >= 3
        && text
            .chars()
            .all(|c| matches!(c, '-' | '=' | '_' | '—' | '*' | '~'))
}

/// Joins hard-wrapped lines (see the module docs); returns the logical lines (number, text) and the count
/// of joins.
fn join_hard_wraps(raw: Vec<RawLine>) -> (Vec<(usize, String)>, usize) {
    let followed = followed_lines(&raw);
    let candidates: Vec<(usize, bool)> = (0..raw.len())
        .filter(|&i| followed[i])
        .map(|i| {
            let ends_clause = raw[i]
                .text
                .trim_end()
                .ends_with(['。', '！', '？', '；', '.', '!', '?', ';']);
            (width(&raw[i].text), ends_clause)
        })
        .collect();
    let wrap_width = wrap_width(&candidates);
    let mut out: Vec<(usize, String)> = Vec::with_capacity(raw.len());
    let mut joins = 0;
    let mut continue_last = false;
    for (i, line) in raw.iter().enumerate() {
        if continue_last {
            let last = out.last_mut().expect("a line to continue");
            join_continuation(&mut last.1, &line.text);
            joins += 1;
        } else {
            out.push((line.number, line.text.clone()));
        }
        continue_last = match wrap_width {
            Some(w) => followed[i] && width(&line.text) + 4 >= w,
            None => false,
        };
    }
    (out, joins)
}

/// For each line, whether it may be joined with the next: both hold text, neither is a rule, the next is
/// not indented, this one is no byline and the next no byline or dateline paragraph, and this one has 8
/// characters or more.
fn followed_lines(raw: &[RawLine]) -> Vec<bool> {
    // (is a byline, is a byline or opens with a dateline)
    let anchor: Vec<(bool, bool)> = raw
        .iter()
        .map(|l| {
            let kind = LineKind::of(l.text.trim());
            (matches!(kind, LineKind::Byline(_)), kind.is_anchor())
        })
        .collect();
    (0..raw.len())
        .map(|i| {
            !raw[i].text.is_empty()
                && !anchor[i].0
                && !is_rule(&raw[i].text)
                && raw
                    .get(i + 1)
                    .is_some_and(|m| !m.text.is_empty() && !m.indented && !is_rule(&m.text))
                && !anchor[i + 1].1
                && raw[i].text.chars().count() >= 8
        })
        .collect()
}

/// The width the text is wrapped at, from the (width, ends a clause) of the lines that may be joined: the
/// width most of them share (within 4 columns), if there are enough of them and most end mid-sentence.
fn wrap_width(candidates: &[(usize, bool)]) -> Option<usize> {
    if candidates.len() < 3 {
        return None;
    }
    let in_cluster = |c: usize, w: usize| c + 4 >= w && c <= w + 2;
    let mut best = (0usize, 0usize); // (count, width)
    for &(w, _) in candidates {
        let count = candidates
            .iter()
            .filter(|&&(c, _)| in_cluster(c, w))
            .count();
        if (count, w) > best {
            best = (count, w);
        }
    }
    let (count, w) = best;
    let clause_ends = candidates
        .iter()
        .filter(|&&(c, end)| end && in_cluster(c, w))
        .count();
    // Enough lines of one width (many, or wide ones), most of them ending mid-sentence: a list of
    // short items or a heading block is not wrapped text.
    (count >= 3
        && count * 2 >= candidates.len()
        && (count >= 6 || w >= 40)
        && clause_ends * 2 < count)
        .then_some(w)
}

/// Emoji and what joins into an emoji sequence (pictographs, variation selector 16, skin-tone modifiers).
fn is_emoji_part(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1FAFF}' | '\u{FE0F}')
}

/// `text` without its invisible characters ([`is_invisible`]); `removed` is told each one. A zero-width
/// joiner between two emoji stays: it makes 👨‍👩‍👧 one family, not three people.
fn strip_invisible(text: &str, mut removed: impl FnMut(char)) -> String {
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
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::Normalizer;
    use super::*;

    /// Pieces of copy that give every rule something to do (and to refuse): marks in and out of CJK
    /// context, English phrases, URLs, runs of marks, quotes, dashes, ellipses, spaces of every kind,
    /// full-width letters, invisible characters and emoji sequences, every line end.
    const PIECES: &[&str] = &[
        "",
        " ",
        "  ",
        "   ",
        "\t",
        "\u{3000}",
        "\u{3000}\u{3000}",
        "\u{A0}",
        "\u{2003}",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "\u{0B}",
        "\u{0C}",
        "\u{85}",
        "\u{2028}",
        "\u{2029}",
        "汉",
        "字",
        "社区",
        "疫情防控",
        "本报讯",
        "记者 张三",
        "□本报记者 李四",
        "新华社北京5月1日电",
        "第一章 开端",
        "（完）",
        "。",
        "，",
        "、",
        "；",
        "：",
        "？",
        "！",
        "（",
        "）",
        "“",
        "”",
        "‘",
        "’",
        "《",
        "》",
        ",",
        ":",
        ";",
        "?",
        "!",
        "(",
        ")",
        "((",
        "))",
        "\"",
        "'",
        "...",
        "....",
        "..",
        ".",
        "…",
        "……",
        "。。。",
        "。。",
        "--",
        "-",
        "---",
        "——",
        "—",
        "–",
        "·",
        "1,000",
        "12:30",
        "3.14",
        "0451",
        "a",
        "Z",
        "don't",
        "x-y",
        "Hello",
        "world",
        "Hello, world!",
        "Hello world",
        " and ",
        "http://a.b/c?x=1,",
        "HTTPS://X.Y/z",
        "www.",
        "WWW.a.b",
        "mailto:a@b.c",
        "svn+ssh://h/p",
        "a.b.c",
        "://",
        "１２",
        "ＡＢ",
        "ｚ",
        "０",
        "\u{200B}",
        "\u{200D}",
        "\u{7}",
        "\u{FEFF}",
        "\u{AD}",
        "\u{202E}",
        "\u{FFFE}",
        "\u{1FFFE}",
        "\u{FDD0}",
        "👨",
        "👩",
        "\u{FE0F}",
        "𠀀",
        "é",
        "====",
        "----",
        "***",
        "~~~",
        "一、",
        "1.",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..64).prop_map(|v| v.concat())
    }

    fn options() -> impl Strategy<Value = NormalizeOptions> {
        prop::collection::vec(prop::bool::weighted(0.8), 10).prop_map(|on| NormalizeOptions {
            line_ends: on[0],
            invisible: on[1],
            indents: on[2],
            spaces: on[3],
            full_width_alnum: on[4],
            punctuation: on[5],
            ellipsis: on[6],
            dash: on[7],
            quotes: on[8],
            hard_wraps: on[9],
            broken_paragraphs: true,
        })
    }

    /// The fast normaliser's lines and report, and the oracle's.
    fn both(text: &str, options: &NormalizeOptions) -> [(Vec<(usize, String)>, Report); 2] {
        let path = Path::new("p.txt");
        let mut fast = Report::default();
        let lines = Normalizer {
            options,
            report: &mut fast,
            path,
        }
        .lines(text)
        .into_iter()
        .map(|l| (l.number, l.text))
        .collect();
        let mut old = Report::default();
        let expected = Oracle {
            options,
            report: &mut old,
            path,
        }
        .lines(text);
        [(lines, fast), (expected, old)]
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 4000,
            failure_persistence: None,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x6931_3470),
            ..ProptestConfig::default()
        })]

        #[test]
        fn the_fast_normaliser_gives_the_oracles_lines_counts_and_warnings(
            t in text(),
            o in options(),
        ) {
            let [fast, old] = both(&t, &o);
            prop_assert_eq!(fast, old);
        }

        #[test]
        fn the_fast_character_rules_give_the_oracles(t in text(), o in options()) {
            let path = Path::new("p.md");
            let (mut fast, mut old) = (Report::default(), Report::default());
            let a = Normalizer { options: &o, report: &mut fast, path }.inline(&t, 3);
            let b = Oracle { options: &o, report: &mut old, path }.inline(&t, 3);
            prop_assert_eq!((a, fast), (b, old));
        }
    }

    /// A file of many tasks' lines ([`super::super::LINES_PER_TASK`]), hard-wrapped and not: the lines,
    /// counts and warnings of the tasks put together are the oracle's.
    #[test]
    fn a_long_file_normalised_in_tasks_gives_the_oracles_lines() {
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut text = String::new();
        for _ in 0..40_000 {
            text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
        }
        let wrapped: String = "这是一段很长的文字，它在排版的时候被硬生生地\n折成了好几行，每一行的宽度几乎完全相同，读起\n"
            .repeat(1500);
        for t in [&text, &wrapped, &format!("{wrapped}{text}")] {
            let [fast, old] = both(t, &NormalizeOptions::default());
            assert!(t.lines().count() > 2 * super::super::LINES_PER_TASK);
            assert_eq!(fast, old);
        }
    }
}
