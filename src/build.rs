//! The pipeline: discover -> parse -> graph -> bodies -> publish (pages, redlines, search,
//! feed, manifest) -> one [`Sink`]. Each stage takes the previous one's value and, in
//! `serve`, reuses its own results of the last build ([`Stage`]); only discovery reads the
//! archive, and everything the site holds goes out through the sink.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover;
use crate::frontmatter;
use crate::graph;
use crate::hash;
use crate::incremental::{self, Memo};
use crate::manifest;
use crate::markdown::{self, Broken, LinkTargets, Origin, Rendered};
use crate::model::Revision;
use crate::model::{Archive, Status};
use crate::output::{OutputError, Sink, Site, Staging};
use crate::render::{self, theme, theme::Theme};
use crate::search;
use crate::stage::Stage;
use crate::timings::Timings;
use crate::urls;

/// Choices for one build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Include revisions with `status: draft`.
    pub drafts: bool,
    /// The build's day: revisions dated after it are scheduled (docs/scheduling.md).
    /// `None` treats every date as passed. The binary passes the local date or `--today`;
    /// the library never reads the clock, so a build is a function of its inputs.
    pub today: Option<jiff::civil::Date>,
}

/// A successful build, in memory.
#[derive(Debug)]
pub struct Built {
    /// Settings used.
    pub config: Config,
    /// The revision graph.
    pub archive: Archive,
    /// Every output file.
    pub site: Site,
    /// Problems that did not stop the build.
    pub warnings: Diagnostics,
    /// How long it took.
    pub elapsed: Duration,
    /// With a memo: how much came from earlier builds.
    pub reuse: Option<incremental::Reused>,
    /// Where links in bodies may land, kept so `serve`'s editor previews a body as the
    /// build would render it.
    pub(crate) targets: Arc<LinkTargets>,
}

/// Why a build that writes to disk failed: the archive's problems (exit code 1) or the
/// machine's (exit code 2).
#[derive(Debug)]
pub enum Failure {
    /// Problems in the archive, every one found.
    Problems(Diagnostics),
    /// The output could not be written.
    Output(OutputError),
}

/// Builds the archive at `root` into memory. On failure, every problem found is returned.
pub fn build(root: &Path, options: &Options) -> Result<Built, Diagnostics> {
    build_with(root, options, None)
}

/// [`build`], reusing what `memo` holds from earlier builds and leaving this build's results
/// in it. The output is the same as without a memo.
pub fn build_with(
    root: &Path,
    options: &Options,
    memo: Option<&mut Memo>,
) -> Result<Built, Diagnostics> {
    let sink = Sink::memory();
    let mut built = run(root, options, memo, &sink)?;
    built.site = sink.finish().expect("a memory sink does not fail");
    Ok(built)
}

/// [`build`], writing the site into `staging` as it is rendered (the returned site is
/// empty), so memory does not grow with the size of the site. The caller commits it.
pub fn build_into(root: &Path, options: &Options, staging: &Staging) -> Result<Built, Failure> {
    let sink = Sink::disk(staging);
    let built = run(root, options, None, &sink).map_err(Failure::Problems)?;
    sink.finish().map_err(Failure::Output)?;
    Ok(built)
}

