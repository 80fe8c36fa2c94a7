//! Splitting a cell's text into the tokens a word diff compares: words, runs of spaces and
//! single punctuation marks. Numbers stay whole with what belongs to them, so a changed
//! time, date, ordinal, amount or code is one changed token: `14:00`, `2021-06-30`,
//! `30/06/2021`, `30.06.21`, `10th`, `5.` (before a word), `7,5 %`, `45%`, `DZ03.9`,
//! `ICD-10`.

use std::ops::Range;

use crate::blocks::{Span, Style};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Letters and digits (with the joiners that keep numbers and codes whole).
    Word,
    /// Whitespace.
    Space,
    /// One other character.
    Punct,
    /// A whole image (its alt text).
    Image,
}

/// One token: a byte range of the cell's text and its class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Where it is in the cell's text.
    pub range: Range<usize>,
    /// What it is.
    pub class: Class,
}

/// Splits `text` into tokens. A token never crosses the edge of a span (so each token has
/// one look), and an image span is one token.
pub fn tokens(text: &str, spans: &[Span]) -> Vec<Token> {
    let mut cuts: Vec<usize> = Vec::new();
    let mut images: Vec<Range<usize>> = Vec::new();
    for s in spans {
        if matches!(s.style, Style::Image(_)) {
            images.push(s.range.clone());
        }
        cuts.push(s.range.start);
        cuts.push(s.range.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    images.sort_by_key(|r| r.start);
    let mut out = Vec::new();
    let mut at = 0;
    let mut image = images.iter().peekable();
    let mut cut = 0;
    while at < text.len() {
        while image.peek().is_some_and(|r| r.end <= at) {
            image.next();
        }
        if let Some(r) = image.peek()
            && r.start == at
        {
            out.push(Token {
                range: (*r).clone(),
                class: Class::Image,
            });
            at = r.end.max(at + 1);
            continue;
        }
        // The next forced cut after `at` (span edges); `at` only grows, so the cuts
        // behind it are passed once.
        while cuts.get(cut).is_some_and(|&c| c <= at) {
            cut += 1;
        }
        let limit = cuts.get(cut).copied().unwrap_or(text.len()).min(text.len());
        let (end, class) = one(text, at, limit);
        out.push(Token {
            range: at..end,
            class,
        });
        at = end;
    }
    out
}

/// Letters, digits and `_` (which joins identifiers: `_gat_legacyTracker`, `__gpi`).
fn alnum(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The token starting at `at`, ending at or before `limit`.
fn one(text: &str, at: usize, limit: usize) -> (usize, Class) {
    let s = &text[at..limit];
    let first = s.chars().next().expect("not at the end");
    if first.is_whitespace() {
        let n = s
            .char_indices()
            .find(|(_, c)| !c.is_whitespace())
            .map_or(s.len(), |(i, _)| i);
        return (at + n, Class::Space);
    }
    if !alnum(first) {
        return (at + first.len_utf8(), Class::Punct);
    }
    // Read char by char from `at` (never collecting the rest of the text: that made a
    // 2 MB paragraph quadratic).
    let char_at = |i: usize| s.get(i..).and_then(|r| r.chars().next());
    let mut i = 0;
    let mut last = first;
    let mut digits_only = true;
    let mut has_digit = false;
    loop {
        // A run of letters and digits.
        while let Some(c) = char_at(i).filter(|&c| alnum(c)) {
            digits_only &= c.is_numeric();
            has_digit |= c.is_numeric();
            last = c;
            i += c.len_utf8();
        }
        let Some(join) = char_at(i) else { break };
        let Some(next) = char_at(i + join.len_utf8()) else {
            break;
        };
        let joins = match join {
            // Codes and compounds: ICD-10, 2021-06-30, e-mail.
            '-' | '‐' | '‑' => alnum(next),
            // Decimals, times, dates: 7,5  14:00  30.06.21  30/06/2021  DZ03.9.
            '.' | ',' | ':' | '/' => last.is_numeric() && next.is_numeric(),
            // Elisions: don't, it’s.
            '\'' | '’' => last.is_alphabetic() && next.is_alphabetic(),
            _ => false,
        };
        if !joins {
            break;
        }
        i += join.len_utf8();
    }
    let mut end = i;
    let rest = &s[end..];
    if has_digit && last.is_numeric() {
        // Percentages: 45%, 7,5 %.
        if rest.starts_with('%') {
            end += 1;
        } else if rest.starts_with(" %") || rest.starts_with("\u{a0}%") {
            end += rest.chars().next().map_or(1, char::len_utf8) + 1;
        } else if digits_only && s[..end].chars().count() <= 3 && rest.starts_with('.') {
            // Ordinals written with a dot (5. juni), before a word: not a sentence's end.
            let after = &rest[1..];
            let mut it = after.chars();
            if it.next().is_some_and(char::is_whitespace)
                && it
                    .next()
                    .is_some_and(|c| c.is_alphabetic() && c.is_lowercase())
            {
                end += 1;
            }
        }
    }
    (at + end, Class::Word)
}

/// A token's key for pairing blocks: a word lowercased, without case or punctuation noise.
/// Spaces and punctuation have none.
pub fn pairing_key(text: &str, class: Class) -> Option<String> {
    match class {
        Class::Word => Some(
            text.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect(),
        ),
        Class::Image => Some(format!("\u{1}{text}")),
        Class::Space | Class::Punct => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokens(s, &[])
            .into_iter()
            .filter(|t| t.class != Class::Space)
            .map(|t| &s[t.range])
            .collect()
    }

    #[test]
    fn numbers_dates_times_and_codes_stay_whole() {
        assert_eq!(
            words("at 14:00 on 2021-06-30"),
            ["at", "14:00", "on", "2021-06-30"]
        );
        assert_eq!(
            words("30/06/2021 or 30.06.21."),
            ["30/06/2021", "or", "30.06.21", "."]
        );
        assert_eq!(words("the 10th time"), ["the", "10th", "time"]);
        assert_eq!(words("den 5. juni"), ["den", "5.", "juni"]);
        assert_eq!(words("in step 5. Then"), ["in", "step", "5", ".", "Then"]);
        assert_eq!(words("7,5 % of 45%"), ["7,5 %", "of", "45%"]);
        assert_eq!(words("45 minutes"), ["45", "minutes"]);
        assert_eq!(
            words("DZ03.9 and ICD-10,"),
            ["DZ03.9", "and", "ICD-10", ","]
        );
        assert_eq!(words("don't stop."), ["don't", "stop", "."]);
        assert_eq!(words("Npm, Inc."), ["Npm", ",", "Inc", "."]);
        assert_eq!(
            words("__gads, _gat_legacyTracker"),
            ["__gads", ",", "_gat_legacyTracker"]
        );
    }

    #[test]
    fn spans_cut_tokens_and_images_are_one() {
        let spans = [
            Span {
                range: 0..4,
                style: Style::Strong,
            },
            Span {
                range: 11..18,
                style: Style::Image("a.png".into()),
            },
        ];
        let s = "boldface a picture";
        let t: Vec<(&str, Class)> = tokens(s, &spans)
            .into_iter()
            .map(|t| (&s[t.range], t.class))
            .collect();
        assert_eq!(
            t,
            [
                ("bold", Class::Word),
                ("face", Class::Word),
                (" ", Class::Space),
                ("a", Class::Word),
                (" ", Class::Space),
                ("picture", Class::Image),
            ]
        );
    }

    #[test]
    fn pairing_ignores_case_and_punctuation() {
        assert_eq!(
            pairing_key("Npm", Class::Word),
            pairing_key("npm", Class::Word)
        );
        assert_eq!(pairing_key(",", Class::Punct), None);
    }
}
