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
        for (attr, value) in attributes(&tag[1 + name.len()..]) {
            assert!(!attr.starts_with("on"), "handler {attr} in {html}");
            assert_ne!(attr, "style", "style attribute in {html}");
            let value = value.trim_start();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                assert!(!value.starts_with(scheme), "{scheme} URL in {html}");
            }
        }
        rest = &rest[tag_end..];
    }
});

/// The attributes of a tag's inside (after its name), as (name, value), honouring quotes.
fn attributes(mut s: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if s.is_empty() {
            return out;
        }
        let name_end = s.find(|c: char| c.is_whitespace() || c == '=' || c == '/').unwrap_or(s.len());
        let (name, rest) = s.split_at(name_end);
        let rest = rest.trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            out.push((name, ""));
            s = rest;
            continue;
        };
        let rest = rest.trim_start();
        let (value, after) = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &rest[1..];
                let end = body.find(q).unwrap_or(body.len());
                (&body[..end], body.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                rest.split_at(end)
            }
        };
        out.push((name, value));
        s = after;
    }
}
