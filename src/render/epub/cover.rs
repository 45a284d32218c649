//! The cover image: the file `book.toml` names, or one drawn from the book's title, subtitle and publisher.
//!
//! A drawn cover is a [`WIDTH`] × [`HEIGHT`] px PNG (2 : 3, the shape reading systems' shelves expect):
//! on a plain paper-coloured ground, the title, a short red rule, the subtitle, and the publisher at the
//! foot, each in the face (and at the relative size) of its title-page role. The lines are set by the
//! typesetter as display lines (clreq breaks, punctuation compression, balanced and centred), and each
//! glyph is rasterised by fontdue at the position the typesetter gives it, from a HarfBuzz subset of just
//! the cover's characters (fontdue loads a whole CJK face slowly; a subset of a few dozen glyphs loads at
//! once). Same metadata, same pixels, same bytes.
//!
//! The cover holds only the ground, the ink laid over it at some coverage and the rule, so it is painted
//! and stored as a palette image ([`Canvas`]): one byte a pixel instead of three, the ground index 0, so
//! that the PNG's fast deflate codes the plain ground as runs of zero bytes (docs/speed.md).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use super::failure::fail;
use super::subset::{Layout, subset};
use crate::assets::ImageData;
use crate::error::Result;
use crate::fonts::{FontId, FontSet, SUBSTITUTE};
use crate::model::Meta;
use crate::style::{Role, RoleStyle, Style};
use crate::typeset::line::SetLine;
use crate::typeset::setter::Setter;

/// Width of a drawn cover, px.
pub(super) const WIDTH: u32 = 1200;
/// Height of a drawn cover, px.
pub(super) const HEIGHT: u32 = 1800;
/// Side margin of a drawn cover, px.
const MARGIN: f32 = 150.0;
/// The ground: a warm paper white.
const GROUND: [u8; 3] = [0xF6, 0xF1, 0xE7];
/// Text colour: near black.
const INK: [u8; 3] = [0x1E, 0x1E, 0x1E];
/// The rule under the title: a seal red.
const ACCENT: [u8; 3] = [0xA3, 0x1D, 0x23];

/// A cover image ready to go into the container.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cover {
    /// The image file's bytes.
    pub bytes: Vec<u8>,
    /// Its media type (`image/png` or `image/jpeg`: core media types every reading system shows).
    pub media_type: &'static str,
    /// Its path relative to the package document.
    pub href: String,
    /// Width, px.
    pub width: u32,
    /// Height, px.
    pub height: u32,
}

impl Cover {
    /// Where the cover page shows it: href, width and height in px.
    pub(super) fn place(&self) -> (String, u32, u32) {
        (self.href.clone(), self.width, self.height)
    }
}

/// Where the cover page shows a drawn cover ([`draw`]): href, width and height in px.
pub(super) fn drawn() -> (String, u32, u32) {
    (DRAWN_HREF.to_string(), WIDTH, HEIGHT)
}

/// The path of a drawn cover relative to the package document.
const DRAWN_HREF: &str = "images/cover.png";

/// The cover image `book.toml` names, read by [`crate::assets::load`]: `images/cover.png` (or `.jpg`), or,
/// when a story shows the same image (`shown`), the name the story gives it ([`crate::assets::epub_href`]),
/// so that the container holds it once.
pub(super) fn given(image: &ImageData, shown: bool) -> Cover {
    let href = if shown {
        crate::assets::epub_href(image)
    } else {
        format!("images/cover.{}", image.format.extension())
    };
    Cover {
        bytes: image.bytes.0.as_ref().clone(),
        media_type: image.format.media_type(),
        href,
        width: image.width_px,
        height: image.height_px,
    }
}

/// The title's size on a drawn cover, px; the subtitle and the publisher are drawn at the sizes the role
/// table gives them relative to the title (`subtitle`, `imprint` over `title`), as on the title page.
const TITLE_PX: f32 = 128.0;

