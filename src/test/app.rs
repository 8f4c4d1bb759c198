//! The app under test: served on a free loopback port, with a barrier protocol at the end of
//! its chain, mounted by as many clients as a test needs.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use n2o_runtime::pubsub::Rooms;
use n2o_runtime::task::Tasks;
use n2o_runtime::{App, Server};

use super::client::TestClient;
use super::response::TestError;
use super::sync::{Barrier, Pushers};

/// An [`App`] served for a test on `127.0.0.1` at a free port, with its own configuration
/// otherwise (secret, limits, mailboxes, session store, protocols).
///
/// Everything runs as in production: the HTTP render, sessions and their cookie, sealed
/// pickles, the WebSocket with its `Origin` check, the protocol chain, rooms and tasks.
/// The driver adds one protocol at the end of the chain (see [`TestClient::settle`]): it
/// claims only its own two messages.
#[derive(Debug)]
pub struct TestApp {
    server: Server,
    pushers: Pushers,
    timeout: Duration,
}

impl TestApp {
    /// Serves `app` on a free loopback port.
    ///
    /// # Panics
    /// When the app cannot be served (its configuration is invalid); see
    /// [`TestApp::try_start`].
    pub async fn start(app: App) -> TestApp {
        TestApp::try_start(app)
            .await
            .unwrap_or_else(|e| panic!("n2o::test: the app could not start: {e}"))
    }

    /// [`TestApp::start`], returning the error.
    pub async fn try_start(app: App) -> Result<TestApp, n2o_runtime::Error> {
        let pushers = Pushers::default();
        let app = app.protocol(Barrier(pushers.clone()));
        let server = app.bind_to(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
        Ok(TestApp { server, pushers, timeout: Duration::from_secs(5) })
    }

    /// How long clients mounted from now on wait for the server before failing (5 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Opens page `path` (`/`, `/chat?room=1`) in a new browser with no cookies: it gets its
    /// own session, as a new visitor does. Mount twice for two users; open a second tab of
    /// the same user with [`TestClient::open_tab`]. A `main` that redirects (`302`) is
    /// followed, so the client may end on another page: see [`TestClient::path`].
    ///
    /// # Panics
    /// When the page does not load (no such page, a panic in `main`) or its `Event::Init`
    /// fails; the message says why. See [`TestApp::try_mount`].
    #[track_caller]
    pub fn mount<'a>(&'a self, path: &'a str) -> impl Future<Output = TestClient> + Send + 'a {
        let at = std::panic::Location::caller();
        async move {
            let mut client = self
                .try_mount(path)
                .await
                .unwrap_or_else(|e| panic!("n2o::test: mount {path} (at {at}): {e}"));
            client.at = Some(at);
            client
        }
    }

    /// [`TestApp::mount`], returning failures.
    pub async fn try_mount(&self, path: &str) -> Result<TestClient, TestError> {
        let number = super::client::next_client();
        TestClient::open(self.server.local_addr(), path, self.pushers.clone(), number, self.timeout)
            .await
    }

    /// The server's rooms: who is in a room, or publish to one from the test.
    pub fn rooms(&self) -> Rooms {
        self.server.rooms()
    }

    /// The server's named tasks.
    pub fn tasks(&self) -> Tasks {
        self.server.tasks()
    }

    /// The address served.
    pub fn local_addr(&self) -> SocketAddr {
        self.server.local_addr()
    }

    /// `http://127.0.0.1:<port>/`: open it in a browser while a test waits, to look.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// Stops the server: open clients see their connection close (1001).
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}
