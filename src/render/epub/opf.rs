//! The package document (`OEBPS/content.opf`): metadata, and the manifest, spine and EPUB 2 guide written
//! from the resource list ([`super::resources`]).
//!
//! Metadata follow EPUB 3.2 §3.4 with the book's own values only: the identifier (`urn:uuid:` or an ISBN
//! as `urn:isbn:`, with its ONIX identifier type), the title and subtitle (`title-type` refinements), each
//! author as `dc:creator` with the MARC relator `aut`, publisher, `dc:date` and `dcterms:modified` (both
//! from the book's date, never the clock), language, rights, description, subjects, the EPUB 2 `cover`
//! meta, and the accessibility metadata of EPUB Accessibility 1.1 ([`Accessibility`]): schema.org access
//! modes, features, hazards and summary; `dc:source` and `pageBreakSource` naming the print edition whose
//! page numbers the page-list carries; and the conformance claim where the book meets it.
//! (`pageBreakSource` is a property of the EPUB meta properties vocabulary, without a prefix: the
//! `a11y:` prefix of early examples was a mistake the W3C corrected, w3c/epub-specs#2667, and EPUBCheck
//! 5.3 rejects it; DAISY Ace reads the unprefixed property.)

use super::failure::fail;
use super::resources::{Resource, landmark_documents, spine};
use super::xml::{Written, Xml};
use crate::error::Result;
use crate::model::{Block, Book, Date, Inline, Meta};

/// Id of the `dc:identifier` the package names as its unique identifier.
const UID: &str = "pub-id";

/// The book's identifier, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Identifier {
    /// `urn:uuid:…`, lower case.
    Uuid(String),
    /// `urn:isbn:` and the ISBN's 10 or 13 characters, without hyphens.
    Isbn(String),
    /// Any other identifier, written as given.
    Other(String),
}

impl Identifier {
    /// Checks `meta.identifier`: a `urn:uuid:` must hold a UUID; a `urn:isbn:` (or a bare ISBN, hyphens
    /// allowed) must have 10 or 13 characters and a correct check digit; anything else non-empty is taken as
    /// it is.
    ///
    /// Errors: [`crate::Error::Render`] naming the identifier.
    pub(super) fn parse(identifier: &str) -> Result<Identifier> {
        let bad = |why: &str| fail(format!("meta identifier {identifier:?}: {why}"));
        let id = identifier.trim();
        if id.is_empty() {
            return Err(bad("it is empty"));
        }
        if let Some(u) = id.strip_prefix("urn:uuid:") {
            let u = uuid::Uuid::parse_str(u).map_err(|e| bad(&e.to_string()))?;
            return Ok(Identifier::Uuid(uuid::fmt::Urn::from_uuid(u).to_string()));
        }
        let (isbn, explicit) = match id.strip_prefix("urn:isbn:") {
            Some(rest) => (rest, true),
            None => (id, false),
        };
        let looks_like_isbn = isbn
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | 'X' | 'x'));
        if !explicit && !looks_like_isbn {
            return Ok(Identifier::Other(id.to_string()));
        }
        let chars: String = isbn
            .chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if !explicit && chars.len() != 10 && chars.len() != 13 {
            return Ok(Identifier::Other(id.to_string()));
        }
        if isbn_check(&chars) {
            Ok(Identifier::Isbn(format!("urn:isbn:{chars}")))
        } else {
            Err(bad(
                "not a valid ISBN (10 or 13 characters, the last a correct check digit)",
            ))
        }
    }

    /// The identifier as written in the package and the NCX.
    pub(super) fn as_str(&self) -> &str {
        match self {
            Identifier::Uuid(s) | Identifier::Isbn(s) | Identifier::Other(s) => s,
        }
    }
}

