//! The Review sample against axum on the same data, in one run: `cargo bench --bench review`.
//!
//! * **REST get**: `GET /api/rooms/{code}` of the Review app (route, REST layer, the store's
//!   read on tokio's blocking pool, JSON out) vs an axum handler reading the same record from
//!   a redb file with the same content (inline, as most axum + redb apps read, and on the
//!   blocking pool, as n2o does) and answering `Json`.
//! * **Room page**: `GET /room/lobby` of a signed-in session (hook, session, the feed's newest
//!   50 lines, `nitro!` body, layout, sealing) vs axum + askama reading the same 50 lines
//!   from redb and rendering them in a template of the same markup.
//!
//! Both servers run in this process on one two-worker runtime; the client, on a runtime of
//! its own, keeps 8 keep-alive connections busy. Sides alternate in rounds of one second
//! after a warm-up; the table gives medians and the n2o/axum ratio. (The redb file is a copy:
//! a redb file has one owner at a time.) Run without `--bench` (`cargo test --benches`) it
//! makes a short smoke run whose figures mean nothing.

#[allow(dead_code, unreachable_pub, missing_docs)]
#[path = "../examples/review.rs"]
mod review;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use askama::Template;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use n2o::kvs::Store;
use n2o::session::{MemoryConfig, MemoryStore, SessionStore};
use redb::{Database, ReadableDatabase, TableDefinition};
use review::{MESSAGES, Message, Room};

const ROOMS: TableDefinition<'_, &str, &[u8]> = TableDefinition::new("rooms");
const LINES: TableDefinition<'_, u64, &[u8]> = TableDefinition::new("lobby");
const CONNECTIONS: usize = 8;

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (rounds, round) =
        if full { (7, Duration::from_secs(1)) } else { (1, Duration::from_millis(50)) };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let servers = runtime("servers");
    let client = runtime("client");
    let (n2o, axum, cookie) = servers.block_on(start(dir.path()));
    println!(
        "review bench ({} run): n2o vs axum on the same data",
        if full { "full" } else { "smoke" }
    );
    let mut rows = Vec::new();
    for (name, n2o_path, axum_path) in [
        ("REST GET one room (axum reads inline)", "/api/rooms/room0500", "/rooms/room0500"),
        (
            "REST GET one room (axum reads on the blocking pool)",
            "/api/rooms/room0500",
            "/rooms-pool/room0500",
        ),
        ("room page, 50 lines, signed in (axum + askama)", "/room/lobby", "/room/lobby"),
    ] {
        let mut a = Vec::new();
        let mut b = Vec::new();
        // A warm-up round each, not counted.
        for (addr, path, out) in [(n2o, n2o_path, &mut a), (axum, axum_path, &mut b)] {
            client.block_on(drive(addr, path, &cookie, round)).expect("warm-up");
            let _ = out;
        }
        for _ in 0..rounds {
            a.push(client.block_on(drive(n2o, n2o_path, &cookie, round)).expect("n2o"));
            b.push(client.block_on(drive(axum, axum_path, &cookie, round)).expect("axum"));
        }
        let (ra, rb) = (median(a.iter().map(|x| x.0)), median(b.iter().map(|x| x.0)));
        let (sa, sb) = (median(a.iter().map(|x| x.1)), median(b.iter().map(|x| x.1)));
        rows.push((name, ra, rb, sa, sb));
    }
    println!();
    println!("| scenario | n2o req/s | axum req/s | ratio | bytes n2o / axum |");
    println!("|---|---|---|---|---|");
    for (name, ra, rb, sa, sb) in rows {
        println!("| {name} | {ra:.0} | {rb:.0} | {:.2}× | {sa:.0} / {sb:.0} |", ra / rb);
    }
    println!();
    println!(
        "{rounds} rounds of {} ms per side, {CONNECTIONS} connections, medians",
        round.as_millis()
    );
}

fn runtime(name: &str) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(format!("review-{name}"))
        .enable_all()
        .build()
        .expect("a runtime")
}

fn room(i: usize) -> Room {
    Room { code: format!("room{i:04}"), title: format!("Room number {i}") }
}

fn line(i: u64) -> Message {
    Message {
        author: "ann".into(),
        text: format!("a chat line of about sixty bytes, number {i}"),
        at: i * 60_000,
    }
}

/// Both servers over the same content; the session cookie of a signed-in user.
async fn start(dir: &std::path::Path) -> (SocketAddr, SocketAddr, String) {
    let store = Store::open(dir.join("n2o.redb")).expect("the store");
    let raw = Database::create(dir.join("axum.redb")).expect("the raw file");
    let txn = raw.begin_write().expect("a write");
    {
        let mut rooms = txn.open_table(ROOMS).expect("rooms");
        let mut lines = txn.open_table(LINES).expect("lines");
        for i in 0..1000 {
            let r = room(i);
            rooms.insert(r.code.as_str(), serde_json::to_vec(&r).unwrap().as_slice()).unwrap();
        }
        for i in 1..=200 {
            lines.insert(i, serde_json::to_vec(&line(i)).unwrap().as_slice()).unwrap();
        }
    }
    txn.commit().expect("commit");
    let mut txn = store.begin().await.expect("a transaction");
    for i in 0..1000 {
        txn.put(&room(i)).await.unwrap();
    }
    txn.put(&Room { code: "lobby".into(), title: "The lobby".into() }).await.unwrap();
    for i in 1..=200 {
        txn.append(&MESSAGES, "lobby", &line(i)).await.unwrap();
    }
    txn.commit().await.expect("commit");

    let sessions = MemoryStore::new(MemoryConfig::default());
    let id = sessions.create().await.unwrap();
    sessions.put(&id, "user", "bench".into()).await.unwrap();
    let n2o = review::app(store, None)
        .session_store(sessions)
        .bind_to("127.0.0.1:0".parse().unwrap())
        .await
        .expect("n2o");
    let axum = axum_server(Arc::new(raw)).await;
    let addr = n2o.local_addr();
    // The server lives as long as the process.
    std::mem::forget(n2o);
    (addr, axum, format!("{}={id}", n2o::session::COOKIE_NAME))
}

