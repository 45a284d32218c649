//! Metadata for stories without `book.toml` (nor `[book]` front matter): derived from the stories and
//! their bytes.

use std::path::PathBuf;

use super::byline::byline_authors;
use crate::error::{Error, Result};
use crate::model::{Date, Meta, Story};

/// Namespace of the UUIDs huozi derives from input bytes (a v5 UUID in the URL namespace).
fn uuid_namespace() -> uuid::Uuid {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"https://huozi.invalid/book")
}

/// Metadata for stories without `book.toml`: title = the first story's headline, language `zh-CN`,
/// date = the UTC calendar date of `SOURCE_DATE_EPOCH` (else `1970-01-01`), identifier = `urn:uuid:` + a
/// UUID v5 of the story files' `bytes`, authors = the names in the bylines, in order, each once; marked
/// [`Meta::derived`], so no record presents the date and identifier as the book's.
///
/// Errors: [`Error::Config`] naming `SOURCE_DATE_EPOCH` when it is not a count of seconds.
pub(super) fn default_meta(stories: &[Story], bytes: &[u8]) -> Result<Meta> {
    let mut authors: Vec<String> = Vec::new();
    for name in stories
        .iter()
        .filter_map(|s| s.byline.as_deref())
        .flat_map(byline_authors)
    {
        if !authors.contains(&name) {
            authors.push(name);
        }
    }
    Ok(Meta {
        title: stories
            .first()
            .map(|s| s.headline.clone())
            .unwrap_or_default(),
        subtitle: None,
        language: "zh-CN".to_string(),
        publisher: None,
        date: source_date()?,
        identifier: format!("urn:uuid:{}", uuid::Uuid::new_v5(&uuid_namespace(), bytes)),
        print_source: None,
        authors,
        description: None,
        rights: None,
        subjects: Vec::new(),
        cover: None,
        edition: None,
        printing: None,
        derived: true,
        newspaper: None,
    })
}

/// The UTC date and time of day of `SOURCE_DATE_EPOCH`, or `1970-01-01` when it is unset or empty.
fn source_date() -> Result<Date> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH").filter(|v| !v.is_empty()) else {
        return Ok(Date::default());
    };
    let bad = || Error::Config {
        path: PathBuf::from("SOURCE_DATE_EPOCH"),
        message: format!("{value:?} is not a count of seconds since 1970-01-01 UTC"),
    };
    let seconds: i64 = value
        .to_str()
        .ok_or_else(bad)?
        .trim()
        .parse()
        .map_err(|_| bad())?;
    Date::from_unix_seconds(seconds).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_is_deterministic() {
        let a = uuid::Uuid::new_v5(&uuid_namespace(), b"abc");
        assert_eq!(a, uuid::Uuid::new_v5(&uuid_namespace(), b"abc"));
        assert_ne!(a, uuid::Uuid::new_v5(&uuid_namespace(), b"abd"));
        assert_eq!(a.get_version_num(), 5);
    }
}
