//! Typed data handed to templates: one `Serialize` struct per kind of page.

use serde::Serialize;

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
    /// `[book] base_url` (ends in `/`), for absolute canonical links.
    pub base_url: Option<String>,
    /// elasticlunr language code of the index (`en`, `da`...), so the page loads the
    /// matching stemmer script before the index.
    pub search_language: &'static str,
    /// Where a redline lives, with `{id}`, `{from}` and `{to}` to fill in, so scripts never
    /// spell the site's layout themselves.
    pub diff_pattern: String,
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
    /// Newest version that is not an editorial fix (changed-since marks compare with it).
    pub substantive: String,
    /// Published versions, oldest first, separated by spaces (read by site.js).
    pub versions: String,
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
    /// Latest changes, newest first.
    pub recent: Vec<NewsItem>,
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
    /// The redline from the previous revision, if there is one.
    pub diff_url: Option<String>,
    /// Whether it only fixes wording.
    pub editorial: bool,
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
    /// For another guideline: the page comparing this guideline with it.
    pub compare_url: Option<String>,
}

/// The guideline that replaced this one (rename, merge, split), for an old revision's
/// banner: the reader is sent to the version in force and to the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct RenamedView {
    /// Title of the guideline that replaced this one.
    pub title: String,
    /// Its stable page.
    pub url: String,
    /// When it took effect, ISO.
    pub since: String,
    /// The same, for reading.
    pub since_text: String,
    /// The page comparing this guideline's last version with it.
    pub compare_url: String,
    /// The guideline in force now (the successor, or whatever replaced it in turn).
    pub current: LinkView,
    /// Its version in force.
    pub current_version: String,
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
    /// `current`, `superseded`, `withdrawn`, `draft` or `scheduled`.
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
    /// The nested table of contents (none for fewer than three headings).
    pub toc: Option<crate::markdown::Toc>,
    /// Source path relative to the archive root.
    pub source: String,
    /// Free front-matter data.
    pub extra: serde_json::Value,
    /// Whether it only fixes wording.
    pub editorial: bool,
    /// When it was in force (none for drafts and withdrawal notices).
    pub in_force: Option<InForceView>,
}

/// A revision's period in force.
#[derive(Debug, Clone, Serialize)]
pub struct InForceView {
    /// First day, ISO.
    pub from: String,
    /// First day, for reading.
    pub from_text: String,
    /// The day a replacement took effect, ISO; none while in force.
    pub until: Option<String>,
    /// The same, for reading.
    pub until_text: Option<String>,
    /// Replaced on the day it took effect (two revisions with one date): never in force
    /// for a whole day, which "from X until X" would not say.
    pub same_day: bool,
    /// In force now, with a replacement scheduled for `until`.
    pub planned_end: bool,
    /// Scheduled: takes effect on `from`, not in force yet.
    pub scheduled: bool,
}

/// A revision scheduled to replace the one in force, announced on that one's pages. The
/// page's script switches the notice once the reader's date reaches `date`, since a static
/// site is not rebuilt by itself.
#[derive(Debug, Clone, Serialize)]
pub struct UpcomingView {
    /// Title of the scheduled revision.
    pub title: String,
    /// Its version.
    pub version: String,
    /// Its permanent page.
    pub url: String,
    /// The redline from the revision in force to it.
    pub diff_url: Option<String>,
    /// Whether it is a revision of the same guideline (else another guideline replaces
    /// this one).
    pub same_guideline: bool,
    /// Whether it withdraws the guideline.
    pub withdrawal: bool,
    /// The day it takes effect, ISO.
    pub date: String,
    /// The same, for reading.
    pub date_text: String,
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
    /// On the revision in force: the scheduled revision that replaces it next.
    pub upcoming: Option<UpcomingView>,
    /// Guidelines that replaced this one as a whole (rename, merge, split).
    pub renamed: Vec<RenamedView>,
    /// Guidelines this one replaced (rename, merge, split).
    pub replaces: Vec<ReplacedView>,
    /// Every revision, newest first.
    pub history: Vec<HistoryItem>,
    /// The redline from the previous revision to this one.
    pub diff_from_previous: Option<String>,
    /// The redline from this revision to the current one (on older revisions).
    pub diff_to_current: Option<String>,
    /// The "compare version X with Y" form, when there are two revisions or more.
    pub compare: Option<CompareView>,
    /// This page's address for the printed copy (absolute with `base_url`; site.js puts
    /// the address the reader opened in its place).
    pub address: String,
}

