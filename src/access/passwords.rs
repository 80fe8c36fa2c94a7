//! The passwords of a closed archive: read from the environment or a file at build time,
//! checked for strength, never printed.

use std::path::Path;

use super::AccessConfig;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The fewest guesses (as a power of ten) zxcvbn must estimate for a password. A fast
/// graphics card tries roughly 10,000 passwords a second against 600,000 PBKDF2-SHA256
/// rounds, so 10^12 guesses is about three years of one card; zxcvbn's top score (4)
/// starts at only 10^10, which is two weeks.
pub const MIN_GUESSES_LOG10: f64 = 12.0;

/// Every password `[access]` names, in order, without repeats; or every problem at once.
/// `output` is the output folder (a password file must not be inside it).
pub fn passwords(
    root: &Path,
    config: &Config,
    access: &AccessConfig,
    output: &Path,
) -> Result<Vec<String>, Diagnostics> {
    let text = std::fs::read_to_string(root.join("book.toml")).unwrap_or_default();
    let at = |key: &str, message: String, hint: String| {
        let (line, col) = key_position(&text, key);
        Diagnostic::error("book.toml", line, col, message).with_hint(hint)
    };
    let mut problems = Vec::new();
    // (password, where it came from, for messages)
    let mut found: Vec<(String, String)> = Vec::new();
    let envs = access.password_env.names();
    let files = access.password_file.names();
    if envs.is_empty() && files.is_empty() {
        problems.push(at(
            "access",
            "[access] names no password".into(),
            "add `password_env = \"REDTHREAD_PASSWORD\"` and set that environment variable to the password when you build".into(),
        ));
    }
    for name in envs {
        match std::env::var(name) {
            Ok(value) => {
                let before = found.len();
                lines(&value, &format!("environment variable {name}"), &mut found);
                if found.len() == before {
                    problems.push(at(
                        "password_env",
                        format!("the environment variable {name} is empty"),
                        format!("set {name} to the archive's password before you build (on a CI host: in its secret store)"),
                    ));
                }
            }
            Err(std::env::VarError::NotPresent) => problems.push(at(
                "password_env",
                format!("the environment variable {name} is not set, so there is no password to lock the archive with"),
                format!("set it before you build, for example `{name}='four random words here' redthread build` (on a CI host: add {name} to its secret store); `redthread serve` needs no password"),
            )),
            Err(std::env::VarError::NotUnicode(_)) => problems.push(at(
                "password_env",
                format!("the environment variable {name} is not UTF-8 text"),
                "write the password in plain UTF-8 text".into(),
            )),
        }
    }
    let forbidden = [
        root.join("content"),
        root.join("static"),
        root.join("themes"),
        output.to_path_buf(),
    ];
    for name in files {
        let path = root.join(name);
        let abs = std::fs::canonicalize(&path);
        let inside = abs.as_ref().ok().and_then(|abs| {
            forbidden.iter().find(|f| {
                std::fs::canonicalize(f)
                    .map(|f| abs.starts_with(f))
                    .unwrap_or(false)
            })
        });
        if let Some(folder) = inside {
            problems.push(at(
                "password_file",
                format!("the password file {name} is inside {}, which is published or read as content", folder.strip_prefix(root).unwrap_or(folder).display()),
                "keep the password file outside content/, static/, themes/ and the output folder, for example next to the archive folder".into(),
            ));
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(value) => {
                let before = found.len();
                lines(&value, &format!("password file {name}"), &mut found);
                if found.len() == before {
                    problems.push(at(
                        "password_file",
                        format!("the password file {name} is empty"),
                        "write the password on the file's first line".into(),
                    ));
                }
            }
            Err(e) => problems.push(at(
                "password_file",
                format!("cannot read the password file {name}: {e}"),
                "check the path (relative to the folder with book.toml) or use password_env instead".into(),
            )),
        }
    }
    let mut inputs: Vec<&str> = config.book.title.split_whitespace().collect();
    inputs.extend(["redthread", "password", "archive"]);
    let mut out: Vec<String> = Vec::new();
    for (pw, from) in found {
        if out.contains(&pw) {
            continue;
        }
        if let Some(why) = too_weak(&pw, &inputs) {
            let key = if from.starts_with("environment") {
                "password_env"
            } else {
                "password_file"
            };
            problems.push(at(
                key,
                format!("the password in {from} is too weak: {why}"),
                "anyone can copy the published files and try passwords on them offline, as fast as their computers allow, with no lockout; a password of four or five random words is long enough and easy to type".into(),
            ));
            continue;
        }
        out.push(pw);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Diagnostics(problems))
    }
}

