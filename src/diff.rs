//! Redlines between two revisions: which blocks were added, removed, moved or changed, and
//! inside a changed block which words.
//!
//! Blocks are diffed with the patience algorithm on their identity (kind, place, text; not a
//! list item's number, so re-numbering is no change). Inside each run of changed blocks,
//! old and new blocks are paired by similarity, and paired blocks get a word diff whose
//! changes are merged across the spaces between them so the redline reads in phrases.
//!
//! The cost is bounded by size, never by a clock, so the same input always gives the same
//! output: similar's patience diff falls back to its heuristic Myers, which caps the work
//! on inputs with few matches (no deadline needed), and our own steps are bounded by
//! [`MAX_PAIRING`], [`WINDOW`] and [`MAX_WORD_DIFF`].

use std::collections::BTreeMap;

use similar::{Algorithm, ChangeTag, DiffTag, TextDiff};

use crate::blocks::{Block, Kind};

/// Runs of changed blocks up to this many (old x new) candidate pairs are aligned by the
/// best total similarity; larger runs are paired greedily within [`WINDOW`].
pub const MAX_PAIRING: usize = 2_500;
/// In large runs of changed blocks, how many new blocks ahead an old block looks for its
/// partner.
pub const WINDOW: usize = 8;
/// Blocks longer than this (bytes) are shown replaced whole rather than word by word.
pub const MAX_WORD_DIFF: usize = 20_000;
/// How similar (0 to 1, by words) two blocks must be to be shown as one changed block.
const SIMILAR: f32 = 0.5;
/// Unchanged blocks shown on each side of a change; longer unchanged stretches fold away.
const CONTEXT: usize = 1;

/// What happened to one block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Unchanged.
    Same,
    /// Changed in place: the words that changed are marked.
    Changed,
    /// New in the later revision.
    Inserted,
    /// Gone from the later revision.
    Deleted,
    /// Moved elsewhere (this is where it was).
    MovedFrom,
    /// Moved here unchanged (this is where it is now).
    MovedTo,
}

impl Change {
    fn class(self) -> &'static str {
        match self {
            Change::Same => "same",
            Change::Changed => "changed",
            Change::Inserted => "inserted",
            Change::Deleted => "deleted",
            Change::MovedFrom => "moved-from",
            Change::MovedTo => "moved-to",
        }
    }

    /// The visible label: the redline must read without colour.
    fn label(self, l: &Labels) -> &str {
        match self {
            Change::Same => "",
            Change::Changed => &l.changed,
            Change::Inserted => &l.added,
            Change::Deleted => &l.removed,
            Change::MovedFrom => &l.moved_from,
            Change::MovedTo => &l.moved_to,
        }
    }
}

/// The words a redline shows, in the archive's language (plain text; escaped here).
#[derive(Debug, Clone)]
pub struct Labels {
    /// Tag of a changed block.
    pub changed: String,
    /// Tag of an added block.
    pub added: String,
    /// Tag of a removed block.
    pub removed: String,
    /// Tag where a moved block was.
    pub moved_from: String,
    /// Tag where a moved block is now.
    pub moved_to: String,
    /// A folded stretch of one block.
    pub fold_one: String,
    /// A folded stretch of `{n}` blocks.
    pub fold_many: String,
    /// Hint to open a fold.
    pub show: String,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            changed: "Changed".into(),
            added: "Added".into(),
            removed: "Removed".into(),
            moved_from: "Moved from here".into(),
            moved_to: "Moved here".into(),
            fold_one: "1 unchanged block".into(),
            fold_many: "{n} unchanged blocks".into(),
            show: "(show)".into(),
        }
    }
}

/// One block of the redline.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// What happened to it.
    pub change: Change,
    /// The block (the later one when it exists in both revisions).
    pub block: &'a Block,
    /// The block's content as HTML with `<ins>`/`<del>`, one entry per table cell.
    pub cells: Vec<String>,
}

/// The redline between two bodies.
#[derive(Debug, Clone, Default)]
pub struct Redline<'a> {
    /// Blocks in reading order; deleted blocks where they used to be.
    pub rows: Vec<Row<'a>>,
}

