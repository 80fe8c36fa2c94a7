//! Splits a revision file into YAML front-matter and Markdown body, and checks every key.
//!
//! YAML is read with serde-saphyr (a maintained serde YAML library with positions on every
//! error); everything that is text to authors (`version: 1.10`, dates) is read as text and
//! parsed here, so YAML's number and date rules never change what an author wrote.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::messages::{Said, say};
use crate::model::{Declared, GuidelineId, Revision, SupersedesRef, Version};
use crate::source::SourceFile;

/// Every key a revision may have.
pub static KEYS: std::sync::LazyLock<&'static [&'static str]> =
    std::sync::LazyLock::new(crate::keys::fields_of::<Raw>);

/// A YAML scalar kept as the text the author wrote.
#[derive(Debug, Clone)]
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a single value (text, number or date), not a list or a map")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_owned()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_str(V)
    }
}

/// `supersedes: a` or `supersedes: [a, b@2]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Text),
    Many(Vec<Text>),
}

/// Front-matter as YAML gives it, before checking. Unknown keys are found by [`key_lines`]
/// first, so they are reported all together with a hint rather than one at a time.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Raw {
    title: Option<Text>,
    id: Option<Text>,
    version: Option<Text>,
    category: Option<Text>,
    supersedes: Option<OneOrMany>,
    date: Option<Text>,
    status: Option<Text>,
    summary: Option<Text>,
    changes: Option<Text>,
    tags: Option<Vec<Text>>,
    review_by: Option<Text>,
    editorial: Option<Text>,
    extra: Option<serde_json::Value>,
}

/// The parts of a revision file.
struct Split<'a> {
    yaml: &'a str,
    /// Line of the first YAML line (the line after the opening `---`).
    yaml_line: usize,
    body: &'a str,
    body_line: usize,
}

fn split(text: &str) -> Result<Split<'_>, &'static str> {
    // Errors are keys of the author's words (`fm_no_front_matter`).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err("fm_no_front_matter");
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (line_no, line) in (2..).zip(lines) {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err("fm_not_closed")
}

/// Top-level keys of the YAML block and the file line each starts on.
fn key_lines(yaml: &str, first_line: usize) -> Vec<(String, usize, usize)> {
    let mut keys = Vec::new();
    for (i, line) in yaml.lines().enumerate() {
        if line.starts_with([' ', '\t', '-', '#']) || line.trim().is_empty() {
            continue;
        }
        let quoted = line.starts_with(['"', '\'']);
        let rest = if quoted { &line[1..] } else { line };
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == ' '))
            .unwrap_or(rest.len());
        let key = rest[..end].trim();
        if !key.is_empty() && rest[end..].trim_start_matches(['"', '\'']).starts_with(':') {
            keys.push((key.to_owned(), first_line + i, 1));
        }
    }
    keys
}

