//! The archive's descriptive records, from the book's metadata and its stories: a Dublin Core record
//! (`dc.xml`: the book, then each story, as `oai_dc:dc` records — the OAI-PMH container of the fifteen
//! simple Dublin Core elements) and a MODS 3.6 record (`mods.xml`: the book, each story a `constituent`
//! related item whose `host` is its newspaper). Both are written through the one XML writer, one element
//! a line, so the same book gives the same bytes.

use crate::model::{Book, Meta, Story};
use crate::parse::byline_authors;
use crate::render::epub::xml::Xml;

const DC: &str = "http://purl.org/dc/elements/1.1/";
const OAI_DC: &str = "http://www.openarchives.org/OAI/2.0/oai_dc/";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const MODS: &str = "http://www.loc.gov/mods/v3";

/// The media types of the two editions in the archive.
const FORMATS: [&str; 2] = ["application/pdf", "application/epub+zip"];

/// Story `i`'s identifier: the book's, with the story's EPUB document as its fragment
/// (`urn:uuid:…#story-001`).
pub(crate) fn story_identifier(meta: &Meta, i: usize) -> String {
    format!("{}#story-{:03}", meta.identifier, i + 1)
}

/// The names a story's byline credits (`本报记者 黄晏君` → `黄晏君`).
fn story_authors(story: &Story) -> Vec<String> {
    story
        .byline
        .as_deref()
        .map(byline_authors)
        .unwrap_or_default()
}

/// An XML document written one element a line, indented two spaces a level.
struct Lines {
    x: Xml,
    depth: usize,
}

impl Lines {
    fn new() -> Lines {
        Lines {
            x: Xml::new(),
            depth: 0,
        }
    }

    fn indent(&mut self) {
        self.x.raw(&"  ".repeat(self.depth));
    }

    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.x.start(name, attrs);
        self.x.line();
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth -= 1;
        self.indent();
        self.x.end(name);
        self.x.line();
    }

    fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.indent();
        self.x.element(name, attrs, text);
        self.x.line();
    }

    fn finish(self) -> String {
        self.x.finish().text
    }
}

/// `dc.xml`: a `records` element holding an `oai_dc:dc` record for the book (title with the book's
/// language, creators, subjects, description, publisher, date, type, formats, identifier, source
/// newspaper, language, rights) and one for each story (headline, the byline's names, the book's date,
/// type, identifier, source newspaper, language, and the book as the whole it is part of).
pub(crate) fn dublin_core(book: &Book) -> String {
    let meta = &book.meta;
    let lang = meta.language.as_str();
    let mut w = Lines::new();
    w.open("records", &[("xmlns:dc", DC), ("xmlns:oai_dc", OAI_DC)]);
    w.open("oai_dc:dc", &[]);
    w.leaf("dc:title", &[("xml:lang", lang)], &meta.full_title());
    for author in &meta.authors {
        w.leaf("dc:creator", &[], author);
    }
    for subject in &meta.subjects {
        w.leaf("dc:subject", &[("xml:lang", lang)], subject);
    }
    if let Some(d) = &meta.description {
        w.leaf("dc:description", &[("xml:lang", lang)], d);
    }
    if let Some(p) = &meta.publisher {
        w.leaf("dc:publisher", &[], p);
    }
    w.leaf("dc:date", &[], &meta.date.to_string());
    w.leaf("dc:type", &[], "Text");
    for format in FORMATS {
        w.leaf("dc:format", &[], format);
    }
    w.leaf("dc:identifier", &[], &meta.identifier);
    if let Some(paper) = &meta.newspaper {
        w.leaf("dc:source", &[], paper);
    }
    w.leaf("dc:language", &[], lang);
    if let Some(r) = &meta.rights {
        w.leaf("dc:rights", &[("xml:lang", lang)], r);
    }
    w.close("oai_dc:dc");
    for (i, story) in book.stories.iter().enumerate() {
        w.open("oai_dc:dc", &[]);
        w.leaf("dc:title", &[("xml:lang", lang)], &story.headline);
        for author in story_authors(story) {
            w.leaf("dc:creator", &[], &author);
        }
        w.leaf("dc:date", &[], &meta.date.to_string());
        w.leaf("dc:type", &[], "Text");
        w.leaf("dc:identifier", &[], &story_identifier(meta, i));
        if let Some(paper) = &meta.newspaper {
            w.leaf("dc:source", &[], paper);
        }
        w.leaf("dc:language", &[], lang);
        w.leaf("dc:relation", &[], &meta.identifier);
        w.close("oai_dc:dc");
    }
    w.close("records");
    w.finish()
}

