//! The pages that list the archive: home, categories, in force, not found, search.

use super::views::*;
use super::*;
use crate::diagnostics::Diagnostic;
use crate::model::{Guideline, Status};
use crate::urls;

impl Renderer<'_> {
    pub(super) fn in_force_page(&self) -> Result<Page, Diagnostic> {
        let archive = self.input.archive;
        let mut rows = Vec::new();
        for g in &archive.guidelines {
            for n in &g.revisions {
                if let Some((from, until)) = n.in_force() {
                    rows.push(InForceRow {
                        title: n.rev.title.clone(),
                        guideline_url: urls::guideline(g.id.as_str()),
                        version: n.rev.version.to_string(),
                        url: urls::revision(g.id.as_str(), n.rev.version.as_str()),
                        from: from.to_string(),
                        from_text: self.date_text(from),
                        until: until.map(|u| u.to_string()).unwrap_or_default(),
                        until_text: until.map(|u| self.date_text(u)).unwrap_or_default(),
                        status: match n.status {
                            Status::Scheduled => "scheduled",
                            _ if until.is_some() && n.status != Status::Current => "superseded",
                            _ => "current",
                        },
                    });
                }
            }
        }
        rows.sort_by(|a, b| {
            a.title
                .to_lowercase()
                .cmp(&b.title.to_lowercase())
                .then_with(|| a.guideline_url.cmp(&b.guideline_url))
                .then_with(|| a.from.cmp(&b.from))
        });
        let page = InForcePage {
            site: self.site.clone(),
            root: String::new(),
            first: rows
                .iter()
                .map(|r| r.from.clone())
                .min()
                .unwrap_or_default(),
            rows,
        };
        self.render_site("in-force.html", urls::IN_FORCE, &page)
    }

    pub(super) fn category_link(&self, g: &Guideline) -> LinkView {
        let archive = self.input.archive;
        let name = archive
            .categories
            .iter()
            .find(|c| c.slug == g.category)
            .map_or_else(|| g.shown().rev.category.clone(), |c| c.name.clone());
        LinkView {
            title: name,
            url: urls::category(&g.category),
        }
    }

    pub(super) fn card(&self, gi: usize) -> CardView {
        let g = &self.input.archive.guidelines[gi];
        let rev = &g.shown().rev;
        let (substantive, versions) = self.versions(g);
        CardView {
            id: g.id.to_string(),
            title: rev.title.clone(),
            url: urls::guideline(g.id.as_str()),
            version: rev.version.to_string(),
            date: rev.date.to_string(),
            date_text: self.date_text(rev.date),
            summary: rev.summary.clone(),
            status: g.status.as_str(),
            category: self.category_link(g),
            review_by: rev.review_by.map(|d| d.to_string()),
            substantive,
            versions,
        }
    }

    pub(super) fn section(&self, ci: usize) -> CategorySection {
        let c = &self.input.archive.categories[ci];
        let (current, retired): (Vec<usize>, Vec<usize>) = c.guidelines.iter().partition(|&&gi| {
            matches!(
                self.input.archive.guidelines[gi].status,
                Status::Current | Status::Draft | Status::Scheduled
            )
        });
        CategorySection {
            name: c.name.clone(),
            url: urls::category(&c.slug),
            current: current.into_iter().map(|gi| self.card(gi)).collect(),
            retired: retired.into_iter().map(|gi| self.card(gi)).collect(),
        }
    }

    pub(super) fn home(&self) -> Result<Page, Diagnostic> {
        let archive = self.input.archive;
        let recent = self.recent(RECENT);
        let page = HomePage {
            site: self.site.clone(),
            root: String::new(),
            categories: (0..archive.categories.len())
                .map(|ci| self.section(ci))
                .collect(),
            recent,
            guideline_count: archive
                .guidelines
                .iter()
                .filter(|g| g.status == Status::Current)
                .count(),
        };
        self.render_site("index.html", urls::HOME, &page)
    }

    pub(super) fn category(&self, ci: usize) -> Result<Page, Diagnostic> {
        let archive = self.input.archive;
        let path = urls::category(&archive.categories[ci].slug);
        let page = CategoryPage {
            site: self.site.clone(),
            root: urls::root_of(&path),
            category: self.section(ci),
            categories: archive
                .categories
                .iter()
                .map(|c| LinkView {
                    title: c.name.clone(),
                    url: urls::category(&c.slug),
                })
                .collect(),
        };
        self.render_site("category.html", &path, &page)
    }

    pub(super) fn not_found(&self) -> Result<Page, Diagnostic> {
        let page = PlainPage {
            site: self.site.clone(),
            root: String::new(),
        };
        self.render_site("404.html", urls::NOT_FOUND, &page)
    }

    pub(super) fn search_page(&self) -> Result<Page, Diagnostic> {
        let page = PlainPage {
            site: self.site.clone(),
            root: String::new(),
        };
        self.render_site("search.html", urls::SEARCH_PAGE, &page)
    }
}
