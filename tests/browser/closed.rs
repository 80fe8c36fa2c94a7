//! The closed archive in Chromium (tests/browser/closed.mjs): the sample archive built
//! sealed and open, both opened from file:// and over HTTP on a sub-path.

use std::path::Path;

use assert_cmd::Command;

use crate::harness::{Fixture, repo_root, sample_copy};
use crate::node;

const PASSWORD: &str = "purple otter kitchen saturn";
const SECOND: &str = "seven amber lanterns drift";

/// A copy of the sample archive with `[access]`.
fn sample_with_access() -> Fixture {
    let f = sample_copy();
    let toml = std::fs::read_to_string(repo_root().join("book.toml")).expect("book.toml");
    f.write(
        "book.toml",
        &format!("{toml}\n[access]\npassword_env = \"REDTHREAD_TEST_PASSWORD\"\n"),
    );
    f
}

#[test]
fn closed_sample_unlocks_browses_searches_prints_and_locks_from_file_and_sub_path() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let fixture = sample_with_access();
    let archive = fixture.path();
    let sealed = tmp.path().join("sealed");
    let open = tmp.path().join("open");
    let out = Command::cargo_bin("redthread")
        .expect("binary")
        .current_dir(archive)
        .env("REDTHREAD_TEST_PASSWORD", format!("{PASSWORD}\n{SECOND}"))
        .args(["build", "-o", sealed.to_str().expect("UTF-8")])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    crate::harness::run_in(
        &repo_root(),
        &["build", "-o", open.to_str().expect("UTF-8")],
    )
    .assert_ok();
    node(
        "closed.mjs",
        &[&sealed, &open, Path::new(PASSWORD), Path::new(SECOND)],
    );
}
