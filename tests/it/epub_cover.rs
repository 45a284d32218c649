//! The EPUB's cover: drawn from the title, subtitle and publisher when the book names no image, the
//! named image packed unchanged when it does (from a hand-built book and from `book.toml` through the
//! command line), and a missing image an error naming `book.toml`.

use crate::common::book::{render_book, sample_book, sample_epub};
use crate::common::epub::{decode_png, entry, entry_text, write_png};
use crate::common::{assert_epubcheck_clean, assert_epubcheck_clean_bytes, huozi, huozi_ok, root};

#[test]
fn without_a_cover_image_one_is_drawn_from_the_metadata() {
    let epub = sample_epub();
    let (w, h, pixels, channels) = decode_png(&entry(&epub, "OEBPS/images/cover.png"));
    assert_eq!((w, h), (1200, 1800));
    let ground = &pixels[..channels];
    let inked = pixels.chunks(channels).filter(|p| p != &ground).count();
    assert!(
        inked > 40_000,
        "{inked} pixels of title, subtitle and publisher"
    );
    let cover = entry_text(&epub, "OEBPS/cover.xhtml");
    assert!(
        cover.contains("<body class=\"cover\" epub:type=\"cover\">"),
        "{cover}"
    );
    assert!(
        cover.contains("<image width=\"1200\" height=\"1800\" xlink:href=\"images/cover.png\"/>"),
        "{cover}"
    );
    assert!(cover.contains("<title>冰城战“疫”纪事</title>"), "{cover}");
}

#[test]
fn a_book_with_a_cover_image_passes_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("封面.png");
    let image = write_png(&path, 600, 900);
    let mut book = sample_book();
    book.meta.cover = Some(path.to_str().unwrap().to_string());
    let epub = render_book(&book);
    assert_epubcheck_clean_bytes(&epub);
    assert_eq!(entry(&epub, "OEBPS/images/cover.png"), image);
    let cover = entry_text(&epub, "OEBPS/cover.xhtml");
    assert!(cover.contains("viewBox=\"0 0 600 900\""), "{cover}");
    let opf = entry_text(&epub, "OEBPS/content.opf");
    assert!(
        opf.contains("<item id=\"cover-image\" href=\"images/cover.png\" media-type=\"image/png\" properties=\"cover-image\"/>"),
        "{opf}"
    );
}

/// A copy of `content/` in a temporary folder whose `book.toml` names `cover`.
fn book_with_cover(cover: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("content")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "txt") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let toml = std::fs::read_to_string(root().join("content/book.toml")).unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        format!("{toml}cover = \"{cover}\"\n"),
    )
    .unwrap();
    dir
}

#[test]
fn a_cover_named_in_book_toml_goes_into_the_epub_and_passes_epubcheck() {
    let book = book_with_cover("art/cover.png");
    std::fs::create_dir(book.path().join("art")).unwrap();
    let (w, h) = (800u32, 1200u32);
    let mut image = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut image, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        let data: Vec<u8> = (0..w * h).flat_map(|i| [(i % 251) as u8, 40, 60]).collect();
        writer.write_image_data(&data).unwrap();
    }
    std::fs::write(book.path().join("art/cover.png"), &image).unwrap();
    let out = tempfile::tempdir().unwrap();
    huozi_ok([
        "build".as_ref(),
        book.path().as_os_str(),
        "--out".as_ref(),
        out.path().as_os_str(),
    ]);
    let epub = out.path().join("book.epub");
    // EPUBCheck succeeds and reports "No errors or warnings detected" (and 0 fatals / errors / warnings).
    assert_epubcheck_clean(&epub);
    let file = std::fs::File::open(&epub).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut packed = Vec::new();
    std::io::Read::read_to_end(
        &mut archive.by_name("OEBPS/images/cover.png").unwrap(),
        &mut packed,
    )
    .unwrap();
    assert!(
        packed == image,
        "the cover is the book.toml image, unchanged"
    );
    let cover = entry_text(&std::fs::read(&epub).unwrap(), "OEBPS/cover.xhtml");
    assert!(cover.contains("viewBox=\"0 0 800 1200\""), "{cover}");
}

#[test]
fn a_missing_cover_is_an_error_naming_book_toml() {
    let book = book_with_cover("missing.png");
    let out = tempfile::tempdir().unwrap();
    let run_out = huozi([
        "build".as_ref(),
        book.path().as_os_str(),
        "--out".as_ref(),
        out.path().as_os_str(),
    ]);
    assert!(!run_out.status.success());
    let err = String::from_utf8_lossy(&run_out.stderr);
    assert!(
        err.contains("book.toml") && err.contains("missing.png"),
        "{err}"
    );
    assert!(!out.path().join("book.epub").exists());
}
