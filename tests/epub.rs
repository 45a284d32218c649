//! The EPUB writer end to end: a hand-built Book shaped like the sample in `content/`, typeset for print
//! (the page-list comes from the pages), → EPUB bytes, checked with EPUBCheck, by reading the container back,
//! by opening the embedded font with ttf-parser, and by rendering a story in headless Chromium.
//!
//! EPUBCheck and Chromium are required (CI installs the Debian `epubcheck` and `chromium` packages): when
//! one cannot be found the tests that need it fail, they do not skip. `EPUBCHECK_JAR` overrides where
//! EPUBCheck is looked for, `CHROMIUM` which browser binary runs.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use huozi::fonts::FontSet;
use huozi::model::{Block, Book, Meta, Story};
use huozi::render::epub::render;
use huozi::style::Role;
use huozi::style::Style;
use huozi::typeset::{Document, typeset};

fn p(text: &str) -> Block {
    Block::paragraph(text)
}

fn h(lines: &[&str]) -> Block {
    Block::Subhead {
        lines: lines.iter().map(|l| l.to_string()).collect(),
    }
}

/// The metadata of `content/book.toml`.
fn sample_meta() -> Meta {
    Meta {
        title: "冰城战“疫”纪事".into(),
        subtitle: Some("《哈尔滨日报》一线报道两篇".into()),
        language: "zh-CN".into(),
        publisher: Some("哈尔滨日报社".into()),
        date: huozi::model::Date::parse("2022-12-05").unwrap(),
        identifier: "urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf".into(),
        authors: vec!["梁可心".into(), "黄晏君".into()],
        description: Some(
            "2022年冬哈尔滨疫情防控一线的两篇新闻报道：市委政法委下沉小分队，与哈报人“老宋”。"
                .into(),
        ),
        rights: Some("© 2022 哈尔滨日报社".into()),
        subjects: vec!["新闻报道".into(), "疫情防控".into(), "哈尔滨".into()],
        cover: None,
    }
}

/// The two stories of `content/`, as the parser is to find them.
fn sample_book() -> Book {
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
        meta: sample_meta(),
        stories: vec![story1, story2],
    }
}

/// A book whose every text field holds characters XML must escape.
fn escaping_book() -> Book {
    let mut meta = sample_meta();
    meta.title = "A&B <书> \"引号\"".into();
    meta.authors = vec!["R&D <组>".into()];
    meta.description = Some("1 < 2 && 3 > 2".into());
    meta.subjects = vec!["<&>".into()];
    meta.rights = Some("© <2022> & later".into());
    Book {
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

/// `book` typeset for print with the default style.
fn typeset_book(book: &Book) -> Document {
    let fonts = FontSet::bundled().unwrap();
    let images = huozi::assets::load_book_images(book).expect("the book's images load");
    typeset(book, &Style::default_style(), &fonts, &images).expect("the book typesets")
}

/// `book` as an EPUB, with the page-list of its print edition.
fn render_book(book: &Book) -> Vec<u8> {
    let fonts = FontSet::bundled().unwrap();
    let style = Style::default_style();
    let document = typeset_book(book);
    let assets = huozi::assets::load(book).expect("the book's images load");
    render(book, &style, &document, &fonts, &assets).expect("the book renders")
}

fn sample_epub() -> Vec<u8> {
    render_book(&sample_book())
}

/// Every entry of the container in archive order: (name, compression, bytes).
fn entries(epub: &[u8]) -> Vec<(String, zip::CompressionMethod, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).expect("the EPUB is a zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), f.compression(), data)
        })
        .collect()
}

fn entry_text(epub: &[u8], name: &str) -> String {
    let (_, _, data) = entries(epub)
        .into_iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} in the EPUB"));
    String::from_utf8(data).unwrap()
}

/// The EPUBCheck jar: `$EPUBCHECK_JAR`, else where the Debian package put it.
fn epubcheck_jar() -> PathBuf {
    let from_env = std::env::var_os("EPUBCHECK_JAR").map(PathBuf::from);
    let listed = || {
        Command::new("dpkg")
            .args(["-L", "epubcheck"])
            .output()
            .ok()
            .and_then(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .find(|l| l.ends_with("/epubcheck.jar"))
                    .map(PathBuf::from)
            })
    };
    let jar = from_env
        .or_else(listed)
        .unwrap_or_else(|| PathBuf::from("/usr/share/java/epubcheck.jar"));
    assert!(
        jar.is_file(),
        "EPUBCheck is required for this test but {} does not exist: install it \
         (`apt-get install epubcheck`) or set EPUBCHECK_JAR to epubcheck.jar",
        jar.display()
    );
    jar
}

