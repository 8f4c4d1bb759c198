//! HTTP under abuse, over real loopback sockets: slow and silent connections are closed by
//! the header timeout (keep-alive ones too), an oversized header is refused, the cap on
//! connections not yet upgraded refuses at once and recovers, and the handshake's details:
//! GET only, a real `Sec-WebSocket-Key`, the `Origin`'s scheme, `HEAD` without a session.
//! Every wait is bounded.

mod common;

use std::time::{Duration, Instant};

use common::*;
use n2o::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_tungstenite::connect_async;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

async fn serve_with(edit: impl FnOnce(&mut n2o::Config)) -> Server {
    let mut config = n2o::Config::default();
    config.port = 0;
    edit(&mut config);
    App::new().page("/", Probe).config(config).bind().await.expect("bind a free loopback port")
}

/// Reads until the server closes the connection (end of stream or an error such as a reset);
/// returns what it sent and how long that took. Panics after `limit`.
async fn closed_within(s: &mut TcpStream, limit: Duration) -> (Vec<u8>, Duration) {
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match timeout(limit.saturating_sub(start.elapsed()), s.read(&mut buf)).await {
            Err(_) => panic!("still open after {limit:?}; got {:?}", String::from_utf8_lossy(&got)),
            Ok(Ok(0) | Err(_)) => return (got, start.elapsed()),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// A raw HTTP/1.1 request closing the connection: status, head (names lower-cased), body.
async fn request(server: &Server, method: &str, path: &str, extra: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(server.local_addr()).await.unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\n{extra}Connection: close\r\n\r\n",
        server.local_addr()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let (out, _) = closed_within(&mut s, Duration::from_secs(5)).await;
    let text = String::from_utf8(out).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no head: {text:?}"));
    let status = head[9..12].parse().unwrap();
    (status, head.to_ascii_lowercase(), body.to_owned())
}

const UPGRADE: &str = "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n";

#[tokio::test]
async fn slowloris_connections_are_closed_by_the_header_timeout_while_clients_are_served() {
    let server = serve_with(|c| c.header_read_timeout = Duration::from_millis(300)).await;
    let addr = server.local_addr();
    let limit = Duration::from_millis(1500);

    let mut silent = Vec::new();
    for _ in 0..200 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        silent.push(tokio::spawn(async move { closed_within(&mut s, limit).await.1 }));
    }
    let mut dribbling = Vec::new();
    for _ in 0..50 {
        let s = TcpStream::connect(addr).await.unwrap();
        let (mut rx, mut tx) = s.into_split();
        tokio::spawn(async move {
            let header = b"GET / HTTP/1.1\r\nHost: x\r\nX-a: ";
            for b in header.iter().chain(std::iter::repeat(&b'a')) {
                if tx.write_all(&[*b]).await.is_err() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
        dribbling.push(tokio::spawn(async move {
            let start = Instant::now();
            let mut buf = [0u8; 256];
            loop {
                match timeout(limit.saturating_sub(start.elapsed()), rx.read(&mut buf)).await {
                    Err(_) => panic!("a dribbling connection still open after {limit:?}"),
                    Ok(Ok(0) | Err(_)) => return start.elapsed(),
                    Ok(Ok(_)) => {}
                }
            }
        }));
    }

    // Meanwhile, real clients get through.
    let (status, _, body) = request(&server, "GET", "/", "").await;
    assert_eq!(status, 200);
    assert!(body.contains("Probe"));
    let (mut ws, _) = timeout(Duration::from_secs(5), connect_init(&server)).await.unwrap();
    ping(&mut ws).await;

    for task in silent.into_iter().chain(dribbling) {
        let took = task.await.expect("closed in time");
        assert!(took < limit, "closed after {took:?}");
    }
    // The socket that upgraded is not subject to the header timeout.
    ping(&mut ws).await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
    let server = serve_with(|c| c.header_read_timeout = Duration::from_millis(300)).await;
    let mut s = TcpStream::connect(server.local_addr()).await.unwrap();
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    // Two requests on one connection: keep-alive works, then it goes idle.
    for _ in 0..2 {
        s.write_all(b"HEAD /n2o/n2o.js HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
        head.clear();
        while !head.ends_with(b"\r\n\r\n") {
            let n = timeout(Duration::from_secs(5), s.read(&mut buf)).await.unwrap().unwrap();
            assert!(n > 0, "closed before the answer");
            head.extend_from_slice(&buf[..n]);
        }
        assert!(head.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&head));
    }
    let (rest, took) = closed_within(&mut s, Duration::from_secs(2)).await;
    assert!(rest.is_empty(), "{}", String::from_utf8_lossy(&rest));
    assert!(took >= Duration::from_millis(250), "closed after {took:?}, before the timeout");
}

#[tokio::test]
async fn an_oversized_header_gets_431_or_a_close_and_the_server_goes_on() {
    let server = probe_server().await;
    let mut s = TcpStream::connect(server.local_addr()).await.unwrap();
    let big = "a".repeat(64 * 1024);
    // The server may close before it has read it all: a failed write is fine.
    let _ =
        s.write_all(format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {big}\r\n\r\n").as_bytes()).await;
    let (got, _) = closed_within(&mut s, Duration::from_secs(5)).await;
    assert!(
        got.is_empty() || got.starts_with(b"HTTP/1.1 431"),
        "{}",
        String::from_utf8_lossy(&got[..got.len().min(200)])
    );
    // A header well inside the 16 KiB default is fine, and the server goes on.
    let (status, _, _) =
        request(&server, "GET", "/", &format!("X-Mid: {}\r\n", "b".repeat(10_000))).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_pending_connection_cap_refuses_at_once_and_recovers() {
    let server = serve_with(|c| {
        c.max_pending_connections = 20;
        c.header_read_timeout = Duration::from_millis(1000);
    })
    .await;
    let addr = server.local_addr();
    let mut held = Vec::new();
    for _ in 0..20 {
        held.push(TcpStream::connect(addr).await.unwrap());
    }
    // Let the server accept them all before the one over the cap.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut over = TcpStream::connect(addr).await.unwrap();
    let (got, took) = closed_within(&mut over, Duration::from_millis(900)).await;
    assert!(took < Duration::from_millis(500), "refused after {took:?}");
    assert!(
        got.is_empty() || got.starts_with(b"HTTP/1.1 503"),
        "{}",
        String::from_utf8_lossy(&got)
    );
    // The held ones run out of time; then there is room again.
    for mut s in held {
        closed_within(&mut s, Duration::from_secs(3)).await;
    }
    assert_eq!(request(&server, "GET", "/", "").await.0, 200);
}

#[tokio::test]
async fn shutdown_does_not_wait_for_silent_connections() {
    // The default 10 s header timeout: shutdown must not wait for it.
    let server = probe_server().await;
    let mut silent = Vec::new();
    for _ in 0..5 {
        silent.push(TcpStream::connect(server.local_addr()).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    timeout(Duration::from_secs(3), server.shutdown()).await.expect("shutdown within 3 s");
}

#[tokio::test]
async fn only_a_get_upgrades() {
    let server = probe_server().await;
    let key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    for method in ["POST", "PUT", "HEAD", "DELETE"] {
        let (status, head, _) = request(&server, method, "/ws/", &format!("{UPGRADE}{key}")).await;
        assert_eq!(status, 405, "{method}");
        assert!(head.contains("allow: get"), "{head}");
    }
    assert_eq!(request(&server, "POST", "/", "").await.0, 405);
}

#[tokio::test]
async fn a_key_that_is_not_16_bytes_in_base64_is_400() {
    let server = probe_server().await;
    for key in ["x", "dGhlIHNhbXBsZSBub25jZQ", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
        let extra = format!("{UPGRADE}Sec-WebSocket-Key: {key}\r\n");
        assert_eq!(request(&server, "GET", "/ws/", &extra).await.0, 400, "{key}");
    }
    // A good one upgrades.
    let mut s = TcpStream::connect(server.local_addr()).await.unwrap();
    let req = format!(
        "GET /ws/ HTTP/1.1\r\nHost: {}\r\n{UPGRADE}Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        server.local_addr()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = [0u8; 512];
    let n = timeout(Duration::from_secs(5), s.read(&mut buf)).await.unwrap().unwrap();
    let head = String::from_utf8_lossy(&buf[..n]).to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 101"), "{head}");
    assert!(head.contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="), "{head}");
}

#[tokio::test]
async fn an_https_origin_on_a_plain_request_is_refused() {
    let server = probe_server().await;
    let url = format!("ws://{}/ws/", server.local_addr());
    let https = format!("https://{}", server.local_addr());
    let mut req = url.clone().into_client_request().unwrap();
    req.headers_mut().insert("origin", https.parse().unwrap());
    match connect_async(req).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => assert_eq!(res.status(), 403),
        other => panic!("expected 403, got {other:?}"),
    }
    // Behind a TLS proxy that says so, the https origin is the page's own...
    let mut req = url.clone().into_client_request().unwrap();
    req.headers_mut().insert("origin", https.parse().unwrap());
    req.headers_mut().insert("x-forwarded-proto", "https".parse().unwrap());
    assert!(connect_async(req).await.is_ok(), "https origin over https");
    // ...and a plain-http one is not.
    let mut req = url.into_client_request().unwrap();
    req.headers_mut().insert("origin", format!("http://{}", server.local_addr()).parse().unwrap());
    req.headers_mut().insert("x-forwarded-proto", "https".parse().unwrap());
    match connect_async(req).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => assert_eq!(res.status(), 403),
        other => panic!("expected 403, got {other:?}"),
    }
}

#[tokio::test]
async fn head_answers_the_page_headers_without_a_body_or_a_session() {
    let server = probe_server().await;
    let (status, head, body) = request(&server, "HEAD", "/", "").await;
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"), "{head}");
    assert!(head.contains("cache-control: no-store"), "{head}");
    assert!(!head.contains("set-cookie"), "{head}");
    assert!(body.is_empty(), "{body}");
    // A GET still sets the cookie.
    assert!(get(&server, "/", "").await.1.contains("set-cookie: n2o-sid="));
    assert_eq!(request(&server, "HEAD", "/missing", "").await.0, 404);
}
