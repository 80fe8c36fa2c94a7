//! `POST save`: the file written, the rebuild waited for, and the answer: where to go, the
//! problems to fix, or the two versions of a conflict.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;
use tokio::sync::broadcast;

use super::super::rebuild::Signal;
use super::draft;
use super::files::{self, Kind, Refused};
use super::guard::refuse;
use super::routes::{admit_form, last, today, work};
use super::{Last, Shared, json_response};

/// Waits (up to `within`) for a good rebuild after which `done` holds, or a failed one
/// (`Err`); `Ok(None)` when the wait ran out or the server stops. `signals` must have
/// been subscribed to before the change was made, so its rebuild cannot be missed.
pub(super) async fn rebuilt(
    shared: &Shared,
    signals: &mut broadcast::Receiver<Signal>,
    within: Duration,
    done: impl Fn(&Last) -> bool,
) -> Result<Option<Arc<Last>>, ()> {
    let wait = tokio::time::sleep(within);
    tokio::pin!(wait);
    loop {
        tokio::select! {
            signal = signals.recv() => match signal {
                Ok(Signal::Reload(_)) => {
                    let last = last(shared);
                    if last.as_deref().is_some_and(&done) {
                        return Ok(last);
                    }
                }
                Ok(Signal::Problems(_)) => return Err(()),
                Ok(Signal::Shutdown) | Err(broadcast::error::RecvError::Closed) => return Ok(None),
                Err(broadcast::error::RecvError::Lagged(_)) => {}
            },
            () = &mut wait => return Ok(None),
        }
    }
}

/// `POST save`: the file written as `new`/`revise` would with the author's text, then the
/// answer once the site is rebuilt with it: where to go, or what the build said.
pub(super) async fn save(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let form = match admit_form(&shared, request).await {
        Ok(f) => f,
        Err(r) => return r.answer(&shared),
    };
    let m = crate::config::messages(&shared.root);
    let Some(worked) = work(&shared, form.clone(), last(&shared), false).await else {
        return refuse(&shared, StatusCode::INTERNAL_SERVER_ERROR, "ed_failed");
    };
    if worked.has_errors() {
        return json_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            &json!({ "error": m.raw("ed_has_errors"), "problems": worked.problems }),
        );
    }
    let planned = worked.planned.expect("no errors, so a plan");
    let text = planned.text();
    let editing = form.mode == "edit";
    if form.mode == "revise" || editing {
        // The form was made from one file; if that file changed, or a newer revision was
        // saved meanwhile, writing now would lose someone's work: show both instead.
        let base = planned.base.clone().unwrap_or_default();
        if files::check(&form.base, Kind::Revision).is_err() {
            return refuse(&shared, StatusCode::BAD_REQUEST, Refused::BadPath.key());
        }
        let now = files::hash_of(&shared.root.join(&base));
        if base != form.base || now.as_deref() != Some(form.base_hash.as_str()) {
            let theirs = std::fs::read_to_string(shared.root.join(&base)).unwrap_or_default();
            return json_response(
                StatusCode::CONFLICT,
                &json!({
                    "error": m.raw("ed_conflict_text"),
                    "conflict": { "path": base, "theirs": theirs, "yours": text },
                }),
            );
        }
    }
    // Listen before writing, so the rebuild the write causes cannot be missed.
    let mut signals = shared.signals.subscribe();
    let written = if editing {
        files::replace(
            &shared.root,
            &planned.rel,
            Kind::Revision,
            text.as_bytes(),
            &form.base_hash,
        )
    } else {
        files::write_new(&shared.root, &planned.rel, Kind::Revision, text.as_bytes())
    };
    match written {
        Ok(_) => {}
        Err(Refused::Changed) => {
            return refuse(&shared, StatusCode::CONFLICT, Refused::Changed.key());
        }
        Err(Refused::Exists) => {
            return refuse(&shared, StatusCode::CONFLICT, Refused::Exists.key());
        }
        Err(e) => return files::refused(&shared, &e),
    }
    let left_out = planned.status == crate::model::Declared::Draft && !shared.drafts;
    let outcome = rebuilt(&shared, &mut signals, Duration::from_secs(60), |l| {
        left_out
            || l.archive
                .guidelines
                .iter()
                .any(|g| g.revisions.iter().any(|n| n.rev.source_path == planned.rel))
    })
    .await;
    let url = if left_out {
        "/".to_owned()
    } else if planned.date > today() || planned.status != crate::model::Declared::Active {
        format!(
            "/{}",
            crate::urls::revision(planned.id.as_str(), planned.version.as_str())
        )
    } else {
        format!("/guidelines/{}/", planned.id)
    };
    match outcome {
        Ok(last) => {
            let warnings = last.map_or_else(Vec::new, |l| {
                draft::warnings_for(&planned.rel, &l, &text, today(), &m)
            });
            json_response(
                StatusCode::OK,
                &json!({ "saved": planned.rel, "url": url, "problems": warnings }),
            )
        }
        Err(()) => {
            let failed = shared
                .failed
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            let problems: Vec<draft::Problem> = failed
                .iter()
                .filter(|d| d.path == planned.rel)
                .map(|d| draft::place(d, &text, &m))
                .collect();
            json_response(
                StatusCode::OK,
                &json!({ "saved": planned.rel, "url": url, "error": m.raw("ed_saved_broken"), "problems": problems }),
            )
        }
    }
}
