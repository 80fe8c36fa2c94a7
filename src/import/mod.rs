//! `redthread import SOURCE [ARCHIVE]`: a folder of existing guideline documents (.docx,
//! .odt, .html, .md, .txt) becomes revision files of an archive, with revision chains
//! guessed and every loss reported.
//!
//! The stages: [`scan`] lists the source files, a reader per format ([`docx`], [`odt`],
//! [`html`], [`text`]) maps each into the [`doc`] model, [`doc::tidy`] cleans it,
//! [`chains`] groups files into guidelines, [`plan`] decides paths, ids and front-matter,
//! and [`write`] puts new files in place atomically, never over an existing one.
//! [`report`] says what happened, in the terminal and as `import-report.html`.
//!
//! No external program is run: the OOXML and ODF packages are read with the `zip` crate and
//! their XML with `quick-xml`, HTML with html5ever (`scraper`).

pub mod chains;
pub mod doc;
pub mod docx;
pub mod html;
pub mod odt;
pub mod report;
pub mod text;
pub mod xml;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::model::GuidelineId;
use doc::{Block, Document, Inline, Loss};
pub use html::{Converted, html_to_markdown};

/// What to do with tracked changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tracked {
    /// The text as it would print: insertions kept, deletions dropped (the default).
    #[default]
    Accept,
    /// The text before the changes: insertions dropped, deletions kept.
    Reject,
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not a complete zip package (cut short, or not the format its name says).
    Corrupt,
    /// The package opened, but a part is broken.
    Damaged(String),
    /// A password-protected (encrypted) Word file.
    Encrypted,
    /// A password-protected (encrypted) OpenDocument file.
    EncryptedOdf,
    /// An old binary Word file (.doc) with a .docx name.
    OldWord,
    /// Reading the file failed.
    Io(String),
    /// Text that is not UTF-8 (or UTF-16 with a byte-order mark).
    NotText,
}

/// Options of one import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder of documents.
    pub source: PathBuf,
    /// The archive folder (created with `init` when it has no book.toml).
    pub archive: PathBuf,
    /// Show the plan, write nothing.
    pub dry_run: bool,
    /// Guess revision chains (off with `--no-chains`).
    pub chains: bool,
    /// Tracked changes accepted (default) or rejected.
    pub tracked: Tracked,
    /// Language for a new archive (`en`, `da`, `sv`); default: guessed from the documents.
    pub language: Option<String>,
    /// Today, for a new archive's example guideline and the check.
    pub today: Date,
}

/// A failure of the whole import (a single bad document is not one: it is in the report).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The source folder is missing.
    #[error("{0} is not a folder; give the folder that holds the documents to import")]
    NoSource(PathBuf),
    /// The archive folder is inside the source folder or the other way round.
    #[error(
        "the archive {0} is inside the folder of documents {1}; choose an archive folder outside it"
    )]
    Nested(PathBuf, PathBuf),
    /// The archive exists but its book.toml is broken.
    #[error("{0}")]
    Config(String),
    /// Creating the archive or writing a file failed.
    #[error("{0}")]
    Write(String),
}

