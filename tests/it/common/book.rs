//! The sample book of `content/` built by hand (as the parser is to find it), books that stress the EPUB
//! writer, and the pipeline from a `Book` to print pages and EPUB bytes.

use std::path::Path;

use huozi::FontSet;
use huozi::model::{Block, Book, Meta, Story};
use huozi::render_epub as render;
use huozi::style::Style;
use huozi::{Document, typeset};

/// A paragraph of plain text.
pub fn p(text: &str) -> Block {
    Block::paragraph(text)
}

/// A subhead of one or more lines.
pub fn h(lines: &[&str]) -> Block {
    Block::Subhead {
        lines: lines.iter().map(|l| l.to_string()).collect(),
    }
}

/// The metadata of `content/book.toml`.
pub fn sample_meta() -> Meta {
    Meta {
        title: "冰城战“疫”纪事".into(),
        subtitle: Some("《哈尔滨日报》一线报道两篇".into()),
        language: "zh-CN".into(),
        publisher: Some("哈尔滨日报社".into()),
        date: huozi::model::Date::parse("2022-12-05").unwrap(),
        identifier: "urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf".into(),
        print_source: None,
        authors: vec!["梁可心".into(), "黄晏君".into()],
        description: Some(
            "2022年冬哈尔滨疫情防控一线的两篇新闻报道：市委政法委下沉小分队，与哈报人“老宋”。"
                .into(),
        ),
        rights: Some("© 2022 哈尔滨日报社".into()),
        subjects: vec!["新闻报道".into(), "疫情防控".into(), "哈尔滨".into()],
        cover: None,
        edition: None,
        printing: None,
        derived: false,
        newspaper: None,
    }
}

