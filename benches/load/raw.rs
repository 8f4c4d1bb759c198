//! Raw sockets for the hostile traffic of the soak and attack scenarios: a hand-made
//! WebSocket upgrade, and client frames built byte by byte (any length claim, any payload,
//! cut anywhere), which no well-behaved client library will send.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The most bytes of an upgrade answer read before giving up on it.
const MAX_ANSWER: usize = 4096;

/// Connects and upgrades at `path` (`/ws/room`) with `cookie`, by hand; returns the socket
/// right after the `101` header.
pub(crate) async fn upgrade(
    addr: SocketAddr,
    path: &str,
    cookie: Option<&str>,
) -> Result<TcpStream, String> {
    let mut s = connect(addr).await?;
    let cookie = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{cookie}\r\n"
    );
    s.write_all(request.as_bytes()).await.map_err(|e| format!("write upgrade: {e}"))?;
    // Byte by byte: what follows the header is the server's first frame, not ours to eat.
    let mut answer = Vec::with_capacity(256);
    let mut byte = [0u8; 1];
    while !answer.ends_with(b"\r\n\r\n") {
        if answer.len() >= MAX_ANSWER {
            return Err("an upgrade answer without an end".into());
        }
        let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut byte))
            .await
            .map_err(|_| "no upgrade answer in 10 s".to_owned())?
            .map_err(|e| format!("read upgrade: {e}"))?;
        if n == 0 {
            return Err("closed during the upgrade".into());
        }
        answer.push(byte[0]);
    }
    if !answer.starts_with(b"HTTP/1.1 101") {
        let line = String::from_utf8_lossy(&answer);
        return Err(format!("upgrade refused: {}", line.lines().next().unwrap_or("")));
    }
    Ok(s)
}

/// A loopback connection that resets when dropped (no TIME_WAIT left behind).
pub(crate) async fn connect(addr: SocketAddr) -> Result<TcpStream, String> {
    let s = TcpStream::connect(addr).await.map_err(|e| format!("connect: {e}"))?;
    s.set_nodelay(true).map_err(|e| format!("nodelay: {e}"))?;
    s.set_zero_linger().map_err(|e| format!("linger: {e}"))?;
    Ok(s)
}

/// The header of a masked client frame (FIN set) claiming `len` payload bytes. The mask key
/// is zero, so the payload goes as it is.
pub(crate) fn header(opcode: u8, len: u64) -> Vec<u8> {
    let mut h = vec![0x80 | opcode];
    if len < 126 {
        h.push(0x80 | len as u8);
    } else if len <= u64::from(u16::MAX) {
        h.push(0x80 | 126);
        h.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        h.push(0x80 | 127);
        h.extend_from_slice(&len.to_be_bytes());
    }
    h.extend_from_slice(&[0; 4]);
    h
}

/// A whole masked client frame.
pub(crate) fn frame(opcode: u8, payload: &[u8]) -> Vec<u8> {
    let mut f = header(opcode, payload.len() as u64);
    f.extend_from_slice(payload);
    f
}

pub(crate) const TEXT: u8 = 1;
pub(crate) const BINARY: u8 = 2;

/// Reads whatever comes until the server closes, `limit` bytes or `wait`, whichever is first;
/// returns the bytes read and whether the server closed (EOF or reset).
pub(crate) async fn drain(s: &mut TcpStream, limit: usize, wait: Duration) -> (usize, bool) {
    let deadline = tokio::time::Instant::now() + wait;
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0;
    while total < limit {
        match tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
            Err(_) => return (total, false),
            Ok(Ok(0) | Err(_)) => return (total, true),
            Ok(Ok(n)) => total += n,
        }
    }
    (total, false)
}

/// Whether the server has closed `s`, without waiting (its unread bytes are dropped).
pub(crate) fn closed(s: &TcpStream) -> bool {
    let mut buf = [0u8; 4096];
    loop {
        match s.try_read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return false,
            Err(_) => return true,
        }
    }
}

/// A small xorshift generator: random bytes for hostile frames, the same every run.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(crate) fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}
