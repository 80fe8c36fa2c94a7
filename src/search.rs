//! The client-side search index: an elasticlunr index of every published revision plus a
//! small document table, shipped as `search-index.json` (for tools) and as
//! `search-index.js` (a script that assigns a global, because a page opened from `file://`
//! cannot fetch JSON). A large index is split into parts under `search/` that a query loads
//! only as it needs them (see [`SearchSplit`]). Builds from values only; writing is the
//! caller's job.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::Arc;

use elasticlunr::{IndexBuilder, Language};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::config::{Config, SearchSplit};
use crate::markdown::Rendered;
use crate::model::{Archive, Status};
use crate::urls;

/// Version of the index payload's schema, raised on incompatible changes.
pub const SCHEMA_VERSION: u32 = 2;

/// Languages whose stemmer and stop words are compiled in, as `book.toml` codes.
pub const LANGUAGES: &[&str] = &["da", "de", "en", "no", "sv"];

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

/// Characters of body text kept per document for result snippets.
const EXCERPT_CHARS: usize = 180;

/// The elasticlunr language code for a `book.toml` language (`da`, `da-DK`, `nb`...), or
/// `None` when its stemmer is not compiled in.
pub fn language_code(language: &str) -> Option<&'static str> {
    let primary = language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    // Norwegian Bokmål and Nynorsk share lunr's Norwegian stemmer.
    let primary = match primary.as_str() {
        "nb" | "nn" => "no",
        other => other,
    };
    LANGUAGES.iter().copied().find(|&l| l == primary)
}

fn language(code: &str) -> Box<dyn Language> {
    elasticlunr::lang::from_code(code).expect("every code in LANGUAGES is a compiled-in feature")
}

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

/// The payload of `search-index.json` and `search-index.js` for a small archive: the
/// whole elasticlunr index in one file.
#[derive(Serialize)]
struct SinglePayload<'a> {
    schema: u32,
    /// `"single"`.
    layout: &'static str,
    /// elasticlunr language code.
    language: &'static str,
    /// Field boosts for `Index.search`.
    fields: BTreeMap<&'static str, FieldConfig>,
    /// Document table; a document's ref is its position here.
    docs: Vec<Doc<'a>>,
    /// The elasticlunr index (load with `elasticlunr.Index.load`).
    index: &'a elasticlunr::Index,
}

/// The payload of `search-index.json` and `search-index.js` for a large archive: what every
/// query needs, and where the rest is. Terms and documents live in part files under
/// `search/`, loaded by the page only when a query needs them.
#[derive(Serialize)]
struct SplitPayload<'a> {
    schema: u32,
    /// `"split"`.
    layout: &'static str,
    /// elasticlunr language code.
    language: &'static str,
    /// Field boosts for `Index.search`.
    fields: BTreeMap<&'static str, FieldConfig>,
    /// Number of documents (the index's document count, for idf).
    length: usize,
    /// Each document's status, one letter (`c`urrent, `s`uperseded, `w`ithdrawn, `d`raft).
    status: String,
    /// Documents per guideline, in document order: ranking keeps a guideline's revisions
    /// together without loading their documents.
    revisions: Vec<u32>,
    /// An empty elasticlunr index with this archive's fields and pipeline; the part files
    /// fill its inverted index.
    index: &'a elasticlunr::Index,
    /// Term parts: part `i` (`search/terms-<i>.js`) holds the terms from `terms[i]` up to
    /// `terms[i + 1]`, in UTF-16 order.
    terms: Vec<String>,
    /// Documents per document part: document `n` is in `search/docs-<n / docs_per_part>.js`.
    docs_per_part: usize,
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
    memo: Option<Memo>,
) -> (SearchFiles, Option<Memo>) {
    // config::parse rejects unsupported languages while search is on; English otherwise.
    let code = language_code(&config.book.language).unwrap_or("en");
    let category_names: BTreeMap<String, &str> = archive
        .categories
        .iter()
        .map(|c| (c.slug.clone(), c.name.as_str()))
        .collect();
    let sources = Sources {
        archive,
        code,
        keys,
        bodies,
        category_names,
    };
    let docs = sources.docs(memo.as_ref().map(|m| &m.excerpts));
    if config.search.split == SearchSplit::Never {
        return (single_file(code, &sources, docs), None);
    }
    let places: Vec<(usize, usize)> = docs.iter().map(|&(gi, ri, _)| (gi, ri)).collect();
    let keep = memo.is_some() && keys.is_some();
    let mut index = invert(code, &sources, &places, memo, keep);
    if keep {
        index.excerpts = docs
            .iter()
            .map(|(gi, ri, d)| (sources.key(*gi, *ri), d.excerpt.clone()))
            .collect();
    }
    let files = if config.search.split == SearchSplit::Always || index.bytes() > SINGLE_MAX {
        split_files(code, archive, docs, &index)
    } else {
        single_file(code, &sources, docs)
    };
    (files, keep.then_some(index))
}

