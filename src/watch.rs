//! Watches an archive's sources and says when to rebuild: `content/`, `themes/`, `static/`
//! and `book.toml`, never the output folder, and never an editor's temporary files.
//!
//! Folders are watched rather than files, so an editor that saves by writing a temporary
//! file and renaming it over the original is seen like any other save.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_full::notify::{self, EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::discover::is_ignored_name;

/// How long to wait for a burst of file events (an editor's save, a `git checkout`) to end.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// The source folders watched recursively.
pub const FOLDERS: &[&str] = &["content", "themes", "static"];

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// Watched folders and the identity of the folder that was watched: a folder deleted
    /// and made again (a branch switch, `git checkout themes`) is a new folder to the OS.
    watched: BTreeMap<&'static str, FolderId>,
}

/// Device and inode of a folder (on other systems: only that it exists).
type FolderId = (u64, u64);

fn folder_id(path: &Path) -> Option<FolderId> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some((0, 0))
    }
}

impl Watcher {
    /// Watches source folders created (or deleted and created again) since the last call,
    /// such as `static/` added while serving. The root's own watch reports their creation,
    /// which triggers a rebuild, which calls this.
    pub fn watch_new_folders(&mut self) -> Result<(), notify::Error> {
        for folder in FOLDERS {
            let path = self.root.join(folder);
            let now = folder_id(&path);
            let before = self.watched.get(folder).copied();
            if now == before {
                continue;
            }
            if before.is_some() {
                // The old folder is gone: its watch may already have ended with it.
                let _ = self.debouncer.unwatch(&path);
                self.watched.remove(folder);
            }
            if let Some(id) = now {
                self.debouncer.watch(&path, RecursiveMode::Recursive)?;
                self.watched.insert(folder, id);
            }
        }
        Ok(())
    }
}

/// Starts watching `root`; `on_change` runs (on the watcher's thread) after each burst of
/// relevant changes. `output` is never watched, even when it lies inside a source folder.
pub fn watch(
    root: &Path,
    output: Option<&Path>,
    on_change: impl Fn() + Send + 'static,
) -> Result<Watcher, notify::Error> {
    let output = output.map(Path::to_path_buf);
    let filter_root = root.to_path_buf();
    let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let relevant = match result {
            Ok(events) => events.iter().any(|e| {
                !matches!(e.event.kind, EventKind::Access(_))
                    && e.event
                        .paths
                        .iter()
                        .any(|p| is_source(&filter_root, output.as_deref(), p))
            }),
            // Lost events: rebuild to be safe.
            Err(_) => true,
        };
        if relevant {
            on_change();
        }
    })?;
    let mut watcher = Watcher {
        debouncer,
        root: root.to_path_buf(),
        watched: BTreeMap::new(),
    };
    watcher.watch_new_folders()?;
    // The root itself, not recursively: sees book.toml however it is saved, and new folders.
    watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
    Ok(watcher)
}

/// Whether a changed path is part of the archive's sources.
pub fn is_source(root: &Path, output: Option<&Path>, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    if output.is_some_and(|o| path.starts_with(o)) {
        return false;
    }
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    // Vim's write test file is `4913`; other editors' temporaries are ignored by discovery.
    if is_ignored_name(&name) || name == "4913" {
        return false;
    }
    let mut parts = rel.components();
    match parts.next() {
        Some(first) => {
            let first = first.as_os_str();
            if rel.as_os_str() == "book.toml" {
                return true;
            }
            FOLDERS.iter().any(|f| first == *f)
                && rel
                    .components()
                    .all(|c| !is_ignored_name(&c.as_os_str().to_string_lossy()))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count() {
        let root = Path::new("/a");
        let out = Path::new("/a/content/site");
        let yes = |p: &str| is_source(root, Some(out), Path::new(p));
        assert!(yes("/a/book.toml"));
        assert!(yes("/a/content/x/y-v1.md"));
        assert!(yes("/a/themes/t/templates/base.html"));
        assert!(yes("/a/static/logo.png"));
        for no in [
            "/a/site/index.html",
            "/a/content/site/index.html",
            "/a/content/x/.y-v1.md.swp",
            "/a/content/x/y-v1.md~",
            "/a/content/x/.#y-v1.md",
            "/a/content/x/4913",
            "/a/content/.git/HEAD",
            "/a/target/x",
            "/a/README.md",
            "/b/content/x.md",
        ] {
            assert!(!yes(no), "{no}");
        }
    }
}
