//! One pass over a body's Markdown events: headings get unique anchors and a contents
//! entry, links and images are resolved (or dropped with a diagnostic), raw HTML is checked
//! for images, alerts and footnotes get their markup, and the plain text is collected.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::images::{REMOTE_IMAGE, data_image_message, image_problem, image_words};
use super::images::{is_data_address, is_remote};
use super::links::{Close, FragmentLink, LinkTargets, LinkTo, Resolved, normalize};
use super::links::{resolve, split_fragment};
use super::sanitize::{html_attr, html_text, is_page_id, raw_images};
use super::{Heading, Origin, anchor};
use crate::diagnostics::Diagnostic;

/// A heading being read: where its start event goes, the id written in the source (`{#id}`), and its text so far.
struct OpenHeading {
    at: usize,
    given: Option<String>,
    text: String,
}

/// What the pass has collected so far.
pub(super) struct Walk<'b, 'o> {
    origin: &'o Origin<'o>,
    targets: &'o LinkTargets,
    out: &'o mut Vec<Diagnostic>,
    /// The events to render, rewritten where needed.
    pub events: Vec<Event<'b>>,
    pub text: String,
    pub toc: Vec<Heading>,
    pub images: BTreeMap<String, String>,
    pub anchors: Vec<String>,
    pub fragment_links: Vec<FragmentLink>,
    /// Whether the body has raw HTML (then the HTML goes through the sanitizer).
    pub raw_html: bool,
    used_ids: BTreeSet<String>,
    in_tag: bool,
    heading: Option<OpenHeading>,
    /// For each open link or image: how its closing tag is written.
    open: Vec<Close>,
    /// For each open block quote: whether it is an alert (`> [!NOTE]`).
    alerts: Vec<bool>,
}

impl<'b, 'o> Walk<'b, 'o> {
    pub fn new(
        origin: &'o Origin<'o>,
        targets: &'o LinkTargets,
        out: &'o mut Vec<Diagnostic>,
    ) -> Self {
        Walk {
            origin,
            targets,
            out,
            events: Vec::new(),
            text: String::new(),
            toc: Vec::new(),
            images: BTreeMap::new(),
            anchors: Vec::new(),
            fragment_links: Vec::new(),
            raw_html: false,
            used_ids: BTreeSet::new(),
            in_tag: false,
            heading: None,
            open: Vec::new(),
            alerts: Vec::new(),
        }
    }

