//! The words redthread says to authors (CLI summaries, errors, hints, the serve overlay, the
//! files `init` and `new` write), in the archive's language.
//!
//! They live in the same translation files as the reader's words, in their `[author]` table
//! (`themes/default/i18n/<language>.toml`), so a translator finds everything in one place.
//! English is read first and the chosen language laid over it key by key, so a missing key
//! falls back to English. Code never spells an author-facing sentence itself: it names a key
//! and its values ([`Said`]); a diagnostic keeps the key, so the edges of the program (`main`,
//! `serve`) can say it again in the archive's language ([`crate::diagnostics::Diagnostics::localize`]).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use serde::Deserialize;

/// The languages with a built-in translation file, as `init --language` accepts them.
pub const LANGUAGES: &[&str] = &["en", "da", "sv"];

/// The parts of a translation file authors' words need: the `[author]` table, and the
/// month names and date pattern the reader's pages use, so a date an author reads is
/// written as readers will see it.
#[derive(Debug, Default, Deserialize)]
struct File {
    #[serde(default)]
    author: BTreeMap<String, String>,
    #[serde(default)]
    months: Vec<String>,
    #[serde(default)]
    date: String,
}

fn table(text: &str) -> File {
    // The files are part of the binary and checked by a unit test; a broken one must not
    // stop an author, so it reads as empty (English then fills in).
    toml::from_str::<File>(text).unwrap_or_default()
}

static EN_FILE: LazyLock<File> =
    LazyLock::new(|| table(include_str!("../themes/default/i18n/en.toml")));
static DA_FILE: LazyLock<File> =
    LazyLock::new(|| table(include_str!("../themes/default/i18n/da.toml")));
static SV_FILE: LazyLock<File> =
    LazyLock::new(|| table(include_str!("../themes/default/i18n/sv.toml")));
static EN: LazyLock<&'static BTreeMap<String, String>> = LazyLock::new(|| &EN_FILE.author);

/// A sentence to say: a key of the `[author]` table and the values of its `{name}` gaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The key (`yaml_colon`).
    pub key: &'static str,
    /// Values for the gaps, in any order.
    pub args: Vec<(&'static str, String)>,
}

/// Starts a sentence with `key`.
pub fn say(key: &'static str) -> Said {
    Said {
        key,
        args: Vec::new(),
    }
}

impl Said {
    /// Fills the gap `{name}` with `value`.
    pub fn arg(mut self, name: &'static str, value: impl std::fmt::Display) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// The sentence in English.
    pub fn english(&self) -> String {
        Messages::english().text(self)
    }
}

/// The author's words of one language, English filling every gap.
#[derive(Debug, Clone)]
pub struct Messages {
    /// Primary language subtag (`en`, `da`, `sv`).
    pub lang: String,
    own: Option<&'static File>,
}

impl Messages {
    /// English.
    pub fn english() -> Messages {
        Messages::new("en")
    }

    /// The words for a language tag (`da`, `da-DK`); English for a language with no file.
    pub fn new(language: &str) -> Messages {
        let lang = crate::lang::primary(language);
        let own: Option<&'static File> = match lang.as_str() {
            "da" => Some(&DA_FILE),
            "sv" => Some(&SV_FILE),
            _ => None,
        };
        Messages { lang, own }
    }

