//! The pipeline: discover -> parse -> graph -> render -> (caller writes). Each stage takes
//! the previous one's value; only discovery reads the archive and nothing here writes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover;
use crate::frontmatter;
use crate::graph;
use crate::manifest;
use crate::markdown::{self, Broken, LinkTargets, Origin, Rendered};
use crate::model::{Archive, Status};
use crate::output::Site;
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
}

impl Built {
    /// Where `build` writes by default: `[build] output` under the archive root.
    pub fn default_output(&self, root: &Path) -> PathBuf {
        root.join(&self.config.build.output)
    }
}

/// Builds the archive at `root` into memory. On failure, every problem found is returned.
pub fn build(root: &Path, options: &Options) -> Result<Built, Diagnostics> {
    let start = Instant::now();
    let mut timings = Timings::from_env();
    let config = config::load(root)?;
    let theme = theme::load(root, &config.build.theme, &config.book.language);
    let mut problems: Vec<Diagnostic> = Vec::new();
    timings.stage("config");

    let mut found = discover::discover(root, &mut problems);
    timings.stage("discover");
    let parsed: Vec<(Option<_>, Vec<Diagnostic>)> = found
        .sources
        .par_iter()
        .enumerate()
        .map(|(i, file)| {
            let mut out = Vec::new();
            let rev = frontmatter::parse(file, i, &mut out);
            (rev, out)
        })
        .collect();
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
    let bodies: Vec<(Vec<Rendered>, Vec<Diagnostic>)> = archive
        .guidelines
        .par_iter()
        .map(|g| {
            let mut out = Vec::new();
            let bodies = g
                .revisions
                .iter()
                .map(|n| {
                    let file = &found.sources[n.rev.source];
                    let origin = Origin {
                        path: &n.rev.source_path,
                        file_text: &file.text,
                        body_offset: file.text.len() - n.rev.body.len(),
                    };
                    markdown::render(&n.rev.body, &origin, &targets, &mut out)
                })
                .collect();
            (bodies, out)
        })
        .collect();
    let mut rendered = Vec::with_capacity(bodies.len());
    for (b, out) in bodies {
        rendered.push(b);
        problems.extend(out);
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
    };
    // The index is built on one thread: run it beside the page rendering, which uses all.
    let (pages, search_files) = rayon::join(
        || render::pages(&input),
        || {
            config
                .search
                .enable
                .then(|| search::build(&config, &archive, &rendered))
        },
    );
    let pages = pages?;
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
