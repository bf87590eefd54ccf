//! Writing a file for the person: never through a symbolic link or over a
//! device or directory unless asked, whole or not at all, keeping the mode
//! of the file it replaces.

use std::io::Write;
use std::path::Path;

/// What stands at `path`, when it is not a regular file or nothing: a
/// reason to refuse writing there without `--force`.
pub(crate) fn not_a_plain_target(path: &Path) -> Option<&'static str> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let kind = meta.file_type();
    if kind.is_symlink() {
        Some("a symbolic link")
    } else if kind.is_dir() {
        Some("a directory")
    } else if !kind.is_file() {
        Some("a device or other special file")
    } else {
        None
    }
}

/// The directory a file is written in.
pub(crate) fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Checks that a file can be created next to `path` (a temporary one,
/// removed at once): a read-only directory fails now, not after the work.
pub(crate) fn check_writable(path: &Path) -> std::io::Result<()> {
    tempfile::NamedTempFile::new_in(dir_of(path)).map(drop)
}

/// Writes the whole file or nothing: a temporary file in the same
/// directory, with the mode of the file it replaces, flushed to disk, then
/// renamed over `path` (a link at `path` is replaced, not followed).
pub(crate) fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = tempfile::NamedTempFile::new_in(dir_of(path))?;
    file.write_all(text.as_bytes())?;
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && meta.is_file()
    {
        file.as_file().set_permissions(meta.permissions())?;
    }
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}
