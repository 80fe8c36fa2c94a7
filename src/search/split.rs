//! The files of the index: the entry file (`search-index.json` for tools and
//! `search-index.js` for pages, which cannot fetch JSON from `file://`) and, for a split
//! index, the part files under `search/` that a query loads only as it needs them.

use serde::Serialize;

use super::Common;
use super::docs::{Doc, Placed};
use super::invert::{Inverted, Term};
use super::single::LunrIndex;
use crate::model::Archive;
use crate::urls;

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

/// The payload of `search-index.json` and `search-index.js` for a large archive: what every
/// query needs, and where the rest is. Terms and documents live in part files under
/// `search/`, loaded by the page only when a query needs them.
#[derive(Serialize)]
struct SplitPayload<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    /// Number of documents (the index's document count, for idf).
    length: usize,
    /// Each document's status, one letter (`c`urrent, `s`uperseded, `w`ithdrawn, `d`raft, `f`uture: scheduled).
    status: String,
    /// Category names, in order of first use.
    categories: Vec<&'a str>,
    /// Each document's category, one character: `categories[code - 0x30]`.
    category: String,
    /// Documents per guideline, in document order: ranking keeps a guideline's revisions
    /// together without loading their documents.
    revisions: Vec<u32>,
    /// Term parts: part `i` (`search/terms-<i>.js`) holds the terms from `terms[i]` up to
    /// `terms[i + 1]`, in UTF-16 order. Word pairs (`"a b"`) are filed among the terms.
    terms: Vec<String>,
    /// Documents per document part: document `n` is in `search/docs-<n / docs_per_part>.js`.
    docs_per_part: usize,
    /// An empty elasticlunr index with this archive's fields and pipeline; the part files
    /// fill its inverted index.
    index: LunrIndex,
}

/// A part file: a script that files `value` under `name` in `self.redthreadSearchParts`.
fn part_script(name: &str, value: &str) -> Vec<u8> {
    format!("(self.redthreadSearchParts=self.redthreadSearchParts||{{}})[\"{name}\"]={value};\n")
        .into_bytes()
}

/// The character of category number `n` in [`SplitPayload::category`].
fn category_char(n: usize) -> char {
    // Past the surrogates, for an archive with more than 55,000 categories.
    let code = 0x30 + n as u32;
    char::from_u32(if code >= 0xD800 { code + 0x800 } else { code }).unwrap_or('\u{FFFD}')
}

/// The split layout: an entry file, term parts of at most [`PART_BYTES`], document parts
/// of [`DOCS_PER_PART`] documents, and the vocabulary (`search/vocab.js`: `[[term, documents],
/// ...]`, loaded only for typos and unknown compounds).
pub(super) fn split_files(
    common: Common,
    lang: &dyn elasticlunr::Language,
    archive: &Archive,
    docs: &[Placed],
    (index, sorted): (&Inverted, &[(&str, &Term)]),
    vocabulary: &[(&str, u32)],
) -> Vec<(String, Vec<u8>)> {
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
    for &(term, t) in sorted {
        if !part.is_empty() && part.len() + t.entry.len() > part_bytes {
            flush(&mut part, &mut files);
        }
        if part.is_empty() {
            firsts.push(term.to_owned());
        } else {
            part.push(',');
        }
        part.push_str(&t.entry);
    }
    if !part.is_empty() {
        flush(&mut part, &mut files);
    }
    let status = docs.iter().map(|p| p.doc.status.letter()).collect();
    let mut categories: Vec<&str> = Vec::new();
    let category = docs
        .iter()
        .map(|p| {
            let n = categories
                .iter()
                .position(|c| *c == p.doc.category)
                .unwrap_or_else(|| {
                    categories.push(p.doc.category);
                    categories.len() - 1
                });
            category_char(n)
        })
        .collect();
    for (n, chunk) in docs.chunks(DOCS_PER_PART).enumerate() {
        let table: Vec<&Doc> = chunk.iter().map(|p| &p.doc).collect();
        let json = serde_json::to_string(&table).expect("documents serialize");
        files.push((
            urls::search_part("docs", n),
            part_script(&format!("docs-{n}"), &json),
        ));
    }
    let vocab = serde_json::to_string(vocabulary).expect("terms serialize");
    files.push(("search/vocab.js".to_owned(), part_script("vocab", &vocab)));
    let payload = SplitPayload {
        common,
        length: docs.len(),
        status,
        categories,
        category,
        revisions: archive
            .guidelines
            .iter()
            .map(|g| g.revisions.len() as u32)
            .collect(),
        terms: firsts,
        docs_per_part: DOCS_PER_PART,
        index: LunrIndex::empty(lang),
    };
    files.extend(entry_files(&payload));
    files
}

/// `search-index.json` and `search-index.js` holding `payload`.
pub(super) fn entry_files(payload: &impl Serialize) -> Vec<(String, Vec<u8>)> {
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
