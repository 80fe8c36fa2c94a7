//! The unlock page in front of every page of a closed archive. It holds the page's
//! ciphertext and nothing of the archive: the same generic title and words for every
//! archive in a language.

use crate::render::words::Words;

/// Keys of the words the unlock page and script use (in the theme's `i18n/*.toml`).
const SCRIPT_WORDS: &[(&str, &str)] = &[
    ("working", "access_working"),
    ("wrong", "access_wrong"),
    ("damaged", "access_damaged"),
    ("unsupported", "access_unsupported"),
    ("lock", "access_lock"),
    ("lock_label", "access_lock_label"),
    ("empty", "access_empty"),
];

/// The shared part of every unlock page.
pub struct Shell {
    head: String,
    tail: String,
}

impl Shell {
    /// Unlock pages in the words' language.
    pub fn new(words: &Words) -> Shell {
        let w = |k: &str| escape(words.get(k));
        let script: serde_json::Map<String, serde_json::Value> = SCRIPT_WORDS
            .iter()
            .map(|(k, key)| ((*k).to_owned(), words.get(key).into()))
            .collect();
        // `<` is escaped so no word can end the script element.
        let script = serde_json::Value::Object(script)
            .to_string()
            .replace('<', "\\u003c");
        let lang = escape(&words.lang);
        let head = format!(
            r#"<!DOCTYPE html>
<html lang="{lang}" data-page=""#
        );
        let tail = format!(
            r#"">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' blob:; style-src 'self' blob:; img-src 'self' data: blob:; font-src 'self' blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<meta name="generator" content="redthread">
<title>{title}</title>
<link rel="stylesheet" href="lock.css">
<script src="keys.js" defer></script>
<script src="lock.js" defer></script>
</head>
<body>
<main class="rt-lock" id="rt-lock">
<h1 id="rt-title">{title}</h1>
<p>{intro}</p>
<noscript><p class="rt-error">{noscript}</p></noscript>
<form id="rt-unlock" class="rt-form" aria-labelledby="rt-title" hidden>
<label for="rt-password">{password}</label>
<input id="rt-password" name="password" type="password" autocomplete="current-password" required aria-describedby="rt-status">
<p class="rt-check"><input id="rt-remember" type="checkbox" aria-describedby="rt-remember-note"> <label for="rt-remember">{remember}</label></p>
<p id="rt-remember-note" class="rt-note">{remember_note}</p>
<button id="rt-submit" type="submit">{unlock}</button>
<p id="rt-status" class="rt-status" role="status" aria-live="polite"></p>
</form>
</main>
<script id="rt-words" type="application/json">{script}</script>
<script id="rt-sealed" type="application/octet-stream">"#,
            title = w("access_title"),
            intro = w("access_intro"),
            noscript = w("access_noscript"),
            password = w("access_password"),
            remember = w("access_remember"),
            remember_note = w("access_remember_note"),
            unlock = w("access_unlock"),
        );
        Shell { head, tail }
    }

    /// The unlock page for the page named `name`, holding its ciphertext `data` (base64).
    pub fn page(&self, name: &str, data: &str) -> String {
        let mut s = String::with_capacity(self.head.len() + self.tail.len() + data.len() + 64);
        s.push_str(&self.head);
        s.push_str(name);
        s.push_str(&self.tail);
        s.push_str(data);
        s.push_str("</script>\n</body>\n</html>\n");
        s
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
