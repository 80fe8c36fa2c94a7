//! Renders the archive into pages through the theme's Tera templates.

mod banner;
mod diffs;
mod news;
pub mod redline;
pub mod theme;
pub mod views;
pub mod words;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use rayon::prelude::*;
use tera::Context;

use crate::config::Config;
use crate::diagnostics::error_chain;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::incremental::Stage;
use crate::markdown::Rendered;
use crate::model::{Archive, Guideline, Status};
use crate::output::Sink;
use crate::urls;
use theme::Theme;
use views::*;

/// How many recent revisions the home page lists.
const RECENT: usize = 8;
/// Longest revision history shown in full on a permanent revision page; longer ones show
/// a window, or a guideline with thousands of revisions would make pages grow with the
/// square of its revision count. The stable page always lists every revision.
pub(super) const HISTORY_FULL: usize = 25;

/// Revisions to list, newest first, each with how many are left out after it. With `this`
/// (a permanent page) and a long history: the newest three, five either side of this
/// revision, and the first two.
fn history_window(len: usize, this: Option<usize>) -> Vec<(usize, usize)> {
    let Some(this) = this.filter(|_| len > HISTORY_FULL) else {
        return (0..len).rev().map(|i| (i, 0)).collect();
    };
    let keep = |i: usize| i < 2 || i + 3 >= len || i.abs_diff(this) <= 5;
    let mut out: Vec<(usize, usize)> = Vec::new();
    for i in (0..len).rev() {
        if keep(i) {
            out.push((i, 0));
        } else if let Some(last) = out.last_mut() {
            last.1 += 1;
        }
    }
    out
}

/// A rendered page: (site path, bytes).
pub type Page = (String, Bytes);
/// Rendered pages.
pub type Pages = Vec<Page>;

/// Everything the page renderer needs.
pub struct Input<'a> {
    /// Settings.
    pub config: &'a Config,
    /// The revision graph.
    pub archive: &'a Archive,
    /// Rendered bodies, indexed like `archive.guidelines[g].revisions[r]`.
    pub bodies: &'a [Vec<Arc<Rendered>>],
    /// Loaded templates.
    pub theme: &'a Theme,
    /// The build's day ([`crate::build::Options::today`]).
    pub today: Option<jiff::civil::Date>,
}

/// Whether a theme asset (path under `assets/`) belongs to search, left out when search is off.
pub fn is_search_asset(path: &str) -> bool {
    path == "search.js" || path == "search-engine.js" || path.starts_with("vendor/")
}

/// What lets [`pages`] reuse pages from an earlier build (see [`crate::incremental`]).
pub(crate) struct Fingerprints<'a> {
    /// Hash of what every page depends on: settings, theme, category names.
    pub global: u64,
    /// Per revision, indexed like the archive: a hash of its source text and rendered body.
    pub revisions: &'a [Vec<u64>],
}

/// The last build's pages, where this build leaves its own for the next.
pub(crate) struct PageMemo<'a> {
    /// Each guideline's pages by fingerprint.
    pub guidelines: &'a mut Stage<u64, Result<Arc<Pages>, Diagnostic>>,
    /// Pages that list the whole archive, by a hash of their template data.
    pub site: &'a mut SiteMemo,
    /// What makes the fingerprints.
    pub fingerprints: Fingerprints<'a>,
}

impl Fingerprints<'_> {
    /// Hash of what guideline `gi` itself contributes to pages: its revisions and where the
    /// revision graph placed them.
    fn guideline_key(&self, archive: &Archive, gi: usize) -> u64 {
        use crate::hash::{combine, hash_debug, hash_of};
        let g = &archive.guidelines[gi];
        let mut parts = vec![
            hash_of(g.id.as_str()),
            g.shown as u64,
            hash_of(g.status.as_str()),
            hash_of(&g.category),
            hash_debug(&(&g.superseded_by, &g.replaces, g.upcoming)),
        ];
        for (ri, n) in g.revisions.iter().enumerate() {
            parts.push(self.revisions[gi][ri]);
            parts.push(hash_debug(&(n.status, &n.superseded_by, n.previous)));
        }
        combine(parts)
    }

    /// Hash of everything the pages of guideline `gi` show: the global settings, the
    /// guideline, and the guidelines its banners and comparisons name. `keys` holds every
    /// guideline's [`Self::guideline_key`].
    fn fingerprint(&self, archive: &Archive, keys: &[u64], gi: usize) -> u64 {
        let g = &archive.guidelines[gi];
        let mut related = std::collections::BTreeSet::new();
        for n in &g.revisions {
            related.extend(n.superseded_by.iter().map(|s| s.by.guideline));
        }
        related.extend(g.superseded_by.iter().copied());
        related.extend(g.upcoming.map(|u| u.guideline));
        related.extend(g.replaces.iter().copied());
        related.extend(
            crate::changes::comparisons(archive, gi)
                .iter()
                .map(|c| c.replaced),
        );
        related.remove(&gi);
        crate::hash::combine(
            [self.global, keys[gi]]
                .into_iter()
                .chain(related.into_iter().map(|r| keys[r])),
        )
    }
}

