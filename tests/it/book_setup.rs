//! Books, styles and front matter as a new user meets them (issue 16): `huozi new` makes a book that builds
//! to a clean EPUB; a three-line style (`extends = "default"`, `paper = "B5"`, an 11 pt body) fills its
//! pages; `huozi style --print-default` is `styles/default.toml`; front matter whose dateline and byline
//! the body repeats gives them once, in both editions; a single story file takes the `book.toml` beside
//! it; YAML front matter reads as TOML does; `huozi parse -` reads standard input.

use crate::common;

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use crate::common::epub::{entries, entry_text, xml_text};

/// `huozi new DIR` makes a folder that `huozi build DIR` turns into an EPUB EPUBCheck passes (0 fatals,
/// 0 errors, 0 warnings) and a PDF; a second `new` into it is refused and changes nothing.
#[test]
fn a_new_book_builds_to_a_clean_epub() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mybook");
    let made = common::huozi_ok(["new", common::path(&dir)]);
    let said = String::from_utf8_lossy(&made.stderr);
    for file in ["book.toml", "style.toml", "01-夜读.md", "02-冬泳.txt"] {
        assert!(dir.join(file).is_file(), "no {file}: {said}");
    }
    let story = std::fs::read_to_string(dir.join("01-夜读.md")).unwrap();
    for field in [
        "column =",
        "kicker =",
        "subheadline =",
        "dateline =",
        "byline =",
    ] {
        assert!(story.contains(field), "the Markdown story lacks {field}");
    }
    let style = std::fs::read_to_string(dir.join("style.toml")).unwrap();
    assert!(style.contains("extends = \"default\""), "{style}");

    let out = dir.join("out");
    let built = common::huozi_ok(["build", common::path(&dir), "--out", common::path(&out)]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(!stderr.contains("warning"), "{stderr}");
    common::assert_epubcheck_clean(&out.join("book.epub"));
    assert!(common::pdf_pages(&out.join("book.pdf")) >= 4);
    // the style's two keys took: a 20 pt headline
    let layout = dir.join("layout.json");
    common::huozi_ok([
        "build",
        common::path(&dir),
        "--out",
        common::path(&out),
        "--layout-json",
        common::path(&layout),
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&layout).unwrap()).unwrap();
    let headline = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["lines"].as_array().unwrap())
        .find(|l| l["role"] == "headline")
        .expect("a headline line");
    assert_eq!(headline["size"].as_f64(), Some(20.0));

    let before = std::fs::read(dir.join("book.toml")).unwrap();
    let again = common::huozi(["new", common::path(&dir)]);
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("not empty") && err.contains("mybook"), "{err}");
    assert_eq!(std::fs::read(dir.join("book.toml")).unwrap(), before);
}

/// `huozi style --print-default` prints `styles/default.toml` byte for byte.
#[test]
fn the_default_style_prints_byte_for_byte() {
    let out = common::huozi_ok(["style", "--print-default"]);
    assert_eq!(
        out.stdout,
        std::fs::read(common::repo("styles/default.toml")).unwrap()
    );
}

