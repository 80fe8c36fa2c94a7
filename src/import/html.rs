//! HTML into the document model and Markdown: web pages, Word's "Save as web page"
//! (`.htm` with `mso-` styles), LibreOffice's HTML, and what a browser puts on the clipboard
//! when text is copied from Word, Outlook, Google Docs, LibreOffice or a web page.
//!
//! Parsing is html5ever's (through `scraper`), the same algorithm browsers use, so broken
//! or Word-specific markup (`<o:p>`, `<![if !supportLists]>`, conditional comments) reads as
//! a browser shows it. [`html_to_markdown_in`] is the whole conversion as one function with
//! no files involved: the editor's paste (`redthread serve`) calls it with the clipboard's
//! `text/html`. What each source's habits become is in docs/paste.md.

mod links;
mod style;

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::Html;
use scraper::node::{Element, Node};

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

/// [`html_to_markdown_in`] with English placeholder words.
pub fn html_to_markdown(html: &str) -> Converted {
    html_to_markdown_in(html, "en")
}

/// Converts an HTML document or clipboard fragment to Markdown: headings, paragraphs,
/// nested lists with their numbering, bold and italic, links, tables, line breaks. Word's
/// noise is cleaned up as in every import (see [`doc::tidy`]).
///
/// Pictures cannot come along: a clipboard holds a `data:` picture, an address on another
/// site (which a page of the archive never loads) or a temporary file on the author's PC
/// (Word's `clip_image001.png`). Each becomes a visible note in `language` (the archive's),
/// `[Billede ikke indsat: …]`, where the picture was, so the author sees where to add it as
/// a file; the loss `pasted_pictures` counts them.
pub fn html_to_markdown_in(html: &str, language: &str) -> Converted {
    let mut d = read(html);
    let pictures = picture_notes(&mut d.blocks, &crate::messages::Messages::new(language));
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
    if pictures > 0 {
        d.losses
            .push(Loss::new("pasted_pictures", &[("n", pictures.to_string())]));
    }
    Converted {
        markdown: doc::to_markdown(&d.blocks),
        title,
        losses: d.losses,
    }
}

/// Replaces every picture with an italic note in the author's language; returns how many.
fn picture_notes(blocks: &mut [Block], words: &crate::messages::Messages) -> usize {
    let mut n = 0;
    super::scan::walk_inlines(blocks, &mut |inl: &mut Vec<Inline>| {
        for i in inl.iter_mut() {
            if let Inline::Image { alt, .. } = i {
                n += 1;
                let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
                let text = if alt.is_empty() {
                    words.raw("paste_picture").to_owned()
                } else {
                    words.text(&crate::messages::say("paste_picture_alt").arg("alt", alt))
                };
                *i = Inline::Text {
                    text,
                    bold: false,
                    italic: true,
                    link: None,
                };
            }
        }
    });
    n
}