/// Draws the cover from `meta`'s title, subtitle and publisher in the faces `style` gives the title page's
/// roles (title, subtitle, imprint).
///
/// Errors: [`crate::Error::Render`] (format `epub`) when a face cannot be subset or loaded, or the PNG
/// cannot be encoded.
pub(super) fn draw(meta: &Meta, style: &Style, fonts: &FontSet) -> Result<Cover> {
    let mut canvas = Canvas::new(WIDTH, HEIGHT);
    let measure = WIDTH as f32 - 2.0 * MARGIN;
    let roles = &style.roles;
    let px = |role: &RoleStyle| (TITLE_PX * role.size / roles.title.size).floor();
    let set = |text: &str, role: &RoleStyle, max_lines: usize| {
        Lines::new(
            text,
            role.font,
            px(role),
            max_lines,
            (measure, style),
            fonts,
        )
    };

    // Title: up to three balanced lines, starting at 30 % of the height.
    let title = set(&meta.title, &roles.title, 3)?;
    let y = title.draw(&mut canvas, HEIGHT as f32 * 0.30, 1.25);
    // A short red rule.
    let rule_top = y + 0.35 * title.px;
    canvas.rule(
        (WIDTH as f32 / 2.0 - 80.0) as u32,
        rule_top as u32,
        (WIDTH as f32 / 2.0 + 80.0) as u32,
        (rule_top + 6.0) as u32,
    );
    if let Some(sub) = &meta.subtitle {
        set(sub, &roles.subtitle, 3)?.draw(&mut canvas, rule_top + 6.0 + 70.0, 1.45);
    }
    if let Some(publisher) = &meta.publisher {
        let block = set(publisher, &roles.imprint, 2)?;
        let height = block.height(1.4);
        block.draw(&mut canvas, HEIGHT as f32 - 150.0 - height, 1.4);
    }
    Ok(Cover {
        bytes: canvas.png()?,
        media_type: "image/png",
        href: DRAWN_HREF.into(),
        width: WIDTH,
        height: HEIGHT,
    })
}

/// A palette raster of the ground with ink laid over it: each pixel holds the ink's coverage (0 the plain
/// ground, [`FULL`] solid ink), or [`RULE`] for the accent colour. A pixel's colour is the ground blended
/// with the ink at its coverage ([`palette`]), as the ink would be laid over an RGB ground.
///
/// Only the rows something is painted on are held (a cover is mostly plain ground: the sample's title,
/// rule and publisher touch about a fifth of its rows); a row not held is plain ground. The whole raster
/// would be 2.2 MB of memory the system must hand over and clear, for a few hundred kilobytes of ink.
struct Canvas {
    width: u32,
    height: u32,
    /// Row `y` (`width` pixels), or `None` for a row of plain ground.
    rows: Vec<Option<Box<[u8]>>>,
}

/// The palette index of solid ink: coverage 254 and 255 both (the one step between them is not seen).
const FULL: u8 = 254;
/// The palette index of the accent colour.
const RULE: u8 = 255;

/// The most image data one `IDAT` chunk of the cover holds, bytes: the whole deflated image of a
/// typical cover (26.5 KB for the sample's) in one or two chunks.
const IDAT_BYTES: usize = 1 << 16;

/// The cover's 256 colours: index `i` below [`FULL`] is [`INK`] at coverage `i`/255 over [`GROUND`],
/// [`FULL`] is [`INK`], [`RULE`] is [`ACCENT`]; as RGB triples.
fn palette() -> Vec<u8> {
    let mut out = Vec::with_capacity(3 * 256);
    for i in 0..=FULL {
        let a = if i == FULL { 255 } else { u32::from(i) };
        for (g, ink) in GROUND.into_iter().zip(INK) {
            out.push(((u32::from(g) * (255 - a) + u32::from(ink) * a + 127) / 255) as u8);
        }
    }
    out.extend(ACCENT);
    out
}

impl Canvas {
    /// A canvas of plain ground.
    fn new(width: u32, height: u32) -> Canvas {
        Canvas {
            width,
            height,
            rows: vec![None; height as usize],
        }
    }

    /// Row `y` (below the height), made of plain ground when it is first painted on.
    fn row(&mut self, y: u32) -> &mut [u8] {
        let width = self.width as usize;
        self.rows[y as usize].get_or_insert_with(|| vec![0; width].into_boxed_slice())
    }

    /// Fills the rectangle `[x0, x1) × [y0, y1)` (clipped) with the accent colour.
    fn rule(&mut self, x0: u32, y0: u32, x1: u32, y1: u32) {
        let x1 = x1.min(self.width);
        for y in y0..y1.min(self.height) {
            if x0 < x1 {
                self.row(y)[x0 as usize..x1 as usize].fill(RULE);
            }
        }
    }

