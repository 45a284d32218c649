//! Markdown out and back in, and the `huozi parse` command line: `--to md` round trips (acceptance 3),
//! `--verbose`, `--encoding`, and bad input (a clear message naming the file, a non-zero exit, no output).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use huozi::{LoadOptions, load, to_markdown};

use crate::common::{huozi, root};

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "huozi failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A Markdown file in the crate root (image paths in the model are relative to it), removed on drop.
fn md_file(text: &str) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new()
        .prefix(".roundtrip-")
        .suffix(".md")
        .tempfile_in(root())
        .unwrap();
    std::fs::write(file.path(), text).unwrap();
    file
}

#[test]
fn content_to_md_and_back_gives_the_same_json() {
    let json = stdout(&huozi(["parse", "content/", "--to", "json"]));
    let md = stdout(&huozi(["parse", "content/", "--to", "md"]));
    assert!(md.starts_with("+++\n"), "{md}");
    assert!(md.contains("\n# 全方位融入 社区“疫”线添暖流\n"), "{md}");
    assert!(
        md.contains("\n## 确诊单元18户居民需防护物资？\n## 我去送\n"),
        "{md}"
    );
    assert!(md.contains("[book]\ntitle = \"冰城战“疫”纪事\""), "{md}");
    let file = md_file(&md);
    let name = file.path().file_name().unwrap().to_str().unwrap();
    let back = stdout(&huozi(["parse", name, "--to", "json"]));
    assert_eq!(back, json);
}

/// Every fixture case that parses: plain → md → parse gives the same book. (Not `normalize-switches`:
/// its `book.toml` turns rules off, and the Markdown, read with every rule on, does not say so.)
#[test]
fn every_fixture_round_trips_through_markdown() {
    let fixtures = Path::new("tests/fixtures/parse");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join(fixtures))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.json").exists() && !p.ends_with("normalize-switches"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "{cases:?}");
    for case in cases {
        let name = case.file_name().unwrap();
        let rel = fixtures.join(name);
        let input = if case.join("input").is_dir() {
            rel.join("input")
        } else {
            let file = std::fs::read_dir(&case)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .find(|n| n.to_string_lossy().starts_with("input."))
                .unwrap();
            rel.join(file)
        };
        // Relative paths resolve against the crate root, as cargo runs tests there.
        std::env::set_current_dir(root()).unwrap();
        let book = load(&input, &LoadOptions::default()).unwrap().book;
        let md = to_markdown(&book);
        let file = md_file(&md);
        let name = PathBuf::from(file.path().file_name().unwrap());
        let back = load(&name, &LoadOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}\n{md}", input.display()))
            .book;
        assert_eq!(back, book, "{}:\n{md}", input.display());
    }
}

#[test]
fn markdown_blocks_and_escapes_survive_a_round_trip() {
    let md = "+++\nkicker = \"引题\"\n+++\n\n# 标题 *1*\n\n正文里有 \\*星号\\*、<em>“强调”</em>和**重点**。\n\n1\\. 不是列表\n\n## 楔子 {.chapter}\n\n> 引文一\n>\n> 引文二\n\n3. 第三\n4. 第四\n\n- 甲\n- 乙\n";
    let file = md_file(md);
    let name = PathBuf::from(file.path().file_name().unwrap());
    std::env::set_current_dir(root()).unwrap();
    let book = load(&name, &LoadOptions::default()).unwrap().book;
    let story = &book.stories[0];
    assert_eq!(story.headline, "标题 1");
    assert_eq!(story.kicker.as_deref(), Some("引题"));
    let json = serde_json::to_value(&story.blocks).unwrap();
    assert_eq!(
        json[0]["inlines"],
        serde_json::json!([
            {"text": "正文里有 *星号*、"},
            {"emphasis": [{"text": "“强调”"}]},
            {"text": "和"},
            {"strong": [{"text": "重点"}]},
            {"text": "。"}
        ])
    );
    assert_eq!(json[1]["inlines"][0]["text"], "1. 不是列表");
    assert_eq!(
        json[2],
        serde_json::json!({"type": "chapter", "level": 1, "title": "楔子"})
    );
    assert_eq!(json[3]["type"], "quote");
    assert_eq!(json[3]["paragraphs"].as_array().unwrap().len(), 2);
    assert_eq!(json[4]["start"], 3);
    assert_eq!(json[5]["ordered"], false);
    // Written out and read again: the same.
    let again = md_file(&to_markdown(&book));
    let name = PathBuf::from(again.path().file_name().unwrap());
    assert_eq!(load(&name, &LoadOptions::default()).unwrap().book, book);
}

