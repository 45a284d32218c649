//! Rules `full-width-alnum` and `punctuation`: full-width letters and digits become ASCII, ASCII marks in
//! Chinese text become full width (URLs, numbers and English phrases keep theirs).

use crate::script::{is_cjk, is_cjk_letter, is_script_neutral, is_unit};

/// Full-width digits and Latin letters (U+FF10–FF19, U+FF21–FF3A, U+FF41–FF5A) → ASCII; `None` when there
/// is none (in UTF-8 they are `EF BC 90`–`99`, `EF BC A1`–`BA`, `EF BD 81`–`9A`).
pub(super) fn ascii_alnum(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let wide = |i: usize| {
        matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0xBC), Some(0x90..=0x99 | 0xA1..=0xBA)) | (Some(0xBD), Some(0x81..=0x9A))
        )
    };
    if !memchr::memchr_iter(0xEF, b).any(wide) {
        return None;
    }
    let mut n = 0;
    let out = s
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                n += 1;
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            c => c,
        })
        .collect();
    Some((out, n))
}

/// The `punctuation` rule: [`fullwidth_punctuation`], then [`full_stops`], and how many marks they
/// converted; `None` when they converted none (the text has no ASCII `, : ; ? ! ( ) .`, or none in CJK
/// context).
pub(super) fn punctuation(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let marks = memchr::memchr3(b',', b':', b';', b).is_some()
        || memchr::memchr3(b'?', b'!', b'(', b).is_some()
        || memchr::memchr(b')', b).is_some();
    // nothing converted: nothing changed (spaces go only beside a converted mark)
    let wide = (marks.then(|| surely_wide(s).unwrap_or_else(|| fullwidth_punctuation(s))))
        .filter(|(_, converted)| *converted > 0);
    let base = wide.as_ref().map_or(s, |(text, _)| text.as_str());
    match full_stops(base) {
        Some((text, stops)) => Some((text, stops + wide.map_or(0, |(_, n)| n))),
        None => wide,
    }
}

