//! The last check on a typeset document: everything set lies on its page. Text or a box outside the trim
//! would be cut off in print and lost in the PDF, so it is an error naming the element (its role and the
//! start of its text), the page and how far outside it falls — never a silent loss.

use super::front_matter::{SetEntry, colophon_page};
use super::page::{Document, Glyph, Item, Page, Point};
use super::setter::Setter;
use crate::error::{Error, Result};

/// How far ink may pass the trim, pt: float error, and the half-em hang of an opening mark.
const TOLERANCE: f32 = 0.5;
/// A glyph's ink above its baseline, in ems (the CJK faces' ascent).
const ASCENT_EM: f32 = 0.88;
/// A glyph's ink below its baseline, in ems.
const DESCENT_EM: f32 = 0.12;

/// Checks that every item of `doc` lies inside its page's trim box (the pages in parallel, rayon).
///
/// Errors: [`Error::Layout`] for the first item outside, naming it.
pub(super) fn check(doc: &Document) -> Result<()> {
    check_pages(&doc.pages, 0)
}

/// Checks that every item of `pages`, the first of which is the page at index `first` of its document,
/// lies inside its page's trim box (the pages in parallel, rayon).
///
/// Errors: [`Error::Layout`] for the first item outside, naming it and its page.
pub(super) fn check_pages(pages: &[Page], first: usize) -> Result<()> {
    use rayon::prelude::*;
    let found = (pages.par_iter().enumerate()).find_map_first(|(i, page)| {
        (page.items.iter())
            .find_map(|(at, item)| outside(page, *at, item))
            .map(|message| (i, message))
    });
    match found {
        Some((i, message)) => Err(Error::Layout {
            page: first + i + 1,
            message,
        }),
        None => Ok(()),
    }
}

/// The colophon on as many pages as it needs, from folio `folio`, from its entries already set
/// ([`colophon_lines`]): each page holds the most entries whose lines fit in the frame's rows and lie inside
/// the trim (whole entries; an entry too long for a page of its own is set alone, and [`check`] names it),
/// and never ends with an entry whose nested entries follow on the next page (a story's title is kept with
/// its byline, `篇目：` with the first title: keep with next), unless that would leave the page with nothing; a
/// last page holds at least [`COLOPHON_TAIL_ROWS`] rows ([`page_share`]). Each entry is set once. A page is
/// made with the entries that fill the rows and kept when it lies inside the trim; else the most that do are
/// found by a binary search (fitting only shrinks as entries are added), so the work grows with the entries,
/// not with their square.
pub(super) fn colophon_pages(entries: &[SetEntry], folio: u32, setter: &Setter) -> Vec<Page> {
    let inside = |page: &Page| {
        page.items
            .iter()
            .all(|(at, item)| outside(page, *at, item).is_none())
    };
    let rows = setter.style.body.lines_per_page as usize;
    let rows_each = setter.style.roles.colophon.lines as usize;
    let mut pages = Vec::new();
    let mut rest = entries;
    while !rest.is_empty() {
        let page_of = |n: usize| colophon_page(&rest[..n], folio + pages.len() as u32, setter);
        let filling = page_share(rest, rows, rows_each);
        let page = page_of(filling);
        let (page, n) = if filling == 1 || inside(&page) {
            (page, filling)
        } else {
            // the most that lie inside, and their page once made (one entry is set whatever it takes)
            let (mut lo, mut hi, mut kept) = (1, filling - 1, None);
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                let page = page_of(mid);
                if inside(&page) {
                    (lo, kept) = (mid, Some(page));
                } else {
                    hi = mid - 1
                }
            }
            match kept_with_next(rest, lo) {
                n if n == lo => (kept.unwrap_or_else(|| page_of(lo)), lo),
                n => (page_of(n), n),
            }
        };
        pages.push(page);
        rest = &rest[n..];
    }
    pages
}

/// The fewest grid rows the colophon's last page holds when it continues from a page before: a page of
/// a line or two reads as left over, so entries of the page before move over to it.
const COLOPHON_TAIL_ROWS: usize = 4;

/// How many of `rest`'s entries the next colophon page takes, if they lie inside the trim: those whose
/// lines (`rows_each` grid rows a line) fill the frame's `rows` (one at least); fewer when what they
/// leave would make a last page of under [`COLOPHON_TAIL_ROWS`] rows; then fewer by those at their end
/// that the next entry nests under ([`kept_with_next`]).
fn page_share(rest: &[SetEntry], rows: usize, rows_each: usize) -> usize {
    let rows_of = |e: &SetEntry| e.lines.len() * rows_each;
    let mut taken = 0;
    let mut n = (rest.iter())
        .take_while(|e| {
            taken += rows_of(e);
            taken <= rows
        })
        .count()
        .max(1);
    let mut left: usize = rest[n..].iter().map(rows_of).sum();
    while n > 1 && (1..COLOPHON_TAIL_ROWS).contains(&left) {
        n -= 1;
        left += rows_of(&rest[n]);
    }
    kept_with_next(rest, n)
}

