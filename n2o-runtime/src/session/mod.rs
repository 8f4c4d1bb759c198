//! Sessions: server-issued ids in an `HttpOnly` cookie, and the stores that keep per-session values.
//!
//! The server creates a session on the first page render and sets [`cookie_header`]; later
//! requests and the WebSocket upgrade carry it back and [`session_from_cookie_header`] reads
//! it. Ids are only ever issued by the server ([`SessionId::random`]): unlike N2O, no id is
//! adopted from a URL parameter or from an unknown cookie, which rules out session
//! fixation. An unknown or expired id simply gets a fresh session.
//!
//! Values are [`serde_json::Value`]s: any `Serialize` type goes in with
//! `serde_json::to_value` and comes out with `serde_json::from_value`, and a networked store
//! (Redis, a database) can keep them as JSON text with no format of its own.

mod clock;
mod cookie;
pub(crate) mod dev_file;
mod id;
mod memory;
#[cfg(feature = "redis")]
mod redis;

use std::future::Future;
use std::pin::Pin;

use serde_json::Value;

pub use clock::{Clock, ManualClock, TokioClock};
pub use cookie::{COOKIE_NAME, clear_cookie_header, cookie_header, session_from_cookie_header};
pub use id::SessionId;
pub use memory::{MemoryConfig, MemoryStore};
#[cfg(feature = "redis")]
pub use redis::{RedisConfig, RedisStore};

/// What a [`SessionStore`] operation returns: a boxed future, so the trait stays
/// object-safe (the server holds an `Arc<dyn SessionStore>`) and a networked store can await
/// inside it. The in-memory store answers with a ready future.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, SessionError>> + Send + 'a>>;

/// Where sessions live: ids, their expiry, and their key/value data.
///
/// Every operation on a live session counts as use and restarts its idle timeout (sliding
/// expiry). An expired session behaves exactly like one that never existed.
pub trait SessionStore: Send + Sync + 'static {
    /// Starts a new, empty session and returns its fresh id.
    fn create(&self) -> StoreFuture<'_, SessionId>;

    /// Whether `id` names a live session; if so, marks it used.
    fn touch<'a>(&'a self, id: &'a SessionId) -> StoreFuture<'a, bool>;

    /// The value under `key` in session `id`, if any.
    ///
    /// Fails with [`SessionError::NotFound`] when the session is unknown or expired.
    fn get<'a>(&'a self, id: &'a SessionId, key: &'a str) -> StoreFuture<'a, Option<Value>>;

    /// Sets `key` to `value` in session `id`.
    ///
    /// Fails with [`SessionError::NotFound`] when the session is unknown or expired.
    fn put<'a>(&'a self, id: &'a SessionId, key: &'a str, value: Value) -> StoreFuture<'a, ()>;

    /// Removes `key` from session `id`, returning the value it had.
    ///
    /// Fails with [`SessionError::NotFound`] when the session is unknown or expired.
    fn delete<'a>(&'a self, id: &'a SessionId, key: &'a str) -> StoreFuture<'a, Option<Value>>;

    /// Ends session `id` and drops its data; `false` if it was not live.
    fn destroy<'a>(&'a self, id: &'a SessionId) -> StoreFuture<'a, bool>;

    /// Drops every expired session now; returns how many were dropped.
    fn sweep(&self) -> StoreFuture<'_, usize>;
}

/// A shared store is a store: several servers (or tests) can use one.
impl<S: SessionStore + ?Sized> SessionStore for std::sync::Arc<S> {
    fn create(&self) -> StoreFuture<'_, SessionId> {
        (**self).create()
    }
    fn touch<'a>(&'a self, id: &'a SessionId) -> StoreFuture<'a, bool> {
        (**self).touch(id)
    }
    fn get<'a>(&'a self, id: &'a SessionId, key: &'a str) -> StoreFuture<'a, Option<Value>> {
        (**self).get(id, key)
    }
    fn put<'a>(&'a self, id: &'a SessionId, key: &'a str, value: Value) -> StoreFuture<'a, ()> {
        (**self).put(id, key, value)
    }
    fn delete<'a>(&'a self, id: &'a SessionId, key: &'a str) -> StoreFuture<'a, Option<Value>> {
        (**self).delete(id, key)
    }
    fn destroy<'a>(&'a self, id: &'a SessionId) -> StoreFuture<'a, bool> {
        (**self).destroy(id)
    }
    fn sweep(&self) -> StoreFuture<'_, usize> {
        (**self).sweep()
    }
}

/// Why a [`SessionStore`] operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// The session is unknown or expired: issue a new one.
    #[error("no such session (unknown or expired)")]
    NotFound,
    /// The operating system's random generator failed, so no id could be made.
    #[error("the operating system's random generator failed")]
    Entropy,
    /// A networked store could not be reached or answered with an error.
    #[error("session store unavailable: {0}")]
    Backend(Box<dyn std::error::Error + Send + Sync>),
}
