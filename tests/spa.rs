//! The SPA protocol over real sockets: typed `{client, T}` decoding and its refusals, typed
//! `{server, T}` pushes to one client, a room and from a task, in BERT and JSON, and hostile
//! client messages (wrong shapes, 100 K-deep, huge, a flood of 10 K a second).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::*;
use futures_util::{SinkExt, StreamExt};
use n2o::format::{bert, json};
use n2o::prelude::*;
use n2o::test::TestApp;
use serde::{Deserialize, Serialize};
use tokio_tungstenite::tungstenite::Message as Ws;

/// What the board's client may send.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
enum Move {
    Play { col: u8 },
    Shout(String),
    Count,
    Boom,
}

/// What the board pushes.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Said {
    Played { col: u8, next: Option<String> },
    Shouted(String),
}

struct Board {
    counted: Arc<AtomicUsize>,
}

impl Page for Board {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw("<!doctype html><div id=board></div>")
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        if let Event::Init = event {
            cx.reg("table");
        }
    }
}

impl Spa for Board {
    type Client = Move;

    async fn client(&self, cx: &mut Cx, message: Move) {
        match message {
            Move::Play { col } => {
                cx.push_server(&Said::Played { col, next: Some("red".into()) }).unwrap();
                cx.wire("played();");
            }
            Move::Shout(text) => {
                cx.rooms().push_server("table", &Said::Shouted(text)).unwrap();
            }
            Move::Count => {
                self.counted.fetch_add(1, Ordering::Relaxed);
            }
            Move::Boom => panic!("boom asked for"),
        }
    }
}

/// A page with no client type.
struct Plain;

impl Page for Plain {
    type Event = ();
    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw("<p>plain</p>")
    }
}

fn app(counted: Arc<AtomicUsize>) -> App {
    App::new().spa("/", Board { counted }).page("/plain", Plain)
}

fn client_frame(t: Term) -> Ws {
    Ws::binary(bert::encode(&Term::tuple([Term::atom("client"), t])))
}

fn play(col: i64) -> Term {
    Term::tuple([Term::atom("Play"), Term::map([(Term::atom("col"), Term::int(col))])])
}

/// Reads frames until a `{server, T}` arrives; returns `T`.
async fn next_server(ws: &mut Socket) -> Term {
    loop {
        let term = decode(&recv(ws).await);
        if term.is_tagged("server", 2) {
            return term.as_tuple().unwrap()[1].clone();
        }
    }
}

/// Expects `{io, <<>>, {error, Msg}}`; returns `Msg`.
async fn expect_error(ws: &mut Socket) -> String {
    let (eval, data) = expect_io(ws).await;
    assert_eq!(eval, "");
    assert!(data.is_tagged("error", 2), "expected {{error, Msg}}, got {data}");
    data.as_tuple().unwrap()[1].as_text().unwrap().to_owned()
}

/// The connection still answers a typed message with its push.
async fn still_plays(ws: &mut Socket) {
    ws.send(client_frame(play(5))).await.unwrap();
    let pushed = next_server(ws).await;
    assert_eq!(
        n2o::term::from_term::<Said>(&pushed),
        Ok(Said::Played { col: 5, next: Some("red".into()) })
    );
}

#[tokio::test]
async fn the_driver_sends_typed_messages_and_reads_typed_pushes() {
    let app = TestApp::start(app(Arc::default())).await;
    let mut alice = app.mount("/").await;
    let mut bob = app.mount("/").await;
    let reply = alice.send_client(&Move::Play { col: 3 }).await;
    assert_eq!(reply.js(), "played();");
    assert_eq!(alice.server_pushes::<Said>(), [Said::Played { col: 3, next: Some("red".into()) }]);
    // The push is `{server, T}`, T as `to_term` writes `Said`.
    assert_eq!(
        alice.server_terms()[0].to_string(),
        "{played,#{col => 3,next => <<\"red\">>}}",
        "the wire shape of a struct variant"
    );
    assert!(bob.server_pushes::<Said>().is_empty(), "a push to one client reaches only it");

    // A room push reaches every member, the sender too.
    alice.clear_server_pushes();
    alice.send_client(&Move::Shout("hi".into())).await;
    bob.settle().await;
    assert_eq!(alice.server_pushes::<Said>(), [Said::Shouted("hi".into())]);
    assert_eq!(bob.server_pushes::<Said>(), [Said::Shouted("hi".into())]);

    // `{direct, T}` on an SPA page is a client message of the same type.
    bob.send_direct(play(4)).await;
    assert_eq!(bob.server_pushes::<Said>().len(), 2);

    // A message of another type is refused with the page's type named.
    let err = alice.try_send_client(&("not", "a", "move")).await.unwrap_err();
    assert!(err.message().contains("client message is not a spa::Move"), "{err}");
    // A panicking handler is reported like a page event's; the connection goes on.
    let err = alice.try_send_client(&Move::Boom).await.unwrap_err();
    assert!(err.message().contains("panicked: boom asked for"), "{err}");
    alice.send_client(&Move::Play { col: 1 }).await;
}

