//! EPUB 3 writer (placeholder: being built).

use crate::error::Result;
use crate::model::Book;
use crate::style::Style;

/// Renders `book` as EPUB 3 bytes.
pub fn render(_book: &Book, _style: &Style) -> Result<Vec<u8>> {
    Err(crate::Error::Render {
        format: "epub",
        message: "not built yet".into(),
    })
}
