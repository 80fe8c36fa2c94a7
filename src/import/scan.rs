//! Reading the source folder: which files are documents, what format each is, and the
//! document model each becomes (with its pictures).

use doc::{Block, Document, Inline, Loss};
use jiff::civil::Date;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::*;

/// A source file as found.
#[derive(Debug, Clone)]
pub struct SourceEntry {
    /// Path relative to the source folder, `/`-separated.
    pub rel: String,
    /// On disk.
    pub abs: PathBuf,
    /// The file's modification date.
    pub mtime: Option<Date>,
}

/// Lists the files under `source`, sorted by path; hidden files, Office lock files
/// (`~$x.docx`) and the picture folders of Word's "Save as web page" are left out.
pub fn scan(source: &Path) -> Vec<SourceEntry> {
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(source)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with('.') || name.starts_with("~$"))
        });
    for e in walker.flatten() {
        if !e.file_type().is_file() {
            continue;
        }
        let Ok(rel) = e.path().strip_prefix(source) else {
            continue;
        };
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = rel.last().cloned().unwrap_or_default();
        if matches!(name.to_lowercase().as_str(), "thumbs.db" | "desktop.ini") {
            continue;
        }
        // `Vejledning.htm` with its pictures in `Vejledning-filer/` (`_files`, `.fld`).
        if rel.len() > 1
            && rel[..rel.len() - 1]
                .iter()
                .any(|d| web_page_folder(d).is_some())
        {
            let dir = e.path().parent().map(Path::to_path_buf);
            let has_page = rel[..rel.len() - 1].iter().any(|d| {
                web_page_folder(d).is_some_and(|stem| {
                    dir.as_ref()
                        .and_then(|p| p.ancestors().find(|a| a.ends_with(d)))
                        .and_then(Path::parent)
                        .is_some_and(|parent| {
                            ["htm", "html"]
                                .iter()
                                .any(|x| parent.join(format!("{stem}.{x}")).is_file())
                        })
                })
            });
            if has_page {
                continue;
            }
        }
        let mtime = e
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| jiff::Timestamp::try_from(t).ok())
            .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date());
        out.push(SourceEntry {
            rel: rel.join("/"),
            abs: e.path().to_path_buf(),
            mtime,
        });
    }
    out
}

/// The page's name when `dir` is the picture folder of a saved web page.
pub(super) fn web_page_folder(dir: &str) -> Option<&str> {
    dir.strip_suffix("_files")
        .or_else(|| dir.strip_suffix("-filer"))
        .or_else(|| dir.strip_suffix(".fld"))
        .or_else(|| dir.strip_suffix("-Dateien"))
}

/// The kind of a source file, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Word 2007+.
    Docx,
    /// OpenDocument text.
    Odt,
    /// A web page.
    Html,
    /// Markdown.
    Markdown,
    /// Plain text.
    Text,
    /// Not imported; the key says why (`pdf`, `doc`, `rtf`, `picture`, `other`).
    Other(&'static str),
}

/// What a file's extension says it is.
pub fn kind_of(rel: &str) -> Kind {
    let ext = rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "docx" | "docm" => Kind::Docx,
        "odt" => Kind::Odt,
        "html" | "htm" | "xhtml" => Kind::Html,
        "md" | "markdown" => Kind::Markdown,
        "txt" => Kind::Text,
        "pdf" => Kind::Other("pdf"),
        "doc" | "dot" | "wps" => Kind::Other("doc"),
        "rtf" => Kind::Other("rtf"),
        "dotx" | "ott" => Kind::Other("template"),
        "png" | "jpg" | "jpeg" | "gif" | "bmp" | "tif" | "tiff" | "svg" | "webp" | "emf"
        | "wmf" => Kind::Other("picture"),
        "xlsx" | "xls" | "ods" | "csv" => Kind::Other("spreadsheet"),
        "pptx" | "ppt" | "odp" => Kind::Other("slides"),
        "msg" | "eml" => Kind::Other("mail"),
        "zip" => Kind::Other("zip"),
        _ => Kind::Other("other"),
    }
}

