//! What a build tells its caller as it goes ([`Stage`], for a progress bar) and how long each stage took
//! ([`Timings`], for `--message-format json`).

use std::time::Duration;

/// A stage of [`crate::build_with`], reported as it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The stories are read and parsed, the style and the faces loaded.
    Read {
        /// Stories in the book.
        stories: usize,
        /// Bytes of text read (`book.toml` and the story files, decoded to UTF-8): what the build's memory
        /// grows with.
        bytes: usize,
    },
    /// The pages are set and both editions rendered in memory.
    Set {
        /// Pages of the PDF.
        pages: usize,
    },
    /// The files are written.
    Written {
        /// Files written.
        files: usize,
    },
}

/// How long each stage of a build took (wall clock; the outputs never depend on it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Timings {
    /// Reading and parsing the stories, loading the style and the faces.
    #[serde(serialize_with = "millis")]
    pub read: Duration,
    /// Setting the pages and rendering the editions (and preflight, imposition).
    #[serde(serialize_with = "millis")]
    pub set: Duration,
    /// Writing the files.
    #[serde(serialize_with = "millis")]
    pub write: Duration,
}

/// A duration as whole milliseconds.
fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}
