//! huozi under hostile and broken input (issue 10): one test per fault found, each with its reduced input,
//! asserting a correct book, or a non-zero exit with a message naming the file (and line) and no file in
//! `--out`. The line-breaker cases are in `tests/it/hostile_typeset.rs`, the output set (kill -9, concurrent
//! builds) in `tests/it/output_set.rs`.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{
    TOOL_DEADLINE, assert_epubcheck_clean, epub, huozi_command, path, run, run_until,
};

const BOOK_TOML: &str = "title = \"书\"\ndate = \"2022-12-05\"\nidentifier = \"urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf\"\n";
const STORY: &str =
    "标题\n\n本报讯 在外卖存放点设置泡沫保温箱，确保居民购买的食品和蔬菜不被冻坏。\n";

/// A book folder holding `files` (name, bytes); folders in names are made.
fn book(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

/// Runs `huozi build <input> --out <out> <extra…>`.
fn build(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut cmd = huozi_command();
    cmd.args(["build", path(input), "--out", path(out)])
        .args(extra);
    run_until(cmd, TOOL_DEADLINE)
}

/// Files in `out` (none when it does not exist).
fn files_in(out: &Path) -> Vec<String> {
    match std::fs::read_dir(out) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Builds `input` into a fresh `out` expecting failure: non-zero exit, no file in `out`; returns stderr.
fn fails(input: &Path, extra: &[&str]) -> String {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    let o = build(input, &out, extra);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!o.status.success(), "expected a failure:\n{err}");
    assert!(
        !err.contains("panicked") && !err.contains("overflow"),
        "a crash, not an error:\n{err}"
    );
    assert!(err.starts_with("huozi: error: "), "{err}");
    assert_eq!(files_in(&out), Vec::<String>::new(), "files left in --out");
    err
}

/// Builds `input` into `out` expecting success; returns stderr.
fn builds(input: &Path, out: &Path, extra: &[&str]) -> String {
    let o = build(input, out, extra);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "build failed:\n{err}");
    err
}

/// `huozi parse <input> --to json` as JSON, with stderr.
fn parse_json(input: &Path, extra: &[&str]) -> (serde_json::Value, String) {
    let mut cmd = huozi_command();
    cmd.args(["parse", path(input), "--to", "json"]).args(extra);
    let o = run_until(cmd, TOOL_DEADLINE);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "parse failed:\n{err}");
    (serde_json::from_slice(&o.stdout).unwrap(), err)
}

