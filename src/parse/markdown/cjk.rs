//! CJK-friendly emphasis: `**《新闻联播》**开播`, `**入场须预约。**请`, `*（暂定）*` are emphasis, as their
//! authors meant, although CommonMark's flanking rules (0.31.2 §6.2) say the `**` next to the full-width
//! punctuation can neither open nor close.
//!
//! The rules are the CommonMark CJK-friendly amendments
//! (<https://github.com/tats-u/markdown-cjk-friendly/blob/main/specification.md>), which comrak and
//! markdig implement and pulldown-cmark merged after 0.13 (the version this crate uses has no such option).
//! They are applied as a step before pulldown-cmark: for each run of `*` that the amendments make
//! left-flanking (or right-flanking) where CommonMark does not, a [`JOINER`] is put between the run and
//! the punctuation mark that blocked it. pulldown-cmark reads the joiner as a letter, so the run flanks
//! as the amendments say, and the reader drops every joiner from the text it is given. A joiner never
//! takes flanking away (a run gains left-flanking only when it is not preceded by punctuation, right-flanking
//! only when it is; the joiner changes only the side that blocked it).
//!
//! Only `*` runs are treated: `_` keeps CommonMark's rules (Chinese text has no intraword `_`).

use crate::script::{is_cjk_for_emphasis, is_unicode_punctuation};

/// The joiner put next to a delimiter run: a Unicode noncharacter, which no text holds (the input's own
/// are removed first).
pub(super) const JOINER: char = '\u{FDD0}';

/// `text` with a [`JOINER`] where a `*` run flanks by the CJK-friendly rules but not by CommonMark's, and
/// without any joiner of its own. Line breaks are kept, so byte offsets still give the right lines.
pub(super) fn prepare(text: &str) -> String {
    let chars: Vec<char> = text.chars().filter(|&c| c != JOINER).collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '*' || escaped(&chars, i) {
            out.push(c);
            i += 1;
            continue;
        }
        let end = (i..chars.len())
            .find(|&k| chars[k] != '*')
            .unwrap_or(chars.len());
        let before = Neighbour::before(&chars, i);
        let after = Neighbour::of(chars.get(end).copied());
        let cjk_left = left_flanking_cjk(before, after);
        let cjk_right = right_flanking_cjk(before, after);
        if cjk_right && !right_flanking(before, after) {
            out.push(JOINER);
        }
        out.extend(&chars[i..end]);
        if cjk_left && !left_flanking(before, after) {
            out.push(JOINER);
        }
        i = end;
    }
    out
}

/// Whether the character at `i` is backslash-escaped (an odd number of backslashes before it).
fn escaped(chars: &[char], i: usize) -> bool {
    chars[..i].iter().rev().take_while(|&&c| c == '\\').count() % 2 == 1
}

/// What stands next to a delimiter run, as the flanking rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Neighbour {
    /// Unicode whitespace, or a line's start or end.
    space: bool,
    /// A Unicode punctuation character (or sequence ending in a variation selector).
    punct: bool,
    /// A CJK character (or sequence).
    cjk: bool,
    /// An ideographic variation selector (U+E0100–U+E01EF).
    ivs: bool,
}

impl Neighbour {
    /// The character after a run (`None`: the end of the text).
    fn of(c: Option<char>) -> Neighbour {
        match c {
            None => Neighbour {
                space: true,
                punct: false,
                cjk: false,
                ivs: false,
            },
            Some(c) => Neighbour {
                space: c.is_whitespace(),
                punct: is_unicode_punctuation(c),
                cjk: is_cjk_for_emphasis(c),
                ivs: ('\u{E0100}'..='\u{E01EF}').contains(&c),
            },
        }
    }

    /// What precedes the run starting at `i`: a non-emoji variation selector (U+FE00–U+FE0E) makes a
    /// sequence with the character before it, which decides (spec §2.1, "sequence").
    fn before(chars: &[char], i: usize) -> Neighbour {
        let prev = i.checked_sub(1).map(|k| chars[k]);
        match prev {
            Some('\u{FE00}'..='\u{FE0E}') if i >= 2 => {
                let base = Neighbour::of(Some(chars[i - 2]));
                Neighbour {
                    space: false,
                    ivs: false,
                    ..base
                }
            }
            _ => Neighbour::of(prev),
        }
    }

