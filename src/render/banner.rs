//! What a superseded revision's banner says when another guideline replaced this one: where
//! the version in force is now, and the page comparing the two guidelines.

use crate::model::Status;
use crate::urls;

use super::Renderer;
use super::views::{LinkView, RenamedView};

impl Renderer<'_> {
    /// The page comparing guideline `replaced` with `successor`, if `successor` replaced it.
    pub(super) fn compare_url(&self, successor: usize, replaced: usize) -> Option<String> {
        let archive = self.input.archive;
        (successor != replaced && archive.guidelines[successor].replaces.contains(&replaced)).then(
            || {
                urls::comparison(
                    archive.guidelines[successor].id.as_str(),
                    archive.guidelines[replaced].id.as_str(),
                )
            },
        )
    }

    /// The guidelines that replaced guideline `gi` as a whole, each with the guideline in
    /// force now: the successor, or while exactly one guideline replaced that one in turn,
    /// the last of the chain.
    pub(super) fn renamed(&self, gi: usize) -> Vec<RenamedView> {
        let archive = self.input.archive;
        let g = &archive.guidelines[gi];
        if g.status != Status::Superseded {
            return Vec::new();
        }
        let last = g.shown();
        g.superseded_by
            .iter()
            .filter_map(|&si| {
                let compare_url = self.compare_url(si, gi)?;
                let since = last
                    .superseded_by
                    .iter()
                    .filter(|s| s.by.guideline == si)
                    .map(|s| s.since)
                    .min()
                    .unwrap_or(last.rev.date);
                let mut at = si;
                let mut seen = std::collections::BTreeSet::from([gi]);
                while archive.guidelines[at].status == Status::Superseded
                    && archive.guidelines[at].superseded_by.len() == 1
                    && seen.insert(at)
                {
                    at = archive.guidelines[at].superseded_by[0];
                }
                let succ = &archive.guidelines[si];
                let now = &archive.guidelines[at];
                Some(RenamedView {
                    title: succ.shown().rev.title.clone(),
                    url: urls::guideline(succ.id.as_str()),
                    since: since.to_string(),
                    since_text: self.date_text(since),
                    compare_url,
                    current: LinkView {
                        title: now.shown().rev.title.clone(),
                        url: urls::guideline(now.id.as_str()),
                    },
                    current_version: now.shown().rev.version.to_string(),
                })
            })
            .collect()
    }
}
