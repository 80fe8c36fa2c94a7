//! Markdown body -> sanitized HTML, plain text for search, and a table of contents.
//!
//! Links are resolved here (to other revisions, guidelines by id, attached files) because
//! only this pass knows where in the file each link is. Every body is rendered for pages in
//! `guidelines/<id>/`, so the same HTML serves the stable page, the revision page and diffs.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::urls;

/// What a body's links may point to, built once per archive.
#[derive(Debug, Default)]
pub struct LinkTargets {
    /// Source path (`content/a/b-v2.md`) -> the revision's page, relative to the site root.
    pub sources: BTreeMap<String, String>,
    /// Source paths of drafts left out of this build.
    pub left_out: BTreeSet<String>,
    /// Guideline id -> the page a `guideline:` link lands on, relative to the site root.
    pub ids: BTreeMap<String, String>,
    /// Files under `content/` that are not guidelines, relative to `content/`.
    pub attachments: BTreeSet<String>,
    /// Files under `static/`, relative to it.
    pub statics: BTreeSet<String>,
    /// Revision files that failed to parse (already reported).
    pub broken: Broken,
}

/// Revision files that failed to parse: links to them are not reported a second time.
#[derive(Debug, Default)]
pub struct Broken {
    /// Their source paths.
    pub sources: BTreeSet<String>,
    /// The ids their file names suggest.
    pub ids: BTreeSet<String>,
}

/// A heading, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The anchor id (unique within the page).
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Sanitized HTML.
    pub html: String,
    /// Plain text without markup, for search and snippets.
    pub text: String,
    /// Headings in order.
    pub toc: Vec<Heading>,
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

/// Sanitizer for bodies that contain raw HTML. Keeps the structure Markdown itself makes
/// (ids, classes, task-list boxes) and drops scripts, handlers, styles and unsafe URLs.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
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
            Some(value.into())
        });
    b
});

