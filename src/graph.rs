//! The revision graph: groups revisions into guidelines, follows `supersedes`, checks the
//! graph (duplicates, unknown targets, cycles, version order) and decides every status.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::model::{
    Archive, Category, Declared, Guideline, GuidelineId, RevRef, Revision, RevisionNode, Status,
    Supersession,
};

/// Builds the archive from parsed revisions. Drafts are kept only when `drafts` is set.
/// Revisions dated after `today` are scheduled: they take effect later, and the revision in
/// force until then keeps the stable address (`None`: every date counts as passed).
/// Problems go to `out`; the archive is still returned so later stages can report more.
/// Ids in `broken` belong to files that failed to parse: references to them are not errors.
pub fn build(
    mut revisions: Vec<Revision>,
    drafts: bool,
    today: Option<Date>,
    broken: &BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) -> Archive {
    let later = |r: &Revision| today.is_some_and(|t| r.date > t);
    revisions.sort_by(|a, b| {
        (&a.id, &a.version, &a.source_path).cmp(&(&b.id, &b.version, &b.source_path))
    });

    // Every revision, drafts included, so a link to a draft is "not published", not "unknown".
    let mut all: BTreeMap<GuidelineId, Vec<&Revision>> = BTreeMap::new();
    for r in &revisions {
        all.entry(r.id.clone()).or_default().push(r);
    }
    for revs in all.values() {
        for pair in revs.windows(2) {
            if pair[0].version == pair[1].version {
                out.push(
                    Diagnostic::error(
                        &pair[1].source_path,
                        pair[1].line_of("version"),
                        1,
                        format!(
                            "guideline `{}` has version {} twice (also in {})",
                            pair[1].id, pair[1].version, pair[0].source_path
                        ),
                    )
                    .with_hint("give this revision the next version number"),
                );
            }
        }
    }
    check_supersedes(&all, broken, out);
    check_cycles(&all, out);

    // Keep published revisions (and drafts when asked), grouped by id and sorted by version.
    let mut grouped: BTreeMap<GuidelineId, Vec<Revision>> = BTreeMap::new();
    for r in revisions {
        if drafts || r.declared != Declared::Draft {
            grouped.entry(r.id.clone()).or_default().push(r);
        }
    }
    for revs in grouped.values_mut() {
        revs.dedup_by(|b, a| a.version == b.version);
    }
    let index: BTreeMap<GuidelineId, usize> = grouped
        .keys()
        .cloned()
        .enumerate()
        .map(|(i, id)| (id, i))
        .collect();

    let mut guidelines: Vec<Guideline> = grouped
        .into_iter()
        .map(|(id, revs)| Guideline {
            id,
            revisions: revs
                .into_iter()
                .map(|rev| RevisionNode {
                    rev,
                    status: Status::Current,
                    superseded_by: Vec::new(),
                    previous: None,
                })
                .collect(),
            shown: 0,
            status: Status::Current,
            superseded_by: Vec::new(),
            replaces: Vec::new(),
            category: String::new(),
            upcoming: None,
        })
        .collect();

    // Cross-guideline supersessions: (superseded guideline, pinned revision or latest) <- by.
    let mut crossings: Vec<(usize, Option<usize>, RevRef)> = Vec::new();
    for (gi, g) in guidelines.iter().enumerate() {
        for (ri, node) in g.revisions.iter().enumerate() {
            if node.rev.declared == Declared::Draft {
                continue;
            }
            for s in &node.rev.supersedes {
                if s.id == g.id {
                    continue;
                }
                let Some(&target) = index.get(&s.id) else {
                    continue;
                };
                let pinned = s.version.as_ref().and_then(|v| {
                    guidelines[target]
                        .revisions
                        .iter()
                        .position(|n| &n.rev.version == v)
                });
                crossings.push((
                    target,
                    pinned,
                    RevRef {
                        guideline: gi,
                        revision: ri,
                    },
                ));
            }
        }
    }
    crossings.sort();
    crossings.dedup();

    for g in &mut guidelines {
        let published: Vec<usize> = (0..g.revisions.len())
            .filter(|&i| g.revisions[i].rev.declared != Declared::Draft)
            .collect();
        let mut last_pub = None;
        for i in 0..g.revisions.len() {
            g.revisions[i].previous = last_pub;
            if g.revisions[i].rev.declared == Declared::Draft {
                g.revisions[i].status = Status::Draft;
                continue;
            }
            last_pub = Some(i);
        }
        // Each published revision is replaced by the next one on the next one's date; for
        // a scheduled one that is a planned replacement, which its status tells apart.
        for pair in published.windows(2) {
            let next = pair[1];
            let since = g.revisions[next].rev.date;
            let node = &mut g.revisions[pair[0]];
            node.status = Status::Superseded;
            node.superseded_by.push(Supersession {
                by: RevRef {
                    guideline: usize::MAX,
                    revision: next,
                },
                since,
            });
        }
        // The stable address shows the newest revision that has taken effect; later ones
        // are scheduled. With none in effect yet, the first scheduled one is shown.
        let in_effect = published
            .iter()
            .rev()
            .find(|&&i| !later(&g.revisions[i].rev))
            .copied();
        for &i in &published {
            if later(&g.revisions[i].rev) && in_effect.is_none_or(|e| i > e) {
                g.revisions[i].status = Status::Scheduled;
            }
        }
        match (in_effect, published.first()) {
            (Some(shown), _) => {
                g.shown = shown;
                let node = &mut g.revisions[shown];
                node.status = match node.rev.declared {
                    Declared::Withdrawn => Status::Withdrawn,
                    _ => Status::Current,
                };
                g.status = node.status;
                g.upcoming = published
                    .iter()
                    .find(|&&i| i > shown)
                    .map(|&revision| RevRef {
                        guideline: usize::MAX,
                        revision,
                    });
            }
            (None, Some(&first)) => {
                g.shown = first;
                g.status = Status::Scheduled;
            }
            (None, None) => {
                g.shown = g.revisions.len() - 1;
                g.status = Status::Draft;
            }
        }
    }
    // Same-guideline references were written with a placeholder guideline index.
    for (gi, g) in guidelines.iter_mut().enumerate() {
        if let Some(u) = g.upcoming.as_mut() {
            u.guideline = gi;
        }
        for node in &mut g.revisions {
            for s in &mut node.superseded_by {
                if s.by.guideline == usize::MAX {
                    s.by.guideline = gi;
                }
            }
        }
    }
    for &(target, pinned, by) in &crossings {
        let by_node = &guidelines[by.guideline].revisions[by.revision];
        let since = by_node.rev.date;
        let planned = by_node.status == Status::Scheduled;
        let upcoming_date = guidelines[target]
            .upcoming
            .map(|u| guidelines[u.guideline].revisions[u.revision].rev.date);
        let g = &mut guidelines[target];
        if g.status == Status::Draft {
            continue;
        }
        let shown = g.shown;
        // A replacement that takes effect later leaves the guideline in force until then;
        // its pages announce the replacement.
        if planned {
            if g.status == Status::Current && upcoming_date.is_none_or(|d| since < d) {
                g.upcoming = Some(by);
            }
        } else {
            g.status = Status::Superseded;
            g.revisions[shown].status = Status::Superseded;
            if !g.superseded_by.contains(&by.guideline) {
                g.superseded_by.push(by.guideline);
            }
        }
        let node = &mut g.revisions[shown];
        node.superseded_by.push(Supersession { by, since });
        if let Some(p) = pinned.filter(|&p| p != shown) {
            g.revisions[p]
                .superseded_by
                .push(Supersession { by, since });
        }
        let replaces = &mut guidelines[by.guideline].replaces;
        if !replaces.contains(&target) {
            replaces.push(target);
        }
    }

    let categories = categorize(&mut guidelines, out);
    Archive {
        guidelines,
        categories,
    }
}

