//! Scheduled revisions (issue 15) in Chromium and in elasticlunr.js: the notice switches
//! once the reader's date passes; search leaves them out by default.

use crate::harness::{Fixture, repo_root};
use crate::node;

/// The day the scheduled fixture is built on (its revisions take effect later).
const TODAY: &str = "2026-12-02";

/// In Chromium with the page clock set past the effective date, the notice switches
/// without a rebuild. Screenshots go to target/browser-shots/ for a person to look at.
#[test]
fn in_chromium_the_notice_switches_once_the_readers_date_passes() {
    let f = Fixture::copy_of("scheduled");
    let site = f.build_on(TODAY);
    let shots = repo_root().join("target/browser-shots");
    std::fs::create_dir_all(&shots).expect("screenshot folder");
    node("scheduled.mjs", &[&site.root, &shots]);
}

/// Search in the real elasticlunr.js with the site's own engine, one index file and split.
#[test]
fn search_leaves_scheduled_revisions_out_of_the_default_results() {
    let f = Fixture::copy_of("scheduled");
    let site = f.build_on(TODAY);
    let split = Fixture::copy_of("scheduled");
    split.write(
        "book.toml",
        "[book]\ntitle = \"Secretaries' guidelines\"\nlanguage = \"en\"\n[search]\nsplit = \"always\"\n",
    );
    let split_site = split.build_on(TODAY);
    // One letter per document: close-course, end-outpatient-course, receive-referral 1 and 2.
    let entry: serde_json::Value =
        serde_json::from_str(&split_site.read("search-index.json")).expect("JSON");
    assert_eq!(entry["status"], "cfcf");
    node("search-scheduled.mjs", &[&site.root, &split_site.root]);
}
