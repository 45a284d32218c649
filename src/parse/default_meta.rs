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

/// The v5 UUID (RFC 9562 §5.5: SHA-1 of the namespace and the name) in [`uuid_namespace`] of the story
/// files' bytes joined in order, hashed file by file as they are added: no copy of them joined, and SHA-1
/// in the processor's instructions where it has them (`sha1`: a 20 MB file hashes in 10 ms, against 25
/// with `uuid`'s own; issue 13). The same UUID as `Uuid::new_v5` of the joined bytes.
pub(super) struct FilesUuid(sha1::Sha1);

impl FilesUuid {
    /// The hash of no file yet.
    pub(super) fn new() -> FilesUuid {
        let mut sha1 = <sha1::Sha1 as sha1::Digest>::new();
        sha1::Digest::update(&mut sha1, uuid_namespace().as_bytes());
        FilesUuid(sha1)
    }

    /// The next file's bytes.
    pub(super) fn add(&mut self, bytes: &[u8]) {
        sha1::Digest::update(&mut self.0, bytes);
    }

    /// The UUID of the bytes added: the hash's first 16 bytes, marked version 5, variant RFC 4122.
    pub(super) fn uuid(self) -> uuid::Uuid {
        let digest = sha1::Digest::finalize(self.0);
        let mut bytes = [0; 16];
        bytes.copy_from_slice(&digest[..16]);
        uuid::Builder::from_sha1_bytes(bytes).into_uuid()
    }
}

/// Metadata for stories without `book.toml`: title = the first story's headline, language `zh-CN`,
/// date = the UTC calendar date of `SOURCE_DATE_EPOCH` (else `1970-01-01`), identifier = `urn:uuid:` + a
/// UUID v5 of the story files' bytes (`uuid`, [`FilesUuid`]), authors = the names in the bylines, in
/// order, each once; marked [`Meta::derived`], so no record presents the date and identifier as the
/// book's.
///
/// Errors: [`Error::Config`] naming `SOURCE_DATE_EPOCH` when it is not a count of seconds.
pub(super) fn default_meta(stories: &[Story], uuid: uuid::Uuid) -> Result<Meta> {
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
        identifier: format!("urn:uuid:{uuid}"),
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

    /// The files hashed one by one give the UUID of their bytes joined, whatever the split.
    #[test]
    fn files_hashed_in_turn_give_the_uuid_of_their_bytes_joined() {
        let text = "冰城战疫纪事\n\n本报讯（记者 张三）正文。\n".repeat(100);
        let joined = uuid::Uuid::new_v5(&uuid_namespace(), text.as_bytes());
        assert_eq!(
            joined.to_string(),
            "eaab8997-e423-5676-babf-db6ca4d59c00",
            "the joined bytes' UUID (Python's uuid.uuid5 gives the same)"
        );
        for split in [0, 1, 64, 1000, text.len()] {
            let mut files = FilesUuid::new();
            files.add(&text.as_bytes()[..split]);
            files.add(&text.as_bytes()[split..]);
            assert_eq!(files.uuid(), joined, "split at {split}");
        }
        assert_eq!(
            FilesUuid::new().uuid(),
            uuid::Uuid::new_v5(&uuid_namespace(), b"")
        );
    }
}
