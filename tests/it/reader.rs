//! Issue 8, the reader's archive: theme words in the archive's language, periods in force,
//! editorial revisions, print stamp and canonical links, checked on built HTML.

use crate::harness::Fixture;

fn rev(id: &str, v: &str, date: &str, extra: &str) -> (String, String) {
    (
        format!("content/c/{id}-v{v}.md"),
        format!("title: {id} title\nversion: {v}\ncategory: Care\ndate: {date}\n{extra}"),
    )
}

fn archive(revs: &[(String, String)]) -> Fixture {
    let mut f = Fixture::new().file("book.toml", "[book]\ntitle = \"Guides\"\n");
    for (rel, front) in revs {
        f = f.guideline(rel, front, "Do the thing.\n");
    }
    f
}

#[test]
fn a_danish_archive_shows_danish_words_and_dates() {
    let f = Fixture::copy_of("reader-da");
    let site = f.build();
    let home = site.page("index.html");
    assert_eq!(home.attrs("html", "lang"), ["da-DK"]);
    assert_eq!(home.text(".skip-link"), "Gå til indhold");
    assert_eq!(home.text("#recent"), "Senest ændret");
    assert!(
        home.text(".card-meta").contains("15. maj 2024"),
        "{}",
        home.text(".card-meta")
    );
    let page = site.page("guidelines/modtag-henvisning/v1.html");
    assert!(page.text(".banner-superseded").contains("Erstattet."));
    assert_eq!(
        page.text(".in-force-period dd"),
        "fra 3. marts 2024 til 15. maj 2024"
    );
    assert_eq!(page.text("#history"), "Versionshistorik");
    let news = site.page("whats-new.html");
    assert_eq!(news.texts(".news-month h2"), ["maj 2024", "marts 2024"]);
    let diff = site.page("guidelines/modtag-henvisning/diff-v1-v2.html");
    assert_eq!(diff.texts(".rl-tag"), ["Tilføjet"]);
    assert!(diff.text("h1").starts_with("Hvad er ændret i"));
    // Script words: a generated file, not inline script.
    let words = site.read("assets/words.js");
    assert!(
        words.starts_with("window.redthreadWords = {\"lang\":\"da\""),
        "{words}"
    );
    assert!(words.contains("Udskrevet {date}. Se arkivet for den gældende version."));
    assert!(words.contains("\"marts\""));
}

#[test]
fn swedish_and_unknown_languages() {
    let sv = archive(&[rev("a", "1", "2024-03-03", "")])
        .file("book.toml", "[book]\ntitle = \"G\"\nlanguage = \"sv\"\n");
    let page = sv.build().page("guidelines/a/index.html");
    assert_eq!(page.text(".facts time"), "sedan 3 mars 2024");
    assert_eq!(page.text(".skip-link"), "Hoppa till innehållet");
    // A language without a translation file falls back to English (documented), and an
    // archive theme can add that language file itself.
    let fr = archive(&[rev("a", "1", "2024-03-03", "")]).file(
        "book.toml",
        "[book]\ntitle = \"G\"\nlanguage = \"fr\"\n[search]\nenable = false\n",
    );
    let page = fr.build().page("guidelines/a/index.html");
    assert_eq!(page.attrs("html", "lang"), ["fr"]);
    assert_eq!(page.text(".skip-link"), "Skip to content");
    fr.write(
        "themes/default/i18n/fr.toml",
        "months = [\"janvier\",\"février\",\"mars\",\"avril\",\"mai\",\"juin\",\"juillet\",\"août\",\"septembre\",\"octobre\",\"novembre\",\"décembre\"]\n[words]\nskip_to_content = \"Aller au contenu\"\n",
    );
    let page = fr.build().page("guidelines/a/index.html");
    assert_eq!(page.text(".skip-link"), "Aller au contenu");
    assert_eq!(page.text(".facts time"), "since 3 mars 2024");
    assert_eq!(page.text("#history"), "Revision history");
    // A broken translation file is an error with its path and line.
    fr.write(
        "themes/default/i18n/fr.toml",
        "[words]\nskip_to_content = 3\n",
    );
    let err = fr.build_fails();
    assert!(err.contains("themes/default/i18n/fr.toml:2"), "{err}");
}

#[test]
fn every_revision_shows_its_period_in_force_and_the_manifest_has_it() {
    let f = archive(&[
        rev("a", "1", "2024-01-10", ""),
        rev("a", "2", "2024-06-01", ""),
        rev("b", "1", "2024-02-01", ""),
        rev("c", "1", "2024-09-01", "supersedes: b"),
    ]);
    let site = f.build();
    let p = |rel: &str| site.page(rel).text(".in-force-period dd");
    assert_eq!(
        p("guidelines/a/v1.html"),
        "from 10 January 2024 until 1 June 2024"
    );
    // One line for the period in force, not "Effective" and "in force from" twice.
    assert_eq!(p("guidelines/a/v2.html"), "since 1 June 2024");
    assert_eq!(site.page("guidelines/a/v2.html").count(".facts time"), 1);
    assert_eq!(
        p("guidelines/b/v1.html"),
        "from 1 February 2024 until 1 September 2024"
    );
    let m = site.manifest();
    let a = &m["guidelines"][0]["revisions"];
    assert_eq!(a[0]["in_force"]["from"], "2024-01-10");
    assert_eq!(a[0]["in_force"]["until"], "2024-06-01");
    assert_eq!(a[1]["in_force"]["until"], serde_json::Value::Null);
    // The in-force page lists every period, for the browser to filter by date.
    let page = site.page("in-force.html");
    assert_eq!(page.count(".in-force-table tbody tr"), 4);
    assert_eq!(
        page.attrs(".in-force-table tbody tr", "data-until"),
        ["2024-06-01", "", "2024-09-01", ""]
    );
}

