//! The in-memory session store: idle expiry, a size cap with least-recently-used eviction, a sweeper task.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::future::ready;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use super::{Clock, SessionError, SessionId, SessionStore, StoreFuture, TokioClock};

/// Settings of a [`MemoryStore`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct MemoryConfig {
    /// How long a session lives without being used (N2O's `ttl`); 15 minutes by default.
    pub idle_ttl: Duration,
    /// How many sessions the store holds at most (at least 1); 100,000 by default.
    /// At the cap, creating a session evicts one (see [`MemoryStore`]).
    pub max_sessions: usize,
    /// How long a session lives that was never used after its creation (a page rendered
    /// for a client that never opened its socket: a crawler, a flood of cookieless
    /// requests); at most `idle_ttl`. A browser opens the page's socket within seconds; 5
    /// minutes by default.
    pub fresh_ttl: Duration,
}

impl Default for MemoryConfig {
    fn default() -> Self {
        MemoryConfig {
            idle_ttl: Duration::from_secs(15 * 60),
            max_sessions: 100_000,
            fresh_ttl: Duration::from_secs(5 * 60),
        }
    }
}

/// Sessions in this process's memory, for a single server.
///
/// - **Idle expiry**: a session expires [`MemoryConfig::idle_ttl`] after its last use; any
///   operation on it counts as use. Expired sessions read as absent at once and are freed
///   by [`SessionStore::sweep`], by the task of [`MemoryStore::spawn_sweeper`], or when
///   touched.
/// - **Bounded**: at [`MemoryConfig::max_sessions`], creating a session evicts one. Sessions
///   used only once (created by a page render and never seen again: a crawler, a flood of
///   cookieless requests) go first, least recently created first; a session that came back
///   (its socket, a second page, a stored value) is evicted only when no such one is left,
///   least recently used first. Refusing instead would let a flood of new visitors lock every
///   later visitor out of the site; this way a flood costs established users nothing.
///
/// All operations take one mutex for O(log n) work and never await while holding it.
pub struct MemoryStore {
    config: MemoryConfig,
    clock: Arc<dyn Clock>,
    inner: Mutex<Inner>,
}

struct Inner {
    sessions: HashMap<SessionId, Entry>,
    /// Established sessions by their last use, oldest first: the LRU order, and, because
    /// every session has the same idle TTL and the clock is monotonic, the expiry order too.
    by_use: BTreeMap<u64, SessionId>,
    /// Sessions not used since they were created, oldest first (evicted before any in
    /// `by_use`).
    fresh: BTreeMap<u64, SessionId>,
    /// Counts uses; a session's key in `by_use` is the tick of its last use.
    tick: u64,
}

/// A session as [`MemoryStore::snapshot`] saves it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Saved {
    id: String,
    established: bool,
    values: HashMap<String, Value>,
}

struct Entry {
    last_used: Instant,
    tick: u64,
    /// Used at least once after it was created: it lives in `by_use`, not `fresh`.
    established: bool,
    values: HashMap<String, Value>,
}

impl MemoryStore {
    /// An empty store on tokio's clock.
    pub fn new(config: MemoryConfig) -> MemoryStore {
        MemoryStore::with_clock(config, Arc::new(TokioClock))
    }

    /// An empty store that reads the time from `clock` (a [`ManualClock`](super::ManualClock)
    /// in tests).
    pub fn with_clock(config: MemoryConfig, clock: Arc<dyn Clock>) -> MemoryStore {
        let inner = Inner {
            sessions: HashMap::new(),
            by_use: BTreeMap::new(),
            fresh: BTreeMap::new(),
            tick: 0,
        };
        MemoryStore { config, clock, inner: Mutex::new(inner) }
    }

    /// How many sessions the store holds, including expired ones not yet swept.
    pub fn len(&self) -> usize {
        self.lock().sessions.len()
    }

