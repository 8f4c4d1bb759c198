//! The N2O wire protocol over a real loopback socket: init, heartbeat, NOP, formatter
//! switches, pushes, custom protocols, and handler panics.

mod common;

use common::*;
use futures_util::SinkExt;
use n2o::prelude::*;
use n2o::proto::{Flow, Message, Protocol, Reply};
use tokio_tungstenite::tungstenite::Message as Ws;

#[tokio::test]
async fn init_runs_the_page_init_and_answers_io() {
    let server = probe_server().await;
    let (_ws, eval) = connect_init(&server).await;
    assert_eq!(eval, "qi('status').textContent='online';");
    server.shutdown().await;
}

#[tokio::test]
async fn init_reply_is_byte_exact_bert() {
    let server = probe_server().await;
    let mut ws = connect(&server).await;
    ws.send(Ws::text("N2O,")).await.unwrap();
    let Ws::Binary(bytes) = recv(&mut ws).await else { panic!("init reply is a binary frame") };
    let js = b"qi('status').textContent='online';";
    let mut expected = vec![131, 104, 3, 100, 0, 2, b'i', b'o', 109, 0, 0, 0, js.len() as u8];
    expected.extend_from_slice(js);
    expected.extend_from_slice(&[109, 0, 0, 0, 0]);
    assert_eq!(bytes.as_ref(), expected.as_slice());
}

#[tokio::test]
async fn ping_gets_pong_before_and_after_init() {
    let server = probe_server().await;
    let mut ws = connect(&server).await;
    ping(&mut ws).await;
    ws.send(Ws::text("N2O,")).await.unwrap();
    expect_io(&mut ws).await;
    ping(&mut ws).await;
    ping(&mut ws).await;
}

#[tokio::test]
async fn unclaimed_message_gets_an_empty_nop() {
    let server = probe_server().await;
    let (mut ws, _) = connect_init(&server).await;
    let unknown = Term::tuple([Term::atom("nobody_claims"), Term::int(1)]);
    ws.send(Ws::binary(n2o::format::bert::encode(&unknown))).await.unwrap();
    assert_eq!(recv(&mut ws).await, Ws::binary(Vec::new()));
    // An empty binary frame is a NOP too, answered with one.
    ws.send(Ws::binary(Vec::new())).await.unwrap();
    assert_eq!(recv(&mut ws).await, Ws::binary(Vec::new()));
    ping(&mut ws).await;
}

#[tokio::test]
async fn messages_before_init_are_refused_with_an_error() {
    let server = probe_server().await;
    let mut ws = connect(&server).await;
    ws.send(direct(Term::atom("hello"))).await.unwrap();
    let (eval, data) = expect_io(&mut ws).await;
    assert_eq!(eval, "");
    assert!(data.is_tagged("error", 2), "{data}");
    assert!(data.to_string().contains("N2O,"), "{data}");
    // Init still works afterwards.
    ws.send(Ws::text("N2O,")).await.unwrap();
    assert_eq!(expect_io(&mut ws).await.0, "qi('status').textContent='online';");
}

#[tokio::test]
async fn one_socket_switches_bert_json_bert() {
    let server = probe_server().await;
    let (mut ws, _) = connect_init(&server).await;

    ws.send(direct(Term::atom("a"))).await.unwrap();
    let frame = recv(&mut ws).await;
    assert!(frame.is_binary(), "BERT first: {frame:?}");

    ws.send(Ws::text("FORMAT,json")).await.unwrap();
    assert_eq!(recv(&mut ws).await, Ws::text("FORMAT,json"));
    ws.send(direct(Term::atom("b"))).await.unwrap();
    let frame = recv(&mut ws).await;
    let Ws::Text(text) = &frame else { panic!("JSON after the switch: {frame:?}") };
    assert_eq!(
        text.as_str(),
        r#"{"t":104,"v":[{"t":100,"v":"io"},{"t":109,"v":"got('b');"},{"t":109,"v":""}]}"#
    );
    // The client may speak JSON too; the server decodes whichever arrives.
    let json = n2o::format::json::encode(&Term::tuple([Term::atom("direct"), Term::atom("c")]));
    ws.send(Ws::text(json)).await.unwrap();
    assert_eq!(io_parts(&decode(&recv(&mut ws).await)).0, "got('c');");
    // An empty NOP in JSON mode is an empty text frame.
    ws.send(Ws::binary(Vec::new())).await.unwrap();
    assert_eq!(recv(&mut ws).await, Ws::text(""));

    ws.send(Ws::text("FORMAT,bert")).await.unwrap();
    assert_eq!(recv(&mut ws).await, Ws::text("FORMAT,bert"));
    ws.send(direct(Term::atom("d"))).await.unwrap();
    let frame = recv(&mut ws).await;
    assert!(frame.is_binary(), "BERT again: {frame:?}");
    assert_eq!(io_parts(&decode(&frame)).0, "got('d');");
}

