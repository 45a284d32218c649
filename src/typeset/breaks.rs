//! Line-break opportunities: UAX #14 (unicode-linebreak) plus a CJK override table
//! and line-start/line-end prohibition (避头尾, kinsoku; clreq §3.1.4, §3.1.7; GB/T 15834 §5.1).

use crate::script::{Class, class_of};
use crate::style::Strictness;

/// Whether `c` must not start a line at `strictness` (clreq §3.1.4, R1.2). `——`/`……` are handled by
/// [`long_may_start`].
pub(crate) fn not_at_line_start(c: char) -> bool {
    matches!(
        class_of(c),
        Class::Pause | Class::Close | Class::Middle | Class::Connector
    ) || matches!(
        c,
        '%' | ',' | '.' | ';' | ':' | '?' | '!' | ')' | ']' | '}' | '‰' | '℃' | '々' | '〻'
    )
}

/// Whether `c` must not end a line at `strictness` (clreq §3.1.4, R1.3).
pub(crate) fn not_at_line_end(c: char, strictness: Strictness) -> bool {
    class_of(c) == Class::Open
        || matches!(c, '(' | '[' | '{')
        || (strictness != Strictness::Basic && c == '／')
}

/// Whether a `——`/`……` may start a line: never in strict mode; in basic and GB mode only at a cost
/// ([`LONG_AT_START_PENALTY`]).
pub(crate) fn long_may_start(strictness: Strictness) -> bool {
    strictness != Strictness::Strict
}

/// Demerits added for a line starting with `——` or `……` where that is allowed at all.
pub(crate) const LONG_AT_START_PENALTY: f32 = 50_000.0;

/// A break opportunity before byte offset `at` of a paragraph's text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Opportunity {
    /// Byte offset where the next line would start.
    pub at: usize,
    /// Extra demerits for breaking here (0 for an ordinary opportunity).
    pub penalty: f32,
}

/// Every place `text` may break, in order, excluding its end.
///
/// Starts from UAX #14 (unicode-linebreak 0.1.5) and overrides it where Chinese practice differs:
/// - `“ ‘` (class QU) may be broken before, and `” ’` after, when the neighbour is Han or CJK punctuation
///   (UAX #14 forbids both sides; clreq allows it, LB19a in later Unicode);
/// - prohibited line starts and ends are forbidden whatever UAX #14 says (clreq §3.1.7; `·` may not start
///   a line, typst#6774);
/// - `——` and `……` never split (clreq §3.1.5.1), and starting a line with one is forbidden in strict mode and
///   penalised otherwise.
pub(crate) fn opportunities(text: &str, strictness: Strictness) -> Vec<Opportunity> {
    let uax: std::collections::BTreeSet<usize> = unicode_linebreak::linebreaks(text)
        .filter(|&(i, op)| i < text.len() && op == unicode_linebreak::BreakOpportunity::Allowed)
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let Some(p) = prev else {
            prev = Some(c);
            continue;
        };
        prev = Some(c);
        let (pc, nc) = (class_of(p), class_of(c));
        let cjk_side = |k: Class| {
            matches!(
                k,
                Class::Ideographic | Class::Pause | Class::Close | Class::Long
            )
        };
        let mut allowed = uax.contains(&i);
        if matches!(c, '“' | '‘') && cjk_side(pc) {
            allowed = true;
        }
        if matches!(p, '”' | '’') && matches!(nc, Class::Ideographic | Class::Open | Class::Long)
        {
            allowed = true;
        }
        if not_at_line_start(c) || not_at_line_end(p, strictness) || (pc == Class::Long && p == c) {
            allowed = false;
        }
        if !allowed {
            continue;
        }
        let mut penalty = 0.0;
        if nc == Class::Long {
            if !long_may_start(strictness) {
                continue;
            }
            penalty = LONG_AT_START_PENALTY;
        }
        out.push(Opportunity { at: i, penalty });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str) -> String {
        let ops = opportunities(text, Strictness::Gb);
        let mut s = String::new();
        for (i, c) in text.char_indices() {
            if ops.iter().any(|o| o.at == i) {
                s.push('|');
            }
            s.push(c);
        }
        s
    }

    #[test]
    fn quotes_break_next_to_han_but_punctuation_stays_attached() {
        assert_eq!(
            marked("他说：“你好，世界。”然后（笑）走了"),
            "他|说：|“你|好，|世|界。”|然|后|（笑）|走|了"
        );
    }

    #[test]
    fn interpunct_never_starts_a_line_and_dashes_stay_whole() {
        let m = marked("玛丽·居里说——好……吧");
        assert!(!m.contains("|·"), "{m}");
        assert!(!m.contains("—|—") && !m.contains("…|…"), "{m}");
    }

    #[test]
    fn digits_and_latin_words_are_not_split() {
        let m = marked("共25人用Rust 1.95编写");
        assert!(
            m.contains("25") && m.contains("Rust") && m.contains("1.95"),
            "{m}"
        );
    }

    #[test]
    fn long_marks_may_not_start_a_line_in_strict_mode() {
        let text = "好——吧";
        assert!(
            opportunities(text, Strictness::Strict)
                .iter()
                .all(|o| o.at != "好".len())
        );
        let gb = opportunities(text, Strictness::Gb);
        assert!(
            gb.iter()
                .any(|o| o.at == "好".len() && o.penalty == LONG_AT_START_PENALTY)
        );
    }
}
