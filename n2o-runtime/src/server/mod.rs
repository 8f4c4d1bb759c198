//! The server: an [`App`] of pages served over HTTP and WebSocket by warp's filters, on
//! hyper connections of our own accept loop, on tokio.

mod accept;
pub(crate) mod assets;
mod cluster;
mod conn;
mod download;
mod http;
mod meter;
mod rest;
mod service;
mod sessions;
mod trim;
pub(crate) mod upgrade;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::info;
use warp::Filter;

use crate::config::Config;
use crate::error::Error;
use crate::format::{Format, Formatter};
use crate::ftp::{Files, Transfers};
use crate::hook::{self, DynHook, Hook, Hooked};
use crate::hub::Hub;
use crate::listen::{Listen, ListenPage};
use crate::page::{DynPage, Page};
use crate::pickle::Security;
use crate::proto::{Chain, DynProtocol, Ftp, N2o, Nitro, Protocol};
use crate::pubsub::{Bus, Rooms};
use crate::rest::Resource;
use crate::route::Routes;
use crate::session::{MemoryConfig, MemoryStore, SessionStore};
use crate::spa::{Spa, SpaPage};
use crate::task::Tasks;

pub use service::AppService;

/// An application: pages by path, protocols, configuration.
///
/// ```no_run
/// use n2o_runtime::prelude::*;
///
/// struct Hello;
///
/// impl Page for Hello {
///     type Event = ();
///     async fn main(&self, _cx: &mut Cx) -> Html {
///         Html::raw("<h1>Hello</h1>")
///     }
/// }
///
/// # async fn run() -> Result<(), n2o_runtime::Error> {
/// App::new().page("/", Hello).serve().await
/// # }
/// ```
pub struct App {
    config: Config,
    pages: Routes<Arc<dyn DynPage>>,
    protocols: Vec<Arc<dyn DynProtocol>>,
    formats: Vec<Format>,
    store: Option<Arc<dyn SessionStore>>,
    not_found: Option<Arc<dyn DynPage>>,
    assets: Vec<assets::Assets>,
    hooks: Vec<(String, Arc<dyn DynHook>)>,
    rest: Routes<rest::Mount>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("config", &self.config)
            .field("pages", &self.pages.patterns())
            .field("protocols", &self.protocols.len())
            .field("formats", &self.formats)
            .finish()
    }
}

impl Default for App {
    fn default() -> Self {
        Self::new()
    }
}

impl App {
    /// An app with the default [`Config`] and no pages.
    pub fn new() -> Self {
        App {
            config: Config::default(),
            pages: Routes::default(),
            protocols: Vec::new(),
            formats: Format::BUILT_IN.to_vec(),
            store: None,
            not_found: None,
            assets: Vec::new(),
            hooks: Vec::new(),
            rest: Routes::default(),
        }
    }

    /// Replaces the configuration.
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// Joins this node's rooms to every other node's on the Redis at `url`
    /// (`redis://127.0.0.1:6379/0`): sets [`Config::redis`] (so call it after
    /// [`App::config`]); `N2O_REDIS` overrides it under [`App::serve`]. See
    /// [`crate::pubsub`] and `docs/cluster.md`. Needs the `redis` feature.
    pub fn cluster(mut self, url: impl Into<String>) -> Self {
        self.config.redis = Some(url.into());
        self
    }

    /// Serves `page` at `path` (`/`, `/chat`): HTML at `GET path`, its socket at `/ws` + `path`.
    ///
    /// A path may have parameters, in axum's syntax: `/room/{code}` serves `/room/abc`,
    /// and the page reads `cx.param("code")` (or [`Cx::params`](crate::Cx::params) into
    /// a type of its own), over HTTP and on its socket alike; `/files/{*rest}` takes the
    /// rest of the path. A static path wins over a parameter (`/room/new` before
    /// `/room/{code}`). Paths that match no page get the [`App::not_found`] page.
    ///
    /// ```no_run
    /// use n2o_runtime::prelude::*;
    ///
    /// struct Room;
    ///
    /// impl Page for Room {
    ///     type Event = ();
    ///     async fn main(&self, cx: &mut Cx) -> Html {
    ///         let code = cx.param("code").unwrap_or_default();
    ///         Html::raw(format!("<h1>{}</h1>", Html::text(code).as_str()))
    ///     }
    /// }
    ///
    /// # async fn run() -> Result<(), n2o_runtime::Error> {
    /// App::new().page("/room/{code}", Room).serve().await
    /// # }
    /// ```
    ///
    /// # Panics
    /// When `path` does not start with `/`, is malformed (`/room/{`), or is taken or
    /// overlapped by another page's (`/room/{id}` beside `/room/{code}`): programming errors.
    pub fn page(self, path: &str, page: impl Page) -> Self {
        self.insert_page(path, Arc::new(page))
    }

