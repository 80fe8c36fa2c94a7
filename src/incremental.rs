//! What `serve` keeps from one build to the next, so a rebuild after a save redoes only what
//! the save changed: parsing of changed files, their Markdown, the pages of the guidelines
//! they touch, and the search entries of changed revisions. Every stage keeps its results
//! the same way ([`crate::stage::Stage`]): by item, with a hash of the complete input of the pure step
//! that made it, so a build with a memo writes the same bytes as one without;
//! tests/it/incremental.rs holds the two side by side.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::model::Revision;
use crate::render::Pages;
use crate::stage::Stage;

/// Results of earlier builds, keyed by the inputs that made them.
#[derive(Default)]
pub struct Memo {
    /// Front matter by source path, keyed by the file text's hash.
    pub(crate) parsed: Stage<String, Parsed>,
    /// Rendered bodies by source path, keyed by the file text and the link targets.
    pub(crate) bodies: Stage<String, Body>,
    /// Each guideline's pages (stable page, revision pages, diff pages) by fingerprint.
    pub(crate) pages: Stage<u64, Result<Arc<Pages>, Diagnostic>>,
    /// Site-wide pages (home, categories, what's new...) by a hash of their data.
    pub(crate) site_pages: HashMap<u64, bytes::Bytes>,
    /// The search index's terms.
    pub(crate) search: crate::search::Inverted,
    /// What the last build reused, for tests and for the numbers `serve` prints.
    pub(crate) last: Reused,
}

/// How much of the last build came from the memo.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reused {
    /// Guidelines whose pages were reused.
    pub guidelines_reused: usize,
    /// Guidelines whose pages were rendered again.
    pub guidelines_rendered: usize,
    /// Revision bodies whose Markdown was rendered again.
    pub bodies_rendered: usize,
}

impl Memo {
    /// What the last build reused.
    pub fn last_reuse(&self) -> Reused {
        self.last
    }
}

/// What parsing one source file gave.
pub(crate) type Parsed = (Option<Revision>, Vec<Diagnostic>);

/// One rendered body, its problems, and (with a memo) a hash of it, which later stages key on.
#[derive(Clone)]
pub(crate) struct Body {
    pub rendered: Arc<Rendered>,
    pub problems: Vec<Diagnostic>,
    pub hash: u64,
}
