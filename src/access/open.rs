//! Reading a sealed site back with a password: what the unlock script does in the browser,
//! for tests and for checking a published copy.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

use super::crypto::{self, KEY_AAD};
use super::seal::{DATA, MAP_AAD, Map};

/// Why a sealed site or one of its files cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OpenError {
    /// No password slot opens with this password.
    #[error("this password does not open the archive")]
    WrongPassword,
    /// A file failed its check: changed, cut short, or moved to another name.
    #[error("{0} is damaged or has been changed")]
    Damaged(String),
    /// A file is not there.
    #[error("{0} is missing")]
    Missing(String),
}

/// An unlocked sealed site.
#[derive(Debug)]
pub struct Opened {
    dir: PathBuf,
    key: [u8; 32],
    /// Open-site path -> opaque name.
    pub files: BTreeMap<String, String>,
}

#[derive(serde::Deserialize)]
struct Keys {
    slots: Vec<super::seal::Slot>,
    iterations: u32,
    map: String,
}

/// Unlocks the sealed site in `dir` with `password`.
pub fn open(dir: &Path, password: &str) -> Result<Opened, OpenError> {
    let damaged = || OpenError::Damaged("keys.js".into());
    let text = std::fs::read_to_string(dir.join("keys.js"))
        .map_err(|_| OpenError::Missing("keys.js".into()))?;
    let json = text
        .trim_end()
        .strip_prefix("window.redthreadKeys = ")
        .and_then(|t| t.strip_suffix(';'))
        .ok_or_else(damaged)?;
    let keys: Keys = serde_json::from_str(json).map_err(|_| damaged())?;
    let mut key = None;
    for slot in &keys.slots {
        let salt = B64.decode(&slot.salt).map_err(|_| damaged())?;
        let kek = crypto::derive(password, &salt, keys.iterations);
        let wrapped = B64.decode(&slot.key).map_err(|_| damaged())?;
        if let Some(k) = crypto::decrypt(&kek, &wrapped, KEY_AAD) {
            key = Some(k.try_into().map_err(|_| damaged())?);
            break;
        }
    }
    let key: [u8; 32] = key.ok_or(OpenError::WrongPassword)?;
    let map = B64.decode(&keys.map).map_err(|_| damaged())?;
    let map = crypto::decrypt(&key, &map, MAP_AAD).ok_or_else(damaged)?;
    let map: Map = serde_json::from_slice(&map).map_err(|_| damaged())?;
    Ok(Opened {
        dir: dir.to_path_buf(),
        key,
        files: map.files,
    })
}

impl Opened {
    /// The sealed site's file that holds open-site path `path`.
    pub fn sealed_path(&self, path: &str) -> Option<String> {
        let name = self.files.get(path)?;
        Some(if path.ends_with(".html") {
            format!("{name}.html")
        } else {
            format!("{DATA}{name}.js")
        })
    }

    /// The bytes of open-site path `path`, checked.
    pub fn read(&self, path: &str) -> Result<Vec<u8>, OpenError> {
        let sealed = self
            .sealed_path(path)
            .ok_or_else(|| OpenError::Missing(path.to_owned()))?;
        let name = &self.files[path];
        let text = std::fs::read_to_string(self.dir.join(&sealed))
            .map_err(|_| OpenError::Missing(sealed.clone()))?;
        let damaged = || OpenError::Damaged(sealed.clone());
        let data = if path.ends_with(".html") {
            let start = r#"<script id="rt-sealed" type="application/octet-stream">"#;
            let at = text.find(start).ok_or_else(damaged)? + start.len();
            let end = text[at..].find("</script>").ok_or_else(damaged)?;
            &text[at..at + end]
        } else {
            let prefix = format!("redthreadSealed(\"{name}\",\"");
            text.strip_prefix(&prefix)
                .and_then(|t| t.trim_end().strip_suffix("\");"))
                .ok_or_else(damaged)?
        };
        let bytes = B64.decode(data).map_err(|_| damaged())?;
        crypto::decrypt(&self.key, &bytes, name.as_bytes()).ok_or_else(damaged)
    }
}
