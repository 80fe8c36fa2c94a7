//! Markdown body -> sanitized HTML, plain text for search, and a table of contents.
//!
//! Links are resolved here (to other revisions, guidelines by id, attached files) because
//! only this pass knows where in the file each link is. Every body is rendered for pages in
//! `guidelines/<id>/`, so the same HTML serves the stable page, the revision page and diffs.

mod images;
mod links;
mod sanitize;
mod toc;
mod walk;

use std::collections::BTreeMap;

use pulldown_cmark::{Options, Parser};
use serde::Serialize;

use crate::diagnostics::Diagnostic;

pub(crate) use images::{REMOTE_IMAGE, is_data_address, is_remote};
pub(crate) use links::{Broken, FragmentLink, LinkTargets, LinkTo, normalize};
use sanitize::{KEPT_ANCHORS, SANITIZER};
pub(crate) use sanitize::{PAGE_IDS, html_text};
pub(crate) use toc::{Toc, toc};
use walk::Walk;

/// A heading, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The anchor id (unique within the page).
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default, Hash)]
pub struct Rendered {
    /// Sanitized HTML.
    pub html: String,
    /// Plain text without markup, for search and snippets.
    pub text: String,
    /// Headings in order.
    pub toc: Vec<Heading>,
    /// Every id a `#fragment` can land on in the body: headings, footnotes and the anchors
    /// of raw HTML that the sanitizer kept (`<a name>`, `id`), sorted.
    pub anchors: Vec<String>,
    /// Links with a `#fragment` to this page, another revision or a guideline by id, for
    /// [`crate::fragments`] to check once every body is rendered.
    pub fragment_links: Vec<FragmentLink>,
    /// Each Markdown image the page shows: its address as written -> the address the page
    /// uses, so a redline shows the same picture by the same relative path.
    pub images: BTreeMap<String, String>,
}

/// Where a body comes from, for link resolution and diagnostics.
pub struct Origin<'a> {
    /// Source path relative to the archive root.
    pub path: &'a str,
    /// Full text of the source file, for snippets.
    pub file_text: &'a str,
    /// Byte offset of the body within the file.
    pub body_offset: usize,
}

/// The Markdown extensions every body is read with (pages and diffs alike).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders one body. Link problems go to `out` with file positions.
pub fn render(
    body: &str,
    origin: &Origin<'_>,
    targets: &LinkTargets,
    out: &mut Vec<Diagnostic>,
) -> Rendered {
    let mut walk = Walk::new(origin, targets, out);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        walk.event(event, range);
    }
    let Walk {
        events,
        mut text,
        toc,
        images,
        mut anchors,
        fragment_links,
        raw_html,
        ..
    } = walk;

    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // pulldown-cmark aligns table cells with `style=`, which the pages' CSP forbids.
    // Markdown-made attributes only: a body's own text is escaped (`&quot;`) by now.
    if html.contains(" style=\"text-align: ") {
        for (from, to) in [
            (" style=\"text-align: left\"", " class=\"align-left\""),
            (" style=\"text-align: center\"", " class=\"align-center\""),
            (" style=\"text-align: right\"", " class=\"align-right\""),
        ] {
            html = html.replace(from, to);
        }
    }
    if raw_html {
        KEPT_ANCHORS.with(|k| *k.borrow_mut() = Some(Vec::new()));
        html = SANITIZER.clean(&html).to_string();
        anchors.extend(
            KEPT_ANCHORS
                .with(|k| k.borrow_mut().take())
                .unwrap_or_default(),
        );
    }
    anchors.sort();
    anchors.dedup();
    // Bodies are kept for the whole build: no slack from the growing buffers.
    html.shrink_to_fit();
    text.shrink_to_fit();
    Rendered {
        html,
        text,
        toc,
        anchors,
        fragment_links,
        images,
    }
}

