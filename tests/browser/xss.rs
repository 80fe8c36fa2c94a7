//! Hostile guideline text in Chromium: no payload of the hostile archive runs.

use crate::fixtures::hostile_archive;
use crate::node;

#[test]
fn browser_no_payload_fires() {
    let fixture = hostile_archive();
    fixture.build();
    node("xss.mjs", &[&fixture.site_dir()]);
}
