//! Renderers: bytes out. [`pdf`] walks typeset pages; [`epub`] reads the model (and where the typeset pages
//! begin, for its page-list). Neither re-measures text. [`markdown`] writes the model back as Markdown
//! (`huozi parse --to md`).

pub(crate) mod epub;
pub(crate) mod markdown;
pub(crate) mod pdf;

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed, then renamed over
/// `path`. A failure leaves `path` as it was.
///
/// Errors: [`Error::Io`] naming `path`.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(path, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    #[cfg(unix)]
    {
        // tempfile creates 0600; an output file is an ordinary document
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(|e| Error::io(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}
