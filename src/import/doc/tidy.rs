//! The clean-up of Word's habits: odd spaces and soft hyphens, runs merged, empty
//! paragraphs dropped, typed numbering made lists, lone bold lines made headings.

use super::{Block, Document, Inline, Item, Loss, plain};

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
