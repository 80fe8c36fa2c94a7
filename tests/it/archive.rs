//! The archive compiler on a fixture with every supersedes case (issue 2).

use crate::harness::{Fixture, Site};

fn cases() -> (Fixture, Site) {
    let f = Fixture::copy_of("cases");
    let site = f.build();
    (f, site)
}

fn guideline<'a>(m: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    m["guidelines"]
        .as_array()
        .expect("guidelines array")
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("no guideline {id} in archive.json"))
}

fn statuses(g: &serde_json::Value) -> Vec<(String, String)> {
    g["revisions"]
        .as_array()
        .expect("revisions")
        .iter()
        .map(|r| {
            (
                r["version"].as_str().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn every_guideline_and_revision_has_its_page() {
    let (_f, site) = cases();
    let m = site.manifest();
    for g in m["guidelines"].as_array().unwrap() {
        let url = g["url"].as_str().unwrap();
        assert!(site.has(url), "stable page {url}");
        assert_eq!(
            url,
            format!("guidelines/{}/index.html", g["id"].as_str().unwrap())
        );
        for r in g["revisions"].as_array().unwrap() {
            let url = r["url"].as_str().unwrap();
            assert!(site.has(url), "revision page {url}");
            assert!(site.has(r["source"].as_str().map(|_| url).unwrap()));
        }
    }
    for c in m["categories"].as_array().unwrap() {
        assert!(site.has(c["url"].as_str().unwrap()));
    }
    assert!(site.has("index.html"));
    assert!(site.has("assets/style.css"));
    assert!(site.has("404.html"));
}

#[test]
fn manifest_records_the_revision_graph() {
    let (_f, site) = cases();
    let m = site.manifest();
    assert_eq!(m["schema"], 1);
    assert_eq!(m["title"], "Fixture archive");

    let close = guideline(&m, "close-course");
    assert_eq!(close["status"], "current");
    assert_eq!(close["title"], "Close an outpatient course");
    assert_eq!(
        statuses(close),
        pairs(&[("1", "superseded"), ("2", "superseded"), ("3", "current")])
    );
    let v2 = &close["revisions"][1];
    assert_eq!(v2["url"], "guidelines/close-course/v2.html");
    assert_eq!(v2["source"], "content/closing/close-course-v2.md");
    assert_eq!(v2["date"], "2024-02-05");
    assert_eq!(v2["changes"], "You must also close the referral.");
    assert_eq!(close["revisions"][0]["changes"], serde_json::Value::Null);

    // Rename, merge, split.
    assert_eq!(guideline(&m, "old-name")["status"], "superseded");
    assert_eq!(
        guideline(&m, "old-name")["superseded_by"],
        serde_json::json!(["new-name"])
    );
    assert_eq!(
        guideline(&m, "new-name")["replaces"],
        serde_json::json!(["old-name"])
    );
    for part in ["part-a", "part-b"] {
        assert_eq!(
            guideline(&m, part)["superseded_by"],
            serde_json::json!(["merged"])
        );
    }
    assert_eq!(
        guideline(&m, "both")["superseded_by"],
        serde_json::json!(["first", "second"])
    );
    assert_eq!(
        guideline(&m, "both")["revisions"][0]["status"],
        "superseded"
    );

    // Withdrawn; version order 1.9 < 1.10 with unquoted YAML numbers.
    let report = guideline(&m, "report");
    assert_eq!(report["status"], "withdrawn");
    assert_eq!(
        statuses(report),
        pairs(&[("1", "superseded"), ("2", "withdrawn")])
    );
    assert_eq!(
        statuses(guideline(&m, "versions")),
        pairs(&[("1.9", "superseded"), ("1.10", "current")])
    );

    // Drafts are left out of a normal build, and category comes from the folder when absent.
    assert!(
        m["guidelines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["id"] != "only-draft")
    );
    assert_eq!(close["revisions"].as_array().unwrap().len(), 3);
    assert_eq!(guideline(&m, "folder-category")["category"], "In basket");

    let cats: Vec<(&str, &str, &str)> = m["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap(),
                c["slug"].as_str().unwrap(),
                c["url"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        cats.contains(&("LPR errors", "lpr-errors", "categories/lpr-errors.html")),
        "{cats:?}"
    );
    let coding = m["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Coding")
        .unwrap();
    assert_eq!(
        coding["guidelines"],
        serde_json::json!(["part-b", "part-a", "merged"])
    );
}

#[test]
fn old_revisions_carry_a_superseded_banner_that_links_onwards() {
    let (_f, site) = cases();
    let v1 = site.page("guidelines/close-course/v1.html");
    assert_eq!(v1.count(".banner-superseded"), 1);
    let next = v1.attrs(".banner-superseded a[data-rel=superseded-by]", "href");
    assert_eq!(
        next.iter().map(|h| v1.resolve(h)).collect::<Vec<_>>(),
        ["guidelines/close-course/v2.html"]
    );
    assert!(
        v1.text(".banner-superseded").contains("5 February 2024"),
        "{}",
        v1.text(".banner-superseded")
    );
    let current = v1.attrs(".banner-superseded a[data-rel=current]", "href");
    assert_eq!(
        v1.resolve(&current[0]),
        "guidelines/close-course/index.html"
    );

    let stable = site.page("guidelines/close-course/index.html");
    assert_eq!(stable.count(".banner"), 0);
    assert_eq!(stable.text("h1"), "Close an outpatient course");
    assert_eq!(
        stable.attrs("link[rel=canonical]", "href"),
        ["../../guidelines/close-course/index.html"]
    );
    let history = stable.attrs(".history a[data-rel=revision]", "href");
    assert_eq!(
        history
            .iter()
            .map(|h| stable.resolve(h))
            .collect::<Vec<_>>(),
        [
            "guidelines/close-course/v3.html",
            "guidelines/close-course/v2.html",
            "guidelines/close-course/v1.html"
        ]
    );
    let permalink = stable.attrs("a[data-rel=permalink]", "href");
    assert_eq!(
        stable.resolve(&permalink[0]),
        "guidelines/close-course/v3.html"
    );

    // Rename and merge: the old guideline's pages point to its replacement.
    for (old, new) in [
        ("old-name", "new-name"),
        ("part-a", "merged"),
        ("part-b", "merged"),
    ] {
        for path in [
            format!("guidelines/{old}/index.html"),
            format!("guidelines/{old}/v1.html"),
        ] {
            let page = site.page(&path);
            let links = page.attrs(".banner-superseded a[data-rel=superseded-by]", "href");
            assert_eq!(links.len(), 1, "{path}");
            assert_eq!(
                page.resolve(&links[0]),
                format!("guidelines/{new}/index.html"),
                "{path}"
            );
        }
    }
    let merged = site.page("guidelines/merged/index.html");
    assert_eq!(
        merged.texts(".replaces a[data-rel=replaces]"),
        ["Choose the action diagnosis", "Add secondary diagnoses"]
    );

    // Split: both successors are named.
    let both = site.page("guidelines/both/index.html");
    let links: Vec<String> = both
        .attrs("a[data-rel=superseded-by]", "href")
        .iter()
        .map(|h| both.resolve(h))
        .collect();
    assert_eq!(
        links,
        [
            "guidelines/first/index.html",
            "guidelines/second/index.html"
        ]
    );

    // Withdrawn.
    let report = site.page("guidelines/report/index.html");
    assert_eq!(report.count(".banner-withdrawn"), 1);
    assert!(
        report
            .text(".banner-withdrawn")
            .contains("The report is now automatic.")
    );
}

#[test]
fn category_pages_keep_retired_guidelines_apart() {
    let (_f, site) = cases();
    let booking = site.page("categories/booking.html");
    assert_eq!(booking.text("h1"), "Booking");
    let current: Vec<String> = booking.texts("main > .cards .card-title");
    assert_eq!(current, ["Book the first appointment", "Re-book or cancel"]);
    assert_eq!(
        booking.texts(".retired .card-title"),
        ["Booking and cancellation"]
    );
    let home = site.page("index.html");
    let cats = home.attrs(".category-block h3 a", "href");
    assert!(
        cats.contains(&"categories/booking.html".to_owned()),
        "{cats:?}"
    );
    assert!(
        !home
            .texts(".cards .card-title")
            .contains(&"Booking and cancellation".to_owned())
    );
}

#[test]
fn links_between_guidelines_land_on_pages() {
    let (_f, site) = cases();
    let page = site.page("guidelines/close-course/v3.html");
    let hrefs = page.attrs(".content a", "href");
    assert_eq!(
        hrefs,
        [
            "../../guidelines/new-name/v1.html#fix",
            "../../guidelines/new-name/index.html"
        ]
    );
    let folder = site.page("guidelines/folder-category/index.html");
    let file = folder.attrs(".content a", "href");
    assert_eq!(file, ["../../files/in-basket/forms/form%201.pdf"]);
    assert!(site.has("files/in-basket/forms/form 1.pdf"));
    // Every internal href of every page resolves to a file of the site.
    for (path, _) in site.snapshot().iter().filter(|(p, _)| p.ends_with(".html")) {
        let page = site.page(path);
        for href in page
            .attrs("[href], [src]", "href")
            .into_iter()
            .chain(page.attrs("[src]", "src"))
        {
            if href.starts_with('#') || href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            let target = page.resolve(&href).replace("%20", " ");
            assert!(site.has(&target), "{path}: {href} -> {target} is missing");
        }
    }
}

#[test]
fn raw_html_is_sanitized() {
    let (_f, site) = cases();
    let html = site.read("guidelines/close-course/v3.html");
    assert!(!html.contains("alert("), "script survived");
    assert!(!html.contains("onclick"), "handler survived");
    assert!(html.contains("<b>bold</b>"));
}

#[test]
fn drafts_are_built_only_when_asked() {
    let f = Fixture::copy_of("cases");
    f.run(&["build", "--drafts"]).assert_ok();
    let site = f.run(&["build", "--drafts"]).site();
    let m = site.manifest();
    let close = guideline(&m, "close-course");
    assert_eq!(
        statuses(close).last().unwrap(),
        &("4".to_owned(), "draft".to_owned())
    );
    assert_eq!(
        close["status"], "current",
        "a draft does not replace the published version"
    );
    assert_eq!(guideline(&m, "only-draft")["status"], "draft");
    let draft = site.page("guidelines/close-course/v4.html");
    assert_eq!(draft.count(".banner-draft"), 1);
    let stable = site.page("guidelines/close-course/index.html");
    assert!(!stable.text("article").contains("Draft text."));
}

#[test]
fn two_builds_are_byte_identical() {
    let f = Fixture::copy_of("cases");
    let first = f.build().snapshot();
    // Rewrite the same bytes: a new modification time must not change the output.
    let path = f.path().join("content/closing/close-course-v1.md");
    std::fs::write(&path, std::fs::read(&path).unwrap()).unwrap();
    let second = f.build().snapshot();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between builds");
    }
}

#[test]
fn rebuild_replaces_the_site_without_stale_files() {
    let f = Fixture::copy_of("cases");
    let site = f.build();
    assert!(site.has("guidelines/versions/v1.9.html"));
    std::fs::remove_file(f.path().join("content/waiting/versions-v1.9.md")).unwrap();
    std::fs::remove_file(f.path().join("content/waiting/versions-v1.10.md")).unwrap();
    let site = f.build();
    assert!(
        !site.has("guidelines/versions/v1.9.html"),
        "stale page survived"
    );
    assert!(
        !site.has("guidelines/versions/index.html"),
        "stale page survived"
    );
    assert!(site.has(".redthread-site"));
    let leftovers: Vec<_> = std::fs::read_dir(f.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("redthread-new"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn output_option_and_summary_line() {
    let f = Fixture::copy_of("cases");
    let run = f.run(&["build", "-o", "public/archive"]);
    run.assert_ok();
    assert!(f.path().join("public/archive/index.html").is_file());
    assert!(
        run.stdout()
            .starts_with("Built 12 guidelines (7 current, 16 revisions) in "),
        "{}",
        run.stdout()
    );
    assert!(
        run.stdout().trim_end().ends_with("public/archive"),
        "{}",
        run.stdout()
    );
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let f = Fixture::copy_of("cases");
    f.write("site/precious.txt", "do not delete");
    let run = f.run(&["build"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(
        run.stderr().contains("refusing to replace"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(f.path().join("site/precious.txt")).unwrap(),
        "do not delete"
    );
}

#[test]
fn empty_or_missing_book_toml_builds_with_defaults() {
    let body = "---\ntitle: T\nversion: 1\ncategory: C\ndate: 2024-01-01\n---\nText\n";
    let f = Fixture::new()
        .file("content/c/t-v1.md", body)
        .file("book.toml", "");
    let site = f.build();
    assert_eq!(site.manifest()["title"], "Guidelines");
    assert_eq!(site.manifest()["language"], "en");
    let f = Fixture::new().file("content/c/t-v1.md", body);
    f.build();
}

#[test]
fn a_very_large_guideline_builds() {
    let para = "Check the registration, the referral and the course overview before you close it. ";
    let mut body = String::new();
    for i in 0..6000 {
        body.push_str(&format!("## Step {i}\n\n{}\n\n", para.repeat(8)));
    }
    assert!(body.len() > 4_000_000);
    let f = Fixture::new().guideline(
        "content/big/big-v1.md",
        "title: Big\nversion: 1\ncategory: C\ndate: 2024-01-01",
        &body,
    );
    let site = f.build();
    assert!(
        site.read("guidelines/big/index.html")
            .contains("id=\"step-5999\"")
    );
}

#[test]
fn sample_archive_builds_cleanly() {
    let site = Site {
        root: crate::harness::sample_site().to_owned(),
    };
    let m = site.manifest();
    let guidelines = m["guidelines"].as_array().unwrap();
    let revisions: usize = guidelines
        .iter()
        .map(|g| g["revisions"].as_array().unwrap().len())
        .sum();
    assert!(revisions >= 30, "{revisions} revisions");
    assert!(m["categories"].as_array().unwrap().len() >= 8);
    for status in ["current", "superseded", "withdrawn"] {
        assert!(
            guidelines.iter().any(|g| g["status"] == status),
            "no {status} guideline"
        );
    }
    assert!(
        guidelines
            .iter()
            .any(|g| g["revisions"].as_array().unwrap().len() >= 3)
    );
}

#[test]
fn a_generated_page_wins_over_a_static_file_at_the_same_path() {
    // `build` writes pages while rendering and the rest after; `serve` holds them in
    // memory. Both must publish the page, not the static file.
    let f = Fixture::new()
        .guideline(
            "content/wards/ward-round-v1.md",
            "title: Ward round\nversion: 1\ncategory: Wards\ndate: 2025-01-01",
            "The real guideline.\n",
        )
        .file("static/guidelines/ward-round/index.html", "STATIC COPY")
        .file("static/extra.txt", "kept");
    let site = f.build();
    let page = site.read("guidelines/ward-round/index.html");
    assert!(page.contains("The real guideline."), "{page}");
    assert!(!page.contains("STATIC COPY"));
    assert_eq!(site.read("extra.txt"), "kept");
    let built = redthread::build::build(f.path(), &redthread::build::Options::default())
        .expect("builds in memory");
    let in_memory = String::from_utf8(
        built
            .site
            .get("guidelines/ward-round/index.html")
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    assert_eq!(in_memory, page);
}
