//! The document model every reader produces, the clean-up of Word's habits, and the
//! Markdown writer.
//!
//! Readers (.docx, .odt, HTML, text) map their format into [`Block`]s and [`Inline`]s and
//! note what they could not carry over as [`Loss`]es. [`tidy`] then removes Word's noise
//! and turns habits into structure (bold lines into headings, typed "1." into lists), and
//! [`to_markdown`] writes the Markdown a guideline file holds.

use std::fmt::Write as _;

/// Something that did not survive the conversion exactly, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loss {
    /// The i18n key of the message, without the `import_loss_` prefix.
    pub key: &'static str,
    /// Values for the message's `{placeholders}`.
    pub args: Vec<(&'static str, String)>,
}

impl Loss {
    /// A loss with its message key and arguments.
    pub fn new(key: &'static str, args: &[(&'static str, String)]) -> Loss {
        Loss {
            key,
            args: args.to_vec(),
        }
    }
}

/// A piece of running text.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text with its formatting.
    Text {
        /// The characters.
        text: String,
        /// Bold.
        bold: bool,
        /// Italic.
        italic: bool,
        /// The link it belongs to.
        link: Option<String>,
    },
    /// A picture: `src` is a path or URL (readers of packages give `media:N`).
    Image {
        /// Where the picture is.
        src: String,
        /// Its description.
        alt: String,
    },
    /// A line break inside a paragraph.
    Break,
}

impl Inline {
    /// Plain text with no formatting.
    pub fn plain(text: impl Into<String>) -> Inline {
        Inline::Text {
            text: text.into(),
            bold: false,
            italic: false,
            link: None,
        }
    }
}

/// A list item: its own text and what is nested under it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Item {
    /// The item's text.
    pub content: Vec<Inline>,
    /// Nested lists (and anything else nested).
    pub children: Vec<Block>,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 1 to 6.
    Heading(u8, Vec<Inline>),
    /// A paragraph.
    Para(Vec<Inline>),
    /// A list; `start` is the first number of a numbered list.
    List {
        /// Numbered (`Some(first number)`) or bulleted (`None`).
        start: Option<u32>,
        /// The items.
        items: Vec<Item>,
    },
    /// A table: the first row is the header.
    Table(Vec<Vec<Vec<Inline>>>),
    /// Preformatted text.
    Code(String),
    /// A quotation.
    Quote(Vec<Block>),
    /// A horizontal rule.
    Rule,
    /// Markdown kept as it is (from a .md file).
    Raw(String),
}

/// What a reader gives: the body and what it knows about the document.
#[derive(Debug, Default)]
pub struct Document {
    /// The title property (Word's File > Info > Title, `<title>`).
    pub title: Option<String>,
    /// The modification date stored in the document.
    pub modified: Option<jiff::civil::Date>,
    /// The body.
    pub blocks: Vec<Block>,
    /// Pictures inside the package, referred to as `media:N` (index), with a file extension.
    pub media: Vec<(String, Vec<u8>)>,
    /// What was lost or approximated.
    pub losses: Vec<Loss>,
    /// Tracked changes found (insertions, deletions).
    pub tracked: (usize, usize),
    /// Comments found and dropped: (author, text).
    pub comments: Vec<(String, String)>,
    /// Headings made from bold lines, by their text.
    pub bold_headings: Vec<String>,
}

/// The plain text of inlines.
pub fn plain(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text { text, .. } => s.push_str(text),
            Inline::Break => s.push(' '),
            Inline::Image { .. } => {}
        }
    }
    s
}

/// The plain text of the whole body, one line per block, for similarity and summaries.
pub fn body_text(blocks: &[Block]) -> String {
    let mut s = String::new();
    for b in blocks {
        block_text(b, &mut s);
    }
    s
}

fn block_text(b: &Block, s: &mut String) {
    match b {
        Block::Heading(_, t) | Block::Para(t) => {
            s.push_str(&plain(t));
            s.push('\n');
        }
        Block::List { items, .. } => {
            for i in items {
                s.push_str(&plain(&i.content));
                s.push('\n');
                for c in &i.children {
                    block_text(c, s);
                }
            }
        }
        Block::Table(rows) => {
            for r in rows {
                let cells: Vec<String> = r.iter().map(|c| plain(c)).collect();
                s.push_str(&cells.join(" "));
                s.push('\n');
            }
        }
        Block::Code(t) => {
            s.push_str(t);
            s.push('\n');
        }
        Block::Quote(bs) => {
            for b in bs {
                block_text(b, s);
            }
        }
        Block::Rule => {}
        Block::Raw(t) => {
            s.push_str(t);
            s.push('\n');
        }
    }
}