/// How many blocks of each kind of change a redline holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Blocks changed in place.
    pub changed: usize,
    /// Blocks added.
    pub inserted: usize,
    /// Blocks removed.
    pub deleted: usize,
    /// Blocks moved.
    pub moved: usize,
}

impl Redline<'_> {
    /// Counts the changes.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for r in &self.rows {
            match r.change {
                Change::Same => {}
                Change::Changed => c.changed += 1,
                Change::Inserted => c.inserted += 1,
                Change::Deleted => c.deleted += 1,
                Change::MovedTo => c.moved += 1,
                Change::MovedFrom => {}
            }
        }
        c
    }

    /// The redline as HTML: one `div.rl` per block, unchanged stretches folded into
    /// `<details>` (expandable without script).
    pub fn to_html(&self) -> String {
        self.to_html_with(&Labels::default())
    }

    /// [`Redline::to_html`] with the labels in another language.
    pub fn to_html_with(&self, labels: &Labels) -> String {
        let mut out = String::new();
        let n = self.rows.len();
        let mut i = 0;
        while i < n {
            if self.rows[i].change != Change::Same {
                row_html(&self.rows[i], labels, &mut out);
                i += 1;
                continue;
            }
            let start = i;
            while i < n && self.rows[i].change == Change::Same {
                i += 1;
            }
            let lead = if start == 0 { 0 } else { CONTEXT };
            let tail = if i == n { 0 } else { CONTEXT };
            let len = i - start;
            if len <= lead + tail + 1 {
                for r in &self.rows[start..i] {
                    row_html(r, labels, &mut out);
                }
                continue;
            }
            for r in &self.rows[start..start + lead] {
                row_html(r, labels, &mut out);
            }
            let hidden = len - lead - tail;
            let count = if hidden == 1 {
                labels.fold_one.clone()
            } else {
                labels.fold_many.replace("{n}", &hidden.to_string())
            };
            out.push_str(&format!(
                "<details class=\"rl-fold\"><summary>{} <span class=\"rl-fold-hint\">{}</span></summary>\n",
                escape(&count),
                escape(&labels.show)
            ));
            for r in &self.rows[start + lead..i - tail] {
                row_html(r, labels, &mut out);
            }
            out.push_str("</details>\n");
            for r in &self.rows[i - tail..i] {
                row_html(r, labels, &mut out);
            }
        }
        out
    }
}

fn row_html(r: &Row, labels: &Labels, out: &mut String) {
    let b = r.block;
    let (kind, level) = match b.kind {
        Kind::Heading(l) => ("heading", format!(" rl-h{l}")),
        Kind::Paragraph => ("para", String::new()),
        Kind::Item { .. } => ("item", String::new()),
        Kind::Row { header: true } => ("row", " rl-row-head".to_owned()),
        Kind::Row { header: false } => ("row", String::new()),
        Kind::Code => ("code", String::new()),
    };
    out.push_str(&format!(
        "<div class=\"rl rl-{} rl-{kind}{level} rl-depth-{}\">",
        r.change.class(),
        b.depth.min(6)
    ));
    let label = r.change.label(labels);
    if !label.is_empty() {
        out.push_str(&format!("<span class=\"rl-tag\">{}</span>", escape(label)));
    }
    out.push_str("<div class=\"rl-text\">");
    if !b.context.is_empty() {
        out.push_str(&format!(
            "<span class=\"rl-context\">{}:</span> ",
            escape(&b.context)
        ));
    }
    if matches!(b.kind, Kind::Item { .. }) {
        out.push_str(&format!(
            "<span class=\"rl-marker\">{}</span> ",
            escape(&b.marker)
        ));
    }
    match b.kind {
        Kind::Row { .. } => {
            out.push_str("<span class=\"rl-cells\">");
            for c in &r.cells {
                out.push_str(&format!("<span class=\"rl-cell\">{c}</span>"));
            }
            out.push_str("</span>");
        }
        Kind::Code => out.push_str(&format!("<pre class=\"rl-pre\">{}</pre>", r.cells.join(""))),
        _ => out.push_str(&r.cells.join("")),
    }
    out.push_str("</div></div>\n");
}

