//! Typed room messages: a page declares the one type that [`Cx::send`] to its rooms delivers to it.
//!
//! [`Cx::send`] (and [`Rooms::send`](crate::pubsub::Rooms::send), from a task or a REST
//! handler) serializes a value into a [`Term`] and pushes it to every member of a room. A
//! page registered with [`App::page`](crate::App::page) gets that term as it is, in
//! `Event::Message(Term)`. A page that implements [`Listen`] and is registered with
//! [`App::listen`](crate::App::listen) declares the message type instead: each message is
//! decoded into [`Listen::Message`] with the term→serde path postbacks take
//! ([`term::from_term`]) and handed to [`Listen::message`]; its [`Page::event`] never sees a
//! message. One that does not decode is refused: logged (rate-limited, with
//! `reason=message_type` and the type expected), the handler does not run, the connection
//! goes on. Nothing a room carries is decoded into a type the page did not declare.
//!
//! ```
//! use n2o_runtime::listen::Listen;
//! use n2o_runtime::prelude::*;
//! use serde::{Deserialize, Serialize};
//!
//! /// What the members of a chat room are sent.
//! #[derive(Serialize, Deserialize)]
//! enum Said {
//!     Line { from: String, text: String },
//!     Left(String),
//! }
//!
//! struct Chat;
//!
//! impl Page for Chat {
//!     type Event = ();
//!     async fn main(&self, _cx: &mut Cx) -> Html {
//!         Html::raw("<ul id=lines></ul>")
//!     }
//!     async fn event(&self, cx: &mut Cx, event: Event<()>) {
//!         if let Event::Init = event {
//!             cx.reg("chat");
//!             let _ = cx.send("chat", &Said::Line { from: "server".into(), text: "hi".into() });
//!         }
//!     }
//! }
//!
//! impl Listen for Chat {
//!     type Message = Said;
//!     async fn message(&self, cx: &mut Cx, said: Said) {
//!         match said {
//!             Said::Line { from, text } => cx.insert_bottom("lines", format!("{from}: {text}")),
//!             Said::Left(who) => cx.insert_bottom("lines", format!("{who} left")),
//!         }
//!     }
//! }
//!
//! let app = App::new().listen("/chat", Chat);
//! ```

use std::future::Future;

use serde::de::DeserializeOwned;

use crate::cx::Cx;
use crate::guard::BoxFuture;
use crate::html::Html;
use crate::page::{DynPage, Event, Page};
use crate::refusal::Refusal;
use crate::term::{self, Term};

/// A page that takes typed room messages: what [`Cx::send`] delivers to it is decoded into
/// [`Listen::Message`]. Register it with [`App::listen`](crate::App::listen); its
/// [`Page::event`] still gets `Init`, postbacks, `{direct, T}` and `Terminate`.
pub trait Listen: Page {
    /// What the page's rooms may deliver to it. Nothing else is ever decoded from a message.
    type Message: DeserializeOwned + Send + 'static;

    /// Handles one room message. As with [`Page::event`], the actions queued on `cx` go to
    /// the browser as one `{io, Eval, <<>>}` when it returns, and a panic is caught and
    /// reported. Write it as an `async fn`.
    fn message(&self, cx: &mut Cx, message: Self::Message) -> impl Future<Output = ()> + Send;
}

/// A [`Listen`] page with its types erased: decodes room messages into `P::Message`.
pub(crate) struct ListenPage<P>(pub(crate) P);

impl<P: Listen> DynPage for ListenPage<P> {
    fn main<'a>(&'a self, cx: &'a mut Cx) -> BoxFuture<'a, Html> {
        DynPage::main(&self.0, cx)
    }

    fn event<'a>(
        &'a self,
        cx: &'a mut Cx,
        event: Event<Term>,
    ) -> BoxFuture<'a, Result<(), Refusal>> {
        let Event::Message(message) = event else { return DynPage::event(&self.0, cx, event) };
        match term::from_term::<P::Message>(&message) {
            Ok(message) => Box::pin(async move {
                Listen::message(&self.0, cx, message).await;
                Ok(())
            }),
            Err(error) => {
                let expected = std::any::type_name::<P::Message>();
                Box::pin(std::future::ready(Err(Refusal::MessageType { expected, error })))
            }
        }
    }
}
