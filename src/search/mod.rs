//! The client-side search index: every published revision, inverted once
//! ([`invert`]), shipped as one elasticlunr index ([`single`]) or as parts a query loads
//! only as it needs them ([`split`]), with a small document table ([`docs`]) and what the
//! client needs to forgive typos and split compounds ([`words`]). The page's engine is
//! `themes/default/static/search-engine.js`; docs/search.md describes both halves. Builds
//! from values only; writing is the caller's job.

mod docs;
mod invert;
mod single;
mod split;
mod words;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use elasticlunr::Language;
use serde::Serialize;

use crate::config::{Config, SearchSplit};
use crate::markdown::Rendered;
use crate::model::Archive;

pub use invert::Inverted;
pub use words::unmatched_synonyms;

/// Version of the index payload's schema, raised on incompatible changes.
pub const SCHEMA_VERSION: u32 = 3;

/// Indexed fields, in the order their values are given to the index.
const FIELDS: [&str; 5] = ["title", "summary", "category", "tags", "body"];

/// Query-time weight of each field; the client and tools use the same numbers.
const BOOSTS: [(&str, u32); 5] = [
    ("title", 5),
    ("tags", 3),
    ("summary", 2),
    ("category", 2),
    ("body", 1),
];

/// Words shorter than this match only themselves, never as a prefix of longer words: "co"
/// would pull in a large share of a big index. Given to the client in the payload.
pub const MIN_PREFIX: usize = 3;

/// Compact term bytes above which `split = "auto"` splits the index. One file this size is
/// about 1 MiB as elasticlunr JSON: quick to load, and nothing to gain from parts.
const SINGLE_MAX: usize = 300 * 1024;

fn language(code: &str) -> Box<dyn Language> {
    elasticlunr::lang::from_code(code)
        .expect("every code in SEARCH_LANGUAGES is a compiled-in feature")
}

/// What both layouts' entry files start with: how to query the index.
#[derive(Serialize)]
struct Common<'a> {
    schema: u32,
    /// `"single"` or `"split"`.
    layout: &'static str,
    /// elasticlunr language code.
    language: &'static str,
    /// Field boosts for `Index.search`.
    fields: BTreeMap<&'static str, FieldConfig>,
    /// Query words shorter than this are never expanded as prefixes ([`MIN_PREFIX`]).
    min_prefix: usize,
    /// Weights in term parts are integers over this.
    weight_scale: u64,
    /// Shortest part of a compound and the letters that may join two parts.
    compound: Option<CompoundRule>,
    /// Terms that are compounds of other terms: `[[term, [part, ...]], ...]`.
    compounds: &'a [(String, Vec<String>)],
    /// `[search] synonyms` of `book.toml`, as written.
    synonyms: &'a [Vec<String>],
}

#[derive(Serialize)]
struct CompoundRule {
    min_part: usize,
    links: String,
}

#[derive(Serialize)]
struct FieldConfig {
    boost: u32,
}

