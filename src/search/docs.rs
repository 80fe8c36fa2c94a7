//! The document table: one entry per published revision, with what a result shows, and
//! where each document's indexed text comes from.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::markdown::Rendered;
use crate::model::{Archive, Status};
use crate::urls;

/// Characters of body text kept per document for result snippets.
const EXCERPT_CHARS: usize = 180;

/// Longest word piece worth indexing. Longer "words" (pasted links, hashes) are never
/// searched for, and every character is one level of nesting in elasticlunr's JSON.
pub(super) const MAX_WORD: usize = 40;

/// One search result's facts, so the index itself stores no text.
#[derive(Debug, Serialize)]
pub struct Doc<'a> {
    /// Guideline id.
    pub id: &'a str,
    /// Page to open, relative to the site root: the stable page for a guideline's shown
    /// revision, the permanent page otherwise.
    pub url: String,
    /// Title of the revision.
    pub title: &'a str,
    /// Category name.
    pub category: &'a str,
    /// Version as written.
    pub version: &'a str,
    /// `current`, `superseded`, `withdrawn` or `draft`.
    pub status: Status,
    /// One-line summary, for the snippet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<&'a str>,
    /// The start of the body as plain text, for the snippet.
    pub excerpt: String,
}

/// A document in document order: its guideline, its revision and its table entry.
pub(super) struct Placed<'a> {
    pub gi: usize,
    pub ri: usize,
    pub doc: Doc<'a>,
}

/// Where each document's fields come from.
pub(super) struct Sources<'a> {
    pub archive: &'a Archive,
    /// elasticlunr language code: the stems, and so a document's memoized terms, depend on it.
    pub code: &'static str,
    /// With a memo: per revision, a hash of its source text and rendered body.
    pub keys: Option<&'a [Vec<u64>]>,
    pub bodies: &'a [Vec<Arc<Rendered>>],
    pub category_names: BTreeMap<String, &'a str>,
}

impl<'a> Sources<'a> {
    pub fn new(
        archive: &'a Archive,
        code: &'static str,
        keys: Option<&'a [Vec<u64>]>,
        bodies: &'a [Vec<Arc<Rendered>>],
    ) -> Sources<'a> {
        let category_names = archive
            .categories
            .iter()
            .map(|c| (c.slug.clone(), c.name.as_str()))
            .collect();
        Sources {
            archive,
            code,
            keys,
            bodies,
            category_names,
        }
    }

    pub fn category(&self, gi: usize, ri: usize) -> &'a str {
        let rev = &self.archive.guidelines[gi].revisions[ri].rev;
        self.category_names
            .get(&slug::slugify(&rev.category))
            .copied()
            .unwrap_or(rev.category.as_str())
    }

    /// A hash of everything document (`gi`, `ri`) shows and indexes (0 without a memo).
    pub fn key(&self, gi: usize, ri: usize) -> u64 {
        let Some(keys) = self.keys else {
            return 0;
        };
        crate::hash::combine([
            keys[gi][ri],
            crate::hash::hash_of(self.category(gi, ri)),
            crate::hash::hash_of(self.code),
        ])
    }

    /// Every published revision, in document order. Excerpts come from `excerpts` (by
    /// [`Self::key`]) when there.
    pub fn docs(&self, excerpts: Option<&HashMap<u64, String>>) -> Vec<Placed<'a>> {
        let per_guideline: Vec<Vec<Placed<'a>>> = self
            .archive
            .guidelines
            .par_iter()
            .enumerate()
            .map(|(gi, g)| {
                g.revisions
                    .iter()
                    .enumerate()
                    .map(|(ri, n)| {
                        let rev = &n.rev;
                        let excerpt = excerpts
                            .and_then(|e| e.get(&self.key(gi, ri)))
                            .cloned()
                            .unwrap_or_else(|| {
                                excerpt(
                                    &squash_head(&self.bodies[gi][ri].text, EXCERPT_CHARS),
                                    EXCERPT_CHARS,
                                )
                            });
                        let doc = Doc {
                            id: g.id.as_str(),
                            url: if ri == g.shown {
                                urls::guideline(g.id.as_str())
                            } else {
                                urls::revision(g.id.as_str(), rev.version.as_str())
                            },
                            title: &rev.title,
                            category: self.category(gi, ri),
                            version: rev.version.as_str(),
                            status: n.status,
                            summary: rev.summary.as_deref(),
                            excerpt,
                        };
                        Placed { gi, ri, doc }
                    })
                    .collect()
            })
            .collect();
        per_guideline.into_iter().flatten().collect()
    }

    /// The indexed text of each field, in [`super::FIELDS`] order.
    pub fn fields(&self, gi: usize, ri: usize) -> [String; 5] {
        let rev = &self.archive.guidelines[gi].revisions[ri].rev;
        // `searchable` also collapses whitespace.
        [
            searchable(&rev.title),
            searchable(rev.summary.as_deref().unwrap_or_default()),
            searchable(self.category(gi, ri)),
            searchable(&rev.tags.join(" ")),
            searchable(&self.bodies[gi][ri].text),
        ]
    }
}

/// `text` without the words no one searches for (see [`MAX_WORD`]).
pub(super) fn searchable(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| w.split('-').all(|piece| piece.chars().count() <= MAX_WORD))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Collapses runs of whitespace to one space, stopping once the result is longer than
/// `max` characters: all [`excerpt`] needs.
fn squash_head(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if chars > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += word.chars().count();
    }
    out
}

/// At most `max` characters of `text`, cut at a word boundary, with an ellipsis when cut.
fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(at) if at > max / 2 => &cut[..at],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_are_not_indexed() {
        let long = "x".repeat(MAX_WORD + 1);
        assert_eq!(searchable(&format!("a  {long} b-{long} c-d")), "a c-d");
    }

    #[test]
    fn excerpts_need_only_the_head_of_the_text() {
        let texts = [
            "short",
            "  several   spaced\n\nwords  ",
            &"word ".repeat(100),
            &format!("{} tail", "x".repeat(300)),
            &"a\u{e9}b ".repeat(60),
        ];
        for text in texts {
            let whole = text.split_whitespace().collect::<Vec<_>>().join(" ");
            for max in [3, 10, 179, 180, 181] {
                assert_eq!(excerpt(&squash_head(text, max), max), excerpt(&whole, max));
            }
        }
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("short text", 50), "short text");
        assert_eq!(excerpt("one two three four five", 12), "one two…");
    }
}
