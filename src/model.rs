//! The book model: what the parser finds and every renderer reads.
//!
//! Plain serde data: no lengths, no I/O. A [`Book`] holds [`Meta`] (from `book.toml`) and the [`Story`]s in
//! book order; a story holds its news heading block (column, kicker, headline, subheadline, dateline, byline)
//! and its body [`Block`]s. `huozi parse PATH --to json` prints exactly this structure.

use serde::{Deserialize, Serialize};

mod date;
pub use date::Date;

/// A whole book: metadata plus stories in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Book {
    /// Bibliographic metadata (from `book.toml`, or defaults derived from the first story).
    pub meta: Meta,
    /// Stories in book order (file order, or the order `book.toml` lists).
    pub stories: Vec<Story>,
    /// The colophon's 字数 once counted ([`Book::characters`]), for the other colophons of the build (the
    /// characters' coverage, the typeset colophon, the EPUB's): no part of the model (not serialised,
    /// equal in every book, not copied by `clone`). Give a book whose stories change after it was counted
    /// a fresh one (`Counted::default()`).
    #[serde(skip)]
    pub counted: Counted,
}

/// A count made once and kept ([`Book::counted`]); empty when made, and in a clone.
#[derive(Debug, Default)]
pub struct Counted(std::sync::OnceLock<usize>);

impl Clone for Counted {
    /// An empty count: a clone may be changed, and is counted anew.
    fn clone(&self) -> Self {
        Counted::default()
    }
}

impl PartialEq for Counted {
    /// Every count is equal: it is no part of the book.
    fn eq(&self, _: &Counted) -> bool {
        true
    }
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
    /// Publication date (`YYYY-MM-DD` in `book.toml` and the JSON model).
    pub date: Date,
    /// A fixed identifier: `urn:uuid:…` or `urn:isbn:…`.
    pub identifier: String,
    /// The print edition whose page numbers the EPUB's page-list carries (`dc:source` and
    /// `pageBreakSource`), e.g. `urn:isbn:…` of the printed book; `None`: the PDF huozi makes from
    /// this book, named by [`Meta::identifier`]. `book.toml` key `print-source` (or `print_source`).
    #[serde(
        default,
        alias = "print_source",
        skip_serializing_if = "Option::is_none"
    )]
    pub print_source: Option<String>,
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
    /// The newspaper the stories were printed in (`哈尔滨日报`): their source in the PDF's XMP
    /// (`dc:source`) and the archive's records (each story's host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newspaper: Option<String>,
    /// Cover image for the EPUB (PNG or JPEG): in `book.toml` (or a Markdown `[book]` table) a path relative
    /// to that file's folder; after [`crate::parse::load_book`], that path joined to the folder. `None`:
    /// huozi draws a cover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<String>,
    /// The edition (版次, `edition = 1`): the colophon's `2022年12月第1版`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<u32>,
    /// The printing (印次, `printing = 1`): the colophon's `2022年12月第1次印刷`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printing: Option<u32>,
    /// Set by huozi when no `book.toml` or `[book]` table gave the metadata: the `date` and `identifier`
    /// were derived (from `SOURCE_DATE_EPOCH` and the input's bytes) for the files that need them, and
    /// records such as the colophon leave them out rather than present them as the book's. Not in the
    /// JSON model; `huozi parse --to md` writes it (`derived = true` in `[book]`) so the Markdown reads
    /// back as the same book.
    #[serde(default, skip_serializing)]
    pub derived: bool,
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
    /// A table (Markdown GFM table): a header row and body rows of cells; every row has as many cells as
    /// the header.
    Table {
        /// The header row's cells.
        header: Vec<Vec<Inline>>,
        /// The body rows, each a list of cells.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// The story's notes (Markdown footnotes), set at the story's end: note `n` (1-based, in the order of
    /// first reference) is `notes[n - 1]`, referred to by [`Inline::NoteRef`]`(n)`.
    Notes {
        /// Each note's inline content.
        notes: Vec<Vec<Inline>>,
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
    /// A forced line break inside a paragraph (Markdown: two trailing spaces, a trailing backslash,
    /// `<br>`): a poem's lines, a list of names. Its plain text is `\n`.
    Break,
    /// Ruby (Markdown `<ruby>单<rt>shàn</rt></ruby>`): a reading annotating its base text. Its plain text is
    /// the base, then the reading in full-width brackets: `单（shàn）` ([`ruby_text`]).
    Ruby {
        /// The annotated text.
        base: String,
        /// The reading (pinyin, or a gloss).
        reading: String,
    },
    /// A reference to note `n` of the story's [`Block::Notes`] (1-based). Its plain text is the note's
    /// marker ([`note_marker`]).
    NoteRef(u32),
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
            Block::Table { header, rows } => std::iter::once(header)
                .chain(rows)
                .flatten()
                .map(|cell| inlines_text(cell))
                .collect(),
            Block::Notes { notes } => notes
                .iter()
                .enumerate()
                .map(|(i, note)| note_line_text(i as u32 + 1, note))
                .collect(),
        }
    }
}

