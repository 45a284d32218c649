//! Text → clean logical lines.
//!
//! Only punctuation, spaces, line breaks and the invisible characters listed below are ever touched; every
//! other character (every Han character in particular) comes out as it went in, in the same order. Each
//! logical line keeps the number of the source line it starts on, so later errors can name it.
//!
//! Every rule can be switched off in `book.toml` (`[normalize]`, the rule's name as key, e.g.
//! `quotes = false`); `--verbose` lists how often each one changed something.
//!
//! The rules, each with what it does and an example that a unit test runs, are one table,
//! [`NORMALIZE_RULES`] in `normalize/rules.rs`; `docs/guide.md` lists it (generated from it by a test).
//!
//! The `punctuation` rule (see [`fullwidth_punctuation`]) keeps `1,000`, `12:30`, `3.14`, URLs such as
//! `http://a.b/c?x=1` and English phrases (`Hello, world!`) as they are; `quotes` and `ellipsis` leave
//! English sentences alone the same way.
//!
//! A hard-wrapped file is recognised by its lines: of the lines (8 characters or more) directly followed
//! by another line, at least three share one width (within 4 columns, a CJK character counting 2), and
//! they are at least half of all such lines, six or more or 40 columns wide, and mostly end mid-sentence
//! (not in `。！？；`). Each line that reaches that width (less 4 columns) is joined with the next, unless
//! the next is indented (a paragraph start), a rule of `-`/`=`, a byline or a dateline paragraph.
//!
//! The rules live by family: `spaces` (line-ends, spaces), `punctuation` (full-width-alnum,
//! punctuation), `marks` (ellipsis, dash, quotes), `hard_wraps` (hard-wraps); this file runs them in order
//! ([`Normalizer`]) and applies `invisible` and `indents` itself (their character classes, like every
//! other, are [`crate::script`]'s). Whether a line is a byline or dateline paragraph, which hard-wrap
//! joining must know, is the line classifier's answer (`classify`).

mod hard_wraps;
mod marks;
#[cfg(test)]
mod oracle;
mod punctuation;
// The rules with their examples: read by people (the guide) and run by this file's tests.
#[allow(dead_code)]
mod rules;
mod spaces;

use std::borrow::Cow;
use std::path::Path;

use rayon::prelude::*;

use super::options::{NormalizeOptions, RuleId};
use super::report::Report;
use crate::script::{is_indent_space, strip_invisible};
use hard_wraps::{RawLine, join_hard_wraps};
use marks::{curly_quotes, dashes, ellipses};
use punctuation::{ascii_alnum, punctuation};
use spaces::{collapse_spaces, drop_spaces_at_wide_punctuation, unify_line_ends};

pub(crate) use hard_wraps::join_continuation;
#[cfg(test)]
pub(crate) use rules::NORMALIZE_RULES;

/// What the rules of one input file need: the switches, where to count and warn, and the file's name.
pub(crate) struct Normalizer<'a> {
    /// Which rules are on.
    pub options: &'a NormalizeOptions,
    /// Counts and warnings go here.
    pub report: &'a mut Report,
    /// The input file, named in warnings.
    pub path: &'a Path,
}

/// A logical line: its text and the 1-based number of the source line it starts on. Blank lines are kept
/// (with empty text) so that structure detection sees where they were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceLine {
    /// 1-based line number in the input file.
    pub number: usize,
    /// The normalised text (no line break).
    pub text: String,
}

/// A rule of the character rules: `None` when it would change nothing and count nothing.
type Rule = fn(&str) -> Option<(String, usize)>;

/// The rules run until nothing changes ([`Normalizer::inline`]), in their order.
const ROUND: [(RuleId, Rule); 5] = [
    (RuleId::Punctuation, punctuation),
    (RuleId::Ellipsis, ellipses),
    (RuleId::Dash, dashes),
    (RuleId::Quotes, curly_quotes),
    (RuleId::Spaces, drop_spaces_at_wide_punctuation),
];

