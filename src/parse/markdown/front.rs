//! Front matter: the `+++` TOML and `---` YAML blocks before a story's `# headline`, their keys, the
//! byline's ornament, and a body that repeats what the front matter gives.
//!
//! A block is TOML between two `+++` lines anywhere outside fenced code, or YAML between a `---` line and a
//! `---` (or `...`) line: at the very start of the file (only blank lines before), or later when its first
//! line is a `key:` and the block stands right before a `# headline` (otherwise `---` is Markdown's rule or
//! a setext underline). Both give the same keys.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result, with_spelling_hint};
use crate::model::{Block, Inline, Meta, Story};
use crate::parse::byline::{ORNAMENTS, byline_names, parse_byline_line};
use crate::parse::dateline::parse_dateline;

/// A front matter block's keys.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct FrontMatter {
    #[serde(default)]
    pub column: Option<String>,
    #[serde(default)]
    pub kicker: Option<String>,
    #[serde(default)]
    pub subheadline: Option<String>,
    #[serde(default)]
    pub dateline: Option<String>,
    #[serde(default)]
    pub byline: Option<String>,
    #[serde(default)]
    pub book: Option<Meta>,
}

/// A front matter block found in the file.
pub(super) struct FrontBlock {
    /// Line of the opening `+++` or `---` (1-based).
    pub first: usize,
    /// Line of the closing one.
    pub last: usize,
    pub front: FrontMatter,
}

/// The syntax of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Toml,
    Yaml,
}

/// Whether `line` closes a block opened in `syntax`.
fn closes(syntax: Syntax, line: &str) -> bool {
    let line = line.trim_end();
    match syntax {
        Syntax::Toml => line == "+++",
        Syntax::Yaml => line == "---" || line == "...",
    }
}

/// Whether the `---` at `lines[i]` opens YAML front matter: at the start of the file, or with a `key:` first
/// line and a `# headline` after the block (`close`, the closing line's index).
fn opens_yaml(lines: &[&str], i: usize, close: Option<usize>) -> bool {
    if lines[..i].iter().all(|l| l.trim().is_empty()) {
        return true;
    }
    let Some(close) = close else { return false };
    let keyed = lines.get(i + 1).is_some_and(|l| {
        let key = l.split(':').next().unwrap_or("");
        l.contains(':')
            && !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    });
    let headline = lines[close + 1..]
        .iter()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_start().starts_with("# "));
    keyed && headline
}

/// Parses the text of one block (`first`, the 0-based index of its opening line, places errors).
fn parse_block(text: &str, syntax: Syntax, first: usize, path: &Path) -> Result<FrontMatter> {
    let err = |line: usize, message: String| Error::Input {
        path: path.to_path_buf(),
        line: Some(line),
        message: format!("front matter: {message}"),
    };
    match syntax {
        Syntax::Toml => toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map_or(0, |s| text[..s.start].matches('\n').count());
            err(first + 2 + at, with_spelling_hint(e.message().to_string()))
        }),
        Syntax::Yaml if text.trim().is_empty() => Ok(FrontMatter {
            column: None,
            kicker: None,
            subheadline: None,
            dateline: None,
            byline: None,
            book: None,
        }),
        Syntax::Yaml => serde_saphyr::from_str(text).map_err(|e| {
            // the location's line is 1-based within the block
            let at = e.location().map_or(1, |l| l.line().max(1) as usize);
            err(
                first + 1 + at,
                with_spelling_hint(e.without_snippet().to_string()),
            )
        }),
    }
}

