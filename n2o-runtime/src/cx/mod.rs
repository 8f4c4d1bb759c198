//! The per-connection context a page works through: N2O's `wf:` API.

use std::net::SocketAddr;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::warn;

use crate::action::Actions;
use crate::format::Format;
use crate::hub::Hub;
use crate::mailbox::Pusher;
use crate::page::DynPage;
use crate::pickle::SessionSeal;
use crate::route::{self, Params, ParamsError};
use crate::session::{SessionId, SessionStore};
use crate::term::{self, Term};

mod dom;
pub(crate) mod files;
mod http;
mod push;
mod rooms;
mod seal;
mod tasks;

pub use http::HeaderError;
pub use push::PushServerError;

/// The session key [`Cx::user`] reads and [`Cx::set_user`] writes (N2O's `<<"user">>`).
pub const USER_KEY: &str = "user";

/// The context of one HTTP render or one WebSocket connection.
///
/// Actions queued here (DOM updates, raw JS) are sent to the browser as one
/// `{io, Eval, Data}` when the current event has been handled.
///
/// The server makes one per render and one per connection; only its own methods change it.
pub struct Cx {
    path: String,
    params: Params,
    query: String,
    peer: Option<SocketAddr>,
    cookies: String,
    actions: Actions,
    format: Format,
    /// The socket this context drives; `None` while rendering over HTTP.
    connection: Option<Connection>,
    hub: Hub,
    initialized: bool,
    seal: SessionSeal,
    session: SessionId,
    store: Arc<dyn SessionStore>,
    sources: Vec<(String, Term)>,
    /// The next generated element id (`auto<N>`), so ids never repeat on one page.
    next_auto_id: u64,
    /// Postbacks in the queued actions, sealed when the actions leave.
    pending: seal::Pending,
    /// The `validate` checks of the fields this page rendered, or its pickles named: a
    /// postback rendered later that sources one of them carries its check.
    checks: crate::element::check::Checks,
    /// The HTTP status and headers `main` asked for.
    answer: http::Answer,
    /// The socket came without a live session cookie: it runs on a fresh session, and
    /// the page's pickles (sealed for the old one) cannot open.
    stale_session: bool,
    /// The frame being handled was a block of an upload the server took: bulk data, not an
    /// event, so it does not count against the connection's event rate.
    bulk: bool,
}

/// What a connection's context holds beyond a render's.
struct Connection {
    page: Arc<dyn DynPage>,
    pusher: Pusher,
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

/// What a context is made of; the server fills it in.
pub(crate) struct CxParts {
    pub(crate) path: String,
    /// The parameters of the page's path pattern (`/room/{code}`).
    pub(crate) params: Params,
    pub(crate) query: String,
    pub(crate) peer: Option<SocketAddr>,
    pub(crate) cookies: String,
    pub(crate) seal: SessionSeal,
    pub(crate) session: SessionId,
    pub(crate) store: Arc<dyn SessionStore>,
    pub(crate) hub: Hub,
    /// The page and the mailbox of a WebSocket connection; `None` for an HTTP render.
    pub(crate) connection: Option<(Arc<dyn DynPage>, Pusher)>,
    /// See [`Cx::stale_session`].
    pub(crate) stale_session: bool,
}

impl Cx {
    /// The one way a context is made.
    pub(crate) fn new(parts: CxParts) -> Self {
        Cx {
            path: parts.path,
            params: parts.params,
            query: parts.query,
            peer: parts.peer,
            cookies: parts.cookies,
            actions: Actions::new(),
            format: Format::Bert,
            connection: parts.connection.map(|(page, pusher)| Connection { page, pusher }),
            hub: parts.hub,
            initialized: false,
            seal: parts.seal,
            session: parts.session,
            store: parts.store,
            sources: Vec::new(),
            next_auto_id: 1,
            pending: seal::Pending::new(),
            checks: crate::element::check::Checks::default(),
            answer: http::Answer::default(),
            stale_session: parts.stale_session,
            bulk: false,
        }
    }

    /// Marks the frame being handled as bulk data (an accepted upload block).
    pub(crate) fn mark_bulk(&mut self) {
        self.bulk = true;
    }

    /// Whether the frame just handled was bulk data; clears the mark.
    pub(crate) fn take_bulk(&mut self) -> bool {
        std::mem::take(&mut self.bulk)
    }

    pub(crate) fn seal(&self) -> &SessionSeal {
        &self.seal
    }

    /// The source values of the postback being handled; empty again once it is.
    /// Remembers the checks an opened pickle named (the server sealed them).
    pub(crate) fn learn_checks(&mut self, checks: crate::element::check::Checks) {
        if !checks.is_empty() {
            self.checks.extend(checks);
        }
    }

    pub(crate) fn set_sources(&mut self, sources: Vec<(String, Term)>) {
        self.sources = sources;
    }

    /// The page this connection drives; `None` while rendering over HTTP.
    pub(crate) fn page(&self) -> Option<Arc<dyn DynPage>> {
        self.connection.as_ref().map(|c| c.page.clone())
    }

