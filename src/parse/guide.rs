//! The rule tables of `docs/guide.md`, written from the tables in the code, between the markers
//! `<!-- rules:begin -->` and `<!-- rules:end -->`: the normalisation rules (`normalize/rules.rs`), the
//! structure rules (`rules.rs`) and the word lists the structure rules name (`byline`, `dateline`,
//! `news`, `classify`). The test fails when the guide differs from what the code says;
//! `HUOZI_BLESS=1 cargo test --release --lib guide` writes the tables into the guide instead.

use super::byline::{BYLINE_ROLES, NOT_NAMES, ORNAMENTS};
use super::classify::{EDITOR_LABELS, ENDING_MARKS};
use super::dateline::DATELINE_SOURCES;
use super::news::LEAD_INS;
use super::normalize::NORMALIZE_RULES;
use super::rules::RULES;

const BEGIN: &str = "<!-- rules:begin -->";
const END: &str = "<!-- rules:end -->";

/// `text` for a table cell: `|` escaped, invisible characters and line breaks shown.
fn cell(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' => out.push('⏎'),
            c if c.is_control()
                || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}') =>
            {
                out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
            }
            c => out.push(c),
        }
    }
    if out.ends_with(' ') {
        out.pop();
        out.push_str("⟨U+0020⟩");
    }
    out
}

/// `text` as a code span in a cell.
fn code(text: &str) -> String {
    format!("`{}`", cell(text))
}

/// The structure rules' compact parse notation (`H:标题 | B:… || H:…`, see `rules::Rule`) in words.
fn parse_in_words(expect: &str) -> String {
    let stories: Vec<&str> = expect.split(" || ").collect();
    let numbered = stories.len() > 1;
    let words: Vec<String> = stories
        .iter()
        .enumerate()
        .map(|(i, story)| {
            let parts: Vec<String> = story
                .split(" | ")
                .map(|part| {
                    let (tag, value) = part.split_once(':').expect("TAG:value");
                    let name = match tag {
                        "C" => "column",
                        "K" => "kicker",
                        "H" => "headline",
                        "S" => "subheadline",
                        "D" => "dateline",
                        "B" => "byline",
                        "P" => "paragraph",
                        "T" => "subhead",
                        "X1" => "chapter",
                        "X2" => "section",
                        "N" => "editor's note",
                        "G" => "caption",
                        "E" => "end mark",
                        "R" => "editor",
                        "Q" => "quote",
                        "L" => "list",
                        "I" => "image",
                        other => panic!("unknown tag {other} in {expect}"),
                    };
                    // A subhead's lines are joined with `/` in the notation.
                    let value = match tag {
                        "T" => value.replace('/', " / "),
                        _ => value.to_string(),
                    };
                    format!("{name} {}", code(&value))
                })
                .collect();
            let prefix = if numbered {
                format!("story {}: ", i + 1)
            } else {
                String::new()
            };
            format!("{prefix}{}", parts.join(", "))
        })
        .collect();
    words.join("<br>")
}

/// The generated part of the guide (without the markers).
fn tables() -> String {
    let mut out = String::from(
        "\n### Normalisation\n\n| rule (`[normalize]` key) | what it does | before | after |\n|---|---|---|---|\n",
    );
    for rule in NORMALIZE_RULES {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            rule.id.name(),
            cell(rule.does).replace('⏎', " "),
            code(rule.before),
            code(rule.after)
        ));
    }
    out.push_str(
        "\n### Structure\n\n| rule | what it finds | example (⏎ = line break) | what huozi makes of it |\n\
         |---|---|---|---|\n",
    );
    for rule in RULES {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            rule.name,
            cell(rule.rule),
            code(rule.input),
            parse_in_words(rule.expect)
        ));
    }
    out.push_str("\n### Word lists\n\n| list | what it holds | entries |\n|---|---|---|\n");
    let ornaments: Vec<String> = ORNAMENTS.iter().map(char::to_string).collect();
    let lists: [(&str, &str, Vec<&str>); 7] = [
        (
            "BYLINE_ROLES",
            "roles that open a byline, longest first (besides any `…报/社/网/台记者`)",
            BYLINE_ROLES.to_vec(),
        ),
        (
            "NOT_NAMES",
            "words after `记者` that make a column tag (`记者手记`), not a byline",
            NOT_NAMES.to_vec(),
        ),
        (
            "ORNAMENTS",
            "ornaments set before a byline; dropped",
            ornaments.iter().map(String::as_str).collect(),
        ),
        (
            "DATELINE_SOURCES",
            "sources that open a dateline (besides any 2–8 Han characters ending in `报/社/网/台`)",
            DATELINE_SOURCES.to_vec(),
        ),
        (
            "LEAD_INS",
            "lead-in words that make the first of two heading lines a kicker",
            LEAD_INS.to_vec(),
        ),
        (
            "ENDING_MARKS",
            "marks that end a story",
            ENDING_MARKS.to_vec(),
        ),
        (
            "EDITOR_LABELS",
            "labels of an editor credit line",
            EDITOR_LABELS.to_vec(),
        ),
    ];
    for (name, holds, entries) in lists {
        let entries: Vec<String> = entries.iter().map(|e| code(e)).collect();
        out.push_str(&format!("| `{name}` | {holds} | {} |\n", entries.join(" ")));
    }
    out.push('\n');
    out
}

#[test]
fn the_guides_rule_tables_match_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/guide.md");
    let guide = std::fs::read_to_string(&path).expect("docs/guide.md");
    let (head, rest) = guide
        .split_once(BEGIN)
        .unwrap_or_else(|| panic!("docs/guide.md has no {BEGIN}"));
    let (inside, tail) = rest
        .split_once(END)
        .unwrap_or_else(|| panic!("docs/guide.md has no {END} after {BEGIN}"));
    let want = tables();
    if std::env::var_os("HUOZI_BLESS").is_some() {
        std::fs::write(&path, format!("{head}{BEGIN}{want}{END}{tail}")).expect("write the guide");
        return;
    }
    assert!(
        inside == want,
        "docs/guide.md's rule tables differ from the code; regenerate them with\n  \
         HUOZI_BLESS=1 cargo test --release --lib guide\n--- guide\n{inside}\n--- code\n{want}"
    );
}

#[test]
fn the_tables_show_what_a_reader_cannot_see() {
    assert_eq!(
        cell("甲\u{7}乙\u{200B}|丙 "),
        "甲⟨U+0007⟩乙⟨U+200B⟩\\|丙⟨U+0020⟩"
    );
    assert_eq!(
        parse_in_words("H:甲 | T:一/二 || H:乙 | P:正文。"),
        "story 1: headline `甲`, subhead `一 / 二`<br>story 2: headline `乙`, paragraph `正文。`"
    );
}
