//! The what's-new page, the home page's latest changes and the Atom feed (issue 3).

use atom_syndication::Feed;

use crate::harness::{Fixture, Site};

/// The fixture (kept alive: its folder holds the site) and its built site.
fn redline() -> (Fixture, Site) {
    let f = redline_edits();
    let site = f.build();
    (f, site)
}

/// The redline fixture's `edits/` guidelines, which these counts are about; its `cases/`
/// (tests/it/redline_cases.rs) are redline cases, not changes to list.
fn redline_edits() -> Fixture {
    let f = Fixture::copy_of("redline");
    std::fs::remove_dir_all(f.path().join("content/cases")).expect("cases folder");
    f
}

fn feed(site: &Site) -> Feed {
    site.read("feed.xml")
        .parse::<Feed>()
        .expect("feed.xml is Atom that atom_syndication reads")
}

#[test]
fn whats_new_lists_every_change_by_month_newest_first() {
    let (_f, site) = redline();
    let p = site.page("whats-new.html");
    assert_eq!(
        p.texts(".news-month h2"),
        ["March 2025", "February 2025", "January 2025"]
    );
    let march = p.texts(".news-month:first-of-type .news-title");
    assert_eq!(march, ["Retired", "New name"]);
    assert_eq!(
        p.texts(".news-month:first-of-type .news-kind"),
        ["Withdrawn", "New guideline"]
    );
    // The rename names what it replaced and links the comparison.
    assert_eq!(
        p.attrs(".kind-new a[data-rel=comparison]", "href"),
        ["guidelines/new-name/from-old-name.html"]
    );
    // Revisions link their diff; first versions have none.
    let revised = p.attrs(".kind-revised a[data-rel=diff]", "href");
    assert_eq!(revised.len(), 7);
    assert!(revised.contains(&"guidelines/changed-word/diff-v1-v2.html".to_owned()));
    assert_eq!(p.count(".news-item"), 18);
    for href in p.attrs(".news-item a", "href") {
        assert!(site.has(&p.resolve(&href)), "{href}");
    }
    assert!(
        p.texts(".news-item .change-note")
            .contains(&"New step for patients who never came.".to_owned())
    );
}

#[test]
fn home_shows_the_latest_changes_and_every_page_links_whats_new() {
    let (_f, site) = redline();
    let home = site.page("index.html");
    let recent = home.texts(".home-recent .news-title");
    assert_eq!(recent.len(), 8);
    assert_eq!(recent[0], "Retired");
    assert_eq!(
        home.attrs(".site-nav a", "href"),
        ["whats-new.html", "in-force.html"]
    );
    let page = site.page("guidelines/heading/v1.html");
    assert_eq!(
        page.attrs(".site-nav a", "href"),
        ["../../whats-new.html", "../../in-force.html"]
    );
    assert_eq!(
        page.attrs("link[type='application/atom+xml']", "href"),
        ["../../feed.xml"]
    );
}

#[test]
fn the_feed_parses_and_links_relative_to_itself_without_base_url() {
    let (_f, site) = redline();
    let f = feed(&site);
    assert_eq!(f.title().as_str(), "Redline fixture: what's new");
    assert_eq!(f.entries().len(), 18);
    // Deterministic: updated is the newest effective date, not the build time.
    assert_eq!(f.updated().to_rfc3339(), "2025-03-20T00:00:00+00:00");
    let first = &f.entries()[0];
    assert_eq!(first.title().as_str(), "Retired (version 2): Withdrawn");
    assert_eq!(first.links()[0].href(), "guidelines/retired/v2.html");
    assert_eq!(first.id(), "urn:redthread:redline-fixture:retired:v2");
    assert_eq!(
        first.summary().map(|s| s.as_str()),
        Some("The form is no longer used.")
    );
    assert!(f.links().iter().all(|l| l.rel() != "self"));
    let diff = f
        .entries()
        .iter()
        .find(|e| {
            e.title()
                .as_str()
                .starts_with("Close a referral (version 2)")
        })
        .expect("revision entry");
    let related: Vec<&str> = diff
        .links()
        .iter()
        .filter(|l| l.rel() == "related")
        .map(|l| l.href())
        .collect();
    assert_eq!(related, ["guidelines/added-step/diff-v1-v2.html"]);
    for e in f.entries() {
        assert!(site.has(e.links()[0].href()), "{}", e.links()[0].href());
    }
}

#[test]
fn the_feed_has_absolute_links_with_base_url() {
    let f = redline_edits().file(
        "book.toml",
        "[book]\ntitle = \"Redline fixture\"\nbase_url = \"https://intranet.example.org/guidelines\"\n",
    );
    let site = f.build();
    let feed = feed(&site);
    let self_link = feed.links().iter().find(|l| l.rel() == "self").unwrap();
    assert_eq!(
        self_link.href(),
        "https://intranet.example.org/guidelines/feed.xml"
    );
    assert_eq!(
        feed.id(),
        "https://intranet.example.org/guidelines/feed.xml"
    );
    let first = &feed.entries()[0];
    assert_eq!(
        first.links()[0].href(),
        "https://intranet.example.org/guidelines/guidelines/retired/v2.html"
    );
    assert_eq!(first.id(), first.links()[0].href());
    // Pages stay relative: the site still works from disk.
    assert!(
        !site
            .read("index.html")
            .contains("https://intranet.example.org")
    );
}

#[test]
fn a_base_url_that_is_not_http_is_rejected_with_its_line() {
    let f = redline_edits().file(
        "book.toml",
        "[book]\ntitle = \"x\"\nbase_url = \"file:///srv/site\"\n",
    );
    let err = f.build_fails();
    assert!(err.contains("book.toml:3"), "{err}");
    assert!(err.contains("http:// or https://"), "{err}");
}
