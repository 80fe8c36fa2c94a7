//! Where a build's files go, and the atomic write to disk.
//!
//! A build puts every file into one [`Sink`]: a [`Site`] in memory (`serve`, tools, tests)
//! or a [`Staging`] folder beside the output, which takes pages as they are rendered so a
//! large site never sits in memory whole. Only when everything succeeded is the staging
//! folder swapped in for the output. A failed or killed build never leaves a half-written
//! site, and no stale file from an earlier build remains.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use bytes::Bytes;
use rayon::prelude::*;

/// Name of the marker file that says "redthread made this folder".
pub const MARKER: &str = ".redthread-site";

/// A whole site: path relative to the site root -> file bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    /// Every output file, sorted by path.
    pub files: BTreeMap<String, Bytes>,
    /// The paths of files copied as the archive holds them (static files and attachments),
    /// which `serve` keeps from reading its own pages (see [`Site::is_copied`]).
    copied: BTreeSet<String>,
}

impl Site {
    /// Adds a file; a later file with the same path replaces an earlier one.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Bytes>) {
        let path = path.into();
        self.copied.remove(&path);
        self.files.insert(path, bytes.into());
    }

    /// Adds a file copied from the archive as it is (a static file or an attachment).
    pub fn insert_copied(&mut self, path: impl Into<String>, bytes: impl Into<Bytes>) {
        let path = path.into();
        self.files.insert(path.clone(), bytes.into());
        self.copied.insert(path);
    }

    /// Whether `path` holds a file copied from the archive rather than one redthread made.
    /// Such a file (an HTML or SVG attachment) may hold scripts; `serve` gives it an origin
    /// of its own so they cannot read the editor's pages.
    pub fn is_copied(&self, path: &str) -> bool {
        self.copied.contains(path)
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

/// The one place a build's files are written: into memory or into a staging folder. Files
/// may be put from many threads; a later file with the same path replaces an earlier one,
/// so the build decides precedence by the order of its stages.
pub struct Sink<'a> {
    to: To<'a>,
    /// The first write that failed; later writes are skipped.
    failed: Mutex<Option<OutputError>>,
}

enum To<'a> {
    Memory(Mutex<Site>),
    Disk(&'a Staging),
}

impl<'a> Sink<'a> {
    /// A sink that keeps the site in memory.
    pub fn memory() -> Sink<'static> {
        Sink {
            to: To::Memory(Mutex::new(Site::default())),
            failed: Mutex::new(None),
        }
    }

    /// A sink that writes into `staging` (the caller commits it).
    pub fn disk(staging: &'a Staging) -> Sink<'a> {
        Sink {
            to: To::Disk(staging),
            failed: Mutex::new(None),
        }
    }

    /// Puts one file (`path` is a site path).
    pub fn put(&self, path: String, bytes: Bytes) {
        self.put_as(path, bytes, false);
    }

    /// Puts one file copied from the archive as it is (a static file or an attachment).
    pub fn put_copied(&self, path: String, bytes: Bytes) {
        self.put_as(path, bytes, true);
    }

    fn put_as(&self, path: String, bytes: Bytes, copied: bool) {
        match &self.to {
            To::Memory(site) => {
                let mut site = site.lock().unwrap_or_else(|e| e.into_inner());
                if copied {
                    site.insert_copied(path, bytes);
                } else {
                    site.insert(path, bytes);
                }
            }
            To::Disk(staging) => {
                // Checked and set apart from the write, so writes run side by side.
                let lock = || self.failed.lock().unwrap_or_else(|e| e.into_inner());
                if lock().is_some() {
                    return;
                }
                if let Err(e) = staging.put(&path, &bytes) {
                    lock().get_or_insert(e);
                }
            }
        }
    }

    /// The site in memory (empty for a disk sink), or the first write that failed.
    pub fn finish(self) -> Result<Site, OutputError> {
        if let Some(e) = self.failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
            return Err(e);
        }
        Ok(match self.to {
            To::Memory(site) => site.into_inner().unwrap_or_else(|e| e.into_inner()),
            To::Disk(_) => Site::default(),
        })
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
    let staging = Staging::new(out)?;
    site.files
        .par_iter()
        .try_for_each(|(rel, bytes)| staging.put(rel, bytes))?;
    staging.commit()
}

