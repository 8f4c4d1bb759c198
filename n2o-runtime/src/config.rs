//! Server configuration: set in code, overridden by `N2O_*` environment variables.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use crate::error::Error;
use crate::format::Limits;

/// How a server is set up. Build it in code; [`Config::apply_env`] lets the environment
/// override it (`App::serve` calls that for you).
///
/// | variable | field | example |
/// |---|---|---|
/// | `N2O_ADDR` | [`Config::addr`] | `127.0.0.1`, `::1`, `0.0.0.0` |
/// | `N2O_PORT` | [`Config::port`] | `8000`, `0` (any free port) |
/// | `N2O_SECRET` | [`Config::secret`] | 16 bytes or more of secret text |
/// | `N2O_OLD_SECRETS` | [`Config::old_secrets`] | comma-separated retired secrets |
/// | `N2O_LOG` | [`Config::log`] | `info`, `n2o_runtime=debug` |
/// | `N2O_ORIGINS` | [`Config::origins`] | `https://a.example,https://b.example` |
/// | `N2O_MAX_PENDING_CONNECTIONS` | [`Config::max_pending_connections`] | `4096` |
/// | `N2O_DEV_DIR` | [`Config::dev_dir`] | `target/n2o-dev` |
/// | `N2O_DATA` | [`Config::data_dir`] | `/var/lib/app` |
/// | `N2O_UPLOADS` | [`Uploads::dir`] | `/var/lib/app/uploads` |
/// | `N2O_DATABASE_URL` | [`Config::database_url`] | `postgres://app:pw@127.0.0.1/app` |
/// | `N2O_REDIS` | [`Config::redis`] | `redis://127.0.0.1:6379/0` (empty: none) |
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// Address to listen on; loopback by default.
    pub addr: IpAddr,
    /// Port to listen on; 0 picks a free one (the start-up log line names it).
    pub port: u16,
    /// Key material for pickles; `None` means dev mode: a random key per process, a warning
    /// in the log, and handler failures shown to the browser in full.
    pub secret: Option<String>,
    /// Retired secrets: pickles sealed with them still open (key rotation), new ones never are.
    pub old_secrets: Vec<String>,
    /// Sign pickles without encrypting them, so they can be read while debugging.
    pub plain_pickles: bool,
    /// How long a rendered postback stays valid.
    pub pickle_ttl: Duration,
    /// How long a session lives without use. An open tab uses it (its socket marks it used
    /// at most once a minute, heartbeats included), and every page render issues its cookie
    /// again with this `Max-Age`: a session lives while any tab of it is open and this long
    /// after the last one closed. 15 minutes by default. Postbacks a page rendered stay valid
    /// for [`Config::pickle_ttl`] (24 h) but open only in their session, so a session that
    /// expired makes them useless: the page reloads into a new session.
    pub session_ttl: Duration,
    /// The site is served over HTTPS (by a TLS proxy in front) even when a request has no
    /// `X-Forwarded-Proto: https`: the session cookie is marked `Secure`, and a WebSocket's
    /// `Origin` must be `https://<host>` (a plain `http://` page of the same host is refused).
    pub secure_cookies: bool,
    /// Log filter in `tracing_subscriber::EnvFilter` syntax.
    pub log: String,
    /// Origins allowed to open a WebSocket besides the page's own.
    pub origins: Vec<String>,
    /// Bounds on decoding inbound frames.
    pub limits: Limits,
    /// How many pushes may wait in one connection's mailbox.
    pub mailbox: usize,
    /// How many bytes of pushes may wait in one connection's mailbox; a member over it is
    /// handled as too slow (dropped from its rooms, closed with 1013). 8 MiB by default.
    pub mailbox_bytes: usize,
    /// How long a WebSocket connection may stay silent before the server closes it.
    pub idle_timeout: Duration,
    /// How long a frame larger than 64 KiB may take to arrive in full; 10 s by default.
    pub frame_timeout: Duration,
    /// How many bytes of unfinished frames all sockets together may hold; a socket whose
    /// read would overdraw it is closed. 64 MiB by default.
    pub max_unfinished_bytes: usize,
    /// The most bytes of source values one postback may carry (its text escapes up to
    /// nine-fold into the HTML of a flush); 256 KiB by default.
    pub max_source_bytes: usize,
    /// The largest room flush, in bytes of JavaScript; a larger one is not sent (and
    /// logged). 2 MiB by default.
    pub max_flush_bytes: usize,
    /// Frames per second one connection may send on average (`0.0`: no limit); a faster
    /// client is read more slowly, so it alone waits. 200 by default.
    pub event_rate: f64,
    /// How many frames a connection may send at once above [`Config::event_rate`]; 400 by
    /// default.
    pub event_burst: u32,
    /// How long an HTTP connection may take to send a request's whole header. It covers the
    /// first request from the moment the connection is accepted, and, on a keep-alive
    /// connection, the wait for the next request after a response: an idle keep-alive
    /// connection is closed after this long too. A connection that runs out of it is closed
    /// without an answer. Default 10 s.
    pub header_read_timeout: Duration,
    /// The largest request header (request line and header fields) accepted, in bytes; a
    /// larger one is answered `431 Request Header Fields Too Large` and the connection
    /// closed. It also bounds the connection's read buffer, which never goes below 8 KiB
    /// (hyper's minimum). Default 16 KiB.
    pub max_header_bytes: usize,
    /// How many HTTP connections may be open at once before they upgrade to a WebSocket:
    /// a connection counts from its accept until it closes or becomes a WebSocket (open
    /// WebSockets are not counted here). Beyond it, new connections are answered `503` and
    /// closed at once instead of waiting in the backlog. Default 4096.
    pub max_pending_connections: usize,
    /// How often, at most, the server hands the allocator's free memory back to the system
    /// (glibc's `malloc_trim`) while connections end, so that the resident size comes back
    /// down after a burst instead of staying at its peak. `None`: never. Default 2 s.
    pub memory_trim: Option<Duration>,
    /// The largest body a REST write (`POST`, `PUT`) may send, in bytes; a larger one is
    /// answered `413` before it is read (by its `Content-Length`) or as soon as it is over.
    /// It takes at most [`Config::frame_timeout`] to arrive. Default 256 KiB.
    pub max_body_bytes: usize,
    /// Where dev mode (no [`Config::secret`]) keeps its pickle key and the sessions across
    /// restarts, so a rebuild signs nobody out (see the README's live reload). `App::serve`
    /// sets it to `n2o-dev/` in cargo's target directory when the program runs from one;
    /// `None` (the default, and always with a secret) keeps nothing.
    pub dev_dir: Option<std::path::PathBuf>,
    /// The directory of the app's data: `n2o::open_store` keeps the store's file
    /// (`n2o.redb`) there. `./data` by default.
    pub data_dir: std::path::PathBuf,
    /// A PostgreSQL database for the app's store instead of the file in
    /// [`Config::data_dir`]: `n2o::open_store` connects to it (the `postgres` feature of
    /// `n2o`), so several servers can share one store. `None` by default.
    pub database_url: Option<String>,
    /// The Redis that joins this node's rooms to the other nodes' (feature `redis`): a
    /// flush, a send or a server push reaches the room's members on every node using it
    /// (see [`crate::pubsub`] and `docs/cluster.md`). `None` (the default): rooms are this
    /// process's own. [`App::serve`](crate::App::serve) fails at start when it is set and
    /// Redis does not answer.
    pub redis: Option<String>,
    /// Files sent over the page's socket (N2O's FTP): where they go and their limits.
    pub uploads: Uploads,
}