/// Runs EPUBCheck on `epub` and asserts it reports no fatal, error or warning. Returns its output.
fn assert_epubcheck_clean(epub: &[u8]) -> String {
    let jar = epubcheck_jar();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.epub");
    std::fs::write(&path, epub).unwrap();
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(&path)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "EPUBCheck is required but `java -jar {}` failed: {e}",
                jar.display()
            )
        });
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = text
        .lines()
        .find(|l| l.starts_with("Messages:"))
        .unwrap_or_else(|| panic!("no EPUBCheck summary in:\n{text}"));
    assert!(
        summary.contains("0 fatals / 0 errors / 0 warnings"),
        "EPUBCheck: {summary}\n{text}"
    );
    for bad in ["FATAL(", "ERROR(", "WARNING("] {
        assert!(!text.contains(bad), "EPUBCheck reported {bad}:\n{text}");
    }
    assert!(
        out.status.success(),
        "EPUBCheck exit status {}:\n{text}",
        out.status
    );
    text
}

#[test]
fn sample_passes_epubcheck() {
    assert_epubcheck_clean(&sample_epub());
}

#[test]
fn text_needing_escapes_passes_epubcheck() {
    let epub = render_book(&escaping_book());
    assert_epubcheck_clean(&epub);
    let story = entry_text(&epub, "OEBPS/story-001.xhtml");
    assert!(
        story.contains("<h1 class=\"headline\">标题 A&amp;B &lt;C&gt;</h1>"),
        "{story}"
    );
    assert!(
        story.contains("价格 &lt; 100 元 &amp; 免运费 &lt;script&gt;"),
        "{story}"
    );
    assert!(story.contains("]]&gt; &amp;amp; 不是实体"), "{story}");
    assert!(
        story.contains("<h2 class=\"subhead\">问 &lt;&amp;&gt;？<br/>答 &amp; 答</h2>"),
        "{story}"
    );
    let opf = entry_text(&epub, "OEBPS/content.opf");
    assert!(
        opf.contains("<dc:title id=\"title\">A&amp;B &lt;书&gt; &quot;引号&quot;</dc:title>"),
        "{opf}"
    );
    assert!(opf.contains(">R&amp;D &lt;组&gt;</dc:creator>"), "{opf}");
    let nav = entry_text(&epub, "OEBPS/nav.xhtml");
    assert!(nav.contains("标题 A&amp;B &lt;C&gt;"), "{nav}");
}

#[test]
fn mimetype_is_the_first_entry_and_stored() {
    let epub = sample_epub();
    let all = entries(&epub);
    assert_eq!(all[0].0, "mimetype");
    assert_eq!(all[0].1, zip::CompressionMethod::Stored);
    assert_eq!(all[0].2, b"application/epub+zip");
    // OCF: no extra field, so the media type sits at byte 38.
    assert_eq!(&epub[30..38], b"mimetype");
    assert_eq!(u16::from_le_bytes([epub[28], epub[29]]), 0);
    assert_eq!(&epub[38..58], b"application/epub+zip");
    assert!(
        all[1..]
            .iter()
            .all(|(_, m, _)| *m == zip::CompressionMethod::Deflated)
    );
    let names: Vec<&str> = all.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "mimetype",
            "META-INF/container.xml",
            "OEBPS/content.opf",
            "OEBPS/cover.xhtml",
            "OEBPS/titlepage.xhtml",
            "OEBPS/nav.xhtml",
            "OEBPS/story-001.xhtml",
            "OEBPS/story-002.xhtml",
            "OEBPS/colophon.xhtml",
            "OEBPS/toc.ncx",
            "OEBPS/images/cover.png",
            "OEBPS/stylesheet.css",
            "OEBPS/fonts/NotoSerifCJKsc-Regular.otf",
            "OEBPS/fonts/NotoSansCJKsc-Bold.otf",
        ]
    );
}

