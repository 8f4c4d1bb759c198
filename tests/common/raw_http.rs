//! One raw HTTP/1.1 request to a test server, for the REST tests.

#![allow(dead_code, unreachable_pub)]

use n2o::test::TestApp;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A raw request to a test app: status and body.
pub async fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    head: &str,
    body: &str,
) -> (u16, String) {
    let (status, _, body) = send_to(app.local_addr(), method, path, head, body).await;
    (status, body)
}

/// A raw request to `addr`: status, head and body.
pub async fn send_to(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    head: &str,
    body: &str,
) -> (u16, String, String) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{head}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8(out).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (head[9..12].parse().unwrap(), head.to_owned(), body.to_owned())
}
