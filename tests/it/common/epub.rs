//! Reading an EPUB back: its container entries, the character data of its XML, its elements, its
//! page-list (checked against the print pages), and PNG images.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::Path;

use huozi::Document;
use huozi::style::Role;

/// Every entry of the container in archive order: (name, compression, bytes).
pub fn entries(epub: &[u8]) -> Vec<(String, zip::CompressionMethod, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).expect("the EPUB is a zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), f.compression(), data)
        })
        .collect()
}

/// An entry's text (UTF-8).
pub fn entry_text(epub: &[u8], name: &str) -> String {
    let (_, _, data) = entries(epub)
        .into_iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} in the EPUB"));
    String::from_utf8(data).unwrap()
}

/// An entry's bytes.
pub fn entry(epub: &[u8], name: &str) -> Vec<u8> {
    entries(epub)
        .into_iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} in the EPUB"))
        .2
}

/// Values of `id="…"` attributes (preceded by whitespace) in document order.
pub fn ids(xml: &str) -> Vec<&str> {
    xml.match_indices(" id=\"")
        .map(|(i, m)| {
            let rest = &xml[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// The character data of an XML document: markup (tags, declarations, comments) dropped, the five
/// predefined entities decoded.
pub fn xml_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').expect("a closed tag");
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// `text` without whitespace.
pub fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The inner markup of every `open … </tag>` element of `xml` (`open` is the start tag up to `>`).
pub fn elements<'a>(xml: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    xml.match_indices(open)
        .map(|(i, _)| {
            let start = i + open.len();
            &xml[start..start + xml[start..].find(close).expect("closed")]
        })
        .collect()
}

/// Characters of `text` a reader shows (control characters such as line ends are not).
pub fn shown(text: &str) -> BTreeSet<char> {
    text.chars().filter(|c| !c.is_control()).collect()
}

/// `(href, label)` of each entry of the nav's page-list.
pub fn page_list(nav: &str) -> Vec<(String, String)> {
    let start = nav
        .find("<nav epub:type=\"page-list\"")
        .expect("a page-list");
    let list = &nav[start..start + nav[start..].find("</nav>").unwrap()];
    elements(list, "<li><a href=\"", "</a></li>")
        .into_iter()
        .map(|e| {
            let (href, label) = e.split_once("\">").unwrap();
            (href.to_string(), label.to_string())
        })
        .collect()
}

/// Checks `epub`'s page-list against `document` (the same book typeset): one entry per page carrying
/// story text, in order, each pointing at a page-break marker that stands before the text the page
/// begins with. Returns the entries.
pub fn check_page_list(epub: &[u8], document: &Document) -> Vec<(String, String)> {
    let nav = entry_text(epub, "OEBPS/nav.xhtml");
    let list = page_list(&nav);

    // The pages that carry story text (not the title page, contents or colophon, nor a blank verso)
    // each have their entry, in page order.
    let story_line = |l: &&huozi::LineInfo| {
        l.story.is_some() && !matches!(l.role, Role::RunningHead | Role::Folio)
    };
    let story_pages: Vec<&huozi::Page> = document
        .pages
        .iter()
        .filter(|p| p.lines.iter().any(|l| story_line(&l)))
        .collect();
    assert!(story_pages.len() >= 4, "{} pages", story_pages.len());
    assert!(story_pages.len() < document.pages.len());
    let expected: Vec<String> = story_pages.iter().map(|p| p.folio.to_string()).collect();
    let labels: Vec<String> = list.iter().map(|(_, l)| l.clone()).collect();
    assert_eq!(labels, expected);

    // The documents in reading order (the spine), by name.
    let opf = entry_text(epub, "OEBPS/content.opf");
    let manifest: Vec<(&str, &str)> = elements(&opf, "<item id=\"", "/>")
        .into_iter()
        .map(|item| {
            let (id, rest) = item.split_once('"').unwrap();
            let href = rest.split("href=\"").nth(1).unwrap();
            (id, &href[..href.find('"').unwrap()])
        })
        .collect();
    let spine: Vec<&str> = elements(&opf, "<itemref idref=\"", "\"")
        .into_iter()
        .map(|id| manifest.iter().find(|(i, _)| *i == id).unwrap().1)
        .collect();
    let mut last = (0, 0);
    for ((href, label), page) in list.iter().zip(&story_pages) {
        let (doc_name, id) = href.split_once('#').expect("a fragment");
        let doc = entry_text(epub, &format!("OEBPS/{doc_name}"));
        let marker = format!(
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{id}\" title=\"{label}\"></span>"
        );
        assert_eq!(
            doc.matches(&format!(" id=\"{id}\"")).count(),
            1,
            "{id} in {doc_name}"
        );
        let at = doc
            .find(&marker)
            .unwrap_or_else(|| panic!("{marker} in {doc_name}"));
        // In reading order.
        let place = (spine.iter().position(|d| *d == doc_name).unwrap(), at);
        assert!(place > last, "{href} comes before {last:?}");
        last = place;

        // The text after the marker is the text the print page begins with.
        let after: String = xml_text(&doc[at..])
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let first_line = page
            .lines
            .iter()
            .find(story_line)
            .expect("a page with story text");
        // A list item's marker (`9．`, `•`) is the renderer's, not text of the XHTML.
        let text = first_line.text.trim_start();
        let numbered = text.trim_start_matches(|c: char| c.is_ascii_digit());
        let text = match numbered.strip_prefix('．') {
            Some(rest) if numbered.len() < text.len() => rest,
            _ => text.trim_start_matches(['•', '●', '·']),
        };
        let first: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(6)
            .collect();
        assert!(
            after.starts_with(&first),
            "page {label} begins with {first:?}, the EPUB's page-break marker is before {:?}",
            after.chars().take(12).collect::<String>()
        );
    }

    list
}

/// Unpacks every entry of `epub` under `dir`.
pub fn unpack(epub: &[u8], dir: &Path) {
    for (name, _, data) in entries(epub) {
        let path = dir.join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    }
}

/// Decodes a PNG into (width, height, RGB(A) samples, channels).
pub fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>, usize) {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    // a palette image (the drawn cover) as RGB
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    (info.width, info.height, buf, channels)
}

/// Writes a `width` × `height` RGB PNG with a diagonal gradient to `path`.
pub fn write_png(path: &Path, width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    let data: Vec<u8> = (0..height)
        .flat_map(|y| (0..width).flat_map(move |x| [(x % 256) as u8, (y % 256) as u8, 128]))
        .collect();
    writer.write_image_data(&data).unwrap();
    writer.finish().unwrap();
    std::fs::write(path, &bytes).unwrap();
    bytes
}

/// `epub` with the entry `name` holding `data` instead (every other entry as it was, in the same order,
/// `mimetype` stored).
pub fn replace_entry(epub: &[u8], name: &str, data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (entry, method, bytes) in entries(epub) {
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        zip.start_file(entry.as_str(), options).unwrap();
        zip.write_all(if entry == name { data } else { &bytes })
            .unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// What `probe` reports for `story` (an XHTML document of the EPUB unpacked at `oebps`) laid out by
/// headless Chromium with `args` besides: `probe` is the body of a JavaScript function run once the
/// document's fonts are ready, which passes its findings as one string to `report(text)` and may measure
/// with `em(element)` (its font size, px) and `box(textNode, start, end)` (the bounding box of that range
/// of the node's text, px). The document is
/// written beside `story` as `probe-NAME.xhtml` (its links still resolve) and its DOM dumped.
pub fn probe_story(
    oebps: &Path,
    story: &str,
    (name, probe): (&str, &str),
    args: &[&str],
) -> String {
    assert_eq!(story.matches("</head>").count(), 1);
    let script = format!(
        "<script type=\"text/javascript\">//<![CDATA[\n\
         function report(text) {{\n  \
         var pre = document.createElementNS('http://www.w3.org/1999/xhtml', 'pre');\n  \
         pre.id = 'huozi-probe';\n  pre.textContent = text;\n  document.body.appendChild(pre);\n}}\n\
         function em(el) {{ return parseFloat(getComputedStyle(el).fontSize); }}\n\
         function box(node, start, end) {{\n  \
         var r = document.createRange();\n  r.setStart(node, start);\n  r.setEnd(node, end);\n  \
         return r.getBoundingClientRect();\n}}\n\
         document.fonts.ready.then(function () {{\n{probe}\n}});\n//]]></script>\n"
    );
    let file = oebps.join(format!("probe-{name}.xhtml"));
    std::fs::write(&file, story.replace("</head>", &format!("{script}</head>"))).unwrap();
    let mut all: Vec<String> = ["--virtual-time-budget=10000", "--dump-dom"]
        .iter()
        .chain(args)
        .map(|a| a.to_string())
        .collect();
    all.push(format!("file://{}", file.display()));
    let dom = super::run_chromium(&all);
    let report = elements(&dom, "<pre id=\"huozi-probe\">", "</pre>");
    assert_eq!(
        report.len(),
        1,
        "no report from the {name} probe in:\n{dom}"
    );
    report[0].to_string()
}
