//! The preflight report (`huozi build --preflight`): what a print shop checks before it sends a PDF to
//! the press — the page size and boxes, the page count and its padding, the fonts, the colours, each
//! image's effective resolution at its placed size, and text closer to the trim than the safety margin.

use std::collections::BTreeSet;

use crate::assets::Images;
use crate::fonts::FontSet;
use crate::style::{PT_PER_MM, Style};
use crate::typeset::{Document, Item};

/// The least effective resolution an image may have at its placed size, pixels per inch.
pub const MIN_PPI: f32 = 250.0;
/// The least distance from text to the trim, pt (3 mm).
pub const SAFETY: f32 = 3.0 * PT_PER_MM;
/// A glyph's ink above its baseline, in ems (the CJK faces' ascent).
const ASCENT_EM: f32 = 0.88;

/// What preflight found: the report's lines, and every problem (each also a line of the report).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preflight {
    /// The report, one finding a line (`page size: …`, `boxes: …`, `pages: …`, `fonts: …`,
    /// `colours: …`, `images: …`, `safety margin: …`).
    pub lines: Vec<String>,
    /// What fails (an image under [`MIN_PPI`], text inside the safety margin): warnings, and with
    /// `--strict` an error.
    pub problems: Vec<String>,
    /// The problems that are images under [`MIN_PPI`] (also in `problems`): every build warns of these.
    pub low_resolution: Vec<String>,
}

/// Checks `doc`, typeset with `style` in `fonts` from a book whose `images` are placed in it and padded
/// with `blanks` blank pages; `marks` says whether the PDF carries printer's marks.
pub fn preflight(
    doc: &Document,
    style: &Style,
    fonts: &FontSet,
    images: &Images,
    (blanks, marks): (usize, bool),
) -> Preflight {
    let mut out = Preflight::default();
    let page = &style.page;
    let mm = |pt: f32| pt / PT_PER_MM;
    out.lines.push(format!(
        "page size: {:.1} × {:.1} mm trim ({:.2} × {:.2} pt)",
        mm(page.trim_width),
        mm(page.trim_height),
        page.trim_width,
        page.trim_height
    ));
    out.lines.push(format!(
        "boxes: TrimBox {:.2} × {:.2} pt, BleedBox {:.1} mm beyond it{}",
        page.trim_width,
        page.trim_height,
        mm(page.bleed),
        if marks {
            ", MediaBox 15 mm beyond the bleed (printer's marks)"
        } else {
            ", MediaBox = BleedBox"
        }
    ));
    out.lines.push(format!(
        "pages: {} in signatures of {}, {blanks} blank page{} added",
        doc.pages.len(),
        style.print.signature,
        if blanks == 1 { "" } else { "s" }
    ));
    let used: BTreeSet<_> = runs(doc).map(|run| run.font).collect();
    let names: Vec<String> = used
        .iter()
        .map(|id| {
            format!(
                "{} ({})",
                fonts.info(*id).family,
                fonts.info(*id).file_name()
            )
        })
        .collect();
    out.lines.push(format!(
        "fonts: {} faces, all embedded as subsets: {}",
        names.len(),
        names.join(", ")
    ));
    let [c, m, y, k] = style.print.accent_cmyk;
    out.lines.push(format!(
        "colours: DeviceGray black (text, rules, folios); accent CMYK {c}/{m}/{y}/{k}{}; no RGB",
        if marks {
            "; marks in the All separation"
        } else {
            ""
        }
    ));
    check_images(doc, images, &mut out);
    check_margins(doc, &mut out);
    out
}

/// Every glyph run of `doc`.
fn runs(doc: &Document) -> impl Iterator<Item = &crate::typeset::GlyphRun> {
    doc.pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|(_, item)| match item {
            Item::Run(run) => Some(run),
            _ => None,
        })
}

/// Each placed image's effective resolution (its pixels over its placed size); under [`MIN_PPI`] is a
/// problem.
fn check_images(doc: &Document, images: &Images, out: &mut Preflight) {
    let mut found = Vec::new();
    for (pi, page) in doc.pages.iter().enumerate() {
        for (_, item) in &page.items {
            let Item::Image { width, bytes, .. } = item else {
                continue;
            };
            let Some(data) = images.values().find(|d| d.bytes == *bytes) else {
                continue;
            };
            let ppi = data.width_px as f32 / (width / 72.0);
            found.push(format!("{} on page {}: {ppi:.0} ppi", data.src, pi + 1));
            if ppi < MIN_PPI {
                let problem = format!(
                    "image {} on page {} is {ppi:.0} ppi at its placed size (at least {MIN_PPI:.0})",
                    data.src,
                    pi + 1
                );
                out.problems.push(problem.clone());
                out.low_resolution.push(problem);
            }
        }
    }
    out.lines.push(if found.is_empty() {
        "images: none".into()
    } else {
        format!("images: {}", found.join("; "))
    });
}

/// Text closer to the trim than [`SAFETY`] is a problem.
fn check_margins(doc: &Document, out: &mut Preflight) {
    let mut closest = f32::INFINITY;
    for (pi, page) in doc.pages.iter().enumerate() {
        let t = page.trim;
        for line in &page.lines {
            let top = line.baseline - ASCENT_EM * line.size;
            let bottom = line.baseline + (1.0 - ASCENT_EM) * line.size;
            let d = (line.x - t.x)
                .min(t.x + t.width - line.right)
                .min(top - t.y)
                .min(t.y + t.height - bottom);
            closest = closest.min(d);
            if d < SAFETY {
                out.problems.push(format!(
                    "page {}: “{}” is {:.1} mm from the trim (at least 3 mm)",
                    pi + 1,
                    line.text,
                    d / PT_PER_MM
                ));
            }
        }
    }
    out.lines.push(format!(
        "safety margin: text is at least {:.1} mm from the trim (3 mm needed)",
        if closest.is_finite() {
            closest / PT_PER_MM
        } else {
            0.0
        }
    ));
}
