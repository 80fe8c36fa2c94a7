//! A closed archive: the whole built site encrypted for its members (see
//! `docs/closed-archive.md`).
//!
//! `build` renders the site as usual, in memory, then [`seal`] turns the full set of output
//! files into the sealed set just before it is written: every file encrypted with one random
//! content key (AES-256-GCM, a fresh random nonce per file, the file's opaque name as
//! associated data), that key wrapped once per password by a key derived with
//! PBKDF2-SHA256, and opaque names for every file. What stays readable is the same for every
//! archive in a language: small unlock pages, the unlock script and its style sheet.
//! [`open`] reads a sealed site back (for tests and for checking a published copy).
//! `serve` never seals: the author previews the open site on their own computer.

mod crypto;
mod open;
mod passwords;
mod seal;
mod shell;

use std::path::Path;

pub use open::{OpenError, Opened, open};
pub use passwords::{MIN_GUESSES_LOG10, passwords};
pub use seal::{Seal, seal};

pub use crate::config::{AccessConfig, OneOrMany};

use crate::build::{self, Built, Options};
use crate::diagnostics::Diagnostics;
use crate::output::Site;

/// PBKDF2-SHA256 rounds: OWASP's figure for 2023 and later.
pub const ITERATIONS: u32 = 600_000;

/// A closed build, in memory: the open build it came from and the sealed site to write.
#[derive(Debug)]
pub struct Closed {
    /// The open build (its `site` is the unencrypted one; never write it).
    pub built: Built,
    /// The sealed site.
    pub site: Site,
    /// How many passwords open it.
    pub passwords: usize,
}

/// Builds the archive at `root` and seals it with the passwords `[access]` names, for
/// writing to `output`. `seed` (tests only) makes keys, salts, nonces and names repeat from
/// build to build. Every problem, with the archive or with the passwords, is returned at
/// once; nothing is written.
pub fn build(
    root: &Path,
    options: &Options,
    output: &Path,
    seed: Option<&str>,
) -> Result<Closed, Diagnostics> {
    let config = crate::config::load(root)?;
    let Some(access) = config.access.clone() else {
        return Err(Diagnostics(vec![crate::diagnostics::Diagnostic::error(
            "book.toml",
            0,
            0,
            "this archive has no [access] table, so there is nothing to lock",
        )]));
    };
    let pw = passwords(root, &config, &access, output);
    let built = build::build(root, options);
    let (pw, built) = match (pw, built) {
        (Ok(p), Ok(b)) => (p, b),
        (p, b) => {
            let mut all = Diagnostics::default();
            if let Err(d) = b {
                all.extend(d.0);
            }
            if let Err(d) = p {
                all.extend(d.0);
            }
            return Err(all);
        }
    };
    let theme =
        crate::render::theme::load(root, &built.config.build.theme, &built.config.book.language)?;
    let sealed = seal(&Seal {
        site: &built.site,
        words: &theme.words,
        title: &built.config.book.title,
        passwords: &pw,
        seed,
    });
    Ok(Closed {
        passwords: pw.len(),
        site: sealed,
        built,
    })
}
