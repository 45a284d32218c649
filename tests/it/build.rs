//! End to end: the `huozi` binary builds `content/` and the stress story, and independent readers check
//! what it wrote — EPUBCheck 5.3, poppler's `pdffonts`/`pdfinfo`/`pdftotext`, `qpdf --check`, pypdf, and
//! the vendored `tests/tools/pdfcheck.py` (pdfminer).
//! These tools are installed by `.ci/run`; a missing tool fails the test, it never skips.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::epub::{compact, entry_text, xml_text};
use crate::common::{
    FAULTS, PdfCheck, SAMPLE, STRESS, assert_epubcheck_clean, huozi_ok, pdf_pages, pdfcheck, repo,
    root, run,
};

/// Runs `huozi build content --out DIR` and returns DIR.
fn build_into(dir: &Path) -> PathBuf {
    let layout = dir.join("layout.json");
    huozi_ok([
        "build".as_ref(),
        "content".as_ref(),
        "--out".as_ref(),
        dir.as_os_str(),
        "--layout-json".as_ref(),
        layout.as_os_str(),
    ]);
    dir.to_path_buf()
}

/// One build of `content/`, shared by the tests of this file.
fn built() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        build_into(dir.path());
        dir
    });
    dir.path()
}

fn pdf() -> String {
    built().join("book.pdf").to_str().unwrap().to_string()
}

#[test]
fn build_writes_an_epub_and_a_pdf() {
    for name in ["book.epub", "book.pdf"] {
        let len = std::fs::metadata(built().join(name)).expect(name).len();
        assert!(len > 4_000, "{name} is only {len} bytes");
    }
    let pdf = std::fs::read(built().join("book.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let epub = std::fs::read(built().join("book.epub")).unwrap();
    assert_eq!(
        &epub[30..38],
        b"mimetype",
        "mimetype must be the first zip entry"
    );
}

#[test]
fn epubcheck_reports_no_errors_and_no_warnings() {
    // EPUBCheck succeeds and reports "No errors or warnings detected" (and 0 fatals / errors / warnings).
    assert_epubcheck_clean(&built().join("book.epub"));
}

#[test]
fn every_pdf_font_is_embedded_subset_and_has_a_unicode_map() {
    let (ok, table) = run("pdffonts", &[&pdf()]);
    assert!(ok, "{table}");
    let rows: Vec<&str> = table.lines().skip(2).collect();
    assert!(
        rows.len() >= 2,
        "expected the body and heading faces:\n{table}"
    );
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "emb/sub/uni in: {row}"
        );
    }
}

#[test]
fn qpdf_finds_no_structural_problem() {
    let (ok, report) = run("qpdf", &["--check", &pdf()]);
    assert!(ok, "{report}");
    assert!(
        report.contains("No syntax or stream encoding errors found"),
        "{report}"
    );
}

