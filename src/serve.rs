//! `redthread serve`: the last good build, served from memory on loopback, rebuilt when a
//! source changes, with live reload over Server-Sent Events.
//!
//! Requests are looked up in the in-memory [`Site`] map; no request path is ever joined onto
//! a folder on disk, so nothing outside the site can be read. Paths that try anyway (`..`,
//! encoded slashes or dots, backslashes) are refused before the lookup. The output folder is
//! not written: `serve` is for writing guidelines, `build` for publishing them.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use serde::Serialize;
use tokio::sync::{broadcast, mpsc};

use crate::build::{self, Built};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::incremental::Memo;
use crate::messages::{Messages, say};
use crate::output::Site;
use crate::watch;

/// URL prefix of the server's own files; no site path can start with it (`_` is not a slug).
pub const PREFIX: &str = "/__redthread/";
/// The live-reload script, injected into HTML pages only when serving.
pub const LIVE_JS: &str = include_str!("serve/live.js");
/// The overlay's stylesheet, added to the page by the live-reload script.
pub const LIVE_CSS: &str = include_str!("serve/live.css");
/// The tag inserted before `</body>` of every served HTML page.
pub const SCRIPT_TAG: &str = "<script src=\"/__redthread/live.js\"></script>";

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    /// The archive folder.
    pub root: PathBuf,
    /// Address to listen on (loopback unless asked).
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
}

/// Failures of the machine while serving.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Someone else listens on the port.
    #[error(
        "port {port} on {addr} is already in use (is another `redthread serve` running?); try `redthread serve --port {suggest}`"
    )]
    PortBusy {
        /// The address asked for.
        addr: IpAddr,
        /// The busy port.
        port: u16,
        /// A port that was free a moment ago.
        suggest: u16,
    },
    /// Any other failure to listen.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address asked for.
        addr: SocketAddr,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The archive folder cannot be watched.
    #[error("cannot watch {path} for changes: {source}")]
    Watch {
        /// The folder.
        path: PathBuf,
        /// What went wrong.
        source: notify_debouncer_full::notify::Error,
    },
    /// The runtime or the server failed.
    #[error("server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// What open pages are told.
#[derive(Debug, Clone)]
enum Signal {
    /// A rebuild succeeded: reload.
    Reload(u64),
    /// A rebuild failed: show these problems (JSON).
    Problems(String),
    /// The server is stopping: end the event stream.
    Shutdown,
}

/// Build problems as the page's overlay shows them.
#[derive(Debug, Serialize)]
struct Report {
    title: String,
    /// Whether an older, good version of the site is still being served.
    kept: bool,
    /// What to do, in the archive's language.
    help: String,
    /// The label of the button that hides the overlay.
    close: String,
    problems: Vec<ReportLine>,
}

#[derive(Debug, Serialize)]
struct ReportLine {
    location: String,
    severity: &'static str,
    text: String,
}

/// State shared by the HTTP handlers and the rebuild loop.
struct Shared {
    /// The last good site (`None` until a build succeeds).
    site: RwLock<Option<Arc<Site>>>,
    /// The last build's problems, when it failed.
    problems: RwLock<Option<String>>,
    /// Counts successful builds, so a page that reconnects knows it missed one.
    generation: AtomicU64,
    stopping: AtomicBool,
    signals: broadcast::Sender<Signal>,
    /// Listening on loopback only: then only local host names are answered, so a web page
    /// cannot read the preview through DNS rebinding.
    local_only: bool,
    /// The archive, whose `book.toml` says which language to speak to its author.
    root: PathBuf,
}

/// Builds, serves and watches until Ctrl-C.
pub fn run(options: Options) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(options))
}