/// The marker of note `n` (1-based), the same in both editions and in the text: `①` … `⑳` (circled
/// numbers, as Chinese books number notes), then `[21]`, `[22]`, ….
pub fn note_marker(n: u32) -> String {
    match n {
        1..=20 => char::from_u32(0x2460 + n - 1)
            .expect("a circled number")
            .to_string(),
        _ => format!("[{n}]"),
    }
}

/// What note `n` opens with at the story's end: its marker and an ideographic space (U+3000).
pub fn note_label(n: u32) -> String {
    format!("{}\u{3000}", note_marker(n))
}

/// The plain text of note `n` with `inlines` as it stands at the story's end: its label, then its text.
pub fn note_line_text(n: u32, inlines: &[Inline]) -> String {
    format!("{}{}", note_label(n), inlines_text(inlines))
}

/// Ruby as plain text, the same in both editions: the base, then the reading in full-width brackets
/// (`单（shàn）`), as a reading system without ruby shows `<rp>` and a print line without ruby sets it.
pub fn ruby_text(base: &str, reading: &str) -> String {
    format!("{base}（{reading}）")
}

impl Story {
    /// The dateline as it runs into the first paragraph, the same in both editions: with a byline,
    /// `本报讯（记者 梁可心）` (a `本报记者` byline after a `本报` dateline drops its `本报`); without one, the dateline and an ideographic space (U+3000), as papers print
    /// it, so it does not run into the first word. `None` without a dateline.
    pub fn run_in(&self) -> Option<String> {
        let dateline = self.dateline.as_deref()?;
        Some(match &self.byline {
            // `本报讯（记者 林小雨）`: the paper is named once
            Some(byline) if dateline.starts_with("本报") && byline.starts_with("本报记者") => {
                format!("{dateline}（{}）", &byline["本报".len()..])
            }
            Some(byline) => format!("{dateline}（{byline}）"),
            None => format!("{dateline}\u{3000}"),
        })
    }

    /// The byline when it stands on its own line in the heading block: when there is no dateline for it to
    /// run into.
    pub fn standalone_byline(&self) -> Option<&str> {
        match self.dateline {
            Some(_) => None,
            None => self.byline.as_deref(),
        }
    }

    /// The byline as a list of the book's stories gives it, in one form for every story: its words
    /// separated by one ideographic space (`本报记者　黄晏君`), and a reporter's role run into a `本报`
    /// dateline given its paper (`本报讯（记者 梁可心）` lists `本报记者　梁可心`).
    pub fn listed_byline(&self) -> Option<String> {
        let byline = self.byline.as_deref()?;
        let words: Vec<&str> = byline
            .split([' ', '\u{3000}'])
            .filter(|w| !w.is_empty())
            .collect();
        let mut text = words.join("\u{3000}");
        let of_the_paper = self
            .dateline
            .as_deref()
            .is_some_and(|d| d.starts_with("本报"));
        let bare_role = [
            "记者",
            "通讯员",
            "实习生",
            "特约记者",
            "见习记者",
            "实习记者",
            "首席记者",
        ]
        .iter()
        .any(|r| text.starts_with(r));
        if of_the_paper && bare_role {
            text.insert_str(0, "本报");
        }
        Some(text)
    }
}

/// The title page (扉页) of both editions: what it says, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitlePage {
    /// The book's title.
    pub title: String,
    /// The subtitle, if any.
    pub subtitle: Option<String>,
    /// The authors joined with `、`, if any.
    pub authors: Option<String>,
    /// The publisher, if any (set at the foot).
    pub publisher: Option<String>,
}