// ------------------------------------------------------------------------------ tidy

/// Normalises text (non-breaking and odd spaces, soft hyphens, runs of spaces), merges
/// neighbouring runs, drops empty paragraphs, turns typed numbering into lists and lone
/// bold lines into headings. Smart quotes are kept as they are.
pub fn tidy(doc: &mut Document) {
    let blocks = std::mem::take(&mut doc.blocks);
    let mut blocks = tidy_blocks(blocks);
    typed_lists(&mut blocks, &mut doc.losses);
    let has_headings = blocks.iter().any(|b| matches!(b, Block::Heading(..)));
    let found = bold_lines(&mut blocks, has_headings);
    doc.bold_headings.extend(found);
    doc.blocks = blocks;
}

fn tidy_blocks(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        match b {
            Block::Heading(l, t) => {
                let t = tidy_inlines(t);
                if !is_blank(&t) {
                    out.push(Block::Heading(l, t));
                }
            }
            Block::Para(t) => {
                let t = tidy_inlines(t);
                if !is_blank(&t) {
                    out.push(Block::Para(t));
                }
            }
            Block::List { start, items } => {
                let items: Vec<Item> = items
                    .into_iter()
                    .map(|i| Item {
                        content: tidy_inlines(i.content),
                        children: tidy_blocks(i.children),
                    })
                    .filter(|i| !is_blank(&i.content) || !i.children.is_empty())
                    .collect();
                if !items.is_empty() {
                    out.push(Block::List { start, items });
                }
            }
            Block::Table(rows) => {
                let mut rows: Vec<Vec<Vec<Inline>>> = rows
                    .into_iter()
                    .map(|r| r.into_iter().map(tidy_inlines).collect())
                    .collect();
                // The header row is bold already; a bold run in it says nothing more.
                if let Some(head) = rows.first_mut() {
                    for cell in head.iter_mut() {
                        for i in cell.iter_mut() {
                            if let Inline::Text { bold, .. } = i {
                                *bold = false;
                            }
                        }
                        let merged = tidy_inlines(std::mem::take(cell));
                        *cell = merged;
                    }
                }
                if rows.iter().any(|r| r.iter().any(|c| !is_blank(c))) {
                    out.push(Block::Table(rows));
                }
            }
            Block::Quote(bs) => {
                let bs = tidy_blocks(bs);
                if !bs.is_empty() {
                    out.push(Block::Quote(bs));
                }
            }
            Block::Code(t) => {
                if !t.trim().is_empty() {
                    out.push(Block::Code(t));
                }
            }
            Block::Rule => out.push(Block::Rule),
            Block::Raw(t) => out.push(Block::Raw(t)),
        }
    }
    out
}

/// True when there is no visible text and no picture.
fn is_blank(t: &[Inline]) -> bool {
    t.iter().all(|i| match i {
        Inline::Text { text, .. } => text.trim().is_empty(),
        Inline::Break => true,
        Inline::Image { .. } => false,
    })
}

