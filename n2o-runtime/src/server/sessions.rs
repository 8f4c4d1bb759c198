//! Binding requests to sessions: the cookie on page renders, the same cookie on upgrades.

use std::sync::Arc;

use tracing::{error, warn};
use warp::http::{HeaderMap, header};

use super::Shared;
use crate::cx::CxParts;
use crate::pickle::SessionSeal;
use crate::route::Params;
use crate::session::{SessionId, cookie_header, session_from_cookie_header};

/// The request's `Cookie` headers as one string, read once per request: the session lookup
/// and [`Cx::cookie`](crate::cx::Cx::cookie) both use it.
pub(crate) fn cookies(headers: &HeaderMap) -> String {
    let mut values = headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok());
    let mut out = values.next().map(str::to_owned).unwrap_or_default();
    for v in values {
        out.push_str("; ");
        out.push_str(v);
    }
    out
}

/// The live session the request's cookies name, marked used.
pub(crate) async fn existing(shared: &Shared, cookies: &str) -> Option<SessionId> {
    let id = session_from_cookie_header(cookies)?;
    match shared.store.touch(&id).await {
        Ok(true) => Some(id),
        Ok(false) => None,
        Err(e) => {
            warn!(error = %e, "session store unavailable");
            None
        }
    }
}

/// The session for a page render: the cookie's if it is live, else a new one; with the
/// `Set-Cookie` value that (re)issues it. Ids are only ever made here, never taken from input.
///
/// The cookie is issued again on every render, so its `Max-Age` slides with the session's
/// idle expiry on the server.
pub(crate) async fn for_render(
    shared: &Shared,
    headers: &HeaderMap,
    cookies: &str,
) -> Result<(SessionId, Option<String>), ()> {
    let id = match existing(shared, cookies).await {
        Some(id) => id,
        None => shared
            .store
            .create()
            .await
            .map_err(|e| error!(error = %e, "cannot create a session"))?,
    };
    Ok((id, Some(cookie_header(&id, is_https(shared, headers), shared.config.session_ttl))))
}

/// Whether the browser reached us over HTTPS: the config says the site is
/// ([`Config::secure_cookies`](crate::Config::secure_cookies)), or the TLS proxy in front
/// says this request was (`X-Forwarded-Proto: https`). A client can send that header
/// itself, but only to make its own cookie `Secure` or its own `Origin` check stricter.
pub(crate) fn is_https(shared: &Shared, headers: &HeaderMap) -> bool {
    shared.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// What a render or a socket knows of the request that made it.
pub(crate) struct Origin {
    pub(crate) path: String,
    pub(crate) params: Params,
    pub(crate) query: String,
    pub(crate) peer: Option<std::net::SocketAddr>,
    pub(crate) cookies: String,
}

/// The context of a request or socket of `session`, without a connection.
pub(crate) fn parts(
    shared: &Arc<Shared>,
    origin: Origin,
    session: SessionId,
    stale_session: bool,
) -> CxParts {
    let Origin { path, params, query, peer, cookies } = origin;
    CxParts {
        path,
        params,
        query,
        peer,
        cookies,
        seal: SessionSeal { security: shared.security.clone(), session: session.to_string() },
        session,
        store: shared.store.clone(),
        hub: shared.hub.clone(),
        connection: None,
        stale_session,
    }
}
