//! The book model written as Markdown (`huozi parse --to md`): what `parse::markdown` reads back into the
//! same stories and metadata. Each story is a TOML front matter block between `+++` lines (its heading
//! fields; the first story's also `[book]`, the metadata), a `#` headline, then its blocks: `##` subheads
//! and chapters, paragraphs with `*em*`/`**strong**` (or `<em>`/`<strong>` where CommonMark's flanking
//! rules would fail next to full-width punctuation), line breaks as a trailing `\` (`<br>` in a table
//! cell), `<ruby>` with `<rt>`, `>` quotes, lists, images, GFM tables, and notes as `[^n]` references with
//! their `[^n]:` definitions (`[^s-n]` in the `s`-th story and later, so labels stay apart in one file).

use serde::Serialize;

use crate::model::{Block, Book, Inline, Meta, inlines_text};
use crate::parse::chapter_level;

/// A story's front matter as written: the keys `parse::markdown` reads (kebab-case; absent when `None`).
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct FrontMatter<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kicker: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subheadline: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dateline: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byline: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    book: Option<BookTable<'a>>,
}

/// The `[book]` table: the metadata, with `derived = true` when huozi derived them (no `book.toml`), so
/// that the Markdown reads back as the same book.
#[derive(Serialize)]
struct BookTable<'a> {
    #[serde(flatten)]
    meta: &'a Meta,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    derived: bool,
}

impl FrontMatter<'_> {
    fn is_empty(&self) -> bool {
        self.column.is_none()
            && self.kicker.is_none()
            && self.subheadline.is_none()
            && self.dateline.is_none()
            && self.byline.is_none()
            && self.book.is_none()
    }
}

/// The book as Markdown that `parse::markdown::parse` reads back into the same stories and metadata: each
/// story a front matter block (its heading fields; the first also `[book]`) and a `#` headline, then its
/// blocks. UTF-8 text, `\n` line ends.
pub fn to_markdown(book: &Book) -> String {
    let mut out = String::new();
    for (i, story) in book.stories.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let front = FrontMatter {
            column: story.column.as_deref(),
            kicker: story.kicker.as_deref(),
            subheadline: story.subheadline.as_deref(),
            dateline: story.dateline.as_deref(),
            byline: story.byline.as_deref(),
            book: (i == 0).then_some(BookTable {
                meta: &book.meta,
                derived: book.meta.derived,
            }),
        };
        if !front.is_empty() {
            let toml = toml::to_string(&front).expect("front matter serialises");
            out.push_str("+++\n");
            out.push_str(&toml);
            if !toml.ends_with('\n') {
                out.push('\n');
            }
            out.push_str("+++\n\n");
        }
        out.push_str("# ");
        out.push_str(&escape(&story.headline.replace('\n', " "), true));
        out.push_str("\n\n");
        let notes = NoteLabels { story: i };
        for block in &story.blocks {
            write_block(&mut out, block, notes);
        }
    }
    out
}

/// How the notes of story `story` (0-based) are labelled: `[^n]` in the first story, `[^s-n]` after.
#[derive(Debug, Clone, Copy)]
struct NoteLabels {
    story: usize,
}

impl NoteLabels {
    fn label(self, n: u32) -> String {
        match self.story {
            0 => n.to_string(),
            s => format!("{}-{n}", s + 1),
        }
    }
}

/// Where inline content is written: what a line after a hard break opens with (the quote's `> `, a list
/// item's indent), or `None` inside a table cell (a break is `<br>`); and the story's note labels.
#[derive(Debug, Clone, Copy)]
struct Place<'a> {
    continuation: Option<&'a str>,
    notes: NoteLabels,
}

