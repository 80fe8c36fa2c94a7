//! Language tags of `book.toml` (`da`, `da-DK`, `nb`): their primary subtag, and which of
//! them search can stem. A leaf, so configuration, rendering and search read tags one way.

/// Languages whose stemmer and stop words are compiled in, as `book.toml` codes.
pub const SEARCH_LANGUAGES: &[&str] = &["da", "de", "en", "no", "sv"];

/// `da-DK` -> `da`.
pub fn primary(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The elasticlunr language code for a `book.toml` language (`da`, `da-DK`, `nb`...), or
/// `None` when its stemmer is not compiled in.
pub fn search_code(language: &str) -> Option<&'static str> {
    let primary = primary(language);
    // Norwegian Bokmål and Nynorsk share lunr's Norwegian stemmer.
    let primary = match primary.as_str() {
        "nb" | "nn" => "no",
        other => other,
    };
    SEARCH_LANGUAGES.iter().copied().find(|&l| l == primary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(primary("da-DK"), "da");
        assert_eq!(search_code("en"), Some("en"));
        assert_eq!(search_code("da-DK"), Some("da"));
        assert_eq!(search_code("nb"), Some("no"));
        assert_eq!(search_code("SV"), Some("sv"));
        assert_eq!(search_code("fr"), None);
    }
}
