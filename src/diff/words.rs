//! The word diff inside a row, as segments of text with a mark (same, inserted, deleted)
//! and a look (emphasis, link, image). Changes separated only by spaces merge into one
//! deletion and one insertion, so "the quick brown" -> "a slow red" reads as one phrase.
//! Across a group of blocks the diff runs over all their words at once, so a paragraph
//! split in two shows only the words that changed.

use similar::{Algorithm, DiffTag};

use super::Part;
use super::tokens::{Class, tokens};
use crate::blocks::{Block, IMAGE, Span, Style};

/// Whether a segment is in both revisions, only the later one or only the earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// In both.
    Same,
    /// Inserted.
    Ins,
    /// Deleted.
    Del,
}

/// How a segment looks: its inline markup.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Look {
    /// Italic.
    pub emphasis: bool,
    /// Bold.
    pub strong: bool,
    /// Struck through by the author.
    pub strike: bool,
    /// Inline code.
    pub code: bool,
    /// The link it is part of (target as written).
    pub link: Option<String>,
    /// The image it is (address as written); the text is its alt text.
    pub image: Option<String>,
}

impl Look {
    fn emphasis_of(&self) -> (bool, bool, bool, bool) {
        (self.emphasis, self.strong, self.strike, self.code)
    }
}

/// A run of text with one mark and one look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    /// In both revisions, inserted or deleted.
    pub mark: Mark,
    /// The text (for an image, its alt text or nothing).
    pub text: String,
    /// Its markup.
    pub look: Look,
    /// For words in both revisions whose link target changed: the earlier target (`None`:
    /// they were not a link). The later one is in [`Look::link`].
    pub old_link: Option<Option<String>>,
}

/// Where a token sits: which block of a group, which cell.
type Loc = (usize, usize);

#[derive(Debug, Clone)]
struct Tok<'a> {
    text: &'a str,
    class: Class,
    look: Look,
    loc: Loc,
    /// A separator between cells or blocks (compares as a space, never shown).
    sep: bool,
}

impl Tok<'_> {
    fn key(&self) -> String {
        match (&self.look.image, self.sep) {
            (_, true) => " ".to_owned(),
            (Some(src), _) => format!("\u{1}{src}\u{1}{}", self.text),
            _ => self.text.to_owned(),
        }
    }

    fn space(&self) -> bool {
        self.sep || self.class == Class::Space
    }
}

fn look_at(spans: &[Span], at: std::ops::Range<usize>) -> Look {
    let mut l = Look::default();
    // In a link inside a link (an image on another site inside a link), the inner one is
    // what a browser follows.
    let mut link_len = usize::MAX;
    for s in spans {
        if s.range.start <= at.start && at.end <= s.range.end {
            match &s.style {
                Style::Emphasis => l.emphasis = true,
                Style::Strong => l.strong = true,
                Style::Strike => l.strike = true,
                Style::Code => l.code = true,
                Style::Link(t) if s.range.len() < link_len => {
                    link_len = s.range.len();
                    l.link = Some(t.clone());
                }
                Style::Link(_) | Style::Hidden => {}
                Style::Image(src) => l.image = Some(src.clone()),
            }
        }
    }
    l
}

fn cell_toks<'a>(text: &'a str, spans: &[Span], loc: Loc) -> Vec<Tok<'a>> {
    tokens(text, spans)
        .into_iter()
        .map(|t| {
            let look = look_at(spans, t.range.clone());
            let mut s = &text[t.range];
            if look.image.is_some() && s == IMAGE {
                s = "";
            }
            Tok {
                text: s,
                class: t.class,
                look,
                loc,
                sep: false,
            }
        })
        .collect()
}

fn sep(loc: Loc) -> Tok<'static> {
    Tok {
        text: " ",
        class: Class::Space,
        look: Look::default(),
        loc,
        sep: true,
    }
}