/// Why `pw` is too weak for a closed archive (zxcvbn's estimate below
/// [`MIN_GUESSES_LOG10`], with its feedback), or `None`. `inputs` are words an attacker would try first.
fn too_weak(pw: &str, inputs: &[&str]) -> Option<String> {
    let lower: Vec<String> = inputs.iter().map(|s| s.to_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    let entropy = zxcvbn::zxcvbn(pw, &lower);
    let log = entropy.guesses_log10();
    if log >= MIN_GUESSES_LOG10 {
        return None;
    }
    let mut why = Vec::new();
    if let Some(f) = entropy.feedback() {
        if let Some(w) = f.warning() {
            why.push(w.to_string());
        }
        why.extend(f.suggestions().iter().map(|s| s.to_string()));
    }
    Some(format!(
        "it would be guessed in about 10^{:.0} tries, and a closed archive needs at least 10^{MIN_GUESSES_LOG10:.0}{}",
        log.max(0.0),
        if why.is_empty() {
            String::new()
        } else {
            format!(" ({})", why.join(" "))
        }
    ))
}

/// The non-empty lines of `value`, spaces at the ends removed, each a password.
fn lines(value: &str, from: &str, out: &mut Vec<(String, String)>) {
    let many = value.lines().filter(|l| !l.trim().is_empty()).count() > 1;
    for (i, l) in value.lines().enumerate() {
        let l = l.trim();
        if !l.is_empty() {
            let from = if many {
                format!("{from} (line {})", i + 1)
            } else {
                from.to_owned()
            };
            out.push((l.to_owned(), from));
        }
    }
}

/// Line and column of `key` in `[access]` of book.toml (the table header for "access").
fn key_position(text: &str, key: &str) -> (usize, usize) {
    let mut in_access = false;
    let mut header = (0, 0);
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            in_access = t.trim_matches(|c| c == '[' || c == ']').trim() == "access";
            if in_access {
                header = (i + 1, 1);
            }
        } else if in_access && t.split('=').next().unwrap_or("").trim() == key {
            return (i + 1, line.len() - line.trim_start().len() + 1);
        }
    }
    header
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_passwords_are_refused_and_passphrases_pass() {
        let inputs = ["Quillfeather", "Harbour", "redthread"];
        for weak in [
            "password123",
            "letmein",
            "aaaaaaaaaaaaaaaa",
            "quillfeather harbour",
            "Quillfeather2024",
            "qwertyuiop",
            "Tr0ub4dor&3",
            "",
        ] {
            assert!(too_weak(weak, &inputs).is_some(), "{weak:?} was accepted");
        }
        for strong in ["purple otter kitchen saturn", "seven amber lanterns drift"] {
            assert_eq!(too_weak(strong, &inputs), None, "{strong}");
        }
        let why = too_weak("password123", &inputs).unwrap();
        assert!(why.contains("about 10^"), "{why}");
        assert!(!why.contains("password123"));
    }

    #[test]
    fn key_positions_point_into_the_access_table() {
        let text = "[book]\ntitle = \"x\"\n\n[access]\n  password_env = \"A\"\n";
        assert_eq!(key_position(text, "password_env"), (5, 3));
        assert_eq!(key_position(text, "password_file"), (4, 1));
    }
}
