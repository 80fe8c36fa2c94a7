//! What a read document says about itself: its title, summary, category and language,
//! guessed from the text, its properties and its file name.

use doc::{Block, Document};
use jiff::civil::Date;

use super::scan::SourceEntry;
use super::*;

/// Where a guess came from, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum From {
    /// The document's properties.
    Property,
    /// The first heading.
    Heading,
    /// The file name.
    FileName,
    /// The file's modification time.
    FileTime,
    /// The folder.
    Folder,
    /// Nothing: a placeholder for the author.
    Nothing,
}

/// One document read and cleaned, with its guesses.
#[derive(Debug)]
pub struct Read {
    /// The source file.
    pub entry: SourceEntry,
    /// The document.
    pub doc: Document,
    /// Title and where it came from.
    pub title: (String, From),
    /// Date and where it came from.
    pub date: (Date, From),
    /// Version words in the name.
    pub name: chains::Stripped,
    /// Version words in the title.
    pub title_key: chains::Stripped,
    /// The text, for similarity.
    pub text: String,
}

/// The file name without extension.
pub(super) fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

pub(super) fn junk_title(t: &str, rel: &str) -> bool {
    let l = t.trim().to_lowercase();
    l.is_empty()
        || l.starts_with("microsoft word - ")
        || matches!(
            l.as_str(),
            "document" | "dokument" | "untitled" | "unavngivet" | "namnlös" | "title" | "titel"
        )
        || l == stem(rel).to_lowercase() && stem(rel).chars().any(|c| c == '_')
}

/// Takes the title out of a read document, and fixes the heading levels under it.
pub(super) fn settle(entry: SourceEntry, mut d: Document) -> Read {
    let first_heading = d.blocks.iter().take(3).find_map(|b| match b {
        Block::Heading(_, t) => Some(doc::plain(t).trim().to_owned()),
        _ => None,
    });
    let title = match (&d.title, &first_heading) {
        (Some(t), _) if !junk_title(t, &entry.rel) => (t.trim().to_owned(), From::Property),
        (_, Some(h)) if !h.is_empty() => (h.clone(), From::Heading),
        _ => {
            let s = display_stem(stem(&entry.rel));
            (s, From::FileName)
        }
    };
    // The page shows the title; a first heading saying the same goes.
    if let Some(pos) = d.blocks.iter().take(3).position(|b| {
        matches!(b, Block::Heading(_, t) if doc::plain(t).trim().eq_ignore_ascii_case(&title.0)
            || doc::plain(t).trim().to_lowercase() == title.0.to_lowercase())
    }) && d.blocks[..pos]
        .iter()
        .all(|b| !matches!(b, Block::Heading(..)))
    {
        d.blocks.remove(pos);
        d.bold_headings
            .retain(|h| h.to_lowercase() != title.0.to_lowercase());
    }
    // Headings start at level 2 below the page title.
    let min = d
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(l, _) => Some(*l),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    if min < 2 {
        let shift = 2 - min;
        for b in &mut d.blocks {
            if let Block::Heading(l, _) = b {
                *l = (*l + shift).min(6);
            }
        }
    }
    let date = match (d.modified, entry.mtime) {
        (Some(m), _) => (m, From::Property),
        (None, Some(t)) => (t, From::FileTime),
        (None, None) => (Date::constant(2000, 1, 1), From::Nothing),
    };
    let text = doc::body_text(&d.blocks);
    Read {
        name: chains::strip(stem(&entry.rel)),
        title_key: chains::strip(&title.0),
        entry,
        doc: d,
        title,
        date,
        text,
    }
}

/// A file name as a title: version words out, separators as spaces, case kept.
pub(super) fn display_stem(stem: &str) -> String {
    let s = chains::strip(stem);
    // Keep the writer's case: take the original words whose lower case survived.
    let mut kept = Vec::new();
    let mut key_words = s.key.split(' ').peekable();
    let spaced: String = stem
        .chars()
        .map(|c| if c == '_' { ' ' } else { c })
        .collect();
    for w in spaced.split_whitespace() {
        if key_words.peek().is_some_and(|k| *k == w.to_lowercase()) {
            kept.push(w.to_owned());
            key_words.next();
        }
    }
    let t = if kept.is_empty() {
        s.key
    } else {
        kept.join(" ")
    };
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => stem.to_owned(),
    }
}

/// Guesses a language from the documents: Danish and Swedish letters and words.
pub(super) fn guess_language(reads: &[Read]) -> &'static str {
    let (mut da, mut sv, mut en) = (0usize, 0usize, 0usize);
    for r in reads {
        for w in r.text.split(|c: char| !c.is_alphabetic()) {
            let w = w.to_lowercase();
            match w.as_str() {
                "og" | "af" | "til" | "ikke" | "skal" | "det" | "er" | "du" => da += 1,
                "och" | "av" | "inte" | "ska" | "är" | "för" => sv += 1,
                "the" | "and" | "of" | "to" | "is" | "you" | "with" => en += 1,
                _ => {}
            }
            if w.contains('æ') || w.contains('ø') {
                da += 1;
            }
            if w.contains('ä') || w.contains('ö') {
                sv += 1;
            }
        }
    }
    if da >= sv && da > en {
        "da"
    } else if sv > da && sv > en {
        "sv"
    } else {
        "en"
    }
}

pub(super) fn title_for(r: &Read) -> String {
    r.title.0.clone()
}

/// `text` cut at a word boundary to at most `max` characters, with "…".
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut out = String::new();
    for w in text.split(' ') {
        if out.chars().count() + w.chars().count() + 1 > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        out = text.chars().take(max.saturating_sub(1)).collect();
    }
    out.trim_end_matches([',', ';', ':', '.', ' ']).to_owned() + "…"
}

/// The first sentence of the first paragraph, at most 160 characters.
pub(super) fn summary_of(blocks: &[Block]) -> String {
    let first = blocks.iter().find_map(|b| match b {
        Block::Para(t) => {
            let p = doc::plain(t).trim().to_owned();
            (p.chars().count() >= 12).then_some(p)
        }
        // Markdown kept as it is: its first line of plain prose.
        Block::Raw(t) => t
            .lines()
            .map(str::trim)
            .find(|l| {
                l.chars().count() >= 12
                    && l.chars().next().is_some_and(char::is_alphanumeric)
                    && !l.contains(['*', '_', '[', '`', '<', '|'])
            })
            .map(str::to_owned),
        _ => None,
    });
    let Some(p) = first else {
        return String::new();
    };
    // The first sentence: up to ". " followed by a capital letter (not "kl. 10", "pr. fax").
    let chars: Vec<char> = p.chars().collect();
    let mut end = chars.len();
    for i in 0..chars.len() {
        if matches!(chars[i], '.' | '!' | '?')
            && chars.get(i + 1) == Some(&' ')
            && chars.get(i + 2).is_some_and(|c| c.is_uppercase())
        {
            end = i + 1;
            break;
        }
    }
    let sentence: String = chars[..end].iter().collect();
    shorten(&sentence, 160)
}

/// Category and folder from the file's first folder under the source, else "uncategorised".
pub(super) fn category_of(rel: &str, words: &report::Words) -> (String, From, String) {
    if let Some((dir, _)) = rel.split_once('/') {
        let folder = slug::slugify(dir);
        if !folder.is_empty() {
            return (dir.trim().to_owned(), From::Folder, folder);
        }
    }
    let name = words.get("import_uncategorised");
    let folder = slug::slugify(&name);
    (name, From::Nothing, folder)
}