    /// Serves the [`Spa`] page `page` at `path` as [`App::page`] does, and decodes the
    /// `{client, T}` and `{direct, T}` messages of its socket into its
    /// [`Spa::Client`] type (see [`crate::spa`]).
    ///
    /// # Panics
    /// As [`App::page`].
    pub fn spa<P: Spa>(self, path: &str, page: P) -> Self {
        self.insert_page(path, Arc::new(SpaPage(page)))
    }

    /// Serves the [`Listen`] page `page` at `path` as [`App::page`] does, and decodes the
    /// room messages its connections get ([`Cx::send`](crate::Cx::send)) into its
    /// [`Listen::Message`] type (see [`crate::listen`]).
    ///
    /// # Panics
    /// As [`App::page`].
    pub fn listen<P: Listen>(self, path: &str, page: P) -> Self {
        self.insert_page(path, Arc::new(ListenPage(page)))
    }

    fn insert_page(mut self, path: &str, page: Arc<dyn DynPage>) -> Self {
        assert!(path.starts_with('/'), "page path {path:?} must start with '/'");
        if let Err(e) = self.pages.insert(path, page) {
            panic!("{e}");
        }
        self
    }

    /// Runs `hook` before `main` and before every event of the pages at `prefix` and under
    /// it (`/app` covers `/app/settings`; `/` covers every page), in the order hooks are
    /// added. See [`Hook`].
    ///
    /// # Panics
    /// When `prefix` does not start with `/`.
    pub fn hook(mut self, prefix: &str, hook: impl Hook) -> Self {
        assert!(prefix.starts_with('/'), "hook prefix {prefix:?} must start with '/'");
        self.hooks.push((prefix.trim_end_matches('/').to_owned(), Arc::new(hook)));
        if let Some((p, _)) = self.hooks.last_mut()
            && p.is_empty()
        {
            *p = "/".into();
        }
        self
    }

    /// Renders `page` (with status 404, unless its `main` sets another) for a `GET` of a path
    /// no page is registered at, instead of the plain `404 not found`.
    pub fn not_found(mut self, page: impl Page) -> Self {
        self.not_found = Some(Arc::new(page));
        self
    }

    /// Serves the files under `dir` at `prefix` (`/static/app.css` is `dir/app.css`), with
    /// `ETag`/`Last-Modified` validators, `Content-Type` from the extension, `HEAD`, and no
    /// way out of `dir` (`..`, encoded or not, dotfiles and symlinks out are 404s).
    ///
    /// # Panics
    /// When `prefix` does not start with `/`, ends with one, or is `/ws` or `/n2o`.
    pub fn assets(mut self, prefix: &str, dir: impl Into<std::path::PathBuf>) -> Self {
        check_assets_prefix(prefix);
        self.assets.push(assets::Assets {
            prefix: prefix.to_owned(),
            source: assets::Source::Dir(dir.into()),
        });
        self
    }

    /// Serves the files of a `rust_embed` folder at `prefix`, as [`App::assets`] serves a
    /// directory: read from disk in debug builds (edit and reload), compiled into the
    /// binary in release ones, so one file deploys the whole site. `ETag` is the file's
    /// hash.
    ///
    /// ```
    /// use n2o_runtime::prelude::*;
    /// use n2o_runtime::rust_embed;
    ///
    /// #[derive(rust_embed::Embed)]
    /// #[crate_path = "n2o_runtime::rust_embed"] // `n2o::rust_embed` through the facade
    /// #[folder = "src/client/"]
    /// struct Static;
    ///
    /// let app = App::new().embedded::<Static>("/static");
    /// ```
    ///
    /// # Panics
    /// As [`App::assets`].
    #[cfg(feature = "embed")]
    pub fn embedded<E: rust_embed::RustEmbed>(mut self, prefix: &str) -> Self {
        check_assets_prefix(prefix);
        self.assets.push(assets::Assets {
            prefix: prefix.to_owned(),
            source: assets::Source::Embedded(E::get),
        });
        self
    }

