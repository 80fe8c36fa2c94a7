//! Redline pages (issue 3): known edits in tests/fixtures/redline give exact `<ins>`/`<del>`
//! content; pages link to each other; archive.json lists every diff page.

use crate::harness::{Fixture, Site};

/// The fixture (kept alive: its folder holds the site) and its built site.
fn redline() -> (Fixture, Site) {
    let f = Fixture::copy_of("redline");
    let site = f.build();
    (f, site)
}

/// (deleted texts, inserted texts) inside the redline of a diff page.
fn marks(site: &Site, page: &str) -> (Vec<String>, Vec<String>) {
    let p = site.page(page);
    (p.texts(".redline del"), p.texts(".redline ins"))
}

fn changes_of(site: &Site, page: &str) -> Vec<String> {
    site.page(page).attrs(".redline .rl", "class")
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn an_added_step_is_one_inserted_item_and_renumbering_is_no_change() {
    let (_f, site) = redline();
    let page = "guidelines/added-step/diff-v1-v2.html";
    assert_eq!(
        marks(&site, page),
        (
            vec![],
            strings(&["Close the referral when the patient never came."])
        )
    );
    let p = site.page(page);
    assert_eq!(p.texts(".rl-inserted .rl-marker"), strings(&["3."]));
    assert_eq!(p.texts(".rl-inserted .rl-tag"), strings(&["Added"]));
    // "3. Click Complete." became "4. Click Complete.": the same step, not a change.
    assert_eq!(p.count(".rl-changed, .rl-deleted"), 0);
    assert!(
        p.texts(".rl-same .rl-text")
            .contains(&"4. Click Complete.".to_owned())
    );
}

#[test]
fn a_removed_sentence_is_deleted_inside_its_paragraph() {
    let (_f, site) = redline();
    let page = "guidelines/removed-sentence/diff-v1-v2.html";
    assert_eq!(
        marks(&site, page),
        (strings(&["Keep a copy in the archive room."]), vec![])
    );
    assert_eq!(
        site.page(page).text(".rl-changed .rl-text"),
        "Send the letter on the same day. deleted: Keep a copy in the archive room. Tell the doctor when it is sent."
    );
}

#[test]
fn one_changed_word_in_a_long_paragraph_is_that_word() {
    let (_f, site) = redline();
    let page = "guidelines/changed-word/diff-v1-v2.html";
    assert_eq!(
        marks(&site, page),
        (strings(&["noon"]), strings(&["three"]))
    );
    assert_eq!(changes_of(&site, page).len(), 1);
}

#[test]
fn a_reordered_list_is_one_moved_step() {
    let (_f, site) = redline();
    let page = "guidelines/reordered-list/diff-v1-v2.html";
    // As in wikidiff2, a moved step's words are not marked deleted and inserted (issue 14):
    // its two rows say where it went, each linking to the other.
    assert_eq!(marks(&site, page), (vec![], vec![]));
    let p = site.page(page);
    assert_eq!(p.texts(".rl-moved-to .rl-tag"), strings(&["Moved here"]));
    assert_eq!(
        p.texts(".rl-moved-from .rl-tag"),
        strings(&["Moved from here"])
    );
    assert_eq!(
        p.attrs(".rl-moved-from a.rl-tag", "href"),
        p.attrs(".rl-moved-to[id]", "id")
            .iter()
            .map(|id| format!("#{id}"))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        p.attrs(".rl-moved-to a.rl-tag", "href"),
        strings(&["#rl-move-0-from"])
    );
    assert_eq!(
        p.texts(".rl-moved-to .rl-text"),
        strings(&["2. Book the room."])
    );
    assert_eq!(p.count(".rl-same"), 3);
    assert!(p.text(".diff-summary").contains("1 moved"));
}

#[test]
fn a_changed_table_cell_is_marked_in_its_row() {
    let (_f, site) = redline();
    let page = "guidelines/table-cell/diff-v1-v2.html";
    assert_eq!(
        marks(&site, page),
        (strings(&["Only if asked"]), strings(&["Always"]))
    );
    let p = site.page(page);
    assert_eq!(p.count(".rl-changed.rl-row"), 1);
    assert_eq!(
        p.texts(".rl-changed .rl-cell").first().map(String::as_str),
        Some("Completed")
    );
}

#[test]
fn a_changed_heading_marks_the_word() {
    let (_f, site) = redline();
    let page = "guidelines/heading/diff-v1-v2.html";
    assert_eq!(
        marks(&site, page),
        (strings(&["start"]), strings(&["begin"]))
    );
    assert_eq!(site.page(page).count(".rl-changed.rl-heading.rl-h2"), 1);
}

#[test]
fn changed_front_matter_is_listed_in_the_header() {
    let (_f, site) = redline();
    let p = site.page("guidelines/front-matter/diff-v1-v2.html");
    assert_eq!(
        p.texts(".fact-changes tbody th"),
        strings(&["Title", "Category", "Tags", "Review by"])
    );
    // Before and after columns mark only the words that changed.
    assert_eq!(p.texts(".fact-changes del"), strings(&["Edits"]));
    assert_eq!(
        p.texts(".fact-changes ins"),
        strings(&["changed", "Other edits", ", e-boks", "31 December 2026"])
    );
    assert_eq!(
        p.texts(".fact-changes tbody tr:first-child td"),
        strings(&["Front matter", "Front matter inserted: changed"])
    );
    assert_eq!(p.text(".diff-summary"), "The text is unchanged.");
    assert_eq!(p.count(".redline ins, .redline del"), 0);
}

#[test]
fn a_rename_links_to_a_comparison_with_what_it_replaced() {
    let (_f, site) = redline();
    let stable = site.page("guidelines/new-name/index.html");
    let href = stable.attrs("a[data-rel=comparison]", "href");
    assert_eq!(
        href,
        strings(&["../../guidelines/new-name/from-old-name.html"])
    );
    let p = site.page("guidelines/new-name/from-old-name.html");
    assert_eq!(
        marks(&site, "guidelines/new-name/from-old-name.html"),
        (vec![], strings(&["shared"]))
    );
    assert_eq!(
        p.attrs("a[data-rel=from]", "href"),
        strings(&["../../guidelines/old-name/v1.html"])
    );
    assert!(p.text(".change-note").contains("Renamed from Old name."));
}

#[test]
fn revision_pages_link_their_redlines() {
    let (_f, site) = redline();
    let v2 = site.page("guidelines/added-step/v2.html");
    assert_eq!(
        v2.attrs("a[data-rel=diff-previous]", "href"),
        strings(&["../../guidelines/added-step/diff-v1-v2.html"])
    );
    assert_eq!(
        v2.text("a[data-rel=diff-previous]"),
        "What changed from the previous revision"
    );
    let v1 = site.page("guidelines/added-step/v1.html");
    assert_eq!(v1.count("a[data-rel=diff-previous]"), 0);
    assert_eq!(
        v1.attrs(".banner-superseded a[data-rel=diff-to-current]", "href"),
        strings(&["../../guidelines/added-step/diff-v1-v2.html"])
    );
    assert_eq!(
        v1.text("a[data-rel=diff-to-current]"),
        "What changed since this version"
    );
    // The compare form offers exactly the pre-built pairs.
    assert_eq!(
        v1.attrs("form[data-compare]", "data-pairs"),
        strings(&["1>2"])
    );
}

#[test]
fn the_manifest_names_every_diff_page() {
    let (_f, site) = redline();
    let m = site.manifest();
    assert_eq!(m["whats_new"], "whats-new.html");
    assert_eq!(m["feed"], "feed.xml");
    let g = m["guidelines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "added-step")
        .unwrap();
    assert!(g["revisions"][0]["diff_url"].is_null());
    assert_eq!(
        g["revisions"][1]["diff_url"],
        "guidelines/added-step/diff-v1-v2.html"
    );
    assert_eq!(
        g["diffs"],
        serde_json::json!([{"from": "1", "to": "2", "url": "guidelines/added-step/diff-v1-v2.html"}])
    );
    let n = m["guidelines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "new-name")
        .unwrap();
    assert_eq!(
        n["comparisons"],
        serde_json::json!([{"from_id": "old-name", "from": "1", "to": "1", "url": "guidelines/new-name/from-old-name.html"}])
    );
    // Every page the manifest names exists.
    for g in m["guidelines"].as_array().unwrap() {
        for d in g["diffs"]
            .as_array()
            .unwrap()
            .iter()
            .chain(g["comparisons"].as_array().unwrap())
        {
            assert!(site.has(d["url"].as_str().unwrap()), "{d}");
        }
    }
}

#[test]
fn many_revisions_build_a_bounded_set_of_pairs() {
    let mut f = Fixture::new();
    for v in 1..=12 {
        f = f.guideline(
            &format!("content/a/long-v{v}.md"),
            &format!("title: Long\ncategory: A\nversion: {v}\ndate: 2025-01-{v:02}"),
            &format!("Step {v}.\n"),
        );
    }
    let site = f.build();
    let m = site.manifest();
    let diffs = m["guidelines"][0]["diffs"].as_array().unwrap();
    // 11 consecutive + 10 more from the first + 9 more to the current.
    assert_eq!(diffs.len(), 11 + 10 + 9);
    assert!(site.has("guidelines/long/diff-v1-v12.html"));
    assert!(site.has("guidelines/long/diff-v5-v12.html"));
    assert!(site.has("guidelines/long/diff-v1-v7.html"));
    assert!(!site.has("guidelines/long/diff-v5-v7.html"));
    let pairs = site
        .page("guidelines/long/index.html")
        .attrs("form[data-compare]", "data-pairs");
    assert!(pairs[0].split(' ').all(|p| {
        let (a, b) = p.split_once('>').unwrap();
        site.has(&format!("guidelines/long/diff-v{a}-v{b}.html"))
    }));
}

#[test]
fn table_alignment_uses_classes_not_inline_style() {
    let (_f, site) = redline();
    let html = site.read("guidelines/table-cell/v1.html");
    assert!(!html.contains("style="), "inline style breaks the CSP");
    assert_eq!(
        site.page("guidelines/table-cell/v1.html")
            .count("td.align-center"),
        2
    );
}

#[test]
fn diffs_are_deterministic() {
    let f = Fixture::copy_of("redline");
    assert_eq!(f.build().snapshot(), f.build().snapshot());
}

#[test]
fn a_changed_word_inside_raw_html_shows_in_the_redline_and_in_search() {
    // A table pasted as HTML from a word processor: readers see its text, so a changed dose
    // must show, not "The text is unchanged".
    let front = |v: u32| {
        format!(
            "title: Doses\nid: doses\nversion: {v}\ncategory: C\ndate: 2024-0{v}-01{}",
            if v > 1 { "\nsupersedes: doses@1" } else { "" }
        )
    };
    let body = |dose: &str| {
        format!("Intro.\n\n<table>\n<tr><td>Paracetamol</td>\n<td>{dose}</td></tr>\n</table>\n")
    };
    let f = Fixture::new()
        .guideline("content/c/doses-v1.md", &front(1), &body("5 mg"))
        .guideline("content/c/doses-v2.md", &front(2), &body("50 mg"));
    let site = f.build();
    assert_eq!(
        marks(&site, "guidelines/doses/diff-v1-v2.html"),
        (strings(&["5"]), strings(&["50"]))
    );
    // The search document's snippet is the text readers see (the index itself is a trie).
    assert!(
        site.read("search-index.json")
            .contains("Intro. Paracetamol 50 mg")
    );
}
