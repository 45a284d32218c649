//! The EPUB writer's errors: every failure is an [`Error::Render`] with format `epub`.

use crate::error::Error;

/// An [`Error::Render`] for the EPUB saying `message`.
pub(super) fn fail(message: String) -> Error {
    Error::Render {
        format: "epub",
        message,
    }
}

/// Wraps a library error (zip, PNG, HarfBuzz, fontdue) as an [`Error::Render`] for the EPUB.
pub(super) fn render_error(e: impl std::fmt::Display) -> Error {
    fail(e.to_string())
}
