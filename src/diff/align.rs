//! Which changed blocks correspond: groups of blocks whose words continue across block
//! edges (split, merged, restructured), then one-to-one pairs by similarity.
//!
//! Both compare words without case or punctuation ([`pairing_key`]), so "Npm, Inc." and
//! "npm Inc" are the same block changed; the word diff inside still shows every character.

use std::collections::BTreeMap;
use std::hash::BuildHasher;
use std::ops::Range;

use rustc_hash::FxHashSet;
use similar::{Algorithm, DiffTag};

use super::tokens::{pairing_key, tokens};
use super::{COMPARE_BUDGET, GROUP_BUDGET, MAX_GROUPING, MAX_MOVE_PAIRS, MAX_WORD_DIFF, WINDOW};
use crate::blocks::{Block, Kind};

/// How similar (0 to 1, by words) two blocks must be to be shown as one changed block.
const SIMILAR: f32 = 0.5;
/// Matched runs shorter than this many words are chance ("the", "of the") unless they make
/// up half of both blocks they are in.
const MIN_RUN: usize = 3;

/// What one redline may still spend on its searches, in steps of the diffs' worst cases:
/// bounded by size, never by a clock, so the same input always gives the same output.
#[derive(Debug, Clone)]
pub struct Budget {
    /// For [`groups`]: words that can match, squared, per region.
    grouping: usize,
    /// For word diffs that measure similarity: both blocks' words, squared.
    comparing: usize,
}

impl Budget {
    /// The worst case of a word diff of the two, with a floor for its fixed cost.
    fn cost(a: &Words, b: &Words) -> usize {
        let n = a.len() + b.len() + 8;
        n.saturating_mul(n)
    }

    fn affords(&self, a: &Words, b: &Words) -> bool {
        Budget::cost(a, b) <= self.comparing
    }
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            grouping: GROUP_BUDGET,
            comparing: COMPARE_BUDGET,
        }
    }
}

/// A block's words for pairing ([`words_of`]) and the same words as a sorted bag of
/// hashes, so an upper bound of two blocks' similarity costs one merge, not a diff.
#[derive(Debug, Clone)]
pub struct Words {
    /// The words in order.
    pub list: Vec<String>,
    /// Their hashes, sorted.
    bag: Vec<u64>,
}

impl Words {
    /// The words of a block.
    pub fn of(b: &Block) -> Words {
        let list = words_of(b);
        let mut bag: Vec<u64> = list
            .iter()
            .map(|w| rustc_hash::FxBuildHasher.hash_one(w))
            .collect();
        bag.sort_unstable();
        Words { list, bag }
    }

    fn len(&self) -> usize {
        self.list.len()
    }