/// The built index files: site path and bytes.
pub struct SearchFiles {
    /// `search-index.json`, `search-index.js` and, for a split index, `search/*.js`.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Builds the index of every revision in the archive. `bodies` and `keys` (each revision's
/// memo key, with a memo) are indexed like `archive.guidelines[g].revisions[r]`.
///
/// With the memo of the last build, unchanged documents are not tokenized again and a few
/// changed ones update the index in place; the returned memo is for the next build.
pub fn build(
    config: &Config,
    archive: &Archive,
    bodies: &[Vec<Arc<Rendered>>],
    keys: Option<&[Vec<u64>]>,
    memo: Option<Inverted>,
) -> (SearchFiles, Option<Inverted>) {
    // config::parse rejects unsupported languages while search is on; English otherwise.
    let code = crate::lang::search_code(&config.book.language).unwrap_or("en");
    let sources = docs::Sources::new(archive, code, keys, bodies);
    let docs = sources.docs(memo.as_ref().map(|m| &m.excerpts));
    let places: Vec<(usize, usize)> = docs.iter().map(|p| (p.gi, p.ri)).collect();
    let keep = memo.is_some() && keys.is_some();
    let postings = match config.search.split {
        _ if keep => invert::KeepPostings::All,
        SearchSplit::Never => invert::KeepPostings::All,
        SearchSplit::Auto => invert::KeepPostings::UpTo(SINGLE_MAX),
        SearchSplit::Always => invert::KeepPostings::None,
    };
    let mut index = invert::invert(&sources, &places, memo, keep, postings);
    if keep {
        index.excerpts = docs
            .iter()
            .map(|p| (sources.key(p.gi, p.ri), p.doc.excerpt.clone()))
            .collect();
    }
    let split = match config.search.split {
        SearchSplit::Never => false,
        SearchSplit::Always => true,
        SearchSplit::Auto => index.bytes() > SINGLE_MAX,
    };
    // Sorted once for the vocabulary and the files: 126,000 terms at 10,000 guidelines, by
    // UTF-16, on every `serve` rebuild too.
    let sorted = index.sorted();
    let vocabulary = words::vocabulary(&sorted);
    let compounds = words::compounds(code, &vocabulary);
    let lang = language(code);
    let common = Common {
        schema: SCHEMA_VERSION,
        layout: if split { "split" } else { "single" },
        language: code,
        fields: BOOSTS
            .iter()
            .map(|&(f, boost)| (f, FieldConfig { boost }))
            .collect(),
        min_prefix: MIN_PREFIX,
        weight_scale: invert::WEIGHT_SCALE as u64,
        compound: words::COMPOUND_LANGUAGES
            .contains(&code)
            .then(|| CompoundRule {
                min_part: words::MIN_PART,
                links: words::LINKS.iter().collect(),
            }),
        compounds: &compounds,
        synonyms: &config.search.synonyms,
    };
    let files = if split {
        split::split_files(
            common,
            lang.as_ref(),
            archive,
            &docs,
            (&index, &sorted),
            &vocabulary,
        )
    } else {
        single::single_file(common, lang.as_ref(), &docs, (&index, &sorted))
    };
    drop(vocabulary);
    drop(sorted);
    (SearchFiles { files }, keep.then_some(index))
}

/// The terms of a built site's search index (from `search/vocab.js` or the single file's
/// elasticlunr index), or `None` when the site has no readable index.
pub fn site_vocabulary(file: impl Fn(&str) -> Option<Vec<u8>>) -> Option<HashSet<String>> {
    if let Some(bytes) = file("search/vocab.js") {
        let text = String::from_utf8(bytes).ok()?;
        let json = text.split_once('=')?.1.rsplit_once(';')?.0;
        let pairs: Vec<(String, u32)> = serde_json::from_str(json.split_once('=')?.1).ok()?;
        return Some(pairs.into_iter().map(|(t, _)| t).collect());
    }
    let payload: serde_json::Value =
        serde_json::from_slice(&file(crate::urls::SEARCH_INDEX)?).ok()?;
    let mut out = HashSet::new();
    fn walk(node: &serde_json::Value, prefix: &mut String, out: &mut HashSet<String>) {
        let Some(map) = node.as_object() else {
            return;
        };
        if map
            .get("docs")
            .and_then(|d| d.as_object())
            .is_some_and(|d| !d.is_empty())
        {
            out.insert(prefix.clone());
        }
        for (k, child) in map {
            if k == "docs" || k == "df" {
                continue;
            }
            prefix.push_str(k);
            walk(child, prefix, out);
            prefix.truncate(prefix.len() - k.len());
        }
    }
    for field in payload["index"]["index"].as_object()?.values() {
        walk(&field["root"], &mut String::new(), &mut out);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_map_to_compiled_stemmers() {
        for code in crate::lang::SEARCH_LANGUAGES {
            assert_eq!(language(code).code(), *code);
        }
    }
}