async fn serve(options: Options) -> Result<(), ServeError> {
    let listener = listen(options.bind, options.port).await?;
    let addr = listener.local_addr()?;
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
    let (signals, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        site: RwLock::new(None),
        problems: RwLock::new(None),
        // Counted from the start time, so a tab left open from an earlier `serve` reloads.
        generation: AtomicU64::new(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as u64),
        ),
        stopping: AtomicBool::new(false),
        signals,
        local_only: addr.ip().is_loopback(),
        root: root.clone(),
    });

    // Watch before the first build, so a save made while it runs is not lost (it only
    // queues one more rebuild).
    let output = crate::config::load(&root)
        .ok()
        .map(|c| root.join(&c.build.output));
    let (changed_tx, changed_rx) = mpsc::unbounded_channel();
    let watcher = watch::watch(&root, output.as_deref(), move || {
        let _ = changed_tx.send(());
    })
    .map_err(|source| ServeError::Watch {
        path: root.clone(),
        source,
    })?;
    let (started, memo) = rebuild(&root, options.drafts, Memo::default()).await;
    apply(&shared, started, true);
    tokio::spawn(rebuild_loop(
        root.clone(),
        options.drafts,
        memo,
        watcher,
        changed_rx,
        shared.clone(),
    ));

    let url = format!("http://{addr}/");
    let m = crate::config::messages(&root);
    println!(
        "{}",
        m.text(
            &say("serve_serving")
                .arg("root", root.display())
                .arg("url", &url)
        )
    );
    if !addr.ip().is_loopback() {
        println!(
            "{}",
            m.text(&say("serve_network_note").arg("bind", addr.ip()))
        );
    }
    println!("{}", m.raw("serve_watching"));
    if options.open {
        open_browser(&url, m.clone());
    }

    let app = Router::new()
        .route("/__redthread/events", get(events))
        .route("/__redthread/live.js", get(live_js))
        .route("/__redthread/live.css", get(live_css))
        .fallback(page)
        .with_state(shared.clone());
    let stop = shared.clone();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown_signal().await;
        stop.stopping.store(true, Ordering::SeqCst);
        let _ = stop.signals.send(Signal::Shutdown);
    });
    server.await?;
    println!("{}", crate::config::messages(&root).raw("serve_stopped"));
    Ok(())
}

async fn listen(bind: IpAddr, port: u16) -> Result<tokio::net::TcpListener, ServeError> {
    let addr = SocketAddr::new(bind, port);
    match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            let mut suggest = port.saturating_add(1);
            for candidate in port.saturating_add(1)..port.saturating_add(50) {
                if std::net::TcpListener::bind(SocketAddr::new(bind, candidate)).is_ok() {
                    suggest = candidate;
                    break;
                }
            }
            Err(ServeError::PortBusy {
                addr: bind,
                port,
                suggest,
            })
        }
        Err(source) => Err(ServeError::Listen { addr, source }),
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Asks the system to open `url` in a browser. The opener runs in the background; if it is
/// missing or fails (no browser, no desktop), the terminal says so and gives the address.
fn open_browser(url: &str, m: Messages) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let say_failed = move |why: String, url: &str| {
        eprintln!(
            "{}",
            m.text(&say("serve_no_browser").arg("why", why).arg("url", url))
        );
    };
    match std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Err(e) => say_failed(format!("{opener}: {e}"), url),
        Ok(mut child) => {
            let url = url.to_owned();
            // Explorer's exit code says nothing about success; xdg-open's and open's do.
            std::thread::spawn(move || match child.wait() {
                Ok(status) if !status.success() && !cfg!(windows) => {
                    say_failed(format!("{opener}: {status}"), &url)
                }
                Err(e) => say_failed(format!("{opener}: {e}"), &url),
                _ => {}
            });
        }
    }
}

/// Builds on a blocking thread, reusing what `memo` kept from the last build.
async fn rebuild(root: &Path, drafts: bool, mut memo: Memo) -> (Result<Built, Diagnostics>, Memo) {
    let root = root.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let built = build::build_with(
            &root,
            &build::Options {
                drafts,
                // Each rebuild takes the day it runs on: a server left running over
                // midnight puts a revision into force on its date.
                today: Some(jiff::Zoned::now().date()),
            },
            Some(&mut memo),
        );
        (built, memo)
    })
    .await
    .unwrap_or_else(|e| {
        // Not the archive's fault, so no file of it is named.
        let problem = Diagnostic::error(
            "redthread",
            0,
            0,
            format!("the build stopped unexpectedly: {e}"),
        )
        .with_hint("this is a bug in redthread, not in the archive: please report it with the last change you saved; the last good site is still served");
        // The memo went down with the build; the next one starts afresh.
        (Err(Diagnostics(vec![problem])), Memo::default())
    })
}

