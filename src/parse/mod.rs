//! Parser (placeholder: being built).

use std::path::Path;

use crate::error::Result;
use crate::model::Book;

/// Loads a book from a folder (book.toml + stories) or a single story file.
pub fn load_book(path: &Path) -> Result<Book> {
    Err(crate::Error::Input {
        path: path.to_path_buf(),
        line: None,
        message: "not built yet".into(),
    })
}