/// A MODS `name` of a person with the MARC relator role `author` (`aut`).
fn author(w: &mut Lines, name: &str) {
    w.open("name", &[("type", "personal")]);
    w.leaf("namePart", &[], name);
    w.open("role", &[]);
    w.leaf(
        "roleTerm",
        &[("type", "text"), ("authority", "marcrelator")],
        "author",
    );
    w.leaf(
        "roleTerm",
        &[("type", "code"), ("authority", "marcrelator")],
        "aut",
    );
    w.close("role");
    w.close("name");
}

/// A MODS `identifier`: an ISBN as `isbn`, anything else as a `uri`.
fn identifier(w: &mut Lines, id: &str) {
    match id.strip_prefix("urn:isbn:") {
        Some(isbn) => w.leaf("identifier", &[("type", "isbn")], isbn),
        None => w.leaf("identifier", &[("type", "uri")], id),
    }
}

/// A MODS `language` with its RFC 5646 code.
fn language(w: &mut Lines, lang: &str) {
    w.open("language", &[]);
    w.leaf(
        "languageTerm",
        &[("type", "code"), ("authority", "rfc5646")],
        lang,
    );
    w.close("language");
}

/// `mods.xml`: a MODS 3.6 record of the book — `titleInfo` (title, subtitle), a `name` with the role
/// `author` for each author, `typeOfResource`, `originInfo` (publisher, `dateIssued`), language,
/// formats, abstract, subjects, identifier, rights — and each story as a `relatedItem` of type
/// `constituent`: its headline (and subheadline), the byline's names as authors, the date, its column,
/// its identifier, and a `relatedItem` of type `host`: the newspaper it was printed in.
pub(crate) fn mods(book: &Book) -> String {
    let meta = &book.meta;
    let lang = meta.language.as_str();
    let date = meta.date.to_string();
    let mut w = Lines::new();
    w.open(
        "mods",
        &[
            ("xmlns", MODS),
            ("xmlns:xsi", XSI),
            ("version", "3.6"),
            (
                "xsi:schemaLocation",
                "http://www.loc.gov/mods/v3 http://www.loc.gov/standards/mods/v3/mods-3-6.xsd",
            ),
        ],
    );
    w.open("titleInfo", &[("xml:lang", lang)]);
    w.leaf("title", &[], &meta.title);
    if let Some(sub) = &meta.subtitle {
        w.leaf("subTitle", &[], sub);
    }
    w.close("titleInfo");
    for name in &meta.authors {
        author(&mut w, name);
    }
    w.leaf("typeOfResource", &[], "text");
    w.open("originInfo", &[]);
    if let Some(p) = &meta.publisher {
        w.leaf("publisher", &[], p);
    }
    w.leaf(
        "dateIssued",
        &[("encoding", "w3cdtf"), ("keyDate", "yes")],
        &date,
    );
    w.close("originInfo");
    language(&mut w, lang);
    w.open("physicalDescription", &[]);
    for format in FORMATS {
        w.leaf("internetMediaType", &[], format);
    }
    w.leaf("digitalOrigin", &[], "born digital");
    w.close("physicalDescription");
    if let Some(d) = &meta.description {
        w.leaf("abstract", &[("xml:lang", lang)], d);
    }
    for subject in &meta.subjects {
        w.open("subject", &[("xml:lang", lang)]);
        w.leaf("topic", &[], subject);
        w.close("subject");
    }
    identifier(&mut w, &meta.identifier);
    if let Some(r) = &meta.rights {
        w.leaf("accessCondition", &[("type", "use and reproduction")], r);
    }
    for (i, story) in book.stories.iter().enumerate() {
        story_item(&mut w, meta, i, story);
    }
    w.open("recordInfo", &[]);
    w.leaf("recordContentSource", &[], "huozi");
    w.leaf("recordCreationDate", &[("encoding", "w3cdtf")], &date);
    w.close("recordInfo");
    w.close("mods");
    w.finish()
}

