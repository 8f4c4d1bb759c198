//! HTTP: page renders, the embedded client files under `/n2o/`, and the way into WebSockets.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use tracing::{error, warn};
use warp::http::{HeaderMap, HeaderValue, Method, Response, StatusCode, header};
use warp::hyper::upgrade::OnUpgrade;
use warp::{Filter, Reply as _};

use super::accept::Peer;
use super::{Shared, assets, download, rest, sessions, upgrade};
use crate::client;
use crate::cx::Cx;
use crate::format::Format;
use crate::guard::guarded;
use crate::route::Params;

pub(crate) type Body = bytes::Bytes;

/// One filter for everything: pages are looked up by path at run time, so the routes are
/// as many as the app registers, not fixed at compile time.
pub(crate) fn routes(
    shared: Arc<Shared>,
) -> impl Filter<Extract = (warp::reply::Response,), Error = std::convert::Infallible> + Clone {
    warp::method()
        .and(warp::path::full())
        .and(warp::query::raw().or(warp::any().map(String::new)).unify())
        .and(warp::header::headers_cloned())
        .and(warp::ext::optional::<Peer>().map(|peer: Option<Peer>| peer.map(|Peer(a)| a)))
        .and(warp::ext::optional::<OnUpgrade>())
        .and(
            warp::body::stream()
                .map(|s| Some(rest::body_stream(s)))
                .or(warp::any().map(|| None))
                .unify(),
        )
        .then(move |method, path: warp::path::FullPath, query, headers, peer, on_upgrade, body| {
            let shared = shared.clone();
            async move {
                let req = Request { method, path: path.as_str(), query, headers, peer };
                // A download streams its body; every other answer is whole.
                if let Some(token) = req.path.strip_prefix("/n2o/file/")
                    && (req.method == Method::GET || req.method == Method::HEAD)
                {
                    return download::serve(&shared, &req, token).await;
                }
                handle(&shared, req, on_upgrade, body).await.into_response()
            }
        })
}

pub(crate) struct Request<'a> {
    pub(crate) method: Method,
    pub(crate) path: &'a str,
    pub(crate) query: String,
    pub(crate) headers: HeaderMap,
    pub(crate) peer: Option<SocketAddr>,
}

async fn handle(
    shared: &Arc<Shared>,
    req: Request<'_>,
    on_upgrade: Option<OnUpgrade>,
    body: Option<rest::BodyStream>,
) -> Response<Body> {
    if let Some((mount, params)) = shared.rest.at(req.path) {
        return rest::serve(shared, &req, mount, params, body).await;
    }
    if let Some(rest) = req.path.strip_prefix("/ws") {
        let page_path = if rest.is_empty() { "/" } else { rest };
        return match shared.pages.at(page_path) {
            // A WebSocket handshake is a GET (RFC 6455 §4.1); nothing else upgrades.
            Some(_) if req.method != Method::GET => not_allowed("GET"),
            Some((page, params)) => {
                upgrade::accept(shared, &req, page_path, page.clone(), params, on_upgrade)
            }
            None => plain(StatusCode::NOT_FOUND, "no page here"),
        };
    }
    if req.method != Method::GET && req.method != Method::HEAD {
        return not_allowed("GET, HEAD");
    }
    if req.path == "/n2o/build" {
        let mut res = Response::new(Body::from(client::build_id()));
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return res;
    }
    if let Some(file) = req.path.strip_prefix("/n2o/") {
        // hyper leaves the body out of a HEAD answer and keeps its length.
        return asset(file, &req.headers);
    }
    if let Some((mount, file)) =
        shared.assets.iter().find_map(|a| a.file_of(req.path).map(|f| (a, f)))
    {
        return mount.serve(file, &req.headers).await;
    }
    match shared.pages.at(req.path) {
        None if req.path == "/favicon.ico" => assets::favicon(),
        Some(_) if req.method == Method::HEAD => head(),
        Some((page, params)) => render(shared, page.as_ref(), &req, params, StatusCode::OK).await,
        None => match &shared.not_found {
            Some(page) if req.method == Method::GET => {
                render(shared, page.as_ref(), &req, Params::default(), StatusCode::NOT_FOUND).await
            }
            _ => plain(StatusCode::NOT_FOUND, "404 not found"),
        },
    }
}

