//! The SPA protocol in real Chromium: page JavaScript sends a typed message on a click
//! (`N2O.client`), the server's typed push comes back as a plain object (`N2O.onServer`, the
//! `n2o:server` event) and is shown; in BERT and JSON, to one client and to a room.

#[path = "common/browser.rs"]
mod browser;
mod common;

use browser::Browser;
use common::serve;
use fantoccini::Locator;
use n2o::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
enum Move {
    Play { col: u8 },
    Shout(String),
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum Said {
    Played { col: u8, next: Option<String>, board: Vec<Vec<u8>> },
    Shouted(String),
}

struct Board;

const PAGE: &str = r#"<!doctype html><html><body>
<input id=col value=3>
<button id=play onclick="N2O.client({Play: {col: Number(qi('col').value)}})">Play</button>
<button id=shout onclick="N2O.client({Shout: 'to everyone <b>'})">Shout</button>
<pre id=out></pre><p id=heard></p><p id=events>0</p>
<script>
addEventListener('load', () => N2O.onServer((v) => {
  if (v.played) qi('out').textContent = JSON.stringify(v);
  if (v.shouted) qi('heard').textContent = v.shouted;
}));
document.addEventListener('n2o:server', () => { qi('events').textContent = +qi('events').textContent + 1; });
document.addEventListener('n2o:error', (e) => { window.lastError = e.detail.message; });
</script>
</body></html>"#;

impl Page for Board {
    type Event = ();

    async fn main(&self, _cx: &mut Cx) -> Html {
        Html::raw(PAGE)
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
                let board = vec![vec![0; 3], vec![1, col]];
                cx.push_server(&Said::Played { col, next: None, board }).unwrap();
            }
            Move::Shout(text) => {
                cx.rooms().push_server("table", &Said::Shouted(text)).unwrap();
            }
        }
    }
}

#[tokio::test]
async fn page_js_sends_typed_messages_and_shows_typed_pushes() {
    let test = "page_js_sends_typed_messages_and_shows_typed_pushes";
    let Some(alice) = Browser::start(test).await else { return };
    let Some(bob) = Browser::start(test).await else { return };
    let server = serve(App::new().spa("/", Board)).await;
    for b in [&alice, &bob] {
        b.client.goto(&server.url()).await.unwrap();
        b.wait_for("N2O.state === 'open'", 10, "the socket to open").await;
    }
    // Bob speaks JSON: the same objects must come out.
    bob.eval("(N2O.format('json'), 1)").await;

    alice.client.find(Locator::Id("play")).await.unwrap().click().await.unwrap();
    alice.wait_for("qi('out').textContent !== ''", 10, "the typed push").await;
    assert_eq!(
        alice.eval("qi('out').textContent").await,
        r#"{"played":{"col":3,"next":null,"board":[[0,0,0],[1,3]]}}"#
    );
    let col = bob.client.find(Locator::Id("col")).await.unwrap();
    col.clear().await.unwrap();
    col.send_keys("6").await.unwrap();
    bob.client.find(Locator::Id("play")).await.unwrap().click().await.unwrap();
    bob.wait_for("qi('out').textContent !== ''", 10, "the typed push in JSON").await;
    assert_eq!(
        bob.eval("qi('out').textContent").await,
        r#"{"played":{"col":6,"next":null,"board":[[0,0,0],[1,6]]}}"#
    );

    // A room push reaches both, as text (never markup).
    alice.client.find(Locator::Id("shout")).await.unwrap().click().await.unwrap();
    for b in [&alice, &bob] {
        b.wait_for("qi('heard').textContent !== ''", 10, "the room's push").await;
        assert_eq!(b.eval("qi('heard').textContent").await, "to everyone <b>");
        assert_eq!(b.eval("document.querySelectorAll('#heard b').length").await, 0);
        assert_eq!(b.eval("qi('events').textContent").await, "2", "one event per push");
    }

    // A message of another shape is refused: the page's error event names the type.
    alice.eval("(N2O.client({Fly: 1}), 1)").await;
    alice.wait_for("!!window.lastError", 10, "the refusal").await;
    let error = alice.eval("window.lastError").await;
    assert!(
        error.as_str().unwrap().starts_with("client message is not a spa_browser::Move"),
        "{error}"
    );
    alice.screenshot("spa-alice").await;
    alice.close().await;
    bob.close().await;
    server.shutdown().await;
}
