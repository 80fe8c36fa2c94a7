//! Front-matter as the authoring helpers write it: not through a YAML serializer, so it
//! reads like the hand-written files: plain values where YAML reads them back unchanged,
//! double-quoted ones otherwise (colons, quotes, `#`, words YAML would turn into booleans).

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::scalar::{flow_scalar, scalar};

/// The front-matter keys the helpers write, in the order authors see them.
pub(super) struct Front<'a> {
    pub(super) title: &'a str,
    pub(super) id: &'a str,
    pub(super) version: &'a str,
    pub(super) category: &'a str,
    pub(super) date: Date,
    pub(super) supersedes: &'a [String],
    /// Written only when not `active` (the default).
    pub(super) status: Option<&'a str>,
    pub(super) summary: &'a str,
    pub(super) changes: &'a str,
    pub(super) tags: &'a [String],
    pub(super) review_by: Option<Date>,
    pub(super) editorial: bool,
    /// Already in YAML flow form (JSON is valid YAML).
    pub(super) extra: Option<&'a str>,
}

pub(super) fn front_matter(f: &Front) -> String {
    let mut s = String::from("---\n");
    let _ = writeln!(s, "title: {}", scalar(f.title));
    let _ = writeln!(s, "id: {}", f.id);
    let _ = writeln!(s, "version: {}", f.version);
    let _ = writeln!(s, "category: {}", scalar(f.category));
    let _ = writeln!(s, "date: {}", f.date);
    match f.supersedes {
        [] => {}
        [one] => {
            let _ = writeln!(s, "supersedes: {}", scalar(one));
        }
        many => {
            let items: Vec<String> = many.iter().map(|t| flow_scalar(t)).collect();
            let _ = writeln!(s, "supersedes: [{}]", items.join(", "));
        }
    }
    if let Some(status) = f.status {
        let _ = writeln!(s, "status: {status}");
    }
    let _ = writeln!(s, "summary: {}", scalar(f.summary));
    let _ = writeln!(s, "changes: {}", scalar(f.changes));
    if !f.tags.is_empty() {
        let tags: Vec<String> = f.tags.iter().map(|t| flow_scalar(t)).collect();
        let _ = writeln!(s, "tags: [{}]", tags.join(", "));
    }
    if let Some(d) = f.review_by {
        let _ = writeln!(s, "review_by: {d}");
    }
    if f.editorial {
        s.push_str("editorial: true\n");
    }
    if let Some(e) = f.extra {
        let _ = writeln!(s, "extra: {e}");
    }
    s.push_str("---\n");
    s
}
