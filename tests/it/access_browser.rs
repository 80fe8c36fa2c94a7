//! The closed archive in Chromium (tests/browser/closed.mjs): the sample archive built
//! sealed and open, both opened from file:// and over HTTP on a sub-path.

use std::path::Path;

use assert_cmd::Command;

use crate::browser::node;
use crate::harness::repo_root;

const PASSWORD: &str = "purple otter kitchen saturn";
const SECOND: &str = "seven amber lanterns drift";

/// Copies the sample archive (book.toml and content/) into `dir`, with `[access]`.
fn sample_with_access(dir: &Path) {
    let root = repo_root();
    for e in walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(&root).expect("inside");
        let to = dir.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &to).expect("copy");
        }
    }
    let toml = std::fs::read_to_string(root.join("book.toml")).expect("book.toml");
    std::fs::write(
        dir.join("book.toml"),
        format!("{toml}\n[access]\npassword_env = \"REDTHREAD_TEST_PASSWORD\"\n"),
    )
    .expect("write book.toml");
}

#[test]
fn closed_sample_unlocks_browses_searches_prints_and_locks_from_file_and_sub_path() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let archive = tmp.path().join("archive");
    sample_with_access(&archive);
    let sealed = tmp.path().join("sealed");
    let open = tmp.path().join("open");
    let out = Command::cargo_bin("redthread")
        .expect("binary")
        .current_dir(&archive)
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