fn clean_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{a0}' | '\u{2007}' | '\u{202f}' | '\t' | '\u{2002}' | '\u{2003}' | '\u{2009}'
            | '\r' | '\n' => out.push(' '),
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{2060}' => {}
            '\u{2011}' => out.push('-'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Cleans characters, merges runs with the same formatting, collapses spaces, trims the
/// ends of the paragraph and of each line.
pub fn tidy_inlines(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for i in inlines {
        match i {
            Inline::Text {
                text,
                bold,
                italic,
                link,
            } => {
                let text = clean_chars(&text);
                if text.is_empty() {
                    continue;
                }
                // Formatting of spaces does not matter: a space takes its neighbour's.
                if let Some(Inline::Text {
                    text: prev,
                    bold: b,
                    italic: it,
                    link: l,
                }) = out.last_mut()
                    && ((*b == bold && *it == italic) || text.trim().is_empty())
                    && *l == link
                {
                    prev.push_str(&text);
                    continue;
                }
                out.push(Inline::Text {
                    text,
                    bold,
                    italic,
                    link,
                });
            }
            other => out.push(other),
        }
    }
    // Collapse runs of spaces across run boundaries, trim around breaks and the ends.
    let mut prev_space = true;
    for i in out.iter_mut() {
        match i {
            Inline::Text { text, .. } => {
                let mut s = String::with_capacity(text.len());
                for c in text.chars() {
                    if c == ' ' {
                        if !prev_space {
                            s.push(' ');
                        }
                        prev_space = true;
                    } else {
                        s.push(c);
                        prev_space = false;
                    }
                }
                *text = s;
            }
            Inline::Break => prev_space = true,
            Inline::Image { .. } => prev_space = false,
        }
    }
    // Trailing spaces before a break or the end.
    let mut at_end = true;
    for i in out.iter_mut().rev() {
        match i {
            Inline::Text { text, .. } => {
                if at_end {
                    let t = text.trim_end().len();
                    text.truncate(t);
                    if !text.is_empty() {
                        at_end = false;
                    }
                }
            }
            Inline::Break => at_end = true,
            Inline::Image { .. } => at_end = false,
        }
    }
    out.retain(|i| !matches!(i, Inline::Text { text, .. } if text.is_empty()));
    // Breaks at the start or end of a paragraph, or doubled, carry nothing.
    while matches!(out.first(), Some(Inline::Break)) {
        out.remove(0);
    }
    while matches!(out.last(), Some(Inline::Break)) {
        out.pop();
    }
    out.dedup_by(|a, b| matches!((a, b), (Inline::Break, Inline::Break)));
    out
}

/// `1. text`, `2) text`, `• text`, `- text` typed at the start of a paragraph.
fn typed_marker(t: &[Inline]) -> Option<(Option<u32>, usize)> {
    let Some(Inline::Text { text, .. }) = t.first() else {
        return None;
    };
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() && digits.len() <= 2 {
        let rest = &text[digits.len()..];
        if (rest.starts_with(". ") || rest.starts_with(") ")) && rest.len() > 2 {
            return Some((digits.parse().ok(), digits.len() + 2));
        }
    }
    for bullet in ["• ", "· ", "▪ ", "– ", "- ", "* ", "o "] {
        if text.starts_with(bullet) && text.len() > bullet.len() && bullet != "o " {
            return Some((None, bullet.len()));
        }
    }
    None
}

/// Paragraphs that start with a typed number or bullet, one after another, become a list.
fn typed_lists(blocks: &mut Vec<Block>, losses: &mut Vec<Loss>) {
    let mut out = Vec::with_capacity(blocks.len());
    let mut turned = 0;
    let mut iter = std::mem::take(blocks).into_iter().peekable();
    while let Some(b) = iter.next() {
        let Block::Para(t) = &b else {
            out.push(b);
            continue;
        };
        let Some((num, _)) = typed_marker(t) else {
            out.push(b);
            continue;
        };
        let ordered = num.is_some();
        let mut run = vec![b];
        while let Some(Block::Para(next)) = iter.peek() {
            match typed_marker(next) {
                Some((n, _)) if n.is_some() == ordered => run.push(iter.next().expect("peeked")),
                _ => break,
            }
        }
        // One typed "1." alone is more likely a sentence that starts with a number.
        if run.len() < 2 {
            out.extend(run);
            continue;
        }
        turned += run.len();
        let items = run
            .into_iter()
            .map(|b| {
                let Block::Para(mut t) = b else {
                    unreachable!()
                };
                let (_, cut) = typed_marker(&t).expect("matched");
                if let Some(Inline::Text { text, .. }) = t.first_mut() {
                    text.replace_range(..cut, "");
                }
                Item {
                    content: tidy_inlines(t),
                    children: Vec::new(),
                }
            })
            .collect();
        out.push(Block::List { start: num, items });
    }
    if turned > 0 {
        losses.push(Loss::new("typed_numbers", &[("n", turned.to_string())]));
    }
    *blocks = out;
}

/// Lone bold lines (all text bold, short, not ending a sentence) followed by more text
/// become headings: the first block at level 1, the others at 2, or one below the styled
/// headings' top level when the document also has those.
fn bold_lines(blocks: &mut [Block], has_headings: bool) -> Vec<String> {
    let top = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(l, _) => Some(*l),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let mut found = Vec::new();
    let n = blocks.len();
    for (i, block) in blocks.iter_mut().enumerate() {
        let Block::Para(t) = &*block else {
            continue;
        };
        let all_bold = t.iter().all(|x| match x {
            Inline::Text { bold, link, .. } => *bold && link.is_none(),
            _ => false,
        });
        let text = plain(t).trim().to_owned();
        let chars = text.chars().count();
        let sentence = text.ends_with('.') || text.ends_with('!') || text.ends_with('?');
        if !all_bold || chars == 0 || chars > 80 || sentence || i + 1 == n {
            continue;
        }
        // The next block must not itself be a bold line (that is a bold paragraph run).
        let level = if i == 0 && !has_headings {
            1
        } else if has_headings {
            (top + 1).min(6)
        } else {
            2
        };
        let content = vec![Inline::plain(text.trim_end_matches(':').to_owned())];
        found.push(text.trim_end_matches(':').to_owned());
        *block = Block::Heading(level, content);
    }
    found
}

/// Nests a flat run of (level, number, text) items into lists.
pub fn build_lists(
    flat: &[(u8, Option<u32>, Vec<Inline>)],
    pos: &mut usize,
    level: u8,
) -> Vec<Block> {
    let mut out = Vec::new();
    while *pos < flat.len() {
        let (l, num, _) = &flat[*pos];
        if *l < level {
            break;
        }
        if *l > level {
            // Deeper without a parent item at this level: an item with no text holds it.
            let nested = build_lists(flat, pos, level + 1);
            match out.last_mut() {
                Some(Block::List { items, .. }) => match items.last_mut() {
                    Some(it) => it.children.extend(nested),
                    None => items.push(Item {
                        content: Vec::new(),
                        children: nested,
                    }),
                },
                _ => out.extend(nested),
            }
            continue;
        }
        let ordered = num.is_some();
        let mut items = Vec::new();
        let start = *num;
        while *pos < flat.len() {
            let (l, n, text) = &flat[*pos];
            if *l != level {
                if *l > level {
                    let nested = build_lists(flat, pos, level + 1);
                    match items.last_mut() {
                        Some(Item { children, .. }) => children.extend(nested),
                        None => items.push(Item {
                            content: Vec::new(),
                            children: nested,
                        }),
                    }
                    continue;
                }
                break;
            }
            if n.is_some() != ordered {
                break;
            }
            items.push(Item {
                content: text.clone(),
                children: Vec::new(),
            });
            *pos += 1;
        }
        out.push(Block::List { start, items });
    }
    out
}

// ------------------------------------------------------------------------------ Markdown

/// Writes blocks as Markdown (CommonMark with GFM tables), ending in one newline.
pub fn to_markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Block> = None;
    let mut other = false;
    for b in blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        // Two lists of one kind in a row are one list in Markdown, blank line or not:
        // every other one takes the other marker (`1)` after `1.`, `*` after `-`).
        other = same_kind_lists(prev, b) && !other;
        write_list_or_block(b, "", other, &mut out);
        prev = Some(b);
    }
    out
}

