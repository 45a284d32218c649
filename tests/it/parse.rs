//! The parser end to end: `content/` (the acceptance sample) field by field, then every case under
//! `tests/fixtures/parse/<case>/`.
//!
//! A case holds `input.txt` or `input.md` (one story file, metadata derived or from front matter) or
//! `input/` (a book folder, usually with `book.toml`), and either `expected.json` (the whole `Book`,
//! compared as `serde_json::Value`) or `expected-error.txt` (a substring of the error message); an
//! `expected-warnings.txt` lists warnings (one a line) that reading must report. Inputs are named relative
//! to the crate root, as a user would, so image paths in `expected.json` do not depend on the machine.
//! With `HUOZI_BLESS=1` the harness writes `expected.json` for cases that lack one, so new cases start
//! from what the parser does; review them before committing.

use crate::common;

use std::path::{Path, PathBuf};

use huozi::model::{Block, Book, Story};
use huozi::{LoadOptions, load, load_book};

use crate::common::root;

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/parse")
}

fn text(block: &Block) -> String {
    match block {
        Block::Paragraph { inlines } => {
            assert_eq!(inlines.len(), 1, "one text run per paragraph: {inlines:?}");
            assert!(matches!(inlines[0], huozi::model::Inline::Text(_)));
            block.plain_text()
        }
        other => panic!("expected a paragraph, found {other:?}"),
    }
}

fn subhead(lines: &[&str]) -> Block {
    Block::Subhead {
        lines: lines.iter().map(|l| l.to_string()).collect(),
    }
}

/// `P` for a paragraph, `T` for a subhead, in order.
fn shape(story: &Story) -> String {
    story
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { .. } => 'P',
            Block::Subhead { .. } => 'T',
            _ => '?',
        })
        .collect()
}

fn content_book() -> Book {
    load_book(&root().join("content")).expect("content/ parses")
}

#[test]
fn sample_meta_comes_from_book_toml() {
    let meta = content_book().meta;
    assert_eq!(meta.title, "冰城战“疫”纪事");
    assert_eq!(meta.subtitle.as_deref(), Some("《哈尔滨日报》一线报道两篇"));
    assert_eq!(meta.language, "zh-CN");
    assert_eq!(meta.date.to_string(), "2022-12-05");
    assert_eq!(
        meta.identifier,
        "urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf"
    );
    assert_eq!(meta.authors, ["梁可心", "黄晏君"]);
}

#[test]
fn sample_story_1() {
    let book = content_book();
    assert_eq!(book.stories.len(), 2);
    let s = &book.stories[0];
    assert_eq!(s.column, None);
    assert_eq!(s.kicker, None);
    assert_eq!(s.headline, "全方位融入 社区“疫”线添暖流");
    assert_eq!(
        s.subheadline.as_deref(),
        Some("市委政法委下沉小分队提供及时高效暖心服务")
    );
    assert_eq!(s.dateline.as_deref(), Some("本报讯"));
    assert_eq!(s.byline.as_deref(), Some("记者 梁可心"));
    // 1 paragraph, then subhead + 3, subhead + 2, subhead + 2.
    assert_eq!(shape(s), "PTPPPTPPTPP");
    assert_eq!(s.blocks[1], subhead(&["支部建在一线，边学习边战“疫”"]));
    assert_eq!(s.blocks[5], subhead(&["工作主动担当，凡事实干在先"]));
    assert_eq!(s.blocks[8], subhead(&["全面了解摸排，贴心服务群众"]));
    let p: Vec<String> = s
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Paragraph { .. }))
        .map(text)
        .collect();
    assert_eq!(p.len(), 8);
    assert!(
        p[0].starts_with("在外卖存放点设置泡沫保温箱，确保"),
        "{}",
        p[0]
    );
    assert!(p[0].ends_with("增添暖流。"), "{}", p[0]);
    assert!(p[1].starts_with("包保小分队到岗后，"), "{}", p[1]);
    // The two paragraphs broken by a stray blank line are whole again, joined with nothing between.
    assert!(
        p[2].contains("小分队队员不顾自身安危，立即请战，"),
        "{}",
        p[2]
    );
    assert!(p[2].ends_with("高效追“阳”。"), "{}", p[2]);
    assert!(p[3].starts_with("党建引领形成联防联控合力。"), "{}", p[3]);
    assert!(p[4].starts_with("12月1日至3日，小文昌社区"), "{}", p[4]);
    assert!(
        p[5].contains("配备情况进行巡逻指导，发现问题及时解决。"),
        "{}",
        p[5]
    );
    assert!(p[6].starts_with("有调查才有发言权。"), "{}", p[6]);
    assert!(p[7].ends_with("高颖说。"), "{}", p[7]);
}

