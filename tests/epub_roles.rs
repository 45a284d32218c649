//! The EPUB's looks come from the role table: a Markdown book using every block kind is built, checked with
//! EPUBCheck, and its documents are opened in headless Chromium to read the computed style of every role's
//! element — its size relative to the body, its face, the column tag's box, the emphasis dots — and again
//! with a copied style whose sizes differ.
//!
//! EPUBCheck and Chromium are required, as in `tests/epub.rs`: `EPUBCHECK_JAR` overrides where EPUBCheck
//! is looked for (else Debian's `epubcheck` package), `CHROMIUM` which browser binary runs.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use huozi::style::{DEFAULT_STYLE, Role, Style};

/// A book of three stories using every block kind, strong and emphasised text (nested too), a note, a
/// caption, chapters and sections.
const STORY: &str = r#"+++
kicker = "冰雪季来了……"
byline = "本报记者 张三"
column = "冰城新闻"

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

本届冰雪大世界占地*81万平方米*，用冰**25万立方米**，其中*主塔高达**43米***，为历届之最。

## 第一章 冰雕

## 看点一
## 冰雕更高

> 游客王女士说：“太美了！”
>
> 她已经连续来了*三年*。

园区设有：

- 冰滑梯
- 雪地摩托
- 冰上自行车

### 第一节 夜景

![冰雕夜景](images/ice.png)

（图为冰雪大世界夜景。）

开放时间：

3. 上午10时至下午5时
4. 晚上6时至9时

（完）

责任编辑：王五

+++
dateline = "本报讯"
+++

# 第二篇

正文一段，**着重**与*强调*并用。

+++
dateline = "本报讯"
byline = "记者 李四"
+++

# 第三篇：图说冰城

夜幕降临，冰雕亮起灯光。
"#;

/// Writes the book (and a 40 × 30 PNG for its image) under `dir`; returns the story file.
fn write_book(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("images")).unwrap();
    let mut png = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png, 40, 30);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[90u8; 40 * 30 * 3]).unwrap();
    }
    std::fs::write(dir.join("images/ice.png"), png).unwrap();
    let story = dir.join("story.md");
    std::fs::write(&story, STORY).unwrap();
    story
}

/// Builds the book with `style` (the default when `None`) into a new folder; returns its EPUB path.
fn build(dir: &Path, style: Option<&str>) -> PathBuf {
    let story = write_book(&dir.join("in"));
    let mut options = huozi::Options::new(&story, dir.join("out"));
    if let Some(text) = style {
        let path = dir.join("style.toml");
        std::fs::write(&path, text).unwrap();
        options.style = Some(path);
    }
    huozi::build(&options).expect("the book builds").epub
}

/// Unpacks `epub` under `dir`.
fn unpack(epub: &Path, dir: &Path) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let path = dir.join(f.name());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        std::fs::write(path, data).unwrap();
    }
}

/// The EPUBCheck jar: `$EPUBCHECK_JAR`, else where Debian's package put it.
fn epubcheck_jar() -> PathBuf {
    let jar = std::env::var_os("EPUBCHECK_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/java/epubcheck.jar"));
    assert!(
        jar.is_file(),
        "EPUBCheck is required but {} does not exist: install it (`apt-get install epubcheck`) or set \
         EPUBCHECK_JAR",
        jar.display()
    );
    jar
}

#[test]
fn a_book_of_every_block_kind_passes_epubcheck_without_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let epub = build(dir.path(), None);
    let out = Command::new("java")
        .arg("-jar")
        .arg(epubcheck_jar())
        .arg(&epub)
        .output()
        .expect("java runs EPUBCheck");
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
        summary.starts_with("Messages: 0 fatals / 0 errors / 0 warnings"),
        "{text}"
    );
    assert!(
        !summary.contains("infos") || summary.contains("/ 0 infos"),
        "{text}"
    );
    assert!(out.status.success(), "{text}");
}

