//! The import report: lines for the terminal and a self-contained HTML page
//! (`import-report.html`, no scripts, no outside files), in the archive's language.
//!
//! The words are the `import_*` keys of the default theme's `i18n/<lang>.toml`, English
//! filling any gap.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Outcome, ReadError, Report, Tracked, WriteState};
use crate::import::doc::Loss;

/// The report's words in one language.
#[derive(Debug, Clone)]
pub struct Words {
    /// The language (`en`, `da`, `sv`).
    pub lang: String,
    map: BTreeMap<String, String>,
}

fn import_words(text: &str) -> BTreeMap<String, String> {
    let Ok(table) = toml::from_str::<toml::Table>(text) else {
        return BTreeMap::new();
    };
    table
        .get("words")
        .and_then(|w| w.as_table())
        .map(|w| {
            w.iter()
                .filter(|(k, _)| k.starts_with("import_"))
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

impl Words {
    /// English, overlaid with `lang` where it has the key.
    pub fn load(lang: &str) -> Words {
        let mut map = import_words(include_str!("../../themes/default/i18n/en.toml"));
        let own = match lang {
            "da" => Some(include_str!("../../themes/default/i18n/da.toml")),
            "sv" => Some(include_str!("../../themes/default/i18n/sv.toml")),
            _ => None,
        };
        if let Some(t) = own {
            map.extend(import_words(t));
        }
        Words {
            lang: lang.to_owned(),
            map,
        }
    }

    /// The text of a key (the key itself when missing, so a gap shows).
    pub fn get(&self, key: &str) -> String {
        self.map.get(key).cloned().unwrap_or_else(|| key.to_owned())
    }

    /// A key's text with `{name}` placeholders filled.
    pub fn fill(&self, key: &str, args: &[(&str, String)]) -> String {
        let mut s = self.get(key);
        for (k, v) in args {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }

    /// A note or loss line.
    pub fn note(&self, l: &Loss) -> String {
        let prefix = if l.key.starts_with("ev_") {
            "import_"
        } else {
            "import_note_"
        };
        self.fill(&format!("{prefix}{}", l.key), &l.args)
    }

    /// Why a file was not imported.
    pub fn skip(&self, why: &str) -> String {
        self.get(&format!("import_skip_{why}"))
    }

    /// Why a file could not be read.
    pub fn error(&self, e: &ReadError) -> String {
        match e {
            ReadError::Corrupt => self.get("import_err_corrupt"),
            ReadError::Encrypted => self.get("import_err_encrypted"),
            ReadError::EncryptedOdf => self.get("import_err_encrypted_odf"),
            ReadError::OldWord => self.get("import_err_old_word"),
            ReadError::NotText => self.get("import_err_not_text"),
            ReadError::Damaged(d) => self.fill("import_err_damaged", &[("detail", d.clone())]),
            ReadError::Io(d) => self.fill("import_err_io", &[("detail", d.clone())]),
        }
    }
}

fn percent(s: f32) -> String {
    format!("{:.0}", (s * 100.0).floor())
}

/// The head lines: what was done, in one place.
fn summary_lines(r: &Report, w: &Words) -> Vec<String> {
    let mut out = Vec::new();
    out.push(w.fill(
        "import_intro",
        &[
            ("n", r.files.len().to_string()),
            ("source", r.source.clone()),
            ("archive", r.archive.clone()),
        ],
    ));
    if r.dry_run {
        out.push(w.get("import_dry_run"));
    }
    if r.created_archive {
        out.push(w.fill(
            if r.dry_run {
                "import_will_create"
            } else {
                "import_created"
            },
            &[("archive", r.archive.clone())],
        ));
    }
    if !r.chains_on {
        out.push(w.get("import_chains_off"));
    }
    if r.tracked == Tracked::Reject {
        out.push(w.get("import_rejecting"));
    }
    if r.written == 0 && (r.unchanged > 0 || r.kept > 0) && !r.dry_run {
        out.push(w.get("import_nothing_changed"));
    }
    out.push(w.fill(
        if r.dry_run {
            "import_summary_dry"
        } else {
            "import_summary"
        },
        &[
            ("written", r.written.to_string()),
            ("unchanged", r.unchanged.to_string()),
            ("kept", r.kept.to_string()),
        ],
    ));
    if let Some((e, wn)) = r.check {
        out.push(w.fill(
            "import_check",
            &[("errors", e.to_string()), ("warnings", wn.to_string())],
        ));
    }
    out
}

/// What became of one file, as one line.
fn outcome_line(f: &super::FileReport, w: &Words) -> String {
    match &f.outcome {
        Outcome::Imported {
            path,
            id,
            version,
            state,
        } => {
            let mut s = w.fill(
                "import_became",
                &[
                    ("source", f.source.clone()),
                    ("path", path.clone()),
                    ("id", id.clone()),
                    ("version", version.to_string()),
                ],
            );
            match state {
                WriteState::New => {}
                WriteState::Same => {
                    let _ = write!(s, " ({})", w.get("import_state_same"));
                }
                WriteState::Kept => {
                    let _ = write!(s, " ({})", w.get("import_state_kept"));
                }
            }
            s
        }
        Outcome::Duplicate { of, similarity } => w.fill(
            "import_duplicate",
            &[
                ("source", f.source.clone()),
                ("of", of.clone()),
                ("percent", percent(*similarity)),
            ],
        ),
        Outcome::Skipped(why) => format!("{}: {}", f.source, w.skip(why)),
        Outcome::Failed(e) => format!("{}: {}", f.source, w.error(e)),
    }
}

/// The report for the terminal.
pub fn text(r: &Report, w: &Words) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", w.get("import_title"));
    for l in summary_lines(r, w) {
        let _ = writeln!(s, "  {l}");
    }
    let imported: Vec<_> = r
        .files
        .iter()
        .filter(|f| matches!(f.outcome, Outcome::Imported { .. }))
        .collect();
    if !imported.is_empty() {
        let _ = writeln!(s, "\n{}", w.get("import_section_files"));
        for f in imported {
            let _ = writeln!(s, "  {}", outcome_line(f, w));
            for n in &f.notes {
                let _ = writeln!(s, "      - {}", w.note(n));
            }
        }
    }
    if !r.chains.is_empty() || !r.apart.is_empty() {
        let _ = writeln!(s, "\n{}", w.get("import_section_chains"));
        for c in &r.chains {
            let _ = writeln!(
                s,
                "  {}",
                w.fill(
                    "import_chain",
                    &[
                        ("id", c.id.clone()),
                        ("title", c.title.clone()),
                        ("n", c.members.len().to_string())
                    ]
                )
            );
            for (older, newer, ev) in &c.links {
                let _ = writeln!(
                    s,
                    "      {}: {}",
                    w.fill(
                        "import_link",
                        &[("older", older.clone()), ("newer", newer.clone())]
                    ),
                    ev.iter().map(|e| w.note(e)).collect::<Vec<_>>().join("; ")
                );
            }
        }
        for (a, b, sim) in &r.apart {
            let _ = writeln!(
                s,
                "  {}",
                w.fill(
                    "import_apart",
                    &[
                        ("a", a.clone()),
                        ("b", b.clone()),
                        ("percent", percent(*sim))
                    ]
                )
            );
        }
    }
    let dups: Vec<_> = r
        .files
        .iter()
        .filter(|f| matches!(f.outcome, Outcome::Duplicate { .. }))
        .collect();
    if !dups.is_empty() {
        let _ = writeln!(s, "\n{}", w.get("import_section_duplicates"));
        for f in dups {
            let _ = writeln!(s, "  {}", outcome_line(f, w));
        }
    }
    let skipped: Vec<_> = r
        .files
        .iter()
        .filter(|f| matches!(f.outcome, Outcome::Skipped(_)))
        .collect();
    if !skipped.is_empty() {
        let _ = writeln!(s, "\n{}", w.get("import_section_skipped"));
        for f in skipped {
            let _ = writeln!(s, "  {}", outcome_line(f, w));
        }
    }
    let failed: Vec<_> = r
        .files
        .iter()
        .filter(|f| matches!(f.outcome, Outcome::Failed(_)))
        .collect();
    if !failed.is_empty() {
        let _ = writeln!(s, "\n{}", w.get("import_section_errors"));
        for f in failed {
            let _ = writeln!(s, "  error: {}", outcome_line(f, w));
        }
    }
    s
}

fn esc(s: &str) -> String {
    crate::render::redline::escape(s)
}

/// Text with `code` spans for backticks, escaped.
fn rich(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", esc(part));
        } else {
            out.push_str(&esc(part));
        }
    }
    out
}

const CSS: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.4rem .6rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}ul{margin:.2rem 0;padding-left:1.2rem}code{background:#f3f3f3;padding:0 .2rem}
.ok{color:#11652a}.warn{color:#8a4b00}.err{color:#a0141e;font-weight:600}.muted{color:#555}
@media (prefers-color-scheme:dark){body{background:#161616;color:#eee}th{background:#2a2a2a}code{background:#2a2a2a}.ok{color:#7fd58f}.warn{color:#f0b060}.err{color:#ff8a8a}.muted{color:#bbb}}";

/// The report as a self-contained HTML page.
pub fn html(r: &Report, w: &Words) -> String {
    let mut s = String::new();
    s.push_str(super::write::REPORT_MARK);
    let _ = write!(
        s,
        "\n<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        esc(&w.lang),
        esc(&w.get("import_title")),
        esc(&w.get("import_title"))
    );
    s.push_str("<ul class=\"summary\">\n");
    for l in summary_lines(r, w) {
        let _ = writeln!(s, "<li>{}</li>", rich(&l));
    }
    s.push_str("</ul>\n");

    let _ = writeln!(s, "<h2>{}</h2>", esc(&w.get("import_section_files")));
    let _ = writeln!(
        s,
        "<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        esc(&w.get("import_col_source")),
        esc(&w.get("import_col_result")),
        esc(&w.get("import_col_notes"))
    );
    for f in &r.files {
        let (class, result) = match &f.outcome {
            Outcome::Imported {
                path,
                id,
                version,
                state,
            } => {
                let mut res = format!(
                    "<code>{}</code><br>{}",
                    esc(path),
                    esc(&w.fill(
                        "import_id_version",
                        &[("id", id.clone()), ("version", version.to_string())]
                    ))
                );
                match state {
                    WriteState::New => {}
                    WriteState::Same => {
                        let _ = write!(
                            res,
                            "<br><span class=\"muted\">{}</span>",
                            esc(&w.get("import_state_same"))
                        );
                    }
                    WriteState::Kept => {
                        let _ = write!(
                            res,
                            "<br><span class=\"warn\">{}</span>",
                            esc(&w.get("import_state_kept"))
                        );
                    }
                }
                ("ok", res)
            }
            Outcome::Duplicate { .. } => ("warn", rich(&outcome_line(f, w))),
            Outcome::Skipped(why) => ("warn", rich(&w.skip(why))),
            Outcome::Failed(e) => ("err", rich(&w.error(e))),
        };
        let notes = if f.notes.is_empty() {
            String::new()
        } else {
            let items: Vec<String> = f
                .notes
                .iter()
                .map(|n| format!("<li>{}</li>", rich(&w.note(n))))
                .collect();
            format!("<ul>{}</ul>", items.join(""))
        };
        let _ = writeln!(
            s,
            "<tr class=\"{class}\"><td>{}</td><td class=\"{class}\">{result}</td><td>{notes}</td></tr>",
            esc(&f.source)
        );
    }
    s.push_str("</tbody>\n</table>\n");

    if !r.chains.is_empty() || !r.apart.is_empty() {
        let _ = writeln!(s, "<h2>{}</h2>", esc(&w.get("import_section_chains")));
        for c in &r.chains {
            let _ = writeln!(
                s,
                "<h3>{}</h3>\n<ol>",
                esc(&w.fill(
                    "import_chain",
                    &[
                        ("id", c.id.clone()),
                        ("title", c.title.clone()),
                        ("n", c.members.len().to_string())
                    ]
                ))
            );
            for m in &c.members {
                let _ = writeln!(s, "<li>{}</li>", esc(m));
            }
            s.push_str("</ol>\n<ul>\n");
            for (older, newer, ev) in &c.links {
                let _ = writeln!(
                    s,
                    "<li>{}: {}</li>",
                    esc(&w.fill(
                        "import_link",
                        &[("older", older.clone()), ("newer", newer.clone())]
                    )),
                    ev.iter()
                        .map(|e| rich(&w.note(e)))
                        .collect::<Vec<_>>()
                        .join("; ")
                );
            }
            s.push_str("</ul>\n");
        }
        if !r.apart.is_empty() {
            s.push_str("<ul>\n");
            for (a, b, sim) in &r.apart {
                let _ = writeln!(
                    s,
                    "<li class=\"warn\">{}</li>",
                    rich(&w.fill(
                        "import_apart",
                        &[
                            ("a", a.clone()),
                            ("b", b.clone()),
                            ("percent", percent(*sim))
                        ]
                    ))
                );
            }
            s.push_str("</ul>\n");
        }
    }
    s.push_str("</main>\n</body>\n</html>\n");
    s
}