/// Whether `s` (no hyphens, upper case) is an ISBN-13 or ISBN-10 with a correct check digit.
fn isbn_check(s: &str) -> bool {
    let b = s.as_bytes();
    match b.len() {
        13 if b.iter().all(u8::is_ascii_digit) => {
            let sum: u32 = b
                .iter()
                .enumerate()
                .map(|(i, d)| u32::from(d - b'0') * if i % 2 == 0 { 1 } else { 3 })
                .sum();
            sum.is_multiple_of(10)
        }
        10 if b[..9].iter().all(u8::is_ascii_digit) && (b[9].is_ascii_digit() || b[9] == b'X') => {
            let sum: u32 = b
                .iter()
                .enumerate()
                .map(|(i, &d)| {
                    let v = if d == b'X' { 10 } else { u32::from(d - b'0') };
                    v * (10 - i as u32)
                })
                .sum();
            sum.is_multiple_of(11)
        }
        _ => false,
    }
}

/// `dcterms:modified` for a book dated `date`: its time of day (midnight for a calendar date), UTC
/// (`CCYY-MM-DDThh:mm:ssZ`).
pub(super) fn modified(date: Date) -> String {
    date.timestamp()
}

/// The package document: `meta`'s metadata under `identifier`, and the manifest, spine and guide of
/// `resources` (the spine in list order; the NCX, the cover image and the guide found in the list by their
/// media type, property and landmarks).
pub(super) fn package_document(
    meta: &Meta,
    identifier: &Identifier,
    accessibility: &Accessibility,
    resources: &[Resource],
) -> Written {
    let mut x = Xml::new();
    x.start(
        "package",
        &[
            ("xmlns", "http://www.idpf.org/2007/opf"),
            ("version", "3.0"),
            ("unique-identifier", UID),
            ("xml:lang", &meta.language),
        ],
    );
    x.line();
    x.start(
        "metadata",
        &[("xmlns:dc", "http://purl.org/dc/elements/1.1/")],
    );
    x.line();
    metadata(&mut x, meta, identifier);
    accessibility.write(&mut x);
    let cover = resources
        .iter()
        .find(|r| r.properties == Some("cover-image"));
    if let Some(cover) = cover {
        x.empty("meta", &[("name", "cover"), ("content", &cover.id)]);
        x.line();
    }
    let generator = format!("huozi {}", env!("CARGO_PKG_VERSION"));
    x.empty("meta", &[("name", "generator"), ("content", &generator)]);
    x.line();
    x.end("metadata");
    x.line();
    x.start("manifest", &[]);
    x.line();
    for r in resources {
        let mut attrs = vec![
            ("id", r.id.as_str()),
            ("href", &r.href),
            ("media-type", r.media_type),
        ];
        attrs.extend(r.properties.map(|p| ("properties", p)));
        x.empty("item", &attrs);
        x.line();
    }
    x.end("manifest");
    x.line();
    let ncx = resources.iter().find(|r| r.media_type == NCX_TYPE);
    let mut spine_attrs = vec![("page-progression-direction", "ltr")];
    if let Some(ncx) = ncx {
        spine_attrs.insert(0, ("toc", ncx.id.as_str()));
    }
    x.start("spine", &spine_attrs);
    x.line();
    for r in spine(resources) {
        x.empty("itemref", &[("idref", &r.id)]);
        x.line();
    }
    x.end("spine");
    x.line();
    x.start("guide", &[]);
    x.line();
    for (landmark, r) in landmark_documents(resources) {
        let attrs = [
            ("type", landmark.guide_type()),
            ("title", landmark.label()),
            ("href", &r.href),
        ];
        x.empty("reference", &attrs);
        x.line();
    }
    x.end("guide");
    x.line();
    x.end("package");
    x.line();
    x.finish()
}