/// The first `n` of `rest`'s entries less those at their end that the entry after them nests under (a
/// story's title before its byline, `篇目：` before the first title: keep with next); one at least.
fn kept_with_next(rest: &[SetEntry], mut n: usize) -> usize {
    while n > 1
        && rest
            .get(n)
            .is_some_and(|next| next.level > rest[n - 1].level)
    {
        n -= 1;
    }
    n
}

/// What is outside the trim of `page` about `item` at `at`, or `None` when it lies inside. The item is
/// described (its role and the start of its text) only when it is outside.
fn outside(page: &Page, at: Point, item: &Item) -> Option<String> {
    let (left, top, right, bottom) = match item {
        Item::Run(run) => {
            if run.glyphs.is_empty() {
                return None;
            }
            let (first, last) = extent(&run.glyphs);
            (
                at.x + first,
                at.y - ASCENT_EM * run.size,
                at.x + last,
                at.y + DESCENT_EM * run.size,
            )
        }
        Item::Frame { width, height, .. } | Item::Image { width, height, .. } => {
            (at.x, at.y, at.x + width, at.y + height)
        }
        Item::Dot { diameter } => (
            at.x - diameter / 2.0,
            at.y - diameter / 2.0,
            at.x + diameter / 2.0,
            at.y + diameter / 2.0,
        ),
    };
    let t = &page.trim;
    let beyond = [
        (t.x - left, "left of"),
        (t.y - top, "above"),
        (right - (t.x + t.width), "right of"),
        (bottom - (t.y + t.height), "below"),
    ];
    if [left, top, right, bottom].iter().any(|v| !v.is_finite()) {
        return Some(format!("{} has no finite position", describe(item)));
    }
    let (by, side) = beyond
        .into_iter()
        .fold((0.0f32, ""), |a, b| if b.0 > a.0 { b } else { a });
    (by > TOLERANCE).then(|| {
        format!(
            "{} falls {by:.1} pt {side} the page: the page cannot hold it (a shorter text, or a \
             style with more room, would)",
            describe(item)
        )
    })
}

/// The ends of `glyphs` from their run's origin, pt: the least pen position and the greatest pen position
/// plus advance (`±∞` for none; a NaN is passed over, as `f32::min` and `f32::max` pass it over). Four
/// glyphs side by side, each end kept by a compare and select (one `minss`/`maxss`, where `f32::min`
/// needs a NaN test besides): the check reads every glyph of the book.
fn extent(glyphs: &[Glyph]) -> (f32, f32) {
    let mut first = [f32::INFINITY; 4];
    let mut last = [f32::NEG_INFINITY; 4];
    let mut keep = |lane: usize, g: &Glyph| {
        let end = g.x + g.advance;
        first[lane] = if g.x < first[lane] { g.x } else { first[lane] };
        last[lane] = if end > last[lane] { end } else { last[lane] };
    };
    let mut fours = glyphs.chunks_exact(4);
    for four in &mut fours {
        four.iter().enumerate().for_each(|(lane, g)| keep(lane, g));
    }
    fours.remainder().iter().for_each(|g| keep(0, g));
    let least = |a: f32, b: f32| if b < a { b } else { a };
    let most = |a: f32, b: f32| if b > a { b } else { a };
    (
        least(least(first[0], first[1]), least(first[2], first[3])),
        most(most(last[0], last[1]), most(last[2], last[3])),
    )
}