    /// Lays ink over pixel `(x, y)` with `coverage` (0–255), over the ink already there (the rule stays
    /// under coverage below half); outside the canvas nothing happens.
    fn ink(&mut self, x: i64, y: i64, coverage: u8) {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return;
        }
        if coverage == 0 {
            return; // no ink: the pixel stays as it is
        }
        let pixel = &mut self.row(y as u32)[x as usize];
        let old = match *pixel {
            // the rule stays under faint ink and gives way to solid ink
            RULE if coverage < 128 => return,
            FULL | RULE => 255,
            c => u32::from(c),
        };
        let a = u32::from(coverage);
        let both = old + (a * (255 - old) + 127) / 255;
        *pixel = both.min(u32::from(FULL)) as u8;
    }

    fn png(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(palette());
        // rows of one repeated index compress best unfiltered. fdeflate (png's ultra-fast deflate: one
        // fixed Huffman code, and runs of zero bytes, the ground's index, as its only matches) writes the
        // sample's cover in 3.4 M instructions where zlib-rs at level 2 took 10.1 M; the PNG is 26.5 KB
        // instead of 6.0 KB, and the container's own deflate takes it to 4.8 KB (4.1 KB before), so the
        // EPUB grows by 0.7 KB (docs/speed.md, ninth round). The RGB cover at png's Balanced was 16.5 KB.
        encoder.set_filter(png::Filter::NoFilter);
        encoder.set_deflate_compression(png::DeflateCompression::FdeflateUltraFast);
        let mut writer = encoder
            .write_header()
            .map_err(|e| fail(format!("cover PNG: {e}")))?;
        // row by row, a row of plain ground from one blank row: the image data is deflated as it comes
        let blank = vec![0; self.width as usize];
        let mut stream = (writer.stream_writer_with_size(IDAT_BYTES))
            .map_err(|e| fail(format!("cover PNG: {e}")))?;
        for row in &self.rows {
            (stream.write_all(row.as_deref().unwrap_or(&blank)))
                .map_err(|e| fail(format!("cover PNG: {e}")))?;
        }
        (stream.finish()).map_err(|e| fail(format!("cover PNG: {e}")))?;
        writer
            .finish()
            .map_err(|e| fail(format!("cover PNG: {e}")))?;
        Ok(out)
    }
}

/// A piece of cover text set into centred lines by the typesetter, with the faces it is drawn in.
struct Lines {
    /// Each face a run is set in (the text's face, and a fallback face for a character it lacks), a
    /// subset of the characters drawn in it, loaded by fontdue.
    faces: BTreeMap<FontId, fontdue::Font>,
    /// Top of the em box above the baseline, in ems.
    ascent: f32,
    /// The size, px.
    px: f32,
    /// The set lines: glyph `x` in px from the left edge of the measure.
    lines: Vec<SetLine>,
}

impl Lines {
    /// Sets `text` in `font` in at most `max_lines` balanced lines of at most `layout.0` px at `px`, or at
    /// up to a quarter less when that takes fewer lines; if it still does not fit, shrinks by a tenth at a
    /// time (down to a third of `px`) until it does. `layout.1` is the style whose rules (prohibition
    /// level, Han–Latin glue, line breaking) the lines follow.
    fn new(
        text: &str,
        font: FontId,
        px: f32,
        max_lines: usize,
        layout: (f32, &Style),
        fonts: &FontSet,
    ) -> Result<Lines> {
        let (measure, style) = layout;
        let set = |size: f32| display_lines(text, font, size, measure, style, fonts);
        // Up to a quarter smaller if that saves a line (a short title stays on one line).
        let sizes: Vec<f32> = (0..=5)
            .map(|k| (px * (1.0 - 0.05 * k as f32)).floor())
            .collect();
        let counts: Vec<usize> = sizes.iter().map(|&s| set(s).len()).collect();
        let fewest = counts.iter().copied().min().unwrap_or(1);
        let mut size = sizes[counts.iter().position(|&n| n == fewest).unwrap_or(0)];
        loop {
            let lines = set(size);
            let fits = lines.len() <= max_lines && lines.iter().all(|l| l.right <= measure + 0.01);
            if fits || size < px / 3.0 {
                return Ok(Lines {
                    faces: faces(&lines, fonts)?,
                    ascent: fonts.em_box_ascent(font),
                    px: size,
                    lines,
                });
            }
            size = (size * 0.9).floor();
        }
    }