/// ASCII `.` ending a Chinese sentence → `。`: a full stop right after a CJK letter ([`is_cjk_letter`]: no
/// space between, `运营.这条`, `40分钟.”`) or after a unit sign whose number follows one
/// ([`unit_after_cjk`]: `增长40%.去年`, `气温22℃.`), not one of a run of dots (those are the `ellipsis`
/// rule's), and followed, after any spaces (which are dropped), by the line's end, a CJK character or a quotation
/// mark; never inside a URL. A stop after a Latin letter or a digit stays (`3.14`, `Mr. 王`), and so does
/// one before a Latin letter or a digit (`人民网.cn`, `图1.2`), and one after Chinese numerals opening the
/// line, which number a section (`一.总体要求`). Returns the line and how many stops were
/// converted, or `None` for none. Linear in the line.
pub(super) fn full_stops(line: &str) -> Option<(String, usize)> {
    // a CJK letter is never ASCII: a line whose every stop follows an ASCII byte (`32.5`, `Mr.`) has none
    let b = line.as_bytes();
    if !memchr::memchr_iter(b'.', b).any(|i| i > 0 && (b[i - 1] >= 0x80 || b[i - 1] == b'%')) {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    let in_url = match may_hold_url(line) {
        true => url_mask(&chars),
        false => Vec::new(),
    };
    // a line that opens with Chinese numerals and a stop numbers a section (`一.总体要求`): its stop stays
    let numeral = |c: &char| "一二三四五六七八九十百千零〇两".contains(*c);
    let enumerator = chars.iter().take_while(|c| numeral(c)).count();
    let ends = |i: usize| {
        if i == enumerator && i > 0 {
            return false;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars[i + 1..].iter().find(|&&c| c != ' ');
        (before.is_some_and(is_cjk_letter) || unit_after_cjk(&chars[..i]))
            && after.is_none_or(|&c| is_cjk(c) || matches!(c, '“' | '”' | '‘' | '’' | '"' | '\''))
            && !in_url.get(i).copied().unwrap_or(false)
    };
    let (mut text, mut stops, mut i) = (String::with_capacity(line.len() + 8), 0, 0);
    while let Some(&c) = chars.get(i) {
        i += 1;
        if c == '.' && ends(i - 1) {
            text.push('。');
            stops += 1;
            i += chars[i..].iter().take_while(|&&c| c == ' ').count();
        } else {
            text.push(c);
        }
    }
    (stops > 0).then_some((text, stops))
}

/// Whether `before` ends with a unit sign ([`is_unit`]: `%`, `‰`, `℃`, `°`, …) after a number (ASCII
/// digits, with `.` or `,` inside, and a sign before them, `-`, `+`, `−` or `±`) that follows a CJK letter:
/// `增长40%`, `降至-5℃`; not `增长 40%` (a space between).
fn unit_after_cjk(before: &[char]) -> bool {
    let Some((&unit, rest)) = before.split_last() else {
        return false;
    };
    if !is_unit(unit) {
        return false;
    }
    let number = rest
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
        .count();
    let digits = rest[rest.len() - number..].iter().any(char::is_ascii_digit);
    let mut ahead = rest[..rest.len() - number].iter().rev();
    let first = ahead.next();
    let letter = match first {
        Some('-' | '+' | '−' | '±') => ahead.next(),
        _ => first,
    };
    digits && letter.is_some_and(|&c| is_cjk_letter(c))
}

/// [`fullwidth_punctuation`] of a line whose every mark stands right after a CJK character or right
/// after a mark so converted (once the spaces after it are dropped), and which holds no URL: every mark is
/// converted (its left context is CJK, and a pair is converted when either of its marks is), and the
/// spaces after each are dropped; no space stands before one. `None` for any other line (a mark at its
/// start, after a space, a Latin letter or a neutral mark, or a line that may hold a URL), which
/// [`fullwidth_punctuation`] reads in full. Reads only the bytes around the marks; the text between them
/// is copied whole.
fn surely_wide(line: &str) -> Option<(String, usize)> {
    if may_hold_url(line) {
        return None;
    }
    let b = line.as_bytes();
    let mut text = String::with_capacity(line.len() + 16);
    let (mut copied, mut converted) = (0, 0);
    // the marks in order, found by memchr (three searches merged); a mark is never a space, so none is
    // among the spaces dropped
    let mut found = [
        memchr::memchr3_iter(b',', b':', b';', b),
        memchr::memchr3_iter(b'?', b'!', b'(', b),
        memchr::memchr3_iter(b')', b')', b')', b),
    ];
    let mut next: [Option<usize>; 3] = [0, 1, 2].map(|k| found[k].next());
    while let Some((k, i)) = (0..3)
        .filter_map(|k| Some((k, next[k]?)))
        .min_by_key(|&(_, i)| i)
    {
        next[k] = found[k].next();
        let wide = wide_form(char::from(b[i])).expect("a mark");
        let after_mark = converted > 0 && i == copied;
        if !after_mark && !cjk_ends_at(&line[..i]) {
            return None;
        }
        text.push_str(&line[copied..i]);
        text.push(wide);
        converted += 1;
        copied = i + 1 + b[i + 1..].iter().take_while(|&&c| c == b' ').count();
    }
    text.push_str(&line[copied..]);
    Some((text, converted))
}

/// Whether `s` ends with a CJK character ([`is_cjk`]; no space, Latin letter or neutral mark is one).
fn cjk_ends_at(s: &str) -> bool {
    s.chars().next_back().is_some_and(is_cjk)
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
///
/// Returns the line and how many marks were converted. Linear in the line: every context is read from
/// running state or from a table made once, not by scanning. The line is written as stretches of the
/// input between the changes (every change is to an ASCII mark or space), not character by character.
fn fullwidth_punctuation(line: &str) -> (String, usize) {
    // the characters, and where each mark stands: its index and its byte offset (a mark is one byte)
    let mut chars: Vec<char> = Vec::with_capacity(line.len());
    let mut marks: Vec<(usize, usize)> = Vec::new();
    for (at, c) in line.char_indices() {
        if wide_form(c).is_some() {
            marks.push((chars.len(), at));
        }
        chars.push(c);
    }
    // the output as text: `line[copied..]` is yet to be appended to `text` as far as `out` goes
    let mut text = String::with_capacity(line.len() + 16);
    let mut copied = 0;
    let in_url = match may_hold_url(line) {
        true => url_mask(&chars),
        false => Vec::new(),
    };
    let partner = match marks.iter().any(|&(i, _)| matches!(chars[i], '(' | ')')) {
        true => paren_partners(&chars),
        false => Vec::new(),
    };
    let mut ctx = Context::new(&chars);
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    // where the output's Latin run starts: after its last CJK character
    let mut run_start = 0;
    let mut converted = 0;
    let mut skip_spaces = false;
    // the character and byte after the last mark
    let mut next = (0, 0);
    for &(i, here) in marks.iter().chain([&(chars.len(), line.len())]) {
        // the stretch up to the mark goes to the output whole, but the spaces after a converted mark
        let (mut from, from_at) = next;
        if skip_spaces {
            let spaces = chars[from..i].iter().take_while(|&&c| c == ' ').count();
            text.push_str(&line[copied..from_at]);
            copied = from_at + spaces;
            from += spaces;
        }
        let stretch = &chars[from..i];
        out.extend_from_slice(stretch);
        if let Some(k) = stretch.iter().rposition(|&c| is_cjk(c)) {
            run_start = out.len() - stretch.len() + k + 1;
        }
        let Some((c, wide)) = chars.get(i).and_then(|&c| Some((c, wide_form(c)?))) else {
            break;
        };
        next = (i + 1, here + 1);
        skip_spaces = false;
        let convert = !in_url.get(i).copied().unwrap_or(false) && {
            let own = ctx.own_wants_wide(&out, run_start, i);
            match partner.get(i).copied().flatten() {
                // The partner's context is judged on the input: its left side is not converted yet.
                Some(j) => own || ctx.input_wants_wide(j),
                None => own,
            }
        };
        if convert {
            text.push_str(&line[copied..here]);
            copied = here + 1;
            while out.last() == Some(&' ') {
                out.pop();
                text.pop();
            }
            out.push(wide);
            text.push(wide);
            run_start = out.len();
            converted += 1;
            skip_spaces = true;
        } else {
            // no mark is a CJK character: the run goes on
            out.push(c);
        }
    }
    text.push_str(&line[copied..]);
    (text, converted)
}

/// Whether `line` may hold a URL as [`url_mask`] finds them: it holds `://`, or `www.` or `mailto:` in
/// any case (found from each `:` and `.`, with memchr). A line without one needs no mask.
fn may_hold_url(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memchr2_iter(b':', b'.', b).any(|i| match b[i] {
        b':' => {
            b[i + 1..].starts_with(b"//") || (i >= 6 && b[i - 6..i].eq_ignore_ascii_case(b"mailto"))
        }
        _ => i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"www"),
    })
}

/// Whether `c` is passed over when looking for a mark's context to its left: a space or a neutral mark.
fn skipped_left(c: char) -> bool {
    c == ' ' || is_script_neutral(c)
}

/// Whether `c` is passed over when looking for a mark's context to its right: also the other marks.
fn skipped_right(c: char) -> bool {
    skipped_left(c) || wide_form(c).is_some()
}

/// What a mark's conversion asks of a line, answered in amortised constant time.
struct Context<'a> {
    /// The line.
    chars: &'a [char],
    /// The last right context found: the first character from `.0` on that is not passed over is at `.1`
    /// (`chars.len()`: none).
    right: (usize, usize),
    /// The English-phrase state of the output's Latin run: the run starts at `.0`, `.1` characters of
    /// the output are read into `.2`.
    phrase: (usize, usize, Phrase),
    /// For each `j`, whether the input's `chars[..j]` closes an English phrase (made when first asked).
    input_closes: Option<Vec<bool>>,
    /// For each `j`, the input's right context of `chars[j]` (made when first asked).
    input_right: Option<Vec<Option<char>>>,
}

impl<'a> Context<'a> {
    fn new(chars: &'a [char]) -> Context<'a> {
        Context {
            chars,
            right: (usize::MAX, 0),
            phrase: (0, 0, Phrase::default()),
            input_closes: None,
            input_right: None,
        }
    }

    /// Whether the mark `chars[i]` stands in CJK context, `out` being the converted text before it (its
    /// last CJK character ends at `run_start`). The marks are asked in rising order.
    fn own_wants_wide(&mut self, out: &[char], run_start: usize, i: usize) -> bool {
        let before = out.last().copied();
        let after = self.chars.get(i + 1).copied();
        if before.is_some_and(|c| c.is_ascii_alphanumeric())
            && after.is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return false;
        }
        // the left context stops at the latest mark at the latest: a short scan
        let left_ctx = out.iter().rev().copied().find(|&c| !skipped_left(c));
        if left_ctx.is_some_and(is_cjk) {
            return true;
        }
        self.right_context(i + 1).is_some_and(is_cjk) && !self.output_closes(out, run_start)
    }

    /// Whether the mark `chars[j]` stands in CJK context judged on the input alone.
    fn input_wants_wide(&mut self, j: usize) -> bool {
        let chars = self.chars;
        let before = j.checked_sub(1).map(|k| chars[k]);
        let after = chars.get(j + 1).copied();
        if before.is_some_and(|c| c.is_ascii_alphanumeric())
            && after.is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return false;
        }
        let left_ctx = chars[..j].iter().rev().copied().find(|&c| !skipped_left(c));
        if left_ctx.is_some_and(is_cjk) {
            return true;
        }
        let right = self.input_right.get_or_insert_with(|| {
            let mut right = vec![None; chars.len()];
            let mut next = None;
            for (k, &c) in chars.iter().enumerate().rev() {
                right[k] = next;
                if !skipped_right(c) {
                    next = Some(c);
                }
            }
            right
        });
        right[j].is_some_and(is_cjk) && !self.input_closes(j)
    }

    /// The first character from `from` on that is not passed over ([`skipped_right`]); `from` rises
    /// between calls, so each character is read once.
    fn right_context(&mut self, from: usize) -> Option<char> {
        let (start, found) = self.right;
        if !(start <= from && from <= found) {
            let found = from
                + self.chars[from.min(self.chars.len())..]
                    .iter()
                    .take_while(|&&c| skipped_right(c))
                    .count();
            self.right = (from, found);
        }
        self.chars.get(self.right.1).copied()
    }

    /// Whether the Latin run at the end of `out` (after its last CJK character) is an English phrase of
    /// two or more words. The output only grows between calls, except for spaces dropped before a
    /// converted mark, which is CJK and starts a new run.
    fn output_closes(&mut self, out: &[char], run_start: usize) -> bool {
        let (start, read, _) = self.phrase;
        if start != run_start || read > out.len() || read < run_start {
            self.phrase = (run_start, run_start, Phrase::default());
        }
        let (_, read, phrase) = &mut self.phrase;
        for &c in &out[*read..] {
            phrase.push(c);
        }
        *read = out.len();
        phrase.closes()
    }

    /// Whether the Latin run at the end of `chars[..j]` is an English phrase (see [`Phrase`]).
    fn input_closes(&mut self, j: usize) -> bool {
        let chars = self.chars;
        let table = self.input_closes.get_or_insert_with(|| {
            let mut table = Vec::with_capacity(chars.len() + 1);
            let mut phrase = Phrase::default();
            for &c in chars {
                table.push(phrase.closes());
                if is_cjk(c) {
                    phrase = Phrase::default();
                } else {
                    phrase.push(c);
                }
            }
            table.push(phrase.closes());
            table
        });
        table[j]
    }
}

