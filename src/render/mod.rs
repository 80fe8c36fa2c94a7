//! Renders the archive into pages through the theme's Tera templates.

mod banner;
mod diffs;
mod guideline;
mod memo;
mod news;
pub mod redline;
mod site;
pub mod theme;
pub mod views;
pub mod words;
pub(crate) use diffs::labels_for;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use rayon::prelude::*;
use tera::Context;

use crate::config::Config;
use crate::diagnostics::error_chain;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::Rendered;
use crate::model::Archive;
use crate::output::Sink;
use crate::stage::Stage;
use crate::urls;
use theme::Theme;
use views::*;

/// How many recent revisions the home page lists.
const RECENT: usize = 8;
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

    pub(super) fn render(
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
}