    fn non_cjk_punct(self) -> bool {
        self.punct && !self.cjk
    }
}

/// CommonMark 0.31.2 §6.2: not followed by whitespace, and not followed by punctuation or preceded by
/// whitespace or punctuation.
fn left_flanking(before: Neighbour, after: Neighbour) -> bool {
    !after.space && (!after.punct || before.space || before.punct)
}

/// CommonMark 0.31.2 §6.2: not preceded by whitespace, and not preceded by punctuation or followed by
/// whitespace or punctuation.
fn right_flanking(before: Neighbour, after: Neighbour) -> bool {
    !before.space && (!before.punct || after.space || after.punct)
}

/// The amendments' left-flanking: only non-CJK punctuation after the run blocks it, and a CJK character
/// or an ideographic variation selector before it lifts the block.
fn left_flanking_cjk(before: Neighbour, after: Neighbour) -> bool {
    !after.space
        && (!after.non_cjk_punct()
            || before.space
            || before.non_cjk_punct()
            || before.cjk
            || before.ivs)
}

/// The amendments' right-flanking: only non-CJK punctuation before the run blocks it, and a CJK
/// character after it lifts the block.
fn right_flanking_cjk(before: Neighbour, after: Neighbour) -> bool {
    !before.space && (!before.non_cjk_punct() || after.space || after.non_cjk_punct() || after.cjk)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Parser, Tag};

    /// `markdown` parsed (after [`prepare`] when `cjk`) as `text` with `[em]…[/em]` and `[strong]…[/strong]`.
    fn parsed(markdown: &str, cjk: bool) -> String {
        let text = if cjk {
            prepare(markdown)
        } else {
            markdown.to_string()
        };
        let mut out = String::new();
        for event in Parser::new(&text) {
            match event {
                Event::Start(Tag::Emphasis) => out.push_str("[em]"),
                Event::End(pulldown_cmark::TagEnd::Emphasis) => out.push_str("[/em]"),
                Event::Start(Tag::Strong) => out.push_str("[strong]"),
                Event::End(pulldown_cmark::TagEnd::Strong) => out.push_str("[/strong]"),
                Event::Text(t) => out.extend(t.chars().filter(|&c| c != JOINER)),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn emphasis_next_to_cjk_punctuation_opens_and_closes() {
        for (md, plain, friendly) in [
            (
                "**《新闻联播》**开播",
                "**《新闻联播》**开播",
                "[strong]《新闻联播》[/strong]开播",
            ),
            (
                "游客**入场须预约。**请提前",
                "游客**入场须预约。**请提前",
                "游客[strong]入场须预约。[/strong]请提前",
            ),
            (
                "开放时间*（暂定）*为",
                "开放时间*（暂定）*为",
                "开放时间[em]（暂定）[/em]为",
            ),
            (
                "他说**“好”**。",
                "他说**“好”**。",
                "他说[strong]“好”[/strong]。",
            ),
        ] {
            assert_eq!(parsed(md, false), plain, "CommonMark: {md}");
            assert_eq!(parsed(md, true), friendly, "CJK-friendly: {md}");
        }
    }

    #[test]
    fn what_commonmark_reads_stays_as_it_reads() {
        for md in [
            "*a* **b** foo*bar*",
            "**foo.**bar",
            "a * b * c",
            "* item\n* item",
            "***",
            "中文**加粗**中文",
            "`**《code》**x`",
            "*(a)*b",
            "\\*不是强调\\*",
        ] {
            let commonmark: Vec<Event> = Parser::new(md).collect();
            let prepared = prepare(md);
            let friendly: Vec<Event> = Parser::new(&prepared)
                .map(|e| match e {
                    Event::Text(t) => Event::Text(t.replace(JOINER, "").into()),
                    Event::Code(t) => Event::Code(t.replace(JOINER, "").into()),
                    e => e,
                })
                .collect();
            assert_eq!(friendly, commonmark, "{md}");
        }
    }

    #[test]
    fn the_inputs_own_joiners_are_dropped_and_lines_kept() {
        assert_eq!(prepare("a\u{FDD0}b\nc"), "ab\nc");
        assert_eq!(prepare("x\n**《y》**z").matches('\n').count(), 1);
    }
}
