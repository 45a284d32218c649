//! Tables on the grid: a ruled table across the measure, each row as many grid rows as its tallest cell,
//! every cell's lines on the body's baselines, so the text after the table stays on the grid (clreq
//! §2.3.3).
//!
//! Each cell is set by the [`Setter`] in the body role ([`Setter::set_cell`]: ragged, no indent), the
//! header's cells as strong text (the strong role's face). A table row is made up as a kept group of its
//! lines (each line holding the runs of every cell's line of that row), followed by its rules: a frame
//! around the row and one between each pair of columns, as [`Item::Frame`]s drawn over the row's rows
//! (zero-row figures placed back over the lines just set, so a row and its rules never part).

use super::groups::{Group, Slot};
use super::line::{SetLine, Span};
use super::page::Item;
use super::setter::Setter;
use crate::model::{Inline, inlines_text};
use crate::style::Role;

/// Stroke of a table's rules, pt (as the column tag's box).
const RULE: f32 = 0.5;
/// Space between a cell's rules and its text, in body ems.
const PAD_EM: f32 = 0.5;
/// The narrowest a column's text may be set, in body ems.
const MIN_TEXT_EM: f32 = 2.0;

/// A table as make-up groups: a blank row, then each row (the header first) with its rules, then a blank
/// row.
pub(super) fn table(
    block: usize,
    header: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    setter: &Setter,
) -> Vec<Group> {
    let strong = |cell: &Vec<Inline>| vec![Inline::Strong(cell.clone())];
    let header: Vec<Vec<Inline>> = header.iter().map(strong).collect();
    let all: Vec<&[Vec<Inline>]> = std::iter::once(header.as_slice())
        .chain(rows.iter().map(Vec::as_slice))
        .collect();
    let widths = column_widths(&all, setter);
    let mut groups = vec![blank(block)];
    let mut offset = 0;
    for row in all {
        groups.extend(table_row(block, row, &widths, offset, setter));
        offset += row.iter().map(|c| inlines_text(c).len()).sum::<usize>();
    }
    groups.push(blank(block));
    groups
}

/// A blank grid row, dropped at the top of a page.
fn blank(block: usize) -> Group {
    Group::Keep {
        block: Some(block),
        slots: Slot::blanks(1),
    }
}

/// The spans of a cell's content in the body role.
fn cell_spans(cell: &[Inline], setter: &Setter) -> Vec<Span> {
    let mut spans = Vec::new();
    setter.inline_spans(Role::Body, cell, &mut spans);
    for span in &mut spans {
        // a line break in a cell is a space: a cell sets its text as one paragraph
        span.text = span.text.replace('\n', " ");
    }
    spans.retain(|s| !s.text.is_empty());
    spans
}

/// Each column's width, pt (rules' centres apart), adding up to the measure: each column's natural width
/// (its widest cell on one line, plus padding, at least [`MIN_TEXT_EM`] ems of text) when they fit, the
/// room left shared equally; otherwise the narrow columns keep their natural width and the wide ones share
/// what is left equally (max-min fair shares), so only the long cells wrap.
fn column_widths(rows: &[&[Vec<Inline>]], setter: &Setter) -> Vec<f32> {
    let style = setter.style;
    let em = style.em();
    let measure = style.measure();
    let columns = rows.iter().map(|r| r.len()).max().unwrap_or(0).max(1);
    let pad = 2.0 * PAD_EM * em;
    let mut natural = vec![MIN_TEXT_EM * em + pad; columns];
    for row in rows {
        for (c, cell) in row.iter().enumerate() {
            let spans = cell_spans(cell, setter);
            let width = setter
                .set_cell(Role::Body, &spans, f32::MAX / 4.0)
                .iter()
                .map(|l| l.right)
                .fold(0.0, f32::max);
            natural[c] = natural[c].max(width + pad);
        }
    }
    let total: f32 = natural.iter().sum();
    if total <= measure {
        let extra = (measure - total) / columns as f32;
        return natural.iter().map(|w| w + extra).collect();
    }
    let mut order: Vec<usize> = (0..columns).collect();
    order.sort_by(|&a, &b| natural[a].total_cmp(&natural[b]));
    let mut widths = natural.clone();
    let mut left = measure;
    for (k, &c) in order.iter().enumerate() {
        let share = left / (columns - k) as f32;
        if natural[c] <= share {
            left -= natural[c];
        } else {
            for &d in &order[k..] {
                widths[d] = share;
            }
            break;
        }
    }
    widths
}

/// One table row: its lines kept together (each line the runs of every cell's line, moved to the cell),
/// then its frame and the rules between its columns. `offset` is where the row's text starts in the
/// table's plain text.
fn table_row(
    block: usize,
    row: &[Vec<Inline>],
    widths: &[f32],
    offset: usize,
    setter: &Setter,
) -> Vec<Group> {
    let style = setter.style;
    let em = style.em();
    let pad = PAD_EM * em;
    let cells: Vec<Vec<SetLine>> = widths
        .iter()
        .enumerate()
        .map(|(c, width)| {
            let spans = row
                .get(c)
                .map_or_else(Vec::new, |cell| cell_spans(cell, setter));
            setter.set_cell(Role::Body, &spans, width - 2.0 * pad)
        })
        .collect();
    let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut slots = Vec::with_capacity(height);
    for k in 0..height {
        slots.push(Slot {
            rows: 1,
            size: em,
            line: Some(row_line(&cells, widths, k, pad, offset)),
            role: Role::Body,
            boxed: false,
        });
    }
    let rows_high = height as f32 * style.body.pitch;
    let rule = |dx: f32, width: f32| Group::Figure {
        block,
        rows: 0,
        dx,
        dy: -rows_high,
        item: Item::Frame {
            width,
            height: rows_high,
            stroke: RULE,
        },
        alt: String::new(),
    };
    let mut groups = vec![
        Group::Keep {
            block: Some(block),
            slots,
        },
        rule(0.0, widths.iter().sum()),
    ];
    let mut x = 0.0;
    for width in &widths[..widths.len().saturating_sub(1)] {
        x += width;
        groups.push(rule(x, 0.0));
    }
    groups
}

