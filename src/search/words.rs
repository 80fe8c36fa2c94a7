//! What the client needs beyond the index to forgive and understand a query: the archive's
//! vocabulary (for typos and for splitting words the index does not hold), its compound
//! words split into known parts, and the synonym groups of `book.toml`.
//!
//! Compounds are split against the archive's own vocabulary, so only words that occur in it
//! are ever parts: `henvisningsbrev` is `henvisning` + `brev` when both occur (alone or as
//! the stem of an inflected form), with a linking `s` or `e` between them skipped. The client
//! (search-engine.js `split`) applies the same rule to a query word the index does not hold.

use std::collections::HashSet;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::invert::Term;
use super::language;

/// Languages that glue words together, where compounds are split.
pub(super) const COMPOUND_LANGUAGES: &[&str] = &["da", "de", "no", "sv"];

/// Shortest part of a compound, in characters: shorter pieces ("for", "ind") split too many
/// words that are not compounds.
pub(super) const MIN_PART: usize = 4;

/// Letters that may join two parts of a compound (`henvisning-s-brev`, `dag-e-...`). A
/// doubled last letter of a part may also start the next (`remiss` + `svar` = `remissvar`).
pub(super) const LINKS: [char; 2] = ['s', 'e'];

/// Parts beyond two are found by splitting the rest again, this many times at most.
const MAX_DEPTH: usize = 2;

/// The index's terms (word pairs left out), in UTF-16 order, each with its document count,
/// from [`Inverted::sorted`].
pub(super) fn vocabulary<'a>(sorted: &[(&'a str, &Term)]) -> Vec<(&'a str, u32)> {
    sorted
        .iter()
        .filter(|(t, _)| !t.contains(' '))
        .map(|&(t, term)| (t, term.df))
        .collect()
}

/// Every term of the vocabulary that splits into known parts, with its parts, in the
/// vocabulary's order. Empty for languages that do not glue words.
pub(super) fn compounds(
    code: &'static str,
    vocabulary: &[(&str, u32)],
) -> Vec<(String, Vec<String>)> {
    if !COMPOUND_LANGUAGES.contains(&code) {
        return Vec::new();
    }
    let known: HashSet<&str> = vocabulary.iter().map(|(t, _)| *t).collect();
    vocabulary
        .par_iter()
        .map_init(
            || Splitter::new(code, &known),
            |s, (term, _)| s.split(term, 0).map(|parts| (term.to_string(), parts)),
        )
        .flatten()
        .collect()
}

/// Splits words into parts of the vocabulary, with a cache of stems.
struct Splitter<'a> {
    known: &'a HashSet<&'a str>,
    pipeline: elasticlunr::Pipeline,
    stems: FxHashMap<String, Option<String>>,
}

impl<'a> Splitter<'a> {
    fn new(code: &'static str, known: &'a HashSet<&'a str>) -> Splitter<'a> {
        Splitter {
            known,
            pipeline: language(code).make_pipeline(),
            stems: FxHashMap::default(),
        }
    }

    /// The vocabulary term `piece` stands for: itself, or its stem.
    fn term(&mut self, piece: &str) -> Option<String> {
        if self.known.contains(piece) {
            return Some(piece.to_owned());
        }
        let pipeline = &self.pipeline;
        let stem = self
            .stems
            .entry(piece.to_owned())
            .or_insert_with(|| pipeline.run(vec![piece.to_owned()]).pop())
            .clone()?;
        (stem.chars().count() >= MIN_PART - 1 && self.known.contains(stem.as_str())).then_some(stem)
    }

    /// `word` as two or more vocabulary terms, the longest first part first.
    fn split(&mut self, word: &str, depth: usize) -> Option<Vec<String>> {
        let chars: Vec<char> = word.chars().collect();
        let n = chars.len();
        if n < 2 * MIN_PART {
            return None;
        }
        for i in (MIN_PART..=n + 1 - MIN_PART).rev() {
            let head: String = chars[..i].iter().collect();
            let Some(h) = self.term(&head) else {
                continue;
            };
            if h == word {
                continue;
            }
            let rest = &chars[i..];
            let mut tails: Vec<String> = Vec::new();
            if rest.len() >= MIN_PART {
                tails.push(rest.iter().collect());
            }
            if LINKS.contains(&rest[0]) && rest.len() > MIN_PART {
                tails.push(rest[1..].iter().collect());
            }
            // Three equal letters are written as two (Swedish `remiss` + `svar`).
            if chars[i - 1] == chars[i - 2] {
                tails.push(
                    std::iter::once(chars[i - 1])
                        .chain(rest.iter().copied())
                        .collect(),
                );
            }
            for tail in tails {
                if let Some(t) = self.term(&tail).filter(|t| t != word) {
                    return Some(vec![h, t]);
                }
                if depth < MAX_DEPTH
                    && let Some(more) = self.split(&tail, depth + 1)
                {
                    let mut parts = vec![h.clone()];
                    parts.extend(more);
                    return Some(parts);
                }
            }
        }
        None
    }
}

/// The synonym entries (group, entry) of which some word is in no document of the archive,
/// given the archive's vocabulary: such an entry can never match.
pub fn unmatched_synonyms(
    code: &'static str,
    groups: &[Vec<String>],
    vocabulary: &HashSet<String>,
) -> Vec<(usize, usize)> {
    let lang = language(code);
    let pipeline = lang.make_pipeline();
    let mut out = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        for (e, entry) in group.iter().enumerate() {
            let terms = pipeline.run(lang.tokenize(entry));
            if terms.is_empty() || terms.iter().any(|t| !vocabulary.contains(t)) {
                out.push((g, e));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(code: &'static str, words: &[&str], word: &str) -> Option<Vec<String>> {
        let known: HashSet<&str> = words.iter().copied().collect();
        Splitter::new(code, &known).split(word, 0)
    }

    #[test]
    fn compounds_split_into_known_parts_with_linking_letters() {
        let words = [
            "henvisning",
            "brev",
            "henvisningsbrev",
            "ambulant",
            "forløb",
            "remiss",
            "svar",
        ];
        assert_eq!(
            split("da", &words, "henvisningsbrev"),
            Some(vec!["henvisning".into(), "brev".into()])
        );
        assert_eq!(
            split("da", &words, "ambulantforløb"),
            Some(vec!["ambulant".into(), "forløb".into()])
        );
        assert_eq!(
            split("sv", &words, "remissvar"),
            Some(vec!["remiss".into(), "svar".into()])
        );
        // Unknown parts, or parts shorter than MIN_PART, do not split.
        assert_eq!(split("da", &words, "henvisningsbord"), None);
        assert_eq!(split("da", &["brev", "ind", "bakke"], "indbakke"), None);
    }
}
