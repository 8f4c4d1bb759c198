//! A chat member over a real socket, for the chat example (`examples/chat.rs`) on any
//! node: it renders the page, opens its socket, says numbered lines and reads the history.

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use n2o::format::bert;
use n2o::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as Ws;

use super::{Socket, decode, io_parts, pickle_of};

/// One member of the chat room, on the node at `addr`.
pub struct Member {
    ws: Socket,
    pickle: String,
    /// Who says the lines: the `sender` part of `QQsender_seqQQ`.
    pub name: String,
    said: u32,
}

/// `QQ<sender>_<seq>QQ`: letters and digits only, so no escaping changes them on the way.
fn line(sender: &str, seq: u32) -> String {
    format!("QQ{sender}_{seq}QQ")
}

impl Member {
    /// Renders the chat page on the node at `addr`, opens its socket and joins the room.
    pub async fn join(addr: SocketAddr, name: &str) -> Member {
        let (cookie, html) = render_at(addr).await;
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let mut req = format!("ws://{addr}/ws/").into_client_request().unwrap();
        req.headers_mut().insert("cookie", cookie.parse().unwrap());
        let (mut ws, _) = tokio_tungstenite::connect_async(req).await.expect("handshake");
        ws.send(Ws::text("N2O,")).await.unwrap();
        let pickle = pickle_of(&html, "send");
        let mut member = Member { ws, pickle, name: name.to_owned(), said: 0 };
        // The init reply: the page joined the room.
        member.frame(Duration::from_secs(5)).await.expect("the init reply");
        member
    }

    /// Says the next numbered line.
    pub async fn say(&mut self) {
        self.said += 1;
        let text = line(&self.name, self.said);
        let click = Term::tuple([
            Term::atom("pickle"),
            Term::bin("send"),
            Term::bin(self.pickle.as_str()),
            Term::list([Term::tuple([Term::atom("message"), Term::bin(text)])]),
        ]);
        self.ws.send(Ws::binary(bert::encode(&click))).await.unwrap();
    }

    /// Numbers the next line after `said`: a member that moved to another node goes on.
    pub fn resume_after(&mut self, said: u32) {
        self.said = said;
    }

    /// How many lines this member said.
    pub fn said(&self) -> u32 {
        self.said
    }

    /// The next frame's `Eval`, if one comes within `wait`.
    async fn frame(&mut self, wait: Duration) -> Option<String> {
        loop {
            let frame = tokio::time::timeout(wait, self.ws.next()).await.ok()??.ok()?;
            if matches!(frame, Ws::Ping(_) | Ws::Pong(_)) {
                continue;
            }
            if matches!(frame, Ws::Close(_)) {
                return None;
            }
            return Some(io_parts(&decode(&frame)).0);
        }
    }

    /// The next `n` chat lines that reach this member, as `(sender, seq)`.
    pub async fn lines(&mut self, n: usize) -> Vec<(String, u32)> {
        let mut lines = Vec::new();
        while lines.len() < n {
            let eval = self.frame(Duration::from_secs(10)).await.unwrap_or_else(|| {
                panic!("{}: {} of {n} lines, then nothing: {lines:?}", self.name, lines.len())
            });
            lines.extend(parse(&eval));
        }
        assert_eq!(lines.len(), n, "{}: more lines than said", self.name);
        lines
    }

    /// No chat line reaches this member for a while.
    pub async fn quiet(&mut self, wait: Duration) {
        while let Some(eval) = self.frame(wait).await {
            let extra = parse(&eval);
            assert!(extra.is_empty(), "{}: unexpected lines {extra:?}", self.name);
        }
    }
}

/// The lines in one flush's `Eval`.
fn parse(eval: &str) -> Vec<(String, u32)> {
    if !eval.contains("qi('history')") {
        return Vec::new();
    }
    eval.split("QQ")
        .skip(1)
        .step_by(2)
        .map(|l| {
            let (sender, seq) = l.rsplit_once('_').expect("sender_seq");
            (sender.to_owned(), seq.parse().expect("a number"))
        })
        .collect()
}

/// Checks `lines` hold every line each of `senders` said, each once, in the order said.
pub fn every_line_once_in_order(
    lines: &[(String, u32)],
    senders: &[(&str, std::ops::RangeInclusive<u32>)],
) {
    for (sender, said) in senders {
        let got: Vec<u32> = lines.iter().filter(|(s, _)| s == sender).map(|(_, n)| *n).collect();
        let want: Vec<u32> = said.clone().collect();
        assert_eq!(got, want, "lines of {sender}");
    }
    let total: usize = senders.iter().map(|(_, r)| r.clone().count()).sum();
    assert_eq!(lines.len(), total, "no line from anyone else: {lines:?}");
}

/// A GET of `/` at `addr`: the session cookie and the page.
pub async fn render_at(addr: SocketAddr) -> (String, String) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let req = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8(out).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let cookie = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned();
    (cookie, body.to_owned())
}
