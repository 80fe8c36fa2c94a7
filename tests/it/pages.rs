//! The pages around the redline (issue 14): nested tables of contents, anchors in raw HTML,
//! `check` on `#fragment` links, banners of renamed guidelines, what's new at scale.

use crate::fixtures::{busy, many_changes};
use crate::harness::{Fixture, Site};

fn pages() -> (Fixture, Site) {
    let f = Fixture::copy_of("pages");
    let site = f.build();
    (f, site)
}

#[test]
fn contents_are_numbered_and_nested_by_heading_level() {
    let (_f, site) = pages();
    let p = site.page("guidelines/nested/index.html");
    assert_eq!(p.count("nav.toc > ol > li"), 3);
    assert_eq!(
        p.texts("nav.toc > ol > li > a"),
        ["1 Before you start", "2 Steps", "3 After"]
    );
    assert_eq!(
        p.texts("nav.toc > ol > li > ol > li > a"),
        [
            "1.1 What you need",
            "1.2 Who may do it",
            "2.1 Open the course",
            "2.2 Close the course"
        ]
    );
    assert_eq!(
        p.attrs("nav.toc > ol > li:nth-child(2) > ol a", "href"),
        ["#open-the-course", "#close-the-course"]
    );
    // Short contents are not folded.
    assert_eq!(p.count("nav.toc details"), 0);
    assert_eq!(p.text("nav.toc h2"), "Contents");
}

#[test]
fn long_contents_are_folded_and_headings_with_numbers_keep_their_own() {
    let (_f, site) = pages();
    let p = site.page("guidelines/long/index.html");
    // 7 parts + "Fees" at the top, 7 details below: 15 entries, more than 12.
    assert_eq!(
        p.count("nav.toc details.toc-fold:not([open]) > summary h2#toc-title"),
        1
    );
    assert_eq!(p.text("nav.toc summary"), "Contents (15 sections)");
    assert_eq!(p.count("nav.toc details > ol > li"), 8);
    assert_eq!(p.count("nav.toc details > ol > li > ol > li"), 7);
    // "1. Part 1" carries its own number: no second one in front of it.
    assert_eq!(p.count("nav.toc .toc-number"), 0);
    assert_eq!(p.texts("nav.toc details > ol > li > a")[0], "1. Part 1");
}

#[test]
fn raw_html_anchors_are_kept_when_safe_and_links_to_them_resolve() {
    let (_f, site) = pages();
    let p = site.page("guidelines/anchors/index.html");
    assert_eq!(p.attrs(".content a[name]", "name"), ["with-a-subpoena"]);
    assert_eq!(p.attrs(".content [id=kept-id]", "id"), ["kept-id"]);
    // Ids that would shadow what scripts use, or the site's own ids, are dropped.
    let ids = p.attrs(".content [id]", "id");
    assert_eq!(ids, ["requests", "kept-id", "h-history"]);
    assert_eq!(
        p.count("#search-input"),
        1,
        "only the site's own search box"
    );
    assert_eq!(
        p.count("[id=history]"),
        1,
        "only the page's revision history"
    );
    // The link lands on the kept anchor.
    for href in p.attrs(".content a[href^='#']", "href") {
        let frag = &href[1..];
        assert_eq!(
            p.count(&format!("[id='{frag}'], a[name='{frag}']")),
            1,
            "{href}"
        );
    }
}

