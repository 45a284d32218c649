//! Markdown stories (`.md`). The model written back as Markdown (`huozi parse --to md`) is
//! [`crate::render::markdown`], re-exported here as [`to_markdown`].
//!
//! A Markdown file holds one story or several. Each story opens with a `#` headline; a TOML front matter
//! block between two `+++` lines (or YAML between two `---` lines, see `front`), right before the
//! headline, gives the story's other heading fields and, once per file, the book's metadata (a byline's
//! `□` is dropped; a first paragraph that repeats the dateline or byline loses the repeat, with a warning):
//!
//! ```markdown
//! +++
//! column = "“疫”线媒体人"
//! kicker = "为确诊单元送防护物资……"
//! subheadline = "——记老党员宋业宏"
//! dateline = "本报讯"
//! byline = "本报记者 黄晏君"
//!
//! [book]                      # the keys of book.toml's metadata: title, date, identifier, authors, …
//! title = "冰城战“疫”纪事"
//! date = "2022-12-05"
//! identifier = "urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf"
//! +++
//!
//! # 哈报人“老宋”与病毒“贴身”战斗
//!
//! 管控小区一个单元出现3例确诊病例……
//!
//! ## 确诊单元18户居民需防护物资？
//! ## 我去送
//! ```
//!
//! | Markdown | model |
//! |---|---|
//! | `# text` | a new story's headline |
//! | `## text` (also `###` …); consecutive ones | one [`Block::Subhead`](crate::model::Block::Subhead), a line each; a line that could not continue a subhead in plain text (over 30 characters, ending in punctuation, or opening with a section number `一、`) opens a subhead of its own |
//! | `## 第一章 …`, or any `## text {.chapter}` / `{.section}` | [`Block::Chapter`](crate::model::Block::Chapter) (level 1 / 2) |
//! | paragraph | [`Block::Paragraph`](crate::model::Block::Paragraph); `*em*` / `<em>`, `**strong**` / `<strong>` kept; a soft break joins like a hard wrap |
//! | paragraph `编者按：…`, `（图为…）`, `（完）`, `责任编辑：…` | the same blocks as in plain text (the line classifier's rules) |
//! | `> …` | [`Block::Quote`](crate::model::Block::Quote) (its paragraphs) |
//! | `- …`, `1. …` | [`Block::List`](crate::model::Block::List) (a nested list's items join the outer list, with a warning) |
//! | `![alt](file.png)` in a paragraph of its own or not | [`Block::Image`](crate::model::Block::Image) (PNG or JPEG, relative to the `.md` file) |
//! | `*em*` / `**strong**` next to CJK punctuation (`**《新闻联播》**开播`) | emphasis and strong, by the CJK-friendly flanking rules (`cjk`) when they are on: by default for a book in Chinese, Japanese or Korean (`book.toml`: `[markdown] cjk-friendly-emphasis = false` turns them off) |
//! | two trailing spaces, a trailing `\`, `<br>` | [`Inline::Break`](crate::model::Inline::Break): a line break inside the paragraph (a poem, a list of names); in a `##` heading, a new subhead line |
//! | `<ruby>单<rt>shàn</rt></ruby>` (`<rp>` dropped) | [`Inline::Ruby`](crate::model::Inline::Ruby) |
//! | GFM table | [`Block::Table`](crate::model::Block::Table) (column alignment is not kept, with a warning) |
//! | `[^1]` and `[^1]: note` | [`Inline::NoteRef`](crate::model::Inline::NoteRef) and, at the story's end, [`Block::Notes`](crate::model::Block::Notes), numbered in order of first reference |
//! | code blocks, HTML blocks, other inline HTML, `---` | a paragraph of their text / dropped, with a warning naming the line |
//!
//! The character rules of normalisation (spaces, full-width letters, punctuation, ellipsis, dash, quotes,
//! invisible characters) apply to each run of text; the line rules (hard wraps, stray blank lines) do not:
//! Markdown says where paragraphs are. Links keep their text only.
//!
//! `front` finds the front matter blocks; this file gives each to its story; `reader` walks pulldown-cmark's
//! events into stories, `inline` collects emphasis and strong, `image` checks image files.

mod cjk;
mod front;
mod image;
mod inline;
mod notes;
mod reader;
mod table;

use std::path::Path;

use serde::Deserialize;

use super::normalize::Normalizer;
use super::options::NormalizeOptions;
use super::report::Report;
use crate::error::{Error, Result};
use crate::model::{Meta, Story};
use front::{FrontBlock, clean_byline, dedupe_lead, split_front_matter};
use reader::Reader;

/// What one Markdown file holds: its stories, and the `[book]` metadata with the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MarkdownFile {
    /// Stories in order.
    pub stories: Vec<Story>,
    /// The 1-based line of each story's `#` headline, in the same order.
    pub headline_lines: Vec<usize>,
    /// `[book]` metadata from a front matter block, and that block's first line.
    pub meta: Option<(Meta, usize)>,
}