#[test]
fn zip_entries_carry_the_book_date() {
    let epub = sample_epub();
    let mut archive = zip::ZipArchive::new(Cursor::new(&epub)).unwrap();
    for i in 0..archive.len() {
        let f = archive.by_index(i).unwrap();
        let t = f.last_modified().unwrap();
        assert_eq!(
            (
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            (2022, 12, 5, 0, 0, 0),
            "{}",
            f.name()
        );
    }
}

/// Values of `id="…"` attributes (preceded by whitespace) in document order.
fn ids(xml: &str) -> Vec<&str> {
    xml.match_indices(" id=\"")
        .map(|(i, m)| {
            let rest = &xml[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn package_metadata() {
    let opf = entry_text(&sample_epub(), "OEBPS/content.opf");
    let all = ids(&opf);
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(all.len(), unique.len(), "duplicate ids in {all:?}:\n{opf}");

    for needed in [
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\"",
        "<dc:identifier id=\"pub-id\">urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf</dc:identifier>",
        "<dc:title id=\"title\">冰城战“疫”纪事</dc:title>\n\
         <meta refines=\"#title\" property=\"title-type\">main</meta>",
        "<dc:title id=\"subtitle\">《哈尔滨日报》一线报道两篇</dc:title>\n\
         <meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>",
        "<dc:creator id=\"creator-1\">梁可心</dc:creator>\n\
         <meta refines=\"#creator-1\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
        "<dc:creator id=\"creator-2\">黄晏君</dc:creator>\n\
         <meta refines=\"#creator-2\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
        "<dc:publisher>哈尔滨日报社</dc:publisher>",
        "<dc:date>2022-12-05</dc:date>",
        "<meta property=\"dcterms:modified\">2022-12-05T00:00:00Z</meta>",
        "<dc:language>zh-CN</dc:language>",
        "<dc:description>2022年冬哈尔滨疫情防控一线的两篇新闻报道：市委政法委下沉小分队，与哈报人“老宋”。</dc:description>",
        "<dc:subject>新闻报道</dc:subject>",
        "<dc:subject>疫情防控</dc:subject>",
        "<dc:subject>哈尔滨</dc:subject>",
        "<dc:rights>© 2022 哈尔滨日报社</dc:rights>",
        "<meta name=\"cover\" content=\"cover-image\"/>",
        "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>",
        "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>",
        "<item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\" properties=\"svg\"/>",
        "<item id=\"cover-image\" href=\"images/cover.png\" media-type=\"image/png\" properties=\"cover-image\"/>",
        "<item id=\"font-serif\" href=\"fonts/NotoSerifCJKsc-Regular.otf\" media-type=\"font/otf\"/>",
        "<spine toc=\"ncx\" page-progression-direction=\"ltr\">\n<itemref idref=\"cover\"/>\n\
         <itemref idref=\"titlepage\"/>\n<itemref idref=\"nav\"/>\n<itemref idref=\"story-001\"/>\n\
         <itemref idref=\"story-002\"/>\n<itemref idref=\"colophon\"/>\n</spine>",
        "<reference type=\"cover\" title=\"封面\" href=\"cover.xhtml\"/>",
    ] {
        assert!(opf.contains(needed), "content.opf lacks {needed}:\n{opf}");
    }
    // Only the book's date: no other year, month or clock time anywhere in the package document.
    let dates: Vec<&str> = opf
        .match_indices("20")
        .filter_map(|(i, _)| opf.get(i..i + 10))
        .filter(|d| d.as_bytes()[4] == b'-')
        .collect();
    assert!(
        !dates.is_empty() && dates.iter().all(|d| *d == "2022-12-05"),
        "{dates:?}"
    );
}

#[test]
fn every_content_document_declares_the_language() {
    let epub = sample_epub();
    let docs: Vec<(String, String)> = entries(&epub)
        .into_iter()
        .filter(|(n, _, _)| n.ends_with(".xhtml"))
        .map(|(n, _, d)| (n, String::from_utf8(d).unwrap()))
        .collect();
    assert_eq!(
        docs.len(),
        6,
        "cover, title page, nav, one document per story and colophon"
    );
    for (name, doc) in &docs {
        let start = doc
            .find("<html")
            .unwrap_or_else(|| panic!("{name}: no <html>"));
        let tag = &doc[start..start + doc[start..].find('>').unwrap()];
        assert!(tag.contains(" lang=\"zh-CN\""), "{name}: {tag}");
        assert!(tag.contains(" xml:lang=\"zh-CN\""), "{name}: {tag}");
        assert!(
            tag.contains("xmlns=\"http://www.w3.org/1999/xhtml\""),
            "{name}: {tag}"
        );
        assert!(
            tag.contains("xmlns:epub=\"http://www.idpf.org/2007/ops\""),
            "{name}: {tag}"
        );
    }
}

#[test]
fn stories_are_listed_by_headline() {
    let epub = sample_epub();
    let nav = entry_text(&epub, "OEBPS/nav.xhtml");
    let ncx = entry_text(&epub, "OEBPS/toc.ncx");
    for (href, headline) in [
        ("story-001.xhtml", "全方位融入 社区“疫”线添暖流"),
        ("story-002.xhtml", "哈报人“老宋”与病毒“贴身”战斗"),
    ] {
        assert!(
            nav.contains(&format!("<a href=\"{href}\">{headline}</a>")),
            "{nav}"
        );
        assert!(ncx.contains(&format!("<text>{headline}</text>")), "{ncx}");
        assert!(ncx.contains(&format!("<content src=\"{href}\"/>")), "{ncx}");
    }
}

#[test]
fn story_one_runs_dateline_and_byline_into_the_first_paragraph() {
    let doc = entry_text(&sample_epub(), "OEBPS/story-001.xhtml");
    assert!(
        doc.contains("<title>全方位融入 社区“疫”线添暖流</title>"),
        "{doc}"
    );
    let header = &doc[doc.find("<header>").unwrap()..doc.find("</header>").unwrap()];
    assert!(
        header.contains("<h1 class=\"headline\">全方位融入 社区“疫”线添暖流</h1>"),
        "{header}"
    );
    assert!(
        header.contains("<p class=\"subheadline\">市委政法委下沉小分队提供及时高效暖心服务</p>"),
        "{header}"
    );
    assert!(
        !doc.contains("class=\"byline\""),
        "the byline stands in the dateline"
    );
    assert!(
        doc.contains(
            "<p><span class=\"dateline\">本报讯（记者 梁可心）</span>在外卖存放点设置泡沫保温箱"
        ),
        "{doc}"
    );
    assert_eq!(doc.matches("<h2 class=\"subhead\">").count(), 3);
    assert!(doc.contains("<h2 class=\"subhead\">支部建在一线，边学习边战“疫”</h2>"));
    assert_eq!(doc.matches("<p>").count(), 8);
    assert!(doc.contains("href=\"stylesheet.css\""));
}

#[test]
fn story_two_has_column_kicker_and_byline_in_its_header() {
    let doc = entry_text(&sample_epub(), "OEBPS/story-002.xhtml");
    let header = &doc[doc.find("<header>").unwrap()..doc.find("</header>").unwrap()];
    let order = [
        "<p class=\"column\">“疫”线媒体人</p>",
        "<p class=\"kicker\">为确诊单元待转运人员送防护物资、清理管控居民生活垃圾……</p>",
        "<h1 class=\"headline\">哈报人“老宋”与病毒“贴身”战斗</h1>",
        "<p class=\"byline\">本报记者 黄晏君</p>",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|o| {
            header
                .find(o)
                .unwrap_or_else(|| panic!("{o} not in {header}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{header}");
    assert!(!doc.contains("dateline"));
    assert!(
        doc.contains("<h2 class=\"subhead\">确诊单元18户居民需防护物资？<br/>我去送</h2>"),
        "{doc}"
    );
    assert!(
        doc.contains("<h2 class=\"subhead\">9个单元63层生活垃圾要清运？<br/>我去搬</h2>"),
        "{doc}"
    );
    assert_eq!(doc.matches("<p>").count(), 8);
}

#[test]
fn stylesheet_comes_from_the_style() {
    let css = entry_text(&sample_epub(), "OEBPS/stylesheet.css");
    let p = css.split("\np {").nth(1).expect("a p rule");
    let p = &p[..p.find('}').unwrap()];
    for decl in [
        "text-indent: 2em;",
        "text-align: justify;",
        "line-break: strict;",
        "margin: 0;",
        "hanging-punctuation: none;",
        "widows: 2;",
        "orphans: 2;",
    ] {
        assert!(p.contains(decl), "p lacks {decl}: {p}");
    }
    // 17.5 pt pitch over 10.5 pt body.
    assert!(css.contains("line-height: 1.667;"), "{css}");
    // 18 pt headline over 10.5 pt body.
    assert!(css.contains("font-size: 1.714em;"), "{css}");
    assert!(css.contains("page-break-before: always;"), "{css}");
}

#[test]
fn same_book_same_bytes_and_only_the_book_date_dates_it() {
    let a = sample_epub();
    std::thread::sleep(std::time::Duration::from_millis(2100)); // past a DOS-time tick
    let b = sample_epub();
    assert!(a == b, "two renders of the same book differ");

    let mut later = sample_book();
    later.meta.date = huozi::model::Date::parse("2023-01-15").unwrap();
    let c = render_book(&later);
    assert!(c != a);
    let opf = entry_text(&c, "OEBPS/content.opf");
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">2023-01-15T00:00:00Z</meta>"),
        "{opf}"
    );
    assert!(opf.contains("<dc:date>2023-01-15</dc:date>"), "{opf}");
    assert!(!opf.contains("2022-12-05"), "{opf}");
    let mut archive = zip::ZipArchive::new(Cursor::new(&c)).unwrap();
    let t = archive.by_index(3).unwrap().last_modified().unwrap();
    assert_eq!((t.year(), t.month(), t.day()), (2023, 1, 15));
}

/// An entry's bytes.
fn entry(epub: &[u8], name: &str) -> Vec<u8> {
    entries(epub)
        .into_iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} in the EPUB"))
        .2
}

/// The character data of an XML document: markup (tags, declarations, comments) dropped, the five
/// predefined entities decoded.
fn xml_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').expect("a closed tag");
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The inner markup of every `open … </tag>` element of `xml` (`open` is the start tag up to `>`).
fn elements<'a>(xml: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    xml.match_indices(open)
        .map(|(i, _)| {
            let start = i + open.len();
            &xml[start..start + xml[start..].find(close).expect("closed")]
        })
        .collect()
}

/// Characters of `text` a reader shows (control characters such as line ends are not).
fn shown(text: &str) -> BTreeSet<char> {
    text.chars().filter(|c| !c.is_control()).collect()
}

#[test]
fn the_embedded_fonts_map_every_character_they_set() {
    let epub = sample_epub();
    let serif = entry(&epub, "OEBPS/fonts/NotoSerifCJKsc-Regular.otf");
    assert!(
        serif.len() < 1_000_000,
        "the body font is {} bytes",
        serif.len()
    );
    let face = ttf_parser::Face::parse(&serif, 0).expect("ttf-parser opens the body font");
    assert!(face.tables().os2.is_some(), "OS/2 table");
    let docs: Vec<String> = entries(&epub)
        .into_iter()
        .filter(|(n, _, _)| n.ends_with(".xhtml"))
        .map(|(_, _, d)| String::from_utf8(d).unwrap())
        .collect();
    let mut chars = BTreeSet::new();
    for doc in &docs {
        chars.extend(shown(&xml_text(doc)));
    }
    assert!(chars.len() > 600, "{} distinct characters", chars.len());
    let missing: String = chars
        .iter()
        .filter(|&&c| face.glyph_index(c).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "the body font lacks {missing:?} of the text"
    );
    // A subset: a glyph for each character (and .notdef), not the 30,000 of the bundled face.
    assert!(
        usize::from(face.number_of_glyphs()) <= chars.len() + 1,
        "{} glyphs for {} characters",
        face.number_of_glyphs(),
        chars.len()
    );

    // The default style sets every heading in the sans (黑体): headlines, subheads, datelines, kicker and
    // column tag; the serif bold is not used, so not embedded.
    assert!(
        entries(&epub)
            .iter()
            .all(|(n, _, _)| !n.ends_with("NotoSerifCJKsc-Bold.otf")),
        "an unused face is embedded"
    );
    let mut by_face: Vec<(&str, BTreeSet<char>)> =
        vec![("OEBPS/fonts/NotoSansCJKsc-Bold.otf", BTreeSet::new())];
    for doc in &docs {
        for (open, close) in [
            ("<h1 class=\"headline\">", "</h1>"),
            ("<h2 class=\"subhead\">", "</h2>"),
            ("<span class=\"dateline\">", "</span>"),
            ("<p class=\"kicker\">", "</p>"),
            ("<p class=\"column\">", "</p>"),
        ] {
            for e in elements(doc, open, close) {
                by_face[0].1.extend(shown(&xml_text(e)));
            }
        }
    }
    for (name, chars) in &by_face {
        let bytes = entry(&epub, name);
        let face = ttf_parser::Face::parse(&bytes, 0).expect(name);
        assert!(chars.len() > 20, "{name}: {chars:?}");
        let missing: String = chars
            .iter()
            .filter(|&&c| face.glyph_index(c).is_none())
            .collect();
        assert!(missing.is_empty(), "{name} lacks {missing:?}");
        assert!(
            face.glyph_index('箱').is_none(),
            "{name} holds only what it sets"
        );
    }

    // Each face is declared, and first in the stacks.
    let css = entry_text(&epub, "OEBPS/stylesheet.css");
    for (family, weight, file) in [
        ("Noto Serif CJK SC", "normal", "NotoSerifCJKsc-Regular.otf"),
        ("Noto Sans CJK SC", "bold", "NotoSansCJKsc-Bold.otf"),
    ] {
        let rule = format!(
            "@font-face {{\n  font-family: \"{family}\";\n  font-style: normal;\n  font-weight: {weight};\n  \
             src: url(fonts/{file}) format(\"opentype\");\n}}"
        );
        assert!(css.contains(&rule), "{rule} not in {css}");
    }
    assert!(
        css.contains("body {\n  margin: 0;\n  padding: 0;\n  font-family: \"Noto Serif CJK SC\", ")
    );
}

/// `(href, label)` of each entry of the nav's page-list.
fn page_list(nav: &str) -> Vec<(String, String)> {
    let start = nav
        .find("<nav epub:type=\"page-list\"")
        .expect("a page-list");
    let list = &nav[start..start + nav[start..].find("</nav>").unwrap()];
    elements(list, "<li><a href=\"", "</a></li>")
        .into_iter()
        .map(|e| {
            let (href, label) = e.split_once("\">").unwrap();
            (href.to_string(), label.to_string())
        })
        .collect()
}

/// Checks `epub`'s page-list against `document` (the same book typeset): one entry per page carrying
/// story text, in order, each pointing at a page-break marker that stands before the text the page
/// begins with. Returns the entries.
fn check_page_list(epub: &[u8], document: &Document) -> Vec<(String, String)> {
    let nav = entry_text(epub, "OEBPS/nav.xhtml");
    let list = page_list(&nav);

    // The pages that carry story text (not the title page, contents or colophon, nor a blank verso)
    // each have their entry, in page order.
    let story_line = |l: &&huozi::typeset::LineInfo| {
        l.story.is_some() && !matches!(l.role, Role::RunningHead | Role::Folio)
    };
    let story_pages: Vec<&huozi::typeset::Page> = document
        .pages
        .iter()
        .filter(|p| p.lines.iter().any(|l| story_line(&l)))
        .collect();
    assert!(story_pages.len() >= 4, "{} pages", story_pages.len());
    assert!(story_pages.len() < document.pages.len());
    let expected: Vec<String> = story_pages.iter().map(|p| p.folio.to_string()).collect();
    let labels: Vec<String> = list.iter().map(|(_, l)| l.clone()).collect();
    assert_eq!(labels, expected);

    let mut last = (String::new(), 0);
    for ((href, label), page) in list.iter().zip(&story_pages) {
        let (doc_name, id) = href.split_once('#').expect("a fragment");
        let doc = entry_text(epub, &format!("OEBPS/{doc_name}"));
        let marker = format!(
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{id}\" title=\"{label}\"></span>"
        );
        assert_eq!(
            doc.matches(&format!(" id=\"{id}\"")).count(),
            1,
            "{id} in {doc_name}"
        );
        let at = doc
            .find(&marker)
            .unwrap_or_else(|| panic!("{marker} in {doc_name}"));
        // In reading order.
        assert!(
            (doc_name.to_string(), at) > last,
            "{href} comes before {last:?}"
        );
        last = (doc_name.to_string(), at);

        // The text after the marker is the text the print page begins with.
        let after: String = xml_text(&doc[at..])
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let first_line = page
            .lines
            .iter()
            .find(story_line)
            .expect("a page with story text");
        // A list item's marker (`9．`, `•`) is the renderer's, not text of the XHTML.
        let text = first_line.text.trim_start();
        let numbered = text.trim_start_matches(|c: char| c.is_ascii_digit());
        let text = match numbered.strip_prefix('．') {
            Some(rest) if numbered.len() < text.len() => rest,
            _ => text.trim_start_matches(['•', '●', '·']),
        };
        let first: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(6)
            .collect();
        assert!(
            after.starts_with(&first),
            "page {label} begins with {first:?}, the EPUB's page-break marker is before {:?}",
            after.chars().take(12).collect::<String>()
        );
    }

    list
}

#[test]
fn the_page_list_maps_every_print_page_with_story_text() {
    let book = sample_book();
    let epub = render_book(&book);
    let list = check_page_list(&epub, &typeset_book(&book));
    // The NCX has the same page list.
    let ncx = entry_text(&epub, "OEBPS/toc.ncx");
    let ncx_targets: Vec<(String, String)> = elements(&ncx, "<pageTarget ", "</pageTarget>")
        .into_iter()
        .map(|t| {
            let value = t.split("value=\"").nth(1).unwrap();
            let src = t.split("src=\"").nth(1).unwrap();
            (
                src[..src.find('"').unwrap()].to_string(),
                value[..value.find('"').unwrap()].to_string(),
            )
        })
        .collect();
    assert_eq!(ncx_targets, list);
}

/// A story with every kind of block, long enough for pages to begin inside quotes and lists.
fn every_block_book(image: &Path) -> Book {
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
        Block::Ending {
            text: "（完）".into(),
        },
        Block::Editor {
            text: "责任编辑：张三".into(),
        },
    ];
    let mut book = sample_book();
    book.stories.truncate(1);
    book.stories[0].blocks = blocks;
    book
}

#[test]
fn every_kind_of_block_takes_its_page_marks_and_passes_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("photo.png");
    let png = write_png(&image, 400, 300);
    let book = every_block_book(&image);
    let document = typeset_book(&book);
    let epub = render_book(&book);
    assert_epubcheck_clean(&epub);
    let list = check_page_list(&epub, &document);
    assert!(list.len() >= 6, "{list:?}");

    // Some page begins in a later paragraph of the quote or a later item of a list: the marks there
    // find their place through the parts before.
    let blocks = &book.stories[0].blocks;
    let later_part = document.pages.iter().filter_map(|p| p.anchor).any(|a| {
        let Some(b) = a.block else { return false };
        let first_len = match &blocks[b] {
            Block::Quote { paragraphs } => huozi::model::inlines_text(&paragraphs[0]).len(),
            Block::List { items, .. } => huozi::model::inlines_text(&items[0]).len(),
            _ => return false,
        };
        a.offset > first_len
    });
    assert!(
        later_part,
        "no page begins past a quote's or list's first part"
    );

    let story = entry_text(&epub, "OEBPS/story-001.xhtml");
    for markup in [
        "<section class=\"chapter\" id=\"sec-1\" epub:type=\"subchapter\">",
        "<h2 class=\"chapter\">第一章 雪落松花江</h2>",
        "<h3 class=\"section\">第一节 包保</h3>",
        "<p class=\"note\"><span class=\"note-label\">编者按：</span>",
        "<blockquote class=\"quote\">\n<p>",
        "<ol start=\"3\">\n<li>",
        "<ul>\n<li>",
        "<p class=\"caption\">（图为队员们在社区值守。）</p>",
        "<p class=\"ending\">（完）</p>",
        "<p class=\"credit\">责任编辑：张三</p>",
    ] {
        assert!(story.contains(markup), "{markup} not in {story}");
    }
    let img = elements(&story, "<img src=\"", "\"");
    assert_eq!(img.len(), 1);
    assert_eq!(entry(&epub, &format!("OEBPS/{}", img[0])), png);
    let opf = entry_text(&epub, "OEBPS/content.opf");
    assert!(
        opf.contains(&format!(
            "<item id=\"image-001\" href=\"{}\" media-type=\"image/png\"/>",
            img[0]
        )),
        "{opf}"
    );
    let nav = entry_text(&epub, "OEBPS/nav.xhtml");
    assert!(
        nav.contains("<li><a href=\"story-001.xhtml#sec-2\">第一节 包保</a></li>"),
        "{nav}"
    );
    // The chapter headings are set in the sans, as printed.
    let sans = entry(&epub, "OEBPS/fonts/NotoSansCJKsc-Bold.otf");
    let sans = ttf_parser::Face::parse(&sans, 0).unwrap();
    assert!(
        "雪落松花江包保"
            .chars()
            .all(|c| sans.glyph_index(c).is_some())
    );
}

#[test]
fn navigation_has_contents_with_subheads_and_landmarks() {
    let epub = sample_epub();
    let nav = entry_text(&epub, "OEBPS/nav.xhtml");
    assert!(nav.contains("<nav epub:type=\"toc\" id=\"toc\""), "{nav}");
    assert!(
        nav.contains(
            "<li><a href=\"story-002.xhtml\">哈报人“老宋”与病毒“贴身”战斗</a>\n<ol>\n\
             <li><a href=\"story-002.xhtml#sec-1\">确诊单元18户居民需防护物资？我去送</a></li>\n\
             <li><a href=\"story-002.xhtml#sec-2\">9个单元63层生活垃圾要清运？我去搬</a></li>\n</ol>"
        ),
        "{nav}"
    );
    for landmark in [
        "<a epub:type=\"cover\" href=\"cover.xhtml\">",
        "<a epub:type=\"toc\" href=\"nav.xhtml#toc\">",
        "<a epub:type=\"bodymatter\" href=\"story-001.xhtml\">",
    ] {
        assert!(nav.contains(landmark), "{landmark} not in {nav}");
    }
    // Every contents target exists.
    for href in elements(&nav, "<a href=\"", "\"") {
        if let Some((doc, id)) = href.split_once('#') {
            let doc = entry_text(&epub, &format!("OEBPS/{doc}"));
            assert_eq!(doc.matches(&format!(" id=\"{id}\"")).count(), 1, "{href}");
        }
    }
    let story = entry_text(&epub, "OEBPS/story-001.xhtml");
    assert!(
        story.contains(
            "<section class=\"subhead\" id=\"sec-1\" epub:type=\"subchapter\">\n<h2 class=\"subhead\">支部建在一线，边学习边战“疫”</h2>"
        ),
        "{story}"
    );
    let ncx = entry_text(&epub, "OEBPS/toc.ncx");
    assert!(
        ncx.contains("<meta name=\"dtb:depth\" content=\"2\"/>"),
        "{ncx}"
    );
    assert!(
        ncx.contains("<content src=\"story-001.xhtml#sec-3\"/>"),
        "{ncx}"
    );
}

/// Decodes a PNG into (width, height, RGB(A) samples, channels).
fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>, usize) {
    let mut reader = png::Decoder::new(Cursor::new(bytes))
        .read_info()
        .expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    (info.width, info.height, buf, channels)
}

#[test]
fn without_a_cover_image_one_is_drawn_from_the_metadata() {
    let epub = sample_epub();
    let (w, h, pixels, channels) = decode_png(&entry(&epub, "OEBPS/images/cover.png"));
    assert_eq!((w, h), (1200, 1800));
    let ground = &pixels[..channels];
    let inked = pixels.chunks(channels).filter(|p| p != &ground).count();
    assert!(
        inked > 40_000,
        "{inked} pixels of title, subtitle and publisher"
    );
    let cover = entry_text(&epub, "OEBPS/cover.xhtml");
    assert!(
        cover.contains("<body class=\"cover\" epub:type=\"cover\">"),
        "{cover}"
    );
    assert!(
        cover.contains("<image width=\"1200\" height=\"1800\" xlink:href=\"images/cover.png\"/>"),
        "{cover}"
    );
    assert!(cover.contains("<title>冰城战“疫”纪事</title>"), "{cover}");
}

/// Writes a `width` × `height` RGB PNG with a diagonal gradient to `path`.
fn write_png(path: &Path, width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    let data: Vec<u8> = (0..height)
        .flat_map(|y| (0..width).flat_map(move |x| [(x % 256) as u8, (y % 256) as u8, 128]))
        .collect();
    writer.write_image_data(&data).unwrap();
    writer.finish().unwrap();
    std::fs::write(path, &bytes).unwrap();
    bytes
}

#[test]
fn a_book_with_a_cover_image_passes_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("封面.png");
    let image = write_png(&path, 600, 900);
    let mut book = sample_book();
    book.meta.cover = Some(path.to_str().unwrap().to_string());
    let epub = render_book(&book);
    assert_epubcheck_clean(&epub);
    assert_eq!(entry(&epub, "OEBPS/images/cover.png"), image);
    let cover = entry_text(&epub, "OEBPS/cover.xhtml");
    assert!(cover.contains("viewBox=\"0 0 600 900\""), "{cover}");
    let opf = entry_text(&epub, "OEBPS/content.opf");
    assert!(
        opf.contains("<item id=\"cover-image\" href=\"images/cover.png\" media-type=\"image/png\" properties=\"cover-image\"/>"),
        "{opf}"
    );
}