/// A guideline this one replaced.
#[derive(Debug, Clone, Serialize)]
pub struct ReplacedView {
    /// Its title.
    pub title: String,
    /// Its stable URL.
    pub url: String,
    /// The redline from its last revision to the one that replaced it.
    pub compare_url: String,
}

/// The form that opens a pre-built redline between two chosen revisions.
#[derive(Debug, Clone, Serialize)]
pub struct CompareView {
    /// The guideline's id (site.js fills it into the redline address).
    pub id: String,
    /// Versions, newest first.
    pub versions: Vec<String>,
    /// Built pairs as `older>newer` versions separated by spaces (read by site.js).
    pub pairs: String,
    /// Preselected older version.
    pub from: String,
    /// Preselected newer version.
    pub to: String,
}

/// One side of a redline.
#[derive(Debug, Clone, Serialize)]
pub struct DiffSide {
    /// The revision's title.
    pub title: String,
    /// Its version.
    pub version: String,
    /// Effective date, ISO.
    pub date: String,
    /// Effective date, for reading.
    pub date_text: String,
    /// Its permanent URL.
    pub url: String,
    /// Its status.
    pub status: &'static str,
    /// Its guideline's id.
    pub id: String,
}

/// A front-matter fact that differs between the two revisions.
#[derive(Debug, Clone, Serialize)]
pub struct FactChange {
    /// What the fact is, for reading.
    pub name: String,
    /// Before ("" when unset).
    pub old: String,
    /// After ("" when unset).
    pub new: String,
    /// Before, escaped, with deleted words in `<del>`.
    pub old_html: String,
    /// After, escaped, with inserted words in `<ins>`.
    pub new_html: String,
}

/// A redline page.
#[derive(Debug, Serialize)]
pub struct DiffPage {
    /// Archive facts.
    pub site: SiteView,
    /// Path to the site root.
    pub root: String,
    /// The guideline of the newer revision.
    pub guideline: GuidelineView,
    /// Its category.
    pub category: LinkView,
    /// Whether the two sides are different guidelines (a rename or merge).
    pub cross: bool,
    /// The older revision.
    pub from: DiffSide,
    /// The newer revision.
    pub to: DiffSide,
    /// The author's note on the newer revision.
    pub changes: Option<String>,
    /// Facts that differ.
    pub facts: Vec<FactChange>,
    /// Blocks changed, added, removed and moved.
    pub counts: crate::diff::Counts,
    /// Whether the text is the same.
    pub unchanged: bool,
    /// The redline (built by [`crate::diff`], escaped there).
    pub html: String,
    /// The compare form, to pick another pair.
    pub compare: Option<CompareView>,
}

/// One change in the what's-new list, the home page and the feed.
#[derive(Debug, Clone, Serialize)]
pub struct NewsItem {
    /// `new`, `revised` or `withdrawn`.
    pub kind: &'static str,
    /// The same in words.
    pub kind_text: String,
    /// Title of the revision.
    pub title: String,
    /// The guideline's id.
    pub id: String,
    /// The guideline's stable URL.
    pub guideline_url: String,
    /// Category name and page.
    pub category: LinkView,
    /// Version.
    pub version: String,
    /// Effective date, ISO.
    pub date: String,
    /// Effective date, for reading.
    pub date_text: String,
    /// Status of the revision today.
    pub status: &'static str,
    /// The author's note.
    pub changes: Option<String>,
    /// The revision's permanent URL.
    pub url: String,
    /// The redline from the previous revision.
    pub diff_url: Option<String>,
    /// Guidelines this revision replaced, each linking to its comparison.
    pub replaced: Vec<LinkView>,
    /// Whether it only fixes wording.
    pub editorial: bool,
    /// The category's slug, for the category filter.
    pub category_slug: String,
    /// When a later revision of the same guideline exists: its newest version (the entry
    /// is not "superseded" in a way that reads as if the guideline were replaced).
    pub later_version: Option<String>,
    /// When this was the guideline's last revision and other guidelines replaced it.
    pub replaced_by: Vec<LinkView>,
    /// Whether the guideline was withdrawn later.
    pub later_withdrawn: bool,
}

/// A month of changes.
#[derive(Debug, Clone, Serialize)]
pub struct MonthView {
    /// `2025-03`, for anchors.
    pub id: String,
    /// `March 2025`.
    pub name: String,
    /// Changes, newest first.
    pub items: Vec<NewsItem>,
    /// Editorial fixes of the month, listed after the changes.
    pub editorial: Vec<NewsItem>,
    /// On the first page, when the month goes on on its year's page: how many more
    /// changes, and where.
    pub more: Option<MoreView>,
}

