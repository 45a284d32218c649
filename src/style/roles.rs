//! The role table: every role's name and look.

use serde::{Deserialize, Serialize};

use crate::fonts::{Face, FontId, Weight};

/// How a role's lines sit in the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Align {
    /// Justified to the measure, the last line set solid at the start (body text, clreq §3.6.1).
    Justify,
    /// Set solid from the start of the measure, ragged at the end.
    Start,
    /// Each line centred, the breaks chosen so that lines are balanced (display lines).
    Center,
    /// Set solid against the end of the measure.
    End,
    /// At the outer edge of the page: the end of the measure on a recto, the start on a verso (folios).
    Outer,
}

/// Marks set with emphasised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Marks {
    /// No marks.
    None,
    /// 着重号: a dot under each Han character (GB/T 15834—2011 §4.16, horizontal text).
    Dots,
}

/// Space set between the two characters of the contents' heading, in ems of its size: `目录` reads `目　录`
/// in both editions (the PDF spreads the characters, the EPUB sets the same letter spacing), its text
/// still `目录` for search and for a screen reader.
pub const CONTENTS_TITLE_SPACING_EM: f32 = 1.0;

/// The name of every block role: what a line of text is, for the style, the layout JSON and the EPUB's
/// class names (`Role::RunningHead` is `running-head`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Running text (the `[body]` table).
    Body,
    /// Column tag (栏目题).
    Column,
    /// Kicker (引题), above the headline.
    Kicker,
    /// Headline (主题).
    Headline,
    /// Subheadline (副题), below the headline.
    Subheadline,
    /// Byline standing on its own line (`本报记者 黄晏君`).
    Byline,
    /// Dateline (电头) run into the first paragraph, with the byline in brackets: `本报讯（记者 梁可心）`.
    Dateline,
    /// Section subhead (分题/插题).
    Subhead,
    /// A level-1 division heading in a story: `第一章 雪落松花江`.
    Chapter,
    /// A level-2 division heading: `第三节 …`.
    Section,
    /// An editor's note (编者按) text.
    Note,
    /// The label opening an editor's note (`编者按：`).
    NoteLabel,
    /// A block quotation.
    Quote,
    /// A photo caption.
    Caption,
    /// The editor credit (`责任编辑：张三`).
    Credit,
    /// The title on the title page (扉页).
    Title,
    /// The subtitle on the title page.
    Subtitle,
    /// The authors and publisher on the title page.
    Imprint,
    /// The heading of the contents (目录).
    ContentsTitle,
    /// An entry of the contents.
    Contents,
    /// The colophon (版权页) lines.
    Colophon,
    /// Running head.
    RunningHead,
    /// Folio (page number).
    Folio,
}

impl Role {
    /// Every block role, in the order `styles/default.toml` lists them.
    pub const ALL: [Role; 23] = [
        Role::Body,
        Role::Column,
        Role::Kicker,
        Role::Headline,
        Role::Subheadline,
        Role::Byline,
        Role::Dateline,
        Role::Subhead,
        Role::Chapter,
        Role::Section,
        Role::Note,
        Role::NoteLabel,
        Role::Quote,
        Role::Caption,
        Role::Credit,
        Role::Title,
        Role::Subtitle,
        Role::Imprint,
        Role::ContentsTitle,
        Role::Contents,
        Role::Colophon,
        Role::RunningHead,
        Role::Folio,
    ];

    /// The kebab-case name: the style's table name, the layout JSON's role and the EPUB's class name.
    pub fn name(self) -> &'static str {
        match self {
            Role::Body => "body",
            Role::Column => "column",
            Role::Kicker => "kicker",
            Role::Headline => "headline",
            Role::Subheadline => "subheadline",
            Role::Byline => "byline",
            Role::Dateline => "dateline",
            Role::Subhead => "subhead",
            Role::Chapter => "chapter",
            Role::Section => "section",
            Role::Note => "note",
            Role::NoteLabel => "note-label",
            Role::Quote => "quote",
            Role::Caption => "caption",
            Role::Credit => "credit",
            Role::Title => "title",
            Role::Subtitle => "subtitle",
            Role::Imprint => "imprint",
            Role::ContentsTitle => "contents-title",
            Role::Contents => "contents",
            Role::Colophon => "colophon",
            Role::RunningHead => "running-head",
            Role::Folio => "folio",
        }
    }
}

