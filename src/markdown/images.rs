//! Images in a body: local, remote or `data:` addresses, and the warnings each gets.

/// Says "image" where a link's message says "link", so an author knows which of the line's
/// targets is meant.
pub(super) fn image_words(message: String) -> String {
    let message = match message.strip_prefix("link to ") {
        Some(rest) => format!("image {rest}"),
        None => match message.strip_prefix("link ") {
            Some(rest) => format!("image {rest}"),
            None => message,
        },
    };
    let message = message.replace("only its text is kept", "it is left out");
    match message.strip_suffix(", but that file does not exist") {
        Some(start) => format!("{start} is missing: there is no such file"),
        None => message,
    }
}

/// `https://…`, `//host/…`: an address on another site (an SVG's `xmlns='http://…'` inside
/// a `data:` address is not one).
/// What a page shows in place of an image on another site, as the text of a link to it.
pub const REMOTE_IMAGE: &str = "[image] ";

/// Whether an address is on another site (`scheme://` or `//`).
pub fn is_remote(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find("://") {
        Some(i) => dest[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')),
        None => false,
    }
}

/// Whether an address is a `data:` address (never shown).
pub fn is_data_address(dest: &str) -> bool {
    dest.trim_start()
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
}

pub(super) fn data_image_message(dest: &str) -> String {
    let kind = dest
        .trim_start()
        .get(5..)
        .and_then(|r| r.split([';', ',']).next())
        .unwrap_or("");
    format!(
        "image is written into the file as a `data:{kind}` address, which pages do not show; it is left out (save the picture as a file next to the guideline and write ![description](picture-file-name))"
    )
}

/// Why a raw `<img src>` value cannot be shown, if it cannot.
pub(super) fn image_problem(src: &str) -> Option<String> {
    if is_data_address(src) {
        Some(data_image_message(src))
    } else if is_remote(src) {
        Some(format!(
            "image `{src}` is on another site; it is left out so the page makes no request off-site"
        ))
    } else {
        None
    }
}
