//! The HTTP side of the load generator: GETs over keep-alive hyper connections.

use std::net::SocketAddr;

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{COOKIE, HOST, SET_COOKIE};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// One keep-alive HTTP/1.1 connection, carrying the session cookie the server set, as a
/// browser tab does.
pub(crate) struct Conn {
    sender: SendRequest<Empty<Bytes>>,
    host: String,
    cookie: Option<String>,
}

/// A response, as much of it as the harness looks at.
pub(crate) struct Page {
    pub(crate) set_cookie: Option<String>,
    pub(crate) body: Bytes,
}

impl Page {
    pub(crate) fn text(&self) -> Result<&str, String> {
        std::str::from_utf8(&self.body).map_err(|_| "the page is not UTF-8".to_owned())
    }
}

impl Conn {
    pub(crate) async fn open(addr: SocketAddr) -> Result<Conn, String> {
        let stream = TcpStream::connect(addr).await.map_err(|e| format!("connect {addr}: {e}"))?;
        stream.set_nodelay(true).map_err(|e| format!("nodelay: {e}"))?;
        let (sender, conn) = http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("HTTP handshake with {addr}: {e}"))?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        Ok(Conn { sender, host: addr.to_string(), cookie: None })
    }

    /// Forgets the session cookie: the next GET is a new visitor's.
    pub(crate) fn forget_cookie(&mut self) {
        self.cookie = None;
    }

    /// GETs `path`; keeps the first `Set-Cookie` (its `name=value`) for the next requests.
    pub(crate) async fn get(&mut self, path: &str) -> Result<Page, String> {
        self.sender.ready().await.map_err(|e| format!("connection lost: {e}"))?;
        let mut request = hyper::Request::get(path).header(HOST, &self.host);
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, cookie);
        }
        let request = request.body(Empty::new()).map_err(|e| format!("request: {e}"))?;
        let response =
            self.sender.send_request(request).await.map_err(|e| format!("GET {path}: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("GET {path}: {}", response.status()));
        }
        let set_cookie = response
            .headers()
            .get(SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::to_owned);
        if self.cookie.is_none() {
            self.cookie.clone_from(&set_cookie);
        }
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("GET {path}: body: {e}"))?
            .to_bytes();
        Ok(Page { set_cookie, body })
    }
}

/// One GET on a connection of its own.
pub(crate) async fn get(
    addr: SocketAddr,
    path: &str,
    cookie: Option<&str>,
) -> Result<Page, String> {
    let mut conn = Conn::open(addr).await?;
    conn.cookie = cookie.map(str::to_owned);
    conn.get(path).await
}