/// A heading anchor that keeps letters of any script (`Åbn forløb` -> `åbn-forløb`).
pub fn anchor(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            id.push(c);
        } else if (c.is_whitespace() || c == '-') && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-');
    if id.is_empty() {
        "section".to_owned()
    } else {
        id.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize::safe_anchor;
    use super::*;

    fn render_str(body: &str) -> (Rendered, Vec<Diagnostic>) {
        let mut targets = LinkTargets::default();
        targets.sources.insert(
            "content/a/other-v1.md".into(),
            "guidelines/other/v1.html".into(),
        );
        targets
            .ids
            .insert("other".into(), "guidelines/other/index.html".into());
        targets.attachments.insert("a/form.pdf".into());
        let origin = Origin {
            path: "content/a/x.md",
            file_text: body,
            body_offset: 0,
        };
        let mut out = Vec::new();
        (render(body, &origin, &targets, &mut out), out)
    }

    #[test]
    fn headings_get_unique_unicode_ids() {
        let (r, _) = render_str("## Åbn forløb\n\n## Åbn forløb\n\n## Steps {#my-steps}\n");
        assert!(r.html.contains("<h2 id=\"åbn-forløb\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"åbn-forløb-1\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"my-steps\">"), "{}", r.html);
        assert_eq!(r.toc.len(), 3);
    }

    #[test]
    fn links_resolve_and_unknown_ones_fail() {
        let (r, errs) = render_str(
            "[a](other-v1.md#s) [b](guideline:other) [c](form.pdf) [d](missing.md) [e](guideline:nope)\n",
        );
        assert!(
            r.html.contains("href=\"../../guidelines/other/v1.html#s\""),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("href=\"../../guidelines/other/index.html\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"../../files/a/form.pdf\""),
            "{}",
            r.html
        );
        assert_eq!(errs.iter().filter(|d| d.is_error()).count(), 2, "{errs:?}");
        assert!(errs.iter().all(|d| d.line == 1));
    }

    #[test]
    fn raw_html_and_unsafe_links_are_neutralized() {
        let (r, _) = render_str(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href=\"javascript:alert(2)\">y</a>\n\n![i](https://tracker.example/p.png)\n",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onerror"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(!r.html.contains("<img src=\"https://"), "{}", r.html);
    }

    #[test]
    fn alerts_and_footnotes_get_own_markup() {
        let (r, _) = render_str("> [!WARNING]\n> Careful.\n\nText[^1].\n\n[^1]: Note.\n");
        assert!(r.html.contains("<div class=\"alert alert-warning\" role=\"note\"><p class=\"alert-title\">Warning</p>"), "{}", r.html);
        assert!(r.html.contains("href=\"#fn-1\""), "{}", r.html);
        assert!(r.html.contains("id=\"fn-1\""), "{}", r.html);
    }

    fn h(level: u8, text: &str) -> Heading {
        Heading {
            level,
            id: anchor(text),
            text: text.into(),
        }
    }

    #[test]
    fn toc_numbers_nested_headings_under_their_section() {
        let toc = toc(&[
            h(2, "A"),
            h(3, "A one"),
            h(3, "A two"),
            h(4, "Too deep"),
            h(2, "B"),
            h(3, "B one"),
        ])
        .expect("enough headings");
        let numbers: Vec<(&str, Vec<&str>)> = toc
            .entries
            .iter()
            .map(|e| {
                (
                    e.number.as_str(),
                    e.children.iter().map(|c| c.number.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(numbers, [("1", vec!["1.1", "1.2"]), ("2", vec!["2.1"])]);
        assert_eq!((toc.count, toc.numbered, toc.folded), (5, true, false));
        // A subsection before any section is a section of its own; a lone `#` is the title.
        let toc = super::toc(&[h(1, "Title"), h(3, "Intro"), h(2, "One"), h(2, "Two")]).unwrap();
        let top: Vec<&str> = toc.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(top, ["Intro", "One", "Two"]);
        assert!(super::toc(&[h(2, "A"), h(2, "B")]).is_none());
        let own = super::toc(&[h(2, "1. A"), h(2, "2. B"), h(2, "3. C")]).unwrap();
        assert!(!own.numbered);
    }

    #[test]
    fn only_safe_anchors_are_kept() {
        for ok in ["with-a-subpoena", "section_4.3", "åbn-forløb", "fn-1"] {
            assert_eq!(safe_anchor(ok), Some(ok), "{ok}");
        }
        for bad in [
            "",
            "__proto__",
            "-x",
            "toString",
            "constructor",
            "main",
            "history",
            "search-input",
            "a b",
            "x\"y",
            "redthreadWords",
        ] {
            assert_eq!(safe_anchor(bad), None, "{bad}");
        }
        let (r, _) = render_str(
            "<a name=\"kept\"></a><img id=\"cookie\" name=\"forms\" src=\"a.png\"><span id=\"toString\">x</span>\n\n## Main\n\n[^1]\n\n[^1]: Note.\n",
        );
        assert!(r.html.contains("<a name=\"kept\""), "{}", r.html);
        assert!(
            !r.html.contains("cookie") && !r.html.contains("forms"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("toString"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"h-main\">"), "{}", r.html);
        assert_eq!(r.anchors, ["fn-1", "h-main", "kept"]);
    }

    #[test]
    fn fragment_links_are_recorded_with_their_target() {
        let (r, _) = render_str(
            "[a](#x) [b](other-v1.md#y%20z) [c](guideline:other#s) [d](form.pdf#p) [e](https://x.org/#q) [f](guideline:other)\n",
        );
        let got: Vec<(LinkTo, &str, usize)> = r
            .fragment_links
            .iter()
            .map(|l| (l.to.clone(), l.fragment.as_str(), l.col))
            .collect();
        assert_eq!(
            got,
            [
                (LinkTo::SamePage, "x", 1),
                (LinkTo::Source("content/a/other-v1.md".into()), "y z", 9),
                (LinkTo::Guideline("other".into()), "s", 32),
            ]
        );
    }
}
