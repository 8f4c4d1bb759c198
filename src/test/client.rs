//! A test client: one browser tab on a page of the test server, with its own cookies, its own
//! socket and its own copy of the page, driven from the test.

use std::future::Future;
use std::net::SocketAddr;
use std::panic::Location;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use n2o_runtime::Term;
use n2o_runtime::format::{Limits, bert, json};
use n2o_runtime::mailbox::{ConnId, Pusher};
use serde::Serialize;
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message as Ws;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use super::action::cut;
use super::decode::{decode, unquote};
use super::dom::Dom;
use super::http::{self, Jar};
use super::redirect::Pending;
use super::response::{Frame, Response, TestError};
use super::sync::{self, MARK, Pushers};

type Socket = WebSocketStream<TcpStream>;

/// The body of a panicking `async` entry point of the driver: reads the test's line (before
/// the future starts: `#[track_caller]` does not cross an `.await`), then runs the `try_`
/// form and panics on failure with that line and the page's context.
macro_rules! at_the_test {
    ($client:ident, $attempt:expr) => {{
        let at = ::std::panic::Location::caller();
        async move {
            $client.at = Some(at);
            let result = $attempt.await;
            $client.expect(result)
        }
    }};
}
pub(crate) use at_the_test;

/// One browser tab on a page of a [`TestApp`](super::TestApp), from
/// [`TestApp::mount`](super::TestApp::mount).
///
/// It loaded the page over HTTP (keeping the session cookie), parsed it, opened the page's
/// WebSocket and sent `N2O,<token>` as the browser does; every frame the server sends is
/// read into [`Action`](super::Action)s and applied to the client's copy of the page.
///
/// Interactions ([`TestClient::click`], [`TestClient::settle`], …) return when everything
/// the server had queued for this client by then has arrived: the reply, and the pushes
/// (room flushes) the handler caused, the client's own included. Methods that can fail
/// panic with what was expected and what the page holds; their `try_` forms return a
/// [`TestError`] instead.
#[derive(Debug)]
pub struct TestClient {
    pub(crate) addr: SocketAddr,
    pub(crate) path: String,
    jar: Jar,
    socket: Option<Socket>,
    pub(crate) dom: Dom,
    token: String,
    pushers: Pushers,
    number: u64,
    barriers: u64,
    pub(crate) last: Response,
    pub(crate) last_what: String,
    timeout: Duration,
    /// A redirect the page asked for that the test has not followed (see `redirect.rs`).
    pub(crate) pending: Option<Pending>,
    /// Where in the test the current call was made: failures name that line.
    pub(crate) at: Option<&'static Location<'static>>,
    /// The `T` of every `{server, T}` push received, in order (see `spa.rs`).
    pub(crate) server: Vec<Term>,
}

/// What one read from the socket gave.
enum Inbound {
    Io(Frame),
    Mark(u64),
    Other,
}

impl TestClient {
    pub(crate) async fn open(
        addr: SocketAddr,
        path: &str,
        pushers: Pushers,
        number: u64,
        timeout: Duration,
    ) -> Result<TestClient, TestError> {
        TestClient::open_with(addr, path, Jar::default(), pushers, number, timeout).await
    }

    /// [`TestClient::open`] with the cookies of a browser that has them already.
    pub(crate) async fn open_with(
        addr: SocketAddr,
        path: &str,
        jar: Jar,
        pushers: Pushers,
        number: u64,
        timeout: Duration,
    ) -> Result<TestClient, TestError> {
        let (path, dom, token) = load(addr, path, &jar).await?;
        let mut client = TestClient {
            addr,
            last_what: format!("mount {path}"),
            path,
            jar,
            socket: None,
            dom,
            token,
            pushers,
            number,
            barriers: 0,
            last: Response::default(),
            at: None,
            timeout,
            pending: None,
            server: Vec::new(),
        };
        client.connect().await?;
        Ok(client)
    }

