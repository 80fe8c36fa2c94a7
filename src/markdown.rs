//! Markdown body -> sanitized HTML, plain text for search, and a table of contents.
//!
//! Links are resolved here (to other revisions, guidelines by id, attached files) because
//! only this pass knows where in the file each link is. Every body is rendered for pages in
//! `guidelines/<id>/`, so the same HTML serves the stable page, the revision page and diffs.

use std::cell::RefCell;
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

/// A link with a `#fragment`, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentLink {
    /// 1-based line in the source file.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// The source line, for the diagnostic.
    pub snippet: Option<String>,
    /// The link as written.
    pub written: String,
    /// The page it lands on.
    pub to: LinkTo,
    /// The fragment, percent-decoded, without `#`.
    pub fragment: String,
}

/// The page a fragment link lands on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTo {
    /// `#section`: the page the link is on.
    SamePage,
    /// `other-v2.md#section`: that revision's page (source path).
    Source(String),
    /// `guideline:id#section`: the guideline's stable page (its current version).
    Guideline(String),
}

/// One entry of a nested table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// The heading's anchor id.
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
    /// `1`, `1.2`: its place in the outline.
    pub number: String,
    /// Headings one level below it.
    pub children: Vec<TocEntry>,
}

/// A page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Toc {
    /// Top-level entries.
    pub entries: Vec<TocEntry>,
    /// Entries at every level.
    pub count: usize,
    /// Whether to show the outline numbers (not when the headings carry their own).
    pub numbered: bool,
    /// Long contents are folded (`<details>`), so the text is not pushed a screen down.
    pub folded: bool,
}

/// Fewer headings than this make no table of contents.
pub const TOC_MIN: usize = 3;
/// More entries than this fold the table of contents.
pub const TOC_FOLD: usize = 12;