/// Parses one revision file; problems go to `out` and make the result `None`.
pub fn parse(file: &SourceFile, index: usize, out: &mut Vec<Diagnostic>) -> Option<Revision> {
    let path = file.rel_path.as_str();
    let err = |line: usize, col: usize, msg: Said| {
        Diagnostic::error_at(path, line, col, msg).with_snippet(if line > 0 {
            file.line(line)
        } else {
            None
        })
    };
    let parts = match split(&file.text) {
        Ok(p) => p,
        Err(msg) => {
            out.push(err(1, 1, say(msg)));
            return None;
        }
    };
    let before = out.len();
    let keys = key_lines(parts.yaml, parts.yaml_line);
    let mut key_line = BTreeMap::new();
    for (key, line, col) in &keys {
        if !KEYS.contains(&key.as_str()) {
            let mut d = err(*line, *col, say("fm_unknown_key").arg("key", key));
            d = match did_you_mean(key, KEYS.iter().copied()) {
                Some(s) => d.hint(say("fm_did_you_mean").arg("key", s)),
                None => d.hint(say("fm_keys_are").arg("keys", KEYS.join(", "))),
            };
            out.push(d);
        }
        key_line.entry(key.clone()).or_insert(*line);
    }
    // The mistakes authors make most are found first, each with the line as it should be;
    // the YAML library then reads the repaired lines, so the rest is still checked.
    let repaired = crate::yaml_mistakes::repair(file, parts.yaml, parts.yaml_line);
    let repaired_errors = repaired.found.iter().any(Diagnostic::is_error);
    out.extend(repaired.found);
    let raw: Raw = if parts.yaml.trim().is_empty() {
        Raw::default()
    } else {
        match serde_saphyr::from_str::<Option<Raw>>(&repaired.yaml) {
            Ok(r) => r.unwrap_or_default(),
            Err(_) if repaired_errors => return None,
            Err(e) => {
                let (line, col) = e.location().map_or((parts.yaml_line - 1, 0), |l| {
                    (parts.yaml_line + l.line() as usize - 1, l.column() as usize)
                });
                // YAML also breaks lines at a lone `\r`, which editors and our line index
                // do not: keep the position inside the front-matter block.
                let last = parts.body_line - 1;
                let (line, col) = if line > last { (last, 0) } else { (line, col) };
                let message = e.without_snippet().to_string();
                let message = message.lines().next().unwrap_or("malformed YAML").trim();
                // The YAML library's own position counts from the front-matter, not the file.
                let message = message.split(" at line ").next().unwrap_or(message);
                out.push(
                    err(line, col, say("fm_yaml_invalid").arg("detail", message))
                        .hint(say("fm_yaml_invalid_hint")),
                );
                return None;
            }
        }
    };
    let line_of = |key: &str| key_line.get(key).copied().unwrap_or(1);
    let missing = |key: &str, example: &str| {
        err(1, 1, say("fm_missing_key").arg("key", key)).hint(
            say("fm_missing_key_hint")
                .arg("key", key)
                .arg("example", example),
        )
    };
    let text_of = |t: Option<Text>| t.map(|t| t.0.trim().to_owned()).filter(|s| !s.is_empty());

    let title = text_of(raw.title);
    if title.is_none() {
        out.push(missing("title", "Close an outpatient course"));
    }
    let version = match text_of(raw.version) {
        None => {
            out.push(missing("version", "1"));
            None
        }
        Some(v) => {
            let parsed = Version::parse(&v);
            if parsed.is_none() {
                out.push(
                    err(
                        line_of("version"),
                        1,
                        say("fm_bad_version").arg("version", &v),
                    )
                    .hint(say("fm_bad_version_hint")),
                );
            }
            parsed
        }
    };
    let date = match text_of(raw.date) {
        None => {
            out.push(missing("date", "2025-03-14"));
            None
        }
        Some(d) => parse_date(&d, "date", line_of("date"), &err, out),
    };
    let review_by = text_of(raw.review_by)
        .and_then(|d| parse_date(&d, "review_by", line_of("review_by"), &err, out));
    // `editorial: true` marks a wording-only revision (see `model::Revision::editorial`).
    let editorial = match text_of(raw.editorial).as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            out.push(
                err(
                    line_of("editorial"),
                    1,
                    say("fm_bad_editorial").arg("text", other),
                )
                .hint(say("fm_bad_editorial_hint")),
            );
            false
        }
    };
    let declared = match text_of(raw.status).as_deref() {
        None | Some("active") => Declared::Active,
        Some("draft") => Declared::Draft,
        Some("withdrawn") => Declared::Withdrawn,
        Some(other) => {
            let mut d = err(
                line_of("status"),
                1,
                say("fm_bad_status").arg("text", other),
            );
            d = d.hint(
                match did_you_mean(other, ["draft", "active", "withdrawn"]) {
                    Some(s) => say("fm_bad_status_near").arg("near", s),
                    None => say("fm_bad_status_hint"),
                },
            );
            out.push(d);
            Declared::Active
        }
    };
    let id = match text_of(raw.id) {
        Some(given) => match GuidelineId::parse(&given) {
            Some(id) => Some(id),
            None => {
                let why = crate::portable::segment_problem(&given)
                    .map_or_else(String::new, |p| format!(": {p}"));
                let mut d = err(
                    line_of("id"),
                    1,
                    say("fm_bad_id").arg("id", &given).arg("why", why),
                );
                d = d.hint(match GuidelineId::from_text(&given) {
                    Some(s) => say("fm_bad_id_hint_example").arg("id", s),
                    None => say("fm_bad_id_hint"),
                });
                out.push(d);
                None
            }
        },
        None => {
            let id = id_from_file_name(path);
            if id.is_none() {
                out.push(err(1, 1, say("fm_no_id")).hint(say("fm_no_id_hint")));
            }
            id
        }
    };
    let category = text_of(raw.category).or_else(|| category_from_folder(path));
    if category.is_none() {
        out.push(missing("category", "Referrals").hint(say("fm_missing_category_hint")));
    }
    let mut supersedes = Vec::new();
    let entries = match raw.supersedes {
        None => Vec::new(),
        Some(OneOrMany::One(t)) => vec![t],
        Some(OneOrMany::Many(v)) => v,
    };
    let sup_line = line_of("supersedes");
    for entry in entries {
        let entry = entry.0.trim().to_owned();
        let line = entry_line(file, sup_line, &entry);
        let (id_text, ver_text) = match entry.split_once('@') {
            Some((i, v)) => (i.trim(), Some(v.trim())),
            None => (entry.as_str(), None),
        };
        let Some(sid) = GuidelineId::parse(id_text) else {
            out.push(
                err(line, 1, say("fm_bad_supersedes").arg("entry", &entry))
                    .hint(say("fm_bad_supersedes_hint")),
            );
            continue;
        };
        let sver = match ver_text.map(|v| (v, Version::parse(v))) {
            None => None,
            Some((_, Some(v))) => Some(v),
            Some((v, None)) => {
                out.push(err(
                    line,
                    1,
                    say("fm_bad_supersedes_version")
                        .arg("entry", &entry)
                        .arg("version", v),
                ));
                continue;
            }
        };
        supersedes.push(SupersedesRef {
            id: sid,
            version: sver,
            line,
        });
    }
    let tags = raw
        .tags
        .unwrap_or_default()
        .into_iter()
        .map(|t| t.0.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    let extra = raw
        .extra
        .unwrap_or(serde_json::Value::Object(Default::default()));
    if out[before..].iter().any(Diagnostic::is_error) {
        return None;
    }
    Some(Revision {
        source: index,
        source_path: path.to_owned(),
        id: id?,
        version: version?,
        title: title?,
        category: category?,
        date: date?,
        declared,
        summary: text_of(raw.summary),
        changes: text_of(raw.changes),
        tags,
        review_by,
        editorial,
        supersedes,
        extra,
        body: parts.body.to_owned(),
        body_line: parts.body_line,
        key_lines: key_line,
    })
}