/// Parses the date part of `2023-04-03T07:43:21Z` (or a bare date).
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let d = s.get(..10)?;
    d.parse::<Date>().ok().filter(|d| d.year() >= 1980)
}

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
fn web_page_folder(dir: &str) -> Option<&str> {
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
fn pictures_from_files(d: &mut Document, dir: &Path) {
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

fn picture_bytes(src: &str, dir: &Path) -> Result<(String, Vec<u8>), &'static str> {
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
    let decoded = percent_decode(src);
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

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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

// ------------------------------------------------------------------------------ one import

/// Where a guess came from, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum From {
    /// The document's properties.
    Property,
    /// The first heading.
    Heading,
    /// The file name.
    FileName,
    /// The file's modification time.
    FileTime,
    /// The folder.
    Folder,
    /// Nothing: a placeholder for the author.
    Nothing,
}

/// One document read and cleaned, with its guesses.
#[derive(Debug)]
pub struct Read {
    /// The source file.
    pub entry: SourceEntry,
    /// The document.
    pub doc: Document,
    /// Title and where it came from.
    pub title: (String, From),
    /// Date and where it came from.
    pub date: (Date, From),
    /// Version words in the name.
    pub name: chains::Stripped,
    /// Version words in the title.
    pub title_key: chains::Stripped,
    /// The text, for similarity.
    pub text: String,
}

/// The file name without extension.
fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

fn junk_title(t: &str, rel: &str) -> bool {
    let l = t.trim().to_lowercase();
    l.is_empty()
        || l.starts_with("microsoft word - ")
        || matches!(
            l.as_str(),
            "document" | "dokument" | "untitled" | "unavngivet" | "namnlös" | "title" | "titel"
        )
        || l == stem(rel).to_lowercase() && stem(rel).chars().any(|c| c == '_')
}

/// Takes the title out of a read document, and fixes the heading levels under it.
fn settle(entry: SourceEntry, mut d: Document) -> Read {
    let first_heading = d.blocks.iter().take(3).find_map(|b| match b {
        Block::Heading(_, t) => Some(doc::plain(t).trim().to_owned()),
        _ => None,
    });
    let title = match (&d.title, &first_heading) {
        (Some(t), _) if !junk_title(t, &entry.rel) => (t.trim().to_owned(), From::Property),
        (_, Some(h)) if !h.is_empty() => (h.clone(), From::Heading),
        _ => {
            let s = display_stem(stem(&entry.rel));
            (s, From::FileName)
        }
    };
    // The page shows the title; a first heading saying the same goes.
    if let Some(pos) = d.blocks.iter().take(3).position(|b| {
        matches!(b, Block::Heading(_, t) if doc::plain(t).trim().eq_ignore_ascii_case(&title.0)
            || doc::plain(t).trim().to_lowercase() == title.0.to_lowercase())
    }) && d.blocks[..pos]
        .iter()
        .all(|b| !matches!(b, Block::Heading(..)))
    {
        d.blocks.remove(pos);
        d.bold_headings
            .retain(|h| h.to_lowercase() != title.0.to_lowercase());
    }
    // Headings start at level 2 below the page title.
    let min = d
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(l, _) => Some(*l),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    if min < 2 {
        let shift = 2 - min;
        for b in &mut d.blocks {
            if let Block::Heading(l, _) = b {
                *l = (*l + shift).min(6);
            }
        }
    }
    let date = match (d.modified, entry.mtime) {
        (Some(m), _) => (m, From::Property),
        (None, Some(t)) => (t, From::FileTime),
        (None, None) => (Date::constant(2000, 1, 1), From::Nothing),
    };
    let text = doc::body_text(&d.blocks);
    Read {
        name: chains::strip(stem(&entry.rel)),
        title_key: chains::strip(&title.0),
        entry,
        doc: d,
        title,
        date,
        text,
    }
}

/// A file name as a title: version words out, separators as spaces, case kept.
fn display_stem(stem: &str) -> String {
    let s = chains::strip(stem);
    // Keep the writer's case: take the original words whose lower case survived.
    let mut kept = Vec::new();
    let mut key_words = s.key.split(' ').peekable();
    let spaced: String = stem
        .chars()
        .map(|c| if c == '_' { ' ' } else { c })
        .collect();
    for w in spaced.split_whitespace() {
        if key_words.peek().is_some_and(|k| *k == w.to_lowercase()) {
            kept.push(w.to_owned());
            key_words.next();
        }
    }
    let t = if kept.is_empty() {
        s.key
    } else {
        kept.join(" ")
    };
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => stem.to_owned(),
    }
}

