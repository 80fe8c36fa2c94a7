//! The built site in memory, and its atomic write to disk.
//!
//! A build renders every file into a [`Site`] first; only when everything succeeded is the
//! site written into a fresh folder beside the output and swapped in. A failed or killed
//! build never leaves a half-written site, and no stale file from an earlier build remains.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use rayon::prelude::*;

/// Name of the marker file that says "redthread made this folder".
pub const MARKER: &str = ".redthread-site";

/// A whole site: path relative to the site root -> file bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    /// Every output file, sorted by path.
    pub files: BTreeMap<String, Bytes>,
}

impl Site {
    /// Adds a file; a later file with the same path replaces an earlier one.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Bytes>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// A file's bytes.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Bytes::as_ref)
    }

    /// Total size in bytes.
    pub fn size(&self) -> usize {
        self.files.values().map(Bytes::len).sum()
    }
}

/// Failures of the machine (not of the archive) while writing.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output folder exists, holds files, and was not made by redthread.
    #[error(
        "refusing to replace {0}: it is not empty and was not made by redthread (no {MARKER} file); choose another output folder or empty it"
    )]
    NotOurs(PathBuf),
    /// Any I/O failure, with the path it touched.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path being written.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `site` to `out`, replacing what was there in one step.
pub fn write(site: &Site, out: &Path) -> Result<(), OutputError> {
    let out = std::path::absolute(out).map_err(io(out))?;
    let parent = out.parent().unwrap_or(Path::new("/")).to_path_buf();
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    if out.exists() && !out.join(MARKER).exists() {
        let empty = std::fs::read_dir(&out).map_err(io(&out))?.next().is_none();
        if !empty {
            return Err(OutputError::NotOurs(out));
        }
    }
    let name = out
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.redthread-new-");
    remove_leftovers(&parent, &prefix);
    let staging = tempfile::Builder::new()
        .prefix(&prefix)
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    let root = staging.path();
    let mut dirs: Vec<PathBuf> = site
        .files
        .keys()
        .filter_map(|p| Path::new(p).parent().map(|d| root.join(d)))
        .collect();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(io(d))?;
    }
    site.files.par_iter().try_for_each(|(rel, bytes)| {
        let path = root.join(rel);
        std::fs::write(&path, bytes).map_err(io(&path))
    })?;
    let marker = root.join(MARKER);
    std::fs::write(
        &marker,
        b"This folder was built by redthread and is replaced on every build.\n",
    )
    .map_err(io(&marker))?;
    swap_in(staging, &out)
}

/// Removes staging folders that a killed build left beside the output. Best effort: a
/// folder that cannot be removed now is tried again next time.
fn remove_leftovers(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(prefix) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Puts the staged folder at `out`. On Linux both folders trade places in one atomic
/// rename; elsewhere the old folder is moved aside first.
fn swap_in(staging: tempfile::TempDir, out: &Path) -> Result<(), OutputError> {
    let new = staging.keep();
    if !out.exists() {
        return std::fs::rename(&new, out).map_err(io(out));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, &new, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            // `new` now holds the previous site.
            return std::fs::remove_dir_all(&new).map_err(io(&new));
        }
    }
    let old = new.with_extension("old");
    std::fs::rename(out, &old).map_err(io(out))?;
    std::fs::rename(&new, out).map_err(io(out))?;
    std::fs::remove_dir_all(&old).map_err(io(&old))
}
