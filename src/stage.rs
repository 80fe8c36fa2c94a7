//! The memo of one pure build stage: each item's value kept with a hash of the input that
//! made it, so the next build takes it back only when that input is unchanged. A leaf
//! module: `render` and `build` run their stages through it, `incremental` keeps them.

use std::collections::HashMap;
use std::hash::Hash;

use rayon::prelude::*;

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