fn same_kind_lists(a: Option<&Block>, b: &Block) -> bool {
    matches!(
        (a, b),
        (Some(Block::List { start: x, .. }), Block::List { start: y, .. }) if x.is_some() == y.is_some()
    )
}

fn write_list_or_block(b: &Block, indent: &str, other: bool, out: &mut String) {
    match b {
        Block::List { start, items } if other => write_list(*start, items, indent, true, out),
        _ => write_block(b, indent, out),
    }
}

fn write_list(start: Option<u32>, items: &[Item], indent: &str, other: bool, out: &mut String) {
    for (k, item) in items.iter().enumerate() {
        let marker = match (start, other) {
            (Some(s), false) => format!("{}. ", s + k as u32),
            (Some(s), true) => format!("{}) ", s + k as u32),
            (None, false) => "- ".to_owned(),
            (None, true) => "* ".to_owned(),
        };
        let inner = format!("{indent}{}", " ".repeat(marker.len()));
        let text = inline_md(&item.content, false);
        let mut lines = text.split('\n');
        let first = format!("{marker}{}", lines.next().unwrap_or(""));
        let first = first.trim_end();
        out.push_str(indent);
        out.push_str(first);
        out.push('\n');
        for l in lines {
            out.push_str(&inner);
            out.push_str(l);
            out.push('\n');
        }
        let mut prev: Option<&Block> = None;
        let mut alt = false;
        for c in &item.children {
            // A nested list follows its item directly (a tight list).
            if !matches!(c, Block::List { .. }) {
                out.push('\n');
            }
            alt = same_kind_lists(prev, c) && !alt;
            write_list_or_block(c, &inner, alt, out);
            prev = Some(c);
        }
    }
}

