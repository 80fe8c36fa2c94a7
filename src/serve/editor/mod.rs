//! The browser editor of `redthread serve` (issue 17): a form to write a new guideline or
//! the next revision, with a live preview and redline by the real pipeline, paste from
//! Word made Markdown, pictures saved into the archive, and the save written as
//! `redthread new`/`revise` would write it ([`crate::authoring::Planned`]).
//!
//! It exists only while serving: the built site has none of it. Every request that changes
//! something passes [`guard`]; every file goes through [`files`]. The parts: `guard` (who
//! may ask), `files` (what may be written), `draft` (a form -> a planned file and its
//! problems), `form` (the form's HTML), `pages` (the GET pages), `routes` (preview, paste,
//! upload), `save`.

use std::sync::{Arc, Mutex, OnceLock};

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use rand_core::RngCore as _;

use super::Shared;
use crate::diagnostics::Diagnostic;
use crate::markdown::LinkTargets;
use crate::model::Archive;

mod draft;
mod files;
mod form;
mod guard;
mod pages;
mod routes;
mod save;

/// Where the editor's pages and endpoints live (under the server's own prefix).
pub(super) const ROOT: &str = "/__redthread/editor/";
const EDITOR_JS: &str = include_str!("editor.js");
const EDITOR_CSS: &str = include_str!("editor.css");
const ACTIONS_JS: &str = include_str!("actions.js");

/// The editor's state for one run of `serve`.
pub(super) struct Editor {
    /// The per-run secret every changing request must send (hex of 32 random bytes).
    token: String,
    /// The redline's words, loaded with the theme on first use.
    labels: OnceLock<crate::render::redline::Labels>,
    /// The revision files as read for the last preview, and the build count they are from:
    /// previews while typing read the archive once per build, not once per keystroke.
    scan: Mutex<Option<(u64, Arc<crate::authoring::Scan>)>>,
}

impl Editor {
    /// A new secret from the system's random generator.
    pub(super) fn new() -> Editor {
        let mut bytes = [0u8; 32];
        rand_core::OsRng.fill_bytes(&mut bytes);
        Editor {
            token: bytes.iter().map(|b| format!("{b:02x}")).collect(),
            labels: OnceLock::new(),
            scan: Mutex::new(None),
        }
    }

    /// Compares in constant time (`subtle`), so the secret cannot be guessed byte by byte.
    fn token_matches(&self, given: &str) -> bool {
        use subtle::ConstantTimeEq as _;
        bool::from(self.token.as_bytes().ct_eq(given.as_bytes()))
    }
}

/// What the editor needs from the last good build.
#[derive(Debug)]
pub(super) struct Last {
    /// The revision graph.
    pub(super) archive: Archive,
    /// Where links may land, for the preview.
    pub(super) targets: Arc<LinkTargets>,
    /// The build's warnings (`check`'s own are added when a save asks, see
    /// [`draft::warnings_for`]).
    pub(super) warnings: Vec<Diagnostic>,
}

/// Whether the editor runs for a server listening on `ip`: always on loopback, on a network
/// address only when asked for by name.
pub(super) fn enabled(ip: std::net::IpAddr, on_network: bool) -> bool {
    ip.is_loopback() || on_network
}

/// The editor's routes.
pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/__redthread/editor/new", get(pages::new_page))
        .route("/__redthread/editor/revise", get(pages::revise_page))
        .route("/__redthread/editor/edit", get(pages::edit_page))
        .route("/__redthread/editor/guidelines", get(pages::guidelines))
        .route(
            "/__redthread/editor/editor.js",
            get(|| asset("text/javascript; charset=utf-8", EDITOR_JS)),
        )
        .route(
            "/__redthread/editor/editor.css",
            get(|| asset("text/css; charset=utf-8", EDITOR_CSS)),
        )
        .route(
            "/__redthread/editor/actions.js",
            get(|| asset("text/javascript; charset=utf-8", ACTIONS_JS)),
        )
        .route("/__redthread/editor/preview", post(routes::preview))
        .route("/__redthread/editor/paste", post(routes::paste))
        .route("/__redthread/editor/upload", post(routes::upload))
        .route("/__redthread/editor/save", post(save::save))
}

async fn asset(kind: &'static str, text: &'static str) -> Response {
    super::http::file_response(StatusCode::OK, kind, text.as_bytes().to_vec())
}

/// A JSON answer that is never cached.
pub(super) fn json_response(status: StatusCode, value: &serde_json::Value) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
    super::http::file_response(status, "application/json", body)
}

/// An HTML page of the editor: its own strict policy, never framed by another site.
pub(super) fn page_response(html: String) -> Response {
    let mut r = super::http::file_response(
        StatusCode::OK,
        "text/html; charset=utf-8",
        html.into_bytes(),
    );
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// The script tag that adds author actions ("New guideline", "New revision") to a served
/// page at site path `path`, or `None` where the page offers none.
pub(super) fn actions_tag(shared: &Shared, path: &str) -> Option<String> {
    shared.editor.as_ref()?;
    let m = crate::config::messages(&shared.root);
    let esc = crate::render::redline::escape;
    let new = |category: Option<&str>| {
        let query = category.map_or_else(String::new, |c| {
            format!(
                "?category={}",
                percent_encoding::utf8_percent_encode(c, percent_encoding::NON_ALPHANUMERIC)
            )
        });
        format!("{ROOT}new{query}")
    };
    let (href, label) = if path == crate::urls::HOME {
        (new(None), m.raw("ed_action_new"))
    } else if let Some(slug) = path
        .strip_prefix("categories/")
        .and_then(|p| p.strip_suffix(".html"))
    {
        let last = shared
            .last
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let name = last.and_then(|l| {
            l.archive
                .categories
                .iter()
                .find(|c| c.slug == slug)
                .map(|c| c.name.clone())
        });
        (new(name.as_deref()), m.raw("ed_action_new"))
    } else if let Some(id) = path
        .strip_prefix("guidelines/")
        .and_then(|p| p.strip_suffix("/index.html"))
    {
        // Built with drafts, a guideline whose latest revision is a draft offers to edit it.
        let last = shared
            .last
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let draft = last.is_some_and(|l| {
            l.archive.guidelines.iter().any(|g| {
                g.id.as_str() == id
                    && g.revisions
                        .last()
                        .is_some_and(|n| n.rev.declared == crate::model::Declared::Draft)
            })
        });
        if draft {
            (format!("{ROOT}edit?id={id}"), m.raw("ed_action_edit"))
        } else {
            (format!("{ROOT}revise?id={id}"), m.raw("ed_action_revise"))
        }
    } else if path.starts_with("guidelines/") {
        // A revision's own page: no action, but the place a save of a scheduled revision or
        // a draft lands on, where the save's warnings are shown.
        return Some(format!("<script src=\"{ROOT}actions.js\"></script>"));
    } else {
        return None;
    };
    Some(format!(
        "<script src=\"{ROOT}actions.js\" data-href=\"{}\" data-label=\"{}\" data-nav=\"{}\"></script>",
        esc(&href),
        esc(label),
        esc(m.raw("ed_action_nav"))
    ))
}
