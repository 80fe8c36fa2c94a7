//! What `serve` keeps from one build to the next, so a rebuild after a save redoes only what
//! the save changed: parsing of changed files, their Markdown, the pages of the guidelines
//! they touch, and the search entries of changed revisions. Every stage keeps its results
//! the same way ([`Stage`]): by item, with a hash of the complete input of the pure step
//! that made it, so a build with a memo writes the same bytes as one without;
//! tests/it/incremental.rs holds the two side by side.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::model::Revision;
use crate::render::Pages;

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

/// One stage's results from the last build: by item key, each with the hash of the input
/// that made it.
pub(crate) struct Stage<K, V> {
    entries: HashMap<K, (u64, V)>,
}

impl<K, V> Default for Stage<K, V> {
    fn default() -> Self {
        Stage {
            entries: HashMap::new(),
        }
    }
}

impl<K, V> Stage<K, V>
where
    K: Eq + Hash + Send + Sync,
    V: Clone + Send + Sync,
{
    /// Each item's value, in item order, made in parallel: taken from the last build when the
    /// item's input hash is the one remembered, made now otherwise. With a stage, it then
    /// holds exactly this build's items (a deleted file's entry goes); without one, `key` is
    /// never called. Also returns how many values were made now.
    pub(crate) fn run<T: Sync>(
        stage: Option<&mut Self>,
        items: &[T],
        key: impl Fn(usize, &T) -> (K, u64) + Sync,
        make: impl Fn(usize, &T) -> V + Sync,
    ) -> (Vec<V>, usize) {
        let Some(stage) = stage else {
            let values: Vec<V> = items
                .par_iter()
                .enumerate()
                .map(|(i, t)| make(i, t))
                .collect();
            let made = values.len();
            return (values, made);
        };
        let previous = std::mem::take(&mut stage.entries);
        let results: Vec<(K, u64, V, bool)> = items
            .par_iter()
            .enumerate()
            .map(|(i, t)| {
                let (k, h) = key(i, t);
                match previous.get(&k).filter(|(was, _)| *was == h) {
                    Some((_, v)) => (k, h, v.clone(), false),
                    None => {
                        let v = make(i, t);
                        (k, h, v, true)
                    }
                }
            })
            .collect();
        let made = results.iter().filter(|r| r.3).count();
        let mut values = Vec::with_capacity(results.len());
        for (k, h, v, _) in results {
            stage.entries.insert(k, (h, v.clone()));
            values.push(v);
        }
        (values, made)
    }
}
