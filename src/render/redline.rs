//! A redline ([`crate::diff`]'s data) as HTML: one `div.rl` per row, unchanged stretches
//! folded into `<details>` (expandable without script), every mark and label with words a
//! screen reader or a copy reads ("deleted: 45, inserted: 60 minutes"), table cells apart,
//! emphasis, links and images as the revision pages show them.

use crate::blocks::Kind;
use crate::diff::{Change, Form, Look, Mark, Redline, Row, Seg};

/// Unchanged rows shown on each side of a change; longer unchanged stretches fold away.
const CONTEXT: usize = 1;

/// The words a redline shows, in the archive's language (plain text; escaped here).
#[derive(Debug, Clone)]
pub struct Labels {
    /// Tag of a changed row.
    pub changed: String,
    /// Tag of a reformatted row.
    pub reformatted: String,
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
    /// Read before deleted words.
    pub deleted: String,
    /// Read before inserted words.
    pub inserted: String,
    /// A link whose target changed (`{from}`, `{to}`).
    pub link_changed: String,
    /// Words that became a link (`{to}`).
    pub link_added: String,
    /// Words that are no longer a link (`{from}`).
    pub link_removed: String,
    /// Stands for an image without alt text, and is read before one with.
    pub image: String,
    /// One paragraph split into `{n}`.
    pub form_split: String,
    /// `{n}` paragraphs merged into one.
    pub form_merged: String,
    /// A heading's level changed (`{from}`, `{to}`).
    pub form_level: String,
    /// A list item's nesting changed (`{from}`, `{to}`).
    pub form_depth: String,
    /// Blocks of some kinds became blocks of others (`{from}`, `{to}`).
    pub form_kinds: String,
    /// Only emphasis changed.
    pub form_emphasis: String,
    /// "and" in a list of kinds.
    pub and: String,
    /// Names of kinds of block, one and many: heading, paragraph, list item, table row,
    /// code block.
    pub kinds: [(String, String); 5],
}

impl Default for Labels {
    fn default() -> Self {
        let s = |x: &str| x.to_owned();
        Labels {
            changed: s("Changed"),
            reformatted: s("Reformatted"),
            added: s("Added"),
            removed: s("Removed"),
            moved_from: s("Moved from here"),
            moved_to: s("Moved here"),
            fold_one: s("1 unchanged block"),
            fold_many: s("{n} unchanged blocks"),
            show: s("(show)"),
            deleted: s("deleted"),
            inserted: s("inserted"),
            link_changed: s("link changed from {from} to {to}"),
            link_added: s("link added to {to}"),
            link_removed: s("link to {from} removed"),
            image: s("image"),
            form_split: s("Split into {n} paragraphs"),
            form_merged: s("Merged from {n} paragraphs"),
            form_level: s("Heading level {from} → {to}"),
            form_depth: s("List level {from} → {to}"),
            form_kinds: s("Reformatted: {from} → {to}"),
            form_emphasis: s("Emphasis changed"),
            and: s("and"),
            kinds: [
                (s("heading"), s("headings")),
                (s("paragraph"), s("paragraphs")),
                (s("list item"), s("list items")),
                (s("table row"), s("table rows")),
                (s("code block"), s("code blocks")),
            ],
        }
    }
}

/// How images show: a function from an image's address as written to the address the page
/// uses, or `None` to show it as a labelled placeholder.
pub type Images<'f> = &'f dyn Fn(&str) -> Option<String>;

fn no_images(_: &str) -> Option<String> {
    None
}

/// The redline as HTML with English labels.
pub fn to_html(r: &Redline) -> String {
    to_html_with(r, &Labels::default(), &no_images)
}

/// The redline as HTML.
pub fn to_html_with(r: &Redline, labels: &Labels, images: Images) -> String {
    let w = Html { labels, images };
    let mut out = String::new();
    let rows = &r.rows;
    let n = rows.len();
    let mut i = 0;
    while i < n {
        if rows[i].change != Change::Same {
            w.row(&rows[i], &mut out);
            i += 1;
            continue;
        }
        let start = i;
        while i < n && rows[i].change == Change::Same {
            i += 1;
        }
        let lead = if start == 0 { 0 } else { CONTEXT };
        let tail = if i == n { 0 } else { CONTEXT };
        let len = i - start;
        if len <= lead + tail + 1 {
            for r in &rows[start..i] {
                w.row(r, &mut out);
            }
            continue;
        }
        for r in &rows[start..start + lead] {
            w.row(r, &mut out);
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
        for r in &rows[start + lead..i - tail] {
            w.row(r, &mut out);
        }
        out.push_str("</details>\n");
        for r in &rows[i - tail..i] {
            w.row(r, &mut out);
        }
    }
    out
}

struct Html<'l, 'f> {
    labels: &'l Labels,
    images: Images<'f>,
}

fn class(c: Change) -> &'static str {
    match c {
        Change::Same => "same",
        Change::Changed => "changed",
        Change::Reformatted => "reformatted",
        Change::Inserted => "inserted",
        Change::Deleted => "deleted",
        Change::MovedFrom => "moved-from",
        Change::MovedTo => "moved-to",
    }
}

