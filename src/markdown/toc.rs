//! A body's table of contents: its headings numbered and nested as a reader counts them.

use serde::Serialize;

use super::*;

/// One entry of a nested table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// The heading's anchor id.
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
    /// `1`, `1.2`: its place in the outline.
    pub number: String,
    /// Headings one level below it.
    pub children: Vec<TocEntry>,
}

/// A page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Toc {
    /// Top-level entries.
    pub entries: Vec<TocEntry>,
    /// Entries at every level.
    pub count: usize,
    /// Whether to show the outline numbers (not when the headings carry their own).
    pub numbered: bool,
    /// Long contents are folded (`<details>`), so the text is not pushed a screen down.
    pub folded: bool,
}

/// Fewer headings than this make no table of contents.
pub const TOC_MIN: usize = 3;
/// More entries than this fold the table of contents.
pub const TOC_FOLD: usize = 12;

/// A nested, numbered table of contents from a body's headings: the two shallowest heading
/// levels that occur (`##` and `###` in most bodies). A heading nests under the nearest
/// heading before it with a smaller level; one with none before it is top-level.
pub fn toc(headings: &[Heading]) -> Option<Toc> {
    let top = headings.iter().map(|h| h.level).min()?;
    // A body whose title is its only `#` heading: its sections start one level down.
    let top = if top == 1 && headings.iter().filter(|h| h.level == 1).count() == 1 {
        headings
            .iter()
            .map(|h| h.level)
            .filter(|&l| l > 1)
            .min()
            .unwrap_or(1)
    } else {
        top
    };
    let second = headings.iter().map(|h| h.level).filter(|&l| l > top).min();
    let mut entries: Vec<TocEntry> = Vec::new();
    let mut count = 0;
    for h in headings {
        let entry = |number: String| TocEntry {
            id: h.id.clone(),
            text: h.text.clone(),
            number,
            children: Vec::new(),
        };
        if h.level == top || (Some(h.level) == second && entries.is_empty()) {
            entries.push(entry((entries.len() + 1).to_string()));
            count += 1;
        } else if Some(h.level) == second {
            let parent = entries.last_mut().expect("not empty");
            let number = format!("{}.{}", parent.number, parent.children.len() + 1);
            parent.children.push(entry(number));
            count += 1;
        }
    }
    if count < TOC_MIN {
        return None;
    }
    // Headings that are numbered already ("4.3 Internal referrals") keep their own numbers.
    let numbered = !headings.iter().any(|h| {
        let t = h.text.trim_start();
        let digits = t
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        digits > 0 && t.as_bytes().first().is_some_and(u8::is_ascii_digit)
    });
    Some(Toc {
        entries,
        count,
        numbered,
        folded: count > TOC_FOLD,
    })
}
