//! Redlines between two revisions as data: which blocks were added, removed, moved,
//! changed or only reformatted, and inside a changed block which words. The HTML is
//! [`crate::render::redline`]'s job; internals and their evaluation are in
//! `docs/redlines.md`.
//!
//! 1. Blocks are diffed with the patience algorithm on their *content* (place, words, link
//!    targets, images), not their form: a heading moved a level, a list item that became a
//!    paragraph with the same words, or new emphasis is an anchor, shown as reformatted.
//! 2. Inside each run of changed blocks, [`align::groups`] runs one word diff across the
//!    whole run and finds blocks whose words continue in other blocks: a paragraph split
//!    in two, a list item turned into a heading and a paragraph. Such a group is one row
//!    with the word diff across it and the change of form as data ([`Form`]).
//! 3. What is left is paired one to one by similarity (words compared without case or
//!    punctuation); unpaired blocks were added or removed, or moved when the same block
//!    appears on the other side.
//!
//! The cost is bounded by size, never by a clock, so the same input always gives the same
//! output: similar's diffs use bounded heuristics, and our own steps are bounded by
//! [`MAX_PAIRING`], [`WINDOW`], [`MAX_WORD_DIFF`], [`MAX_GROUPING`], [`MAX_MOVE_PAIRS`] and
//! the budgets [`GROUP_BUDGET`] and [`COMPARE_BUDGET`].

pub mod align;
pub mod tokens;
pub mod words;

use std::collections::BTreeMap;

use similar::{Algorithm, DiffTag};

use crate::blocks::{Block, Kind};

pub use words::{Look, Mark, Seg, text, text_split};

/// Runs of changed blocks up to this many (old x new) candidate pairs are aligned by the
/// best total similarity; larger runs are paired greedily within [`WINDOW`].
pub const MAX_PAIRING: usize = 2_500;
/// In large runs of changed blocks, how many new blocks ahead an old block looks for its
/// partner.
pub const WINDOW: usize = 8;
/// Blocks longer than this (bytes) are shown replaced whole rather than word by word.
pub const MAX_WORD_DIFF: usize = 20_000;
/// Runs of changed blocks with more words than this that the other side also has (both
/// sides together) are not searched for split, merged or reformatted blocks; their blocks
/// are paired one to one.
pub const MAX_GROUPING: usize = 12_000;
/// The search for groups costs at most the square of those words per run; one redline
/// spends at most this much on it in all (two runs at the largest size), later runs being
/// paired one to one.
pub const GROUP_BUDGET: usize = 2 * MAX_GROUPING * MAX_GROUPING;
/// Word diffs that measure how alike two blocks are cost at most the square of their
/// words; one redline spends at most this much on them (some 25,000 pairs of 60-word
/// paragraphs), then pairs blocks by their words in any order and looks for no more moves.
pub const COMPARE_BUDGET: usize = 400_000_000;
/// How many (removed, added) pairs of blocks one redline looks at for moves.
pub const MAX_MOVE_PAIRS: usize = 250_000;

/// What happened to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Unchanged.
    Same,
    /// Changed in place: the words that changed are marked.
    Changed,
    /// The same words in another form ([`Row::form`] says which).
    Reformatted,
    /// New in the later revision.
    Inserted,
    /// Gone from the later revision.
    Deleted,
    /// Moved elsewhere (this is where it was).
    MovedFrom,
    /// Moved here unchanged (this is where it is now).
    MovedTo,
}

/// How a row's form changed: the blocks it was and the blocks it is (kind and list depth),
/// and whether inline emphasis changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Form {
    /// The old blocks' kinds and list depths, in order.
    pub from: Vec<(Kind, usize)>,
    /// The new blocks' kinds and list depths, in order.
    pub to: Vec<(Kind, usize)>,
    /// Emphasis (bold, italic, code, strike) changed on words that stayed.
    pub emphasis: bool,
}

impl Form {
    /// Whether anything about the form changed.
    pub fn changed(&self) -> bool {
        self.emphasis || self.from != self.to
    }
}

/// One block of a row, with its content as marked segments (one list per table cell).
#[derive(Debug, Clone)]
pub struct Part<'a> {
    /// The block (the later one when it exists in both revisions).
    pub block: &'a Block,
    /// Each cell's segments.
    pub cells: Vec<Vec<Seg>>,
}

/// One row of the redline: usually one block; a split, merged or restructured group holds
/// the later revision's blocks.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// What happened to it.
    pub change: Change,
    /// How its form changed, when it did.
    pub form: Option<Form>,
    /// Its blocks.
    pub parts: Vec<Part<'a>>,
    /// For a moved block: the number of the move, the same on both of its rows.
    pub moved: Option<usize>,
}