/// Compact term bytes above which `split = "auto"` splits the index. One file this size is
/// about 1 MiB as elasticlunr JSON: quick to load, and nothing to gain from parts.
const SINGLE_MAX: usize = 300 * 1024;

/// Largest size of a term part (a term's postings are never cut, so one very common term
/// can exceed it): a query loads one part per word (more for a word that starts many
/// terms), so a few parts stay well under a megabyte.
const PART_BYTES: usize = 96 * 1024;

/// A split index has at least this many term parts while parts stay over [`PART_MIN`].
const PARTS_MIN: usize = 16;

/// Smallest target size of a term part.
const PART_MIN: usize = 1024;

/// Documents per document part: a page of results scattered over the archive loads one small
/// part per result.
const DOCS_PER_PART: usize = 8;

/// Words shorter than this match only themselves, never as a prefix of longer words: "co"
/// would pull in a large share of a big index. The client applies the same rule.
pub const MIN_PREFIX: usize = 3;

/// Where each document's fields come from.
struct Sources<'a> {
    archive: &'a Archive,
    /// elasticlunr language code: the stems, and so a document's memoized terms, depend on it.
    code: &'static str,
    /// With a memo: per revision, a hash of its source text and rendered body.
    keys: Option<&'a [Vec<u64>]>,
    bodies: &'a [Vec<Arc<Rendered>>],
    category_names: BTreeMap<String, &'a str>,
}

impl<'a> Sources<'a> {
    fn category(&self, gi: usize, ri: usize) -> &'a str {
        let rev = &self.archive.guidelines[gi].revisions[ri].rev;
        self.category_names
            .get(&slug::slugify(&rev.category))
            .copied()
            .unwrap_or(rev.category.as_str())
    }

    /// A hash of everything document (`gi`, `ri`) shows and indexes (0 without a memo).
    fn key(&self, gi: usize, ri: usize) -> u64 {
        let Some(keys) = self.keys else {
            return 0;
        };
        crate::incremental::combine([
            keys[gi][ri],
            crate::incremental::hash_of(self.category(gi, ri)),
            crate::incremental::hash_of(self.code),
        ])
    }

    /// Every published revision as (guideline, revision, table entry), in document order.
    /// Excerpts come from `excerpts` (by [`Self::key`]) when there.
    fn docs(&self, excerpts: Option<&HashMap<u64, String>>) -> Vec<(usize, usize, Doc<'a>)> {
        let per_guideline: Vec<Vec<(usize, usize, Doc<'a>)>> = self
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
                        (gi, ri, doc)
                    })
                    .collect()
            })
            .collect();
        per_guideline.into_iter().flatten().collect()
    }

    /// The indexed text of each field, in [`FIELDS`] order.
    fn fields(&self, gi: usize, ri: usize) -> [String; 5] {
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

fn index_builder(code: &str) -> IndexBuilder {
    IndexBuilder::with_language(language(code))
        .save_docs(false)
        .set_ref("ref")
        .add_fields(FIELDS)
}

fn boosts() -> BTreeMap<&'static str, FieldConfig> {
    BOOSTS
        .iter()
        .map(|&(f, boost)| (f, FieldConfig { boost }))
        .collect()
}

/// One file: the elasticlunr index as elasticlunr-rs builds it, and the document table.
fn single_file(
    code: &'static str,
    sources: &Sources,
    docs: Vec<(usize, usize, Doc)>,
) -> SearchFiles {
    let mut index = index_builder(code).build();
    for (n, (gi, ri, _)) in docs.iter().enumerate() {
        index.add_doc(&n.to_string(), sources.fields(*gi, *ri));
    }
    let payload = SinglePayload {
        schema: SCHEMA_VERSION,
        layout: "single",
        language: code,
        fields: boosts(),
        docs: docs.into_iter().map(|(_, _, d)| d).collect(),
        index: &index,
    };
    SearchFiles {
        files: entry_files(&payload),
    }
}