#[test]
fn an_isbn_identifier_passes_epubcheck() {
    let mut book = sample_book();
    book.meta.identifier = "urn:isbn:978-7-111-54742-6".into();
    let epub = render_book(&book);
    assert_epubcheck_clean(&epub);
    let opf = entry_text(&epub, "OEBPS/content.opf");
    assert!(
        opf.contains("<dc:identifier id=\"pub-id\">urn:isbn:9787111547426</dc:identifier>"),
        "{opf}"
    );
    let ncx = entry_text(&epub, "OEBPS/toc.ncx");
    assert!(ncx.contains("<meta name=\"dtb:uid\" content=\"urn:isbn:9787111547426\"/>"));
}

/// The Chromium binary: `$CHROMIUM`, else Debian's `chromium` on the PATH.
fn chromium() -> PathBuf {
    let bin = std::env::var_os("CHROMIUM").map(PathBuf::from).or_else(|| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join("chromium"))
                .find(|p| p.is_file())
        })
    });
    match bin {
        Some(b) if b.is_file() => b,
        _ => panic!(
            "headless Chromium is required for this test but no `chromium` was found: install it \
             (`apt-get install chromium`; .ci/run does) or set CHROMIUM to the browser binary"
        ),
    }
}

/// Runs headless Chromium with a fresh profile and no network use; returns stdout. Output goes to files
/// (a full pipe cannot stall the browser), and a browser still running after two minutes is killed and
/// fails the test rather than stalling the suite.
fn run_chromium(args: &[String]) -> String {
    let scratch = tempfile::tempdir().unwrap();
    let (stdout, stderr) = (scratch.path().join("stdout"), scratch.path().join("stderr"));
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!(
            "--user-data-dir={}",
            scratch.path().join("profile").display()
        ))
        .args(args)
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .expect("run chromium");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium {args:?} did not finish in 120 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(
        status.success(),
        "chromium {args:?} failed ({status}): {}",
        std::fs::read_to_string(&stderr).unwrap_or_default()
    );
    std::fs::read_to_string(&stdout).unwrap()
}

