//! A closed archive (issue 19, docs/closed-archive.md): `[access]` in book.toml makes
//! `build` encrypt the whole site. The fixture `tests/fixtures/closed` is written with
//! words found nowhere else, so any of them in the sealed site is a leak.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use assert_cmd::Command;
use redthread::access::{self, OpenError};
use redthread::build::Options;

use crate::harness::Fixture;

const PASSWORD: &str = "purple otter kitchen saturn";
const SECOND: &str = "seven amber lanterns drift";
const ENV: &str = "REDTHREAD_TEST_PASSWORD";

/// `redthread <args>` in `dir` with the password variable set to `password` (or unset).
fn run(dir: &Path, password: Option<&str>, args: &[&str]) -> Run {
    let mut cmd = Command::cargo_bin("redthread").expect("binary");
    cmd.current_dir(dir).args(args).env_remove(ENV);
    if let Some(p) = password {
        cmd.env(ENV, p);
    }
    Run(cmd.output().expect("run redthread"))
}

/// One run of the binary.
struct Run(std::process::Output);

impl Run {
    fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    fn assert_ok(&self) {
        assert_eq!(self.code(), 0, "{}\n{}", self.stdout(), self.stderr());
    }
}

/// The closed fixture, its passwords in a file beside book.toml instead of the environment
/// (library builds run in this process, where setting variables would race other tests).
fn fixture_with_file(passwords: &str) -> Fixture {
    let f = Fixture::copy_of("closed");
    let toml = std::fs::read_to_string(f.path().join("book.toml")).expect("book.toml");
    f.write(
        "book.toml",
        &toml.replace(
            &format!("password_env = \"{ENV}\""),
            "password_file = \"passwords.txt\"",
        ),
    );
    f.write("passwords.txt", passwords);
    f
}

/// Builds `f` closed with `seed`, writes it to `f/site`; returns the open site in memory.
fn build_closed(f: &Fixture, seed: Option<&str>) -> redthread::output::Site {
    let out = f.site_dir();
    let closed = access::build(f.path(), &Options::default(), &out, seed)
        .unwrap_or_else(|d| panic!("closed build failed: {d:?}"));
    redthread::output::write(&closed.site, &out).expect("write");
    closed.built.site
}

/// Every file under `dir`: relative path -> bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside");
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

/// Lower-case words (runs of letters and digits) of `text`.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Every word of the archive at `root`: titles, ids, bodies, categories, tags, file and
/// folder names under content/, the book's title and description.
fn archive_words(root: &Path) -> BTreeSet<String> {
    let mut out = words(&std::fs::read_to_string(root.join("book.toml")).expect("book.toml"));
    for e in walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = e.file_name().to_string_lossy().into_owned();
        out.extend(words(&name));
        out.insert(name.to_lowercase());
        if e.file_type().is_file()
            && let Ok(text) = std::fs::read_to_string(e.path())
        {
            out.extend(words(&text));
            for line in text.lines() {
                if let Some(id) = line.strip_prefix("id: ") {
                    out.insert(id.trim().to_lowercase());
                }
            }
        }
    }
    out
}

