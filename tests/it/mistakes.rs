//! Issue 15: authors' real mistakes never vanish silently. Guidelines saved under another
//! ending, the YAML mistakes of people who are not programmers (each with its message and
//! the line rewritten as it should be), `check`'s warnings for unfinished guidelines, and
//! the smaller fixes (plurals, long values, images, category typos, supersedes cycles).

use crate::harness::Fixture;

const GOOD: &str = "content/afslutning/afslut-forloeb-v1.md";

fn base() -> Fixture {
    Fixture::copy_of("mistakes")
}

/// `check --format short`: exit code and one line per problem.
fn check(f: &Fixture) -> (i32, Vec<String>) {
    let run = f.run(&["check", "--format", "short", "--today", "2026-06-01"]);
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    (
        run.code(),
        run.stdout().lines().map(str::to_owned).collect(),
    )
}

fn has(lines: &[String], want: &str) {
    assert!(
        lines.iter().any(|l| l == want),
        "no line\n{want}\nin\n{}",
        lines.join("\n")
    );
}

fn front(title_line: &str) -> String {
    format!("---\n{title_line}\nversion: 1\ndate: 2026-01-05\nsummary: Et resumé.\n---\nTekst.\n")
}

// ---- 2. Guidelines saved under another ending ----

#[test]
fn markdown_endings_are_read_as_guidelines() {
    let f = base();
    for (name, id) in [
        ("lpr-indberetning-v1.markdown", "lpr-indberetning"),
        ("henvisning-v1.mdown", "henvisning"),
        ("epikrise-v1.MD", "epikrise"),
    ] {
        f.write(
            &format!("content/afslutning/{name}"),
            &front(&format!("title: {id}")),
        );
    }
    let site = f.build();
    for id in ["lpr-indberetning", "henvisning", "epikrise"] {
        assert!(site.has(&format!("guidelines/{id}/index.html")), "{id}");
    }
    assert!(!site.has("files/afslutning/epikrise-v1.MD"));
    assert!(!site.has("files/afslutning/lpr-indberetning-v1.markdown"));
}

#[test]
fn a_guideline_saved_as_txt_is_an_error_naming_the_rename() {
    let f = base();
    // Notepad's defaults: `.txt` added to the name, or the whole name made `.txt`.
    f.write(
        "content/afslutning/afslut-forloeb-v2.md.txt",
        "---\ntitle: Afslut ambulant forløb\nversion: 2\ndate: 2026-02-01\nsupersedes: afslut-forloeb@1\n---\nNy tekst.\n",
    );
    f.write(
        "content/afslutning/henvisning-v1.txt",
        &front("title: Henvisning"),
    );
    // UTF-16 ("Unicode" in Notepad) is found too.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "---\r\ntitle: Epikrise\r\nversion: 1\r\n---\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(f.path().join("content/afslutning/epikrise-v1.TXT"), utf16).unwrap();
    // A plain text file without front-matter is an attachment as before.
    f.write("content/afslutning/noter.txt", "Bare noter.\n");
    let (code, lines) = check(&f);
    assert_eq!(code, 1, "{lines:?}");
    has(
        &lines,
        "content/afslutning/afslut-forloeb-v2.md.txt:1:1: error: this looks like a guideline (it starts with front-matter), but its name ends in `.md.txt`, so it is not read as one (hint: rename it to `afslut-forloeb-v2.md`; in Windows Explorer, turn on View > File name extensions to see the whole name)",
    );
    has(
        &lines,
        "content/afslutning/henvisning-v1.txt:1:1: error: this looks like a guideline (it starts with front-matter), but its name ends in `.txt`, so it is not read as one (hint: rename it to `henvisning-v1.md`; in Windows Explorer, turn on View > File name extensions to see the whole name)",
    );
    assert!(
        lines.iter().any(
            |l| l.starts_with("content/afslutning/epikrise-v1.TXT:1:1: error:")
                && l.contains("rename it to `epikrise-v1.md`")
        ),
        "{lines:?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("noter.txt: error")),
        "{lines:?}"
    );
    // The build refuses too, so the raw file never reaches the site as `files/...`.
    let stderr = f.build_fails();
    assert!(stderr.contains("afslut-forloeb-v2.md.txt"), "{stderr}");
    assert!(!f.site_dir().exists());
}

