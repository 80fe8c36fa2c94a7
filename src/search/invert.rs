//! The inverted index, built once for both layouts: every document tokenized and stemmed
//! with elasticlunr-rs's own tokenizer and pipeline (so terms are exactly those elasticlunr
//! would make) on all cores, then inverted into per-term postings and their compact entries.
//! A memo keeps it between builds, so a few changed documents update it in place.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::Arc;

use elasticlunr::Language;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::docs::Sources;
use super::language;

/// Pseudo-field of word pairs: the key `"a b"` lists the documents where term `b` follows
/// term `a` (stop words skipped) in the title, the summary or the body. Pair keys hold a
/// space, which no term does, so they share the term parts without clashing.
pub(super) const PAIRS: u8 = 5;

/// Fields whose adjacent words are recorded as pairs: title, summary, body.
const PAIR_FIELDS: [usize; 3] = [0, 1, 4];

/// One document's weight for one term in one field.
#[derive(Debug, Clone, Copy)]
pub(super) struct Posting {
    pub field: u8,
    pub doc: u32,
    /// Occurrences in the field (elasticlunr's term frequency is its square root).
    pub count: u32,
    /// elasticlunr's term frequency already divided by the square root of the field's
    /// length, the norm elasticlunr applies at query time: the split parts then need no
    /// per-document field lengths.
    pub weight: f32,
}

/// One document's terms: (term, field, count, weight), and each field's length in terms.
#[derive(Debug, Default)]
pub struct DocTerms {
    terms: Vec<(String, u8, u32, f32)>,
    lengths: [u32; 5],
}

/// A term's postings (sorted by field, then document), its compact JSON entry and the
/// number of documents that hold it.
#[derive(Default)]
pub(super) struct Term {
    pub postings: Vec<Posting>,
    pub entry: String,
    pub df: u32,
}

/// The inverted index: per term, its postings and entry. A memo keeps it for the next build.
#[derive(Default)]
pub struct Inverted {
    /// Per document, with a memo: the hash of its indexed text and its terms.
    docs: Vec<(u64, Arc<DocTerms>)>,
    /// Per document: each field's length in terms.
    pub(super) lengths: Vec<[u32; 5]>,
    /// Term -> postings and entry. Postings are dropped once serialized unless a memo or
    /// the single-file layout needs them.
    pub(super) terms: FxHashMap<String, Term>,
    /// Result excerpts by document key.
    pub(super) excerpts: HashMap<u64, String>,
}

/// Which postings [`invert`] keeps after writing the entries.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum KeepPostings {
    /// All (a memo or the single-file layout needs them).
    All,
    /// All while the entries total at most this many bytes (a small index becomes one file).
    UpTo(usize),
    /// None: each term's are dropped as soon as its entry is written.
    None,
}

impl Inverted {
    /// Total size of the entries.
    pub(super) fn bytes(&self) -> usize {
        self.terms.values().map(|t| t.entry.len() + 1).sum()
    }

    /// Whether the postings are still there (see [`KeepPostings`]).
    pub(super) fn has_postings(&self) -> bool {
        self.terms.values().all(|t| !t.postings.is_empty())
    }

    /// Entries in UTF-16 order of terms (the order JavaScript compares strings in).
    pub(super) fn sorted(&self) -> Vec<(&str, &Term)> {
        let mut entries: Vec<(&str, &Term)> =
            self.terms.iter().map(|(t, e)| (t.as_str(), e)).collect();
        entries.par_sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
        entries
    }
}

/// A document's terms with elasticlunr-rs's tokenizer and pipeline, and its word pairs.
fn doc_terms(
    lang: &dyn Language,
    pipeline: &elasticlunr::Pipeline,
    code: &'static str,
    fields: &[String; 5],
) -> DocTerms {
    let mut out = DocTerms::default();
    let mut pairs: HashSet<String> = HashSet::new();
    STEMS.with_borrow_mut(|(cached_code, stems)| {
        if *cached_code != code {
            *cached_code = code;
            stems.clear();
        }
        for (field, text) in fields.iter().enumerate() {
            let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
            let mut len = 0usize;
            let tokens = lang.tokenize(text);
            // The pipeline (trimmer, stop words, stemmer) works on one token at a time, so
            // each distinct word goes through it once per thread, not once per use.
            for token in &tokens {
                if !stems.contains_key(token) {
                    let term = pipeline.run(vec![token.clone()]).pop();
                    stems.insert(token.clone(), term);
                }
            }
            let mut previous: Option<&str> = None;
            for token in &tokens {
                if let Some(term) = &stems[token] {
                    *counts.entry(term.as_str()).or_default() += 1;
                    len += 1;
                    if PAIR_FIELDS.contains(&field)
                        && let Some(p) = previous
                        && p != term
                    {
                        pairs.insert(format!("{p} {term}"));
                    }
                    previous = Some(term.as_str());
                }
            }
            let norm = (len as f64).sqrt();
            out.lengths[field] = len as u32;
            out.terms.extend(counts.into_iter().map(|(t, c)| {
                (
                    t.to_owned(),
                    field as u8,
                    c,
                    (f64::from(c).sqrt() / norm) as f32,
                )
            }));
        }
    });
    out.terms
        .extend(pairs.into_iter().map(|p| (p, PAIRS, 1, 0.0)));
    out
}

