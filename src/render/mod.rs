//! Renderers: bytes out. [`pdf`] walks typeset pages; [`epub`] reads the model (and where the typeset pages
//! begin, for its page-list). Neither re-measures text. [`markdown`] writes the model back as Markdown
//! (`huozi parse --to md`).

pub(crate) mod epub;
pub(crate) mod markdown;
pub(crate) mod pdf;
