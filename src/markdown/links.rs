//! Where a link in a body lands: other revisions by file, guidelines by id (through renames
//! and merges), attachments and static files; what the author meant when it lands nowhere.

use crate::diagnostics::did_you_mean;
use crate::urls;
use pulldown_cmark::LinkType;
use std::collections::{BTreeMap, BTreeSet};

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

/// A link with a `#fragment`, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTo {
    /// `#section`: the page the link is on.
    SamePage,
    /// `other-v2.md#section`: that revision's page (source path).
    Source(String),
    /// `guideline:id#section`: the guideline's stable page (its current version).
    Guideline(String),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Close {
    Keep,
    Drop,
    /// A remote image rewritten as a link to it.
    AsLink,
}

pub(super) enum Resolved {
    Href(String),
    Problem {
        /// What to link to anyway (`None`: drop the link, keep its text).
        href: Option<String>,
        error: bool,
        message: String,
    },
}

/// Resolves a link written in `from` (a source path) to an href for a page in `guidelines/<id>/`.
pub(super) fn resolve(
    dest: &str,
    link_type: LinkType,
    from: &str,
    targets: &LinkTargets,
) -> Resolved {
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
    let path = crate::urls::percent_decoded(path);
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

pub(super) fn split_fragment(s: &str) -> (&str, &str) {
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
