//! Whether a book's faces can set every character the author wrote: the characters a book shows, where
//! each character no face has stands in the input (file:line:column, U+XXXX), and which face sets how
//! many characters (`huozi check`).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::MissingChar;
use crate::fonts::{FaceInfo, FontId, FontSet};
use crate::model::{Book, Story};
use crate::typeset::{Document, Item};

/// Every character `book` shows in either edition: its stories' heading blocks and blocks, the title page
/// and the colophon, whose 开本 names the page size `trim` (`Style::trim_text`); control characters left
/// out. The stories are read in parallel (rayon), each into a set of its own, joined in the end.
pub fn book_chars(book: &Book, trim: &str) -> BTreeSet<char> {
    let (front, stories) = rayon::join(
        || {
            let mut seen = Seen::default();
            let page = book.title_page();
            let named = [
                Some(page.title),
                page.subtitle,
                page.authors,
                page.publisher,
            ];
            (named.iter().flatten()).for_each(|t| seen.add(t));
            (book.colophon(trim).iter()).for_each(|e| seen.add(&e.text));
            seen
        },
        || {
            (book.stories.par_iter())
                .fold(Seen::default, |mut seen, story| {
                    story_texts(story, &mut |t| seen.add(t));
                    seen
                })
                .reduce(Seen::default, Seen::join)
        },
    );
    front.join(stories).chars()
}

/// The characters seen: a bit per character of the Basic Multilingual Plane (one ordered-set insertion
/// per character of the book cost more than the rest of reading it), a set for the others.
struct Seen {
    /// Bit `u % 64` of word `u / 64` for each character `u` of the plane seen.
    bmp: Box<[u64; 0x10000 / 64]>,
    beyond: BTreeSet<char>,
}

impl Default for Seen {
    fn default() -> Self {
        Seen {
            bmp: Box::new([0; 0x10000 / 64]),
            beyond: BTreeSet::new(),
        }
    }
}

impl Seen {
    /// Records each character of `text`, read by [`crate::script::for_each_scalar`].
    fn add(&mut self, text: &str) {
        let (bmp, beyond) = (&mut self.bmp, &mut self.beyond);
        crate::script::for_each_scalar(text, |u| {
            if u < 0x10000 {
                bmp[(u / 64) as usize] |= 1 << (u % 64);
            } else {
                beyond.extend(char::from_u32(u));
            }
        });
    }

    fn join(mut self, other: Seen) -> Seen {
        (self.bmp.iter_mut().zip(other.bmp.iter())).for_each(|(a, b)| *a |= b);
        self.beyond.extend(other.beyond);
        self
    }

    /// The characters seen, control characters left out.
    fn chars(self) -> BTreeSet<char> {
        let seen = self.bmp.iter().enumerate().flat_map(|(k, &bits)| {
            (0..64)
                .filter(move |b| bits & (1 << b) != 0)
                .filter_map(move |b| char::from_u32((k * 64 + b) as u32))
        });
        seen.chain(self.beyond)
            .filter(|c| !c.is_control())
            .collect()
    }
}

/// Each text `story` shows, handed to `text` in turn: its heading block, the run-in dateline and byline,
/// and each block's plain text.
fn story_texts(story: &Story, text: &mut impl FnMut(&str)) {
    let heading = [
        &story.column,
        &story.kicker,
        &story.subheadline,
        &story.dateline,
        &story.byline,
    ];
    heading.into_iter().flatten().for_each(|t| text(t));
    text(&story.headline);
    if let Some(run_in) = story.run_in() {
        text(&run_in);
    }
    story.blocks.iter().for_each(|b| text(&b.plain_text()));
}

/// Every place in `sources` (file, decoded text) where a character of `chars` stands, in file order, with
/// its 1-based line and column (in characters). A character found in no source (text huozi adds) is
/// reported once against `fallback`, line and column 0.
pub(crate) fn locate(
    chars: &[char],
    sources: &[(PathBuf, String)],
    fallback: &Path,
) -> Vec<MissingChar> {
    let mut out = Vec::new();
    if chars.is_empty() {
        return out;
    }
    // looked up, not searched for in `chars` (quadratic when every paragraph has a character of its own
    // that no face has)
    let wanted: HashSet<char> = chars.iter().copied().collect();
    let mut seen: BTreeSet<char> = BTreeSet::new();
    for (path, text) in sources {
        for (i, line) in text.lines().enumerate() {
            for (j, c) in line.chars().enumerate() {
                if wanted.contains(&c) {
                    seen.insert(c);
                    out.push(MissingChar {
                        path: path.clone(),
                        line: i + 1,
                        column: j + 1,
                        ch: c,
                    });
                }
            }
        }
    }
    for &c in chars.iter().filter(|c| !seen.contains(c)) {
        out.push(MissingChar {
            path: fallback.to_path_buf(),
            line: 0,
            column: 0,
            ch: c,
        });
    }
    out
}

/// Which face sets how many characters of a typeset book, and what none can set.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// Distinct characters the book shows.
    pub distinct: usize,
    /// Each face that sets text, with the number of distinct characters it sets, in the set's order.
    pub faces: Vec<(FaceInfo, usize)>,
    /// Every place a character no face has stands (set as 〓 in print).
    pub missing: Vec<MissingChar>,
}

impl Coverage {
    /// The coverage of `document`, set in `fonts` from a book showing `chars`; `missing` from
    /// [`locate`].
    pub fn of(
        document: &Document,
        fonts: &FontSet,
        chars: &BTreeSet<char>,
        missing: Vec<MissingChar>,
    ) -> Coverage {
        let unset: BTreeSet<char> = missing.iter().map(|m| m.ch).collect();
        let mut per_face: BTreeMap<FontId, BTreeSet<char>> = BTreeMap::new();
        for page in &document.pages {
            for (_, item) in &page.items {
                if let Item::Run(run) = item {
                    let set = per_face.entry(run.font).or_default();
                    set.extend(
                        run.text
                            .chars()
                            .filter(|c| !c.is_control() && !unset.contains(c)),
                    );
                }
            }
        }
        Coverage {
            distinct: chars.len(),
            faces: per_face
                .into_iter()
                .map(|(id, set)| (fonts.info(id).clone(), set.len()))
                .collect(),
            missing,
        }
    }

    /// The report `huozi check` prints: the number of distinct characters, one line per face (family,
    /// style, `embedded` or its file, characters it sets), then every character no face can set as
    /// `file:line:column U+XXXX c`.
    pub fn report(&self) -> String {
        let mut out = format!("{} distinct characters\n", self.distinct);
        for (info, n) in &self.faces {
            out.push_str(&format!(
                "{n:>6}  {} {} ({})\n",
                info.family, info.style, info.source
            ));
        }
        let unset: BTreeSet<char> = self.missing.iter().map(|m| m.ch).collect();
        if unset.is_empty() {
            out.push_str("every character has a face\n");
        } else {
            out.push_str(&format!("{} characters no face can set:\n", unset.len()));
            for m in &self.missing {
                out.push_str(&format!("  {m}\n"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_lines_and_columns_in_characters() {
        let sources = vec![(PathBuf::from("a.txt"), "标题\n王喆𰀀写，𰀀\n".to_string())];
        let found = locate(&['𰀀', '丂'], &sources, Path::new("book"));
        let places: Vec<String> = found.iter().map(|m| m.to_string()).collect();
        assert_eq!(
            places,
            [
                "a.txt:2:3 U+30000 𰀀",
                "a.txt:2:6 U+30000 𰀀",
                "book:0:0 U+4E02 丂"
            ]
        );
    }
}
