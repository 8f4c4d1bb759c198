//! Testing pages without a browser: mount a page, click by id with source values, and assert
//! on the actions and the resulting HTML — n2o's LiveViewTest.
//!
//! Enable it for tests only: `n2o = { version = "…", features = ["test-util"] }` under
//! `[dev-dependencies]`.
//!
//! ```
//! use n2o::prelude::*;
//! use n2o::test::TestApp;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Postback, Serialize, Deserialize)]
//! enum Ev {
//!     Chat,
//! }
//!
//! struct Chat;
//!
//! impl Page for Chat {
//!     type Event = Ev;
//!
//!     async fn main(&self, cx: &mut Cx) -> Html {
//!         cx.html(nitro! {
//!             #panel{id: history}
//!             #textbox{id: message}
//!             #button{id: send, body: "Send", postback: Ev::Chat, source: [message]}
//!         })
//!     }
//!
//!     async fn event(&self, cx: &mut Cx, event: Event<Ev>) {
//!         match event {
//!             Event::Init => cx.reg("room"),
//!             Event::Postback(Ev::Chat) => {
//!                 let text = cx.q("message").to_owned();
//!                 cx.insert_bottom("history", nitro! { #p{body: text} });
//!                 cx.flush("room");
//!                 cx.set_value("message", "");
//!             }
//!             _ => {}
//!         }
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let app = TestApp::start(App::new().page("/", Chat)).await;
//! let mut alice = app.mount("/").await;
//! let mut bob = app.mount("/").await;
//!
//! alice.click("send").with("message", "hi <b>Bob</b>").await;
//! alice.assert_text("history", "hi <b>Bob</b>");
//! alice.assert_value("message", "");
//!
//! bob.settle().await; // the room's flush reaches Bob
//! assert_eq!(bob.html("history"), "<p>hi &lt;b&gt;Bob&lt;/b&gt;</p>");
//! # }
//! ```
//!
//! # How it works
//!
//! Nothing is mocked. [`TestApp::start`] serves the app on a free loopback port;
//! [`TestApp::mount`] loads the page over HTTP as a browser (keeping the session cookie),
//! parses it, opens the page's WebSocket and sends `N2O,<token>`. A click sends the
//! `{pickle, …}` the page's own wiring holds for that element, sealed by the server for this
//! session, with the values of its sources: the ones the test gives, the others read from
//! the client's copy of the page, as `nitro.js` reads them. So the page's `main`, its
//! `event`, `Cx`, the protocols, pickles, sessions, rooms and tasks all run as in
//! production, and the bytes the client receives are the bytes a browser would.
//!
//! The client does not run the JavaScript it receives: it reads it back into
//! [`Action`]s (`update`, `insert_bottom`, `listen`, …, one per `Cx` DOM method) and applies
//! them to its page, parsed with an HTML5 parser. Code that is not one of n2o's actions
//! (`cx.wire`, page scripts, raw listener bodies) is kept as [`Action::Script`] and not run;
//! neither are validation predicates, so a test sends what a hostile client could.
//!
//! # Waiting
//!
//! A click's effects do not all come in its reply: a `cx.flush(room)` reaches every member,
//! the sender too, through their mailboxes. Each interaction therefore ends with a barrier
//! that goes through the client's own mailbox: when a click, a mount or
//! [`TestClient::settle`] returns, every frame the server had queued for that client has
//! arrived and been applied. Other clients see a flush after their own `settle`. Pushes made
//! later by a task are awaited with [`TestClient::recv_push`] or
//! [`TestClient::wait_until`]; every wait fails after a timeout (5 s,
//! [`TestApp::timeout`]) with a message.
//!
//! # Pages, tabs and users
//!
//! Each [`TestApp::mount`] is a new browser (no cookies: a new session, another user);
//! [`TestClient::open_tab`] opens another tab of the same browser (one cookie jar: the same
//! user); [`TestClient::visit`] goes to another page in the same tab. A `main` that
//! redirects is followed by both; a redirect from an event is recorded and followed by
//! [`TestClient::follow_redirect`], and the tab's next action fails until then.
//!
//! # Extending the driver
//!
//! [`TestClient::send_term`] sends any term as the browser's client would and returns the
//! reply's actions and `Data`: the place where typed helpers for new protocols are built,
//! and how an app's own protocol is tested now. The SPA protocol's helpers are built on it:
//! [`TestClient::send_client`] sends a typed `{client, T}`, and
//! [`TestClient::server_pushes`] reads the typed `{server, T}` pushes received. Files go
//! up as `ftp.js` sends them with [`TestClient::upload`] (and [`TestClient::upload_refused`],
//! [`TestClient::upload_until`] and [`TestClient::resume_upload`] for refusals and resumes),
//! with the ticket of the page's `upload` element.
//!
//! # Failures
//!
//! Methods panic with what was expected and what the page holds: the element's text and
//! HTML, the page's ids, the last interaction and its actions, and actions whose target was
//! missing (which the browser skips silently). The `try_` forms return a [`TestError`].

/// `docs/testing.md`, whose examples run as doctests so the guide cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../../docs/testing.md")]
struct TestingGuide;

mod action;
mod app;
mod client;
mod decode;
mod dom;
mod http;
mod inspect;
mod interaction;
mod raw;
mod redirect;
mod response;
mod select_option;
mod spa;
mod sync;
mod upload;

pub use self::action::{Action, Listener};
pub use self::app::TestApp;
pub use self::client::TestClient;
pub use self::interaction::Interaction;
pub use self::response::{Frame, Response, TestError};
#[doc(no_inline)]
pub use n2o_runtime::action::Target;
