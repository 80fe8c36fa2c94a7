//! A revision file worked out before it is written: `new` (a first revision), `revise` (the
//! next one) and editing a draft, from a scan of the archive's revision files.

use std::path::Path;

use jiff::civil::Date;

use super::front::{Front, front_matter};
use super::{AuthoringError, Written, create, require_archive, under};
use crate::discover;
use crate::frontmatter;
use crate::model::{Declared, GuidelineId, Revision, Version};

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
