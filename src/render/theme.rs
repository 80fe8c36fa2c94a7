//! The theme: templates and assets built into the binary, overridable file by file by the
//! archive's own `themes/<name>/`.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};
use tera::Tera;

use super::words::{self, Words};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::rel_string;

static BUILTIN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

const BUILTIN_PREFIX: &str = "builtin/";

/// Loaded templates and the static files to copy into `assets/`.
pub struct Theme {
    /// Templates; archive files shadow built-in ones of the same name.
    pub tera: Tera,
    /// Asset path (relative to `assets/`) -> bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// The theme's words in the archive's language (also in templates as `t`).
    pub words: Words,
    /// Hash of every template, asset and word, so a rebuild knows when the theme changed.
    pub fingerprint: u64,
}

/// Loads the built-in theme, then the archive's `themes/<name>/` over it, with the words
/// for `language` (see [`super::words`]).
pub fn load(root: &Path, name: &str, language: &str) -> Result<Theme, Diagnostics> {
    let mut tera = Tera::new();
    let mut problems = Diagnostics::default();
    tera.set_fallback_prefixes([BUILTIN_PREFIX])
        .expect("no templates are added yet");
    let mut templates: Vec<(String, String, String)> = Vec::new();
    let mut assets = BTreeMap::new();
    if let Some(dir) = BUILTIN.get_dir("templates") {
        for f in dir.files() {
            let name = f.path().strip_prefix("templates").unwrap_or(f.path());
            let name = name.to_string_lossy().replace('\\', "/");
            let text = f.contents_utf8().unwrap_or_default().to_owned();
            templates.push((
                format!("{BUILTIN_PREFIX}{name}"),
                text,
                format!("(built-in theme) templates/{name}"),
            ));
        }
    }
    collect_assets(&BUILTIN, &mut assets);

    let theme_dir = root.join("themes").join(name);
    if theme_dir.is_dir() {
        for (sub, is_templates) in [("templates", true), ("static", false)] {
            let dir = theme_dir.join(sub);
            if !dir.is_dir() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        problems.push(Diagnostic::error(
                            rel_string(root, &dir),
                            0,
                            0,
                            format!("cannot read theme: {e}"),
                        ));
                        continue;
                    }
                };
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = rel_string(&dir, entry.path());
                let shown = rel_string(root, entry.path());
                let bytes = match std::fs::read(entry.path()) {
                    Ok(b) => b,
                    Err(e) => {
                        problems.push(Diagnostic::error(shown, 0, 0, format!("cannot read: {e}")));
                        continue;
                    }
                };
                if is_templates {
                    match String::from_utf8(bytes) {
                        Ok(text) => templates.push((rel, text, shown)),
                        Err(_) => problems.push(Diagnostic::error(
                            shown,
                            0,
                            0,
                            "template is not UTF-8 text",
                        )),
                    }
                } else {
                    assets.insert(rel, bytes);
                }
            }
        }
    } else if name != "default" {
        problems.push(
            Diagnostic::error(
                "book.toml",
                0,
                0,
                format!("theme `{name}` not found: there is no folder themes/{name}/"),
            )
            .with_hint(
                "create the folder, or remove `theme` from [build] to use the built-in theme",
            ),
        );
    }
    // All at once: a template may extend one that is added after it.
    if let Err(e) =
        tera.add_raw_templates(templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
    {
        let message = crate::diagnostics::error_chain(&e);
        let shown = templates
            .iter()
            .find(|(n, _, _)| message.contains(&format!("'{n}'")))
            .map_or_else(|| format!("themes/{name}/templates"), |(_, _, s)| s.clone());
        problems.push(Diagnostic::error(
            shown,
            0,
            0,
            format!("template error: {message}"),
        ));
    }
    let words = load_words(
        &root.join("themes").join(name),
        name,
        language,
        &mut problems,
    );
    tera.global_context().insert("t", &words.words);
    if problems.has_errors() {
        return Err(problems);
    }
    let fingerprint = crate::hash::combine([
        crate::hash::hash_of(&templates),
        crate::hash::hash_of(&assets),
        crate::hash::hash_debug(&words),
    ]);
    Ok(Theme {
        tera,
        assets,
        words,
        fingerprint,
    })
}

fn collect_assets(dir: &Dir<'_>, out: &mut BTreeMap<String, Vec<u8>>) {
    for f in dir.files() {
        if let Ok(rel) = f.path().strip_prefix("static") {
            out.insert(
                rel.to_string_lossy().replace('\\', "/"),
                f.contents().to_vec(),
            );
        }
    }
    for d in dir.dirs() {
        collect_assets(d, out);
    }
}

/// English, then the archive theme's English, then the language, then the archive
/// theme's file for it: later files win key by key.
fn load_words(theme_dir: &Path, name: &str, language: &str, problems: &mut Diagnostics) -> Words {
    let lang = crate::lang::primary(language);
    let mut files = Vec::new();
    let mut langs = vec!["en".to_owned()];
    if lang != "en" {
        langs.push(lang.clone());
    }
    for l in &langs {
        if let Some(f) = BUILTIN.get_file(format!("i18n/{l}.toml")) {
            match words::parse(
                f.contents_utf8().unwrap_or_default(),
                &format!("(built-in theme) i18n/{l}.toml"),
            ) {
                Ok(w) => files.push(w),
                Err(d) => problems.push(d),
            }
        }
        let own = theme_dir.join("i18n").join(format!("{l}.toml"));
        if own.is_file() {
            let shown = format!("themes/{name}/i18n/{l}.toml");
            match std::fs::read_to_string(&own) {
                Ok(text) => match words::parse(&text, &shown) {
                    Ok(w) => files.push(w),
                    Err(d) => problems.push(d),
                },
                Err(e) => {
                    problems.push(Diagnostic::error(shown, 0, 0, format!("cannot read: {e}")))
                }
            }
        }
    }
    Words::layered(lang, &files)
}
