//! The editor's only way to write into the archive: a path checked against a short list of
//! shapes (a revision file or a picture under `content/`), then a file made atomically
//! beside its final name and moved there: a new file never replaces another, and a draft
//! being edited is replaced only while it is still the file the form was made from.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// What may be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A revision file: `content/<folders>/<name>.md`.
    Revision,
    /// A picture: `content/<folders>/images/<name>.<png|jpg|gif|webp>`.
    Image,
}

/// Why a write was refused; each is said to the author by its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refused {
    /// The path has a shape the editor never writes (`..`, absolute, `\`, NUL, ...).
    BadPath,
    /// Another file is there already.
    Exists,
    /// The file to replace is not the one the form was made from.
    Changed,
    /// The disk said no.
    Io(String),
}

impl Refused {
    /// The key of the author's words for this refusal.
    pub(super) fn key(&self) -> &'static str {
        match self {
            Refused::BadPath => "ed_refused_path",
            Refused::Exists => "ed_refused_exists",
            Refused::Changed => "ed_conflict_text",
            Refused::Io(_) => "ed_refused_io",
        }
    }
}

/// The answer to a refused write; a failure of the disk says what the system said, in the
/// terminal too, since it is the machine's problem and not the author's.
pub(super) fn refused(shared: &super::Shared, e: &Refused) -> axum::response::Response {
    use axum::http::StatusCode;
    match e {
        Refused::Io(why) => {
            let m = crate::config::messages(&shared.root);
            eprintln!("{}: {why}", m.raw(e.key()));
            super::json_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &serde_json::json!({ "error": format!("{} ({why})", m.raw(e.key())), "refused": e.key() }),
            )
        }
        Refused::Exists | Refused::Changed => {
            super::guard::refuse(shared, StatusCode::CONFLICT, e.key())
        }
        Refused::BadPath => super::guard::refuse(shared, StatusCode::BAD_REQUEST, e.key()),
    }
}

const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "gif", "webp"];

/// Whether a folder name is one the editor writes into: letters of any language (archives
/// have folders such as `Børn og unge`), digits, `-`, `_` and inner spaces; never a dot, so
/// never `..`.
fn folder_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.trim() == s
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == ' ')
}

/// Whether `rel` (relative to the archive, `/`-separated) is a path of `kind` the editor
/// may write. Everything else is refused, not repaired: a bad name here is a bug or an
/// attack, never an author's typo.
pub(super) fn check(rel: &str, kind: Kind) -> Result<(), Refused> {
    if rel.contains(['\\', '\0', ':']) || rel.starts_with('/') || rel.len() > 400 {
        return Err(Refused::BadPath);
    }
    let parts: Vec<&str> = rel.split('/').collect();
    let [first, folders @ .., name] = parts.as_slice() else {
        return Err(Refused::BadPath);
    };
    if *first != "content" || folders.is_empty() || !folders.iter().all(|f| folder_ok(f)) {
        return Err(Refused::BadPath);
    }
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return Err(Refused::BadPath);
    };
    let stem_ok = !stem.is_empty()
        && !stem.starts_with(['.', '-'])
        && !stem.contains("..")
        && !stem.ends_with('.')
        && stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    let shape_ok = match kind {
        Kind::Revision => ext == "md",
        Kind::Image => folders.last() == Some(&"images") && IMAGE_EXTENSIONS.contains(&ext),
    };
    if stem_ok && shape_ok {
        Ok(())
    } else {
        Err(Refused::BadPath)
    }
}

/// Writes a new file at `rel` in the archive `root`: checked, written to a temporary file
/// in the same folder, flushed, then moved to its name only if nothing is there (so a
/// reader or the rebuild never sees half a file, and no file is ever replaced).
pub(super) fn write_new(
    root: &Path,
    rel: &str,
    kind: Kind,
    bytes: &[u8],
) -> Result<PathBuf, Refused> {
    let (path, real, temp) = prepare(root, rel, kind, bytes)?;
    match temp.persist_noclobber(&real) {
        Ok(_) => Ok(path),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Err(Refused::Exists),
        Err(e) => Err(Refused::Io(e.error.to_string())),
    }
}

