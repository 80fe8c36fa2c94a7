//! Issue 4: the search index, the search box on every page, the search page, and turning
//! search off. Ranking in the real elasticlunr.js is checked in node (search-node.mjs).

use crate::fixtures::{SYNONYMS, fixture_with};
use crate::harness::Fixture;

fn json(site: &crate::harness::Site, rel: &str) -> serde_json::Value {
    serde_json::from_str(&site.read(rel)).expect("valid JSON")
}

fn html_pages(site: &crate::harness::Site) -> Vec<String> {
    site.snapshot()
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

#[test]
fn index_holds_one_document_per_revision_with_a_compact_table() {
    let f = Fixture::copy_of("search-en");
    let site = f.build();
    let payload = json(&site, "search-index.json");
    let index = &payload["index"];
    assert_eq!(payload["language"], "en");
    assert_eq!(
        index["fields"],
        serde_json::json!(["title", "summary", "category", "tags", "body"])
    );
    assert_eq!(index["ref"], "ref");
    assert_eq!(index["version"], "0.9.5");
    // Bodies live only in the inverted index, never in a stored copy.
    assert_eq!(index["documentStore"]["save"], false);
    assert!(payload["fields"]["title"]["boost"].as_u64().unwrap() > 1);

    let manifest = site.manifest();
    let revisions: usize = manifest["guidelines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["revisions"].as_array().unwrap().len())
        .sum();
    let docs = payload["docs"].as_array().unwrap();
    assert_eq!(docs.len(), revisions);
    assert_eq!(index["documentStore"]["length"], revisions);

    let by = |id: &str, version: &str| {
        docs.iter()
            .find(|d| d["id"] == id && d["version"] == version)
            .unwrap_or_else(|| panic!("no doc {id}@{version}"))
    };
    let old = by("register-no-show", "1");
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["url"], "guidelines/register-no-show/v1.html");
    let new = by("register-no-show", "2");
    assert_eq!(new["status"], "current");
    assert_eq!(new["url"], "guidelines/register-no-show/index.html");
    assert_eq!(new["title"], "Register a no-show");
    assert_eq!(new["category"], "Booking");
    assert!(
        new["excerpt"]
            .as_str()
            .unwrap()
            .starts_with("Register the no-show on the appointment.")
    );
    assert_eq!(by("fax-referrals", "1")["status"], "withdrawn");
    // Markup never reaches the index: bodies are plain text.
    let markup = by("markup-test", "1");
    assert!(
        markup["excerpt"]
            .as_str()
            .unwrap()
            .starts_with("Zebra crossing bold words and code and a link and raw html")
    );
    for doc in docs {
        assert!(site.has(doc["url"].as_str().unwrap()), "{doc}");
    }
}

#[test]
fn index_ships_as_json_and_as_a_script_named_in_the_manifest() {
    let f = Fixture::copy_of("search-en");
    let site = f.build();
    let manifest = site.manifest();
    assert_eq!(manifest["search_index"], "search-index.json");
    assert_eq!(manifest["search_page"], "search.html");
    let js = site.read("search-index.js");
    let json = site.read("search-index.json");
    assert_eq!(
        js,
        format!("window.redthreadSearch = {};\n", json.trim_end())
    );
    for asset in [
        "assets/search.js",
        "assets/vendor/elasticlunr.min.js",
        "assets/vendor/lunr.stemmer.support.js",
        "assets/vendor/lunr.da.js",
        "assets/vendor/LICENSE-elasticlunr.txt",
        "assets/vendor/LICENSE-lunr-languages.txt",
    ] {
        assert!(site.has(asset), "{asset}");
    }
}

#[test]
fn every_page_has_the_search_box_and_loads_nothing_until_used() {
    let f = Fixture::copy_of("search-en");
    let site = f.build();
    let pages = html_pages(&site);
    assert!(pages.len() > 10);
    for rel in &pages {
        let page = site.page(rel);
        assert_eq!(page.count("form.search-form input[name=q]"), 1, "{rel}");
        let root = "../".repeat(rel.matches('/').count());
        assert_eq!(
            page.attrs("form.search-form", "data-root"),
            vec![root.clone()],
            "{rel}"
        );
        assert_eq!(
            page.attrs("form.search-form", "action"),
            vec![format!("{root}search.html")]
        );
        // Only the small client script is on the page; the index and elasticlunr are
        // injected on first use.
        let scripts = page.attrs("script", "src");
        assert!(
            scripts.contains(&format!("{root}assets/search.js")),
            "{rel}"
        );
        assert!(
            !scripts
                .iter()
                .any(|s| s.contains("search-index") || s.contains("elasticlunr")),
            "{rel}: {scripts:?}"
        );
        assert_eq!(page.count("script:not([src])"), 0, "{rel}: inline script");
    }
    let search = site.page("search.html");
    assert_eq!(search.count("#search-page input[name=q]"), 1);
    assert_eq!(
        search.count("#search-page input[type=checkbox][name=all]"),
        1
    );
}

#[test]
fn language_picks_the_stemmer() {
    let f = Fixture::copy_of("search-da");
    let site = f.build();
    let payload = json(&site, "search-index.json");
    assert_eq!(payload["language"], "da");
    assert_eq!(
        payload["index"]["pipeline"],
        serde_json::json!(["trimmer-da", "stopWordFilter-da", "stemmer-da"])
    );
    assert_eq!(
        site.page("index.html")
            .attrs("form.search-form", "data-language"),
        vec!["da"]
    );
    // "henvisningen" and "henvisning" share one stem.
    let body = &payload["index"]["index"]["body"]["root"];
    assert!(body["h"]["e"]["n"]["v"]["i"]["s"]["n"]["i"]["n"]["g"]["docs"].is_object());
    assert!(body["h"]["e"]["n"]["v"]["i"]["s"]["n"]["i"]["n"]["g"]["e"].is_null());
}

#[test]
fn search_can_be_turned_off() {
    let f = Fixture::copy_of("search-en");
    f.write(
        "book.toml",
        "[book]\ntitle = \"No search\"\nlanguage = \"fr\"\n\n[search]\nenable = false\n",
    );
    let site = f.build();
    for gone in [
        "search-index.json",
        "search-index.js",
        "search.html",
        "assets/search.js",
        "assets/vendor/elasticlunr.min.js",
    ] {
        assert!(!site.has(gone), "{gone}");
    }
    for rel in html_pages(&site) {
        let page = site.page(&rel);
        assert_eq!(page.count("form.search-form"), 0, "{rel}");
        assert!(
            !page
                .attrs("script", "src")
                .iter()
                .any(|s| s.contains("search"))
        );
    }
    let manifest = site.manifest();
    assert!(manifest["search_index"].is_null());
    assert!(manifest["search_page"].is_null());
}

#[test]
fn unsupported_language_is_a_config_error_while_search_is_on() {
    let f = Fixture::copy_of("search-en");
    f.write("book.toml", "[book]\ntitle = \"x\"\nlanguage = \"fr\"\n");
    let stderr = f.build_fails();
    assert!(
        stderr.contains("book.toml:3:1: error: search has no stemmer for language `fr`"),
        "{stderr}"
    );
    assert!(stderr.contains("da, de, en, no, sv"), "{stderr}");
    assert!(stderr.contains("[search] enable = false"), "{stderr}");
    assert!(!f.site_dir().exists());
}

#[test]
fn unknown_search_keys_are_errors() {
    let f = Fixture::copy_of("search-en");
    f.write("book.toml", "[search]\nenabled = false\n");
    let stderr = f.build_fails();
    assert!(
        stderr.contains("unknown key `enabled` in [search]"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `enable`?"), "{stderr}");
}

#[test]
fn endless_words_neither_crash_nor_bloat_the_index() {
    // Every character of a token is one level of nesting in elasticlunr's JSON.
    let long = "a".repeat(20_000);
    let f = Fixture::new().guideline(
        "content/x/long-v1.md",
        &format!("title: Long {long}\nversion: 1\ncategory: X\ndate: 2025-01-01\ntags: [{long}]"),
        &format!("Pasted {long} text and a normal word.\n"),
    );
    let site = f.build();
    let payload = json(&site, "search-index.json");
    assert_eq!(payload["docs"][0]["title"], format!("Long {long}"));
    assert!(site.read("search-index.json").len() < 60_000);
}

#[test]
fn check_reports_synonyms_that_match_nothing() {
    let f = fixture_with("search-en", SYNONYMS);
    let out = crate::harness::run_in(f.path(), &["check"]);
    // Problems go to stdout, the summary to stderr.
    let stderr = format!("{}{}", out.stdout(), out.stderr());
    for entry in ["indbakke", "inbox", "Landspatientregistret"] {
        assert!(
            stderr.contains(&format!("synonym `{entry}` matches no word of the archive")),
            "{stderr}"
        );
    }
    for found in ["`in basket`", "`LPR`"] {
        assert!(!stderr.contains(found), "{stderr}");
    }
    let book = std::fs::read_to_string(f.path().join("book.toml")).expect("book.toml");
    let line = 1 + book
        .lines()
        .position(|l| l.starts_with("synonyms"))
        .expect("synonyms line");
    assert!(stderr.contains(&format!("book.toml:{line}:")), "{stderr}");
}
