//! The WebSocket handshake: header checks, the `Origin` check, and a lean socket per connection.
//!
//! warp's own `ws()` filter cannot set tungstenite's read buffer, which is 128 KiB per
//! connection by default; this handshake hands the upgraded connection to tokio-tungstenite
//! with a 4 KiB one (measured before choosing: about 130 KiB vs 6.6 KiB per idle socket).

use std::sync::Arc;

use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tracing::{Instrument, debug, info_span, warn};
use warp::http::{HeaderMap, HeaderValue, Response, StatusCode, header};
use warp::hyper::upgrade::OnUpgrade;

use super::Shared;
use super::http::{Body, Request, plain};
use super::meter::{Meter, Metered};
use super::{conn, sessions};
use crate::page::DynPage;

pub(crate) fn accept(
    shared: &Arc<Shared>,
    req: &Request<'_>,
    page_path: &str,
    page: Arc<dyn DynPage>,
    on_upgrade: Option<OnUpgrade>,
) -> Response<Body> {
    let headers = &req.headers;
    let key = match handshake_key(headers) {
        Ok(key) => key,
        Err(why) => {
            debug!(path = req.path, why, "not a WebSocket handshake");
            return plain(StatusCode::BAD_REQUEST, "expected a WebSocket handshake");
        }
    };
    if let Err(origin) = check_origin(headers, &shared.config.origins) {
        warn!(path = req.path, origin, peer = ?req.peer, "cross-origin WebSocket refused");
        return plain(StatusCode::FORBIDDEN, "cross-origin WebSocket refused");
    }
    let Some(on_upgrade) = on_upgrade else {
        return plain(StatusCode::BAD_REQUEST, "connection cannot be upgraded");
    };
    let limits = shared.config.limits;
    let config = WebSocketConfig::default()
        .read_buffer_size(4096)
        .write_buffer_size(0)
        .max_message_size(Some(limits.max_frame))
        .max_frame_size(Some(limits.max_frame));
    let span =
        info_span!("ws", page = page_path, peer = ?req.peer, session = tracing::field::Empty);
    // Only what the connection needs moves into its task: the request's headers would keep
    // hyper's whole read buffer alive (header values are slices of it), 8 KiB a socket.
    let (shared, path, query, peer) =
        (shared.clone(), page_path.to_owned(), req.query.clone(), req.peer);
    let cookies = sessions::cookies(headers);
    tokio::spawn(
        async move {
            match on_upgrade.await {
                Ok(upgraded) => {
                    let meter = Meter::new(shared.unfinished.clone());
                    let io = Metered::new(hyper_util::rt::TokioIo::new(upgraded), meter.clone());
                    let ws = WebSocketStream::from_raw_socket(io, Role::Server, Some(config)).await;
                    let (session, stale) = match sessions::existing(&shared, &cookies).await {
                        Some(id) => (id, false),
                        None => match shared.store.create().await {
                            Ok(id) => (id, true),
                            Err(e) => {
                                tracing::error!(error = %e, "cannot create a session");
                                return;
                            }
                        },
                    };
                    // Only the id's first characters: enough to follow one session in the log.
                    // (Formatted only when a subscriber listens: the span is disabled otherwise.)
                    let span = tracing::Span::current();
                    if !span.is_disabled() {
                        span.record("session", format!("{session:?}"));
                    }
                    let parts =
                        sessions::parts(&shared, path, query, peer, cookies, session, stale);
                    conn::run(ws, meter, &shared, page, parts).await;
                }
                Err(e) => debug!(error = %e, "upgrade failed"),
            }
        }
        .instrument(span),
    );
    let mut res = Response::new(Body::new());
    *res.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let h = res.headers_mut();
    h.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
    h.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    if let Ok(v) = HeaderValue::from_str(&key) {
        h.insert(header::SEC_WEBSOCKET_ACCEPT, v);
    }
    res
}

fn handshake_key(headers: &HeaderMap) -> Result<String, &'static str> {
    let has_token = |name, token: &str| {
        headers.get_all(name).iter().any(|v| {
            v.to_str().is_ok_and(|s| s.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
        })
    };
    if !has_token(header::CONNECTION, "upgrade") {
        return Err("no `Connection: upgrade`");
    }
    if !has_token(header::UPGRADE, "websocket") {
        return Err("no `Upgrade: websocket`");
    }
    if headers.get(header::SEC_WEBSOCKET_VERSION).map(|v| v.as_bytes()) != Some(b"13") {
        return Err("`Sec-WebSocket-Version` is not 13");
    }
    let key = headers.get(header::SEC_WEBSOCKET_KEY).ok_or("no `Sec-WebSocket-Key`")?;
    Ok(derive_accept_key(key.as_bytes()))
}

/// Same origin, or one the config allows. A request without `Origin` is not from a browser
/// page, so cross-site WebSocket hijacking does not apply to it.
fn check_origin(headers: &HeaderMap, allowed: &[String]) -> Result<(), String> {
    let Some(origin) = headers.get(header::ORIGIN) else { return Ok(()) };
    let origin = origin.to_str().map_err(|_| "<not text>".to_owned())?;
    if allowed.iter().any(|a| a == origin) {
        return Ok(());
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let origin_host = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
    match origin_host {
        Some(h) if !host.is_empty() && h.eq_ignore_ascii_case(host) => Ok(()),
        _ => Err(origin.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn same_origin_passes_cross_origin_fails() {
        let same = headers(&[("host", "127.0.0.1:8000"), ("origin", "http://127.0.0.1:8000")]);
        assert!(check_origin(&same, &[]).is_ok());
        let cross = headers(&[("host", "127.0.0.1:8000"), ("origin", "http://evil.example")]);
        assert_eq!(check_origin(&cross, &[]), Err("http://evil.example".into()));
        assert!(check_origin(&cross, &["http://evil.example".into()]).is_ok());
        let other_port =
            headers(&[("host", "127.0.0.1:8000"), ("origin", "http://127.0.0.1:9000")]);
        assert!(check_origin(&other_port, &[]).is_err());
        assert!(check_origin(&headers(&[("host", "a")]), &[]).is_ok());
    }
}