/// What decides whether a Latin run closes an English phrase, read one character at a time: the run,
/// trimmed, holds a space and two or more words with an ASCII letter (words are runs of ASCII letters,
/// digits, `'` and `-`).
#[derive(Debug, Clone, Copy, Default)]
struct Phrase {
    /// Words with a letter, ended.
    words: usize,
    /// In a word; it has a letter.
    word: (bool, bool),
    /// Something not white space seen; a space after it; something not white space after that.
    spaced: (bool, bool, bool),
}

impl Phrase {
    fn push(&mut self, c: char) {
        if c.is_ascii_alphanumeric() || c == '\'' || c == '-' {
            self.word = (true, self.word.1 || c.is_ascii_alphabetic());
        } else {
            self.words += usize::from(self.word.1);
            self.word = (false, false);
        }
        let (seen, space, inner) = self.spaced;
        self.spaced = match c {
            ' ' => (seen, space || seen, inner),
            c if c.is_whitespace() => self.spaced,
            _ => (true, space, inner || space),
        };
    }

    /// Two or more words and a space between two of the run's characters.
    fn closes(&self) -> bool {
        self.words + usize::from(self.word.1) >= 2 && self.spaced.2
    }
}

/// Marks the characters of URLs (`scheme://…`, `www.…`, `mailto:…`) up to a space or CJK character;
/// punctuation at a URL's end is not part of it. Empty when the line holds no URL (read `mask.get(i)`).
pub(super) fn url_mask(chars: &[char]) -> Vec<bool> {
    let mut mask = Vec::new();
    // every URL holds `:` (`scheme://`, `mailto:`) or `.` (`www.`)
    if !chars.iter().any(|&c| c == ':' || c == '.') {
        return mask;
    }
    let mut i = 0;
    // where the run of scheme characters holding `i` ends (each character is read once)
    let mut scheme_end = 0;
    while i < chars.len() {
        if i >= scheme_end {
            scheme_end = i + chars[i..]
                .iter()
                .take_while(|&&c| is_scheme_char(c))
                .count();
        }
        if let Some(start) = url_start(chars, i, scheme_end) {
            let mut end = start;
            while end < chars.len() && !chars[end].is_whitespace() && !is_cjk(chars[end]) {
                end += 1;
            }
            while end > start && matches!(chars[end - 1], ',' | '.' | ';' | ':' | '!' | '?' | ')') {
                end -= 1;
            }
            if mask.is_empty() {
                mask = vec![false; chars.len()];
            }
            mask[start..end].iter_mut().for_each(|m| *m = true);
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    mask
}

/// A character of a URL scheme (`http`, `svn+ssh`, `a.b-c`).
fn is_scheme_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')
}

/// If a URL starts at `i` (on a word start), returns `i`; the run of scheme characters from `i` ends at
/// `scheme_end`.
fn url_start(chars: &[char], i: usize, scheme_end: usize) -> Option<usize> {
    if !chars[i].is_ascii_alphabetic() || (i > 0 && chars[i - 1].is_ascii_alphanumeric()) {
        return None;
    }
    let opens = |prefix: &str| {
        chars.len() - i >= prefix.len()
            && prefix
                .chars()
                .zip(&chars[i..])
                .all(|(p, c)| c.to_ascii_lowercase() == p)
    };
    if opens("www.") || opens("mailto:") {
        return Some(i);
    }
    let after = &chars[scheme_end..];
    (after.len() >= 3 && after[..3] == [':', '/', '/']).then_some(i)
}

/// For each `(` its matching `)` and vice versa (innermost pairing, same line).
/// Empty when the line has no parenthesis (read `partner.get(i)`).
fn paren_partners(chars: &[char]) -> Vec<Option<usize>> {
    if !chars.iter().any(|&c| matches!(c, '(' | ')')) {
        return Vec::new();
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_surely_wide_read_as_in_full() {
        let pieces = [
            "汉", "字", ",", ":", ";", "?", "!", "(", ")", " ", "  ", "a", "1", "“", "”", "…",
            "，", "　", "www.", "://", "é", "—", "Hello", "、",
        ];
        let mut fast = 0;
        for line in crate::test_text::random_texts(&pieces, 0x9E37_79B9_7F4A_7C15, 40_000, 16) {
            if let Some(quick) = surely_wide(&line) {
                fast += 1;
                assert_eq!(quick, fullwidth_punctuation(&line), "{line:?}");
            }
        }
        assert!(fast > 1_000, "{fast}");
        assert_eq!(
            surely_wide("本报讯(记者 梁可心)在外卖, 确保!!"),
            Some(("本报讯（记者 梁可心）在外卖，确保！！".to_string(), 5))
        );
        assert_eq!(surely_wide("支持PDF(Portable Document Format)格式"), None);
    }

    /// An ASCII full stop ending a Chinese sentence becomes `。` (as a trial's story had it: `运营.这条`,
    /// `40分钟.”`); one in a number, an abbreviation, a domain, a URL or a run of dots stays.
    #[test]
    fn a_full_stop_ending_a_chinese_sentence_becomes_a_circle() {
        let stops = |s: &str| full_stops(s);
        assert_eq!(
            stops("地铁3号线已于上月通车运营.这条线路全长32.5公里."),
            Some((
                "地铁3号线已于上月通车运营。这条线路全长32.5公里。".to_string(),
                2
            ))
        );
        assert_eq!(
            stops("只需40分钟.”"),
            Some(("只需40分钟。”".to_string(), 1))
        );
        assert_eq!(stops("他得了第一."), Some(("他得了第一。".to_string(), 1)));
        assert_eq!(stops("他说.\"好\""), Some(("他说。\"好\"".to_string(), 1)));
        // after a number's unit, the number after a CJK letter
        assert_eq!(
            stops("气温22℃.明天增长40%.去年3.5‰.”"),
            Some(("气温22℃。明天增长40%。去年3.5‰。”".to_string(), 3))
        );
        assert_eq!(stops("增长1,200%."), Some(("增长1,200%。".to_string(), 1)));
        assert_eq!(
            stops("降至-5℃. 全市"),
            Some(("降至-5℃。全市".to_string(), 1))
        );
        // the spaces after a converted stop go with it
        assert_eq!(stops("运营.  这条"), Some(("运营。这条".to_string(), 1)));
        for kept in [
            "圆周率约为3.14",
            "Mr. 王说",
            "登录人民网.cn查看",
            "见图1.2",
            "等等...",
            "等等..",
            "详见www.gov.cn.",
            "I live in Beijing.",
            "甲 .乙",
            "一.总体要求",
            "十二.附则",
            "I grew 40%. 好",
            "增长 40%.",
            "气温 -5℃.",
            "温差--5℃.",
            "占%.好",
            "增长40%.com",
        ] {
            assert_eq!(stops(kept), None, "{kept}");
        }
        // through the rule: with the other marks, each counted
        assert_eq!(
            punctuation("你好,世界.再见"),
            Some(("你好，世界。再见".to_string(), 2))
        );
    }
}