fn write_block(out: &mut String, block: &Block, notes: NoteLabels) {
    fn at(continuation: &str, notes: NoteLabels) -> Place<'_> {
        Place {
            continuation: Some(continuation),
            notes,
        }
    }
    match block {
        Block::Paragraph { inlines } | Block::EditorsNote { inlines } => {
            out.push_str(&write_inlines(inlines, true, at("", notes)));
            out.push_str("\n\n");
        }
        Block::Subhead { lines } => {
            for line in lines {
                out.push_str("## ");
                out.push_str(&escape(line, true));
                out.push('\n');
            }
            out.push('\n');
        }
        Block::Chapter { level, title } => {
            out.push_str("## ");
            out.push_str(&escape(title, true));
            if chapter_level(title) != Some(*level) {
                out.push_str(if *level == 1 {
                    " {.chapter}"
                } else {
                    " {.section}"
                });
            }
            out.push_str("\n\n");
        }
        Block::Caption { text } | Block::Ending { text } | Block::Editor { text } => {
            out.push_str(&escape(text, true));
            out.push_str("\n\n");
        }
        Block::Quote { paragraphs } => {
            for (k, p) in paragraphs.iter().enumerate() {
                if k > 0 {
                    out.push_str(">\n");
                }
                out.push_str("> ");
                out.push_str(&write_inlines(p, true, at("> ", notes)));
                out.push('\n');
            }
            out.push('\n');
        }
        Block::List {
            ordered,
            start,
            items,
        } => {
            for (k, item) in items.iter().enumerate() {
                let marker = if *ordered {
                    format!("{}. ", start + k as u64)
                } else {
                    "- ".to_string()
                };
                out.push_str(&marker);
                let indent = " ".repeat(marker.len());
                out.push_str(&write_inlines(item, true, at(&indent, notes)));
                out.push('\n');
            }
            out.push('\n');
        }
        Block::Table { header, rows } => write_table(out, header, rows, notes),
        Block::Notes { notes: list } => write_notes(out, list, notes),
        Block::Image { src, alt } => {
            let dest = if src.contains([' ', '(', ')', '<', '>']) {
                format!("<{src}>")
            } else {
                src.clone()
            };
            out.push_str(&format!("![{}]({dest})\n\n", escape(alt, false)));
        }
    }
}

/// A GFM table: the header row, the delimiter row, the body rows; `|` in a cell escaped, a line break
/// `<br>`.
fn write_table(
    out: &mut String,
    header: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    notes: NoteLabels,
) {
    let cell = |c: &[Inline]| {
        let place = Place {
            continuation: None,
            notes,
        };
        write_inlines(c, false, place).replace('|', "\\|")
    };
    let row = |cells: &[Vec<Inline>]| {
        let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    out.push_str(&row(header));
    out.push_str(&format!("|{}\n", " --- |".repeat(header.len())));
    for r in rows {
        out.push_str(&row(r));
    }
    out.push('\n');
}

/// The story's notes as footnote definitions, `[^label]: text`, a line break continuing indented.
fn write_notes(out: &mut String, list: &[Vec<Inline>], notes: NoteLabels) {
    for (k, note) in list.iter().enumerate() {
        let label = notes.label(k as u32 + 1);
        out.push_str(&format!("[^{label}]: "));
        let place = Place {
            continuation: Some("    "),
            notes,
        };
        out.push_str(&write_inlines(note, false, place));
        out.push_str("\n\n");
    }
}

/// Inline content as Markdown: `*…*` / `**…**` where the delimiters are sure to work, `<em>` / `<strong>`
/// otherwise (CommonMark's flanking rules fail next to full-width punctuation); a line break as `\` and a
/// new line opening with `place`'s continuation (`<br>` in a table cell); ruby as `<ruby>…<rt>…</rt></ruby>`;
/// a note reference as `[^label]`.
fn write_inlines(inlines: &[Inline], mut at_start: bool, place: Place) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push_str(&escape(t, at_start)),
            Inline::Break => {
                match place.continuation {
                    Some(c) => {
                        out.push_str("\\\n");
                        out.push_str(c);
                    }
                    None => out.push_str("<br>"),
                }
                at_start = true;
                continue;
            }
            Inline::Ruby { base, reading } => out.push_str(&format!(
                "<ruby>{}<rt>{}</rt></ruby>",
                escape(base, false),
                escape(reading, false)
            )),
            Inline::NoteRef(n) => out.push_str(&format!("[^{}]", place.notes.label(*n))),
            Inline::Emphasis(inner) | Inline::Strong(inner) => {
                let strong = matches!(inline, Inline::Strong(_));
                let text = inlines_text(inner);
                let plain = inner.iter().all(|i| matches!(i, Inline::Text(_)));
                let safe = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                let body = write_inlines(inner, false, place);
                if plain && safe(text.chars().next()) && safe(text.chars().last()) {
                    let d = if strong { "**" } else { "*" };
                    out.push_str(&format!("{d}{body}{d}"));
                } else {
                    let t = if strong { "strong" } else { "em" };
                    out.push_str(&format!("<{t}>{body}</{t}>"));
                }
            }
        }
        at_start = false;
    }
    out
}

/// Backslash-escapes what Markdown would read as markup: `\ ` * _ [ ] < > & { } ~ #` anywhere, and at a
/// line start `+ - =` and the `.`/`)` of a number.
fn escape(text: &str, at_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let first = at_start && i == 0;
        let number_mark = at_start
            && matches!(c, '.' | ')')
            && i > 0
            && chars[..i].iter().all(char::is_ascii_digit);
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '{' | '}' | '~' | '#'
        ) || (first && matches!(c, '+' | '-' | '='))
            || number_mark
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