    /// Serves `resource` as JSON at `prefix` and `prefix/{id}` (see [`crate::rest`] for the
    /// methods and status codes). The prefix may have parameters of its own, read with
    /// [`RestCx::param`](crate::rest::RestCx::param): `/api/rooms/{code}/messages`.
    ///
    /// # Panics
    /// When `prefix` does not start with `/`, ends with one, is the server's own (`/ws`,
    /// `/n2o`), or overlaps another resource's.
    pub fn rest(mut self, prefix: &str, resource: impl Resource) -> Self {
        assert!(
            prefix.starts_with('/') && !prefix.ends_with('/'),
            "REST prefix {prefix:?} must start with '/' and not end with one"
        );
        assert!(
            !["/ws", "/n2o"].iter().any(|p| prefix == *p || prefix.starts_with(&format!("{p}/"))),
            "REST prefix {prefix:?} is the server's own"
        );
        if let Err(e) = rest::mount(&mut self.rest, prefix, Arc::new(resource)) {
            panic!("{e}");
        }
        self
    }

    /// Keeps sessions in `store` instead of the default in-memory one.
    pub fn session_store(mut self, store: impl SessionStore) -> Self {
        self.store = Some(Arc::new(store));
        self
    }

    /// Appends `protocol` to the chain, after the built-in N2O and NITRO protocols: it sees
    /// every message they pass on.
    pub fn protocol(mut self, protocol: impl Protocol) -> Self {
        self.protocols.push(Arc::new(protocol));
        self
    }

    /// Adds `formatter` to the ones a client may switch to with `FORMAT,<name>`; one of the
    /// same name is replaced. The formatter lives as long as the program.
    pub fn formatter(mut self, formatter: impl Formatter) -> Self {
        let format = Format::new(Box::leak(Box::new(formatter)));
        self.formats.retain(|f| f.name() != format.name());
        self.formats.push(format);
        self
    }

    /// Applies the `N2O_*` environment, starts logging, serves until Ctrl-C.
    ///
    /// Logs the URL to open once the socket is bound.
    ///
    /// # Errors
    /// When the configuration is invalid, the address cannot be bound, or the Redis of
    /// [`Config::redis`] (`N2O_REDIS`) does not answer ([`Error::Redis`]).
    pub async fn serve(mut self) -> Result<(), Error> {
        self.config = self.config.apply_env()?;
        if self.config.secret.is_none() && self.config.dev_dir.is_none() {
            self.config.dev_dir = crate::dev::find_dir();
        }
        let _log = init_tracing(&self.config.log);
        let server = self.bind().await?;
        info!("n2o serving {}", server.url());
        let _ = tokio::signal::ctrl_c().await;
        info!("shutting down");
        server.shutdown().await;
        Ok(())
    }

    /// [`App::bind`] on `addr` instead of the configured address, the rest of the
    /// configuration kept: `127.0.0.1:0` serves an app on a free loopback port for a test.
    pub async fn bind_to(mut self, addr: SocketAddr) -> Result<Server, Error> {
        self.config.addr = addr.ip();
        self.config.port = addr.port();
        self.bind().await
    }

    /// Binds the configured address (port 0 picks a free one) and serves in the background.
    /// Unlike [`App::serve`], the environment is not consulted: tests get what they ask for.
    /// With [`Config::redis`], Redis must answer first ([`Error::Redis`]).
    pub async fn bind(self) -> Result<Server, Error> {
        let bus = cluster::checked(&self.config).await?;
        let addr = self.config.socket_addr();
        let listener = listen(addr).map_err(|source| Error::Bind { addr, source })?;
        let local = listener.local_addr()?;
        let (shared, stop_tx) = self.into_shared(bus)?;
        let hub = shared.hub.clone();
        let routes = http::routes(shared.clone()).boxed();
        let stop = stop_tx.subscribe();
        if let Some(every) = shared.config.memory_trim {
            tokio::spawn(trim::run(every, stop_tx.subscribe()));
        }
        let task = tokio::spawn(async move {
            accept::run(listener, routes, &shared.config, stop).await;
        });
        Ok(Server { addr: local, stop: stop_tx, task, hub })
    }

