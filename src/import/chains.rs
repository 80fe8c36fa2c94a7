//! Guessing which files are revisions of one guideline.
//!
//! Two files belong to one chain when their titles (or file names) are the same once
//! version words are taken out ("v2", "version 3", "rev. 2", "rettet", "ny", "opdateret",
//! "reviderad", "updated", dates, Explorer's "- Kopi"/"- Copy") and their texts are alike.
//! A chain is ordered by date; a file whose text is the same as another's, or differs only
//! trivially, is a near-duplicate: reported, not made a revision of its own.

use similar::TextDiff;

/// Words (after lower-casing) that mark a revision, in Danish, Swedish and English.
const VERSION_WORDS: &[&str] = &[
    "rettet",
    "rettelse",
    "ny",
    "nye",
    "nyeste",
    "opdateret",
    "opdatering",
    "revideret",
    "revision",
    "korrigeret",
    "ændret",
    "endelig",
    "gældende",
    "reviderad",
    "uppdaterad",
    "rättad",
    "korrigerad",
    "ändrad",
    "slutlig",
    "nyaste",
    "gällande",
    "updated",
    "revised",
    "corrected",
    "new",
    "newest",
    "latest",
    "final",
    "current",
];

/// Words that mark a copy made by Explorer or Finder.
const COPY_WORDS: &[&str] = &["kopi", "copy", "kopia", "kopie"];

/// Words that introduce a version number ("version 3", "rev. 2", "udgave 2").
const NUMBER_WORDS: &[&str] = &[
    "v", "ver", "version", "rev", "revision", "udgave", "utgåva", "upplaga", "edition", "nr",
];

/// A name with its version words taken out, and what was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stripped {
    /// The lower-cased name without version words, single-spaced.
    pub key: String,
    /// The words taken out, as they were written.
    pub removed: Vec<String>,
    /// A version number the name gives ("v2" -> 2).
    pub number: Option<String>,
    /// The name says it is a copy ("- Kopi", "Copy of", "(2)").
    pub copy: bool,
}

fn is_date_like(w: &str) -> bool {
    let digits = w.chars().filter(char::is_ascii_digit).count();
    let seps = w.chars().filter(|c| matches!(c, '-' | '.' | '/')).count();
    let only = w
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '/'));
    only && ((digits >= 6 && seps >= 1) || digits == 8)
}

fn is_year(w: &str) -> bool {
    w.len() == 4 && w.starts_with("20") && w.chars().all(|c| c.is_ascii_digit())
}

fn is_number(w: &str) -> bool {
    !w.is_empty()
        && w.chars().all(|c| c.is_ascii_digit() || c == '.')
        && w.chars().next().is_some_and(|c| c.is_ascii_digit())
        && !w.ends_with('.')
}

