//! The page furniture, a step after make-up (`paginate.rs`): running heads and folios (clreq §2.3;
//! book title on versos, the story's headline on rectos, on every story page but a story's opening page;
//! folios at the outer foot of every story page).

use super::line::SetLine;
use super::page::Point;
use super::paginate::{Grid, MadeUp, Source, StoryLayout};
use super::setter::Setter;
use crate::style::{Align, Role};

/// Rows between the top of the text frame and the running head's row (the running head sits two rows
/// above the first body line).
const RUNNING_HEAD_ROW: i32 = -2;
/// Rows between the last body row and the folio's row.
const FOLIO_ROWS_BELOW: i32 = 2;

/// The page furniture, added to made-up pages after make-up: a running head two rows above the frame on
/// every page but a story's opening page (the book's `title` on versos, the story's headline on rectos)
/// and a folio below the frame, each in its role's look; a role aligned `outer` sits at the end of the
/// measure on a recto and at its start on a verso. Blank pages carry nothing.
pub(super) fn furnish(made: &mut MadeUp, title: &str, stories: &[StoryLayout], setter: &Setter) {
    let grid = Grid::new(setter);
    let style = setter.style;
    let rows = style.body.lines_per_page as i32;
    for (page, owner) in made.pages.iter_mut().zip(&made.owners) {
        if page.items.is_empty() {
            continue;
        }
        let recto = page.folio % 2 == 1;
        if !owner.opening {
            let text = if recto {
                &stories[owner.story].headline
            } else {
                title
            };
            if let Some(line) = setter.set_text(Role::RunningHead, text).into_iter().next() {
                let size = style.roles.running_head.size;
                let y = grid.baseline(RUNNING_HEAD_ROW, 1, size);
                let at = outer(&grid, Role::RunningHead, recto, &line, y);
                let source = Source {
                    story: Some(owner.story),
                    block: None,
                };
                grid.put(page, at, &line, Role::RunningHead, None, source);
            }
        }
        let folio = setter
            .set_text(Role::Folio, &page.folio.to_string())
            .remove(0);
        let y = grid.baseline(rows - 1 + FOLIO_ROWS_BELOW, 1, style.roles.folio.size);
        let at = outer(&grid, Role::Folio, recto, &folio, y);
        grid.put(page, at, &folio, Role::Folio, None, Source::default());
    }
}

/// The origin of a furniture line of `role` on baseline `y`: moved to the end of the measure on a recto
/// when the role is aligned `outer`.
fn outer(grid: &Grid, role: Role, recto: bool, line: &SetLine, y: f32) -> Point {
    let x0 = grid.frame_left();
    let x = if grid.style().role(role).align == Align::Outer && recto {
        x0 + grid.style().measure() - line.right
    } else {
        x0
    };
    Point { x, y }
}