/// Diffs two bodies' blocks.
pub fn redline<'a>(old: &'a [Block], new: &'a [Block]) -> Redline<'a> {
    let mut rows = Vec::with_capacity(new.len().max(old.len()));
    let ok: Vec<_> = old.iter().map(Block::key).collect();
    let nk: Vec<_> = new.iter().map(Block::key).collect();
    let ops: Vec<_> = similar::capture_diff_slices(Algorithm::Patience, &ok, &nk)
        .iter()
        .map(|op| op.as_tag_tuple())
        .collect();
    // Runs of adjacent non-equal ops form one changed region.
    let mut region: Option<(usize, usize, usize, usize)> = None;
    let flush = |region: &mut Option<(usize, usize, usize, usize)>, rows: &mut Vec<Row<'a>>| {
        if let Some((os, oe, ns, ne)) = region.take() {
            changed_region(&old[os..oe], &new[ns..ne], rows);
        }
    };
    for (tag, o, n) in ops {
        if tag == DiffTag::Equal {
            flush(&mut region, &mut rows);
            for b in &new[n] {
                rows.push(same(b));
            }
        } else {
            region = Some(match region {
                Some((os, _, ns, _)) => (os, o.end, ns, n.end),
                None => (o.start, o.end, n.start, n.end),
            });
        }
    }
    flush(&mut region, &mut rows);
    mark_moves(&mut rows);
    Redline { rows }
}

fn same(b: &Block) -> Row<'_> {
    Row {
        change: Change::Same,
        block: b,
        cells: b.cells.iter().map(|c| escape(c)).collect(),
    }
}

fn whole(b: &Block, change: Change) -> Row<'_> {
    let tag = if matches!(change, Change::Deleted | Change::MovedFrom) {
        "del"
    } else {
        "ins"
    };
    Row {
        change,
        block: b,
        cells: b
            .cells
            .iter()
            .map(|c| {
                if c.is_empty() {
                    String::new()
                } else {
                    format!("<{tag}>{}</{tag}>", escape(c))
                }
            })
            .collect(),
    }
}

fn compatible(a: &Block, b: &Block) -> bool {
    use Kind::*;
    match (a.kind, b.kind) {
        (Heading(_), Heading(_)) | (Paragraph, Paragraph) | (Item { .. }, Item { .. }) => true,
        (Row { .. }, Row { .. }) => a.cells.len() == b.cells.len(),
        (Code, Code) => true,
        _ => false,
    }
}

/// A block's words, lowercased: what [`similarity`] compares. Shared spaces and
/// punctuation would make unrelated sentences look alike.
fn words_of(b: &Block) -> Vec<String> {
    b.cells
        .iter()
        .flat_map(|c| c.split_whitespace())
        .map(str::to_lowercase)
        .collect()
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

/// Pairs the old and new blocks of one changed region and appends its rows.
fn changed_region<'a>(old: &'a [Block], new: &'a [Block], rows: &mut Vec<Row<'a>>) {
    let pairs = if old.len().saturating_mul(new.len()) <= MAX_PAIRING {
        align(old, new)
    } else {
        greedy(old, new)
    };
    let (mut i, mut j) = (0, 0);
    for (pi, pj) in pairs.into_iter().chain([(old.len(), new.len())]) {
        rows.extend(old[i..pi].iter().map(|b| whole(b, Change::Deleted)));
        rows.extend(new[j..pj].iter().map(|b| whole(b, Change::Inserted)));
        if pi < old.len() && pj < new.len() {
            rows.push(changed(&old[pi], &new[pj]));
        }
        (i, j) = (pi + 1, pj + 1);
    }
}

/// Pairs blocks in order to maximise total similarity (blocks below [`SIMILAR`] stay
/// unpaired): a small dynamic programme over the region.
fn align(old: &[Block], new: &[Block]) -> Vec<(usize, usize)> {
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
fn greedy(old: &[Block], new: &[Block]) -> Vec<(usize, usize)> {
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

fn changed<'a>(a: &Block, b: &'a Block) -> Row<'a> {
    Row {
        change: Change::Changed,
        block: b,
        cells: a
            .cells
            .iter()
            .zip(&b.cells)
            .map(|(x, y)| words(x, y))
            .collect(),
    }
}

