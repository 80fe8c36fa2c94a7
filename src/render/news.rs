//! The what's-new page and the Atom feed: the archive's changes, newest first.

use crate::changes::{self, Event};
use crate::diagnostics::Diagnostic;
use crate::urls;

use super::views::*;
use super::{Page, Renderer};

/// At most this many entries go into the feed (the what's-new pages list everything).
pub const FEED_ENTRIES: usize = 50;
/// The first what's-new page lists this many of the latest changes; with more, every year
/// gets a page of its own.
pub const FIRST_PAGE: usize = 100;

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
            category_slug: g.category.clone(),
            // Editorial fixes do not count: the entry's text is still what readers follow.
            later_version: g.revisions[e.revision + 1..=g.shown.max(e.revision)]
                .iter()
                .rev()
                .find(|l| {
                    !l.rev.editorial
                        && l.status != crate::model::Status::Draft
                        && l.rev.declared != crate::model::Declared::Withdrawn
                })
                .map(|l| l.rev.version.to_string()),
            replaced_by: if g.status == crate::model::Status::Superseded && e.revision == g.shown {
                g.superseded_by
                    .iter()
                    .map(|&s| LinkView {
                        title: archive.guidelines[s].shown().rev.title.clone(),
                        url: urls::guideline(archive.guidelines[s].id.as_str()),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            later_withdrawn: e.revision < g.shown
                && g.shown().rev.declared == crate::model::Declared::Withdrawn,
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

    fn event_date(&self, e: &Event) -> jiff::civil::Date {
        self.input.archive.guidelines[e.guideline].revisions[e.revision]
            .rev
            .date
    }

    /// Years with changes, newest first, each with how many; none when the first page
    /// holds every change.
    pub(super) fn news_years(&self) -> Vec<(i16, usize)> {
        let mut years: Vec<(i16, usize)> = Vec::new();
        if self.events.len() <= FIRST_PAGE {
            return years;
        }
        for e in &self.events {
            let y = self.event_date(e).year();
            match years.last_mut() {
                Some((last, n)) if *last == y => *n += 1,
                _ => years.push((y, 1)),
            }
        }
        years
    }

    /// Events grouped by month, newest first.
    fn months<'e>(&self, events: impl Iterator<Item = &'e Event>) -> Vec<MonthView> {
        let mut months: Vec<MonthView> = Vec::new();
        for e in events {
            let date = self.event_date(e);
            let id = format!("{:04}-{:02}", date.year(), date.month());
            let item = self.news_item(e);
            if months.last().is_none_or(|m| m.id != id) {
                months.push(MonthView {
                    id,
                    name: self.words().month(date),
                    items: Vec::new(),
                    editorial: Vec::new(),
                    more: None,
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
        months
    }

    fn news_page(
        &self,
        months: Vec<MonthView>,
        year: Option<i16>,
        path: &str,
    ) -> Result<Page, Diagnostic> {
        let mut categories: Vec<FilterCategory> = Vec::new();
        let mut shown = 0;
        for item in months
            .iter()
            .flat_map(|m| m.items.iter().chain(&m.editorial))
        {
            shown += 1;
            if !categories.iter().any(|c| c.slug == item.category_slug) {
                categories.push(FilterCategory {
                    slug: item.category_slug.clone(),
                    name: item.category.title.clone(),
                });
            }
        }
        categories.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then_with(|| a.slug.cmp(&b.slug))
        });
        let page = WhatsNewPage {
            site: self.site.clone(),
            root: String::new(),
            months,
            year,
            years: self
                .news_years()
                .into_iter()
                .map(|(y, count)| YearLink {
                    year: y,
                    url: urls::whats_new_year(y),
                    count,
                    is_this: year == Some(y),
                })
                .collect(),
            categories,
            shown,
            total: self.events.len(),
        };
        self.render_site("whats-new.html", path, &page)
    }

    /// The first what's-new page: the latest [`FIRST_PAGE`] changes.
    pub(super) fn whats_new(&self) -> Result<Page, Diagnostic> {
        let shown = self.events.len().min(FIRST_PAGE);
        let mut months = self.months(self.events[..shown].iter());
        // A month cut short says how many more changes it had, and where they are.
        if let (Some(next), Some(last)) = (self.events.get(shown), months.last_mut()) {
            let date = self.event_date(next);
            if format!("{:04}-{:02}", date.year(), date.month()) == last.id {
                let count = self.events[shown..]
                    .iter()
                    .take_while(|e| {
                        let d = self.event_date(e);
                        (d.year(), d.month()) == (date.year(), date.month())
                    })
                    .count();
                last.more = Some(MoreView {
                    count,
                    url: format!("{}#m-{}", urls::whats_new_year(date.year()), last.id),
                });
            }
        }
        self.news_page(months, None, urls::WHATS_NEW)
    }

    /// The what's-new page of one year: every change that took effect in it.
    pub(super) fn whats_new_year(&self, year: i16) -> Result<Page, Diagnostic> {
        let months = self.months(
            self.events
                .iter()
                .filter(|e| self.event_date(e).year() == year),
        );
        self.news_page(months, Some(year), &urls::whats_new_year(year))
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
        let entries: Vec<FeedEntry> = events
            .iter()
            .take(FEED_ENTRIES)
            .map(|e| {
                let item = self.news_item(e);
                let date = archive.guidelines[e.guideline].revisions[e.revision]
                    .rev
                    .date;
                let w = self.words();
                let mut summary = item.changes.clone().unwrap_or_else(|| {
                    w.get(match e.kind {
                        changes::Kind::New => "feed_first_version",
                        changes::Kind::Revised => "feed_new_version",
                        changes::Kind::Withdrawn => "feed_withdrawn",
                    })
                    .to_owned()
                });
                if !item.replaced.is_empty() {
                    let names: Vec<&str> = item.replaced.iter().map(|r| r.title.as_str()).collect();
                    summary.push(' ');
                    summary.push_str(
                        &w.get("feed_replaces")
                            .replace("{titles}", &names.join(", ")),
                    );
                }
                // A scheduled revision is announced now, not on its future date (a feed
                // entry from the future reads as a clock error); its title says when.
                let scheduled = item.status == crate::model::Status::Scheduled.as_str();
                let (kind_text, updated) = match self.input.today.filter(|_| scheduled) {
                    Some(today) => (
                        w.get("feed_takes_effect")
                            .replace("{date}", &item.date_text),
                        today.min(date),
                    ),
                    None => (item.kind_text.clone(), date),
                };
                FeedEntry {
                    id: match base {
                        Some(_) => abs(&item.url),
                        None => format!("{urn}:{}:v{}", item.id, item.version),
                    },
                    title: format!(
                        "{} ({} {}): {kind_text}",
                        item.title,
                        w.get("version_lc"),
                        item.version
                    ),
                    updated: rfc3339(updated),
                    url: abs(&item.url),
                    diff_url: item.diff_url.as_deref().map(abs),
                    category: item.category.title.clone(),
                    summary,
                }
            })
            .collect();
        let updated = entries
            .iter()
            .map(|e| e.updated.clone())
            .max()
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned());
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