/// Takes version words out of a title or file name (without extension).
pub fn strip(name: &str) -> Stripped {
    // Separators become spaces; brackets are kept as their own tokens.
    let mut spaced = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '_' | '–' | '—' | ',' | ';' => spaced.push(' '),
            '(' | ')' | '[' | ']' => {
                spaced.push(' ');
                spaced.push(c);
                spaced.push(' ');
            }
            c => spaced.push(c),
        }
    }
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let mut keep: Vec<String> = Vec::new();
    let mut removed = Vec::new();
    let mut number = None;
    let mut copy = false;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let lw = w.to_lowercase();
        let bare = lw.trim_matches(|c: char| c == '.' || c == ':' || c == '-' || c == '#');
        // "v2", "v2.1", "rev2", "ver.3"
        let glued = NUMBER_WORDS.iter().find_map(|p| {
            let rest = bare.strip_prefix(p)?;
            let rest = rest.trim_start_matches('.');
            is_number(rest).then(|| rest.to_owned())
        });
        if let Some(n) = glued {
            removed.push(w.to_owned());
            number = Some(n);
            i += 1;
            continue;
        }
        if NUMBER_WORDS.contains(&bare)
            && let Some(next) = words.get(i + 1)
            && is_number(next.trim_end_matches('.'))
        {
            removed.push(format!("{w} {next}"));
            number = Some(next.trim_end_matches('.').to_owned());
            i += 2;
            continue;
        }
        if COPY_WORDS.contains(&bare) {
            removed.push(w.to_owned());
            copy = true;
            // "Kopi af X", "Copy of X", "Kopia av X"
            if let Some(next) = words.get(i + 1)
                && matches!(next.to_lowercase().as_str(), "af" | "of" | "av" | "von")
            {
                i += 1;
            }
            // "- Kopi (2)"
            if words.get(i + 1) == Some(&"(")
                && words.get(i + 2).is_some_and(|n| is_number(n))
                && words.get(i + 3) == Some(&")")
            {
                i += 3;
            }
            i += 1;
            continue;
        }
        if w == "("
            && words
                .get(i + 1)
                .is_some_and(|n| n.len() <= 2 && is_number(n))
            && words.get(i + 2) == Some(&")")
        {
            removed.push(format!("({})", words[i + 1]));
            copy = true;
            i += 3;
            continue;
        }
        if VERSION_WORDS.contains(&bare) {
            removed.push(w.to_owned());
            i += 1;
            continue;
        }
        if is_date_like(bare) || is_year(bare) {
            removed.push(w.to_owned());
            i += 1;
            continue;
        }
        keep.push(lw);
        i += 1;
    }
    // Dangling separators and empty brackets left behind.
    let mut key = keep.join(" ");
    loop {
        let before = key.clone();
        key = key
            .replace("( )", " ")
            .replace("[ ]", " ")
            .trim_matches(|c: char| c == '-' || c == ' ' || c == '.')
            .to_owned();
        key = key.split_whitespace().collect::<Vec<_>>().join(" ");
        key = key.replace(" - -", " -");
        if key.ends_with(" -") {
            key.truncate(key.len() - 2);
        }
        if key == before {
            break;
        }
    }
    Stripped {
        key,
        removed,
        number,
        copy,
    }
}

/// How alike two texts are, 0 to 1, by words.
pub fn similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    TextDiff::configure()
        .timeout(std::time::Duration::from_millis(500))
        .diff_unicode_words(a, b)
        .ratio()
}

/// Texts this alike are revisions of one guideline.
pub const SAME_GUIDELINE: f32 = 0.5;
/// Texts this alike (or equal once spaces and case are ignored) are duplicates.
pub const DUPLICATE: f32 = 0.995;

/// Text with case and spacing normalised, for duplicate detection.
pub fn normalised(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_words_in_three_languages_come_out() {
        for (name, key) in [
            ("Lukning af forløb v2", "lukning af forløb"),
            ("Lukning af forløb - rettet", "lukning af forløb"),
            ("Lukning af forløb (ny)", "lukning af forløb"),
            ("Lukning af forløb version 3", "lukning af forløb"),
            ("Lukning af forløb rev. 2", "lukning af forløb"),
            ("Lukning af forløb 2023-04-01", "lukning af forløb"),
            ("Lukning af forløb - Kopi", "lukning af forløb"),
            ("Kopi af Lukning af forløb", "lukning af forløb"),
            ("Lukning af forløb (2)", "lukning af forløb"),
            (
                "Stängning av vårdförlopp reviderad",
                "stängning av vårdförlopp",
            ),
            ("Closing a course - updated", "closing a course"),
            ("Closing a course_v1.2", "closing a course"),
            ("Opdateret vejledning om LPR", "vejledning om lpr"),
        ] {
            assert_eq!(strip(name).key, key, "{name}");
        }
        let s = strip("Lukning af forløb v2 - Kopi");
        assert_eq!(s.number.as_deref(), Some("2"));
        assert!(s.copy);
        assert_eq!(s.removed, vec!["v2", "Kopi"]);
        // Numbers that are part of the title stay.
        assert_eq!(strip("Top 10 fejl i LPR3").key, "top 10 fejl i lpr3");
    }

    #[test]
    fn similarity_is_by_words() {
        assert_eq!(similarity("a b c", "a b c"), 1.0);
        assert!(similarity("luk forløbet i dag", "luk forløbet i morgen") > 0.7);
        assert!(similarity("luk forløbet", "bestil tolk til patienten") < 0.3);
    }
}
