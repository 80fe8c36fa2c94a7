//! The theme's own words (navigation, banners, search, dates) in the archive's language.
//!
//! Translation files are `i18n/<language>.toml` in a theme. The built-in theme ships `en`,
//! `da` and `sv`; an archive theme's file of the same name overrides single keys. The
//! language is `[book] language` cut to its primary subtag (`da-DK` -> `da`). A key missing
//! from a language, or a language with no file at all, falls back to English, so a partial
//! translation still builds.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Deserialize;

use crate::diagnostics::Diagnostic;

/// One translation file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// Month names, January first.
    #[serde(default)]
    months: Option<Vec<String>>,
    /// A date: `{day} {month} {year}`.
    #[serde(default)]
    date: Option<String>,
    /// A month: `{month} {year}`.
    #[serde(default)]
    month_year: Option<String>,
    /// Words for templates (`t.key`).
    #[serde(default)]
    words: BTreeMap<String, String>,
    /// Words for the page scripts (`assets/words.js`).
    #[serde(default)]
    js: BTreeMap<String, String>,
    /// What redthread says to authors; read by [`crate::messages`], not by pages.
    #[serde(default)]
    #[allow(dead_code)]
    author: BTreeMap<String, String>,
}

/// The words of one language, English filling every gap.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// Primary language subtag the words are for (`en`, `da`).
    pub lang: String,
    /// Template words.
    pub words: BTreeMap<String, String>,
    /// Script words.
    pub js: BTreeMap<String, String>,
    months: Vec<String>,
    date: String,
    month_year: String,
}

/// Parses one file; `shown` names it in a diagnostic.
pub fn parse(text: &str, shown: &str) -> Result<File, Diagnostic> {
    toml::from_str::<File>(text).map_err(|e| {
        let line = e.span().map_or(0, |s| {
            text[..s.start.min(text.len())].matches('\n').count() + 1
        });
        Diagnostic::error(
            shown.to_owned(),
            line,
            0,
            format!("translation file: {}", e.message()),
        )
    })
}

impl Words {
    /// Lays `files` over each other in order (English first, the chosen language last).
    pub fn layered(lang: String, files: &[File]) -> Words {
        let mut w = Words {
            lang,
            ..Words::default()
        };
        for f in files {
            w.words
                .extend(f.words.iter().map(|(k, v)| (k.clone(), v.clone())));
            w.js.extend(f.js.iter().map(|(k, v)| (k.clone(), v.clone())));
            if let Some(m) = f.months.as_ref().filter(|m| m.len() == 12) {
                w.months = m.clone();
            }
            if let Some(d) = &f.date {
                w.date = d.clone();
            }
            if let Some(d) = &f.month_year {
                w.month_year = d.clone();
            }
        }
        w
    }

    fn fill(&self, pattern: &str, d: Date) -> String {
        let month = self
            .months
            .get(usize::from(d.month().unsigned_abs()).saturating_sub(1))
            .map_or("", String::as_str);
        pattern
            .replace("{day}", &d.day().to_string())
            .replace("{month}", month)
            .replace("{year}", &d.year().to_string())
    }

    /// A date for reading: `3 March 2024`, `3. marts 2024`.
    pub fn date(&self, d: Date) -> String {
        self.fill(&self.date, d)
    }

    /// A month for reading: `March 2024`.
    pub fn month(&self, d: Date) -> String {
        self.fill(&self.month_year, d)
    }

    /// A template word (the key itself if even English lacks it).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.words.get(key).map_or(key, String::as_str)
    }

    /// `assets/words.js`: the script words, month names and date pattern as a global, so
    /// page scripts read them from a file (no inline script under the CSP, works from disk).
    pub fn script(&self) -> Vec<u8> {
        #[derive(serde::Serialize)]
        struct Js<'a> {
            lang: &'a str,
            months: &'a [String],
            date: &'a str,
            words: &'a BTreeMap<String, String>,
        }
        let json = serde_json::to_string(&Js {
            lang: &self.lang,
            months: &self.months,
            date: &self.date,
            words: &self.js,
        })
        .expect("strings always serialize");
        format!("window.redthreadWords = {json};\n").into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_fall_back_to_english() {
        let en = parse(
            "months = [\"January\",\"February\",\"March\",\"April\",\"May\",\"June\",\"July\",\"August\",\"September\",\"October\",\"November\",\"December\"]\ndate = \"{day} {month} {year}\"\nmonth_year = \"{month} {year}\"\n[words]\nhome = \"Home\"\nversion = \"Version\"\n",
            "en",
        )
        .unwrap();
        let da = parse(
            "date = \"{day}. {month} {year}\"\n[words]\nhome = \"Forside\"\n",
            "da",
        )
        .unwrap();
        let w = Words::layered("da".into(), &[en, da]);
        assert_eq!(w.get("home"), "Forside");
        assert_eq!(w.get("version"), "Version");
        assert_eq!(w.date(Date::constant(2024, 3, 3)), "3. March 2024");
    }

    #[test]
    fn a_bad_file_names_its_line() {
        let e = parse("[words]\nhome = 3\n", "themes/x/i18n/da.toml").unwrap_err();
        assert!(e.to_string().contains(":2"), "{e}");
    }

    #[test]
    fn shipped_languages_translate_every_english_key() {
        let en = parse(include_str!("../../themes/default/i18n/en.toml"), "en").unwrap();
        for (name, text) in [
            ("da", include_str!("../../themes/default/i18n/da.toml")),
            ("sv", include_str!("../../themes/default/i18n/sv.toml")),
        ] {
            let f = parse(text, name).unwrap();
            let keys = |m: &BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(&f.words), keys(&en.words), "{name}: template words");
            assert_eq!(keys(&f.js), keys(&en.js), "{name}: script words");
            assert_eq!(f.months.map(|m| m.len()), Some(12), "{name}: months");
        }
    }
}