#[test]
fn a_withdrawal_ends_the_period_and_is_never_in_force_itself() {
    let f = archive(&[
        rev("a", "1", "2024-01-10", ""),
        rev(
            "a",
            "2",
            "2024-03-01",
            "status: withdrawn\nchanges: Not needed.",
        ),
    ]);
    let site = f.build();
    assert_eq!(
        site.page("guidelines/a/v1.html")
            .text(".in-force-period dd"),
        "from 10 January 2024 until 1 March 2024"
    );
    assert_eq!(
        site.page("guidelines/a/v2.html").count(".in-force-period"),
        0
    );
    assert_eq!(
        site.manifest()["guidelines"][0]["revisions"][1]["in_force"],
        serde_json::Value::Null
    );
}

#[test]
fn editorial_revisions_are_marked_and_do_not_lead_the_news() {
    let f = archive(&[
        rev("a", "1", "2024-01-10", ""),
        rev("a", "2", "2024-03-01", "changes: New step."),
        rev("a", "2.1", "2024-03-20", "editorial: true\nchanges: Typo."),
        rev("b", "1", "2024-03-05", ""),
    ]);
    let site = f.build();
    let news = site.page("whats-new.html");
    // March: the real changes first, the editorial fix under its own heading.
    assert_eq!(news.texts(".news-month h2"), ["March 2024", "January 2024"]);
    assert_eq!(
        news.texts("#m-2024-03 ~ ol:not(.editorial-list) .news-title")
            .len(),
        2
    );
    assert_eq!(news.text(".editorial-heading"), "Editorial fixes");
    assert_eq!(
        news.texts(".editorial-list .news-item .card-meta a:first-child"),
        ["Version 2.1"]
    );
    assert!(
        news.text(".editorial-list .news-kind")
            .contains("editorial")
    );
    // Not on the home page's latest changes.
    let home = site.page("index.html");
    assert!(
        !home
            .texts(".home-recent .card-meta")
            .iter()
            .any(|t| t.contains("2.1"))
    );
    // Still a revision with its redline, marked in the history.
    assert!(site.has("guidelines/a/diff-v2-v2.1.html"));
    let page = site.page("guidelines/a/index.html");
    assert_eq!(
        page.texts(".timeline .is-editorial .timeline-what a, .timeline .is-editorial strong"),
        ["Version 2.1"]
    );
    // The changed-since marks compare with the newest substantive version.
    assert_eq!(page.attrs("article", "data-substantive"), ["2"]);
    assert_eq!(page.attrs("article", "data-current"), ["2.1"]);
    assert_eq!(page.attrs("article", "data-versions"), ["1 2 2.1"]);
    let card = home.attrs(".card[data-guideline=a]", "data-substantive");
    assert_eq!(card, ["2"]);
    let m = site.manifest();
    assert_eq!(m["guidelines"][0]["revisions"][2]["editorial"], true);
    assert_eq!(m["guidelines"][0]["revisions"][1]["editorial"], false);
}

#[test]
fn editorial_must_be_true_or_false() {
    let f = archive(&[rev("a", "1", "2024-01-10", "editorial: maybe")]);
    let err = f.build_fails();
    assert!(err.contains("content/c/a-v1.md:6"), "{err}");
    assert!(err.contains("`editorial` must be true or false"), "{err}");
}

#[test]
fn print_stamp_address_and_canonical_link() {
    let f = archive(&[
        rev("a", "1", "2024-01-10", ""),
        rev("a", "2", "2024-02-10", ""),
    ]);
    let site = f.build();
    let page = site.page("guidelines/a/v1.html");
    // The static sentence has no date, so the build stays the same whatever day it runs.
    assert_eq!(
        page.text("[data-print-stamp]"),
        "Printed copy. Check the archive for the current version."
    );
    assert_eq!(page.text("[data-address]"), "guidelines/a/v1.html");
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        ["../../guidelines/a/index.html"]
    );
    f.write(
        "book.toml",
        "[book]\ntitle = \"Guides\"\nbase_url = \"https://intranet.example.org/guides/\"\n",
    );
    let site = f.build();
    let page = site.page("guidelines/a/v1.html");
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        ["https://intranet.example.org/guides/guidelines/a/index.html"]
    );
    assert_eq!(
        page.text("[data-address]"),
        "https://intranet.example.org/guides/guidelines/a/v1.html"
    );
}

#[test]
fn overdue_review_data_is_on_cards_and_pages_not_decided_at_build_time() {
    let f = archive(&[rev("a", "1", "2024-01-10", "review_by: 2020-01-01")]);
    let site = f.build();
    let home = site.page("index.html");
    assert_eq!(
        home.attrs(".card[data-guideline=a]", "data-review-by"),
        ["2020-01-01"]
    );
    // The list is filled in the reader's browser; the built page holds it hidden and empty.
    assert_eq!(home.count("[data-review-list][hidden]"), 1);
    assert_eq!(home.count(".review-due-list li"), 0);
}