    /// How many words the two have in common, counted as bags (order ignored): at least
    /// as many as any diff matches, since a hash collision only adds to it.
    fn common(&self, other: &Words) -> usize {
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < self.bag.len() && j < other.bag.len() {
            match self.bag[i].cmp(&other.bag[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }
}

/// A block's words for pairing: lowercased, letters and digits only; an image by its alt
/// text, so a picture replaced by a new one at another address is the same block changed.
/// A block longer than [`MAX_WORD_DIFF`] has none here: it is never compared, only shown
/// whole.
pub fn words_of(b: &Block) -> Vec<String> {
    let mut out = Vec::new();
    if b.len() > MAX_WORD_DIFF {
        return out;
    }
    for (c, text) in b.cells.iter().enumerate() {
        let spans = b.spans.get(c).map_or(&[][..], Vec::as_slice);
        for t in tokens(text, spans) {
            let s = &text[t.range.clone()];
            if let Some(k) = pairing_key(s, t.class) {
                split_numbers(k, &mut out);
            }
        }
    }
    out
}

/// Pushes a word key, cut where letters meet digits: "CO80201" is "co" and "80201", so
/// an address line whose case, commas and post code changed ("Denver, CO,80202" ->
/// "DENVER, CO80201") keeps two of three words, not one. Only for pairing: the word diff
/// still compares and shows whole tokens.
fn split_numbers(k: String, out: &mut Vec<String>) {
    if k.starts_with('\u{1}') {
        out.push(k); // a picture's key
        return;
    }
    let mut piece = String::new();
    let mut last: Option<char> = None;
    for c in k.chars() {
        if last.is_some_and(|p| p.is_numeric() != c.is_numeric()) {
            out.push(std::mem::take(&mut piece));
        }
        piece.push(c);
        last = Some(c);
    }
    if !piece.is_empty() {
        out.push(piece);
    }
}

/// Blocks `old` that correspond to blocks `new`, where at least one side has more than one
/// block or the pair is not alike enough for [`align`] alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The old blocks.
    pub old: Range<usize>,
    /// The new blocks.
    pub new: Range<usize>,
}

/// Finds groups in one region of changed blocks: one word diff across the region; blocks
/// joined by matched runs of words form a group when the matches keep a third of the words
/// on each side. Groups are in order and do not overlap.
///
/// The diff only sees words the other side also has (no other word can match, so the
/// matches are as many), and it runs only when the region has at most [`MAX_GROUPING`]
/// of them and its worst-case cost, their number squared, fits what is left of the
/// budget. Otherwise there are no groups and the region is paired one to one: coarser,
/// never hiding a change.
pub fn groups(old: &[Block], new: &[Block], budget: &mut Budget) -> Vec<Group> {
    if old.is_empty() || new.is_empty() {
        return Vec::new();
    }
    let ow: Vec<Vec<String>> = old.iter().map(words_of).collect();
    let nw: Vec<Vec<String>> = new.iter().map(words_of).collect();
    let (in_old, in_new) = (vocabulary(&ow), vocabulary(&nw));
    let (op, ok) = flat(&ow, &in_new);
    let (np, nk) = flat(&nw, &in_old);
    let n = ok.len() + nk.len();
    let work = n.saturating_mul(n);
    if ok.is_empty() || nk.is_empty() || n > MAX_GROUPING || work > budget.grouping {
        return Vec::new();
    }
    budget.grouping -= work;
    let ops = similar::capture_diff_slices(Algorithm::Myers, &ok, &nk);
    let mut matched: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut count = |run: &[(usize, usize)]| {
        let Some(&(x0, y0)) = run.first() else {
            return;
        };
        let (x1, y1) = run[run.len() - 1];
        let len = run.len();
        let (i, j) = (op[x0].0, np[y0].0);
        let keep = len >= MIN_RUN
            || (op[x1].0 == i && np[y1].0 == j && 2 * len >= ow[i].len() && 2 * len >= nw[j].len());
        if keep {
            for &(x, y) in run {
                *matched.entry((op[x].0, np[y].0)).or_default() += 1;
            }
        }
    };
    for d in &ops {
        if d.tag() != DiffTag::Equal {
            continue;
        }
        // A run of the filtered streams is cut where a word the other side lacks stood
        // between two of its words on either side: runs are counted as in the text.
        let mut run: Vec<(usize, usize)> = Vec::new();
        for (x, y) in d.old_range().zip(d.new_range()) {
            if let Some(&(px, py)) = run.last()
                && (op[x].1 != op[px].1 + 1 || np[y].1 != np[py].1 + 1)
            {
                count(&run);
                run.clear();
            }
            run.push((x, y));
        }
        count(&run);
    }
    // Edges: a pair of blocks sharing at least half of the shorter one's words.
    let edges: Vec<(usize, usize, usize)> = matched
        .into_iter()
        .filter(|&((i, j), c)| 2 * c >= ow[i].len().min(nw[j].len()).max(1))
        .map(|((i, j), c)| (i, j, c))
        .collect();
    // Components, in order: edges come sorted by old block, and the matching is monotone,
    // so each component is a run of edges whose ranges touch.
    let mut out: Vec<Group> = Vec::new();
    let mut cur: Option<(Range<usize>, Range<usize>, usize)> = None;
    let close = |cur: Option<(Range<usize>, Range<usize>, usize)>, out: &mut Vec<Group>| {
        let Some((o, n, hits)) = cur else {
            return;
        };
        let (wo, wn): (usize, usize) = (
            ow[o.clone()].iter().map(Vec::len).sum(),
            nw[n.clone()].iter().map(Vec::len).sum(),
        );
        let overlaps = out
            .last()
            .is_some_and(|g| g.old.end > o.start || g.new.end > n.start);
        // Shown as one change when the matches (runs, so not chance) keep a third of the
        // words on each side: it then marks at most two thirds of what removing one side
        // and adding the other would. A rewritten paragraph that grew from 60 to 85 words
        // around 40 kept ones is a changed paragraph, not a removed and an added one.
        if 3 * hits >= wo.max(wn) && !overlaps {
            out.push(Group { old: o, new: n });
        }
    };
    for (i, j, c) in edges {
        cur = match cur {
            Some((o, n, hits)) if i < o.end || j < n.end => (
                o.start..o.end.max(i + 1),
                n.start..n.end.max(j + 1),
                hits + c,
            )
                .into(),
            other => {
                close(other, &mut out);
                Some((i..i + 1, j..j + 1, c))
            }
        };
    }
    close(cur, &mut out);
    out
}

fn vocabulary(w: &[Vec<String>]) -> FxHashSet<&str> {
    w.iter().flatten().map(String::as_str).collect()
}

/// The words of a side that `other` also has, each with its block and its place among all
/// the side's words.
fn flat<'w>(w: &'w [Vec<String>], other: &FxHashSet<&str>) -> (Vec<(usize, usize)>, Vec<&'w str>) {
    let (mut places, mut keys) = (Vec::new(), Vec::new());
    let mut at = 0;
    for (b, ws) in w.iter().enumerate() {
        for s in ws {
            if other.contains(s.as_str()) {
                places.push((b, at));
                keys.push(s.as_str());
            }
            at += 1;
        }
    }
    (places, keys)
}

fn compatible(a: &Block, b: &Block) -> bool {
    use Kind::*;
    match (a.kind, b.kind) {
        (Heading(_), Heading(_))
        | (Paragraph | Item { .. }, Paragraph | Item { .. })
        | (Code, Code) => true,
        (Row { .. }, Row { .. }) => a.cells.len() == b.cells.len(),
        _ => false,
    }
}

/// How alike two blocks are, from 0 to 1, given their words ([`Words::of`]). Below
/// [`SIMILAR`] it may say 0: every caller only asks whether a pair reaches it. Once the
/// budget for comparing is spent, the order-free ratio stands in for the word diff's: an
/// edited block still finds its partner, and a pair only decides where a word diff runs,
/// which then shows every change.
fn similarity(a: &Block, wa: &Words, b: &Block, wb: &Words, budget: &mut Budget) -> f32 {
    if !compatible(a, b) || a.len() > MAX_WORD_DIFF || b.len() > MAX_WORD_DIFF {
        return 0.0;
    }
    if wa.list.is_empty() && wb.list.is_empty() {
        return 1.0;
    }
    // An upper bound first, from the words both have in any order: a diff matches no more.
    // Most pairs in a rewrite fail here, for the cost of one merge instead of a diff.
    let common = wa.common(wb) as f32;
    let mut bound = 2.0 * common / (wa.len() + wb.len()) as f32;
    if matches!(a.kind, Kind::Heading(_)) {
        bound = bound.max(common / wa.len().min(wb.len()).max(1) as f32);
    }
    if matches!(a.kind, Kind::Row { .. }) && !a.cells.is_empty() {
        let same = a.cells.iter().zip(&b.cells).filter(|(x, y)| x == y).count();
        bound = bound.max(same as f32 / a.cells.len() as f32);
    }
    if bound < SIMILAR {
        return 0.0;
    }
    if !budget.affords(wa, wb) {
        return bound;
    }
    budget.comparing -= Budget::cost(wa, wb);
    let (wa, wb) = (&wa.list, &wb.list);
    let ops = similar::capture_diff_slices(Algorithm::Patience, wa, wb);
    let by_words = similar::diff_ratio(&ops, wa.len(), wb.len());
    // A heading that gained or lost a qualifier ("Steps" -> "Steps for DBB12") is the same
    // heading: headings are short, so one added word halves their similarity.
    if matches!(a.kind, Kind::Heading(_)) {
        let common = ops
            .iter()
            .filter(|op| op.tag() == DiffTag::Equal)
            .map(|op| op.old_range().len())
            .sum::<usize>();
        let shorter = wa.len().min(wb.len()).max(1);
        return by_words.max(common as f32 / shorter as f32);
    }
    // A table row is the same row when half its cells are unchanged, however long the
    // changed cell is.
    if matches!(a.kind, Kind::Row { .. }) && !a.cells.is_empty() {
        let same = a.cells.iter().zip(&b.cells).filter(|(x, y)| x == y).count();
        return by_words.max(same as f32 / a.cells.len() as f32);
    }
    by_words
}

/// Removed and added blocks (each with its row number) that are alike enough to be one
/// block moved and changed. Pairs are taken best first: the most similar, then the nearest
/// (rows apart), then the earliest, so a near-identical partner is never lost to a merely
/// alike one that came first. At most [`MAX_MOVE_PAIRS`] pairs are looked at, most of
/// them for the cost of [`Words::common`], so a rewrite costs no more than a small one.
pub fn moved(
    gone: &[(usize, &Block)],
    new: &[(usize, &Block)],
    budget: &mut Budget,
) -> Vec<(usize, usize)> {
    let words = |v: &[(usize, &Block)]| v.iter().map(|(_, b)| Words::of(b)).collect::<Vec<_>>();
    let (wg, wn) = (words(gone), words(new));
    let mut left = MAX_MOVE_PAIRS;
    let mut found: Vec<(f32, usize, usize, usize)> = Vec::new();
    'gone: for (i, &(ri, a)) in gone.iter().enumerate() {
        for (j, &(rj, b)) in new.iter().enumerate() {
            if left == 0 {
                break 'gone;
            }
            left -= 1;
            // A move is claimed only on a real word diff, never on the order-free bound.
            if !budget.affords(&wg[i], &wn[j]) {
                continue;
            }
            // Strictly more than half: elsewhere in the text, two short menu items that
            // share one word ("Contact Us", "Email Us") are chance, not a move.
            let s = similarity(a, &wg[i], b, &wn[j], budget);
            if s > SIMILAR {
                found.push((s, ri.abs_diff(rj), i, j));
            }
        }
    }
    found.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then(x.1.cmp(&y.1))
            .then(x.2.cmp(&y.2))
            .then(x.3.cmp(&y.3))
    });
    let (mut used_g, mut used_n) = (vec![false; gone.len()], vec![false; new.len()]);
    let mut out = Vec::new();
    for (_, _, i, j) in found {
        if !used_g[i] && !used_n[j] {
            used_g[i] = true;
            used_n[j] = true;
            out.push((i, j));
        }
    }
    out.sort_unstable();
    out
}