/// `search-index.json` and `search-index.js` holding `payload`.
fn entry_files(payload: &impl Serialize) -> Vec<(String, Vec<u8>)> {
    // Written straight out (no intermediate JSON tree, which took several times the index's
    // size in memory), with term frequencies rounded on the way.
    let mut json = Vec::new();
    payload
        .serialize(&mut serde_json::Serializer::with_formatter(
            &mut json,
            RoundFloats,
        ))
        .expect("the search payload always serializes");
    let json = String::from_utf8(json).expect("serde_json writes UTF-8");
    // `</` cannot occur in JSON outside strings, and inside strings serde escapes nothing;
    // the script is loaded by src=, never inlined, so no HTML escaping is needed.
    let script = format!("window.redthreadSearch = {json};\n");
    let mut json = json.into_bytes();
    json.push(b'\n');
    vec![
        (urls::SEARCH_INDEX.to_owned(), json),
        (urls::SEARCH_SCRIPT.to_owned(), script.into_bytes()),
    ]
}

/// One document's weight for one term in one field.
#[derive(Debug, Clone, Copy)]
struct Posting {
    field: u8,
    doc: u32,
    /// elasticlunr's term frequency (square root of the count) already divided by the
    /// square root of the field's length, the norm elasticlunr applies at query time: the
    /// parts then need no per-document field lengths.
    weight: f32,
}

/// The inverted index of a split build: per term, its postings (sorted by field, then
/// document) and its compact JSON entry. A memo keeps it for the next build.
#[derive(Default)]
pub struct Inverted {
    /// Per document: the hash of its indexed text and its terms.
    docs: Vec<(u64, Arc<DocTerms>)>,
    /// Term -> postings and entry. Postings are dropped once serialized unless kept for
    /// a memo.
    terms: FxHashMap<String, (Vec<Posting>, String)>,
    /// Result excerpts by document key.
    excerpts: HashMap<u64, String>,
}

/// What a memo keeps of the search index between builds.
pub type Memo = Inverted;

impl Inverted {
    /// Total size of the entries.
    fn bytes(&self) -> usize {
        self.terms.values().map(|(_, e)| e.len() + 1).sum()
    }

    /// Entries in UTF-16 order of terms (the order JavaScript compares strings in).
    fn sorted(&self) -> Vec<(&str, &str)> {
        let mut entries: Vec<(&str, &str)> = self
            .terms
            .iter()
            .map(|(t, (_, e))| (t.as_str(), e.as_str()))
            .collect();
        entries.par_sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
        entries
    }
}

/// One document's terms: (term, field, weight), as [`Posting`] weights.
pub type DocTerms = Vec<(String, u8, f32)>;

/// A document's terms with elasticlunr-rs's tokenizer and pipeline.
fn doc_terms(
    lang: &dyn Language,
    pipeline: &elasticlunr::Pipeline,
    code: &'static str,
    fields: &[String; 5],
) -> DocTerms {
    let mut out = Vec::new();
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
            for token in &tokens {
                if let Some(term) = &stems[token] {
                    *counts.entry(term.as_str()).or_default() += 1;
                    len += 1;
                }
            }
            let norm = (len as f64).sqrt();
            out.extend(counts.into_iter().map(|(t, c)| {
                (
                    t.to_owned(),
                    field as u8,
                    (f64::from(c).sqrt() / norm) as f32,
                )
            }));
        }
    });
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