/// `405` with the methods the path takes.
fn not_allowed(allow: &'static str) -> Response<Body> {
    let mut res = plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
    res.headers_mut().insert(header::ALLOW, HeaderValue::from_static(allow));
    res
}

/// A page's answer to `HEAD`: the headers of its `GET` without running its `main`, so a
/// `HEAD` has no side effects, creates no session and sets no cookie. There is no
/// `Content-Length`: it is the length of a render that did not happen.
fn head() -> Response<Body> {
    let mut res = Response::new(Body::new());
    page_headers(res.headers_mut());
    res
}

fn page_headers(h: &mut HeaderMap) {
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// Runs a page's `main` and answers with its HTML (`status` unless `main` set another), or
/// with the redirect `main` asked for.
async fn render(
    shared: &Arc<Shared>,
    page: &dyn crate::page::DynPage,
    req: &Request<'_>,
    params: Params,
    status: StatusCode,
) -> Response<Body> {
    let cookies = sessions::cookies(&req.headers);
    let Ok((session, set_cookie)) = sessions::for_render(shared, &req.headers, &cookies).await
    else {
        return plain(StatusCode::SERVICE_UNAVAILABLE, "503 sessions unavailable");
    };
    let origin = sessions::Origin {
        path: req.path.to_owned(),
        params,
        query: req.query.clone(),
        peer: req.peer,
        cookies,
    };
    let parts = sessions::parts(shared, origin, session, false);
    let mut cx = Cx::new(parts);
    let html = match guarded(page.main(&mut cx)).await {
        Ok(html) => html.into_string(),
        Err(panic) => {
            error!(page = req.path, panic = %panic, "page main panicked");
            return plain(StatusCode::INTERNAL_SERVER_ERROR, "500 internal server error");
        }
    };
    let answer = cx.take_answer();
    let status = answer.status.and_then(|s| StatusCode::from_u16(s).ok()).unwrap_or(status);
    let mut res = if status.is_redirection() {
        // The page is not sent: the browser goes elsewhere.
        Response::new(Body::new())
    } else {
        let wired = cx.take_actions();
        // The token carries where this render's generated ids stopped, so the connection's
        // renders continue after them instead of repeating them.
        let body = inject(&html, cx.next_auto_id(), Format::Bert, &wired);
        Response::new(Body::from(body))
    };
    *res.status_mut() = status;
    let h = res.headers_mut();
    page_headers(h);
    for (name, value) in answer.headers {
        // Checked by `Cx::set_header`; a value hyper still refuses is left out.
        if let (Ok(name), Ok(value)) =
            (header::HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&value))
        {
            h.append(name, value);
        }
    }
    if let Some(cookie) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        // Appended: a cookie `main` set with `set_header` stays beside the session's.
        h.append(header::SET_COOKIE, cookie);
    }
    res
}

/// Puts the client bootstrap (with `token`) and the JS the render wired before `</body>` (or
/// at the end).
fn inject(html: &str, token: u64, format: Format, wired: &str) -> String {
    let bootstrap = Bootstrap::of(format);
    // (+ 8: room for a few `<\/`, which the wiring JS rarely has.)
    let script = if wired.is_empty() { 0 } else { "<script></script>".len() + wired.len() + 8 };
    let at = rfind_ignore_case(html.as_bytes(), b"</body>").unwrap_or(html.len());
    // One buffer of the final size, written in order: no lower-cased copy of the page to
    // search, no shifting of its end to make room.
    // (+ 20: the token's digits.)
    let mut out = String::with_capacity(html.len() + bootstrap.len() + 20 + script);
    out.push_str(&html[..at]);
    bootstrap.push(token, &mut out);
    if !wired.is_empty() {
        out.push_str("<script>");
        // `</script` inside the JS would end the element early; `<\/` is the same in JS.
        let mut parts = wired.split("</");
        out.push_str(parts.next().unwrap_or_default());
        for part in parts {
            out.push_str("<\\/");
            out.push_str(part);
        }
        out.push_str("</script>");
    }
    out.push_str(&html[at..]);
    out
}

