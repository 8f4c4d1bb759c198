//! Typed room messages over real sockets: a `Listen` page gets what `cx.send` delivers decoded
//! into its declared type, from a member and from a task; a message of another type is
//! refused (the handler does not run, the connection goes on); a plain page still gets the
//! term in `Event::Message`.

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use futures_util::SinkExt;
use n2o::format::bert;
use n2o::prelude::*;
use n2o::test::TestApp;
use serde::{Deserialize, Serialize};
use tokio_tungstenite::tungstenite::Message as Ws;

/// What the board's room carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Said {
    Line { from: String, text: String },
    Left(String),
}

/// Something else a room may carry: not a `Said`.
#[derive(Serialize)]
struct Score {
    points: u32,
}

/// What the pages saw, in order: typed messages and any `Event::Message` (which a `Listen`
/// page must never see).
type Seen = Arc<Mutex<Vec<String>>>;

struct Board {
    seen: Seen,
}

impl Page for Board {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw("<ul id=lines></ul>")
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        match event {
            Event::Init => cx.reg("board"),
            // `{direct, <<"score">>}` sends a `Score`, any other text a line of it.
            Event::Direct(term) if term.as_text() == Some("score") => {
                cx.send("board", &Score { points: 3 }).unwrap();
            }
            Event::Direct(term) => {
                let text = term.as_text().unwrap_or_default().to_owned();
                cx.send("board", &Said::Line { from: "ann".into(), text }).unwrap();
            }
            Event::Message(term) => self.seen.lock().unwrap().push(format!("untyped {term}")),
            _ => {}
        }
    }
}

impl Listen for Board {
    type Message = Said;

    async fn message(&self, cx: &mut Cx, said: Said) {
        self.seen.lock().unwrap().push(format!("{said:?}"));
        if let Said::Line { from, text } = said {
            cx.insert_bottom("lines", format!("{from}: {text}"));
        }
    }
}

/// A page registered with `App::page`: room messages come as terms.
struct Plain {
    seen: Seen,
}

impl Page for Plain {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw("<p>plain</p>")
    }

    async fn event(&self, cx: &mut Cx, event: Event<()>) {
        match event {
            Event::Init => cx.reg("board"),
            Event::Message(term) => self.seen.lock().unwrap().push(format!("untyped {term}")),
            _ => {}
        }
    }
}

fn app(board: &Seen, plain: &Seen) -> App {
    App::new()
        .listen("/", Board { seen: board.clone() })
        .page("/plain", Plain { seen: plain.clone() })
}

#[tokio::test]
async fn a_listen_page_gets_room_messages_in_its_declared_type() {
    let (board, plain) = (Seen::default(), Seen::default());
    let app = TestApp::start(app(&board, &plain)).await;
    let mut ann = app.mount("/").await;
    let mut bob = app.mount("/").await;
    let mut old = app.mount("/plain").await;

    // A member's `cx.send`: every member's `Listen::message` gets a `Said`, the sender too.
    ann.send_direct(Term::bin("hello")).await;
    bob.settle().await;
    old.settle().await;
    assert!(bob.text("lines").contains("ann: hello"), "{}", bob.text("lines"));
    assert!(ann.text("lines").contains("ann: hello"));
    let line = r#"Line { from: "ann", text: "hello" }"#;
    assert_eq!(*board.lock().unwrap(), [line, line], "typed, never as Event::Message");
    // A plain page in the same room gets the term, untyped, as before.
    assert_eq!(
        *plain.lock().unwrap(),
        [r#"untyped {'Line',#{from => <<"ann">>,text => <<"hello">>}}"#]
    );

    // From a task: the same typed path.
    board.lock().unwrap().clear();
    app.rooms().send("board", &Said::Left("cat".into())).unwrap();
    ann.wait_until("the task's message", |_| board.lock().unwrap().len() == 2).await;
    assert_eq!(*board.lock().unwrap(), [r#"Left("cat")"#, r#"Left("cat")"#]);

    // The test driver's `message` takes the same path.
    board.lock().unwrap().clear();
    ann.message(&Said::Line { from: "test".into(), text: "direct".into() }).await;
    assert!(ann.text("lines").contains("test: direct"));
    assert_eq!(board.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_message_of_another_type_is_refused_and_the_connection_goes_on() {
    let (board, plain) = (Seen::default(), Seen::default());
    let server = serve(app(&board, &plain)).await;
    let (mut ws, _) = connect_init(&server).await;
    let (mut other, _) = connect_init(&server).await;
    // A room message that is not a `Said`, from a member: refused by every `Listen` member.
    ws.send(direct(Term::bin("score"))).await.unwrap();
    let (eval, _) = expect_io(&mut ws).await;
    assert_eq!(eval, "", "the sender's own reply to its direct");
    for socket in [&mut ws, &mut other] {
        let msg = expect_error(socket).await;
        assert!(msg.starts_with("room message is not a room_messages::Said: "), "{msg}");
    }
    // From a task alike.
    server.hub().rooms().send("board", &Score { points: 3 }).unwrap();
    for socket in [&mut ws, &mut other] {
        let msg = expect_error(socket).await;
        assert!(msg.contains("unknown variant `points`, expected `Line` or `Left`"), "{msg}");
    }
    assert!(board.lock().unwrap().is_empty(), "the handler did not run, nor Event::Message");
    // The connection goes on: a typed one still arrives.
    server.hub().rooms().send("board", &Said::Left("dog".into())).unwrap();
    for socket in [&mut ws, &mut other] {
        assert_eq!(expect_io(socket).await, (String::new(), Term::bin("")), "handled, no error");
        ping(socket).await;
    }
    assert_eq!(*board.lock().unwrap(), [r#"Left("dog")"#, r#"Left("dog")"#]);
    // And the sender's own frames: an unclaimed term still gets its NOP.
    ws.send(Ws::binary(bert::encode(&Term::atom("noise")))).await.unwrap();
    assert_eq!(recv(&mut ws).await, Ws::binary(Vec::new()));
    ping(&mut ws).await;
}

/// Expects `{io, <<>>, {error, Msg}}`; returns `Msg`.
async fn expect_error(ws: &mut Socket) -> String {
    let (eval, data) = expect_io(ws).await;
    assert_eq!(eval, "");
    assert!(data.is_tagged("error", 2), "expected {{error, Msg}}, got {data}");
    data.as_tuple().unwrap()[1].as_text().unwrap().to_owned()
}
