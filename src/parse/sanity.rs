//! What a book must be before anything is typeset or written: stories with a headline and a body, headings
//! and titles of a length a page can hold, metadata without control characters, a language that is a BCP 47
//! tag. Every problem of a file is reported, not only the first.

use std::path::Path;

use super::report::Report;
use crate::error::{Error, Result};
use crate::model::{Block, Meta, Story};

/// The longest headline, kicker, subheadline or subhead line, in characters. Chinese headlines run to a
/// few dozen; a longer "heading" is a paragraph the structure rules took for one.
pub(crate) const MAX_HEADING_CHARS: usize = 200;
/// The longest book title or subtitle, in characters.
pub(crate) const MAX_TITLE_CHARS: usize = 200;
/// The longest author or publisher name, in characters.
const MAX_NAME_CHARS: usize = 100;

/// The problems of the `stories` read from `file`, each placed at its story's headline line (1-based,
/// `headline_lines[k]` for `stories[k]`, as the parse found them): an empty headline, a story without a
/// body, a heading longer than [`MAX_HEADING_CHARS`].
pub(super) fn stories(stories: &[Story], headline_lines: &[usize], file: &Path) -> Vec<Error> {
    debug_assert_eq!(stories.len(), headline_lines.len());
    let mut problems = Vec::new();
    for (story, &line) in stories.iter().zip(headline_lines) {
        let mut err = |message: String| {
            problems.push(Error::Input {
                path: file.to_path_buf(),
                line: Some(line),
                message,
            })
        };
        let headline = story.headline.trim();
        if headline.is_empty() {
            err("a story with an empty headline".into());
        }
        if story.blocks.is_empty() {
            err(format!(
                "the story 《{}》 has a headline but no text",
                preview(headline)
            ));
        }
        let headings = [
            ("headline", Some(&story.headline)),
            ("kicker", story.kicker.as_ref()),
            ("subheadline", story.subheadline.as_ref()),
            ("column", story.column.as_ref()),
        ];
        let subheads = story.blocks.iter().flat_map(|b| match b {
            Block::Subhead { lines } => lines.iter().collect::<Vec<_>>(),
            Block::Chapter { title, .. } => vec![title],
            _ => Vec::new(),
        });
        let all = headings
            .into_iter()
            .filter_map(|(what, t)| t.map(|t| (what, t)))
            .chain(subheads.map(|t| ("subhead", t)));
        for (what, t) in all {
            let n = t.chars().count();
            if n > MAX_HEADING_CHARS {
                err(format!(
                    "the {what} 「{}」 is {n} characters long (at most {MAX_HEADING_CHARS}): is it a paragraph?",
                    preview(t)
                ));
            }
        }
    }
    problems
}

/// Cleans and checks the book's metadata (`source` is the file that gave it, for messages): control and
/// invisible characters are removed from every field with a warning (line breaks become spaces), empty
/// authors and subjects dropped; then the title must be non-empty, names and titles of a sane length, and
/// the language a well-formed BCP 47 tag.
///
/// Errors: [`Error::Config`] naming `source`, listing every problem.
pub(super) fn meta(meta: &mut Meta, source: &Path, report: &mut Report) -> Result<()> {
    let mut clean = |key: &str, value: &mut String| {
        let cleaned = clean_text(value);
        if cleaned != *value {
            report.warn(
                source,
                0,
                format!("{key}: removed control or invisible characters"),
            );
            *value = cleaned;
        }
    };
    clean("title", &mut meta.title);
    clean("identifier", &mut meta.identifier);
    clean("language", &mut meta.language);
    for (key, field) in [
        ("subtitle", &mut meta.subtitle),
        ("publisher", &mut meta.publisher),
        ("description", &mut meta.description),
        ("rights", &mut meta.rights),
        ("print-source", &mut meta.print_source),
        ("newspaper", &mut meta.newspaper),
    ] {
        if let Some(v) = field {
            clean(key, v);
            if v.is_empty() {
                *field = None;
            }
        }
    }
    for v in meta.authors.iter_mut() {
        clean("authors", v);
    }
    for v in meta.subjects.iter_mut() {
        clean("subjects", v);
    }
    meta.authors.retain(|a| !a.is_empty());
    meta.subjects.retain(|s| !s.is_empty());
    Error::all(
        problems(meta)
            .into_iter()
            .map(|message| Error::Config {
                path: source.to_path_buf(),
                message,
            })
            .collect(),
    )
}