fn parse_date(
    text: &str,
    key: &str,
    line: usize,
    err: &dyn Fn(usize, usize, Said) -> Diagnostic,
    out: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let parsed = if shaped {
        text.parse::<Date>().ok()
    } else {
        None
    };
    if parsed.is_none() {
        let why = if shaped {
            "fm_bad_date"
        } else {
            "fm_bad_date_shape"
        };
        out.push(
            err(line, 1, say(why).arg("key", key).arg("text", text))
                .hint(say("fm_bad_date_hint").arg("key", key)),
        );
    }
    parsed
}

/// File line of one `supersedes` entry: its own list line, or the key's line.
fn entry_line(file: &SourceFile, key_line: usize, entry: &str) -> usize {
    for n in key_line..key_line + 50 {
        let Some(line) = file.line(n) else { break };
        if n > key_line && !line.starts_with([' ', '\t', '-']) {
            break;
        }
        if line.contains(entry) {
            return n;
        }
    }
    key_line
}

/// The default id: the file name without `.md` and without a trailing `-v<version>`,
/// made into a slug (`Close Course-v2.md` -> `close-course`).
pub fn id_from_file_name(rel_path: &str) -> Option<GuidelineId> {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let stem = crate::source::markdown_stem(name).unwrap_or(name);
    let stem = match stem.rsplit_once("-v") {
        Some((base, v)) if !base.is_empty() && Version::parse(v).is_some() => base,
        _ => stem,
    };
    GuidelineId::from_text(stem)
}

