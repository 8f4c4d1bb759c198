//! Rooms (N2O's gproc pools): named sets of connections that receive the same pushes.
//!
//! A page joins a room with [`Cx::reg`](crate::cx::Cx::reg) (usually in `Event::Init`) and
//! leaves it with [`Cx::unreg`](crate::cx::Cx::unreg) or by closing its socket. Then:
//!
//! * [`Cx::flush`](crate::cx::Cx::flush) / [`Rooms::flush`]: the queued actions are rendered
//!   once into one `{io, Eval, <<>>}`, encoded at most once per formatter
//!   ([`SharedIo`]), and the same bytes go to every member, the sender included (as in N2O).
//! * [`Cx::send`](crate::cx::Cx::send) / [`Rooms::send`]: a typed message becomes a
//!   [`Term`] and reaches every member's page, the sender included: decoded into the
//!   page's declared type ([`Listen::message`](crate::listen::Listen::message)), or as
//!   [`Event::Message`](crate::page::Event::Message) on a page that declared none.
//!
//! Pushes from one task reach each member in the order they were made.
//!
//! # Slow consumers
//!
//! Every connection's mailbox is bounded ([`Config::mailbox`](crate::Config::mailbox)), and
//! a fan-out never waits: it `try_send`s to each member, outside the registry's lock. A
//! member whose mailbox is **full** when a flush or a send reaches it:
//!
//! 1. misses that push (the others get it as usual);
//! 2. is removed from **every** room;
//! 3. is disconnected ([`Pusher::disconnect`]): its socket closes with 1013 ("try again
//!    later"), the browser reconnects, and the page's `Event::Init` runs again — it joins
//!    its rooms anew and renders the current state. That is the resync.
//!
//! So a member that stops reading holds at most one mailbox of pushes on the server (the
//! flush bytes themselves are shared with every other member) and never delays anyone else.
//! A member whose connection already closed is dropped from every room the same way.
//!
//! # Cost
//!
//! A room keeps its members in an `Arc<Vec<Pusher>>`: a fan-out clones the `Arc` under the
//! lock (O(1)) and walks the vector after releasing it. Joins and leaves edit the vector in
//! place (O(1)); only when a fan-out is walking it at that moment is it copied first
//! (copy-on-write), so a flush never clones every member's pusher.
//!
//! # Across nodes
//!
//! Rooms made [`Rooms::with_bus`] (an app with [`Config::redis`](crate::Config::redis),
//! `N2O_REDIS`) reach members on every node of the cluster: [`Rooms::flush`],
//! [`Rooms::send`], [`Rooms::push_server`] and [`Rooms::push`] render and encode once,
//! deliver to this node's members directly, and publish the same bytes once on the
//! [`Bus`]; the other nodes hand them to their members as they are (no re-render), through
//! the same bounded mailboxes and slow-consumer policy. The counts they return are of this
//! node's members, and [`Rooms::len`] counts this node's members only ([`Rooms::members`]
//! counts every node's). A node subscribes to
//! a room on the bus while it has members in it, so it gets no traffic for rooms it has
//! nobody in. See `docs/cluster.md` for what happens when the broker is down.

mod bus;
#[cfg(feature = "bench-util")]
#[doc(hidden)]
pub mod drained;
#[cfg(feature = "redis")]
mod redis_bus;
#[cfg(feature = "redis")]
mod redis_lease;
#[cfg(feature = "redis")]
mod redis_presence;
#[cfg(test)]
mod tests;
mod wire;

pub use bus::{Bus, BusFuture, Inbox, Listener, Topic};
#[cfg(feature = "redis")]
pub use redis_bus::RedisBus;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;

use crate::mailbox::{ConnId, Push, PushError, Pusher, SharedIo};
use crate::term::{self, Term};