/// Renders one body. Link problems go to `out` with file positions.
pub fn render(
    body: &str,
    origin: &Origin<'_>,
    targets: &LinkTargets,
    out: &mut Vec<Diagnostic>,
) -> Rendered {
    let parser = Parser::new_ext(body, options()).into_offset_iter();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut text = String::new();
    let mut toc = Vec::new();
    let mut used_ids = BTreeSet::new();
    let mut raw_html = false;
    let mut in_tag = false;
    let mut heading: Option<(usize, HeadingLevel, Option<String>, String)> = None;
    // For each open link or image: how its closing tag is written.
    let mut open: Vec<Close> = Vec::new();
    let mut alerts: Vec<bool> = Vec::new();

    let problem = |offset: usize, severity_error: bool, message: String| {
        let abs = origin.body_offset + offset;
        let before = &origin.file_text[..abs.min(origin.file_text.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let snippet = origin.file_text.lines().nth(line - 1);
        let d = if severity_error {
            Diagnostic::error(origin.path, line, col, message)
        } else {
            Diagnostic::warning(origin.path, line, col, message)
        };
        d.with_snippet(snippet)
    };

    for (event, range) in parser {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    events.len(),
                    level,
                    id.map(|i| i.to_string()),
                    String::new(),
                ));
                events.push(Event::Text(CowStr::Borrowed("")));
                continue;
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((at, _, given, heading_text)) = heading.take() {
                    let base = given.map_or_else(|| anchor(&heading_text), |g| anchor(&g));
                    let id = unique(&base, &mut used_ids);
                    events[at] = Event::Start(Tag::Heading {
                        level,
                        id: Some(CowStr::from(id.clone())),
                        classes: Vec::new(),
                        attrs: Vec::new(),
                    });
                    toc.push(Heading {
                        level: level as u8,
                        id,
                        text: heading_text.trim().to_owned(),
                    });
                }
                events.push(Event::End(TagEnd::Heading(level)));
                text.push('\n');
                continue;
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some((_, _, _, h)) = heading.as_mut() {
                    h.push_str(t);
                }
                text.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Html(ref t) | Event::InlineHtml(ref t) => {
                raw_html = true;
                // Readers see raw HTML's text, so search finds it too.
                html_text(t, &mut in_tag, &mut text);
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) => text.push('\n'),
            Event::FootnoteReference(label) => {
                events.push(Event::FootnoteReference(CowStr::from(format!(
                    "fn-{label}"
                ))));
                continue;
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                events.push(Event::Start(Tag::FootnoteDefinition(CowStr::from(
                    format!("fn-{label}"),
                ))));
                continue;
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                alerts.push(kind.is_some());
                if let Some(kind) = kind {
                    let (class, title) = alert_words(kind);
                    events.push(Event::Html(CowStr::from(format!(
                        "<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{title}</p>\n"
                    ))));
                    continue;
                }
            }
            Event::End(TagEnd::BlockQuote(_)) if alerts.pop() == Some(true) => {
                events.push(Event::Html(CowStr::Borrowed("</div>\n")));
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let resolved = resolve(&dest_url, link_type, origin.path, targets);
                match resolved {
                    Resolved::Href(href) => {
                        open.push(Close::Keep);
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: href.into(),
                            title,
                            id,
                        }));
                    }
                    Resolved::Problem {
                        href,
                        error,
                        message,
                    } => {
                        out.push(problem(range.start, error, message));
                        open.push(if href.is_some() {
                            Close::Keep
                        } else {
                            Close::Drop
                        });
                        if let Some(href) = href {
                            events.push(Event::Start(Tag::Link {
                                link_type,
                                dest_url: href.into(),
                                title,
                                id,
                            }));
                        }
                    }
                }
                continue;
            }
            Event::End(TagEnd::Link) => {
                if open.pop() != Some(Close::Drop) {
                    events.push(Event::End(TagEnd::Link));
                }
                continue;
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if dest_url.contains("://") || dest_url.starts_with("//") {
                    out.push(problem(
                        range.start,
                        false,
                        format!("image `{dest_url}` is on another site; it is shown as a link so the page makes no request off-site"),
                    ));
                    open.push(Close::AsLink);
                    let safe =
                        if dest_url.starts_with("https://") || dest_url.starts_with("http://") {
                            dest_url.to_string()
                        } else {
                            "#".into()
                        };
                    events.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: safe.into(),
                        title,
                        id,
                    }));
                    events.push(Event::Text(CowStr::Borrowed("[image] ")));
                    continue;
                }
                let resolved = resolve(&dest_url, link_type, origin.path, targets);
                let href = match resolved {
                    Resolved::Href(h) => Some(h),
                    Resolved::Problem {
                        href,
                        error,
                        message,
                    } => {
                        // Say "image", so an author knows which of the line's targets is meant.
                        let message = match message.strip_prefix("link to ") {
                            Some(rest) => format!("image {rest}"),
                            None => message,
                        };
                        out.push(problem(range.start, error, message));
                        href
                    }
                };
                open.push(if href.is_some() {
                    Close::Keep
                } else {
                    Close::Drop
                });
                if let Some(href) = href {
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: href.into(),
                        title,
                        id,
                    }));
                }
                continue;
            }
            Event::End(TagEnd::Image) => {
                match open.pop() {
                    Some(Close::Drop) => {}
                    Some(Close::AsLink) => events.push(Event::End(TagEnd::Link)),
                    _ => events.push(Event::End(TagEnd::Image)),
                }
                continue;
            }
            _ => {}
        }
        events.push(event);
    }

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
        html = SANITIZER.clean(&html).to_string();
    }
    // Bodies are kept for the whole build: no slack from the growing buffers.
    html.shrink_to_fit();
    text.shrink_to_fit();
    Rendered { html, text, toc }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Close {
    Keep,
    Drop,
    /// A remote image rewritten as a link to it.
    AsLink,
}

enum Resolved {
    Href(String),
    Problem {
        /// What to link to anyway (`None`: drop the link, keep its text).
        href: Option<String>,
        error: bool,
        message: String,
    },
}