/// A word diff as HTML. Changes separated only by spaces merge into one deletion and one
/// insertion, so "the quick brown" -> "a slow red" reads as one phrase, not three.
pub fn words(old: &str, new: &str) -> String {
    if old == new {
        return escape(new);
    }
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_unicode_words(old, new);
    let mut segs: Vec<(ChangeTag, String)> = Vec::new();
    for c in diff.iter_all_changes() {
        match segs.last_mut() {
            Some((tag, text)) if *tag == c.tag() => text.push_str(c.value()),
            _ => segs.push((c.tag(), c.value().to_owned())),
        }
    }
    let mut out = String::new();
    let (mut del, mut ins) = (String::new(), String::new());
    for (k, (tag, text)) in segs.iter().enumerate() {
        match tag {
            ChangeTag::Delete => del.push_str(text),
            ChangeTag::Insert => ins.push_str(text),
            ChangeTag::Equal => {
                let between = k > 0 && k + 1 < segs.len();
                if between && text.trim().is_empty() {
                    del.push_str(text);
                    ins.push_str(text);
                } else {
                    change_html(&mut del, &mut ins, &mut out);
                    out.push_str(&escape(text));
                }
            }
        }
    }
    change_html(&mut del, &mut ins, &mut out);
    out
}

/// A word diff split in two, for before/after columns: the old text with its deletions
/// marked and the new text with its insertions marked.
pub fn words_split(old: &str, new: &str) -> (String, String) {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_unicode_words(old, new);
    let changes: Vec<(ChangeTag, &str)> = diff
        .iter_all_changes()
        .map(|c| (c.tag(), c.value()))
        .collect();
    let side = |skip: ChangeTag, mark: ChangeTag, tag: &str, cue: &str| {
        let segs: Vec<(bool, &str)> = changes
            .iter()
            .filter(|(t, _)| *t != skip)
            .map(|(t, v)| (*t == mark, *v))
            .collect();
        let mut out = String::new();
        let mut k = 0;
        while k < segs.len() {
            if !segs[k].0 {
                out.push_str(&escape(segs[k].1));
                k += 1;
                continue;
            }
            // A run of marked words, with the spaces between them.
            let mut end = k + 1;
            let mut last = k;
            while end < segs.len() && (segs[end].0 || segs[end].1.trim().is_empty()) {
                if segs[end].0 {
                    last = end;
                }
                end += 1;
            }
            let run: String = segs[k..=last].iter().map(|s| s.1).collect();
            let body = run.trim();
            let lead = &run[..run.len() - run.trim_start().len()];
            let trail = &run[run.trim_end().len()..];
            out.push_str(lead);
            if !body.is_empty() {
                out.push_str(&format!(
                    "<span class=\"vh\">{cue}: </span><{tag}>{}</{tag}>",
                    escape(body)
                ));
            }
            out.push_str(trail);
            k = last + 1;
        }
        out
    };
    (
        side(ChangeTag::Insert, ChangeTag::Delete, "del", "deleted"),
        side(ChangeTag::Delete, ChangeTag::Insert, "ins", "inserted"),
    )
}

