//! EPUB 3 writer: the book model + style → a reflowable EPUB 3, byte-identical for the same input.
//!
//! epub-builder 0.8.3 writes the package document (`content.opf`), the navigation document
//! (`nav.xhtml`, stories listed by headline), the NCX and the container; we give it one XHTML document per
//! story ([`xhtml`]) and a stylesheet generated from the [`Style`] ([`css`]). Its output is then mended and
//! re-zipped deterministically ([`package`]): epub-builder's own zip writers stamp the current time, and its
//! OPF gives `dc:language` and `dc:creator` the same id.
//!
//! The only date anywhere is `meta.date`: publication date, `dcterms:modified` and the zip entries' time.

mod css;
mod package;
mod xhtml;

use chrono::{NaiveDate, NaiveDateTime};
use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, ZipLibrary};

use crate::error::{Error, Result};
use crate::model::Book;
use crate::style::Style;

use package::{Mend, Package};

/// Title of the navigation document (目录, "contents").
const TOC_NAME: &str = "目录";

/// Renders `book` as EPUB 3 bytes.
///
/// Errors: [`Error::Render`] (format `epub`) when the book has no stories, `meta.date` is not a
/// `YYYY-MM-DD` date, `meta.identifier` is a malformed `urn:uuid:`, or packaging fails.
pub fn render(book: &Book, style: &Style) -> Result<Vec<u8>> {
    let date = book_date(&book.meta.date)?;
    let (raw, mend) = build_raw(book, style, date)?;
    let mut package = Package::from_zip(&raw)?;
    package.mend(&mend)?;
    package.write(zip_time(date))
}

/// epub-builder's unmended container, and what [`Package::mend`] must change in it.
fn build_raw(book: &Book, style: &Style, date: NaiveDateTime) -> Result<(Vec<u8>, Mend)> {
    let meta = &book.meta;
    if book.stories.is_empty() {
        return Err(fail("the book has no stories".into()));
    }
    let zip = ZipLibrary::new().map_err(render_error)?;
    let mut epub = EpubBuilder::new(zip).map_err(render_error)?;
    epub.epub_version(EpubVersion::V30);
    epub.set_title(meta.title.as_str());
    epub.set_generator(concat!("huozi ", env!("CARGO_PKG_VERSION")));
    epub.set_toc_name(TOC_NAME);
    epub.add_language(meta.language.as_str());
    epub.set_authors(meta.authors.clone());
    if let Some(description) = &meta.description {
        epub.add_description(description.as_str());
    }
    for subject in &meta.subjects {
        epub.add_subject(subject.as_str());
    }
    if let Some(rights) = &meta.rights {
        epub.set_license(rights.as_str());
    }
    epub.set_publication_date(date.and_utc());
    epub.set_modified_date(date.and_utc());

    let (uuid, stand_in) = identifier_uuid(&meta.identifier)?;
    epub.set_uuid(uuid);
    let identifier = stand_in.then(|| {
        let urn = uuid::fmt::Urn::from_uuid(uuid).to_string();
        (urn, meta.identifier.clone())
    });

    epub.stylesheet(css::stylesheet(style).as_bytes())
        .map_err(render_error)?;
    // Images named by the stories, each once (issue 3); the XHTML points at the same href.
    for src in crate::images::sources(book) {
        let image = crate::images::load(src)?;
        let href = crate::images::epub_href(src, image.format);
        epub.add_resource(href, image.bytes.0.as_slice(), image.format.media_type())
            .map_err(render_error)?;
    }
    for (i, story) in book.stories.iter().enumerate() {
        let doc = xhtml::story_document(story, &meta.language);
        let mut content = EpubContent::new(story_href(i), doc.as_bytes())
            .title(xhtml::headline_text(&story.headline));
        if i == 0 {
            // The nav's landmarks (and the OPF guide) point at the start of the body matter.
            content = content.reftype(ReferenceType::Text);
        }
        epub.add_content(content).map_err(render_error)?;
    }
    let mut raw = Vec::new();
    epub.generate(&mut raw).map_err(render_error)?;
    let mend = Mend {
        lang: meta.language.clone(),
        identifier,
    };
    Ok((raw, mend))
}

/// The content document of story `i` (0-based), relative to `OEBPS/`.
fn story_href(i: usize) -> String {
    format!("story-{:03}.xhtml", i + 1)
}

/// `meta.date` (`YYYY-MM-DD`) at midnight UTC.
fn book_date(date: &str) -> Result<NaiveDateTime> {
    let bad = || fail(format!("meta date {date:?} is not a YYYY-MM-DD date"));
    if date.len() != 10 {
        return Err(bad());
    }
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| bad())?;
    Ok(day.and_hms_opt(0, 0, 0).expect("midnight exists"))
}

/// The zip entries' time: the book's date, or 1980-01-01 00:00 when that falls outside the DOS range.
fn zip_time(date: NaiveDateTime) -> zip::DateTime {
    use chrono::Datelike;
    let d = date.date();
    u16::try_from(d.year())
        .ok()
        .and_then(|y| {
            zip::DateTime::from_date_and_time(y, d.month() as u8, d.day() as u8, 0, 0, 0).ok()
        })
        .unwrap_or_default()
}

