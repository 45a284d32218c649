//! The EPUB in a browser: headless Chromium renders the first story of the sample, the screenshot shows
//! text, and `document.fonts` reports each embedded face loaded from the EPUB's own font files (and, as
//! the control, an error for a font file cut short).
//!
//! Chromium is required (`apt-get install chromium`; `.ci/run` does, `CHROMIUM` names another binary):
//! when it cannot be found the test fails, it does not skip.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::book::sample_epub;
use crate::common::epub::{decode_png, probe_story, unpack};
use crate::common::run_chromium;

/// Reports every face in `document.fonts` once they have settled, as `family|weight|status` lines
/// ([`probe_story`]).
const FONT_PROBE: &str = r#"
  var out = [];
  document.fonts.forEach(function (f) { out.push(f.family + '|' + f.weight + '|' + f.status); });
  report(out.join('\n'));
"#;

/// What [`FONT_PROBE`] reports for `story` (an XHTML document in `oebps`), as a set of lines.
fn document_fonts(oebps: &Path, story: &str) -> BTreeSet<String> {
    let report = probe_story(oebps, story, ("fonts", FONT_PROBE), &[]);
    report.lines().map(String::from).collect()
}

#[test]
fn chromium_renders_the_first_story_in_the_embedded_font() {
    let epub = sample_epub();
    let dir = tempfile::tempdir().unwrap();
    unpack(&epub, dir.path());
    let oebps = dir.path().join("OEBPS");

    // The screenshot is not blank: text covers a fair share of the window.
    let shot = dir.path().join("story-001.png");
    run_chromium(&[
        format!("--screenshot={}", shot.display()),
        "--window-size=800,1200".into(),
        format!("file://{}", oebps.join("story-001.xhtml").display()),
    ]);
    let (w, h, pixels, channels) = decode_png(&std::fs::read(&shot).expect("a screenshot"));
    assert_eq!((w, h), (800, 1200));
    let dark = pixels
        .chunks(channels)
        .filter(|p| p[..3].iter().any(|&v| v < 160))
        .count();
    let share = dark as f64 / f64::from(w * h);
    assert!(
        (0.03..0.5).contains(&share),
        "{dark} dark pixels ({:.1} %) in the screenshot",
        share * 100.0
    );

    // document.fonts: each embedded face of the story loaded. The faces are declared only with the EPUB's
    // font files as their source, so `loaded` means Chromium read and accepted those files.
    let story = std::fs::read_to_string(oebps.join("story-001.xhtml")).unwrap();
    let expected: BTreeSet<String> = [
        "Noto Serif CJK SC|normal|loaded",
        "Noto Sans CJK SC|bold|loaded",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(document_fonts(&oebps, &story), expected);

    // The control: with the body font file cut short, the same probe reports that face's error.
    let font = oebps.join("fonts/NotoSerifCJKsc-Regular.otf");
    let bytes = std::fs::read(&font).unwrap();
    std::fs::write(&font, &bytes[..bytes.len() / 4]).unwrap();
    let broken = document_fonts(&oebps, &story);
    assert!(
        broken.contains("Noto Serif CJK SC|normal|error"),
        "a truncated font still reported as loaded: {broken:?}"
    );
}

/// Reports, with every paragraph set ragged (so that justification adds no space): the width in ems of
/// each `span.half` (`half|width`), of the opening quote a paragraph starts with and where its box starts
/// from the paragraph's edge (`start|x|width`), and of the first opening quote or book-title mark inside a
/// line after a Han character, which nothing trims (`inside|width`) ([`probe_story`]).
const MARKS_PROBE: &str = r#"
  var out = [];
  document.querySelectorAll('p, h1, h2').forEach(function (p) { p.style.textAlign = 'left'; });
  document.querySelectorAll('span.half').forEach(function (s) {
    out.push('half|' + (s.getBoundingClientRect().width / em(s)).toFixed(3));
  });
  var inside = false;
  document.querySelectorAll('p').forEach(function (p) {
    var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    var first = walker.nextNode();
    if (first && first.textContent[0] === '\u201c') {
      var b = box(first, 0, 1);
      out.push('start|' + ((b.left - p.getBoundingClientRect().left) / em(p)).toFixed(3) + '|' +
        (b.width / em(p)).toFixed(3));
    }
    for (var node = first; node && !inside; node = walker.nextNode()) {
      var i = node.textContent.search(/[\u4e00-\u9fff][\u201c\u300a]/);
      if (i >= 0 && node.parentNode === p) {
        out.push('inside|' + (box(node, i + 1, i + 2).width / em(p)).toFixed(3));
        inside = true;
      }
    }
  });
  report(out.join('\n'));
"#;

/// Both editions trim the same marks' blank halves (the PDF's are tested in `typeset`): in the stress
/// story laid out by Chromium, each `？` or `！` before another mark (`吗？”“是的！”`, `怎么办？！`) takes
/// half an em, and a paragraph's opening quote starts at the 2-em indent with its blank half dropped,
/// where an opening mark inside a line after a Han character keeps its em.
#[test]
fn chromium_trims_the_marks_print_trims() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    crate::common::huozi_ok([
        "build",
        crate::common::path(&crate::common::repo("tests/fixtures/typeset-stress.txt")),
        "--out",
        crate::common::path(&out),
    ]);
    let epub = (std::fs::read_dir(&out).unwrap())
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .expect("an EPUB");
    unpack(&std::fs::read(epub).unwrap(), dir.path());
    let oebps = dir.path().join("OEBPS");
    let story = std::fs::read_to_string(oebps.join("story-001.xhtml")).unwrap();
    let report = probe_story(
        &oebps,
        &story,
        ("marks", MARKS_PROBE),
        &["--window-size=390,1800"],
    );
    let rows: Vec<Vec<&str>> = report.lines().map(|l| l.split('|').collect()).collect();
    let num = |s: &str| s.parse::<f64>().unwrap();
    let of = |kind: &str| -> Vec<&Vec<&str>> { rows.iter().filter(|r| r[0] == kind).collect() };
    // the marks of `吗？”“是的！”` and `怎么办？！`, and none other of the story's body
    assert_eq!(story.matches("class=\"half\"").count(), 4, "{story}");
    assert_eq!(of("half").len(), 4, "{rows:?}");
    for r in of("half") {
        assert!(
            (num(r[1]) - 0.5).abs() < 0.01,
            "a halved mark of {} em: {rows:?}",
            r[1]
        );
    }
    let starts = of("start");
    assert!(
        !starts.is_empty(),
        "no paragraph opens with a quote: {rows:?}"
    );
    for r in starts {
        assert!((num(r[1]) - 2.0).abs() < 0.01, "{rows:?}");
        assert!((num(r[2]) - 0.5).abs() < 0.01, "{rows:?}");
    }
    // the control: the measure tells a whole quote from a halved one
    let inside = of("inside");
    assert_eq!(inside.len(), 1, "{rows:?}");
    assert!((num(inside[0][1]) - 1.0).abs() < 0.01, "{rows:?}");
}
