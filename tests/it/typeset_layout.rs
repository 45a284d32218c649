//! The second typesetting proof (issue 12), checked with exact values: the layout JSON of the stress story,
//! `content/` and the faults story (`tests/fixtures/typeset-faults.txt`) — units set solid, `？！` in one
//! em, every page but a story's last filled, mirrored margins, no contents page for one story —; the
//! typeset document's column-tag box and contents leaders; and the colophon as pdftotext reads it, with
//! and without `book.toml`.

use crate::common;

use std::path::Path;

use crate::common::{FAULTS, STRESS, huozi_ok, repo, run};
use huozi::FontSet;
use huozi::style::{Role, Style};
use huozi::{Document, Item};
use serde_json::Value;

/// Builds `input` (relative to the repository root) into a temporary folder; returns the folder and the
/// layout JSON.
fn build(input: &str) -> (tempfile::TempDir, Value) {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("layout.json");
    huozi_ok([
        "build".as_ref(),
        repo(input).as_os_str(),
        "--out".as_ref(),
        dir.path().as_os_str(),
        "--layout-json".as_ref(),
        layout.as_os_str(),
    ]);
    let json = serde_json::from_slice(&std::fs::read(&layout).unwrap()).unwrap();
    (dir, json)
}

/// Every glyph of every body line: (text, x, advance), in order.
fn body_glyphs(layout: &Value) -> Vec<(String, f64, f64)> {
    let mut out = Vec::new();
    for page in layout["pages"].as_array().unwrap() {
        for line in page["lines"].as_array().unwrap() {
            if line["role"] != "body" {
                continue;
            }
            for run in line["runs"].as_array().unwrap() {
                for g in run["glyphs"].as_array().unwrap() {
                    out.push((
                        g["text"].as_str().unwrap().to_string(),
                        g["x"].as_f64().unwrap(),
                        g["advance"].as_f64().unwrap(),
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn a_number_keeps_its_unit_and_a_question_and_exclamation_take_one_em() {
    let (_dir, layout) = build(STRESS);
    let em = layout["em"].as_f64().unwrap();
    let glyphs = body_glyphs(&layout);
    // 零下15℃: ℃ stands where 5 ends, no glue
    let at = glyphs.iter().position(|g| g.0 == "℃").expect("℃ is set");
    let five = &glyphs[at - 1];
    assert_eq!(five.0, "5");
    assert!(
        (glyphs[at].1 - (five.1 + five.2)).abs() < 1e-3,
        "℃ at {} but 5 ends at {}",
        glyphs[at].1,
        five.1 + five.2
    );
    // 99.5%: the same for the per cent sign
    let at = glyphs.iter().position(|g| g.0 == "%").expect("% is set");
    assert!((glyphs[at].1 - (glyphs[at - 1].1 + glyphs[at - 1].2)).abs() < 1e-3);
    // 怎么办？！答: the pair advances one em in all
    let q = (1..glyphs.len())
        .find(|&k| glyphs[k - 1].0 == "？" && glyphs[k].0 == "！")
        .expect("？！ is set");
    let pair = glyphs[q - 1].2 + glyphs[q].2;
    assert!((pair - em).abs() < 1e-3, "？！ takes {} em", pair / em);
    assert!((glyphs[q + 1].1 - glyphs[q - 1].1 - em).abs() < 1e-3);
}

/// The pages that carry story text, each with its story and the baseline of its lowest line.
fn story_pages(layout: &Value) -> Vec<(u64, usize, f64)> {
    let mut out = Vec::new();
    for page in layout["pages"].as_array().unwrap() {
        let lines: Vec<&Value> = page["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["story"].is_u64() && l["role"] != "running-head")
            .collect();
        if let Some(first) = lines.first() {
            let lowest = lines
                .iter()
                .map(|l| l["baseline"].as_f64().unwrap())
                .fold(f64::MIN, f64::max);
            let folio = page["folio"].as_u64().unwrap();
            out.push((folio, first["story"].as_u64().unwrap() as usize, lowest));
        }
    }
    out
}

#[test]
fn no_page_but_a_storys_last_has_an_empty_grid_row() {
    for input in [STRESS, "content", FAULTS] {
        let (_dir, layout) = build(input);
        let pages = story_pages(&layout);
        // the foot row: the lowest body baseline anywhere in the book
        let foot = pages.iter().map(|p| p.2).fold(f64::MIN, f64::max);
        let pitch = layout["pitch"].as_f64().unwrap();
        let rows = layout["lines_per_page"].as_f64().unwrap();
        let top = layout["frame"]["top"].as_f64().unwrap();
        assert!(
            foot > top + (rows - 1.0) * pitch,
            "{input}: the foot row is the grid's last"
        );
        for pair in pages.windows(2) {
            let ((folio, story, lowest), (_, next_story, _)) = (pair[0], pair[1]);
            if story == next_story {
                assert!(
                    (lowest - foot).abs() < 0.01,
                    "{input}: page {folio} ends {:.1} rows above the foot",
                    (foot - lowest) / pitch
                );
            }
        }
    }
}

#[test]
fn margins_are_mirrored_and_a_one_story_book_has_no_contents_page() {
    let (_dir, layout) = build(STRESS);
    let style = Style::default_style();
    let bleed = f64::from(style.page.bleed);
    let pages = layout["pages"].as_array().unwrap();
    // title page, the story, the colophon: no contents for one story
    let roles: Vec<&str> = pages
        .iter()
        .flat_map(|p| p["lines"].as_array().unwrap())
        .map(|l| l["role"].as_str().unwrap())
        .collect();
    assert!(!roles.contains(&"contents") && !roles.contains(&"contents-title"));
    // … and a blank page before the colophon, padding to the default signature of 4 (issue 14)
    assert_eq!(pages.len(), 4, "title page, story, blank, colophon");
    assert!(
        pages[2]["lines"].as_array().unwrap().is_empty(),
        "the blank"
    );
    for page in pages {
        let folio = page["folio"].as_u64().unwrap();
        let left = page["frame_left"].as_f64().unwrap();
        let expect = bleed + f64::from(style.margin_left(folio % 2 == 1));
        assert!((left - expect).abs() < 1e-3, "page {folio}");
        // the inner margin (16 : 13.5 of the spare width) at the binding
        let inner = if folio % 2 == 1 {
            left - bleed
        } else {
            419.53 - 336.0 - (left - bleed)
        };
        assert!(
            (inner / (72.0 / 25.4) - 15.98).abs() < 0.02,
            "page {folio}: {inner}"
        );
        for line in page["lines"].as_array().unwrap() {
            if line["role"] == "body" && line["paragraph_start"] == false {
                let x = line["x"].as_f64().unwrap();
                assert!(
                    x >= left - 0.5 * 10.5 - 0.01 && x <= left + 0.01,
                    "page {folio}: {line}"
                );
            }
        }
    }
}

/// `content/` typeset with the default style.
fn content() -> (Document, FontSet) {
    let book = huozi::load_book(&repo("content")).unwrap();
    let fonts = FontSet::bundled().unwrap();
    let doc = huozi::typeset(
        &book,
        &Style::default_style(),
        &fonts,
        &huozi::Images::new(),
    )
    .unwrap();
    (doc, fonts)
}

#[test]
fn the_column_tag_box_stands_half_an_em_off_its_ink_on_every_side() {
    let (doc, fonts) = content();
    let page = doc
        .pages
        .iter()
        .find(|p| p.lines.iter().any(|l| l.role == Role::Column))
        .expect("a page with a column tag");
    let (corner, width, height) = page
        .items
        .iter()
        .find_map(|(at, item)| match item {
            Item::Frame { width, height, .. } => Some((*at, *width, *height)),
            _ => None,
        })
        .expect("the tag's box");
    let mut ink = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
    for (at, item) in &page.items {
        if let Item::Run(run) = item
            && run.role == Role::Column
        {
            for g in &run.glyphs {
                if let Some([x0, y0, x1, y1]) = fonts.ink(run.font, g.id, run.size) {
                    ink = [
                        ink[0].min(at.x + g.x + x0),
                        ink[1].min(at.y - y1),
                        ink[2].max(at.x + g.x + x1),
                        ink[3].max(at.y - y0),
                    ];
                }
            }
        }
    }
    let half = 0.5 * 9.0;
    let pads = [
        ink[0] - corner.x,
        ink[1] - corner.y,
        corner.x + width - ink[2],
        corner.y + height - ink[3],
    ];
    for pad in pads {
        assert!((pad - half).abs() < 0.01, "pads {pads:?}");
    }
}

#[test]
fn the_contents_has_leaders_and_a_spaced_heading() {
    let (doc, fonts) = content();
    let contents = &doc.pages[1];
    let heading = contents
        .lines
        .iter()
        .find(|l| l.role == Role::ContentsTitle)
        .unwrap();
    // 目录 is set 目　录: an em of the heading's size between the characters, as space, not a character
    assert_eq!(heading.text, "目录");
    let glyphs = &heading.runs(contents, &fonts)[0].glyphs;
    assert!(
        (glyphs[1].x - glyphs[0].x - 2.0 * 12.0).abs() < 1e-3,
        "{glyphs:?}"
    );
    let dots: Vec<_> = contents
        .items
        .iter()
        .filter(|(_, item)| matches!(item, Item::Dot { .. }))
        .collect();
    assert!(dots.len() > 40, "{} leader dots", dots.len());
    for entry in contents.lines.iter().filter(|l| l.role == Role::Contents) {
        let on_line: Vec<f32> = dots
            .iter()
            .filter(|(at, _)| (at.y - (entry.baseline - 0.38 * 10.5)).abs() < 0.01)
            .map(|(at, _)| at.x)
            .collect();
        assert!(on_line.len() > 10, "{}: {} dots", entry.text, on_line.len());
        for w in on_line.windows(2) {
            assert!((w[1] - w[0] - 5.25).abs() < 1e-3, "½ em apart");
        }
    }
}

/// The colophon page's text as pdftotext reads it, without white space.
fn colophon_text(dir: &Path) -> String {
    let pdf = dir.join("book.pdf");
    let pages = common::pdf_pages(&pdf).to_string();
    let (ok, text) = run(
        "pdftotext",
        &["-raw", "-f", &pages, "-l", &pages, common::path(&pdf), "-"],
    );
    assert!(ok, "{text}");
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_colophon_follows_chinese_convention_and_invents_nothing() {
    let (dir, _) = build("content");
    let text = colophon_text(dir.path());
    for field in [
        "版次：2022年12月第1版",
        "印次：2022年12月第1次印刷",
        "开本：148mm×210mm（A5）",
        "字数：",
        "千字",
        "本报记者　梁可心",
        "本报记者　黄晏君",
    ] {
        let field: String = field.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&field), "{field} not in {text}");
    }
    assert!(!text.contains("2022-12-05"), "{text}");
    // a story file on its own has no book.toml: no date, no identifier, nothing made up
    let (dir, _) = build(STRESS);
    let text = colophon_text(dir.path());
    assert!(
        text.contains("书名：排版压力测试") && text.contains("开本：") && text.contains("字数：")
    );
    for absent in ["日期", "版次", "印次", "1970", "标识", "书号", "urn:"] {
        assert!(!text.contains(absent), "{absent} in {text}");
    }
}
