//! The editor's endpoints: the form for a new guideline or revision, the list of
//! guidelines for links, and the four that go through [`guard::admit`]: preview (plan,
//! problems, preview and redline in one answer), paste, picture upload and save.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;
use tokio::sync::broadcast;

use super::super::rebuild::Signal;
use super::draft::{self, FormData, Worked};
use super::files::{self, Kind, Refused};
use super::guard::{self, BODY_LIMIT, UPLOAD_LIMIT, refuse};
use super::{Last, ROOT, Shared, form, json_response, page_response};

fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

fn last(shared: &Shared) -> Option<Arc<Last>> {
    shared
        .last
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
}

/// A query parameter, decoded (`+` is a space, as forms send it).
fn query(request: &Request, key: &str) -> Option<String> {
    request.uri().query()?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == key).then(|| {
            percent_encoding::percent_decode_str(&v.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        })
    })
}

fn categories(shared: &Shared) -> Vec<String> {
    last(shared).map_or_else(Vec::new, |l| {
        l.archive
            .categories
            .iter()
            .map(|c| c.name.clone())
            .collect()
    })
}

fn show(shared: &Shared, form: &FormData, back: &str) -> Response {
    let m = crate::config::messages(&shared.root);
    let Some(editor) = &shared.editor else {
        return refuse(shared, StatusCode::NOT_FOUND, "ed_off");
    };
    page_response(form::page(&form::Page {
        m: &m,
        token: &editor.token,
        form,
        categories: &categories(shared),
        back,
    }))
}

/// `GET new?category=Name`: the form for version 1 of a new guideline.
pub(super) async fn new_page(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if let Err(r) = guard::may_read(&shared, &request) {
        return r.answer(&shared);
    }
    let m = crate::config::messages(&shared.root);
    let form = FormData {
        mode: "new".into(),
        category: query(&request, "category").unwrap_or_default(),
        date: today().to_string(),
        status: "active".into(),
        body: draft::box_body(m.raw("new_body")),
        ..FormData::default()
    };
    show(&shared, &form, "/")
}

/// `GET revise?id=x`: the form for the next revision of `x`, filled in from its latest one.
pub(super) async fn revise_page(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if let Err(r) = guard::may_read(&shared, &request) {
        return r.answer(&shared);
    }
    let id = query(&request, "id").unwrap_or_default();
    let planned = match crate::authoring::plan_revise(&shared.root, &id, false, today()) {
        Ok(p) => p,
        Err(e) => {
            // The latest revision is a draft: that one is edited instead.
            let draft = matches!(e, crate::authoring::AuthoringError::LatestIsDraft { .. });
            return cannot(&shared, &e, draft.then_some(id.as_str()));
        }
    };
    let base = planned.base.clone().unwrap_or_default();
    let form = FormData {
        mode: "revise".into(),
        id: id.clone(),
        base_hash: files::hash_of(&shared.root.join(&base)).unwrap_or_default(),
        base,
        title: planned.title.clone(),
        category: planned.category.clone(),
        summary: planned.summary.clone(),
        date: today().to_string(),
        review_by: planned.review_by.map(|d| d.to_string()).unwrap_or_default(),
        status: "active".into(),
        body: draft::box_body(&planned.body),
        ..FormData::default()
    };
    show(&shared, &form, &format!("/guidelines/{id}/"))
}

/// `GET edit?id=x`: the form for the draft that is the latest revision of `x`, to change it
/// in place.
pub(super) async fn edit_page(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if let Err(r) = guard::may_read(&shared, &request) {
        return r.answer(&shared);
    }
    let id = query(&request, "id").unwrap_or_default();
    let planned = match crate::authoring::plan_edit(&shared.root, &id) {
        Ok(p) => p,
        Err(e) => return cannot(&shared, &e, None),
    };
    let base = planned.base.clone().unwrap_or_default();
    let form = FormData {
        mode: "edit".into(),
        id: id.clone(),
        base_hash: files::hash_of(&shared.root.join(&base)).unwrap_or_default(),
        base,
        title: planned.title.clone(),
        category: planned.category.clone(),
        summary: planned.summary.clone(),
        changes: planned.changes.clone(),
        date: planned.date.to_string(),
        review_by: planned.review_by.map(|d| d.to_string()).unwrap_or_default(),
        status: "draft".into(),
        body: draft::box_body(&planned.body),
        ..FormData::default()
    };
    show(&shared, &form, "/")
}

