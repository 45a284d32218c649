//! The EPUB in a browser: headless Chromium renders the first story of the sample, the screenshot shows
//! text, and `document.fonts` reports each embedded face loaded from the EPUB's own font files (and, as
//! the control, an error for a font file cut short).
//!
//! Chromium is required (`apt-get install chromium`; `.ci/run` does, `CHROMIUM` names another binary):
//! when it cannot be found the test fails, it does not skip.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::book::sample_epub;
use crate::common::epub::{decode_png, elements, unpack};
use crate::common::run_chromium;

/// Reports every face in `document.fonts` once they have settled, as `family|weight|status` lines in a
/// `<pre id="fonts">`.
const FONT_PROBE: &str = r#"<script type="text/javascript">//<![CDATA[
document.fonts.ready.then(function () {
  var out = [];
  document.fonts.forEach(function (f) { out.push(f.family + '|' + f.weight + '|' + f.status); });
  var pre = document.createElementNS('http://www.w3.org/1999/xhtml', 'pre');
  pre.id = 'fonts';
  pre.textContent = out.join('\n');
  document.body.appendChild(pre);
});
//]]></script>
"#;

/// What [`FONT_PROBE`] reports for `story` (an XHTML document in `oebps`), as a set of lines.
fn document_fonts(oebps: &Path, story: &str) -> BTreeSet<String> {
    assert_eq!(story.matches("</head>").count(), 1);
    let probe = oebps.join("story-fonts.xhtml");
    std::fs::write(
        &probe,
        story.replace("</head>", &format!("{FONT_PROBE}</head>")),
    )
    .unwrap();
    let dom = run_chromium(&[
        "--virtual-time-budget=10000".into(),
        "--dump-dom".into(),
        format!("file://{}", probe.display()),
    ]);
    let report = elements(&dom, "<pre id=\"fonts\">", "</pre>");
    assert_eq!(report.len(), 1, "no font report in:\n{dom}");
    report[0].lines().map(String::from).collect()
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
