//! The archive's domain: versions, guideline ids, revisions, guidelines and their states.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;
use serde::Serialize;

/// A dotted version number (`1`, `1.1`, `2.0.3`), ordered component by component.
///
/// Trailing zeros are not significant for ordering or identity (`1` == `1.0`), but the
/// author's spelling is kept for display and URLs.
#[derive(Debug, Clone, Eq)]
pub struct Version {
    parts: Vec<u64>,
    text: String,
}

impl Version {
    /// Parses `1`, `1.10`, `2.0.3`. Rejects empty parts, signs, letters and leading `v`.
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.trim();
        if s.is_empty() || s.len() > 64 {
            return None;
        }
        let parts = s
            .split('.')
            .map(|p| {
                if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                    None
                } else {
                    p.parse::<u64>().ok()
                }
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Version {
            parts,
            text: s.to_owned(),
        })
    }

    /// The version as the author wrote it.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The components with trailing zeros removed, used for equality and order.
    fn significant(&self) -> &[u64] {
        let mut n = self.parts.len();
        while n > 1 && self.parts[n - 1] == 0 {
            n -= 1;
        }
        &self.parts[..n]
    }

    /// The next major version (`1.2` -> `2`).
    pub fn next_major(&self) -> Version {
        let major = self.parts.first().copied().unwrap_or(0).saturating_add(1);
        Version::parse(&major.to_string()).expect("a number is a version")
    }

    /// The next minor version (`1` -> `1.1`, `1.9` -> `1.10`).
    pub fn next_minor(&self) -> Version {
        let major = self.parts.first().copied().unwrap_or(0);
        let minor = self.parts.get(1).copied().unwrap_or(0).saturating_add(1);
        Version::parse(&format!("{major}.{minor}")).expect("two numbers are a version")
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.significant() == other.significant()
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.significant().cmp(other.significant())
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// A guideline's identity: a slug of lowercase ASCII letters, digits and single dashes,
/// so it is always safe as one URL and file-name segment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct GuidelineId(String);

impl GuidelineId {
    /// Accepts only an already-safe slug (`close-outpatient-course`).
    pub fn parse(s: &str) -> Option<GuidelineId> {
        let ok = !s.is_empty()
            && s.len() <= 100
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
            && crate::portable::segment_problem(s).is_none();
        ok.then(|| GuidelineId(s.to_owned()))
    }

    /// Derives an id from free text (a file name), or `None` if nothing usable is left.
    pub fn from_text(s: &str) -> Option<GuidelineId> {
        let slug = slug::slugify(s);
        let slug: String = slug.chars().take(100).collect();
        GuidelineId::parse(slug.trim_end_matches('-'))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for GuidelineId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an author says about a revision in front-matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Declared {
    /// Work in progress, left out unless `--drafts`.
    Draft,
    /// Published (the default).
    Active,
    /// Retired with no replacement.
    Withdrawn,
}

/// Where a guideline or revision stands in the built site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The version readers should follow.
    Current,
    /// Replaced by a later revision or by another guideline.
    Superseded,
    /// Retired with no replacement.
    Withdrawn,
    /// Not published yet (only built with `--drafts`).
    Draft,
    /// Published, but its date is after the build's day: it takes effect later, and the
    /// revision in force until then stays at the stable address.
    Scheduled,
}

impl Status {
    /// The lowercase name used in URLs, CSS classes and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Superseded => "superseded",
            Status::Withdrawn => "withdrawn",
            Status::Draft => "draft",
            Status::Scheduled => "scheduled",
        }
    }

    /// One letter per status for the split search index (`scheduled` cannot take its first
    /// letter: `s` is superseded).
    pub fn letter(self) -> char {
        match self {
            Status::Current => 'c',
            Status::Superseded => 's',
            Status::Withdrawn => 'w',
            Status::Draft => 'd',
            Status::Scheduled => 'f',
        }
    }
}

/// A `supersedes` entry: a guideline, optionally pinned to one revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupersedesRef {
    /// The superseded guideline.
    pub id: GuidelineId,
    /// The superseded revision, when written as `id@version`.
    pub version: Option<Version>,
    /// Line of the entry in the source file.
    pub line: usize,
}

/// One revision of one guideline: one Markdown file.
#[derive(Debug, Clone)]
pub struct Revision {
    /// Index of the source file in the archive's file list.
    pub source: usize,
    /// Source path relative to the archive root.
    pub source_path: String,
    /// Guideline identity.
    pub id: GuidelineId,
    /// Version of this revision.
    pub version: Version,
    /// Title of this revision.
    pub title: String,
    /// Task category as written.
    pub category: String,
    /// Effective date.
    pub date: Date,
    /// What the author declared.
    pub declared: Declared,
    /// One line for lists and search results.
    pub summary: Option<String>,
    /// The author's note on what is new.
    pub changes: Option<String>,
    /// Keywords.
    pub tags: Vec<String>,
    /// After this date the guideline is due for review.
    pub review_by: Option<Date>,
    /// A wording-only fix (`editorial: true`): still a revision with a redline, but it
    /// raises no "changed since you last read it" mark and does not lead what's new.
    pub editorial: bool,
    /// What this revision replaces.
    pub supersedes: Vec<SupersedesRef>,
    /// Free data for templates.
    pub extra: serde_json::Value,
    /// Markdown body (after front-matter).
    pub body: String,
    /// 1-based line of the body's first line in the source file.
    pub body_line: usize,
    /// Line of each front-matter key, for later diagnostics.
    pub key_lines: BTreeMap<String, usize>,
}

