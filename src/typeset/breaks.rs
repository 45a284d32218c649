//! Line-break opportunities: UAX #14 (unicode-linebreak) plus a CJK override table
//! and line-start/line-end prohibition (避头尾, kinsoku; clreq §3.1.4, §3.1.7; GB/T 15834 §5.1), with the
//! extra cost of splitting a short quoted term and the breaks of a URL.

use std::ops::Range;

use crate::script::{Class, class_of};
use crate::style::Strictness;

/// Whether `c` must not start a line at `strictness` (clreq §3.1.4, R1.2). `——`/`……` are handled by
/// [`long_may_start`].
pub(crate) fn not_at_line_start(c: char) -> bool {
    start_barred(c, class_of(c))
}

/// [`not_at_line_start`] of `c`, whose class is `class`.
fn start_barred(c: char, class: Class) -> bool {
    matches!(
        class,
        Class::Pause | Class::Close | Class::Middle | Class::Connector | Class::Unit
    ) || matches!(
        c,
        '%' | ',' | '.' | ';' | ':' | '?' | '!' | ')' | ']' | '}' | '‰' | '℃' | '々' | '〻'
    )
}

/// Whether `c` must not end a line at `strictness` (clreq §3.1.4, R1.3).
pub(crate) fn not_at_line_end(c: char, strictness: Strictness) -> bool {
    end_barred(c, class_of(c), strictness)
}

/// [`not_at_line_end`] of `c`, whose class is `class`.
fn end_barred(c: char, class: Class, strictness: Strictness) -> bool {
    class == Class::Open
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

/// Demerits added for a break inside a quoted or titled term of at most [`SHORT_TERM_CHARS`] characters
/// (`“老宋”`, `《晚报》`): such a term reads as one word.
pub(crate) const SHORT_TERM_PENALTY: f32 = 8_000.0;

/// The longest quoted term (in characters, marks excluded) that a break inside costs extra.
pub(crate) const SHORT_TERM_CHARS: usize = 4;

/// Demerits added for a break inside a URL, so that a line breaks at a URL's ends where it can.
pub(crate) const URL_PENALTY: f32 = 500.0;

/// Where URLs stand in `text`: byte ranges from `http://`, `https://` or `www.` to the last character
/// that is neither a space, a non-ASCII character nor a closing `. , ; : ! ? ) ]` or quote.
pub(crate) fn urls(text: &str) -> Vec<Range<usize>> {
    const PREFIXES: [&str; 3] = ["https://", "http://", "www."];
    let mut out = Vec::new();
    // every prefix holds a `:` or a `w`: a text with neither (most Chinese text) holds no URL
    if !text.as_bytes().contains(&b':') && !text.as_bytes().contains(&b'w') {
        return out;
    }
    let mut from = 0;
    // where each prefix next stands at or after `from` (searched again only once passed), so the text
    // is read once for each prefix, however many URLs it holds
    let mut next: [Option<usize>; 3] = PREFIXES.map(|p| text.find(p));
    loop {
        for (k, p) in PREFIXES.iter().enumerate() {
            if next[k].is_some_and(|at| at < from) {
                next[k] = text[from..].find(p).map(|i| from + i);
            }
        }
        let Some((found, prefix)) = (0..3)
            .filter_map(|k| next[k].map(|at| (at, PREFIXES[k].len())))
            .min()
        else {
            break;
        };
        let preceded = text[..found]
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '/' || c == '.');
        let mut end = found;
        for (i, c) in text[found..].char_indices() {
            if !c.is_ascii() || c.is_ascii_whitespace() || matches!(c, '"' | '\'' | '<' | '>') {
                break;
            }
            end = found + i + c.len_utf8();
        }
        while end > found && text[..end].ends_with(['.', ',', ';', ':', '!', '?', ')', ']']) {
            end -= 1;
        }
        if !preceded && end > found + prefix {
            out.push(found..end);
        }
        from = end.max(found + 1);
    }
    out
}