/// A PNG `width` × `height` that declares its size but holds a single zlib block of zero rows (valid
/// header, far too little data).
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in bytes {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A small whole PNG (through the common helper).
fn png(dir: &Path, name: &str) -> Vec<u8> {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    epub::write_png(&p, 40, 30)
}

// 2. Markdown nested 80,000 deep: a clean error naming the file and line, not a stack overflow.
#[test]
fn deep_markdown_nesting_is_an_error_naming_the_line() {
    let stars = "*".repeat(80_000);
    for text in [
        format!("# 标题\n\n{stars}字{stars}\n"),
        format!("# 标题\n\n{}字\n", "<em>".repeat(100_000)),
    ] {
        let dir = book(&[("a.md", text.as_bytes())]);
        let err = fails(dir.path(), &[]);
        assert!(
            err.contains("a.md:3: Markdown nested more than 64 deep"),
            "{err}"
        );
    }
}

// 3. Mojibake: a UTF-16 BOM before UTF-8 bytes fails; Big5, Shift_JIS and EUC-KR read right, reported.
#[test]
fn a_byte_order_mark_before_garbage_fails_suggesting_encoding() {
    let mut bytes = vec![0xFF, 0xFE, 0xFD, 0x20];
    bytes.extend_from_slice("这是一段中文新闻的正文，记者在现场采访了几位居民。\n".as_bytes());
    let dir = book(&[("a.txt", &bytes)]);
    let err = fails(dir.path(), &[]);
    assert!(
        err.contains("a.txt: not valid text") && err.contains("--encoding"),
        "{err}"
    );
}

#[test]
fn big5_shift_jis_and_euc_kr_stories_are_read_right_and_reported() {
    let cases = [
        (
            "本報訊",
            "本報訊（記者 梁可心）在外賣存放點設置泡沫保溫箱，確保居民購買的食品和蔬菜不被凍壞；協調購買一批熱帖和暖手寶，分發給核酸檢測工作人員。",
            encoding_rs::BIG5,
            "Big5",
        ),
        (
            "東京新聞",
            "東京都は十二日、新型コロナウイルスの感染者が新たに確認されたと発表した。都内の感染者は累計で増え続けている。",
            encoding_rs::SHIFT_JIS,
            "Shift_JIS",
        ),
        (
            "서울신문",
            "서울시는 12일 신종 코로나바이러스 감염증 확진자가 새로 확인됐다고 밝혔다. 시내 누적 확진자는 계속 늘고 있다.",
            encoding_rs::EUC_KR,
            "EUC-KR",
        ),
    ];
    for (headline, body, encoding, name) in cases {
        let text = format!("{headline}\n\n{body}\n");
        let (bytes, _, unmappable) = encoding.encode(&text);
        assert!(!unmappable);
        let dir = book(&[("a.txt", &bytes)]);
        let (json, err) = parse_json(dir.path(), &[]);
        assert_eq!(json["stories"][0]["headline"], headline, "{name}");
        let text = json["stories"][0]["blocks"][0]["inlines"][0]["text"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let start: String = body.chars().take(12).collect();
        assert!(text.starts_with(&start), "{name}: {text}");
        assert!(
            err.contains(&format!("a.txt: read as {name} (detected)")),
            "{name}: {err}"
        );
    }
}

// 20. The encoding chosen is reported: always with --verbose, and when it was a guess.
#[test]
fn the_encoding_chosen_is_reported() {
    let (gb, _, _) = encoding_rs::GB18030.encode(STORY);
    let dir = book(&[("a.txt", &gb), ("b.txt", STORY.as_bytes())]);
    let (_, err) = parse_json(dir.path(), &["--verbose"]);
    assert!(err.contains("a.txt: read as gb18030 (detected)"), "{err}");
    assert!(err.contains("b.txt: read as UTF-8 (valid UTF-8)"), "{err}");
    let (_, err) = parse_json(dir.path(), &[]);
    assert!(
        err.contains("note: ") && err.contains("a.txt: read as gb18030"),
        "{err}"
    );
}

// 5. Files outside the book folder are refused by default.
#[test]
fn files_outside_the_book_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    let png_bytes = png(outside.path(), "x.png");
    let listed = format!("{BOOK_TOML}files = [\"/etc/passwd\"]\n");
    let dir = book(&[
        ("book.toml", listed.as_bytes()),
        ("a.txt", STORY.as_bytes()),
    ]);
    let err = fails(dir.path(), &[]);
    assert!(
        err.contains("/etc/passwd is outside the book folder"),
        "{err}"
    );

    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("x.png"), &png_bytes).unwrap();
    let inner = root.path().join("a/b");
    std::fs::create_dir_all(&inner).unwrap();
    std::fs::write(inner.join("a.txt"), STORY).unwrap();
    let toml = format!("{BOOK_TOML}cover = \"../../x.png\"\n");
    std::fs::write(inner.join("book.toml"), toml).unwrap();
    let err = fails(&inner, &[]);
    assert!(
        err.contains("book.toml")
            && err.contains("cover")
            && err.contains("outside the book folder"),
        "{err}"
    );

    // a symlinked story and a Markdown image reaching out: both reported at once
    let dir = book(&[("a.txt", STORY.as_bytes())]);
    std::os::unix::fs::symlink(outside.path().join("x.png"), dir.path().join("img.png")).unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, STORY).unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join("b.txt")).unwrap();
    std::fs::write(
        dir.path().join("c.md"),
        format!(
            "# 图\n\n![a](img.png)\n\n![b]({})\n",
            outside.path().join("x.png").display()
        ),
    )
    .unwrap();
    let err = fails(dir.path(), &[]);
    assert!(
        err.contains("story file") && err.contains("b.txt is outside"),
        "{err}"
    );
    // the flag allows them
    let out = tempfile::tempdir().unwrap();
    builds(
        dir.path(),
        &out.path().join("out"),
        &["--allow-outside-paths"],
    );
}