/// Tokenizes and stems every document with elasticlunr-rs's own tokenizer and pipeline (so
/// terms are exactly those of [`single_file`]), on all cores, and inverts the result. With
/// a memo (`previous`, taken from the last build) a document whose text is unchanged is not
/// tokenized again, and when few changed, only their terms are updated and serialized.
/// `keep` keeps what the next build's memo needs.
fn invert(
    code: &'static str,
    sources: &Sources,
    places: &[(usize, usize)],
    previous: Option<Inverted>,
    keep: bool,
) -> Inverted {
    if !keep {
        // Each chunk's terms go straight into its part of the index, so no more than a
        // chunk's worth of per-document term lists is alive at once.
        let merged = places
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(chunk, places)| {
                let lang = language(code);
                let pipeline = lang.make_pipeline();
                let mut map = TermMap::default();
                for (k, &(gi, ri)) in places.iter().enumerate() {
                    let doc = (chunk * CHUNK + k) as u32;
                    let fields = sources.fields(gi, ri);
                    for (term, field, weight) in doc_terms(lang.as_ref(), &pipeline, code, &fields)
                    {
                        map.entry(term)
                            .or_default()
                            .push(Posting { field, doc, weight });
                    }
                }
                map
            })
            .reduce(TermMap::default, merge_maps);
        return Inverted::from_map(merged, Vec::new(), false);
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
                match old.get(d).filter(|(k, _)| keep && *k == key) {
                    Some((_, terms)) => (key, terms.clone()),
                    None => {
                        let fields = sources.fields(gi, ri);
                        let terms = doc_terms(lang.as_ref(), pipeline, code, &fields);
                        (key, Arc::new(terms))
                    }
                }
            },
        )
        .collect();
    if let Some(mut index) = previous.filter(|p| p.docs.len() == docs.len() && keep) {
        let changed: Vec<usize> = (0..docs.len())
            .filter(|&d| !Arc::ptr_eq(&index.docs[d].1, &docs[d].1))
            .collect();
        if changed.len() * UPDATE_MAX_SHARE <= docs.len() {
            index.update(&changed, docs);
            return index;
        }
    }
    Inverted::from_docs(docs)
}

/// Documents per unit of parallel work when inverting.
const CHUNK: usize = 64;

/// Term -> postings, while an index is put together.
type TermMap = FxHashMap<String, Vec<Posting>>;

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

impl Inverted {
    /// The index of `docs`, from scratch, keeping `docs` for the next build's memo.
    fn from_docs(docs: Vec<(u64, Arc<DocTerms>)>) -> Inverted {
        let merged = docs
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(chunk, docs)| {
                let mut map = TermMap::default();
                for (k, (_, terms)) in docs.iter().enumerate() {
                    let doc = (chunk * CHUNK + k) as u32;
                    for (term, field, weight) in terms.iter() {
                        map.entry(term.clone()).or_default().push(Posting {
                            field: *field,
                            doc,
                            weight: *weight,
                        });
                    }
                }
                map
            })
            .reduce(TermMap::default, merge_maps);
        Inverted::from_map(merged, docs, true)
    }

    /// Sorts each term's postings and writes its entry; drops the postings unless `keep`.
    fn from_map(merged: TermMap, docs: Vec<(u64, Arc<DocTerms>)>, keep: bool) -> Inverted {
        let terms = merged
            .into_par_iter()
            .map(|(term, mut postings)| {
                postings.sort_unstable_by_key(|p| (p.field, p.doc));
                let entry = term_entry(&term, &postings);
                if !keep {
                    postings = Vec::new();
                }
                (term, (postings, entry))
            })
            .collect();
        Inverted {
            docs,
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
            for (t, f, _) in self.docs[d].1.iter() {
                if let Some((postings, _)) = self.terms.get_mut(t)
                    && let Ok(i) = at(postings, *f)
                {
                    postings.remove(i);
                }
                touched.insert(t.clone());
            }
            for (t, f, w) in docs[d].1.iter() {
                let (postings, _) = self.terms.entry(t.clone()).or_default();
                let posting = Posting {
                    field: *f,
                    doc,
                    weight: *w,
                };
                match at(postings, *f) {
                    Ok(i) => postings[i] = posting,
                    Err(i) => postings.insert(i, posting),
                }
                touched.insert(t.clone());
            }
        }
        for t in touched {
            let Some((postings, entry)) = self.terms.get_mut(&t) else {
                continue;
            };
            if postings.is_empty() {
                self.terms.remove(&t);
            } else {
                *entry = term_entry(&t, postings);
            }
        }
        self.docs = docs;
    }
}

/// Scale of the weights written to term parts (integers are shorter than decimals).
const WEIGHT_SCALE: f64 = 100_000.0;

