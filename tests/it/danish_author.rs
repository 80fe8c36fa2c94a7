//! Issue 15: a Danish author never meets English on the happy path. `init --language da`,
//! `new`, `revise`, `check`, `build` and a broken save in `serve` are run as an author would,
//! and everything they print or write for the author is compared with the English
//! translation file: no English sentence of it may appear.

use std::path::Path;
use std::time::Duration;

use crate::harness::run_in;
use crate::serving::{Events, Server};

/// Sentences (and parts of sentences between the `{gaps}`) of the English `[author]` table
/// that the Danish file does not also have: any of them in the output is English leaking.
fn english_sentences() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    let read = |l: &str| -> toml::Table {
        toml::from_str(&std::fs::read_to_string(root.join(format!("{l}.toml"))).unwrap()).unwrap()
    };
    let (en, da) = (read("en"), read("da"));
    let da_all: String = da["author"]
        .as_table()
        .unwrap()
        .values()
        .filter_map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    for value in en["author"].as_table().unwrap().values() {
        let value = value.as_str().unwrap();
        // Code (`redthread serve`, `summary:`) and gaps are not words to translate.
        let mut plain = String::new();
        let mut in_code = false;
        let mut in_gap = false;
        for c in value.chars() {
            match c {
                '`' => {
                    in_code = !in_code;
                    plain.push('|');
                }
                '{' if !in_code => {
                    in_gap = true;
                    plain.push('|');
                }
                '}' if in_gap => in_gap = false,
                '\n' | '.' | ';' | ':' | '(' | ')' | '"' | '“' | '”' => plain.push('|'),
                c if !in_code && !in_gap => plain.push(c),
                _ => {}
            }
        }
        for piece in plain.split('|') {
            let piece = piece.trim().trim_matches(|c: char| !c.is_alphanumeric());
            let words = piece.split_whitespace().filter(|w| w.len() > 2).count();
            if words >= 2 && !da_all.contains(piece) {
                out.push(piece.to_owned());
            }
        }
    }
    out.sort();
    out.dedup();
    assert!(out.len() > 100, "{out:?}");
    out
}

fn assert_no_english(what: &str, text: &str, english: &[String]) {
    for e in english {
        assert!(
            !text.contains(e.as_str()),
            "{what} has the English “{e}”:\n{text}"
        );
    }
}

