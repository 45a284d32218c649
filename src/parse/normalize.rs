//! Text → clean logical lines.
//!
//! Only punctuation, spaces, line breaks and the invisible characters listed below are ever touched; every
//! other character (every Han character in particular) comes out as it went in, in the same order. Each
//! logical line keeps the number of the source line it starts on, so later errors can name it.
//!
//! Every rule can be switched off in `book.toml` (`[normalize]`, the rule's name as key, e.g.
//! `quotes = false`); `--verbose` lists how often each one changed something.
//!
//! | rule | what it does | before | after |
//! |---|---|---|---|
//! | `line-ends` | CRLF, CR, VT, FF, NEL, U+2028/9 → LF | `甲\r\n乙\r丙` | `甲\n乙\n丙` |
//! | `invisible` | zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and C0/C1 controls other than tab and newline removed, each with a warning naming file:line | `甲\u{7}乙\u{200B}丙` | `甲乙丙` |
//! | `indents` | paragraph indent (spaces, U+3000, NBSP at line start) dropped | `　　本报讯` | `本报讯` |
//! | `spaces` | tab → space; trailing spaces dropped; runs of spaces → one; spaces next to full-width punctuation dropped | `你好， 世界 ` | `你好，世界` |
//! | `full-width-alnum` | full-width digits and Latin letters → ASCII | `ＧＤＰ增长５％` | `GDP增长5％` |
//! | `punctuation` | ASCII `, : ; ? ! ( )` in CJK context → full width | `你好,世界` | `你好，世界` |
//! | `ellipsis` | `...` (three or more dots), `。。。` or a lone `…` next to CJK → `……` | `等等...` | `等等……` |
//! | `dash` | `--` next to Han → `——` | `他说--好` | `他说——好` |
//! | `quotes` | straight `"` `'` in CJK context → “ ” / ‘ ’, paired in order along the line | `说"好"` | `说“好”` |
//! | `hard-wraps` | lines hard-wrapped at a fixed width joined: nothing between CJK, one space between Latin words | `一段很长的文字被\n折行了。` | `一段很长的文字被折行了。` |
//! | `broken-paragraphs` | a paragraph cut by a stray blank line rejoined (applied with the structure; see `news`) | `不顾自\n\n身安危。` | `不顾自身安危。` |
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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::script::{is_cjk, is_cjk_letter, is_wide, is_wide_punctuation};

/// The switchable normalisation rules (see the module docs for what each does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    /// `line-ends`
    LineEnds,
    /// `invisible`
    Invisible,
    /// `indents`
    Indents,
    /// `spaces`
    Spaces,
    /// `full-width-alnum`
    FullWidthAlnum,
    /// `punctuation`
    Punctuation,
    /// `ellipsis`
    Ellipsis,
    /// `dash`
    Dash,
    /// `quotes`
    Quotes,
    /// `hard-wraps`
    HardWraps,
    /// `broken-paragraphs`
    BrokenParagraphs,
}

impl RuleId {
    /// Every rule, in the order it applies.
    pub const ALL: [RuleId; 11] = [
        RuleId::LineEnds,
        RuleId::Invisible,
        RuleId::Indents,
        RuleId::Spaces,
        RuleId::FullWidthAlnum,
        RuleId::Punctuation,
        RuleId::Ellipsis,
        RuleId::Dash,
        RuleId::Quotes,
        RuleId::HardWraps,
        RuleId::BrokenParagraphs,
    ];

    /// The rule's name: its key in `book.toml`'s `[normalize]` table.
    pub fn name(self) -> &'static str {
        match self {
            RuleId::LineEnds => "line-ends",
            RuleId::Invisible => "invisible",
            RuleId::Indents => "indents",
            RuleId::Spaces => "spaces",
            RuleId::FullWidthAlnum => "full-width-alnum",
            RuleId::Punctuation => "punctuation",
            RuleId::Ellipsis => "ellipsis",
            RuleId::Dash => "dash",
            RuleId::Quotes => "quotes",
            RuleId::HardWraps => "hard-wraps",
            RuleId::BrokenParagraphs => "broken-paragraphs",
        }
    }
}

/// Which normalisation rules are on: `book.toml`'s `[normalize]` table (kebab-case keys, every rule on by
/// default; an unknown key is an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct NormalizeOptions {
    /// Rule `line-ends`.
    pub line_ends: bool,
    /// Rule `invisible`.
    pub invisible: bool,
    /// Rule `indents`.
    pub indents: bool,
    /// Rule `spaces`.
    pub spaces: bool,
    /// Rule `full-width-alnum`.
    pub full_width_alnum: bool,
    /// Rule `punctuation`.
    pub punctuation: bool,
    /// Rule `ellipsis`.
    pub ellipsis: bool,
    /// Rule `dash`.
    pub dash: bool,
    /// Rule `quotes`.
    pub quotes: bool,
    /// Rule `hard-wraps`.
    pub hard_wraps: bool,
    /// Rule `broken-paragraphs`.
    pub broken_paragraphs: bool,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions {
            line_ends: true,
            invisible: true,
            indents: true,
            spaces: true,
            full_width_alnum: true,
            punctuation: true,
            ellipsis: true,
            dash: true,
            quotes: true,
            hard_wraps: true,
            broken_paragraphs: true,
        }
    }
}