/// What is wrong with cleaned metadata: an empty title or identifier, an overlong title or name, a
/// language that is not a BCP 47 tag.
fn problems(meta: &Meta) -> Vec<String> {
    let mut problems = Vec::new();
    if meta.title.is_empty() {
        problems.push("title is empty: a book needs a title".to_string());
    }
    if meta.identifier.is_empty() {
        problems.push("identifier is empty".to_string());
    }
    let long = |key: &str, v: &str, max: usize| {
        let n = v.chars().count();
        (n > max).then(|| {
            format!(
                "{key} 「{}」 is {n} characters long (at most {max})",
                preview(v)
            )
        })
    };
    problems.extend(long("title", &meta.title, MAX_TITLE_CHARS));
    if let Some(s) = &meta.subtitle {
        problems.extend(long("subtitle", s, MAX_TITLE_CHARS));
    }
    if let Some(p) = &meta.publisher {
        problems.extend(long("publisher", p, MAX_NAME_CHARS));
    }
    for a in &meta.authors {
        problems.extend(long("an author", a, MAX_NAME_CHARS));
    }
    if let Err(e) = oxilangtag::LanguageTag::parse(meta.language.as_str()) {
        let hint = meta.language.replace('_', "-");
        let hint = if hint != meta.language && oxilangtag::LanguageTag::parse(hint.as_str()).is_ok()
        {
            format!(" (did you mean {hint:?}?)")
        } else {
            String::new()
        };
        problems.push(format!(
            "language = {:?} is not a BCP 47 language tag: {e}{hint}",
            meta.language
        ));
    }
    problems
}

/// `value` without control characters, noncharacters, bidi controls and zero-width characters; line
/// breaks and tabs become a space; surrounding spaces are trimmed.
fn clean_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}') {
            out.push(' ');
        } else if !crate::script::is_invisible(c) {
            out.push(c);
        }
    }
    out.trim().to_string()
}

/// The first 20 characters of `text`, for a message, with `…` where more follow (a headline cut short
/// without it read as if a character had been lost).
fn preview(text: &str) -> String {
    let mut chars = text.chars();
    let mut shown: String = chars.by_ref().take(20).collect();
    if chars.next().is_some() {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn meta() -> Meta {
        Meta {
            title: "书".into(),
            subtitle: None,
            language: "zh-CN".into(),
            publisher: None,
            date: Date::default(),
            identifier: "urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf".into(),
            print_source: None,
            authors: vec!["甲".into(), "乙".into()],
            description: None,
            rights: None,
            subjects: Vec::new(),
            cover: None,
            edition: None,
            printing: None,
            derived: false,
            newspaper: None,
        }
    }

    #[test]
    fn control_characters_are_stripped_with_a_warning() {
        let mut m = meta();
        m.title = "冰城\u{7}纪事\n上篇\u{202E}".into();
        m.authors.push("\u{1}".into());
        let mut report = Report::default();
        super::meta(&mut m, Path::new("b/book.toml"), &mut report).unwrap();
        assert_eq!(m.title, "冰城纪事 上篇");
        assert_eq!(m.authors, ["甲", "乙"]);
        assert_eq!(report.warnings.len(), 2, "{:?}", report.warnings);
    }

    #[test]
    fn bad_language_and_empty_title_are_refused_together() {
        let mut m = meta();
        m.title = " \u{7} ".into();
        m.language = "zh_TW".into();
        let err = super::meta(&mut m, Path::new("b/book.toml"), &mut Report::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("2 problems"), "{err}");
        assert!(err.contains("title is empty"), "{err}");
        assert!(
            err.contains("\"zh_TW\"") && err.contains("did you mean \"zh-TW\""),
            "{err}"
        );
        for good in ["zh-CN", "zh-Hant-TW", "en", "yue-HK"] {
            let mut m = meta();
            m.language = good.into();
            super::meta(&mut m, Path::new("b/book.toml"), &mut Report::default()).unwrap();
        }
    }

    #[test]
    fn a_story_without_a_body_names_its_line() {
        let story = Story {
            column: None,
            kicker: None,
            headline: "只有标题".into(),
            subheadline: None,
            dateline: None,
            byline: None,
            blocks: Vec::new(),
        };
        let errs = stories(&[story], &[2], Path::new("a.txt"));
        assert_eq!(errs.len(), 1);
        assert_eq!(
            errs[0].to_string(),
            "a.txt:2: the story 《只有标题》 has a headline but no text"
        );
    }

    #[test]
    fn a_long_headline_in_a_message_is_cut_with_an_ellipsis() {
        let story = Story {
            column: None,
            kicker: None,
            headline: "市委政法委下沉小分队提供及时高效暖心服务全方位融入".into(),
            subheadline: None,
            dateline: None,
            byline: None,
            blocks: Vec::new(),
        };
        let errs = stories(&[story], &[1], Path::new("a.txt"));
        assert_eq!(
            errs[0].to_string(),
            "a.txt:1: the story 《市委政法委下沉小分队提供及时高效暖心服务…》 has a headline but no text"
        );
        assert_eq!(preview("Café naïve à la crème"), "Café naïve à la crèm…");
        assert_eq!(preview("二十个字以内"), "二十个字以内");
    }
}