fn kind_class(k: Kind) -> (&'static str, String) {
    match k {
        Kind::Heading(l) => ("heading", format!(" rl-h{l}")),
        Kind::Paragraph => ("para", String::new()),
        Kind::Item { .. } => ("item", String::new()),
        Kind::Row { header: true } => ("row", " rl-row-head".to_owned()),
        Kind::Row { header: false } => ("row", String::new()),
        Kind::Code => ("code", String::new()),
    }
}

fn kind_index(k: Kind) -> usize {
    match k {
        Kind::Heading(_) => 0,
        Kind::Paragraph => 1,
        Kind::Item { .. } => 2,
        Kind::Row { .. } => 3,
        Kind::Code => 4,
    }
}

impl Html<'_, '_> {
    fn tag(&self, c: Change) -> &str {
        let l = self.labels;
        match c {
            Change::Same => "",
            Change::Changed => &l.changed,
            Change::Reformatted => &l.reformatted,
            Change::Inserted => &l.added,
            Change::Deleted => &l.removed,
            Change::MovedFrom => &l.moved_from,
            Change::MovedTo => &l.moved_to,
        }
    }

    /// "heading and paragraph", "3 list items".
    fn kinds(&self, shapes: &[(Kind, usize)]) -> String {
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (k, _) in shapes {
            let i = kind_index(*k);
            match runs.last_mut() {
                Some((j, n)) if *j == i => *n += 1,
                _ => runs.push((i, 1)),
            }
        }
        let names: Vec<String> = runs
            .iter()
            .map(|&(i, n)| {
                let (one, many) = &self.labels.kinds[i];
                if n == 1 {
                    one.clone()
                } else {
                    format!("{n} {many}")
                }
            })
            .collect();
        match names.split_last() {
            None => String::new(),
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} {} {last}", rest.join(", "), self.labels.and),
        }
    }

    /// The plain words for a change of form.
    pub fn form(&self, f: &Form) -> String {
        let l = self.labels;
        let all_paras = |s: &[(Kind, usize)]| s.iter().all(|(k, _)| *k == Kind::Paragraph);
        if f.from == f.to {
            return l.form_emphasis.clone();
        }
        if all_paras(&f.from) && all_paras(&f.to) {
            if f.from.len() == 1 {
                return l.form_split.replace("{n}", &f.to.len().to_string());
            }
            if f.to.len() == 1 {
                return l.form_merged.replace("{n}", &f.from.len().to_string());
            }
        }
        if let ([(a, da)], [(b, db)]) = (&f.from[..], &f.to[..]) {
            if let (Kind::Heading(x), Kind::Heading(y)) = (a, b) {
                return l
                    .form_level
                    .replace("{from}", &x.to_string())
                    .replace("{to}", &y.to_string());
            }
            if kind_index(*a) == kind_index(*b) && da != db {
                return l
                    .form_depth
                    .replace("{from}", &da.to_string())
                    .replace("{to}", &db.to_string());
            }
        }
        l.form_kinds
            .replace("{from}", &self.kinds(&f.from))
            .replace("{to}", &self.kinds(&f.to))
    }

    fn row(&self, r: &Row, out: &mut String) {
        let b = r.block();
        let (kind, level) = kind_class(b.kind);
        let group = r.parts.len() > 1;
        // The two rows of a move link to each other.
        let (id, partner) = match (r.moved, r.change) {
            (Some(n), Change::MovedFrom) => (format!("rl-move-{n}-from"), format!("rl-move-{n}")),
            (Some(n), _) => (format!("rl-move-{n}"), format!("rl-move-{n}-from")),
            (None, _) => (String::new(), String::new()),
        };
        out.push_str(&format!(
            "<div{} class=\"rl rl-{} rl-{kind}{level} rl-depth-{}{}\">",
            if id.is_empty() {
                String::new()
            } else {
                format!(" id=\"{id}\"")
            },
            class(r.change),
            b.depth.min(6),
            if group { " rl-group" } else { "" }
        ));
        let tag = self.tag(r.change);
        if !tag.is_empty() && partner.is_empty() {
            out.push_str(&format!("<span class=\"rl-tag\">{}</span> ", escape(tag)));
        } else if !tag.is_empty() {
            out.push_str(&format!(
                "<a class=\"rl-tag\" href=\"#{partner}\">{}</a> ",
                escape(tag)
            ));
        }
        out.push_str("<div class=\"rl-text\">");
        if let Some(f) = &r.form {
            out.push_str(&format!(
                "<span class=\"rl-form\">{}</span> ",
                escape(&self.form(f))
            ));
        }
        for (k, p) in r.parts.iter().enumerate() {
            let b = p.block;
            if group {
                let (kind, level) = kind_class(b.kind);
                if k > 0 {
                    out.push(' ');
                }
                out.push_str(&format!(
                    "<div class=\"rl-part rl-{kind}{level} rl-depth-{}\">",
                    b.depth.min(6)
                ));
            }
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
                    for (c, segs) in p.cells.iter().enumerate() {
                        if c > 0 {
                            out.push(' ');
                        }
                        out.push_str("<span class=\"rl-cell\">");
                        self.segs(segs, out);
                        out.push_str("</span>");
                    }
                    out.push_str("</span>");
                }
                Kind::Code => {
                    out.push_str("<pre class=\"rl-pre\">");
                    for segs in &p.cells {
                        self.segs(segs, out);
                    }
                    out.push_str("</pre>");
                }
                _ => {
                    for segs in &p.cells {
                        self.segs(segs, out);
                    }
                }
            }
            if group {
                out.push_str("</div>");
            }
        }
        out.push_str("</div></div>\n");
    }

    /// One cell's segments: runs of one mark in `<del>`/`<ins>` after a hidden cue.
    fn segs(&self, segs: &[Seg], out: &mut String) {
        let mut k = 0;
        // The last visible text ended with a space (or nothing came yet).
        let mut spaced = true;
        let mut prev = Mark::Same;
        while k < segs.len() {
            let mark = segs[k].mark;
            let mut end = k + 1;
            while end < segs.len() && segs[end].mark == mark {
                end += 1;
            }
            let run = &segs[k..end];
            match mark {
                Mark::Same => self.same(run, out),
                Mark::Del | Mark::Ins => {
                    let (word, tag) = if mark == Mark::Del {
                        (&self.labels.deleted, "del")
                    } else {
                        (&self.labels.inserted, "ins")
                    };
                    let lead = if prev == Mark::Del && mark == Mark::Ins {
                        ", "
                    } else if spaced {
                        ""
                    } else {
                        " "
                    };
                    out.push_str(&format!(
                        "<span class=\"vh\">{lead}{}: </span><{tag}>",
                        escape(word)
                    ));
                    for s in run {
                        self.seg(s, out);
                    }
                    out.push_str(&format!("</{tag}>"));
                }
            }
            let last = run.last().map_or("", |s| s.text.as_str());
            spaced = last.ends_with(char::is_whitespace);
            prev = mark;
            k = end;
        }
    }

    /// Unchanged segments; words whose link target changed are followed by the change.
    fn same(&self, run: &[Seg], out: &mut String) {
        let mut k = 0;
        while k < run.len() {
            let Some(old) = &run[k].old_link else {
                self.seg(&run[k], out);
                k += 1;
                continue;
            };
            let mut end = k + 1;
            while end < run.len()
                && run[end].old_link.as_ref() == Some(old)
                && run[end].look.link == run[k].look.link
            {
                end += 1;
            }
            out.push_str("<span class=\"rl-link-changed\">");
            for s in &run[k..end] {
                self.seg(s, out);
            }
            let l = self.labels;
            let target = |t: &str, class: &str| {
                format!(
                    "<span class=\"{class}\" title=\"{}\">{}</span>",
                    escape(t),
                    escape(&readable(t))
                )
            };
            let note = match (old, &run[k].look.link) {
                (Some(a), Some(b)) => escape(&l.link_changed)
                    .replace("{from}", &target(a, "rl-href-old"))
                    .replace("{to}", &target(b, "rl-href-new")),
                (None, Some(b)) => escape(&l.link_added).replace("{to}", &target(b, "rl-href-new")),
                (Some(a), None) => {
                    escape(&l.link_removed).replace("{from}", &target(a, "rl-href-old"))
                }
                (None, None) => String::new(),
            };
            out.push_str(&format!(" <span class=\"rl-href\">({note})</span></span>"));
            k = end;
        }
    }

    /// One segment with its look.
    fn seg(&self, s: &Seg, out: &mut String) {
        let l: &Look = &s.look;
        if let Some(src) = &l.image {
            let alt = escape(&s.text);
            match (self.images)(src) {
                // A marked picture says its alt text in words too: a changed alt text must
                // be visible, and is then read once.
                Some(url) if s.mark != Mark::Same && !alt.is_empty() => out.push_str(&format!(
                    "<img class=\"rl-img\" src=\"{}\" alt=\"\"> <span class=\"rl-img-alt\">{}: {alt}</span>",
                    escape(&url),
                    escape(&self.labels.image),
                )),
                Some(url) => out.push_str(&format!(
                    "<img class=\"rl-img\" src=\"{}\" alt=\"{alt}\">",
                    escape(&url)
                )),
                None => out.push_str(&format!(
                    "<span class=\"rl-image\" title=\"{}\">[{}{}{alt}]</span>",
                    escape(src),
                    escape(&self.labels.image),
                    if alt.is_empty() { "" } else { ": " }
                )),
            }
            return;
        }
        // A link without text: the page shows nothing, the redline its target.
        let text = match &l.link {
            Some(t) if s.text == crate::blocks::IMAGE => format!("[{}]", readable(t)),
            _ => s.text.clone(),
        };
        let mut open = String::new();
        let mut close = String::new();
        let mut wrap = |o: String, c: &str| {
            open.push_str(&o);
            close.insert_str(0, c);
        };
        if let Some(t) = &l.link {
            wrap(
                format!("<span class=\"rl-link\" title=\"{}\">", escape(t)),
                "</span>",
            );
        }
        if l.strong {
            wrap("<strong>".into(), "</strong>");
        }
        if l.emphasis {
            wrap("<em>".into(), "</em>");
        }
        if l.strike {
            wrap("<s class=\"rl-struck\">".into(), "</s>");
        }
        if l.code {
            wrap("<code>".into(), "</code>");
        }
        out.push_str(&open);
        out.push_str(&escape(&text));
        out.push_str(&close);
    }
}

