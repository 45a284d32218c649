//! Fonts: the embedded faces, the faces a style names or the system has, fallback per character, coverage.
//!
//! - `kind` — what a face is for ([`Face`] 宋体/黑体, [`Weight`]), the handle runs name it by ([`FontId`]),
//!   how a style names one ([`FontRequest`]) and what a loaded face is ([`FaceInfo`]);
//! - `set` — [`FontSet`]: loading (embedded, named, found for the book's characters), fallback per
//!   character, shaping and metrics;
//! - `shaping` — shaping with rustybuzz, and glyph by glyph where no lookup can tell (`simple`, `reach`);
//! - `slot` — one face loaded: embedded bytes, or a file read and parsed at run time;
//! - `discover` — faces in folders and the system's (fontdb), by family or by coverage;
//! - `table` — 通用规范汉字表, the coverage every embedded face has;
//! - `listing` — every face huozi can find, with its coverage of that table (`huozi fonts`).
//!
//! huozi embeds three faces in the binary (subsets of Noto Serif/Sans CJK SC made by `fonts/make-fonts.sh`,
//! OFL): serif regular (宋体) for reading text, serif bold, and sans bold (黑体) for display lines and strong
//! text. Which role uses which is the style's choice ([`crate::style::Roles`]).

mod discover;
mod kind;
mod listing;
mod reach;
mod set;
mod shaping;
mod simple;
mod slot;
mod table;

pub use kind::{Face, FaceInfo, FaceName, FaceSource, FontId, FontRequest, SUBSTITUTE, Weight};
pub use listing::{Listed, available};
pub(crate) use set::EmbeddedFaces;
pub use set::{FontOptions, FontSet, ShapedGlyph};
pub(crate) use shaping::SimpleRun;
pub(crate) use simple::{Entry, RunScript};
pub use table::tongyong_guifan;
