//! PDF writer (placeholder: being built).

use crate::error::Result;
use crate::fonts::FontSet;
use crate::model::Meta;
use crate::typeset::Document;

/// Renders typeset pages as PDF bytes.
pub fn render(_doc: &Document, _meta: &Meta, _fonts: &FontSet) -> Result<Vec<u8>> {
    Err(crate::Error::Render {
        format: "pdf",
        message: "not built yet".into(),
    })
}