/// A link target as a reader recognises it: without the scheme, long ones shortened.
fn readable(t: &str) -> String {
    let t = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .or_else(|| t.strip_prefix("mailto:"))
        .unwrap_or(t);
    let chars: Vec<char> = t.chars().collect();
    if chars.len() <= 70 {
        return t.to_owned();
    }
    let head: String = chars[..45].iter().collect();
    let tail: String = chars[chars.len() - 20..].iter().collect();
    format!("{head}…{tail}")
}

/// A word diff of two plain texts as HTML.
pub fn words(old: &str, new: &str) -> String {
    let w = Html {
        labels: &Labels::default(),
        images: &no_images,
    };
    let mut out = String::new();
    w.segs(&crate::diff::text(old, new), &mut out);
    out
}

/// A word diff split in two, for before/after columns: the old text with its deletions
/// marked and the new text with its insertions marked.
pub fn words_split(old: &str, new: &str, labels: &Labels) -> (String, String) {
    let w = Html {
        labels,
        images: &no_images,
    };
    let (a, b) = crate::diff::text_split(old, new);
    let (mut x, mut y) = (String::new(), String::new());
    w.segs(&a, &mut x);
    w.segs(&b, &mut y);
    (x, y)
}

/// Escapes text for HTML content and attributes.
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
    use crate::diff::redline;

    #[test]
    fn marks_read_with_separators() {
        assert_eq!(
            words("First visit 45 minutes", "First visit 60 minutes"),
            "First visit <span class=\"vh\">deleted: </span><del>45</del><span class=\"vh\">, inserted: </span><ins>60</ins> minutes"
        );
    }

    #[test]
    fn table_cells_are_apart() {
        let (a, b) = (
            blocks("| a | b |\n|---|---|\n| First visit | 45 minutes |\n"),
            blocks("| a | b |\n|---|---|\n| First visit | 60 minutes |\n"),
        );
        let html = to_html(&redline(&a, &b));
        assert!(
            html.contains("<span class=\"rl-cell\">First visit</span> <span class=\"rl-cell\">"),
            "{html}"
        );
    }

    #[test]
    fn a_changed_link_shows_both_targets() {
        let (a, b) = (
            blocks("See [the rules](https://a.example/rules).\n"),
            blocks("See [the rules](https://b.example/rules).\n"),
        );
        let html = to_html(&redline(&a, &b));
        assert!(html.contains("<span class=\"rl-link-changed\"><span class=\"rl-link\" title=\"https://b.example/rules\">the rules</span> <span class=\"rl-href\">(link changed from <span class=\"rl-href-old\" title=\"https://a.example/rules\">a.example/rules</span> to <span class=\"rl-href-new\" title=\"https://b.example/rules\">b.example/rules</span>)</span></span>"), "{html}");
        assert!(!html.contains("<ins>") && !html.contains("<del>"));
    }
}
