//! Text → clean text, line by line.
//!
//! Only punctuation, spaces and control characters are ever touched; every other character (every Han
//! character in particular) comes out as it went in, in the same order, and every line keeps its number so
//! later errors can name it.
//!
//! | step | before | after |
//! |---|---|---|
//! | line ends: CRLF, CR, VT, FF, NEL, U+2028/9 → LF | `甲\r\n乙\r丙` | `甲\n乙\n丙` |
//! | control and zero-width characters dropped (tab → space) | `甲\u{7}乙\u{200B}丙` | `甲乙丙` |
//! | paragraph indent dropped (spaces, U+3000, NBSP at line start) | `　　本报讯` | `本报讯` |
//! | trailing whitespace dropped (a line of spaces becomes blank) | `我去送 ` | `我去送` |
//! | runs of ASCII spaces inside a line → one | `全方位融入  社区` | `全方位融入 社区` |
//! | ASCII `, : ; ? ! ( )` in CJK context → full width | `你好,世界` | `你好，世界` |
//! | ASCII spaces next to full-width punctuation dropped | `你好， 世界` | `你好，世界` |
//!
//! The full-width rule (see [`fullwidth_punctuation`]) keeps `1,000`, `12:30`, `3.14`, URLs such as
//! `http://a.b/c?x=1` and English phrases (`Hello, world!`) as they are.

/// Normalises a whole decoded file (see the module docs for the steps). Line count is preserved.
pub fn normalize(text: &str) -> String {
    let unified = unify_line_ends(text);
    let mut out = String::with_capacity(unified.len() + unified.len() / 8);
    for (i, line) in unified.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&normalize_line(line));
    }
    out
}

/// Normalises one line (no line breaks inside): controls, indent, spaces and punctuation.
pub fn normalize_line(line: &str) -> String {
    let cleaned: String = line
        .chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            c if is_dropped_control(c) => None,
            c => Some(c),
        })
        .collect();
    let trimmed = cleaned
        .trim_start_matches(is_indent)
        .trim_end_matches(char::is_whitespace);
    let collapsed = collapse_spaces(trimmed);
    let wide = fullwidth_punctuation(&collapsed);
    drop_spaces_at_wide_punctuation(&wide)
}

/// CRLF, CR and the other line terminators → LF.
fn unify_line_ends(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            c => out.push(c),
        }
    }
    out
}

/// Control and invisible format characters that carry nothing on a printed page.
fn is_dropped_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Characters that make up a paragraph indent.
fn is_indent(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{205F}'
    )
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_space = false;
    for c in s.chars() {
        if c == ' ' && prev_space {
            continue;
        }
        prev_space = c == ' ';
        out.push(c);
    }
    out
}

/// True for characters of CJK text: Han, kana, hangul, bopomofo, and CJK/full-width punctuation and
/// symbols (but not the ideographic space U+3000, which is a space).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'      // Hangul Jamo
        | '\u{2E80}'..='\u{2FDF}'    // CJK and Kangxi radicals
        | '\u{3001}'..='\u{303F}'    // CJK symbols and punctuation (not U+3000)
        | '\u{3040}'..='\u{30FF}'    // Hiragana, Katakana
        | '\u{3100}'..='\u{31FF}'    // Bopomofo, Hangul compatibility, Kanbun, strokes, Katakana ext.
        | '\u{3200}'..='\u{4DBF}'    // enclosed CJK, compatibility, Ext. A
        | '\u{4E00}'..='\u{9FFF}'    // Unified Ideographs
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7FF}'    // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'    // compatibility ideographs
        | '\u{FE10}'..='\u{FE1F}'    // vertical forms
        | '\u{FE30}'..='\u{FE4F}'    // CJK compatibility forms
        | '\u{FF01}'..='\u{FF60}'    // full-width ASCII variants
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFF}') // Ext. B and beyond
}

/// Quotes, dashes and ellipses used by both scripts: looked through when deciding a mark's context.
fn is_neutral(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '"' | '\'' | '…' | '—' | '–' | '·'
    )
}

/// Full-width punctuation around which ASCII spaces are stray.
fn is_wide_punctuation(c: char) -> bool {
    matches!(c, '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}')
        || matches!(c, '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}')
        || matches!(c, '\u{FF5B}'..='\u{FF60}')
}

