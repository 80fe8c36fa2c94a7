//! Real-browser tests: headless Chromium driven by playwright-core scripts in tests/browser.
//!
//! Under scripts/test (and so in CI), which installs Chromium and the node packages and sets
//! `REDTHREAD_REQUIRE_BROWSER=1`, a missing tool is a failure. A plain `cargo test` on a
//! machine without them skips these tests and says so on the terminal, naming what is
//! missing, instead of failing every one of them for a reason that is not a bug.

use std::path::Path;
use std::process::Command;

use crate::harness::repo_root;

/// Builds the sample archive (the repository root) into a temp folder.
pub fn build_sample() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    crate::harness::run_in(
        &repo_root(),
        &["build", "-o", site.to_str().expect("UTF-8 temp path")],
    )
    .assert_ok();
    out
}

/// What the browser tests need and this machine lacks, if anything.
fn missing_tools() -> Option<String> {
    let dir = repo_root().join("tests/browser");
    let chromium =
        std::env::var_os("REDTHREAD_CHROMIUM").unwrap_or_else(|| "/usr/bin/chromium".into());
    let mut missing = Vec::new();
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node".to_owned());
    }
    if !dir.join("node_modules/playwright-core").is_dir() {
        missing.push("tests/browser/node_modules".to_owned());
    }
    if !Path::new(&chromium).exists() {
        missing.push(format!("Chromium at {}", Path::new(&chromium).display()));
    }
    (!missing.is_empty()).then(|| missing.join(", "))
}

/// Runs `node tests/browser/<script> <args>` and fails the test with its output unless it
/// passes. Without the tools, see the module comment.
pub fn node(script: &str, args: &[&Path]) {
    if let Some(missing) = missing_tools() {
        assert!(
            std::env::var_os("REDTHREAD_REQUIRE_BROWSER").is_none(),
            "{script}: missing {missing}; scripts/test installs them"
        );
        // Straight to the terminal: the test harness hides a passing test's own output.
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED browser test {script}: missing {missing} (scripts/test installs them and runs it)"
        );
        return;
    }
    let dir = repo_root().join("tests/browser");
    let output = Command::new("node")
        .arg(dir.join(script))
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("node must be installed (scripts/test checks for it)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{script} failed\n{stdout}\n{stderr}"
    );
    let summary = stdout
        .lines()
        .rev()
        .find(|l| l.contains(" passed, "))
        .unwrap_or("");
    assert!(
        summary.contains(" 0 failed"),
        "{script}: no passing summary\n{stdout}\n{stderr}"
    );
}

#[test]
fn sample_site_walks_and_has_no_broken_link_from_file_and_sub_path() {
    let out = build_sample();
    node("site.mjs", &[&out.path().join("site")]);
}

#[test]
fn search_box_and_page_work_from_sub_path_and_file() {
    let out = build_sample();
    let da = crate::harness::Fixture::copy_of("search-da");
    let en = crate::harness::Fixture::copy_of("search-en");
    let (da_site, en_site) = (da.build(), en.build());
    node(
        "search.mjs",
        &[&out.path().join("site"), &da_site.root, &en_site.root],
    );
}

#[test]
fn redlines_compare_form_and_print_work_from_file_and_sub_path() {
    let out = build_sample();
    node("diff.mjs", &[&out.path().join("site")]);
}

#[test]
fn every_page_type_passes_axe_light_dark_and_at_360_px() {
    let out = build_sample();
    node("a11y.mjs", &[&out.path().join("site")]);
}

#[test]
fn changed_since_print_in_force_review_and_danish_in_a_real_browser() {
    let work = tempfile::tempdir().expect("temp dir");
    let bin = assert_cmd::cargo::cargo_bin("redthread");
    let da = repo_root().join("tests/fixtures/reader-da");
    node("reader.mjs", &[&bin, work.path(), &da]);
}

/// Issue 15: the home page is for readers first, also on a phone with guidelines due for
/// review (the reader-da fixture has one). Screenshot in target/browser-shots/home-390.png.
#[test]
fn the_home_page_shows_guidelines_before_the_review_box_at_390_px() {
    let f = crate::harness::Fixture::copy_of("reader-da");
    let site = f.build();
    let shots = repo_root().join("target/browser-shots");
    std::fs::create_dir_all(&shots).expect("screenshot folder");
    node("home-narrow.mjs", &[&site.root, &shots]);
}
