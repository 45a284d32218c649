//! Images in Markdown stories: a local PNG or JPEG file, relative to the `.md` file, whose extension
//! says which.

use std::path::{Component, Path, PathBuf};

use crate::assets::{ImageFormat, probe};

/// Resolves and checks the image `dest` of a Markdown file in the folder `dir`: its path (`dir` joined,
/// `.` and `dir/..` folded, `/` separators), which must name a local PNG or JPEG file whose extension
/// says which.
///
/// Errors: the message (the caller adds file and line) for a URL or `data:` address, a path that is not
/// UTF-8, a file that cannot be read, is no PNG or JPEG, or is named for the other format.
pub(super) fn image_src(dir: &Path, dest: &str) -> Result<String, String> {
    if dest.contains("://") || dest.starts_with("data:") {
        return Err(format!(
            "image {dest:?}: only local image files can be used"
        ));
    }
    let joined = clean_path(&dir.join(dest));
    let src = joined
        .to_str()
        .ok_or_else(|| format!("image {dest:?}: the path is not UTF-8"))?
        .replace('\\', "/");
    let bytes = std::fs::read(&joined).map_err(|e| format!("image {src} cannot be read: {e}"))?;
    let Some((format, _, _)) = probe(&bytes) else {
        return Err(format!("image {src} is not a PNG or JPEG file"));
    };
    let lower = src.to_ascii_lowercase();
    let named = if lower.ends_with(".png") {
        Some(ImageFormat::Png)
    } else if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
        Some(ImageFormat::Jpeg)
    } else {
        None
    };
    if named != Some(format) {
        return Err(format!(
            "image {src} holds a {} image: name it .{}",
            format.media_type(),
            format.extension()
        ));
    }
    Ok(src)
}

/// Drops `.` components and folds `dir/..` (lexically; the file system is not asked).
fn clean_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}
