//! The Markdown writer: blocks as CommonMark with GFM tables, as a guideline file holds them.

use std::fmt::Write as _;

use super::{Block, Inline, Item};

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
