//! Answering a request from the site in memory: the path checked and looked up (never on
//! disk), the right content type, the site's 404, and only local Host names.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::html::{WAITING, inject, inject_tag, rooted};
use super::*;
use crate::output::Site;

pub(super) async fn live_js() -> Response {
    file_response(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        LIVE_JS.as_bytes().to_vec(),
    )
}
pub(super) async fn live_css() -> Response {
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
/// `%XX` escapes decoded; `None` for an escape that is not two hex digits or text that is
/// not UTF-8, which no path of the site has.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let escapes_ok = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'%')
        .all(|(i, _)| {
            bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
        });
    let decoded = percent_encoding::percent_decode_str(s).decode_utf8().ok()?;
    escapes_ok.then(|| decoded.into_owned())
}

pub(super) async fn page(State(shared): State<Arc<Shared>>, request: Request) -> Response {
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
        Lookup::Index(path) => serve_file(&shared, &site, &path, generation),
        Lookup::FileOrFolder(path) => {
            if site.get(&path).is_some() {
                serve_file(&shared, &site, &path, generation)
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
pub(super) fn serve_file(shared: &Shared, site: &Site, path: &str, generation: u64) -> Response {
    let Some(bytes) = site.get(path) else {
        return not_found(site, generation);
    };
    let kind = content_type(path);
    if site.is_copied(path) {
        // An attachment or static file is the archive's, not redthread's: an HTML or SVG
        // one could run a script that reads the editor's pages (and its secret) from this
        // origin. Sandboxed, it gets an opaque origin of its own.
        let mut r = file_response(StatusCode::OK, kind, bytes.to_vec());
        r.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox"),
        );
        return r;
    }
    let body = if kind.starts_with("text/html") {
        let page = inject(bytes, generation);
        match super::editor::actions_tag(shared, path) {
            Some(tag) => inject_tag(&page, &tag),
            None => page,
        }
    } else {
        bytes.to_vec()
    };
    file_response(StatusCode::OK, kind, body)
}
pub(super) fn not_found(site: &Site, generation: u64) -> Response {
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
/// The host name the request names, without its port (`localhost`, `10.0.0.5`, `::1`).
pub(super) fn host_name(request: &Request) -> Option<&str> {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())?;
    Some(match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    })
}
/// Whether the request names this computer (`localhost`, `127.0.0.1`, `[::1]`, any port).
pub(super) fn local_host(request: &Request) -> bool {
    let Some(name) = host_name(request) else {
        // HTTP/1.0 clients may send no Host; they are not browsers a page can steer.
        return true;
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}
pub(super) fn file_response(status: StatusCode, kind: &'static str, body: Vec<u8>) -> Response {
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