/// The fate of one source file.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Became a revision file.
    Imported {
        /// The revision file, relative to the archive.
        path: String,
        /// Its guideline id.
        id: String,
        /// Its version.
        version: u32,
        /// Written now, already there with the same text, or there with other text (kept).
        state: WriteState,
    },
    /// The same text as another file: not imported.
    Duplicate {
        /// The file it duplicates.
        of: String,
        /// How alike, 0 to 1.
        similarity: f32,
    },
    /// Not a format that is imported; the key says which.
    Skipped(&'static str),
    /// The file could not be read.
    Failed(ReadError),
}

/// Whether a planned file was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteState {
    /// Will be (dry run) or was written.
    New,
    /// Already there with exactly this text: nothing to do.
    Same,
    /// Already there with other text: left as it is.
    Kept,
}

/// A report line about one file: the i18n key (without `import_note_`) and its values.
pub type Note = Loss;

/// One source file's entry in the report.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// Relative to the source folder.
    pub source: String,
    /// What became of it.
    pub outcome: Outcome,
    /// Guesses and losses.
    pub notes: Vec<Note>,
}

/// A guessed guideline of several revisions.
#[derive(Debug, Clone)]
pub struct Chain {
    /// The guideline id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The source files, oldest first.
    pub members: Vec<String>,
    /// Why each link was made: (older, newer, evidence notes).
    pub links: Vec<(String, String, Vec<Note>)>,
}

/// Everything an import did or would do.
#[derive(Debug, Clone)]
pub struct Report {
    /// The report's language (`en`, `da`, `sv`).
    pub lang: String,
    /// The source folder as given.
    pub source: String,
    /// The archive folder as given.
    pub archive: String,
    /// Nothing was written.
    pub dry_run: bool,
    /// A new archive was (or would be) created.
    pub created_archive: bool,
    /// Chains were guessed.
    pub chains_on: bool,
    /// Tracked changes setting.
    pub tracked: Tracked,
    /// Per source file, by path.
    pub files: Vec<FileReport>,
    /// Guessed chains.
    pub chains: Vec<Chain>,
    /// Pairs with the same name whose texts differ too much to be one guideline.
    pub apart: Vec<(String, String, f32)>,
    /// Files written (revisions and pictures).
    pub written: usize,
    /// Files already there with the same content.
    pub unchanged: usize,
    /// Files already there with other content, left alone.
    pub kept: usize,
    /// `check` after the import: (errors, warnings).
    pub check: Option<(usize, usize)>,
}

impl Report {
    /// Whether any file failed to read.
    pub fn has_errors(&self) -> bool {
        self.files
            .iter()
            .any(|f| matches!(f.outcome, Outcome::Failed(_)))
    }
}

/// A file to put in the archive.
#[derive(Debug, Clone)]
struct Planned {
    rel: String,
    bytes: Vec<u8>,
}

/// Guesses a language from the documents: Danish and Swedish letters and words.
fn guess_language(reads: &[Read]) -> &'static str {
    let (mut da, mut sv, mut en) = (0usize, 0usize, 0usize);
    for r in reads {
        for w in r.text.split(|c: char| !c.is_alphabetic()) {
            let w = w.to_lowercase();
            match w.as_str() {
                "og" | "af" | "til" | "ikke" | "skal" | "det" | "er" | "du" => da += 1,
                "och" | "av" | "inte" | "ska" | "är" | "för" => sv += 1,
                "the" | "and" | "of" | "to" | "is" | "you" | "with" => en += 1,
                _ => {}
            }
            if w.contains('æ') || w.contains('ø') {
                da += 1;
            }
            if w.contains('ä') || w.contains('ö') {
                sv += 1;
            }
        }
    }
    if da >= sv && da > en {
        "da"
    } else if sv > da && sv > en {
        "sv"
    } else {
        "en"
    }
}