#[test]
fn the_sealed_site_holds_no_word_or_name_of_the_archive() {
    // The words any sealed site shows, whatever the archive: those of a sealed build of
    // another archive with other words.
    let other = Fixture::new()
        .file(
            "book.toml",
            "[book]\ntitle = \"Alpha\"\n[access]\npassword_file = \"pw.txt\"\n",
        )
        .file("pw.txt", PASSWORD)
        .guideline(
            "content/a/alpha-v1.md",
            "title: Alpha\nid: alpha\nversion: 1\ndate: 2024-01-01\ncategory: Beta",
            "Gamma.\n",
        );
    build_closed(&other, Some("vocabulary"));
    let mut common = BTreeSet::new();
    for (path, bytes) in files(&other.site_dir()) {
        common.extend(words(&path));
        common.extend(words(&String::from_utf8_lossy(&bytes)));
    }

    let f = fixture_with_file(PASSWORD);
    build_closed(&f, Some("leak test"));
    let site = files(&f.site_dir());
    let archive: BTreeSet<String> = archive_words(f.path())
        .into_iter()
        .filter(|w| w.len() >= 3 && !common.contains(w) && w.parse::<f64>().is_err())
        .collect();
    // The test can fail: the fixture's own words are among those looked for.
    for w in [
        "quillfeather",
        "marmalade",
        "zanzibar",
        "periwinkle",
        "obsidian",
        "quokka",
        "ocelot",
        "xylophone",
        "verdigris",
        "harbourmaster",
        "marmalade-triage",
        "quokka-consent-form.pdf",
        "ocelot-diagram.png",
    ] {
        assert!(archive.contains(w), "{w} is not looked for");
    }
    let mut leaks = Vec::new();
    for (path, bytes) in &site {
        let found = words(&path.to_lowercase());
        let mut found = found;
        found.insert(path.to_lowercase());
        found.extend(words(&String::from_utf8_lossy(bytes)));
        for w in archive.intersection(&found) {
            leaks.push(format!("{path}: {w}"));
        }
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for w in archive.iter().filter(|w| w.contains(['-', '.'])) {
            if text.contains(w.as_str()) || path.contains(w.as_str()) {
                leaks.push(format!("{path}: {w}"));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "archive words in the sealed site:\n{leaks:#?}"
    );

    // Names are opaque, and nothing is outside the known layout.
    let hex = |s: &str| s.len() == 20 && s.bytes().all(|b| b.is_ascii_hexdigit());
    for path in site.keys() {
        let ok = match path.as_str() {
            "index.html" | "404.html" | "keys.js" | "lock.js" | "lock.css" | ".redthread-site" => {
                true
            }
            p => {
                p.strip_suffix(".html").is_some_and(hex)
                    || p.strip_prefix("d/")
                        .and_then(|p| p.strip_suffix(".js"))
                        .is_some_and(hex)
            }
        };
        assert!(ok, "unexpected file {path}");
    }
    // Every page is the same unlock page but for its name and ciphertext, and every data
    // file is nothing but ciphertext.
    let mut shells = BTreeSet::new();
    for (path, bytes) in &site {
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        if let Some(name) = path.strip_suffix(".html") {
            let start = r#"<script id="rt-sealed" type="application/octet-stream">"#;
            let at = text.find(start).expect("sealed payload") + start.len();
            let end = at + text[at..].find("</script>").expect("end");
            assert!(
                text[at..end]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
            );
            shells.insert(
                format!("{}{}", &text[..at], &text[end..])
                    .replace(&format!("data-page=\"{name}\""), "data-page=\"\""),
            );
        } else if let Some(name) = path.strip_prefix("d/").and_then(|p| p.strip_suffix(".js")) {
            let data = text
                .strip_prefix(&format!("redthreadSealed(\"{name}\",\""))
                .and_then(|t| t.strip_suffix("\");\n"))
                .unwrap_or_else(|| panic!("{path} is not a sealed file"));
            assert!(
                data.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
            );
        }
    }
    assert_eq!(
        shells.len(),
        1,
        "unlock pages differ beyond name and ciphertext"
    );
}

#[test]
fn both_passwords_open_every_file_as_built_and_a_wrong_one_nothing() {
    let f = fixture_with_file(&format!("{PASSWORD}\n{SECOND}\n"));
    let open_site = build_closed(&f, None);
    for pw in [PASSWORD, SECOND] {
        let opened = access::open(&f.site_dir(), pw).expect("the password opens the site");
        let paths: BTreeSet<&String> = opened.files.keys().collect();
        let built: BTreeSet<&String> = open_site.files.keys().collect();
        assert_eq!(paths, built, "the map lists every file of the open site");
        for (path, bytes) in &open_site.files {
            assert_eq!(
                opened.read(path).expect("readable"),
                bytes.as_ref(),
                "{path} decrypts to what was built"
            );
        }
        // Attachments, the search index, archive.json and the feed are all in there.
        for p in [
            "files/zanzibar-intake/forms/quokka-consent-form.pdf",
            "archive.json",
            "feed.xml",
            "search-index.js",
        ] {
            assert!(opened.files.contains_key(p), "{p} is sealed");
        }
    }
    for wrong in [
        "purple otter kitchen saturn ",
        "Purple otter kitchen saturn",
        "",
    ] {
        assert_eq!(
            access::open(&f.site_dir(), wrong).unwrap_err(),
            OpenError::WrongPassword
        );
    }
}

#[test]
fn a_changed_cut_or_swapped_file_is_detected() {
    let f = fixture_with_file(PASSWORD);
    build_closed(&f, Some("tamper"));
    let dir = f.site_dir();
    let opened = access::open(&dir, PASSWORD).expect("opens");
    let pristine = files(&dir);
    let mut checked = 0;
    for (path, name) in &opened.files {
        let sealed = opened.sealed_path(path).expect("sealed");
        let original = pristine[&sealed].clone();
        let text = String::from_utf8(original.clone()).expect("UTF-8");
        // The base64 payload: after the last `>` of a page, after `","` of a data file.
        let start = if sealed.ends_with(".html") {
            text.find("octet-stream\">").expect("payload") + 14
        } else {
            text.find("\",\"").expect("payload") + 3
        };
        let end = text[start..].find(['<', '"']).expect("end") + start;
        // One character changed to another valid base64 character: the tag check, not
        // the base64 decoder, must catch it. Every position class: nonce, body, tag.
        for at in [start, start + 20, (start + end) / 2, end - 3] {
            let mut t = original.clone();
            t[at] = if t[at] == b'A' { b'B' } else { b'A' };
            std::fs::write(dir.join(&sealed), &t).expect("write");
            assert_eq!(
                opened.read(path).unwrap_err(),
                OpenError::Damaged(sealed.clone()),
                "{path}: byte {at} changed"
            );
        }
        let mut cut = text.clone();
        cut.replace_range(end - 4..end, "");
        std::fs::write(dir.join(&sealed), cut).expect("write");
        assert!(opened.read(path).is_err(), "{path}: cut short");
        std::fs::write(dir.join(&sealed), &original).expect("restore");
        assert!(opened.read(path).is_ok(), "{path}: restored");
        let _ = name;
        checked += 1;
    }
    assert!(checked > 15, "only {checked} files checked");

    // Another file's ciphertext under this name fails: names are bound to the contents.
    let (a, b) = {
        let mut it = opened
            .files
            .keys()
            .filter(|p| !p.ends_with(".html"))
            .take(2);
        (it.next().unwrap().clone(), it.next().unwrap().clone())
    };
    let (sa, sb) = (
        opened.sealed_path(&a).unwrap(),
        opened.sealed_path(&b).unwrap(),
    );
    let other = String::from_utf8(pristine[&sb].clone()).unwrap();
    let name_a = &opened.files[&a];
    let name_b = &opened.files[&b];
    std::fs::write(dir.join(&sa), other.replace(name_b.as_str(), name_a)).expect("swap");
    assert_eq!(opened.read(&a).unwrap_err(), OpenError::Damaged(sa));

    // keys.js changed: the password no longer opens it (or it is reported damaged).
    let keys = String::from_utf8(pristine["keys.js"].clone()).unwrap();
    let at = keys.find("\"map\":\"").unwrap() + 30;
    let mut t = keys.into_bytes();
    t[at] = if t[at] == b'A' { b'B' } else { b'A' };
    std::fs::write(dir.join("keys.js"), t).expect("write");
    assert!(access::open(&dir, PASSWORD).is_err());
}

#[test]
fn an_unset_or_weak_password_fails_the_build_and_leaves_the_old_site() {
    let f = Fixture::copy_of("closed");
    run(f.path(), Some(PASSWORD), &["build"]).assert_ok();
    let before = files(&f.site_dir());
    assert!(before.contains_key("keys.js"));

    let unset = run(f.path(), None, &["build"]);
    assert_eq!(unset.code(), 1, "{}", unset.stderr());
    let err = unset.stderr();
    assert!(
        err.contains(
            "book.toml:7:1: error: the environment variable REDTHREAD_TEST_PASSWORD is not set"
        ),
        "{err}"
    );
    assert!(err.contains("secret store"), "{err}");
    assert!(err.contains("Nothing was written"), "{err}");
    assert_eq!(files(&f.site_dir()), before, "the old site is untouched");

    for weak in ["password123", "quillfeather harbour"] {
        let r = run(f.path(), Some(weak), &["build"]);
        assert_eq!(r.code(), 1, "{weak} was accepted");
        let err = r.stderr();
        assert!(err.contains("is too weak"), "{weak}: {err}");
        assert!(
            err.contains("offline"),
            "{weak}: the reason is given: {err}"
        );
        assert!(
            !err.contains(weak) && !r.stdout().contains(weak),
            "the password is printed"
        );
        assert_eq!(files(&f.site_dir()), before, "the old site is untouched");
    }
    // One weak password among good ones is refused too.
    let r = run(f.path(), Some(&format!("{PASSWORD}\nletmein")), &["build"]);
    assert!(
        r.stderr().contains("(line 2) is too weak"),
        "{}",
        r.stderr()
    );

    let ok = run(f.path(), Some(PASSWORD), &["build"]);
    ok.assert_ok();
    assert!(
        ok.stdout().contains("encrypted for 1 password"),
        "{}",
        ok.stdout()
    );
    assert!(!ok.stdout().contains(PASSWORD) && !ok.stderr().contains(PASSWORD));
}

#[test]
fn a_password_file_must_be_outside_what_is_published() {
    let f = fixture_with_file(PASSWORD);
    for (file, folder) in [
        ("content/pw.txt", "content"),
        ("static/pw.txt", "static"),
        ("site/pw.txt", "site"),
    ] {
        f.write(file, PASSWORD);
        let toml = std::fs::read_to_string(f.path().join("book.toml")).unwrap();
        let toml = toml
            .lines()
            .map(|l| {
                if l.starts_with("password_file") {
                    format!("password_file = \"{file}\"")
                } else {
                    l.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        f.write("book.toml", &toml);
        let r = run(f.path(), None, &["build"]);
        assert_eq!(r.code(), 1);
        assert!(
            r.stderr().contains(&format!("is inside {folder}")),
            "{}",
            r.stderr()
        );
        assert!(!r.stderr().contains(PASSWORD));
        std::fs::remove_file(f.path().join(file)).unwrap();
    }
    let f = Fixture::copy_of("closed");
    f.write(
        "book.toml",
        "[book]\ntitle = \"x\"\n[access]\npassword_file = \"nowhere.txt\"\n",
    );
    let r = run(f.path(), None, &["build"]);
    assert!(
        r.stderr()
            .contains("cannot read the password file nowhere.txt"),
        "{}",
        r.stderr()
    );
    f.write("book.toml", "[book]\ntitle = \"x\"\n[access]\n");
    let r = run(f.path(), None, &["build"]);
    assert!(
        r.stderr().contains("[access] names no password"),
        "{}",
        r.stderr()
    );
    f.write("book.toml", "[access]\npasword_env = \"X\"\n");
    let r = run(f.path(), None, &["build"]);
    assert!(
        r.stderr().contains("did you mean `password_env`?"),
        "{}",
        r.stderr()
    );
}

#[test]
fn builds_repeat_with_a_seed_and_differ_without_one_while_names_stay() {
    let f = Fixture::copy_of("closed");
    let a = tempfile::tempdir().unwrap();
    let out = |d: &Path, n: &str| d.join(n).to_string_lossy().into_owned();
    let seeded = ["build", "--access-seed", "fixed"];
    for n in ["one", "two"] {
        run(
            f.path(),
            Some(PASSWORD),
            &[&seeded[..], &["-o", &out(a.path(), n)]].concat(),
        )
        .assert_ok();
    }
    for n in ["three", "four"] {
        run(
            f.path(),
            Some(PASSWORD),
            &["build", "-o", &out(a.path(), n)],
        )
        .assert_ok();
    }
    let [one, two, three, four] = ["one", "two", "three", "four"].map(|n| files(&a.path().join(n)));
    assert_eq!(one, two, "same seed, same bytes");
    assert_ne!(
        three["keys.js"], four["keys.js"],
        "fresh salts and key per build"
    );
    assert_ne!(
        three["index.html"], four["index.html"],
        "fresh nonces per build"
    );
    // Names come from the passwords, so readers' bookmarks survive a rebuild...
    let names = |s: &BTreeMap<String, Vec<u8>>| s.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&three), names(&four));
    assert_eq!(names(&one), names(&three));
    // ...and change when a password is added or withdrawn.
    run(
        f.path(),
        Some(&format!("{PASSWORD}\n{SECOND}")),
        &["build", "-o", &out(a.path(), "five")],
    )
    .assert_ok();
    let five = files(&a.path().join("five"));
    assert_ne!(names(&five), names(&three));
}

#[test]
fn serve_and_check_need_no_password() {
    let f = Fixture::copy_of("closed");
    // `serve` builds the open site (the same library build it runs on every save).
    let built = redthread::build::build(f.path(), &Options::default()).expect("open build");
    assert!(
        built
            .site
            .get("guidelines/marmalade-triage/index.html")
            .is_some()
    );
    let r = run(f.path(), None, &["check"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
}
