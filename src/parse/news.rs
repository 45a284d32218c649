//! Normalised text → [`Story`]s: the news structure of a page copied as plain text.
//!
//! The input is one story or several in a row: one paragraph or heading line per line, blank lines
//! anywhere (their number means nothing). Each line is first classified on its own (byline, dateline
//! paragraph, or plain text with a length and an ending), then stories are cut at their *anchors* (a byline
//! or a dateline paragraph), the short lines right before an anchor become the heading block, and what
//! follows becomes the body. Every rule is listed, with an example, in [`RULES`]; a unit test runs every
//! example, so the table is the specification.
//!
//! Nothing here ever drops a character of text: lines that fit no rule become paragraphs. Only
//! ornaments go: the byline mark `□` (see [`ORNAMENTS`]) and rules of `-`, `—`, `_`, `=` … around a line.

use std::path::Path;

use super::normalize::{
    NormalizeOptions, Normalizer, Report, RuleId, SourceLine, join_continuation,
};
use crate::error::{Error, Result};
use crate::model::{Block, Story};
use crate::script::is_han;

/// A heading line (kicker, headline, subheadline, column) holds at most this many characters.
pub const HEADING_MAX_CHARS: usize = 40;
/// A subhead line holds at most this many characters.
pub const SUBHEAD_MAX_CHARS: usize = 30;
/// A heading block holds at most this many lines: column, kicker, headline, subheadline.
pub const HEADING_MAX_LINES: usize = 4;

/// One structure rule, with an example that a unit test checks.
///
/// `input` is story text as it comes out of normalisation; `expect` is the parse in a compact notation:
/// fields `C:` column, `K:` kicker, `H:` headline, `S:` subheadline, `D:` dateline, `B:` byline, then
/// blocks `P:` paragraph and `T:` subhead (lines joined with `/`), all separated by ` | `; ` || ` separates
/// stories.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Short name.
    pub name: &'static str,
    /// What the rule does, in general terms.
    pub rule: &'static str,
    /// Example input.
    pub input: &'static str,
    /// What the parser makes of it.
    pub expect: &'static str,
}

