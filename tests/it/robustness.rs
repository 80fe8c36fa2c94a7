//! Crash safety and portable names (issue 7).

use std::time::Instant;

use crate::harness::{Fixture, Site};

/// An archive big enough that writing its site takes a while.
fn big_archive(guidelines: usize, marker: &str) -> Fixture {
    let f = Fixture::new();
    let body = "## Steps\n\n1. Open the course overview and check the registration.\n2. Close the referral.\n\n".repeat(20);
    for i in 0..guidelines {
        f.write(
            &format!("content/cat-{}/g{i}-v1.md", i % 10),
            &format!(
                "---\ntitle: Guideline {i} {marker}\nversion: 1\ndate: 2024-01-01\n---\n{body}"
            ),
        );
    }
    f
}

#[cfg(unix)]
#[test]
fn a_killed_build_leaves_a_complete_site_old_or_new() {
    let f = big_archive(1500, "old");
    let old = f.build().snapshot();
    // Change every page, so a half-written site would show a mix of old and new.
    let changed = big_archive(1500, "new");
    let started = Instant::now();
    let new_out = changed.build().snapshot();
    let full = started.elapsed();
    for entry in walkdir::WalkDir::new(changed.path().join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(changed.path()).unwrap();
            std::fs::copy(entry.path(), f.path().join(rel)).unwrap();
        }
    }
    let mut before_swap = 0;
    for step in 1..=8u32 {
        let delay = full.mul_f64(f64::from(step) / 9.0);
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("redthread"))
            .arg("build")
            .current_dir(f.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = Site { root: f.site_dir() }.snapshot();
        if now == old {
            before_swap += 1;
        } else {
            assert!(
                now == new_out,
                "killed after {delay:?}: the site is neither the old nor the new one"
            );
            break; // the swap happened; later kills would compare against the new site
        }
    }
    assert!(
        before_swap > 0,
        "no kill landed before the swap: the archive builds too fast for this test"
    );
    // The next build cleans up what the killed builds left beside the output.
    f.build();
    let leftovers: Vec<_> = std::fs::read_dir(f.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("redthread-new"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "{} staging folders left",
        leftovers.len()
    );
}

#[test]
fn names_that_break_on_other_disks_are_errors() {
    let good = "---\ntitle: T\nversion: 1\ncategory: C\ndate: 2024-01-01\n---\n";
    let f = Fixture::new()
        .file("content/c/t-v1.md", good)
        .file("content/c/Form.pdf", "x")
        .file("content/c/form.pdf", "y")
        .file("content/c/aux.pdf", "z")
        .file(
            "content/c/bad-v1.md",
            "---\ntitle: T\nid: con\nversion: 1\ncategory: C\ndate: 2024-01-01\n---\n",
        )
        .file(
            "content/c/cat-v1.md",
            "---\ntitle: T\nversion: 1\ncategory: Nul\ndate: 2024-01-01\n---\n",
        );
    let stderr = f.build_fails();
    for expected in [
        "content/c/form.pdf: error: differs from content/c/Form.pdf only in upper/lower case",
        "content/c/aux.pdf: error: file name not usable on every disk: `aux.pdf` is a reserved device name on Windows",
        "content/c/bad-v1.md:3:1: error: id `con` is not a safe slug: `con` is a reserved device name on Windows",
        "content/c/cat-v1.md:4:1: error: category `Nul` cannot be a file name",
    ] {
        assert!(
            stderr.contains(expected),
            "expected {expected:?} in\n{stderr}"
        );
    }
}

#[test]
fn names_with_dots_and_slashes_stay_inside_the_output() {
    let rev = |id: &str, category: &str| {
        format!(
            "---\ntitle: T\nid: {id}\nversion: 1\ncategory: \"{category}\"\ndate: 2024-01-01\n---\nBody\n"
        )
    };
    let f = Fixture::new()
        .file("content/a/up.md", &rev("up", "../../escape"))
        .file("content/a/abs.md", &rev("abs", "/etc/passwd"))
        .file(
            "content/a/back.md",
            &rev("back", "..\\\\windows\\\\system32"),
        );
    let site = f.build();
    let mut top: Vec<String> = std::fs::read_dir(f.path())
        .expect("archive folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(
        top,
        ["content", "site"],
        "something was written beside the site"
    );
    let categories: Vec<String> = site.manifest()["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .map(|c| c["url"].as_str().expect("url").to_owned())
        .collect();
    for url in &categories {
        assert!(
            url.starts_with("categories/")
                && !url[11..].contains(['/', '\\'])
                && !url.contains(".."),
            "{url}"
        );
        assert!(site.has(url), "{url}");
    }
    assert_eq!(categories.len(), 3, "{categories:?}");

    // A name with nothing but dots cannot name a page at all.
    f.write("content/a/dots.md", &rev("dots", ".."));
    let stderr = f.build_fails();
    assert!(
        stderr.contains("content/a/dots.md:5:1: error: category `..` has no letters or digits"),
        "{stderr}"
    );
}

/// A write that fails halfway is the machine's failure, not the archive's: exit 2 with the
/// path, and the site from the last build stays as it was.
#[test]
fn a_failed_write_exits_2_and_keeps_the_old_site() {
    let f = Fixture::new().guideline(
        "content/a/one-v1.md",
        "title: One\nid: one\nversion: 1\ncategory: A\ndate: 2024-01-01",
        "Body\n",
    );
    let before = f.build().snapshot();
    // A file where the build needs a folder: the theme's assets go to `assets/`, so a
    // static file named `assets` cannot be written once they are.
    f.write("static/assets", "not a folder\n");
    let run = f.run(&["build"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(run.stderr().contains("cannot write"), "{}", run.stderr());
    assert_eq!(
        crate::harness::Site { root: f.site_dir() }.snapshot(),
        before,
        "the old site changed"
    );
}
