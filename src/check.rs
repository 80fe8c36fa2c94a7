//! `redthread check`: the build's errors plus warnings an author should act on, with
//! nothing written. Warnings here are about content, not syntax: guidelines past their
//! review date, revisions that do not say what changed, and categories that look like
//! typos of another. Links to missing files and images are already warned about (or, for
//! guideline files and ids, refused) by the build itself.

use std::path::Path;

use jiff::civil::Date;

use crate::build::{self, Built};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, did_you_mean};
use crate::model::Status;

/// Builds the archive at `root` in memory and returns every problem, sorted.
pub fn check(root: &Path, today: Date) -> Diagnostics {
    match build::build(root, &build::Options::default()) {
        Ok(built) => {
            let mut all = built.warnings.clone();
            all.extend(content_warnings(&built, today));
            all.extend(synonym_warnings(root, &built));
            all.sorted()
        }
        Err(problems) => problems,
    }
}

/// Warnings about the content of an archive that builds.
pub fn content_warnings(built: &Built, today: Date) -> Vec<Diagnostic> {
    let archive = &built.archive;
    let mut out = Vec::new();
    for g in &archive.guidelines {
        let shown = &g.shown().rev;
        if g.status == Status::Current
            && let Some(due) = shown.review_by
            && due < today
        {
            out.push(
                Diagnostic::warning(
                    &shown.source_path,
                    shown.line_of("review_by"),
                    0,
                    format!("`{}` was due for review on {due}", g.id),
                )
                .with_hint(
                    "read it through; if it is still right, set a later `review_by`, otherwise revise it",
                ),
            );
        }
        for (i, node) in g.revisions.iter().enumerate() {
            let rev = &node.rev;
            // A guideline's first revision has nothing to compare with, unless it replaces
            // another guideline (a rename, merge or split), which readers need explained.
            if i == 0 && rev.supersedes.is_empty() {
                continue;
            }
            if rev.changes.as_deref().is_none_or(|c| c.trim().is_empty()) {
                out.push(
                    Diagnostic::warning(
                        &rev.source_path,
                        rev.line_of("changes"),
                        0,
                        format!(
                            "version {} of `{}` does not say what changed",
                            rev.version, g.id
                        ),
                    )
                    .with_hint("write one or two sentences after `changes:` for readers"),
                );
            }
        }
    }
    for c in &archive.categories {
        let [only] = c.guidelines[..] else { continue };
        let others = archive
            .categories
            .iter()
            .filter(|o| o.slug != c.slug)
            .map(|o| o.name.as_str());
        if let Some(near) = did_you_mean(&c.name, others) {
            let rev = &archive.guidelines[only].shown().rev;
            out.push(
                Diagnostic::warning(
                    &rev.source_path,
                    rev.line_of("category"),
                    0,
                    format!(
                        "category `{}` has only this guideline and looks like a typo of `{near}`",
                        c.name
                    ),
                )
                .with_hint(format!(
                    "if it belongs with the others, write `category: {near}`"
                )),
            );
        }
    }
    out
}

/// One line per problem: `path:line:col: error: message (hint: ...)`. An unknown line or
/// column is printed as 1, so editors and CI always find a position.
pub fn short(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut s = format!(
        "{}:{}:{}: {kind}: {}",
        d.path,
        d.line.max(1),
        d.col.max(1),
        d.message.replace('\n', " ")
    );
    if let Some(h) = &d.hint {
        s.push_str(&format!(" (hint: {})", h.replace('\n', " ")));
    }
    s
}

/// `[search] synonyms` entries that can never match: some word of the entry is in no
/// document of the archive (a typo in book.toml, or a name the archive does not use).
fn synonym_warnings(root: &Path, built: &Built) -> Vec<Diagnostic> {
    let groups = &built.config.search.synonyms;
    if groups.is_empty() || !built.config.search.enable {
        return Vec::new();
    }
    let code = crate::search::language_code(&built.config.book.language).unwrap_or("en");
    let Some(vocabulary) = crate::search::site_vocabulary(|p| built.site.get(p).map(<[u8]>::to_vec))
    else {
        return Vec::new();
    };
    let text = std::fs::read_to_string(root.join("book.toml")).unwrap_or_default();
    crate::search::unmatched_synonyms(code, groups, &vocabulary)
        .into_iter()
        .map(|(g, e)| {
            let entry = &groups[g][e];
            // The line that names the entry, or the one with `synonyms`.
            let quoted = serde_json::to_string(entry).unwrap_or_default();
            let (line, col) = text
                .lines()
                .enumerate()
                .find_map(|(i, l)| l.find(&quoted).map(|c| (i + 1, l[..c].chars().count() + 1)))
                .or_else(|| {
                    text.lines()
                        .position(|l| l.trim_start().starts_with("synonyms"))
                        .map(|i| (i + 1, 1))
                })
                .unwrap_or((0, 0));
            Diagnostic::warning(
                "book.toml",
                line,
                col,
                format!("synonym `{entry}` matches no word of the archive"),
            )
            .with_snippet(text.lines().nth(line.saturating_sub(1)).filter(|_| line > 0))
            .with_hint("check its spelling, or remove it: a query for it finds only what the other words of its group find")
        })
        .collect()
}
