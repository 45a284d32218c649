//! Every look in the typeset pages comes from the style's role table: each run's face and size are its
//! role's (strong and emphasis resolved inside the surrounding face), line roles are the block's, and
//! emphasised Han characters get one emphasis dot each (GB/T 15834—2011 §4.16).

use std::sync::Arc;

use huozi::model::{Block, Book, Inline, Meta, Story};
use huozi::style::{InlineRole, Role, Style};
use huozi::{Document, Item, typeset};
use huozi::{FontId, FontSet};
use huozi::{ImageBytes, ImageData, ImageFormat, Images};

fn text(t: &str) -> Inline {
    Inline::Text(t.into())
}

/// A story with every block kind, strong and emphasised text.
fn book() -> Book {
    let blocks = vec![
        Block::EditorsNote {
            inlines: vec![
                text("编者按：冰雪季来了。本报推出"),
                Inline::Emphasis(vec![text("冰雪季")]),
                text("系列报道。"),
            ],
        },
        Block::Paragraph {
            inlines: vec![
                text("本届冰雪大世界占地"),
                Inline::Emphasis(vec![text("81万平方米，")]),
                text("用冰"),
                Inline::Strong(vec![text("25万立方米")]),
                text("。"),
            ],
        },
        Block::Chapter {
            level: 1,
            title: "第一章 冰雕更高".into(),
        },
        Block::Chapter {
            level: 2,
            title: "第一节 冰滑梯".into(),
        },
        Block::Quote {
            paragraphs: vec![vec![
                text("游客说："),
                Inline::Emphasis(vec![text("太美了")]),
            ]],
        },
        Block::List {
            ordered: true,
            start: 1,
            items: vec![vec![text("上午")], vec![text("晚上")]],
        },
        Block::Subhead {
            lines: vec!["看点二".into()],
        },
        Block::Image {
            src: "ice.png".into(),
            alt: "冰雕".into(),
        },
        Block::Caption {
            text: "（图为冰雪大世界夜景。）".into(),
        },
        Block::Paragraph {
            inlines: vec![text("夜幕降临。")],
        },
        Block::Ending {
            text: "（完）".into(),
        },
        Block::Editor {
            text: "责任编辑：李四".into(),
        },
    ];
    Book {
        counted: Default::default(),
        meta: Meta {
            title: "冰雪季".into(),
            subtitle: Some("冬日故事".into()),
            language: "zh-CN".into(),
            publisher: Some("哈尔滨日报社".into()),
            date: huozi::model::Date::parse("2023-01-05").unwrap(),
            identifier: "urn:uuid:2b8a4c36-7d51-4c5e-9d5a-0f0d9d3b6a11".into(),
            print_source: None,
            authors: vec!["张三".into()],
            description: None,
            rights: None,
            subjects: Vec::new(),
            cover: None,
            edition: None,
            printing: None,
            derived: false,
            newspaper: None,
        },
        stories: vec![Story {
            column: Some("冰城新闻".into()),
            kicker: Some("冰雪季来了……".into()),
            headline: "冰雪大世界今天开园".into(),
            subheadline: Some("今冬最大的冰雪乐园".into()),
            dateline: Some("本报讯".into()),
            byline: Some("记者 张三".into()),
            blocks,
        }],
    }
}

fn images() -> Images {
    let image = ImageData {
        src: "ice.png".into(),
        format: ImageFormat::Png,
        width_px: 400,
        height_px: 300,
        bytes: ImageBytes(Arc::new(Vec::new())),
    };
    Images::from([("ice.png".to_string(), image)])
}

fn typeset_book(style: &Style) -> Document {
    typeset(&book(), style, &FontSet::bundled().unwrap(), &images()).unwrap()
}

#[test]
fn every_run_takes_its_face_and_size_from_its_role() {
    let mut style = Style::default_style();
    // a book of one story has a contents page only when the style asks for one
    style.page.single_story_contents = true;
    let doc = typeset_book(&style);
    let fonts = FontSet::bundled().unwrap();
    let mut roles_seen = std::collections::BTreeSet::new();
    for page in &doc.pages {
        for line in &page.lines {
            roles_seen.insert(line.role);
            for run in &line.runs(page, &fonts) {
                let rs = style.role(run.role);
                let (face, weight) = match run.inline {
                    None => (rs.face, rs.weight),
                    Some(r) => style.roles.inline(r).face_in((rs.face, rs.weight)),
                };
                assert_eq!(
                    run.font,
                    FontId::bundled(face, weight).unwrap().to_string(),
                    "{:?} {:?} {}",
                    run.role,
                    run.inline,
                    run.text
                );
                assert_eq!((run.face, run.weight), (face, weight));
                if run.role == Role::Headline {
                    assert!(run.size <= rs.size);
                } else {
                    assert_eq!(run.size, rs.size, "{:?} {}", run.role, run.text);
                }
            }
        }
    }
    for role in [
        Role::Title,
        Role::Subtitle,
        Role::Imprint,
        Role::ContentsTitle,
        Role::Contents,
        Role::Column,
        Role::Kicker,
        Role::Headline,
        Role::Subheadline,
        Role::Body,
        Role::Note,
        Role::Chapter,
        Role::Section,
        Role::Quote,
        Role::Subhead,
        Role::Caption,
        Role::Credit,
        Role::Folio,
        Role::Colophon,
    ] {
        assert!(roles_seen.contains(&role), "{role:?} in {roles_seen:?}");
    }
    // strong is 黑体; emphasis keeps the 宋体 around it
    let runs: Vec<_> = doc
        .pages
        .iter()
        .flat_map(|p| p.lines.iter().flat_map(|l| l.runs(p, &fonts)))
        .collect();
    let strong = runs
        .iter()
        .find(|r| r.inline == Some(InlineRole::Strong))
        .unwrap();
    assert_eq!(strong.font, FontId::SansBold.to_string());
    let emphasis = runs
        .iter()
        .find(|r| r.inline == Some(InlineRole::Emphasis) && r.role == Role::Body)
        .unwrap();
    assert_eq!(emphasis.font, FontId::Serif.to_string());
    let label = runs.iter().find(|r| r.role == Role::NoteLabel).unwrap();
    assert_eq!(
        (label.text.as_str(), label.font.as_str()),
        ("编者按：", "NotoSansCJKsc-Bold.otf")
    );
}

