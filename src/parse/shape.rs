//! The shape of a line of text, asked by every line parser: how it ends (closing quotes and brackets
//! looked through), the rules of `-`, `—`, `=` … around it, brackets around it, and the length limits of
//! heading and subhead lines.

/// A heading line (kicker, headline, subheadline, column) holds at most this many characters.
pub(super) const HEADING_MAX_CHARS: usize = 40;
/// A subhead line holds at most this many characters.
pub(super) const SUBHEAD_MAX_CHARS: usize = 30;

/// Characters that make up a rule (an ornamental line) when three or more stand together.
const RULE_CHARS: &[char] = &[
    '-', '—', '―', '─', '━', '═', '_', '＿', '=', '＝', '~', '～', '*', '＊', '#', '＃',
];

/// Closing marks looked through when finding how a line ends.
const CLOSERS: &[char] = &['”', '’', '」', '』', '）', ')', '》', '〉', '】', '"', '\''];

/// How a line ends, closing quotes and brackets looked through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ending {
    /// A letter, digit or anything else that ends nothing.
    Open,
    /// `。` or `.` (English).
    Period,
    /// `？！?!`
    Question,
    /// `…` (`……`, `...`).
    Ellipsis,
    /// `—` (`——`).
    Dash,
    /// `：:`
    Colon,
    /// `，,、；;`
    Comma,
}

/// How `text` ends, and whether closing quotes or brackets stood after that.
pub(super) fn ending(text: &str) -> (Ending, bool) {
    let trimmed = text.trim_end_matches(CLOSERS);
    let closed = trimmed.len() < text.len();
    let kind = match trimmed.chars().last() {
        Some('。' | '.' | '．') if trimmed.ends_with("...") => Ending::Ellipsis,
        Some('。' | '.' | '．') => Ending::Period,
        Some('？' | '！' | '?' | '!') => Ending::Question,
        Some('…' | '⋯') => Ending::Ellipsis,
        Some('—' | '―') => Ending::Dash,
        Some('：' | ':') => Ending::Colon,
        Some('，' | ',' | '、' | '；' | ';') => Ending::Comma,
        _ => Ending::Open,
    };
    (kind, closed)
}

/// Splits a rule off the start and end of a line: `“疫”线媒体人----` → (`“疫”线媒体人`, true). The text
/// is a slice of `line`: the whole of it when no rule stood there.
pub(super) fn strip_rules(line: &str) -> (&str, bool) {
    let is_rule = |c: char| RULE_CHARS.contains(&c);
    let body = line.trim_start_matches(is_rule);
    let rest = body.trim_end_matches(is_rule);
    let lead = &line[..line.len() - body.len()];
    let trail = &body[rest.len()..];
    let start = if lead.chars().nth(2).is_some() {
        lead.len()
    } else {
        0
    };
    let end = if trail.chars().nth(2).is_some() {
        line.len() - trail.len()
    } else {
        line.len()
    };
    if start == 0 && end == line.len() {
        return (line, false);
    }
    (line[start..end.max(start)].trim(), true)
}

/// The text inside one pair of brackets `（…）`, `(…)`, `【…】`, `[…]` around the whole of `s` (trimmed).
pub(super) fn strip_brackets(s: &str) -> Option<&str> {
    let s = s.trim();
    for (open, close) in [('（', '）'), ('(', ')'), ('【', '】'), ('[', ']')] {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return Some(inner);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endings() {
        assert_eq!(ending("说。”"), (Ending::Period, true));
        assert_eq!(ending("物资？"), (Ending::Question, false));
        assert_eq!(ending("垃圾……"), (Ending::Ellipsis, false));
        assert_eq!(ending("边战“疫”"), (Ending::Open, true));
        assert_eq!(ending("不顾自"), (Ending::Open, false));
        assert_eq!(ending("他说："), (Ending::Colon, false));
        assert_eq!(ending("wait..."), (Ending::Ellipsis, false));
    }

    #[test]
    fn rules_are_stripped() {
        assert_eq!(strip_rules("“疫”线媒体人----"), ("“疫”线媒体人", true));
        assert_eq!(strip_rules("===栏目==="), ("栏目", true));
        assert_eq!(strip_rules("——记老党员宋业宏"), ("——记老党员宋业宏", false));
        assert_eq!(strip_rules("垃圾——"), ("垃圾——", false));
        assert_eq!(strip_rules("--------"), ("", true));
    }

    /// The rules are found from the line's ends as they were when its characters were collected first.
    #[test]
    fn rules_are_stripped_as_by_counting_characters() {
        fn by_chars(line: &str) -> (String, bool) {
            let chars: Vec<char> = line.chars().collect();
            let is_rule = |c: &char| RULE_CHARS.contains(c);
            let lead = chars.iter().take_while(|c| is_rule(c)).count();
            let trail = chars[lead..]
                .iter()
                .rev()
                .take_while(|c| is_rule(c))
                .count();
            let start = if lead >= 3 { lead } else { 0 };
            let end = if trail >= 3 {
                chars.len() - trail
            } else {
                chars.len()
            };
            if start == 0 && end == chars.len() {
                return (line.to_string(), false);
            }
            let text: String = chars[start..end.max(start)].iter().collect();
            (text.trim().to_string(), true)
        }
        let ends = ["", "-", "——", "==＝", "—-—-", "~～*", " -- ", "—— "];
        for lead in ends {
            for mid in ["", " ", "栏目", " 文字 ", "a-b", "—"] {
                for trail in ends {
                    let line = format!("{lead}{mid}{trail}");
                    let (text, decorated) = strip_rules(&line);
                    assert_eq!((text.to_string(), decorated), by_chars(&line), "{line:?}");
                }
            }
        }
    }
}
