//! The EPUB as a reader sees it in a real engine (issue 11, acceptance 1 and 2): headless Chromium (the
//! engine of Thorium/Readium and calibre's viewer) lays out the story documents of the sample, the stress
//! story (a long web address included) and the Markdown cases at a phone's width (390 px) and a tablet's
//! (820 px), and the test measures what a reader would see:
//! - every `text-autospace` value the stylesheet uses is one the engine accepts (`CSS.supports`), and
//!   `3例确诊` has a gap between `3` and `例` (the advance of `3` beyond its own width);
//! - nothing runs past the right edge of the screen (`scrollWidth <= innerWidth`);
//! - no line of a headline, kicker, subheadline or subhead holds a single character;
//! - body text stands at least 12 px from the screen's edge at 390 px, and a body line holds at most 40
//!   characters at 820 px;
//! - emphasised text has its dots (`text-emphasis-style` not `none`) in the face around it, and where a
//!   reading system knows no `text-emphasis` (the stylesheet's emphasis properties renamed to ones no
//!   engine knows) it is bold (font-weight ≥ 600).
//!
//! Each document is laid out in an `iframe` of the width being tested (headless Chromium's own window is
//! at least 500 px wide), all in one run; a script in each reports to the page, which the test reads from
//! `--dump-dom`. Screenshots at 390 × 844 and 820 × 1180 are kept in `target/epub-screens/` for a person to
//! look at (`screenshots_…`).

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::epub::{decode_png, elements, unpack};

/// The widths tested: a phone (390 × 844) and a tablet (820 × 1180).
const WIDTHS: [(u32, u32); 2] = [(390, 844), (820, 1180)];

/// Builds `input` (a folder or a story file, relative to the repository) and unpacks its EPUB into
/// `dir/name`; returns the `OEBPS` folder.
fn built(input: &str, dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(format!("{name}-out"));
    common::huozi_ok(["build", input, "--out", common::path(&out)]);
    let epub = std::fs::read(out.join("book.epub")).unwrap();
    let unpacked = dir.join(name);
    unpack(&epub, &unpacked);
    unpacked.join("OEBPS")
}

