//! The pipeline: discover -> parse -> graph -> render -> (caller writes). Each stage takes
//! the previous one's value; only discovery reads the archive and nothing here writes.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
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
use crate::model::{Archive, Status};
use crate::output::{Site, Staging};
use crate::render::{self, theme};
use crate::search;
use crate::timings::Timings;
use crate::urls;

/// Choices for one build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Include revisions with `status: draft`.
    pub drafts: bool,
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
    pub reuse: Option<incremental::Reuse>,
}

impl Built {
    /// Where `build` writes by default: `[build] output` under the archive root.
    pub fn default_output(&self, root: &Path) -> PathBuf {
        root.join(&self.config.build.output)
    }
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
    run(root, options, memo, None)
}

/// [`build`], writing the site into `staging` as it is rendered (the returned site is
/// empty), so memory does not grow with the size of the site. The caller commits it.
pub fn build_into(root: &Path, options: &Options, staging: &Staging) -> Result<Built, Diagnostics> {
    run(root, options, None, Some(staging))
}

fn run(
    root: &Path,
    options: &Options,
    mut memo: Option<&mut Memo>,
    staging: Option<&Staging>,
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
    let text_hashes: Vec<u64> = if memo.is_some() {
        found
            .sources
            .par_iter()
            .map(|f| hash::hash_of(f.text.as_str()))
            .collect()
    } else {
        Vec::new()
    };
    // Taken out, so entries of unchanged files move to the new memo instead of being copied.
    let mut previous = memo
        .as_deref_mut()
        .map(|m| std::mem::take(&mut m.parsed))
        .unwrap_or_default();
    let parsed: Vec<(Option<_>, Vec<Diagnostic>, bool)> = found
        .sources
        .par_iter()
        .enumerate()
        .map(|(i, file)| {
            if let Some(hit) = previous
                .get(&file.rel_path)
                .filter(|p| p.text == text_hashes[i])
            {
                let mut rev = hit.revision.clone();
                if let Some(rev) = rev.as_mut() {
                    rev.source = i;
                }
                return (rev, hit.problems.clone(), true);
            }
            let mut out = Vec::new();
            let rev = frontmatter::parse(file, i, &mut out);
            (rev, out, false)
        })
        .collect();
    if let Some(m) = memo.as_deref_mut() {
        for ((file, (rev, out, hit)), &text) in found.sources.iter().zip(&parsed).zip(&text_hashes)
        {
            let entry = match previous.remove(&file.rel_path).filter(|_| *hit) {
                Some(kept) => kept,
                None => incremental::Parsed {
                    text,
                    revision: rev.clone(),
                    problems: out.clone(),
                },
            };
            m.parsed.insert(file.rel_path.clone(), entry);
        }
    }
    let parsed: Vec<(Option<_>, Vec<Diagnostic>)> =
        parsed.into_iter().map(|(rev, out, _)| (rev, out)).collect();
    timings.stage("frontmatter");
    let mut revisions = Vec::with_capacity(parsed.len());
    // Files that failed to parse are reported once; references to them are not errors again.
    let mut broken = Broken::default();
    for ((rev, out), file) in parsed.into_iter().zip(&found.sources) {
        problems.extend(out);
        match rev {
            Some(rev) => revisions.push(rev),
            None => {
                broken.sources.insert(file.rel_path.clone());
                broken.ids.extend(
                    frontmatter::id_from_file_name(&file.rel_path).map(|id| id.to_string()),
                );
            }
        }
    }
    let left_out: BTreeSet<String> = if options.drafts {
        BTreeSet::new()
    } else {
        revisions
            .iter()
            .filter(|r| r.declared == crate::model::Declared::Draft)
            .map(|r| r.source_path.clone())
            .collect()
    };
    let archive = graph::build(revisions, options.drafts, &broken.ids, &mut problems);
    timings.stage("graph");

    let targets = link_targets(&archive, &found, left_out, broken);
    let targets_hash = memo.as_ref().map(|_| hash::hash_debug(&targets));
    let previous = memo.as_deref();
    // Per revision: the body, its problems, and (with a memo) its memo key, the hash of the
    // rendered body and whether it was rendered now rather than taken from the memo.
    type Body = (Arc<Rendered>, Vec<Diagnostic>, u64, u64, bool);
    let bodies: Vec<Vec<Body>> = archive
        .guidelines
        .par_iter()
        .map(|g| {
            g.revisions
                .iter()
                .map(|n| {
                    let file = &found.sources[n.rev.source];
                    let key =
                        targets_hash.map_or(0, |t| hash::combine([text_hashes[n.rev.source], t]));
                    if let Some(hit) = previous
                        .and_then(|m| m.bodies.get(&n.rev.source_path))
                        .filter(|b| b.key == key)
                    {
                        return (
                            hit.rendered.clone(),
                            hit.problems.clone(),
                            key,
                            hit.hash,
                            false,
                        );
                    }
                    let origin = Origin {
                        path: &n.rev.source_path,
                        file_text: &file.text,
                        body_offset: file.text.len() - n.rev.body.len(),
                    };
                    let mut out = Vec::new();
                    let body = markdown::render(&n.rev.body, &origin, &targets, &mut out);
                    let hash = if previous.is_some() {
                        hash::hash_debug(&body)
                    } else {
                        0
                    };
                    (Arc::new(body), out, key, hash, true)
                })
                .collect()
        })
        .collect();
    let mut rendered: Vec<Vec<Arc<Rendered>>> = Vec::with_capacity(bodies.len());
    // With a memo: per revision, a hash of its source text and its rendered body.
    let mut revision_keys: Vec<Vec<u64>> = Vec::new();
    let mut body_memo = HashMap::new();
    let mut bodies_rendered = 0;
    for (g, revisions) in archive.guidelines.iter().zip(bodies) {
        let mut row = Vec::with_capacity(revisions.len());
        let mut keys = Vec::new();
        for (n, (body, out, key, hash, fresh)) in g.revisions.iter().zip(revisions) {
            if memo.is_some() {
                keys.push(hash::combine([text_hashes[n.rev.source], hash]));
                bodies_rendered += usize::from(fresh);
                body_memo.insert(
                    n.rev.source_path.clone(),
                    incremental::Body {
                        key,
                        rendered: body.clone(),
                        problems: out.clone(),
                        hash,
                    },
                );
            }
            problems.extend(out);
            row.push(body);
        }
        rendered.push(row);
        revision_keys.push(keys);
    }
    // Links to sections, now that every page's headings and anchors are known.
    problems.extend(crate::fragments::check(&archive, &rendered));
    if let Some(m) = memo.as_deref_mut() {
        m.bodies = body_memo;
        m.last.bodies_rendered = bodies_rendered;
    }
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
    let input = render::Input {
        config: &config,
        archive: &archive,
        bodies: &rendered,
        theme: &theme,
        write: staging,
    };
    let search_memo = memo.as_deref_mut().map(|m| std::mem::take(&mut m.search));
    let reuse = memo.as_deref().map(|m| render::Reuse {
        global: hash::combine([
            hash::hash_debug(&config),
            theme.fingerprint,
            hash::hash_debug(
                &archive
                    .categories
                    .iter()
                    .map(|c| (&c.name, &c.slug))
                    .collect::<Vec<_>>(),
            ),
            u64::from(options.drafts),
        ]),
        revisions: &revision_keys,
        previous: &m.pages,
        previous_site: &m.site_pages,
    });
    let (pages, search_files) = rayon::join(
        || render::pages(&input, reuse.as_ref()),
        || {
            config.search.enable.then(|| {
                let keys = search_memo.is_some().then_some(revision_keys.as_slice());
                search::build(&config, &archive, &rendered, keys, search_memo)
            })
        },
    );
    let rendered_pages = pages?;
    let (search_files, search_memo) = match search_files {
        Some((files, memo)) => (Some(files), memo),
        None => (None, None),
    };
    if let Some(m) = memo.as_deref_mut() {
        m.pages = rendered_pages.memo;
        m.site_pages = rendered_pages.site_memo;
        m.search = search_memo.unwrap_or_default();
        m.last.guidelines_reused = rendered_pages.reused;
        m.last.guidelines_rendered = rendered_pages.rendered;
    }
    let pages = rendered_pages.pages;
    // A page beats a static file or attachment at the same path, as it does in memory
    // (where pages are inserted after them), so `build` and `serve` publish the same site.
    let on_disk: std::collections::HashSet<String> = rendered_pages.written.into_iter().collect();
    timings.stage("pages and search");

    let mut site = Site::default();
    for (path, bytes) in &theme.assets {
        // With search off, its scripts would be dead weight.
        if !config.search.enable && render::is_search_asset(path) {
            continue;
        }
        site.insert(format!("{}{path}", urls::ASSETS), bytes.clone());
    }
    for a in &found.statics {
        match std::fs::read(&a.abs) {
            Ok(bytes) => site.insert(a.rel.clone(), bytes),
            Err(e) => all.push(Diagnostic::error(
                format!("static/{}", a.rel),
                0,
                0,
                format!("cannot read: {e}"),
            )),
        }
    }
    for a in &found.attachments {
        match std::fs::read(&a.abs) {
            Ok(bytes) => site.insert(urls::attachment(&a.rel), bytes),
            Err(e) => all.push(Diagnostic::error(
                format!("content/{}", a.rel),
                0,
                0,
                format!("cannot read: {e}"),
            )),
        }
    }
    for (path, bytes) in pages {
        site.insert(path, bytes);
    }
    site.insert(urls::MANIFEST, manifest::render(&config, &archive));
    if let Some(files) = search_files {
        for (path, bytes) in files.files {
            site.insert(path, bytes);
        }
    }
    if let Some(staging) = staging
        && !all.has_errors()
    {
        let written = site
            .files
            .par_iter()
            .filter(|(rel, _)| !on_disk.contains(rel.as_str()))
            .try_for_each(|(rel, bytes)| staging.put(rel, bytes));
        if let Err(e) = written {
            all.push(Diagnostic::error(
                staging.out().display().to_string(),
                0,
                0,
                e.to_string(),
            ));
        }
        site = Site::default();
    }
    timings.stage("site");
    if all.has_errors() {
        return Err(all.sorted());
    }
    Ok(Built {
        config,
        archive,
        site,
        warnings: all.sorted(),
        elapsed: start.elapsed(),
        reuse: memo.map(|m| m.last),
    })
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