impl NormalizeOptions {
    /// Whether `rule` is on.
    pub fn is_on(&self, rule: RuleId) -> bool {
        match rule {
            RuleId::LineEnds => self.line_ends,
            RuleId::Invisible => self.invisible,
            RuleId::Indents => self.indents,
            RuleId::Spaces => self.spaces,
            RuleId::FullWidthAlnum => self.full_width_alnum,
            RuleId::Punctuation => self.punctuation,
            RuleId::Ellipsis => self.ellipsis,
            RuleId::Dash => self.dash,
            RuleId::Quotes => self.quotes,
            RuleId::HardWraps => self.hard_wraps,
            RuleId::BrokenParagraphs => self.broken_paragraphs,
        }
    }
}

/// Something the reader should know about the input: file, 1-based line, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The input file.
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// What happened.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// What reading the input did: how often each rule changed something, and the warnings, in input order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Number of changes per rule (a rule that changed nothing is absent).
    pub counts: BTreeMap<RuleId, usize>,
    /// Warnings in input order.
    pub warnings: Vec<Warning>,
}

impl Report {
    /// Adds `n` changes to `rule`'s count.
    pub fn count(&mut self, rule: RuleId, n: usize) {
        if n > 0 {
            *self.counts.entry(rule).or_default() += n;
        }
    }

    /// Records a warning.
    pub fn warn(&mut self, path: &Path, line: usize, message: String) {
        self.warnings.push(Warning {
            path: path.to_path_buf(),
            line,
            message,
        });
    }

    /// The `--verbose` listing: every rule with on/off and its count, then the warnings.
    pub fn verbose_listing(&self, options: &NormalizeOptions) -> String {
        let mut out = String::from("normalisation rules (book.toml [normalize]):\n");
        for rule in RuleId::ALL {
            let state = if options.is_on(rule) { "on " } else { "off" };
            let n = self.counts.get(&rule).copied().unwrap_or(0);
            out.push_str(&format!("  {:<18} {state} {n:>6} changes\n", rule.name()));
        }
        out.push_str(&format!("warnings: {}\n", self.warnings.len()));
        for w in &self.warnings {
            out.push_str(&format!("  {w}\n"));
        }
        out
    }
}

/// What the rules of one input file need: the switches, where to count and warn, and the file's name.
pub struct Normalizer<'a> {
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
pub struct SourceLine {
    /// 1-based line number in the input file.
    pub number: usize,
    /// The normalised text (no line break).
    pub text: String,
}

/// A physical line after the per-line cleaning, before joining.
struct RawLine {
    number: usize,
    text: String,
    indented: bool,
}

