//! One raw HTTP/1.1 request to a test app, for the REST tests of the Review sample.

#![allow(unreachable_pub)]

use n2o::test::TestApp;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A raw request: status and body.
pub async fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    head: &str,
    body: &str,
) -> (u16, String) {
    let addr = app.local_addr();
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
    (head[9..12].parse().unwrap(), body.to_owned())
}
