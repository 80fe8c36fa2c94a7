//! `book.toml` -> [`Config`]: every setting has a default, unknown keys are errors.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::source::SourceFile;

/// Settings of one archive, from `book.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The `[book]` table.
    pub book: BookConfig,
    /// The `[build]` table.
    pub build: BuildConfig,
    /// The `[search]` table.
    pub search: SearchConfig,
    /// The `[access]` table: when present, `build` makes a closed (encrypted) archive.
    pub access: Option<AccessConfig>,
}

/// `[book]`: what the archive is.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct BookConfig {
    /// Site title.
    pub title: String,
    /// One line under the title.
    pub description: String,
    /// Language of the content and the theme (`en`, `da`, `sv`, ...).
    pub language: String,
    /// Absolute address where the site is published, for feed links; optional.
    pub base_url: Option<String>,
    /// Maintainers, shown in the footer; optional.
    pub authors: Vec<String>,
}

/// `[build]`: where and how to build.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct BuildConfig {
    /// Output folder, relative to the archive root.
    pub output: String,
    /// Theme name: `themes/<name>/` in the archive overrides the built-in theme file by file.
    pub theme: String,
}

/// `[search]`: the client-side search index.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SearchConfig {
    /// Build the search index and search page and show the search box (default on).
    /// Requires a `[book] language` with a compiled-in stemmer (see [`crate::lang::SEARCH_LANGUAGES`]).
    pub enable: bool,
    /// Whether the index is split into parts loaded per query (see [`SearchSplit`]).
    pub split: SearchSplit,
    /// Groups of words and phrases that mean the same (`[["in basket", "inbox"], ...]`): a
    /// query for one also finds the others. Applied at query time.
    pub synonyms: Vec<Vec<String>>,
}

/// `[search] split`: one index file, or parts that a query loads only as needed.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SearchSplit {
    /// Split when one file would be over about a megabyte.
    #[default]
    Auto,
    /// Always split (for testing a small archive the way a large one is served).
    Always,
    /// Never split.
    Never,
}

/// `[access]`: where the passwords come from. Never the passwords themselves.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct AccessConfig {
    /// Environment variables that hold passwords, one password per line.
    pub password_env: OneOrMany,
    /// Files (outside `content/`, `static/`, `themes/` and the output) holding passwords,
    /// one per line; relative to the archive folder.
    pub password_file: OneOrMany,
}

/// A name, or a list of names.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum OneOrMany {
    /// Not given.
    #[default]
    None,
    /// One name.
    One(String),
    /// Several names.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The names given, in order.
    pub fn names(&self) -> Vec<&str> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

impl Default for BookConfig {
    fn default() -> Self {
        BookConfig {
            title: "Guidelines".into(),
            description: String::new(),
            language: "en".into(),
            base_url: None,
            authors: Vec::new(),
        }
    }
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            output: "site".into(),
            theme: "default".into(),
        }
    }
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enable: true,
            split: SearchSplit::Auto,
            synonyms: Vec::new(),
        }
    }
}

