//! `redthread check`: the build's errors plus warnings an author should act on, with
//! nothing written. Warnings here are about content, not syntax: guidelines past their
//! review date, revisions that do not say what changed, and categories that look like
//! typos of another. Links to missing files and images are already warned about (or, for
//! guideline files and ids, refused) by the build itself.

use std::path::Path;

use jiff::civil::Date;

use crate::build::{self, Built};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::messages::say;
use crate::model::{Archive, Status};

/// Builds the archive at `root` in memory and returns every problem, sorted.
pub fn check(root: &Path, today: Date) -> Diagnostics {
    let options = build::Options {
        drafts: false,
        today: Some(today),
    };
    match build::build(root, &options) {
        Ok(built) => {
            let mut all = built.warnings.clone();
            all.extend(content_warnings(&built.archive, today));
            all.extend(authoring_warnings(&built.archive, today));
            all.extend(unlinked_files(
                &built,
                &crate::discover::attachment_names(root),
            ));
            all.extend(synonym_warnings(root, &built));
            all.sorted()
        }
        Err(problems) => problems,
    }
}

/// Warnings about the content of an archive that builds.
pub fn content_warnings(archive: &Archive, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for g in &archive.guidelines {
        let shown = &g.shown().rev;
        if g.status == Status::Current
            && let Some(due) = shown.review_by
            && due < today
        {
            out.push(
                Diagnostic::warning_at(
                    &shown.source_path,
                    shown.line_of("review_by"),
                    0,
                    say("chk_review_due").arg("id", &g.id).arg("date", due),
                )
                .hint(say("chk_review_due_hint")),
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
                    Diagnostic::warning_at(
                        &rev.source_path,
                        rev.line_of("changes"),
                        0,
                        say("chk_no_changes")
                            .arg("version", &rev.version)
                            .arg("id", &g.id),
                    )
                    .hint(say("chk_no_changes_hint")),
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
        if let Some(near) = near_category(&c.name, others) {
            let rev = &archive.guidelines[only].shown().rev;
            out.push(
                Diagnostic::warning_at(
                    &rev.source_path,
                    rev.line_of("category"),
                    0,
                    say("chk_category_typo")
                        .arg("category", &c.name)
                        .arg("near", near),
                )
                .hint(say("chk_category_typo_hint").arg("near", near)),
            );
        }
    }
    out
}

/// The category `name` looks like a typo of, if any. Only the words that differ are
/// compared, so "Brand Guidelines" is not a typo of "Review Guidelines" (they merely share a
/// long word), while "Referal" still is one of "Referrals".
fn near_category<'a>(name: &str, others: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let words = |s: &str| -> Vec<String> { s.split_whitespace().map(str::to_lowercase).collect() };
    let mine = words(name);
    let mut best: Option<(usize, &'a str)> = None;
    for other in others {
        let theirs = words(other);
        let only_mine: Vec<&str> = mine
            .iter()
            .filter(|w| !theirs.contains(w))
            .map(String::as_str)
            .collect();
        let only_theirs: Vec<&str> = theirs
            .iter()
            .filter(|w| !mine.contains(w))
            .map(String::as_str)
            .collect();
        let (a, b) = (only_mine.join(" "), only_theirs.join(" "));
        if a.is_empty() && b.is_empty() {
            continue;
        }
        let d = strsim::damerau_levenshtein(&a, &b);
        let longest = a.chars().count().max(b.chars().count());
        if d <= (longest / 3).clamp(1, 3) && d < longest && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, other));
        }
    }
    best.map(|(_, o)| o)
}

/// Warnings about one revision on its own: a line of the `new` template (`template`, from
/// [`crate::authoring::template_lines`]) left in, a date after `a_year_on` (a typo of the
/// year), a review date before its own date. The editor in `serve` shows them while the
/// revision is written.
pub(crate) fn revision_warnings(
    rev: &crate::model::Revision,
    template: &[String],
    a_year_on: Date,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, line) in rev.body.lines().enumerate() {
        let t = line.trim();
        let t = t
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '-' || c == '*')
            .trim();
        if !t.is_empty() && template.iter().any(|l| l == t) {
            out.push(
                Diagnostic::warning_at(
                    &rev.source_path,
                    rev.body_line + i,
                    0,
                    say("chk_template_left").arg("text", t),
                )
                .hint(say("chk_template_left_hint")),
            );
        }
    }
    if rev.date > a_year_on {
        out.push(
            Diagnostic::warning_at(
                &rev.source_path,
                rev.line_of("date"),
                0,
                say("chk_far_future").arg("date", rev.date),
            )
            .hint(say("chk_far_future_hint")),
        );
    }
    if let Some(review) = rev.review_by
        && review < rev.date
    {
        out.push(
            Diagnostic::warning_at(
                &rev.source_path,
                rev.line_of("review_by"),
                0,
                say("chk_review_before_date")
                    .arg("review", review)
                    .arg("date", rev.date),
            )
            .hint(say("chk_review_before_date_hint")),
        );
    }
    out
}