/// The two stories of `content/`, as the parser is to find them.
pub fn sample_book() -> Book {
    let story1 = Story {
        column: None,
        kicker: None,
        headline: "全方位融入 社区“疫”线添暖流".into(),
        subheadline: Some("市委政法委下沉小分队提供及时高效暖心服务".into()),
        dateline: Some("本报讯".into()),
        byline: Some("记者 梁可心".into()),
        blocks: vec![
            p(
                "在外卖存放点设置泡沫保温箱，确保居民购买的食品和蔬菜不被冻坏；协调购买一批热帖和暖手宝，分发给核酸检测工作人员……一面心系百姓民生，一面关心“战友”冷暖。在我市疫情防控最吃劲、最关键的时刻，按照市委统一要求，接到市委组织部安排部署后，市委政法委立即召集12名精干力量组成3支包保小分队，由政治部主任亲自带队，深入疫情防控形势严峻的南岗区曲线街道曲线社区和芦家街道小文昌社区、文教社区。队员们在认真落实“全方位融入、全流程参与、全链条包保”工作要求的同时，创新举措、用心服务，为社区“疫”线增加斗志、增强力量、增添暖流。",
            ),
            h(&["支部建在一线，边学习边战“疫”"]),
            p("包保小分队到岗后，还未熟悉完社区情况和防疫工作流程，就面临着一个紧急突发情况。"),
            p(
                "11月29日报到当晚，芦家街道出现多个混管阳性，疫情形势陡然严峻。面对社区人员紧张和疫情防控的紧急形势，下沉到文教、小文昌社区的小分队队员不顾自身安危，立即请战，迅速学习核酸采样工作流程，穿上防护服，配合社区工作人员前往居民区，挨家挨户对混管阳性人员开展抗原和核酸复检。直至第二日凌晨4时，共走访混管阳性人员25人，封控18户，有力推动社区争分夺秒高效追“阳”。",
            ),
            p(
                "党建引领形成联防联控合力。11月29日15时市动员部署会议后，市委政法委包保小分队立即下沉社区，第一时间成立临时党支部并召开工作会议，统一思想、明确任务，政治部主任张士利要求全体队员以讲政治的高度履行工作职责，高效完成社区包保清单任务目标。临时党支部将党建融入具体工作实践，每天晚上工作后，小分队全体党员及时沟通谈心，梳理一天工作情况和感受，提出合理化完善建议，与社区书记沟通安排第二天防疫工作。队员们坚持边学边干，边干边熟悉，与社区原有党支部党员干部迅速融合，全面投身到值班值守、核酸检测、服务群众、防疫宣传等工作中，在防控一线亮身份、见行动、作贡献，合力筑牢疫情防控屏障。",
            ),
            h(&["工作主动担当，凡事实干在先"]),
            p(
                "12月1日至3日，小文昌社区需要以户为单位进行入户核酸采样，工作量陡然增大，采集医疗耗材紧缺，小分队配合社区紧急调配物资，手工赋码采集管4000个、分装试管袋500个、分装采集棉签20000支，及时分发到医护手中，有力保障辖区核酸采样按计划时间完成。",
            ),
            p(
                "进驻社区以来，小分队全体队员坚持不畏困难、不讲条件，全力协助社区做好各项疫情防控工作。在区域封控工作中，小分队对辖区高风险封控点位执勤人员、防疫值守车辆、封控条幅等配备情况进行巡逻指导，发现问题及时解决。在重点人员检测中，小分队配合社区医护人员深入居民区，检测重点人员1987人。在卡点值守工作中，小分队每晚主动向社区获取卡点值守人员信息，通过整合资源、优化配比，合理安排7个卡点的工作人员，并不定时前往各个卡点查看情况，解决特殊问题和突发事件，配合社区共同做好群众保障工作。",
            ),
            h(&["全面了解摸排，贴心服务群众"]),
            p(
                "有调查才有发言权。为全面了解社区情况，做到战“疫”有“数”、服务到位，小分队在不影响社区日常防疫工作同时，坚持与社区工作人员“打成一片”，利用参与具体工作间隙，了解辖区街道、楼宇、住户、人员、卡点、风险管控等详细信息。努力做到“七清”，即常住人口底数清、弱势群体底数清、外来人员底数清、境外来返人员底数清、居家隔离和监测人员底数清、阳性感染者和集中隔离人员底数清、重点人群底数清。",
            ),
            p(
                "为给居家隔离人员、特殊困难群众提供及时高效暖心服务，队员们通过社区微信群，号召动员包保社区几十名党员、社会务工人员、医护人员，参与高风险单元值守、核酸检测、配送物资等防疫工作，充实自有防疫力量，优化壮大网格员队伍，实行楼长制，有效应对辖区连续3天逐个人户核酸采样任务，并及时协调社区做好变码群众情绪安抚等工作，沉稳应对各种突发情况，合力打好社区战“疫”这场硬仗。“包保小分队的加入如雪中送炭，不仅弥补了社区人手紧缺的问题，更增强了社区工作人员们战“疫”必胜的信心。”小文昌社区党委书记高颖说。",
            ),
        ],
    };
    let story2 = Story {
        column: Some("“疫”线媒体人".into()),
        kicker: Some("为确诊单元待转运人员送防护物资、清理管控居民生活垃圾……".into()),
        headline: "哈报人“老宋”与病毒“贴身”战斗".into(),
        subheadline: None,
        dateline: None,
        byline: Some("本报记者 黄晏君".into()),
        blocks: vec![
            p(
                "管控小区一个单元出现3例确诊病例，18户需要转运隔离观察的居民急需防护物资，年过五旬的“老宋”说“我上”；9个管控单元63个楼层的居民生活垃圾须按时清理，“老宋”又说“我上”……被问及与病毒“贴身”是否担心安全时，这位哈尔滨日报社支援社区防疫的老党员说：“没啥可怕的，大家抗疫谁不是直面风险，只要能尽快战胜疫情，别说贴身，贴脸都行。”",
            ),
            h(&["确诊单元18户居民需防护物资？", "我去送"]),
            p(
                "“老宋”全名叫宋业宏，是一位有着27年党龄的老党员，也是一名老报人。听说防疫一线需要志愿者，他直接报名参加，入驻迎宾小区参与防疫工作。",
            ),
            p(
                "12月1日上午，“老宋”突然接到指挥部指令：“理想0451小区某单元出现3例阳性病例，需要紧急增援。”“老宋”二话没说，交接好手头工作，赶到了理想0451小区。此时，涉事单元的3个阳性病例还没来得及转运，受此影响同样需要转运的9楼、18楼、19楼等6个不同楼层的18户居民也急需隔离服等防护物资，避免转运途中与病毒接触。",
            ),
            p(
                "楼道内虽已经过消杀，但确诊病例尚未转运，直接进入还是有感染风险。“老宋”没有犹豫，“我上”。随后，便与一名社区干部一起穿上了两层隔离服，带着隔离防护物资进入单元楼。",
            ),
            p(
                "把隔离物资搬上电梯，到指定楼层再放至各户居民家门口，说起来简单，但穿着两层防护服一趟又一趟地搬运，半个小时下来“老宋”累出了一身汗，面屏和眼镜上满是水汽。送完物资来到室外，取下面屏擦拭时，“老宋”的脸上热气腾腾，旁边工作人员半开玩笑地说：“这是忙冒烟了啊。”",
            ),
            h(&["9个单元63层生活垃圾要清运？", "我去搬"]),
            p(
                "在有的人眼里，防疫志愿者每天就是站站岗跑跑腿，但只有干过的人才知道他们日常是怎样忙碌。在迎宾小区和理想0451小区防疫期间，“老宋”几乎是一刻不停。“管控区居民，特别是老年人的生活必需品，坚决一样不能差，只要缺啥少啥，我们都要尽快解决。”“老宋”说。",
            ),
            p(
                "送生活物资、分发防疫物资。听说9个管控单元63层楼的居民生活垃圾清运缺人手，“老宋”又接管了。上午在核酸采样点忙完，下午就和同事周义臣一起逐个管控单元、逐层楼梯间清运生活垃圾。63层楼，清一趟两个小时，寒风中松了一口气的“老宋”又“冒烟”了……",
            ),
            p(
                "3日下午，面对记者采访，“老宋”表示：“我是哈报人，服务民生、服务百姓是我们的工作，当了防疫志愿者更要细致周到地做好管控区域物资保障、垃圾清运等民生服务，对特殊群体、困难群体的帮助更是要竭尽全力。我相信，在市委市政府的正确领导下，有媒体和各界持续宣传引导和全力配合，咱哈尔滨一定能形成同心抗疫的强大合力，早日战胜疫情。”",
            ),
        ],
    };
    Book {
        counted: Default::default(),
        meta: sample_meta(),
        stories: vec![story1, story2],
    }
}

