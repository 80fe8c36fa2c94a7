//! Search in the real elasticlunr.js (Node) and through the page's own search box
//! (Chromium): known queries, one index file against split, typos, compounds, synonyms.

use crate::fixtures::{forgiving_sites, many_guidelines};
use crate::harness::Fixture;
use crate::node;

fn json(site: &crate::harness::Site, rel: &str) -> serde_json::Value {
    serde_json::from_str(&site.read(rel)).expect("valid JSON")
}

#[test]
fn search_index_answers_known_queries_in_elasticlunr_js() {
    let (en, da) = (Fixture::copy_of("search-en"), Fixture::copy_of("search-da"));
    let (en, da) = ((en.build(), en), (da.build(), da));
    let split = Fixture::copy_of("search-en");
    let book = std::fs::read_to_string(split.path().join("book.toml")).unwrap();
    assert!(!book.contains("[search]"));
    split.write(
        "book.toml",
        &format!("{book}\n[search]\nsplit = \"always\"\n"),
    );
    let split = (split.build(), split);
    node("search-node.mjs", &[&en.0.root, &da.0.root, &split.0.root]);
}

#[test]
fn split_index_answers_like_one_file_in_the_browser() {
    let single = many_guidelines(64, "never");
    let split = many_guidelines(64, "always");
    let (single_site, split_site) = (single.build(), split.build());
    assert!(!single_site.has("search/terms-0.js"));
    assert!(split_site.has("search/terms-0.js") && split_site.has("search/docs-1.js"));
    let entry = json(&split_site, "search-index.json");
    assert_eq!(entry["layout"], "split");
    assert_eq!(entry["length"], 64 + 64 / 5 + 1);
    node("search-split.mjs", &[&single_site.root, &split_site.root]);
}

#[test]
fn typos_compounds_synonyms_phrases_and_filters_in_elasticlunr_js() {
    let sites = forgiving_sites();
    assert!(!sites[0].0.has("search/vocab.js") && sites[1].0.has("search/vocab.js"));
    let roots: Vec<&std::path::Path> = sites.iter().map(|(s, _)| s.root.as_path()).collect();
    node("search-match.mjs", &roots);
}

#[test]
fn typos_compounds_synonyms_and_filters_through_the_search_box_in_chromium() {
    let sites = forgiving_sites();
    let roots: Vec<&std::path::Path> = sites.iter().map(|(s, _)| s.root.as_path()).collect();
    node("search-match-browser.mjs", &roots);
}
