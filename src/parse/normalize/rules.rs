//! The normalisation rules, each with an example: what `docs/guide.md` lists (a unit test in
//! `parse::guide` writes that table from this one) and what a unit test in `normalize` runs. Only the table
//! lives here.

use super::super::options::RuleId;

/// One normalisation rule: its switch, what it does, and an example that a unit test checks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NormalizeRule {
    /// The rule (its name is its key in `book.toml`'s `[normalize]`).
    pub id: RuleId,
    /// What it does, in general terms.
    pub does: &'static str,
    /// Example input (a whole file's text).
    pub before: &'static str,
    /// The example's normalised lines, joined with `\n` (for `broken-paragraphs`, the paragraph the
    /// structure makes: that rule runs with the structure, see the structure rule `broken-paragraph`).
    pub after: &'static str,
}

/// The normalisation rules, in the order they apply ([`RuleId::ALL`]).
pub(crate) const NORMALIZE_RULES: &[NormalizeRule] = &[
    NormalizeRule {
        id: RuleId::LineEnds,
        does: "CRLF, CR, VT, FF, NEL, U+2028/9 → LF",
        before: "甲\r\n乙\r丙",
        after: "甲\n乙\n丙",
    },
    NormalizeRule {
        id: RuleId::Invisible,
        does: "zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and C0/C1 controls other than tab \
               and newline removed, each with a warning naming file:line",
        before: "甲\u{7}乙\u{200B}丙",
        after: "甲乙丙",
    },
    NormalizeRule {
        id: RuleId::Indents,
        does: "paragraph indent (spaces, U+3000, NBSP at line start) dropped",
        before: "　　本报讯",
        after: "本报讯",
    },
    NormalizeRule {
        id: RuleId::Spaces,
        does: "tab → space; trailing spaces dropped; runs of spaces → one; spaces next to full-width \
               punctuation dropped",
        before: "你好， 世界 ",
        after: "你好，世界",
    },
    NormalizeRule {
        id: RuleId::FullWidthAlnum,
        does: "full-width digits and Latin letters → ASCII",
        before: "ＧＤＰ增长５％",
        after: "GDP增长5％",
    },
    NormalizeRule {
        id: RuleId::Punctuation,
        does: "ASCII `, : ; ? ! ( )` in CJK context → full width, and `.` right after a CJK letter or a \
               unit sign (`增长40%.`), ending a sentence → `。` (`1,000`, `12:30`, `3.14`, `Mr. 王`, URLs \
               and English phrases stay as they are)",
        before: "你好,世界.再见",
        after: "你好，世界。再见",
    },
    NormalizeRule {
        id: RuleId::Ellipsis,
        does: "`...` (three or more dots), `。。。` or a lone `…` next to CJK → `……`",
        before: "等等...",
        after: "等等……",
    },
    NormalizeRule {
        id: RuleId::Dash,
        does: "`--` next to Han → `——`",
        before: "他说--好",
        after: "他说——好",
    },
    NormalizeRule {
        id: RuleId::Quotes,
        does: "straight `\"` `'` in CJK context → “ ” / ‘ ’, paired in order along the line",
        before: "说\"好\"",
        after: "说“好”",
    },
    NormalizeRule {
        id: RuleId::HardWraps,
        does: "lines hard-wrapped at a fixed width joined: nothing between CJK, one space between Latin \
               words (a file is taken as hard-wrapped when at least three lines, and half of all, share \
               one width and mostly end mid-sentence)",
        before: "这是一段很长的文字，它在排版的时候被硬生生地\n\
                 折成了好几行，每一行的宽度几乎完全相同，读起\n\
                 来很不方便，所以要把它们重新接起来，让这段落\n\
                 恢复原样。",
        after: "这是一段很长的文字，它在排版的时候被硬生生地折成了好几行，每一行的宽度几乎完全相同，读起\
                来很不方便，所以要把它们重新接起来，让这段落恢复原样。",
    },
    NormalizeRule {
        id: RuleId::BrokenParagraphs,
        does: "a paragraph cut by a stray blank line rejoined (applied with the structure: see the \
               structure rule `broken-paragraph`)",
        before: "不顾自\n\n身安危。",
        after: "不顾自身安危。",
    },
];
