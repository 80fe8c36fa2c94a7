//! Any two bodies (split at the first NUL): the block redline never panics and its HTML
//! balances its marks, and the word diff reads back as each revision: its unchanged and
//! deleted segments give the old text, its unchanged and inserted ones the new text (up
//! to whitespace, which changes merge across).
#![no_main]

use libfuzzer_sys::fuzz_target;
use redthread::diff::{self, Mark};
use redthread::{blocks, render::redline};

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn side(segs: &[diff::Seg], skip: Mark) -> String {
    segs.iter().filter(|s| s.mark != skip).map(|s| s.text.as_str()).collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (old, new) = text.split_once('\0').unwrap_or((text, ""));
    let (old_blocks, new_blocks) = (blocks::blocks(old), blocks::blocks(new));
    let r = diff::redline(&old_blocks, &new_blocks);
    let html = redline::to_html(&r);
    assert_eq!(html.matches("<ins>").count(), html.matches("</ins>").count());
    assert_eq!(html.matches("<del>").count(), html.matches("</del>").count());
    let segs = diff::text(old, new);
    assert_eq!(squash(&side(&segs, Mark::Ins)), squash(old), "old side of {segs:?}");
    assert_eq!(squash(&side(&segs, Mark::Del)), squash(new), "new side of {segs:?}");
});
