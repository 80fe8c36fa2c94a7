//! The editor's pages: the form for a new guideline, for the next revision, or for a
//! draft edited in place; the page that says why there is no form; and the guideline list
//! for the link search.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::draft::{self, FormData};
use super::files;
use super::guard::{self, refuse};
use super::routes::{last, query, today};
use super::{ROOT, Shared, form, json_response, page_response};

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
    let form = FormData {
        mode: "revise".into(),
        date: today().to_string(),
        status: "active".into(),
        ..from_planned(&shared, &id, &planned)
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
    let form = FormData {
        mode: "edit".into(),
        changes: planned.changes.clone(),
        date: planned.date.to_string(),
        status: "draft".into(),
        minor: planned.editorial,
        ..from_planned(&shared, &id, &planned)
    };
    show(&shared, &form, "/")
}

/// The form's fields a revision and an edited draft both take from the planned file: the
/// file it is made from (with its hash, for the conflict check), title, category, summary,
/// review date and text.
fn from_planned(shared: &Shared, id: &str, planned: &crate::authoring::Planned) -> FormData {
    let base = planned.base.clone().unwrap_or_default();
    FormData {
        id: id.to_owned(),
        base_hash: files::hash_of(&shared.root.join(&base)).unwrap_or_default(),
        base,
        title: planned.title.clone(),
        category: planned.category.clone(),
        summary: planned.summary.clone(),
        review_by: planned.review_by.map(|d| d.to_string()).unwrap_or_default(),
        body: draft::box_body(&planned.body),
        ..FormData::default()
    }
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