/// The tables of `book.toml` and their keys, read from the structs themselves so the
/// unknown-key check can never disagree with what is parsed.
fn tables() -> [(&'static str, &'static [&'static str]); 4] {
    [
        ("book", crate::keys::fields_of::<BookConfig>()),
        ("build", crate::keys::fields_of::<BuildConfig>()),
        ("search", crate::keys::fields_of::<SearchConfig>()),
        ("access", crate::keys::fields_of::<AccessConfig>()),
    ]
}

/// Reads `book.toml` from the archive root; a missing file means all defaults.
pub fn load(root: &Path) -> Result<Config, Diagnostics> {
    let path = root.join("book.toml");
    let text = match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                return Err(Diagnostics(vec![Diagnostic::error(
                    "book.toml",
                    0,
                    0,
                    "book.toml is not UTF-8 text",
                )]));
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => {
            return Err(Diagnostics(vec![Diagnostic::error(
                "book.toml",
                0,
                0,
                format!("cannot read book.toml: {e}"),
            )]));
        }
    };
    parse(&text)
}

/// Parses the text of a `book.toml`, reporting every unknown key at once.
pub fn parse(text: &str) -> Result<Config, Diagnostics> {
    let file = SourceFile::new("book.toml".into(), text.to_owned());
    let at = |offset: usize, message: String| {
        let (line, col) = file.line_col(offset);
        Diagnostic::error("book.toml", line, col, message).with_snippet(file.line(line))
    };
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let message = e.message().trim().to_owned();
            return Err(Diagnostics(vec![at(offset, message)]));
        }
    };
    let mut problems = Diagnostics::default();
    let tables = tables();
    for (name, value) in &table {
        let Some((_, keys)) = tables.iter().find(|(t, _)| t == name) else {
            let mut d = at(
                find_key(text, None, name),
                format!("unknown table `[{name}]`"),
            );
            d = match did_you_mean(name, tables.iter().map(|(t, _)| *t)) {
                Some(s) => d.with_hint(format!("did you mean `[{s}]`?")),
                None => d.with_hint("known tables: [book], [build], [search], [access]"),
            };
            problems.push(d);
            continue;
        };
        let Some(inner) = value.as_table() else {
            problems.push(at(
                find_key(text, None, name),
                format!("`{name}` must be a table: write `[{name}]`"),
            ));
            continue;
        };
        for key in inner.keys() {
            if !keys.contains(&key.as_str()) {
                let mut d = at(
                    find_key(text, Some(name), key),
                    format!("unknown key `{key}` in [{name}]"),
                );
                d = match did_you_mean(key, keys.iter().copied()) {
                    Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                    None => d.with_hint(format!("[{name}] takes: {}", keys.join(", "))),
                };
                problems.push(d);
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    match toml::from_str::<Config>(text) {
        Ok(mut c) => {
            if c.search.enable && crate::lang::search_code(&c.book.language).is_none() {
                let d = at(
                    find_key(text, Some("book"), "language"),
                    format!("search has no stemmer for language `{}`", c.book.language),
                )
                .with_hint(format!(
                    "search supports {}; or turn search off with `[search] enable = false`",
                    crate::lang::SEARCH_LANGUAGES.join(", ")
                ));
                return Err(Diagnostics(vec![d]));
            }
            if let Some(url) = c.book.base_url.as_mut() {
                let lower = url.to_ascii_lowercase();
                let host = lower
                    .strip_prefix("https://")
                    .or_else(|| lower.strip_prefix("http://"));
                if host.is_none_or(|h| {
                    h.is_empty() || h.starts_with('/') || url.contains(char::is_whitespace)
                }) {
                    return Err(Diagnostics(vec![
                        at(
                            find_key(text, Some("book"), "base_url"),
                            format!("`base_url` must be an absolute http:// or https:// address, not `{url}`"),
                        )
                        .with_hint("for example: base_url = \"https://intranet.example.org/guidelines/\""),
                    ]));
                }
                // Site paths are appended to it, so it names a folder.
                if !url.ends_with('/') {
                    url.push('/');
                }
            }
            Ok(c)
        }
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            Err(Diagnostics(vec![at(offset, e.message().trim().to_owned())]))
        }
    }
}

/// Byte offset of `key` inside `[table]` (or of the table header itself), for error positions.
fn find_key(text: &str, table: Option<&str>, key: &str) -> usize {
    let mut offset = 0;
    let mut in_table = table.is_none();
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('[') {
            let name = t.trim_matches(|c| c == '[' || c == ']').trim();
            if table.is_none() && name == key {
                return offset;
            }
            in_table = table == Some(name);
        } else if in_table {
            let k = t.split('=').next().unwrap_or("").trim().trim_matches('"');
            if k == key || (table.is_none() && k.starts_with(&format!("{key}."))) {
                return offset + (line.len() - line.trim_start().len());
            }
        }
        offset += line.len();
    }
    0
}

/// The author's words for the archive at `root`: the language of its `book.toml`, English
/// when there is none or it cannot be read (its problems are the build's to report).
pub fn messages(root: &Path) -> crate::messages::Messages {
    match load(root) {
        Ok(c) => crate::messages::Messages::new(&c.book.language),
        Err(_) => crate::messages::Messages::english(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unknown_key_check_knows_every_field() {
        let t = tables();
        assert_eq!(
            t[0].1,
            ["title", "description", "language", "base_url", "authors"]
        );
        assert_eq!(t[1].1, ["output", "theme"]);
        assert_eq!(t[2].1, ["enable", "split", "synonyms"]);
        assert_eq!(t[3].1, ["password_env", "password_file"]);
    }

    #[test]
    fn empty_is_all_defaults() {
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn unknown_keys_name_line_and_hint() {
        let err = parse("[book]\ntitle = \"x\"\ntitel = \"y\"\n[buld]\n").unwrap_err();
        assert_eq!(err.0.len(), 2);
        let key = err.0.iter().find(|d| d.message.contains("titel")).unwrap();
        assert_eq!(
            (key.line, key.hint.as_deref()),
            (3, Some("did you mean `title`?"))
        );
        let table = err.0.iter().find(|d| d.message.contains("buld")).unwrap();
        assert_eq!(table.line, 4);
    }

    #[test]
    fn search_needs_a_supported_language() {
        let err = parse("[book]\ntitle = \"x\"\nlanguage = \"fr\"\n").unwrap_err();
        assert_eq!(err.0[0].line, 3);
        assert!(err.0[0].hint.as_deref().unwrap().contains("enable = false"));
        let off = parse("[book]\nlanguage = \"fr\"\n[search]\nenable = false\n").unwrap();
        assert!(!off.search.enable);
        assert!(parse("[book]\nlanguage = \"da-DK\"\n").is_ok());
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let err = parse("[book]\ntitle = \n").unwrap_err();
        assert_eq!(err.0[0].line, 2);
    }
}
