//! Every character the author wrote reaches the page (issue 9): coverage of the embedded faces, fallback to
//! a font-path face for a character they lack (in the PDF and the EPUB), a visible substitute and a report
//! for a character no face has (`--strict`: an error, nothing written), `huozi fonts` and `huozi check`, a
//! role set in a face named by family or by file, and EPUB subsets that keep their layout features (in
//! Chromium: `——` one 2-em rule, `。”“` compressed).
//!
//! The test faces are under `tests/fixtures/fonts/` (made by its `make-test-fonts.sh`); every build here
//! runs with `--no-system-fonts`, so the results do not depend on the machine's fonts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::epub::{probe_story, unpack};
use crate::common::{assert_epubcheck_clean, huozi, huozi_ok, path, repo, run};

/// The story of the acceptance test: a byline `本报记者 王喆`, the names 李堃 张彧 陈赟 朱镕基 珺 (in
/// 通用规范汉字表, so in the embedded faces) and `𠮷野家` (𠮷 U+20BB7 is not).
const STORY: &str = "tests/fixtures/fonts/story/a.txt";

/// A folder holding the test face "Huozi Test Sans" (Regular), which has 𠮷.
const SANS: &str = "tests/fixtures/fonts/sans";

/// Builds `input` into `out` with `args` after it, without the system's faces; returns stderr.
fn build(input: &str, out: &Path, args: &[&str]) -> String {
    let mut all = vec![
        "build".to_string(),
        input.to_string(),
        "--out".into(),
        path(out).into(),
        "--no-system-fonts".into(),
    ];
    all.extend(args.iter().map(|a| a.to_string()));
    String::from_utf8_lossy(&huozi_ok(all).stderr).into_owned()
}

/// Every character shown in the PDF with the font it is set in and its glyph id (pdfminer: the CID of
/// each shown glyph, which for krilla's Identity-H fonts is the glyph id in the embedded subset).
fn pdf_glyphs(pdf: &Path) -> Vec<(String, u32, String)> {
    let script = r#"
import sys
from pdfminer.pdfinterp import PDFResourceManager, PDFPageInterpreter
from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.pdfpage import PDFPage
class Dev(PDFLayoutAnalyzer):
    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
        text = font.to_unichr(cid)
        print("%s\t%d\t%s" % (font.fontname, cid, text))
        return 0
rm = PDFResourceManager()
dev = Dev(rm)
interp = PDFPageInterpreter(rm, dev)
with open(sys.argv[1], "rb") as f:
    for page in PDFPage.get_pages(f):
        interp.process_page(page)
"#;
    let (ok, out) = run("python3", &["-c", script, path(pdf)]);
    assert!(ok, "pdfminer failed: {out}");
    out.lines()
        .filter_map(|l| {
            let mut parts = l.splitn(3, '\t');
            let font = parts.next()?.to_string();
            let cid = parts.next()?.parse().ok()?;
            Some((font, cid, parts.next().unwrap_or("").to_string()))
        })
        .collect()
}