/// A new site being written beside the output folder. [`Staging::commit`] puts it in the
/// output's place in one step; dropped without a commit, it is removed and the output
/// stays as it was. Files can be put from many threads at once.
pub struct Staging {
    out: PathBuf,
    dir: tempfile::TempDir,
    /// Folders already made, so each file costs one system call.
    made: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    /// Starts a new site for `out`, refusing a non-empty folder redthread did not make.
    pub fn new(out: &Path) -> Result<Staging, OutputError> {
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
        // Hidden, beside the output so the final rename stays on one file system.
        let prefix = format!(".{name}.redthread-new-");
        remove_leftovers(&parent, &prefix);
        let dir = tempfile::Builder::new()
            .prefix(&prefix)
            .tempdir_in(&parent)
            .map_err(io(&parent))?;
        spread_subfolders(dir.path());
        Ok(Staging {
            out,
            dir,
            made: Mutex::new(HashSet::new()),
        })
    }

    /// The output folder this site will replace.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Writes one file of the site (`rel` is a site path).
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.dir.path().join(rel);
        if let Some(folder) = path.parent() {
            self.make_dir(folder)?;
        }
        std::fs::write(&path, bytes).map_err(io(&path))
    }

    /// Makes `folder` and the folders above it inside the staging folder, each marked as a
    /// top of a hierarchy ([`spread_subfolders`]) before anything is made in it.
    fn make_dir(&self, folder: &Path) -> Result<(), OutputError> {
        let known = |f: &Path| {
            f == self.dir.path()
                || self
                    .made
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .contains(f)
        };
        if known(folder) {
            return Ok(());
        }
        if let Some(parent) = folder.parent() {
            self.make_dir(parent)?;
        }
        match std::fs::create_dir(folder) {
            Ok(()) => spread_subfolders(folder),
            // Another thread made it first.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io(folder)(e)),
        }
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(folder.to_path_buf());
        Ok(())
    }

    /// Marks the site as redthread's and puts it in place of the output folder.
    pub fn commit(self) -> Result<(), OutputError> {
        let marker = self.dir.path().join(MARKER);
        std::fs::write(
            &marker,
            b"This folder was built by redthread and is replaced on every build.\n",
        )
        .map_err(io(&marker))?;
        swap_in(self.dir, &self.out)
    }
}

/// Asks the file system to place the sub-folders of `folder` apart from each other (ext2/3/4's
/// "top of directory hierarchy" flag, `chattr +T`), best effort and only where it exists.
///
/// Why: ext4 puts a new folder's inodes in its parent's block group, and without a journal
/// every new inode first skips each inode of that group freed in the last minutes. The site
/// just removed (the previous build, or `rm -rf` before one) left tens of thousands of such
/// inodes in exactly the groups the new site's folders would go to, so each file created
/// scanned all of them: at 10,000 guidelines 18-32 s of system time, growing with the square
/// of the site. Spread over the disk's groups the same build spent about 4 s.
#[cfg(target_os = "linux")]
fn spread_subfolders(folder: &Path) {
    use rustix::fs::{IFlags, Mode, OFlags, ioctl_getflags, ioctl_setflags, open};
    let Ok(fd) = open(
        folder,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    ) else {
        return;
    };
    if let Ok(flags) = ioctl_getflags(&fd)
        && !flags.contains(IFlags::TOPDIR)
    {
        let _ = ioctl_setflags(&fd, flags | IFlags::TOPDIR);
    }
}

#[cfg(not(target_os = "linux"))]
fn spread_subfolders(_folder: &Path) {}

/// Removes staging folders that a killed build left beside the output. Best effort: a
/// folder that cannot be removed now is tried again next time.
fn remove_leftovers(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(prefix) {
            let _ = remove_tree(&e.path());
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
            return remove_tree(&new).map_err(io(&new));
        }
    }
    let old = new.with_extension("old");
    std::fs::rename(out, &old).map_err(io(out))?;
    std::fs::rename(&new, out).map_err(io(out))?;
    remove_tree(&old).map_err(io(&old))
}

/// Removes a folder and everything in it, sub-folders in parallel: a site has tens of
/// thousands of files, and removing them one by one took as long as writing them.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}
