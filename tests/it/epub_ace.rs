//! DAISY Ace, the EPUB accessibility checker (issue 11, acceptance 3): the sample book and the Markdown
//! cases (ruby, a table, notes, line breaks) report no serious or critical violation.
//!
//! Ace is an npm package (`@daisy/ace`); `.ci/run` installs version 1.4.6 under `target/ace/` with
//! `--ignore-scripts` (its Electron runner's install script downloads Electron, which is not needed: the
//! command-line checker runs its axe checks in headless Chromium through Puppeteer, pointed at the
//! system's Chromium with `PUPPETEER_EXECUTABLE_PATH`). `ACE_CLI` names another `ace.js`. Ace, Node.js and
//! Chromium are required: when one is missing the test fails, it does not skip.

use crate::common;

use std::path::PathBuf;
use std::process::Command;

/// Ace's command-line entry point: `$ACE_CLI`, else the one `.ci/run` installs under `target/ace/`.
fn ace_cli() -> PathBuf {
    let cli = std::env::var_os("ACE_CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::repo("target/ace/node_modules/@daisy/ace-cli/bin/ace.js"));
    assert!(
        cli.is_file(),
        "DAISY Ace is required: `.ci/run` installs it (npm install --prefix target/ace --ignore-scripts \
         @daisy/ace@1.4.6), or set ACE_CLI to its ace.js; not found at {}",
        cli.display()
    );
    cli
}

/// Ace's JSON report on `book`, written under `dir`: the run is tried twice (Ace, Puppeteer and Chromium
/// can fail to start on a loaded machine), the second time verbose so that a failure says why. One
/// browser at a time ([`common::one_browser`]).
fn ace_report(dir: &std::path::Path, book: &std::path::Path) -> Vec<u8> {
    let _one = common::one_browser();
    let mut failures = String::new();
    for (attempt, level) in ["--silent", "--verbose"].into_iter().enumerate() {
        let report = dir.join(format!("report-{attempt}"));
        let mut cmd = Command::new("node");
        cmd.arg(ace_cli())
            .args(["--force", level, "--outdir"])
            .arg(&report)
            .arg("--tempdir")
            .arg(dir.join(format!("scratch-{attempt}")))
            .arg(book)
            .env("PUPPETEER_EXECUTABLE_PATH", common::chromium())
            .env("PUPPETEER_SKIP_DOWNLOAD", "1");
        let out = common::run_until(cmd, common::TOOL_DEADLINE);
        match std::fs::read(report.join("report.json")) {
            Ok(json) => return json,
            Err(e) => failures.push_str(&format!(
                "attempt {}: Ace wrote no report ({e}; exit {}):\n{}\n{}\n",
                attempt + 1,
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )),
        }
    }
    panic!("{failures}")
}

/// Every violation Ace reports for `epub`: (document, impact, rule).
fn ace(epub: &[u8]) -> Vec<(String, String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.epub");
    std::fs::write(&book, epub).unwrap();
    let json = ace_report(dir.path(), &book);
    let report: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let mut found = Vec::new();
    for document in report["assertions"].as_array().unwrap() {
        let url = document["earl:testSubject"]["url"].as_str().unwrap_or("");
        for a in document["assertions"].as_array().into_iter().flatten() {
            found.push((
                url.to_string(),
                a["earl:test"]["earl:impact"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                a["earl:test"]["dct:title"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            ));
        }
    }
    found
}

#[test]
fn ace_finds_no_serious_or_critical_violation() {
    let sample = common::book::sample_epub();
    let dir = tempfile::tempdir().unwrap();
    common::huozi_ok([
        "build",
        "tests/fixtures/markdown",
        "--out",
        common::path(dir.path()),
    ]);
    let cases = std::fs::read(dir.path().join("book.epub")).unwrap();
    for (name, epub) in [("sample", sample), ("markdown cases", cases)] {
        let violations = ace(&epub);
        let bad: Vec<_> = violations
            .iter()
            .filter(|(_, impact, _)| matches!(impact.as_str(), "serious" | "critical"))
            .collect();
        assert!(bad.is_empty(), "{name}: Ace reports {bad:?}");
        // Nothing else either, today: a new finding is worth a look.
        assert!(violations.is_empty(), "{name}: Ace reports {violations:?}");
    }
}

/// The control: a page-list without a named print source is the serious violation Ace reported before
/// (`epub-pagesource`), so the check above can fail.
#[test]
fn ace_reports_a_page_list_without_its_source() {
    let epub = common::book::sample_epub();
    let opf = common::epub::entry_text(&epub, "OEBPS/content.opf");
    let start = opf.find("<dc:source>").expect("dc:source");
    let end = opf.find("</dc:source>").unwrap() + "</dc:source>\n".len();
    let mut stripped = opf.clone();
    stripped.replace_range(start..end, "");
    let line = stripped
        .lines()
        .find(|l| l.contains("pageBreakSource"))
        .unwrap()
        .to_string();
    let stripped = stripped.replace(&format!("{line}\n"), "");
    let rebuilt = common::epub::replace_entry(&epub, "OEBPS/content.opf", stripped.as_bytes());
    let violations = ace(&rebuilt);
    assert!(
        violations
            .iter()
            .any(|(_, impact, rule)| impact == "serious" && rule == "epub-pagesource"),
        "{violations:?}"
    );
}