#[test]
fn every_bad_image_path_is_reported_before_failing_once() {
    let dir = book(&[(
        "a.md",
        "# 图\n\n![a](a.png)\n\n正文。\n\n![b](b.png)\n\n![c](../c.png)\n".as_bytes(),
    )]);
    let err = fails(dir.path(), &[]);
    assert!(err.contains("3 problems"), "{err}");
    for line in ["a.md:3:", "a.md:7:", "a.md:9:"] {
        assert!(err.contains(line), "{line}: {err}");
    }
}

// 6. Outputs may not overwrite inputs, nor each other.
#[test]
fn outputs_may_not_be_inputs() {
    let dir = book(&[("a.txt", STORY.as_bytes())]);
    let story = dir.path().join("a.txt");
    let err = fails(dir.path(), &["--layout-json", path(&story)]);
    assert!(
        err.contains("may not be one of the build's inputs"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&story).unwrap(), STORY);
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    let o = build(
        dir.path(),
        &out,
        &["--layout-json", path(&out.join("book.pdf"))],
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("two outputs are one file"), "{err}");
    assert_eq!(files_in(&out), Vec::<String>::new());
}

// 8. Nothing invalid leaves with exit 0.
#[test]
fn empty_titles_headlines_and_bad_languages_are_refused() {
    let empty_title = BOOK_TOML.replace("title = \"书\"", "title = \" \"");
    let dir = book(&[
        ("book.toml", empty_title.as_bytes()),
        ("a.txt", STORY.as_bytes()),
    ]);
    let err = fails(dir.path(), &[]);
    assert!(err.contains("book.toml: title is empty"), "{err}");

    let dir = book(&[("a.md", "# \n\n正文。\n".as_bytes())]);
    let err = fails(dir.path(), &[]);
    assert!(err.contains("a.md"), "{err}");

    let lang = format!("{BOOK_TOML}language = \"zh_TW\"\n");
    let dir = book(&[("book.toml", lang.as_bytes()), ("a.txt", STORY.as_bytes())]);
    let err = fails(dir.path(), &[]);
    assert!(
        err.contains("book.toml") && err.contains("did you mean \"zh-TW\""),
        "{err}"
    );
}

/// The XMP packet of a PDF, parsed by Python's XML parser (well-formedness), with its dc:creator entries.
fn xmp_creators(pdf: &Path) -> Vec<String> {
    let script = "import sys, re, json, xml.dom.minidom as m\n\
data = open(sys.argv[1], 'rb').read()\n\
xmp = re.search(rb'<\\?xpacket begin.*?<\\?xpacket end=[^>]*>', data, re.S).group(0)\n\
doc = m.parseString(xmp)\n\
seq = doc.getElementsByTagName('dc:creator')\n\
print(json.dumps([li.firstChild.data if li.firstChild else '' for c in seq for li in c.getElementsByTagName('rdf:li')], ensure_ascii=False))";
    let (ok, out) = run("python3", &["-c", script, path(pdf)]);
    assert!(ok, "the XMP is not well-formed XML:\n{out}");
    serde_json::from_str(out.trim()).unwrap()
}