/// Unpacks every entry of `epub` under `dir`.
fn unpack(epub: &[u8], dir: &Path) {
    for (name, _, data) in entries(epub) {
        let path = dir.join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    }
}

/// Reports every face in `document.fonts` once they have settled, as `family|weight|status` lines in a
/// `<pre id="fonts">`.
const FONT_PROBE: &str = r#"<script type="text/javascript">//<![CDATA[
document.fonts.ready.then(function () {
  var out = [];
  document.fonts.forEach(function (f) { out.push(f.family + '|' + f.weight + '|' + f.status); });
  var pre = document.createElementNS('http://www.w3.org/1999/xhtml', 'pre');
  pre.id = 'fonts';
  pre.textContent = out.join('\n');
  document.body.appendChild(pre);
});
//]]></script>
"#;

/// What [`FONT_PROBE`] reports for `story` (an XHTML document in `oebps`), as a set of lines.
fn document_fonts(oebps: &Path, story: &str) -> BTreeSet<String> {
    assert_eq!(story.matches("</head>").count(), 1);
    let probe = oebps.join("story-fonts.xhtml");
    std::fs::write(
        &probe,
        story.replace("</head>", &format!("{FONT_PROBE}</head>")),
    )
    .unwrap();
    let dom = run_chromium(&[
        "--virtual-time-budget=10000".into(),
        "--dump-dom".into(),
        format!("file://{}", probe.display()),
    ]);
    let report = elements(&dom, "<pre id=\"fonts\">", "</pre>");
    assert_eq!(report.len(), 1, "no font report in:\n{dom}");
    report[0].lines().map(String::from).collect()
}

