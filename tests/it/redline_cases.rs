//! Redlines of restructured and reformatted text (issue 14): the cases in
//! tests/fixtures/redline/content/cases, each pinned by its exact `<ins>`/`<del>`, its
//! labels and the text a screen reader or a copy reads.

use crate::harness::{Fixture, Page, Site};

fn site() -> (Fixture, Site) {
    let f = Fixture::copy_of("redline");
    let site = f.build();
    (f, site)
}

fn redline(site: &Site, id: &str) -> Page {
    site.page(&format!("guidelines/{id}/diff-v1-v2.html"))
}

/// (deleted texts, inserted texts).
fn marks(p: &Page) -> (Vec<String>, Vec<String>) {
    (p.texts(".redline del"), p.texts(".redline ins"))
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_list_item_that_became_a_heading_and_a_paragraph_is_one_change_with_its_two_edits() {
    let (_f, site) = site();
    let p = redline(&site, "restructured");
    assert_eq!(
        marks(&p),
        (
            strings(&[".", "because", "phone numbers"]),
            strings(&["where", "personal", ", phone numbers"])
        )
    );
    assert!(
        p.text(".rl-group .rl-part.rl-para").ends_with(
            "such as deleted: phone numbers, inserted: personal, private email addresses inserted: , phone numbers or home addresses of other users."
        ),
        "{}",
        p.text(".rl-group .rl-part.rl-para")
    );
    assert_eq!(p.count(".rl-changed.rl-group"), 1);
    assert_eq!(p.count(".rl-inserted, .rl-deleted"), 0);
    assert_eq!(
        p.text(".rl-group .rl-form"),
        "Reformatted: list item → heading and paragraph"
    );
    assert_eq!(
        p.texts(".rl-group .rl-part")
            .iter()
            .map(|t| t.split(' ').next().unwrap_or("").to_owned())
            .collect::<Vec<_>>(),
        ["Personal", "We"]
    );
    assert_eq!(p.count(".rl-group .rl-part.rl-heading.rl-h2"), 1);
    assert!(
        p.text(".diff-summary")
            .starts_with("In the text: 1 changed, 0 added, 0 removed")
    );
}

#[test]
fn a_paragraph_split_in_two_marks_only_the_changed_word() {
    let (_f, site) = site();
    let p = redline(&site, "split");
    assert_eq!(marks(&p), (vec![], strings(&["current"])));
    assert_eq!(p.text(".rl-changed .rl-form"), "Split into 2 paragraphs");
    assert_eq!(p.count(".rl-changed .rl-part.rl-para"), 2);
    assert_eq!(p.count(".rl-inserted, .rl-deleted"), 0);
}

#[test]
fn relevelled_headings_are_formatting_apart_from_the_one_changed_word() {
    let (_f, site) = site();
    let p = redline(&site, "relevel");
    assert_eq!(
        marks(&p),
        (strings(&["monthly"]), strings(&["or one-time"]))
    );
    assert_eq!(
        p.text(".diff-summary"),
        "In the text: 1 changed, 0 added, 0 removed (paragraphs, steps, rows or headings). 3 reformatted (same words, new form)."
    );
    assert_eq!(
        p.texts(".rl-reformatted .rl-form"),
        strings(&["Heading level 3 → 2"; 3])
    );
    assert_eq!(p.count(".rl-reformatted ins, .rl-reformatted del"), 0);
    // Formatting-only rows can be hidden (a checkbox and a style rule, no script needed).
    assert_eq!(
        p.text("label:has(#rl-hide-reformatted)"),
        "Hide formatting-only changes (3)"
    );
    assert!(
        site.read("assets/style.css")
            .contains(":has(#rl-hide-reformatted:checked) .rl-reformatted { display: none; }")
    );
}

#[test]
fn case_and_punctuation_changes_are_changed_rows_with_exact_marks() {
    let (_f, site) = site();
    let p = redline(&site, "case");
    assert_eq!(
        marks(&p),
        (
            strings(&["Npm,", ".", "(Microsoft"]),
            strings(&["npm", "Microsoft ("])
        )
    );
    assert_eq!(p.count(".rl-changed.rl-item"), 2);
    assert_eq!(p.count(".rl-inserted, .rl-deleted"), 0);
    assert_eq!(
        p.texts(".rl-changed .rl-text"),
        strings(&[
            "• deleted: Npm,, inserted: npm Inc deleted: . (package hosting)",
            "• inserted: Microsoft (Azure deleted: (Microsoft) for servers"
        ])
    );
}

#[test]
fn a_link_only_change_is_a_change_never_unchanged() {
    let (_f, site) = site();
    let p = redline(&site, "links");
    assert_eq!(marks(&p), (vec![], vec![]));
    assert_eq!(
        p.text(".diff-summary"),
        "In the text: 1 changed, 0 added, 0 removed (paragraphs, steps, rows or headings). 1 with changed link targets."
    );
    assert_eq!(
        p.text(".rl-changed .rl-text"),
        "Read the help pages (link changed from old.example/help to help.example/start) before you write to us."
    );
    assert_eq!(
        p.attrs(".rl-link-changed .rl-href-old", "title"),
        strings(&["https://old.example/help"])
    );
}

#[test]
fn times_and_ordinals_change_as_whole_tokens() {
    let (_f, site) = site();
    let p = redline(&site, "tokens");
    assert_eq!(
        marks(&p),
        (strings(&["14:00", "10th"]), strings(&["12:00", "5th"]))
    );
    assert_eq!(
        p.text(".rl-changed .rl-text"),
        "Send the list before deleted: 14:00, inserted: 12:00 on the deleted: 10th, inserted: 5th of each month."
    );
}

#[test]
fn a_changed_table_row_reads_back_with_spaces() {
    let (_f, site) = site();
    let p = redline(&site, "visits");
    assert_eq!(marks(&p), (strings(&["45"]), strings(&["60"])));
    assert_eq!(
        p.text(".rl-changed .rl-text"),
        "First visit deleted: 45, inserted: 60 minutes"
    );
    // Whitespace included, as a copy or a screen reader gets it.
    let raw = site.read("guidelines/visits/diff-v1-v2.html");
    assert!(
        raw.contains("<span class=\"rl-cell\">First visit</span> <span class=\"rl-cell\"><span class=\"vh\">deleted: </span><del>45</del><span class=\"vh\">, inserted: </span><ins>60</ins> minutes</span>"),
        "{raw}"
    );
}

#[test]
fn changed_images_show_as_pictures_by_the_revision_pages_paths() {
    let (_f, site) = site();
    let p = redline(&site, "images");
    // A new picture at a new address, and new alt text: each one changed row.
    assert_eq!(p.count(".rl-inserted, .rl-deleted"), 0);
    assert_eq!(
        marks(&p),
        (
            strings(&[
                "image: Map of the ward",
                "image: Exit sign",
                "of the old booking system"
            ]),
            strings(&["image: Map of the ward", "image: Green exit sign"])
        )
    );
    let revision = site.page("guidelines/images/v2.html");
    let on_page = revision.attrs(".content img", "src");
    assert_eq!(
        on_page,
        strings(&[
            "../../files/cases/ward-map-2025.png",
            "../../files/cases/exit.png"
        ])
    );
    assert_eq!(
        p.attrs(".redline ins img", "src"),
        on_page,
        "same relative paths as the revision page"
    );
    assert_eq!(
        p.attrs(".redline del img", "src"),
        site.page("guidelines/images/v1.html")
            .attrs(".content img", "src")
    );
    for src in p.attrs(".redline img", "src") {
        assert!(site.has(&p.resolve(&src)), "{src}");
    }
    // A deletion before the full stop takes its space: the new text reads "users.".
    let raw = site.read("guidelines/images/diff-v1-v2.html");
    assert!(
        raw.contains("all users<span class=\"vh\"> deleted: </span><del> of the old booking system</del>.</div>"),
        "{raw}"
    );
}

#[test]
fn a_remote_image_is_a_link_as_on_the_revision_page_and_its_new_address_a_link_change() {
    let front = |v: u32| format!("title: Ads\ncategory: C\nversion: {v}\ndate: 2024-0{v}-01");
    let body = |sig: &str| {
        format!(
            "Our banner:\n\n[![](https://cdn.example/ad.png?sig={sig})](https://ads.example/go?sig={sig})\n\n![](https://cdn.example/logo-{sig}.png)\n"
        )
    };
    let f = Fixture::new()
        .guideline("content/c/ads-v1.md", &front(1), &body("a1"))
        .guideline("content/c/ads-v2.md", &front(2), &body("b2"));
    let site = f.build();
    let p = site.page("guidelines/ads/diff-v1-v2.html");
    assert_eq!(marks(&p), (vec![], vec![]));
    assert_eq!(p.count(".rl-changed .rl-link-changed"), 2);
    assert_eq!(
        p.attrs(".rl-href-new", "title"),
        strings(&[
            "https://cdn.example/ad.png?sig=b2",
            "https://cdn.example/logo-b2.png"
        ])
    );
    assert!(p.text(".rl-changed .rl-text").starts_with("[image]"));
    assert_eq!(p.count(".redline img"), 0, "no request off-site");
}

#[test]
fn an_added_link_without_text_is_shown() {
    let front = |v: u32| format!("title: Contact\ncategory: C\nversion: {v}\ndate: 2024-0{v}-01");
    let f = Fixture::new()
        .guideline("content/c/contact-v1.md", &front(1), "Write to us.\n")
        .guideline(
            "content/c/contact-v2.md",
            &front(2),
            "Write to us.\n\n[](mailto:help@example.org)\n",
        );
    let site = f.build();
    let p = site.page("guidelines/contact/diff-v1-v2.html");
    assert_ne!(p.text(".diff-summary"), "The text is unchanged.");
    assert_eq!(
        p.texts(".rl-inserted ins"),
        strings(&["[help@example.org]"])
    );
    assert_eq!(
        p.attrs(".rl-inserted ins .rl-link", "title"),
        strings(&["mailto:help@example.org"])
    );
}

#[test]
fn a_row_moved_and_changed_marks_only_its_change() {
    let (_f, site) = site();
    let p = redline(&site, "moved");
    assert_eq!(marks(&p), (vec![], strings(&[", seven"])));
    assert_eq!(p.count(".rl-inserted, .rl-deleted"), 0);
    assert_eq!(
        p.text(".rl-moved-to .rl-text"),
        "c.example five, six inserted: , seven 3rd"
    );
    assert_eq!(p.text(".rl-moved-from .rl-text"), "c.example five, six 3rd");
    assert!(p.text(".diff-summary").contains("1 moved"));
}

#[test]
fn a_short_line_whose_case_commas_and_number_changed_is_one_changed_row() {
    // As in a real privacy policy's address line: "Denver, CO,80202" -> "DENVER, CO80201".
    let (_f, site) = site();
    let p = redline(&site, "address");
    assert_eq!(p.count(".rl-changed.rl-item"), 1);
    assert_eq!(p.count(".rl-inserted, .rl-deleted"), 0);
    assert_eq!(
        marks(&p),
        (
            strings(&["Denver", "CO,80202"]),
            strings(&["DENVER", "CO80201"])
        )
    );
    assert_eq!(
        p.text(".rl-changed .rl-text"),
        "• deleted: Denver, inserted: DENVER, deleted: CO,80202, inserted: CO80201"
    );
}

#[test]
fn a_moved_block_takes_its_most_similar_partner_not_the_first_alike_one() {
    // Two removed paragraphs are alike the added one; the near-identical one moved, the
    // other (first in the text) was removed.
    let (_f, site) = site();
    let p = redline(&site, "partner");
    assert_eq!(
        p.text(".rl-moved-from .rl-text"),
        "We share your order history with delivery partners so they can bring your parcels."
    );
    assert_eq!(marks(&p).1, strings(&["parcel"]));
    assert_eq!(p.count(".rl-deleted"), 1);
    assert!(
        p.text(".rl-deleted").contains("our shops"),
        "{}",
        p.text(".rl-deleted")
    );
    assert!(p.text(".diff-summary").contains("1 moved"));
}
