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
    /// Publication date (`YYYY-MM-DD` in `book.toml` and the JSON model).
    pub date: Date,
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

/// A calendar date (proleptic Gregorian, years 1–9999), with the time of day (UTC) when it came from a
/// timestamp (`SOURCE_DATE_EPOCH`): written `YYYY-MM-DD` (ISO 8601), or `YYYY-MM-DDTHH:MM:SSZ` with its time,
/// wherever it is read or written. It is the book's only date: the PDF's creation date, the EPUB's
/// `dc:date`, `dcterms:modified` and zip entry times, and the colophon's 版次 and 印次 all come from it (the
/// calendar date for `dc:date`, the year and month for the colophon, the time too where a timestamp is
/// written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(chrono::NaiveDate, Option<chrono::NaiveTime>);

impl Date {
    /// The date of `year`-`month`-`day`, if it exists and the year is 1–9999 (no time of day).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) {
            return None;
        }
        chrono::NaiveDate::from_ymd_opt(year, month, day).map(|d| Date(d, None))
    }

    /// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day), or that followed by
    /// `THH:MM:SSZ` (a UTC time of day).
    ///
    /// Errors: a message saying what is wrong with `text`, for the caller to place in a file and line.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || {
            format!("{text:?} is not a calendar date written YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SSZ)")
        };
        let (day, time) = match text.split_once('T') {
            Some((day, time)) => (day, Some(time)),
            None => (text, None),
        };
        let b = day.as_bytes();
        let shaped = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shaped {
            return Err(bad());
        }
        let n = |r: std::ops::Range<usize>| day[r].parse::<u32>().map_err(|_| bad());
        let date = Date::from_ymd(n(0..4)? as i32, n(5..7)?, n(8..10)?).ok_or_else(bad)?;
        let Some(time) = time else { return Ok(date) };
        let t = time.as_bytes();
        let shaped = t.len() == 9
            && t[2] == b':'
            && t[5] == b':'
            && t[8] == b'Z'
            && t[..8]
                .iter()
                .enumerate()
                .all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit());
        if !shaped {
            return Err(bad());
        }
        let n = |r: std::ops::Range<usize>| time[r].parse::<u32>().map_err(|_| bad());
        let tod = chrono::NaiveTime::from_hms_opt(n(0..2)?, n(3..5)?, n(6..8)?).ok_or_else(bad)?;
        Ok(Date(date.0, Some(tod)))
    }

    /// The UTC date and time of day `seconds` after 1970-01-01T00:00:00Z (a `SOURCE_DATE_EPOCH`), if the
    /// year is 1–9999.
    pub fn from_unix_seconds(seconds: i64) -> Option<Date> {
        let at = chrono::DateTime::from_timestamp(seconds, 0)?.naive_utc();
        Date::from_ymd(chrono::Datelike::year(&at), 1, 1).map(|_| Date(at.date(), Some(at.time())))
    }

    /// The year (1–9999).
    pub fn year(self) -> i32 {
        chrono::Datelike::year(&self.0)
    }

    /// The month (1–12).
    pub fn month(self) -> u32 {
        chrono::Datelike::month(&self.0)
    }

    /// The day of the month (1–31).
    pub fn day(self) -> u32 {
        chrono::Datelike::day(&self.0)
    }

    /// The time of day (UTC) as (hour, minute, second); midnight for a calendar date.
    pub fn time(self) -> (u32, u32, u32) {
        self.1.map_or((0, 0, 0), |t| {
            use chrono::Timelike;
            (t.hour(), t.minute(), t.second())
        })
    }

    /// The date and time as an ISO 8601 UTC timestamp, `YYYY-MM-DDTHH:MM:SSZ` (midnight for a calendar
    /// date).
    pub fn timestamp(self) -> String {
        let (h, m, s) = self.time();
        format!("{self}T{h:02}:{m:02}:{s:02}Z")
    }
}

impl Default for Date {
    /// 1970-01-01, the date of a book that gives none and has no `SOURCE_DATE_EPOCH`.
    fn default() -> Date {
        Date(
            chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("1970-01-01 exists"),
            None,
        )
    }
}

impl std::fmt::Display for Date {
    /// `YYYY-MM-DD` (the calendar date; [`Date::timestamp`] adds the time).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl std::str::FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Date, String> {
        Date::parse(s)
    }
}

impl Serialize for Date {
    /// `YYYY-MM-DD`, or the timestamp when the date has a time of day.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.1 {
            None => s.collect_str(self),
            Some(_) => s.serialize_str(&self.timestamp()),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
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

impl Story {
    /// The dateline as it runs into the first paragraph, the same in both editions: with a byline,
    /// `本报讯（记者 梁可心）`; without one, the dateline and an ideographic space (U+3000), as papers print
    /// it, so it does not run into the first word. `None` without a dateline.
    pub fn run_in(&self) -> Option<String> {
        let dateline = self.dateline.as_deref()?;
        Some(match &self.byline {
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
    pub fn characters(&self) -> usize {
        let count = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
        let mut n = 0;
        for story in &self.stories {
            let heading = [&story.column, &story.kicker, &story.subheadline];
            n += heading
                .iter()
                .filter_map(|f| f.as_deref())
                .map(count)
                .sum::<usize>();
            n += count(&story.headline);
            n += story.run_in().as_deref().map_or(0, count);
            n += story.standalone_byline().map_or(0, count);
            for block in &story.blocks {
                if !matches!(block, Block::Image { .. }) {
                    n += count(&block.plain_text());
                }
            }
        }
        n
    }
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
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push_str(t),
            Inline::Emphasis(inner) | Inline::Strong(inner) => out.push_str(&inlines_text(inner)),
        }
    }
    out
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
