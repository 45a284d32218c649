//! Rule `hard-wraps`: lines broken at a fixed width are joined again (the recognition is described in the
//! `normalize` module docs); [`join_continuation`] joins two pieces of one paragraph.

use crate::parse::classify::LineKind;
use crate::script::is_wide;

/// A physical line after the per-line cleaning (invisible characters, indent, trailing spaces), before
/// joining.
pub(super) struct RawLine {
    /// 1-based line number in the input file.
    pub number: usize,
    /// The cleaned text.
    pub text: String,
    /// The line was indented (a paragraph start), whether or not the `indents` rule dropped the indent.
    pub indented: bool,
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
pub(super) fn join_hard_wraps(raw: Vec<RawLine>) -> (Vec<(usize, String)>, usize) {
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

/// Appends the continuation of a broken or hard-wrapped line: nothing between, except one space between
/// two pieces of Latin text (`word` + `word`, `end,` + `next`).
pub(crate) fn join_continuation(text: &mut String, next: &str) {
    let latin_end = text.chars().last().is_some_and(|c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                ',' | '.' | ';' | ':' | '!' | '?' | ')' | '"' | '\'' | '%'
            )
    });
    let latin_start = next
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '(' | '"' | '\''));
    if latin_end && latin_start {
        text.push(' ');
    }
    text.push_str(next);
}
