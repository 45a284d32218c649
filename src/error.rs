//! The library's error type: every failure names the file (and line or byte offset where there is one).

use std::path::PathBuf;

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, and where.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying I/O error (shown in the message, so not chained as a `source` too).
        cause: std::io::Error,
    },
    /// The bytes of an input file are not text in any accepted encoding.
    #[error("{}{}: not valid text at byte offset {offset}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Decode {
        /// The input file.
        path: PathBuf,
        /// Byte offset of the first bad sequence (0 where the whole file is not text).
        offset: usize,
        /// 1-based line of that byte (line feeds before it, plus one), when it is not the file's start and
        /// the file is not UTF-16.
        line: Option<usize>,
        /// What was tried.
        message: String,
    },
    /// The input is text but cannot be understood (empty, no headline, bad structure).
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Input {
        /// The input file or folder.
        path: PathBuf,
        /// 1-based line number, when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A configuration file (`book.toml`, a style) is invalid.
    #[error("{}: {message}", path.display())]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong (serde's message names the key and line).
        message: String,
    },
    /// A style file is invalid: bad TOML, an unknown or missing key, values that cannot make a page.
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Style {
        /// The file that gave the bad key: the style file, a style it extends, or `book.toml` for its
        /// `[style]` table.
        path: PathBuf,
        /// 1-based line of the bad key's value, when it is known and the message does not show it
        /// (serde's message for a whole style file shows its own line and excerpt).
        line: Option<usize>,
        /// What is wrong, starting with the dotted key where there is one.
        message: String,
    },
    /// A font cannot be used.
    #[error("font {name}: {message}")]
    Font {
        /// The face's name.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// Characters no face can set, with `--strict` (without it they are warnings and print shows 〓).
    #[error("{} place(s) hold a character no face can set:\n{}", missing.len(), missing.iter().map(|m| format!("  {m}")).collect::<Vec<_>>().join("\n"))]
    Unsettable {
        /// Every place, in input order.
        missing: Vec<MissingChar>,
    },
    /// What preflight found wrong for the press, with `--strict`: an image under 250 ppi on any build, and
    /// with `--preflight` also text inside the safety margin (without `--strict` they are warnings).
    #[error("preflight failed:\n{}", problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Preflight {
        /// Every problem, in page order.
        problems: Vec<String>,
    },
    /// Warnings, with `--strict`: every one the run found (each naming its file and line), nothing
    /// written.
    #[error("{} warning(s), and --strict makes them errors:\n{}", warnings.len(), warnings.iter().map(|w| format!("  {w}")).collect::<Vec<_>>().join("\n"))]
    Warnings {
        /// Every warning, in input order.
        warnings: Vec<String>,
    },
    /// Text or a box the typesetter would place outside the page: a style or a text the page cannot hold.
    #[error("page {page}: {message}")]
    Layout {
        /// 1-based page number in the PDF.
        page: usize,
        /// The element (its role and the start of its text) and how far it falls outside.
        message: String,
    },
    /// Every problem one run found (each naming its file and line), reported together.
    #[error("{} problems:\n{}", .0.len(), list(.0))]
    Many(Vec<Error>),
    /// Writing an output format failed.
    #[error("{format} output: {message}")]
    Render {
        /// `pdf` or `epub`.
        format: &'static str,
        /// What is wrong.
        message: String,
    },
}

/// A character no face can set, where it stands in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingChar {
    /// The input file.
    pub path: PathBuf,
    /// 1-based line (0: not in any input file).
    pub line: usize,
    /// 1-based column, in characters (0: not in any input file).
    pub column: usize,
    /// The character.
    pub ch: char,
}

impl std::fmt::Display for MissingChar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{} U+{:04X} {}",
            self.path.display(),
            self.line,
            self.column,
            self.ch as u32,
            self.ch
        )
    }
}

/// What kind of failure an [`Error`] is: each kind has its own exit status (`huozi`'s documented exit
/// codes), so a script can tell a bad story from a bad style, a missing face or a full disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// The book's input: a story file, `book.toml`, an image, the structure, a bad output path (exit 3).
    Input,
    /// The style: bad TOML or values, or a page that cannot hold the text it is given (exit 4).
    Style,
    /// A face cannot be used, or (`--strict`) a character no face can set (exit 5).
    Font,
    /// Reading or writing a file failed (exit 6).
    Io,
    /// `--strict`: a warning, or a preflight problem, made an error (exit 7).
    Strict,
    /// An edition cannot be written as asked (a PDF standard the book cannot meet) (exit 8).
    Render,
}

impl ErrorKind {
    /// The process exit status of this kind: 3 input, 4 style, 5 font, 6 I/O, 7 strict, 8 render (0 is
    /// success, 1 a failure outside the library, 2 a command-line usage error).
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Input => 3,
            ErrorKind::Style => 4,
            ErrorKind::Font => 5,
            ErrorKind::Io => 6,
            ErrorKind::Strict => 7,
            ErrorKind::Render => 8,
        }
    }
}

/// The problems, one a line, indented.
fn list(errors: &[Error]) -> String {
    let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
    lines.join("\n")
}

