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
    /// Cover image for the EPUB (PNG or JPEG): in `book.toml` (or a Markdown `[book]` table) a path relative
    /// to that file's folder; after [`crate::parse::load_book`], that path joined to the folder. `None`:
    /// huozi draws a cover.
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
    /// A book-style division heading inside a story: `第一章 雪落松花江`, `第十二回 …`, `第三节 …`.
    Chapter {
        /// 1 for `卷 部 篇 章 回`, 2 for `节` (a section inside a chapter).
        level: u8,
        /// The heading as printed, number included.
        title: String,
    },
    /// An editor's note (编者按), text as printed, label included: `编者按：……`.
    EditorsNote {
        /// Inline content in order.
        inlines: Vec<Inline>,
    },
    /// A photo caption as printed, brackets included: `（图为队员们在社区值守。）`.
    Caption {
        /// The caption text.
        text: String,
    },
    /// A block quotation (Markdown `>`): one or more paragraphs.
    Quote {
        /// Each paragraph's inline content.
        paragraphs: Vec<Vec<Inline>>,
    },
    /// A list (Markdown `-` or `1.`); markers are the renderer's, not part of the text.
    List {
        /// Numbered (`1.`) rather than bulleted.
        ordered: bool,
        /// Number of the first item of a numbered list (1 unless the source says otherwise).
        #[serde(default = "one", skip_serializing_if = "is_one")]
        start: u64,
        /// Each item's inline content.
        items: Vec<Vec<Inline>>,
    },
    /// An image (Markdown `![alt](src)`), PNG or JPEG.
    Image {
        /// The image file: the path the source gave, joined to the folder of the story file (relative when
        /// the input path was relative), `/`-separated.
        src: String,
        /// Alternative text (may be empty).
        alt: String,
    },
    /// The story's end mark as printed: `（完）`.
    Ending {
        /// The mark.
        text: String,
    },
    /// The editor credit as printed: `责任编辑：张三`.
    Editor {
        /// The credit line.
        text: String,
    },
}

fn one() -> u64 {
    1
}

fn is_one(n: &u64) -> bool {
    *n == 1
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

    /// The block's text with inline markup dropped (subhead lines, quote paragraphs and list items joined
    /// without separator; an image gives its alt text).
    pub fn plain_text(&self) -> String {
        match self {
            Block::Paragraph { inlines } | Block::EditorsNote { inlines } => inlines_text(inlines),
            Block::Subhead { lines } => lines.concat(),
            Block::Chapter { title, .. } => title.clone(),
            Block::Caption { text } | Block::Ending { text } | Block::Editor { text } => {
                text.clone()
            }
            Block::Quote { paragraphs: parts } | Block::List { items: parts, .. } => {
                parts.iter().map(|p| inlines_text(p)).collect()
            }
            Block::Image { alt, .. } => alt.clone(),
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
