//! The N2O wire protocol over a real loopback socket: init, heartbeat, NOP, formatter
//! switches, pushes, custom protocols, and handler panics.

mod common;

use common::*;
use futures_util::SinkExt;
use n2o::format::Limits;
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
    ws.send(Ws::text("FORMAT,yaml")).await.unwrap();
    let frame = recv(&mut ws).await;
    assert!(frame.is_binary());
    let (_, data) = io_parts(&decode(&frame));
    assert!(data.to_string().contains("unknown format"), "{data}");
    assert!(data.to_string().contains("bert, json, wamp, json-object, text, xml"), "{data}");
    ws.send(direct(Term::atom("a"))).await.unwrap();
    assert!(recv(&mut ws).await.is_binary(), "still BERT");
}

/// The text of a text frame.
fn text_of(frame: &Ws) -> &str {
    match frame {
        Ws::Text(t) => t.as_str(),
        other => panic!("expected a text frame, got {other:?}"),
    }
}

#[tokio::test]
async fn one_socket_switches_bert_wamp_xml_text_json_object_bert() {
    let server = probe_server().await;
    let (mut ws, _) = connect_init(&server).await;
    ws.send(direct(Term::atom("a"))).await.unwrap();
    assert!(recv(&mut ws).await.is_binary());

    ws.send(Ws::text("FORMAT,wamp")).await.unwrap();
    assert_eq!(recv(&mut ws).await, Ws::text("FORMAT,wamp"));
    // The client speaks WAMP too: `["direct","b"]` is `{direct, <<"b">>}`.
    ws.send(Ws::text(r#"["direct","b"]"#)).await.unwrap();
    let wamp = recv(&mut ws).await;
    let term = Format::Wamp.decode(text_of(&wamp).as_bytes(), &Limits::default()).unwrap();
    assert_eq!(io_parts(&term).0, format!("got({});", n2o::js::quote("<<\"b\">>")));
    // ... or BERT, still understood.
    ws.send(direct(Term::atom("c"))).await.unwrap();
    assert_eq!(text_of(&recv(&mut ws).await), r#"["io","got('c');",""]"#);

    ws.send(Ws::text("FORMAT,xml")).await.unwrap();
    assert_eq!(recv(&mut ws).await, Ws::text("FORMAT,xml"));
    ws.send(direct(Term::atom("</eval>&]]>"))).await.unwrap();
    let xml = recv(&mut ws).await;
    assert!(!text_of(&xml).contains("</eval>&"), "{xml:?}");
    let term = Format::Xml.decode(text_of(&xml).as_bytes(), &Limits::default()).unwrap();
    assert_eq!(
        io_parts(&term).0,
        format!("got({});", n2o::js::quote(&Term::atom("</eval>&]]>").to_string()))
    );
    let xml_direct = "<tuple><atom>direct</atom><atom>d</atom></tuple>";
    ws.send(Ws::text(xml_direct)).await.unwrap();
    assert_eq!(
        text_of(&recv(&mut ws).await),
        "<io><eval>got(&apos;d&apos;);</eval><data></data></io>"
    );
    // Hostile XML is refused, in XML, and the socket goes on.
    ws.send(Ws::text("<!DOCTYPE x [<!ENTITY a \"b\">]><tuple/>")).await.unwrap();
    let refused = text_of(&recv(&mut ws).await).to_owned();
    assert!(refused.starts_with("<io><eval></eval><data><tuple><atom>error</atom>"), "{refused}");

    ws.send(Ws::text("FORMAT,text")).await.unwrap();
    assert_eq!(recv(&mut ws).await, Ws::text("FORMAT,text"));
    ws.send(direct(Term::atom("e f"))).await.unwrap();
    // `'e f'` in JS quotes is `'\'e f\''`; TEXT escapes `\` and the space.
    assert_eq!(text_of(&recv(&mut ws).await), concat!(r"IO got('\\'e\sf\\'');", " \n"));
    ws.send(direct(Term::atom("x\ny"))).await.unwrap();
    let text = recv(&mut ws).await;
    assert_eq!(text_of(&text).matches('\n').count(), 1, "one line: {text:?}");
    let term = Format::Text.decode(text_of(&text).as_bytes(), &Limits::default()).unwrap();
    assert_eq!(
        io_parts(&term).0,
        format!("got({});", n2o::js::quote(&Term::atom("x\ny").to_string()))
    );

    ws.send(Ws::text("FORMAT,json-object")).await.unwrap();
    assert_eq!(recv(&mut ws).await, Ws::text("FORMAT,json-object"));
    ws.send(direct(Term::atom("g"))).await.unwrap();
    assert_eq!(text_of(&recv(&mut ws).await), r#"{"name":"io","eval":"got('g');","data":""}"#);

    ws.send(Ws::text("FORMAT,bert")).await.unwrap();
    assert_eq!(recv(&mut ws).await, Ws::text("FORMAT,bert"));
    ws.send(direct(Term::atom("h"))).await.unwrap();
    let frame = recv(&mut ws).await;
    assert!(frame.is_binary(), "BERT again: {frame:?}");
    assert_eq!(io_parts(&decode(&frame)).0, "got('h');");
}

/// A formatter of the app's own: `io|<eval>` text frames, nothing decodable.
struct Pipe;

impl n2o::format::Formatter for Pipe {
    fn name(&self) -> &'static str {
        "pipe"
    }
    fn binary(&self) -> bool {
        false
    }
    fn encode(&self, term: &Term) -> n2o::format::Frame {
        let eval = term.as_tuple().and_then(|t| t.get(1)).and_then(Term::as_text);
        n2o::format::Frame::Text(format!("io|{}", eval.unwrap_or_default()))
    }
    fn decode(
        &self,
        _frame: &[u8],
        _limits: &n2o::format::Limits,
    ) -> Result<Term, n2o::format::DecodeError> {
        Ok(Term::tuple([Term::atom("direct"), Term::atom("piped")]))
    }
}

#[tokio::test]
async fn an_app_registers_its_own_formatter() {
    let server = serve(App::new().page("/", common::Probe).formatter(Pipe)).await;
    let (mut ws, _) = connect_init(&server).await;
    ws.send(Ws::text("FORMAT,pipe")).await.unwrap();
    assert_eq!(recv(&mut ws).await, Ws::text("FORMAT,pipe"));
    ws.send(Ws::text("anything")).await.unwrap();
    assert_eq!(recv(&mut ws).await, Ws::text("io|got('piped');"));
    server.shutdown().await;
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
