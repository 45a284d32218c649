//! `huozi proof`: page images of a PDF and a contact sheet of all its pages, drawn by hayro (a pure-Rust
//! PDF renderer by krilla's author), so a proofreader or a CI job can look at the book without a viewer.
//!
//! Each page is drawn whole (its CropBox, which huozi's PDFs set to the BleedBox) on white at the asked
//! resolution; the contact sheet shows every page small, as the reader of the printed book sees them: page
//! 1 alone on the right (a recto), then each verso beside its recto, three spreads a row, each page's
//! number under it, on a grey ground.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

use crate::error::{Error, Result};

/// Resolution of the contact sheet's pages, in dots per inch.
const SHEET_DPI: f32 = 24.0;
/// Spreads in a row of the contact sheet.
const SHEET_SPREADS: usize = 3;
/// Pixels between spreads, and around the sheet.
const SHEET_GAP: usize = 16;
/// Pixels between the two pages of a spread (the spine).
const SPINE_GAP: usize = 2;
/// Pixels under a row of pages, for their numbers.
const LABEL_HEIGHT: usize = 20;
/// The sheet's ground (RGB).
const GROUND: [u8; 3] = [0xc8, 0xc8, 0xc8];

/// The 1-based, inclusive range of pages `--pages` names: `3`, `1-4`, `5-` (to the last page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRange {
    /// First page, from 1.
    pub first: usize,
    /// Last page (inclusive); `None`: the document's last.
    pub last: Option<usize>,
}

impl FromStr for PageRange {
    type Err = String;

    /// Reads `N`, `N-M` or `N-` (pages counted from 1, `N` ≤ `M`).
    fn from_str(s: &str) -> std::result::Result<PageRange, String> {
        let number = |t: &str| {
            t.trim()
                .parse::<usize>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| format!("`{s}`: a page range is N, N-M or N- with pages from 1"))
        };
        let range = match s.split_once('-') {
            None => {
                let n = number(s)?;
                PageRange {
                    first: n,
                    last: Some(n),
                }
            }
            Some((a, b)) if b.trim().is_empty() => PageRange {
                first: number(a)?,
                last: None,
            },
            Some((a, b)) => PageRange {
                first: number(a)?,
                last: Some(number(b)?),
            },
        };
        match range.last {
            Some(last) if last < range.first => {
                Err(format!("`{s}`: the last page comes before the first"))
            }
            _ => Ok(range),
        }
    }
}

/// What [`proof`] draws and where.
#[derive(Debug, Clone)]
pub struct ProofOptions {
    /// The pages drawn as images; `None`: every page.
    pub pages: Option<PageRange>,
    /// Resolution of the page images, in dots per inch (1 to 1200).
    pub dpi: f32,
    /// The folder the images are written into (made when missing).
    pub out_dir: PathBuf,
}

/// What [`proof`] wrote.
#[derive(Debug, Clone)]
pub struct Proofs {
    /// The page images, in page order: `page-001.png` … (numbered from 1, at least three digits).
    pub pages: Vec<PathBuf>,
    /// The contact sheet of every page: `contact-sheet.png`.
    pub contact_sheet: PathBuf,
    /// How many pages the PDF has.
    pub page_count: usize,
}

/// Draws the pages of `pdf` (the bytes of the file `name`, named in errors) that `options.pages` asks for
/// as PNG images at `options.dpi` (white ground, each page's CropBox), and a contact sheet of all pages at
/// 24 dpi, into `options.out_dir`. Page images a previous proof left there (`page-*.png`) are removed
/// first, so the folder holds exactly this proof's. The same PDF gives the same bytes.
///
/// Errors: [`Error::Input`] when `pdf` is no readable PDF, `options.dpi` is outside 1–1200 or a page asked
/// for is past the last; [`Error::Io`] naming a file or folder that could not be written.
pub fn proof(pdf: Vec<u8>, name: &Path, options: &ProofOptions) -> Result<Proofs> {
    let input_error = |message: String| Error::Input {
        path: name.to_path_buf(),
        line: None,
        message,
    };
    if !(1.0..=1200.0).contains(&options.dpi) {
        return Err(input_error(format!(
            "--dpi {}: give a resolution from 1 to 1200",
            options.dpi
        )));
    }
    let pdf =
        Pdf::new(pdf).map_err(|e| input_error(format!("not a PDF hayro can read ({e:?})")))?;
    let count = pdf.pages().len();
    let range = options.pages.unwrap_or(PageRange {
        first: 1,
        last: None,
    });
    let last = range.last.unwrap_or(count);
    if count == 0 || range.first > count || last > count {
        return Err(input_error(format!(
            "has {count} page(s); --pages asks for pages {}-{last}",
            range.first
        )));
    }
    std::fs::create_dir_all(&options.out_dir).map_err(|e| Error::io(&options.out_dir, e))?;
    remove_old_pages(&options.out_dir)?;
    let digits = count.to_string().len().max(3);
    let mut pages = Vec::new();
    for number in range.first..=last {
        let image = draw(&pdf, number - 1, options.dpi);
        let path = options.out_dir.join(format!("page-{number:0digits$}.png"));
        write_png(&path, &image)?;
        pages.push(path);
    }
    let thumbnails: Vec<Image> = (0..count).map(|i| draw(&pdf, i, SHEET_DPI)).collect();
    let contact_sheet = options.out_dir.join("contact-sheet.png");
    write_png(&contact_sheet, &sheet(&thumbnails))?;
    Ok(Proofs {
        pages,
        contact_sheet,
        page_count: count,
    })
}