/// Pairs blocks in order to maximise total similarity (blocks below [`SIMILAR`] stay
/// unpaired): a small dynamic programme over the region.
pub fn align(old: &[Block], new: &[Block], budget: &mut Budget) -> Vec<(usize, usize)> {
    let (m, n) = (old.len(), new.len());
    let (wo, wn): (Vec<_>, Vec<_>) = (
        old.iter().map(Words::of).collect(),
        new.iter().map(Words::of).collect(),
    );
    let sim: Vec<Vec<f32>> = old
        .iter()
        .zip(&wo)
        .map(|(a, wa)| {
            new.iter()
                .zip(&wn)
                .map(|(b, wb)| similarity(a, wa, b, wb, budget))
                .collect()
        })
        .collect();
    let mut score = vec![vec![0f32; n + 1]; m + 1];
    for i in 1..=m {
        for j in 1..=n {
            let mut best = score[i - 1][j].max(score[i][j - 1]);
            let s = sim[i - 1][j - 1];
            if s >= SIMILAR {
                best = best.max(score[i - 1][j - 1] + s);
            }
            score[i][j] = best;
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (m, n);
    while i > 0 && j > 0 {
        let s = sim[i - 1][j - 1];
        if s >= SIMILAR && score[i][j] == score[i - 1][j - 1] + s {
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if score[i][j] == score[i - 1][j] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

/// Pairs each old block with the most similar of the next [`WINDOW`] unpaired new blocks:
/// the linear-cost alignment for large runs of changes.
pub fn greedy(old: &[Block], new: &[Block], budget: &mut Budget) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut j = 0;
    let wn: Vec<Words> = new.iter().map(Words::of).collect();
    for (i, a) in old.iter().enumerate() {
        let wa = Words::of(a);
        let mut best: Option<(usize, f32)> = None;
        for (k, b) in new.iter().enumerate().skip(j).take(WINDOW) {
            let s = similarity(a, &wa, b, &wn[k], budget);
            if s >= SIMILAR && best.is_none_or(|(_, t)| s > t) {
                best = Some((k, s));
            }
        }
        if let Some((k, _)) = best {
            pairs.push((i, k));
            j = k + 1;
        }
    }
    pairs
}