    /// Whether the store holds no session at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Starts a tokio task that calls [`SessionStore::sweep`] every `every` (at least 1 ms).
    ///
    /// The task holds only a weak reference: once the last `Arc` of the store is dropped it
    /// ends at its next tick. Abort the handle to stop it sooner.
    ///
    /// # Panics
    /// When called outside a tokio runtime.
    pub fn spawn_sweeper(self: &Arc<Self>, every: Duration) -> JoinHandle<()> {
        let store = Arc::downgrade(self);
        let every = every.max(Duration::from_millis(1));
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
            ticks.tick().await; // The first tick is immediate.
            loop {
                ticks.tick().await;
                let Some(store) = store.upgrade() else { break };
                let swept = store.sweep_now();
                if swept > 0 {
                    tracing::debug!(swept, left = store.len(), "n2o: expired sessions swept");
                }
            }
        })
    }

    /// Every live session with its values, and the store's version: it changes whenever a
    /// session is made, used or changed (see [`super::dev_file`]).
    pub(crate) fn snapshot(&self) -> (u64, Vec<Saved>) {
        let now = self.clock.now();
        let inner = self.lock();
        let saved = inner
            .sessions
            .iter()
            .filter(|(_, e)| !expired(e, now, &self.config))
            .map(|(id, e)| Saved {
                id: id.to_string(),
                established: e.established,
                values: e.values.clone(),
            })
            .collect();
        (inner.tick, saved)
    }

    /// The store's version (see [`MemoryStore::snapshot`]).
    pub(crate) fn version(&self) -> u64 {
        self.lock().tick
    }

    /// Puts saved sessions back, as used now; ids that do not parse are skipped.
    pub(crate) fn restore(&self, saved: Vec<Saved>) -> usize {
        let now = self.clock.now();
        let mut inner = self.lock();
        let mut restored = 0;
        for s in saved {
            let Some(id) = SessionId::parse(&s.id) else { continue };
            if inner.sessions.len() >= self.config.max_sessions.max(1) {
                break;
            }
            if let Some(old) = inner.sessions.get(&id) {
                let tick = old.tick;
                inner.remove(&id, tick);
            }
            let tick = inner.next_tick();
            if s.established {
                inner.by_use.insert(tick, id);
            } else {
                inner.fresh.insert(tick, id);
            }
            let entry =
                Entry { last_used: now, tick, established: s.established, values: s.values };
            inner.sessions.insert(id, entry);
            restored += 1;
        }
        restored
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Every update below leaves `Inner` consistent between statements that can panic
        // (none do), so a poisoned lock still guards valid data.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn create_now(&self) -> Result<SessionId, SessionError> {
        let now = self.clock.now();
        let mut inner = self.lock();
        let mut id = SessionId::random()?;
        // 2^-128 per pair; checked anyway so two visitors can never share a session.
        while inner.sessions.contains_key(&id) {
            id = SessionId::random()?;
        }
        while inner.sessions.len() >= self.config.max_sessions.max(1) {
            let Some((_, oldest)) = inner.fresh.pop_first().or_else(|| inner.by_use.pop_first())
            else {
                break;
            };
            inner.sessions.remove(&oldest);
            tracing::debug!(session = ?oldest, "n2o: session store full, one evicted");
        }
        let tick = inner.next_tick();
        inner.fresh.insert(tick, id);
        let entry = Entry { last_used: now, tick, established: false, values: HashMap::new() };
        inner.sessions.insert(id, entry);
        Ok(id)
    }

    /// Runs `f` on the live session `id` after marking it used; `None` if not live.
    fn with_live<T>(&self, id: &SessionId, f: impl FnOnce(&mut Entry) -> T) -> Option<T> {
        let now = self.clock.now();
        let mut inner = self.lock();
        let entry = inner.sessions.get(id)?;
        let (old_tick, established) = (entry.tick, entry.established);
        if expired(entry, now, &self.config) {
            inner.remove(id, old_tick);
            return None;
        }
        let tick = inner.next_tick();
        if established {
            inner.by_use.remove(&old_tick);
        } else {
            inner.fresh.remove(&old_tick);
        }
        inner.by_use.insert(tick, *id);
        let entry = inner.sessions.get_mut(id)?;
        entry.last_used = now;
        entry.tick = tick;
        entry.established = true;
        Some(f(entry))
    }

    fn destroy_now(&self, id: &SessionId) -> bool {
        let now = self.clock.now();
        let mut inner = self.lock();
        let Some(entry) = inner.sessions.get(id) else { return false };
        let (tick, live) = (entry.tick, !expired(entry, now, &self.config));
        inner.remove(id, tick);
        live
    }

    fn sweep_now(&self) -> usize {
        let now = self.clock.now();
        let mut inner = self.lock();
        let mut swept = 0;
        for fresh in [false, true] {
            loop {
                let oldest = if fresh { &inner.fresh } else { &inner.by_use };
                let Some((&tick, &id)) = oldest.first_key_value() else { break };
                match inner.sessions.get(&id) {
                    Some(entry) if !expired(entry, now, &self.config) => break,
                    _ => inner.remove(&id, tick),
                }
                swept += 1;
            }
        }
        swept
    }
}

impl Inner {
    fn next_tick(&mut self) -> u64 {
        self.tick += 1;
        self.tick
    }

    fn remove(&mut self, id: &SessionId, tick: u64) {
        self.sessions.remove(id);
        // Ticks are unique across both maps.
        if self.by_use.remove(&tick).is_none() {
            self.fresh.remove(&tick);
        }
    }
}

fn expired(entry: &Entry, now: Instant, config: &MemoryConfig) -> bool {
    let ttl =
        if entry.established { config.idle_ttl } else { config.fresh_ttl.min(config.idle_ttl) };
    now.saturating_duration_since(entry.last_used) >= ttl
}

fn found<T>(value: Option<T>) -> Result<T, SessionError> {
    value.ok_or(SessionError::NotFound)
}

impl SessionStore for MemoryStore {
    fn create(&self) -> StoreFuture<'_, SessionId> {
        Box::pin(ready(self.create_now()))
    }

    fn touch<'a>(&'a self, id: &'a SessionId) -> StoreFuture<'a, bool> {
        Box::pin(ready(Ok(self.with_live(id, |_| ()).is_some())))
    }

    fn get<'a>(&'a self, id: &'a SessionId, key: &'a str) -> StoreFuture<'a, Option<Value>> {
        Box::pin(ready(found(self.with_live(id, |e| e.values.get(key).cloned()))))
    }

    fn put<'a>(&'a self, id: &'a SessionId, key: &'a str, value: Value) -> StoreFuture<'a, ()> {
        Box::pin(ready(found(self.with_live(id, |e| {
            e.values.insert(key.to_owned(), value);
        }))))
    }

    fn delete<'a>(&'a self, id: &'a SessionId, key: &'a str) -> StoreFuture<'a, Option<Value>> {
        Box::pin(ready(found(self.with_live(id, |e| e.values.remove(key)))))
    }

    fn destroy<'a>(&'a self, id: &'a SessionId) -> StoreFuture<'a, bool> {
        Box::pin(ready(Ok(self.destroy_now(id))))
    }

    fn sweep(&self) -> StoreFuture<'_, usize> {
        Box::pin(ready(Ok(self.sweep_now())))
    }
}

impl fmt::Debug for MemoryStore {
    /// Shows the settings and the size, never ids or values.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryStore")
            .field("config", &self.config)
            .field("sessions", &self.len())
            .finish_non_exhaustive()
    }
}
