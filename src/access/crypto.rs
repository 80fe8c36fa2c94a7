//! The closed archive's cryptography, all of it from RustCrypto crates: AES-256-GCM
//! (`aes-gcm`), PBKDF2-HMAC-SHA256 (`pbkdf2`, `hmac`, `sha2`). The page script does the
//! same with the browser's WebCrypto; nothing here is hand-made.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore, SeedableRng};
use sha2::{Digest, Sha256};

/// Associated data of a wrapped content key.
pub const KEY_AAD: &[u8] = b"redthread-key";
/// Bytes of a GCM nonce.
pub const NONCE: usize = 12;

/// Where random bytes come from: the operating system, or (tests) a seeded ChaCha20
/// stream so that two builds with the same seed are byte-identical.
pub enum Random {
    /// The operating system's generator.
    Os,
    /// A seeded stream.
    Seeded(Box<rand_chacha::ChaCha20Rng>),
}

impl Random {
    /// From a test seed (any text), or the operating system without one.
    pub fn new(seed: Option<&str>) -> Random {
        match seed {
            Some(s) => Random::Seeded(Box::new(rand_chacha::ChaCha20Rng::from_seed(
                Sha256::digest(s.as_bytes()).into(),
            ))),
            None => Random::Os,
        }
    }

    /// `N` random bytes.
    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut b = [0u8; N];
        match self {
            Random::Os => OsRng.fill_bytes(&mut b),
            Random::Seeded(r) => r.fill_bytes(&mut b),
        }
        b
    }
}

/// The key PBKDF2-HMAC-SHA256 derives from `password` and `salt`.
pub fn derive(password: &str, salt: &[u8], iterations: u32) -> [u8; 32] {
    pbkdf2::pbkdf2_hmac_array::<Sha256, 32>(password.as_bytes(), salt, iterations)
}

/// AES-256-GCM encryption of `plain` under `key` with `nonce`, bound to `aad`.
pub fn encrypt(key: &[u8; 32], nonce: &[u8; NONCE], plain: &[u8], aad: &[u8]) -> Vec<u8> {
    Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key))
        .encrypt(Nonce::from_slice(nonce), Payload { msg: plain, aad })
        .expect("AES-GCM encrypts any message shorter than 64 GiB")
}

/// The plain text of `sealed` (nonce, then ciphertext and tag), or `None` when the tag
/// does not match: wrong key, or a changed, cut or swapped file.
pub fn decrypt(key: &[u8; 32], sealed: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < NONCE + 16 {
        return None;
    }
    let (nonce, body) = sealed.split_at(NONCE);
    Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key))
        .decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad })
        .ok()
}

/// The opaque name of site path `path`: HMAC-SHA256 under `key`, 20 hex digits.
pub fn name(key: &[u8; 32], path: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key size");
    mac.update(path.as_bytes());
    let out = mac.finalize().into_bytes();
    out[..10].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let key = [7u8; 32];
        let nonce = [1u8; NONCE];
        let mut sealed = nonce.to_vec();
        sealed.extend(encrypt(&key, &nonce, b"hello", b"a"));
        assert_eq!(decrypt(&key, &sealed, b"a").as_deref(), Some(&b"hello"[..]));
        assert_eq!(decrypt(&key, &sealed, b"b"), None, "another file's name");
        assert_eq!(decrypt(&[8u8; 32], &sealed, b"a"), None, "another key");
        for i in 0..sealed.len() {
            let mut t = sealed.clone();
            t[i] ^= 1;
            assert_eq!(decrypt(&key, &t, b"a"), None, "byte {i} flipped");
        }
        assert_eq!(decrypt(&key, &sealed[..sealed.len() - 1], b"a"), None);
    }

    #[test]
    fn pbkdf2_matches_the_rfc_7914_vector() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256("passwd", "salt", 1), first 32 bytes.
        let k = derive("passwd", b"salt", 1);
        assert_eq!(k[..8], [0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f]);
    }
}