thread_local! {
    /// Per thread: the language the stems are for, and each token's term after the
    /// pipeline (`None` for a stop word).
    static STEMS: std::cell::RefCell<(&'static str, FxHashMap<String, Option<String>>)> =
        std::cell::RefCell::new(("", FxHashMap::default()));
}

/// More changed documents than one in this many rebuild the index from scratch.
const UPDATE_MAX_SHARE: usize = 8;

/// Documents per unit of parallel work when inverting.
const CHUNK: usize = 64;

/// Term -> postings, while an index is put together.
type TermMap = FxHashMap<String, Vec<Posting>>;

/// The postings of a run of documents, numbered from `first`.
fn chunk_map<'d>(first: usize, docs: impl Iterator<Item = &'d DocTerms>) -> TermMap {
    let mut map = TermMap::default();
    for (k, terms) in docs.enumerate() {
        let doc = (first + k) as u32;
        for (term, field, count, weight) in &terms.terms {
            let posting = Posting {
                field: *field,
                doc,
                count: *count,
                weight: *weight,
            };
            // Looked up before cloning: most terms are already in the chunk's map, and a
            // clone per posting was millions of allocations at 10,000 guidelines.
            match map.get_mut(term.as_str()) {
                Some(postings) => postings.push(posting),
                None => {
                    map.insert(term.clone(), vec![posting]);
                }
            }
        }
    }
    map
}

/// Joins two chunks' term maps, moving the smaller into the larger.
fn merge_maps(mut a: TermMap, mut b: TermMap) -> TermMap {
    if a.len() < b.len() {
        std::mem::swap(&mut a, &mut b);
    }
    for (t, p) in b {
        a.entry(t).or_default().extend(p);
    }
    a
}

/// Tokenizes, stems and inverts every document in `places`. With a memo (`previous`, taken
/// from the last build) a document whose text is unchanged is not tokenized again, and when
/// few changed, only their terms are updated and serialized. `memo` keeps what the next
/// build's memo needs; `postings` says which postings outlive their entries.
pub(super) fn invert(
    sources: &Sources,
    places: &[(usize, usize)],
    previous: Option<Inverted>,
    memo: bool,
    postings: KeepPostings,
) -> Inverted {
    let code = sources.code;
    let terms_of = |lang: &dyn Language, pipeline: &elasticlunr::Pipeline, gi, ri| {
        doc_terms(lang, pipeline, code, &sources.fields(gi, ri))
    };
    if !memo {
        // Each chunk's terms go straight into its part of the index, so no more than a
        // chunk's worth of per-document term lists is alive at once.
        let (merged, lengths) = places
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(chunk, places)| {
                let lang = language(code);
                let pipeline = lang.make_pipeline();
                let docs: Vec<DocTerms> = places
                    .iter()
                    .map(|&(gi, ri)| terms_of(lang.as_ref(), &pipeline, gi, ri))
                    .collect();
                let lengths: Vec<[u32; 5]> = docs.iter().map(|d| d.lengths).collect();
                (chunk_map(chunk * CHUNK, docs.iter()), lengths)
            })
            .reduce(
                || (TermMap::default(), Vec::new()),
                |(a, mut la), (b, lb)| {
                    la.extend(lb);
                    (merge_maps(a, b), la)
                },
            );
        return Inverted::from_map(merged, Vec::new(), lengths, postings);
    }
    let old = previous
        .as_ref()
        .map(|p| p.docs.as_slice())
        .unwrap_or_default();
    let docs: Vec<(u64, Arc<DocTerms>)> = places
        .par_iter()
        .enumerate()
        .map_init(
            || {
                let lang = language(code);
                let pipeline = lang.make_pipeline();
                (lang, pipeline)
            },
            |(lang, pipeline), (d, &(gi, ri))| {
                let key = sources.key(gi, ri);
                match old.get(d).filter(|(k, _)| *k == key) {
                    Some((_, terms)) => (key, terms.clone()),
                    None => (key, Arc::new(terms_of(lang.as_ref(), pipeline, gi, ri))),
                }
            },
        )
        .collect();
    if let Some(mut index) = previous.filter(|p| p.docs.len() == docs.len()) {
        let changed: Vec<usize> = (0..docs.len())
            .filter(|&d| !Arc::ptr_eq(&index.docs[d].1, &docs[d].1))
            .collect();
        if changed.len() * UPDATE_MAX_SHARE <= docs.len() {
            index.update(&changed, docs);
            return index;
        }
    }
    let merged = docs
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(chunk, docs)| chunk_map(chunk * CHUNK, docs.iter().map(|(_, t)| t.as_ref())))
        .reduce(TermMap::default, merge_maps);
    let lengths = docs.iter().map(|(_, t)| t.lengths).collect();
    Inverted::from_map(merged, docs, lengths, KeepPostings::All)
}

