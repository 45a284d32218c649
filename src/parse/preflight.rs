//! Checks on a Markdown story before the reader sees it, so that hostile input meets a clear error rather
//! than the reader's recursion: nesting deeper than [`MAX_NESTING`] (emphasis in emphasis, quotes in
//! quotes, lists in lists, inline `<em>` in `<em>`), and every image — each must be a readable file inside
//! the book folder. Every bad image is reported, not only the first.
//!
//! pulldown-cmark walks its input without recursion, so walking its events here is safe at any depth.

use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::folder::BookRoot;
use crate::error::{Error, Result};

/// The deepest nesting of Markdown containers and inline markup a story may have. A news story needs a
/// handful of levels; 80,000 nested `*` would overflow the reader's stack.
pub(crate) const MAX_NESTING: usize = 64;

/// Checks the Markdown `text` of the file `path` (see the module docs).
///
/// Errors: [`Error::Input`] naming `path` and the line where nesting passes [`MAX_NESTING`]; for images,
/// one [`Error::Input`] per bad image (as [`Error::Many`] when there are several).
pub(crate) fn markdown(text: &str, path: &Path, root: &BookRoot) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);
    let err = |line: usize, message: String| Error::Input {
        path: path.to_path_buf(),
        line: Some(line),
        message,
    };
    let mut problems = Vec::new();
    let (mut depth, mut html_depth) = (0usize, 0usize);
    let parser = Parser::new_ext(text, Options::ENABLE_HEADING_ATTRIBUTES).into_offset_iter();
    for (event, range) in parser {
        match &event {
            Event::Start(tag) => {
                depth += 1;
                if let Tag::Image { dest_url, .. } = tag
                    && let Err(message) = image(dir, dest_url, root)
                {
                    problems.push(err(line_of(range.start), message));
                }
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                // a paragraph's or heading's inline markup ends with it (the reader closes what is open)
                if matches!(end, TagEnd::Paragraph | TagEnd::Heading(_)) {
                    html_depth = 0;
                }
            }
            Event::InlineHtml(html) => {
                let tag = html.trim();
                if tag.starts_with("</") {
                    html_depth = html_depth.saturating_sub(1);
                } else if opens(tag) {
                    html_depth += 1;
                }
            }
            _ => {}
        }
        if depth + html_depth > MAX_NESTING {
            problems.push(err(
                line_of(range.start),
                format!(
                    "Markdown nested more than {MAX_NESTING} deep (emphasis, quotes, lists or inline \
                     HTML inside one another): a story needs far fewer levels"
                ),
            ));
            break;
        }
    }
    Error::all(problems)
}

/// Whether the inline HTML `tag` opens an element that may hold others: not a void element (`<br>`,
/// `<wbr>`, `<img>`, … — a poem's line breaks nest nothing), a self-closing tag, a comment or a
/// declaration.
fn opens(tag: &str) -> bool {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let Some(rest) = tag.strip_prefix('<') else {
        return false;
    };
    let name: String = (rest.chars())
        .take_while(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    !name.is_empty() && !tag.ends_with("/>") && !VOID.contains(&name.as_str())
}

/// Checks an image address of a Markdown file in `dir`: a local file inside the book folder. (The reader
/// checks that it is a PNG or JPEG.)
fn image(dir: &Path, dest: &str, root: &BookRoot) -> std::result::Result<(), String> {
    if dest.contains("://") || dest.starts_with("data:") {
        return Ok(()); // the reader refuses these with its own message
    }
    root.check(&lexical(&dir.join(dest)), "image")
}

/// Drops `.` components and folds `dir/..`, as the reader resolves an image path.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(dir: &Path) -> BookRoot {
        BookRoot::of(dir, false).unwrap()
    }

    #[test]
    fn deep_emphasis_and_html_are_refused_naming_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("a.md");
        for text in [
            format!("# 标题\n\n{}字{}\n", "*".repeat(80_000), "*".repeat(80_000)),
            format!("# 标题\n\n正文\n{}字\n", "<em>".repeat(100_000)),
            format!("# 标题\n\n{}字\n", "> ".repeat(5_000)),
        ] {
            let e = markdown(&text, &md, &root(dir.path())).unwrap_err();
            let msg = e.to_string();
            assert!(
                msg.contains("a.md:") && msg.contains("nested more than 64"),
                "{msg}"
            );
        }
        let ok = format!("# 标题\n\n{}字{}\n", "*".repeat(3), "*".repeat(3));
        markdown(&ok, &md, &root(dir.path())).unwrap();
        // line breaks, comments and a paragraph's unclosed markup nest nothing
        let poem = format!("# 标题\n\n{}完。\n", "床前明月光<br>".repeat(200));
        let comments = format!("# 标题\n\n{}完。\n", "注<!-- 按 -->".repeat(200));
        let unclosed = "<em>一段。\n\n".repeat(200);
        for ok in [poem, comments, format!("# 标题\n\n{unclosed}")] {
            markdown(&ok, &md, &root(dir.path())).unwrap();
        }
    }

    #[test]
    fn every_bad_image_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("a.md");
        let text = "# 标题\n\n![a](a.png)\n\n![b](b.png)\n\n![c](../c.png)\n";
        match markdown(text, &md, &root(dir.path())).unwrap_err() {
            Error::Many(all) => {
                let lines: Vec<Option<usize>> = all
                    .iter()
                    .map(|e| match e {
                        Error::Input { line, .. } => *line,
                        _ => None,
                    })
                    .collect();
                assert_eq!(lines, [Some(3), Some(5), Some(7)], "{all:?}");
            }
            other => panic!("{other:?}"),
        }
    }
}