/// The structure rules, in the order they apply.
pub const RULES: &[Rule] = &[
    Rule {
        name: "byline",
        rule: "A short line made of a byline role (see BYLINE_ROLES; also any `…报/社/网/台记者`) and names, \
               after an optional ornament (see ORNAMENTS), is a byline; the ornament is dropped.",
        input: "标题\n\n□本报记者 黄晏君\n\n正文。",
        expect: "H:标题 | B:本报记者 黄晏君 | P:正文。",
    },
    Rule {
        name: "byline-several",
        rule: "Consecutive byline lines are one byline, joined with a space.",
        input: "标题\n本报记者 张三\n通讯员 李四\n正文。",
        expect: "H:标题 | B:本报记者 张三 通讯员 李四 | P:正文。",
    },
    Rule {
        name: "dateline",
        rule: "A paragraph opening with a dateline — a source (see DATELINE_SOURCES, or any `…报/社/网/台`), \
               an optional place and date, then `讯` or `电` — gives the story its dateline; a bracketed \
               byline right after it gives the byline. The paragraph keeps the text after them.",
        input: "标题\n\n本报讯（记者 梁可心）在外卖存放点设置保温箱。",
        expect: "H:标题 | D:本报讯 | B:记者 梁可心 | P:在外卖存放点设置保温箱。",
    },
    Rule {
        name: "dateline-wire",
        rule: "A place and a date may stand between source and `电`/`讯`; with a place, the date is required.",
        input: "标题\n新华社北京5月1日电（记者 张三、李四）今天是劳动节。",
        expect: "H:标题 | D:新华社北京5月1日电 | B:记者 张三、李四 | P:今天是劳动节。",
    },
    Rule {
        name: "story-boundary",
        rule: "A story starts at the heading block before each anchor (a byline, or a dateline paragraph). \
               Blank lines never separate stories by themselves, so a story without anchor continues the \
               one before (only the first story of a file may lack one).",
        input: "甲标题\n本报讯 甲正文。\n\n\n\n乙标题\n本报记者 乙\n乙正文。",
        expect: "H:甲标题 | D:本报讯 | P:甲正文。 || H:乙标题 | B:本报记者 乙 | P:乙正文。",
    },
    Rule {
        name: "heading-block",
        rule: "The heading block is the run of heading lines right before the anchor: at most 40 characters, \
               no `。` anywhere, not ending in `。`/`，`/`；` (a kicker may end in `……`, `——` or `：`; a \
               headline in `？` or `！`). One line is the headline.",
        input: "老宋，你怕不怕？\n本报记者 张三\n正文。",
        expect: "H:老宋，你怕不怕？ | B:本报记者 张三 | P:正文。",
    },
    Rule {
        name: "kicker",
        rule: "Two heading lines are kicker + headline when the first ends in `……`, `——` or `：`, or opens \
               with a lead-in word (see LEAD_INS) ...",
        input: "为确诊单元送防护物资、清理生活垃圾……\n哈报人“老宋”与病毒“贴身”战斗\n□本报记者 黄晏君\n正文。",
        expect: "K:为确诊单元送防护物资、清理生活垃圾…… | H:哈报人“老宋”与病毒“贴身”战斗 | B:本报记者 黄晏君 | P:正文。",
    },
    Rule {
        name: "subheadline",
        rule: "... otherwise headline + subheadline (always so when the second opens with `——`).",
        input: "全方位融入 社区“疫”线添暖流\n市委政法委下沉小分队提供暖心服务\n本报讯 正文。",
        expect: "H:全方位融入 社区“疫”线添暖流 | S:市委政法委下沉小分队提供暖心服务 | D:本报讯 | P:正文。",
    },
    Rule {
        name: "three-lines",
        rule: "Three heading lines are kicker, headline, subheadline.",
        input: "引题\n主题\n——副题\n本报讯 正文。",
        expect: "K:引题 | H:主题 | S:——副题 | D:本报讯 | P:正文。",
    },
    Rule {
        name: "column-start",
        rule: "A column tag is a short line standing alone at the start of a story: a fourth heading line, \
               or any heading line decorated with a rule of `-`, `—`, `_`, `=`, `~`, `*` (three or more).",
        input: "===抗疫一线===\n主题\n本报讯 正文。",
        expect: "C:抗疫一线 | H:主题 | D:本报讯 | P:正文。",
    },
    Rule {
        name: "column-end",
        rule: "... or at the end of a story: a lone short line after its last paragraph (at the end of a file \
               it belongs to the story before it).",
        input: "主题\n本报讯 正文。\n\n“疫”线媒体人----",
        expect: "C:“疫”线媒体人 | H:主题 | D:本报讯 | P:正文。",
    },
    Rule {
        name: "subhead",
        rule: "In the body, a short line (at most 30 characters, no `。`, no ending punctuation) between \
               paragraphs is a subhead.",
        input: "主题\n本报讯 正文。\n支部建在一线，边学习边战“疫”\n又一段。",
        expect: "H:主题 | D:本报讯 | P:正文。 | T:支部建在一线，边学习边战“疫” | P:又一段。",
    },
    Rule {
        name: "subhead-question",
        rule: "Consecutive short lines form one subhead with several lines; the first may be a question \
               ending in `？` (a question alone, followed by a paragraph, stays a paragraph).",
        input: "主题\n本报讯 正文。\n确诊单元18户居民需防护物资？\n\n我去送\n又一段。",
        expect: "H:主题 | D:本报讯 | P:正文。 | T:确诊单元18户居民需防护物资？/我去送 | P:又一段。",
    },
    Rule {
        name: "list-after-colon",
        rule: "Short lines after a paragraph ending in `：` are list items: paragraphs, not subheads.",
        input: "主题\n本报讯 措施有：\n加强巡逻\n增加物资\n完。",
        expect: "H:主题 | D:本报讯 | P:措施有： | P:加强巡逻 | P:增加物资 | P:完。",
    },
    Rule {
        name: "broken-paragraph",
        rule: "A paragraph broken by a stray blank line is joined again, with nothing between: a block \
               that does not end a sentence (`。！？…` before any closing quotes) and is long (over 40 \
               characters) or holds a `。`, or ends in `，`/`；`, continues into the next block unless that \
               one is a heading, subhead, byline or dateline.",
        input: "主题\n本报讯 面对紧急形势。下沉到社区的小分队队员不顾自\n\n身安危，立即请战。",
        expect: "H:主题 | D:本报讯 | P:面对紧急形势。下沉到社区的小分队队员不顾自身安危，立即请战。",
    },
    Rule {
        name: "numbered-subhead",
        rule: "A short line opening with a section number (`一、`, `（一）`, `1.`) and without `。` is a subhead \
               of its own (it may end in `？`), even right after another subhead.",
        input: "主题\n本报讯 正文。\n一、加强组织领导\n（一）谁来牵头？\n又一段。",
        expect: "H:主题 | D:本报讯 | P:正文。 | T:一、加强组织领导 | T:（一）谁来牵头？ | P:又一段。",
    },
    Rule {
        name: "chapter",
        rule: "A line `第` + number + `卷/部/篇/章/回` (level 1) or `节` (level 2), then nothing, a space or \
               `：`, at most 40 characters, is a chapter heading; `第十二章的故事……` is a paragraph.",
        input: "冰城往事\n那年冬天。\n第二章 老街\n说起第十二章的故事，他笑了。\n第一节\n又一段。",
        expect: "H:冰城往事 | P:那年冬天。 | X1:第二章 老街 | P:说起第十二章的故事，他笑了。 | X2:第一节 | P:又一段。",
    },
    Rule {
        name: "chapter-stories",
        rule: "In a file that opens with a chapter heading, every chapter heading opens a story of its own \
               (the heading is its headline).",
        input: "第一章 雪落\n那年冬天。\n第二章 老街\n又一段。",
        expect: "H:第一章 雪落 | P:那年冬天。 || H:第二章 老街 | P:又一段。",
    },
    Rule {
        name: "editors-note",
        rule: "A line opening with `编者按` (`编者按：`, `【编者按】`) is an editor's note, also between the \
               heading block and the byline or dateline.",
        input: "主题\n编者按：这是一组报道。\n本报讯 正文。",
        expect: "H:主题 | D:本报讯 | N:编者按：这是一组报道。 | P:正文。",
    },
    Rule {
        name: "caption",
        rule: "A line `（图为…）` (or `（上图…）`, or a short line opening with `图为`) is a photo caption.",
        input: "主题\n本报讯 正文。\n（图为队员们在社区值守。）\n又一段。",
        expect: "H:主题 | D:本报讯 | P:正文。 | G:（图为队员们在社区值守。） | P:又一段。",
    },
    Rule {
        name: "ending",
        rule: "`（完）` alone on a line, or at the end of the last paragraph, is the story's end mark.",
        input: "主题\n本报讯 正文。\n末段。（完）",
        expect: "H:主题 | D:本报讯 | P:正文。 | P:末段。 | E:（完）",
    },
    Rule {
        name: "editor",
        rule: "A line `责任编辑：X` (also `责编`, `编辑`, in brackets or not) is the editor credit.",
        input: "主题\n本报讯 正文。\n（完）\n责任编辑：张三",
        expect: "H:主题 | D:本报讯 | P:正文。 | E:（完） | R:责任编辑：张三",
    },
    Rule {
        name: "story-end",
        rule: "An end mark or editor credit followed by a heading line closes the story: the heading lines \
               after it head the next story, with or without byline or dateline.",
        input: "甲标题\n甲正文。\n（完）\n乙标题\n乙正文。",
        expect: "H:甲标题 | P:甲正文。 | E:（完） || H:乙标题 | P:乙正文。",
    },
    Rule {
        name: "byline-forms",
        rule: "Bylines come as `本报记者 X`, `记者 X Y`, `文/X`, `通讯员 X`, and in brackets after a dateline \
               `（记者 X 通讯员 Y）`.",
        input: "主题\n文/张三\n正文。\n\n乙\n本报12月1日讯（记者 李四 通讯员 王五）正文。",
        expect: "H:主题 | B:文/张三 | P:正文。 || H:乙 | D:本报12月1日讯 | B:记者 李四 通讯员 王五 | P:正文。",
    },
    Rule {
        name: "ornament-lines",
        rule: "Lines made only of rule characters are page ornaments and vanish.",
        input: "主题\n本报讯 正文。\n--------\n又一段。",
        expect: "H:主题 | D:本报讯 | P:正文。 | P:又一段。",
    },
];

/// Roles that open a byline, longest first (besides any `<Han>报记者`, `<Han>社记者` … e.g. `人民日报记者`).
pub const BYLINE_ROLES: &[&str] = &[
    "本报特约记者",
    "本报见习记者",
    "本报实习记者",
    "本报首席记者",
    "本报通讯员",
    "本报实习生",
    "本报记者",
    "新华社记者",
    "特约记者",
    "见习记者",
    "实习记者",
    "首席记者",
    "特约撰稿",
    "通讯员",
    "实习生",
    "记者",
    "文/图",
    "文／图",
    "文/",
    "文／",
    "图/",
    "图／",
    "摄影",
    "撰文",
];

/// Words that look like a name after `记者` but make a column tag (`记者手记`), not a byline.
pub const NOT_NAMES: &[&str] = &[
    "手记", "札记", "观察", "调查", "视点", "笔记", "日记", "来信", "在线",
];

