//! Which changed blocks correspond: groups of blocks whose words continue across block
//! edges (split, merged, restructured), then one-to-one pairs by similarity.
//!
//! Both compare words without case or punctuation ([`pairing_key`]), so "Npm, Inc." and
//! "npm Inc" are the same block changed; the word diff inside still shows every character.

use std::collections::BTreeMap;
use std::ops::Range;

use similar::{Algorithm, DiffTag};

use super::tokens::{pairing_key, tokens};
use super::{MAX_GROUPING, MAX_PAIRING, MAX_WORD_DIFF, WINDOW};
use crate::blocks::{Block, Kind};

/// How similar (0 to 1, by words) two blocks must be to be shown as one changed block.
const SIMILAR: f32 = 0.5;
/// Matched runs shorter than this many words are chance ("the", "of the") unless they make
/// up half of both blocks they are in.
const MIN_RUN: usize = 3;

/// A block's words for pairing: lowercased, letters and digits only; an image by its alt
/// text, so a picture replaced by a new one at another address is the same block changed.
pub fn words_of(b: &Block) -> Vec<String> {
    let mut out = Vec::new();
    for (c, text) in b.cells.iter().enumerate() {
        let spans = b.spans.get(c).map_or(&[][..], Vec::as_slice);
        for t in tokens(text, spans) {
            let s = &text[t.range.clone()];
            if let Some(k) = pairing_key(s, t.class)
                && !k.is_empty()
            {
                out.push(k);
            }
        }
    }
    out
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
pub fn groups(old: &[Block], new: &[Block]) -> Vec<Group> {
    if old.is_empty() || new.is_empty() {
        return Vec::new();
    }
    let ow: Vec<Vec<String>> = old.iter().map(words_of).collect();
    let nw: Vec<Vec<String>> = new.iter().map(words_of).collect();
    let total: usize = ow.iter().chain(&nw).map(Vec::len).sum();
    if total > MAX_GROUPING || total == 0 {
        return Vec::new();
    }
    // Flat streams of (block, word).
    let flat = |w: &[Vec<String>]| -> (Vec<usize>, Vec<String>) {
        w.iter()
            .enumerate()
            .flat_map(|(b, ws)| ws.iter().map(move |s| (b, s.clone())))
            .unzip()
    };
    let (ob, ok) = flat(&ow);
    let (nb, nk) = flat(&nw);
    let ops = similar::capture_diff_slices(Algorithm::Myers, &ok, &nk);
    let mut matched: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for op in &ops {
        if op.tag() != DiffTag::Equal {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        let len = o.len();
        let keep = len >= MIN_RUN || {
            let (i, j) = (ob[o.start], nb[n.start]);
            ob[o.end - 1] == i
                && nb[n.end - 1] == j
                && 2 * len >= ow[i].len()
                && 2 * len >= nw[j].len()
        };
        if keep {
            for (x, y) in o.zip(n) {
                *matched.entry((ob[x], nb[y])).or_default() += 1;
            }
        }
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

/// How alike two blocks are, from 0 to 1, given their words ([`words_of`]).
fn similarity(a: &Block, wa: &[String], b: &Block, wb: &[String]) -> f32 {
    if !compatible(a, b) || a.len() > MAX_WORD_DIFF || b.len() > MAX_WORD_DIFF {
        return 0.0;
    }
    if wa.is_empty() && wb.is_empty() {
        return 1.0;
    }
    let special = matches!(a.kind, Kind::Heading(_) | Kind::Row { .. });
    // The word ratio is at most 2 * shorter / (both lengths): a paragraph twice as long as
    // the other cannot reach SIMILAR, and needs no diff to say so.
    let bound = 2.0 * wa.len().min(wb.len()) as f32 / (wa.len() + wb.len()) as f32;
    if !special && bound < SIMILAR {
        return 0.0;
    }
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
/// block moved and changed: each removed block with the first alike added block still
/// free. At most [`MAX_PAIRING`] comparisons, so a rewrite costs no more than a small one.
pub fn moved(gone: &[(usize, &Block)], new: &[(usize, &Block)]) -> Vec<(usize, usize)> {
    let words = |v: &[(usize, &Block)]| v.iter().map(|(_, b)| words_of(b)).collect::<Vec<_>>();
    let (wg, wn) = (words(gone), words(new));
    let mut used = vec![false; new.len()];
    let mut budget = MAX_PAIRING;
    let mut out = Vec::new();
    'gone: for (i, (_, a)) in gone.iter().enumerate() {
        for (j, (_, b)) in new.iter().enumerate() {
            if used[j] {
                continue;
            }
            if budget == 0 {
                break 'gone;
            }
            budget -= 1;
            if similarity(a, &wg[i], b, &wn[j]) >= SIMILAR {
                used[j] = true;
                out.push((i, j));
                break;
            }
        }
    }
    out
}

/// Pairs blocks in order to maximise total similarity (blocks below [`SIMILAR`] stay
/// unpaired): a small dynamic programme over the region.
pub fn align(old: &[Block], new: &[Block]) -> Vec<(usize, usize)> {
    let (m, n) = (old.len(), new.len());
    let (wo, wn): (Vec<_>, Vec<_>) = (
        old.iter().map(words_of).collect(),
        new.iter().map(words_of).collect(),
    );
    let sim: Vec<Vec<f32>> = old
        .iter()
        .zip(&wo)
        .map(|(a, wa)| {
            new.iter()
                .zip(&wn)
                .map(|(b, wb)| similarity(a, wa, b, wb))
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
pub fn greedy(old: &[Block], new: &[Block]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut j = 0;
    let wn: Vec<Vec<String>> = new.iter().map(words_of).collect();
    for (i, a) in old.iter().enumerate() {
        let wa = words_of(a);
        let mut best: Option<(usize, f32)> = None;
        for (k, b) in new.iter().enumerate().skip(j).take(WINDOW) {
            let s = similarity(a, &wa, b, &wn[k]);
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
