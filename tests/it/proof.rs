//! `huozi proof` (issue 16, acceptance 5): `huozi proof content --pages 1-2` writes two page images whose
//! non-white pixel counts are within 10% of `pdftoppm`'s images of the same pages at the same resolution,
//! and a contact sheet of all pages; a PDF is proofed as it is, to the same bytes each time; a page past
//! the last is an error.

use std::path::{Path, PathBuf};

use crate::common::{huozi, huozi_ok, path, pdf_pages, run};

/// A PNG's width, height and its pixels as RGB.
fn read_png(file: &Path) -> (usize, usize, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(file).unwrap_or_else(|e| panic!("{}: {e}", file.display())),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let pixels = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|px| match channels {
            1 | 2 => [px[0]; 3],
            _ => [px[0], px[1], px[2]],
        })
        .collect();
    (info.width as usize, info.height as usize, pixels)
}

/// The one PDF `huozi build` wrote into `out` (its name follows the book).
fn built_pdf(out: &Path) -> PathBuf {
    let pdfs: Vec<PathBuf> = std::fs::read_dir(out)
        .expect("the output folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1, "one PDF in {}: {pdfs:?}", out.display());
    pdfs[0].clone()
}

/// How many pixels are not pure white.
fn non_white(pixels: &[[u8; 3]]) -> usize {
    pixels.iter().filter(|px| **px != [255, 255, 255]).count()
}

#[test]
fn proof_draws_pages_as_pdftoppm_does_and_a_contact_sheet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let proof = dir.path().join("proof");
    let out = huozi_ok(["proof", "content", "--pages", "1-2", "--out", path(&proof)]);
    let mut names: Vec<String> = std::fs::read_dir(&proof)
        .expect("proof folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["contact-sheet.png", "page-001.png", "page-002.png"],
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The same book built (same input, same bytes) and drawn by poppler at the default 100 dpi.
    let built = dir.path().join("out");
    huozi_ok(["build", "content", "--out", path(&built)]);
    let pdf = built_pdf(&built);
    let reference = dir.path().join("ref");
    let (ok, log) = run(
        "pdftoppm",
        &[
            "-r",
            "100",
            "-f",
            "1",
            "-l",
            "2",
            "-png",
            path(&pdf),
            path(&reference),
        ],
    );
    assert!(ok, "pdftoppm: {log}");
    for page in 1..=2 {
        let (w, h, ours) = read_png(&proof.join(format!("page-00{page}.png")));
        let (rw, rh, theirs) = read_png(&dir.path().join(format!("ref-{page}.png")));
        assert!(
            w.abs_diff(rw) <= 1 && h.abs_diff(rh) <= 1,
            "page {page}: {w}×{h} vs {rw}×{rh}"
        );
        let (a, b) = (non_white(&ours), non_white(&theirs));
        eprintln!("page {page}: {a} non-white pixels (hayro), {b} (pdftoppm)");
        assert!(b > 1000, "page {page} of the book has text");
        let ratio = a as f64 / b as f64;
        assert!(
            (0.9..=1.1).contains(&ratio),
            "page {page}: {a} vs {b} non-white pixels"
        );
    }

    // The contact sheet holds every page: at 24 dpi an A5 page with bleed is 145 × 205 px, so the
    // book's pages (1 alone, then spreads, three to a row) give rows of that height.
    let pages = pdf_pages(&pdf);
    let (w, h, sheet) = read_png(&proof.join("contact-sheet.png"));
    let spreads = pages / 2 + 1;
    let rows = spreads.div_ceil(3);
    assert!(w > 3 * 2 * 145 && w < 3 * 2 * 145 + 200, "sheet width {w}");
    assert!(
        h > rows * 205 && h < rows * 205 + rows * 60,
        "sheet height {h} for {rows} rows"
    );
    let white = sheet.iter().filter(|px| **px == [255, 255, 255]).count();
    assert!(
        white > pages * 145 * 205 / 2,
        "{white} white pixels for {pages} pages"
    );
}

#[test]
fn a_pdf_is_proofed_as_it_is_and_a_page_past_the_last_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let built = dir.path().join("out");
    huozi_ok(["build", "content", "--out", path(&built)]);
    let pdf = built_pdf(&built);
    let pages = pdf_pages(&pdf);
    let proof = dir.path().join("proof");
    let last = format!("{pages}-");
    huozi_ok([
        "proof",
        path(&pdf),
        "--pages",
        &last,
        "--dpi",
        "30",
        "--out",
        path(&proof),
    ]);
    let digits = format!("page-{pages:03}.png");
    assert!(proof.join(&digits).exists(), "{digits}");
    assert!(!proof.join("page-001.png").exists());
    // The same PDF gives the same bytes.
    let again = dir.path().join("again");
    huozi_ok([
        "proof",
        path(&pdf),
        "--pages",
        &last,
        "--dpi",
        "30",
        "--out",
        path(&again),
    ]);
    for name in [digits.as_str(), "contact-sheet.png"] {
        let read = |d: &Path| std::fs::read(d.join(name)).expect("a proof image");
        assert!(
            read(&proof) == read(&again),
            "{name} differs between two proofs"
        );
    }

    let past = format!("{}-{}", pages + 1, pages + 2);
    let failed = huozi(["proof", path(&pdf), "--pages", &past, "--out", path(&proof)]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(!failed.status.success());
    assert!(
        stderr.contains(path(&pdf)) && stderr.contains(&format!("has {pages} page(s)")),
        "{stderr}"
    );
}
