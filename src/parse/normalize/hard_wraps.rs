//! Rule `hard-wraps`: lines broken at a fixed width are joined again (the recognition is described in the
//! `normalize` module docs); [`join_continuation`] joins two pieces of one paragraph.

use std::borrow::Cow;

use crate::parse::classify::LineKind;
use crate::script::is_wide;

/// A physical line after the per-line cleaning (invisible characters, indent, trailing spaces), before
/// joining; its text borrows from the file's where cleaning changed nothing.
pub(super) struct RawLine<'t> {
    /// 1-based line number in the input file.
    pub number: usize,
    /// The cleaned text.
    pub text: Cow<'t, str>,
    /// The line was indented (a paragraph start), whether or not the `indents` rule dropped the indent.
    pub indented: bool,
}

/// Display width in columns: a wide character counts 2.
fn width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// A rule of `-`, `=`, `_`, `—`, `*`, `~` (three or more): never joined, nor joined onto.
fn is_rule(text: &str) -> bool {
    text.chars()
        .all(|c| matches!(c, '-' | '=' | '_' | '—' | '*' | '~'))
        && text.chars().nth(2).is_some()
}

/// Joins hard-wrapped lines (see the module docs); returns the logical lines (number, text) and the count
/// of joins.
pub(super) fn join_hard_wraps(raw: Vec<RawLine<'_>>) -> (Vec<(usize, Cow<'_, str>)>, usize) {
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
    let mut out: Vec<(usize, Cow<'_, str>)> = Vec::with_capacity(raw.len());
    let mut joins = 0;
    let mut continue_last = false;
    for (i, line) in raw.into_iter().enumerate() {
        let goes_on = match wrap_width {
            Some(w) => followed[i] && width(&line.text) + 4 >= w,
            None => false,
        };
        if continue_last {
            let last = out.last_mut().expect("a line to continue");
            join_continuation(last.1.to_mut(), &line.text);
            joins += 1;
        } else {
            out.push((line.number, line.text));
        }
        continue_last = goes_on;
    }
    (out, joins)
}

/// For each line, whether it may be joined with the next: both hold text, neither is a rule, the next is
/// not indented, this one is no byline and the next no byline or dateline paragraph, and this one has 8
/// characters or more. A line is classified only when the cheaper tests leave it in question.
fn followed_lines(raw: &[RawLine<'_>]) -> Vec<bool> {
    // (is a byline, is a byline or opens with a dateline), made when first asked
    let mut anchor: Vec<Option<(bool, bool)>> = vec![None; raw.len()];
    let mut anchor_of = |i: usize| {
        *anchor[i].get_or_insert_with(|| {
            let kind = LineKind::of(raw[i].text.trim());
            (matches!(kind, LineKind::Byline(_)), kind.is_anchor())
        })
    };
    (0..raw.len())
        .map(|i| {
            !raw[i].text.is_empty()
                && raw
                    .get(i + 1)
                    .is_some_and(|m| !m.text.is_empty() && !m.indented)
                && raw[i].text.chars().nth(7).is_some()
                && !is_rule(&raw[i].text)
                && !is_rule(&raw[i + 1].text)
                && !anchor_of(i).0
                && !anchor_of(i + 1).1
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
    let mut widths: Vec<usize> = candidates.iter().map(|&(w, _)| w).collect();
    widths.sort_unstable();
    // how many widths lie in `w`'s cluster, [w - 4, w + 2], counted in the sorted widths
    let cluster =
        |w: usize| widths.partition_point(|&c| c <= w + 2) - widths.partition_point(|&c| c + 4 < w);
    let (count, w) = widths
        .iter()
        .map(|&w| (cluster(w), w))
        .fold((0usize, 0usize), |best, x| best.max(x));
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
