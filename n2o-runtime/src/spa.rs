//! SPA pages (N2O's SPA protocol): a page whose own JavaScript sends typed `{client, T}` messages and gets typed `{server, T}` pushes.
//!
//! A page declares the one type its client may send ([`Spa::Client`], any serde
//! `Deserialize`) and is registered with [`App::spa`](crate::App::spa). Then:
//!
//! * `{client, T}` and `{direct, T}` frames, BERT or JSON, are decoded into `Spa::Client`
//!   with the same bounded decoder and term→serde path postbacks use
//!   ([`term::from_term`]), and [`Spa::client`] gets the value. A `T` of any other shape is
//!   refused ([`Refusal::ClientType`], the error reply names the expected type, a log line,
//!   the connection goes on): client input is never decoded into anything the page did not
//!   declare. A page registered with [`App::page`](crate::App::page) refuses `{client, T}`
//!   ([`Refusal::NoClientType`]).
//! * [`Cx::push_server`] sends `{server, T}` to this client, and
//!   [`Rooms::push_server`](crate::pubsub::Rooms::push_server) to every member of a room
//!   (from a page or a task), encoded once per format.
//!
//! In the browser, `N2O.client(obj)` sends `{client, T}` and `N2O.onServer(fn)` (or the
//! `n2o:server` DOM event) receives each push as a plain object: see `docs/spa.md` for the
//! JavaScript ↔ term mapping, which reads and writes values as `serde_json` does.
//!
//! ```
//! use n2o_runtime::prelude::*;
//! use n2o_runtime::spa::Spa;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Deserialize)]
//! enum Move {
//!     Join { table: u32 },
//!     Play { col: u8 },
//! }
//!
//! #[derive(Serialize)]
//! struct Played {
//!     col: u8,
//! }
//!
//! struct Board;
//!
//! impl Page for Board {
//!     type Event = ();
//!     async fn main(&self, _cx: &mut Cx) -> Html {
//!         Html::raw("<div id=board></div><script>/* N2O.client({Play: {col: 3}}) */</script>")
//!     }
//! }
//!
//! impl Spa for Board {
//!     type Client = Move;
//!     async fn client(&self, cx: &mut Cx, message: Move) {
//!         match message {
//!             Move::Join { table } => cx.reg(&format!("table/{table}")),
//!             Move::Play { col } => {
//!                 let _ = cx.push_server(&Played { col });
//!             }
//!         }
//!     }
//! }
//!
//! let app = App::new().spa("/board", Board);
//! ```

use std::future::Future;

use serde::de::DeserializeOwned;

use crate::cx::Cx;
use crate::guard::BoxFuture;
use crate::html::Html;
use crate::page::{DynPage, Event, Page};
use crate::refusal::Refusal;
use crate::term::{self, Term};

/// A page that takes typed messages from its own JavaScript: `{client, T}` (and
/// `{direct, T}`) decoded into [`Spa::Client`]. Register it with
/// [`App::spa`](crate::App::spa); its [`Page::event`] still gets `Init`, postbacks,
/// room messages and `Terminate`.
pub trait Spa: Page {
    /// What the client may send. Nothing else is ever decoded from a client message.
    type Client: DeserializeOwned + Send + 'static;

    /// Handles one client message. As with [`Page::event`], the actions queued on `cx` go
    /// to the browser as one `{io, Eval, <<>>}` when it returns, and a panic is caught and
    /// reported; a handler that queued no actions gets no reply frame at all (its pushes are
    /// the answer). Write it as an `async fn`.
    fn client(&self, cx: &mut Cx, message: Self::Client) -> impl Future<Output = ()> + Send;
}

/// An [`Spa`] page with its types erased: decodes client messages into `P::Client`.
pub(crate) struct SpaPage<P>(pub(crate) P);

impl<P: Spa> SpaPage<P> {
    fn run<'a>(&'a self, cx: &'a mut Cx, message: &Term) -> BoxFuture<'a, Result<(), Refusal>> {
        match term::from_term::<P::Client>(message) {
            Ok(message) => Box::pin(async move {
                Spa::client(&self.0, cx, message).await;
                Ok(())
            }),
            Err(error) => {
                let expected = std::any::type_name::<P::Client>();
                Box::pin(std::future::ready(Err(Refusal::ClientType { expected, error })))
            }
        }
    }
}

impl<P: Spa> DynPage for SpaPage<P> {
    fn main<'a>(&'a self, cx: &'a mut Cx) -> BoxFuture<'a, Html> {
        DynPage::main(&self.0, cx)
    }

    fn event<'a>(
        &'a self,
        cx: &'a mut Cx,
        event: Event<Term>,
    ) -> BoxFuture<'a, Result<(), Refusal>> {
        match event {
            // N2O's `direct(T)` from client code is a client message here, typed the same way.
            Event::Direct(message) => self.run(cx, &message),
            other => DynPage::event(&self.0, cx, other),
        }
    }

    fn client<'a>(&'a self, cx: &'a mut Cx, message: Term) -> BoxFuture<'a, Result<(), Refusal>> {
        self.run(cx, &message)
    }
}