/// Warnings for what authors leave unfinished: the `new` template's text, an empty summary,
/// a date far in the future (a typo of the year), a review date before the revision's own
/// date, and two revisions of one guideline taking effect the same day.
pub fn authoring_warnings(archive: &Archive, today: Date) -> Vec<Diagnostic> {
    let template = crate::authoring::template_lines();
    let a_year_on = today
        .checked_add(jiff::Span::new().years(1))
        .unwrap_or(today);
    let mut out = Vec::new();
    for g in &archive.guidelines {
        for node in &g.revisions {
            out.extend(revision_warnings(&node.rev, &template, a_year_on));
        }
        // Two revisions with one date: the older is replaced the day it takes effect, so it
        // is never in force (`revise` stamps today, so a same-day fix is easy to make). An
        // editorial fix says on purpose that it only corrects the wording.
        let published: Vec<&crate::model::RevisionNode> = g
            .revisions
            .iter()
            .filter(|n| n.status != Status::Draft)
            .collect();
        for pair in published.windows(2) {
            let (older, newer) = (&pair[0].rev, &pair[1].rev);
            if older.date == newer.date && !newer.editorial {
                out.push(
                    Diagnostic::warning_at(
                        &newer.source_path,
                        newer.line_of("date"),
                        0,
                        say("chk_same_day")
                            .arg("older", &older.version)
                            .arg("newer", &newer.version)
                            .arg("id", &g.id)
                            .arg("date", newer.date),
                    )
                    .hint(
                        say("chk_same_day_hint")
                            .arg("older", &older.version)
                            .arg("newer", &newer.version),
                    ),
                );
            }
        }
        let Some(latest) = g.revisions.last() else {
            continue;
        };
        let rev = &latest.rev;
        // `summary:` left empty (as `new` writes it); a file with no summary line at all
        // made that choice on purpose.
        if g.status != Status::Withdrawn
            && rev.key_lines.contains_key("summary")
            && rev.summary.as_deref().is_none_or(|s| s.trim().is_empty())
        {
            out.push(
                Diagnostic::warning_at(
                    &rev.source_path,
                    rev.key_lines.get("summary").copied().unwrap_or(1),
                    0,
                    say("chk_empty_summary").arg("id", &g.id),
                )
                .hint(say("chk_empty_summary_hint")),
            );
        }
    }
    out
}

/// A warning for each file under `content/` (`attachments`, relative to it) that no revision
/// links to or shows as an image: readers could never reach it.
pub fn unlinked_files(built: &Built, attachments: &[String]) -> Vec<Diagnostic> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut linked = std::collections::BTreeSet::new();
    for g in &built.archive.guidelines {
        for node in &g.revisions {
            let rev = &node.rev;
            let base = rev.source_path.rsplit_once('/').map_or("", |(d, _)| d);
            let mut add = |dest: &str| {
                let dest = dest.trim();
                let path = dest.split(['#', '?']).next().unwrap_or("");
                if path.is_empty() || path.contains(':') {
                    return;
                }
                let path = crate::urls::percent_decoded(path);
                if let Some(t) = crate::markdown::normalize(base, &path)
                    && let Some(rel) = t.strip_prefix("content/")
                {
                    linked.insert(rel.to_owned());
                }
            };
            for event in Parser::new_ext(&rev.body, crate::markdown::options()) {
                match event {
                    Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                        add(&dest_url)
                    }
                    Event::Html(h) | Event::InlineHtml(h) => {
                        for attr in ["src=", "href="] {
                            let mut rest = &*h;
                            while let Some(i) = rest.find(attr) {
                                rest = &rest[i + attr.len()..];
                                let q = rest.chars().next().unwrap_or(' ');
                                let value = if q == '"' || q == '\'' {
                                    rest[1..].split(q).next().unwrap_or("")
                                } else {
                                    rest.split([' ', '>']).next().unwrap_or("")
                                };
                                add(value);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    attachments
        .iter()
        .filter(|a| !linked.contains(*a))
        .map(|a| {
            let name = a.rsplit('/').next().unwrap_or(a);
            Diagnostic::warning_at(format!("content/{a}"), 0, 0, say("chk_unlinked_file"))
                .hint(say("chk_unlinked_file_hint").arg("link", crate::urls::encode_path(name)))
        })
        .collect()
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
    let code = crate::lang::search_code(&built.config.book.language).unwrap_or("en");
    let Some(vocabulary) =
        crate::search::site_vocabulary(|p| built.site.get(p).map(<[u8]>::to_vec))
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