/// Ornaments that papers set before a byline (`□本报记者 黄晏君`); dropped.
pub const ORNAMENTS: &[char] = &[
    '□', '■', '◇', '◆', '○', '●', '◎', '☆', '★', '▲', '△', '▼', '▽', '※', '▌', '▍', '|', '｜',
];

/// Sources that open a dateline (`本报讯`, `新华社北京5月1日电`); besides these, any 2–8 Han characters
/// ending in `报`, `社`, `网` or `台` (`哈尔滨日报讯`, `中新网哈尔滨12月1日电`).
pub const DATELINE_SOURCES: &[&str] = &[
    "本报",
    "新华社",
    "中新社",
    "中新网",
    "人民网",
    "新华网",
    "央视网",
    "央广网",
    "光明网",
    "国际在线",
    "央视新闻",
    "澎湃新闻",
];

/// Openers that make the first of two heading lines a kicker (`面对疫情大考` / headline).
pub const LEAD_INS: &[&str] = &["为了", "面对", "围绕", "聚焦", "随着", "着眼", "立足"];

/// Characters that make up a rule (an ornamental line) when three or more stand together.
const RULE_CHARS: &[char] = &[
    '-', '—', '―', '─', '━', '═', '_', '＿', '=', '＝', '~', '～', '*', '＊', '#', '＃',
];

/// Closing marks looked through when finding how a line ends.
const CLOSERS: &[char] = &['”', '’', '」', '』', '）', ')', '》', '〉', '】', '"', '\''];

/// How a line ends, closing quotes and brackets looked through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// A letter, digit or anything else that ends nothing.
    Open,
    /// `。` or `.` (English).
    Period,
    /// `？！?!`
    Question,
    /// `…` (`……`, `...`).
    Ellipsis,
    /// `—` (`——`).
    Dash,
    /// `：:`
    Colon,
    /// `，,、；;`
    Comma,
}

/// A non-blank line, ornaments stripped.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    /// 1-based line number in the file.
    number: usize,
    /// A rule stood before or after the text.
    decorated: bool,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Text,
    Byline(String),
    Dateline(Dateline),
    /// `第一章 …` with its level.
    Chapter(u8),
    /// `编者按：…`
    Note,
    /// `（图为…）`
    Caption,
    /// `（完）`
    Ending,
    /// `责任编辑：…`
    Editor,
}

/// A dateline found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq)]
struct Dateline {
    /// `本报讯`, `新华社北京5月1日电`.
    dateline: String,
    /// The bracketed byline after it, brackets dropped: `记者 梁可心`.
    byline: Option<String>,
    /// The paragraph's text after dateline and byline.
    rest: String,
}

impl Line {
    fn chars(&self) -> usize {
        self.text.chars().count()
    }

    fn is_text(&self) -> bool {
        matches!(self.kind, Kind::Text)
    }

    /// A byline or a dateline paragraph: what a story's heading block stands right before.
    fn is_anchor(&self) -> bool {
        matches!(self.kind, Kind::Byline(_) | Kind::Dateline(_))
    }

    /// An end mark or editor credit: what closes a story.
    fn is_terminator(&self) -> bool {
        matches!(self.kind, Kind::Ending | Kind::Editor)
    }

    fn ending(&self) -> (Ending, bool) {
        ending(&self.text)
    }

    /// Fits a heading block (kicker, headline, subheadline, column).
    fn is_heading(&self) -> bool {
        self.is_text()
            && self.chars() <= HEADING_MAX_CHARS
            && !self.text.contains('。')
            && match self.ending() {
                (Ending::Open | Ending::Ellipsis | Ending::Dash | Ending::Colon, _) => true,
                (Ending::Question, closed) => !closed,
                _ => false,
            }
    }

    /// Fits a body subhead line (or a later line of a multi-line subhead).
    fn is_subhead(&self) -> bool {
        self.is_text()
            && self.chars() <= SUBHEAD_MAX_CHARS
            && !self.text.contains('。')
            && self.ending().0 == Ending::Open
    }

    /// A numbered subhead (`一、…`, `（一）…`, `1. …`): short, no `。`, ending open or in `？`/`！`.
    fn is_numbered_subhead(&self) -> bool {
        self.is_text()
            && self.chars() <= SUBHEAD_MAX_CHARS
            && !self.text.contains('。')
            && section_number_len(&self.text).is_some()
            && matches!(self.ending(), (Ending::Open | Ending::Question, _))
    }

    /// A short question that may open a multi-line subhead.
    fn is_subhead_question(&self) -> bool {
        self.is_text()
            && self.chars() <= SUBHEAD_MAX_CHARS
            && !self.text.contains('。')
            && self.ending() == (Ending::Question, false)
    }
}

/// How `text` ends, and whether closing quotes or brackets stood after that.
fn ending(text: &str) -> (Ending, bool) {
    let trimmed = text.trim_end_matches(CLOSERS);
    let closed = trimmed.len() < text.len();
    let kind = match trimmed.chars().last() {
        Some('。' | '.' | '．') if trimmed.ends_with("...") => Ending::Ellipsis,
        Some('。' | '.' | '．') => Ending::Period,
        Some('？' | '！' | '?' | '!') => Ending::Question,
        Some('…' | '⋯') => Ending::Ellipsis,
        Some('—' | '―') => Ending::Dash,
        Some('：' | ':') => Ending::Colon,
        Some('，' | ',' | '、' | '；' | ';') => Ending::Comma,
        _ => Ending::Open,
    };
    (kind, closed)
}

/// Splits a rule off the start and end of a line: `“疫”线媒体人----` → (`“疫”线媒体人`, true).
fn strip_rules(line: &str) -> (String, bool) {
    let chars: Vec<char> = line.chars().collect();
    let is_rule = |c: &char| RULE_CHARS.contains(c);
    let lead = chars.iter().take_while(|c| is_rule(c)).count();
    let trail = chars[lead..]
        .iter()
        .rev()
        .take_while(|c| is_rule(c))
        .count();
    let start = if lead >= 3 { lead } else { 0 };
    let end = if trail >= 3 {
        chars.len() - trail
    } else {
        chars.len()
    };
    if start == 0 && end == chars.len() {
        return (line.to_string(), false);
    }
    let text: String = chars[start..end.max(start)].iter().collect();
    (text.trim().to_string(), true)
}

/// Length in bytes of the byline role at the start of `s`, if any.
fn byline_role(s: &str) -> Option<usize> {
    if let Some(role) = BYLINE_ROLES.iter().find(|r| s.starts_with(**r)) {
        return Some(role.len());
    }
    // `人民日报记者`, `中新社记者`: a Han source name, then 记者.
    let pos = s.find("记者")?;
    let source = &s[..pos];
    let n = source.chars().count();
    ((2..=8).contains(&n)
        && source.chars().all(is_han)
        && source.ends_with(['报', '社', '网', '台']))
    .then_some(pos + "记者".len())
}

