//! Every block of a story but a running paragraph, as XHTML: headings opening sections, editor's notes,
//! quotes, lists, figures, captions, credits, the end mark, tables and the story's notes.

use super::failure::fail;
use super::split::note_id;
use super::writer::{Marks, RunIn, StoryWriter};
use crate::assets::Images;
use crate::error::Result;
use crate::model::{Block, Inline, list_marker, note_label, note_marker};
use crate::style::Role;

/// The labels an editor's note may open with, longest first (as the parser finds them).
const NOTE_LABELS: [&str; 4] = ["【编者按】", "编者按：", "编者按:", "编者按"];

/// Every block but a running paragraph.
///
/// Errors: [`crate::Error::Render`] when an image block names an image not in `images`.
pub(super) fn block_element(
    w: &mut StoryWriter,
    block: &Block,
    images: &Images,
    marks: &mut Marks,
) -> Result<()> {
    let text = |t: &str| vec![Inline::Text(t.to_string())];
    match block {
        Block::Paragraph { inlines } => w.paragraph("p", Role::Body, None, inlines, marks),
        Block::Subhead { lines } => {
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            w.section((Role::Subhead, 2), "h2", &lines, marks);
        }
        Block::Chapter { level, title } => {
            let (role, tag) = if *level <= 1 {
                ((Role::Chapter, 1), "h2")
            } else {
                ((Role::Section, 2), "h3")
            };
            w.section(role, tag, &[title.as_str()], marks);
        }
        Block::EditorsNote { inlines } => note(w, inlines, marks),
        Block::Quote { paragraphs } => {
            // Offsets run on through the paragraphs, as in `plain_text()`.
            let font = w.style.roles.quote.font;
            let mut pos = 0;
            w.doc.start("blockquote", &[("class", Role::Quote.name())]);
            w.doc.line();
            for p in paragraphs {
                w.doc.start("p", &[]);
                w.begin_paragraph(pos, "", p);
                w.inlines(p, &[font], &mut pos, marks);
                w.doc.end("p");
                w.doc.line();
            }
            w.flush(marks);
            w.doc.end("blockquote");
            w.doc.line();
        }
        Block::List {
            ordered,
            start,
            items,
        } => list(w, *ordered, *start, items, marks),
        Block::Image { src, alt } => {
            w.flush(marks);
            let href = images
                .get(src)
                .map(crate::assets::epub_href)
                .ok_or_else(|| fail(format!("the image {src} was not loaded")))?;
            w.doc.start("figure", &[("class", "image")]);
            w.doc.empty("img", &[("src", &href), ("alt", alt)]);
            w.doc.end("figure");
            w.doc.line();
        }
        Block::Caption { text: t } => w.paragraph("p", Role::Caption, None, &text(t), marks),
        Block::Editor { text: t } => w.paragraph("p", Role::Credit, None, &text(t), marks),
        Block::Ending { text: t } => {
            // The end mark is body text set against the end of the measure.
            w.doc.start("p", &[("class", "ending")]);
            let font = w.style.roles.body.font;
            let inlines = text(t);
            w.begin_paragraph(0, "", &inlines);
            w.inlines(&inlines, &[font], &mut 0, marks);
            w.flush(marks);
            w.doc.end("p");
            w.doc.line();
        }
        Block::Table { header, rows } => table(w, header, rows, marks),
        Block::Notes { notes: list } => notes(w, list, marks),
    }
    Ok(())
}

/// An editor's note: `<p class="note">`, its label (`编者按：`) in a `note-label` span.
fn note(w: &mut StoryWriter, inlines: &[Inline], marks: &mut Marks) {
    let label = match inlines.first() {
        Some(Inline::Text(first)) => NOTE_LABELS
            .iter()
            .find(|l| first.starts_with(**l))
            .map(|l| (&first[..l.len()], &first[l.len()..])),
        _ => None,
    };
    match label {
        Some((label, rest)) => {
            let mut body = vec![Inline::Text(rest.to_string())];
            body.extend(inlines[1..].iter().cloned());
            body.retain(|i| i != &Inline::Text(String::new()));
            w.paragraph(
                "p",
                Role::Note,
                Some(RunIn::Opening(Role::NoteLabel, label)),
                &body,
                marks,
            );
        }
        None => w.paragraph("p", Role::Note, None, inlines, marks),
    }
}

