//! Any two bodies (split at the first NUL): the block redline never panics, and the word
//! redline reads back as each revision: dropping `<ins>` gives the old text and dropping
//! `<del>` gives the new one (up to whitespace, which changes merge across).
#![no_main]

use libfuzzer_sys::fuzz_target;
use redthread::{blocks, diff};

/// The redline with one kind of change removed and the other's tags unwrapped.
fn side(html: &str, drop: &str, keep: &str) -> String {
    let cue = |kind: &str| {
        let word = if kind == "ins" { "inserted" } else { "deleted" };
        format!("<span class=\"vh\">{word}: </span>")
    };
    let mut s = html.replace(&cue(keep), "");
    let (open, close) = (format!("{}<{drop}>", cue(drop)), format!("</{drop}>"));
    while let Some(i) = s.find(&open) {
        let end = s[i..].find(&close).map(|j| i + j + close.len()).expect("closed");
        s.replace_range(i..end, "");
    }
    s.replace(&format!("<{keep}>"), "").replace(&format!("</{keep}>"), "")
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (old, new) = text.split_once('\0').unwrap_or((text, ""));
    let (old_blocks, new_blocks) = (blocks::blocks(old), blocks::blocks(new));
    let redline = diff::redline(&old_blocks, &new_blocks);
    let html = redline.to_html();
    assert_eq!(html.matches("<ins>").count(), html.matches("</ins>").count());
    assert_eq!(html.matches("<del>").count(), html.matches("</del>").count());
    let words = diff::words(old, new);
    assert_eq!(squash(&side(&words, "ins", "del")), squash(&diff::escape(old)), "old side of {words}");
    assert_eq!(squash(&side(&words, "del", "ins")), squash(&diff::escape(new)), "new side of {words}");
});
