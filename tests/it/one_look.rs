//! One book, one look: a Markdown book using every role is built once (`huozi build --layout-json`), and
//! for every role of the style the PDF's face and size (the layout JSON's runs) and the EPUB's computed
//! style in headless Chromium (`getComputedStyle`: font-family, font-size in px relative to the body,
//! font-weight) are checked against the same role entry. A copied style with every role's size changed
//! (and two faces swapped) changes both editions alike.
//!
//! Running heads and folios are page furniture: the PDF has them, a reflowable EPUB has no pages to put
//! them on; the test checks them in the PDF and that the EPUB shows neither.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use huozi::style::{DEFAULT_STYLE, InlineRole, Role, Style};
use huozi::{Face, FontId, Weight};

/// Three stories using every role: the first with column, kicker, headline, subheadline and a standalone
/// byline, an editor's note, chapters, sections, subheads, a quote, a list, an image with its caption,
/// strong and emphasised text, an end mark and an editor credit, long enough to run onto a page with a
/// running head; the others with datelines (one with a byline run in).
const STORY: &str = r#"+++
column = "冰城新闻"
kicker = "冰雪季来了……"
subheadline = "占地81万平方米 用冰25万立方米"
byline = "本报记者 张三"

[book]
title = "冰雪季"
subtitle = "冰城冬日报道三篇"
publisher = "冰城日报社"
date = "2023-01-05"
identifier = "urn:uuid:2b8a4c36-7d51-4c5e-9d5a-0f0d9d3b6a11"
authors = ["张三", "李四"]
+++

# 冰雪大世界今天开园

编者按：冰雪季如期而至。本报今起推出系列报道，记录冰城的冬天。

本届冰雪大世界占地*八十一万平方米*，用冰**二十五万立方米**，其中主塔高达四十三米，为历届之最。

## 第一章 冰雕

## 看点一
## 冰雕更高

> 游客王女士说：“太美了！”
>
> 她已经连续来了三年。

园区设有：

- 冰滑梯
- 雪地摩托

### 第一节 夜景

![冰雕夜景](images/ice.png)

（图为冰雪大世界夜景。）

FILLER

（完）

责任编辑：王五

+++
dateline = "本报讯"
+++

# 第二篇

正文一段，**着重**与*强调*并用，*GDP增长5.2%*。

+++
dateline = "本报讯"
byline = "记者 李四"
+++

# 第三篇：图说冰城

夜幕降临，冰雕亮起灯光。
"#;

/// A paragraph of body text, repeated to run the first story onto later pages (running heads).
const FILLER: &str = "园区今年新增了冰雪游乐项目，游客可以在冰面上骑行、滑行，也可以登上主塔眺望松花江。\
工作人员介绍，园区每天上午十时开园，晚上九时闭园，夜间灯光秀每半小时一场。";

/// Writes the book (and a 40 × 30 PNG for its image) under `dir`; returns the story file.
fn write_book(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("images")).unwrap();
    common::epub::write_png(&dir.join("images/ice.png"), 40, 30);
    let filler = vec![FILLER; 24].join("\n\n");
    let story = dir.join("story.md");
    std::fs::write(&story, STORY.replace("FILLER", &filler)).unwrap();
    story
}

/// Both editions of one build.
struct Built {
    /// The layout JSON (`--layout-json`).
    layout: serde_json::Value,
    /// The EPUB, unpacked: its `OEBPS` folder.
    oebps: PathBuf,
    /// The EPUB file.
    epub: PathBuf,
    /// The PDF file.
    pdf: PathBuf,
    _dir: tempfile::TempDir,
}

/// Builds the book with `style` (TOML; the default when `None`) as a user would.
fn build(style: Option<&str>) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let story = write_book(&dir.path().join("in"));
    let out = dir.path().join("out");
    let layout = dir.path().join("layout.json");
    let mut args: Vec<String> = vec![
        "build".into(),
        common::path(&story).into(),
        "--out".into(),
        common::path(&out).into(),
        "--layout-json".into(),
        common::path(&layout).into(),
    ];
    if let Some(text) = style {
        let path = dir.path().join("style.toml");
        std::fs::write(&path, text).unwrap();
        args.extend(["--style".into(), common::path(&path).into()]);
    }
    common::huozi_ok(&args);
    let epub = out.join("book.epub");
    common::epub::unpack(&std::fs::read(&epub).unwrap(), &dir.path().join("epub"));
    Built {
        layout: serde_json::from_slice(&std::fs::read(&layout).unwrap()).unwrap(),
        oebps: dir.path().join("epub/OEBPS"),
        epub,
        pdf: out.join("book.pdf"),
        _dir: dir,
    }
}

