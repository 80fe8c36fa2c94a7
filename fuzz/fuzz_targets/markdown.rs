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
    assert!(!html.contains("<script"), "script tag in {html}");
    // Text may say "javascript:"; an attribute value (link or image target) may not.
    for (i, _) in html.match_indices("=\"") {
        let value = html[i + 2..].trim_start();
        for scheme in ["javascript:", "vbscript:", "data:text"] {
            assert!(!value.starts_with(scheme), "{scheme} URL in {html}");
        }
    }
    assert!(!html.contains("<iframe") && !html.contains("<object") && !html.contains("<embed"), "{html}");
    // Event handlers: ` on<letters>=` inside a tag.
    for (i, _) in html.match_indices(" on") {
        let rest = &html[i + 3..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let in_tag = html[..i].rfind('<') > html[..i].rfind('>');
        assert!(!(in_tag && !name.is_empty() && rest[name.len()..].starts_with('=')), "handler in {html}");
    }
});