fn write_block(b: &Block, indent: &str, out: &mut String) {
    // Every line this writes starts with `indent`.
    let line = |out: &mut String, text: &str| {
        if text.is_empty() {
            out.push('\n');
        } else {
            out.push_str(indent);
            out.push_str(text);
            out.push('\n');
        }
    };
    match b {
        Block::Heading(level, t) => {
            let hashes = "#".repeat((*level).clamp(1, 6) as usize);
            line(
                out,
                &format!(
                    "{hashes} {}",
                    inline_md(t, false).replace("\\\n", " ").replace('\n', " ")
                ),
            );
        }
        Block::Para(t) => {
            for l in inline_md(t, false).split('\n') {
                line(out, l);
            }
        }
        Block::List { start, items } => write_list(*start, items, indent, false, out),
        Block::Table(rows) => {
            let cols = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
            for (r, row) in rows.iter().enumerate() {
                let mut l = String::from("|");
                for c in 0..cols {
                    let cell = row
                        .get(c)
                        .map(|t| inline_md(t, true).replace('\n', "<br>"))
                        .unwrap_or_default();
                    let _ = write!(l, " {} |", cell.trim());
                }
                line(out, &l);
                if r == 0 {
                    line(out, &format!("|{}", " --- |".repeat(cols)));
                }
            }
        }
        Block::Code(t) => {
            let fence = if t.contains("```") { "~~~~" } else { "```" };
            line(out, fence);
            for l in t.trim_end_matches('\n').split('\n') {
                line(out, l);
            }
            line(out, fence);
        }
        Block::Quote(bs) => {
            let mut inner = String::new();
            for (k, b) in bs.iter().enumerate() {
                if k > 0 {
                    inner.push('\n');
                }
                write_block(b, "", &mut inner);
            }
            for l in inner.lines() {
                if l.is_empty() {
                    line(out, ">");
                } else {
                    line(out, &format!("> {l}"));
                }
            }
        }
        Block::Rule => line(out, "---"),
        Block::Raw(t) => {
            for l in t.trim_end().split('\n') {
                line(out, l);
            }
        }
    }
}

/// Inline Markdown; lines (from breaks) are separated by `\n`, each but the last ending in
/// a backslash (a hard break).
fn inline_md(t: &[Inline], in_table: bool) -> String {
    let mut s = String::new();
    let mut k = 0;
    while k < t.len() {
        match &t[k] {
            Inline::Break => {
                if in_table {
                    s.push('\n');
                } else {
                    s.push_str("\\\n");
                }
                k += 1;
            }
            Inline::Image { src, alt } => {
                let _ = write!(s, "![{}]({})", escape_text(alt, in_table), link_target(src));
                k += 1;
            }
            Inline::Text {
                link: Some(href), ..
            } => {
                let href = href.clone();
                let mut j = k;
                while j < t.len()
                    && matches!(&t[j], Inline::Text { link: Some(h), .. } if *h == href)
                {
                    j += 1;
                }
                let inner = emphasis(&t[k..j], in_table);
                let _ = write!(s, "[{}]({})", inner.trim(), link_target(&href));
                k = j;
            }
            Inline::Text { .. } => {
                let mut j = k;
                while j < t.len() && matches!(&t[j], Inline::Text { link: None, .. }) {
                    j += 1;
                }
                s.push_str(&emphasis(&t[k..j], in_table));
                k = j;
            }
        }
    }
    // Characters that would start a block at the beginning of a line.
    s.split('\n')
        .map(escape_line_start)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Formatted runs (no links, no breaks) with `**` and `*` around them; spaces at the
/// edges of a run go outside the markers, as CommonMark needs.
fn emphasis(t: &[Inline], in_table: bool) -> String {
    let mut s = String::new();
    for i in t {
        let Inline::Text {
            text, bold, italic, ..
        } = i
        else {
            continue;
        };
        let lead = text.len() - text.trim_start().len();
        let core = text.trim();
        let trail = text.len() - text.trim_end().len();
        if core.is_empty() {
            s.push_str(text);
            continue;
        }
        let mark = match (bold, italic) {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        s.push_str(&text[..lead]);
        s.push_str(mark);
        s.push_str(&escape_text(core, in_table));
        s.push_str(mark);
        s.push_str(&text[text.len() - trail..]);
    }
    s
}

fn escape_text(t: &str, in_table: bool) -> String {
    let mut s = String::with_capacity(t.len());
    let chars: Vec<char> = t.chars().collect();
    for (k, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '~' => {
                s.push('\\');
                s.push(c);
            }
            '|' if in_table => s.push_str("\\|"),
            '&' if chars
                .get(k + 1)
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                s.push_str("\\&")
            }
            '!' if chars.get(k + 1) == Some(&'[') => s.push_str("\\!"),
            c => s.push(c),
        }
    }
    s
}

