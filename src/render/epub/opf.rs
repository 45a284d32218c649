//! The package document (`OEBPS/content.opf`): metadata, manifest, spine and the EPUB 2 guide.
//!
//! Metadata follow EPUB 3.2 §3.4 with the book's own values only: the identifier (`urn:uuid:` or an ISBN
//! as `urn:isbn:`, with its ONIX identifier type), the title and subtitle (`title-type` refinements), each
//! author as `dc:creator` with the MARC relator `aut`, publisher, `dc:date` and `dcterms:modified` (both
//! from the book's date, never the clock), language, rights, description, subjects, the EPUB 2 `cover`
//! meta, and schema.org accessibility metadata (the book has a table of contents, headings and print page
//! numbers).

use std::fmt::Write as _;

use super::fail;
use super::xhtml::escape;
use crate::error::Result;
use crate::model::Meta;

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
    pub fn parse(identifier: &str) -> Result<Identifier> {
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
    pub fn as_str(&self) -> &str {
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

/// A manifest item.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Item {
    /// Manifest id.
    pub id: String,
    /// Path relative to the package document.
    pub href: String,
    /// Media type.
    pub media_type: &'static str,
    /// `properties` (`nav`, `cover-image`, `svg`), if any.
    pub properties: Option<&'static str>,
}

/// An EPUB 2 guide reference.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct GuideRef {
    /// Guide type (`cover`, `toc`, `text`).
    pub kind: &'static str,
    /// Label.
    pub title: &'static str,
    /// Target, relative to the package document.
    pub href: String,
}

/// Everything the package document lists.
#[derive(Debug, Clone)]
pub(super) struct Contents<'a> {
    /// Manifest items in order.
    pub manifest: &'a [Item],
    /// Spine: manifest ids in reading order.
    pub spine: &'a [String],
    /// Manifest id of the cover image.
    pub cover_image: &'a str,
    /// Manifest id of the NCX.
    pub ncx: &'a str,
    /// EPUB 2 guide.
    pub guide: &'a [GuideRef],
}

/// The package document. `modified` is `dcterms:modified` (`CCYY-MM-DDThh:mm:ssZ`).
pub(super) fn package_document(
    meta: &Meta,
    identifier: &Identifier,
    modified: &str,
    contents: &Contents,
) -> String {
    let mut o = String::with_capacity(4096);
    let lang = escape(&meta.language);
    let _ = write!(
        o,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"{UID}\" \
         xml:lang=\"{lang}\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n\
         <dc:identifier id=\"{UID}\">{}</dc:identifier>\n",
        escape(identifier.as_str())
    );
    if let Identifier::Isbn(s) = identifier {
        // ONIX code list 5: 15 = ISBN-13, 02 = ISBN-10.
        let code = if s.len() == "urn:isbn:".len() + 13 {
            "15"
        } else {
            "02"
        };
        let _ = writeln!(
            o,
            "<meta refines=\"#{UID}\" property=\"identifier-type\" scheme=\"onix:codelist5\">{code}</meta>"
        );
    }
    let _ = writeln!(
        o,
        "<dc:title id=\"title\">{}</dc:title>\n\
         <meta refines=\"#title\" property=\"title-type\">main</meta>",
        escape(&meta.title)
    );
    if let Some(sub) = &meta.subtitle {
        let _ = writeln!(
            o,
            "<dc:title id=\"subtitle\">{}</dc:title>\n\
             <meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>",
            escape(sub)
        );
    }
    for (i, author) in meta.authors.iter().enumerate() {
        let id = format!("creator-{}", i + 1);
        let _ = writeln!(
            o,
            "<dc:creator id=\"{id}\">{}</dc:creator>\n\
             <meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">aut</meta>\n\
             <meta refines=\"#{id}\" property=\"display-seq\">{}</meta>",
            escape(author),
            i + 1
        );
    }
    if let Some(publisher) = &meta.publisher {
        let _ = writeln!(o, "<dc:publisher>{}</dc:publisher>", escape(publisher));
    }
    let _ = writeln!(
        o,
        "<dc:date>{}</dc:date>\n<meta property=\"dcterms:modified\">{modified}</meta>\n\
         <dc:language>{lang}</dc:language>",
        meta.date
    );
    if let Some(rights) = &meta.rights {
        let _ = writeln!(o, "<dc:rights>{}</dc:rights>", escape(rights));
    }
    if let Some(description) = &meta.description {
        let _ = writeln!(
            o,
            "<dc:description>{}</dc:description>",
            escape(description)
        );
    }
    for subject in &meta.subjects {
        let _ = writeln!(o, "<dc:subject>{}</dc:subject>", escape(subject));
    }
    for (property, value) in [
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "visual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "printPageNumbers"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityHazard", "none"),
    ] {
        let _ = writeln!(o, "<meta property=\"{property}\">{value}</meta>");
    }
    let _ = writeln!(
        o,
        "<meta property=\"schema:accessibilitySummary\">正文为可重排文字，有目录、标题层级和与印刷版一致的页码。\
         封面图片另有文字说明。</meta>"
    );
    let _ = writeln!(
        o,
        "<meta name=\"cover\" content=\"{}\"/>\n<meta name=\"generator\" content=\"huozi {}\"/>\n\
         </metadata>\n<manifest>",
        escape(contents.cover_image),
        env!("CARGO_PKG_VERSION")
    );
    for item in contents.manifest {
        let _ = write!(
            o,
            "<item id=\"{}\" href=\"{}\" media-type=\"{}\"",
            escape(&item.id),
            escape(&item.href),
            item.media_type
        );
        if let Some(p) = item.properties {
            let _ = write!(o, " properties=\"{p}\"");
        }
        o.push_str("/>\n");
    }
    let _ = writeln!(
        o,
        "</manifest>\n<spine toc=\"{}\" page-progression-direction=\"ltr\">",
        escape(contents.ncx)
    );
    for idref in contents.spine {
        let _ = writeln!(o, "<itemref idref=\"{}\"/>", escape(idref));
    }
    o.push_str("</spine>\n<guide>\n");
    for g in contents.guide {
        let _ = writeln!(
            o,
            "<reference type=\"{}\" title=\"{}\" href=\"{}\"/>",
            g.kind,
            escape(g.title),
            escape(&g.href)
        );
    }
    o.push_str("</guide>\n</package>\n");
    o
}

#[cfg(test)]
mod tests {
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
        }
    }

    #[test]
    fn the_package_document_carries_every_field() {
        let m = meta();
        let id = Identifier::parse(&m.identifier).unwrap();
        let manifest = [Item {
            id: "nav".into(),
            href: "nav.xhtml".into(),
            media_type: "application/xhtml+xml",
            properties: Some("nav"),
        }];
        let contents = Contents {
            manifest: &manifest,
            spine: &["nav".to_string()],
            cover_image: "cover-image",
            ncx: "ncx",
            guide: &[GuideRef {
                kind: "toc",
                title: "目录",
                href: "nav.xhtml".into(),
            }],
        };
        let opf = package_document(&m, &id, "2022-12-05T00:00:00Z", &contents);
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
            "<spine toc=\"ncx\" page-progression-direction=\"ltr\">\n<itemref idref=\"nav\"/>\n</spine>",
            "<reference type=\"toc\" title=\"目录\" href=\"nav.xhtml\"/>",
        ] {
            assert!(opf.contains(needed), "{needed} not in {opf}");
        }
    }
}