/// How many guidelines' pages a build rendered and reused.
pub struct Counts {
    /// Guidelines whose pages came from the last build.
    pub reused: usize,
    /// Guidelines whose pages were rendered.
    pub rendered: usize,
}

/// Renders every page into `sink`, reusing pages of the last build from `memo` where their
/// inputs are unchanged. Without a memo each guideline's pages go to the sink as soon as they
/// are rendered, so a large site is never held whole.
pub(crate) fn pages(
    input: &Input<'_>,
    sink: &Sink<'_>,
    memo: Option<PageMemo<'_>>,
) -> Result<Counts, Diagnostics> {
    let site = SiteView {
        title: input.config.book.title.clone(),
        description: input.config.book.description.clone(),
        language: input.config.book.language.clone(),
        search: input.config.search.enable,
        base_url: input.config.book.base_url.clone(),
        search_language: crate::lang::search_code(&input.config.book.language).unwrap_or("en"),
        diff_pattern: urls::diff("{id}", "{from}", "{to}"),
    };
    let (guideline_memo, mut site_memo, fingerprints) = match memo {
        Some(m) => (Some(m.guidelines), Some(m.site), Some(m.fingerprints)),
        None => (None, None, None),
    };
    let previous_site = site_memo.as_deref_mut().map(std::mem::take);
    let r = Renderer {
        input,
        site,
        events: crate::changes::events(input.archive),
        site_memo: fingerprints
            .as_ref()
            .zip(previous_site.as_ref())
            .map(|(f, previous)| (f.global, previous, Mutex::new(HashMap::new()))),
    };
    // Each guideline's key once: a fingerprint also takes those of the guidelines it names.
    let keys: Vec<u64> = match &fingerprints {
        Some(f) => (0..input.archive.guidelines.len())
            .into_par_iter()
            .map(|gi| f.guideline_key(input.archive, gi))
            .collect(),
        None => Vec::new(),
    };
    let streaming = guideline_memo.is_none();
    let (guidelines, rendered) = Stage::run(
        guideline_memo,
        &input.archive.guidelines,
        |gi, _| {
            let f = fingerprints
                .as_ref()
                .expect("a memo comes with fingerprints")
                .fingerprint(input.archive, &keys, gi);
            (f, f)
        },
        |gi, _| -> Result<Arc<Pages>, Diagnostic> {
            let mut pages = r.guideline_pages(gi)?;
            pages.extend(r.diff_pages(gi)?);
            if streaming {
                for (path, bytes) in pages {
                    sink.put(path, bytes);
                }
                return Ok(Arc::default());
            }
            Ok(Arc::new(pages))
        },
    );
    let counts = Counts {
        reused: guidelines.len() - rendered,
        rendered,
    };
    let mut problems = Diagnostics::default();
    for job in guidelines {
        match job {
            Ok(pages) => {
                for (path, bytes) in pages.iter() {
                    sink.put(path.clone(), bytes.clone());
                }
            }
            Err(d) => problems.push(d),
        }
    }
    // The site-wide pages, side by side: each lists the whole archive.
    let mut site_pages = vec![
        SitePage::Home,
        SitePage::WhatsNew,
        SitePage::Feed,
        SitePage::NotFound,
        SitePage::InForce,
        SitePage::Words,
    ];
    if input.config.search.enable {
        site_pages.push(SitePage::Search);
    }
    site_pages.extend(
        r.news_years()
            .into_iter()
            .map(|(y, _)| SitePage::WhatsNewYear(y)),
    );
    site_pages.extend((0..input.archive.categories.len()).map(SitePage::Category));
    let site_jobs: Vec<Result<Page, Diagnostic>> = site_pages
        .par_iter()
        .map(|page| match *page {
            SitePage::Home => r.home(),
            SitePage::WhatsNew => r.whats_new(),
            SitePage::WhatsNewYear(y) => r.whats_new_year(y),
            SitePage::Feed => r.feed(),
            SitePage::NotFound => r.not_found(),
            SitePage::InForce => r.in_force_page(),
            SitePage::Words => Ok((
                urls::WORDS_SCRIPT.to_owned(),
                input.theme.words.script().into(),
            )),
            SitePage::Search => r.search_page(),
            SitePage::Category(ci) => r.category(ci),
        })
        .collect();
    for job in site_jobs {
        match job {
            Ok((path, bytes)) => sink.put(path, bytes),
            Err(d) => problems.push(d),
        }
    }
    if let (Some(memo), Some((_, _, next))) = (site_memo, r.site_memo) {
        *memo = next.into_inner().unwrap_or_else(|e| e.into_inner());
    }
    if problems.is_empty() {
        Ok(counts)
    } else {
        Err(problems.sorted())
    }
}