/// [`client::bootstrap`] cut around its token, made once per format: a render then writes
/// the two halves and the token's digits instead of building the scripts anew (BENCHMARKS.md
/// has what that saved).
enum Bootstrap {
    /// The text before the token's digits and after them. A decimal token is its own JS
    /// string literal body, so nothing in between needs escaping.
    Cut(String, String),
    /// `client::bootstrap` does not quote the token as expected: build it each time.
    Whole(Format),
}

impl Bootstrap {
    fn of(format: Format) -> &'static Bootstrap {
        static CUTS: [OnceLock<Bootstrap>; Format::CACHED] = [const { OnceLock::new() }; _];
        // Pages start in a built-in format; any other gets the first cut's shape.
        CUTS[format.slot().unwrap_or(0)].get_or_init(|| {
            const MARKER: &str = "n2o0token0marker";
            let html = client::bootstrap(MARKER, format).into_string();
            let quoted = crate::js::quote(MARKER);
            match (html.find(&quoted), html.matches(&quoted).count()) {
                (Some(at), 1) => Bootstrap::Cut(
                    format!("{}'", &html[..at]),
                    format!("'{}", &html[at + quoted.len()..]),
                ),
                _ => Bootstrap::Whole(format),
            }
        })
    }

    fn len(&self) -> usize {
        match self {
            Bootstrap::Cut(before, after) => before.len() + after.len(),
            Bootstrap::Whole(_) => 200,
        }
    }

    fn push(&self, token: u64, out: &mut String) {
        match self {
            Bootstrap::Cut(before, after) => {
                out.push_str(before);
                let _ = write!(out, "{token}");
                out.push_str(after);
            }
            Bootstrap::Whole(format) => {
                out.push_str(client::bootstrap(&token.to_string(), *format).as_str());
            }
        }
    }
}

/// Where the last `needle` (ASCII) starts in `haystack`, ignoring ASCII case. A match starts
/// at an ASCII byte, so the index is a char boundary.
fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w.eq_ignore_ascii_case(needle))
}

fn asset(file: &str, headers: &HeaderMap) -> Response<Body> {
    let Some(asset) = client::asset(file) else {
        warn!(file, "unknown client file asked for");
        return plain(StatusCode::NOT_FOUND, "404 not found");
    };
    let etag = asset_etag(asset.body);
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
        let mut res = Response::new(Body::new());
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        return res;
    }
    let mut res = Response::new(Bytes::from_static(asset.body.as_bytes()));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    res
}

/// A strong ETag from the file's bytes: the files are compiled in, so it changes only
/// when the binary does.
fn asset_etag(body: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut h);
    format!("\"{:016x}\"", h.finish())
}

pub(crate) fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut res = Response::new(Bytes::from_static(text.as_bytes()));
    *res.status_mut() = status;
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inject_goes_before_the_last_body_close() {
        let out = inject("<html><BODY>x</Body></html>", 1, Format::Bert, "a();");
        let at = out.find("</Body>").unwrap();
        assert!(out[..at].ends_with("<script>a();</script>"), "{out}");
        assert!(out.contains("/n2o/"));
    }

    #[test]
    fn inject_appends_without_a_body_close_and_keeps_text_around_it() {
        let out = inject("<p>é</p>", 1, Format::Bert, "");
        assert!(out.starts_with("<p>é</p><script src="), "{out}");
        let out = inject("a</body>b</BODY>c", 1, Format::Bert, "x();");
        assert!(out.starts_with("a</body>b<script src="), "{out}");
        assert!(out.ends_with("<script>x();</script></BODY>c"), "{out}");
        assert_eq!(rfind_ignore_case(b"</bod", b"</body>"), None);
    }

    #[test]
    fn the_cut_bootstrap_is_the_client_bootstrap() {
        for format in [Format::Bert, Format::Json] {
            assert!(matches!(Bootstrap::of(format), Bootstrap::Cut(..)));
            for token in [0, 1, 42, u64::MAX] {
                let mut out = String::new();
                Bootstrap::of(format).push(token, &mut out);
                assert_eq!(out, client::bootstrap(&token.to_string(), format).into_string());
            }
        }
    }

    #[test]
    fn inject_escapes_script_close_in_wired_js() {
        let out = inject("x", 1, Format::Bert, "alert('</script><b>');");
        assert!(out.ends_with("<script>alert('<\\/script><b>');</script>"), "{out}");
    }
}