impl<'a> Row<'a> {
    /// The row's first block.
    pub fn block(&self) -> &'a Block {
        self.parts[0].block
    }

    /// Whether a link target changed on words that stayed.
    pub fn link_changed(&self) -> bool {
        self.segs().any(|s| s.old_link.is_some())
    }

    /// Every segment of the row.
    pub fn segs(&self) -> impl Iterator<Item = &Seg> {
        self.parts.iter().flat_map(|p| p.cells.iter().flatten())
    }
}

/// The redline between two bodies.
#[derive(Debug, Clone, Default)]
pub struct Redline<'a> {
    /// Rows in reading order; deleted blocks where they used to be.
    pub rows: Vec<Row<'a>>,
}

/// How many rows of each kind of change a redline holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Rows changed in place (words or link targets).
    pub changed: usize,
    /// Rows with the same words in another form.
    pub reformatted: usize,
    /// Blocks added.
    pub inserted: usize,
    /// Blocks removed.
    pub deleted: usize,
    /// Blocks moved.
    pub moved: usize,
    /// Changed rows where a link's target changed.
    pub links: usize,
}

impl Redline<'_> {
    /// Counts the changes.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for r in &self.rows {
            match r.change {
                Change::Same => {}
                Change::Changed => c.changed += 1,
                Change::Reformatted => c.reformatted += 1,
                Change::Inserted => c.inserted += 1,
                Change::Deleted => c.deleted += 1,
                Change::MovedTo => c.moved += 1,
                Change::MovedFrom => {}
            }
            if r.change == Change::Changed && r.link_changed() {
                c.links += 1;
            }
        }
        c
    }
}

/// Diffs two bodies' blocks.
pub fn redline<'a>(old: &'a [Block], new: &'a [Block]) -> Redline<'a> {
    let mut rows = Vec::with_capacity(new.len().max(old.len()));
    let ok: Vec<_> = old.iter().map(Block::content).collect();
    let nk: Vec<_> = new.iter().map(Block::content).collect();
    let ops: Vec<_> = similar::capture_diff_slices(Algorithm::Patience, &ok, &nk)
        .iter()
        .map(|op| op.as_tag_tuple())
        .collect();
    // Runs of adjacent non-equal ops form one changed region.
    let mut region: Option<(usize, usize, usize, usize)> = None;
    let mut budget = align::Budget::default();
    let mut flush = |region: &mut Option<(usize, usize, usize, usize)>, rows: &mut Vec<Row<'a>>| {
        if let Some((os, oe, ns, ne)) = region.take() {
            changed_region(&old[os..oe], &new[ns..ne], rows, &mut budget);
        }
    };
    for (tag, o, n) in ops {
        if tag == DiffTag::Equal {
            flush(&mut region, &mut rows);
            for (a, b) in old[o].iter().zip(&new[n]) {
                rows.push(if a.key() == b.key() {
                    same(b)
                } else {
                    pair(a, b)
                });
            }
        } else {
            region = Some(match region {
                Some((os, _, ns, _)) => (os, o.end, ns, n.end),
                None => (o.start, o.end, n.start, n.end),
            });
        }
    }
    flush(&mut region, &mut rows);
    mark_moves(&mut rows, &mut budget);
    Redline { rows }
}

fn same(b: &Block) -> Row<'_> {
    Row {
        change: Change::Same,
        form: None,
        parts: vec![words::whole(b, Mark::Same)],
        moved: None,
    }
}

fn whole(b: &Block, change: Change) -> Row<'_> {
    let mark = if matches!(change, Change::Deleted | Change::MovedFrom) {
        Mark::Del
    } else {
        Mark::Ins
    };
    Row {
        change,
        form: None,
        parts: vec![words::whole(b, mark)],
        moved: None,
    }
}

fn shape(b: &Block) -> (Kind, usize) {
    (b.kind, b.depth)
}

