//! Fixture archives that tests in both targets build on: the hostile archive, the search
//! fixtures, the busy what's-new archive, documents made by real word processors.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{Fixture, Run, Site, repo_root, run_in};

/// Known payloads: script tags, event handlers, `javascript:`/`data:` URLs in links and
/// images, SVG and MathML tricks, style attributes, entity-encoded schemes, broken tags,
/// attribute breakouts and template syntax.
pub const PAYLOADS: &[&str] = &[
    "<script>alert('xss-1')</script>",
    "<img src=x onerror=alert('xss-2')>",
    "<svg onload=alert('xss-3')>",
    "<a href=\"javascript:alert('xss-4')\">click</a>",
    "[md link](javascript:alert('xss-5'))",
    "![md image](javascript:alert('xss-6'))",
    "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLTcnKTwvc2NyaXB0Pg==)",
    "<iframe src=\"javascript:alert('xss-8')\"></iframe>",
    "<div style=\"background:url(javascript:alert('xss-9'))\">styled</div>",
    "[entity link](&#106;avascript:alert('xss-10'))",
    "[tab link](jav&#x09;ascript:alert('xss-11'))",
    "<scr<script>ipt>alert('xss-12')</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-13')>",
    "<details open ontoggle=alert('xss-14')>",
    "\"><script>alert('xss-15')</script>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('xss-16')\">",
    "<object data=\"javascript:alert('xss-17')\"></object>",
    "<form action=\"javascript:alert('xss-18')\"><button>go</button></form>",
    "<base href=\"javascript:alert('xss-19')//\">",
    "[reference link][r20]\n\n[r20]: javascript:alert('xss-20')",
    "<a href=\"JaVaScRiPt:alert('xss-21')\">mixed case</a>",
    "<svg><a xlink:href=\"javascript:alert('xss-22')\"><text>svg link</text></a></svg>",
    "</textarea></title><script>alert('xss-23')</script>",
    "{{ 7*7 }} {% raw %}template{% endraw %}",
    "<javascript:alert('xss-25')>",
    "| a | b |\n|---|---|\n| <img src=\"x\" onerror=\"alert('xss-26')\"> | cell |",
    "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert('xss-27')\">hex entities</a>",
    "<img src=\"x\" alt=\"\\\" onerror=alert('xss-28')\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('xss-29')>\"></noscript>",
    "<style>@import 'javascript:alert(\"xss-30\")';</style>",
    "[vb](vbscript:msgbox('xss-31'))",
    "<a href=\"  javascript:alert('xss-32')\">leading space</a>",
    "<input autofocus onfocus=alert('xss-33')>",
    "<video><source onerror=alert('xss-34')></video>",
    "<!--><img src=x onerror=alert('xss-35')>-->",
];

/// An archive with every payload in a guideline's title, category, summary, tags, changes
/// and body, in a first revision and a changed second one (so diff pages carry them too).
pub fn hostile_archive() -> Fixture {
    let mut f = Fixture::new().file(
        "book.toml",
        "[book]\ntitle = \"Hostile <script>alert('xss-book')</script>\"\n",
    );
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let q = |s: &str| serde_json::to_string(s).expect("json string");
        let category = if i % 5 == 0 {
            format!("XSS {payload}")
        } else {
            "Hostile input".to_owned()
        };
        for v in 1..=2 {
            let supersedes = if v == 2 {
                format!("supersedes: p{i}@1\n")
            } else {
                String::new()
            };
            let front = format!(
                "title: {}\nid: p{i}\nversion: {v}\ncategory: {}\ndate: 2024-0{v}-1{}\nsummary: {}\nchanges: {}\ntags: [{}, plain]\n{supersedes}",
                q(&format!("Payload {i} v{v} {payload}")),
                q(&category),
                i % 10,
                q(payload),
                q(&format!("Changed {payload}")),
                q(payload),
            );
            let body = format!(
                "# Heading {payload}\n\nIntro for revision {v}: {payload}\n\n{payload}\n\n- step {v} {payload}\n- another step\n\n> [!WARNING]\n> {payload}\n"
            );
            f = f.guideline(&format!("content/hostile/p{i}-v{v}.md"), &front, &body);
        }
    }
    f
}

/// An archive of `n` guidelines that all mention "checklist", in four categories, some with
/// a superseded first revision and one withdrawn, with `[search] split` as given.
pub fn many_guidelines(n: usize, split: &str) -> Fixture {
    let topics = [
        "ward round",
        "discharge letter",
        "outpatient booking",
        "referral triage",
    ];
    let mut f = Fixture::new().file(
        "book.toml",
        &format!("[book]\ntitle = \"Many\"\n[search]\nsplit = \"{split}\"\n"),
    );
    for i in 0..n {
        let topic = topics[i % topics.len()];
        let cat = ["Wards", "Letters", "Booking", "Referrals"][i % 4];
        let id = format!("task-{i:03}");
        let body = format!(
            "Use the {topic} checklist for task {i}. Step {i}: note the {topic} in the record.\n\n\
             1. Open the checklist.\n2. Tick item {}.\n",
            i * 7 % 13
        );
        if i % 5 == 0 {
            f = f.guideline(
                &format!("content/{cat}/{id}-v1.md"),
                &format!("title: Task {i} {topic}\nversion: 1\ncategory: {cat}\ndate: 2024-01-01"),
                &format!("Old: the {topic} checklist, first edition.\n"),
            );
            f = f.guideline(
                &format!("content/{cat}/{id}-v2.md"),
                &format!(
                    "title: Task {i} {topic}\nversion: 2\ncategory: {cat}\ndate: 2025-01-01\nsupersedes: {id}@1"
                ),
                &body,
            );
        } else {
            let status = if i == 7 { "\nstatus: withdrawn" } else { "" };
            f = f.guideline(
                &format!("content/{cat}/{id}-v1.md"),
                &format!("title: Task {i} {topic}\nversion: 1\ncategory: {cat}\ndate: 2025-02-01{status}\nsummary: Fax the {topic} form"),
                &body,
            );
        }
    }
    f
}