/// The pipeline, one stage after another; every file goes to `sink`.
fn run(
    root: &Path,
    options: &Options,
    mut memo: Option<&mut Memo>,
    sink: &Sink<'_>,
) -> Result<Built, Diagnostics> {
    let start = Instant::now();
    let mut timings = Timings::from_env();
    let config = config::load(root)?;
    let theme = theme::load(root, &config.build.theme, &config.book.language);
    let mut problems: Vec<Diagnostic> = Vec::new();
    timings.stage("config");

    let mut found = discover::discover(root, &mut problems);
    timings.stage("discover");
    // File text hashes key the memo; without one they are not needed.
    let text_hashes: Vec<u64> = match memo {
        Some(_) => found
            .sources
            .par_iter()
            .map(|f| hash::hash_of(f.text.as_str()))
            .collect(),
        None => Vec::new(),
    };

    let parsed = parse(&found, &text_hashes, memo.as_deref_mut(), &mut problems);
    timings.stage("frontmatter");

    let archive = graph::build(
        parsed.revisions,
        options.drafts,
        options.today,
        &parsed.broken.ids,
        &mut problems,
    );
    timings.stage("graph");

    let targets = link_targets(&archive, &found, parsed.left_out, parsed.broken);
    let bodies = bodies(
        &archive,
        &found,
        &targets,
        &text_hashes,
        memo.as_deref_mut(),
    );
    problems.extend(bodies.problems);
    // Links to sections, now that every page's headings and anchors are known.
    problems.extend(crate::fragments::check(&archive, &bodies.rendered));
    // The file texts were needed for positions in diagnostics only; the bodies are in the
    // revisions. Freed before the pages are rendered, where memory peaks.
    found.sources = Vec::new();
    timings.stage("markdown");

    let mut all = Diagnostics(problems);
    let theme = match theme {
        Ok(t) => Some(t),
        Err(d) => {
            all.extend(d.0);
            None
        }
    };
    if all.has_errors() {
        return Err(all.sorted());
    }
    let theme = theme.expect("theme loaded when there are no errors");

    // Files, in the order that decides who wins a path: theme assets, static files and
    // attachments first, so a page beats a static file at the same path; the manifest and
    // the search index last.
    copy_files(&config, &theme, &found, sink, &mut all);
    let (counts, walls) = publish(
        &config,
        &archive,
        &theme,
        &bodies.rendered,
        &bodies.keys,
        options,
        memo.as_deref_mut(),
        sink,
    )?;
    timings.stage("pages and search");
    timings.part("pages", walls[0]);
    timings.part("search", walls[1]);
    if let Some(m) = memo.as_deref_mut() {
        m.last = incremental::Reused {
            guidelines_reused: counts.reused,
            guidelines_rendered: counts.rendered,
            bodies_rendered: bodies.made,
        };
    }
    if all.has_errors() {
        return Err(all.sorted());
    }
    Ok(Built {
        config,
        archive,
        site: Site::default(),
        warnings: all.sorted(),
        elapsed: start.elapsed(),
        reuse: memo.map(|m| m.last),
        targets: Arc::new(targets),
    })
}

/// What the parse stage gives the graph.
struct Parsed {
    /// Every revision that parsed, in source order.
    revisions: Vec<Revision>,
    /// Files that failed to parse: reported once, references to them are not errors again.
    broken: Broken,
    /// Drafts left out of this build, by source path.
    left_out: BTreeSet<String>,
}

/// Parses every source file's front matter, reusing unchanged files' results from `memo`.
fn parse(
    found: &discover::Discovered,
    text_hashes: &[u64],
    memo: Option<&mut Memo>,
    problems: &mut Vec<Diagnostic>,
) -> Parsed {
    let (results, _) = Stage::run(
        memo.map(|m| &mut m.parsed),
        &found.sources,
        |i, file| (file.rel_path.clone(), text_hashes[i]),
        |i, file| {
            let mut out = Vec::new();
            let rev = frontmatter::parse(file, i, &mut out);
            (rev, out)
        },
    );
    let mut revisions = Vec::with_capacity(results.len());
    let mut broken = Broken::default();
    for (i, ((rev, out), file)) in results.into_iter().zip(&found.sources).enumerate() {
        problems.extend(out);
        match rev {
            Some(mut rev) => {
                // A remembered revision may have come from another position in the list.
                rev.source = i;
                revisions.push(rev);
            }
            None => {
                broken.sources.insert(file.rel_path.clone());
                broken.ids.extend(
                    frontmatter::id_from_file_name(&file.rel_path).map(|id| id.to_string()),
                );
            }
        }
    }
    let left_out = revisions
        .iter()
        .filter(|r| r.declared == crate::model::Declared::Draft)
        .map(|r| r.source_path.clone())
        .collect();
    Parsed {
        revisions,
        broken,
        left_out,
    }
}