/// Every `supersedes` entry must name an existing guideline (and revision), and within one
/// guideline must point to an earlier version.
fn check_supersedes(
    all: &BTreeMap<GuidelineId, Vec<&Revision>>,
    broken: &BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    for revs in all.values() {
        for (pos, r) in revs.iter().enumerate() {
            for s in &r.supersedes {
                let here = |msg: String| Diagnostic::error(&r.source_path, s.line, 1, msg);
                let Some(target) = all.get(&s.id) else {
                    if broken.contains(s.id.as_str()) {
                        continue;
                    }
                    let mut d = here(format!(
                        "`supersedes` names `{}`, but no guideline has that id",
                        s.id
                    ));
                    if let Some(near) =
                        did_you_mean(s.id.as_str(), all.keys().map(GuidelineId::as_str))
                    {
                        d = d.with_hint(format!("did you mean `{near}`?"));
                    }
                    out.push(d);
                    continue;
                };
                if s.id == r.id {
                    match &s.version {
                        Some(v) if *v >= r.version => out.push(
                            here(format!(
                                "version {} cannot supersede version {v} of the same guideline",
                                r.version
                            ))
                            .with_hint("versions must increase along `supersedes`: give this revision a higher version"),
                        ),
                        None if pos == 0 => out.push(
                            here(format!(
                                "`supersedes: {}` names this guideline itself, but it has no earlier revision",
                                s.id
                            ))
                            .with_hint("remove the line, or name the guideline this one replaces"),
                        ),
                        _ => {}
                    }
                }
                if let Some(v) = &s.version
                    && !target.iter().any(|t| &t.version == v)
                {
                    let have: Vec<String> = target.iter().map(|t| t.version.to_string()).collect();
                    out.push(
                        here(format!(
                            "`supersedes` names `{}@{v}`, but that guideline has no version {v}",
                            s.id
                        ))
                        .with_hint(format!("its versions are: {}", have.join(", "))),
                    );
                }
            }
        }
    }
}

