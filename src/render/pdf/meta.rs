//! The PDF's metadata: the document information dictionary and XMP krilla writes (title, authors,
//! description, keywords, language, the book's date, producer, and the PDF/A and PDF/UA identification),
//! completed with the Dublin Core fields krilla has no setter for — the title and description also under
//! the book's language, each author as an entry of `dc:creator`, publisher, identifier, rights, subjects,
//! date and the source newspaper — so the XMP carries the same record as the archive's `dc.xml`.
//!
//! krilla writes the XMP packet as an uncompressed metadata stream near the end of the file, followed by
//! the catalog, a classic cross-reference table and the trailer. [`complete_xmp`] rewrites that one stream
//! and moves the cross-reference offsets of the objects after it; every other byte stays as krilla wrote
//! it. Every property added is one of the XMP Dublin Core schema's (ISO 16684-1 §8.4), so PDF/A needs no
//! extension schema for them (ISO 19005-2 §6.6.2.3.1); none of them has a counterpart in the information
//! dictionary that would have to agree with it (§6.6.3).

use krilla::metadata::{DateTime, Metadata};

use super::draw::err;
use crate::error::Result;
use crate::model::{Date, Meta};
use crate::render::epub::xml::Xml;

/// The book's date (at its time of day, else midnight) in UTC, as a PDF date.
fn pdf_date(date: Date) -> DateTime {
    let (h, m, s) = date.time();
    DateTime::new(date.year() as u16)
        .month(date.month() as u8)
        .day(date.day() as u8)
        .hour(h as u8)
        .minute(m as u8)
        .second(s as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// The document information and XMP krilla writes: title (with the subtitle), authors, language, the
/// book's date (never the clock), identifier, description and subjects.
pub(super) fn metadata(meta: &Meta) -> Metadata {
    let date = pdf_date(meta.date);
    let mut metadata = Metadata::new()
        .title(meta.full_title())
        .authors(meta.authors.clone())
        .language(meta.language.clone())
        .creator("huozi".to_string())
        .producer(format!("huozi {}", env!("CARGO_PKG_VERSION")))
        .creation_date(date)
        .document_id(meta.identifier.clone());
    if let Some(d) = &meta.description {
        metadata = metadata.description(d.clone());
    }
    if !meta.subjects.is_empty() {
        metadata = metadata.keywords(meta.subjects.clone());
    }
    metadata
}

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const DC: &str = "http://purl.org/dc/elements/1.1/";

/// The Dublin Core properties krilla does not write, as one `rdf:Description` of the document: publisher
/// (a bag), identifier, rights (a language alternative: `x-default` and the book's language), subjects (a
/// bag), date (a sequence of one, `YYYY-MM-DD`) and source (the newspaper).
fn dublin_core(meta: &Meta) -> String {
    let mut x = Xml::default();
    x.start(
        "rdf:Description",
        &[("rdf:about", ""), ("xmlns:rdf", RDF), ("xmlns:dc", DC)],
    );
    let list = |x: &mut Xml, name: &str, kind: &str, items: &[&str]| {
        x.start(name, &[]);
        x.start(kind, &[]);
        for item in items {
            x.element("rdf:li", &[], item);
        }
        x.end(kind);
        x.end(name);
    };
    if let Some(publisher) = &meta.publisher {
        list(&mut x, "dc:publisher", "rdf:Bag", &[publisher]);
    }
    x.element("dc:identifier", &[], &meta.identifier);
    if let Some(rights) = &meta.rights {
        x.start("dc:rights", &[]);
        x.start("rdf:Alt", &[]);
        for lang in ["x-default", meta.language.as_str()] {
            x.element("rdf:li", &[("xml:lang", lang)], rights);
        }
        x.end("rdf:Alt");
        x.end("dc:rights");
    }
    if !meta.subjects.is_empty() {
        let subjects: Vec<&str> = meta.subjects.iter().map(String::as_str).collect();
        list(&mut x, "dc:subject", "rdf:Bag", &subjects);
    }
    list(&mut x, "dc:date", "rdf:Seq", &[&meta.date.to_string()]);
    if let Some(newspaper) = &meta.newspaper {
        x.element("dc:source", &[], newspaper);
    }
    x.end("rdf:Description");
    x.finish().text
}

/// `xmp` with `text` added to the language alternative of the property `name` (`dc:title`) under
/// `lang`, after krilla's `x-default` entry; unchanged when the property is absent.
fn add_language(xmp: &str, name: &str, lang: &str, text: &str) -> String {
    let end = format!("</rdf:Alt></{name}>");
    let Some(at) = xmp
        .find(&format!("<{name}><rdf:Alt>"))
        .and_then(|start| xmp[start..].find(&end).map(|e| start + e))
    else {
        return xmp.to_string();
    };
    let mut x = Xml::default();
    x.element("rdf:li", &[("xml:lang", lang)], text);
    format!("{}{}{}", &xmp[..at], x.finish().text, &xmp[at..])
}

/// `xmp` with the entries of the sequence `dc:creator` replaced by one entry per author: krilla folds
/// the authors into one entry for PDF 1.7, which only PDF/A-1 asks for (its §6.7.3 pairs the information
/// dictionary's `/Author` with a single `dc:creator`; PDF/A-2 and -3 and PDF/UA-1 have no such rule).
fn split_creators(xmp: &str, authors: &[String]) -> String {
    let (open, close) = ("<dc:creator><rdf:Seq>", "</rdf:Seq></dc:creator>");
    let Some(start) = xmp.find(open).map(|s| s + open.len()) else {
        return xmp.to_string();
    };
    let Some(end) = xmp[start..].find(close).map(|e| start + e) else {
        return xmp.to_string();
    };
    let mut x = Xml::default();
    for author in authors {
        x.element("rdf:li", &[], author);
    }
    format!("{}{}{}", &xmp[..start], x.finish().text, &xmp[end..])
}

/// krilla's XMP packet `xmp` completed with the book's Dublin Core record (see the module docs).
fn completed(xmp: &str, meta: &Meta) -> Option<String> {
    let mut xmp = add_language(xmp, "dc:title", &meta.language, &meta.full_title());
    xmp = split_creators(&xmp, &meta.authors);
    if let Some(d) = &meta.description {
        xmp = add_language(&xmp, "dc:description", &meta.language, d);
    }
    let at = xmp.find("</rdf:RDF>")?;
    Some(format!("{}{}{}", &xmp[..at], dublin_core(meta), &xmp[at..]))
}

/// `pdf` (as krilla wrote it) with its XMP metadata stream completed with the book's Dublin Core record;
/// the `/Length` of the stream, the offsets of the objects after it and `startxref` are moved to match.
///
/// Errors: [`crate::error::Error::Render`] when `pdf` is not laid out as krilla writes it (one metadata
/// stream, a classic cross-reference table): a bug, never bad input.
pub(super) fn complete_xmp(mut pdf: Vec<u8>, meta: &Meta) -> Result<Vec<u8>> {
    let bad = |what: &str| err(format!("cannot complete the XMP metadata: {what}"));
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        memchr::memmem::find(&hay[from..], needle).map(|p| p + from)
    };
    let marker: &[u8] = b"/Type/Metadata/Subtype/XML>>";
    let dict = memchr::memmem::rfind(&pdf, marker).ok_or_else(|| bad("no stream"))?;
    let object = memchr::memmem::rfind(&pdf[..dict], b" obj\n")
        .and_then(|p| memchr::memrchr(b'\n', &pdf[..p]).map(|n| n + 1))
        .ok_or_else(|| bad("no object header"))?;
    let data = find(&pdf, b"stream\n", dict).ok_or_else(|| bad("no stream data"))? + 7;
    let data_end = find(&pdf, b"\nendstream", data).ok_or_else(|| bad("no stream end"))?;
    let xmp = std::str::from_utf8(&pdf[data..data_end]).map_err(|_| bad("not UTF-8"))?;
    let xmp = completed(xmp, meta).ok_or_else(|| bad("no </rdf:RDF>"))?;

    let header = std::str::from_utf8(&pdf[object..data]).map_err(|_| bad("odd header"))?;
    let length = format!("/Length {}", data_end - data);
    if !header.contains(&length) {
        return Err(bad("the stream's /Length is not its length"));
    }
    let header = header.replacen(&length, &format!("/Length {}", xmp.len()), 1);
    let delta = (header.len() + xmp.len()) as i64 - (data_end - object) as i64;
    // in place: only what follows the stream (the catalog, the table, the trailer) moves
    let stream = [header.as_bytes(), xmp.as_bytes()].concat();
    let tail_start = object + stream.len();
    pdf.splice(object..data_end, stream);
    shift_xref(&mut pdf, tail_start, object, delta).ok_or_else(|| bad("odd xref"))?;
    Ok(pdf)
}

/// Adds `delta` to every cross-reference offset past `object` and to `startxref`, in the part of `pdf`
/// from `from` on (where the table and trailer are). The table is found where `startxref` says it was
/// (moved by `delta`) and its entries, 20 bytes each (ISO 32000-1 §7.5.4), are rewritten in place.
fn shift_xref(pdf: &mut Vec<u8>, from: usize, object: usize, delta: i64) -> Option<()> {
    let startxref = from + memchr::memmem::rfind(&pdf[from..], b"startxref\n")?;
    let number = &pdf[startxref + 10..];
    let digits = number.iter().take_while(|b| b.is_ascii_digit()).count();
    let old: i64 = std::str::from_utf8(&number[..digits]).ok()?.parse().ok()?;
    let xref = usize::try_from(old + delta).ok().filter(|x| *x >= from)?;
    let header = pdf.get(xref..)?.strip_prefix(b"xref\n")?;
    // the subsection's first object and count, then its entries
    let mut at = xref + 5 + header.iter().position(|&b| b == b'\n')? + 1;
    while let Some(entry) = pdf.get_mut(at..at + 20) {
        if entry[10] != b' ' || entry[16] != b' ' || entry[18..] != *b"\r\n" {
            break;
        }
        if entry[11..18] == *b"00000 n" {
            let offset = (entry[..10].iter()).try_fold(0i64, |n, b| {
                b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
            })?;
            if offset > object as i64 {
                let mut moved = Some(offset + delta).filter(|m| (0..10_000_000_000).contains(m))?;
                for digit in entry[..10].iter_mut().rev() {
                    *digit = b'0' + (moved % 10) as u8;
                    moved /= 10;
                }
            }
        }
        at += 20;
    }
    pdf.truncate(startxref);
    pdf.extend_from_slice(format!("startxref\n{}\n%%EOF", old + delta).as_bytes());
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        let mut meta: Meta = toml::from_str(
            "title = \"书 & 名\"\nsubtitle = \"副\"\ndate = \"2022-12-05\"\n\
             identifier = \"urn:uuid:1\"\npublisher = \"报社\"\nrights = \"© 报社\"\n\
             subjects = [\"甲\", \"乙\"]\ndescription = \"说明\"\nnewspaper = \"日报\"\n",
        )
        .unwrap();
        meta.authors = vec!["甲".into(), "乙".into()];
        meta
    }

    #[test]
    fn the_dublin_core_record_is_added_with_every_field() {
        let krilla = "<x><rdf:RDF><rdf:Description rdf:about=\"\"><dc:title><rdf:Alt>\
                      <rdf:li xml:lang=\"x-default\">书 &amp; 名：副</rdf:li></rdf:Alt></dc:title>\
                      <dc:creator><rdf:Seq><rdf:li>甲, 乙</rdf:li></rdf:Seq></dc:creator>\
                      </rdf:Description></rdf:RDF></x>";
        let xmp = completed(krilla, &meta()).unwrap();
        for needed in [
            "<rdf:li xml:lang=\"x-default\">书 &amp; 名：副</rdf:li><rdf:li xml:lang=\"zh-CN\">书 &amp; \
             名：副</rdf:li></rdf:Alt></dc:title>",
            "<dc:creator><rdf:Seq><rdf:li>甲</rdf:li><rdf:li>乙</rdf:li></rdf:Seq></dc:creator>",
            "<dc:publisher><rdf:Bag><rdf:li>报社</rdf:li></rdf:Bag></dc:publisher>",
            "<dc:identifier>urn:uuid:1</dc:identifier>",
            "<dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">© 报社</rdf:li>",
            "<dc:subject><rdf:Bag><rdf:li>甲</rdf:li><rdf:li>乙</rdf:li></rdf:Bag></dc:subject>",
            "<dc:date><rdf:Seq><rdf:li>2022-12-05</rdf:li></rdf:Seq></dc:date>",
            "<dc:source>日报</dc:source></rdf:Description></rdf:RDF></x>",
        ] {
            assert!(xmp.contains(needed), "{needed} in {xmp}");
        }
    }

    #[test]
    fn the_stream_length_and_the_offsets_after_it_move() {
        let stream = "<x:xmpmeta><rdf:RDF></rdf:RDF></x:xmpmeta>";
        let mut pdf = String::from("%PDF-1.7\n1 0 obj\n<</A 1>>\nendobj\n");
        let o2 = pdf.len();
        pdf.push_str(&format!(
            "2 0 obj\n<</Length {}/Type/Metadata/Subtype/XML>>\nstream\n{stream}\nendstream\nendobj\n",
            stream.len()
        ));
        let o3 = pdf.len();
        pdf.push_str("3 0 obj\n<</Type/Catalog>>\nendobj\n");
        let xref = pdf.len();
        pdf.push_str(&format!(
            "xref\n0 4\n0000000000 65535 f\r\n{:010} 00000 n\r\n{o2:010} 00000 n\r\n{o3:010} 00000 n\r\n\
             trailer\n<</Size 4/Root 3 0 R>>\nstartxref\n{xref}\n%%EOF",
            9
        ));
        let out = complete_xmp(pdf.into_bytes(), &meta()).unwrap();
        let out = String::from_utf8(out).unwrap();
        let xmp_start = out.find("stream\n").unwrap() + 7;
        let xmp_end = out.find("\nendstream").unwrap();
        assert!(out.contains(&format!("/Length {}/Type", xmp_end - xmp_start)));
        let new_o3 = out.find("3 0 obj").unwrap();
        let new_xref = out.rfind("xref\n0 4").unwrap();
        assert!(
            out.contains(&format!("{new_o3:010} 00000 n\r\ntrailer")),
            "{out}"
        );
        assert!(out.contains(&format!("{o2:010} 00000 n")), "{out}");
        assert!(
            out.ends_with(&format!("startxref\n{new_xref}\n%%EOF")),
            "{out}"
        );
    }
}