/// Resolves a link written in `from` (a source path) to an href for a page in `guidelines/<id>/`.
fn resolve(dest: &str, link_type: LinkType, from: &str, targets: &LinkTargets) -> Resolved {
    let dest = dest.trim();
    if matches!(link_type, LinkType::Email) {
        return Resolved::Href(format!("mailto:{dest}"));
    }
    if dest.is_empty() || dest.starts_with('#') {
        return Resolved::Href(dest.to_owned());
    }
    let lower = dest.to_ascii_lowercase();
    if let Some(rest) = dest.strip_prefix("guideline:") {
        let (id, frag) = split_fragment(rest);
        return match targets.ids.get(id) {
            Some(url) => Resolved::Href(format!("{}{url}{frag}", urls::GUIDELINE_ROOT)),
            None if targets.broken.ids.contains(id) => Resolved::Problem {
                href: None,
                error: false,
                message: format!("link to guideline `{id}`, whose file has errors"),
            },
            None => {
                let mut message = format!("link to guideline `{id}`, but no guideline has that id");
                if let Some(near) = did_you_mean(id, targets.ids.keys().map(String::as_str)) {
                    message.push_str(&format!(" (did you mean `{near}`?)"));
                }
                Resolved::Problem {
                    href: None,
                    error: true,
                    message,
                }
            }
        };
    }
    if ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return Resolved::Href(dest.to_owned());
    }
    if let Some(colon) = dest.find(':')
        && !dest[..colon].contains(['/', '?', '#'])
    {
        return Resolved::Problem {
            href: None,
            error: false,
            message: format!(
                "link `{dest}` uses a kind of address that is not allowed; only its text is kept"
            ),
        };
    }
    if dest.starts_with('/') {
        return Resolved::Problem {
            href: Some(dest.to_owned()),
            error: false,
            message: format!(
                "link `{dest}` starts with `/`, so it breaks when the site is opened from disk or a sub-path; write a relative link"
            ),
        };
    }
    let (path, frag) = split_fragment(dest);
    let path = percent_decode(path);
    let base = from.rsplit_once('/').map_or("", |(d, _)| d);
    let Some(target) = normalize(base, &path) else {
        return Resolved::Problem {
            href: None,
            error: true,
            message: format!("link `{dest}` points outside the archive"),
        };
    };
    if target.ends_with(".md") {
        if let Some(url) = targets.sources.get(&target) {
            return Resolved::Href(format!("{}{url}{frag}", urls::GUIDELINE_ROOT));
        }
        let message = if targets.broken.sources.contains(&target) {
            format!("link to `{target}`, which has errors")
        } else if targets.left_out.contains(&target) {
            format!(
                "link to `{target}`, which is a draft and is not published (build with --drafts to include it)"
            )
        } else {
            format!("link to `{target}`, but that file does not exist")
        };
        return Resolved::Problem {
            href: None,
            error: !targets.broken.sources.contains(&target),
            message,
        };
    }
    if let Some(rel) = target.strip_prefix("content/")
        && targets.attachments.contains(rel)
    {
        return Resolved::Href(format!(
            "{}{}{frag}",
            urls::GUIDELINE_ROOT,
            urls::encode_path(&urls::attachment(rel))
        ));
    }
    if let Some(rel) = target.strip_prefix("static/")
        && targets.statics.contains(rel)
    {
        return Resolved::Href(format!(
            "{}{}{frag}",
            urls::GUIDELINE_ROOT,
            urls::encode_path(rel)
        ));
    }
    Resolved::Problem {
        href: None,
        error: false,
        message: format!("link to `{target}`, but that file does not exist"),
    }
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

fn split_fragment(s: &str) -> (&str, &str) {
    match s.find(['#', '?']) {
        Some(i) if s[i..].starts_with('#') => (&s[..i], &s[i..]),
        Some(i) => {
            let frag = s[i..].find('#').map_or("", |j| &s[i + j..]);
            (&s[..i], frag)
        }
        None => (s, ""),
    }
}

/// Joins a relative path onto a folder, resolving `.` and `..`; `None` if it leaves the root.
fn normalize(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn alert_words(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
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

fn unique(base: &str, used: &mut BTreeSet<String>) -> String {
    // Ids that start with `fn-` belong to footnotes.
    let base = if base.starts_with("fn-") {
        format!("h-{base}")
    } else {
        base.to_owned()
    };
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
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
}
