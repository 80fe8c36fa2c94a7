//! `[text](guideline:ID)` links (issue 5): they land on the guideline's current revision,
//! following renames and merges (also in chains); a split lands on the old guideline's page,
//! which lists its successors; an unknown id is an error with file and line.

use crate::harness::Fixture;

fn front(title: &str, version: &str, extra: &str) -> String {
    format!("title: {title}\nversion: {version}\ndate: 2024-0{version}-01\n{extra}")
}

fn archive() -> Fixture {
    Fixture::new()
        // Revised twice: the link lands on the stable page, which shows version 3.
        .guideline("content/a/revised-v1.md", &front("Revised", "1", ""), "One.\n")
        .guideline(
            "content/a/revised-v2.md",
            &front("Revised", "2", "supersedes: revised\nchanges: Two."),
            "Two.\n",
        )
        .guideline(
            "content/a/revised-v3.md",
            &front("Revised", "3", "supersedes: revised\nchanges: Three."),
            "Three.\n",
        )
        // A chain of renames: first -> second -> third.
        .guideline("content/a/first-name-v1.md", &front("First name", "1", ""), "x\n")
        .guideline(
            "content/a/second-name-v1.md",
            &front("Second name", "2", "supersedes: first-name\nchanges: Renamed."),
            "x\n",
        )
        .guideline(
            "content/a/third-name-v1.md",
            &front("Third name", "3", "supersedes: second-name\nchanges: Renamed again."),
            "x\n",
        )
        // A merge of two into one.
        .guideline("content/a/part-a-v1.md", &front("Part A", "1", ""), "x\n")
        .guideline("content/a/part-b-v1.md", &front("Part B", "1", ""), "x\n")
        .guideline(
            "content/a/merged-v1.md",
            &front("Merged", "2", "supersedes: [part-a, part-b]\nchanges: Merged."),
            "x\n",
        )
        // A split of one into two.
        .guideline("content/a/whole-v1.md", &front("Whole", "1", ""), "x\n")
        .guideline(
            "content/a/left-v1.md",
            &front("Left", "2", "supersedes: whole\nchanges: Split."),
            "x\n",
        )
        .guideline(
            "content/a/right-v1.md",
            &front("Right", "2", "supersedes: whole\nchanges: Split."),
            "x\n",
        )
        .guideline(
            "content/b/linker-v1.md",
            &front("Linker", "1", ""),
            "- [r](guideline:revised)\n- [f](guideline:first-name)\n- [s](guideline:second-name)\n- [p](guideline:part-b#section)\n- [w](guideline:whole)\n",
        )
}

#[test]
fn guideline_links_land_on_the_current_revision() {
    let f = archive();
    let site = f.build();
    let page = site.page("guidelines/linker/index.html");
    let hrefs: Vec<String> = page
        .attrs("article a[href]", "href")
        .into_iter()
        .filter(|h| h.starts_with("../../guidelines/") && !h.contains("linker"))
        .collect();
    let landed: Vec<String> = hrefs.iter().map(|h| page.resolve(h)).collect();
    assert_eq!(
        landed,
        [
            "guidelines/revised/index.html",
            "guidelines/third-name/index.html",
            "guidelines/third-name/index.html",
            "guidelines/merged/index.html",
            "guidelines/whole/index.html",
        ]
    );
    // The fragment is kept.
    assert!(hrefs[3].ends_with("#section"), "{hrefs:?}");
    // The stable page shows the newest revision.
    let revised = site.page("guidelines/revised/index.html");
    assert_eq!(revised.text("article"), revised.text("article"));
    assert!(revised.text("article").contains("Three."));
    // A split guideline's page says what replaced it, with links to both successors.
    let whole = site.page("guidelines/whole/index.html");
    let successors: Vec<String> = whole
        .attrs("a[data-rel=superseded-by]", "href")
        .iter()
        .map(|h| whole.resolve(h))
        .collect();
    assert!(
        successors.contains(&"guidelines/left/index.html".to_owned()),
        "{successors:?}"
    );
    assert!(
        successors.contains(&"guidelines/right/index.html".to_owned()),
        "{successors:?}"
    );
}

#[test]
fn a_new_revision_moves_existing_links_without_editing_them() {
    let f = archive();
    f.build();
    f.write(
        "content/a/third-name-v4.md",
        &format!(
            "---\n{}\n---\nx\n",
            front(
                "Fourth name",
                "4",
                "id: fourth-name\nsupersedes: third-name\nchanges: Renamed a third time."
            )
        ),
    );
    let site = f.build();
    let page = site.page("guidelines/linker/index.html");
    let landed: Vec<String> = page
        .attrs("article a[href]", "href")
        .iter()
        .map(|h| page.resolve(h))
        .collect();
    assert!(
        landed.contains(&"guidelines/fourth-name/index.html".to_owned()),
        "{landed:?}"
    );
    assert!(
        !landed.contains(&"guidelines/third-name/index.html".to_owned()),
        "{landed:?}"
    );
}

#[test]
fn unknown_guideline_id_is_an_error_with_file_and_line_in_build_and_check() {
    let f = archive().guideline(
        "content/b/typo-v1.md",
        &front("Typo", "1", ""),
        "First line.\n\nSee [the merged one](guideline:mergd).\n",
    );
    let err = f.build_fails();
    // Front-matter is lines 1-5, the body starts on line 6; the link is on line 8.
    assert!(err.contains("content/b/typo-v1.md:8:"), "{err}");
    assert!(err.contains("no guideline has that id"), "{err}");
    assert!(err.contains("did you mean `merged`"), "{err}");
    assert!(!f.site_dir().exists());

    let run = f.run(&["check", "--format", "short"]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert!(
        run.stdout()
            .lines()
            .any(|l| l.starts_with("content/b/typo-v1.md:8:") && l.contains("error:")),
        "{}",
        run.stdout()
    );
}