/// The `metadata` element's content: identifier, titles, creators, publisher, dates, language, rights,
/// description, subjects and the accessibility metadata.
fn metadata(x: &mut Xml, meta: &Meta, identifier: &Identifier) {
    let line = |x: &mut Xml, name: &str, attrs: &[(&str, &str)], text: &str| {
        x.element(name, attrs, text);
        x.line();
    };
    line(x, "dc:identifier", &[("id", UID)], identifier.as_str());
    if let Identifier::Isbn(s) = identifier {
        // ONIX code list 5: 15 = ISBN-13, 02 = ISBN-10.
        let code = if s.len() == "urn:isbn:".len() + 13 {
            "15"
        } else {
            "02"
        };
        let refines = format!("#{UID}");
        let attrs = [
            ("refines", refines.as_str()),
            ("property", "identifier-type"),
            ("scheme", "onix:codelist5"),
        ];
        line(x, "meta", &attrs, code);
    }
    let titles = [
        ("title", Some(&meta.title), "main"),
        ("subtitle", meta.subtitle.as_ref(), "subtitle"),
    ];
    for (id, title, kind) in titles {
        let Some(title) = title else { continue };
        line(x, "dc:title", &[("id", id)], title);
        line(
            x,
            "meta",
            &[("refines", &format!("#{id}")), ("property", "title-type")],
            kind,
        );
    }
    for (i, author) in meta.authors.iter().enumerate() {
        let id = format!("creator-{}", i + 1);
        let refines = format!("#{id}");
        line(x, "dc:creator", &[("id", &id)], author);
        let role = [
            ("refines", refines.as_str()),
            ("property", "role"),
            ("scheme", "marc:relators"),
        ];
        line(x, "meta", &role, "aut");
        line(
            x,
            "meta",
            &[("refines", &refines), ("property", "display-seq")],
            &(i + 1).to_string(),
        );
    }
    if let Some(publisher) = &meta.publisher {
        line(x, "dc:publisher", &[], publisher);
    }
    line(x, "dc:date", &[], &meta.date.to_string());
    line(
        x,
        "meta",
        &[("property", "dcterms:modified")],
        &modified(meta.date),
    );
    line(x, "dc:language", &[], &meta.language);
    if let Some(rights) = &meta.rights {
        line(x, "dc:rights", &[], rights);
    }
    if let Some(description) = &meta.description {
        line(x, "dc:description", &[], description);
    }
    for subject in &meta.subjects {
        line(x, "dc:subject", &[], subject);
    }
}

/// Media type of the NCX.
pub(super) const NCX_TYPE: &str = "application/x-dtbncx+xml";

/// The conformance claim of a book that meets EPUB Accessibility 1.1 at WCAG 2.1 level AA (EPUB
/// Accessibility 1.1 §2.1).
pub(super) const CONFORMS_TO: &str = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA";

/// What the package says about the book's accessibility (EPUB Accessibility 1.1, schema.org).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Accessibility {
    /// The print edition whose page numbers the page-list carries (`dc:source`,
    /// `pageBreakSource`): `meta.print_source`, else the book's identifier (the PDF made from it);
    /// `None` without a page-list.
    pub page_source: Option<String>,
    /// Every image has a text alternative (the cover's is the title).
    pub images_described: bool,
    /// The book has images besides the cover.
    pub images: bool,
    /// The book has ruby.
    pub ruby: bool,
    /// Who certifies the claim: the publisher, else huozi.
    pub certifier: String,
}

impl Accessibility {
    /// What `book` (under `identifier`, with a page-list when `paged`) offers.
    pub(super) fn of(book: &Book, identifier: &Identifier, paged: bool) -> Accessibility {
        let blocks = || book.stories.iter().flat_map(|s| &s.blocks);
        let alts: Vec<&str> = blocks()
            .filter_map(|b| match b {
                Block::Image { alt, .. } => Some(alt.as_str()),
                _ => None,
            })
            .collect();
        let page_source = paged.then(|| {
            (book.meta.print_source.clone()).unwrap_or_else(|| identifier.as_str().to_string())
        });
        Accessibility {
            page_source,
            images_described: alts.iter().all(|a| !a.trim().is_empty()),
            images: !alts.is_empty(),
            ruby: blocks().any(has_ruby),
            certifier: (book.meta.publisher.clone()).unwrap_or_else(|| "huozi".to_string()),
        }
    }

