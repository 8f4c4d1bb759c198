//! Pages: what a user implements (`main` renders, `event` reacts), and the typed events they get.

use std::future::Future;

use crate::cx::Cx;
use crate::guard::BoxFuture;
use crate::html::Html;
use crate::postback::Postback;
use crate::refusal::Refusal;
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
    /// `{direct, Term}` from client code: unauthenticated, treat it as user input. (On a page
    /// registered with [`App::spa`](crate::App::spa) it is decoded into the page's client
    /// type and goes to [`Spa::client`](crate::spa::Spa::client) instead.)
    Direct(Term),
    /// A message from the server side: a room's `send`, a task, another connection
    /// (pushed as `{n2o_msg, Term}`). Trusted: only server code can push it. Untyped: a page
    /// that declares its message type ([`Listen`](crate::listen::Listen), registered with
    /// [`App::listen`](crate::App::listen)) gets each one decoded into that type in
    /// [`Listen::message`](crate::listen::Listen::message) instead, never here.
    Message(Term),
    /// A file sent over the page's socket started, was stored, or failed (N2O's FTP; see
    /// [`crate::ftp`]).
    File(crate::ftp::FileEvent),
    /// The connection closed; the last event of a connection.
    Terminate,
}

impl<E> Event<E> {
    /// A short name for logs: `init`, `postback`, `direct`, `message`, `file`, `terminate`.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Init => "init",
            Event::Postback(_) => "postback",
            Event::Direct(_) => "direct",
            Event::Message(_) => "message",
            Event::File(_) => "file",
            Event::Terminate => "terminate",
        }
    }
}

/// A page with its types erased, so one server holds pages of many types. Its events come
/// as terms (`Event<Term>`) and are decoded into the page's own types here.
pub(crate) trait DynPage: Send + Sync {
    fn main<'a>(&'a self, cx: &'a mut Cx) -> BoxFuture<'a, Html>;
    /// Runs the page's handler; refused when a postback is not of the page's own type.
    fn event<'a>(
        &'a self,
        cx: &'a mut Cx,
        event: Event<Term>,
    ) -> BoxFuture<'a, Result<(), Refusal>>;
    /// Runs the page's handler for `{client, T}`; refused unless the page declared a client
    /// type ([`crate::spa::Spa`]) and `T` is of it.
    fn client<'a>(&'a self, cx: &'a mut Cx, message: Term) -> BoxFuture<'a, Result<(), Refusal>> {
        let _ = (cx, message);
        Box::pin(std::future::ready(Err(Refusal::NoClientType)))
    }
}

impl<P: Page> DynPage for P {
    fn main<'a>(&'a self, cx: &'a mut Cx) -> BoxFuture<'a, Html> {
        Box::pin(Page::main(self, cx))
    }

    fn event<'a>(
        &'a self,
        cx: &'a mut Cx,
        event: Event<Term>,
    ) -> BoxFuture<'a, Result<(), Refusal>> {
        let event = match event {
            Event::Init => Event::Init,
            Event::Postback(term) => match term::from_term(&term) {
                Ok(postback) => Event::Postback(postback),
                Err(error) => {
                    let expected = std::any::type_name::<P::Event>();
                    return Box::pin(std::future::ready(Err(Refusal::PostbackType {
                        expected,
                        error,
                    })));
                }
            },
            Event::Direct(term) => Event::Direct(term),
            Event::Message(term) => Event::Message(term),
            Event::File(file) => Event::File(file),
            Event::Terminate => Event::Terminate,
        };
        Box::pin(async move {
            Page::event(self, cx, event).await;
            Ok(())
        })
    }
}
