//! The YAML mistakes authors really make in front-matter, found before the YAML library sees
//! them, so each gets a message at its line and column and the line rewritten as it should
//! be, instead of the library's words ("mapping values are not allowed in this context").
//!
//! Each line is looked at on its own (front-matter is short and flat). What is meant beyond
//! doubt is repaired and read as meant: curly quotes from Word around a whole value,
//! `tags: lpr, ambulant` (a list without brackets), `category:Afslutning` (no space; warned).
//! Everything else is an error with the fixed line as its hint, and the fixed line is what
//! the YAML library reads, so the rest of the file is still checked in the same run.
//! docs/mistakes.md lists what is accepted.

use crate::diagnostics::Diagnostic;
use crate::messages::say;
use crate::source::SourceFile;

/// Keys whose value is one piece of text.
const TEXT_KEYS: &[&str] = &[
    "title",
    "id",
    "version",
    "category",
    "date",
    "status",
    "summary",
    "changes",
    "review_by",
    "editorial",
];
/// Keys whose text is prose, where a ` #` is never meant as a YAML comment.
const PROSE_KEYS: &[&str] = &["title", "category", "summary", "changes"];
/// Keys that hold a list.
const LIST_KEYS: &[&str] = &["tags", "supersedes"];

/// The YAML block with mistakes repaired (same number of lines), and what was found.
pub struct Repaired {
    /// YAML for the library to read.
    pub yaml: String,
    /// Errors and warnings, at file lines.
    pub found: Vec<Diagnostic>,
}

/// Looks at every line of `yaml`, whose first line is line `first_line` of `file`.
pub fn repair(file: &SourceFile, yaml: &str, first_line: usize) -> Repaired {
    let mut out = Vec::new();
    let mut lines = Vec::new();
    for (i, line) in yaml.split('\n').enumerate() {
        let n = first_line + i;
        let (text, cr) = match line.strip_suffix('\r') {
            Some(t) => (t, "\r"),
            None => (line, ""),
        };
        let fixed = repair_line(file, n, text, &mut out);
        lines.push(format!("{}{cr}", fixed.as_deref().unwrap_or(text)));
    }
    Repaired {
        yaml: lines.join("\n"),
        found: out,
    }
}

fn at(file: &SourceFile, line: usize, col: usize, d: Diagnostic) -> Diagnostic {
    Diagnostic { line, col, ..d }.with_snippet(file.line(line))
}