    /// The app as a service to mount inside another server, sharing its listener: a tower
    /// `Service` (axum's `Router::fallback_service`, or `nest_service`) and a warp `Filter`
    /// ([`AppService::filter`]). Pages, their sockets, REST resources, assets and `/n2o/`
    /// answer as they do under [`App::serve`]; the host server's own limits and timeouts
    /// apply to its connections. Applies the `N2O_*` environment, as `serve` does.
    ///
    /// ```no_run
    /// use n2o_runtime::prelude::*;
    ///
    /// # struct Chat;
    /// # impl Page for Chat { type Event = (); async fn main(&self, _: &mut Cx) -> Html { Html::raw("") } }
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let n2o = App::new().page("/chat", Chat).into_service()?;
    /// // axum: let app = axum::Router::new().route("/health", get(health)).fallback_service(n2o);
    /// // warp: let routes = warp::path("health").map(|| "ok").or(n2o.filter());
    /// # let _ = n2o;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// Must be called within a tokio runtime (the session store's sweeper starts here). With
    /// [`Config::redis`], the bus to the other nodes connects in the background (this call
    /// cannot wait for Redis): a Redis that is down is logged, not an error.
    pub fn into_service(mut self) -> Result<AppService, Error> {
        self.config = self.config.apply_env()?;
        let bus = cluster::unchecked(&self.config)?;
        let (shared, stop) = self.into_shared(bus)?;
        Ok(service::AppService::new(shared, stop))
    }

    /// What the server's requests and connections share, and the switch that stops them.
    fn into_shared(
        self,
        bus: Option<Arc<dyn Bus>>,
    ) -> Result<(Arc<Shared>, watch::Sender<bool>), Error> {
        let (stop_tx, stop_rx) = watch::channel(false);
        let security = Arc::new(Security::from_config(&self.config)?);
        let store = match self.store {
            Some(store) => store,
            None => {
                let memory =
                    MemoryConfig { idle_ttl: self.config.session_ttl, ..Default::default() };
                let memory = Arc::new(MemoryStore::new(memory));
                memory.spawn_sweeper(Duration::from_secs(60));
                if let (None, Some(dir)) = (&self.config.secret, &self.config.dev_dir) {
                    crate::session::dev_file::keep(&memory, dir);
                }
                memory
            }
        };
        let rooms = match bus {
            Some(bus) => Rooms::with_bus(self.config.max_flush_bytes, bus),
            None => Rooms::with_max_flush(self.config.max_flush_bytes),
        };
        let hub = Hub::with_rooms(rooms);
        let unfinished = meter::Budget::new(self.config.max_unfinished_bytes);
        let transfers = Arc::new(Transfers::new(
            self.config.uploads.clone(),
            Files::at(&self.config.uploads.dir),
        ));
        spawn_upload_sweeper(&transfers, stop_rx.clone());
        let mut chain: Vec<Arc<dyn DynProtocol>> = vec![
            Arc::new(N2o::new(self.formats.into())),
            Arc::new(Nitro::new(&self.config)),
            Arc::new(Ftp::new(transfers.clone())),
        ];
        chain.extend(self.protocols);
        let pages = hooked(self.pages, &self.hooks);
        let shared = Arc::new(Shared {
            config: self.config,
            pages,
            not_found: self.not_found,
            assets: self.assets,
            rest: self.rest,
            chain: Chain::new(chain),
            stop: stop_rx,
            hub,
            unfinished,
            security,
            store,
            transfers,
        });
        Ok((shared, stop_tx))
    }
}

/// Deletes abandoned uploads now and then ([`Uploads::partial_ttl`](crate::config::Uploads)),
/// until the server stops.
fn spawn_upload_sweeper(transfers: &Arc<Transfers>, mut stop: watch::Receiver<bool>) {
    let weak = Arc::downgrade(transfers);
    let ttl = transfers.limits.partial_ttl;
    let every = (ttl / 2).clamp(Duration::from_millis(100), Duration::from_secs(60));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stop.wait_for(|s| *s) => return,
            }
            let Some(transfers) = weak.upgrade() else { return };
            transfers.expire();
            let files = transfers.files.clone();
            drop(transfers);
            let _ = tokio::task::spawn_blocking(move || files.sweep_partials(ttl)).await;
        }
    });
}

