//! Any Markdown body: rendering never panics and nothing active survives sanitizing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redthread::markdown::{self, LinkTargets, Origin};

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let targets = LinkTargets::default();
    let origin = Origin { path: "content/c/x-v1.md", file_text: body, body_offset: 0 };
    let mut out = Vec::new();
    let r = markdown::render(body, &origin, &targets, &mut out);
    let html = r.html.to_ascii_lowercase();
    // Text escapes `<`, so every `<` in the output opens a real tag: only tags can be active
    // (text may well say "javascript:" or `style="..."`).
    let mut rest = html.as_str();
    while let Some(i) = rest.find('<') {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |j| i + j);
        let tag = &rest[i..tag_end];
        let name: String = tag[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        assert!(
            !["script", "iframe", "object", "embed", "base", "style", "meta", "form"].contains(&name.as_str()),
            "<{name}> in {html}"
        );
        for (k, _) in tag.match_indices('=') {
            let before = tag[..k].trim_end();
            let attr: String = before.chars().rev().take_while(|c| !c.is_whitespace()).collect::<String>().chars().rev().collect();
            assert!(!attr.starts_with("on"), "handler {attr} in {html}");
            assert_ne!(attr, "style", "style attribute in {html}");
            let value = tag[k + 1..].trim_start().trim_start_matches(['"', '\'']).trim_start();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                assert!(!value.starts_with(scheme), "{scheme} URL in {html}");
            }
        }
        rest = &rest[tag_end..];
    }
});
