//! The editor of `redthread serve` in Chromium (issue 17): a short smoke test of the form
//! (tests/it/editor.rs has its refusals and saves over HTTP).

use std::path::Path;

use crate::harness::Fixture;
use crate::node;
use crate::serving::Server;

#[test]
fn editor_in_a_real_browser_previews_pastes_keeps_and_saves() {
    let f = Fixture::copy_of("editor");
    let server = Server::start(f.path(), &[]);
    let url = format!("http://127.0.0.1:{}/", server.port);
    let mut args = vec![Path::new(&url), f.path()];
    let shots = std::env::var_os("REDTHREAD_SHOTS").map(std::path::PathBuf::from);
    if let Some(s) = &shots {
        args.push(s);
    }
    node("editor-smoke.mjs", &args);
}

/// The whole flow in Danish, as a secretary does it (tests/browser/editor-paste.mjs): a new
/// guideline through the form, then a revision made of text pasted from Word, with preview,
/// redline, the picture added where its note was, axe at 1280 and 390 px, save, version 1
/// superseded. The file written is what `redthread revise` writes, plus the note and the
/// text, and the pasted text is exactly what the converter makes of the clipboard.
#[test]
fn a_revision_pasted_from_word_in_the_browser_is_saved_as_revise_would_write_it() {
    let f = Fixture::copy_of("editor-da");
    let server = Server::start(f.path(), &[]);
    let url = format!("http://127.0.0.1:{}/", server.port);
    let out = tempfile::tempdir().expect("temp dir");
    let shots = std::env::var_os("REDTHREAD_SHOTS").map(std::path::PathBuf::from);
    node("editor-paste.mjs", &[Path::new(&url), f.path(), out.path()]);
    if let Some(s) = &shots {
        for e in std::fs::read_dir(out.path()).expect("out dir").flatten() {
            if e.path().extension().is_some_and(|x| x == "png") {
                std::fs::copy(e.path(), s.join(e.file_name())).expect("copy screenshot");
            }
        }
    }
    let body_file = out.path().join("body.md");
    if !body_file.exists() {
        // The script was skipped (no Chromium) or failed before the save, and said so.
        return;
    }
    let read = |name: &str| std::fs::read_to_string(out.path().join(name)).expect(name);
    let html = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/paste/word-clipboard.html"),
    )
    .expect("fixture");
    let converted = redthread::import::html::html_to_markdown_in(&html, "da").markdown;
    assert_eq!(
        read("pasted.md"),
        converted,
        "the text box holds the converter's Markdown"
    );
    // The picture added with the toolbar took its note's place.
    let body = converted.replace(
        "*\\[Billede ikke indsat: Skærmbillede af EDI-portalen\\]*",
        "![Skærmbillede af EDI-portalen](images/edi-portalen.png)",
    );
    assert_eq!(read("body.md"), body);
    assert!(
        f.path()
            .join("content/prover/images/edi-portalen.png")
            .is_file()
    );

    let rel = "content/prover/rontgenhenvisning-v2.md";
    let twin = out.path().join("twin");
    crate::harness::run_in(&twin, &["revise", "rontgenhenvisning"]).assert_ok();
    let cli = std::fs::read_to_string(twin.join(rel)).expect("revise wrote v2");
    let end = cli.find("\n---\n").expect("front-matter") + 5;
    let expected = format!(
        "{}\n{body}",
        cli[..end].replace(
            "changes: \"\"\n",
            "changes: Teksten fra Word-dokumentet er sat ind.\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(f.path().join(rel)).expect("the editor wrote v2"),
        expected
    );
}
