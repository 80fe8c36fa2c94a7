//! Typed data handed to templates: one `Serialize` struct per kind of page.

use jiff::civil::Date;
use serde::Serialize;

use crate::markdown::Heading;

/// Facts about the archive that every page shows.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Archive title.
    pub title: String,
    /// One line under the title.
    pub description: String,
    /// Language code for `<html lang>`.
    pub language: String,
    /// Whether the search box is shown.
    pub search: bool,
    /// elasticlunr language code of the index (`en`, `da`...), so the page loads the
    /// matching stemmer script before the index.
    pub search_language: &'static str,
}

/// A plain link.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Link text.
    pub title: String,
    /// Site-root-relative URL.
    pub url: String,
}

/// A guideline in a list.
#[derive(Debug, Clone, Serialize)]
pub struct CardView {
    /// Guideline id.
    pub id: String,
    /// Title of the revision shown.
    pub title: String,
    /// The guideline's stable URL.
    pub url: String,
    /// Version shown.
    pub version: String,
    /// Effective date, ISO.
    pub date: String,
    /// Effective date, for reading.
    pub date_text: String,
    /// One-line summary.
    pub summary: Option<String>,
    /// `current`, `superseded`, `withdrawn` or `draft`.
    pub status: &'static str,
    /// Category name and page.
    pub category: LinkView,
    /// Review date, ISO (the page marks it due in the reader's browser).
    pub review_by: Option<String>,
}

/// A revision in a list of changes.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// Guideline title.
    pub title: String,
    /// Guideline's stable URL.
    pub guideline_url: String,
    /// Version.
    pub version: String,
    /// The revision's own URL.
    pub url: String,
    /// Effective date, ISO.
    pub date: String,
    /// Effective date, for reading.
    pub date_text: String,
    /// Status of the revision.
    pub status: &'static str,
    /// The author's note.
    pub changes: Option<String>,
    /// Category name and page.
    pub category: LinkView,
}

/// The home page.
#[derive(Debug, Serialize)]
pub struct HomePage {
    /// Archive facts.
    pub site: SiteView,
    /// Path to the site root.
    pub root: String,
    /// Categories with their current guidelines.
    pub categories: Vec<CategorySection>,
    /// Latest revisions, newest first.
    pub recent: Vec<ChangeView>,
    /// Number of current guidelines.
    pub guideline_count: usize,
}

/// A category and its guidelines, split by standing.
#[derive(Debug, Serialize)]
pub struct CategorySection {
    /// Name.
    pub name: String,
    /// Page URL.
    pub url: String,
    /// Guidelines in force (and drafts, when built with them).
    pub current: Vec<CardView>,
    /// Superseded and withdrawn guidelines, listed apart.
    pub retired: Vec<CardView>,
}

/// A category's page.
#[derive(Debug, Serialize)]
pub struct CategoryPage {
    /// Archive facts.
    pub site: SiteView,
    /// Path to the site root.
    pub root: String,
    /// The category.
    pub category: CategorySection,
    /// Every category, for navigation.
    pub categories: Vec<LinkView>,
}

/// One revision in a guideline's history.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryItem {
    /// Version.
    pub version: String,
    /// Title of that revision.
    pub title: String,
    /// Effective date, ISO.
    pub date: String,
    /// Effective date, for reading.
    pub date_text: String,
    /// Status of that revision.
    pub status: &'static str,
    /// Its permanent URL.
    pub url: String,
    /// The author's note.
    pub changes: Option<String>,
    /// Whether it is the revision on this page.
    pub is_this: bool,
    /// How many older revisions are left out after this one (long histories only).
    pub omitted_after: usize,
}

/// What replaced the revision on the page.
#[derive(Debug, Clone, Serialize)]
pub struct SuccessorView {
    /// Title of the replacing revision's guideline.
    pub title: String,
    /// Its version.
    pub version: String,
    /// Where to go: the next revision's page, or the other guideline's stable page.
    pub url: String,
    /// Whether it is a newer revision of the same guideline.
    pub same_guideline: bool,
    /// When the replacement took effect, ISO.
    pub since: String,
    /// When the replacement took effect, for reading.
    pub since_text: String,
}

/// The revision shown on a page.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionView {
    /// Version.
    pub version: String,
    /// Title.
    pub title: String,
    /// Effective date, ISO.
    pub date: String,
    /// Effective date, for reading.
    pub date_text: String,
    /// `current`, `superseded`, `withdrawn` or `draft`.
    pub status: &'static str,
    /// One-line summary.
    pub summary: Option<String>,
    /// The author's note on what is new.
    pub changes: Option<String>,
    /// Keywords.
    pub tags: Vec<String>,
    /// Review date, ISO.
    pub review_by: Option<String>,
    /// Review date, for reading.
    pub review_by_text: Option<String>,
    /// Its permanent URL.
    pub url: String,
    /// Sanitized body HTML (the only HTML a template prints unescaped, with diffs).
    pub html: String,
    /// Headings for a table of contents.
    pub toc: Vec<Heading>,
    /// Source path relative to the archive root.
    pub source: String,
    /// Free front-matter data.
    pub extra: serde_json::Value,
}

/// A guideline's stable page or one revision's permanent page.
#[derive(Debug, Serialize)]
pub struct RevisionPage {
    /// Archive facts.
    pub site: SiteView,
    /// Path to the site root.
    pub root: String,
    /// Whether this is the stable page (the guideline's current address).
    pub stable: bool,
    /// The guideline: title, id, stable URL and status.
    pub guideline: GuidelineView,
    /// The revision shown.
    pub revision: RevisionView,
    /// The guideline's category.
    pub category: LinkView,
    /// What replaced this revision, if anything.
    pub superseded_by: Vec<SuccessorView>,
    /// The guideline's current revision, when this page shows an older one.
    pub current: Option<HistoryItem>,
    /// Guidelines this one replaced (rename, merge, split).
    pub replaces: Vec<LinkView>,
    /// Every revision, newest first.
    pub history: Vec<HistoryItem>,
}

/// A guideline's identity on its pages.
#[derive(Debug, Clone, Serialize)]
pub struct GuidelineView {
    /// Id.
    pub id: String,
    /// Title of the revision its stable URL shows.
    pub title: String,
    /// Stable URL.
    pub url: String,
    /// Status of the guideline.
    pub status: &'static str,
}

/// A page with no data of its own: not-found, search.
#[derive(Debug, Serialize)]
pub struct PlainPage {
    /// Archive facts.
    pub site: SiteView,
    /// Path to the site root.
    pub root: String,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date for reading: `14 March 2025`.
pub fn date_text(d: Date) -> String {
    format!(
        "{} {} {}",
        d.day(),
        MONTHS[(d.month() - 1) as usize],
        d.year()
    )
}
