//! Hostile guideline text: a corpus of known HTML and Markdown XSS payloads placed in every
//! field an author controls. No payload may survive as active markup in any output, and
//! (in `browser_no_payload_fires`) none may run in Chromium.

use scraper::{Html, node::Node};

use crate::fixtures::{PAYLOADS, hostile_archive};

#[test]
fn no_payload_survives_as_active_markup_in_any_output() {
    let fixture = hostile_archive();
    let site = fixture.build();
    let mut pages = 0;
    for (path, bytes) in site.snapshot() {
        let text = String::from_utf8_lossy(&bytes);
        if path.ends_with(".html") {
            assert_inert_html(&path, &text);
            pages += 1;
        } else if path.ends_with(".xml") {
            assert_inert_feed(&path, &text);
        }
    }
    assert!(pages > PAYLOADS.len() * 2, "only {pages} pages built");
    // Template syntax in content is content, never evaluated.
    let page = site.page("guidelines/p23/index.html");
    assert!(page.text("h1").contains("{{ 7*7 }}"), "{}", page.text("h1"));
}

#[test]
fn payload_text_stays_readable() {
    let fixture = hostile_archive();
    let site = fixture.build();
    // Escaped, not dropped: the reader still sees what the author typed in the title.
    let page = site.page("guidelines/p0/index.html");
    assert!(
        page.text("h1").contains("<script>alert('xss-1')</script>"),
        "{}",
        page.text("h1")
    );
    let manifest = site.manifest();
    let g = manifest["guidelines"]
        .as_array()
        .expect("guidelines")
        .iter()
        .find(|g| g["id"] == "p1")
        .expect("p1");
    assert_eq!(
        g["title"],
        "Payload 1 v2 <img src=x onerror=alert('xss-2')>"
    );
}

/// URL-carrying attributes, where a script scheme would run on click or load.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "srcset",
    "xlink:href",
    "cite",
];

/// Fails unless the page has no script but the theme's own files, no event handler, no
/// style attribute, no frame/object/base/refresh/form, and no script URL in any attribute.
pub fn assert_inert_html(path: &str, html: &str) {
    let doc = Html::parse_document(html);
    for node in doc.tree.nodes() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        let name = e.name();
        let ctx = || format!("{path}: <{name}> {:?}", e.attrs().collect::<Vec<_>>());
        match name {
            "script" => {
                let src = e
                    .attr("src")
                    .unwrap_or_else(|| panic!("inline script: {}", ctx()));
                assert!(
                    !src.contains(':') && src.contains("assets/"),
                    "script from outside the theme: {}",
                    ctx()
                );
                assert!(
                    node.children().next().is_none(),
                    "script with inline text: {}",
                    ctx()
                );
            }
            "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "base" => {
                panic!("active element: {}", ctx())
            }
            "meta" => assert!(
                e.attr("http-equiv")
                    .is_none_or(|v| v.eq_ignore_ascii_case("Content-Security-Policy")),
                "meta http-equiv: {}",
                ctx()
            ),
            "style" => panic!("style element: {}", ctx()),
            _ => {}
        }
        for (attr, value) in e.attrs() {
            let attr = attr.to_ascii_lowercase();
            assert!(!attr.starts_with("on"), "event handler: {}", ctx());
            assert_ne!(attr, "style", "style attribute: {}", ctx());
            if URL_ATTRS.contains(&attr.as_str()) {
                let squashed: String = value
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                for scheme in ["javascript:", "vbscript:", "data:", "file:"] {
                    assert!(!squashed.starts_with(scheme), "{scheme} URL: {}", ctx());
                }
            }
        }
    }
}

/// A feed's HTML content is rendered by feed readers: it must be as inert as a page.
pub fn assert_inert_feed(path: &str, xml: &str) {
    let feed = atom_syndication::Feed::read_from(xml.as_bytes())
        .unwrap_or_else(|e| panic!("{path}: not valid Atom: {e}"));
    for entry in feed.entries() {
        // Only HTML content is rendered as markup; text is shown as it is.
        if let Some(c) = entry.content()
            && c.content_type().is_some_and(|t| t.contains("html"))
        {
            assert_inert_html(path, c.value().unwrap_or(""));
        }
        for text in [Some(entry.title()), entry.summary()].into_iter().flatten() {
            if text.r#type != atom_syndication::TextType::Text {
                assert_inert_html(path, &text.value);
            }
        }
        for link in entry.links() {
            let href = link.href().trim().to_ascii_lowercase();
            assert!(!href.starts_with("javascript:"), "{path}: {href}");
        }
    }
}