/// Reports what a reader sees of the document it is in, to the page that holds it (see the module
/// documentation), as `kind|…` lines after a first line naming the frame.
const PROBE: &str = r#"(function () {
  function lines(el) {
    var out = [];
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var t = node.textContent;
      for (var i = 0; i < t.length; i++) {
        if (/\s/.test(t[i])) continue;
        var r = document.createRange();
        r.setStart(node, i); r.setEnd(node, i + 1);
        var rect = r.getBoundingClientRect();
        if (rect.width === 0 && rect.height === 0) continue;
        var mid = rect.top + rect.height / 2;
        var last = out.length ? out[out.length - 1] : null;
        if (!last || Math.abs(last.mid - mid) > rect.height / 2) {
          last = { mid: mid, text: '', left: rect.left, right: rect.right };
          out.push(last);
        }
        last.text += t[i];
        last.left = Math.min(last.left, rect.left);
        last.right = Math.max(last.right, rect.right);
      }
    }
    return out;
  }
  function autospace(a, b) {
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var i = node.textContent.indexOf(a + b);
      if (i < 0) continue;
      var r1 = document.createRange(); r1.setStart(node, i); r1.setEnd(node, i + a.length);
      var r2 = document.createRange(); r2.setStart(node, i + a.length); r2.setEnd(node, i + a.length + 1);
      var span = document.createElementNS('http://www.w3.org/1999/xhtml', 'span');
      span.style.textAutospace = 'no-autospace';
      span.textContent = a;
      node.parentNode.appendChild(span);
      var own = span.getBoundingClientRect().width;
      span.parentNode.removeChild(span);
      return (r2.getBoundingClientRect().left - r1.getBoundingClientRect().left) - own;
    }
    return 'none';
  }
  document.fonts.ready.then(function () {
    var out = [location.hash.slice(1)];
    out.push(['viewport', window.innerWidth, document.documentElement.scrollWidth].join('|'));
    window.huoziAutospace.forEach(function (v) {
      out.push(['supports', v, CSS.supports('text-autospace', v)].join('|'));
    });
    out.push(['autospace', autospace('3', '例')].join('|'));
    document.querySelectorAll('h1, h2, h3, p.kicker, p.subheadline').forEach(function (h, k) {
      lines(h).forEach(function (l) { out.push(['heading', k, l.text].join('|')); });
    });
    document.querySelectorAll('section.story p:not([class])').forEach(function (p, k) {
      lines(p).forEach(function (l) {
        out.push(['body', k, l.text.length, l.left, l.right].join('|'));
      });
    });
    document.querySelectorAll('em').forEach(function (e) {
      var c = getComputedStyle(e);
      var dots = c.textEmphasisStyle || c.webkitTextEmphasisStyle || 'none';
      out.push(['em', dots, c.fontWeight, c.fontFamily.split(',')[0].replace(/"/g, '')].join('|'));
    });
    parent.postMessage(out.join('\n'), '*');
  });
})();
"#;

/// The values of every `text-autospace` declaration in `css`.
fn autospace_values(css: &str) -> Vec<String> {
    css.match_indices("text-autospace:")
        .map(|(i, m)| {
            let rest = &css[i + m.len()..];
            rest[..rest.find(';').unwrap()].trim().to_string()
        })
        .collect()
}

/// A copy of the document `doc` (under the same folder, named `probe-…`) with [`PROBE`] in its head,
/// linking `css` instead of the book's stylesheet.
fn probe_copy(doc: &Path, css: &str, values: &[String]) -> PathBuf {
    let text = std::fs::read_to_string(doc).unwrap();
    assert_eq!(text.matches("</head>").count(), 1);
    let values: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
    let script = format!(
        "<script type=\"text/javascript\">//<![CDATA[\nwindow.huoziAutospace = [{}];\n{PROBE}//]]></script>\n",
        values.join(", ")
    );
    let text = text
        .replace("</head>", &format!("{script}</head>"))
        .replace("href=\"stylesheet.css\"", &format!("href=\"{css}\""));
    let name = format!(
        "probe-{}-{}",
        css.trim_end_matches(".css"),
        doc.file_name().unwrap().to_str().unwrap()
    );
    let copy = doc.with_file_name(name);
    std::fs::write(&copy, text).unwrap();
    copy
}

/// What each frame reported, by its name (`label@width`).
type Reports = BTreeMap<String, Vec<Vec<String>>>;

/// Lays out each `(label, document, width)` in an iframe of that width, in one Chromium run; returns each
/// frame's report lines, split at `|`.
fn lay_out(frames: &[(String, PathBuf, u32)], dir: &Path) -> Reports {
    let iframes: Vec<String> = frames
        .iter()
        .map(|(label, doc, width)| {
            format!(
                "<iframe src=\"file://{}#{label}@{width}\" style=\"width:{width}px;height:900px;border:0;display:block\"></iframe>",
                doc.display()
            )
        })
        .collect();
    let page = format!(
        "<!DOCTYPE html><html><body style=\"margin:0\">{}<script>\nvar got = [];\n\
         window.addEventListener('message', function (e) {{\n  got.push(e.data);\n  if (got.length === {}) {{\n\
         var p = document.createElement('pre'); p.id = 'report'; p.textContent = got.join('\\n=====\\n');\n\
         document.body.appendChild(p);\n  }}\n}});\n</script></body></html>",
        iframes.join(""),
        frames.len()
    );
    let wrapper = dir.join("frames.html");
    std::fs::write(&wrapper, page).unwrap();
    // A busy machine can leave a frame unfinished when Chromium dumps the page: try again (five runs).
    let mut dom = String::new();
    for _ in 0..5 {
        dom = common::run_chromium(&[
            "--window-size=1000,1000".into(),
            "--virtual-time-budget=60000".into(),
            "--dump-dom".into(),
            format!("file://{}", wrapper.display()),
        ]);
        if dom.contains("<pre id=\"report\">") {
            break;
        }
    }
    let report = elements(&dom, "<pre id=\"report\">", "</pre>");
    assert_eq!(report.len(), 1, "not every frame reported:\n{dom}");
    let mut out = Reports::new();
    for frame in report[0].split("\n=====\n") {
        let mut lines = frame.lines();
        let name = lines.next().unwrap().to_string();
        let rows = lines
            .map(|l| l.split('|').map(String::from).collect())
            .collect();
        out.insert(name, rows);
    }
    assert_eq!(out.len(), frames.len(), "{out:?}");
    out
}

/// The rows of `kind` in `rows`.
fn rows<'a>(rows: &'a [Vec<String>], kind: &str) -> Vec<&'a [String]> {
    rows.iter()
        .filter(|r| r[0] == kind)
        .map(|r| &r[1..])
        .collect()
}

