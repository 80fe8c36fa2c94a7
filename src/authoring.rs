//! Helpers for authors: `init` (a new archive), `new` (a first revision) and `revise` (the
//! next revision of a guideline). Each writes one or a few new files and never overwrites:
//! files are created with `create_new`, so an existing file is refused, not replaced.
//!
//! Front-matter is written here rather than through a YAML serializer so it reads like the
//! hand-written files: plain values where YAML reads them back unchanged, double-quoted
//! ones otherwise (colons, quotes, `#`, words YAML would turn into booleans).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::discover;
use crate::frontmatter;
use crate::messages::{Messages, Said, say};
use crate::model::{Declared, GuidelineId, Revision, Version};
use crate::scalar::{flow_scalar, scalar};

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

/// A revision file worked out as `new` or `revise` would write it, before it is written:
/// where it goes and every front-matter value. `new`, `revise` and the editor in `serve`
/// all make their file text here ([`Planned::text`]), so the three can never differ.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Path relative to the archive (`content/referrals/x-v2.md`).
    pub rel: String,
    /// The title.
    pub title: String,
    /// The guideline's id.
    pub id: GuidelineId,
    /// The version, worked out from the latest revision.
    pub version: Version,
    /// The category as written.
    pub category: String,
    /// The day it takes effect.
    pub date: Date,
    /// What it replaces (`id@version` of the revision it follows, for a revision).
    pub supersedes: Vec<String>,
    /// Draft, active (not written, the default) or withdrawn.
    pub status: Declared,
    /// One line for lists.
    pub summary: String,
    /// What changed (for a withdrawal: why).
    pub changes: String,
    /// Keywords, kept from the latest revision.
    pub tags: Vec<String>,
    /// The review date.
    pub review_by: Option<Date>,
    /// `editorial: true`: a wording-only fix (kept when a draft is edited).
    pub editorial: bool,
    /// `extra`, already in YAML flow form (JSON is valid YAML).
    pub extra: Option<String>,
    /// The body, written after the front-matter as it is.
    pub body: String,
    /// The file this one is made from: for a revision the latest revision's file, for an
    /// edited draft the draft itself.
    pub base: Option<String>,
    /// The body of the published revision this one follows, for a redline of what readers
    /// will see as changed.
    pub follows_body: Option<String>,
    /// For a revision: the version it replaces and that version's date, when that one is
    /// published (not withdrawn).
    pub replaces: Option<(Version, Date)>,
}

impl Planned {
    /// The file's text: front-matter, then the body.
    pub fn text(&self) -> String {
        let status = match self.status {
            Declared::Active => None,
            Declared::Draft => Some("draft"),
            Declared::Withdrawn => Some("withdrawn"),
        };
        let mut text = front_matter(&Front {
            title: &self.title,
            id: self.id.as_str(),
            version: self.version.as_str(),
            category: &self.category,
            date: self.date,
            supersedes: &self.supersedes,
            status,
            summary: &self.summary,
            changes: &self.changes,
            tags: &self.tags,
            review_by: self.review_by,
            editorial: self.editorial,
            extra: self.extra.as_deref(),
        });
        text.push_str(&self.body);
        text
    }

    /// Writes the file (never over an existing one).
    pub fn write(&self, root: &Path) -> Result<Written, AuthoringError> {
        let path = under(root, &self.rel);
        create(&path, &self.text())?;
        Ok(Written {
            path,
            date: self.date,
            replaces: self.replaces.clone(),
        })
    }
}

/// Creates version 1 of a new guideline in `content/<category-slug>/<id>-v1.md`, taking
/// effect on `date`.
pub fn new(
    root: &Path,
    title: &str,
    category: &str,
    id: Option<&str>,
    date: Date,
) -> Result<Written, AuthoringError> {
    plan_new(root, title, category, id, date)?.write(root)
}

/// What [`new`] would write, without writing it.
pub fn plan_new(
    root: &Path,
    title: &str,
    category: &str,
    id: Option<&str>,
    date: Date,
) -> Result<Planned, AuthoringError> {
    require_archive(root)?;
    plan_new_in(root, &scan(root), title, category, id, date)
}