/// The default category: the first folder under `content/`, dashes and underscores as spaces,
/// first letter upper-case (`content/closing-courses/x.md` -> `Closing courses`).
pub fn category_from_folder(rel_path: &str) -> Option<String> {
    let mut parts = rel_path.split('/');
    parts.next()?; // content
    let folder = parts.next()?;
    parts.next()?; // a file directly in content/ has no folder
    let words = folder.replace(['-', '_'], " ");
    let words = words.trim();
    let mut chars = words.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_fields_parsed() {
        assert_eq!(
            *KEYS,
            [
                "title",
                "id",
                "version",
                "category",
                "supersedes",
                "date",
                "status",
                "summary",
                "changes",
                "tags",
                "review_by",
                "editorial",
                "extra"
            ]
        );
    }

    fn parse_text(text: &str) -> (Option<Revision>, Vec<Diagnostic>) {
        let file = SourceFile::new("content/referrals/send-referral-v2.md".into(), text.into());
        let mut out = Vec::new();
        (parse(&file, 0, &mut out), out)
    }

    /// Found by the `frontmatter` fuzz target: YAML counts a lone `\r` as a line break.
    #[test]
    fn yaml_error_positions_stay_inside_the_file() {
        let text = "---\n25\r\r25\r\r//\n\0\0\0\0\0\0\x16\n---";
        let (rev, errs) = parse_text(text);
        assert!(rev.is_none());
        assert!(!errs.is_empty());
        let lines = text.lines().count();
        for d in &errs {
            assert!(
                d.line >= 1 && d.line <= lines,
                "{d} is outside {lines} lines"
            );
        }
    }

    #[test]
    fn reads_versions_as_text() {
        let (rev, errs) = parse_text("---\ntitle: T\nversion: 1.10\ndate: 2024-01-02\n---\nBody\n");
        assert!(errs.is_empty(), "{errs:?}");
        let rev = rev.unwrap();
        assert_eq!(rev.version.as_str(), "1.10");
        assert_eq!(rev.id.as_str(), "send-referral");
        assert_eq!(rev.category, "Referrals");
        assert_eq!(rev.body_line, 6);
    }

    #[test]
    fn reports_every_problem_with_lines() {
        let (rev, errs) = parse_text(
            "---\ntitle: T\nversion: x1\ndate: 2024-02-30\ncatgory: A\nstatus: old\n---\n",
        );
        assert!(rev.is_none());
        let lines: Vec<_> = errs.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert!(
            lines.contains(&(3, "version `x1` is not a dotted number")),
            "{lines:?}"
        );
        assert!(
            lines.contains(&(4, "`date` `2024-02-30` is not a real date")),
            "{lines:?}"
        );
        assert!(lines.contains(&(5, "unknown key `catgory`")), "{lines:?}");
        assert!(lines.contains(&(6, "unknown status `old`")), "{lines:?}");
        let typo = errs.iter().find(|d| d.message.contains("catgory")).unwrap();
        assert_eq!(typo.hint.as_deref(), Some("did you mean `category`?"));
    }

    #[test]
    fn malformed_yaml_points_into_the_file() {
        let (_, errs) = parse_text("---\ntitle: T\ntags: [a, b\nversion: 1\n---\n");
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].line >= 3, "{errs:?}");
        let (_, errs) = parse_text("---\ntitle: T\ntitle: U\nversion: 1\ndate: 2024-01-01\n---\n");
        assert_eq!(errs[0].line, 3, "{errs:?}");
    }

    #[test]
    fn unclosed_front_matter() {
        let (_, errs) = parse_text("---\ntitle: T\n");
        assert!(errs[0].message.contains("not closed"));
    }

    #[test]
    fn supersedes_forms() {
        let (rev, errs) = parse_text(
            "---\ntitle: T\nversion: 1\ndate: 2024-01-02\nsupersedes:\n  - a\n  - b@2\ntags:\n---\n",
        );
        assert!(errs.is_empty(), "{errs:?}");
        let rev = rev.unwrap();
        assert_eq!(rev.supersedes.len(), 2);
        assert_eq!(rev.supersedes[1].version.as_ref().unwrap().as_str(), "2");
        assert_eq!(rev.supersedes[1].line, 7);
        assert!(rev.tags.is_empty());
    }
}