/// A line of the colophon (版权页), the same in both editions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColophonEntry {
    /// The entry's text, label included (`书名：冰城战“疫”纪事`).
    pub text: String,
    /// Nesting: 0 for the book's record, 1 for a story under `篇目：`, 2 for its byline. Each level hangs
    /// 2 em further in.
    pub level: u8,
}

/// The faces the colophon credits (their licence in brackets).
pub const FONT_CREDIT: &str = "Noto Serif CJK SC、Noto Sans CJK SC（SIL OFL 1.1）";

impl Meta {
    /// The title with the subtitle after a full-width colon (`冰城战“疫”纪事：《哈尔滨日报》一线报道两篇`): the
    /// PDF's title and its archive records'.
    pub fn full_title(&self) -> String {
        match &self.subtitle {
            Some(sub) => format!("{}：{sub}", self.title),
            None => self.title.clone(),
        }
    }
}

impl Book {
    /// The title page's fields.
    pub fn title_page(&self) -> TitlePage {
        let meta = &self.meta;
        TitlePage {
            title: meta.title.clone(),
            subtitle: meta.subtitle.clone(),
            authors: (!meta.authors.is_empty()).then(|| meta.authors.join("、")),
            publisher: meta.publisher.clone(),
        }
    }

    /// The colophon (版权页) in Chinese convention: the book's record — title, authors, publisher, 版次 and
    /// 印次 with the month of the date (`版次：2022年12月第1版`, `印次：2022年12月第1次印刷`; the date alone as
    /// `出版日期：2022年12月`), 开本 (`trim`, the page's size as the typesetter names it), 字数 (the
    /// characters set, rounded up to thousands: `字数：6千字`), the identifier (an ISBN as `书号：ISBN …`)
    /// and rights —, the stories it gathers with each one's column and byline (one form for every byline,
    /// [`Story::listed_byline`]), and the typesetter and faces, in that order. A field the book does not
    /// give is left out, never invented: a derived date and identifier ([`Meta::derived`]) are not shown.
    pub fn colophon(&self, trim: &str) -> Vec<ColophonEntry> {
        let meta = &self.meta;
        let mut out = Vec::new();
        let mut add = |text: String, level: u8| out.push(ColophonEntry { text, level });
        let title = match &meta.subtitle {
            Some(sub) => format!("{}——{sub}", meta.title),
            None => meta.title.clone(),
        };
        add(format!("书名：{title}"), 0);
        if !meta.authors.is_empty() {
            add(format!("作者：{}", meta.authors.join("、")), 0);
        }
        if let Some(p) = &meta.publisher {
            add(format!("出版：{p}"), 0);
        }
        for line in self.impression() {
            add(line, 0);
        }
        add(format!("开本：{trim}"), 0);
        add(
            format!("字数：{}千字", self.characters().div_ceil(1000).max(1)),
            0,
        );
        if !meta.derived {
            match meta.identifier.strip_prefix("urn:isbn:") {
                Some(isbn) => add(format!("书号：ISBN {isbn}"), 0),
                None => add(format!("标识：{}", meta.identifier), 0),
            }
        }
        if let Some(r) = &meta.rights {
            add(format!("版权：{r}"), 0);
        }
        add("篇目：".to_string(), 0);
        for story in &self.stories {
            let mut entry = format!("《{}》", story.headline);
            if let Some(column) = &story.column {
                entry.push_str(&format!("（{column}栏目）"));
            }
            add(entry, 1);
            if let Some(byline) = story.listed_byline() {
                add(byline, 2);
            }
        }
        add(format!("排版：huozi {}", env!("CARGO_PKG_VERSION")), 0);
        add(format!("字体：{FONT_CREDIT}"), 0);
        out
    }

    /// The colophon's 版次 and 印次 lines from the date (its year and month) and `edition`/`printing`; the
    /// date alone as 出版日期; nothing from a derived date.
    fn impression(&self) -> Vec<String> {
        let meta = &self.meta;
        let month =
            (!meta.derived).then(|| format!("{}年{}月", meta.date.year(), meta.date.month()));
        let when = month.clone().unwrap_or_default();
        let mut out = Vec::new();
        if let Some(e) = meta.edition {
            out.push(format!("版次：{when}第{e}版"));
        }
        if let Some(p) = meta.printing {
            out.push(format!("印次：{when}第{p}次印刷"));
        }
        if let (true, Some(month)) = (out.is_empty(), month) {
            out.push(format!("出版日期：{month}"));
        }
        out
    }