#[test]
fn a_file_no_guideline_links_to_is_a_warning() {
    let f = base()
        .file("content/afslutning/blanket.pdf", "%PDF")
        .file("content/afslutning/brugt.pdf", "%PDF")
        .file("content/afslutning/skaerm.png", "PNG")
        .file("content/afslutning/logo.png", "PNG")
        .guideline(
            "content/afslutning/links-v1.md",
            "title: Links\nversion: 1\ndate: 2026-01-05",
            "Se [blanketten](brugt.pdf).\n\n![Skærm](skaerm.png)\n\n<p><img src=\"logo.png\" alt=\"Logo\"></p>\n",
        );
    let (code, lines) = check(&f);
    assert_eq!(code, 0, "{lines:?}");
    assert_eq!(
        lines,
        [
            "content/afslutning/blanket.pdf:1:1: warning: no guideline links to this file, so readers cannot find it (hint: link to it from a guideline, like [the form](blanket.pdf), or delete it if it is not needed)"
        ]
    );
}

// ---- 3. YAML mistakes ----

#[test]
fn a_colon_in_a_title_or_note_gets_the_line_rewritten_with_quotes() {
    let f = base()
        .file(
            "content/afslutning/kolon-v1.md",
            &front("title: Afslutning: ambulant forløb"),
        )
        .file(
            GOOD.replace("-v1", "-v2").as_str(),
            "---\ntitle: Afslut ambulant forløb\nversion: 2\ndate: 2026-02-01\nsupersedes: afslut-forloeb@1\nchanges: Nyt trin: ring til patienten\n---\nTekst.\n",
        );
    let (code, lines) = check(&f);
    assert_eq!(code, 1);
    has(
        &lines,
        "content/afslutning/kolon-v1.md:2:18: error: the text after `title:` has a colon in it, so it is read as the start of another key (hint: put the text in quotes, like this: title: \"Afslutning: ambulant forløb\")",
    );
    has(
        &lines,
        "content/afslutning/afslut-forloeb-v2.md:6:18: error: the text after `changes:` has a colon in it, so it is read as the start of another key (hint: put the text in quotes, like this: changes: \"Nyt trin: ring til patienten\")",
    );
    // The parser's own words are not shown.
    assert!(
        !lines.iter().any(|l| l.contains("mapping values")),
        "{lines:?}"
    );
}

#[test]
fn quotes_inside_quotes_and_an_unclosed_quote() {
    let f = base()
        .file(
            "content/afslutning/citat-v1.md",
            &front("title: \"Brug af \"Akut\" knappen\""),
        )
        .file(
            "content/afslutning/aaben-v1.md",
            &front("title: \"Brug af akut-knappen"),
        );
    let (_, lines) = check(&f);
    has(
        &lines,
        "content/afslutning/citat-v1.md:2:17: error: the text after `title:` starts with a quote mark and has the same quote mark inside it, so the text seems to end early (hint: write the line like this: title: 'Brug af \"Akut\" knappen')",
    );
    has(
        &lines,
        "content/afslutning/aaben-v1.md:2:8: error: the text after `title:` starts with a quote mark that is never closed (hint: end the text with the same quote mark: title: \"Brug af akut-knappen\")",
    );
}

