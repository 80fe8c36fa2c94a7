//! Revisions that take effect later (issue 15): a revision dated after the build's day is
//! scheduled. The stable address keeps the revision in force and announces the new one;
//! nothing tells readers to follow a rule before its date.
//!
//! Fixture `tests/fixtures/scheduled`: `receive-referral` v1 (2 March 2026) and v2
//! (15 January 2027); `close-course` (2025), replaced by `end-outpatient-course` from
//! 1 February 2027. Built on 2 December 2026.

use crate::harness::{Fixture, Site};

const TODAY: &str = "2026-12-02";

fn site() -> (Fixture, Site) {
    let f = Fixture::copy_of("scheduled");
    let site = f.build_on(TODAY);
    (f, site)
}

#[test]
fn the_stable_page_keeps_the_version_in_force_and_announces_the_new_one() {
    let (_f, site) = site();
    let page = site.page("guidelines/receive-referral/index.html");
    assert_eq!(
        page.attrs("article", "data-version"),
        ["1"],
        "the stable address shows v1"
    );
    assert_eq!(page.attrs("article", "data-status"), ["current"]);
    assert_eq!(
        page.text(".banner-upcoming strong"),
        "A new version takes effect on 15 January 2027."
    );
    assert!(
        page.text(".banner-upcoming")
            .contains("Until then, this version is in force.")
    );
    assert_eq!(
        page.attrs(".banner-upcoming", "data-takes-effect"),
        ["2027-01-15"]
    );
    assert_eq!(
        page.attrs(".banner-upcoming", "data-now-text"),
        [
            "Version 2 is now in force (since 15 January 2027). This page was published before that day."
        ]
    );
    let hrefs = page.targets("a[data-rel=upcoming], a[data-rel=upcoming-diff]");
    assert_eq!(
        hrefs,
        [
            "guidelines/receive-referral/v2.html",
            "guidelines/receive-referral/diff-v1-v2.html"
        ]
    );
    assert!(site.has("guidelines/receive-referral/diff-v1-v2.html"));
    // No banner saying it is old, and the facts say when it ends without "in force now".
    assert_eq!(page.count(".banner-superseded"), 0);
    assert_eq!(
        page.text(".in-force-period dd"),
        "since 2 March 2026; replaced on 15 January 2027"
    );
    // v1's permanent page says the same.
    let v1 = site.page("guidelines/receive-referral/v1.html");
    assert_eq!(v1.count(".banner-superseded"), 0);
    assert_eq!(v1.count(".banner-current"), 1);
    assert!(!v1.text(".banner-current").contains("no longer"));
    assert_eq!(
        v1.text(".banner-upcoming strong"),
        "A new version takes effect on 15 January 2027."
    );
    assert_eq!(v1.attrs("article", "data-status"), ["current"]);
}

#[test]
fn the_scheduled_revision_says_it_is_not_yet_in_force() {
    let (_f, site) = site();
    let v2 = site.page("guidelines/receive-referral/v2.html");
    assert_eq!(v2.attrs("article", "data-status"), ["scheduled"]);
    assert_eq!(
        v2.text(".banner-scheduled"),
        "Not yet in force. Takes effect on 15 January 2027 (not yet in force). Until then, the version in force is version 1."
    );
    assert_eq!(
        v2.resolve(&v2.attrs(".banner-scheduled a[data-rel=current]", "href")[0]),
        "guidelines/receive-referral/index.html"
    );
    assert_eq!(v2.text(".facts .badge-scheduled"), "not yet in force");
    assert_eq!(
        v2.text(".in-force-period dd"),
        "from 15 January 2027 (not yet in force)"
    );
    assert_eq!(v2.count(".banner-upcoming"), 0);
    // A guideline whose first revision is scheduled shows it at its address, marked.
    let new = site.page("guidelines/end-outpatient-course/index.html");
    assert_eq!(new.attrs("article", "data-status"), ["scheduled"]);
    assert!(
        new.text(".banner-scheduled")
            .contains("Takes effect on 1 February 2027 (not yet in force).")
    );
}