/// [`plan_new`] over revision files already read (the editor reads them once per build).
pub(crate) fn plan_new_in(
    root: &Path,
    scan: &Scan,
    title: &str,
    category: &str,
    id: Option<&str>,
    date: Date,
) -> Result<Planned, AuthoringError> {
    let title = title.trim();
    let id = match id {
        Some(id) => GuidelineId::parse(id).ok_or_else(|| AuthoringError::BadId(id.to_owned()))?,
        None => {
            GuidelineId::from_text(title).ok_or_else(|| AuthoringError::BadId(title.to_owned()))?
        }
    };
    if let Some(path) = scan.path_of(id.as_str()) {
        return Err(AuthoringError::IdTaken {
            id: id.to_string(),
            path: path.to_owned(),
        });
    }
    // A category that exists already keeps its spelling and its folder (the sample files
    // "Closing patient courses" under `closing-courses/`).
    let wanted = category.trim();
    let same = scan
        .revisions
        .iter()
        .find(|r| r.category.trim().to_lowercase() == wanted.to_lowercase());
    let (category, folder) = match same {
        Some(r) => {
            let folder = r
                .source_path
                .strip_prefix("content/")
                .and_then(|p| p.rsplit_once('/'))
                .map(|(dir, _)| dir.to_owned());
            (
                r.category.trim(),
                folder.unwrap_or_else(|| slug::slugify(wanted)),
            )
        }
        None => (wanted, slug::slugify(wanted)),
    };
    if folder.is_empty() {
        return Err(AuthoringError::BadCategory(wanted.to_owned()));
    }
    let body = crate::config::messages(root).raw("new_body").to_owned();
    Ok(Planned {
        rel: format!("content/{folder}/{id}-v1.md"),
        title: title.to_owned(),
        version: Version::parse("1").expect("1 is a version"),
        id,
        category: category.to_owned(),
        date,
        supersedes: Vec::new(),
        status: Declared::Active,
        summary: String::new(),
        changes: String::new(),
        tags: Vec::new(),
        review_by: None,
        editorial: false,
        extra: None,
        body: format!("\n{body}"),
        base: None,
        follows_body: None,
        replaces: None,
    })
}

/// Creates the next revision of `id` beside its latest revision, with the same body and
/// front-matter, the version bumped, `supersedes: id@old`, `date` (the day it takes
/// effect: today, or a later day to schedule it) and empty `changes`.
pub fn revise(root: &Path, id: &str, minor: bool, date: Date) -> Result<Written, AuthoringError> {
    plan_revise(root, id, minor, date)?.write(root)
}

/// What [`revise`] would write, without writing it.
pub fn plan_revise(
    root: &Path,
    id: &str,
    minor: bool,
    date: Date,
) -> Result<Planned, AuthoringError> {
    require_archive(root)?;
    plan_revise_in(&scan(root), id, minor, date)
}

/// [`plan_revise`] over revision files already read.
pub(crate) fn plan_revise_in(
    scan: &Scan,
    id: &str,
    minor: bool,
    date: Date,
) -> Result<Planned, AuthoringError> {
    let revisions = &scan.revisions;
    let latest = revisions
        .iter()
        .filter(|r| r.id.as_str() == id)
        .max_by(|a, b| a.version.cmp(&b.version));
    let Some(latest) = latest else {
        let ids: Vec<&str> = revisions.iter().map(|r| r.id.as_str()).collect();
        let hint = crate::diagnostics::did_you_mean(id, ids)
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        return Err(AuthoringError::UnknownId {
            id: id.to_owned(),
            hint,
        });
    };
    // A new revision of a replaced guideline would fork its history: the graph refuses it.
    if let Some(by) = revisions.iter().find(|r| {
        r.id != latest.id
            && r.supersedes.iter().any(|s| {
                s.id == latest.id && s.version.as_ref().is_none_or(|v| *v == latest.version)
            })
    }) {
        return Err(AuthoringError::Replaced {
            id: id.to_owned(),
            by: by.id.to_string(),
            path: by.source_path.clone(),
        });
    }
    if latest.declared == Declared::Draft {
        return Err(AuthoringError::LatestIsDraft {
            id: id.to_owned(),
            path: latest.source_path.clone(),
        });
    }
    let version: Version = if minor {
        latest.version.next_minor()
    } else {
        latest.version.next_major()
    };
    let empty = latest.extra.is_null() || latest.extra.as_object().is_some_and(|o| o.is_empty());
    let folder = latest
        .source_path
        .rsplit_once('/')
        .map_or("content", |(dir, _)| dir);
    Ok(Planned {
        rel: format!("{folder}/{}-v{version}.md", latest.id),
        title: latest.title.clone(),
        id: latest.id.clone(),
        supersedes: vec![format!("{}@{}", latest.id, latest.version)],
        version,
        category: latest.category.clone(),
        date,
        status: Declared::Active,
        summary: latest.summary.clone().unwrap_or_default(),
        changes: String::new(),
        tags: latest.tags.clone(),
        review_by: latest.review_by,
        editorial: false,
        extra: (!empty).then(|| latest.extra.to_string()),
        // The body is copied as it is, blank lines included.
        body: latest.body.clone(),
        base: Some(latest.source_path.clone()),
        follows_body: Some(latest.body.clone()),
        replaces: (latest.declared == Declared::Active)
            .then(|| (latest.version.clone(), latest.date)),
    })
}

/// The latest revision of `id` as it is, to be written again in place with the author's
/// changes: only a draft may be (a published revision is never changed, it gets a new one).
/// Its id, version, `supersedes`, tags, `editorial` and `extra` stay as they are.
pub fn plan_edit(root: &Path, id: &str) -> Result<Planned, AuthoringError> {
    require_archive(root)?;
    plan_edit_in(&scan(root), id)
}