/// Documents holding the term, in any field: postings are sorted by field, then document.
fn doc_count(postings: &[Posting]) -> u32 {
    if postings.iter().all(|p| p.field == postings[0].field) {
        return postings.len() as u32;
    }
    let mut docs: Vec<u32> = postings.iter().map(|p| p.doc).collect();
    docs.sort_unstable();
    docs.dedup();
    docs.len() as u32
}

impl Inverted {
    /// Sorts each term's postings and writes its entry, keeping postings as `keep` says.
    fn from_map(
        merged: TermMap,
        docs: Vec<(u64, Arc<DocTerms>)>,
        lengths: Vec<[u32; 5]>,
        keep: KeepPostings,
    ) -> Inverted {
        let mut terms: FxHashMap<String, Term> = merged
            .into_par_iter()
            .map(|(term, mut postings)| {
                postings.sort_unstable_by_key(|p| (p.field, p.doc));
                let entry = term_entry(&term, &postings);
                let df = doc_count(&postings);
                if keep == KeepPostings::None {
                    postings = Vec::new();
                }
                (
                    term,
                    Term {
                        postings,
                        entry,
                        df,
                    },
                )
            })
            .collect();
        if let KeepPostings::UpTo(max) = keep
            && terms.values().map(|t| t.entry.len() + 1).sum::<usize>() > max
        {
            terms
                .par_iter_mut()
                .for_each(|(_, t)| t.postings = Vec::new());
        }
        Inverted {
            docs,
            lengths,
            terms,
            excerpts: HashMap::new(),
        }
    }

    /// Replaces the terms of the `changed` documents, serializing only the terms they had or
    /// have; `docs` are every document's terms now.
    fn update(&mut self, changed: &[usize], docs: Vec<(u64, Arc<DocTerms>)>) {
        let mut touched: HashSet<String> = HashSet::new();
        for &d in changed {
            let doc = d as u32;
            let at = |postings: &Vec<Posting>, field: u8| {
                postings.binary_search_by_key(&(field, doc), |p| (p.field, p.doc))
            };
            for (t, f, _, _) in &self.docs[d].1.terms {
                if let Some(term) = self.terms.get_mut(t)
                    && let Ok(i) = at(&term.postings, *f)
                {
                    term.postings.remove(i);
                }
                touched.insert(t.clone());
            }
            for (t, f, c, w) in &docs[d].1.terms {
                let term = self.terms.entry(t.clone()).or_default();
                let posting = Posting {
                    field: *f,
                    doc,
                    count: *c,
                    weight: *w,
                };
                match at(&term.postings, *f) {
                    Ok(i) => term.postings[i] = posting,
                    Err(i) => term.postings.insert(i, posting),
                }
                touched.insert(t.clone());
            }
            self.lengths[d] = docs[d].1.lengths;
        }
        for t in touched {
            let Some(term) = self.terms.get_mut(&t) else {
                continue;
            };
            if term.postings.is_empty() {
                self.terms.remove(&t);
            } else {
                term.entry = term_entry(&t, &term.postings);
                term.df = doc_count(&term.postings);
            }
        }
        self.docs = docs;
    }
}

/// Scale of the weights written to term parts (integers are shorter than decimals).
pub(super) const WEIGHT_SCALE: f64 = 100_000.0;

/// `["term",[[field,[doc deltas],[weights]],...]]`: per field, documents as gaps from the
/// previous one, weights as integers over [`WEIGHT_SCALE`]; a pair key has no weights. A
/// pair, not an object key, so no term (`__proto__`) can mean anything special to
/// JavaScript.
fn term_entry(term: &str, postings: &[Posting]) -> String {
    let mut out = String::from("[");
    out.push_str(&serde_json::to_string(term).expect("a string serializes"));
    out.push_str(",[");
    for (i, group) in postings.chunk_by(|a, b| a.field == b.field).enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "[{},[", group[0].field);
        let mut previous = 0;
        for (k, p) in group.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            let _ = write!(out, "{}", p.doc - previous);
            previous = p.doc;
        }
        out.push(']');
        if group[0].field != PAIRS {
            out.push_str(",[");
            for (k, p) in group.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                let _ = write!(
                    out,
                    "{}",
                    (f64::from(p.weight) * WEIGHT_SCALE).round() as u64
                );
            }
            out.push(']');
        }
        out.push(']');
    }
    out.push_str("]]");
    out
}

/// Only for tests: the terms of one text in one field.
#[cfg(test)]
pub(super) fn terms_of_text(code: &'static str, title: &str) -> Vec<String> {
    let lang = language(code);
    let pipeline = lang.make_pipeline();
    let fields = [
        title.to_owned(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ];
    let mut t: Vec<String> = doc_terms(lang.as_ref(), &pipeline, code, &fields)
        .terms
        .into_iter()
        .map(|(t, _, _, _)| t)
        .collect();
    t.sort();
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacent_words_become_pairs_across_stop_words() {
        assert_eq!(
            terms_of_text("en", "File the counter notice"),
            ["counter", "counter notic", "file", "file counter", "notic"]
        );
    }
}