/// Reads HTML into a document (not yet tidied).
pub fn read(html: &str) -> Document {
    let parsed = Html::parse_document(without_clipboard_header(html));
    let root = parsed.tree.root();
    let mut w = Walker {
        // Windows clipboard HTML marks the copied part; the rest is context (or the
        // "Version:0.9 StartHTML:…" header, when a program hands it on).
        inside: !root.descendants().any(|d| is_marker(d, "StartFragment")),
        facts: facts(root),
        ..Walker::default()
    };
    for d in root.descendants() {
        if matches!(d.value(), Node::Element(e) if e.name() == "style") {
            w.sheet.add(&text_of(d));
        }
    }
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

/// Cuts the `Version:0.9 StartHTML:… EndHTML:…` lines of Windows' clipboard format.
fn without_clipboard_header(html: &str) -> &str {
    let t = html.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with("Version:") && t.contains("StartHTML:") {
        return t.find('<').map_or("", |at| &t[at..]);
    }
    html
}

fn is_marker(n: NodeRef<'_, Node>, name: &str) -> bool {
    matches!(n.value(), Node::Comment(c) if c.trim() == name)
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

impl Run {
    /// The run inside element `e`: its tag's meaning, then its style's (so Google Docs'
    /// `<b style="font-weight:normal">` wrapper is not bold).
    fn inside(&self, e: &Element, sheet: &style::Sheet) -> Run {
        let mut r = self.clone();
        match e.name() {
            "b" | "strong" => r.bold = true,
            "i" | "em" | "cite" | "dfn" => r.italic = true,
            "a" => r.link = e.attr("href").and_then(links::keep),
            _ => {}
        }
        let s = sheet.of(e);
        r.bold = s.bold.unwrap_or(r.bold);
        r.italic = s.italic.unwrap_or(r.italic);
        r
    }
}

#[derive(Default)]
struct Walker {
    losses: Vec<Loss>,
    /// Word list paragraphs (`mso-list: l0 level2`) waiting to become a list.
    pending: Vec<(u8, Option<u32>, Vec<Inline>)>,
    counters: Vec<u32>,
    tables: usize,
    /// Inside the clipboard's `<!--StartFragment-->` … `<!--EndFragment-->` (always, when
    /// there are no such markers).
    inside: bool,
    /// Inside a list item or a table cell, where a big line is not a heading.
    nested: usize,
    /// Class rules of the document's style sheets.
    sheet: style::Sheet,
    /// [`Facts`] of every node, found once.
    facts: HashMap<NodeId, Facts>,
    /// How many containers and inline elements the walk is inside (see [`MAX_DEPTH`]).
    depth: usize,
    /// Something lay deeper than [`MAX_DEPTH`] and was kept as plain text.
    flattened: bool,
}

/// How deep the walk goes before it keeps the rest of a subtree as plain text. Each level
/// costs a few stack frames, and a paste is converted on a thread with a 2 MiB stack: a
/// pasted page of 30,000 nested `<span>`s overflowed it. Real documents nest a few dozen.
const MAX_DEPTH: usize = 200;

/// What the walk asks of a subtree, found for all nodes in one pass from the leaves up
/// (asking each container's descendants made deep nesting quadratic).
#[derive(Clone, Copy, Default)]
struct Facts {
    /// See [`holds_blocks`].
    holds_blocks: bool,
    /// See [`is_blank`].
    blank: bool,
}

/// [`Facts`] of every node under `root`, without recursion (nesting may be deep).
fn facts(root: NodeRef<'_, Node>) -> HashMap<NodeId, Facts> {
    let mut all: HashMap<NodeId, Facts> = HashMap::new();
    for edge in root.traverse() {
        let Edge::Close(n) = edge else { continue };
        let mut f = Facts {
            holds_blocks: false,
            blank: blank_itself(n),
        };
        for c in n.children() {
            let cf = all.get(&c.id()).copied().unwrap_or_default();
            f.holds_blocks |= cf.holds_blocks
                || matches!(c.value(), Node::Element(e) if BLOCKS.contains(&e.name()) && e.name() != "tr");
            f.blank &= cf.blank;
        }
        all.insert(n.id(), f);
    }
    all
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

/// Word's list marker (`<span style='mso-list:Ignore'>1.</span>`), typed by Word, not text.
fn is_mso_marker(e: &Element) -> bool {
    e.attr("style")
        .is_some_and(|s| style::declarations(s).any(|(p, v)| p == "mso-list" && v == "ignore"))
}

/// The node alone (not its descendants) shows nothing: see [`is_blank`].
fn blank_itself(d: NodeRef<'_, Node>) -> bool {
    match d.value() {
        Node::Text(t) => t.chars().all(|c| c.is_whitespace() || c == '\u{200b}'),
        Node::Element(e) => !matches!(e.name(), "img" | "hr" | "table"),
        _ => true,
    }
}

/// The font size of all visible text in `p` (the smallest), when every piece of it has
/// one set on `p` or inside it.
fn text_size(p: NodeRef<'_, Node>, sheet: &style::Sheet) -> Option<f32> {
    let mut smallest: Option<f32> = None;
    for d in p.descendants() {
        let Node::Text(t) = d.value() else { continue };
        if t.trim().is_empty() {
            continue;
        }
        let size = d
            .ancestors()
            .take_while(|a| a.id() != p.id())
            .chain(std::iter::once(p))
            .find_map(|a| match a.value() {
                Node::Element(e) => sheet.of(e).size_pt,
                _ => None,
            })?;
        smallest = Some(smallest.map_or(size, |s: f32| s.min(size)));
    }
    smallest
}

/// How far a list is indented (`margin-left` on it or its first item, or the level of a
/// Google Docs `lst-kix_…-N` class), for lists written one after another with the depth
/// only in their indent.
fn list_indent(c: NodeRef<'_, Node>, e: &Element, sheet: &style::Sheet) -> f32 {
    if let Some(level) = e.classes().find_map(|k| {
        k.strip_prefix("lst-kix_")
            .and_then(|r| r.rsplit_once('-'))
            .and_then(|(_, n)| n.parse::<u8>().ok())
    }) {
        return f32::from(level) * 36.0;
    }
    let first_li = c
        .children()
        .find(|x| matches!(x.value(), Node::Element(li) if li.name() == "li"));
    sheet
        .of(e)
        .indent_pt
        .or_else(|| {
            first_li.and_then(|li| match li.value() {
                Node::Element(li) => sheet.of(li).indent_pt,
                _ => None,
            })
        })
        .unwrap_or(0.0)
}

/// `1.`, `a)`, `iv.`, `10.`: a numbered list's marker (Word's level-2 bullet is an `o`).
fn marker_number(marker: &str) -> Option<Option<u32>> {
    let m = marker.trim();
    let body = m.strip_suffix(['.', ')'])?;
    let body = body.strip_prefix('(').unwrap_or(body);
    if body.is_empty() || body.len() > 6 {
        return None;
    }
    if body.chars().all(|c| c.is_ascii_digit()) {
        return Some(body.parse().ok());
    }
    body.chars()
        .all(|c| c.is_ascii_alphabetic())
        .then_some(None)
}

/// Lists one after another, nested by their indent; adjacent lists of one kind at one
/// depth become one list (LibreOffice and clipboard fragments split them).
#[derive(Default)]
struct ListRun {
    open: Vec<(f32, Block)>,
}

impl ListRun {
    fn push(&mut self, indent: f32, list: Block, out: &mut Vec<Block>) {
        while self.open.last().is_some_and(|(i, _)| *i > indent + 1.0) {
            self.close_top(out);
        }
        if let Some((i, top)) = self.open.last_mut()
            && (*i - indent).abs() <= 1.0
        {
            if let (
                Block::List {
                    start: a,
                    items: into,
                },
                Block::List {
                    start: b,
                    items: more,
                },
            ) = (&mut *top, &list)
                && a.is_some() == b.is_some()
            {
                into.extend(more.iter().cloned());
                return;
            }
            self.close_top(out);
        }
        self.open.push((indent, list));
    }

    /// Ends the deepest open list: into the last item of the one above, or into `out`.
    fn close_top(&mut self, out: &mut Vec<Block>) {
        let Some((_, list)) = self.open.pop() else {
            return;
        };
        match self.open.last_mut() {
            Some((_, Block::List { items, .. })) => match items.last_mut() {
                Some(item) => item.children.push(list),
                None => items.push(Item {
                    content: Vec::new(),
                    children: vec![list],
                }),
            },
            _ => out.push(list),
        }
    }

    fn finish(&mut self, out: &mut Vec<Block>) {
        while !self.open.is_empty() {
            self.close_top(out);
        }
    }
}

fn is_blank_inline(inl: &[Inline]) -> bool {
    inl.iter().all(|i| match i {
        Inline::Text { text, .. } => text.trim().is_empty(),
        Inline::Break => true,
        Inline::Image { .. } => false,
    })
}

impl Walker {
    fn marker(&mut self, n: NodeRef<'_, Node>) {
        if is_marker(n, "StartFragment") {
            self.inside = true;
        } else if is_marker(n, "EndFragment") {
            self.inside = false;
        }
    }

    fn flush_para(&mut self, inl: &mut Vec<Inline>, out: &mut Vec<Block>) {
        // White space and stray breaks between blocks are not a paragraph (and do not end
        // a Word list).
        if is_blank_inline(inl) {
            inl.clear();
            return;
        }
        self.flush_list(out);
        out.push(Block::Para(std::mem::take(inl)));
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

    /// An inline element (Google Docs' `<b id="docs-internal-guid-…">`, a link around a
    /// card) that holds paragraphs or lists: read as a container of blocks, not as one line.
    fn holds_blocks(&self, n: NodeRef<'_, Node>) -> bool {
        self.facts.get(&n.id()).is_some_and(|f| f.holds_blocks)
    }

    /// No visible text and no picture: Word's `<p><o:p>&nbsp;</o:p></p>`, `<p><br></p>`.
    fn is_blank(&self, n: NodeRef<'_, Node>) -> bool {
        self.facts.get(&n.id()).is_none_or(|f| f.blank)
    }

    /// Walks children of a block container, appending blocks; past [`MAX_DEPTH`], their
    /// text as one paragraph.
    fn blocks(&mut self, n: NodeRef<'_, Node>, run: &Run, out: &mut Vec<Block>) {
        if self.depth >= MAX_DEPTH {
            let mut inl = Vec::new();
            self.flat(n, run, &mut inl);
            self.flush_para(&mut inl, out);
            return;
        }
        self.depth += 1;
        self.blocks_within(n, run, out);
        self.depth -= 1;
    }

    /// The text under `n` as one run, for a subtree deeper than [`MAX_DEPTH`]: walked
    /// without recursion, skipping what the walk skips, a space where a block or a break
    /// ends, the fragment markers passed.
    fn flat(&mut self, n: NodeRef<'_, Node>, run: &Run, inl: &mut Vec<Inline>) {
        if !self.flattened {
            self.flattened = true;
            self.losses
                .push(Loss::new("deep_nesting", &[("n", MAX_DEPTH.to_string())]));
        }
        let mut text = String::new();
        let mut skipped: Option<NodeId> = None;
        for edge in n.traverse() {
            match edge {
                Edge::Open(d) if skipped.is_none() => match d.value() {
                    Node::Text(t) => text.push_str(t),
                    Node::Comment(_) => {
                        self.text(&std::mem::take(&mut text), run, inl);
                        self.marker(d);
                    }
                    Node::Element(e)
                        if d.id() != n.id()
                            && (SKIP.contains(&e.name())
                                || is_mso_marker(e)
                                || self.sheet.of(e).hidden) =>
                    {
                        skipped = Some(d.id());
                    }
                    Node::Element(e) if e.name() == "br" || BLOCKS.contains(&e.name()) => {
                        text.push(' ');
                    }
                    _ => {}
                },
                Edge::Close(d) if skipped == Some(d.id()) => skipped = None,
                _ => {}
            }
        }
        self.text(&text, run, inl);
    }

    fn blocks_within(&mut self, n: NodeRef<'_, Node>, run: &Run, out: &mut Vec<Block>) {
        let mut inl: Vec<Inline> = Vec::new();
        let mut lists = ListRun::default();
        for c in n.children() {
            match c.value() {
                Node::Text(t) => self.text(t, run, &mut inl),
                Node::Comment(_) => self.marker(c),
                Node::Element(e) => {
                    let tag = e.name();
                    if SKIP.contains(&tag) || self.sheet.of(e).hidden {
                        continue;
                    }
                    let container = !BLOCKS.contains(&tag) && self.holds_blocks(c);
                    if !BLOCKS.contains(&tag) && !container {
                        self.inline(c, run, &mut inl);
                        continue;
                    }
                    if !is_blank_inline(&inl) {
                        lists.finish(out);
                    }
                    self.flush_para(&mut inl, out);
                    match tag {
                        "ul" | "ol" => {
                            self.flush_list(out);
                            let list = self.list(c, e, run);
                            lists.push(list_indent(c, e, &self.sheet), list, out);
                        }
                        "li" => {
                            // A list item outside a list (a clipboard fragment cut inside
                            // one): a bullet, joined to its neighbours.
                            self.flush_list(out);
                            let item = self.item(c, run);
                            let list = Block::List {
                                start: None,
                                items: vec![item],
                            };
                            lists.push(0.0, list, out);
                        }
                        // Empty paragraphs neither count nor end a list.
                        "p" | "div" if self.is_blank(c) => self.blank(c),
                        _ => {
                            lists.finish(out);
                            if container {
                                self.blocks(c, &run.inside(e, &self.sheet), out);
                            } else {
                                self.block(c, e, run, out);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if !is_blank_inline(&inl) {
            lists.finish(out);
        }
        self.flush_para(&mut inl, out);
        lists.finish(out);
    }

    /// Still passes the fragment markers inside a blank paragraph.
    fn blank(&mut self, c: NodeRef<'_, Node>) {
        for d in c.descendants() {
            if matches!(d.value(), Node::Comment(_)) {
                self.marker(d);
            }
        }
    }

    fn block(&mut self, c: NodeRef<'_, Node>, e: &Element, run: &Run, out: &mut Vec<Block>) {
        let tag = e.name();
        // Word's list paragraphs: <p style="mso-list:l0 level2 lfo1"><span style="mso-list:Ignore">1.</span>
        if tag == "p"
            && let Some(level) = e.attr("style").and_then(mso_list_level)
        {
            let marker = c
                .descendants()
                .find(|d| matches!(d.value(), Node::Element(x) if is_mso_marker(x)))
                .map(text_of)
                .unwrap_or_default();
            let number = marker_number(&marker);
            let mut inl = Vec::new();
            self.inline_children(c, run, &mut inl);
            if is_blank_inline(&inl) {
                return;
            }
            let lvl = level.saturating_sub(1).min(8);
            self.counters.resize(lvl as usize + 1, 0);
            self.counters[lvl as usize] += 1;
            let counted = self.counters[lvl as usize];
            let number = number.map(|n| n.unwrap_or(counted));
            self.pending.push((lvl, number, inl));
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
                out.push(heading(level, inl));
            }
            "p" | "dt" | "dd" | "address" | "figcaption" => {
                let class = e.attr("class").unwrap_or("").to_ascii_lowercase();
                let mut inl = Vec::new();
                self.inline_children(c, run, &mut inl);
                if class == "msotitle" {
                    out.push(heading(1, inl));
                } else if let Some(l) = class
                    .strip_prefix("msoheading")
                    .and_then(|n| n.parse::<u8>().ok())
                {
                    out.push(heading(l.clamp(1, 6), inl));
                } else if let Some(level) = self.big_line(c, &inl) {
                    out.push(heading(level, inl));
                } else {
                    out.push(Block::Para(inl));
                }
            }
            "table" => out.push(self.table(c)),
            "blockquote" => {
                let mut inner = Vec::new();
                self.blocks(c, run, &mut inner);
                self.flush_list(&mut inner);
                out.push(Block::Quote(inner));
            }
            "pre" => {
                if self.inside {
                    out.push(Block::Code(text_of(c)));
                }
            }
            "hr" => {
                if self.inside {
                    out.push(Block::Rule);
                }
            }
            _ => {
                self.blocks(c, run, out);
                self.flush_list(out);
            }
        }
    }

    /// A short line in big letters (LibreOffice's and Google Docs' "Title", a line set in
    /// 18 pt by hand) is a heading: level 1 from 20 pt, else 2.
    fn big_line(&self, p: NodeRef<'_, Node>, inl: &[Inline]) -> Option<u8> {
        if self.nested > 0 {
            return None;
        }
        let text = doc::plain(inl);
        let text = text.trim();
        if text.is_empty() || text.chars().count() > 100 || text.ends_with('.') {
            return None;
        }
        match text_size(p, &self.sheet)? {
            s if s >= 20.0 => Some(1),
            s if s >= 16.0 => Some(2),
            _ => None,
        }
    }

    /// A list; past [`MAX_DEPTH`] (lists straight inside lists), one item with its text.
    fn list(&mut self, c: NodeRef<'_, Node>, e: &Element, run: &Run) -> Block {
        let ordered = e.name() == "ol";
        let start = e
            .attr("start")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        if self.depth >= MAX_DEPTH {
            let mut content = Vec::new();
            self.flat(c, run, &mut content);
            return Block::List {
                start: ordered.then_some(start),
                items: vec![Item {
                    content,
                    children: Vec::new(),
                }],
            };
        }
        self.depth += 1;
        let list = self.list_within(c, run);
        self.depth -= 1;
        Block::List {
            start: ordered.then_some(start),
            items: list,
        }
    }

    fn list_within(&mut self, c: NodeRef<'_, Node>, run: &Run) -> Vec<Item> {
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
                Node::Comment(_) => self.marker(li),
                _ => {}
            }
        }
        items
    }

    fn item(&mut self, li: NodeRef<'_, Node>, run: &Run) -> Item {
        let mut blocks = Vec::new();
        self.nested += 1;
        self.blocks(li, run, &mut blocks);
        self.flush_list(&mut blocks);
        self.nested -= 1;
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
        // Rows of this table (not of a table nested in a cell), and the clipboard's
        // fragment markers between them.
        let own = |n: &NodeRef<'_, Node>| {
            n.ancestors()
                .find(|a| matches!(a.value(), Node::Element(e) if e.name() == "table"))
                .is_some_and(|a| a.id() == t.id())
        };
        let trs: Vec<NodeRef<'_, Node>> = t
            .descendants()
            .filter(|d| match d.value() {
                Node::Element(e) => e.name() == "tr" && own(d),
                // The parent first: `own` climbs to the nearest table.
                Node::Comment(_) => {
                    d.parent().is_some_and(|p| {
                        matches!(p.value(), Node::Element(e) if matches!(e.name(), "table" | "tbody" | "thead" | "tfoot"))
                    }) && own(d)
                }
                _ => false,
            })
            .collect();
        self.nested += 1;
        for tr in trs {
            if matches!(tr.value(), Node::Comment(_)) {
                self.marker(tr);
                continue;
            }
            let mut row: Vec<Vec<Inline>> = Vec::new();
            let mut col = 0;
            let cells = tr.children().filter(|c| match c.value() {
                Node::Element(e) => e.name() == "td" || e.name() == "th",
                Node::Comment(_) => true,
                _ => false,
            });
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
                if matches!(cell.value(), Node::Comment(_)) {
                    self.marker(cell);
                    continue;
                }
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
            // Word's empty rows at the end of a table, rows outside a copied fragment.
            if row.iter().any(|c| !is_blank_inline(c)) {
                rows.push(row);
            }
        }
        self.nested -= 1;
        if merged {
            self.losses
                .push(Loss::new("merged_cells", &[("table", n.to_string())]));
        }
        Block::Table(rows)
    }

    fn text(&mut self, t: &str, run: &Run, inl: &mut Vec<Inline>) {
        if t.is_empty() || !self.inside {
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
            Node::Comment(_) => self.marker(c),
            Node::Element(e) => {
                let tag = e.name();
                if SKIP.contains(&tag) || is_mso_marker(e) || self.sheet.of(e).hidden {
                    return;
                }
                match tag {
                    "br" => {
                        if self.inside {
                            inl.push(Inline::Break);
                        }
                        return;
                    }
                    "img" => {
                        let src = e.attr("src").unwrap_or("").trim().to_owned();
                        if !src.is_empty() && self.inside {
                            inl.push(Inline::Image {
                                src,
                                alt: e.attr("alt").unwrap_or("").trim().to_owned(),
                            });
                        }
                        return;
                    }
                    _ => {}
                }
                if BLOCKS.contains(&tag) && !inl.is_empty() {
                    inl.push(Inline::Break);
                }
                let r = run.inside(e, &self.sheet);
                if self.depth >= MAX_DEPTH {
                    self.flat(c, &r, inl);
                    return;
                }
                self.depth += 1;
                self.inline_children(c, &r, inl);
                self.depth -= 1;
            }
            _ => {}
        }
    }
}

/// A heading: its text is bold already, so bold runs in it (Google Docs' spans, Word's
/// `<b>`) say nothing.
fn heading(level: u8, mut inl: Vec<Inline>) -> Block {
    for i in &mut inl {
        if let Inline::Text { bold, .. } = i {
            *bold = false;
        }
    }
    Block::Heading(level, inl)
}

/// `mso-list:l0 level2 lfo1` -> 2.
fn mso_list_level(style: &str) -> Option<u8> {
    let (_, v) = style::declarations(style).find(|(p, _)| p == "mso-list")?;
    if v == "ignore" || v == "none" {
        return None;
    }
    v.split_whitespace()
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
