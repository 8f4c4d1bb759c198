//! n2o inside an existing server: an `App` mounted in axum (tower `Service`) and in warp
//! (`Filter`), sharing the host's listener: the host's routes, n2o's pages, their sockets
//! and REST resources on one port.

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use n2o::format::{Limits, bert};
use n2o::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as Ws;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// Echoes a `{direct, T}` back as JS, and says which room code it is at.
struct Echo;

impl Page for Echo {
    type Event = ();

    async fn main(&self, cx: &mut Cx) -> Html {
        Html::raw(format!(
            "<p>echo in {}</p>",
            Html::text(cx.param("code").unwrap_or("?")).as_str()
        ))
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        if let Event::Direct(t) = event {
            let code = cx.param("code").unwrap_or("?").to_owned();
            cx.wire(&format!(
                "got({}, {});",
                n2o::js::quote(&t.to_string()),
                n2o::js::quote(&code)
            ));
        }
    }
}

fn app() -> App {
    App::new().page("/echo/{code}", Echo)
}

async fn get(addr: SocketAddr, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8(out).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (head[9..12].parse().unwrap(), head.to_owned(), body.to_owned())
}

/// Renders the page, opens its socket with the session cookie, sends `N2O,` and a
/// `{direct, hi}`, and returns the JS of the answer.
async fn round_trip(addr: SocketAddr, path: &str) -> String {
    open(addr, path).await.1
}

/// [`round_trip`], and the socket it used.
async fn open(
    addr: SocketAddr,
    path: &str,
) -> (tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>, String) {
    let (status, head, body) = get(addr, path).await;
    assert_eq!(status, 200, "{head}\n{body}");
    let cookie = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let mut req = format!("ws://{addr}/ws{path}").into_client_request().unwrap();
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.expect("WebSocket handshake");
    ws.send(Ws::text("N2O,")).await.unwrap();
    next_io(&mut ws).await;
    let direct = Term::tuple([Term::atom("direct"), Term::atom("hi")]);
    ws.send(Ws::binary(bert::encode(&direct))).await.unwrap();
    let js = next_io(&mut ws).await;
    (ws, js)
}

async fn next_io<S>(ws: &mut S) -> String
where
    S: StreamExt<Item = Result<Ws, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .expect("a frame within 5 s")
            .expect("open")
            .expect("a frame");
        if let Ws::Binary(b) = frame {
            let term = bert::decode(&b, &Limits::default()).unwrap();
            let items = term.as_tuple().unwrap();
            return items[1].as_text().unwrap().to_owned();
        }
    }
}

#[tokio::test]
async fn mounted_in_axum_as_a_tower_service() {
    let n2o = app().into_service().unwrap();
    let router = axum::Router::new()
        .route("/health", axum::routing::get(|| async { "ok" }))
        .fallback_service(n2o.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    assert_eq!(get(addr, "/health").await.2, "ok");
    let (status, _, body) = get(addr, "/echo/abc").await;
    assert_eq!(status, 200);
    assert!(body.contains("<p>echo in abc</p>") && body.contains("/n2o/n2o.js"), "{body}");
    assert_eq!(get(addr, "/nothing").await.0, 404);
    assert_eq!(get(addr, "/n2o/n2o.js").await.0, 200);
    let js = round_trip(addr, "/echo/abc").await;
    assert_eq!(js, "got('hi', 'abc');");
    // The host reaches the app's rooms.
    assert_eq!(n2o.hub().rooms().len("none"), 0);
}

#[tokio::test]
async fn mounted_in_warp_as_a_filter() {
    use warp::Filter;
    let n2o = app().into_service().unwrap();
    let routes =
        warp::path("health").map(|| "ok").map(warp::reply::Reply::into_response).or(n2o.filter());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(warp::serve(routes).incoming(listener).run());

    assert_eq!(get(addr, "/health").await.2, "ok");
    let (mut ws, js) = open(addr, "/echo/x%20y").await;
    assert_eq!(js, "got('hi', 'x y');");
    // Shutting the app down closes its sockets with 1001; its pages still answer.
    n2o.shutdown();
    let close = loop {
        match tokio::time::timeout(Duration::from_secs(5), ws.next()).await.unwrap() {
            Some(Ok(Ws::Close(frame))) => break frame,
            Some(Ok(_)) => continue,
            other => panic!("expected a close frame, got {other:?}"),
        }
    };
    assert_eq!(close.map(|f| u16::from(f.code)), Some(1001));
    assert_eq!(get(addr, "/echo/z").await.0, 200);
}
