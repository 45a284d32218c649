//! Datelines (电头): `本报讯`, `本报12月1日讯`, `新华社北京5月1日电`, with the bracketed byline that may
//! follow (`本报讯（记者 梁可心）…`).

use super::byline::byline_names;
use crate::script::is_han;

/// Sources that open a dateline (`本报讯`, `新华社北京5月1日电`); besides these, any 2–8 Han characters
/// ending in `报`, `社`, `网` or `台` (`哈尔滨日报讯`, `中新网哈尔滨12月1日电`).
pub(crate) const DATELINE_SOURCES: &[&str] = &[
    "本报",
    "新华社",
    "中新社",
    "中新网",
    "人民网",
    "新华网",
    "央视网",
    "央广网",
    "光明网",
    "国际在线",
    "央视新闻",
    "澎湃新闻",
];

/// A dateline found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Dateline {
    /// `本报讯`, `新华社北京5月1日电`.
    pub dateline: String,
    /// The bracketed byline after it, brackets dropped: `记者 梁可心`.
    pub byline: Option<String>,
    /// The paragraph's text after dateline and byline.
    pub rest: String,
}

/// Bytes of a date at the start of `s`: `5月1日`, `12月1日`, `1日` (ASCII, full-width or Han digits).
fn date_len(s: &str) -> usize {
    let digit = |c: char| {
        c.is_ascii_digit() || ('０'..='９').contains(&c) || "〇零一二三四五六七八九十".contains(c)
    };
    let digits = |t: &str| {
        t.char_indices()
            .find(|&(_, c)| !digit(c))
            .map_or(t.len(), |(i, _)| i)
    };
    let d1 = digits(s);
    if d1 == 0 {
        return 0;
    }
    let after = &s[d1..];
    if let Some(rest) = after.strip_prefix('月') {
        let d2 = digits(rest);
        if d2 > 0 && rest[d2..].starts_with('日') {
            return d1 + '月'.len_utf8() + d2 + '日'.len_utf8();
        }
        return 0;
    }
    if after.starts_with('日') {
        return d1 + '日'.len_utf8();
    }
    0
}

/// Bytes of a dateline proper (`本报讯`, `新华社北京5月1日电`) at the start of `s`.
fn dateline_len(s: &str) -> Option<usize> {
    // a dateline ends in 讯 or 电: a line with neither (most paragraphs) is passed over at once
    // (memchr's searchers, made once)
    use memchr::memmem::Finder;
    static ENDS: std::sync::LazyLock<[Finder<'static>; 2]> =
        std::sync::LazyLock::new(|| ["讯", "电"].map(Finder::new));
    if ENDS.iter().all(|end| end.find(s.as_bytes()).is_none()) {
        return None;
    }
    let mut sources: Vec<usize> = DATELINE_SOURCES
        .iter()
        .filter(|src| s.starts_with(**src))
        .map(|src| src.len())
        .collect();
    let mut n = 0;
    for (i, c) in s.char_indices() {
        if !is_han(c) || n == 8 {
            break;
        }
        n += 1;
        if n >= 2 && matches!(c, '报' | '社' | '网' | '台') {
            sources.push(i + c.len_utf8());
        }
    }
    for source in sources {
        let rest = &s[source..];
        // Place: Han characters up to the date or to 讯/电.
        for (place_end, _) in rest
            .char_indices()
            .chain(std::iter::once((rest.len(), ' ')))
            .take(9)
        {
            let place = &rest[..place_end];
            if !place.chars().all(is_han) {
                break;
            }
            let after_place = &rest[place_end..];
            let date = date_len(after_place);
            if !place.is_empty() && date == 0 {
                continue;
            }
            let tail = &after_place[date..];
            // `本报电话` is no dateline: a bare `电` must not run on into a word.
            let runs_on = tail.starts_with('电') && date == 0 && tail[3..].starts_with(is_han);
            if tail.starts_with(['讯', '电']) && !runs_on {
                return Some(source + place_end + date + '讯'.len_utf8());
            }
        }
    }
    None
}

/// Parses the dateline (and bracketed byline) opening a paragraph.
pub(super) fn parse_dateline(s: &str) -> Option<Dateline> {
    let len = dateline_len(s)?;
    let dateline = s[..len].to_string();
    let mut rest = s[len..].trim_start_matches([' ', '\u{3000}']);
    let mut byline = None;
    for (open, close) in [('（', '）'), ('(', ')'), ('【', '】')] {
        if let Some(inner) = rest.strip_prefix(open) {
            if let Some(end) = inner.find(close) {
                let candidate = inner[..end].trim();
                if byline_names(candidate).is_some() {
                    byline = Some(candidate.to_string());
                    rest = &inner[end + close.len_utf8()..];
                }
            }
            break;
        }
    }
    let rest = rest
        .trim_start_matches([' ', '\u{3000}', '：', ':'])
        .to_string();
    Some(Dateline {
        dateline,
        byline,
        rest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        let d = parse_dateline("本报讯（记者 梁可心）在外卖存放点").unwrap();
        assert_eq!(d.dateline, "本报讯");
        assert_eq!(d.byline.as_deref(), Some("记者 梁可心"));
        assert_eq!(d.rest, "在外卖存放点");
        let d = parse_dateline("新华社北京5月1日电 今天").unwrap();
        assert_eq!(
            (d.dateline.as_str(), d.byline, d.rest.as_str()),
            ("新华社北京5月1日电", None, "今天")
        );
        assert_eq!(
            parse_dateline("本报12月1日讯 正文").unwrap().dateline,
            "本报12月1日讯"
        );
        assert_eq!(
            parse_dateline("中新网哈尔滨12月1日电 正文")
                .unwrap()
                .dateline,
            "中新网哈尔滨12月1日电"
        );
        assert_eq!(
            parse_dateline("哈尔滨日报讯 正文").unwrap().dateline,
            "哈尔滨日报讯"
        );
        assert_eq!(
            parse_dateline("新华社电 正文").unwrap().dateline,
            "新华社电"
        );
        // Not datelines.
        assert_eq!(parse_dateline("本报记者日前电话采访了他。"), None);
        assert_eq!(parse_dateline("今日报道称，停电已恢复。"), None);
        assert_eq!(parse_dateline("本报电话热线开通。"), None);
        assert_eq!(parse_dateline("在外卖存放点设置泡沫保温箱。"), None);
        // A bracket that is not a byline stays in the paragraph.
        let d = parse_dateline("本报讯（图文）正文").unwrap();
        assert_eq!((d.byline, d.rest.as_str()), (None, "（图文）正文"));
    }
}
