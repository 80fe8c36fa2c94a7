//! Issue 6: `serve` rebuilds with a memo of the last build and redoes only what a save
//! touched. After every kind of edit, the site built with the memo must be byte-identical to
//! a full build of the same files, and the memo must actually have been used.

use std::path::Path;

use redthread::build::{Built, Options, build, build_with};
use redthread::incremental::{Memo, Reused};

use crate::harness::repo_root;

/// A copy of the sample archive (content, book.toml) with a split search index, so the
/// index's in-place update is exercised too.
fn split_sample() -> crate::harness::Fixture {
    let dir = crate::harness::sample_copy();
    let book = std::fs::read_to_string(repo_root().join("book.toml")).expect("book.toml");
    // Into the sample's own [search] table (its synonyms), or a new one.
    let book = if book.contains("\n[search]\n") {
        book.replacen("\n[search]\n", "\n[search]\nsplit = \"always\"\n", 1)
    } else {
        format!("{book}\n[search]\nsplit = \"always\"\n")
    };
    dir.write("book.toml", &book);
    dir
}

fn edit(root: &Path, rel: &str, change: impl FnOnce(&str) -> String) {
    let path = root.join(rel);
    let before = std::fs::read_to_string(&path).expect("file to edit");
    let after = change(&before);
    assert_ne!(before, after, "the edit of {rel} changes nothing");
    std::fs::write(path, after).expect("write");
}

/// Rebuilds with the memo and without, asserts the same files with the same bytes, and
/// returns what the memo reused.
fn same_as_full_build(root: &Path, memo: &mut Memo, what: &str) -> Reused {
    same_outcome(root, memo, what, true)
}

/// [`same_as_full_build`] where both builds must succeed (`ok`) or both fail alike.
fn same_outcome(root: &Path, memo: &mut Memo, what: &str, ok: bool) -> Reused {
    let incremental = build_with(root, &Options::default(), Some(memo));
    let full = build(root, &Options::default());
    let (incremental, full): (Built, Built) = match (incremental, full) {
        (Ok(i), Ok(f)) => (i, f),
        (Err(i), Err(f)) => {
            assert_eq!(i, f, "{what}: the two builds report different problems");
            assert!(!ok, "{what}: both builds failed: {i:?}");
            return memo.last_reuse();
        }
        (i, f) => panic!(
            "{what}: with memo ok={}, without ok={}",
            i.is_ok(),
            f.is_ok()
        ),
    };
    assert!(ok, "{what}: both builds succeeded");
    let a = &incremental.site.files;
    let b = &full.site.files;
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "{what}: files only in the incremental build {only_a:?}, only in the full build {only_b:?}"
    );
    let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(differ.is_empty(), "{what}: files differ: {differ:?}");
    assert_eq!(incremental.warnings, full.warnings, "{what}: warnings");
    incremental
        .reuse
        .expect("a build with a memo reports reuse")
}

#[test]
fn every_kind_of_edit_rebuilds_to_the_same_bytes_as_a_full_build() {
    let dir = split_sample();
    let root = dir.path();
    let guidelines = build(root, &Options::default())
        .expect("sample builds")
        .archive
        .guidelines
        .len();
    let mut memo = Memo::default();

    let first = same_as_full_build(root, &mut memo, "first build");
    assert_eq!(first.guidelines_rendered, guidelines);

    let nothing = same_as_full_build(root, &mut memo, "no change");
    assert_eq!(
        (nothing.guidelines_rendered, nothing.bodies_rendered),
        (0, 0),
        "an unchanged archive renders nothing again"
    );
    assert_eq!(nothing.guidelines_reused, guidelines);

    // One word in one body: that guideline's pages, nothing else.
    edit(
        root,
        "content/closing-courses/close-outpatient-course-v3.md",
        |t| t.replacen("referral", "remittance", 1),
    );
    let word = same_as_full_build(root, &mut memo, "one word in a body");
    assert_eq!((word.guidelines_rendered, word.bodies_rendered), (1, 1));

    // The body of a guideline that was split: the successors' comparison pages show it.
    edit(
        root,
        "content/booking/booking-and-cancellation-v2.md",
        |t| format!("{t}\nA new closing sentence about cancellations.\n"),
    );
    let split = same_as_full_build(root, &mut memo, "body of a split guideline");
    assert!(
        split.guidelines_rendered >= 3,
        "the split guideline and its two successors: {split:?}"
    );

    // A title that other guidelines' banners show.
    edit(root, "content/booking/book-first-appointment-v1.md", |t| {
        t.replacen("title: ", "title: Newly titled ", 1)
    });
    let title = same_as_full_build(root, &mut memo, "a title other pages show");
    assert!(
        title.guidelines_rendered >= 2,
        "the retitled guideline and the one whose banner names it: {title:?}"
    );

    // A new revision, then a draft, then a removed file.
    let v4 = root.join("content/closing-courses/close-outpatient-course-v4.md");
    let v3 =
        std::fs::read_to_string(root.join("content/closing-courses/close-outpatient-course-v3.md"))
            .expect("v3");
    let v4_text: Vec<String> = v3
        .lines()
        .map(|l| match l {
            l if l.starts_with("version:") => "version: 4".to_owned(),
            l if l.starts_with("date:") => "date: 2031-01-01".to_owned(),
            l => l.to_owned(),
        })
        .collect();
    std::fs::write(&v4, v4_text.join("\n") + "\nStep added in version 4.\n").expect("write v4");
    let added = same_as_full_build(root, &mut memo, "a new revision");
    assert!(
        added.guidelines_reused * 2 > guidelines,
        "a new revision leaves most guidelines alone: {added:?}"
    );
    std::fs::remove_file(&v4).expect("remove v4");
    let removed = same_as_full_build(root, &mut memo, "a removed revision");
    assert!(removed.guidelines_reused > 0);

    // A broken file fails both builds alike; fixing it builds alike again.
    let broken = root.join("content/booking/broken-v1.md");
    std::fs::write(&broken, "---\ntitle: [unclosed\n---\nBody\n").expect("write");
    same_outcome(root, &mut memo, "a broken file", false);
    std::fs::remove_file(&broken).expect("remove");
    same_as_full_build(root, &mut memo, "the broken file removed");

    // Settings and theme: everything renders again, still the same bytes.
    edit(root, "book.toml", |t| {
        t.replacen("title = \"", "title = \"Renamed: ", 1)
    });
    let settings = same_as_full_build(root, &mut memo, "book.toml");
    assert_eq!(settings.guidelines_rendered, guidelines);
    // Another language stems every word differently: no search terms may be reused.
    edit(root, "book.toml", |t| {
        t.replacen("language = \"en\"", "language = \"da\"", 1)
    });
    same_as_full_build(root, &mut memo, "the language");
    std::fs::create_dir_all(root.join("themes/default/templates")).expect("mkdir");
    std::fs::write(
        root.join("themes/default/templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>Gone</h1>{% endblock main %}",
    )
    .expect("write template");
    let theme = same_as_full_build(root, &mut memo, "a theme template");
    assert_eq!(theme.guidelines_rendered, guidelines);

    // A run of edits to different files, each followed by a rebuild.
    let files: Vec<_> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    for (i, file) in files.iter().enumerate().step_by(5) {
        let rel = file
            .strip_prefix(root)
            .expect("inside")
            .to_string_lossy()
            .into_owned();
        edit(root, &rel, |t| {
            format!("{t}\nEdit number {i}: check the ward list.\n")
        });
        same_as_full_build(root, &mut memo, &format!("edit {i} of {rel}"));
    }
}