/// Where uploads go and how much they may take ([`Config::uploads`]).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Uploads {
    /// The directory of uploads: unfinished ones in `partial/`, stored ones in `files/`
    /// (each with a `.json` of its metadata). `n2o-uploads` in the system's temp directory
    /// by default; `N2O_UPLOADS` overrides it.
    pub dir: std::path::PathBuf,
    /// The block size the server asks for (N2O's 256 KiB). It must fit a frame with room
    /// to spare: at most [`Limits::max_frame`] less 4 KiB.
    pub block: u32,
    /// The largest file accepted, in bytes; an `upload` element may lower it for itself.
    /// 1 GiB by default.
    pub max_file_bytes: u64,
    /// How many unfinished transfers one session may have at once. 4 by default.
    pub max_transfers_per_session: usize,
    /// How many unfinished transfers the server holds at once, all sessions together. 256 by
    /// default.
    pub max_transfers: usize,
    /// How many bytes the unfinished transfers may declare together (the disk they may
    /// claim). 8 GiB by default.
    pub max_pending_bytes: u64,
    /// How long an unfinished transfer is kept without a block: a client that reconnects
    /// within it resumes; after it the partial file is deleted. 10 minutes by default.
    pub partial_ttl: std::time::Duration,
    /// How long a download link ([`Cx::file_url`](crate::cx::Cx::file_url)) works. An
    /// hour by default.
    pub link_ttl: std::time::Duration,
}