/// Story `i` as a MODS `relatedItem` of type `constituent`, with its newspaper as its `host`.
fn story_item(w: &mut Lines, meta: &Meta, i: usize, story: &Story) {
    let lang = meta.language.as_str();
    let id = format!("story-{:03}", i + 1);
    w.open("relatedItem", &[("type", "constituent"), ("ID", &id)]);
    w.open("titleInfo", &[("xml:lang", lang)]);
    w.leaf("title", &[], &story.headline);
    if let Some(sub) = &story.subheadline {
        w.leaf("subTitle", &[], sub);
    }
    w.close("titleInfo");
    for name in story_authors(story) {
        author(w, &name);
    }
    w.leaf("typeOfResource", &[], "text");
    w.leaf("genre", &[("authority", "marcgt")], "news");
    w.open("originInfo", &[]);
    w.leaf(
        "dateIssued",
        &[("encoding", "w3cdtf")],
        &meta.date.to_string(),
    );
    w.close("originInfo");
    language(w, lang);
    identifier(w, &story_identifier(meta, i));
    if let Some(paper) = &meta.newspaper {
        w.open("relatedItem", &[("type", "host")]);
        w.open("titleInfo", &[("xml:lang", lang)]);
        w.leaf("title", &[], paper);
        w.close("titleInfo");
        w.leaf("genre", &[("authority", "marcgt")], "newspaper");
        w.open("originInfo", &[]);
        if let Some(p) = &meta.publisher {
            w.leaf("publisher", &[], p);
        }
        w.leaf("issuance", &[], "continuing");
        w.close("originInfo");
        if let Some(column) = &story.column {
            w.open("part", &[]);
            w.open("detail", &[("type", "column")]);
            w.leaf("title", &[], column);
            w.close("detail");
            w.close("part");
        }
        w.close("relatedItem");
    }
    w.close("relatedItem");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    fn book() -> Book {
        let meta: Meta = toml::from_str(
            "title = \"书 & 名\"\nsubtitle = \"副\"\ndate = \"2022-12-05\"\n\
             identifier = \"urn:isbn:9787111547426\"\npublisher = \"报社\"\nnewspaper = \"日报\"\n\
             authors = [\"甲\", \"乙\"]\n",
        )
        .unwrap();
        let story = Story {
            column: Some("栏目".into()),
            kicker: None,
            headline: "标题<一>".into(),
            subheadline: Some("副题".into()),
            dateline: None,
            byline: Some("本报记者 黄晏君".into()),
            blocks: vec![Block::paragraph("正文。")],
        };
        Book {
            counted: Default::default(),
            meta,
            stories: vec![story],
        }
    }

    #[test]
    fn the_dublin_core_record_holds_the_book_and_each_story() {
        let dc = dublin_core(&book());
        for needed in [
            "<records xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
             xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\">\n  <oai_dc:dc>\n",
            "    <dc:title xml:lang=\"zh-CN\">书 &amp; 名：副</dc:title>\n",
            "    <dc:creator>甲</dc:creator>\n    <dc:creator>乙</dc:creator>\n",
            "    <dc:identifier>urn:isbn:9787111547426</dc:identifier>\n",
            "    <dc:title xml:lang=\"zh-CN\">标题&lt;一&gt;</dc:title>\n    <dc:creator>黄晏君</dc:creator>\n",
            "    <dc:identifier>urn:isbn:9787111547426#story-001</dc:identifier>\n    <dc:source>日报</dc:source>\n",
        ] {
            assert!(dc.contains(needed), "{needed} in {dc}");
        }
        assert_eq!(dc.matches("<oai_dc:dc>").count(), 2);
    }

    #[test]
    fn the_mods_record_relates_each_story_to_its_newspaper() {
        let mods = mods(&book());
        for needed in [
            "  <titleInfo xml:lang=\"zh-CN\">\n    <title>书 &amp; 名</title>\n    <subTitle>副</subTitle>\n",
            "<namePart>甲</namePart>",
            "<roleTerm type=\"code\" authority=\"marcrelator\">aut</roleTerm>",
            "    <publisher>报社</publisher>\n    <dateIssued encoding=\"w3cdtf\" keyDate=\"yes\">2022-12-05</dateIssued>\n",
            "<identifier type=\"isbn\">9787111547426</identifier>",
            "  <relatedItem type=\"constituent\" ID=\"story-001\">\n",
            "      <title>标题&lt;一&gt;</title>\n      <subTitle>副题</subTitle>\n",
            "    <relatedItem type=\"host\">\n      <titleInfo xml:lang=\"zh-CN\">\n        <title>日报</title>\n",
            "<detail type=\"column\">\n          <title>栏目</title>",
        ] {
            assert!(mods.contains(needed), "{needed} in {mods}");
        }
    }
}