#[test]
fn tab_indentation_is_an_error_at_the_tab() {
    let f = base().file(
        "content/afslutning/tab-v1.md",
        "---\ntitle: Tab\nversion: 1\ndate: 2026-01-05\ntags:\n\t- lpr\n---\nTekst.\n",
    );
    let (_, lines) = check(&f);
    has(
        &lines,
        "content/afslutning/tab-v1.md:6:1: error: this line is indented with a tab; the front-matter needs spaces (hint: replace the tab at the start of the line with two spaces (the tab is shown as →))",
    );
    // The human format shows the tab as a visible character with the caret under it.
    let run = f.run(&["check", "--today", "2026-06-01"]);
    assert!(
        run.stdout().contains(" 6 | →- lpr\n   | ^"),
        "{}",
        run.stdout()
    );
}

#[test]
fn curly_quotes_tags_without_brackets_and_a_missing_space_are_accepted() {
    let f = base().file(
        "content/afslutning/word-v1.md",
        "---\ntitle: “Brug af akut-knappen: hvornår”\nversion: 1\ndate: 2026-01-05\ncategory:Afslutning\ntags: lpr, ambulant\nsummary: „Kort“\n---\nTekst.\n",
    );
    let (code, lines) = check(&f);
    assert_eq!(code, 0, "{lines:?}");
    assert_eq!(
        lines,
        [
            "content/afslutning/word-v1.md:5:10: warning: there is no space after `category:`; redthread read it as `category: ...` anyway (hint: write a space after the colon: category: Afslutning)"
        ]
    );
    let site = f.build();
    let page = site.page("guidelines/word/index.html");
    assert_eq!(page.texts("h1"), ["Brug af akut-knappen: hvornår"]);
    assert_eq!(page.texts("ul.tags li"), ["lpr", "ambulant"]);
    let manifest = site.manifest().to_string();
    assert!(manifest.contains(r#""summary":"Kort""#), "{manifest}");
}

#[test]
fn a_markdown_sign_at_the_start_and_a_hash_in_a_title() {
    let f = base()
        .file(
            "content/afslutning/fed-v1.md",
            &front("title: Fed\nchanges: *Vigtigt* nyt trin"),
        )
        .file(
            "content/afslutning/nummer-v1.md",
            &front("title: Opkald #2 til patienten"),
        );
    let (_, lines) = check(&f);
    has(
        &lines,
        "content/afslutning/fed-v1.md:3:10: error: the text after `changes:` starts with `*`, which has a special meaning in the front-matter (hint: put the text in quotes, like this: changes: \"*Vigtigt* nyt trin\")",
    );
    has(
        &lines,
        "content/afslutning/nummer-v1.md:2:15: warning: the text after `title:` has ` #` in it: everything from the `#` on is read as a comment and left out (hint: put the text in quotes to keep all of it: title: \"Opkald #2 til patienten\")",
    );
}

// ---- 4. check warns on unfinished guidelines ----

#[test]
fn check_warns_on_template_text_empty_summary_far_dates_and_early_review() {
    let f = base();
    let new = f.run(&[
        "new",
        "Registrer henvisning",
        "--category",
        "Henvisninger",
        "--today",
        "2026-05-01",
    ]);
    new.assert_ok();
    f.write(
        "content/afslutning/fremtid-v1.md",
        "---\ntitle: Fremtid\nversion: 1\ndate: 2062-01-05\nsummary: S.\n---\nTekst.\n",
    );
    f.write(
        "content/afslutning/review-v1.md",
        "---\ntitle: Review\nversion: 1\ndate: 2026-03-01\nreview_by: 2025-03-01\nsummary: S.\n---\nTekst.\n",
    );
    f.write(
        "content/afslutning/afslut-forloeb-v2.md",
        "---\ntitle: Afslut ambulant forløb\nversion: 2\ndate: 2026-02-01\nsupersedes: afslut-forloeb@1\nsummary: S.\nchanges: \"\"\n---\nTekst.\n",
    );
    let (code, lines) = check(&f);
    assert_eq!(code, 0, "{lines:?}");
    let new_file = "content/henvisninger/registrer-henvisning-v1.md";
    has(
        &lines,
        &format!(
            "{new_file}:7:1: warning: `registrer-henvisning` has no summary (hint: write one line after `summary:` saying what the guideline is for; readers see it in lists and in search)"
        ),
    );
    for (line, text) in [
        (
            11,
            "Say in one or two sentences when this guideline applies and who does it.",
        ),
        (15, "The first step."),
        (16, "The next step."),
    ] {
        has(
            &lines,
            &format!(
                "{new_file}:{line}:1: warning: the line “{text}” is still the text of the `redthread new` template (hint: replace it with the guideline's own words, or delete it)"
            ),
        );
    }
    has(
        &lines,
        "content/afslutning/fremtid-v1.md:4:1: warning: the date 2062-01-05 is more than a year from now (hint: check the year: `date` is the day this version takes effect)",
    );
    has(
        &lines,
        "content/afslutning/review-v1.md:5:1: warning: `review_by` 2025-03-01 is before this version's own date 2026-03-01 (hint: set `review_by` to a day after `date`, usually a year or two later)",
    );
    has(
        &lines,
        "content/afslutning/afslut-forloeb-v2.md:7:1: warning: version 2 of `afslut-forloeb` does not say what changed (hint: write one or two sentences after `changes:` for readers)",
    );
}

#[test]
fn categories_that_share_a_long_word_are_not_typos() {
    let f = base()
        .guideline(
            "content/brand/a-v1.md",
            "title: A\nversion: 1\ndate: 2026-01-05\ncategory: Brand Guidelines",
            "T.\n",
        )
        .guideline(
            "content/review/b-v1.md",
            "title: B\nversion: 1\ndate: 2026-01-05\ncategory: Review Guidelines",
            "T.\n",
        )
        .guideline(
            "content/review/c-v1.md",
            "title: C\nversion: 1\ndate: 2026-01-05\ncategory: Review Guidelines",
            "T.\n",
        )
        .guideline(
            "content/ref/d-v1.md",
            "title: D\nversion: 1\ndate: 2026-01-05\ncategory: Referrals",
            "T.\n",
        )
        .guideline(
            "content/ref/e-v1.md",
            "title: E\nversion: 1\ndate: 2026-01-05\ncategory: Referrals",
            "T.\n",
        )
        .guideline(
            "content/ref/f-v1.md",
            "title: F\nversion: 1\ndate: 2026-01-05\ncategory: Referal",
            "T.\n",
        );
    let (_, lines) = check(&f);
    assert!(
        !lines.iter().any(|l| l.contains("Brand Guidelines")),
        "{lines:?}"
    );
    has(
        &lines,
        "content/ref/f-v1.md:5:1: warning: category `Referal` has only this guideline and looks like a typo of `Referrals` (hint: if it belongs with the others, write `category: Referrals`)",
    );
}

// ---- 6. Fixes on the way ----

#[test]
fn plurals_in_the_build_summary() {
    let f = Fixture::new().file("book.toml", "").guideline(
        "content/a/one-v1.md",
        "title: One\nversion: 1\ndate: 2026-01-05",
        "T.\n",
    );
    let run = f.run(&["build"]);
    run.assert_ok();
    assert!(
        run.stdout()
            .starts_with("Built 1 guideline (1 current, 1 revision) in "),
        "{}",
        run.stdout()
    );
    let (code, _) = check(&f);
    assert_eq!(code, 0);
    let run = f.run(&["check"]);
    assert!(run.stderr().contains("No problems found."));
    f.write(
        "content/a/one-v1.md",
        "---\ntitle: One\nversion: x\ndate: 2026-01-05\n---\n",
    );
    assert!(f.run(&["check"]).stderr().contains("1 error, 0 warnings."));
    assert!(
        f.build_fails()
            .contains("Build failed: 1 error. Nothing was written.")
    );
}

#[test]
fn a_huge_data_address_is_cut_in_messages_and_not_called_another_site() {
    let svg = format!(
        "data:image/svg+xml;charset=utf8,%3Csvg%20xmlns=%27http://www.w3.org/2000/svg%27%3E{}%3C/svg%3E",
        "%3Cpath%20d=%27M0%200L1%201%27/%3E".repeat(2000)
    );
    assert!(svg.len() > 60_000);
    let f = base().guideline(
        "content/afslutning/svg-v1.md",
        "title: Svg\nversion: 1\ndate: 2026-01-05",
        &format!("![Logo]({svg})\n\nEfter.\n\n![Fjern](https://cdn.example/x.png)\n"),
    );
    let run = f.run(&["check", "--today", "2026-06-01"]);
    let out = run.stdout();
    assert!(
        out.lines().all(|l| l.chars().count() < 400),
        "a line of {} characters",
        out.lines().map(|l| l.chars().count()).max().unwrap_or(0)
    );
    assert!(
        out.contains("content/afslutning/svg-v1.md:6:1: warning: image is written into the file as a `data:image/svg+xml` address, which pages do not show; it is left out"),
        "{out}"
    );
    assert!(
        !out.contains("svg-v1.md:6:1: warning: image `data"),
        "{out}"
    );
    assert!(
        out.contains(
            "svg-v1.md:10:1: warning: image `https://cdn.example/x.png` is on another site"
        ),
        "{out}"
    );
}

#[test]
fn raw_html_images_get_the_same_warnings_as_markdown_images() {
    let f = base()
        .file("content/afslutning/logo.png", "PNG")
        .guideline(
            "content/afslutning/html-v1.md",
            "title: Html\nversion: 1\ndate: 2026-01-05",
            "<p><img src=\"logo.png\" alt=\"Logo\"></p>\n\n<p><img src=\"mangler.png\"></p>\n\n<p><img src='https://tracker.example/p.gif'></p>\n",
        );
    let (_, lines) = check(&f);
    has(
        &lines,
        "content/afslutning/html-v1.md:8:13: warning: image `content/afslutning/mangler.png` is missing: there is no such file",
    );
    has(
        &lines,
        "content/afslutning/html-v1.md:10:13: warning: image `https://tracker.example/p.gif` is on another site; it is left out so the page makes no request off-site",
    );
    let site = f.build();
    let html = site.read("guidelines/html/index.html");
    assert!(
        html.contains("src=\"../../files/afslutning/logo.png\""),
        "{html}"
    );
    assert!(!html.contains("tracker.example"), "{html}");
}

#[test]
fn a_supersedes_cycle_names_every_file_and_line() {
    let f = Fixture::new()
        .file("book.toml", "")
        .guideline(
            "content/c/a-v1.md",
            "title: A\nversion: 1\ncategory: C\ndate: 2024-01-01\nsupersedes: b",
            "",
        )
        .guideline(
            "content/c/b-v1.md",
            "title: B\nversion: 1\ncategory: C\ndate: 2024-01-01\nsummary: S\nsupersedes:\n  - c",
            "",
        )
        .guideline(
            "content/c/c-v1.md",
            "title: C\nversion: 1\ncategory: C\ndate: 2024-01-01\nsupersedes: a",
            "",
        );
    let stderr = f.build_fails();
    assert!(
        stderr.contains("remove one of these `supersedes` entries: content/c/a-v1.md:6, content/c/b-v1.md:8, content/c/c-v1.md:6"),
        "{stderr}"
    );
}

#[test]
fn new_and_revise_find_the_archive_from_a_sub_folder() {
    let f = base();
    let inside = f.path().join("content/afslutning");
    let run = crate::harness::run_in(
        &inside,
        &["revise", "afslut-forloeb", "--today", "2026-05-01"],
    );
    run.assert_ok();
    // Printed as the author would type it from where she is.
    assert_eq!(run.stdout().trim(), "afslut-forloeb-v2.md");
    assert!(inside.join("afslut-forloeb-v2.md").is_file());
    let run = crate::harness::run_in(&inside, &["new", "Ny", "--category", "Andet"]);
    run.assert_ok();
    assert_eq!(run.stdout().trim(), "../../content/andet/ny-v1.md");
}