/// All tokens of some blocks, with separators between cells and blocks.
fn stream<'a>(blocks: &[&'a Block]) -> Vec<Tok<'a>> {
    let mut out = Vec::new();
    for (p, b) in blocks.iter().enumerate() {
        for (c, text) in b.cells.iter().enumerate() {
            if !out.is_empty() {
                out.push(sep((p, c)));
            }
            let spans = b.spans.get(c).map_or(&[][..], Vec::as_slice);
            out.extend(cell_toks(text, spans, (p, c)));
        }
    }
    out
}

/// A block whole, every segment with one mark.
pub fn whole(b: &Block, mark: Mark) -> Part<'_> {
    let mut part = empty(b);
    for (c, text) in b.cells.iter().enumerate() {
        let spans = b.spans.get(c).map_or(&[][..], Vec::as_slice);
        for t in cell_toks(text, spans, (0, c)) {
            push(&mut part.cells[c], seg(mark, &t, None));
        }
    }
    part
}

fn empty(b: &Block) -> Part<'_> {
    Part {
        block: b,
        cells: vec![Vec::new(); b.cells.len()],
    }
}

fn seg(mark: Mark, t: &Tok, old_link: Option<Option<String>>) -> Seg {
    Seg {
        mark,
        text: t.text.to_owned(),
        look: t.look.clone(),
        old_link,
    }
}

/// Appends a segment, joining it to the last one when mark and look agree.
fn push(cell: &mut Vec<Seg>, s: Seg) {
    if let Some(last) = cell.last_mut()
        && last.mark == s.mark
        && last.look == s.look
        && last.old_link == s.old_link
        && last.look.image.is_none()
    {
        last.text.push_str(&s.text);
        return;
    }
    cell.push(s);
}

/// The word diff of blocks `old` that became blocks `new`, as the new blocks' parts, and
/// whether emphasis changed on words that stayed. Table rows with the same number of cells
/// are diffed cell by cell.
pub fn parts<'a>(old: &[&'a Block], new: &[&'a Block]) -> (Vec<Part<'a>>, bool) {
    let mut parts: Vec<Part<'a>> = new.iter().map(|b| empty(b)).collect();
    let mut emphasis = false;
    let by_cell = old.len() == 1
        && new.len() == 1
        && old[0].cells.len() == new[0].cells.len()
        && old[0].cells.len() > 1;
    if by_cell {
        for c in 0..old[0].cells.len() {
            let spans = |b: &Block| b.spans.get(c).cloned().unwrap_or_default();
            let (so, sn) = (spans(old[0]), spans(new[0]));
            let a = cell_toks(&old[0].cells[c], &so, (0, c));
            let b = cell_toks(&new[0].cells[c], &sn, (0, c));
            emphasis |= diff(&a, &b, &mut parts);
        }
    } else {
        emphasis = diff(&stream(old), &stream(new), &mut parts);
    }
    (parts, emphasis)
}

/// A word diff of two plain texts.
pub fn text(old: &str, new: &str) -> Vec<Seg> {
    let b = Block {
        kind: crate::blocks::Kind::Paragraph,
        depth: 0,
        marker: String::new(),
        context: String::new(),
        cells: vec![String::new()],
        spans: vec![Vec::new()],
    };
    let mut parts = vec![empty(&b)];
    diff(
        &cell_toks(old, &[], (0, 0)),
        &cell_toks(new, &[], (0, 0)),
        &mut parts,
    );
    parts.pop().map(|p| p.cells).unwrap_or_default().remove(0)
}

