//! Markdown means what its author meant, in both editions (issue 11, acceptance 4): the book of
//! `tests/fixtures/markdown/` — one file per case a new user writes — is built once (`huozi build
//! --layout-json`), and each case is checked in the PDF (its text with pdftotext, its lines in the layout
//! JSON) and in the EPUB (its XHTML):
//! - emphasis next to CJK punctuation (`**《新闻联播》**开播`, `**入场须预约。**请`, `*（暂定）*`) is strong or
//!   emphasised text, and no `*` reaches either edition;
//! - a quoted four-line poem keeps its four lines (four line records; three `<br/>`), and so does a list
//!   of prize winners;
//! - ruby is never glued to the text (`<ruby>` in the EPUB, `单（shàn）雨桐` in the PDF);
//! - a 3×3 table and two footnotes keep their text in both;
//! - what is still not supported is a warning naming the file and line.

use crate::common;

use std::path::{Path, PathBuf};

use crate::common::epub::{compact, entry_text, xml_text};

/// Both editions of the fixture book, and what the build said.
struct Built {
    epub: Vec<u8>,
    pdf_text: String,
    layout: serde_json::Value,
    stderr: String,
    _dir: tempfile::TempDir,
}

fn build() -> Built {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("layout.json");
    let out = common::huozi_ok([
        "build",
        "tests/fixtures/markdown",
        "--out",
        common::path(dir.path()),
        "--layout-json",
        common::path(&layout),
    ]);
    let pdf: PathBuf = dir.path().join("book.pdf");
    let (ok, pdf_text) = common::run("pdftotext", &[common::path(&pdf), "-"]);
    assert!(ok, "pdftotext: {pdf_text}");
    Built {
        epub: std::fs::read(dir.path().join("book.epub")).unwrap(),
        pdf_text,
        layout: serde_json::from_slice(&std::fs::read(&layout).unwrap()).unwrap(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        _dir: dir,
    }
}

/// The layout JSON's lines of story `story` (0-based) and block `block`, as (text, runs).
fn lines_of(layout: &serde_json::Value, story: u64, block: u64) -> Vec<serde_json::Value> {
    layout["pages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["lines"].as_array().unwrap())
        .filter(|l| l["story"] == story && l["block"] == block && l["role"] != "running-head")
        .cloned()
        .collect()
}

fn texts(lines: &[serde_json::Value]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l["text"].as_str().unwrap().to_string())
        .collect()
}

/// The story documents of the EPUB, in order, with their text.
fn story(epub: &[u8], n: usize) -> String {
    entry_text(epub, &format!("OEBPS/story-{n:03}.xhtml"))
}

#[test]
fn markdown_cases_keep_their_meaning_in_both_editions() {
    let b = build();
    common::assert_epubcheck_clean_bytes(&b.epub);
    let pdf = compact(&b.pdf_text);

    // No `*` reaches either edition: not the PDF, not a document, not the contents.
    assert!(!b.pdf_text.contains('*'), "{}", b.pdf_text);
    for (name, _, data) in common::epub::entries(&b.epub) {
        if name.ends_with(".xhtml") || name.ends_with(".ncx") {
            let text = xml_text(&String::from_utf8(data).unwrap());
            assert!(!text.contains('*'), "{name}: {text}");
        }
    }

    // 1. Emphasis next to CJK punctuation.
    let doc = story(&b.epub, 1);
    for needed in [
        "<strong>《新闻联播》</strong>开播前",
        "<strong>入场须预约。</strong>请提前",
        // no dots under the brackets, as in print
        "开放时间<em><span class=\"no-dots\">（</span>暂定<span class=\"no-dots\">）</span></em>为每日",
    ] {
        assert!(doc.contains(needed), "{needed} in {doc}");
    }
    let runs: Vec<(String, String)> = lines_of(&b.layout, 0, 0)
        .iter()
        .flat_map(|l| l["runs"].as_array().unwrap().clone())
        .filter_map(|r| {
            let inline = r.get("inline")?.as_str()?.to_string();
            Some((inline, r["text"].as_str().unwrap().to_string()))
        })
        .collect();
    let joined = |kind: &str| -> String {
        runs.iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, t)| t.as_str())
            .collect()
    };
    assert_eq!(joined("strong"), "《新闻联播》入场须预约。");
    assert_eq!(joined("emphasis"), "（暂定）");

    // 2. The poem: four lines of print, three line breaks in the EPUB.
    let poem = lines_of(&b.layout, 1, 1);
    assert_eq!(
        texts(&poem),
        [
            "床前明月光，",
            "疑是地上霜。",
            "举头望明月，",
            "低头思故乡。"
        ]
    );
    assert!(poem.iter().all(|l| l["role"] == "quote"));
    let doc = story(&b.epub, 2);
    let quote = &doc[doc.find("<blockquote").unwrap()..doc.find("</blockquote>").unwrap()];
    assert_eq!(quote.matches("<br/>").count(), 3, "{quote}");
    assert!(
        quote.contains("床前明月光，<br/>疑是地上霜。<br/>举头望明月，<br/>低头思故乡。"),
        "{quote}"
    );

    // 2b. The prize winners, one to a line.
    let names = lines_of(&b.layout, 2, 0);
    assert_eq!(
        texts(&names),
        [
            "本届冰雕比赛获奖名单：",
            "一等奖　张三",
            "二等奖　李四",
            "三等奖　王五"
        ]
    );
    assert!(names[0]["paragraph_start"] == true && names[1]["paragraph_start"] == false);
    let doc = story(&b.epub, 3);
    assert!(
        doc.contains(
            "本届冰雕比赛获奖名单：<br/>一等奖　张三<br/>二等奖　李四<br/>三等奖　王五</p>"
        ),
        "{doc}"
    );

    // 3. Ruby: real ruby in the EPUB; in the PDF the reading in brackets after its base, never glued.
    let doc = story(&b.epub, 4);
    assert!(
        doc.contains("由<ruby>单<rp>（</rp><rt>shàn</rt><rp>）</rp></ruby>雨桐主持"),
        "{doc}"
    );
    assert!(pdf.contains("单（shàn）雨桐"), "{pdf}");
    assert!(!pdf.contains("单shàn雨桐"));

    // 4. The table: three rows of three cells in both.
    let doc = story(&b.epub, 5);
    let table = &doc[doc.find("<table").unwrap()..doc.find("</table>").unwrap()];
    assert_eq!(table.matches("<tr>").count(), 3, "{table}");
    assert_eq!(table.matches("<th ").count(), 3, "{table}");
    assert_eq!(table.matches("<td>").count(), 6, "{table}");
    let cells = [
        "奖项",
        "姓名",
        "单位",
        "一等奖",
        "张三",
        "哈尔滨日报社",
        "二等奖",
        "李四",
        "市委政法委",
    ];
    let mut at = 0;
    for cell in cells {
        at += table[at..]
            .find(&format!(">{cell}</t"))
            .unwrap_or_else(|| panic!("{cell} after {at} in {table}"));
    }
    let rows = texts(&lines_of(&b.layout, 4, 1));
    assert_eq!(
        rows.iter().map(|t| compact(t)).collect::<Vec<_>>(),
        [
            "奖项姓名单位",
            "一等奖张三哈尔滨日报社",
            "二等奖李四市委政法委"
        ]
    );
    for cell in cells {
        assert!(pdf.contains(cell), "{cell} in the PDF");
    }

    // 5. Two footnotes: references and notes with their text, linked both ways in the EPUB, at the
    // story's end in the PDF.
    let doc = story(&b.epub, 6);
    for needed in [
        "节目四十个<a class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-1\" id=\"fnref-1\">①</a>",
        "十二个<a class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-2\" id=\"fnref-2\">②</a>。",
        "<aside class=\"footnote\" epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-1\"><p><a href=\"#fnref-1\" role=\"doc-backlink\">①</a>　据节目组公布的初步方案。</p></aside>",
        "<aside class=\"footnote\" epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-2\"><p><a href=\"#fnref-2\" role=\"doc-backlink\">②</a>　含相声、小品和朗诵。</p></aside>",
    ] {
        assert!(doc.contains(needed), "{needed} in {doc}");
    }
    assert!(pdf.contains("本届晚会共有节目四十个①，其中语言类节目十二个②。"));
    let notes = texts(&lines_of(&b.layout, 5, 1));
    assert_eq!(
        notes,
        ["①　据节目组公布的初步方案。", "②　含相声、小品和朗诵。"]
    );

    // The print source book.toml names is the page-list's source.
    let opf = entry_text(&b.epub, "OEBPS/content.opf");
    assert!(
        opf.contains("<meta property=\"pageBreakSource\">urn:isbn:9787111547426</meta>"),
        "{opf}"
    );
    assert!(
        opf.contains("<meta property=\"schema:accessibilityFeature\">rubyAnnotations</meta>"),
        "{opf}"
    );

    // 6. What is not supported is a warning naming the file and line.
    let file = Path::new("tests/fixtures/markdown/07-unsupported.md");
    for (line, what) in [
        (5, "thematic break"),
        (7, "HTML dropped: <span>"),
        (9, "column alignment is not kept"),
    ] {
        let needed = format!("{}:{line}: ", file.display());
        assert!(
            b.stderr
                .lines()
                .any(|l| l.contains(&needed) && l.contains(what)),
            "no warning {needed}…{what} in:\n{}",
            b.stderr
        );
    }
    assert!(
        !b.stderr.contains("01-emphasis") && !b.stderr.contains("06-notes"),
        "{}",
        b.stderr
    );
}

/// The cases read back from `huozi parse --to md` as the same book.
#[test]
fn the_cases_round_trip_through_parse_to_md() {
    let json = common::huozi_ok(["parse", "tests/fixtures/markdown", "--to", "json"]);
    let md = common::huozi_ok(["parse", "tests/fixtures/markdown", "--to", "md"]);
    let md = String::from_utf8(md.stdout).unwrap();
    for needed in [
        "<strong>《新闻联播》</strong>开播前",
        "> 床前明月光，\\\n> 疑是地上霜。\\\n",
        "<ruby>单<rt>shàn</rt></ruby>",
        "| 奖项 | 姓名 | 单位 |\n| --- | --- | --- |\n",
        "[^6-1]: 据节目组公布的初步方案。",
    ] {
        assert!(md.contains(needed), "{needed} in:\n{md}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("book.md");
    std::fs::write(&file, &md).unwrap();
    let back = common::huozi_ok(["parse", common::path(&file), "--to", "json"]);
    let (a, b): (serde_json::Value, serde_json::Value) = (
        serde_json::from_slice(&json.stdout).unwrap(),
        serde_json::from_slice(&back.stdout).unwrap(),
    );
    assert_eq!(a["stories"], b["stories"]);
}