#[tokio::test]
async fn wrong_shapes_are_refused_with_the_type_named_and_the_connection_goes_on() {
    let server = serve(app(Arc::default())).await;
    let (mut ws, _) = connect_init(&server).await;
    let cases = [
        (Term::atom("Fly"), "unknown variant `Fly`"),
        (Term::int(7), "expected an atom, a {Tag, ...} tuple or a #{Tag => Value} map"),
        (
            Term::tuple([Term::atom("Play"), Term::map([(Term::atom("col"), Term::int(300))])]),
            "integer 300 does not fit in u8",
        ),
        (Term::tuple([Term::atom("Play"), Term::map([])]), "missing field `col`"),
        (Term::bin("x".repeat(100_000)), "unknown variant"),
    ];
    for (term, why) in cases {
        ws.send(client_frame(term)).await.unwrap();
        let msg = expect_error(&mut ws).await;
        assert!(msg.starts_with("client message is not a spa::Move: "), "{msg}");
        assert!(msg.contains(why), "{msg} should say {why}");
        assert!(msg.len() < 500, "the client's input is not echoed whole: {} bytes", msg.len());
    }
    // `{server, T}` is the server's to send.
    ws.send(Ws::binary(bert::encode(&Term::tuple([Term::atom("server"), play(1)])))).await.unwrap();
    assert_eq!(
        expect_error(&mut ws).await,
        "{server, T} is the server's push; a client sends {client, T}"
    );
    still_plays(&mut ws).await;

    // A page registered with `App::page` takes no client messages: an error, not a NOP.
    let (cookie, _) = render(&server, "/plain").await;
    let mut plain = connect_with(&server, "/plain", Some(&cookie)).await;
    plain.send(Ws::text("N2O,")).await.unwrap();
    expect_io(&mut plain).await;
    plain.send(client_frame(play(1))).await.unwrap();
    assert_eq!(expect_error(&mut plain).await, "this page takes no client messages");
    ping(&mut plain).await;
}

#[tokio::test]
async fn a_client_message_without_actions_gets_no_reply_frame() {
    let counted = Arc::new(AtomicUsize::new(0));
    let server = serve(app(counted.clone())).await;
    let (mut ws, _) = connect_init(&server).await;
    // No actions, no push: nothing comes back, the next frame is the PONG.
    ws.send(client_frame(Term::atom("Count"))).await.unwrap();
    ping(&mut ws).await;
    assert_eq!(counted.load(Ordering::Relaxed), 1, "the handler ran");
    // A push alone: the push is the only frame, before the PONG.
    ws.send(client_frame(Term::tuple([Term::atom("Shout"), Term::bin("x")]))).await.unwrap();
    assert!(decode(&recv(&mut ws).await).is_tagged("server", 2), "the push, no io before it");
    ping(&mut ws).await;
    // Actions still come as `{io, Eval, <<>>}` (then the push, from the mailbox).
    ws.send(client_frame(play(3))).await.unwrap();
    assert_eq!(expect_io(&mut ws).await, ("played();".to_owned(), Term::bin("")));
    assert!(decode(&recv(&mut ws).await).is_tagged("server", 2));
    // So do failures: a panic's report is an error reply, not silence.
    ws.send(client_frame(Term::atom("Boom"))).await.unwrap();
    assert!(expect_error(&mut ws).await.contains("boom asked for"));
    ping(&mut ws).await;

    // In JSON alike: the silent reply is no frame, not an empty text frame.
    ws.send(Ws::text("FORMAT,json")).await.unwrap();
    assert_eq!(recv(&mut ws).await, Ws::text("FORMAT,json"));
    let count = Term::tuple([Term::atom("client"), Term::atom("Count")]);
    ws.send(Ws::text(json::encode(&count))).await.unwrap();
    ping(&mut ws).await;
    assert_eq!(counted.load(Ordering::Relaxed), 2);
}

