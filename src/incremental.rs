//! What `serve` keeps from one build to the next, so a rebuild after a save redoes only what
//! the save changed: parsing of changed files, their Markdown, the pages of the guidelines
//! they touch, and the search entries of changed revisions. Each entry maps the complete
//! input of a pure step (by hash) to its output, so a build with a memo writes the same
//! bytes as one without; tests/it/incremental.rs holds the two side by side.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::model::Revision;
use crate::render::Pages;

/// Results of earlier builds, keyed by the inputs that made them.
#[derive(Default)]
pub struct Memo {
    /// Front matter by source path: the file text's hash and what parsing it gave.
    pub(crate) parsed: HashMap<String, Parsed>,
    /// Rendered bodies by source path.
    pub(crate) bodies: HashMap<String, Body>,
    /// Each guideline's pages (stable page, revision pages, diff pages) by fingerprint.
    pub(crate) pages: HashMap<u64, Arc<Pages>>,
    /// Site-wide pages (home, categories, what's new...) by a hash of their data.
    pub(crate) site_pages: HashMap<u64, bytes::Bytes>,
    /// The search index's terms.
    pub(crate) search: crate::search::Memo,
    /// What the last build reused, for tests and for the numbers `serve` prints.
    pub(crate) last: Reuse,
}

/// How much of the last build came from the memo.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reuse {
    /// Guidelines whose pages were reused.
    pub guidelines_reused: usize,
    /// Guidelines whose pages were rendered again.
    pub guidelines_rendered: usize,
    /// Revision bodies whose Markdown was rendered again.
    pub bodies_rendered: usize,
}

impl Memo {
    /// What the last build reused.
    pub fn last_reuse(&self) -> Reuse {
        self.last
    }
}

/// One parsed source file.
pub(crate) struct Parsed {
    pub text: u64,
    pub revision: Option<Revision>,
    pub problems: Vec<Diagnostic>,
}

/// One rendered body.
pub(crate) struct Body {
    /// Hash of the file text and of the link targets the body was resolved against.
    pub key: u64,
    pub rendered: Arc<Rendered>,
    pub problems: Vec<Diagnostic>,
    /// Hash of the rendered body.
    pub hash: u64,
}
