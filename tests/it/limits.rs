//! The limits at sizes CI can afford: each extreme archive builds, and output grows about
//! linearly with input. `examples/limits.rs` runs the same archives at full size.

#[path = "../support/limits.rs"]
mod support;

use support::Case;

use crate::harness::{Fixture, Site};

fn built(case: Case, n: usize) -> (Fixture, Site) {
    let f = Fixture::new();
    case.write(f.path(), n).expect("write archive");
    let site = f.build();
    (f, site)
}

fn site_bytes(site: &Site) -> usize {
    site.snapshot().values().map(Vec::len).sum()
}

#[test]
fn a_five_megabyte_guideline_builds() {
    let (_f, site) = built(Case::HugeFile, 5_000_000);
    let page = site.read("guidelines/huge/index.html");
    assert!(page.len() > 5_000_000, "page is only {} bytes", page.len());
    assert!(page.contains("Paragraph 20000 explains"));
}

#[test]
fn thousands_of_tiny_files_build() {
    let (_f, site) = built(Case::ManyFiles, 3_000);
    assert!(site.has("guidelines/g0/index.html"));
    assert!(site.has("guidelines/g2999/index.html"));
    assert_eq!(
        site.manifest()["guidelines"].as_array().map(Vec::len),
        Some(3_000)
    );
}

#[test]
fn deep_folders_build_and_keep_their_attachments() {
    let (_f, site) = built(Case::DeepFolders, 300);
    let rel = format!("files/{}note.txt", "d/".repeat(300));
    assert!(site.has(&rel), "{rel} missing");
    let page = site.page("guidelines/deep/index.html");
    let href = page.attrs("main a[href$='note.txt']", "href");
    assert_eq!(href.len(), 1, "{href:?}");
    assert_eq!(page.resolve(&href[0]), rel);
}

#[test]
fn a_two_megabyte_line_and_a_long_title_build() {
    let (_f, site) = built(Case::LongLines, 2_000_000);
    let page = site.page("guidelines/long/index.html");
    assert!(page.text("h1").starts_with("Long title Long title"));
    assert!(site.read("guidelines/long/index.html").len() > 2_000_000);
}

#[test]
fn many_revisions_grow_the_site_linearly() {
    // Pages that listed every revision on every revision page would grow with the square.
    let (_f, small) = built(Case::ManyRevisions, 100);
    let (_g, large) = built(Case::ManyRevisions, 400);
    let (a, b) = (site_bytes(&small), site_bytes(&large));
    assert!(large.has("guidelines/many/v400.html"));
    assert!(large.has("guidelines/many/v1.html"));
    assert!(
        b < a * 6,
        "4x the revisions gave {:.1}x the bytes ({a} -> {b})",
        b as f64 / a as f64
    );
}

#[test]
fn a_category_of_a_thousand_guidelines_builds() {
    let (_f, site) = built(Case::BigCategory, 1_000);
    let page = site.page("categories/big.html");
    assert!(page.count("a[href*='guidelines/g999/']") >= 1);
    assert!(page.count("a[href*='guidelines/g0/']") >= 1);
}