/// [`plan_edit`] over revision files already read.
pub(crate) fn plan_edit_in(scan: &Scan, id: &str) -> Result<Planned, AuthoringError> {
    let revisions = &scan.revisions;
    let mine: Vec<&Revision> = revisions.iter().filter(|r| r.id.as_str() == id).collect();
    let Some(latest) = mine.iter().max_by(|a, b| a.version.cmp(&b.version)) else {
        return Err(AuthoringError::UnknownId {
            id: id.to_owned(),
            hint: String::new(),
        });
    };
    if latest.declared != Declared::Draft {
        return Err(AuthoringError::NotADraft {
            id: id.to_owned(),
            path: latest.source_path.clone(),
        });
    }
    let follows = mine
        .iter()
        .filter(|r| r.version < latest.version && r.declared != Declared::Draft)
        .max_by(|a, b| a.version.cmp(&b.version));
    let empty = latest.extra.is_null() || latest.extra.as_object().is_some_and(|o| o.is_empty());
    Ok(Planned {
        rel: latest.source_path.clone(),
        title: latest.title.clone(),
        id: latest.id.clone(),
        version: latest.version.clone(),
        category: latest.category.clone(),
        date: latest.date,
        supersedes: latest
            .supersedes
            .iter()
            .map(|s| match &s.version {
                Some(v) => format!("{}@{v}", s.id),
                None => s.id.to_string(),
            })
            .collect(),
        status: Declared::Draft,
        summary: latest.summary.clone().unwrap_or_default(),
        changes: latest.changes.clone().unwrap_or_default(),
        tags: latest.tags.clone(),
        review_by: latest.review_by,
        editorial: latest.editorial,
        extra: (!empty).then(|| latest.extra.to_string()),
        body: latest.body.clone(),
        base: Some(latest.source_path.clone()),
        follows_body: follows.map(|r| r.body.clone()),
        replaces: follows
            .filter(|r| r.declared == Declared::Active)
            .map(|r| (r.version.clone(), r.date)),
    })
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

/// The archive's revision files as far as they parse (problems are `check`'s business).
#[derive(Debug)]
pub(crate) struct Scan {
    revisions: Vec<Revision>,
    /// (id from the file name, path) of files that do not parse.
    unparsed: Vec<(GuidelineId, String)>,
}

impl Scan {
    /// A file of the guideline with this id, if any file has it.
    fn path_of(&self, id: &str) -> Option<&str> {
        self.revisions
            .iter()
            .find(|r| r.id.as_str() == id)
            .map(|r| r.source_path.as_str())
            .or_else(|| {
                self.unparsed
                    .iter()
                    .find(|(i, _)| i.as_str() == id)
                    .map(|(_, p)| p.as_str())
            })
    }
}

/// Reads every revision file of the archive at `root`.
pub(crate) fn scan(root: &Path) -> Scan {
    let mut ignored = Vec::new();
    let found = discover::discover(root, &mut ignored);
    let mut scan = Scan {
        revisions: Vec::new(),
        unparsed: Vec::new(),
    };
    for (i, f) in found.sources.iter().enumerate() {
        match frontmatter::parse(f, i, &mut ignored) {
            Some(r) => scan.revisions.push(r),
            None => scan.unparsed.extend(
                frontmatter::id_from_file_name(&f.rel_path).map(|id| (id, f.rel_path.clone())),
            ),
        }
    }
    scan
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

/// The front-matter keys the helpers write, in the order authors see them.
struct Front<'a> {
    title: &'a str,
    id: &'a str,
    version: &'a str,
    category: &'a str,
    date: Date,
    supersedes: &'a [String],
    /// Written only when not `active` (the default).
    status: Option<&'a str>,
    summary: &'a str,
    changes: &'a str,
    tags: &'a [String],
    review_by: Option<Date>,
    editorial: bool,
    /// Already in YAML flow form (JSON is valid YAML).
    extra: Option<&'a str>,
}

fn front_matter(f: &Front) -> String {
    let mut s = String::from("---\n");
    let _ = writeln!(s, "title: {}", scalar(f.title));
    let _ = writeln!(s, "id: {}", f.id);
    let _ = writeln!(s, "version: {}", f.version);
    let _ = writeln!(s, "category: {}", scalar(f.category));
    let _ = writeln!(s, "date: {}", f.date);
    match f.supersedes {
        [] => {}
        [one] => {
            let _ = writeln!(s, "supersedes: {}", scalar(one));
        }
        many => {
            let items: Vec<String> = many.iter().map(|t| flow_scalar(t)).collect();
            let _ = writeln!(s, "supersedes: [{}]", items.join(", "));
        }
    }
    if let Some(status) = f.status {
        let _ = writeln!(s, "status: {status}");
    }
    let _ = writeln!(s, "summary: {}", scalar(f.summary));
    let _ = writeln!(s, "changes: {}", scalar(f.changes));
    if !f.tags.is_empty() {
        let tags: Vec<String> = f.tags.iter().map(|t| flow_scalar(t)).collect();
        let _ = writeln!(s, "tags: [{}]", tags.join(", "));
    }
    if let Some(d) = f.review_by {
        let _ = writeln!(s, "review_by: {d}");
    }
    if f.editorial {
        s.push_str("editorial: true\n");
    }
    if let Some(e) = f.extra {
        let _ = writeln!(s, "extra: {e}");
    }
    s.push_str("---\n");
    s
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
