//! A guideline's own pages: the stable page and one permanent page per revision, with the
//! facts, banners and history each shows.

use super::views::*;
use super::*;
use crate::diagnostics::Diagnostic;
use crate::model::{Guideline, Status};
use crate::urls;

/// Longest revision history shown in full on a permanent revision page; longer ones show
/// a window, or a guideline with thousands of revisions would make pages grow with the
/// square of its revision count. The stable page always lists every revision.
pub(super) const HISTORY_FULL: usize = 25;

/// Revisions to list, newest first, each with how many are left out after it. With `this`
/// (a permanent page) and a long history: the newest three, five either side of this
/// revision, and the first two.
pub(super) fn history_window(len: usize, this: Option<usize>) -> Vec<(usize, usize)> {
    let Some(this) = this.filter(|_| len > HISTORY_FULL) else {
        return (0..len).rev().map(|i| (i, 0)).collect();
    };
    let keep = |i: usize| i < 2 || i + 3 >= len || i.abs_diff(this) <= 5;
    let mut out: Vec<(usize, usize)> = Vec::new();
    for i in (0..len).rev() {
        if keep(i) {
            out.push((i, 0));
        } else if let Some(last) = out.last_mut() {
            last.1 += 1;
        }
    }
    out
}

impl Renderer<'_> {
    /// Newest published version that is not an editorial fix, and every published
    /// version (oldest first), for the changed-since marks.
    pub(super) fn versions(&self, g: &Guideline) -> (String, String) {
        let published: Vec<&crate::model::RevisionNode> = g.revisions[..=g.shown]
            .iter()
            .filter(|n| n.status != Status::Draft)
            .collect();
        let substantive = published
            .iter()
            .enumerate()
            .rev()
            .find(|(i, n)| *i == 0 || !n.rev.editorial)
            .map_or_else(String::new, |(_, n)| n.rev.version.to_string());
        let all: Vec<&str> = published.iter().map(|n| n.rev.version.as_str()).collect();
        (substantive, all.join(" "))
    }

    /// A guideline's identity, with what the changed-since marks need.
    pub(super) fn guideline_view(&self, g: &Guideline) -> GuidelineView {
        let (substantive, versions) = self.versions(g);
        GuidelineView {
            id: g.id.to_string(),
            title: g.shown().rev.title.clone(),
            url: urls::guideline(g.id.as_str()),
            status: g.status.as_str(),
            current: g.shown().rev.version.to_string(),
            substantive,
            versions,
            replaced_on: g
                .upcoming
                .filter(|u| self.input.archive.guidelines[u.guideline].id == g.id)
                .map(|u| self.input.archive.rev(u).rev.date.to_string()),
        }
    }

    pub(super) fn in_force_view(&self, n: &crate::model::RevisionNode) -> Option<InForceView> {
        n.in_force().map(|(from, until)| InForceView {
            from: from.to_string(),
            from_text: self.date_text(from),
            until: until.map(|u| u.to_string()),
            until_text: until.map(|u| self.date_text(u)),
            same_day: until == Some(from),
            planned_end: n.status == Status::Current && until.is_some(),
            scheduled: n.status == Status::Scheduled,
        })
    }

    /// The scheduled revision that replaces revision `ri` of guideline `gi` next, when
    /// `ri` is the one in force.
    pub(super) fn upcoming_view(&self, gi: usize, ri: usize) -> Option<UpcomingView> {
        let archive = self.input.archive;
        let g = &archive.guidelines[gi];
        let u = g.upcoming.filter(|_| ri == g.shown)?;
        let n = archive.rev(u);
        let other = &archive.guidelines[u.guideline];
        let same = u.guideline == gi;
        Some(UpcomingView {
            title: n.rev.title.clone(),
            version: n.rev.version.to_string(),
            url: urls::revision(other.id.as_str(), n.rev.version.as_str()),
            diff_url: if same {
                Some(urls::diff(
                    g.id.as_str(),
                    g.shown().rev.version.as_str(),
                    n.rev.version.as_str(),
                ))
            } else {
                self.compare_url(u.guideline, gi)
            },
            same_guideline: same,
            withdrawal: n.rev.declared == crate::model::Declared::Withdrawn,
            date: n.rev.date.to_string(),
            date_text: self.date_text(n.rev.date),
        })
    }

    pub(super) fn history_item(
        &self,
        g: &Guideline,
        ri: usize,
        this: Option<usize>,
    ) -> HistoryItem {
        let n = &g.revisions[ri];
        HistoryItem {
            version: n.rev.version.to_string(),
            title: n.rev.title.clone(),
            date: n.rev.date.to_string(),
            date_text: self.date_text(n.rev.date),
            status: n.status.as_str(),
            url: urls::revision(g.id.as_str(), n.rev.version.as_str()),
            changes: n.rev.changes.clone(),
            is_this: this == Some(ri),
            editorial: n.rev.editorial,
            omitted_after: 0,
            diff_url: (ri > 0).then(|| {
                urls::diff(
                    g.id.as_str(),
                    g.revisions[ri - 1].rev.version.as_str(),
                    n.rev.version.as_str(),
                )
            }),
        }
    }

    /// The stable page and one page per revision of guideline `gi`.
    pub(super) fn guideline_pages(&self, gi: usize) -> Result<Pages, Diagnostic> {
        let archive = self.input.archive;
        let g = &archive.guidelines[gi];
        let mut out = Vec::with_capacity(g.revisions.len() + 1);
        let stable_path = urls::guideline(g.id.as_str());
        out.push(self.revision_page(gi, g.shown, true, &stable_path)?);
        for (ri, n) in g.revisions.iter().enumerate() {
            let path = urls::revision(g.id.as_str(), n.rev.version.as_str());
            out.push(self.revision_page(gi, ri, false, &path)?);
        }
        Ok(out)
    }

    pub(super) fn revision_page(
        &self,
        gi: usize,
        ri: usize,
        stable: bool,
        path: &str,
    ) -> Result<Page, Diagnostic> {
        let archive = self.input.archive;
        let g = &archive.guidelines[gi];
        let n = &g.revisions[ri];
        let body = &self.input.bodies[gi][ri];
        let rev = &n.rev;
        let superseded_by = n
            .superseded_by
            .iter()
            .map(|s| {
                let by = archive.rev(s.by);
                let same = s.by.guideline == gi;
                let other = &archive.guidelines[s.by.guideline];
                SuccessorView {
                    title: if same {
                        by.rev.title.clone()
                    } else {
                        other.shown().rev.title.clone()
                    },
                    version: by.rev.version.to_string(),
                    url: if same {
                        urls::revision(g.id.as_str(), by.rev.version.as_str())
                    } else {
                        urls::guideline(other.id.as_str())
                    },
                    same_guideline: same,
                    since: s.since.to_string(),
                    since_text: self.date_text(s.since),
                    compare_url: self.compare_url(s.by.guideline, gi),
                }
            })
            .collect();
        let current = (ri != g.shown && g.status != Status::Draft)
            .then(|| self.history_item(g, g.shown, None));
        let page = RevisionPage {
            site: self.site.clone(),
            root: urls::root_of(path),
            stable,
            guideline: self.guideline_view(g),
            revision: RevisionView {
                version: rev.version.to_string(),
                title: rev.title.clone(),
                date: rev.date.to_string(),
                date_text: self.date_text(rev.date),
                status: n.status.as_str(),
                summary: rev.summary.clone(),
                changes: rev.changes.clone(),
                tags: rev.tags.clone(),
                review_by: rev.review_by.map(|d| d.to_string()),
                review_by_text: rev.review_by.map(|d| self.date_text(d)),
                url: urls::revision(g.id.as_str(), rev.version.as_str()),
                html: body.html.clone(),
                toc: crate::markdown::toc(&body.toc),
                source: rev.source_path.clone(),
                extra: rev.extra.clone(),
                editorial: rev.editorial,
                in_force: self.in_force_view(n),
            },
            category: self.category_link(g),
            superseded_by,
            current,
            upcoming: self.upcoming_view(gi, ri),
            renamed: self.renamed(gi),
            replaces: crate::changes::comparisons(archive, gi)
                .iter()
                .map(|c| {
                    let other = &archive.guidelines[c.replaced];
                    ReplacedView {
                        title: other.shown().rev.title.clone(),
                        url: urls::guideline(other.id.as_str()),
                        compare_url: c.url(archive),
                    }
                })
                .collect(),
            diff_from_previous: (ri > 0).then(|| {
                urls::diff(
                    g.id.as_str(),
                    g.revisions[ri - 1].rev.version.as_str(),
                    rev.version.as_str(),
                )
            }),
            diff_to_current: (ri < g.shown).then(|| {
                urls::diff(
                    g.id.as_str(),
                    rev.version.as_str(),
                    g.shown().rev.version.as_str(),
                )
            }),
            compare: {
                let (from, to) = if ri > 0 { (ri - 1, ri) } else { (0, 1) };
                self.compare_view(gi, from, to.min(g.revisions.len() - 1), !stable)
            },
            address: match &self.input.config.book.base_url {
                Some(base) => format!("{base}{path}"),
                None => path.to_owned(),
            },
            // The stable page links every revision, its own included, so every permanent
            // page is reachable.
            history: history_window(g.revisions.len(), (!stable).then_some(ri))
                .into_iter()
                .map(|(i, gap)| HistoryItem {
                    omitted_after: gap,
                    ..self.history_item(g, i, (!stable).then_some(ri))
                })
                .collect(),
        };
        self.render("revision.html", path, &page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_histories_are_listed_in_full() {
        let all: Vec<_> = (0..5).rev().map(|i| (i, 0)).collect();
        assert_eq!(history_window(5, Some(2)), all);
        assert_eq!(history_window(100, None).len(), 100);
    }

    #[test]
    fn long_histories_show_a_window_and_count_the_rest() {
        let w = history_window(100, Some(50));
        let shown: Vec<usize> = w.iter().map(|&(i, _)| i).collect();
        let expected: Vec<usize> = [99, 98, 97]
            .into_iter()
            .chain((45..=55).rev())
            .chain([1, 0])
            .collect();
        assert_eq!(shown, expected);
        // Every revision is either shown or counted in a gap.
        assert_eq!(w.len() + w.iter().map(|&(_, gap)| gap).sum::<usize>(), 100);
        assert_eq!(w[2], (97, 41));
        assert_eq!(w[13], (45, 43));
    }
}
