//! Links to a section (`#fragment`): checked once every body is rendered, because only
//! then are the headings and anchors of every page known.
//!
//! Links are checked in the revisions readers follow today (current ones and drafts): old
//! revisions are history that authors do not edit. A link lands on this page (`#steps`),
//! on another revision's page (`other-v2.md#steps`) or on a guideline's stable page, which
//! shows its current version (`guideline:other#steps`, following renames). When the section
//! is gone there but an earlier version of the target had it, the warning says so: the
//! section disappeared in a revision after the link was written.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::markdown::{self, FragmentLink, LinkTo, Rendered};
use crate::model::{Archive, Status};

/// Warnings for every fragment link that lands on no heading or anchor.
pub fn check(archive: &Archive, bodies: &[Vec<Arc<Rendered>>]) -> Vec<Diagnostic> {
    let mut by_source: HashMap<&str, (usize, usize)> = HashMap::new();
    for (gi, g) in archive.guidelines.iter().enumerate() {
        for (ri, n) in g.revisions.iter().enumerate() {
            by_source.insert(n.rev.source_path.as_str(), (gi, ri));
        }
    }
    let mut out = Vec::new();
    for (gi, g) in archive.guidelines.iter().enumerate() {
        for (ri, n) in g.revisions.iter().enumerate() {
            if !matches!(n.status, Status::Current | Status::Draft) {
                continue;
            }
            let Some(body) = bodies.get(gi).and_then(|b| b.get(ri)) else {
                continue;
            };
            for link in &body.fragment_links {
                let target = match &link.to {
                    LinkTo::SamePage => Some((gi, ri)),
                    LinkTo::Source(path) => by_source.get(path.as_str()).copied(),
                    LinkTo::Guideline(id) => {
                        follow(archive, id).map(|t| (t, archive.guidelines[t].shown))
                    }
                };
                // A target that does not exist is reported where the link is resolved.
                let Some((tg, tr)) = target else { continue };
                let anchors = &bodies[tg][tr].anchors;
                if lands(anchors, &link.fragment) {
                    continue;
                }
                out.push(warning(
                    archive,
                    bodies,
                    n.rev.source_path.as_str(),
                    link,
                    (gi, ri),
                    (tg, tr),
                ));
            }
        }
    }
    out
}

/// Whether `#fragment` lands somewhere on a revision page with these body anchors.
fn lands(anchors: &[String], fragment: &str) -> bool {
    // `#top` always scrolls to the top of a page; `main` and `history` are the page's own.
    fragment == "top"
        || markdown::PAGE_IDS.contains(&fragment)
        || anchors
            .binary_search_by(|a| a.as_str().cmp(fragment))
            .is_ok()
}

/// The guideline a `guideline:` link lands on: the one with that id, or while exactly one
/// guideline replaced it, its successor (as links by id do).
fn follow(archive: &Archive, id: &str) -> Option<usize> {
    let mut at = archive
        .guidelines
        .iter()
        .position(|g| g.id.as_str() == id)?;
    let mut seen = std::collections::BTreeSet::new();
    while archive.guidelines[at].status == Status::Superseded
        && archive.guidelines[at].superseded_by.len() == 1
        && seen.insert(at)
    {
        at = archive.guidelines[at].superseded_by[0];
    }
    Some(at)
}

fn warning(
    archive: &Archive,
    bodies: &[Vec<Arc<Rendered>>],
    path: &str,
    link: &FragmentLink,
    from: (usize, usize),
    (tg, tr): (usize, usize),
) -> Diagnostic {
    let frag = &link.fragment;
    let target = &archive.guidelines[tg];
    let target_rev = &target.revisions[tr].rev;
    // The newest earlier version of the target (or, through a rename, of the guideline the
    // link names) that had the section.
    let named = match &link.to {
        LinkTo::Guideline(id) => archive.guidelines.iter().position(|g| g.id.as_str() == id),
        _ => None,
    };
    let had = |g: usize, upto: usize| {
        (0..upto)
            .rev()
            .find(|&r| lands(&bodies[g][r].anchors, frag))
            .map(|r| (g, r))
    };
    let earlier = if (tg, tr) == from {
        None
    } else {
        had(tg, tr).or_else(|| {
            named
                .filter(|&g| g != tg)
                .and_then(|g| had(g, archive.guidelines[g].revisions.len()))
        })
    };
    let mut message = match (&link.to, earlier) {
        (LinkTo::SamePage, _) => {
            format!("link to `#{frag}`, but this page has no heading or anchor `{frag}`")
        }
        (_, Some((g, r))) => {
            let old = &archive.guidelines[g];
            let whose = if g == tg {
                String::new()
            } else {
                format!(" of `{}`", old.id)
            };
            format!(
                "link `{}` relies on section `#{frag}`, which version {}{whose} had but the current version of `{}` (version {}) no longer has",
                link.written, old.revisions[r].rev.version, target.id, target_rev.version
            )
        }
        (LinkTo::Source(p), None) => format!(
            "link `{}` goes to section `#{frag}`, but `{p}` has no heading or anchor `{frag}`",
            link.written
        ),
        (LinkTo::Guideline(_), None) => format!(
            "link `{}` goes to section `#{frag}`, but the current version of `{}` (version {}) has no heading or anchor `{frag}`",
            link.written, target.id, target_rev.version
        ),
    };
    let anchors = &bodies[tg][tr].anchors;
    let near = anchors
        .iter()
        .find(|a| a.eq_ignore_ascii_case(frag) || a.to_lowercase() == frag.to_lowercase())
        .map(String::as_str)
        .or_else(|| did_you_mean(frag, anchors.iter().map(String::as_str)));
    if let Some(near) = near {
        message.push_str(&format!(" (did you mean `#{near}`?)"));
    }
    let hint = if earlier.is_some() {
        format!("link to the section that took its place, or to the guideline without `#{frag}`")
    } else {
        "the part after `#` is a heading's text in lowercase with dashes for spaces (`## Missing date` is `#missing-date`); fix it, or remove `#...` to link to the whole page".to_owned()
    };
    Diagnostic::warning(path, link.line, link.col, message)
        .with_snippet(link.snippet.as_deref())
        .with_hint(hint)
}