fn check_assets_prefix(prefix: &str) {
    assert!(
        prefix.starts_with('/') && !prefix.ends_with('/'),
        "assets prefix {prefix:?} must start with '/' and not end with one"
    );
    assert!(
        !["/ws", "/n2o"].iter().any(|p| prefix == *p || prefix.starts_with(&format!("{p}/"))),
        "assets prefix {prefix:?} is the server's own"
    );
}

/// Every page behind the hooks that cover its path.
fn hooked(
    pages: Routes<Arc<dyn DynPage>>,
    hooks: &[(String, Arc<dyn DynHook>)],
) -> Routes<Arc<dyn DynPage>> {
    pages.map(|path, page| {
        let mine: Vec<_> =
            hooks.iter().filter(|(p, _)| hook::covers(p, path)).map(|(_, h)| h.clone()).collect();
        if mine.is_empty() { page } else { Arc::new(Hooked { page, hooks: mine }) }
    })
}

/// What every request and connection of one server shares.
pub(crate) struct Shared {
    pub(crate) config: Config,
    pub(crate) pages: Routes<Arc<dyn DynPage>>,
    /// The app's page for unknown paths.
    pub(crate) not_found: Option<Arc<dyn DynPage>>,
    /// Directories served as static files.
    pub(crate) assets: Vec<assets::Assets>,
    /// REST resources by path.
    pub(crate) rest: Routes<rest::Mount>,
    pub(crate) chain: Chain,
    pub(crate) stop: watch::Receiver<bool>,
    pub(crate) hub: Hub,
    /// The budget of unfinished inbound frames, all sockets together.
    pub(crate) unfinished: Arc<meter::Budget>,
    pub(crate) security: Arc<Security>,
    pub(crate) store: Arc<dyn SessionStore>,
    /// Unfinished uploads, and the directory they go to.
    pub(crate) transfers: Arc<Transfers>,
}

/// A running server, from [`App::bind`].
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    hub: Hub,
}

impl Server {
    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// This server's rooms: publish to its connections from outside them, or check who is
    /// in a room.
    pub fn rooms(&self) -> Rooms {
        self.hub.rooms().clone()
    }

    /// This server's named tasks.
    pub fn tasks(&self) -> Tasks {
        self.hub.tasks().clone()
    }

    /// This server's rooms and named tasks together.
    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    /// `http://<addr>/`: the URL to open.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Stops the server's tasks and accepting, closes every WebSocket with 1001 (going
    /// away), and waits for the HTTP connections in progress.
    pub async fn shutdown(self) {
        // Tasks hold the rooms, and would outlive the server otherwise; cluster tasks give
        // up their leases, so another node takes them over at once.
        self.hub.tasks().shutdown().await;
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// A listening socket whose connections send small frames at once.
///
/// Linux hands `TCP_NODELAY` down from the listening socket to the ones it accepts (the accept
/// loop sets it on each one as well, for other systems). Without it a reply followed by a push
/// (a click's own room flush) waits ~40 ms for the peer's delayed ACK (Nagle's algorithm).
fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() { TcpSocket::new_v4()? } else { TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.set_nodelay(true)?;
    socket.bind(addr)?;
    socket.listen(1024)
}

#[cfg(feature = "log")]
fn init_tracing(filter: &str) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let filter = tracing_subscriber::EnvFilter::try_new(filter).unwrap_or_else(|e| {
        eprintln!("n2o: invalid log filter {filter:?} ({e}); using \"info\"");
        tracing_subscriber::EnvFilter::new("info")
    });
    // Lines go to stderr from a thread of their own, through a bounded queue that drops
    // lines when stderr cannot keep up (and counts them): a slow pipe or terminal must
    // never stall the runtime's workers. The guard, kept until `serve` returns, flushes
    // what is queued.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(true)
        .thread_name("n2o-log")
        .finish(std::io::stderr());
    // A subscriber the program installed itself wins.
    let installed =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer).try_init();
    installed.is_ok().then_some(guard)
}

/// Without the `log` feature the program brings its own `tracing` subscriber.
#[cfg(not(feature = "log"))]
fn init_tracing(_filter: &str) -> Option<()> {
    None
}
