//! The per-connection context a page works through: N2O's `wf:` API.

use std::net::SocketAddr;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::warn;

use crate::action::{self, Actions, Refused, Target};
use crate::element::{IntoBody, Render, Rendered};
use crate::format::Format;
use crate::js::Js;
use crate::mailbox::Pusher;
use crate::page::DynPage;
use crate::postback::Postback;
use crate::pubsub::Rooms;
use crate::server::security::SessionSeal;
use crate::session::{SessionId, SessionStore};
use crate::term::{self, Term};

/// The session key [`Cx::user`] reads and [`Cx::set_user`] writes (N2O's `<<"user">>`).
pub const USER_KEY: &str = "user";

/// The context of one HTTP render or one WebSocket connection.
///
/// Actions queued here (DOM updates, raw JS) are sent to the browser as one
/// `{io, Eval, Data}` when the current event has been handled.
pub struct Cx {
    path: String,
    query: String,
    peer: Option<SocketAddr>,
    cookies: String,
    actions: Actions,
    format: Format,
    pusher: Option<Pusher>,
    pub(crate) rooms: Rooms,
    pub(crate) page: Option<Arc<dyn DynPage>>,
    pub(crate) initialized: bool,
    seal: SessionSeal,
    session: SessionId,
    store: Arc<dyn SessionStore>,
    sources: Vec<(String, Term)>,
    pub(crate) next_auto_id: u64,
    /// The socket came without a live session cookie: it runs on a fresh session, and
    /// the page's pickles (sealed for the old one) cannot open.
    pub(crate) stale_session: bool,
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
    pub(crate) query: String,
    pub(crate) peer: Option<SocketAddr>,
    pub(crate) cookies: String,
    pub(crate) seal: SessionSeal,
    pub(crate) session: SessionId,
    pub(crate) store: Arc<dyn SessionStore>,
}

impl Cx {
    pub(crate) fn new(parts: CxParts) -> Self {
        Cx {
            path: parts.path,
            query: parts.query,
            peer: parts.peer,
            cookies: parts.cookies,
            actions: Actions::new(),
            format: Format::Bert,
            pusher: None,
            rooms: Rooms::default(),
            page: None,
            initialized: false,
            seal: parts.seal,
            session: parts.session,
            store: parts.store,
            sources: Vec::new(),
            next_auto_id: 1,
            stale_session: false,
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

    pub(crate) fn seal(&self) -> &SessionSeal {
        &self.seal
    }

    pub(crate) fn set_sources(&mut self, sources: Vec<(String, Term)>) {
        self.sources = sources;
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

    // ---- rendering and actions ---------------------------------------------------------

    /// Renders `body` with this session's seal; ids generated here never repeat on the page.
    pub fn render(&mut self, body: impl IntoBody) -> Rendered {
        let mut r = Render::new(&self.seal).auto_ids_from(self.next_auto_id);
        r.push(body);
        self.next_auto_id = r.next_auto_id();
        r.finish()
    }

    /// Renders `body` for the page: queues the JS that wires its events (it runs once the
    /// markup is in the DOM) and returns the markup, for `main` or a template.
    pub fn html(&mut self, body: impl IntoBody) -> crate::html::Html {
        let r = self.render(body);
        self.actions.push(r.js);
        r.html
    }

    /// Queues an action's JavaScript.
    pub fn action(&mut self, js: Js) {
        self.actions.push(js);
    }

    /// Queues raw JavaScript. Nothing is escaped: never put user text in it; the DOM
    /// actions ([`Cx::update`], [`Cx::insert_bottom`], …) escape for you.
    pub fn wire(&mut self, js: &str) {
        self.actions.push(action::wire(js));
    }

    /// Replaces the content of `target` with `body` (`innerHTML`).
    pub fn update(&mut self, target: impl Into<Target>, body: impl IntoBody) {
        let r = self.render(body);
        self.actions.push(action::update(target, &r));
    }

    /// Replaces `target` itself with `body` (`outerHTML`).
    pub fn replace(&mut self, target: impl Into<Target>, body: impl IntoBody) {
        let r = self.render(body);
        self.actions.push(action::replace(target, &r));
    }

    /// Inserts `body` as the first child of `target`.
    pub fn insert_top(&mut self, target: impl Into<Target>, body: impl IntoBody) {
        let r = self.render(body);
        self.actions.push(action::insert_top(target, &r));
    }

    /// Inserts `body` as the last child of `target`.
    pub fn insert_bottom(&mut self, target: impl Into<Target>, body: impl IntoBody) {
        let r = self.render(body);
        self.actions.push(action::insert_bottom(target, &r));
    }

    /// Inserts `body` just before `target`.
    pub fn insert_before(&mut self, target: impl Into<Target>, body: impl IntoBody) {
        let r = self.render(body);
        self.actions.push(action::insert_before(target, &r));
    }

    /// Inserts `body` just after `target`.
    pub fn insert_after(&mut self, target: impl Into<Target>, body: impl IntoBody) {
        let r = self.render(body);
        self.actions.push(action::insert_after(target, &r));
    }

    /// Removes `target` from the page.
    pub fn remove(&mut self, target: impl Into<Target>) {
        self.actions.push(action::remove(target));
    }

    /// Removes the children of `target`.
    pub fn clear(&mut self, target: impl Into<Target>) {
        self.actions.push(action::clear(target));
    }

    /// Adds space-separated `classes` to `target`.
    pub fn add_class(&mut self, target: impl Into<Target>, classes: &str) {
        self.actions.push(action::add_class(target, classes));
    }

    /// Removes space-separated `classes` from `target`.
    pub fn remove_class(&mut self, target: impl Into<Target>, classes: &str) {
        self.actions.push(action::remove_class(target, classes));
    }

    /// Sets the value of the input `target`.
    pub fn set_value(&mut self, target: impl Into<Target>, value: &str) {
        self.actions.push(action::set_value(target, value));
    }

    /// Sets attribute `name` of `target`; refuses event handlers and script URLs.
    pub fn set_attr(
        &mut self,
        target: impl Into<Target>,
        name: &str,
        value: &str,
    ) -> Result<(), Refused> {
        self.actions.push(action::set_attr(target, name, value)?);
        Ok(())
    }

    /// Focuses `target`.
    pub fn focus(&mut self, target: impl Into<Target>) {
        self.actions.push(action::focus(target));
    }

    /// Shows `target`.
    pub fn show(&mut self, target: impl Into<Target>) {
        self.actions.push(action::show(target));
    }

    /// Hides `target`.
    pub fn hide(&mut self, target: impl Into<Target>) {
        self.actions.push(action::hide(target));
    }

    /// Shows `text` in the browser's alert box.
    pub fn alert(&mut self, text: &str) {
        self.actions.push(action::alert(text));
    }

    /// Asks `text` in a confirm box; on OK the page gets `postback`.
    pub fn confirm<P: Postback>(&mut self, text: &str, postback: P) {
        let js = action::confirm(text, postback, &self.seal);
        self.actions.push(js);
    }

    /// Sends the browser to `url`; refuses `javascript:` and other script URLs.
    pub fn redirect(&mut self, url: &str) -> Result<(), Refused> {
        self.actions.push(action::redirect(url)?);
        Ok(())
    }

    /// The JavaScript queued so far, leaving the queue empty.
    pub fn take_actions(&mut self) -> String {
        self.actions.take()
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
        self.pusher.clone()
    }
}