/// Rebuilds after changes. Changes that arrive during a build are coalesced into one more build.
async fn rebuild_loop(
    root: PathBuf,
    drafts: bool,
    mut memo: Memo,
    mut watcher: watch::Watcher,
    mut changed: mpsc::UnboundedReceiver<()>,
    shared: Arc<Shared>,
) {
    while changed.recv().await.is_some() {
        while changed.try_recv().is_ok() {}
        if let Err(e) = watcher.watch_new_folders() {
            eprintln!("warning: cannot watch a new folder for changes: {e}");
        }
        let (result, kept) = rebuild(&root, drafts, memo).await;
        memo = kept;
        apply(&shared, result, false);
    }
}

/// Stores a build's outcome, prints it, and tells open pages.
fn apply(shared: &Shared, result: Result<Built, Diagnostics>, first: bool) {
    let m = crate::config::messages(&shared.root);
    match result {
        Ok(built) => {
            for w in &built.warnings.0 {
                eprintln!("{}", w.show(&m));
            }
            // After a save, say how little was redone: authors see why saving is quick.
            let key = match built.reuse {
                _ if first => "serve_built",
                Some(_) => "serve_rebuilt_some",
                None => "serve_rebuilt",
            };
            let rendered = built.reuse.map_or(0, |r| r.guidelines_rendered);
            println!(
                "{}",
                m.text(
                    &say(key)
                        .arg(
                            "guidelines",
                            m.count("count_guidelines", built.archive.guidelines.len())
                        )
                        .arg("ms", format!("{:.0}", built.elapsed.as_secs_f64() * 1000.0))
                        .arg("n", rendered)
                )
            );
            // The generation changes under the site's lock, so a page always carries the
            // generation of the site it came from.
            let generation = {
                let mut site = shared.site.write().unwrap_or_else(|e| e.into_inner());
                *site = Some(Arc::new(built.site));
                shared.generation.fetch_add(1, Ordering::SeqCst) + 1
            };
            *shared.problems.write().unwrap_or_else(|e| e.into_inner()) = None;
            let _ = shared.signals.send(Signal::Reload(generation));
        }
        Err(problems) => {
            for d in &problems.0 {
                eprintln!("{}", d.show(&m));
            }
            let errors = m.count("count_errors", problems.error_count());
            let kept = shared
                .site
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .is_some();
            let failed = if kept {
                "serve_failed_kept"
            } else {
                "serve_failed_none"
            };
            eprintln!("{}", m.text(&say(failed).arg("errors", &errors)));
            let help = if kept { "overlay_kept" } else { "overlay_none" };
            let report = Report {
                title: m.text(&say("overlay_title").arg("errors", &errors)),
                kept,
                help: format!("{} {}", m.raw(help), m.raw("overlay_fix")),
                close: m.raw("overlay_close").to_owned(),
                problems: problems
                    .0
                    .iter()
                    .map(|d| ReportLine {
                        location: d.location(),
                        severity: if d.is_error() { "error" } else { "warning" },
                        text: d.show(&m),
                    })
                    .collect(),
            };
            let json = serde_json::to_string(&report).unwrap_or_else(|_| "{}".to_owned());
            *shared.problems.write().unwrap_or_else(|e| e.into_inner()) = Some(json.clone());
            let _ = shared.signals.send(Signal::Problems(json));
        }
    }
}

/// The event stream: `hello` with the build generation on connect (then `problems` if the
/// last build failed), `reload` after each good rebuild, `problems` after each failed one.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the state, so no signal falls between the two.
    let rx = shared.signals.subscribe();
    let generation = shared.generation.load(Ordering::SeqCst);
    let mut first = vec![
        Event::default()
            .event("hello")
            .data(format!("{{\"generation\":{generation}}}")),
    ];
    if let Some(json) = shared
        .problems
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
    {
        first.push(Event::default().event("problems").data(json));
    }
    let stopping = shared.stopping.load(Ordering::SeqCst);
    let later = stream::unfold(rx, move |mut rx| async move {
        if stopping {
            return None;
        }
        loop {
            match rx.recv().await {
                Ok(Signal::Reload(g)) => {
                    let e = Event::default()
                        .event("reload")
                        .data(format!("{{\"generation\":{g}}}"));
                    return Some((e, rx));
                }
                Ok(Signal::Problems(json)) => {
                    return Some((Event::default().event("problems").data(json), rx));
                }
                Ok(Signal::Shutdown) | Err(broadcast::error::RecvError::Closed) => return None,
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
            }
        }
    });
    let all = stream::iter(first).chain(later).map(Ok);
    Sse::new(all).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

