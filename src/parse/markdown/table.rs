//! GFM tables: the header row and the body rows, each cell's inline content, as one
//! [`Block::Table`](crate::model::Block::Table).

use crate::model::{Block, Inline};

/// A table being read.
#[derive(Debug, Default)]
pub(super) struct TableBuf {
    header: Vec<Vec<Inline>>,
    rows: Vec<Vec<Vec<Inline>>>,
    in_head: bool,
}

impl TableBuf {
    /// The header row starts.
    pub(super) fn head(&mut self) {
        self.in_head = true;
    }

    /// The header row ends.
    pub(super) fn head_end(&mut self) {
        self.in_head = false;
    }

    /// A body row starts.
    pub(super) fn row(&mut self) {
        self.rows.push(Vec::new());
    }

    /// A cell's content (normalised), into the header or the current row.
    pub(super) fn cell(&mut self, inlines: Vec<Inline>) {
        match (self.in_head, self.rows.last_mut()) {
            (false, Some(row)) => row.push(inlines),
            _ => self.header.push(inlines),
        }
    }

    /// The table as a block: every body row as wide as the header (a short row filled with empty cells,
    /// cells beyond the header's dropped, as GFM reads them).
    pub(super) fn finish(self) -> Block {
        let width = self.header.len();
        let rows = self
            .rows
            .into_iter()
            .map(|mut row| {
                row.resize_with(width, Vec::new);
                row
            })
            .collect();
        Block::Table {
            header: self.header,
            rows,
        }
    }

    /// Each row's cells as one line of text (cells set apart by an ideographic space): what a table
    /// inside a quote or list becomes.
    pub(super) fn finish_as_lines(self) -> Vec<Vec<Inline>> {
        std::iter::once(self.header)
            .chain(self.rows)
            .map(|row| {
                let mut line = Vec::new();
                for (k, cell) in row.into_iter().enumerate() {
                    if k > 0 {
                        line.push(Inline::Text("\u{3000}".into()));
                    }
                    line.extend(cell);
                }
                line
            })
            .filter(|l| !l.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Vec<Inline> {
        vec![Inline::Text(s.into())]
    }

    #[test]
    fn rows_take_the_headers_width() {
        let mut b = TableBuf::default();
        b.head();
        b.cell(t("甲"));
        b.cell(t("乙"));
        b.head_end();
        b.row();
        b.cell(t("1"));
        b.row();
        b.cell(t("2"));
        b.cell(t("3"));
        b.cell(t("4"));
        assert_eq!(
            b.finish(),
            Block::Table {
                header: vec![t("甲"), t("乙")],
                rows: vec![vec![t("1"), vec![]], vec![t("2"), t("3")]],
            }
        );
    }
}