#[test]
fn hostile_metadata_gives_a_valid_epub_and_well_formed_xmp() {
    let toml = "title = \"<script>alert(1)</script> & ]]> 书\\u0007\"\nsubtitle = \"上\\n下\"\n\
date = \"2022-12-05\"\nidentifier = \"urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf\"\n\
authors = [\"甲&乙\\u0001\", \"<丙>\"]\npublisher = \"]]>出版社\\u001b\"\ndescription = \"\\u0002说明\\r\\n第二行\"\n";
    let dir = book(&[("book.toml", toml.as_bytes()), ("a.txt", STORY.as_bytes())]);
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("out");
    let err = builds(dir.path(), &out, &[]);
    assert!(
        err.contains("book.toml: title: removed control or invisible characters"),
        "{err}"
    );
    assert_epubcheck_clean(&out.join("book.epub"));
    // two authors are two dc:creator entries (the control character removed)
    let creators = xmp_creators(&out.join("book.pdf"));
    assert_eq!(creators, ["甲&乙", "<丙>"]);
}

// 9. Unvalidated style values.
#[test]
fn bad_style_values_are_refused_naming_the_key() {
    let dir = book(&[("a.txt", STORY.as_bytes())]);
    let default = std::fs::read_to_string(common::repo("styles/default.toml")).unwrap();
    for (from, to, key) in [
        (
            "margin-top-mm = 18.0",
            "margin-top-mm = nan",
            "page.margin-top-mm",
        ),
        ("bleed-mm = 3.0", "bleed-mm = -3.0", "page.bleed-mm"),
        ("indent-em = 2.0", "indent-em = inf", "body.indent-em"),
        ("measure-em = 32", "measure-em = 3", "body.measure-em"),
    ] {
        let style = dir.path().join("style.toml");
        std::fs::write(&style, default.replacen(from, to, 1)).unwrap();
        let err = fails(dir.path(), &["--style", path(&style)]);
        assert!(
            err.contains("style.toml") && err.contains(key),
            "{to}: {err}"
        );
    }
}

// 10. Resource bombs and damaged images.
#[test]
fn huge_truncated_and_missing_images_are_refused_naming_each_file() {
    let dir = book(&[(
        "a.md",
        "# 图\n\n![a](big.png)\n\n正文。\n\n![b](cut.png)\n".as_bytes(),
    )]);
    std::fs::write(dir.path().join("big.png"), png_declaring(20_000, 20_000)).unwrap();
    let whole = png(dir.path(), "whole.png");
    std::fs::write(dir.path().join("cut.png"), &whole[..whole.len() - 30]).unwrap();
    let err = fails(dir.path(), &[]);
    assert!(
        err.contains("big.png: the image is 20000 × 20000 pixels"),
        "{err}"
    );
    assert!(err.contains("cut.png: the png image is damaged"), "{err}");

    let toml = format!("{BOOK_TOML}cover = \"cover.png\"\n");
    let dir = book(&[("book.toml", toml.as_bytes()), ("a.txt", STORY.as_bytes())]);
    std::fs::write(dir.path().join("cover.png"), &whole[..whole.len() - 30]).unwrap();
    let err = fails(dir.path(), &[]);
    assert!(err.contains("cover.png: the png image is damaged"), "{err}");
}

