//! The checks every request that changes something must pass before it is read: the
//! editor is on, the Host names this computer (no DNS rebinding), the Origin is this
//! server's own (no other web page can post here), the per-run secret is sent, and the
//! body is no larger than its limit. Each refusal says why, in the archive's language.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::Response;

use super::Shared;
use super::json_response;

/// The header that carries the per-run secret.
pub(super) const TOKEN_HEADER: &str = "x-redthread-token";
/// Largest form or pasted HTML the editor reads.
pub(super) const BODY_LIMIT: usize = 2 * 1024 * 1024;
/// Largest picture the editor takes.
pub(super) const UPLOAD_LIMIT: usize = 10 * 1024 * 1024;

/// A refusal: the status and the key of the author's words.
pub(super) fn refuse(shared: &Shared, status: StatusCode, key: &str) -> Response {
    let m = crate::config::messages(&shared.root);
    json_response(
        status,
        &serde_json::json!({ "error": m.raw(key), "refused": key }),
    )
}

/// A refusal not yet said: the status and the key of the author's words.
#[derive(Debug, Clone, Copy)]
pub(super) struct Refusal(pub StatusCode, pub &'static str);

impl Refusal {
    /// The answer, in the archive's language.
    pub(super) fn answer(self, shared: &Shared) -> Response {
        refuse(shared, self.0, self.1)
    }
}

/// Whether the request may read an editor page: the editor is on, and the Host is local
/// when serving on loopback, or an address (not a name) on a network. A web page can only
/// reach the editor through DNS rebinding with a name of its own, so names are refused.
pub(super) fn may_read(shared: &Shared, request: &Request) -> Result<(), Refusal> {
    if shared.editor.is_none() {
        return Err(Refusal(StatusCode::NOT_FOUND, "ed_off"));
    }
    if shared.local_only && !super::super::http::local_host(request) {
        return Err(Refusal(StatusCode::FORBIDDEN, "ed_refused_host"));
    }
    let address = super::super::http::host_name(request).is_some_and(|n| {
        n.eq_ignore_ascii_case("localhost") || n.parse::<std::net::IpAddr>().is_ok()
    });
    if !shared.local_only && !address {
        return Err(Refusal(StatusCode::FORBIDDEN, "ed_refused_host_name"));
    }
    Ok(())
}

/// Runs every check and reads the body (up to `limit` bytes).
pub(super) async fn admit(
    shared: &Shared,
    request: Request,
    limit: usize,
) -> Result<Bytes, Refusal> {
    may_read(shared, &request)?;
    let Some(editor) = &shared.editor else {
        return Err(Refusal(StatusCode::NOT_FOUND, "ed_off"));
    };
    let headers = request.headers();
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    // A browser names the page a request comes from; only this server's own pages may
    // change files. A request without an Origin is no browser's form post either.
    let host = text(header::HOST.as_str()).unwrap_or("");
    let same_origin = text(header::ORIGIN.as_str())
        .is_some_and(|o| !host.is_empty() && o.eq_ignore_ascii_case(&format!("http://{host}")));
    let fetch_site_ok = text("sec-fetch-site").is_none_or(|s| s == "same-origin");
    if !same_origin || !fetch_site_ok {
        return Err(Refusal(StatusCode::FORBIDDEN, "ed_refused_origin"));
    }
    if !text(TOKEN_HEADER).is_some_and(|t| editor.token_matches(t)) {
        return Err(Refusal(StatusCode::FORBIDDEN, "ed_refused_token"));
    }
    let declared = text(header::CONTENT_LENGTH.as_str()).and_then(|l| l.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(Refusal(StatusCode::PAYLOAD_TOO_LARGE, "ed_refused_size"));
    }
    let body: Body = request.into_body();
    axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| Refusal(StatusCode::PAYLOAD_TOO_LARGE, "ed_refused_size"))
}
