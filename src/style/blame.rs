//! Where a composed style's bad key stands. A style that `extends` another, or `book.toml`'s `[style]`
//! table, is merged into one table before serde reads it, so serde's messages name the key but neither
//! the file that gave it nor its line: [`place`] finds both, the last file to give the key first (the
//! `[style]` table, then the style file, then the styles it extends, as they were merged).

use std::ops::Range;
use std::path::PathBuf;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A file whose keys went into a composed style: its path, its TOML text, and the table its style keys
/// sit in there (`Some("style")` for `book.toml`'s `[style]`; `None`: at the top).
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// The file, as the error names it.
    pub path: PathBuf,
    /// Its text, as read.
    pub text: String,
    /// The table holding the style's keys in that file (`style` in `book.toml`).
    pub table: Option<&'static str>,
}

/// A composed style's error placed: the file that gave the key, the key's 1-based line there, and the
/// message (`[style]: ` put before it for `book.toml`'s table).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    /// The file that gave the key.
    pub path: PathBuf,
    /// The 1-based line of the key's value (of the key itself for an unknown key).
    pub line: usize,
    /// The message, as it will be shown after `path:line: `.
    pub message: String,
}

impl From<Placed> for crate::error::Error {
    fn from(placed: Placed) -> Self {
        crate::error::Error::Style {
            path: placed.path,
            line: Some(placed.line),
            message: placed.message,
        }
    }
}

/// The file and line of the key `message` begins with (`body.size-pt: invalid type …`, `body.size-pt must
/// be …`, `roles.headline: no bundled face …`), searched in `sources` in turn; `None` when the message
/// begins with no key or no source gives it (a key only the embedded default gives, a value `paper`
/// made). A check about several keys begins with them all ([`either`]): the first file that gives any
/// is blamed, at the first of them it gives, and the message then begins with that one.
pub(crate) fn place(message: &str, sources: &[Source]) -> Option<Placed> {
    let keys = leading_key(message)?;
    let rest = &message[keys.len()..];
    let unknown = rest.starts_with(": unknown field `");
    sources.iter().find_map(|source| {
        keys.split('|').find_map(|key| {
            // `print.accent-cmyk[2]`: an array's element by its index
            let segments: Vec<&str> = (key.split(['.', '[', ']']))
                .filter(|s| !s.is_empty())
                .collect();
            let span = span_of(&source.text, source.table, &segments, unknown)?;
            let line = source.text[..span.start].matches('\n').count() + 1;
            let message = match source.table {
                Some(_) => format!("[style]: {key}{rest}"),
                None => format!("{key}{rest}"),
            };
            Some(Placed {
                path: source.path.clone(),
                line,
                message,
            })
        })
    })
}

/// The keys a check about several of them begins its message with (`key|key|…: …`), the one a user
/// most likely changed first; [`place`] keeps the one it finds, [`unplaced`] drops them.
pub(crate) fn either(keys: &[&str]) -> String {
    keys.join("|")
}

/// `message` as shown when [`place`] finds none of its keys: without the keys of a check about several.
pub(crate) fn unplaced(message: String) -> String {
    match leading_key(&message) {
        Some(keys) if keys.contains('|') => {
            let rest = &message[keys.len()..];
            rest.strip_prefix(": ").unwrap_or(rest).to_string()
        }
        _ => message,
    }
}

/// The dotted key `message` starts with (an array's element as `key[2]`; several as `key|key`): up to
/// its first `:` or space, made of key characters and starting with a letter.
fn leading_key(message: &str) -> Option<&str> {
    let end = message.find([':', ' '])?;
    let key = &message[..end];
    let keyish =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '[' | ']' | '|');
    let starts = key.starts_with(|c: char| c.is_ascii_alphabetic());
    (starts && key.chars().all(keyish)).then_some(key)
}

/// The byte range in `text` of the value at `segments` (under `table`, when given; a segment of digits
/// indexes an array), or of the last key itself when `at_key`; `None` when `text` is no TOML or does not
/// give that key.
fn span_of(
    text: &str,
    table: Option<&str>,
    segments: &[&str],
    at_key: bool,
) -> Option<Range<usize>> {
    let root = DeTable::parse(text).ok()?;
    let path: Vec<&str> = table.into_iter().chain(segments.iter().copied()).collect();
    let (last, within) = path.split_last()?;
    let mut current = root.get_ref();
    let mut value: Option<&Spanned<DeValue>> = None;
    for segment in within {
        let next = match value.map(Spanned::get_ref) {
            None => entry(current, segment)?.1,
            Some(DeValue::Table(inner)) => entry(inner, segment)?.1,
            Some(array) => array.get(segment.parse::<usize>().ok()?)?,
        };
        if let DeValue::Table(inner) = next.get_ref() {
            current = inner;
        }
        value = Some(next);
    }
    match value.map(Spanned::get_ref) {
        None | Some(DeValue::Table(_)) => {
            let (key, value) = entry(current, last)?;
            Some(if at_key { key } else { value.span() })
        }
        Some(array) => Some(array.get(last.parse::<usize>().ok()?)?.span()),
    }
}