/// A look as both editions can be compared: the family's name, the CSS weight and the size in pt.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Look {
    family: &'static str,
    weight: u16,
    size: f32,
}

/// The family name of embedded face `font`.
fn family_of(font: FontId) -> &'static str {
    match font {
        FontId::Serif | FontId::SerifBold => "Noto Serif CJK SC",
        FontId::SansBold => "Noto Sans CJK SC",
        FontId::Found(_) => panic!("the styles here name no face"),
    }
}

/// What the style says `role` looks like.
fn role_look(style: &Style, role: Role) -> Look {
    let r = style.role(role);
    Look {
        family: family_of(r.font),
        weight: r.weight.css(),
        size: r.size,
    }
}

/// What the style says `inline` text looks like inside body text.
fn inline_look(style: &Style, inline: InlineRole) -> Look {
    let body = style.role(Role::Body);
    let (face, weight): (Face, Weight) =
        style.roles.inline(inline).face_in((body.face, body.weight));
    Look {
        family: family_of(FontId::bundled(face, weight).unwrap()),
        weight: weight.css(),
        size: body.size,
    }
}

/// The looks of the PDF's runs, by role name (`headline`, …, and `strong`/`emphasis` for inline text in
/// body lines), from the layout JSON.
fn pdf_looks(layout: &serde_json::Value) -> BTreeMap<String, Vec<Look>> {
    let mut out: BTreeMap<String, Vec<Look>> = BTreeMap::new();
    for page in layout["pages"].as_array().unwrap() {
        for line in page["lines"].as_array().unwrap() {
            for run in line["runs"].as_array().unwrap() {
                let role = run["role"].as_str().unwrap();
                let key = match run.get("inline").and_then(|i| i.as_str()) {
                    Some(inline) if role == "body" => inline.to_string(),
                    Some(_) => continue,
                    None => role.to_string(),
                };
                let family = match run["face"].as_str().unwrap() {
                    "serif" => "Noto Serif CJK SC",
                    "sans" => "Noto Sans CJK SC",
                    other => panic!("face {other}"),
                };
                let weight = match run["weight"].as_str().unwrap() {
                    "regular" => 400,
                    "bold" => 700,
                    other => panic!("weight {other}"),
                };
                let look = Look {
                    family,
                    weight,
                    size: run["size"].as_f64().unwrap() as f32,
                };
                out.entry(key).or_default().push(look);
            }
        }
    }
    out
}

/// Each role's element in the EPUB (the first that matches, in the documents [`EPUB_DOCUMENTS`] lists).
const SELECTORS: [(&str, &str); 26] = [
    ("body", "section.story > p:not([class])"),
    ("column", "p.column"),
    ("kicker", "p.kicker"),
    ("headline", "h1.headline"),
    ("subheadline", "p.subheadline"),
    ("byline", "p.byline"),
    ("dateline", "span.dateline"),
    ("subhead", "h2.subhead"),
    ("chapter", "h2.chapter"),
    ("section", "h3.section"),
    ("note", "p.note"),
    ("note-label", "span.note-label"),
    ("quote", "blockquote.quote"),
    ("caption", "p.caption"),
    ("credit", "p.credit"),
    ("title", "h1.title"),
    ("subtitle", "p.subtitle"),
    ("imprint", "p.imprint"),
    ("contents-title", "h1.contents-title"),
    ("contents", "ol.contents"),
    ("colophon", "p.colophon"),
    ("strong", "p:not([class]) > strong"),
    ("emphasis", "p:not([class]) > em"),
    // not roles: what both editions set alike besides the roles
    // a space between CJK phrases, in text or between a display line's phrases
    ("gap", "span.ideographic-space, span.phrase-space"),
    ("no-dots", "em span.no-dots"),
    ("bullets", "ul"),
];

/// The documents whose elements [`SELECTORS`] look for (the first story is split before its chapter).
const EPUB_DOCUMENTS: [&str; 6] = [
    "story-001.xhtml",
    "story-001-002.xhtml",
    "story-002.xhtml",
    "titlepage.xhtml",
    "nav.xhtml",
    "colophon.xhtml",
];