/// What the Markdown stage gives the pages and the search index.
struct Bodies {
    /// Rendered bodies, indexed like `archive.guidelines[g].revisions[r]`.
    rendered: Vec<Vec<Arc<Rendered>>>,
    /// With a memo, per revision likewise: a hash of its source text and rendered body,
    /// which the pages and search stages key on. Empty rows without a memo.
    keys: Vec<Vec<u64>>,
    /// Problems found in the bodies.
    problems: Vec<Diagnostic>,
    /// How many bodies were rendered now rather than taken from the memo.
    made: usize,
}

/// Renders every revision's Markdown, reusing bodies whose text and link targets are
/// unchanged from `memo`.
fn bodies(
    archive: &Archive,
    found: &discover::Discovered,
    targets: &LinkTargets,
    text_hashes: &[u64],
    memo: Option<&mut Memo>,
) -> Bodies {
    let with_memo = memo.is_some();
    let targets_hash = if with_memo {
        hash::hash_debug(targets)
    } else {
        0
    };
    let nodes: Vec<(usize, usize)> = archive
        .guidelines
        .iter()
        .enumerate()
        .flat_map(|(gi, g)| (0..g.revisions.len()).map(move |ri| (gi, ri)))
        .collect();
    let node = |&(gi, ri): &(usize, usize)| &archive.guidelines[gi].revisions[ri];
    let (made_bodies, made) = Stage::run(
        memo.map(|m| &mut m.bodies),
        &nodes,
        |_, at| {
            let n = node(at);
            let key = hash::combine([text_hashes[n.rev.source], targets_hash]);
            (n.rev.source_path.clone(), key)
        },
        |_, at| {
            let n = node(at);
            let file = &found.sources[n.rev.source];
            let origin = Origin {
                path: &n.rev.source_path,
                file_text: &file.text,
                body_offset: file.text.len() - n.rev.body.len(),
            };
            let mut problems = Vec::new();
            let body = markdown::render(&n.rev.body, &origin, targets, &mut problems);
            let hash = if with_memo { hash::hash_of(&body) } else { 0 };
            incremental::Body {
                rendered: Arc::new(body),
                problems,
                hash,
            }
        },
    );
    let mut out = Bodies {
        rendered: archive
            .guidelines
            .iter()
            .map(|g| Vec::with_capacity(g.revisions.len()))
            .collect(),
        keys: vec![Vec::new(); archive.guidelines.len()],
        problems: Vec::new(),
        made,
    };
    for (&(gi, ri), body) in nodes.iter().zip(made_bodies) {
        if with_memo {
            let source = archive.guidelines[gi].revisions[ri].rev.source;
            out.keys[gi].push(hash::combine([text_hashes[source], body.hash]));
        }
        out.problems.extend(body.problems);
        out.rendered[gi].push(body.rendered);
    }
    out
}

/// Theme assets, the archive's static files and attachments, copied as they are.
fn copy_files(
    config: &Config,
    theme: &Theme,
    found: &discover::Discovered,
    sink: &Sink<'_>,
    problems: &mut Diagnostics,
) {
    for (path, bytes) in &theme.assets {
        // With search off, its scripts would be dead weight.
        if !config.search.enable && render::is_search_asset(path) {
            continue;
        }
        sink.put(format!("{}{path}", urls::ASSETS), bytes.clone().into());
    }
    let files = found
        .statics
        .iter()
        .map(|a| (a.rel.clone(), format!("static/{}", a.rel), a))
        .chain(
            found
                .attachments
                .iter()
                .map(|a| (urls::attachment(&a.rel), format!("content/{}", a.rel), a)),
        );
    for (path, shown, a) in files {
        match std::fs::read(&a.abs) {
            Ok(bytes) => sink.put(path, bytes.into()),
            Err(e) => problems.push(Diagnostic::error(shown, 0, 0, format!("cannot read: {e}"))),
        }
    }
}

