//! The print shop's settings (`[print]` in a style file): signature, where padding pages go, the accent
//! colour in CMYK, printer's marks, and the press sheet for imposition. Every key is optional; lengths are converted to points here.

use serde::Deserialize;

use super::body::PT_PER_MM;

/// Where the blank pages that pad the book to a whole signature go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Padding {
    /// Before the colophon, so that it stays on the last page (the default).
    BeforeColophon,
    /// After the colophon, at the very end.
    End,
}

/// How the book is printed and bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintStyle {
    /// Pages per signature: the page count is padded to a multiple of it (1: no padding; 4 for a
    /// saddle-stitched booklet; 8, 16 or 32 for folded sections).
    pub signature: u32,
    /// Where the padding pages go.
    pub padding: Padding,
    /// The accent colour (the column tag's frame) as CMYK percentages, 0–100 each.
    pub accent_cmyk: [u8; 4],
    /// Printer's marks around each page (`--marks` turns them on too).
    pub marks: bool,
    /// The press sheet an imposed book is printed on (`--impose`), width × height, pt (A4 landscape:
    /// 841.89 × 595.28).
    pub sheet: (f32, f32),
    /// Creep compensation of a saddle-stitched imposition, pt: the pages of each sheet inside the
    /// outermost move this much more towards the fold than the sheet around it (0: none).
    pub creep: f32,
}

impl Default for PrintStyle {
    fn default() -> PrintStyle {
        PrintStyle {
            signature: 4,
            padding: Padding::BeforeColophon,
            accent_cmyk: [0, 0, 0, 100],
            marks: false,
            sheet: (297.0 * PT_PER_MM, 210.0 * PT_PER_MM),
            creep: 0.0,
        }
    }
}

/// Distance of the crop marks from the bleed edge, pt (3 mm).
pub const MARK_OFFSET: f32 = 3.0 * PT_PER_MM;

/// `[print]` as the style file writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct PrintFile {
    #[serde(default = "four")]
    signature: u32,
    #[serde(default = "before_colophon")]
    padding: Padding,
    /// read as any whole number, so that a value over 255 gets the percentage's range, not a byte's
    #[serde(default = "black")]
    accent_cmyk: [u32; 4],
    #[serde(default)]
    marks: bool,
    #[serde(default = "a4_long")]
    sheet_width_mm: f32,
    #[serde(default = "a4_short")]
    sheet_height_mm: f32,
    #[serde(default)]
    creep_mm: f32,
}

impl Default for PrintFile {
    fn default() -> PrintFile {
        PrintFile {
            signature: four(),
            padding: before_colophon(),
            accent_cmyk: black(),
            marks: false,
            sheet_width_mm: a4_long(),
            sheet_height_mm: a4_short(),
            creep_mm: 0.0,
        }
    }
}

fn four() -> u32 {
    4
}

fn before_colophon() -> Padding {
    Padding::BeforeColophon
}

fn black() -> [u32; 4] {
    [0, 0, 0, 100]
}

fn a4_long() -> f32 {
    297.0
}

fn a4_short() -> f32 {
    210.0
}

impl PrintFile {
    /// The checked settings.
    ///
    /// Errors: a message naming the key: a signature other than 1, 2, 4, 8, 16 or 32, or a CMYK value
    /// above 100.
    pub(super) fn resolve(&self) -> Result<PrintStyle, String> {
        if ![1, 2, 4, 8, 16, 32].contains(&self.signature) {
            return Err(format!(
                "print.signature must be 1, 2, 4, 8, 16 or 32 pages, not {}",
                self.signature
            ));
        }
        let mut accent_cmyk = [0u8; 4];
        for (to, &value) in accent_cmyk.iter_mut().zip(&self.accent_cmyk) {
            *to = (u8::try_from(value).ok().filter(|&v| v <= 100)).ok_or_else(|| {
                "print.accent-cmyk: each value is a percentage, 0 to 100".to_string()
            })?;
        }
        for (key, mm) in [
            ("print.sheet-width-mm", self.sheet_width_mm),
            ("print.sheet-height-mm", self.sheet_height_mm),
        ] {
            if !(mm > 0.0 && mm <= 5000.0) {
                return Err(format!(
                    "{key} must be a length in mm, above 0 and at most 5000"
                ));
            }
        }
        if !(0.0..=2.0).contains(&self.creep_mm) {
            return Err("print.creep-mm must be between 0 and 2 mm per sheet".into());
        }
        Ok(PrintStyle {
            signature: self.signature,
            padding: self.padding,
            accent_cmyk,
            marks: self.marks,
            sheet: (
                self.sheet_width_mm * PT_PER_MM,
                self.sheet_height_mm * PT_PER_MM,
            ),
            creep: self.creep_mm * PT_PER_MM,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_must_be_a_folding_count() {
        let mut file = PrintFile::default();
        assert_eq!(file.resolve().unwrap().signature, 4);
        file.signature = 6;
        assert!(file.resolve().unwrap_err().contains("print.signature"));
        file.signature = 16;
        file.accent_cmyk = [0, 101, 0, 0];
        assert!(file.resolve().unwrap_err().contains("accent-cmyk"));
    }
}
