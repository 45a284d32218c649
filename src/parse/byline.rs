//! Bylines: `□本报记者 黄晏君`, `记者 张三、李四 通讯员 王五`, `文/张三`, `（记者 张三）` — roles
//! ([`BYLINE_ROLES`]) followed by names.

use super::shape::{HEADING_MAX_CHARS, strip_brackets};
use crate::script::is_han;

/// Roles that open a byline, longest first (besides any `<Han>报记者`, `<Han>社记者` … e.g. `人民日报记者`).
pub(crate) const BYLINE_ROLES: &[&str] = &[
    "本报特约记者",
    "本报见习记者",
    "本报实习记者",
    "本报首席记者",
    "本报通讯员",
    "本报实习生",
    "本报记者",
    "新华社记者",
    "特约记者",
    "见习记者",
    "实习记者",
    "首席记者",
    "特约撰稿",
    "通讯员",
    "实习生",
    "记者",
    "文/图",
    "文／图",
    "文/",
    "文／",
    "图/",
    "图／",
    "摄影",
    "撰文",
];

/// Words that look like a name after `记者` but make a column tag (`记者手记`), not a byline.
pub(crate) const NOT_NAMES: &[&str] = &[
    "手记", "札记", "观察", "调查", "视点", "笔记", "日记", "来信", "在线",
];

/// Ornaments that papers set before a byline (`□本报记者 黄晏君`); dropped.
pub(crate) const ORNAMENTS: &[char] = &[
    '□', '■', '◇', '◆', '○', '●', '◎', '☆', '★', '▲', '△', '▼', '▽', '※', '▌', '▍', '|', '｜',
];

/// Length in bytes of the byline role at the start of `s`, if any.
fn byline_role(s: &str) -> Option<usize> {
    if let Some(role) = BYLINE_ROLES.iter().find(|r| s.starts_with(**r)) {
        return Some(role.len());
    }
    // `人民日报记者`, `中新社记者`: a Han source name, then 记者.
    let pos = s.find("记者")?;
    let source = &s[..pos];
    let n = source.chars().count();
    ((2..=8).contains(&n)
        && source.chars().all(is_han)
        && source.ends_with(['报', '社', '网', '台']))
    .then_some(pos + "记者".len())
}

/// Parses a byline (`本报记者 黄晏君`, `记者 张三、李四 通讯员 王五`): its names, or `None`.
pub(super) fn byline_names(s: &str) -> Option<Vec<String>> {
    let s = s.trim();
    if s.is_empty() || s.chars().nth(HEADING_MAX_CHARS).is_some() {
        return None;
    }
    let mut names = Vec::new();
    let mut rest = s;
    let mut first = true;
    while !rest.is_empty() {
        let role_len = byline_role(rest);
        match role_len {
            Some(len) => rest = &rest[len..],
            None if first => return None,
            None => {}
        }
        first = false;
        let separated = rest.starts_with([' ', '\u{3000}', '/', '／', ':', '：']);
        rest = rest.trim_start_matches([' ', '\u{3000}', '/', '／', ':', '：']);
        // Names up to the next role.
        let mut end = rest.len();
        for (i, _) in rest.char_indices().skip(1) {
            if byline_role(&rest[i..]).is_some() && rest[..i].ends_with([' ', '\u{3000}']) {
                end = i;
                break;
            }
        }
        let (segment, tail) = rest.split_at(end);
        let found: Vec<&str> = segment
            .split([' ', '\u{3000}', '、', '，', ','])
            .filter(|n| !n.is_empty())
            .collect();
        if found.is_empty() {
            return None;
        }
        for name in found {
            let n = name.chars().count();
            let letters = name
                .chars()
                .all(|c| is_han(c) || c.is_alphabetic() || matches!(c, '·' | '•' | '.' | '-'));
            let han_only = name.chars().all(is_han);
            let max = if han_only { 4 } else { 16 };
            if !letters || n > max || (!separated && n > 4) || NOT_NAMES.contains(&name) {
                return None;
            }
            names.push(name.to_string());
        }
        rest = tail.trim_start();
    }
    (!names.is_empty()).then_some(names)
}

/// A standalone byline line (ornament allowed, brackets allowed): its clean text.
pub(super) fn parse_byline_line(s: &str) -> Option<String> {
    let s = s.trim_start_matches(|c: char| ORNAMENTS.contains(&c) || c.is_whitespace());
    let inner = strip_brackets(s).unwrap_or(s);
    byline_names(inner)?;
    Some(inner.trim().to_string())
}

/// Names in a byline, roles dropped: `本报记者 黄晏君` → `[黄晏君]`.
pub(crate) fn byline_authors(byline: &str) -> Vec<String> {
    byline_names(byline).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines() {
        assert_eq!(
            parse_byline_line("□本报记者 黄晏君").as_deref(),
            Some("本报记者 黄晏君")
        );
        assert_eq!(
            parse_byline_line("记者 梁可心").as_deref(),
            Some("记者 梁可心")
        );
        assert_eq!(
            parse_byline_line("本报记者黄晏君").as_deref(),
            Some("本报记者黄晏君")
        );
        assert_eq!(parse_byline_line("文/张三").as_deref(), Some("文/张三"));
        assert_eq!(
            parse_byline_line("（记者 张三 通讯员 李四）").as_deref(),
            Some("记者 张三 通讯员 李四")
        );
        assert_eq!(
            parse_byline_line("人民日报记者 王五").as_deref(),
            Some("人民日报记者 王五")
        );
        assert_eq!(parse_byline_line("记者手记"), None);
        assert_eq!(parse_byline_line("记者了解到，社区已封控。"), None);
        assert_eq!(parse_byline_line("记者"), None);
        assert_eq!(parse_byline_line("记者 走进社区一线"), None);
        assert_eq!(
            byline_authors("本报记者 张三、李四 通讯员 王五"),
            ["张三", "李四", "王五"]
        );
    }
}