    /// Takes one event of the body at `range`.
    pub fn event(&mut self, event: Event<'b>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => self.heading_start(id),
            Event::End(TagEnd::Heading(level)) => self.heading_end(level),
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some(h) = self.heading.as_mut() {
                    h.text.push_str(t);
                }
                self.text.push_str(t);
                self.events.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                self.text.push(' ');
                self.events.push(event);
            }
            Event::Html(ref t) | Event::InlineHtml(ref t) => {
                self.raw_html = true;
                // Readers see raw HTML's text, so search finds it too.
                html_text(t, &mut self.in_tag, &mut self.text);
                let fixed = self.raw_html_images(t, range.start);
                self.events.push(match (fixed, &event) {
                    (None, _) => event,
                    (Some(fixed), Event::Html(_)) => Event::Html(fixed.into()),
                    (Some(fixed), _) => Event::InlineHtml(fixed.into()),
                });
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) => {
                self.text.push('\n');
                self.events.push(event);
            }
            Event::FootnoteReference(label) => {
                self.events
                    .push(Event::FootnoteReference(CowStr::from(format!(
                        "fn-{label}"
                    ))))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.anchors.push(format!("fn-{label}"));
                self.events
                    .push(Event::Start(Tag::FootnoteDefinition(CowStr::from(
                        format!("fn-{label}"),
                    ))));
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                self.alerts.push(kind.is_some());
                self.events.push(match kind {
                    Some(kind) => {
                        let (class, title) = alert_words(kind);
                        Event::Html(CowStr::from(format!(
                            "<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{title}</p>\n"
                        )))
                    }
                    None => event,
                });
            }
            Event::End(TagEnd::BlockQuote(_)) if self.alerts.pop() == Some(true) => {
                self.events.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.link(link_type, dest_url, title, id, range.start),
            Event::End(TagEnd::Link) => {
                if self.open.pop() != Some(Close::Drop) {
                    self.events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.image(link_type, dest_url, title, id, range.start),
            Event::End(TagEnd::Image) => match self.open.pop() {
                Some(Close::Drop) => {}
                Some(Close::AsLink) => self.events.push(Event::End(TagEnd::Link)),
                _ => self.events.push(Event::End(TagEnd::Image)),
            },
            _ => self.events.push(event),
        }
    }

    /// Line, column and source line of a byte offset in the body.
    fn position(&self, offset: usize) -> (usize, usize, Option<&'o str>) {
        let file = self.origin.file_text;
        let abs = self.origin.body_offset + offset;
        let before = &file[..abs.min(file.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col, file.lines().nth(line - 1))
    }

    fn problem(&mut self, offset: usize, error: bool, message: String) {
        let (line, col, snippet) = self.position(offset);
        let path = self.origin.path;
        let d = if error {
            Diagnostic::error(path, line, col, message)
        } else {
            Diagnostic::warning(path, line, col, message)
        };
        self.out.push(d.with_snippet(snippet));
    }

    /// Where an image's address leads, its problem (in an image's words) said at `at`.
    fn image_address(&mut self, src: &str, link_type: LinkType, at: usize) -> Option<String> {
        match resolve(src, link_type, self.origin.path, self.targets) {
            Resolved::Href(h) => Some(h),
            Resolved::Problem {
                href,
                error,
                message,
            } => {
                self.problem(at, error, image_words(message));
                href
            }
        }
    }

    fn heading_start(&mut self, id: Option<CowStr<'b>>) {
        self.heading = Some(OpenHeading {
            at: self.events.len(),
            given: id.map(|i| i.to_string()),
            text: String::new(),
        });
        // A placeholder: the start tag is written once the heading's text gives its id.
        self.events.push(Event::Text(CowStr::Borrowed("")));
    }

    fn heading_end(&mut self, level: HeadingLevel) {
        if let Some(h) = self.heading.take() {
            let base = h.given.map_or_else(|| anchor(&h.text), |g| anchor(&g));
            let id = unique(&base, &mut self.used_ids);
            self.anchors.push(id.clone());
            self.events[h.at] = Event::Start(Tag::Heading {
                level,
                id: Some(CowStr::from(id.clone())),
                classes: Vec::new(),
                attrs: Vec::new(),
            });
            self.toc.push(Heading {
                level: level as u8,
                id,
                text: h.text.trim().to_owned(),
            });
        }
        self.events.push(Event::End(TagEnd::Heading(level)));
        self.text.push('\n');
    }

    /// An `<img>` written as HTML is checked and resolved like a Markdown image, rather
    /// than emptied by the sanitizer without a word. Returns the HTML with its addresses
    /// replaced, if it has any image.
    fn raw_html_images(&mut self, html: &str, at: usize) -> Option<String> {
        let found = raw_images(html);
        if found.is_empty() {
            return None;
        }
        let mut fixed = String::with_capacity(html.len());
        let mut last = 0;
        for (start, end, src) in found {
            let at = at + start;
            let new_src = match image_problem(&src) {
                Some(message) => {
                    self.problem(at, false, message);
                    None
                }
                None => self.image_address(&src, LinkType::Inline, at),
            };
            fixed.push_str(&html[last..start]);
            fixed.push_str(&html_attr(new_src.as_deref().unwrap_or("")));
            last = end;
        }
        fixed.push_str(&html[last..]);
        Some(fixed)
    }

    fn link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'b>,
        title: CowStr<'b>,
        id: CowStr<'b>,
        at: usize,
    ) {
        let href = match resolve(&dest_url, link_type, self.origin.path, self.targets) {
            Resolved::Href(href) => {
                if let Some((to, fragment)) = fragment_target(&dest_url, self.origin.path) {
                    let (line, col, snippet) = self.position(at);
                    self.fragment_links.push(FragmentLink {
                        line,
                        col,
                        snippet: snippet.map(str::to_owned),
                        written: dest_url.trim().to_owned(),
                        to,
                        fragment,
                    });
                }
                Some(href)
            }
            Resolved::Problem {
                href,
                error,
                message,
            } => {
                self.problem(at, error, message);
                href
            }
        };
        // A link that cannot be resolved to anything keeps its text and loses its tag.
        self.open.push(if href.is_some() {
            Close::Keep
        } else {
            Close::Drop
        });
        if let Some(href) = href {
            self.events.push(Event::Start(Tag::Link {
                link_type,
                dest_url: href.into(),
                title,
                id,
            }));
        }
    }

    fn image(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'b>,
        title: CowStr<'b>,
        id: CowStr<'b>,
        at: usize,
    ) {
        if is_data_address(&dest_url) {
            self.problem(at, false, data_image_message(&dest_url));
            self.open.push(Close::Drop);
            return;
        }
        if is_remote(&dest_url) {
            self.problem(
                at,
                false,
                format!("image `{dest_url}` is on another site; it is shown as a link so the page makes no request off-site"),
            );
            self.open.push(Close::AsLink);
            let safe = if dest_url.starts_with("https://") || dest_url.starts_with("http://") {
                dest_url.to_string()
            } else {
                "#".into()
            };
            self.events.push(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: safe.into(),
                title,
                id,
            }));
            self.events
                .push(Event::Text(CowStr::Borrowed(REMOTE_IMAGE)));
            return;
        }
        let href = self.image_address(&dest_url, link_type, at);
        self.open.push(if href.is_some() {
            Close::Keep
        } else {
            Close::Drop
        });
        if let Some(href) = href {
            self.images.insert(dest_url.trim().to_owned(), href.clone());
            self.events.push(Event::Start(Tag::Image {
                link_type,
                dest_url: href.into(),
                title,
                id,
            }));
        }
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
        let target = normalize(base, &crate::urls::percent_decoded(path))?;
        if !target.ends_with(".md") {
            return None;
        }
        (LinkTo::Source(target), frag.strip_prefix('#')?)
    };
    let fragment = crate::urls::percent_decoded(frag);
    (!fragment.is_empty()).then_some((to, fragment))
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
