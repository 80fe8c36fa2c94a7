//! What changed in the archive and which redlines exist: the events behind the what's-new
//! page and the feed, and the revision pairs that get a diff page. Pages and the manifest
//! both ask here, so they always agree on what was built.

use std::collections::BTreeSet;

use crate::model::{Archive, Declared, Status};
use crate::urls;

/// Up to this many revisions, a guideline gets a diff page for every pair of revisions.
/// Above it: consecutive pairs, every revision to the current one and the first revision to
/// every later one (the number of pages then grows linearly, not quadratically).
pub const ALL_PAIRS_UP_TO: usize = 10;

/// Revision pairs `(older, newer)` (indexes into `revisions`) that get a diff page.
pub fn diff_pairs(revisions: usize, shown: usize) -> BTreeSet<(usize, usize)> {
    let mut pairs = BTreeSet::new();
    if revisions <= ALL_PAIRS_UP_TO {
        for a in 0..revisions {
            for b in a + 1..revisions {
                pairs.insert((a, b));
            }
        }
        return pairs;
    }
    for b in 1..revisions {
        pairs.insert((b - 1, b));
        pairs.insert((0, b));
    }
    for a in 0..shown {
        pairs.insert((a, shown));
    }
    pairs
}

/// A redline across guidelines: the replaced guideline's last revision against the
/// revision of its successor that replaced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Comparison {
    /// The successor guideline (index into `archive.guidelines`).
    pub guideline: usize,
    /// The successor's revision that names the replaced guideline in `supersedes`.
    pub revision: usize,
    /// The replaced guideline.
    pub replaced: usize,
    /// The replaced guideline's revision compared (the one last in force).
    pub replaced_revision: usize,
}

impl Comparison {
    /// Where its page is.
    pub fn url(&self, archive: &Archive) -> String {
        urls::comparison(
            archive.guidelines[self.guideline].id.as_str(),
            archive.guidelines[self.replaced].id.as_str(),
        )
    }
}

/// Every cross-guideline comparison of guideline `gi`, in the order of `replaces`.
pub fn comparisons(archive: &Archive, gi: usize) -> Vec<Comparison> {
    let g = &archive.guidelines[gi];
    g.replaces
        .iter()
        .map(|&o| {
            let old = &archive.guidelines[o];
            let revision = old.revisions[old.shown]
                .superseded_by
                .iter()
                .find(|s| s.by.guideline == gi)
                .map_or(0, |s| s.by.revision);
            Comparison {
                guideline: gi,
                revision,
                replaced: o,
                replaced_revision: old.shown,
            }
        })
        .collect()
}

/// What a revision did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The first revision of a guideline.
    New,
    /// A later revision.
    Revised,
    /// A revision that withdrew the guideline.
    Withdrawn,
}

impl Kind {
    /// Lowercase name for CSS classes and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::New => "new",
            Kind::Revised => "revised",
            Kind::Withdrawn => "withdrawn",
        }
    }
}

/// One published revision as a change.
#[derive(Debug, Clone)]
pub struct Event {
    /// Guideline index.
    pub guideline: usize,
    /// Revision index.
    pub revision: usize,
    /// What it did.
    pub kind: Kind,
    /// Cross-guideline comparisons this revision made (it superseded those guidelines).
    pub replaced: Vec<Comparison>,
}

/// Every published revision as a change, newest effective date first (then by guideline id
/// and newest version first, so the order never depends on anything but the archive).
pub fn events(archive: &Archive) -> Vec<Event> {
    let mut out = Vec::new();
    for (gi, g) in archive.guidelines.iter().enumerate() {
        let comps = comparisons(archive, gi);
        let mut published_before = false;
        for (ri, n) in g.revisions.iter().enumerate() {
            if n.status == Status::Draft {
                continue;
            }
            let first = !std::mem::replace(&mut published_before, true);
            let kind = if n.rev.declared == Declared::Withdrawn {
                Kind::Withdrawn
            } else if first {
                Kind::New
            } else {
                Kind::Revised
            };
            out.push(Event {
                guideline: gi,
                revision: ri,
                kind,
                replaced: comps.iter().filter(|c| c.revision == ri).copied().collect(),
            });
        }
    }
    out.sort_by(|a, b| {
        let ra = &archive.guidelines[a.guideline].revisions[a.revision];
        let rb = &archive.guidelines[b.guideline].revisions[b.revision];
        rb.rev
            .date
            .cmp(&ra.rev.date)
            .then_with(|| {
                archive.guidelines[a.guideline]
                    .id
                    .cmp(&archive.guidelines[b.guideline].id)
            })
            .then_with(|| rb.rev.version.cmp(&ra.rev.version))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_sets_are_bounded() {
        assert_eq!(diff_pairs(3, 2).len(), 3);
        assert_eq!(diff_pairs(10, 9).len(), 45);
        // 11 revisions: 10 consecutive + 9 more from the first + 8 more to the current.
        assert_eq!(diff_pairs(11, 10).len(), 10 + 9 + 8);
    }
}
