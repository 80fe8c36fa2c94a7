//! Walks `content/` (and `static/`), reads every guideline file, and lists the other files
//! to copy. The only stage of a build that reads the archive's files.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::source::{SourceFile, rel_string};

/// Everything read from disk for one build.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Markdown revision files, sorted by path.
    pub sources: Vec<SourceFile>,
    /// Other files under `content/` (images, PDFs), copied to `files/`.
    pub attachments: Vec<Asset>,
    /// Files under the archive's `static/`, copied to the site root.
    pub statics: Vec<Asset>,
}

/// A file copied into the site unchanged.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to its folder (`content/` or `static/`), `/`-separated.
    pub rel: String,
    /// Where it is on disk.
    pub abs: PathBuf,
}

/// Whether a file name is an editor's temporary or hidden file, never part of the archive.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

/// Reads the archive under `root`. Problems (unreadable files, symlink loops, text that is
/// not UTF-8) are pushed to `out`; everything readable is still returned.
pub fn discover(root: &Path, out: &mut Vec<Diagnostic>) -> Discovered {
    let mut md = Vec::new();
    let mut attachments = Vec::new();
    let content = root.join("content");
    if !content.is_dir() {
        out.push(
            Diagnostic::error("content", 0, 0, "the archive has no content/ folder").with_hint(
                "create content/ and put one Markdown file per guideline revision in it",
            ),
        );
    } else {
        walk(root, &content, out, |abs, rel_in| {
            if rel_in.ends_with(".md") {
                md.push(abs);
            } else {
                attachments.push(Asset { rel: rel_in, abs });
            }
        });
    }
    let mut statics = Vec::new();
    let static_dir = root.join("static");
    if static_dir.is_dir() {
        walk(root, &static_dir, out, |abs, rel| {
            statics.push(Asset { rel, abs })
        });
    }
    check_portable("content", &attachments, out);
    check_portable("static", &statics, out);
    let read: Vec<Result<SourceFile, Diagnostic>> =
        md.par_iter().map(|abs| read_source(root, abs)).collect();
    let mut sources = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(s) => sources.push(s),
            Err(d) => out.push(d),
        }
    }
    Discovered {
        sources,
        attachments,
        statics,
    }
}

/// Copied files keep their names in the site, so they must be valid on every disk.
fn check_portable(folder: &str, assets: &[Asset], out: &mut Vec<Diagnostic>) {
    for a in assets {
        if let Some(problem) = crate::portable::path_problem(&a.rel) {
            out.push(
                Diagnostic::error(
                    format!("{folder}/{}", a.rel),
                    0,
                    0,
                    format!("file name not usable on every disk: {problem}"),
                )
                .with_hint("rename the file"),
            );
        }
    }
    for (first, second) in crate::portable::case_clashes(assets.iter().map(|a| a.rel.as_str())) {
        out.push(
            Diagnostic::error(
                format!("{folder}/{second}"),
                0,
                0,
                format!("differs from {folder}/{first} only in upper/lower case; on a case-insensitive disk one would overwrite the other"),
            )
            .with_hint("rename one of the two files"),
        );
    }
}

fn walk(
    root: &Path,
    dir: &Path,
    out: &mut Vec<Diagnostic>,
    mut found: impl FnMut(PathBuf, String),
) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel_in = rel_string(dir, e.path());
                found(e.path().to_path_buf(), rel_in);
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| rel_string(root, dir), |p| rel_string(root, p));
                let message = if e.loop_ancestor().is_some() {
                    "symbolic link loop: this link points back to a folder that contains it"
                        .to_owned()
                } else {
                    format!(
                        "cannot read: {}",
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string())
                    )
                };
                out.push(Diagnostic::error(path, 0, 0, message));
            }
        }
    }
}

fn read_source(root: &Path, abs: &Path) -> Result<SourceFile, Diagnostic> {
    let rel = rel_string(root, abs);
    let bytes = std::fs::read(abs)
        .map_err(|e| Diagnostic::error(&rel, 0, 0, format!("cannot read: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(rel, abs.to_path_buf(), text)),
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..good].iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = bytes[..good]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let col = String::from_utf8_lossy(&bytes[line_start..good])
                .chars()
                .count()
                + 1;
            Err(
                Diagnostic::error(rel, line, col, "the file is not UTF-8 text").with_hint(
                    "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
                ),
            )
        }
    }
}