#[test]
fn check_warns_about_fragments_that_land_nowhere() {
    let f = Fixture::copy_of("pages");
    let run = f.run(&["check", "--format", "short", "--today", "2024-06-01"]);
    assert_eq!(run.code(), 0, "{}{}", run.stdout(), run.stderr());
    let hint = "(hint: the part after `#` is a heading's text in lowercase with dashes for spaces (`## Missing date` is `#missing-date`); fix it, or remove `#...` to link to the whole page)";
    let fragment_lines: Vec<String> = run
        .stdout()
        .lines()
        .filter(|l| l.contains('#'))
        .map(str::to_owned)
        .collect();
    assert_eq!(
        fragment_lines,
        [
            format!(
                "content/links/linker-v1.md:10:12: warning: link to `#nowhere`, but this page has no heading or anchor `nowhere` {hint}"
            ),
            format!(
                "content/links/linker-v1.md:11:11: warning: link `target-v2.md#dropped-sectoin` goes to section `#dropped-sectoin`, but `content/links/target-v2.md` has no heading or anchor `dropped-sectoin` {hint}"
            ),
            format!(
                "content/links/linker-v1.md:12:8: warning: link `guideline:target#never-was` goes to section `#never-was`, but the current version of `target` (version 2) has no heading or anchor `never-was` {hint}"
            ),
            "content/links/linker-v1.md:13:14: warning: link `guideline:target#dropped-section` relies on section `#dropped-section`, which version 1 had but the current version of `target` (version 2) no longer has (hint: link to the section that took its place, or to the guideline without `#dropped-section`)".to_owned(),
        ]
    );
    // The links that land (a heading, a kept `<a name>`, another page's heading, `#top`)
    // and the old revision of `target` are not reported.
    assert!(!run.stdout().contains("anchors-v1.md"), "{}", run.stdout());
    assert!(!run.stdout().contains("target-v1.md"), "{}", run.stdout());
}

#[test]
fn a_fragment_typo_gets_a_suggestion_and_the_build_warns_too() {
    let f = Fixture::new()
        .file("book.toml", "[book]\ntitle = \"T\"\n")
        .guideline(
            "content/a/one-v1.md",
            "title: One\nversion: 1\ncategory: A\ndate: 2024-01-01",
            "## Missing date\n\nSee [it](#Missing-date) and [that](#misisng-date).\n",
        );
    let run = f.run(&["build"]);
    run.assert_ok();
    let err = run.stderr();
    assert!(
        err.contains("content/a/one-v1.md:9:5: warning: link to `#Missing-date`, but this page has no heading or anchor `Missing-date` (did you mean `#missing-date`?)"),
        "{err}"
    );
    assert!(
        err.contains("content/a/one-v1.md:9:29: warning: link to `#misisng-date`, but this page has no heading or anchor `misisng-date` (did you mean `#missing-date`?)"),
        "{err}"
    );
}

#[test]
fn an_old_revision_of_a_renamed_guideline_sends_readers_to_the_successor() {
    let (_f, site) = pages();
    let p = site.page("guidelines/old-name/v1.html");
    let banner = p.text(".banner-superseded");
    assert!(!banner.contains("(superseded)"), "{banner}");
    assert_eq!(
        p.text(".banner-renamed"),
        "This guideline was replaced by New name since 1 January 2024. The version in force is New name, version 2. Compare its last version with the guideline that replaced it."
    );
    assert_eq!(
        p.attrs(".banner-renamed a[data-rel=successor-current]", "href"),
        ["../../guidelines/new-name/index.html"]
    );
    assert_eq!(
        p.attrs(".banner a[data-rel=comparison]", "href"),
        ["../../guidelines/new-name/from-old-name.html"]
    );
    assert_eq!(
        p.text(".banner a[data-rel=diff-to-current]"),
        "What changed from this version to version 2, its last"
    );
    for href in p.attrs(".banner a", "href") {
        assert!(site.has(&p.resolve(&href)), "{href}");
    }
    // The last revision before the rename links the comparison too; the stable page alike.
    for page in [
        "guidelines/old-name/v2.html",
        "guidelines/old-name/index.html",
    ] {
        let p = site.page(page);
        assert_eq!(
            p.text(".banner-superseded li"),
            "Replaced by New name since 1 January 2024 (what changed).",
            "{page}"
        );
        assert_eq!(
            p.attrs(".banner a[data-rel=comparison]", "href"),
            ["../../guidelines/new-name/from-old-name.html"],
            "{page}"
        );
        assert_eq!(p.count(".banner-renamed"), 0, "{page}");
    }
    // A revision superseded within its own guideline keeps the plain banner.
    let p = site.page("guidelines/target/v1.html");
    assert_eq!(
        p.count(".banner-renamed, .banner a[data-rel=comparison]"),
        0
    );
    assert!(
        p.text(".banner-superseded")
            .contains("The version in force is version 2.")
    );
}

