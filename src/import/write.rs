//! Putting the imported revisions into the archive: ids and file names that collide with
//! nothing, front matter, files written atomically, and the report beside them.

use jiff::civil::Date;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::*;

/// Revisions already in the archive: (id, path).
pub(super) fn existing_revisions(archive: &Path) -> Vec<(String, String)> {
    if !archive.join("content").is_dir() {
        return Vec::new();
    }
    let mut ignored = Vec::new();
    let found = crate::discover::discover(archive, &mut ignored);
    let mut out = Vec::new();
    for (i, f) in found.sources.iter().enumerate() {
        match crate::frontmatter::parse(f, i, &mut ignored) {
            Some(r) => out.push((r.id.to_string(), r.source_path.clone())),
            None => {
                if let Some(id) = crate::frontmatter::id_from_file_name(&f.rel_path) {
                    out.push((id.to_string(), f.rel_path.clone()));
                }
            }
        }
    }
    out
}

/// `base`, or `base-2`, `base-3`, ...: an id no other guideline of the archive has, nor any
/// other guideline of this import. Files this import itself wrote before (same path) do
/// not count, so a second run finds the same ids.
pub(super) fn unique_id(
    base: &str,
    folder: &str,
    revisions: usize,
    existing: &[(String, String)],
    used: &mut BTreeSet<String>,
) -> String {
    for n in 1.. {
        let id = if n == 1 {
            base.to_owned()
        } else {
            format!("{base}-{n}")
        };
        if used.contains(&id) {
            continue;
        }
        let ours: BTreeSet<String> = (1..=revisions)
            .map(|v| format!("content/{folder}/{id}-v{v}.md"))
            .collect();
        let clash = existing
            .iter()
            .any(|(eid, path)| *eid == id && !ours.contains(path));
        if !clash {
            used.insert(id.clone());
            return id;
        }
    }
    unreachable!("some id is free")
}

pub(super) fn front_matter(
    title: &str,
    id: &str,
    version: u32,
    category: &str,
    date: Date,
    supersedes: Option<&str>,
    summary: &str,
) -> String {
    use crate::scalar::scalar;
    let mut s = String::from("---\n");
    s.push_str(&format!("title: {}\n", scalar(title)));
    s.push_str(&format!("id: {id}\n"));
    s.push_str(&format!("version: {version}\n"));
    s.push_str(&format!("category: {}\n", scalar(category)));
    s.push_str(&format!("date: {date}\n"));
    if let Some(sup) = supersedes {
        s.push_str(&format!("supersedes: {}\n", scalar(sup)));
    }
    s.push_str(&format!("summary: {}\n", scalar(summary)));
    s.push_str("changes: \"\"\n");
    s.push_str("---\n");
    s
}

/// Writes a new file atomically: a temporary file in the same folder, synced, then linked
/// into place only if nothing is there (never over an existing file).
pub(super) fn write_new(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| ImportError::Write(format!("cannot create {}: {e}", dir.display())))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".redthread-import-")
        .tempfile_in(dir)
        .map_err(|e| ImportError::Write(format!("cannot write in {}: {e}", dir.display())))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| ImportError::Write(format!("cannot write {}: {e}", path.display())))?;
    tmp.persist_noclobber(path).map_err(|e| {
        ImportError::Write(format!(
            "{} appeared while importing; nothing was written over it ({})",
            path.display(),
            e.error
        ))
    })?;
    Ok(())
}

/// The first line of every report redthread writes; a file without it is not replaced.
pub const REPORT_MARK: &str = "<!-- redthread import report -->";

/// Writes `import-report.html`, replacing an earlier report (recognised by its first line)
/// atomically; someone else's file of that name is left alone and the report goes to
/// `import-report-2.html` (and so on).
pub(super) fn write_report(archive: &Path, html: &str) -> Result<PathBuf, ImportError> {
    use std::io::Write as _;
    for n in 1..100 {
        let name = if n == 1 {
            "import-report.html".to_owned()
        } else {
            format!("import-report-{n}.html")
        };
        let path = archive.join(&name);
        if let Ok(old) = std::fs::read_to_string(&path)
            && !old.starts_with(REPORT_MARK)
        {
            continue;
        }
        let mut tmp = tempfile::Builder::new()
            .prefix(".redthread-import-")
            .tempfile_in(archive)
            .map_err(|e| ImportError::Write(format!("cannot write {}: {e}", path.display())))?;
        tmp.write_all(html.as_bytes())
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(|e| ImportError::Write(format!("cannot write {}: {e}", path.display())))?;
        tmp.persist(&path).map_err(|e| {
            ImportError::Write(format!("cannot write {}: {}", path.display(), e.error))
        })?;
        return Ok(path);
    }
    Err(ImportError::Write(
        "too many import-report files; remove some".into(),
    ))
}

/// Sets `[book] language` in the book.toml `init` just wrote.
pub(super) fn set_language(archive: &Path, lang: &str) -> Result<(), ImportError> {
    let path = archive.join("book.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| ImportError::Write(format!("cannot read {}: {e}", path.display())))?;
    let (title, description) = match lang {
        "da" => ("Vores vejledninger", "Fælles vejledninger med versioner."),
        "sv" => ("Våra riktlinjer", "Gemensamma riktlinjer med versioner."),
        _ => ("Our guidelines", "Shared, versioned guidelines."),
    };
    let new = text
        .replace("language = \"en\"", &format!("language = \"{lang}\""))
        .replace(
            "title = \"Our guidelines\"",
            &format!("title = \"{title}\""),
        )
        .replace(
            "description = \"Shared, versioned guidelines.\"",
            &format!("description = \"{description}\""),
        );
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, new)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| ImportError::Write(format!("cannot write {}: {e}", path.display())))
}
