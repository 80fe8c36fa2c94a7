//! What `serve` keeps from one build to the next, so a rebuild after a save redoes only what
//! the save changed: parsing of changed files, their Markdown, the pages of the guidelines
//! they touch, and the search entries of changed revisions. Each entry maps the complete
//! input of a pure step (by hash) to its output, so a build with a memo writes the same
//! bytes as one without; tests/it/incremental.rs holds the two side by side.

use std::collections::HashMap;
use std::fmt::{self, Debug, Write as _};
use std::hash::{DefaultHasher, Hash, Hasher};
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

/// Hash of a value (stable within one process, which is all a memo needs).
pub(crate) fn hash_of(value: &(impl Hash + ?Sized)) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Hash of a value's `Debug` text, for model types that are not `Hash`: every field
/// counts, so no field can be forgotten.
pub(crate) fn hash_debug(value: &impl Debug) -> u64 {
    struct Feed(DefaultHasher);
    impl fmt::Write for Feed {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    let mut feed = Feed(DefaultHasher::new());
    let _ = write!(feed, "{value:?}");
    feed.0.finish()
}

/// A hasher that takes bytes written to it, for hashing a value's serialized form without
/// keeping it.
#[derive(Default)]
pub(crate) struct HashWriter(DefaultHasher);

impl HashWriter {
    /// Adds a string (with its length, so "ab"+"c" differs from "a"+"bc").
    pub fn write_str(&mut self, s: &str) {
        s.hash(&mut self.0);
    }

    /// Adds a number.
    pub fn write_u64(&mut self, n: u64) {
        self.0.write_u64(n);
    }

    /// The hash of everything written.
    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Hash of several hashes, in order.
pub(crate) fn combine(parts: impl IntoIterator<Item = u64>) -> u64 {
    let mut h = DefaultHasher::new();
    for p in parts {
        h.write_u64(p);
    }
    h.finish()
}
