//! A long story in the EPUB (issue 11, acceptance 5): a plain-text story of 300 `第X章` chapters (about
//! 420 KB of text, which made one 480 KB content document before) is split into one document per
//! chapter: no XHTML file of the EPUB is over 300 KB, the contents nest story → chapter, every link of
//! every document (the contents, the page-list, the NCX) reaches a document and an id it holds, and
//! EPUBCheck 5.3 finds nothing.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use crate::common::epub::{elements, entries, ids};

/// `n` (1–999) in Chinese numerals, as chapter numbers are written (`十二`, `一百零五`, `三百`).
fn chinese(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (h, t, u) = (
        (n / 100) as usize,
        (n / 10 % 10) as usize,
        (n % 10) as usize,
    );
    let mut s = String::new();
    if h > 0 {
        s.push_str(D[h]);
        s.push('百');
        if t == 0 && u > 0 {
            s.push('零');
        }
    }
    if t > 0 {
        if h > 0 || t > 1 {
            s.push_str(D[t]);
        }
        s.push('十');
    }
    if u > 0 {
        s.push_str(D[u]);
    }
    s
}

/// The story: a headline, then 300 chapters of six paragraphs.
fn long_story() -> String {
    let paragraph = "在外卖存放点设置泡沫保温箱，确保居民购买的食品和蔬菜不被冻坏；协调购买一批热帖和暖手宝，\
分发给核酸检测工作人员。一面心系百姓民生，一面关心战友冷暖。";
    let mut text = String::from("冰城长篇纪事\n\n");
    for n in 1..=300 {
        text.push_str(&format!(
            "第{}章 冰城的第{}个冬日\n\n",
            chinese(n),
            chinese(n)
        ));
        for _ in 0..6 {
            text.push_str(paragraph);
            text.push_str("\n\n");
        }
    }
    text
}

#[test]
fn chapter_numbers_are_written_as_chinese_numerals() {
    let got: Vec<String> = [1, 10, 12, 20, 105, 110, 300].map(chinese).to_vec();
    assert_eq!(
        got,
        ["一", "十", "十二", "二十", "一百零五", "一百一十", "三百"]
    );
}

#[test]
fn a_300_chapter_story_is_split_into_documents_that_all_link_up() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("long.txt");
    let text = long_story();
    assert!(text.len() > 400_000, "{} bytes", text.len());
    std::fs::write(&input, &text).unwrap();
    let out = dir.path().join("out");
    common::huozi_ok(["build", common::path(&input), "--out", common::path(&out)]);
    let epub = std::fs::read(out.join("book.epub")).unwrap();
    common::assert_epubcheck_clean_bytes(&epub);

    let all = entries(&epub);
    let names: BTreeSet<String> = all
        .iter()
        .map(|(name, _, _)| name.trim_start_matches("OEBPS/").to_string())
        .collect();
    let files: BTreeMap<String, String> = all
        .into_iter()
        .filter(|(name, _, _)| name.ends_with(".xhtml") || name.ends_with(".ncx"))
        .map(|(name, _, data)| {
            let name = name.trim_start_matches("OEBPS/").to_string();
            (name, String::from_utf8(data).unwrap())
        })
        .collect();
    // One document per chapter, none over 300 KB.
    let stories: Vec<&String> = files.keys().filter(|n| n.starts_with("story-")).collect();
    assert_eq!(stories.len(), 300, "{stories:?}");
    for (name, xml) in &files {
        assert!(xml.len() <= 300_000, "{name} is {} bytes", xml.len());
    }
    let (largest, name) = files.iter().map(|(n, x)| (x.len(), n)).max().unwrap();
    eprintln!(
        "{} documents from {} bytes of text; the largest, {name}, {largest} bytes",
        files.len(),
        text.len()
    );
    let last = common::epub::xml_text(&files["story-001-300.xhtml"]);
    assert!(last.contains("第三百章 冰城的第三百个冬日"), "{last}");

    // The contents: the story, its 300 chapters below it.
    let nav = &files["nav.xhtml"];
    let toc = &nav[nav.find("<nav epub:type=\"toc\"").unwrap()..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    assert!(
        toc.contains("<li><a href=\"story-001.xhtml\">冰城长篇纪事</a>\n<ol>\n<li><a href=\"story-001.xhtml#sec-1\">第一章 冰城的第一个冬日</a></li>"),
        "{toc}"
    );
    assert!(
        toc.contains("<li><a href=\"story-001-002.xhtml#sec-2\">第二章 冰城的第二个冬日</a></li>"),
        "{toc}"
    );
    assert_eq!(toc.matches("<ol").count(), 2, "story → chapters");
    assert_eq!(toc.matches("<li>").count(), 301);
    assert!(files["toc.ncx"].contains("<meta name=\"dtb:depth\" content=\"2\"/>"));

    // Every link of every document reaches a document and an id it holds.
    let held: BTreeMap<&str, BTreeSet<&str>> = files
        .iter()
        .map(|(name, xml)| (name.as_str(), ids(xml).into_iter().collect()))
        .collect();
    let mut links = 0;
    for (name, xml) in &files {
        let targets = elements(xml, "href=\"", "\"").into_iter().chain(elements(
            xml,
            "<content src=\"",
            "\"",
        ));
        for href in targets {
            let (doc, id) = href.split_once('#').unwrap_or((href, ""));
            if !doc.ends_with(".xhtml") && !doc.is_empty() {
                // a stylesheet or an image: the file is there
                assert!(names.contains(doc), "{name} links to {href}: no such file");
                continue;
            }
            let doc = if doc.is_empty() { name.as_str() } else { doc };
            let Some(doc_ids) = held.get(doc) else {
                panic!("{name} links to {href}: no document {doc}");
            };
            assert!(
                id.is_empty() || doc_ids.contains(id),
                "{name} links to {href}: no id {id}"
            );
            links += 1;
        }
    }
    // the contents and the NCX's entries, and the page-list of both
    let list = &nav[nav.find("epub:type=\"page-list\"").unwrap()..];
    let pages = elements(list, "<li><a href=\"story-", "\"").len();
    assert!(pages > 100, "{pages} page-list entries");
    assert!(links >= 2 * (301 + pages), "{links} links");
}