#[test]
fn front_matter_errors_name_file_and_line() {
    let cases = [
        (
            "+++\nkicker = \"a\"\nheadline = \"b\"\n+++\n\n# 标题\n",
            ":3:",
            "headline",
        ),
        ("+++\nkicker = \"a\"\n\n# 标题\n", ":1:", "never closed"),
        (
            "+++\nkicker = \"a\"\n+++\n\n正文。\n\n# 标题\n",
            ":5:",
            "before the first",
        ),
        (
            "# 标题\n\n+++\nkicker = \"a\"\n+++\n",
            ":3:",
            "right before a `# headline`",
        ),
        ("   \n\n", "", "no text"),
    ];
    std::env::set_current_dir(root()).unwrap();
    for (text, line, what) in cases {
        let file = md_file(text);
        let name = PathBuf::from(file.path().file_name().unwrap());
        let err = load(&name, &LoadOptions::default())
            .unwrap_err()
            .to_string();
        let file_name = name.to_string_lossy().to_string();
        assert!(
            err.contains(&format!("{file_name}{line}")) && err.contains(what),
            "{text:?}: {err}"
        );
    }
}

#[test]
fn verbose_lists_the_rules_with_counts_and_the_warnings() {
    let out = huozi([
        "parse",
        "tests/fixtures/parse/zero-width-controls/input.txt",
        "--verbose",
    ]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("normalisation rules"), "{err}");
    for rule in [
        "line-ends",
        "invisible",
        "indents",
        "spaces",
        "full-width-alnum",
        "punctuation",
        "ellipsis",
        "dash",
        "quotes",
        "hard-wraps",
        "broken-paragraphs",
    ] {
        assert!(err.contains(rule), "{rule} missing: {err}");
    }
    let invisible = err
        .lines()
        .find(|l| l.trim_start().starts_with("invisible"))
        .unwrap();
    assert!(invisible.contains(" 6 changes"), "{invisible}");
    assert!(
        err.contains(
            "tests/fixtures/parse/zero-width-controls/input.txt:3: removed invisible character U+0007"
        ),
        "{err}"
    );
    // Without --verbose the warnings still go to stderr, the JSON alone to stdout.
    let out = huozi([
        "parse",
        "tests/fixtures/parse/zero-width-controls/input.txt",
    ]);
    assert!(
        stderr(&out).contains("warning: tests/fixtures/parse/zero-width-controls/input.txt:1:")
    );
    let _: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
}

