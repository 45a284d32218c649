//! Every input file the renderers need besides the stories: the images [`Block::Image`] names and the cover
//! `book.toml` names, read, identified (PNG or JPEG) and measured in pixels, all before anything is
//! rendered ([`load`]). The renderers never touch the file system.
//!
//! The parser checks every image when it reads a Markdown story (a missing or unreadable image is an error
//! naming the story's file and line); [`load`] reads them for the renderers. The PDF places the bytes as
//! they are (krilla); the EPUB copies them under [`epub_href`].

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::model::{Block, Book};

/// The image formats huozi accepts: the two every EPUB reader and PDF writer handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG (baseline or progressive).
    Jpeg,
}

impl ImageFormat {
    /// The media type (`image/png`, `image/jpeg`).
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
        }
    }

    /// The file extension used inside the EPUB (`png`, `jpg`).
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
        }
    }
}

/// An image's bytes, shared; `Debug` prints only the length.
#[derive(Clone, PartialEq, Eq)]
pub struct ImageBytes(pub Arc<Vec<u8>>);

impl std::fmt::Debug for ImageBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ImageBytes({} bytes)", self.0.len())
    }
}

/// One image file, read and measured.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageData {
    /// The model's `src` (the path the file was read from).
    pub src: String,
    /// PNG or JPEG.
    pub format: ImageFormat,
    /// Width in pixels (> 0).
    pub width_px: u32,
    /// Height in pixels (> 0).
    pub height_px: u32,
    /// The file's bytes.
    pub bytes: ImageBytes,
}

/// Images by `src`.
pub type Images = BTreeMap<String, ImageData>;

/// Identifies and measures image bytes; `None` when they are not a PNG or JPEG with a positive size.
pub(crate) fn probe(bytes: &[u8]) -> Option<(ImageFormat, u32, u32)> {
    let format = match imagesize::image_type(bytes).ok()? {
        imagesize::ImageType::Png => ImageFormat::Png,
        imagesize::ImageType::Jpeg => ImageFormat::Jpeg,
        _ => return None,
    };
    let size = imagesize::blob_size(bytes).ok()?;
    let (w, h) = (
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    );
    (w > 0 && h > 0).then_some((format, w, h))
}

/// Reads the image at `src`.
///
/// Errors: [`Error::Io`] naming the file when it cannot be read, [`Error::Input`] naming it when it is not
/// a PNG or JPEG.
pub(crate) fn load_image(src: &str) -> Result<ImageData> {
    let path = Path::new(src);
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let (format, width_px, height_px) = probe(&bytes).ok_or_else(|| Error::Input {
        path: path.to_path_buf(),
        line: None,
        message: "not a PNG or JPEG image".into(),
    })?;
    Ok(ImageData {
        src: src.to_string(),
        format,
        width_px,
        height_px,
        bytes: ImageBytes(Arc::new(bytes)),
    })
}

/// The `src` of every image in `book`, each once, in book order.
pub(crate) fn sources(book: &Book) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for story in &book.stories {
        for block in &story.blocks {
            if let Block::Image { src, .. } = block
                && !out.contains(&src.as_str())
            {
                out.push(src);
            }
        }
    }
    out
}

/// Reads every image of `book` (see [`load_image`] for the errors).
pub(crate) fn load_book_images(book: &Book) -> Result<Images> {
    sources(book)
        .into_iter()
        .map(|src| Ok((src.to_string(), load_image(src)?)))
        .collect()
}

/// The book's input files, read: its images by `src`, and its cover image when `book.toml` names one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assets {
    /// Every image the stories place, by the model's `src`.
    pub images: Images,
    /// The cover image `meta.cover` names; `None`: the EPUB draws one.
    pub cover: Option<ImageData>,
}

/// Reads every file `book` refers to: its images and its cover.
///
/// Errors: [`Error::Io`] naming a file that cannot be read, [`Error::Input`] naming one that is not a PNG or
/// JPEG image, or a cover path that is not UTF-8.
pub fn load(book: &Book) -> Result<Assets> {
    let cover = match &book.meta.cover {
        Some(src) => Some(load_image(src)?),
        None => None,
    };
    Ok(Assets {
        images: load_book_images(book)?,
        cover,
    })
}

/// Where the EPUB keeps the image `src` (relative to the content documents): `images/` + a name derived
/// from `src` alone (FNV-1a, so the same book gives the same names) + the format's extension.
pub(crate) fn epub_href(src: &str, format: ImageFormat) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in src.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("images/img-{hash:016x}.{}", format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2 × 1 RGB PNG.
    pub(crate) const PNG_2X1: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x7B,
        0x40, 0xE8, 0xDD,
    ];

    #[test]
    fn probe_reads_png_headers() {
        assert_eq!(probe(PNG_2X1), Some((ImageFormat::Png, 2, 1)));
        assert_eq!(probe(b"GIF89a\x01\x00\x01\x00"), None);
        assert_eq!(probe(b"hello"), None);
    }

    #[test]
    fn hrefs_are_stable_and_typed() {
        let a = epub_href("content/img/a.png", ImageFormat::Png);
        assert_eq!(a, epub_href("content/img/a.png", ImageFormat::Png));
        assert!(a.starts_with("images/img-") && a.ends_with(".png"), "{a}");
        assert_ne!(a, epub_href("content/img/b.png", ImageFormat::Png));
        assert!(epub_href("x/Photo.JPEG", ImageFormat::Jpeg).ends_with(".jpg"));
    }
}