/// Parses a byline (`本报记者 黄晏君`, `记者 张三、李四 通讯员 王五`): its names, or `None`.
fn byline_names(s: &str) -> Option<Vec<String>> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > HEADING_MAX_CHARS {
        return None;
    }
    let mut names = Vec::new();
    let mut rest = s;
    let mut first = true;
    while !rest.is_empty() {
        let role_len = byline_role(rest);
        match role_len {
            Some(len) => rest = &rest[len..],
            None if first => return None,
            None => {}
        }
        first = false;
        let separated = rest.starts_with([' ', '\u{3000}', '/', '／', ':', '：']);
        rest = rest.trim_start_matches([' ', '\u{3000}', '/', '／', ':', '：']);
        // Names up to the next role.
        let mut end = rest.len();
        for (i, _) in rest.char_indices().skip(1) {
            if byline_role(&rest[i..]).is_some() && rest[..i].ends_with([' ', '\u{3000}']) {
                end = i;
                break;
            }
        }
        let (segment, tail) = rest.split_at(end);
        let found: Vec<&str> = segment
            .split([' ', '\u{3000}', '、', '，', ','])
            .filter(|n| !n.is_empty())
            .collect();
        if found.is_empty() {
            return None;
        }
        for name in found {
            let n = name.chars().count();
            let letters = name
                .chars()
                .all(|c| is_han(c) || c.is_alphabetic() || matches!(c, '·' | '•' | '.' | '-'));
            let han_only = name.chars().all(is_han);
            let max = if han_only { 4 } else { 16 };
            if !letters || n > max || (!separated && n > 4) || NOT_NAMES.contains(&name) {
                return None;
            }
            names.push(name.to_string());
        }
        rest = tail.trim_start();
    }
    (!names.is_empty()).then_some(names)
}

/// A standalone byline line (ornament allowed, brackets allowed): its clean text.
fn parse_byline_line(s: &str) -> Option<String> {
    let s = s.trim_start_matches(|c: char| ORNAMENTS.contains(&c) || c.is_whitespace());
    let inner = strip_brackets(s).unwrap_or(s);
    byline_names(inner)?;
    Some(inner.trim().to_string())
}

fn strip_brackets(s: &str) -> Option<&str> {
    let s = s.trim();
    for (open, close) in [('（', '）'), ('(', ')'), ('【', '】'), ('[', ']')] {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return Some(inner);
        }
    }
    None
}

/// Bytes of a date at the start of `s`: `5月1日`, `12月1日`, `1日` (ASCII, full-width or Han digits).
fn date_len(s: &str) -> usize {
    let digit = |c: char| {
        c.is_ascii_digit() || ('０'..='９').contains(&c) || "〇零一二三四五六七八九十".contains(c)
    };
    let digits = |t: &str| {
        t.char_indices()
            .find(|&(_, c)| !digit(c))
            .map_or(t.len(), |(i, _)| i)
    };
    let d1 = digits(s);
    if d1 == 0 {
        return 0;
    }
    let after = &s[d1..];
    if let Some(rest) = after.strip_prefix('月') {
        let d2 = digits(rest);
        if d2 > 0 && rest[d2..].starts_with('日') {
            return d1 + '月'.len_utf8() + d2 + '日'.len_utf8();
        }
        return 0;
    }
    if after.starts_with('日') {
        return d1 + '日'.len_utf8();
    }
    0
}

/// Bytes of a dateline proper (`本报讯`, `新华社北京5月1日电`) at the start of `s`.
fn dateline_len(s: &str) -> Option<usize> {
    let mut sources: Vec<usize> = DATELINE_SOURCES
        .iter()
        .filter(|src| s.starts_with(**src))
        .map(|src| src.len())
        .collect();
    let mut n = 0;
    for (i, c) in s.char_indices() {
        if !is_han(c) || n == 8 {
            break;
        }
        n += 1;
        if n >= 2 && matches!(c, '报' | '社' | '网' | '台') {
            sources.push(i + c.len_utf8());
        }
    }
    for source in sources {
        let rest = &s[source..];
        // Place: Han characters up to the date or to 讯/电.
        for (place_end, _) in rest
            .char_indices()
            .chain(std::iter::once((rest.len(), ' ')))
            .take(9)
        {
            let place = &rest[..place_end];
            if !place.chars().all(is_han) {
                break;
            }
            let after_place = &rest[place_end..];
            let date = date_len(after_place);
            if !place.is_empty() && date == 0 {
                continue;
            }
            let tail = &after_place[date..];
            // `本报电话` is no dateline: a bare `电` must not run on into a word.
            let runs_on = tail.starts_with('电') && date == 0 && tail[3..].starts_with(is_han);
            if tail.starts_with(['讯', '电']) && !runs_on {
                return Some(source + place_end + date + '讯'.len_utf8());
            }
        }
    }
    None
}

/// Parses the dateline (and bracketed byline) opening a paragraph.
fn parse_dateline(s: &str) -> Option<Dateline> {
    let len = dateline_len(s)?;
    let dateline = s[..len].to_string();
    let mut rest = s[len..].trim_start_matches([' ', '\u{3000}']);
    let mut byline = None;
    for (open, close) in [('（', '）'), ('(', ')'), ('【', '】')] {
        if let Some(inner) = rest.strip_prefix(open) {
            if let Some(end) = inner.find(close) {
                let candidate = inner[..end].trim();
                if byline_names(candidate).is_some() {
                    byline = Some(candidate.to_string());
                    rest = &inner[end + close.len_utf8()..];
                }
            }
            break;
        }
    }
    let rest = rest
        .trim_start_matches([' ', '\u{3000}', '：', ':'])
        .to_string();
    Some(Dateline {
        dateline,
        byline,
        rest,
    })
}

fn classify(text: &str, number: usize) -> Option<Line> {
    let (text, decorated) = strip_rules(text.trim());
    if text.is_empty() {
        return None;
    }
    let kind = if let Some(b) = parse_byline_line(&text).filter(|_| !decorated) {
        Kind::Byline(b)
    } else if let Some(d) = parse_dateline(&text) {
        Kind::Dateline(d)
    } else if is_editors_note(&text) {
        Kind::Note
    } else if is_caption(&text) {
        Kind::Caption
    } else if is_ending(&text) {
        Kind::Ending
    } else if is_editor_credit(&text) {
        Kind::Editor
    } else if let Some(level) = chapter_level(&text) {
        Kind::Chapter(level)
    } else {
        Kind::Text
    };
    Some(Line {
        text,
        number,
        decorated,
        kind,
    })
}

/// Whether a line is a byline, and whether it is a byline or opens with a dateline (hard-wrap joining
/// never continues a byline, nor continues anything into either).
pub(crate) fn anchor_kind(text: &str) -> (bool, bool) {
    let byline = parse_byline_line(text).is_some();
    (byline, byline || parse_dateline(text).is_some())
}

