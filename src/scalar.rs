//! YAML scalars that read back exactly as written, for the front matter redthread writes
//! (`new`, `revise`, `import`) and the fixes its messages suggest.

use std::fmt::Write as _;

/// A YAML scalar that reads back as exactly `text`: plain when that is safe (letters first,
/// then letters, digits, spaces and `.,()'/-@?`, not a YAML keyword), double-quoted otherwise.
pub fn scalar(text: &str) -> String {
    quoted_unless_plain(text, " .,()'/-@?")
}

/// Like [`scalar`], for an item of a `[a, b]` list, where a comma ends the item.
pub fn flow_scalar(text: &str) -> String {
    quoted_unless_plain(text, " .()'/-@?")
}

fn quoted_unless_plain(text: &str, allowed: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf",
    ];
    let plain = text.trim() == text
        && text.chars().next().is_some_and(char::is_alphabetic)
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || allowed.contains(c))
        && !text.contains("  ")
        && !KEYWORDS.contains(&text.to_lowercase().as_str());
    if plain {
        return text.to_owned();
    }
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            '\r' => s.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(s, "\\u{:04x}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}