#[test]
fn a_danish_author_meets_no_english() {
    let english = english_sentences();
    let tmp = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();

    let run = run_in(tmp.path(), &["init", "arkiv", "--language", "da"]);
    run.assert_ok();
    assert_eq!(
        run.stdout(),
        "Oprettede et nyt arkiv i arkiv\nNæste skridt: cd arkiv og kør `redthread serve --open`; HOWTO.md fortæller, hvad du skal gøre.\n"
    );
    seen.push(("init", run.stdout() + &run.stderr()));
    let dir = tmp.path().join("arkiv");
    let book = std::fs::read_to_string(dir.join("book.toml")).unwrap();
    assert!(book.contains("language = \"da\""), "{book}");
    assert!(book.contains("title = \"Vores vejledninger\""), "{book}");
    let example = "content/kom-godt-i-gang/sadan-skriver-vi-vejledninger-v1.md";
    for file in ["HOWTO.md", example] {
        seen.push((file, std::fs::read_to_string(dir.join(file)).unwrap()));
    }

    let run = run_in(
        &dir,
        &[
            "new",
            "Afslut ambulant forløb",
            "--category",
            "Afslutning",
            "--today",
            "2026-12-02",
        ],
    );
    run.assert_ok();
    let new_file = "content/afslutning/afslut-ambulant-forlob-v1.md";
    assert_eq!(run.stdout().trim(), new_file);
    let written = std::fs::read_to_string(dir.join(new_file)).unwrap();
    assert!(
        written.contains("## Trin\n\n1. Det første trin."),
        "{written}"
    );
    seen.push(("new", run.stdout() + &run.stderr() + &written));

    // `revise` from inside the category folder, as an author in Explorer's "open terminal here".
    let run = run_in(
        &dir.join("content/kom-godt-i-gang"),
        &[
            "revise",
            "sadan-skriver-vi-vejledninger",
            "--today",
            "2026-12-02",
        ],
    );
    run.assert_ok();
    seen.push(("revise", run.stdout() + &run.stderr()));
    // An unknown id: the error is Danish too.
    let run = run_in(&dir, &["revise", "afslut-ambulant-forlb"]);
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.stderr(),
        "fejl: ingen vejledning har id `afslut-ambulant-forlb` (mente du `afslut-ambulant-forlob`?)\n"
    );
    seen.push(("revise unknown", run.stderr()));

    // check: the new file still has the template's text and an empty summary; the revision
    // says nothing about what changed. All of it in Danish.
    let run = run_in(&dir, &["check", "--today", "2026-12-02"]);
    assert_eq!(run.code(), 0, "{}{}", run.stdout(), run.stderr());
    assert!(
        run.stdout()
            .contains("advarsel: `afslut-ambulant-forlob` har intet resumé")
    );
    assert!(run.stdout().contains("= tip: "));
    assert!(
        run.stderr().ends_with("0 fejl, 5 advarsler.\n"),
        "{}",
        run.stderr()
    );
    seen.push(("check", run.stdout() + &run.stderr()));

    let run = run_in(&dir, &["build"]);
    run.assert_ok();
    assert!(
        run.stdout()
            .starts_with("Byggede 2 vejledninger (2 gældende, 3 versioner) på "),
        "{}",
        run.stdout()
    );
    seen.push(("build", run.stdout() + &run.stderr()));

    // serve, a save with a colon in the title, then the fix.
    let mut server = Server::start(&dir, &[]);
    let events = Events::open(server.port);
    events.wait_for("hello", Duration::from_secs(10));
    let broken = written.replace(
        "title: Afslut ambulant forløb",
        "title: Afslutning: ambulant forløb",
    );
    std::fs::write(dir.join(new_file), &broken).unwrap();
    let problems = events.wait_for("problems", Duration::from_secs(10));
    let report: serde_json::Value = serde_json::from_str(&problems).unwrap();
    assert_eq!(report["title"], "Arkivet har 1 fejl");
    assert_eq!(report["close"], "Skjul denne besked");
    let text = report["problems"][0]["text"].as_str().unwrap();
    assert_eq!(
        text,
        format!(
            "{new_file}:2:18: fejl: teksten efter `title:` indeholder et kolon, så den læses som begyndelsen på en ny nøgle\n   |\n 2 | title: Afslutning: ambulant forløb\n   |                  ^\n  = tip: sæt anførselstegn om teksten, sådan her: title: \"Afslutning: ambulant forløb\""
        )
    );
    seen.push(("overlay", problems.clone()));
    std::fs::write(
        dir.join(new_file),
        broken.replace(
            "title: Afslutning: ambulant forløb",
            "title: \"Afslutning: ambulant forløb\"",
        ),
    )
    .unwrap();
    events.wait_for("reload", Duration::from_secs(10));
    server.interrupt();
    let log = server.log_with("Stoppet.");
    assert!(
        log.contains(
            "Bygningen mislykkedes: 1 fejl. Viser stadig den sidste version, der virkede."
        ),
        "{log}"
    );
    assert!(log.contains("Byggede 2 vejledninger igen på "), "{log}");
    seen.push(("serve", log));

    for (what, text) in &seen {
        assert_no_english(what, text, &english);
    }
}

#[test]
fn swedish_init_writes_swedish_files() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_in(tmp.path(), &["init", "arkiv", "--language", "sv"]);
    run.assert_ok();
    assert!(run.stdout().starts_with("Skapade ett nytt arkiv i arkiv\n"));
    let dir = tmp.path().join("arkiv");
    let example =
        std::fs::read_to_string(dir.join("content/kom-igang/sa-skriver-vi-riktlinjer-v1.md"))
            .unwrap();
    assert!(example.contains("category: Kom igång"), "{example}");
    assert!(
        example.contains("(guideline:sa-skriver-vi-riktlinjer)"),
        "{example}"
    );
    let howto = std::fs::read_to_string(dir.join("HOWTO.md")).unwrap();
    assert!(
        howto.starts_with("# Så skriver och ändrar du riktlinjer"),
        "{howto}"
    );
    // The example builds, and its link to itself resolves.
    let run = run_in(&dir, &["check"]);
    assert_eq!(run.code(), 0, "{}{}", run.stdout(), run.stderr());
    assert_eq!(run.stderr(), "Inga problem hittades.\n");
}
