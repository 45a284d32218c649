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

/// The most pixels an image may have: 50 megapixels. An A5 page with bleed at 600 dpi is 18; the limit
/// keeps a small file that declares 20000 × 20000 pixels from taking gigabytes to embed.
pub(crate) const MAX_PIXELS: u64 = 50_000_000;

/// Reads the image at `src` and checks it whole: a PNG or JPEG of at most [`MAX_PIXELS`] that is complete
/// (a PNG decodes to its last row with valid checksums, a JPEG's segments run to its end marker).
///
/// Errors: [`Error::Io`] naming the file when it cannot be read, [`Error::Input`] naming it when it is not
/// a PNG or JPEG, is too large, or is truncated or damaged.
pub(crate) fn load_image(src: &str) -> Result<ImageData> {
    let path = Path::new(src);
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let bad = |message: String| Error::Input {
        path: path.to_path_buf(),
        line: None,
        message,
    };
    let (format, width_px, height_px) =
        probe(&bytes).ok_or_else(|| bad("not a PNG or JPEG image".into()))?;
    let pixels = u64::from(width_px) * u64::from(height_px);
    if pixels > MAX_PIXELS {
        return Err(bad(format!(
            "the image is {width_px} × {height_px} pixels ({} megapixels; at most {} are accepted)",
            pixels / 1_000_000,
            MAX_PIXELS / 1_000_000
        )));
    }
    let whole = match format {
        ImageFormat::Png => png_whole(&bytes),
        ImageFormat::Jpeg => jpeg_whole(&bytes),
    };
    whole.map_err(|why| {
        bad(format!(
            "the {} image is damaged: {why}",
            format.extension()
        ))
    })?;
    Ok(ImageData {
        src: src.to_string(),
        format,
        width_px,
        height_px,
        bytes: ImageBytes(Arc::new(bytes)),
    })
}

/// Decodes a PNG row by row (one row in memory), checking every chunk's checksum and the image data.
fn png_whole(bytes: &[u8]) -> std::result::Result<(), String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_limits(png::Limits {
        bytes: 64 * 1024 * 1024,
    });
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    while reader.next_row().map_err(|e| e.to_string())?.is_some() {}
    reader.finish().map_err(|e| e.to_string())
}

/// Walks a JPEG's segments from its start marker through the entropy-coded data to its end marker.
fn jpeg_whole(bytes: &[u8]) -> std::result::Result<(), String> {
    const TRUNCATED: &str = "it ends before its end marker (truncated)";
    let mut i = 2; // after FF D8
    loop {
        // a marker: one or more FF, then its code
        while bytes.get(i) == Some(&0xFF) {
            i += 1;
        }
        let code = *bytes.get(i).ok_or(TRUNCATED)?;
        i += 1;
        match code {
            0xD9 => return Ok(()),
            0x01 | 0xD0..=0xD7 => continue, // no length
            _ => {}
        }
        let len = bytes
            .get(i..i + 2)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
            .ok_or(TRUNCATED)?;
        if len < 2 || i + len > bytes.len() {
            return Err(TRUNCATED.into());
        }
        i += len;
        if code == 0xDA {
            // entropy-coded data runs to the next marker that is not a stuffed zero or a restart
            loop {
                let at = bytes
                    .get(i..)
                    .ok_or(TRUNCATED)?
                    .iter()
                    .position(|&b| b == 0xFF);
                i += at.ok_or(TRUNCATED)?;
                match bytes.get(i + 1) {
                    Some(0x00 | 0xD0..=0xD7 | 0xFF) => i += 1,
                    Some(_) => break,
                    None => return Err(TRUNCATED.into()),
                }
            }
        }
    }
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

/// Reads every image of `book` (see [`load_image`] for the errors); every bad image is reported.
pub(crate) fn load_book_images(book: &Book) -> Result<Images> {
    let mut images = Images::new();
    let mut problems = Vec::new();
    for src in sources(book) {
        match load_image(src) {
            Ok(image) => {
                images.insert(src.to_string(), image);
            }
            Err(e) => problems.push(e),
        }
    }
    Error::all(problems)?;
    Ok(images)
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
/// Errors: [`Error::Io`] naming a file that cannot be read, [`Error::Input`] naming one that is not a
/// whole PNG or JPEG image of at most [`MAX_PIXELS`]; every bad file is reported ([`Error::Many`]).
pub fn load(book: &Book) -> Result<Assets> {
    let cover = book.meta.cover.as_deref().map(load_image).transpose();
    let images = load_book_images(book);
    match (cover, images) {
        (Ok(cover), Ok(images)) => Ok(Assets { images, cover }),
        (cover, images) => {
            let problems = [cover.err(), images.err()].into_iter().flatten().collect();
            Err(Error::all(problems).expect_err("the cover or an image failed"))
        }
    }
}

/// Where the EPUB keeps `image` (relative to the content documents): `images/img-` + a hash of its bytes
/// (FNV-1a) + the format's extension. The name depends on the image alone — not on how its path was
/// spelt — so the same book gives the same bytes, and the same image shown twice (or as the cover too) is
/// one file.
pub(crate) fn epub_href(image: &ImageData) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in image.bytes.0.iter() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("images/img-{hash:016x}.{}", image.format.extension())
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
    fn hrefs_follow_the_bytes_and_the_format() {
        let image = |src: &str, bytes: &[u8], format| ImageData {
            src: src.into(),
            format,
            width_px: 2,
            height_px: 1,
            bytes: ImageBytes(Arc::new(bytes.to_vec())),
        };
        let a = epub_href(&image("content/img/a.png", PNG_2X1, ImageFormat::Png));
        assert_eq!(
            a,
            epub_href(&image(
                "./content/../content/img/a.png",
                PNG_2X1,
                ImageFormat::Png
            ))
        );
        assert!(a.starts_with("images/img-") && a.ends_with(".png"), "{a}");
        assert_ne!(
            a,
            epub_href(&image("content/img/a.png", b"other", ImageFormat::Png))
        );
        assert!(epub_href(&image("x/Photo.JPEG", b"jpeg", ImageFormat::Jpeg)).ends_with(".jpg"));
    }

    #[test]
    fn truncated_images_are_found() {
        png_whole(PNG_WHOLE).unwrap();
        assert!(png_whole(&PNG_WHOLE[..PNG_WHOLE.len() - 20]).is_err());
        let jpeg: &[u8] = &[
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF,
            0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xD9,
        ];
        jpeg_whole(jpeg).unwrap();
        assert!(jpeg_whole(&jpeg[..jpeg.len() - 2]).is_err());
        assert!(jpeg_whole(&jpeg[..8]).is_err());
    }

    /// A whole 1 × 1 grey PNG.
    const PNG_WHOLE: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3A,
        0x7E, 0x9B, 0x55, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x60,
        0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xAF, 0xA4, 0x71, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
}
