//! Bad input: every problem reported at once with file and line, exit 1, and the previous
//! output left exactly as it was (issue 2).

use crate::harness::Fixture;

const GOOD: &str = "---\ntitle: Good\nversion: 1\ncategory: C\ndate: 2024-01-01\n---\nText\n";

/// Builds a good archive, breaks it with `files`, and checks the failure.
fn fails_with(files: &[(&str, &str)], expected: &[&str]) -> String {
    let f = Fixture::new().file("content/c/good-v1.md", GOOD);
    let before = f.build().snapshot();
    for (path, text) in files {
        f.write(path, text);
    }
    let stderr = f.build_fails();
    for e in expected {
        assert!(stderr.contains(e), "expected {e:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    let after = crate::harness::Site { root: f.site_dir() }.snapshot();
    assert!(before == after, "the previous output changed");
    stderr
}

#[test]
fn malformed_yaml() {
    fails_with(
        &[(
            "content/c/bad-v1.md",
            "---\ntitle: Bad\nversion: 1\ntags: [a, b\ndate: 2024-01-01\n---\n",
        )],
        &["content/c/bad-v1.md:", "front-matter is not valid YAML"],
    );
}

#[test]
fn front_matter_not_closed() {
    fails_with(
        &[("content/c/bad-v1.md", "---\ntitle: Bad\nversion: 1\n")],
        &["content/c/bad-v1.md:1:1: error: front-matter is not closed"],
    );
}

#[test]
fn missing_required_keys_are_all_reported() {
    fails_with(
        &[("content/c/bad-v1.md", "---\ncategory: C\n---\nText\n")],
        &[
            "missing required key `title`",
            "missing required key `version`",
            "missing required key `date`",
        ],
    );
}

#[test]
fn version_that_is_not_a_dotted_number() {
    fails_with(
        &[(
            "content/c/bad-v1.md",
            "---\ntitle: Bad\nversion: 1.x\ncategory: C\ndate: 2024-01-01\n---\n",
        )],
        &["content/c/bad-v1.md:3:1: error: version `1.x` is not a dotted number"],
    );
}

#[test]
fn same_id_and_version_twice() {
    fails_with(
        &[(
            "content/c/good-v1-copy.md",
            "---\ntitle: Good\nid: good\nversion: 1.0\ncategory: C\ndate: 2024-01-01\n---\n",
        )],
        &[
            "content/c/good-v1.md:3:1: error: guideline `good` has version 1 twice (also in content/c/good-v1-copy.md)",
        ],
    );
}

#[test]
fn supersedes_unknown_guideline_with_hint() {
    fails_with(
        &[(
            "content/c/new-v1.md",
            "---\ntitle: New\nversion: 1\ncategory: C\ndate: 2024-01-01\nsupersedes: goood\n---\n",
        )],
        &[
            "content/c/new-v1.md:6:1: error: `supersedes` names `goood`, but no guideline has that id",
            "did you mean `good`?",
        ],
    );
}

#[test]
fn supersedes_unknown_version() {
    fails_with(
        &[(
            "content/c/new-v1.md",
            "---\ntitle: New\nversion: 1\ncategory: C\ndate: 2024-01-01\nsupersedes: good@7\n---\n",
        )],
        &[
            "content/c/new-v1.md:6:1: error: `supersedes` names `good@7`, but that guideline has no version 7",
        ],
    );
}

#[test]
fn supersedes_cycle() {
    fails_with(
        &[
            (
                "content/c/a-v1.md",
                "---\ntitle: A\nversion: 1\ncategory: C\ndate: 2024-01-01\nsupersedes: b\n---\n",
            ),
            (
                "content/c/b-v1.md",
                "---\ntitle: B\nversion: 1\ncategory: C\ndate: 2024-01-01\nsupersedes:\n  - a\n---\n",
            ),
        ],
        &["content/c/a-v1.md:6:1: error: `supersedes` makes a cycle: a -> b -> a"],
    );
}

#[test]
fn versions_must_increase_along_supersedes() {
    fails_with(
        &[
            (
                "content/c/good-v2.md",
                "---\ntitle: Good\nversion: 2\ncategory: C\ndate: 2024-02-01\nsupersedes: good@3\n---\n",
            ),
            (
                "content/c/good-v3.md",
                "---\ntitle: Good\nversion: 3\ncategory: C\ndate: 2024-03-01\n---\n",
            ),
        ],
        &[
            "content/c/good-v2.md:6:1: error: version 2 cannot supersede version 3 of the same guideline",
        ],
    );
}

#[test]
fn impossible_dates() {
    fails_with(
        &[(
            "content/c/bad-v1.md",
            "---\ntitle: Bad\nversion: 1\ncategory: C\ndate: 2023-02-29\nreview_by: 2024-13-01\n---\n",
        )],
        &[
            "content/c/bad-v1.md:5:1: error: `date` `2023-02-29` is not a real date",
            "content/c/bad-v1.md:6:1: error: `review_by` `2024-13-01` is not a real date",
        ],
    );
}

#[test]
fn unknown_key_with_did_you_mean() {
    let stderr = fails_with(
        &[(
            "content/c/bad-v1.md",
            "---\ntitle: Bad\nversion: 1\ncatgory: C\ndate: 2024-01-01\n---\n",
        )],
        &[
            "content/c/bad-v1.md:4:1: error: unknown key `catgory`",
            "did you mean `category`?",
        ],
    );
    assert!(stderr.contains("4 | catgory: C"), "snippet shown: {stderr}");
}

#[test]
fn file_that_is_not_utf8() {
    let f = Fixture::new().file("content/c/good-v1.md", GOOD);
    let before = f.build().snapshot();
    std::fs::write(
        f.path().join("content/c/latin1-v1.md"),
        b"---\ntitle: Caf\xe9\nversion: 1\n---\n",
    )
    .unwrap();
    let stderr = f.build_fails();
    assert!(
        stderr.contains("content/c/latin1-v1.md:2:11: error: the file is not UTF-8 text"),
        "{stderr}"
    );
    assert!(before == crate::harness::Site { root: f.site_dir() }.snapshot());
}

#[test]
fn id_that_is_not_a_safe_slug() {
    fails_with(
        &[(
            "content/c/bad-v1.md",
            "---\ntitle: Bad\nid: ../x\nversion: 1\ncategory: C\ndate: 2024-01-01\n---\n",
        )],
        &["content/c/bad-v1.md:3:1: error: id `../x` is not a safe slug"],
    );
}

#[test]
fn broken_book_toml() {
    fails_with(
        &[("book.toml", "[book]\ntitle = \"x\"\nlanguge = \"da\"\n")],
        &[
            "book.toml:3:1: error: unknown key `languge` in [book]",
            "did you mean `language`?",
        ],
    );
    fails_with(&[("book.toml", "[book\ntitle = 1\n")], &["book.toml:1:"]);
}

#[test]
fn link_to_a_file_that_does_not_exist() {
    fails_with(
        &[(
            "content/c/link-v1.md",
            "---\ntitle: L\nversion: 1\ncategory: C\ndate: 2024-01-01\n---\nIntro.\n\nSee [x](../c/missing-v1.md) and [y](guideline:nope).\n",
        )],
        &[
            "content/c/link-v1.md:9:5: error: link to `content/c/missing-v1.md`, but that file does not exist",
            "content/c/link-v1.md:9:33: error: link to guideline `nope`, but no guideline has that id",
        ],
    );
}

#[test]
fn all_problems_of_one_build_are_reported_together() {
    let stderr = fails_with(
        &[
            (
                "content/c/a-v1.md",
                "---\ntitle: A\nversion: x\ncategory: C\ndate: 2024-01-01\n---\n",
            ),
            (
                "content/c/b-v1.md",
                "---\ntitle: B\nversion: 1\ncategory: C\ndate: 2024-99-01\n---\n",
            ),
            ("content/c/c-v1.md", "no front matter\n"),
        ],
        &[
            "content/c/a-v1.md:3:1",
            "content/c/b-v1.md:5:1",
            "content/c/c-v1.md:1:1",
        ],
    );
    assert!(
        stderr.contains("Build failed: 3 errors. Nothing was written."),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_under_content() {
    let f = Fixture::new().file("content/c/good-v1.md", GOOD);
    let before = f.build().snapshot();
    std::os::unix::fs::symlink("..", f.path().join("content/c/loop")).unwrap();
    let stderr = f.build_fails();
    assert!(
        stderr.contains("content/c/loop: error: symbolic link loop"),
        "{stderr}"
    );
    assert!(before == crate::harness::Site { root: f.site_dir() }.snapshot());
}

#[test]
fn a_broken_file_is_reported_once_not_again_by_what_refers_to_it() {
    let stderr = fails_with(
        &[
            (
                "content/c/old-v1.md",
                "---\ntitle: Old\nversion: one\ncategory: C\ndate: 2024-01-01\n---\n",
            ),
            (
                "content/c/new-v1.md",
                "---\ntitle: New\nversion: 1\ncategory: C\ndate: 2024-02-01\nsupersedes: old\n---\n[a](old-v1.md) [b](guideline:old)\n",
            ),
        ],
        &["content/c/old-v1.md:3:1: error: version `one` is not a dotted number"],
    );
    assert!(stderr.contains("Build failed: 1 error,"), "{stderr}");
}
