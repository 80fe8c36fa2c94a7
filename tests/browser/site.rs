//! The sample archive in Chromium: links, search, redlines, print, accessibility, the
//! reader's pages in Danish, the home page on a phone.

use crate::harness::{Fixture, repo_root, sample_site};
use crate::node;

#[test]
fn sample_site_walks_and_has_no_broken_link_from_file_and_sub_path() {
    node("site.mjs", &[sample_site()]);
}

#[test]
fn search_box_and_page_work_from_sub_path_and_file() {
    let da = Fixture::copy_of("search-da");
    let en = Fixture::copy_of("search-en");
    let (da_site, en_site) = (da.build(), en.build());
    node("search.mjs", &[sample_site(), &da_site.root, &en_site.root]);
}

#[test]
fn redlines_compare_form_and_print_work_from_file_and_sub_path() {
    node("diff.mjs", &[sample_site()]);
}

#[test]
fn every_page_type_passes_axe_light_dark_and_at_360_px() {
    node("a11y.mjs", &[sample_site()]);
}

#[test]
fn changed_since_print_in_force_review_and_danish_in_a_real_browser() {
    let work = tempfile::tempdir().expect("temp dir");
    let bin = assert_cmd::cargo::cargo_bin("redthread");
    let da = repo_root().join("tests/fixtures/reader-da");
    node("reader.mjs", &[&bin, work.path(), &da]);
}

/// Issue 15: the home page is for readers first, also on a phone with guidelines due for
/// review (the reader-da fixture has one). Screenshot in target/browser-shots/home-390.png.
#[test]
fn the_home_page_shows_guidelines_before_the_review_box_at_390_px() {
    let f = Fixture::copy_of("reader-da");
    let site = f.build();
    let shots = repo_root().join("target/browser-shots");
    std::fs::create_dir_all(&shots).expect("screenshot folder");
    node("home-narrow.mjs", &[&site.root, &shots]);
}