/// The UUID epub-builder writes as `dc:identifier`. A `urn:uuid:` identifier gives its own UUID; any other
/// (`urn:isbn:…`) gives a stand-in (UUID v5 of the identifier) that the mend replaces (`true`).
fn identifier_uuid(identifier: &str) -> Result<(uuid::Uuid, bool)> {
    match identifier.strip_prefix("urn:uuid:") {
        Some(u) => uuid::Uuid::parse_str(u)
            .map(|u| (u, false))
            .map_err(|e| fail(format!("meta identifier {identifier:?}: {e}"))),
        None if identifier.trim().is_empty() => Err(fail("meta identifier is empty".into())),
        None => Ok((
            uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, identifier.as_bytes()),
            true,
        )),
    }
}

/// An [`Error::Render`] for the EPUB.
fn fail(message: String) -> Error {
    Error::Render {
        format: "epub",
        message,
    }
}

/// Wraps a library error as an [`Error::Render`] for the EPUB.
fn render_error(e: impl std::fmt::Display) -> Error {
    fail(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::package::{OPF_PATH, duplicate_ids, mend_opf};
    use super::*;
    use crate::model::{Block, Meta, Story};

    fn book() -> Book {
        Book {
            meta: Meta {
                title: "冰城战“疫”纪事".into(),
                subtitle: None,
                language: "zh-CN".into(),
                publisher: None,
                date: "2022-12-05".into(),
                identifier: "urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf".into(),
                authors: vec!["梁可心".into(), "黄晏君".into()],
                description: Some("两篇新闻报道".into()),
                rights: Some("© 2022 哈尔滨日报社".into()),
                subjects: vec!["新闻报道".into()],
            },
            stories: vec![Story {
                column: None,
                kicker: None,
                headline: "全方位融入 社区“疫”线添暖流".into(),
                subheadline: None,
                dateline: Some("本报讯".into()),
                byline: Some("记者 梁可心".into()),
                blocks: vec![Block::paragraph("在外卖存放点设置泡沫保温箱。")],
            }],
        }
    }

    fn raw_opf(book: &Book) -> (String, Mend) {
        let date = book_date(&book.meta.date).unwrap();
        let (raw, mend) = build_raw(book, &Style::default_style(), date).unwrap();
        let package = Package::from_zip(&raw).unwrap();
        let opf = String::from_utf8(package.get(OPF_PATH).unwrap().to_vec()).unwrap();
        (opf, mend)
    }

    /// epub-builder 0.8.3 gives `dc:language` and the first `dc:creator` the same id; the mend fixes it.
    /// The first half keeps proving the defect exists; if an epub-builder update fixes it, it fails and
    /// the mend can go.
    #[test]
    fn mend_makes_the_opf_ids_unique() {
        let (opf, mend) = raw_opf(&book());
        assert_eq!(
            duplicate_ids(&opf),
            vec!["epub-creator-0".to_string()],
            "epub-builder's raw OPF no longer has the duplicate id:\n{opf}"
        );
        let mended = mend_opf(&opf, &mend).unwrap();
        assert!(duplicate_ids(&mended).is_empty(), "{mended}");
        assert!(mended.contains("<dc:language id=\"epub-language-0\">zh-CN</dc:language>"));
        assert!(mended.contains("<dc:creator id=\"epub-creator-0\">梁可心</dc:creator>"));
        assert!(mended.contains("refines=\"#epub-creator-0\""));
        assert!(mended.contains("refines=\"#epub-creator-1\""));
    }

    #[test]
    fn metadata_carries_the_book_date_and_identifier() {
        let (opf, _) = raw_opf(&book());
        assert!(opf.contains(">urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf</dc:identifier>"));
        assert!(opf.contains("<meta property=\"dcterms:modified\">2022-12-05T00:00:00Z</meta>"));
        assert!(opf.contains("<dc:date>2022-12-05T00:00:00Z</dc:date>"));
        assert!(opf.contains("<dc:rights>© 2022 哈尔滨日报社</dc:rights>"));
    }

    #[test]
    fn an_isbn_identifier_is_written_as_is() {
        let mut b = book();
        b.meta.identifier = "urn:isbn:9787000000000".into();
        let bytes = render(&b, &Style::default_style()).unwrap();
        let package = Package::from_zip(&bytes).unwrap();
        let opf = String::from_utf8(package.get(OPF_PATH).unwrap().to_vec()).unwrap();
        assert!(
            opf.contains("<dc:identifier id=\"epub-id-1\">urn:isbn:9787000000000</dc:identifier>"),
            "{opf}"
        );
        assert!(!opf.contains("urn:uuid:"), "{opf}");
    }

    #[test]
    fn same_input_same_bytes() {
        let style = Style::default_style();
        assert_eq!(
            render(&book(), &style).unwrap(),
            render(&book(), &style).unwrap()
        );
    }

    #[test]
    fn bad_metadata_is_a_render_error() {
        let style = Style::default_style();
        let mut b = book();
        b.meta.date = "5 Dec 2022".into();
        let err = render(&b, &style).unwrap_err().to_string();
        assert!(
            err.starts_with("epub output: ") && err.contains("5 Dec 2022"),
            "{err}"
        );
        let mut b = book();
        b.meta.identifier = "urn:uuid:not-a-uuid".into();
        assert!(render(&b, &style).is_err());
        let mut b = book();
        b.stories.clear();
        assert!(
            render(&b, &style)
                .unwrap_err()
                .to_string()
                .contains("no stories")
        );
    }

    #[test]
    fn zip_time_is_the_book_date_or_the_dos_epoch() {
        let t = zip_time(book_date("2022-12-05").unwrap());
        assert_eq!((t.year(), t.month(), t.day()), (2022, 12, 5));
        assert_eq!(
            zip_time(book_date("1970-01-01").unwrap()),
            zip::DateTime::default()
        );
    }
}
