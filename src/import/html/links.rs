//! Which link targets of pasted or imported HTML are kept, and in what form.
//!
//! Kept: `http`, `https`, `mailto` and `tel` addresses and relative ones (a page of the
//! same site; `check` reports one that leads nowhere). Dropped, keeping the link's text:
//! `javascript:` and every other scheme (`file:` paths on the author's PC that Word puts on
//! the clipboard, `data:`), and in-page anchors (`#_Toc…` of Word's table of contents).
//! Outlook's Safe Links and Google's redirect wrappers are unwrapped to the address they
//! stand for, so the site does not send readers through a mail filter.

/// The target to keep for an `href`, if any.
pub(super) fn keep(href: &str) -> Option<String> {
    // Browsers drop tabs and newlines inside URLs (`java\nscript:` runs as script).
    let href: String = href
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let scheme = scheme(&href);
    match scheme.as_deref() {
        None => Some(href),
        Some("http" | "https") => Some(unwrap(&href).unwrap_or(href)),
        Some("mailto" | "tel") => Some(href),
        Some(_) => None,
    }
}

/// The lower-cased scheme of an absolute URL (`HTTPS://x` -> `https`); `None` for a relative
/// one (`a/b.html`, `../x`, `//host/x` is protocol-relative and counts as `https`).
fn scheme(href: &str) -> Option<String> {
    if href.starts_with("//") {
        return Some("https".to_owned());
    }
    let colon = href.find(':')?;
    let name = &href[..colon];
    let slash = href.find(['/', '?', '#']).unwrap_or(href.len());
    let ok = colon < slash
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then(|| name.to_ascii_lowercase())
}

/// The real address (web, mail or phone) inside a Safe Links (`…safelinks.protection.outlook.com/?url=…`) or a
/// Google redirect (`https://www.google.com/url?q=…`).
fn unwrap(href: &str) -> Option<String> {
    let rest = href.split_once("://")?.1;
    let (host, path_query) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let host = host.to_ascii_lowercase();
    let param = if host.ends_with(".safelinks.protection.outlook.com") {
        "url"
    } else if (host == "www.google.com" || host == "google.com") && path_query.starts_with("/url?")
    {
        "q"
    } else {
        return None;
    };
    let query = path_query.split_once('?')?.1;
    let value = query
        .split('&')
        .find_map(|kv| kv.strip_prefix(param)?.strip_prefix('='))?;
    let real = crate::urls::percent_decoded(&value.replace('+', " "));
    matches!(
        scheme(&real).as_deref(),
        Some("http" | "https" | "mailto" | "tel")
    )
    .then_some(real)
}

#[cfg(test)]
mod tests {
    use super::keep;

    #[test]
    fn schemes() {
        assert_eq!(keep(" javascript:alert(1)"), None);
        assert_eq!(keep("java\nscript:alert(1)"), None);
        assert_eq!(keep("JavaScript:void(0)"), None);
        assert_eq!(keep("file:///C:/Users/birthe/Skrivebord/x.docx"), None);
        assert_eq!(keep("#_Toc123"), None);
        assert_eq!(
            keep("../blodprover/index.html").as_deref(),
            Some("../blodprover/index.html")
        );
        assert_eq!(keep("/om/kontakt?x=1").as_deref(), Some("/om/kontakt?x=1"));
        assert_eq!(
            keep("mailto:lab@example.dk").as_deref(),
            Some("mailto:lab@example.dk")
        );
        assert_eq!(
            keep("HTTPS://x.example/a").as_deref(),
            Some("HTTPS://x.example/a")
        );
    }

    #[test]
    fn wrappers_are_unwrapped() {
        assert_eq!(
            keep("https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.sundhed.dk%2Fborger%2F&data=05%7C01&reserved=0").as_deref(),
            Some("https://www.sundhed.dk/borger/")
        );
        assert_eq!(
            keep(
                "https://www.google.com/url?q=https://lab.example.dk/a%3Fb%3D1&sa=D&source=editors"
            )
            .as_deref(),
            Some("https://lab.example.dk/a?b=1")
        );
        assert_eq!(
            keep("https://www.google.com/url?q=javascript:alert(1)").as_deref(),
            Some("https://www.google.com/url?q=javascript:alert(1)")
        );
    }
}