/// Guideline A superseding B which (through others) supersedes A has no current version.
fn check_cycles(all: &BTreeMap<GuidelineId, Vec<&Revision>>, out: &mut Vec<Diagnostic>) {
    let mut edges: BTreeMap<&GuidelineId, BTreeSet<&GuidelineId>> = BTreeMap::new();
    for (id, revs) in all {
        for r in revs {
            for s in &r.supersedes {
                if &s.id != id && all.contains_key(&s.id) {
                    edges.entry(id).or_default().insert(&s.id);
                }
            }
        }
    }
    // Iterative DFS with colours; each cycle is reported once, at its smallest id's edge.
    let mut state: BTreeMap<&GuidelineId, u8> = BTreeMap::new();
    let mut reported: BTreeSet<Vec<&GuidelineId>> = BTreeSet::new();
    for start in all.keys() {
        if state.get(start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut stack: Vec<(&GuidelineId, Vec<&GuidelineId>)> = vec![(
            start,
            edges
                .get(start)
                .map(|e| e.iter().copied().collect())
                .unwrap_or_default(),
        )];
        let mut path = vec![start];
        state.insert(start, 1);
        while let Some((_, next)) = stack.last_mut() {
            if let Some(n) = next.pop() {
                match state.get(n).copied().unwrap_or(0) {
                    0 => {
                        state.insert(n, 1);
                        path.push(n);
                        stack.push((
                            n,
                            edges
                                .get(n)
                                .map(|e| e.iter().copied().collect())
                                .unwrap_or_default(),
                        ));
                    }
                    1 => {
                        let at = path.iter().position(|p| *p == n).unwrap_or(0);
                        let mut cycle: Vec<&GuidelineId> = path[at..].to_vec();
                        let min = cycle
                            .iter()
                            .enumerate()
                            .min_by_key(|(_, c)| **c)
                            .map_or(0, |(i, _)| i);
                        cycle.rotate_left(min);
                        if reported.insert(cycle.clone()) {
                            let (from, to) = (cycle[0], cycle[1 % cycle.len()]);
                            let rev = all[from]
                                .iter()
                                .find(|r| r.supersedes.iter().any(|s| &s.id == to));
                            let names: Vec<&str> = cycle
                                .iter()
                                .chain(std::iter::once(&cycle[0]))
                                .map(|c| c.as_str())
                                .collect();
                            // Every edge of the cycle, as `file:line` of its `supersedes`,
                            // so the author sees each file that takes part.
                            let places: Vec<String> = (0..cycle.len())
                                .filter_map(|i| {
                                    let (a, b) = (cycle[i], cycle[(i + 1) % cycle.len()]);
                                    all[a].iter().find_map(|r| {
                                        r.supersedes
                                            .iter()
                                            .find(|s| &s.id == b)
                                            .map(|s| format!("{}:{}", r.source_path, s.line))
                                    })
                                })
                                .collect();
                            if let Some(r) = rev {
                                let line = r
                                    .supersedes
                                    .iter()
                                    .find(|s| &s.id == to)
                                    .map_or(1, |s| s.line);
                                out.push(
                                    Diagnostic::error(
                                        &r.source_path,
                                        line,
                                        1,
                                        format!("`supersedes` makes a cycle: {}", names.join(" -> ")),
                                    )
                                    .with_hint(format!("a guideline cannot (directly or through others) replace itself; remove one of these `supersedes` entries: {}", places.join(", "))),
                                );
                            }
                        }
                    }
                    _ => {}
                }
            } else {
                let (done, _) = stack.pop().expect("stack is not empty");
                state.insert(done, 2);
                path.pop();
            }
        }
    }
}

/// Files every guideline under the category of the revision its stable URL shows.
fn categorize(guidelines: &mut [Guideline], out: &mut Vec<Diagnostic>) -> Vec<Category> {
    let mut by_slug: BTreeMap<String, (BTreeMap<String, usize>, Vec<usize>)> = BTreeMap::new();
    for (gi, g) in guidelines.iter_mut().enumerate() {
        let rev = &g.shown().rev;
        let slug = slug::slugify(&rev.category);
        if slug.is_empty() {
            out.push(
                Diagnostic::error(
                    &rev.source_path,
                    rev.line_of("category"),
                    1,
                    format!("category `{}` has no letters or digits", rev.category),
                )
                .with_hint("write the task the guideline belongs to, e.g. `category: Referrals`"),
            );
            continue;
        }
        if let Some(problem) = crate::portable::segment_problem(&slug) {
            out.push(
                Diagnostic::error(
                    &rev.source_path,
                    rev.line_of("category"),
                    1,
                    format!(
                        "category `{}` cannot be a file name: {problem}",
                        rev.category
                    ),
                )
                .with_hint("add a word to the category's name"),
            );
            continue;
        }
        let entry = by_slug.entry(slug.clone()).or_default();
        *entry.0.entry(rev.category.clone()).or_default() += 1;
        entry.1.push(gi);
        g.category = slug;
    }
    let mut categories: Vec<Category> = by_slug
        .into_iter()
        .map(|(slug, (names, mut members))| {
            // The spelling most guidelines use; ties go to the first in sort order.
            let name = names
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(n, _)| n.clone())
                .unwrap_or_default();
            members.sort_by_cached_key(|&gi| (guidelines[gi].shown().rev.title.to_lowercase(), gi));
            Category {
                name,
                slug,
                guidelines: members,
            }
        })
        .collect();
    categories.sort_by_cached_key(|c| (c.name.to_lowercase(), c.slug.clone()));
    categories
}