/// The line as it should be, if it needs repair.
fn repair_line(
    file: &SourceFile,
    n: usize,
    line: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<String> {
    let path = file.rel_path.as_str();
    let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
    let indent = &line[..indent_len];
    if indent.contains('\t') {
        let fixed = format!("{}{}", indent.replace('\t', "  "), &line[indent_len..]);
        let col = indent.chars().position(|c| c == '\t').unwrap_or(0) + 1;
        out.push(at(
            file,
            n,
            col,
            Diagnostic::error_at(path, n, col, say("yaml_tab"))
                .hint(say("yaml_tab_hint").arg("fixed", &fixed)),
        ));
        return Some(fixed);
    }
    if indent_len > 0 || line.starts_with(['#', '-']) {
        return None;
    }
    let key_end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(line.len());
    let key = &line[..key_end];
    if key.is_empty() || !line[key_end..].starts_with(':') {
        return None;
    }
    let known = TEXT_KEYS.contains(&key) || LIST_KEYS.contains(&key) || key == "extra";
    let after = &line[key_end + 1..];
    let mut changed = false;
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        if !known {
            return None;
        }
        let fixed = format!("{key}: {after}");
        let col = line[..key_end + 1].chars().count() + 1;
        out.push(at(
            file,
            n,
            col,
            Diagnostic::warning_at(path, n, col, say("yaml_no_space").arg("key", key))
                .hint(say("yaml_no_space_hint").arg("fixed", &fixed)),
        ));
        changed = true;
    }
    let value = after.trim_start_matches([' ', '\t']).trim_end();
    // Column (1-based, in characters) of the value's first character in the line as written.
    let value_start = key_end + 1 + (after.len() - after.trim_start_matches([' ', '\t']).len());
    let value_col = line[..value_start].chars().count() + 1;
    let rebuilt = |v: &str| format!("{key}: {v}");
    if value.is_empty() {
        return changed.then(|| rebuilt(value));
    }
    if LIST_KEYS.contains(&key) {
        if value.starts_with(['[', '{', '"', '\'', '#', '&', '*', '!', '|', '>']) {
            return changed.then(|| rebuilt(value));
        }
        // `tags: lpr, ambulant`: a list written without brackets. `tags: lpr` is a list of one.
        if key == "tags" || value.contains(',') {
            let items: Vec<String> = value
                .split(',')
                .map(|t| strip_curly(t.trim()))
                .filter(|t| !t.is_empty())
                .map(|t| crate::scalar::flow_scalar(&t))
                .collect();
            return Some(rebuilt(&format!("[{}]", items.join(", "))));
        }
        return changed.then(|| rebuilt(value));
    }
    if !TEXT_KEYS.contains(&key) {
        return changed.then(|| rebuilt(value));
    }
    let error = |col: usize, msg: &'static str, hint: &'static str, fixed: &str| {
        at(
            file,
            n,
            col,
            Diagnostic::error_at(path, n, col, say(msg).arg("key", key))
                .hint(say(hint).arg("fixed", fixed)),
        )
    };
    // Word's curly quotes around the whole value: read as the text inside them.
    if let Some(inner) = curly_quoted(value) {
        return Some(rebuilt(&double_quoted(inner)));
    }
    let first = value.chars().next().unwrap_or(' ');
    if first == '"' || first == '\'' {
        let body = &value[1..];
        let close = if first == '"' {
            closing_double(body)
        } else {
            closing_single(body)
        };
        return match close {
            None => {
                let fixed = rebuilt(&format!("{value}{first}"));
                out.push(error(
                    value_col,
                    "yaml_quote_unclosed",
                    "yaml_quote_unclosed_hint",
                    &fixed,
                ));
                Some(fixed)
            }
            Some(p) => {
                let rest = body[p + 1..].trim_start();
                if rest.is_empty() || rest.starts_with('#') {
                    return changed.then(|| rebuilt(value));
                }
                // Quotes inside quotes: everything between the first and the last quote mark
                // is the text the author meant.
                let inner = value[1..].strip_suffix(first).unwrap_or(&value[1..]);
                let fixed = rebuilt(&author_quoted(inner));
                let col = value_col + 1 + body[..p].chars().count();
                out.push(error(
                    col,
                    "yaml_quote_inside",
                    "yaml_quote_inside_hint",
                    &fixed,
                ));
                Some(fixed)
            }
        };
    }
    // A plain value: YAML ends it at ` #` (a comment) and refuses `: ` inside it.
    let (text, comment) = match value.find(" #") {
        Some(i) => (value[..i].trim_end(), Some(i)),
        None => (value, None),
    };
    let special = ['*', '&', '!', '%', '@', '`', '[', '{', '|', '>'];
    let block_scalar = (first == '|' || first == '>')
        && value[1..]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '+' || c == '-');
    if (special.contains(&first)
        || value.starts_with("- ")
        || value.starts_with("? ")
        || value.starts_with(": "))
        && !block_scalar
    {
        let fixed = rebuilt(&author_quoted(value));
        out.push(at(
            file,
            n,
            value_col,
            Diagnostic::error_at(
                path,
                n,
                value_col,
                say("yaml_special_start").arg("key", key).arg("sign", first),
            )
            .hint(say("yaml_special_start_hint").arg("fixed", &fixed)),
        ));
        return Some(fixed);
    }
    let colon = text
        .find(": ")
        .or_else(|| text.ends_with(':').then(|| text.len() - 1));
    if let Some(c) = colon {
        let whole = if PROSE_KEYS.contains(&key) {
            value
        } else {
            text
        };
        let fixed = rebuilt(&author_quoted(whole));
        let col = value_col + text[..c].chars().count();
        out.push(error(col, "yaml_colon", "yaml_colon_hint", &fixed));
        return Some(fixed);
    }
    if let Some(i) = comment
        && PROSE_KEYS.contains(&key)
    {
        let fixed = rebuilt(&author_quoted(value));
        let col = value_col + value[..i].chars().count() + 1;
        out.push(at(
            file,
            n,
            col,
            Diagnostic::warning_at(path, n, col, say("yaml_comment").arg("key", key))
                .hint(say("yaml_comment_hint").arg("fixed", &fixed)),
        ));
        return None;
    }
    changed.then(|| rebuilt(value))
}