/// A line that would read as a heading, quote, list item, rule or table gets a backslash.
fn escape_line_start(line: &str) -> String {
    let t = line.trim_start();
    let lead = &line[..line.len() - t.len()];
    let first = t.chars().next();
    let needs = match first {
        Some('#' | '>' | '+' | '=' | '|') => true,
        Some('-') => t.len() == 1 || t.starts_with("- ") || t.chars().all(|c| c == '-'),
        Some(c) if c.is_ascii_digit() => {
            let digits = t.chars().take_while(char::is_ascii_digit).count();
            let rest = &t[digits..];
            digits <= 9
                && (rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")")
        }
        _ => false,
    };
    if !needs {
        return line.to_owned();
    }
    if first.is_some_and(|c| c.is_ascii_digit()) {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        return format!("{lead}{}\\{}", &t[..digits], &t[digits..]);
    }
    format!("{lead}\\{t}")
}

/// A link target, in `<...>` when it has spaces or parentheses.
fn link_target(href: &str) -> String {
    if href.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", href.replace('<', "%3C").replace('>', "%3E"))
    } else {
        href.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bold(t: &str) -> Inline {
        Inline::Text {
            text: t.into(),
            bold: true,
            italic: false,
            link: None,
        }
    }

    #[test]
    fn nested_numbered_list_keeps_numbers_and_indent() {
        let b = Block::List {
            start: Some(3),
            items: vec![
                Item {
                    content: vec![Inline::plain("Åbn")],
                    children: vec![Block::List {
                        start: None,
                        items: vec![Item {
                            content: vec![Inline::plain("under")],
                            children: vec![],
                        }],
                    }],
                },
                Item {
                    content: vec![Inline::plain("Luk")],
                    children: vec![],
                },
            ],
        };
        assert_eq!(to_markdown(&[b]), "3. Åbn\n   - under\n4. Luk\n");
    }

    #[test]
    fn lists_of_one_kind_in_a_row_stay_apart() {
        let list = |start: Option<u32>, t: &str| Block::List {
            start,
            items: vec![Item {
                content: vec![Inline::plain(t)],
                children: vec![],
            }],
        };
        let blocks = [
            list(Some(1), "a"),
            list(Some(1), "b"),
            list(Some(1), "c"),
            list(None, "d"),
            list(None, "e"),
        ];
        assert_eq!(to_markdown(&blocks), "1. a\n\n1) b\n\n1. c\n\n- d\n\n* e\n");
    }

    #[test]
    fn emphasis_moves_spaces_outside_and_escapes() {
        let t = vec![
            Inline::plain("Tryk "),
            bold("Gem "),
            Inline::plain("*nu* 1. [x]"),
        ];
        assert_eq!(
            to_markdown(&[Block::Para(t)]),
            "Tryk **Gem** \\*nu\\* 1. \\[x\\]\n"
        );
        assert_eq!(
            to_markdown(&[Block::Para(vec![Inline::plain("1. januar")])]),
            "1\\. januar\n"
        );
    }

    #[test]
    fn tidy_turns_typed_numbers_and_bold_lines_into_structure() {
        let mut d = Document {
            blocks: vec![
                Block::Para(vec![bold("Før du starter")]),
                Block::Para(vec![Inline::plain("1.\u{a0}Ring op.")]),
                Block::Para(vec![Inline::plain(" ")]),
                Block::Para(vec![Inline::plain("1. Ring til os.")]),
                Block::Para(vec![Inline::plain("2. Skriv  navnet.")]),
            ],
            ..Document::default()
        };
        tidy(&mut d);
        assert_eq!(
            to_markdown(&d.blocks),
            "# Før du starter\n\n1. Ring op.\n2. Ring til os.\n3. Skriv navnet.\n"
        );
    }
}