/// Reports, for the first element each of `window.huoziSelectors` matches, its computed font-size (px),
/// first font family, font-weight, border, display and text-emphasis style, and the root's font-size, as
/// `key|property|value` lines in a `<pre id="computed">`; and every class name used in the document.
const PROBE: &str = r#"<script type="text/javascript">//<![CDATA[
document.fonts.ready.then(function () {
  var out = [];
  out.push('root|font-size|' + parseFloat(getComputedStyle(document.body).fontSize));
  window.huoziSelectors.forEach(function (pair) {
    var e = document.querySelector(pair[1]);
    if (!e) { return; }
    var c = getComputedStyle(e);
    var k = pair[0];
    out.push(k + '|font-size|' + parseFloat(c.fontSize));
    out.push(k + '|font-family|' + c.fontFamily.split(',')[0].replace(/"/g, '').trim());
    out.push(k + '|font-weight|' + c.fontWeight);
    out.push(k + '|border|' + c.borderTopWidth + ' ' + c.borderTopStyle);
    out.push(k + '|display|' + c.display);
    out.push(k + '|emphasis|' + (c.textEmphasisStyle || c.webkitTextEmphasisStyle || ''));
    out.push(k + '|width|' + e.getBoundingClientRect().width);
    out.push(k + '|list-style|' + c.listStyleType);
  });
  document.querySelectorAll('[class]').forEach(function (e) {
    e.classList.forEach(function (name) { out.push('class|' + name + '|1'); });
  });
  var pre = document.createElementNS('http://www.w3.org/1999/xhtml', 'pre');
  pre.id = 'computed';
  pre.textContent = out.join('\n');
  document.body.appendChild(pre);
});
//]]></script>
"#;

/// What [`PROBE`] reports for the document `name` of `oebps`, by (key, property).
fn computed(oebps: &Path, name: &str) -> BTreeMap<(String, String), String> {
    let doc = std::fs::read_to_string(oebps.join(name)).unwrap();
    let selectors: Vec<String> = SELECTORS
        .iter()
        .map(|(k, s)| format!("['{k}', '{s}']"))
        .collect();
    let script = format!(
        "<script type=\"text/javascript\">//<![CDATA[\nwindow.huoziSelectors = [{}];\n//]]></script>\n{PROBE}",
        selectors.join(", ")
    );
    let probe = oebps.join(format!("probe-{name}"));
    assert_eq!(doc.matches("</head>").count(), 1);
    std::fs::write(&probe, doc.replace("</head>", &format!("{script}</head>"))).unwrap();
    let dom = common::run_chromium(&[
        "--virtual-time-budget=10000".into(),
        "--dump-dom".into(),
        format!("file://{}", probe.display()),
    ]);
    let report = common::epub::elements(&dom, "<pre id=\"computed\">", "</pre>");
    assert_eq!(report.len(), 1, "no report in {name}:\n{dom}");
    report[0]
        .lines()
        .map(|l| {
            let mut parts = l.splitn(3, '|');
            let mut next = || parts.next().unwrap().to_string();
            ((next(), next()), next())
        })
        .collect()
}

/// Each role's look in the EPUB, by role name, its size in pt (px over the root's px, times the body
/// size: `em` sizes keep the reader's font-size setting), plus the other reported properties and the set
/// of class names used.
struct EpubLooks {
    looks: BTreeMap<String, Look>,
    props: BTreeMap<(String, String), String>,
    classes: BTreeSet<String>,
}

fn epub_looks(oebps: &Path, body_pt: f32) -> EpubLooks {
    let mut props = BTreeMap::new();
    let mut classes = BTreeSet::new();
    for name in EPUB_DOCUMENTS {
        let got = computed(oebps, name);
        let root: f32 = got[&("root".to_string(), "font-size".to_string())]
            .parse()
            .unwrap();
        for ((key, prop), value) in got {
            if key == "class" {
                classes.insert(prop);
            } else if key != "root" && !props.contains_key(&(key.clone(), prop.clone())) {
                if prop == "font-size" {
                    let px: f32 = value.parse().unwrap();
                    props.insert((key.clone(), "font-px".to_string()), value);
                    props.insert((key, prop), (px / root * body_pt).to_string());
                } else {
                    props.insert((key, prop), value);
                }
            }
        }
    }
    let family = |f: &str| -> &'static str {
        match f {
            "Noto Serif CJK SC" => "Noto Serif CJK SC",
            "Noto Sans CJK SC" => "Noto Sans CJK SC",
            other => panic!("an unexpected family {other}"),
        }
    };
    let mut looks = BTreeMap::new();
    for (key, _) in SELECTORS {
        let get = |p: &str| {
            props
                .get(&(key.to_string(), p.to_string()))
                .unwrap_or_else(|| panic!("the EPUB shows no {key} ({p})"))
        };
        looks.insert(
            key.to_string(),
            Look {
                family: family(get("font-family")),
                weight: get("font-weight").parse().unwrap(),
                size: get("font-size").parse().unwrap(),
            },
        );
    }
    EpubLooks {
        looks,
        props,
        classes,
    }
}

/// Asserts that every role's look in both editions is the one `style` gives it; returns the PDF's and the
/// EPUB's looks by role name.
fn assert_one_look(
    style: &Style,
    built: &Built,
) -> (BTreeMap<String, Look>, BTreeMap<String, Look>) {
    let pdf = pdf_looks(&built.layout);
    let epub = epub_looks(&built.oebps, style.em());
    let same = |a: &Look, b: &Look| {
        a.family == b.family && a.weight == b.weight && (a.size - b.size).abs() < 0.01
    };
    let mut pdf_one = BTreeMap::new();
    let mut expected: Vec<(String, Look)> = Role::ALL
        .iter()
        .map(|&r| (r.name().to_string(), role_look(style, r)))
        .collect();
    for inline in [InlineRole::Strong, InlineRole::Emphasis] {
        expected.push((inline.name().to_string(), inline_look(style, inline)));
    }
    for (name, want) in &expected {
        let runs = pdf
            .get(name)
            .unwrap_or_else(|| panic!("the PDF sets no {name} text"));
        for got in runs {
            assert!(
                same(got, want),
                "PDF {name}: {got:?}, the role says {want:?}"
            );
        }
        pdf_one.insert(name.clone(), runs[0]);
        if matches!(name.as_str(), "running-head" | "folio") {
            assert!(
                !epub.classes.contains(name),
                "the EPUB shows print furniture {name}"
            );
            continue;
        }
        let got = &epub.looks[name];
        assert!(
            same(got, want),
            "EPUB {name}: {got:?}, the role says {want:?}"
        );
    }
    // The column tag is boxed in both editions; emphasis has its dots in both.
    assert!(style.role(Role::Column).boxed);
    let border = &epub.props[&("column".to_string(), "border".to_string())];
    assert!(border.ends_with("px solid"), "column border: {border}");
    assert_eq!(
        epub.props[&("column".to_string(), "display".to_string())],
        "table"
    );
    assert_eq!(
        epub.props[&("kicker".to_string(), "border".to_string())],
        "0px none"
    );
    let dots = &epub.props[&("emphasis".to_string(), "emphasis".to_string())];
    assert!(dots == "dot" || dots == "filled dot", "emphasis: {dots}");
    // As in print: no dots under Latin letters and digits; a space between CJK phrases is one em wide;
    // the list marker is print's.
    assert_eq!(
        epub.props[&("no-dots".to_string(), "emphasis".to_string())],
        "none"
    );
    let prop =
        |k: &str, p: &str| -> f32 { epub.props[&(k.to_string(), p.to_string())].parse().unwrap() };
    let gap_em = prop("gap", "width") / prop("gap", "font-px");
    assert!((gap_em - 1.0).abs() < 0.02, "the gap is {gap_em} em");
    let bullets = &epub.props[&("bullets".to_string(), "list-style".to_string())];
    assert_eq!(bullets, &format!("\"{}\"", huozi::model::BULLET_MARKER));
    (pdf_one, epub.looks)
}

/// The emphasis dots the PDF draws (pdfminer: small filled curves; not on the contents pages, whose dots
/// are leaders), and the emphasised Han characters of the layout JSON; they must be equal in number.
fn assert_pdf_dots(built: &Built) {
    let contents_pages: Vec<String> = built.layout["pages"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p["lines"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["role"] == "contents")
        })
        .map(|(i, _)| i.to_string())
        .collect();
    let emphasised: usize = built.layout["pages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["lines"].as_array().unwrap())
        .flat_map(|l| l["runs"].as_array().unwrap())
        .filter(|r| r.get("inline").and_then(|i| i.as_str()) == Some("emphasis"))
        .map(|r| {
            r["text"]
                .as_str()
                .unwrap()
                .chars()
                .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                .count()
        })
        .sum();
    let script = r#"import sys
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTCurve, LTContainer

def walk(o):
    if isinstance(o, LTCurve):
        yield o
    elif isinstance(o, LTContainer):
        for c in o:
            yield from walk(c)

skip = {int(i) for i in sys.argv[2].split(",") if i}
dots = [c for i, p in enumerate(extract_pages(sys.argv[1])) if i not in skip for c in walk(p)
        if c.fill and c.width < 3 and abs(c.width - c.height) < 0.1]
print(len(dots))
"#;
    let skip = contents_pages.join(",");
    let (ok, out) = common::run("python3", &["-c", script, common::path(&built.pdf), &skip]);
    assert!(ok, "pdfminer (pip install pdfminer.six): {out}");
    let drawn: usize = out.trim().parse().unwrap_or_else(|_| panic!("{out}"));
    assert!(emphasised > 0);
    assert_eq!(
        drawn, emphasised,
        "one dot under each emphasised Han character"
    );
}

/// `DEFAULT_STYLE` with every role's `size-pt` raised by a point and the colophon and caption set in the
/// sans: each `[roles.x]` table's own size line is rewritten.
fn copied_style() -> String {
    let mut table = String::new();
    let mut out = Vec::new();
    for line in DEFAULT_STYLE.lines() {
        if let Some(name) = line.strip_prefix('[') {
            table = name.split(']').next().unwrap().to_string();
        }
        let line = match line.strip_prefix("size-pt = ") {
            Some(rest) if table.starts_with("roles.") => {
                let value: f32 = rest.split_whitespace().next().unwrap().parse().unwrap();
                format!("size-pt = {:.1}", value + 1.0)
            }
            _ => line.to_string(),
        };
        let line = match (table.as_str(), line.as_str()) {
            ("roles.colophon" | "roles.caption", "face = \"serif\"") => "face = \"sans\"".into(),
            ("roles.colophon" | "roles.caption", "weight = \"regular\"") => {
                "weight = \"bold\"".into()
            }
            _ => line,
        };
        out.push(line);
    }
    out.join("\n")
}

#[test]
fn every_role_looks_the_same_in_both_editions_and_a_copied_style_changes_both() {
    let style = Style::default_style();
    let built = build(None);
    common::assert_epubcheck_clean(&built.epub);
    let (pdf, epub) = assert_one_look(&style, &built);
    assert_pdf_dots(&built);
    let bullet_line = built.layout["pages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["lines"].as_array().unwrap())
        .any(|l| {
            l["text"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{}冰滑梯", huozi::model::BULLET_MARKER))
        });
    assert!(
        bullet_line,
        "the PDF sets the list marker the EPUB's stylesheet names"
    );
    // the defaults the README states
    assert_eq!(pdf["headline"].family, "Noto Sans CJK SC");
    assert_eq!(pdf["strong"].family, "Noto Sans CJK SC");
    assert_eq!(epub["emphasis"].family, "Noto Serif CJK SC");

    let copied = copied_style();
    let other =
        Style::from_toml(&copied, Path::new("copied.toml")).expect("the copied style loads");
    for role in Role::ALL.into_iter().filter(|&r| r != Role::Body) {
        assert_eq!(
            other.role(role).size,
            style.role(role).size + 1.0,
            "{role:?}"
        );
    }
    let rebuilt = build(Some(&copied));
    let (pdf2, epub2) = assert_one_look(&other, &rebuilt);
    for role in Role::ALL.into_iter().filter(|&r| r != Role::Body) {
        let name = role.name();
        assert!(
            (pdf2[name].size - pdf[name].size - 1.0).abs() < 0.01,
            "PDF {name}: {} → {}",
            pdf[name].size,
            pdf2[name].size
        );
        if let (Some(a), Some(b)) = (epub.get(name), epub2.get(name)) {
            assert!(
                (b.size - a.size - 1.0).abs() < 0.01,
                "EPUB {name}: {a:?} → {b:?}"
            );
        }
    }
    for name in ["colophon", "caption"] {
        assert_eq!(pdf2[name].family, "Noto Sans CJK SC");
        assert_eq!(epub2[name].family, "Noto Sans CJK SC");
    }
}

/// The text of the PDF's lines of `roles` on the page with folio `folio`, in order, whitespace dropped.
fn pdf_text(layout: &serde_json::Value, folio: u64, roles: &[&str]) -> Vec<String> {
    let page = layout["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["folio"] == folio)
        .unwrap_or_else(|| panic!("no page {folio}"));
    page["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| roles.contains(&l["role"].as_str().unwrap()))
        .map(|l| common::epub::compact(l["text"].as_str().unwrap()))
        .collect()
}

/// The text of every element of `doc` whose start tag begins with one of `opens`, in document order,
/// whitespace dropped.
fn epub_text(doc: &str, opens: &[&str]) -> Vec<String> {
    let mut found: Vec<(usize, String)> = Vec::new();
    for open in opens {
        let tag = open.trim_start_matches('<').split(' ').next().unwrap();
        for (i, _) in doc.match_indices(open) {
            let start = i + doc[i..].find('>').unwrap() + 1;
            let end = start + doc[start..].find(&format!("</{tag}>")).unwrap();
            found.push((
                i,
                common::epub::compact(&common::epub::xml_text(&doc[start..end])),
            ));
        }
    }
    found.sort();
    found.into_iter().map(|(_, t)| t).collect()
}

#[test]
fn the_title_page_and_the_colophon_say_the_same_in_both_editions() {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("layout.json");
    common::huozi_ok([
        "build",
        "content",
        "--out",
        common::path(dir.path()),
        "--layout-json",
        common::path(&layout),
    ]);
    let layout: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&layout).unwrap()).unwrap();
    let epub = std::fs::read(dir.path().join("book.epub")).unwrap();
    common::assert_epubcheck_clean_bytes(&epub);

    // The title page: title, subtitle, authors, publisher, in that order, in both.
    let title_pdf = pdf_text(&layout, 1, &["title", "subtitle", "imprint"]);
    assert_eq!(
        title_pdf,
        [
            "冰城战“疫”纪事",
            "《哈尔滨日报》一线报道两篇",
            "梁可心、黄晏君",
            "哈尔滨日报社"
        ]
    );
    let page = common::epub::entry_text(&epub, "OEBPS/titlepage.xhtml");
    assert!(page.contains("epub:type=\"titlepage\""), "{page}");
    let title_epub = epub_text(
        &page,
        &[
            "<h1 class=\"title\"",
            "<p class=\"subtitle\"",
            "<p class=\"imprint",
        ],
    );
    assert_eq!(title_epub, title_pdf);

    // The colophon: every entry, in order; the PDF may break an entry over lines, so compare the text.
    let last = layout["pages"].as_array().unwrap().len() as u64;
    let colophon_pdf = pdf_text(&layout, last, &["colophon"]).concat();
    let page = common::epub::entry_text(&epub, "OEBPS/colophon.xhtml");
    assert!(page.contains("epub:type=\"colophon\""), "{page}");
    let entries = epub_text(&page, &["<p class=\"colophon"]);
    // the record (书名 作者 出版 版次 印次 开本 字数 标识 版权), 篇目 with two stories and their bylines,
    // 排版 and 字体
    assert_eq!(entries.len(), 16, "{entries:?}");
    assert_eq!(entries.concat(), colophon_pdf);
    for field in [
        "书名：",
        "作者：",
        "出版：",
        "版次：2022年12月第1版",
        "印次：2022年12月第1次印刷",
        "开本：148mm×210mm（A5）",
        "字数：",
        "标识：",
        "版权：",
        "篇目：",
        "排版：",
        "字体：",
    ] {
        assert!(colophon_pdf.contains(field), "{field} in {colophon_pdf}");
    }
    // Reading order: cover, title page, contents, stories, colophon.
    let opf = common::epub::entry_text(&epub, "OEBPS/content.opf");
    let spine: Vec<&str> = common::epub::elements(&opf, "<itemref idref=\"", "\"");
    assert_eq!(
        spine,
        [
            "cover",
            "titlepage",
            "nav",
            "story-001",
            "story-002",
            "colophon"
        ]
    );
}
