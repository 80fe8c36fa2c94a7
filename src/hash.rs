//! Hashes of values, for memo keys and fingerprints: stable within one process, which is
//! all a memo needs (nothing hashed here is ever written to the site).

use std::fmt::{self, Debug, Write as _};
use std::hash::{DefaultHasher, Hash, Hasher};

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
