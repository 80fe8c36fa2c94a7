//! `redthread init`, `new` and `revise` (issue 5): the files they write parse and build,
//! `revise` links the chain, and nothing is ever overwritten.

use crate::harness::Fixture;

const TODAY: &str = "2026-03-04";

fn revision<'a>(m: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    m["guidelines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {m}"))
}

#[test]
fn init_makes_an_archive_that_builds_and_checks_clean() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("guidelines");
    crate::harness::run_in(parent.path(), &["init", "guidelines"]).assert_ok();
    for f in [
        "book.toml",
        "HOWTO.md",
        "content/getting-started/how-we-write-guidelines-v1.md",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    crate::harness::run_in(parent.path(), &["check", "--deny-warnings", "guidelines"]).assert_ok();
    crate::harness::run_in(&dir, &["build"]).assert_ok();
    assert!(
        dir.join("site/guidelines/how-we-write-guidelines/index.html")
            .is_file()
    );
}

#[test]
fn init_refuses_a_folder_with_files() {
    let f = Fixture::new().file("notes.txt", "mine");
    let run = f.run(&["init", "."]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("is not empty"), "{}", run.stderr());
    assert!(!f.path().join("book.toml").exists());
    assert_eq!(
        std::fs::read_to_string(f.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn new_writes_complete_front_matter_that_builds() {
    let f = Fixture::new().file("book.toml", "[book]\ntitle = \"T\"\n");
    let run = f.run(&[
        "new",
        "Register a new referral",
        "--category",
        "Referrals",
        "--today",
        TODAY,
    ]);
    run.assert_ok();
    assert_eq!(
        run.stdout(),
        "content/referrals/register-a-new-referral-v1.md\n"
    );
    let expected = f
        .path()
        .join("content/referrals/register-a-new-referral-v1.md");
    let text = std::fs::read_to_string(&expected).unwrap();
    assert!(text.starts_with(
        "---\ntitle: Register a new referral\nid: register-a-new-referral\nversion: 1\ncategory: Referrals\ndate: 2026-03-04\nsummary: \"\"\nchanges: \"\"\n---\n"
    ), "{text}");
    let site = f.build();
    let m = site.manifest();
    let g = revision(&m, "register-a-new-referral");
    assert_eq!(g["category"], "Referrals");
    assert_eq!(g["revisions"][0]["version"], "1");
    assert_eq!(g["revisions"][0]["date"], TODAY);
}

#[test]
fn titles_and_categories_with_yaml_syntax_round_trip() {
    let f = Fixture::new().file("book.toml", "");
    let titles = [
        "Triage: urgent referrals",
        "The \"two-week\" rule",
        "Item #3 on the list",
        "- starts with a dash",
        "yes",
        "1.5",
        "2024-01-01",
        "null",
        "Luk forløb: akut, før kl. 12",
        "It's fine? @home & 100%",
        "[bracketed] {braced}",
        "back\\slash and 'single' quotes",
        "  spaces around  ",
    ];
    for (i, title) in titles.iter().enumerate() {
        let run = f.run(&[
            "new",
            "--category",
            "Codes: LPR & #tags",
            "--id",
            &format!("title-{i}"),
            "--today",
            TODAY,
            "--",
            title,
        ]);
        run.assert_ok();
    }
    let m = f.build().manifest();
    for (i, title) in titles.iter().enumerate() {
        let g = revision(&m, &format!("title-{i}"));
        assert_eq!(g["title"], title.trim(), "{title}");
        assert_eq!(g["category"], "Codes: LPR & #tags");
    }
}

#[test]
fn new_refuses_an_id_in_use_and_bad_ids() {
    let f = Fixture::new().file("book.toml", "").guideline(
        "content/a/taken-v1.md",
        "title: Taken\nversion: 1\ndate: 2024-01-01",
        "x\n",
    );
    let run = f.run(&["new", "Taken", "--category", "Other"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("`taken` already exists"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("redthread revise taken"),
        "{}",
        run.stderr()
    );
    assert!(!f.path().join("content/other").exists());
    let run = f.run(&[
        "new",
        "Whatever",
        "--category",
        "Other",
        "--id",
        "Not A Slug",
    ]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("cannot be used as an id"),
        "{}",
        run.stderr()
    );
    // Outside an archive.
    let empty = tempfile::tempdir().unwrap();
    let run = f.run(&[
        "new",
        "X",
        "--category",
        "Y",
        empty.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("no book.toml"), "{}", run.stderr());
}

fn revisable() -> Fixture {
    Fixture::new().file("book.toml", "").guideline(
        "content/closing/close-course-v1.md",
        "title: \"Close: a course\"\nid: close-course\nversion: 1\ncategory: Closing courses\ndate: 2024-01-01\nsummary: How to close it.\nchanges: First version.\ntags: [lpr, \"a, b\"]\nreview_by: 2027-01-01\nextra:\n  owner: Ward 3",
        "Body line one.\n\n[Self](guideline:close-course)\n",
    )
}

#[test]
fn revise_bumps_the_version_and_links_the_chain() {
    let f = revisable();
    let run = f.run(&["revise", "close-course", "--today", TODAY]);
    run.assert_ok();
    assert_eq!(run.stdout(), "content/closing/close-course-v2.md\n");
    let v2 = f.path().join("content/closing/close-course-v2.md");
    let text = std::fs::read_to_string(&v2).unwrap();
    assert!(text.contains("\nversion: 2\n"), "{text}");
    assert!(text.contains("\nsupersedes: close-course@1\n"), "{text}");
    assert!(text.contains("\ndate: 2026-03-04\n"), "{text}");
    assert!(text.contains("\nchanges: \"\"\n"), "{text}");
    assert!(
        text.ends_with("---\nBody line one.\n\n[Self](guideline:close-course)\n"),
        "{text}"
    );

    // --minor: 2 -> 2.1, then a major bump: 2.1 -> 3.
    let run = f.run(&["revise", "close-course", "--minor", "--today", TODAY]);
    run.assert_ok();
    assert!(run.stdout().trim().ends_with("close-course-v2.1.md"));
    let run = f.run(&["revise", "close-course", "--today", TODAY]);
    run.assert_ok();
    let v3 = std::fs::read_to_string(f.path().join(run.stdout().trim())).unwrap();
    assert!(v3.contains("\nsupersedes: close-course@2.1\n"), "{v3}");

    let m = f.build().manifest();
    let g = revision(&m, "close-course");
    let chain: Vec<(String, String)> = g["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["version"].as_str().unwrap().into(),
                r["status"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        chain,
        [
            ("1".into(), "superseded".into()),
            ("2".into(), "superseded".into()),
            ("2.1".into(), "superseded".into()),
            ("3".into(), "current".into())
        ]
    );
    // Title, category, tags and extra data are carried over.
    assert_eq!(g["title"], "Close: a course");
    assert_eq!(g["category"], "Closing courses");
    // check points the author at the empty change notes.
    let run = f.run(&["check", "--format", "short", "--today", TODAY]);
    let warned: Vec<String> = run
        .stdout()
        .lines()
        .filter(|l| l.contains("does not say what changed"))
        .map(str::to_owned)
        .collect();
    assert_eq!(warned.len(), 3, "{}", run.stdout());
    assert!(
        warned[0].starts_with("content/closing/close-course-v2.1.md:"),
        "{warned:?}"
    );
}

#[test]
fn revise_refuses_unknown_ids_drafts_and_existing_files() {
    let f = revisable();
    let run = f.run(&["revise", "close-corse"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr()
            .contains("no guideline has id `close-corse` (did you mean `close-course`?)"),
        "{}",
        run.stderr()
    );

    f.write("content/closing/close-course-v2.md", "keep me");
    let run = f.run(&["revise", "close-course"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("already exists"), "{}", run.stderr());
    assert_eq!(
        std::fs::read_to_string(f.path().join("content/closing/close-course-v2.md")).unwrap(),
        "keep me"
    );

    let f = revisable().guideline(
        "content/closing/close-course-v2.md",
        "title: Close\nid: close-course\nversion: 2\ndate: 2024-02-01\nstatus: draft\nsupersedes: close-course",
        "Draft.\n",
    );
    let run = f.run(&["revise", "close-course"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("still a draft"), "{}", run.stderr());

    // A renamed guideline is revised under its new id, or its history would fork.
    let f = revisable().guideline(
        "content/closing/end-course-v1.md",
        "title: End\nid: end-course\nversion: 1\ndate: 2024-03-01\nsupersedes: close-course",
        "Renamed.\n",
    );
    let run = f.run(&["revise", "close-course"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains(
            "`close-course` was replaced by `end-course` (content/closing/end-course-v1.md); revise that one instead: redthread revise end-course"
        ),
        "{}",
        run.stderr()
    );
    f.build();
}

#[test]
fn new_files_an_existing_category_in_its_folder_and_spelling() {
    let f = Fixture::new().file("book.toml", "").guideline(
        "content/closing-courses/close-v1.md",
        "title: Close\nversion: 1\ndate: 2024-01-01\ncategory: Closing patient courses",
        "x\n",
    );
    let run = f.run(&[
        "new",
        "After death",
        "--category",
        "closing patient courses",
    ]);
    run.assert_ok();
    assert_eq!(run.stdout(), "content/closing-courses/after-death-v1.md\n");
    let text = std::fs::read_to_string(f.path().join("content/closing-courses/after-death-v1.md"))
        .unwrap();
    assert!(
        text.contains("\ncategory: Closing patient courses\n"),
        "{text}"
    );
    let m = f.build().manifest();
    assert_eq!(
        revision(&m, "after-death")["category"],
        "Closing patient courses"
    );
}

#[test]
fn revise_with_a_later_date_writes_a_scheduled_revision() {
    let f = revisable();
    let run = f.run(&[
        "revise",
        "close-course",
        "--date",
        "2027-01-15",
        "--today",
        TODAY,
    ]);
    run.assert_ok();
    // The path stays alone on stdout, so `$EDITOR "$(redthread revise ...)"` still works.
    assert_eq!(run.stdout(), "content/closing/close-course-v2.md\n");
    assert_eq!(
        run.stderr(),
        "It takes effect on 15 January 2027; until then version 1 stays in force.\n"
    );
    let text =
        std::fs::read_to_string(f.path().join("content/closing/close-course-v2.md")).unwrap();
    assert!(text.contains("\ndate: 2027-01-15\n"), "{text}");
    assert!(text.contains("\nsupersedes: close-course@1\n"), "{text}");

    let run = f.run(&["build", "--today", TODAY]);
    run.assert_ok();
    assert!(
        run.stdout()
            .contains("1 revision takes effect later, on 15 January 2027."),
        "{}",
        run.stdout()
    );
    let site = run.site();
    let g = revision(&site.manifest(), "close-course").clone();
    assert_eq!(g["revisions"][0]["status"], "current");
    assert_eq!(g["revisions"][1]["status"], "scheduled");
    assert_eq!(g["revisions"][1]["in_force"]["from"], "2027-01-15");
    let page = site.page("guidelines/close-course/index.html");
    assert_eq!(page.attrs("article", "data-version"), ["1"]);

    // A date that is not later than today says nothing more than the path.
    let run = f.run(&[
        "revise",
        "close-course",
        "--minor",
        "--date",
        "2026-01-10",
        "--today",
        TODAY,
    ]);
    run.assert_ok();
    assert_eq!(run.stderr(), "");
    let v21 =
        std::fs::read_to_string(f.path().join("content/closing/close-course-v2.1.md")).unwrap();
    assert!(v21.contains("\ndate: 2026-01-10\n"), "{v21}");
}

#[test]
fn new_with_a_later_date_and_the_note_in_the_archives_language() {
    let f = Fixture::new().file("book.toml", "[book]\nlanguage = \"da\"\n");
    let run = f.run(&[
        "new",
        "Ny henvisning",
        "--category",
        "Henvisninger",
        "--date",
        "2027-02-01",
        "--today",
        TODAY,
    ]);
    run.assert_ok();
    assert_eq!(run.stdout(), "content/henvisninger/ny-henvisning-v1.md\n");
    assert_eq!(
        run.stderr(),
        "Den træder i kraft den 1. februar 2027; indtil da viser sitet den som endnu ikke gældende.\n"
    );
    let text =
        std::fs::read_to_string(f.path().join("content/henvisninger/ny-henvisning-v1.md")).unwrap();
    assert!(text.contains("\ndate: 2027-02-01\n"), "{text}");
    let run = f.run(&[
        "revise",
        "ny-henvisning",
        "--date",
        "2027-03-01",
        "--today",
        TODAY,
    ]);
    run.assert_ok();
    // Version 1 is not in force yet either, so nothing "stays in force".
    assert_eq!(
        run.stderr(),
        "Den træder i kraft den 1. marts 2027; indtil da viser sitet den som endnu ikke gældende.\n"
    );
}

#[test]
fn a_bad_date_is_refused_and_nothing_is_written() {
    let f = revisable();
    for bad in ["2027-13-01", "2027-02-30", "15-01-2027", "tomorrow", ""] {
        let run = f.run(&["revise", "close-course", "--date", bad, "--today", TODAY]);
        assert_eq!(run.code(), 2, "{bad}");
        assert_eq!(run.stdout(), "", "{bad}");
        assert_eq!(
            run.stderr(),
            format!(
                "error: `{bad}` is not a date: write the day as YYYY-MM-DD, like --date 2027-01-15\n"
            )
        );
        let run = f.run(&["new", "X", "--category", "Y", "--date", bad]);
        assert_eq!(run.code(), 2, "{bad}");
    }
    assert!(!f.path().join("content/closing/close-course-v2.md").exists());
    assert!(!f.path().join("content/y").exists());
}