#[test]
fn the_epub_reads_well_at_phone_and_tablet_width() {
    let dir = tempfile::tempdir().unwrap();
    let sample = built("content", dir.path(), "sample");
    let stress = built(common::STRESS, dir.path(), "stress");
    let cases = built("tests/fixtures/markdown", dir.path(), "markdown");
    let css = std::fs::read_to_string(sample.join("stylesheet.css")).unwrap();
    let values = autospace_values(&css);
    assert!(!values.is_empty(), "the stylesheet sets no text-autospace");

    // An engine without text-emphasis: the emphasis properties (and the @supports test of them) renamed.
    let plain = css.replace("text-emphasis", "x-unknown-text-emphasis");
    std::fs::write(cases.join("no-emphasis.css"), plain).unwrap();

    let mut frames = Vec::new();
    for (width, _) in WIDTHS {
        for (label, oebps, doc) in [
            ("sample-1", &sample, "story-001.xhtml"),
            ("sample-2", &sample, "story-002.xhtml"),
            ("stress", &stress, "story-001.xhtml"),
            ("emphasis", &cases, "story-001.xhtml"),
            ("table", &cases, "story-005.xhtml"),
        ] {
            let copy = probe_copy(&oebps.join(doc), "stylesheet.css", &values);
            frames.push((label.to_string(), copy, width));
        }
    }
    let copy = probe_copy(&cases.join("story-001.xhtml"), "no-emphasis.css", &values);
    frames.push(("no-emphasis".to_string(), copy, 390));
    let reports = lay_out(&frames, dir.path());

    for (name, report) in &reports {
        let width: f64 = name.rsplit('@').next().unwrap().parse().unwrap();
        // The frame is the width tested, and nothing runs past its right edge.
        let viewport = rows(report, "viewport")[0];
        let (inner, scroll): (f64, f64) =
            (viewport[0].parse().unwrap(), viewport[1].parse().unwrap());
        assert_eq!(inner, width, "{name}");
        assert!(
            scroll <= inner,
            "{name}: scrollWidth {scroll} > innerWidth {inner}"
        );
        // Every text-autospace value the stylesheet uses is one the engine accepts.
        for v in rows(report, "supports") {
            assert_eq!(
                v[1], "true",
                "{name}: CSS.supports('text-autospace', '{}')",
                v[0]
            );
        }
        // No heading line of a single character.
        for h in rows(report, "heading") {
            assert!(
                h[1].chars().count() >= 2,
                "{name}: heading {} has a line of one character: {:?}",
                h[0],
                rows(report, "heading")
            );
        }
        let body = rows(report, "body");
        assert!(!body.is_empty(), "{name}: no body text");
        // What was measured, for the test's output (`--nocapture`).
        let column = |k: usize| body.iter().map(move |l| l[k].parse::<f64>().unwrap());
        let (left, longest) = (
            column(2).fold(f64::MAX, f64::min),
            column(1).fold(0.0, f64::max),
        );
        eprintln!(
            "{name}: scrollWidth {scroll} of {inner}; body lines {}, left edge ≥ {} px, ≤ {} characters; \
             shortest heading line {:?} characters",
            body.len(),
            left,
            longest,
            rows(report, "heading")
                .iter()
                .map(|h| h[1].chars().count())
                .min()
        );
        for line in &body {
            let (chars, left, right): (usize, f64, f64) = (
                line[1].parse().unwrap(),
                line[2].parse().unwrap(),
                line[3].parse().unwrap(),
            );
            assert!(right <= inner + 0.5, "{name}: a body line ends at {right}");
            if width == 390.0 {
                assert!(left >= 12.0, "{name}: body text at {left} px from the edge");
            } else if name.starts_with("sample") {
                assert!(chars <= 40, "{name}: a body line of {chars} characters");
            }
        }
    }

    // 3例确诊 in the second sample story: a gap after the digit at both widths.
    for (width, _) in WIDTHS {
        let report = &reports[&format!("sample-2@{width}")];
        let gap: f64 = rows(report, "autospace")[0][0].parse().unwrap();
        eprintln!("3例 at {width} px: a gap of {gap} px");
        assert!(gap > 0.0, "no space between 3 and 例 at {width} px: {gap}");
    }
    // At 820 px the measure is the print edition's: most lines of a long paragraph are full.
    let wide = &reports["sample-1@820"];
    let longest = rows(wide, "body")
        .iter()
        .map(|l| l[1].parse::<usize>().unwrap())
        .max()
        .unwrap();
    assert!((30..=40).contains(&longest), "{longest} characters");

    // Emphasis: dots in the surrounding face; bold where the engine knows no text-emphasis.
    for em in rows(&reports["emphasis@390"], "em") {
        assert_ne!(em[0], "none", "{em:?}");
        assert_eq!(em[1], "400", "{em:?}");
        assert_eq!(em[2], "Noto Serif CJK SC", "{em:?}");
    }
    let plain = rows(&reports["no-emphasis@390"], "em");
    assert!(!plain.is_empty());
    for em in plain {
        assert_eq!(em[0], "none", "{em:?}");
        let weight: u32 = em[1].parse().unwrap();
        assert!(weight >= 600, "emphasis without dots is not bold: {em:?}");
    }
}

