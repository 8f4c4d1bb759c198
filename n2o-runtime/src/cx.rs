//! The per-connection context a page works through: N2O's `wf:` API.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::sync::mpsc;

use crate::format::Format;
use crate::page::DynPage;
use crate::term::Term;

/// The context of one HTTP render or one WebSocket connection.
///
/// Actions queued here (DOM updates, raw JS) are sent to the browser as one
/// `{io, Eval, Data}` when the current event has been handled.
pub struct Cx {
    path: String,
    query: String,
    peer: Option<SocketAddr>,
    actions: String,
    format: Format,
    pusher: Option<Pusher>,
    pub(crate) page: Option<Arc<dyn DynPage>>,
    pub(crate) initialized: bool,
}

impl std::fmt::Debug for Cx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cx")
            .field("path", &self.path)
            .field("query", &self.query)
            .field("peer", &self.peer)
            .field("format", &self.format)
            .field("initialized", &self.initialized)
            .finish_non_exhaustive()
    }
}

impl Cx {
    pub(crate) fn new(path: &str, query: &str, peer: Option<SocketAddr>) -> Self {
        Cx {
            path: path.to_owned(),
            query: query.to_owned(),
            peer,
            actions: String::new(),
            format: Format::Bert,
            pusher: None,
            page: None,
            initialized: false,
        }
    }

    pub(crate) fn with_connection(mut self, page: Arc<dyn DynPage>, pusher: Pusher) -> Self {
        self.page = Some(page);
        self.pusher = Some(pusher);
        self
    }

    /// The page's path, e.g. `/` or `/chat`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The raw query string of the page's URL, without the `?`.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The remote address of the browser, when known.
    pub fn peer(&self) -> Option<SocketAddr> {
        self.peer
    }

    /// Queues raw JavaScript to run in the browser. Nothing is escaped: never put user
    /// text in it; use the DOM actions for that.
    pub fn wire(&mut self, js: &str) {
        self.actions.push_str(js);
        if !js.ends_with(';') && !js.ends_with('}') {
            self.actions.push(';');
        }
    }

    /// The JavaScript queued so far, leaving the queue empty.
    pub fn take_actions(&mut self) -> String {
        std::mem::take(&mut self.actions)
    }

    /// The formatter replies on this connection are encoded with.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Switches the formatter of this connection; it applies from the reply to the current
    /// message on. The browser decodes either, so nothing else has to change.
    pub fn set_format(&mut self, format: Format) {
        self.format = format;
    }

    /// A handle that pushes messages into this connection from anywhere (other tasks,
    /// other connections); `None` while rendering over HTTP.
    pub fn pusher(&self) -> Option<Pusher> {
        self.pusher.clone()
    }
}

/// Pushes messages into one connection's bounded mailbox. They pass through the same
/// protocol chain as frames from the browser, in order, between inbound frames.
///
/// The N2O protocol claims `{flush, <<"js">>}` (sends the JS to the browser as an `io`)
/// and `{direct, Term}` (runs the page's `event(Event::Direct(Term))`).
#[derive(Clone, Debug)]
pub struct Pusher {
    tx: mpsc::Sender<Term>,
}

/// Why a push was not delivered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PushError {
    /// The mailbox is full: the connection is not keeping up.
    #[error("the connection's mailbox is full")]
    Full,
    /// The connection has closed.
    #[error("the connection is closed")]
    Closed,
}

impl Pusher {
    pub(crate) fn channel(capacity: usize) -> (Pusher, mpsc::Receiver<Term>) {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        (Pusher { tx }, rx)
    }

    /// Pushes `message` without waiting; fails when the mailbox is full or closed.
    pub fn try_push(&self, message: Term) -> Result<(), PushError> {
        self.tx.try_send(message).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => PushError::Full,
            mpsc::error::TrySendError::Closed(_) => PushError::Closed,
        })
    }

    /// Pushes `message`, waiting for room in the mailbox.
    pub async fn push(&self, message: Term) -> Result<(), PushError> {
        self.tx.send(message).await.map_err(|_| PushError::Closed)
    }

    /// Pushes JavaScript for the browser to run: `{flush, <<js>>}`.
    pub fn try_wire(&self, js: &str) -> Result<(), PushError> {
        self.try_push(Term::Tuple(vec![
            Term::Atom("flush".into()),
            Term::Binary(js.as_bytes().to_vec()),
        ]))
    }

    /// Whether the connection has closed.
    pub fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }
}