/// Site-wide pages by a hash of their template data.
pub type SiteMemo = HashMap<u64, Bytes>;

/// A page that lists the whole archive (or none of it).
enum SitePage {
    Home,
    WhatsNew,
    /// The what's-new page of one year.
    WhatsNewYear(i16),
    Feed,
    NotFound,
    InForce,
    Words,
    Search,
    Category(usize),
}

struct Renderer<'a> {
    input: &'a Input<'a>,
    site: SiteView,
    /// Every change, newest first: shared by the home page, what's new and the feed.
    events: Vec<crate::changes::Event>,
    /// With a memo: the global key, the site-wide pages of the last build, and this build's.
    site_memo: Option<(u64, &'a SiteMemo, Mutex<SiteMemo>)>,
}

impl Renderer<'_> {
    /// The theme's words in the archive's language.
    pub(super) fn words(&self) -> &words::Words {
        &self.input.theme.words
    }

    /// A date for reading, in the archive's language.
    pub(super) fn date_text(&self, d: jiff::civil::Date) -> String {
        self.words().date(d)
    }

    /// Newest published version that is not an editorial fix, and every published
    /// version (oldest first), for the changed-since marks.
    fn versions(&self, g: &Guideline) -> (String, String) {
        let published: Vec<&crate::model::RevisionNode> = g.revisions[..=g.shown]
            .iter()
            .filter(|n| n.status != Status::Draft)
            .collect();
        let substantive = published
            .iter()
            .enumerate()
            .rev()
            .find(|(i, n)| *i == 0 || !n.rev.editorial)
            .map_or_else(String::new, |(_, n)| n.rev.version.to_string());
        let all: Vec<&str> = published.iter().map(|n| n.rev.version.as_str()).collect();
        (substantive, all.join(" "))
    }

    /// A guideline's identity, with what the changed-since marks need.
    pub(super) fn guideline_view(&self, g: &Guideline) -> GuidelineView {
        let (substantive, versions) = self.versions(g);
        GuidelineView {
            id: g.id.to_string(),
            title: g.shown().rev.title.clone(),
            url: urls::guideline(g.id.as_str()),
            status: g.status.as_str(),
            current: g.shown().rev.version.to_string(),
            substantive,
            versions,
        }
    }

    fn in_force_view(&self, n: &crate::model::RevisionNode) -> Option<InForceView> {
        n.in_force().map(|(from, until)| InForceView {
            from: from.to_string(),
            from_text: self.date_text(from),
            until: until.map(|u| u.to_string()),
            until_text: until.map(|u| self.date_text(u)),
            same_day: until == Some(from),
            planned_end: n.status == Status::Current && until.is_some(),
            scheduled: n.status == Status::Scheduled,
        })
    }

    /// The scheduled revision that replaces revision `ri` of guideline `gi` next, when
    /// `ri` is the one in force.
    fn upcoming_view(&self, gi: usize, ri: usize) -> Option<UpcomingView> {
        let archive = self.input.archive;
        let g = &archive.guidelines[gi];
        let u = g.upcoming.filter(|_| ri == g.shown)?;
        let n = archive.rev(u);
        let other = &archive.guidelines[u.guideline];
        let same = u.guideline == gi;
        Some(UpcomingView {
            title: n.rev.title.clone(),
            version: n.rev.version.to_string(),
            url: urls::revision(other.id.as_str(), n.rev.version.as_str()),
            diff_url: if same {
                Some(urls::diff(
                    g.id.as_str(),
                    g.shown().rev.version.as_str(),
                    n.rev.version.as_str(),
                ))
            } else {
                self.compare_url(u.guideline, gi)
            },
            same_guideline: same,
            withdrawal: n.rev.declared == crate::model::Declared::Withdrawn,
            date: n.rev.date.to_string(),
            date_text: self.date_text(n.rev.date),
        })
    }

    fn in_force_page(&self) -> Result<Page, Diagnostic> {
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

    /// [`Self::render`] for a page that lists the whole archive: with a memo, its bytes are
    /// reused when its template data is the same as in the last build (a body edit changes
    /// no list), since rendering a long list costs far more than hashing its data.
    pub(super) fn render_site(
        &self,
        template: &str,
        page: &str,
        data: &impl serde::Serialize,
    ) -> Result<Page, Diagnostic> {
        let Some((global, previous, next)) = &self.site_memo else {
            return self.render(template, page, data);
        };
        let mut hasher = crate::hash::HashWriter::default();
        hasher.write_u64(*global);
        hasher.write_str(template);
        hasher.write_str(page);
        serde_json::to_writer(&mut hasher, data).map_err(|e| {
            Diagnostic::error(template, 0, 0, format!("cannot pass data to template: {e}"))
        })?;
        let key = hasher.finish();
        let bytes = match previous.get(&key) {
            Some(bytes) => bytes.clone(),
            None => self.render(template, page, data)?.1,
        };
        next.lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, bytes.clone());
        Ok((page.to_owned(), bytes))
    }

    fn render(
        &self,
        template: &str,
        page: &str,
        data: &impl serde::Serialize,
    ) -> Result<Page, Diagnostic> {
        let fail = |msg: String| {
            Diagnostic::error(
                format!(
                    "themes/{}/templates/{template}",
                    self.input.config.build.theme
                ),
                0,
                0,
                msg,
            )
        };
        let ctx = Context::from_serialize(data)
            .map_err(|e| fail(format!("cannot pass data to template: {}", error_chain(&e))))?;
        let mut html = self
            .input
            .theme
            .tera
            .render(template, &ctx)
            .map_err(|e| fail(format!("cannot render {page}: {}", error_chain(&e))))?;
        // Every page stays in memory until the site is written: drop the slack the
        // growing buffer left (up to half of it), which is a large share of peak memory.
        html.shrink_to_fit();
        Ok((page.to_owned(), Bytes::from(html.into_bytes())))
    }

    fn category_link(&self, g: &Guideline) -> LinkView {
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

    fn card(&self, gi: usize) -> CardView {
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

    fn section(&self, ci: usize) -> CategorySection {
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

    fn home(&self) -> Result<Page, Diagnostic> {
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

    fn category(&self, ci: usize) -> Result<Page, Diagnostic> {
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

    fn not_found(&self) -> Result<Page, Diagnostic> {
        let page = PlainPage {
            site: self.site.clone(),
            root: String::new(),
        };
        self.render_site("404.html", urls::NOT_FOUND, &page)
    }

    fn search_page(&self) -> Result<Page, Diagnostic> {
        let page = PlainPage {
            site: self.site.clone(),
            root: String::new(),
        };
        self.render_site("search.html", urls::SEARCH_PAGE, &page)
    }

    fn history_item(&self, g: &Guideline, ri: usize, this: Option<usize>) -> HistoryItem {
        let n = &g.revisions[ri];
        HistoryItem {
            version: n.rev.version.to_string(),
            title: n.rev.title.clone(),
            date: n.rev.date.to_string(),
            date_text: self.date_text(n.rev.date),
            status: n.status.as_str(),
            url: urls::revision(g.id.as_str(), n.rev.version.as_str()),
            changes: n.rev.changes.clone(),
            is_this: this == Some(ri),
            editorial: n.rev.editorial,
            omitted_after: 0,
            diff_url: (ri > 0).then(|| {
                urls::diff(
                    g.id.as_str(),
                    g.revisions[ri - 1].rev.version.as_str(),
                    n.rev.version.as_str(),
                )
            }),
        }
    }

    /// The stable page and one page per revision of guideline `gi`.
    fn guideline_pages(&self, gi: usize) -> Result<Pages, Diagnostic> {
        let archive = self.input.archive;
        let g = &archive.guidelines[gi];
        let mut out = Vec::with_capacity(g.revisions.len() + 1);
        let stable_path = urls::guideline(g.id.as_str());
        out.push(self.revision_page(gi, g.shown, true, &stable_path)?);
        for (ri, n) in g.revisions.iter().enumerate() {
            let path = urls::revision(g.id.as_str(), n.rev.version.as_str());
            out.push(self.revision_page(gi, ri, false, &path)?);
        }
        Ok(out)
    }

    fn revision_page(
        &self,
        gi: usize,
        ri: usize,
        stable: bool,
        path: &str,
    ) -> Result<Page, Diagnostic> {
        let archive = self.input.archive;
        let g = &archive.guidelines[gi];
        let n = &g.revisions[ri];
        let body = &self.input.bodies[gi][ri];
        let rev = &n.rev;
        let superseded_by = n
            .superseded_by
            .iter()
            .map(|s| {
                let by = archive.rev(s.by);
                let same = s.by.guideline == gi;
                let other = &archive.guidelines[s.by.guideline];
                SuccessorView {
                    title: if same {
                        by.rev.title.clone()
                    } else {
                        other.shown().rev.title.clone()
                    },
                    version: by.rev.version.to_string(),
                    url: if same {
                        urls::revision(g.id.as_str(), by.rev.version.as_str())
                    } else {
                        urls::guideline(other.id.as_str())
                    },
                    same_guideline: same,
                    since: s.since.to_string(),
                    since_text: self.date_text(s.since),
                    compare_url: self.compare_url(s.by.guideline, gi),
                }
            })
            .collect();
        let current = (ri != g.shown && g.status != Status::Draft)
            .then(|| self.history_item(g, g.shown, None));
        let page = RevisionPage {
            site: self.site.clone(),
            root: urls::root_of(path),
            stable,
            guideline: self.guideline_view(g),
            revision: RevisionView {
                version: rev.version.to_string(),
                title: rev.title.clone(),
                date: rev.date.to_string(),
                date_text: self.date_text(rev.date),
                status: n.status.as_str(),
                summary: rev.summary.clone(),
                changes: rev.changes.clone(),
                tags: rev.tags.clone(),
                review_by: rev.review_by.map(|d| d.to_string()),
                review_by_text: rev.review_by.map(|d| self.date_text(d)),
                url: urls::revision(g.id.as_str(), rev.version.as_str()),
                html: body.html.clone(),
                toc: crate::markdown::toc(&body.toc),
                source: rev.source_path.clone(),
                extra: rev.extra.clone(),
                editorial: rev.editorial,
                in_force: self.in_force_view(n),
            },
            category: self.category_link(g),
            superseded_by,
            current,
            upcoming: self.upcoming_view(gi, ri),
            renamed: self.renamed(gi),
            replaces: crate::changes::comparisons(archive, gi)
                .iter()
                .map(|c| {
                    let other = &archive.guidelines[c.replaced];
                    ReplacedView {
                        title: other.shown().rev.title.clone(),
                        url: urls::guideline(other.id.as_str()),
                        compare_url: c.url(archive),
                    }
                })
                .collect(),
            diff_from_previous: (ri > 0).then(|| {
                urls::diff(
                    g.id.as_str(),
                    g.revisions[ri - 1].rev.version.as_str(),
                    rev.version.as_str(),
                )
            }),
            diff_to_current: (ri < g.shown).then(|| {
                urls::diff(
                    g.id.as_str(),
                    rev.version.as_str(),
                    g.shown().rev.version.as_str(),
                )
            }),
            compare: {
                let (from, to) = if ri > 0 { (ri - 1, ri) } else { (0, 1) };
                self.compare_view(gi, from, to.min(g.revisions.len() - 1), !stable)
            },
            address: match &self.input.config.book.base_url {
                Some(base) => format!("{base}{path}"),
                None => path.to_owned(),
            },
            // The stable page links every revision, its own included, so every permanent
            // page is reachable.
            history: history_window(g.revisions.len(), (!stable).then_some(ri))
                .into_iter()
                .map(|(i, gap)| HistoryItem {
                    omitted_after: gap,
                    ..self.history_item(g, i, (!stable).then_some(ri))
                })
                .collect(),
        };
        self.render("revision.html", path, &page)
    }
}

#[cfg(test)]
mod tests {
    use super::history_window;

    #[test]
    fn short_histories_are_listed_in_full() {
        let all: Vec<_> = (0..5).rev().map(|i| (i, 0)).collect();
        assert_eq!(history_window(5, Some(2)), all);
        assert_eq!(history_window(100, None).len(), 100);
    }

    #[test]
    fn long_histories_show_a_window_and_count_the_rest() {
        let w = history_window(100, Some(50));
        let shown: Vec<usize> = w.iter().map(|&(i, _)| i).collect();
        let expected: Vec<usize> = [99, 98, 97]
            .into_iter()
            .chain((45..=55).rev())
            .chain([1, 0])
            .collect();
        assert_eq!(shown, expected);
        // Every revision is either shown or counted in a gap.
        assert_eq!(w.len() + w.iter().map(|&(_, gap)| gap).sum::<usize>(), 100);
        assert_eq!(w[2], (97, 41));
        assert_eq!(w[13], (45, 43));
    }
}