/// The page that says why no form can be made, with the way on where there is one.
fn cannot(shared: &Shared, e: &crate::authoring::AuthoringError, edit: Option<&str>) -> Response {
    let m = crate::config::messages(&shared.root);
    let text = m.text(&e.said());
    let esc = crate::render::redline::escape;
    let way = edit.map_or_else(String::new, |id| {
        format!(
            "<p><a id=\"rt-edit-draft\" href=\"{ROOT}edit?id={}\">{}</a></p>",
            esc(id),
            esc(m.raw("ed_edit_draft_link"))
        )
    });
    page_response(format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><link rel=\"stylesheet\" href=\"{ROOT}editor.css\"></head><body class=\"rt-page\"><main id=\"rt-main\"><h1>{}</h1><p id=\"rt-refused\">{}</p>{way}<p><a href=\"/\">{}</a></p></main></body></html>\n",
        esc(&m.lang),
        esc(m.raw("ed_cannot_revise")),
        esc(m.raw("ed_cannot_revise")),
        esc(&text),
        esc(m.raw("ed_back"))
    ))
}

/// `GET guidelines`: id and title of every guideline, for the link search.
pub(super) async fn guidelines(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if let Err(r) = guard::may_read(&shared, &request) {
        return r.answer(&shared);
    }
    let list: Vec<serde_json::Value> = last(&shared).map_or_else(Vec::new, |l| {
        l.archive
            .guidelines
            .iter()
            .map(|g| json!({"id": g.id.as_str(), "title": g.shown().rev.title, "status": g.status.as_str()}))
            .collect()
    });
    json_response(StatusCode::OK, &serde_json::Value::from(list))
}

fn read_form(bytes: &[u8]) -> Result<FormData, guard::Refusal> {
    serde_json::from_slice(bytes)
        .map_err(|_| guard::Refusal(StatusCode::BAD_REQUEST, "ed_bad_request"))
}

fn plan_json(shared: &Shared, worked: &Worked) -> serde_json::Value {
    let m = crate::config::messages(&shared.root);
    match &worked.planned {
        Some(p) => json!({
            "id": p.id.as_str(),
            "version": p.version.as_str(),
            "file": p.rel,
            "supersedes": p.supersedes.join(", "),
            "scheduled": draft::scheduled(p, today(), &m).unwrap_or_default(),
        }),
        None => serde_json::Value::Null,
    }
}

/// `POST preview`: what the form works out to, its problems, the preview and the redline.
pub(super) async fn preview(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let bytes = match guard::admit(&shared, request, BODY_LIMIT).await {
        Ok(b) => b,
        Err(r) => return r.answer(&shared),
    };
    let form = match read_form(&bytes) {
        Ok(f) => f,
        Err(r) => return r.answer(&shared),
    };
    let last = last(&shared);
    let worked = draft::work(&shared.root, &form, last.as_deref(), today());
    let redline = match (&worked.old_body, &worked.planned) {
        (Some(old), Some(p)) => {
            let editor = shared
                .editor
                .as_ref()
                .expect("admitted, so the editor is on");
            let labels = editor
                .labels
                .get_or_init(|| crate::render::labels_for(&shared.root));
            let (old, new) = (crate::blocks::blocks(old), crate::blocks::blocks(&p.body));
            let r = crate::diff::redline(&old, &new);
            if r.counts() == crate::diff::Counts::default() {
                String::new()
            } else {
                crate::render::redline::to_html_with(&r, labels, &|_| None)
            }
        }
        _ => String::new(),
    };
    json_response(
        StatusCode::OK,
        &json!({
            "plan": plan_json(&shared, &worked),
            "problems": worked.problems,
            "html": worked.html,
            "redline": redline,
        }),
    )
}