/// The pages of the layout JSON that run on to the next page of the same story ("full pages"), each with
/// its lowest text baseline (running heads and folios left out).
fn full_pages(json: &serde_json::Value) -> Vec<(u64, f64)> {
    let pages = json["pages"].as_array().unwrap();
    let text = |page: &serde_json::Value| -> Vec<(i64, f64)> {
        page["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["role"] != "running-head" && l["role"] != "folio")
            .filter_map(|l| Some((l["story"].as_i64()?, l["baseline"].as_f64()?)))
            .collect()
    };
    pages
        .windows(2)
        .filter_map(|w| {
            let (this, next) = (text(&w[0]), text(&w[1]));
            let (story, _) = *this.last()?;
            let runs_on = next.first().is_some_and(|(s, _)| *s == story);
            let lowest = this.iter().map(|(_, b)| *b).fold(f64::MIN, f64::max);
            runs_on.then(|| (w[0]["folio"].as_u64().unwrap(), lowest))
        })
        .collect()
}

/// Acceptance 2: a style of three lines builds a B5 book (176 × 250 mm) whose full pages end on the frame's
/// last grid row, with no room for another row above the 18 mm foot margin: the line count follows the page
/// (33 lines of 11 pt at 1.6667 em) instead of the default's 28, which left a 53 mm foot.
#[test]
fn a_three_line_b5_style_fills_its_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let style = tmp.path().join("b5.toml");
    std::fs::write(
        &style,
        "extends = \"default\"\npaper = \"B5\"\nbody.size-pt = 11\n",
    )
    .unwrap();
    let layout = tmp.path().join("layout.json");
    common::huozi_ok([
        "build",
        "content",
        "--style",
        common::path(&style),
        "--out",
        common::path(&tmp.path().join("out")),
        "--layout-json",
        common::path(&layout),
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&layout).unwrap()).unwrap();
    let mm = 72.0 / 25.4;
    let page = &json["pages"][0];
    assert!((page["trim"]["width"].as_f64().unwrap() - 176.0 * mm).abs() < 0.01);
    assert!((page["trim"]["height"].as_f64().unwrap() - 250.0 * mm).abs() < 0.01);
    assert_eq!(json["em"].as_f64(), Some(11.0));
    let pitch = json["pitch"].as_f64().unwrap();
    let rows = json["lines_per_page"].as_u64().unwrap();
    assert_eq!(rows, 33);
    let frame = &json["frame"];
    let frame_bottom = frame["top"].as_f64().unwrap() + frame["height"].as_f64().unwrap();
    let trim_bottom =
        page["trim"]["y"].as_f64().unwrap() + page["trim"]["height"].as_f64().unwrap();
    let foot = trim_bottom - frame_bottom;
    assert!(
        foot >= 18.0 * mm && foot < 18.0 * mm + pitch,
        "the foot below the frame is {:.1} mm: room for another row",
        foot / mm
    );
    let full = full_pages(&json);
    assert!(full.len() >= 2, "too few full pages to check: {full:?}");
    // the last row's baseline: the frame's bottom less the em box's depth below the baseline
    let last_row = frame_bottom - 11.0 * 0.12;
    for (folio, lowest) in &full {
        assert!(
            (lowest - last_row).abs() < pitch / 2.0,
            "page {folio}: its lowest line (baseline {lowest:.1}) is not on the last row \
             (baseline ≈ {last_row:.1}): an empty grid row at the foot"
        );
    }
}

/// A book folder of one Markdown file with `book.toml` beside it.
fn dateline_book(dir: &Path) -> std::path::PathBuf {
    std::fs::write(
        dir.join("book.toml"),
        "title = \"夜读\"\ndate = \"2022-12-05\"\nidentifier = \"urn:uuid:9b0e2a52-7f9e-4c1e-9f43-3d1b1c0c4f11\"\n",
    )
    .unwrap();
    let story = dir.join("01.md");
    std::fs::write(
        &story,
        "+++\ndateline = \"本报讯\"\nbyline = \"□本报记者 林小雨\"\n+++\n\n# 城市夜读点亮街巷\n\n\
         本报讯（记者 林小雨）这个冬天，市图书馆在十个街道开设了夜读点。\n\n第二段正文。\n\n\
         ---\nbyline: □本报记者 林小雨\n---\n\n# 江边冬泳人\n\n清晨七点，江边的冬泳爱好者已经到了。\n",
    )
    .unwrap();
    story
}

/// `text` with every run of whitespace or ideographic spaces between two characters as one U+3000, as the
/// run-in sets the byline's space.
fn spaced(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in text.chars() {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push('\u{3000}');
        }
        gap = false;
        out.push(c);
    }
    out
}

/// Acceptance 6: front matter `dateline = "本报讯"` and `byline = "□本报记者 林小雨"` over a body that opens
/// `本报讯（记者 林小雨）` give `本报讯（记者　林小雨）` exactly once in the EPUB's XHTML and the PDF's text,
/// with a warning naming file:line; a front matter byline standing in the heading block (the second story,
/// YAML front matter) is `本报记者　林小雨`, without `□`. The single story file is built on its own and
/// takes the `book.toml` beside it (its date, not 1970-01-01).
#[test]
fn a_repeated_dateline_and_byline_are_set_once_without_the_ornament() {
    let tmp = tempfile::tempdir().unwrap();
    let story = dateline_book(tmp.path());
    let out = tmp.path().join("out");
    let built = common::huozi_ok(["build", common::path(&story), "--out", common::path(&out)]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:8: the body repeats the front matter's dateline `本报讯（记者 林小雨）`",
            story.display()
        )),
        "{stderr}"
    );
    let epub = std::fs::read(out.join("book.epub")).unwrap();
    let mut stories = String::new();
    for (name, _, bytes) in entries(&epub) {
        if name.contains("story") && name.ends_with(".xhtml") {
            let xhtml = String::from_utf8(bytes).unwrap();
            assert!(!xhtml.contains('□'), "{name}: {xhtml}");
            stories.push_str(&xhtml);
        }
    }
    let gap = "<span class=\"ideographic-space\"> </span>";
    let text = xml_text(&stories.replace(gap, "\u{3000}"));
    assert_eq!(text.matches("本报讯").count(), 1, "{text}");
    assert_eq!(
        text.matches("本报讯（记者\u{3000}林小雨）").count(),
        1,
        "{text}"
    );
    let header = stories
        .split("<header>")
        .nth(2)
        .and_then(|h| h.split("</header>").next())
        .expect("the second story's header");
    assert!(
        header.contains(
            "<p class=\"byline\"><span class=\"phrase\">本报记者</span><span class=\"phrase-space\"><span> </span></span><span class=\"phrase\">林小雨</span></p>"
        ),
        "{header}"
    );
    let opf = entry_text(&epub, "OEBPS/content.opf");
    assert!(opf.contains(">2022-12-05<"), "{opf}");

    let (ok, pdf_text) = common::run(
        "pdftotext",
        &["-raw", common::path(&out.join("book.pdf")), "-"],
    );
    assert!(ok, "{pdf_text}");
    let pdf_text = spaced(&pdf_text);
    assert!(!pdf_text.contains('□'), "{pdf_text}");
    assert_eq!(pdf_text.matches("本报讯").count(), 1, "{pdf_text}");
    assert_eq!(
        pdf_text
            .matches("本报讯（记者\u{3000}林小雨）这个冬天")
            .count(),
        1,
        "{pdf_text}"
    );
    assert!(pdf_text.contains("本报记者\u{3000}林小雨"), "{pdf_text}");
    assert!(!pdf_text.contains("1970"), "{pdf_text}");
}

