//! The PDF standards a PDF can be written to — PDF/A-2 and PDF/A-3 (ISO 19005-2, -3) at levels b, u and a,
//! and PDF/UA-1 (ISO 14289-1) — named as `--pdf-standard` and `book.toml`'s `pdf-standard` name them
//! (`a-2a,ua-1`), turned into krilla's configuration, and krilla's validation errors put into words.
//!
//! krilla checks what a writer can check (fonts embedded with a Unicode map for every glyph, no `.notdef`,
//! an sRGB output intent, XMP with the PDF/A and PDF/UA identification, tagging, a title, alternative
//! texts, no transparency in PDF/A-1, no image interpolation …) and refuses the document with a list of
//! errors; huozi reports each in words, with the page and line it happened on.

use std::fmt;
use std::str::FromStr;

use krilla::configure::{
    Accessibility, Archival, ConfigurationBuilder, ValidationError, Validator,
};
use krilla::embed::EmbedError;
use krilla::surface::Location;

/// A PDF/A part and conformance level huozi writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PdfA {
    /// PDF/A-2b: the page looks the same for ever (ISO 19005-2 level b).
    A2b,
    /// PDF/A-2u: level b, and every glyph maps to Unicode.
    A2u,
    /// PDF/A-2a: level u, and the document is tagged (logical structure, reading order, alternative text).
    A2a,
    /// PDF/A-3b: as A-2b, and files may be embedded.
    A3b,
    /// PDF/A-3u.
    A3u,
    /// PDF/A-3a.
    A3a,
}

impl PdfA {
    /// Every level, in the order of their names.
    const ALL: [PdfA; 6] = [
        PdfA::A2b,
        PdfA::A2u,
        PdfA::A2a,
        PdfA::A3b,
        PdfA::A3u,
        PdfA::A3a,
    ];

    /// The name `--pdf-standard` takes: `a-2b` … `a-3a`.
    pub fn name(self) -> &'static str {
        match self {
            PdfA::A2b => "a-2b",
            PdfA::A2u => "a-2u",
            PdfA::A2a => "a-2a",
            PdfA::A3b => "a-3b",
            PdfA::A3u => "a-3u",
            PdfA::A3a => "a-3a",
        }
    }

    fn krilla(self) -> Archival {
        match self {
            PdfA::A2b => Archival::A2_B,
            PdfA::A2u => Archival::A2_U,
            PdfA::A2a => Archival::A2_A,
            PdfA::A3b => Archival::A3_B,
            PdfA::A3u => Archival::A3_U,
            PdfA::A3a => Archival::A3_A,
        }
    }
}

/// The standards one PDF is written to: at most one PDF/A level, and PDF/UA-1 or not. The default is
/// none: a plain PDF 1.7 (tagged all the same).
///
/// Read from a comma-separated list of names, case and spaces ignored: `a-2b`, `a-2u`, `a-2a`, `a-3b`,
/// `a-3u`, `a-3a`, `ua-1`, or `none` (`"a-2a,ua-1"`); written back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PdfStandard {
    /// The PDF/A level, if any.
    pub pdf_a: Option<PdfA>,
    /// PDF/UA-1 (universal accessibility).
    pub ua: bool,
}

impl PdfStandard {
    /// What `huozi archive` writes: PDF/A-2a and PDF/UA-1.
    pub const ARCHIVE: PdfStandard = PdfStandard {
        pdf_a: Some(PdfA::A2a),
        ua: true,
    };

    /// The standards' names as their documents give them: `PDF/A-2a and PDF/UA-1`.
    pub fn title(self) -> String {
        let a = self.pdf_a.map(|a| format!("PDF/A-{}", &a.name()[2..]));
        let names: Vec<String> = a
            .into_iter()
            .chain(self.ua.then(|| "PDF/UA-1".into()))
            .collect();
        match names.is_empty() {
            true => "no standard".into(),
            false => names.join(" and "),
        }
    }

    /// Whether no standard is asked for.
    pub fn is_plain(self) -> bool {
        self.pdf_a.is_none() && !self.ua
    }

    /// krilla's configuration: its validators and the PDF version they allow (1.7 for all of these).
    pub(super) fn configuration(self) -> krilla::configure::Configuration {
        let mut builder = ConfigurationBuilder::new();
        if let Some(a) = self.pdf_a {
            builder = builder.set_validator(Validator::A(a.krilla()));
        }
        if self.ua {
            builder = builder.set_validator(Validator::Ua(Accessibility::UA1));
        }
        builder
            .finish()
            .expect("PDF/A-2, PDF/A-3 and PDF/UA-1 all allow PDF 1.7")
    }
}

