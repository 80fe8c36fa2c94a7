//! The browser editor of `redthread serve` (issue 17): every refusal says why and writes
//! nothing; a save writes exactly what `redthread new`/`revise` would, plus the author's
//! text, and the site is rebuilt with it before the answer comes.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::Fixture;
use crate::serving::{Reply, Server, get};

const TODAY: &str = "2026-03-04";

/// Sends one request exactly as given; `Host` and `Origin` are this server's unless
/// `headers` names them (an empty value leaves the header out).
fn send(port: u16, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(90))).unwrap();
    let own = format!("127.0.0.1:{port}");
    let origin = format!("http://{own}");
    let mut head = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
    for (name, default) in [("host", own.as_str()), ("origin", origin.as_str())] {
        let value = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map_or(default, |(_, v)| v);
        if !value.is_empty() {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    for (n, v) in headers {
        if !["host", "origin"].contains(&n.to_ascii_lowercase().as_str()) {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
    }
    head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    s.write_all(head.as_bytes()).unwrap();
    // The server may answer (too large) before it has read everything.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    Reply::parse(&raw)
}

fn json_of(r: &Reply) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {} {}", r.status, r.body))
}

/// A hidden field's value in the editor's page.
fn hidden(page: &str, name: &str) -> String {
    let at = format!("name=\"{name}\" value=\"");
    let rest = page
        .split(&at)
        .nth(1)
        .unwrap_or_else(|| panic!("no {name} in {page}"));
    rest.split('"').next().unwrap().to_owned()
}

/// Every file under the archive's `content/`, with its bytes.
fn content(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

pub(crate) struct Editing {
    f: Fixture,
    pub(crate) server: Server,
    token: String,
}

impl Editing {
    pub(crate) fn start() -> Editing {
        let f = Fixture::copy_of("editor");
        let server = Server::start(f.path(), &[]);
        let page = get(server.port, "/__redthread/editor/new");
        assert_eq!(page.status, 200, "{}", page.body);
        let token = hidden(&page.body, "token");
        assert_eq!(token.len(), 64, "{token}");
        Editing { f, server, token }
    }

    pub(crate) fn post(&self, path: &str, body: &[u8], extra: &[(&str, &str)]) -> Reply {
        let mut headers = vec![("x-redthread-token", self.token.as_str())];
        headers.extend_from_slice(extra);
        send(
            self.server.port,
            "POST",
            &format!("/__redthread/editor/{path}"),
            &headers,
            body,
        )
    }

    fn revise_form(&self, id: &str) -> Value {
        let page = get(
            self.server.port,
            &format!("/__redthread/editor/revise?id={id}"),
        );
        assert_eq!(page.status, 200, "{}", page.body);
        json!({
            "mode": "revise",
            "id": id,
            "base": hidden(&page.body, "base"),
            "base_hash": hidden(&page.body, "base_hash"),
            "title": "Alpha",
            "category": "Ward",
            "summary": "The first.",
            "changes": "Step one now says more.",
            "date": TODAY,
            "status": "active",
            "body": "## Steps\n\n1. New alpha text.\n",
        })
    }
}

fn new_form(title: &str) -> Value {
    json!({
        "mode": "new",
        "title": title,
        "category": "Ward",
        "summary": "",
        "changes": "",
        "date": TODAY,
        "status": "active",
        "body": "Gamma text.\n",
    })
}

fn assert_refused(r: &Reply, status: u16, key: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    let j = json_of(r);
    assert_eq!(j["refused"], key, "{j}");
    assert!(
        j["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("Refused")),
        "{j}"
    );
}

#[test]
fn editor_refuses_other_origins_missing_or_wrong_tokens_and_other_hosts() {
    let e = Editing::start();
    let before = content(e.f.path());
    let form = serde_json::to_vec(&new_form("Gamma")).unwrap();
    let port = e.server.port;
    let save =
        |headers: &[(&str, &str)]| send(port, "POST", "/__redthread/editor/save", headers, &form);
    let token = e.token.as_str();
    assert_refused(
        &save(&[
            ("x-redthread-token", token),
            ("origin", "http://evil.example"),
        ]),
        403,
        "ed_refused_origin",
    );
    assert_refused(
        &save(&[("x-redthread-token", token), ("origin", "")]),
        403,
        "ed_refused_origin",
    );
    assert_refused(
        &save(&[
            ("x-redthread-token", token),
            ("sec-fetch-site", "cross-site"),
        ]),
        403,
        "ed_refused_origin",
    );
    assert_refused(&save(&[]), 403, "ed_refused_token");
    let wrong = "0".repeat(64);
    assert_refused(
        &save(&[("x-redthread-token", &wrong)]),
        403,
        "ed_refused_token",
    );
    // DNS rebinding: a page at evil.example whose name now points here.
    assert_refused(
        &save(&[
            ("x-redthread-token", token),
            ("host", "evil.example"),
            ("origin", "http://evil.example"),
        ]),
        403,
        "ed_refused_host",
    );
    let form_page = send(
        port,
        "GET",
        "/__redthread/editor/new",
        &[("host", "evil.example:4000")],
        b"",
    );
    assert_eq!(form_page.status, 403);
    assert!(!form_page.body.contains(token));
    // Pages of the site still answer only reads.
    assert_eq!(send(port, "POST", "/index.html", &[], b"x").status, 405);
    assert_eq!(content(e.f.path()), before, "nothing written");
}

#[test]
fn editor_refuses_paths_outside_content_and_files_that_are_no_pictures() {
    let e = Editing::start();
    let before = content(e.f.path());
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    for (target, name) in [
        ("content/ward/alpha-v2.md", "..%2F..%2Fbook.png"),
        ("content/ward/alpha-v2.md", "%2Fetc%2Fx.png"),
        ("content/ward/alpha-v2.md", "a%5Cb.png"),
        ("content/ward/alpha-v2.md", "a%00b.png"),
        ("..%2Fbook.toml", "a.png"),
        ("%2Ftmp%2Fx.md", "a.png"),
        ("content%5Cward%5Cx.md", "a.png"),
        ("content%2Fward%2Fx%00.md", "a.png"),
    ] {
        let r = e.post(&format!("upload?for={target}&name={name}"), png, &[]);
        assert_refused(&r, 400, "ed_refused_path");
    }
    let r = e.post(
        "upload?for=content/ward/alpha-v2.md&name=x.png",
        b"<svg onload=alert(1)>",
        &[],
    );
    assert_refused(&r, 415, "ed_refused_image");
    // A folder under content/ that is a link to somewhere else: refused before anything is
    // made there.
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), e.f.path().join("content/evil")).unwrap();
        let r = e.post("upload?for=content/evil/deep/x-v1.md&name=a.png", png, &[]);
        assert_refused(&r, 400, "ed_refused_path");
        assert_eq!(
            std::fs::read_dir(outside.path()).unwrap().count(),
            0,
            "nothing made outside the archive"
        );
        std::fs::remove_file(e.f.path().join("content/evil")).unwrap();
    }
    // A revision form whose file is not under content/.
    let mut form = e.revise_form("alpha");
    form["base"] = json!("../book.toml");
    let r = e.post("save", &serde_json::to_vec(&form).unwrap(), &[]);
    assert_refused(&r, 400, "ed_refused_path");
    assert_eq!(content(e.f.path()), before, "nothing written");

    // A picture is saved beside the revision, named from its own name, typed by its bytes.
    let r = e.post(
        "upload?for=content/ward/alpha-v2.md&name=My%20Photo.jpeg",
        png,
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(json_of(&r)["markdown"], "![](images/my-photo.png)");
    assert_eq!(
        std::fs::read(e.f.path().join("content/ward/images/my-photo.png")).unwrap(),
        png
    );
}

#[test]
fn editor_refuses_an_id_that_is_taken_and_a_stale_form() {
    let e = Editing::start();
    let before = content(e.f.path());
    let r = e.post(
        "save",
        &serde_json::to_vec(&new_form("Alpha")).unwrap(),
        &[],
    );
    assert_eq!(r.status, 422, "{}", r.body);
    let j = json_of(&r);
    let problem = &j["problems"][0];
    assert_eq!(problem["field"], "title", "{j}");
    assert!(
        problem["text"]
            .as_str()
            .unwrap()
            .contains("content/ward/alpha-v1.md"),
        "{j}"
    );
    assert_eq!(content(e.f.path()), before, "nothing written");

    // The form was opened, then someone changed the file it was made from.
    let form = e.revise_form("alpha");
    let theirs = std::fs::read_to_string(e.f.path().join("content/ward/alpha-v1.md"))
        .unwrap()
        .replace("Original alpha text.", "Someone else's text.");
    e.f.write("content/ward/alpha-v1.md", &theirs);
    let r = e.post("save", &serde_json::to_vec(&form).unwrap(), &[]);
    assert_eq!(r.status, 409, "{}", r.body);
    let j = json_of(&r);
    assert_eq!(j["conflict"]["theirs"], theirs.as_str(), "{j}");
    assert!(
        j["conflict"]["yours"]
            .as_str()
            .unwrap()
            .contains("New alpha text."),
        "{j}"
    );
    assert!(j["error"].as_str().unwrap().contains("Nothing was saved"));
    assert!(!e.f.path().join("content/ward/alpha-v2.md").exists());

    // A newer revision saved meanwhile (from another tab) is a conflict too.
    let form = e.revise_form("alpha");
    let r = e.post("save", &serde_json::to_vec(&form).unwrap(), &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    let r = e.post("save", &serde_json::to_vec(&form).unwrap(), &[]);
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(!e.f.path().join("content/ward/alpha-v3.md").exists());
}

#[test]
fn editor_refuses_oversized_bodies_and_uploads() {
    let e = Editing::start();
    let before = content(e.f.path());
    let mut form = new_form("Huge");
    form["body"] = json!("x".repeat(2 * 1024 * 1024));
    let r = e.post("save", &serde_json::to_vec(&form).unwrap(), &[]);
    assert_refused(&r, 413, "ed_refused_size");
    let r = e.post("paste", &vec![b'a'; 2 * 1024 * 1024 + 1], &[]);
    assert_refused(&r, 413, "ed_refused_size");
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(10 * 1024 * 1024 + 1, 0);
    let r = e.post(
        "upload?for=content/ward/alpha-v2.md&name=big.png",
        &big,
        &[],
    );
    assert_refused(&r, 413, "ed_refused_size");
    assert_eq!(content(e.f.path()), before, "nothing written");
}

#[test]
fn editor_is_off_on_a_network_address_unless_asked_for() {
    let f = Fixture::copy_of("editor");
    let server = Server::start(f.path(), &["--bind", "0.0.0.0"]);
    let log = server.log_with("Editor:");
    assert!(
        log.contains("Editor: off") && log.contains("--editor-on-network"),
        "{log}"
    );
    let host = [("host", "192.0.2.1:4000")];
    let page = send(server.port, "GET", "/__redthread/editor/new", &host, b"");
    assert_eq!(page.status, 404, "{}", page.body);
    let home = send(server.port, "GET", "/", &host, b"");
    assert_eq!(home.status, 200);
    assert!(!home.body.contains("/__redthread/editor/"), "{}", home.body);
    let r = send(
        server.port,
        "POST",
        "/__redthread/editor/save",
        &[
            ("host", "192.0.2.1:4000"),
            ("origin", "http://192.0.2.1:4000"),
        ],
        &serde_json::to_vec(&new_form("Gamma")).unwrap(),
    );
    assert_eq!(r.status, 404, "{}", r.body);
    drop(server);

    let server = Server::start(f.path(), &["--bind", "0.0.0.0", "--editor-on-network"]);
    let log = server.log_with("Editor:");
    assert!(log.contains("Editor: ON for everyone"), "{log}");
    let page = send(server.port, "GET", "/__redthread/editor/new", &host, b"");
    assert_eq!(page.status, 200, "{}", page.body);
    // By a name, the editor could be a rebound name of another site: refused.
    let page = send(
        server.port,
        "GET",
        "/__redthread/editor/new",
        &[("host", "evil.example:4000")],
        b"",
    );
    assert_refused(&page, 403, "ed_refused_host_name");
    let token = hidden(
        &send(server.port, "GET", "/__redthread/editor/new", &host, b"").body,
        "token",
    );
    let r = send(
        server.port,
        "POST",
        "/__redthread/editor/save",
        &[
            ("host", "evil.example:4000"),
            ("origin", "http://evil.example:4000"),
            ("x-redthread-token", &token),
        ],
        &serde_json::to_vec(&new_form("Gamma")).unwrap(),
    );
    assert_refused(&r, 403, "ed_refused_host_name");
    assert!(!f.path().join("content/ward/gamma-v1.md").exists());
}

/// `redthread <args>` in a second copy of the fixture, and the file it wrote.
fn cli_twin(args: &[&str], rel: &str) -> String {
    let twin = Fixture::copy_of("editor");
    twin.run(args).assert_ok();
    std::fs::read_to_string(twin.path().join(rel)).unwrap()
}

/// The text up to and including the front-matter's closing `---` line.
fn front(text: &str) -> &str {
    let end = text.find("\n---\n").expect("front-matter") + 5;
    &text[..end]
}

#[test]
fn editor_saves_a_new_guideline_as_new_writes_it_and_the_site_rebuilds() {
    let e = Editing::start();
    let r = e.post(
        "save",
        &serde_json::to_vec(&new_form("Gamma rays")).unwrap(),
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let j = json_of(&r);
    assert_eq!(j["url"], "/guidelines/gamma-rays/", "{j}");
    let rel = "content/ward/gamma-rays-v1.md";
    let cli = cli_twin(
        &["new", "Gamma rays", "--category", "Ward", "--today", TODAY],
        rel,
    );
    let expected = format!("{}\nGamma text.\n", front(&cli));
    assert_eq!(
        std::fs::read_to_string(e.f.path().join(rel)).unwrap(),
        expected
    );
    // The answer came after the rebuild: the page is there.
    let page = get(e.server.port, "/guidelines/gamma-rays/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Gamma text."), "{}", page.body);
    // `check`'s warnings for the saved file come back placed on their line (here: a line
    // of the template `new` starts the text with, left in).
    let mut template = new_form("Delta");
    template["body"] = json!("Intro.\n\n1. The first step.\n");
    // Shown while writing already: the preview has it on its line.
    let j = json_of(&e.post("preview", &serde_json::to_vec(&template).unwrap(), &[]));
    assert!(
        j["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["field"] == "body" && p["line"] == 3 && p["severity"] == "warning"),
        "{j}"
    );
    let r = e.post("save", &serde_json::to_vec(&template).unwrap(), &[]);
    let j = json_of(&r);
    assert_eq!(r.status, 200, "{j}");
    let warning = &j["problems"][0];
    assert_eq!(
        (&warning["field"], &warning["line"], &warning["severity"]),
        (&json!("body"), &json!(3), &json!("warning")),
        "{j}"
    );
    // Home and category pages offer a new guideline; the category one preselects it.
    let home = get(e.server.port, "/");
    assert!(
        home.body.contains("data-href=\"/__redthread/editor/new\""),
        "{}",
        home.body
    );
    let category = get(e.server.port, "/categories/ward.html");
    assert!(
        category
            .body
            .contains("/__redthread/editor/new?category=Ward"),
        "{}",
        category.body
    );
}

#[test]
fn editor_saves_a_revision_as_revise_writes_it_with_preview_and_redline() {
    let e = Editing::start();
    let guideline = get(e.server.port, "/guidelines/alpha/");
    assert!(
        guideline
            .body
            .contains("data-href=\"/__redthread/editor/revise?id=alpha\""),
        "{}",
        guideline.body
    );
    let form = e.revise_form("alpha");
    // The preview: planned file, sanitized HTML, the redline, problems on their lines.
    let mut trial = form.clone();
    trial["body"] = json!(
        "## Steps\n\n1. New alpha text.\n\n<script>alert(1)</script>\n\nSee [x](guideline:nope).\n"
    );
    let r = e.post("preview", &serde_json::to_vec(&trial).unwrap(), &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    let j = json_of(&r);
    assert_eq!(j["plan"]["file"], "content/ward/alpha-v2.md", "{j}");
    assert_eq!(j["plan"]["version"], "2");
    assert_eq!(j["plan"]["supersedes"], "alpha@1");
    let html = j["html"].as_str().unwrap();
    assert!(
        html.contains("New alpha text.") && !html.contains("<script"),
        "{html}"
    );
    let redline = j["redline"].as_str().unwrap();
    assert!(
        redline.contains("<ins>New</ins>") || redline.contains("New"),
        "{redline}"
    );
    assert!(redline.contains("Original"), "{redline}");
    let link = j["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["field"] == "body")
        .unwrap_or_else(|| panic!("{j}"));
    assert_eq!(link["line"], 7, "{j}");
    // A later date schedules the revision, and the form says what stays in force.
    let mut later = form.clone();
    later["date"] = json!("2099-01-15");
    let j = json_of(&e.post("preview", &serde_json::to_vec(&later).unwrap(), &[]));
    assert_eq!(
        j["plan"]["scheduled"],
        "It takes effect on 15 January 2099; until then version 1 stays in force.",
        "{j}"
    );
    assert_eq!(
        json_of(&e.post("preview", &serde_json::to_vec(&form).unwrap(), &[]))["plan"]["scheduled"],
        ""
    );
    // An empty title is said once, on its field (not again as a missing front-matter key).
    let mut untitled = form.clone();
    untitled["title"] = json!(" ");
    let j = json_of(&e.post("preview", &serde_json::to_vec(&untitled).unwrap(), &[]));
    let about_title: Vec<&Value> = j["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["text"].as_str().unwrap().to_lowercase().contains("title"))
        .collect();
    assert_eq!(about_title.len(), 1, "{j}");
    assert_eq!(about_title[0]["field"], "title", "{j}");
    // "What changed" is required for a revision; the problem sits on that field.
    let mut bare = form.clone();
    bare["changes"] = json!("");
    let r = e.post("save", &serde_json::to_vec(&bare).unwrap(), &[]);
    assert_eq!(r.status, 422);
    assert_eq!(json_of(&r)["problems"][0]["field"], "changes");
    // Paste from Word or a web page comes back as Markdown.
    let r = e.post(
        "paste",
        b"<p>Open <b>Course</b></p><ol><li>One</li></ol>",
        &[("content-type", "text/html")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let md = json_of(&r)["markdown"].as_str().unwrap().to_owned();
    assert!(md.contains("**Course**") && md.contains("1. One"), "{md}");

    let r = e.post("save", &serde_json::to_vec(&form).unwrap(), &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    let rel = "content/ward/alpha-v2.md";
    let cli = cli_twin(&["revise", "alpha", "--today", TODAY], rel);
    let expected = format!(
        "{}\n## Steps\n\n1. New alpha text.\n",
        front(&cli).replace("changes: \"\"\n", "changes: Step one now says more.\n")
    );
    assert_eq!(
        std::fs::read_to_string(e.f.path().join(rel)).unwrap(),
        expected
    );
    let page = get(e.server.port, "/guidelines/alpha/");
    assert!(page.body.contains("New alpha text."), "{}", page.body);
    // Not one byte of the editor in a built site.
    let run = e.f.run(&["build"]);
    run.assert_ok();
    for entry in walkdir::WalkDir::new(e.f.site_dir())
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__redthread"),
                "{}",
                entry.path().display()
            );
        }
    }
}

/// "Editorial fix only" writes what `revise --minor` writes, marked `editorial: true` (so
/// readers are not told the guideline changed).
#[test]
fn an_editorial_fix_is_a_minor_version_marked_editorial() {
    let e = Editing::start();
    let mut form = e.revise_form("alpha");
    form["minor"] = json!(true);
    form["changes"] = json!("Typo.");
    form["body"] = json!("Original alpha text, spelled right.\n");
    let j = json_of(&e.post("preview", &serde_json::to_vec(&form).unwrap(), &[]));
    assert_eq!(j["plan"]["version"], "1.1", "{j}");
    let r = e.post("save", &serde_json::to_vec(&form).unwrap(), &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    let rel = "content/ward/alpha-v1.1.md";
    let cli = cli_twin(&["revise", "alpha", "--minor", "--today", TODAY], rel);
    let expected = format!(
        "{}\nOriginal alpha text, spelled right.\n",
        front(&cli)
            .replace("changes: \"\"\n", "changes: Typo.\n")
            .replace("\n---\n", "\neditorial: true\n---\n")
    );
    assert_eq!(
        std::fs::read_to_string(e.f.path().join(rel)).unwrap(),
        expected
    );
    let manifest = e.f.build().manifest();
    let alpha = manifest["guidelines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "alpha")
        .unwrap();
    let fix = alpha["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["version"] == "1.1")
        .unwrap_or_else(|| panic!("{alpha}"));
    assert_eq!(fix["editorial"], true, "{fix}");
}

/// The author's text goes into the form as written, also where it looks like the form's
/// own placeholders.
#[test]
fn the_form_shows_text_with_braces_as_written() {
    let f = Fixture::copy_of("editor").file(
        "content/ward/dose-v1.md",
        "---\ntitle: Dose per {name} kg\nversion: 1\ndate: 2024-01-01\nsummary: \"{described} and {id}\"\n---\nText.\n",
    );
    let server = Server::start(f.path(), &[]);
    let page = get(server.port, "/__redthread/editor/revise?id=dose");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("value=\"Dose per {name} kg\""),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("value=\"{described} and {id}\""),
        "{}",
        page.body
    );
}

/// A draft marked editorial shows the mark in its edit form, and the author decides: the
/// mark is never kept unseen (an editorial revision is left out of the news).
#[test]
fn an_edited_draft_shows_and_sets_its_editorial_mark() {
    let e = Editing::start();
    e.f.write(
        "content/ward/beta-v2.md",
        &BETA_DRAFT.replace("tags: [x]\n", "tags: [x]\neditorial: true\n"),
    );
    let page = get(e.server.port, "/__redthread/editor/edit?id=beta");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains("id=\"rt-minor\" name=\"minor\" type=\"checkbox\" aria-describedby=\"rt-minor-hint rt-minor-error\" checked"),
        "{}",
        page.body
    );
    let mut form = json!({
        "mode": "edit",
        "id": "beta",
        "base": hidden(&page.body, "base"),
        "base_hash": hidden(&page.body, "base_hash"),
        "title": "Beta",
        "category": "Ward",
        "summary": "The second.",
        "changes": "Now a real change.",
        "date": "2024-02-01",
        "status": "draft",
        "minor": false,
        "body": "Different rules now.\n",
    });
    let r = e.post("save", &serde_json::to_vec(&form).unwrap(), &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    let text = std::fs::read_to_string(e.f.path().join("content/ward/beta-v2.md")).unwrap();
    assert!(!text.contains("editorial"), "{text}");
    // And set again when the author ticks it.
    let page = get(e.server.port, "/__redthread/editor/edit?id=beta");
    form["base_hash"] = json!(hidden(&page.body, "base_hash"));
    form["minor"] = json!(true);
    let r = e.post("save", &serde_json::to_vec(&form).unwrap(), &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    let text = std::fs::read_to_string(e.f.path().join("content/ward/beta-v2.md")).unwrap();
    assert!(text.contains("\neditorial: true\n"), "{text}");
}

/// A guideline in a folder named in the archive's own language is revised beside it.
#[test]
fn a_revision_goes_into_a_folder_with_danish_letters_and_spaces() {
    let e = Editing::start();
    e.f.write(
        "content/Prøver og svar/urin-v1.md",
        "---\ntitle: Urin\nversion: 1\ndate: 2024-01-01\nsummary: Prøven.\n---\nTag prøven.\n",
    );
    let mut form = e.revise_form("urin");
    form["changes"] = json!("Nyt trin.");
    form["body"] = json!("Tag prøven. Send den.\n");
    let r = e.post("save", &serde_json::to_vec(&form).unwrap(), &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    let text =
        std::fs::read_to_string(e.f.path().join("content/Prøver og svar/urin-v2.md")).unwrap();
    assert!(text.ends_with("\nTag prøven. Send den.\n"), "{text}");
}

const BETA_DRAFT: &str = "---\ntitle: Beta\nid: beta\nversion: 2\ncategory: Ward\ndate: 2024-02-01\nsupersedes: beta@1\nstatus: draft\nsummary: The second.\nchanges: Work in progress.\ntags: [x]\n---\n\nDraft text.\n";

#[test]
fn editor_edits_a_draft_in_place_and_nothing_published() {
    let e = Editing::start();
    e.f.write("content/ward/beta-v2.md", BETA_DRAFT);
    // "New revision" of a guideline whose latest revision is a draft leads to that draft.
    let page = get(e.server.port, "/__redthread/editor/revise?id=beta");
    assert!(
        page.body
            .contains("id=\"rt-edit-draft\" href=\"/__redthread/editor/edit?id=beta\""),
        "{}",
        page.body
    );
    let page = get(e.server.port, "/__redthread/editor/edit?id=alpha");
    assert!(page.body.contains("id=\"rt-refused\""), "{}", page.body);
    assert!(page.body.contains("is published"), "{}", page.body);

    let page = get(e.server.port, "/__redthread/editor/edit?id=beta");
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(hidden(&page.body, "base"), "content/ward/beta-v2.md");
    let form = json!({
        "mode": "edit",
        "id": "beta",
        "base": hidden(&page.body, "base"),
        "base_hash": hidden(&page.body, "base_hash"),
        "title": "Beta",
        "category": "Ward",
        "summary": "The second.",
        "changes": "Ready.",
        "date": "2024-02-01",
        "status": "draft",
        "body": "Better draft text.\n",
    });
    let r = e.post("preview", &serde_json::to_vec(&form).unwrap(), &[]);
    let j = json_of(&r);
    assert_eq!(j["plan"]["version"], "2", "{j}");
    assert_eq!(j["plan"]["supersedes"], "beta@1", "{j}");
    assert!(
        j["redline"].as_str().unwrap().contains("Beta links to"),
        "{j}"
    );
    let r = e.post("save", &serde_json::to_vec(&form).unwrap(), &[]);
    assert_eq!(r.status, 200, "{}", r.body);
    let expected = BETA_DRAFT
        .replace("Work in progress.", "Ready.")
        .replace("Draft text.", "Better draft text.");
    let path = e.f.path().join("content/ward/beta-v2.md");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);

    // The same form again: the draft is not what it was made from any more.
    let r = e.post("save", &serde_json::to_vec(&form).unwrap(), &[]);
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
    // A published revision is never changed in place, whatever the form says.
    let before = content(e.f.path());
    let mut published = form.clone();
    published["id"] = json!("alpha");
    published["base"] = json!("content/ward/alpha-v1.md");
    let r = e.post("save", &serde_json::to_vec(&published).unwrap(), &[]);
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(json_of(&r)["problems"][0]["field"], "form");
    assert_eq!(content(e.f.path()), before);
}

#[test]
fn editor_speaks_the_archive_language() {
    let f = Fixture::copy_of("editor");
    f.write(
        "book.toml",
        "[book]\ntitle = \"Redigering\"\nlanguage = \"da\"\n",
    );
    let server = Server::start(f.path(), &[]);
    assert!(
        server
            .log_with("Redigering:")
            .contains("Redigering: slået til"),
        "{}",
        server.log()
    );
    let page = get(server.port, "/__redthread/editor/new?category=Ward");
    assert!(page.body.contains("<html lang=\"da\">"), "{}", page.body);
    for words in [
        "<label for=\"rt-title\">Titel</label>",
        "Gem vejledningen",
        "value=\"Ward\"",
    ] {
        assert!(page.body.contains(words), "{words}: {}", page.body);
    }
    let home = get(server.port, "/");
    assert!(
        home.body.contains("data-label=\"Ny vejledning\""),
        "{}",
        home.body
    );
    let r = send(server.port, "POST", "/__redthread/editor/save", &[], b"{}");
    assert_eq!(r.status, 403);
    assert!(
        json_of(&r)["error"].as_str().unwrap().starts_with("Afvist"),
        "{}",
        r.body
    );
    let token = hidden(&page.body, "token");
    let form = json!({"mode": "revise", "id": "alpha", "title": "Alpha", "category": "Ward", "date": "2026-13-01", "changes": ""});
    let r = send(
        server.port,
        "POST",
        "/__redthread/editor/preview",
        &[("x-redthread-token", &token)],
        &serde_json::to_vec(&form).unwrap(),
    );
    let j = json_of(&r);
    let texts: Vec<&str> = j["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert!(texts.iter().any(|t| t.starts_with("Skriv datoen")), "{j}");
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Skriv, hvad der er ændret")),
        "{j}"
    );
}
