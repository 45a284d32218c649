//! Navigation: the bookmarks, nested as the typesetter filed them (story → chapters → sections and
//! subheads), each pointing at the top of its heading; and the contents' links to the stories' openings.

use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::destination::{Destination, XyzDestination};
use krilla::geom::{Point, Rect};
use krilla::outline::{Outline, OutlineNode};

use crate::typeset::{Document, Link, OutlineEntry};

/// The outline of `doc`: one bookmark per story, its chapters and subheads below it, titles as set.
pub(super) fn outline(doc: &Document) -> Outline {
    let mut outline = Outline::new();
    for entry in &doc.outline {
        outline.push_child(node(entry));
    }
    outline
}

fn destination(entry: &OutlineEntry) -> XyzDestination {
    XyzDestination::new(entry.page, Point::from_xy(0.0, entry.y))
}

/// The bookmark of `entry` with its children's below it.
fn node(entry: &OutlineEntry) -> OutlineNode {
    let mut out = OutlineNode::new(entry.title.clone(), destination(entry));
    for child in &entry.children {
        out.push_child(node(child));
    }
    out
}

/// The link annotation of a contents entry: its area, pointing where its story's bookmark points, with
/// the story's headline and page as its alternative text (`全方位融入…，第3页`).
pub(super) fn link(link: &Link, doc: &Document) -> Option<Annotation> {
    let entry = doc.outline.get(link.target)?;
    let rect = Rect::from_xywh(link.rect.x, link.rect.y, link.rect.width, link.rect.height)?;
    let folio = doc
        .pages
        .get(entry.page)
        .map_or(entry.page as u32 + 1, |p| p.folio);
    let target = Target::Destination(Destination::Xyz(destination(entry)));
    let alt = format!("{}，第{folio}页", entry.title);
    Some(Annotation::new_link(
        LinkAnnotation::new(rect, target),
        Some(alt),
    ))
}