/// The rooms of one server. Cheap to clone: every clone is the same registry.
///
/// ```
/// use n2o_runtime::pubsub::Rooms;
///
/// let rooms = Rooms::new();
/// assert_eq!(rooms.len("lobby"), 0);
/// // Nobody is in the room: nothing is encoded, nobody gets it.
/// assert_eq!(rooms.flush("lobby", "alert('hi');"), 0);
/// ```
#[derive(Clone)]
pub struct Rooms {
    registry: Arc<Mutex<Registry>>,
    /// The largest flush, in bytes of JavaScript.
    max_flush: usize,
    /// The bus to the other nodes, and this node's id on it.
    cluster: Option<Arc<(Arc<dyn Bus>, wire::NodeId)>>,
}

impl Default for Rooms {
    fn default() -> Self {
        Rooms::with_max_flush(crate::Config::default().max_flush_bytes)
    }
}

#[derive(Default)]
struct Registry {
    rooms: HashMap<String, Room>,
    /// The rooms each connection is in, so a close or a kick leaves them without a scan.
    joined: HashMap<ConnId, Vec<String>>,
    /// Told when a room gets its first member on this node and loses its last one.
    bus: Option<Arc<dyn Bus>>,
}

#[derive(Default)]
struct Room {
    members: Arc<Vec<Pusher>>,
    /// Where each member sits in `members`.
    index: HashMap<ConnId, usize>,
}

impl Room {
    fn insert(&mut self, pusher: &Pusher) -> bool {
        if self.index.contains_key(&pusher.id()) {
            return false;
        }
        let members = Arc::make_mut(&mut self.members);
        self.index.insert(pusher.id(), members.len());
        members.push(pusher.clone());
        true
    }

    fn remove(&mut self, id: ConnId) -> bool {
        let Some(at) = self.index.remove(&id) else { return false };
        let members = Arc::make_mut(&mut self.members);
        members.swap_remove(at);
        if let Some(moved) = members.get(at) {
            self.index.insert(moved.id(), at);
        }
        true
    }
}

impl Registry {
    fn leave(&mut self, room: &str, id: ConnId) -> bool {
        let Some(members) = self.rooms.get_mut(room) else { return false };
        if !members.remove(id) {
            return false;
        }
        if members.index.is_empty() {
            self.rooms.remove(room);
            self.emptied(room);
        }
        self.changed(room);
        if let Some(names) = self.joined.get_mut(&id) {
            names.retain(|n| n != room);
            if names.is_empty() {
                self.joined.remove(&id);
            }
        }
        true
    }

    fn leave_all(&mut self, id: ConnId) {
        for name in self.joined.remove(&id).unwrap_or_default() {
            if let Some(members) = self.rooms.get_mut(&name) {
                members.remove(id);
                if members.index.is_empty() {
                    self.rooms.remove(&name);
                    self.emptied(&name);
                }
                self.changed(&name);
            }
        }
    }

    fn changed(&self, room: &str) {
        if let Some(bus) = &self.bus {
            bus.changed(room);
        }
    }

    fn emptied(&self, room: &str) {
        if let Some(bus) = &self.bus {
            bus.unsubscribe(room);
        }
    }
}

impl std::fmt::Debug for Rooms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let registry = self.registry();
        f.debug_struct("Rooms")
            .field("rooms", &registry.rooms.len())
            .field("connections", &registry.joined.len())
            .finish_non_exhaustive()
    }
}

impl Rooms {
    /// An empty registry. A server makes one; make your own to publish from outside it or
    /// in tests.
    pub fn new() -> Rooms {
        Rooms::default()
    }

    /// An empty registry whose flushes are at most `max_flush` bytes of JavaScript
    /// ([`Config::max_flush_bytes`](crate::Config::max_flush_bytes)).
    pub fn with_max_flush(max_flush: usize) -> Rooms {
        Rooms { registry: Arc::default(), max_flush, cluster: None }
    }

    /// An empty registry whose rooms reach members on every node connected to `bus`
    /// ([across nodes](self#across-nodes)); starts the bus.
    pub fn with_bus(max_flush: usize, bus: Arc<dyn Bus>) -> Rooms {
        let registry = Registry { bus: Some(bus.clone()), ..Registry::default() };
        let node = wire::node_id();
        let rooms = Rooms {
            registry: Arc::new(Mutex::new(registry)),
            max_flush,
            cluster: Some(Arc::new((bus, node))),
        };
        if let Some(cluster) = &rooms.cluster {
            cluster.0.start(Inbox::new(&rooms, node));
        }
        rooms
    }