/// Finds the `+++` (TOML) and `---` (YAML) front matter blocks outside fenced code, parses them, and blanks
/// their lines in the returned text so that byte offsets still give the file's line numbers.
///
/// Errors: [`Error::Input`] naming `path` and the line for a block never closed or keys that do not parse.
pub(super) fn split_front_matter(text: &str, path: &Path) -> Result<(String, Vec<FrontBlock>)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut body: Vec<&str> = Vec::with_capacity(lines.len());
    let mut fronts = Vec::new();
    let mut fence: Option<&str> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let syntax = match line.trim_end() {
            "+++" => Some(Syntax::Toml),
            "---" => Some(Syntax::Yaml),
            _ => None,
        };
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
        } else if trimmed.starts_with("```") {
            fence = Some("```");
        } else if trimmed.starts_with("~~~") {
            fence = Some("~~~");
        } else if let Some(syntax) = syntax {
            let close = (i + 1..lines.len()).find(|&j| closes(syntax, lines[j]));
            if syntax == Syntax::Toml || opens_yaml(&lines, i, close) {
                let Some(close) = close else {
                    return Err(Error::Input {
                        path: path.to_path_buf(),
                        line: Some(i + 1),
                        message: format!(
                            "front matter opened with `{}` is never closed",
                            line.trim_end()
                        ),
                    });
                };
                let block = lines[i + 1..close].join("\n");
                fronts.push(FrontBlock {
                    first: i + 1,
                    last: close + 1,
                    front: parse_block(&block, syntax, i, path)?,
                });
                body.extend(std::iter::repeat_n("", close + 1 - i));
                i = close + 1;
                continue;
            }
        }
        body.push(line);
        i += 1;
    }
    Ok((body.join("\n"), fronts))
}

/// A byline as the front matter gives it, without the paper's ornament (`□本报记者 林小雨` →
/// `本报记者 林小雨`).
pub(super) fn clean_byline(byline: &str) -> String {
    byline
        .trim_start_matches(|c: char| ORNAMENTS.contains(&c) || c.is_whitespace())
        .trim_end()
        .to_string()
}

/// The names of a byline, sorted: two bylines with the same names credit the same people.
fn names(byline: &str) -> Option<Vec<String>> {
    let mut names = byline_names(byline)?;
    names.sort();
    Some(names)
}

