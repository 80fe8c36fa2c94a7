//! The rebuild loop: a build after every burst of saves, the result swapped in for the pages
//! served, and its problems sent to every open page over Server-Sent Events.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use serde::Serialize;
use tokio::sync::{broadcast, mpsc};

use super::*;
use crate::build::{self, Built};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::incremental::Memo;
use crate::messages::say;
use crate::watch;

/// What open pages are told.
#[derive(Debug, Clone)]
pub(super) enum Signal {
    /// A rebuild succeeded: reload.
    Reload(u64),
    /// A rebuild failed: show these problems (JSON).
    Problems(String),
    /// The server is stopping: end the event stream.
    Shutdown,
}
/// Build problems as the page's overlay shows them.
#[derive(Debug, Serialize)]
pub(super) struct Report {
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
pub(super) struct ReportLine {
    location: String,
    severity: &'static str,
    text: String,
}
/// Builds on a blocking thread, reusing what `memo` kept from the last build.
pub(super) async fn rebuild(
    root: &Path,
    drafts: bool,
    mut memo: Memo,
) -> (Result<Built, Diagnostics>, Memo) {
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
pub(super) async fn rebuild_loop(
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
pub(super) fn apply(shared: &Shared, result: Result<Built, Diagnostics>, first: bool) {
    shared.builds.fetch_add(1, Ordering::SeqCst);
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
            // The editor's view of the archive is stored before the generation changes, so
            // a save that waits for the rebuild finds its file when it hears of it.
            if shared.editor.is_some() {
                // Moved, not copied: nothing below needs the archive. `check`'s warnings
                // are worked out from it only when a save asks.
                let last = super::editor::Last {
                    archive: built.archive,
                    targets: built.targets.clone(),
                    warnings: built.warnings.0.clone(),
                };
                *shared.last.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(last));
                shared
                    .failed
                    .write()
                    .unwrap_or_else(|e| e.into_inner())
                    .clear();
            }
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
            if shared.editor.is_some() {
                *shared.failed.write().unwrap_or_else(|e| e.into_inner()) = problems.0.clone();
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
pub(super) async fn events(
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
