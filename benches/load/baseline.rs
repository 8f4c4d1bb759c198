//! The peer baselines: a bare tokio-tungstenite echo server, and axum + askama rendering the
//! same HTML as n2o's three page configurations.

use std::net::SocketAddr;

use askama::Template;
use axum::Router;
use axum::response::Html;
use axum::routing::get;
use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

use crate::templates::{BaselineBody, Layout, Static, Tail, TwoVars, lines};

/// The socket settings n2o's upgrade uses (4 KiB read buffer, unbuffered writes), so the
/// comparison is of the servers and not of tungstenite's defaults.
pub(crate) fn ws_config() -> WebSocketConfig {
    WebSocketConfig::default().read_buffer_size(4096).write_buffer_size(0)
}

/// Binds the echo server on a free loopback port: every WebSocket upgrade (any path) is
/// accepted, every text or binary frame is sent back.
pub(crate) async fn start_echo() -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        loop {
            match listener.accept().await {
                Ok((stream, _)) => {
                    tokio::spawn(echo(stream));
                }
                // Out of file descriptors or similar: back off instead of spinning.
                Err(e) => {
                    eprintln!("load: echo accept failed: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                }
            }
        }
    });
    Ok(addr)
}

async fn echo(stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let Ok(mut ws) = tokio_tungstenite::accept_async_with_config(stream, Some(ws_config())).await
    else {
        return;
    };
    while let Some(Ok(msg)) = ws.next().await {
        let echo = match msg {
            Message::Close(_) => return,
            Message::Text(_) | Message::Binary(_) => msg,
            _ => continue,
        };
        if ws.send(echo).await.is_err() {
            return;
        }
    }
}

/// Binds axum on a free loopback port with `/all`, `/vars` and `/tpl`.
pub(crate) async fn start_axum() -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app =
        Router::new().route("/all", get(all)).route("/vars", get(vars)).route("/tpl", get(tpl));
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("load: axum stopped: {e}");
        }
    });
    Ok(addr)
}

/// A string as long as the pickles n2o seals for the same button (measured: 134 characters
/// of base64url), so the bodies are the same size.
pub(crate) const PICKLE: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

fn tail(pickle: Option<&str>) -> String {
    Tail { token: 1, pickle }.render().expect("the tail template renders")
}

async fn all() -> Html<String> {
    let lines = lines();
    let body = BaselineBody { lines: &lines }.render().expect("the body template renders");
    let tail = tail(Some(PICKLE));
    Html(
        Layout { title: "n2o", user: "guest", body: &body, tail: &tail }.render().expect("renders"),
    )
}

async fn vars() -> Html<String> {
    let tail = tail(None);
    Html(TwoVars { title: "n2o", user: "guest", tail: &tail }.render().expect("renders"))
}

async fn tpl() -> Html<String> {
    let tail = tail(None);
    Html(Static { tail: &tail }.render().expect("renders"))
}

/// The upload baselines: accept every WebSocket upgrade, answer each binary frame with a
/// 100-byte binary frame (the size of n2o's FTP answer), so the client waits for each block
/// as N2O's `ftp.js` does. The counter only counts the bytes; with `to_disk`, each frame is
/// also appended to a file in the temp directory (no hash, no sync), deleted at the end.
pub(crate) async fn start_counter(to_disk: bool) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(count(stream, to_disk));
        }
    });
    Ok(addr)
}

async fn count(stream: TcpStream, to_disk: bool) {
    use std::io::Write;
    let _ = stream.set_nodelay(true);
    let accepted = tokio_tungstenite::accept_async_with_config(stream, Some(upload_config()));
    let Ok(mut ws) = accepted.await else {
        return;
    };
    let path = std::env::temp_dir().join(format!("n2o-load-counter-{}", rand_suffix()));
    let mut file = if to_disk { std::fs::File::create(&path).ok() } else { None };
    let mut received = 0usize;
    while let Some(Ok(msg)) = ws.next().await {
        match msg {
            Message::Binary(b) => {
                received += b.len();
                if let Some(f) = file.take() {
                    // On the blocking pool, as n2o writes.
                    let written = tokio::task::spawn_blocking(move || {
                        let mut f = f;
                        f.write_all(&b).map(|()| f)
                    });
                    file = written.await.ok().and_then(Result::ok);
                }
            }
            Message::Close(_) => break,
            _ => continue,
        }
        if ws.send(Message::binary(vec![0u8; 100])).await.is_err() {
            break;
        }
    }
    let _ = std::fs::remove_file(&path);
    std::hint::black_box(received);
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::Instant::now())
}

/// [`ws_config`] with n2o's frame limit (1 MiB), which a 256 KiB block fits.
pub(crate) fn upload_config() -> WebSocketConfig {
    ws_config().max_message_size(Some(1 << 20)).max_frame_size(Some(1 << 20))
}