/// `huozi parse -` reads a story from standard input: Markdown when it opens with front matter, plain
/// text otherwise; warnings name `-`.
#[test]
fn parse_reads_standard_input() {
    let parse = |input: &str| {
        let mut cmd = common::huozi_command();
        cmd.args(["parse", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{out:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (json, String::from_utf8(out.stderr).unwrap())
    };
    let (json, stderr) =
        parse("---\ndateline: 本报讯\n---\n\n# 标题\n\n本报讯（记者 林小雨）正文。\n");
    let story = &json["stories"][0];
    assert_eq!(story["headline"], "标题");
    assert_eq!(story["byline"], "记者 林小雨");
    assert!(stderr.contains("-:7: the body repeats"), "{stderr}");
    let (json, _) = parse("江边冬泳人\n□本报记者 林小雨\n清晨七点，江边的冬泳爱好者已经到了。\n");
    let story = &json["stories"][0];
    assert_eq!(story["headline"], "江边冬泳人");
    assert_eq!(story["byline"], "本报记者 林小雨");
}

/// A bad value in a composed style is reported in the file that gave it, with its line: `book.toml`'s
/// `[style]`, the style it extends, or a style that one extends in turn; `--style`'s file as well, for a
/// value that cannot make a page; a check about several keys blames the file that gave one; a style
/// `book.toml` names that cannot be read is `book.toml`'s line; exit 4, nothing written.
#[test]
fn a_bad_style_value_names_the_file_and_line_that_gave_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::copy(common::repo(common::SAMPLE), dir.join("a.txt")).unwrap();
    let meta = "title = \"书\"\ndate = \"2022-12-05\"\nidentifier = \"urn:isbn:9787111547426\"\n";
    let style = "[style]\nextends = \"s.toml\"\n";
    std::fs::write(
        dir.join("s.toml"),
        "extends = \"base.toml\"\npaper = \"B5\"\n",
    )
    .unwrap();
    let base = "extends = \"default\"\n\n[roles.headline]\nsize-pt = \"big\"\n";
    std::fs::write(dir.join("base.toml"), base).unwrap();
    std::fs::write(
        dir.join("wide.toml"),
        "extends = \"default\"\n\n[body]\nlines-per-page = 2\n",
    )
    .unwrap();
    let out = dir.join("out");
    let failed = |args: &[&str]| {
        let mut all = vec!["build", common::path(dir), "--out", common::path(&out)];
        all.extend(args);
        let run = common::huozi(all);
        assert_eq!(run.status.code(), Some(4));
        assert!(!out.exists());
        String::from_utf8_lossy(&run.stderr).into_owned()
    };
    // the build's error holds `told`
    let tells = |args: &[&str], told: &str| {
        let err = failed(args);
        assert!(err.contains(told), "{err}");
    };
    let at = |file: &Path, line: usize| format!("{}:{line}: ", file.display());
    let book = dir.join("book.toml");
    std::fs::write(&book, format!("{meta}{style}body.indent-em = \"two\"\n")).unwrap();
    let two = "[style]: body.indent-em: invalid type: string \"two\", expected a number";
    tells(&[], &format!("{}{two}", at(&book, 6)));
    std::fs::write(&book, format!("{meta}{style}")).unwrap();
    let big = "roles.headline.size-pt: invalid type: string \"big\"";
    tells(&[], &format!("{}{big}", at(&dir.join("base.toml"), 4)));
    let wide = dir.join("wide.toml");
    let few = "body.lines-per-page must be at least 4";
    tells(
        &["--style", common::path(&wide)],
        &format!("{}{few}", at(&wide, 4)),
    );
    // a check about several keys: the file that gave one of them, not the one that extends it
    let tall = dir.join("tall.toml");
    std::fs::write(
        &tall,
        "extends = \"default\"\n[body]\nlines-per-page = 40\n",
    )
    .unwrap();
    std::fs::write(&book, format!("{meta}[style]\nextends = \"tall.toml\"\n")).unwrap();
    tells(
        &[],
        &format!("{}body.lines-per-page: 40 lines", at(&tall, 3)),
    );
    // a misspelt `extends`, and a style book.toml names that is not there: book.toml and its line
    std::fs::write(&book, format!("{meta}[style]\nextend = \"tall.toml\"\n")).unwrap();
    let err = failed(&[]);
    assert!(
        err.contains(":5: [style]: extend: unknown field `extend`")
            && err.contains("(did you mean `extends`?)"),
        "{err}"
    );
    std::fs::write(&book, format!("{meta}[style]\nextends = \"none.toml\"\n")).unwrap();
    let err = failed(&[]);
    assert!(
        err.contains(&format!("{}style.extends: ", at(&book, 5)))
            && err.contains("none.toml cannot be read"),
        "{err}"
    );
}

/// The trim (mm, rounded) and the body size of the book at `dir` built with `args` added.
fn trim_and_em(dir: &Path, args: &[&str]) -> ((i64, i64), f64) {
    let layout = dir.join("layout.json");
    let out = dir.join("out");
    let mut all = vec!["build", common::path(dir), "--out", common::path(&out)];
    all.extend(["--layout-json", common::path(&layout)]);
    all.extend(args);
    common::huozi_ok(all);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&layout).unwrap()).unwrap();
    let mm = |v: &serde_json::Value| (v.as_f64().unwrap() * 25.4 / 72.0).round() as i64;
    let trim = &json["pages"][0]["trim"];
    (
        (mm(&trim["width"]), mm(&trim["height"])),
        json["em"].as_f64().unwrap(),
    )
}