fn wide_form(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// ASCII `, : ; ? ! ( )` standing in Chinese text → `，：；？！（）`.
///
/// A mark is converted when the nearest non-space character before it (looking through quotes, dashes
/// and ellipses) is CJK, or when the nearest one after it is CJK and the mark does not close an English
/// phrase (a Latin run of two or more words, as in `Hello, world!然后`). A mark is kept when it stands
/// between two ASCII letters or digits (`1,000`, `12:30`) or inside a URL (`http://a.b/c?x=1`). A pair of
/// parentheses is converted together or not at all. Spaces around a converted mark are dropped.
pub fn fullwidth_punctuation(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    if !chars.iter().any(|&c| wide_form(c).is_some()) {
        return line.to_string();
    }
    let in_url = url_mask(&chars);
    let partner = paren_partners(&chars);
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut skip_spaces = false;
    for (i, &c) in chars.iter().enumerate() {
        if skip_spaces && c == ' ' {
            continue;
        }
        skip_spaces = false;
        let convert = match wide_form(c) {
            None => false,
            Some(_) if in_url[i] => false,
            Some(_) => {
                let own = wants_wide(&chars, &out, i);
                match partner[i] {
                    // The partner's context is judged on the input: its left side is not converted yet.
                    Some(j) => own || wants_wide(&chars, &chars[..j], j),
                    None => own,
                }
            }
        };
        if convert {
            while out.last() == Some(&' ') {
                out.pop();
            }
            out.push(wide_form(c).expect("a convertible mark"));
            skip_spaces = true;
        } else {
            out.push(c);
        }
    }
    out.into_iter().collect()
}

/// Whether the mark `chars[i]` stands in CJK context. `left` is the text before it (already converted).
fn wants_wide(chars: &[char], left: &[char], i: usize) -> bool {
    let before = left.last().copied();
    let after = chars.get(i + 1).copied();
    if before.is_some_and(|c| c.is_ascii_alphanumeric())
        && after.is_some_and(|c| c.is_ascii_alphanumeric())
    {
        return false;
    }
    let left_ctx = left
        .iter()
        .rev()
        .copied()
        .find(|&c| c != ' ' && !is_neutral(c));
    if left_ctx.is_some_and(is_cjk) {
        return true;
    }
    let right_ctx = chars[i + 1..]
        .iter()
        .copied()
        .find(|&c| c != ' ' && !is_neutral(c) && !matches!(c, '(' | ')'));
    right_ctx.is_some_and(is_cjk) && !closes_english_phrase(left)
}

/// True when the Latin run before a mark holds two or more words (`Hello, world`).
fn closes_english_phrase(left: &[char]) -> bool {
    let run: Vec<char> = left
        .iter()
        .rev()
        .take_while(|&&c| !is_cjk(c))
        .copied()
        .collect();
    let text: String = run.iter().rev().collect();
    let words = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .count();
    words >= 2 && text.contains(' ')
}

/// Marks the characters of URLs (`scheme://…`, `www.…`, `mailto:…`) up to a space or CJK character;
/// punctuation at a URL's end is not part of it.
fn url_mask(chars: &[char]) -> Vec<bool> {
    let mut mask = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if let Some(start) = url_start(chars, i) {
            let mut end = start;
            while end < chars.len() && !chars[end].is_whitespace() && !is_cjk(chars[end]) {
                end += 1;
            }
            while end > start && matches!(chars[end - 1], ',' | '.' | ';' | ':' | '!' | '?' | ')') {
                end -= 1;
            }
            mask[start..end].iter_mut().for_each(|m| *m = true);
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    mask
}

/// If a URL starts at `i` (on a word start), returns `i`.
fn url_start(chars: &[char], i: usize) -> Option<usize> {
    if !chars[i].is_ascii_alphabetic() || (i > 0 && chars[i - 1].is_ascii_alphanumeric()) {
        return None;
    }
    let rest: String = chars[i..chars.len().min(i + 12)].iter().collect();
    let lower = rest.to_ascii_lowercase();
    if lower.starts_with("www.") || lower.starts_with("mailto:") {
        return Some(i);
    }
    let scheme_len = chars[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        .count();
    let after = &chars[i + scheme_len..];
    (scheme_len > 0 && after.len() >= 3 && after[..3] == [':', '/', '/']).then_some(i)
}

/// For each `(` its matching `)` and vice versa (innermost pairing, same line).
fn paren_partners(chars: &[char]) -> Vec<Option<usize>> {
    let mut partner = vec![None; chars.len()];
    let mut open = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' => open.push(i),
            ')' => {
                if let Some(j) = open.pop() {
                    partner[i] = Some(j);
                    partner[j] = Some(i);
                }
            }
            _ => {}
        }
    }
    partner
}

/// Drops ASCII spaces directly before or after full-width punctuation (`你好， 世界` → `你好，世界`).
fn drop_spaces_at_wide_punctuation(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1).copied();
            if prev.is_some_and(is_wide_punctuation) || next.is_some_and(is_wide_punctuation) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> String {
        normalize_line(s)
    }

    #[test]
    fn chinese_context_becomes_full_width() {
        assert_eq!(w("你好,世界"), "你好，世界");
        assert_eq!(
            w("本报讯(记者 梁可心)在外卖"),
            "本报讯（记者 梁可心）在外卖"
        );
        assert_eq!(w("需防护物资?"), "需防护物资？");
        assert_eq!(w("指令:“理想0451小区"), "指令：“理想0451小区");
        assert_eq!(w("说“我上”;9个管控单元"), "说“我上”；9个管控单元");
        assert_eq!(w("为100,共计"), "为100，共计");
        assert_eq!(w("加油!!"), "加油！！");
        assert_eq!(w("怎么办?!"), "怎么办？！");
        assert_eq!(w("使用Rust,效果很好"), "使用Rust，效果很好");
        assert_eq!(w("用Rust(一种语言)编写"), "用Rust（一种语言）编写");
        assert_eq!(w("你好, 世界"), "你好，世界");
    }

    #[test]
    fn latin_context_stays() {
        assert_eq!(w("1,000"), "1,000");
        assert_eq!(w("共1,000人"), "共1,000人");
        assert_eq!(w("3.14"), "3.14");
        assert_eq!(w("下午3:30开会"), "下午3:30开会");
        assert_eq!(w("http://a.b/c?x=1"), "http://a.b/c?x=1");
        assert_eq!(w("见http://a.b/c?x=1,然后"), "见http://a.b/c?x=1，然后");
        assert_eq!(w("Hello, world!"), "Hello, world!");
        assert_eq!(w("他说Hello, world!然后走了"), "他说Hello, world!然后走了");
        assert_eq!(
            w("支持PDF(Portable Document Format)格式"),
            "支持PDF(Portable Document Format)格式"
        );
    }

    #[test]
    fn digits_and_han_untouched() {
        assert_eq!(w("理想0451小区"), "理想0451小区");
        assert_eq!(w("12月1日至3日"), "12月1日至3日");
        assert_eq!(
            w("全方位融入 社区“疫”线添暖流"),
            "全方位融入 社区“疫”线添暖流"
        );
    }

    #[test]
    fn spaces_and_controls() {
        assert_eq!(w("　　本报讯"), "本报讯");
        assert_eq!(w("  indent"), "indent");
        assert_eq!(w("我去送 \t"), "我去送");
        assert_eq!(w(" "), "");
        assert_eq!(w("甲\u{7}乙\u{200B}丙"), "甲乙丙");
        assert_eq!(w("全方位融入   社区"), "全方位融入 社区");
        assert_eq!(w("你好， 世界"), "你好，世界");
    }

    #[test]
    fn line_ends_and_count() {
        assert_eq!(normalize("甲\r\n乙\r丙\n"), "甲\n乙\n丙\n");
        let text = "\n\n标题\r\n\r\n \r\n正文。";
        assert_eq!(
            normalize(text).lines().count(),
            text.replace("\r\n", "\n").lines().count()
        );
    }

    #[test]
    fn han_characters_survive() {
        let s =
            "本报讯(记者 梁可心)在外卖存放点设置泡沫保温箱,确保居民购买的食品和蔬菜不被冻坏;协调";
        let han = |t: &str| {
            t.chars()
                .filter(|&c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
                .collect::<String>()
        };
        assert_eq!(han(&w(s)), han(s));
    }
}