/// How an error names `item`: its kind, and for text its role and first 16 characters.
fn describe(item: &Item) -> String {
    match item {
        Item::Run(run) => {
            let text: String = run.text.chars().take(16).collect();
            let more = if run.text.chars().count() > 16 {
                "…"
            } else {
                ""
            };
            format!("the {} text 「{text}{more}」", run.role.name())
        }
        Item::Frame { .. } => "a ruled box".to_string(),
        Item::Image { .. } => "an image".to_string(),
        Item::Dot { .. } => "an emphasis dot".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ColophonEntry;
    use crate::typeset::front_matter::colophon_lines;
    use crate::typeset::page::Rect;

    fn page(items: Vec<(Point, Item)>) -> Document {
        Document {
            pages: vec![Page {
                width: 110.0,
                height: 110.0,
                trim: Rect {
                    x: 5.0,
                    y: 5.0,
                    width: 100.0,
                    height: 100.0,
                },
                bleed: 5.0,
                folio: 1,
                anchor: None,
                items,
                lines: Vec::new(),
                figures: Vec::new(),
                links: Vec::new(),
            }],
            outline: Vec::new(),
        }
    }

    #[test]
    fn a_box_below_the_trim_is_named() {
        let frame = Item::Frame {
            width: 10.0,
            height: 10.0,
            stroke: 0.5,
        };
        check(&page(vec![(Point { x: 10.0, y: 90.0 }, frame.clone())])).unwrap();
        let err = check(&page(vec![(Point { x: 10.0, y: 100.0 }, frame)]))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "page 1: a ruled box falls 5.0 pt below the page: the page cannot hold it (a shorter text, or a style with more room, would)"
        );
    }

    /// A story's title is never the last line of a colophon page with its byline on the next: the page
    /// ends before the title (keep with next), and a title whose byline fits stays on the page. The last
    /// page holds at least [`COLOPHON_TAIL_ROWS`] lines.
    #[test]
    fn a_colophon_page_keeps_a_title_with_its_byline() {
        let fonts = crate::fonts::FontSet::bundled().unwrap();
        let style = crate::style::Style::default_style();
        let setter = Setter::new(&style, &fonts);
        let rows = style.body.lines_per_page as usize;
        // `篇目：`, then titles each with its byline, so that a title falls on the first page's last row
        let mut entries = vec![ColophonEntry {
            text: "篇目：".into(),
            level: 0,
        }];
        for i in 0..rows {
            entries.push(ColophonEntry {
                text: format!("《第{i}篇》"),
                level: 1,
            });
            entries.push(ColophonEntry {
                text: format!("本报记者 作者{i}"),
                level: 2,
            });
        }
        let set = colophon_lines(&entries, &setter);
        assert!(set.iter().all(|e| e.lines.len() == 1));
        let pages = colophon_pages(&set, 9, &setter);
        let texts: Vec<Vec<String>> = (pages.iter())
            .map(|p| {
                (p.items.iter())
                    .filter_map(|(_, item)| match item {
                        Item::Run(run) => Some(run.text.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        // the frame's rows would hold `篇目：` and the first title-byline pairs, then a title alone
        assert_eq!(rows % 2, 0, "an even count of rows puts a title last");
        assert_eq!(texts[0].len(), rows - 1, "{:?}", texts[0]);
        assert!(
            texts[0].last().unwrap().starts_with("本报记者"),
            "{:?}",
            texts[0]
        );
        assert!(texts[1][0].starts_with('《'), "{:?}", texts[1]);
        assert_eq!(texts.iter().map(Vec::len).sum::<usize>(), entries.len());
        // the last page is not left a line or two: with 1 + 2 × rows entries over pages of rows − 1 and
        // rows lines, two would be left over, and the page before gives the last page one title and byline
        assert_eq!(
            texts.iter().map(Vec::len).collect::<Vec<_>>(),
            [rows - 1, rows - 2, COLOPHON_TAIL_ROWS]
        );
        // a page never ends with an entry whose nested entry opens the next
        for (page, next) in texts.iter().zip(&texts[1..]) {
            let (last, first) = (page.last().unwrap(), &next[0]);
            assert!(
                !(last.starts_with('《') && first.starts_with("本报记者")),
                "{last} | {first}"
            );
        }
    }

    #[test]
    fn a_long_colophon_continues_on_more_pages() {
        let fonts = crate::fonts::FontSet::bundled().unwrap();
        let style = crate::style::Style::default_style();
        let setter = Setter::new(&style, &fonts);
        let entries: Vec<ColophonEntry> = (0..70)
            .map(|i| ColophonEntry {
                text: format!("《第{i}篇》"),
                level: 1,
            })
            .collect();
        let pages = colophon_pages(&colophon_lines(&entries, &setter), 9, &setter);
        let rows = style.body.lines_per_page as usize;
        assert_eq!(pages.len(), 70usize.div_ceil(rows), "{} pages", pages.len());
        // a full page holds as many entries of a line each as the frame has rows, within the frame (the
        // trim alone left room for three lines more, set in the foot margin below the folio)
        let grid = super::super::grid::Grid::new(&setter);
        let ts = style.roles.colophon;
        let frame_bottom = grid.baseline(rows as i32 - ts.lines as i32, ts.lines, ts.size);
        for page in &pages {
            let baselines: Vec<f32> = (page.items.iter())
                .filter(|(_, item)| matches!(item, Item::Run(_)))
                .map(|(at, _)| at.y)
                .collect();
            assert!(baselines.len() <= rows, "{} lines", baselines.len());
            assert!(
                baselines.iter().all(|&y| y <= frame_bottom + 0.01),
                "{baselines:?}"
            );
        }
        let held: Vec<usize> = (pages.iter())
            .map(|p| {
                (p.items.iter())
                    .filter(|(_, i)| matches!(i, Item::Run(_)))
                    .count()
            })
            .collect();
        assert_eq!(held, [rows, rows, 70 - 2 * rows]);
        assert_eq!(
            pages.iter().map(|p| p.folio).collect::<Vec<_>>(),
            [9, 10, 11]
        );
        let doc = Document {
            pages,
            outline: Vec::new(),
        };
        check(&doc).unwrap();
        let runs: usize = (doc.pages.iter())
            .flat_map(|p| &p.items)
            .filter(|(_, item)| matches!(item, Item::Run(_)))
            .count();
        assert_eq!(runs, 70);
        // each page's entries stand under a rule
        for page in &doc.pages {
            let rules = (page.items.iter())
                .filter(|(_, item)| matches!(item, Item::Frame { height, .. } if *height == 0.0))
                .count();
            assert_eq!(rules, 1);
        }
    }
}