/// The row for blocks `old` that became blocks `new` (one or more each).
fn group<'a>(old: &[&'a Block], new: &[&'a Block]) -> Row<'a> {
    let (parts, emphasis) = words::parts(old, new);
    let mut form = Form {
        from: old.iter().map(|b| shape(b)).collect(),
        to: new.iter().map(|b| shape(b)).collect(),
        emphasis,
    };
    // A re-numbered or re-bulleted item is the same form.
    let ordered = |k: &mut (Kind, usize)| {
        if let Kind::Item { .. } = k.0 {
            k.0 = Kind::Item { ordered: false };
        }
    };
    form.from.iter_mut().for_each(ordered);
    form.to.iter_mut().for_each(ordered);
    let words_changed = parts
        .iter()
        .flat_map(|p| p.cells.iter().flatten())
        .any(|s| s.mark != Mark::Same);
    let links = parts
        .iter()
        .flat_map(|p| p.cells.iter().flatten())
        .any(|s| s.old_link.is_some());
    let change = if words_changed || links {
        Change::Changed
    } else if form.changed() {
        Change::Reformatted
    } else {
        Change::Same
    };
    Row {
        change,
        form: form.changed().then_some(form),
        parts,
        moved: None,
    }
}

fn pair<'a>(a: &'a Block, b: &'a Block) -> Row<'a> {
    if a.len() > MAX_WORD_DIFF || b.len() > MAX_WORD_DIFF {
        // Too long to diff word by word: shown replaced whole, in one row.
        let (del, mut ins) = (words::whole(a, Mark::Del), words::whole(b, Mark::Ins));
        for (cell, old) in ins.cells.iter_mut().zip(del.cells) {
            let new = std::mem::take(cell);
            *cell = old.into_iter().chain(new).collect();
        }
        return Row {
            change: Change::Changed,
            form: None,
            parts: vec![ins],
            moved: None,
        };
    }
    group(&[a], &[b])
}

/// Rows for one region of changed blocks: groups first, then pairs, then the rest.
fn changed_region<'a>(
    old: &'a [Block],
    new: &'a [Block],
    rows: &mut Vec<Row<'a>>,
    budget: &mut align::Budget,
) {
    let groups = align::groups(old, new, budget);
    let (mut i, mut j) = (0, 0);
    for g in groups {
        pairwise(&old[i..g.old.start], &new[j..g.new.start], rows, budget);
        let (o, n): (Vec<&Block>, Vec<&Block>) = (
            old[g.old.clone()].iter().collect(),
            new[g.new.clone()].iter().collect(),
        );
        rows.push(if o.len() == 1 && n.len() == 1 {
            pair(o[0], n[0])
        } else {
            group(&o, &n)
        });
        (i, j) = (g.old.end, g.new.end);
    }
    pairwise(&old[i..], &new[j..], rows, budget);
}

/// Pairs blocks one to one by similarity and appends their rows.
fn pairwise<'a>(
    old: &'a [Block],
    new: &'a [Block],
    rows: &mut Vec<Row<'a>>,
    budget: &mut align::Budget,
) {
    let pairs = if old.is_empty() || new.is_empty() {
        Vec::new()
    } else if old.len().saturating_mul(new.len()) <= MAX_PAIRING {
        align::align(old, new, budget)
    } else {
        align::greedy(old, new, budget)
    };
    let (mut i, mut j) = (0, 0);
    for (pi, pj) in pairs.into_iter().chain([(old.len(), new.len())]) {
        rows.extend(old[i..pi].iter().map(|b| whole(b, Change::Deleted)));
        rows.extend(new[j..pj].iter().map(|b| whole(b, Change::Inserted)));
        if pi < old.len() && pj < new.len() {
            rows.push(pair(&old[pi], &new[pj]));
        }
        (i, j) = (pi + 1, pj + 1);
    }
}

