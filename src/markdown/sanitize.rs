//! Raw HTML in a body made safe: the allow-list, anchor ids that may stay, and the text and
//! images a sanitized fragment still holds.

use std::cell::RefCell;
use std::sync::LazyLock;

/// Sanitizer for bodies that contain raw HTML. Keeps the structure Markdown itself makes
/// (ids, classes, task-list boxes) and drops scripts, handlers, styles and unsafe URLs.
pub(super) static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id", "class", "role", "title", "lang", "dir"])
        .add_tags([
            "input",
            "ins",
            "del",
            "details",
            "summary",
            "figure",
            "figcaption",
            "mark",
            "section",
        ])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("a", ["name"])
        .add_tag_attributes("td", ["align"])
        .add_tag_attributes("th", ["align"])
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(|element, attribute, value| {
            // A remote image is a request off-site: never let one through.
            if attribute == "src" && (value.contains("://") || value.starts_with("//")) {
                return None;
            }
            if element == "input" && attribute == "type" && value != "checkbox" {
                return None;
            }
            if attribute == "id" || attribute == "name" {
                // An image's id or name becomes a property of `document` (DOM clobbering).
                if element == "img" {
                    return None;
                }
                let id = safe_anchor(value)?;
                KEPT_ANCHORS.with(|k| {
                    if let Some(k) = k.borrow_mut().as_mut() {
                        k.push(id.to_owned());
                    }
                });
                return Some(id.into());
            }
            Some(value.into())
        });
    b
});

thread_local! {
    /// While a body is sanitized on this thread: the anchor ids the sanitizer kept.
    pub(super) static KEPT_ANCHORS: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Ids the site's own pages use: a body's heading or anchor never takes them.
pub const PAGE_IDS: &[&str] = &["main", "history"];
/// Prefixes of the site's own ids on the pages bodies are shown on (search box, contents).
pub(super) const PAGE_ID_PREFIXES: &[&str] = &["search-", "toc-"];
/// Names that, as an element's id, would shadow something scripts use on `window` (which
/// looks up ids after its own properties but before these).
pub(super) const DOM_NAMES: &[&str] = &[
    "addeventlistener",
    "removeeventlistener",
    "dispatchevent",
    "tostring",
    "valueof",
    "hasownproperty",
    "isprototypeof",
    "propertyisenumerable",
    "tolocalestring",
    "constructor",
    "elasticlunr",
    "lunr",
];

/// Whether a body may use `id` as an anchor: not one of the site's own ids.
pub fn is_page_id(id: &str) -> bool {
    let lower = id.to_lowercase();
    PAGE_IDS.contains(&lower.as_str()) || PAGE_ID_PREFIXES.iter().any(|p| lower.starts_with(p))
}

/// An id or `<a name>` from a body's raw HTML, if it is safe to keep as an anchor: letters,
/// digits, `-`, `_` and `.`, starting with a letter or digit (so never `__proto__`), none
/// of the site's own ids, and no name scripts rely on (no DOM clobbering).
pub fn safe_anchor(value: &str) -> Option<&str> {
    let id = value.trim();
    let first = id.chars().next()?;
    let ok = id.chars().count() <= 100
        && first.is_alphanumeric()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !is_page_id(id);
    let lower = id.to_lowercase();
    let clobbers = DOM_NAMES.contains(&lower.as_str()) || lower.starts_with("redthread");
    (ok && !clobbers).then_some(id)
}

/// `src` values of the `<img>` tags in a piece of raw HTML: (start, end) of the whole
/// value as written (quotes included) and the value itself.
pub(super) fn raw_images(html: &str) -> Vec<(usize, usize, String)> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<img") {
        let tag_start = from + i + 4;
        let tag_end = lower[tag_start..]
            .find('>')
            .map_or(html.len(), |j| tag_start + j);
        let mut at = tag_start;
        while let Some(j) = lower[at..tag_end].find("src") {
            let name_start = at + j;
            let before_ok = lower[..name_start]
                .chars()
                .last()
                .is_some_and(char::is_whitespace);
            let mut k = name_start + 3;
            let rest = &lower[k..tag_end];
            let ws = rest.len() - rest.trim_start().len();
            k += ws;
            if !before_ok || !lower[k..tag_end].starts_with('=') {
                at = name_start + 3;
                continue;
            }
            k += 1;
            let rest = &html[k..tag_end];
            k += rest.len() - rest.trim_start().len();
            let q = html[k..].chars().next().unwrap_or(' ');
            let (vs, ve, value) = if q == '"' || q == '\'' {
                let end = html[k + 1..tag_end].find(q).map_or(tag_end, |e| k + 1 + e);
                (k, (end + 1).min(tag_end), &html[k + 1..end])
            } else {
                let end = html[k..tag_end]
                    .find(|c: char| c.is_whitespace() || c == '/')
                    .map_or(tag_end, |e| k + e);
                (k, end, &html[k..end])
            };
            found.push((vs, ve, decode_entities(value)));
            break;
        }
        from = tag_end.min(html.len());
        if from >= html.len() {
            break;
        }
    }
    found
}

pub(super) fn decode_entities(v: &str) -> String {
    v.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// An attribute value, double-quoted and escaped.
pub(super) fn html_attr(v: &str) -> String {
    format!(
        "\"{}\"",
        v.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    )
}

/// Appends the text of an HTML fragment with its tags replaced by spaces. `in_tag` carries
/// an unfinished tag over to the next fragment.
pub fn html_text(html: &str, in_tag: &mut bool, out: &mut String) {
    for ch in html.chars() {
        match (ch, *in_tag) {
            ('<', false) => *in_tag = true,
            ('>', true) => {
                *in_tag = false;
                out.push(' ');
            }
            (_, true) => {}
            (c, false) => out.push(c),
        }
    }
}