impl fmt::Display for PdfStandard {
    /// `a-2a,ua-1`; `none` for no standard.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self
            .pdf_a
            .map(PdfA::name)
            .into_iter()
            .chain(self.ua.then_some("ua-1"))
            .collect();
        match names.is_empty() {
            true => f.write_str("none"),
            false => f.write_str(&names.join(",")),
        }
    }
}

impl FromStr for PdfStandard {
    type Err = String;

    /// Parses `a-2a,ua-1` and the like.
    ///
    /// Errors: a message naming an unknown standard (and the ones huozi knows), or two PDF/A levels.
    fn from_str(text: &str) -> Result<PdfStandard, String> {
        let mut standard = PdfStandard::default();
        for name in text.split(',').map(|n| n.trim().to_ascii_lowercase()) {
            if name == "none" || name.is_empty() {
                continue;
            }
            if name == "ua-1" {
                standard.ua = true;
                continue;
            }
            let Some(level) = PdfA::ALL.into_iter().find(|a| a.name() == name) else {
                let known: Vec<&str> = PdfA::ALL.iter().map(|a| a.name()).collect();
                return Err(format!(
                    "unknown PDF standard {name:?}: give {} or ua-1, or several joined by commas \
                     (a-2a,ua-1)",
                    known.join(", ")
                ));
            };
            if let Some(first) = standard.pdf_a.filter(|a| *a != level) {
                return Err(format!(
                    "two PDF/A levels, {} and {}: a PDF conforms to one",
                    first.name(),
                    level.name()
                ));
            }
            standard.pdf_a = Some(level);
        }
        Ok(standard)
    }
}