    /// Height of the block at `leading` (line pitch over size), px: from the first line's em-box top to
    /// the last line's em-box bottom.
    fn height(&self, leading: f32) -> f32 {
        match self.lines.len() {
            0 => 0.0,
            n => self.px + (n - 1) as f32 * leading * self.px,
        }
    }

    /// Draws the lines where the typesetter placed their glyphs (centred in the measure, which stands
    /// [`MARGIN`] px from the left edge), the first em box's top at `top`; returns the last em box's
    /// bottom. Each glyph is rasterised by the characters of its cluster, from the glyph's pen position.
    fn draw(&self, canvas: &mut Canvas, top: f32, leading: f32) -> f32 {
        let mut baseline = top + self.ascent * self.px;
        for line in &self.lines {
            for run in &line.runs {
                let mut last = None;
                for (g, cluster) in run.clusters() {
                    // several glyphs of one cluster: its characters are drawn once
                    if last == Some(g.cluster) {
                        continue;
                    }
                    last = Some(g.cluster);
                    let Some(face) = self.faces.get(&run.font) else {
                        continue;
                    };
                    let mut x = MARGIN + g.x;
                    for c in run.text[cluster].chars() {
                        let c = if face.lookup_glyph_index(c) == 0 {
                            SUBSTITUTE
                        } else {
                            c
                        };
                        x += glyph(face, self.px, canvas, c, (x, baseline));
                    }
                }
            }
            baseline += leading * self.px;
        }
        if self.lines.is_empty() {
            top
        } else {
            baseline - leading * self.px + (1.0 - self.ascent) * self.px
        }
    }
}

/// Each face `lines` are set in, subset to the characters drawn in it (and [`SUBSTITUTE`], drawn for a
/// character no face has), loaded by fontdue.
///
/// Errors: [`crate::Error::Render`] (format `epub`) when a face cannot be subset or loaded.
fn faces(lines: &[SetLine], fonts: &FontSet) -> Result<BTreeMap<FontId, fontdue::Font>> {
    let mut chars: BTreeMap<FontId, BTreeSet<char>> = BTreeMap::new();
    for run in lines.iter().flat_map(|l| &l.runs) {
        let set = chars.entry(run.font).or_default();
        set.extend(run.text.chars());
        set.insert(SUBSTITUTE);
    }
    chars
        .into_iter()
        .map(|(font, chars)| {
            let data = subset(font, chars, fonts, Layout::None)?;
            let face = fontdue::Font::from_bytes(data.as_slice(), fontdue::FontSettings::default())
                .map_err(|e| fail(format!("cover: fontdue cannot load a subset: {e}")))?;
            Ok((font, face))
        })
        .collect()
}

/// Draws `c` in `face` at `px` in ink with its pen at `pen` (x, baseline), px; returns its advance.
fn glyph(face: &fontdue::Font, px: f32, canvas: &mut Canvas, c: char, pen: (f32, f32)) -> f32 {
    {
        let (m, coverage) = face.rasterize(c, px);
        let left = pen.0.round() as i64 + i64::from(m.xmin);
        let top = pen.1.round() as i64 - i64::from(m.ymin) - m.height as i64;
        for (row, chunk) in coverage.chunks(m.width.max(1)).enumerate() {
            for (col, &a) in chunk.iter().enumerate() {
                if a > 0 {
                    canvas.ink(left + col as i64, top + row as i64, a);
                }
            }
        }
        m.advance_width
    }
}

