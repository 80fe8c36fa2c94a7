//! Pages around the redline in Chromium (issue 14): the what's-new category filter from
//! file://, the folded table of contents, kept anchors, wide tables (tests/browser/pages.mjs).

use crate::fixtures::busy;
use crate::harness::Fixture;
use crate::node;

#[test]
fn whats_new_filter_folded_contents_anchors_and_wide_tables_work_in_chromium() {
    let (_busy, busy_site) = busy();
    let f = Fixture::copy_of("pages");
    let site = f.build();
    node("pages.mjs", &[&busy_site.root, &site.root]);
}
