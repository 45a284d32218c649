//! Which normalisation rules are on: the rule names ([`RuleId`]) and `book.toml`'s `[normalize]` switches
//! ([`NormalizeOptions`]). What each rule does is listed in the `normalize` module docs.

use serde::{Deserialize, Serialize};

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