/// The characters each embedded font of an unpacked EPUB maps (ttf-parser), by file name.
fn epub_cmaps(oebps: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(oebps.join("fonts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// The characters of an XHTML document's text (tags dropped, the few entities the writer uses undone).
fn xhtml_chars(xhtml: &str) -> BTreeSet<char> {
    let mut text = String::new();
    let mut in_tag = false;
    let body = &xhtml[xhtml.find("<head>").unwrap_or(0)..];
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_character_of_the_story_reaches_both_editions() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = build(STORY, dir.path(), &["--font-path", SANS]);
    assert!(!stderr.contains("warning"), "{stderr}");
    let pdf = dir.path().join("book.pdf");

    // pdftotext gives every character back.
    let (ok, text) = run("pdftotext", &[path(&pdf), "-"]);
    assert!(ok);
    let text: String = text.split_whitespace().collect();
    for needed in [
        "本报记者王喆",
        "李堃",
        "张彧",
        "陈赟",
        "朱镕基",
        "珺",
        "𠮷野家",
    ] {
        assert!(
            text.contains(needed),
            "{needed} not in the PDF text: {text}"
        );
    }

    // No glyph is .notdef; 𠮷, which the embedded faces lack, and only 𠮷, is set in the fallback face.
    let glyphs = pdf_glyphs(&pdf);
    assert!(glyphs.len() > 100, "{} glyphs", glyphs.len());
    let notdef: Vec<_> = glyphs.iter().filter(|g| g.1 == 0).collect();
    assert!(notdef.is_empty(), "glyph 0 in the PDF: {notdef:?}");
    let fallback: BTreeSet<&str> = glyphs
        .iter()
        .filter(|g| g.0.contains("HuoziTestSans"))
        .map(|g| g.2.as_str())
        .collect();
    assert_eq!(fallback, BTreeSet::from(["𠮷"]));
    let (_, fonts) = run("pdffonts", &[path(&pdf)]);
    assert!(fonts.contains("HuoziTestSans-Regular"), "{fonts}");
    for line in fonts.lines().skip(2) {
        assert!(
            line.contains(" yes yes yes "),
            "not embedded, subset, with ToUnicode: {line}"
        );
    }

    // The EPUB's fonts cover every character of every XHTML file; 𠮷 is in the fallback face's subset.
    let epub = std::fs::read(dir.path().join("book.epub")).unwrap();
    let unpacked = tempfile::tempdir().unwrap();
    unpack(&epub, unpacked.path());
    let oebps = unpacked.path().join("OEBPS");
    let cmaps = epub_cmaps(&oebps);
    let faces: Vec<(String, ttf_parser::Face<'_>)> = cmaps
        .iter()
        .map(|(n, b)| (n.clone(), ttf_parser::Face::parse(b, 0).expect("a font")))
        .collect();
    let mut checked = 0;
    for entry in std::fs::read_dir(&oebps).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "xhtml") {
            for c in xhtml_chars(&std::fs::read_to_string(&p).unwrap()) {
                checked += 1;
                assert!(
                    faces.iter().any(|(_, f)| f.glyph_index(c).is_some()),
                    "{c} (U+{:04X}) of {} is in no embedded font",
                    c as u32,
                    p.display()
                );
            }
        }
    }
    assert!(checked > 100);
    let holders: Vec<&str> = faces
        .iter()
        .filter(|(_, f)| f.glyph_index('𠮷').is_some())
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(holders.len(), 1, "{holders:?}");
    assert!(holders[0].starts_with("HuoziTestSans"), "{holders:?}");
    assert_epubcheck_clean(&dir.path().join("book.epub"));
}

#[test]
fn a_character_no_face_has_is_reported_and_strict_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("a.txt");
    std::fs::write(&story, "缺字的报道\n本报记者 李明\n\n生僻字𰀀在这里。\n").unwrap();
    let empty = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let args = |strict: bool| {
        let mut a = vec![
            "build".to_string(),
            path(&story).into(),
            "--out".into(),
            path(&out).into(),
            "--font-path".into(),
            path(empty.path()).into(),
            "--no-system-fonts".into(),
        ];
        if strict {
            a.push("--strict".into());
        }
        a
    };
    let built = huozi_ok(args(false));
    let stderr = String::from_utf8_lossy(&built.stderr);
    let place = format!("{}:4:4 U+30000", story.display());
    assert!(stderr.contains(&place), "{place} not in: {stderr}");
    // the book is written, with 〓 drawn for the character and the character behind it
    let glyphs = pdf_glyphs(&out.join("book.pdf"));
    assert!(glyphs.iter().all(|g| g.1 != 0));
    assert!(glyphs.iter().any(|g| g.2 == "𰀀"), "the text keeps 𰀀");

    std::fs::remove_dir_all(&out).unwrap();
    let strict = huozi(args(true));
    assert!(!strict.status.success());
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(stderr.contains(&place), "{stderr}");
    assert!(!out.join("book.pdf").exists() && !out.join("book.epub").exists());
}

#[test]
fn huozi_fonts_lists_the_faces_and_check_counts_a_books_characters() {
    let listed = huozi_ok([
        "fonts",
        "--font-path",
        "tests/fixtures/fonts/ttc",
        "--no-system-fonts",
    ]);
    // the test faces hold the story's characters: 53 of them are in 通用规范汉字表
    let expected = "family\tstyle\tfile\t通用规范汉字表\n\
         Noto Serif CJK SC\tRegular\tembedded\t8105/8105\n\
         Noto Serif CJK SC\tBold\tembedded\t8105/8105\n\
         Noto Sans CJK SC\tBold\tembedded\t8105/8105\n\
         Huozi Test Sans\tRegular\ttests/fixtures/fonts/ttc/HuoziTestSans.ttc\t53/8105\n\
         Huozi Test Sans\tBold\ttests/fixtures/fonts/ttc/HuoziTestSans.ttc#1\t53/8105\n";
    assert_eq!(String::from_utf8_lossy(&listed.stdout), expected);

    let checked = huozi_ok(["check", STORY, "--font-path", SANS, "--no-system-fonts"]);
    // the story, its title page and colophon: 110 characters, 107 in the serif (the text, with the title
    // page and colophon — which shows no date nor identifier for a book without book.toml), 12 in the sans
    // (the headline and the note's label; a one-story book has no contents page), 𠮷 in the fallback face
    let expected = "110 distinct characters\n\
         \x20  107  Noto Serif CJK SC Regular (embedded)\n\
         \x20   12  Noto Sans CJK SC Bold (embedded)\n\
         \x20    1  Huozi Test Sans Regular (tests/fixtures/fonts/sans/HuoziTestSans-Regular.otf)\n\
         every character has a face\n";
    assert_eq!(String::from_utf8_lossy(&checked.stdout), expected);

    let content = huozi_ok(["check", "content", "--no-system-fonts"]);
    let report = String::from_utf8_lossy(&content.stdout);
    assert!(report.ends_with("every character has a face\n"), "{report}");
    assert!(
        report.contains("Noto Serif CJK SC Regular (embedded)"),
        "{report}"
    );
}

/// The default style with `[roles.note]` set in `keys` (replacing its face and weight).
fn note_style(dir: &Path, keys: &str) -> PathBuf {
    let default = std::fs::read_to_string(repo("styles/default.toml")).unwrap();
    let start = default.find("[roles.note]").unwrap();
    let end = start + default[start..].find("size-pt").unwrap();
    let style = format!(
        "{}[roles.note]\n{keys}\n{}",
        &default[..start],
        &default[end..]
    );
    let file = dir.join("style.toml");
    std::fs::write(&file, style).unwrap();
    file
}

/// The faces (font file names) the layout JSON gives the runs of `role`, with the text set in each.
fn role_fonts(layout: &Path, role: &str) -> BTreeMap<String, String> {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(layout).unwrap()).unwrap();
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for page in json["pages"].as_array().unwrap() {
        for line in page["lines"].as_array().unwrap() {
            for run in line["runs"].as_array().unwrap() {
                if run["role"] == role {
                    let font = run["font"].as_str().unwrap().to_string();
                    out.entry(font)
                        .or_default()
                        .push_str(run["text"].as_str().unwrap());
                }
            }
        }
    }
    out
}