    /// Whether the browser completed the `N2O,` handshake on this connection.
    pub(crate) fn is_initialized(&self) -> bool {
        self.initialized
    }

    /// Whether the socket runs on a fresh session because its cookie named none alive.
    pub(crate) fn is_stale_session(&self) -> bool {
        self.stale_session
    }

    /// Marks the handshake done. `token` is where the page render's generated ids stopped
    /// (see `server::http`), so this connection's renders continue after them.
    pub(crate) fn initialize(&mut self, token: &str) {
        self.initialized = true;
        if let Ok(next) = token.parse::<u64>() {
            self.next_auto_id = next.max(1);
        }
    }

    /// Where this context's generated ids stopped: the init token of the page it rendered.
    pub(crate) fn next_auto_id(&self) -> u64 {
        self.next_auto_id
    }

    // ---- the request -------------------------------------------------------------------

    /// The page's path, e.g. `/` or `/chat`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The raw query string of the page's URL, without the `?`.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The value of the path parameter `name`: `code` of a page at `/room/{code}` (see
    /// [`App::page`](crate::App::page)), percent-decoded. `None` when the page's path has no
    /// such parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name)
    }

    /// Every path parameter, for [`Params::parse`] into a type of the page's own.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The query string parsed into a serde type (`?page=2&q=rust` into a struct with
    /// `page: u32` and `q: String`; make fields `Option` or `#[serde(default)]` when a
    /// link may leave them out). An error names the field that did not fit: the query is
    /// the user's input.
    pub fn query_as<T: DeserializeOwned>(&self) -> Result<T, ParamsError> {
        route::parse_form(&self.query, "query parameters")
    }

    /// The remote address of the browser, when known.
    pub fn peer(&self) -> Option<SocketAddr> {
        self.peer
    }

    /// The value of cookie `name` the browser sent with the page request or the socket's
    /// upgrade (`HttpOnly` ones included).
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }

    // ---- source values -----------------------------------------------------------------

    /// The text the browser sent for source `id` with the current postback (N2O's `wf:q`);
    /// empty when it sent none or a value that is not text.
    pub fn q(&self, id: &str) -> &str {
        self.q_term(id).and_then(Term::as_text).unwrap_or_default()
    }

    /// The term the browser sent for source `id` (a checkbox is `true`/`false`, a date a
    /// `{Y, M, D}` tuple, a multiple select a list).
    pub fn q_term(&self, id: &str) -> Option<&Term> {
        self.sources.iter().find(|(k, _)| k == id).map(|(_, v)| v)
    }

    /// All the source values of the current postback as one typed form:
    /// `#[derive(Deserialize)] struct Chat { message: String }` then `cx.form::<Chat>()`.
    ///
    /// Read as a web form ([`term::from_form`]): numbers and booleans also come from text,
    /// and an empty input is `None` for an `Option` field.
    pub fn form<T: DeserializeOwned>(&self) -> Result<T, term::Error> {
        let map = Term::map(self.sources.iter().map(|(k, v)| (Term::atom(k.as_str()), v.clone())));
        term::from_form(&map)
    }

    // ---- session -----------------------------------------------------------------------

    /// The session this page or connection belongs to.
    pub fn session_id(&self) -> &SessionId {
        &self.session
    }

    /// The session value under `key`, if there is one of type `T`.
    pub async fn session<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        match self.store.get(&self.session, key).await {
            Ok(Some(v)) => serde_json::from_value(v)
                .inspect_err(|e| warn!(key, error = %e, "session value of another type"))
                .ok(),
            Ok(None) => None,
            Err(e) => {
                warn!(key, error = %e, "session read failed");
                None
            }
        }
    }

    /// Sets the session value under `key`; `false` (and a log line) if the store refused.
    pub async fn put_session<T: Serialize + ?Sized>(&self, key: &str, value: &T) -> bool {
        let value = match serde_json::to_value(value) {
            Ok(v) => v,
            Err(e) => {
                warn!(key, error = %e, "session value cannot be stored");
                return false;
            }
        };
        self.store
            .put(&self.session, key, value)
            .await
            .inspect_err(|e| warn!(key, error = %e, "session write failed"))
            .is_ok()
    }

    /// Removes the session value under `key`.
    pub async fn delete_session(&self, key: &str) {
        if let Err(e) = self.store.delete(&self.session, key).await {
            warn!(key, error = %e, "session delete failed");
        }
    }

    /// The signed-in user, if [`Cx::set_user`] stored one in this session.
    pub async fn user(&self) -> Option<String> {
        self.session(USER_KEY).await
    }

    /// Stores the signed-in user in this session.
    pub async fn set_user(&self, user: &str) -> bool {
        self.put_session(USER_KEY, user).await
    }

    /// Signs the user out of this session (the session and its other values stay).
    pub async fn clear_user(&self) {
        self.delete_session(USER_KEY).await;
    }

    // ---- the connection ----------------------------------------------------------------

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
        self.connection.as_ref().map(|c| c.pusher.clone())
    }

    /// The server's rooms and named tasks.
    pub fn hub(&self) -> &Hub {
        &self.hub
    }
}
