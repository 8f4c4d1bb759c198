//! Floods and slow clients over real loopback sockets: each attack hits its limit, gets a
//! clear answer, and every other client goes on.

mod common;

use std::time::{Duration, Instant};

use common::*;
use futures_util::SinkExt;
use n2o::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::MaybeTlsStream;
use tokio_tungstenite::tungstenite::Message as Ws;

async fn probe_with(config: impl FnOnce(&mut n2o::Config)) -> Server {
    let mut c = n2o::Config::default();
    c.port = 0;
    config(&mut c);
    App::new().page("/", Probe).config(c).bind().await.expect("bind")
}

/// The raw TCP stream under a client socket, to write frames tungstenite would not.
fn raw(ws: &mut Socket) -> &mut TcpStream {
    match ws.get_mut() {
        MaybeTlsStream::Plain(tcp) => tcp,
        _ => unreachable!("loopback is plain TCP"),
    }
}

/// A masked binary frame header claiming `len` bytes (as a browser must mask).
fn frame_header(len: u64) -> Vec<u8> {
    let mut h = vec![0x82, 0x80 | 127];
    h.extend_from_slice(&len.to_be_bytes());
    h.extend_from_slice(&[1, 2, 3, 4]);
    h
}

/// Reads until the server closes the stream (EOF or an error); `None` if it is still open
/// after `within`.
async fn closed_within(tcp: &mut TcpStream, within: Duration) -> Option<Vec<u8>> {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        match tokio::time::timeout(left, tcp.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0) | Err(_)) => return Some(seen),
            Ok(Ok(n)) => seen.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test]