#[test]
fn a_role_set_in_a_face_named_by_family_or_file_changes_both_editions() {
    let dir = tempfile::tempdir().unwrap();
    let style = note_style(
        dir.path(),
        "face = \"sans\"\nweight = \"regular\"\nfamily = \"Huozi Test Sans\"",
    );
    let layout = dir.path().join("layout.json");
    let out = dir.path().join("out");
    build(
        STORY,
        &out,
        &[
            "--font-path",
            SANS,
            "--style",
            path(&style),
            "--layout-json",
            path(&layout),
        ],
    );
    // print: the note's runs are set in the named face; the body in the embedded serif, but for 𠮷,
    // which it lacks and the font path's face has
    let note = role_fonts(&layout, "note");
    assert_eq!(
        note.keys().collect::<Vec<_>>(),
        ["HuoziTestSans-Regular.otf"]
    );
    assert!(note["HuoziTestSans-Regular.otf"].contains("这是一篇关于老字号的报道"));
    let body = role_fonts(&layout, "body");
    assert_eq!(body["HuoziTestSans-Regular.otf"], "𠮷");
    assert!(body["NotoSerifCJKsc-Regular.otf"].contains("李堃、张彧、陈赟"));
    // the EPUB: the face embedded and first in the note's stack, loaded by Chromium for the note
    let epub = std::fs::read(out.join("book.epub")).unwrap();
    let unpacked = tempfile::tempdir().unwrap();
    unpack(&epub, unpacked.path());
    let oebps = unpacked.path().join("OEBPS");
    let css = std::fs::read_to_string(oebps.join("stylesheet.css")).unwrap();
    let note = &css[css.find("\n.note {").expect("a .note rule")..];
    let note = &note[..note.find('}').unwrap()];
    assert!(
        note.contains("font-family: \"Huozi Test Sans\", "),
        "{note}"
    );
    let probe = r#"
  var note = document.querySelector('.note');
  report(getComputedStyle(note).fontFamily + '|' +
    document.fonts.check('16px "Huozi Test Sans"', note.textContent));
"#;
    let story = std::fs::read_to_string(oebps.join("story-001.xhtml")).unwrap();
    let report = probe_story(&oebps, &story, ("note", probe), &[]);
    assert!(
        report.starts_with("\"Huozi Test Sans\"") && report.ends_with("|true"),
        "{report}"
    );

    // by file: face 1 of a collection (the bold)
    let style = note_style(
        dir.path(),
        "face = \"sans\"\nweight = \"bold\"\nfont-file = \"HuoziTestSans.ttc\"\nfont-index = 1",
    );
    let ttc_style = dir.path().join("ttc-style.toml");
    std::fs::copy(&style, &ttc_style).unwrap();
    std::fs::copy(
        repo("tests/fixtures/fonts/ttc/HuoziTestSans.ttc"),
        dir.path().join("HuoziTestSans.ttc"),
    )
    .unwrap();
    let out = dir.path().join("out-ttc");
    build(
        STORY,
        &out,
        &["--style", path(&ttc_style), "--layout-json", path(&layout)],
    );
    assert_eq!(
        role_fonts(&layout, "note").keys().collect::<Vec<_>>(),
        ["HuoziTestSans.ttc"]
    );

    // a family that cannot be found is an error naming the role and the family
    let style = note_style(
        dir.path(),
        "face = \"serif\"\nweight = \"regular\"\nfamily = \"No Such Kai\"",
    );
    let failed = huozi([
        "build",
        STORY,
        "--out",
        path(&dir.path().join("none")),
        "--no-system-fonts",
        "--style",
        path(&style),
    ]);
    assert!(!failed.status.success());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("roles.note") && stderr.contains("No Such Kai"),
        "{stderr}"
    );
}