#[test]
fn sample_story_2() {
    let book = content_book();
    let s = &book.stories[1];
    assert_eq!(s.column.as_deref(), Some("“疫”线媒体人"));
    assert_eq!(
        s.kicker.as_deref(),
        Some("为确诊单元待转运人员送防护物资、清理管控居民生活垃圾……")
    );
    assert_eq!(s.headline, "哈报人“老宋”与病毒“贴身”战斗");
    assert_eq!(s.subheadline, None);
    assert_eq!(s.dateline, None);
    assert_eq!(s.byline.as_deref(), Some("本报记者 黄晏君"));
    // 1 paragraph, then a two-line subhead + 4, a two-line subhead + 3.
    assert_eq!(shape(s), "PTPPPPTPPP");
    assert_eq!(
        s.blocks[1],
        subhead(&["确诊单元18户居民需防护物资？", "我去送"])
    );
    assert_eq!(
        s.blocks[6],
        subhead(&["9个单元63层生活垃圾要清运？", "我去搬"])
    );
    let p: Vec<String> = s
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Paragraph { .. }))
        .map(text)
        .collect();
    assert_eq!(p.len(), 8);
    assert!(
        p[0].starts_with("管控小区一个单元出现3例确诊病例，18户"),
        "{}",
        p[0]
    );
    assert!(p[0].contains("“老宋”说“我上”；9个管控单元"), "{}", p[0]);
    assert!(p[0].contains("老党员说：“没啥可怕的，"), "{}", p[0]);
    assert!(p[1].starts_with("“老宋”全名叫宋业宏，"), "{}", p[1]);
    assert!(p[2].contains("指令：“理想0451小区某单元"), "{}", p[2]);
    assert!(p[4].ends_with("“这是忙冒烟了啊。”"), "{}", p[4]);
    assert!(p[5].starts_with("在有的人眼里，"), "{}", p[5]);
    assert!(p[6].ends_with("又“冒烟”了……"), "{}", p[6]);
    assert!(p[7].starts_with("3日下午，面对记者采访，"), "{}", p[7]);
}

#[test]
fn sample_punctuation_is_full_width_and_no_han_is_lost() {
    let book = content_book();
    let mut all = String::new();
    for s in &book.stories {
        for field in [&s.column, &s.kicker, &s.subheadline, &s.dateline, &s.byline]
            .into_iter()
            .flatten()
        {
            all.push_str(field);
        }
        all.push_str(&s.headline);
        for b in &s.blocks {
            all.push_str(&b.plain_text());
        }
    }
    let ascii: Vec<char> = all.chars().filter(|c| ",:;?!()".contains(*c)).collect();
    assert!(ascii.is_empty(), "ASCII punctuation left: {ascii:?}");
    assert!(all.contains('“') && all.contains('”'));
    let source = std::fs::read_to_string(root().join("content/000_51746479e755d755.txt")).unwrap();
    let han = |t: &str| {
        let mut v: Vec<char> = t
            .chars()
            .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
            .collect();
        v.sort_unstable();
        v
    };
    assert_eq!(han(&all), han(&source));
}

