//! Postbacks rendered into a room flush work for every member of the room and for nobody
//! else, while the flush is still rendered once.

mod common;

use std::sync::atomic::{AtomicU32, Ordering};

use common::*;
use std::future::IntoFuture;

use futures_util::{FutureExt, SinkExt};
use n2o::prelude::*;
use n2o::test::TestApp;
use serde::{Deserialize, Serialize};

#[derive(Postback, Serialize, Deserialize)]
enum Ev {
    Add,
    Del(u32),
}

/// A team board: everyone in the room adds rows, anyone in it deletes them.
struct Board {
    room: &'static str,
    next: AtomicU32,
}

impl Board {
    fn new(room: &'static str) -> Board {
        Board { room, next: AtomicU32::new(0) }
    }
}

impl Page for Board {
    type Event = Ev;

    async fn main(&self, cx: &mut Cx) -> Html {
        cx.html(nitro! {
            #panel{id: list}
            #button{id: add, body: "Add", postback: Ev::Add}
        })
    }

    async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
        match event {
            Event::Init => cx.reg(self.room),
            Event::Postback(Ev::Add) => {
                let id = self.next.fetch_add(1, Ordering::Relaxed);
                let row = format!("row{id}");
                let del = format!("del{id}");
                cx.insert_bottom(
                    "list",
                    nitro! {
                        #panel{id: {row}, body: [
                            #span{body: format!("item {id}")},
                            #button{id: {del}, body: "Delete", postback: Ev::Del(id)}
                        ]}
                    },
                );
                cx.flush(self.room);
            }
            Event::Postback(Ev::Del(id)) => {
                cx.remove(format!("row{id}"));
                cx.flush(self.room);
            }
            _ => {}
        }
    }
}

#[tokio::test]
async fn a_row_flushed_by_alice_is_deleted_by_bob() {
    let app = TestApp::start(App::new().page("/", Board::new("board"))).await;
    let mut alice = app.mount("/").await;
    let mut bob = app.mount("/").await;

    alice.click("add").await;
    alice.assert_text("list", "item 0");
    bob.settle().await;
    bob.assert_text("list", "item 0");

    // Bob's click on the row Alice's flush put in his page: the room's pickle.
    bob.click("del0").await;
    bob.assert_missing("row0");
    alice.settle().await;
    alice.assert_missing("row0");

    // Both still work in their own sessions, and Alice deletes what Bob adds.
    bob.click("add").await;
    alice.settle().await;
    alice.click("del1").await;
    bob.settle().await;
    bob.assert_missing("row1");
}

#[tokio::test]
async fn a_stranger_with_the_pickle_from_the_page_is_refused() {
    let app = App::new().page("/", Board::new("board")).page("/other", Board::new("other"));
    let server = serve(app).await;
    // A member renders a row into the room.
    let (mut member, html) = open(&server, "/").await;
    member.send(click("add", &pickle_of(&html, "add"), &[])).await.unwrap();
    // The click's own reply (empty: its actions went to the room), then the room's flush.
    let mut eval = expect_io(&mut member).await.0;
    if eval.is_empty() {
        eval = expect_io(&mut member).await.0;
    }
    let pickle = pickle_in(&eval, "del0");

    // A stranger: another page, its own session, in another room; it copies the pickle
    // from the member's page source.
    let (mut stranger, _) = open(&server, "/other").await;
    stranger.send(click("del0", &pickle, &[])).await.unwrap();
    let (_, data) = expect_io(&mut stranger).await;
    assert!(data.to_string().contains("pickle issued to another session"), "{data}");

    // The member itself still may: its reply, then the flush that removes the row.
    member.send(click("del0", &pickle, &[])).await.unwrap();
    let (reply, data) = expect_io(&mut member).await;
    assert!(!data.to_string().contains("error"), "{reply} {data}");
    let (flushed, _) = expect_io(&mut member).await;
    assert!(flushed.contains("row0"), "{flushed}");
    server.shutdown().await;
}

/// Renders the page, opens its socket with the session cookie and completes init.
async fn open(server: &Server, path: &str) -> (Socket, String) {
    let (cookie, html) = render(server, path).await;
    let mut ws = connect_with(server, path, Some(&cookie)).await;
    ws.send(tokio_tungstenite::tungstenite::Message::text("N2O,")).await.unwrap();
    let _ = expect_io(&mut ws).await;
    (ws, html)
}

/// The pickle the binding of element `id` carries in the JavaScript `eval`.
fn pickle_in(eval: &str, id: &str) -> String {
    let needle = format!("N2O.pickle('{id}','");
    let at = eval.find(&needle).unwrap_or_else(|| panic!("no binding of {id} in {eval}"));
    let rest = &eval[at + needle.len()..];
    rest[..rest.find('\'').unwrap()].to_owned()
}

#[tokio::test]
async fn a_test_names_elements_by_css_selector_too() {
    let app = TestApp::start(App::new().page("/", Board::new("board"))).await;
    let mut alice = app.mount("/").await;
    alice.click("add").await;
    alice.click("button#add").await;
    assert_eq!(alice.select("#list > div").len(), 2);
    alice.assert_text("#list > div:nth-child(2) span", "item 1");

    // Several matches are an error that lists them.
    let ambiguous = std::panic::AssertUnwindSafe(alice.click("#list button").into_future())
        .catch_unwind()
        .await
        .expect_err("two buttons match");
    let message = ambiguous.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("`#list button` matches 2 elements, not one"), "{message}");
    assert!(message.contains("id=\"del0\"") && message.contains("id=\"del1\""), "{message}");

    // One match: the click is the browser's, sent with the element's own id.
    alice.click("#row1 button").await;
    alice.assert_missing("row1");
    assert_eq!(alice.select("#list > div").len(), 1);
}