/// A word diff of two plain texts split in two, for before/after columns: the old text
/// with its deletions and the new text with its insertions.
pub fn text_split(old: &str, new: &str) -> (Vec<Seg>, Vec<Seg>) {
    let segs = text(old, new);
    let side = |skip: Mark| {
        let mut out: Vec<Seg> = Vec::new();
        for s in segs.iter().filter(|s| s.mark != skip) {
            let mut s = s.clone();
            // One side alone may put two spaces together where the other side's words were.
            let spaced = out
                .last()
                .is_none_or(|l| l.text.ends_with(char::is_whitespace));
            if spaced && s.mark == Mark::Same {
                s.text = s.text.trim_start().to_owned();
            }
            if !s.text.is_empty() {
                out.push(s);
            }
        }
        out
    };
    (side(Mark::Ins), side(Mark::Del))
}

/// Diffs two token streams into `parts` (by the new tokens' places); returns whether
/// emphasis changed on words both have.
fn diff(old: &[Tok], new: &[Tok], parts: &mut [Part]) -> bool {
    let (ok, nk): (Vec<String>, Vec<String>) = (
        old.iter().map(Tok::key).collect(),
        new.iter().map(Tok::key).collect(),
    );
    // Patience reads best, but it anchors on tokens that occur once, and in prose those
    // are often a picture, a number or a name: a picture moved two words along then marks
    // the words around it. Myers is fewest tokens, spaces and commas included, so it may
    // trade one moved word for two changed ones. Whichever marks fewer words wins (ties:
    // patience).
    let patience = similar::capture_diff_slices(Algorithm::Patience, &ok, &nk);
    let myers = similar::capture_diff_slices(Algorithm::Myers, &ok, &nk);
    let ops = if marked_words(&myers, old, new) < marked_words(&patience, old, new) {
        myers
    } else {
        patience
    };
    let mut w = Writer {
        old,
        new,
        parts,
        del: Vec::new(),
        ins: Vec::new(),
        emphasis: false,
        last: (0, 0),
        ends_space: true,
    };
    for (k, op) in ops.iter().enumerate() {
        let (o, n) = (op.old_range(), op.new_range());
        match op.tag() {
            DiffTag::Equal => {
                let between = k + 1 < ops.len() && !(w.del.is_empty() && w.ins.is_empty());
                if between && new[n.clone()].iter().all(Tok::space) {
                    w.del.extend(o);
                    w.ins.extend(n);
                } else {
                    w.flush(Some(n.start));
                    for (i, j) in o.zip(n) {
                        w.same(i, j);
                    }
                }
            }
            DiffTag::Delete => w.del.extend(o),
            DiffTag::Insert => w.ins.extend(n),
            DiffTag::Replace => {
                w.del.extend(o);
                w.ins.extend(n);
            }
        }
    }
    w.flush(None);
    w.emphasis
}

/// How many words (and pictures) a diff marks.
fn marked_words(ops: &[similar::DiffOp], old: &[Tok], new: &[Tok]) -> usize {
    let words = |t: &[Tok]| {
        t.iter()
            .filter(|t| matches!(t.class, Class::Word | Class::Image) && !t.sep)
            .count()
    };
    ops.iter()
        .map(|op| match op.tag() {
            DiffTag::Equal => 0,
            _ => words(&old[op.old_range()]) + words(&new[op.new_range()]),
        })
        .sum()
}

struct Writer<'t, 'p, 'a> {
    old: &'t [Tok<'t>],
    new: &'t [Tok<'t>],
    parts: &'p mut [Part<'a>],
    del: Vec<usize>,
    ins: Vec<usize>,
    emphasis: bool,
    last: Loc,
    /// Whether the later text written so far ends with a space (or nothing).
    ends_space: bool,
}

