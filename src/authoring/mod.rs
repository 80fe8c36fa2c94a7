//! Helpers for authors: `init` (a new archive), `new` (a first revision) and `revise` (the
//! next revision of a guideline). Each writes one or a few new files and never overwrites:
//! files are created with `create_new`, so an existing file is refused, not replaced.
//!
//! `plan` works out a new file (path, version, every front-matter value) before anything
//! is written, for these commands and for the editor in `serve`; `front` writes its
//! front-matter.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

mod front;
mod plan;

use front::{Front, front_matter};

pub use plan::{Planned, new, plan_edit, plan_new, plan_revise, revise};
pub(crate) use plan::{Scan, plan_edit_in, plan_new_in, plan_revise_in, scan};

use crate::messages::{Messages, Said, say};
use crate::model::{GuidelineId, Version};

/// Failures of the authoring helpers; each says what to do instead.
#[derive(Debug, thiserror::Error)]
pub enum AuthoringError {
    /// `init` into a folder that already holds files.
    #[error("{0} is not empty; choose a new folder name (redthread init creates it)")]
    NotEmpty(PathBuf),
    /// No `book.toml` where an archive was expected.
    #[error(
        "{0} is not an archive (no book.toml); run this inside your archive folder, or give its path"
    )]
    NotAnArchive(PathBuf),
    /// An id that is not a safe slug, or a title that gives none.
    #[error(
        "`{0}` cannot be used as an id: use lowercase letters a-z, digits and single dashes, like `close-outpatient-course`"
    )]
    BadId(String),
    /// A category name that gives no folder name.
    #[error("category `{0}` needs at least one letter or digit")]
    BadCategory(String),
    /// `new` with an id some guideline already has.
    #[error(
        "a guideline with id `{id}` already exists ({path}); to change it run `redthread revise {id}`, or pick another id with --id"
    )]
    IdTaken {
        /// The id.
        id: String,
        /// A file of that guideline.
        path: String,
    },
    /// `revise` of an id no revision has.
    #[error("no guideline has id `{id}`{hint}")]
    UnknownId {
        /// The id asked for.
        id: String,
        /// ` (did you mean ...?)` or empty.
        hint: String,
    },
    /// `revise` of a guideline another guideline has replaced (renamed, merged or split).
    #[error(
        "`{id}` was replaced by `{by}` ({path}); revise that one instead: redthread revise {by}"
    )]
    Replaced {
        /// The id asked for.
        id: String,
        /// The guideline that replaced it.
        by: String,
        /// The file that says so.
        path: String,
    },
    /// `revise` when the latest revision is still a draft.
    #[error(
        "the latest revision of `{id}` ({path}) is still a draft; edit that file instead of making another"
    )]
    LatestIsDraft {
        /// The id.
        id: String,
        /// The draft's file.
        path: String,
    },
    /// The editor asked to edit a revision that is not a draft.
    #[error(
        "the latest revision of `{id}` ({path}) is published, so it is not changed in place; make a new revision instead"
    )]
    NotADraft {
        /// The id.
        id: String,
        /// The latest revision's file.
        path: String,
    },
    /// The file to create is already there.
    #[error("{0} already exists; nothing was changed")]
    Exists(PathBuf),
    /// Reading or writing failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path touched.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

impl AuthoringError {
    /// The failure in the author's words, to be said in the archive's language.
    pub fn said(&self) -> Said {
        let shown = |p: &Path| p.display().to_string();
        match self {
            AuthoringError::NotEmpty(d) => say("err_not_empty").arg("dir", shown(d)),
            AuthoringError::NotAnArchive(d) => say("err_not_archive").arg("dir", shown(d)),
            AuthoringError::BadId(id) => say("err_bad_id").arg("id", id),
            AuthoringError::BadCategory(c) => say("err_bad_category").arg("category", c),
            AuthoringError::IdTaken { id, path } => {
                say("err_id_taken").arg("id", id).arg("path", path)
            }
            AuthoringError::UnknownId { id, hint } if hint.is_empty() => {
                say("err_unknown_id").arg("id", id)
            }
            AuthoringError::UnknownId { id, hint } => say("err_unknown_id_near").arg("id", id).arg(
                "near",
                hint.trim_start_matches(" (did you mean `")
                    .trim_end_matches("`?)"),
            ),
            AuthoringError::Replaced { id, by, path } => say("err_replaced")
                .arg("id", id)
                .arg("by", by)
                .arg("path", path),
            AuthoringError::LatestIsDraft { id, path } => {
                say("err_latest_draft").arg("id", id).arg("path", path)
            }
            AuthoringError::NotADraft { id, path } => {
                say("err_not_draft").arg("id", id).arg("path", path)
            }
            AuthoringError::Exists(p) => say("err_exists").arg("path", shown(p)),
            AuthoringError::Io { path, source } => {
                say("err_io").arg("path", shown(path)).arg("why", source)
            }
        }
    }
}

