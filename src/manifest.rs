//! `archive.json`: the built site described for tools and tests. The schema is documented
//! in docs/tools.md; every URL is relative to the site root.

use serde::Serialize;

use crate::changes;
use crate::config::Config;
use crate::model::{Archive, Status};
use crate::urls;

/// Version of the manifest's schema, raised on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole manifest.
#[derive(Debug, Serialize)]
pub struct Manifest<'a> {
    /// Schema version.
    pub schema: u32,
    /// Archive title.
    pub title: &'a str,
    /// Content language.
    pub language: &'a str,
    /// The home page.
    pub home: &'static str,
    /// The search index (`search-index.json`), or null when search is off.
    pub search_index: Option<&'static str>,
    /// The search results page, or null when search is off.
    pub search_page: Option<&'static str>,
    /// The what's-new page.
    pub whats_new: &'static str,
    /// The Atom feed.
    pub feed: &'static str,
    /// Every guideline, by id.
    pub guidelines: Vec<GuidelineEntry<'a>>,
    /// Every category, by name.
    pub categories: Vec<CategoryEntry<'a>>,
}

/// One guideline.
#[derive(Debug, Serialize)]
pub struct GuidelineEntry<'a> {
    /// Identity.
    pub id: &'a str,
    /// Title of the revision at the stable URL.
    pub title: &'a str,
    /// Category name.
    pub category: &'a str,
    /// Standing of the guideline.
    pub status: Status,
    /// Stable URL.
    pub url: String,
    /// Ids of guidelines that replaced this one.
    pub superseded_by: Vec<&'a str>,
    /// Ids of guidelines this one replaced.
    pub replaces: Vec<&'a str>,
    /// Revisions in ascending version order.
    pub revisions: Vec<RevisionEntry<'a>>,
    /// Every redline page between two of its revisions (see [`changes::diff_pairs`]).
    pub diffs: Vec<DiffEntry<'a>>,
    /// Redlines from each guideline it replaced to the revision that replaced it.
    pub comparisons: Vec<ComparisonEntry<'a>>,
}

/// A redline between two revisions of one guideline.
#[derive(Debug, Serialize)]
pub struct DiffEntry<'a> {
    /// The older version.
    pub from: &'a str,
    /// The newer version.
    pub to: &'a str,
    /// Page URL.
    pub url: String,
}

/// A redline from a replaced guideline to this one.
#[derive(Debug, Serialize)]
pub struct ComparisonEntry<'a> {
    /// The replaced guideline's id.
    pub from_id: &'a str,
    /// Its version compared (the last in force).
    pub from: &'a str,
    /// This guideline's version that replaced it.
    pub to: &'a str,
    /// Page URL.
    pub url: String,
}

/// One revision.
#[derive(Debug, Serialize)]
pub struct RevisionEntry<'a> {
    /// Version as written.
    pub version: &'a str,
    /// Title of this revision.
    pub title: &'a str,
    /// Effective date, YYYY-MM-DD.
    pub date: String,
    /// Standing of this revision.
    pub status: Status,
    /// Permanent URL.
    pub url: String,
    /// Source file relative to the archive root.
    pub source: &'a str,
    /// The author's note, or null.
    pub changes: Option<&'a str>,
    /// One-line summary, or null.
    pub summary: Option<&'a str>,
    /// The redline from the previous revision, or null for the first.
    pub diff_url: Option<String>,
    /// Whether it only fixes wording (`editorial: true`).
    pub editorial: bool,
    /// When it was in force, or null for drafts and withdrawal notices.
    pub in_force: Option<InForce>,
}

/// A revision's period in force.
#[derive(Debug, Serialize)]
pub struct InForce {
    /// Effective date, YYYY-MM-DD.
    pub from: String,
    /// The day a replacement took effect (it is no longer in force that day), or null
    /// while in force.
    pub until: Option<String>,
}