async fn live_js() -> Response {
    file_response(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        LIVE_JS.as_bytes().to_vec(),
    )
}

async fn live_css() -> Response {
    file_response(
        StatusCode::OK,
        "text/css; charset=utf-8",
        LIVE_CSS.as_bytes().to_vec(),
    )
}

/// Where a request path leads in the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A folder's `index.html` (the request ended in `/`).
    Index(String),
    /// A file, or a folder asked for without its trailing slash.
    FileOrFolder(String),
    /// The path tries to leave the site or is malformed.
    Refused,
}

/// Turns a raw (still percent-encoded) request path into a site path, refusing anything
/// that could be read as leaving the site: `.` or `..` segments, encoded dots, slashes or
/// backslashes, raw backslashes, NUL, and text that is not UTF-8.
pub fn lookup(raw: &str) -> Lookup {
    let Some(rest) = raw.strip_prefix('/') else {
        return Lookup::Refused;
    };
    let lower = rest.to_ascii_lowercase();
    if rest.contains('\\')
        || ["%2e", "%2f", "%5c", "%00"]
            .iter()
            .any(|e| lower.contains(e))
    {
        return Lookup::Refused;
    }
    let Some(decoded) = percent_decode(rest) else {
        return Lookup::Refused;
    };
    if decoded.contains(['\\', '\0'])
        || decoded
            .split('/')
            .any(|s| s == "." || s == ".." || s.contains(':'))
    {
        return Lookup::Refused;
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        return Lookup::Index(format!("{decoded}index.html"));
    }
    if decoded.contains("//") {
        return Lookup::Refused;
    }
    Lookup::FileOrFolder(decoded)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

async fn page(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    // A static site only answers reads.
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut r = file_response(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            b"405 Method Not Allowed\n".to_vec(),
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    if shared.local_only && !local_host(&request) {
        return file_response(
            StatusCode::FORBIDDEN,
            "text/plain; charset=utf-8",
            b"403 Forbidden: open the preview as localhost or 127.0.0.1\n".to_vec(),
        );
    }
    let raw = request.uri().path().to_owned();
    let (site, generation) = {
        let site = shared.site.read().unwrap_or_else(|e| e.into_inner());
        (site.clone(), shared.generation.load(Ordering::SeqCst))
    };
    let Some(site) = site else {
        return file_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            inject(WAITING.as_bytes(), generation),
        );
    };
    match lookup(&raw) {
        Lookup::Refused => file_response(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            b"400 Bad Request: this address is not allowed\n".to_vec(),
        ),
        Lookup::Index(path) => serve_file(&site, &path, generation),
        Lookup::FileOrFolder(path) => {
            if site.get(&path).is_some() {
                serve_file(&site, &path, generation)
            } else if site.get(&format!("{path}/index.html")).is_some() {
                let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
                if let Ok(v) = HeaderValue::from_str(&format!("{raw}/")) {
                    r.headers_mut().insert(header::LOCATION, v);
                }
                r
            } else {
                not_found(&site, generation)
            }
        }
    }
}

fn serve_file(site: &Site, path: &str, generation: u64) -> Response {
    let Some(bytes) = site.get(path) else {
        return not_found(site, generation);
    };
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        inject(bytes, generation)
    } else {
        bytes.to_vec()
    };
    file_response(StatusCode::OK, kind, body)
}

fn not_found(site: &Site, generation: u64) -> Response {
    match site.get(crate::urls::NOT_FOUND) {
        Some(bytes) => file_response(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            inject(&rooted(bytes), generation),
        ),
        None => file_response(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            b"404 Not Found\n".to_vec(),
        ),
    }
}