/// When the front matter gave `story` a dateline or byline and its first paragraph repeats them — opens
/// with the same dateline (`本报讯（记者 林小雨）…`), a dateline whose bracketed byline names the same
/// people, or is itself a byline naming them — the repeat is taken out of the body, so the run-in is set
/// once: the dateline and the byline as the paragraph printed them. Returns the warning's words, naming
/// what was dropped; `None` when nothing is repeated.
pub(super) fn dedupe_lead(story: &mut Story) -> Option<String> {
    if story.dateline.is_none() && story.byline.is_none() {
        return None;
    }
    let Some(Block::Paragraph { inlines }) = story.blocks.first_mut() else {
        return None;
    };
    let alone = inlines.len() == 1;
    let Some(Inline::Text(text)) = inlines.first_mut() else {
        return None;
    };
    let front_names = story.byline.as_deref().and_then(names);
    if alone
        && story.byline.is_some()
        && let Some(line) = parse_byline_line(text)
        && names(&line) == front_names
    {
        let repeated = format!("byline `{}`", text.trim());
        story.blocks.remove(0);
        return Some(repeated);
    }
    let lead = parse_dateline(text)?;
    let same_byline =
        front_names.is_some() && lead.byline.as_deref().and_then(names) == front_names;
    let repeats = match story.dateline.as_deref() {
        Some(dateline) => dateline.trim() == lead.dateline,
        None => same_byline,
    };
    let prefix = text
        .strip_suffix(lead.rest.as_str())?
        .trim_end()
        .to_string();
    if !repeats {
        return None;
    }
    story.dateline = Some(lead.dateline);
    story.byline = match (story.byline.take(), lead.byline) {
        (front, None) => front,
        (Some(front), Some(body)) if !same_byline => Some(format!("{front} {body}")),
        (_, Some(body)) => Some(body),
    };
    if lead.rest.is_empty() {
        inlines.remove(0);
        if inlines.is_empty() {
            story.blocks.remove(0);
        }
    } else {
        *text = lead.rest;
    }
    Some(format!("dateline `{prefix}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(dateline: Option<&str>, byline: Option<&str>, lead: &str) -> Story {
        Story {
            column: None,
            kicker: None,
            headline: "标题".into(),
            subheadline: None,
            dateline: dateline.map(String::from),
            byline: byline.map(String::from),
            blocks: vec![Block::Paragraph {
                inlines: vec![Inline::Text(lead.into())],
            }],
        }
    }

    #[test]
    fn a_repeated_dateline_is_set_once_with_the_body_s_byline() {
        let mut s = story(
            Some("本报讯"),
            Some("本报记者 林小雨"),
            "本报讯（记者 林小雨）这个冬天。",
        );
        let said = dedupe_lead(&mut s).unwrap();
        assert_eq!(said, "dateline `本报讯（记者 林小雨）`");
        assert_eq!(s.run_in().as_deref(), Some("本报讯（记者 林小雨）"));
        assert_eq!(
            s.blocks,
            vec![Block::Paragraph {
                inlines: vec![Inline::Text("这个冬天。".into())]
            }]
        );
    }

    #[test]
    fn other_people_in_the_brackets_join_the_byline() {
        let mut s = story(
            Some("本报讯"),
            Some("记者 张三"),
            "本报讯（通讯员 李四）正文。",
        );
        dedupe_lead(&mut s).unwrap();
        assert_eq!(s.byline.as_deref(), Some("记者 张三 通讯员 李四"));
    }

    #[test]
    fn a_byline_alone_is_taken_from_the_body_s_dateline_when_it_names_the_same_people() {
        let mut s = story(None, Some("本报记者 林小雨"), "本报讯（记者 林小雨）正文。");
        dedupe_lead(&mut s).unwrap();
        assert_eq!(s.run_in().as_deref(), Some("本报讯（记者 林小雨）"));
        // a different dateline is the body's own, not a repeat
        let mut s = story(Some("新华社北京5月1日电"), None, "本报讯 正文。");
        assert_eq!(dedupe_lead(&mut s), None);
        assert_eq!(s.dateline.as_deref(), Some("新华社北京5月1日电"));
        // without front matter nothing is taken
        let mut s = story(None, None, "本报讯（记者 林小雨）正文。");
        assert_eq!(dedupe_lead(&mut s), None);
    }

    #[test]
    fn a_byline_paragraph_that_repeats_the_front_matter_is_dropped() {
        let mut s = story(None, Some("本报记者 林小雨"), "□本报记者 林小雨");
        assert_eq!(
            dedupe_lead(&mut s).as_deref(),
            Some("byline `□本报记者 林小雨`")
        );
        assert!(s.blocks.is_empty());
    }

    #[test]
    fn the_ornament_leaves_the_byline() {
        assert_eq!(clean_byline("□本报记者 林小雨"), "本报记者 林小雨");
        assert_eq!(clean_byline("■ 记者 张三 "), "记者 张三");
    }

    #[test]
    fn yaml_front_matter_reads_as_toml_does() {
        let text = "---\ndateline: 本报讯\nbyline: 本报记者 林小雨\nbook:\n  title: 书\n  date: 2022-12-05\n  identifier: urn:isbn:9787111547426\n---\n\n# 标题\n\n正文。\n";
        let (body, fronts) = split_front_matter(text, Path::new("a.md")).unwrap();
        assert_eq!(fronts.len(), 1);
        let f = &fronts[0];
        assert_eq!((f.first, f.last), (1, 8));
        assert_eq!(f.front.dateline.as_deref(), Some("本报讯"));
        assert_eq!(f.front.book.as_ref().unwrap().title, "书");
        assert_eq!(body.lines().nth(9), Some("# 标题"));
        // a rule between stories is Markdown, not front matter
        let text = "# 一\n\n正文。\n\n---\n\n# 二\n\n正文。\n";
        let (_, fronts) = split_front_matter(text, Path::new("a.md")).unwrap();
        assert!(fronts.is_empty());
        // a bad key names the file's line, and the key it may have meant
        let refused = |text: &str| {
            (split_front_matter(text, Path::new("a.md")).err())
                .unwrap()
                .to_string()
        };
        let err = refused("---\ndateline: 本报讯\nbylien: 某\n---\n# 标题\n");
        assert!(err.starts_with("a.md:3: front matter:"), "{err}");
        assert!(err.contains("bylien"), "{err}");
        assert!(err.ends_with("(did you mean `byline`?)"), "{err}");
        // and in TOML front matter
        let err = refused("+++\nkiker = \"引题\"\n+++\n# 标题\n");
        assert!(err.starts_with("a.md:2: front matter:"), "{err}");
        assert!(err.ends_with("(did you mean `kicker`?)"), "{err}");
    }
}
