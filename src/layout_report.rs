//! The lines a proofreader should look at (`huozi build --layout-report`): each justified line whose Han
//! characters stand further apart than the loose bound, and each line that could not be filled to the
//! measure (a run longer than the measure broken where no break is allowed — an emergency break — or a line
//! with no gap to spread), with the page it is on and where its text stands in the input (file:line:col).

use std::path::PathBuf;

use crate::fonts::FontSet;
use crate::script::is_han;
use crate::style::Role;
use crate::typeset::{Document, LineInfo, Page};

/// Han characters of a justified line further apart than this, in ems of the line's size, make it loose:
/// pdfcheck's `loose_lines` bound (`tests/tools/pdfcheck.py`), 0.15 em of spacing more than set solid.
pub const LOOSE_PITCH_EM: f32 = 1.15;

/// Why a line is reported.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum LineFault {
    /// A justified line whose widest Han pitch (from one Han character's pen position to the next's) is
    /// over [`LOOSE_PITCH_EM`].
    Loose {
        /// That pitch, in ems of the line's size.
        pitch_em: f32,
    },
    /// A line that could not be filled to the measure: broken where no break is allowed (an emergency
    /// break), or holding no gap to spread.
    Unfilled,
    /// A justified line that ends inside a word (a Latin letter or digit on both sides of the break),
    /// broken there because the word is longer than the measure allows: an emergency break (huozi does not
    /// hyphenate).
    BrokenWord,
}

/// A typeset line a proofreader should look at, and where its text stands in the input.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LineNote {
    /// 1-based page of the PDF.
    pub page: usize,
    /// The input file holding the line's text; `None` when it stands in no input (text huozi adds).
    pub path: Option<PathBuf>,
    /// 1-based line in that file of the line's longest run of letters (0: not found).
    pub line: usize,
    /// 1-based column, in characters, where the typeset line's text begins on that line (0: not found).
    pub column: usize,
    /// The typeset line's text.
    pub text: String,
    /// Why it is reported.
    pub fault: LineFault,
}

impl std::fmt::Display for LineNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}:{}:{}: ", path.display(), self.line, self.column)?;
        }
        match self.fault {
            LineFault::Loose { pitch_em } => write!(
                f,
                "page {}: loose line, Han characters {pitch_em:.2} em apart (over {LOOSE_PITCH_EM}): {}",
                self.page, self.text
            ),
            LineFault::Unfilled => write!(
                f,
                "page {}: line not filled to the measure (emergency break): {}",
                self.page, self.text
            ),
            LineFault::BrokenWord => write!(
                f,
                "page {}: a word broken at the line's end (emergency break): {}",
                self.page, self.text
            ),
        }
    }
}

/// Every loose or unfilled line of `document` (set in `fonts`), in page order, located in `sources` (file,
/// decoded text).
pub(crate) fn report(
    document: &Document,
    fonts: &FontSet,
    sources: &[(PathBuf, String)],
) -> Vec<LineNote> {
    let mut finder = Finder::new(sources);
    let lines: Vec<(usize, &Page, &LineInfo)> = (document.pages.iter().enumerate())
        .flat_map(|(p, page)| page.lines.iter().map(move |l| (p + 1, page, l)))
        .collect();
    let mut notes = Vec::new();
    for (i, &(number, page, line)) in lines.iter().enumerate() {
        let next = lines.get(i + 1).map(|&(_, _, l)| l);
        let Some(fault) = fault(line, next, |l| widest_han_pitch(l, page, fonts)) else {
            continue;
        };
        let (path, line_no, column) = finder.find(&line.text);
        notes.push(LineNote {
            page: number,
            path,
            line: line_no,
            column,
            text: line.text.clone(),
            fault,
        });
    }
    notes
}

/// Why `line` (followed by `next`) is to be reported, if it is: unfilled, or a justified line (body,
/// note, quote) but a paragraph's last that ends inside a word or is loose (display lines, spaced out on
/// purpose, are not).
fn fault(
    line: &LineInfo,
    next: Option<&LineInfo>,
    widest: impl Fn(&LineInfo) -> f32,
) -> Option<LineFault> {
    if line.unfilled {
        return Some(LineFault::Unfilled);
    }
    let justified = matches!(line.role, Role::Body | Role::Note | Role::Quote);
    if !justified || line.paragraph_end || line.size <= 0.0 {
        return None;
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let same_paragraph = next.is_some_and(|n| {
        (n.story, n.block, n.role) == (line.story, line.block, line.role) && !n.paragraph_start
    });
    let next_start = next.and_then(|n| n.text.chars().next());
    if same_paragraph && word(line.text.chars().last()) && word(next_start) {
        return Some(LineFault::BrokenWord);
    }
    let widest = widest(line);
    (widest > LOOSE_PITCH_EM + 0.005).then_some(LineFault::Loose { pitch_em: widest })
}

/// The widest pitch between two Han characters side by side on `line` (on `page`, set in `fonts`), in ems
/// of the line's size; 0 when there are no two.
fn widest_han_pitch(line: &LineInfo, page: &Page, fonts: &FontSet) -> f32 {
    let runs = line.runs(page, fonts);
    let glyphs: Vec<_> = runs.iter().flat_map(|r| &r.glyphs).collect();
    let single_han = |t: &str| {
        let mut chars = t.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if is_han(c))
    };
    glyphs
        .windows(2)
        .filter(|w| single_han(&w[0].text) && single_han(&w[1].text))
        .map(|w| (w[1].x - w[0].x) / line.size)
        .fold(0.0f32, f32::max)
}

