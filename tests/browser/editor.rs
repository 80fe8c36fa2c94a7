//! The browser editor of `redthread serve` (issue 17) in Chromium.

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
