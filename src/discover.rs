//! Walks `content/` (and `static/`), reads every guideline file, and lists the other files
//! to copy. The only stage of a build that reads the archive's files.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::messages::say;
use crate::source::{SourceFile, is_markdown_name, markdown_stem, rel_string};

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

/// The name a guideline saved under another ending should have: `x-v2.txt`, `x-v2.md.txt`
/// and `x-v2.markdown.txt` all become `x-v2.md`.
pub fn guideline_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let stem = markdown_stem(stem).unwrap_or(stem);
    format!("{stem}.md")
}

/// Whether a file's first bytes are guideline front-matter: a `---` line, then a line that
/// starts with one of the keys a guideline has.
fn looks_like_guideline(abs: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 2048];
    let n = match std::fs::File::open(abs).and_then(|mut f| f.read(&mut head)) {
        Ok(n) => n,
        Err(_) => return false,
    };
    let head = &head[..n];
    // Notepad's "Unicode" is UTF-16: read it too, so such a file is not missed.
    let text = if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        let le = head[0] == 0xFF;
        let units: Vec<u16> = head[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(head).into_owned()
    };
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return false;
    }
    lines.take(30).any(|l| {
        l.split_once(':').is_some_and(|(k, _)| {
            crate::frontmatter::KEYS.contains(&k.trim().to_ascii_lowercase().as_str())
        })
    })
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
            Diagnostic::error_at("content", 0, 0, say("disc_no_content"))
                .hint(say("disc_no_content_hint")),
        );
    } else {
        let mut wrong = Vec::new();
        walk(root, &content, out, |abs, rel_in| {
            let name = rel_in.rsplit('/').next().unwrap_or(&rel_in);
            if is_markdown_name(name) {
                md.push(abs);
            } else if looks_like_guideline(&abs) {
                // A guideline saved as `.txt` (Notepad) or `.md.txt` would otherwise be
                // copied as a plain file, and the archive would silently lack it.
                let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
                let ext = if name
                    .to_ascii_lowercase()
                    .ends_with(&format!(".md.{}", ext.to_ascii_lowercase()))
                {
                    format!(".md.{ext}")
                } else if ext.is_empty() {
                    String::new()
                } else {
                    format!(".{ext}")
                };
                wrong.push(
                    Diagnostic::error_at(
                        format!("content/{rel_in}"),
                        0,
                        0,
                        say("file_wrong_extension").arg("ext", ext),
                    )
                    .hint(say("file_wrong_extension_hint").arg("name", guideline_name(name))),
                );
            } else {
                attachments.push(Asset { rel: rel_in, abs });
            }
        });
        out.extend(wrong);
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

/// The files under `content/` that are not Markdown, without reading any file (for
/// `check`'s warning about files no guideline links to).
pub fn attachment_names(root: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let content = root.join("content");
    if content.is_dir() {
        walk(root, &content, &mut Vec::new(), |_, rel| {
            if !is_markdown_name(rel.rsplit('/').next().unwrap_or(&rel)) {
                names.push(rel);
            }
        });
    }
    names
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
        Ok(text) => Ok(SourceFile::new(rel, text)),
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
            Err(Diagnostic::error_at(rel, line, col, say("disc_not_utf8"))
                .hint(say("disc_not_utf8_hint")))
        }
    }
}