/// Reads one document of a known kind.
pub fn read_document(
    entry: &SourceEntry,
    kind: Kind,
    tracked: Tracked,
) -> Result<Document, ReadError> {
    let bytes = std::fs::read(&entry.abs).map_err(|e| ReadError::Io(e.to_string()))?;
    let mut d = match kind {
        Kind::Docx => docx::read(&bytes, tracked)?,
        Kind::Odt => odt::read(&bytes, tracked)?,
        Kind::Html => {
            let t = text::decode(&bytes).ok_or(ReadError::NotText)?;
            let mut d = html::read(&t);
            let dir = entry
                .abs
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            pictures_from_files(&mut d, &dir);
            d
        }
        Kind::Markdown => text::read_markdown(&text::decode(&bytes).ok_or(ReadError::NotText)?),
        Kind::Text => text::read_text(&text::decode(&bytes).ok_or(ReadError::NotText)?),
        Kind::Other(_) => return Err(ReadError::Corrupt),
    };
    doc::tidy(&mut d);
    Ok(d)
}

/// Pictures of a web page: files next to it are read into the document, `data:` pictures
/// decoded; pictures on other sites are dropped with a note (the site never loads them).
pub(super) fn pictures_from_files(d: &mut Document, dir: &Path) {
    let mut media = std::mem::take(&mut d.media);
    let mut losses = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut fix = |inl: &mut Vec<Inline>| {
        inl.retain_mut(|i| {
            let Inline::Image { src, .. } = i else {
                return true;
            };
            if let Some(&k) = seen.get(src.as_str()) {
                *src = format!("media:{k}");
                return true;
            }
            let original = src.clone();
            let loaded = picture_bytes(&original, dir);
            match loaded {
                Ok((ext, bytes)) => {
                    let k = media.len();
                    media.push((ext, bytes));
                    seen.insert(original, k);
                    *src = format!("media:{k}");
                    true
                }
                Err(key) => {
                    let shown = if original.starts_with("data:") {
                        "data:…".to_owned()
                    } else {
                        original
                    };
                    losses.push(Loss::new(key, &[("src", shown)]));
                    false
                }
            }
        });
    };
    walk_inlines(&mut d.blocks, &mut fix);
    d.media = media;
    d.losses.extend(losses);
}

pub(super) fn picture_bytes(src: &str, dir: &Path) -> Result<(String, Vec<u8>), &'static str> {
    use base64::Engine as _;
    if let Some(rest) = src.strip_prefix("data:") {
        let (meta, data) = rest.split_once(',').ok_or("missing_picture")?;
        let ext = match meta.split(';').next().unwrap_or("") {
            "image/png" => "png",
            "image/jpeg" => "jpg",
            "image/gif" => "gif",
            "image/webp" => "webp",
            "image/svg+xml" => "svg",
            _ => return Err("picture_format_data"),
        };
        if !meta.ends_with(";base64") {
            return Err("picture_format_data");
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data.trim().replace(char::is_whitespace, ""))
            .map_err(|_| "missing_picture")?;
        return Ok((ext.to_owned(), bytes));
    }
    if src.contains("://") || src.starts_with("//") {
        return Err("remote_picture");
    }
    let decoded = crate::urls::percent_decoded(src);
    let rel = decoded.split(['?', '#']).next().unwrap_or("");
    if rel.starts_with('/') || rel.split(['/', '\\']).any(|p| p == "..") {
        return Err("missing_picture");
    }
    let path = dir.join(rel.replace('\\', "/"));
    let ext = rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !matches!(
        ext.as_str(),
        "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp"
    ) {
        return Err("missing_picture");
    }
    std::fs::read(&path)
        .map(|b| (ext, b))
        .map_err(|_| "missing_picture")
}

/// Calls `f` on every run of inlines in the blocks.
pub fn walk_inlines(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    for b in blocks {
        match b {
            Block::Heading(_, t) | Block::Para(t) => f(t),
            Block::List { items, .. } => {
                for i in items {
                    f(&mut i.content);
                    walk_inlines(&mut i.children, f);
                }
            }
            Block::Table(rows) => {
                for r in rows {
                    for c in r {
                        f(c);
                    }
                }
            }
            Block::Quote(bs) => walk_inlines(bs, f),
            Block::Code(_) | Block::Rule | Block::Raw(_) => {}
        }
    }
}