// 11 and 16. Character hygiene; text kept as text.
#[test]
fn invisible_characters_go_and_text_stays() {
    let text = "标题\n\n他写了<script>alert(1)</script>和<b>粗</b>字。\n\n\
一家👨\u{200D}👩\u{200D}👧在\u{202A}这里\u{202C}，软\u{00AD}连\u{FFFE}字\u{FFFF}。\n";
    let dir = book(&[("a.txt", text.as_bytes())]);
    let (json, err) = parse_json(dir.path(), &[]);
    let blocks = json["stories"][0]["blocks"].to_string();
    assert!(
        blocks.contains("<script>alert(1)</script>和<b>粗</b>"),
        "{blocks}"
    );
    assert!(
        blocks.contains("一家👨\u{200D}👩\u{200D}👧在这里，软连字。"),
        "{blocks}"
    );
    for code in ["U+202A", "U+202C", "U+00AD", "U+FFFE", "U+FFFF"] {
        assert!(
            err.contains(&format!("removed invisible character {code}")),
            "{code}: {err}"
        );
    }
    let md = "# 标题\n\n第一行\u{2028}第二行\u{2029}第三段。\n";
    let dir = book(&[("a.md", md.as_bytes()), ("b.txt", text.as_bytes())]);
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("out");
    builds(dir.path(), &out, &[]);
    let bytes = std::fs::read(out.join("book.epub")).unwrap();
    let story = epub::entry_text(&bytes, "OEBPS/story-001.xhtml");
    assert!(
        !story.contains('\u{2028}') && !story.contains('\u{2029}'),
        "{story}"
    );
    let escaped = epub::entry_text(&bytes, "OEBPS/story-002.xhtml");
    assert!(
        escaped.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{escaped}"
    );
    let (ok, pdf_text) = run("pdftotext", &[path(&out.join("book.pdf")), "-"]);
    assert!(ok);
    assert!(pdf_text.contains("<script>alert(1)</script>"), "{pdf_text}");
    assert!(
        !pdf_text.contains('\u{202A}') && !pdf_text.contains('\u{2028}'),
        "{pdf_text}"
    );
}

// 12. Dates: refused early, naming book.toml and the line.
#[test]
fn malformed_dates_are_refused_naming_the_line() {
    for date in ["+2022-1-01", "0000-01-01", "-001-01-01"] {
        let toml = BOOK_TOML.replace("2022-12-05", date);
        let dir = book(&[("book.toml", toml.as_bytes()), ("a.txt", STORY.as_bytes())]);
        let err = fails(dir.path(), &[]);
        assert!(
            err.contains("book.toml") && err.contains("line 2"),
            "{date}: {err}"
        );
        assert!(err.contains("YYYY-MM-DD"), "{date}: {err}");
    }
}

// 13 and 18. Same bytes however the path is spelt; an image shown twice (and as the cover) is one file.
#[test]
fn images_are_named_by_their_bytes_and_packaged_once() {
    let toml = format!("{BOOK_TOML}cover = \"img/c.png\"\n");
    let dir = book(&[
        ("book.toml", toml.as_bytes()),
        (
            "a.md",
            "# 图\n\n![a](img/c.png)\n\n正文。\n\n![b](./img/../img/c.png)\n".as_bytes(),
        ),
    ]);
    png(dir.path(), "img/c.png");
    let scratch = tempfile::tempdir().unwrap();
    let mut epubs = Vec::new();
    let spellings: Vec<PathBuf> = vec![
        dir.path().to_path_buf(),
        dir.path().join("img/.."),
        dir.path().join(".").join("img").join(".."),
    ];
    for (i, input) in spellings.iter().enumerate() {
        let out = scratch.path().join(format!("out{i}"));
        builds(input, &out, &[]);
        epubs.push(std::fs::read(out.join("book.epub")).unwrap());
    }
    assert!(
        epubs.windows(2).all(|w| w[0] == w[1]),
        "the EPUB depends on the path's spelling"
    );
    let images: Vec<String> = epub::entries(&epubs[0])
        .into_iter()
        .map(|(n, _, _)| n)
        .filter(|n| n.contains("images/"))
        .collect();
    assert_eq!(images.len(), 1, "{images:?}");
}

// 14. Output modes follow the umask.
#[test]
fn output_modes_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = book(&[("a.txt", STORY.as_bytes())]);
    for (umask, mode) in [("027", 0o640), ("022", 0o644), ("077", 0o600)] {
        let scratch = tempfile::tempdir().unwrap();
        let out = scratch.path().join("out");
        let script = format!(
            "umask {umask}; exec \"$0\" build {} --out {} --name book",
            path(dir.path()),
            path(&out)
        );
        let mut cmd = std::process::Command::new("sh");
        cmd.args(["-c", &script, env!("CARGO_BIN_EXE_huozi")]);
        let o = run_until(cmd, TOOL_DEADLINE);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        for name in ["book.epub", "book.pdf"] {
            let m = std::fs::metadata(out.join(name))
                .unwrap()
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(m, mode, "{name} under umask {umask}");
        }
    }
}