    /// The characters the stories set (their heading block, run-in dateline, text, captions, end marks
    /// and credits; not spaces, nor an image's alt text): the colophon's 字数.
    ///
    /// Counted once a book ([`Book::counted`]): the colophon is asked for three times a build.
    pub fn characters(&self) -> usize {
        use rayon::prelude::*;
        // counted outside the lock: two colophons asked at once both count (nothing waits, on rayon's
        // threads or any other)
        if let Some(&n) = self.counted.0.get() {
            return n;
        }
        let n = (self.stories.par_iter()).map(Story::characters).sum();
        let _ = self.counted.0.set(n);
        n
    }
}

impl Story {
    /// The characters the story sets, as [`Book::characters`] counts them.
    fn characters(&self) -> usize {
        let heading = [&self.column, &self.kicker, &self.subheadline];
        let mut n = (heading.iter().filter_map(|f| f.as_deref()))
            .map(set_count)
            .sum::<usize>();
        n += set_count(&self.headline);
        n += self.run_in().as_deref().map_or(0, set_count);
        n += self.standalone_byline().map_or(0, set_count);
        for block in &self.blocks {
            n += match block {
                Block::Image { .. } => 0,
                // counted where they stand, without joining them (as `plain_text` would)
                Block::Paragraph { inlines } | Block::EditorsNote { inlines } => {
                    inlines_count(inlines)
                }
                _ => set_count(&block.plain_text()),
            };
        }
        n
    }
}

/// The characters of `s` but whitespace: what [`Book::characters`] counts of a text (counted on its
/// bytes, [`crate::script::count_unspaced`]).
fn set_count(s: &str) -> usize {
    crate::script::count_unspaced(s)
}

/// [`set_count`] of [`inlines_text`]`(inlines)`, without making that text.
fn inlines_count(inlines: &[Inline]) -> usize {
    (inlines.iter())
        .map(|inline| match inline {
            Inline::Text(t) => set_count(t),
            Inline::Emphasis(inner) | Inline::Strong(inner) => inlines_count(inner),
            Inline::Break => 0,
            Inline::Ruby { base, reading } => set_count(&ruby_text(base, reading)),
            Inline::NoteRef(n) => set_count(&note_marker(*n)),
        })
        .sum()
}

/// The marker of a bulleted list item, the same in both editions: a bullet and an ideographic space.
pub const BULLET_MARKER: &str = "•\u{3000}";

/// What follows the number of a numbered list item: a full-width full stop (`1．`).
pub const NUMBER_SUFFIX: &str = "．";

/// The marker of list item `number` (its number counted from the list's `start`): `3．` in a numbered
/// list, [`BULLET_MARKER`] in a bulleted one.
pub fn list_marker(ordered: bool, number: u64) -> String {
    if ordered {
        format!("{number}{NUMBER_SUFFIX}")
    } else {
        BULLET_MARKER.to_string()
    }
}

/// Concatenated text of inline content, markup dropped.
pub fn inlines_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_inlines_text(&mut out, inlines);
    out
}