    /// The raw text of a key (the key itself if even English lacks it).
    pub fn raw<'a>(&self, key: &'a str) -> &'a str
    where
        Self: 'a,
    {
        self.own
            .and_then(|t| t.author.get(key))
            .or_else(|| EN.get(key))
            .map_or(key, String::as_str)
    }

    /// Whether this language itself (not the English fallback) has `key`.
    pub fn has_own(&self, key: &str) -> bool {
        self.lang == "en" && EN.contains_key(key)
            || self.own.is_some_and(|t| t.author.contains_key(key))
    }

    /// A sentence with its gaps filled.
    pub fn text(&self, said: &Said) -> String {
        let mut s = self.raw(said.key).to_owned();
        for (name, value) in &said.args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// `key` with `{n}` filled: `key_one` for exactly 1, `key` otherwise.
    pub fn count(&self, key: &'static str, n: usize) -> String {
        let one = format!("{key}_one");
        if n == 1
            && (EN.contains_key(&one) || self.own.is_some_and(|t| t.author.contains_key(&one)))
        {
            self.raw(&one).replace("{n}", "1")
        } else {
            self.raw(key).replace("{n}", &n.to_string())
        }
    }

    /// A date as the reader's pages write it: `15 January 2027`, `15. januar 2027`.
    pub fn date(&self, d: jiff::civil::Date) -> String {
        let file = self
            .own
            .filter(|f| f.months.len() == 12 && !f.date.is_empty())
            .unwrap_or(&EN_FILE);
        let month = file
            .months
            .get(usize::from(d.month().unsigned_abs()).saturating_sub(1))
            .map_or("", String::as_str);
        file.date
            .replace("{day}", &d.day().to_string())
            .replace("{month}", month)
            .replace("{year}", &d.year().to_string())
    }

    /// A decimal number with the language's decimal sign (`0.25`, `0,25`).
    pub fn decimal(&self, value: f64, places: usize) -> String {
        let s = format!("{value:.places$}");
        s.replace('.', self.raw("decimal_sign"))
    }

    /// `Built 3 guidelines (2 current, 5 revisions) in 0.12 s -> site`.
    pub fn built(
        &self,
        guidelines: usize,
        current: usize,
        revisions: usize,
        seconds: f64,
        output: &Path,
    ) -> String {
        self.text(
            &say("build_done")
                .arg("guidelines", self.count("count_guidelines", guidelines))
                .arg("current", self.count("count_current", current))
                .arg("revisions", self.count("count_revisions", revisions))
                .arg("seconds", self.decimal(seconds, 2))
                .arg("output", output.display()),
        )
    }

    /// `1 error, 2 warnings` (warnings left out when there are none and `always` is false).
    pub fn problem_counts(&self, errors: usize, warnings: usize, always: bool) -> String {
        let e = self.count("count_errors", errors);
        if warnings == 0 && !always {
            e
        } else {
            format!("{e}, {}", self.count("count_warnings", warnings))
        }
    }

    /// What `check` says last: `No problems found.` or `1 error, 2 warnings.`
    pub fn check_summary(&self, errors: usize, warnings: usize) -> String {
        if errors + warnings == 0 {
            self.raw("check_clean").to_owned()
        } else {
            self.text(
                &say("check_summary")
                    .arg("errors", self.count("count_errors", errors))
                    .arg("warnings", self.count("count_warnings", warnings)),
            )
        }
    }

    /// What a failed `build` says last.
    pub fn build_failed(&self, errors: usize, warnings: usize) -> String {
        self.text(
            &say("build_failed").arg("problems", self.problem_counts(errors, warnings, false)),
        )
    }

    /// `error: ...` for a failure that is not about one file.
    pub fn failure(&self, said: &Said) -> String {
        format!("{}: {}", self.raw("label_error"), self.text(said))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_files_have_the_same_keys_and_gaps() {
        for (lang, t) in [("da", &DA_FILE.author), ("sv", &SV_FILE.author)] {
            for (k, v) in EN.iter() {
                let own = t
                    .get(k)
                    .unwrap_or_else(|| panic!("{lang}.toml lacks [author] {k}"));
                let gaps = |s: &str| {
                    let mut g: Vec<String> = s
                        .split('{')
                        .skip(1)
                        .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
                        .filter(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
                        .collect();
                    g.sort();
                    g.dedup();
                    g
                };
                assert_eq!(gaps(v), gaps(own), "{lang}.toml [author] {k}");
            }
            for k in t.keys() {
                assert!(EN.contains_key(k), "{lang}.toml has an extra [author] {k}");
            }
        }
        assert!(EN.len() > 50);
    }

    #[test]
    fn counts_and_fallback() {
        let da = Messages::new("da-DK");
        assert_eq!(da.count("count_errors", 1), "1 fejl");
        assert_eq!(da.count("count_guidelines", 3), "3 vejledninger");
        assert_eq!(da.decimal(0.25, 2), "0,25");
        let day = jiff::civil::date(2027, 1, 15);
        assert_eq!(da.date(day), "15. januar 2027");
        assert_eq!(Messages::new("fr").date(day), "15 January 2027");
        let en = Messages::new("fr");
        assert_eq!(en.count("count_guidelines", 1), "1 guideline");
        assert_eq!(
            en.text(&say("yaml_colon").arg("key", "title")),
            "the text after `title:` has a colon in it, so it is read as the start of another key"
        );
    }
}