/// The checked path of `rel`, the real path it is written to, and a flushed temporary
/// file in that real folder holding `bytes`, ready to be moved there.
fn prepare(
    root: &Path,
    rel: &str,
    kind: Kind,
    bytes: &[u8],
) -> Result<(PathBuf, PathBuf, tempfile::NamedTempFile), Refused> {
    check(rel, kind)?;
    let path = root.join(rel);
    let (folders, name) = rel.rsplit_once('/').ok_or(Refused::BadPath)?;
    let real_dir = real_folder(root, folders)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".redthread-editor-")
        .suffix(".tmp")
        .tempfile_in(&real_dir)
        .map_err(|e| Refused::Io(e.to_string()))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| Refused::Io(e.to_string()))?;
    Ok((path, real_dir.join(name), temp))
}

/// The real folder of `folders` (`content/a/b`, already checked), made one level at a time.
/// A folder that is a link is followed only when it leads to a folder inside `content/`,
/// and checked before anything is made in it, so nothing is ever made outside the archive.
fn real_folder(root: &Path, folders: &str) -> Result<PathBuf, Refused> {
    let io = |e: std::io::Error| Refused::Io(e.to_string());
    let content = std::fs::canonicalize(root.join("content")).map_err(io)?;
    let mut real = content.clone();
    for part in folders.split('/').skip(1) {
        let next = real.join(part);
        match std::fs::symlink_metadata(&next) {
            Ok(m) if m.is_dir() => real = next,
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::canonicalize(&next).map_err(io)?;
                if !target.starts_with(&content) || !target.is_dir() {
                    return Err(Refused::BadPath);
                }
                real = target;
            }
            Ok(_) => return Err(Refused::BadPath),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                match std::fs::create_dir(&next) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                    Err(e) => return Err(io(e)),
                }
                real = next;
            }
            Err(e) => return Err(io(e)),
        }
    }
    Ok(real)
}

/// Writes `rel` again, only if its bytes still hash to `expected` (the form's): checked,
/// written beside it and moved over it in one step, so it is never half written.
pub(super) fn replace(
    root: &Path,
    rel: &str,
    kind: Kind,
    bytes: &[u8],
    expected: &str,
) -> Result<PathBuf, Refused> {
    let (path, real, temp) = prepare(root, rel, kind, bytes)?;
    if hash_of(&real).as_deref() != Some(expected) {
        return Err(Refused::Changed);
    }
    temp.persist(&real)
        .map(|_| path.clone())
        .map_err(|e| Refused::Io(e.error.to_string()))
}

/// The SHA-256 of a file's bytes in hex, which a form carries so a file changed on disk
/// since the form was opened is noticed; `None` when it cannot be read.
pub(super) fn hash_of(path: &Path) -> Option<String> {
    std::fs::read(path).ok().map(|b| hash_bytes(&b))
}

/// The SHA-256 of `bytes` in hex.
pub(super) fn hash_bytes(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The picture's type from its first bytes (never from its name): the extension to write.
pub(super) fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_revision_and_picture_paths_under_content() {
        for ok in [
            "content/referrals/x-v2.md",
            "content/a/b/x-v1.1.md",
            "content/Henvisning_1/x-v1.md",
            "content/Børn og unge/x-v1.md",
        ] {
            assert_eq!(check(ok, Kind::Revision), Ok(()), "{ok}");
        }
        assert_eq!(check("content/a/images/p.png", Kind::Image), Ok(()));
        for bad in [
            "content/../book.toml",
            "content/a/../../x.md",
            "/etc/x.md",
            "content\\a\\x.md",
            "content/a/x\0.md",
            "content/x.md",
            "content/a/x.txt",
            "content/a/X.md",
            "content/a/.x.md",
            "static/a/x.md",
            "content//x.md",
            "C:/content/a/x.md",
            "content/a/x..md",
            "content/ a/x.md",
            "content/a./x.md",
        ] {
            assert_eq!(check(bad, Kind::Revision), Err(Refused::BadPath), "{bad:?}");
        }
        assert_eq!(check("content/a/p.png", Kind::Image), Err(Refused::BadPath));
        assert_eq!(
            check("content/a/images/p.svg", Kind::Image),
            Err(Refused::BadPath)
        );
        assert_eq!(
            check("content/a/images/p.md", Kind::Image),
            Err(Refused::BadPath)
        );
    }

    #[test]
    fn pictures_are_known_by_their_bytes() {
        assert_eq!(sniff_image(b"\x89PNG\r\n\x1a\nrest"), Some("png"));
        assert_eq!(sniff_image(b"GIF89a.."), Some("gif"));
        assert_eq!(sniff_image(b"RIFF\0\0\0\0WEBPVP8 "), Some("webp"));
        assert_eq!(sniff_image(b"<svg onload=alert(1)>"), None);
    }
}