/// Names in a byline, roles dropped: `本报记者 黄晏君` → `[黄晏君]`.
pub fn byline_authors(byline: &str) -> Vec<String> {
    byline_names(byline).unwrap_or_default()
}

/// Marks that end a story (`（完）`), as they stand after normalisation.
pub const ENDING_MARKS: &[&str] = &["（完）", "【完】", "[完]", "（全文完）"];

/// Labels of an editor credit line (`责任编辑：张三`).
pub const EDITOR_LABELS: &[&str] = &["责任编辑", "责编", "本版编辑", "编辑"];

/// Han numerals (and ASCII digits) in chapter and section numbers.
const NUMERALS: &str = "〇零一二三四五六七八九十百千万两0123456789";

/// The level of a book-style heading (`第一章 雪落松花江` → 1, `第三节` → 2), or `None`.
///
/// `第` + a number + one of `卷 部 篇 章 回 节`, then the end of the line, a space, or `：:、·.．—`; at most
/// 40 characters and no `。`. So `第十二章的故事` is no heading.
pub fn chapter_level(text: &str) -> Option<u8> {
    if text.chars().count() > HEADING_MAX_CHARS || text.contains('。') {
        return None;
    }
    let rest = text.strip_prefix('第')?;
    let digits = rest.chars().take_while(|c| NUMERALS.contains(*c)).count();
    if !(1..=8).contains(&digits) {
        return None;
    }
    let mut after = rest.chars().skip(digits);
    let level = match after.next()? {
        '卷' | '部' | '篇' | '章' | '回' => 1,
        '节' => 2,
        _ => return None,
    };
    match after.next() {
        None => Some(level),
        Some(c) if c.is_whitespace() || "　：:、·.．—".contains(c) => Some(level),
        Some(_) => None,
    }
}

/// Bytes of a section number opening `text`: `一、`, `（一）`, `(1)`, `1.`, `1、`, `1．` (followed by text,
/// so `3.14` is no number).
pub fn section_number_len(text: &str) -> Option<usize> {
    let han = |c: char| "一二三四五六七八九十".contains(c);
    let digit = |c: char| c.is_ascii_digit();
    let count = |s: &str, f: &dyn Fn(char) -> bool| -> usize {
        s.chars().take_while(|&c| f(c)).map(char::len_utf8).sum()
    };
    for (open, close) in [("（", "）"), ("(", ")")] {
        if let Some(rest) = text.strip_prefix(open) {
            let n = count(rest, &han).max(count(rest, &digit));
            if n > 0 && rest[n..].starts_with(close) && rest.len() > n + close.len() {
                return Some(open.len() + n + close.len());
            }
        }
    }
    let n = count(text, &han);
    if n > 0 && n <= 9 && text[n..].starts_with('、') && text.len() > n + 3 {
        return Some(n + '、'.len_utf8());
    }
    let n = count(text, &digit);
    if (1..=3).contains(&n) {
        let rest = &text[n..];
        let mark = rest.chars().next()?;
        let next = rest.chars().nth(1)?;
        if matches!(mark, '.' | '、' | '．') && !next.is_ascii_digit() {
            return Some(n + mark.len_utf8());
        }
    }
    None
}

/// What a paragraph of its own can be besides a paragraph (the Markdown reader asks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// An editor's note.
    Note,
    /// A photo caption.
    Caption,
    /// An end mark.
    Ending,
    /// An editor credit.
    Editor,
}

/// Classifies a paragraph's text by the rules editors-note, caption, ending and editor.
pub(crate) fn classify_block_text(text: &str) -> Option<BlockKind> {
    if is_editors_note(text) {
        Some(BlockKind::Note)
    } else if is_caption(text) {
        Some(BlockKind::Caption)
    } else if is_ending(text) {
        Some(BlockKind::Ending)
    } else if is_editor_credit(text) {
        Some(BlockKind::Editor)
    } else {
        None
    }
}

/// `编者按：…`, `【编者按】…`: an editor's note.
fn is_editors_note(text: &str) -> bool {
    let t = text.trim_start_matches(['【', '[', '（', '(']);
    t.strip_prefix("编者按").is_some_and(|rest| {
        rest.is_empty() || rest.starts_with(['：', ':', '】', ']', '）', ')', ' ', '　'])
    })
}

/// `（图为…）`, or a short line opening with `图为`: a photo caption.
fn is_caption(text: &str) -> bool {
    for (open, close) in [('（', '）'), ('(', ')'), ('【', '】')] {
        if let Some(inner) = text.strip_prefix(open).and_then(|r| r.strip_suffix(close))
            && (inner.starts_with("图为") || inner.starts_with("上图") || inner.starts_with("下图"))
        {
            return true;
        }
    }
    text.starts_with("图为") && !text.starts_with("图为什么") && text.chars().count() <= 60
}

/// `（完）` standing alone.
fn is_ending(text: &str) -> bool {
    ENDING_MARKS.contains(&text)
}

/// `责任编辑：张三`, `（责任编辑 张三）`: an editor credit (label, separator, at most 16 characters).
fn is_editor_credit(text: &str) -> bool {
    let t = strip_brackets(text).unwrap_or(text);
    EDITOR_LABELS.iter().any(|label| {
        t.strip_prefix(label).is_some_and(|rest| {
            let name = rest.trim_start_matches(['：', ':', ' ', '　']);
            name.len() < rest.len()
                && !name.is_empty()
                && name.chars().count() <= 16
                && !name.contains(['。', '，'])
        })
    })
}

/// Finds the stories in normalised logical `lines` (from the file `path`, named in errors). The
/// `broken-paragraphs` rule is applied if `options` has it on, counted in `report`.
///
/// Errors: [`Error::Input`] when there is no text at all, or when the text does not open with a headline.
pub fn detect_stories(
    lines: &[SourceLine],
    path: &Path,
    options: &NormalizeOptions,
    report: &mut Report,
) -> Result<Vec<Story>> {
    let lines: Vec<Line> = lines
        .iter()
        .filter_map(|l| classify(&l.text, l.number))
        .collect();
    let input_error = |line: Option<usize>, message: String| Error::Input {
        path: path.to_path_buf(),
        line,
        message,
    };
    if lines.is_empty() {
        return Err(input_error(
            None,
            "no text: the file is empty or holds only blank lines".into(),
        ));
    }
    // Segments: a story's end mark or editor credit followed by a heading line closes a segment (rule
    // story-end); in a file that opens with a chapter heading, each chapter heading opens one (rule
    // chapter-stories).
    let chapters = matches!(lines[0].kind, Kind::Chapter(_));
    let mut cuts = vec![0];
    for i in 1..lines.len() {
        let after_end = lines[i - 1].is_terminator()
            && !lines[i].is_terminator()
            && (lines[i].is_heading() || matches!(lines[i].kind, Kind::Chapter(_)));
        let chapter = chapters && matches!(lines[i].kind, Kind::Chapter(_));
        if after_end || chapter {
            cuts.push(i);
        }
    }
    cuts.push(lines.len());
    let mut ctx = BodyContext {
        options,
        report,
        path,
    };
    let mut stories = Vec::new();
    for w in cuts.windows(2) {
        stories.extend(segment_stories(&lines[w[0]..w[1]], &input_error, &mut ctx)?);
    }
    Ok(stories)
}