/// The span of the key `name` in `table` and its value.
fn entry<'t, 'i>(
    table: &'t DeTable<'i>,
    name: &str,
) -> Option<(Range<usize>, &'t Spanned<DeValue<'i>>)> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == name)
        .map(|(k, v)| (k.span(), v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Source {
        Source {
            path: "s.toml".into(),
            text: text.into(),
            table: None,
        }
    }

    #[test]
    fn a_key_is_placed_at_its_value_in_the_last_file_that_gives_it() {
        let own = file("extends = \"default\"\n\n[body]\nsize-pt = \"big\"\n");
        let book = Source {
            path: "book.toml".into(),
            text: "title = \"书\"\n[style]\nbody.indent-em = true\n".into(),
            table: Some("style"),
        };
        let sources = [book, own];
        let message = "body.size-pt: invalid type: string \"big\", expected a number";
        assert_eq!(
            place(message, &sources),
            Some(Placed {
                path: "s.toml".into(),
                line: 4,
                message: message.into()
            })
        );
        let indent = place("body.indent-em: invalid type", &sources).unwrap();
        assert_eq!((indent.path, indent.line), ("book.toml".into(), 3));
        assert_eq!(indent.message, "[style]: body.indent-em: invalid type");
        // a key of a table header, a dotted key and an inline table
        let roles = file("[roles.headline]\nsize-pt = 20\n\n[roles]\nbyline = { align = \"x\" }\n");
        let headline = place("roles.headline must be …", std::slice::from_ref(&roles));
        assert_eq!(headline.map(|p| p.line), Some(1));
        let align = place("roles.byline.align: unknown variant", &[roles]);
        assert_eq!(align.map(|p| p.line), Some(5));
        // an array's element
        let print = file("[print]\naccent-cmyk = [\n  0,\n  300,\n]\n");
        let cmyk = place(
            "print.accent-cmyk.1: invalid value",
            std::slice::from_ref(&print),
        );
        assert_eq!(cmyk.map(|p| p.line), Some(4));
        assert_eq!(place("print.accent-cmyk[7]: invalid value", &[print]), None);
    }

    #[test]
    fn an_unknown_key_is_placed_at_the_key_and_a_key_no_file_gives_nowhere() {
        let own = file("[body]\n\nsizept = [\n  1,\n]\n");
        let unknown = "body.sizept: unknown field `sizept`, expected one of `size-pt`";
        assert_eq!(
            place(unknown, std::slice::from_ref(&own)).map(|p| p.line),
            Some(3)
        );
        // the key is not in the file (the default gave it), or the message starts with no key
        assert_eq!(
            place("body.size-pt must be positive", std::slice::from_ref(&own)),
            None
        );
        assert_eq!(
            place("the measure (33 em) is wider", std::slice::from_ref(&own)),
            None
        );
        assert_eq!(
            place("body.sizept: x", &[file("not = toml = at all")]),
            None
        );
        assert_eq!(leading_key("[style]: x"), None);
        // a check about several keys: the first file giving any, at the first of them it gives
        let book = Source {
            path: "book.toml".into(),
            text: "[style]\nextends = \"s.toml\"\n".into(),
            table: Some("style"),
        };
        let base = file("paper = \"A6\"\n[body]\nline-pitch-em = 2\nlines-per-page = 40\n");
        let keys = either(&["body.lines-per-page", "body.line-pitch-em", "paper"]);
        let message = format!("{keys}: 40 lines do not fit");
        let placed = place(&message, &[book.clone(), base]).unwrap();
        assert_eq!(
            (placed.line, placed.message.as_str()),
            (4, "body.lines-per-page: 40 lines do not fit")
        );
        assert_eq!(place(&message, std::slice::from_ref(&book)), None);
        assert_eq!(unplaced(message), "40 lines do not fit");
        assert_eq!(unplaced("body.size-pt: x".into()), "body.size-pt: x");
        assert_eq!(leading_key("12: x"), None);
    }
}