/// Sets `text` centred and balanced at `measure` px, its size `px` taken as points: the typesetter's
/// display setting, line by line of `text` (`\n` forces a break). The one place the cover calls the
/// typesetter.
fn display_lines(
    text: &str,
    font: FontId,
    px: f32,
    measure: f32,
    style: &Style,
    fonts: &FontSet,
) -> Vec<SetLine> {
    let setter = Setter::new(style, fonts);
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .flat_map(|para| setter.display(para, Role::Title, font, px, measure))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_lines_are_balanced_and_obey_line_start_rules() {
        let fonts = FontSet::bundled().unwrap();
        let style = Style::default_style();
        let text = |lines: &[SetLine]| -> Vec<String> {
            lines
                .iter()
                .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
                .collect()
        };
        // 10 characters of 10 px in a 70 px measure: first fit would give 7 + 3; balanced gives 5 + 5.
        let lines = display_lines(
            "一二三四五六七八九十",
            FontId::Serif,
            10.0,
            70.0,
            &style,
            &fonts,
        );
        assert_eq!(text(&lines), ["一二三四五", "六七八九十"]);
        // centred: each 50 px line starts 10 px in
        assert!(
            (lines[0].runs[0].glyphs[0].x - 10.0).abs() < 0.01,
            "{lines:?}"
        );
        // A closing mark never starts a line: “疫” stays together.
        let lines = display_lines("冰城战“疫”纪事", FontId::Serif, 10.0, 40.0, &style, &fonts);
        let got = text(&lines);
        assert!(got.iter().all(|l| !l.starts_with('”')), "{got:?}");
        assert_eq!(got.concat(), "冰城战“疫”纪事");
        assert_eq!(
            text(&display_lines(
                "上\n下",
                FontId::Serif,
                10.0,
                70.0,
                &style,
                &fonts
            )),
            ["上", "下"]
        );
    }

    fn meta() -> Meta {
        Meta {
            title: "冰城战“疫”纪事".into(),
            subtitle: Some("《哈尔滨日报》一线报道两篇".into()),
            language: "zh-CN".into(),
            publisher: Some("哈尔滨日报社".into()),
            date: crate::model::Date::parse("2022-12-05").unwrap(),
            identifier: "urn:uuid:06527b3b-ee60-44f6-a45a-6997deac09bf".into(),
            print_source: None,
            authors: vec![],
            description: None,
            rights: None,
            subjects: vec![],
            cover: None,
            edition: None,
            printing: None,
            derived: false,
            newspaper: None,
        }
    }

    /// Decodes a palette PNG into (width, height, RGB bytes).
    fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        assert_eq!(reader.info().color_type, png::ColorType::Indexed);
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb);
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    #[test]
    fn a_drawn_cover_shows_title_subtitle_and_publisher() {
        let fonts = FontSet::bundled().unwrap();
        let style = Style::default_style();
        let cover = draw(&meta(), &style, &fonts).unwrap();
        assert_eq!(
            (cover.width, cover.height, cover.media_type),
            (1200, 1800, "image/png")
        );
        assert_eq!(
            draw(&meta(), &style, &fonts).unwrap(),
            cover,
            "deterministic"
        );
        let (w, h, rgb) = decode(&cover.bytes);
        assert_eq!((w, h), (WIDTH, HEIGHT));
        // Ink in each band where text or the rule stands, plain ground elsewhere.
        let inked = |y0: u32, y1: u32| -> usize {
            (y0..y1)
                .flat_map(|y| (0..w).map(move |x| ((y * w + x) * 3) as usize))
                .filter(|&i| rgb[i..i + 3] != GROUND)
                .count()
        };
        let title = inked(540, 540 + 2 * 160);
        let foot = inked(HEIGHT - 260, HEIGHT - 140);
        let top = inked(0, 400);
        assert!(title > 20_000, "title pixels: {title}");
        assert!(foot > 3_000, "publisher pixels: {foot}");
        assert_eq!(top, 0, "the top of the cover is plain ground");
        let red = rgb.chunks(3).filter(|p| *p == ACCENT).count();
        assert!(red >= 160 * 6, "the rule: {red}");
    }

    #[test]
    fn a_cover_file_is_read_with_its_size_and_type() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.png");
        let fonts = FontSet::bundled().unwrap();
        let drawn = draw(&meta(), &Style::default_style(), &fonts).unwrap();
        std::fs::write(&path, &drawn.bytes).unwrap();
        let image = crate::assets::load_image(path.to_str().unwrap()).unwrap();
        assert_eq!(given(&image, false), drawn);
        assert_eq!(
            given(&image, true).href,
            crate::assets::epub_href(&image),
            "a cover a story shows too takes the story's name"
        );
        let bad = dir.path().join("c.txt");
        std::fs::write(&bad, "not an image").unwrap();
        let err = crate::assets::load_image(bad.to_str().unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("c.txt") && err.contains("PNG"), "{err}");
        let none = dir.path().join("none.png");
        let err = crate::assets::load_image(none.to_str().unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("none.png"), "{err}");
    }
}
