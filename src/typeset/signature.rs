//! Padding to a signature: the book's page count is made a whole multiple of the pages a folded sheet
//! holds (4 for a saddle-stitched booklet), with blank pages before the colophon or at the end.

use super::page::Page;

/// Blank pages needed to bring `pages` to a multiple of `signature` (0 when it is one already, or when
/// `signature` is 0 or 1).
pub(super) fn blanks_needed(pages: usize, signature: u32) -> usize {
    let s = signature.max(1) as usize;
    (s - pages % s) % s
}

/// A blank page the size of `like`, counted as folio `folio` (no items, no text, no anchor).
pub(super) fn blank(like: &Page, folio: u32) -> Page {
    Page {
        width: like.width,
        height: like.height,
        trim: like.trim,
        bleed: like.bleed,
        folio,
        anchor: None,
        items: Vec::new(),
        lines: Vec::new(),
        figures: Vec::new(),
        links: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_padded_to_the_next_whole_signature() {
        assert_eq!(blanks_needed(8, 4), 0);
        assert_eq!(blanks_needed(9, 4), 3);
        assert_eq!(blanks_needed(11, 4), 1);
        assert_eq!(blanks_needed(9, 16), 7);
        assert_eq!(blanks_needed(9, 1), 0);
        assert_eq!(blanks_needed(9, 0), 0);
    }
}
