//! `redthread serve` in Chromium: live reload on save, the error overlay, in Danish on a
//! phone.

use std::path::Path;

use crate::harness::{run_in, sample_copy};
use crate::node;
use crate::serving::Server;

#[test]
fn browser_reloads_on_save_and_shows_then_clears_the_overlay() {
    let f = sample_copy();
    let server = Server::start(f.path(), &[]);
    let url = format!("http://127.0.0.1:{}/", server.port);
    node("serve.mjs", &[Path::new(&url), f.path()]);
}

#[test]
fn the_serve_overlay_is_danish_and_keeps_the_caret_under_its_column_at_390_px() {
    let tmp = tempfile::tempdir().unwrap();
    run_in(tmp.path(), &["init", "arkiv", "--language", "da"]).assert_ok();
    let dir = tmp.path().join("arkiv");
    let server = Server::start(&dir, &[]);
    let url = format!("http://127.0.0.1:{}/", server.port);
    node(
        "serve-narrow.mjs",
        &[
            Path::new(&url),
            &dir,
            Path::new("content/kom-godt-i-gang/sadan-skriver-vi-vejledninger-v1.md"),
        ],
    );
}
