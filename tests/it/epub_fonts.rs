//! The fonts embedded in the EPUB: each face subset to exactly the characters it sets, every character
//! of the text mapped, no unused face embedded, and each face declared first in the stylesheet's stacks.

use std::collections::BTreeSet;

use crate::common::book::sample_epub;
use crate::common::epub::{elements, entries, entry, entry_text, shown, xml_text};

#[test]
fn the_embedded_fonts_map_every_character_they_set() {
    let epub = sample_epub();
    let serif = entry(&epub, "OEBPS/fonts/NotoSerifCJKsc-Regular.otf");
    assert!(
        serif.len() < 1_000_000,
        "the body font is {} bytes",
        serif.len()
    );
    let face = ttf_parser::Face::parse(&serif, 0).expect("ttf-parser opens the body font");
    assert!(face.tables().os2.is_some(), "OS/2 table");
    let docs: Vec<String> = entries(&epub)
        .into_iter()
        .filter(|(n, _, _)| n.ends_with(".xhtml"))
        .map(|(_, _, d)| String::from_utf8(d).unwrap())
        .collect();
    let mut chars = BTreeSet::new();
    for doc in &docs {
        chars.extend(shown(&xml_text(doc)));
    }
    assert!(chars.len() > 600, "{} distinct characters", chars.len());
    let missing: String = chars
        .iter()
        .filter(|&&c| face.glyph_index(c).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "the body font lacks {missing:?} of the text"
    );
    // A subset: a glyph for each character, .notdef, and the glyphs its layout features reach from them
    // (`locl`'s other regional forms, `fwid`'s full-width forms, vertical forms: fewer than one more per
    // character), not the 30,000 of the bundled face.
    assert!(
        usize::from(face.number_of_glyphs()) < 2 * chars.len(),
        "{} glyphs for {} characters",
        face.number_of_glyphs(),
        chars.len()
    );

    // The default style sets the headings in the sans (黑体): headlines, subheads, datelines and column tag
    // (the kicker is in the serif, lighter than the headline); the serif bold is not used, so not embedded.
    assert!(
        entries(&epub)
            .iter()
            .all(|(n, _, _)| !n.ends_with("NotoSerifCJKsc-Bold.otf")),
        "an unused face is embedded"
    );
    let mut by_face: Vec<(&str, BTreeSet<char>)> =
        vec![("OEBPS/fonts/NotoSansCJKsc-Bold.otf", BTreeSet::new())];
    for doc in &docs {
        for (open, close) in [
            ("<h1 class=\"headline\">", "</h1>"),
            ("<h2 class=\"subhead\">", "</h2>"),
            ("<span class=\"dateline\">", "</span>"),
            ("<p class=\"column\">", "</p>"),
        ] {
            for e in elements(doc, open, close) {
                by_face[0].1.extend(shown(&xml_text(e)));
            }
        }
    }
    for (name, chars) in &by_face {
        let bytes = entry(&epub, name);
        let face = ttf_parser::Face::parse(&bytes, 0).expect(name);
        assert!(chars.len() > 20, "{name}: {chars:?}");
        let missing: String = chars
            .iter()
            .filter(|&&c| face.glyph_index(c).is_none())
            .collect();
        assert!(missing.is_empty(), "{name} lacks {missing:?}");
        assert!(
            face.glyph_index('箱').is_none(),
            "{name} holds only what it sets"
        );
    }

    // Each face is declared, and first in the stacks.
    let css = entry_text(&epub, "OEBPS/stylesheet.css");
    for (family, weight, file) in [
        ("Noto Serif CJK SC", "normal", "NotoSerifCJKsc-Regular.otf"),
        ("Noto Sans CJK SC", "bold", "NotoSansCJKsc-Bold.otf"),
    ] {
        let rule = format!(
            "@font-face {{\n  font-family: \"{family}\";\n  font-style: normal;\n  font-weight: {weight};\n  \
             src: url(fonts/{file}) format(\"opentype\");\n}}"
        );
        assert!(css.contains(&rule), "{rule} not in {css}");
    }
    assert!(
        css.contains(
            "body {\n  margin: 0 auto;\n  padding: 0 1em;\n  max-width: 32em;\n  font-family: \"Noto Serif CJK SC\", "
        )
    );
}