/// The byte offsets where a URL may break: before `/` and `&`, and after `.` and `?` (a line may not start
/// with a Western full stop or question mark, clreq §3.1.7) — never right after its start, nor inside
/// `//` — so that no line ends with the solidus GB strictness forbids there.
fn url_breaks(text: &str, url: &Range<usize>) -> Vec<usize> {
    let body = &text[url.clone()];
    let mut out = Vec::new();
    let mut prev = None;
    for (i, c) in body.char_indices() {
        let before = matches!(c, '/' | '&') && !matches!(prev, Some('/' | ':'));
        let after = matches!(prev, Some('.' | '?')) && !matches!(c, '.' | '?' | '/');
        if i > 0 && (before || after) {
            out.push(url.start + i);
        }
        prev = Some(c);
    }
    out
}

/// The quoted and titled marks that open a short term, with their closing marks.
const PAIRS: [(char, char); 6] = [
    ('“', '”'),
    ('‘', '’'),
    ('《', '》'),
    ('〈', '〉'),
    ('「', '」'),
    ('『', '』'),
];

/// Whether `c` is in the CJK Unified Ideographs block (the URO): most characters of a Chinese text. All are
/// of UAX #14's class ID, after which its state is the same whatever came before (a test checks).
fn in_uro(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Which of a rising list of offsets are asked for, asked in rising order.
struct Rising {
    items: Vec<usize>,
    next: usize,
}

impl Rising {
    fn new(items: Vec<usize>) -> Rising {
        Rising { items, next: 0 }
    }

    /// Whether `i` is in the list (no smaller offset may be asked after it).
    fn has(&mut self, i: usize) -> bool {
        while self.items.get(self.next).is_some_and(|&x| x < i) {
            self.next += 1;
        }
        self.items.get(self.next) == Some(&i)
    }
}

/// UAX #14's breaks of a paragraph outside its URLs, asked for in rising order, found a stretch at a time:
/// from a character in the URO (or the text's start) to the next one. UAX #14 reads a text with no look-ahead,
/// and its state after an ideograph of the URO does not depend on what came before, so a stretch read
/// alone breaks as it does in the whole text; between two ideographs of the URO, which no stretch holds,
/// a break is always allowed (LB31).
struct Uax<'t> {
    text: &'t str,
    /// The URLs not yet passed (in order, not overlapping).
    urls: &'t [Range<usize>],
    /// The breaks of the stretch read last, rising.
    breaks: Rising,
    /// Where that stretch ends: its breaks are known below this offset.
    end: usize,
}

impl<'t> Uax<'t> {
    fn new(text: &'t str, urls: &'t [Range<usize>]) -> Uax<'t> {
        Uax {
            text,
            urls,
            breaks: Rising::new(Vec::new()),
            end: 0,
        }
    }

    /// Whether UAX #14 allows a break at `i`, not strictly inside a URL; `from`: the start of the character
    /// before `i`, which is in the URO or the text's first when `i` lies past the stretch read last.
    fn allows(&mut self, i: usize, from: usize) -> bool {
        if i >= self.end {
            self.read(i, from);
        }
        self.breaks.has(i)
    }

    /// Reads the stretch from `from` to the end of the first character in the URO at or after `i` (or
    /// the text's end).
    fn read(&mut self, i: usize, from: usize) {
        let text = self.text;
        let end = (text[i..].char_indices())
            .find(|&(_, c)| in_uro(c))
            .map_or(text.len(), |(k, c)| i + k + c.len_utf8());
        let (breaks, urls) = (&mut self.breaks.items, &mut self.urls);
        breaks.clear();
        self.breaks.next = 0;
        breaks.extend(
            unicode_linebreak::linebreaks(&text[from..end])
                .map(|(k, op)| (from + k, op))
                .filter(|&(k, op)| k < end && op == unicode_linebreak::BreakOpportunity::Allowed)
                .map(|(k, _)| k)
                .filter(|&k| {
                    while urls.first().is_some_and(|u| u.end <= k) {
                        *urls = &urls[1..];
                    }
                    !urls.first().is_some_and(|u| u.start < k && k < u.end)
                }),
        );
        self.end = end;
    }
}

/// The short terms (quoted or titled terms of at most [`SHORT_TERM_CHARS`] characters, `“老宋”`,
/// `《晚报》`) opened so far and not yet closed, as byte ranges of the text inside their marks.
#[derive(Default)]
struct Terms {
    open: Vec<Range<usize>>,
}