impl Error {
    /// `Ok` when `errors` is empty, the error itself when there is one, else [`Error::Many`] holding all
    /// (a nested [`Error::Many`] is flattened).
    pub fn all(errors: Vec<Error>) -> Result<()> {
        let mut flat = Vec::with_capacity(errors.len());
        for e in errors {
            match e {
                Error::Many(inner) => flat.extend(inner),
                e => flat.push(e),
            }
        }
        match flat.len() {
            0 => Ok(()),
            1 => Err(flat.pop().expect("one error")),
            _ => Err(Error::Many(flat)),
        }
    }

    /// The kind of failure, which gives the exit status: of [`Error::Many`], its first problem's kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Io { .. } => ErrorKind::Io,
            Error::Decode { .. } | Error::Input { .. } | Error::Config { .. } => ErrorKind::Input,
            Error::Style { .. } | Error::Layout { .. } => ErrorKind::Style,
            Error::Font { .. } | Error::Unsettable { .. } => ErrorKind::Font,
            Error::Preflight { .. } | Error::Warnings { .. } => ErrorKind::Strict,
            Error::Render { .. } => ErrorKind::Render,
            Error::Many(all) => all.first().map_or(ErrorKind::Input, Error::kind),
        }
    }

    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            cause: source,
        }
    }
}

/// `message`, serde's error about an unknown key or value (`unknown field `publsher`, expected one of
/// `title`, …`; `unknown variant …`; as its last line, where TOML puts the source's excerpt first; or
/// serde-saphyr's, whose names are unquoted and followed by `at line …`: a YAML front matter's), with
/// the expected name nearest the one given added when it is near enough to be a slip of the keyboard:
/// ``… (did you mean `publisher`?)``. Near enough: at most a third of the given name's characters apart
/// (Damerau–Levenshtein distance, `strsim`; at least one), with `_` and `-` and letter case alike, and
/// nearer than any other expected name (an alias, such as `print_source` for `print-source`, counts as
/// the name it stands for, the one listed first); or, failing that, the one expected name that is the
/// given name with its unit added (`size` → `size-pt`, `indent` → `indent-em`: a style's lengths name
/// their unit, points, ems or millimetres). Any other message is returned as it is.
///
/// An alias that differs from a name listed before it only by `_` for `-` (`print_source` after
/// `print-source`) is dropped from serde's quoted list, which shows each key once, as the documentation
/// spells it.
pub(crate) fn with_spelling_hint(message: String) -> String {
    let message = without_aliases(message);
    match spelling_hint(&message) {
        Some(name) => format!("{message} (did you mean `{name}`?)"),
        None => message,
    }
}

/// Full-width marks a Chinese input method types where TOML wants ASCII ones: quotes, comma, colon,
/// equals sign and brackets.
const FULL_WIDTH_MARKS: &[char] = &[
    '“', '”', '‘', '’', '，', '：', '＝', '［', '］', '【', '】', '＂',
];

/// The line's opening that tells a TOML file typed with full-width marks ([`points_at_full_width`]) what
/// TOML wants; the caller adds examples of its own keys.
pub(crate) const ASCII_MARKS: &str =
    "TOML's quotes, commas, colons, `=` and brackets are ASCII (半角)";

/// Whether the line of `text` that `e` (an error TOML found in `text`) points at holds a full-width mark
/// a Chinese input method types where TOML wants an ASCII one (“”，：＝［］…): the sign that the error is
/// that mark, whatever TOML calls it ("string values must be quoted", "missing comma").
pub(crate) fn points_at_full_width(e: &toml::de::Error, text: &str) -> bool {
    let line = e.span().and_then(|span| {
        let before = text.get(..span.start)?;
        let begin = before.rfind('\n').map_or(0, |i| i + 1);
        let end = (text.get(span.start..)?.find('\n')).map_or(text.len(), |i| span.start + i);
        text.get(begin..end)
    });
    line.is_some_and(|l| l.contains(FULL_WIDTH_MARKS))
}

/// `message` with the names of its last line's quoted list (``expected one of `a`, `b`, …``) that
/// repeat a name before them, `_` taken for `-` and letter case alike, left out; any other message as it
/// is.
fn without_aliases(message: String) -> String {
    const LIST: &str = "expected one of `";
    let last = message.rfind('\n').map_or(0, |i| i + 1);
    let Some(at) = message[last..]
        .find(LIST)
        .map(|i| last + i + LIST.len() - 1)
    else {
        return message;
    };
    let list = &message[at..];
    let names: Vec<&str> = list.split(", ").collect();
    // serde's list is the line's end: every item one quoted name
    if !names
        .iter()
        .all(|n| n.len() > 2 && n.starts_with('`') && n.ends_with('`'))
    {
        return message;
    }
    let mut kept: Vec<&str> = Vec::with_capacity(names.len());
    for name in names {
        if !kept.iter().any(|k| alike(k) == alike(name)) {
            kept.push(name);
        }
    }
    format!("{}{}", &message[..at], kept.join(", "))
}

/// A name as the spelling hints compare it: lower case, `_` as `-`.
fn alike(name: &str) -> String {
    name.to_lowercase().replace('_', "-")
}