impl Writer<'_, '_, '_> {
    fn put(&mut self, loc: Loc, s: Seg) {
        if loc != self.last {
            self.ends_space = true;
        }
        self.last = loc;
        if s.mark != Mark::Del && !s.text.is_empty() {
            self.ends_space = s.text.ends_with(char::is_whitespace);
        }
        if s.text.is_empty() && s.look.image.is_none() {
            return;
        }
        if let Some(cell) = self
            .parts
            .get_mut(loc.0)
            .and_then(|p| p.cells.get_mut(loc.1))
        {
            push(cell, s);
        }
    }

    fn same(&mut self, i: usize, j: usize) {
        let (a, b) = (&self.old[i], &self.new[j]);
        if b.sep {
            self.last = b.loc;
            return;
        }
        if a.look.emphasis_of() != b.look.emphasis_of() && b.class != Class::Space {
            self.emphasis = true;
        }
        let old_link = (a.look.link != b.look.link).then(|| a.look.link.clone());
        // Spaces between two words of one link carry the link's change too; others not.
        let old_link = if b.class == Class::Space && b.look.link.is_none() {
            None
        } else {
            old_link
        };
        self.put(b.loc, seg(Mark::Same, b, old_link));
    }

    /// Writes the pending change. `next` is the new token that follows it.
    fn flush(&mut self, next: Option<usize>) {
        if self.del.is_empty() && self.ins.is_empty() {
            return;
        }
        let (mut del, mut ins) = (std::mem::take(&mut self.del), std::mem::take(&mut self.ins));
        let sp_o = |i: &usize| self.old[*i].space();
        let sp_n = |j: &usize| self.new[*j].space();
        // Spaces both sides share at the edges stay outside the marks.
        let (mut lead, mut trail): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
        let next_tok = next.map(|j| &self.new[j]);
        // What follows closes a sentence or clause (or the cell ends).
        let closes = next_tok.is_none_or(|t| {
            t.sep
                || (t.class == Class::Punct
                    && matches!(t.text, "." | "," | ";" | ":" | "!" | "?" | ")" | "]"))
        });
        let next_space = next_tok.is_some_and(|t| t.class == Class::Space && !t.sep);
        if ins.is_empty() {
            // Only deleted words: the later text needs one space where they were, unless
            // a full stop or a space follows (then the deletion takes its space: "users."
            // not "users .").
            while del.first().is_some_and(sp_o) {
                lead.push(del.remove(0));
            }
            while del.last().is_some_and(sp_o) {
                trail.push(del.pop().expect("non-empty"));
            }
            let loc = self.loc_for(&ins, next);
            if del.is_empty() {
                return;
            }
            // The old side's edge spaces show once, outside the deletion; before a full
            // stop the deletion takes its space.
            if !lead.is_empty() {
                let mark = if closes && !self.ends_space {
                    Mark::Del
                } else {
                    Mark::Same
                };
                self.put(
                    loc,
                    Seg {
                        mark,
                        ..space_seg()
                    },
                );
            }
            for &i in &del {
                let t = self.old[i].clone();
                self.put(loc, seg(Mark::Del, &t, None));
            }
            if !trail.is_empty() && !next_space && next.is_some() {
                self.put(loc, space_seg());
            }
            return;
        }
        if del.is_empty() {
            // Only inserted words: the same rule for the earlier text.
            while ins.first().is_some_and(sp_n) {
                lead.push(ins.remove(0));
            }
            while ins.last().is_some_and(sp_n) {
                trail.insert(0, ins.pop().expect("non-empty"));
            }
            let inside = closes && next.is_some() && trail.is_empty() && !lead.is_empty();
            for &j in &lead {
                let t = self.new[j].clone();
                if !t.sep {
                    let mark = if inside { Mark::Ins } else { Mark::Same };
                    self.put(t.loc, seg(mark, &t, None));
                }
            }
            lead.clear();
        }
        while !del.is_empty() && !ins.is_empty() && sp_o(&del[0]) && sp_n(&ins[0]) {
            del.remove(0);
            lead.push(ins.remove(0));
        }
        while !del.is_empty()
            && !ins.is_empty()
            && del.last().is_some_and(sp_o)
            && ins.last().is_some_and(sp_n)
        {
            del.pop();
            trail.insert(0, ins.pop().expect("non-empty"));
        }
        let loc = self.loc_for(&ins, next);
        for j in lead {
            let t = self.new[j].clone();
            if !t.sep {
                self.put(t.loc, seg(Mark::Same, &t, None));
            }
        }
        for &i in &del {
            let t = self.old[i].clone();
            self.put(loc, seg(Mark::Del, &t, None));
        }
        for &j in &ins {
            let t = self.new[j].clone();
            if !t.sep {
                self.put(t.loc, seg(Mark::Ins, &t, None));
            } else {
                self.last = t.loc;
            }
        }
        for j in trail {
            let t = self.new[j].clone();
            if !t.sep {
                self.put(t.loc, seg(Mark::Same, &t, None));
            }
        }
    }

    /// Where deleted words go: before the first inserted word, else before the next word,
    /// else after the last one written.
    fn loc_for(&self, ins: &[usize], next: Option<usize>) -> Loc {
        if let Some(&j) = ins.iter().find(|&&j| !self.new[j].sep) {
            return self.new[j].loc;
        }
        match next {
            Some(j) if !self.new[j].sep => self.new[j].loc,
            _ => self.last,
        }
    }
}