/// `book.toml` names the book's style (`style = "s.toml"`, here 32开: 130 × 184 mm) or gives keys over
/// it in a `[style]` table (whose `extends` names the file); `--style` takes the place of the named file
/// and the `[style]` keys still go over it; a bad `[style]` key is an error naming `book.toml` and the key.
#[test]
fn book_toml_names_a_style_and_keys_over_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::copy(common::repo(common::SAMPLE), dir.join("a.txt")).unwrap();
    std::fs::write(
        dir.join("s.toml"),
        "extends = \"default\"\npaper = \"32开\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("a4.toml"),
        "extends = \"default\"\npaper = \"A4\"\n",
    )
    .unwrap();
    let meta = "title = \"书\"\ndate = \"2022-12-05\"\nidentifier = \"urn:isbn:9787111547426\"\n";
    std::fs::write(dir.join("book.toml"), format!("{meta}style = \"s.toml\"\n")).unwrap();
    assert_eq!(trim_and_em(dir, &[]), ((130, 184), 10.5));
    std::fs::write(
        dir.join("book.toml"),
        format!("{meta}[style]\nextends = \"s.toml\"\nbody.size-pt = 10\n"),
    )
    .unwrap();
    assert_eq!(trim_and_em(dir, &[]), ((130, 184), 10.0));
    let a4 = dir.join("a4.toml");
    assert_eq!(
        trim_and_em(dir, &["--style", common::path(&a4)]),
        ((210, 297), 10.0)
    );
    std::fs::write(
        dir.join("book.toml"),
        format!("{meta}[style]\nroles.headline.sizept = 20\n"),
    )
    .unwrap();
    let out = common::huozi(["check", common::path(dir)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("book.toml:5: [style]: roles.headline.sizept: unknown field `sizept`"),
        "{err}"
    );
    assert!(err.contains("(did you mean `size-pt`?)"), "{err}");
    // a misspelt metadata key: the nearest key, the alias of another not offered beside it
    std::fs::write(
        dir.join("book.toml"),
        format!("{meta}print-sorce = \"urn:isbn:9787111547426\"\n"),
    )
    .unwrap();
    let out = common::huozi(["check", common::path(dir)]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown field `print-sorce`")
            && err.contains("(did you mean `print-source`?)"),
        "{err}"
    );
}