// 15. A story of a headline only.
#[test]
fn a_story_without_text_is_refused() {
    let dir = book(&[("a.txt", "只有标题\n".as_bytes())]);
    let err = fails(dir.path(), &[]);
    assert!(err.contains("a.txt") && err.contains("no text"), "{err}");
}

// 19. SOURCE_DATE_EPOCH keeps its time of day.
#[test]
fn source_date_epoch_keeps_its_time_of_day() {
    let dir = book(&[("a.txt", STORY.as_bytes())]);
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    let mut cmd = huozi_command();
    cmd.env("SOURCE_DATE_EPOCH", "1700000000").args([
        "build",
        path(dir.path()),
        "--out",
        path(&out),
    ]);
    let o = run_until(cmd, TOOL_DEADLINE);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(out.join("book.epub")).unwrap();
    let opf = epub::entry_text(&bytes, "OEBPS/content.opf");
    assert!(opf.contains(">2023-11-14T22:13:20Z</meta>"), "{opf}");
    let pdf = std::fs::read(out.join("book.pdf")).unwrap();
    let pdf = String::from_utf8_lossy(&pdf);
    assert!(
        pdf.contains("D:20231114221320"),
        "no PDF date with the time of day"
    );
    assert!(
        pdf.contains("2023-11-14T22:13:20"),
        "no XMP date with the time of day"
    );
}

// 4. Text set off the page: built with every line on its page, or refused naming the element.
#[test]
fn text_never_falls_off_the_page() {
    // a colophon of 12 stories
    let many: String = (1..=12)
        .map(|i| {
            format!(
                "第{i}篇报道的标题\n\n本报讯 第{i}篇的正文，在外卖存放点设置泡沫保温箱。\n\n\n\n"
            )
        })
        .collect();
    // a long title and author list
    let names: Vec<String> = (0..40).map(|i| format!("\"作者{i}号\"")).collect();
    let long = format!(
        "title = \"{}\"\ndate = \"2022-12-05\"\nidentifier = \"urn:isbn:9787111547426\"\nauthors = [{}]\n",
        "很长的书名".repeat(30),
        names.join(", ")
    );
    for (name, files) in [
        ("twelve stories", vec![("a.txt", many.clone())]),
        (
            "long title",
            vec![("book.toml", long), ("a.txt", STORY.to_string())],
        ),
        (
            "tall heading",
            vec![("a.md", format!("# {}\n\n正文。\n", "很长的标题".repeat(38)))],
        ),
    ] {
        let files: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
        let dir = book(&files);
        let scratch = tempfile::tempdir().unwrap();
        let out = scratch.path().join("out");
        let layout = scratch.path().join("layout.json");
        let o = build(dir.path(), &out, &["--layout-json", path(&layout)]);
        let err = String::from_utf8_lossy(&o.stderr);
        if o.status.success() {
            let json: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&layout).unwrap()).unwrap();
            let pages = json["pages"].as_array().expect("pages");
            for page in pages {
                let bottom =
                    page["trim"]["y"].as_f64().unwrap() + page["trim"]["height"].as_f64().unwrap();
                for line in page["lines"].as_array().unwrap() {
                    let baseline = line["baseline"].as_f64().unwrap();
                    assert!(baseline < bottom, "{name}: a line below the trim: {line}");
                }
            }
        } else {
            assert!(
                err.contains("falls") && err.contains("the page"),
                "{name}: {err}"
            );
            assert!(!err.contains("panicked"), "{err}");
            assert_eq!(files_in(&out), Vec::<String>::new(), "{name}");
        }
    }
}
