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
use crate::route::Params;

pub(crate) fn accept(
    shared: &Arc<Shared>,
    req: &Request<'_>,
    page_path: &str,
    page: Arc<dyn DynPage>,
    params: Params,
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
    let https = sessions::is_https(shared, headers);
    if let Err(origin) = check_origin(headers, &shared.config.origins, https) {
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
    let shared = shared.clone();
    let origin = sessions::Origin {
        path: page_path.to_owned(),
        params,
        query: req.query.clone(),
        peer: req.peer,
        cookies: sessions::cookies(headers),
    };
    tokio::spawn(
        async move {
            match on_upgrade.await {
                Ok(upgraded) => {
                    let meter = Meter::new(shared.unfinished.clone());
                    let io = Metered::new(hyper_util::rt::TokioIo::new(upgraded), meter.clone());
                    let ws = WebSocketStream::from_raw_socket(io, Role::Server, Some(config)).await;
                    let (session, stale) = match sessions::existing(&shared, &origin.cookies).await
                    {
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
                    let parts = sessions::parts(&shared, origin, session, stale);
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

pub(crate) fn handshake_key(headers: &HeaderMap) -> Result<String, &'static str> {
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
    if !is_handshake_key(key.as_bytes()) {
        return Err("`Sec-WebSocket-Key` is not 16 bytes in base64");
    }
    Ok(derive_accept_key(key.as_bytes()))
}

/// A `Sec-WebSocket-Key` as RFC 6455 §4.1 has it: 16 bytes in base64 (24 characters, with
/// padding).
fn is_handshake_key(key: &[u8]) -> bool {
    use base64::Engine;
    let mut bytes = [0u8; 18];
    key.len() == 24
        && matches!(base64::engine::general_purpose::STANDARD.decode_slice(key, &mut bytes), Ok(16))
}

/// Same origin, or one the config allows. A request without `Origin` is not from a browser
/// page, so cross-site WebSocket hijacking does not apply to it.
///
/// Same origin means the same scheme too: `https://<host>` when the request came over HTTPS
/// (`https`, see [`sessions::is_https`]), `http://<host>` otherwise, so a plain-HTTP page
/// of the host cannot open the socket of its HTTPS site, nor the other way round.
pub(crate) fn check_origin(
    headers: &HeaderMap,
    allowed: &[String],
    https: bool,
) -> Result<(), String> {
    let Some(origin) = headers.get(header::ORIGIN) else { return Ok(()) };
    let origin = origin.to_str().map_err(|_| "<not text>".to_owned())?;
    if allowed.iter().any(|a| a == origin) {
        return Ok(());
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let scheme = if https { "https://" } else { "http://" };
    let origin_host = origin.strip_prefix(scheme);
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
        assert!(check_origin(&same, &[], false).is_ok());
        let cross = headers(&[("host", "127.0.0.1:8000"), ("origin", "http://evil.example")]);
        assert_eq!(check_origin(&cross, &[], false), Err("http://evil.example".into()));
        assert!(check_origin(&cross, &["http://evil.example".into()], false).is_ok());
        let other_port =
            headers(&[("host", "127.0.0.1:8000"), ("origin", "http://127.0.0.1:9000")]);
        assert!(check_origin(&other_port, &[], false).is_err());
        assert!(check_origin(&headers(&[("host", "a")]), &[], false).is_ok());
    }

    #[test]
    fn the_origin_scheme_must_be_the_requests() {
        let https = headers(&[("host", "app.example"), ("origin", "https://app.example")]);
        let http = headers(&[("host", "app.example"), ("origin", "http://app.example")]);
        assert!(check_origin(&https, &[], true).is_ok());
        assert!(check_origin(&http, &[], false).is_ok());
        assert_eq!(check_origin(&https, &[], false), Err("https://app.example".into()));
        assert_eq!(check_origin(&http, &[], true), Err("http://app.example".into()));
        // A configured origin is taken as written, whatever the request's scheme.
        assert!(check_origin(&http, &["http://app.example".into()], true).is_ok());
    }

    #[test]
    fn the_key_must_be_16_bytes_in_base64() {
        // RFC 6455's example key.
        assert!(is_handshake_key(b"dGhlIHNhbXBsZSBub25jZQ=="));
        assert!(is_handshake_key(b"AAAAAAAAAAAAAAAAAAAAAA=="));
        for bad in [
            &b"x"[..],
            b"",
            b"dGhlIHNhbXBsZSBub25jZQ",       // no padding
            b"dGhlIHNhbXBsZSBub25jZQ==AAAA", // 19 bytes
            b"dGhlIHNhbXBsZSBub25j",         // 15 bytes
            b"dGhlIHNhbXBsZSBub25jZQ!=",     // not base64
            b"dGhlIHNhbXBsZSBub25jZR==",     // stray bits
        ] {
            assert!(!is_handshake_key(bad), "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn a_bad_key_is_not_a_handshake() {
        let mut h = headers(&[
            ("connection", "Upgrade"),
            ("upgrade", "websocket"),
            ("sec-websocket-version", "13"),
            ("sec-websocket-key", "x"),
        ]);
        assert!(handshake_key(&h).is_err());
        h.insert(header::SEC_WEBSOCKET_KEY, HeaderValue::from_static("dGhlIHNhbXBsZSBub25jZQ=="));
        assert_eq!(handshake_key(&h).unwrap(), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }
}
