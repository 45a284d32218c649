//! The book model: what the parser finds and every renderer reads.
//!
//! Plain serde data: no lengths, no I/O. A [`Book`] holds [`Meta`] (from `book.toml`) and the [`Story`]s in
//! book order; a story holds its news heading block (column, kicker, headline, subheadline, dateline, byline)
//! and its body [`Block`]s. `huozi parse PATH --to json` prints exactly this structure.

use serde::{Deserialize, Serialize};

/// A whole book: metadata plus stories in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Book {
    /// Bibliographic metadata (from `book.toml`, or defaults derived from the first story).
    pub meta: Meta,
    /// Stories in book order (file order, or the order `book.toml` lists).
    pub stories: Vec<Story>,
}

/// Bibliographic metadata of a book, read from `book.toml` (kebab-case keys).
///
/// `date` is an ISO 8601 calendar date (`YYYY-MM-DD`); it is the only date any output carries, so two
/// builds of the same input give the same bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Meta {
    /// Book title, e.g. `战“疫”纪事`.
    pub title: String,
    /// Optional subtitle, shown after the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// BCP 47 language tag; `zh-CN` for every book huozi makes today.
    #[serde(default = "default_language")]
    pub language: String,
    /// Publisher name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
    /// A fixed identifier: `urn:uuid:…` or `urn:isbn:…`.
    pub identifier: String,
    /// Authors in credit order.
    #[serde(default)]
    pub authors: Vec<String>,
    /// A short description of the book.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Rights statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rights: Option<String>,
    /// Subjects (keywords).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    /// Cover image for the EPUB (PNG, JPEG or GIF): in `book.toml` a path relative to the book folder;
    /// after [`crate::parse::load_book`], that path joined to the folder. `None`: huozi draws a cover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<String>,
}

fn default_language() -> String {
    "zh-CN".to_string()
}

/// One news story with its heading block and body.
///
/// Field names are the newsroom's: `column` (栏目题, a column tag), `kicker` (引题, above the headline),
/// `headline` (主题), `subheadline` (副题, below it), `dateline` (电头, e.g. `本报讯`), `byline`
/// (e.g. `本报记者 黄晏君`, or `记者 梁可心` when it stands in brackets after the dateline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Story {
    /// Column tag (栏目题).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Kicker (引题).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kicker: Option<String>,
    /// Headline (主题); always present.
    pub headline: String,
    /// Subheadline (副题).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subheadline: Option<String>,
    /// Dateline (电头), run into the first paragraph when typeset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    /// Byline, without the paper's `□` ornament.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// Body blocks in order.
    pub blocks: Vec<Block>,
}

/// A body block of a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Block {
    /// A paragraph of running text (indented 2 em when typeset).
    Paragraph {
        /// Inline content in order.
        inlines: Vec<Inline>,
    },
    /// A section subhead (分题/插题). Usually one line; a question/answer subhead has two
    /// (`确诊单元18户居民需防护物资？` / `我去送`).
    Subhead {
        /// The subhead's lines, each typeset on its own line.
        lines: Vec<String>,
    },
}

/// Inline content of a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Emphasised text (Markdown `*…*`).
    Emphasis(Vec<Inline>),
    /// Strong text (Markdown `**…**`).
    Strong(Vec<Inline>),
}

impl Block {
    /// A paragraph holding one plain text run.
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph {
            inlines: vec![Inline::Text(text.into())],
        }
    }

    /// The block's text with inline markup dropped (subhead lines joined without separator).
    pub fn plain_text(&self) -> String {
        match self {
            Block::Paragraph { inlines } => inlines_text(inlines),
            Block::Subhead { lines } => lines.concat(),
        }
    }
}

/// Concatenated text of inline content, markup dropped.
pub fn inlines_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push_str(t),
            Inline::Emphasis(inner) | Inline::Strong(inner) => out.push_str(&inlines_text(inner)),
        }
    }
    out
}