    /// Whether the book meets EPUB Accessibility 1.1 at WCAG 2.1 AA: every image described and the print
    /// pages' source named (the rest — language, titles, headings, reading order, contents, landmarks,
    /// table headers, contrast — every book huozi makes has, and DAISY Ace checks in the tests).
    pub(super) fn conforms(&self) -> bool {
        self.images_described && self.page_source.is_some()
    }

    /// The metadata, as `meta` (and `dc:source`) elements.
    fn write(&self, x: &mut Xml) {
        let mut line = |name: &str, property: Option<&str>, value: &str| {
            let attrs: Vec<(&str, &str)> = property.map(|p| ("property", p)).into_iter().collect();
            x.element(name, &attrs, value);
            x.line();
        };
        let meta = |line: &mut dyn FnMut(&str, Option<&str>, &str), p: &str, v: &str| {
            line("meta", Some(p), v)
        };
        if let Some(source) = &self.page_source {
            line("dc:source", None, source);
            meta(&mut line, "pageBreakSource", source);
        }
        meta(&mut line, "schema:accessMode", "textual");
        if self.images {
            meta(&mut line, "schema:accessMode", "visual");
        }
        let sufficient = if self.images_described || !self.images {
            "textual"
        } else {
            "textual,visual"
        };
        meta(&mut line, "schema:accessModeSufficient", sufficient);
        let mut features = vec![
            "structuralNavigation",
            "tableOfContents",
            "readingOrder",
            "displayTransformability",
        ];
        if self.page_source.is_some() {
            features.extend(["pageBreakMarkers", "pageNavigation"]);
        }
        if self.images && self.images_described {
            features.push("alternativeText");
        }
        if self.ruby {
            features.push("rubyAnnotations");
        }
        for f in features {
            meta(&mut line, "schema:accessibilityFeature", f);
        }
        meta(&mut line, "schema:accessibilityHazard", "none");
        meta(&mut line, "schema:accessibilitySummary", &self.summary());
        if self.conforms() {
            meta(&mut line, "dcterms:conformsTo", CONFORMS_TO);
            meta(&mut line, "a11y:certifiedBy", &self.certifier);
        }
    }

    /// The summary (in Chinese, the book's language).
    fn summary(&self) -> String {
        let mut s = String::from("正文为可重排文字，有目录、标题层级");
        if self.page_source.is_some() {
            s.push_str("和与印刷版一致的页码");
        }
        s.push('。');
        if self.images {
            s.push_str(if self.images_described {
                "图片均有文字说明。"
            } else {
                "部分图片没有文字说明。"
            });
        }
        if self.ruby {
            s.push_str("注音以 ruby 标注。");
        }
        s.push_str("封面图片另有文字说明。");
        if self.conforms() {
            s.push_str("符合 EPUB 无障碍 1.1 与 WCAG 2.1 AA。");
        }
        s
    }
}