    /// The bus to the other nodes, if it keeps leases for named tasks.
    pub(crate) fn lease_bus(&self) -> Option<&Arc<dyn Bus>> {
        self.cluster.as_ref().map(|c| &c.0).filter(|bus| bus.leases())
    }

    /// Whether pushes reach other nodes.
    fn clustered(&self) -> bool {
        self.cluster.is_some()
    }

    /// The largest flush or server push, in bytes.
    pub(crate) fn max_flush(&self) -> usize {
        self.max_flush
    }

    fn registry(&self) -> MutexGuard<'_, Registry> {
        // The registry is consistent after every statement, so a panic elsewhere while it
        // was held leaves nothing half-done: take it back from the poison.
        self.registry.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds the connection behind `pusher` to `room`; `false` when it was already in it
    /// (joining twice is joining once).
    pub fn reg(&self, room: &str, pusher: &Pusher) -> bool {
        let mut registry = self.registry();
        let registry = &mut *registry;
        let joined = match registry.rooms.get_mut(room) {
            Some(members) => members.insert(pusher),
            None => {
                // Subscribed under the lock, so subscriptions follow joins and leaves in order.
                if let Some(bus) = &registry.bus {
                    bus.subscribe(room);
                }
                registry.rooms.entry(room.to_owned()).or_default().insert(pusher)
            }
        };
        if joined {
            registry.changed(room);
            registry.joined.entry(pusher.id()).or_default().push(room.to_owned());
        }
        joined
    }

    /// Removes connection `id` from `room`; `false` when it was not in it.
    pub fn unreg(&self, room: &str, id: ConnId) -> bool {
        self.registry().leave(room, id)
    }

    /// Removes connection `id` from every room (its socket closed, or it was too slow).
    pub fn leave_all(&self, id: ConnId) {
        self.registry().leave_all(id);
    }

    /// How many connections are in `room` (on this node, when the rooms span several).
    pub fn len(&self, room: &str) -> usize {
        self.registry().rooms.get(room).map_or(0, |r| r.index.len())
    }

    /// How many connections are in `room` on every node together: [`Rooms::len`] on one
    /// node; across nodes, the members each node counted (kept in the broker, so a join
    /// shows there within a round trip or so). A node that died stops counting within
    /// 15 s (its heartbeat expires). When the broker cannot be asked, this node's count
    /// ([`Rooms::len`]).
    pub async fn members(&self, room: &str) -> usize {
        if let Some(cluster) = &self.cluster
            && let Some(n) = cluster.0.members(room).await
        {
            return n;
        }
        self.len(room)
    }

    /// Whether connection `id` is in `room`.
    pub fn contains(&self, room: &str, id: ConnId) -> bool {
        self.registry().rooms.get(room).is_some_and(|r| r.index.contains_key(&id))
    }

    /// The rooms connection `id` is in.
    pub fn rooms_of(&self, id: ConnId) -> Vec<String> {
        self.registry().joined.get(&id).cloned().unwrap_or_default()
    }

    /// Pushes `push` to every member of `room` without waiting; returns how many got it
    /// (on this node; it is published to the others, [across nodes](self#across-nodes)).
    /// Members that could not take it are handled by the
    /// [slow-consumer policy](self#slow-consumers).
    pub fn push(&self, room: &str, push: &Push) -> usize {
        let delivered = self.push_local(room, push);
        if let Some(cluster) = &self.cluster {
            let (bus, node) = &**cluster;
            bus.publish(room, wire::encode(node, push));
        }
        delivered
    }