impl Normalizer<'_> {
    /// Normalises a whole decoded file into logical lines (see the module docs for the rules).
    pub fn lines(&mut self, text: &str) -> Vec<SourceLine> {
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
            .map(|(number, text)| SourceLine {
                number,
                text: self.inline(&text, number),
            })
            .collect()
    }

    /// Removes invisible characters (with warnings) and the indent; notes whether there was one.
    fn clean_raw(&mut self, line: &str, number: usize) -> RawLine {
        let mut text = String::with_capacity(line.len());
        for c in line.chars() {
            if self.options.invisible && is_invisible(c) {
                self.report.count(RuleId::Invisible, 1);
                self.report.warn(
                    self.path,
                    number,
                    format!("removed invisible character U+{:04X}", c as u32),
                );
            } else {
                text.push(c);
            }
        }
        let trimmed = text.trim_start_matches(is_indent);
        let indented = trimmed.len() < text.len() && !trimmed.is_empty();
        if self.options.indents && indented {
            self.report.count(RuleId::Indents, 1);
            text = trimmed.to_string();
        }
        if self.options.spaces {
            let t = text.trim_end_matches(|c: char| c.is_whitespace() || is_indent(c));
            if t.len() < text.len() {
                self.report.count(RuleId::Spaces, 1);
                text.truncate(t.len());
            }
            if text.chars().all(is_indent) {
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
    pub fn inline(&mut self, text: &str, number: usize) -> String {
        let mut s: String = if self.options.invisible {
            let mut out = String::with_capacity(text.len());
            for c in text.chars() {
                if is_invisible(c) && c != '\n' {
                    self.report.count(RuleId::Invisible, 1);
                    self.report.warn(
                        self.path,
                        number,
                        format!("removed invisible character U+{:04X}", c as u32),
                    );
                } else {
                    out.push(c);
                }
            }
            out
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
            apply(RuleId::Punctuation, &mut s, |t| {
                let out = fullwidth_punctuation(t);
                let n = count_changed(t, &out, |c| wide_form(c).is_some());
                (out, n)
            });
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

/// Normalises a whole file with every rule on, without a report; lines are joined with `\n`.
pub fn normalize(text: &str) -> String {
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
pub fn normalize_line(line: &str) -> String {
    let mut report = Report::default();
    let options = NormalizeOptions::default();
    let mut n = Normalizer {
        options: &options,
        report: &mut report,
        path: Path::new(""),
    };
    let s = n.inline(line, 0);
    s.trim_start_matches(is_indent)
        .trim_end_matches(char::is_whitespace)
        .to_string()
}

/// How many characters of `before` matching `pred` are gone from `after` (a count of conversions).
fn count_changed(before: &str, after: &str, pred: impl Fn(char) -> bool) -> usize {
    let a = before.chars().filter(|&c| pred(c)).count();
    let b = after.chars().filter(|&c| pred(c)).count();
    a.saturating_sub(b)
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

/// Zero-width characters and C0/C1 controls (but tab and newline), which carry nothing on a page.
pub fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Characters that make up a paragraph indent.
fn is_indent(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{205F}'
    )
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

/// The nearest character before `i` that is not a space or a neutral mark (quotes, dashes, ellipses).
fn context_before(chars: &[char], i: usize) -> Option<char> {
    chars[..i]
        .iter()
        .rev()
        .copied()
        .find(|&c| c != ' ' && !is_neutral(c))
}

/// The nearest character from `i` on that is not a space or a neutral mark.
fn context_after(chars: &[char], i: usize) -> Option<char> {
    chars
        .get(i..)
        .unwrap_or(&[])
        .iter()
        .copied()
        .find(|&c| c != ' ' && !is_neutral(c))
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
            let cjk = context_before(&chars, i).is_some_and(is_cjk_text)
                || context_after(&chars, i + run).is_some_and(is_cjk_text);
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

/// CJK letters and full-width punctuation: what makes a neighbour "CJK text".
fn is_cjk_text(c: char) -> bool {
    is_cjk(c)
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
        before.is_some_and(is_cjk_letter_or_mark) || after.is_some_and(is_cjk_letter_or_mark)
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
        let opens = next.is_some_and(|c| c != ' ')
            && prev.is_none_or(|c| c == ' ' || is_cjk_letter_or_mark(c));
        if cjk_near(chars, i) {
            chars[i] = if opens { open } else { close };
            n += 1;
        }
    }
    n
}

/// CJK letters and CJK punctuation other than the curly quotes themselves.
fn is_cjk_letter_or_mark(c: char) -> bool {
    is_cjk(c) && !matches!(c, '“' | '”' | '‘' | '’')
}

/// Joins hard-wrapped lines (see the module docs); returns the logical lines (number, text) and the count
/// of joins.
fn join_hard_wraps(raw: Vec<RawLine>) -> (Vec<(usize, String)>, usize) {
    let width = |t: &str| -> usize { t.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum() };
    let is_rule = |t: &str| {
        t.chars().count() >= 3
            && t.chars()
                .all(|c| matches!(c, '-' | '=' | '_' | '—' | '*' | '~'))
    };
    // (is a byline, is a byline or opens with a dateline)
    let anchor: Vec<(bool, bool)> = raw
        .iter()
        .map(|l| super::news::anchor_kind(l.text.trim()))
        .collect();
    let followed = |i: usize| -> bool {
        !raw[i].text.is_empty()
            && !anchor[i].0
            && !is_rule(&raw[i].text)
            && raw
                .get(i + 1)
                .is_some_and(|m| !m.text.is_empty() && !m.indented && !is_rule(&m.text))
            && !anchor[i + 1].1
            && raw[i].text.chars().count() >= 8
    };
    let candidates: Vec<(usize, bool)> = (0..raw.len())
        .filter(|&i| followed(i))
        .map(|i| {
            let ends_clause = raw[i]
                .text
                .trim_end()
                .ends_with(['。', '！', '？', '；', '.', '!', '?', ';']);
            (width(&raw[i].text), ends_clause)
        })
        .collect();
    let in_cluster = |c: usize, w: usize| c + 4 >= w && c <= w + 2;
    let wrap_width = if candidates.len() >= 3 {
        let mut best = (0usize, 0usize); // (count, width)
        for &(w, _) in &candidates {
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
    } else {
        None
    };
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
            Some(w) => followed(i) && width(&line.text) + 4 >= w,
            None => false,
        };
    }
    (out, joins)
}

/// Appends the continuation of a broken or hard-wrapped line: nothing between, except one space between
/// two pieces of Latin text (`word` + `word`, `end,` + `next`).
pub fn join_continuation(text: &mut String, next: &str) {
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

/// Quotes, dashes and ellipses used by both scripts: looked through when deciding a mark's context.
fn is_neutral(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '"' | '\'' | '…' | '—' | '–' | '·'
    )
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
pub fn fullwidth_punctuation(line: &str) -> String {
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
        .find(|&c| c != ' ' && !is_neutral(c));
    if left_ctx.is_some_and(is_cjk) {
        return true;
    }
    let right_ctx = chars[i + 1..]
        .iter()
        .copied()
        .find(|&c| c != ' ' && !is_neutral(c) && wide_form(c).is_none());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> String {
        normalize_line(s)
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