#[tokio::test]
async fn pushes_arrive_in_bert_and_json_alike() {
    let server = serve(app(Arc::default())).await;
    let (mut b, _) = connect_init(&server).await;
    let (mut j, _) = connect_init(&server).await;
    j.send(Ws::text("FORMAT,json")).await.unwrap();
    assert_eq!(recv(&mut j).await, Ws::text("FORMAT,json"));
    // The JSON client sends its message as n2o.js's json_enc does: the `{t, v}` wire JSON.
    let msg = Term::tuple([Term::atom("client"), play(2)]);
    j.send(Ws::text(json::encode(&msg))).await.unwrap();
    let frame = loop {
        let frame = recv(&mut j).await;
        if decode(&frame).is_tagged("server", 2) {
            break frame;
        }
    };
    assert!(matches!(frame, Ws::Text(_)), "a JSON client gets JSON: {frame:?}");
    let from_json = decode(&frame);

    // A room push goes to both, each in its own format, the same term.
    j.send(Ws::text(json::encode(&Term::tuple([
        Term::atom("client"),
        Term::tuple([Term::atom("Shout"), Term::bin("to all")]),
    ]))))
    .await
    .unwrap();
    let in_bert = next_server(&mut b).await;
    let in_json = next_server(&mut j).await;
    assert_eq!(in_bert, in_json);
    assert_eq!(n2o::term::from_term::<Said>(&in_bert), Ok(Said::Shouted("to all".into())));

    b.send(client_frame(play(2))).await.unwrap();
    let from_bert = Term::tuple([Term::atom("server"), next_server(&mut b).await]);
    assert_eq!(from_bert, from_json);
}

#[tokio::test]
async fn a_task_pushes_to_a_room() {
    let app = TestApp::start(app(Arc::default())).await;
    let mut alice = app.mount("/").await;
    app.tasks().spawn("clock", |mut cx: TaskCx<u8>| async move {
        while let Some(col) = cx.recv().await {
            cx.rooms().push_server("table", &Said::Played { col, next: None }).unwrap();
        }
    });
    app.tasks().get::<u8>("clock").unwrap().send(6).await.unwrap();
    alice.wait_until("the task's push", |c| !c.server_terms().is_empty()).await;
    assert_eq!(alice.server_pushes::<Said>(), [Said::Played { col: 6, next: None }]);

    // The same terms pushed raw into the chain: `{server, T}` goes to the browser as is,
    // `{client, T}` runs the page's typed handler (a NOP before the SPA protocol).
    let shout = Term::tuple([Term::atom("shouted"), Term::bin("raw")]);
    let server = Term::tuple([Term::atom("server"), shout]);
    app.rooms().push("table", &n2o::mailbox::Push::Info(server));
    alice.wait_until("the raw push", |c| c.server_terms().len() == 2).await;
    assert_eq!(alice.server_pushes::<Said>()[1], Said::Shouted("raw".into()));
    let client = Term::tuple([Term::atom("client"), play(2)]);
    app.rooms().push("table", &n2o::mailbox::Push::Info(client));
    alice.wait_until("the handler's push", |c| c.server_terms().len() == 3).await;
    assert_eq!(alice.server_pushes::<Said>()[2], Said::Played { col: 2, next: Some("red".into()) });
}

