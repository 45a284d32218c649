//! What page make-up works with: a story's content as [`Group`]s — kept slots (a heading block, a subhead),
//! paragraphs of lines, figures — each [`Slot`] a line (or a blank row) on the grid.

use super::line::{SetLine, Shaped, Span};
use super::page::Item;
use super::setter::Setter;
use crate::style::Role;

/// A line ready to be placed on the grid: `rows` grid rows high, set at `size` pt.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    /// Height in grid rows.
    pub rows: u32,
    /// Type size of the line, pt (its em box is centred in the slot).
    pub size: f32,
    /// The set line; `None` for a blank row.
    pub line: Option<SetLine>,
    /// The role the line was set in.
    pub role: Role,
    /// Draw a ruled box around the line (the column tag).
    pub boxed: bool,
}

impl Slot {
    /// `n` blank rows (a role's space before); dropped at the top of a page.
    pub(super) fn blanks(n: u32) -> Vec<Slot> {
        (0..n)
            .map(|_| Slot {
                rows: 1,
                size: 0.0,
                line: None,
                role: Role::Body,
                boxed: false,
            })
            .collect()
    }

    /// `text` set as display lines of `role` at `size` pt (the role's own size, or a headline's stepped
    /// down): each line `lines` rows high and boxed as the role says.
    pub(super) fn display(setter: &Setter, role: Role, text: &str, size: f32) -> Vec<Slot> {
        let span = Span {
            size,
            ..setter.span(role, text)
        };
        Slot::lines(setter, role, size, setter.set(role, &[span]))
    }

    /// `lines` already set as display lines of `role` at `size` pt ([`Slot::display`]).
    pub(super) fn lines(setter: &Setter, role: Role, size: f32, lines: Vec<SetLine>) -> Vec<Slot> {
        let rs = setter.style.role(role);
        lines
            .into_iter()
            .map(|line| Slot {
                rows: rs.lines,
                size,
                line: Some(line),
                role,
                boxed: rs.boxed,
            })
            .collect()
    }
}

/// A story's content in page make-up terms.
#[derive(Debug, Clone)]
pub(super) enum Group {
    /// Slots that stay together and stay with the next group's first lines (heading block, subhead).
    Keep {
        /// The story block this is (`None`: the story's heading block).
        block: Option<usize>,
        /// The slots, top to bottom.
        slots: Vec<Slot>,
    },
    /// A paragraph's lines (one row each, on the body's baselines whatever their size); may break across
    /// pages, leaving at least the style's orphans at a page foot and two lines (no widow) at the top of
    /// the next.
    Paragraph {
        /// The story block this is.
        block: usize,
        /// The role the block was set in.
        role: Role,
        /// Bytes of run-in text (a dateline) set before the block's own text.
        prefix: usize,
        /// Byte offset of the text set here in the block's `plain_text()`: 0, except for the second and
        /// later paragraphs of a quote and items of a list, which are set as groups of their own.
        base: usize,
        /// The lines.
        lines: Vec<SetLine>,
        /// The spans the lines were set from, when make-up may set them again a line looser or tighter
        /// (justified text); `None` for lines set otherwise (an end mark set against the end).
        spans: Option<Vec<Span>>,
        /// The spans as shaped for the lines, kept until the story's page plan is made (which may set
        /// them again without shaping them again), then dropped.
        shaped: Option<Box<Shaped>>,
    },
    /// An image filling `rows` grid rows; moves to the next page whole when it does not fit.
    Figure {
        /// The story block this is.
        block: usize,
        /// Height in grid rows.
        rows: u32,
        /// The item's offset from the left of the text frame, pt.
        dx: f32,
        /// The item's offset from the top of its first row, pt.
        dy: f32,
        /// The image.
        item: Item,
        /// What it shows, in words ([`FigureInfo::alt`](super::page::FigureInfo::alt)).
        alt: String,
    },
}

/// A story ready for make-up.
#[derive(Debug, Clone)]
pub(super) struct StoryLayout {
    /// The bookmark and recto running head text: the headline as one line ([`headline_text`]).
    pub headline: String,
    /// Heading block, subheads and paragraphs in order.
    pub groups: Vec<Group>,
}

/// A story's `headline` as one line of plain text: its lines (a Markdown headline broken with `<br>`)
/// trimmed and joined without a break, as the running heads, the bookmarks and the contents show it, and
/// the EPUB's `<title>`, nav and NCX.
pub(crate) fn headline_text(headline: &str) -> String {
    headline.lines().map(str::trim).collect()
}
