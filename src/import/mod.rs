//! `redthread import SOURCE [ARCHIVE]`: a folder of existing guideline documents (.docx,
//! .odt, .html, .md, .txt) becomes revision files of an archive, with revision chains
//! guessed and every loss reported.
//!
//! The stages: `scan` lists the source files and reads each with the reader for its format
//! ([`docx`], [`odt`], [`html`], [`text`]) into the [`doc`] model, [`doc::tidy`] cleans it,
//! `guess` takes its title, summary, category and language, [`chains`] groups files into
//! guidelines, `plan` decides ids, versions and paths, and `write` puts new files in place
//! atomically, never over an existing one. [`report`] says what happened, in the terminal
//! and as `import-report.html`.
//!
//! No external program is run: the OOXML and ODF packages are read with the `zip` crate and
//! their XML with `quick-xml`, HTML with html5ever (`scraper`).

pub mod chains;
pub mod doc;
pub mod docx;
mod guess;
pub mod html;
pub mod odt;
mod plan;
pub mod report;
mod scan;
pub mod text;
mod write;
pub mod xml;

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use chains::group;
use doc::Loss;
use guess::{Read, guess_language, settle};
pub use html::{Converted, html_to_markdown};
use plan::{Plan, plan, states};
use scan::{Kind, kind_of, read_document, scan};
use write::{set_language, write_new, write_report};

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

// ------------------------------------------------------------------------------ one import

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

    let Plan {
        files: planned,
        mut per_file,
        chains: chains_out,
    } = plan(&reads, &groups, &opts.archive, &words, opts.tracked);
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

    let states = states(&planned, &opts.archive);
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

/// `“a”, “b”`: names quoted for a report note.
fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("“{s}”"))
        .collect::<Vec<_>>()
        .join(", ")
}