#[tokio::test]
async fn deep_and_huge_client_messages_are_refused_and_the_connection_goes_on() {
    let server = serve(app(Arc::default())).await;
    let (mut ws, _) = connect_init(&server).await;
    let (mut other, _) = connect_init(&server).await;

    // {client, [[[...]]]} 100 000 deep: the bounded decoder refuses it, no stack overflow.
    let mut deep = vec![131, 104, 2, 100, 0, 6];
    deep.extend_from_slice(b"client");
    for _ in 0..100_000 {
        deep.extend_from_slice(&[108, 0, 0, 0, 1]);
    }
    deep.extend(std::iter::repeat_n(106, 100_001));
    assert!(deep.len() < 1 << 20, "within the frame limit: the depth check refuses it");
    ws.send(Ws::binary(deep)).await.unwrap();
    let msg = expect_error(&mut ws).await;
    assert!(msg.contains("deeper"), "{msg}");
    still_plays(&mut ws).await;

    // 90 000 integers where a Move belongs: decoded within the limits, refused by type.
    let huge = Term::list((0..90_000).map(Term::int));
    ws.send(client_frame(huge)).await.unwrap();
    let msg = expect_error(&mut ws).await;
    assert!(msg.starts_with("client message is not a spa::Move"), "{msg}");
    assert!(msg.len() < 500, "{}", msg.len());

    // A well-typed message of 900 KB is handled, and its push carries its bytes to both.
    let text = "y".repeat(900_000);
    ws.send(client_frame(Term::tuple([Term::atom("Shout"), Term::bin(text.clone())])))
        .await
        .unwrap();
    for socket in [&mut other, &mut ws] {
        let got = n2o::term::from_term::<Said>(&next_server(socket).await).unwrap();
        assert!(got == Said::Shouted(text.clone()), "the 900 KB push arrives whole");
    }
    still_plays(&mut ws).await;
    still_plays(&mut other).await;
}

#[tokio::test]
async fn a_flood_of_client_messages_is_slowed_and_others_go_on() {
    let counted = Arc::new(AtomicUsize::new(0));
    let mut config = n2o::Config::default();
    config.port = 0;
    config.event_rate = 1000.0;
    config.event_burst = 100;
    let server = app(counted.clone()).config(config).bind().await.unwrap();
    let (flooder, _) = connect_init(&server).await;
    let (mut other, _) = connect_init(&server).await;
    let (mut sink, mut stream) = flooder.split();
    // Read the flooder's replies so the server is never blocked writing to it.
    let reader = tokio::spawn(async move { while let Some(Ok(_)) = stream.next().await {} });

    // 10 000 typed messages in one write: 10 K a second and more.
    let start = Instant::now();
    let writer = tokio::spawn(async move {
        for _ in 0..10_000 {
            sink.feed(client_frame(Term::atom("Count"))).await.unwrap();
        }
        sink.flush().await.unwrap();
        sink
    });
    // Meanwhile another client is served as usual.
    tokio::time::sleep(Duration::from_millis(300)).await;
    ping(&mut other).await;
    still_plays(&mut other).await;
    let handled = counted.load(Ordering::Relaxed);
    let elapsed = start.elapsed().as_secs_f64();
    // The event rate caps what the flooder gets through: its burst and the rate since.
    let cap = 100.0 + 1000.0 * elapsed + 50.0;
    assert!(
        (handled as f64) <= cap,
        "{handled} messages handled in {elapsed:.3} s: over the rate's cap {cap:.0}"
    );
    eprintln!("flood: {handled} of 10000 messages handled after {elapsed:.3} s (cap {cap:.0})");
    assert!(handled < 10_000, "the flood was not slowed");
    // The flooder itself still gets through, slowly.
    assert!(handled > 0);
    writer.abort();
    reader.abort();
    still_plays(&mut other).await;
}

/// A hook that lets nobody through once it is closed.
struct Closed(Arc<std::sync::atomic::AtomicBool>);

impl n2o::hook::Hook for Closed {
    async fn check(&self, _cx: &mut Cx) -> bool {
        !self.0.load(Ordering::Relaxed)
    }
}

#[tokio::test]
async fn hooks_run_before_client_messages() {
    let counted = Arc::new(AtomicUsize::new(0));
    let closed = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let app = TestApp::start(app(counted.clone()).hook("/", Closed(closed.clone()))).await;
    let mut tab = app.mount("/").await;
    tab.send_client(&Move::Count).await;
    assert_eq!(counted.load(Ordering::Relaxed), 1);
    closed.store(true, Ordering::Relaxed);
    tab.send_client(&Move::Count).await;
    tab.send_client(&Move::Play { col: 1 }).await;
    assert_eq!(counted.load(Ordering::Relaxed), 1, "the hook stopped the client message");
    assert!(tab.server_pushes::<Said>().is_empty());
}