/// A block removed in one place and inserted in another, unchanged or alike (as
/// [`align::alike`] says), was moved. As in MediaWiki's wikidiff2, a moved block's words
/// are not marked as deleted and inserted: the rows say where it went and where it came
/// from, and the new place marks only the words that changed on the way.
fn mark_moves(rows: &mut [Row<'_>], budget: &mut align::Budget) {
    let key = |b: &Block| format!("{:?}", b.key());
    let mut deleted: BTreeMap<String, std::collections::VecDeque<usize>> = BTreeMap::new();
    for (k, r) in rows.iter().enumerate() {
        if r.change == Change::Deleted && !r.block().is_empty() {
            deleted.entry(key(r.block())).or_default().push_back(k);
        }
    }
    if deleted.is_empty() {
        return;
    }
    let mut moves = Vec::new();
    for (k, r) in rows.iter().enumerate() {
        if r.change == Change::Inserted
            && let Some(from) = deleted.get_mut(&key(r.block())).and_then(|d| d.pop_front())
        {
            moves.push((from, k));
        }
    }
    // Then blocks changed on the way: best partners first (align::moved).
    let taken: std::collections::BTreeSet<usize> =
        moves.iter().flat_map(|&(a, b)| [a, b]).collect();
    let open = |c: Change| {
        rows.iter()
            .enumerate()
            .filter(|(k, r)| r.change == c && !taken.contains(k) && !r.block().is_empty())
            .map(|(k, r)| (k, r.block()))
            .collect::<Vec<_>>()
    };
    let (gone, new) = (open(Change::Deleted), open(Change::Inserted));
    for (i, j) in align::moved(&gone, &new, budget) {
        moves.push((gone[i].0, new[j].0));
    }
    moves.sort_unstable();
    for (n, (from, to)) in moves.into_iter().enumerate() {
        let (a, b) = (rows[from].block(), rows[to].block());
        let mut there = pair(a, b);
        there.change = Change::MovedTo;
        there.moved = Some(n);
        rows[to] = there;
        rows[from] = Row {
            change: Change::MovedFrom,
            form: None,
            parts: vec![words::whole(a, Mark::Same)],
            moved: Some(n),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::blocks;

    /// A row's text with `[-deleted-]` and `{+inserted+}`, cells and parts split by ` | `.
    fn show(r: &Row) -> String {
        r.parts
            .iter()
            .flat_map(|p| p.cells.iter())
            .map(|c| words::plain(c))
            .collect::<Vec<_>>()
            .join(" | ")
    }

    fn changes(r: &Redline) -> Vec<Change> {
        r.rows.iter().map(|r| r.change).collect()
    }

    #[test]
    fn renumbered_and_moved_items() {
        let old = blocks("1. A step\n2. B step\n3. C step\n4. D step\n");
        let new = blocks("1. A step\n2. C step\n3. B step\n4. D step\n");
        let r = redline(&old, &new);
        let c = changes(&r);
        assert_eq!(c.iter().filter(|c| **c == Change::Same).count(), 3, "{c:?}");
        assert!(c.contains(&Change::MovedFrom) && c.contains(&Change::MovedTo));
    }

    #[test]
    fn a_qualified_heading_is_a_changed_heading() {
        let (a, b) = (blocks("## Steps\n"), blocks("## Steps for DBB12\n"));
        let r = redline(&a, &b);
        assert_eq!(r.rows.len(), 1);
        assert_eq!(show(&r.rows[0]), "Steps {+for DBB12+}");
    }

    #[test]
    fn a_split_paragraph_is_one_row() {
        let a = blocks("Intro.\n\nOne two three four five. Six seven eight nine ten.\n\nEnd.\n");
        let b =
            blocks("Intro.\n\nOne two three four five.\n\nSix seven eight nine eleven.\n\nEnd.\n");
        let r = redline(&a, &b);
        assert_eq!(
            changes(&r),
            [Change::Same, Change::Changed, Change::Same],
            "{r:#?}"
        );
        assert_eq!(
            show(&r.rows[1]),
            "One two three four five. | Six seven eight nine [-ten-]{+eleven+}."
        );
        let form = r.rows[1].form.as_ref().unwrap();
        assert_eq!(form.from.len(), 1);
        assert_eq!(form.to.len(), 2);
    }

    #[test]
    fn relevelled_headings_are_reformatted() {
        let a = blocks("### A\n\nText.\n\n### B\n\nMore text monthly.\n");
        let b = blocks("## A\n\nText.\n\n## B\n\nMore text or one-time.\n");
        let r = redline(&a, &b);
        assert_eq!(
            changes(&r),
            [
                Change::Reformatted,
                Change::Same,
                Change::Reformatted,
                Change::Changed
            ]
        );
        let c = r.counts();
        assert_eq!((c.changed, c.reformatted), (1, 2));
    }

    #[test]
    fn a_new_section_still_looks_new() {
        let a = blocks("## Fees\n\nYou pay the fees every month by card.\n");
        let b = blocks(
            "## Fees\n\nYou pay the fees every month by card.\n\n## Refunds\n\nWe refund unused months when you close the account.\n",
        );
        let r = redline(&a, &b);
        assert_eq!(
            changes(&r),
            [
                Change::Same,
                Change::Same,
                Change::Inserted,
                Change::Inserted
            ]
        );
    }

    #[test]
    fn huge_rewrites_stay_bounded() {
        let old: String = (0..3000)
            .map(|i| format!("Old paragraph {i} text.\n\n"))
            .collect();
        let new: String = (0..3000)
            .map(|i| format!("Fresh words {i} here.\n\n"))
            .collect();
        let (a, b) = (blocks(&old), blocks(&new));
        let r = redline(&a, &b);
        assert!(r.rows.len() >= 3000);
    }
}