impl Terms {
    /// Notes the term that the mark `c` at `i` of `text` opens, if it is a short term: its closing mark
    /// follows within [`SHORT_TERM_CHARS`] characters, no opening mark of its pair before it.
    fn opened(&mut self, text: &str, i: usize, c: char) {
        let Some(&(open, close)) = PAIRS.iter().find(|&&(o, _)| o == c) else {
            return;
        };
        let inner = i + c.len_utf8();
        for (n, (k, d)) in text[inner..].char_indices().enumerate() {
            if n > SHORT_TERM_CHARS || d == open {
                return;
            }
            if d == close {
                if k > 0 {
                    self.open.push(inner..inner + k);
                }
                return;
            }
        }
    }

    /// Whether offset `i` is strictly inside a short term (no smaller offset may be asked after it).
    fn inside(&mut self, i: usize) -> bool {
        if self.open.is_empty() {
            return false;
        }
        self.open.retain(|t| t.end > i);
        self.open.iter().any(|t| t.start < i)
    }
}

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
///   penalised otherwise;
/// - a break inside a quoted term of at most four characters costs [`SHORT_TERM_PENALTY`];
/// - a URL breaks only before `/` and `&` and after `.` and `?` ([`URL_PENALTY`]), so a line never ends
///   with its solidus nor starts with a full stop.
///
/// `urls` are the URLs of `text` ([`urls`]), found once for the opportunities and the URLs' stretch.
#[cfg(test)]
pub(crate) fn opportunities(
    text: &str,
    strictness: Strictness,
    urls: &[Range<usize>],
) -> Vec<Opportunity> {
    let mut out = Vec::new();
    each_opportunity(text, strictness, urls, |op| out.push(op));
    out
}

