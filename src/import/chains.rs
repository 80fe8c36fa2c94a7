//! Guessing which files are revisions of one guideline.
//!
//! Two files belong to one chain when their titles (or file names) are the same once
//! version words are taken out ("v2", "version 3", "rev. 2", "rettet", "ny", "opdateret",
//! "reviderad", "updated", dates, Explorer's "- Kopi"/"- Copy") and their texts are alike.
//! A chain is ordered by date; a file whose text is the same as another's, or differs only
//! trivially, is a near-duplicate: reported, not made a revision of its own.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use similar::TextDiff;

use super::guess::Read;
use super::*;

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

// Grouping read documents into guidelines.

/// A guessed guideline: members oldest first, duplicates left out, and the evidence.
#[derive(Debug, Default)]
pub(super) struct Group {
    pub(super) members: Vec<usize>,
    /// (duplicate, the member it duplicates, similarity).
    pub(super) duplicates: Vec<(usize, usize, f32)>,
    /// (older, newer, evidence).
    pub(super) links: Vec<(usize, usize, Vec<Note>)>,
}

pub(super) fn find_root(parent: &mut [usize], i: usize) -> usize {
    let mut r = i;
    while parent[r] != r {
        r = parent[r];
    }
    let mut i = i;
    while parent[i] != r {
        let next = parent[i];
        parent[i] = r;
        i = next;
    }
    r
}

/// Groups the read documents into guidelines. Returns the groups (in the order of their
/// first file) and pairs kept apart (same name, texts not alike).
#[allow(clippy::type_complexity)]
pub(super) fn group(reads: &[Read], chains_on: bool) -> (Vec<Group>, Vec<(usize, usize, f32)>) {
    let n = reads.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut apart = Vec::new();
    let mut sims: HashMap<(usize, usize), f32> = HashMap::new();
    let normal: Vec<String> = reads.iter().map(|r| chains::normalised(&r.text)).collect();
    if chains_on {
        for i in 0..n {
            for j in i + 1..n {
                let same_name = !reads[i].name.key.is_empty()
                    && (reads[i].name.key == reads[j].name.key
                        || reads[i].title_key.key == reads[j].title_key.key
                        || reads[i].name.key == reads[j].title_key.key
                        || reads[i].title_key.key == reads[j].name.key);
                let identical = !normal[i].is_empty() && normal[i] == normal[j];
                if !same_name && !identical {
                    continue;
                }
                let sim = if identical {
                    1.0
                } else {
                    chains::similarity(&reads[i].text, &reads[j].text)
                };
                sims.insert((i, j), sim);
                if sim >= chains::SAME_GUIDELINE {
                    let (a, b) = (find_root(&mut parent, i), find_root(&mut parent, j));
                    if a != b {
                        parent[b.max(a)] = a.min(b);
                    }
                } else {
                    apart.push((i, j, sim));
                }
            }
        }
    }
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = find_root(&mut parent, i);
        by_root.entry(r).or_default().push(i);
    }
    let sim_of = |sims: &HashMap<(usize, usize), f32>, a: usize, b: usize| -> f32 {
        let key = (a.min(b), a.max(b));
        sims.get(&key)
            .copied()
            .unwrap_or_else(|| chains::similarity(&reads[a].text, &reads[b].text))
    };
    let mut groups = Vec::new();
    for (_, mut idx) in by_root {
        idx.sort_by(|&a, &b| {
            let (ra, rb) = (&reads[a], &reads[b]);
            let va = version_rank(ra);
            let vb = version_rank(rb);
            ra.date
                .0
                .cmp(&rb.date.0)
                .then(va.partial_cmp(&vb).unwrap_or(std::cmp::Ordering::Equal))
                .then(ra.name.copy.cmp(&rb.name.copy))
                .then(ra.entry.rel.cmp(&rb.entry.rel))
        });
        let mut g = Group::default();
        for &i in &idx {
            // A near-duplicate of a member already kept is reported instead.
            let dup = g.members.iter().copied().find_map(|m| {
                let s = if normal[m] == normal[i] {
                    1.0
                } else {
                    sim_of(&sims, m, i)
                };
                (s >= chains::DUPLICATE).then_some((m, s))
            });
            if let Some((m, s)) = dup {
                // Keep the original, not the copy, when a copy came first.
                if reads[m].name.copy && !reads[i].name.copy {
                    let pos = g.members.iter().position(|&x| x == m).expect("member");
                    g.members[pos] = i;
                    g.duplicates.push((m, i, s));
                } else {
                    g.duplicates.push((i, m, s));
                }
                continue;
            }
            g.members.push(i);
        }
        for w in g.members.windows(2) {
            let (a, b) = (w[0], w[1]);
            let mut ev = Vec::new();
            let (ra, rb) = (&reads[a], &reads[b]);
            let removed: Vec<String> = ra
                .name
                .removed
                .iter()
                .chain(rb.name.removed.iter())
                .chain(ra.title_key.removed.iter())
                .chain(rb.title_key.removed.iter())
                .cloned()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            if ra.title_key.key == rb.title_key.key {
                ev.push(Loss::new("ev_same_title", &[("title", rb.title.0.clone())]));
            } else {
                ev.push(Loss::new("ev_same_name", &[("name", rb.name.key.clone())]));
            }
            if !removed.is_empty() {
                ev.push(Loss::new("ev_words", &[("words", quote_list(&removed))]));
            }
            let s = sim_of(&sims, a, b);
            ev.push(Loss::new(
                "ev_similar",
                &[("percent", format!("{:.0}", s * 100.0))],
            ));
            ev.push(Loss::new(
                "ev_dates",
                &[
                    ("older", ra.date.0.to_string()),
                    ("newer", rb.date.0.to_string()),
                ],
            ));
            g.links.push((a, b, ev));
        }
        groups.push(g);
    }
    groups.sort_by_key(|g| g.members.first().copied().unwrap_or(usize::MAX));
    (groups, apart)
}

/// A version number from the name, with "corrected/updated" words after a plain name.
pub(super) fn version_rank(r: &Read) -> f64 {
    if let Some(n) = r.name.number.as_deref().or(r.title_key.number.as_deref()) {
        let mut parts = n.split('.');
        let major: f64 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0.0);
        let minor: f64 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0.0);
        return major + minor / 1000.0;
    }
    if r.name.removed.iter().any(|w| !w.starts_with('(')) && !r.name.copy {
        1.5
    } else {
        1.0
    }
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