impl Default for Uploads {
    fn default() -> Self {
        Uploads {
            dir: std::env::temp_dir().join("n2o-uploads"),
            block: 256 << 10,
            max_file_bytes: 1 << 30,
            max_transfers_per_session: 4,
            max_transfers: 256,
            max_pending_bytes: 8 << 30,
            partial_ttl: Duration::from_secs(600),
            link_ttl: Duration::from_secs(3600),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8000,
            secret: None,
            old_secrets: Vec::new(),
            plain_pickles: false,
            pickle_ttl: Duration::from_secs(24 * 3600),
            session_ttl: Duration::from_secs(15 * 60),
            secure_cookies: false,
            log: "info".into(),
            origins: Vec::new(),
            limits: Limits::default(),
            mailbox: 1024,
            mailbox_bytes: 8 << 20,
            idle_timeout: Duration::from_secs(60),
            frame_timeout: Duration::from_secs(10),
            max_unfinished_bytes: 64 << 20,
            max_source_bytes: 256 << 10,
            max_flush_bytes: 2 << 20,
            event_rate: 200.0,
            event_burst: 400,
            header_read_timeout: Duration::from_secs(10),
            max_header_bytes: 16 * 1024,
            max_pending_connections: 4096,
            memory_trim: Some(Duration::from_secs(2)),
            max_body_bytes: 256 << 10,
            dev_dir: None,
            data_dir: "data".into(),
            uploads: Uploads::default(),
            database_url: None,
            redis: None,
        }
    }
}

impl Config {
    /// The socket address to listen on.
    pub fn socket_addr(&self) -> SocketAddr {
        SocketAddr::new(self.addr, self.port)
    }

    /// Overrides fields from the `N2O_*` environment variables that are set.
    pub fn apply_env(self) -> Result<Self, Error> {
        self.apply_vars(|name| std::env::var(name).ok())
    }

    /// [`Config::apply_env`] over any source of variables, so it can be tested without
    /// touching the process environment.
    pub fn apply_vars(mut self, var: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        if let Some(v) = var("N2O_ADDR") {
            self.addr = v
                .trim()
                .parse()
                .map_err(|_| Error::Config(format!("N2O_ADDR={v:?} is not an IP address")))?;
        }
        if let Some(v) = var("N2O_PORT") {
            self.port = v
                .trim()
                .parse()
                .map_err(|_| Error::Config(format!("N2O_PORT={v:?} is not a port number")))?;
        }
        if let Some(v) = var("N2O_SECRET") {
            self.secret = Some(v);
        }
        if let Some(v) = var("N2O_OLD_SECRETS") {
            self.old_secrets = split_list(&v);
        }
        if let Some(v) = var("N2O_LOG") {
            self.log = v;
        }
        if let Some(v) = var("N2O_ORIGINS") {
            self.origins = split_list(&v);
        }
        if let Some(v) = var("N2O_DATA") {
            self.data_dir = v.into();
        }
        if let Some(v) = var("N2O_UPLOADS") {
            self.uploads.dir = v.into();
        }
        if let Some(v) = var("N2O_DATABASE_URL") {
            let v = v.trim();
            self.database_url = (!v.is_empty()).then(|| v.to_owned());
        }
        if let Some(v) = var("N2O_REDIS") {
            let v = v.trim();
            self.redis = (!v.is_empty()).then(|| v.to_owned());
        }
        if let Some(v) = var("N2O_DEV_DIR") {
            self.dev_dir = Some(v.into());
        }
        if let Some(v) = var("N2O_MAX_PENDING_CONNECTIONS") {
            self.max_pending_connections =
                v.trim().parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    Error::Config(format!(
                        "N2O_MAX_PENDING_CONNECTIONS={v:?} is not a positive number"
                    ))
                })?;
        }
        Ok(self)
    }
}

fn split_list(v: &str) -> Vec<String> {
    v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn env_overrides_code() {
        let c = Config::default()
            .apply_vars(vars(&[
                ("N2O_PORT", "0"),
                ("N2O_ADDR", "::1"),
                ("N2O_ORIGINS", "a, b,"),
                ("N2O_MAX_PENDING_CONNECTIONS", " 20 "),
                ("N2O_DATABASE_URL", "postgres://app@127.0.0.1/app "),
                ("N2O_REDIS", " redis://127.0.0.1:6390/0 "),
            ]))
            .unwrap();
        assert_eq!(c.database_url.as_deref(), Some("postgres://app@127.0.0.1/app"));
        assert_eq!(c.redis.as_deref(), Some("redis://127.0.0.1:6390/0"));
        let c = c.apply_vars(vars(&[("N2O_REDIS", "")])).unwrap();
        assert_eq!(c.redis, None);
        assert_eq!(c.max_pending_connections, 20);
        assert_eq!(c.port, 0);
        assert_eq!(c.addr.to_string(), "::1");
        assert_eq!(c.origins, ["a", "b"]);
        let c = Config::default().apply_vars(vars(&[("N2O_DATABASE_URL", "")])).unwrap();
        assert_eq!(c.database_url, None, "set but empty: the default store");
    }

    #[test]
    fn bad_env_is_a_clear_error() {
        let e = Config::default().apply_vars(vars(&[("N2O_PORT", "eighty")])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid configuration: N2O_PORT=\"eighty\" is not a port number"
        );
        let e = Config::default()
            .apply_vars(vars(&[("N2O_MAX_PENDING_CONNECTIONS", "0")]))
            .unwrap_err();
        assert!(e.to_string().contains("not a positive number"), "{e}");
    }
}
