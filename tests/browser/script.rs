//! Runs one script of this folder with Node, or says why it cannot.

use std::path::Path;
use std::process::Command;

use crate::harness::repo_root;

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