/// A numbered (`ol`, from `start`) or bulleted (`ul`) list in the body face.
fn list(w: &mut StoryWriter, ordered: bool, start: u64, items: &[Vec<Inline>], marks: &mut Marks) {
    let tag = if ordered { "ol" } else { "ul" };
    let start_number = start;
    let start = start.to_string();
    if ordered && start != "1" {
        w.doc.start(tag, &[("start", &start)]);
    } else {
        w.doc.start(tag, &[]);
    }
    w.doc.line();
    let font = w.style.roles.body.font;
    // The markers are the stylesheet's (`list-style-type`), the same characters as print's
    // (`model::list_marker`): the embedded face must hold them.
    for k in 0..items.len() as u64 {
        w.doc.record(font, &list_marker(ordered, start_number + k));
    }
    let mut pos = 0;
    for item in items {
        w.doc.start("li", &[]);
        w.begin_paragraph(pos, "", item);
        w.inlines(item, &[font], &mut pos, marks);
        w.doc.end("li");
        w.doc.line();
    }
    w.flush(marks);
    w.doc.end(tag);
    w.doc.line();
}

/// A table row: its cells' inline content.
type Row<'a> = &'a [Vec<Inline>];

/// A table: `table.table` with the header row in `thead` (`th`, set in the strong role's face, as the
/// print edition sets it) and the body rows in `tbody`. Offsets run on through the cells, row by row.
fn table(
    w: &mut StoryWriter,
    header: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    marks: &mut Marks,
) {
    let body = w.style.roles.body.font;
    let (strong, _) = w.doc.inline_fonts(&w.style.roles.strong, body);
    let mut pos = 0;
    w.doc.start("table", &[("class", "table")]);
    w.doc.line();
    let sections: [(&str, &str, Vec<Row>); 2] = [
        ("thead", "th", vec![header]),
        ("tbody", "td", rows.iter().map(Vec::as_slice).collect()),
    ];
    for (group, cell_tag, group_rows) in sections {
        if group_rows.iter().all(|r| r.is_empty()) {
            continue;
        }
        w.doc.start(group, &[]);
        w.doc.line();
        for row in group_rows {
            w.doc.start("tr", &[]);
            for cell in row {
                let font = if cell_tag == "th" { strong } else { body };
                if cell_tag == "th" {
                    w.doc.start("th", &[("scope", "col")]);
                } else {
                    w.doc.start("td", &[]);
                }
                w.begin_paragraph(pos, "", cell);
                w.inlines(cell, &[font], &mut pos, marks);
                w.doc.end(cell_tag);
            }
            w.doc.end("tr");
            w.doc.line();
        }
        w.doc.end(group);
        w.doc.line();
    }
    w.flush(marks);
    w.doc.end("table");
    w.doc.line();
}

/// The story's notes: each an `aside` (EPUB `footnote`, DPUB-ARIA `doc-footnote`) whose paragraph opens
/// with the note's marker linking back to its first reference, then an ideographic space and the note
/// (the label [`note_label`] of the print edition). Offsets run on through the notes.
fn notes(w: &mut StoryWriter, list: &[Vec<Inline>], marks: &mut Marks) {
    let font = w.style.roles.body.font;
    let mut pos = 0;
    for (k, note) in list.iter().enumerate() {
        let n = k as u32 + 1;
        let id = note_id(n);
        let back = w.parts.back_href(n);
        w.doc.start(
            "aside",
            &[
                ("class", "footnote"),
                ("epub:type", "footnote"),
                ("role", "doc-footnote"),
                ("id", &id),
            ],
        );
        w.doc.start("p", &[]);
        w.doc
            .start("a", &[("href", &back), ("role", "doc-backlink")]);
        let marker = note_marker(n);
        w.begin_paragraph(pos, &note_label(n), note);
        w.text(&marker, &[font], &mut pos, marks);
        w.doc.end("a");
        let space = &note_label(n)[marker.len()..];
        w.text(space, &[font], &mut pos, marks);
        w.inlines(note, &[font], &mut pos, marks);
        w.doc.end("p");
        w.doc.end("aside");
        w.doc.line();
    }
    w.flush(marks);
}