#[test]
fn whats_new_pages_the_latest_hundred_and_every_year() {
    let (_f, site) = busy();
    let p = site.page("whats-new.html");
    assert_eq!(p.count(".news-item"), 100);
    assert_eq!(
        p.text("main > p:not(.lead)"),
        "This page shows the latest 100 changes. Earlier ones are on a page for each year:"
    );
    // 130 guidelines every third day from 2024-01-01: 2024 has 122 (to 30 December),
    // 2025 has 8; 2023 has the other four changes.
    assert_eq!(
        p.texts(".news-years li"),
        ["2025 (8)", "2024 (122)", "2023 (4)"]
    );
    let years = p.attrs(".news-years a", "href");
    assert_eq!(
        years,
        [
            "whats-new-2025.html",
            "whats-new-2024.html",
            "whats-new-2023.html"
        ]
    );
    // Newest first; the month cut short says where the rest of it is.
    assert_eq!(p.texts(".news-title")[0], "Guide 129");
    assert_eq!(p.texts(".news-title")[99], "Guide 030");
    let more = p.attrs(".news-more a", "href");
    assert_eq!(more, ["whats-new-2024.html#m-2024-03"]);
    assert_eq!(p.text(".news-more a"), "10 earlier changes in March 2024");
    // Every year's page lists that year in full, and every change is on its year's page.
    let mut total = 0;
    for (href, count) in years.iter().zip([8, 122, 4]) {
        let y = site.page(href);
        assert_eq!(y.count(".news-item"), count, "{href}");
        assert_eq!(y.count(".news-years [aria-current=page]"), 1);
        total += count;
    }
    assert_eq!(total, 134);
    let y2024 = site.page("whats-new-2024.html");
    assert_eq!(y2024.text("h1"), "What's new in 2024");
    assert!(y2024.texts(".news-title").contains(&"Guide 029".to_owned()));
    assert_eq!(y2024.count("#m-2024-03"), 1);
    for page in ["whats-new.html", "whats-new-2023.html"] {
        let p = site.page(page);
        for href in p.attrs("main a", "href") {
            assert!(site.has(&p.resolve(&href)), "{page}: {href}");
        }
    }
}

#[test]
fn whats_new_offers_the_categories_and_badges_say_what_happened_later() {
    let (_f, site) = busy();
    let p = site.page("whats-new.html");
    assert_eq!(
        p.attrs("[data-news-filter] option", "value"),
        ["", "alpha", "beta"]
    );
    assert_eq!(p.count(".news-item[data-category=alpha]"), 50);
    let old = site.page("whats-new-2023.html");
    // A page with one category has nothing to filter.
    assert_eq!(old.count("[data-news-filter]"), 0);
    // No "Superseded" badge that reads as if the guideline itself were replaced.
    assert_eq!(old.count(".news-item .badge"), 0);
    let metas = old.texts(".news-item .card-meta");
    assert_eq!(
        metas,
        [
            "Version 1 · 1 May 2023 · Gamma",
            "Version 2 · 1 April 2023 · Gamma",
            "Version 1 · 1 March 2023 · Gamma · since revised: version 2",
            "Version 1 · 1 February 2023 · Gamma · Replaced by After guide",
        ]
    );
}

#[test]
fn home_and_feed_list_the_same_latest_changes_as_whats_new() {
    let (_f, site) = busy();
    let news = site.page("whats-new.html");
    let titles = news.texts(".news-title");
    let home = site.page("index.html");
    assert_eq!(home.texts(".home-recent .news-title"), titles[..8]);
    assert_eq!(
        home.texts(".home-recent .card-meta"),
        news.texts(".news-item .card-meta")[..8]
    );
    let feed: atom_syndication::Feed = site.read("feed.xml").parse().expect("Atom");
    let feed_urls: Vec<String> = feed
        .entries()
        .iter()
        .map(|e| e.links()[0].href().to_owned())
        .collect();
    assert_eq!(feed_urls.len(), 50);
    let page_urls: Vec<String> = news
        .attrs(".news-item .card-meta a:first-child", "href")
        .into_iter()
        .take(50)
        .collect();
    assert_eq!(feed_urls, page_urls);
}

#[test]
fn a_small_archive_has_one_whats_new_page() {
    let f = many_changes(10);
    let site = f.build();
    let p = site.page("whats-new.html");
    assert_eq!(p.count(".news-item"), 14);
    assert_eq!(p.count(".news-years"), 0);
    assert!(!site.has("whats-new-2024.html"));
}
