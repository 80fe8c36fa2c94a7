//! HTML into the document model and Markdown: web pages, Word's "Save as web page"
//! (`.htm` with `mso-` styles), and what a browser puts on the clipboard when text is
//! copied from Word.
//!
//! Parsing is html5ever's (through `scraper`), the same algorithm browsers use, so broken
//! or Word-specific markup (`<o:p>`, `<![if !supportLists]>`) reads as a browser shows it.
//! [`html_to_markdown`] is the whole conversion as one function with no files involved, for
//! reuse by a "paste from Word" feature.

use ego_tree::NodeRef;
use scraper::Html;
use scraper::node::Node;

use super::doc::{self, Block, Document, Inline, Item, Loss};

/// Markdown made from HTML, with what did not carry over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// The Markdown (no front-matter), ending in a newline unless empty.
    pub markdown: String,
    /// The title (`<title>`, else the first heading), if any.
    pub title: Option<String>,
    /// What was lost or approximated.
    pub losses: Vec<Loss>,
}

/// Converts an HTML document or fragment to Markdown: headings, paragraphs, nested lists
/// with their numbering, bold and italic, links, tables, pictures (their `src` as given),
/// line breaks. Word's noise is cleaned up as in every import (see [`doc::tidy`]).
pub fn html_to_markdown(html: &str) -> Converted {
    let mut d = read(html);
    doc::tidy(&mut d);
    let title = d.title.clone().or_else(|| {
        d.blocks.iter().find_map(|b| match b {
            Block::Heading(_, t) => Some(doc::plain(t)),
            _ => None,
        })
    });
    if !d.bold_headings.is_empty() {
        d.losses.push(Loss::new(
            "bold_headings",
            &[("list", d.bold_headings.join(", "))],
        ));
    }
    Converted {
        markdown: doc::to_markdown(&d.blocks),
        title,
        losses: d.losses,
    }
}

/// Reads HTML into a document (not yet tidied).
pub fn read(html: &str) -> Document {
    let parsed = Html::parse_document(html);
    let mut w = Walker::default();
    let root = parsed.tree.root();
    let mut doc = Document::default();
    if let Some(t) = find(root, "title") {
        let t = text_of(t);
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            doc.title = Some(t);
        }
    }
    let body = find(root, "body").unwrap_or(root);
    let mut out = Vec::new();
    w.blocks(body, &Run::default(), &mut out);
    w.flush_list(&mut out);
    doc.blocks = out;
    doc.losses = w.losses;
    doc
}

fn find<'a>(n: NodeRef<'a, Node>, tag: &str) -> Option<NodeRef<'a, Node>> {
    n.descendants()
        .find(|d| matches!(d.value(), Node::Element(e) if e.name() == tag))
}

fn text_of(n: NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    for d in n.descendants() {
        if let Node::Text(t) = d.value() {
            s.push_str(t);
        }
    }
    s
}

#[derive(Clone, Default)]
struct Run {
    bold: bool,
    italic: bool,
    link: Option<String>,
}

#[derive(Default)]
struct Walker {
    losses: Vec<Loss>,
    /// Word list paragraphs (`mso-list: l0 level2`) waiting to become a list.
    pending: Vec<(u8, Option<u32>, Vec<Inline>)>,
    counters: Vec<u32>,
    tables: usize,
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "table",
    "blockquote",
    "pre",
    "hr",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "center",
    "form",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "address",
    "li",
    "body",
    "html",
    "tbody",
    "thead",
    "tfoot",
    "tr",
];

const SKIP: &[&str] = &[
    "head", "script", "style", "noscript", "template", "title", "meta", "link", "iframe", "object",
    "svg", "button", "select", "input", "textarea",
];

fn style_has(e: &scraper::node::Element, what: &str) -> bool {
    e.attr("style")
        .is_some_and(|s| s.to_ascii_lowercase().replace(' ', "").contains(what))
}

impl Walker {
    fn flush_para(&mut self, inl: &mut Vec<Inline>, out: &mut Vec<Block>) {
        // White space between blocks is not a paragraph (and does not end a Word list).
        if inl
            .iter()
            .all(|i| matches!(i, Inline::Text { text, .. } if text.trim().is_empty()))
        {
            inl.clear();
            return;
        }
        if !inl.is_empty() {
            self.flush_list(out);
            out.push(Block::Para(std::mem::take(inl)));
        }
    }

