//! The news structure rules, each with an example: the specification of `news` (a unit test there runs
//! every example). Only the table lives here.

/// One structure rule, with an example that a unit test checks.
///
/// `input` is story text as it comes out of normalisation; `expect` is the parse in a compact notation:
/// fields `C:` column, `K:` kicker, `H:` headline, `S:` subheadline, `D:` dateline, `B:` byline, then
/// blocks `P:` paragraph and `T:` subhead (lines joined with `/`), all separated by ` | `; ` || ` separates
/// stories.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
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
pub(crate) const RULES: &[Rule] = &[
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