/// Whether the request names this computer (`localhost`, `127.0.0.1`, `[::1]`, any port).
fn local_host(request: &Request) -> bool {
    let Some(host) = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
    else {
        // HTTP/1.0 clients may send no Host; they are not browsers a page can steer.
        return true;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The 404 page is written for the site root; served at any depth, its relative links must
/// start from the root (`<base>` is forbidden by the pages' CSP).
fn rooted(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest: &str = &text;
    while let Some(i) = rest.find(['h', 's', 'a', 'd']) {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let attr = ["href=\"", "src=\"", "action=\"", "data-root=\""]
            .into_iter()
            .find(|a| after.starts_with(a));
        match attr {
            Some(a) => {
                out.push_str(a);
                let value = &after[a.len()..];
                // `data-root=""` is the page's way back to the site root, which scripts use.
                let relative = !value.starts_with(['/', '#'])
                    && (!value.starts_with('"') || a == "data-root=\"")
                    && {
                        let end = value.find('"').unwrap_or(value.len());
                        !value[..end].contains(':')
                    };
                if relative {
                    out.push('/');
                }
                rest = value;
            }
            None => {
                out.push_str(&after[..1]);
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out.into_bytes()
}

const WAITING: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Waiting for a good build</title></head><body><h1>The archive does not build yet</h1><p>The problems are listed in the terminal. Fix them and save; this page reloads by itself.</p></body></html>\n";

/// Inserts the live-reload script before the last `</body>` (or at the end), telling it
/// which build the page came from, so it reloads if a newer one was made meanwhile.
fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let at = text.rfind("</body>").unwrap_or(text.len());
    let tag = SCRIPT_TAG.replace(
        "></script>",
        &format!(" data-generation=\"{generation}\"></script>"),
    );
    let mut out = String::with_capacity(text.len() + tag.len() + 1);
    out.push_str(&text[..at]);
    out.push_str(&tag);
    out.push('\n');
    out.push_str(&text[at..]);
    out.into_bytes()
}

fn file_response(status: StatusCode, kind: &'static str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // Every save changes pages: never let the browser reuse an old copy.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// The content type for a site path, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "doc" => "application/msword",
        "xls" => "application/vnd.ms-excel",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_refuse_leaving_the_site() {
        for bad in [
            "/../Cargo.toml",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E/x",
            "/..%2fCargo.toml",
            "/..%5cCargo.toml",
            "/..\\Cargo.toml",
            "/./index.html",
            "/a%00b",
            "/C:/x",
            "/%ff",
            "/a//b",
            "x",
        ] {
            assert_eq!(lookup(bad), Lookup::Refused, "{bad}");
        }
        assert_eq!(lookup("/"), Lookup::Index("index.html".into()));
        assert_eq!(
            lookup("/guidelines/x/"),
            Lookup::Index("guidelines/x/index.html".into())
        );
        assert_eq!(
            lookup("/files/a%20b.pdf"),
            Lookup::FileOrFolder("files/a b.pdf".into())
        );
    }

    #[test]
    fn script_goes_before_body_end_and_404_links_start_at_root() {
        let out = String::from_utf8(inject(b"<body><p>x</p></body></html>", 7)).unwrap();
        assert_eq!(
            out,
            "<body><p>x</p><script src=\"/__redthread/live.js\" data-generation=\"7\"></script>\n</body></html>"
        );
        let out = String::from_utf8(rooted(
            b"<link href=\"assets/s.css\"><a href=\"index.html\">h</a><a href=\"https://x\">x</a><script src=\"assets/a.js\"></script><a href=\"#top\">t</a>",
        ))
        .unwrap();
        assert_eq!(
            out,
            "<link href=\"/assets/s.css\"><a href=\"/index.html\">h</a><a href=\"https://x\">x</a><script src=\"/assets/a.js\"></script><a href=\"#top\">t</a>"
        );
        // The search form and the scripts' way back to the root work at any depth too.
        let out = String::from_utf8(rooted(
            b"<body data-root=\"\"><form action=\"search.html\" data-root=\"\"></form>",
        ))
        .unwrap();
        assert_eq!(
            out,
            "<body data-root=\"/\"><form action=\"/search.html\" data-root=\"/\"></form>"
        );
    }

    #[test]
    fn only_local_host_names_are_local() {
        let req = |host: &str| {
            Request::builder()
                .uri("/")
                .header(header::HOST, host)
                .body(axum::body::Body::empty())
                .unwrap()
        };
        for ok in [
            "localhost",
            "localhost:4000",
            "127.0.0.1:4000",
            "[::1]:4000",
            "LOCALHOST",
        ] {
            assert!(local_host(&req(ok)), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:4000",
            "127.0.0.1.evil.example",
            "10.0.0.1",
        ] {
            assert!(!local_host(&req(bad)), "{bad}");
        }
    }
}