const OPENING: &[char] = &['“', '”', '„', '«', '‘', '’', '‚', '"'];
const CLOSING: &[char] = &['”', '“', '»', '’', '‘', '"'];

/// The text inside curly quotes around a whole value (`“Afslutning”`, `„Afslutning“`, or one
/// straight and one curly), if that is what the value is.
fn curly_quoted(value: &str) -> Option<&str> {
    let first = value.chars().next()?;
    let last = value.chars().last()?;
    if value.chars().count() < 2 || !OPENING.contains(&first) || !CLOSING.contains(&last) {
        return None;
    }
    if first == '"' && last == '"' {
        return None;
    }
    let inner = &value[first.len_utf8()..value.len() - last.len_utf8()];
    // A curly quote in the middle too means quotes inside quotes: leave those as they are.
    (!inner.contains(['"'])).then_some(inner)
}

fn strip_curly(item: &str) -> String {
    curly_quoted(item).unwrap_or(item).to_owned()
}

/// Byte index (in `body`, the text after an opening `"`) of the closing `"`.
fn closing_double(body: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

/// Byte index (in `body`, the text after an opening `'`) of the closing `'` (`''` is a quote).
fn closing_single(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// `text` in double quotes, with `"` and `\` escaped.
fn double_quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `text` quoted the way that is easiest to read: double quotes, or single quotes when the
/// text has double quotes in it (then nothing needs a backslash).
pub fn author_quoted(text: &str) -> String {
    if !text.contains('"') {
        format!("\"{text}\"")
    } else if !text.contains('\'') {
        format!("'{text}'")
    } else {
        double_quoted(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Found = Vec<(usize, usize, String, Option<String>)>;

    fn run(yaml: &str) -> (String, Found) {
        let text = format!("---\n{yaml}\n---\n");
        let file = SourceFile::new("content/a/x-v1.md".into(), text);
        let r = repair(&file, yaml, 2);
        (
            r.yaml,
            r.found
                .into_iter()
                .map(|d| (d.line, d.col, d.message, d.hint))
                .collect(),
        )
    }

    #[test]
    fn colon_in_title() {
        let (yaml, found) = run("title: Afslutning: ambulant forløb");
        assert_eq!(yaml, "title: \"Afslutning: ambulant forløb\"");
        assert_eq!(found[0].0, 2);
        assert_eq!(found[0].1, 18);
        assert_eq!(
            found[0].3.as_deref(),
            Some("put the text in quotes, like this: title: \"Afslutning: ambulant forløb\"")
        );
    }

    #[test]
    fn accepted_forms() {
        assert_eq!(run("title: “Brug af akut”").0, "title: \"Brug af akut\"");
        assert!(run("title: “Brug af akut”").1.is_empty());
        assert_eq!(run("tags: lpr, ambulant").0, "tags: [lpr, ambulant]");
        assert_eq!(run("tags: lpr").0, "tags: [lpr]");
        assert_eq!(run("category:Afslutning").0, "category: Afslutning");
        assert_eq!(run("category:Afslutning").1[0].1, 10);
        assert!(run("summary: see https://example.org/a").1.is_empty());
        assert!(run("title: 'It''s fine'").1.is_empty());
        assert!(run("summary: >-").1.is_empty());
        assert!(run("version: 2 # typo").1.is_empty());
    }

    #[test]
    fn quotes_inside_quotes_and_unclosed() {
        let (yaml, found) = run("title: \"Brug af \"Akut\" knappen\"");
        assert_eq!(yaml, "title: 'Brug af \"Akut\" knappen'");
        assert_eq!(found[0].1, 17);
        let (yaml, found) = run("title: \"Brug af akut");
        assert_eq!(yaml, "title: \"Brug af akut\"");
        assert_eq!(found[0].1, 8);
    }

    #[test]
    fn tabs_and_signs() {
        let (yaml, found) = run("tags:\n\t- lpr");
        assert_eq!(yaml, "tags:\n  - lpr");
        assert_eq!((found[0].0, found[0].1), (3, 1));
        let (yaml, found) = run("summary: *Vigtigt* læs først");
        assert_eq!(yaml, "summary: \"*Vigtigt* læs først\"");
        assert_eq!(found[0].1, 10);
    }
}
