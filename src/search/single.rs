//! The single-file layout: the whole index as an elasticlunr.js index (load it with
//! `elasticlunr.Index.load`), built from the same inverted index as the split layout rather
//! than by tokenizing every document again.

use std::collections::BTreeMap;

use elasticlunr::Language;
use elasticlunr::document_store::DocumentStore;
use elasticlunr::inverted_index::InvertedIndex;
use serde::Serialize;

use super::docs::{Doc, Placed};
use super::invert::{Inverted, PAIRS, Term};
use super::split::entry_files;
use super::{Common, FIELDS};

/// The payload of `search-index.json` and `search-index.js` for a small archive.
#[derive(Serialize)]
struct SinglePayload<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    /// Document table; a document's ref is its position here.
    docs: Vec<&'a Doc<'a>>,
    /// Word pairs: `[["a b", [doc gaps]], ...]`, the documents where `b` follows `a`.
    pairs: Vec<(&'a str, Vec<u32>)>,
    /// The elasticlunr index (load with `elasticlunr.Index.load`).
    index: LunrIndex,
}

/// elasticlunr.js's index, as elasticlunr-rs serializes it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct LunrIndex {
    fields: [&'static str; 5],
    pipeline: elasticlunr::Pipeline,
    #[serde(rename = "ref")]
    ref_field: &'static str,
    version: &'static str,
    index: BTreeMap<&'static str, InvertedIndex>,
    document_store: DocumentStore,
    lang: String,
}

impl LunrIndex {
    /// An index with this language's pipeline and no documents (the split layout fills one
    /// from its parts in the page).
    pub(super) fn empty(lang: &dyn Language) -> LunrIndex {
        LunrIndex {
            fields: FIELDS,
            pipeline: lang.make_pipeline(),
            ref_field: "ref",
            version: elasticlunr::ELASTICLUNR_VERSION,
            index: FIELDS.iter().map(|&f| (f, InvertedIndex::new())).collect(),
            document_store: DocumentStore::new(false),
            lang: lang.name(),
        }
    }
}

/// One file: the elasticlunr index, the document table and the word pairs.
pub(super) fn single_file(
    common: Common,
    lang: &dyn Language,
    docs: &[Placed],
    (index, sorted): (&Inverted, &[(&str, &Term)]),
) -> Vec<(String, Vec<u8>)> {
    debug_assert!(index.has_postings());
    let mut lunr = LunrIndex::empty(lang);
    let refs: Vec<String> = (0..docs.len()).map(|n| n.to_string()).collect();
    for (d, lengths) in index.lengths.iter().enumerate() {
        lunr.document_store.add_doc(&refs[d], BTreeMap::new());
        for (f, field) in FIELDS.iter().enumerate() {
            lunr.document_store
                .add_field_length(&refs[d], field, lengths[f] as usize);
        }
    }
    let mut pairs = Vec::new();
    for &(term, t) in sorted {
        for p in &t.postings {
            if p.field == PAIRS {
                continue;
            }
            lunr.index
                .get_mut(FIELDS[p.field as usize])
                .expect("every field has an index")
                .add_token(&refs[p.doc as usize], term, f64::from(p.count).sqrt());
        }
        if t.postings.first().is_some_and(|p| p.field == PAIRS) {
            let mut previous = 0;
            let gaps = t
                .postings
                .iter()
                .map(|p| {
                    let gap = p.doc - previous;
                    previous = p.doc;
                    gap
                })
                .collect();
            pairs.push((term, gaps));
        }
    }
    let payload = SinglePayload {
        common,
        docs: docs.iter().map(|p| &p.doc).collect(),
        pairs,
        index: lunr,
    };
    entry_files(&payload)
}