#[derive(Template)]
#[template(
    ext = "html",
    source = r#"<!doctype html><html><head><meta charset="utf-8"><title>Review: {{ title }}</title><style>body{font:16px system-ui;max-width:40em;margin:2em auto}#history{list-style:none;padding:0}#history li{margin:.3em 0}.at{color:#888;font-size:.8em}.error{color:#b00}</style></head><body><a href="/rooms">All rooms</a><h1 id="title">{{ title }}</h1><button id="older">Load older</button><ul id="history">{% for m in lines %}<li><b>{{ m.author }}</b> {{ m.text }} <span class="at">{{ m.at }}</span></li>{% endfor %}</ul><input id="message" type="text" placeholder="Say something"><button id="send">Send</button><p id="error" class="error"></p><button id="logout">Sign out</button></body></html>"#
)]
struct RoomTemplate {
    title: String,
    lines: Vec<Line>,
}

struct Line {
    author: String,
    text: String,
    at: String,
}

fn read_room(db: &Database, code: &str) -> Option<Room> {
    let txn = db.begin_read().ok()?;
    let table = txn.open_table(ROOMS).ok()?;
    let bytes = table.get(code).ok()??;
    serde_json::from_slice(bytes.value()).ok()
}

async fn axum_server(db: Arc<Database>) -> SocketAddr {
    use axum::extract::{Path, State};
    use axum::http::StatusCode;
    use axum::response::{Html, IntoResponse};
    use axum::routing::get;
    use axum::{Json, Router};

    async fn inline(
        State(db): State<Arc<Database>>,
        Path(code): Path<String>,
    ) -> impl IntoResponse {
        match read_room(&db, &code) {
            Some(room) => Json(room).into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        }
    }
    async fn pool(State(db): State<Arc<Database>>, Path(code): Path<String>) -> impl IntoResponse {
        match tokio::task::spawn_blocking(move || read_room(&db, &code)).await.ok().flatten() {
            Some(room) => Json(room).into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        }
    }
    async fn page(State(db): State<Arc<Database>>) -> impl IntoResponse {
        let txn = db.begin_read().expect("read");
        let table = txn.open_table(LINES).expect("lines");
        let mut lines: Vec<Line> = table
            .range::<u64>(..)
            .expect("range")
            .rev()
            .take(50)
            .map(|e| {
                let (_, v) = e.expect("entry");
                let m: Message = serde_json::from_slice(v.value()).expect("json");
                let secs = m.at / 1000;
                Line {
                    author: m.author,
                    text: m.text,
                    at: format!("{:02}:{:02}", secs / 3600 % 24, secs / 60 % 60),
                }
            })
            .collect();
        lines.reverse();
        let title = read_room(&db, "lobby").map_or_else(|| "The lobby".into(), |r| r.title);
        Html(RoomTemplate { title, lines }.render().expect("render"))
    }
    let app = Router::new()
        .route("/rooms/{code}", get(inline))
        .route("/rooms-pool/{code}", get(pool))
        .route("/room/lobby", get(page))
        .with_state(db);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("axum") });
    addr
}

/// `CONNECTIONS` keep-alive connections GET `path` back to back for `time`: requests per
/// second and bytes per response.
async fn drive(
    addr: SocketAddr,
    path: &str,
    cookie: &str,
    time: Duration,
) -> Result<(f64, f64), String> {
    let deadline = Instant::now() + time;
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let (path, cookie) = (path.to_owned(), cookie.to_owned());
        tasks.push(tokio::spawn(async move {
            let stream = tokio::net::TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
            stream.set_nodelay(true).map_err(|e| e.to_string())?;
            let (mut send, conn) =
                hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                    .await
                    .map_err(|e| e.to_string())?;
            tokio::spawn(conn);
            let (mut count, mut bytes) = (0u64, 0u64);
            while Instant::now() < deadline {
                let req = hyper::Request::get(path.as_str())
                    .header("host", addr.to_string())
                    .header("cookie", cookie.as_str())
                    .body(Empty::<Bytes>::new())
                    .map_err(|e| e.to_string())?;
                let res = send.send_request(req).await.map_err(|e| e.to_string())?;
                if !res.status().is_success() {
                    return Err(format!("GET {path}: {}", res.status()));
                }
                bytes +=
                    res.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes().len()
                        as u64;
                count += 1;
            }
            Ok::<_, String>((count, bytes))
        }));
    }
    let started = Instant::now();
    let (mut count, mut bytes) = (0, 0);
    for t in tasks {
        let (c, b) = t.await.map_err(|e| e.to_string())??;
        count += c;
        bytes += b;
    }
    let secs = started.elapsed().as_secs_f64().max(time.as_secs_f64());
    Ok((count as f64 / secs, bytes as f64 / count.max(1) as f64))
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    if v.is_empty() { 0.0 } else { v[v.len() / 2] }
}