    fn flush_list(&mut self, out: &mut Vec<Block>) {
        if self.pending.is_empty() {
            return;
        }
        let flat = std::mem::take(&mut self.pending);
        self.counters.clear();
        let mut pos = 0;
        out.extend(doc::build_lists(&flat, &mut pos, 0));
    }

    /// Walks children of a block container, appending blocks.
    fn blocks(&mut self, n: NodeRef<'_, Node>, run: &Run, out: &mut Vec<Block>) {
        let mut inl: Vec<Inline> = Vec::new();
        for c in n.children() {
            match c.value() {
                Node::Text(t) => self.text(t, run, &mut inl),
                Node::Element(e) => {
                    let tag = e.name();
                    if SKIP.contains(&tag) {
                        continue;
                    }
                    if !BLOCKS.contains(&tag) {
                        self.inline(c, run, &mut inl);
                        continue;
                    }
                    self.flush_para(&mut inl, out);
                    self.block(c, e, run, out);
                }
                _ => {}
            }
        }
        self.flush_para(&mut inl, out);
    }

    fn block(
        &mut self,
        c: NodeRef<'_, Node>,
        e: &scraper::node::Element,
        run: &Run,
        out: &mut Vec<Block>,
    ) {
        let tag = e.name();
        // Word's list paragraphs: <p style="mso-list:l0 level2 lfo1"><span style="mso-list:Ignore">1.</span>
        if tag == "p"
            && let Some(level) = e.attr("style").and_then(mso_list_level)
        {
            let marker = c
                .descendants()
                .find(|d| matches!(d.value(), Node::Element(x) if style_has(x, "mso-list:ignore")))
                .map(text_of)
                .unwrap_or_default();
            let ordered = marker
                .trim()
                .chars()
                .next()
                .is_some_and(|ch| ch.is_ascii_alphanumeric());
            let mut inl = Vec::new();
            self.inline_children(c, run, &mut inl);
            let lvl = level.saturating_sub(1).min(8);
            self.counters.resize(lvl as usize + 1, 0);
            self.counters[lvl as usize] += 1;
            let number = self.counters[lvl as usize];
            self.pending.push((lvl, ordered.then_some(number), inl));
            return;
        }
        if !self.pending.is_empty() {
            self.flush_list(out);
        }
        match tag {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = tag[1..].parse().unwrap_or(2);
                let mut inl = Vec::new();
                self.inline_children(c, &Run::default(), &mut inl);
                out.push(Block::Heading(level, inl));
            }
            "p" | "dt" | "dd" | "address" | "figcaption" => {
                let class = e.attr("class").unwrap_or("").to_ascii_lowercase();
                let mut inl = Vec::new();
                self.inline_children(c, run, &mut inl);
                if class == "msotitle" {
                    out.push(Block::Heading(1, inl));
                } else if let Some(l) = class
                    .strip_prefix("msoheading")
                    .and_then(|n| n.parse::<u8>().ok())
                {
                    out.push(Block::Heading(l.clamp(1, 6), inl));
                } else {
                    out.push(Block::Para(inl));
                }
            }
            "ul" | "ol" => out.push(self.list(c, e, run)),
            "table" => out.push(self.table(c)),
            "blockquote" => {
                let mut inner = Vec::new();
                self.blocks(c, run, &mut inner);
                self.flush_list(&mut inner);
                out.push(Block::Quote(inner));
            }
            "pre" => out.push(Block::Code(text_of(c))),
            "hr" => out.push(Block::Rule),
            "li" => {
                // A list item outside a list: a bullet of its own.
                let item = self.item(c, run);
                out.push(Block::List {
                    start: None,
                    items: vec![item],
                });
            }
            _ => {
                self.blocks(c, run, out);
                self.flush_list(out);
            }
        }
    }

    fn list(&mut self, c: NodeRef<'_, Node>, e: &scraper::node::Element, run: &Run) -> Block {
        let ordered = e.name() == "ol";
        let start = e
            .attr("start")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        let mut items = Vec::new();
        for li in c.children() {
            match li.value() {
                Node::Element(x) if x.name() == "li" => items.push(self.item(li, run)),
                Node::Element(x) if x.name() == "ul" || x.name() == "ol" => {
                    // A nested list straight inside a list belongs to the item before it.
                    let nested = self.list(li, x, run);
                    match items.last_mut() {
                        Some(Item { children, .. }) => children.push(nested),
                        None => items.push(Item {
                            content: Vec::new(),
                            children: vec![nested],
                        }),
                    }
                }
                _ => {}
            }
        }
        Block::List {
            start: ordered.then_some(start),
            items,
        }
    }

    fn item(&mut self, li: NodeRef<'_, Node>, run: &Run) -> Item {
        let mut blocks = Vec::new();
        self.blocks(li, run, &mut blocks);
        self.flush_list(&mut blocks);
        let mut item = Item::default();
        let mut iter = blocks.into_iter();
        match iter.next() {
            Some(Block::Para(t)) => item.content = t,
            Some(other) => item.children.push(other),
            None => {}
        }
        item.children.extend(iter);
        item
    }

    fn table(&mut self, t: NodeRef<'_, Node>) -> Block {
        self.tables += 1;
        let n = self.tables;
        let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
        // Cells still covered by a rowspan from above: (column, rows left).
        let mut carry: Vec<(usize, usize)> = Vec::new();
        let mut merged = false;
        let trs: Vec<NodeRef<'_, Node>> = t
            .descendants()
            .filter(|d| matches!(d.value(), Node::Element(e) if e.name() == "tr"))
            .filter(|tr| {
                // Rows of this table, not of a table nested in a cell.
                tr.ancestors()
                    .find(|a| matches!(a.value(), Node::Element(e) if e.name() == "table"))
                    .is_some_and(|a| a.id() == t.id())
            })
            .collect();
        for tr in trs {
            let mut row: Vec<Vec<Inline>> = Vec::new();
            let mut col = 0;
            let cells = tr.children().filter(
                |c| matches!(c.value(), Node::Element(e) if e.name() == "td" || e.name() == "th"),
            );
            let mut next_carry = Vec::new();
            fn place_covered(
                carry: &[(usize, usize)],
                next_carry: &mut Vec<(usize, usize)>,
                row: &mut Vec<Vec<Inline>>,
                col: &mut usize,
            ) {
                while let Some(&(_, left)) = carry.iter().find(|(c, _)| *c == *col) {
                    row.push(Vec::new());
                    if left > 1 {
                        next_carry.push((*col, left - 1));
                    }
                    *col += 1;
                }
            }
            for cell in cells {
                place_covered(&carry, &mut next_carry, &mut row, &mut col);
                let Node::Element(e) = cell.value() else {
                    continue;
                };
                let colspan = e
                    .attr("colspan")
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                let rowspan = e
                    .attr("rowspan")
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 1000);
                if colspan > 1 || rowspan > 1 {
                    merged = true;
                }
                let mut blocks = Vec::new();
                self.blocks(cell, &Run::default(), &mut blocks);
                self.flush_list(&mut blocks);
                let mut content = Vec::new();
                for (k, b) in blocks.into_iter().enumerate() {
                    if k > 0 {
                        content.push(Inline::Break);
                    }
                    match b {
                        Block::Para(i) | Block::Heading(_, i) => content.extend(i),
                        other => content.push(Inline::plain(doc::body_text(&[other]).trim())),
                    }
                }
                row.push(content);
                for k in 0..colspan {
                    if k > 0 {
                        row.push(Vec::new());
                    }
                    if rowspan > 1 {
                        next_carry.push((col + k, rowspan - 1));
                    }
                }
                col += colspan;
            }
            place_covered(&carry, &mut next_carry, &mut row, &mut col);
            carry = next_carry;
            rows.push(row);
        }
        if merged {
            self.losses
                .push(Loss::new("merged_cells", &[("table", n.to_string())]));
        }
        Block::Table(rows)
    }

    fn text(&mut self, t: &str, run: &Run, inl: &mut Vec<Inline>) {
        if t.is_empty() {
            return;
        }
        // HTML collapses white space, newlines included.
        let t: String = t
            .chars()
            .map(|c| {
                if c == '\n' || c == '\r' || c == '\t' {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        inl.push(Inline::Text {
            text: t,
            bold: run.bold,
            italic: run.italic,
            link: run.link.clone(),
        });
    }

    fn inline_children(&mut self, n: NodeRef<'_, Node>, run: &Run, inl: &mut Vec<Inline>) {
        for c in n.children() {
            self.inline(c, run, inl);
        }
    }

    fn inline(&mut self, c: NodeRef<'_, Node>, run: &Run, inl: &mut Vec<Inline>) {
        match c.value() {
            Node::Text(t) => self.text(t, run, inl),
            Node::Element(e) => {
                let tag = e.name();
                if SKIP.contains(&tag) || style_has(e, "mso-list:ignore") {
                    return;
                }
                if style_has(e, "display:none") {
                    return;
                }
                let mut r = run.clone();
                match tag {
                    "br" => {
                        inl.push(Inline::Break);
                        return;
                    }
                    "img" => {
                        let src = e.attr("src").unwrap_or("").trim().to_owned();
                        if !src.is_empty() {
                            inl.push(Inline::Image {
                                src,
                                alt: e.attr("alt").unwrap_or("").trim().to_owned(),
                            });
                        }
                        return;
                    }
                    "b" | "strong" => r.bold = true,
                    "i" | "em" | "cite" | "dfn" => r.italic = true,
                    "a" => {
                        r.link = e
                            .attr("href")
                            .map(str::trim)
                            .filter(|h| !h.is_empty() && !h.starts_with('#'))
                            .filter(|h| !h.to_ascii_lowercase().starts_with("javascript:"))
                            .map(str::to_owned)
                    }
                    _ => {}
                }
                if style_has(e, "font-weight:bold") || style_has(e, "font-weight:700") {
                    r.bold = true;
                }
                if style_has(e, "font-weight:normal") {
                    r.bold = false;
                }
                if style_has(e, "font-style:italic") {
                    r.italic = true;
                }
                if BLOCKS.contains(&tag) && !inl.is_empty() {
                    inl.push(Inline::Break);
                }
                self.inline_children(c, &r, inl);
            }
            _ => {}
        }
    }
}

/// `mso-list:l0 level2 lfo1` -> 2.
fn mso_list_level(style: &str) -> Option<u8> {
    let s = style.to_ascii_lowercase();
    let at = s.find("mso-list:")?;
    let rest = &s[at + "mso-list:".len()..];
    let rest = rest.split(';').next()?;
    if rest.trim() == "ignore" || rest.trim() == "none" {
        return None;
    }
    rest.split_whitespace()
        .find_map(|w| w.strip_prefix("level"))
        .and_then(|n| n.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_clipboard_html_becomes_clean_markdown() {
        let html = "<html><body><p class=MsoNormal><b>Før du starter</b><o:p></o:p></p>\
            <p class=MsoNormal>Tjek&nbsp;“journalen” <i>først</i>.<o:p></o:p></p>\
            <p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>1.<span>&nbsp;&nbsp;</span></span>Åbn</p>\
            <p class=MsoListParagraphCxSpMiddle style='mso-list:l0 level2 lfo1'><span style='mso-list:Ignore'>a.<span>&nbsp;</span></span>Vælg</p>\
            <p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>2.<span>&nbsp;</span></span>Gem</p>\
            <p>Se <a href='https://x.example/a'>vejledningen</a>.</p></body></html>";
        let c = html_to_markdown(html);
        assert_eq!(
            c.markdown,
            "# Før du starter\n\nTjek “journalen” *først*.\n\n1. Åbn\n   1. Vælg\n2. Gem\n\nSe [vejledningen](https://x.example/a).\n"
        );
        assert_eq!(c.title.as_deref(), Some("Før du starter"));
    }

    #[test]
    fn tables_with_spans_keep_their_grid_and_report_merges() {
        let html = "<table><tr><th>A</th><th>B</th><th>C</th></tr>\
            <tr><td rowspan=2>x</td><td colspan=2>y</td></tr><tr><td>1</td><td>2</td></tr></table>";
        let c = html_to_markdown(html);
        assert_eq!(
            c.markdown,
            "| A | B | C |\n| --- | --- | --- |\n| x | y |  |\n|  | 1 | 2 |\n"
        );
        assert_eq!(c.losses[0].key, "merged_cells");
    }

    #[test]
    fn nested_html_lists_with_start() {
        let c = html_to_markdown("<ol start=3><li>a<ul><li>b</li></ul></li><li>c<br>d</li></ol>");
        assert_eq!(c.markdown, "3. a\n   - b\n4. c\\\n   d\n");
    }
}
