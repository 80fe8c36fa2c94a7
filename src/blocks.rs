//! A body as a reader sees it: the sequence of blocks (headings, paragraphs, list items,
//! table rows, code blocks, text inside alerts and quotes), each with its plain text.
//!
//! Diffs compare these blocks rather than Markdown lines, so a re-wrapped paragraph or a
//! re-numbered list is not a change. Inline markup (links, emphasis, images) is kept beside
//! the text as [`Span`]s: a link's target is content (a changed target is a change), its
//! emphasis is form (a redline shows it, and counts a change of it as reformatting).

use pulldown_cmark::{BlockQuoteKind, Event, Parser, Tag, TagEnd};

/// What kind of block a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A heading of level 1 to 6.
    Heading(u8),
    /// A paragraph (also a paragraph inside a quote, alert or footnote).
    Paragraph,
    /// A list item; its number or bullet is in [`Block::marker`].
    Item {
        /// Numbered list.
        ordered: bool,
    },
    /// A table row; each cell is one entry of [`Block::cells`].
    Row {
        /// The header row.
        header: bool,
    },
    /// A code block; its language is in [`Block::marker`].
    Code,
}

/// Inline markup over a byte range of one cell's text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    /// Byte range in the cell's text.
    pub range: std::ops::Range<usize>,
    /// What it is.
    pub style: Style,
}

/// Inline markup a redline keeps.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// `*emphasis*`.
    Emphasis,
    /// `**strong**`.
    Strong,
    /// `~~struck~~`.
    Strike,
    /// `` `code` ``.
    Code,
    /// A link to this target (as written).
    Link(String),
    /// An image at this address (as written); the range holds its alt text, or
    /// [`IMAGE`] when it has none.
    Image(String),
    /// Markup that leaves no span (a `data:` image: the page shows only its alt text).
    Hidden,
}

/// The text that stands for an image without alt text or a link without text.
pub const IMAGE: &str = "\u{fffc}";

/// One block of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Its kind.
    pub kind: Kind,
    /// List nesting: 0 outside lists, 1 in a top-level list, and so on.
    pub depth: usize,
    /// A list item's number (`3.`) or bullet (`•`), or a code block's language. Not part of
    /// the block's identity, so re-numbering a list changes nothing.
    pub marker: String,
    /// Where the block sits when it is inside an alert, quote or footnote (`Warning`,
    /// `Quote`, `Footnote 1`), or empty.
    pub context: String,
    /// The text: one entry, or one per cell for table rows.
    pub cells: Vec<String>,
    /// Inline markup of each cell (one entry per cell), in the order it opened.
    pub spans: Vec<Vec<Span>>,
}

impl Block {
    /// All of the block's text, cells joined.
    pub fn text(&self) -> String {
        self.cells.join(" | ")
    }

    /// Number of bytes of text, for size bounds.
    pub fn len(&self) -> usize {
        self.cells.iter().map(String::len).sum()
    }

    /// Whether the block holds no text.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What makes two blocks the same block: kind, place, text and markup, not the list
    /// number.
    pub fn key(&self) -> (Kind, usize, &str, &[String], &[Vec<Span>]) {
        (
            self.kind,
            self.depth,
            self.context.as_str(),
            &self.cells,
            &self.spans,
        )
    }

    /// What a block says, apart from its form: place, text, link targets and images. Two
    /// blocks with the same content and different keys were reformatted.
    pub fn content(&self) -> (bool, &str, &[String], Vec<&Style>) {
        (
            matches!(self.kind, Kind::Row { .. }),
            self.context.as_str(),
            &self.cells,
            self.spans
                .iter()
                .flatten()
                .map(|s| &s.style)
                .filter(|s| matches!(s, Style::Link(_) | Style::Image(_)))
                .collect(),
        )
    }
}

/// Splits a Markdown body into blocks, with the same Markdown options as the pages.
pub fn blocks(body: &str) -> Vec<Block> {
    let mut b = Builder::default();
    for event in Parser::new_ext(body, crate::markdown::options()) {
        b.event(event);
    }
    b.out
}

#[derive(Default)]
struct Builder {
    out: Vec<Block>,
    /// Open lists: ordered?, next number.
    lists: Vec<(bool, u64)>,
    /// Open items: the item's text while no nested block has ended it yet.
    items: Vec<Option<Block>>,
    /// Labels of open quotes, alerts and footnotes.
    contexts: Vec<String>,
    /// An open heading, paragraph or code block.
    open: Option<Block>,
    /// A paragraph inside an item whose text goes to the item itself.
    para_in_item: bool,
    /// An open table row and cell.
    row: Option<Block>,
    cell: Option<String>,
    /// Inside a raw HTML tag that an earlier event began (tags may span lines).
    in_tag: bool,
    /// Open inline markup: its style and where it began in the current text.
    inline: Vec<(Style, usize)>,
}