    /// The path of the page this tab shows (where redirects led).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Goes to `path` in this tab, as following a link does: the same cookies (the same
    /// session), a new page load (redirects followed), its socket and `Event::Init`.
    #[track_caller]
    pub fn visit<'a>(&'a mut self, path: &'a str) -> impl Future<Output = Response> + Send + 'a {
        at_the_test!(self, {
            self.last_what = format!("visit {path}");
            self.try_visit(path)
        })
    }

    /// [`TestClient::visit`], returning failures.
    pub async fn try_visit(&mut self, path: &str) -> Result<Response, TestError> {
        self.disconnect().await?;
        // The browser leaves the page, and whatever redirect it had asked for.
        self.pending = None;
        let (path, dom, token) = load(self.addr, path, &self.jar).await?;
        self.path = path;
        self.dom = dom;
        self.token = token;
        self.number = next_client();
        self.connect().await?;
        Ok(self.last.clone())
    }

    /// Opens `path` in a new tab of the same browser: the tabs share one cookie jar, so the
    /// same session (two tabs of one signed-in user), and a cookie a page load sets in one
    /// tab goes with the other's next request. For another user, mount from the `TestApp`:
    /// each [`TestApp::mount`](super::TestApp::mount) is a new browser with no cookies.
    #[track_caller]
    pub fn open_tab<'a>(&self, path: &'a str) -> impl Future<Output = TestClient> + Send + 'a {
        let at = Location::caller();
        // What the new tab shares with this one, taken now: a `TestClient` is not `Sync`.
        let (addr, jar, pushers, timeout) =
            (self.addr, self.jar.clone(), self.pushers.clone(), self.timeout);
        async move {
            let opened =
                TestClient::open_with(addr, path, jar, pushers, next_client(), timeout).await;
            let mut tab =
                opened.unwrap_or_else(|e| panic!("n2o::test: open tab {path} (at {at}): {e}"));
            tab.at = Some(at);
            tab
        }
    }

    /// Opens the page's socket with this tab's cookies and completes `N2O,` init.
    async fn connect(&mut self) -> Result<(), TestError> {
        let url = format!("ws://{}/ws{}", self.addr, self.path);
        let mut request = url
            .as_str()
            .into_client_request()
            .map_err(|e| TestError::Page(format!("bad page path {:?}: {e}", self.path)))?;
        let headers = request.headers_mut();
        // A browser sends its page's origin; the server's Origin check runs as in production.
        if let Ok(origin) = format!("http://{}", self.addr).parse() {
            headers.insert("origin", origin);
        }
        if let Some(cookies) = self.jar.header().and_then(|c| c.parse().ok()) {
            headers.insert("cookie", cookies);
        }
        let tcp = TcpStream::connect(self.addr)
            .await
            .map_err(|e| TestError::Closed(format!("cannot connect to {}: {e}", self.addr)))?;
        let (socket, _) = tokio_tungstenite::client_async(request, tcp)
            .await
            .map_err(|e| TestError::Page(format!("the WebSocket at {url} refused: {e}")))?;
        self.socket = Some(socket);
        let response = self.exchange(vec![Ws::text(format!("N2O,{}", self.token))]).await?;
        self.finish(format!("mount {}", self.path), response).map(drop)
    }

    /// Sets how long interactions wait for the server (5 s unless the app said otherwise).
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// The server's id for this client's connection: check room membership with
    /// [`Rooms::contains`](crate::pubsub::Rooms::contains).
    pub fn conn_id(&self) -> ConnId {
        self.pusher().id()
    }

    /// This client's end of its WebSocket: the address the page sees as `cx.peer()`.
    pub fn peer(&self) -> Option<SocketAddr> {
        self.socket.as_ref().and_then(|s| s.get_ref().local_addr().ok())
    }

    fn pusher(&self) -> Pusher {
        self.pushers.get(self.number).expect("a mounted client has synced once")
    }

    // ---- interactions -------------------------------------------------------------------

    /// Waits until every frame the server has queued for this client so far has arrived,
    /// and applies them: pushes from rooms and tasks that were already sent or queued.
    #[track_caller]
    pub fn settle(&mut self) -> impl Future<Output = Response> + Send + '_ {
        at_the_test!(self, self.try_settle())
    }

    /// [`TestClient::settle`], returning failures.
    pub async fn try_settle(&mut self) -> Result<Response, TestError> {
        let response = self.sync().await?;
        self.finish("settle".into(), response)
    }

    /// Waits for the next push (a frame the client did not ask for: a room flush, a task's
    /// push) and applies it; fails after the timeout. For pushes that come later than
    /// [`TestClient::settle`] can see, e.g. from a task that runs after the click.
    #[track_caller]
    pub fn recv_push(&mut self) -> impl Future<Output = Response> + Send + '_ {
        at_the_test!(self, self.try_recv_push())
    }

    /// [`TestClient::recv_push`], returning failures.
    pub async fn try_recv_push(&mut self) -> Result<Response, TestError> {
        let deadline = Instant::now() + self.timeout;
        loop {
            if let Inbound::Io(frame) = self.next(deadline, "a push").await? {
                return self.finish("push".into(), Response { frames: vec![frame] });
            }
        }
    }

    /// Applies what arrives until `done` holds for the page (checked first, and after each
    /// frame); fails after the timeout with `what` in the message.
    ///
    /// ```no_run
    /// # async fn f(client: &mut n2o::test::TestClient) {
    /// client.wait_until("the line from the task", |c| c.text("history").contains("hi")).await;
    /// # }
    /// ```
    #[track_caller]
    pub fn wait_until<'a>(
        &'a mut self,
        what: &'a str,
        done: impl Fn(&TestClient) -> bool + Send + 'a,
    ) -> impl Future<Output = ()> + Send + 'a {
        let at = Location::caller();
        async move {
            self.at = Some(at);
            self.wait_until_inner(what, done).await;
        }
    }

    async fn wait_until_inner(&mut self, what: &str, done: impl Fn(&TestClient) -> bool) {
        let deadline = Instant::now() + self.timeout;
        let mut frames = Vec::new();
        while !done(self) {
            match self.next(deadline, what).await {
                Ok(Inbound::Io(frame)) => frames.push(frame),
                Ok(_) => {}
                Err(e) => {
                    self.last = Response { frames };
                    self.last_what = format!("wait until {what}");
                    self.fail(&e);
                }
            }
        }
        let response = Response { frames };
        self.note_redirect(&response, &format!("wait until {what}"));
        self.last = response;
        self.last_what = format!("wait until {what}");
    }

    /// Pushes `message` to this connection from the server side, as a room's `send` or a
    /// task would: the page's `Listen::message` gets it in its declared type (a page
    /// registered with `App::page`: `Event::Message(term)`).
    #[track_caller]
    pub fn message<T: Serialize + ?Sized>(
        &mut self,
        message: &T,
    ) -> impl Future<Output = Response> + Send + '_ {
        self.at = Some(Location::caller());
        let term = n2o_runtime::term::to_term(message);
        async move {
            let term = term.unwrap_or_else(|e| {
                self.fail(&TestError::Page(format!("the message is not a term: {e}")))
            });
            let what = format!("message {}", cut(&term.to_string(), 80));
            self.last_what = what.clone();
            let pushed = self.pusher().try_push(Term::tuple([Term::atom("n2o_msg"), term]));
            if let Err(e) = pushed {
                self.fail(&TestError::Closed(format!("{what}: {e}")));
            }
            let result = match self.sync().await {
                Ok(response) => self.finish(what, response),
                Err(e) => Err(e),
            };
            self.expect(result)
        }
    }

    /// Answers OK to the oldest confirm box the page showed (`cx.confirm`): sends its
    /// postback, as the browser does.
    #[track_caller]
    pub fn confirm(&mut self) -> impl Future<Output = Response> + Send + '_ {
        at_the_test!(self, self.try_confirm())
    }

    /// [`TestClient::confirm`], returning failures.
    pub async fn try_confirm(&mut self) -> Result<Response, TestError> {
        self.on_the_page("confirm")?;
        if self.dom.confirms.is_empty() {
            return Err(TestError::Page("confirm: the page shows no confirm box".into()));
        }
        let (text, pickle) = self.dom.confirms.remove(0);
        let what = format!("confirm {text:?}");
        self.last_what = what.clone();
        let pickle = pickle.ok_or_else(|| {
            TestError::Page(format!(
                "{what}: its postback could not be encoded (see the server log)"
            ))
        })?;
        let response =
            self.exchange(vec![bert_frame(&pickle_message("", &pickle, Vec::new()))]).await?;
        self.finish(what, response)
    }

    /// Closes the socket as a browser closing the tab, and returns once the server has let
    /// the connection go: it has left its rooms and its page got `Event::Terminate`.
    #[track_caller]
    pub fn close(mut self) -> impl Future<Output = ()> + Send {
        self.at = Some(Location::caller());
        async move {
            let result = self.disconnect().await;
            self.expect(result)
        }
    }

    /// Drops the connection and opens a new one with the same cookies and token, keeping the
    /// page as it is: what the browser does after a network blip. `Event::Init` runs again.
    #[track_caller]
    pub fn reconnect(&mut self) -> impl Future<Output = Response> + Send + '_ {
        let at = Location::caller();
        async move {
            self.at = Some(at);
            let result = match self.disconnect().await {
                Ok(()) => self.connect().await.map(|()| self.last.clone()),
                Err(e) => Err(e),
            };
            self.expect(result)
        }
    }

    async fn disconnect(&mut self) -> Result<(), TestError> {
        let pusher = self.pushers.get(self.number);
        if let Some(mut socket) = self.socket.take() {
            let _ = socket.close(None).await;
            // Read to the end, so the server's close completes.
            let _ = tokio::time::timeout(self.timeout, async {
                while let Some(Ok(_)) = socket.next().await {}
            })
            .await;
        }
        self.pushers.forget(self.number);
        let Some(pusher) = pusher else { return Ok(()) };
        let deadline = Instant::now() + self.timeout;
        // The connection's mailbox closes when its task ends, after leaving its rooms.
        while !pusher.is_closed() {
            if Instant::now() >= deadline {
                return Err(TestError::Timeout(format!(
                    "the server still holds connection {} after the client closed it",
                    pusher.id()
                )));
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        Ok(())
    }

    // ---- the socket ---------------------------------------------------------------------

    /// Sends a barrier and applies every frame up to its mark (see `sync.rs`).
    pub(crate) async fn sync(&mut self) -> Result<Response, TestError> {
        self.exchange(Vec::new()).await
    }

    /// Sends `frames` then a barrier, in one write, and applies every frame up to the
    /// barrier's mark (see `sync.rs`).
    ///
    /// One write: the server then finds the barrier already waiting when it has handled
    /// the frames, the case where only a barrier through the mailbox keeps the handler's
    /// own pushes ahead of the mark.
    pub(crate) async fn exchange(&mut self, frames: Vec<Ws>) -> Result<Response, TestError> {
        self.barriers += 1;
        let n = self.barriers;
        let barrier = bert_frame(&sync::request(self.number, n));
        let socket =
            self.socket.as_mut().ok_or_else(|| TestError::Closed("the client is closed".into()))?;
        let sent = async {
            for frame in frames {
                socket.feed(frame).await?;
            }
            socket.feed(barrier).await?;
            socket.flush().await
        };
        sent.await.map_err(|e| TestError::Closed(format!("sending failed: {e}")))?;
        let deadline = Instant::now() + self.timeout;
        let mut frames = Vec::new();
        loop {
            match self.next(deadline, "the server to answer").await {
                Ok(Inbound::Io(frame)) => frames.push(frame),
                Ok(Inbound::Mark(m)) if m == n => return Ok(Response { frames }),
                Ok(_) => {}
                Err(e) => {
                    // What did arrive is in the page; show it with the failure.
                    self.last = Response { frames };
                    return Err(e);
                }
            }
        }
    }

    /// Reads one frame and applies it.
    async fn next(&mut self, deadline: Instant, waiting_for: &str) -> Result<Inbound, TestError> {
        let timeout = self.timeout;
        let socket =
            self.socket.as_mut().ok_or_else(|| TestError::Closed("the client is closed".into()))?;
        let frame = match tokio::time::timeout_at(deadline, socket.next()).await {
            Err(_) => {
                return Err(TestError::Timeout(format!(
                    "waited {timeout:?} for {waiting_for}; is the page's handler blocked?"
                )));
            }
            Ok(None) => return Err(self.lost("the server closed the connection".into())),
            Ok(Some(Err(e))) => return Err(self.lost(format!("reading failed: {e}"))),
            Ok(Some(Ok(frame))) => frame,
        };
        let (bytes, text, term) = match frame {
            Ws::Binary(b) if b.is_empty() => return Ok(Inbound::Other),
            Ws::Binary(b) => {
                let term = bert::decode(&b, &Limits::default()).map_err(|e| {
                    TestError::Server(format!("the server sent undecodable BERT: {e}"))
                })?;
                (b.to_vec(), false, term)
            }
            Ws::Text(t) => {
                if let Some(n) = t.strip_prefix(MARK) {
                    return Ok(Inbound::Mark(n.parse().unwrap_or(0)));
                }
                if !t.starts_with('{') && !t.starts_with('[') {
                    return Ok(Inbound::Other); // PONG, FORMAT,… and NOPs
                }
                let term = json::decode(&t, &Limits::default()).map_err(|e| {
                    TestError::Server(format!("the server sent undecodable JSON: {e}"))
                })?;
                (t.as_bytes().to_vec(), true, term)
            }
            Ws::Close(close) => {
                let why = close
                    .map_or_else(String::new, |c| format!(" ({} {})", u16::from(c.code), c.reason));
                return Err(self.lost(format!("the server closed the connection{why}")));
            }
            Ws::Ping(_) | Ws::Pong(_) | Ws::Frame(_) => return Ok(Inbound::Other),
        };
        if let Some([_, message]) = term.as_tuple().filter(|_| term.is_tagged("server", 2)) {
            self.server.push(message.clone());
        }
        let (eval, data) = match term.as_tuple() {
            Some([_, eval, data]) if term.is_tagged("io", 3) => {
                (eval.as_text().unwrap_or_default().to_owned(), data.clone())
            }
            _ => (String::new(), term),
        };
        let actions = decode(&eval);
        actions.iter().for_each(|a| self.dom.apply(a));
        Ok(Inbound::Io(Frame { bytes, text, eval, data, actions }))
    }

    fn lost(&mut self, why: String) -> TestError {
        self.socket = None;
        TestError::Closed(why)
    }

    /// Records `response` as the last one; a server error in it is an error.
    pub(crate) fn finish(
        &mut self,
        what: String,
        response: Response,
    ) -> Result<Response, TestError> {
        self.note_redirect(&response, &what);
        self.last_what = what;
        self.last = response;
        match self.last.error() {
            Some(error) => Err(TestError::Server(error.to_owned())),
            None => Ok(self.last.clone()),
        }
    }

    /// The value, or a panic with `error` and what the page holds.
    #[track_caller]
    pub(crate) fn expect<T>(&self, result: Result<T, TestError>) -> T {
        result.unwrap_or_else(|e| self.fail(&e))
    }

    #[track_caller]
    pub(crate) fn fail(&self, error: &TestError) -> ! {
        // An `async` call cannot carry `#[track_caller]` to its panic: the test's line is
        // named in the message instead, first.
        let at = self.at.map(|l| format!("  at {l} (the test's call)\n")).unwrap_or_default();
        let dumped = match self.dump_to_file() {
            Ok(path) => format!("\n  page written to {}", path.display()),
            Err(_) => String::new(),
        };
        panic!("n2o::test: {}: {error}\n{at}{}{dumped}", self.last_what, self.context())
    }

    /// Writes the page as the client holds it to a file, and returns the file's path: open
    /// it in a browser when a test is lost (LiveViewTest's `open_browser`). Failures write it
    /// too, and their message names the file.
    pub fn dump(&self) -> std::path::PathBuf {
        let path = self
            .dump_to_file()
            .unwrap_or_else(|e| panic!("n2o::test: cannot write the page to a file: {e}"));
        eprintln!("n2o::test: page {} written to {}", self.path, path.display());
        path
    }

    fn dump_to_file(&self) -> std::io::Result<std::path::PathBuf> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let dir = std::env::temp_dir().join("n2o-test");
        std::fs::create_dir_all(&dir)?;
        let file = format!(
            "page-{}-{}-{}.html",
            std::process::id(),
            self.number,
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = dir.join(file);
        std::fs::write(&path, self.page_html())?;
        Ok(path)
    }

    /// The page path, its ids and the last response: the end of every failure message.
    pub(crate) fn context(&self) -> String {
        let mut ids = self.dom.ids();
        if ids.len() > 30 {
            ids.truncate(30);
            ids.push("…".into());
        }
        let mut out = format!(
            "  page {} (ids: {})\n  last: {}\n{}",
            self.path,
            ids.join(", "),
            self.last_what,
            self.last
        );
        for missed in &self.dom.missed {
            out.push_str(&format!("\n  note: an action found no target: {missed}"));
        }
        out
    }
}

/// A new number for a client, unique in the process (the key of its mailbox in `Pushers`).
pub(crate) fn next_client() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Loads `path` as the browser does: `GET` with the jar's cookies, redirects followed (at
/// most 5), then the page's inline scripts run (the bootstrap's token, the wiring).
async fn load(addr: SocketAddr, path: &str, jar: &Jar) -> Result<(String, Dom, String), TestError> {
    let mut path = path.to_owned();
    let mut page = http::get(addr, &path, jar).await.map_err(TestError::Page)?;
    for _ in 0..5 {
        match (&page.status, &page.location) {
            (301 | 302 | 303 | 307 | 308, Some(to)) if to.starts_with('/') => {
                path.clone_from(to);
                page = http::get(addr, &path, jar).await.map_err(TestError::Page)?;
            }
            _ => break,
        }
    }
    if page.status != 200 {
        return Err(TestError::Page(format!(
            "GET {path} answered {} instead of 200: {}",
            page.status,
            cut(&page.body, 200)
        )));
    }
    let mut dom = Dom::parse(&page.body);
    let mut token = String::new();
    // What the browser runs while loading: the bootstrap, then the page's wiring.
    for script in dom.inline_scripts() {
        match bootstrap_token(&script) {
            Some(t) => token = t,
            None => decode(&script).iter().for_each(|a| dom.apply(a)),
        }
    }
    Ok((path, dom, token))
}

/// `term` as a binary BERT frame, as `n2o.js` sends terms.
pub(crate) fn bert_frame(term: &Term) -> Ws {
    Ws::binary(bert::encode(term))
}

/// NITRO's `{pickle, Source, Pickled, Linked}`, as `N2O.pickle(source, pickled, ids)` sends it.
pub(crate) fn pickle_message(source: &str, pickle: &str, values: Vec<(String, Term)>) -> Term {
    let mut linked =
        vec![Term::tuple([Term::tuple([Term::str(source), Term::bin("detail")]), Term::nil()])];
    linked.extend(values.into_iter().map(|(id, v)| Term::tuple([Term::atom(id), v])));
    Term::tuple([Term::atom("pickle"), Term::bin(source), Term::bin(pickle), Term::list(linked)])
}

/// The token of `N2O_start({token:'…',…});`, the bootstrap the server puts in every page.
fn bootstrap_token(script: &str) -> Option<String> {
    let rest = script.trim().strip_prefix("N2O_start({token:'")?;
    unquote(rest).map(|(token, _)| token)
}