/// Where the screenshots go: `target/epub-screens/` (beside the tests' scratch folder).
fn screens_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("epub-screens");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn screenshots_at_phone_and_tablet_width_stay_for_a_person_to_look_at() {
    let dir = tempfile::tempdir().unwrap();
    let sample = built("content", dir.path(), "sample");
    let stress = built(common::STRESS, dir.path(), "stress");
    let cases = built("tests/fixtures/markdown", dir.path(), "markdown");
    let screens = screens_dir();
    let docs = [
        ("sample-story-001", &sample, "story-001.xhtml"),
        ("sample-story-002", &sample, "story-002.xhtml"),
        ("sample-nav", &sample, "nav.xhtml"),
        ("stress-story-001", &stress, "story-001.xhtml"),
        ("markdown-poem", &cases, "story-002.xhtml"),
        ("markdown-ruby", &cases, "story-004.xhtml"),
        ("markdown-table", &cases, "story-005.xhtml"),
        ("markdown-notes", &cases, "story-006.xhtml"),
    ];
    for (width, height) in WIDTHS {
        for (label, oebps, doc) in &docs {
            let shot = screens.join(format!("{label}-{width}.png"));
            let _ = std::fs::remove_file(&shot);
            common::run_chromium(&[
                format!("--screenshot={}", shot.display()),
                format!("--window-size={width},{height}"),
                format!("file://{}", oebps.join(doc).display()),
            ]);
            let (w, h, pixels, channels) = decode_png(&std::fs::read(&shot).expect("a screenshot"));
            assert_eq!((w, h), (width, height), "{label}");
            let dark = pixels
                .chunks(channels)
                .filter(|p| p[..3].iter().any(|&v| v < 160))
                .count();
            assert!(
                dark > 500,
                "{label} at {width} px is blank ({dark} dark pixels)"
            );
        }
    }
}
