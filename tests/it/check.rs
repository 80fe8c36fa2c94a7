//! `redthread check` (issue 5): the build's errors plus content warnings, one problem per
//! line in the short format, exit codes, and nothing written.

use crate::harness::Fixture;

fn clean() -> Fixture {
    Fixture::new()
        .file("book.toml", "[book]\ntitle = \"Check test\"\n")
        .guideline(
            "content/referrals/receive-v1.md",
            "title: Receive\nversion: 1\ndate: 2024-01-01\nreview_by: 2030-01-01",
            "Text.\n",
        )
        .guideline(
            "content/referrals/receive-v2.md",
            "title: Receive\nversion: 2\ndate: 2024-06-01\nsupersedes: receive@1\nchanges: New step.\nreview_by: 2030-01-01",
            "Text two.\n",
        )
        .guideline(
            "content/referrals/forward-v1.md",
            "title: Forward\nversion: 1\ndate: 2024-01-01\ncategory: Referrals",
            "Text.\n",
        )
}

fn short(f: &Fixture, extra: &[&str]) -> (i32, Vec<String>) {
    let mut args = vec!["check", "--format", "short", "--today", "2026-01-01"];
    args.extend_from_slice(extra);
    let run = f.run(&args);
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    (
        run.code(),
        run.stdout().lines().map(str::to_owned).collect(),
    )
}

#[test]
fn a_clean_archive_passes_and_nothing_is_written() {
    let f = clean();
    let run = f.run(&["check", "--today", "2026-01-01"]);
    assert_eq!(run.code(), 0, "{}{}", run.stdout(), run.stderr());
    assert_eq!(run.stdout(), "");
    assert!(run.stderr().contains("No problems found."));
    let (code, lines) = short(&f, &["--deny-warnings"]);
    assert_eq!((code, lines), (0, vec![]));
    assert!(!f.site_dir().exists(), "check wrote a site");
}

#[test]
fn review_date_passed_is_a_warning_and_deny_warnings_fails() {
    let f = clean();
    let (code, lines) = short(&f, &[]);
    assert_eq!(code, 0);
    assert!(lines.is_empty(), "{lines:?}");
    let run = f.run(&["check", "--format", "short", "--today", "2030-01-02"]);
    assert_eq!(run.code(), 0);
    let out = run.stdout();
    // Only the current revision counts, at the line of its `review_by`.
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "content/referrals/receive-v2.md:7:1: warning: `receive` was due for review on 2030-01-01 (hint: read it through; if it is still right, set a later `review_by`, otherwise revise it)"
        ],
        "{out}"
    );
    let run = f.run(&["check", "--deny-warnings", "--today", "2030-01-02"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("0 errors, 1 warning."),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_revision_without_changes_is_a_warning_but_a_first_version_is_not() {
    let f = clean().guideline(
        "content/referrals/receive-v3.md",
        "title: Receive\nversion: 3\ndate: 2024-09-01\nsupersedes: receive@2\nchanges: \"  \"",
        "Text three.\n",
    );
    let (code, lines) = short(&f, &[]);
    assert_eq!(code, 0);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("content/referrals/receive-v3.md:6:1: warning: version 3 of `receive` does not say what changed"),
        "{lines:?}"
    );
    // A renamed guideline's first version replaces another, so it needs a note too.
    let f = clean().guideline(
        "content/referrals/welcome-v1.md",
        "title: Welcome\nversion: 1\ndate: 2024-09-01\nsupersedes: forward",
        "x\n",
    );
    let (_, lines) = short(&f, &[]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0]
            .starts_with("content/referrals/welcome-v1.md:1:1: warning: version 1 of `welcome`"),
        "{lines:?}"
    );
}

#[test]
fn a_lonely_category_that_looks_like_a_typo_is_a_warning() {
    let f = clean().guideline(
        "content/other/typo-v1.md",
        "title: Typo\nversion: 1\ndate: 2024-01-01\ncategory: Referal",
        "x\n",
    );
    let (code, lines) = short(&f, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        lines,
        [
            "content/other/typo-v1.md:5:1: warning: category `Referal` has only this guideline and looks like a typo of `Referrals` (hint: if it belongs with the others, write `category: Referrals`)"
        ]
    );
    // A lonely category unlike any other is fine.
    let f = clean().guideline(
        "content/other/lab-v1.md",
        "title: Lab\nversion: 1\ndate: 2024-01-01\ncategory: Laboratory orders",
        "x\n",
    );
    assert_eq!(short(&f, &[]), (0, vec![]));
}

#[test]
fn missing_files_and_images_are_warnings_missing_guidelines_are_errors() {
    let f = clean().guideline(
        "content/referrals/links-v1.md",
        "title: Links\nversion: 1\ndate: 2024-01-01",
        "See [the form](form.pdf).\n\n![Screen](screen.png)\n\n[Old](gone-v1.md) and [by id](guideline:nobody).\n",
    );
    let (code, lines) = short(&f, &[]);
    assert_eq!(code, 1, "{lines:?}");
    let at = |prefix: &str, kind: &str| {
        lines
            .iter()
            .any(|l| l.starts_with(prefix) && l.contains(kind))
    };
    // Front-matter is lines 1-5; the body starts on line 6.
    assert!(
        at(
            "content/referrals/links-v1.md:6:",
            "warning: link to `content/referrals/form.pdf`, but that file does not exist"
        ),
        "{lines:?}"
    );
    assert!(
        at(
            "content/referrals/links-v1.md:8:",
            "warning: image `content/referrals/screen.png` is missing: there is no such file"
        ),
        "{lines:?}"
    );
    assert!(
        at(
            "content/referrals/links-v1.md:10:",
            "error: link to `content/referrals/gone-v1.md`"
        ),
        "{lines:?}"
    );
    assert!(
        at(
            "content/referrals/links-v1.md:10:",
            "error: link to guideline `nobody`"
        ),
        "{lines:?}"
    );
    assert!(!f.site_dir().exists());
}

#[test]
fn errors_are_the_builds_errors_and_exit_1() {
    let f = clean().guideline(
        "content/referrals/bad-v1.md",
        "title: Bad\nversion: one\ndate: 2024-01-01\nreveiw_by: 2025-01-01",
        "x\n",
    );
    let build = f.build_fails();
    let run = f.run(&["check"]);
    assert_eq!(run.code(), 1);
    // The human format prints exactly what build prints, problem for problem.
    let problems: Vec<&str> = build
        .lines()
        .filter(|l| l.starts_with("content/"))
        .collect();
    assert!(problems.len() >= 2, "{build}");
    for p in &problems {
        assert!(
            run.stdout().contains(p),
            "{p} missing from check:\n{}",
            run.stdout()
        );
    }
    let (code, lines) = short(&f, &[]);
    assert_eq!(code, 1);
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("content/referrals/bad-v1.md:")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/referrals/bad-v1.md:3:")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/referrals/bad-v1.md:5:")),
        "{lines:?}"
    );
}

#[test]
fn the_sample_archive_checks_without_errors() {
    let run = crate::harness::run_in(
        &crate::harness::repo_root(),
        &["check", "--format", "short", "--today", "2026-01-01"],
    );
    assert_eq!(run.code(), 0, "{}", run.stdout());
}