fn space_seg() -> Seg {
    Seg {
        mark: Mark::Same,
        text: " ".to_owned(),
        look: Look::default(),
        old_link: None,
    }
}

/// Segments as plain text with `[-deleted-]` and `{+inserted+}` (for tests and debugging).
pub fn plain(segs: &[Seg]) -> String {
    let mut out = String::new();
    let mut open = Mark::Same;
    for s in segs {
        if s.mark != open {
            match open {
                Mark::Del => out.push_str("-]"),
                Mark::Ins => out.push_str("+}"),
                Mark::Same => {}
            }
            match s.mark {
                Mark::Del => out.push_str("[-"),
                Mark::Ins => out.push_str("{+"),
                Mark::Same => {}
            }
            open = s.mark;
        }
        out.push_str(&s.text);
    }
    match open {
        Mark::Del => out.push_str("-]"),
        Mark::Ins => out.push_str("+}"),
        Mark::Same => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_changes_merge_across_spaces() {
        assert_eq!(
            plain(&text("the quick brown fox", "the slow red fox")),
            "the [-quick brown-]{+slow red+} fox"
        );
        assert_eq!(
            plain(&text("you must close it", "you must also close it")),
            "you must {+also+} close it"
        );
        assert_eq!(plain(&text("a b", "a")), "a[- b-]");
        assert_eq!(plain(&text("a b c", "a c")), "a [-b-] c");
    }

    #[test]
    fn whole_tokens_change_whole() {
        assert_eq!(
            plain(&text("at 14:00 sharp", "at 12:00 sharp")),
            "at [-14:00-]{+12:00+} sharp"
        );
        assert_eq!(
            plain(&text("the 10th day", "the 5th day")),
            "the [-10th-]{+5th+} day"
        );
        assert_eq!(
            plain(&text("First visit 45 minutes", "First visit 60 minutes")),
            "First visit [-45-]{+60+} minutes"
        );
    }

    #[test]
    fn a_deletion_before_a_full_stop_takes_its_space() {
        assert_eq!(
            plain(&text("for users of the service.", "for users.")),
            "for users[- of the service-]."
        );
        assert_eq!(
            plain(&text("for users.", "for users of the service.")),
            "for users{+ of the service+}."
        );
    }

    #[test]
    fn case_and_punctuation_show_exactly() {
        assert_eq!(
            plain(&text("Npm, Inc.", "npm Inc")),
            "[-Npm,-]{+npm+} Inc[-.-]"
        );
    }

    #[test]
    fn split_words_mark_each_side() {
        let (a, b) = text_split("lpr, outpatient, closing", "lpr, closing, e-boks");
        assert_eq!(plain(&a), "lpr, [-outpatient,-] closing");
        assert_eq!(plain(&b), "lpr, closing{+, e-boks+}");
    }
}
