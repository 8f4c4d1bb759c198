//! Sessions in Redis (feature `redis`): one hash per session, its TTL sliding on use, shared by every node.
//!
//! With one `N2O_SECRET` on every node and this store, a session made on one node is live
//! on all of them: a pickle sealed on node A opens on node B, and a tab whose socket
//! reconnects to another node goes on as it was.
//!
//! Layout: session `id` is the hash `<prefix><id>`; each value is the field `v:<key>` holding
//! its JSON; the field `c` marks the session as existing (Redis has no empty hashes). A new
//! session lives [`RedisConfig::fresh_ttl`] until it is first used again, then
//! [`RedisConfig::idle_ttl`] after each use, both kept by Redis's own expiry (`PEXPIRE`): no
//! sweeping here. Every check-and-write is one Lua script, so a session that expires
//! between the check and the write is never brought back by it.

use std::time::Duration;

use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use serde_json::Value;

use super::{SessionError, SessionId, SessionStore, StoreFuture};

/// Settings of a [`RedisStore`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RedisConfig {
    /// How long a session lives without use; 15 minutes by default.
    pub idle_ttl: Duration,
    /// How long a session lives that was never used after its creation; 5 minutes.
    pub fresh_ttl: Duration,
    /// What every key starts with, so several apps can share one Redis; `n2o:s:` by default.
    pub prefix: String,
}

impl Default for RedisConfig {
    fn default() -> Self {
        RedisConfig {
            idle_ttl: Duration::from_secs(15 * 60),
            fresh_ttl: Duration::from_secs(5 * 60),
            prefix: "n2o:s:".into(),
        }
    }
}

/// A [`SessionStore`] in Redis, for several server processes behind one load balancer.
///
/// The connection reconnects by itself (redis-rs's `ConnectionManager`); while Redis is
/// unreachable every operation fails with [`SessionError::Backend`], which the server treats
/// as "no session" for a socket and as `503` for a page render, and the process goes on.
#[derive(Clone)]
pub struct RedisStore {
    conn: ConnectionManager,
    config: RedisConfig,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore").field("config", &self.config).finish_non_exhaustive()
    }
}

/// Sets the TTL of `KEYS[1]` to `ARGV[1]` ms if it exists; then does the operation of
/// `ARGV[2]` on field `ARGV[3]` (value `ARGV[4]`). Returns `{live, old value or false}`.
const SCRIPT: &str = r#"
if redis.call('PEXPIRE', KEYS[1], ARGV[1]) == 0 then return {0, false} end
local op, field = ARGV[2], ARGV[3]
if op == 'get' then return {1, redis.call('HGET', KEYS[1], field)} end
if op == 'put' then redis.call('HSET', KEYS[1], field, ARGV[4]) return {1, false} end
if op == 'del' then
  local old = redis.call('HGET', KEYS[1], field)
  redis.call('HDEL', KEYS[1], field)
  return {1, old}
end
return {1, false}
"#;

fn backend(e: redis::RedisError) -> SessionError {
    SessionError::Backend(Box::new(e))
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
}

impl RedisStore {
    /// Connects to Redis at `url` (`redis://127.0.0.1:6379/0`); fails when it cannot be
    /// reached now, so a misconfigured node stops at start instead of serving without
    /// sessions.
    pub async fn connect(url: &str, config: RedisConfig) -> Result<RedisStore, SessionError> {
        let client = redis::Client::open(url).map_err(backend)?;
        let mut conn = ConnectionManager::new(client).await.map_err(backend)?;
        let _: String = redis::cmd("PING").query_async(&mut conn).await.map_err(backend)?;
        Ok(RedisStore { conn, config })
    }

    fn key(&self, id: &SessionId) -> String {
        format!("{}{id}", self.config.prefix)
    }

    /// Runs [`SCRIPT`]: `None` when the session is not live.
    async fn run(
        &self,
        id: &SessionId,
        op: &str,
        field: &str,
        value: &str,
    ) -> Result<Option<Option<String>>, SessionError> {
        let script = redis::Script::new(SCRIPT);
        let (live, old): (i64, Option<String>) = script
            .key(self.key(id))
            .arg(millis(self.config.idle_ttl))
            .arg(op)
            .arg(format!("v:{field}"))
            .arg(value)
            .invoke_async(&mut self.conn.clone())
            .await
            .map_err(backend)?;
        Ok((live == 1).then_some(old))
    }

    async fn value_op(
        &self,
        id: &SessionId,
        op: &str,
        key: &str,
        value: &str,
    ) -> Result<Option<Value>, SessionError> {
        match self.run(id, op, key, value).await? {
            None => Err(SessionError::NotFound),
            Some(None) => Ok(None),
            // A value another program wrote that is not JSON reads as absent.
            Some(Some(text)) => Ok(serde_json::from_str(&text).ok()),
        }
    }
}

impl SessionStore for RedisStore {
    fn create(&self) -> StoreFuture<'_, SessionId> {
        Box::pin(async move {
            let mut conn = self.conn.clone();
            loop {
                let id = SessionId::random()?;
                // `SET NX` on the marker's own key would not make a hash; `HSETNX` does,
                // and says whether the id was free (it is, but for 2^-128).
                let (fresh, _): (bool, bool) = redis::pipe()
                    .atomic()
                    .hset_nx(self.key(&id), "c", 1)
                    .pexpire(self.key(&id), millis(self.config.fresh_ttl) as i64)
                    .query_async(&mut conn)
                    .await
                    .map_err(backend)?;
                if fresh {
                    return Ok(id);
                }
            }
        })
    }

    fn touch<'a>(&'a self, id: &'a SessionId) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let live: bool = self
                .conn
                .clone()
                .pexpire(self.key(id), millis(self.config.idle_ttl) as i64)
                .await
                .map_err(backend)?;
            Ok(live)
        })
    }

    fn get<'a>(&'a self, id: &'a SessionId, key: &'a str) -> StoreFuture<'a, Option<Value>> {
        Box::pin(self.value_op(id, "get", key, ""))
    }

    fn put<'a>(&'a self, id: &'a SessionId, key: &'a str, value: Value) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let text = value.to_string();
            self.value_op(id, "put", key, &text).await.map(|_| ())
        })
    }

    fn delete<'a>(&'a self, id: &'a SessionId, key: &'a str) -> StoreFuture<'a, Option<Value>> {
        Box::pin(self.value_op(id, "del", key, ""))
    }

    fn destroy<'a>(&'a self, id: &'a SessionId) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let removed: i64 = self.conn.clone().del(self.key(id)).await.map_err(backend)?;
            Ok(removed > 0)
        })
    }

    fn sweep(&self) -> StoreFuture<'_, usize> {
        // Redis expires sessions itself.
        Box::pin(std::future::ready(Ok(0)))
    }
}
