//! Every path in the built site, in one place. Paths are relative to the site root and end
//! in a file name, because a browser reading files from disk does not turn a folder into
//! its `index.html`. Pages link with a "path to root" prefix, so the site works from any
//! sub-path and from `file://`.

/// The home page.
pub const HOME: &str = "index.html";
/// The manifest for tools.
pub const MANIFEST: &str = "archive.json";
/// The not-found page, for hosts that show one.
pub const NOT_FOUND: &str = "404.html";
/// The search index as JSON, for tools.
pub const SEARCH_INDEX: &str = "search-index.json";
/// The same index as a script assigning `window.redthreadSearch`, for pages opened from disk.
pub const SEARCH_SCRIPT: &str = "search-index.js";
/// A part of a split search index: `search/<kind>-<n>.js`.
pub fn search_part(kind: &str, n: usize) -> String {
    format!("search/{kind}-{n}.js")
}
/// The search results page (`search.html?q=words`).
pub const SEARCH_PAGE: &str = "search.html";
/// The what's-new page: the latest changes, newest first (older ones by year).
pub const WHATS_NEW: &str = "whats-new.html";
/// The what's-new page of one year (archives with more changes than its first page holds).
pub fn whats_new_year(year: i16) -> String {
    format!("whats-new-{year}.html")
}
/// Which revision of each guideline was in force on a chosen date.
pub const IN_FORCE: &str = "in-force.html";
/// The theme's words for page scripts (`window.redthreadWords`).
pub const WORDS_SCRIPT: &str = "assets/words.js";
/// The Atom feed of the same changes.
pub const FEED: &str = "feed.xml";
/// Prefix from a page in `guidelines/<id>/` back to the site root.
pub const GUIDELINE_ROOT: &str = "../../";
/// Folder of the theme's CSS and JavaScript.
pub const ASSETS: &str = "assets/";

/// A category's page.
pub fn category(slug: &str) -> String {
    format!("categories/{slug}.html")
}

/// A guideline's stable page, which always shows its current revision.
pub fn guideline(id: &str) -> String {
    format!("guidelines/{id}/index.html")
}

/// A revision's permanent page.
pub fn revision(id: &str, version: &str) -> String {
    format!("guidelines/{id}/v{version}.html")
}

/// The redline between two revisions of one guideline (`from` older than `to`).
pub fn diff(id: &str, from: &str, to: &str) -> String {
    format!("guidelines/{id}/diff-v{from}-v{to}.html")
}

/// The redline from a replaced guideline's last revision to the guideline that replaced it.
pub fn comparison(id: &str, replaced: &str) -> String {
    format!("guidelines/{id}/from-{replaced}.html")
}

/// An attached file from `content/`.
pub fn attachment(rel: &str) -> String {
    format!("files/{rel}")
}

/// The prefix that leads from `page` (a site path) back to the site root.
pub fn root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// Percent-encodes what a file path may hold but an href may not (spaces, `#`, `?`, `%`,
/// non-ASCII), leaving `/` as is.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `%XX` escapes of a link decoded (`a%20b.pdf` -> `a b.pdf`); bytes that are not UTF-8
/// become U+FFFD, so a bad escape shows in the message about the link instead of failing.
pub fn percent_decoded(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_and_encoding() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of(&revision("a", "1.2")), "../../");
        assert_eq!(
            encode_path("files/Blå form #2.pdf"),
            "files/Bl%C3%A5%20form%20%232.pdf"
        );
    }
}
