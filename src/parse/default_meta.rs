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

/// The version 5 UUID of `name` in `namespace` (RFC 9562 §5.5): the one `uuid::Uuid::new_v5` gives,
/// hashed by the `sha1` crate, which uses the CPU's SHA extensions where it has them (a 20 MB input took
/// 97 ms to hash with `uuid`'s own SHA-1, while only one core was busy reading it; issue 13).
fn uuid_v5(namespace: &uuid::Uuid, name: &[u8]) -> uuid::Uuid {
    use sha1::{Digest, Sha1};
    let mut hash = Sha1::new();
    hash.update(namespace.as_bytes());
    hash.update(name);
    let digest = hash.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_sha1_bytes(bytes).into_uuid()
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
        identifier: format!("urn:uuid:{}", uuid_v5(&uuid_namespace(), bytes)),
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
    fn identifier_is_the_v5_uuid_of_the_bytes() {
        let long: Vec<u8> = (0..1_048_583u32).map(|i| (i * 7 % 251) as u8).collect();
        for name in [
            &b""[..],
            b"abc",
            b"abd",
            "本报讯".as_bytes(),
            &long[..63],
            &long[..64],
            &long,
        ] {
            let u = uuid_v5(&uuid_namespace(), name);
            assert_eq!(
                u,
                uuid::Uuid::new_v5(&uuid_namespace(), name),
                "{} bytes",
                name.len()
            );
            assert_eq!(u.get_version_num(), 5);
        }
        assert_ne!(
            uuid_v5(&uuid_namespace(), b"abc"),
            uuid_v5(&uuid_namespace(), b"abd")
        );
    }
}