/// A book whose every text field holds characters XML must escape.
pub fn escaping_book() -> Book {
    let mut meta = sample_meta();
    meta.title = "A&B <书> \"引号\"".into();
    meta.authors = vec!["R&D <组>".into()];
    meta.description = Some("1 < 2 && 3 > 2".into());
    meta.subjects = vec!["<&>".into()];
    meta.rights = Some("© <2022> & later".into());
    Book {
        counted: Default::default(),
        meta,
        stories: vec![Story {
            column: Some("栏目 & <栏>".into()),
            kicker: Some("引题 <&>".into()),
            headline: "标题 A&B <C>".into(),
            subheadline: Some("副题 \"x\" & 'y'".into()),
            dateline: Some("本报讯 <&>".into()),
            byline: Some("记者 <某> & 某".into()),
            blocks: vec![
                p("价格 < 100 元 & 免运费 <script>alert(1)</script>"),
                h(&["问 <&>？", "答 & 答"]),
                p("]]> &amp; 不是实体"),
            ],
        }],
    }
}

/// A story with every kind of block — line breaks, ruby, note references, a table and the notes
/// included — long enough for pages to begin inside quotes, lists, a poem and a table.
pub fn every_block_book(image: &Path) -> Book {
    use huozi::model::Inline;
    let texts: Vec<String> = sample_book()
        .stories
        .iter()
        .flat_map(|s| s.blocks.iter())
        .filter(|b| matches!(b, Block::Paragraph { .. }))
        .map(|b| b.plain_text())
        .collect();
    let inl = |t: &str| vec![Inline::Text(t.to_string())];
    let blocks = vec![
        p(&texts[0]),
        Block::Chapter {
            level: 1,
            title: "第一章 雪落松花江".into(),
        },
        Block::EditorsNote {
            inlines: inl(&format!("编者按：{}", texts[1])),
        },
        Block::Quote {
            paragraphs: texts[2..8].iter().map(|t| inl(t)).collect(),
        },
        Block::Image {
            src: image.to_str().unwrap().to_string(),
            alt: "社区值守".into(),
        },
        Block::Caption {
            text: "（图为队员们在社区值守。）".into(),
        },
        Block::Chapter {
            level: 2,
            title: "第一节 包保".into(),
        },
        Block::List {
            ordered: true,
            start: 3,
            items: texts[8..].iter().map(|t| inl(t)).collect(),
        },
        Block::List {
            ordered: false,
            start: 1,
            items: texts[..6].iter().map(|t| inl(t)).collect(),
        },
        p(&texts[3]),
        Block::Paragraph {
            inlines: vec![
                Inline::Text("主持人".into()),
                Inline::Ruby {
                    base: "单".into(),
                    reading: "shàn".into(),
                },
                Inline::Text("雨桐朗诵了《静夜思》".into()),
                Inline::NoteRef(1),
                Inline::Text("：".into()),
                Inline::Break,
                Inline::Text("床前明月光，".into()),
                Inline::Break,
                Inline::Text("疑是地上霜。".into()),
                Inline::Break,
                Inline::Text("举头望明月，".into()),
                Inline::Break,
                Inline::Text("低头思故乡。".into()),
                Inline::NoteRef(2),
            ],
        },
        Block::Table {
            header: vec![inl("序号"), inl("社区"), inl("工作")],
            rows: (1..=30)
                .map(|k| {
                    vec![
                        inl(&format!("{k}")),
                        inl("小文昌社区"),
                        inl(&texts[k % 6].chars().take(30).collect::<String>()),
                    ]
                })
                .collect(),
        },
        p(&texts[4]),
        Block::Ending {
            text: "（完）".into(),
        },
        Block::Editor {
            text: "责任编辑：张三".into(),
        },
        Block::Notes {
            notes: vec![inl("李白《静夜思》。"), inl(&texts[5])],
        },
    ];
    let mut book = sample_book();
    book.stories.truncate(1);
    book.stories[0].blocks = blocks;
    book
}

/// `book` typeset for print with the default style.
pub fn typeset_book(book: &Book) -> Document {
    let fonts = FontSet::bundled().unwrap();
    let images = huozi::load_assets(book)
        .map(|a| a.images)
        .expect("the book's images load");
    typeset(book, &Style::default_style(), &fonts, &images).expect("the book typesets")
}

/// `book` as an EPUB, with the page-list of its print edition.
pub fn render_book(book: &Book) -> Vec<u8> {
    let fonts = FontSet::bundled().unwrap();
    let style = Style::default_style();
    let document = typeset_book(book);
    let assets = huozi::load_assets(book).expect("the book's images load");
    render(book, &style, &document, &fonts, &assets).expect("the book renders")
}

/// The sample book as an EPUB.
pub fn sample_epub() -> Vec<u8> {
    render_book(&sample_book())
}
