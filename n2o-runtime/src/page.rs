//! Pages: what a user implements (`main` renders, `event` reacts), and the typed events they get.

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;

use futures_util::FutureExt;

use crate::cx::Cx;
use crate::html::Html;
use crate::postback::Postback;
use crate::term::{self, Term};

/// A page: rendered over HTTP by [`Page::main`], then driven over its WebSocket by
/// [`Page::event`], one event at a time per connection.
///
/// Both methods are `async`; write them as `async fn` in your `impl`.
pub trait Page: Send + Sync + 'static {
    /// The page's own postback type: a pickle decodes into this type and no other. Pages
    /// without postbacks use `()`.
    type Event: Postback;

    /// Renders the page's HTML for an HTTP `GET` of its path.
    fn main(&self, cx: &mut Cx) -> impl Future<Output = Html> + Send;

    /// Handles one event of one connection. The actions queued on `cx` go to the browser
    /// as one `{io, Eval, Data}` when it returns.
    ///
    /// A panic here is caught: it is logged with the page and the event, reported to the
    /// browser in the `Data` field, and the connection goes on.
    fn event(&self, cx: &mut Cx, event: Event<Self::Event>) -> impl Future<Output = ()> + Send {
        let _ = (cx, event);
        async {}
    }
}

/// What happened on a connection, as the page's [`Page::event`] sees it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event<E> {
    /// The browser completed the `N2O,` handshake; runs once per connection.
    Init,
    /// A postback the page itself rendered, decoded into the page's own type.
    Postback(E),
    /// `{direct, Term}` from client code: unauthenticated, treat it as user input.
    Direct(Term),
    /// A message from the server side: a room's `send`, a task, another connection
    /// (pushed as `{n2o_msg, Term}`). Trusted: only server code can push it.
    Message(Term),
    /// The connection closed; the last event of a connection.
    Terminate,
}

impl<E> Event<E> {
    /// A short name for logs: `init`, `postback`, `direct`, `terminate`.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Init => "init",
            Event::Postback(_) => "postback",
            Event::Direct(_) => "direct",
            Event::Message(_) => "message",
            Event::Terminate => "terminate",
        }
    }
}

pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Event input before it is decoded into a page's own type.
#[derive(Debug)]
pub(crate) enum Incoming {
    Init,
    Postback(Term),
    Direct(Term),
    Message(Term),
    Terminate,
}

impl Incoming {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Incoming::Init => "init",
            Incoming::Postback(_) => "postback",
            Incoming::Direct(_) => "direct",
            Incoming::Message(_) => "message",
            Incoming::Terminate => "terminate",
        }
    }
}

/// A page with its types erased, so one server holds pages of many types.
pub(crate) trait DynPage: Send + Sync {
    fn main<'a>(&'a self, cx: &'a mut Cx) -> BoxFuture<'a, Html>;
    /// Runs the page's handler; `Err` when the input does not decode into the page's types.
    fn event<'a>(&'a self, cx: &'a mut Cx, incoming: Incoming)
    -> BoxFuture<'a, Result<(), String>>;
}

impl<P: Page> DynPage for P {
    fn main<'a>(&'a self, cx: &'a mut Cx) -> BoxFuture<'a, Html> {
        Box::pin(Page::main(self, cx))
    }

    fn event<'a>(
        &'a self,
        cx: &'a mut Cx,
        incoming: Incoming,
    ) -> BoxFuture<'a, Result<(), String>> {
        let event = match incoming {
            Incoming::Init => Event::Init,
            Incoming::Postback(term) => match term::from_term(&term) {
                Ok(postback) => Event::Postback(postback),
                Err(e) => {
                    let refused =
                        format!("postback is not a {}: {e}", std::any::type_name::<P::Event>());
                    return Box::pin(std::future::ready(Err(refused)));
                }
            },
            Incoming::Direct(term) => Event::Direct(term),
            Incoming::Message(term) => Event::Message(term),
            Incoming::Terminate => Event::Terminate,
        };
        Box::pin(async move {
            Page::event(self, cx, event).await;
            Ok(())
        })
    }
}

/// Runs `fut`, turning a panic inside it into `Err(message)`.
pub(crate) async fn guarded<T>(fut: impl Future<Output = T>) -> Result<T, String> {
    AssertUnwindSafe(fut).catch_unwind().await.map_err(|p| panic_message(&*p))
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_owned()
    }
}