/// Switches and counts for the body rules.
struct BodyContext<'a> {
    options: &'a NormalizeOptions,
    report: &'a mut Report,
    path: &'a Path,
}

/// The stories of one segment (see [`detect_stories`]).
fn segment_stories(
    lines: &[Line],
    input_error: &dyn Fn(Option<usize>, String) -> Error,
    ctx: &mut BodyContext,
) -> Result<Vec<Story>> {
    // Story starts: every anchor with heading lines right before it (editor's notes may stand between).
    let mut starts: Vec<Start> = Vec::new();
    for i in 0..lines.len() {
        let anchor = lines[i].is_anchor() && (i == 0 || !lines[i - 1].is_anchor());
        if !anchor {
            continue;
        }
        let mut k = i;
        while k > 0 && matches!(lines[k - 1].kind, Kind::Note) {
            k -= 1;
        }
        let run = lines[..k]
            .iter()
            .rev()
            .take_while(|l| l.is_heading())
            .take(HEADING_MAX_LINES)
            .count();
        if run > 0 && starts.last().is_none_or(|s| s.body <= k - run) {
            starts.push(Start {
                first: k - run,
                body: k,
            });
        }
    }
    // Text before the first anchored story: its leading heading lines head a story of their own (a
    // chapter heading first among them).
    let opening = starts.first().map_or(lines.len(), |s| s.first);
    if opening > 0 {
        let chapter = usize::from(matches!(lines[0].kind, Kind::Chapter(_)));
        let run = chapter
            + lines[chapter..opening]
                .iter()
                .take_while(|l| l.is_heading())
                .take(HEADING_MAX_LINES - chapter)
                .count();
        if run == 0 {
            return Err(input_error(
                Some(lines[0].number),
                format!(
                    "no headline: the text opens with a paragraph (a headline is a line of at most \
                     {HEADING_MAX_CHARS} characters without sentence-final punctuation)"
                ),
            ));
        }
        starts.insert(
            0,
            Start {
                first: 0,
                body: run,
            },
        );
    }
    let mut stories = Vec::new();
    for (k, s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(lines.len(), |next| next.first);
        stories.push(build_story(
            &lines[s.first..s.body],
            &lines[s.body..end],
            end == lines.len(),
            ctx,
        ));
    }
    Ok(stories)
}

/// Where a story starts: its heading lines are `lines[first..body]`; anchor and body follow.
struct Start {
    first: usize,
    body: usize,
}

/// Builds one story from its heading lines and the rest (editor's notes, anchor lines, then body).
fn build_story(
    heading: &[Line],
    rest: &[Line],
    last_in_file: bool,
    ctx: &mut BodyContext,
) -> Story {
    let mut story = Story {
        column: None,
        kicker: None,
        headline: String::new(),
        subheadline: None,
        dateline: None,
        byline: None,
        blocks: Vec::new(),
    };
    assign_heading(&mut story, heading);

    // Editor's notes, then the anchor: byline lines, then an optional dateline paragraph.
    let mut i = 0;
    let mut notes = Vec::new();
    while let Some(
        line @ Line {
            kind: Kind::Note, ..
        },
    ) = rest.get(i)
    {
        notes.push(Block::EditorsNote {
            inlines: vec![crate::model::Inline::Text(line.text.clone())],
        });
        i += 1;
    }
    let mut bylines = Vec::new();
    while let Some(Kind::Byline(b)) = rest.get(i).map(|l| &l.kind) {
        bylines.push(b.clone());
        i += 1;
    }
    let mut body: Vec<Line> = Vec::new();
    if let Some(Line {
        kind: Kind::Dateline(d),
        number,
        ..
    }) = rest.get(i)
    {
        story.dateline = Some(d.dateline.clone());
        bylines.extend(d.byline.clone());
        if !d.rest.is_empty() {
            // The text after a dateline is a paragraph, unless it is a note, caption, end mark or credit.
            let kind = match classify_block_text(&d.rest) {
                Some(BlockKind::Note) => Kind::Note,
                Some(BlockKind::Caption) => Kind::Caption,
                Some(BlockKind::Ending) => Kind::Ending,
                Some(BlockKind::Editor) => Kind::Editor,
                None => Kind::Text,
            };
            body.push(Line {
                text: d.rest.clone(),
                number: *number,
                decorated: false,
                kind,
            });
        }
        i += 1;
    }
    let forced_paragraph = body.len();
    body.extend(rest[i..].iter().cloned());
    if !bylines.is_empty() {
        story.byline = Some(bylines.join(" "));
    }

    // End marks and editor credits after the last paragraph stay last; the column tag may stand before
    // them (rule column-end).
    let mut tail = Vec::new();
    while body.len() > forced_paragraph && body.last().is_some_and(Line::is_terminator) {
        tail.push(body.pop().expect("a last line"));
    }
    tail.reverse();
    if story.column.is_none() && body.len() >= 2 {
        let last = &body[body.len() - 1];
        let before = &body[body.len() - 2];
        if last.is_heading()
            && !last.text.starts_with(['（', '(', '【', '['])
            && !before.is_subhead()
            && !before.is_subhead_question()
            && (last_in_file || last.decorated || !tail.is_empty())
        {
            story.column = body.pop().map(|l| l.text);
        }
    }
    body.extend(tail);
    story.blocks = notes;
    let blocks = body_blocks(&mut story.byline, &body, forced_paragraph, ctx);
    story.blocks.extend(blocks);
    split_run_in_ending(&mut story.blocks);
    story
}

/// A last paragraph ending in `（完）` gives the mark its own block (rule ending).
fn split_run_in_ending(blocks: &mut Vec<Block>) {
    if blocks.iter().any(|b| matches!(b, Block::Ending { .. })) {
        return;
    }
    let Some(at) = blocks
        .iter()
        .rposition(|b| !matches!(b, Block::Editor { .. }))
    else {
        return;
    };
    let Block::Paragraph { inlines } = &mut blocks[at] else {
        return;
    };
    let Some(crate::model::Inline::Text(text)) = inlines.last_mut() else {
        return;
    };
    if let Some(mark) = ENDING_MARKS
        .iter()
        .find(|m| text.ends_with(**m) && text.len() > m.len())
    {
        text.truncate(text.len() - mark.len());
        blocks.insert(
            at + 1,
            Block::Ending {
                text: mark.to_string(),
            },
        );
    }
}