impl<'de> serde::Deserialize<'de> for PdfStandard {
    /// Reads `book.toml`'s `pdf-standard = "a-2a,ua-1"`.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<PdfStandard, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Where a validation error happened, if krilla knows: the location huozi set while drawing.
pub(super) fn location(error: &ValidationError) -> Option<Location> {
    match error {
        ValidationError::ContainsPostScript(l)
        | ValidationError::ContainsNotDefGlyph(_, l, _)
        | ValidationError::NoCodepointMapping(_, _, l)
        | ValidationError::InvalidCodepointMapping(_, _, _, l)
        | ValidationError::UnicodePrivateArea(_, _, _, l)
        | ValidationError::MissingAltText(l)
        | ValidationError::MissingAnnotationAltText(l)
        | ValidationError::Transparency(l)
        | ValidationError::ImageInterpolation(l)
        | ValidationError::EmbeddedFile(_, l)
        | ValidationError::EmbeddedPDF(l)
        | ValidationError::RequiresNewerPdfVersion(_, l) => *l,
        _ => None,
    }
}

/// A validation error in words: what is wrong and, where huozi can say, what to change; `font` names a
/// face (`the font NotoSerifCJKsc-Regular.otf`).
pub(super) fn words(
    error: &ValidationError,
    font: &dyn Fn(&krilla::text::Font) -> String,
) -> String {
    use ValidationError as E;
    match error {
        E::TooLongString => "a text string is longer than 32767 bytes".into(),
        E::TooLongName => "a PDF name is longer than 127 bytes".into(),
        E::TooLongArray => "an array has more than 8191 entries".into(),
        E::TooLongDictionary => "a dictionary has more than 4095 entries".into(),
        E::TooLargeFloat => "a number is larger than 32767".into(),
        E::TooManyIndirectObjects => "the PDF has more than 8388607 objects".into(),
        E::TooHighQNestingLevel => "graphics states are nested deeper than 28".into(),
        E::ContainsPostScript(_) => "the PDF would contain PostScript code".into(),
        E::MissingCMYKProfile => "a CMYK colour is used without an ICC profile".into(),
        E::InconsistentSeparationFallback(_) => {
            "one spot colour is given two different fallback colours".into()
        }
        E::ContainsNotDefGlyph(f, _, text) => format!(
            "{} has no glyph for {text:?}: the standard forbids drawing .notdef; use a character the \
             fonts cover",
            font(f)
        ),
        E::NoCodepointMapping(f, g, _) => format!(
            "glyph {} of {} stands for no character, so the text cannot be extracted",
            g.to_u32(),
            font(f)
        ),
        E::InvalidCodepointMapping(f, g, c, _) => format!(
            "glyph {} of {} maps to U+{:04X}, which the standard forbids",
            g.to_u32(),
            font(f),
            *c as u32
        ),
        E::UnicodePrivateArea(f, g, c, _) => format!(
            "glyph {} of {} maps to U+{:04X} in the private use area, which has no meaning for a reader",
            g.to_u32(),
            font(f),
            *c as u32
        ),
        E::RestrictedLicense(f) => format!("{}'s licence does not allow embedding", font(f)),
        E::NoDocumentLanguage => "the document has no language (book.toml: language)".into(),
        E::NoDocumentTitle => "the document has no title (book.toml: title)".into(),
        E::MissingAltText(_) => "an image has no alternative text: give it one (Markdown \
                                 ![what it shows](file.png)) or a caption next to it"
            .into(),
        E::MissingHeadingTitle => "a heading has no title".into(),
        E::MissingDocumentOutline => "the document has no outline (bookmarks)".into(),
        E::MissingAnnotationAltText(_) => "a link has no alternative text".into(),
        E::MissingDocumentDate => "the document has no date (book.toml: date)".into(),
        E::Transparency(_) => "transparency is used (an image with an alpha channel?), which \
                               PDF/A-1 forbids"
            .into(),
        E::ImageInterpolation(_) => "an image asks viewers to smooth it when scaled".into(),
        E::EmbeddedFile(why, _) => match why {
            EmbedError::Existence => "a file is embedded, which this standard forbids".into(),
            EmbedError::MissingDate => "an embedded file has no date".into(),
            EmbedError::MissingDescription => "an embedded file has no description".into(),
            EmbedError::MissingMimeType => "an embedded file has no media type".into(),
        },
        E::MissingTagging => "the document is not tagged".into(),
        E::EmbeddedPDF(_) => "another PDF is embedded in it".into(),
        E::RequiresNewerPdfVersion(feature, _) => {
            format!("{feature:?} needs a newer PDF version than the standard allows")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_and_write_back() {
        let s: PdfStandard = "A-2a, ua-1".parse().unwrap();
        assert_eq!(s, PdfStandard::ARCHIVE);
        assert_eq!(s.to_string(), "a-2a,ua-1");
        assert_eq!(s.title(), "PDF/A-2a and PDF/UA-1");
        for name in ["a-2b", "a-2u", "a-2a", "a-3b", "a-3u", "a-3a", "ua-1"] {
            assert_eq!(name.parse::<PdfStandard>().unwrap().to_string(), name);
        }
        let plain: PdfStandard = "none".parse().unwrap();
        assert!(plain.is_plain());
        assert_eq!(plain.to_string(), "none");
        assert_eq!("".parse::<PdfStandard>().unwrap(), PdfStandard::default());
    }

    #[test]
    fn unknown_names_and_two_levels_are_errors_that_say_why() {
        let err = "a-1b".parse::<PdfStandard>().unwrap_err();
        assert!(err.contains("\"a-1b\"") && err.contains("a-2a"), "{err}");
        let err = "a-2b,a-3a".parse::<PdfStandard>().unwrap_err();
        assert!(err.contains("a-2b and a-3a"), "{err}");
        // the same level twice is one level
        assert_eq!(
            "a-2a,a-2a".parse::<PdfStandard>().unwrap().pdf_a,
            Some(PdfA::A2a)
        );
    }

    #[test]
    fn every_combination_is_a_pdf_1_7_configuration() {
        for a in PdfA::ALL.map(Some).into_iter().chain([None]) {
            for ua in [false, true] {
                let config = PdfStandard { pdf_a: a, ua }.configuration();
                assert_eq!(
                    config.version(),
                    krilla::configure::PdfVersion::Pdf17,
                    "{a:?} {ua}"
                );
                assert_eq!(
                    config.validators().len(),
                    a.is_some() as usize + ua as usize
                );
            }
        }
    }

    #[test]
    fn errors_are_words_with_their_location() {
        let here = Location::new(7);
        let err = ValidationError::MissingAltText(here);
        let font = |_: &krilla::text::Font| "the font F".to_string();
        assert!(words(&err, &font).contains("alternative text"));
        assert_eq!(location(&err), here);
        assert_eq!(location(&ValidationError::NoDocumentTitle), None);
        assert!(words(&ValidationError::NoDocumentLanguage, &font).contains("language"));
    }
}