/// `redthread import`: runs the import and prints the report; returns the exit code
/// (0 done, 1 some files could not be read, 2 the import could not run).
pub fn command(opts: &Options) -> u8 {
    match run(opts) {
        Ok(report) => {
            let words = report::Words::load(&report.lang);
            print!("{}", report::text(&report, &words));
            if !report.dry_run {
                println!(
                    "\n{}",
                    words.fill(
                        "import_report_written",
                        &[(
                            "path",
                            opts.archive
                                .join("import-report.html")
                                .display()
                                .to_string()
                        )]
                    )
                );
            }
            if report.has_errors() { 1 } else { 0 }
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

/// Runs an import: reads, plans, writes (unless a dry run) and reports.
pub fn run(opts: &Options) -> Result<Report, ImportError> {
    if !opts.source.is_dir() {
        return Err(ImportError::NoSource(opts.source.clone()));
    }
    if let (Ok(a), Ok(s)) = (absolute(&opts.archive), std::fs::canonicalize(&opts.source))
        && a.starts_with(&s)
    {
        return Err(ImportError::Nested(
            opts.archive.clone(),
            opts.source.clone(),
        ));
    }
    let exists = opts.archive.join("book.toml").is_file();
    let entries = scan(&opts.source);
    let mut files: Vec<FileReport> = Vec::new();
    let mut reads: Vec<Read> = Vec::new();
    for e in entries {
        match kind_of(&e.rel) {
            Kind::Other(why) => files.push(FileReport {
                source: e.rel.clone(),
                outcome: Outcome::Skipped(why),
                notes: Vec::new(),
            }),
            kind => match read_document(&e, kind, opts.tracked) {
                Ok(d) => reads.push(settle(e, d)),
                Err(err) => files.push(FileReport {
                    source: e.rel.clone(),
                    outcome: Outcome::Failed(err),
                    notes: Vec::new(),
                }),
            },
        }
    }
    let lang = if exists {
        crate::config::load(&opts.archive)
            .map(|c| crate::lang::primary(&c.book.language))
            .map_err(|d| {
                ImportError::Config(
                    d.0.iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join("\n"),
                )
            })?
    } else {
        opts.language
            .as_deref()
            .map(crate::lang::primary)
            .unwrap_or_else(|| guess_language(&reads).to_owned())
    };
    let words = report::Words::load(&lang);

    // ---- chains
    let (groups, apart) = group(&reads, opts.chains);

    // ---- plan
    let existing = existing_revisions(&opts.archive);
    let mut planned: Vec<Planned> = Vec::new();
    let mut chains_out = Vec::new();
    let mut used_ids: BTreeSet<String> = BTreeSet::new();
    let mut per_file: BTreeMap<String, FileReport> = BTreeMap::new();
    for g in &groups {
        let members: Vec<&Read> = g.members.iter().map(|&i| &reads[i]).collect();
        let latest = members.last().expect("a group has a member");
        let title = latest.title.0.clone();
        let (category, cat_from, folder) = category_of(&latest.entry.rel, &words);
        let base = GuidelineId::from_text(&title)
            .or_else(|| GuidelineId::from_text(stem(&latest.entry.rel)))
            .map(|i| i.to_string())
            .unwrap_or_else(|| "imported-guideline".to_owned());
        let id = unique_id(&base, &folder, members.len(), &existing, &mut used_ids);
        for (k, r) in members.iter().enumerate() {
            let version = k as u32 + 1;
            let rel = format!("content/{folder}/{id}-v{version}.md");
            let mut notes = Vec::new();
            let mut body_blocks = r.doc.blocks.clone();
            // Pictures go next to the revision.
            let mut pics: Vec<(String, Vec<u8>)> = Vec::new();
            let media = &r.doc.media;
            let mut name_of: HashMap<usize, String> = HashMap::new();
            let mut rename = |inl: &mut Vec<Inline>| {
                for i in inl.iter_mut() {
                    if let Inline::Image { src, .. } = i
                        && let Some(n) = src
                            .strip_prefix("media:")
                            .and_then(|n| n.parse::<usize>().ok())
                        && let Some((ext, bytes)) = media.get(n)
                    {
                        let name = name_of
                            .entry(n)
                            .or_insert_with(|| {
                                let name = format!("{id}-v{version}-{}.{ext}", pics.len() + 1);
                                pics.push((name.clone(), bytes.clone()));
                                name
                            })
                            .clone();
                        *src = name;
                    }
                }
            };
            walk_inlines(&mut body_blocks, &mut rename);
            let body = doc::to_markdown(&body_blocks);
            let summary = summary_of(&body_blocks);
            let supersedes = (k > 0).then(|| format!("{id}@{}", version - 1));
            let front = front_matter(
                &title_for(r),
                &id,
                version,
                &category,
                r.date.0,
                supersedes.as_deref(),
                &summary,
            );
            let text = if body.is_empty() {
                front
            } else {
                format!("{front}\n{body}")
            };
            planned.push(Planned {
                rel: rel.clone(),
                bytes: text.into_bytes(),
            });
            for (name, bytes) in &pics {
                planned.push(Planned {
                    rel: format!("content/{folder}/{name}"),
                    bytes: bytes.clone(),
                });
            }
            // Notes in the order a reader checks them.
            notes.push(Loss::new(
                match r.title.1 {
                    From::Property => "title_property",
                    From::Heading => "title_heading",
                    _ => "title_file_name",
                },
                &[("title", title_for(r))],
            ));
            notes.push(Loss::new(
                match r.date.1 {
                    From::Property => "date_property",
                    From::FileTime => "date_file_time",
                    _ => "date_none",
                },
                &[("date", r.date.0.to_string())],
            ));
            notes.push(Loss::new(
                match cat_from {
                    From::Folder => "category_folder",
                    _ => "category_none",
                },
                &[("category", category.clone())],
            ));
            if summary.is_empty() {
                notes.push(Loss::new("summary_none", &[]));
            }
            if k > 0 {
                notes.push(Loss::new("changes_empty", &[]));
            }
            if !r.doc.bold_headings.is_empty() {
                notes.push(Loss::new(
                    "bold_headings",
                    &[("list", quote_list(&r.doc.bold_headings))],
                ));
            }
            let (ins, del) = r.doc.tracked;
            if ins + del > 0 {
                notes.push(Loss::new(
                    match opts.tracked {
                        Tracked::Accept => "tracked_accepted",
                        Tracked::Reject => "tracked_rejected",
                    },
                    &[("ins", ins.to_string()), ("del", del.to_string())],
                ));
            }
            for (author, text) in &r.doc.comments {
                notes.push(Loss::new(
                    "comment",
                    &[("author", author.clone()), ("text", shorten(text, 120))],
                ));
            }
            if !pics.is_empty() {
                notes.push(Loss::new("pictures", &[("n", pics.len().to_string())]));
            }
            notes.extend(dedup_losses(&r.doc.losses));
            per_file.insert(
                r.entry.rel.clone(),
                FileReport {
                    source: r.entry.rel.clone(),
                    outcome: Outcome::Imported {
                        path: rel,
                        id: id.clone(),
                        version,
                        state: WriteState::New,
                    },
                    notes,
                },
            );
        }
        for (dup, of, sim) in &g.duplicates {
            per_file.insert(
                reads[*dup].entry.rel.clone(),
                FileReport {
                    source: reads[*dup].entry.rel.clone(),
                    outcome: Outcome::Duplicate {
                        of: reads[*of].entry.rel.clone(),
                        similarity: *sim,
                    },
                    notes: Vec::new(),
                },
            );
        }
        if members.len() > 1 {
            chains_out.push(Chain {
                id: id.clone(),
                title: title.clone(),
                members: members.iter().map(|r| r.entry.rel.clone()).collect(),
                links: g
                    .links
                    .iter()
                    .map(|(a, b, notes)| {
                        (
                            reads[*a].entry.rel.clone(),
                            reads[*b].entry.rel.clone(),
                            notes.clone(),
                        )
                    })
                    .collect(),
            });
        }
    }
    for f in files {
        per_file.insert(f.source.clone(), f);
    }
    let mut report = Report {
        lang: lang.clone(),
        source: opts.source.display().to_string(),
        archive: opts.archive.display().to_string(),
        dry_run: opts.dry_run,
        created_archive: !exists,
        chains_on: opts.chains,
        tracked: opts.tracked,
        files: per_file.into_values().collect(),
        chains: chains_out,
        apart: apart
            .iter()
            .map(|(a, b, s)| (reads[*a].entry.rel.clone(), reads[*b].entry.rel.clone(), *s))
            .collect(),
        written: 0,
        unchanged: 0,
        kept: 0,
        check: None,
    };

    // ---- state of each planned file
    let mut states: HashMap<String, WriteState> = HashMap::new();
    for p in &planned {
        let target = opts.archive.join(&p.rel);
        let state = match std::fs::read(&target) {
            Ok(old) if old == p.bytes => WriteState::Same,
            Ok(_) => WriteState::Kept,
            Err(_) if target.exists() => WriteState::Kept,
            Err(_) => WriteState::New,
        };
        states.insert(p.rel.clone(), state);
    }
    for f in &mut report.files {
        if let Outcome::Imported { path, state, .. } = &mut f.outcome {
            *state = states
                .get(path.as_str())
                .copied()
                .unwrap_or(WriteState::New);
        }
    }
    report.written = states.values().filter(|s| **s == WriteState::New).count();
    report.unchanged = states.values().filter(|s| **s == WriteState::Same).count();
    report.kept = states.values().filter(|s| **s == WriteState::Kept).count();
    if opts.dry_run {
        return Ok(report);
    }

    // ---- write
    if !exists {
        crate::authoring::init(&opts.archive, opts.today, &lang)
            .map_err(|e| ImportError::Write(e.to_string()))?;
        // The imported guidelines are the examples; init's own would only be in the way.
        let example = opts.archive.join(crate::authoring::EXAMPLE);
        let _ = std::fs::remove_file(&example);
        if let Some(dir) = example.parent() {
            let _ = std::fs::remove_dir(dir);
        }
        set_language(&opts.archive, &lang)?;
    }
    for p in &planned {
        if states.get(&p.rel) != Some(&WriteState::New) {
            continue;
        }
        write_new(&opts.archive.join(&p.rel), &p.bytes)?;
    }
    let problems = crate::check::check(&opts.archive, opts.today);
    report.check = Some((problems.error_count(), problems.warning_count()));
    let html = report::html(&report, &words);
    write_report(&opts.archive, &html)?;
    Ok(report)
}

fn absolute(p: &Path) -> std::io::Result<PathBuf> {
    if p.exists() {
        std::fs::canonicalize(p)
    } else {
        let parent = p
            .parent()
            .filter(|x| !x.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Ok(std::fs::canonicalize(parent)?.join(p.file_name().unwrap_or_default()))
    }
}

fn title_for(r: &Read) -> String {
    r.title.0.clone()
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("“{s}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn dedup_losses(losses: &[Loss]) -> Vec<Loss> {
    let mut out: Vec<Loss> = Vec::new();
    for l in losses {
        if !out.contains(l) {
            out.push(l.clone());
        }
    }
    out
}

/// `text` cut at a word boundary to at most `max` characters, with "…".
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut out = String::new();
    for w in text.split(' ') {
        if out.chars().count() + w.chars().count() + 1 > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        out = text.chars().take(max.saturating_sub(1)).collect();
    }
    out.trim_end_matches([',', ';', ':', '.', ' ']).to_owned() + "…"
}

/// The first sentence of the first paragraph, at most 160 characters.
fn summary_of(blocks: &[Block]) -> String {
    let first = blocks.iter().find_map(|b| match b {
        Block::Para(t) => {
            let p = doc::plain(t).trim().to_owned();
            (p.chars().count() >= 12).then_some(p)
        }
        // Markdown kept as it is: its first line of plain prose.
        Block::Raw(t) => t
            .lines()
            .map(str::trim)
            .find(|l| {
                l.chars().count() >= 12
                    && l.chars().next().is_some_and(char::is_alphanumeric)
                    && !l.contains(['*', '_', '[', '`', '<', '|'])
            })
            .map(str::to_owned),
        _ => None,
    });
    let Some(p) = first else {
        return String::new();
    };
    // The first sentence: up to ". " followed by a capital letter (not "kl. 10", "pr. fax").
    let chars: Vec<char> = p.chars().collect();
    let mut end = chars.len();
    for i in 0..chars.len() {
        if matches!(chars[i], '.' | '!' | '?')
            && chars.get(i + 1) == Some(&' ')
            && chars.get(i + 2).is_some_and(|c| c.is_uppercase())
        {
            end = i + 1;
            break;
        }
    }
    let sentence: String = chars[..end].iter().collect();
    shorten(&sentence, 160)
}

/// Category and folder from the file's first folder under the source, else "uncategorised".
fn category_of(rel: &str, words: &report::Words) -> (String, From, String) {
    if let Some((dir, _)) = rel.split_once('/') {
        let folder = slug::slugify(dir);
        if !folder.is_empty() {
            return (dir.trim().to_owned(), From::Folder, folder);
        }
    }
    let name = words.get("import_uncategorised");
    let folder = slug::slugify(&name);
    (name, From::Nothing, folder)
}

/// Revisions already in the archive: (id, path).
fn existing_revisions(archive: &Path) -> Vec<(String, String)> {
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
fn unique_id(
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

fn front_matter(
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
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
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
fn write_report(archive: &Path, html: &str) -> Result<PathBuf, ImportError> {
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
fn set_language(archive: &Path, lang: &str) -> Result<(), ImportError> {
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

/// A guessed guideline: members oldest first, duplicates left out, and the evidence.
#[derive(Debug, Default)]
struct Group {
    members: Vec<usize>,
    /// (duplicate, the member it duplicates, similarity).
    duplicates: Vec<(usize, usize, f32)>,
    /// (older, newer, evidence).
    links: Vec<(usize, usize, Vec<Note>)>,
}

fn find_root(parent: &mut [usize], i: usize) -> usize {
    let mut r = i;
    while parent[r] != r {
        r = parent[r];
    }
    let mut i = i;
    while parent[i] != r {
        let next = parent[i];
        parent[i] = r;
        i = next;
    }
    r
}

/// Groups the read documents into guidelines. Returns the groups (in the order of their
/// first file) and pairs kept apart (same name, texts not alike).
#[allow(clippy::type_complexity)]
fn group(reads: &[Read], chains_on: bool) -> (Vec<Group>, Vec<(usize, usize, f32)>) {
    let n = reads.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut apart = Vec::new();
    let mut sims: HashMap<(usize, usize), f32> = HashMap::new();
    let normal: Vec<String> = reads.iter().map(|r| chains::normalised(&r.text)).collect();
    if chains_on {
        for i in 0..n {
            for j in i + 1..n {
                let same_name = !reads[i].name.key.is_empty()
                    && (reads[i].name.key == reads[j].name.key
                        || reads[i].title_key.key == reads[j].title_key.key
                        || reads[i].name.key == reads[j].title_key.key
                        || reads[i].title_key.key == reads[j].name.key);
                let identical = !normal[i].is_empty() && normal[i] == normal[j];
                if !same_name && !identical {
                    continue;
                }
                let sim = if identical {
                    1.0
                } else {
                    chains::similarity(&reads[i].text, &reads[j].text)
                };
                sims.insert((i, j), sim);
                if sim >= chains::SAME_GUIDELINE {
                    let (a, b) = (find_root(&mut parent, i), find_root(&mut parent, j));
                    if a != b {
                        parent[b.max(a)] = a.min(b);
                    }
                } else {
                    apart.push((i, j, sim));
                }
            }
        }
    }
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = find_root(&mut parent, i);
        by_root.entry(r).or_default().push(i);
    }
    let sim_of = |sims: &HashMap<(usize, usize), f32>, a: usize, b: usize| -> f32 {
        let key = (a.min(b), a.max(b));
        sims.get(&key)
            .copied()
            .unwrap_or_else(|| chains::similarity(&reads[a].text, &reads[b].text))
    };
    let mut groups = Vec::new();
    for (_, mut idx) in by_root {
        idx.sort_by(|&a, &b| {
            let (ra, rb) = (&reads[a], &reads[b]);
            let va = version_rank(ra);
            let vb = version_rank(rb);
            ra.date
                .0
                .cmp(&rb.date.0)
                .then(va.partial_cmp(&vb).unwrap_or(std::cmp::Ordering::Equal))
                .then(ra.name.copy.cmp(&rb.name.copy))
                .then(ra.entry.rel.cmp(&rb.entry.rel))
        });
        let mut g = Group::default();
        for &i in &idx {
            // A near-duplicate of a member already kept is reported instead.
            let dup = g.members.iter().copied().find_map(|m| {
                let s = if normal[m] == normal[i] {
                    1.0
                } else {
                    sim_of(&sims, m, i)
                };
                (s >= chains::DUPLICATE).then_some((m, s))
            });
            if let Some((m, s)) = dup {
                // Keep the original, not the copy, when a copy came first.
                if reads[m].name.copy && !reads[i].name.copy {
                    let pos = g.members.iter().position(|&x| x == m).expect("member");
                    g.members[pos] = i;
                    g.duplicates.push((m, i, s));
                } else {
                    g.duplicates.push((i, m, s));
                }
                continue;
            }
            g.members.push(i);
        }
        for w in g.members.windows(2) {
            let (a, b) = (w[0], w[1]);
            let mut ev = Vec::new();
            let (ra, rb) = (&reads[a], &reads[b]);
            let removed: Vec<String> = ra
                .name
                .removed
                .iter()
                .chain(rb.name.removed.iter())
                .chain(ra.title_key.removed.iter())
                .chain(rb.title_key.removed.iter())
                .cloned()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            if ra.title_key.key == rb.title_key.key {
                ev.push(Loss::new("ev_same_title", &[("title", rb.title.0.clone())]));
            } else {
                ev.push(Loss::new("ev_same_name", &[("name", rb.name.key.clone())]));
            }
            if !removed.is_empty() {
                ev.push(Loss::new("ev_words", &[("words", quote_list(&removed))]));
            }
            let s = sim_of(&sims, a, b);
            ev.push(Loss::new(
                "ev_similar",
                &[("percent", format!("{:.0}", s * 100.0))],
            ));
            ev.push(Loss::new(
                "ev_dates",
                &[
                    ("older", ra.date.0.to_string()),
                    ("newer", rb.date.0.to_string()),
                ],
            ));
            g.links.push((a, b, ev));
        }
        groups.push(g);
    }
    groups.sort_by_key(|g| g.members.first().copied().unwrap_or(usize::MAX));
    (groups, apart)
}

/// A version number from the name, with "corrected/updated" words after a plain name.
fn version_rank(r: &Read) -> f64 {
    if let Some(n) = r.name.number.as_deref().or(r.title_key.number.as_deref()) {
        let mut parts = n.split('.');
        let major: f64 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0.0);
        let minor: f64 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0.0);
        return major + minor / 1000.0;
    }
    if r.name.removed.iter().any(|w| !w.starts_with('(')) && !r.name.copy {
        1.5
    } else {
        1.0
    }
}
