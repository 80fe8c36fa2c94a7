//! The open site's files -> the sealed site's files.
//!
//! Layout of a sealed site (every name but the fixed ones is opaque):
//!
//! - `index.html`, `404.html` and `<name>.html`: one unlock page for each page of the open
//!   site, all alike but for the page's encrypted HTML inside;
//! - `d/<name>.js`: every other file (style sheet, scripts, search index and parts,
//!   `archive.json`, the feed, attachments), encrypted, as a script that hands its
//!   ciphertext to the unlock script (pages opened from disk cannot fetch files);
//! - `keys.js`: the content key wrapped once per password, and the encrypted map from the
//!   open site's paths to the opaque names;
//! - `lock.js`, `lock.css`: the unlock script and its style, the same for every archive.
//!
//! Each file is AES-256-GCM under the content key with its own random nonce and its opaque
//! name as associated data, so a file moved to another name fails its check too.

use std::collections::{BTreeMap, HashSet};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::ITERATIONS;
use super::crypto::{self, KEY_AAD, NONCE, Random};
use super::shell;
use crate::output::Site;
use crate::render::words::Words;

/// The unlock script and its style sheet.
const LOCK_JS: &str = include_str!("../../themes/default/access/lock.js");
const LOCK_CSS: &str = include_str!("../../themes/default/access/lock.css");

/// Folder of the encrypted non-page files.
pub const DATA: &str = "d/";
/// Associated data of the path map.
pub const MAP_AAD: &[u8] = b"map";

/// What to seal, and with what.
pub struct Seal<'a> {
    /// The open site.
    pub site: &'a Site,
    /// The theme's words in the archive's language (for the unlock pages).
    pub words: &'a Words,
    /// The archive's title (only as salt for the names; never written).
    pub title: &'a str,
    /// The passwords; each one opens the site.
    pub passwords: &'a [String],
    /// Tests only: repeatable randomness.
    pub seed: Option<&'a str>,
}

/// `keys.js`: everything the unlock script needs before it has the content key.
#[derive(Serialize)]
pub(super) struct Keys {
    pub v: u32,
    pub kdf: &'static str,
    pub iterations: u32,
    pub slots: Vec<Slot>,
    /// Base64 of nonce + ciphertext of the path map.
    pub map: String,
}

/// One password's copy of the content key.
#[derive(Serialize, serde::Deserialize)]
pub(super) struct Slot {
    /// Base64 of the PBKDF2 salt.
    pub salt: String,
    /// Base64 of nonce + the content key encrypted under the password's key.
    pub key: String,
}

/// The decrypted path map.
#[derive(Serialize, serde::Deserialize)]
pub(super) struct Map {
    pub v: u32,
    /// Open-site path -> opaque name.
    pub files: BTreeMap<String, String>,
}

/// Seals a whole site. Random salts, nonces and key unless `seed` is given; the names are
/// derived from the set of passwords, so they stay the same from build to build (readers'
/// bookmarks keep working) until a password is added or withdrawn.
pub fn seal(input: &Seal) -> Site {
    let mut random = Random::new(input.seed);
    let content_key: [u8; 32] = random.bytes();
    let name_key = names_key(input.passwords, input.title);

    let mut used = HashSet::new();
    let mut files = BTreeMap::new();
    let mut jobs = Vec::with_capacity(input.site.files.len());
    for (path, bytes) in &input.site.files {
        let mut name = match path.as_str() {
            "index.html" => "index".to_owned(),
            "404.html" => "404".to_owned(),
            _ => crypto::name(&name_key, path),
        };
        let mut n = 0;
        while !used.insert(name.clone()) {
            n += 1;
            name = crypto::name(&name_key, &format!("{path}\n{n}"));
        }
        files.insert(path.clone(), name.clone());
        let nonce: [u8; NONCE] = random.bytes();
        jobs.push((path.ends_with(".html"), name, nonce, bytes));
    }

    let mut slots = Vec::new();
    let salts: Vec<([u8; 16], [u8; NONCE])> = input
        .passwords
        .iter()
        .map(|_| (random.bytes(), random.bytes()))
        .collect();
    let keks: Vec<[u8; 32]> = input
        .passwords
        .par_iter()
        .zip(&salts)
        .map(|(pw, (salt, _))| crypto::derive(pw, salt, ITERATIONS))
        .collect();
    for (kek, (salt, nonce)) in keks.iter().zip(&salts) {
        slots.push(Slot {
            salt: B64.encode(salt),
            key: sealed_b64(kek, nonce, &content_key, KEY_AAD),
        });
    }
    let map_nonce: [u8; NONCE] = random.bytes();
    let map = serde_json::to_vec(&Map { v: 1, files }).expect("a map of strings serializes");
    let keys = Keys {
        v: 1,
        kdf: "PBKDF2-SHA256",
        iterations: ITERATIONS,
        slots,
        map: sealed_b64(&content_key, &map_nonce, &map, MAP_AAD),
    };

    let shell = shell::Shell::new(input.words);
    let out: Vec<(String, Vec<u8>)> = jobs
        .into_par_iter()
        .map(|(page, name, nonce, bytes)| {
            let data = sealed_b64(&content_key, &nonce, bytes, name.as_bytes());
            if page {
                (
                    format!("{name}.html"),
                    shell.page(&name, &data).into_bytes(),
                )
            } else {
                (
                    format!("{DATA}{name}.js"),
                    format!("redthreadSealed(\"{name}\",\"{data}\");\n").into_bytes(),
                )
            }
        })
        .collect();
    let mut site = Site::default();
    for (path, bytes) in out {
        site.insert(path, bytes);
    }
    let json = serde_json::to_string(&keys).expect("keys serialize");
    site.insert("keys.js", format!("window.redthreadKeys = {json};\n"));
    site.insert("lock.js", LOCK_JS);
    site.insert("lock.css", LOCK_CSS);
    site
}

/// Base64 of nonce + AES-256-GCM(key, nonce, plain, aad).
fn sealed_b64(key: &[u8; 32], nonce: &[u8; NONCE], plain: &[u8], aad: &[u8]) -> String {
    let mut out = nonce.to_vec();
    out.extend(crypto::encrypt(key, nonce, plain, aad));
    B64.encode(out)
}

/// The key of the opaque names: PBKDF2 over every password (as slow to guess at as a
/// password's own key), salted with the archive's title so that two archives differ.
fn names_key(passwords: &[String], title: &str) -> [u8; 32] {
    let mut sorted: Vec<&str> = passwords.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    let salt = Sha256::digest(format!("redthread-names\n{title}").as_bytes());
    crypto::derive(&sorted.join("\n"), &salt, ITERATIONS)
}
