//! The fingerprints that let `serve` reuse a guideline's pages: a hash of everything its
//! pages show (see [`crate::incremental`]).

use super::*;
use crate::model::Archive;

impl Fingerprints<'_> {
    /// Hash of what guideline `gi` itself contributes to pages: its revisions and where the
    /// revision graph placed them.
    pub(super) fn guideline_key(&self, archive: &Archive, gi: usize) -> u64 {
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
    pub(super) fn fingerprint(&self, archive: &Archive, keys: &[u64], gi: usize) -> u64 {
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