/// Pages and the search index side by side, then the manifest and the index files. Also
/// gives the wall time of the pages and of the index, which run at the same time.
#[allow(clippy::too_many_arguments)]
fn publish(
    config: &Config,
    archive: &Archive,
    theme: &Theme,
    rendered: &[Vec<Arc<Rendered>>],
    revision_keys: &[Vec<u64>],
    options: &Options,
    memo: Option<&mut Memo>,
    sink: &Sink<'_>,
) -> Result<(render::Counts, [Duration; 2]), Diagnostics> {
    let input = render::Input {
        config,
        archive,
        bodies: rendered,
        theme,
        today: options.today,
    };
    // What every page depends on, hashed only when a memo will compare it.
    let global = || {
        hash::combine([
            hash::hash_debug(config),
            theme.fingerprint,
            hash::hash_debug(
                &archive
                    .categories
                    .iter()
                    .map(|c| (&c.name, &c.slug))
                    .collect::<Vec<_>>(),
            ),
            u64::from(options.drafts),
            hash::hash_debug(&options.today),
        ])
    };
    let (page_memo, search_memo) = match memo {
        Some(m) => (
            Some(render::PageMemo {
                guidelines: &mut m.pages,
                site: &mut m.site_pages,
                fingerprints: render::Fingerprints {
                    global: global(),
                    revisions: revision_keys,
                },
            }),
            Some(&mut m.search),
        ),
        None => (None, None),
    };
    let ((counts, pages_wall), (search, search_wall)) = rayon::join(
        || {
            let start = Instant::now();
            (render::pages(&input, sink, page_memo), start.elapsed())
        },
        || {
            let start = Instant::now();
            let files = config
                .search
                .enable
                .then(|| search_files(config, archive, rendered, revision_keys, search_memo));
            (files, start.elapsed())
        },
    );
    let counts = counts?;
    sink.put(
        urls::MANIFEST.to_owned(),
        manifest::render(config, archive).into(),
    );
    if let Some(files) = search {
        for (path, bytes) in files.files {
            sink.put(path, bytes.into());
        }
    }
    Ok((counts, [pages_wall, search_wall]))
}

/// The search index, updating the memo's terms in place when there is one.
fn search_files(
    config: &Config,
    archive: &Archive,
    rendered: &[Vec<Arc<Rendered>>],
    revision_keys: &[Vec<u64>],
    memo: Option<&mut crate::search::Inverted>,
) -> crate::search::SearchFiles {
    match memo {
        Some(m) => {
            let previous = std::mem::take(m);
            let (files, next) = search::build(
                config,
                archive,
                rendered,
                Some(revision_keys),
                Some(previous),
            );
            *m = next.unwrap_or_default();
            files
        }
        None => search::build(config, archive, rendered, None, None).0,
    }
}

/// Where links in bodies may land: revision pages by source file, current pages by id.
fn link_targets(
    archive: &Archive,
    found: &discover::Discovered,
    left_out: BTreeSet<String>,
    broken: Broken,
) -> LinkTargets {
    let mut t = LinkTargets {
        left_out,
        broken,
        ..LinkTargets::default()
    };
    for g in &archive.guidelines {
        for n in &g.revisions {
            t.sources.insert(
                n.rev.source_path.clone(),
                urls::revision(g.id.as_str(), n.rev.version.as_str()),
            );
        }
        // A link by id follows renames: while exactly one guideline replaced this one, go there.
        let mut at = archive.find(&g.id).expect("guideline is in the archive");
        let mut seen = BTreeSet::new();
        while archive.guidelines[at].status == Status::Superseded
            && archive.guidelines[at].superseded_by.len() == 1
            && seen.insert(at)
        {
            at = archive.guidelines[at].superseded_by[0];
        }
        t.ids.insert(
            g.id.to_string(),
            urls::guideline(archive.guidelines[at].id.as_str()),
        );
    }
    t.attachments = found.attachments.iter().map(|a| a.rel.clone()).collect();
    t.statics = found.statics.iter().map(|a| a.rel.clone()).collect();
    t
}