/// Whether `block` holds ruby.
fn has_ruby(block: &Block) -> bool {
    fn any(inlines: &[Inline]) -> bool {
        inlines.iter().any(|i| match i {
            Inline::Ruby { .. } => true,
            Inline::Emphasis(inner) | Inline::Strong(inner) => any(inner),
            _ => false,
        })
    }
    match block {
        Block::Paragraph { inlines } | Block::EditorsNote { inlines } => any(inlines),
        Block::Quote { paragraphs: parts } | Block::List { items: parts, .. } => {
            parts.iter().any(|p| any(p))
        }
        Block::Table { header, rows } => std::iter::once(header)
            .chain(rows)
            .flatten()
            .any(|c| any(c)),
        Block::Notes { notes } => notes.iter().any(|n| any(n)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::resources::Landmark;
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(
            Identifier::parse("urn:uuid:06527B3B-EE60-44F6-A45A-6997DEAC09BF").unwrap(),
            Identifier::Uuid("urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf".into())
        );
        assert!(Identifier::parse("urn:uuid:not-a-uuid").is_err());
        assert_eq!(
            Identifier::parse("urn:isbn:978-7-111-54742-6").unwrap(),
            Identifier::Isbn("urn:isbn:9787111547426".into())
        );
        assert_eq!(
            Identifier::parse("978-7-111-54742-6").unwrap(),
            Identifier::Isbn("urn:isbn:9787111547426".into())
        );
        assert_eq!(
            Identifier::parse("urn:isbn:0-306-40615-2").unwrap(),
            Identifier::Isbn("urn:isbn:0306406152".into())
        );
        assert_eq!(
            Identifier::parse("urn:isbn:0-8044-2957-X").unwrap(),
            Identifier::Isbn("urn:isbn:080442957X".into())
        );
        let err = Identifier::parse("urn:isbn:9787111547427")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("9787111547427") && err.contains("ISBN"),
            "{err}"
        );
        assert!(Identifier::parse("9787111547427").is_err());
        assert_eq!(
            Identifier::parse("urn:doi:10.1000/182").unwrap(),
            Identifier::Other("urn:doi:10.1000/182".into())
        );
        assert_eq!(
            Identifier::parse("2022").unwrap(),
            Identifier::Other("2022".into())
        );
        assert!(Identifier::parse("  ").is_err());
    }

    fn meta() -> Meta {
        Meta {
            title: "书 & 名".into(),
            subtitle: Some("副题".into()),
            language: "zh-CN".into(),
            publisher: Some("出版社".into()),
            date: crate::model::Date::parse("2022-12-05").unwrap(),
            identifier: "urn:isbn:9787111547426".into(),
            print_source: None,
            authors: vec!["甲".into(), "乙".into()],
            description: Some("简介".into()),
            rights: Some("© 2022".into()),
            subjects: vec!["新闻".into()],
            cover: None,
            edition: None,
            printing: None,
            derived: false,
            newspaper: None,
        }
    }

    #[test]
    fn the_package_document_carries_every_field() {
        let m = meta();
        let id = Identifier::parse(&m.identifier).unwrap();
        let resources = [
            Resource::file("ncx", "toc.ncx", NCX_TYPE, Vec::new()),
            Resource::file("cover-image", "images/cover.png", "image/png", Vec::new())
                .with_properties("cover-image"),
            Resource::document("nav", "nav.xhtml", Xml::new().finish())
                .with_properties("nav")
                .with_landmark(Landmark::Toc),
        ];
        let book = Book {
            counted: Default::default(),
            meta: m.clone(),
            stories: Vec::new(),
        };
        let a11y = Accessibility::of(&book, &id, true);
        let opf = package_document(&m, &id, &a11y, &resources).text;
        for needed in [
            "unique-identifier=\"pub-id\" xml:lang=\"zh-CN\">",
            "<dc:identifier id=\"pub-id\">urn:isbn:9787111547426</dc:identifier>",
            "<meta refines=\"#pub-id\" property=\"identifier-type\" scheme=\"onix:codelist5\">15</meta>",
            "<dc:title id=\"title\">书 &amp; 名</dc:title>",
            "<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>",
            "<dc:creator id=\"creator-2\">乙</dc:creator>\n\
             <meta refines=\"#creator-2\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
            "<dc:publisher>出版社</dc:publisher>",
            "<dc:date>2022-12-05</dc:date>",
            "<meta property=\"dcterms:modified\">2022-12-05T00:00:00Z</meta>",
            "<dc:language>zh-CN</dc:language>",
            "<dc:rights>© 2022</dc:rights>",
            "<dc:description>简介</dc:description>",
            "<dc:subject>新闻</dc:subject>",
            "<meta name=\"cover\" content=\"cover-image\"/>",
            "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>",
            "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>",
            "<spine toc=\"ncx\" page-progression-direction=\"ltr\">\n<itemref idref=\"nav\"/>\n</spine>",
            "<reference type=\"toc\" title=\"目录\" href=\"nav.xhtml\"/>",
            "<dc:source>urn:isbn:9787111547426</dc:source>",
            "<meta property=\"pageBreakSource\">urn:isbn:9787111547426</meta>",
            "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>",
            "<meta property=\"a11y:certifiedBy\">出版社</meta>",
        ] {
            assert!(opf.contains(needed), "{needed} not in {opf}");
        }
    }
}