    /// [`Rooms::push`] to this node's members only.
    fn push_local(&self, room: &str, push: &Push) -> usize {
        let Some(members) = self.registry().rooms.get(room).map(|r| r.members.clone()) else {
            return 0;
        };
        let mut delivered = 0;
        let mut failed: Vec<(Pusher, PushError)> = Vec::new();
        for member in members.iter() {
            match member.try_send(push.clone()) {
                Ok(()) => delivered += 1,
                Err(e) => failed.push((member.clone(), e)),
            }
        }
        // Release the snapshot before editing the room, so the edit is in place.
        drop(members);
        if !failed.is_empty() {
            self.drop_members(room, failed);
        }
        delivered
    }

    #[cold]
    fn drop_members(&self, room: &str, failed: Vec<(Pusher, PushError)>) {
        {
            let mut registry = self.registry();
            for (member, _) in &failed {
                registry.leave_all(member.id());
            }
        }
        for (member, error) in failed {
            if error == PushError::Full {
                tracing::warn!(
                    conn = %member.id(), room,
                    "mailbox full: removed from its rooms and disconnected (it resyncs on reconnect)"
                );
                member.disconnect();
            }
        }
    }

    /// Sends `eval` to every member of `room` as one `{io, Eval, <<>>}`, encoded at most
    /// once per formatter; returns how many members got it.
    ///
    /// A flush larger than the limit ([`Config::max_flush_bytes`](crate::Config::max_flush_bytes))
    /// reaches nobody: it is logged and 0 is returned. (Text escapes up to nine-fold into the
    /// JS of a flush, so a client's 1 MB line must not become 9 MB in every member's mailbox.)
    pub fn flush(&self, room: &str, eval: impl Into<String>) -> usize {
        if !self.clustered() && self.len(room) == 0 {
            return 0;
        }
        let eval = eval.into();
        if eval.len() > self.max_flush {
            tracing::warn!(
                room,
                bytes = eval.len(),
                limit = self.max_flush,
                "flush over the size limit not sent (Config::max_flush_bytes)"
            );
            return 0;
        }
        self.push(room, &Push::Io(SharedIo::new(eval)))
    }

    /// Pushes the typed message `message` to every member of `room` as `{server, T}`, for
    /// its client JavaScript (`N2O.onServer`, see [`crate::spa`]): serialized once, encoded
    /// at most once per formatter, the same bytes for everyone. Returns how many got it.
    ///
    /// Like a flush, a push larger than
    /// [`Config::max_flush_bytes`](crate::Config::max_flush_bytes) reaches nobody (logged,
    /// 0 returned), and each member's mailbox counts its bytes.
    ///
    /// # Errors
    /// When `message` does not serialize into a [`Term`] (see [`term::to_term`]).
    pub fn push_server<T: Serialize + ?Sized>(
        &self,
        room: &str,
        message: &T,
    ) -> Result<usize, term::Error> {
        if !self.clustered() && self.len(room) == 0 {
            return Ok(0);
        }
        let push = server_push(message)?;
        if push.cost > self.max_flush {
            tracing::warn!(
                room,
                bytes = push.cost,
                limit = self.max_flush,
                "server push over the size limit not sent (Config::max_flush_bytes)"
            );
            return Ok(0);
        }
        Ok(self.push(room, &Push::Io(push)))
    }

    /// Sends `message` to every member of `room` (pushed as `{n2o_msg, Term}`): each member's
    /// page gets it in its declared type ([`Listen`](crate::listen::Listen)), or as
    /// `Event::Message(term)`. Returns how many got it.
    ///
    /// # Errors
    /// When `message` does not serialize into a [`Term`] (see [`term::to_term`]).
    pub fn send<T: Serialize + ?Sized>(
        &self,
        room: &str,
        message: &T,
    ) -> Result<usize, term::Error> {
        let term = term::to_term(message)?;
        Ok(self.push(room, &Push::Info(Term::Tuple(vec![Term::Atom("n2o_msg".into()), term]))))
    }
}

/// `{server, T}` for `message`, ready to be sent as it is to any number of connections.
pub(crate) fn server_push<T: Serialize + ?Sized>(
    message: &T,
) -> Result<std::sync::Arc<SharedIo>, term::Error> {
    let term = term::to_term(message)?;
    Ok(SharedIo::term(Term::Tuple(vec![Term::Atom("server".into()), term])))
}