#[test]
fn encoding_can_be_forced() {
    let gb = "tests/fixtures/parse/gb18030/input.txt";
    let json = stdout(&huozi(["parse", gb, "--encoding", "gb18030"]));
    assert!(json.contains("冰城今冬首场大雪"), "{json}");
    let out = huozi(["parse", gb, "--encoding", "utf-8"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(
            "gb18030/input.txt:2: not valid text at byte offset 2: invalid UTF-8 (forced)"
        ),
        "{err}"
    );
    let out = huozi(["parse", gb, "--encoding", "ebcdic-klingon"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("not an encoding name"));
}

/// A new user's trial: one story of a book in Latin-1 got the advice to name its encoding, and
/// `--encoding windows-1252` then read the book's UTF-8 stories as mojibake with exit 0.
#[test]
fn a_utf8_story_forced_into_another_encoding_is_refused() {
    let book = tempfile::tempdir().unwrap();
    let story = book.path().join("01.txt");
    std::fs::copy("content/000_51746479e755d755.txt", &story).unwrap();
    let out_dir = book.path().join("out");
    let (path, out_path) = (book.path().to_str().unwrap(), out_dir.to_str().unwrap());
    let out = huozi([
        "build",
        path,
        "--out",
        out_path,
        "--encoding",
        "windows-1252",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("01.txt:5: not valid text at byte offset 4: the file is UTF-8, but --encoding or encoding = in book.toml says windows-1252"),
        "{err}"
    );
    assert!(!out_dir.exists() || std::fs::read_dir(&out_dir).unwrap().next().is_none());
}

#[test]
fn bad_input_fails_clearly_and_writes_nothing() {
    let out_dir = tempfile::tempdir().unwrap();
    let out_path = out_dir.path().join("out");
    let empty = tempfile::tempdir().unwrap();
    let cases: Vec<(String, &str)> = vec![
        ("no/such/path.txt".into(), "no/such/path.txt"),
        (
            empty.path().to_string_lossy().into_owned(),
            "no story files",
        ),
        (
            "tests/fixtures/parse/empty/input.txt".into(),
            "empty/input.txt: no text",
        ),
        (
            "tests/fixtures/parse/whitespace-only/input.txt".into(),
            "whitespace-only/input.txt: no text",
        ),
        (
            "tests/fixtures/parse/binary-file/input.txt".into(),
            "binary-file/input.txt:3: not valid text at byte offset 8",
        ),
        (
            "tests/fixtures/parse/invalid-bytes/input.txt".into(),
            "invalid-bytes/input.txt:3: not valid text at byte offset 36",
        ),
        (
            "tests/fixtures/parse/markdown-missing-image/input.md".into(),
            "input.md:5: image",
        ),
    ];
    for (input, want) in cases {
        let out = huozi(["build", &input, "--out", out_path.to_str().unwrap()]);
        assert!(!out.status.success(), "{input} built");
        let err = stderr(&out);
        assert!(err.contains(want), "{input}: {err}");
        assert!(!out_path.exists(), "{input}: output written");
        let out = huozi(["parse", &input]);
        assert!(!out.status.success() && out.stdout.is_empty(), "{input}");
    }
}

#[test]
fn a_markdown_story_with_an_image_builds_with_the_image_in_both_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let out = huozi([
        "build",
        "tests/fixtures/parse/markdown-image/input",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = std::fs::read(dir.path().join("book.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let names: Vec<String> = zip.file_names().map(String::from).collect();
    let image = names
        .iter()
        .find(|n| n.starts_with("OEBPS/images/img-") && n.ends_with(".png"))
        .unwrap_or_else(|| panic!("no image in {names:?}"))
        .clone();
    let mut xhtml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("OEBPS/story-001.xhtml").unwrap(),
        &mut xhtml,
    )
    .unwrap();
    let href = image.trim_start_matches("OEBPS/");
    assert!(
        xhtml.contains(&format!("<img src=\"{href}\" alt=\"冰雕夜景\"/>")),
        "{xhtml}"
    );
    // poppler's pdfimages lists the image placed on a page (8 × 6 pixels, RGB).
    let pdf = dir.path().join("book.pdf");
    let mut pdfimages = Command::new("pdfimages");
    pdfimages.arg("-list").arg(&pdf);
    // fails naming poppler-utils when pdfimages is missing
    let list = common::run_until(pdfimages, common::TOOL_DEADLINE);
    let list = String::from_utf8_lossy(&list.stdout);
    let rows: Vec<&str> = list.lines().skip(2).collect();
    assert_eq!(rows.len(), 1, "{list}");
    let cols: Vec<&str> = rows[0].split_whitespace().collect();
    assert_eq!((cols[3], cols[4], cols[5]), ("8", "6", "rgb"), "{list}");
}

/// Line breaks (in a paragraph, a quote, a list item, a table cell), ruby, tables and the notes of two
/// stories in one file: read, written out, read again, the same book.
#[test]
fn breaks_ruby_tables_and_notes_survive_a_round_trip() {
    let md = "# 甲篇\n\n第一行  \n第二行，<ruby>单<rt>shàn</rt></ruby>雨桐[^a]。\n\n> 诗一\\\n> 诗二\n\n\
              - 名单：\\\n  张三\n- 李四\n\n| 项 | 说明 |\n|---|---|\n| 甲\\|乙 | 上<br>下 |\n\n\
              # 乙篇\n\n另一篇[^b]，再提[^a]。\n\n[^a]: 注一。\n[^b]: 注二，**重要**。\n";
    std::env::set_current_dir(root()).unwrap();
    let file = md_file(md);
    let name = PathBuf::from(file.path().file_name().unwrap());
    let book = load(&name, &LoadOptions::default()).unwrap().book;
    let json = serde_json::to_value(&book.stories).unwrap();
    assert_eq!(
        json[0]["blocks"][0]["inlines"],
        serde_json::json!([
            {"text": "第一行"}, "break", {"text": "第二行，"},
            {"ruby": {"base": "单", "reading": "shàn"}},
            {"text": "雨桐"}, {"note-ref": 1}, {"text": "。"}
        ])
    );
    assert_eq!(
        json[0]["blocks"][2]["items"][0],
        serde_json::json!([{"text": "名单："}, "break", {"text": "张三"}])
    );
    assert_eq!(
        json[0]["blocks"][3]["rows"],
        serde_json::json!([[[{"text": "甲|乙"}], [{"text": "上"}, "break", {"text": "下"}]]])
    );
    // Each story numbers its own notes in the order it refers to them.
    assert_eq!(
        json[0]["blocks"][4],
        serde_json::json!({"type": "notes", "notes": [[{"text": "注一。"}]]})
    );
    assert_eq!(
        json[1]["blocks"][0]["inlines"],
        serde_json::json!([{"text": "另一篇"}, {"note-ref": 1}, {"text": "，再提"}, {"note-ref": 2}, {"text": "。"}])
    );
    assert_eq!(
        json[1]["blocks"][1]["notes"],
        serde_json::json!([
            [{"text": "注二，"}, {"strong": [{"text": "重要"}]}, {"text": "。"}],
            [{"text": "注一。"}]
        ])
    );
    let again = md_file(&to_markdown(&book));
    let name = PathBuf::from(again.path().file_name().unwrap());
    assert_eq!(load(&name, &LoadOptions::default()).unwrap().book, book);
}

/// CJK-friendly emphasis is on for a Chinese book, and off when `book.toml` says so (or the book is in
/// another language): then `**` next to CJK punctuation stays as CommonMark reads it.
#[test]
fn cjk_friendly_emphasis_follows_the_language_and_book_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# 标题\n\n**《新闻联播》**开播。\n",
    )
    .unwrap();
    let toml = "title = \"书\"\ndate = \"2024-01-01\"\nidentifier = \"urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf\"\n";
    let first = |extra: &str| {
        std::fs::write(dir.path().join("book.toml"), format!("{toml}{extra}")).unwrap();
        let book = load(dir.path(), &LoadOptions::default()).unwrap().book;
        serde_json::to_value(&book.stories[0].blocks[0]).unwrap()["inlines"].clone()
    };
    let strong = serde_json::json!([{"strong": [{"text": "《新闻联播》"}]}, {"text": "开播。"}]);
    let literal = serde_json::json!([{"text": "**《新闻联播》**开播。"}]);
    assert_eq!(first(""), strong);
    assert_eq!(first("language = \"en\"\n"), literal);
    assert_eq!(
        first("[markdown]\ncjk-friendly-emphasis = false\n"),
        literal
    );
    assert_eq!(
        first("language = \"en\"\n[markdown]\ncjk-friendly-emphasis = true\n"),
        strong
    );
    std::fs::write(
        dir.path().join("book.toml"),
        format!("{toml}[markdown]\ncjk = true\n"),
    )
    .unwrap();
    let err = load(dir.path(), &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("book.toml") && err.contains("cjk"), "{err}");
}