/// One category.
#[derive(Debug, Serialize)]
pub struct CategoryEntry<'a> {
    /// Display name.
    pub name: &'a str,
    /// URL slug.
    pub slug: &'a str,
    /// Page URL.
    pub url: String,
    /// Ids of its guidelines (all standings), by title.
    pub guidelines: Vec<&'a str>,
}

/// Builds the manifest and returns it as pretty JSON with a final newline.
pub fn render(config: &Config, archive: &Archive) -> Vec<u8> {
    let categories_by_slug = |slug: &str| {
        archive
            .categories
            .iter()
            .find(|c| c.slug == slug)
            .map_or("", |c| c.name.as_str())
    };
    let manifest = Manifest {
        schema: SCHEMA_VERSION,
        title: &config.book.title,
        language: &config.book.language,
        home: urls::HOME,
        search_index: config.search.enable.then_some(urls::SEARCH_INDEX),
        search_page: config.search.enable.then_some(urls::SEARCH_PAGE),
        whats_new: urls::WHATS_NEW,
        feed: urls::FEED,
        guidelines: archive
            .guidelines
            .iter()
            .enumerate()
            .map(|(gi, g)| GuidelineEntry {
                id: g.id.as_str(),
                title: &g.shown().rev.title,
                category: categories_by_slug(&g.category),
                status: g.status,
                url: urls::guideline(g.id.as_str()),
                superseded_by: g
                    .superseded_by
                    .iter()
                    .map(|&o| archive.guidelines[o].id.as_str())
                    .collect(),
                replaces: g
                    .replaces
                    .iter()
                    .map(|&o| archive.guidelines[o].id.as_str())
                    .collect(),
                diffs: changes::diff_pairs(g.revisions.len(), g.shown)
                    .into_iter()
                    .map(|(a, b)| {
                        let (a, b) = (&g.revisions[a].rev.version, &g.revisions[b].rev.version);
                        DiffEntry {
                            from: a.as_str(),
                            to: b.as_str(),
                            url: urls::diff(g.id.as_str(), a.as_str(), b.as_str()),
                        }
                    })
                    .collect(),
                comparisons: changes::comparisons(archive, gi)
                    .into_iter()
                    .map(|c| {
                        let old = &archive.guidelines[c.replaced];
                        ComparisonEntry {
                            from_id: old.id.as_str(),
                            from: old.revisions[c.replaced_revision].rev.version.as_str(),
                            to: g.revisions[c.revision].rev.version.as_str(),
                            url: c.url(archive),
                        }
                    })
                    .collect(),
                revisions: g
                    .revisions
                    .iter()
                    .enumerate()
                    .map(|(ri, n)| RevisionEntry {
                        version: n.rev.version.as_str(),
                        title: &n.rev.title,
                        date: n.rev.date.to_string(),
                        status: n.status,
                        url: urls::revision(g.id.as_str(), n.rev.version.as_str()),
                        source: &n.rev.source_path,
                        changes: n.rev.changes.as_deref(),
                        summary: n.rev.summary.as_deref(),
                        diff_url: (ri > 0).then(|| {
                            urls::diff(
                                g.id.as_str(),
                                g.revisions[ri - 1].rev.version.as_str(),
                                n.rev.version.as_str(),
                            )
                        }),
                        editorial: n.rev.editorial,
                        in_force: n.in_force().map(|(from, until)| InForce {
                            from: from.to_string(),
                            until: until.map(|u| u.to_string()),
                        }),
                    })
                    .collect(),
            })
            .collect(),
        categories: archive
            .categories
            .iter()
            .map(|c| CategoryEntry {
                name: &c.name,
                slug: &c.slug,
                url: urls::category(&c.slug),
                guidelines: c
                    .guidelines
                    .iter()
                    .map(|&gi| archive.guidelines[gi].id.as_str())
                    .collect(),
            })
            .collect(),
    };
    let mut json = serde_json::to_vec_pretty(&manifest).expect("manifest structs always serialize");
    json.push(b'\n');
    json
}
