//! Served HTML made to work at any depth of the preview: links rooted at `/`, and the
//! live-reload script with the build generation the page came from.

use super::*;

/// The 404 page is written for the site root; served at any depth, its relative links must
/// start from the root (`<base>` is forbidden by the pages' CSP).
pub(super) fn rooted(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest: &str = &text;
    while let Some(i) = rest.find(['h', 's', 'a', 'd']) {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let attr = ["href=\"", "src=\"", "action=\"", "data-root=\""]
            .into_iter()
            .find(|a| after.starts_with(a));
        match attr {
            Some(a) => {
                out.push_str(a);
                let value = &after[a.len()..];
                // `data-root=""` is the page's way back to the site root, which scripts use.
                let relative = !value.starts_with(['/', '#'])
                    && (!value.starts_with('"') || a == "data-root=\"")
                    && {
                        let end = value.find('"').unwrap_or(value.len());
                        !value[..end].contains(':')
                    };
                if relative {
                    out.push('/');
                }
                rest = value;
            }
            None => {
                out.push_str(&after[..1]);
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out.into_bytes()
}
pub(super) const WAITING: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Waiting for a good build</title></head><body><h1>The archive does not build yet</h1><p>The problems are listed in the terminal. Fix them and save; this page reloads by itself.</p></body></html>\n";
/// Inserts the live-reload script before the last `</body>` (or at the end), telling it
/// which build the page came from, so it reloads if a newer one was made meanwhile.
pub(super) fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let at = text.rfind("</body>").unwrap_or(text.len());
    let tag = SCRIPT_TAG.replace(
        "></script>",
        &format!(" data-generation=\"{generation}\"></script>"),
    );
    let mut out = String::with_capacity(text.len() + tag.len() + 1);
    out.push_str(&text[..at]);
    out.push_str(&tag);
    out.push('\n');
    out.push_str(&text[at..]);
    out.into_bytes()
}

/// Inserts `tag` before the last `</body>` (or at the end).
pub(super) fn inject_tag(html: &[u8], tag: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let at = text.rfind("</body>").unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + tag.len() + 1);
    out.push_str(&text[..at]);
    out.push_str(tag);
    out.push('\n');
    out.push_str(&text[at..]);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_body_end_and_404_links_start_at_root() {
        let out = String::from_utf8(inject(b"<body><p>x</p></body></html>", 7)).unwrap();
        assert_eq!(
            out,
            "<body><p>x</p><script src=\"/__redthread/live.js\" data-generation=\"7\"></script>\n</body></html>"
        );
        let out = String::from_utf8(rooted(
            b"<link href=\"assets/s.css\"><a href=\"index.html\">h</a><a href=\"https://x\">x</a><script src=\"assets/a.js\"></script><a href=\"#top\">t</a>",
        ))
        .unwrap();
        assert_eq!(
            out,
            "<link href=\"/assets/s.css\"><a href=\"/index.html\">h</a><a href=\"https://x\">x</a><script src=\"/assets/a.js\"></script><a href=\"#top\">t</a>"
        );
        // The search form and the scripts' way back to the root work at any depth too.
        let out = String::from_utf8(rooted(
            b"<body data-root=\"\"><form action=\"search.html\" data-root=\"\"></form>",
        ))
        .unwrap();
        assert_eq!(
            out,
            "<body data-root=\"/\"><form action=\"/search.html\" data-root=\"/\"></form>"
        );
    }
}