impl Builder {
    fn block(&self, kind: Kind, marker: String) -> Block {
        Block {
            kind,
            depth: self.lists.len(),
            marker,
            context: self.contexts.join(" › "),
            cells: vec![String::new()],
            spans: vec![Vec::new()],
        }
    }

    fn emit(&mut self, mut b: Block) {
        if b.kind != Kind::Code {
            for (c, spans) in b.cells.iter_mut().zip(&mut b.spans) {
                squash(c, spans);
            }
        } else if let Some(c) = b.cells.first_mut() {
            let trimmed = c.trim_end_matches('\n').len();
            c.truncate(trimmed);
        }
        if b.cells.iter().any(|c| !c.is_empty()) || matches!(b.kind, Kind::Row { .. }) {
            self.out.push(b);
        }
    }

    /// Emits the innermost item's text before a nested block begins.
    fn flush_item(&mut self) {
        if let Some(slot) = self.items.last_mut()
            && let Some(item) = slot.take()
        {
            self.emit(item);
        }
    }

    /// The text being written and its markup, if any.
    fn current(&mut self) -> Option<(&mut String, &mut Vec<Span>)> {
        if let Some(c) = self.cell.as_mut() {
            let row = self.row.as_mut()?;
            Some((c, row.spans.last_mut()?))
        } else if let Some(b) = self.open.as_mut() {
            Some((&mut b.cells[0], &mut b.spans[0]))
        } else if let Some(Some(item)) = self.items.last_mut() {
            Some((&mut item.cells[0], &mut item.spans[0]))
        } else {
            None
        }
    }

    fn text(&mut self, t: &str) {
        if let Some((c, _)) = self.current() {
            c.push_str(t);
        }
    }

    fn open_inline(&mut self, style: Style) {
        let at = self.current().map_or(0, |(c, _)| c.len());
        self.inline.push((style, at));
    }

    fn close_inline(&mut self) {
        let Some((style, start)) = self.inline.pop() else {
            return;
        };
        if let Some((c, spans)) = self.current() {
            let start = start.min(c.len());
            // An image without alt text, or a link without text (invisible on the page,
            // but a change of it is a change): a placeholder keeps its place.
            if matches!(style, Style::Image(_) | Style::Link(_)) && c[start..].trim().is_empty() {
                c.push_str(IMAGE);
            }
            if start < c.len() && style != Style::Hidden {
                spans.push(Span {
                    range: start..c.len(),
                    style,
                });
            }
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(Tag::List(start)) => {
                self.flush_item();
                self.lists.push((start.is_some(), start.unwrap_or(1)));
            }
            Event::End(TagEnd::List(_)) => {
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                let marker = match self.lists.last_mut() {
                    Some((true, next)) => {
                        let m = format!("{next}.");
                        *next += 1;
                        m
                    }
                    _ => "•".to_owned(),
                };
                let ordered = self.lists.last().is_some_and(|l| l.0);
                let item = self.block(Kind::Item { ordered }, marker);
                self.items.push(Some(item));
            }
            Event::End(TagEnd::Item) => {
                self.flush_item();
                self.items.pop();
            }
            Event::Start(Tag::Paragraph) => {
                if let Some(Some(item)) = self.items.last_mut() {
                    if !item.cells[0].is_empty() {
                        item.cells[0].push(' ');
                    }
                    self.para_in_item = true;
                } else {
                    self.open = Some(self.block(Kind::Paragraph, String::new()));
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if self.para_in_item {
                    self.para_in_item = false;
                } else if let Some(b) = self.open.take() {
                    self.emit(b);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                self.flush_item();
                self.open = Some(self.block(Kind::Heading(level as u8), String::new()));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.flush_item();
                let lang = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(l) => l.to_string(),
                    pulldown_cmark::CodeBlockKind::Indented => String::new(),
                };
                self.open = Some(self.block(Kind::Code, lang));
            }
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                if let Some(b) = self.open.take() {
                    self.emit(b);
                }
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                self.flush_item();
                self.contexts.push(quote_label(kind).to_owned());
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.flush_item();
                self.contexts.push(format!("Footnote {label}"));
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                self.contexts.pop();
            }
            Event::Start(Tag::Table(_)) => self.flush_item(),
            Event::Start(Tag::TableHead) => {
                let mut row = self.block(Kind::Row { header: true }, String::new());
                row.cells.clear();
                row.spans.clear();
                self.row = Some(row);
            }
            Event::Start(Tag::TableRow) => {
                let mut row = self.block(Kind::Row { header: false }, String::new());
                row.cells.clear();
                row.spans.clear();
                self.row = Some(row);
            }
            Event::Start(Tag::TableCell) => {
                if let Some(row) = self.row.as_mut() {
                    row.spans.push(Vec::new());
                }
                self.cell = Some(String::new());
            }
            Event::End(TagEnd::TableCell) => {
                if let (Some(c), Some(row)) = (self.cell.take(), self.row.as_mut()) {
                    row.cells.push(c);
                }
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                if let Some(mut row) = self.row.take() {
                    row.spans.truncate(row.cells.len());
                    self.emit(row);
                }
            }
            Event::Start(Tag::Emphasis) => self.open_inline(Style::Emphasis),
            Event::Start(Tag::Strong) => self.open_inline(Style::Strong),
            Event::Start(Tag::Strikethrough) => self.open_inline(Style::Strike),
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.open_inline(Style::Link(dest_url.trim().to_owned()))
            }
            // Images as the pages show them: one on another site is a link to it reading
            // "[image] " and its alt text, a `data:` one only its alt text.
            Event::Start(Tag::Image { dest_url, .. }) => {
                let dest = dest_url.trim();
                if crate::markdown::is_data_address(dest) {
                    self.open_inline(Style::Hidden);
                } else if crate::markdown::is_remote(dest) {
                    self.open_inline(Style::Link(dest.to_owned()));
                    self.text(crate::markdown::REMOTE_IMAGE);
                } else {
                    self.open_inline(Style::Image(dest.to_owned()))
                }
            }
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => self.close_inline(),
            Event::Code(t) => {
                self.open_inline(Style::Code);
                self.text(&t);
                self.close_inline();
            }
            // Raw HTML (a table pasted from a word processor, say) is shown to readers,
            // so its text is compared too: one block per HTML block, tags dropped.
            Event::Start(Tag::HtmlBlock) => {
                self.flush_item();
                self.in_tag = false;
                self.open = Some(self.block(Kind::Paragraph, String::new()));
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(b) = self.open.take() {
                    self.emit(b);
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                let mut text = String::new();
                crate::markdown::html_text(&t, &mut self.in_tag, &mut text);
                self.text(&text);
            }
            Event::Text(t) => self.text(&t),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(label) => self.text(&format!("[{label}]")),
            _ => {}
        }
    }
}

