//! The package document (`OEBPS/content.opf`): metadata, and the manifest, spine and EPUB 2 guide written
//! from the resource list ([`super::resources`]).
//!
//! Metadata follow EPUB 3.2 §3.4 with the book's own values only: the identifier (`urn:uuid:` or an ISBN
//! as `urn:isbn:`, with its ONIX identifier type), the title and subtitle (`title-type` refinements), each
//! author as `dc:creator` with the MARC relator `aut`, publisher, `dc:date` and `dcterms:modified` (both
//! from the book's date, never the clock), language, rights, description, subjects, the EPUB 2 `cover`
//! meta, and schema.org accessibility metadata (the book has a table of contents, headings and print page
//! numbers).

use super::failure::fail;
use super::resources::{Resource, landmark_documents, spine};
use super::xml::{Written, Xml};
use crate::error::Result;
use crate::model::{Date, Meta};

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
    for (property, value) in ACCESSIBILITY {
        line(x, "meta", &[("property", property)], value);
    }
}

/// Media type of the NCX.
pub(super) const NCX_TYPE: &str = "application/x-dtbncx+xml";

/// schema.org accessibility metadata: the text is reflowable, with contents, headings and the print
/// edition's page numbers.
const ACCESSIBILITY: [(&str, &str); 9] = [
    ("schema:accessMode", "textual"),
    ("schema:accessMode", "visual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "printPageNumbers"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityHazard", "none"),
    (
        "schema:accessibilitySummary",
        "正文为可重排文字，有目录、标题层级和与印刷版一致的页码。封面图片另有文字说明。",
    ),
];

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
        let opf = package_document(&m, &id, &resources).text;
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
        ] {
            assert!(opf.contains(needed), "{needed} not in {opf}");
        }
    }
}
