//! Serving [`Resource`](crate::rest::Resource)s: methods to operations, the body read within
//! its limits, every answer and refusal as JSON.

use std::pin::Pin;
use std::sync::Arc;

use bytes::{Buf, Bytes};
use futures_util::{Stream, StreamExt};
use tracing::error;
use warp::http::{HeaderMap, HeaderValue, Method, Response, StatusCode, header};

use super::http::{Body, Request};
use super::{Shared, sessions, upgrade};
use crate::rest::dynamic::DynResource;
use crate::rest::{Op, RestCx, RestError};
use crate::route::{Params, Routes};
use crate::warn_limit::{WarnLimit, limited_warn};

/// The request's body, not read yet: only a write that is allowed reads it.
pub(crate) type BodyStream = Pin<Box<dyn Stream<Item = Result<Bytes, warp::Error>> + Send>>;

/// Makes warp's body stream one of [`BodyStream`].
pub(crate) fn body_stream<B: Buf>(
    s: impl Stream<Item = Result<B, warp::Error>> + Send + 'static,
) -> BodyStream {
    Box::pin(s.map(|chunk| chunk.map(|mut b| b.copy_to_bytes(b.remaining()))))
}

/// A resource at a route: the collection (`/api/rooms`) or one item (`/api/rooms/{id}`).
#[derive(Clone)]
pub(crate) struct Mount {
    pub(crate) resource: Arc<dyn DynResource>,
    pub(crate) item: bool,
}

/// The parameter that holds an item's id in a resource's item route.
pub(crate) const ID: &str = "n2o_rest_id";

/// Adds `resource`'s two routes; the message of the refusal names the prefix.
pub(crate) fn mount(
    routes: &mut Routes<Mount>,
    prefix: &str,
    resource: Arc<dyn DynResource>,
) -> Result<(), String> {
    routes.insert(prefix, Mount { resource: resource.clone(), item: false })?;
    routes.insert(&format!("{prefix}/{{{ID}}}"), Mount { resource, item: true })
}

/// Answers one request to a resource.
pub(crate) async fn serve(
    shared: &Arc<Shared>,
    req: &Request<'_>,
    mount: &Mount,
    params: Params,
    body: Option<BodyStream>,
) -> Response<Body> {
    let resource = mount.resource.as_ref();
    let allow = allow(resource.ops(), mount.item);
    let op = match (&req.method, mount.item) {
        (&Method::GET | &Method::HEAD, false) => Op::List,
        (&Method::GET | &Method::HEAD, true) => Op::Get,
        (&Method::POST, false) => Op::Create,
        (&Method::PUT, true) => Op::Update,
        (&Method::DELETE, true) => Op::Delete,
        (&Method::OPTIONS, _) => {
            let mut res = Response::new(Body::new());
            *res.status_mut() = StatusCode::NO_CONTENT;
            set_allow(res.headers_mut(), &allow);
            return res;
        }
        _ => return refuse(&RestError::NotAllowed, &allow),
    };
    if !resource.ops().contains(&op) {
        return refuse(&RestError::NotAllowed, &allow);
    }
    if op.is_write() {
        let https = sessions::is_https(shared, &req.headers);
        if let Err(origin) = upgrade::check_origin(&req.headers, &shared.config.origins, https) {
            limited_warn!(warns(), path = req.path, origin, "cross-origin REST write refused");
            return refuse(&RestError::Forbidden, &allow);
        }
    }
    let (params, id) = split_id(params);
    let cx = RestCx {
        path: req.path.to_owned(),
        params,
        query: req.query.clone(),
        bearer: bearer(&req.headers),
        session: sessions::existing(shared, &sessions::cookies(&req.headers)).await,
        store: shared.store.clone(),
        hub: shared.hub.clone(),
    };
    if let Err(e) = resource.authorize(&cx, op).await {
        return refuse(&e, &allow);
    }
    let body = match op {
        Op::Create | Op::Update => {
            if let Some(refusal) = not_json(&req.headers) {
                return refusal;
            }
            match read_body(shared, &req.headers, body).await {
                Ok(body) => body,
                Err(e) => return e.answer(shared.config.max_body_bytes),
            }
        }
        _ => Bytes::new(),
    };
    match resource.run(&cx, op, id.as_deref(), &body).await {
        Ok(answer) => {
            let mut res = Response::new(Body::from(answer.body));
            *res.status_mut() = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
            if answer.status != 204 {
                json_headers(res.headers_mut());
            }
            if let Some(id) = answer.created {
                let location = format!("{}/{}", req.path.trim_end_matches('/'), encode(&id));
                if let Ok(v) = HeaderValue::from_str(&location) {
                    res.headers_mut().insert(header::LOCATION, v);
                }
            }
            res
        }
        Err(e) => {
            if let RestError::Internal(reason) = &e {
                error!(path = req.path, %reason, "REST resource failed");
            }
            refuse(&e, &allow)
        }
    }
}