/// `[search] synonyms` for the English fixture, as the example.
pub const SYNONYMS: &str =
    "synonyms = [[\"in basket\", \"indbakke\", \"inbox\"], [\"LPR\", \"Landspatientregistret\"]]\n";

/// The fixture `name` with `[search]` settings `extra` added to its book.toml.
pub fn fixture_with(name: &str, extra: &str) -> Fixture {
    let f = Fixture::copy_of(name);
    let book = std::fs::read_to_string(f.path().join("book.toml")).unwrap();
    assert!(!book.contains("[search]"));
    f.write("book.toml", &format!("{book}\n[search]\n{extra}"));
    f
}

/// The English, Danish and Swedish fixtures, each as one file and split (in that order).
pub fn forgiving_sites() -> Vec<(Site, Fixture)> {
    let mut out = Vec::new();
    for (name, extra) in [
        ("search-en", SYNONYMS),
        ("search-da", ""),
        ("search-sv", ""),
    ] {
        for split in ["never", "always"] {
            let f = fixture_with(name, &format!("{extra}split = \"{split}\"\n"));
            out.push((f.build(), f));
        }
    }
    out
}

/// An archive with `n` single-revision guidelines, every third day from 1 January 2024,
/// in two categories, plus one guideline revised in 2023 and one replaced in 2023.
pub fn many_changes(n: usize) -> Fixture {
    let mut f = Fixture::new().file("book.toml", "[book]\ntitle = \"Busy archive\"\n");
    let start = jiff::civil::date(2024, 1, 1);
    for i in 0..n {
        let date = start
            .checked_add(jiff::Span::new().days(3 * i as i64))
            .expect("date");
        let cat = if i % 2 == 0 { "Alpha" } else { "Beta" };
        f = f.guideline(
            &format!("content/{}/g{i:03}-v1.md", cat.to_lowercase()),
            &format!("title: Guide {i:03}\nversion: 1\ncategory: {cat}\ndate: {date}"),
            "Text.\n",
        );
    }
    f.guideline(
        "content/gamma/revised-v1.md",
        "title: Revised guide\nversion: 1\ncategory: Gamma\ndate: 2023-03-01",
        "Text.\n",
    )
    .guideline(
        "content/gamma/revised-v2.md",
        "title: Revised guide\nversion: 2\ncategory: Gamma\ndate: 2023-04-01\nchanges: More text.",
        "Text, more.\n",
    )
    .guideline(
        "content/gamma/before-v1.md",
        "title: Before guide\nversion: 1\ncategory: Gamma\ndate: 2023-02-01",
        "Old.\n",
    )
    .guideline(
        "content/gamma/after-v1.md",
        "title: After guide\nversion: 1\ncategory: Gamma\ndate: 2023-05-01\nsupersedes: before\nchanges: Renamed.",
        "New.\n",
    )
}

/// The many-changes archive with 130 guidelines (134 changes), built.
pub fn busy() -> (Fixture, Site) {
    let f = many_changes(130);
    let site = f.build();
    (f, site)
}

/// Runs make_docs.py once per test run; `kind` is `cases` or `sample`.
pub fn make_docs(kind: &str, out: &Path) {
    let python = std::env::var("REDTHREAD_PYTHON").unwrap_or_else(|_| "python3".into());
    let output = Command::new(&python)
        .arg(repo_root().join("tests/import/make_docs.py"))
        .arg(kind)
        .arg(out)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}; run scripts/test, which installs python3, python-docx and LibreOffice"));
    assert!(
        output.status.success(),
        "make_docs.py {kind} failed (scripts/test installs libreoffice-writer, python3-uno and python-docx)\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The day the import tests build on.
pub const IMPORT_TODAY: &str = "2026-12-02";

/// Imports `source` into a new archive folder `work/archive`; returns the archive path and
/// the run.
pub fn import(work: &Path, source: &Path, extra: &[&str]) -> (PathBuf, Run) {
    let archive = work.join("archive");
    let mut args = vec![
        "import",
        source.to_str().expect("UTF-8"),
        archive.to_str().expect("UTF-8"),
        "--today",
        IMPORT_TODAY,
    ];
    args.extend_from_slice(extra);
    let run = run_in(work, &args);
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    (archive, run)
}