/// Lines handed to one thread at a time: a story file of a few hundred lines stays on one.
const LINES_PER_TASK: usize = 512;

impl Normalizer<'_> {
    /// Normalises a whole decoded file into logical lines (see the module docs for the rules).
    ///
    /// The lines of a long file are cleaned and normalised on rayon's threads, in tasks of
    /// [`LINES_PER_TASK`], each counting and warning in a report of its own; the reports are absorbed in
    /// line order, so the counts and warnings are those of one pass from the first line to the last.
    pub(crate) fn lines(&mut self, text: &str) -> Vec<SourceLine> {
        let unified = if self.options.line_ends {
            let (t, n) = unify_line_ends(text);
            self.report.count(RuleId::LineEnds, n);
            t
        } else {
            Cow::Borrowed(text)
        };
        // the lines as `split('\n')` gives them, their ends found by memchr
        let bytes = unified.as_bytes();
        let mut physical: Vec<(usize, &str)> =
            Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', bytes).chain([bytes.len()]) {
            physical.push((physical.len() + 1, &unified[start..end]));
            start = end + 1;
        }
        let raw: Vec<RawLine> =
            self.in_tasks(&physical, |n, &(number, line)| n.clean_raw(line, number));
        let joined = if self.options.hard_wraps {
            let (lines, n) = join_hard_wraps(raw);
            self.report.count(RuleId::HardWraps, n);
            lines
        } else {
            raw.into_iter().map(|r| (r.number, r.text)).collect()
        };
        // the invisible characters are gone already: cleaning the physical lines removed them
        self.in_tasks(&joined, |n, (number, text)| SourceLine {
            number: *number,
            text: n.character_rules(Cow::Borrowed(text)).into_owned(),
        })
    }

    /// `f` of every item, in order, worked in tasks of [`LINES_PER_TASK`] items, each with a report of
    /// its own absorbed into this one in order.
    fn in_tasks<T: Sync, U: Send>(
        &mut self,
        items: &[T],
        f: impl Fn(&mut Normalizer<'_>, &T) -> U + Sync,
    ) -> Vec<U> {
        let (options, path) = (self.options, self.path);
        let tasks: Vec<(Vec<U>, Report)> = items
            .par_chunks(LINES_PER_TASK)
            .map(|chunk| {
                let mut report = Report::default();
                let mut n = Normalizer {
                    options,
                    report: &mut report,
                    path,
                };
                let out = chunk.iter().map(|item| f(&mut n, item)).collect();
                (out, report)
            })
            .collect();
        let mut all = Vec::with_capacity(items.len());
        for (out, report) in tasks {
            all.extend(out);
            self.report.absorb(report);
        }
        all
    }

    /// `text` without invisible characters, each counted and warned about at line `number`.
    fn strip_invisible<'t>(&mut self, text: &'t str, number: usize) -> Cow<'t, str> {
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
    fn clean_raw<'t>(&mut self, line: &'t str, number: usize) -> RawLine<'t> {
        let mut text = if self.options.invisible {
            self.strip_invisible(line, number)
        } else {
            Cow::Borrowed(line)
        };
        let trimmed = text.trim_start_matches(is_indent_space).len();
        let indented = trimmed < text.len() && trimmed > 0;
        if self.options.indents && indented {
            self.report.count(RuleId::Indents, 1);
            let cut = text.len() - trimmed;
            text = match text {
                Cow::Borrowed(t) => Cow::Borrowed(&t[cut..]),
                Cow::Owned(t) => Cow::Owned(t[cut..].to_string()),
            };
        }
        if self.options.spaces {
            let t = text
                .trim_end_matches(|c: char| c.is_whitespace() || is_indent_space(c))
                .len();
            if t < text.len() {
                self.report.count(RuleId::Spaces, 1);
                text = match text {
                    Cow::Borrowed(s) => Cow::Borrowed(&s[..t]),
                    Cow::Owned(mut s) => {
                        s.truncate(t);
                        Cow::Owned(s)
                    }
                };
            }
            if text.chars().all(is_indent_space) {
                text = Cow::Borrowed("");
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
    pub(crate) fn inline(&mut self, text: &str, number: usize) -> String {
        self.apply(Cow::Borrowed(text), number).into_owned()
    }

    /// [`Normalizer::inline`] of `s`: a rule that would change nothing ([`Rule`]) copies nothing, so a line
    /// no rule touches comes back as it went in.
    fn apply<'t>(&mut self, s: Cow<'t, str>, number: usize) -> Cow<'t, str> {
        let s = match s {
            Cow::Borrowed(t) if self.options.invisible => self.strip_invisible(t, number),
            Cow::Owned(t) if self.options.invisible => {
                let stripped = match self.strip_invisible(&t, number) {
                    Cow::Owned(stripped) => Some(stripped),
                    Cow::Borrowed(_) => None,
                };
                Cow::Owned(stripped.unwrap_or(t))
            }
            s => s,
        };
        self.character_rules(s)
    }

    /// The character rules after `invisible` (see [`Normalizer::apply`]).
    fn character_rules<'t>(&mut self, mut s: Cow<'t, str>) -> Cow<'t, str> {
        let mut apply = |rule: RuleId, s: &mut Cow<'t, str>, f: Rule| -> Option<Cow<'t, str>> {
            if !self.options.is_on(rule) {
                return None;
            }
            let (t, n) = f(s)?;
            self.report.count(rule, n);
            Some(std::mem::replace(s, Cow::Owned(t)))
        };
        apply(RuleId::Spaces, &mut s, collapse_spaces);
        apply(RuleId::FullWidthAlnum, &mut s, ascii_alnum);
        // One rule's change can give another its CJK context (`(记者)...` → `（记者）...` → `……`): run
        // them until nothing changes, so that normalised text is a fixed point.
        // The rules after the last that changed the text in a round were given the text that round ended
        // with and changed nothing: in the next, they change nothing again unless a rule before them does
        // (every rule is a function of the text alone), so the round stops there when none did.
        let mut last_change = ROUND.len();
        for _ in 0..8 {
            // the text as this round found it, kept once a rule gives a new one
            let mut before = None;
            for (k, (rule, f)) in ROUND.into_iter().enumerate() {
                if k > last_change && before.is_none() {
                    break;
                }
                if let Some(old) = apply(rule, &mut s, f) {
                    before.get_or_insert(old);
                    last_change = k;
                }
            }
            if before.is_none_or(|b| b == s) {
                break;
            }
        }
        s
    }
}

