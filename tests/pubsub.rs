//! Rooms over real loopback sockets: flushes fanned out byte for byte, late joiners, leaving
//! by close and by unreg, typed messages, per-format encoding, and a member that never reads.

mod common;

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use common::*;
use futures_util::{SinkExt, StreamExt};
use n2o::mailbox::Pusher;
use n2o::prelude::*;
use serde::{Deserialize, Serialize};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message as Ws;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

/// What members say to each other through `cx.send`.
#[derive(Serialize, Deserialize)]
enum Chat {
    Line(String),
}

/// A page driven by `{direct, {Command, Room, Arg}}`; it hands the test the server's rooms
/// and the pushers of its connections, in the order they initialised.
#[derive(Clone, Default)]
struct RoomPage {
    rooms: Arc<OnceLock<Rooms>>,
    pushers: Arc<Mutex<Vec<Pusher>>>,
}

impl Page for RoomPage {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw("<!doctype html><p>rooms</p>")
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        match event {
            Event::Init => {
                let _ = self.rooms.set(cx.rooms());
                self.pushers.lock().unwrap().push(cx.pusher().expect("a connection"));
                cx.wire("ready();");
            }
            Event::Direct(t) => command(cx, &t),
            Event::Message(t) => {
                let Chat::Line(text) = n2o::term::from_term(&t).expect("a Chat");
                cx.wire(&format!("said({});", n2o::js::quote(&text)));
            }
            _ => {}
        }
    }
}

fn command(cx: &mut Cx, t: &Term) {
    let items = t.as_tuple().expect("{Command, Room, Arg}");
    let room = items[1].as_text().expect("a room name");
    let arg = items[2].as_text().unwrap_or_default();
    match items[0].as_atom() {
        Some("join") => {
            cx.reg(room);
            cx.wire("joined();");
        }
        Some("leave") => {
            cx.unreg(room);
            cx.wire("left();");
        }
        Some("flush") => {
            cx.wire(arg);
            let n = cx.flush(room);
            cx.wire(&format!("flushed({n});"));
        }
        Some("send") => {
            let n = cx.send(room, &Chat::Line(arg.to_owned())).expect("a Chat is a term");
            cx.wire(&format!("sent({n});"));
        }
        other => panic!("unknown command {other:?}"),
    }
}

async fn room_server(mailbox: usize) -> (Server, RoomPage) {
    let page = RoomPage::default();
    let mut config = n2o::Config::default();
    config.port = 0;
    config.mailbox = mailbox;
    let server = App::new().page("/", page.clone()).config(config).bind().await.expect("bind");
    (server, page)
}

fn rooms_of(page: &RoomPage) -> Rooms {
    page.rooms.get().expect("a connection initialised").clone()
}

async fn member(server: &Server) -> Socket {
    let (ws, eval) = connect_init(server).await;
    assert_eq!(eval, "ready();");
    ws
}

/// Sends `{direct, {Command, <<Room>>, <<Arg>>}}`; returns the `Eval` of the reply.
async fn cmd(ws: &mut Socket, command: &str, room: &str, arg: &str) -> String {
    let t = Term::tuple([Term::atom(command), Term::bin(room), Term::bin(arg)]);
    ws.send(direct(t)).await.unwrap();
    expect_io(ws).await.0
}

async fn join(ws: &mut Socket, room: &str) {
    assert_eq!(cmd(ws, "join", room, "").await, "joined();");
}