#[test]
fn sample_fixture_matches_content() {
    let expected: Book = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("sample/expected.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(content_book().stories, expected.stories);
}

/// Runs one fixture case; returns a description of the mismatch, if any.
fn run_case(dir: &Path) -> Result<(), String> {
    let name = dir.file_name().unwrap();
    let rel = Path::new("tests/fixtures/parse").join(name);
    let input = if dir.join("input").is_dir() {
        rel.join("input")
    } else {
        let file = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .find(|n| n.to_string_lossy().starts_with("input."))
            .ok_or("no input")?;
        rel.join(file)
    };
    let loaded = load(&input, &LoadOptions::default());
    if let (Ok(parsed), Ok(want)) = (
        &loaded,
        std::fs::read_to_string(dir.join("expected-warnings.txt")),
    ) {
        let got: Vec<String> = parsed
            .report
            .warnings
            .iter()
            .map(|w| w.to_string())
            .collect();
        for line in want.lines().filter(|l| !l.is_empty()) {
            if !got.iter().any(|g| g.contains(line)) {
                return Err(format!("warning {line:?} not among {got:?}"));
            }
        }
    }
    let result = loaded.map(|p| p.book);
    let error_file = dir.join("expected-error.txt");
    let json_file = dir.join("expected.json");
    if error_file.exists() {
        let want = std::fs::read_to_string(&error_file).unwrap();
        let want = want.trim();
        return match result {
            Ok(book) => Err(format!(
                "expected an error containing {want:?}, got {book:?}"
            )),
            Err(e) if e.to_string().contains(want) => Ok(()),
            Err(e) => Err(format!(
                "error {:?} does not contain {want:?}",
                e.to_string()
            )),
        };
    }
    let book = result.map_err(|e| format!("unexpected error: {e}"))?;
    let mut actual = serde_json::to_value(&book).unwrap();
    if !json_file.exists() && std::env::var_os("HUOZI_BLESS").is_some() {
        let json = serde_json::to_string_pretty(&actual).unwrap() + "\n";
        std::fs::write(&json_file, json).unwrap();
    }
    let mut expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&json_file)
            .map_err(|e| format!("{}: {e}", json_file.display()))?,
    )
    .map_err(|e| format!("{}: {e}", json_file.display()))?;
    // A derived date follows SOURCE_DATE_EPOCH; fixtures are written for it unset (1970-01-01).
    if std::env::var_os("SOURCE_DATE_EPOCH").is_some_and(|v| !v.is_empty())
        && !input.join("book.toml").exists()
        && input.extension().is_none_or(|x| x != "md")
    {
        expected["meta"]["date"] = serde_json::Value::Null;
        actual["meta"]["date"] = serde_json::Value::Null;
    }
    if actual == expected {
        Ok(())
    } else {
        Err(format!(
            "parse differs from expected.json:\n{}",
            serde_json::to_string_pretty(&actual).unwrap()
        ))
    }
}