#[test]
fn a_traditional_chinese_book_prefers_a_tc_face() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    std::fs::create_dir(&book).unwrap();
    std::fs::copy(repo("tests/fixtures/fonts/tc/a.txt"), book.join("a.txt")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        "title = \"臺灣新聞\"\nlanguage = \"zh-TW\"\ndate = \"2024-01-02\"\n\
         identifier = \"urn:uuid:6f1c2b9e-8d3a-4c5b-9e7f-1a2b3c4d5e6f\"\n",
    )
    .unwrap();
    let layout = dir.path().join("layout.json");
    build(
        path(&book),
        &dir.path().join("out"),
        &[
            "--font-path",
            "tests/fixtures/fonts/tc",
            "--layout-json",
            path(&layout),
        ],
    );
    assert_eq!(
        role_fonts(&layout, "body").keys().collect::<Vec<_>>(),
        ["NotoSerifCJKtc-Regular.otf"]
    );
}

/// Measures, once the fonts are ready, the width of the first occurrence of each of `——` and `。”“` in
/// the story as one range (Range.getBoundingClientRect) over the font size of its element, in ems, as
/// `text=width` lines ([`probe_story`]).
const WIDTH_PROBE: &str = r#"
  var out = [];
  ['\u2014\u2014', '\u3002\u201D\u201C'].forEach(function (needle) {
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    var node, found = false;
    while (!found && (node = walker.nextNode())) {
      var at = node.data.indexOf(needle);
      if (at < 0) continue;
      var width = box(node, at, at + needle.length).width / em(node.parentNode);
      out.push(needle + '=' + width.toFixed(4));
      found = true;
    }
  });
  report(out.join('\n'));
"#;

#[test]
fn epub_fonts_keep_their_layout_features_and_chromium_sets_dashes_and_compresses_marks() {
    let dir = tempfile::tempdir().unwrap();
    build(STORY, dir.path(), &["--font-path", SANS]);
    let epub_path = dir.path().join("book.epub");
    assert_epubcheck_clean(&epub_path);
    let epub = std::fs::read(&epub_path).unwrap();
    let unpacked = tempfile::tempdir().unwrap();
    unpack(&epub, unpacked.path());
    let oebps = unpacked.path().join("OEBPS");

    // GSUB and GPOS with the features huozi keeps (those the source face has for the text: Noto CJK
    // 2.00x has no chws, and its ccmp has no lookup for these characters, so HarfBuzz drops both)
    let cmaps = epub_cmaps(&oebps);
    let body = &cmaps["NotoSerifCJKsc-Regular.otf"];
    let face = ttf_parser::Face::parse(body, 0).unwrap();
    let features =
        |table: Option<ttf_parser::opentype_layout::LayoutTable<'_>>| -> BTreeSet<String> {
            table
                .expect("a layout table")
                .features
                .into_iter()
                .map(|f| String::from_utf8_lossy(&f.tag.to_bytes()).into_owned())
                .collect()
        };
    let gsub = features(face.tables().gsub);
    let gpos = features(face.tables().gpos);
    for f in ["locl", "vert", "fwid"] {
        assert!(gsub.contains(f), "GSUB lacks {f}: {gsub:?}");
    }
    for f in ["halt", "vhal", "kern", "palt"] {
        assert!(gpos.contains(f), "GPOS lacks {f}: {gpos:?}");
    }
    let total: usize = cmaps.values().map(Vec::len).sum();
    assert!(total < 400_000, "{total} bytes of fonts");

    // Chromium: `——` one 2-em rule, `。”“` compressed to at most 2 em
    let story = std::fs::read_to_string(oebps.join("story-001.xhtml")).unwrap();
    let report = probe_story(
        &oebps,
        &story,
        ("widths", WIDTH_PROBE),
        &["--window-size=390,844"],
    );
    let widths: BTreeMap<&str, f64> = report
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k, v.parse().unwrap()))
        .collect();
    let dash = widths["——"];
    assert!((dash - 2.0).abs() <= 0.04, "—— is {dash} em");
    let marks = widths["。”“"];
    // Blink lays out in 1/64 px: at 16 px a range box measures 2.000977 em (32 px + 1/64) for 2 em
    assert!(marks <= 2.002, "。”“ is {marks} em");
}