/// An inline role: text marked inside a block (Markdown `**…**` and `*…*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InlineRole {
    /// Strong text.
    Strong,
    /// Emphasised text.
    Emphasis,
}

impl InlineRole {
    /// The kebab-case name (`strong`, `emphasis`).
    pub fn name(self) -> &'static str {
        match self {
            InlineRole::Strong => "strong",
            InlineRole::Emphasis => "emphasis",
        }
    }
}

/// A block role's look: face, weight, size and spacing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RoleStyle {
    /// 宋体 or 黑体.
    pub face: Face,
    /// Regular or bold.
    pub weight: Weight,
    /// The face the role is set in: the bundled face of `face` at `weight`, or `FontId::Found(k)` for the
    /// `k`th face the style names (`family`, or `font-file` and `font-index`; [`crate::style::Style::fonts`]).
    pub font: FontId,
    /// Type size, pt.
    pub size: f32,
    /// Height of each line of the role in body lines (grid rows; an integer keeps the body on the grid,
    /// clreq §2.3.3).
    pub lines: u32,
    /// Blank body lines above the role's first line (dropped at the top of a page).
    pub space_before: u32,
    /// How the lines sit in the measure.
    pub align: Align,
    /// Inset from each side of the measure, in body ems.
    pub inset_em: f32,
    /// A ruled box around each line (the column tag).
    pub boxed: bool,
}

/// An inline role's look: what it changes in the text around it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct InlineStyle {
    /// The face, or `None` to keep the surrounding one.
    pub face: Option<Face>,
    /// The weight, or `None` to keep the surrounding one.
    pub weight: Option<Weight>,
    /// Marks set with the text.
    pub marks: Marks,
    /// Face and weight for reading systems that cannot draw `marks` (CSS `text-emphasis`); `None`: the
    /// role's own.
    pub fallback: Option<(Face, Weight)>,
}

impl InlineStyle {
    /// The face and weight of this role's text inside text of `outer`'s face and weight.
    pub fn face_in(&self, outer: (Face, Weight)) -> (Face, Weight) {
        (self.face.unwrap_or(outer.0), self.weight.unwrap_or(outer.1))
    }
}

/// Every role's look (see [`Role`] for what each is).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct Roles {
    pub body: RoleStyle,
    pub column: RoleStyle,
    pub kicker: RoleStyle,
    pub headline: RoleStyle,
    pub subheadline: RoleStyle,
    pub byline: RoleStyle,
    pub dateline: RoleStyle,
    pub subhead: RoleStyle,
    pub chapter: RoleStyle,
    pub section: RoleStyle,
    pub note: RoleStyle,
    pub note_label: RoleStyle,
    pub quote: RoleStyle,
    pub caption: RoleStyle,
    pub credit: RoleStyle,
    pub title: RoleStyle,
    pub subtitle: RoleStyle,
    pub imprint: RoleStyle,
    pub contents_title: RoleStyle,
    pub contents: RoleStyle,
    pub colophon: RoleStyle,
    pub running_head: RoleStyle,
    pub folio: RoleStyle,
    pub strong: InlineStyle,
    pub emphasis: InlineStyle,
}

impl Roles {
    /// The look of `role`.
    pub fn get(&self, role: Role) -> &RoleStyle {
        match role {
            Role::Body => &self.body,
            Role::Column => &self.column,
            Role::Kicker => &self.kicker,
            Role::Headline => &self.headline,
            Role::Subheadline => &self.subheadline,
            Role::Byline => &self.byline,
            Role::Dateline => &self.dateline,
            Role::Subhead => &self.subhead,
            Role::Chapter => &self.chapter,
            Role::Section => &self.section,
            Role::Note => &self.note,
            Role::NoteLabel => &self.note_label,
            Role::Quote => &self.quote,
            Role::Caption => &self.caption,
            Role::Credit => &self.credit,
            Role::Title => &self.title,
            Role::Subtitle => &self.subtitle,
            Role::Imprint => &self.imprint,
            Role::ContentsTitle => &self.contents_title,
            Role::Contents => &self.contents,
            Role::Colophon => &self.colophon,
            Role::RunningHead => &self.running_head,
            Role::Folio => &self.folio,
        }
    }

    /// The look of `role`.
    pub fn inline(&self, role: InlineRole) -> &InlineStyle {
        match role {
            InlineRole::Strong => &self.strong,
            InlineRole::Emphasis => &self.emphasis,
        }
    }
}