/// `["term",[[field,[doc deltas],[weights]],...]]`: per field, documents as gaps from the
/// previous one, weights as integers over [`WEIGHT_SCALE`]. A pair, not an object key, so
/// no term (`__proto__`) can mean anything special to JavaScript.
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
        out.push_str("],[");
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
        out.push_str("]]");
    }
    out.push_str("]]");
    out
}

/// A part file: a script that files `value` under `name` in `self.redthreadSearchParts`.
fn part_script(name: &str, value: &str) -> Vec<u8> {
    format!("(self.redthreadSearchParts=self.redthreadSearchParts||{{}})[\"{name}\"]={value};\n")
        .into_bytes()
}

/// The split layout: an entry file, term parts of at most [`PART_BYTES`] and document parts
/// of [`DOCS_PER_PART`] documents.
fn split_files(
    code: &'static str,
    archive: &Archive,
    docs: Vec<(usize, usize, Doc)>,
    index: &Inverted,
) -> SearchFiles {
    let part_bytes = (index.bytes() / PARTS_MIN).clamp(PART_MIN, PART_BYTES);
    let mut files = Vec::new();
    let mut firsts = Vec::new();
    let mut part = String::new();
    let flush = |part: &mut String, files: &mut Vec<(String, Vec<u8>)>| {
        let n = files.len();
        files.push((
            urls::search_part("terms", n),
            part_script(&format!("terms-{n}"), &format!("[{part}]")),
        ));
        part.clear();
    };
    for (term, entry) in index.sorted() {
        if !part.is_empty() && part.len() + entry.len() > part_bytes {
            flush(&mut part, &mut files);
        }
        if part.is_empty() {
            firsts.push(term.to_owned());
        } else {
            part.push(',');
        }
        part.push_str(entry);
    }
    if !part.is_empty() {
        flush(&mut part, &mut files);
    }
    let status = docs
        .iter()
        .map(|(_, _, d)| {
            d.status
                .as_str()
                .chars()
                .next()
                .expect("status names are words")
        })
        .collect();
    for (n, chunk) in docs.chunks(DOCS_PER_PART).enumerate() {
        let table: Vec<&Doc> = chunk.iter().map(|(_, _, d)| d).collect();
        let json = serde_json::to_string(&table).expect("documents serialize");
        files.push((
            urls::search_part("docs", n),
            part_script(&format!("docs-{n}"), &json),
        ));
    }
    let skeleton = index_builder(code).build();
    let payload = SplitPayload {
        schema: SCHEMA_VERSION,
        layout: "split",
        language: code,
        fields: boosts(),
        length: docs.len(),
        status,
        revisions: archive
            .guidelines
            .iter()
            .map(|g| g.revisions.len() as u32)
            .collect(),
        index: &skeleton,
        terms: firsts,
        docs_per_part: DOCS_PER_PART,
    };
    files.extend(entry_files(&payload));
    SearchFiles { files }
}

/// Longest word piece worth indexing. Longer "words" (pasted links, hashes) are never
/// searched for, and every character is one level of nesting in elasticlunr's JSON.
const MAX_WORD: usize = 40;

/// `text` without the words no one searches for (see [`MAX_WORD`]).
fn searchable(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| w.split('-').all(|piece| piece.chars().count() <= MAX_WORD))
        .collect::<Vec<_>>()
        .join(" ")
}

/// JSON output with every float rounded to 3 decimals. The only floats in an elasticlunr
/// index are term frequencies (square roots, printed with 17 digits): they are most of its
/// bytes, and 3 decimals do not change a ranking.
struct RoundFloats;

impl serde_json::ser::Formatter for RoundFloats {
    fn write_f64<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        value: f64,
    ) -> std::io::Result<()> {
        serde_json::ser::CompactFormatter.write_f64(w, (value * 1000.0).round() / 1000.0)
    }
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
    fn languages_map_to_compiled_stemmers() {
        assert_eq!(language_code("en"), Some("en"));
        assert_eq!(language_code("da-DK"), Some("da"));
        assert_eq!(language_code("nb"), Some("no"));
        assert_eq!(language_code("SV"), Some("sv"));
        assert_eq!(language_code("fr"), None);
        for code in LANGUAGES {
            assert_eq!(language(code).code(), *code);
        }
    }

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