/// How to read Markdown beyond the character rules: `book.toml`'s `[markdown]` table (kebab-case keys;
/// an unknown key is an error).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct MarkdownOptions {
    /// `cjk-friendly-emphasis`: read `*`/`**` next to CJK punctuation by the CJK-friendly flanking rules
    /// (see `cjk`). Unset: on when the book's language (`book.toml`, else the file's `[book]`, else
    /// `zh-CN`) is Chinese, Japanese or Korean.
    #[serde(default)]
    pub cjk_friendly_emphasis: Option<bool>,
}

impl MarkdownOptions {
    /// Whether the CJK-friendly rules are on for a book in `language` (a BCP 47 tag).
    fn cjk_friendly(&self, language: &str) -> bool {
        self.cjk_friendly_emphasis.unwrap_or_else(|| {
            let primary = language.split(['-', '_']).next().unwrap_or("");
            ["zh", "ja", "ko"].contains(&primary.to_ascii_lowercase().as_str())
        })
    }
}

/// Reads a Markdown story file (already decoded; `path` names it in errors and resolves images).
/// `language` is the book's language from `book.toml`, if it has one (for the CJK-friendly rules).
///
/// Errors: [`Error::Input`] naming `path` and the line for an unclosed or bad front matter block, front
/// matter not followed by a `#` headline, text before the first headline, no headline at all, a nested
/// image, a missing, unreadable or non-PNG/JPEG image, or `[book]` given twice.
pub(crate) fn parse(
    text: &str,
    path: &Path,
    options: &NormalizeOptions,
    markdown: &MarkdownOptions,
    language: Option<&str>,
    report: &mut Report,
) -> Result<MarkdownFile> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return Err(Error::Input {
            path: path.to_path_buf(),
            line: None,
            message: "no text: the file is empty or holds only blank lines".into(),
        });
    }
    let (body, fronts) = split_front_matter(&text, path)?;
    let language = language
        .or_else(|| {
            fronts
                .iter()
                .find_map(|f| Some(f.front.book.as_ref()?.language.as_str()))
        })
        .unwrap_or("zh-CN");
    let body = if markdown.cjk_friendly(language) {
        cjk::prepare(&body)
    } else {
        body
    };
    let mut reader = Reader::new(
        path,
        Normalizer {
            options,
            report,
            path,
        },
    );
    reader.read(&body)?;
    let meta = attach_front_matter(&mut reader, fronts, path)?;
    let headline_lines = reader.stories.iter().map(|s| s.line).collect();
    Ok(MarkdownFile {
        stories: reader.stories.into_iter().map(|s| s.story).collect(),
        headline_lines,
        meta,
    })
}

/// Gives each front matter block's fields to the story whose headline follows it with nothing between;
/// returns the `[book]` metadata and the line its block starts on.
fn attach_front_matter(
    reader: &mut Reader,
    fronts: Vec<FrontBlock>,
    path: &Path,
) -> Result<Option<(Meta, usize)>> {
    let err = |line: usize, message: String| Error::Input {
        path: path.to_path_buf(),
        line: Some(line),
        message,
    };
    // both rise (the reader pushes them as it goes): each block is found by bisection, not searched for
    // (quadratic in a file of many stories with front matter)
    let headline_lines: Vec<usize> = reader.stories.iter().map(|s| s.line).collect();
    let block_after = |line: usize| {
        let blocks = &reader.first_block_line;
        blocks.get(blocks.partition_point(|&l| l <= line)).copied()
    };
    let mut meta = None;
    for front in fronts {
        let next_block = block_after(front.last);
        let story = next_block.and_then(|b| headline_lines.binary_search(&b).ok());
        let Some(k) = story else {
            return Err(err(
                front.first,
                "front matter must stand right before a `# headline`".into(),
            ));
        };
        let s = &mut reader.stories[k];
        if s.front_seen {
            return Err(err(
                front.first,
                "a second front matter block for one story".into(),
            ));
        }
        s.front_seen = true;
        let mut n = |v: Option<String>| v.map(|t| reader.normalizer.inline(&t, front.first));
        s.story.column = n(front.front.column);
        s.story.kicker = n(front.front.kicker);
        s.story.subheadline = n(front.front.subheadline);
        s.story.dateline = n(front.front.dateline);
        s.story.byline = n(front.front.byline.map(|b| clean_byline(&b)));
        if let Some(repeated) = dedupe_lead(&mut s.story) {
            let line = block_after(s.line);
            reader.normalizer.report.warn(
                path,
                line.unwrap_or(s.line),
                format!("the body repeats the front matter's {repeated}; set once"),
            );
        }
        if let Some(m) = front.front.book {
            if meta.is_some() {
                return Err(err(
                    front.first,
                    "[book] metadata given twice in one file".into(),
                ));
            }
            meta = Some((m, front.first));
        }
    }
    Ok(meta)
}