/// Column, kicker, headline, subheadline from the heading lines (rules heading-block … column-start).
fn assign_heading(story: &mut Story, heading: &[Line]) {
    let mut lines: Vec<&Line> = heading.iter().collect();
    let decorated = lines.iter().position(|l| l.decorated);
    let column = match decorated {
        Some(p) if lines.len() > 1 => Some(lines.remove(p)),
        _ if lines.len() == HEADING_MAX_LINES => Some(lines.remove(0)),
        _ => None,
    };
    story.column = column.map(|l| l.text.clone());
    let text = |l: &&Line| l.text.clone();
    match lines.as_slice() {
        [] => {}
        [h] => story.headline = text(h),
        [a, b] => {
            let lead_in = matches!(
                a.ending().0,
                Ending::Ellipsis | Ending::Dash | Ending::Colon
            ) || LEAD_INS.iter().any(|w| a.text.starts_with(w));
            if lead_in && !b.text.starts_with("——") {
                story.kicker = Some(text(a));
                story.headline = text(b);
            } else {
                story.headline = text(a);
                story.subheadline = Some(text(b));
            }
        }
        [k, h, s, ..] => {
            story.kicker = Some(text(k));
            story.headline = text(h);
            story.subheadline = Some(text(s));
        }
    }
}

/// A block that a stray blank line cut short (rule broken-paragraph).
fn is_fragment(text: &str) -> bool {
    match ending(text).0 {
        Ending::Period | Ending::Question | Ending::Ellipsis | Ending::Colon => false,
        Ending::Comma => true,
        Ending::Open | Ending::Dash => {
            text.chars().count() > HEADING_MAX_CHARS || text.contains('。')
        }
    }
}

/// Whether a subhead starts at `body[i]`.
fn starts_subhead(body: &[Line], i: usize) -> bool {
    body[i].is_subhead()
        || body[i].is_numbered_subhead()
        || (body[i].is_subhead_question() && body.get(i + 1).is_some_and(continues_subhead))
}

/// A line that may be a later line of a multi-line subhead (never a numbered one: that opens its own).
fn continues_subhead(line: &Line) -> bool {
    line.is_text() && continues_subhead_text(&line.text)
}

/// Whether text may be a later line of a multi-line subhead: at most 30 characters, no `。`, no ending
/// punctuation, no section number (the Markdown reader asks this of consecutive `##` lines).
pub(crate) fn continues_subhead_text(text: &str) -> bool {
    text.chars().count() <= SUBHEAD_MAX_CHARS
        && !text.contains('。')
        && ending(text).0 == Ending::Open
        && section_number_len(text).is_none()
}