#[test]
fn a_style_change_changes_the_role_and_nothing_else() {
    let mut style = Style::default_style();
    style.roles.caption.size = 10.0;
    style.roles.caption.font = FontId::SansBold;
    let doc = typeset_book(&style);
    let (page, caption) = (doc.pages.iter())
        .flat_map(|p| p.lines.iter().map(move |l| (p, l)))
        .find(|(_, l)| l.role == Role::Caption)
        .unwrap();
    assert_eq!(caption.size, 10.0);
    let fonts = FontSet::bundled().unwrap();
    assert_eq!(caption.runs(page, &fonts)[0].font, "NotoSansCJKsc-Bold.otf");
}

#[test]
fn emphasised_han_characters_get_one_dot_each() {
    let style = Style::default_style();
    let doc = typeset_book(&style);
    let mut dots = 0;
    for page in &doc.pages {
        let mut last_run = None;
        for (at, item) in &page.items {
            match item {
                Item::Run(run) => last_run = Some((at, run)),
                Item::Dot { diameter } => {
                    dots += 1;
                    let (origin, run) = last_run.expect("a dot follows its run");
                    assert_eq!(run.inline, Some(InlineRole::Emphasis));
                    assert!((diameter - 0.16 * run.size).abs() < 1e-4);
                    assert!((at.y - origin.y - 0.25 * run.size).abs() < 1e-3);
                    // centred on a Han glyph's advance
                    let under = run
                        .clusters()
                        .find(|(g, _)| (origin.x + g.x + g.advance / 2.0 - at.x).abs() < 1e-3);
                    let (_, cluster) = under.expect("a glyph above the dot");
                    let ch = run.text[cluster].chars().next().unwrap();
                    assert!(('\u{4e00}'..='\u{9fff}').contains(&ch), "{ch} is Han");
                }
                _ => {}
            }
        }
    }
    // 冰雪季 (3) + 万平方米 (4; not 8 1 or ，) + 太美了 (3)
    assert_eq!(dots, 10);
}

#[test]
fn the_layout_json_lists_each_lines_runs() {
    let style = Style::default_style();
    let doc = typeset_book(&style);
    let text = huozi::layout_json(&doc, &style, &FontSet::bundled().unwrap());
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let lines: Vec<&serde_json::Value> = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["lines"].as_array().unwrap())
        .collect();
    let first = lines
        .iter()
        .find(|l| l["role"] == "body" && l["runs"][0]["role"] == "dateline")
        .expect("the dateline opens the first paragraph");
    let run = &first["runs"][0];
    assert_eq!(run["font"], "NotoSansCJKsc-Bold.otf");
    assert_eq!(run["face"], "sans");
    assert_eq!(run["weight"], "bold");
    assert_eq!(run["size"], 10.5);
    assert!(run.get("inline").is_none());
    let emphasis = lines
        .iter()
        .flat_map(|l| l["runs"].as_array().unwrap())
        .find(|r| r["inline"] == "emphasis")
        .unwrap();
    assert_eq!(emphasis["font"], "NotoSerifCJKsc-Regular.otf");
    // `runs` ends each line object, after `unfilled`
    let rows: Vec<&str> = text.lines().map(str::trim).collect();
    let mut ends = 0;
    for (i, row) in rows.iter().enumerate() {
        if row.starts_with("\"unfilled\":") {
            assert!(rows[i + 1].starts_with("\"runs\": ["), "{}", rows[i + 1]);
            ends += 1;
        }
    }
    assert_eq!(ends, lines.len());
    let note = lines.iter().find(|l| l["role"] == "note").unwrap();
    assert_eq!(note["paragraph_start"], true);
    let credit = lines.iter().find(|l| l["role"] == "credit").unwrap();
    assert_eq!(
        credit["paragraph_start"], false,
        "credit is not justified text"
    );
}

#[test]
fn the_pdf_draws_the_dots() {
    let style = Style::default_style();
    let mut book = book();
    book.stories[0]
        .blocks
        .retain(|b| !matches!(b, Block::Image { .. }));
    let fonts = FontSet::bundled().unwrap();
    let doc = typeset(&book, &style, &fonts, &Images::new()).unwrap();
    let pdf = huozi::render_pdf(&doc, &book, &fonts, Default::default()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let again = huozi::render_pdf(&doc, &book, &fonts, Default::default()).unwrap();
    assert_eq!(pdf, again, "same input, same bytes");
    // the same pages without their dots make a smaller file: the dots are drawn
    let mut plain = doc.clone();
    for page in &mut plain.pages {
        page.items
            .retain(|(_, item)| !matches!(item, Item::Dot { .. }));
    }
    assert!(
        plain.pages.iter().map(|p| p.items.len()).sum::<usize>()
            < doc.pages.iter().map(|p| p.items.len()).sum::<usize>()
    );
    let without = huozi::render_pdf(&plain, &book, &fonts, Default::default()).unwrap();
    assert!(
        without.len() < pdf.len(),
        "{} < {}",
        without.len(),
        pdf.len()
    );
}