#[tokio::test]
async fn members_get_the_same_flush_bytes_and_a_late_joiner_only_later_ones() {
    let (server, _) = room_server(1024).await;
    let (mut a, mut b) = (member(&server).await, member(&server).await);
    join(&mut a, "room").await;
    join(&mut b, "room").await;

    // The actions leave the sender's own reply and reach it through the room, like the rest.
    assert_eq!(cmd(&mut a, "flush", "room", "line(1);").await, "flushed(2);");
    let (fa, fb) = (recv(&mut a).await, recv(&mut b).await);
    assert!(fa.is_binary(), "{fa:?}");
    assert_eq!(fa, fb, "byte-identical frames");
    assert_eq!(io_parts(&decode(&fa)).0, "line(1);");

    let mut c = member(&server).await;
    join(&mut c, "room").await;
    assert_eq!(cmd(&mut b, "flush", "room", "line(2);").await, "flushed(3);");
    for ws in [&mut a, &mut b, &mut c] {
        assert_eq!(expect_io(ws).await.0, "line(2);", "the late joiner gets no old flush");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn closing_a_member_takes_it_out_of_the_room() {
    let (server, page) = room_server(1024).await;
    let (mut a, mut b) = (member(&server).await, member(&server).await);
    join(&mut a, "room").await;
    join(&mut b, "room").await;
    let rooms = rooms_of(&page);
    assert_eq!(rooms.len("room"), 2);

    b.close(None).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while rooms.len("room") != 1 {
        assert!(Instant::now() < deadline, "the closed member is still in the room");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(cmd(&mut a, "flush", "room", "x();").await, "flushed(1);");
    assert_eq!(expect_io(&mut a).await.0, "x();");
    server.shutdown().await;
}

#[tokio::test]
async fn unreg_stops_the_flushes() {
    let (server, page) = room_server(1024).await;
    let (mut a, mut b) = (member(&server).await, member(&server).await);
    join(&mut a, "room").await;
    join(&mut b, "room").await;
    join(&mut b, "b-only").await;
    assert_eq!(cmd(&mut b, "leave", "room", "").await, "left();");
    let rooms = rooms_of(&page);
    assert_eq!(rooms.len("room"), 1);

    assert_eq!(cmd(&mut a, "flush", "room", "missed();").await, "flushed(1);");
    assert_eq!(expect_io(&mut a).await.0, "missed();");
    // Pushes reach a member in order: had b got the flush, it would come before this one.
    assert_eq!(rooms.flush("b-only", "marker();"), 1);
    assert_eq!(expect_io(&mut b).await.0, "marker();");
    server.shutdown().await;
}

#[tokio::test]
async fn send_reaches_every_member_page_as_a_typed_message() {
    let (server, _) = room_server(1024).await;
    let (mut a, mut b) = (member(&server).await, member(&server).await);
    join(&mut a, "room").await;
    join(&mut b, "room").await;
    let text = "hi <b>'${x}'";
    assert_eq!(cmd(&mut a, "send", "room", text).await, "sent(2);");
    let want = format!("said({});", n2o::js::quote(text));
    assert_eq!(expect_io(&mut a).await.0, want, "the sender is a member too");
    assert_eq!(expect_io(&mut b).await.0, want);
    server.shutdown().await;
}

#[tokio::test]
async fn a_json_member_gets_the_json_encoding_of_the_same_flush() {
    let (server, _) = room_server(1024).await;
    let (mut a, mut b, mut j) =
        (member(&server).await, member(&server).await, member(&server).await);
    j.send(Ws::text("FORMAT,json")).await.unwrap();
    assert_eq!(recv(&mut j).await, Ws::text("FORMAT,json"));
    for ws in [&mut a, &mut b, &mut j] {
        join(ws, "room").await;
    }
    assert_eq!(cmd(&mut a, "flush", "room", "both('é');").await, "flushed(3);");
    let (fa, fb, fj) = (recv(&mut a).await, recv(&mut b).await, recv(&mut j).await);
    assert!(fa.is_binary() && fj.is_text(), "{fa:?} {fj:?}");
    assert_eq!(fa, fb);
    assert_eq!(decode(&fa), decode(&fj), "one term, two encodings");
    let Ws::Text(json) = &fj else { unreachable!() };
    assert_eq!(
        json.as_str(),
        r#"{"t":104,"v":[{"t":100,"v":"io"},{"t":109,"v":"both('é');"},{"t":109,"v":""}]}"#
    );
    server.shutdown().await;
}

/// The most a socket's send buffer grows to (Linux `tcp_wmem` max); 4 MiB elsewhere.
fn kernel_send_buffer_max() -> usize {
    std::fs::read_to_string("/proc/sys/net/ipv4/tcp_wmem")
        .ok()
        .and_then(|s| s.split_whitespace().nth(2).and_then(|n| n.parse().ok()))
        .unwrap_or(4 << 20)
}

const SLOW_MAILBOX: usize = 32;
const FRAME: usize = 1000;

/// A member on a socket with a small receive buffer, initialised and joined to `room`; the
/// tests then stop reading it.
async fn raw_member(server: &Server, room: &str) -> WebSocketStream<tokio::net::TcpStream> {
    let (cookie, _) = render(server, "/").await;
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let stream = socket.connect(server.local_addr()).await.unwrap();
    let mut req = format!("ws://{}/ws/", server.local_addr()).into_client_request().unwrap();
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::client_async(req, stream).await.expect("handshake");
    ws.send(Ws::text("N2O,")).await.unwrap();
    ws.next().await.expect("init reply").unwrap();
    let join = Term::tuple([Term::atom("join"), Term::bin(room), Term::bin("")]);
    ws.send(direct(join)).await.unwrap();
    ws.next().await.expect("join reply").unwrap();
    ws
}

/// Flushes ~1 KB to `room` as many times as it takes to fill what the kernel buffers for a
/// member that does not read, twice over (at least 5,000), each received by `healthy` before
/// the next. Returns the first flush that reached fewer members than the room had, and the
/// healthy member's receive latencies, sorted.
async fn flood(rooms: &Rooms, healthy: &mut Socket) -> (Option<usize>, Vec<Duration>) {
    let flushes = (2 * kernel_send_buffer_max() / FRAME).max(5000);
    let members = rooms.len("room");
    let pad = "x".repeat(FRAME - 20);
    let mut latencies = Vec::with_capacity(flushes);
    let mut dropped_at = None;
    for i in 0..flushes {
        let sent = Instant::now();
        let delivered = rooms.flush("room", format!("f({i},'{pad}');"));
        if delivered < members && dropped_at.is_none() {
            dropped_at = Some(i);
        }
        let eval = tokio::time::timeout(Duration::from_secs(2), expect_io(healthy))
            .await
            .unwrap_or_else(|_| panic!("flush {i} did not reach the healthy member in 2 s"))
            .0;
        latencies.push(sent.elapsed());
        assert!(eval.starts_with(&format!("f({i},")), "flush {i} in order");
    }
    latencies.sort();
    (dropped_at, latencies)
}

/// A member that completes init and joins, then never reads its socket: once the kernel's
/// buffers for it are full, its mailbox fills, it is dropped from the room and kicked. A
/// healthy member gets every one of at least 5,000 1 KB flushes meanwhile, promptly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_that_never_reads_is_dropped_and_does_not_delay_the_others() {
    let (server, page) = room_server(SLOW_MAILBOX).await;
    let mut slow = raw_member(&server, "room").await;
    let mut healthy = member(&server).await;
    join(&mut healthy, "room").await;
    let rooms = rooms_of(&page);
    assert_eq!(rooms.len("room"), 2);

    let (dropped_at, latencies) = flood(&rooms, &mut healthy).await;
    let n = latencies.len();
    let (p50, p99, max) = (latencies[n / 2], latencies[n * 99 / 100], latencies[n - 1]);
    eprintln!(
        "{n} flushes; healthy member: p50 {p50:?}, p99 {p99:?}, max {max:?}; \
         slow member dropped at flush {dropped_at:?}"
    );
    let dropped_at = dropped_at.expect("the slow member was dropped from the room");
    assert_eq!(rooms.len("room"), 1);
    assert!(max < Duration::from_secs(1), "the healthy member waited {max:?} for a flush");

    // Now read the slow socket: what the kernel buffered, then 1013. What was still in its
    // mailbox is never sent.
    let mut frames = 0;
    let close = loop {
        match tokio::time::timeout(Duration::from_secs(10), slow.next()).await {
            Err(_) => panic!("no close within 10 s after {frames} frames"),
            Ok(Some(Ok(Ws::Close(frame)))) => break frame.expect("a close code"),
            Ok(Some(Ok(_))) => frames += 1,
            Ok(other) => panic!("socket ended without a close frame after {frames}: {other:?}"),
        }
    };
    eprintln!("slow member: {frames} frames, then close {close}");
    assert_eq!(close.code, CloseCode::Again, "{close}");
    assert!(frames <= dropped_at, "it got no flush after it was dropped");
    assert!(
        frames * FRAME <= kernel_send_buffer_max() + SLOW_MAILBOX * FRAME + (1 << 20),
        "its backlog ({frames} frames) is no more than the kernel buffers and one mailbox"
    );
    server.shutdown().await;
}

/// The kicked member's connection must end even though its client never reads again: its
/// task may not stay blocked on a write nobody will ever take.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kicked_member_that_never_reads_is_closed_by_the_server() {
    let (server, page) = room_server(SLOW_MAILBOX).await;
    let _slow = raw_member(&server, "room").await;
    let slow_pusher = page.pushers.lock().unwrap()[0].clone();
    let mut healthy = member(&server).await;
    join(&mut healthy, "room").await;
    let rooms = rooms_of(&page);
    let (dropped_at, _) = flood(&rooms, &mut healthy).await;
    assert!(dropped_at.is_some(), "the slow member was dropped from the room");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !slow_pusher.is_closed() {
        assert!(Instant::now() < deadline, "the kicked connection still runs 5 s later");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.shutdown().await;
}
