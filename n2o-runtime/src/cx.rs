//! The per-connection context a page works through: N2O's `wf:` API.

use std::net::SocketAddr;
use std::sync::Arc;

use crate::format::Format;
use crate::mailbox::Pusher;
use crate::page::DynPage;
use crate::pubsub::Rooms;

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
    pub(crate) rooms: Rooms,
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
            rooms: Rooms::default(),
            page: None,
            initialized: false,
        }
    }

    pub(crate) fn with_connection(
        mut self,
        page: Arc<dyn DynPage>,
        pusher: Pusher,
        rooms: Rooms,
    ) -> Self {
        self.page = Some(page);
        self.pusher = Some(pusher);
        self.rooms = rooms;
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