/// `POST paste`: the clipboard's HTML (Word, Google Docs, Outlook, web pages) as Markdown.
pub(super) async fn paste(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let bytes = match guard::admit(&shared, request, BODY_LIMIT).await {
        Ok(b) => b,
        Err(r) => return r.answer(&shared),
    };
    let html = String::from_utf8_lossy(&bytes);
    let m = crate::config::messages(&shared.root);
    // Pictures become a note in the archive's language (see docs/paste.md); the author is
    // told how many, since the note is easy to miss in a long paste.
    let converted = crate::import::html::html_to_markdown_in(&html, &m.lang);
    let pictures = converted
        .losses
        .iter()
        .find(|l| l.key == "pasted_pictures")
        .and_then(|l| l.args.first())
        .and_then(|(_, n)| n.parse::<usize>().ok())
        .unwrap_or(0);
    let note = (pictures > 0).then(|| m.count("ed_pasted_pictures", pictures));
    json_response(
        StatusCode::OK,
        &json!({ "markdown": converted.markdown, "note": note }),
    )
}

/// Whether an uploaded file's own name could be read as a path (it is only a hint for
/// the name it is saved under, but such a name is refused, not repaired).
fn name_is_pathlike(name: &str) -> bool {
    name.contains(['/', '\\', '\0', ':']) || name.contains("..") || name.trim().is_empty()
}

/// `POST upload?for=content/a/x-v2.md&name=photo.png`: a picture saved beside the revision
/// (`content/a/images/photo.png`), its type known by its bytes; answers the Markdown for it.
pub(super) async fn upload(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let for_file = query(&request, "for").unwrap_or_default();
    let name = query(&request, "name").unwrap_or_default();
    let bytes = match guard::admit(&shared, request, UPLOAD_LIMIT).await {
        Ok(b) => b,
        Err(r) => return r.answer(&shared),
    };
    if files::check(&for_file, Kind::Revision).is_err() || name_is_pathlike(&name) {
        return refuse(&shared, StatusCode::BAD_REQUEST, Refused::BadPath.key());
    }
    let Some(ext) = files::sniff_image(&bytes) else {
        return refuse(
            &shared,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "ed_refused_image",
        );
    };
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
    let stem = match slug::slugify(stem) {
        s if s.is_empty() => "image".to_owned(),
        s => s
            .chars()
            .take(60)
            .collect::<String>()
            .trim_end_matches('-')
            .to_owned(),
    };
    let folder = for_file.rsplit_once('/').map_or("content", |(d, _)| d);
    for n in 1..100 {
        let file = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let rel = format!("{folder}/images/{file}");
        match files::write_new(&shared.root, &rel, Kind::Image, &bytes) {
            Ok(_) => {
                return json_response(
                    StatusCode::OK,
                    &json!({ "path": rel, "markdown": format!("![]({})", format_args!("images/{file}")) }),
                );
            }
            Err(Refused::Exists) => continue,
            Err(e) => return refuse(&shared, StatusCode::BAD_REQUEST, e.key()),
        }
    }
    refuse(&shared, StatusCode::CONFLICT, Refused::Exists.key())
}

/// `POST save`: the file written as `new`/`revise` would with the author's text, then the
/// answer once the site is rebuilt with it: where to go, or what the build said.
pub(super) async fn save(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let bytes = match guard::admit(&shared, request, BODY_LIMIT).await {
        Ok(b) => b,
        Err(r) => return r.answer(&shared),
    };
    let form = match read_form(&bytes) {
        Ok(f) => f,
        Err(r) => return r.answer(&shared),
    };
    let m = crate::config::messages(&shared.root);
    let worked = draft::work(&shared.root, &form, last(&shared).as_deref(), today());
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
        Err(e) => return refuse(&shared, StatusCode::BAD_REQUEST, e.key()),
    }
    let left_out = planned.status == crate::model::Declared::Draft && !shared.drafts;
    let wait = tokio::time::sleep(Duration::from_secs(60));
    tokio::pin!(wait);
    let outcome = loop {
        tokio::select! {
            signal = signals.recv() => match signal {
                Ok(Signal::Reload(_)) => {
                    let last = last(&shared);
                    let built = last.as_ref().is_some_and(|l| {
                        l.archive.guidelines.iter().any(|g| g.revisions.iter().any(|n| n.rev.source_path == planned.rel))
                    });
                    if built || left_out {
                        break Ok(last);
                    }
                }
                Ok(Signal::Problems(_)) => break Err(()),
                Ok(Signal::Shutdown) | Err(broadcast::error::RecvError::Closed) => break Ok(None),
                Err(broadcast::error::RecvError::Lagged(_)) => {}
            },
            () = &mut wait => break Ok(None),
        }
    };
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
                draft::warnings_for(&planned.rel, &l, &text, &m)
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
