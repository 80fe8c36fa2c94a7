//! `redthread serve`: the last good build, served from memory on loopback, rebuilt when a
//! source changes, with live reload over Server-Sent Events.
//!
//! Requests are looked up in the in-memory [`Site`] map; no request path is ever joined onto
//! a folder on disk, so nothing outside the site can be read. Paths that try anyway (`..`,
//! encoded slashes or dots, backslashes) are refused before the lookup. The output folder is
//! not written: `serve` is for writing guidelines, `build` for publishing them. The work is in three parts:
//! `http` answers requests, `html` adjusts served pages, `rebuild` runs the build loop;
//! `editor` is the browser editor, the only part that writes (new revision files and
//! pictures under `content/`, nothing else).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::routing::get;
use tokio::sync::{broadcast, mpsc};

use crate::incremental::Memo;
use crate::messages::{Messages, say};
use crate::output::Site;
use crate::watch;

mod editor;
mod html;
mod http;
mod rebuild;

pub use http::{Lookup, content_type, lookup};
use http::{live_css, live_js, page};
use rebuild::{Signal, apply, events, rebuild, rebuild_loop};

/// URL prefix of the server's own files; no site path can start with it (`_` is not a slug).
pub const PREFIX: &str = "/__redthread/";
/// The live-reload script, injected into HTML pages only when serving.
pub const LIVE_JS: &str = include_str!("live.js");
/// The overlay's stylesheet, added to the page by the live-reload script.
pub const LIVE_CSS: &str = include_str!("live.css");
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
    /// Keep the browser editor on when listening on a network address (it is always on
    /// on loopback, and off on a network address unless this is set).
    pub editor_on_network: bool,
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
/// State shared by the HTTP handlers and the rebuild loop.
pub(super) struct Shared {
    /// The last good site (`None` until a build succeeds).
    site: RwLock<Option<Arc<Site>>>,
    /// The last build's problems, when it failed.
    problems: RwLock<Option<String>>,
    /// Counts successful builds, so a page that reconnects knows it missed one.
    generation: AtomicU64,
    /// Counts every build, good or failed (the editor's reading of the archive is kept
    /// until the next one).
    builds: AtomicU64,
    stopping: AtomicBool,
    signals: broadcast::Sender<Signal>,
    /// Listening on loopback only: then only local host names are answered, so a web page
    /// cannot read the preview through DNS rebinding.
    local_only: bool,
    /// The archive, whose `book.toml` says which language to speak to its author.
    root: PathBuf,
    /// Whether drafts are built.
    drafts: bool,
    /// The browser editor, when it is on.
    editor: Option<editor::Editor>,
    /// What the editor needs from the last good build.
    last: RwLock<Option<Arc<editor::Last>>>,
    /// The last failed build's problems, for the editor to place on its fields.
    failed: RwLock<Vec<crate::diagnostics::Diagnostic>>,
}
/// Builds, serves and watches until Ctrl-C.
pub fn run(options: Options) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(options))
}
pub(super) async fn serve(options: Options) -> Result<(), ServeError> {
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
        builds: AtomicU64::new(0),
        stopping: AtomicBool::new(false),
        signals,
        local_only: addr.ip().is_loopback(),
        root: root.clone(),
        drafts: options.drafts,
        editor: editor::enabled(addr.ip(), options.editor_on_network).then(editor::Editor::new),
        last: RwLock::new(None),
        failed: RwLock::new(Vec::new()),
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
    // The editor writes files: say plainly whether it is on, and for whom.
    let editor_note = match (&shared.editor, addr.ip().is_loopback()) {
        (Some(_), true) => "ed_serve_on",
        (Some(_), false) => "ed_serve_on_network",
        (None, _) => "ed_serve_off_network",
    };
    println!("{}", m.text(&say(editor_note).arg("bind", addr.ip())));
    println!("{}", m.raw("serve_watching"));
    if options.open {
        open_browser(&url, m.clone());
    }

    let app = Router::new()
        .route("/__redthread/events", get(events))
        .route("/__redthread/live.js", get(live_js))
        .route("/__redthread/live.css", get(live_css))
        .merge(editor::routes())
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
pub(super) async fn listen(bind: IpAddr, port: u16) -> Result<tokio::net::TcpListener, ServeError> {
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
pub(super) async fn shutdown_signal() {
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
pub(super) fn open_browser(url: &str, m: Messages) {
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