/// A nested, numbered table of contents from a body's headings: the two shallowest heading
/// levels that occur (`##` and `###` in most bodies). A heading nests under the nearest
/// heading before it with a smaller level; one with none before it is top-level.
pub fn toc(headings: &[Heading]) -> Option<Toc> {
    let top = headings.iter().map(|h| h.level).min()?;
    // A body whose title is its only `#` heading: its sections start one level down.
    let top = if top == 1 && headings.iter().filter(|h| h.level == 1).count() == 1 {
        headings
            .iter()
            .map(|h| h.level)
            .filter(|&l| l > 1)
            .min()
            .unwrap_or(1)
    } else {
        top
    };
    let second = headings.iter().map(|h| h.level).filter(|&l| l > top).min();
    let mut entries: Vec<TocEntry> = Vec::new();
    let mut count = 0;
    for h in headings {
        let entry = |number: String| TocEntry {
            id: h.id.clone(),
            text: h.text.clone(),
            number,
            children: Vec::new(),
        };
        if h.level == top || (Some(h.level) == second && entries.is_empty()) {
            entries.push(entry((entries.len() + 1).to_string()));
            count += 1;
        } else if Some(h.level) == second {
            let parent = entries.last_mut().expect("not empty");
            let number = format!("{}.{}", parent.number, parent.children.len() + 1);
            parent.children.push(entry(number));
            count += 1;
        }
    }
    if count < TOC_MIN {
        return None;
    }
    // Headings that are numbered already ("4.3 Internal referrals") keep their own numbers.
    let numbered = !headings.iter().any(|h| {
        let t = h.text.trim_start();
        let digits = t
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        digits > 0 && t.as_bytes().first().is_some_and(u8::is_ascii_digit)
    });
    Some(Toc {
        entries,
        count,
        numbered,
        folded: count > TOC_FOLD,
    })
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
    static KEPT_ANCHORS: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Ids the site's own pages use: a body's heading or anchor never takes them.
pub const PAGE_IDS: &[&str] = &["main", "history"];
/// Prefixes of the site's own ids on the pages bodies are shown on (search box, contents).
const PAGE_ID_PREFIXES: &[&str] = &["search-", "toc-"];
/// Names that, as an element's id, would shadow something scripts use on `window` (which
/// looks up ids after its own properties but before these).
const DOM_NAMES: &[&str] = &[
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
    let mut images = BTreeMap::new();
    let mut used_ids = BTreeSet::new();
    let mut raw_html = false;
    let mut in_tag = false;
    let mut heading: Option<(usize, HeadingLevel, Option<String>, String)> = None;
    // For each open link or image: how its closing tag is written.
    let mut open: Vec<Close> = Vec::new();
    let mut alerts: Vec<bool> = Vec::new();

    let mut anchors: Vec<String> = Vec::new();
    let mut fragment_links: Vec<FragmentLink> = Vec::new();
    let position = |offset: usize| {
        let abs = origin.body_offset + offset;
        let before = &origin.file_text[..abs.min(origin.file_text.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let snippet = origin.file_text.lines().nth(line - 1);
        (line, col, snippet)
    };
    let problem = |offset: usize, severity_error: bool, message: String| {
        let (line, col, snippet) = position(offset);
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
                    anchors.push(id.clone());
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
                // An `<img>` written as HTML is checked and resolved like a Markdown image,
                // rather than emptied by the sanitizer without a word.
                let found = raw_images(t);
                if !found.is_empty() {
                    let mut fixed = String::with_capacity(t.len());
                    let mut last = 0;
                    for (start, end, src) in found {
                        let at = range.start + start;
                        let new_src = match image_problem(&src) {
                            Some(message) => {
                                out.push(problem(at, false, message));
                                None
                            }
                            None => match resolve(&src, LinkType::Inline, origin.path, targets) {
                                Resolved::Href(h) => Some(h),
                                Resolved::Problem {
                                    href,
                                    error,
                                    message,
                                } => {
                                    out.push(problem(at, error, image_words(message)));
                                    href
                                }
                            },
                        };
                        fixed.push_str(&t[last..start]);
                        fixed.push_str(&html_attr(new_src.as_deref().unwrap_or("")));
                        last = end;
                    }
                    fixed.push_str(&t[last..]);
                    events.push(if matches!(event, Event::Html(_)) {
                        Event::Html(fixed.into())
                    } else {
                        Event::InlineHtml(fixed.into())
                    });
                    continue;
                }
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
                anchors.push(format!("fn-{label}"));
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
                        if let Some((to, fragment)) = fragment_target(&dest_url, origin.path) {
                            let (line, col, snippet) = position(range.start);
                            fragment_links.push(FragmentLink {
                                line,
                                col,
                                snippet: snippet.map(str::to_owned),
                                written: dest_url.trim().to_owned(),
                                to,
                                fragment,
                            });
                        }
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
                if is_data_address(&dest_url) {
                    out.push(problem(range.start, false, data_image_message(&dest_url)));
                    open.push(Close::Drop);
                    continue;
                }
                if is_remote(&dest_url) {
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
                    events.push(Event::Text(CowStr::Borrowed(REMOTE_IMAGE)));
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
                        out.push(problem(range.start, error, image_words(message)));
                        href
                    }
                };
                open.push(if href.is_some() {
                    Close::Keep
                } else {
                    Close::Drop
                });
                if let Some(href) = href {
                    images.insert(dest_url.trim().to_owned(), href.clone());
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

/// The page and fragment a link with a `#fragment` lands on (`None` without a fragment, or
/// for links to files that are not revisions and to other sites).
fn fragment_target(dest: &str, from: &str) -> Option<(LinkTo, String)> {
    let dest = dest.trim();
    let (to, frag) = if let Some(frag) = dest.strip_prefix('#') {
        (LinkTo::SamePage, frag)
    } else if let Some(rest) = dest.strip_prefix("guideline:") {
        let (id, frag) = split_fragment(rest);
        (LinkTo::Guideline(id.to_owned()), frag.strip_prefix('#')?)
    } else {
        if dest.contains(':') || dest.starts_with('/') {
            return None;
        }
        let (path, frag) = split_fragment(dest);
        let base = from.rsplit_once('/').map_or("", |(d, _)| d);
        let target = normalize(base, &percent_decode(path))?;
        if !target.ends_with(".md") {
            return None;
        }
        (LinkTo::Source(target), frag.strip_prefix('#')?)
    };
    let fragment = percent_decode(frag);
    (!fragment.is_empty()).then_some((to, fragment))
}

/// Says "image" where a link's message says "link", so an author knows which of the line's
/// targets is meant.
fn image_words(message: String) -> String {
    let message = match message.strip_prefix("link to ") {
        Some(rest) => format!("image {rest}"),
        None => match message.strip_prefix("link ") {
            Some(rest) => format!("image {rest}"),
            None => message,
        },
    };
    let message = message.replace("only its text is kept", "it is left out");
    match message.strip_suffix(", but that file does not exist") {
        Some(start) => format!("{start} is missing: there is no such file"),
        None => message,
    }
}

/// `https://…`, `//host/…`: an address on another site (an SVG's `xmlns='http://…'` inside
/// a `data:` address is not one).
/// What a page shows in place of an image on another site, as the text of a link to it.
pub const REMOTE_IMAGE: &str = "[image] ";

/// Whether an address is on another site (`scheme://` or `//`).
pub fn is_remote(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find("://") {
        Some(i) => dest[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')),
        None => false,
    }
}

/// Whether an address is a `data:` address (never shown).
pub fn is_data_address(dest: &str) -> bool {
    dest.trim_start()
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
}

fn data_image_message(dest: &str) -> String {
    let kind = dest
        .trim_start()
        .get(5..)
        .and_then(|r| r.split([';', ',']).next())
        .unwrap_or("");
    format!(
        "image is written into the file as a `data:{kind}` address, which pages do not show; it is left out (save the picture as a file next to the guideline and write ![description](picture-file-name))"
    )
}

/// Why a raw `<img src>` value cannot be shown, if it cannot.
fn image_problem(src: &str) -> Option<String> {
    if is_data_address(src) {
        Some(data_image_message(src))
    } else if is_remote(src) {
        Some(format!(
            "image `{src}` is on another site; it is left out so the page makes no request off-site"
        ))
    } else {
        None
    }
}

/// `src` values of the `<img>` tags in a piece of raw HTML: (start, end) of the whole
/// value as written (quotes included) and the value itself.
fn raw_images(html: &str) -> Vec<(usize, usize, String)> {
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

fn decode_entities(v: &str) -> String {
    v.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// An attribute value, double-quoted and escaped.
fn html_attr(v: &str) -> String {
    format!(
        "\"{}\"",
        v.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    )
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
    if crate::source::is_markdown_name(&target) {
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
pub(crate) fn normalize(base: &str, rel: &str) -> Option<String> {
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

pub(crate) fn percent_decode(s: &str) -> String {
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
    // Ids that start with `fn-` belong to footnotes; the site's own ids to the page.
    let base = if base.starts_with("fn-") || is_page_id(base) {
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
