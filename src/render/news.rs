//! The what's-new page and the Atom feed: the archive's changes, newest first.

use crate::changes::{self, Event};
use crate::diagnostics::Diagnostic;
use crate::urls;

use super::views::*;
use super::{Page, Renderer};

/// At most this many entries go into the feed (the what's-new page lists everything).
pub const FEED_ENTRIES: usize = 50;

impl Renderer<'_> {
    /// One change, with links relative to the site root.
    pub(super) fn news_item(&self, e: &Event) -> NewsItem {
        let archive = self.input.archive;
        let g = &archive.guidelines[e.guideline];
        let n = &g.revisions[e.revision];
        let id = g.id.as_str();
        NewsItem {
            kind: e.kind.as_str(),
            kind_text: self
                .words()
                .get(&format!("kind_{}", e.kind.as_str()))
                .to_owned(),
            title: n.rev.title.clone(),
            id: id.to_owned(),
            guideline_url: urls::guideline(id),
            category: self.category_link(g),
            version: n.rev.version.to_string(),
            date: n.rev.date.to_string(),
            date_text: self.date_text(n.rev.date),
            status: n.status.as_str(),
            changes: n.rev.changes.clone(),
            url: urls::revision(id, n.rev.version.as_str()),
            diff_url: (e.revision > 0).then(|| {
                urls::diff(
                    id,
                    g.revisions[e.revision - 1].rev.version.as_str(),
                    n.rev.version.as_str(),
                )
            }),
            replaced: e
                .replaced
                .iter()
                .map(|c| LinkView {
                    title: archive.guidelines[c.replaced].shown().rev.title.clone(),
                    url: c.url(archive),
                })
                .collect(),
            editorial: n.rev.editorial,
        }
    }

    /// The latest changes, for the home page (editorial fixes left out).
    pub(super) fn recent(&self, count: usize) -> Vec<NewsItem> {
        let archive = self.input.archive;
        self.events
            .iter()
            .filter(|e| {
                !archive.guidelines[e.guideline].revisions[e.revision]
                    .rev
                    .editorial
            })
            .take(count)
            .map(|e| self.news_item(e))
            .collect()
    }

    pub(super) fn whats_new(&self) -> Result<Page, Diagnostic> {
        let archive = self.input.archive;
        let mut months: Vec<MonthView> = Vec::new();
        for e in &self.events {
            let date = archive.guidelines[e.guideline].revisions[e.revision]
                .rev
                .date;
            let id = format!("{:04}-{:02}", date.year(), date.month());
            let item = self.news_item(e);
            if months.last().is_none_or(|m| m.id != id) {
                months.push(MonthView {
                    id,
                    name: self.words().month(date),
                    items: Vec::new(),
                    editorial: Vec::new(),
                });
            }
            let month = months.last_mut().expect("pushed above");
            // Editorial fixes go under their own heading after the month's real changes.
            if item.editorial {
                month.editorial.push(item);
            } else {
                month.items.push(item);
            }
        }
        let page = WhatsNewPage {
            site: self.site.clone(),
            root: String::new(),
            months,
        };
        self.render_site("whats-new.html", urls::WHATS_NEW, &page)
    }

    pub(super) fn feed(&self) -> Result<Page, Diagnostic> {
        let config = self.input.config;
        let archive = self.input.archive;
        let base = config.book.base_url.as_deref();
        // Without base_url the links stay relative to the feed (which sits at the site
        // root), as RFC 4287 allows; ids are URNs so they never depend on where it is hosted.
        let abs = |path: &str| match base {
            Some(b) => format!("{b}{path}"),
            None => path.to_owned(),
        };
        let urn = format!(
            "urn:redthread:{}",
            slug::slugify(&config.book.title)
                .chars()
                .take(60)
                .collect::<String>()
        );
        let events = &self.events;
        let rfc3339 = |d: jiff::civil::Date| format!("{d}T00:00:00Z");
        let updated = events.first().map_or_else(
            || "1970-01-01T00:00:00Z".to_owned(),
            |e| {
                rfc3339(
                    archive.guidelines[e.guideline].revisions[e.revision]
                        .rev
                        .date,
                )
            },
        );
        let entries = events
            .iter()
            .take(FEED_ENTRIES)
            .map(|e| {
                let item = self.news_item(e);
                let date = archive.guidelines[e.guideline].revisions[e.revision]
                    .rev
                    .date;
                let mut summary = item.changes.clone().unwrap_or_else(|| match e.kind {
                    changes::Kind::New => "First version.".to_owned(),
                    changes::Kind::Revised => "New version.".to_owned(),
                    changes::Kind::Withdrawn => "Withdrawn.".to_owned(),
                });
                if !item.replaced.is_empty() {
                    let names: Vec<&str> = item.replaced.iter().map(|r| r.title.as_str()).collect();
                    summary.push_str(&format!(" Replaces: {}.", names.join(", ")));
                }
                FeedEntry {
                    id: match base {
                        Some(_) => abs(&item.url),
                        None => format!("{urn}:{}:v{}", item.id, item.version),
                    },
                    title: format!(
                        "{} (version {}): {}",
                        item.title, item.version, item.kind_text
                    ),
                    updated: rfc3339(date),
                    url: abs(&item.url),
                    diff_url: item.diff_url.as_deref().map(abs),
                    category: item.category.title.clone(),
                    summary,
                }
            })
            .collect();
        let authors = if config.book.authors.is_empty() {
            vec![config.book.title.clone()]
        } else {
            config.book.authors.clone()
        };
        let feed = FeedView {
            site: self.site.clone(),
            id: match base {
                Some(_) => abs(urls::FEED),
                None => format!("{urn}:feed"),
            },
            updated,
            self_url: base.map(|_| abs(urls::FEED)),
            alternate_url: abs(urls::WHATS_NEW),
            authors,
            entries,
        };
        self.render_site("atom.xml", urls::FEED, &feed)
    }
}