/// Body lines → blocks (rules subhead, subhead-question, numbered-subhead, chapter, editors-note, caption,
/// ending, editor, list-after-colon, broken-paragraph). The first `forced` lines are paragraphs whatever
/// they look like (the text after a dateline).
fn body_blocks(
    byline: &mut Option<String>,
    body: &[Line],
    forced: usize,
    ctx: &mut BodyContext,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut in_list = false;
    let mut i = 0;
    while i < body.len() {
        let line = &body[i];
        let special = match &line.kind {
            Kind::Byline(b) if byline.is_none() => {
                *byline = Some(b.clone());
                i += 1;
                continue;
            }
            Kind::Chapter(level) if i >= forced => Some(Block::Chapter {
                level: *level,
                title: line.text.clone(),
            }),
            Kind::Note => Some(Block::EditorsNote {
                inlines: vec![crate::model::Inline::Text(line.text.clone())],
            }),
            Kind::Caption => Some(Block::Caption {
                text: line.text.clone(),
            }),
            Kind::Ending => Some(Block::Ending {
                text: line.text.clone(),
            }),
            Kind::Editor => Some(Block::Editor {
                text: line.text.clone(),
            }),
            _ => None,
        };
        if let Some(block) = special {
            blocks.push(block);
            in_list = false;
            i += 1;
            continue;
        }
        in_list = in_list && line.is_text() && line.chars() <= SUBHEAD_MAX_CHARS;
        if i >= forced && !in_list && starts_subhead(body, i) {
            let mut lines = vec![line.text.clone()];
            let mut j = i + 1;
            while j < body.len() && continues_subhead(&body[j]) {
                lines.push(body[j].text.clone());
                j += 1;
            }
            blocks.push(Block::Subhead { lines });
            i = j;
            continue;
        }
        let mut text = line.text.clone();
        let mut j = i + 1;
        while ctx.options.broken_paragraphs
            && j < body.len()
            && is_fragment(&text)
            && body[j].is_text()
            && !starts_subhead(body, j)
        {
            join_continuation(&mut text, &body[j].text);
            ctx.report.count(RuleId::BrokenParagraphs, 1);
            j += 1;
        }
        if j > i + 1 {
            // The joined text gets the character rules again: its pieces give each other context.
            text = Normalizer {
                options: ctx.options,
                report: ctx.report,
                path: ctx.path,
            }
            .inline(&text, line.number);
        }
        // Short lines after a paragraph ending in `：` are list items (rule list-after-colon).
        in_list = in_list || ending(&text).0 == Ending::Colon;
        // Joined pieces may make a caption, note, end mark or credit whole again.
        blocks.push(match classify_block_text(&text) {
            Some(BlockKind::Note) => Block::EditorsNote {
                inlines: vec![crate::model::Inline::Text(text)],
            },
            Some(BlockKind::Caption) => Block::Caption { text },
            Some(BlockKind::Ending) => Block::Ending { text },
            Some(BlockKind::Editor) => Block::Editor { text },
            None => Block::paragraph(text),
        });
        i = j;
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compact notation of [`Rule::expect`].
    fn summary(stories: &[Story]) -> String {
        stories
            .iter()
            .map(|s| {
                let mut parts = Vec::new();
                let mut field = |tag: &str, v: &Option<String>| {
                    if let Some(v) = v {
                        parts.push(format!("{tag}:{v}"));
                    }
                };
                field("C", &s.column);
                field("K", &s.kicker);
                field("H", &Some(s.headline.clone()));
                field("S", &s.subheadline);
                field("D", &s.dateline);
                field("B", &s.byline);
                for b in &s.blocks {
                    parts.push(match b {
                        Block::Paragraph { .. } => format!("P:{}", b.plain_text()),
                        Block::Subhead { lines } => format!("T:{}", lines.join("/")),
                        Block::Chapter { level, title } => format!("X{level}:{title}"),
                        Block::EditorsNote { .. } => format!("N:{}", b.plain_text()),
                        Block::Caption { text } => format!("G:{text}"),
                        Block::Ending { text } => format!("E:{text}"),
                        Block::Editor { text } => format!("R:{text}"),
                        Block::Quote { .. } => format!("Q:{}", b.plain_text()),
                        Block::List { .. } => format!("L:{}", b.plain_text()),
                        Block::Image { src, .. } => format!("I:{src}"),
                    });
                }
                parts.join(" | ")
            })
            .collect::<Vec<_>>()
            .join(" || ")
    }

    fn detect(text: &str, path: &str) -> Result<Vec<Story>> {
        let options = NormalizeOptions::default();
        let mut report = Report::default();
        let path = Path::new(path);
        let lines = Normalizer {
            options: &options,
            report: &mut report,
            path,
        }
        .lines(text);
        detect_stories(&lines, path, &options, &mut report)
    }

    fn parse(text: &str) -> String {
        summary(&detect(text, "t.txt").unwrap())
    }

    #[test]
    fn every_rule_example_holds() {
        for rule in RULES {
            assert_eq!(parse(rule.input), rule.expect, "rule {}", rule.name);
        }
    }

    #[test]
    fn endings() {
        assert_eq!(ending("说。”"), (Ending::Period, true));
        assert_eq!(ending("物资？"), (Ending::Question, false));
        assert_eq!(ending("垃圾……"), (Ending::Ellipsis, false));
        assert_eq!(ending("边战“疫”"), (Ending::Open, true));
        assert_eq!(ending("不顾自"), (Ending::Open, false));
        assert_eq!(ending("他说："), (Ending::Colon, false));
        assert_eq!(ending("wait..."), (Ending::Ellipsis, false));
    }

    #[test]
    fn rules_are_stripped() {
        assert_eq!(
            strip_rules("“疫”线媒体人----"),
            ("“疫”线媒体人".into(), true)
        );
        assert_eq!(strip_rules("===栏目==="), ("栏目".into(), true));
        assert_eq!(
            strip_rules("——记老党员宋业宏"),
            ("——记老党员宋业宏".into(), false)
        );
        assert_eq!(strip_rules("垃圾——"), ("垃圾——".into(), false));
        assert_eq!(strip_rules("--------"), (String::new(), true));
    }

    #[test]
    fn bylines() {
        assert_eq!(
            parse_byline_line("□本报记者 黄晏君").as_deref(),
            Some("本报记者 黄晏君")
        );
        assert_eq!(
            parse_byline_line("记者 梁可心").as_deref(),
            Some("记者 梁可心")
        );
        assert_eq!(
            parse_byline_line("本报记者黄晏君").as_deref(),
            Some("本报记者黄晏君")
        );
        assert_eq!(parse_byline_line("文/张三").as_deref(), Some("文/张三"));
        assert_eq!(
            parse_byline_line("（记者 张三 通讯员 李四）").as_deref(),
            Some("记者 张三 通讯员 李四")
        );
        assert_eq!(
            parse_byline_line("人民日报记者 王五").as_deref(),
            Some("人民日报记者 王五")
        );
        assert_eq!(parse_byline_line("记者手记"), None);
        assert_eq!(parse_byline_line("记者了解到，社区已封控。"), None);
        assert_eq!(parse_byline_line("记者"), None);
        assert_eq!(parse_byline_line("记者 走进社区一线"), None);
        assert_eq!(
            byline_authors("本报记者 张三、李四 通讯员 王五"),
            ["张三", "李四", "王五"]
        );
    }

    #[test]
    fn datelines() {
        let d = parse_dateline("本报讯（记者 梁可心）在外卖存放点").unwrap();
        assert_eq!(d.dateline, "本报讯");
        assert_eq!(d.byline.as_deref(), Some("记者 梁可心"));
        assert_eq!(d.rest, "在外卖存放点");
        let d = parse_dateline("新华社北京5月1日电 今天").unwrap();
        assert_eq!(
            (d.dateline.as_str(), d.byline, d.rest.as_str()),
            ("新华社北京5月1日电", None, "今天")
        );
        assert_eq!(
            parse_dateline("本报12月1日讯 正文").unwrap().dateline,
            "本报12月1日讯"
        );
        assert_eq!(
            parse_dateline("中新网哈尔滨12月1日电 正文")
                .unwrap()
                .dateline,
            "中新网哈尔滨12月1日电"
        );
        assert_eq!(
            parse_dateline("哈尔滨日报讯 正文").unwrap().dateline,
            "哈尔滨日报讯"
        );
        assert_eq!(
            parse_dateline("新华社电 正文").unwrap().dateline,
            "新华社电"
        );
        // Not datelines.
        assert_eq!(parse_dateline("本报记者日前电话采访了他。"), None);
        assert_eq!(parse_dateline("今日报道称，停电已恢复。"), None);
        assert_eq!(parse_dateline("本报电话热线开通。"), None);
        assert_eq!(parse_dateline("在外卖存放点设置泡沫保温箱。"), None);
        // A bracket that is not a byline stays in the paragraph.
        let d = parse_dateline("本报讯（图文）正文").unwrap();
        assert_eq!((d.byline, d.rest.as_str()), (None, "（图文）正文"));
    }

    #[test]
    fn no_text_and_no_headline_are_errors() {
        let err = detect("\n \n\n", "a.txt").unwrap_err().to_string();
        assert!(err.contains("a.txt") && err.contains("no text"), "{err}");
        let err = detect(
            "\n\n这是一段很长的正文，它以句号结束，并不是标题。\n",
            "b.txt",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("b.txt:3:") && err.contains("no headline"),
            "{err}"
        );
    }

    #[test]
    fn unanchored_story() {
        assert_eq!(
            parse("标题\n\n正文。\n\n小标题\n\n又一段。"),
            "H:标题 | P:正文。 | T:小标题 | P:又一段。"
        );
        assert_eq!(parse("只有标题"), "H:只有标题");
    }

    #[test]
    fn no_text_is_lost() {
        let text = "栏目----\n引题……\n主题\n——副题\n□本报记者 张三\n本报讯（通讯员 李四）一段不顾自\n\n身安危。\n问？\n\n答\n短行\n末段。\n\n尾栏";
        let stories = detect(text, "t.txt").unwrap();
        let mut all = String::new();
        for s in &stories {
            for f in [
                &s.column,
                &s.kicker,
                &Some(s.headline.clone()),
                &s.subheadline,
                &s.dateline,
                &s.byline,
            ]
            .into_iter()
            .flatten()
            {
                all.push_str(f);
            }
            for b in &s.blocks {
                all.push_str(&b.plain_text());
            }
        }
        let han = |t: &str| {
            let mut v: Vec<char> = t.chars().filter(|&c| is_han(c)).collect();
            v.sort_unstable();
            v
        };
        assert_eq!(han(&all), han(text));
    }
}