#[tokio::test]
async fn a_handler_switches_the_formatter_from_its_own_reply_on() {
    let server = probe_server().await;
    let (mut ws, _) = connect_init(&server).await;
    ws.send(direct(Term::atom("json"))).await.unwrap();
    let frame = recv(&mut ws).await;
    assert!(frame.is_text(), "{frame:?}");
    assert_eq!(io_parts(&decode(&frame)).0, "switched();");
}

#[tokio::test]
async fn unknown_format_is_an_error_and_the_format_stays() {
    let server = probe_server().await;
    let (mut ws, _) = connect_init(&server).await;
    ws.send(Ws::text("FORMAT,xml")).await.unwrap();
    let frame = recv(&mut ws).await;
    assert!(frame.is_binary());
    let (_, data) = io_parts(&decode(&frame));
    assert!(data.to_string().contains("unknown format"), "{data}");
}

#[tokio::test]
async fn a_push_arrives_between_replies() {
    let server = probe_server().await;
    let (mut ws, _) = connect_init(&server).await;
    ws.send(direct(Term::atom("push"))).await.unwrap();
    assert_eq!(expect_io(&mut ws).await.0, "scheduled();");
    // The push comes on its own, before any further request.
    assert_eq!(expect_io(&mut ws).await.0, "pushed();");
    ws.send(direct(Term::atom("later"))).await.unwrap();
    assert_eq!(expect_io(&mut ws).await.0, "got('later');");
}

/// Answers `{echo, X}` with `{echo, X}`; passes everything else on.
struct Echo;

impl Protocol for Echo {
    async fn info(&self, message: Message, _cx: &mut Cx) -> Flow {
        match message {
            Message::Term(t) if t.is_tagged("echo", 2) => Flow::Reply(Reply::Term(t)),
            other => Flow::Pass(other),
        }
    }
}

#[tokio::test]
async fn a_custom_protocol_claims_its_messages() {
    let server = serve(App::new().page("/", Probe).protocol(Echo)).await;
    let (mut ws, _) = connect_init(&server).await;
    let echo = Term::tuple([Term::atom("echo"), Term::bin("hi")]);
    ws.send(Ws::binary(n2o::format::bert::encode(&echo))).await.unwrap();
    assert_eq!(decode(&recv(&mut ws).await), echo);
    // The built-in protocol still runs first.
    ping(&mut ws).await;
    ws.send(direct(Term::atom("x"))).await.unwrap();
    assert_eq!(expect_io(&mut ws).await.0, "got('x');");
    // Unclaimed by both: NOP.
    let other = Term::tuple([Term::atom("other"), Term::nil()]);
    ws.send(Ws::binary(n2o::format::bert::encode(&other))).await.unwrap();
    assert_eq!(recv(&mut ws).await, Ws::binary(Vec::new()));
}

#[tokio::test]
async fn a_panicking_handler_is_reported_and_everything_goes_on() {
    let server = probe_server().await;
    let (mut bystander, _) = connect_init(&server).await;
    let (mut ws, _) = connect_init(&server).await;
    ws.send(direct(Term::atom("panic"))).await.unwrap();
    let (eval, data) = expect_io(&mut ws).await;
    assert_eq!(eval, "");
    assert!(data.is_tagged("error", 2), "{data}");
    assert!(data.to_string().contains("probe asked to panic"), "{data}");
    // The same connection goes on.
    ping(&mut ws).await;
    ws.send(direct(Term::atom("still"))).await.unwrap();
    assert_eq!(expect_io(&mut ws).await.0, "got('still');");
    // So do the others, and new ones.
    ping(&mut bystander).await;
    let (_fresh, eval) = connect_init(&server).await;
    assert_eq!(eval, "qi('status').textContent='online';");
}

#[tokio::test]
async fn a_second_init_is_refused() {
    let server = probe_server().await;
    let (mut ws, _) = connect_init(&server).await;
    ws.send(Ws::text("N2O,")).await.unwrap();
    let (_, data) = expect_io(&mut ws).await;
    assert!(data.to_string().contains("already"), "{data}");
}
