//! The client-side search index: an elasticlunr index of every published revision plus a
//! small document table, shipped as `search-index.json` (for tools) and as
//! `search-index.js` (a script that assigns a global, because a page opened from `file://`
//! cannot fetch JSON). Builds from values only; writing is the caller's job.

use std::collections::BTreeMap;

use elasticlunr::{IndexBuilder, Language};
use serde::Serialize;

use crate::config::Config;
use crate::markdown::Rendered;
use crate::model::{Archive, Status};
use crate::urls;

/// Version of the index payload's schema, raised on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

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

/// The payload of `search-index.json` and `search-index.js`.
#[derive(Serialize)]
struct Payload<'a> {
    schema: u32,
    /// elasticlunr language code.
    language: &'static str,
    /// Field boosts for `Index.search`.
    fields: BTreeMap<&'static str, FieldConfig>,
    /// Document table; a document's ref is its position here.
    docs: Vec<Doc<'a>>,
    /// The elasticlunr index (load with `elasticlunr.Index.load`).
    index: &'a elasticlunr::Index,
}

#[derive(Serialize)]
struct FieldConfig {
    boost: u32,
}

/// The built index files.
pub struct SearchFiles {
    /// `search-index.json`.
    pub json: Vec<u8>,
    /// `search-index.js`: the same payload assigned to `window.redthreadSearch`.
    pub script: Vec<u8>,
}

/// Builds the index of every revision in the archive. `bodies` is indexed like
/// `archive.guidelines[g].revisions[r]`.
pub fn build(config: &Config, archive: &Archive, bodies: &[Vec<Rendered>]) -> SearchFiles {
    // config::parse rejects unsupported languages while search is on; English otherwise.
    let code = language_code(&config.book.language).unwrap_or("en");
    let mut index = IndexBuilder::with_language(language(code))
        .save_docs(false)
        .set_ref("ref")
        .add_fields(FIELDS)
        .build();
    let category_names: BTreeMap<String, &str> = archive
        .categories
        .iter()
        .map(|c| (c.slug.clone(), c.name.as_str()))
        .collect();
    let mut docs = Vec::new();
    for (gi, g) in archive.guidelines.iter().enumerate() {
        for (ri, n) in g.revisions.iter().enumerate() {
            let rev = &n.rev;
            let category = category_names
                .get(&slug::slugify(&rev.category))
                .copied()
                .unwrap_or(rev.category.as_str());
            let body = squash(&bodies[gi][ri].text);
            let tags = rev.tags.join(" ");
            let summary = rev.summary.as_deref().unwrap_or("");
            index.add_doc(
                &docs.len().to_string(),
                [rev.title.as_str(), summary, category, &tags, &body].map(searchable),
            );
            docs.push(Doc {
                id: g.id.as_str(),
                url: if ri == g.shown {
                    urls::guideline(g.id.as_str())
                } else {
                    urls::revision(g.id.as_str(), rev.version.as_str())
                },
                title: &rev.title,
                category,
                version: rev.version.as_str(),
                status: n.status,
                summary: rev.summary.as_deref(),
                excerpt: excerpt(&body, EXCERPT_CHARS),
            });
        }
    }
    let payload = Payload {
        schema: SCHEMA_VERSION,
        language: code,
        fields: BOOSTS
            .iter()
            .map(|&(f, boost)| (f, FieldConfig { boost }))
            .collect(),
        docs,
        index: &index,
    };
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
    SearchFiles {
        json,
        script: script.into_bytes(),
    }
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

/// Collapses runs of whitespace to one space.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("short text", 50), "short text");
        assert_eq!(excerpt("one two three four five", 12), "one two…");
    }
}