/// Removes the `page-*.png` files of an earlier proof from `dir`.
fn remove_old_pages(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let numbered = name
            .strip_prefix("page-")
            .and_then(|n| n.strip_suffix(".png"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if numbered && path.is_file() {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}

/// An opaque RGB image, row by row.
struct Image {
    width: usize,
    height: usize,
    rgb: Vec<u8>,
}

/// Page `index` (from 0) of `pdf` drawn on white at `dpi`.
fn draw(pdf: &Pdf, index: usize, dpi: f32) -> Image {
    let page = &pdf.pages()[index];
    let scale = dpi / 72.0;
    let pixmap = hayro::render(
        page,
        &RenderCache::new(),
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    // The ground is opaque white, so every pixel is opaque and premultiplied equals straight alpha.
    let rgb = pixmap
        .data_as_u8_slice()
        .chunks_exact(4)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    Image {
        width: usize::from(pixmap.width()),
        height: usize::from(pixmap.height()),
        rgb,
    }
}

/// Writes `image` as an 8-bit RGB PNG.
fn write_png(path: &Path, image: &Image) -> Result<()> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, image.width as u32, image.height as u32);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let encoded = encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(&image.rgb));
    encoded.map_err(|e| Error::Render {
        format: "png",
        message: format!("{}: {e}", path.display()),
    })?;
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

/// The contact sheet: `pages` (page 1 first), each numbered under it. Upright pages stand as spreads —
/// page 1 alone on the right, then 2|3, 4|5 … — `SHEET_SPREADS` to a row; landscape pages (an imposed
/// PDF's press sheets) stand one by one, `SHEET_SPREADS` to a row.
fn sheet(pages: &[Image]) -> Image {
    let cell_w = pages.iter().map(|p| p.width).max().unwrap_or(1);
    let cell_h = pages.iter().map(|p| p.height).max().unwrap_or(1);
    let paired = pages.first().is_some_and(|p| p.width <= p.height);
    // Slots in reading order: with spreads, slot 0 is the empty verso before page 1.
    let (slots, slot_of) = if paired {
        (pages.len() + 1, 0)
    } else {
        (pages.len(), 1)
    };
    let per_row = if paired {
        2 * SHEET_SPREADS
    } else {
        SHEET_SPREADS
    };
    let rows = slots.div_ceil(per_row);
    let group_w = if paired {
        2 * cell_w + SPINE_GAP
    } else {
        cell_w
    };
    let groups = per_row.min(slots).div_ceil(per_row / SHEET_SPREADS);
    let width = SHEET_GAP + groups * (group_w + SHEET_GAP);
    let height = SHEET_GAP + rows * (cell_h + LABEL_HEIGHT + SHEET_GAP);
    let mut out = Image {
        width,
        height,
        rgb: GROUND.repeat(width * height),
    };
    for (index, page) in pages.iter().enumerate() {
        let number = index + 1;
        let slot = number - slot_of;
        let (row, column) = (slot / per_row, slot % per_row);
        let x = if paired {
            let left = SHEET_GAP + column / 2 * (group_w + SHEET_GAP);
            match column % 2 {
                0 => left + cell_w - page.width,
                _ => left + cell_w + SPINE_GAP,
            }
        } else {
            SHEET_GAP + column * (group_w + SHEET_GAP)
        };
        let y = SHEET_GAP + row * (cell_h + LABEL_HEIGHT + SHEET_GAP);
        blit(&mut out, page, x, y);
        let label = number.to_string();
        let label_x =
            (x + page.width / 2).saturating_sub(label.len() * DIGIT_ADVANCE * LABEL_SCALE / 2);
        draw_number(&mut out, &label, label_x, y + page.height + 4);
    }
    out
}

/// Copies `page` into `out` with its top left corner at (`x`, `y`).
fn blit(out: &mut Image, page: &Image, x: usize, y: usize) {
    for row in 0..page.height {
        let from = row * page.width * 3;
        let to = ((y + row) * out.width + x) * 3;
        out.rgb[to..to + page.width * 3].copy_from_slice(&page.rgb[from..from + page.width * 3]);
    }
}

/// Digits 0–9 as 3 × 5 bitmaps, one row a number (bit 2 is the left column).
const DIGITS: [[u8; 5]; 10] = [
    [7, 5, 5, 5, 7],
    [2, 6, 2, 2, 7],
    [7, 1, 7, 4, 7],
    [7, 1, 3, 1, 7],
    [5, 5, 7, 1, 1],
    [7, 4, 7, 1, 7],
    [7, 4, 7, 5, 7],
    [7, 1, 2, 2, 2],
    [7, 5, 7, 5, 7],
    [7, 5, 7, 1, 7],
];
/// Columns from one digit to the next (3 drawn, 1 blank).
const DIGIT_ADVANCE: usize = 4;
/// Pixels a bitmap column or row is drawn as.
const LABEL_SCALE: usize = 2;

/// Draws the decimal `digits` in black with their top left corner at (`x`, `y`).
fn draw_number(out: &mut Image, digits: &str, x: usize, y: usize) {
    for (i, d) in digits.bytes().enumerate() {
        let bitmap = DIGITS[usize::from(d - b'0')];
        for (row, bits) in bitmap.iter().enumerate() {
            for column in 0..3 {
                if bits & (4 >> column) == 0 {
                    continue;
                }
                for dy in 0..LABEL_SCALE {
                    for dx in 0..LABEL_SCALE {
                        let px = x + (i * DIGIT_ADVANCE + column) * LABEL_SCALE + dx;
                        let py = y + row * LABEL_SCALE + dy;
                        if px < out.width && py < out.height {
                            let at = (py * out.width + px) * 3;
                            out.rgb[at..at + 3].copy_from_slice(&[0, 0, 0]);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_ranges_read_as_the_cli_gives_them() {
        let range = |s: &str| s.parse::<PageRange>();
        assert_eq!(
            range("1-4"),
            Ok(PageRange {
                first: 1,
                last: Some(4)
            })
        );
        assert_eq!(
            range("3"),
            Ok(PageRange {
                first: 3,
                last: Some(3)
            })
        );
        assert_eq!(
            range("5-"),
            Ok(PageRange {
                first: 5,
                last: None
            })
        );
        assert!(range("0-2").is_err());
        assert!(range("4-2").is_err());
        assert!(range("a").is_err());
    }

    #[test]
    fn the_sheet_sets_page_one_alone_on_the_right_then_spreads() {
        let page = |shade: u8| Image {
            width: 4,
            height: 6,
            rgb: vec![shade; 4 * 6 * 3],
        };
        let pages = [page(10), page(20), page(30)];
        let out = sheet(&pages);
        // Two spreads (1 alone, 2|3) in one row.
        assert_eq!(out.width, SHEET_GAP + 2 * (2 * 4 + SPINE_GAP + SHEET_GAP));
        assert_eq!(out.height, SHEET_GAP + 6 + LABEL_HEIGHT + SHEET_GAP);
        let at = |x: usize, y: usize| out.rgb[(y * out.width + x) * 3];
        // Page 1 right of the first spine; the verso slot left of it is ground.
        assert_eq!(at(SHEET_GAP + 4 + SPINE_GAP, SHEET_GAP), 10);
        assert_eq!(at(SHEET_GAP, SHEET_GAP), GROUND[0]);
        // Page 2 left, page 3 right in the second spread.
        let second = SHEET_GAP + 2 * 4 + SPINE_GAP + SHEET_GAP;
        assert_eq!(at(second, SHEET_GAP), 20);
        assert_eq!(at(second + 4 + SPINE_GAP, SHEET_GAP), 30);
    }

    #[test]
    fn landscape_sheets_stand_one_by_one() {
        let page = |shade: u8| Image {
            width: 6,
            height: 4,
            rgb: vec![shade; 6 * 4 * 3],
        };
        let pages: Vec<Image> = (1..=4).map(|i| page(i * 10)).collect();
        let out = sheet(&pages);
        // Three to a row, two rows.
        assert_eq!(out.width, SHEET_GAP + 3 * (6 + SHEET_GAP));
        assert_eq!(out.height, SHEET_GAP + 2 * (4 + LABEL_HEIGHT + SHEET_GAP));
        let at = |x: usize, y: usize| out.rgb[(y * out.width + x) * 3];
        assert_eq!(at(SHEET_GAP, SHEET_GAP), 10);
        assert_eq!(at(SHEET_GAP + 2 * (6 + SHEET_GAP), SHEET_GAP), 30);
        assert_eq!(at(SHEET_GAP, 2 * SHEET_GAP + 4 + LABEL_HEIGHT), 40);
    }
}
