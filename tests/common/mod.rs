//! Test support: a page that exercises the runtime, a server on a free loopback port, and a
//! WebSocket client that speaks N2O.
#![allow(dead_code, unreachable_pub)]

pub mod chat;
pub mod node;
pub mod redis;

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use n2o::format::{Limits, bert, json};
use n2o::prelude::*;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as Ws;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

/// A page whose `direct` messages drive what the tests need.
pub struct Probe;

impl Page for Probe {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        cx.wire("window.probeRendered=true;");
        Html::raw(
            "<!doctype html><html><body><h1 id=title>Probe</h1><p id=status>offline</p></body></html>",
        )
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        match event {
            Event::Init => cx.wire("qi('status').textContent='online';"),
            Event::Direct(t) if t.as_atom() == Some("panic") => panic!("probe asked to panic"),
            Event::Direct(t) if t.as_atom() == Some("json") => {
                cx.set_format(Format::Json);
                cx.wire("switched();");
            }
            Event::Direct(t) if t.as_atom() == Some("push") => {
                let pusher = cx.pusher().expect("a connection has a pusher");
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    pusher.try_wire("pushed();").unwrap();
                });
                cx.wire("scheduled();");
            }
            Event::Direct(t) => cx.wire(&format!("got({});", n2o::js::quote(&t.to_string()))),
            _ => {}
        }
    }
}

pub async fn serve(app: App) -> Server {
    let mut config = n2o::Config::default();
    config.port = 0;
    app.config(config).bind().await.expect("bind a free loopback port")
}

pub async fn probe_server() -> Server {
    serve(App::new().page("/", Probe)).await
}

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A raw HTTP/1.1 GET: status, head (names lower-cased), body.
pub async fn get(server: &Server, path: &str, extra: &str) -> (u16, String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = TcpStream::connect(server.local_addr()).await.unwrap();
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\n{extra}Connection: close\r\n\r\n",
        server.local_addr()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8(out).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head[9..12].parse().unwrap();
    // Header names lower-cased for lookups; values kept as sent (cookies are case-sensitive).
    let head = head
        .lines()
        .map(|l| match l.split_once(':') {
            Some((k, v)) => format!("{}:{v}", k.to_ascii_lowercase()),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\r\n");
    (status, head, body.to_owned())
}

/// The session cookie a page render sets (`n2o-sid=…`), and the page's body.
pub async fn render(server: &Server, path: &str) -> (String, String) {
    let (status, head, body) = get(server, path, "").await;
    assert_eq!(status, 200, "{head}");
    let cookie = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned();
    (cookie, body)
}

/// Opens the page's socket with the session cookie its render set, as a browser does.
pub async fn connect(server: &Server) -> Socket {
    let (cookie, _) = render(server, "/").await;
    connect_with(server, "/", Some(&cookie)).await
}

pub async fn connect_with(server: &Server, path: &str, cookie: Option<&str>) -> Socket {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let url = format!("ws://{}/ws{path}", server.local_addr());
    let mut req = url.into_client_request().unwrap();
    if let Some(cookie) = cookie {
        req.headers_mut().insert("cookie", cookie.parse().unwrap());
    }
    let (ws, _) = connect_async(req).await.expect("WebSocket handshake");
    ws
}

/// Connects and completes `N2O,` init; returns the socket and the init `Eval`.
pub async fn connect_init(server: &Server) -> (Socket, String) {
    let mut ws = connect(server).await;
    ws.send(Ws::text("N2O,")).await.unwrap();
    let eval = expect_io(&mut ws).await.0;
    (ws, eval)
}

pub async fn recv(ws: &mut Socket) -> Ws {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .expect("a frame within 5 s")
            .expect("socket open")
            .expect("frame ok");
        if !matches!(frame, Ws::Ping(_) | Ws::Pong(_)) {
            return frame;
        }
    }
}

/// Decodes a BERT binary or JSON text frame.
pub fn decode(frame: &Ws) -> Term {
    match frame {
        Ws::Binary(b) => bert::decode(b, &Limits::default()).expect("server sent valid BERT"),
        Ws::Text(t) => json::decode(t, &Limits::default()).expect("server sent valid JSON"),
        other => panic!("expected a term frame, got {other:?}"),
    }
}

/// Receives `{io, Eval, Data}`; returns Eval and Data.
pub async fn expect_io(ws: &mut Socket) -> (String, Term) {
    let frame = recv(ws).await;
    io_parts(&decode(&frame))
}

pub fn io_parts(term: &Term) -> (String, Term) {
    assert!(term.is_tagged("io", 3), "expected {{io, Eval, Data}}, got {term}");
    let items = term.as_tuple().unwrap();
    (items[1].as_text().expect("Eval is UTF-8").to_owned(), items[2].clone())
}

pub fn direct(t: Term) -> Ws {
    Ws::binary(bert::encode(&Term::tuple([Term::atom("direct"), t])))
}

pub async fn ping(ws: &mut Socket) {
    ws.send(Ws::text("PING")).await.unwrap();
    assert_eq!(recv(ws).await, Ws::text("PONG"));
}

/// The pickle the page rendered for element `id`, from `N2O.pickle('id','PICKLE',…)`.
pub fn pickle_of(html: &str, id: &str) -> String {
    let marker = format!("N2O.pickle('{id}','");
    let start =
        html.find(&marker).unwrap_or_else(|| panic!("no binding for {id}: {html}")) + marker.len();
    let end = start + html[start..].find('\'').unwrap();
    html[start..end].to_owned()
}

/// NITRO's `{pickle, Id, Pickle, Linked}`, as the client sends it for a click on `id`.
pub fn click(id: &str, pickle: &str, sources: &[(&str, Term)]) -> Ws {
    let mut linked =
        vec![Term::tuple([Term::tuple([Term::str(id), Term::bin("detail")]), Term::nil()])];
    linked.extend(sources.iter().map(|(k, v)| Term::tuple([Term::atom(*k), v.clone()])));
    let msg =
        Term::tuple([Term::atom("pickle"), Term::bin(id), Term::bin(pickle), Term::list(linked)]);
    Ws::binary(bert::encode(&msg))
}
