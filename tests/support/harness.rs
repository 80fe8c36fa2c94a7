//! Builds fixture archives with the real binary and inspects what came out. Shared by the
//! `it` and `browser` test targets.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use assert_cmd::Command;
use scraper::{Html, Selector};

/// A throw-away archive: files written into a temp folder, then built.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// An empty archive with an empty `content/`.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content")).expect("content dir");
        Fixture { dir }
    }

    /// A copy of `tests/fixtures/<name>/`.
    pub fn copy_of(name: &str) -> Self {
        let f = Fixture::new();
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_tree(&src, f.path());
        f
    }

    /// Writes (or replaces) a file, creating folders.
    pub fn file(self, rel: &str, text: &str) -> Self {
        self.write(rel, text);
        self
    }

    /// Writes (or replaces) a file, creating folders.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    /// Writes a revision file with the given front-matter lines and body.
    pub fn guideline(self, rel: &str, front: &str, body: &str) -> Self {
        self.file(rel, &format!("---\n{}\n---\n{body}", front.trim()))
    }

    /// The archive folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder.
    pub fn site_dir(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// Runs `redthread <args>` in the archive folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    /// `redthread build`, which must succeed.
    pub fn build(&self) -> Site {
        let run = self.run(&["build"]);
        run.assert_ok();
        Site {
            root: self.site_dir(),
        }
    }

    /// `redthread build --today <today>` (a `YYYY-MM-DD`), which must succeed.
    pub fn build_on(&self, today: &str) -> Site {
        let run = self.run(&["build", "--today", today]);
        run.assert_ok();
        run.site()
    }

    /// `redthread build`, which must fail with exit code 1; returns stderr.
    pub fn build_fails(&self) -> String {
        let run = self.run(&["build"]);
        assert_eq!(
            run.code(),
            1,
            "expected exit 1\nstdout: {}\nstderr: {}",
            run.stdout(),
            run.stderr()
        );
        run.stderr()
    }
}

/// Runs `redthread <args>` in `dir` (an archive whose site, if built, is `dir/site`).
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::cargo_bin("redthread")
        .expect("binary")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run redthread");
    Run {
        output,
        site: dir.join("site"),
    }
}

/// The result of one run of the binary.
pub struct Run {
    /// Raw output.
    pub output: Output,
    site: PathBuf,
}

impl Run {
    /// Exit code.
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    /// Standard output as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    /// Standard error as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    /// Panics with the output unless the run succeeded.
    pub fn assert_ok(&self) {
        assert_eq!(
            self.code(),
            0,
            "redthread failed\nstdout: {}\nstderr: {}",
            self.stdout(),
            self.stderr()
        );
        assert!(!self.stderr().contains("panicked"), "{}", self.stderr());
    }
    /// The built site (default output folder).
    pub fn site(&self) -> Site {
        Site {
            root: self.site.clone(),
        }
    }
}

/// A built site on disk.
pub struct Site {
    /// The output folder.
    pub root: PathBuf,
}

impl Site {
    /// Whether a file exists.
    pub fn has(&self, rel: &str) -> bool {
        self.root.join(rel).is_file()
    }
    /// A file's text.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }
    /// A page, parsed.
    pub fn page(&self, rel: &str) -> Page {
        Page {
            html: Html::parse_document(&self.read(rel)),
            path: rel.to_owned(),
        }
    }
    /// `archive.json`, parsed.
    pub fn manifest(&self) -> serde_json::Value {
        serde_json::from_str(&self.read("archive.json")).expect("archive.json is JSON")
    }
    /// Every file below the site root: relative path -> bytes.
    pub fn snapshot(&self) -> std::collections::BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(&self.root)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(&self.root)
                    .expect("below root")
                    .to_string_lossy()
                    .replace('\\', "/");
                (rel, std::fs::read(e.path()).expect("read"))
            })
            .collect()
    }
}

/// A parsed HTML page.
pub struct Page {
    /// The document.
    pub html: Html,
    /// Its site path.
    pub path: String,
}

impl Page {
    /// Text of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let sel = Selector::parse(css).expect("selector");
        self.html
            .select(&sel)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }
    /// Text of the first element matching `css` (panics if none).
    pub fn text(&self, css: &str) -> String {
        self.texts(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{}: nothing matches {css}", self.path))
    }
    /// Attribute `attr` of every element matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(css).expect("selector");
        self.html
            .select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_owned))
            .collect()
    }
    /// Number of elements matching `css`.
    pub fn count(&self, css: &str) -> usize {
        let sel = Selector::parse(css).expect("selector");
        self.html.select(&sel).count()
    }
    /// The site paths that the `href`s of the elements matching `css` lead to.
    pub fn targets(&self, css: &str) -> Vec<String> {
        self.attrs(css, "href")
            .iter()
            .map(|h| self.resolve(h))
            .collect()
    }
    /// Resolves an href on this page to a site path (drops `#fragment`).
    pub fn resolve(&self, href: &str) -> String {
        let href = href.split('#').next().unwrap_or("");
        let mut parts: Vec<&str> = self.path.split('/').collect();
        parts.pop();
        for seg in href.split('/') {
            match seg {
                ".." => {
                    parts.pop();
                }
                "." | "" => {}
                s => parts.push(s),
            }
        }
        parts.join("/")
    }
}

fn copy_tree(src: &Path, dst: &Path) {
    for e in walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(src).expect("below src");
        let target = dst.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

/// The repository root, which is itself the sample archive.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample archive (the repository root) built once per test run into a temp folder
/// and shared read-only by the tests; returns the site folder.
pub fn sample_site() -> &'static Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    let out = SITE.get_or_init(|| {
        let out = tempfile::tempdir().expect("temp dir");
        let site = out.path().join("site");
        run_in(
            &repo_root(),
            &["build", "-o", site.to_str().expect("UTF-8 temp path")],
        )
        .assert_ok();
        out
    });
    // The site folder lives as long as the process: the static is never dropped.
    Box::leak(out.path().join("site").into_boxed_path())
}

/// A copy of the sample archive (the repository root's `book.toml` and `content/`).
pub fn sample_copy() -> Fixture {
    let f = Fixture::new();
    let root = repo_root();
    std::fs::copy(root.join("book.toml"), f.path().join("book.toml")).unwrap();
    for e in walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(&root).unwrap();
        if e.file_type().is_dir() {
            std::fs::create_dir_all(f.path().join(rel)).unwrap();
        } else {
            std::fs::copy(e.path(), f.path().join(rel)).unwrap();
        }
    }
    f
}