/// [`opportunities`] handed to `out` one by one, in order, as they are found (the typesetter writes them
/// straight into a paragraph's gaps).
pub(crate) fn each_opportunity(
    text: &str,
    strictness: Strictness,
    urls: &[Range<usize>],
    mut out: impl FnMut(Opportunity),
) {
    let mut uax = Uax::new(text, urls);
    let mut in_url = Rising::new(urls.iter().flat_map(|url| url_breaks(text, url)).collect());
    let mut terms = Terms::default();
    // the character before, its start and its class, each character classed once
    let mut prev: Option<(char, usize, Class)> = None;
    for (i, c) in text.char_indices() {
        let uro = in_uro(c);
        let nc = if uro { Class::Ideographic } else { class_of(c) };
        if nc == Class::Open {
            terms.opened(text, i, c);
        }
        let Some((p, from, pc)) = prev.replace((c, i, nc)) else {
            continue;
        };
        if uro && in_uro(p) {
            // UAX #14 allows it (LB31), nothing bars it, and no URL holds an ideograph
            let penalty = if terms.inside(i) {
                SHORT_TERM_PENALTY
            } else {
                0.0
            };
            out(Opportunity { at: i, penalty });
            continue;
        }
        let cjk_side = |k: Class| {
            matches!(
                k,
                Class::Ideographic | Class::Pause | Class::Close | Class::Long
            )
        };
        if in_url.has(i) {
            if !end_barred(p, pc, strictness) {
                out(Opportunity {
                    at: i,
                    penalty: URL_PENALTY,
                });
            }
            continue;
        }
        let mut allowed = uax.allows(i, from);
        if matches!(c, '“' | '‘') && cjk_side(pc) {
            allowed = true;
        }
        if matches!(p, '”' | '’') && matches!(nc, Class::Ideographic | Class::Open | Class::Long)
        {
            allowed = true;
        }
        if start_barred(c, nc) || end_barred(p, pc, strictness) || (pc == Class::Long && p == c) {
            allowed = false;
        }
        if !allowed {
            continue;
        }
        let mut penalty = 0.0;
        if terms.inside(i) {
            penalty += SHORT_TERM_PENALTY;
        }
        if nc == Class::Long {
            if !long_may_start(strictness) {
                continue;
            }
            penalty += LONG_AT_START_PENALTY;
        }
        out(Opportunity { at: i, penalty });
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// The opportunities as they were found before the text was read once for each kind (a scan of every
    /// quoted term per character, a search of the rest of the text per URL): the reference.
    mod reference {
        use super::super::{
            LONG_AT_START_PENALTY, Opportunity, SHORT_TERM_CHARS, SHORT_TERM_PENALTY, URL_PENALTY,
            long_may_start, not_at_line_end, not_at_line_start, url_breaks,
        };
        use crate::script::{Class, class_of};
        use crate::style::Strictness;
        use std::ops::Range;

        pub(super) fn urls(text: &str) -> Vec<Range<usize>> {
            let mut out = Vec::new();
            let mut from = 0;
            while let Some((found, prefix)) = ["https://", "http://", "www."]
                .iter()
                .filter_map(|p| text[from..].find(p).map(|i| (from + i, p.len())))
                .min()
            {
                let preceded = text[..found]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '/' || c == '.');
                let mut end = found;
                for (i, c) in text[found..].char_indices() {
                    if !c.is_ascii()
                        || c.is_ascii_whitespace()
                        || matches!(c, '"' | '\'' | '<' | '>')
                    {
                        break;
                    }
                    end = found + i + c.len_utf8();
                }
                while end > found && text[..end].ends_with(['.', ',', ';', ':', '!', '?', ')', ']'])
                {
                    end -= 1;
                }
                if !preceded && end > found + prefix {
                    out.push(found..end);
                }
                from = end.max(found + 1);
            }
            out
        }
        fn short_terms(text: &str) -> Vec<Range<usize>> {
            let pairs = crate::typeset::breaks::PAIRS;
            let mut out = Vec::new();
            for (i, c) in text.char_indices() {
                let Some(&(_, close)) = pairs.iter().find(|(o, _)| *o == c) else {
                    continue;
                };
                let inner = i + c.len_utf8();
                let Some(len) = text[inner..].find(close) else {
                    continue;
                };
                let term = &text[inner..inner + len];
                let chars = term.chars().count();
                if chars <= SHORT_TERM_CHARS && !term.contains(c) {
                    out.push(inner..inner + len);
                }
            }
            out
        }
        pub(super) fn opportunities(text: &str, strictness: Strictness) -> Vec<Opportunity> {
            let mut uax: std::collections::BTreeSet<usize> = unicode_linebreak::linebreaks(text)
                .filter(|&(i, op)| {
                    i < text.len() && op == unicode_linebreak::BreakOpportunity::Allowed
                })
                .map(|(i, _)| i)
                .collect();
            let mut in_url = std::collections::BTreeSet::new();
            for url in &urls(text) {
                uax.retain(|&i| i <= url.start || i >= url.end);
                in_url.extend(url_breaks(text, url));
            }
            let terms = short_terms(text);
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
                if in_url.contains(&i) {
                    if !not_at_line_end(p, strictness) {
                        out.push(Opportunity {
                            at: i,
                            penalty: URL_PENALTY,
                        });
                    }
                    continue;
                }
                let mut allowed = uax.contains(&i);
                if matches!(c, '“' | '‘') && cjk_side(pc) {
                    allowed = true;
                }
                if matches!(p, '”' | '’')
                    && matches!(nc, Class::Ideographic | Class::Open | Class::Long)
                {
                    allowed = true;
                }
                if not_at_line_start(c)
                    || not_at_line_end(p, strictness)
                    || (pc == Class::Long && p == c)
                {
                    allowed = false;
                }
                if !allowed {
                    continue;
                }
                let mut penalty = 0.0;
                if terms.iter().any(|t| t.start < i && i < t.end) {
                    penalty += SHORT_TERM_PENALTY;
                }
                if nc == Class::Long {
                    if !long_may_start(strictness) {
                        continue;
                    }
                    penalty += LONG_AT_START_PENALTY;
                }
                out.push(Opportunity { at: i, penalty });
            }
            out
        }
    }

    proptest! {
        #[test]
        fn opportunities_are_those_of_the_reference(
            pieces in prop::collection::vec(
                prop::sample::select(&[
                    "汉", "字", "“", "”", "‘", "’", "《", "》", "「", "」", "，", "。", "——", "……", " ",
                    "https://", "http://", "www.", "a", "Z", "9", "/", ".", "?", "&", "(", ")", "：",
                    "\u{301}", "\u{200D}", "😀", "あ", "가", "%", "$", "-", "\u{3000}", "\u{A0}", "々",
                ][..]),
                0..80,
            ),
        ) {
            let text = pieces.concat();
            for strictness in [Strictness::Basic, Strictness::Gb, Strictness::Strict] {
                prop_assert_eq!(
                    opportunities(&text, strictness, &urls(&text)),
                    reference::opportunities(&text, strictness)
                );
            }
            prop_assert_eq!(urls(&text), reference::urls(&text));
        }
    }

    use super::*;

    /// What [`Uax`] rests on: every character of the URO is of class ID, and UAX #14 (as unicode-linebreak
    /// reads it) breaks the text after an ideograph as it breaks that ideograph and the text after it
    /// alone, whatever came before — tried after every prefix of up to two characters, one of each class,
    /// and before every suffix of up to two.
    #[test]
    fn the_state_after_an_ideograph_does_not_depend_on_what_came_before() {
        use unicode_linebreak::{BreakClass, break_property, linebreaks};
        assert!(
            ('\u{4E00}'..='\u{9FFF}').all(|c| break_property(c as u32) == BreakClass::Ideographic)
        );
        let mut one: Vec<(BreakClass, char)> = Vec::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let class = break_property(c as u32);
            if !one.iter().any(|&(k, _)| k == class) {
                one.push((class, c));
            }
        }
        let chars: Vec<String> = one.iter().map(|&(_, c)| c.to_string()).collect();
        let mut affixes = vec![String::new()];
        affixes.extend(chars.iter().cloned());
        affixes.extend(
            chars
                .iter()
                .flat_map(|a| chars.iter().map(move |b| format!("{a}{b}"))),
        );
        for suffix in &affixes {
            let alone = format!("汉{suffix}");
            let expected: Vec<_> = linebreaks(&alone).filter(|&(i, _)| i > 0).collect();
            for prefix in &affixes {
                let text = format!("{prefix}{alone}");
                let found: Vec<_> = linebreaks(&text)
                    .filter(|&(i, _)| i > prefix.len())
                    .map(|(i, op)| (i - prefix.len(), op))
                    .collect();
                assert_eq!(found, expected, "{prefix:?} {alone:?}");
            }
        }
    }

    fn marked(text: &str) -> String {
        let ops = opportunities(text, Strictness::Gb, &urls(text));
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
    fn a_number_keeps_its_unit() {
        let m = marked("零下15℃，湿度30%，偏差2°3′4″");
        for unit in ["15℃", "30%", "2°", "3′", "4″"] {
            assert!(m.contains(unit), "{m}");
        }
    }

    #[test]
    fn a_short_quoted_term_costs_more_to_split() {
        let text = "哈报人“老宋”与《城市日报》和“一个很长的引号里的话”";
        let ops = opportunities(text, Strictness::Gb, &urls(text));
        let at = |s: &str| text.find(s).unwrap();
        let penalty = |i: usize| ops.iter().find(|o| o.at == i).map(|o| o.penalty);
        assert_eq!(penalty(at("宋")), Some(SHORT_TERM_PENALTY));
        assert_eq!(penalty(at("日报》")), Some(SHORT_TERM_PENALTY));
        assert_eq!(
            penalty(at("很长")),
            Some(0.0),
            "a long quotation breaks freely"
        );
        assert_eq!(penalty(at("与")), Some(0.0));
    }

    #[test]
    fn a_url_breaks_before_its_separators_only() {
        let text = "见https://example.org/a/b?x=1&y=2这个地址。";
        let url = urls(text);
        assert_eq!(url.len(), 1);
        assert_eq!(&text[url[0].clone()], "https://example.org/a/b?x=1&y=2");
        let m = marked(text);
        assert!(
            m.contains("|https://example.|org|/a|/b?|x=1|&y=2|这"),
            "{m}"
        );
        assert!(!m.contains("/|"), "no break after a solidus: {m}");
        assert!(urls("版本www.不是").is_empty());
        assert!(urls("a.www.b").is_empty());
    }

    #[test]
    fn long_marks_may_not_start_a_line_in_strict_mode() {
        let text = "好——吧";
        assert!(
            opportunities(text, Strictness::Strict, &urls(text))
                .iter()
                .all(|o| o.at != "好".len())
        );
        let gb = opportunities(text, Strictness::Gb, &urls(text));
        assert!(
            gb.iter()
                .any(|o| o.at == "好".len() && o.penalty == LONG_AT_START_PENALTY)
        );
    }
}
