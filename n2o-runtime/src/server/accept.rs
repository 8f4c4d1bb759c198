//! Accepting connections: our own loop instead of `warp::serve`, so that every HTTP connection
//! runs with a timer (a deadline for its request header, on keep-alive too), a bound on its
//! header size, and a cap on how many connections may be talking HTTP at once.
//!
//! `warp::serve` gives hyper no timer, so hyper enforces no header timeout at all: a peer that
//! connects and sends nothing, or dribbles a header a byte at a time, holds its socket (and up
//! to ~400 KiB of header buffer) forever.
//!
//! The cap counts a connection from its accept until its HTTP connection ends: it closes, or
//! it upgrades to a WebSocket (hyper's connection future ends at the upgrade, handing the
//! socket over, and the permit it held goes with it). Open WebSockets are bounded elsewhere
//! (idle timeout, mailbox); what the cap bounds is the sockets an attacker can hold without
//! ever sending a complete request, each of which lasts at most `header_read_timeout`.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::time::Instant;
use tower_service::Service;
use tracing::{debug, warn};
use warp::filters::BoxedFilter;
use warp::http::Request;

use crate::config::Config;

/// The peer's address, put into each request's extensions for the routes to read: warp's
/// own `addr::remote()` is only filled in by `warp::serve`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Peer(pub(crate) SocketAddr);

/// hyper's smallest read buffer: `max_buf_size` panics below it.
const MIN_BUF: usize = 8192;

/// How long the loop rests after a failed accept (out of descriptors: `EMFILE`, `ENFILE`), so
/// that it does not spin on an error that will not go away by itself at once.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// What a connection over the cap gets, written without waiting before it is closed.
const REFUSED: &[u8] =
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";

/// Serves connections from `listener` until `stop` turns true (or its sender goes away), then
/// stops accepting, asks every HTTP connection to finish its request in progress, and waits
/// for them all.
pub(crate) async fn run(
    listener: TcpListener,
    routes: BoxedFilter<(warp::reply::Response,)>,
    config: &Config,
    mut stop: watch::Receiver<bool>,
) {
    let service = warp::service(routes);
    let http = Arc::new(builder(config));
    let permits = Arc::new(Semaphore::new(config.max_pending_connections.max(1)));
    // Each connection task holds a receiver; `closed()` on the sender says they are all done.
    let (drain_tx, drain_rx) = watch::channel(());
    let mut refused = Throttle::new(Duration::from_secs(1));
    let mut failed = Throttle::new(Duration::from_secs(1));
    loop {
        let accepted = tokio::select! {
            biased;
            _ = stop.wait_for(|s| *s) => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                if let Some(n) = failed.hit(Instant::now()) {
                    warn!(error = %e, failures = n, "accept failed; retrying in {ACCEPT_RETRY:?}");
                }
                tokio::time::sleep(ACCEPT_RETRY).await;
                continue;
            }
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            refuse(stream);
            if let Some(n) = refused.hit(Instant::now()) {
                warn!(
                    refused = n,
                    max_pending_connections = config.max_pending_connections,
                    "too many HTTP connections open: new ones refused with 503"
                );
            }
            continue;
        };
        // Linux hands `TCP_NODELAY` down from the listener; set it anyway, it is one call.
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(
            stream,
            peer,
            service.clone(),
            http.clone(),
            stop.clone(),
            permit,
            drain_rx.clone(),
        ));
    }
    drop(listener);
    drop(drain_rx);
    drain_tx.closed().await;
}

/// hyper's HTTP/1 settings from the config.
///
/// hyper 1 has no keep-alive timeout of its own for HTTP/1: once a response is written it
/// starts the header timeout again for the next request, so an idle keep-alive connection is
/// closed after `header_read_timeout` too.
fn builder(config: &Config) -> http1::Builder {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout)
        .keep_alive(true)
        .max_header_size(config.max_header_bytes)
        .max_buf_size(config.max_header_bytes.max(MIN_BUF));
    http
}

/// Serves one connection until it closes or upgrades; the permit and the drain receiver go
/// when it does.
async fn connection<S>(
    stream: TcpStream,
    peer: SocketAddr,
    service: S,
    http: Arc<http1::Builder>,
    mut stop: watch::Receiver<bool>,
    permit: OwnedSemaphorePermit,
    drain: watch::Receiver<()>,
) where
    S: Service<Request<Incoming>, Response = warp::reply::Response, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    // Dropped last, when the connection's buffers are gone.
    let _ends = super::trim::Ends;
    let service = service_fn(move |mut req: Request<Incoming>| {
        req.extensions_mut().insert(Peer(peer));
        service.clone().call(req)
    });
    let mut conn = pin!(http.serve_connection(TokioIo::new(stream), service).with_upgrades());
    let ended = tokio::select! {
        ended = conn.as_mut() => Some(ended),
        _ = stop.wait_for(|s| *s) => None,
    };
    let ended = match ended {
        Some(ended) => ended,
        None => {
            // Finishes the request in progress, if any, then closes.
            conn.as_mut().graceful_shutdown();
            conn.await
        }
    };
    if let Err(e) = ended {
        debug!(peer = %peer, error = %e, timeout = e.is_timeout(), "HTTP connection ended");
    }
    drop(permit);
    drop(drain);
}

/// Answers a connection over the cap with a 503, if the socket takes it at once, and closes it.
fn refuse(stream: TcpStream) {
    let _ = stream.try_write(REFUSED);
    // Closed here: the socket is this function's to end.
    drop(stream);
}

/// Errors of one connection that surface at accept: nothing to wait for.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// Counts events and says when one may be logged: at most once per `every`, with how many
/// happened since the last line.
#[derive(Debug)]
struct Throttle {
    every: Duration,
    last: Option<Instant>,
    count: u64,
}

impl Throttle {
    fn new(every: Duration) -> Self {
        Throttle { every, last: None, count: 0 }
    }

    /// Counts one event at `now`; `Some(n)` when a line is due, `n` the events since the
    /// last line (this one included).
    fn hit(&mut self, now: Instant) -> Option<u64> {
        self.count += 1;
        match self.last {
            Some(last) if now.saturating_duration_since(last) < self.every => None,
            _ => {
                self.last = Some(now);
                Some(std::mem::take(&mut self.count))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_logs_the_first_event_then_at_most_once_per_period_with_the_count() {
        let mut t = Throttle::new(Duration::from_secs(1));
        let t0 = Instant::now();
        assert_eq!(t.hit(t0), Some(1));
        for ms in [1, 100, 500, 999] {
            assert_eq!(t.hit(t0 + Duration::from_millis(ms)), None);
        }
        assert_eq!(t.hit(t0 + Duration::from_millis(1000)), Some(5));
        assert_eq!(t.hit(t0 + Duration::from_millis(1500)), None);
        assert_eq!(t.hit(t0 + Duration::from_secs(60)), Some(2));
    }

    #[test]
    fn the_buffer_never_goes_below_hypers_minimum() {
        let config = Config { max_header_bytes: 100, ..Config::default() };
        // `max_buf_size` would panic below 8192.
        let _ = builder(&config);
    }

    #[test]
    fn accept_errors_of_one_connection_are_told_apart() {
        assert!(is_connection_error(&io::ErrorKind::ConnectionAborted.into()));
        assert!(!is_connection_error(&io::Error::from_raw_os_error(24))); // EMFILE
    }
}