/// Appends [`inlines_text`]`(inlines)` to `out`.
pub fn push_inlines_text(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push_str(t),
            Inline::Emphasis(inner) | Inline::Strong(inner) => push_inlines_text(out, inner),
            Inline::Break => out.push('\n'),
            Inline::Ruby { base, reading } => out.push_str(&ruby_text(base, reading)),
            Inline::NoteRef(n) => out.push_str(&note_marker(*n)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_exactly_yyyy_mm_dd() {
        let d = Date::parse("2022-12-05").unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2022, 12, 5));
        assert_eq!(d.to_string(), "2022-12-05");
        for bad in [
            "2022-2-05",
            "2022-02-30",
            "22-12-05",
            "2022/12/05",
            "0000-01-01",
            "+2022-12-0",
            "",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Date::from_unix_seconds(1_670_198_400).unwrap().to_string(),
            "2022-12-05"
        );
        // SOURCE_DATE_EPOCH keeps its time of day
        let epoch = Date::from_unix_seconds(1_700_000_000).unwrap();
        assert_eq!(epoch.timestamp(), "2023-11-14T22:13:20Z");
        assert_eq!(
            serde_json::to_string(&epoch).unwrap(),
            "\"2023-11-14T22:13:20Z\""
        );
        assert_eq!(Date::parse("2023-11-14T22:13:20Z").unwrap(), epoch);
        assert_eq!(d.timestamp(), "2022-12-05T00:00:00Z");
        for bad in ["2023-11-14T22:13:20", "2023-11-14T25:00:00Z", "2023-11-14T"] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Date::default().to_string(), "1970-01-01");
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(json, "\"2022-12-05\"");
        assert_eq!(serde_json::from_str::<Date>(&json).unwrap(), d);
        assert!(serde_json::from_str::<Date>("\"2022-13-01\"").is_err());
    }

    fn book(derived: bool) -> Book {
        Book {
            counted: Default::default(),
            meta: Meta {
                title: "冰城战“疫”纪事".into(),
                subtitle: None,
                language: "zh-CN".into(),
                publisher: Some("哈尔滨日报社".into()),
                date: Date::parse("2022-12-05").unwrap(),
                identifier: "urn:isbn:9787111547426".into(),
                authors: vec!["梁可心".into()],
                description: None,
                rights: None,
                subjects: Vec::new(),
                cover: None,
                edition: Some(1),
                printing: Some(2),
                derived,
                newspaper: None,
                print_source: None,
            },
            stories: vec![Story {
                column: None,
                kicker: None,
                headline: "标题".into(),
                subheadline: None,
                dateline: Some("本报讯".into()),
                byline: Some("记者 梁可心".into()),
                blocks: vec![Block::paragraph("正文 一段。")],
            }],
        }
    }

    #[test]
    fn inline_text_is_counted_as_its_plain_text_would_be() {
        let inlines = vec![
            Inline::Text("活字 印刷".into()),
            Inline::Strong(vec![Inline::Emphasis(vec![Inline::Text(
                "排\u{3000}版".into(),
            )])]),
            Inline::Break,
            Inline::Ruby {
                base: "单".into(),
                reading: "shàn".into(),
            },
            Inline::NoteRef(3),
            Inline::NoteRef(21),
        ];
        let plain = inlines_text(&inlines);
        assert_eq!(inlines_count(&inlines), set_count(&plain));
        assert_eq!(inlines_count(&inlines), 4 + 2 + 7 + 1 + 4);
    }

    fn texts(book: &Book) -> Vec<String> {
        book.colophon("148 mm × 210 mm（A5）")
            .into_iter()
            .map(|e| e.text)
            .collect()
    }

    #[test]
    fn the_colophon_is_a_chinese_record() {
        let given = texts(&book(false));
        for line in [
            "版次：2022年12月第1版",
            "印次：2022年12月第2次印刷",
            "开本：148 mm × 210 mm（A5）",
            "字数：1千字",
            "书号：ISBN 9787111547426",
            "本报记者\u{3000}梁可心",
        ] {
            assert!(given.iter().any(|t| t == line), "{line} not in {given:?}");
        }
        // 标题 + 本报讯（记者 梁可心） + 正文一段。: spaces are not characters set
        assert_eq!(book(false).characters(), 2 + 10 + 5);
        // derived: no date and no identifier; the edition stays, without a month
        let derived = texts(&book(true));
        assert!(derived.iter().any(|t| t == "版次：第1版"), "{derived:?}");
        assert!(
            !derived
                .iter()
                .any(|t| t.contains("2022") || t.contains("ISBN")),
            "{derived:?}"
        );
        // the date alone, without edition or printing
        let mut plain = book(false);
        (plain.meta.edition, plain.meta.printing) = (None, None);
        assert!(texts(&plain).iter().any(|t| t == "出版日期：2022年12月"));
        plain.meta.derived = true;
        assert!(!texts(&plain).iter().any(|t| t.contains("日期")));
    }

    #[test]
    fn bylines_are_listed_in_one_form() {
        let mut story = book(false).stories.remove(0);
        assert_eq!(
            story.listed_byline().as_deref(),
            Some("本报记者\u{3000}梁可心")
        );
        story.dateline = None;
        story.byline = Some("本报记者  黄晏君".into());
        assert_eq!(
            story.listed_byline().as_deref(),
            Some("本报记者\u{3000}黄晏君")
        );
        story.dateline = Some("新华社北京12月5日电".into());
        story.byline = Some("记者 张三".into());
        assert_eq!(story.listed_byline().as_deref(), Some("记者\u{3000}张三"));
    }
}