/// Collapses runs of whitespace to one space and trims, moving the spans with the text.
fn squash(c: &mut String, spans: &mut Vec<Span>) {
    let mut out = String::with_capacity(c.len());
    // Where each old byte offset lands (for span ends), built as we go.
    let mut map = vec![0usize; c.len() + 1];
    let mut space = false;
    for (i, ch) in c.char_indices() {
        if ch.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            // A span starting at a squashed space starts at the next word.
            for m in &mut map[i..i + ch.len_utf8()] {
                *m = out.len();
            }
            out.push(ch);
            continue;
        }
        for m in &mut map[i..i + ch.len_utf8()] {
            *m = out.len();
        }
    }
    map[c.len()] = out.len();
    for s in spans.iter_mut() {
        let start = map[s.range.start].min(out.len());
        let end = map[s.range.end].min(out.len()).max(start);
        s.range = start..end;
    }
    // A span's end at a squashed space may point past a following space: trim it.
    for s in spans.iter_mut() {
        while s.range.end > s.range.start && out.as_bytes()[s.range.end - 1] == b' ' {
            s.range.end -= 1;
        }
        while s.range.start < s.range.end && out.as_bytes()[s.range.start] == b' ' {
            s.range.start += 1;
        }
    }
    spans.retain(|s| !s.range.is_empty());
    *c = out;
}

fn quote_label(kind: Option<BlockQuoteKind>) -> &'static str {
    match kind {
        None => "Quote",
        Some(BlockQuoteKind::Note) => "Note",
        Some(BlockQuoteKind::Tip) => "Tip",
        Some(BlockQuoteKind::Important) => "Important",
        Some(BlockQuoteKind::Warning) => "Warning",
        Some(BlockQuoteKind::Caution) => "Caution",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_tables_and_alerts_become_blocks() {
        let b = blocks(
            "# Title\n\nSome *words*\nwrapped.\n\n1. One\n2. Two\n   - nested\n3. Three\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> [!WARNING]\n> Careful.\n",
        );
        let texts: Vec<(String, String, usize, String)> = b
            .iter()
            .map(|b| (b.marker.clone(), b.text(), b.depth, b.context.clone()))
            .collect();
        let t = |m: &str, s: &str, d: usize, c: &str| (m.into(), s.into(), d, c.into());
        assert_eq!(
            texts,
            vec![
                t("", "Title", 0, ""),
                t("", "Some words wrapped.", 0, ""),
                t("1.", "One", 1, ""),
                t("2.", "Two", 1, ""),
                t("•", "nested", 2, ""),
                t("3.", "Three", 1, ""),
                t("", "a | b", 0, ""),
                t("", "1 | 2", 0, ""),
                t("", "Careful.", 0, "Warning"),
            ]
        );
    }
}
