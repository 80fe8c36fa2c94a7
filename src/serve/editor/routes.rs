//! The editor's endpoints that take a body, except save ([`super::save`]): preview (plan,
//! problems, preview and redline in one answer), paste and picture upload, each through
//! [`guard::admit`]; and the helpers the endpoints share.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::draft::{self, FormData, Worked};
use super::files::{self, Kind, Refused};
use super::guard::{self, BODY_LIMIT, UPLOAD_LIMIT, refuse};
use super::{Last, Shared, json_response};

pub(super) fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

pub(super) fn last(shared: &Shared) -> Option<Arc<Last>> {
    shared
        .last
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
}

/// A query parameter, decoded (`+` is a space, as forms send it).
pub(super) fn query(request: &Request, key: &str) -> Option<String> {
    request.uri().query()?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == key).then(|| {
            percent_encoding::percent_decode_str(&v.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        })
    })
}

/// Works the form out on a blocking thread (it reads the archive), so the server keeps
/// answering meanwhile. A preview reads the archive once per build; a save always afresh.
pub(super) async fn work(
    shared: &Arc<Shared>,
    form: FormData,
    last: Option<Arc<Last>>,
    preview: bool,
) -> Option<Worked> {
    let shared = shared.clone();
    tokio::task::spawn_blocking(move || {
        let builds = shared.builds.load(std::sync::atomic::Ordering::SeqCst);
        let editor = shared.editor.as_ref()?;
        let cached = editor
            .scan
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .filter(|(b, _)| preview && *b == builds)
            .map(|(_, s)| s);
        let scan = cached.unwrap_or_else(|| {
            let fresh = Arc::new(crate::authoring::scan(&shared.root));
            *editor.scan.lock().unwrap_or_else(|e| e.into_inner()) = Some((builds, fresh.clone()));
            fresh
        });
        Some(draft::work(
            &shared.root,
            &scan,
            &form,
            last.as_deref(),
            today(),
        ))
    })
    .await
    .ok()
    .flatten()
}

/// Every check of [`guard::admit`], then the form the body holds.
pub(super) async fn admit_form(
    shared: &Shared,
    request: Request,
) -> Result<FormData, guard::Refusal> {
    let bytes = guard::admit(shared, request, BODY_LIMIT).await?;
    serde_json::from_slice(&bytes)
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

/// The redline of `new` against `old` as readers would see it, or nothing when they are
/// the same.
fn redline_html(shared: &Shared, old: &str, new: &str) -> String {
    let Some(editor) = shared.editor.as_ref() else {
        return String::new();
    };
    let labels = editor
        .labels
        .get_or_init(|| crate::render::labels_for(&shared.root));
    let (old, new) = (crate::blocks::blocks(old), crate::blocks::blocks(new));
    let r = crate::diff::redline(&old, &new);
    if r.counts() == crate::diff::Counts::default() {
        String::new()
    } else {
        crate::render::redline::to_html_with(&r, labels, &|_| None)
    }
}

/// `POST preview`: what the form works out to, its problems, the preview and the redline.
pub(super) async fn preview(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let form = match admit_form(&shared, request).await {
        Ok(f) => f,
        Err(r) => return r.answer(&shared),
    };
    let last = last(&shared);
    let Some(worked) = work(&shared, form.clone(), last.clone(), true).await else {
        return refuse(&shared, StatusCode::INTERNAL_SERVER_ERROR, "ed_failed");
    };
    // A redline of a long text takes a while: off the server's thread, like the form's work.
    let redline = {
        let shared = shared.clone();
        let old = worked.old_body.clone();
        let new = worked.planned.as_ref().map(|p| p.body.clone());
        tokio::task::spawn_blocking(move || match (old, new) {
            (Some(old), Some(new)) => redline_html(&shared, &old, &new),
            _ => String::new(),
        })
        .await
        .unwrap_or_default()
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
    let m = crate::config::messages(&shared.root);
    // Pictures become a note in the archive's language (see docs/paste.md); the author is
    // told how many, since the note is easy to miss in a long paste. Converted on a
    // blocking thread: a big paste takes a while, and live reload and other requests go on.
    let lang = m.lang.clone();
    let converted = tokio::task::spawn_blocking(move || {
        crate::import::html::html_to_markdown_in(&String::from_utf8_lossy(&bytes), &lang)
    })
    .await;
    let Ok(converted) = converted else {
        return refuse(&shared, StatusCode::INTERNAL_SERVER_ERROR, "ed_failed");
    };
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
        let mut signals = shared.signals.subscribe();
        match files::write_new(&shared.root, &rel, Kind::Image, &bytes) {
            Ok(_) => {
                // Answered once the site has the picture, so the next preview shows it.
                let attached = rel.strip_prefix("content/").unwrap_or(&rel).to_owned();
                let _ = super::save::rebuilt(&shared, &mut signals, Duration::from_secs(20), |l| {
                    l.targets.attachments.contains(&attached)
                })
                .await;
                let src = format!("images/{file}");
                return json_response(
                    StatusCode::OK,
                    &json!({ "path": rel, "src": src, "markdown": format!("![]({src})") }),
                );
            }
            Err(Refused::Exists) => continue,
            Err(e) => return files::refused(&shared, &e),
        }
    }
    refuse(&shared, StatusCode::CONFLICT, Refused::Exists.key())
}