#[test]
fn fixture_cases() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 25, "fixture cases: {dirs:?}");
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|d| {
            run_case(d)
                .err()
                .map(|e| format!("{}: {e}", d.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn errors_name_the_path() {
    let missing = root().join("tests/fixtures/parse/no-such-file.txt");
    let err = load_book(&missing).unwrap_err().to_string();
    assert!(err.contains("no-such-file.txt"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let err = load_book(dir.path()).unwrap_err().to_string();
    assert!(err.contains("no story files"), "{err}");
    assert!(err.contains(&*dir.path().to_string_lossy()), "{err}");

    // A bad value, not just an unknown key: serde's message names the key and the line.
    std::fs::write(
        dir.path().join("book.toml"),
        "title = \"书\"\ndate = 2022\nidentifier = \"x\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), "标题\n\n本报讯 正文。\n").unwrap();
    let err = load_book(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("book.toml") && err.contains("line 2") && err.contains("date"),
        "{err}"
    );

    std::fs::write(
        dir.path().join("book.toml"),
        "title = \"书\"\ndate = \"2022-12-32\"\nidentifier = \"x\"\n",
    )
    .unwrap();
    let err = load_book(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("book.toml") && err.contains("2022-12-32"),
        "{err}"
    );
}

/// Every story file's error is reported in one run, in file order, each with its file (and line): an
/// empty file, and two files not in any encoding huozi reads unasked, beside a good one.
#[test]
fn every_story_files_error_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("01.txt"), "标题\n\n本报讯 正文。\n").unwrap();
    std::fs::write(dir.path().join("02.txt"), "").unwrap();
    // Latin-1 é on line 2 and on line 3 (é then a space: no CJK encoding's pair of bytes)
    std::fs::write(dir.path().join("03.txt"), b"Title\nCaf\xE9\n").unwrap();
    std::fs::write(dir.path().join("04.txt"), b"Title\n\nCaf\xE9 noir\n").unwrap();
    let err = load_book(dir.path()).unwrap_err();
    assert!(
        matches!(err, huozi::Error::Many(ref all) if all.len() == 3),
        "{err}"
    );
    let shown = err.to_string();
    let heads: Vec<&str> = shown
        .lines()
        .skip(1)
        .map(|l| l.trim_start().split(": ").next().unwrap())
        .map(|place| place.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(heads, ["02.txt", "03.txt:2", "04.txt:3"], "{shown}");
    assert!(
        shown.contains("03.txt:2: not valid text at byte offset 9: invalid UTF-8"),
        "{shown}"
    );
}

/// A story's problems are placed at its own headline's line: a headline that repeats, or that stands
/// inside an earlier line, or that the character rules changed, is not looked for in the text.
#[test]
fn story_problems_name_their_headline_line() {
    let dir = tempfile::tempdir().unwrap();
    // 上 stands inside line 1's byline before it is a headline; 三头,六臂 is normalised to 三头，六臂;
    // the kicker of the last story puts its headline on the line after the heading block's first
    let text = "上\n□本报记者 张上\n\n上\n□本报记者 李四\n\n三头,六臂\n□本报记者 王五\n\n\
                面对疫情大考——\n上\n本报讯（记者 赵六）\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let err = load_book(&dir.path().join("a.txt"))
        .unwrap_err()
        .to_string();
    let placed: Vec<&str> = err
        .lines()
        .filter_map(|l| l.split("a.txt:").nth(1))
        .collect();
    assert_eq!(
        placed,
        [
            "1: the story 《上》 has a headline but no text",
            "4: the story 《上》 has a headline but no text",
            "7: the story 《三头，六臂》 has a headline but no text",
            "11: the story 《上》 has a headline but no text",
        ],
        "{err}"
    );
}

#[test]
fn derived_meta_for_a_single_file() {
    let path = fixtures().join("sample/input.txt");
    let a = load_book(&path).unwrap();
    let b = load_book(&path).unwrap();
    assert_eq!(a, b, "parsing is deterministic");
    assert_eq!(a.meta.title, "全方位融入 社区“疫”线添暖流");
    assert_eq!(a.meta.language, "zh-CN");
    assert_eq!(a.meta.authors, ["梁可心", "黄晏君"]);
    assert!(
        a.meta.identifier.starts_with("urn:uuid:"),
        "{}",
        a.meta.identifier
    );
    let uuid = &a.meta.identifier["urn:uuid:".len()..];
    assert_eq!(uuid.len(), 36);
    assert_eq!(&uuid[14..15], "5", "a version-5 UUID: {uuid}");
    // Other bytes, another identifier.
    let other = load_book(&fixtures().join("no-anchor/input.txt")).unwrap();
    assert_ne!(a.meta.identifier, other.meta.identifier);
}

#[test]
fn source_date_epoch_sets_the_derived_date() {
    let input = fixtures().join("no-anchor/input.txt");
    let run = |epoch: Option<&str>| {
        let mut cmd = common::huozi_command();
        cmd.arg("parse").arg(&input).env_remove("SOURCE_DATE_EPOCH");
        if let Some(e) = epoch {
            cmd.env("SOURCE_DATE_EPOCH", e);
        }
        common::run_until(cmd, common::TOOL_DEADLINE)
    };
    let date = |out: std::process::Output| -> String {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let book: Book = serde_json::from_slice(&out.stdout).unwrap();
        book.meta.date.to_string()
    };
    assert_eq!(date(run(None)), "1970-01-01");
    // 2022-12-05T23:59:59Z, and one second later.
    assert_eq!(date(run(Some("1670284799"))), "2022-12-05");
    assert_eq!(date(run(Some("1670284800"))), "2022-12-06");
    let bad = run(Some("yesterday"));
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("SOURCE_DATE_EPOCH"));
}