#[test]
fn chromium_renders_the_first_story_in_the_embedded_font() {
    let epub = sample_epub();
    let dir = tempfile::tempdir().unwrap();
    unpack(&epub, dir.path());
    let oebps = dir.path().join("OEBPS");

    // The screenshot is not blank: text covers a fair share of the window.
    let shot = dir.path().join("story-001.png");
    run_chromium(&[
        format!("--screenshot={}", shot.display()),
        "--window-size=800,1200".into(),
        format!("file://{}", oebps.join("story-001.xhtml").display()),
    ]);
    let (w, h, pixels, channels) = decode_png(&std::fs::read(&shot).expect("a screenshot"));
    assert_eq!((w, h), (800, 1200));
    let dark = pixels
        .chunks(channels)
        .filter(|p| p[..3].iter().any(|&v| v < 160))
        .count();
    let share = dark as f64 / f64::from(w * h);
    assert!(
        (0.03..0.5).contains(&share),
        "{dark} dark pixels ({:.1} %) in the screenshot",
        share * 100.0
    );

    // document.fonts: each embedded face of the story loaded. The faces are declared only with the EPUB's
    // font files as their source, so `loaded` means Chromium read and accepted those files.
    let story = std::fs::read_to_string(oebps.join("story-001.xhtml")).unwrap();
    let expected: BTreeSet<String> = [
        "Noto Serif CJK SC|normal|loaded",
        "Noto Sans CJK SC|bold|loaded",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(document_fonts(&oebps, &story), expected);

    // The control: with the body font file cut short, the same probe reports that face's error.
    let font = oebps.join("fonts/NotoSerifCJKsc-Regular.otf");
    let bytes = std::fs::read(&font).unwrap();
    std::fs::write(&font, &bytes[..bytes.len() / 4]).unwrap();
    let broken = document_fonts(&oebps, &story);
    assert!(
        broken.contains("Noto Serif CJK SC|normal|error"),
        "a truncated font still reported as loaded: {broken:?}"
    );
}