/// The index among `candidates` of the one nearest `typed` (Damerau–Levenshtein, `strsim`) when it is
/// nearer than any other and at most a third of `chars` (the given name's length in characters; at least
/// one) away: a slip of the keyboard. `None` otherwise.
pub(crate) fn slip_of<'a>(
    typed: &str,
    chars: usize,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<usize> {
    let mut near: Vec<(usize, usize)> = (candidates.enumerate())
        .map(|(i, c)| (strsim::damerau_levenshtein(typed, c), i))
        .collect();
    near.sort();
    let (best, i) = *near.first()?;
    let alone = near.get(1).is_none_or(|&(d, _)| d > best);
    (alone && best <= (chars / 3).max(1)).then_some(i)
}

/// The expected name [`with_spelling_hint`] suggests for `message`, if any.
fn spelling_hint(message: &str) -> Option<String> {
    let line = message.lines().last()?;
    let rest = (line.strip_prefix("unknown field `"))
        .or_else(|| line.strip_prefix("unknown variant `"))?;
    let (given, rest) = rest.split_once('`')?;
    let (_, expected) = rest.split_once("expected")?;
    // serde's list quotes each name (`a`, `b` or `c`); serde-saphyr's does not, and ends with where
    let expected = expected.split(" at line ").next().unwrap_or(expected);
    let expected = expected
        .trim_start()
        .trim_start_matches("one of")
        .replace(" or ", ",");
    let mut names: Vec<(String, &str)> = Vec::new();
    for name in expected.split(',').map(|n| n.trim().trim_matches('`')) {
        if !name.is_empty() && !names.iter().any(|(key, _)| *key == alike(name)) {
            names.push((alike(name), name));
        }
    }
    let typed = alike(given);
    let keys = names.iter().map(|(key, _)| key.as_str());
    if let Some(i) = slip_of(&typed, given.chars().count(), keys) {
        let name = names[i].1;
        if name != given {
            return Some(name.to_string());
        }
    }
    // the name without its unit: the one expected name that is it with `-pt`, `-em` or `-mm` added
    let mut united = (names.iter()).filter(|(key, _)| {
        ["-pt", "-em", "-mm"]
            .iter()
            .any(|u| *key == format!("{typed}{u}"))
    });
    match (united.next(), united.next()) {
        (Some((_, name)), None) => Some(name.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::with_spelling_hint;

    #[test]
    fn a_misspelt_key_gets_the_nearest_expected_one() {
        let toml = "TOML parse error at line 2, column 1\n  |\n2 | publsher = \"y\"\n  | ^^^^^^^^\n\
                    unknown field `publsher`, expected one of `title`, `subtitle`, `publisher`, \
                    `print-source`, `print_source`, `derived`";
        assert!(with_spelling_hint(toml.into()).ends_with(
            "expected one of `title`, `subtitle`, `publisher`, `print-source`, `derived` \
             (did you mean `publisher`?)"
        ));
        let alias =
            "unknown field `print_sorce`, expected one of `title`, `print-source`, `print_source`";
        assert_eq!(
            with_spelling_hint(alias.into()),
            "unknown field `print_sorce`, expected one of `title`, `print-source` \
             (did you mean `print-source`?)"
        );
        let snake = "unknown field `size_pt`, expected one of `size-pt`, `leading-pt`";
        assert!(with_spelling_hint(snake.into()).ends_with(" (did you mean `size-pt`?)"));
        let two = "unknown variant `midle`, expected `middle` or `end`";
        assert!(with_spelling_hint(two.into()).ends_with(" (did you mean `middle`?)"));
        // serde-saphyr's (YAML front matter) list: names unquoted, the place after them
        let yaml = "unknown field `byine`, expected one of column, kicker, byline, book at line 1, column 1";
        assert!(with_spelling_hint(yaml.into()).ends_with("column 1 (did you mean `byline`?)"));
    }

    #[test]
    fn a_length_named_without_its_unit_gets_the_name_with_it() {
        let body = "unknown field `size`, expected one of `face`, `weight`, `size-pt`, `measure-em`,                     `line-pitch-em`, `indent-em`, `orphans`";
        assert!(with_spelling_hint(body.into()).ends_with(" (did you mean `size-pt`?)"));
        let indent = "unknown field `Indent`, expected one of `size-pt`, `indent-em`";
        assert!(with_spelling_hint(indent.into()).ends_with(" (did you mean `indent-em`?)"));
        // two units for one name: no guess
        let both = "unknown field `gap`, expected one of `gap-pt`, `gap-em`";
        assert_eq!(with_spelling_hint(both.into()), both);
    }

    #[test]
    fn no_guess_for_a_far_or_ambiguous_name_or_another_message() {
        for message in [
            "unknown field `colour`, expected one of `title`, `publisher`",
            "unknown field `ab`, expected one of `ac`, `ad`",
            "unknown field `x`, there are no fields",
            "invalid type: string \"a\", expected an integer",
        ] {
            assert_eq!(with_spelling_hint(message.into()), message);
        }
    }
}