/// The archive that `dir` is in: `dir` itself when it has a `book.toml`, otherwise the
/// nearest folder above it that has one (so `new` and `revise` work from inside
/// `content/referrals/`), otherwise `dir` (and the command says it is not an archive).
/// Above the current folder, the result is written `..`, `../..`, so printed paths stay
/// relative to where the author is.
pub fn locate(dir: &Path) -> PathBuf {
    if dir.join("book.toml").is_file() {
        return dir.to_path_buf();
    }
    let mut up = dir.to_path_buf();
    for _ in 0..32 {
        up = if up == Path::new(".") {
            PathBuf::from("..")
        } else {
            up.join("..")
        };
        if up.join("book.toml").is_file() {
            return up;
        }
        // Stop at the top of the disk.
        match std::fs::canonicalize(&up) {
            Ok(abs) if abs.parent().is_none() => break,
            Err(_) => break,
            _ => {}
        }
    }
    dir.to_path_buf()
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> AuthoringError + '_ {
    move |source| AuthoringError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Path of the English example guideline `init` writes, relative to the archive.
pub const EXAMPLE: &str = "content/getting-started/how-we-write-guidelines-v1.md";

/// Creates a new archive in `dir` (which must be missing or empty) and returns the files made.
/// `language` (`en`, `da`, `sv`) is written to `book.toml`, and the example guideline, its
/// category and `HOWTO.md` are in that language.
pub fn init(dir: &Path, today: Date, language: &str) -> Result<Vec<PathBuf>, AuthoringError> {
    let m = Messages::new(language);
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(AuthoringError::NotEmpty(dir.to_path_buf()));
        }
    }
    let title = m.raw("example_title");
    let category = m.raw("example_category");
    let id = GuidelineId::from_text(title)
        .map_or_else(|| "how-we-write-guidelines".to_owned(), |i| i.to_string());
    let example = format!(
        "{}\n{}",
        front_matter(&Front {
            title,
            id: &id,
            version: "1",
            category,
            date: today,
            supersedes: &[],
            status: None,
            summary: m.raw("example_summary"),
            changes: m.raw("example_changes"),
            tags: &[m.raw("example_tag").to_owned()],
            review_by: None,
            editorial: false,
            extra: None,
        }),
        m.raw("example_body").replace("{id}", &id)
    );
    let example_path = format!("content/{}/{id}-v1.md", slug::slugify(category));
    let book = format!(
        "[book]\ntitle = {}\ndescription = {}\nlanguage = \"{}\"\n\n[build]\noutput = \"site\"\n",
        toml_string(m.raw("init_book_title")),
        toml_string(m.raw("init_book_description")),
        m.lang
    );
    let files = [
        ("book.toml", book),
        ("HOWTO.md", m.raw("howto").to_owned()),
        (".gitignore", "/site/\n".to_owned()),
        (example_path.as_str(), example),
    ];
    let mut made = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Err(e) = create(&path, &text) {
            // Never leave half an archive behind: a second try would find the folder in use.
            for p in made.iter().rev() {
                let _ = std::fs::remove_file(p);
            }
            if let Some(folder) = dir.join(&example_path).parent() {
                let _ = std::fs::remove_dir(folder);
            }
            let _ = std::fs::remove_dir(dir.join("content"));
            return Err(e);
        }
        made.push(path);
    }
    Ok(made)
}

/// What `new` or `revise` wrote.
#[derive(Debug)]
pub struct Written {
    /// The new file.
    pub path: PathBuf,
    /// Its `date`: the day it takes effect.
    pub date: Date,
    /// For `revise`: the version it replaces and that version's date, when that one is
    /// published (not withdrawn).
    pub replaces: Option<(Version, Date)>,
}

impl Written {
    /// With a `date` after `today`: that the revision is scheduled, and what stays in
    /// force until then, in `m`'s language.
    pub fn scheduled_note(&self, today: Date, m: &Messages) -> Option<String> {
        if self.date <= today {
            return None;
        }
        let date = m.date(self.date);
        Some(match &self.replaces {
            Some((version, from)) if *from <= today => m.text(
                &say("wrote_scheduled")
                    .arg("date", date)
                    .arg("version", version),
            ),
            // A first version, or one replacing a revision that is itself not yet in force.
            _ => m.text(&say("wrote_scheduled_new").arg("date", date)),
        })
    }
}

/// `rel` inside `root`, without a leading `./` when `root` is the current folder, so the
/// printed path is the one an author would type.
fn under(root: &Path, rel: &str) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::from(rel)
    } else {
        root.join(rel)
    }
}

fn require_archive(root: &Path) -> Result<(), AuthoringError> {
    if root.join("book.toml").is_file() {
        Ok(())
    } else {
        Err(AuthoringError::NotAnArchive(root.to_path_buf()))
    }
}

fn create(path: &Path, text: &str) -> Result<(), AuthoringError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(AuthoringError::Exists(path.to_path_buf()));
        }
        Err(e) => return Err(io(path)(e)),
    };
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all());
    if let Err(e) = written {
        // Never leave half a file behind.
        let _ = std::fs::remove_file(path);
        return Err(io(path)(e));
    }
    Ok(())
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Lines of the body `new` writes, in every built-in language, so `check` can tell when
/// one was left in a guideline. Headings are left out: "## Steps" is a fine heading.
pub fn template_lines() -> Vec<String> {
    let mut lines = Vec::new();
    for lang in crate::messages::LANGUAGES {
        for line in Messages::new(lang).raw("new_body").lines() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let t = t
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                .trim();
            if !lines.iter().any(|l| l == t) {
                lines.push(t.to_owned());
            }
        }
    }
    lines
}
