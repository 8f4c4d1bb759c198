//! Page loads over HTTP/1.1 as a browser makes them: the cookie jar goes out, the HTML and
//! new cookies come back.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The cookies one browser holds for the test server. A clone is the same jar: the tabs of
/// one browser share their cookies, so a cookie one tab's page load sets goes with every
/// tab's next request, as in a browser.
#[derive(Clone, Debug, Default)]
pub(crate) struct Jar(Arc<Mutex<Vec<(String, String)>>>);

impl Jar {
    /// The `Cookie` header value, or `None` when the jar is empty.
    pub(crate) fn header(&self) -> Option<String> {
        let cookies = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        (!cookies.is_empty())
            .then(|| cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; "))
    }

    /// Keeps the cookie of a `Set-Cookie` header value (attributes are not needed here:
    /// there is one host, and the tests outlive no cookie).
    fn store(&self, set_cookie: &str) {
        let pair = set_cookie.split(';').next().unwrap_or_default();
        let Some((name, value)) = pair.split_once('=') else { return };
        let (name, value) = (name.trim().to_owned(), value.trim().to_owned());
        let mut cookies = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        cookies.retain(|(k, _)| *k != name);
        cookies.push((name, value));
    }
}

/// An HTTP response, read whole.
#[derive(Debug)]
pub(crate) struct Page {
    pub(crate) status: u16,
    pub(crate) body: String,
    /// Where a redirect sends the browser.
    pub(crate) location: Option<String>,
}

/// `GET path` with the jar's cookies; stores the cookies the response sets.
pub(crate) async fn get(addr: SocketAddr, path: &str, jar: &Jar) -> Result<Page, String> {
    let mut stream =
        TcpStream::connect(addr).await.map_err(|e| format!("cannot connect to {addr}: {e}"))?;
    let mut request = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/html\r\nConnection: close\r\n"
    );
    if let Some(cookies) = jar.header() {
        request.push_str(&format!("Cookie: {cookies}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.map_err(|e| format!("GET {path}: {e}"))?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.map_err(|e| format!("GET {path}: {e}"))?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("GET {path}: the response has no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let status = head
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("GET {path}: bad status line in {head:?}"))?;
    let mut chunked = false;
    let mut location = None;
    for line in head.lines().skip(1) {
        let Some((name, value)) = line.split_once(':') else { continue };
        let name = name.trim().to_ascii_lowercase();
        match name.as_str() {
            "set-cookie" => jar.store(value),
            "location" => location = Some(value.trim().to_owned()),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            _ => {}
        }
    }
    if chunked {
        body = dechunk(&body).ok_or_else(|| format!("GET {path}: bad chunked body"))?;
    }
    Ok(Page { status, body: String::from_utf8_lossy(&body).into_owned(), location })
}

/// The body of a `Transfer-Encoding: chunked` message.
fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&raw[..line_end]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jar_keeps_one_value_per_name() {
        let jar = Jar::default();
        assert_eq!(jar.header(), None);
        jar.store(" n2o-sid=abc; Path=/; HttpOnly");
        jar.store("other=1");
        jar.store("n2o-sid=def; Path=/");
        assert_eq!(jar.header().unwrap(), "other=1; n2o-sid=def");
        // A clone is another tab of the same browser: one jar.
        let tab = jar.clone();
        tab.store("theme=dark");
        assert_eq!(jar.header().unwrap(), "other=1; n2o-sid=def; theme=dark");
        assert_eq!(Jar::default().header(), None, "another browser starts empty");
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(dechunk(b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n").unwrap(), b"abcde");
        assert_eq!(dechunk(b"5\r\nab"), None);
    }
}
