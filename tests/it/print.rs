//! The print shop's PDF (issue 14): pure black, padding to a signature, printer's marks and a
//! saddle-stitched imposition, each read back by independent tools (pypdf, pdfminer, poppler, qpdf).

use crate::common;

use std::path::Path;

use crate::common::{huozi_ok, path, pdf_pages, repo, run};
use serde_json::Value;

/// Builds `input` into a fresh folder with `extra` arguments; returns the folder and huozi's stderr.
fn build(input: &str, extra: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["build", input, "--out", path(dir.path())];
    args.extend_from_slice(extra);
    let out = huozi_ok(args);
    (dir, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// One JSON object per page from a tool under `tests/tools/` run on `pdf`.
fn per_page(tool: &str, pdf: &Path) -> Vec<Value> {
    let (ok, out) = run("python3", &[path(&repo(tool)), path(pdf)]);
    assert!(ok, "{tool}: {out}");
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{tool}: {e}: {l}")))
        .collect()
}

/// The text of `pdf`'s page `page` (1-based) inside the rectangle (x, y, w, h) pt, or the whole page,
/// with every space and line break taken out.
fn text(pdf: &Path, page: usize, crop: Option<(f32, f32, f32, f32)>) -> String {
    let p = page.to_string();
    let mut args: Vec<String> = ["-f", &p, "-l", &p].map(String::from).to_vec();
    if let Some((x, y, w, h)) = crop {
        for (flag, v) in [("-x", x), ("-y", y), ("-W", w), ("-H", h)] {
            args.extend([flag.to_string(), format!("{}", v.round() as i64)]);
        }
    }
    args.extend([path(pdf).to_string(), "-".to_string()]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let (ok, out) = run("pdftotext", &refs);
    assert!(ok, "pdftotext: {out}");
    out.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{c}')
        .collect()
}

#[test]
fn text_rules_and_folios_are_pure_black_never_rgb() {
    for marks in [false, true] {
        let extra: &[&str] = if marks { &["--marks"] } else { &[] };
        let (dir, _) = build("content", extra);
        let pages = per_page("tests/tools/pdf_colours.py", &dir.path().join("book.pdf"));
        assert_eq!(pages.len(), 8);
        for (i, page) in pages.iter().enumerate() {
            assert_eq!(
                page["rgb"],
                Value::Array(vec![]),
                "page {}: RGB colour",
                i + 1
            );
            let ops = &page["ops"];
            for op in ["rg", "RG"] {
                assert!(ops.get(op).is_none(), "page {}: {op}", i + 1);
            }
            let gray = page["gray"].as_array().unwrap();
            assert!(!gray.is_empty(), "page {}: text set without g", i + 1);
            for g in gray {
                assert_eq!(g, &serde_json::json!([0.0]), "page {}: gray {g}", i + 1);
            }
            for k in page["cmyk"].as_array().unwrap() {
                assert_eq!(
                    k,
                    &serde_json::json!([0.0, 0.0, 0.0, 1.0]),
                    "page {}",
                    i + 1
                );
            }
        }
        // the column tag's frame is stroked in gray, with G
        assert!(pages.iter().any(|p| p["ops"].get("G").is_some()));
    }
}

#[test]
fn a_nine_page_book_is_padded_to_twelve_and_says_so() {
    let (dir, note) = build("tests/fixtures/print/nine", &[]);
    assert_eq!(pdf_pages(&dir.path().join("book.pdf")), 12, "{note}");
    assert!(
        note.contains("added 3 blank pages to make 12 pages"),
        "{note}"
    );
    // the blanks stand before the colophon, which stays on the last page
    let pdf = dir.path().join("book.pdf");
    for page in 9..=11 {
        assert_eq!(text(&pdf, page, None), "", "page {page} is blank");
    }
    assert!(text(&pdf, 12, None).contains("出版：哈尔滨日报社"));
    // content/ is 8 pages, a whole signature: nothing added, nothing said
    let (dir, note) = build("content", &[]);
    assert_eq!(pdf_pages(&dir.path().join("book.pdf")), 8);
    assert!(!note.contains("blank page"), "{note}");
}

#[test]
fn marks_stand_outside_the_bleed_on_a_larger_page() {
    let (dir, _) = build("content", &["--marks"]);
    let pages = per_page("tests/tools/pdf_lines.py", &dir.path().join("book.pdf"));
    assert_eq!(pages.len(), 8);
    let mm10 = 10.0 * 72.0 / 25.4;
    let num = |v: &Value| -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    };
    for (i, page) in pages.iter().enumerate() {
        let (media, bleed, trim) = (num(&page["media"]), num(&page["bleed"]), num(&page["trim"]));
        for side in 0..4 {
            let room = (bleed[side] - media[side]).abs();
            assert!(
                room >= mm10,
                "page {}: {room} pt from bleed to media",
                i + 1
            );
        }
        assert!((trim[2] - trim[0] - 419.53).abs() < 0.01, "page {}", i + 1);
        assert!((trim[3] - trim[1] - 595.28).abs() < 0.01, "page {}", i + 1);
        let near = |a: f64, b: f64| (a - b).abs() < 0.01;
        let inside = |x: f64, y: f64| x > bleed[0] && x < bleed[2] && y > bleed[1] && y < bleed[3];
        let (mut crop_outside, mut crop_inside) = (0, 0);
        for line in page["lines"].as_array().unwrap() {
            let l = num(line);
            let vertical_on_trim = near(l[0], l[2]) && (near(l[0], trim[0]) || near(l[0], trim[2]));
            let horizontal_on_trim =
                near(l[1], l[3]) && (near(l[1], trim[1]) || near(l[1], trim[3]));
            if !(vertical_on_trim || horizontal_on_trim) {
                continue;
            }
            if inside(l[0], l[1]) || inside(l[2], l[3]) {
                crop_inside += 1;
            } else {
                crop_outside += 1;
            }
        }
        assert_eq!(crop_outside, 8, "page {}: crop marks", i + 1);
        assert_eq!(
            crop_inside,
            0,
            "page {}: crop marks inside the bleed",
            i + 1
        );
    }
}

#[test]
fn saddle_imposition_puts_every_page_once_in_folding_order() {
    let (dir, _) = build("content", &["--impose", "saddle"]);
    let imposed = dir.path().join("book-imposed.pdf");
    let book = dir.path().join("book.pdf");
    assert_eq!(pdf_pages(&imposed), 4, "2 sheets × 2 sides");
    let (ok, report) = run("qpdf", &["--check", path(&imposed)]);
    assert!(
        ok && report.contains("No syntax or stream encoding errors"),
        "{report}"
    );
    let (_, info) = run("pdfinfo", &[path(&imposed)]);
    assert!(
        info.contains("841.89 x 595.276 pts"),
        "A4 landscape: {info}"
    );
    let pages: Vec<String> = (1..=8).map(|p| text(&book, p, None)).collect();
    let (half, height) = (841.89 / 2.0, 595.28);
    let mut seen = Vec::new();
    for (side, expected) in [[8, 1], [2, 7], [6, 3], [4, 5]].iter().enumerate() {
        for (slot, folio) in expected.iter().enumerate() {
            let got = text(
                &imposed,
                side + 1,
                Some((slot as f32 * half, 0.0, half, height)),
            );
            assert!(!got.is_empty(), "side {} slot {slot} is empty", side + 1);
            let found = pages.iter().position(|p| *p == got).map(|i| i + 1);
            assert_eq!(found, Some(*folio), "side {}, slot {slot}", side + 1);
            seen.push(*folio);
        }
    }
    seen.sort();
    assert_eq!(seen, (1..=8).collect::<Vec<_>>(), "every page exactly once");
}

#[test]
fn preflight_passes_content_and_fails_a_72_ppi_image_under_strict() {
    let dir = tempfile::tempdir().unwrap();
    let out = huozi_ok(["build", "content", "--out", path(dir.path()), "--preflight"]);
    let report = String::from_utf8_lossy(&out.stdout);
    for line in [
        "page size: 148.0 × 210.0 mm trim (419.53 × 595.28 pt)",
        "boxes: TrimBox 419.53 × 595.28 pt, BleedBox 3.0 mm beyond it",
        "pages: 8 in signatures of 4, 0 blank pages added",
        "fonts: 2 faces, all embedded as subsets",
        "colours: DeviceGray black",
        "images: none",
        "safety margin: text is at least",
        "passed",
    ] {
        assert!(report.contains(line), "no {line:?} in:\n{report}");
    }
    let fixture = "tests/fixtures/print/low-res";
    let dir = tempfile::tempdir().unwrap();
    let out = huozi_ok(["build", fixture, "--out", path(dir.path()), "--preflight"]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("warning: image tests/fixtures/print/low-res/images/low.png on page ")
            && report.contains(" is 72 ppi at its placed size"),
        "{report}"
    );
    let strict = tempfile::tempdir().unwrap();
    let out = common::huozi([
        "build",
        fixture,
        "--out",
        path(strict.path()),
        "--preflight",
        "--strict",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("preflight failed") && err.contains("72 ppi"),
        "{err}"
    );
    assert!(!strict.path().join("book.pdf").exists(), "nothing written");
    // every build reports the image's resolution, and --strict alone refuses it
    let dir = tempfile::tempdir().unwrap();
    let out = huozi_ok(["build", fixture, "--out", path(dir.path())]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("huozi: warning: image") && err.contains("72 ppi"),
        "{err}"
    );
    let out = common::huozi(["build", fixture, "--out", path(strict.path()), "--strict"]);
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_larger_press_sheet_carries_crop_marks_and_a_fold_mark_on_each_side() {
    // a 330 × 230 mm sheet leaves room around the two A5 pages (296 × 210 mm) for the marks
    let style = tempfile::tempdir().unwrap();
    let file = style.path().join("sheet.toml");
    let default = std::fs::read_to_string(repo("styles/default.toml")).unwrap();
    let edited = default
        .replace("sheet-width-mm = 297.0", "sheet-width-mm = 330.0")
        .replace("sheet-height-mm = 210.0", "sheet-height-mm = 230.0");
    assert_ne!(edited, default, "the sheet keys are in styles/default.toml");
    std::fs::write(&file, edited).unwrap();
    let (dir, _) = build("content", &["--impose", "saddle", "--style", path(&file)]);
    let imposed = dir.path().join("book-imposed.pdf");
    let sides = per_page("tests/tools/pdf_lines.py", &imposed);
    assert_eq!(sides.len(), 4);
    let pt = 72.0 / 25.4;
    let (sheet_w, sheet_h) = (330.0 * pt, 230.0 * pt);
    let (pair_w, pair_h) = (2.0 * 419.53, 595.28);
    let (l, b) = ((sheet_w - pair_w) / 2.0, (sheet_h - pair_h) / 2.0);
    let (r, t) = (l + pair_w, b + pair_h);
    let fold = sheet_w / 2.0;
    for (i, side) in sides.iter().enumerate() {
        let marks: Vec<Vec<f64>> = side["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                l.as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_f64().unwrap())
                    .collect()
            })
            .collect();
        // 3 vertical marks above the pair and 3 below (its two outer edges and the fold), 2 horizontal
        // marks at each side
        assert_eq!(marks.len(), 10, "side {}: {marks:?}", i + 1);
        let inside = |x: f64, y: f64| x > l + 0.5 && x < r - 0.5 && y > b + 0.5 && y < t - 0.5;
        for m in &marks {
            assert!(
                !inside(m[0], m[1]) && !inside(m[2], m[3]),
                "side {}: a mark on the pages {m:?}",
                i + 1
            );
        }
        let at_fold = marks
            .iter()
            .filter(|m| (m[0] - fold).abs() < 0.5 && (m[2] - fold).abs() < 0.5)
            .count();
        assert_eq!(at_fold, 2, "side {}: the fold mark, top and bottom", i + 1);
    }
}