/// The path parameters without the item's id, and the id.
fn split_id(params: Params) -> (Params, Option<String>) {
    let id = params.get(ID).map(str::to_owned);
    (params.without(ID), id)
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned())
}

/// `415` unless the body says it is JSON (`application/json`, with parameters or not).
fn not_json(headers: &HeaderMap) -> Option<Response<Body>> {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = ct.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        return None;
    }
    let e = RestError::BadRequest(format!(
        "the body must be application/json, not {:?}",
        if ct.is_empty() { "nothing" } else { ct }
    ));
    Some(with_status(refuse(&e, &[]), StatusCode::UNSUPPORTED_MEDIA_TYPE))
}

/// Why a body was not read.
enum BodyError {
    /// Over the limit (`413`).
    TooLarge,
    /// The connection failed mid-body (`400`).
    Cut,
    /// Slower than the frame timeout (`408`).
    Slow,
}

impl BodyError {
    fn answer(self, limit: usize) -> Response<Body> {
        let (status, text) = match self {
            BodyError::TooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, format!("the body is over {limit} bytes"))
            }
            BodyError::Cut => (StatusCode::BAD_REQUEST, "the body was cut off".to_owned()),
            BodyError::Slow => (StatusCode::REQUEST_TIMEOUT, "the body took too long".to_owned()),
        };
        let mut res = with_status(refuse(&RestError::BadRequest(text), &[]), status);
        // What is left of the body is not read: the connection cannot carry another request.
        res.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        res
    }
}

fn with_status(mut res: Response<Body>, status: StatusCode) -> Response<Body> {
    *res.status_mut() = status;
    res
}

/// The whole body, within [`Config::max_body_bytes`](crate::Config::max_body_bytes)
/// (told by `Content-Length` before a byte is read, or counted) and
/// [`Config::frame_timeout`](crate::Config::frame_timeout).
async fn read_body(
    shared: &Shared,
    headers: &HeaderMap,
    body: Option<BodyStream>,
) -> Result<Bytes, BodyError> {
    let limit = shared.config.max_body_bytes;
    let claimed = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if claimed.is_some_and(|n| n > limit as u64) {
        limited_warn!(warns(), limit, claimed, "REST body over the limit refused");
        return Err(BodyError::TooLarge);
    }
    let Some(mut body) = body else { return Ok(Bytes::new()) };
    let mut out = Vec::with_capacity(claimed.map_or(0, |n| n as usize));
    let read = async {
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|_| BodyError::Cut)?;
            if out.len() + chunk.len() > limit {
                limited_warn!(warns(), limit, "REST body over the limit refused");
                return Err(BodyError::TooLarge);
            }
            out.extend_from_slice(&chunk);
        }
        Ok(())
    };
    match tokio::time::timeout(shared.config.frame_timeout, read).await {
        Ok(Ok(())) => Ok(Bytes::from(out)),
        Ok(Err(e)) => Err(e),
        Err(_) => {
            limited_warn!(warns(), "REST body too slow, refused");
            Err(BodyError::Slow)
        }
    }
}

/// The methods a route takes, for `Allow`.
fn allow(ops: &[Op], item: bool) -> Vec<&'static str> {
    let mut methods = Vec::new();
    let has = |op| ops.contains(&op);
    if (!item && has(Op::List)) || (item && has(Op::Get)) {
        methods.extend(["GET", "HEAD"]);
    }
    if !item && has(Op::Create) {
        methods.push("POST");
    }
    if item && has(Op::Update) {
        methods.push("PUT");
    }
    if item && has(Op::Delete) {
        methods.push("DELETE");
    }
    methods.push("OPTIONS");
    methods
}

fn set_allow(h: &mut HeaderMap, allow: &[&str]) {
    if let Ok(v) = HeaderValue::from_str(&allow.join(", ")) {
        h.insert(header::ALLOW, v);
    }
}

fn json_headers(h: &mut HeaderMap) {
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// A refusal as JSON, with `Allow` on a `405` and `WWW-Authenticate` on a `401`.
fn refuse(e: &RestError, allow: &[&str]) -> Response<Body> {
    let mut res = Response::new(Body::from(e.body()));
    *res.status_mut() =
        StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = res.headers_mut();
    json_headers(h);
    match e {
        RestError::NotAllowed => set_allow(h, allow),
        RestError::Unauthorized => {
            h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        _ => {}
    }
    res
}

/// The limit on the warnings REST clients can cause, all of them together.
fn warns() -> std::sync::MutexGuard<'static, WarnLimit> {
    static WARNS: std::sync::OnceLock<std::sync::Mutex<WarnLimit>> = std::sync::OnceLock::new();
    let limit = WARNS.get_or_init(|| std::sync::Mutex::new(WarnLimit::connection()));
    limit.lock().unwrap_or_else(|e| e.into_inner())
}

/// What stays as it is in a path segment (RFC 3986's unreserved characters).
const SEGMENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// An id as one path segment.
fn encode(id: &str) -> String {
    percent_encoding::utf8_percent_encode(id, SEGMENT).to_string()
}