/// Writes one merged change, keeping the spaces both sides share outside the marks.
fn change_html(del: &mut String, ins: &mut String, out: &mut String) {
    if del.is_empty() && ins.is_empty() {
        return;
    }
    let ws = |s: &str, rev: bool| -> usize {
        let it: Box<dyn Iterator<Item = char>> = if rev {
            Box::new(s.chars().rev())
        } else {
            Box::new(s.chars())
        };
        it.take_while(|c| c.is_whitespace())
            .map(char::len_utf8)
            .sum()
    };
    let (lead, trail) = if del.is_empty() || ins.is_empty() {
        let s = if del.is_empty() { &*ins } else { &*del };
        let lead = ws(s, false);
        (lead, if lead == s.len() { 0 } else { ws(s, true) })
    } else {
        let shared = |a: &str, b: &str, rev: bool| -> usize {
            let (n, m) = (ws(a, rev), ws(b, rev));
            let (x, y) = if rev {
                (&a[a.len() - n..], &b[b.len() - m..])
            } else {
                (&a[..n], &b[..m])
            };
            if x == y { n } else { 0 }
        };
        let lead = shared(del, ins, false);
        let room = del.len().min(ins.len()) - lead;
        (lead, shared(del, ins, true).min(room))
    };
    let side = if del.is_empty() { &*ins } else { &*del };
    out.push_str(&escape(&side[..lead]));
    let d = del.get(lead..del.len().saturating_sub(trail)).unwrap_or("");
    let i = ins.get(lead..ins.len().saturating_sub(trail)).unwrap_or("");
    if !d.is_empty() {
        out.push_str(&format!(
            "<span class=\"vh\">deleted: </span><del>{}</del>",
            escape(d)
        ));
    }
    if !i.is_empty() {
        out.push_str(&format!(
            "<span class=\"vh\">inserted: </span><ins>{}</ins>",
            escape(i)
        ));
    }
    out.push_str(&escape(&side[side.len() - trail..]));
    del.clear();
    ins.clear();
}

/// A block removed in one place and inserted unchanged in another was moved.
fn mark_moves(rows: &mut [Row<'_>]) {
    let mut deleted: BTreeMap<String, std::collections::VecDeque<usize>> = BTreeMap::new();
    for (k, r) in rows.iter().enumerate() {
        if r.change == Change::Deleted && !r.block.is_empty() {
            deleted.entry(move_key(r.block)).or_default().push_back(k);
        }
    }
    let mut moves = Vec::new();
    for (k, r) in rows.iter().enumerate() {
        if r.change == Change::Inserted
            && let Some(from) = deleted
                .get_mut(&move_key(r.block))
                .and_then(|d| d.pop_front())
        {
            moves.push((from, k));
        }
    }
    for (from, to) in moves {
        rows[from] = whole(rows[from].block, Change::MovedFrom);
        rows[to] = whole(rows[to].block, Change::MovedTo);
    }
}

fn move_key(b: &Block) -> String {
    format!(
        "{:?}\u{1f}{}\u{1f}{}",
        b.kind,
        b.context,
        b.cells.join("\u{1f}")
    )
}

/// Escapes text for HTML content.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::blocks;

    fn marks(html: &str) -> String {
        html.replace("<span class=\"vh\">deleted: </span>", "")
            .replace("<span class=\"vh\">inserted: </span>", "")
    }

    #[test]
    fn word_changes_merge_across_spaces() {
        assert_eq!(
            marks(&words("the quick brown fox", "the slow red fox")),
            "the <del>quick brown</del><ins>slow red</ins> fox"
        );
        assert_eq!(
            marks(&words("you must close it", "you must also close it")),
            "you must <ins>also</ins> close it"
        );
        assert_eq!(marks(&words("a b", "a")), "a <del>b</del>");
    }

    #[test]
    fn split_words_mark_each_side() {
        let (a, b) = words_split("lpr, outpatient, closing", "lpr, closing, e-boks");
        assert_eq!(marks(&a), "lpr, <del>outpatient,</del> closing");
        assert_eq!(marks(&b), "lpr, closing<ins>, e-boks</ins>");
    }

    #[test]
    fn renumbered_and_moved_items() {
        let old = blocks("1. A step\n2. B step\n3. C step\n4. D step\n");
        let new = blocks("1. A step\n2. C step\n3. B step\n4. D step\n");
        let r = redline(&old, &new);
        let changes: Vec<Change> = r.rows.iter().map(|r| r.change).collect();
        assert_eq!(
            changes.iter().filter(|c| **c == Change::Same).count(),
            3,
            "{changes:?}"
        );
        assert!(changes.contains(&Change::MovedFrom) && changes.contains(&Change::MovedTo));
    }

    #[test]
    fn a_qualified_heading_is_a_changed_heading() {
        let (a, b) = (blocks("## Steps\n"), blocks("## Steps for DBB12\n"));
        let r = redline(&a, &b);
        assert_eq!(r.rows.len(), 1);
        assert_eq!(marks(&r.rows[0].cells[0]), "Steps <ins>for DBB12</ins>");
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