/// The rest of a month that did not fit on the first what's-new page.
#[derive(Debug, Clone, Serialize)]
pub struct MoreView {
    /// How many changes are left out.
    pub count: usize,
    /// The month on its year's page.
    pub url: String,
}

/// A year's what's-new page, in the list of years.
#[derive(Debug, Clone, Serialize)]
pub struct YearLink {
    /// The year.
    pub year: i16,
    /// Its page.
    pub url: String,
    /// How many changes it lists.
    pub count: usize,
    /// Whether it is the page shown.
    pub is_this: bool,
}

/// A category in the what's-new filter.
#[derive(Debug, Clone, Serialize)]
pub struct FilterCategory {
    /// Slug (matches the entries' `data-category`).
    pub slug: String,
    /// Name.
    pub name: String,
}

/// The what's-new page.
#[derive(Debug, Serialize)]
pub struct WhatsNewPage {
    /// Archive facts.
    pub site: SiteView,
    /// Path to the site root.
    pub root: String,
    /// Months, newest first.
    pub months: Vec<MonthView>,
    /// The year this page lists (none on the first page, which lists the latest changes).
    pub year: Option<i16>,
    /// Every year's page, newest first (none when the first page holds every change).
    pub years: Vec<YearLink>,
    /// The categories of the entries on this page, by name.
    pub categories: Vec<FilterCategory>,
    /// Entries on this page.
    pub shown: usize,
    /// Changes in the whole archive.
    pub total: usize,
}

/// The Atom feed.
#[derive(Debug, Serialize)]
pub struct FeedView {
    /// Archive facts.
    pub site: SiteView,
    /// Feed id (an absolute URL with `base_url`, a URN without).
    pub id: String,
    /// Newest effective date among entries, RFC 3339.
    pub updated: String,
    /// The feed's own absolute URL (only with `base_url`).
    pub self_url: Option<String>,
    /// The what's-new page.
    pub alternate_url: String,
    /// Feed authors (`[book] authors`, or the archive title).
    pub authors: Vec<String>,
    /// Entries, newest first.
    pub entries: Vec<FeedEntry>,
}

/// One Atom entry.
#[derive(Debug, Serialize)]
pub struct FeedEntry {
    /// Stable id of the revision.
    pub id: String,
    /// "Title (version N): Revised".
    pub title: String,
    /// Effective date, RFC 3339.
    pub updated: String,
    /// The revision's page.
    pub url: String,
    /// The redline, if any.
    pub diff_url: Option<String>,
    /// Category name.
    pub category: String,
    /// The author's note, or a sentence saying what happened.
    pub summary: String,
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
    /// Version at the stable URL.
    pub current: String,
    /// Newest version that is not an editorial fix.
    pub substantive: String,
    /// Published versions, oldest first, separated by spaces.
    pub versions: String,
    /// When a later revision of this guideline is scheduled: the day the version at the
    /// stable URL is replaced, ISO (site.js marks it superseded from that day).
    pub replaced_on: Option<String>,
}

/// A page with no data of its own: not-found, search.
#[derive(Debug, Serialize)]
pub struct PlainPage {
    /// Archive facts.
    pub site: SiteView,
    /// Path to the site root.
    pub root: String,
}

/// One revision's row on the in-force page.
#[derive(Debug, Clone, Serialize)]
pub struct InForceRow {
    /// Title of the revision.
    pub title: String,
    /// The guideline's stable URL.
    pub guideline_url: String,
    /// Version.
    pub version: String,
    /// The revision's permanent URL.
    pub url: String,
    /// First day in force, ISO.
    pub from: String,
    /// The same, for reading.
    pub from_text: String,
    /// Day a replacement took effect, ISO ("" while in force).
    pub until: String,
    /// The same, for reading.
    pub until_text: String,
    /// `current`, `superseded` or `scheduled` (in force from a later day).
    pub status: &'static str,
}

/// The "in force on a date" page.
#[derive(Debug, Serialize)]
pub struct InForcePage {
    /// Archive facts.
    pub site: SiteView,
    /// Path to the site root.
    pub root: String,
    /// Earliest effective date, ISO (the date picker's minimum).
    pub first: String,
    /// Every revision that was ever in force, by guideline title then date.
    pub rows: Vec<InForceRow>,
}