/// The Chromium binary: `$CHROMIUM`, else `chromium` on the PATH.
fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|p| p.join("chromium"))
                    .find(|p| p.is_file())
            })
        })
        .expect("headless Chromium is required: install `chromium` or set CHROMIUM")
}

/// Reports, for each element matching one of the selectors in `window.huoziProbe`, its computed
/// font-size (px), font-family, font-weight, border-top-width, display, text-emphasis-style and the
/// body's font-size, as `selector|property|value` lines in a `<pre id="computed">`.
const PROBE: &str = r#"<script type="text/javascript">//<![CDATA[
document.fonts.ready.then(function () {
  var out = [];
  var body = getComputedStyle(document.body);
  out.push('body|font-size|' + parseFloat(body.fontSize));
  var selectors = ['.column', '.kicker', 'h1.headline', '.subheadline', '.byline', '.dateline', 'h2.subhead',
    'h2.chapter', 'h3.section', '.note', '.note-label', 'blockquote.quote', '.caption', '.credit', '.title',
    '.subtitle', '.imprint', '.contents-title', '.contents', '.colophon', 'strong', 'em'];
  selectors.forEach(function (s) {
    var e = document.querySelector(s);
    if (!e) { return; }
    var c = getComputedStyle(e);
    out.push(s + '|font-size|' + parseFloat(c.fontSize));
    out.push(s + '|font-family|' + c.fontFamily.split(',')[0].replace(/"/g, ''));
    out.push(s + '|font-weight|' + c.fontWeight);
    out.push(s + '|border|' + c.borderTopWidth + ' ' + c.borderTopStyle);
    out.push(s + '|display|' + c.display);
    out.push(s + '|emphasis|' + (c.textEmphasisStyle || c.webkitTextEmphasisStyle || ''));
  });
  var pre = document.createElementNS('http://www.w3.org/1999/xhtml', 'pre');
  pre.id = 'computed';
  pre.textContent = out.join('\n');
  document.body.appendChild(pre);
});
//]]></script>
"#;

/// The computed styles [`PROBE`] reports for the document `name` in `oebps`, by (selector, property).
fn computed(oebps: &Path, name: &str) -> BTreeMap<(String, String), String> {
    let doc = std::fs::read_to_string(oebps.join(name)).unwrap();
    let probe = oebps.join(format!("probe-{name}"));
    std::fs::write(&probe, doc.replace("</head>", &format!("{PROBE}</head>"))).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=10000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", probe.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom
        .find("<pre id=\"computed\">")
        .unwrap_or_else(|| panic!("no report in {dom}"))
        + "<pre id=\"computed\">".len();
    let report = &dom[start..start + dom[start..].find("</pre>").unwrap()];
    report
        .lines()
        .map(|l| {
            let mut parts = l.splitn(3, '|');
            let mut next = || parts.next().unwrap().to_string();
            ((next(), next()), next())
        })
        .collect()
}

/// The computed styles of the story, title page, contents and colophon documents of `epub`.
fn all_computed(epub: &Path, dir: &Path) -> BTreeMap<(String, String), String> {
    unpack(epub, dir);
    let oebps = dir.join("OEBPS");
    let mut all = BTreeMap::new();
    for name in [
        "story-001.xhtml",
        "story-003.xhtml",
        "titlepage.xhtml",
        "nav.xhtml",
        "colophon.xhtml",
    ] {
        for (key, value) in computed(&oebps, name) {
            if key.0 == "body" || !all.contains_key(&key) {
                all.insert(key, value);
            }
        }
    }
    all
}

/// Asserts every role's element is set at its size relative to the body's, in its face and weight.
fn assert_roles(style: &Style, got: &BTreeMap<(String, String), String>) {
    let get = |s: &str, p: &str| {
        got.get(&(s.to_string(), p.to_string()))
            .unwrap_or_else(|| panic!("no {s} {p} in {got:?}"))
            .clone()
    };
    let body: f32 = get("body", "font-size").parse().unwrap();
    for (role, selector) in [
        (Role::Column, ".column"),
        (Role::Kicker, ".kicker"),
        (Role::Headline, "h1.headline"),
        (Role::Byline, ".byline"),
        (Role::Dateline, ".dateline"),
        (Role::Subhead, "h2.subhead"),
        (Role::Chapter, "h2.chapter"),
        (Role::Section, "h3.section"),
        (Role::Note, ".note"),
        (Role::NoteLabel, ".note-label"),
        (Role::Quote, "blockquote.quote"),
        (Role::Caption, ".caption"),
        (Role::Credit, ".credit"),
        (Role::Title, ".title"),
        (Role::Subtitle, ".subtitle"),
        (Role::Imprint, ".imprint"),
        (Role::ContentsTitle, ".contents-title"),
        (Role::Contents, ".contents"),
        (Role::Colophon, ".colophon"),
    ] {
        let r = style.role(role);
        let px: f32 = get(selector, "font-size").parse().unwrap();
        let want = body * r.size / style.em();
        assert!(
            (px - want).abs() < 0.05,
            "{selector}: {px} px, the role says {want} px ({} pt over {} pt)",
            r.size,
            style.em()
        );
        assert_eq!(get(selector, "font-family"), r.font.family(), "{selector}");
        let weight = if r.weight == huozi::Weight::Bold {
            "700"
        } else {
            "400"
        };
        assert_eq!(get(selector, "font-weight"), weight, "{selector}");
    }
}

#[test]
fn every_role_shows_in_its_size_and_face_and_a_copied_style_changes_them() {
    let dir = tempfile::tempdir().unwrap();
    let epub = build(dir.path(), None);
    let got = all_computed(&epub, &dir.path().join("x"));
    let style = Style::default_style();
    assert_roles(&style, &got);
    let get = |s: &str, p: &str| got[&(s.to_string(), p.to_string())].clone();
    // the column tag in its box
    // 0.5 pt is ⅔ px: Chromium draws it one device pixel wide at a device pixel ratio of 1
    let border = get(".column", "border");
    let width: f32 = border.trim_end_matches("px solid").parse().unwrap();
    assert!(
        border.ends_with("px solid") && width > 0.0 && width <= 1.0,
        "{border}"
    );
    assert_eq!(get(".column", "display"), "table");
    assert_eq!(get(".kicker", "border"), "0px none");
    // emphasis: dots, in the surrounding face; strong: the sans
    // (`filled` is the default shape, so Chromium serialises `filled dot` as `dot`)
    let dots = get("em", "emphasis");
    assert!(dots == "dot" || dots == "filled dot", "{dots}");
    assert_eq!(get("em", "font-family"), "Noto Serif CJK SC");
    assert_eq!(get("strong", "font-family"), "Noto Sans CJK SC");

    // A copied style with other sizes and faces: the EPUB follows it.
    let copied = DEFAULT_STYLE
        .replacen(
            "[roles.kicker]            # 引题\nface = \"sans\"\nweight = \"bold\"\nsize-pt = 12.0",
            "[roles.kicker]            # 引题\nface = \"sans\"\nweight = \"bold\"\nsize-pt = 14.0",
            1,
        )
        .replacen(
            "[roles.colophon]          # 版权页\nface = \"serif\"\nweight = \"regular\"\nsize-pt = 9.0",
            "[roles.colophon]          # 版权页\nface = \"sans\"\nweight = \"bold\"\nsize-pt = 10.5",
            1,
        );
    assert_ne!(copied, DEFAULT_STYLE);
    let other = Style::from_toml(&copied, Path::new("copied.toml")).unwrap();
    assert_eq!(other.roles.kicker.size, 14.0);
    assert_eq!(other.roles.colophon.size, 10.5);
    let dir2 = tempfile::tempdir().unwrap();
    let epub = build(dir2.path(), Some(&copied));
    let changed = all_computed(&epub, &dir2.path().join("x"));
    assert_roles(&other, &changed);
    assert_ne!(
        changed[&(".kicker".to_string(), "font-size".to_string())],
        got[&(".kicker".to_string(), "font-size".to_string())]
    );
}
