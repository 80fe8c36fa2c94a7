//! Redline pages: between revisions of one guideline, and from a replaced guideline to
//! its successor.

use crate::blocks::{self, Block};
use crate::changes;
use crate::diagnostics::Diagnostic;
use crate::diff;
use crate::model::{Declared, Guideline, RevisionNode};
use crate::urls;

use super::redline;
use super::views::*;
use super::{Page, Pages, Renderer};

impl Renderer<'_> {
    /// The compare form for guideline `gi`, preselecting `from` -> `to`.
    /// The compare form, listing every version and every pre-built pair. `every_page`
    /// asks for it on a permanent or redline page too, where a long history would make
    /// pages grow with the square of the revision count: those get it only up to
    /// [`HISTORY_FULL`](super::guideline::HISTORY_FULL) revisions, and the stable page always has it.
    pub(super) fn compare_view(
        &self,
        gi: usize,
        from: usize,
        to: usize,
        every_page: bool,
    ) -> Option<CompareView> {
        let g = &self.input.archive.guidelines[gi];
        if g.revisions.len() < 2
            || (every_page && g.revisions.len() > super::guideline::HISTORY_FULL)
        {
            return None;
        }
        let v = |i: usize| g.revisions[i].rev.version.to_string();
        Some(CompareView {
            id: g.id.to_string(),
            versions: (0..g.revisions.len()).rev().map(v).collect(),
            pairs: changes::diff_pairs(g.revisions.len(), g.shown)
                .iter()
                .map(|&(a, b)| format!("{}>{}", v(a), v(b)))
                .collect::<Vec<_>>()
                .join(" "),
            from: v(from),
            to: v(to),
        })
    }

    /// Every redline page of guideline `gi`.
    pub(super) fn diff_pages(&self, gi: usize) -> Result<Pages, Diagnostic> {
        let archive = self.input.archive;
        let g = &archive.guidelines[gi];
        let pairs = changes::diff_pairs(g.revisions.len(), g.shown);
        let comparisons = changes::comparisons(archive, gi);
        if pairs.is_empty() && comparisons.is_empty() {
            return Ok(Vec::new());
        }
        let bodies: Vec<Vec<Block>> = g
            .revisions
            .iter()
            .map(|n| blocks::blocks(&n.rev.body))
            .collect();
        let mut out = Vec::new();
        for (a, b) in pairs {
            let path = urls::diff(
                g.id.as_str(),
                g.revisions[a].rev.version.as_str(),
                g.revisions[b].rev.version.as_str(),
            );
            let compare = self.compare_view(gi, a, b, true);
            out.push(self.diff_page(&path, (gi, a, &bodies[a]), (gi, b, &bodies[b]), compare)?);
        }
        for c in comparisons {
            let old = &archive.guidelines[c.replaced];
            let old_blocks = blocks::blocks(&old.revisions[c.replaced_revision].rev.body);
            out.push(self.diff_page(
                &c.url(archive),
                (c.replaced, c.replaced_revision, &old_blocks),
                (gi, c.revision, &bodies[c.revision]),
                None,
            )?);
        }
        Ok(out)
    }

    fn diff_page(
        &self,
        path: &str,
        (ogi, oi, old): (usize, usize, &[Block]),
        (gi, ni, new): (usize, usize, &[Block]),
        compare: Option<CompareView>,
    ) -> Result<Page, Diagnostic> {
        let og = &self.input.archive.guidelines[ogi];
        let g = &self.input.archive.guidelines[gi];
        let (on, nn) = (&og.revisions[oi], &g.revisions[ni]);
        let redline = diff::redline(old, new);
        let counts = redline.counts();
        // Images by the addresses their revision pages use (both pages sit in the same
        // folder as this one); an image neither page shows stays a labelled placeholder.
        let (old_body, new_body) = (&self.input.bodies[ogi][oi], &self.input.bodies[gi][ni]);
        let images = |src: &str| {
            new_body
                .images
                .get(src)
                .or_else(|| old_body.images.get(src))
                .cloned()
        };
        let page = DiffPage {
            site: self.site.clone(),
            root: urls::root_of(path),
            guideline: self.guideline_view(g),
            category: self.category_link(g),
            cross: og.id != g.id,
            from: self.side(og, on),
            to: self.side(g, nn),
            changes: nn.rev.changes.clone(),
            facts: self.facts(on, nn),
            counts,
            unchanged: counts == diff::Counts::default(),
            html: redline::to_html_with(&redline, &self.redline_labels(), &images),
            compare,
        };
        self.render("diff.html", path, &page)
    }

    fn facts(&self, a: &RevisionNode, b: &RevisionNode) -> Vec<FactChange> {
        let (a, b) = (&a.rev, &b.rev);
        let declared = |d: Declared| match d {
            Declared::Draft => self.words().get("status_draft"),
            Declared::Active => self.words().get("status_in_force"),
            Declared::Withdrawn => self.words().get("status_withdrawn"),
        };
        let supersedes = |r: &crate::model::Revision| {
            r.supersedes
                .iter()
                .filter(|s| s.id != r.id)
                .map(|s| match &s.version {
                    Some(v) => format!("{}@{v}", s.id),
                    None => s.id.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let date = |d: Option<jiff::civil::Date>| d.map(|d| self.date_text(d)).unwrap_or_default();
        let all = [
            ("fact_title", a.title.clone(), b.title.clone()),
            ("fact_category", a.category.clone(), b.category.clone()),
            (
                "fact_status",
                declared(a.declared).to_owned(),
                declared(b.declared).to_owned(),
            ),
            ("fact_tags", a.tags.join(", "), b.tags.join(", ")),
            ("fact_review_by", date(a.review_by), date(b.review_by)),
            (
                "fact_summary",
                a.summary.clone().unwrap_or_default(),
                b.summary.clone().unwrap_or_default(),
            ),
            ("fact_replaces", supersedes(a), supersedes(b)),
        ];
        let labels = self.redline_labels();
        all.into_iter()
            .filter(|(_, o, n)| o != n)
            .map(|(name, old, new)| {
                let (old_html, new_html) = redline::words_split(&old, &new, &labels);
                FactChange {
                    name: self.words().get(name).to_owned(),
                    old,
                    new,
                    old_html,
                    new_html,
                }
            })
            .collect()
    }
}

impl Renderer<'_> {
    fn redline_labels(&self) -> redline::Labels {
        labels(self.words())
    }

    fn side(&self, g: &Guideline, n: &RevisionNode) -> DiffSide {
        DiffSide {
            title: n.rev.title.clone(),
            version: n.rev.version.to_string(),
            date: n.rev.date.to_string(),
            date_text: self.date_text(n.rev.date),
            url: urls::revision(g.id.as_str(), n.rev.version.as_str()),
            status: n.status.as_str(),
            id: g.id.to_string(),
        }
    }
}

/// A redline's words from the theme's words in the archive's language.
pub(crate) fn labels(words: &super::words::Words) -> redline::Labels {
    let w = |k: &str| words.get(k).to_owned();
    let kind = |k: &str| (w(&format!("rl_kind_{k}")), w(&format!("rl_kind_{k}s")));
    redline::Labels {
        changed: w("rl_changed"),
        reformatted: w("rl_reformatted"),
        added: w("rl_added"),
        removed: w("rl_removed"),
        moved_from: w("rl_moved_from"),
        moved_to: w("rl_moved_to"),
        fold_one: w("rl_fold_one"),
        fold_many: w("rl_fold_many"),
        show: w("rl_show"),
        deleted: w("rl_deleted"),
        inserted: w("rl_inserted"),
        link_changed: w("rl_link_changed"),
        link_added: w("rl_link_added"),
        link_removed: w("rl_link_removed"),
        image: w("rl_image"),
        form_split: w("rl_form_split"),
        form_merged: w("rl_form_merged"),
        form_level: w("rl_form_level"),
        form_depth: w("rl_form_depth"),
        form_kinds: w("rl_form_kinds"),
        form_emphasis: w("rl_form_emphasis"),
        and: w("rl_and"),
        kinds: [
            kind("heading"),
            kind("paragraph"),
            kind("item"),
            kind("row"),
            kind("code"),
        ],
    }
}

/// A redline's words for the archive at `root` (its theme and language), for redlines made
/// outside a build (the editor in `serve`); English when the theme does not load.
pub(crate) fn labels_for(root: &std::path::Path) -> redline::Labels {
    let Ok(config) = crate::config::load(root) else {
        return redline::Labels::default();
    };
    match super::theme::load(root, &config.build.theme, &config.book.language) {
        Ok(theme) => labels(&theme.words),
        Err(_) => redline::Labels::default(),
    }
}