/// Line `k` of a table row: line `k` of each cell (`cells`, set in columns `widths` wide, `pad` pt inside
/// each side), moved to its column; `offset` is where the row's text starts in the table's plain text.
fn row_line(cells: &[Vec<SetLine>], widths: &[f32], k: usize, pad: f32, offset: usize) -> SetLine {
    let mut line = SetLine {
        runs: Vec::new(),
        left: 0.0,
        right: 0.0,
        last: true,
        unfilled: false,
        han: 0,
        start: offset,
    };
    let mut x = 0.0;
    for (cell, width) in cells.iter().zip(widths) {
        if let Some(cell_line) = cell.get(k) {
            if line.runs.is_empty() {
                line.left = x + pad + cell_line.left;
            }
            for run in &cell_line.runs {
                let mut run = run.clone();
                for g in &mut run.glyphs {
                    g.x += x + pad;
                }
                line.runs.push(run);
            }
            line.right = x + pad + cell_line.right;
            line.han += cell_line.han;
        }
        x += width;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;
    use crate::style::{InlineRole, Style};

    fn t(s: &str) -> Vec<Inline> {
        vec![Inline::Text(s.into())]
    }

    #[test]
    fn a_table_is_ruled_rows_on_the_grid_across_the_measure() {
        let style = Style::default_style();
        let fonts = FontSet::bundled().unwrap();
        let setter = Setter::new(&style, &fonts);
        let header = vec![t("奖项"), t("姓名"), t("单位")];
        let rows = vec![
            vec![t("一等奖"), t("张三"), t("哈尔滨日报社")],
            vec![t("二等奖"), t("李四"), t("市委政法委")],
        ];
        let groups = table(4, &header, &rows, &setter);
        // blank, 3 rows × (lines + frame + 2 column rules), blank
        assert_eq!(groups.len(), 1 + 3 * 4 + 1);
        let Group::Keep { slots, .. } = &groups[1] else {
            panic!("{:?}", groups[1])
        };
        assert_eq!(slots.len(), 1);
        let line = slots[0].line.as_ref().unwrap();
        let texts: Vec<&str> = line.runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["奖项", "姓名", "单位"]);
        assert!(
            line.runs
                .iter()
                .all(|r| r.inline == Some(InlineRole::Strong))
        );
        let Group::Figure { rows, dy, item, .. } = &groups[2] else {
            panic!("{:?}", groups[2])
        };
        assert_eq!(*rows, 0);
        assert!((*dy + style.body.pitch).abs() < 1e-4);
        let Item::Frame { width, height, .. } = item else {
            panic!()
        };
        assert!((width - style.measure()).abs() < 1e-3, "{width}");
        assert!((height - style.body.pitch).abs() < 1e-4);
        // the column rules stand between the cells' text
        let xs: Vec<f32> = groups[3..5]
            .iter()
            .map(|g| match g {
                Group::Figure { dx, .. } => *dx,
                _ => panic!(),
            })
            .collect();
        let starts: Vec<f32> = line.runs.iter().map(|r| r.glyphs[0].x).collect();
        assert!(starts[0] < xs[0] && xs[0] < starts[1] && starts[1] < xs[1] && xs[1] < starts[2]);
    }

    #[test]
    fn a_long_cell_takes_more_rows_and_the_row_keeps_them() {
        let style = Style::default_style();
        let fonts = FontSet::bundled().unwrap();
        let setter = Setter::new(&style, &fonts);
        let long = "在外卖存放点设置泡沫保温箱，确保居民购买的食品和蔬菜不被冻坏；协调购买一批热帖和暖手宝，分发给核酸检测工作人员。";
        let groups = table(0, &[t("甲"), t("乙")], &[vec![t("短"), t(long)]], &setter);
        // blank, the header (lines, frame, one column rule), then the row
        let Group::Keep { slots, .. } = &groups[4] else {
            panic!("{:?}", groups[4])
        };
        assert!(slots.len() >= 2, "{}", slots.len());
        let Group::Figure { item, dy, .. } = &groups[5] else {
            panic!()
        };
        let rows_high = slots.len() as f32 * style.body.pitch;
        assert!((*dy + rows_high).abs() < 1e-3);
        assert!(matches!(item, Item::Frame { height, .. } if (height - rows_high).abs() < 1e-3));
        // the long cell's text is all there, in order
        let text: String = slots
            .iter()
            .flat_map(|s| s.line.as_ref().unwrap().runs.iter())
            .map(|r| r.text.as_str())
            .filter(|t| *t != "短")
            .collect();
        assert_eq!(text, long);
    }
}