impl Revision {
    /// Line of a front-matter key, or 1 (the opening `---`) when absent.
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines.get(key).copied().unwrap_or(1)
    }
}

/// A reference from one revision to another, by position in the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RevRef {
    /// Index into [`Archive::guidelines`].
    pub guideline: usize,
    /// Index into that guideline's `revisions` (ascending by version).
    pub revision: usize,
}

/// How one revision came to be no longer current.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supersession {
    /// The revision that replaced it.
    pub by: RevRef,
    /// When it took effect (the replacing revision's date).
    pub since: Date,
}

impl RevisionNode {
    /// The period this revision was in force: from its effective date until the earliest
    /// replacement took effect (`None` while in force). Drafts and withdrawal notices were
    /// never in force.
    pub fn in_force(&self) -> Option<(Date, Option<Date>)> {
        if self.status == Status::Draft || self.rev.declared == Declared::Withdrawn {
            return None;
        }
        let until = self.superseded_by.iter().map(|s| s.since).min();
        Some((self.rev.date, until.map(|u| u.max(self.rev.date))))
    }
}

/// A built revision: source facts plus its place in the graph.
#[derive(Debug, Clone)]
pub struct RevisionNode {
    /// Facts from the source file.
    pub rev: Revision,
    /// Status in the built site.
    pub status: Status,
    /// What replaced this revision (the next revision, or other guidelines' revisions).
    pub superseded_by: Vec<Supersession>,
    /// The previous published revision of the same guideline.
    pub previous: Option<usize>,
}

/// A guideline: every revision of one id.
#[derive(Debug, Clone)]
pub struct Guideline {
    /// Identity.
    pub id: GuidelineId,
    /// Revisions in ascending version order.
    pub revisions: Vec<RevisionNode>,
    /// Index of the revision the stable URL shows.
    pub shown: usize,
    /// Status of the guideline as a whole.
    pub status: Status,
    /// Guidelines (by index) whose revisions supersede this one, in order.
    pub superseded_by: Vec<usize>,
    /// Guidelines (by index) this one replaced (rename, merge, split).
    pub replaces: Vec<usize>,
    /// Slug of the category of the shown revision.
    pub category: String,
    /// The scheduled revision that will replace the shown one next (of this guideline or of
    /// one that supersedes it), when the shown one is in force and one is scheduled.
    pub upcoming: Option<RevRef>,
}

impl Guideline {
    /// The revision shown at the stable URL.
    pub fn shown(&self) -> &RevisionNode {
        &self.revisions[self.shown]
    }
}

/// A task category.
#[derive(Debug, Clone)]
pub struct Category {
    /// Display name.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Guidelines (by index) filed under it, by title.
    pub guidelines: Vec<usize>,
}

/// The whole archive after the revision graph is built.
#[derive(Debug, Clone)]
pub struct Archive {
    /// Guidelines sorted by id.
    pub guidelines: Vec<Guideline>,
    /// Categories sorted by name.
    pub categories: Vec<Category>,
}

impl Archive {
    /// Finds a guideline by id.
    pub fn find(&self, id: &GuidelineId) -> Option<usize> {
        self.guidelines.binary_search_by(|g| g.id.cmp(id)).ok()
    }

    /// The revision behind a reference.
    pub fn rev(&self, r: RevRef) -> &RevisionNode {
        &self.guidelines[r.guideline].revisions[r.revision]
    }

    /// Number of revisions in the built site.
    pub fn revision_count(&self) -> usize {
        self.guidelines.iter().map(|g| g.revisions.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_order_by_component() {
        let v = |s| Version::parse(s).unwrap();
        assert!(v("1.10") > v("1.9"));
        assert!(v("2") > v("1.99.1"));
        assert_eq!(v("1"), v("1.0"));
        assert_eq!(v("1.9").next_minor().as_str(), "1.10");
        assert_eq!(v("1.9").next_major().as_str(), "2");
        for bad in ["", "v1", "1.", ".1", "1..2", "-1", "1.a", "1,2"] {
            assert!(Version::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn ids_are_safe_slugs() {
        assert!(GuidelineId::parse("close-course-2").is_some());
        for bad in [
            "../x", "A", "a b", "-a", "a-", "a--b", "", "a/b", "a.b", "con", "nul",
        ] {
            assert!(GuidelineId::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(
            GuidelineId::from_text("Luk Forløb").unwrap().as_str(),
            "luk-forlob"
        );
    }
}