async fn unfinished_frames_are_bounded_for_the_whole_server_and_in_time() {
    let server = probe_with(|c| {
        c.max_unfinished_bytes = 4 << 20;
        c.frame_timeout = Duration::from_millis(600);
    })
    .await;
    // 12 sockets each send 900 KB of a frame claiming 1 MiB, and hold: 10.8 MB unfinished,
    // against a budget of 4 MiB.
    let mut holders = Vec::new();
    for _ in 0..12 {
        let mut ws = connect(&server).await;
        let tcp = raw(&mut ws);
        tcp.write_all(&frame_header(1 << 20)).await.unwrap();
        // The server may close a socket while it writes: that is the point.
        let _ = tcp.write_all(&vec![0x55; 900_000]).await;
        holders.push(ws);
    }
    // Meanwhile an honest client is served.
    let (mut honest, _) = connect_init(&server).await;
    honest.send(direct(Term::atom("hi"))).await.unwrap();
    assert_eq!(expect_io(&mut honest).await.0, "got('hi');");

    // Every holder is closed: those past the budget at once, the others at the frame
    // deadline. None holds on until the idle timeout (60 s).
    let started = Instant::now();
    let mut closes = Vec::new();
    for ws in &mut holders {
        let seen = closed_within(raw(ws), Duration::from_secs(5)).await;
        let seen = seen.expect("the server closed a socket that held an unfinished frame");
        closes.push(seen);
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    // Close frames carry their code: 1013 (budget) or 1008 (too slow).
    let codes: Vec<Option<u16>> = closes
        .iter()
        .map(|b| {
            b.windows(2)
                .position(|w| w[0] == 0x88)
                .map(|i| u16::from_be_bytes([b[i + 2], b[i + 3]]))
        })
        .collect();
    assert!(codes.contains(&Some(1013)), "some over the budget: {codes:?}");
    assert!(codes.contains(&Some(1008)), "some too slow: {codes:?}");

    // After the attack, the honest client still works, and a new one too.
    honest.send(direct(Term::atom("again"))).await.unwrap();
    assert_eq!(expect_io(&mut honest).await.0, "got('again');");
    let (mut late, _) = connect_init(&server).await;
    ping(&mut late).await;
    server.shutdown().await;
}

#[tokio::test]
async fn a_flooding_client_is_read_more_slowly_and_others_are_not() {
    let server = probe_with(|c| {
        c.event_rate = 200.0;
        c.event_burst = 20;
    })
    .await;
    let (mut flood, _) = connect_init(&server).await;
    let (mut other, _) = connect_init(&server).await;
    let started = Instant::now();
    for i in 0..120 {
        flood.feed(direct(Term::Int(i))).await.unwrap();
    }
    flood.flush().await.unwrap();
    // The other client is answered while the flood waits for its tokens.
    other.send(direct(Term::atom("me"))).await.unwrap();
    assert_eq!(expect_io(&mut other).await.0, "got('me');");
    for i in 0..120 {
        assert_eq!(expect_io(&mut flood).await.0, format!("got('{i}');"), "in order, none lost");
    }
    // 100 frames past the burst at 200 a second: at least half a second.
    assert!(started.elapsed() >= Duration::from_millis(450), "{:?}", started.elapsed());
    server.shutdown().await;
}

#[tokio::test]
async fn pushes_reach_a_client_that_keeps_sending() {
    let server = probe_with(|c| c.event_rate = 0.0).await;
    let (mut ws, _) = connect_init(&server).await;
    ws.send(direct(Term::atom("push"))).await.unwrap();
    assert_eq!(expect_io(&mut ws).await.0, "scheduled();");
    // The push is due in 20 ms; meanwhile the client sends 3,000 frames flat out.
    for i in 0..3_000 {
        ws.feed(direct(Term::Int(i))).await.unwrap();
    }
    ws.flush().await.unwrap();
    let mut position = None;
    for i in 0..3_001 {
        if expect_io(&mut ws).await.0 == "pushed();" {
            position = Some(i);
            break;
        }
    }
    let position = position.expect("the push arrived");
    assert!(position < 2_999, "the push waited for every inbound frame: at {position}");
    server.shutdown().await;
}

#[tokio::test]
async fn refusals_write_a_bounded_number_of_log_lines() {
    use std::sync::{Arc, Mutex};
    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Lines {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let lines = Lines::default();
    let writer = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::WARN)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = probe_with(|c| c.event_rate = 0.0).await;
    let mut ws = connect(&server).await;
    // 2,000 terms before init, 1 KB each: each is refused and answered.
    let big = Term::tuple([Term::atom("direct"), Term::bin(vec![b'x'; 1000])]);
    let frame = n2o::format::bert::encode(&big);
    for _ in 0..2_000 {
        ws.feed(Ws::binary(frame.clone())).await.unwrap();
    }
    ws.flush().await.unwrap();
    for _ in 0..2_000 {
        let (_, data) = expect_io(&mut ws).await;
        assert!(data.to_string().contains("send N2O,<token> first"), "{data}");
    }
    let written = lines.0.lock().unwrap().len();
    let count = lines.0.lock().unwrap().iter().filter(|&&b| b == b'\n').count();
    assert!(count <= 10, "{count} lines for 2,000 refusals");
    assert!(written < 5_000, "{written} bytes of log for 2 MB sent");
    server.shutdown().await;
}

/// Joins the room `r` on init; that is all.
struct Member;

impl Page for Member {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw("<body></body>")
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        if let Event::Init = event {
            cx.reg("r");
        }
    }
}

#[tokio::test]
async fn a_member_that_never_reads_costs_its_byte_budget_then_is_dropped() {
    let mut c = n2o::Config::default();
    c.port = 0;
    c.mailbox_bytes = 4 << 20;
    let server = App::new().page("/", Member).config(c).bind().await.unwrap();
    let (mut reader, _) = connect_init(&server).await;
    // The slow member: a socket that completes init, then never reads again.
    let (mut slow, _) = connect_init(&server).await;
    assert_eq!(server.rooms().len("r"), 2);
    // 60 flushes of 500 KB: 30 MB for a member that does not read, against its 4 MiB.
    let line = format!("x({});", n2o::js::quote(&"a".repeat(500_000)));
    let mut kicked_after = None;
    for i in 0..60 {
        server.rooms().flush("r", line.clone());
        let (eval, _) = expect_io(&mut reader).await;
        assert_eq!(eval.len(), line.len(), "the reader gets every flush");
        if kicked_after.is_none() && server.rooms().len("r") == 1 {
            kicked_after = Some(i);
        }
    }
    let kicked_after = kicked_after.expect("the member that does not read was dropped");
    // Its socket buffers take some (a few MB on loopback), its mailbox at most 4 MiB.
    assert!(kicked_after < 40, "dropped only after {kicked_after} flushes");
    // The slow socket is closed by the server.
    assert!(closed_within(raw(&mut slow), Duration::from_secs(10)).await.is_some());
    server.shutdown().await;
}