#[test]
fn every_page_is_a5_trim_with_3mm_bleed() {
    let (_, info) = run("pdfinfo", &[&pdf()]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("pdfinfo reports pages");
    assert!(pages >= 2, "two stories, each opening a page: {pages}");
    for page in 1..=pages {
        let p = page.to_string();
        let (ok, boxes) = run("pdfinfo", &["-box", "-f", &p, "-l", &p, &pdf()]);
        assert!(ok, "{boxes}");
        let get = |name: &str| -> Vec<f64> {
            boxes
                .lines()
                .find(|l| l.contains(name))
                .and_then(|l| l.split_once(name))
                .unwrap_or_else(|| panic!("no {name} on page {page}:\n{boxes}"))
                .1
                .split_whitespace()
                .filter_map(|v| v.parse().ok())
                .collect()
        };
        let trim = get("TrimBox:");
        let bleed = get("BleedBox:");
        assert!(
            (trim[2] - trim[0] - 419.53).abs() < 0.01,
            "trim width on page {page}: {trim:?}"
        );
        assert!(
            (trim[3] - trim[1] - 595.28).abs() < 0.01,
            "trim height on page {page}: {trim:?}"
        );
        for (t, b, sign) in [
            (trim[0], bleed[0], 1.0),
            (trim[1], bleed[1], 1.0),
            (trim[2], bleed[2], -1.0),
            (trim[3], bleed[3], -1.0),
        ] {
            assert!(
                ((t - b) * sign - 8.5).abs() < 0.02,
                "bleed on page {page}: trim {trim:?} bleed {bleed:?}"
            );
        }
    }
}

/// Counts pdfcheck prints today besides the informational ones (the font counts are printed only when
/// not 0): each must stay in its output, so a renamed or dropped check does not pass unseen.
const PDFCHECK_COUNTS: [&str; 25] = [
    "missing_source_chars",
    "linestart_violations",
    "lineend_violations",
    "split_pairs",
    "ragged_lines",
    "bad_indents",
    "overlaps",
    "outside_trim",
    "unhalved_lineend",
    "uncompressed_pairs",
    "han_latin_no_gap",
    "han_latin_wide_gap",
    "loose_lines",
    "stretched_last_lines",
    "runts",
    "widows",
    "orphans",
    "stranded_headings",
    "spaces_between_han",
    "off_grid",
    "compressed_last_lines",
    "lone_squeezes",
    "unit_gaps",
    "wide_qe_pairs",
    "short_pages",
];

/// Asserts pdfcheck's counts for `pdf` against the source `text`: every count 0, every count of
/// [`PDFCHECK_COUNTS`] reported, two or more fonts, a 10.5 pt body.
fn assert_pdfcheck(pdf: &str, text: &Path) -> PdfCheck {
    let check = pdfcheck(Path::new(pdf), text);
    let counts = &check.counts;
    let missing: Vec<&str> = PDFCHECK_COUNTS
        .iter()
        .copied()
        .filter(|k| !counts.contains_key(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "pdfcheck no longer reports {missing:?}: {check:?}"
    );
    // pdfcheck reports the font counts only when they are not 0
    for k in [
        "fonts_not_embedded",
        "fonts_not_subset",
        "fonts_without_tounicode",
    ] {
        assert!(
            counts.get(k).is_none_or(|v| *v == 0),
            "{k}: {:?}",
            counts.get(k)
        );
    }
    let bad: Vec<String> = counts
        .iter()
        .filter(|(_, v)| **v > 0)
        .map(|(k, v)| format!("{k}: {v} (must be 0)"))
        .collect();
    assert!(
        bad.is_empty(),
        "pdfcheck counts not 0 for {pdf}: {bad:?}\nall: {check:?}"
    );
    assert!(check.info["fonts"].as_u64().unwrap() >= 2, "{check:?}");
    assert_eq!(check.info["body_size_pt"], 10.5);
    check
}

#[test]
fn pdfcheck_finds_nothing_a_book_designer_would_mark() {
    let check = assert_pdfcheck(&pdf(), &root().join(SAMPLE));
    assert!(check.info["body_lines"].as_u64().unwrap() > 60, "{check:?}");
}

#[test]
fn the_typesetting_stress_story_sets_clean() {
    let stress = repo(STRESS);
    assert!(stress.exists(), "{} is missing", stress.display());
    let dir = tempfile::tempdir().unwrap();
    huozi_ok([
        "build".as_ref(),
        stress.as_os_str(),
        "--out".as_ref(),
        dir.path().as_os_str(),
    ]);
    let check = assert_pdfcheck(dir.path().join("book.pdf").to_str().unwrap(), &stress);
    assert!(
        check.info["body_lines"].as_u64().unwrap() >= 15,
        "{check:?}"
    );
}

/// The faults a proofreader marked in the second proof (issue 12), packed into one story of several pages:
/// compressed last lines, a lone mark carrying a line's squeeze, `15℃`, `？！`, short pages, quotes in
/// display lines, split short quoted names, a URL, dates and numbers, typed indents.
#[test]
fn the_proofreaders_faults_story_sets_clean() {
    let faults = repo(FAULTS);
    let dir = tempfile::tempdir().unwrap();
    huozi_ok([
        "build".as_ref(),
        faults.as_os_str(),
        "--out".as_ref(),
        dir.path().as_os_str(),
    ]);
    let check = assert_pdfcheck(dir.path().join("book.pdf").to_str().unwrap(), &faults);
    assert!(
        check.info["body_lines"].as_u64().unwrap() >= 40,
        "{check:?}"
    );
    assert!(check.info["pages"].as_u64().unwrap() >= 4, "{check:?}");
}

#[test]
fn strict_style_with_recto_openings() {
    // every story opens on a recto (odd folio); strict prohibition keeps —— and …… off line starts
    let style = std::fs::read_to_string(root().join("styles/default.toml"))
        .unwrap()
        .replace("recto-openings = false", "recto-openings = true")
        .replace("strictness = \"gb\"", "strictness = \"strict\"");
    let dir = tempfile::tempdir().unwrap();
    let style_path = dir.path().join("strict.toml");
    std::fs::write(&style_path, style).unwrap();
    let stress = repo(STRESS);
    for input in [root().join("content"), stress] {
        let layout = dir.path().join("layout.json");
        huozi_ok([
            "build".as_ref(),
            input.as_os_str(),
            "--out".as_ref(),
            dir.path().as_os_str(),
            "--style".as_ref(),
            style_path.as_os_str(),
            "--layout-json".as_ref(),
            layout.as_os_str(),
        ]);
        let layout: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("layout.json")).unwrap())
                .unwrap();
        let mut openings = 0;
        for page in layout["pages"].as_array().unwrap() {
            let lines = page["lines"].as_array().unwrap();
            if lines.iter().any(|l| l["role"] == "headline") {
                openings += 1;
                assert_eq!(
                    page["folio"].as_u64().unwrap() % 2,
                    1,
                    "story opens on a verso: {page}"
                );
            }
            for l in lines
                .iter()
                .filter(|l| l["role"] == "body" && l["paragraph_start"] == false)
            {
                let text = l["text"].as_str().unwrap();
                assert!(
                    !text.starts_with('—') && !text.starts_with('…'),
                    "strict: {text}"
                );
            }
        }
        assert!(openings >= 1);
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let second = tempfile::tempdir().unwrap();
    build_into(second.path());
    for name in ["book.epub", "book.pdf"] {
        let a = std::fs::read(built().join(name)).unwrap();
        let b = std::fs::read(second.path().join(name)).unwrap();
        assert!(a == b, "{name} differs between two builds");
    }
}

#[test]
fn pdf_carries_language_metadata_and_a_bookmark_per_story() {
    // the top level of the outline (each story's chapters and subheads are lists nested below it)
    let script = "import json,sys\nfrom pypdf import PdfReader\nr=PdfReader(sys.argv[1])\n\
print(json.dumps({'lang': str(r.trailer['/Root'].get('/Lang')), 'outline': [o.title for o in r.outline if not isinstance(o, list)],\
 'title': r.metadata.title, 'author': r.metadata.author}, ensure_ascii=False))";
    let (ok, out) = run("python3", &["-c", script, &pdf()]);
    assert!(ok, "pypdf failed (pip install pypdf):\n{out}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("JSON");
    assert_eq!(v["lang"], "zh-CN");
    assert_eq!(
        v["outline"],
        serde_json::json!([
            "全方位融入 社区“疫”线添暖流",
            "哈报人“老宋”与病毒“贴身”战斗"
        ])
    );
    assert_eq!(v["title"], "冰城战“疫”纪事：《哈尔滨日报》一线报道两篇");
    assert_eq!(v["author"], "梁可心, 黄晏君");
}

#[test]
fn parse_prints_the_model_as_json() {
    let out = huozi_ok(["parse", "content", "--to", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["stories"][1]["column"], "“疫”线媒体人");
    assert_eq!(v["stories"][0]["dateline"], "本报讯");
    assert_eq!(v["meta"]["language"], "zh-CN");
}

/// An entry of the built EPUB as text.
fn epub_text(epub: &Path, name: &str) -> String {
    entry_text(&std::fs::read(epub).unwrap(), name)
}

/// Character data of XHTML (tags dropped, the predefined entities decoded) without whitespace.
fn xhtml_text(xml: &str) -> String {
    compact(&xml_text(xml))
}

/// The text pdftotext reads from page `n` (1-based) of the built PDF, without whitespace.
fn pdf_page_text(n: usize) -> String {
    let p = n.to_string();
    let (ok, text) = run("pdftotext", &["-f", &p, "-l", &p, &pdf(), "-"]);
    assert!(ok, "{text}");
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The EPUB's page-list agrees with the PDF: an entry for exactly the PDF pages that carry story text, in
/// order, labelled with the page number, each marker standing where pdftotext finds that page's text
/// begins (after the running head).
#[test]
fn the_epub_page_list_cites_the_pdf_pages() {
    let epub = built().join("book.epub");
    let nav = epub_text(&epub, "OEBPS/nav.xhtml");
    let start = nav
        .find("<nav epub:type=\"page-list\"")
        .expect("a page-list");
    let list = &nav[start..start + nav[start..].find("</nav>").unwrap()];
    let entries: Vec<(String, String)> = list
        .split("<li><a href=\"")
        .skip(1)
        .map(|e| {
            let (href, rest) = e.split_once("\">").unwrap();
            (
                href.to_string(),
                rest[..rest.find("</a>").unwrap()].to_string(),
            )
        })
        .collect();

    // Which PDF pages carry story text: those sharing an 8-character run with the stories' paragraphs.
    let stories: Vec<String> = (1..=2)
        .map(|i| epub_text(&epub, &format!("OEBPS/story-{i:03}.xhtml")))
        .collect();
    let paragraphs: String = stories
        .iter()
        .flat_map(|s| {
            s.split("<p>")
                .skip(1)
                .map(|p| xhtml_text(&p[..p.find("</p>").unwrap()]))
        })
        .collect();
    let pages = pdf_pages(Path::new(&pdf()));
    let texts: Vec<String> = (1..=pages).map(pdf_page_text).collect();
    let with_story_text: Vec<String> = texts
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            let chars: Vec<char> = t.chars().collect();
            chars
                .windows(8)
                .any(|w| paragraphs.contains(&w.iter().collect::<String>()))
        })
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    assert!(with_story_text.len() >= 4, "{with_story_text:?}");
    let labels: Vec<String> = entries.iter().map(|(_, l)| l.clone()).collect();
    assert_eq!(
        labels, with_story_text,
        "page-list labels vs PDF pages with story text"
    );

    for (href, label) in &entries {
        let (doc, id) = href.split_once('#').unwrap();
        let doc = epub_text(&epub, &format!("OEBPS/{doc}"));
        let marker = doc
            .find(&format!(" id=\"{id}\""))
            .unwrap_or_else(|| panic!("{href}: no such id"));
        let end = marker + doc[marker..].find("</span>").unwrap() + "</span>".len();
        let after: String = xhtml_text(&doc[end..]).chars().take(8).collect();
        let page = &texts[label.parse::<usize>().unwrap() - 1];
        let at = page
            .find(&after)
            .unwrap_or_else(|| panic!("page {label}: {after:?} (after {href}) not in {page}"));
        let head = page[..at].chars().count();
        assert!(
            head <= 20,
            "page {label}: {after:?} is {head} characters into the page: {page}"
        );
    }
}

#[test]
fn every_line_stays_in_the_frame_and_justified_lines_fill_the_measure() {
    let layout: serde_json::Value =
        serde_json::from_slice(&std::fs::read(built().join("layout.json")).unwrap()).unwrap();
    let em = layout["em"].as_f64().unwrap();
    let width = layout["frame"]["width"].as_f64().unwrap();
    assert_eq!(layout["measure_em"], 32);
    let mut body = 0;
    for page in layout["pages"].as_array().unwrap() {
        // margins are mirrored: each page has its frame's left edge
        let left = page["frame_left"].as_f64().unwrap();
        let right = left + width;
        for line in page["lines"].as_array().unwrap() {
            let (x, r) = (line["x"].as_f64().unwrap(), line["right"].as_f64().unwrap());
            let text = line["text"].as_str().unwrap();
            // an opening mark at a line start may hang its blank half outside the frame
            assert!(
                x >= left - 0.5 * em - 0.01,
                "line starts left of the frame at {x}: {text}"
            );
            assert!(
                r <= right + 0.01,
                "line runs past the measure to {r} (frame ends at {right}): {text}"
            );
            if line["role"] == "body" {
                body += 1;
                if line["paragraph_end"] == false {
                    assert_eq!(line["unfilled"], false, "{text}");
                    assert!(
                        (r - right).abs() <= 0.01,
                        "justified line ends at {r}, not {right}: {text}"
                    );
                }
            }
        }
    }
    assert!(body > 60, "{body} body lines");
}