/// Finds typeset lines' text in the input, in reading order: each search starts where the last one was
/// found, then wraps to the start.
struct Finder<'a> {
    /// The input files and their text.
    sources: &'a [(PathBuf, String)],
    /// Where the last line was found: source index and byte offset.
    cursor: (usize, usize),
    /// For each source, the byte offsets of its line breaks, rising: a place's line is looked up in
    /// them (counting the breaks before it for every reported line was quadratic in the file).
    breaks: Vec<Vec<usize>>,
}

/// Fewest characters a probe holds (shorter runs match too often).
const PROBE_MIN: usize = 2;
/// Most characters a probe holds (longer ones are more often split by a hard wrap).
const PROBE_MAX: usize = 6;

impl<'a> Finder<'a> {
    fn new(sources: &'a [(PathBuf, String)]) -> Finder<'a> {
        let breaks = (sources.iter())
            .map(|(_, text)| memchr::memchr_iter(b'\n', text.as_bytes()).collect())
            .collect();
        Finder {
            sources,
            cursor: (0, 0),
            breaks,
        }
    }

    /// The file, line and column of `text` in the input: where its longest run of letters stands
    /// (the column moved back by the characters before that run on the typeset line); `(None, 0, 0)` when
    /// no run is found.
    fn find(&mut self, text: &str) -> (Option<PathBuf>, usize, usize) {
        for (offset, probe) in probes(text) {
            let Some((s, at)) = self.search(&probe) else {
                continue;
            };
            self.cursor = (s, at + probe.len());
            let (path, source) = &self.sources[s];
            let breaks = &self.breaks[s];
            let above = breaks.partition_point(|&n| n < at);
            let line = above + 1;
            let line_start = above.checked_sub(1).map_or(0, |k| breaks[k] + 1);
            let column = source[line_start..at].chars().count() + 1;
            return (
                Some(path.clone()),
                line,
                column.saturating_sub(offset).max(1),
            );
        }
        (None, 0, 0)
    }

    /// The first place of `probe` at or after the cursor, else the first from the start.
    fn search(&self, probe: &str) -> Option<(usize, usize)> {
        let (s0, at0) = self.cursor;
        let after = self
            .sources
            .iter()
            .enumerate()
            .skip(s0)
            .find_map(|(s, (_, text))| {
                let from = if s == s0 { at0.min(text.len()) } else { 0 };
                let from = (0..=from).rev().find(|&i| text.is_char_boundary(i))?;
                text[from..].find(probe).map(|i| (s, from + i))
            });
        after.or_else(|| {
            (self.sources.iter().enumerate())
                .find_map(|(s, (_, text))| text.find(probe).map(|i| (s, i)))
        })
    }
}

/// The runs of letters and digits of `text` (Han characters, Latin words, numbers: what normalisation
/// leaves as it found) to look for, longest first, each cut to [`PROBE_MAX`] characters, with the number
/// of characters before it on the line.
fn probes(text: &str) -> Vec<(usize, String)> {
    let mut runs: Vec<(usize, String)> = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, c) in text.chars().enumerate() {
        match (&mut current, c.is_alphanumeric()) {
            (Some((_, run)), true) => run.push(c),
            (None, true) => current = Some((i, c.to_string())),
            (_, false) => runs.extend(current.take()),
        }
    }
    runs.extend(current);
    runs.retain(|(_, r)| r.chars().count() >= PROBE_MIN);
    runs.sort_by_key(|(i, r)| (std::cmp::Reverse(r.chars().count().min(PROBE_MAX)), *i));
    runs.into_iter()
        .map(|(i, r)| (i, r.chars().take(PROBE_MAX).collect()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_found_by_its_longest_han_run_in_reading_order() {
        let sources = vec![
            (
                PathBuf::from("a.txt"),
                "标题\n第一行文字，再来\n".to_string(),
            ),
            (PathBuf::from("b.txt"), "x\n  第一行文字重复\n".to_string()),
        ];
        let mut finder = Finder::new(&sources);
        let first = finder.find("“第一行文字");
        assert_eq!(first, (Some(PathBuf::from("a.txt")), 2, 1));
        let again = finder.find("第一行文字重复");
        assert_eq!(again, (Some(PathBuf::from("b.txt")), 2, 3));
        assert_eq!(finder.find("ABC 没有"), (None, 0, 0));
        assert_eq!(
            probes("a 中文，三个字好"),
            [(5, "三个字好".to_string()), (2, "中文".into())]
        );
        assert_eq!(
            probes("URL: xxxxxxxx"),
            [(5, "xxxxxx".to_string()), (0, "URL".into())]
        );
    }
}