/// Normalises a whole file with every rule on, without a report; lines are joined with `\n`.
#[cfg(test)]
pub(crate) fn normalize(text: &str) -> String {
    let mut report = Report::default();
    let options = NormalizeOptions::default();
    let mut n = Normalizer {
        options: &options,
        report: &mut report,
        path: Path::new(""),
    };
    let lines: Vec<String> = n.lines(text).into_iter().map(|l| l.text).collect();
    lines.join("\n")
}

/// The character rules ([`Normalizer::inline`]) with every rule on, without a report.
#[cfg(test)]
pub(crate) fn normalize_line(line: &str) -> String {
    let mut report = Report::default();
    let options = NormalizeOptions::default();
    let mut n = Normalizer {
        options: &options,
        report: &mut report,
        path: Path::new(""),
    };
    let s = n.inline(line, 0);
    s.trim_start_matches(is_indent_space)
        .trim_end_matches(char::is_whitespace)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> String {
        normalize_line(s)
    }

    #[test]
    fn every_normalize_rule_example_holds() {
        let ids: Vec<RuleId> = NORMALIZE_RULES.iter().map(|r| r.id).collect();
        assert_eq!(
            ids,
            RuleId::ALL,
            "one entry per rule, in the order they apply"
        );
        // `broken-paragraphs` runs with the structure; the structure rule `broken-paragraph` checks it.
        for rule in NORMALIZE_RULES
            .iter()
            .filter(|r| r.id != RuleId::BrokenParagraphs)
        {
            assert_eq!(
                normalize(rule.before),
                rule.after,
                "rule {}",
                rule.id.name()
            );
        }
    }

    #[test]
    fn chinese_context_becomes_full_width() {
        assert_eq!(w("你好,世界"), "你好，世界");
        assert_eq!(
            w("本报讯(记者 梁可心)在外卖"),
            "本报讯（记者 梁可心）在外卖"
        );
        assert_eq!(w("需防护物资?"), "需防护物资？");
        assert_eq!(w("指令:“理想0451小区"), "指令：“理想0451小区");
        assert_eq!(w("说“我上”;9个管控单元"), "说“我上”；9个管控单元");
        assert_eq!(w("为100,共计"), "为100，共计");
        assert_eq!(w("加油!!"), "加油！！");
        assert_eq!(w("怎么办?!"), "怎么办？！");
        assert_eq!(w("使用Rust,效果很好"), "使用Rust，效果很好");
        assert_eq!(w("用Rust(一种语言)编写"), "用Rust（一种语言）编写");
        assert_eq!(w("你好, 世界"), "你好，世界");
    }

    #[test]
    fn rules_reach_a_fixed_point() {
        assert_eq!(w(",,,,,标题"), "，，，，，标题");
        assert_eq!(w("标题(记者 赵六)..."), "标题（记者 赵六）……");
    }

    #[test]
    fn latin_context_stays() {
        assert_eq!(w("1,000"), "1,000");
        assert_eq!(w("共1,000人"), "共1,000人");
        assert_eq!(w("3.14"), "3.14");
        assert_eq!(w("下午3:30开会"), "下午3:30开会");
        assert_eq!(w("http://a.b/c?x=1"), "http://a.b/c?x=1");
        assert_eq!(w("见http://a.b/c?x=1,然后"), "见http://a.b/c?x=1，然后");
        assert_eq!(w("Hello, world!"), "Hello, world!");
        assert_eq!(w("他说Hello, world!然后走了"), "他说Hello, world!然后走了");
        assert_eq!(
            w("支持PDF(Portable Document Format)格式"),
            "支持PDF(Portable Document Format)格式"
        );
    }

    #[test]
    fn digits_and_han_untouched() {
        assert_eq!(w("理想0451小区"), "理想0451小区");
        assert_eq!(w("12月1日至3日"), "12月1日至3日");
        assert_eq!(
            w("全方位融入 社区“疫”线添暖流"),
            "全方位融入 社区“疫”线添暖流"
        );
    }

    #[test]
    fn spaces_and_controls() {
        assert_eq!(w("　　本报讯"), "本报讯");
        assert_eq!(w("  indent"), "indent");
        assert_eq!(w("我去送 \t"), "我去送");
        assert_eq!(w(" "), "");
        assert_eq!(w("甲\u{7}乙\u{200B}丙"), "甲乙丙");
        assert_eq!(w("全方位融入   社区"), "全方位融入 社区");
        assert_eq!(w("你好， 世界"), "你好，世界");
    }

    #[test]
    fn line_ends_and_count() {
        assert_eq!(normalize("甲\r\n乙\r丙\n"), "甲\n乙\n丙\n");
        let text = "\n\n标题\r\n\r\n \r\n正文。";
        assert_eq!(
            normalize(text).lines().count(),
            text.replace("\r\n", "\n").lines().count()
        );
    }

    #[test]
    fn han_characters_survive() {
        let s =
            "本报讯(记者 梁可心)在外卖存放点设置泡沫保温箱,确保居民购买的食品和蔬菜不被冻坏;协调";
        let han = |t: &str| {
            t.chars()
                .filter(|&c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
                .collect::<String>()
        };
        assert_eq!(han(&w(s)), han(s));
    }
}