#[test]
fn a_guideline_replaced_later_by_another_stays_in_force_until_then() {
    let (_f, site) = site();
    let page = site.page("guidelines/close-course/index.html");
    assert_eq!(page.attrs("article", "data-status"), ["current"]);
    assert_eq!(page.count(".banner-superseded"), 0);
    assert_eq!(
        page.text(".banner-upcoming strong"),
        "End an outpatient course takes effect on 1 February 2027 and replaces this guideline."
    );
    let hrefs = page.targets("a[data-rel=upcoming], a[data-rel=upcoming-diff]");
    assert_eq!(
        hrefs,
        [
            "guidelines/end-outpatient-course/v1.html",
            "guidelines/end-outpatient-course/from-close-course.html"
        ]
    );
    // The home page still lists it among the guidelines in force, not as retired.
    let home = site.page("index.html");
    assert!(
        home.attrs(".card", "data-guideline")
            .contains(&"close-course".to_owned())
    );
}

#[test]
fn the_manifest_says_scheduled_with_its_period() {
    let (_f, site) = site();
    let m = site.manifest();
    let g = |id: &str| {
        m["guidelines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["id"] == id)
            .unwrap()
            .clone()
    };
    let rr = g("receive-referral");
    assert_eq!(rr["status"], "current");
    assert_eq!(rr["revisions"][0]["status"], "current");
    assert_eq!(rr["revisions"][0]["in_force"]["until"], "2027-01-15");
    assert_eq!(rr["revisions"][1]["status"], "scheduled");
    assert_eq!(rr["revisions"][1]["in_force"]["from"], "2027-01-15");
    assert_eq!(
        rr["revisions"][1]["in_force"]["until"],
        serde_json::Value::Null
    );
    assert_eq!(g("close-course")["status"], "current");
    assert_eq!(
        g("close-course")["superseded_by"],
        serde_json::json!([]),
        "not replaced yet"
    );
    assert_eq!(g("end-outpatient-course")["status"], "scheduled");
}

#[test]
fn whats_new_the_feed_the_in_force_page_and_search_mark_it_scheduled() {
    let (_f, site) = site();
    let news = site.page("whats-new.html");
    let items = news.texts(".news-item");
    let v2 = items
        .iter()
        .find(|i| i.contains("Receive a referral") && i.contains("Version 2"))
        .expect("v2 listed");
    assert!(v2.contains("takes effect on 15 January 2027"), "{v2}");
    // Replaces X (compare), not "Replaces: X: compare".
    let end = items
        .iter()
        .find(|i| i.contains("End an outpatient course"))
        .unwrap();
    assert!(end.contains("Replaces: Close a course (compare)"), "{end}");

    let feed = site.read("feed.xml");
    let parsed = atom_syndication::Feed::read_from(feed.as_bytes()).expect("valid Atom");
    let entry = parsed
        .entries()
        .iter()
        .find(|e| {
            e.title().as_str() == "Receive a referral (version 2): Takes effect on 15 January 2027"
        })
        .expect("scheduled entry titled with its date");
    // Announced on the build's day, never dated in the future.
    assert_eq!(entry.updated().to_rfc3339(), "2026-12-02T00:00:00+00:00");
    assert_eq!(parsed.updated().to_rfc3339(), "2026-12-02T00:00:00+00:00");

    let in_force = site.page("in-force.html");
    // Cells of the scheduled rows: version, from (marked), until (empty, not "in force now").
    assert_eq!(
        in_force.texts(".in-force-table tr.status-scheduled td"),
        [
            "1",
            "1 February 2027 not yet in force",
            "",
            "2",
            "15 January 2027 not yet in force",
            ""
        ]
    );
    // v1 of receive-referral is in force now, with its planned end.
    assert_eq!(
        in_force.attrs(".in-force-table tr.status-current", "data-until"),
        ["2027-02-01", "2027-01-15"]
    );
    assert_eq!(
        in_force.attrs(".in-force-table tr.status-scheduled", "data-from"),
        ["2027-02-01", "2027-01-15"]
    );
    assert!(
        in_force
            .text(".in-force-note")
            .contains("“Until” is the day")
    );

    let index: serde_json::Value = serde_json::from_str(&site.read("search-index.json")).unwrap();
    let status: Vec<(String, String)> = index["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                format!(
                    "{}@{}",
                    d["id"].as_str().unwrap(),
                    d["version"].as_str().unwrap()
                ),
                d["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(status.contains(&("receive-referral@1".into(), "current".into())));
    assert!(status.contains(&("receive-referral@2".into(), "scheduled".into())));
    assert!(status.contains(&("end-outpatient-course@1".into(), "scheduled".into())));
}

#[test]
fn built_on_the_day_it_takes_effect_the_new_version_is_in_force() {
    let f = Fixture::copy_of("scheduled");
    let site = f.build_on("2027-01-15");
    let page = site.page("guidelines/receive-referral/index.html");
    assert_eq!(page.attrs("article", "data-version"), ["2"]);
    assert_eq!(page.attrs("article", "data-status"), ["current"]);
    assert_eq!(page.count(".banner-upcoming"), 0);
    let v1 = site.page("guidelines/receive-referral/v1.html");
    assert_eq!(v1.attrs("article", "data-status"), ["superseded"]);
    assert_eq!(
        v1.text(".in-force-period dd"),
        "from 2 March 2026 until 15 January 2027"
    );
    // Still before the other replacement.
    let close = site.page("guidelines/close-course/index.html");
    assert_eq!(close.attrs("article", "data-status"), ["current"]);
    // Two builds on the same day are the same site; the day decides, not the clock.
    let other = Fixture::copy_of("scheduled");
    let again = other.build_on("2027-01-15");
    assert_eq!(site.snapshot(), again.snapshot());
}

#[test]
fn the_build_says_when_to_build_again() {
    let f = Fixture::copy_of("scheduled");
    let run = f.run(&["build", "--today", TODAY]);
    run.assert_ok();
    assert!(
        run.stdout().contains(
            "2 revisions take effect later, the first on 15 January 2027. Build and publish the site again on that day: until then it shows them as not yet in force."
        ),
        "{}",
        run.stdout()
    );
    let run = f.run(&["build", "--today", "2027-01-20"]);
    assert!(
        run.stdout()
            .contains("1 revision takes effect later, on 1 February 2027."),
        "{}",
        run.stdout()
    );
    let run = f.run(&["build", "--today", "2027-03-01"]);
    assert!(
        !run.stdout().contains("take effect later"),
        "{}",
        run.stdout()
    );
}

#[test]
fn same_day_revisions_are_a_check_warning_and_the_page_says_replaced_the_same_day() {
    let f = Fixture::new()
        .guideline(
            "content/referrals/receive-v1.md",
            "title: Receive\nversion: 1\ncategory: Referrals\ndate: 2026-12-02\nsummary: How.",
            "Open it.\n",
        )
        .guideline(
            "content/referrals/receive-v2.md",
            "title: Receive\nversion: 2\ncategory: Referrals\ndate: 2026-12-02\nsummary: How.\nsupersedes: receive@1\nchanges: Triage too.",
            "Open it. Triage it.\n",
        )
        .guideline(
            "content/referrals/receive-v3.md",
            "title: Receive\nversion: 3\ncategory: Referrals\ndate: 2026-12-02\nsummary: How.\nsupersedes: receive@2\nchanges: Typo.\neditorial: true",
            "Open it. Triage it!\n",
        );
    let run = f.run(&["check", "--format", "short", "--today", TODAY]);
    let out = run.stdout();
    assert_eq!(
        out.lines()
            .filter(|l| l.contains("take effect on"))
            .collect::<Vec<_>>(),
        [
            "content/referrals/receive-v2.md:5:1: warning: versions 1 and 2 of `receive` both take effect on 2026-12-02: version 1 is replaced the same day and is never in force (hint: give version 2 the day it really takes effect; if it only corrects a mistake in version 1, add `editorial: true` to it)"
        ],
        "the editorial v3 is not warned about\n{out}"
    );
    let site = f.build_on(TODAY);
    assert_eq!(
        site.page("guidelines/receive/v1.html")
            .text(".in-force-period dd"),
        "replaced on the day it took effect (2 December 2026)"
    );
}

#[test]
fn the_fixture_checks_clean_before_its_dates() {
    let f = Fixture::copy_of("scheduled");
    let run = f.run(&["check", "--format", "short", "--today", TODAY]);
    assert_eq!(run.code(), 0, "{}{}", run.stdout(), run.stderr());
    assert_eq!(run.stdout(), "");
}

/// Issue 15's plurals: every script sentence with a count `{n}` has a form for 1 (`_one`) in
/// each built-in language, and the scripts pick it (`n === 1`), so no page says "1 results".
#[test]
fn every_counted_script_sentence_has_a_form_for_one() {
    // Counts that are never 1 alone, or whose 1-form has another name.
    let other = [
        ("search_n_results", "search_one_result"),
        ("search_show_more", "search_show_more"),
    ];
    let scripts = ["site.js", "search.js"]
        .map(|f| {
            std::fs::read_to_string(
                crate::harness::repo_root()
                    .join("themes/default/static")
                    .join(f),
            )
            .expect("theme script")
        })
        .join("\n");
    for lang in ["en", "da", "sv"] {
        let path = crate::harness::repo_root().join(format!("themes/default/i18n/{lang}.toml"));
        let file: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        let js = file["js"].as_table().unwrap();
        for (key, value) in js {
            if key.ends_with("_one") || !value.as_str().unwrap().contains("{n}") {
                continue;
            }
            let one = other
                .iter()
                .find(|(k, _)| k == key)
                .map_or(format!("{key}_one"), |(_, o)| (*o).to_owned());
            assert!(js.contains_key(&one), "{lang}: `{key}` has no `{one}`");
            // Said by name, or composed as `key + "_one"`.
            assert!(
                scripts.contains(&format!("\"{one}\""))
                    || (scripts.contains(&format!("\"{key}\"")) && scripts.contains("\"_one\"")),
                "no script says `{one}` (for `{key}` with n = 1)"
            );
        }
    }
}

/// A Danish archive says all of it in Danish: the notice, the scheduled page, the switched
/// text for the browser, and what `build` tells the author.
#[test]
fn a_danish_archive_announces_the_new_version_in_danish() {
    let f = Fixture::new()
        .file("book.toml", "[book]\ntitle = \"Vejledninger\"\nlanguage = \"da\"\n")
        .guideline(
            "content/afslutning/afslut-forlob-v1.md",
            "title: Afslut forløb\nversion: 1\ncategory: Afslutning\ndate: 2026-03-02\nsummary: Når patienten er færdig.",
            "Afslut inden for tre hverdage.\n",
        )
        .guideline(
            "content/afslutning/afslut-forlob-v2.md",
            "title: Afslut forløb\nversion: 2\ncategory: Afslutning\ndate: 2027-01-15\nsummary: Når patienten er færdig.\nsupersedes: afslut-forlob@1\nchanges: To hverdage i stedet for tre.",
            "Afslut inden for to hverdage.\n",
        );
    let run = f.run(&["build", "--today", TODAY]);
    run.assert_ok();
    assert!(
        run.stdout().contains(
            "1 version træder i kraft senere, den 15. januar 2027. Byg og offentliggør sitet igen den dag"
        ),
        "{}",
        run.stdout()
    );
    let site = run.site();
    let page = site.page("guidelines/afslut-forlob/index.html");
    assert_eq!(
        page.text(".banner-upcoming strong"),
        "En ny version træder i kraft 15. januar 2027."
    );
    assert_eq!(
        page.attrs(".banner-upcoming", "data-now-text"),
        [
            "Version 2 er nu gældende (fra 15. januar 2027). Denne side blev offentliggjort før den dag."
        ]
    );
    assert_eq!(
        page.text(".in-force-period dd"),
        "siden 2. marts 2026; erstattes 15. januar 2027"
    );
    let v2 = site.page("guidelines/afslut-forlob/v2.html");
    assert!(
        v2.text(".banner-scheduled").starts_with(
            "Endnu ikke gældende. Træder i kraft 15. januar 2027 (endnu ikke gældende)."
        ),
        "{}",
        v2.text(".banner-scheduled")
    );
}
